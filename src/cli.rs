//! The command line (README.md, "Command line"): parse, then hand over to the
//! interactive program or to one of the subcommands.

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use crate::app::demo::seed_db;
use crate::clock::SystemClock;
use crate::options::{Cli, Command, RoleName, UserCommand, resolve_lang};
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
                    employer,
                },
        }) => {
            let db = cli
                .db
                .clone()
                .ok_or_else(|| anyhow::anyhow!("user add needs --db PATH"))?;
            add_user(
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

/// The records `user add` was told the account belongs to.
struct Owners {
    profile: Option<i64>,
    counselor: Option<i64>,
    employer: Option<i64>,
}

/// `jobdesk user add`: reads the PIN from the first line of stdin.
fn add_user(db: &Path, role: RoleName, login: &str, owners: Owners) -> anyhow::Result<()> {
    use crate::domain::{Counselor, District, Employer, Profile};
    let Owners {
        profile,
        counselor,
        employer,
    } = owners;
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
    let account = store
        .add_account_owned(login, role, secret, owner)
        .map_err(fail)?;
    eprintln!("Account {} ({}) created.", account.login, account.role);
    Ok(())
}
