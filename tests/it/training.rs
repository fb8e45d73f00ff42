//! Training through the store: many desks (threads, and separate processes
//! on one database file) registering for the last seats never exceed the
//! capacity and lose no one from the waitlist; cancellations promote in
//! waitlist order.

use crate::common;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use crate::common::{clock, today};
use chrono::Duration;
use jobdesk::domain::*;
use jobdesk::store::*;

fn open(path: &Path) -> SqliteStore {
    SqliteStore::open_with_clock(path, Arc::new(clock())).expect("open")
}

/// A course of `capacity` seats and `people` eligible jobseekers.
fn setup(path: &Path, courses: usize, capacity: u32, people: usize) -> (Vec<Id>, Vec<Id>) {
    let store = open(path);
    let start = today() + Duration::days(30);
    let course_ids = (0..courses)
        .map(|i| {
            store
                .post_course(
                    Actor::Admin(1),
                    common::course(
                        &format!("Race course {i}"),
                        capacity,
                        start,
                        start - Duration::days(1),
                    ),
                )
                .expect("course")
                .id
        })
        .collect();
    let people_ids = (0..people)
        .map(|n| {
            store
                .save_profile(
                    Actor::System,
                    Profile {
                        name: format!("Person {n}"),
                        certificate: certificate::sample(
                            "370213",
                            chrono::NaiveDate::from_ymd_opt(1980 + (n % 20) as i32, 3, 3).unwrap(),
                            n as u16,
                            DisabilityCategory::Visual,
                            1,
                        ),
                        ..Profile::default()
                    },
                )
                .expect("profile")
                .id
        })
        .collect();
    (course_ids, people_ids)
}

fn register(store: &SqliteStore, course: Id, profile: Id) -> Enrollment {
    store
        .register(&RegisterRequest {
            request_id: new_request_id(),
            course_id: course,
            profile_id: profile,
            by: Actor::Jobseeker(profile),
        })
        .expect("register")
}

/// Every course: capacity seats taken, everyone else waiting with the
/// positions 1..n exactly once.
fn check_courses(store: &SqliteStore, courses: &[Id], people: &[Id], capacity: u32) {
    for &course in courses {
        let c = store.course(course).unwrap();
        assert_eq!(
            c.seats_taken, capacity,
            "course {course} overbooked or short"
        );
        assert_eq!(
            c.seats_taken + c.waiting,
            people.len() as u32,
            "someone was lost"
        );
        let mut positions = HashSet::new();
        for &p in people {
            let e: Vec<Enrollment> = store
                .enrollments(p)
                .unwrap()
                .into_iter()
                .filter(|e| e.course_id == course)
                .collect();
            assert_eq!(e.len(), 1, "person {p} has {} enrollments", e.len());
            if let Some(n) = e[0].waitlist_position {
                assert!(positions.insert(n), "waitlist position {n} twice");
            }
        }
        let expected: HashSet<u32> = (1..=c.waiting).collect();
        assert_eq!(positions, expected);
    }
}

#[test]
fn threads_racing_for_the_last_seats() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let (courses, people) = setup(&path, 30, 3, 8);
    let handles: Vec<_> = people
        .chunks(2)
        .map(|pair| {
            let (path, courses, pair) = (path.clone(), courses.clone(), pair.to_vec());
            std::thread::spawn(move || {
                let store = open(&path);
                for &course in &courses {
                    for &p in &pair {
                        register(&store, course, p);
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    check_courses(&open(&path), &courses, &people, 3);
}

/// Set in a child process: register these people for every course.
const WORKER: &str = "JOBDESK_TEST_RACE_WORKER";

#[test]
fn processes_racing_for_the_last_seats() {
    if let Ok(job) = std::env::var(WORKER) {
        // The child: "path|course,course|person,person".
        let mut parts = job.split('|');
        let path = parts.next().unwrap().to_string();
        let ids = |s: Option<&str>| -> Vec<Id> {
            s.unwrap().split(',').map(|x| x.parse().unwrap()).collect()
        };
        let (courses, people) = (ids(parts.next()), ids(parts.next()));
        let store = open(Path::new(&path));
        for course in courses {
            for &p in &people {
                register(&store, course, p);
            }
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let (courses, people) = setup(&path, 20, 2, 8);
    let list = |v: &[Id]| {
        v.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let children: Vec<_> = people
        .chunks(2)
        .map(|pair| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    // The test's path inside the one test binary.
                    &format!(
                        "{}::processes_racing_for_the_last_seats",
                        module_path!().trim_start_matches("it::")
                    ),
                    "--nocapture",
                    "--test-threads",
                    "1",
                ])
                .env(
                    WORKER,
                    format!("{}|{}|{}", path.display(), list(&courses), list(pair)),
                )
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a worker process failed");
    }
    check_courses(&open(&path), &courses, &people, 2);
}

#[test]
fn cancellations_promote_in_waitlist_order_and_never_overfill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("promote.db");
    let (courses, people) = setup(&path, 1, 2, 6);
    let store = open(&path);
    let course = courses[0];
    let enrollments: Vec<Enrollment> = people
        .iter()
        .map(|&p| register(&store, course, p))
        .collect();
    let cancel = |e: &Enrollment| {
        store
            .change_enrollment(&EnrollmentChange {
                request_id: new_request_id(),
                enrollment_id: e.id,
                to: EnrollmentStatus::Cancelled,
                note: String::new(),
                by: Actor::Jobseeker(e.profile_id),
            })
            .unwrap()
    };
    // Cancel both seats: the first two waiting move up, in order.
    cancel(&enrollments[0]);
    cancel(&enrollments[1]);
    let status = |p: Id| store.enrollments(p).unwrap()[0].clone();
    assert_eq!(status(people[2]).status, EnrollmentStatus::Registered);
    assert_eq!(status(people[3]).status, EnrollmentStatus::Registered);
    assert_eq!(status(people[4]).waitlist_position, Some(1));
    assert_eq!(status(people[5]).waitlist_position, Some(2));
    let c = store.course(course).unwrap();
    assert_eq!((c.seats_taken, c.waiting), (2, 2));
    // The promoted person's history says when and why.
    let h = status(people[2]).history;
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].status, EnrollmentStatus::Waitlisted);
    assert_eq!(h[1].status, EnrollmentStatus::Registered);
    assert_eq!(h[1].note, sqlite::PROMOTION_NOTE);
    assert_eq!(h[1].at.date_naive(), today());
    // Enrolled students who drop out also free their seat.
    let e = status(people[2]);
    store
        .change_enrollment(&EnrollmentChange {
            request_id: new_request_id(),
            enrollment_id: e.id,
            to: EnrollmentStatus::Enrolled,
            note: String::new(),
            by: Actor::Counselor(1),
        })
        .unwrap();
    cancel(&status(people[2]));
    assert_eq!(status(people[4]).status, EnrollmentStatus::Registered);
    assert_eq!(status(people[5]).waitlist_position, Some(1));
}

#[test]
fn ineligible_people_are_refused_with_reasons_and_nothing_is_registered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("elig.db");
    let (courses, _) = setup(&path, 1, 2, 0);
    let store = open(&path);
    let hearing = store
        .save_profile(
            Actor::System,
            Profile {
                name: "Hearing".into(),
                certificate: certificate::sample(
                    "370203",
                    chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
                    5,
                    DisabilityCategory::Hearing,
                    3,
                ),
                ..Profile::default()
            },
        )
        .unwrap();
    let err = store
        .register(&RegisterRequest {
            request_id: new_request_id(),
            course_id: courses[0],
            profile_id: hearing.id,
            by: Actor::Jobseeker(hearing.id),
        })
        .unwrap_err();
    assert_eq!(
        err,
        StoreError::NotEligible {
            reasons: vec![eligibility::Reason::NotVisual {
                category: DisabilityCategory::Hearing
            }]
        }
    );
    assert!(store.enrollments(hearing.id).unwrap().is_empty());
    assert_eq!(store.course(courses[0]).unwrap().seats_taken, 0);
}

#[test]
fn course_filters_and_seat_counts() {
    let (_dir, store, _) = common::seeded(jobdesk::i18n::Lang::En, 5);
    let all = store
        .search_courses(&CourseQuery {
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.total, 10);
    let full: Vec<&Course> = all.items.iter().filter(|c| c.seats_left() == 0).collect();
    assert!(!full.is_empty(), "the sample has a full course");
    let free = store
        .search_courses(&CourseQuery {
            free_seats_only: true,
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(free.total as usize, all.items.len() - full.len());
    let medical = store
        .search_courses(&CourseQuery {
            tracks: vec![Track::MedicalExamPrep],
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(
        medical.total >= 1
            && medical
                .items
                .iter()
                .all(|c| c.track == Track::MedicalExamPrep)
    );
    let braille = store
        .search_courses(&CourseQuery {
            formats: vec![Format::Braille],
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(
        braille
            .items
            .iter()
            .all(|c| c.formats.contains(&Format::Braille))
    );
    let soon = store
        .search_courses(&CourseQuery {
            starts_within_days: Some(14),
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(
        soon.items
            .iter()
            .all(|c| c.starts_on <= today() + Duration::days(14))
    );
    assert!(soon.total > 0 && soon.total < all.total);
    let shibei = store
        .search_courses(&CourseQuery {
            districts: vec![District::Shibei],
            text: "massage".into(),
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(shibei.total > 0 && shibei.items.iter().all(|c| c.district == District::Shibei));
}

#[test]
fn staff_cannot_seat_someone_in_a_full_course_and_request_ids_stay_with_their_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let (courses, people) = setup(&path, 1, 1, 3);
    let store = open(&path);
    let first = register(&store, courses[0], people[0]);
    let waiting = register(&store, courses[0], people[1]);
    assert_eq!(waiting.status, EnrollmentStatus::Waitlisted);
    let seat = |e: &Enrollment, request_id: &str| {
        store.change_enrollment(&EnrollmentChange {
            request_id: request_id.into(),
            enrollment_id: e.id,
            to: EnrollmentStatus::Registered,
            note: String::new(),
            by: Actor::Counselor(1),
        })
    };
    assert_eq!(seat(&waiting, "r1").unwrap_err(), StoreError::CourseFull);
    assert_eq!(store.course(courses[0]).unwrap().seats_taken, 1);
    // A request id used for one enrollment cannot answer for another.
    store
        .change_enrollment(&EnrollmentChange {
            request_id: "cancel-1".into(),
            enrollment_id: first.id,
            to: EnrollmentStatus::Cancelled,
            note: String::new(),
            by: Actor::Jobseeker(people[0]),
        })
        .unwrap();
    let other = store.enrollments(people[1]).unwrap().remove(0);
    assert_eq!(
        store
            .change_enrollment(&EnrollmentChange {
                request_id: "cancel-1".into(),
                enrollment_id: other.id,
                to: EnrollmentStatus::Cancelled,
                note: String::new(),
                by: Actor::Jobseeker(people[1]),
            })
            .unwrap_err(),
        StoreError::RequestIdReused
    );
    assert_eq!(
        store.enrollments(people[1]).unwrap()[0].status,
        EnrollmentStatus::Registered
    );
}
