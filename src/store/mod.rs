//! Where the data lives. The interface talks to one [`Store`] trait and never
//! knows whether it has the local SQLite file or a remote server behind it.

pub mod accounts;
pub mod employer_side;
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
use crate::domain::staff;
use crate::domain::whats_new::WhatsNew;
use crate::domain::{
    Actor, Application, ApplicationStatus, Counselor, Course, District, Employer, Enrollment,
    EnrollmentStatus, Field, FieldError, Format, Id, Job, JobSummary, NewCourse, NewJob, Page,
    Profile, Track, TransitionError, WorkKind,
};

use crate::domain::employer_side::{Applicant, EmployerJob};
pub use accounts::{AccountSummary, Accounts};
pub use employer_side::EmployerResponse;
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

/// A job search kept under a name: its text and filters. What's new tells
/// the jobs posted since the last visit that match it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedSearch {
    pub id: Id,
    pub profile_id: Id,
    pub name: String,
    /// The search; its page is not kept.
    pub query: JobQuery,
}

/// Save a search under a name; saving a name again replaces its search,
/// so a retry changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSavedSearch {
    pub profile_id: Id,
    pub name: String,
    pub query: JobQuery,
}

/// The longest name a saved search may have, in characters.
pub const SAVED_SEARCH_NAME_MAX: usize = 60;

/// How many searches one person may keep.
pub const SAVED_SEARCHES_MAX: usize = 50;

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
    /// Include courses staff cancelled (the staff desk lists them).
    pub include_cancelled: bool,
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
    Account,
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
    #[error("the course was cancelled")]
    CourseCancelled,
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
    #[error("this account is disabled")]
    AccountDisabled,
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
            Refusal::CourseCancelled => StoreError::CourseCancelled,
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

    // Accounts and the audit log (the staff desk): staff and
    // administrators only; whose accounts each keeps is
    // `Actor::may_keep_accounts_of`. Every change is audited.

    /// One page of accounts whose login or name matches the text.
    fn account_rows(
        &self,
        by: Actor,
        query: &accounts::AccountQuery,
    ) -> StoreResult<Page<accounts::AccountRow>>;

    /// Adds an account with the record it needs (a jobseeker's profile,
    /// a counselor's record; an employer account names its employer).
    fn create_account(
        &self,
        by: Actor,
        new: &accounts::NewAccount,
    ) -> StoreResult<accounts::AccountRow>;

    /// Resets a PIN, unlocks, disables or enables an account.
    fn change_account(
        &self,
        by: Actor,
        change: &accounts::AccountChange,
    ) -> StoreResult<accounts::AccountRow>;

    /// One page of the audit log, newest first, by person, actor and date.
    fn audit_rows(
        &self,
        by: Actor,
        query: &accounts::AuditQuery,
    ) -> StoreResult<Page<accounts::AuditRow>>;

    /// Moves everyone in one counselor's caseload to another (a counselor
    /// who leaves): each move a dated, audited change as
    /// [`Store::change_case`] makes it. How many people moved.
    fn move_caseload(&self, by: Actor, from: Id, to: Id) -> StoreResult<u64> {
        if !by.sees_everyone() {
            return Err(StoreError::Forbidden);
        }
        self.counselor(to)?;
        let mut moved = 0u64;
        // Each round moves the first page, so the next round's first page
        // holds the people still left; bounded by the count at the start.
        let query = CaseQuery {
            counselor_id: Some(from),
            page_size: 100,
            ..CaseQuery::default()
        };
        let rounds = self.case_rows(&query)?.total / 100 + 2;
        for _ in 0..rounds {
            let page = self.case_rows(&query)?;
            if page.items.is_empty() {
                break;
            }
            let changes: Vec<CaseChange> = page
                .items
                .iter()
                .map(|row| CaseChange {
                    request_id: new_request_id(),
                    profile_id: row.id,
                    by,
                    edit: crate::domain::casework::CaseEdit::Assign {
                        counselor_id: Some(to),
                    },
                })
                .collect();
            self.change_cases(&changes)?;
            moved += changes.len() as u64;
        }
        Ok(moved)
    }

    // Employer side (issue 15 point 4). Who may answer is
    // `domain::employer_side::may_answer`: the job's employer, or staff and
    // administrators for it; anyone else is `Forbidden`.

    /// An employer's jobs with their application counts.
    fn employer_jobs(&self, _by: Actor, _employer_id: Id) -> StoreResult<Vec<EmployerJob>> {
        Err(StoreError::Forbidden)
    }

    /// The applicants to one job, oldest first, as the employer may see
    /// them (`domain::employer_side::applicant_view`).
    fn job_applicants(&self, _by: Actor, _job_id: Id) -> StoreResult<Vec<Applicant>> {
        Err(StoreError::Forbidden)
    }

    /// One applicant, as [`Store::job_applicants`] shows them.
    fn applicant(&self, _by: Actor, _application_id: Id) -> StoreResult<Applicant> {
        Err(StoreError::Forbidden)
    }

    /// One step of an answer (viewed, invite, offer, decline): dated
    /// history entries naming who made it. A retried request id changes
    /// nothing again.
    fn respond(&self, _response: &EmployerResponse) -> StoreResult<Applicant> {
        Err(StoreError::Forbidden)
    }

    // The staff desk: employers, postings, courses and rosters, kept by
    // staff and administrators only (the rules are in `domain::staff`).
    // Every change carries a request id or is harmless to repeat.

    /// Every employer with how to reach it and its workplace notes, by
    /// name, read by `by`.
    fn employer_records(&self, _by: Actor) -> StoreResult<Vec<staff::EmployerRecord>> {
        Err(StoreError::Forbidden)
    }

    /// Adds (id 0) or edits an employer.
    fn save_employer(&self, _save: &staff::EmployerSave) -> StoreResult<staff::EmployerRecord> {
        Err(StoreError::Forbidden)
    }

    /// Edits a posting (its status stays; see [`Store::change_posting`]).
    fn edit_job(&self, _by: Actor, _id: Id, _job: NewJob) -> StoreResult<Job> {
        Err(StoreError::Forbidden)
    }

    /// Closes or reopens a posting. Closing ends its open applications as
    /// `posting_closed`, each with a dated history entry, in one
    /// transaction.
    fn change_posting(&self, _change: &staff::PostingChange) -> StoreResult<staff::PostingChanged> {
        Err(StoreError::Forbidden)
    }

    /// Edits a course; more seats take people from the waitlist.
    fn edit_course(&self, _by: Actor, _id: Id, _course: NewCourse) -> StoreResult<Course> {
        Err(StoreError::Forbidden)
    }

    /// Cancels a course: everyone registered or waiting moves to
    /// `cancelled` with a dated history entry saying so, in one transaction.
    fn cancel_course(&self, _cancel: &staff::CourseCancel) -> StoreResult<staff::CourseCancelled> {
        Err(StoreError::Forbidden)
    }

    /// A course's registered people and its waitlist, read by `by`.
    fn roster(&self, _by: Actor, _course_id: Id) -> StoreResult<staff::Roster> {
        Err(StoreError::Forbidden)
    }

    /// Marks a roster line (attended, completed, failed, passed the exam).
    /// An exam pass that gives a qualification changes the person's
    /// profile in the same transaction and is audited.
    fn mark_roster(&self, _request: &staff::RosterMarkRequest) -> StoreResult<Enrollment> {
        Err(StoreError::Forbidden)
    }

    // What's new and saved searches (issue 15, point 5). The rule is in
    // `domain::whats_new`; a store keeps the visits, dismissals and
    // searches and loads the facts. A person reads and changes only their
    // own. The defaults are a store that keeps none of them.

    /// The person starts a visit (logs in): the visit before becomes the
    /// "last visit" what's new counts from. The same `visit_id` again (a
    /// retry, the menu shown again) changes nothing.
    fn begin_visit(&self, _profile_id: Id, _visit_id: &str) -> StoreResult<()> {
        Ok(())
    }

    /// What changed for the person since their last visit, newest first,
    /// without what they dismissed.
    fn whats_new(&self, _profile_id: Id) -> StoreResult<WhatsNew> {
        Ok(WhatsNew::default())
    }

    /// The person has read a change and does not want it again (its
    /// `Change::key`). Dismissing twice is harmless.
    fn dismiss_new(&self, _profile_id: Id, _key: &str) -> StoreResult<()> {
        Err(StoreError::Forbidden)
    }

    /// Saves a search under a name (the same name replaces it).
    fn save_search(&self, _search: &NewSavedSearch) -> StoreResult<SavedSearch> {
        Err(StoreError::Forbidden)
    }

    /// A person's saved searches, by name.
    fn saved_searches(&self, _profile_id: Id) -> StoreResult<Vec<SavedSearch>> {
        Ok(Vec::new())
    }

    /// Deletes one of the person's saved searches (gone already: done).
    fn delete_saved_search(&self, _profile_id: Id, _search_id: Id) -> StoreResult<()> {
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
