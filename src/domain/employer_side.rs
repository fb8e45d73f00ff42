//! The employer side (issue 15 point 4): what an employer may see of the
//! people who applied to its jobs, who may answer an application, and the
//! steps of an answer. No I/O: stores load the facts and write the outcome.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::certificate::{DisabilityCategory, DisabilityLevel};
use super::status::{ApplicationStatus, ByName, Lifecycle, StatusChange, TransitionError};
use super::validate::{self, Field, FieldError, Problem, limits};
use super::{Actor, Application, Format, Id, PostingStatus, Profile};
use crate::named_enum;

named_enum! {
    /// How an interview is held: the plan's "online first, then meet".
    pub enum InterviewMode {
        InPerson => "in_person",
        Remote => "remote",
    }
}

/// An invitation to an interview, kept on the application so the
/// jobseeker reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    pub on: NaiveDate,
    pub at: NaiveTime,
    pub mode: InterviewMode,
    /// The place (in person), or how to join (remote).
    pub details: String,
}

/// One answer of an employer to an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// The employer has opened it (submitted becomes under review).
    MarkViewed,
    Invite {
        interview: Interview,
    },
    Offer {
        note: String,
    },
    Decline {
        reason: String,
    },
}

impl Step {
    /// A stable name for logs and the audit ("invite").
    pub fn name(&self) -> &'static str {
        match self {
            Step::MarkViewed => "mark viewed",
            Step::Invite { .. } => "invite to interview",
            Step::Offer { .. } => "offer",
            Step::Decline { .. } => "decline",
        }
    }
}

/// One of an employer's jobs with how many applied and how many of those
/// it has not opened yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployerJob {
    pub id: Id,
    pub title: String,
    pub employer_id: Id,
    pub employer_name: String,
    pub status: PostingStatus,
    pub closes_on: NaiveDate,
    pub applications: u32,
    pub not_viewed: u32,
}

/// What a person agreed to share with employers (only when they did).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedNeeds {
    pub category: Option<DisabilityCategory>,
    pub level: Option<DisabilityLevel>,
    pub needs: String,
    pub formats: Vec<Format>,
    pub braille_reader: bool,
}

/// An applicant as an employer sees them: no certificate number, no plan,
/// nothing a counselor keeps; disability data only with consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub application_id: Id,
    pub reference: String,
    pub job_id: Id,
    pub job_title: String,
    pub status: ApplicationStatus,
    pub submitted_at: DateTime<Utc>,
    pub name: String,
    /// The applicant's own note with the application.
    pub note: String,
    /// How to reach them.
    pub mobile: String,
    pub shared: Option<SharedNeeds>,
    pub interview: Option<Interview>,
    /// The employer side's own steps (not counselors' notes).
    pub steps: Vec<StatusChange<ApplicationStatus>>,
}

impl Applicant {
    /// Whether the employer has opened it.
    pub fn viewed(&self) -> bool {
        self.status != ApplicationStatus::Submitted
    }
}

/// What an employer may see of one applicant, from the profile and the
/// application: the one place that decides it.
pub fn applicant_view(profile: &Profile, application: &Application) -> Applicant {
    let shared = profile.consent_at.map(|_| {
        // Characters 19 and 20 of a stored (canonical) certificate number.
        let digit = |i: usize| {
            profile
                .certificate
                .chars()
                .nth(i)
                .and_then(|c| c.to_digit(10))
                .and_then(|d| u8::try_from(d).ok())
        };
        SharedNeeds {
            category: digit(18).and_then(DisabilityCategory::from_digit),
            level: digit(19).and_then(DisabilityLevel::new),
            needs: profile.needs.clone(),
            formats: profile.formats.clone(),
            braille_reader: profile.braille_reader,
        }
    });
    Applicant {
        application_id: application.id,
        reference: application.reference.clone(),
        job_id: application.job_id,
        job_title: application.job_title.clone(),
        status: application.status,
        submitted_at: application.submitted_at,
        name: profile.name.clone(),
        note: application.note.clone(),
        mobile: profile.mobile.clone(),
        shared,
        interview: application.interview.as_deref().cloned(),
        steps: application
            .history
            .iter()
            .filter(|h| h.named.is_some())
            .cloned()
            .collect(),
    }
}

/// Who may answer applications to a job of `employer_id`: that employer,
/// and staff and administrators for it ("on behalf").
pub fn may_answer(by: Actor, employer_id: Id) -> bool {
    match by {
        Actor::Employer(id) => id == employer_id,
        Actor::Staff(_) | Actor::Admin(_) => true,
        _ => false,
    }
}

/// How a step's history entries name who made it: the employer by its
/// name, staff by theirs "for" the employer.
pub fn step_by_name(by: Actor, actor_name: &str, employer_name: &str) -> ByName {
    match by {
        Actor::Employer(_) => ByName {
            name: employer_name.to_string(),
            for_whom: None,
        },
        _ => ByName {
            name: actor_name.to_string(),
            for_whom: Some(employer_name.to_string()),
        },
    }
}

/// Checks and normalises a step's text: a place or a way to join is
/// required, and so is the reason of a decline; an interview is not in
/// the past.
pub fn check_step(step: &Step, today: NaiveDate) -> Result<Step, Vec<FieldError>> {
    match step {
        Step::MarkViewed => Ok(Step::MarkViewed),
        Step::Invite { interview } => {
            let mut errors = Vec::new();
            if interview.on < today {
                errors.push(FieldError::new(Field::Dates, Problem::DateOrder));
            }
            let details = crate::domain::text::required(&interview.details, limits::NOTE, false)
                .map_err(|e| FieldError::from_text(Field::Address, e));
            match details {
                Ok(details) if errors.is_empty() => Ok(Step::Invite {
                    interview: Interview {
                        details,
                        ..interview.clone()
                    },
                }),
                Ok(_) => Err(errors),
                Err(e) => {
                    errors.push(e);
                    Err(errors)
                }
            }
        }
        Step::Offer { note } => Ok(Step::Offer {
            note: validate::note(note).map_err(|e| vec![e])?,
        }),
        Step::Decline { reason } => {
            let reason = validate::note(reason).map_err(|e| vec![e])?;
            if reason.is_empty() {
                return Err(vec![FieldError::new(Field::Note, Problem::Required)]);
            }
            Ok(Step::Decline { reason })
        }
    }
}

/// What the interview on an application becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterviewChange {
    Keep,
    Set(Interview),
    /// A declined application has no interview any more.
    Clear,
}

/// What a step does to an application: the history entries it adds, in
/// order (status and note), and its interview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub entries: Vec<(ApplicationStatus, String)>,
    pub interview: InterviewChange,
}

/// The note of an invitation's history entry: the date and time as
/// digits (any language reads them) and the place or how to join.
pub fn invitation_note(interview: &Interview) -> String {
    format!(
        "{} {}, {}",
        interview.on.format("%Y-%m-%d"),
        interview.at.format("%H:%M"),
        interview.details
    )
}

/// What a (checked) step does to an application that stands at `current`.
/// Opening an already opened one does nothing; an invitation to one not
/// yet opened opens it first; a second invitation (online first, then
/// meet) keeps the status and replaces the interview.
pub fn plan_step(current: ApplicationStatus, step: &Step) -> Result<Planned, TransitionError> {
    use ApplicationStatus::*;
    let planned = |entries, interview| Ok(Planned { entries, interview });
    match step {
        Step::MarkViewed if current == Submitted => {
            planned(vec![(UnderReview, String::new())], InterviewChange::Keep)
        }
        Step::MarkViewed => planned(Vec::new(), InterviewChange::Keep),
        Step::Invite { interview } => {
            let note = invitation_note(interview);
            let set = InterviewChange::Set(interview.clone());
            match current {
                Submitted => planned(
                    vec![(UnderReview, String::new()), (InterviewScheduled, note)],
                    set,
                ),
                InterviewScheduled => planned(vec![(InterviewScheduled, note)], set),
                _ => {
                    current.check_transition(InterviewScheduled)?;
                    planned(vec![(InterviewScheduled, note)], set)
                }
            }
        }
        Step::Offer { note } => {
            current.check_transition(Offered)?;
            planned(vec![(Offered, note.clone())], InterviewChange::Keep)
        }
        Step::Decline { reason } => {
            current.check_transition(NotSelected)?;
            planned(vec![(NotSelected, reason.clone())], InterviewChange::Clear)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn profile(consent: bool) -> Profile {
        Profile {
            id: 7,
            name: "Zhang Wei".into(),
            mobile: "13912345678".into(),
            certificate: "37020219900307211X13".into(),
            needs: "screen reader at the front desk".into(),
            formats: vec![Format::Braille, Format::Audio],
            braille_reader: true,
            consent_at: consent.then(|| Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()),
            plan: "counselor's plan text".into(),
            ..Profile::default()
        }
    }

    fn application(status: ApplicationStatus) -> Application {
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
        Application {
            id: 11,
            reference: "JD-00011".into(),
            job_id: 3,
            job_title: "Medical massage therapist".into(),
            employer_name: "Qingdao Central Hospital".into(),
            profile_id: 7,
            status,
            note: "I can start in January".into(),
            submitted_at: at,
            history: vec![
                StatusChange {
                    status: ApplicationStatus::Submitted,
                    at,
                    by: Actor::Jobseeker(7),
                    note: String::new(),
                    named: None,
                },
                StatusChange {
                    status: ApplicationStatus::UnderReview,
                    at,
                    by: Actor::Counselor(2),
                    note: "counselor's private remark".into(),
                    named: None,
                },
            ],
            interview: None,
        }
    }

    #[test]
    fn without_consent_an_employer_sees_no_disability_data() {
        let view = applicant_view(&profile(false), &application(ApplicationStatus::Submitted));
        assert_eq!(view.name, "Zhang Wei");
        assert_eq!(view.mobile, "13912345678");
        assert_eq!(view.note, "I can start in January");
        assert_eq!(view.shared, None);
        let json = serde_json::to_string(&view).unwrap_or_default();
        for secret in [
            "37020219900307211X13",
            "screen reader",
            "braille",
            "counselor's",
        ] {
            assert!(!json.contains(secret), "{secret} in {json}");
        }
        assert!(!view.viewed());
    }

    #[test]
    fn with_consent_the_category_level_needs_and_formats_are_shared_never_the_number() {
        let view = applicant_view(&profile(true), &application(ApplicationStatus::UnderReview));
        let shared = view.shared.clone().unwrap_or_else(|| panic!("shared"));
        assert_eq!(shared.category, Some(DisabilityCategory::Visual));
        assert_eq!(shared.level, DisabilityLevel::new(3));
        assert_eq!(shared.needs, "screen reader at the front desk");
        assert_eq!(shared.formats, vec![Format::Braille, Format::Audio]);
        let json = serde_json::to_string(&view).unwrap_or_default();
        assert!(!json.contains("37020219900307211X"), "{json}");
        assert!(!json.contains("plan text"), "{json}");
        // Counselors' entries are not the employer's to read.
        assert!(view.steps.is_empty());
        assert!(view.viewed());
    }

    #[test]
    fn only_the_jobs_employer_and_staff_may_answer() {
        assert!(may_answer(Actor::Employer(4), 4));
        assert!(!may_answer(Actor::Employer(5), 4));
        assert!(may_answer(Actor::Staff(9), 4));
        assert!(may_answer(Actor::Admin(1), 4));
        assert!(!may_answer(Actor::Counselor(2), 4));
        assert!(!may_answer(Actor::Jobseeker(7), 4));
        assert!(!may_answer(Actor::System, 4));
    }

    #[test]
    fn steps_are_named_by_the_employer_or_staff_for_it() {
        let own = step_by_name(
            Actor::Employer(4),
            "hospital-login",
            "Qingdao Central Hospital",
        );
        assert_eq!(own.name, "Qingdao Central Hospital");
        assert_eq!(own.for_whom, None);
        let staff = step_by_name(Actor::Staff(9), "Wang", "Qingdao Central Hospital");
        assert_eq!(staff.name, "Wang");
        assert_eq!(staff.for_whom.as_deref(), Some("Qingdao Central Hospital"));
    }

    fn interview(on: NaiveDate, details: &str) -> Interview {
        Interview {
            on,
            at: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
            mode: InterviewMode::Remote,
            details: details.into(),
        }
    }

    #[test]
    fn steps_are_checked() {
        let today = day(2026, 12, 1);
        let ok = check_step(
            &Step::Invite {
                interview: interview(today, "  Tencent Meeting 123 456  "),
            },
            today,
        );
        assert_eq!(
            ok,
            Ok(Step::Invite {
                interview: interview(today, "Tencent Meeting 123 456")
            })
        );
        let past = check_step(
            &Step::Invite {
                interview: interview(day(2026, 11, 30), ""),
            },
            today,
        );
        assert_eq!(
            past,
            Err(vec![
                FieldError::new(Field::Dates, Problem::DateOrder),
                FieldError::new(Field::Address, Problem::Required),
            ])
        );
        assert_eq!(
            check_step(&Step::Decline { reason: " ".into() }, today),
            Err(vec![FieldError::new(Field::Note, Problem::Required)])
        );
        assert_eq!(
            check_step(
                &Step::Offer {
                    note: String::new()
                },
                today
            ),
            Ok(Step::Offer {
                note: String::new()
            })
        );
        let control = check_step(
            &Step::Decline {
                reason: "a\u{1b}[2J".into(),
            },
            today,
        );
        assert!(control.is_err());
    }

    #[test]
    fn each_step_plans_its_history_entries() {
        use ApplicationStatus::*;
        let today = day(2026, 12, 1);
        let invite = Step::Invite {
            interview: interview(today, "Tencent Meeting 123"),
        };
        let note = "2026-12-01 10:00, Tencent Meeting 123".to_string();
        let table: Vec<(ApplicationStatus, Step, Result<Vec<ApplicationStatus>, ()>)> = vec![
            (Submitted, Step::MarkViewed, Ok(vec![UnderReview])),
            (UnderReview, Step::MarkViewed, Ok(vec![])),
            (Hired, Step::MarkViewed, Ok(vec![])),
            (
                Submitted,
                invite.clone(),
                Ok(vec![UnderReview, InterviewScheduled]),
            ),
            (UnderReview, invite.clone(), Ok(vec![InterviewScheduled])),
            (Referred, invite.clone(), Ok(vec![InterviewScheduled])),
            // Online first, then meet: a second invitation.
            (
                InterviewScheduled,
                invite.clone(),
                Ok(vec![InterviewScheduled]),
            ),
            (Offered, invite.clone(), Err(())),
            (Withdrawn, invite.clone(), Err(())),
            (
                InterviewScheduled,
                Step::Offer { note: "x".into() },
                Ok(vec![Offered]),
            ),
            (Submitted, Step::Offer { note: "x".into() }, Err(())),
            (
                Submitted,
                Step::Decline { reason: "r".into() },
                Ok(vec![NotSelected]),
            ),
            (
                Offered,
                Step::Decline { reason: "r".into() },
                Ok(vec![NotSelected]),
            ),
            (Hired, Step::Decline { reason: "r".into() }, Err(())),
            (NotSelected, Step::Decline { reason: "r".into() }, Err(())),
        ];
        for (from, step, want) in table {
            let got = plan_step(from, &step)
                .map(|p| p.entries.iter().map(|(s, _)| *s).collect::<Vec<_>>())
                .map_err(|_| ());
            assert_eq!(got, want, "{from:?} {step:?}");
        }
        let planned = plan_step(UnderReview, &invite).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(planned.entries, vec![(InterviewScheduled, note)]);
        assert_eq!(
            planned.interview,
            InterviewChange::Set(interview(today, "Tencent Meeting 123"))
        );
        let declined = plan_step(InterviewScheduled, &Step::Decline { reason: "r".into() });
        assert_eq!(declined.map(|p| p.interview), Ok(InterviewChange::Clear));
    }
}
