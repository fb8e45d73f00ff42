//! The demo database: Qingdao sample data in a fresh file, with demo
//! accounts to log in with.

use std::path::{Path, PathBuf};

use crate::clock::{Clock, SystemClock};
use crate::i18n::Lang;
use crate::store::SqliteStore;
use crate::store::seed::{self, SeedOptions};

/// The demo jobseeker's PIN: at a demo kiosk they log in with their
/// mobile number, 13800000001, and this.
pub const DEMO_PIN: &str = "2468";

/// Creates a fresh demo database in the temporary folder and says where
/// (a kiosk only logs it: its screen shows the welcome and nothing else).
pub fn make_demo_db(lang: Lang, say_where: bool) -> anyhow::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let path = std::env::temp_dir().join(format!("jobdesk-demo-{stamp}-{}.db", std::process::id()));
    let report = seed_db(&path, 40, lang, true)?;
    if let Some(me) = report.me {
        SqliteStore::open(&path)
            .and_then(|store| {
                store.add_account(
                    "demo",
                    crate::store::accounts::Role::Jobseeker,
                    DEMO_PIN,
                    Some(me),
                    None,
                )
            })
            .map_err(|e| anyhow::anyhow!("cannot add the demo account: {e}"))?;
    }
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
    Ok(report)
}
