//! Messages into the interface, effects out of it, and the values that
//! travel with them (store calls and their answers, settings, replies).

use chrono::{DateTime, Utc};

use crate::domain::casework::{
    CaseChange, CaseQuery, CaseRecord, CaseRow, DueCounts, FigureScope, Figures, RecommendRequest,
    Recommendation,
};
use crate::domain::{
    Actor, Application, Counselor, Course, Enrollment, Id, Job, JobSummary, Page, Profile,
};
use crate::i18n::Lang;
use crate::keymap::{Command, KeyPress};
use crate::store::{
    ApplicationChange, ApplyRequest, CourseQuery, EnrollmentChange, JobQuery, RegisterRequest,
    StoreError,
};

/// Something that happened: a key, pasted text, a resize, or the result of
/// a store call the interface asked for.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyPress),
    /// A command without a key (linear mode).
    Command(Command),
    /// The time now (the kiosk's idle timer).
    Tick(DateTime<Utc>),
    Paste(String),
    Resize(u16, u16),
    /// The answer to a store call, tagged with the screen that asked.
    Done(CallTag, Result<Done, StoreError>),
    /// A store call has been waiting a while: say that it is working.
    Waiting(CallTag),
    /// Changes kept offline were sent (or refused) now that the server
    /// answers again.
    Delivered(Vec<crate::store::outbox::Delivery>),
}

/// What `update` asks the outside world to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Call the store; the result comes back as `Msg::Done` with the tag.
    Store(CallTag, Box<StoreCall>),
    /// Keep the settings for next time.
    SaveSettings(Settings),
    /// Repeat, rate, volume, voice language.
    Speech(crate::speech::SpeechControl),
    /// End the store session (a kiosk session was wiped).
    LogOut,
    /// Say this, which the screen does not show (numbers read back at a
    /// kiosk).
    Speak(String),
}

/// Which screen asked for a store call (each screen shown gets an id of
/// its own), and which call of that screen it is: the answer goes to that
/// screen only, and not at all once the screen is closed or the wait was
/// abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallTag {
    pub screen: u64,
    pub serial: u64,
}

/// A store call, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreCall {
    LogIn {
        login: String,
        secret: String,
    },
    SearchJobs(JobQuery),
    Job(Id),
    Apply(ApplyRequest),
    Applications(Id),
    ChangeApplication(ApplicationChange),
    Profile(Id),
    SaveProfile(Profile),
    SearchCourses(CourseQuery),
    Course(Id),
    Register(RegisterRequest),
    Enrollments(Id),
    ChangeEnrollment(EnrollmentChange),
    CaseRows(CaseQuery),
    DueCounts(Id),
    /// A person's record, read by `by`.
    CaseRecord {
        by: Actor,
        profile_id: Id,
    },
    ChangeCase(CaseChange),
    Recommend(RecommendRequest),
    Recommendations(Id),
    MarkRecommendationsSeen(Id),
    Figures(FigureScope, i32),
    Counselors,
    Counselor(Id),
    /// Writes figures or a ledger to a file (CSV or XLSX).
    Export(crate::export::ExportRequest),
    // Accounts and the audit log (the staff desk), in the name of `Actor`.
    AccountRows(Actor, crate::store::accounts::AccountQuery),
    CreateAccount(Actor, crate::store::accounts::NewAccount),
    ChangeAccount(Actor, crate::store::accounts::AccountChange),
    AuditRows(Actor, crate::store::accounts::AuditQuery),
    MoveCaseload {
        by: Actor,
        from: Id,
        to: Id,
    },
    Employers,
    // Employer side.
    EmployerJobs {
        by: Actor,
        employer_id: Id,
    },
    JobApplicants {
        by: Actor,
        job_id: Id,
    },
    Applicant {
        by: Actor,
        application_id: Id,
    },
    Respond(crate::store::EmployerResponse),
    /// The staff desk's calls (employers, postings, courses, rosters).
    Staff(crate::ui::screens::staff::StaffCall),
    // What's new and saved searches.
    /// What's new for a person; with a visit id, a visit starts first
    /// (at login).
    WhatsNew {
        profile_id: Id,
        visit_id: Option<String>,
    },
    DismissNew {
        profile_id: Id,
        key: String,
    },
    SaveSearch(crate::store::NewSavedSearch),
    SavedSearches(Id),
    DeleteSavedSearch {
        profile_id: Id,
        search_id: Id,
    },
    /// porter: reads a file and imports it (checks only on a dry run).
    ImportFile {
        by: Actor,
        kind: crate::import::ImportKind,
        path: std::path::PathBuf,
        dry_run: bool,
        today: chrono::NaiveDate,
    },
}

impl StoreCall {
    /// What kind of call this is, for logs (never the data it carries).
    pub fn kind(&self) -> &'static str {
        match self {
            StoreCall::LogIn { .. } => "log_in",
            StoreCall::SearchJobs(_) => "search_jobs",
            StoreCall::Job(_) => "job",
            StoreCall::Apply(_) => "apply",
            StoreCall::Applications(_) => "applications",
            StoreCall::ChangeApplication(_) => "change_application",
            StoreCall::Profile(_) => "profile",
            StoreCall::SaveProfile(_) => "save_profile",
            StoreCall::SearchCourses(_) => "search_courses",
            StoreCall::Course(_) => "course",
            StoreCall::Register(_) => "register",
            StoreCall::Enrollments(_) => "enrollments",
            StoreCall::ChangeEnrollment(_) => "change_enrollment",
            StoreCall::CaseRows(_) => "case_rows",
            StoreCall::DueCounts(_) => "due_counts",
            StoreCall::CaseRecord { .. } => "case_record",
            StoreCall::ChangeCase(_) => "change_case",
            StoreCall::Recommend(_) => "recommend",
            StoreCall::Recommendations(_) => "recommendations",
            StoreCall::MarkRecommendationsSeen(_) => "mark_recommendations_seen",
            StoreCall::Figures(..) => "figures",
            StoreCall::Counselors => "counselors",
            StoreCall::Counselor(_) => "counselor",
            StoreCall::Export(_) => "export",
            StoreCall::AccountRows(..) => "account_rows",
            StoreCall::CreateAccount(..) => "create_account",
            StoreCall::ChangeAccount(..) => "change_account",
            StoreCall::AuditRows(..) => "audit_rows",
            StoreCall::MoveCaseload { .. } => "move_caseload",
            StoreCall::Employers => "employers",
            StoreCall::EmployerJobs { .. } => "employer_jobs",
            StoreCall::JobApplicants { .. } => "job_applicants",
            StoreCall::Applicant { .. } => "applicant",
            StoreCall::Respond(_) => "respond",
            StoreCall::Staff(call) => call.kind(),
            StoreCall::WhatsNew { .. } => "whats_new",
            StoreCall::DismissNew { .. } => "dismiss_new",
            StoreCall::SaveSearch(_) => "save_search",
            StoreCall::SavedSearches(_) => "saved_searches",
            StoreCall::DeleteSavedSearch { .. } => "delete_saved_search",
            StoreCall::ImportFile { .. } => "import_file",
        }
    }
}

impl StoreCall {
    /// What to say when the user stops waiting for this call: a change
    /// may already have reached the server.
    pub fn abandoned_key(&self) -> &'static str {
        match self {
            // These carry a request id: sending them again is safe.
            StoreCall::Apply(_)
            | StoreCall::ChangeApplication(_)
            | StoreCall::Register(_)
            | StoreCall::ChangeEnrollment(_)
            | StoreCall::ChangeCase(_)
            | StoreCall::Recommend(_)
            | StoreCall::Respond(_) => "common.wait_abandoned_sent",
            StoreCall::SaveProfile(_) => "common.wait_abandoned_saved",
            StoreCall::Staff(call) if call.carries_request_id() => "common.wait_abandoned_sent",
            _ => "common.wait_abandoned",
        }
    }
}

/// The answer to a [`StoreCall`].
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    LoggedIn(crate::domain::Actor),
    Jobs(Page<JobSummary>),
    Job(Box<Job>),
    Applied(Application),
    Applications(Vec<Application>),
    ApplicationChanged(Application),
    Profile(Box<Profile>),
    ProfileSaved(Box<Profile>),
    Courses(Page<Course>),
    Course(Box<Course>),
    Registered(Enrollment),
    Enrollments(Vec<Enrollment>),
    EnrollmentChanged(Enrollment),
    CaseRows(Page<CaseRow>),
    DueCounts(DueCounts),
    CaseRecord(Box<CaseRecord>),
    CaseChanged(Box<CaseRecord>),
    Recommended(Vec<Recommendation>),
    Recommendations(Vec<Recommendation>),
    RecommendationsSeen,
    Figures(Box<Figures>),
    Counselors(Vec<Counselor>),
    Counselor(Counselor),
    Exported(crate::export::Exported),
    AccountRows(Page<crate::store::accounts::AccountRow>),
    /// An account added or changed: as it is now.
    AccountSaved(Box<crate::store::accounts::AccountRow>),
    AuditRows(Page<crate::store::accounts::AuditRow>),
    /// How many people moved to another counselor.
    CaseloadMoved(u64),
    Employers(Vec<crate::domain::Employer>),
    // Employer side.
    EmployerJobs(Vec<crate::domain::employer_side::EmployerJob>),
    Applicants(Vec<crate::domain::employer_side::Applicant>),
    Applicant(Box<crate::domain::employer_side::Applicant>),
    Responded(Box<crate::domain::employer_side::Applicant>),
    Staff(crate::ui::screens::staff::StaffDone),
    WhatsNew(crate::domain::whats_new::WhatsNew),
    /// The key of the change dismissed.
    Dismissed(String),
    SearchSaved(crate::store::SavedSearch),
    SavedSearches(Vec<crate::store::SavedSearch>),
    /// The id of the saved search deleted.
    SearchDeleted(Id),
    /// porter: what an import of a file came to.
    Imported(crate::import::ImportReport),
}

/// What the user can change in Settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub lang: Lang,
    pub high_contrast: bool,
    pub vim_keys: bool,
    /// Linear mode, from the next start.
    pub linear: bool,
}

/// A value a screen hands back to the one below it when it closes.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    JobFilters(JobQuery),
    CourseFilters(CourseQuery),
    ProfileSaved,
    /// Caseload filters chosen.
    CaseFilters(CaseQuery),
    /// A change to a person's record was saved: the record as it is now.
    CaseChanged(Box<CaseRecord>),
    /// An account as it is after a change made on the screen above.
    AccountSaved(Box<crate::store::accounts::AccountRow>),
    /// The audit log's filters chosen.
    AuditFilters(crate::store::accounts::AuditQuery),
    /// An option picked from a form's choice (its field id and index).
    Chosen {
        field: &'static str,
        index: usize,
    },
}
