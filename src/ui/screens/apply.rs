//! Applying for a job: a complete profile with consent first, an optional
//! note, a confirmation that names the job, then the reference number.

use crate::domain::{Actor, Id, Job, Profile, validate};
use crate::keymap::Command;
use crate::store::{ApplyRequest, StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

#[derive(Debug)]
pub struct ApplyScreen {
    job: Job,
    /// One id for this submission, so a retry can never apply twice.
    request_id: String,
    profile: Option<Profile>,
    loaded: bool,
    form: Form,
    confirm: Option<Confirm>,
    /// The question asked is whether to leave with the note unsent, and
    /// where to (not whether to send it).
    leaving: Option<Leave>,
    /// A counselor applying for a person of their caseload (their
    /// profile id and name); None: the jobseeker for themself.
    person: Option<(Id, String)>,
}

impl ApplyScreen {
    pub fn new(job: Job) -> Self {
        ApplyScreen {
            job,
            request_id: new_request_id(),
            profile: None,
            loaded: false,
            form: Form::default(),
            confirm: None,
            leaving: None,
            person: None,
        }
    }

    /// A counselor applies for a person who agreed to that: the same form,
    /// sent in the person's name by the counselor.
    pub fn for_person(job: Job, profile_id: Id, name: String) -> Self {
        ApplyScreen {
            person: Some((profile_id, name)),
            ..ApplyScreen::new(job)
        }
    }

    /// Whose profile the application is sent with.
    fn profile_id(&self, cx: &Cx<'_>) -> Option<Id> {
        self.person.as_ref().map(|(id, _)| *id).or(cx.user)
    }

    fn missing(&self) -> Vec<crate::domain::Field> {
        match &self.profile {
            Some(p) => validate::missing_for_applying(p),
            None => validate::missing_for_applying(&Profile::default()),
        }
    }

    /// The form for the state the profile is in.
    fn build(&mut self, cx: &Cx<'_>) {
        let lang = cx.lang;
        let missing = self.missing();
        let mut fields = Vec::new();
        if missing.is_empty() {
            if self.job.requires_practice_certificate
                && !self
                    .profile
                    .as_ref()
                    .is_some_and(|p| p.practice_certificate)
            {
                fields.push(Form::note("warning", tr!(lang, "job.medical_warning")));
            }
            // A keypad cannot write a note: a kiosk sends none.
            if !cx.kiosk {
                let note = self.form.value("note");
                fields.push(Form::text(
                    "note",
                    tr!(lang, "apply.note"),
                    false,
                    &note,
                    validate::limits::NOTE,
                ));
            }
            fields.push(Form::button("send", tr!(lang, "apply.send")));
            fields.push(Form::button("cancel", tr!(lang, "apply.cancel")));
        } else {
            let names: Vec<&str> = missing.iter().map(|f| lang.field(*f)).collect();
            let fields_text = names.join(lang.get("common.list_separator"));
            match &self.person {
                // The person's profile is completed in their record.
                Some((_, name)) => fields.push(Form::note(
                    "incomplete",
                    tr!(
                        lang,
                        "on_behalf.incomplete",
                        name = name,
                        fields = fields_text
                    ),
                )),
                None => {
                    fields.push(Form::note(
                        "incomplete",
                        tr!(lang, "apply.incomplete", fields = fields_text),
                    ));
                    fields.push(Form::button(
                        "complete",
                        tr!(lang, "apply.complete_profile"),
                    ));
                }
            }
            fields.push(Form::button("cancel", tr!(lang, "apply.cancel")));
        }
        let focus = if !missing.is_empty() {
            "incomplete"
        } else if cx.kiosk {
            "send"
        } else {
            "note"
        };
        self.form = Form::new(fields);
        self.form.focus_field(focus);
    }

    fn send(&mut self, cx: &mut Cx<'_>) {
        let Some(profile) = &self.profile else { return };
        match validate::note(&self.form.value("note")) {
            Ok(note) => {
                cx.call(StoreCall::Apply(ApplyRequest {
                    request_id: self.request_id.clone(),
                    job_id: self.job.id,
                    profile_id: profile.id,
                    note,
                    by: match &self.person {
                        Some(_) => cx.actor.unwrap_or(Actor::System),
                        None => Actor::Jobseeker(profile.id),
                    },
                }));
            }
            Err(e) => {
                let message = super::field_error(cx.lang, &e);
                self.form.set_errors(vec![("note", message.clone())]);
                cx.announce(message);
            }
        }
        self.confirm = None;
    }
}

impl Screen for ApplyScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            let heading = if self.leaving.is_some() {
                tr!(lang, "form.leave_heading")
            } else {
                tr!(lang, "apply.confirm_heading")
            };
            return confirm.view(lang, heading);
        }
        View {
            heading: match &self.person {
                Some((_, name)) => tr!(
                    lang,
                    "on_behalf.apply_heading",
                    name = name,
                    title = self.job.title,
                    employer = self.job.employer_name
                ),
                None => tr!(
                    lang,
                    "apply.heading",
                    title = self.job.title,
                    employer = self.job.employer_name
                ),
            },
            items: if self.loaded {
                self.form.items(lang)
            } else {
                Vec::new()
            },
            focus: self.form.focus,
        }
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.form.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.form.focus, focus);
    }

    fn needs_person(&self) -> bool {
        true
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        match self.profile_id(cx) {
            Some(user) => cx.call(StoreCall::Profile(user)),
            None => {
                self.loaded = true;
                self.build(cx);
                let text = self.form.items(cx.lang)[0].text.clone();
                cx.announce(text);
            }
        }
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        if self.confirm.is_some() {
            None
        } else {
            self.form.input()
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let leaving = self.leaving;
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            if leaving.is_some() {
                confirm::still_editing(lang)
            } else {
                tr!(lang, "apply.not_sent")
            }
        }) {
            confirm::Outcome::Yes if leaving.is_some() => {
                if let Some(leave) = self.leaving.take() {
                    leave.go(cx);
                }
                return true;
            }
            confirm::Outcome::Yes => {
                self.send(cx);
                return true;
            }
            confirm::Outcome::Handled => return true,
            confirm::Outcome::NotMine => return false,
            confirm::Outcome::NoQuestion => {}
        }
        if let Some(leave) = Leave::from_command(command).filter(|_| self.form.changed()) {
            self.leaving = Some(leave);
            self.confirm = Some(confirm::leave_unsaved(cx.lang));
            return true;
        }
        match self.form.command(command) {
            FormEvent::Pressed("send") | FormEvent::Entered("note") => {
                self.form.clear_errors();
                self.leaving = None;
                let question = match &self.person {
                    Some((_, name)) => tr!(
                        cx.lang,
                        "on_behalf.apply_question",
                        name = name,
                        title = self.job.title,
                        employer = self.job.employer_name
                    ),
                    None => tr!(
                        cx.lang,
                        "apply.question",
                        title = self.job.title,
                        employer = self.job.employer_name
                    ),
                };
                self.confirm = Some(Confirm::new(
                    question,
                    tr!(cx.lang, "apply.yes"),
                    tr!(cx.lang, "apply.no"),
                ));
            }
            FormEvent::Pressed("complete") => {
                let first = self.missing().first().copied();
                cx.push(super::profile::ProfileScreen::focused_on(first));
            }
            FormEvent::Pressed("cancel") => cx.pop(),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Profile(p)) => {
                // Say what is missing on arrival; after a profile save the
                // save's own announcement says it.
                let arriving = !self.loaded;
                self.profile = Some(*p);
                self.loaded = true;
                self.build(cx);
                if arriving && !self.missing().is_empty() {
                    let text = self.form.items(cx.lang)[0].text.clone();
                    cx.announce(text);
                }
            }
            Ok(Done::Applied(application)) => {
                cx.announce(match &self.person {
                    Some((_, name)) => tr!(
                        cx.lang,
                        "on_behalf.applied",
                        name = name,
                        title = application.job_title,
                        reference = application.reference
                    ),
                    None => tr!(
                        cx.lang,
                        "apply.sent",
                        title = application.job_title,
                        reference = application.reference
                    ),
                });
                cx.pop();
            }
            Err(StoreError::NoAgreement) => {
                let name = self.person.as_ref().map_or("", |(_, n)| n.as_str());
                cx.announce(tr!(cx.lang, "on_behalf.no_agreement", name = name));
            }
            Ok(_) => {}
            Err(StoreError::Queued) => {
                // Kept offline: it will be sent, and announced, later.
                cx.announce_error(&StoreError::Queued);
                cx.pop();
            }
            Err(e @ StoreError::ProfileIncomplete { .. }) => {
                // The profile changed elsewhere: show what is missing now.
                cx.announce_error(&e);
                if let Some(id) = self.profile_id(cx) {
                    cx.call(StoreCall::Profile(id));
                }
            }
            Err(e) => cx.announce_error(&e),
        }
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if reply == Some(Reply::ProfileSaved)
            && let Some(id) = self.profile_id(cx)
        {
            cx.call(StoreCall::Profile(id));
        }
    }
}
