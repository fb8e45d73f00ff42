//! The employer side (issue 15 point 4): an employer's jobs, the
//! applications to one, an applicant as consent allows, and the steps of an
//! answer. Staff reach the same applications from a job's page and act for
//! the employer ("on behalf", recorded as such by the store).

pub mod step_form;

use crate::domain::employer_side::{Applicant, EmployerJob, Interview, InterviewMode, Step};
use crate::domain::{Actor, ApplicationStatus, Id, PostingStatus};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{EmployerResponse, StoreError, new_request_id};
use crate::tr;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{HistoryNames, history_lines_named, numbered, position, with_positions};
use step_form::{StepForm, StepKind};

/// Who acts: the logged-in employer, or staff for one.
fn by(cx: &Cx<'_>) -> Actor {
    cx.actor.unwrap_or(Actor::System)
}

/// An interview as one value: "5 Dec 2026, 10:30, remote, online".
pub fn interview_value(lang: Lang, interview: &Interview) -> String {
    tr!(
        lang,
        "employer_side.interview_value",
        date = lang.date(interview.on),
        time = interview.at.format("%H:%M"),
        mode = mode_name(lang, interview.mode)
    )
}

pub fn mode_name(lang: Lang, mode: InterviewMode) -> String {
    match mode {
        InterviewMode::InPerson => tr!(lang, "employer_side.mode_in_person"),
        InterviewMode::Remote => tr!(lang, "employer_side.mode_remote"),
    }
}

/// The `Label: value` lines of an interview, for the employer and the
/// jobseeker alike.
pub fn interview_lines(lang: Lang, interview: &Interview) -> Vec<(String, String)> {
    let where_key = match interview.mode {
        InterviewMode::InPerson => "employer_side.place",
        InterviewMode::Remote => "employer_side.how_to_join",
    };
    vec![
        (
            tr!(lang, "employer_side.interview"),
            interview_value(lang, interview),
        ),
        (lang.get(where_key).to_string(), interview.details.clone()),
    ]
}

/// An employer's jobs (the employer's menu entry "My jobs").
#[derive(Debug, Default)]
pub struct MyJobs {
    jobs: Option<Vec<EmployerJob>>,
    focus: usize,
}

impl MyJobs {
    fn load(&self, cx: &mut Cx<'_>) {
        if let Some(Actor::Employer(id)) = cx.actor {
            cx.call(StoreCall::EmployerJobs {
                by: by(cx),
                employer_id: id,
            });
        }
    }
}

impl Screen for MyJobs {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let jobs = self.jobs.as_deref().unwrap_or_default();
        let total = jobs.len().to_string();
        let items = if jobs.is_empty() {
            let key = if self.jobs.is_some() {
                "employer_side.jobs_none"
            } else {
                "common.loading"
            };
            vec![Item::new(ItemKind::Text, lang.get(key).to_string())]
        } else {
            jobs.iter()
                .enumerate()
                .map(|(i, j)| {
                    let closed = j.status == PostingStatus::Closed || j.closes_on < cx.today;
                    let key = if closed {
                        "employer_side.job_row_closed"
                    } else {
                        "employer_side.job_row"
                    };
                    let line = lang.format(
                        key,
                        &[
                            ("title", &j.title),
                            ("applications", &j.applications),
                            ("not_viewed", &j.not_viewed),
                            ("date", &lang.short_date(j.closes_on, cx.today)),
                        ],
                    );
                    Item::new(ItemKind::Row, position(lang, i + 1, &total, &line))
                })
                .collect()
        };
        let n = jobs.len() as u64;
        View {
            heading: lang.format(
                &Lang::plural_key("employer_side.jobs_heading", n),
                &[("n", &n)],
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
        self.load(cx);
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        self.load(cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        match self.jobs.as_ref().and_then(|j| j.get(self.focus)) {
            Some(j) => {
                cx.push(JobApplicants::new(j.id, &j.title, None));
                true
            }
            None => false,
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::EmployerJobs(list)) => {
                self.focus = self.focus.min(list.len().saturating_sub(1));
                self.jobs = Some(list);
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// The applications to one job: "2 of 5: Zhang Wei, submitted 3 Dec 2026,
/// not viewed".
#[derive(Debug)]
pub struct JobApplicants {
    job_id: Id,
    title: String,
    /// The employer staff act for; None when the employer itself reads.
    for_employer: Option<String>,
    applicants: Option<Vec<Applicant>>,
    focus: usize,
}

impl JobApplicants {
    pub fn new(job_id: Id, title: &str, for_employer: Option<String>) -> Self {
        JobApplicants {
            job_id,
            title: title.to_string(),
            for_employer,
            applicants: None,
            focus: 0,
        }
    }

    fn load(&self, cx: &mut Cx<'_>) {
        cx.call(StoreCall::JobApplicants {
            by: by(cx),
            job_id: self.job_id,
        });
    }
}

/// "not viewed", or the status as the employer reads it.
fn standing(lang: Lang, a: &Applicant) -> String {
    if a.viewed() {
        lang.application_status(a.status).to_string()
    } else {
        tr!(lang, "employer_side.not_viewed")
    }
}

impl Screen for JobApplicants {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let list = self.applicants.as_deref().unwrap_or_default();
        let total = list.len().to_string();
        let items = if list.is_empty() {
            let key = if self.applicants.is_some() {
                "employer_side.applicants_none"
            } else {
                "common.loading"
            };
            vec![Item::new(ItemKind::Text, lang.get(key).to_string())]
        } else {
            list.iter()
                .enumerate()
                .map(|(i, a)| {
                    let line = tr!(
                        lang,
                        "employer_side.applicant_row",
                        name = a.name,
                        date = lang.day_of(a.submitted_at),
                        status = standing(lang, a)
                    );
                    Item::new(ItemKind::Row, position(lang, i + 1, &total, &line))
                })
                .collect()
        };
        let not_viewed = list.iter().filter(|a| !a.viewed()).count();
        let heading = match &self.for_employer {
            Some(employer) => tr!(
                lang,
                "employer_side.applicants_heading_for",
                title = self.title,
                employer = employer,
                n = list.len(),
                not_viewed = not_viewed
            ),
            None => tr!(
                lang,
                "employer_side.applicants_heading",
                title = self.title,
                n = list.len(),
                not_viewed = not_viewed
            ),
        };
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
        self.load(cx);
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        self.load(cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        match self.applicants.as_ref().and_then(|a| a.get(self.focus)) {
            Some(a) => {
                cx.push(ApplicantScreen::new(a.clone()));
                true
            }
            None => false,
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Applicants(list)) => {
                self.focus = self.focus.min(list.len().saturating_sub(1));
                self.applicants = Some(list);
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// What a line of the applicant screen does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Invite,
    Offer,
    Decline,
}

/// One applicant as `Label: value` lines, then the steps that can be taken.
/// Opening it marks it viewed.
#[derive(Debug)]
pub struct ApplicantScreen {
    applicant: Applicant,
    focus: usize,
}

impl ApplicantScreen {
    pub fn new(applicant: Applicant) -> Self {
        ApplicantScreen {
            applicant,
            focus: 0,
        }
    }

    fn actions(&self) -> Vec<Action> {
        use ApplicationStatus::*;
        let status = self.applicant.status;
        let mut actions = Vec::new();
        if matches!(
            status,
            Submitted | UnderReview | Referred | InterviewScheduled
        ) {
            actions.push(Action::Invite);
        }
        if status == InterviewScheduled {
            actions.push(Action::Offer);
        }
        if status.is_open() {
            actions.push(Action::Decline);
        }
        actions
    }

    fn lines(&self, cx: &Cx<'_>) -> Vec<(String, String)> {
        let lang = cx.lang;
        let a = &self.applicant;
        let label = |key: &str| lang.get(key).to_string();
        let mut lines = vec![
            (label("employer_side.name"), a.name.clone()),
            (label("employer_side.job"), a.job_title.clone()),
            (label("employer_side.status"), standing(lang, a)),
            (
                label("employer_side.submitted"),
                lang.day_of(a.submitted_at),
            ),
            (label("employer_side.reference"), a.reference.clone()),
            (label("employer_side.mobile"), a.mobile.clone()),
        ];
        if !a.note.is_empty() {
            lines.push((label("employer_side.note"), a.note.clone()));
        }
        match &a.shared {
            Some(shared) => {
                if let Some(c) = shared.category {
                    lines.push((label("employer_side.category"), lang.category(c).into()));
                }
                if let Some(l) = shared.level {
                    lines.push((
                        label("employer_side.level"),
                        tr!(lang, "employer_side.level_value", n = l.get()),
                    ));
                }
                if !shared.needs.is_empty() {
                    lines.push((label("employer_side.needs"), shared.needs.clone()));
                }
                if !shared.formats.is_empty() {
                    let names: Vec<&str> = shared
                        .formats
                        .iter()
                        .map(|f| lang.format_name(*f))
                        .collect();
                    let sep = if lang == Lang::ZhCn { "、" } else { ", " };
                    lines.push((label("employer_side.formats"), names.join(sep)));
                }
                lines.push((
                    label("employer_side.braille"),
                    super::yes_no(lang, shared.braille_reader),
                ));
            }
            None => lines.push((
                label("employer_side.disability"),
                label("employer_side.not_shared"),
            )),
        }
        if let Some(interview) = &a.interview {
            lines.extend(interview_lines(lang, interview));
        }
        lines.extend(
            history_lines_named(
                lang,
                &a.steps,
                |s| lang.application_status(s),
                None,
                &HistoryNames::default(),
            )
            .into_iter()
            .enumerate()
            .map(|(i, (_, value))| {
                (
                    tr!(lang, "employer_side.step", n = i + 1, total = a.steps.len()),
                    value,
                )
            }),
        );
        lines
    }

    fn step(&self, cx: &mut Cx<'_>, step: Step) {
        cx.call(StoreCall::Respond(EmployerResponse {
            request_id: new_request_id(),
            application_id: self.applicant.application_id,
            step,
            by: by(cx),
        }));
    }
}

impl Screen for ApplicantScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let mut items = numbered(lang, self.lines(cx));
        for action in self.actions() {
            let key = match action {
                Action::Invite => "employer_side.invite",
                Action::Offer => "employer_side.offer",
                Action::Decline => "employer_side.decline",
            };
            items.push(Item::new(ItemKind::Row, lang.get(key).to_string()));
        }
        View {
            heading: tr!(
                lang,
                "employer_side.applicant_heading",
                name = self.applicant.name,
                title = self.applicant.job_title,
                status = standing(lang, &self.applicant)
            ),
            items: with_positions(lang, items),
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
        if !self.applicant.viewed() {
            self.step(cx, Step::MarkViewed);
        }
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        cx.call(StoreCall::Applicant {
            by: by(cx),
            application_id: self.applicant.application_id,
        });
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        let lines = self.lines(cx).len();
        let Some(action) = self
            .focus
            .checked_sub(lines)
            .and_then(|i| self.actions().get(i).copied())
        else {
            return false;
        };
        let kind = match action {
            Action::Invite => StepKind::Invite,
            Action::Offer => StepKind::Offer,
            Action::Decline => StepKind::Decline,
        };
        let form = StepForm::new(kind, &self.applicant, cx);
        cx.push(form);
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Responded(a) | Done::Applicant(a)) => {
                self.applicant = *a;
                let last = self.lines(cx).len() + self.actions().len();
                self.focus = self.focus.min(last.saturating_sub(1));
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}
