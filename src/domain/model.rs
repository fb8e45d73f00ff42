//! The entities of jobdesk. Plain data: the rules live in `status`,
//! `validate` and `eligibility`, the storage in `crate::store`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::contact::District;
use super::status::{ApplicationStatus, EnrollmentStatus, StatusChange};
use crate::named_enum;

pub use super::actor::{Actor, Id};

named_enum! {
    /// The kind of work a posting offers; the job list filters on it.
    pub enum WorkKind {
        HealthMassage => "health_massage",
        MedicalMassage => "medical_massage",
        DataLabelling => "data_labelling",
        AudiobookNarration => "audiobook_narration",
        CustomerService => "customer_service",
        ContentReview => "content_review",
        ECommerce => "e_commerce",
        PublicWelfare => "public_welfare",
        Handicraft => "handicraft",
        Other => "other",
    }
}

named_enum! {
    /// Highest completed education (the course rules compare these).
    pub enum Education {
        Primary => "primary",
        JuniorSecondary => "junior_secondary",
        SeniorSecondary => "senior_secondary",
        Vocational => "vocational",
        Associate => "associate",
        Bachelor => "bachelor",
        Postgraduate => "postgraduate",
    }
}

named_enum! {
    /// A format in which someone can read material.
    pub enum Format {
        Braille => "braille",
        LargePrint => "large_print",
        Audio => "audio",
        Electronic => "electronic",
    }
}

named_enum! {
    /// The four kinds of massage-therapy training.
    pub enum Track {
        HealthMassage => "health_massage",
        MedicalExamPrep => "medical_exam_prep",
        ContinuingEducation => "continuing_education",
        DiplomaPlusSkill => "diploma_plus_skill",
    }
}

named_enum! {
    /// Health-massage vocational levels, from 五级/初级 (entry) to 一级/高级技师.
    pub enum MassageLevel {
        Five => "level_5",
        Four => "level_4",
        Three => "level_3",
        Two => "level_2",
        One => "level_1",
    }
}

impl MassageLevel {
    /// The level a course of this level requires first (None for level 5).
    pub fn previous(self) -> Option<Self> {
        match self {
            Self::Five => None,
            Self::Four => Some(Self::Five),
            Self::Three => Some(Self::Four),
            Self::Two => Some(Self::Three),
            Self::One => Some(Self::Two),
        }
    }

    /// The number in the level's name: 5 for 五级, 1 for 一级.
    pub fn number(self) -> u8 {
        match self {
            Self::Five => 5,
            Self::Four => 4,
            Self::Three => 3,
            Self::Two => 2,
            Self::One => 1,
        }
    }
}

named_enum! {
    /// Whether a posting can still be applied for.
    pub enum PostingStatus {
        Open => "open",
        Closed => "closed",
    }
}

/// An organisation that posts jobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employer {
    pub id: Id,
    pub name: String,
    pub district: District,
    /// Hospitals and clinics: their massage posts are medical massage.
    pub medical_institution: bool,
    pub contact: String,
}

/// A job posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: Id,
    pub employer_id: Id,
    pub employer_name: String,
    pub title: String,
    pub kind: WorkKind,
    pub district: District,
    pub address: String,
    pub description: String,
    /// Monthly pay in yuan.
    pub salary_min: u32,
    pub salary_max: u32,
    pub openings: u32,
    pub suits_visual: bool,
    pub remote: bool,
    /// Medical-massage posts need the practice certificate (or an exam pass).
    pub requires_practice_certificate: bool,
    pub accommodations: String,
    pub how_to_apply: String,
    pub posted_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub status: PostingStatus,
}

/// What a job list row needs: enough for a self-contained line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSummary {
    pub id: Id,
    pub title: String,
    pub employer_name: String,
    pub kind: WorkKind,
    pub district: District,
    pub salary_min: u32,
    pub salary_max: u32,
    pub remote: bool,
    pub closes_on: NaiveDate,
}

/// A new posting, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewJob {
    pub employer_id: Id,
    pub title: String,
    pub kind: WorkKind,
    pub district: District,
    pub address: String,
    pub description: String,
    pub salary_min: u32,
    pub salary_max: u32,
    pub openings: u32,
    pub suits_visual: bool,
    pub remote: bool,
    pub requires_practice_certificate: bool,
    pub accommodations: String,
    pub how_to_apply: String,
    pub posted_on: NaiveDate,
    pub closes_on: NaiveDate,
}

/// A massage-therapy training course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub id: Id,
    pub title: String,
    pub track: Track,
    pub level: Option<MassageLevel>,
    pub provider: String,
    pub district: District,
    pub address: String,
    pub directions: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub enroll_by: NaiveDate,
    pub hours: u32,
    pub fee_yuan: u32,
    pub subsidy: String,
    pub capacity: u32,
    pub formats: Vec<Format>,
    pub assessment: String,
    pub leads_to: String,
    /// The previous level's certificate is needed to register.
    pub requires_previous_level: bool,
    pub min_age: Option<u32>,
    pub max_age: Option<u32>,
    pub min_education: Option<Education>,
    pub description: String,
    /// Filled in by the store: seats taken and people waiting.
    pub seats_taken: u32,
    pub waiting: u32,
    /// The day staff cancelled the course; None while it runs.
    #[serde(default)]
    pub cancelled_on: Option<NaiveDate>,
}

impl Course {
    pub fn seats_left(&self) -> u32 {
        self.capacity.saturating_sub(self.seats_taken)
    }
}

/// A new course, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCourse {
    pub title: String,
    pub track: Track,
    pub level: Option<MassageLevel>,
    pub provider: String,
    pub district: District,
    pub address: String,
    pub directions: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub enroll_by: NaiveDate,
    pub hours: u32,
    pub fee_yuan: u32,
    pub subsidy: String,
    pub capacity: u32,
    pub formats: Vec<Format>,
    pub assessment: String,
    pub leads_to: String,
    pub requires_previous_level: bool,
    pub min_age: Option<u32>,
    pub max_age: Option<u32>,
    pub min_education: Option<Education>,
    pub description: String,
}

/// A jobseeker's profile with the needs registration (就业需求登记).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: Id,
    pub name: String,
    pub mobile: String,
    /// Canonical certificate number, or empty when not yet given.
    pub certificate: String,
    pub district: Option<District>,
    pub education: Option<Education>,
    pub braille_reader: bool,
    pub formats: Vec<Format>,
    pub desired_work: String,
    /// Needs and accommodations in the person's own words.
    pub needs: String,
    /// When the person agreed to share disability data with employers.
    pub consent_at: Option<DateTime<Utc>>,
    /// Highest health-massage level certificate held.
    pub massage_level: Option<MassageLevel>,
    /// Medical-massage practice certificate (or exam pass) held.
    pub practice_certificate: bool,
    /// Whether a visual component of a multiple disability is confirmed.
    pub visual_component_confirmed: bool,
    pub certificate_valid_until: Option<NaiveDate>,
    pub counselor_id: Option<Id>,
    pub employed: bool,
    /// The one-person-one-plan (一人一策) text a counselor keeps.
    pub plan: String,
}

/// A caseload row for counselors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSummary {
    pub id: Id,
    pub name: String,
    pub district: Option<District>,
    pub employed: bool,
    pub open_applications: u32,
}

/// A job application with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: Id,
    /// The number the applicant is given, e.g. `JD-00042`.
    pub reference: String,
    pub job_id: Id,
    pub job_title: String,
    pub employer_name: String,
    pub profile_id: Id,
    pub status: ApplicationStatus,
    pub note: String,
    pub submitted_at: DateTime<Utc>,
    pub history: Vec<StatusChange<ApplicationStatus>>,
    /// The interview the employer invited to, if any (employer side);
    /// boxed to keep messages carrying an application small.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview: Option<Box<super::employer_side::Interview>>,
}

/// A registration for a course, or a place on its waitlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub id: Id,
    pub course_id: Id,
    pub course_title: String,
    pub profile_id: Id,
    pub status: EnrollmentStatus,
    /// 1 for the first person waiting; None unless waitlisted.
    pub waitlist_position: Option<u32>,
    pub history: Vec<StatusChange<EnrollmentStatus>>,
}

/// A job coach at a service center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counselor {
    pub id: Id,
    pub name: String,
    pub center: String,
    pub district: District,
}

/// A dated entry in a person's service ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLogEntry {
    pub id: Id,
    pub profile_id: Id,
    /// The person's counselor when the entry was made.
    pub counselor_id: Id,
    /// When it was written down.
    pub at: DateTime<Utc>,
    pub note: String,
    /// How the counselor was in touch (entries from before casework: calls).
    pub kind: super::casework::ContactKind,
    /// The day of the contact.
    pub on: NaiveDate,
    /// Who wrote it, and their name as records show it.
    pub by: Actor,
    pub by_name: String,
}

/// One page of a longer list, with the total for "page 1 of 21".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// There are more than `total`; counting stopped there.
    pub total_capped: bool,
    /// Zero-based.
    pub page: u32,
    pub page_size: u32,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u32 {
        if self.total == 0 || self.page_size == 0 {
            1
        } else {
            self.total.div_ceil(u64::from(self.page_size)) as u32
        }
    }
}
