//! Changes the server makes once per idempotency key, with their stored
//! answers (the idempotency table).

use chrono::Duration;
use serde::Serialize;

use super::*;
use super::{casework::*, jobs::*, people::*, training::*};
use crate::store::traits::Answer;
use crate::store::traits::{ANSWER_HOURS, Change, Idempotency};

impl SqliteStore {
    /// Runs `work` once per idempotency key; see
    /// [`Idempotency::change_once`]. `work` answers with the JSON body.
    /// Identical requests sent side by side wait for each other on the
    /// write lock.
    fn once(
        &self,
        key: Option<&str>,
        account_id: Id,
        request_hash: &str,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> StoreResult<String>,
    ) -> StoreResult<Answer> {
        let now = self.now();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if let Some(key) = key {
            let earlier: Option<(u16, String, String)> = tx
                .query_row(
                    "SELECT status, body, request_hash FROM idempotency
                     WHERE key = ?1 AND account_id = ?2",
                    params![key, account_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match earlier {
                // A claim left by an older version (status 0) was never
                // answered: its change is made again.
                Some((0, _, _)) | None => {}
                Some((_, _, hash)) if !hash.is_empty() && hash != request_hash => {
                    return Ok(Answer::Mismatch);
                }
                Some((status, body, _)) => return Ok(Answer::Replayed(status, body)),
            }
        }
        let body = work(&tx)?;
        if let Some(key) = key {
            tx.execute(
                "DELETE FROM idempotency WHERE created_at <> '' AND created_at < ?1",
                [(now - Duration::hours(ANSWER_HOURS)).to_rfc3339()],
            )?;
            tx.execute(
                "INSERT OR REPLACE INTO idempotency (key, account_id, status, body, request_hash, created_at)
                 VALUES (?1, ?2, 200, ?3, ?4, ?5)",
                params![key, account_id, body, request_hash, now.to_rfc3339()],
            )?;
        }
        tx.commit()?;
        Ok(Answer::Fresh(body))
    }
}

fn to_json(value: &impl Serialize) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Internal {
        detail: e.to_string(),
    })
}

impl Idempotency for SqliteStore {
    fn change_once(
        &self,
        key: Option<&str>,
        account_id: Id,
        request_hash: &str,
        change: Change,
    ) -> StoreResult<Answer> {
        let (now, today) = (self.now(), self.today());
        self.once(key, account_id, request_hash, move |tx| match change {
            Change::PostJob(job) => to_json(&post_job_in(tx, job)?),
            Change::PostCourse(course) => to_json(&post_course_in(tx, course)?),
            Change::SaveProfile {
                profile,
                link_account,
            } => {
                let saved = save_profile_in(tx, profile, today)?;
                if let Some(account) = link_account {
                    tx.execute(
                        "UPDATE accounts SET profile_id = ?1 WHERE id = ?2",
                        params![saved.id, account],
                    )?;
                }
                to_json(&saved)
            }
            Change::Case(change) => {
                let id = change_case_in(tx, &change, now)?;
                to_json(&load_record(tx, id)?)
            }
            Change::Recommend(request) => to_json(&recommend_in(tx, &request, now)?),
        })
    }
}
