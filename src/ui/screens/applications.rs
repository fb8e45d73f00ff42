//! My applications: each with its status; one opens to its dated history
//! and, while it is open, a way to withdraw it.

use crate::domain::{Actor, Application, ApplicationStatus};
use crate::keymap::Command;
use crate::store::{ApplicationChange, StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm};
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{NameLookup, history_lines_named, numbered, position};

#[derive(Debug, Default)]
pub struct MyApplications {
    applications: Option<Vec<Application>>,
    focus: usize,
}

impl MyApplications {
    fn load(&self, cx: &mut Cx<'_>) {
        if let Some(user) = cx.user {
            cx.call(StoreCall::Applications(user));
        }
    }
}

impl Screen for MyApplications {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let apps = self.applications.as_deref().unwrap_or_default();
        let total = apps.len().to_string();
        let items = if apps.is_empty() {
            vec![Item::new(
                ItemKind::Text,
                if cx.user.is_none() || self.applications.is_some() {
                    tr!(lang, "applications.none")
                } else {
                    tr!(lang, "common.loading")
                },
            )]
        } else {
            apps.iter()
                .enumerate()
                .map(|(i, a)| {
                    let line = tr!(
                        lang,
                        "applications.row",
                        title = a.job_title,
                        employer = a.employer_name,
                        status = lang.application_status(a.status),
                        date = lang.day_of(a.submitted_at),
                        reference = a.reference
                    );
                    Item::new(ItemKind::Row, position(lang, i + 1, &total, &line))
                })
                .collect()
        };
        let open = apps.iter().filter(|a| a.status.is_open()).count();
        View {
            heading: tr!(lang, "applications.heading", n = apps.len(), open = open),
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
        self.load(cx);
    }

    fn needs_person(&self) -> bool {
        true
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        self.load(cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        match self.applications.as_ref().and_then(|a| a.get(self.focus)) {
            Some(a) => {
                cx.push(ApplicationDetail::new(a.clone()));
                true
            }
            None => false,
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Applications(list)) => self.applications = Some(list),
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

#[derive(Debug)]
pub struct ApplicationDetail {
    application: Application,
    focus: usize,
    confirm: Option<Confirm>,
    request_id: String,
    /// The names its history is read with.
    names: NameLookup,
}

impl ApplicationDetail {
    pub fn new(application: Application) -> Self {
        ApplicationDetail {
            application,
            focus: 0,
            confirm: None,
            request_id: new_request_id(),
            names: NameLookup::default(),
        }
    }

    /// Read by someone else than the person (their counselor): the
    /// history names them.
    pub fn with_person(mut self, name: &str) -> Self {
        self.names.names.person = Some((self.application.profile_id, name.to_string()));
        self
    }

    fn items(&self, cx: &Cx<'_>) -> Vec<Item> {
        let lang = cx.lang;
        let a = &self.application;
        let mut lines = vec![
            (tr!(lang, "application.job"), a.job_title.clone()),
            (tr!(lang, "application.employer"), a.employer_name.clone()),
            (tr!(lang, "application.reference"), a.reference.clone()),
            (
                tr!(lang, "application.status"),
                lang.application_status(a.status).to_string(),
            ),
            (tr!(lang, "application.sent"), lang.day_of(a.submitted_at)),
        ];
        if !a.note.is_empty() {
            lines.push((tr!(lang, "application.note"), a.note.clone()));
        }
        // The employer's invitation, while the application is open.
        if let Some(interview) = a.interview.as_ref().filter(|_| a.status.is_open()) {
            lines.extend(super::employer::interview_lines(lang, interview));
        }
        lines.extend(history_lines_named(
            lang,
            &a.history,
            |s| lang.application_status(s),
            cx.user,
            &self.names.names,
        ));
        let mut items = numbered(lang, lines);
        if a.status.is_open() {
            items.push(Item::new(ItemKind::Row, tr!(lang, "application.withdraw")));
        }
        crate::ui::screens::with_positions(lang, items)
    }
}

impl Screen for ApplicationDetail {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "application.confirm_heading"));
        }
        View {
            heading: tr!(
                lang,
                "application.heading",
                title = self.application.job_title,
                status = lang.application_status(self.application.status)
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
        let a = &self.application;
        self.names.ask(cx, a.profile_id, &a.history);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let lang = cx.lang;
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            tr!(lang, "application.not_withdrawn")
        }) {
            confirm::Outcome::Yes => {
                // A counselor reading a person's application changes it in
                // their own name.
                let me = match cx.actor {
                    Some(actor) if cx.keeps_cases() => actor,
                    _ => cx.user.map_or(Actor::System, Actor::Jobseeker),
                };
                cx.call(StoreCall::ChangeApplication(ApplicationChange {
                    request_id: self.request_id.clone(),
                    application_id: self.application.id,
                    to: ApplicationStatus::Withdrawn,
                    note: String::new(),
                    by: me,
                }));
                return true;
            }
            confirm::Outcome::Handled => return true,
            confirm::Outcome::NotMine => return false,
            confirm::Outcome::NoQuestion => {}
        }
        let on_withdraw =
            self.application.status.is_open() && self.focus + 1 == self.items(cx).len();
        if command == Command::Activate && on_withdraw {
            self.confirm = Some(Confirm::new(
                tr!(
                    lang,
                    "application.question",
                    title = self.application.job_title,
                    reference = self.application.reference
                ),
                tr!(lang, "application.yes"),
                tr!(lang, "application.no"),
            ));
            return true;
        }
        false
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        if self.names.take(&result) {
            let a = &self.application;
            self.names.ask(cx, a.profile_id, &a.history);
            return;
        }
        match result {
            Ok(Done::ApplicationChanged(a)) => {
                cx.announce(tr!(
                    cx.lang,
                    "application.withdrawn",
                    reference = a.reference
                ));
                self.application = a;
                let a = &self.application;
                self.names.ask(cx, a.profile_id, &a.history);
                // The status line, so the reader hears the new status.
                self.focus = 3;
                // A new id for any later change.
                self.request_id = new_request_id();
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}
