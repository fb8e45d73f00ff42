//! The server and the remote client: roles, lockout, the audit log, the
//! offline outbox across a server restart, concurrent registrations, bad
//! requests, and TLS.

use crate::common;
use std::sync::Arc;

use crate::common::server::{PIN, TestServer};
use crate::common::today;
use chrono::Duration;
use jobdesk::domain::*;
use jobdesk::i18n::Lang;
use jobdesk::store::outbox::Delivered;
use jobdesk::store::*;

fn first_job(s: &dyn Store) -> Id {
    s.search_jobs(&JobQuery {
        page_size: 1,
        ..Default::default()
    })
    .unwrap()
    .items[0]
        .id
}

fn apply(s: &dyn Store, job: Id, profile: Id) -> StoreResult<Application> {
    s.apply(&ApplyRequest {
        request_id: new_request_id(),
        job_id: job,
        profile_id: profile,
        note: String::new(),
        by: Actor::Jobseeker(profile),
    })
}

#[test]
fn a_jobseeker_sees_and_changes_only_their_own_records() {
    let server = TestServer::new(Lang::En, 10);
    let me = server.client_as("me");
    let stranger = server.client_as("stranger");
    let job = first_job(&me);
    // The seed's casework is in the audit log already.
    let seeded = server.direct().audit_entries(server.me).unwrap().len();
    let mine = apply(&me, job, server.me).unwrap();
    // The stranger can read neither my applications nor my profile...
    assert_eq!(
        stranger.applications(server.me).unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(
        stranger.application(mine.id).unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(
        stranger.profile(server.me).unwrap_err(),
        StoreError::Forbidden
    );
    // ...nor apply or withdraw in my name.
    assert_eq!(
        apply(&stranger, job, server.me).unwrap_err(),
        StoreError::Forbidden
    );
    let withdraw = ApplicationChange {
        request_id: new_request_id(),
        application_id: mine.id,
        to: ApplicationStatus::Withdrawn,
        note: String::new(),
        by: Actor::Jobseeker(server.me),
    };
    assert_eq!(
        stranger.change_application(&withdraw).unwrap_err(),
        StoreError::Forbidden
    );
    // I cannot move my own application forward (that is the employer's).
    let forward = ApplicationChange {
        to: ApplicationStatus::Hired,
        request_id: new_request_id(),
        ..withdraw.clone()
    };
    assert_eq!(
        me.change_application(&forward).unwrap_err(),
        StoreError::Forbidden
    );
    // Nor post jobs.
    let employer = me.employers().unwrap()[0].id;
    let new_job = NewJob {
        employer_id: employer,
        title: "Sneaky".into(),
        kind: WorkKind::Other,
        district: District::Shinan,
        address: String::new(),
        description: String::new(),
        salary_min: 1,
        salary_max: 2,
        openings: 1,
        suits_visual: false,
        remote: false,
        requires_practice_certificate: false,
        accommodations: String::new(),
        how_to_apply: String::new(),
        posted_on: today(),
        closes_on: today() + Duration::days(5),
    };
    assert_eq!(
        me.post_job(Actor::Jobseeker(server.me), new_job)
            .unwrap_err(),
        StoreError::Forbidden
    );
    // The history says who really did it, whatever the body claimed.
    let w = me.change_application(&withdraw).unwrap();
    assert_eq!(w.history.last().unwrap().by, Actor::Jobseeker(server.me));
    // My own reads are not audited; the stranger's attempts are, as
    // refused (issue 12: refused attempts used to leave no trace).
    let audit = server.direct().audit_entries(server.me).unwrap();
    let audit = &audit[seeded..];
    assert!(!audit.is_empty());
    assert!(
        audit.iter().all(
            |(_, who, what)| who == &Actor::Jobseeker(server.stranger).to_code()
                && what.ends_with(": refused (forbidden)")
        ),
        "{audit:?}"
    );
}

#[test]
fn a_counselor_works_within_the_caseload_and_is_audited() {
    let server = TestServer::new(Lang::En, 10);
    let coach = server.client_as("coach");
    assert_eq!(
        coach.profile(server.stranger).unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(
        coach.applications(server.stranger).unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(
        coach
            .case_rows(&crate::common::caseload_query(2))
            .map(|p| p.items)
            .unwrap_err(),
        StoreError::Forbidden
    );
    let client = coach.profile(server.client).unwrap();
    assert_eq!(client.id, server.client);
    let a = apply(&coach, first_job(&coach), server.client).unwrap();
    assert_eq!(a.history[0].by, Actor::Counselor(server.counselor));
    // The counselor records the employer's response.
    let reviewed = coach
        .change_application(&ApplicationChange {
            request_id: new_request_id(),
            application_id: a.id,
            to: ApplicationStatus::UnderReview,
            note: "Employer called".into(),
            by: Actor::System,
        })
        .unwrap();
    assert_eq!(reviewed.status, ApplicationStatus::UnderReview);
    // The caseload and record calls over the server are the contract
    // suite's (the casework routes).
    let audit = server.direct().audit_entries(server.client).unwrap();
    let actions: Vec<&str> = audit.iter().map(|(_, _, a)| a.as_str()).collect();
    assert!(
        actions.contains(&"read profile")
            && actions.contains(&"apply")
            && actions.contains(&"change application"),
        "{actions:?}"
    );
    assert!(audit.iter().all(|(_, who, _)| who == "counselor:1"));
    // The refused attempts on the stranger are recorded as refused, and
    // nothing else is (issue 12: refused attempts were not recorded).
    let stranger = server.direct().audit_entries(server.stranger).unwrap();
    assert!(!stranger.is_empty());
    assert!(
        stranger
            .iter()
            .all(|(_, who, what)| who == "counselor:1" && what.ends_with(": refused (forbidden)")),
        "{stranger:?}"
    );
}

#[test]
fn repeated_wrong_pins_lock_the_account() {
    let server = TestServer::new(Lang::En, 5);
    let r = RemoteStore::connect(RemoteOptions::new(&server.url())).unwrap();
    for left in (1..5).rev() {
        assert_eq!(
            r.log_in("me", "0000").unwrap_err(),
            StoreError::LoginFailed {
                attempts_left: left
            }
        );
    }
    assert!(matches!(
        r.log_in("me", "0000"),
        Err(StoreError::Locked { .. })
    ));
    // Even the right PIN is refused while locked.
    assert!(matches!(
        r.log_in("me", PIN),
        Err(StoreError::Locked { .. })
    ));
    // Other accounts are not affected.
    assert!(r.log_in("stranger", PIN).is_ok());
    // Unknown logins are answered exactly like known ones (issue 12):
    // counted down the same way, so "5 tries left" no longer gives away
    // that a login does not exist.
    assert_eq!(
        r.log_in("nobody", PIN).unwrap_err(),
        StoreError::LoginFailed { attempts_left: 4 }
    );
}

#[test]
fn expired_or_missing_sessions_are_refused() {
    let server = TestServer::new(Lang::En, 5);
    let anonymous = RemoteStore::connect(RemoteOptions::new(&server.url())).unwrap();
    // Browsing needs no login; personal data does.
    assert!(anonymous.search_jobs(&JobQuery::default()).is_ok());
    assert_eq!(
        anonymous.profile(server.me).unwrap_err(),
        StoreError::SessionExpired
    );
    assert!(anonymous.needs_login());
}

#[test]
fn the_outbox_delivers_exactly_once_across_a_server_restart() {
    let mut server = TestServer::new(Lang::En, 10);
    let client = server.client_with_outbox("me", "outbox.db");
    let job = first_job(&client);
    server.stop();
    // The server is gone: the application waits on this computer.
    let request = ApplyRequest {
        request_id: new_request_id(),
        job_id: job,
        profile_id: server.me,
        note: "Sent while offline".into(),
        by: Actor::Jobseeker(server.me),
    };
    assert_eq!(client.apply(&request).unwrap_err(), StoreError::Queued);
    let mut profile = server.direct().profile(server.me).unwrap();
    profile.desired_work = "Changed offline".into();
    assert_eq!(
        client
            .save_profile(Actor::Jobseeker(server.me), profile)
            .unwrap_err(),
        StoreError::Queued
    );
    assert_eq!(client.pending(), 2);
    // Still gone: nothing is lost.
    assert!(client.deliver_outbox().is_empty());
    assert_eq!(client.pending(), 2);
    // Back again: both are delivered, in order, once.
    server.restart();
    let delivered = client.deliver_outbox();
    assert_eq!(delivered.len(), 2);
    assert!(
        matches!(&delivered[0].result, Ok(Delivered::Applied(a)) if a.note == "Sent while offline")
    );
    assert!(
        matches!(&delivered[1].result, Ok(Delivered::ProfileSaved(p)) if p.desired_work == "Changed offline")
    );
    assert_eq!(client.pending(), 0);
    assert!(client.deliver_outbox().is_empty());
    // A second delivery of the same change (say, after a crash between
    // sending and forgetting it) changes nothing more.
    let outbox =
        jobdesk::store::outbox::Outbox::open(&server.dir.path().join("outbox.db")).unwrap();
    outbox
        .push(
            &format!("jobseeker:{}", server.me),
            &jobdesk::store::outbox::Pending::Apply(request.clone()),
        )
        .unwrap();
    let again = client.deliver_outbox();
    assert_eq!(again.len(), 1);
    assert!(again[0].result.is_ok());
    assert_eq!(server.direct().applications(server.me).unwrap().len(), 1);
}

#[test]
fn a_refused_change_in_the_outbox_is_reported_not_retried() {
    let mut server = TestServer::new(Lang::En, 10);
    let client = server.client_with_outbox("me", "outbox2.db");
    let job = first_job(&client);
    apply(&client, job, server.me).unwrap();
    server.stop();
    assert_eq!(
        apply(&client, job, server.me).unwrap_err(),
        StoreError::Queued
    );
    server.restart();
    let delivered = client.deliver_outbox();
    assert_eq!(delivered.len(), 1);
    assert!(matches!(
        delivered[0].result,
        Err(StoreError::AlreadyApplied { .. })
    ));
    assert_eq!(client.pending(), 0);
}

#[test]
fn concurrent_registrations_through_the_server_never_overbook() {
    let server = Arc::new(TestServer::new(Lang::En, 5));
    let admin = server.client_as("admin");
    let people: Vec<Id> = server
        .direct()
        .case_rows(&crate::common::visual_caseload_query(1))
        .map(|p| p.items)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .filter(|id| *id != server.me)
        .take(8)
        .collect();
    // The administrator registers for them: they agreed.
    for &id in &people {
        crate::common::agreed(&server.direct(), 1, id);
    }
    let start = today() + Duration::days(20);
    let courses: Vec<Id> = (0..10)
        .map(|i| {
            admin
                .post_course(
                    Actor::System,
                    common::course(&format!("Busy course {i}"), 3, start, start),
                )
                .unwrap()
                .id
        })
        .collect();
    let threads: Vec<_> = people
        .chunks(2)
        .map(|pair| {
            let (server, courses, pair) = (server.clone(), courses.clone(), pair.to_vec());
            std::thread::spawn(move || {
                let desk = server.client_as("admin");
                for c in courses {
                    for &p in &pair {
                        desk.register(&RegisterRequest {
                            request_id: new_request_id(),
                            course_id: c,
                            profile_id: p,
                            by: Actor::System,
                        })
                        .unwrap();
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    for c in courses {
        let course = admin.course(c).unwrap();
        assert_eq!(course.seats_taken, 3, "course {c}");
        assert_eq!(
            course.waiting,
            people.len() as u32 - 3,
            "course {c}: someone lost"
        );
    }
}

/// A raw request to the API, for what the client never sends.
fn raw(
    server: &TestServer,
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
) -> (u16, serde_json::Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/api/v1{path}", server.url());
    let mut response = match (method, body) {
        ("GET", _) => {
            let mut req = agent.get(&url);
            if let Some(t) = token {
                req = req.header("Authorization", &format!("Bearer {t}"));
            }
            req.call().unwrap()
        }
        (_, body) => {
            let mut req = agent.post(&url).header("Content-Type", "application/json");
            if let Some(t) = token {
                req = req.header("Authorization", &format!("Bearer {t}"));
            }
            req.send(body.unwrap_or_default()).unwrap()
        }
    };
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn bad_requests_get_clean_json_errors() {
    let server = TestServer::new(Lang::En, 5);
    let cases: Vec<(&str, &str, Option<String>, u16, &str)> = vec![
        (
            "POST",
            "/jobs/search",
            Some("{\"text\": ".into()),
            400,
            "malformed_json",
        ),
        (
            "POST",
            "/jobs/search",
            Some("{\"text\": \"x\", \"colour\": 1}".into()),
            422,
            "invalid_body",
        ),
        (
            "POST",
            "/jobs/search",
            Some("{\"page\": \"one\"}".into()),
            422,
            "invalid_body",
        ),
        (
            "POST",
            "/jobs/search",
            Some(format!("{{\"text\": \"{}\"}}", "x".repeat(100_000))),
            413,
            "too_large",
        ),
        (
            "POST",
            "/login",
            Some("{\"login\": \"me\"}".into()),
            422,
            "invalid_body",
        ),
        ("GET", "/profiles/1", None, 401, "unauthenticated"),
        (
            "POST",
            "/applications",
            Some("{}".into()),
            401,
            "unauthenticated",
        ),
        ("GET", "/nowhere", None, 404, "no_such_endpoint"),
        ("GET", "/jobs/999999", None, 404, "not_found"),
    ];
    for (method, path, body, status, code) in cases {
        let (got, json) = raw(&server, method, path, body, None);
        assert_eq!(got, status, "{method} {path}: {json}");
        assert_eq!(json["code"], code, "{method} {path}: {json}");
        assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (status, json) = raw(&server, "GET", "/me", None, Some("not-a-real-token"));
    assert_eq!(
        (status, json["code"].as_str()),
        (401, Some("session_expired"))
    );
    // The server is still fine afterwards.
    assert_eq!(raw(&server, "GET", "/health", None, None).0, 200);
}

#[test]
fn request_log_lines_never_contain_pins_or_certificate_numbers() {
    // Paths carry ids only; bodies and query strings are not logged. The
    // API never takes a PIN or certificate number in a path: check every
    // route's shape.
    let router_source = include_str!("../../src/server/api.rs");
    for line in router_source
        .lines()
        .filter(|l| l.trim_start().starts_with(".route("))
    {
        assert!(
            !line.contains("pin") && !line.contains("certificate") && !line.contains("secret"),
            "{line}"
        );
    }
    assert!(
        router_source.contains("req.uri().path()"),
        "the log line must use the path without the query"
    );
}

#[test]
fn tls_is_verified_and_plain_http_stays_on_loopback() {
    use std::net::TcpListener;
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let (_seed_dir, store, _) = common::seeded(Lang::En, 5);
    drop(store);
    let db = _seed_dir.path().join("test.db");
    let pool =
        Arc::new(jobdesk::server::StorePool::open(&db, Arc::new(common::clock()), 2).unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let running = jobdesk::server::start_with(listener, pool, Some((cert.clone(), key))).unwrap();
    let url = format!("https://localhost:{port}");
    // Trusting the certificate: works.
    let trusted = RemoteStore::connect(RemoteOptions {
        ca_cert: Some(cert),
        ..RemoteOptions::new(&url)
    })
    .unwrap();
    assert!(trusted.search_jobs(&JobQuery::default()).unwrap().total > 0);
    // Not trusting it: refused, as an untrusted certificate (issue 12: it
    // used to read as an unreachable server).
    let untrusted = RemoteStore::connect(RemoteOptions::new(&url)).unwrap();
    assert_eq!(
        untrusted.search_jobs(&JobQuery::default()).unwrap_err(),
        StoreError::Tls {
            problem: TlsProblem::Untrusted
        }
    );
    running.stop();
    // Plain HTTP only to loopback, unless asked.
    assert!(RemoteStore::connect(RemoteOptions::new("http://192.0.2.10:8787")).is_err());
    assert!(RemoteStore::connect(RemoteOptions::new("http://localhost:8787")).is_ok());
    assert!(
        RemoteStore::connect(RemoteOptions {
            insecure: true,
            ..RemoteOptions::new("http://192.0.2.10:8787")
        })
        .is_ok()
    );
    assert!(RemoteStore::connect(RemoteOptions::new("ftp://example.org")).is_err());
}

#[test]
fn queued_changes_go_out_only_in_their_owners_session() {
    let mut server = TestServer::new(Lang::En, 10);
    let desk = server.client_with_outbox("me", "shared-desk.db");
    let jobs = desk
        .search_jobs(&JobQuery {
            page_size: 2,
            ..Default::default()
        })
        .unwrap()
        .items;
    let (job, second) = (jobs[0].id, jobs[1].id);
    server.stop();
    let mut profile = server.direct().profile(server.me).unwrap();
    profile.needs = "Kept for me only".into();
    assert_eq!(
        desk.save_profile(Actor::Jobseeker(server.me), profile)
            .unwrap_err(),
        StoreError::Queued
    );
    assert_eq!(
        apply(&desk, job, server.me).unwrap_err(),
        StoreError::Queued
    );
    // A new change waits behind the old ones, even once the server is back.
    server.restart();
    assert_eq!(
        apply(&desk, second, server.me).unwrap_err(),
        StoreError::Queued
    );
    // The next person at the same desk: nothing of mine is sent as theirs.
    desk.log_out();
    desk.log_in("stranger", PIN).unwrap();
    assert_eq!(desk.pending(), 0);
    assert!(desk.deliver_outbox().is_empty());
    assert_ne!(
        server.direct().profile(server.stranger).unwrap().needs,
        "Kept for me only"
    );
    // Back in my session, all three go out in order.
    desk.log_out();
    desk.log_in("me", PIN).unwrap();
    assert_eq!(desk.pending(), 3);
    let delivered = desk.deliver_outbox();
    assert_eq!(delivered.len(), 3);
    assert!(delivered.iter().all(|d| d.result.is_ok()), "{delivered:?}");
    assert_eq!(
        server.direct().profile(server.me).unwrap().needs,
        "Kept for me only"
    );
    assert_eq!(server.direct().applications(server.me).unwrap().len(), 2);
}

#[test]
fn guesses_sent_side_by_side_are_all_counted() {
    let server = Arc::new(TestServer::new(Lang::En, 5));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let server = server.clone();
            std::thread::spawn(move || {
                let r = RemoteStore::connect(RemoteOptions::new(&server.url())).unwrap();
                r.log_in("me", "0000").unwrap_err()
            })
        })
        .collect();
    let errors: Vec<StoreError> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    // At most four wrong guesses are told "try again"; then it is locked.
    let failed = errors
        .iter()
        .filter(|e| matches!(e, StoreError::LoginFailed { .. }))
        .count();
    assert!(failed <= 4, "{errors:?}");
    let r = RemoteStore::connect(RemoteOptions::new(&server.url())).unwrap();
    assert!(matches!(
        r.log_in("me", PIN),
        Err(StoreError::Locked { .. })
    ));
}

#[test]
fn one_idempotency_key_makes_one_change_even_when_sent_side_by_side() {
    let server = Arc::new(TestServer::new(Lang::En, 5));
    let token = {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut r = agent
            .post(&format!("{}/api/v1/login", server.url()))
            .send_json(serde_json::json!({ "login": "coach", "secret": PIN }))
            .unwrap();
        let v: serde_json::Value = r.body_mut().read_json().unwrap();
        v["token"].as_str().unwrap().to_string()
    };
    let before = server
        .direct()
        .case_rows(&crate::common::caseload_query(1))
        .map(|p| p.items)
        .unwrap()
        .len();
    let body = serde_json::to_string(&Profile {
        name: "Same person once".into(),
        ..Profile::default()
    })
    .unwrap();
    let threads: Vec<_> = (0..6)
        .map(|_| {
            let (server, token, body) = (server.clone(), token.clone(), body.clone());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                let r = agent
                    .post(&format!("{}/api/v1/profiles", server.url()))
                    .header("Authorization", &format!("Bearer {token}"))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "create-once")
                    .send(body)
                    .unwrap();
                r.status().as_u16()
            })
        })
        .collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200));
    let after = server
        .direct()
        .case_rows(&crate::common::caseload_query(1))
        .map(|p| p.items)
        .unwrap();
    assert_eq!(after.len(), before + 1, "{statuses:?}");
    assert_eq!(
        after
            .iter()
            .filter(|p| p.name == "Same person once")
            .count(),
        1
    );
}

/// A session token for `login`, by a raw login.
fn token_of(server: &TestServer, login: &str) -> String {
    let body = serde_json::json!({ "login": login, "secret": PIN }).to_string();
    let (status, json) = raw(server, "POST", "/login", Some(body), None);
    assert_eq!(status, 200, "{login}: {json}");
    json["token"].as_str().unwrap().to_string()
}

#[test]
fn employers_and_jobseekers_get_403_on_every_casework_route() {
    use jobdesk::domain::casework::*;
    use jobdesk::store::accounts::{Owner, Role};
    let server = TestServer::new(Lang::En, 5);
    server
        .direct()
        .add_account_owned(
            "hr",
            Role::Employer,
            PIN,
            Owner::NewEmployer(Employer {
                id: 0,
                name: "Harbour Clinic".into(),
                district: District::Shinan,
                medical_institution: false,
                contact: String::new(),
            }),
        )
        .unwrap();
    let job = first_job(&server.client_as("me"));
    for (login, person) in [
        ("hr", server.client),
        ("me", server.me),
        ("me", server.client),
        ("client", server.client),
    ] {
        let token = token_of(&server, login);
        let actor = server.client_as(login).current_user().unwrap().unwrap();
        let change = serde_json::to_string(&CaseChange {
            request_id: new_request_id(),
            profile_id: person,
            by: actor,
            edit: CaseEdit::Seeking { seeking: true },
        })
        .unwrap();
        let recommend = serde_json::to_string(&RecommendRequest {
            request_id: new_request_id(),
            by: actor,
            target: Recommended::Job(job),
            profile_ids: vec![person],
            note: String::new(),
        })
        .unwrap();
        let mut routes = vec![
            (
                "POST",
                "/caseload/search".to_string(),
                Some("{}".to_string()),
            ),
            ("GET", "/counselors/1/due".to_string(), None),
            ("GET", "/counselors".to_string(), None),
            ("GET", format!("/profiles/{person}/record"), None),
            (
                "POST",
                format!("/profiles/{person}/record/changes"),
                Some(change),
            ),
            ("POST", "/recommendations".to_string(), Some(recommend)),
        ];
        // A jobseeker hears and marks only their own recommendations.
        let own = login == "client" || (login == "me" && person == server.me);
        if !own {
            routes.push(("GET", format!("/profiles/{person}/recommendations"), None));
            routes.push((
                "POST",
                format!("/profiles/{person}/recommendations/seen"),
                Some("{}".to_string()),
            ));
        }
        for (method, path, body) in routes {
            let (status, json) = raw(&server, method, &path, body, Some(&token));
            assert_eq!(status, 403, "{login} {method} {path}: {json}");
            assert_eq!(json["code"], "forbidden", "{login} {method} {path}: {json}");
        }
    }
    // Nothing of it reached the records.
    let record = server
        .direct()
        .case_record(Actor::Admin(1), server.client)
        .unwrap();
    assert!(record.recommendations.is_empty());
}

#[test]
fn a_counselor_is_held_to_their_caseload_by_the_server() {
    use jobdesk::domain::casework::*;
    let server = TestServer::new(Lang::En, 5);
    let coach = server.client_as("coach");
    let me = Actor::Counselor(server.counselor);
    let direct = server.direct();
    // Naming no counselor means one's own caseload.
    let own = coach.case_rows(&CaseQuery {
        page_size: 200,
        ..Default::default()
    });
    let own = own.unwrap();
    let named = coach
        .case_rows(&CaseQuery {
            counselor_id: Some(server.counselor),
            page_size: 200,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(own, named);
    assert!(!own.items.is_empty());
    for row in &own.items {
        assert_eq!(
            direct.profile(row.id).unwrap().counselor_id,
            Some(server.counselor)
        );
    }
    let other = server.counselor + 1;
    let theirs = CaseQuery {
        counselor_id: Some(other),
        ..Default::default()
    };
    assert_eq!(coach.case_rows(&theirs), Err(StoreError::Forbidden));
    assert_eq!(coach.due_counts(other), Err(StoreError::Forbidden));
    assert!(coach.due_counts(server.counselor).is_ok());
    // Reads are as the session, whatever the call names.
    assert_eq!(
        coach.case_record(Actor::Admin(1), server.stranger),
        Err(StoreError::Forbidden)
    );
    let refused = direct.audit_entries(server.stranger).unwrap();
    assert!(
        refused
            .iter()
            .any(|(_, who, what)| who == &me.to_code() && what.ends_with(": refused (forbidden)")),
        "{refused:?}"
    );
    // Changes only in the session's own name.
    for by in [
        Actor::Admin(1),
        Actor::Counselor(other),
        Actor::Jobseeker(server.client),
    ] {
        let change = CaseChange {
            request_id: new_request_id(),
            profile_id: server.client,
            by,
            edit: CaseEdit::Seeking { seeking: true },
        };
        assert_eq!(coach.change_case(&change), Err(StoreError::Forbidden));
        let request = RecommendRequest {
            request_id: new_request_id(),
            by,
            target: Recommended::Job(first_job(&coach)),
            profile_ids: vec![server.client],
            note: String::new(),
        };
        assert_eq!(coach.recommend(&request), Err(StoreError::Forbidden));
    }
    let made = coach
        .recommend(&RecommendRequest {
            request_id: new_request_id(),
            by: me,
            target: Recommended::Job(first_job(&coach)),
            profile_ids: vec![server.client],
            note: String::new(),
        })
        .unwrap();
    assert_eq!(made.len(), 1);
    // The counselor reads them but does not mark them heard; the person
    // does, and no other jobseeker can read them.
    assert_eq!(coach.recommendations(server.client).unwrap().len(), 1);
    assert_eq!(
        coach.mark_recommendations_seen(server.client),
        Err(StoreError::Forbidden)
    );
    let stranger = server.client_as("stranger");
    assert_eq!(
        stranger.recommendations(server.client),
        Err(StoreError::Forbidden)
    );
    let client = server.client_as("client");
    client.mark_recommendations_seen(server.client).unwrap();
    assert!(client.recommendations(server.client).unwrap()[0].seen);
    // A key reused for another change is refused.
    let change = CaseChange {
        request_id: new_request_id(),
        profile_id: server.client,
        by: me,
        edit: CaseEdit::Seeking { seeking: true },
    };
    coach.change_case(&change).unwrap();
    let other_edit = CaseChange {
        edit: CaseEdit::Seeking { seeking: false },
        ..change
    };
    assert_eq!(
        coach.change_case(&other_edit),
        Err(StoreError::RequestIdReused)
    );
}
