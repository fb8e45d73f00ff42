//! Job applications and their histories.

use super::*;
use super::{casework::check_acting_for, people::*, requests::*};

pub(super) fn load_application(conn: &Connection, id: Id) -> StoreResult<Application> {
    let mut app = conn
        .query_row(
            "SELECT a.id, a.reference, a.job_id, j.title, e.name, a.profile_id, a.status, a.note,
                    a.submitted_at, a.interview
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
                    interview: super::employer_side::get_interview(r, 9)?,
                })
            },
        )
        .map_err(not_found(Entity::Application, id))?;
    app.history = load_history(conn, APPLICATION_HISTORY, id, ApplicationStatus::parse)?;
    super::employer_side::name_history(conn, id, &mut app.history)?;
    Ok(app)
}

pub(super) fn apply(store: &SqliteStore, request: &ApplyRequest) -> StoreResult<Application> {
    let note = validate::note(&request.note).map_err(|e| StoreError::invalid(vec![e]))?;
    let now = store.now();
    let mut conn = store.lock();
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
    // On someone's behalf: their counselor, with their agreement.
    check_acting_for(&tx, request.by, request.profile_id)?;
    let profile = load_profile(&tx, request.profile_id)?;
    let posting = tx
        .query_row(
            "SELECT status, closes_on FROM jobs WHERE id = ?1",
            [request.job_id],
            |r| {
                Ok(Posting {
                    status: get_named(r, 0, PostingStatus::parse)?,
                    closes_on: get_date(r, 1)?,
                })
            },
        )
        .optional()?;
    let open: Option<String> = tx
        .query_row(
            &format!(
                "SELECT reference FROM applications WHERE profile_id = ?1 AND job_id = ?2
                 AND status IN {}",
                *OPEN_APPLICATION
            ),
            [request.profile_id, request.job_id],
            |r| r.get(0),
        )
        .optional()?;
    let status = rules::apply(&ApplyFacts {
        profile: &profile,
        job_id: request.job_id,
        posting,
        open_application: open.as_deref(),
        today: now.date_naive(),
    })?;
    tx.execute(
        "INSERT INTO applications (job_id, profile_id, status, note, submitted_at, request_id)
         VALUES (?1, ?2, ?6, ?3, ?4, ?5)",
        params![
            request.job_id,
            request.profile_id,
            note,
            time_text(now),
            request.request_id,
            status.as_str()
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
        status.as_str(),
        now,
        request.by,
        &note,
    )?;
    tx.commit()?;
    load_application(&conn, id)
}

pub(super) fn applications(store: &SqliteStore, profile_id: Id) -> StoreResult<Vec<Application>> {
    let conn = store.lock();
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

pub(super) fn application(store: &SqliteStore, id: Id) -> StoreResult<Application> {
    load_application(&store.lock(), id)
}

pub(super) fn change_application(
    store: &SqliteStore,
    change: &ApplicationChange,
) -> StoreResult<Application> {
    let note = validate::note(&change.note).map_err(|e| StoreError::invalid(vec![e]))?;
    let now = store.now();
    let mut conn = store.lock();
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
    let to = rules::change_application(current.status, change.to)?;
    tx.execute(
        "UPDATE applications SET status = ?1 WHERE id = ?2",
        params![to.as_str(), change.application_id],
    )?;
    record_history(
        &tx,
        APPLICATION_HISTORY,
        change.application_id,
        to.as_str(),
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
