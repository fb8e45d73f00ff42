//! The employer side on SQLite: an employer's jobs, the applicants to one
//! (as `domain::employer_side::applicant_view` shows them) and the steps
//! of an answer, each a dated history entry naming who made it.

use super::applications::load_application;
use super::people::load_profile;
use super::requests::{done_request, remember_request};
use super::*;
use crate::domain::ByName;
use crate::domain::employer_side::{
    Applicant, EmployerJob, InterviewChange, applicant_view, check_step, may_answer, plan_step,
    step_by_name,
};
use crate::store::employer_side::EmployerResponse;

fn json_column<T: serde::de::DeserializeOwned>(
    r: &Row<'_>,
    col: usize,
    what: &str,
) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = r.get(col)?;
    text.map(|t| serde_json::from_str(&t).map_err(|_| conversion_error(col, what, &t)))
        .transpose()
}

/// The interview column of an application row.
pub(super) fn get_interview(
    r: &Row<'_>,
    col: usize,
) -> rusqlite::Result<Option<Box<crate::domain::employer_side::Interview>>> {
    json_column(r, col, "interview")
}

/// Puts the names of who made the employer side's entries on a history
/// loaded in id order.
pub(super) fn name_history(
    conn: &Connection,
    application_id: Id,
    history: &mut [StatusChange<ApplicationStatus>],
) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT by_name FROM application_history WHERE application_id = ?1 ORDER BY id",
    )?;
    let names = stmt
        .query_map([application_id], |r| json_column::<ByName>(r, 0, "by_name"))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (entry, named) in history.iter_mut().zip(names) {
        entry.named = named;
    }
    Ok(())
}

/// The employer of a job, with its name.
fn job_employer(conn: &Connection, job_id: Id) -> StoreResult<(Id, String)> {
    conn.query_row(
        "SELECT e.id, e.name FROM jobs j JOIN employers e ON e.id = j.employer_id
         WHERE j.id = ?1",
        [job_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .map_err(not_found(Entity::Job, job_id))
}

pub(super) fn employer_jobs(
    store: &SqliteStore,
    by: Actor,
    employer_id: Id,
) -> StoreResult<Vec<EmployerJob>> {
    if !may_answer(by, employer_id) {
        return Err(StoreError::Forbidden);
    }
    let conn = store.lock();
    let name: String = conn
        .query_row(
            "SELECT name FROM employers WHERE id = ?1",
            [employer_id],
            |r| r.get(0),
        )
        .map_err(not_found(Entity::Employer, employer_id))?;
    let mut stmt = conn.prepare_cached(
        "SELECT j.id, j.title, j.status, j.closes_on,
                (SELECT COUNT(*) FROM applications a WHERE a.job_id = j.id),
                (SELECT COUNT(*) FROM applications a WHERE a.job_id = j.id
                    AND a.status = 'submitted')
         FROM jobs j WHERE j.employer_id = ?1 ORDER BY j.closes_on, j.id",
    )?;
    let rows = stmt.query_map([employer_id], |r| {
        Ok(EmployerJob {
            id: r.get(0)?,
            title: r.get(1)?,
            employer_id,
            employer_name: name.clone(),
            status: get_named(r, 2, PostingStatus::parse)?,
            closes_on: get_date(r, 3)?,
            applications: r.get(4)?,
            not_viewed: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn job_applicants(
    store: &SqliteStore,
    by: Actor,
    job_id: Id,
) -> StoreResult<Vec<Applicant>> {
    let conn = store.lock();
    let (employer_id, _) = job_employer(&conn, job_id)?;
    if !may_answer(by, employer_id) {
        return Err(StoreError::Forbidden);
    }
    let ids: Vec<Id> = conn
        .prepare_cached("SELECT id FROM applications WHERE job_id = ?1 ORDER BY submitted_at, id")?
        .query_map([job_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|id| {
            let application = load_application(&conn, id)?;
            let profile = load_profile(&conn, application.profile_id)?;
            Ok(applicant_view(&profile, &application))
        })
        .collect()
}

pub(super) fn applicant(
    store: &SqliteStore,
    by: Actor,
    application_id: Id,
) -> StoreResult<Applicant> {
    let conn = store.lock();
    let application = load_application(&conn, application_id)?;
    let (employer_id, _) = job_employer(&conn, application.job_id)?;
    if !may_answer(by, employer_id) {
        return Err(StoreError::Forbidden);
    }
    let profile = load_profile(&conn, application.profile_id)?;
    Ok(applicant_view(&profile, &application))
}

/// How records name an account acting for an employer: its login.
fn account_name(conn: &Connection, by: Actor) -> StoreResult<String> {
    let id = match by {
        Actor::Staff(id) | Actor::Admin(id) => id,
        _ => return Ok(String::new()),
    };
    Ok(conn
        .query_row("SELECT login FROM accounts WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_else(|| by.to_code()))
}

pub(super) fn respond(store: &SqliteStore, response: &EmployerResponse) -> StoreResult<Applicant> {
    let now = store.now();
    let today = store.today();
    let id = response.application_id;
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = load_application(&tx, id)?;
    let (employer_id, employer_name) = job_employer(&tx, current.job_id)?;
    if !may_answer(response.by, employer_id) {
        return Err(StoreError::Forbidden);
    }
    if done_request(&tx, &response.request_id, "employer_step", id)? {
        let profile = load_profile(&tx, current.profile_id)?;
        return Ok(applicant_view(&profile, &current));
    }
    let step = check_step(&response.step, today).map_err(StoreError::invalid)?;
    let planned = plan_step(current.status, &step)?;
    let named = step_by_name(
        response.by,
        &account_name(&tx, response.by)?,
        &employer_name,
    );
    let named_json = serde_json::to_string(&named).map_err(|e| StoreError::Internal {
        detail: e.to_string(),
    })?;
    for (status, note) in &planned.entries {
        tx.execute(
            "UPDATE applications SET status = ?1 WHERE id = ?2",
            params![status.as_str(), id],
        )?;
        record_history(
            &tx,
            APPLICATION_HISTORY,
            id,
            status.as_str(),
            now,
            response.by,
            note,
        )?;
        tx.execute(
            "UPDATE application_history SET by_name = ?1 WHERE id = last_insert_rowid()",
            [&named_json],
        )?;
    }
    let interview = match &planned.interview {
        InterviewChange::Keep => None,
        InterviewChange::Set(i) => Some(Some(serde_json::to_string(i).map_err(|e| {
            StoreError::Internal {
                detail: e.to_string(),
            }
        })?)),
        InterviewChange::Clear => Some(None),
    };
    if let Some(value) = interview {
        tx.execute(
            "UPDATE applications SET interview = ?1 WHERE id = ?2",
            params![value, id],
        )?;
    }
    remember_request(&tx, &response.request_id, "employer_step", id)?;
    let application = load_application(&tx, id)?;
    let profile = load_profile(&tx, application.profile_id)?;
    tx.commit()?;
    Ok(applicant_view(&profile, &application))
}
