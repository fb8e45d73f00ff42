//! Bounded fuzzing inside `cargo test` (issue 12): mutated JSON bodies and
//! paths against the API in process, and mutated keymap and kiosk TOML
//! files. Seeded, so a failure is reproducible; `FUZZ_ROUNDS` runs more.
//! The key-sequence fuzz lives with the interface tests.

use crate::common;
use std::sync::Arc;

use crate::common::server::PIN;
use axum::body::Body;
use axum::http::Request;
use jobdesk::i18n::Lang;
use jobdesk::server::{StorePool, router};
use jobdesk::store::accounts::Role;
use jobdesk::store::{JobQuery, Store};

fn rounds(default: usize) -> usize {
    std::env::var("FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Text that tends to break parsers and validators.
const NASTY: &[&str] = &[
    "\u{0}",
    "\u{1b}[2J",
    "\u{2028}",
    "\u{202E}",
    "\u{E0041}",
    "\u{3164}",
    "\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}",
    "\\u0000",
    "\\ud800",
    "9999999999999999999999",
    "-1",
    "4294967296",
    "1e309",
    "null",
    "[]",
    "{}",
    "\"",
    "王芳",
    "9999-12-31",
    "0000-01-01",
    "true",
];

/// One random change to a text: flip, insert, delete, duplicate or splice
/// in something nasty. Works on bytes, so the result may not be UTF-8.
fn mutate(rng: &mut fastrand::Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.usize(1..4) {
        let at = if out.is_empty() {
            0
        } else {
            rng.usize(0..out.len())
        };
        match rng.u8(0..6) {
            0 if !out.is_empty() => out[at] ^= 1 << rng.u8(0..8),
            1 => out.insert(at, rng.u8(..)),
            2 if !out.is_empty() => {
                let end = (at + rng.usize(1..8)).min(out.len());
                out.drain(at..end);
            }
            3 if !out.is_empty() => {
                let end = (at + rng.usize(1..16)).min(out.len());
                let chunk = out[at..end].to_vec();
                out.splice(at..at, chunk);
            }
            _ => {
                let nasty = NASTY[rng.usize(0..NASTY.len())].as_bytes();
                out.splice(at..at, nasty.iter().copied());
            }
        }
    }
    out
}

#[test]
fn mutated_bodies_and_paths_never_crash_the_api_or_answer_500() {
    let (dir, store, report) = common::seeded(Lang::En, 20);
    let me = report.me.expect("me");
    store
        .add_account("admin", Role::Admin, PIN, None, None)
        .unwrap();
    store
        .add_account("me", Role::Jobseeker, PIN, Some(me), None)
        .unwrap();
    let admin_session = store.login("admin", PIN).unwrap();
    let (admin, admin_actor) = (admin_session.token, admin_session.actor);
    let mine = store.login("me", PIN).unwrap().token;
    let job = store.search_jobs(&JobQuery::default()).unwrap().items[0].id;
    let profile = serde_json::to_string(&store.profile(me).unwrap()).unwrap();
    drop(store);
    let pool = Arc::new(
        StorePool::open(&dir.path().join("test.db"), Arc::new(common::clock()), 2).unwrap(),
    );
    let app = router(pool);
    // (method, path, token, valid body)
    let seeds: Vec<(&str, String, Option<&str>, String)> = vec![
        (
            "POST",
            "/jobs/search".into(),
            None,
            r#"{"text":"massage","districts":["shinan"],"salary_from":3000,"page":0,"page_size":20}"#
                .into(),
        ),
        (
            "POST",
            "/courses/search".into(),
            None,
            r#"{"text":"","tracks":[],"starts_within_days":30,"page":1,"page_size":10}"#.into(),
        ),
        (
            "POST",
            "/login".into(),
            None,
            r#"{"login":"me","secret":"0000"}"#.into(),
        ),
        (
            "POST",
            "/applications".into(),
            Some(&mine),
            format!(
                r#"{{"request_id":"r1","job_id":{job},"profile_id":{me},"note":"hi","by":"system"}}"#
            ),
        ),
        ("POST", "/profiles".into(), Some(&mine), profile),
        (
            "POST",
            "/jobs".into(),
            Some(&admin),
            serde_json::to_string(&serde_json::json!({
                "employer_id": 1, "title": "Fuzz", "kind": "health_massage",
                "district": "shinan", "address": "", "description": "", "salary_min": 1,
                "salary_max": 2, "openings": 1, "suits_visual": true, "remote": false,
                "requires_practice_certificate": false, "accommodations": "",
                "how_to_apply": "", "posted_on": "2026-11-01", "closes_on": "2026-12-01"
            }))
            .unwrap(),
        ),
        (
            "POST",
            format!("/profiles/{me}/record/changes"),
            Some(&admin),
            serde_json::to_string(&jobdesk::domain::casework::CaseChange {
                request_id: "c1".into(),
                profile_id: me,
                by: admin_actor,
                edit: jobdesk::domain::casework::CaseEdit::Contact(
                    jobdesk::domain::casework::NewContact {
                        kind: jobdesk::domain::casework::ContactKind::Call,
                        on: common::today(),
                        note: "Called".into(),
                    },
                ),
            })
            .unwrap(),
        ),
        (
            "POST",
            "/caseload/search".into(),
            Some(&admin),
            r#"{"counselor_id":1,"text":"Wang","statuses":["looking"],"levels":[1,2],"overdue_only":true,"no_contact_days":30,"page":0,"page_size":20}"#.into(),
        ),
        (
            "GET",
            format!("/profiles/{me}/record"),
            Some(&admin),
            String::new(),
        ),
        ("GET", format!("/jobs/{job}"), None, String::new()),
        ("GET", format!("/profiles/{me}"), Some(&mine), String::new()),
    ];
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut rng = fastrand::Rng::with_seed(12);
    let mut statuses = std::collections::BTreeMap::new();
    for round in 0..rounds(1500) {
        let (method, path, token, body) = &seeds[round % seeds.len()];
        let (path, body) = if *method == "GET" {
            let mutated = mutate(&mut rng, path.as_bytes());
            // Paths must stay printable to be a URI at all.
            let path: String = String::from_utf8_lossy(&mutated)
                .chars()
                .filter(|c| c.is_ascii_graphic())
                .collect();
            (path, Vec::new())
        } else {
            (path.clone(), mutate(&mut rng, body.as_bytes()))
        };
        let mut request = Request::builder()
            .method(*method)
            .uri(format!("/api/v1{path}"))
            .header("content-type", "application/json")
            .header("idempotency-key", format!("fuzz-{}", round % 7));
        if let Some(t) = token {
            request = request.header("authorization", format!("Bearer {t}"));
        }
        let Ok(request) = request.body(Body::from(body.clone())) else {
            continue;
        };
        let response = runtime.block_on(async {
            let mut service = app.clone();
            tower_service::Service::call(&mut service, request).await
        });
        let response = match response {
            Ok(r) => r,
            Err(never) => match never {},
        };
        let status = response.status().as_u16();
        let bytes = runtime
            .block_on(axum::body::to_bytes(response.into_body(), 1 << 20))
            .unwrap_or_default();
        *statuses.entry(status).or_insert(0) += 1;
        assert!(
            status < 500 || status == 503,
            "{method} {path} {:?} answered {status}: {}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&bytes)
        );
        if status >= 400 {
            let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!(
                    "{method} {path}: a non-JSON error: {}",
                    String::from_utf8_lossy(&bytes)
                )
            });
            assert!(json["code"].is_string(), "{json}");
        }
    }
    // The mutations reached past the parsers, not only into their errors.
    assert!(statuses.contains_key(&200), "{statuses:?}");
}

#[test]
fn mutated_keymap_files_never_panic_and_keep_valid_bindings() {
    let sources: Vec<String> = ["default", "vim", "kiosk"]
        .iter()
        .map(|name| {
            std::fs::read_to_string(format!(
                "{}/keymaps/{name}.toml",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        })
        .collect();
    let mut rng = fastrand::Rng::with_seed(34);
    for round in 0..rounds(20_000) {
        let source = &sources[round % sources.len()];
        let mutated = String::from_utf8_lossy(&mutate(&mut rng, source.as_bytes())).into_owned();
        let mut keymap = jobdesk::keymap::Keymap::default_keys();
        let problems = keymap.merge_source("fuzz.toml", &mutated);
        let lines = mutated.lines().count().max(1);
        for p in &problems {
            assert!(p.line >= 1 && p.line <= lines + 1, "{p:?} in\n{mutated}");
        }
    }
}

#[test]
fn mutated_kiosk_files_never_panic() {
    use chrono::{Duration, TimeZone, Utc};
    use jobdesk::kiosk::{Kiosk, KioskConfig};
    let seeds = [
        "operator_code = \"$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA\"\nidle_timeout_seconds = 120\n",
        "idle_timeout_seconds = 9223372036854775807\n",
        "idle_timeout_seconds = -9223372036854775808\n",
        "",
    ];
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.toml");
    let mut rng = fastrand::Rng::with_seed(56);
    for round in 0..rounds(20_000) {
        let seed = seeds[round % seeds.len()];
        let mutated = if round < seeds.len() {
            seed.as_bytes().to_vec()
        } else {
            mutate(&mut rng, seed.as_bytes())
        };
        std::fs::write(&path, &mutated).unwrap();
        let Ok(config) = KioskConfig::load(&path) else {
            continue;
        };
        let mut kiosk = Kiosk::new(&config, now, true);
        for later in [0, 1, 119, 10_000, 100_000_000] {
            let _ = kiosk.check(now + Duration::seconds(later));
        }
        kiosk.touch(now);
        if let Some(code) = &config.operator_code {
            let _ = jobdesk::kiosk::code_matches("1234", code);
        }
    }
}
