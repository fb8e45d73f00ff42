//! Shared test helpers: stores on temporary files with a fixed clock.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::NaiveDate;
use jobdesk::clock::FixedClock;
use jobdesk::i18n::Lang;
use jobdesk::store::SqliteStore;
use jobdesk::store::seed::{self, SeedOptions, SeedReport};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid date")
}

pub fn clock() -> FixedClock {
    FixedClock::on(today())
}

/// A seeded store on a file in a temporary folder (kept alive by the dir).
pub fn seeded(lang: Lang, jobs: u32) -> (tempfile::TempDir, SqliteStore, SeedReport) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_with_clock(&dir.path().join("test.db"), Arc::new(clock()))
        .expect("open store");
    let report = seed::seed(
        &store,
        SeedOptions {
            jobs,
            lang,
            today: today(),
            people_and_courses: true,
        },
    )
    .expect("seed");
    (dir, store, report)
}
