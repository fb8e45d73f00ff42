//! Through the server on this machine (docs/README.md, targets: thousands of
//! job-list reads a second on two cores): job-list reads and applications
//! a second, single and with 4 concurrent clients, and the remote
//! interface's key latency. Run with `cargo bench --bench server`.

use std::hint::black_box;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jobdesk::clock::{Clock, FixedClock};
use jobdesk::domain::Actor;
use jobdesk::i18n::Lang;
use jobdesk::keymap::{KeyPress, Keymap};
use jobdesk::server::{StorePool, start};
use jobdesk::speech::Silent;
use jobdesk::store::accounts::Role;
use jobdesk::store::seed::{SeedOptions, seed};
use jobdesk::store::{
    ApplyRequest, JobQuery, RemoteOptions, RemoteStore, SqliteStore, Store, new_request_id,
};
use jobdesk::ui::run::{Runtime, Snapshot, process};
use jobdesk::ui::{App, Msg, Settings, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PIN: &str = "2468";

fn bench_server(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let clock = FixedClock::on(today);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("server.db");
    let me = {
        let store = SqliteStore::open_with_clock(&db, Arc::new(clock.clone())).expect("open");
        let report = seed(
            &store,
            SeedOptions {
                jobs: 100_000,
                lang: Lang::En,
                today,
                people_and_courses: true,
            },
        )
        .expect("seed");
        store
            .add_account("admin", Role::Admin, PIN, None, None)
            .expect("admin");
        store
            .add_account("me", Role::Jobseeker, PIN, report.me, None)
            .expect("me");
        report.me.expect("me")
    };
    let pool = Arc::new(StorePool::open(&db, Arc::new(clock.clone()), 4).expect("pool"));
    let server = start(TcpListener::bind("127.0.0.1:0").expect("bind"), pool).expect("server");
    let url = server.url();
    let client = |login: &str| {
        let r = RemoteStore::connect(RemoteOptions::new(&url)).expect("connect");
        r.log_in(login, PIN).expect("login");
        r
    };

    let mut group = c.benchmark_group("server_100k_jobs");
    group.throughput(Throughput::Elements(1));
    let reader = client("me");
    let list = JobQuery {
        page_size: 20,
        ..Default::default()
    };
    group.bench_function("job-list read, one client", |b| {
        b.iter(|| black_box(reader.search_jobs(&list).expect("read")))
    });
    let search = JobQuery {
        text: "massage".into(),
        page_size: 20,
        ..Default::default()
    };
    group.bench_function("job search read, one client", |b| {
        b.iter(|| black_box(reader.search_jobs(&search).expect("read")))
    });
    let readers: Vec<Arc<RemoteStore>> = (0..4).map(|_| Arc::new(client("me"))).collect();
    group.bench_function("job-list read, 4 concurrent clients", |b| {
        b.iter_custom(|iters| {
            let per = iters.div_ceil(4);
            let started = Instant::now();
            let threads: Vec<_> = readers
                .iter()
                .cloned()
                .map(|r| {
                    let q = list.clone();
                    std::thread::spawn(move || {
                        for _ in 0..per {
                            black_box(r.search_jobs(&q).expect("read"));
                        }
                    })
                })
                .collect();
            for t in threads {
                t.join().expect("thread");
            }
            started.elapsed().mul_f64(iters as f64 / (per * 4) as f64)
        })
    });
    // Each application goes to a job not applied for yet.
    let next_job = AtomicI64::new(1);
    let applicant = client("me");
    group.bench_function("application, one client", |b| {
        b.iter(|| {
            let job_id = next_job.fetch_add(1, Ordering::Relaxed);
            black_box(
                applicant
                    .apply(&ApplyRequest {
                        request_id: new_request_id(),
                        job_id,
                        profile_id: me,
                        note: String::new(),
                        by: Actor::Jobseeker(me),
                    })
                    .expect("apply"),
            )
        })
    });

    // The remote interface: opening a job (a server round trip) and going
    // back, handled and drawn.
    let ui_store = client("me");
    let settings = Settings {
        lang: Lang::En,
        high_contrast: false,
        vim_keys: false,
        linear: false,
    };
    let (mut app, startup) = App::new(
        settings,
        Keymap::default_keys(),
        false,
        clock.now(),
        Some(me),
        (80, 24),
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut rt = Runtime {
        store: &ui_store,
        clock: &clock,
        speaker: Box::new(Silent),
        save_settings: None,
        purge_scrollback: None,
    };
    process(&mut app, &mut rt, startup, Snapshot::start());
    let mut press = |app: &mut App, rt: &mut Runtime<'_>, key: &str| {
        let before = Snapshot::of(app);
        let effects = update(app, Msg::Key(KeyPress::parse(key).expect("key")));
        process(app, rt, effects, before);
        terminal.draw(|f| app.draw(f)).expect("draw");
    };
    press(&mut app, &mut rt, "enter");
    group.bench_function("remote interface: Enter on a job (one round trip)", |b| {
        b.iter(|| {
            press(&mut app, &mut rt, "enter");
            press(&mut app, &mut rt, "esc");
        })
    });
    group.bench_function("remote interface: Down in the job list", |b| {
        let mut down = true;
        b.iter(|| {
            press(&mut app, &mut rt, if down { "down" } else { "up" });
            down = !down;
        })
    });
    group.finish();
    server.stop();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = bench_server
}
criterion_main!(benches);
