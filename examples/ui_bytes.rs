//! Where the bytes of a Down key go: 100 Down keys in the job list from its
//! top, page turns included, in English and Chinese, and what share of the
//! bytes is cursor moves, SGR looks, erasing and row text.
//!
//! `cargo run --example ui_bytes -- [JOBS] [WIDTH] [HEIGHT]` (defaults 3000,
//! 80, 24); `NO_COLOR=1` draws without colour, `SHOW=1` prints one page
//! turn's bytes with the escapes made visible.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
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

struct Ui<'a> {
    app: App,
    terminal: Terminal<RowBackend<Written>>,
    out: Written,
    store: &'a SqliteStore,
    clock: &'a FixedClock,
}

impl Ui<'_> {
    fn press(&mut self, key: &str) -> Vec<u8> {
        let mut rt = Runtime {
            store: self.store,
            clock: self.clock,
            speaker: Box::new(Silent),
            save_settings: None,
            purge_scrollback: None,
        };
        let before = Snapshot::of(&self.app);
        let key = KeyPress::parse(key).expect("key");
        let effects = update(&mut self.app, Msg::Key(key));
        process(&mut self.app, &mut rt, effects, before);
        self.draw();
        std::mem::take(&mut *self.out.0.borrow_mut())
    }

    fn draw(&mut self) {
        self.terminal
            .backend_mut()
            .set_heading_rows(self.app.heading_rows());
        self.terminal.draw(|f| self.app.draw(f)).expect("draw");
    }
}

fn main() {
    let args: Vec<u32> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let jobs = args.first().copied().unwrap_or(3000);
    let width = args.get(1).copied().unwrap_or(80) as u16;
    let height = args.get(2).copied().unwrap_or(24) as u16;
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let clock = FixedClock::on(today);
    for lang in [Lang::En, Lang::ZhCn] {
        let dir = tempfile::tempdir().expect("temp dir");
        let store =
            SqliteStore::open_with_clock(&dir.path().join("ui.db"), Arc::new(clock.clone()))
                .expect("open");
        seed(
            &store,
            SeedOptions {
                jobs,
                lang,
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
        let out = Written::default();
        let backend = RowBackend::new(out.clone(), SizeSource::Fixed(Size::new(width, height)))
            .expect("backend");
        let settings = Settings {
            lang,
            high_contrast: false,
            vim_keys: false,
            linear: false,
        };
        let (app, startup) = App::new(
            settings,
            Keymap::default_keys(),
            std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            clock.now(),
            me,
            (width, height),
        );
        let mut ui = Ui {
            app,
            terminal: Terminal::new(backend).expect("terminal"),
            out,
            store: &store,
            clock: &clock,
        };
        let mut rt = Runtime {
            store: &store,
            clock: &clock,
            speaker: Box::new(Silent),
            save_settings: None,
            purge_scrollback: None,
        };
        process(&mut ui.app, &mut rt, startup, Snapshot::start());
        ui.draw();
        ui.out.0.borrow_mut().clear();
        let opened = ui.press("enter");
        let opening = Breakdown::of(&opened);
        let (mut moves, mut turns) = (Breakdown::default(), Breakdown::default());
        let mut shown = false;
        for _ in 0..100 {
            let before = ui.app.heading_rows();
            let heading = ui.app.view().heading.clone();
            let bytes = ui.press("down");
            let turned = heading != ui.app.view().heading || before != ui.app.heading_rows();
            if turned {
                turns.add(&Breakdown::of(&bytes));
                if !shown && std::env::var_os("SHOW").is_some() {
                    println!("{}", String::from_utf8_lossy(&bytes).replace('\x1b', "\\e"));
                    shown = true;
                }
            } else {
                moves.add(&Breakdown::of(&bytes));
            }
        }
        let mut all = moves.clone();
        all.add(&turns);
        println!("{lang:?}, {jobs} jobs, {width}x{height}:");
        println!("  opening the list: {opening}");
        println!("  a move within a page: {}", moves.mean());
        println!("  a page turn: {}", turns.mean());
        println!("  a Down key: {}", all.mean());
    }
}
