//! Key handling plus drawing with 100,000 jobs in the store (DESIGN.md
//! section 11: a navigation key under 2 ms, a Down key under 200 bytes).
//! Run with `cargo bench --bench ui`.

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
use jobdesk::ui::run::{Runtime, Snapshot, process};
use jobdesk::ui::{App, Msg, Settings, update};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

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
    terminal: Terminal<CrosstermBackend<Written>>,
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
    ui.terminal.draw(|f| ui.app.draw(f)).expect("draw");
}

fn bench_ui(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let clock = FixedClock::on(today);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_with_clock(&dir.path().join("ui.db"), Arc::new(clock.clone()))
        .expect("open");
    seed(
        &store,
        SeedOptions {
            jobs: 100_000,
            lang: Lang::En,
            today,
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

    let new_ui = || {
        let out = Written::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(out.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
            },
        )
        .expect("terminal");
        let settings = Settings {
            lang: Lang::En,
            high_contrast: false,
            vim_keys: false,
            linear: false,
        };
        let (app, startup) = App::new(
            settings,
            Keymap::default_keys(),
            false,
            clock.now(),
            me,
            (80, 24),
        );
        let mut ui = Ui { app, terminal, out };
        let mut rt = Runtime {
            store: &store,
            clock: &clock,
            speaker: Box::new(Silent),
            save_settings: None,
            purge_scrollback: None,
        };
        process(&mut ui.app, &mut rt, startup, Snapshot::start());
        ui.terminal.draw(|f| ui.app.draw(f)).expect("draw");
        ui
    };

    let mut group = c.benchmark_group("ui_100k_jobs");
    group.bench_function("open the job list (Enter on the menu)", |b| {
        b.iter_batched(
            new_ui,
            |mut ui| press(&mut ui, &store, &clock, "enter"),
            criterion::BatchSize::SmallInput,
        )
    });

    let mut ui = new_ui();
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

    // Bytes written by one Down key in the job list, at 80x24.
    let mut ui = new_ui();
    press(&mut ui, &store, &clock, "enter");
    let mut sizes = Vec::new();
    for _ in 0..5 {
        ui.out.0.borrow_mut().clear();
        press(&mut ui, &store, &clock, "down");
        sizes.push(ui.out.0.borrow().len());
    }
    eprintln!("bytes written per Down key in the job list at 80x24: {sizes:?}");
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench_ui
}
criterion_main!(benches);
