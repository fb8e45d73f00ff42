//! Starting the interactive program: settings, logging, the keymap, the
//! store and the mode, then the run loop on the real terminal.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;

use crate::cli::{Cli, ThemeName};
use crate::clock::{Clock, SystemClock};
use crate::i18n::Lang;
use crate::keymap;
use crate::speech::{FileSpeaker, Silent, Speaker, SpeechMode};
use crate::store::{SqliteStore, Store};
use crate::ui::{self, App, Settings};

/// The config folder (keymap overrides, saved settings).
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "jobdesk", "jobdesk")
        .map(|d| d.config_dir().to_path_buf())
}

/// The user's keymap overrides: `keymap.toml` in the config folder.
pub fn user_keymap_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("keymap.toml"))
}

fn settings_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("settings.toml"))
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct SavedSettings {
    lang: Option<String>,
    high_contrast: Option<bool>,
    vim_keys: Option<bool>,
}

fn load_saved(path: Option<&Path>) -> SavedSettings {
    path.and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|s| toml::from_str(&s).ok())
        .unwrap_or_default()
}

fn save(path: &Path, s: Settings) {
    let saved = SavedSettings {
        lang: Some(s.lang.code().to_string()),
        high_contrast: Some(s.high_contrast),
        vim_keys: Some(s.vim_keys),
    };
    let result = toml::to_string(&saved)
        .map_err(anyhow::Error::from)
        .and_then(|text| {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(path, text)?;
            Ok(())
        });
    if let Err(e) = result {
        tracing::warn!("cannot save settings to {}: {e}", path.display());
    }
}

/// Logs go to a file, never to the screen.
fn start_logging(cli: &Cli) -> anyhow::Result<()> {
    let path = match &cli.log {
        Some(p) => p.clone(),
        None => crate::cli::data_dir()?.join("jobdesk.log"),
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("cannot open the log file {}", path.display()))?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("JOBDESK_LOG_LEVEL")
                .unwrap_or_else(|_| "info".into()),
        )
        .try_init()
        .map_err(|e| anyhow::anyhow!("cannot start logging: {e}"))?;
    Ok(())
}

/// `--check-keymaps`: every problem as file:line, exit 1 if there are any.
pub fn check_keymaps(cli: &Cli) -> ExitCode {
    let problems = keymap::check_all(cli.keymap.as_deref(), user_keymap_file().as_deref());
    for p in &problems {
        eprintln!("{p}");
    }
    if problems.is_empty() {
        eprintln!("Keymaps are fine.");
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub fn run_interactive(cli: Cli, lang_from_cli: Lang) -> anyhow::Result<ExitCode> {
    if cli.check_keymaps {
        return Ok(check_keymaps(&cli));
    }
    for (on, flag) in [
        (cli.linear, "--linear"),
        (cli.kiosk, "--kiosk"),
        (cli.remote.is_some(), "--remote"),
    ] {
        if on {
            anyhow::bail!("{flag} is not available in this version yet");
        }
    }
    start_logging(&cli)?;
    let saved = load_saved(settings_file().as_deref());
    // Command line and environment win over saved settings.
    let lang = if cli.lang.is_some() {
        lang_from_cli
    } else {
        saved
            .lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(lang_from_cli)
    };
    let settings = Settings {
        lang,
        high_contrast: cli.theme == ThemeName::HighContrast || saved.high_contrast.unwrap_or(false),
        vim_keys: cli.keymap.as_deref() == Some("vim")
            || (cli.keymap.is_none() && saved.vim_keys.unwrap_or(false)),
    };
    let keymap_choice = cli
        .keymap
        .clone()
        .or_else(|| settings.vim_keys.then(|| "vim".to_string()));
    let (keymap, problems) = keymap::load(keymap_choice.as_deref(), user_keymap_file().as_deref());
    for p in &problems {
        eprintln!("jobdesk: keymap: {p}");
    }

    let db = if cli.demo {
        crate::cli::make_demo_db(lang)?
    } else {
        crate::cli::db_path(&cli)?
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store = SqliteStore::open_with_clock(&db, clock.clone())
        .map_err(|e| anyhow::anyhow!("cannot open the database {}: {e}", db.display()))?;
    tracing::info!(db = %db.display(), "starting");
    let user = match store.current_user()? {
        Some(crate::domain::Actor::Jobseeker(id)) => Some(id),
        _ => None,
    };

    let (speaker, speech_note): (Box<dyn Speaker>, Option<&str>) =
        match cli.speech.as_deref().map(SpeechMode::parse) {
            None | Some(Ok(SpeechMode::Off)) => (Box::new(Silent), None),
            Some(Ok(SpeechMode::File(path))) => (
                Box::new(
                    FileSpeaker::create(&path)
                        .with_context(|| format!("cannot write speech to {}", path.display()))?,
                ),
                None,
            ),
            Some(Ok(_)) => (Box::new(Silent), Some("speech.unavailable")),
            Some(Err(e)) => anyhow::bail!(e),
        };

    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    ui::terminal::restore_on_signals()?;
    let mut terminal = ui::terminal::init();
    let size = terminal
        .size()
        .map(|s| (s.width, s.height))
        .unwrap_or((80, 24));
    let (mut app, startup) = App::new(settings, keymap, no_color, clock.now(), user, size);
    if let Some(key) = speech_note {
        app.announce_now(app.lang.get(key).to_string());
    }
    if !problems.is_empty() {
        app.announce_now(crate::tr!(app.lang, "keymap.problems", n = problems.len()));
    }
    let settings_path = settings_file();
    let mut rt = ui::run::Runtime {
        store: &store,
        clock: clock.as_ref(),
        speaker,
        save_settings: settings_path
            .map(|p| Box::new(move |s: Settings| save(&p, s)) as Box<dyn FnMut(Settings)>),
    };
    let result = ui::run::run(
        &mut terminal,
        &mut ui::terminal::TerminalEvents,
        &mut app,
        &mut rt,
        startup,
    );
    ui::terminal::restore();
    tracing::info!("stopped");
    result.map(|_| ExitCode::SUCCESS)
}
