//! One store contract, run against the SQLite store and against the remote
//! store talking to a server in this process on 127.0.0.1:0. The interface
//! cannot tell them apart, so neither may these tests.

use crate::common;
use std::any::Any;

use crate::common::server::TestServer;
use crate::common::{seeded, today};
use chrono::Duration;
use jobdesk::domain::*;
use jobdesk::i18n::Lang;
use jobdesk::store::*;

struct Fixture {
    store: Box<dyn Store>,
    me: Id,
    people: Vec<Id>,
    _keep: Box<dyn Any>,
}

fn sqlite() -> Fixture {
    let (dir, store, report) = seeded(Lang::En, 40);
    let people = store
        .case_rows(&crate::common::caseload_query(1))
        .map(|p| p.items)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .filter(|id| Some(*id) != report.me)
        .collect();
    Fixture {
        store: Box::new(store),
        me: report.me.unwrap(),
        people,
        _keep: Box::new(dir),
    }
}

fn remote() -> Fixture {
    let server = TestServer::new(Lang::En, 40);
    let people = server
        .direct()
        .case_rows(&crate::common::caseload_query(1))
        .map(|p| p.items)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .filter(|id| *id != server.me)
        .collect();
    Fixture {
        store: Box::new(server.client_as("admin")),
        me: server.me,
        people,
        _keep: Box::new(server),
    }
}

fn search_paging_and_filters(f: Fixture) {
    let s = f.store.as_ref();
    let massage = s
        .search_jobs(&JobQuery {
            text: "massage".into(),
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(massage.total >= 8);
    let all = s
        .search_jobs(&JobQuery {
            page_size: 15,
            ..Default::default()
        })
        .unwrap();
    let mut seen = std::collections::HashSet::new();
    for page in 0..all.page_count() {
        for j in s
            .search_jobs(&JobQuery {
                page,
                page_size: 15,
                ..Default::default()
            })
            .unwrap()
            .items
        {
            assert!(seen.insert(j.id));
        }
    }
    assert_eq!(seen.len() as u64, all.total);
    let remote_only = s
        .search_jobs(&JobQuery {
            remote_only: true,
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(remote_only.items.iter().all(|j| j.remote));
    let job = s.job(massage.items[0].id).unwrap();
    assert_eq!(job.title, massage.items[0].title);
    assert_eq!(
        s.job(999_999).unwrap_err(),
        StoreError::NotFound {
            what: Entity::Job,
            id: 999_999
        }
    );
    assert!(matches!(
        s.search_jobs(&JobQuery {
            text: "x".repeat(100),
            ..Default::default()
        }),
        Err(StoreError::Invalid { .. })
    ));
    assert!(!s.employers().unwrap().is_empty());
}

fn apply_is_idempotent_and_withdraw_works(f: Fixture) {
    let s = f.store.as_ref();
    let job = s
        .search_jobs(&JobQuery {
            page_size: 1,
            ..Default::default()
        })
        .unwrap()
        .items[0]
        .id;
    let request = ApplyRequest {
        request_id: new_request_id(),
        job_id: job,
        profile_id: f.me,
        note: "Ready to start.".into(),
        by: Actor::Jobseeker(f.me),
    };
    let a = s.apply(&request).unwrap();
    assert_eq!(s.apply(&request).unwrap().id, a.id);
    assert_eq!(s.applications(f.me).unwrap().len(), 1);
    let again = ApplyRequest {
        request_id: new_request_id(),
        ..request.clone()
    };
    assert_eq!(
        s.apply(&again).unwrap_err(),
        StoreError::AlreadyApplied {
            reference: a.reference.clone()
        }
    );
    let withdraw = ApplicationChange {
        request_id: new_request_id(),
        application_id: a.id,
        to: ApplicationStatus::Withdrawn,
        note: String::new(),
        by: Actor::Jobseeker(f.me),
    };
    let w = s.change_application(&withdraw).unwrap();
    assert_eq!(w.status, ApplicationStatus::Withdrawn);
    // Retried: answered, not applied twice.
    assert_eq!(s.change_application(&withdraw).unwrap().history.len(), 2);
    assert!(matches!(
        s.change_application(&ApplicationChange {
            request_id: new_request_id(),
            ..withdraw
        }),
        Err(StoreError::Transition(_))
    ));
    assert_eq!(
        s.application(a.id).unwrap().status,
        ApplicationStatus::Withdrawn
    );
}

fn capacity_waitlist_and_promotion(f: Fixture) {
    let s = f.store.as_ref();
    let start = today() + Duration::days(20);
    let course = s
        .post_course(
            Actor::Admin(1),
            common::course("Contract course", 2, start, start - Duration::days(1)),
        )
        .unwrap();
    let enrol = |p: Id| {
        s.register(&RegisterRequest {
            request_id: new_request_id(),
            course_id: course.id,
            profile_id: p,
            by: Actor::Jobseeker(p),
        })
        .unwrap()
    };
    let e: Vec<Enrollment> = f.people[..4].iter().map(|&p| enrol(p)).collect();
    assert_eq!(e[1].status, EnrollmentStatus::Registered);
    assert_eq!(e[2].waitlist_position, Some(1));
    assert_eq!(e[3].waitlist_position, Some(2));
    let c = s.course(course.id).unwrap();
    assert_eq!((c.seats_taken, c.waiting), (2, 2));
    s.change_enrollment(&EnrollmentChange {
        request_id: new_request_id(),
        enrollment_id: e[0].id,
        to: EnrollmentStatus::Cancelled,
        note: String::new(),
        by: Actor::Jobseeker(f.people[0]),
    })
    .unwrap();
    let promoted = s.enrollment(e[2].id).unwrap();
    assert_eq!(promoted.status, EnrollmentStatus::Registered);
    assert_eq!(
        promoted.history.last().unwrap().note,
        sqlite::PROMOTION_NOTE
    );
    assert_eq!(s.enrollment(e[3].id).unwrap().waitlist_position, Some(1));
}

fn invalid_profiles_change_nothing(f: Fixture) {
    let s = f.store.as_ref();
    let before = s.profile(f.me).unwrap();
    let mut bad = before.clone();
    bad.mobile = "12345".into();
    let err = s.save_profile(Actor::Jobseeker(f.me), bad).unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { ref errors } if errors[0].field == Field::Mobile),
        "{err:?}"
    );
    assert_eq!(s.profile(f.me).unwrap(), before);
    let mut good = before.clone();
    good.desired_work = "Audiobook narration".into();
    assert_eq!(
        s.save_profile(Actor::Jobseeker(f.me), good)
            .unwrap()
            .desired_work,
        "Audiobook narration"
    );
}

fn late_registration_is_refused(f: Fixture) {
    let s = f.store.as_ref();
    // Enrollment closed yesterday; the course starts tomorrow.
    let course = s
        .post_course(
            Actor::Admin(1),
            NewCourse {
                track: Track::HealthMassage,
                level: Some(MassageLevel::Five),
                district: District::Jimo,
                formats: vec![Format::Braille],
                ..common::course(
                    "Closing course",
                    5,
                    today() + Duration::days(1),
                    today() - Duration::days(1),
                )
            },
        )
        .unwrap();
    let register = |course_id| {
        s.register(&RegisterRequest {
            request_id: new_request_id(),
            course_id,
            profile_id: f.me,
            by: Actor::Jobseeker(f.me),
        })
    };
    assert_eq!(
        register(course.id).unwrap_err(),
        StoreError::DeadlinePassed {
            deadline: today() - Duration::days(1)
        }
    );
    assert!(
        s.enrollments(f.me)
            .unwrap()
            .iter()
            .all(|e| e.course_id != course.id)
    );
    assert_eq!(
        register(987_654).unwrap_err(),
        StoreError::NotFound {
            what: Entity::Course,
            id: 987_654
        }
    );
}

macro_rules! contract {
    ($($name:ident),+ $(,)?) => {
        mod on_sqlite {
            $(#[test] fn $name() { super::$name(super::sqlite()) })+
        }
        mod on_remote {
            $(#[test] fn $name() { super::$name(super::remote()) })+
        }
    };
}

contract!(
    search_paging_and_filters,
    apply_is_idempotent_and_withdraw_works,
    capacity_waitlist_and_promotion,
    invalid_profiles_change_nothing,
    late_registration_is_refused,
);
