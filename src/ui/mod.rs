//! The full-screen interface, Elm-style: [`update`] takes the state and a
//! message and returns effects without doing any I/O; [`run`] executes the
//! effects against the store and feeds the results back; drawing is a pure
//! function of the state ([`view::draw`]).

pub mod backend;
pub mod confirm;
pub mod fit;
pub mod form;
pub mod run;
pub mod screens;
pub mod terminal;
pub mod text_input;
pub mod theme;
pub mod view;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::{Application, Course, Enrollment, Id, Job, JobSummary, Page, Profile};
use crate::i18n::Lang;
use crate::keymap::{Command, Context, KeyPress, Keymap};
use crate::store::{
    ApplicationChange, ApplyRequest, CourseQuery, EnrollmentChange, JobQuery, RegisterRequest,
    StoreError,
};
use crate::tr;
use text_input::TextInput;
use theme::Theme;
use view::View;

/// Something that happened: a key, pasted text, a resize, or the result of
/// a store call the interface asked for.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyPress),
    /// A command without a key (linear mode).
    Command(Command),
    /// The time now (the kiosk's idle timer).
    Tick(DateTime<Utc>),
    Paste(String),
    Resize(u16, u16),
    Done(Result<Done, StoreError>),
    /// Changes kept offline were sent (or refused) now that the server
    /// answers again.
    Delivered(Vec<crate::store::outbox::Delivery>),
}

/// What `update` asks the outside world to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Call the store; the result comes back as `Msg::Done`.
    Store(Box<StoreCall>),
    /// Keep the settings for next time.
    SaveSettings(Settings),
    /// Repeat, rate, volume, voice language.
    Speech(crate::speech::SpeechControl),
    /// End the store session (a kiosk session was wiped).
    LogOut,
    /// Say this, which the screen does not show (numbers read back at a
    /// kiosk).
    Speak(String),
}

/// A store call, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreCall {
    LogIn { login: String, secret: String },
    SearchJobs(JobQuery),
    Job(Id),
    Apply(ApplyRequest),
    Applications(Id),
    ChangeApplication(ApplicationChange),
    Profile(Id),
    SaveProfile(Profile),
    SearchCourses(CourseQuery),
    Course(Id),
    Register(RegisterRequest),
    Enrollments(Id),
    ChangeEnrollment(EnrollmentChange),
}

impl StoreCall {
    /// What kind of call this is, for logs (never the data it carries).
    pub fn kind(&self) -> &'static str {
        match self {
            StoreCall::LogIn { .. } => "log_in",
            StoreCall::SearchJobs(_) => "search_jobs",
            StoreCall::Job(_) => "job",
            StoreCall::Apply(_) => "apply",
            StoreCall::Applications(_) => "applications",
            StoreCall::ChangeApplication(_) => "change_application",
            StoreCall::Profile(_) => "profile",
            StoreCall::SaveProfile(_) => "save_profile",
            StoreCall::SearchCourses(_) => "search_courses",
            StoreCall::Course(_) => "course",
            StoreCall::Register(_) => "register",
            StoreCall::Enrollments(_) => "enrollments",
            StoreCall::ChangeEnrollment(_) => "change_enrollment",
        }
    }
}

/// The answer to a [`StoreCall`].
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    LoggedIn(crate::domain::Actor),
    Jobs(Page<JobSummary>),
    Job(Box<Job>),
    Applied(Application),
    Applications(Vec<Application>),
    ApplicationChanged(Application),
    Profile(Box<Profile>),
    ProfileSaved(Box<Profile>),
    Courses(Page<Course>),
    Course(Box<Course>),
    Registered(Enrollment),
    Enrollments(Vec<Enrollment>),
    EnrollmentChanged(Enrollment),
}

/// What the user can change in Settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub lang: Lang,
    pub high_contrast: bool,
    pub vim_keys: bool,
    /// Linear mode, from the next start.
    pub linear: bool,
}

/// A value a screen hands back to the one below it when it closes.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    JobFilters(JobQuery),
    CourseFilters(CourseQuery),
    ProfileSaved,
    /// An option picked from a form's choice (its field id and index).
    Chosen {
        field: &'static str,
        index: usize,
    },
}

enum Nav {
    Push(Box<dyn Screen>),
    Pop(Option<Reply>),
    Home,
}

/// What a screen handler may touch: the session, and queues of effects,
/// navigation and the announcement, applied by `update` afterwards.
pub struct Cx<'a> {
    pub lang: Lang,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    /// The jobseeker's profile, once there is one.
    pub user: Option<Id>,
    pub keymap: &'a Keymap,
    pub settings: Settings,
    /// Kiosk mode: personal numbers are masked.
    pub kiosk: bool,
    /// How many lines fit on a screen page, for lists that load a page of
    /// results at a time.
    pub rows: u16,
    effects: Vec<Effect>,
    nav: Vec<Nav>,
    announcement: Option<String>,
    /// Said instead of the announcement, which stays on screen unspoken.
    spoken: Option<String>,
    quit: bool,
    /// End the kiosk session now (the menu entry).
    end_session: bool,
}

impl Cx<'_> {
    /// Shows `visible` on the announcement line but says `spoken` (private
    /// numbers are heard by the one person, not left on screen).
    pub fn announce_privately(&mut self, visible: impl Into<String>, spoken: impl Into<String>) {
        self.announcement = Some(visible.into());
        self.spoken = Some(spoken.into());
    }

    /// Leave jobdesk.
    pub fn quit(&mut self) {
        self.quit = true;
    }

    /// Ends a kiosk session at once: logged out, everything cleared, the
    /// welcome again.
    pub fn end_session(&mut self) {
        self.end_session = true;
    }

    pub fn call(&mut self, call: StoreCall) {
        self.effects.push(Effect::Store(Box::new(call)));
    }

    pub fn push(&mut self, screen: impl Screen + 'static) {
        self.nav.push(Nav::Push(Box::new(screen)));
    }

    pub fn pop(&mut self) {
        self.nav.push(Nav::Pop(None));
    }

    pub fn pop_with(&mut self, reply: Reply) {
        self.nav.push(Nav::Pop(Some(reply)));
    }

    pub fn home(&mut self) {
        self.nav.push(Nav::Home);
    }

    /// Writes a sentence on the announcement line (and speaks it).
    pub fn announce(&mut self, text: impl Into<String>) {
        self.announcement = Some(text.into());
    }

    /// Announces a store error in words.
    pub fn announce_error(&mut self, error: &StoreError) {
        let text = screens::error_sentence(self.lang, error);
        self.announce(text);
    }

    /// The keys bound to a command, as the user would say them, for hints
    /// like "press F1 for help".
    pub fn key_for(&self, command: Command) -> String {
        self.keymap
            .preferred_key(command)
            .map_or_else(String::new, |k| screens::key_label(self.lang, k))
    }

    /// The key that does a command in one context (its own bindings first,
    /// keypad characters before named keys), for hints inside a field.
    pub fn key_in(&self, context: Context, command: Command) -> String {
        key_in(self.keymap, self.lang, context, command)
    }

    /// The key that answers a question yes or no.
    pub fn answer_key(&self, command: Command) -> String {
        answer_key(self.keymap, self.lang, command)
    }
}

/// The key that answers a question yes or no, as printed on the key (Y,
/// not y).
pub(crate) fn answer_key(keymap: &Keymap, lang: Lang, command: Command) -> String {
    let key = key_in(keymap, lang, Context::Confirm, command);
    if key.chars().count() == 1 {
        key.to_uppercase()
    } else {
        key
    }
}

/// See [`Cx::key_in`].
fn key_in(keymap: &Keymap, lang: Lang, context: Context, command: Command) -> String {
    let bindings = keymap.bindings_for(context);
    let own: Vec<KeyPress> = bindings
        .iter()
        .filter(|(k, c)| *c == command && keymap.in_context(context, *k) == Some(command))
        .map(|(k, _)| *k)
        .collect();
    own.iter()
        .find(|k| k.typed_char().is_some())
        .or_else(|| own.first())
        .copied()
        .or_else(|| keymap.preferred_key(command))
        .map_or_else(String::new, |k| screens::key_label(lang, k))
}

/// One screen of the interface.
pub trait Screen {
    /// What it shows now, with the focused line.
    fn view(&self, cx: &Cx<'_>) -> View;

    fn focus(&self) -> usize;

    fn set_focus(&mut self, focus: usize);

    /// A command for this screen; false lets the generic handling run.
    fn command(&mut self, _command: Command, _cx: &mut Cx<'_>) -> bool {
        false
    }

    /// The text field under the focus, for editing keys.
    fn input(&mut self) -> Option<&mut TextInput> {
        None
    }

    /// A character typed where no field has focus ("type to search").
    fn type_char(&mut self, _c: char, _cx: &mut Cx<'_>) -> bool {
        false
    }

    /// The answer to a store call this screen made.
    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        if let Err(e) = result {
            cx.announce_error(&e);
        }
    }

    /// This screen is on top again; `reply` comes from the one that closed.
    fn resumed(&mut self, _reply: Option<Reply>, _cx: &mut Cx<'_>) {}

    /// Called once when the screen is first shown.
    fn opened(&mut self, _cx: &mut Cx<'_>) {}

    /// Whether the screen acts for a person (shows their data or sends in
    /// their name). At a kiosk, such a screen asks who is there first.
    fn needs_person(&self) -> bool {
        false
    }
}

/// A kiosk field entered on purpose (5 or Enter on it): which one, and its
/// value before, which leaving with Back puts back.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Editing {
    depth: usize,
    focus: usize,
    before: String,
    label: String,
}

struct Entry {
    screen: Box<dyn Screen>,
    /// The first row on screen (rows go by whole pages).
    scroll: usize,
    /// Which part of the focused item has focus, when it is split over
    /// several rows, and which item that was.
    part: usize,
    part_of: usize,
}

/// The whole interface state.
pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub today: NaiveDate,
    /// Set by the run loop before each message: time is an input.
    pub now: DateTime<Utc>,
    pub user: Option<Id>,
    pub settings: Settings,
    no_color: bool,
    /// Counts announcements, so the same sentence twice is said twice.
    announcement_serial: u64,
    /// Whether speech output is on (rate and volume keys say so if not).
    pub speech_on: bool,
    /// The announcement just written is for the eye only (a repeat says
    /// the last utterance itself).
    silent_announcement: bool,
    stack: Vec<Entry>,
    announcement: String,
    width: u16,
    height: u16,
    quit: bool,
    /// Kiosk mode: the idle timer and the operator code.
    pub kiosk: Option<crate::kiosk::Kiosk>,
    /// The terminal's screen and scrollback are to be cleared (a kiosk
    /// session ended).
    clear_requested: bool,
    /// Counts screens shown, so arriving on one (even the same one again
    /// after going back) is told from moving within it.
    screen_serial: u64,
    /// Counts screens opened (not returned to): an opened screen says its
    /// heading.
    opened_serial: u64,
    /// Rows the heading took when last laid out.
    heading_rows_drawn: u16,
    /// Kiosk mode: the field being edited, if one is. Other fields are
    /// lines like any other: navigation keys never type into them.
    editing: Option<Editing>,
}

impl App {
    /// A new interface on the main menu.
    pub fn new(
        settings: Settings,
        keymap: Keymap,
        no_color: bool,
        now: DateTime<Utc>,
        user: Option<Id>,
        size: (u16, u16),
    ) -> (App, Vec<Effect>) {
        let mut app = App {
            lang: settings.lang,
            theme: Theme::pick(settings.high_contrast, no_color),
            keymap,
            today: now.date_naive(),
            now,
            announcement_serial: 0,
            speech_on: false,
            silent_announcement: false,
            user,
            settings,
            no_color,
            stack: Vec::new(),
            announcement: String::new(),
            width: size.0,
            height: size.1,
            quit: false,
            kiosk: None,
            clear_requested: false,
            screen_serial: 0,
            opened_serial: 0,
            heading_rows_drawn: 1,
            editing: None,
        };
        let effects = app.with_cx(|_, cx| cx.push(screens::home::Home::default()));
        (app, effects)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn announcement(&self) -> &str {
        &self.announcement
    }

    /// The view of the top screen.
    pub fn view(&self) -> View {
        let cx = self.cx();
        self.stack
            .last()
            .map(|e| {
                let mut v = e.screen.view(&cx);
                v.focus = v.focus.min(v.items.len().saturating_sub(1));
                self.name_answer_keys(&mut v);
                v
            })
            .unwrap_or_default()
    }

    /// A question names the keys that answer it in the keymap in force
    /// (5 and 0 at a kiosk, Y and N elsewhere): the confirm module leaves
    /// the places for them, as only the app knows the keymap.
    fn name_answer_keys(&self, view: &mut View) {
        for item in &mut view.items {
            if item.kind == view::ItemKind::Answer && item.text.contains(confirm::YES_KEY) {
                let yes = answer_key(&self.keymap, self.lang, Command::Yes);
                let no = answer_key(&self.keymap, self.lang, Command::No);
                item.text = item
                    .text
                    .replace(confirm::YES_KEY, &yes)
                    .replace(confirm::NO_KEY, &no);
            }
        }
    }

    pub fn scroll_top(&self) -> usize {
        self.stack.last().map_or(0, |e| e.scroll)
    }

    /// The part of the focused item that has focus (0 unless it is split).
    fn part(&self) -> usize {
        self.stack.last().map_or(0, |e| {
            if e.part_of == e.screen.focus() {
                e.part
            } else {
                0
            }
        })
    }

    /// The top screen as it is drawn: every item one row at this width.
    pub fn display(&self) -> fit::Fitted {
        fit::fit(&self.view(), self.width, self.lang, self.part())
    }

    /// The layout of the top screen at the current size.
    fn layout(&self, heading: &str) -> view::Layout {
        let area = ratatui::layout::Rect::new(0, 0, self.width, self.height);
        view::Layout::new(area, heading, &self.announcement)
    }

    /// How many rows the heading takes (written first, docs/screen-reader.md rule 4).
    pub fn heading_rows(&self) -> u16 {
        self.layout(&self.view().heading).heading.len() as u16
    }

    /// Draws the top screen.
    pub fn draw(&self, frame: &mut ratatui::Frame<'_>) {
        view::draw(
            frame,
            &self.display().view,
            self.scroll_top(),
            &self.announcement,
            &self.theme,
        );
    }

    /// Counts the screens opened so far (going back is not opening).
    pub fn opened_serial(&self) -> u64 {
        self.opened_serial
    }

    fn cx(&self) -> Cx<'_> {
        self.cx_with(&self.keymap)
    }

    /// A fresh context on this state, with the keymap lent separately (a
    /// handler borrows the screen stack mutably at the same time).
    fn cx_with<'k>(&self, keymap: &'k Keymap) -> Cx<'k> {
        Cx {
            lang: self.lang,
            today: self.today,
            now: self.now,
            user: self.user,
            keymap,
            settings: self.settings,
            kiosk: self.kiosk.is_some(),
            rows: self.list_rows(),
            effects: Vec::new(),
            nav: Vec::new(),
            announcement: None,
            spoken: None,
            quit: false,
            end_session: false,
        }
    }

    /// Runs a handler with a context and applies what it queued.
    fn with_cx(
        &mut self,
        handler: impl FnOnce(Option<&mut Box<dyn Screen>>, &mut Cx<'_>),
    ) -> Vec<Effect> {
        let keymap = std::mem::take(&mut self.keymap);
        let mut cx = self.cx_with(&keymap);
        handler(self.stack.last_mut().map(|e| &mut e.screen), &mut cx);
        let Cx {
            user,
            settings,
            effects,
            nav,
            announcement,
            spoken,
            quit,
            end_session,
            ..
        } = cx;
        self.keymap = keymap;
        self.user = user;
        self.quit |= quit;
        let mut effects = effects;
        if settings != self.settings {
            if settings.lang != self.settings.lang {
                effects.push(Effect::Speech(crate::speech::SpeechControl::Language(
                    settings.lang,
                )));
            }
            self.apply_settings(settings);
            // A kiosk's settings come from its configuration, not from
            // whoever used it last.
            if self.kiosk.is_none() {
                effects.push(Effect::SaveSettings(settings));
            }
        }
        // A new screen starts with a clean announcement line, unless this
        // handler or the new screen itself says something.
        if !nav.is_empty() {
            self.announcement.clear();
        }
        for step in nav {
            effects.extend(self.navigate(step));
        }
        if let Some(text) = announcement {
            self.set_announcement(text);
        }
        if let Some(text) = spoken {
            self.silent_announcement = true;
            effects.push(Effect::Speak(text));
        }
        if end_session {
            let lang = self.lang;
            effects.extend(self.wipe(tr!(lang, "kiosk.session_ended")));
        }
        effects
    }

    fn set_announcement(&mut self, text: String) {
        self.announcement = text;
        self.announcement_serial += 1;
        self.silent_announcement = false;
    }

    /// Whether the last announcement should be spoken.
    pub fn speak_announcement(&self) -> bool {
        !self.silent_announcement
    }

    /// Turns kiosk mode on: the welcome screen is the start of everything.
    pub fn start_kiosk(&mut self, kiosk: crate::kiosk::Kiosk) -> Vec<Effect> {
        self.kiosk = Some(kiosk);
        // Nobody is there until someone logs in: never the file's own
        // jobseeker.
        self.user = None;
        self.editing = None;
        self.stack.clear();
        self.with_cx(|_, cx| {
            cx.push(screens::welcome::Welcome::default());
            cx.announce(tr!(cx.lang, "kiosk.welcome"));
        })
    }

    /// Whether the screen and scrollback must be cleared now; asking
    /// answers once.
    pub fn take_clear_request(&mut self) -> bool {
        std::mem::take(&mut self.clear_requested)
    }

    /// Ends a kiosk session: nothing of the person stays. The welcome
    /// returns, typed text and the announcement are gone, speech goes back
    /// to its default rate and volume; `said` is said first.
    fn wipe(&mut self, said: String) -> Vec<Effect> {
        let Some(kiosk) = self.kiosk.as_mut() else {
            return Vec::new();
        };
        kiosk.last_input = self.now;
        kiosk.warned = false;
        self.user = None;
        self.editing = None;
        self.stack.clear();
        self.announcement.clear();
        self.clear_requested = true;
        let mut effects = vec![
            Effect::LogOut,
            Effect::Speech(crate::speech::SpeechControl::Reset),
        ];
        effects.extend(self.with_cx(|_, cx| {
            cx.push(screens::welcome::Welcome::default());
            cx.announce(said);
        }));
        effects
    }

    /// Moves the focus of the top screen to a line.
    pub fn focus_line(&mut self, index: usize) {
        if let Some(entry) = self.stack.last_mut() {
            entry.screen.set_focus(index);
        }
    }

    /// Puts the login screen on top (remote stores).
    pub fn require_login(&mut self) -> Vec<Effect> {
        self.with_cx(|_, cx| {
            let login = screens::login::Login::new(cx);
            cx.push(login);
        })
    }

    /// Writes an announcement from outside a key (start-up notices).
    pub fn announce_now(&mut self, text: String) {
        self.set_announcement(text);
    }

    /// Changes with every announcement, even a repeated one.
    pub fn announcement_serial(&self) -> u64 {
        self.announcement_serial
    }

    fn apply_settings(&mut self, settings: Settings) {
        self.settings = settings;
        self.lang = settings.lang;
        self.theme = Theme::pick(settings.high_contrast, self.no_color);
        let name = if settings.vim_keys { "vim" } else { "default" };
        if let Some(map) = Keymap::built_in(name) {
            self.keymap = map;
        }
    }

    fn navigate(&mut self, step: Nav) -> Vec<Effect> {
        match step {
            // At a kiosk nothing is shown or sent in someone's name until
            // they log in; then they come back here and go on.
            Nav::Push(screen)
                if self.kiosk.is_some() && self.user.is_none() && screen.needs_person() =>
            {
                self.with_cx(|_, cx| {
                    cx.push(screens::login::Login::returning(cx));
                    cx.announce(tr!(cx.lang, "kiosk.log_in_first"));
                })
            }
            Nav::Push(screen) => {
                self.screen_serial += 1;
                self.opened_serial += 1;
                self.stack.push(Entry {
                    screen,
                    scroll: 0,
                    part: 0,
                    part_of: 0,
                });
                self.with_cx(|s, cx| {
                    if let Some(s) = s {
                        s.opened(cx);
                    }
                })
            }
            Nav::Pop(reply) => {
                self.screen_serial += 1;
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
                self.forget_closed_field();
                self.with_cx(|s, cx| {
                    if let Some(s) = s {
                        s.resumed(reply, cx);
                    }
                })
            }
            Nav::Home => {
                self.screen_serial += 1;
                self.opened_serial += 1;
                // A kiosk's main menu sits on its welcome.
                let menu = if self.kiosk.is_some() { 2 } else { 1 };
                self.stack.truncate(menu.min(self.stack.len()));
                self.forget_closed_field();
                self.with_cx(|s, cx| {
                    if let Some(s) = s {
                        s.resumed(None, cx);
                    }
                })
            }
        }
    }

    /// Keeps the focused row on screen after anything changed, a whole
    /// page at a time.
    fn rescroll(&mut self) {
        let display = self.display();
        let layout = self.layout(&display.view.heading);
        self.heading_rows_drawn = layout.heading.len() as u16;
        let body = layout.body;
        if let Some(entry) = self.stack.last_mut() {
            entry.scroll =
                fit::page_top(entry.scroll, display.view.focus, usize::from(body.height));
        }
    }

    /// How many item rows a screen page has under the heading last drawn
    /// (lists load pages of results that fill it).
    fn list_rows(&self) -> u16 {
        self.height
            .saturating_sub(self.heading_rows_drawn.max(1) + view::ANNOUNCEMENT_ROWS)
            .max(1)
    }

    /// Moves the focus to a row of the drawn view (an item, or a part of
    /// a split one).
    fn focus_row(&mut self, display: &fit::Fitted, row: usize) {
        let (item, part) = display.locate(row);
        if let Some(entry) = self.stack.last_mut() {
            entry.screen.set_focus(item);
            entry.part = part;
            entry.part_of = item;
        }
    }

    /// The focused row's text: what a listener hears when focus moves.
    pub fn utterance(&self) -> String {
        self.focus_state().0
    }

    /// The focused row's text, and which row of which screen it is and
    /// whether it is a text field: from one view.
    ///
    /// A line to read that is split is said a part at a time, as its rows
    /// are read; anything else is said whole, even where its row is cut.
    pub fn focus_state(&self) -> (String, (u64, usize, bool)) {
        let display = self.display();
        let focused = display.view.focused();
        let text = match focused {
            Some(row)
                if matches!(
                    row.kind,
                    view::ItemKind::Text | view::ItemKind::Error | view::ItemKind::Answer
                ) =>
            {
                row.text.clone()
            }
            Some(_) => self
                .view()
                .focused()
                .map(|i| i.text.clone())
                .unwrap_or_default(),
            None => String::new(),
        };
        let field = focused.is_some_and(|i| i.kind == view::ItemKind::Field);
        (text, (self.screen_serial, display.view.focus, field))
    }
}

/// The one place state changes. No I/O: effects say what to do.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = match msg {
        Msg::Key(key) => key_press(app, key),
        Msg::Command(command) => {
            let view = app.view();
            run_command(app, command, &view)
        }
        Msg::Tick(now) => {
            app.now = now;
            match app.kiosk.as_mut().map(|k| k.check(now)) {
                Some(crate::kiosk::Idle::Warn(seconds)) => {
                    let lang = app.lang;
                    let text = tr!(lang, "kiosk.still_there", seconds = seconds);
                    app.set_announcement(text);
                    Vec::new()
                }
                // Whoever comes next is welcomed first, on screen and in
                // speech.
                Some(crate::kiosk::Idle::Expire) => {
                    let lang = app.lang;
                    app.wipe(kiosk_welcome(lang))
                }
                _ => Vec::new(),
            }
        }
        // At a kiosk, only into a field entered on purpose.
        Msg::Paste(_) if app.kiosk.is_some() && !app.is_editing(&app.view()) => Vec::new(),
        Msg::Paste(text) => app.with_cx(|s, cx| {
            if let Some(input) = s.and_then(|s| s.input())
                && !input.insert(&text)
            {
                cx.announce(tr!(cx.lang, "form.field_full"));
            }
        }),
        Msg::Resize(w, h) => {
            app.width = w;
            app.height = h;
            Vec::new()
        }
        Msg::Done(Err(StoreError::SessionExpired)) => app.with_cx(|_, cx| {
            cx.announce(tr!(cx.lang, "error.session_expired"));
            cx.push(screens::login::Login::new(cx));
        }),
        Msg::Done(result) => app.with_cx(|s, cx| {
            if let Some(s) = s {
                s.done(result, cx);
            }
        }),
        Msg::Delivered(deliveries) => app.with_cx(|_, cx| {
            let text = screens::delivery_sentences(cx.lang, &deliveries);
            if !text.is_empty() {
                cx.announce(text);
            }
        }),
    };
    app.rescroll();
    effects
}

/// Keys that would leave a kiosk in a terminal: interrupt, suspend, quit.
const KIOSK_BLOCKED: [KeyPress; 3] = [
    KeyPress::ctrl('c'),
    KeyPress::ctrl('z'),
    KeyPress::ctrl('\\'),
];

fn key_press(app: &mut App, key: KeyPress) -> Vec<Effect> {
    let now = app.now;
    if let Some(kiosk) = app.kiosk.as_mut() {
        if KIOSK_BLOCKED.contains(&key) {
            return Vec::new();
        }
        if kiosk.touch(now) {
            // The key that answers "are you still there" only extends the
            // session: it does not also act.
            let lang = app.lang;
            app.set_announcement(tr!(lang, "kiosk.extended"));
            return Vec::new();
        }
    }
    let view = app.view();
    if app.kiosk.is_some() {
        // Focus moved away (an error, another field): editing is over. A
        // screen on top of the field (help) leaves it being edited.
        if !app.is_editing(&view)
            && app
                .editing
                .as_ref()
                .is_none_or(|e| e.depth >= app.stack.len())
        {
            app.editing = None;
        }
        if let Some(effects) = kiosk_field_key(app, key, &view) {
            return effects;
        }
    }
    let context = app.key_context(&view);
    let command = app.keymap.in_context(context, key);
    if command.is_none()
        && let Some(c) = key.typed_char()
    {
        // Characters type into a text field, or start a search in lists
        // that have one, unless the context binds them.
        if context == Context::Text {
            return app.with_cx(|s, cx| {
                if let Some(input) = s.and_then(|s| s.input())
                    && !input.insert(&c.to_string())
                {
                    cx.announce(tr!(cx.lang, "form.field_full"));
                }
            });
        }
        // A global binding (a kiosk's digits) wins over type-to-search.
        if context == Context::List && app.keymap.in_context(Context::Global, key).is_none() {
            let mut typed = false;
            let effects = app.with_cx(|s, cx| typed = s.is_some_and(|s| s.type_char(c, cx)));
            if typed {
                return effects;
            }
        }
    }
    match command.or_else(|| app.keymap.in_context(Context::Global, key)) {
        Some(command) => run_command(app, command, &view),
        None => app.with_cx(|_, cx| {
            let help = cx.key_for(Command::Help);
            cx.announce(tr!(
                cx.lang,
                "common.key_does_nothing",
                key = screens::key_label(cx.lang, key),
                help = help
            ));
        }),
    }
}

fn run_command(app: &mut App, command: Command, view: &View) -> Vec<Effect> {
    let mut handled = false;
    let mut effects = app.with_cx(|s, cx| handled = s.is_some_and(|s| s.command(command, cx)));
    if handled {
        return effects;
    }
    match command {
        Command::Next
        | Command::Previous
        | Command::First
        | Command::Last
        | Command::NextPage
        | Command::PreviousPage => {
            // Moves go by rows as drawn: a long line split into parts is
            // read part by part.
            let display = app.display();
            let count = display.view.items.len();
            if count == 0 {
                return effects;
            }
            let focus = display.view.focus;
            let last = count - 1;
            let page = usize::from(app.layout(&display.view.heading).body.height).max(1);
            let target = match command {
                Command::Next => (focus + 1).min(last),
                Command::Previous => focus.saturating_sub(1),
                Command::First => 0,
                Command::Last => last,
                Command::NextPage => (focus + page).min(last),
                _ => focus.saturating_sub(page),
            };
            if target == focus {
                // Every move that goes nowhere says so: silence would
                // sound like a key that was not heard.
                let key = match command {
                    Command::First => "nav.already_first",
                    Command::Last => "nav.already_last",
                    Command::Next | Command::NextPage => "nav.at_end",
                    _ => "nav.at_start",
                };
                let text = app.lang.get(key).to_string();
                app.set_announcement(text);
            } else {
                app.focus_row(&display, target);
            }
        }
        Command::ReadItem => {
            // The whole item, however many rows it is drawn on.
            let text = view.focused().map(|i| i.text.clone()).unwrap_or_default();
            app.set_announcement(text);
        }
        Command::DeleteBack
        | Command::DeleteForward
        | Command::CursorLeft
        | Command::CursorRight
        | Command::LineStart
        | Command::LineEnd
        | Command::ClearField => {
            effects.extend(app.with_cx(|s, cx| {
                let Some(s) = s else { return };
                let emptied = match s.input() {
                    Some(input) => {
                        let had_text = !input.value().is_empty();
                        match command {
                            Command::DeleteBack => {
                                input.delete_back();
                            }
                            Command::DeleteForward => {
                                input.delete_forward();
                            }
                            Command::CursorLeft => input.left(),
                            Command::CursorRight => input.right(),
                            Command::LineStart => input.start(),
                            Command::LineEnd => input.end(),
                            _ => input.clear(),
                        }
                        had_text && input.value().is_empty()
                    }
                    None => false,
                };
                // A field left empty says so, rather than echoing the last
                // characters removed as if they had been typed.
                if emptied && let Some(item) = s.view(cx).focused() {
                    let line = item.text.clone();
                    cx.announce(tr!(cx.lang, "form.cleared", line = line));
                }
            }));
        }
        Command::Help => {
            let context = app.key_context(view);
            let title = view.heading.clone();
            effects.extend(app.with_cx(|_, cx| {
                let help = screens::help::Help::new(cx, &title, context);
                cx.push(help);
            }));
        }
        Command::Back => {
            if app.stack.len() > 1 {
                effects.extend(app.with_cx(|_, cx| cx.pop()));
            } else {
                effects.extend(app.with_cx(|_, cx| {
                    let quit = cx.key_for(Command::Quit);
                    cx.announce(tr!(cx.lang, "home.already_here", quit = quit));
                }));
            }
        }
        Command::Home if app.stack.len() <= 1 => {
            effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "home.already_home"))))
        }
        Command::Home => effects.extend(app.with_cx(|_, cx| cx.home())),
        Command::Quit => match &app.kiosk {
            Some(kiosk) => {
                let code = kiosk.operator_code.clone();
                effects.extend(app.with_cx(|_, cx| {
                    let screen = screens::welcome::OperatorExit::new(cx, code);
                    cx.push(screen);
                }));
            }
            None => app.quit = true,
        },
        Command::Repeat => {
            let text = if app.announcement.is_empty() {
                app.utterance()
            } else {
                app.announcement.clone()
            };
            let lang = app.lang;
            app.set_announcement(tr!(lang, "common.repeat", text = text));
            if app.speech_on {
                // The speaker says its last utterance again, word for word.
                app.silent_announcement = true;
                effects.push(Effect::Speech(crate::speech::SpeechControl::Repeat));
            }
        }
        Command::WhereAmI => {
            let focused = view.focused().map(|i| i.text.clone()).unwrap_or_default();
            let heading = view.heading.clone();
            effects.extend(app.with_cx(|_, cx| {
                let help = cx.key_for(Command::Help);
                cx.announce(tr!(
                    cx.lang,
                    "common.where_am_i",
                    heading = heading,
                    focused = focused,
                    help = help
                ));
            }));
        }
        Command::VolumeUp | Command::VolumeDown | Command::RateUp | Command::RateDown => {
            use crate::speech::SpeechControl;
            if app.speech_on {
                let (control, text) = match command {
                    Command::VolumeUp => (SpeechControl::VolumeUp, tr!(app.lang, "speech.louder")),
                    Command::VolumeDown => {
                        (SpeechControl::VolumeDown, tr!(app.lang, "speech.quieter"))
                    }
                    Command::RateUp => (SpeechControl::RateUp, tr!(app.lang, "speech.faster")),
                    _ => (SpeechControl::RateDown, tr!(app.lang, "speech.slower")),
                };
                effects.push(Effect::Speech(control));
                app.set_announcement(text);
            } else {
                effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "speech.off"))));
            }
        }
        Command::Search => {
            effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "common.no_search_here"))))
        }
        Command::EndSession => {
            if app.kiosk.is_some() {
                let lang = app.lang;
                effects.extend(app.wipe(tr!(lang, "kiosk.session_ended")));
            } else {
                effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "kiosk.no_session"))));
            }
        }
        Command::Activate
        | Command::Toggle
        | Command::NextOption
        | Command::PreviousOption
        | Command::Yes
        | Command::No => {
            effects.extend(app.with_cx(|_, cx| cx.announce(tr!(cx.lang, "common.nothing_to_do"))));
        }
    }
    effects
}

/// The kiosk's welcome, said when it starts and after a session was wiped.
pub fn kiosk_welcome(lang: Lang) -> String {
    tr!(lang, "kiosk.welcome")
}

impl App {
    /// The field being edited was on a screen that closed.
    fn forget_closed_field(&mut self) {
        if self
            .editing
            .as_ref()
            .is_some_and(|e| e.depth > self.stack.len())
        {
            self.editing = None;
        }
    }

    /// Whether the focused line is the kiosk field being edited.
    fn is_editing(&self, view: &View) -> bool {
        self.editing
            .as_ref()
            .is_some_and(|e| e.depth == self.stack.len() && e.focus == view.focus)
            && view.context() == Context::Text
    }

    /// The context keys are looked up in. At a kiosk a text field not
    /// entered on purpose is a line like any other: its keys navigate.
    fn key_context(&self, view: &View) -> Context {
        let context = view.context();
        if self.kiosk.is_some() && context == Context::Text && !self.is_editing(view) {
            Context::List
        } else {
            context
        }
    }
}

/// The label of a field line: the text before its colon.
fn field_label(text: &str) -> String {
    text.split([':', '\u{ff1a}'])
        .next()
        .unwrap_or(text)
        .trim()
        .to_string()
}

/// The kiosk's keypad grammar for fields (docs/keypad.md). On a field, the choose key
/// enters it and says how to leave; inside, digits type, the finish key
/// finishes (and the screen acts on it as on Enter), Back leaves with the
/// old value, and moving up or down finishes first. None: the key goes
/// the usual way.
fn kiosk_field_key(app: &mut App, key: KeyPress, view: &View) -> Option<Vec<Effect>> {
    let focused = view.focused()?;
    if focused.kind != view::ItemKind::Field {
        return None;
    }
    if !app.is_editing(view) {
        if app.keymap.lookup(Context::List, key) != Some(Command::Activate) {
            return None;
        }
        let before = {
            let entry = app.stack.last_mut()?;
            entry.screen.input()?.value().to_string()
        };
        let label = field_label(&focused.text);
        app.editing = Some(Editing {
            depth: app.stack.len(),
            focus: view.focus,
            before,
            label: label.clone(),
        });
        return Some(app.with_cx(|_, cx| {
            let text = tr!(
                cx.lang,
                "kiosk.editing",
                label = label,
                finish = cx.key_in(Context::Text, Command::Activate),
                cancel = cx.key_in(Context::Text, Command::Back),
                delete = cx.key_in(Context::Text, Command::DeleteBack)
            );
            cx.announce(text);
        }));
    }
    let command = app.keymap.in_context(Context::Text, key)?;
    let editing = app.editing.clone()?;
    match command {
        Command::Back => {
            app.editing = None;
            Some(app.with_cx(|s, cx| {
                if let Some(input) = s.and_then(|s| s.input()) {
                    input.set(&editing.before);
                }
                cx.announce(tr!(cx.lang, "kiosk.edit_cancelled", label = editing.label));
            }))
        }
        Command::Activate => {
            app.editing = None;
            let lang = app.lang;
            app.set_announcement(tr!(lang, "kiosk.edit_done", label = editing.label));
            None
        }
        Command::Next
        | Command::Previous
        | Command::First
        | Command::Last
        | Command::NextPage
        | Command::PreviousPage => {
            app.editing = None;
            None
        }
        _ => None,
    }
}
