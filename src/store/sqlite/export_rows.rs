//! The records of `jobdesk export applications|roster|people`, with who
//! may see what decided here, so a server answers only what the caller's
//! role allows.

use super::people::{PROFILE_COLUMNS, profile_from_row};
use super::*;
use crate::domain::casework::may_keep_case;
use crate::store::import::{ApplicationRow, ExportQuery, ExportRows, PersonRow, RosterRow};

/// Which people a caller's export holds: everyone, or one caseload.
fn caseload_of(by: Actor) -> StoreResult<Option<Option<Id>>> {
    match by {
        Actor::System | Actor::Staff(_) | Actor::Admin(_) => Ok(None),
        Actor::Counselor(id) => Ok(Some(Some(id))),
        Actor::Employer(_) | Actor::Jobseeker(_) => Err(StoreError::Forbidden),
    }
}

/// Whether `by` may read this person's certificate number and disability
/// data: they agreed to share it, or `by` keeps their case (or owns the
/// local file).
fn may_see_sensitive(by: Actor, counselor_id: Option<Id>, consented: bool) -> bool {
    consented || by == Actor::System || may_keep_case(by, counselor_id)
}

pub(super) fn export_rows(
    store: &SqliteStore,
    by: Actor,
    query: &ExportQuery,
) -> StoreResult<ExportRows> {
    let now = store.now();
    let mut conn = store.lock();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let ((rows, read), action) = match query {
        ExportQuery::People => (people(&tx, by)?, "export_people"),
        ExportQuery::Applications { employer } => {
            (applications(&tx, by, employer)?, "export_applications")
        }
        ExportQuery::Roster { course_id } => (roster(&tx, by, *course_id)?, "export_roster"),
    };
    // Every person whose data leaves the store is in the audit log.
    for id in read {
        super::casework::audit_in(&tx, by, id, action, now)?;
    }
    tx.commit()?;
    Ok(rows)
}

fn counselor_names(conn: &Connection) -> StoreResult<std::collections::HashMap<Id, String>> {
    Ok(conn
        .prepare_cached("SELECT id, name FROM counselors")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

fn people(conn: &Connection, by: Actor) -> StoreResult<(ExportRows, Vec<Id>)> {
    let only = caseload_of(by)?;
    let names = counselor_names(conn)?;
    let columns = PROFILE_COLUMNS
        .split(',')
        .map(|c| format!("p.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {columns}, coalesce(p.external_id, '') FROM profiles p
         WHERE ?1 IS NULL OR p.counselor_id = ?1
         ORDER BY p.name, p.id"
    ))?;
    let caseload = only.flatten();
    let rows = stmt
        .query_map(params![caseload], |r| {
            Ok((profile_from_row(r)?, r.get::<_, String>(18)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let read = rows.iter().map(|(p, _)| p.id).collect();
    let rows = rows
        .into_iter()
        .map(|(mut profile, external_id)| {
            if !may_see_sensitive(by, profile.counselor_id, profile.consent_at.is_some()) {
                profile.certificate.clear();
                profile.certificate_valid_until = None;
                profile.visual_component_confirmed = false;
                profile.needs.clear();
            }
            profile.plan.clear();
            let counselor = profile
                .counselor_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_default();
            PersonRow {
                external_id,
                profile,
                counselor,
            }
        })
        .collect();
    Ok((ExportRows::People { rows }, read))
}

/// An employer by number, external id or name.
fn find_employer(conn: &Connection, key: &str) -> StoreResult<Option<(Id, String)>> {
    let key = key.trim();
    let by_id = key.parse::<Id>().ok();
    Ok(conn
        .prepare_cached(
            "SELECT id, name FROM employers
             WHERE id = ?1 OR external_id = ?2 OR name = ?2
             ORDER BY id = ?1 DESC, external_id = ?2 DESC, id LIMIT 1",
        )?
        .query_row(params![by_id, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn applications(
    conn: &Connection,
    by: Actor,
    employer: &str,
) -> StoreResult<(ExportRows, Vec<Id>)> {
    let Some((employer_id, name)) = find_employer(conn, employer)? else {
        return Err(StoreError::NotFound {
            what: Entity::Employer,
            id: employer.trim().parse().unwrap_or(0),
        });
    };
    // An employer reads the applications to its own jobs only.
    let caseload = match by {
        Actor::Employer(id) if id == employer_id => None,
        other => caseload_of(other)?.flatten(),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT a.reference, j.title, p.name, p.mobile, p.certificate, a.status,
            a.submitted_at, a.note, p.counselor_id, p.consent_at IS NOT NULL, p.id
         FROM applications a JOIN jobs j ON j.id = a.job_id JOIN profiles p ON p.id = a.profile_id
         WHERE j.employer_id = ?1 AND (?2 IS NULL OR p.counselor_id = ?2)
         ORDER BY a.submitted_at, a.id",
    )?;
    let rows = stmt
        .query_map(params![employer_id, caseload], |r| {
            let counselor_id: Option<Id> = r.get(8)?;
            let consented: bool = r.get(9)?;
            let mut certificate: String = r.get(4)?;
            if !may_see_sensitive(by, counselor_id, consented) {
                certificate.clear();
            }
            let row = ApplicationRow {
                reference: r.get(0)?,
                job_title: r.get(1)?,
                applicant: r.get(2)?,
                mobile: r.get(3)?,
                certificate,
                status: get_named(r, 5, ApplicationStatus::parse)?,
                submitted_on: get_time(r, 6)?.date_naive(),
                note: r.get(7)?,
            };
            Ok((row, r.get::<_, Id>(10)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (rows, read) = rows.into_iter().unzip();
    Ok((
        ExportRows::Applications {
            employer: name,
            rows,
        },
        read,
    ))
}

fn roster(conn: &Connection, by: Actor, course_id: Id) -> StoreResult<(ExportRows, Vec<Id>)> {
    let caseload = caseload_of(by)?.flatten();
    let course = super::training::load_course(conn, course_id)?;
    let names = counselor_names(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT n.status,
            CASE WHEN n.status = {w} THEN
                (SELECT COUNT(*) FROM enrollments w WHERE w.course_id = n.course_id
                    AND w.status = {w} AND w.id <= n.id)
            END,
            p.name, p.mobile, p.certificate, p.counselor_id, p.consent_at IS NOT NULL, p.id
         FROM enrollments n JOIN profiles p ON p.id = n.profile_id
         WHERE n.course_id = ?1 AND (n.status IN {holding} OR n.status = {w})
            AND (?2 IS NULL OR p.counselor_id = ?2)
         ORDER BY n.status = {w}, n.id",
        w = *WAITLISTED,
        holding = *HOLDING_SEAT,
    ))?;
    let rows = stmt
        .query_map(params![course_id, caseload], |r| {
            let counselor_id: Option<Id> = r.get(5)?;
            let consented: bool = r.get(6)?;
            let mut certificate: String = r.get(4)?;
            if !may_see_sensitive(by, counselor_id, consented) {
                certificate.clear();
            }
            let row = RosterRow {
                status: get_named(r, 0, EnrollmentStatus::parse)?,
                position: r.get(1)?,
                name: r.get(2)?,
                mobile: r.get(3)?,
                certificate,
                counselor: counselor_id
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_default(),
            };
            Ok((row, r.get::<_, Id>(7)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (rows, read) = rows.into_iter().unzip();
    Ok((
        ExportRows::Roster {
            course: course.title,
            rows,
        },
        read,
    ))
}
