//! The course list and its filters.

use crate::domain::{Course, District, Format, Page, Track, validate};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{CourseQuery, StoreError};
use crate::tr;
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::super::{count_text, position};
use super::seats_text;

const PAGE_SIZE: u32 = 20;
const STARTS_WITHIN: [u32; 5] = [0, 14, 30, 60, 90];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Search,
    Filters,
    PreviousPage,
    Course(usize),
    Nothing,
    NextPage,
}

#[derive(Debug)]
pub struct Courses {
    query: CourseQuery,
    search: TextInput,
    page: Option<Page<Course>>,
    focus: usize,
    announce_count: bool,
}

impl Default for Courses {
    fn default() -> Self {
        Courses {
            query: CourseQuery {
                page_size: PAGE_SIZE,
                ..CourseQuery::default()
            },
            search: TextInput::new("", validate::limits::SEARCH),
            page: None,
            focus: 0,
            announce_count: false,
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
    fn lines(&self) -> Vec<Line> {
        let mut lines = vec![Line::Search, Line::Filters];
        match &self.page {
            Some(page) => {
                if page.page > 0 {
                    lines.push(Line::PreviousPage);
                }
                if page.items.is_empty() {
                    lines.push(Line::Nothing);
                }
                lines.extend((0..page.items.len()).map(Line::Course));
                if u64::from(page.page + 1) * u64::from(page.page_size) < page.total {
                    lines.push(Line::NextPage);
                }
            }
            None => lines.push(Line::Nothing),
        }
        lines
    }

    fn load(&mut self, cx: &mut Cx<'_>, page: u32, announce: bool) {
        self.query.page = page;
        self.announce_count = announce;
        cx.call(StoreCall::SearchCourses(self.query.clone()));
    }
}

impl Screen for Courses {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let filters = filter_summary(lang, &self.query);
        let (count, page_no, pages) = self.page.as_ref().map_or(("0".into(), 1, 1), |p| {
            (
                count_text(lang, p.total, p.total_capped),
                p.page + 1,
                p.page_count(),
            )
        });
        let mut heading = tr!(lang, "training.heading", count = count);
        if !self.query.text.is_empty() {
            heading.push_str(&tr!(lang, "jobs.heading_search", text = self.query.text));
        }
        if !filters.is_empty() {
            heading.push_str(&tr!(lang, "jobs.heading_filter", filters = filters));
        }
        heading.push_str(&tr!(
            lang,
            "jobs.heading_page",
            page = page_no,
            pages = pages
        ));
        let total = count.clone();
        let offset = self
            .page
            .as_ref()
            .map_or(0, |p| p.page as usize * p.page_size as usize);
        let items = self
            .lines()
            .into_iter()
            .map(|line| match line {
                Line::Search => {
                    let prefix = tr!(lang, "training.search_label");
                    Item {
                        caret: Some(prefix.chars().count() + self.search.caret()),
                        text: format!("{prefix}{}", self.search.value()),
                        kind: ItemKind::Field,
                    }
                }
                Line::Filters => Item::new(
                    ItemKind::Row,
                    if filters.is_empty() {
                        tr!(lang, "jobs.filters_none")
                    } else {
                        tr!(lang, "jobs.filters", filters = filters)
                    },
                ),
                Line::PreviousPage => Item::new(
                    ItemKind::Row,
                    tr!(lang, "jobs.previous_page", page = page_no - 1),
                ),
                Line::NextPage => Item::new(
                    ItemKind::Row,
                    tr!(lang, "jobs.next_page", page = page_no + 1, pages = pages),
                ),
                Line::Nothing => Item::new(
                    ItemKind::Text,
                    if self.page.is_some() {
                        tr!(lang, "training.none_found")
                    } else {
                        tr!(lang, "common.loading")
                    },
                ),
                Line::Course(i) => {
                    let course = &self
                        .page
                        .as_ref()
                        .expect("course lines exist only with a page")
                        .items[i];
                    Item::new(
                        ItemKind::Row,
                        position(
                            lang,
                            offset + i + 1,
                            &total,
                            &course_line(lang, cx.today, course),
                        ),
                    )
                }
            })
            .collect();
        View {
            heading,
            items,
            focus: self.focus,
        }
    }

    fn focus(&self) -> usize {
        self.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.focus = focus;
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        self.load(cx, 0, false);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        (self.lines().get(self.focus) == Some(&Line::Search)).then_some(&mut self.search)
    }

    fn type_char(&mut self, c: char, _cx: &mut Cx<'_>) -> bool {
        self.focus = 0;
        self.search.clear();
        self.search.insert(&c.to_string());
        true
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let line = self.lines().get(self.focus).copied();
        let (page, has_next) = self.page.as_ref().map_or((0, false), |p| {
            (
                p.page,
                u64::from(p.page + 1) * u64::from(p.page_size) < p.total,
            )
        });
        match (command, line) {
            (Command::Search, _) => {
                self.focus = 0;
                self.search.end();
            }
            (Command::Activate, Some(Line::Search)) => {
                match validate::search(self.search.value()) {
                    Ok(text) => {
                        self.query.text = text;
                        self.load(cx, 0, true);
                    }
                    Err(e) => cx.announce(super::super::field_error(cx.lang, &e)),
                }
            }
            (Command::Activate, Some(Line::Filters)) => {
                cx.push(CourseFilters::new(cx, &self.query))
            }
            (Command::Activate, Some(Line::Course(i))) => {
                if let Some(c) = self.page.as_ref().and_then(|p| p.items.get(i)) {
                    cx.push(super::CourseDetail::new(c.clone()));
                }
            }
            (Command::Activate, Some(Line::NextPage)) | (Command::NextPage, _) if has_next => {
                self.load(cx, page + 1, false)
            }
            (Command::Activate, Some(Line::PreviousPage)) | (Command::PreviousPage, _)
                if page > 0 =>
            {
                self.load(cx, page - 1, false)
            }
            (Command::NextPage, _) => cx.announce(tr!(cx.lang, "jobs.last_page")),
            (Command::PreviousPage, _) => cx.announce(tr!(cx.lang, "jobs.first_page")),
            _ => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Courses(page)) => {
                let lang = cx.lang;
                let (total, count) = (page.total, count_text(lang, page.total, page.total_capped));
                self.page = Some(page);
                self.focus = self
                    .lines()
                    .iter()
                    .position(|l| matches!(l, Line::Course(_)))
                    .unwrap_or(0);
                if self.announce_count {
                    cx.announce(if total == 0 {
                        tr!(lang, "training.found_none")
                    } else {
                        tr!(lang, "training.found", count = count)
                    });
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
                    text: self.query.text.clone(),
                    page_size: PAGE_SIZE,
                    ..q
                };
                self.load(cx, 0, true);
            }
            // Seats may have changed after registering: refresh quietly.
            _ => self.load(cx, self.query.page, false),
        }
    }
}

/// Filters for the course list.
#[derive(Debug)]
pub struct CourseFilters {
    form: Form,
}

impl CourseFilters {
    pub fn new(cx: &Cx<'_>, q: &CourseQuery) -> Self {
        let lang = cx.lang;
        let any = tr!(lang, "filters.any");
        let tracks: Vec<String> = std::iter::once(any.clone())
            .chain(Track::ALL.iter().map(|t| lang.track(*t).to_string()))
            .collect();
        let districts: Vec<String> = std::iter::once(any.clone())
            .chain(District::ALL.iter().map(|d| lang.district(*d).to_string()))
            .collect();
        let formats: Vec<String> = std::iter::once(any)
            .chain(Format::ALL.iter().map(|f| lang.format_name(*f).to_string()))
            .collect();
        let starts: Vec<String> = STARTS_WITHIN
            .iter()
            .map(|&d| {
                if d == 0 {
                    tr!(lang, "filters.any_time")
                } else {
                    tr!(lang, "filters.days", days = d)
                }
            })
            .collect();
        let at = |pos: Option<usize>| pos.map_or(0, |i| i + 1);
        CourseFilters {
            form: Form::new(vec![
                Form::choice(
                    "track",
                    tr!(lang, "course_filters.track"),
                    tracks,
                    at(q.tracks
                        .first()
                        .and_then(|t| Track::ALL.iter().position(|x| x == t))),
                ),
                Form::choice(
                    "district",
                    lang.field(crate::domain::Field::District).to_string(),
                    districts,
                    at(q.districts
                        .first()
                        .and_then(|d| District::ALL.iter().position(|x| x == d))),
                ),
                Form::choice(
                    "starts",
                    tr!(lang, "course_filters.starts_within"),
                    starts,
                    q.starts_within_days
                        .and_then(|d| STARTS_WITHIN.iter().position(|x| *x == d))
                        .unwrap_or(0),
                ),
                Form::check(
                    "free",
                    tr!(lang, "course_filters.free_seats"),
                    q.free_seats_only,
                ),
                Form::choice(
                    "format",
                    tr!(lang, "course_filters.format"),
                    formats,
                    at(q.formats
                        .first()
                        .and_then(|f| Format::ALL.iter().position(|x| x == f))),
                ),
                Form::button("show", tr!(lang, "course_filters.show")),
                Form::button("clear", tr!(lang, "filters.clear")),
            ]),
        }
    }

    fn query(&self) -> CourseQuery {
        let f = &self.form;
        let pick = |id: &str| f.selected(id).checked_sub(1);
        let starts = STARTS_WITHIN
            .get(f.selected("starts"))
            .copied()
            .unwrap_or(0);
        CourseQuery {
            tracks: pick("track")
                .and_then(|i| Track::ALL.get(i))
                .copied()
                .into_iter()
                .collect(),
            districts: pick("district")
                .and_then(|i| District::ALL.get(i))
                .copied()
                .into_iter()
                .collect(),
            starts_within_days: (starts > 0).then_some(starts),
            free_seats_only: f.checked("free"),
            formats: pick("format")
                .and_then(|i| Format::ALL.get(i))
                .copied()
                .into_iter()
                .collect(),
            ..CourseQuery::default()
        }
    }
}

impl Screen for CourseFilters {
    fn view(&self, cx: &Cx<'_>) -> View {
        View {
            heading: tr!(cx.lang, "course_filters.heading"),
            items: self.form.items(cx.lang),
            focus: self.form.focus,
        }
    }

    fn focus(&self) -> usize {
        self.form.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.form.focus = focus;
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.form.command(command) {
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
