//! What the server and the command line need from a store besides
//! [`Store`](super::Store): the audit log, changes made once per
//! idempotency key, and administration. [`Accounts`](super::Accounts)
//! holds accounts and sessions. A store that implements all of them is a
//! [`ServerStore`]: `jobdesk serve`, `seed` and `user add` run on any.

use chrono::{DateTime, NaiveDate, Utc};

use super::accounts::{Account, Owner, Role};
use super::{Accounts, Store, StoreResult};
use crate::domain::casework::{CaseChange, RecommendRequest};
use crate::domain::{Actor, Counselor, Employer, Id, NewCourse, NewJob, Profile};

/// One entry of the audit log: when, who (an actor code), what.
pub type AuditEntry = (String, String, String);

/// Who read or changed another person's personal data.
pub trait AuditLog: Send + Sync {
    /// Records a read or change of another person's personal data.
    fn audit(&self, actor: Actor, profile_id: Id, action: &str) -> StoreResult<()>;

    /// The audit entries about a person, oldest first.
    fn audit_entries(&self, profile_id: Id) -> StoreResult<Vec<AuditEntry>>;
}

/// A change the server makes at most once per idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    PostJob(NewJob),
    PostCourse(NewCourse),
    /// Saves a profile (id 0 creates one); `link_account` is a jobseeker
    /// account to link to the profile it created, in the same transaction.
    SaveProfile {
        profile: Profile,
        link_account: Option<Id>,
    },
    /// One dated, audited change to a person's record (answers the record).
    Case(CaseChange),
    /// Recommends a job or course to people (answers the recommendations).
    Recommend(RecommendRequest),
}

/// How long the answer to an idempotency key is kept.
pub const ANSWER_HOURS: i64 = 24;

/// What an idempotent change came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Made now; this is the answer (JSON).
    Fresh(String),
    /// Made before with this key: the status and answer of then.
    Replayed(u16, String),
    /// The key was used for a different request.
    Mismatch,
}

/// Changes made once per idempotency key.
pub trait Idempotency: Send + Sync {
    /// Makes `change` once per (`key`, `account_id`): the change and its
    /// answer (the changed record as JSON) are written in one transaction,
    /// so a crash leaves both or neither and a retry after a failure runs
    /// again. The same key with another `request_hash` is a
    /// [`Answer::Mismatch`]. Without a key the change is simply made.
    fn change_once(
        &self,
        key: Option<&str>,
        account_id: Id,
        request_hash: &str,
        change: Change,
    ) -> StoreResult<Answer>;
}

/// Setting a store up and looking after it: what `seed`, `user add` and
/// the server's health check need.
pub trait Admin: Send + Sync {
    /// Creates an account (the secret is stored only as a hash) and, when
    /// it needs one, its new profile, counselor or employer record, in one
    /// transaction.
    fn add_account_owned(
        &self,
        login: &str,
        role: Role,
        secret: &str,
        owner: Owner,
    ) -> StoreResult<Account>;

    /// Links a jobseeker account to a profile.
    fn link_profile(&self, account_id: Id, profile_id: Id) -> StoreResult<()>;

    fn add_employer(&self, employer: &Employer) -> StoreResult<Id>;
    fn add_counselor(&self, counselor: &Counselor) -> StoreResult<Id>;

    /// Posts many jobs in one transaction (seeding and import); all or none.
    fn post_jobs(&self, jobs: Vec<NewJob>) -> StoreResult<u64>;

    /// The profile a desk on this store acts as when no one is logged in.
    fn set_current_profile(&self, id: Id) -> StoreResult<()>;

    /// Checks the store can be read and written; gives the schema version.
    fn health_check(&self) -> StoreResult<u32>;

    fn schema_version(&self) -> StoreResult<u32>;

    /// The store's clock: every rule and record of the store uses it.
    fn now(&self) -> DateTime<Utc>;

    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// Everything `jobdesk serve` needs from a store.
pub trait ServerStore: Store + Accounts + AuditLog + Idempotency + Admin + 'static {}

impl<T: Store + Accounts + AuditLog + Idempotency + Admin + 'static> ServerStore for T {}
