//! The command line (README.md, "Command line"): parse, then hand over to the
//! interactive program or to one of the subcommands.

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use crate::app::demo::seed_db;
use crate::clock::SystemClock;
use crate::options::{
    Cli, Command, RoleName, TargetCommand, TargetName, UserCommand, resolve_lang,
};
use crate::store::SqliteStore;

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
        Some(Command::Seed { jobs, force }) => {
            let path = cli
                .db
                .clone()
                .ok_or_else(|| anyhow::anyhow!("{}", lang.get("porter.cli_seed_needs_db")))?;
            if !force {
                refuse_real_data(&path, lang)?;
            }
            let started = std::time::Instant::now();
            let report = seed_db(&path, *jobs, lang, true)?;
            let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
            eprintln!(
                "{}",
                lang.format(
                    "porter.cli_seeded",
                    &[
                        ("jobs", &report.jobs),
                        ("courses", &report.courses),
                        ("employers", &report.employers),
                        ("jobseekers", &report.jobseekers),
                        ("path", &path.display()),
                        ("seconds", &seconds),
                    ],
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Init { login }) => {
            let db = cli
                .db
                .clone()
                .ok_or_else(|| anyhow::anyhow!("{}", lang.get("intake.init_needs_db")))?;
            init_store(&db, login, lang)?;
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
                .ok_or_else(|| anyhow::anyhow!("{}", lang.get("porter.cli_serve_needs_db")))?;
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
                    employer,
                },
        }) => {
            let db = cli
                .db
                .clone()
                .ok_or_else(|| anyhow::anyhow!("{}", lang.get("porter.cli_user_needs_db")))?;
            add_user(
                lang,
                &db,
                *role,
                login,
                Owners {
                    profile: *profile,
                    counselor: *counselor,
                    employer: *employer,
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::KioskCode) => {
            let mut code = String::new();
            std::io::stdin().read_line(&mut code).map_err(|e| {
                anyhow::anyhow!(
                    "{}",
                    lang.format("porter.cli_cannot_read_code", &[("detail", &e)])
                )
            })?;
            let code = code.trim_end_matches(['\n', '\r']);
            crate::kiosk::check_code(code).map_err(|e| anyhow::anyhow!(e))?;
            let hash = crate::kiosk::hash_code(code).map_err(|e| anyhow::anyhow!(e))?;
            println!("operator_code = \"{hash}\"");
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Figures {
            scope,
            year,
            account,
        }) => {
            let (store, actor) = open_as(&cli, account, lang)?;
            let scope = figure_scope(scope, actor);
            let year = year.unwrap_or_else(this_year);
            let figures = store.figures(&scope, year).map_err(|e| {
                anyhow::anyhow!(
                    "{}",
                    lang.format(
                        "porter.cli_cannot_read_figures",
                        &[("detail", &crate::ui::screens::error_sentence(lang, &e))],
                    )
                )
            })?;
            let name = crate::export::scope_name(store.as_ref(), lang, &scope);
            for line in lang.figure_sentences(&figures, &name) {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export {
            what,
            file,
            format,
            out,
            employer,
            course,
            scope,
            year,
            account,
        }) => {
            use crate::export::{ExportFormat, ExportRequest, ExportWhat};
            use crate::options::{ExportFormatName, ExportName};
            use crate::store::import::ExportQuery;
            let path = file
                .clone()
                .or_else(|| out.clone())
                .ok_or_else(|| anyhow::anyhow!("{}", lang.get("porter.export_needs_file")))?;
            let format = match format {
                Some(ExportFormatName::Csv) => ExportFormat::Csv,
                Some(ExportFormatName::Xlsx) => ExportFormat::Xlsx,
                None => ExportFormat::from_path(&path).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}",
                        lang.format("porter.export_format", &[("path", &path.display())])
                    )
                })?,
            };
            let query = match what {
                ExportName::Figures | ExportName::Ledger => None,
                ExportName::People => Some(ExportQuery::People),
                ExportName::Applications => Some(ExportQuery::Applications {
                    employer: employer.clone().ok_or_else(|| {
                        anyhow::anyhow!("{}", lang.get("porter.export_needs_employer"))
                    })?,
                }),
                ExportName::Roster => Some(ExportQuery::Roster {
                    course_id: course.ok_or_else(|| {
                        anyhow::anyhow!("{}", lang.get("porter.export_needs_course"))
                    })?,
                }),
            };
            let (store, actor) = open_as(&cli, account, lang)?;
            let cannot = |e: crate::store::StoreError| {
                anyhow::anyhow!(
                    "{}",
                    lang.format(
                        "porter.cannot_write",
                        &[
                            ("path", &path.display()),
                            ("detail", &crate::ui::screens::error_sentence(lang, &e)),
                        ],
                    )
                )
            };
            let done = match query {
                Some(query) => crate::export::export_records(
                    store.as_ref(),
                    actor,
                    &query,
                    format,
                    &path,
                    lang,
                )
                .map_err(cannot)?,
                None => {
                    let request = ExportRequest {
                        what: match what {
                            ExportName::Figures => ExportWhat::Figures {
                                year: year.unwrap_or_else(this_year),
                            },
                            _ => ExportWhat::Ledger,
                        },
                        scope: figure_scope(scope, actor),
                        format,
                        path: path.clone(),
                        lang,
                    };
                    crate::export::export(store.as_ref(), &request).map_err(cannot)?
                }
            };
            println!(
                "{}",
                lang.format(
                    if done.rows == 1 {
                        "export.saved_one"
                    } else {
                        "export.saved_many"
                    },
                    &[("n", &done.rows), ("path", &done.path.display())],
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import {
            kind,
            file,
            dry_run,
            account,
        }) => import_file(&cli, *kind, file, *dry_run, account, lang),
        Some(Command::Target {
            action:
                TargetCommand::Set {
                    kind,
                    year,
                    value,
                    account,
                },
        }) => {
            use crate::domain::casework::{Target, TargetKind};
            let (store, actor) = open_as(&cli, account, lang)?;
            let target = Target {
                kind: match kind {
                    TargetName::NewEmployment => TargetKind::NewEmployment,
                    TargetName::Training => TargetKind::Training,
                },
                year: *year,
                value: *value,
            };
            store.set_target(actor, &target).map_err(|e| {
                anyhow::anyhow!(
                    "{}",
                    lang.format(
                        "porter.cli_cannot_set_target",
                        &[("detail", &crate::ui::screens::error_sentence(lang, &e))],
                    )
                )
            })?;
            eprintln!(
                "{}",
                lang.format(
                    "porter.cli_target_set",
                    &[
                        ("kind", &lang.target_kind(target.kind)),
                        ("year", &target.year),
                        ("value", &target.value),
                    ],
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        None => crate::app::run_interactive(cli, lang),
    }
}

fn this_year() -> i32 {
    use chrono::Datelike;
    chrono::Local::now().year()
}

/// The scope asked for; by default a counselor's own caseload, or the
/// city for anyone else.
fn figure_scope(
    args: &crate::options::ScopeArgs,
    actor: crate::domain::Actor,
) -> crate::domain::casework::FigureScope {
    use crate::domain::casework::FigureScope;
    match (args.counselor, &args.center, args.city, actor) {
        (Some(id), _, _, _) => FigureScope::Counselor(id),
        (None, Some(name), _, _) => FigureScope::Center(name.clone()),
        (None, None, false, crate::domain::Actor::Counselor(id)) => FigureScope::Counselor(id),
        _ => FigureScope::City,
    }
}

/// Opens the store of `--db` or `--remote` and logs in with `--login`
/// (PIN on the first line of stdin). A server needs a login; a local file
/// without one is its owner's, who acts as jobdesk itself.
fn open_as(
    cli: &Cli,
    account: &crate::options::AccountArgs,
    lang: crate::i18n::Lang,
) -> anyhow::Result<(Box<dyn crate::store::Store>, crate::domain::Actor)> {
    use crate::store::{RemoteOptions, RemoteStore, Store};
    let store: Box<dyn Store> = match &cli.remote {
        Some(url) => {
            let mut options = RemoteOptions::new(url);
            options.insecure = cli.insecure;
            options.ca_cert = cli.ca_cert.clone();
            Box::new(RemoteStore::connect(options).map_err(|e| {
                anyhow::anyhow!(
                    "{}",
                    lang.format(
                        "porter.cli_cannot_reach",
                        &[
                            ("url", url),
                            ("detail", &crate::ui::screens::error_sentence(lang, &e)),
                        ],
                    )
                )
            })?)
        }
        None => {
            let db = crate::paths::db_path(cli)?;
            Box::new(SqliteStore::open(&db).map_err(|e| cannot_open(lang, &db, &e))?)
        }
    };
    let actor = match &account.login {
        Some(login) => {
            let mut secret = String::new();
            std::io::stdin()
                .read_line(&mut secret)
                .map_err(|e| cannot_read_pin(lang, &e))?;
            store
                .log_in(login, secret.trim_end_matches(['\n', '\r']))
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{}",
                        lang.format(
                            "porter.cli_cannot_log_in",
                            &[
                                ("login", login),
                                ("detail", &crate::ui::screens::error_sentence(lang, &e)),
                            ],
                        )
                    )
                })?
        }
        None if cli.remote.is_some() => {
            anyhow::bail!("{}", lang.get("porter.cli_server_needs_login"))
        }
        None => crate::domain::Actor::System,
    };
    Ok((store, actor))
}

/// `seed` writes sample data only where nothing real would be mixed with
/// it: no account but the demo's, no record seed did not write.
fn refuse_real_data(path: &Path, lang: crate::i18n::Lang) -> anyhow::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let store = SqliteStore::open(path).map_err(|e| cannot_open(lang, path, &e))?;
    let held = store
        .holdings(&crate::app::demo::DEMO_LOGINS)
        .map_err(|e| cannot_open(lang, path, &e))?;
    if held.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "{}",
        lang.format(
            "intake.seed_refused",
            &[
                ("path", &path.display()),
                ("accounts", &held.accounts),
                ("records", &held.records),
            ],
        )
    )
}

/// `jobdesk init`: an empty store and its first administrator. The PIN
/// is checked before the file is touched, so a bad one leaves nothing.
fn init_store(db: &Path, login: &str, lang: crate::i18n::Lang) -> anyhow::Result<()> {
    let mut secret = String::new();
    std::io::stdin()
        .read_line(&mut secret)
        .map_err(|e| cannot_read_pin(lang, &e))?;
    let secret = secret.trim_end_matches(['\n', '\r']);
    crate::store::accounts::check_secret(secret)
        .map_err(|_| anyhow::anyhow!("{}", lang.get("porter.cli_bad_pin")))?;
    let store = SqliteStore::open(db).map_err(|e| cannot_open(lang, db, &e))?;
    let blank = store.is_blank().map_err(|e| cannot_open(lang, db, &e))?;
    if !blank {
        anyhow::bail!(
            "{}",
            lang.format("intake.init_refused", &[("path", &db.display())])
        );
    }
    let account = add_account_to(
        lang,
        &store,
        RoleName::Admin,
        login,
        secret,
        Owners {
            profile: None,
            counselor: None,
            employer: None,
        },
    )?;
    eprintln!(
        "{}",
        lang.format(
            "intake.init_done",
            &[("path", &db.display()), ("login", &account.login)]
        )
    );
    Ok(())
}

/// `jobdesk import`: reads and checks the whole file, then writes it in
/// one transaction (or, on a dry run, says what it would write). Every
/// bad line goes to stderr and nothing is written.
fn import_file(
    cli: &Cli,
    kind: crate::options::ImportName,
    file: &Path,
    dry_run: bool,
    account: &crate::options::AccountArgs,
    lang: crate::i18n::Lang,
) -> anyhow::Result<ExitCode> {
    use crate::domain::Actor;
    use crate::import::{ImportKind, ImportReport};
    let kind = match kind {
        crate::options::ImportName::Jobs => ImportKind::Jobs,
        crate::options::ImportName::Employers => ImportKind::Employers,
        crate::options::ImportName::Courses => ImportKind::Courses,
        crate::options::ImportName::People => ImportKind::People,
    };
    let table = crate::import::read_table(file).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            lang.format(
                "intake.cannot_read",
                &[("path", &file.display()), ("detail", &e)]
            )
        )
    })?;
    // On a file without --login its owner acts; an account, here or on a
    // server, must be staff or an administrator.
    let (store, actor) = open_as(cli, account, lang)?;
    if !(actor == Actor::System || actor.sees_everyone()) {
        anyhow::bail!("{}", lang.get("error.forbidden"));
    }
    let today = chrono::Local::now().date_naive();
    let report =
        crate::import::import_table(store.as_ref(), actor, kind, &table, dry_run, today)
            .map_err(|e| anyhow::anyhow!("{}", crate::ui::screens::error_sentence(lang, &e)))?;
    match report {
        ImportReport::Good(counts) => {
            println!("{}", crate::import::summary(lang, kind, counts, dry_run));
            Ok(ExitCode::SUCCESS)
        }
        ImportReport::Refused(errors) => {
            for line in crate::import::refusal_lines(lang, &errors) {
                eprintln!("{line}");
            }
            Ok(ExitCode::from(1))
        }
        ImportReport::Unreadable(detail) => anyhow::bail!(
            "{}",
            lang.format(
                "intake.cannot_read",
                &[("path", &file.display()), ("detail", &detail)]
            )
        ),
    }
}

/// The records `user add` was told the account belongs to.
struct Owners {
    profile: Option<i64>,
    counselor: Option<i64>,
    employer: Option<i64>,
}

/// `jobdesk user add`: reads the PIN from the first line of stdin.
fn add_user(
    lang: crate::i18n::Lang,
    db: &Path,
    role: RoleName,
    login: &str,
    owners: Owners,
) -> anyhow::Result<()> {
    let mut secret = String::new();
    std::io::stdin()
        .read_line(&mut secret)
        .map_err(|e| cannot_read_pin(lang, &e))?;
    let secret = secret.trim_end_matches(['\n', '\r']);
    crate::store::accounts::check_secret(secret)
        .map_err(|_| anyhow::anyhow!("{}", lang.get("porter.cli_bad_pin")))?;
    let store = SqliteStore::open(db).map_err(|e| cannot_open(lang, db, &e))?;
    let account = add_account_to(lang, &store, role, login, secret, owners)?;
    eprintln!(
        "{}",
        lang.format(
            "porter.cli_account_created",
            &[("login", &account.login), ("role", &account.role)],
        )
    );
    Ok(())
}

/// "cannot open PATH: the disk is full." in the interface language.
fn cannot_open(
    lang: crate::i18n::Lang,
    path: &Path,
    e: &crate::store::StoreError,
) -> anyhow::Error {
    anyhow::anyhow!(
        "{}",
        lang.format(
            "porter.cli_cannot_open",
            &[
                ("path", &path.display()),
                ("detail", &crate::ui::screens::error_sentence(lang, e)),
            ],
        )
    )
}

fn cannot_read_pin(lang: crate::i18n::Lang, e: &std::io::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "{}",
        lang.format("porter.cli_cannot_read_pin", &[("detail", e)])
    )
}

/// Creates the account `user add` asked for, in any store.
fn add_account_to<S: crate::store::Admin + ?Sized>(
    lang: crate::i18n::Lang,
    store: &S,
    role: RoleName,
    login: &str,
    secret: &str,
    owners: Owners,
) -> anyhow::Result<crate::store::accounts::Account> {
    use crate::domain::{Counselor, District, Employer, Profile};
    use crate::store::accounts::{Owner, Role};
    let Owners {
        profile,
        counselor,
        employer,
    } = owners;
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
        RoleName::Staff => (Role::Staff, Owner::Nobody),
        RoleName::Employer => (
            Role::Employer,
            match employer {
                Some(id) => Owner::Employer(id),
                None => Owner::NewEmployer(Employer {
                    id: 0,
                    name: login.trim().to_string(),
                    district: District::Shinan,
                    medical_institution: false,
                    contact: String::new(),
                }),
            },
        ),
        RoleName::Admin => (Role::Admin, Owner::Nobody),
    };
    store
        .add_account_owned(login, role, secret, owner)
        .map_err(|e| anyhow::anyhow!("{}", crate::ui::screens::error_sentence(lang, &e)))
}
