//! The offline outbox of a remote client: changes made while the server
//! cannot be reached wait in a local SQLite file, in order, until they are
//! delivered. Each carries its request id, so delivering one twice (after
//! a crash between sending and forgetting it) still changes things once.
//! Each belongs to the person who made it and is sent only in their
//! session: at a shared desk, one person's change never goes out as the
//! next person's.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::{
    ApplicationChange, ApplyRequest, EnrollmentChange, RegisterRequest, StoreError, StoreResult,
};
use crate::domain::{Application, Enrollment, Id, Profile};

/// A change waiting to be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pending {
    Apply(ApplyRequest),
    ChangeApplication(ApplicationChange),
    Register(RegisterRequest),
    ChangeEnrollment(EnrollmentChange),
    SaveProfile { key: String, profile: Profile },
}

/// What the server answered to a delivered change.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivered {
    Applied(Application),
    ApplicationChanged(Application),
    Registered(Enrollment),
    EnrollmentChanged(Enrollment),
    ProfileSaved(Profile),
}

/// One delivered change and how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub pending: Pending,
    pub result: Result<Delivered, StoreError>,
}

pub struct Outbox {
    conn: Mutex<Connection>,
}

impl Outbox {
    /// Opens (creating it if needed) the outbox file. A file that cannot
    /// be used is named in the error, with what to do about it.
    pub fn open(path: &Path) -> StoreResult<Outbox> {
        let unusable = |e: &dyn std::fmt::Display| StoreError::Unavailable {
            detail: format!(
                "the outbox file {} cannot be used ({e}). Move it aside (rename it) to start \
                 with an empty outbox; the changes kept in it have not been sent.",
                path.display()
            ),
        };
        // Queued changes hold personal data: the file is private.
        super::sqlite::create_private_file(path).map_err(|e| unusable(&e))?;
        let conn = Connection::open(path).map_err(|e| unusable(&e))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| unusable(&e))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS outbox (
                id INTEGER PRIMARY KEY,
                owner TEXT NOT NULL,
                body TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS outbox_unreadable (
                id INTEGER PRIMARY KEY,
                owner TEXT NOT NULL,
                body TEXT NOT NULL
             );",
        )
        .map_err(|e| unusable(&e))?;
        Ok(Outbox {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps a change made by `owner` (an actor code such as `jobseeker:3`).
    pub fn push(&self, owner: &str, pending: &Pending) -> StoreResult<()> {
        let body = serde_json::to_string(pending).map_err(|e| StoreError::Internal {
            detail: e.to_string(),
        })?;
        self.lock().execute(
            "INSERT INTO outbox (owner, body) VALUES (?1, ?2)",
            params![owner, body],
        )?;
        Ok(())
    }

    /// What `owner` has waiting, oldest first. An unreadable row (written
    /// by another version, or damaged) is set aside in `outbox_unreadable`,
    /// kept for an administrator, rather than blocking the rest or being
    /// lost.
    pub fn pending(&self, owner: &str) -> StoreResult<Vec<(Id, Pending)>> {
        let conn = self.lock();
        let mut stmt = conn.prepare("SELECT id, body FROM outbox WHERE owner = ?1 ORDER BY id")?;
        let rows: Vec<(Id, String)> = stmt
            .query_map([owner], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (id, body) in rows {
            match serde_json::from_str(&body) {
                Ok(p) => out.push((id, p)),
                Err(e) => {
                    tracing::error!("setting aside unreadable outbox entry {id}: {e}");
                    conn.execute(
                        "INSERT INTO outbox_unreadable (id, owner, body)
                         SELECT id, owner, body FROM outbox WHERE id = ?1",
                        [id],
                    )?;
                    conn.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
                }
            }
        }
        Ok(out)
    }

    pub fn remove(&self, id: Id) -> StoreResult<()> {
        self.lock()
            .execute("DELETE FROM outbox WHERE id = ?1", params![id])?;
        Ok(())
    }

    /// How many unreadable changes were set aside.
    pub fn set_aside(&self) -> usize {
        self.lock()
            .query_row("SELECT COUNT(*) FROM outbox_unreadable", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_or(0, |n| n.max(0) as usize)
    }

    /// How many changes `owner` has waiting.
    pub fn len(&self, owner: &str) -> usize {
        self.lock()
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE owner = ?1",
                [owner],
                |r| r.get::<_, i64>(0),
            )
            .map_or(0, |n| n.max(0) as usize)
    }
}
