//! Keeping accounts at the staff desk (list, add, reset a PIN, unlock,
//! disable) and reading the audit log by person, actor and date. Who may
//! do what is `Actor::may_keep_accounts_of`; every change is audited.

use rusqlite::types::Value;

use super::*;
use crate::domain::{Counselor, Profile, Role};
use crate::store::accounts::{
    AccountAction, AccountChange, AccountQuery, AccountRow, AuditQuery, AuditRow, NewAccount,
    Owner, check_secret,
};

/// At most this many people or actors a name filter of the audit log
/// stands for: a name that matches more is too vague to be a filter.
const NAME_MATCHES: usize = 500;

/// The columns of an [`AccountRow`], over `accounts a`; `?1` is now.
const ROW_COLUMNS: &str = "a.id, a.login, a.role, a.profile_id, a.counselor_id, a.employer_id,
     COALESCE(NULLIF(p.name, ''), NULLIF(c.name, ''), NULLIF(e.name, ''), a.login),
     a.disabled_at IS NOT NULL,
     (SELECT MAX(f.locked_until) FROM login_failures f
       WHERE f.subject = 'account:' || a.id AND f.locked_until > ?1)";

const ROW_FROM: &str = "FROM accounts a
     LEFT JOIN profiles p ON p.id = a.profile_id
     LEFT JOIN counselors c ON c.id = a.counselor_id
     LEFT JOIN employers e ON e.id = a.employer_id";

fn account_row(r: &Row<'_>) -> rusqlite::Result<AccountRow> {
    let role: String = r.get(2)?;
    let role = Role::parse(&role).unwrap_or(Role::Jobseeker);
    let account = crate::store::accounts::Account {
        id: r.get(0)?,
        login: r.get(1)?,
        role,
        profile_id: r.get(3)?,
        counselor_id: r.get(4)?,
        employer_id: r.get(5)?,
    };
    let locked: Option<String> = r.get(8)?;
    Ok(AccountRow {
        id: account.id,
        actor: account.actor(),
        login: account.login,
        role,
        name: r.get(6)?,
        disabled: r.get(7)?,
        locked_until: locked
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc)),
    })
}

/// Adds a parameter; its placeholder.
fn param(v: Value, values: &mut Vec<Value>) -> String {
    values.push(v);
    format!("?{}", values.len())
}

fn like(text: &str) -> String {
    format!("%{}%", escape_like(text.trim()))
}

impl SqliteStore {
    fn require_keeper(by: Actor) -> StoreResult<()> {
        if by.sees_everyone() {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    pub(crate) fn account_row(&self, id: Id) -> StoreResult<AccountRow> {
        self.lock()
            .query_row(
                &format!("SELECT {ROW_COLUMNS} {ROW_FROM} WHERE a.id = ?2"),
                params![self.now().to_rfc3339(), id],
                account_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: Entity::Account,
                id,
            })
    }

    /// One page of accounts, in the order they were made.
    pub(crate) fn list_accounts(
        &self,
        by: Actor,
        query: &AccountQuery,
    ) -> StoreResult<Page<AccountRow>> {
        Self::require_keeper(by)?;
        let size = query.page_size.clamp(1, 100);
        let text = query.text.trim();
        let filter = if text.is_empty() {
            ""
        } else {
            "WHERE (a.login LIKE ?2 ESCAPE '\\' OR p.name LIKE ?2 ESCAPE '\\'
                    OR c.name LIKE ?2 ESCAPE '\\' OR e.name LIKE ?2 ESCAPE '\\')"
        };
        let now = self.now().to_rfc3339();
        let pattern = like(text);
        let conn = self.lock();
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM (SELECT 1 {ROW_FROM} {filter} LIMIT ?3)"),
            params![now, pattern, COUNT_CAP + 1],
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} {ROW_FROM} {filter} ORDER BY a.id LIMIT ?3 OFFSET ?4"
        ))?;
        let items = stmt
            .query_map(
                params![now, pattern, size, i64::from(query.page) * i64::from(size)],
                account_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            items,
            total: total.min(COUNT_CAP) as u64,
            total_capped: total > COUNT_CAP,
            page: query.page,
            page_size: size,
        })
    }

    /// Adds an account with the record it needs, audited.
    pub(crate) fn make_account(&self, by: Actor, new: &NewAccount) -> StoreResult<AccountRow> {
        Self::require_keeper(by)?;
        let role = new.check().map_err(StoreError::invalid)?;
        if !by.may_keep_accounts_of(role) {
            return Err(StoreError::Forbidden);
        }
        let owner = match role {
            Role::Jobseeker => Owner::NewProfile(Profile {
                name: new.name.trim().to_string(),
                ..Profile::default()
            }),
            Role::Counselor => match new.district {
                Some(district) => Owner::NewCounselor(Counselor {
                    id: 0,
                    name: new.name.trim().to_string(),
                    center: new.center.trim().to_string(),
                    district,
                }),
                None => return Err(StoreError::Forbidden),
            },
            Role::Employer => match new.employer_id {
                Some(id) => Owner::Employer(id),
                None => return Err(StoreError::Forbidden),
            },
            Role::Staff | Role::Admin => Owner::Nobody,
        };
        let account = self.add_account_owned(&new.login, role, &new.secret, owner)?;
        self.audit_account(by, account.id, account.profile_id, "account_add")?;
        self.account_row(account.id)
    }

    /// Resets a PIN, unlocks, disables or enables an account, audited.
    pub(crate) fn alter_account(
        &self,
        by: Actor,
        change: &AccountChange,
    ) -> StoreResult<AccountRow> {
        Self::require_keeper(by)?;
        let target = self.account_row(change.account_id)?;
        if !by.may_keep_accounts_of(target.role) {
            return Err(StoreError::Forbidden);
        }
        // Nobody locks themselves out of the desk they are using.
        if change.action == AccountAction::Disable && by == target.actor {
            return Err(StoreError::Forbidden);
        }
        let id = change.account_id;
        let subject = format!("account:{id}");
        let hash = match &change.action {
            AccountAction::ResetPin { secret } => {
                check_secret(secret).map_err(|e| StoreError::invalid(vec![e]))?;
                Some(super::accounts::hash_secret(secret)?)
            }
            _ => None,
        };
        let now = self.now().to_rfc3339();
        {
            let mut conn = self.lock();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            match &change.action {
                AccountAction::ResetPin { .. } => {
                    tx.execute(
                        "UPDATE accounts SET secret_hash = ?2 WHERE id = ?1",
                        params![id, hash],
                    )?;
                    // A new PIN is given to someone locked out: it ends the
                    // old sessions and the locks.
                    tx.execute("DELETE FROM sessions WHERE account_id = ?1", [id])?;
                    tx.execute("DELETE FROM login_failures WHERE subject = ?1", [&subject])?;
                }
                AccountAction::Unlock => {
                    tx.execute("DELETE FROM login_failures WHERE subject = ?1", [&subject])?;
                }
                AccountAction::Disable => {
                    tx.execute(
                        "UPDATE accounts SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL",
                        params![id, now],
                    )?;
                    tx.execute("DELETE FROM sessions WHERE account_id = ?1", [id])?;
                }
                AccountAction::Enable => {
                    tx.execute("UPDATE accounts SET disabled_at = NULL WHERE id = ?1", [id])?;
                }
            }
            let profile_id: Option<Id> =
                tx.query_row("SELECT profile_id FROM accounts WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            tx.execute(
                "INSERT INTO audit_log (at, actor, profile_id, account_id, action)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![now, by.to_code(), profile_id, id, change.action.name()],
            )?;
            tx.commit()?;
        }
        self.account_row(id)
    }

    fn audit_account(
        &self,
        by: Actor,
        account_id: Id,
        profile_id: Option<Id>,
        action: &str,
    ) -> StoreResult<()> {
        self.lock().execute(
            "INSERT INTO audit_log (at, actor, profile_id, account_id, action)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                self.now().to_rfc3339(),
                by.to_code(),
                profile_id,
                account_id,
                action
            ],
        )?;
        Ok(())
    }

    /// Whether an account may not log in (checked after its PIN matched,
    /// so a wrong guess learns nothing).
    pub(crate) fn account_disabled(&self, id: Id) -> StoreResult<bool> {
        Ok(self.lock().query_row(
            "SELECT disabled_at IS NOT NULL FROM accounts WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// The actor codes whose name or login matches `text`, at most
    /// `NAME_MATCHES` of them.
    fn actors_named(conn: &Connection, text: &str) -> StoreResult<Vec<String>> {
        let pattern = like(text);
        let mut stmt = conn.prepare_cached(
            "SELECT 'counselor:' || id FROM counselors WHERE name LIKE ?1 ESCAPE '\\'
             UNION SELECT 'employer:' || id FROM employers WHERE name LIKE ?1 ESCAPE '\\'
             UNION SELECT 'jobseeker:' || id FROM profiles WHERE name LIKE ?1 ESCAPE '\\'
             UNION SELECT CASE role
                    WHEN 'staff' THEN 'staff:' || id
                    WHEN 'admin' THEN 'admin:' || id
                    WHEN 'counselor' THEN 'counselor:' || counselor_id
                    WHEN 'employer' THEN 'employer:' || employer_id
                    ELSE 'jobseeker:' || profile_id END
               FROM accounts WHERE login LIKE ?1 ESCAPE '\\'
             LIMIT ?2",
        )?;
        let codes = stmt
            .query_map(params![pattern, NAME_MATCHES as i64 + 1], |r| {
                r.get::<_, Option<String>>(0)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(codes.into_iter().flatten().collect())
    }

    /// Who an actor is, by name: a counselor's, employer's or person's
    /// name, a staff member's login.
    fn actor_name(conn: &Connection, actor: Actor) -> StoreResult<String> {
        let (sql, id) = match actor {
            Actor::Counselor(id) => ("SELECT name FROM counselors WHERE id = ?1", id),
            Actor::Employer(id) => ("SELECT name FROM employers WHERE id = ?1", id),
            Actor::Jobseeker(id) => ("SELECT name FROM profiles WHERE id = ?1", id),
            Actor::Staff(id) | Actor::Admin(id) => ("SELECT login FROM accounts WHERE id = ?1", id),
            Actor::System => return Ok(String::new()),
        };
        Ok(conn
            .query_row(sql, [id], |r| r.get::<_, String>(0))
            .optional()?
            .unwrap_or_default())
    }

    /// One page of the audit log, newest first.
    pub(crate) fn read_audit(&self, by: Actor, query: &AuditQuery) -> StoreResult<Page<AuditRow>> {
        Self::require_keeper(by)?;
        let size = query.page_size.clamp(1, 100);
        let empty = || Page {
            items: Vec::new(),
            total: 0,
            total_capped: false,
            page: query.page,
            page_size: size,
        };
        let conn = self.lock();
        let mut conditions: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        if !query.person.trim().is_empty() {
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM profiles WHERE name LIKE ?1 ESCAPE '\\' LIMIT ?2",
            )?;
            let ids = stmt
                .query_map(params![like(&query.person), NAME_MATCHES as i64 + 1], |r| {
                    r.get::<_, Id>(0)
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if ids.is_empty() {
                return Ok(empty());
            }
            let list: Vec<String> = ids
                .into_iter()
                .take(NAME_MATCHES)
                .map(|id| param(Value::Integer(id), &mut values))
                .collect();
            conditions.push(format!("l.profile_id IN ({})", list.join(", ")));
        }
        if !query.actor.trim().is_empty() {
            let codes = Self::actors_named(&conn, &query.actor)?;
            if codes.is_empty() {
                return Ok(empty());
            }
            let list: Vec<String> = codes
                .into_iter()
                .take(NAME_MATCHES)
                .map(|c| param(Value::Text(c), &mut values))
                .collect();
            conditions.push(format!("l.actor IN ({})", list.join(", ")));
        }
        if let Some(from) = query.from {
            let p = param(
                Value::Text(from.format("%Y-%m-%d").to_string()),
                &mut values,
            );
            conditions.push(format!("l.at >= {p}"));
        }
        if let Some(to) = query.to.and_then(|d| d.succ_opt()) {
            let p = param(Value::Text(to.format("%Y-%m-%d").to_string()), &mut values);
            conditions.push(format!("l.at < {p}"));
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let cap = param(Value::Integer(COUNT_CAP + 1), &mut values);
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM (SELECT 1 FROM audit_log l {filter} LIMIT {cap})"),
            rusqlite::params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        values.pop();
        let limit = param(Value::Integer(i64::from(size)), &mut values);
        let offset = param(
            Value::Integer(i64::from(query.page) * i64::from(size)),
            &mut values,
        );
        let mut stmt = conn.prepare(&format!(
            "SELECT l.at, l.actor, l.profile_id, COALESCE(p.name, ''), COALESCE(a.login, ''), l.action
             FROM audit_log l
             LEFT JOIN profiles p ON p.id = l.profile_id
             LEFT JOIN accounts a ON a.id = l.account_id
             {filter} ORDER BY l.at DESC, l.id DESC LIMIT {limit} OFFSET {offset}"
        ))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<Id>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut items = Vec::with_capacity(rows.len());
        for (at, actor, profile_id, person_name, account_login, action) in rows {
            let actor = Actor::from_code(&actor).unwrap_or(Actor::System);
            items.push(AuditRow {
                at: DateTime::parse_from_rfc3339(&at)
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or_default(),
                actor,
                actor_name: Self::actor_name(&conn, actor)?,
                profile_id,
                person_name,
                account_login,
                action,
            });
        }
        Ok(Page {
            items,
            total: total.min(COUNT_CAP) as u64,
            total_capped: total > COUNT_CAP,
            page: query.page,
            page_size: size,
        })
    }
}
