//! Starting a store clean (`jobdesk init`) and telling sample data from a
//! center's real data (so `seed` never writes into production).

use super::*;

/// The tables whose rows are a center's records.
const RECORD_TABLES: [&str; 5] = ["employers", "jobs", "courses", "counselors", "profiles"];

/// The setting in which `seed` notes the highest number of each record it
/// wrote: anything numbered above it was written by someone else.
const SEEDED_UP_TO: &str = "seeded_up_to";

/// What a store holds besides sample data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holdings {
    /// Accounts other than the demo's (`demo`, `counselor`, `staff`).
    pub accounts: u64,
    /// Employers, jobs, courses, counselors and people not written by seed.
    pub records: u64,
}

impl Holdings {
    pub fn is_empty(&self) -> bool {
        self.accounts == 0 && self.records == 0
    }
}

impl SqliteStore {
    /// Whether the store has no accounts and no records at all (what
    /// `init` needs).
    pub fn is_blank(&self) -> StoreResult<bool> {
        let conn = self.lock();
        let mut total: i64 =
            conn.query_row("SELECT count(*) FROM accounts", [], |r| r.get::<_, i64>(0))?;
        for table in RECORD_TABLES {
            total += conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })?;
        }
        Ok(total == 0)
    }

    /// The real data in the store: accounts other than the demo's, and
    /// records numbered above what `seed` noted it wrote (all of them if
    /// seed never ran).
    pub fn holdings(&self, demo_logins: &[&str]) -> StoreResult<Holdings> {
        let seeded = self.seeded_up_to()?;
        let conn = self.lock();
        let mut accounts = 0u64;
        let mut stmt = conn.prepare("SELECT login FROM accounts")?;
        for login in stmt.query_map([], |r| r.get::<_, String>(0))? {
            if !demo_logins.contains(&login?.as_str()) {
                accounts += 1;
            }
        }
        let mut records = 0u64;
        for (n, table) in RECORD_TABLES.iter().enumerate() {
            let above = seeded.get(n).copied().unwrap_or(0);
            let count: i64 = conn.query_row(
                &format!("SELECT count(*) FROM {table} WHERE id > ?1"),
                [above],
                |r| r.get(0),
            )?;
            records += u64::try_from(count).unwrap_or(0);
        }
        Ok(Holdings { accounts, records })
    }

    /// Notes that everything in the store now was written by `seed`.
    pub fn mark_seeded(&self) -> StoreResult<()> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut highest = Vec::with_capacity(RECORD_TABLES.len());
        for table in RECORD_TABLES {
            let max: i64 = tx.query_row(
                &format!("SELECT coalesce(max(id), 0) FROM {table}"),
                [],
                |r| r.get(0),
            )?;
            highest.push(max.to_string());
        }
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![SEEDED_UP_TO, highest.join(",")],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn seeded_up_to(&self) -> StoreResult<Vec<i64>> {
        let conn = self.lock();
        let value: Option<String> = conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [SEEDED_UP_TO],
                |r| r.get(0),
            )
            .optional()?;
        Ok(value
            .unwrap_or_default()
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_above_the_seed_mark_are_real_data() {
        let store = SqliteStore::in_memory(Arc::new(SystemClock)).expect("store");
        assert!(store.is_blank().expect("blank"));
        let employer = Employer {
            id: 0,
            name: "A".into(),
            district: District::Shinan,
            medical_institution: false,
            contact: String::new(),
        };
        store.add_employer(&employer).expect("employer");
        assert!(!store.is_blank().expect("blank"));
        assert_eq!(store.holdings(&[]).expect("holdings").records, 1);
        store.mark_seeded().expect("mark");
        assert!(store.holdings(&[]).expect("holdings").is_empty());
        store.add_employer(&employer).expect("employer");
        assert_eq!(store.holdings(&[]).expect("holdings").records, 1);
    }
}
