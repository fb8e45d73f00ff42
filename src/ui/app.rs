//! The interface state: the screen stack, navigation, focus, the
//! announcement line and settings.

use chrono::{DateTime, NaiveDate, Utc};

use super::msg::{Effect, Settings};
use super::screen::{Cx, Nav, Screen, answer_key};
use super::theme::Theme;
use super::view::{self, View};
use super::{confirm, fit, screens};
use crate::domain::Id;
use crate::i18n::Lang;
use crate::keymap::{Command, Keymap};
use crate::tr;

/// A kiosk field entered on purpose (5 or Enter on it): which one, and its
/// value before, which leaving with Back puts back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Editing {
    pub(super) depth: usize,
    pub(super) focus: usize,
    pub(super) before: String,
    pub(super) label: String,
}

pub(super) struct Entry {
    pub(super) screen: Box<dyn Screen>,
    /// The first row on screen (rows go by whole pages).
    pub(super) scroll: usize,
    /// Which part of the focused item has focus, when it is split over
    /// several rows, and which item that was.
    pub(super) part: usize,
    pub(super) part_of: usize,
}

/// The whole interface state.
/// How a shared desk starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskStart {
    /// Ask who is at the desk; with a login (`--as`), ask only their PIN.
    Ask(Option<String>),
    /// Someone is logged in already (`--demo --as`).
    LoggedIn(crate::domain::Actor),
}

pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub today: NaiveDate,
    /// Set by the run loop before each message: time is an input.
    pub now: DateTime<Utc>,
    pub user: Option<Id>,
    /// Who logged in (see [`Cx::actor`]).
    pub actor: Option<crate::domain::Actor>,
    /// The people of a shared desk, asked for after logging out.
    pub(super) desk: Option<screens::desk::Desk>,
    pub settings: Settings,
    pub(super) no_color: bool,
    /// Counts announcements, so the same sentence twice is said twice.
    pub(super) announcement_serial: u64,
    /// Whether speech output is on (rate and volume keys say so if not).
    pub speech_on: bool,
    /// The announcement just written is for the eye only (a repeat says
    /// the last utterance itself).
    pub(super) silent_announcement: bool,
    pub(super) stack: Vec<Entry>,
    pub(super) announcement: String,
    pub(super) width: u16,
    pub(super) height: u16,
    pub(super) quit: bool,
    /// Kiosk mode: the idle timer and the operator code.
    pub kiosk: Option<crate::kiosk::Kiosk>,
    /// The terminal's screen and scrollback are to be cleared (a kiosk
    /// session ended).
    pub(super) clear_requested: bool,
    /// Counts screens shown, so arriving on one (even the same one again
    /// after going back) is told from moving within it.
    pub(super) screen_serial: u64,
    /// Counts screens opened (not returned to): an opened screen says its
    /// heading.
    pub(super) opened_serial: u64,
    /// Rows the heading took when last laid out.
    pub(super) heading_rows_drawn: u16,
    /// Kiosk mode: the field being edited, if one is. Other fields are
    /// lines like any other: navigation keys never type into them.
    pub(super) editing: Option<Editing>,
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
            actor: None,
            desk: None,
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
    pub(super) fn name_answer_keys(&self, view: &mut View) {
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
    pub(super) fn part(&self) -> usize {
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
    pub(super) fn layout(&self, heading: &str) -> view::Layout {
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

    pub(super) fn cx(&self) -> Cx<'_> {
        self.cx_with(&self.keymap)
    }

    /// A fresh context on this state, with the keymap lent separately (a
    /// handler borrows the screen stack mutably at the same time).
    pub(super) fn cx_with<'k>(&self, keymap: &'k Keymap) -> Cx<'k> {
        Cx {
            lang: self.lang,
            today: self.today,
            now: self.now,
            user: self.user,
            actor: self.actor,
            shared_desk: self.desk.is_some(),
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
            log_out: false,
        }
    }

    /// Runs a handler with a context and applies what it queued.
    pub(super) fn with_cx(
        &mut self,
        handler: impl FnOnce(Option<&mut Box<dyn Screen>>, &mut Cx<'_>),
    ) -> Vec<Effect> {
        let keymap = std::mem::take(&mut self.keymap);
        let mut cx = self.cx_with(&keymap);
        handler(self.stack.last_mut().map(|e| &mut e.screen), &mut cx);
        let Cx {
            user,
            actor,
            log_out,
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
        self.actor = actor;
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
        if log_out {
            effects.extend(self.leave_desk());
        }
        effects
    }

    /// A desk several people share: nobody is logged in until they say who
    /// they are, on the screen over the main menu, unless `--as` named
    /// someone (asked for their PIN) or logged them in already (the demo).
    pub fn start_desk(&mut self, desk: screens::desk::Desk, start: DeskStart) -> Vec<Effect> {
        self.desk = Some(desk.clone());
        match start {
            DeskStart::LoggedIn(actor) => {
                self.actor = Some(actor);
                self.user = match actor {
                    crate::domain::Actor::Jobseeker(id) => Some(id),
                    _ => None,
                };
                Vec::new()
            }
            DeskStart::Ask(login) => {
                self.user = None;
                self.actor = None;
                self.with_cx(|_, cx| {
                    cx.push(screens::desk::WhoIsHere::new(desk));
                    if let Some(login) = login {
                        let pin = screens::login::Login::for_account(cx, &login);
                        cx.push(pin);
                    }
                })
            }
        }
    }

    /// Logs out of a shared desk: the session ends and who is at the desk
    /// is asked again.
    fn leave_desk(&mut self) -> Vec<Effect> {
        let Some(desk) = self.desk.clone() else {
            return Vec::new();
        };
        self.user = None;
        self.actor = None;
        self.editing = None;
        // Back to the menu at the bottom, which waits for the next person.
        self.stack.truncate(1);
        // The next person's menu starts at its top, not where the last one
        // left it.
        if let Some(menu) = self.stack.first_mut() {
            menu.screen.set_focus(0);
            menu.scroll = 0;
        }
        self.screen_serial += 1;
        let mut effects = vec![Effect::LogOut];
        effects.extend(self.with_cx(|_, cx| {
            cx.push(screens::desk::WhoIsHere::new(desk));
            cx.announce(tr!(cx.lang, "desk.logged_out"));
        }));
        effects
    }

    pub(super) fn set_announcement(&mut self, text: String) {
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
        self.actor = None;
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
    pub(super) fn wipe(&mut self, said: String) -> Vec<Effect> {
        let Some(kiosk) = self.kiosk.as_mut() else {
            return Vec::new();
        };
        kiosk.last_input = self.now;
        kiosk.warned = false;
        self.user = None;
        self.actor = None;
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

    pub(super) fn apply_settings(&mut self, settings: Settings) {
        self.settings = settings;
        self.lang = settings.lang;
        self.theme = Theme::pick(settings.high_contrast, self.no_color);
        let name = if settings.vim_keys { "vim" } else { "default" };
        if let Some(map) = Keymap::built_in(name) {
            self.keymap = map;
        }
    }

    pub(super) fn navigate(&mut self, step: Nav) -> Vec<Effect> {
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
            // A shared desk's menu is for someone logged in.
            Nav::Home if self.desk.is_some() && self.actor.is_none() => Vec::new(),
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
    pub(super) fn rescroll(&mut self) {
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
    pub(super) fn list_rows(&self) -> u16 {
        self.height
            .saturating_sub(self.heading_rows_drawn.max(1) + view::ANNOUNCEMENT_ROWS)
            .max(1)
    }

    /// Moves the focus to a row of the drawn view (an item, or a part of
    /// a split one).
    pub(super) fn focus_row(&mut self, display: &fit::Fitted, row: usize) {
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
