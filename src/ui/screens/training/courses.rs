//! The course list and its filters.

use crate::domain::{Course, District, Format, Track};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{CourseQuery, StoreError};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::super::filters::days_choice;
use super::super::search_list::{ListAction, SearchList, Words};
use super::seats_text;

const PAGE_SIZE: u32 = 20;
const STARTS_WITHIN: [u32; 4] = [14, 30, 60, 90];

const WORDS: Words = Words {
    heading: "training.heading",
    search: "training.search_label",
    none: "training.none_found",
    found: "training.found",
    found_none: "training.found_none",
};

#[derive(Debug)]
pub struct Courses {
    query: CourseQuery,
    list: SearchList<Course>,
    /// A counselor looking for a course for a person of their caseload
    /// (from the person's record): the course opens to register them.
    person: Option<(crate::domain::Id, String)>,
}

impl Courses {
    /// The course list opened from a person's record.
    pub fn for_person(profile_id: crate::domain::Id, name: String) -> Self {
        Courses {
            person: Some((profile_id, name)),
            ..Courses::default()
        }
    }
}

impl Default for Courses {
    fn default() -> Self {
        Courses {
            query: CourseQuery {
                page_size: PAGE_SIZE,
                ..CourseQuery::default()
            },
            list: SearchList::new(WORDS),
            person: None,
        }
    }
}

pub fn filter_summary(lang: Lang, q: &CourseQuery) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(q.tracks.iter().map(|t| lang.track(*t).to_string()));
    parts.extend(q.districts.iter().map(|d| lang.district(*d).to_string()));
    if let Some(d) = q.starts_within_days {
        parts.push(tr!(lang, "course_filters.starts_short", days = d));
    }
    if q.free_seats_only {
        parts.push(tr!(lang, "course_filters.free_short"));
    }
    parts.extend(q.formats.iter().map(|f| lang.format_name(*f).to_string()));
    parts.join(lang.get("common.list_separator"))
}

/// One course as a self-contained line.
pub fn course_line(lang: Lang, today: chrono::NaiveDate, c: &Course) -> String {
    tr!(
        lang,
        "training.row",
        title = c.title,
        seats = seats_text(lang, c),
        district = lang.district(c.district),
        starts = lang.short_date(c.starts_on, today),
        provider = c.provider
    )
}

impl Courses {
    fn load(&mut self, cx: &mut Cx<'_>, page: u32, announce: bool) {
        let (page, page_size) = self.list.page_request(cx, page, self.query.page_size);
        self.query.page = page;
        self.query.page_size = page_size;
        self.query.text = self.list.text.clone();
        self.list.expect(announce);
        cx.call(StoreCall::SearchCourses(self.query.clone()));
    }
}

impl Screen for Courses {
    fn view(&self, cx: &Cx<'_>) -> View {
        let filters = filter_summary(cx.lang, &self.query);
        self.list
            .view(cx.lang, &filters, |c| course_line(cx.lang, cx.today, c))
    }

    fn focus(&self) -> usize {
        self.list.focus()
    }

    fn set_focus(&mut self, focus: usize) {
        self.list.set_focus(focus);
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        // A kiosk chooses from lists instead of typing a search.
        self.list.typed_search = !cx.kiosk;
        self.load(cx, 0, false);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        self.list.input()
    }

    fn type_char(&mut self, c: char, _cx: &mut Cx<'_>) -> bool {
        self.list.type_char(c);
        true
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.list.command(command, cx.lang) {
            ListAction::Load { page, announce } => self.load(cx, page, announce),
            ListAction::OpenFilters => cx.push(CourseFilters::new(cx, &self.query)),
            ListAction::Open(i) => {
                if let Some(c) = self.list.page().and_then(|p| p.items.get(i)) {
                    cx.push(match &self.person {
                        Some((id, name)) => {
                            super::CourseDetail::for_person(c.clone(), *id, name.clone())
                        }
                        None => super::CourseDetail::new(c.clone()),
                    });
                }
            }
            ListAction::Announce(text) => cx.announce(text),
            ListAction::Handled => {}
            ListAction::NotMine => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Courses(page)) => {
                if let Some(text) = self.list.loaded(page, cx.lang) {
                    cx.announce(text);
                }
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        match reply {
            Some(Reply::CourseFilters(q)) => {
                self.query = CourseQuery {
                    page_size: PAGE_SIZE,
                    ..q
                };
                self.load(cx, 0, true);
            }
            // Seats may have changed after registering: refresh quietly,
            // keeping the reader's place.
            _ => {
                cx.call(StoreCall::SearchCourses(self.query.clone()));
                self.list.expect_refresh();
            }
        }
    }
}

/// Filters for the course list.
#[derive(Debug)]
pub struct CourseFilters {
    form: Form,
    /// Esc with filters changed but not shown: leave without them?
    confirm: Option<Confirm>,
    /// Where to go if the answer is yes.
    leaving: Option<Leave>,
}

impl CourseFilters {
    pub fn new(cx: &Cx<'_>, q: &CourseQuery) -> Self {
        let lang = cx.lang;
        let any = || tr!(lang, "filters.any");
        CourseFilters {
            form: Form::new(vec![
                Form::optional_choice(
                    "track",
                    tr!(lang, "course_filters.track"),
                    any(),
                    Track::ALL,
                    |t| lang.track(t).to_string(),
                    q.tracks.first().copied(),
                ),
                Form::optional_choice(
                    "district",
                    lang.field(crate::domain::Field::District).to_string(),
                    any(),
                    &District::ALL,
                    |d| lang.district(d).to_string(),
                    q.districts.first().copied(),
                ),
                days_choice(
                    cx,
                    "starts",
                    tr!(lang, "course_filters.starts_within"),
                    &STARTS_WITHIN,
                    q.starts_within_days,
                ),
                Form::check(
                    "free",
                    tr!(lang, "course_filters.free_seats"),
                    q.free_seats_only,
                ),
                Form::optional_choice(
                    "format",
                    tr!(lang, "course_filters.format"),
                    any(),
                    Format::ALL,
                    |f| lang.format_name(f).to_string(),
                    q.formats.first().copied(),
                ),
                Form::button("show", tr!(lang, "course_filters.show")),
                Form::button("clear", tr!(lang, "filters.clear")),
            ]),
            confirm: None,
            leaving: None,
        }
    }

    fn query(&self) -> CourseQuery {
        let f = &self.form;
        CourseQuery {
            tracks: f.chosen("track", Track::ALL).into_iter().collect(),
            districts: f.chosen("district", &District::ALL).into_iter().collect(),
            starts_within_days: f.chosen("starts", &STARTS_WITHIN),
            free_seats_only: f.checked("free"),
            formats: f.chosen("format", Format::ALL).into_iter().collect(),
            ..CourseQuery::default()
        }
    }
}

impl Screen for CourseFilters {
    fn view(&self, cx: &Cx<'_>) -> View {
        if let Some(confirm) = &self.confirm {
            return confirm.view(cx.lang, tr!(cx.lang, "form.leave_heading"));
        }
        self.form
            .view(tr!(cx.lang, "course_filters.heading"), cx.lang)
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.form.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.form.focus, focus);
    }

    fn resumed(&mut self, reply: Option<Reply>, _cx: &mut Cx<'_>) {
        self.form.picked(&reply);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let changed = self.form.changed();
        if let Some(taken) =
            confirm::guard_unsaved(&mut self.confirm, &mut self.leaving, changed, command, cx)
        {
            return taken;
        }
        match self.form.command(command) {
            FormEvent::Choose(id) => {
                crate::ui::screens::choose::ChoiceList::open(&self.form, id, cx)
            }
            FormEvent::Pressed("show") => cx.pop_with(Reply::CourseFilters(self.query())),
            FormEvent::Pressed("clear") => {
                cx.pop_with(Reply::CourseFilters(CourseQuery::default()))
            }
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }
}
