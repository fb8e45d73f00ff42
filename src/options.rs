//! The command line as parsed: every flag and subcommand, with their doc
//! strings as the help text. `cli` acts on it; `app` starts from it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

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

    /// Who is at the desk: the login of an account in the local file (its
    /// PIN is asked), or with --demo one of demo, counselor, staff.
    #[arg(long = "as", value_name = "LOGIN", conflicts_with = "remote")]
    pub as_login: Option<String>,

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
    /// Write Qingdao sample data into a database (for demos and
    /// benchmarks; refused on a store holding real data).
    Seed {
        /// How many job postings to write.
        #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u32).range(0..=5_000_000))]
        jobs: u32,
        /// Seed even a store holding accounts or records of its own.
        #[arg(long)]
        force: bool,
    },
    /// Create an empty store and its first administrator; the PIN or
    /// password is read from standard input.
    Init {
        /// The administrator's login name.
        #[arg(long)]
        login: String,
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
    /// Say the figures of a counselor, a center or the city, as sentences.
    Figures {
        #[command(flatten)]
        scope: ScopeArgs,
        /// The year (default: this year).
        #[arg(long)]
        year: Option<i32>,
        #[command(flatten)]
        account: AccountArgs,
    },
    /// Write figures, the ledger, people, an employer's applications or a
    /// course's roster to a CSV or XLSX file (only what the account may see).
    Export {
        #[arg(value_enum)]
        what: ExportName,
        /// The file to write, .csv or .xlsx (replaced whole if it exists).
        #[arg(required_unless_present = "out")]
        file: Option<PathBuf>,
        /// The format (default: by the file's ending).
        #[arg(long, value_enum)]
        format: Option<ExportFormatName>,
        /// The file to write (the same as FILE).
        #[arg(long, conflicts_with = "file")]
        out: Option<PathBuf>,
        /// For `applications`: the employer, by number, external id or name.
        #[arg(long)]
        employer: Option<String>,
        /// For `roster`: the course number.
        #[arg(long)]
        course: Option<i64>,
        #[command(flatten)]
        scope: ScopeArgs,
        /// The year of the figures (default: this year).
        #[arg(long)]
        year: Option<i32>,
        #[command(flatten)]
        account: AccountArgs,
    },
    /// Import jobs, courses, employers or people from a CSV or XLSX file: all lines or none
    /// (staff and administrators; columns in README, "Import").
    Import {
        #[arg(value_enum)]
        kind: ImportName,
        /// The file: .csv (UTF-8) or .xlsx (its first sheet).
        file: PathBuf,
        /// Check every line and say what would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        account: AccountArgs,
    },
    /// Yearly targets (staff and administrators).
    Target {
        #[command(subcommand)]
        action: TargetCommand,
    },
}

/// Whose figures: one of these, or by default a counselor's own (when
/// logged in as one) or the city's.
#[derive(Debug, Clone, clap::Args)]
#[group(multiple = false)]
pub struct ScopeArgs {
    /// A counselor's caseload, by counselor number.
    #[arg(long)]
    pub counselor: Option<i64>,
    /// A service center, by its name.
    #[arg(long)]
    pub center: Option<String>,
    /// The whole city.
    #[arg(long)]
    pub city: bool,
}

/// Who asks: with --remote an account must log in; with --db the file's
/// owner acts unless --login names an account of the file.
#[derive(Debug, Clone, clap::Args)]
pub struct AccountArgs {
    /// Log in as this account; its PIN or password is read from standard input.
    #[arg(long)]
    pub login: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportName {
    Figures,
    Ledger,
    Applications,
    Roster,
    People,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportName {
    Jobs,
    Employers,
    Courses,
    People,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatName {
    Csv,
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum TargetCommand {
    /// Set a yearly target: `target set new_employment 2025 300`.
    Set {
        #[arg(value_enum)]
        kind: TargetName,
        year: i32,
        value: u64,
        #[command(flatten)]
        account: AccountArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum TargetName {
    NewEmployment,
    Training,
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
        /// The employer this account speaks for (default: a new one).
        #[arg(long)]
        employer: Option<i64>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleName {
    Jobseeker,
    Counselor,
    Staff,
    Employer,
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
