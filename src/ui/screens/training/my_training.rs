//! My training: registrations and waitlist places with their history, and
//! cancelling one (which gives the seat to the first person waiting).

use crate::domain::{Actor, Enrollment, EnrollmentStatus};
use crate::keymap::Command;
use crate::store::{EnrollmentChange, StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm};
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::super::{NameLookup, history_lines_named, numbered, position};
use super::enrollment_status_text;

#[derive(Debug, Default)]
pub struct MyTraining {
    enrollments: Option<Vec<Enrollment>>,
    focus: usize,
}

impl Screen for MyTraining {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let list = self.enrollments.as_deref().unwrap_or_default();
        let total = list.len().to_string();
        let items = if list.is_empty() {
            vec![Item::new(
                ItemKind::Text,
                if cx.user.is_none() || self.enrollments.is_some() {
                    tr!(lang, "my_training.none")
                } else {
                    tr!(lang, "common.loading")
                },
            )]
        } else {
            list.iter()
                .enumerate()
                .map(|(i, e)| {
                    let since = e
                        .history
                        .last()
                        .map(|h| lang.day_of(h.at))
                        .unwrap_or_default();
                    let line = tr!(
                        lang,
                        "my_training.row",
                        title = e.course_title,
                        status = enrollment_status_text(lang, e),
                        date = since
                    );
                    Item::new(ItemKind::Row, position(lang, i + 1, &total, &line))
                })
                .collect()
        };
        let waiting = list
            .iter()
            .filter(|e| e.status == EnrollmentStatus::Waitlisted)
            .count();
        View {
            heading: tr!(
                lang,
                "my_training.heading",
                n = list.len(),
                waiting = waiting
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

    fn opened(&mut self, cx: &mut Cx<'_>) {
        if let Some(user) = cx.user {
            cx.call(StoreCall::Enrollments(user));
        }
    }

    fn needs_person(&self) -> bool {
        true
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        self.opened(cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match (
            command,
            self.enrollments.as_ref().and_then(|l| l.get(self.focus)),
        ) {
            (Command::Activate, Some(e)) => {
                cx.push(EnrollmentDetail::new(e.clone()));
                true
            }
            _ => false,
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Enrollments(list)) => self.enrollments = Some(list),
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

#[derive(Debug)]
pub struct EnrollmentDetail {
    enrollment: Enrollment,
    focus: usize,
    confirm: Option<Confirm>,
    request_id: String,
    /// The names its history is read with.
    names: NameLookup,
}

impl EnrollmentDetail {
    pub fn new(enrollment: Enrollment) -> Self {
        EnrollmentDetail {
            enrollment,
            focus: 0,
            confirm: None,
            request_id: new_request_id(),
            names: NameLookup::default(),
        }
    }

    /// Read by someone else than the person (their counselor): the
    /// history names them.
    pub fn with_person(mut self, name: &str) -> Self {
        self.names.names.person = Some((self.enrollment.profile_id, name.to_string()));
        self
    }

    fn items(&self, cx: &Cx<'_>) -> Vec<Item> {
        let lang = cx.lang;
        let e = &self.enrollment;
        let mut lines = vec![
            (tr!(lang, "enrollment.course"), e.course_title.clone()),
            (
                tr!(lang, "enrollment.status"),
                enrollment_status_text(lang, e),
            ),
        ];
        lines.extend(history_lines_named(
            lang,
            &e.history,
            |s| lang.enrollment_status(s),
            cx.user,
            &self.names.names,
        ));
        let mut items = numbered(lang, lines);
        if e.status.is_open() {
            items.push(Item::new(ItemKind::Row, tr!(lang, "enrollment.cancel")));
        }
        crate::ui::screens::with_positions(lang, items)
    }
}

impl Screen for EnrollmentDetail {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "enrollment.confirm_heading"));
        }
        View {
            heading: tr!(
                lang,
                "enrollment.heading",
                title = self.enrollment.course_title,
                status = enrollment_status_text(lang, &self.enrollment)
            ),
            items: self.items(cx),
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
        let e = &self.enrollment;
        self.names.ask(cx, e.profile_id, &e.history);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let lang = cx.lang;
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            tr!(lang, "enrollment.not_cancelled")
        }) {
            confirm::Outcome::Yes => {
                cx.call(StoreCall::ChangeEnrollment(EnrollmentChange {
                    request_id: self.request_id.clone(),
                    enrollment_id: self.enrollment.id,
                    to: EnrollmentStatus::Cancelled,
                    note: String::new(),
                    by: match cx.actor {
                        Some(actor) if cx.keeps_cases() => actor,
                        _ => cx.user.map_or(Actor::System, Actor::Jobseeker),
                    },
                }));
                return true;
            }
            confirm::Outcome::Handled => return true,
            confirm::Outcome::NotMine => return false,
            confirm::Outcome::NoQuestion => {}
        }
        let on_cancel = self.enrollment.status.is_open() && self.focus + 1 == self.items(cx).len();
        if command == Command::Activate && on_cancel {
            self.confirm = Some(Confirm::new(
                tr!(
                    lang,
                    "enrollment.question",
                    title = self.enrollment.course_title
                ),
                tr!(lang, "enrollment.yes"),
                tr!(lang, "enrollment.no"),
            ));
            return true;
        }
        false
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        if self.names.take(&result) {
            let e = &self.enrollment;
            self.names.ask(cx, e.profile_id, &e.history);
            return;
        }
        match result {
            Ok(Done::EnrollmentChanged(e)) => {
                cx.announce(tr!(cx.lang, "enrollment.cancelled", title = e.course_title));
                self.enrollment = e;
                let e = &self.enrollment;
                self.names.ask(cx, e.profile_id, &e.history);
                self.focus = 1;
                self.request_id = new_request_id();
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}
