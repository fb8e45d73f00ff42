//! Accounts of the server: roles, hashed PINs or passwords (argon2),
//! sessions with expiring bearer tokens, lockout after repeated failed
//! logins, the audit log, and stored answers for idempotency keys.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{SqliteStore, StoreError, StoreResult};
use crate::domain::{Actor, Field, FieldError, Id, Problem, text};
use crate::named_enum;

named_enum! {
    /// What an account may do.
    pub enum Role {
        Jobseeker => "jobseeker",
        Counselor => "counselor",
        Admin => "admin",
    }
}

/// Failed logins in a row before the account is locked.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long a lock lasts.
pub const LOCK_MINUTES: i64 = 15;
/// How long a session token is valid.
pub const SESSION_HOURS: i64 = 12;

/// A server account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: Id,
    pub login: String,
    pub role: Role,
    pub profile_id: Option<Id>,
    pub counselor_id: Option<Id>,
}

impl Account {
    /// Who this account acts as in histories and logs.
    pub fn actor(&self) -> Actor {
        match self.role {
            Role::Jobseeker => self.profile_id.map_or(Actor::System, Actor::Jobseeker),
            Role::Counselor => self.counselor_id.map_or(Actor::System, Actor::Counselor),
            Role::Admin => Actor::Admin(self.id),
        }
    }
}

/// A new session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub actor: Actor,
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hash_secret(secret: &str) -> StoreResult<String> {
    Argon2::default()
        .hash_password(secret.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Internal {
            detail: format!("hashing failed: {e}"),
        })
}

fn secret_matches(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(secret.as_bytes(), &h)
            .is_ok()
    })
}

/// Checks a PIN or password: 4 to 64 characters, no control characters.
pub fn check_secret(secret: &str) -> Result<(), FieldError> {
    let n = secret.chars().count();
    if n == 0 {
        return Err(FieldError::new(Field::Pin, Problem::Required));
    }
    if secret.chars().any(char::is_control) {
        return Err(FieldError::new(
            Field::Pin,
            Problem::ControlCharacter { position: 1 },
        ));
    }
    if !(4..=64).contains(&n) {
        return Err(FieldError::new(
            Field::Pin,
            Problem::OutOfRange { min: 4, max: 64 },
        ));
    }
    Ok(())
}

const ACCOUNT_COLUMNS: &str = "id, login, role, profile_id, counselor_id";

fn account_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    let role: String = r.get(2)?;
    Ok(Account {
        id: r.get(0)?,
        login: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Jobseeker),
        profile_id: r.get(3)?,
        counselor_id: r.get(4)?,
    })
}

impl SqliteStore {
    /// Creates an account. The secret is stored only as an argon2 hash.
    pub fn add_account(
        &self,
        login: &str,
        role: Role,
        secret: &str,
        profile_id: Option<Id>,
        counselor_id: Option<Id>,
    ) -> StoreResult<Account> {
        let login = text::required(login, 40, false)
            .map_err(|e| StoreError::invalid(vec![FieldError::from_text(Field::Login, e)]))?;
        check_secret(secret).map_err(|e| StoreError::invalid(vec![e]))?;
        let hash = hash_secret(secret)?;
        let conn = self.lock();
        conn.execute(
            "INSERT INTO accounts (login, role, secret_hash, profile_id, counselor_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![login, role.as_str(), hash, profile_id, counselor_id],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                StoreError::LoginTaken
            }
            other => other.into(),
        })?;
        Ok(Account {
            id: conn.last_insert_rowid(),
            login,
            role,
            profile_id,
            counselor_id,
        })
    }

    pub fn account(&self, id: Id) -> StoreResult<Account> {
        self.lock()
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1"),
                [id],
                account_from_row,
            )
            .map_err(|_| StoreError::SessionExpired)
    }

    /// Links a jobseeker account to the profile it created.
    pub fn link_profile(&self, account_id: Id, profile_id: Id) -> StoreResult<()> {
        self.lock().execute(
            "UPDATE accounts SET profile_id = ?1 WHERE id = ?2",
            params![profile_id, account_id],
        )?;
        Ok(())
    }

    /// Checks a login; repeated failures lock the account for a while.
    pub fn login(&self, login: &str, secret: &str) -> StoreResult<Session> {
        let now = self.now();
        // A jobseeker may also log in with the mobile number or the
        // certificate number of their profile (a kiosk keypad has no
        // letters).
        let login = login.trim();
        // The attempt is counted before the PIN is checked, in one
        // transaction, so guesses sent side by side are all counted.
        let (account, hash, attempt) = {
            let mut conn = self.lock();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let row: Option<(Account, String, Option<String>)> = tx
                .query_row(
                    &format!(
                        "SELECT {ACCOUNT_COLUMNS}, secret_hash, locked_until FROM accounts
                         WHERE login = ?1 OR (role = 'jobseeker' AND ?1 <> '' AND profile_id IN
                            (SELECT id FROM profiles WHERE mobile = ?1 OR certificate = upper(?1)))
                         ORDER BY login = ?1 DESC, id LIMIT 1"
                    ),
                    [login],
                    |r| Ok((account_from_row(r)?, r.get(5)?, r.get(6)?)),
                )
                .optional()?;
            let Some((account, hash, locked_until)) = row else {
                drop(tx);
                drop(conn);
                // Hash anyway, so a wrong login takes as long as a wrong PIN.
                let _ = hash_secret(secret);
                return Err(StoreError::LoginFailed {
                    attempts_left: MAX_FAILED_LOGINS,
                });
            };
            if let Some(until) = locked_until
                .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
                .map(|t| t.with_timezone(&Utc))
                .filter(|until| *until > now)
            {
                return Err(StoreError::Locked { until });
            }
            let attempt: u32 = tx.query_row(
                "UPDATE accounts SET failed_logins = failed_logins + 1 WHERE id = ?1 RETURNING failed_logins",
                [account.id],
                |r| r.get(0),
            )?;
            if attempt >= MAX_FAILED_LOGINS {
                // This is the last try: lock now, and unlock below if the
                // PIN turns out right.
                let until = now + Duration::minutes(LOCK_MINUTES);
                tx.execute(
                    "UPDATE accounts SET failed_logins = 0, locked_until = ?1 WHERE id = ?2",
                    params![until.to_rfc3339(), account.id],
                )?;
            }
            tx.commit()?;
            (account, hash, attempt)
        };
        if !secret_matches(secret, &hash) {
            if attempt >= MAX_FAILED_LOGINS {
                return Err(StoreError::Locked {
                    until: now + Duration::minutes(LOCK_MINUTES),
                });
            }
            return Err(StoreError::LoginFailed {
                attempts_left: MAX_FAILED_LOGINS - attempt,
            });
        }
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let expires_at = now + Duration::hours(SESSION_HOURS);
        let conn = self.lock();
        conn.execute(
            "UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
            [account.id],
        )?;
        conn.execute(
            "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash(&token), account.id, expires_at.to_rfc3339()],
        )?;
        Ok(Session {
            token,
            expires_at,
            actor: account.actor(),
        })
    }

    /// The account behind a bearer token, if the session is still valid.
    pub fn session(&self, token: &str) -> StoreResult<Account> {
        let now = self.now();
        let row: Option<(Id, String)> = self
            .lock()
            .query_row(
                "SELECT account_id, expires_at FROM sessions WHERE token_hash = ?1",
                [token_hash(token)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            Some((account, expires))
                if DateTime::parse_from_rfc3339(&expires)
                    .is_ok_and(|t| t.with_timezone(&Utc) > now) =>
            {
                self.account(account)
            }
            _ => Err(StoreError::SessionExpired),
        }
    }

    /// Records a read or change of another person's personal data.
    pub fn audit(&self, actor: Actor, profile_id: Id, action: &str) -> StoreResult<()> {
        self.lock().execute(
            "INSERT INTO audit_log (at, actor, profile_id, action) VALUES (?1, ?2, ?3, ?4)",
            params![self.now().to_rfc3339(), actor.to_code(), profile_id, action],
        )?;
        Ok(())
    }

    /// The audit entries about a person: (when, who, what).
    pub fn audit_entries(&self, profile_id: Id) -> StoreResult<Vec<(String, String, String)>> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare("SELECT at, actor, action FROM audit_log WHERE profile_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([profile_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Claims an idempotency key for a change about to be made. Exactly
    /// one of several identical requests gets `Claim::Mine`; the others see
    /// the answer once it is stored, or that it is still being made.
    pub fn claim_key(&self, key: &str, account_id: Id) -> StoreResult<Claim> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO idempotency (key, account_id, status, body) VALUES (?1, ?2, 0, '')",
            params![key, account_id],
        )?;
        let claim = if inserted == 1 {
            Claim::Mine
        } else {
            let (status, body): (u16, String) = tx.query_row(
                "SELECT status, body FROM idempotency WHERE key = ?1 AND account_id = ?2",
                params![key, account_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if status == 0 {
                Claim::InProgress
            } else {
                Claim::Answered(status, body)
            }
        };
        tx.commit()?;
        Ok(claim)
    }

    /// Stores the answer to a claimed key.
    pub fn answer_key(
        &self,
        key: &str,
        account_id: Id,
        status: u16,
        body: &str,
    ) -> StoreResult<()> {
        self.lock().execute(
            "UPDATE idempotency SET status = ?3, body = ?4 WHERE key = ?1 AND account_id = ?2",
            params![key, account_id, status, body],
        )?;
        Ok(())
    }

    /// Gives a claimed key back when the change failed, so a retry runs.
    pub fn release_key(&self, key: &str, account_id: Id) -> StoreResult<()> {
        self.lock().execute(
            "DELETE FROM idempotency WHERE key = ?1 AND account_id = ?2 AND status = 0",
            params![key, account_id],
        )?;
        Ok(())
    }
}

/// What an idempotency key says about a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Make the change, then store the answer.
    Mine,
    /// Made before: this was the answer.
    Answered(u16, String),
    /// Being made right now by an identical request.
    InProgress,
}
