//! The rules of applying for a job and of registering for a course, as pure
//! decisions over facts a store has loaded. A store loads the facts, asks
//! here, and writes the outcome in the same transaction; so every store
//! keeps the same rules, and they are tested here without one.

use chrono::NaiveDate;

use super::actor::{Actor, Id};
use super::eligibility::{self, Reason};
use super::model::{Course, PostingStatus, Profile};
use super::status::{ApplicationStatus, EnrollmentStatus, Lifecycle, TransitionError};
use super::validate::{self, Field};

/// The history note of a promotion from the waitlist. Stored as a stable
/// code; the interface says it in the reader's language.
pub const PROMOTION_NOTE: &str = "promoted_from_waitlist";

/// A record the facts lack (the store says it does not exist).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Job(Id),
    Profile(Id),
}

/// Why a rule refuses. Each becomes one store error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Missing(Missing),
    ProfileIncomplete {
        missing: Vec<Field>,
    },
    PostingClosed,
    AlreadyApplied {
        reference: String,
    },
    CourseStarted {
        started: NaiveDate,
    },
    DeadlinePassed {
        deadline: NaiveDate,
    },
    NotEligible {
        reasons: Vec<Reason>,
    },
    AlreadyRegistered {
        status: EnrollmentStatus,
    },
    CourseFull,
    Transition(TransitionError),
    /// Staff cancelled the course.
    CourseCancelled,
}

impl From<TransitionError> for Refusal {
    fn from(e: TransitionError) -> Self {
        Refusal::Transition(e)
    }
}

/// What applying needs to know about the posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub status: PostingStatus,
    pub closes_on: NaiveDate,
}

/// Everything the apply rule looks at.
#[derive(Debug, Clone, Copy)]
pub struct ApplyFacts<'a> {
    pub profile: &'a Profile,
    /// The job id asked for, and the posting when it exists.
    pub job_id: Id,
    pub posting: Option<Posting>,
    /// The reference of this person's open application for this job.
    pub open_application: Option<&'a str>,
    pub today: NaiveDate,
}

/// Apply for a job: the profile must be complete, the posting open and not
/// past its closing day, and the person may have only one open application
/// per job. A new application starts as `Submitted`.
pub fn apply(f: &ApplyFacts<'_>) -> Result<ApplicationStatus, Refusal> {
    let missing = validate::missing_for_applying(f.profile);
    if !missing.is_empty() {
        return Err(Refusal::ProfileIncomplete { missing });
    }
    let posting = f.posting.ok_or(Refusal::Missing(Missing::Job(f.job_id)))?;
    if posting.status != PostingStatus::Open || posting.closes_on < f.today {
        return Err(Refusal::PostingClosed);
    }
    if let Some(reference) = f.open_application {
        return Err(Refusal::AlreadyApplied {
            reference: reference.to_string(),
        });
    }
    Ok(ApplicationStatus::Submitted)
}

/// Move an application to a new status: only the allowed transitions.
pub fn change_application(
    current: ApplicationStatus,
    to: ApplicationStatus,
) -> Result<ApplicationStatus, Refusal> {
    current.check_transition(to)?;
    Ok(to)
}

/// Everything the register rule looks at. `course.seats_taken` counts the
/// seats held now.
#[derive(Debug, Clone, Copy)]
pub struct RegisterFacts<'a> {
    pub course: &'a Course,
    /// The profile id asked for, and the profile when it exists.
    pub profile_id: Id,
    pub profile: Option<&'a Profile>,
    /// The status of this person's open registration for this course.
    pub open_registration: Option<EnrollmentStatus>,
    pub today: NaiveDate,
}

/// Register for a course: not once it has started, not after its
/// deadline, only when eligible, once per person; a free seat gives
/// `Registered`, a full course `Waitlisted`.
pub fn register(f: &RegisterFacts<'_>) -> Result<EnrollmentStatus, Refusal> {
    let course = f.course;
    if course.cancelled_on.is_some() {
        return Err(Refusal::CourseCancelled);
    }
    if f.today >= course.starts_on {
        return Err(Refusal::CourseStarted {
            started: course.starts_on,
        });
    }
    if f.today > course.enroll_by {
        return Err(Refusal::DeadlinePassed {
            deadline: course.enroll_by,
        });
    }
    let profile = f
        .profile
        .ok_or(Refusal::Missing(Missing::Profile(f.profile_id)))?;
    let reasons = eligibility::check(course, profile, f.today);
    if !reasons.is_empty() {
        return Err(Refusal::NotEligible { reasons });
    }
    if let Some(status) = f.open_registration {
        return Err(Refusal::AlreadyRegistered { status });
    }
    Ok(if course.seats_taken < course.capacity {
        EnrollmentStatus::Registered
    } else {
        EnrollmentStatus::Waitlisted
    })
}

/// Everything a change of an enrollment's status looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrollmentChangeFacts {
    pub current: EnrollmentStatus,
    pub to: EnrollmentStatus,
    /// Seats of the course held now, and how many it has.
    pub seats_taken: u32,
    pub capacity: u32,
    /// The first person waiting for the course (the oldest waitlisted
    /// enrollment), if any.
    pub first_waiting: Option<Id>,
}

/// Someone moved from the waitlist into a freed seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promotion {
    pub enrollment_id: Id,
    pub to: EnrollmentStatus,
    pub by: Actor,
    pub note: &'static str,
}

/// What an enrollment change comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrollmentChangeOutcome {
    pub status: EnrollmentStatus,
    /// Written in the same transaction as the change.
    pub promotion: Option<Promotion>,
}

/// Change an enrollment (cancel, enrol, results): only allowed
/// transitions; moving someone into a seat needs a free one; a freed seat
/// goes to the first person waiting.
pub fn change_enrollment(f: &EnrollmentChangeFacts) -> Result<EnrollmentChangeOutcome, Refusal> {
    f.current.check_transition(f.to)?;
    if !f.current.holds_seat() && f.to.holds_seat() && f.seats_taken >= f.capacity {
        return Err(Refusal::CourseFull);
    }
    let frees_seat = f.current.holds_seat() && !f.to.holds_seat();
    Ok(EnrollmentChangeOutcome {
        status: f.to,
        promotion: frees_seat
            .then_some(f.first_waiting)
            .flatten()
            .map(promotion),
    })
}

/// The promotion of a waiting enrollment: to `Registered`, by the system,
/// with [`PROMOTION_NOTE`].
pub fn promotion(enrollment_id: Id) -> Promotion {
    Promotion {
        enrollment_id,
        to: EnrollmentStatus::Registered,
        by: Actor::System,
        note: PROMOTION_NOTE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Education, MassageLevel, Track};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    /// A complete, consenting profile eligible for a level 5 course.
    fn complete() -> Profile {
        Profile {
            id: 7,
            name: "Zhang Wei".into(),
            mobile: "13800000001".into(),
            certificate: crate::domain::certificate::sample(
                "370202",
                NaiveDate::from_ymd_opt(1990, 3, 7).unwrap(),
                1,
                crate::domain::DisabilityCategory::Visual,
                1,
            ),
            district: Some(crate::domain::District::Shinan),
            education: Some(Education::SeniorSecondary),
            consent_at: Some(day(3, 1).and_hms_opt(9, 0, 0).unwrap().and_utc()),
            ..Profile::default()
        }
    }

    fn open_posting() -> Option<Posting> {
        Some(Posting {
            status: PostingStatus::Open,
            closes_on: day(3, 20),
        })
    }

    fn apply_facts(profile: &Profile) -> ApplyFacts<'_> {
        ApplyFacts {
            profile,
            job_id: 3,
            posting: open_posting(),
            open_application: None,
            today: day(3, 2),
        }
    }

    #[test]
    fn apply_submits_for_a_complete_profile_and_an_open_posting() {
        let p = complete();
        assert!(validate::missing_for_applying(&p).is_empty(), "fixture");
        assert_eq!(apply(&apply_facts(&p)), Ok(ApplicationStatus::Submitted));
    }

    #[test]
    fn apply_needs_a_complete_profile_first() {
        let p = Profile {
            mobile: String::new(),
            ..complete()
        };
        let refusal = apply(&ApplyFacts {
            // Checked before the posting: an incomplete profile is told so
            // even for a job that is gone.
            posting: None,
            ..apply_facts(&p)
        });
        assert!(
            matches!(&refusal, Err(Refusal::ProfileIncomplete { missing }) if missing.contains(&Field::Mobile)),
            "{refusal:?}"
        );
    }

    #[test]
    fn apply_to_a_missing_job_is_not_found() {
        let p = complete();
        assert_eq!(
            apply(&ApplyFacts {
                posting: None,
                ..apply_facts(&p)
            }),
            Err(Refusal::Missing(Missing::Job(3)))
        );
    }

    #[test]
    fn apply_refuses_closed_and_expired_postings_but_not_on_the_closing_day() {
        let p = complete();
        let closed = Posting {
            status: PostingStatus::Closed,
            closes_on: day(3, 20),
        };
        let expired = Posting {
            status: PostingStatus::Open,
            closes_on: day(3, 1),
        };
        for posting in [closed, expired] {
            assert_eq!(
                apply(&ApplyFacts {
                    posting: Some(posting),
                    ..apply_facts(&p)
                }),
                Err(Refusal::PostingClosed)
            );
        }
        let last_day = Posting {
            status: PostingStatus::Open,
            closes_on: day(3, 2),
        };
        assert!(
            apply(&ApplyFacts {
                posting: Some(last_day),
                ..apply_facts(&p)
            })
            .is_ok()
        );
    }

    #[test]
    fn apply_allows_one_open_application_per_job() {
        let p = complete();
        assert_eq!(
            apply(&ApplyFacts {
                open_application: Some("JD-00042"),
                ..apply_facts(&p)
            }),
            Err(Refusal::AlreadyApplied {
                reference: "JD-00042".into()
            })
        );
    }

    #[test]
    fn open_application_statuses_are_those_that_block_a_second_one() {
        use ApplicationStatus::*;
        assert_eq!(
            ApplicationStatus::open().collect::<Vec<_>>(),
            vec![
                Submitted,
                UnderReview,
                Referred,
                InterviewScheduled,
                Offered
            ]
        );
    }

    #[test]
    fn change_application_follows_the_state_machine() {
        use ApplicationStatus::*;
        assert_eq!(change_application(Submitted, Withdrawn), Ok(Withdrawn));
        assert!(matches!(
            change_application(Hired, Withdrawn),
            Err(Refusal::Transition(_))
        ));
    }

    fn course(capacity: u32, seats_taken: u32) -> Course {
        Course {
            id: 1,
            title: "Health massage, level 5".into(),
            track: Track::HealthMassage,
            level: Some(MassageLevel::Five),
            provider: String::new(),
            district: crate::domain::District::Shinan,
            address: String::new(),
            directions: String::new(),
            starts_on: day(4, 1),
            ends_on: day(6, 1),
            enroll_by: day(3, 20),
            hours: 100,
            fee_yuan: 0,
            subsidy: String::new(),
            capacity,
            formats: Vec::new(),
            assessment: String::new(),
            leads_to: String::new(),
            requires_previous_level: false,
            min_age: None,
            max_age: None,
            min_education: None,
            description: String::new(),
            seats_taken,
            waiting: 0,
            cancelled_on: None,
        }
    }

    fn register_facts<'a>(course: &'a Course, profile: &'a Profile) -> RegisterFacts<'a> {
        RegisterFacts {
            course,
            profile_id: profile.id,
            profile: Some(profile),
            open_registration: None,
            today: day(3, 2),
        }
    }

    #[test]
    fn register_takes_a_free_seat_or_joins_the_waitlist() {
        let p = complete();
        let free = course(2, 1);
        assert_eq!(
            register(&register_facts(&free, &p)),
            Ok(EnrollmentStatus::Registered)
        );
        let full = course(2, 2);
        assert_eq!(
            register(&register_facts(&full, &p)),
            Ok(EnrollmentStatus::Waitlisted)
        );
    }

    #[test]
    fn register_refuses_a_started_course_from_its_first_day() {
        let p = complete();
        let c = course(2, 0);
        for today in [day(4, 1), day(4, 2)] {
            assert_eq!(
                register(&RegisterFacts {
                    today,
                    ..register_facts(&c, &p)
                }),
                Err(Refusal::CourseStarted { started: day(4, 1) })
            );
        }
    }

    #[test]
    fn register_refuses_after_the_deadline_but_not_on_it() {
        let p = complete();
        let c = course(2, 0);
        assert_eq!(
            register(&RegisterFacts {
                today: day(3, 21),
                ..register_facts(&c, &p)
            }),
            Err(Refusal::DeadlinePassed {
                deadline: day(3, 20)
            })
        );
        assert!(
            register(&RegisterFacts {
                today: day(3, 20),
                ..register_facts(&c, &p)
            })
            .is_ok()
        );
    }

    #[test]
    fn register_checks_the_course_before_the_person() {
        let p = complete();
        let c = course(2, 0);
        let started = RegisterFacts {
            today: day(4, 1),
            profile: None,
            ..register_facts(&c, &p)
        };
        assert!(matches!(
            register(&started),
            Err(Refusal::CourseStarted { .. })
        ));
        assert_eq!(
            register(&RegisterFacts {
                profile: None,
                ..register_facts(&c, &p)
            }),
            Err(Refusal::Missing(Missing::Profile(7)))
        );
    }

    #[test]
    fn register_needs_eligibility() {
        let p = Profile {
            certificate: String::new(),
            ..complete()
        };
        let c = course(2, 0);
        let refusal = register(&register_facts(&c, &p));
        assert!(
            matches!(&refusal, Err(Refusal::NotEligible { reasons }) if reasons.contains(&Reason::NoCertificate)),
            "{refusal:?}"
        );
    }

    #[test]
    fn register_allows_one_open_registration_per_course() {
        let p = complete();
        let c = course(2, 0);
        assert_eq!(
            register(&RegisterFacts {
                open_registration: Some(EnrollmentStatus::Waitlisted),
                ..register_facts(&c, &p)
            }),
            Err(Refusal::AlreadyRegistered {
                status: EnrollmentStatus::Waitlisted
            })
        );
    }

    fn change(
        current: EnrollmentStatus,
        to: EnrollmentStatus,
        seats_taken: u32,
        first_waiting: Option<Id>,
    ) -> Result<EnrollmentChangeOutcome, Refusal> {
        change_enrollment(&EnrollmentChangeFacts {
            current,
            to,
            seats_taken,
            capacity: 2,
            first_waiting,
        })
    }

    #[test]
    fn cancelling_a_seat_promotes_the_first_person_waiting() {
        use EnrollmentStatus::*;
        assert_eq!(
            change(Registered, Cancelled, 2, Some(9)),
            Ok(EnrollmentChangeOutcome {
                status: Cancelled,
                promotion: Some(Promotion {
                    enrollment_id: 9,
                    to: Registered,
                    by: Actor::System,
                    note: PROMOTION_NOTE,
                }),
            })
        );
        // An enrolled person leaving frees a seat too.
        assert!(
            change(Enrolled, Cancelled, 2, Some(9))
                .unwrap()
                .promotion
                .is_some()
        );
    }

    #[test]
    fn cancelling_without_anyone_waiting_or_without_a_seat_promotes_nobody() {
        use EnrollmentStatus::*;
        assert_eq!(
            change(Registered, Cancelled, 2, None).unwrap().promotion,
            None
        );
        // Leaving the waitlist frees no seat.
        assert_eq!(
            change(Waitlisted, Cancelled, 2, Some(9)).unwrap().promotion,
            None
        );
        // Moving on within a seat frees none either.
        assert_eq!(
            change(Registered, Enrolled, 2, Some(9)).unwrap().promotion,
            None
        );
    }

    #[test]
    fn moving_someone_into_a_seat_by_hand_needs_a_free_one() {
        use EnrollmentStatus::*;
        assert_eq!(
            change(Waitlisted, Registered, 2, None),
            Err(Refusal::CourseFull)
        );
        assert_eq!(
            change(Waitlisted, Registered, 1, None).unwrap().status,
            Registered
        );
    }

    #[test]
    fn enrollment_changes_follow_the_state_machine() {
        use EnrollmentStatus::*;
        assert!(matches!(
            change(Completed, Cancelled, 0, None),
            Err(Refusal::Transition(_))
        ));
        // The transition is checked before the seats.
        assert!(matches!(
            change(Waitlisted, Enrolled, 2, None),
            Err(Refusal::Transition(_))
        ));
    }

    #[test]
    fn seat_holding_and_open_enrollment_statuses() {
        use EnrollmentStatus::*;
        assert_eq!(
            EnrollmentStatus::holding_seats().collect::<Vec<_>>(),
            vec![Registered, Enrolled, Completed, Failed]
        );
        assert_eq!(
            EnrollmentStatus::open().collect::<Vec<_>>(),
            vec![Registered, Waitlisted, Enrolled]
        );
    }
}
