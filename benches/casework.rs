//! The counselor's desk at 100,000 people (issue 14: caseload and figures
//! under 20 ms each): a caseload's first page, a filtered page, a name
//! search; the figures of a counselor, a center and the city. The store is
//! seeded once per run with `seed::people` (whole records: needs,
//! assessments, placements with follow-ups, households). For scale, the
//! same run measures a plain `COUNT(*)` over the profiles and a full pass
//! over them, which the city's figures cannot do without.
//!
//! `cargo bench --bench casework -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use jobdesk::clock::FixedClock;
use jobdesk::domain::casework::{CaseQuery, CaseStatus, FigureScope};
use jobdesk::i18n::Lang;
use jobdesk::store::seed::{PeopleOptions, people};
use jobdesk::store::{SqliteStore, Store};

const PEOPLE: u32 = 100_000;

fn bench_casework(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("casework.db");
    let store = SqliteStore::open_with_clock(&path, Arc::new(FixedClock::on(today))).expect("open");
    let started = std::time::Instant::now();
    let report = people(
        &store,
        PEOPLE,
        PeopleOptions {
            lang: Lang::En,
            ..PeopleOptions::new(today)
        },
    )
    .expect("seed people");
    eprintln!(
        "seeded {} people ({} counselors) in {:.1} s",
        report.people.len(),
        report.counselors.len(),
        started.elapsed().as_secs_f64()
    );
    let counselor = *report.counselors.first().expect("a counselor");
    let center = store.counselor(counselor).expect("counselor").center;
    let year = today.year();

    let mut group = c.benchmark_group("casework at 100,000 people");
    let page = |q: CaseQuery| CaseQuery { page_size: 20, ..q };
    let cases = [
        (
            "case_rows: a counselor's first page",
            page(CaseQuery {
                counselor_id: Some(counselor),
                ..Default::default()
            }),
        ),
        (
            "case_rows: looking for work, overdue",
            page(CaseQuery {
                counselor_id: Some(counselor),
                statuses: vec![CaseStatus::Looking],
                overdue_only: true,
                ..Default::default()
            }),
        ),
        (
            "case_rows: name search across everyone (staff)",
            page(CaseQuery {
                text: "Wang".into(),
                ..Default::default()
            }),
        ),
    ];
    for (name, query) in cases {
        let rows = store.case_rows(&query).expect("case rows");
        eprintln!("{name}: {} rows of {}", rows.items.len(), rows.total);
        group.bench_function(name, |b| {
            b.iter(|| black_box(store.case_rows(black_box(&query)).expect("case rows")))
        });
    }
    for (name, scope) in [
        ("figures: a counselor", FigureScope::Counselor(counselor)),
        ("figures: a center", FigureScope::Center(center)),
        ("figures: the city", FigureScope::City),
    ] {
        let f = store.figures(&scope, year).expect("figures");
        eprintln!(
            "{name}: caseload {}, working age {}, placements {}",
            f.caseload, f.working_age, f.placements_recorded
        );
        group.bench_function(name, |b| {
            b.iter(|| black_box(store.figures(black_box(&scope), year).expect("figures")))
        });
    }

    // References for the same data on the same machine in the same run.
    let conn = rusqlite::Connection::open(&path).expect("open for reference");
    group.bench_function("reference: SELECT COUNT(*) FROM profiles", |b| {
        b.iter(|| {
            let n: i64 = conn
                .query_row("SELECT COUNT(*) FROM profiles", [], |r| r.get(0))
                .expect("count");
            black_box(n)
        })
    });
    group.bench_function("reference: one pass over profiles (employed)", |b| {
        b.iter(|| {
            let n: i64 = conn
                .query_row("SELECT TOTAL(employed) FROM profiles", [], |r| r.get(0))
                .map(|t: f64| t as i64)
                .expect("sum");
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_casework);
criterion_main!(benches);
