//! Where the data lives. The interface talks to one [`Store`] trait and never
//! knows whether it has the local SQLite file or a remote server behind it.

pub mod accounts;
pub mod import;
pub mod outbox;
pub mod remote;
pub(crate) mod schema;
mod search;
pub mod seed;
pub mod sqlite;
mod tls;
pub mod traits;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::casework::{
    CaseChange, CaseQuery, CaseRecord, CaseRow, DueCounts, FigureScope, Figures, LedgerRow,
    RecommendRequest, Recommendation, Target,
};
use crate::domain::{
    Actor, Application, ApplicationStatus, Counselor, Course, District, Employer, Enrollment,
    EnrollmentStatus, Field, FieldError, Format, Id, Job, JobSummary, NewCourse, NewJob, Page,
    Profile, Track, TransitionError, WorkKind,
};

pub use accounts::{AccountSummary, Accounts};
pub use remote::{RemoteOptions, RemoteStore};
pub use sqlite::SqliteStore;
pub use traits::{Admin, AuditLog, Change, Idempotency, ServerStore};

/// A request for one page of jobs. Empty filters match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobQuery {
    /// Words to find in title, employer, description, kind and district, in
    /// Chinese or English. Every word must match.
    pub text: String,
    pub districts: Vec<District>,
    pub kinds: Vec<WorkKind>,
    pub suits_visual: bool,
    pub remote_only: bool,
    /// Jobs whose top salary reaches at least this (yuan per month).
    pub salary_from: Option<u32>,
    pub posted_within_days: Option<u32>,
    /// Include closed postings and those past their closing date.
    pub include_closed: bool,
    /// Zero-based.
    pub page: u32,
    pub page_size: u32,
}

/// A request for one page of courses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CourseQuery {
    pub text: String,
    pub tracks: Vec<Track>,
    pub districts: Vec<District>,
    pub starts_within_days: Option<u32>,
    pub free_seats_only: bool,
    pub formats: Vec<Format>,
    /// Include courses that have already started.
    pub include_started: bool,
    pub page: u32,
    pub page_size: u32,
}

/// Apply for a job. The request id makes a retry harmless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyRequest {
    pub request_id: String,
    pub job_id: Id,
    pub profile_id: Id,
    pub note: String,
    /// The jobseeker, or a counselor applying on their behalf.
    pub by: Actor,
}

/// Move an application to a new status (withdraw, employer responses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationChange {
    pub request_id: String,
    pub application_id: Id,
    pub to: ApplicationStatus,
    pub note: String,
    pub by: Actor,
}

/// Register for a course, or join its waitlist when it is full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub request_id: String,
    pub course_id: Id,
    pub profile_id: Id,
    pub by: Actor,
}

/// Move an enrollment to a new status (cancel, enrol, results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollmentChange {
    pub request_id: String,
    pub enrollment_id: Id,
    pub to: EnrollmentStatus,
    pub note: String,
    pub by: Actor,
}

/// What kind of record was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Job,
    Employer,
    Application,
    Course,
    Enrollment,
    Profile,
    Counselor,
    /// A step of a person's plan.
    Step,
    Placement,
}

/// Why a store call failed. Each is one plain reason the interface can say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum StoreError {
    #[error("the {what:?} with number {id} does not exist")]
    NotFound { what: Entity, id: Id },
    #[error("some fields are not valid: {errors:?}")]
    Invalid { errors: Vec<FieldError> },
    #[error("the profile is not complete: {missing:?}")]
    ProfileIncomplete { missing: Vec<Field> },
    #[error("there is already an open application for this job, reference {reference}")]
    AlreadyApplied { reference: String },
    #[error("there is already a registration for this course ({status})")]
    AlreadyRegistered { status: EnrollmentStatus },
    #[error("this job posting is closed")]
    PostingClosed,
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("the enrollment deadline, {deadline}, has passed")]
    DeadlinePassed { deadline: NaiveDate },
    #[error("the course is full")]
    CourseFull,
    #[error("the course started on {started}")]
    CourseStarted { started: NaiveDate },
    #[error("not eligible for this course")]
    NotEligible {
        reasons: Vec<crate::domain::eligibility::Reason>,
    },
    #[error("the person has not agreed that their counselor may act for them")]
    NoAgreement,
    #[error("this request id was already used for a different request")]
    RequestIdReused,
    #[error("not allowed")]
    Forbidden,
    #[error("the login or PIN is wrong; {attempts_left} tries left")]
    LoginFailed { attempts_left: u32 },
    #[error("the account is locked until {until}")]
    Locked {
        until: chrono::DateTime<chrono::Utc>,
    },
    #[error("that login name is taken")]
    LoginTaken,
    #[error("the session has ended; log in again")]
    SessionExpired,
    #[error("the server is busy; try again in {retry_after} seconds")]
    Busy { retry_after: u32 },
    #[error("too many logins from this address; try again in {retry_after} seconds")]
    TooManyAttempts { retry_after: u32 },
    #[error("saved on this computer; it will be sent when the connection returns")]
    Queued,
    #[error("the database cannot save anything: {fault}")]
    Storage { fault: StorageFault },
    #[error("the secure connection to the server failed: {problem}")]
    Tls { problem: TlsProblem },
    #[error("the store cannot be reached: {detail}")]
    Unavailable { detail: String },
    #[error("internal store error: {detail}")]
    Internal { detail: String },
}

/// What is wrong with the database file or its disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum StorageFault {
    #[error("the disk is full")]
    Full,
    #[error("the file is read-only")]
    ReadOnly,
    #[error("the file is damaged")]
    Damaged,
    #[error("the disk cannot be read or written")]
    Io,
}

/// Why a secure connection to the server failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum TlsProblem {
    #[error("its certificate is not trusted")]
    Untrusted,
    #[error("its certificate has expired or is not valid yet")]
    Expired,
    #[error("its certificate is for another name")]
    WrongName,
    #[error("the TLS handshake failed")]
    Other,
}

impl From<crate::domain::rules::Refusal> for StoreError {
    fn from(refusal: crate::domain::rules::Refusal) -> Self {
        use crate::domain::rules::{Missing, Refusal};
        match refusal {
            Refusal::Missing(Missing::Job(id)) => StoreError::NotFound {
                what: Entity::Job,
                id,
            },
            Refusal::Missing(Missing::Profile(id)) => StoreError::NotFound {
                what: Entity::Profile,
                id,
            },
            Refusal::ProfileIncomplete { missing } => StoreError::ProfileIncomplete { missing },
            Refusal::PostingClosed => StoreError::PostingClosed,
            Refusal::AlreadyApplied { reference } => StoreError::AlreadyApplied { reference },
            Refusal::CourseStarted { started } => StoreError::CourseStarted { started },
            Refusal::DeadlinePassed { deadline } => StoreError::DeadlinePassed { deadline },
            Refusal::NotEligible { reasons } => StoreError::NotEligible { reasons },
            Refusal::AlreadyRegistered { status } => StoreError::AlreadyRegistered { status },
            Refusal::CourseFull => StoreError::CourseFull,
            Refusal::Transition(e) => StoreError::Transition(e),
        }
    }
}

impl StoreError {
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Self::Invalid { errors }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the interface, the server and the importer need from storage.
///
/// `Send + Sync` so one store can serve a server's worker threads; methods
/// take `&self` and implementations synchronise inside.
pub trait Store: Send + Sync {
    /// Who this store acts as: the local profile owner, or the logged-in
    /// account of a remote store. None before a local profile exists.
    fn current_user(&self) -> StoreResult<Option<Actor>>;

    /// Whether the user must log in before anything else (remote stores).
    fn needs_login(&self) -> bool {
        false
    }

    /// Logs in with a login name and PIN or password; returns who the
    /// session acts as. The local store has no accounts.
    fn log_in(&self, _login: &str, _secret: &str) -> StoreResult<Actor> {
        Err(StoreError::Forbidden)
    }

    /// Ends the session (the kiosk does so when someone walks away).
    fn log_out(&self) {}

    // Jobs
    fn search_jobs(&self, query: &JobQuery) -> StoreResult<Page<JobSummary>>;
    fn job(&self, id: Id) -> StoreResult<Job>;
    fn post_job(&self, by: Actor, job: NewJob) -> StoreResult<Job>;
    fn employers(&self) -> StoreResult<Vec<Employer>>;

    // Applications
    fn apply(&self, request: &ApplyRequest) -> StoreResult<Application>;
    fn applications(&self, profile_id: Id) -> StoreResult<Vec<Application>>;
    fn application(&self, id: Id) -> StoreResult<Application>;
    fn change_application(&self, change: &ApplicationChange) -> StoreResult<Application>;

    // Training
    fn search_courses(&self, query: &CourseQuery) -> StoreResult<Page<Course>>;
    fn course(&self, id: Id) -> StoreResult<Course>;
    fn post_course(&self, by: Actor, course: NewCourse) -> StoreResult<Course>;
    fn register(&self, request: &RegisterRequest) -> StoreResult<Enrollment>;
    fn enrollments(&self, profile_id: Id) -> StoreResult<Vec<Enrollment>>;
    fn enrollment(&self, id: Id) -> StoreResult<Enrollment>;
    /// Cancelling a seat promotes the first person waiting, in the same
    /// transaction.
    fn change_enrollment(&self, change: &EnrollmentChange) -> StoreResult<Enrollment>;

    // People
    fn profile(&self, id: Id) -> StoreResult<Profile>;
    /// Saves a profile; id 0 creates one. For the local store, the first
    /// profile created becomes the current user.
    fn save_profile(&self, by: Actor, profile: Profile) -> StoreResult<Profile>;
    fn counselor(&self, id: Id) -> StoreResult<Counselor>;

    // Casework (the counselor's desk). The rules are in
    // `domain::casework`; a store loads the facts and writes the outcome.

    /// One page of a caseload (or of everyone, for staff), in name order,
    /// with its filters; the total is capped like the job search's.
    fn case_rows(&self, query: &CaseQuery) -> StoreResult<Page<CaseRow>>;

    /// How many people of a counselor's caseload have something due within
    /// `DUE_WITHIN_DAYS`, and how many something overdue (said at login).
    fn due_counts(&self, counselor_id: Id) -> StoreResult<DueCounts>;

    /// A person's whole record. `by` must keep the case
    /// (`casework::may_keep_case`); every read is audited.
    fn case_record(&self, by: Actor, profile_id: Id) -> StoreResult<CaseRecord>;

    /// Makes one dated, audited change to a person's record; the record
    /// as it is afterwards. A retried request id changes nothing again.
    fn change_case(&self, change: &CaseChange) -> StoreResult<CaseRecord>;

    /// Makes several changes, in order, each as `change_case` would (the
    /// rules, dated, audited, retries answered), without answering the
    /// records: for writing many histories (the demo seed). A store may
    /// make them in one transaction.
    fn change_cases(&self, changes: &[CaseChange]) -> StoreResult<()> {
        for change in changes {
            self.change_case(change)?;
        }
        Ok(())
    }

    /// Recommends a job or course to people in the recommender's caseload;
    /// one recommendation per person. A retried request id changes nothing.
    fn recommend(&self, request: &RecommendRequest) -> StoreResult<Vec<Recommendation>>;

    /// A person's recommendations, newest first.
    fn recommendations(&self, profile_id: Id) -> StoreResult<Vec<Recommendation>>;

    /// The person has heard their recommendations: they are no longer new.
    fn mark_recommendations_seen(&self, profile_id: Id) -> StoreResult<()>;

    /// The figures of a counselor, a center or the city for a year,
    /// counted on today (or the last day of a year gone by). A counselor
    /// reads their own and their center's; staff and administrators any.
    fn figures(&self, scope: &FigureScope, year: i32) -> StoreResult<Figures>;

    /// The ledger of everyone in the scope, in name order, for export
    /// (who may read it as for [`Store::figures`]).
    fn ledger(&self, scope: &FigureScope) -> StoreResult<Vec<LedgerRow>>;

    /// Sets a yearly target (staff and administrators).
    fn set_target(&self, by: Actor, target: &Target) -> StoreResult<()>;

    /// Every counselor, by name (staff assign caseloads; records name them).
    fn counselors(&self) -> StoreResult<Vec<Counselor>>;

    /// Imports a file's records (staff and administrators; on a local
    /// file also its owner): every one written in one transaction, or,
    /// when any line is bad or on a dry run, none. Records the store
    /// already has by external id are updated or left alone.
    fn import(
        &self,
        _by: Actor,
        _batch: &import::ImportBatch,
        _dry_run: bool,
    ) -> StoreResult<import::ImportOutcome> {
        Err(StoreError::Forbidden)
    }

    // porter (issue 15, point 2): exports of people, applications and rosters.

    /// The records of an export, only what `by` may see: a counselor
    /// their caseload, staff and administrators (and a local file's
    /// owner) everyone, an employer the applications to its own jobs.
    /// Certificate numbers and disability data of someone who has not
    /// consented are left empty unless `by` keeps their case.
    fn export_rows(
        &self,
        _by: Actor,
        _query: &import::ExportQuery,
    ) -> StoreResult<import::ExportRows> {
        Err(StoreError::Forbidden)
    }
}

/// A fresh client request id for a change.
pub fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
