//! Where jobdesk keeps its files: the data folder (databases, outboxes,
//! logs) and the database path.

use std::path::PathBuf;

use crate::options::Cli;

/// The config folder (keymap overrides, saved settings).
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "jobdesk", "jobdesk")
        .map(|d| d.config_dir().to_path_buf())
}

/// The user's keymap overrides: `keymap.toml` in the config folder.
pub fn user_keymap_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("keymap.toml"))
}

/// The platform data folder, created if needed.
pub fn data_dir() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("org", "jobdesk", "jobdesk")
        .ok_or_else(|| anyhow::anyhow!("there is no home folder to keep the database in"))?;
    let dir = dirs.data_dir().to_path_buf();
    // Databases, outboxes and logs hold personal data: only the user may
    // enter the folder.
    crate::platform::create_private_dir(&dir)
        .map_err(|e| anyhow::anyhow!("cannot create the data folder {}: {e}", dir.display()))?;
    Ok(dir)
}

/// The database file: `--db`, else `jobdesk.db` in the data folder.
pub fn db_path(cli: &Cli) -> anyhow::Result<PathBuf> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => Ok(data_dir()?.join("jobdesk.db")),
    }
}
