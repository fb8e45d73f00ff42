//! The caseload: a search field, the filters, and one self-contained line
//! per person ("3 of 48: Wang Fang, Shinan, looking for work, follow-up due
//! 2 Dec"), a page at a time, as the job list. Staff and administrators
//! see everyone, each row naming the person's counselor.

use crate::domain::casework::{CaseQuery, CaseRow, CaseStatus, DueCounts, NO_CONTACT_DAYS};
use crate::domain::{Actor, DisabilityCategory, District, Field};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::StoreError;
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent};
use crate::ui::screens::search_list::{ListAction, SearchList, Words};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::due_text;

const WORDS: Words = Words {
    heading: "caseload.heading",
    search: "caseload.search_label",
    none: "caseload.none_found",
    found: "caseload.found",
    found_none: "caseload.found_none",
};

/// Disability levels, 1 the most severe.
const LEVELS: [u8; 4] = [1, 2, 3, 4];

#[derive(Debug)]
pub struct Caseload {
    query: CaseQuery,
    list: SearchList<CaseRow>,
    /// Opened at login: say what is due.
    at_login: bool,
}

impl Default for Caseload {
    fn default() -> Self {
        Caseload {
            query: CaseQuery::default(),
            list: SearchList::new(WORDS),
            at_login: false,
        }
    }
}

/// "Looking for work, visual, level 1, Shinan, overdue", or empty.
pub fn filter_summary(lang: Lang, q: &CaseQuery) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(q.statuses.iter().map(|s| lang.case_status(*s).to_string()));
    parts.extend(q.categories.iter().map(|c| lang.category(*c).to_string()));
    parts.extend(
        q.levels
            .iter()
            .map(|l| tr!(lang, "caseload.level_short", level = l)),
    );
    parts.extend(q.districts.iter().map(|d| lang.district(*d).to_string()));
    if q.difficulty_only {
        parts.push(tr!(lang, "caseload.difficulty_short"));
    }
    if q.overdue_only {
        parts.push(tr!(lang, "caseload.overdue_short"));
    }
    if let Some(days) = q.no_contact_days {
        parts.push(tr!(lang, "caseload.no_contact_short", days = days));
    }
    parts.join(lang.get("common.list_separator"))
}

/// One person as a line, most important words first: name, district,
/// status, what is due; the counselor (for staff) last.
pub fn case_line(
    lang: Lang,
    today: chrono::NaiveDate,
    r: &CaseRow,
    with_counselor: bool,
) -> String {
    let mut line = tr!(
        lang,
        "caseload.row",
        name = r.name,
        district = r.district.map_or_else(
            || tr!(lang, "caseload.no_district"),
            |d| lang.district(d).to_string()
        ),
        status = lang.case_status(r.status)
    );
    let due = due_text(lang, r.next_due, today);
    if !due.is_empty() {
        line.push_str(lang.get("common.list_separator"));
        line.push_str(&due);
    }
    if with_counselor {
        line.push_str(&match &r.counselor_name {
            Some(name) => tr!(lang, "caseload.row_counselor", name = name),
            None => tr!(lang, "caseload.row_no_counselor"),
        });
    }
    line
}

/// "5 follow-ups due this week, 2 overdue."
pub fn due_sentence(lang: Lang, d: DueCounts) -> String {
    match (d.due, d.overdue) {
        (0, 0) => tr!(lang, "caseload.nothing_due"),
        (due, 0) => lang.count("caseload.due_one", "caseload.due_many", due),
        (0, overdue) => lang.count("caseload.overdue_one", "caseload.overdue_many", overdue),
        (due, overdue) => tr!(
            lang,
            "caseload.due_and_overdue",
            due = lang
                .count("caseload.due_one", "caseload.due_many", due)
                .trim_end_matches(['.', '。'])
                .to_string(),
            overdue = overdue
        ),
    }
}

impl Caseload {
    /// The caseload as a counselor's desk opens on it: it says what is due.
    pub fn at_login() -> Self {
        Caseload {
            at_login: true,
            ..Caseload::default()
        }
    }

    fn load(&mut self, cx: &mut Cx<'_>, page: u32, announce: bool) {
        let (page, page_size) = self.list.page_request(cx, page, self.query.page_size);
        self.query.page = page;
        self.query.page_size = page_size;
        self.query.text = self.list.text.clone();
        self.query.counselor_id = match cx.actor {
            Some(Actor::Counselor(id)) => Some(id),
            _ => None,
        };
        self.list.expect(announce);
        cx.call(StoreCall::CaseRows(self.query.clone()));
    }
}

impl Screen for Caseload {
    fn view(&self, cx: &Cx<'_>) -> View {
        let filters = filter_summary(cx.lang, &self.query);
        let everyone = cx.actor.is_some_and(|a| a.sees_everyone());
        let mut view = self.list.view(cx.lang, &filters, |r| {
            case_line(cx.lang, cx.today, r, everyone)
        });
        if everyone {
            view.heading = tr!(cx.lang, "caseload.everyone", heading = view.heading);
        }
        view
    }

    fn focus(&self) -> usize {
        self.list.focus()
    }

    fn set_focus(&mut self, focus: usize) {
        self.list.set_focus(focus);
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        self.load(cx, 0, false);
        if let Some(Actor::Counselor(id)) = cx.actor {
            cx.call(StoreCall::DueCounts(id));
        }
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
            ListAction::OpenFilters => cx.push(CaseFilters::new(cx, &self.query)),
            ListAction::Open(i) => {
                if let Some(row) = self.list.page().and_then(|p| p.items.get(i)) {
                    cx.push(super::record::Record::new(row.id, row.name.clone()));
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
            Ok(Done::CaseRows(page)) => {
                if let Some(text) = self.list.loaded(page, cx.lang) {
                    cx.announce(text);
                }
            }
            Ok(Done::DueCounts(counts)) => {
                let sentence = due_sentence(cx.lang, counts);
                if self.at_login {
                    cx.announce(tr!(cx.lang, "caseload.logged_in", due = sentence));
                } else {
                    cx.announce(sentence);
                }
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        match reply {
            Some(Reply::CaseFilters(q)) => {
                self.query = CaseQuery {
                    page_size: self.query.page_size,
                    ..q
                };
                self.load(cx, 0, true);
            }
            // Back from a record: what is due may have changed.
            _ => {
                if self.list.page().is_some() {
                    let page = self.query.page;
                    self.list.expect_refresh();
                    let (page, size) = self.list.page_request(cx, page, self.query.page_size);
                    self.query.page = page;
                    self.query.page_size = size;
                    cx.call(StoreCall::CaseRows(self.query.clone()));
                }
            }
        }
    }
}

/// The caseload's filters as a form.
#[derive(Debug)]
pub struct CaseFilters {
    form: Form,
    confirm: Option<Confirm>,
    leaving: Option<Leave>,
}

impl CaseFilters {
    pub fn new(cx: &Cx<'_>, q: &CaseQuery) -> Self {
        let lang = cx.lang;
        let any = || tr!(lang, "filters.any");
        CaseFilters {
            form: Form::new(vec![
                Form::optional_choice(
                    "status",
                    tr!(lang, "caseload.filter_status"),
                    any(),
                    CaseStatus::ALL,
                    |s| lang.case_status(s).to_string(),
                    q.statuses.first().copied(),
                ),
                Form::optional_choice(
                    "category",
                    tr!(lang, "caseload.filter_category"),
                    any(),
                    &DisabilityCategory::ALL,
                    |c| lang.category(c).to_string(),
                    q.categories.first().copied(),
                ),
                Form::optional_choice(
                    "level",
                    tr!(lang, "caseload.filter_level"),
                    any(),
                    &LEVELS,
                    |l| tr!(lang, "caseload.level_short", level = l),
                    q.levels.first().copied(),
                ),
                Form::optional_choice(
                    "district",
                    lang.field(Field::District).to_string(),
                    any(),
                    &District::ALL,
                    |d| lang.district(d).to_string(),
                    q.districts.first().copied(),
                ),
                Form::check(
                    "difficulty",
                    tr!(lang, "caseload.filter_difficulty"),
                    q.difficulty_only,
                ),
                Form::check(
                    "overdue",
                    tr!(lang, "caseload.filter_overdue"),
                    q.overdue_only,
                ),
                Form::check(
                    "no_contact",
                    tr!(lang, "caseload.filter_no_contact", days = NO_CONTACT_DAYS),
                    q.no_contact_days.is_some(),
                ),
                Form::button("show", tr!(lang, "caseload.show")),
                Form::button("clear", tr!(lang, "filters.clear")),
            ]),
            confirm: None,
            leaving: None,
        }
    }

    fn query(&self) -> CaseQuery {
        let f = &self.form;
        CaseQuery {
            statuses: f.chosen("status", CaseStatus::ALL).into_iter().collect(),
            categories: f
                .chosen("category", &DisabilityCategory::ALL)
                .into_iter()
                .collect(),
            levels: f.chosen("level", &LEVELS).into_iter().collect(),
            districts: f.chosen("district", &District::ALL).into_iter().collect(),
            difficulty_only: f.checked("difficulty"),
            overdue_only: f.checked("overdue"),
            no_contact_days: f.checked("no_contact").then_some(NO_CONTACT_DAYS),
            ..CaseQuery::default()
        }
    }
}

impl Screen for CaseFilters {
    fn view(&self, cx: &Cx<'_>) -> View {
        if let Some(confirm) = &self.confirm {
            return confirm.view(cx.lang, tr!(cx.lang, "form.leave_heading"));
        }
        self.form
            .view(tr!(cx.lang, "caseload.filters_heading"), cx.lang)
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.form.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.form.focus, focus);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        if self.confirm.is_some() {
            None
        } else {
            self.form.input()
        }
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
            FormEvent::Pressed("show") | FormEvent::Entered(_) => {
                cx.pop_with(Reply::CaseFilters(self.query()))
            }
            FormEvent::Pressed("clear") => cx.pop_with(Reply::CaseFilters(CaseQuery::default())),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }
}
