//! The command line: exit codes, plain one-sentence errors, seeding and
//! keymap checks.

use crate::common::{jobdesk_command as jobdesk, run_jobdesk as run_with};

#[test]
fn bad_arguments_exit_2() {
    let out = jobdesk().args(["--lang", "fr"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("zh-CN or en"));
    let out = jobdesk().args(["seed", "--jobs", "lots"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn seed_writes_a_database_and_errors_are_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let out = jobdesk()
        .args([
            "seed",
            "--db",
            db.to_str().unwrap(),
            "--jobs",
            "25",
            "--lang",
            "zh-CN",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Said in the language asked for (issue 15 moved it to the catalogues).
    assert!(String::from_utf8_lossy(&out.stderr).contains("已把 25 个岗位"));
    // A folder that does not exist: exit 1, one line.
    let out = jobdesk()
        .args(["seed", "--db", "/nonexistent/folder/x.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.starts_with("jobdesk: "));
}

#[test]
fn check_keymaps_reports_file_and_line_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, "[global]\n\"f5\" = \"help\"\n").unwrap();
    let out = jobdesk()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--check-keymaps", "--keymap", good.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[global]\n\"f5\" = \"help\"\n\"f6\" = \"jump\"\n[list]\n\"ctrl-\" = \"next\"\n",
    )
    .unwrap();
    let out = jobdesk()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--check-keymaps", "--keymap", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let path = bad.display().to_string();
    assert!(
        err.contains(&format!("{path}:3: unknown command \"jump\"")),
        "{err}"
    );
    assert!(err.contains(&format!("{path}:5: ")), "{err}");
}

#[test]
fn user_add_reads_the_pin_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.db");
    let add = |login: &str, role: &str, pin: &str| {
        run_with(
            &[
                "user",
                "add",
                "--db",
                db.to_str().unwrap(),
                "--role",
                role,
                "--login",
                login,
            ],
            pin,
        )
    };
    let ok = add("wang", "jobseeker", "2468\n");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let short = add("li", "counselor", "12\n");
    assert_eq!(short.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&short.stderr).contains("4 to 64 characters"));
    let taken = add("wang", "admin", "135790\n");
    assert_eq!(taken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&taken.stderr).contains("taken"));
    // The PIN is stored only as a hash.
    let bytes = std::fs::read(&db).unwrap();
    let wal = std::fs::read(dir.path().join("u.db-wal")).unwrap_or_default();
    for haystack in [&bytes, &wal] {
        assert!(
            !haystack.windows(4).any(|w| w == b"2468"),
            "the PIN is in the file"
        );
    }
}

#[test]
fn serve_answers_and_stops_gracefully_on_sigterm() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    assert!(
        jobdesk()
            .args(["seed", "--db", db.to_str().unwrap(), "--jobs", "5"])
            .output()
            .unwrap()
            .status
            .success()
    );
    // Plain HTTP on every address is refused without --insecure.
    let open = jobdesk()
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--listen",
            "0.0.0.0:0",
        ])
        .output()
        .unwrap();
    assert_eq!(open.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&open.stderr).contains("--tls-cert"));

    let mut child = jobdesk()
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
            "--log",
            dir.path().join("s.log").to_str().unwrap(),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let mut health = ureq::get(&format!("{url}/api/v1/health")).call().unwrap();
    assert!(health.body_mut().read_to_string().unwrap().contains("ok"));
    // SAFETY: signalling our own child.
    #[allow(unsafe_code)]
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let status = child.wait().unwrap();
    assert!(status.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(rest.contains("finishing requests in flight"), "{rest}");
    let log = std::fs::read_to_string(dir.path().join("s.log")).unwrap();
    assert!(log.contains("GET /api/v1/health 200"), "{log}");
}

/// `figures`, `export` and `target set` on a seeded file: sentences in
/// the language asked for, files written and said, targets only for staff.
#[test]
fn figures_export_and_targets_on_the_command_line() {
    use chrono::Datelike;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let db = db.to_str().unwrap();
    let run = |args: &[&str], stdin: &str| {
        use std::io::Write;
        let mut child = jobdesk()
            .args(args)
            .args(["--db", db])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let text = |b: &[u8]| String::from_utf8_lossy(b).to_string();
    let out = run(&["seed", "--jobs", "5", "--lang", "en"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let year = chrono::Local::now().year().to_string();

    let out = run(&["target", "set", "new_employment", &year, "300"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["figures", "--counselor", "1", "--lang", "en"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    assert!(
        lines[0].starts_with(&format!("Figures of counselor Li Na for {year}")),
        "{said}"
    );
    assert!(lines.iter().any(|l| l.starts_with("Caseload: ")), "{said}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("New employment {year}: "))
                && l.contains("of the 300 set")),
        "{said}"
    );
    let out = run(&["figures", "--city", "--lang", "zh-CN"], "");
    assert!(
        text(&out.stdout).starts_with("全市"),
        "{}",
        text(&out.stdout)
    );

    let csv = dir.path().join("ledger.csv");
    let out = run(
        &[
            "export",
            "ledger",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
            "--counselor",
            "1",
            "--lang",
            "en",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.starts_with("Saved ") && said.contains("ledger.csv"),
        "{said}"
    );
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let rows = reader.records().count();
    assert!(said.starts_with(&format!("Saved {rows} rows")), "{said}");
    let xlsx = dir.path().join("figures.xlsx");
    let out = run(
        &[
            "export",
            "figures",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
            "--city",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    // A counselor's account: their own figures, not the city's, no targets.
    let out = run(
        &[
            "user",
            "add",
            "--role",
            "counselor",
            "--login",
            "li",
            "--counselor",
            "1",
        ],
        "1357\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["figures", "--login", "li", "--lang", "en"], "1357\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Figures of counselor Li Na"));
    let out = run(&["figures", "--login", "li", "--city"], "1357\n");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("not allowed"), "{err}");
    let out = run(
        &["target", "set", "training", &year, "50", "--login", "li"],
        "1357\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["target", "set", "training", "3000", "50"], "");
    assert_eq!(out.status.code(), Some(1), "a year out of range");
}

#[test]
fn init_makes_an_empty_store_with_an_administrator_and_refuses_one_with_data() {
    use jobdesk::store::{Accounts, JobQuery, SqliteStore, Store};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.db");
    let db_s = db.to_str().unwrap();
    let err = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).to_string();

    // A bad PIN: refused before the file is made.
    let out = run_with(&["init", "--db", db_s, "--login", "admin"], "12\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("4 to 64 characters"), "{}", err(&out));
    assert!(!db.exists());

    let out = run_with(
        &["init", "--db", db_s, "--login", "admin", "--lang", "en"],
        "86420731\n",
    );
    assert!(out.status.success(), "{}", err(&out));
    assert!(
        err(&out).contains("with its administrator admin"),
        "{}",
        err(&out)
    );
    {
        let store = SqliteStore::open(&db).unwrap();
        let jobs = store
            .search_jobs(&JobQuery {
                include_closed: true,
                page_size: 10,
                ..JobQuery::default()
            })
            .unwrap();
        assert_eq!(jobs.total, 0, "no sample jobs");
        assert!(store.employers().unwrap().is_empty());
        assert!(store.counselors().unwrap().is_empty());
        let summaries = store.account_summaries().unwrap();
        assert_eq!(summaries.len(), 1);
        assert!(matches!(
            store.login("admin", "86420731").unwrap().actor,
            jobdesk::domain::Actor::Admin(_)
        ));
    }

    // Again: the file has an account; nothing changes, in either language.
    let out = run_with(
        &["init", "--db", db_s, "--login", "boss", "--lang", "en"],
        "86420731\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let said = err(&out);
    assert_eq!(said.trim().lines().count(), 1, "{said}");
    assert!(said.contains("already holds accounts or records"), "{said}");
    let out = run_with(
        &["init", "--db", db_s, "--login", "boss", "--lang", "zh-CN"],
        "86420731\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("已有账户或记录"), "{}", err(&out));
    let store = SqliteStore::open(&db).unwrap();
    assert_eq!(store.account_summaries().unwrap().len(), 1);
    drop(store);

    // A seeded file (records but no account) is not empty either.
    let seeded = dir.path().join("s.db");
    let seeded_s = seeded.to_str().unwrap();
    let out = run_with(&["seed", "--db", seeded_s, "--jobs", "3"], "");
    assert!(out.status.success(), "{}", err(&out));
    let out = run_with(
        &["init", "--db", seeded_s, "--login", "admin"],
        "86420731\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
}

#[test]
fn seed_is_refused_on_real_data_unless_forced() {
    use jobdesk::store::{JobQuery, SqliteStore, Store};
    let dir = tempfile::tempdir().unwrap();
    let err = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).to_string();
    let jobs_in = |db: &std::path::Path| {
        SqliteStore::open(db)
            .unwrap()
            .search_jobs(&JobQuery {
                include_closed: true,
                page_size: 10,
                ..JobQuery::default()
            })
            .unwrap()
            .total
    };

    // Seeding sample data over sample data is fine (a demo reset).
    let demo = dir.path().join("demo.db");
    let demo_s = demo.to_str().unwrap();
    for _ in 0..2 {
        let out = run_with(&["seed", "--db", demo_s, "--jobs", "3"], "");
        assert!(out.status.success(), "{}", err(&out));
    }
    assert_eq!(jobs_in(&demo), 6);
    // The demo's accounts are sample data too.
    let out = run_with(
        &[
            "user", "add", "--db", demo_s, "--role", "staff", "--login", "staff",
        ],
        "2468\n",
    );
    assert!(out.status.success(), "{}", err(&out));
    let out = run_with(&["seed", "--db", demo_s, "--jobs", "1"], "");
    assert!(out.status.success(), "{}", err(&out));
    // A record seed did not write makes it real data.
    {
        let store = SqliteStore::open(&demo).unwrap();
        store
            .add_employer(&jobdesk::domain::Employer {
                id: 0,
                name: "青岛盲人按摩中心".into(),
                district: jobdesk::domain::District::Shinan,
                medical_institution: false,
                contact: String::new(),
            })
            .unwrap();
    }
    let out = run_with(&["seed", "--db", demo_s, "--jobs", "1", "--lang", "en"], "");
    assert_eq!(out.status.code(), Some(1));
    let said = err(&out);
    assert_eq!(said.trim().lines().count(), 1, "{said}");
    assert!(said.contains("holds real data"), "{said}");
    assert!(said.contains("1 employers, jobs"), "{said}");
    assert!(said.contains("--force"), "{said}");
    assert_eq!(jobs_in(&demo), 7, "nothing written");

    // A store started with init has a real account.
    let real = dir.path().join("real.db");
    let real_s = real.to_str().unwrap();
    let out = run_with(&["init", "--db", real_s, "--login", "admin"], "86420731\n");
    assert!(out.status.success(), "{}", err(&out));
    let out = run_with(&["seed", "--db", real_s, "--lang", "zh-CN"], "");
    assert_eq!(out.status.code(), Some(1));
    let said = err(&out);
    assert!(
        said.contains("存有真实数据") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(jobs_in(&real), 0);
    let out = run_with(&["seed", "--db", real_s, "--jobs", "2", "--force"], "");
    assert!(out.status.success(), "{}", err(&out));
    assert_eq!(jobs_in(&real), 2);
}
