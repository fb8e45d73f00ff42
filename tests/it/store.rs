//! The SQLite store: search, paging, filters, state machines, capacity and
//! the waitlist, idempotency, migrations, and racing for the last seat.

use crate::common;
use std::sync::Arc;

use crate::common::{clock, seeded, today};
use chrono::Duration;
use jobdesk::domain::*;
use jobdesk::i18n::Lang;
use jobdesk::store::*;

fn query(text: &str) -> JobQuery {
    JobQuery {
        text: text.into(),
        page_size: 50,
        ..Default::default()
    }
}

fn me(report: &seed::SeedReport) -> Id {
    report.me.expect("seed makes a local user")
}

#[test]
fn chinese_search_finds_substrings_of_three_and_of_two_characters() {
    let (_dir, store, _) = seeded(Lang::ZhCn, 40);
    // Three characters and more go through the trigram index.
    let page = store.search_jobs(&query("按摩师")).unwrap();
    assert!(page.total >= 8, "{}", page.total);
    assert!(page.items.iter().all(|j| j.title.contains("按摩师")));
    // Two characters use the fallback and still find substrings.
    let two = store.search_jobs(&query("按摩")).unwrap();
    assert!(two.total >= page.total);
    assert!(two.items.iter().all(|j| matches!(
        j.kind,
        WorkKind::HealthMassage | WorkKind::MedicalMassage
    ) || j.title.contains("按摩")));
    // One character works too.
    assert!(store.search_jobs(&query("医")).unwrap().total > 0);
    // A substring in the middle of a word.
    assert!(store.search_jobs(&query("标注")).unwrap().total > 0);
    assert_eq!(store.search_jobs(&query("不存在的岗位")).unwrap().total, 0);
}

#[test]
fn english_search_finds_words_in_english_and_kinds_in_chinese_data() {
    let (_dir, en, _) = seeded(Lang::En, 40);
    let massage = en.search_jobs(&query("massage")).unwrap();
    assert!(massage.total >= 8);
    // Case does not matter; every word must match.
    let both = en.search_jobs(&query("MEDICAL Massage")).unwrap();
    assert!(both.total > 0 && both.total < massage.total);
    assert!(
        both.items
            .iter()
            .all(|j| j.kind == WorkKind::MedicalMassage)
    );
    // Chinese data is found by the English name of its kind and district.
    let (_dir2, zh, _) = seeded(Lang::ZhCn, 40);
    let found = zh.search_jobs(&query("medical massage")).unwrap();
    assert!(found.total > 0);
    assert!(
        found
            .items
            .iter()
            .all(|j| j.kind == WorkKind::MedicalMassage)
    );
    assert!(zh.search_jobs(&query("Shinan")).unwrap().total > 0);
    // Quotes and wildcards in a query are text, not syntax.
    assert_eq!(zh.search_jobs(&query("\"a\" OR *")).unwrap().total, 0);
    assert_eq!(zh.search_jobs(&query("100%")).unwrap().total, 0);
}

#[test]
fn paging_covers_every_job_once() {
    let (_dir, store, _) = seeded(Lang::En, 95);
    let mut seen = std::collections::HashSet::new();
    let first = store
        .search_jobs(&JobQuery {
            page_size: 20,
            ..Default::default()
        })
        .unwrap();
    let total = first.total;
    assert_eq!(first.page_count(), total.div_ceil(20) as u32);
    for page in 0..first.page_count() {
        let p = store
            .search_jobs(&JobQuery {
                page,
                page_size: 20,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(p.total, total);
        for j in p.items {
            assert!(seen.insert(j.id), "job {} twice", j.id);
        }
    }
    assert_eq!(seen.len() as u64, total);
    // Past the end: an empty page, same total.
    let past = store
        .search_jobs(&JobQuery {
            page: 99,
            page_size: 20,
            ..Default::default()
        })
        .unwrap();
    assert!(past.items.is_empty());
    assert_eq!(past.total, total);
}

#[test]
fn filters_narrow_the_list() {
    let (_dir, store, _) = seeded(Lang::ZhCn, 200);
    let all = store.search_jobs(&query("")).unwrap().total;
    let check = |q: JobQuery, ok: &dyn Fn(&Job) -> bool| {
        let page = store
            .search_jobs(&JobQuery {
                page_size: 500,
                ..q
            })
            .unwrap();
        assert!(page.total > 0 && page.total < all, "{}", page.total);
        for s in page.items {
            let job = store.job(s.id).unwrap();
            assert!(ok(&job), "{job:?}");
        }
    };
    check(
        JobQuery {
            districts: vec![District::Shinan, District::Laixi],
            ..Default::default()
        },
        &|j| matches!(j.district, District::Shinan | District::Laixi),
    );
    check(
        JobQuery {
            kinds: vec![WorkKind::DataLabelling],
            ..Default::default()
        },
        &|j| j.kind == WorkKind::DataLabelling,
    );
    check(
        JobQuery {
            remote_only: true,
            ..Default::default()
        },
        &|j| j.remote,
    );
    check(
        JobQuery {
            suits_visual: true,
            ..Default::default()
        },
        &|j| j.suits_visual,
    );
    check(
        JobQuery {
            salary_from: Some(7000),
            ..Default::default()
        },
        &|j| j.salary_max >= 7000,
    );
    check(
        JobQuery {
            posted_within_days: Some(7),
            ..Default::default()
        },
        &|j| j.posted_on >= today() - Duration::days(7),
    );
    // Combined with text.
    check(
        JobQuery {
            text: "按摩".into(),
            districts: vec![District::Shibei],
            ..Default::default()
        },
        &|j| j.district == District::Shibei && j.title.contains("按摩"),
    );
    // Every district has jobs in the default sample.
    let (_d, small, _) = seeded(Lang::ZhCn, 40);
    for d in District::ALL {
        let n = small
            .search_jobs(&JobQuery {
                districts: vec![d],
                ..Default::default()
            })
            .unwrap()
            .total;
        assert!(n > 0, "no jobs in {d:?}");
    }
}

#[test]
fn overlong_or_hostile_search_is_refused_cleanly() {
    let (_dir, store, _) = seeded(Lang::En, 10);
    let err = store.search_jobs(&query(&"x".repeat(61))).unwrap_err();
    assert!(matches!(err, StoreError::Invalid { ref errors } if errors[0].field == Field::Search));
    let err = store.search_jobs(&query("a\u{1b}[2Jb")).unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }));
}

fn apply(
    store: &SqliteStore,
    request_id: &str,
    job_id: Id,
    profile_id: Id,
) -> StoreResult<Application> {
    store.apply(&ApplyRequest {
        request_id: request_id.into(),
        job_id,
        profile_id,
        note: "I can start next week.".into(),
        by: Actor::Jobseeker(profile_id),
    })
}

fn first_job(store: &SqliteStore) -> Id {
    store.search_jobs(&query("")).unwrap().items[0].id
}

#[test]
fn applying_is_idempotent_and_one_open_application_per_job() {
    let (_dir, store, report) = seeded(Lang::En, 20);
    let me = me(&report);
    let job = first_job(&store);
    let a = apply(&store, "req-1", job, me).unwrap();
    assert_eq!(a.status, ApplicationStatus::Submitted);
    assert!(a.reference.starts_with("JD-"));
    assert_eq!(a.history.len(), 1);
    assert_eq!(a.history[0].by, Actor::Jobseeker(me));
    // The same request again: the same application, nothing new.
    let again = apply(&store, "req-1", job, me).unwrap();
    assert_eq!(again, a);
    assert_eq!(store.applications(me).unwrap().len(), 1);
    // A new request for the same job is refused while the first is open.
    let err = apply(&store, "req-2", job, me).unwrap_err();
    assert_eq!(
        err,
        StoreError::AlreadyApplied {
            reference: a.reference.clone()
        }
    );
    // The same request id for something else is an error, not a replay.
    let other_job = store.search_jobs(&query("")).unwrap().items[1].id;
    assert_eq!(
        apply(&store, "req-1", other_job, me).unwrap_err(),
        StoreError::RequestIdReused
    );
    // After withdrawing, applying again is allowed.
    withdraw(&store, "w-1", a.id, me).unwrap();
    let b = apply(&store, "req-3", job, me).unwrap();
    assert_ne!(b.id, a.id);
}

fn withdraw(store: &SqliteStore, request_id: &str, id: Id, me: Id) -> StoreResult<Application> {
    store.change_application(&ApplicationChange {
        request_id: request_id.into(),
        application_id: id,
        to: ApplicationStatus::Withdrawn,
        note: String::new(),
        by: Actor::Jobseeker(me),
    })
}

#[test]
fn application_state_machine_is_enforced_and_recorded() {
    let (_dir, store, report) = seeded(Lang::En, 20);
    let me = me(&report);
    let a = apply(&store, "r", first_job(&store), me).unwrap();
    let counselor = Actor::Counselor(1);
    let step = |rid: &str, to: ApplicationStatus| {
        store.change_application(&ApplicationChange {
            request_id: rid.into(),
            application_id: a.id,
            to,
            note: format!("now {}", to.as_str()),
            by: counselor,
        })
    };
    // Skipping ahead is refused and changes nothing.
    assert!(matches!(
        step("x1", ApplicationStatus::Hired),
        Err(StoreError::Transition(_))
    ));
    assert_eq!(store.application(a.id).unwrap().history.len(), 1);
    for (rid, to) in [
        ("s1", ApplicationStatus::UnderReview),
        ("s2", ApplicationStatus::Referred),
        ("s3", ApplicationStatus::InterviewScheduled),
    ] {
        step(rid, to).unwrap();
    }
    // A retried change is answered, not applied twice.
    step("s3", ApplicationStatus::InterviewScheduled).unwrap();
    let now = store.application(a.id).unwrap();
    assert_eq!(now.status, ApplicationStatus::InterviewScheduled);
    assert_eq!(now.history.len(), 4);
    assert_eq!(now.history[3].by, counselor);
    assert_eq!(now.history[3].note, "now interview_scheduled");
    withdraw(&store, "w", a.id, me).unwrap();
    // Ended: nothing moves any more.
    assert!(withdraw(&store, "w2", a.id, me).is_err());
}

#[test]
fn applying_needs_a_complete_profile_and_consent() {
    let (_dir, store, _) = seeded(Lang::En, 10);
    let job = first_job(&store);
    let p = store
        .save_profile(
            Actor::System,
            Profile {
                name: "Wu Lei".into(),
                ..Profile::default()
            },
        )
        .unwrap();
    let err = apply(&store, "r1", job, p.id).unwrap_err();
    assert!(
        matches!(err, StoreError::ProfileIncomplete { ref missing } if missing.contains(&Field::Consent) && missing.contains(&Field::Certificate))
    );
    let complete = Profile {
        mobile: "13912345678".into(),
        certificate: jobdesk::domain::certificate::sample(
            "370203",
            chrono::NaiveDate::from_ymd_opt(1985, 5, 5).unwrap(),
            12,
            DisabilityCategory::Visual,
            2,
        ),
        district: Some(District::Shibei),
        education: Some(Education::Vocational),
        ..p
    };
    let p = store.save_profile(Actor::System, complete).unwrap();
    assert_eq!(
        apply(&store, "r2", job, p.id).unwrap_err(),
        StoreError::ProfileIncomplete {
            missing: vec![Field::Consent]
        }
    );
    let p = store
        .save_profile(
            Actor::System,
            Profile {
                consent_at: Some(chrono::Utc::now()),
                ..p
            },
        )
        .unwrap();
    assert!(apply(&store, "r3", job, p.id).is_ok());
}

#[test]
fn bad_profile_input_changes_nothing() {
    let (_dir, store, report) = seeded(Lang::En, 5);
    let me = me(&report);
    let before = store.profile(me).unwrap();
    let mut bad = before.clone();
    bad.certificate = "370202199003070012".into();
    bad.name = "Someone else".into();
    let err = store.save_profile(Actor::Jobseeker(me), bad).unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { ref errors } if errors[0].field == Field::Certificate)
    );
    assert_eq!(store.profile(me).unwrap(), before);
}

fn small_course(store: &SqliteStore, capacity: u32, starts_in: i64) -> Course {
    let starts_on = today() + Duration::days(starts_in);
    store
        .post_course(
            Actor::Admin(1),
            common::course(
                "Test course",
                capacity,
                starts_on,
                starts_on - Duration::days(2),
            ),
        )
        .unwrap()
}

fn people(store: &SqliteStore, n: usize) -> Vec<Id> {
    store
        .case_rows(&crate::common::visual_caseload_query(1))
        .map(|p| p.items)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .take(n)
        .collect()
}

fn register(store: &SqliteStore, course: Id, profile: Id) -> StoreResult<Enrollment> {
    store.register(&RegisterRequest {
        request_id: new_request_id(),
        course_id: course,
        profile_id: profile,
        by: Actor::Jobseeker(profile),
    })
}

#[test]
fn capacity_waitlist_and_promotion() {
    let (_dir, store, _) = seeded(Lang::En, 5);
    let course = small_course(&store, 2, 20);
    let p = people(&store, 5);
    let e: Vec<Enrollment> = p
        .iter()
        .map(|&id| register(&store, course.id, id).unwrap())
        .collect();
    assert_eq!(e[0].status, EnrollmentStatus::Registered);
    assert_eq!(e[1].status, EnrollmentStatus::Registered);
    assert_eq!(e[2].status, EnrollmentStatus::Waitlisted);
    assert_eq!(e[2].waitlist_position, Some(1));
    assert_eq!(e[4].waitlist_position, Some(3));
    let c = store.course(course.id).unwrap();
    assert_eq!((c.seats_taken, c.waiting, c.seats_left()), (2, 3, 0));
    // Registering twice is refused.
    assert!(matches!(
        register(&store, course.id, p[2]),
        Err(StoreError::AlreadyRegistered {
            status: EnrollmentStatus::Waitlisted
        })
    ));
    // Cancelling a seat promotes the first waiting, with a dated entry.
    let cancel = |id: Id, by: Id| {
        store.change_enrollment(&EnrollmentChange {
            request_id: new_request_id(),
            enrollment_id: id,
            to: EnrollmentStatus::Cancelled,
            note: String::new(),
            by: Actor::Jobseeker(by),
        })
    };
    cancel(e[0].id, p[0]).unwrap();
    let promoted = store.enrollments(p[2]).unwrap().remove(0);
    assert_eq!(promoted.status, EnrollmentStatus::Registered);
    assert_eq!(promoted.waitlist_position, None);
    let last = promoted.history.last().unwrap();
    assert_eq!(last.by, Actor::System);
    assert_eq!(last.note, sqlite::PROMOTION_NOTE);
    assert_eq!(last.at.date_naive(), today());
    // The others moved up.
    assert_eq!(
        store.enrollments(p[4]).unwrap()[0].waitlist_position,
        Some(2)
    );
    // Cancelling a waitlist place promotes nobody.
    cancel(e[3].id, p[3]).unwrap();
    let c = store.course(course.id).unwrap();
    assert_eq!((c.seats_taken, c.waiting), (2, 1));
    assert_eq!(
        store.enrollments(p[4]).unwrap()[0].waitlist_position,
        Some(1)
    );
}

#[test]
fn registration_after_the_deadline_or_start_is_refused() {
    let (_dir, store, _) = seeded(Lang::En, 5);
    let p = people(&store, 1)[0];
    // Deadline is two days before the start: starting tomorrow means the
    // deadline passed yesterday.
    let soon = small_course(&store, 5, 1);
    assert!(matches!(
        register(&store, soon.id, p),
        Err(StoreError::DeadlinePassed { .. })
    ));
    let started = small_course(&store, 5, 0);
    assert!(matches!(
        register(&store, started.id, p),
        Err(StoreError::CourseStarted { .. })
    ));
    assert!(
        store
            .enrollments(p)
            .unwrap()
            .iter()
            .all(|e| e.course_id != soon.id)
    );
}

#[test]
fn two_desks_racing_for_the_last_seat_never_overbook() {
    let (dir, store, _) = seeded(Lang::En, 5);
    let path = dir.path().join("test.db");
    let p = people(&store, 2);
    let rounds = 300;
    let courses: Vec<Id> = (0..rounds)
        .map(|_| small_course(&store, 1, 30).id)
        .collect();
    let desk = |profile: Id, courses: Vec<Id>| {
        let path = path.clone();
        std::thread::spawn(move || {
            let store = SqliteStore::open_with_clock(&path, Arc::new(clock())).unwrap();
            courses
                .into_iter()
                .map(|c| register(&store, c, profile).unwrap().status)
                .collect::<Vec<_>>()
        })
    };
    let a = desk(p[0], courses.clone());
    let b = desk(p[1], courses.clone());
    let (a, b) = (a.join().unwrap(), b.join().unwrap());
    for (i, course) in courses.iter().enumerate() {
        let c = store.course(*course).unwrap();
        assert_eq!(c.seats_taken, 1, "round {i}: overbooked or empty");
        assert_eq!(c.waiting, 1, "round {i}");
        let seats = [a[i], b[i]]
            .iter()
            .filter(|s| **s == EnrollmentStatus::Registered)
            .count();
        assert_eq!(seats, 1, "round {i}: {:?} {:?}", a[i], b[i]);
    }
}

#[test]
fn migrates_an_empty_file_and_refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = SqliteStore::open(&path).unwrap();
    assert!(store.schema_version().unwrap() >= 1);
    assert_eq!(store.search_jobs(&query("")).unwrap().total, 0);
    assert_eq!(store.current_user().unwrap(), None);
    drop(store);
    // Opening again runs nothing twice.
    let again = SqliteStore::open(&path).unwrap();
    let v = again.schema_version().unwrap();
    drop(again);
    // A database from a newer jobdesk is refused, not damaged.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", v + 1).unwrap();
    }
    assert!(matches!(
        SqliteStore::open(&path),
        Err(StoreError::Unavailable { .. })
    ));
}

#[cfg(unix)]
#[test]
fn a_new_database_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private.db");
    let _store = SqliteStore::open(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn the_first_saved_profile_becomes_the_local_user() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("fresh.db")).unwrap();
    assert_eq!(store.current_user().unwrap(), None);
    let p = store
        .save_profile(
            Actor::System,
            Profile {
                name: "陈静".into(),
                ..Profile::default()
            },
        )
        .unwrap();
    assert_eq!(store.current_user().unwrap(), Some(Actor::Jobseeker(p.id)));
}

#[test]
fn broad_searches_count_up_to_a_cap_and_say_so() {
    let (_dir, store, _) = seeded(Lang::En, 1500);
    let all = store
        .search_jobs(&JobQuery {
            page_size: 20,
            ..Default::default()
        })
        .unwrap();
    assert!(all.total_capped);
    assert_eq!(all.total, 1000);
    // Paging beyond the cap still works and raises the lower bound.
    let far = store
        .search_jobs(&JobQuery {
            page: 60,
            page_size: 20,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(far.items.len(), 20);
    assert!(far.total >= 1220);
    // A narrow search is counted exactly.
    let narrow = store.search_jobs(&query("Laixi data")).unwrap();
    assert!(!narrow.total_capped);
    assert_eq!(narrow.total as usize, narrow.items.len());
}
