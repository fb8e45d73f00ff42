//! A bounded load test of `jobdesk serve` on loopback (issue 12): 20
//! clients, each logged in as its own jobseeker, for 30 s (`LOAD_SECONDS`
//! and `LOAD_CLIENTS` change that) search, read, apply, register for
//! small courses, withdraw and retry the same request. Reports requests a
//! second, p50/p99 latency, errors (transport failures and 5xx answers),
//! overbooked seats and duplicate records; the last two must be 0.
//!
//! Run with `cargo bench --bench load`.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use jobdesk::clock::FixedClock;
use jobdesk::domain::{
    ApplicationStatus, District, EnrollmentStatus, Format, Id, NewCourse, Track,
};
use jobdesk::i18n::Lang;
use jobdesk::server::{StorePool, start};
use jobdesk::store::accounts::Role;
use jobdesk::store::seed::{SeedOptions, seed};
use jobdesk::store::{
    ApplicationChange, ApplyRequest, CourseQuery, EnrollmentChange, JobQuery, RegisterRequest,
    RemoteOptions, RemoteStore, SqliteStore, Store, StoreError, new_request_id,
};

const PIN: &str = "2468";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn course(title: &str, capacity: u32, today: NaiveDate) -> NewCourse {
    NewCourse {
        title: title.into(),
        track: Track::ContinuingEducation,
        level: None,
        provider: "Load test".into(),
        district: District::Shinan,
        address: String::new(),
        directions: String::new(),
        starts_on: today + chrono::Duration::days(30),
        ends_on: today + chrono::Duration::days(35),
        enroll_by: today + chrono::Duration::days(20),
        hours: 8,
        fee_yuan: 0,
        subsidy: String::new(),
        capacity,
        formats: vec![Format::Audio],
        assessment: String::new(),
        leads_to: String::new(),
        requires_previous_level: false,
        min_age: None,
        max_age: None,
        min_education: None,
        description: String::new(),
    }
}

/// What one client saw.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    errors: u64,
    refused: u64,
}

impl Tally {
    fn record<T>(&mut self, started: Instant, result: Result<T, StoreError>) -> Option<T> {
        self.latencies.push(started.elapsed());
        match result {
            Ok(v) => Some(v),
            Err(e @ (StoreError::Unavailable { .. } | StoreError::Internal { .. })) => {
                if self.errors == 0 {
                    eprintln!("load: first error of a client: {e}");
                }
                self.errors += 1;
                None
            }
            Err(_) => {
                // A refusal the rules call for (already applied, full,
                // not eligible): an answer, not an error.
                self.refused += 1;
                None
            }
        }
    }
}

fn main() {
    let clients = env_number("LOAD_CLIENTS", 20) as usize;
    let seconds = env_number("LOAD_SECONDS", 30);
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let clock = FixedClock::on(today);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("load.db");
    let (profiles, courses) = {
        let store = SqliteStore::open_with_clock(&db, Arc::new(clock.clone())).expect("open");
        seed(
            &store,
            SeedOptions {
                jobs: 5_000,
                lang: Lang::En,
                today,
                people_and_courses: true,
            },
        )
        .expect("seed");
        // One complete profile and account per client.
        let conn = rusqlite::Connection::open(&db).expect("open");
        let ids: Vec<Id> = {
            let mut stmt = conn
                .prepare("SELECT id FROM profiles ORDER BY id LIMIT ?1")
                .expect("prepare");
            stmt.query_map([clients as i64], |r| r.get(0))
                .expect("profiles")
                .collect::<Result<_, _>>()
                .expect("profiles")
        };
        assert_eq!(ids.len(), clients, "the seed has enough people");
        for (n, id) in ids.iter().enumerate() {
            conn.execute(
                "UPDATE profiles SET mobile = ?1, certificate = ?2, district = 370202,
                    education = 'senior_secondary', consent_at = '2026-11-01T00:00:00+00:00'
                 WHERE id = ?3",
                rusqlite::params![
                    format!("1390000{n:04}"),
                    jobdesk::domain::certificate::sample(
                        "370202",
                        NaiveDate::from_ymd_opt(1980, 1, 1).expect("date"),
                        900 + n as u16,
                        jobdesk::domain::DisabilityCategory::Visual,
                        2,
                    ),
                    id
                ],
            )
            .expect("complete the profile");
            store
                .add_account(&format!("load{n}"), Role::Jobseeker, PIN, Some(*id), None)
                .expect("account");
        }
        // Small courses everyone wants: seats are contested.
        let courses: Vec<Id> = (0..4)
            .map(|n| {
                store
                    .post_course(
                        jobdesk::domain::Actor::System,
                        course(&format!("Load course {n}"), 3, today),
                    )
                    .expect("course")
                    .id
            })
            .collect();
        (ids, courses)
    };
    let pool = Arc::new(StorePool::open(&db, Arc::new(clock), 4).expect("pool"));
    let server = start(TcpListener::bind("127.0.0.1:0").expect("bind"), pool).expect("server");
    let url = server.url();
    eprintln!("load: {clients} clients for {seconds} s against {url}");
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let threads: Vec<_> = profiles
        .iter()
        .copied()
        .enumerate()
        .map(|(n, profile)| {
            let (url, courses) = (url.clone(), courses.clone());
            std::thread::spawn(move || {
                let mut tally = Tally::default();
                let store = RemoteStore::connect(RemoteOptions::new(&url)).expect("client");
                let t = Instant::now();
                tally.record(t, store.log_in(&format!("load{n}"), PIN));
                let mut round = 0usize;
                while Instant::now() < deadline {
                    round += 1;
                    let t = Instant::now();
                    let page = tally.record(
                        t,
                        store.search_jobs(&JobQuery {
                            text: if round.is_multiple_of(2) {
                                "massage".into()
                            } else {
                                String::new()
                            },
                            page: (round % 5) as u32,
                            page_size: 20,
                            ..Default::default()
                        }),
                    );
                    let Some(job) = page.and_then(|p| p.items.get(n % 20).map(|j| j.id)) else {
                        continue;
                    };
                    let t = Instant::now();
                    tally.record(t, store.job(job));
                    // Apply, and retry the same request (a lost answer).
                    let request = ApplyRequest {
                        request_id: new_request_id(),
                        job_id: job,
                        profile_id: profile,
                        note: String::new(),
                        by: jobdesk::domain::Actor::Jobseeker(profile),
                    };
                    let t = Instant::now();
                    let applied = tally.record(t, store.apply(&request));
                    let t = Instant::now();
                    tally.record(t, store.apply(&request));
                    if let Some(a) = applied
                        && round.is_multiple_of(3)
                    {
                        let t = Instant::now();
                        tally.record(
                            t,
                            store.change_application(&ApplicationChange {
                                request_id: new_request_id(),
                                application_id: a.id,
                                to: ApplicationStatus::Withdrawn,
                                note: String::new(),
                                by: jobdesk::domain::Actor::Jobseeker(profile),
                            }),
                        );
                    }
                    let t = Instant::now();
                    tally.record(
                        t,
                        store.search_courses(&CourseQuery {
                            page_size: 10,
                            ..Default::default()
                        }),
                    );
                    let request = RegisterRequest {
                        request_id: new_request_id(),
                        course_id: courses[round % courses.len()],
                        profile_id: profile,
                        by: jobdesk::domain::Actor::Jobseeker(profile),
                    };
                    let t = Instant::now();
                    let first = store.register(&request);
                    if round == 1 && std::env::var("LOAD_DEBUG").is_ok() {
                        eprintln!(
                            "load: register: {first:?} {:?}",
                            store.profile(profile).map(|p| p.certificate)
                        );
                    }
                    let registered = tally.record(t, first);
                    let t = Instant::now();
                    tally.record(t, store.register(&request));
                    // Give seats back now and then: the first waiting is
                    // promoted in the same transaction.
                    if let Some(e) = registered
                        && round.is_multiple_of(4)
                    {
                        let t = Instant::now();
                        tally.record(
                            t,
                            store.change_enrollment(&EnrollmentChange {
                                request_id: new_request_id(),
                                enrollment_id: e.id,
                                to: EnrollmentStatus::Cancelled,
                                note: String::new(),
                                by: jobdesk::domain::Actor::Jobseeker(profile),
                            }),
                        );
                    }
                }
                tally
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let (mut errors, mut refused) = (0, 0);
    for t in threads {
        let tally = t.join().expect("a client thread");
        latencies.extend(tally.latencies);
        errors += tally.errors;
        refused += tally.refused;
    }
    let elapsed = started.elapsed().as_secs_f64();
    server.stop();
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let conn = rusqlite::Connection::open(&db).expect("open");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    let overbooked = count(
        "SELECT COALESCE(SUM(taken - capacity), 0) FROM (
            SELECT c.capacity, (SELECT COUNT(*) FROM enrollments e WHERE e.course_id = c.id
                AND e.status IN ('registered', 'enrolled')) AS taken
            FROM courses c) WHERE taken > capacity",
    );
    let duplicates = count(
        "SELECT
           (SELECT COUNT(*) FROM (SELECT 1 FROM applications
              WHERE status IN ('submitted', 'under_review', 'referred', 'interview_scheduled', 'offered')
              GROUP BY profile_id, job_id HAVING COUNT(*) > 1))
         + (SELECT COUNT(*) FROM (SELECT 1 FROM enrollments
              WHERE status IN ('registered', 'waitlisted', 'enrolled')
              GROUP BY course_id, profile_id HAVING COUNT(*) > 1))
         + (SELECT COUNT(*) FROM (SELECT 1 FROM applications GROUP BY request_id HAVING COUNT(*) > 1))
         + (SELECT COUNT(*) FROM (SELECT 1 FROM enrollments GROUP BY request_id HAVING COUNT(*) > 1))",
    );
    let applications = count("SELECT COUNT(*) FROM applications");
    let enrollments = count("SELECT COUNT(*) FROM enrollments");
    println!(
        "load: {clients} clients, {elapsed:.1} s, {} requests, {:.0} requests/s, p50 {:.2} ms, \
         p99 {:.2} ms, errors {errors}, refusals by the rules {refused}, \
         {applications} applications and {enrollments} enrollments stored, \
         overbooked seats {overbooked}, duplicate records {duplicates}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        at(0.50),
        at(0.99),
    );
    assert_eq!(overbooked, 0, "overbooked seats");
    assert_eq!(duplicates, 0, "duplicate records");
}
