//! The SQL figures on hand-made rows, each figure checked against what
//! the domain's definitions give for them.

use super::*;
use crate::clock::FixedClock;
use crate::domain::casework::{FigureScope, Retention, Target, TargetKind};
use chrono::Months;

const SHINAN: u32 = 370202;
const SHIBEI: u32 = 370203;
const CENTER: &str = "Shinan Center";

/// Counted on 15 Nov 2025: men born 16 Nov 1965 to 15 Nov 2009 and women
/// born 16 Nov 1970 to 15 Nov 2009 are of working age.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 15).unwrap()
}

fn store() -> SqliteStore {
    let store = SqliteStore::in_memory(Arc::new(FixedClock::on(today()))).unwrap();
    seed(&store.lock());
    store
}

/// Ten people: counselor 1 (Shinan Center) keeps Ann to Gus, counselor 2
/// (same center) Hal, counselor 3 (Licang Center) Ida; nobody keeps Jo.
fn seed(c: &Connection) {
    c.execute_batch(&format!(
        "INSERT INTO counselors (id, name, center, district) VALUES
            (1, 'Li Na', '{CENTER}', {SHINAN}), (2, 'Zhou Min', '{CENTER}', {SHINAN}),
            (3, 'Sun Lei', 'Licang Center', 370213);
         INSERT INTO households (id, members, others_in_work, zero_employment, by, at) VALUES
            (1, 3, 0, 1, 'counselor:1', '2025-01-01T00:00:00Z'),
            (2, 2, 0, 1, 'counselor:1', '2025-01-01T00:00:00Z'),
            (3, 4, 1, 1, 'counselor:3', '2025-01-01T00:00:00Z'),
            (4, 2, 0, 0, 'counselor:1', '2025-01-01T00:00:00Z');
         INSERT INTO profiles (id, name, certificate, district, counselor_id, employed, seeking,
                birth_date, sex, category, level, difficulty, household_id, plan,
                next_due_on, last_contact_on) VALUES
            (1, 'Ann', 'c1', {SHINAN}, 1, 0, 1, '1970-11-16', 'female', 1, 2, 1, 1,
                'Massage clinic', '2025-12-01', '2025-11-01'),
            (2, 'Bea', 'c2', {SHINAN}, 1, 0, 1, '1970-11-15', 'female', 1, 1, 0, 1, '', NULL, NULL),
            (3, 'Carl', 'c3', {SHIBEI}, 1, 1, 1, '1965-11-16', 'male', 1, 3, 0, 2, '', NULL, NULL),
            (4, 'Dan', 'c4', {SHINAN}, 1, 0, 1, '1965-11-15', 'male', 1, 4, 0, NULL, '', NULL, NULL),
            (5, 'Eve', 'c5', {SHIBEI}, 1, 0, 0, '2009-11-15', 'female', 2, 2, 0, 4, '', NULL, NULL),
            (6, 'Fay', 'c6', NULL, 1, 0, 1, '2009-11-16', 'female', 1, 2, 0, NULL, '', NULL, NULL),
            (7, 'Gus', '', {SHINAN}, 1, 0, 1, NULL, NULL, NULL, NULL, 0, NULL, '', NULL, NULL),
            (8, 'Hal', 'c8', 370212, 2, 1, 1, '1990-05-05', 'male', 1, 2, 0, NULL, '', NULL, NULL),
            (9, 'Ida', 'c9', 370213, 3, 0, 1, '1985-05-05', 'female', 1, 2, 0, 3, '', NULL, NULL),
            (10, 'Jo', 'c10', NULL, NULL, 0, 1, '1990-05-05', 'male', 1, 2, 0, NULL, '', NULL, NULL);
         INSERT INTO needs (profile_id, hours, by, at) VALUES
            (1, 'full_time', 'counselor:1', '2025-02-01T00:00:00Z'),
            (3, 'part_time', 'counselor:1', '2025-02-01T00:00:00Z'),
            (8, 'flexible', 'counselor:2', '2025-02-01T00:00:00Z');
         INSERT INTO assessments (profile_id, assessed_on, mobility, computer, communication,
                massage, result, by, at) VALUES
            (1, '2025-01-05', 'good', 'basic', 'good', 'good', 'needs_training', 'counselor:1', '2025-01-01T00:00:00Z'),
            (1, '2025-06-05', 'good', 'good', 'good', 'good', 'ready', 'counselor:1', '2025-01-01T00:00:00Z'),
            (5, '2025-03-05', 'basic', 'none', 'good', 'none', 'not_now', 'counselor:1', '2025-01-01T00:00:00Z');
         INSERT INTO placements (id, profile_id, employer, job_title, kind, started_on, contract,
                monthly_pay, by, at) VALUES
            (1, 3, 'Harbour Clinic', 'Masseur', 'health_massage', '2025-03-01', 'permanent', 5000, 'counselor:1', '2025-01-01T00:00:00Z'),
            (2, 1, 'Label Co', 'Labeller', 'data_labelling', '2025-09-01', 'fixed_term', 4000, 'counselor:1', '2025-01-01T00:00:00Z'),
            (3, 5, 'Call Co', 'Agent', 'customer_service', '2024-12-01', 'part_time', 3000, 'counselor:1', '2025-01-01T00:00:00Z'),
            (4, 8, 'Spa', 'Masseur', 'health_massage', '2025-02-01', 'permanent', 5000, 'counselor:2', '2025-01-01T00:00:00Z'),
            (5, 7, 'Label Co', 'Labeller', 'data_labelling', '2025-01-10', 'fixed_term', 4000, 'counselor:1', '2025-01-01T00:00:00Z');
         INSERT INTO follow_ups (placement_id, months, due_on, done_on, still_working) VALUES
            (1, 1, '2025-04-01', '2025-04-01', 1),
            (1, 3, '2025-06-01', '2025-06-02', 1),
            (1, 6, '2025-09-01', '2025-09-03', 0),
            (2, 1, '2025-10-01', NULL, NULL),
            (2, 3, '2025-12-01', NULL, NULL),
            (2, 6, '2026-03-01', NULL, NULL),
            (3, 1, '2025-01-01', '2025-01-01', 1),
            (3, 3, '2025-03-01', '2025-03-01', 1),
            (3, 6, '2025-06-01', '2025-06-01', 1),
            (4, 3, '2025-05-01', '2025-05-01', 1),
            (5, 1, '2025-02-10', NULL, NULL),
            (5, 3, '2025-04-10', '2025-04-10', 0),
            (5, 6, '2025-07-10', NULL, NULL);
         INSERT INTO courses (id, title, track, provider, district, starts_on, ends_on, enroll_by,
                hours, capacity) VALUES
            (1, 'Massage basics', 'massage', 'School', {SHINAN}, '2025-01-01', '2025-12-01', '2025-01-01', 40, 20);
         INSERT INTO enrollments (id, course_id, profile_id, status, request_id) VALUES
            (1, 1, 1, 'registered', 'r1'), (2, 1, 3, 'completed', 'r2'),
            (3, 1, 5, 'completed', 'r3'), (4, 1, 9, 'registered', 'r4');
         INSERT INTO enrollment_history (enrollment_id, status, at, by) VALUES
            (1, 'registered', '2025-02-01T09:00:00Z', 'jobseeker:1'),
            (2, 'registered', '2024-12-20T09:00:00Z', 'jobseeker:3'),
            (2, 'enrolled', '2025-01-02T09:00:00Z', 'staff:1'),
            (2, 'completed', '2025-03-01T09:00:00Z', 'staff:1'),
            (3, 'waitlisted', '2025-05-01T09:00:00Z', 'jobseeker:5'),
            (3, 'registered', '2025-05-02T09:00:00Z', 'system'),
            (3, 'completed', '2025-06-01T09:00:00Z', 'staff:1'),
            (4, 'registered', '2025-04-01T09:00:00Z', 'jobseeker:9');
         INSERT INTO targets (kind, year, value, by, at) VALUES
            ('new_employment', 2025, 300, 'staff:1', '2025-01-01T00:00:00Z'), ('training', 2025, 50, 'staff:1', '2025-01-01T00:00:00Z'),
            ('new_employment', 2024, 100, 'staff:1', '2025-01-01T00:00:00Z');"
    ))
    .unwrap();
}

#[test]
fn a_counselors_figures_count_every_definition() {
    let s = store();
    let f = s.figures(&FigureScope::Counselor(1), 2025).unwrap();
    assert_eq!(f.as_of, today());
    assert_eq!(f.caseload, 7);
    // Ann (woman, first day of working age), Carl (man, last day before
    // 60), Eve (16 today); not Bea (55 today), Dan (60 today), Fay (15),
    // nor Gus (no certificate).
    assert_eq!(f.working_age, 3);
    assert_eq!(f.working_age_employed, 1);
    assert_eq!(f.unemployed_working_age, 2);
    assert_eq!(f.employment_rate(), Some(33));
    assert_eq!(f.needs_registered, 2);
    assert_eq!(f.assessed, 2, "Ann's two assessments count once");
    assert_eq!(f.difficulty_recognised, 1);
    // Carl's, Ann's and Gus's started in 2025 (Eve's in 2024); only
    // Carl's 3-month follow-up confirmed work.
    assert_eq!(f.placements_recorded, 3);
    assert_eq!(f.placed, 1);
    // 3 months: Carl's (yes), Eve's (yes), Gus's (no); Ann's is not due.
    assert_eq!(
        f.retention_3,
        Retention {
            due: 3,
            confirmed: 2
        }
    );
    // 6 months: Carl's (no), Eve's (yes), Gus's (not done).
    assert_eq!(
        f.retention_6,
        Retention {
            due: 3,
            confirmed: 1
        }
    );
    // Ann's and Eve's registrations are of 2025 (Eve's first entry was
    // the waitlist); Carl's of 2024. Carl and Eve completed in 2025.
    assert_eq!(f.training_registrations, 2);
    assert_eq!(f.training_completions, 2);
    // Households 1 (nobody works) and 2 (Carl works); 4 was never zero.
    assert_eq!(f.zero_employment_households, 2);
    assert_eq!(f.households_cleared, 1);
    assert_eq!(f.households_cleared_rate(), Some(50));
    assert_eq!(
        f.by_district,
        vec![
            DistrictFigures {
                district: District::Shinan,
                caseload: 4,
                unemployed_working_age: 1,
                placements: 2,
            },
            DistrictFigures {
                district: District::Shibei,
                caseload: 2,
                unemployed_working_age: 1,
                placements: 1,
            },
        ]
    );
    assert_eq!(
        f.by_kind,
        vec![(WorkKind::DataLabelling, 2), (WorkKind::HealthMassage, 1)]
    );
    assert_eq!(
        f.targets,
        vec![
            (
                Target {
                    kind: TargetKind::NewEmployment,
                    year: 2025,
                    value: 300
                },
                1
            ),
            (
                Target {
                    kind: TargetKind::Training,
                    year: 2025,
                    value: 50
                },
                2
            ),
        ]
    );
}

#[test]
fn a_center_and_the_city_take_in_more_people() {
    let s = store();
    let center = s
        .figures(&FigureScope::Center(CENTER.into()), 2025)
        .unwrap();
    assert_eq!(center.caseload, 8);
    assert_eq!(center.working_age, 4);
    assert_eq!(center.working_age_employed, 2);
    assert_eq!(center.needs_registered, 3);
    assert_eq!(center.placements_recorded, 4);
    assert_eq!(center.placed, 2, "Hal's placement confirmed at 3 months");
    assert_eq!(center.retention_3.due, 4);
    assert_eq!(
        center.by_kind,
        vec![(WorkKind::HealthMassage, 2), (WorkKind::DataLabelling, 2)],
        "equal counts in the kinds' own order"
    );
    assert_eq!(center.by_district.len(), 3);

    let city = s.figures(&FigureScope::City, 2025).unwrap();
    assert_eq!(city.caseload, 10);
    assert_eq!(city.working_age, 6, "Ida and Jo too");
    assert_eq!(city.training_registrations, 3);
    assert_eq!(city.zero_employment_households, 3);
    assert_eq!(city.households_cleared, 2, "household 3 has others in work");

    let other = s
        .figures(&FigureScope::Center("Licang Center".into()), 2025)
        .unwrap();
    assert_eq!(other.caseload, 1);
    let nobody = s.figures(&FigureScope::Counselor(99), 2025).unwrap();
    assert_eq!(nobody.caseload, 0);
    assert_eq!(nobody.employment_rate(), None);
}

#[test]
fn a_past_year_is_counted_on_its_last_day() {
    let s = store();
    let f = s.figures(&FigureScope::Counselor(1), 2024).unwrap();
    assert_eq!(f.as_of, NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
    assert_eq!(f.placements_recorded, 1, "Eve's, started 1 Dec 2024");
    assert_eq!(f.placed, 1);
    assert_eq!(f.retention_3, Retention::default(), "due in 2025");
    assert_eq!(f.training_registrations, 1, "Carl's");
    assert_eq!(f.targets.len(), 1);
    assert_eq!(f.targets[0].1, 1);
    assert!(matches!(
        s.figures(&FigureScope::City, 1900),
        Err(StoreError::Invalid { .. })
    ));
}

#[test]
fn someone_logged_in_at_the_desk_reads_only_their_own_figures() {
    let s = store();
    let as_actor = |a: Option<Actor>| *s.session.lock().unwrap() = a;
    as_actor(Some(Actor::Counselor(1)));
    assert!(s.figures(&FigureScope::Counselor(1), 2025).is_ok());
    assert!(s.figures(&FigureScope::Center(CENTER.into()), 2025).is_ok());
    assert!(s.ledger(&FigureScope::Center(CENTER.into())).is_ok());
    for scope in [
        FigureScope::Counselor(2),
        FigureScope::Center("Licang Center".into()),
        FigureScope::City,
    ] {
        assert_eq!(s.figures(&scope, 2025), Err(StoreError::Forbidden));
        assert_eq!(s.ledger(&scope), Err(StoreError::Forbidden));
    }
    for who in [Actor::Jobseeker(1), Actor::Employer(1)] {
        as_actor(Some(who));
        assert_eq!(
            s.figures(&FigureScope::Counselor(1), 2025),
            Err(StoreError::Forbidden)
        );
    }
    as_actor(Some(Actor::Staff(1)));
    assert!(s.figures(&FigureScope::City, 2025).is_ok());
}

#[test]
fn the_ledger_has_one_row_per_person_in_name_order() {
    let s = store();
    let rows = s.ledger(&FigureScope::Counselor(1)).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ann", "Bea", "Carl", "Dan", "Eve", "Fay", "Gus"]);
    let ann = &rows[0];
    assert_eq!(ann.counselor, "Li Na");
    assert_eq!(ann.district, Some(District::Shinan));
    assert_eq!(ann.category, Some(DisabilityCategory::Visual));
    assert_eq!(ann.level, Some(2));
    assert_eq!(ann.status, casework::CaseStatus::Looking);
    assert!(ann.needs_registered && ann.difficulty);
    assert_eq!(ann.assessment, Some(AbilityResult::Ready), "the latest");
    assert_eq!(ann.goal, "Massage clinic");
    assert_eq!(ann.next_due, NaiveDate::from_ymd_opt(2025, 12, 1));
    assert_eq!(ann.placed_with, "Label Co");
    assert_eq!(ann.retained_3, None, "not done yet");
    let carl = &rows[2];
    assert_eq!(carl.status, casework::CaseStatus::InWork);
    assert_eq!(carl.placed_on, NaiveDate::from_ymd_opt(2025, 3, 1));
    assert_eq!(
        (carl.retained_3, carl.retained_6),
        (Some(true), Some(false))
    );
    assert_eq!(rows[4].status, casework::CaseStatus::NotSeeking);
    assert_eq!(rows[1].placed_with, "");
    assert_eq!(s.ledger(&FigureScope::City).unwrap().len(), 10);
}

#[test]
fn only_staff_and_administrators_set_targets() {
    let s = store();
    let t = Target {
        kind: TargetKind::NewEmployment,
        year: 2026,
        value: 400,
    };
    for who in [Actor::Jobseeker(1), Actor::Counselor(1), Actor::Employer(1)] {
        assert_eq!(s.set_target(who, &t), Err(StoreError::Forbidden));
    }
    s.set_target(Actor::Staff(4), &t).unwrap();
    s.set_target(
        Actor::Admin(1),
        &Target {
            value: 450,
            ..t.clone()
        },
    )
    .unwrap();
    let f = s.figures(&FigureScope::City, 2026).unwrap();
    assert_eq!(
        f.targets,
        vec![(
            Target {
                value: 450,
                ..t.clone()
            },
            0
        )],
        "set again, replaced"
    );
    let by: String = s
        .lock()
        .query_row("SELECT by FROM targets WHERE year = 2026", [], |r| r.get(0))
        .unwrap();
    assert_eq!(by, "admin:1");
    assert!(matches!(
        s.set_target(
            Actor::Staff(4),
            &Target {
                year: 3000,
                ..t.clone()
            }
        ),
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        s.set_target(
            Actor::Staff(4),
            &Target {
                value: u64::MAX,
                ..t
            }
        ),
        Err(StoreError::Invalid { .. })
    ));
}

// ---- The tallies against the direct count ----

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The tally tables' rows that count something, in key order.
fn tally_rows(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    // Each table with how many counts end its rows.
    for (table, counts) in [
        ("tally_people", 2),
        ("tally_needs", 1),
        ("tally_assessed", 1),
        ("tally_placements", 2),
        ("tally_retention", 2),
        ("tally_training", 2),
        ("tally_households", 2),
    ] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                        v => format!("{v:?}"),
                    })
                    .collect();
                Ok(cells)
            })
            .unwrap();
        for cells in rows {
            let cells = cells.unwrap();
            // Keys then counts: a row whose counts are all zero counts nothing.
            if cells
                .iter()
                .rev()
                .take(counts)
                .all(|c| c.ends_with("Integer(0)"))
            {
                continue;
            }
            out.push(format!("{table} {}", cells.join(" ")));
        }
    }
    out.sort();
    out
}

/// Every scope's figures from the tallies equal the direct count, on days
/// either side of a year's end and for the years around them; and the
/// counts the triggers kept equal counting everything again.
fn assert_tallies_match(s: &SqliteStore, label: &str) {
    let conn = s.lock();
    let counselors: Vec<Id> = conn
        .prepare("SELECT id FROM counselors ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let centers: Vec<String> = conn
        .prepare("SELECT DISTINCT center FROM counselors ORDER BY center")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut scopes = vec![FigureScope::City, FigureScope::Counselor(999)];
    scopes.extend(counselors.into_iter().map(FigureScope::Counselor));
    scopes.extend(centers.into_iter().map(FigureScope::Center));
    let mut compared = 0;
    for today in [
        day(2025, 11, 15),
        day(2025, 12, 31),
        day(2026, 1, 1),
        day(2026, 3, 31),
    ] {
        for year in [2024, 2025, 2026] {
            for scope in &scopes {
                let tallied = figures_in(&conn, scope, year, today).unwrap();
                let direct = direct_figures(&conn, scope, year, today).unwrap();
                assert_eq!(tallied, direct, "{label}: {scope:?} {year} on {today}");
                compared += usize::from(tallied.caseload > 0);
            }
        }
    }
    assert!(compared > 0, "{label}: nobody counted");
    let kept = tally_rows(&conn);
    super::super::tally::rebuild(&conn).unwrap();
    let again = tally_rows(&conn);
    let missing: Vec<&String> = again.iter().filter(|r| !kept.contains(r)).collect();
    let extra: Vec<&String> = kept.iter().filter(|r| !again.contains(r)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{label}: counted again, kept {extra:?} instead of {missing:?}"
    );
}

fn staff(s: &SqliteStore, profile_id: Id, edit: casework::CaseEdit) {
    s.change_case(&crate::store::CaseChange {
        request_id: crate::store::new_request_id(),
        profile_id,
        by: Actor::Staff(1),
        edit,
    })
    .unwrap();
}

#[test]
fn tallied_figures_equal_the_direct_count_after_every_kind_of_change() {
    use crate::domain::casework::{
        AbilityResult, Assessment, CaseEdit, Contract, Difficulty, HoursWanted, Household, Needs,
        NewPlacement, Skill,
    };
    use crate::store::seed::{PeopleOptions, people};
    let clock = Arc::new(FixedClock::on(today()));
    let s = SqliteStore::in_memory(clock.clone()).unwrap();
    seed(&s.lock());
    assert_tallies_match(&s, "hand-made rows");

    // Whole caseloads through the bulk path.
    people(
        &s,
        400,
        PeopleOptions {
            per_counselor: 60,
            ..PeopleOptions::new(today())
        },
    )
    .unwrap();
    assert_tallies_match(&s, "bulk");

    // Reassignment: to another center, from nobody, to nobody.
    staff(
        &s,
        1,
        CaseEdit::Assign {
            counselor_id: Some(3),
        },
    );
    staff(
        &s,
        10,
        CaseEdit::Assign {
            counselor_id: Some(2),
        },
    );
    staff(&s, 8, CaseEdit::Assign { counselor_id: None });
    assert_tallies_match(&s, "reassigned");

    // Casework: needs (new and again), assessments, difficulty,
    // households (new and changed), a placement and its 3-month
    // follow-up confirming work.
    let needs = Needs {
        desired_work: "Massage".into(),
        hours: HoursWanted::FullTime,
        home_based: false,
        places: String::new(),
        accommodations: String::new(),
    };
    staff(&s, 2, CaseEdit::Needs(needs.clone()));
    staff(&s, 2, CaseEdit::Needs(needs));
    let assessment = Assessment {
        assessed_on: day(2025, 11, 1),
        mobility: Skill::Good,
        computer: Skill::Basic,
        communication: Skill::Good,
        massage: Skill::Good,
        years_worked: 3,
        result: AbilityResult::Ready,
        note: String::new(),
    };
    staff(&s, 4, CaseEdit::Assessment(assessment.clone()));
    staff(&s, 4, CaseEdit::Assessment(assessment));
    staff(
        &s,
        3,
        CaseEdit::Difficulty(Difficulty {
            recognised: true,
            basis: "Certificate".into(),
            on: day(2025, 10, 1),
        }),
    );
    staff(
        &s,
        4,
        CaseEdit::Household(Household {
            members: 2,
            others_in_work: 0,
            zero_employment: true,
        }),
    );
    staff(
        &s,
        2,
        CaseEdit::Household(Household {
            members: 3,
            others_in_work: 1,
            zero_employment: true,
        }),
    );
    staff(
        &s,
        4,
        CaseEdit::Placement(NewPlacement {
            employer: "Spa".into(),
            job_id: None,
            job_title: "Masseur".into(),
            kind: WorkKind::MedicalMassage,
            started_on: day(2025, 8, 14),
            contract: Contract::Permanent,
            monthly_pay: 5000,
            home_based: false,
        }),
    );
    let placement: Id = s
        .lock()
        .query_row("SELECT MAX(id) FROM placements", [], |r| r.get(0))
        .unwrap();
    staff(
        &s,
        4,
        CaseEdit::FollowUp {
            placement_id: placement,
            months: casework::PLACED_AFTER_MONTHS,
            done_on: day(2025, 11, 14),
            still_working: true,
            note: String::new(),
        },
    );
    assert_tallies_match(&s, "casework");

    // A person's details and a counselor's center change; rows are
    // deleted; an enrollment is registered, withdrawn, another completed.
    s.lock()
        .execute_batch(
            "UPDATE profiles SET district = 370213, birth_date = '1970-11-20' WHERE id = 3;
             UPDATE profiles SET sex = 'male', birth_date = '1965-12-01' WHERE id = 2;
             UPDATE counselors SET center = 'Licang Center' WHERE id = 2;
             DELETE FROM needs WHERE profile_id = 3;
             DELETE FROM assessments WHERE profile_id = 1 AND result = 'ready';
             DELETE FROM follow_ups WHERE placement_id = 5;
             DELETE FROM placements WHERE id = 5;
             DELETE FROM profiles WHERE id = 6;
             UPDATE households SET others_in_work = 2 WHERE id = 1;
             INSERT INTO enrollments (id, course_id, profile_id, status, request_id)
                 VALUES (5, 1, 2, 'registered', 'r5'), (6, 1, 4, 'enrolled', 'r6');
             INSERT INTO enrollment_history (enrollment_id, status, at, by) VALUES
                 (5, 'registered', '2025-11-15T09:00:00Z', 'jobseeker:2'),
                 (6, 'registered', '2025-10-01T09:00:00Z', 'jobseeker:4'),
                 (6, 'enrolled', '2025-10-02T09:00:00Z', 'staff:1');
             UPDATE enrollments SET status = 'cancelled' WHERE id = 1;
             INSERT INTO enrollment_history (enrollment_id, status, at, by) VALUES
                 (1, 'cancelled', '2025-11-15T10:00:00Z', 'jobseeker:1');
             DELETE FROM enrollment_history WHERE enrollment_id = 4;",
        )
        .unwrap();
    assert_tallies_match(&s, "edited and deleted");

    // Over the year's end: Ann's 3-month follow-up (due 1 Dec) confirms
    // work in the new year, a course is completed and another registered.
    clock.advance(chrono::Duration::days(50));
    staff(
        &s,
        1,
        CaseEdit::FollowUp {
            placement_id: 2,
            months: casework::PLACED_AFTER_MONTHS,
            done_on: day(2026, 1, 3),
            still_working: true,
            note: String::new(),
        },
    );
    s.lock()
        .execute_batch(
            "UPDATE enrollments SET status = 'completed' WHERE id = 6;
             INSERT INTO enrollment_history (enrollment_id, status, at, by) VALUES
                 (6, 'completed', '2026-01-03T09:00:00Z', 'staff:1');
             INSERT INTO enrollments (id, course_id, profile_id, status, request_id)
                 VALUES (7, 1, 7, 'waitlisted', 'r7');
             INSERT INTO enrollment_history (enrollment_id, status, at, by) VALUES
                 (7, 'waitlisted', '2025-12-31T23:59:59Z', 'jobseeker:7'),
                 (7, 'registered', '2026-01-02T09:00:00Z', 'system');
             UPDATE enrollments SET status = 'registered' WHERE id = 7;",
        )
        .unwrap();
    assert_tallies_match(&s, "over the year's end");
}

#[test]
fn the_demo_and_a_reopened_file_count_the_same_as_the_direct_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    {
        let s = SqliteStore::open_with_clock(&path, Arc::new(FixedClock::on(today()))).unwrap();
        crate::store::seed::seed(
            &s,
            crate::store::seed::SeedOptions {
                jobs: 20,
                lang: crate::i18n::Lang::En,
                today: today(),
                people_and_courses: true,
            },
        )
        .unwrap();
        assert_tallies_match(&s, "demo");
        // Counts lost (or a file from before the triggers): opening again
        // counts everything when the installed triggers are not these.
        s.lock()
            .execute_batch(
                "DELETE FROM tally_people; UPDATE settings SET value = 'old'
                 WHERE key = 'tally_triggers';",
            )
            .unwrap();
    }
    let s = SqliteStore::open_with_clock(&path, Arc::new(FixedClock::on(today()))).unwrap();
    assert_tallies_match(&s, "reopened");
}

// ---- The direct count, kept as the oracle ----

/// The figures counted straight from the base tables, as they were before
/// the tallies (schema 6): the oracle the tallied figures must equal.
pub(super) fn direct_figures(
    conn: &Connection,
    scope: &FigureScope,
    year: i32,
    today: NaiveDate,
) -> StoreResult<Figures> {
    let (first, as_of) = as_of(year, today)?;
    let s = Scope::new(scope);
    let year_start = date_text(first);
    let as_of_text = date_text(as_of);
    let next_year = format!("{:04}-01-01", year + 1);
    let year_end = format!("{year:04}-12-31");

    // People: one pass over the index made for it, grouped by district.
    // Working age is a birth-date range for each sex (the domain's), on
    // the day counted; birth date and sex come from the certificate
    // number, so only certificate holders have them.
    let (m0, m1) = casework::working_age_births(Sex::Male, as_of);
    let (f0, f1) = casework::working_age_births(Sex::Female, as_of);
    let (m0, m1, f0, f1) = (date_text(m0), date_text(m1), date_text(f0), date_text(f1));
    let (male, female) = (Sex::Male.as_str(), Sex::Female.as_str());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT district, COUNT(*), TOTAL(wa), TOTAL(wa AND employed), TOTAL(difficulty)
         FROM (SELECT p.district, p.employed, p.difficulty,
                 (p.sex = :male AND p.birth_date BETWEEN :m0 AND :m1)
                     OR (p.sex = :female AND p.birth_date BETWEEN :f0 AND :f1) AS wa
               FROM profiles p WHERE {})
         GROUP BY district ORDER BY district",
        s.people
    ))?;
    let people = stmt.query_map(
        &*s.params(&[
            (":male", &male),
            (":female", &female),
            (":m0", &m0),
            (":m1", &m1),
            (":f0", &f0),
            (":f1", &f1),
        ]),
        |r| {
            Ok((
                get_opt_district(r, 0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, f64>(2)? as u64,
                r.get::<_, f64>(3)? as u64,
                r.get::<_, f64>(4)? as u64,
            ))
        },
    )?;
    let mut f = empty(scope.clone(), year, as_of);
    let mut districts: BTreeMap<u32, DistrictFigures> = BTreeMap::new();
    for row in people {
        let (district, caseload, working_age, employed, difficulty) = row?;
        f.caseload += caseload;
        f.working_age += working_age;
        f.working_age_employed += employed;
        f.difficulty_recognised += difficulty;
        if let Some(d) = district {
            districts.insert(
                d.code(),
                DistrictFigures {
                    district: d,
                    caseload,
                    unemployed_working_age: working_age.saturating_sub(employed),
                    placements: 0,
                },
            );
        }
    }
    drop(stmt);
    f.unemployed_working_age = f.working_age.saturating_sub(f.working_age_employed);

    f.needs_registered = count(
        conn,
        &format!(
            "SELECT COUNT(*) FROM needs n WHERE {}",
            s.of("n.profile_id")
        ),
        &s.params(&[]),
    )?;
    f.assessed = count(
        conn,
        &format!(
            "SELECT COUNT(DISTINCT a.profile_id) FROM assessments a WHERE {}",
            s.of("a.profile_id")
        ),
        &s.params(&[]),
    )?;

    // Placements starting in the year, by kind and district; placed when
    // the 3-month follow-up confirmed work.
    let placed_after = i64::from(casework::PLACED_AFTER_MONTHS);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT pl.kind, p.district, COUNT(*),
             TOTAL(EXISTS (SELECT 1 FROM follow_ups f WHERE f.placement_id = pl.id
                 AND f.months = :placed_after AND f.done_on IS NOT NULL AND f.still_working = 1))
         FROM placements pl JOIN profiles p ON p.id = pl.profile_id
         WHERE {} BETWEEN :year_start AND :year_end AND {}
         GROUP BY pl.kind, p.district",
        s.started(),
        s.people
    ))?;
    let placements = stmt.query_map(
        &*s.params(&[
            (":placed_after", &placed_after),
            (":year_start", &year_start),
            (":year_end", &year_end),
        ]),
        |r| {
            Ok((
                get_named(r, 0, WorkKind::parse)?,
                get_opt_district(r, 1)?,
                r.get::<_, i64>(2)? as u64,
                r.get::<_, f64>(3)? as u64,
            ))
        },
    )?;
    let placements = placements.collect::<rusqlite::Result<Vec<_>>>()?;
    drop(stmt);

    // Retention: the 3- and 6-month follow-ups due in the year by the day
    // counted, and those done confirming work. Their placements started
    // at most six months (and a day for short months) before the year.
    let earliest_start = first
        .checked_sub_months(Months::new(7))
        .map(date_text)
        .unwrap_or_else(|| year_start.clone());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.months, COUNT(*), TOTAL(f.done_on IS NOT NULL AND f.still_working = 1)
         FROM placements pl JOIN follow_ups f ON f.placement_id = pl.id
         WHERE {} BETWEEN :earliest AND :as_of AND f.months IN (3, 6)
             AND f.due_on BETWEEN :year_start AND :as_of AND {}
         GROUP BY f.months",
        s.started(),
        s.of("pl.profile_id")
    ))?;
    let rows = stmt.query_map(
        &*s.params(&[
            (":earliest", &earliest_start),
            (":as_of", &as_of_text),
            (":year_start", &year_start),
        ]),
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Retention {
                    due: r.get::<_, i64>(1)? as u64,
                    confirmed: r.get::<_, f64>(2)? as u64,
                },
            ))
        },
    )?;
    for row in rows {
        match row? {
            (3, r) => f.retention_3 = r,
            (6, r) => f.retention_6 = r,
            _ => {}
        }
    }
    drop(stmt);

    // Training: registrations made in the year (an enrollment's first
    // history entry), and courses completed in it.
    f.training_registrations = count(
        conn,
        &format!(
            "SELECT COUNT(*) FROM enrollments e
             WHERE {} AND (SELECT MIN(h.at) FROM enrollment_history h
                 WHERE h.enrollment_id = e.id) >= :year_start
             AND (SELECT MIN(h.at) FROM enrollment_history h
                 WHERE h.enrollment_id = e.id) < :next_year",
            s.of("e.profile_id")
        ),
        &s.params(&[(":year_start", &year_start), (":next_year", &next_year)]),
    )?;
    let completed = EnrollmentStatus::Completed.as_str();
    f.training_completions = count(
        conn,
        &format!(
            "SELECT COUNT(*) FROM enrollments e
             WHERE e.status = :completed AND {} AND EXISTS (SELECT 1 FROM enrollment_history h
                 WHERE h.enrollment_id = e.id AND h.status = :completed
                 AND h.at >= :year_start AND h.at < :next_year)",
            s.of("e.profile_id")
        ),
        &s.params(&[
            (":completed", &completed),
            (":year_start", &year_start),
            (":next_year", &next_year),
        ]),
    )?;

    // Zero-employment households with someone in the scope; cleared when
    // someone in them works (casework::household_cleared).
    let (registered, cleared) = conn.query_row(
        &format!(
            "SELECT COUNT(*), TOTAL(h.others_in_work > 0 OR EXISTS (SELECT 1 FROM profiles m
                 WHERE m.household_id = h.id AND m.employed = 1))
             FROM households h WHERE h.zero_employment = 1 AND {}",
            s.households()
        ),
        &*s.params(&[]),
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, f64>(1)? as u64)),
    )?;
    f.zero_employment_households = registered;
    f.households_cleared = cleared;

    finish(conn, f, districts, placements)
}

fn count(conn: &Connection, sql: &str, params: &Params<'_>) -> StoreResult<u64> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(&**params, |r| r.get::<_, i64>(0))?
        .max(0) as u64)
}
