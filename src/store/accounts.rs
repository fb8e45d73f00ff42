//! Accounts: roles, sessions, the lockout rules, and the [`Accounts`]
//! trait every store with accounts implements. The SQLite implementation
//! (argon2 hashes, expiring bearer tokens) is in `sqlite/accounts.rs`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreResult;
use crate::domain::{Actor, Field, FieldError, Id, Problem};

pub use crate::domain::actor::Role;

/// Failed logins in a row, for one login from one client address, before
/// that address may not try it again for a while.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long such a lock lasts.
pub const LOCK_MINUTES: i64 = 15;
/// Failed logins for one login from all addresses together within
/// `LOCK_MINUTES`, after which only addresses it has logged in from before
/// may still try: guessing from many addresses stops, and the owner's own
/// desk keeps working.
pub const MAX_FAILED_LOGINS_EVERYWHERE: u32 = 20;
/// What a client is told to wait when password hashing is at capacity.
pub const BUSY_RETRY_SECONDS: u32 = 2;
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
    pub employer_id: Option<Id>,
}

impl Account {
    /// Who this account acts as in histories and logs.
    pub fn actor(&self) -> Actor {
        match self.role {
            Role::Jobseeker => self.profile_id.map_or(Actor::System, Actor::Jobseeker),
            Role::Counselor => self.counselor_id.map_or(Actor::System, Actor::Counselor),
            Role::Staff => Actor::Staff(self.id),
            Role::Employer => self.employer_id.map_or(Actor::System, Actor::Employer),
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

/// An account as a "who is at the desk" choice lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: Id,
    pub login: String,
    /// The person's or organisation's name; the login when it has none.
    pub name: String,
    /// Who the account acts as.
    pub actor: Actor,
}

/// The client address of logins made on this computer (the command line,
/// a desk on a local file).
pub const LOCAL_ADDRESS: &str = "local";

/// Accounts and sessions: what the server and the interface need to know
/// who is calling. Implemented by every store that holds accounts.
pub trait Accounts: Send + Sync {
    /// Checks a login sent from `address` (a client IP address, or
    /// [`LOCAL_ADDRESS`]) under the lockout rules: [`MAX_FAILED_LOGINS`]
    /// per login and address, [`MAX_FAILED_LOGINS_EVERYWHERE`] per login,
    /// locks of [`LOCK_MINUTES`]. Unknown logins cost and answer the same
    /// as known ones.
    fn login_from(&self, login: &str, secret: &str, address: &str) -> StoreResult<Session>;

    /// Checks a login made on this computer.
    fn login(&self, login: &str, secret: &str) -> StoreResult<Session> {
        self.login_from(login, secret, LOCAL_ADDRESS)
    }

    /// The account behind a bearer token, if the session is still valid;
    /// `SessionExpired` otherwise.
    fn session(&self, token: &str) -> StoreResult<Account>;

    /// Ends a session: its token no longer works. Unknown tokens are fine.
    fn revoke(&self, token: &str) -> StoreResult<()>;

    /// One account by id (`SessionExpired` when it is gone).
    fn account(&self, id: Id) -> StoreResult<Account>;

    /// Every account, oldest first, for choosing who is at the desk.
    fn account_summaries(&self) -> StoreResult<Vec<AccountSummary>>;

    /// Which of a profile's login numbers (mobile, certificate) another
    /// profile already holds.
    fn numbers_held_elsewhere(&self, profile: &crate::domain::Profile) -> StoreResult<Vec<Field>>;
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

/// Whom a new account belongs to.
#[derive(Debug, Clone)]
pub enum Owner {
    /// An administrator.
    Nobody,
    Profile(Id),
    Counselor(Id),
    /// A profile made for the account.
    NewProfile(crate::domain::Profile),
    /// A counselor record made for the account.
    NewCounselor(crate::domain::Counselor),
    Employer(Id),
    /// An employer record made for the account.
    NewEmployer(crate::domain::Employer),
}

// Keeping accounts (the staff desk): listing, adding, resetting a PIN,
// unlocking, disabling; and reading the audit log.

/// A request for one page of accounts. The text matches a login or name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccountQuery {
    pub text: String,
    /// Zero-based.
    pub page: u32,
    pub page_size: u32,
}

/// An account as the staff desk lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: Id,
    pub login: String,
    /// The person's or organisation's name; the login when it has none.
    pub name: String,
    pub role: Role,
    /// Who the account acts as.
    pub actor: Actor,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
    /// Locked after failed logins, from some address, until this time.
    pub locked_until: Option<DateTime<Utc>>,
}

/// A new account made at the staff desk, with the record it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewAccount {
    pub login: String,
    pub role: Option<Role>,
    pub secret: String,
    /// A jobseeker's or counselor's name, for the record made with it.
    pub name: String,
    /// A counselor's service center.
    pub center: String,
    /// A counselor's district.
    pub district: Option<crate::domain::District>,
    /// An employer account's employer.
    pub employer_id: Option<Id>,
}

impl NewAccount {
    /// Every problem of the request, each naming its field.
    pub fn check(&self) -> Result<Role, Vec<FieldError>> {
        use crate::domain::text;
        let mut errors = Vec::new();
        if let Err(e) = text::required(&self.login, 40, false) {
            errors.push(FieldError::from_text(Field::Login, e));
        }
        if let Err(e) = check_secret(&self.secret) {
            errors.push(e);
        }
        let Some(role) = self.role else {
            errors.push(FieldError::new(Field::Role, Problem::Required));
            return Err(errors);
        };
        if matches!(role, Role::Jobseeker | Role::Counselor)
            && let Err(e) = text::required(&self.name, 100, false)
        {
            errors.push(FieldError::from_text(Field::Name, e));
        }
        if role == Role::Counselor {
            if let Err(e) = text::required(&self.center, 100, false) {
                errors.push(FieldError::from_text(Field::Center, e));
            }
            if self.district.is_none() {
                errors.push(FieldError::new(Field::District, Problem::Required));
            }
        }
        if role == Role::Employer && self.employer_id.is_none() {
            errors.push(FieldError::new(Field::Employer, Problem::Required));
        }
        if errors.is_empty() {
            Ok(role)
        } else {
            Err(errors)
        }
    }
}

/// What to do to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum AccountAction {
    /// A new PIN; every session of the account ends.
    ResetPin {
        secret: String,
    },
    /// Clears the failed-login locks of the account, from every address.
    Unlock,
    /// The account can no longer log in; its sessions end.
    Disable,
    Enable,
}

impl AccountAction {
    /// A stable name for the audit log.
    pub fn name(&self) -> &'static str {
        match self {
            AccountAction::ResetPin { .. } => "account_reset_pin",
            AccountAction::Unlock => "account_unlock",
            AccountAction::Disable => "account_disable",
            AccountAction::Enable => "account_enable",
        }
    }
}

/// A change to one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    pub account_id: Id,
    pub action: AccountAction,
}

/// A request for one page of the audit log, newest first. Empty filters
/// match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditQuery {
    /// Words of the name of the person whose data it was.
    pub person: String,
    /// Words of the name or login of who read or changed it.
    pub actor: String,
    /// From this day, inclusive (UTC).
    pub from: Option<chrono::NaiveDate>,
    /// To this day, inclusive (UTC).
    pub to: Option<chrono::NaiveDate>,
    /// Zero-based.
    pub page: u32,
    pub page_size: u32,
}

/// One entry of the audit log, with names to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// Who, by name (or login); empty when unknown.
    pub actor_name: String,
    /// Whose data, when it was a person's.
    pub profile_id: Option<Id>,
    pub person_name: String,
    /// The account it was about, for account changes.
    pub account_login: String,
    /// What was done (a stable name such as `case_record`).
    pub action: String,
}
