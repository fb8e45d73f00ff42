//! Casework from a job or course page: choosing people of one's caseload
//! to recommend it to (点对点推荐), or the one person to apply or register
//! for; and the jobseeker's side, the recommendations they were sent.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::casework::{CaseQuery, CaseRow, RecommendRequest, Recommendation, Recommended};
use crate::domain::{Actor, Course, Id, Job, Page, validate};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::position;

/// People loaded at once: a counselor's caseload is 30 to 60 people;
/// staff, who see everyone, narrow it by a name searched in the store.
const CASELOAD_PAGE: u32 = 500;
/// People whose earlier recommendations are looked up, one call each.
const CHECK_AT_MOST: usize = 200;

/// "Wang Fang", "Wang Fang and Zhao Lei", "Wang Fang, Zhao Lei and Li Ming".
pub fn names_and(lang: Lang, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!(
            "{}{}{}",
            rest.join(lang.get("recommend.name_separator")),
            lang.get("recommend.and"),
            last
        ),
    }
}

/// A moment as a short date, "28 Nov" (with the year when it is not
/// this year's).
fn short_day(lang: Lang, at: chrono::DateTime<chrono::Utc>, today: NaiveDate) -> String {
    lang.short_date(at.with_timezone(&chrono::Local).date_naive(), today)
}

/// What the chooser is for.
#[derive(Debug, Clone)]
pub enum Purpose {
    /// Several people, to recommend a job or course to.
    Recommend { target: Recommended, title: String },
    /// One person, to apply for this job for.
    ApplyFor(Box<Job>),
    /// One person, to register for this course.
    RegisterFor(Box<Course>),
}

impl Purpose {
    pub fn recommend_job(job: &Job) -> Self {
        Purpose::Recommend {
            target: Recommended::Job(job.id),
            title: job.title.clone(),
        }
    }

    pub fn recommend_course(course: &Course) -> Self {
        Purpose::Recommend {
            target: Recommended::Course(course.id),
            title: course.title.clone(),
        }
    }

    fn many(&self) -> bool {
        matches!(self, Purpose::Recommend { .. })
    }
}

/// A line of the chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Filter,
    /// A person: their index in the loaded rows.
    Person(usize),
    /// Nobody matches, or the caseload is loading or empty.
    Nobody,
    Note,
    Send,
}

/// The people of one's caseload as rows: type to narrow them by name;
/// Space or Enter chooses (or, for one person, picks and goes on).
#[derive(Debug)]
pub struct ChoosePeople {
    purpose: Purpose,
    page: Option<Page<CaseRow>>,
    filter: TextInput,
    /// The name searched in the store (a caseload larger than a page).
    searched: String,
    /// Chosen people, in the order chosen.
    chosen: Vec<(Id, String)>,
    /// People recommended this job or course before, and when.
    already: HashMap<Id, NaiveDate>,
    /// The row whose earlier recommendations are being looked up.
    checking: Option<usize>,
    note: TextInput,
    focus: usize,
    confirm: Option<Confirm>,
    /// The question asked is whether to leave with choices unsent.
    leaving: Option<Leave>,
    request_id: String,
}

impl ChoosePeople {
    pub fn new(purpose: Purpose) -> Self {
        ChoosePeople {
            purpose,
            page: None,
            filter: TextInput::new("", validate::limits::SEARCH),
            searched: String::new(),
            chosen: Vec::new(),
            already: HashMap::new(),
            checking: None,
            note: TextInput::new("", validate::limits::NOTE),
            focus: 0,
            confirm: None,
            leaving: None,
            request_id: new_request_id(),
        }
    }

    fn rows(&self) -> &[CaseRow] {
        self.page.as_ref().map_or(&[], |p| p.items.as_slice())
    }

    /// Rows whose name holds the filter text (any case).
    fn matching(&self) -> Vec<usize> {
        let wanted = self.filter.value().trim().to_lowercase();
        self.rows()
            .iter()
            .enumerate()
            .filter(|(_, r)| wanted.is_empty() || r.name.to_lowercase().contains(&wanted))
            .map(|(i, _)| i)
            .collect()
    }

    fn lines(&self) -> Vec<Line> {
        let mut lines = vec![Line::Filter];
        let people = self.matching();
        if people.is_empty() {
            lines.push(Line::Nobody);
        }
        lines.extend(people.into_iter().map(Line::Person));
        if self.purpose.many() {
            lines.push(Line::Note);
            lines.push(Line::Send);
        }
        lines
    }

    fn is_chosen(&self, id: Id) -> bool {
        self.chosen.iter().any(|(c, _)| *c == id)
    }

    fn load(&mut self, cx: &mut Cx<'_>) {
        self.searched = self.filter.value().trim().to_string();
        cx.call(StoreCall::CaseRows(CaseQuery {
            counselor_id: cx.own_caseload(),
            text: self.searched.clone(),
            page: 0,
            page_size: CASELOAD_PAGE,
            ..CaseQuery::default()
        }));
    }

    /// Looks up the earlier recommendations of the next row, one call at
    /// a time (an answer does not say whose it is).
    fn check_next(&mut self, cx: &mut Cx<'_>) {
        let next = self.checking.map_or(0, |i| i + 1);
        match self.rows().get(next) {
            Some(row) if next < CHECK_AT_MOST && self.purpose.many() => {
                let id = row.id;
                self.checking = Some(next);
                cx.call(StoreCall::Recommendations(id));
            }
            _ => self.checking = None,
        }
    }

    fn first_person(&self) -> usize {
        self.lines()
            .iter()
            .position(|l| matches!(l, Line::Person(_) | Line::Nobody))
            .unwrap_or(0)
    }

    fn what(&self, lang: Lang) -> String {
        match &self.purpose {
            Purpose::Recommend {
                target: Recommended::Job(_),
                ..
            } => tr!(lang, "recommend.this_job"),
            Purpose::Recommend { .. } => tr!(lang, "recommend.this_course"),
            _ => String::new(),
        }
    }

    fn person_text(&self, lang: Lang, today: NaiveDate, row: &CaseRow) -> String {
        let mut text = row.name.clone();
        if self.purpose.many() && self.is_chosen(row.id) {
            text.push_str(&tr!(lang, "recommend.chosen_mark"));
        }
        if let Some(d) = row.district {
            text.push_str(lang.get("common.list_separator"));
            text.push_str(lang.district(d));
        }
        if let Some(on) = self.already.get(&row.id) {
            text.push_str(&tr!(
                lang,
                "recommend.already",
                what = self.what(lang),
                date = lang.short_date(*on, today)
            ));
        }
        text
    }

    fn toggle(&mut self, row: usize, cx: &mut Cx<'_>) {
        let Some(r) = self.rows().get(row).cloned() else {
            return;
        };
        match &self.purpose {
            Purpose::Recommend { .. } => {
                if self.is_chosen(r.id) {
                    self.chosen.retain(|(id, _)| *id != r.id);
                } else {
                    self.chosen.push((r.id, r.name.clone()));
                }
                cx.announce(tr!(
                    cx.lang,
                    "recommend.chosen_count",
                    n = self.chosen.len()
                ));
            }
            Purpose::ApplyFor(job) => {
                let screen = super::apply::ApplyScreen::for_person(*job.clone(), r.id, r.name);
                cx.pop();
                cx.push(screen);
            }
            Purpose::RegisterFor(course) => {
                let screen =
                    super::training::CourseDetail::for_person(*course.clone(), r.id, r.name);
                cx.pop();
                cx.push(screen);
            }
        }
    }

    fn ask_to_send(&mut self, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let Purpose::Recommend { title, .. } = &self.purpose else {
            return;
        };
        if self.chosen.is_empty() {
            cx.announce(tr!(
                lang,
                "recommend.nobody_chosen",
                key = cx.key_for(Command::Activate)
            ));
            return;
        }
        if let Err(e) = validate::note(self.note.value()) {
            cx.announce(super::field_error(lang, &e));
            return;
        }
        let names: Vec<String> = self.chosen.iter().map(|(_, n)| n.clone()).collect();
        self.leaving = None;
        self.confirm = Some(Confirm::new(
            tr!(
                lang,
                "recommend.question",
                title = title,
                names = names_and(lang, &names)
            ),
            tr!(lang, "recommend.yes"),
            tr!(lang, "recommend.no"),
        ));
    }

    fn send(&mut self, cx: &mut Cx<'_>) {
        let Purpose::Recommend { target, .. } = &self.purpose else {
            return;
        };
        let note = match validate::note(self.note.value()) {
            Ok(note) => note,
            Err(e) => {
                cx.announce(super::field_error(cx.lang, &e));
                return;
            }
        };
        cx.call(StoreCall::Recommend(RecommendRequest {
            request_id: self.request_id.clone(),
            by: cx.actor.unwrap_or(Actor::System),
            target: *target,
            profile_ids: self.chosen.iter().map(|(id, _)| *id).collect(),
            note,
        }));
    }

    fn changed(&self) -> bool {
        !self.chosen.is_empty() || !self.note.value().is_empty()
    }
}

impl Screen for ChoosePeople {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            let heading = if self.leaving.is_some() {
                tr!(lang, "form.leave_heading")
            } else {
                tr!(lang, "recommend.confirm_heading")
            };
            return confirm.view(lang, heading);
        }
        let matching = self.matching();
        let total = matching.len().to_string();
        let mut heading = match &self.purpose {
            Purpose::Recommend { title, .. } => lang.format(
                &Lang::plural_key("recommend.heading", matching.len() as u64),
                &[
                    ("title", title),
                    ("n", &matching.len()),
                    ("chosen", &self.chosen.len()),
                ],
            ),
            Purpose::ApplyFor(job) => lang.format(
                &Lang::plural_key("on_behalf.choose_apply_heading", matching.len() as u64),
                &[("title", &job.title), ("n", &matching.len())],
            ),
            Purpose::RegisterFor(course) => lang.format(
                &Lang::plural_key("on_behalf.choose_register_heading", matching.len() as u64),
                &[("title", &course.title), ("n", &matching.len())],
            ),
        };
        if !self.filter.value().trim().is_empty() {
            heading.push_str(&tr!(
                lang,
                "recommend.heading_filter",
                text = self.filter.value().trim()
            ));
        }
        let mut n = 0;
        let items = self
            .lines()
            .into_iter()
            .map(|line| match line {
                Line::Filter => {
                    let prefix = tr!(lang, "form.label", label = tr!(lang, "recommend.find"));
                    Item {
                        caret: Some(prefix.chars().count() + self.filter.caret()),
                        ..Item::new(ItemKind::Field, format!("{prefix}{}", self.filter.value()))
                    }
                    .labelled(tr!(lang, "recommend.find"), prefix.chars().count())
                }
                Line::Person(i) => {
                    n += 1;
                    let text = self
                        .rows()
                        .get(i)
                        .map(|r| self.person_text(lang, cx.today, r))
                        .unwrap_or_default();
                    Item::new(ItemKind::Row, position(lang, n, &total, &text))
                }
                Line::Nobody => Item::new(
                    ItemKind::Text,
                    if self.page.is_none() {
                        tr!(lang, "common.loading")
                    } else if self.rows().is_empty() && self.searched.is_empty() {
                        tr!(lang, "recommend.caseload_empty")
                    } else {
                        tr!(
                            lang,
                            "recommend.nobody_matches",
                            text = self.filter.value().trim()
                        )
                    },
                ),
                Line::Note => {
                    let prefix = tr!(lang, "form.label", label = tr!(lang, "recommend.note"));
                    Item {
                        caret: Some(prefix.chars().count() + self.note.caret()),
                        ..Item::new(ItemKind::Field, format!("{prefix}{}", self.note.value()))
                    }
                    .labelled(tr!(lang, "recommend.note"), prefix.chars().count())
                }
                Line::Send => Item::new(
                    ItemKind::Row,
                    match self.chosen.len() {
                        0 => tr!(lang, "recommend.send_nobody"),
                        1 => tr!(lang, "recommend.send_one"),
                        n => tr!(lang, "recommend.send", n = n),
                    },
                ),
            })
            .collect();
        View {
            heading,
            items,
            focus: self.focus,
        }
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.focus, focus);
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        self.load(cx);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        if self.confirm.is_some() {
            return None;
        }
        match self.lines().get(self.focus) {
            Some(Line::Filter) => Some(&mut self.filter),
            Some(Line::Note) => Some(&mut self.note),
            _ => None,
        }
    }

    /// Space chooses the person under the focus; other characters narrow
    /// the list by name, from the field at the top.
    fn type_char(&mut self, c: char, cx: &mut Cx<'_>) -> bool {
        if self.confirm.is_some() {
            return false;
        }
        let line = self.lines().get(self.focus).copied();
        if c == ' ' {
            if let Some(Line::Person(i)) = line {
                self.toggle(i, cx);
                return true;
            }
            return false;
        }
        self.focus = 0;
        self.filter.end();
        self.filter.insert(&c.to_string());
        true
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let leaving = self.leaving;
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            if leaving.is_some() {
                confirm::still_editing(lang)
            } else {
                tr!(lang, "recommend.not_sent")
            }
        }) {
            confirm::Outcome::Yes => {
                match self.leaving.take() {
                    Some(leave) => leave.go(cx),
                    None => self.send(cx),
                }
                return true;
            }
            confirm::Outcome::Handled => return true,
            confirm::Outcome::NotMine => return false,
            confirm::Outcome::NoQuestion => {}
        }
        let line = self.lines().get(self.focus).copied();
        // Esc in the name field with text empties it first.
        if command == Command::Back && line == Some(Line::Filter) && !self.filter.value().is_empty()
        {
            self.filter.clear();
            if !self.searched.is_empty() {
                self.load(cx);
            }
            cx.announce(tr!(cx.lang, "recommend.filter_cleared"));
            return true;
        }
        if let Some(leave) = Leave::from_command(command).filter(|_| self.changed()) {
            self.leaving = Some(leave);
            self.confirm = Some(confirm::leave_unsaved(cx.lang));
            return true;
        }
        match (command, line) {
            (Command::Search, _) => {
                self.focus = 0;
                self.filter.end();
            }
            (Command::Activate, Some(Line::Filter)) => {
                let whole = self
                    .page
                    .as_ref()
                    .is_some_and(|p| p.total <= p.items.len() as u64);
                if !whole || !self.searched.is_empty() {
                    // More people than were loaded: ask the store.
                    self.load(cx);
                } else {
                    let found = self.matching().len();
                    self.focus = self.first_person();
                    cx.announce(tr!(cx.lang, "recommend.found", n = found));
                }
            }
            (Command::Activate, Some(Line::Person(i))) => self.toggle(i, cx),
            (Command::Activate, Some(Line::Note)) => {
                self.focus += 1;
            }
            (Command::Activate, Some(Line::Send)) => self.ask_to_send(cx),
            _ => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        match result {
            Ok(Done::CaseRows(page)) => {
                let searched = !self.searched.is_empty();
                self.page = Some(page);
                self.already.clear();
                self.checking = None;
                // Someone still typing a name keeps the field: their Enter
                // is for the search, not for whoever would be under it.
                let typing = self.lines().get(self.focus) == Some(&Line::Filter)
                    && self.filter.value().trim() != self.searched;
                if !typing {
                    self.focus = self.first_person();
                }
                if searched {
                    cx.announce(tr!(lang, "recommend.found", n = self.matching().len()));
                }
                self.check_next(cx);
            }
            Ok(Done::Recommendations(list)) => {
                if let (Some(i), Purpose::Recommend { target, .. }) = (self.checking, &self.purpose)
                    && let Some(row) = self.rows().get(i)
                    && let Some(r) = list.iter().find(|r| r.target == *target)
                {
                    let day = r.stamp.at.with_timezone(&chrono::Local).date_naive();
                    self.already.insert(row.id, day);
                }
                self.check_next(cx);
            }
            Ok(Done::Recommended(list)) => {
                let names: Vec<String> = list
                    .iter()
                    .filter_map(|r| {
                        self.chosen
                            .iter()
                            .find(|(id, _)| *id == r.profile_id)
                            .map(|(_, n)| n.clone())
                    })
                    .collect();
                let names = if names.is_empty() {
                    self.chosen.iter().map(|(_, n)| n.clone()).collect()
                } else {
                    names
                };
                cx.announce(tr!(lang, "recommend.done", names = names_and(lang, &names)));
                cx.pop();
            }
            Ok(_) => {}
            // Looking up earlier recommendations is a help, not the task:
            // without it the rows just do not say so.
            Err(_) if self.checking.is_some() => self.checking = None,
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// What a jobseeker hears at login about new recommendations: "Your
/// counselor recommended 2 jobs and 1 course." None when nothing is new.
pub fn new_sentence(lang: Lang, list: &[Recommendation]) -> Option<String> {
    let new = list.iter().filter(|r| !r.seen);
    let (jobs, courses) = new.fold((0u64, 0u64), |(j, c), r| match r.target {
        Recommended::Job(_) => (j + 1, c),
        Recommended::Course(_) => (j, c + 1),
    });
    let jobs_text = lang.count("recommended.jobs_one", "recommended.jobs", jobs);
    let courses_text = lang.count("recommended.courses_one", "recommended.courses", courses);
    let what = match (jobs, courses) {
        (0, 0) => return None,
        (_, 0) => jobs_text,
        (0, _) => courses_text,
        _ => tr!(
            lang,
            "recommended.both",
            jobs = jobs_text,
            courses = courses_text
        ),
    };
    Some(tr!(lang, "recommended.told", what = what))
}

/// The home menu's entry: "Recommended for you, 2 new".
pub fn menu_entry(lang: Lang, list: &[Recommendation]) -> String {
    match list.iter().filter(|r| !r.seen).count() {
        0 => tr!(lang, "recommended.menu_none_new", n = list.len()),
        n => tr!(lang, "recommended.menu", n = n),
    }
}

/// One recommendation as a row: "Blind health massage therapist,
/// recommended by Li Na on 28 Nov: near your home".
pub fn recommendation_text(lang: Lang, r: &Recommendation, today: NaiveDate) -> String {
    let by = if r.stamp.by_name.trim().is_empty() {
        super::actor_name(lang, r.stamp.by, None)
    } else {
        r.stamp.by_name.clone()
    };
    let key_title = match r.target {
        Recommended::Job(_) => r.title.clone(),
        Recommended::Course(_) => tr!(lang, "recommended.course_title", title = r.title),
    };
    let mut text = tr!(
        lang,
        "recommended.row",
        title = key_title,
        by = by,
        date = short_day(lang, r.stamp.at, today)
    );
    if !r.note.trim().is_empty() {
        text.push_str(&tr!(lang, "recommended.row_note", note = r.note));
    }
    text
}

/// The jobseeker's recommendations, newest first; Enter opens the job or
/// course. Opening the list marks them seen.
#[derive(Debug, Default)]
pub struct RecommendedForYou {
    list: Option<Vec<Recommendation>>,
    focus: usize,
}

impl RecommendedForYou {
    fn load(&self, cx: &mut Cx<'_>) {
        if let Some(user) = cx.user {
            cx.call(StoreCall::Recommendations(user));
        }
    }
}

impl Screen for RecommendedForYou {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let list = self.list.as_deref().unwrap_or_default();
        let total = list.len().to_string();
        let items = if list.is_empty() {
            vec![Item::new(
                ItemKind::Text,
                if self.list.is_some() || cx.user.is_none() {
                    tr!(lang, "recommended.none")
                } else {
                    tr!(lang, "common.loading")
                },
            )]
        } else {
            list.iter()
                .enumerate()
                .map(|(i, r)| {
                    let text = recommendation_text(lang, r, cx.today);
                    Item::new(ItemKind::Row, position(lang, i + 1, &total, &text))
                })
                .collect()
        };
        View {
            heading: tr!(
                lang,
                "recommended.heading",
                n = list.len(),
                new = list.iter().filter(|r| !r.seen).count()
            ),
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

    fn needs_person(&self) -> bool {
        true
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        self.load(cx);
        // After the list is read (calls run in order): they are heard now.
        if let Some(user) = cx.user {
            cx.call(StoreCall::MarkRecommendationsSeen(user));
        }
    }

    fn resumed(&mut self, _reply: Option<Reply>, _cx: &mut Cx<'_>) {
        // Seen now: the list says so when read again.
        if let Some(list) = self.list.as_mut() {
            for r in list {
                r.seen = true;
            }
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        match self.list.as_ref().and_then(|l| l.get(self.focus)) {
            Some(r) => {
                cx.call(match r.target {
                    Recommended::Job(id) => StoreCall::Job(id),
                    Recommended::Course(id) => StoreCall::Course(id),
                });
                true
            }
            None => false,
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Recommendations(list)) => self.list = Some(list),
            Ok(Done::Job(job)) => cx.push(super::job_detail::JobDetail::new(*job)),
            Ok(Done::Course(course)) => cx.push(super::training::CourseDetail::new(*course)),
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_joined_as_said() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(names_and(Lang::En, &names(&["Wang Fang"])), "Wang Fang");
        assert_eq!(
            names_and(Lang::En, &names(&["Wang Fang", "Zhao Lei"])),
            "Wang Fang and Zhao Lei"
        );
        assert_eq!(names_and(Lang::En, &names(&["A", "B", "C"])), "A, B and C");
        assert_eq!(
            names_and(Lang::ZhCn, &names(&["王芳", "赵磊", "李明"])),
            "王芳、赵磊和李明"
        );
    }

    fn recommendation(target: Recommended, seen: bool) -> Recommendation {
        Recommendation {
            id: 1,
            profile_id: 7,
            target,
            title: "Blind health massage therapist".into(),
            note: "near your home".into(),
            stamp: crate::domain::casework::Stamp {
                by: Actor::Counselor(3),
                by_name: "Li Na".into(),
                at: chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
                    .and_then(|d| d.and_hms_opt(12, 0, 0))
                    .map(|t| t.and_utc())
                    .expect("a time"),
            },
            seen,
        }
    }

    #[test]
    fn new_recommendations_are_told_by_kind_and_listed_one_a_row() {
        let list = vec![
            recommendation(Recommended::Job(1), false),
            recommendation(Recommended::Job(2), false),
            recommendation(Recommended::Course(3), false),
            recommendation(Recommended::Job(4), true),
        ];
        assert_eq!(
            new_sentence(Lang::En, &list[..2]).as_deref(),
            Some(
                "Your counselor recommended 2 jobs. They are first on your main menu, under Recommended for you."
            )
        );
        assert!(
            new_sentence(Lang::En, &list)
                .is_some_and(|s| s.starts_with("Your counselor recommended 2 jobs and 1 course."))
        );
        assert!(
            new_sentence(Lang::ZhCn, &list)
                .is_some_and(|s| s.starts_with("您的就业辅导员为您推荐了2个岗位和1门课程。"))
        );
        assert_eq!(new_sentence(Lang::En, &list[3..]), None);
        assert_eq!(menu_entry(Lang::En, &list), "Recommended for you, 3 new");
        assert_eq!(
            menu_entry(Lang::En, &list[3..]),
            "Recommended for you, 1, none new"
        );
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date");
        assert_eq!(
            recommendation_text(Lang::En, &list[0], today),
            "Blind health massage therapist, recommended by Li Na on 28 Nov: near your home"
        );
        assert_eq!(
            recommendation_text(Lang::ZhCn, &list[2], today),
            "课程Blind health massage therapist，Li Na于11月28日推荐：near your home"
        );
    }
}
