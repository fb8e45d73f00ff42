//! The local store: one SQLite file (WAL, foreign keys, FTS5 trigram search).

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};

use super::schema::MIGRATIONS;
use super::search;
use super::*;
use crate::clock::{Clock, SystemClock};
use crate::domain::status::{Lifecycle, StatusChange};
use crate::domain::{Education, MassageLevel, eligibility, validate};

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

const OPEN_APPLICATION: &str =
    "('submitted', 'under_review', 'referred', 'interview_scheduled', 'offered')";

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
    }
    if version == MIGRATIONS.len() {
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

// ---------------------------------------------------------------------------
// Column conversions. Bad data in the file is reported, never unwrapped.

fn conversion_error(col: usize, what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        Type::Text,
        format!("bad {what} in the database: {value:?}").into(),
    )
}

fn get_date(row: &Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = row.get(col)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| conversion_error(col, "date", &s))
}

fn get_opt_date(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(col)?;
    s.map(|s| {
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| conversion_error(col, "date", &s))
    })
    .transpose()
}

fn get_time(row: &Row<'_>, col: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(col)?;
    DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| conversion_error(col, "time", &s))
}

fn get_opt_time(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let s: Option<String> = row.get(col)?;
    match s {
        None => Ok(None),
        Some(_) => get_time(row, col).map(Some),
    }
}

fn get_district(row: &Row<'_>, col: usize) -> rusqlite::Result<District> {
    let code: u32 = row.get(col)?;
    District::from_code(code).ok_or_else(|| conversion_error(col, "district", &code.to_string()))
}

fn get_opt_district(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<District>> {
    let code: Option<u32> = row.get(col)?;
    code.map(|c| {
        District::from_code(c).ok_or_else(|| conversion_error(col, "district", &c.to_string()))
    })
    .transpose()
}

/// Reads a `named_enum!` value stored as its name.
fn get_named<T>(row: &Row<'_>, col: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s: String = row.get(col)?;
    parse(&s).ok_or_else(|| conversion_error(col, "name", &s))
}

fn get_opt_named<T>(
    row: &Row<'_>,
    col: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(col)?;
    s.map(|s| parse(&s).ok_or_else(|| conversion_error(col, "name", &s)))
        .transpose()
}

fn get_formats(row: &Row<'_>, col: usize) -> rusqlite::Result<Vec<Format>> {
    let s: String = row.get(col)?;
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| Format::parse(p).ok_or_else(|| conversion_error(col, "format", p)))
        .collect()
}

fn formats_text(formats: &[Format]) -> String {
    formats
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn not_found(what: Entity, id: Id) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |e| match e {
        rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound { what, id },
        other => other.into(),
    }
}

// ---------------------------------------------------------------------------
// Jobs

const JOB_COLUMNS: &str = "j.id, j.employer_id, e.name, j.title, j.kind, j.district, x.address,
    x.description, j.salary_min, j.salary_max, j.openings, j.suits_visual, j.remote,
    j.requires_practice_certificate, x.accommodations, x.how_to_apply, j.posted_on, j.closes_on,
    j.status";

fn job_from_row(r: &Row<'_>) -> rusqlite::Result<Job> {
    Ok(Job {
        id: r.get(0)?,
        employer_id: r.get(1)?,
        employer_name: r.get(2)?,
        title: r.get(3)?,
        kind: get_named(r, 4, WorkKind::parse)?,
        district: get_district(r, 5)?,
        address: r.get(6)?,
        description: r.get(7)?,
        salary_min: r.get(8)?,
        salary_max: r.get(9)?,
        openings: r.get(10)?,
        suits_visual: r.get(11)?,
        remote: r.get(12)?,
        requires_practice_certificate: r.get(13)?,
        accommodations: r.get(14)?,
        how_to_apply: r.get(15)?,
        posted_on: get_date(r, 16)?,
        closes_on: get_date(r, 17)?,
        status: get_named(r, 18, crate::domain::PostingStatus::parse)?,
    })
}

const JOB_SUMMARY_COLUMNS: &str =
    "j.id, j.title, e.name, j.kind, j.district, j.salary_min, j.salary_max, j.remote, j.closes_on";

fn job_summary_from_row(r: &Row<'_>) -> rusqlite::Result<JobSummary> {
    Ok(JobSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        employer_name: r.get(2)?,
        kind: get_named(r, 3, WorkKind::parse)?,
        district: get_district(r, 4)?,
        salary_min: r.get(5)?,
        salary_max: r.get(6)?,
        remote: r.get(7)?,
        closes_on: get_date(r, 8)?,
    })
}

/// The words the search index holds for a job besides its own text: the
/// kind and district in both languages.
fn job_search_body(tx: &Transaction<'_>, job: &NewJob) -> StoreResult<String> {
    let employer: String = tx
        .query_row(
            "SELECT name FROM employers WHERE id = ?1",
            [job.employer_id],
            |r| r.get(0),
        )
        .map_err(not_found(Entity::Employer, job.employer_id))?;
    Ok(format!(
        "{}\n{}\n{}\n{}\n{}\n{} {} {}",
        job.title,
        employer,
        job.description,
        crate::i18n::work_kind_words(job.kind),
        job.address,
        job.district.name_zh(),
        job.district.name_en(),
        if job.remote {
            crate::i18n::REMOTE_WORDS
        } else {
            ""
        },
    ))
}

fn insert_job(tx: &Transaction<'_>, job: &NewJob) -> StoreResult<Id> {
    let body = job_search_body(tx, job)?;
    tx.prepare_cached(
        "INSERT INTO jobs (employer_id, title, kind, district, salary_min, salary_max, openings,
            suits_visual, remote, requires_practice_certificate, posted_on, closes_on, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'open')",
    )?
    .execute(params![
        job.employer_id,
        job.title,
        job.kind.as_str(),
        job.district.code(),
        job.salary_min,
        job.salary_max,
        job.openings,
        job.suits_visual,
        job.remote,
        job.requires_practice_certificate,
        date_text(job.posted_on),
        date_text(job.closes_on),
    ])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO job_texts (job_id, address, description, accommodations, how_to_apply)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        job.address,
        job.description,
        job.accommodations,
        job.how_to_apply
    ])?;
    index_text(tx, search::JOBS, id, &body)?;
    Ok(id)
}

fn index_text(
    tx: &Transaction<'_>,
    index: search::TextIndex,
    id: Id,
    body: &str,
) -> StoreResult<()> {
    tx.prepare_cached(&format!(
        "INSERT INTO {} (rowid, body) VALUES (?1, ?2)",
        index.trigram
    ))?
    .execute(params![id, body])?;
    tx.prepare_cached(&format!(
        "INSERT INTO {} (rowid, body) VALUES (?1, ?2)",
        index.words
    ))?
    .execute(params![id, search::words_body(body)])?;
    Ok(())
}

/// Builds `WHERE` conditions and their parameters piece by piece.
#[derive(Default)]
struct Filter {
    text: search::TextQuery,
    conditions: Vec<String>,
    params: Vec<rusqlite::types::Value>,
}

impl Filter {
    fn push(&mut self, condition: impl Into<String>) {
        self.conditions.push(condition.into());
    }

    fn param(&mut self, value: impl Into<rusqlite::types::Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.params.len())
    }

    /// `column IN (...)` over a non-empty set of values.
    fn any_of<V: Into<rusqlite::types::Value>>(
        &mut self,
        column: &str,
        values: impl IntoIterator<Item = V>,
    ) {
        let placeholders: Vec<String> = values.into_iter().map(|v| self.param(v)).collect();
        if !placeholders.is_empty() {
            self.push(format!("{column} IN ({})", placeholders.join(", ")));
        }
    }

    fn sql(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conditions.join(" AND "))
        }
    }
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// How a searchable table is listed.
struct Listing {
    /// The table with its alias, e.g. `jobs j`.
    table: &'static str,
    /// Its id column, e.g. `j.id`.
    id: &'static str,
    /// Joins the listed columns need (not the count).
    joins: &'static str,
    columns: &'static str,
    index: search::TextIndex,
    /// None: newest first, the order every index streams in.
    order: Option<&'static str>,
}

/// Counting stops here: "more than 1000" is as useful to a listener as the
/// exact figure, and a broad search over 100,000 jobs stays fast.
const COUNT_CAP: i64 = 1000;

/// One page of a listing plus its total. With a text query the FTS index
/// drives the query in rowid order, so the page and the capped count stream
/// without sorting every match.
fn paged<T>(
    conn: &Connection,
    listing: &Listing,
    mut f: Filter,
    page: u32,
    page_size: u32,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> StoreResult<Page<T>> {
    let size = page_size.clamp(1, 500);
    // Deeper than this nobody pages; the bound keeps counting cheap.
    let page = page.min(10_000);
    let offset = i64::from(page) * i64::from(size);
    let search::TextIndex { trigram, words } = listing.index;
    let Listing { table, id, .. } = *listing;
    let text = std::mem::take(&mut f.text);
    let (from, newest_first) = match (&text.long, &text.short) {
        (Some(long), short) => {
            let p = f.param(long.clone());
            f.push(format!("{trigram} MATCH {p}"));
            if let Some(short) = short {
                let p = f.param(short.clone());
                f.push(format!(
                    "{id} IN (SELECT rowid FROM {words} WHERE {words} MATCH {p})"
                ));
            }
            (
                format!("{trigram} JOIN {table} ON {id} = {trigram}.rowid"),
                format!("{trigram}.rowid DESC"),
            )
        }
        (None, Some(short)) => {
            let p = f.param(short.clone());
            f.push(format!("{words} MATCH {p}"));
            (
                format!("{words} JOIN {table} ON {id} = {words}.rowid"),
                format!("{words}.rowid DESC"),
            )
        }
        (None, None) => (table.to_string(), format!("{id} DESC")),
    };
    let order = listing.order.map_or(newest_first, str::to_string);
    let cap = COUNT_CAP.max(offset + i64::from(size)) + 1;
    let counted: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {from} {} LIMIT {cap})",
            f.sql()
        ),
        rusqlite::params_from_iter(f.params.iter()),
        |r| r.get(0),
    )?;
    let sql = format!(
        "SELECT {} FROM {from} {} {} ORDER BY {order} LIMIT {size} OFFSET {offset}",
        listing.columns,
        listing.joins,
        f.sql()
    );
    let items = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(f.params.iter()), map)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let capped = counted >= cap;
    Ok(Page {
        items,
        total: (if capped { cap - 1 } else { counted }).max(0) as u64,
        total_capped: capped,
        page,
        page_size: size,
    })
}

const JOB_LISTING: Listing = Listing {
    table: "jobs j",
    id: "j.id",
    joins: "JOIN employers e ON e.id = j.employer_id",
    columns: JOB_SUMMARY_COLUMNS,
    index: search::JOBS,
    order: None,
};

const COURSE_LISTING: Listing = Listing {
    table: "courses c",
    id: "c.id",
    joins: "",
    columns: COURSE_COLUMNS,
    index: search::COURSES,
    order: Some("c.starts_on, c.id"),
};

fn job_filter(query: &JobQuery, today: NaiveDate) -> StoreResult<Filter> {
    let text = validate::search(&query.text).map_err(|e| StoreError::invalid(vec![e]))?;
    let mut f = Filter {
        text: search::parse(&text),
        ..Filter::default()
    };
    f.any_of("j.district", query.districts.iter().map(|d| d.code()));
    f.any_of("j.kind", query.kinds.iter().map(|k| k.as_str().to_string()));
    if query.suits_visual {
        f.push("j.suits_visual = 1");
    }
    if query.remote_only {
        f.push("j.remote = 1");
    }
    if let Some(salary) = query.salary_from {
        let p = f.param(salary);
        f.push(format!("j.salary_max >= {p}"));
    }
    if let Some(days) = query.posted_within_days {
        // Bounded, so no date arithmetic can overflow.
        let since = today - chrono::Duration::days(i64::from(days.min(36_500)));
        let p = f.param(date_text(since));
        f.push(format!("j.posted_on >= {p}"));
    }
    if !query.include_closed {
        let p = f.param(date_text(today));
        f.push(format!("j.status = 'open' AND j.closes_on >= {p}"));
    }
    Ok(f)
}

// ---------------------------------------------------------------------------
// Applications

fn load_application(conn: &Connection, id: Id) -> StoreResult<Application> {
    let mut app = conn
        .query_row(
            "SELECT a.id, a.reference, a.job_id, j.title, e.name, a.profile_id, a.status, a.note,
                    a.submitted_at
             FROM applications a JOIN jobs j ON j.id = a.job_id
             JOIN employers e ON e.id = j.employer_id WHERE a.id = ?1",
            [id],
            |r| {
                Ok(Application {
                    id: r.get(0)?,
                    reference: r.get(1)?,
                    job_id: r.get(2)?,
                    job_title: r.get(3)?,
                    employer_name: r.get(4)?,
                    profile_id: r.get(5)?,
                    status: get_named(r, 6, ApplicationStatus::parse)?,
                    note: r.get(7)?,
                    submitted_at: get_time(r, 8)?,
                    history: Vec::new(),
                })
            },
        )
        .map_err(not_found(Entity::Application, id))?;
    app.history = load_history(conn, APPLICATION_HISTORY, id, ApplicationStatus::parse)?;
    Ok(app)
}

/// A status history table and the column naming what it is the history of.
#[derive(Clone, Copy)]
struct HistoryTable {
    table: &'static str,
    key: &'static str,
}

const APPLICATION_HISTORY: HistoryTable = HistoryTable {
    table: "application_history",
    key: "application_id",
};

const ENROLLMENT_HISTORY: HistoryTable = HistoryTable {
    table: "enrollment_history",
    key: "enrollment_id",
};

fn load_history<S>(
    conn: &Connection,
    HistoryTable { table, key }: HistoryTable,
    id: Id,
    parse: fn(&str) -> Option<S>,
) -> StoreResult<Vec<StatusChange<S>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT status, at, by, note FROM {table} WHERE {key} = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([id], |r| {
        let by: String = r.get(2)?;
        Ok(StatusChange {
            status: get_named(r, 0, parse)?,
            at: get_time(r, 1)?,
            by: Actor::from_code(&by).ok_or_else(|| conversion_error(2, "actor", &by))?,
            note: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn record_history(
    tx: &Transaction<'_>,
    HistoryTable { table, key }: HistoryTable,
    id: Id,
    status: &str,
    at: DateTime<Utc>,
    by: Actor,
    note: &str,
) -> StoreResult<()> {
    tx.prepare_cached(&format!(
        "INSERT INTO {table} ({key}, status, at, by, note) VALUES (?1, ?2, ?3, ?4, ?5)"
    ))?
    .execute(params![id, status, time_text(at), by.to_code(), note])?;
    Ok(())
}

/// A change already carried out under this request id, if any.
/// The application or enrollment already made under this request id, if
/// it was for the same (job or course, person); the same id for anything
/// else is refused.
fn earlier_request(
    tx: &Transaction<'_>,
    table: &str,
    target_column: &str,
    request_id: &str,
    (target, profile): (Id, Id),
) -> StoreResult<Option<Id>> {
    let earlier: Option<(Id, Id, Id)> = tx
        .query_row(
            &format!("SELECT id, {target_column}, profile_id FROM {table} WHERE request_id = ?1"),
            [request_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match earlier {
        Some((id, t, p)) if t == target && p == profile => Ok(Some(id)),
        Some(_) => Err(StoreError::RequestIdReused),
        None => Ok(None),
    }
}

/// Whether this change was already made under this request id: then the
/// retry is answered. The same id for another record is refused.
fn done_request(
    tx: &Transaction<'_>,
    request_id: &str,
    kind: &str,
    target: Id,
) -> StoreResult<bool> {
    let row: Option<(String, Id)> = tx
        .query_row(
            "SELECT kind, target_id FROM done_requests WHERE request_id = ?1",
            [request_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        Some((k, id)) if k == kind && id == target => Ok(true),
        Some(_) => Err(StoreError::RequestIdReused),
        None => Ok(false),
    }
}

fn remember_request(tx: &Transaction<'_>, request_id: &str, kind: &str, id: Id) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO done_requests (request_id, kind, target_id) VALUES (?1, ?2, ?3)",
        params![request_id, kind, id],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Courses and enrollments

const COURSE_COLUMNS: &str = "c.id, c.title, c.track, c.level, c.provider, c.district, c.address,
    c.directions, c.starts_on, c.ends_on, c.enroll_by, c.hours, c.fee_yuan, c.subsidy, c.capacity,
    c.formats, c.assessment, c.leads_to, c.requires_previous_level, c.min_age, c.max_age,
    c.min_education, c.description,
    (SELECT COUNT(*) FROM enrollments n WHERE n.course_id = c.id
        AND n.status IN ('registered', 'enrolled', 'completed', 'failed')),
    (SELECT COUNT(*) FROM enrollments n WHERE n.course_id = c.id AND n.status = 'waitlisted')";

fn course_from_row(r: &Row<'_>) -> rusqlite::Result<Course> {
    Ok(Course {
        id: r.get(0)?,
        title: r.get(1)?,
        track: get_named(r, 2, Track::parse)?,
        level: get_opt_named(r, 3, MassageLevel::parse)?,
        provider: r.get(4)?,
        district: get_district(r, 5)?,
        address: r.get(6)?,
        directions: r.get(7)?,
        starts_on: get_date(r, 8)?,
        ends_on: get_date(r, 9)?,
        enroll_by: get_date(r, 10)?,
        hours: r.get(11)?,
        fee_yuan: r.get(12)?,
        subsidy: r.get(13)?,
        capacity: r.get(14)?,
        formats: get_formats(r, 15)?,
        assessment: r.get(16)?,
        leads_to: r.get(17)?,
        requires_previous_level: r.get(18)?,
        min_age: r.get(19)?,
        max_age: r.get(20)?,
        min_education: get_opt_named(r, 21, Education::parse)?,
        description: r.get(22)?,
        seats_taken: r.get(23)?,
        waiting: r.get(24)?,
    })
}

fn load_course(conn: &Connection, id: Id) -> StoreResult<Course> {
    conn.query_row(
        &format!("SELECT {COURSE_COLUMNS} FROM courses c WHERE c.id = ?1"),
        [id],
        course_from_row,
    )
    .map_err(not_found(Entity::Course, id))
}

fn load_enrollment(conn: &Connection, id: Id) -> StoreResult<Enrollment> {
    let mut enrollment = conn
        .query_row(
            "SELECT n.id, n.course_id, c.title, n.profile_id, n.status,
                CASE WHEN n.status = 'waitlisted' THEN
                    (SELECT COUNT(*) FROM enrollments w WHERE w.course_id = n.course_id
                        AND w.status = 'waitlisted' AND w.id <= n.id)
                END
             FROM enrollments n JOIN courses c ON c.id = n.course_id WHERE n.id = ?1",
            [id],
            |r| {
                Ok(Enrollment {
                    id: r.get(0)?,
                    course_id: r.get(1)?,
                    course_title: r.get(2)?,
                    profile_id: r.get(3)?,
                    status: get_named(r, 4, EnrollmentStatus::parse)?,
                    waitlist_position: r.get(5)?,
                    history: Vec::new(),
                })
            },
        )
        .map_err(not_found(Entity::Enrollment, id))?;
    enrollment.history = load_history(conn, ENROLLMENT_HISTORY, id, EnrollmentStatus::parse)?;
    Ok(enrollment)
}

fn insert_course(tx: &Transaction<'_>, c: &NewCourse) -> StoreResult<Id> {
    tx.execute(
        "INSERT INTO courses (title, track, level, provider, district, address, directions,
            starts_on, ends_on, enroll_by, hours, fee_yuan, subsidy, capacity, formats, assessment,
            leads_to, requires_previous_level, min_age, max_age, min_education, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?22)",
        params![
            c.title,
            c.track.as_str(),
            c.level.map(|l| l.as_str()),
            c.provider,
            c.district.code(),
            c.address,
            c.directions,
            date_text(c.starts_on),
            date_text(c.ends_on),
            date_text(c.enroll_by),
            c.hours,
            c.fee_yuan,
            c.subsidy,
            c.capacity,
            formats_text(&c.formats),
            c.assessment,
            c.leads_to,
            c.requires_previous_level,
            c.min_age,
            c.max_age,
            c.min_education.map(|e| e.as_str()),
            c.description,
        ],
    )?;
    let id = tx.last_insert_rowid();
    let body = format!(
        "{}\n{}\n{}\n{}\n{} {}\n{}",
        c.title,
        c.provider,
        c.description,
        crate::i18n::track_words(c.track),
        c.district.name_zh(),
        c.district.name_en(),
        c.leads_to
    );
    index_text(tx, search::COURSES, id, &body)?;
    Ok(id)
}

// ---------------------------------------------------------------------------
// Profiles

const PROFILE_COLUMNS: &str = "id, name, mobile, certificate, district, education, braille_reader,
    formats, desired_work, needs, consent_at, massage_level, practice_certificate,
    visual_component_confirmed, certificate_valid_until, counselor_id, employed, plan";

fn profile_from_row(r: &Row<'_>) -> rusqlite::Result<Profile> {
    Ok(Profile {
        id: r.get(0)?,
        name: r.get(1)?,
        mobile: r.get(2)?,
        certificate: r.get(3)?,
        district: get_opt_district(r, 4)?,
        education: get_opt_named(r, 5, Education::parse)?,
        braille_reader: r.get(6)?,
        formats: get_formats(r, 7)?,
        desired_work: r.get(8)?,
        needs: r.get(9)?,
        consent_at: get_opt_time(r, 10)?,
        massage_level: get_opt_named(r, 11, MassageLevel::parse)?,
        practice_certificate: r.get(12)?,
        visual_component_confirmed: r.get(13)?,
        certificate_valid_until: get_opt_date(r, 14)?,
        counselor_id: r.get(15)?,
        employed: r.get(16)?,
        plan: r.get(17)?,
    })
}

fn load_profile(conn: &Connection, id: Id) -> StoreResult<Profile> {
    conn.query_row(
        &format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE id = ?1"),
        [id],
        profile_from_row,
    )
    .map_err(not_found(Entity::Profile, id))
}

// ---------------------------------------------------------------------------

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
        let f = job_filter(query, self.today())?;
        paged(
            &self.lock(),
            &JOB_LISTING,
            f,
            query.page,
            query.page_size,
            job_summary_from_row,
        )
    }

    fn job(&self, id: Id) -> StoreResult<Job> {
        load_job(&self.lock(), id)
    }

    fn post_job(&self, _by: Actor, job: NewJob) -> StoreResult<Job> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let job = post_job_in(&tx, job)?;
        tx.commit()?;
        Ok(job)
    }

    fn employers(&self) -> StoreResult<Vec<Employer>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, district, medical_institution, contact FROM employers ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Employer {
                id: r.get(0)?,
                name: r.get(1)?,
                district: get_district(r, 2)?,
                medical_institution: r.get(3)?,
                contact: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn apply(&self, request: &ApplyRequest) -> StoreResult<Application> {
        let note = validate::note(&request.note).map_err(|e| StoreError::invalid(vec![e]))?;
        let now = self.now();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(id) = earlier_request(
            &tx,
            "applications",
            "job_id",
            &request.request_id,
            (request.job_id, request.profile_id),
        )? {
            drop(tx);
            return load_application(&conn, id);
        }
        let profile = load_profile(&tx, request.profile_id)?;
        let missing = validate::missing_for_applying(&profile);
        if !missing.is_empty() {
            return Err(StoreError::ProfileIncomplete { missing });
        }
        let (status, closes_on): (String, String) = tx
            .query_row(
                "SELECT status, closes_on FROM jobs WHERE id = ?1",
                [request.job_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(not_found(Entity::Job, request.job_id))?;
        if status != "open" || closes_on < date_text(now.date_naive()) {
            return Err(StoreError::PostingClosed);
        }
        let open: Option<String> = tx
            .query_row(
                &format!(
                    "SELECT reference FROM applications WHERE profile_id = ?1 AND job_id = ?2
                     AND status IN {OPEN_APPLICATION}"
                ),
                [request.profile_id, request.job_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(reference) = open {
            return Err(StoreError::AlreadyApplied { reference });
        }
        tx.execute(
            "INSERT INTO applications (job_id, profile_id, status, note, submitted_at, request_id)
             VALUES (?1, ?2, 'submitted', ?3, ?4, ?5)",
            params![
                request.job_id,
                request.profile_id,
                note,
                time_text(now),
                request.request_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE applications SET reference = ?1 WHERE id = ?2",
            params![format!("JD-{id:05}"), id],
        )?;
        record_history(
            &tx,
            APPLICATION_HISTORY,
            id,
            ApplicationStatus::Submitted.as_str(),
            now,
            request.by,
            &note,
        )?;
        tx.commit()?;
        load_application(&conn, id)
    }

    fn applications(&self, profile_id: Id) -> StoreResult<Vec<Application>> {
        let conn = self.lock();
        let ids: Vec<Id> = conn
            .prepare_cached(
                "SELECT id FROM applications WHERE profile_id = ?1 ORDER BY submitted_at DESC, id DESC",
            )?
            .query_map([profile_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| load_application(&conn, id))
            .collect()
    }

    fn application(&self, id: Id) -> StoreResult<Application> {
        load_application(&self.lock(), id)
    }

    fn change_application(&self, change: &ApplicationChange) -> StoreResult<Application> {
        let note = validate::note(&change.note).map_err(|e| StoreError::invalid(vec![e]))?;
        let now = self.now();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if done_request(
            &tx,
            &change.request_id,
            "application",
            change.application_id,
        )? {
            drop(tx);
            return load_application(&conn, change.application_id);
        }
        let current = load_application(&tx, change.application_id)?;
        current.status.check_transition(change.to)?;
        tx.execute(
            "UPDATE applications SET status = ?1 WHERE id = ?2",
            params![change.to.as_str(), change.application_id],
        )?;
        record_history(
            &tx,
            APPLICATION_HISTORY,
            change.application_id,
            change.to.as_str(),
            now,
            change.by,
            &note,
        )?;
        remember_request(
            &tx,
            &change.request_id,
            "application",
            change.application_id,
        )?;
        tx.commit()?;
        load_application(&conn, change.application_id)
    }

    fn search_courses(&self, query: &CourseQuery) -> StoreResult<Page<Course>> {
        let text = validate::search(&query.text).map_err(|e| StoreError::invalid(vec![e]))?;
        let today = self.today();
        let mut f = Filter {
            text: search::parse(&text),
            ..Filter::default()
        };
        f.any_of(
            "c.track",
            query.tracks.iter().map(|t| t.as_str().to_string()),
        );
        f.any_of("c.district", query.districts.iter().map(|d| d.code()));
        if let Some(days) = query.starts_within_days {
            let until = today + chrono::Duration::days(i64::from(days.min(36_500)));
            let p = f.param(date_text(until));
            f.push(format!("c.starts_on <= {p}"));
        }
        if !query.include_started {
            let p = f.param(date_text(today));
            f.push(format!("c.starts_on > {p}"));
        }
        for format in &query.formats {
            let p = f.param(format!("%{}%", format.as_str()));
            f.push(format!("c.formats LIKE {p}"));
        }
        if query.free_seats_only {
            f.push(
                "c.capacity > (SELECT COUNT(*) FROM enrollments n WHERE n.course_id = c.id
                    AND n.status IN ('registered', 'enrolled', 'completed', 'failed'))",
            );
        }
        paged(
            &self.lock(),
            &COURSE_LISTING,
            f,
            query.page,
            query.page_size,
            course_from_row,
        )
    }

    fn course(&self, id: Id) -> StoreResult<Course> {
        load_course(&self.lock(), id)
    }

    fn post_course(&self, _by: Actor, course: NewCourse) -> StoreResult<Course> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let course = post_course_in(&tx, course)?;
        tx.commit()?;
        Ok(course)
    }

    fn register(&self, request: &RegisterRequest) -> StoreResult<Enrollment> {
        let now = self.now();
        let today = now.date_naive();
        let mut conn = self.lock();
        // IMMEDIATE takes the write lock before counting seats, so no other
        // desk can take the last seat between our count and our insert.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(id) = earlier_request(
            &tx,
            "enrollments",
            "course_id",
            &request.request_id,
            (request.course_id, request.profile_id),
        )? {
            drop(tx);
            return load_enrollment(&conn, id);
        }
        let course = load_course(&tx, request.course_id)?;
        if today >= course.starts_on {
            return Err(StoreError::CourseStarted {
                started: course.starts_on,
            });
        }
        if today > course.enroll_by {
            return Err(StoreError::DeadlinePassed {
                deadline: course.enroll_by,
            });
        }
        let profile = load_profile(&tx, request.profile_id)?;
        let reasons = eligibility::check(&course, &profile, today);
        if !reasons.is_empty() {
            return Err(StoreError::NotEligible { reasons });
        }
        let open: Option<String> = tx
            .query_row(
                "SELECT status FROM enrollments WHERE course_id = ?1 AND profile_id = ?2
                 AND status IN ('registered', 'waitlisted', 'enrolled')",
                [request.course_id, request.profile_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(status) = open {
            return Err(StoreError::AlreadyRegistered {
                status: EnrollmentStatus::parse(&status).unwrap_or(EnrollmentStatus::Registered),
            });
        }
        let status = if course.seats_taken < course.capacity {
            EnrollmentStatus::Registered
        } else {
            EnrollmentStatus::Waitlisted
        };
        tx.execute(
            "INSERT INTO enrollments (course_id, profile_id, status, request_id) VALUES (?1, ?2, ?3, ?4)",
            params![request.course_id, request.profile_id, status.as_str(), request.request_id],
        )?;
        let id = tx.last_insert_rowid();
        record_history(
            &tx,
            ENROLLMENT_HISTORY,
            id,
            status.as_str(),
            now,
            request.by,
            "",
        )?;
        tx.commit()?;
        load_enrollment(&conn, id)
    }

    fn enrollments(&self, profile_id: Id) -> StoreResult<Vec<Enrollment>> {
        let conn = self.lock();
        let ids: Vec<Id> = conn
            .prepare_cached("SELECT id FROM enrollments WHERE profile_id = ?1 ORDER BY id DESC")?
            .query_map([profile_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| load_enrollment(&conn, id))
            .collect()
    }

    fn enrollment(&self, id: Id) -> StoreResult<Enrollment> {
        load_enrollment(&self.lock(), id)
    }

    fn change_enrollment(&self, change: &EnrollmentChange) -> StoreResult<Enrollment> {
        let note = validate::note(&change.note).map_err(|e| StoreError::invalid(vec![e]))?;
        let now = self.now();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if done_request(&tx, &change.request_id, "enrollment", change.enrollment_id)? {
            drop(tx);
            return load_enrollment(&conn, change.enrollment_id);
        }
        let current = load_enrollment(&tx, change.enrollment_id)?;
        current.status.check_transition(change.to)?;
        // Moving someone into a seat by hand needs a free seat too.
        if !current.status.holds_seat() && change.to.holds_seat() {
            let course = load_course(&tx, current.course_id)?;
            if course.seats_taken >= course.capacity {
                return Err(StoreError::CourseFull);
            }
        }
        tx.execute(
            "UPDATE enrollments SET status = ?1 WHERE id = ?2",
            params![change.to.as_str(), change.enrollment_id],
        )?;
        record_history(
            &tx,
            ENROLLMENT_HISTORY,
            change.enrollment_id,
            change.to.as_str(),
            now,
            change.by,
            &note,
        )?;
        // A freed seat goes to the first person waiting.
        if current.status.holds_seat() && !change.to.holds_seat() {
            let first: Option<Id> = tx
                .query_row(
                    "SELECT id FROM enrollments WHERE course_id = ?1 AND status = 'waitlisted'
                     ORDER BY id LIMIT 1",
                    [current.course_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(promoted) = first {
                tx.execute(
                    "UPDATE enrollments SET status = 'registered' WHERE id = ?1",
                    [promoted],
                )?;
                record_history(
                    &tx,
                    ENROLLMENT_HISTORY,
                    promoted,
                    EnrollmentStatus::Registered.as_str(),
                    now,
                    Actor::System,
                    PROMOTION_NOTE,
                )?;
            }
        }
        remember_request(&tx, &change.request_id, "enrollment", change.enrollment_id)?;
        tx.commit()?;
        load_enrollment(&conn, change.enrollment_id)
    }

    fn profile(&self, id: Id) -> StoreResult<Profile> {
        load_profile(&self.lock(), id)
    }

    fn save_profile(&self, _by: Actor, profile: Profile) -> StoreResult<Profile> {
        let today = self.today();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let saved = save_profile_in(&tx, profile, today)?;
        tx.commit()?;
        Ok(saved)
    }

    fn caseload(&self, counselor_id: Id, text: &str) -> StoreResult<Vec<ProfileSummary>> {
        let text = validate::search(text).map_err(|e| StoreError::invalid(vec![e]))?;
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT p.id, p.name, p.district, p.employed,
                (SELECT COUNT(*) FROM applications a WHERE a.profile_id = p.id
                    AND a.status IN {OPEN_APPLICATION})
             FROM profiles p WHERE p.counselor_id = ?1 AND (?2 = '' OR p.name LIKE ?3 ESCAPE '\\')
             ORDER BY p.name, p.id"
        ))?;
        let rows = stmt.query_map(
            params![counselor_id, text, format!("%{}%", escape_like(&text))],
            |r| {
                Ok(ProfileSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    district: get_opt_district(r, 2)?,
                    employed: r.get(3)?,
                    open_applications: r.get(4)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn counselor(&self, id: Id) -> StoreResult<Counselor> {
        self.lock()
            .query_row(
                "SELECT id, name, center, district FROM counselors WHERE id = ?1",
                [id],
                |r| {
                    Ok(Counselor {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        center: r.get(2)?,
                        district: get_district(r, 3)?,
                    })
                },
            )
            .map_err(not_found(Entity::Counselor, id))
    }

    fn service_log(&self, profile_id: Id) -> StoreResult<Vec<ServiceLogEntry>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT id, profile_id, counselor_id, at, note FROM service_log
             WHERE profile_id = ?1 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([profile_id], |r| {
            Ok(ServiceLogEntry {
                id: r.get(0)?,
                profile_id: r.get(1)?,
                counselor_id: r.get(2)?,
                at: get_time(r, 3)?,
                note: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_service_log(
        &self,
        by: Actor,
        profile_id: Id,
        note: &str,
    ) -> StoreResult<ServiceLogEntry> {
        let now = self.now();
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let entry = add_service_log_in(&tx, by, profile_id, note, now)?;
        tx.commit()?;
        Ok(entry)
    }
}

/// Saves a profile inside a transaction; id 0 creates one.
pub(crate) fn save_profile_in(
    tx: &Transaction<'_>,
    profile: Profile,
    today: NaiveDate,
) -> StoreResult<Profile> {
    let p = validate::profile(profile, today).map_err(StoreError::invalid)?;
    let values = params![
        p.name,
        p.mobile,
        p.certificate,
        p.district.map(District::code),
        p.education.map(|e| e.as_str()),
        p.braille_reader,
        formats_text(&p.formats),
        p.desired_work,
        p.needs,
        p.consent_at.map(time_text),
        p.massage_level.map(|l| l.as_str()),
        p.practice_certificate,
        p.visual_component_confirmed,
        p.certificate_valid_until.map(date_text),
        p.counselor_id,
        p.employed,
        p.plan,
    ];
    let id = if p.id == 0 {
        tx.execute(
            &format!(
                "INSERT INTO profiles ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                    ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                PROFILE_COLUMNS.trim_start_matches("id,")
            ),
            values,
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('current_profile', ?1)
             ON CONFLICT (key) DO NOTHING",
            [id.to_string()],
        )?;
        id
    } else {
        let changed = tx.execute(
            "UPDATE profiles SET name = ?1, mobile = ?2, certificate = ?3, district = ?4,
                education = ?5, braille_reader = ?6, formats = ?7, desired_work = ?8,
                needs = ?9, consent_at = ?10, massage_level = ?11, practice_certificate = ?12,
                visual_component_confirmed = ?13, certificate_valid_until = ?14,
                counselor_id = ?15, employed = ?16, plan = ?17
             WHERE id = ?18",
            rusqlite::params_from_iter(
                values
                    .iter()
                    .copied()
                    .chain([&p.id as &dyn rusqlite::ToSql]),
            ),
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: Entity::Profile,
                id: p.id,
            });
        }
        p.id
    };
    load_profile(tx, id)
}

fn load_job(conn: &Connection, id: Id) -> StoreResult<Job> {
    conn.query_row(
        &format!(
            "SELECT {JOB_COLUMNS} FROM jobs j JOIN employers e ON e.id = j.employer_id
             JOIN job_texts x ON x.job_id = j.id WHERE j.id = ?1"
        ),
        [id],
        job_from_row,
    )
    .map_err(not_found(Entity::Job, id))
}

/// Posts a job inside a transaction.
pub(crate) fn post_job_in(tx: &Transaction<'_>, job: NewJob) -> StoreResult<Job> {
    let job = validate::new_job(job).map_err(StoreError::invalid)?;
    let id = insert_job(tx, &job)?;
    load_job(tx, id)
}

/// Posts a course inside a transaction.
pub(crate) fn post_course_in(tx: &Transaction<'_>, course: NewCourse) -> StoreResult<Course> {
    let course = validate::new_course(course).map_err(StoreError::invalid)?;
    let id = insert_course(tx, &course)?;
    load_course(tx, id)
}

/// Adds a service log entry inside a transaction.
pub(crate) fn add_service_log_in(
    tx: &Transaction<'_>,
    by: Actor,
    profile_id: Id,
    note: &str,
    now: DateTime<Utc>,
) -> StoreResult<ServiceLogEntry> {
    let Actor::Counselor(counselor_id) = by else {
        return Err(StoreError::Forbidden);
    };
    let note = crate::domain::text::required(note, validate::limits::LONG, true)
        .map_err(|e| StoreError::invalid(vec![FieldError::from_text(Field::Note, e)]))?;
    tx.execute(
        "INSERT INTO service_log (profile_id, counselor_id, at, note) VALUES (?1, ?2, ?3, ?4)",
        params![profile_id, counselor_id, time_text(now), note],
    )?;
    Ok(ServiceLogEntry {
        id: tx.last_insert_rowid(),
        profile_id,
        counselor_id,
        at: now,
        note,
    })
}

/// The history note of a promotion from the waitlist. Stored as a stable
/// code; the interface says it in the reader's language.
pub const PROMOTION_NOTE: &str = "promoted_from_waitlist";
