//! The staff desk's rules: employers as the service centre keeps them,
//! closing and reopening postings, cancelling courses, and marking course
//! rosters (attendance, results, exam passes that change a person's
//! qualifications). Plain decisions over facts a store has loaded; no I/O.

use serde::{Deserialize, Serialize};

use super::actor::{Actor, Id};
use super::contact::District;
use super::model::{Course, Employer, Job, MassageLevel, PostingStatus, Profile, Track};
use super::rules::Refusal;
use super::status::{ApplicationStatus, EnrollmentStatus, Lifecycle, TransitionError};
use super::text;
use super::validate::{Field, FieldError, limits};

/// The history note of an application ended because its posting closed.
/// Stored as a stable code; the interface says it in the reader's language.
pub const POSTING_CLOSED_NOTE: &str = "posting_closed";

/// The history note of an enrollment ended because its course was
/// cancelled (stable code, as above).
pub const COURSE_CANCELLED_NOTE: &str = "course_cancelled";

/// The history notes of roster marks (stable codes, as above).
pub const ATTENDED_NOTE: &str = "attended";
pub const EXAM_PASSED_NOTE: &str = "exam_passed";

/// An employer as the staff desk keeps it: the record jobs name, and how
/// to reach it and what its workplace offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployerRecord {
    /// 0 for a new one.
    pub id: Id,
    pub name: String,
    pub district: District,
    /// Hospitals and clinics: their massage posts are medical massage.
    pub medical_institution: bool,
    pub contact_person: String,
    /// The telephone number (landline or mobile) as people dial it.
    pub phone: String,
    pub address: String,
    /// Accessible-workplace notes: step-free entrance, tactile paths,
    /// screen-reader software, a quiet room...
    pub accessibility: String,
}

impl EmployerRecord {
    /// The record jobs and imports name (its contact is the phone).
    pub fn employer(&self) -> Employer {
        Employer {
            id: self.id,
            name: self.name.clone(),
            district: self.district,
            medical_institution: self.medical_institution,
            contact: self.phone.clone(),
        }
    }
}

/// Most characters of a telephone number (extensions included).
pub const PHONE_MAX: usize = 30;

/// Normalises and checks an employer as typed: name, contact person and
/// phone are required; the phone holds digits, spaces, `+`, `-`, `(`, `)`
/// and `#` only.
pub fn employer(mut e: EmployerRecord) -> Result<EmployerRecord, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut required =
        |field: Field, value: &mut String, max: usize| match text::required(value, max, false) {
            Ok(clean) => *value = clean,
            Err(err) => errors.push(FieldError::from_text(field, err)),
        };
    required(Field::Name, &mut e.name, limits::SHORT);
    required(Field::ContactPerson, &mut e.contact_person, limits::NAME);
    required(Field::Phone, &mut e.phone, PHONE_MAX);
    if !e.phone.is_empty()
        && !e
            .phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()#".contains(c))
    {
        errors.push(FieldError::new(
            Field::Phone,
            super::validate::Problem::NotANumber,
        ));
    }
    let mut optional =
        |field: Field, value: &mut String, max: usize, multiline: bool| match text::normalize(
            value, max, multiline,
        ) {
            Ok(clean) => *value = clean,
            Err(err) => errors.push(FieldError::from_text(field, err)),
        };
    optional(Field::Address, &mut e.address, limits::SHORT, false);
    optional(
        Field::Accessibility,
        &mut e.accessibility,
        limits::LONG,
        true,
    );
    if errors.is_empty() {
        Ok(e)
    } else {
        Err(errors)
    }
}

/// Adds or edits an employer; a retried request id adds nothing twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployerSave {
    pub request_id: String,
    pub record: EmployerRecord,
    pub by: Actor,
}

/// Closes or reopens a posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostingChange {
    pub request_id: String,
    pub job_id: Id,
    pub to: PostingStatus,
    pub by: Actor,
}

/// A posting closed or reopened, and the applications closing it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingChanged {
    pub job: Job,
    /// Applications moved to `posting_closed`, by id.
    pub ended: Vec<Id>,
}

/// Whether a posting may move from one status to another: open to closed
/// and back, nothing else.
pub fn change_posting(current: PostingStatus, to: PostingStatus) -> Result<(), Refusal> {
    if current == to {
        return Err(Refusal::Transition(TransitionError {
            from: current.as_str().to_string(),
            to: to.as_str().to_string(),
        }));
    }
    Ok(())
}

/// Whether closing its posting ends an application: every open one the
/// state machine lets move to `posting_closed` (an offer already made
/// stands).
pub fn closing_ends(status: ApplicationStatus) -> bool {
    status
        .allowed_next()
        .contains(&ApplicationStatus::PostingClosed)
}

/// Cancels a course; everyone registered or waiting is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseCancel {
    pub request_id: String,
    pub course_id: Id,
    pub by: Actor,
}

/// A cancelled course and the enrollments its cancellation ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseCancelled {
    pub course: Course,
    /// Enrollments moved to `cancelled`, by id.
    pub ended: Vec<Id>,
}

/// Whether a course may be cancelled: not twice.
pub fn cancel_course(course: &Course) -> Result<(), Refusal> {
    match course.cancelled_on {
        Some(_) => Err(Refusal::Transition(TransitionError {
            from: "cancelled".into(),
            to: "cancelled".into(),
        })),
        None => Ok(()),
    }
}

/// Whether a course's cancellation ends an enrollment: every open one
/// (registered, waiting or attending); results already given stay.
pub fn cancelling_ends(status: EnrollmentStatus) -> bool {
    status.is_open()
}

/// What staff mark on a roster line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterMark {
    /// Came to the course: registered → enrolled.
    Attended,
    /// Finished it: enrolled → completed.
    Completed,
    /// Did not pass: enrolled → failed.
    Failed,
    /// Passed the course's exam: completes it (if not already) and, for a
    /// medical-massage exam preparation or a health-massage level course,
    /// gives the qualification.
    PassedExam,
}

impl RosterMark {
    pub const ALL: [RosterMark; 4] = [
        RosterMark::Attended,
        RosterMark::Completed,
        RosterMark::Failed,
        RosterMark::PassedExam,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RosterMark::Attended => "attended",
            RosterMark::Completed => "completed",
            RosterMark::Failed => "failed",
            RosterMark::PassedExam => "passed_exam",
        }
    }
}

/// One mark on one roster line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterMarkRequest {
    pub request_id: String,
    pub enrollment_id: Id,
    pub mark: RosterMark,
    pub by: Actor,
}

/// A qualification an exam pass gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "level", rename_all = "snake_case")]
pub enum Qualification {
    /// The medical-massage practice certificate (or exam pass).
    PracticeCertificate,
    /// A health-massage level certificate.
    MassageLevel(MassageLevel),
}

impl Qualification {
    /// The audit log's words for it.
    pub fn audit_action(self, course_id: Id) -> String {
        match self {
            Qualification::PracticeCertificate => {
                format!("set practice certificate (exam passed, course {course_id})")
            }
            Qualification::MassageLevel(level) => format!(
                "set massage level to {} (exam passed, course {course_id})",
                level.as_str()
            ),
        }
    }

    /// The profile with the qualification.
    pub fn apply(self, profile: &mut Profile) {
        match self {
            Qualification::PracticeCertificate => profile.practice_certificate = true,
            Qualification::MassageLevel(level) => profile.massage_level = Some(level),
        }
    }
}

/// What a roster mark comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkOutcome {
    /// The enrollment's status afterwards (a history entry is written even
    /// when it stays, for an exam passed after completion).
    pub status: EnrollmentStatus,
    pub note: &'static str,
    /// The profile change the mark brings, if the person lacks it.
    pub qualification: Option<Qualification>,
}

/// Marks a roster line. The enrollment's state machine decides what may
/// follow what; an exam pass completes an enrolled person's course (or is
/// recorded on a completed one) and gives the course's qualification when
/// the person does not hold it yet: the practice certificate for a
/// medical-massage exam preparation, the course's level for a
/// health-massage level course (only upward: 一级 is higher than 五级).
pub fn mark(
    course: &Course,
    current: EnrollmentStatus,
    mark: RosterMark,
    profile: &Profile,
) -> Result<MarkOutcome, Refusal> {
    use EnrollmentStatus::*;
    let (status, note) = match mark {
        RosterMark::Attended => (Enrolled, ATTENDED_NOTE),
        RosterMark::Completed => (Completed, ""),
        RosterMark::Failed => (Failed, ""),
        RosterMark::PassedExam => (Completed, EXAM_PASSED_NOTE),
    };
    let recorded_after_completion = mark == RosterMark::PassedExam && current == Completed;
    if !recorded_after_completion {
        current.check_transition(status)?;
    }
    let qualification = match (mark, course.track, course.level) {
        (RosterMark::PassedExam, Track::MedicalExamPrep, _) if !profile.practice_certificate => {
            Some(Qualification::PracticeCertificate)
        }
        (RosterMark::PassedExam, Track::HealthMassage, Some(level))
            if profile
                .massage_level
                .is_none_or(|held| held.number() > level.number()) =>
        {
            Some(Qualification::MassageLevel(level))
        }
        _ => None,
    };
    Ok(MarkOutcome {
        status,
        note,
        qualification,
    })
}

/// One line of a course's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub enrollment_id: Id,
    pub profile_id: Id,
    pub name: String,
    pub status: EnrollmentStatus,
    /// 1 for the first person waiting; None unless waitlisted.
    pub waitlist_position: Option<u32>,
    /// An exam pass is recorded in the history.
    pub exam_passed: bool,
}

/// A course's roster: those holding a seat in the order they registered,
/// then the waitlist in its order. Cancelled and rejected lines are left
/// out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub course: Course,
    pub entries: Vec<RosterEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Education, Format};
    use chrono::NaiveDate;

    fn course(track: Track, level: Option<MassageLevel>) -> Course {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        Course {
            id: 4,
            title: "c".into(),
            track,
            level,
            provider: "p".into(),
            district: District::Shinan,
            address: String::new(),
            directions: String::new(),
            starts_on: day(4, 1),
            ends_on: day(6, 1),
            enroll_by: day(3, 20),
            hours: 100,
            fee_yuan: 0,
            subsidy: String::new(),
            capacity: 10,
            formats: vec![Format::Braille],
            assessment: String::new(),
            leads_to: String::new(),
            requires_previous_level: true,
            min_age: None,
            max_age: None,
            min_education: Some(Education::Primary),
            description: String::new(),
            seats_taken: 0,
            waiting: 0,
            cancelled_on: None,
        }
    }

    #[test]
    fn marks_follow_the_enrollment_state_machine() {
        use EnrollmentStatus::*;
        let c = course(Track::ContinuingEducation, None);
        let p = Profile::default();
        let ok = |current, m| mark(&c, current, m, &p).map(|o| o.status);
        assert_eq!(ok(Registered, RosterMark::Attended), Ok(Enrolled));
        assert_eq!(ok(Enrolled, RosterMark::Completed), Ok(Completed));
        assert_eq!(ok(Enrolled, RosterMark::Failed), Ok(Failed));
        assert_eq!(ok(Enrolled, RosterMark::PassedExam), Ok(Completed));
        // Recorded on a course already completed.
        assert_eq!(ok(Completed, RosterMark::PassedExam), Ok(Completed));
        for (current, m) in [
            (Waitlisted, RosterMark::Attended),
            (Registered, RosterMark::Completed),
            (Registered, RosterMark::PassedExam),
            (Failed, RosterMark::PassedExam),
            (Cancelled, RosterMark::Attended),
            (Completed, RosterMark::Failed),
            (Enrolled, RosterMark::Attended),
        ] {
            assert!(
                matches!(mark(&c, current, m, &p), Err(Refusal::Transition(_))),
                "{current:?} {m:?}"
            );
        }
    }

    #[test]
    fn passing_a_medical_exam_preparation_gives_the_practice_certificate_once() {
        let c = course(Track::MedicalExamPrep, None);
        let p = Profile::default();
        let o = mark(&c, EnrollmentStatus::Enrolled, RosterMark::PassedExam, &p).unwrap();
        assert_eq!(o.qualification, Some(Qualification::PracticeCertificate));
        assert_eq!(o.note, EXAM_PASSED_NOTE);
        let held = Profile {
            practice_certificate: true,
            ..Profile::default()
        };
        let o = mark(
            &c,
            EnrollmentStatus::Enrolled,
            RosterMark::PassedExam,
            &held,
        )
        .unwrap();
        assert_eq!(o.qualification, None);
        // Completing without the exam gives nothing.
        let o = mark(&c, EnrollmentStatus::Enrolled, RosterMark::Completed, &p).unwrap();
        assert_eq!(o.qualification, None);
    }

    #[test]
    fn a_health_massage_level_only_goes_up() {
        use MassageLevel::*;
        let c = course(Track::HealthMassage, Some(Four));
        let with = |level| Profile {
            massage_level: level,
            ..Profile::default()
        };
        let got = |p: &Profile| {
            mark(&c, EnrollmentStatus::Enrolled, RosterMark::PassedExam, p)
                .unwrap()
                .qualification
        };
        assert_eq!(got(&with(None)), Some(Qualification::MassageLevel(Four)));
        assert_eq!(
            got(&with(Some(Five))),
            Some(Qualification::MassageLevel(Four))
        );
        assert_eq!(got(&with(Some(Four))), None);
        assert_eq!(got(&with(Some(Two))), None);
        // Another track's exam gives no level.
        let other = course(Track::ContinuingEducation, Some(Four));
        assert_eq!(
            mark(
                &other,
                EnrollmentStatus::Enrolled,
                RosterMark::PassedExam,
                &with(None)
            )
            .unwrap()
            .qualification,
            None
        );
        let mut p = with(Some(Five));
        Qualification::MassageLevel(Four).apply(&mut p);
        assert_eq!(p.massage_level, Some(Four));
    }

    #[test]
    fn closing_ends_open_applications_except_an_offer() {
        use ApplicationStatus::*;
        let ended: Vec<_> = ApplicationStatus::ALL
            .iter()
            .copied()
            .filter(|s| closing_ends(*s))
            .collect();
        assert_eq!(
            ended,
            vec![Submitted, UnderReview, Referred, InterviewScheduled]
        );
        assert!(change_posting(PostingStatus::Open, PostingStatus::Closed).is_ok());
        assert!(change_posting(PostingStatus::Closed, PostingStatus::Open).is_ok());
        assert!(change_posting(PostingStatus::Closed, PostingStatus::Closed).is_err());
    }

    #[test]
    fn cancelling_ends_open_enrollments_once() {
        use EnrollmentStatus::*;
        let ended: Vec<_> = EnrollmentStatus::ALL
            .iter()
            .copied()
            .filter(|s| cancelling_ends(*s))
            .collect();
        assert_eq!(ended, vec![Registered, Waitlisted, Enrolled]);
        let mut c = course(Track::HealthMassage, Some(MassageLevel::Five));
        assert!(cancel_course(&c).is_ok());
        c.cancelled_on = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert!(cancel_course(&c).is_err());
    }

    #[test]
    fn employers_need_a_name_a_contact_person_and_a_phone() {
        let e = EmployerRecord {
            id: 0,
            name: "  Shinan Hospital ".into(),
            district: District::Shinan,
            medical_institution: true,
            contact_person: String::new(),
            phone: "0532-8abc".into(),
            address: String::new(),
            accessibility: "Step-free entrance\nTactile path".into(),
        };
        let errors = employer(e.clone()).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::ContactPerson, Field::Phone]);
        let good = employer(EmployerRecord {
            contact_person: "Wang Li".into(),
            phone: "0532-8866 1234".into(),
            ..e
        })
        .unwrap();
        assert_eq!(good.name, "Shinan Hospital");
        assert_eq!(good.employer().contact, "0532-8866 1234");
    }
}
