//! A course's roster: "Edit this course" and "Cancel this course" first,
//! then everyone holding a seat and the waitlist with positions, one line
//! each. A person's line opens the marks that can follow their status
//! (attended, completed, failed, passed the exam).

use crate::domain::staff::{
    self, CourseCancel, Roster, RosterEntry, RosterMark, RosterMarkRequest,
};
use crate::domain::{Actor, Course, EnrollmentStatus, Profile};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Outcome};
use crate::ui::screens::position;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{StaffCall, StaffDone};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Edit,
    Cancel,
    Person(usize),
}

/// A roster line: the name first, then where they stand.
pub fn entry_row(lang: Lang, e: &RosterEntry) -> String {
    let status = lang.enrollment_status(e.status);
    let row = match e.waitlist_position {
        Some(n) => tr!(lang, "staff_desk.roster_waiting", name = e.name, n = n),
        None => tr!(
            lang,
            "staff_desk.roster_row",
            name = e.name,
            status = status
        ),
    };
    if e.exam_passed {
        tr!(lang, "staff_desk.roster_exam_passed", row = row)
    } else {
        row
    }
}

#[derive(Debug)]
pub struct RosterScreen {
    course: Course,
    roster: Option<Roster>,
    focus: usize,
    /// Cancelling the course, asked first.
    confirm: Option<Confirm>,
    cancel_request: String,
}

impl RosterScreen {
    pub fn new(course: Course) -> Self {
        RosterScreen {
            course,
            roster: None,
            focus: 0,
            confirm: None,
            cancel_request: new_request_id(),
        }
    }

    fn lines(&self) -> Vec<Line> {
        let mut lines = vec![Line::Edit];
        if self.course.cancelled_on.is_none() {
            lines.push(Line::Cancel);
        }
        if let Some(r) = &self.roster {
            lines.extend((0..r.entries.len()).map(Line::Person));
        }
        lines
    }

    fn load(&self, cx: &mut Cx<'_>) {
        let by = cx.actor.unwrap_or(Actor::System);
        cx.call(StoreCall::Staff(StaffCall::Roster(by, self.course.id)));
    }
}

impl Screen for RosterScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let c = &self.course;
        let heading = tr!(
            lang,
            "staff_desk.roster_heading",
            title = c.title,
            taken = c.seats_taken,
            capacity = c.capacity,
            waiting = c.waiting
        );
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, heading);
        }
        let entries = self.roster.as_ref().map_or(&[][..], |r| &r.entries[..]);
        let total = entries.len().to_string();
        let mut items: Vec<Item> = self
            .lines()
            .iter()
            .map(|line| match line {
                Line::Edit => Item::new(ItemKind::Row, tr!(lang, "staff_desk.edit_course")),
                Line::Cancel => Item::new(ItemKind::Row, tr!(lang, "staff_desk.cancel_course")),
                Line::Person(i) => Item::new(
                    ItemKind::Row,
                    position(lang, i + 1, &total, &entry_row(lang, &entries[*i])),
                ),
            })
            .collect();
        if let Some(on) = c.cancelled_on {
            items.insert(
                0,
                Item::new(
                    ItemKind::Text,
                    tr!(lang, "staff_desk.cancelled_on", date = lang.date(on)),
                ),
            );
        }
        if self.roster.as_ref().is_some_and(|r| r.entries.is_empty()) {
            items.push(Item::new(
                ItemKind::Text,
                tr!(lang, "staff_desk.roster_empty"),
            ));
        }
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

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        self.load(cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            tr!(lang, "staff_desk.course_kept")
        }) {
            Outcome::Yes => {
                cx.call(StoreCall::Staff(StaffCall::CancelCourse(CourseCancel {
                    request_id: self.cancel_request.clone(),
                    course_id: self.course.id,
                    by: cx.actor.unwrap_or(Actor::System),
                })));
                return true;
            }
            Outcome::Handled => return true,
            Outcome::NotMine => return false,
            Outcome::NoQuestion => {}
        }
        if command != Command::Activate {
            return false;
        }
        // A "cancelled on" line comes first on a cancelled course.
        let offset = usize::from(self.course.cancelled_on.is_some());
        let Some(line) = self
            .focus
            .checked_sub(offset)
            .and_then(|i| self.lines().get(i).copied())
        else {
            return false;
        };
        let lang = cx.lang;
        match line {
            Line::Edit => cx.push(super::courses::CourseForm::edit(&self.course, lang)),
            Line::Cancel => {
                self.confirm = Some(Confirm::new(
                    tr!(
                        lang,
                        "staff_desk.cancel_question",
                        title = self.course.title,
                        n = self.course.seats_taken + self.course.waiting
                    ),
                    tr!(lang, "staff_desk.cancel_yes"),
                    tr!(lang, "staff_desk.cancel_no"),
                ));
            }
            Line::Person(i) => {
                let Some(entry) = self.roster.as_ref().and_then(|r| r.entries.get(i)) else {
                    return false;
                };
                cx.push(MarkScreen::new(&self.course, entry.clone()));
            }
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Staff(StaffDone::Roster(roster))) => {
                self.course = roster.course.clone();
                self.roster = Some(*roster);
                let last = self.lines().len() + usize::from(self.course.cancelled_on.is_some());
                self.focus = self.focus.min(last.saturating_sub(1));
            }
            Ok(Done::Staff(StaffDone::CourseCancelled(cancelled))) => {
                cx.announce(tr!(
                    cx.lang,
                    "staff_desk.course_cancelled",
                    title = cancelled.course.title,
                    n = cancelled.ended.len()
                ));
                self.course = cancelled.course.clone();
                self.focus = 0;
                self.load(cx);
            }
            Ok(_) => {}
            Err(e) => {
                self.cancel_request = new_request_id();
                cx.announce_error(&e);
            }
        }
    }
}

/// The marks that can follow a person's status on this course.
pub fn marks_for(course: &Course, status: EnrollmentStatus) -> Vec<RosterMark> {
    RosterMark::ALL
        .iter()
        .copied()
        .filter(|m| staff::mark(course, status, *m, &Profile::default()).is_ok())
        .collect()
}

/// Marking one person of a roster: the marks their status allows, one
/// line each.
#[derive(Debug)]
pub struct MarkScreen {
    course: Course,
    entry: RosterEntry,
    marks: Vec<RosterMark>,
    focus: usize,
    request_id: String,
}

impl MarkScreen {
    pub fn new(course: &Course, entry: RosterEntry) -> Self {
        MarkScreen {
            marks: marks_for(course, entry.status),
            course: course.clone(),
            entry,
            focus: 0,
            request_id: new_request_id(),
        }
    }
}

/// A mark's line, saying what it does.
fn mark_text(lang: Lang, mark: RosterMark, course: &Course) -> String {
    match mark {
        RosterMark::Attended => tr!(lang, "staff_desk.mark_attended"),
        RosterMark::Completed => tr!(lang, "staff_desk.mark_completed"),
        RosterMark::Failed => tr!(lang, "staff_desk.mark_failed"),
        RosterMark::PassedExam => match (course.track, course.level) {
            (crate::domain::Track::MedicalExamPrep, _) => {
                tr!(lang, "staff_desk.mark_passed_medical")
            }
            (crate::domain::Track::HealthMassage, Some(level)) => tr!(
                lang,
                "staff_desk.mark_passed_level",
                level = lang.massage_level(level)
            ),
            _ => tr!(lang, "staff_desk.mark_passed"),
        },
    }
}

impl Screen for MarkScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let total = self.marks.len().to_string();
        let mut items: Vec<Item> = self
            .marks
            .iter()
            .enumerate()
            .map(|(i, m)| {
                Item::new(
                    ItemKind::Row,
                    position(lang, i + 1, &total, &mark_text(lang, *m, &self.course)),
                )
            })
            .collect();
        if items.is_empty() {
            items.push(Item::new(ItemKind::Text, tr!(lang, "staff_desk.no_marks")));
        }
        View {
            heading: tr!(
                lang,
                "staff_desk.mark_heading",
                name = self.entry.name,
                status = lang.enrollment_status(self.entry.status)
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

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        let Some(mark) = self.marks.get(self.focus).copied() else {
            return false;
        };
        cx.call(StoreCall::Staff(StaffCall::Mark(RosterMarkRequest {
            request_id: self.request_id.clone(),
            enrollment_id: self.entry.enrollment_id,
            mark,
            by: cx.actor.unwrap_or(Actor::System),
        })));
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        match result {
            Ok(Done::Staff(StaffDone::Marked(e))) => {
                cx.pop();
                cx.announce(tr!(
                    lang,
                    "staff_desk.marked",
                    name = self.entry.name,
                    status = lang.enrollment_status(e.status)
                ));
            }
            Ok(_) => {}
            Err(e) => {
                self.request_id = new_request_id();
                cx.announce_error(&e);
            }
        }
    }
}
