//! Key handling plus drawing with 100,000 jobs in the store (a navigation
//! key under 1 ms; a Down key under 200 bytes on average, page turns and
//! Chinese included). Run with `cargo bench --bench ui`; with
//! `JOBDESK_BENCH_MILLION=1` the bytes are measured at 1,000,000 jobs too
//! (seeding takes a minute or more in each language).
//!
//! The bytes: 100 Down keys from the top of the job list, which turn five
//! pages at 80x24, in English and Chinese, at 80x24 and 40x12, with and
//! without colour; the mean bytes of a move within a page, of a page turn
//! and of a key, and what they are made of.

use std::cell::RefCell;
use std::hint::black_box;
use std::io::Write;
use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use jobdesk::clock::{Clock, FixedClock};
use jobdesk::i18n::Lang;
use jobdesk::keymap::{KeyPress, Keymap};
use jobdesk::speech::Silent;
use jobdesk::store::SqliteStore;
use jobdesk::store::seed::{SeedOptions, seed};
use jobdesk::ui::backend::{ReadingOrder, RowBackend, SizeSource};
use jobdesk::ui::bytes::Breakdown;
use jobdesk::ui::run::{Runtime, Snapshot, process};
use jobdesk::ui::{App, Msg, Settings, update};
use ratatui::Terminal;
use ratatui::layout::Size;

#[derive(Clone, Default)]
struct Written(Rc<RefCell<Vec<u8>>>);

impl Write for Written {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct Ui {
    app: App,
    terminal: Terminal<RowBackend<Written>>,
    out: Written,
}

fn press(ui: &mut Ui, store: &SqliteStore, clock: &FixedClock, key: &str) {
    let mut rt = Runtime {
        store,
        clock,
        speaker: Box::new(Silent),
        save_settings: None,
        purge_scrollback: None,
    };
    let before = Snapshot::of(&ui.app);
    let key = KeyPress::parse(key).expect("key");
    let effects = update(&mut ui.app, Msg::Key(key));
    process(&mut ui.app, &mut rt, effects, before);
    draw(ui);
}

fn draw(ui: &mut Ui) {
    ui.terminal
        .backend_mut()
        .set_heading_rows(ui.app.heading_rows());
    ui.terminal.draw(|f| ui.app.draw(f)).expect("draw");
}

/// A store with `jobs` jobs in `lang`, in a folder kept alive by the dir.
fn seeded(
    lang: Lang,
    clock: &FixedClock,
    jobs: u32,
) -> (tempfile::TempDir, SqliteStore, Option<i64>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_with_clock(&dir.path().join("ui.db"), Arc::new(clock.clone()))
        .expect("open");
    seed(
        &store,
        SeedOptions {
            jobs,
            lang,
            today: clock.now().date_naive(),
            people_and_courses: true,
        },
    )
    .expect("seed");
    let me = jobdesk::store::Store::current_user(&store)
        .expect("user")
        .and_then(|a| match a {
            jobdesk::domain::Actor::Jobseeker(id) => Some(id),
            _ => None,
        });
    (dir, store, me)
}

fn new_ui(lang: Lang, store: &SqliteStore, clock: &FixedClock, me: Option<i64>) -> Ui {
    new_ui_sized(lang, store, clock, me, (80, 24), false)
}

fn new_ui_sized(
    lang: Lang,
    store: &SqliteStore,
    clock: &FixedClock,
    me: Option<i64>,
    (width, height): (u16, u16),
    no_color: bool,
) -> Ui {
    let out = Written::default();
    let backend =
        RowBackend::new(out.clone(), SizeSource::Fixed(Size::new(width, height))).expect("backend");
    let terminal = Terminal::new(backend).expect("terminal");
    let settings = Settings {
        lang,
        high_contrast: false,
        vim_keys: false,
        linear: false,
    };
    let (app, startup) = App::new(
        settings,
        Keymap::default_keys(),
        no_color,
        clock.now(),
        me,
        (width, height),
    );
    let mut ui = Ui { app, terminal, out };
    let mut rt = Runtime {
        store,
        clock,
        speaker: Box::new(Silent),
        save_settings: None,
        purge_scrollback: None,
    };
    process(&mut ui.app, &mut rt, startup, Snapshot::start());
    draw(&mut ui);
    ui
}

fn bench_ui(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let clock = FixedClock::on(today);
    let (_dir, store, me) = seeded(Lang::En, &clock, 100_000);

    let mut group = c.benchmark_group("ui_100k_jobs");
    group.bench_function("open the job list (Enter on the menu)", |b| {
        b.iter_batched(
            || new_ui(Lang::En, &store, &clock, me),
            |mut ui| press(&mut ui, &store, &clock, "enter"),
            criterion::BatchSize::SmallInput,
        )
    });

    let mut ui = new_ui(Lang::En, &store, &clock, me);
    press(&mut ui, &store, &clock, "enter");
    let mut down = true;
    group.bench_function("Down or Up in the job list, handled and drawn", |b| {
        b.iter(|| {
            press(&mut ui, &store, &clock, if down { "down" } else { "up" });
            down = !down;
            black_box(&ui.app);
        })
    });
    group.bench_function("Page Down and Page Up (a store page each)", |b| {
        b.iter(|| {
            press(
                &mut ui,
                &store,
                &clock,
                if down { "pagedown" } else { "pageup" },
            );
            down = !down;
        })
    });
    group.finish();

    // Bytes written by 100 Down keys from the top of the job list, page
    // turns included, in both languages.
    let million = std::env::var_os("JOBDESK_BENCH_MILLION").is_some();
    let counts: &[u32] = if million {
        &[100_000, 1_000_000]
    } else {
        &[100_000]
    };
    eprintln!(
        "bytes of a Down key in the job list (100 Downs from the top): \
         jobs, language, size, colour: mean within a page / page turn / a key"
    );
    for &jobs in counts {
        for lang in [Lang::En, Lang::ZhCn] {
            let (_dir, store, me) = seeded(lang, &clock, jobs);
            for (size, no_color) in [((80, 24), false), ((80, 24), true), ((40, 12), false)] {
                let (moves, turns) = bytes_of_downs(lang, &store, &clock, me, size, no_color);
                let mut all = moves.clone();
                all.add(&turns);
                eprintln!(
                    "  {jobs} {lang:?} {}x{}{}: {} / {} ({} turns) / {}\n    a key: {}",
                    size.0,
                    size.1,
                    if no_color { " NO_COLOR" } else { "" },
                    moves.mean().total,
                    turns.mean().total,
                    turns.streams,
                    all.mean().total,
                    all.mean(),
                );
            }
        }
    }
}

/// What 100 Down keys from the top of the job list write: the moves within
/// a page and the page turns (a key after which the heading says another
/// page), each added up.
fn bytes_of_downs(
    lang: Lang,
    store: &SqliteStore,
    clock: &FixedClock,
    me: Option<i64>,
    size: (u16, u16),
    no_color: bool,
) -> (Breakdown, Breakdown) {
    let mut ui = new_ui_sized(lang, store, clock, me, size, no_color);
    press(&mut ui, store, clock, "enter");
    ui.out.0.borrow_mut().clear();
    let (mut moves, mut turns) = (Breakdown::default(), Breakdown::default());
    for _ in 0..100 {
        let heading = ui.app.view().heading.clone();
        press(&mut ui, store, clock, "down");
        let bytes = std::mem::take(&mut *ui.out.0.borrow_mut());
        if ui.app.view().heading == heading {
            moves.add(&Breakdown::of(&bytes));
        } else {
            turns.add(&Breakdown::of(&bytes));
        }
    }
    (moves, turns)
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench_ui
}
criterion_main!(benches);
