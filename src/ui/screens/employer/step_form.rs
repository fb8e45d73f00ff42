//! The forms of an answer: an invitation to an interview (date, time, in
//! person or remote, the place or how to join), an offer with a note, a
//! decline with its reason. Checked with the domain's rules before sending;
//! errors under their fields, focus on the first.

use chrono::{NaiveDate, NaiveTime};

use crate::domain::employer_side::{Applicant, Interview, InterviewMode, Step, check_step};
use crate::domain::{Actor, Field, FieldError, validate};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{EmployerResponse, StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent, FormField};
use crate::ui::screens::casework::{date_field, parse_date};
use crate::ui::screens::choose::ChoiceList;
use crate::ui::screens::field_error;
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

/// Which answer a form sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Invite,
    Offer,
    Decline,
}

/// The modes in the order the form offers them: online first, then meet.
const MODES: [InterviewMode; 2] = [InterviewMode::Remote, InterviewMode::InPerson];

#[derive(Debug)]
pub struct StepForm {
    kind: StepKind,
    application_id: crate::domain::Id,
    name: String,
    form: Form,
    confirm: Option<Confirm>,
    leaving: Option<Leave>,
    request_id: String,
}

/// A time typed as 14:30, 14.30 or 14：30.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t: String = text
        .trim()
        .chars()
        .map(|c| if matches!(c, '：' | '.') { ':' } else { c })
        .collect();
    NaiveTime::parse_from_str(&t, "%H:%M").ok()
}

impl StepForm {
    pub fn new(kind: StepKind, applicant: &Applicant, cx: &Cx<'_>) -> Self {
        let lang = cx.lang;
        let label = |key: &str| lang.get(key).to_string();
        let mut fields: Vec<FormField> = match kind {
            StepKind::Invite => {
                let tomorrow = cx.today.succ_opt().unwrap_or(cx.today);
                vec![
                    Form::text(
                        "date",
                        label("employer_side.date"),
                        true,
                        &date_field(tomorrow),
                        12,
                    ),
                    Form::text("time", label("employer_side.time"), true, "", 5),
                    Form::choice(
                        "mode",
                        label("employer_side.mode"),
                        MODES.iter().map(|m| super::mode_name(lang, *m)).collect(),
                        0,
                    ),
                    Form::text(
                        "details",
                        label("employer_side.details"),
                        true,
                        "",
                        validate::limits::NOTE,
                    ),
                ]
            }
            StepKind::Offer => vec![Form::text(
                "note",
                label("employer_side.offer_note"),
                false,
                "",
                validate::limits::NOTE,
            )],
            StepKind::Decline => vec![Form::text(
                "note",
                label("employer_side.reason"),
                true,
                "",
                validate::limits::NOTE,
            )],
        };
        fields.push(Form::button("send", label("employer_side.send")));
        fields.push(Form::button("cancel", label("employer_side.cancel")));
        StepForm {
            kind,
            application_id: applicant.application_id,
            name: applicant.name.clone(),
            form: Form::new(fields),
            confirm: None,
            leaving: None,
            request_id: new_request_id(),
        }
    }

    fn label_of(&self, id: &str) -> String {
        match self.form.get(id).map(|f| &f.control) {
            Some(crate::ui::form::Control::Text { label, .. })
            | Some(crate::ui::form::Control::Choice { label, .. }) => label.clone(),
            _ => String::new(),
        }
    }

    /// "Time, as 14:30: type a time such as 14:30." with the form's label.
    fn said(&self, lang: Lang, id: &'static str, problem: &str) -> (&'static str, String) {
        (
            id,
            tr!(
                lang,
                "problem.field",
                field = self.label_of(id),
                problem = problem
            ),
        )
    }

    fn domain_error(&self, lang: Lang, e: &FieldError) -> (&'static str, String) {
        let id = match e.field {
            Field::Dates => return self.said(lang, "date", lang.get("employer_side.date_past")),
            Field::Address => "details",
            _ => "note",
        };
        let generic = field_error(lang, e);
        let prefix = tr!(
            lang,
            "problem.field",
            field = lang.field(e.field),
            problem = ""
        );
        let problem = generic
            .strip_prefix(&prefix)
            .unwrap_or(&generic)
            .to_string();
        self.said(lang, id, &problem)
    }

    fn step(&self, cx: &Cx<'_>) -> Result<Step, Vec<(&'static str, String)>> {
        let lang = cx.lang;
        let f = &self.form;
        let mut errors = Vec::new();
        let step = match self.kind {
            StepKind::Invite => {
                let on = parse_date(&f.value("date")).unwrap_or_else(|| {
                    errors.push(self.said(lang, "date", lang.get("employer_side.date_invalid")));
                    NaiveDate::MAX
                });
                let at = parse_time(&f.value("time")).unwrap_or_else(|| {
                    errors.push(self.said(lang, "time", lang.get("employer_side.time_invalid")));
                    NaiveTime::MIN
                });
                Step::Invite {
                    interview: Interview {
                        on,
                        at,
                        mode: MODES[f.selected("mode").min(MODES.len() - 1)],
                        details: f.value("details"),
                    },
                }
            }
            StepKind::Offer => Step::Offer {
                note: f.value("note"),
            },
            StepKind::Decline => Step::Decline {
                reason: f.value("note"),
            },
        };
        match check_step(&step, cx.today) {
            Ok(step) if errors.is_empty() => Ok(step),
            Ok(_) => Err(errors),
            Err(found) => {
                errors.extend(found.iter().map(|e| self.domain_error(lang, e)));
                let order = |id: &str| self.form.fields.iter().position(|f| f.id == id);
                errors.sort_by_key(|(id, _)| order(id));
                errors.dedup_by_key(|(id, _)| *id);
                Err(errors)
            }
        }
    }

    fn show_errors(&mut self, errors: Vec<(&'static str, String)>, cx: &mut Cx<'_>) {
        let first = errors.first().map(|(_, m)| m.clone()).unwrap_or_default();
        let count = errors.len();
        self.form.set_errors(errors);
        cx.announce(if count == 1 {
            first
        } else {
            tr!(cx.lang, "form.problems", n = count, first = first)
        });
    }

    fn send(&mut self, cx: &mut Cx<'_>) {
        match self.step(cx) {
            Ok(step) => {
                self.form.clear_errors();
                cx.call(StoreCall::Respond(EmployerResponse {
                    request_id: self.request_id.clone(),
                    application_id: self.application_id,
                    step,
                    by: cx.actor.unwrap_or(Actor::System),
                }));
            }
            Err(errors) => self.show_errors(errors, cx),
        }
    }

    fn sent_sentence(&self, lang: Lang, a: &Applicant) -> String {
        match (self.kind, &a.interview) {
            (StepKind::Invite, Some(i)) => tr!(
                lang,
                "employer_side.invited",
                name = self.name,
                date = lang.date(i.on),
                time = i.at.format("%H:%M")
            ),
            (StepKind::Offer, _) => tr!(lang, "employer_side.offered", name = self.name),
            _ => tr!(lang, "employer_side.declined", name = self.name),
        }
    }
}

impl Screen for StepForm {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "form.leave_heading"));
        }
        let key = match self.kind {
            StepKind::Invite => "employer_side.invite_heading",
            StepKind::Offer => "employer_side.offer_heading",
            StepKind::Decline => "employer_side.decline_heading",
        };
        self.form
            .view(lang.format(key, &[("name", &self.name)]), lang)
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
            FormEvent::Choose(id) => ChoiceList::open(&self.form, id, cx),
            FormEvent::Pressed("send") => self.send(cx),
            FormEvent::Pressed("cancel") => cx.pop(),
            // Enter in a field goes on to the next line.
            FormEvent::Entered(_) => {
                let last = self.form.items(cx.lang).len().saturating_sub(1);
                self.form.focus = (self.form.focus + 1).min(last);
            }
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Responded(a)) => {
                let sentence = self.sent_sentence(cx.lang, &a);
                cx.pop();
                cx.announce(sentence);
            }
            Ok(_) => {}
            Err(StoreError::Invalid { errors }) => {
                self.request_id = new_request_id();
                let lang = cx.lang;
                let messages = errors.iter().map(|e| self.domain_error(lang, e)).collect();
                self.show_errors(messages, cx);
            }
            Err(e) => {
                self.request_id = new_request_id();
                cx.announce_error(&e);
            }
        }
    }
}
