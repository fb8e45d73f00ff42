//! The server under attack and under faults (issue 12): login floods,
//! idle and half-open connections, copied login numbers, stuck or reused
//! idempotency keys, URLs that only look like loopback, enumeration and
//! lockout abuse. Each test reproduces the attack or the fault.

use crate::common;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use crate::common::server::{PIN, TestServer};
use jobdesk::domain::*;
use jobdesk::i18n::Lang;
use jobdesk::server::Limits;
use jobdesk::store::*;

/// A raw request to the API: status, Retry-After, JSON body.
fn call(
    server: &TestServer,
    path: &str,
    body: &str,
    token: Option<&str>,
    key: Option<&str>,
) -> (u16, Option<String>, serde_json::Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut req = agent
        .post(&format!("{}/api/v1{path}", server.url()))
        .header("Content-Type", "application/json");
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let mut response = req.send(body.to_string()).expect("an answer");
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        retry,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

fn login_body(login: &str, secret: &str) -> String {
    serde_json::json!({ "login": login, "secret": secret }).to_string()
}

fn token(server: &TestServer, login: &str) -> String {
    let (status, _, json) = call(server, "/login", &login_body(login, PIN), None, None);
    assert_eq!(status, 200, "{json}");
    json["token"].as_str().expect("a token").to_string()
}

// ---------------------------------------------------------------------------
// Finding 1: password hashing is bounded; busy is never a wrong PIN.

#[test]
fn logins_beyond_the_hashing_capacity_are_busy_and_never_count_as_wrong_pins() {
    // No hashing capacity at all: every login is answered busy at once.
    let mut server = TestServer::with_limits(
        Lang::En,
        5,
        Limits {
            hashing: 0,
            hashing_queue: 0,
            logins_per_minute: 1000,
            ..Limits::default()
        },
    );
    for _ in 0..12 {
        let (status, retry, json) = call(&server, "/login", &login_body("me", "0000"), None, None);
        assert_eq!(status, 503, "{json}");
        assert_eq!(json["code"], "busy");
        assert!(retry.is_some_and(|r| r.parse::<u32>().is_ok_and(|n| n > 0)));
        assert!(
            json["message"]
                .as_str()
                .is_some_and(|m| m.contains("try again")),
            "{json}"
        );
    }
    // None of the twelve counted: the account is not locked and a wrong
    // PIN now is the first of five.
    server.restart_with(Limits::default());
    let r = RemoteStore::connect(RemoteOptions::new(&server.url())).unwrap();
    assert_eq!(
        r.log_in("me", "0000").unwrap_err(),
        StoreError::LoginFailed { attempts_left: 4 }
    );
    assert!(r.log_in("me", PIN).is_ok());
}

#[test]
fn a_hash_that_cannot_be_computed_is_not_a_wrong_pin() {
    let server = TestServer::new(Lang::En, 5);
    let store = server.direct();
    // A stored hash asking for 4 TiB of memory: the allocation fails, as
    // it did under an address-space limit during a flood.
    let conn = rusqlite::Connection::open(&server.db).unwrap();
    let good: String = conn
        .query_row(
            "SELECT secret_hash FROM accounts WHERE login = 'me'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let huge = good.replacen("m=19456", "m=4294967295", 1);
    assert_ne!(huge, good);
    conn.execute(
        "UPDATE accounts SET secret_hash = ?1 WHERE login = 'me'",
        [&huge],
    )
    .unwrap();
    for _ in 0..7 {
        assert!(matches!(
            store.login("me", PIN),
            Err(StoreError::Busy { .. })
        ));
    }
    conn.execute(
        "UPDATE accounts SET secret_hash = ?1 WHERE login = 'me'",
        [&good],
    )
    .unwrap();
    // Seven failed hashes later the account is neither locked nor short
    // of tries.
    assert_eq!(
        store.login("me", "0000").unwrap_err(),
        StoreError::LoginFailed { attempts_left: 4 }
    );
    assert!(store.login("me", PIN).is_ok());
}

#[test]
fn logins_from_one_address_are_rate_limited_without_counting() {
    let server = TestServer::with_limits(
        Lang::En,
        5,
        Limits {
            logins_per_minute: 3,
            ..Limits::default()
        },
    );
    for _ in 0..3 {
        let (status, _, json) = call(&server, "/login", &login_body("me", "0000"), None, None);
        assert_eq!(status, 401, "{json}");
    }
    let (status, retry, json) = call(&server, "/login", &login_body("me", PIN), None, None);
    assert_eq!(status, 429, "{json}");
    assert_eq!(json["code"], "too_many_attempts");
    assert!(retry.is_some_and(|r| r.parse::<u32>().is_ok_and(|n| n > 0)));
    // The refused login did not count: two tries are left from here.
    assert_eq!(
        server
            .direct()
            .login_from("me", "0000", "127.0.0.1")
            .unwrap_err(),
        StoreError::LoginFailed { attempts_left: 1 }
    );
}

// ---------------------------------------------------------------------------
// Finding 2: idle, half-sent and surplus connections.

fn short_timeouts() -> Limits {
    Limits {
        idle: Duration::from_secs(1),
        header_read: Duration::from_secs(1),
        tls_handshake: Duration::from_secs(1),
        connections_per_address: 4,
        ..Limits::default()
    }
}

/// Waits (at most 20 s) for the server to close the connection; true if
/// it did.
fn closed_by_server(stream: &mut impl Read) -> bool {
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

/// A TCP connection from another loopback address (127.0.0.2), as a
/// second client would have.
fn connect_from(local: &str, to: SocketAddr) -> TcpStream {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let stream = rt
        .block_on(async {
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.bind(format!("{local}:0").parse().unwrap())?;
            socket.connect(to).await?.into_std()
        })
        .unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

fn health(server: &TestServer) -> u16 {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    agent
        .get(&format!("{}/api/v1/health", server.url()))
        .call()
        .map_or(0, |r| r.status().as_u16())
}

#[test]
fn idle_connections_from_one_address_are_capped_and_closed() {
    let server = TestServer::with_limits(Lang::En, 5, short_timeouts());
    // Twelve idle connections from one address: only four are kept.
    let mut idle: Vec<TcpStream> = (0..12)
        .map(|_| connect_from("127.0.0.2", server.addr))
        .collect();
    // Meanwhile another client is served.
    assert_eq!(health(&server), 200);
    // Every idle one is closed: the surplus at once (with a 503), the rest
    // after the idle time.
    for stream in &mut idle {
        assert!(closed_by_server(stream), "an idle connection stayed open");
    }
    assert_eq!(health(&server), 200);
}

#[test]
fn half_sent_headers_and_idle_keep_alive_connections_are_closed() {
    let server = TestServer::with_limits(Lang::En, 5, short_timeouts());
    let mut half = TcpStream::connect(server.addr).unwrap();
    half.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    half.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    assert!(closed_by_server(&mut half), "half-sent headers kept open");
    // A finished request on a keep-alive connection, then silence.
    let mut kept = TcpStream::connect(server.addr).unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    kept.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 12];
    kept.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    assert!(closed_by_server(&mut kept), "idle keep-alive kept open");
}

#[test]
fn a_tls_connection_idle_after_the_handshake_is_closed() {
    use std::net::TcpListener;
    jobdesk::server::install_crypto();
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let (seed_dir, store, _) = common::seeded(Lang::En, 5);
    drop(store);
    let pool = Arc::new(
        jobdesk::server::StorePool::open(
            &seed_dir.path().join("test.db"),
            Arc::new(common::clock()),
            2,
        )
        .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let running =
        jobdesk::server::start_with_limits(listener, pool, Some((cert, key)), short_timeouts())
            .unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(certified.cert.der().clone()).unwrap();
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let mut tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp).unwrap();
    }
    let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
    assert!(closed_by_server(&mut tls), "idle TLS connection kept open");
    running.stop();
}

// ---------------------------------------------------------------------------
// Finding 3: login numbers and counselor-only fields.

#[test]
fn a_copied_mobile_number_captures_no_login() {
    let server = TestServer::new(Lang::En, 5);
    let direct = server.direct();
    let mine = direct.profile(server.me).unwrap();
    assert!(!mine.mobile.is_empty(), "the demo jobseeker has a mobile");
    // The number is unique: it logs me in.
    assert_eq!(
        direct.login(&mine.mobile, PIN).unwrap().actor,
        Actor::Jobseeker(server.me)
    );
    // A stranger cannot put my number on their own profile.
    let stranger = server.client_as("stranger");
    let mut theirs = stranger.profile(server.stranger).unwrap();
    theirs.mobile = mine.mobile.clone();
    assert_eq!(
        stranger
            .save_profile(Actor::Jobseeker(server.stranger), theirs)
            .unwrap_err(),
        StoreError::Invalid {
            errors: vec![FieldError::new(Field::Mobile, Problem::HeldByAnother)]
        }
    );
    // Where the same number is on two profiles anyway (a family phone a
    // counselor entered), it logs nobody in: neither PIN works with it.
    let conn = rusqlite::Connection::open(&server.db).unwrap();
    conn.execute(
        "UPDATE profiles SET mobile = ?1 WHERE id = ?2",
        rusqlite::params![mine.mobile, server.stranger],
    )
    .unwrap();
    assert!(matches!(
        direct.login_from(&mine.mobile, PIN, "192.0.2.9"),
        Err(StoreError::LoginFailed { .. })
    ));
    // The login name still works.
    assert!(direct.login("me", PIN).is_ok());
}

#[test]
fn a_jobseeker_cannot_set_what_decides_course_eligibility() {
    let server = TestServer::new(Lang::En, 5);
    let me = server.client_as("me");
    let mine = me.profile(server.me).unwrap();
    let cases: [fn(&mut Profile); 3] = [
        |p| p.practice_certificate = !p.practice_certificate,
        |p| p.visual_component_confirmed = !p.visual_component_confirmed,
        |p| {
            p.massage_level = match p.massage_level {
                Some(_) => None,
                None => MassageLevel::ALL.first().copied(),
            }
        },
    ];
    for change in cases {
        let mut p = mine.clone();
        change(&mut p);
        assert_eq!(
            me.save_profile(Actor::Jobseeker(server.me), p).unwrap_err(),
            StoreError::Forbidden
        );
    }
    assert_eq!(server.direct().profile(server.me).unwrap(), mine);
    // Other changes still go through; a counselor may set the three.
    let mut p = mine.clone();
    p.needs = "Large print".into();
    assert!(me.save_profile(Actor::Jobseeker(server.me), p).is_ok());
    let coach = server.client_as("coach");
    let mut p = coach.profile(server.client).unwrap();
    p.practice_certificate = true;
    assert!(
        coach
            .save_profile(Actor::Counselor(1), p)
            .unwrap()
            .practice_certificate
    );
}

// ---------------------------------------------------------------------------
// Findings 4 and 7: idempotency keys.

fn new_profile_body(name: &str) -> String {
    serde_json::to_string(&Profile {
        name: name.into(),
        ..Profile::default()
    })
    .unwrap()
}

fn named(server: &TestServer, name: &str) -> usize {
    server
        .direct()
        .case_rows(&crate::common::caseload_query(1))
        .map(|p| p.items)
        .unwrap()
        .iter()
        .filter(|p| p.name == name)
        .count()
}

#[test]
fn a_failure_between_change_and_answer_leaves_no_stuck_key() {
    let server = TestServer::new(Lang::En, 5);
    let coach = token(&server, "coach");
    // The answer cannot be stored (as with a full disk).
    let conn = rusqlite::Connection::open(&server.db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER full_disk BEFORE INSERT ON idempotency
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
    )
    .unwrap();
    let body = new_profile_body("Stored once");
    let (status, _, _) = call(&server, "/profiles", &body, Some(&coach), Some("k1"));
    assert_eq!(status, 500);
    // Neither the change nor a half-made claim was kept.
    assert_eq!(named(&server, "Stored once"), 0);
    conn.execute_batch("DROP TRIGGER full_disk").unwrap();
    // The retry runs (no 409 "in progress" forever), once.
    for _ in 0..3 {
        let (status, _, json) = call(&server, "/profiles", &body, Some(&coach), Some("k1"));
        assert_eq!(status, 200, "{json}");
    }
    assert_eq!(named(&server, "Stored once"), 1);
}

#[test]
fn a_claim_left_by_a_crash_does_not_block_its_key() {
    let server = TestServer::new(Lang::En, 5);
    let coach = token(&server, "coach");
    // What a kill -9 between claiming and answering used to leave.
    let conn = rusqlite::Connection::open(&server.db).unwrap();
    let account: i64 = conn
        .query_row("SELECT id FROM accounts WHERE login = 'coach'", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute(
        "INSERT INTO idempotency (key, account_id, status, body) VALUES (?1, ?2, 0, '')",
        rusqlite::params!["POST /api/v1/profiles|crashed", account],
    )
    .unwrap();
    let body = new_profile_body("After the crash");
    let (status, _, json) = call(&server, "/profiles", &body, Some(&coach), Some("crashed"));
    assert_eq!(status, 200, "{json}");
    assert_eq!(named(&server, "After the crash"), 1);
}

#[test]
fn a_key_is_bound_to_the_body_and_the_full_path() {
    let server = TestServer::new(Lang::En, 5);
    let coach = token(&server, "coach");
    let (status, _, _) = call(
        &server,
        "/profiles",
        &new_profile_body("First body"),
        Some(&coach),
        Some("same-key"),
    );
    assert_eq!(status, 200);
    // The same key with a different body: 422, nothing made.
    let (status, _, json) = call(
        &server,
        "/profiles",
        &new_profile_body("Second body"),
        Some(&coach),
        Some("same-key"),
    );
    assert_eq!(status, 422, "{json}");
    assert_eq!(json["code"], "idempotency_key_reused");
    assert_eq!(named(&server, "Second body"), 0);
    // The same key for two people's records: two entries, one each; the
    // second is not answered with the first's (nor refused as a reuse).
    let caseload: Vec<Id> = server
        .direct()
        .case_rows(&crate::common::caseload_query(1))
        .map(|p| p.items)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .take(2)
        .collect();
    let logged = |id: Id| {
        server
            .direct()
            .case_record(jobdesk::domain::Actor::Counselor(1), id)
            .unwrap()
            .log
            .len()
    };
    let before: Vec<usize> = caseload.iter().map(|id| logged(*id)).collect();
    let mut answered = Vec::new();
    for id in &caseload {
        let note = serde_json::to_string(&jobdesk::domain::casework::CaseChange {
            request_id: format!("log-request-{id}"),
            profile_id: *id,
            by: jobdesk::domain::Actor::Counselor(1),
            edit: jobdesk::domain::casework::CaseEdit::Contact(
                jobdesk::domain::casework::NewContact {
                    kind: jobdesk::domain::casework::ContactKind::Call,
                    on: common::today(),
                    note: "Called".into(),
                },
            ),
        })
        .unwrap();
        let (status, _, json) = call(
            &server,
            &format!("/profiles/{id}/record/changes"),
            &note,
            Some(&coach),
            Some("log-key"),
        );
        assert_eq!(status, 200, "{json}");
        // The answer is the person's record.
        answered.push(json["profile"]["id"].as_i64());
    }
    assert_eq!(
        answered,
        caseload.iter().map(|id| Some(*id)).collect::<Vec<_>>()
    );
    for (id, before) in caseload.iter().zip(before) {
        assert_eq!(logged(*id), before + 1);
    }
}

// ---------------------------------------------------------------------------
// Finding 5: the loopback check.

#[test]
fn a_url_that_only_looks_like_loopback_is_refused_for_plain_http() {
    for url in [
        "http://localhost:x@192.0.2.1",
        "http://localhost@192.0.2.1:8787",
        "http://127.0.0.1:8787@192.0.2.1/",
        "http://127.0.0.1.example.org:8787",
        "http://localhost.example.org",
        "http://[::1]@192.0.2.1",
    ] {
        assert!(
            matches!(
                RemoteStore::connect(RemoteOptions::new(url)),
                Err(StoreError::Unavailable { .. })
            ),
            "{url} passed"
        );
    }
    for url in [
        "http://localhost:8787",
        "http://127.0.0.1:8787/",
        "http://[::1]:8787",
        "http://127.0.0.2",
        "https://jobs.example.org",
    ] {
        assert!(
            RemoteStore::connect(RemoteOptions::new(url)).is_ok(),
            "{url} refused"
        );
    }
}

// ---------------------------------------------------------------------------
// Finding 6: enumeration and lockout abuse.

fn answers(store: &SqliteStore, login: &str, address: &str) -> Vec<String> {
    (0..6)
        .map(|_| match store.login_from(login, "0000", address) {
            Err(StoreError::LoginFailed { attempts_left }) => format!("failed {attempts_left}"),
            Err(StoreError::Locked { .. }) => "locked".into(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn unknown_and_known_logins_are_answered_alike() {
    let server = TestServer::new(Lang::En, 5);
    let store = server.direct();
    let mobile = store.profile(server.me).unwrap().mobile;
    let known = answers(&store, "me", "192.0.2.1");
    assert_eq!(
        known,
        [
            "failed 4", "failed 3", "failed 2", "failed 1", "locked", "locked"
        ]
    );
    assert_eq!(answers(&store, "nobody", "192.0.2.1"), known);
    assert_eq!(answers(&store, &mobile, "192.0.2.2"), known);
    assert_eq!(answers(&store, "13900000000", "192.0.2.2"), known);
}

#[test]
fn a_lock_set_from_one_address_does_not_lock_the_owner_out() {
    let server = TestServer::new(Lang::En, 5);
    let store = server.direct();
    // Admin included: an attacker locks it for themselves only.
    for login in ["me", "admin"] {
        answers(&store, login, "203.0.113.66");
        assert!(matches!(
            store.login_from(login, PIN, "203.0.113.66"),
            Err(StoreError::Locked { .. })
        ));
        assert!(store.login_from(login, PIN, "192.0.2.7").is_ok());
    }
}

#[test]
fn guessing_from_many_addresses_stops_while_the_owners_desk_works() {
    let server = TestServer::new(Lang::En, 5);
    let store = server.direct();
    store.login_from("me", PIN, "10.0.0.5").unwrap();
    // Four wrong guesses each from five addresses: twenty in all.
    for n in 0..5 {
        for _ in 0..4 {
            let _ = store.login_from("me", "0000", &format!("203.0.113.{n}"));
        }
    }
    // A new address is refused even with the right PIN...
    assert!(matches!(
        store.login_from("me", PIN, "203.0.113.99"),
        Err(StoreError::Locked { .. })
    ));
    // ...and the owner's own desk still gets in.
    assert!(store.login_from("me", PIN, "10.0.0.5").is_ok());
}

#[test]
fn failed_login_counts_are_forgotten_after_the_lock_time() {
    let server = TestServer::new(Lang::En, 5);
    let store = server.direct();
    for n in 0..50 {
        let _ = store.login_from(&format!("made-up-{n}"), "0000", "203.0.113.5");
    }
    let rows = || -> i64 {
        rusqlite::Connection::open(&server.db)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM login_failures", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(rows(), 50);
    let tomorrow = jobdesk::clock::FixedClock::on(common::today() + chrono::Duration::days(1));
    let later = SqliteStore::open_with_clock(&server.db, Arc::new(tomorrow)).unwrap();
    assert!(later.login_from("me", PIN, "10.0.0.1").is_ok());
    assert_eq!(rows(), 0);
}
