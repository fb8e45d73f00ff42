//! The local store: one SQLite file (WAL, foreign keys, FTS5 trigram search).

use super::schema::MIGRATIONS;
use super::search;
use super::*;
use crate::clock::{Clock, SystemClock};
pub use crate::domain::rules::PROMOTION_NOTE;
use crate::domain::rules::{self, ApplyFacts, EnrollmentChangeFacts, Posting, RegisterFacts};
use crate::domain::status::StatusChange;
use crate::domain::{Education, MassageLevel, PostingStatus, validate};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};
use std::time::Duration;

mod accounts;
mod admin;
mod applications;
mod bulk;
mod casework;
mod codec;
mod employer_side;
mod export_rows;
mod figures;
mod idempotency;
mod import;
mod intake;
mod jobs;
mod people;
mod query;
mod requests;
mod staff;
mod tally;
mod training;
mod whats_new;

pub use bulk::BulkCase;
pub use intake::Holdings;

use codec::*;
use query::*;

use jobs::insert_job;

/// A store on a local SQLite file. Each instance holds one connection; open
/// several (one per desk, thread or process) on the same file as needed.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    clock: Arc<dyn Clock>,
    /// Who logged in at this desk (a kiosk on a local file): acts instead
    /// of the file's own jobseeker until logged out.
    session: Mutex<Option<Actor>>,
}

impl From<rusqlite::Error> for StoreError {
    /// Faults of the file or disk are told apart from other errors: they
    /// need someone to act (free space, fix permissions, restore a copy).
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let fault = match &e {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                ErrorCode::DiskFull => Some(StorageFault::Full),
                ErrorCode::ReadOnly => Some(StorageFault::ReadOnly),
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => Some(StorageFault::Damaged),
                ErrorCode::SystemIoFailure | ErrorCode::CannotOpen => Some(StorageFault::Io),
                _ => None,
            },
            _ => None,
        };
        match fault {
            Some(fault) => {
                tracing::error!("database: {e}");
                StoreError::Storage { fault }
            }
            None => StoreError::Internal {
                detail: e.to_string(),
            },
        }
    }
}

impl SqliteStore {
    /// Opens (creating it with mode 0600 if needed) and migrates a database.
    pub fn open(path: &Path) -> StoreResult<Self> {
        Self::open_with_clock(path, Arc::new(SystemClock))
    }

    pub fn open_with_clock(path: &Path, clock: Arc<dyn Clock>) -> StoreResult<Self> {
        create_private_file(path)?;
        let conn = Connection::open(path)?;
        Self::setup(conn, clock)
    }

    /// A private database that lives only as long as the store (tests).
    pub fn in_memory(clock: Arc<dyn Clock>) -> StoreResult<Self> {
        Self::setup(Connection::open_in_memory()?, clock)
    }

    fn setup(mut conn: Connection, clock: Arc<dyn Clock>) -> StoreResult<Self> {
        // Another desk holding the write lock makes us wait, not fail.
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Casework alone prepares more distinct statements than the
        // default cache of 16 holds; re-preparing them cost more than
        // running them.
        conn.set_prepared_statement_cache_capacity(256);
        migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            clock,
            session: Mutex::new(None),
        })
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves the connection usable:
        // SQLite rolls back the open transaction when it is dropped.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(crate) fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Checks the database can be read and written (a full disk, a
    /// read-only or broken file fail here), and gives the schema version.
    pub fn health_check(&self) -> StoreResult<u32> {
        let version = self.schema_version()?;
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('health_checked_at', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [time_text(self.now())],
        )?;
        tx.commit()?;
        Ok(version)
    }

    /// The schema version (number of migrations run).
    pub fn schema_version(&self) -> StoreResult<u32> {
        Ok(self
            .lock()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn add_employer(&self, e: &Employer) -> StoreResult<Id> {
        let conn = self.lock();
        conn.execute(
            "INSERT INTO employers (name, district, medical_institution, contact) VALUES (?1, ?2, ?3, ?4)",
            params![e.name, e.district.code(), e.medical_institution, e.contact],
        )?;
        Ok(conn.last_insert_rowid())
    }

    pub fn add_counselor(&self, c: &Counselor) -> StoreResult<Id> {
        let conn = self.lock();
        conn.execute(
            "INSERT INTO counselors (name, center, district) VALUES (?1, ?2, ?3)",
            params![c.name, c.center, c.district.code()],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Posts many jobs in one transaction (seeding and CSV import).
    pub fn post_jobs(&self, jobs: Vec<NewJob>) -> StoreResult<u64> {
        let mut valid = Vec::with_capacity(jobs.len());
        for job in jobs {
            valid.push(validate::new_job(job).map_err(StoreError::invalid)?);
        }
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let count = valid.len() as u64;
        for job in &valid {
            insert_job(&tx, job)?;
        }
        tx.commit()?;
        Ok(count)
    }

    pub fn set_current_profile(&self, id: Id) -> StoreResult<()> {
        self.lock().execute(
            "INSERT INTO settings (key, value) VALUES ('current_profile', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![id.to_string()],
        )?;
        Ok(())
    }
}

#[cfg(unix)]
pub(super) fn create_private_file(path: &Path) -> StoreResult<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if path.exists() {
        return Ok(());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(|_| ())
        .or_else(|e| match e.kind() {
            // Another process created it first: fine.
            std::io::ErrorKind::AlreadyExists => Ok(()),
            _ => Err(StoreError::Unavailable {
                detail: format!("{}: {e}", path.display()),
            }),
        })
}

#[cfg(not(unix))]
pub(super) fn create_private_file(_path: &Path) -> StoreResult<()> {
    Ok(())
}

fn migrate(conn: &mut Connection) -> StoreResult<()> {
    // Rebuilding a table (migration 4) needs foreign keys off; they are
    // checked by hand before the migration commits, and back on after.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = migrate_in(conn);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

/// The migration that added casework (schema 5).
const CASEWORK_MIGRATION: usize = 5;

fn migrate_in(conn: &mut Connection) -> StoreResult<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    if version > MIGRATIONS.len() {
        return Err(StoreError::Unavailable {
            detail: format!(
                "the database was written by a newer jobdesk (schema {version}, this one knows {})",
                MIGRATIONS.len()
            ),
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        // Casework's profile columns, for the people already there.
        if i + 1 == CASEWORK_MIGRATION {
            people::backfill_derived_columns(&tx, Utc::now().date_naive())?;
        }
    }
    // The figures' counts (schema 6): their triggers, installed or built
    // again when their rules changed, and everything counted.
    let counted = tally::install(&tx)?;
    if version == MIGRATIONS.len() {
        if counted {
            tx.commit()?;
        }
        return Ok(());
    }
    let broken: Option<String> = tx
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()?;
    if let Some(table) = broken {
        return Err(StoreError::Unavailable {
            detail: format!("the database has rows in {table} that refer to nothing"),
        });
    }
    tx.commit()?;
    Ok(())
}

impl Store for SqliteStore {
    fn log_in(&self, login: &str, secret: &str) -> StoreResult<Actor> {
        // The accounts of the file, with their lockout; the session lives
        // in this process only.
        let actor = self.login(login, secret)?.actor;
        *self.session.lock().unwrap_or_else(|e| e.into_inner()) = Some(actor);
        Ok(actor)
    }

    fn log_out(&self) {
        *self.session.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn current_user(&self) -> StoreResult<Option<Actor>> {
        if let Some(actor) = *self.session.lock().unwrap_or_else(|e| e.into_inner()) {
            return Ok(Some(actor));
        }
        let id: Option<String> = self
            .lock()
            .query_row(
                "SELECT value FROM settings WHERE key = 'current_profile'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(id.and_then(|s| s.parse().ok()).map(Actor::Jobseeker))
    }

    fn search_jobs(&self, query: &JobQuery) -> StoreResult<Page<JobSummary>> {
        jobs::search_jobs(self, query)
    }

    fn job(&self, id: Id) -> StoreResult<Job> {
        jobs::job(self, id)
    }

    fn post_job(&self, _by: Actor, job: NewJob) -> StoreResult<Job> {
        jobs::post_job(self, _by, job)
    }

    fn employers(&self) -> StoreResult<Vec<Employer>> {
        jobs::employers(self)
    }

    fn apply(&self, request: &ApplyRequest) -> StoreResult<Application> {
        applications::apply(self, request)
    }

    fn applications(&self, profile_id: Id) -> StoreResult<Vec<Application>> {
        applications::applications(self, profile_id)
    }

    fn application(&self, id: Id) -> StoreResult<Application> {
        applications::application(self, id)
    }

    fn change_application(&self, change: &ApplicationChange) -> StoreResult<Application> {
        applications::change_application(self, change)
    }

    fn search_courses(&self, query: &CourseQuery) -> StoreResult<Page<Course>> {
        training::search_courses(self, query)
    }

    fn course(&self, id: Id) -> StoreResult<Course> {
        training::course(self, id)
    }

    fn post_course(&self, _by: Actor, course: NewCourse) -> StoreResult<Course> {
        training::post_course(self, _by, course)
    }

    fn register(&self, request: &RegisterRequest) -> StoreResult<Enrollment> {
        training::register(self, request)
    }

    fn enrollments(&self, profile_id: Id) -> StoreResult<Vec<Enrollment>> {
        training::enrollments(self, profile_id)
    }

    fn enrollment(&self, id: Id) -> StoreResult<Enrollment> {
        training::enrollment(self, id)
    }

    fn change_enrollment(&self, change: &EnrollmentChange) -> StoreResult<Enrollment> {
        training::change_enrollment(self, change)
    }

    fn profile(&self, id: Id) -> StoreResult<Profile> {
        people::profile(self, id)
    }

    fn save_profile(&self, _by: Actor, profile: Profile) -> StoreResult<Profile> {
        people::save_profile(self, _by, profile)
    }

    fn counselor(&self, id: Id) -> StoreResult<Counselor> {
        people::counselor(self, id)
    }

    fn case_rows(&self, query: &CaseQuery) -> StoreResult<Page<CaseRow>> {
        casework::case_rows(self, query)
    }

    fn due_counts(&self, counselor_id: Id) -> StoreResult<DueCounts> {
        casework::due_counts(self, counselor_id)
    }

    fn case_record(&self, by: Actor, profile_id: Id) -> StoreResult<CaseRecord> {
        casework::case_record(self, by, profile_id)
    }

    fn change_case(&self, change: &CaseChange) -> StoreResult<CaseRecord> {
        casework::change_case(self, change)
    }

    fn change_cases(&self, changes: &[CaseChange]) -> StoreResult<()> {
        casework::change_cases(self, changes)
    }

    fn recommend(&self, request: &RecommendRequest) -> StoreResult<Vec<Recommendation>> {
        casework::recommend(self, request)
    }

    fn recommendations(&self, profile_id: Id) -> StoreResult<Vec<Recommendation>> {
        casework::recommendations(self, profile_id)
    }

    fn mark_recommendations_seen(&self, profile_id: Id) -> StoreResult<()> {
        casework::mark_recommendations_seen(self, profile_id)
    }

    fn import(
        &self,
        by: Actor,
        batch: &crate::store::import::ImportBatch,
        dry_run: bool,
    ) -> StoreResult<crate::store::import::ImportOutcome> {
        if !(by == Actor::System || by.sees_everyone()) {
            return Err(StoreError::Forbidden);
        }
        self.import_batch(by, batch, dry_run)
    }

    fn counselors(&self) -> StoreResult<Vec<Counselor>> {
        casework::counselors(self)
    }

    // Accounts and the audit log (sqlite/admin.rs).
    fn account_rows(
        &self,
        by: Actor,
        query: &crate::store::accounts::AccountQuery,
    ) -> StoreResult<Page<crate::store::accounts::AccountRow>> {
        self.list_accounts(by, query)
    }

    fn create_account(
        &self,
        by: Actor,
        new: &crate::store::accounts::NewAccount,
    ) -> StoreResult<crate::store::accounts::AccountRow> {
        self.make_account(by, new)
    }

    fn change_account(
        &self,
        by: Actor,
        change: &crate::store::accounts::AccountChange,
    ) -> StoreResult<crate::store::accounts::AccountRow> {
        self.alter_account(by, change)
    }

    fn audit_rows(
        &self,
        by: Actor,
        query: &crate::store::accounts::AuditQuery,
    ) -> StoreResult<Page<crate::store::accounts::AuditRow>> {
        self.read_audit(by, query)
    }

    // Figures, the ledger and targets (sqlite/figures.rs).
    fn figures(&self, scope: &FigureScope, year: i32) -> StoreResult<Figures> {
        figures::figures(self, scope, year)
    }

    fn ledger(&self, scope: &FigureScope) -> StoreResult<Vec<LedgerRow>> {
        figures::ledger(self, scope)
    }

    fn set_target(&self, by: Actor, target: &Target) -> StoreResult<()> {
        figures::set_target(self, by, target)
    }

    // Employer side (sqlite/employer_side.rs).
    fn employer_jobs(
        &self,
        by: Actor,
        employer_id: Id,
    ) -> StoreResult<Vec<crate::domain::employer_side::EmployerJob>> {
        employer_side::employer_jobs(self, by, employer_id)
    }

    fn job_applicants(
        &self,
        by: Actor,
        job_id: Id,
    ) -> StoreResult<Vec<crate::domain::employer_side::Applicant>> {
        employer_side::job_applicants(self, by, job_id)
    }

    fn applicant(
        &self,
        by: Actor,
        application_id: Id,
    ) -> StoreResult<crate::domain::employer_side::Applicant> {
        employer_side::applicant(self, by, application_id)
    }

    fn respond(
        &self,
        response: &crate::store::EmployerResponse,
    ) -> StoreResult<crate::domain::employer_side::Applicant> {
        employer_side::respond(self, response)
    }

    // The staff desk (sqlite/staff.rs).
    fn employer_records(
        &self,
        by: Actor,
    ) -> StoreResult<Vec<crate::domain::staff::EmployerRecord>> {
        staff::employer_records(self, by)
    }

    fn save_employer(
        &self,
        save: &crate::domain::staff::EmployerSave,
    ) -> StoreResult<crate::domain::staff::EmployerRecord> {
        staff::save_employer(self, save)
    }

    fn edit_job(&self, by: Actor, id: Id, job: NewJob) -> StoreResult<Job> {
        staff::edit_job(self, by, id, job)
    }

    fn change_posting(
        &self,
        change: &crate::domain::staff::PostingChange,
    ) -> StoreResult<crate::domain::staff::PostingChanged> {
        staff::change_posting(self, change)
    }

    fn edit_course(&self, by: Actor, id: Id, course: NewCourse) -> StoreResult<Course> {
        staff::edit_course(self, by, id, course)
    }

    fn cancel_course(
        &self,
        cancel: &crate::domain::staff::CourseCancel,
    ) -> StoreResult<crate::domain::staff::CourseCancelled> {
        staff::cancel_course(self, cancel)
    }

    fn roster(&self, by: Actor, course_id: Id) -> StoreResult<crate::domain::staff::Roster> {
        staff::roster(self, by, course_id)
    }

    fn mark_roster(
        &self,
        request: &crate::domain::staff::RosterMarkRequest,
    ) -> StoreResult<Enrollment> {
        staff::mark_roster(self, request)
    }
    // What's new and saved searches (sqlite/whats_new.rs).
    fn begin_visit(&self, profile_id: Id, visit_id: &str) -> StoreResult<()> {
        whats_new::begin_visit(self, profile_id, visit_id)
    }

    fn whats_new(&self, profile_id: Id) -> StoreResult<crate::domain::whats_new::WhatsNew> {
        whats_new::whats_new(self, profile_id)
    }

    fn dismiss_new(&self, profile_id: Id, key: &str) -> StoreResult<()> {
        whats_new::dismiss_new(self, profile_id, key)
    }

    fn save_search(&self, search: &NewSavedSearch) -> StoreResult<SavedSearch> {
        whats_new::save_search(self, search)
    }

    fn saved_searches(&self, profile_id: Id) -> StoreResult<Vec<SavedSearch>> {
        whats_new::saved_searches(self, profile_id)
    }

    fn delete_saved_search(&self, profile_id: Id, search_id: Id) -> StoreResult<()> {
        whats_new::delete_saved_search(self, profile_id, search_id)
    }

    // porter (issue 15, point 2): exports (sqlite/export_rows.rs).
    fn export_rows(
        &self,
        by: Actor,
        query: &crate::store::import::ExportQuery,
    ) -> StoreResult<crate::store::import::ExportRows> {
        export_rows::export_rows(self, by, query)
    }
}
