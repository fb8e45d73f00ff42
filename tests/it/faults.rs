//! The server and its clients under faults (issue 12, the low findings): a
//! database that cannot write, an unreadable outbox, a failed `user add`,
//! invisible characters, unbounded numbers and dates, path errors, the
//! audit of refused requests.

use crate::common;
use std::process::{Command, Stdio};

use crate::common::server::{PIN, TestServer};
use chrono::NaiveDate;
use jobdesk::domain::*;
use jobdesk::i18n::Lang;
use jobdesk::store::*;

fn get(server: &TestServer, path: &str) -> (u16, String, serde_json::Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(&format!("{}/api/v1{path}", server.url()))
        .call()
        .expect("an answer");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        content_type,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn health_fails_when_the_database_cannot_write() {
    let server = TestServer::new(Lang::En, 5);
    assert_eq!(get(&server, "/health").0, 200);
    // Every write now fails, as on a read-only or full database.
    let conn = rusqlite::Connection::open(&server.db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER no_writes BEFORE INSERT ON settings
         BEGIN SELECT RAISE(ABORT, 'attempt to write a readonly database'); END;
         CREATE TRIGGER no_updates BEFORE UPDATE ON settings
         BEGIN SELECT RAISE(ABORT, 'attempt to write a readonly database'); END;",
    )
    .unwrap();
    let (status, _, json) = get(&server, "/health");
    assert_eq!(status, 500, "{json}");
    let message = json["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("nothing was changed") && message.contains("log"),
        "{json}"
    );
}

#[test]
fn storage_faults_are_told_apart_and_said_in_both_languages() {
    use jobdesk::ui::screens::error_sentence as store_error;
    let full = StoreError::from(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
        None,
    ));
    assert_eq!(
        full,
        StoreError::Storage {
            fault: StorageFault::Full
        }
    );
    let read_only = StoreError::from(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
        None,
    ));
    assert_eq!(
        read_only,
        StoreError::Storage {
            fault: StorageFault::ReadOnly
        }
    );
    let en = store_error(Lang::En, &full);
    assert!(
        en.contains("disk is full") && en.contains("administrator"),
        "{en}"
    );
    let zh = store_error(Lang::ZhCn, &full);
    assert!(zh.contains("磁盘已满"), "{zh}");
}

#[test]
fn a_path_that_is_not_a_number_gets_a_json_error() {
    let server = TestServer::new(Lang::En, 5);
    let (status, content_type, json) = get(&server, "/jobs/abc");
    assert_eq!(status, 400);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert_eq!(json["code"], "bad_path");
}

#[test]
fn an_unreadable_outbox_is_named_with_a_remedy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.db");
    std::fs::write(
        &path,
        b"this is not a database at all, but it is long enough",
    )
    .unwrap();
    let options = RemoteOptions {
        outbox: Some(path.clone()),
        ..RemoteOptions::new("http://127.0.0.1:9")
    };
    let Err(StoreError::Unavailable { detail }) = RemoteStore::connect(options) else {
        panic!("an unreadable outbox was accepted");
    };
    assert!(detail.contains(&path.display().to_string()), "{detail}");
    assert!(detail.contains("Move it aside"), "{detail}");
}

#[test]
fn an_unreadable_outbox_entry_is_set_aside_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.db");
    let outbox = outbox::Outbox::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO outbox (owner, body) VALUES ('jobseeker:1', '{\"kind\": \"from_the_future\"}')",
        [],
    )
    .unwrap();
    assert!(outbox.pending("jobseeker:1").unwrap().is_empty());
    assert_eq!(outbox.set_aside(), 1);
    let kept: String = conn
        .query_row("SELECT body FROM outbox_unreadable", [], |r| r.get(0))
        .unwrap();
    assert!(kept.contains("from_the_future"));
}

#[test]
fn a_failed_user_add_leaves_no_orphan_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.db");
    let store = SqliteStore::open(&db).unwrap();
    store
        .add_account(
            "taken",
            jobdesk::store::accounts::Role::Admin,
            PIN,
            None,
            None,
        )
        .unwrap();
    let count = |table: &str| -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    let (profiles, counselors) = (count("profiles"), count("counselors"));
    for role in ["jobseeker", "counselor"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jobdesk"))
            .env_remove("JOBDESK_DB")
            .args([
                "user",
                "add",
                "--db",
                db.to_str().unwrap(),
                "--role",
                role,
                "--login",
                "taken",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"2468\n").unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{role}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("taken"));
    }
    assert_eq!(count("profiles"), profiles);
    assert_eq!(count("counselors"), counselors);
}

#[test]
fn invisible_characters_and_stacked_marks_are_refused_and_made_inert() {
    use jobdesk::domain::text::{TextError, inert, normalize};
    for bad in [
        "Wang\u{E0041}\u{E0042}",
        "line\u{2028}two",
        "para\u{2029}graph",
        "\u{3164}",
        "a\u{115F}b",
        "x\u{FFA0}",
        "a\u{034F}b",
    ] {
        assert!(
            matches!(
                normalize(bad, 100, true),
                Err(TextError::ControlCharacter { .. })
            ),
            "{bad:?}"
        );
    }
    let zalgo = format!("a{}", "\u{0301}".repeat(300));
    assert_eq!(
        normalize(&zalgo, 1000, false),
        Err(TextError::StackedMarks { position: 6 })
    );
    // Real accents and Chinese pass.
    assert!(normalize("Nguyễn Thị Ánh, 王芳", 100, false).is_ok());
    // On screen: a separator becomes a space; marks are cut back.
    assert_eq!(inert("one\u{2028}two"), "one two");
    assert_eq!(inert("tag\u{E0041}"), "tag");
    assert_eq!(inert(&zalgo).chars().count(), 5);
}

fn job(openings: u32, posted: NaiveDate, closes: NaiveDate) -> NewJob {
    NewJob {
        employer_id: 1,
        title: "Massage therapist".into(),
        kind: WorkKind::HealthMassage,
        district: District::Shinan,
        address: String::new(),
        description: String::new(),
        salary_min: 3000,
        salary_max: 5000,
        openings,
        suits_visual: true,
        remote: false,
        requires_practice_certificate: false,
        accommodations: String::new(),
        how_to_apply: String::new(),
        posted_on: posted,
        closes_on: closes,
    }
}

#[test]
fn numbers_and_dates_are_bounded() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let fields = |r: Result<NewJob, Vec<FieldError>>| -> Vec<Field> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    };
    assert!(validate::new_job(job(3, d(2026, 11, 1), d(2026, 12, 1))).is_ok());
    assert_eq!(
        fields(validate::new_job(job(
            4_294_967_295,
            d(2026, 11, 1),
            d(2026, 12, 1)
        ))),
        vec![Field::Openings]
    );
    assert_eq!(
        fields(validate::new_job(job(0, d(2026, 11, 1), d(2026, 12, 1)))),
        vec![Field::Openings]
    );
    assert_eq!(
        fields(validate::new_job(job(3, d(9999, 1, 1), d(9999, 2, 1)))),
        vec![Field::Dates]
    );
    let mut c = common::course("Ages", 5, d(2026, 12, 1), d(2026, 11, 20));
    c.min_age = Some(60);
    c.max_age = Some(18);
    assert!(
        validate::new_course(c.clone())
            .unwrap_err()
            .iter()
            .any(|e| e.field == Field::Age)
    );
    c.min_age = Some(18);
    c.max_age = Some(60);
    assert!(validate::new_course(c.clone()).is_ok());
    c.hours = 4_000_000;
    assert!(
        validate::new_course(c)
            .unwrap_err()
            .iter()
            .any(|e| e.field == Field::Hours)
    );
}

#[test]
fn refused_requests_are_audited_as_refused() {
    let server = TestServer::new(Lang::En, 5);
    let coach = server.client_as("coach");
    // Outside the caseload: refused, and recorded as a refused attempt.
    assert_eq!(
        coach.profile(server.stranger).unwrap_err(),
        StoreError::Forbidden
    );
    // Inside it, but the store refuses the change: not recorded as done.
    let job = server
        .direct()
        .search_jobs(&JobQuery::default())
        .unwrap()
        .items[0]
        .id;
    let apply = || {
        coach.apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: job,
            profile_id: server.client,
            note: String::new(),
            by: Actor::System,
        })
    };
    assert!(apply().is_ok());
    assert!(matches!(apply(), Err(StoreError::AlreadyApplied { .. })));
    let stranger_log = server.direct().audit_entries(server.stranger).unwrap();
    assert_eq!(
        stranger_log
            .iter()
            .map(|(_, who, what)| (who.as_str(), what.as_str()))
            .collect::<Vec<_>>(),
        vec![("counselor:1", "read profile: refused (forbidden)")]
    );
    let client_log: Vec<String> = server
        .direct()
        .audit_entries(server.client)
        .unwrap()
        .into_iter()
        .map(|(_, _, what)| what)
        .filter(|what| what.starts_with("apply"))
        .collect();
    assert_eq!(
        client_log,
        vec![
            "apply".to_string(),
            "apply: refused (already_applied)".to_string()
        ]
    );
}

/// A TLS server with this certificate and key (PEM), on 127.0.0.1:0.
fn tls_server(
    cert_pem: &str,
    key_pem: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    u16,
    jobdesk::server::RunningServer,
) {
    let (seed_dir, store, _) = common::seeded(Lang::En, 5);
    drop(store);
    let cert = seed_dir.path().join("cert.pem");
    let key = seed_dir.path().join("key.pem");
    std::fs::write(&cert, cert_pem).unwrap();
    std::fs::write(&key, key_pem).unwrap();
    let pool = std::sync::Arc::new(
        jobdesk::server::StorePool::open(
            &seed_dir.path().join("test.db"),
            std::sync::Arc::new(common::clock()),
            2,
        )
        .unwrap(),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let running = jobdesk::server::start_with(listener, pool, Some((cert.clone(), key))).unwrap();
    (seed_dir, cert, port, running)
}

#[test]
fn a_self_signed_ca_certificate_is_accepted_and_tls_errors_are_told_apart() {
    // What `openssl req -x509` makes: self-signed and CA:TRUE.
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let (_dir, cert_file, port, running) = tls_server(&cert.pem(), &key.serialize_pem());
    let trusting = |url: &str| {
        RemoteStore::connect(RemoteOptions {
            ca_cert: Some(cert_file.clone()),
            ..RemoteOptions::new(url)
        })
        .unwrap()
    };
    // Trusted with --ca-cert.
    assert!(
        trusting(&format!("https://localhost:{port}"))
            .search_jobs(&JobQuery::default())
            .unwrap()
            .total
            > 0
    );
    // The same certificate for another name: refused, and said so.
    assert_eq!(
        trusting(&format!("https://127.0.0.1:{port}"))
            .search_jobs(&JobQuery::default())
            .unwrap_err(),
        StoreError::Tls {
            problem: TlsProblem::WrongName
        }
    );
    // Without --ca-cert: not trusted, and said so (not "cannot be reached").
    let untrusted = RemoteStore::connect(RemoteOptions::new(&format!("https://localhost:{port}")))
        .unwrap()
        .search_jobs(&JobQuery::default())
        .unwrap_err();
    assert_eq!(
        untrusted,
        StoreError::Tls {
            problem: TlsProblem::Untrusted
        }
    );
    let en = jobdesk::ui::screens::error_sentence(Lang::En, &untrusted);
    assert!(en.contains("--ca-cert"), "{en}");
    let zh = jobdesk::ui::screens::error_sentence(Lang::ZhCn, &untrusted);
    assert!(zh.contains("--ca-cert"), "{zh}");
    // Another certificate in the file: not trusted either.
    let other = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let other_file = _dir.path().join("other.pem");
    std::fs::write(&other_file, other.cert.pem()).unwrap();
    assert_eq!(
        RemoteStore::connect(RemoteOptions {
            ca_cert: Some(other_file),
            ..RemoteOptions::new(&format!("https://localhost:{port}"))
        })
        .unwrap()
        .search_jobs(&JobQuery::default())
        .unwrap_err(),
        StoreError::Tls {
            problem: TlsProblem::Untrusted
        }
    );
    running.stop();
}
