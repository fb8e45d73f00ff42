//! Search and filtered listing over 100,000 seeded jobs (docs/README.md,
//! targets: search under 20 ms). Run with `cargo bench --bench store`.

use std::hint::black_box;
use std::sync::Arc;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use jobdesk::clock::FixedClock;
use jobdesk::domain::{District, WorkKind};
use jobdesk::i18n::Lang;
use jobdesk::store::seed::{SeedOptions, seed};
use jobdesk::store::{JobQuery, SqliteStore, Store};

fn bench_store(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let store = SqliteStore::open_with_clock(&path, Arc::new(FixedClock::on(today))).expect("open");
    let started = std::time::Instant::now();
    seed(
        &store,
        SeedOptions {
            jobs: 100_000,
            lang: Lang::ZhCn,
            today,
            people_and_courses: true,
        },
    )
    .expect("seed");
    eprintln!(
        "seeded 100,000 jobs in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let page = |q: JobQuery| JobQuery { page_size: 20, ..q };
    let cases: Vec<(&str, JobQuery)> = vec![
        ("first page, no filter", page(JobQuery::default())),
        (
            "search 按摩师 (trigram)",
            page(JobQuery {
                text: "按摩师".into(),
                ..Default::default()
            }),
        ),
        (
            "search 按摩 (two-character fallback)",
            page(JobQuery {
                text: "按摩".into(),
                ..Default::default()
            }),
        ),
        (
            "search massage (English)",
            page(JobQuery {
                text: "massage".into(),
                ..Default::default()
            }),
        ),
        (
            "search 数据标注 居家",
            page(JobQuery {
                text: "数据标注 居家".into(),
                ..Default::default()
            }),
        ),
        (
            "filter district+kind+visual",
            page(JobQuery {
                districts: vec![District::Shinan],
                kinds: vec![WorkKind::HealthMassage, WorkKind::MedicalMassage],
                suits_visual: true,
                ..Default::default()
            }),
        ),
        (
            "filter remote+salary+posted within 7 days",
            page(JobQuery {
                remote_only: true,
                salary_from: Some(5000),
                posted_within_days: Some(7),
                ..Default::default()
            }),
        ),
        (
            "search with no match",
            page(JobQuery {
                text: "不存在的岗位".into(),
                ..Default::default()
            }),
        ),
        (
            "page 2000",
            page(JobQuery {
                page: 2000,
                ..Default::default()
            }),
        ),
    ];
    let mut group = c.benchmark_group("jobs_100k");
    for (name, query) in cases {
        group.bench_function(name, |b| {
            b.iter(|| black_box(store.search_jobs(black_box(&query)).expect("search")))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench_store
}
criterion_main!(benches);
