//! The command line (README.md, "Command line"): parse, then hand over to the
//! interactive program or to one of the subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::clock::{Clock, SystemClock};
use crate::i18n::Lang;
use crate::store::SqliteStore;
use crate::store::seed::{self, SeedOptions};

/// jobdesk: find work with a keyboard and a screen reader.
#[derive(Debug, Parser)]
#[command(name = "jobdesk", version, about, disable_help_subcommand = true)]
pub struct Cli {
    /// The database file (default: in the platform data folder).
    #[arg(long, env = "JOBDESK_DB", global = true)]
    pub db: Option<PathBuf>,

    /// Use a jobdesk server instead of a local file.
    #[arg(long, env = "JOBDESK_REMOTE", conflicts_with = "db")]
    pub remote: Option<String>,

    /// Interface language: zh-CN or en (default: from the locale).
    #[arg(long, env = "JOBDESK_LANG", global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Keymap: default, vim, kiosk, or the path of a TOML file.
    #[arg(long, env = "JOBDESK_KEYMAP")]
    pub keymap: Option<String>,

    /// Colour theme.
    #[arg(long, value_enum, default_value_t = ThemeName::Default)]
    pub theme: ThemeName,

    /// Plain numbered lines instead of the full screen.
    #[arg(long, env = "JOBDESK_LINEAR", value_parser = clap::builder::BoolishValueParser::new(), num_args = 0..=1, default_missing_value = "true")]
    pub linear: bool,

    /// Speech output: auto, spd, espeak, off or file:PATH.
    #[arg(long)]
    pub speech: Option<String>,

    /// Allow plain HTTP to (or, for serve, on) an address that is not this
    /// computer's loopback.
    #[arg(long, global = true)]
    pub insecure: bool,

    /// Trust this CA certificate (PEM) for the server's TLS certificate.
    #[arg(long, env = "JOBDESK_CA_CERT")]
    pub ca_cert: Option<PathBuf>,

    /// Community-hall kiosk mode.
    #[arg(long)]
    pub kiosk: bool,

    /// The kiosk's settings: operator code hash, idle timeout (default:
    /// kiosk.toml in the config folder).
    #[arg(long, env = "JOBDESK_KIOSK_CONFIG")]
    pub kiosk_config: Option<PathBuf>,

    /// Run on a fresh demo database with Qingdao sample data.
    #[arg(long)]
    pub demo: bool,

    /// Check the keymap files and exit (non-zero if there are problems).
    #[arg(long)]
    pub check_keymaps: bool,

    /// Write the log here (default: jobdesk.log in the platform data folder).
    #[arg(long, env = "JOBDESK_LOG", global = true)]
    pub log: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeName {
    Default,
    HighContrast,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write Qingdao sample data into a database.
    Seed {
        /// How many job postings to write.
        #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u32).range(0..=5_000_000))]
        jobs: u32,
    },
    /// Serve a database to jobdesk clients over HTTP/JSON.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8787")]
        listen: std::net::SocketAddr,
        /// TLS certificate chain (PEM).
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// TLS private key (PEM).
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Hash a kiosk operator code read from standard input, for kiosk.toml.
    KioskCode,
    /// Manage server accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the PIN or password is read from standard input.
    Add {
        #[arg(long, value_enum)]
        role: RoleName,
        #[arg(long)]
        login: String,
        /// The jobseeker profile this account is (default: a new one).
        #[arg(long)]
        profile: Option<i64>,
        /// The counselor this account is (default: a new one).
        #[arg(long)]
        counselor: Option<i64>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleName {
    Jobseeker,
    Counselor,
    Admin,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}; use zh-CN or en"))
}

/// The language in force: `--lang`/`JOBDESK_LANG`, else the locale.
pub fn resolve_lang(cli: &Cli) -> Lang {
    cli.lang
        .unwrap_or_else(|| Lang::from_locale(|k| std::env::var(k).ok()))
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

fn seed_db(path: &Path, jobs: u32, lang: Lang, people: bool) -> anyhow::Result<seed::SeedReport> {
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

/// Runs the program; the exit codes are in README.md, "Command line".
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; clap prints them and says so.
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jobdesk: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let lang = resolve_lang(&cli);
    match &cli.command {
        Some(Command::Seed { jobs }) => {
            let path = cli
                .db
                .clone()
                .ok_or_else(|| anyhow::anyhow!("seed needs --db PATH"))?;
            let started = std::time::Instant::now();
            let report = seed_db(&path, *jobs, lang, true)?;
            eprintln!(
                "Wrote {} jobs, {} courses, {} employers and {} jobseekers to {} in {:.1} s.",
                report.jobs,
                report.courses,
                report.employers,
                report.jobseekers,
                path.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Serve {
            listen,
            tls_cert,
            tls_key,
        }) => {
            let db = cli
                .db
                .clone()
                .ok_or_else(|| anyhow::anyhow!("serve needs --db PATH"))?;
            crate::app::start_server_logging(&cli)?;
            crate::server::serve(
                crate::server::ServeOptions {
                    db,
                    listen: *listen,
                    tls: tls_cert.clone().zip(tls_key.clone()),
                    insecure: cli.insecure,
                },
                std::sync::Arc::new(SystemClock),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::User {
            action:
                UserCommand::Add {
                    role,
                    login,
                    profile,
                    counselor,
                },
        }) => {
            let db = cli
                .db
                .clone()
                .ok_or_else(|| anyhow::anyhow!("user add needs --db PATH"))?;
            add_user(&db, *role, login, *profile, *counselor)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::KioskCode) => {
            let mut code = String::new();
            std::io::stdin()
                .read_line(&mut code)
                .map_err(|e| anyhow::anyhow!("cannot read the code from standard input: {e}"))?;
            let code = code.trim_end_matches(['\n', '\r']);
            crate::kiosk::check_code(code).map_err(|e| anyhow::anyhow!(e))?;
            let hash = crate::kiosk::hash_code(code).map_err(|e| anyhow::anyhow!(e))?;
            println!("operator_code = \"{hash}\"");
            Ok(ExitCode::SUCCESS)
        }
        None => crate::app::run_interactive(cli, lang),
    }
}

/// `jobdesk user add`: reads the PIN from the first line of stdin.
fn add_user(
    db: &Path,
    role: RoleName,
    login: &str,
    profile: Option<i64>,
    counselor: Option<i64>,
) -> anyhow::Result<()> {
    use crate::domain::{Counselor, District, Profile};
    use crate::store::accounts::{Owner, Role};
    let mut secret = String::new();
    std::io::stdin()
        .read_line(&mut secret)
        .map_err(|e| anyhow::anyhow!("cannot read the PIN from standard input: {e}"))?;
    let secret = secret.trim_end_matches(['\n', '\r']);
    crate::store::accounts::check_secret(secret).map_err(|_| {
        anyhow::anyhow!("the PIN or password must be 4 to 64 characters without control characters")
    })?;
    let store =
        SqliteStore::open(db).map_err(|e| anyhow::anyhow!("cannot open {}: {e}", db.display()))?;
    let fail = |e: crate::store::StoreError| anyhow::anyhow!("{e}");
    // The account and any record made for it are written together: a
    // refused account leaves nothing behind.
    let (role, owner) = match role {
        RoleName::Jobseeker => (
            Role::Jobseeker,
            match profile {
                Some(id) => Owner::Profile(id),
                None => Owner::NewProfile(Profile {
                    name: login.trim().to_string(),
                    ..Profile::default()
                }),
            },
        ),
        RoleName::Counselor => (
            Role::Counselor,
            match counselor {
                Some(id) => Owner::Counselor(id),
                None => Owner::NewCounselor(Counselor {
                    id: 0,
                    name: login.trim().to_string(),
                    center: String::new(),
                    district: District::Shinan,
                }),
            },
        ),
        RoleName::Admin => (Role::Admin, Owner::Nobody),
    };
    let account = store
        .add_account_owned(login, role, secret, owner)
        .map_err(fail)?;
    eprintln!("Account {} ({}) created.", account.login, account.role);
    Ok(())
}
