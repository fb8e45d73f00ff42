//! Key handling plus drawing with 100,000 jobs in the store (a navigation
//! key under 1 ms; a Down key under 200 bytes on average, page turns and
//! Chinese included). Run with `cargo bench --bench ui`.

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

/// A store with 100,000 jobs in `lang`, in a folder kept alive by the dir.
fn seeded(lang: Lang, clock: &FixedClock) -> (tempfile::TempDir, SqliteStore, Option<i64>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_with_clock(&dir.path().join("ui.db"), Arc::new(clock.clone()))
        .expect("open");
    seed(
        &store,
        SeedOptions {
            jobs: 100_000,
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
    let out = Written::default();
    let backend =
        RowBackend::new(out.clone(), SizeSource::Fixed(Size::new(80, 24))).expect("backend");
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
        false,
        clock.now(),
        me,
        (80, 24),
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
    let (_dir, store, me) = seeded(Lang::En, &clock);

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

    // Bytes written by 100 Down keys from the top of the job list at 80x24,
    // page turns included, in both languages.
    for lang in [Lang::En, Lang::ZhCn] {
        let (_dir, store, me) = seeded(lang, &clock);
        let mut ui = new_ui(lang, &store, &clock, me);
        press(&mut ui, &store, &clock, "enter");
        ui.out.0.borrow_mut().clear();
        let sizes: Vec<usize> = (0..100)
            .map(|_| {
                press(&mut ui, &store, &clock, "down");
                std::mem::take(&mut *ui.out.0.borrow_mut()).len()
            })
            .collect();
        let total: usize = sizes.iter().sum();
        let turns: Vec<usize> = sizes.iter().copied().filter(|b| *b > 300).collect();
        let moves: Vec<usize> = sizes.iter().copied().filter(|b| *b <= 300).collect();
        eprintln!(
            "{lang:?}: 100 Downs in the job list (100,000 jobs, 80x24): {} bytes a key on average; \
             {} bytes a move within a page (median); {} page turns of {:?} bytes",
            total / sizes.len(),
            median(&moves),
            turns.len(),
            turns
        );
    }
}

fn median(values: &[usize]) -> usize {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or(0)
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench_ui
}
criterion_main!(benches);
