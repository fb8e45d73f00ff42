//! The demo database: Qingdao sample data in a fresh file, with demo
//! accounts to log in with.

use std::path::{Path, PathBuf};

use crate::clock::{Clock, SystemClock};
use crate::i18n::Lang;
use crate::store::SqliteStore;
use crate::store::seed::{self, SeedOptions};

/// The demo's PIN, the same for every demo account: at a demo kiosk the
/// jobseeker logs in with their mobile number, 13800000001, and this.
pub const DEMO_PIN: &str = "2468";

/// The demo's people, by login: the jobseeker, their counselor, a
/// service center staff member and the employer of the first demo job.
pub const DEMO_LOGINS: [&str; 4] = ["demo", "counselor", "staff", "employer"];

fn add_demo_accounts(path: &Path, report: &seed::SeedReport) -> crate::store::StoreResult<()> {
    use crate::store::accounts::Role;
    let store = SqliteStore::open(path)?;
    if let Some(me) = report.me {
        store.add_account(DEMO_LOGINS[0], Role::Jobseeker, DEMO_PIN, Some(me), None)?;
    }
    if let Some(counselor) = report.counselor {
        store.add_account(
            DEMO_LOGINS[1],
            Role::Counselor,
            DEMO_PIN,
            None,
            Some(counselor),
        )?;
    }
    store.add_account(DEMO_LOGINS[2], Role::Staff, DEMO_PIN, None, None)?;
    // The employer of the newest demo job answers the demo's applications.
    use crate::store::Store;
    let newest = store.search_jobs(&crate::store::JobQuery {
        page_size: 1,
        ..Default::default()
    })?;
    if let Some(job) = newest.items.first() {
        let employer_id = store.job(job.id)?.employer_id;
        store.add_account_owned(
            DEMO_LOGINS[3],
            Role::Employer,
            DEMO_PIN,
            crate::store::accounts::Owner::Employer(employer_id),
        )?;
    }
    Ok(())
}

/// Creates a fresh demo database in the temporary folder and says where
/// (a kiosk only logs it: its screen shows the welcome and nothing else).
pub fn make_demo_db(lang: Lang, say_where: bool) -> anyhow::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let path = std::env::temp_dir().join(format!("jobdesk-demo-{stamp}-{}.db", std::process::id()));
    let report = seed_db(&path, 40, lang, true)?;
    add_demo_accounts(&path, &report)
        .map_err(|e| anyhow::anyhow!("cannot add the demo accounts: {e}"))?;
    if say_where {
        eprintln!("Demo database: {}", path.display());
    }
    tracing::info!(db = %path.display(), "demo database");
    Ok(path)
}

pub fn seed_db(
    path: &Path,
    jobs: u32,
    lang: Lang,
    people: bool,
) -> anyhow::Result<seed::SeedReport> {
    let store = SqliteStore::open(path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    let report = seed::seed(
        &store,
        SeedOptions {
            jobs,
            lang,
            today: SystemClock.today(),
            people_and_courses: people,
        },
    )
    .map_err(|e| anyhow::anyhow!("writing sample data failed: {e}"))?;
    // What seed wrote is sample data: a later seed may write over it.
    store
        .mark_seeded()
        .map_err(|e| anyhow::anyhow!("writing sample data failed: {e}"))?;
    Ok(report)
}
