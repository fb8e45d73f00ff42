//! Postings on the staff desk: the form that posts or edits a job, and
//! closing or reopening one (asked first: closing ends the open
//! applications). Reached from the job page's staff lines and from an
//! employer's form.

use chrono::NaiveDate;

use crate::domain::staff::PostingChange;
use crate::domain::{
    Actor, District, Field, FieldError, Id, Job, NewJob, PostingStatus, Problem, WorkKind, validate,
};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave, Outcome};
use crate::ui::form::{Form, FormEvent};
use crate::ui::screens::casework::{date_field, parse_date};
use crate::ui::screens::choose::ChoiceList;
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{StaffCall, StaffDone, errors_sentence, field_id};

/// What a staff member can do from a job's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobAction {
    Edit,
    Close,
    Reopen,
}

/// The staff lines of a job's page: edit, then close or reopen.
pub fn job_actions(lang: Lang, job: &Job) -> Vec<(Item, JobAction)> {
    let toggle = match job.status {
        PostingStatus::Open => (tr!(lang, "staff_desk.close_job"), JobAction::Close),
        PostingStatus::Closed => (tr!(lang, "staff_desk.reopen_job"), JobAction::Reopen),
    };
    [(tr!(lang, "staff_desk.edit_job"), JobAction::Edit), toggle]
        .into_iter()
        .map(|(text, action)| (Item::new(ItemKind::Row, text), action))
        .collect()
}

/// Does a staff line's action for a job.
pub fn job_action(action: JobAction, job: &Job, cx: &mut Cx<'_>) {
    match action {
        JobAction::Edit => {
            let screen = JobForm::edit(job, cx);
            cx.push(screen);
        }
        JobAction::Close => cx.push(PostingScreen::new(job, PostingStatus::Closed, cx.lang)),
        JobAction::Reopen => cx.push(PostingScreen::new(job, PostingStatus::Open, cx.lang)),
    }
}

/// Posts a job for an employer, or edits one.
#[derive(Debug)]
pub struct JobForm {
    employer_id: Id,
    /// The job edited, or None for a new one.
    job: Option<(Id, NaiveDate)>,
    form: Form,
    confirm: Option<Confirm>,
    leaving: Option<Leave>,
}

impl JobForm {
    pub fn post(employer_id: Id, cx: &Cx<'_>) -> Self {
        let today = cx.today;
        let job = NewJob {
            employer_id,
            title: String::new(),
            kind: WorkKind::Other,
            district: District::Shinan,
            address: String::new(),
            description: String::new(),
            salary_min: 0,
            salary_max: 0,
            openings: 1,
            suits_visual: true,
            remote: false,
            requires_practice_certificate: false,
            accommodations: String::new(),
            how_to_apply: String::new(),
            posted_on: today,
            closes_on: today + chrono::Duration::days(30),
        };
        Self::with(None, job, cx.lang)
    }

    pub fn edit(job: &Job, cx: &Cx<'_>) -> Self {
        let new = NewJob {
            employer_id: job.employer_id,
            title: job.title.clone(),
            kind: job.kind,
            district: job.district,
            address: job.address.clone(),
            description: job.description.clone(),
            salary_min: job.salary_min,
            salary_max: job.salary_max,
            openings: job.openings,
            suits_visual: job.suits_visual,
            remote: job.remote,
            requires_practice_certificate: job.requires_practice_certificate,
            accommodations: job.accommodations.clone(),
            how_to_apply: job.how_to_apply.clone(),
            posted_on: job.posted_on,
            closes_on: job.closes_on,
        };
        Self::with(Some((job.id, job.posted_on)), new, cx.lang)
    }

    fn with(job: Option<(Id, NaiveDate)>, j: NewJob, lang: Lang) -> Self {
        let long = validate::limits::LONG;
        let fields = vec![
            Form::text(
                "title",
                lang.field(Field::Title).into(),
                true,
                &j.title,
                validate::limits::TITLE,
            ),
            Form::choice(
                "kind",
                tr!(lang, "staff_desk.kind"),
                WorkKind::ALL
                    .iter()
                    .map(|k| lang.work_kind(*k).to_string())
                    .collect(),
                WorkKind::ALL.iter().position(|k| *k == j.kind).unwrap_or(0),
            ),
            Form::choice(
                "district",
                lang.field(Field::District).into(),
                District::ALL
                    .iter()
                    .map(|d| lang.district(*d).to_string())
                    .collect(),
                District::ALL
                    .iter()
                    .position(|d| *d == j.district)
                    .unwrap_or(0),
            ),
            Form::text(
                "address",
                lang.field(Field::Address).into(),
                false,
                &j.address,
                validate::limits::SHORT,
            ),
            Form::text(
                "salary_min",
                tr!(lang, "staff_desk.salary_min"),
                true,
                &j.salary_min.to_string(),
                9,
            ),
            Form::text(
                "salary_max",
                tr!(lang, "staff_desk.salary_max"),
                true,
                &j.salary_max.to_string(),
                9,
            ),
            Form::text(
                "openings",
                lang.field(Field::Openings).into(),
                true,
                &j.openings.to_string(),
                5,
            ),
            Form::text(
                "closes",
                tr!(lang, "staff_desk.closes_on"),
                true,
                &date_field(j.closes_on),
                12,
            ),
            Form::check(
                "visual",
                tr!(lang, "staff_desk.suits_visual"),
                j.suits_visual,
            ),
            Form::check("remote", tr!(lang, "staff_desk.remote"), j.remote),
            Form::check(
                "certificate",
                tr!(lang, "staff_desk.requires_certificate"),
                j.requires_practice_certificate,
            ),
            Form::text(
                "description",
                lang.field(Field::Description).into(),
                false,
                &j.description,
                long,
            ),
            Form::text(
                "accommodations",
                tr!(lang, "staff_desk.accommodations"),
                false,
                &j.accommodations,
                long,
            ),
            Form::text(
                "how_to_apply",
                tr!(lang, "staff_desk.how_to_apply"),
                false,
                &j.how_to_apply,
                long,
            ),
            Form::button("save", tr!(lang, "staff_desk.save_job")),
            Form::button("cancel", tr!(lang, "staff_desk.cancel")),
        ];
        JobForm {
            employer_id: j.employer_id,
            job,
            form: Form::new(fields),
            confirm: None,
            leaving: None,
        }
    }

    /// The job as typed, or the errors of the fields that cannot be read.
    fn new_job(&self, today: NaiveDate) -> Result<NewJob, Vec<FieldError>> {
        let f = &self.form;
        let mut errors = Vec::new();
        let mut number = |id: &str, field: Field, min: i64, max: i64| {
            let text = f.value(id);
            match validate::number(field, &text, min, max) {
                Ok(Some(n)) => u32::try_from(n).unwrap_or(0),
                Ok(None) => {
                    errors.push(FieldError::new(field, Problem::Required));
                    0
                }
                Err(e) => {
                    errors.push(e);
                    0
                }
            }
        };
        let salary_min = number("salary_min", Field::SalaryFrom, 0, 1_000_000);
        let salary_max = number("salary_max", Field::Salary, 0, 1_000_000);
        let openings = number("openings", Field::Openings, 1, 1000);
        let closes_on = parse_date(&f.value("closes"));
        if closes_on.is_none() {
            errors.push(FieldError::new(Field::Dates, Problem::Required));
        }
        let job = NewJob {
            employer_id: self.employer_id,
            title: f.value("title"),
            kind: f.chosen("kind", WorkKind::ALL).unwrap_or(WorkKind::Other),
            district: f
                .chosen("district", &District::ALL)
                .unwrap_or(District::Shinan),
            address: f.value("address"),
            description: f.value("description"),
            salary_min,
            salary_max,
            openings,
            suits_visual: f.checked("visual"),
            remote: f.checked("remote"),
            requires_practice_certificate: f.checked("certificate"),
            accommodations: f.value("accommodations"),
            how_to_apply: f.value("how_to_apply"),
            posted_on: self.job.map_or(today, |(_, posted)| posted),
            closes_on: closes_on.unwrap_or(today),
        };
        match validate::new_job(job) {
            Ok(job) if errors.is_empty() => Ok(job),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    fn show_errors(&mut self, errors: &[FieldError], cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let mut lines: Vec<(&'static str, String)> = errors
            .iter()
            .map(|e| (job_field_id(e.field), super::error_line(lang, e)))
            .collect();
        let order = |id: &str| self.form.fields.iter().position(|f| f.id == id);
        lines.sort_by_key(|(id, _)| order(id));
        lines.dedup_by_key(|(id, _)| *id);
        cx.announce(errors_sentence(lang, &lines));
        self.form.set_errors(lines);
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        match self.new_job(cx.today) {
            Ok(job) => {
                self.form.clear_errors();
                let by = cx.actor.unwrap_or(Actor::System);
                let call = match self.job {
                    Some((id, _)) => StaffCall::EditJob(by, id, job),
                    None => StaffCall::PostJob(by, job),
                };
                cx.call(StoreCall::Staff(call));
            }
            Err(errors) => self.show_errors(&errors, cx),
        }
    }
}

fn job_field_id(field: Field) -> &'static str {
    match field {
        Field::SalaryFrom => "salary_min",
        other => field_id(other),
    }
}

impl Screen for JobForm {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "form.leave_heading"));
        }
        let heading = match self.job {
            Some(_) => tr!(
                lang,
                "staff_desk.edit_job_heading",
                title = self.form.value("title")
            ),
            None => tr!(lang, "staff_desk.post_job_heading"),
        };
        self.form.view(heading, lang)
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
            FormEvent::Pressed("save") => self.save(cx),
            FormEvent::Pressed("cancel") => cx.pop(),
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
            Ok(Done::Staff(StaffDone::JobSaved(job))) => {
                cx.pop();
                let key = if self.job.is_some() {
                    "staff_desk.job_saved"
                } else {
                    "staff_desk.job_posted"
                };
                cx.announce(cx.lang.format(key, &[("title", &job.title)]));
            }
            Ok(_) => {}
            Err(StoreError::Invalid { errors }) => self.show_errors(&errors, cx),
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// Closing or reopening a posting, asked first.
#[derive(Debug)]
pub struct PostingScreen {
    title: String,
    change: PostingChange,
    confirm: Option<Confirm>,
}

impl PostingScreen {
    pub fn new(job: &Job, to: PostingStatus, lang: Lang) -> Self {
        let (question, yes) = match to {
            PostingStatus::Closed => (
                tr!(lang, "staff_desk.close_question", title = job.title),
                tr!(lang, "staff_desk.close_yes"),
            ),
            PostingStatus::Open => (
                tr!(lang, "staff_desk.reopen_question", title = job.title),
                tr!(lang, "staff_desk.reopen_yes"),
            ),
        };
        PostingScreen {
            title: job.title.clone(),
            change: PostingChange {
                request_id: new_request_id(),
                job_id: job.id,
                to,
                by: Actor::System,
            },
            confirm: Some(Confirm::new(
                question,
                yes,
                tr!(lang, "staff_desk.keep_as_is"),
            )),
        }
    }
}

impl Screen for PostingScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let heading = tr!(lang, "staff_desk.posting_heading", title = self.title);
        match &self.confirm {
            Some(c) => c.view(lang, heading),
            None => View {
                heading,
                items: vec![Item::new(ItemKind::Text, tr!(lang, "common.loading"))],
                focus: 0,
            },
        }
    }

    fn focus(&self) -> usize {
        self.confirm.as_ref().map_or(0, |c| c.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        if let Some(c) = &mut self.confirm {
            c.focus = focus;
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            tr!(lang, "staff_desk.kept_as_is")
        }) {
            Outcome::Yes => {
                let change = PostingChange {
                    by: cx.actor.unwrap_or(Actor::System),
                    ..self.change.clone()
                };
                cx.call(StoreCall::Staff(StaffCall::ChangePosting(change)));
                true
            }
            Outcome::Handled => {
                if self.confirm.is_none() {
                    cx.pop();
                }
                true
            }
            Outcome::NotMine => false,
            Outcome::NoQuestion => false,
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        match result {
            Ok(Done::Staff(StaffDone::PostingChanged(changed))) => {
                cx.pop();
                cx.announce(match changed.job.status {
                    PostingStatus::Closed => tr!(
                        lang,
                        "staff_desk.closed",
                        title = changed.job.title,
                        n = changed.ended.len()
                    ),
                    PostingStatus::Open => {
                        tr!(lang, "staff_desk.reopened", title = changed.job.title)
                    }
                });
            }
            Ok(_) => {}
            Err(e) => {
                cx.pop();
                cx.announce_error(&e);
            }
        }
    }
}
