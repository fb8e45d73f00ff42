//! The accounts of a SQLite file: hashed PINs or passwords (argon2),
//! sessions with expiring bearer tokens, lockout after repeated failed
//! logins, the audit log, and administration.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use chrono::Duration;
use sha2::{Digest, Sha256};

use super::people::*;
use super::*;
use crate::domain::{Field, FieldError, text};
use crate::store::accounts::*;
use crate::store::traits::{Admin, AuditEntry, AuditLog};

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(super) fn hash_secret(secret: &str) -> StoreResult<String> {
    Argon2::default()
        .hash_password(secret.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Internal {
            detail: format!("hashing failed: {e}"),
        })
}

/// Whether `secret` matches the stored hash. Only a real mismatch is
/// `Ok(false)`: a hash that cannot be computed (memory exhausted) or read is
/// an error, never a wrong PIN.
fn secret_matches(secret: &str, stored: &str) -> StoreResult<bool> {
    let hash = PasswordHash::new(stored).map_err(|e| StoreError::Internal {
        detail: format!("stored hash unreadable: {e}"),
    })?;
    match Argon2::default().verify_password(secret.as_bytes(), &hash) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(argon2::password_hash::Error::OutOfMemory) => Err(StoreError::Busy {
            retry_after: BUSY_RETRY_SECONDS,
        }),
        Err(e) => Err(StoreError::Internal {
            detail: format!("checking a PIN failed: {e}"),
        }),
    }
}

/// A hash to check unknown logins against, so they cost what known ones do.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        // Fails only without a random source; then every login fails alike.
        hash_secret("not a real secret").unwrap_or_default()
    })
}

/// The key failed logins are counted under: the account when the login
/// names one, the typed name otherwise, so unknown names behave exactly
/// like known ones.
fn login_subject(account: Option<&Account>, login: &str) -> String {
    match account {
        Some(a) => format!("account:{}", a.id),
        None => format!(
            "name:{}",
            login.to_lowercase().chars().take(64).collect::<String>()
        ),
    }
}

const ACCOUNT_COLUMNS: &str = "id, login, role, profile_id, counselor_id, employer_id";

fn account_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    let role: String = r.get(2)?;
    Ok(Account {
        id: r.get(0)?,
        login: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Jobseeker),
        profile_id: r.get(3)?,
        counselor_id: r.get(4)?,
        employer_id: r.get(5)?,
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
            employer_id: None,
        })
    }

    /// Creates an account and, when it needs one, its new profile or
    /// counselor record, in one transaction: a refused account (login taken,
    /// bad login) leaves no orphan record behind.
    pub fn add_account_owned(
        &self,
        login: &str,
        role: Role,
        secret: &str,
        owner: Owner,
    ) -> StoreResult<Account> {
        let login = text::required(login, 40, false)
            .map_err(|e| StoreError::invalid(vec![FieldError::from_text(Field::Login, e)]))?;
        check_secret(secret).map_err(|e| StoreError::invalid(vec![e]))?;
        let hash = hash_secret(secret)?;
        let today = self.today();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let exists = |table: &str, id: Id, what: Entity| -> StoreResult<Id> {
            let found: bool = tx.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
                [id],
                |r| r.get(0),
            )?;
            if found {
                Ok(id)
            } else {
                Err(StoreError::NotFound { what, id })
            }
        };
        let (mut profile_id, mut counselor_id, mut employer_id) = (None, None, None);
        match owner {
            Owner::Nobody => {}
            Owner::Profile(id) => {
                profile_id = Some(exists("profiles", id, Entity::Profile)?);
            }
            Owner::Counselor(id) => {
                counselor_id = Some(exists("counselors", id, Entity::Counselor)?);
            }
            Owner::Employer(id) => {
                employer_id = Some(exists("employers", id, Entity::Employer)?);
            }
            Owner::NewProfile(profile) => {
                profile_id = Some(save_profile_in(&tx, profile, today)?.id);
            }
            Owner::NewCounselor(c) => {
                tx.execute(
                    "INSERT INTO counselors (name, center, district) VALUES (?1, ?2, ?3)",
                    params![c.name, c.center, c.district.code()],
                )?;
                counselor_id = Some(tx.last_insert_rowid());
            }
            Owner::NewEmployer(e) => {
                tx.execute(
                    "INSERT INTO employers (name, district, medical_institution, contact)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![e.name, e.district.code(), e.medical_institution, e.contact],
                )?;
                employer_id = Some(tx.last_insert_rowid());
            }
        }
        tx.execute(
            "INSERT INTO accounts (login, role, secret_hash, profile_id, counselor_id, employer_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                login,
                role.as_str(),
                hash,
                profile_id,
                counselor_id,
                employer_id
            ],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                StoreError::LoginTaken
            }
            other => other.into(),
        })?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Account {
            id,
            login,
            role,
            profile_id,
            counselor_id,
            employer_id,
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

    /// Checks a login from this computer (the command line and tests).
    pub fn login(&self, login: &str, secret: &str) -> StoreResult<Session> {
        self.login_from(login, secret, LOCAL_ADDRESS)
    }

    /// The account a login names: its login name, or (a kiosk keypad has
    /// no letters) the mobile or certificate number of a jobseeker's
    /// profile, but only when exactly one profile holds that number and
    /// exactly one jobseeker account belongs to it. A copied number makes
    /// the number useless for logging in, never someone else's key.
    fn find_login(
        conn: &rusqlite::Connection,
        login: &str,
    ) -> StoreResult<Option<(Account, String)>> {
        let by_name = conn
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS}, secret_hash FROM accounts WHERE login = ?1"),
                [login],
                |r| Ok((account_from_row(r)?, r.get(6)?)),
            )
            .optional()?;
        if by_name.is_some() || login.is_empty() {
            return Ok(by_name);
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ACCOUNT_COLUMNS}, secret_hash FROM accounts
             WHERE role = 'jobseeker' AND profile_id IN
                (SELECT id FROM profiles WHERE mobile = ?1 OR certificate = upper(?1))
               AND (SELECT COUNT(*) FROM profiles WHERE mobile = ?1 OR certificate = upper(?1)) = 1
             LIMIT 2"
        ))?;
        let mut found: Vec<(Account, String)> = stmt
            .query_map([login], |r| Ok((account_from_row(r)?, r.get(6)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(if found.len() == 1 { found.pop() } else { None })
    }

    /// Checks a login sent from `address` (the client's IP address). Every
    /// failure is counted for this login and this address before the PIN
    /// is checked, so guesses sent side by side all count; unknown logins
    /// are counted and answered exactly like known ones.
    pub fn login_from(&self, login: &str, secret: &str, address: &str) -> StoreResult<Session> {
        let now = self.now();
        let login = login.trim();
        let window_start = (now - Duration::minutes(LOCK_MINUTES)).to_rfc3339();
        let (account, hash, subject, attempt) = {
            let mut conn = self.lock();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Counts older than the lock time are forgotten, so guesses at
            // made-up names cannot grow the table without end.
            tx.execute(
                "DELETE FROM login_failures WHERE updated_at <= ?1
                 AND (locked_until IS NULL OR locked_until <= ?2)",
                params![window_start, now.to_rfc3339()],
            )?;
            let found = Self::find_login(&tx, login)?;
            let subject = login_subject(found.as_ref().map(|(a, _)| a), login);
            let (account, hash) = match found {
                Some((a, h)) => (Some(a), h),
                None => (None, dummy_hash().to_string()),
            };
            let row: Option<(u32, Option<String>, String)> = tx
                .query_row(
                    "SELECT failures, locked_until, updated_at FROM login_failures
                     WHERE subject = ?1 AND address = ?2",
                    params![subject, address],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some(until) = row
                .as_ref()
                .and_then(|(_, until, _)| until.as_deref())
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| t.with_timezone(&Utc))
                .filter(|until| *until > now)
            {
                return Err(StoreError::Locked { until });
            }
            // Guessing from many addresses: only addresses this account
            // has logged in from before may go on.
            let everywhere: u32 = tx.query_row(
                "SELECT COALESCE(SUM(failures), 0) FROM login_failures
                 WHERE subject = ?1 AND updated_at > ?2",
                params![subject, window_start],
                |r| r.get(0),
            )?;
            if everywhere >= MAX_FAILED_LOGINS_EVERYWHERE {
                let known: bool = match &account {
                    Some(a) => tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM login_addresses
                         WHERE account_id = ?1 AND address = ?2)",
                        params![a.id, address],
                        |r| r.get(0),
                    )?,
                    None => false,
                };
                if !known {
                    return Err(StoreError::Locked {
                        until: now + Duration::minutes(LOCK_MINUTES),
                    });
                }
            }
            // A count from an expired lock, or older than the lock time,
            // starts again.
            let stale = row
                .as_ref()
                .is_some_and(|(_, until, at)| until.is_some() || *at <= window_start);
            let attempt: u32 = tx.query_row(
                "INSERT INTO login_failures (subject, address, failures, updated_at)
                 VALUES (?1, ?2, 1, ?3)
                 ON CONFLICT (subject, address) DO UPDATE SET
                    failures = CASE WHEN ?4 THEN 1 ELSE failures + 1 END,
                    locked_until = NULL, updated_at = ?3
                 RETURNING failures",
                params![subject, address, now.to_rfc3339(), stale],
                |r| r.get(0),
            )?;
            if attempt >= MAX_FAILED_LOGINS {
                // The last try: lock now, and unlock below if the PIN
                // turns out right.
                tx.execute(
                    "UPDATE login_failures SET locked_until = ?3 WHERE subject = ?1 AND address = ?2",
                    params![
                        subject,
                        address,
                        (now + Duration::minutes(LOCK_MINUTES)).to_rfc3339()
                    ],
                )?;
            }
            tx.commit()?;
            (account, hash, subject, attempt)
        };
        let matched = match secret_matches(secret, &hash) {
            Ok(m) => m,
            Err(e) => {
                // Not a wrong PIN: take the attempt back.
                self.lock().execute(
                    "UPDATE login_failures SET failures = MAX(failures - 1, 0), locked_until = NULL
                     WHERE subject = ?1 AND address = ?2",
                    params![subject, address],
                )?;
                return Err(e);
            }
        };
        let account = match account {
            Some(a) if matched && self.account_disabled(a.id)? => {
                return Err(StoreError::AccountDisabled);
            }
            Some(a) if matched => a,
            _ if attempt >= MAX_FAILED_LOGINS => {
                return Err(StoreError::Locked {
                    until: now + Duration::minutes(LOCK_MINUTES),
                });
            }
            _ => {
                return Err(StoreError::LoginFailed {
                    attempts_left: MAX_FAILED_LOGINS - attempt,
                });
            }
        };
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let expires_at = now + Duration::hours(SESSION_HOURS);
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute(
            "DELETE FROM login_failures WHERE subject = ?1 AND address = ?2",
            params![subject, address],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO login_addresses (account_id, address) VALUES (?1, ?2)",
            params![account.id, address],
        )?;
        tx.execute(
            "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash(&token), account.id, expires_at.to_rfc3339()],
        )?;
        tx.commit()?;
        Ok(Session {
            token,
            expires_at,
            actor: account.actor(),
        })
    }

    /// Which of a profile's login numbers (mobile, certificate) another
    /// profile already holds. A jobseeker may not claim those: that is how
    /// someone would take over another person's keypad login.
    pub fn numbers_held_elsewhere(
        &self,
        profile: &crate::domain::Profile,
    ) -> StoreResult<Vec<Field>> {
        let conn = self.lock();
        let mut taken = Vec::new();
        for (field, column, value) in [
            (Field::Mobile, "mobile", &profile.mobile),
            (Field::Certificate, "certificate", &profile.certificate),
        ] {
            if value.is_empty() {
                continue;
            }
            let held: bool = conn.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM profiles WHERE {column} = ?1 AND id <> ?2)"),
                params![value, profile.id],
                |r| r.get(0),
            )?;
            if held {
                taken.push(field);
            }
        }
        Ok(taken)
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
}

impl AuditLog for SqliteStore {
    fn audit(&self, actor: Actor, profile_id: Id, action: &str) -> StoreResult<()> {
        SqliteStore::audit(self, actor, profile_id, action)
    }

    fn audit_entries(&self, profile_id: Id) -> StoreResult<Vec<AuditEntry>> {
        SqliteStore::audit_entries(self, profile_id)
    }
}

impl Admin for SqliteStore {
    fn add_account_owned(
        &self,
        login: &str,
        role: Role,
        secret: &str,
        owner: Owner,
    ) -> StoreResult<Account> {
        SqliteStore::add_account_owned(self, login, role, secret, owner)
    }

    fn link_profile(&self, account_id: Id, profile_id: Id) -> StoreResult<()> {
        SqliteStore::link_profile(self, account_id, profile_id)
    }

    fn add_employer(&self, employer: &crate::domain::Employer) -> StoreResult<Id> {
        SqliteStore::add_employer(self, employer)
    }

    fn add_counselor(&self, counselor: &crate::domain::Counselor) -> StoreResult<Id> {
        SqliteStore::add_counselor(self, counselor)
    }

    fn post_jobs(&self, jobs: Vec<crate::domain::NewJob>) -> StoreResult<u64> {
        SqliteStore::post_jobs(self, jobs)
    }

    fn set_current_profile(&self, id: Id) -> StoreResult<()> {
        SqliteStore::set_current_profile(self, id)
    }

    fn health_check(&self) -> StoreResult<u32> {
        SqliteStore::health_check(self)
    }

    fn schema_version(&self) -> StoreResult<u32> {
        SqliteStore::schema_version(self)
    }

    fn now(&self) -> DateTime<Utc> {
        SqliteStore::now(self)
    }

    fn today(&self) -> chrono::NaiveDate {
        SqliteStore::today(self)
    }
}

impl Accounts for SqliteStore {
    fn login_from(&self, login: &str, secret: &str, address: &str) -> StoreResult<Session> {
        SqliteStore::login_from(self, login, secret, address)
    }

    fn session(&self, token: &str) -> StoreResult<Account> {
        SqliteStore::session(self, token)
    }

    fn revoke(&self, token: &str) -> StoreResult<()> {
        self.lock().execute(
            "DELETE FROM sessions WHERE token_hash = ?1",
            [token_hash(token)],
        )?;
        Ok(())
    }

    fn account(&self, id: Id) -> StoreResult<Account> {
        SqliteStore::account(self, id)
    }

    fn account_summaries(&self) -> StoreResult<Vec<AccountSummary>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, COALESCE(NULLIF(p.name, ''), NULLIF(c.name, ''), NULLIF(e.name, ''), a.login)
             FROM accounts a
             LEFT JOIN profiles p ON p.id = a.profile_id
             LEFT JOIN counselors c ON c.id = a.counselor_id
             LEFT JOIN employers e ON e.id = a.employer_id
             ORDER BY a.id",
            ACCOUNT_COLUMNS
                .split(", ")
                .map(|c| format!("a.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = stmt.query_map([], |r| {
            let account = account_from_row(r)?;
            Ok(AccountSummary {
                id: account.id,
                actor: account.actor(),
                login: account.login,
                name: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn numbers_held_elsewhere(&self, profile: &crate::domain::Profile) -> StoreResult<Vec<Field>> {
        SqliteStore::numbers_held_elsewhere(self, profile)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{Counselor, District, Employer, Profile};
    use crate::store::Store;

    fn store() -> SqliteStore {
        let clock = FixedClock::on(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        SqliteStore::in_memory(Arc::new(clock)).unwrap()
    }

    fn person(name: &str) -> Profile {
        Profile {
            name: name.into(),
            ..Profile::default()
        }
    }

    #[test]
    fn staff_and_employer_accounts_act_as_their_roles() {
        let s = store();
        let staff = s
            .add_account_owned("desk", Role::Staff, "1234", Owner::Nobody)
            .unwrap();
        assert_eq!(staff.actor(), Actor::Staff(staff.id));
        let employer = s
            .add_account_owned(
                "hr",
                Role::Employer,
                "1234",
                Owner::NewEmployer(Employer {
                    id: 0,
                    name: "Harbour Clinic".into(),
                    district: District::Shinan,
                    medical_institution: true,
                    contact: String::new(),
                }),
            )
            .unwrap();
        let employer_id = employer.employer_id.expect("an employer record");
        assert_eq!(employer.actor(), Actor::Employer(employer_id));
        assert_eq!(
            s.employers().unwrap()[0].name,
            "Harbour Clinic",
            "the employer record was written with the account"
        );
        assert_eq!(
            s.add_account_owned("hr2", Role::Employer, "1234", Owner::Employer(99)),
            Err(StoreError::NotFound {
                what: crate::store::Entity::Employer,
                id: 99
            })
        );
        assert_eq!(
            s.login("hr", "1234").unwrap().actor,
            Actor::Employer(employer_id)
        );
        assert_eq!(
            s.login("desk", "1234").unwrap().actor,
            Actor::Staff(staff.id)
        );
    }

    #[test]
    fn summaries_name_every_account_with_its_actor() {
        let s = store();
        s.add_account_owned(
            "zw",
            Role::Jobseeker,
            "1234",
            Owner::NewProfile(person("Zhang Wei")),
        )
        .unwrap();
        s.add_account_owned(
            "coach",
            Role::Counselor,
            "1234",
            Owner::NewCounselor(Counselor {
                id: 0,
                name: "Li Na".into(),
                center: String::new(),
                district: District::Shinan,
            }),
        )
        .unwrap();
        let desk = s
            .add_account_owned("desk", Role::Staff, "1234", Owner::Nobody)
            .unwrap();
        let all = Accounts::account_summaries(&s).unwrap();
        let named: Vec<(&str, &str, Actor)> = all
            .iter()
            .map(|a| (a.login.as_str(), a.name.as_str(), a.actor))
            .collect();
        assert_eq!(
            named,
            vec![
                ("zw", "Zhang Wei", Actor::Jobseeker(1)),
                ("coach", "Li Na", Actor::Counselor(1)),
                ("desk", "desk", Actor::Staff(desk.id)),
            ]
        );
    }

    #[test]
    fn a_revoked_session_no_longer_works() {
        let s = store();
        s.add_account("admin", Role::Admin, "1234", None, None)
            .unwrap();
        let session = s.login("admin", "1234").unwrap();
        assert_eq!(
            Accounts::session(&s, &session.token).unwrap().login,
            "admin"
        );
        Accounts::revoke(&s, &session.token).unwrap();
        assert_eq!(
            Accounts::session(&s, &session.token),
            Err(StoreError::SessionExpired)
        );
        Accounts::revoke(&s, "no such token").unwrap();
    }

    #[test]
    fn a_local_desk_acts_as_whoever_logged_in_until_they_log_out() {
        let s = store();
        // No accounts: the file's own jobseeker, as before.
        let owner = s.save_profile(Actor::System, person("Owner")).unwrap();
        assert_eq!(s.current_user().unwrap(), Some(Actor::Jobseeker(owner.id)));
        assert!(!s.needs_login());
        let desk = s
            .add_account_owned("desk", Role::Staff, "1234", Owner::Nobody)
            .unwrap();
        assert!(matches!(
            s.log_in("desk", "9999"),
            Err(StoreError::LoginFailed { attempts_left: 4 })
        ));
        assert_eq!(s.current_user().unwrap(), Some(Actor::Jobseeker(owner.id)));
        assert_eq!(s.log_in("desk", "1234").unwrap(), Actor::Staff(desk.id));
        assert_eq!(s.current_user().unwrap(), Some(Actor::Staff(desk.id)));
        s.log_out();
        assert_eq!(s.current_user().unwrap(), Some(Actor::Jobseeker(owner.id)));
    }

    #[test]
    fn a_schema_3_file_keeps_its_accounts_and_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            let tx = conn.transaction().unwrap();
            for sql in &crate::store::schema::MIGRATIONS[..3] {
                tx.execute_batch(sql).unwrap();
            }
            tx.pragma_update(None, "user_version", 3).unwrap();
            tx.execute(
                "INSERT INTO accounts (login, role, secret_hash) VALUES ('admin', 'admin', 'x')",
                [],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES ('h', 1, 'later')",
                [],
            )
            .unwrap();
            tx.commit().unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(
            s.schema_version().unwrap() as usize,
            crate::store::schema::MIGRATIONS.len()
        );
        assert_eq!(Accounts::account(&s, 1).unwrap().role, Role::Admin);
        let sessions: i64 = s
            .lock()
            .query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sessions, 1);
        // Foreign keys are on again after the migration.
        let on: bool = s
            .lock()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert!(on);
    }
}
