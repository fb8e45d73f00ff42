//! Request ids that make a retried apply, register or status change
//! harmless (the request_id columns and the done_requests table).

use super::*;

/// The application or enrollment already made under this request id, if
/// it was for the same (job or course, person); the same id for anything
/// else is refused.
pub(super) fn earlier_request(
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
pub(super) fn done_request(
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

pub(super) fn remember_request(
    tx: &Transaction<'_>,
    request_id: &str,
    kind: &str,
    id: Id,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO done_requests (request_id, kind, target_id) VALUES (?1, ?2, ?3)",
        params![request_id, kind, id],
    )?;
    Ok(())
}
