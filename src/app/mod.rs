//! Starting the interactive program: settings, logging, the keymap, the
//! store and the mode, then the run loop on the real terminal.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;

use crate::clock::{Clock, SystemClock};
use crate::i18n::Lang;
use crate::keymap;
use crate::options::{Cli, ThemeName};
use crate::speech::{self, SpeechMode};
use crate::store::{RemoteOptions, RemoteStore, SqliteStore, Store};
use crate::ui::{self, App, Settings};

pub mod demo;

fn settings_file() -> Option<PathBuf> {
    crate::paths::config_dir().map(|d| d.join("settings.toml"))
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct SavedSettings {
    lang: Option<String>,
    high_contrast: Option<bool>,
    vim_keys: Option<bool>,
    linear: Option<bool>,
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
        linear: Some(s.linear),
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

fn log_filter() -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::try_from_env("JOBDESK_LOG_LEVEL")
        .unwrap_or_else(|_| "info".into())
}

fn log_to_file(path: &Path) -> anyhow::Result<()> {
    let file = crate::platform::private_file_options()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open the log file {}", path.display()))?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(log_filter())
        .try_init()
        .map_err(|e| anyhow::anyhow!("cannot start logging: {e}"))
}

/// Logs go to a file, never to the screen.
fn start_logging(cli: &Cli) -> anyhow::Result<()> {
    let path = match &cli.log {
        Some(p) => p.clone(),
        None => crate::paths::data_dir()?.join("jobdesk.log"),
    };
    log_to_file(&path)
}

/// The server logs a line per request to `--log FILE`, or to stderr.
pub fn start_server_logging(cli: &Cli) -> anyhow::Result<()> {
    match &cli.log {
        Some(path) => log_to_file(path),
        None => tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .with_env_filter(log_filter())
            .try_init()
            .map_err(|e| anyhow::anyhow!("cannot start logging: {e}")),
    }
}

/// `--check-keymaps`: every problem as file:line, exit 1 if there are any.
pub fn check_keymaps(cli: &Cli) -> ExitCode {
    let problems = keymap::check_all(
        cli.keymap.as_deref(),
        crate::paths::user_keymap_file().as_deref(),
    );
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

/// The people of a local file several people share: more than one account,
/// or one that is not a jobseeker's (the one-person desk asks nobody), or
/// the demo. `--as` must name one of them.
fn shared_desk(store: &SqliteStore, cli: &Cli) -> anyhow::Result<Option<ui::screens::desk::Desk>> {
    use crate::store::accounts::Accounts;
    if cli.kiosk {
        // A kiosk's people log in with their mobile number and PIN.
        return Ok(None);
    }
    let people = store
        .account_summaries()
        .map_err(|e| anyhow::anyhow!("cannot read the accounts: {e}"))?;
    let shared = cli.demo
        || cli.as_login.is_some()
        || people.len() > 1
        || people
            .iter()
            .any(|p| !matches!(p.actor, crate::domain::Actor::Jobseeker(_)));
    if let Some(login) = &cli.as_login
        && !people.iter().any(|p| &p.login == login)
    {
        let known: Vec<&str> = people.iter().map(|p| p.login.as_str()).collect();
        anyhow::bail!(
            "there is no account {login:?} in this database; the accounts are: {}",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        );
    }
    if !shared {
        return Ok(None);
    }
    Ok(Some(ui::screens::desk::Desk {
        people,
        demo_pin: cli.demo.then(|| demo::DEMO_PIN.to_string()),
    }))
}

pub fn run_interactive(cli: Cli, lang_from_cli: Lang) -> anyhow::Result<ExitCode> {
    if cli.check_keymaps {
        return Ok(check_keymaps(&cli));
    }
    if cli.kiosk && std::env::var_os(KIOSK_CHILD).is_none() {
        start_logging(&cli)?;
        return supervise_kiosk();
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
        // A kiosk is always full screen, whatever was saved.
        linear: !cli.kiosk && (cli.linear || saved.linear.unwrap_or(false)),
    };
    let keymap_choice = cli
        .keymap
        .clone()
        .or_else(|| cli.kiosk.then(|| "kiosk".to_string()))
        .or_else(|| settings.vim_keys.then(|| "vim".to_string()));
    let (keymap, problems) = keymap::load(
        keymap_choice.as_deref(),
        crate::paths::user_keymap_file().as_deref(),
    );
    for p in &problems {
        eprintln!("jobdesk: keymap: {p}");
    }

    let speech_mode = match cli.speech.as_deref() {
        // A kiosk speaks from the start, with no setup.
        None if cli.kiosk => SpeechMode::Auto,
        None => SpeechMode::Off,
        Some(text) => SpeechMode::parse(text).map_err(|e| anyhow::anyhow!(e))?,
    };
    let (speaker, speech_note) = if cli.kiosk {
        // Speech is the kiosk: without it nobody would be greeted. Tell
        // the operator and stop; the supervisor tries again after a pause.
        match speech::open_checked(&speech_mode, lang) {
            Ok(speaker) => (speaker, None),
            Err(reason) => {
                tracing::error!("the kiosk cannot speak: {reason}");
                eprintln!(
                    "{}",
                    crate::tr!(
                        lang,
                        "kiosk.no_speech",
                        reason = reason,
                        seconds = kiosk_retry().as_secs()
                    )
                );
                return Ok(ExitCode::from(NO_SPEECH));
            }
        }
    } else {
        speech::open(&speech_mode, lang)
    };

    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let mut desk = None;
    let (store, remote): (Arc<dyn Store>, Option<Arc<RemoteStore>>) = match &cli.remote {
        Some(url) => {
            let remote = Arc::new(connect_remote(&cli, url)?);
            (remote.clone(), Some(remote))
        }
        None => {
            let db = if cli.demo {
                demo::make_demo_db(lang, !cli.kiosk)?
            } else {
                crate::paths::db_path(&cli)?
            };
            tracing::info!(db = %db.display(), "starting");
            let store = SqliteStore::open_with_clock(&db, clock.clone())
                .map_err(|e| anyhow::anyhow!("cannot open the database {}: {e}", db.display()))?;
            desk = shared_desk(&store, &cli)?;
            (Arc::new(store), None)
        }
    };
    let user = match store.current_user() {
        Ok(Some(crate::domain::Actor::Jobseeker(id))) => Some(id),
        _ => None,
    };

    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let kiosk_config = if cli.kiosk {
        let path = cli
            .kiosk_config
            .clone()
            .or_else(|| crate::paths::config_dir().map(|d| d.join("kiosk.toml")));
        Some(match path {
            Some(p) => crate::kiosk::KioskConfig::load(&p).map_err(|e| anyhow::anyhow!(e))?,
            None => crate::kiosk::KioskConfig::default(),
        })
    } else {
        None
    };
    let mut terminal = if settings.linear {
        None
    } else {
        ui::terminal::restore_on_signals(cli.kiosk)?;
        Some(ui::terminal::init()?)
    };
    let size = terminal
        .as_ref()
        .and_then(|t| t.size().ok())
        .map_or((80, 24), |s| (s.width, s.height));
    let (mut app, mut startup) = App::new(settings, keymap, no_color, clock.now(), user, size);
    app.speech_on = speaker.is_on();
    if let Some(config) = &kiosk_config {
        startup.extend(app.start_kiosk(crate::kiosk::Kiosk::new(
            config,
            clock.now(),
            store.needs_login(),
        )));
    } else if store.needs_login() {
        startup.extend(app.require_login());
    } else if let Some(desk) = desk {
        let start = match (&desk.demo_pin, &cli.as_login) {
            // The demo's people log in without their (public) PIN.
            (Some(pin), Some(login)) => ui::DeskStart::LoggedIn(
                store
                    .log_in(login, pin)
                    .map_err(|e| anyhow::anyhow!("cannot log in as {login}: {e}"))?,
            ),
            (_, login) => ui::DeskStart::Ask(login.clone()),
        };
        startup.extend(app.start_desk(desk, start));
    }
    if let Some(key) = speech_note {
        app.announce_now(app.lang.get(key).to_string());
    }
    if !problems.is_empty() {
        app.announce_now(crate::tr!(app.lang, "keymap.problems", n = problems.len()));
    }
    let settings_path = settings_file();
    let mut rt = ui::run::Runtime {
        store: store.as_ref(),
        clock: clock.as_ref(),
        speaker,
        save_settings: settings_path
            .map(|p| Box::new(move |s: Settings| save(&p, s)) as Box<dyn FnMut(Settings)>),
        purge_scrollback: Some(Box::new(|| {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x1b[3J").and_then(|_| out.flush());
        })),
    };
    let Some(terminal) = terminal.as_mut() else {
        // Linear mode: plain lines on standard output, answers on standard
        // input. The outbox is delivered before each answer is read.
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        let (mut input, mut output) = (stdin.lock(), stdout.lock());
        let mut linear = crate::linear::Linear::new(&mut input, &mut output);
        if let Some(remote) = &remote {
            let remote = remote.clone();
            linear = linear.with_delivery(move || {
                if remote.pending() > 0 && remote.reachable() {
                    remote.deliver_outbox()
                } else {
                    Vec::new()
                }
            });
        }
        let result = linear.run(&mut app, &mut rt, startup);
        tracing::info!("stopped");
        return result
            .map(|_| ExitCode::SUCCESS)
            .map_err(anyhow::Error::from);
    };
    // Keys, offline deliveries and store answers arrive on one channel.
    let (tx, rx) = std::sync::mpsc::channel();
    // Store calls run off this thread: a server that never answers holds up
    // no key, Ctrl+Q included.
    let worker = ui::run::Worker::spawn(store.clone(), tx.clone())?;
    let keys = tx.clone();
    std::thread::Builder::new()
        .name("keys".into())
        .spawn(move || {
            let mut terminal_events = ui::terminal::TerminalEvents;
            while let Ok(Some(msg)) = ui::run::EventSource::next_msg(&mut terminal_events) {
                if keys.send(msg).is_err() {
                    break;
                }
            }
        })?;
    if kiosk_config.is_some() {
        // The idle timer's clock.
        let ticks = tx.clone();
        let clock = clock.clone();
        std::thread::Builder::new()
            .name("ticks".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(std::time::Duration::from_secs(1));
                    if ticks.send(ui::Msg::Tick(clock.now())).is_err() {
                        return;
                    }
                }
            })?;
    }
    if let Some(remote) = remote {
        std::thread::Builder::new()
            .name("outbox".into())
            .spawn(move || deliver_in_background(&remote, &tx))?;
    }
    let result = ui::run::run(
        terminal,
        &mut ui::run::ChannelEvents(rx),
        &mut app,
        &mut rt,
        startup,
        Some(worker),
    );
    ui::terminal::restore();
    tracing::info!("stopped");
    result.map(|_| ExitCode::SUCCESS)
}

/// How often the outbox tries the server again (`JOBDESK_OUTBOX_RETRY_MS`
/// changes it, for tests).
fn outbox_retry() -> std::time::Duration {
    let ms = std::env::var("JOBDESK_OUTBOX_RETRY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000u64);
    std::time::Duration::from_millis(ms.max(10))
}

/// How long to wait for the server (`JOBDESK_REMOTE_TIMEOUT_SECONDS`
/// changes it, for tests).
fn remote_timeout() -> Option<std::time::Duration> {
    std::env::var("JOBDESK_REMOTE_TIMEOUT_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(|s: u64| std::time::Duration::from_secs(s.max(1)))
}

/// Connects to a server, with an outbox for changes made while it cannot
/// be reached, kept in the data folder, one per server.
fn connect_remote(cli: &Cli, url: &str) -> anyhow::Result<RemoteStore> {
    let name: String = url
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let outbox = crate::paths::data_dir()?.join(format!("outbox-{name}.db"));
    let defaults = RemoteOptions::new(url);
    let options = RemoteOptions {
        insecure: cli.insecure,
        ca_cert: cli.ca_cert.clone(),
        outbox: Some(outbox),
        timeout: remote_timeout().unwrap_or(defaults.timeout),
        ..defaults
    };
    RemoteStore::connect(options).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Delivers the outbox whenever the server answers again, and tells the
/// interface how each change went.
fn deliver_in_background(remote: &RemoteStore, tx: &std::sync::mpsc::Sender<ui::Msg>) {
    loop {
        std::thread::sleep(outbox_retry());
        if remote.pending() == 0 || !remote.reachable() {
            continue;
        }
        let delivered = remote.deliver_outbox();
        if !delivered.is_empty() && tx.send(ui::Msg::Delivered(delivered)).is_err() {
            return;
        }
    }
}

/// Set in the kiosk process the supervisor starts.
const KIOSK_CHILD: &str = "JOBDESK_KIOSK_CHILD";

/// The kiosk's exit code when it has no working speech.
const NO_SPEECH: u8 = 1;

/// How long the supervisor waits before trying a kiosk without speech
/// again (`JOBDESK_KIOSK_RETRY_SECONDS` changes it).
fn kiosk_retry() -> std::time::Duration {
    let seconds = std::env::var("JOBDESK_KIOSK_RETRY_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10u64);
    std::time::Duration::from_secs(seconds.max(1))
}

/// The kiosk runs as a child of this supervisor, which starts it again
/// whenever it ends without the operator code (a crash, a kill), so the
/// shell is never exposed. A SIGTERM from the service manager ends both.
fn supervise_kiosk() -> anyhow::Result<ExitCode> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = Arc::new(AtomicBool::new(false));
    crate::platform::flag_on_terminate(stop.clone())?;
    crate::platform::ignore_interactive_stops()?;
    let program = std::env::current_exe()?;
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    loop {
        let status = std::process::Command::new(&program)
            .args(&args)
            .env(KIOSK_CHILD, "1")
            .status()?;
        if status.success() || stop.load(Ordering::Relaxed) {
            return Ok(ExitCode::SUCCESS);
        }
        // Logged, not shown: the kiosk's screen shows the welcome and
        // nothing else. A kiosk that could not start (no speech) has told
        // the operator why; it waits longer before the next try.
        tracing::warn!("the kiosk stopped ({status}); starting it again");
        let pause = if status.code() == Some(i32::from(NO_SPEECH)) {
            kiosk_retry()
        } else {
            std::time::Duration::from_secs(1)
        };
        std::thread::sleep(pause);
    }
}
