//! One store contract, run against the SQLite store and against the remote
//! store talking to a server in this process on 127.0.0.1:0. The interface
//! cannot tell them apart, so neither may these tests.

use crate::common;
use std::any::Any;

use crate::common::server::TestServer;
use crate::common::{seeded, today};
use chrono::Duration;
use jobdesk::domain::employer_side;
use jobdesk::domain::*;
use jobdesk::i18n::Lang;
use jobdesk::store::*;

struct Fixture {
    /// The store as an administrator (SQLite: the local store).
    store: Box<dyn Store>,
    /// Who `store` acts as in casework calls that name an actor.
    admin: Actor,
    me: Id,
    people: Vec<Id>,
    /// The store as the demo counselor (remote: logged in as them).
    counselor: Box<dyn Store>,
    counselor_id: Id,
    /// Another counselor, with a person of their own.
    other_counselor: Id,
    others_person: Id,
    /// A person of the demo counselor's caseload, and the store as them.
    client: Id,
    as_client: Box<dyn Store>,
    db: std::path::PathBuf,
    _keep: Box<dyn Any>,
}

impl Fixture {
    /// The database behind the store, opened directly (audit log, setup).
    fn direct(&self) -> SqliteStore {
        SqliteStore::open_with_clock(&self.db, std::sync::Arc::new(common::clock())).unwrap()
    }

    fn counselor_actor(&self) -> Actor {
        Actor::Counselor(self.counselor_id)
    }
}

/// A new jobseeker, complete enough to apply, for `counselor`. `n` makes
/// the mobile and certificate numbers unique (below 300).
fn new_person(
    s: &SqliteStore,
    n: u16,
    name: &str,
    district: District,
    (category, level): (DisabilityCategory, u8),
    counselor: Option<Id>,
) -> Id {
    let profile = Profile {
        name: name.into(),
        mobile: format!("137{:08}", 700 + u32::from(n)),
        certificate: jobdesk::domain::certificate::sample(
            "370212",
            chrono::NaiveDate::from_ymd_opt(1985 + i32::from(n % 10), 4, 9).unwrap(),
            700 + n,
            category,
            level,
        ),
        district: Some(district),
        education: Some(Education::SeniorSecondary),
        formats: vec![Format::Audio],
        consent_at: today().and_hms_opt(9, 0, 0).map(|t| t.and_utc()),
        visual_component_confirmed: true,
        counselor_id: counselor,
        ..Profile::default()
    };
    s.save_profile(Actor::System, profile).unwrap().id
}

/// What casework needs besides the seed: a second counselor with a
/// person, and a person of the demo counselor's with a login.
fn casework_setup(s: &SqliteStore, counselor: Id) -> (Id, Id, Id) {
    let other = s
        .add_counselor(&Counselor {
            id: 0,
            name: "Zhao Min".into(),
            center: "Laoshan Centre".into(),
            district: District::Laoshan,
        })
        .unwrap();
    let others_person = new_person(
        s,
        1,
        "Other Person",
        District::Laoshan,
        (DisabilityCategory::Visual, 2),
        Some(other),
    );
    let client = new_person(
        s,
        2,
        "Casey Client",
        District::Shinan,
        (DisabilityCategory::Visual, 1),
        Some(counselor),
    );
    s.add_account(
        "casework-client",
        accounts::Role::Jobseeker,
        common::server::PIN,
        Some(client),
        None,
    )
    .unwrap();
    (other, others_person, client)
}

/// Seeded people of the demo counselor's with a visual disability, besides
/// the demo jobseeker;
/// the first few agreed that staff may act for them (the remote store
/// registers them as an administrator).
fn seeded_people(s: &SqliteStore, counselor: Id, me: Id) -> Vec<Id> {
    let people: Vec<Id> = s
        .case_rows(&common::caseload_query(counselor))
        .unwrap()
        .items
        .into_iter()
        // Those the test courses admit: a visual disability.
        .filter(|p| p.category == Some(DisabilityCategory::Visual))
        .map(|p| p.id)
        .filter(|id| *id != me)
        .collect();
    for &id in people.iter().take(6) {
        s.change_case(&jobdesk::domain::casework::CaseChange {
            request_id: new_request_id(),
            profile_id: id,
            by: Actor::Counselor(counselor),
            edit: jobdesk::domain::casework::CaseEdit::Agreement { agreed: true },
        })
        .unwrap();
    }
    people
}

fn sqlite() -> Fixture {
    let (dir, store, report) = seeded(Lang::En, 40);
    let me = report.me.unwrap();
    let counselor_id = report.counselor.unwrap();
    let people = seeded_people(&store, counselor_id, me);
    let (other_counselor, others_person, client) = casework_setup(&store, counselor_id);
    let db = dir.path().join("test.db");
    let open = || SqliteStore::open_with_clock(&db, std::sync::Arc::new(common::clock())).unwrap();
    Fixture {
        counselor: Box::new(open()),
        as_client: Box::new(open()),
        store: Box::new(store),
        admin: Actor::Admin(1),
        me,
        people,
        counselor_id,
        other_counselor,
        others_person,
        client,
        db,
        _keep: Box::new(dir),
    }
}

fn remote() -> Fixture {
    let server = TestServer::new(Lang::En, 40);
    let direct = server.direct();
    let people = seeded_people(&direct, server.counselor, server.me);
    let (other_counselor, others_person, client) = casework_setup(&direct, server.counselor);
    let admin = server.client_as("admin");
    Fixture {
        admin: admin.current_user().unwrap().unwrap(),
        store: Box::new(admin),
        counselor: Box::new(server.client_as("coach")),
        as_client: Box::new(server.client_as("casework-client")),
        me: server.me,
        people,
        counselor_id: server.counselor,
        other_counselor,
        others_person,
        client,
        db: server.db.clone(),
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

// Casework (the counselor's desk).

use jobdesk::domain::casework::*;

/// One change by the demo counselor, through `f.counselor`.
fn change(f: &Fixture, person: Id, edit: CaseEdit) -> StoreResult<CaseRecord> {
    f.counselor.change_case(&CaseChange {
        request_id: new_request_id(),
        profile_id: person,
        by: f.counselor_actor(),
        edit,
    })
}

fn rows(s: &dyn Store, query: CaseQuery) -> Page<CaseRow> {
    s.case_rows(&CaseQuery {
        page_size: 200,
        ..query
    })
    .unwrap()
}

fn ids(page: &Page<CaseRow>) -> Vec<Id> {
    page.items.iter().map(|r| r.id).collect()
}

fn open_jobs(s: &dyn Store, n: u32) -> Vec<JobSummary> {
    s.search_jobs(&JobQuery {
        page_size: n,
        ..Default::default()
    })
    .unwrap()
    .items
}

fn caseload_rows_filter_and_search(f: Fixture) {
    let d = f.direct();
    let c = Some(f.counselor_id);
    let ada = new_person(
        &d,
        11,
        "Ada Quill",
        District::Laoshan,
        (DisabilityCategory::Visual, 1),
        c,
    );
    let bo = new_person(
        &d,
        12,
        "Bo Quill",
        District::Huangdao,
        (DisabilityCategory::Physical, 3),
        c,
    );
    let cy = new_person(
        &d,
        13,
        "Cy Quill",
        District::Laoshan,
        (DisabilityCategory::Visual, 2),
        c,
    );
    let mut working = d.profile(bo).unwrap();
    working.employed = true;
    d.save_profile(Actor::System, working).unwrap();
    change(&f, ada, CaseEdit::Seeking { seeking: true }).unwrap();
    change(&f, cy, CaseEdit::Seeking { seeking: false }).unwrap();
    change(
        &f,
        ada,
        CaseEdit::Difficulty(Difficulty {
            recognised: true,
            basis: "Unemployed for over a year".into(),
            on: today() - Duration::days(5),
        }),
    )
    .unwrap();
    change(
        &f,
        ada,
        CaseEdit::AddStep(NewStep {
            kind: StepKind::Interview,
            description: "Interview at the clinic".into(),
            due_on: today() - Duration::days(10),
        }),
    )
    .unwrap();
    change(
        &f,
        bo,
        CaseEdit::Contact(NewContact {
            kind: ContactKind::Call,
            on: today(),
            note: "Phoned about the new job.".into(),
        }),
    )
    .unwrap();
    let q = |query: CaseQuery| {
        ids(&rows(
            f.counselor.as_ref(),
            CaseQuery {
                counselor_id: c,
                text: "Quill".into(),
                ..query
            },
        ))
    };
    assert_eq!(q(CaseQuery::default()), vec![ada, bo, cy], "in name order");
    let status = |s: CaseStatus| CaseQuery {
        statuses: vec![s],
        ..Default::default()
    };
    assert_eq!(q(status(CaseStatus::Looking)), vec![ada]);
    assert_eq!(q(status(CaseStatus::InWork)), vec![bo]);
    assert_eq!(q(status(CaseStatus::NotSeeking)), vec![cy]);
    let categories = CaseQuery {
        categories: vec![DisabilityCategory::Physical],
        ..Default::default()
    };
    assert_eq!(q(categories), vec![bo]);
    let levels = CaseQuery {
        levels: vec![1, 2],
        ..Default::default()
    };
    assert_eq!(q(levels), vec![ada, cy]);
    let districts = CaseQuery {
        districts: vec![District::Laoshan],
        ..Default::default()
    };
    assert_eq!(q(districts), vec![ada, cy]);
    let difficulty = CaseQuery {
        difficulty_only: true,
        ..Default::default()
    };
    assert_eq!(q(difficulty), vec![ada]);
    let overdue = CaseQuery {
        overdue_only: true,
        ..Default::default()
    };
    assert_eq!(q(overdue), vec![ada]);
    let no_contact = CaseQuery {
        no_contact_days: Some(NO_CONTACT_DAYS),
        ..Default::default()
    };
    assert_eq!(q(no_contact), vec![ada, cy]);
    // Every row of a filter over the whole caseload matches it.
    let all_overdue = rows(
        f.counselor.as_ref(),
        CaseQuery {
            counselor_id: c,
            overdue_only: true,
            ..Default::default()
        },
    );
    assert!(
        all_overdue
            .items
            .iter()
            .all(|r| r.next_due.is_some_and(|d| d < today()))
    );
    // A row says what the caseload line reads.
    let row = rows(
        f.counselor.as_ref(),
        CaseQuery {
            counselor_id: c,
            text: "Ada Quill".into(),
            ..Default::default()
        },
    );
    assert_eq!(row.total, 1);
    let row = &row.items[0];
    assert_eq!(
        (row.id, row.name.as_str(), row.district, row.status),
        (
            ada,
            "Ada Quill",
            Some(District::Laoshan),
            CaseStatus::Looking
        )
    );
    assert_eq!(
        (row.category, row.level, row.difficulty),
        (Some(DisabilityCategory::Visual), Some(1), true)
    );
    assert_eq!(row.next_due, Some(today() - Duration::days(10)));
    assert_eq!(row.last_contact, None);
    let bo_row = rows(
        f.counselor.as_ref(),
        CaseQuery {
            counselor_id: c,
            text: "Bo Quill".into(),
            ..Default::default()
        },
    );
    assert_eq!(bo_row.items[0].last_contact, Some(today()));
    // Search by mobile and by certificate number, whole or by its end.
    let a = d.profile(ada).unwrap();
    for text in [
        a.mobile.clone(),
        a.mobile[a.mobile.len() - 6..].to_string(),
        a.certificate.clone(),
        a.certificate[a.certificate.len() - 8..].to_string(),
    ] {
        let found = q_text(&f, &text);
        assert!(found.contains(&ada), "{text}: {found:?}");
        assert!(
            !found.contains(&bo) && !found.contains(&cy),
            "{text}: {found:?}"
        );
    }
    // Pages.
    let first = f
        .counselor
        .case_rows(&CaseQuery {
            counselor_id: c,
            text: "Quill".into(),
            page_size: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!((first.total, ids(&first)), (3, vec![ada, bo]));
    let second = f
        .counselor
        .case_rows(&CaseQuery {
            counselor_id: c,
            text: "Quill".into(),
            page: 1,
            page_size: 2,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ids(&second), vec![cy]);
}

fn q_text(f: &Fixture, text: &str) -> Vec<Id> {
    ids(&rows(
        f.counselor.as_ref(),
        CaseQuery {
            counselor_id: Some(f.counselor_id),
            text: text.into(),
            ..Default::default()
        },
    ))
}

fn a_counselor_keeps_only_their_own_caseload(f: Fixture) {
    let d = f.direct();
    let mine = rows(
        f.counselor.as_ref(),
        CaseQuery {
            counselor_id: Some(f.counselor_id),
            ..Default::default()
        },
    );
    assert!(ids(&mine).contains(&f.client));
    assert!(!ids(&mine).contains(&f.others_person));
    for row in &mine.items {
        assert_eq!(
            d.profile(row.id).unwrap().counselor_id,
            Some(f.counselor_id)
        );
    }
    // Staff see any caseload.
    let theirs = rows(
        f.store.as_ref(),
        CaseQuery {
            counselor_id: Some(f.other_counselor),
            ..Default::default()
        },
    );
    assert_eq!(ids(&theirs), vec![f.others_person]);
    // Another counselor's person is out of bounds.
    let by = f.counselor_actor();
    assert_eq!(
        f.counselor.case_record(by, f.others_person).unwrap_err(),
        StoreError::Forbidden
    );
    let goal = CaseEdit::Goal {
        goal: "Find work".into(),
    };
    assert_eq!(
        change(&f, f.others_person, goal.clone()).unwrap_err(),
        StoreError::Forbidden
    );
    let job = open_jobs(f.store.as_ref(), 1)[0].id;
    let recommend = |people: Vec<Id>| {
        f.counselor.recommend(&RecommendRequest {
            request_id: new_request_id(),
            by,
            target: Recommended::Job(job),
            profile_ids: people,
            note: String::new(),
        })
    };
    assert_eq!(
        recommend(vec![f.others_person]).unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(
        recommend(vec![f.client, f.others_person]).unwrap_err(),
        StoreError::Forbidden
    );
    assert!(
        f.store.recommendations(f.client).unwrap().is_empty(),
        "all or none"
    );
    // Assigning is for staff.
    let assign = CaseEdit::Assign {
        counselor_id: Some(f.other_counselor),
    };
    assert_eq!(
        change(&f, f.client, assign.clone()).unwrap_err(),
        StoreError::Forbidden
    );
    let moved = f
        .store
        .change_case(&CaseChange {
            request_id: new_request_id(),
            profile_id: f.client,
            by: f.admin,
            edit: assign,
        })
        .unwrap();
    assert_eq!(moved.profile.counselor_id, Some(f.other_counselor));
    assert_eq!(moved.counselor_name.as_deref(), Some("Zhao Min"));
    assert_eq!(
        f.counselor.case_record(by, f.client).unwrap_err(),
        StoreError::Forbidden
    );
    let names: Vec<String> = f
        .store
        .counselors()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(
        names.contains(&"Li Na".to_string()) && names.contains(&"Zhao Min".to_string()),
        "{names:?}"
    );
}

fn every_record_read_is_audited(f: Fixture) {
    let d = f.direct();
    let by = f.counselor_actor();
    let before = d.audit_entries(f.client).unwrap().len();
    let record = f.counselor.case_record(by, f.client).unwrap();
    assert_eq!(record.profile.id, f.client);
    assert_eq!(record.counselor_name.as_deref(), Some("Li Na"));
    f.counselor.case_record(by, f.client).unwrap();
    let audit = d.audit_entries(f.client).unwrap();
    assert_eq!(audit.len(), before + 2, "one entry per read: {audit:?}");
    assert!(
        audit[before..]
            .iter()
            .all(|(_, who, _)| who == &by.to_code()),
        "{audit:?}"
    );
    // Changes are audited too.
    change(&f, f.client, CaseEdit::Seeking { seeking: true }).unwrap();
    let audit = d.audit_entries(f.client).unwrap();
    assert!(audit.len() > before + 2, "{audit:?}");
}

fn a_retried_case_change_changes_nothing(f: Fixture) {
    let contact = CaseChange {
        request_id: new_request_id(),
        profile_id: f.client,
        by: f.counselor_actor(),
        edit: CaseEdit::Contact(NewContact {
            kind: ContactKind::Visit,
            on: today(),
            note: "Visited at home.".into(),
        }),
    };
    let before = f
        .counselor
        .case_record(f.counselor_actor(), f.client)
        .unwrap()
        .log
        .len();
    let first = f.counselor.change_case(&contact).unwrap();
    assert_eq!(first.log.len(), before + 1);
    let again = f.counselor.change_case(&contact).unwrap();
    assert_eq!(again.log.len(), before + 1, "answered, not made twice");
    let now = f
        .counselor
        .case_record(f.counselor_actor(), f.client)
        .unwrap();
    assert_eq!(now.log.len(), before + 1);
    // The same id for another change is refused.
    let other = CaseChange {
        edit: CaseEdit::Goal {
            goal: "Something else".into(),
        },
        ..contact.clone()
    };
    assert_eq!(
        f.counselor.change_case(&other).unwrap_err(),
        StoreError::RequestIdReused
    );
    // A retried recommendation too.
    let job = open_jobs(f.store.as_ref(), 1)[0].id;
    let request = RecommendRequest {
        request_id: new_request_id(),
        by: f.counselor_actor(),
        target: Recommended::Job(job),
        profile_ids: vec![f.client],
        note: "Near the metro.".into(),
    };
    let made = f.counselor.recommend(&request).unwrap();
    assert_eq!(f.counselor.recommend(&request).unwrap(), made);
    assert_eq!(f.store.recommendations(f.client).unwrap().len(), 1);
}

fn acting_for_a_person_needs_their_agreement(f: Fixture) {
    let by = f.counselor_actor();
    let jobs = open_jobs(f.store.as_ref(), 2);
    let apply = |job: Id| {
        f.counselor.apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: job,
            profile_id: f.client,
            note: String::new(),
            by,
        })
    };
    let start = today() + Duration::days(20);
    let course = f
        .store
        .post_course(
            f.admin,
            common::course("On behalf course", 5, start, start - Duration::days(1)),
        )
        .unwrap();
    let register = || {
        f.counselor.register(&RegisterRequest {
            request_id: new_request_id(),
            course_id: course.id,
            profile_id: f.client,
            by,
        })
    };
    assert_eq!(apply(jobs[0].id).unwrap_err(), StoreError::NoAgreement);
    assert_eq!(register().unwrap_err(), StoreError::NoAgreement);
    assert!(f.store.applications(f.client).unwrap().is_empty());
    let record = change(&f, f.client, CaseEdit::Agreement { agreed: true }).unwrap();
    let agreed = record.agreement.expect("the agreement is recorded");
    assert_eq!((agreed.by, agreed.by_name.as_str()), (by, "Li Na"));
    let a = apply(jobs[0].id).unwrap();
    assert_eq!(a.history[0].by, by, "the history names the counselor");
    assert_eq!(a.profile_id, f.client);
    let e = register().unwrap();
    assert_eq!(e.history[0].by, by);
    let record = f.counselor.case_record(by, f.client).unwrap();
    assert_eq!(record.applications.len(), 1);
    assert_eq!(record.enrollments.len(), 1);
    // Taken back: no more on the person's behalf.
    change(&f, f.client, CaseEdit::Agreement { agreed: false }).unwrap();
    assert_eq!(apply(jobs[1].id).unwrap_err(), StoreError::NoAgreement);
    // The person still applies for themself.
    let own = f
        .as_client
        .apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: jobs[1].id,
            profile_id: f.client,
            note: String::new(),
            by: Actor::Jobseeker(f.client),
        })
        .unwrap();
    assert_eq!(own.history[0].by, Actor::Jobseeker(f.client));
}

fn recommendations_reach_the_person_and_are_marked_seen(f: Fixture) {
    let by = f.counselor_actor();
    let d = f.direct();
    let second = new_person(
        &d,
        21,
        "Dee Second",
        District::Shinan,
        (DisabilityCategory::Visual, 2),
        Some(f.counselor_id),
    );
    let jobs = open_jobs(f.store.as_ref(), 2);
    for job in &jobs {
        let made = f
            .counselor
            .recommend(&RecommendRequest {
                request_id: new_request_id(),
                by,
                target: Recommended::Job(job.id),
                profile_ids: vec![f.client, second],
                note: "Worth a call.".into(),
            })
            .unwrap();
        assert_eq!(made.len(), 2, "one per person");
        assert!(made.iter().all(|r| r.title == job.title && !r.seen));
    }
    let heard = f.as_client.recommendations(f.client).unwrap();
    assert_eq!(heard.len(), 2);
    assert!(heard.iter().all(|r| !r.seen && r.profile_id == f.client));
    assert!(
        heard
            .iter()
            .all(|r| r.stamp.by == by && r.stamp.by_name == "Li Na")
    );
    let mut targets: Vec<Recommended> = heard.iter().map(|r| r.target).collect();
    targets.sort_by_key(|t| match t {
        Recommended::Job(id) | Recommended::Course(id) => *id,
    });
    let mut expected: Vec<Recommended> = jobs.iter().map(|j| Recommended::Job(j.id)).collect();
    expected.sort_by_key(|t| match t {
        Recommended::Job(id) | Recommended::Course(id) => *id,
    });
    assert_eq!(targets, expected);
    f.as_client.mark_recommendations_seen(f.client).unwrap();
    assert!(
        f.as_client
            .recommendations(f.client)
            .unwrap()
            .iter()
            .all(|r| r.seen)
    );
    // Only this person's are marked.
    assert!(
        f.store
            .recommendations(second)
            .unwrap()
            .iter()
            .all(|r| !r.seen)
    );
    // The record shows them too.
    let record = f.counselor.case_record(by, second).unwrap();
    assert_eq!(record.recommendations.len(), 2);
    // A course, too.
    let course = f
        .store
        .search_courses(&CourseQuery {
            page_size: 1,
            ..Default::default()
        })
        .unwrap()
        .items[0]
        .clone();
    let made = f
        .counselor
        .recommend(&RecommendRequest {
            request_id: new_request_id(),
            by,
            target: Recommended::Course(course.id),
            profile_ids: vec![f.client],
            note: String::new(),
        })
        .unwrap();
    assert_eq!(made[0].title, course.title);
    let heard = f.as_client.recommendations(f.client).unwrap();
    assert_eq!(heard.len(), 3);
    assert_eq!(
        heard[0].target,
        Recommended::Course(course.id),
        "newest first"
    );
    assert!(!heard[0].seen);
}

fn a_placement_schedules_three_follow_ups(f: Fixture) {
    let d = f.direct();
    let person = new_person(
        &d,
        31,
        "Eli Placed",
        District::Shinan,
        (DisabilityCategory::Visual, 1),
        Some(f.counselor_id),
    );
    let before = f.counselor.due_counts(f.counselor_id).unwrap();
    let started_on = today() - Duration::days(100);
    let record = change(
        &f,
        person,
        CaseEdit::Placement(NewPlacement {
            employer: "Harbour Clinic".into(),
            job_id: None,
            job_title: "Massage therapist".into(),
            kind: WorkKind::HealthMassage,
            started_on,
            contract: Contract::FixedTerm,
            monthly_pay: 4200,
            home_based: false,
        }),
    )
    .unwrap();
    assert_eq!(record.placements.len(), 1);
    let placement = &record.placements[0];
    assert_eq!(placement.follow_ups, follow_ups(started_on));
    assert_eq!(placement.stamp.by, f.counselor_actor());
    assert!(!placement.counts_as_placed());
    let one_month = follow_ups(started_on)[0].due_on;
    assert_eq!(record.next_due(), Some(one_month));
    let row = rows(
        f.counselor.as_ref(),
        CaseQuery {
            counselor_id: Some(f.counselor_id),
            text: "Eli Placed".into(),
            ..Default::default()
        },
    );
    assert_eq!(row.items[0].next_due, Some(one_month));
    // The 1- and 3-month follow-ups are past: one more person overdue.
    let after = f.counselor.due_counts(f.counselor_id).unwrap();
    assert_eq!(after.overdue, before.overdue + 1);
    // The 3-month call confirms work: placed.
    let id = placement.id;
    let follow = |months: u8| CaseEdit::FollowUp {
        placement_id: id,
        months,
        done_on: today(),
        still_working: true,
        note: "Still there.".into(),
    };
    change(&f, person, follow(1)).unwrap();
    let record = change(&f, person, follow(3)).unwrap();
    assert!(record.placements[0].counts_as_placed());
    let six = follow_ups(started_on)[2].due_on;
    assert_eq!(record.next_due(), Some(six));
    assert_eq!(f.counselor.due_counts(f.counselor_id).unwrap(), before);
    // The 6-month one cannot be done yet.
    assert!(matches!(
        change(&f, person, follow(6)),
        Err(StoreError::Invalid { .. })
    ));
}

fn every_change_is_dated_and_names_the_counselor(f: Fixture) {
    let by = f.counselor_actor();
    let p = f.client;
    change(
        &f,
        p,
        CaseEdit::Needs(Needs {
            desired_work: "Customer service".into(),
            hours: HoursWanted::PartTime,
            home_based: true,
            places: "Shinan".into(),
            accommodations: "A screen reader".into(),
        }),
    )
    .unwrap();
    let assessment = Assessment {
        assessed_on: today() - Duration::days(1),
        mobility: Skill::Good,
        computer: Skill::Basic,
        communication: Skill::Good,
        massage: Skill::None,
        years_worked: 3,
        result: AbilityResult::ReadyWithSupport,
        note: "Types well with a screen reader.".into(),
    };
    change(&f, p, CaseEdit::Assessment(assessment.clone())).unwrap();
    change(
        &f,
        p,
        CaseEdit::CounselorFields(CounselorFields {
            massage_level: Some(MassageLevel::Four),
            practice_certificate: true,
            visual_component_confirmed: true,
        }),
    )
    .unwrap();
    change(
        &f,
        p,
        CaseEdit::Goal {
            goal: "Home-based customer service by spring".into(),
        },
    )
    .unwrap();
    let record = change(
        &f,
        p,
        CaseEdit::AddStep(NewStep {
            kind: StepKind::Training,
            description: "Screen reader course".into(),
            due_on: today() + Duration::days(30),
        }),
    )
    .unwrap();
    let step = record.steps.last().unwrap().id;
    change(
        &f,
        p,
        CaseEdit::CompleteStep {
            step_id: step,
            done_on: today(),
            outcome: "Registered".into(),
        },
    )
    .unwrap();
    let household = Household {
        members: 3,
        others_in_work: 0,
        zero_employment: true,
    };
    change(&f, p, CaseEdit::Household(household.clone())).unwrap();
    // A bad edit changes nothing.
    let bad = CaseEdit::Contact(NewContact {
        kind: ContactKind::Call,
        on: today(),
        note: "   ".into(),
    });
    let before = f.counselor.case_record(by, p).unwrap();
    assert!(matches!(
        change(&f, p, bad),
        Err(StoreError::Invalid { .. })
    ));
    let record = f.counselor.case_record(by, p).unwrap();
    assert_eq!(record.log, before.log);
    let stamped = |s: &Stamp| s.by == by && s.by_name == "Li Na" && s.at.date_naive() == today();
    let (needs, stamp) = record.needs.as_ref().expect("needs");
    assert!(needs.home_based && stamped(stamp));
    assert_eq!(record.assessments[0].0, assessment);
    assert!(stamped(&record.assessments[0].1));
    assert_eq!(record.profile.massage_level, Some(MassageLevel::Four));
    assert!(record.profile.practice_certificate);
    assert!(record.fields_stamp.as_ref().is_some_and(stamped));
    assert_eq!(record.profile.plan, "Home-based customer service by spring");
    assert!(record.goal_stamp.as_ref().is_some_and(stamped));
    let done = record.steps.iter().find(|s| s.id == step).unwrap();
    assert_eq!(
        (done.done_on, done.outcome.as_str()),
        (Some(today()), "Registered")
    );
    assert!(stamped(&done.stamp));
    let (h, stamp) = record.household.as_ref().expect("household");
    assert_eq!(h, &household);
    assert!(stamped(stamp));
    // Completing a step that does not exist.
    assert!(matches!(
        change(
            &f,
            p,
            CaseEdit::CompleteStep {
                step_id: 987_654,
                done_on: today(),
                outcome: String::new(),
            }
        ),
        Err(StoreError::NotFound { .. })
    ));
}

/// Staff record contacts in the log of the person's counselor: for
/// someone without one the store asks for a counselor first and writes
/// nothing; once assigned, the entry names them.
fn a_contact_needs_a_counselor_to_log_it(f: Fixture) {
    let d = f.direct();
    let nobodys = new_person(
        &d,
        290,
        "Zhou Min",
        District::Licang,
        (DisabilityCategory::Visual, 2),
        None,
    );
    let staff = |edit: CaseEdit| {
        f.store.change_case(&CaseChange {
            request_id: new_request_id(),
            profile_id: nobodys,
            by: f.admin,
            edit,
        })
    };
    let contact = CaseEdit::Contact(NewContact {
        kind: ContactKind::Call,
        on: today(),
        note: "Called about the intake".into(),
    });
    match staff(contact.clone()).unwrap_err() {
        StoreError::Invalid { errors } => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].field, Field::Counselor);
            assert_eq!(errors[0].problem, Problem::Required);
        }
        other => panic!("{other:?}"),
    }
    assert!(d.case_record(f.admin, nobodys).unwrap().log.is_empty());
    staff(CaseEdit::Assign {
        counselor_id: Some(f.counselor_id),
    })
    .unwrap();
    let record = staff(contact).unwrap();
    assert_eq!(record.log.len(), 1);
    assert_eq!(record.log[0].counselor_id, f.counselor_id);
}

fn an_import_is_all_or_nothing_and_harmless_again(f: Fixture) {
    use jobdesk::store::import::*;
    let employer = |line: usize, id: &str, name: &str| Imported {
        line,
        external_id: id.into(),
        record: Employer {
            id: 0,
            name: name.into(),
            district: District::Laoshan,
            medical_institution: false,
            contact: String::new(),
        },
    };
    let job = |line: usize, id: &str, employer: &str, title: &str| Imported {
        line,
        external_id: id.into(),
        record: ImportJob {
            employer: employer.into(),
            job: NewJob {
                employer_id: 0,
                title: title.into(),
                kind: WorkKind::CustomerService,
                district: District::Laoshan,
                address: String::new(),
                description: String::new(),
                salary_min: 3000,
                salary_max: 4000,
                openings: 1,
                suits_visual: true,
                remote: false,
                requires_practice_certificate: false,
                accommodations: String::new(),
                how_to_apply: String::new(),
                posted_on: today(),
                closes_on: today() + Duration::days(30),
            },
            posted_on_given: false,
        },
    };
    let titled = |s: &dyn Store, text: &str| {
        s.search_jobs(&JobQuery {
            text: text.into(),
            page_size: 10,
            ..JobQuery::default()
        })
        .unwrap()
        .total
    };
    let employers_before = f.store.employers().unwrap().len();
    let employers = ImportBatch::Employers(vec![
        employer(2, "IMP-E1", "Laoshan Listening Line"),
        employer(3, "IMP-E2", "崂山客服中心"),
    ]);
    // Counselors and jobseekers may not import, and nothing is written.
    assert_eq!(
        f.counselor.import(f.counselor_actor(), &employers, false),
        Err(StoreError::Forbidden)
    );
    assert_eq!(
        f.as_client
            .import(Actor::Jobseeker(f.client), &employers, false),
        Err(StoreError::Forbidden)
    );
    assert_eq!(f.store.employers().unwrap().len(), employers_before);

    // A dry run counts and writes nothing.
    let counts = f.store.import(f.admin, &employers, true).unwrap().unwrap();
    assert_eq!((counts.added, counts.updated, counts.unchanged), (2, 0, 0));
    assert_eq!(f.store.employers().unwrap().len(), employers_before);
    let counts = f.store.import(f.admin, &employers, false).unwrap().unwrap();
    assert_eq!(counts.added, 2);
    assert_eq!(f.store.employers().unwrap().len(), employers_before + 2);
    let again = f.store.import(f.admin, &employers, false).unwrap().unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 2));

    // One bad line (an employer nobody has) and nothing of the file is written.
    let bad = ImportBatch::Jobs(vec![
        job(2, "IMP-J1", "IMP-E1", "Listening line operator"),
        job(3, "IMP-J2", "Nobody Ltd", "Hotline 客服"),
    ]);
    let refused = f.store.import(f.admin, &bad, false).unwrap().unwrap_err();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].line, 3);
    assert_eq!(
        refused[0].problem,
        LineProblem::UnknownEmployer {
            value: "Nobody Ltd".into()
        }
    );
    assert_eq!(titled(f.store.as_ref(), "Listening line operator"), 0);

    // Employers by external id or by name; a changed line updates.
    let good = ImportBatch::Jobs(vec![
        job(2, "IMP-J1", "IMP-E1", "Listening line operator"),
        job(3, "IMP-J2", "崂山客服中心", "Hotline 客服"),
    ]);
    let counts = f.store.import(f.admin, &good, false).unwrap().unwrap();
    assert_eq!(counts.added, 2);
    assert_eq!(titled(f.store.as_ref(), "Listening line operator"), 1);
    let changed = ImportBatch::Jobs(vec![
        job(2, "IMP-J1", "IMP-E1", "Night listening line operator"),
        job(3, "IMP-J2", "崂山客服中心", "Hotline 客服"),
    ]);
    let counts = f.store.import(f.admin, &changed, false).unwrap().unwrap();
    assert_eq!((counts.added, counts.updated, counts.unchanged), (0, 1, 1));
    assert_eq!(titled(f.store.as_ref(), "Night listening"), 1);
}

// Accounts and the audit log (the staff desk).

fn account_named(f: &Fixture, login: &str) -> jobdesk::store::accounts::AccountRow {
    let query = jobdesk::store::accounts::AccountQuery {
        text: login.into(),
        page: 0,
        page_size: 10,
    };
    let page = f.store.account_rows(f.admin, &query).unwrap();
    page.items
        .into_iter()
        .find(|r| r.login == login)
        .unwrap_or_else(|| panic!("no account {login}"))
}

fn accounts_are_kept_and_every_change_audited(f: Fixture) {
    use jobdesk::store::accounts::*;
    let d = f.direct();
    let new = NewAccount {
        login: "new-coach".into(),
        role: Some(Role::Counselor),
        secret: "5678".into(),
        name: "Zhou Min".into(),
        center: "Shinan service center".into(),
        district: Some(District::Shinan),
        employer_id: None,
    };
    // Every missing field is named, and nothing is made.
    let Err(StoreError::Invalid { errors }) = f.store.create_account(
        f.admin,
        &NewAccount {
            login: " ".into(),
            role: Some(Role::Counselor),
            ..NewAccount::default()
        },
    ) else {
        panic!("an empty request was accepted");
    };
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    for field in [
        Field::Login,
        Field::Pin,
        Field::Name,
        Field::Center,
        Field::District,
    ] {
        assert!(fields.contains(&field), "{field:?} not named: {errors:?}");
    }
    let row = f.store.create_account(f.admin, &new).unwrap();
    assert_eq!((row.role, row.name.as_str()), (Role::Counselor, "Zhou Min"));
    assert!(!row.disabled && row.locked_until.is_none());
    assert!(matches!(row.actor, Actor::Counselor(_)));
    assert_eq!(
        f.store.create_account(f.admin, &new),
        Err(StoreError::LoginTaken)
    );
    // A counselor keeps no accounts and reads no audit log.
    assert_eq!(
        f.counselor
            .account_rows(f.counselor_actor(), &AccountQuery::default())
            .map(|_| ()),
        Err(StoreError::Forbidden)
    );
    assert_eq!(
        f.counselor
            .change_account(
                f.counselor_actor(),
                &AccountChange {
                    account_id: row.id,
                    action: AccountAction::Disable,
                }
            )
            .map(|_| ()),
        Err(StoreError::Forbidden)
    );
    assert_eq!(
        f.counselor
            .audit_rows(f.counselor_actor(), &AuditQuery::default())
            .map(|_| ()),
        Err(StoreError::Forbidden)
    );

    // Locked by failed logins from one address; unlocked at the desk.
    let before = d.login("new-coach", "5678").unwrap();
    for _ in 0..MAX_FAILED_LOGINS {
        let _ = d.login_from("new-coach", "0000", "10.0.0.9");
    }
    assert!(matches!(
        d.login_from("new-coach", "5678", "10.0.0.9"),
        Err(StoreError::Locked { .. })
    ));
    assert!(account_named(&f, "new-coach").locked_until.is_some());
    let change = |action| {
        f.store
            .change_account(
                f.admin,
                &AccountChange {
                    account_id: row.id,
                    action,
                },
            )
            .unwrap()
    };
    assert!(change(AccountAction::Unlock).locked_until.is_none());
    d.login_from("new-coach", "5678", "10.0.0.9").unwrap();

    // A new PIN: the old one and the old sessions no longer work.
    assert!(matches!(
        f.store.change_account(
            f.admin,
            &AccountChange {
                account_id: row.id,
                action: AccountAction::ResetPin { secret: "1".into() },
            }
        ),
        Err(StoreError::Invalid { .. })
    ));
    change(AccountAction::ResetPin {
        secret: "97531".into(),
    });
    assert!(matches!(
        d.login("new-coach", "5678"),
        Err(StoreError::LoginFailed { .. })
    ));
    assert_eq!(d.session(&before.token), Err(StoreError::SessionExpired));
    let session = d.login("new-coach", "97531").unwrap();

    // Disabled: the right PIN is refused as disabled (a wrong one as
    // wrong), and the sessions end; enabled again, it works.
    assert!(change(AccountAction::Disable).disabled);
    assert_eq!(d.session(&session.token), Err(StoreError::SessionExpired));
    assert_eq!(
        d.login("new-coach", "97531").map(|_| ()),
        Err(StoreError::AccountDisabled)
    );
    assert!(matches!(
        d.login("new-coach", "0000"),
        Err(StoreError::LoginFailed { .. })
    ));
    assert!(!change(AccountAction::Enable).disabled);
    d.login("new-coach", "97531").unwrap();

    // Every change is in the audit log, newest first, with the account.
    let all = f
        .store
        .audit_rows(
            f.admin,
            &AuditQuery {
                page_size: 20,
                ..AuditQuery::default()
            },
        )
        .unwrap();
    let ours: Vec<&str> = all
        .items
        .iter()
        .filter(|r| r.account_login == "new-coach")
        .map(|r| r.action.as_str())
        .collect();
    assert_eq!(
        ours,
        [
            "account_enable",
            "account_disable",
            "account_reset_pin",
            "account_unlock",
            "account_add"
        ]
    );
    assert!(
        all.items
            .iter()
            .filter(|r| r.account_login == "new-coach")
            .all(|r| r.actor == f.admin)
    );
    // By date: nothing from tomorrow on, everything up to today.
    let day = |from, to| AuditQuery {
        from,
        to,
        page_size: 50,
        ..AuditQuery::default()
    };
    let tomorrow = today().succ_opt();
    let later = f.store.audit_rows(f.admin, &day(tomorrow, None)).unwrap();
    assert_eq!(later.total, 0, "{later:?}");
    let today = Some(today());
    let until_today = f.store.audit_rows(f.admin, &day(None, today)).unwrap();
    assert_eq!(until_today.total, all.total);
}

fn the_audit_log_is_read_by_person_and_by_actor(f: Fixture) {
    use jobdesk::store::accounts::*;
    let by = f.counselor_actor();
    f.counselor.case_record(by, f.client).unwrap();
    let client = f.store.profile(f.client).unwrap();
    let coach = f.store.counselor(f.counselor_id).unwrap();
    let by_person = f
        .store
        .audit_rows(
            f.admin,
            &AuditQuery {
                person: client.name.clone(),
                page_size: 50,
                ..AuditQuery::default()
            },
        )
        .unwrap();
    assert!(by_person.total >= 1);
    assert!(
        by_person
            .items
            .iter()
            .all(|r| r.person_name.contains(&client.name)),
        "{by_person:?}"
    );
    assert!(
        by_person
            .items
            .iter()
            .any(|r| r.profile_id == Some(f.client) && r.actor == by && r.actor_name == coach.name)
    );
    let by_actor = f
        .store
        .audit_rows(
            f.admin,
            &AuditQuery {
                actor: coach.name.clone(),
                page_size: 50,
                ..AuditQuery::default()
            },
        )
        .unwrap();
    assert!(by_actor.total >= 1);
    assert!(by_actor.items.iter().all(|r| r.actor == by), "{by_actor:?}");
    let nobody = f
        .store
        .audit_rows(
            f.admin,
            &AuditQuery {
                actor: "no such name at all".into(),
                ..AuditQuery::default()
            },
        )
        .unwrap();
    assert_eq!(nobody.total, 0);
}

fn a_counselors_caseload_moves_to_another(f: Fixture) {
    assert_eq!(
        f.counselor
            .move_caseload(f.counselor_actor(), f.other_counselor, f.counselor_id),
        Err(StoreError::Forbidden)
    );
    let moved = f
        .store
        .move_caseload(f.admin, f.other_counselor, f.counselor_id)
        .unwrap();
    assert_eq!(moved, 1);
    let person = f.store.profile(f.others_person).unwrap();
    assert_eq!(person.counselor_id, Some(f.counselor_id));
    let left = rows(
        f.store.as_ref(),
        CaseQuery {
            counselor_id: Some(f.other_counselor),
            page_size: 10,
            ..CaseQuery::default()
        },
    );
    assert_eq!(left.total, 0);
    // Each move is in the person's audited record.
    let audit = f.direct().audit_entries(f.others_person).unwrap();
    assert!(
        audit.iter().any(|(_, who, _)| who == &f.admin.to_code()),
        "{audit:?}"
    );
}

// Employer side (issue 15 point 4): an employer's jobs, the applicants to
// them as consent allows, and the steps of an answer, each in the person's
// dated history naming who made it; staff may act for any employer.

/// The store as someone else: logged in as `login` on the server, or the
/// same file (the local store trusts the actor it is given).
fn as_login(f: &Fixture, login: &str) -> Box<dyn Store> {
    match f._keep.downcast_ref::<TestServer>() {
        Some(server) => Box::new(server.client_as(login)),
        None => Box::new(f.direct()),
    }
}

fn step(application_id: Id, step: employer_side::Step, by: Actor) -> EmployerResponse {
    EmployerResponse {
        request_id: new_request_id(),
        application_id,
        step,
        by,
    }
}

fn an_employer_answers_its_own_applicants_and_staff_act_for_it(f: Fixture) {
    use employer_side::{Interview, InterviewMode, Step};
    let direct = f.direct();
    // Two jobs of two employers.
    let jobs = open_jobs(f.store.as_ref(), 40);
    // An open job nobody has applied to yet (the seed applies to some).
    let job_a = jobs
        .iter()
        .map(|j| f.store.job(j.id).unwrap())
        .find(|j| {
            f.store
                .employer_jobs(f.admin, j.employer_id)
                .unwrap()
                .iter()
                .any(|row| row.id == j.id && row.applications == 0)
        })
        .unwrap();
    let job_b = jobs
        .iter()
        .map(|j| f.store.job(j.id).unwrap())
        .find(|j| j.employer_id != job_a.employer_id)
        .unwrap();
    let (a, b) = (job_a.employer_id, job_b.employer_id);
    let a_name = f
        .store
        .employers()
        .unwrap()
        .into_iter()
        .find(|e| e.id == a)
        .unwrap()
        .name;
    direct
        .add_account_owned(
            "hr-a",
            accounts::Role::Employer,
            common::server::PIN,
            accounts::Owner::Employer(a),
        )
        .unwrap();
    direct
        .add_account_owned(
            "hr-b",
            accounts::Role::Employer,
            common::server::PIN,
            accounts::Owner::Employer(b),
        )
        .unwrap();
    let staff_id = direct
        .add_account_owned(
            "desk-wang",
            accounts::Role::Staff,
            common::server::PIN,
            accounts::Owner::Nobody,
        )
        .unwrap()
        .id;
    let (hr_a, hr_b, staff) = (
        as_login(&f, "hr-a"),
        as_login(&f, "hr-b"),
        as_login(&f, "desk-wang"),
    );
    let (ea, eb, st) = (
        Actor::Employer(a),
        Actor::Employer(b),
        Actor::Staff(staff_id),
    );

    // The client (who consented) applies to A's job.
    let applied = f
        .as_client
        .apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: job_a.id,
            profile_id: f.client,
            note: "Available from January.".into(),
            by: Actor::Jobseeker(f.client),
        })
        .unwrap();

    let mine = hr_a.employer_jobs(ea, a).unwrap();
    let row = mine.iter().find(|j| j.id == job_a.id).unwrap();
    assert_eq!((row.applications, row.not_viewed), (1, 1));
    assert!(mine.iter().all(|j| j.employer_id == a));
    assert_eq!(hr_a.employer_jobs(ea, b), Err(StoreError::Forbidden));

    let list = hr_a.job_applicants(ea, job_a.id).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "Casey Client");
    assert_eq!(list[0].note, "Available from January.");
    assert_eq!(list[0].status, ApplicationStatus::Submitted);
    let shared = list[0].shared.clone().unwrap();
    assert_eq!(shared.category, Some(DisabilityCategory::Visual));
    assert_eq!(shared.formats, vec![Format::Audio]);

    // Another employer, a counselor, the jobseeker: refused, nothing changes.
    assert_eq!(
        hr_b.job_applicants(eb, job_a.id),
        Err(StoreError::Forbidden)
    );
    assert_eq!(hr_b.applicant(eb, applied.id), Err(StoreError::Forbidden));
    assert_eq!(
        hr_b.respond(&step(applied.id, Step::MarkViewed, eb)),
        Err(StoreError::Forbidden)
    );
    assert_eq!(
        f.counselor.job_applicants(f.counselor_actor(), job_a.id),
        Err(StoreError::Forbidden)
    );
    assert_eq!(
        f.as_client
            .respond(&step(
                applied.id,
                Step::MarkViewed,
                Actor::Jobseeker(f.client)
            ))
            .map(|_| ()),
        Err(StoreError::Forbidden)
    );
    assert_eq!(f.store.application(applied.id).unwrap().history.len(), 1);

    // Opening it marks it viewed, once however often it is retried.
    let viewed = step(applied.id, Step::MarkViewed, ea);
    assert_eq!(
        hr_a.respond(&viewed).unwrap().status,
        ApplicationStatus::UnderReview
    );
    assert!(hr_a.respond(&viewed).unwrap().viewed());
    assert!(
        hr_a.respond(&step(applied.id, Step::MarkViewed, ea))
            .is_ok()
    );
    assert_eq!(f.store.application(applied.id).unwrap().history.len(), 2);

    // A past date and no way to join: both said, nothing changes.
    let remote = Interview {
        on: today() + Duration::days(3),
        at: chrono::NaiveTime::from_hms_opt(10, 30, 0).unwrap(),
        mode: InterviewMode::Remote,
        details: "Tencent Meeting 123 456 789".into(),
    };
    let bad = Interview {
        on: today() - Duration::days(1),
        details: " ".into(),
        ..remote.clone()
    };
    match hr_a.respond(&step(applied.id, Step::Invite { interview: bad }, ea)) {
        Err(StoreError::Invalid { errors }) => assert_eq!(
            errors.iter().map(|e| e.field).collect::<Vec<_>>(),
            vec![Field::Dates, Field::Address]
        ),
        other => panic!("{other:?}"),
    }
    let invited = hr_a
        .respond(&step(
            applied.id,
            Step::Invite {
                interview: remote.clone(),
            },
            ea,
        ))
        .unwrap();
    assert_eq!(invited.status, ApplicationStatus::InterviewScheduled);
    assert_eq!(invited.interview.as_ref(), Some(&remote));

    // The jobseeker reads the invitation, dated, by the employer's name.
    let theirs = f.as_client.application(applied.id).unwrap();
    assert_eq!(theirs.interview.as_deref(), Some(&remote));
    let last = theirs.history.last().unwrap();
    assert_eq!(last.status, ApplicationStatus::InterviewScheduled);
    assert_eq!(last.by, ea);
    assert_eq!(last.at.date_naive(), today());
    assert!(
        last.note.contains("Tencent Meeting 123 456 789"),
        "{}",
        last.note
    );
    assert_eq!(
        last.named,
        Some(ByName {
            name: a_name.clone(),
            for_whom: None
        })
    );

    // Then meet: staff invite in person for the employer who called in.
    let in_person = Interview {
        on: today() + Duration::days(7),
        mode: InterviewMode::InPerson,
        details: "Room 3, 16 Jiangsu Road".into(),
        ..remote.clone()
    };
    let met = staff
        .respond(&step(
            applied.id,
            Step::Invite {
                interview: in_person.clone(),
            },
            st,
        ))
        .unwrap();
    assert_eq!(met.interview.as_ref(), Some(&in_person));
    let offered = staff
        .respond(&step(
            applied.id,
            Step::Offer {
                note: "Start on 4 January.".into(),
            },
            st,
        ))
        .unwrap();
    assert_eq!(offered.status, ApplicationStatus::Offered);
    let theirs = f.as_client.application(applied.id).unwrap();
    let statuses: Vec<_> = theirs.history.iter().map(|h| h.status).collect();
    assert_eq!(
        statuses,
        vec![
            ApplicationStatus::Submitted,
            ApplicationStatus::UnderReview,
            ApplicationStatus::InterviewScheduled,
            ApplicationStatus::InterviewScheduled,
            ApplicationStatus::Offered,
        ]
    );
    let last = theirs.history.last().unwrap();
    assert_eq!((last.by, last.note.as_str()), (st, "Start on 4 January."));
    assert_eq!(
        last.named,
        Some(ByName {
            name: "desk-wang".into(),
            for_whom: Some(a_name.clone())
        })
    );
    // The employer reads its own steps, not counselors' notes.
    assert_eq!(hr_a.applicant(ea, applied.id).unwrap().steps.len(), 4);

    // A decline needs its reason; it ends the application and its interview.
    let refused = hr_a.respond(&step(applied.id, Step::Decline { reason: "".into() }, ea));
    assert!(
        matches!(refused, Err(StoreError::Invalid { .. })),
        "{refused:?}"
    );
    let declined = hr_a
        .respond(&step(
            applied.id,
            Step::Decline {
                reason: "The post was filled internally.".into(),
            },
            ea,
        ))
        .unwrap();
    assert_eq!(declined.status, ApplicationStatus::NotSelected);
    assert_eq!(declined.interview, None);
    let theirs = f.as_client.application(applied.id).unwrap();
    assert_eq!(
        theirs.history.last().unwrap().note,
        "The post was filled internally."
    );
    assert!(matches!(
        hr_a.respond(&step(
            applied.id,
            Step::Offer {
                note: String::new()
            },
            ea
        )),
        Err(StoreError::Transition(_))
    ));
    let row = hr_a.employer_jobs(ea, a).unwrap();
    let row = row.iter().find(|j| j.id == job_a.id).unwrap();
    assert_eq!((row.applications, row.not_viewed), (1, 0));
}

// The staff desk: employers, postings, courses and rosters.

use jobdesk::domain::staff::*;

fn staff_keep_employers_and_counselors_may_not(f: Fixture) {
    let record = EmployerRecord {
        id: 0,
        name: "Laoshan Rehabilitation Hospital".into(),
        district: District::Laoshan,
        medical_institution: true,
        contact_person: String::new(),
        phone: "0532-8899 1234".into(),
        address: "12 Hong Kong East Road".into(),
        accessibility: "Step-free entrance; tactile path to the ward.".into(),
    };
    let save = |s: &dyn Store, record: &EmployerRecord, request_id: &str| {
        s.save_employer(&EmployerSave {
            request_id: request_id.into(),
            record: record.clone(),
            by: f.admin,
        })
    };
    // A required field left empty is named, and nothing is written.
    let before = f.store.employer_records(f.admin).unwrap().len();
    let err = save(f.store.as_ref(), &record, &new_request_id()).unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid { errors } if errors[0].field == Field::ContactPerson),
        "{err:?}"
    );
    assert_eq!(f.store.employer_records(f.admin).unwrap().len(), before);
    let record = EmployerRecord {
        contact_person: "Wang Li".into(),
        ..record
    };
    // Counselors may not keep employers.
    assert_eq!(
        f.counselor
            .save_employer(&EmployerSave {
                request_id: new_request_id(),
                record: record.clone(),
                by: f.counselor_actor(),
            })
            .unwrap_err(),
        StoreError::Forbidden
    );
    let key = new_request_id();
    let added = save(f.store.as_ref(), &record, &key).unwrap();
    assert!(added.id > 0);
    // Retried: the same employer, not a second one.
    assert_eq!(save(f.store.as_ref(), &record, &key).unwrap().id, added.id);
    let all = f.store.employer_records(f.admin).unwrap();
    assert_eq!(all.len(), before + 1);
    assert_eq!(all.iter().find(|e| e.id == added.id), Some(&added));
    // Jobs name it with its phone as the contact.
    let listed = f.store.employers().unwrap();
    let plain = listed.iter().find(|e| e.id == added.id).unwrap();
    assert_eq!(plain.contact, "0532-8899 1234");
    let edited = save(
        f.store.as_ref(),
        &EmployerRecord {
            accessibility: "Lift to every floor.".into(),
            ..added.clone()
        },
        &new_request_id(),
    )
    .unwrap();
    assert_eq!(edited.id, added.id);
    assert_eq!(edited.accessibility, "Lift to every floor.");
    assert_eq!(f.store.employer_records(f.admin).unwrap().len(), before + 1);
    assert_eq!(
        f.counselor
            .employer_records(f.counselor_actor())
            .unwrap_err(),
        StoreError::Forbidden
    );
}

/// A job of the first employer's, open for a month.
fn staff_job(f: &Fixture, title: &str) -> Job {
    let employer = f.store.employers().unwrap()[0].id;
    f.store
        .post_job(
            f.admin,
            NewJob {
                employer_id: employer,
                title: title.into(),
                kind: WorkKind::CustomerService,
                district: District::Shinan,
                address: String::new(),
                description: String::new(),
                salary_min: 3000,
                salary_max: 4000,
                openings: 2,
                suits_visual: true,
                remote: true,
                requires_practice_certificate: false,
                accommodations: String::new(),
                how_to_apply: String::new(),
                posted_on: today(),
                closes_on: today() + Duration::days(30),
            },
        )
        .unwrap()
}

fn apply_for(f: &Fixture, job: Id, person: Id) -> Application {
    f.store
        .apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: job,
            profile_id: person,
            note: String::new(),
            by: Actor::Jobseeker(person),
        })
        .unwrap()
}

fn move_application(f: &Fixture, id: Id, to: ApplicationStatus) {
    f.store
        .change_application(&ApplicationChange {
            request_id: new_request_id(),
            application_id: id,
            to,
            note: String::new(),
            by: f.admin,
        })
        .unwrap();
}

fn closing_a_job_ends_its_open_applications(f: Fixture) {
    let s = f.store.as_ref();
    let job = staff_job(&f, "Switchboard listener");
    let a = apply_for(&f, job.id, f.people[0]);
    let b = apply_for(&f, job.id, f.people[1]);
    let offered = apply_for(&f, job.id, f.people[2]);
    move_application(&f, b.id, ApplicationStatus::UnderReview);
    for to in [
        ApplicationStatus::UnderReview,
        ApplicationStatus::Referred,
        ApplicationStatus::InterviewScheduled,
        ApplicationStatus::Offered,
    ] {
        move_application(&f, offered.id, to);
    }
    // Edited: the new title is found.
    let edited = s
        .edit_job(
            f.admin,
            job.id,
            NewJob {
                employer_id: job.employer_id,
                title: "Night switchboard listener".into(),
                kind: job.kind,
                district: job.district,
                address: job.address.clone(),
                description: job.description.clone(),
                salary_min: 3500,
                salary_max: 4500,
                openings: job.openings,
                suits_visual: job.suits_visual,
                remote: job.remote,
                requires_practice_certificate: false,
                accommodations: job.accommodations.clone(),
                how_to_apply: job.how_to_apply.clone(),
                posted_on: job.posted_on,
                closes_on: job.closes_on,
            },
        )
        .unwrap();
    assert_eq!(
        (edited.title.as_str(), edited.salary_min),
        ("Night switchboard listener", 3500)
    );
    let found = s
        .search_jobs(&JobQuery {
            text: "Night switchboard".into(),
            page_size: 5,
            ..JobQuery::default()
        })
        .unwrap();
    assert_eq!(
        found.items.iter().map(|j| j.id).collect::<Vec<_>>(),
        [job.id]
    );
    let close = PostingChange {
        request_id: new_request_id(),
        job_id: job.id,
        to: PostingStatus::Closed,
        by: f.admin,
    };
    // A counselor may not close it (nor edit it).
    assert_eq!(
        f.counselor
            .change_posting(&PostingChange {
                by: f.counselor_actor(),
                ..close.clone()
            })
            .unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(
        f.counselor
            .edit_job(f.counselor_actor(), job.id, validate_me(&edited))
            .unwrap_err(),
        StoreError::Forbidden
    );
    let closed = s.change_posting(&close).unwrap();
    assert_eq!(closed.job.status, PostingStatus::Closed);
    assert_eq!(closed.ended, vec![a.id, b.id]);
    for id in [a.id, b.id] {
        let app = s.application(id).unwrap();
        assert_eq!(app.status, ApplicationStatus::PostingClosed);
        let last = app.history.last().unwrap();
        assert_eq!(
            (last.status, last.note.as_str(), last.by),
            (
                ApplicationStatus::PostingClosed,
                POSTING_CLOSED_NOTE,
                f.admin
            )
        );
        assert_eq!(last.at.date_naive(), today());
    }
    // The offer stands.
    assert_eq!(
        s.application(offered.id).unwrap().status,
        ApplicationStatus::Offered
    );
    // Retried: answered, nothing ended twice.
    let again = s.change_posting(&close).unwrap();
    assert!(again.ended.is_empty());
    assert_eq!(s.application(a.id).unwrap().history.len(), 2);
    // Closed twice is refused; nobody can apply.
    assert!(matches!(
        s.change_posting(&PostingChange {
            request_id: new_request_id(),
            ..close.clone()
        }),
        Err(StoreError::Transition(_))
    ));
    assert_eq!(
        s.apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: job.id,
            profile_id: f.people[3],
            note: String::new(),
            by: Actor::Jobseeker(f.people[3]),
        })
        .unwrap_err(),
        StoreError::PostingClosed
    );
    // Reopened: applications can come again.
    let reopened = s
        .change_posting(&PostingChange {
            request_id: new_request_id(),
            to: PostingStatus::Open,
            ..close
        })
        .unwrap();
    assert_eq!(reopened.job.status, PostingStatus::Open);
    assert!(reopened.ended.is_empty());
    apply_for(&f, job.id, f.people[3]);
}

/// The posting as a new job, to send back as an edit.
fn validate_me(job: &Job) -> NewJob {
    NewJob {
        employer_id: job.employer_id,
        title: job.title.clone(),
        kind: job.kind,
        district: job.district,
        address: job.address.clone(),
        description: job.description.clone(),
        salary_min: job.salary_min,
        salary_max: job.salary_max,
        openings: job.openings,
        suits_visual: job.suits_visual,
        remote: job.remote,
        requires_practice_certificate: job.requires_practice_certificate,
        accommodations: job.accommodations.clone(),
        how_to_apply: job.how_to_apply.clone(),
        posted_on: job.posted_on,
        closes_on: job.closes_on,
    }
}

fn register_for(f: &Fixture, course: Id, person: Id) -> Enrollment {
    f.store
        .register(&RegisterRequest {
            request_id: new_request_id(),
            course_id: course,
            profile_id: person,
            by: Actor::Jobseeker(person),
        })
        .unwrap()
}

fn cancelling_a_course_tells_everyone_registered_or_waiting(f: Fixture) {
    let s = f.store.as_ref();
    let start = today() + Duration::days(20);
    let new = common::course("Cancelled course", 1, start, start - Duration::days(1));
    let course = s.post_course(f.admin, new.clone()).unwrap();
    let seat = register_for(&f, course.id, f.people[0]);
    let waiting = register_for(&f, course.id, f.people[1]);
    let last = register_for(&f, course.id, f.people[2]);
    assert_eq!(last.waitlist_position, Some(2));
    // One more seat: the first waiting takes it.
    let edited = s
        .edit_course(
            f.admin,
            course.id,
            NewCourse {
                capacity: 2,
                title: "Cancelled course, two seats".into(),
                ..new.clone()
            },
        )
        .unwrap();
    assert_eq!(
        (edited.capacity, edited.seats_taken, edited.waiting),
        (2, 2, 1)
    );
    assert_eq!(
        s.enrollment(waiting.id).unwrap().status,
        EnrollmentStatus::Registered
    );
    // Fewer seats than people holding one is refused, naming the field.
    let err = s
        .edit_course(f.admin, course.id, NewCourse { capacity: 1, ..new })
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid { errors } if errors[0].field == Field::Capacity),
        "{err:?}"
    );
    let cancel = CourseCancel {
        request_id: new_request_id(),
        course_id: course.id,
        by: f.admin,
    };
    assert_eq!(
        f.counselor
            .cancel_course(&CourseCancel {
                by: f.counselor_actor(),
                ..cancel.clone()
            })
            .unwrap_err(),
        StoreError::Forbidden
    );
    let cancelled = s.cancel_course(&cancel).unwrap();
    assert_eq!(cancelled.course.cancelled_on, Some(today()));
    assert_eq!(cancelled.ended, vec![seat.id, waiting.id, last.id]);
    for id in [seat.id, waiting.id, last.id] {
        let e = s.enrollment(id).unwrap();
        assert_eq!(e.status, EnrollmentStatus::Cancelled);
        assert_eq!(e.waitlist_position, None);
        let entry = e.history.last().unwrap();
        assert_eq!(
            (entry.status, entry.note.as_str(), entry.by),
            (EnrollmentStatus::Cancelled, COURSE_CANCELLED_NOTE, f.admin)
        );
        assert_eq!(entry.at.date_naive(), today());
    }
    // Nobody was promoted into a cancelled course's seats.
    assert_eq!(
        s.enrollment(last.id).unwrap().history.len(),
        2,
        "waiting, then cancelled"
    );
    // Retried: answered; a second cancellation is refused.
    assert!(s.cancel_course(&cancel).unwrap().ended.is_empty());
    assert!(matches!(
        s.cancel_course(&CourseCancel {
            request_id: new_request_id(),
            ..cancel
        }),
        Err(StoreError::Transition(_))
    ));
    // Jobseekers no longer find it, nor register; staff still list it.
    let find = |include_cancelled| {
        s.search_courses(&CourseQuery {
            text: "Cancelled course".into(),
            include_cancelled,
            page_size: 10,
            ..CourseQuery::default()
        })
        .unwrap()
        .items
        .iter()
        .any(|c| c.id == course.id)
    };
    assert!(!find(false));
    assert!(find(true));
    assert_eq!(
        s.register(&RegisterRequest {
            request_id: new_request_id(),
            course_id: course.id,
            profile_id: f.people[3],
            by: Actor::Jobseeker(f.people[3]),
        })
        .unwrap_err(),
        StoreError::CourseCancelled
    );
}

fn mark(f: &Fixture, enrollment: Id, mark: RosterMark) -> StoreResult<Enrollment> {
    f.store.mark_roster(&RosterMarkRequest {
        request_id: new_request_id(),
        enrollment_id: enrollment,
        mark,
        by: f.admin,
    })
}

fn marking_a_roster_updates_eligibility_for_the_next_level(f: Fixture) {
    let s = f.store.as_ref();
    let person = f.people[0];
    // Holding no level yet.
    let direct = f.direct();
    let mut p = direct.profile(person).unwrap();
    p.massage_level = None;
    p.practice_certificate = false;
    direct.save_profile(Actor::System, p).unwrap();
    let start = today() + Duration::days(20);
    let level = |title: &str, level: MassageLevel, capacity: u32| NewCourse {
        track: Track::HealthMassage,
        level: Some(level),
        requires_previous_level: true,
        ..common::course(title, capacity, start, start - Duration::days(1))
    };
    let five = s
        .post_course(
            f.admin,
            level("Level 5 roster course", MassageLevel::Five, 1),
        )
        .unwrap();
    let four = s
        .post_course(
            f.admin,
            level("Level 4 roster course", MassageLevel::Four, 5),
        )
        .unwrap();
    // Level 4 needs level 5 first.
    let refused = s
        .register(&RegisterRequest {
            request_id: new_request_id(),
            course_id: four.id,
            profile_id: person,
            by: Actor::Jobseeker(person),
        })
        .unwrap_err();
    assert!(
        matches!(&refused, StoreError::NotEligible { reasons }
        if reasons.contains(&jobdesk::domain::eligibility::Reason::NeedsLevel {
            level: MassageLevel::Five
        })),
        "{refused:?}"
    );
    let seat = register_for(&f, five.id, person);
    let waiting = register_for(&f, five.id, f.people[1]);
    let also_waiting = register_for(&f, five.id, f.people[2]);
    let roster = s.roster(f.admin, five.id).unwrap();
    let lines: Vec<_> = roster
        .entries
        .iter()
        .map(|e| (e.enrollment_id, e.status, e.waitlist_position))
        .collect();
    assert_eq!(
        lines,
        vec![
            (seat.id, EnrollmentStatus::Registered, None),
            (waiting.id, EnrollmentStatus::Waitlisted, Some(1)),
            (also_waiting.id, EnrollmentStatus::Waitlisted, Some(2)),
        ]
    );
    assert_eq!(roster.entries[0].profile_id, person);
    assert!(!roster.entries[0].name.is_empty());
    // Counselors neither read nor mark rosters.
    assert_eq!(
        f.counselor
            .roster(f.counselor_actor(), five.id)
            .unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(
        f.counselor
            .mark_roster(&RosterMarkRequest {
                request_id: new_request_id(),
                enrollment_id: seat.id,
                mark: RosterMark::Attended,
                by: f.counselor_actor(),
            })
            .unwrap_err(),
        StoreError::Forbidden
    );
    // Not before attending.
    assert!(matches!(
        mark(&f, seat.id, RosterMark::PassedExam),
        Err(StoreError::Transition(_))
    ));
    assert_eq!(
        mark(&f, seat.id, RosterMark::Attended).unwrap().status,
        EnrollmentStatus::Enrolled
    );
    let request = RosterMarkRequest {
        request_id: new_request_id(),
        enrollment_id: seat.id,
        mark: RosterMark::PassedExam,
        by: f.admin,
    };
    let passed = s.mark_roster(&request).unwrap();
    assert_eq!(passed.status, EnrollmentStatus::Completed);
    let entry = passed.history.last().unwrap();
    assert_eq!((entry.note.as_str(), entry.by), (EXAM_PASSED_NOTE, f.admin));
    // Retried: answered, not written twice.
    assert_eq!(
        s.mark_roster(&request).unwrap().history.len(),
        passed.history.len()
    );
    assert_eq!(
        direct.profile(person).unwrap().massage_level,
        Some(MassageLevel::Five)
    );
    assert!(s.roster(f.admin, five.id).unwrap().entries[0].exam_passed);
    // The profile change is audited, naming who and why.
    let audited = direct.audit_entries(person).unwrap();
    assert!(
        audited
            .iter()
            .any(|(_, actor, action)| *actor == f.admin.to_code()
                && action.contains("set massage level to level_5")),
        "{audited:?}"
    );
    // Eligibility follows: level 4 is open to them now.
    assert_eq!(
        register_for(&f, four.id, person).status,
        EnrollmentStatus::Registered
    );
    // Passing the medical-massage exam gives the practice certificate.
    let medical = s
        .post_course(
            f.admin,
            NewCourse {
                track: Track::MedicalExamPrep,
                ..common::course(
                    "Medical exam roster course",
                    3,
                    start,
                    start - Duration::days(1),
                )
            },
        )
        .unwrap();
    let e = register_for(&f, medical.id, person);
    mark(&f, e.id, RosterMark::Attended).unwrap();
    mark(&f, e.id, RosterMark::Completed).unwrap();
    assert!(!direct.profile(person).unwrap().practice_certificate);
    mark(&f, e.id, RosterMark::PassedExam).unwrap();
    assert!(direct.profile(person).unwrap().practice_certificate);
    assert!(
        direct
            .audit_entries(person)
            .unwrap()
            .iter()
            .any(|(_, _, action)| action.contains("set practice certificate"))
    );
    // Failing is recorded too.
    let other = register_for(&f, medical.id, f.people[3]);
    mark(&f, other.id, RosterMark::Attended).unwrap();
    assert_eq!(
        mark(&f, other.id, RosterMark::Failed).unwrap().status,
        EnrollmentStatus::Failed
    );
}

// What's new and saved searches (issue 15, point 5).

use jobdesk::domain::whats_new::{self as news, What};

fn new_contract_job(s: &dyn Store, title: &str, district: District) -> Id {
    let employer = s.employers().unwrap()[0].id;
    s.post_job(
        Actor::Admin(1),
        NewJob {
            employer_id: employer,
            title: title.into(),
            kind: WorkKind::HealthMassage,
            district,
            address: "1 Test Road".into(),
            description: "Massage work for the contract suite.".into(),
            salary_min: 4000,
            salary_max: 6000,
            openings: 1,
            suits_visual: true,
            remote: false,
            requires_practice_certificate: false,
            accommodations: String::new(),
            how_to_apply: String::new(),
            posted_on: today(),
            closes_on: today() + Duration::days(30),
        },
    )
    .unwrap()
    .id
}

/// What's new, without the recommendations (the seed may have made some).
fn changes_of(s: &dyn Store, who: Id) -> Vec<news::Change> {
    s.whats_new(who)
        .unwrap()
        .changes
        .into_iter()
        .filter(|c| !matches!(c.what, What::Recommendation { .. }))
        .collect()
}

fn whats_new_counts_changes_by_others_since_the_last_visit(f: Fixture) {
    let me = f.as_client.as_ref();
    let who = f.client;
    me.begin_visit(who, "visit-1").unwrap();
    // The first visit: nothing from before it is new.
    assert_eq!(changes_of(me, who), vec![]);

    // The person applies (their own step is not news to them); the
    // counselor passes on the employer's answers.
    let job = new_contract_job(
        f.store.as_ref(),
        "Whatsnew massage therapist",
        District::Shinan,
    );
    let a = me
        .apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: job,
            profile_id: who,
            note: String::new(),
            by: Actor::Jobseeker(who),
        })
        .unwrap();
    for (to, note) in [
        (ApplicationStatus::UnderReview, ""),
        (ApplicationStatus::Referred, ""),
        (
            ApplicationStatus::InterviewScheduled,
            "5 Dec, 10:00, room 3",
        ),
    ] {
        f.counselor
            .change_application(&ApplicationChange {
                request_id: new_request_id(),
                application_id: a.id,
                to,
                note: note.into(),
                by: f.counselor_actor(),
            })
            .unwrap();
    }
    // A seat is freed and taken from the waitlist for the person.
    let start = today() + Duration::days(20);
    let course = f
        .store
        .post_course(
            Actor::Admin(1),
            common::course("Whatsnew course", 1, start, start - Duration::days(1)),
        )
        .unwrap();
    let first = f
        .store
        .register(&RegisterRequest {
            request_id: new_request_id(),
            course_id: course.id,
            profile_id: f.people[0],
            by: Actor::Jobseeker(f.people[0]),
        })
        .unwrap();
    let mine = me
        .register(&RegisterRequest {
            request_id: new_request_id(),
            course_id: course.id,
            profile_id: who,
            by: Actor::Jobseeker(who),
        })
        .unwrap();
    assert_eq!(mine.status, EnrollmentStatus::Waitlisted);
    f.store
        .change_enrollment(&EnrollmentChange {
            request_id: new_request_id(),
            enrollment_id: first.id,
            to: EnrollmentStatus::Cancelled,
            note: String::new(),
            by: Actor::Jobseeker(f.people[0]),
        })
        .unwrap();

    // The next visit hears all of it; the same visit again moves nothing.
    me.begin_visit(who, "visit-2").unwrap();
    me.begin_visit(who, "visit-2").unwrap();
    let changes = changes_of(me, who);
    let counts = news::counts(&changes);
    assert_eq!(
        (counts.applications, counts.interviews, counts.courses),
        (1, 1, 1),
        "{changes:?}"
    );
    assert_eq!(changes.len(), 4, "{changes:?}");
    let interview = changes
        .iter()
        .find(|c| {
            matches!(
                &c.what,
                What::Application { status: ApplicationStatus::InterviewScheduled, note, .. }
                    if note == "5 Dec, 10:00, room 3"
            )
        })
        .expect("the interview invitation");
    assert!(changes.iter().any(|c| matches!(
        &c.what,
        What::Enrollment { promoted: true, status: EnrollmentStatus::Registered, enrollment_id, .. }
            if *enrollment_id == mine.id
    )));

    // Dismissed: gone, and dismissing again is harmless.
    me.dismiss_new(who, &interview.key).unwrap();
    me.dismiss_new(who, &interview.key).unwrap();
    let after = changes_of(me, who);
    assert_eq!(after.len(), 3);
    assert!(after.iter().all(|c| c.key != interview.key));
    assert_eq!(news::counts(&after).interviews, 0);
    // A key the rule never makes is refused.
    assert_eq!(
        me.dismiss_new(who, "everything").unwrap_err(),
        StoreError::Forbidden
    );

    // The visit after that: what was told last time is no longer new.
    me.begin_visit(who, "visit-3").unwrap();
    assert_eq!(changes_of(me, who), vec![]);
}

fn saved_searches_tell_new_matching_jobs(f: Fixture) {
    let me = f.as_client.as_ref();
    let who = f.client;
    let query = JobQuery {
        text: "Zephyrine".into(),
        districts: vec![District::Shinan],
        page: 3,
        page_size: 20,
        ..Default::default()
    };
    let saved = me
        .save_search(&NewSavedSearch {
            profile_id: who,
            name: " Zephyrine in Shinan ".into(),
            query: query.clone(),
        })
        .unwrap();
    assert_eq!(saved.name, "Zephyrine in Shinan");
    assert_eq!(saved.query.page, 0, "the page is not kept");
    // The same name again replaces its search: still one.
    let again = me
        .save_search(&NewSavedSearch {
            profile_id: who,
            name: "Zephyrine in Shinan".into(),
            query: query.clone(),
        })
        .unwrap();
    assert_eq!(again.id, saved.id);
    assert!(matches!(
        me.save_search(&NewSavedSearch {
            profile_id: who,
            name: "  ".into(),
            query: query.clone(),
        }),
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(me.saved_searches(who).unwrap(), vec![again.clone()]);

    me.begin_visit(who, "search-visit-1").unwrap();
    let s = f.store.as_ref();
    let shinan = new_contract_job(s, "Zephyrine massage therapist", District::Shinan);
    new_contract_job(s, "Zephyrine massage therapist", District::Laoshan);
    let second = new_contract_job(s, "Zephyrine health massage", District::Shinan);
    me.begin_visit(who, "search-visit-2").unwrap();
    let changes = changes_of(me, who);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        changes[0].what,
        What::NewJobs {
            search_id: saved.id,
            name: "Zephyrine in Shinan".into(),
            count: 2,
            newest_job_id: second.max(shinan),
        }
    );
    assert_eq!(news::counts(&changes).new_jobs, 2);
    me.dismiss_new(who, &changes[0].key).unwrap();
    assert_eq!(changes_of(me, who), vec![]);

    me.delete_saved_search(who, saved.id).unwrap();
    me.delete_saved_search(who, saved.id).unwrap();
    assert_eq!(me.saved_searches(who).unwrap(), vec![]);
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
    caseload_rows_filter_and_search,
    a_counselor_keeps_only_their_own_caseload,
    every_record_read_is_audited,
    a_retried_case_change_changes_nothing,
    acting_for_a_person_needs_their_agreement,
    recommendations_reach_the_person_and_are_marked_seen,
    a_placement_schedules_three_follow_ups,
    every_change_is_dated_and_names_the_counselor,
    a_contact_needs_a_counselor_to_log_it,
    an_import_is_all_or_nothing_and_harmless_again,
    accounts_are_kept_and_every_change_audited,
    the_audit_log_is_read_by_person_and_by_actor,
    a_counselors_caseload_moves_to_another,
    an_employer_answers_its_own_applicants_and_staff_act_for_it,
    staff_keep_employers_and_counselors_may_not,
    closing_a_job_ends_its_open_applications,
    cancelling_a_course_tells_everyone_registered_or_waiting,
    marking_a_roster_updates_eligibility_for_the_next_level,
    whats_new_counts_changes_by_others_since_the_last_visit,
    saved_searches_tell_new_matching_jobs,
);

// porter (issue 15, point 2): courses and people imports and the exports,
// on both stores.
mod porter {
    use super::*;
    use jobdesk::store::import::*;

    fn person(
        line: usize,
        id: &str,
        name: &str,
        n: u16,
        counselor: &str,
    ) -> Imported<ImportPerson> {
        Imported {
            line,
            external_id: id.into(),
            record: ImportPerson {
                counselor: counselor.into(),
                profile: Profile {
                    name: name.into(),
                    mobile: format!("136{:08}", 500 + u32::from(n)),
                    certificate: jobdesk::domain::certificate::sample(
                        "370203",
                        chrono::NaiveDate::from_ymd_opt(1990, 1, 1 + u32::from(n)).unwrap(),
                        500 + n,
                        DisabilityCategory::Visual,
                        2,
                    ),
                    district: Some(District::Shibei),
                    consent_at: None,
                    ..Profile::default()
                },
            },
        }
    }

    fn course(line: usize, id: &str, title: &str) -> Imported<NewCourse> {
        Imported {
            line,
            external_id: id.into(),
            record: common::course(
                title,
                1,
                today() + Duration::days(20),
                today() + Duration::days(10),
            ),
        }
    }

    fn people_named(s: &dyn Store, by: Actor) -> Vec<(String, String, String)> {
        match s.export_rows(by, &ExportQuery::People).unwrap() {
            ExportRows::People { rows } => rows
                .into_iter()
                .map(|r| (r.profile.name, r.counselor, r.profile.certificate))
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    fn courses_and_people_import_all_or_nothing(f: Fixture) {
        let courses = ImportBatch::Courses(vec![
            course(2, "IMP-C1", "Listening skills for reception"),
            course(3, "IMP-C2", "盲人按摩继续教育"),
        ]);
        assert_eq!(
            f.counselor.import(f.counselor_actor(), &courses, false),
            Err(StoreError::Forbidden)
        );
        let dry = f.store.import(f.admin, &courses, true).unwrap().unwrap();
        assert_eq!((dry.added, dry.updated, dry.unchanged), (2, 0, 0));
        let found = |text: &str| {
            f.store
                .search_courses(&CourseQuery {
                    text: text.into(),
                    include_started: true,
                    page_size: 10,
                    ..CourseQuery::default()
                })
                .unwrap()
                .total
        };
        assert_eq!(found("Listening skills"), 0);
        let done = f.store.import(f.admin, &courses, false).unwrap().unwrap();
        assert_eq!(done.added, 2);
        assert_eq!(found("Listening skills"), 1);
        let again = f.store.import(f.admin, &courses, false).unwrap().unwrap();
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 2));
        let renamed = ImportBatch::Courses(vec![
            course(2, "IMP-C1", "Telephone listening skills"),
            course(3, "IMP-C2", "盲人按摩继续教育"),
        ]);
        let changed = f.store.import(f.admin, &renamed, false).unwrap().unwrap();
        assert_eq!(
            (changed.added, changed.updated, changed.unchanged),
            (0, 1, 1)
        );
        assert_eq!(found("Telephone listening"), 1);
        assert_eq!(found("Listening skills for reception"), 0);

        // People: an unknown counselor and a certificate number another
        // person holds are bad lines, and nothing of the file is written.
        let before = people_named(f.store.as_ref(), f.admin).len();
        let taken = f.direct().profile(f.others_person).unwrap().certificate;
        let mut stolen = person(4, "IMP-P3", "Number Thief", 3, "");
        stolen.record.profile.certificate = taken;
        let bad = ImportBatch::People(vec![
            person(2, "IMP-P1", "Imported One", 1, "Zhao Min"),
            person(3, "IMP-P2", "Imported Two", 2, "Nobody Known"),
            stolen,
        ]);
        let refused = f.store.import(f.admin, &bad, false).unwrap().unwrap_err();
        let lines: Vec<(usize, &str)> = refused
            .iter()
            .map(|e| (e.line, e.column.as_str()))
            .collect();
        assert_eq!(lines, vec![(3, "counselor"), (4, "certificate")]);
        assert_eq!(
            refused[0].problem,
            LineProblem::UnknownCounselor {
                value: "Nobody Known".into()
            }
        );
        assert_eq!(people_named(f.store.as_ref(), f.admin).len(), before);

        let good = ImportBatch::People(vec![
            person(2, "IMP-P1", "Imported One", 1, "Zhao Min"),
            person(3, "IMP-P2", "Imported Two", 2, ""),
        ]);
        let done = f.store.import(f.admin, &good, false).unwrap().unwrap();
        assert_eq!(done.added, 2);
        let again = f.store.import(f.admin, &good, false).unwrap().unwrap();
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 2));
        let everyone = people_named(f.store.as_ref(), f.admin);
        assert_eq!(everyone.len(), before + 2);
        assert!(
            everyone
                .iter()
                .any(|(n, c, _)| n == "Imported One" && c == "Zhao Min")
        );
    }

    fn exports_hold_only_what_the_caller_may_see(f: Fixture) {
        let direct = f.direct();
        let coach = direct.counselor(f.counselor_id).unwrap().name;
        // People: staff everyone, a counselor their caseload.
        let everyone = people_named(f.store.as_ref(), f.admin);
        let others = direct.profile(f.others_person).unwrap().name;
        assert!(everyone.iter().any(|(n, _, _)| *n == others));
        let caseload = people_named(f.counselor.as_ref(), f.counselor_actor());
        assert!(!caseload.is_empty());
        assert!(caseload.iter().all(|(_, c, _)| *c == coach), "{caseload:?}");
        assert!(!caseload.iter().any(|(n, _, _)| *n == others));
        assert_eq!(
            f.as_client
                .export_rows(Actor::Jobseeker(f.client), &ExportQuery::People),
            Err(StoreError::Forbidden)
        );
        // Every person exported is in the audit log, with who exported them.
        let audited = |id: Id| {
            direct
                .audit_entries(id)
                .unwrap()
                .into_iter()
                .map(|(_, who, what)| (who, what))
                .collect::<Vec<_>>()
        };
        let exported = (f.admin.to_code(), "export_people".to_string());
        assert!(audited(f.others_person).contains(&exported));
        let by_coach = (f.counselor_actor().to_code(), "export_people".to_string());
        assert!(audited(f.client).contains(&by_coach));
        assert!(!audited(f.others_person).contains(&by_coach));

        // A roster: the seat, then the waitlist with its positions.
        let course = direct
            .post_course(
                Actor::System,
                common::course(
                    "Roster course",
                    1,
                    today() + Duration::days(20),
                    today() + Duration::days(10),
                ),
            )
            .unwrap();
        for id in [f.client, f.others_person] {
            direct
                .register(&RegisterRequest {
                    request_id: new_request_id(),
                    course_id: course.id,
                    profile_id: id,
                    by: Actor::Jobseeker(id),
                })
                .unwrap();
        }
        let roster = |s: &dyn Store, by: Actor| match s
            .export_rows(
                by,
                &ExportQuery::Roster {
                    course_id: course.id,
                },
            )
            .unwrap()
        {
            ExportRows::Roster {
                course: title,
                rows,
            } => {
                assert_eq!(title, "Roster course");
                rows.into_iter()
                    .map(|r| (r.status, r.position, r.name))
                    .collect::<Vec<_>>()
            }
            other => panic!("{other:?}"),
        };
        let client = direct.profile(f.client).unwrap().name;
        assert_eq!(
            roster(f.store.as_ref(), f.admin),
            vec![
                (EnrollmentStatus::Registered, None, client.clone()),
                (EnrollmentStatus::Waitlisted, Some(1), others.clone()),
            ]
        );
        assert_eq!(
            roster(f.counselor.as_ref(), f.counselor_actor()),
            vec![(EnrollmentStatus::Registered, None, client.clone())]
        );

        // Applications to one employer: both people apply, then one
        // withdraws their consent to share.
        let job = direct
            .job(
                direct
                    .search_jobs(&JobQuery {
                        page_size: 1,
                        ..JobQuery::default()
                    })
                    .unwrap()
                    .items[0]
                    .id,
            )
            .unwrap();
        for id in [f.client, f.others_person] {
            direct
                .apply(&ApplyRequest {
                    request_id: new_request_id(),
                    job_id: job.id,
                    profile_id: id,
                    note: String::new(),
                    by: Actor::Jobseeker(id),
                })
                .unwrap();
        }
        let mut withdrawn = direct.profile(f.others_person).unwrap();
        withdrawn.consent_at = None;
        direct.save_profile(Actor::System, withdrawn).unwrap();
        let query = ExportQuery::Applications {
            employer: job.employer_name.clone(),
        };
        let applicants = |s: &dyn Store, by: Actor| match s.export_rows(by, &query).unwrap() {
            ExportRows::Applications { employer, rows } => {
                assert_eq!(employer, job.employer_name);
                rows.into_iter()
                    .filter(|r| r.job_title == job.title)
                    .filter(|r| r.applicant == client || r.applicant == others)
                    .map(|r| (r.applicant, !r.certificate.is_empty()))
                    .collect::<Vec<_>>()
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(
            applicants(f.store.as_ref(), f.admin),
            vec![(client.clone(), true), (others.clone(), true)]
        );
        assert_eq!(
            applicants(f.counselor.as_ref(), f.counselor_actor()),
            vec![(client.clone(), true)]
        );
        // The employer: its own applications, no certificate number of the
        // person who withdrew consent (the remote answer is what crossed
        // the wire).
        direct
            .add_account_owned(
                "porter-employer",
                accounts::Role::Employer,
                common::server::PIN,
                accounts::Owner::Employer(job.employer_id),
            )
            .unwrap();
        let as_employer: Box<dyn Store> = match f._keep.downcast_ref::<TestServer>() {
            Some(server) => Box::new(server.client_as("porter-employer")),
            None => Box::new(f.direct()),
        };
        let employer = Actor::Employer(job.employer_id);
        assert_eq!(
            applicants(as_employer.as_ref(), employer),
            vec![(client.clone(), true), (others.clone(), false)]
        );
        assert_eq!(
            as_employer.export_rows(employer, &ExportQuery::People),
            Err(StoreError::Forbidden)
        );
        let someone_else = direct
            .employers()
            .unwrap()
            .into_iter()
            .find(|e| e.id != job.employer_id)
            .unwrap();
        assert_eq!(
            as_employer.export_rows(
                employer,
                &ExportQuery::Applications {
                    employer: someone_else.id.to_string()
                }
            ),
            Err(StoreError::Forbidden)
        );
    }

    #[test]
    fn courses_and_people_import_on_sqlite() {
        courses_and_people_import_all_or_nothing(sqlite());
    }

    #[test]
    fn courses_and_people_import_on_remote() {
        courses_and_people_import_all_or_nothing(remote());
    }

    #[test]
    fn exports_on_sqlite() {
        exports_hold_only_what_the_caller_may_see(sqlite());
    }

    #[test]
    fn exports_on_remote() {
        exports_hold_only_what_the_caller_may_see(remote());
    }
}
