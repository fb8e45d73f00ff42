//! Shared test helpers: stores on temporary files with a fixed clock.
#![allow(dead_code)]

pub mod desk;
pub mod pty;
pub mod server;
pub mod stream;
pub mod text;

use std::sync::Arc;

use chrono::NaiveDate;
use jobdesk::clock::FixedClock;
use jobdesk::i18n::Lang;
use jobdesk::store::SqliteStore;
use jobdesk::store::seed::{self, SeedOptions, SeedReport};

/// People of a counselor's caseload any visual-disability course admits
/// (the caseloads also hold people with other disabilities).
pub fn visual_caseload_query(
    counselor_id: jobdesk::domain::Id,
) -> jobdesk::domain::casework::CaseQuery {
    jobdesk::domain::casework::CaseQuery {
        categories: vec![jobdesk::domain::DisabilityCategory::Visual],
        ..caseload_query(counselor_id)
    }
}

/// Records that a person agreed their counselor (or staff) may apply and
/// register for them.
pub fn agreed(
    store: &SqliteStore,
    counselor_id: jobdesk::domain::Id,
    profile_id: jobdesk::domain::Id,
) {
    use jobdesk::store::Store;
    store
        .change_case(&jobdesk::domain::casework::CaseChange {
            request_id: jobdesk::store::new_request_id(),
            profile_id,
            by: jobdesk::domain::Actor::Counselor(counselor_id),
            edit: jobdesk::domain::casework::CaseEdit::Agreement { agreed: true },
        })
        .expect("agreement");
}

/// The first page (up to 500) of a counselor's caseload, in name order.
pub fn caseload_query(counselor_id: jobdesk::domain::Id) -> jobdesk::domain::casework::CaseQuery {
    jobdesk::domain::casework::CaseQuery {
        counselor_id: Some(counselor_id),
        page_size: 500,
        ..Default::default()
    }
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid date")
}

pub fn clock() -> FixedClock {
    FixedClock::on(today())
}

/// A plain course for tests: `capacity` seats, starting `starts_on`,
/// registration open until `enroll_by`, anyone with a visual disability
/// certificate eligible.
pub fn course(
    title: &str,
    capacity: u32,
    starts_on: NaiveDate,
    enroll_by: NaiveDate,
) -> jobdesk::domain::NewCourse {
    use jobdesk::domain::{District, Format, NewCourse, Track};
    NewCourse {
        title: title.into(),
        track: Track::ContinuingEducation,
        level: None,
        provider: "Provider".into(),
        district: District::Shinan,
        address: String::new(),
        directions: String::new(),
        starts_on,
        ends_on: starts_on + chrono::Duration::days(5),
        enroll_by,
        hours: 8,
        fee_yuan: 0,
        subsidy: String::new(),
        capacity,
        formats: vec![Format::Audio],
        assessment: String::new(),
        leads_to: String::new(),
        requires_previous_level: false,
        min_age: None,
        max_age: None,
        min_education: None,
        description: String::new(),
    }
}

/// A seeded store on a file in a temporary folder (kept alive by the dir).
/// Each language and size is seeded once per test run and copied after
/// that: the seed (the demo's caseloads with their histories) is the same
/// every time, and most tests start from it.
pub fn seeded(lang: Lang, jobs: u32) -> (tempfile::TempDir, SqliteStore, SeedReport) {
    let (template, report) = seeded_template(lang, jobs);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.db");
    std::fs::copy(&template, &path).expect("copy the seeded store");
    let store = SqliteStore::open_with_clock(&path, Arc::new(clock())).expect("open store");
    (dir, store, report)
}

type Templates = Vec<((Lang, u32), (std::path::PathBuf, SeedReport))>;

/// The seeded file of a language and size, written once (`VACUUM INTO`
/// gives a file whole, without its write-ahead log).
fn seeded_template(lang: Lang, jobs: u32) -> (std::path::PathBuf, SeedReport) {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    static TEMPLATES: std::sync::Mutex<Templates> = std::sync::Mutex::new(Templates::new());
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let mut templates = TEMPLATES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, found)) = templates.iter().find(|(key, _)| *key == (lang, jobs)) {
        return found.clone();
    }
    let seeding = dir
        .path()
        .join(format!("seeding-{}-{jobs}.db", lang.code()));
    let store = SqliteStore::open_with_clock(&seeding, Arc::new(clock())).expect("open store");
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
    let template = dir.path().join(format!("seeded-{}-{jobs}.db", lang.code()));
    rusqlite::Connection::open(&seeding)
        .and_then(|c| c.execute("VACUUM INTO ?1", [template.to_string_lossy()]))
        .expect("write the seeded template");
    drop(store);
    templates.push(((lang, jobs), (template.clone(), report.clone())));
    (template, report)
}

use std::cell::RefCell;
use std::rc::Rc;

use jobdesk::domain::Id;
use jobdesk::keymap::{KeyPress, Keymap};
use jobdesk::speech::Speaker;
use jobdesk::store::Store;
use jobdesk::ui::backend::ReadingOrder;
use jobdesk::ui::run::{Runtime, Snapshot, process};
use jobdesk::ui::{App, Msg, Settings, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;

/// Records what would be spoken.
#[derive(Clone, Default)]
pub struct Said(pub Rc<RefCell<Vec<String>>>);

impl Speaker for Said {
    fn speak(&mut self, text: &str) {
        self.0.borrow_mut().push(text.to_string());
    }
}

impl Said {
    pub fn last(&self) -> String {
        self.0.borrow().last().cloned().unwrap_or_default()
    }
}

/// The interface on a seeded store, driven a key at a time.
pub struct Harness<B: ratatui::backend::Backend> {
    pub terminal: Terminal<B>,
    pub app: App,
    pub store: SqliteStore,
    pub clock: FixedClock,
    pub said: Said,
    /// A store to answer the interface instead of `store` (a fake that
    /// answers calls the SQLite store does not have).
    pub over: Option<Box<dyn Store>>,
    _dir: tempfile::TempDir,
}

pub fn settings(lang: Lang) -> Settings {
    Settings {
        lang,
        high_contrast: false,
        vim_keys: false,
        linear: false,
    }
}

impl Harness<TestBackend> {
    /// Five jobs and nothing else: no people, no courses, no "me" yet (the
    /// first profile saved becomes the user), at 80x24.
    pub fn without_profile(lang: Lang) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open_with_clock(&dir.path().join("t.db"), Arc::new(clock()))
            .expect("open store");
        seed::seed(
            &store,
            SeedOptions {
                jobs: 5,
                lang,
                today: today(),
                people_and_courses: false,
            },
        )
        .expect("seed");
        Harness::on(
            TestBackend::new(80, 24),
            dir,
            store,
            None,
            settings(lang),
            Keymap::default_keys(),
        )
    }

    /// A seeded demo store in `lang`, at `width` x `height`.
    pub fn new(lang: Lang, width: u16, height: u16) -> Self {
        let (dir, store, report) = seeded(lang, 40);
        Harness::on(
            TestBackend::new(width, height),
            dir,
            store,
            report.me,
            settings(lang),
            Keymap::default_keys(),
        )
    }

    /// The text of every row, trailing spaces trimmed: the frame as drawn
    /// whole. (`TestBackend` keeps stale symbols in cells a wide character
    /// covers, where a real terminal would have cleared them.)
    pub fn rows(&self) -> Vec<String> {
        let size = self.terminal.backend().buffer().area;
        let mut fresh = Terminal::new(TestBackend::new(size.width, size.height)).expect("terminal");
        fresh.draw(|f| self.app.draw(f)).expect("draw");
        assert_eq!(
            fresh.backend().cursor_position(),
            self.cursor(),
            "the cursor moved between draws"
        );
        buffer_rows(fresh.backend().buffer())
    }

    pub fn screen(&self) -> String {
        self.rows().join("\n")
    }

    pub fn cursor(&self) -> Position {
        self.terminal.backend().cursor_position()
    }

    /// The row the cursor is on, from the cursor to the end.
    pub fn at_cursor(&self) -> String {
        let c = self.cursor();
        let row = &self.rows()[usize::from(c.y)];
        row.chars().skip(column_to_char(row, c.x)).collect()
    }

    /// The folder the database file is in.
    pub fn dir(&self) -> std::path::PathBuf {
        self._dir.path().to_path_buf()
    }

    /// The whole text of the focused item (it may wrap onto more rows).
    pub fn focused_text(&self) -> String {
        self.app
            .view()
            .focused()
            .map(|i| i.text.clone())
            .unwrap_or_default()
    }

    /// Resizes like a terminal would, then tells the interface.
    pub fn resize(&mut self, width: u16, height: u16) -> &mut Self {
        self.terminal.backend_mut().resize(width, height);
        self.send(Msg::Resize(width, height))
    }

    /// Checks the screen-reader contract (docs/screen-reader.md) on the current frame.
    pub fn check_contract(&self) {
        let rows = self.rows();
        let cursor = self.cursor();
        let view = self.app.view();
        assert!(
            self.terminal.backend().cursor_visible(),
            "the cursor is hidden"
        );
        // docs/screen-reader.md rule 8: the first line names the screen.
        assert!(
            view.heading.starts_with(rows[0].trim_end()),
            "first line {:?} is not the heading {:?}",
            rows[0],
            view.heading
        );
        // docs/screen-reader.md rule 3: no box drawing or decoration.
        for row in &rows {
            assert!(
                !row.chars().any(|c| ('\u{2500}'..='\u{259F}').contains(&c)
                    || ('\u{25A0}'..='\u{25FF}').contains(&c)),
                "decoration in {row:?}"
            );
        }
        // docs/screen-reader.md rule 2: every item is one row at this width (long ones are split
        // into parts or cut), so the row under the cursor says it whole.
        let display = self.app.display();
        let width = usize::from(self.terminal.backend().buffer().area.width);
        for item in &display.view.items {
            assert!(
                jobdesk::ui::fit::columns(&item.text) <= width.saturating_sub(2),
                "{:?} is wider than a row of {width}",
                item.text
            );
        }
        let Some(focused) = display.view.focused() else {
            return;
        };
        // docs/screen-reader.md rules 5 and 1: exactly one marker, the cursor on its item.
        let marked: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.starts_with("> "))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            marked.len(),
            1,
            "markers on rows {marked:?}:\n{}",
            rows.join("\n")
        );
        let y = usize::from(cursor.y);
        assert_eq!(
            y,
            marked[0],
            "cursor row {y}, marker row {}:\n{}",
            marked[0],
            rows.join("\n")
        );
        let shown = rows[y][2..].trim_end().to_string();
        assert_eq!(
            shown,
            focused.text.trim_end(),
            "the focused row is not the whole focused item"
        );
        if focused.caret.is_none() {
            assert_eq!(cursor.x, 2, "cursor not at the start of the focused text");
        }
    }
}

/// Every row of a buffer as text, wide characters counted once.
pub fn buffer_rows(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            use unicode_width::UnicodeWidthStr;
            let mut row = String::new();
            let mut x = 0;
            while x < area.width {
                let symbol = buffer[(x, y)].symbol();
                row.push_str(symbol);
                // A wide character covers the next cell too.
                x += (symbol.width() as u16).max(1);
            }
            row.trim_end().to_string()
        })
        .collect()
}

/// The character index at a display column of a drawn row.
fn column_to_char(row: &str, column: u16) -> usize {
    use unicode_width::UnicodeWidthChar;
    let mut width = 0u16;
    for (i, c) in row.chars().enumerate() {
        if width >= column {
            return i;
        }
        width += c.width().unwrap_or(0) as u16;
    }
    row.chars().count()
}

impl<B: ReadingOrder> Harness<B>
where
    B::Error: Send + Sync + 'static,
{
    pub fn on(
        backend: B,
        dir: tempfile::TempDir,
        store: SqliteStore,
        me: Option<Id>,
        settings: Settings,
        keymap: Keymap,
    ) -> Self {
        let terminal = Terminal::new(backend).expect("terminal");
        Self::on_terminal(terminal, dir, store, me, settings, keymap)
    }

    pub fn on_terminal(
        mut terminal: Terminal<B>,
        dir: tempfile::TempDir,
        store: SqliteStore,
        me: Option<Id>,
        settings: Settings,
        keymap: Keymap,
    ) -> Self {
        let clock = clock();
        let size = terminal.get_frame().area();
        let (app, startup) = App::new(
            settings,
            keymap,
            false,
            jobdesk::clock::Clock::now(&clock),
            me,
            (size.width, size.height),
        );
        let mut h = Harness {
            terminal,
            app,
            store,
            clock,
            said: Said::default(),
            over: None,
            _dir: dir,
        };
        h.run(startup, Snapshot::start());
        h
    }

    fn run(&mut self, effects: Vec<jobdesk::ui::Effect>, before: Snapshot) {
        let mut rt = Runtime {
            store: self.over.as_deref().unwrap_or(&self.store as &dyn Store),
            clock: &self.clock,
            speaker: Box::new(self.said.clone()),
            save_settings: None,
            purge_scrollback: None,
        };
        process(&mut self.app, &mut rt, effects, before);
        self.terminal
            .backend_mut()
            .set_heading_rows(self.app.heading_rows());
        self.terminal.draw(|f| self.app.draw(f)).expect("draw");
    }

    /// Starts something on the interface from outside a key (a shared
    /// desk, a kiosk), running what it asks for.
    pub fn begin(&mut self, start: impl FnOnce(&mut App) -> Vec<jobdesk::ui::Effect>) -> &mut Self {
        let before = Snapshot::of(&self.app);
        let effects = start(&mut self.app);
        self.run(effects, before);
        self
    }

    pub fn send(&mut self, msg: Msg) -> &mut Self {
        let before = Snapshot::of(&self.app);
        let effects = update(&mut self.app, msg);
        self.run(effects, before);
        self
    }

    /// Presses one key, spelled as in keymap files.
    pub fn key(&mut self, spec: &str) -> &mut Self {
        let key = KeyPress::parse(spec).unwrap_or_else(|e| panic!("{e}"));
        self.send(Msg::Key(key))
    }

    /// Types text a character at a time.
    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            let spec = if c == ' ' {
                "space".to_string()
            } else {
                c.to_string()
            };
            self.key(&spec);
        }
        self
    }
}

/// The real binary, free of the environment's jobdesk settings.
pub fn jobdesk_command() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jobdesk"));
    cmd.env_remove("JOBDESK_DB")
        .env_remove("JOBDESK_LANG")
        .env_remove("JOBDESK_KEYMAP");
    cmd
}

/// Runs the real binary with `stdin` on its standard input.
pub fn run_jobdesk(args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = jobdesk_command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start jobdesk");
    child
        .stdin
        .take()
        .expect("its standard input")
        .write_all(stdin.as_bytes())
        .expect("write to jobdesk");
    child.wait_with_output().expect("jobdesk's output")
}

/// The seeded file with a counselor's account `lina` (PIN 1357) and a
/// staff account `zhou` (9753), logged in as `login` on a `width` x 24
/// screen: the desk the staff and figures screens are tested on.
pub fn staff_and_counselor_desk(
    lang: Lang,
    login: &str,
    pin: &str,
    width: u16,
) -> Harness<TestBackend> {
    use jobdesk::store::accounts::{Accounts, Role};
    let (dir, store, report) = seeded(lang, 10);
    store
        .add_account("lina", Role::Counselor, "1357", None, report.counselor)
        .expect("counselor account");
    store
        .add_account("zhou", Role::Staff, "9753", None, None)
        .expect("staff account");
    let people = store.account_summaries().expect("accounts");
    let mut h = Harness::on(
        TestBackend::new(width, 24),
        dir,
        store,
        None,
        settings(lang),
        jobdesk::keymap::Keymap::default_keys(),
    );
    h.begin(|app| {
        app.start_desk(
            jobdesk::ui::screens::desk::Desk {
                people,
                demo_pin: None,
            },
            jobdesk::ui::DeskStart::Ask(Some(login.into())),
        )
    });
    h.type_text(pin);
    h.key("enter");
    h.check_contract();
    h
}
