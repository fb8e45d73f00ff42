//! What's new since a jobseeker's last visit, dismissals and saved
//! searches. The rule is `domain::whats_new`; this loads its facts.

use super::*;
use crate::domain::whats_new::{self, Facts, SearchNews, WhatsNew};

/// Where the histories and the jobs stand now: their highest row ids.
fn marks(conn: &Connection) -> StoreResult<(Id, Id, Id)> {
    Ok(conn.query_row(
        "SELECT (SELECT IFNULL(MAX(id), 0) FROM application_history),
                (SELECT IFNULL(MAX(id), 0) FROM enrollment_history),
                (SELECT IFNULL(MAX(id), 0) FROM jobs)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

fn check_profile(conn: &Connection, profile_id: Id) -> StoreResult<()> {
    conn.prepare_cached("SELECT 1 FROM profiles WHERE id = ?1")?
        .query_row([profile_id], |_| Ok(()))
        .map_err(not_found(Entity::Profile, profile_id))
}

pub(super) fn begin_visit(store: &SqliteStore, profile_id: Id, visit_id: &str) -> StoreResult<()> {
    let now = time_text(store.now());
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    check_profile(&tx, profile_id)?;
    let current: Option<String> = tx
        .query_row(
            "SELECT visit_id FROM visits WHERE profile_id = ?1",
            [profile_id],
            |r| r.get(0),
        )
        .optional()?;
    let (apps, enrollments, jobs) = marks(&tx)?;
    match current {
        // The same visit again: nothing moves.
        Some(id) if id == visit_id => {}
        Some(_) => {
            tx.execute(
                "UPDATE visits SET last_at = this_at,
                     last_application_entry = this_application_entry,
                     last_enrollment_entry = this_enrollment_entry,
                     last_job = this_job,
                     visit_id = ?2, this_at = ?3, this_application_entry = ?4,
                     this_enrollment_entry = ?5, this_job = ?6
                 WHERE profile_id = ?1",
                params![profile_id, visit_id, now, apps, enrollments, jobs],
            )?;
        }
        // The first visit: nothing from before it is new.
        None => {
            tx.execute(
                "INSERT INTO visits (profile_id, visit_id, this_at, this_application_entry,
                     this_enrollment_entry, this_job, last_at, last_application_entry,
                     last_enrollment_entry, last_job)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?3, ?4, ?5, ?6)",
                params![profile_id, visit_id, now, apps, enrollments, jobs],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// How many entries of each record's history were written up to `mark`.
fn known_entries(
    conn: &Connection,
    table: &str,
    key: &str,
    record: Id,
    mark: Id,
) -> StoreResult<usize> {
    let n: i64 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM {table} WHERE {key} = ?1 AND id <= ?2"
        ))?
        .query_row([record, mark], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The jobs after `after` that match a saved search, newest first (at most
/// a page: what's new says how many, up to that).
fn new_jobs(store: &SqliteStore, query: &JobQuery, after: Id) -> StoreResult<Vec<Id>> {
    let mut f = jobs::job_filter(query, store.today())?;
    let p = f.param(after);
    f.push(format!("j.id > {p}"));
    let page = paged(
        &store.lock(),
        &jobs::JOB_LISTING,
        f,
        0,
        500,
        jobs::job_summary_from_row,
    )?;
    Ok(page.items.into_iter().map(|j| j.id).collect())
}

pub(super) fn whats_new(store: &SqliteStore, profile_id: Id) -> StoreResult<WhatsNew> {
    // Without a visit yet, nothing is new but the recommendations.
    let visit: Option<(Id, Id, Id)> = {
        let conn = store.lock();
        check_profile(&conn, profile_id)?;
        conn.query_row(
            "SELECT last_application_entry, last_enrollment_entry, last_job
             FROM visits WHERE profile_id = ?1",
            [profile_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
    };
    let mut facts = Facts {
        profile_id,
        recommendations: casework::recommendations(store, profile_id)?,
        ..Facts::default()
    };
    if let Some((app_mark, enrollment_mark, job_mark)) = visit {
        let applications = applications::applications(store, profile_id)?;
        let enrollments = training::enrollments(store, profile_id)?;
        {
            let conn = store.lock();
            for a in applications {
                let known = known_entries(
                    &conn,
                    "application_history",
                    "application_id",
                    a.id,
                    app_mark,
                )?;
                facts.applications.push((a, known));
            }
            for e in enrollments {
                let known = known_entries(
                    &conn,
                    "enrollment_history",
                    "enrollment_id",
                    e.id,
                    enrollment_mark,
                )?;
                facts.enrollments.push((e, known));
            }
            facts.dismissed = conn
                .prepare_cached("SELECT key FROM dismissed_news WHERE profile_id = ?1")?
                .query_map([profile_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        }
        for s in saved_searches(store, profile_id)? {
            let job_ids = new_jobs(store, &s.query, job_mark)?;
            facts.searches.push(SearchNews {
                search_id: s.id,
                name: s.name,
                job_ids,
            });
        }
    } else {
        facts.dismissed = store
            .lock()
            .prepare_cached("SELECT key FROM dismissed_news WHERE profile_id = ?1")?
            .query_map([profile_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(whats_new::changes(&facts, store.now()))
}

pub(super) fn dismiss_new(store: &SqliteStore, profile_id: Id, key: &str) -> StoreResult<()> {
    if !whats_new::is_valid_key(key) {
        // Not a change the rule makes: nobody's to dismiss.
        return Err(StoreError::Forbidden);
    }
    let conn = store.lock();
    check_profile(&conn, profile_id)?;
    conn.execute(
        "INSERT OR IGNORE INTO dismissed_news (profile_id, key, at) VALUES (?1, ?2, ?3)",
        params![profile_id, key, time_text(store.now())],
    )?;
    Ok(())
}

fn search_from_row(r: &Row<'_>) -> rusqlite::Result<(Id, Id, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn parse_search(
    (id, profile_id, name, query): (Id, Id, String, String),
) -> StoreResult<SavedSearch> {
    let query: JobQuery = serde_json::from_str(&query).map_err(|e| StoreError::Internal {
        detail: format!("saved search {id}: {e}"),
    })?;
    Ok(SavedSearch {
        id,
        profile_id,
        name,
        query,
    })
}

/// A saved search's name: trimmed, one line, not empty, not too long.
fn check_name(name: &str) -> StoreResult<String> {
    crate::domain::text::required(name, SAVED_SEARCH_NAME_MAX, false)
        .map_err(|e| StoreError::invalid(vec![FieldError::from_text(Field::Name, e)]))
}

pub(super) fn save_search(
    store: &SqliteStore,
    search: &NewSavedSearch,
) -> StoreResult<SavedSearch> {
    let name = check_name(&search.name)?;
    // The search itself is checked as a search would be.
    jobs::job_filter(&search.query, store.today())?;
    let query = JobQuery {
        page: 0,
        ..search.query.clone()
    };
    let json = serde_json::to_string(&query).map_err(|e| StoreError::Internal {
        detail: e.to_string(),
    })?;
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    check_profile(&tx, search.profile_id)?;
    let (count, same): (i64, i64) = tx.query_row(
        "SELECT COUNT(*), IFNULL(SUM(name = ?2), 0) FROM saved_searches WHERE profile_id = ?1",
        params![search.profile_id, name],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if same == 0 && count >= SAVED_SEARCHES_MAX as i64 {
        return Err(StoreError::invalid(vec![FieldError::new(
            Field::Name,
            crate::domain::Problem::OutOfRange {
                min: 0,
                max: SAVED_SEARCHES_MAX as i64,
            },
        )]));
    }
    tx.execute(
        "INSERT INTO saved_searches (profile_id, name, query, at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (profile_id, name) DO UPDATE SET query = excluded.query, at = excluded.at",
        params![search.profile_id, name, json, time_text(store.now())],
    )?;
    let row = tx.query_row(
        "SELECT id, profile_id, name, query FROM saved_searches
         WHERE profile_id = ?1 AND name = ?2",
        params![search.profile_id, name],
        search_from_row,
    )?;
    tx.commit()?;
    parse_search(row)
}

pub(super) fn saved_searches(store: &SqliteStore, profile_id: Id) -> StoreResult<Vec<SavedSearch>> {
    let rows = {
        let conn = store.lock();
        check_profile(&conn, profile_id)?;
        conn.prepare_cached(
            "SELECT id, profile_id, name, query FROM saved_searches
             WHERE profile_id = ?1 ORDER BY name, id",
        )?
        .query_map([profile_id], search_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?
    };
    rows.into_iter().map(parse_search).collect()
}

pub(super) fn delete_saved_search(
    store: &SqliteStore,
    profile_id: Id,
    search_id: Id,
) -> StoreResult<()> {
    let conn = store.lock();
    check_profile(&conn, profile_id)?;
    conn.execute(
        "DELETE FROM saved_searches WHERE id = ?1 AND profile_id = ?2",
        params![search_id, profile_id],
    )?;
    Ok(())
}
