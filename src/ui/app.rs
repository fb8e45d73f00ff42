//! The interface state: the screen stack, navigation, focus, the
//! announcement line and settings.

use chrono::{DateTime, NaiveDate, Utc};

use super::msg::{CallTag, Done, Effect, Settings};
use super::screen::{Cx, Nav, Screen, answer_key};
use super::theme::Theme;
use super::view::{self, View};
use super::{confirm, fit, screens};
use crate::domain::Id;
use crate::i18n::Lang;
use crate::keymap::{Command, Keymap};
use crate::store::StoreError;
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
    /// Unique for the life of the app: store answers find their screen by
    /// it.
    pub(super) id: u64,
    pub(super) screen: Box<dyn Screen>,
    /// The first row on screen (rows go by whole pages).
    pub(super) scroll: usize,
    /// Which part of the focused item has focus, when it is split over
    /// several rows, and which item that was.
    pub(super) part: usize,
    pub(super) part_of: usize,
    /// Answers that came while another screen was on top, given to this
    /// one when it is on top again.
    pub(super) held: Vec<(&'static str, Result<Done, StoreError>)>,
}

/// A store call sent and not yet answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pending {
    pub(super) tag: CallTag,
    /// The call's kind: a newer call of the same kind from the same screen
    /// replaces it (the last search typed, the last job opened).
    pub(super) kind: &'static str,
    /// What to say if the user stops waiting.
    pub(super) abandoned_key: &'static str,
    /// The working announcement was made for it.
    pub(super) said: bool,
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
    /// The id the next screen shown gets.
    pub(super) next_screen_id: u64,
    /// The serial of the next store call.
    pub(super) call_serial: u64,
    /// Store calls sent and not answered, oldest first.
    pub(super) pending: Vec<Pending>,
    /// The announcement serial of the working announcement, while it is
    /// still on the line.
    pub(super) working_serial: Option<u64>,
    /// Counts logins and logouts (see [`Cx::session`]).
    pub(super) session: u64,
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
            next_screen_id: 1,
            call_serial: 0,
            pending: Vec::new(),
            working_serial: None,
            session: 0,
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
        let screen = self.stack.last().map_or(0, |e| e.id);
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
            screen,
            call_serial: self.call_serial,
            next_screen_id: self.next_screen_id,
            log_out: false,
            session: self.session,
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
            call_serial,
            next_screen_id,
            ..
        } = cx;
        self.keymap = keymap;
        // The handler's calls are its screen's, before any navigation.
        self.call_serial = call_serial;
        self.next_screen_id = next_screen_id;
        self.note_calls(&effects);
        if (user, actor) != (self.user, self.actor) {
            self.session += 1;
        }
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
                self.session += 1;
                // The menu under everything is now this person's: it
                // learns who they are (and what they are told at login).
                // A counselor's desk opens on the caseload.
                self.with_cx(|s, cx| {
                    if let Some(s) = s {
                        s.resumed(None, cx);
                    }
                    screens::casework::open_desk(cx);
                })
            }
            DeskStart::Ask(login) => {
                self.user = None;
                self.actor = None;
                self.session += 1;
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
        self.session += 1;
        self.editing = None;
        // Back to the menu at the bottom, which waits for the next person.
        self.stack.truncate(1);
        // The next person's menu starts at its top, not where the last one
        // left it.
        if let Some(menu) = self.stack.first_mut() {
            menu.screen.set_focus(0);
            menu.scroll = 0;
            menu.held.clear();
        }
        // Nothing asked for the last person is theirs to hear.
        self.pending.clear();
        self.working_serial = None;
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
        self.session += 1;
        self.editing = None;
        self.stack.clear();
        self.pending.clear();
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
        self.session += 1;
        self.editing = None;
        self.stack.clear();
        // Nothing the last person asked for is shown to the next.
        self.pending.clear();
        self.working_serial = None;
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
            let login = screens::login::Login::starting(cx);
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
            Nav::Push(_, screen)
                if self.kiosk.is_some() && self.user.is_none() && screen.needs_person() =>
            {
                self.with_cx(|_, cx| {
                    cx.push(screens::login::Login::returning(cx));
                    cx.announce(tr!(cx.lang, "kiosk.log_in_first"));
                })
            }
            Nav::Push(id, screen) => {
                self.screen_serial += 1;
                self.opened_serial += 1;
                self.stack.push(Entry {
                    id,
                    held: Vec::new(),
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
                self.forget_closed_calls();
                let mut effects = self.with_cx(|s, cx| {
                    if let Some(s) = s {
                        s.resumed(reply, cx);
                    }
                });
                effects.extend(self.deliver_held());
                effects
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
                self.forget_closed_calls();
                let mut effects = self.with_cx(|s, cx| {
                    if let Some(s) = s {
                        s.resumed(None, cx);
                    }
                });
                effects.extend(self.deliver_held());
                effects
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

/// Store calls: each is tagged with the screen that asked, and its answer
/// goes to that screen only.
impl App {
    /// Notes the store calls a handler made: each waits for its answer,
    /// and replaces an older one of the same kind from the same screen
    /// (the last search typed, the last job opened), whose answer is then
    /// ignored.
    pub(super) fn note_calls(&mut self, effects: &[Effect]) {
        for effect in effects {
            if let Effect::Store(tag, call) = effect {
                let kind = call.kind();
                self.pending
                    .retain(|p| !(p.tag.screen == tag.screen && p.kind == kind));
                self.pending.push(Pending {
                    tag: *tag,
                    kind,
                    abandoned_key: call.abandoned_key(),
                    said: false,
                });
            }
        }
    }

    /// Whether the answer to this call is still wanted.
    pub fn is_pending(&self, tag: CallTag) -> bool {
        self.pending.iter().any(|p| p.tag == tag)
    }

    /// How many store calls are waiting for an answer that is wanted.
    pub fn pending_calls(&self) -> usize {
        self.pending.len()
    }

    fn top_id(&self) -> Option<u64> {
        self.stack.last().map(|e| e.id)
    }

    /// Whether the screen on top waits for the store.
    pub fn waiting(&self) -> bool {
        let top = self.top_id();
        self.pending.iter().any(|p| Some(p.tag.screen) == top)
    }

    /// Whether the screen on top waits for the store and said so.
    pub fn told_waiting(&self) -> bool {
        let top = self.top_id();
        self.pending
            .iter()
            .any(|p| p.said && Some(p.tag.screen) == top)
    }

    /// Calls of screens that closed are no longer waited for.
    fn forget_closed_calls(&mut self) {
        let stack = &self.stack;
        self.pending
            .retain(|p| stack.iter().any(|e| e.id == p.tag.screen));
    }

    /// An answer from the store: to the screen that asked, now if it is
    /// on top or else when it is on top again; nowhere if the wait was
    /// abandoned, the call replaced or the screen closed.
    pub(super) fn answer(&mut self, tag: CallTag, result: Result<Done, StoreError>) -> Vec<Effect> {
        let Some(index) = self.pending.iter().position(|p| p.tag == tag) else {
            return Vec::new();
        };
        let pending = self.pending.remove(index);
        let Some(depth) = self.stack.iter().position(|e| e.id == tag.screen) else {
            return Vec::new();
        };
        if matches!(result, Err(StoreError::SessionExpired)) {
            return self.with_cx(|_, cx| {
                cx.announce(tr!(cx.lang, "error.session_expired"));
                cx.push(screens::login::Login::new(cx));
            });
        }
        if depth + 1 < self.stack.len() {
            self.stack[depth].held.push((pending.kind, result));
            return Vec::new();
        }
        let effects = self.with_cx(|s, cx| {
            if let Some(s) = s {
                s.done(result, cx);
            }
        });
        self.end_working();
        effects
    }

    /// Gives the screen now on top the answers that came while it was
    /// not, except those a newer call of the same kind replaces.
    fn deliver_held(&mut self) -> Vec<Effect> {
        let Some(entry) = self.stack.last_mut() else {
            return Vec::new();
        };
        let (id, held) = (entry.id, std::mem::take(&mut entry.held));
        let mut effects = Vec::new();
        for (kind, result) in held {
            // An answer may have navigated away: the rest wait again.
            if self.top_id() != Some(id) {
                if let Some(entry) = self.stack.iter_mut().find(|e| e.id == id) {
                    entry.held.push((kind, result));
                }
                continue;
            }
            let replaced = self
                .pending
                .iter()
                .any(|p| p.tag.screen == id && p.kind == kind);
            if replaced {
                continue;
            }
            effects.extend(self.with_cx(|s, cx| {
                if let Some(s) = s {
                    s.done(result, cx);
                }
            }));
        }
        effects
    }

    /// A call has waited a while: the first such call of the screen on
    /// top says that it is working, once.
    pub(super) fn call_slow(&mut self, tag: CallTag) -> Vec<Effect> {
        let top = self.top_id();
        let said = self
            .pending
            .iter()
            .any(|p| p.said && Some(p.tag.screen) == top);
        let Some(pending) = self.pending.iter_mut().find(|p| p.tag == tag) else {
            return Vec::new();
        };
        if Some(tag.screen) != top || pending.said {
            return Vec::new();
        }
        pending.said = true;
        if said {
            return Vec::new();
        }
        let effects = self.with_cx(|_, cx| {
            let back = cx.key_for(Command::Back);
            cx.announce(tr!(cx.lang, "common.working", back = back));
        });
        self.working_serial = Some(self.announcement_serial);
        effects
    }

    /// The working announcement leaves the line once nothing the screen
    /// on top asked for is still awaited (unless something else was said
    /// since).
    fn end_working(&mut self) {
        if self.waiting() {
            return;
        }
        if self.working_serial.take() == Some(self.announcement_serial) {
            self.announcement.clear();
        }
    }

    /// Esc while the screen on top waits: its answers will be ignored.
    /// Says so, and that a change may still have reached the server.
    pub(super) fn abandon_wait(&mut self) -> Vec<Effect> {
        let top = self.top_id();
        let (gone, kept): (Vec<Pending>, Vec<Pending>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|p| Some(p.tag.screen) == top);
        self.pending = kept;
        self.working_serial = None;
        let key = ["common.wait_abandoned_saved", "common.wait_abandoned_sent"]
            .into_iter()
            .find(|k| gone.iter().any(|p| p.abandoned_key == *k))
            .unwrap_or("common.wait_abandoned");
        let text = self.lang.get(key).to_string();
        self.set_announcement(text);
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::*;
    use crate::domain::Actor;
    use crate::keymap::KeyPress;
    use crate::store::ApplyRequest;
    use crate::ui::view::{Item, ItemKind};
    use crate::ui::{Msg, StoreCall, update};

    /// What each probe screen was given, by its name.
    type Log = Rc<RefCell<Vec<(&'static str, Result<Done, StoreError>)>>>;

    /// A screen that asks the store for its applications when it opens,
    /// and sends an application on Enter; it writes down every answer.
    struct Probe {
        name: &'static str,
        log: Log,
    }

    impl Screen for Probe {
        fn view(&self, _cx: &Cx<'_>) -> View {
            View {
                heading: self.name.to_string(),
                items: vec![Item::new(ItemKind::Row, "a line")],
                focus: 0,
            }
        }
        fn focus(&self) -> usize {
            0
        }
        fn set_focus(&mut self, _focus: usize) {}
        fn opened(&mut self, cx: &mut Cx<'_>) {
            cx.call(StoreCall::Applications(1));
        }
        fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
            if command != Command::Activate {
                return false;
            }
            cx.call(StoreCall::Apply(ApplyRequest {
                request_id: "r-1".into(),
                job_id: 1,
                profile_id: 1,
                note: String::new(),
                by: Actor::Jobseeker(1),
            }));
            true
        }
        fn done(&mut self, result: Result<Done, StoreError>, _cx: &mut Cx<'_>) {
            self.log.borrow_mut().push((self.name, result));
        }
    }

    fn app() -> App {
        let settings = Settings {
            lang: Lang::En,
            high_contrast: false,
            vim_keys: false,
            linear: false,
        };
        let keymap = Keymap::built_in("default").expect("default keymap");
        let now = DateTime::<Utc>::from_timestamp(1_780_000_000, 0).expect("a time");
        App::new(settings, keymap, false, now, Some(1), (80, 24)).0
    }

    /// Opens a probe; returns the tag of the call it made on opening.
    fn open(app: &mut App, name: &'static str, log: &Log) -> CallTag {
        let log = log.clone();
        let effects = app.with_cx(|_, cx| cx.push(Probe { name, log }));
        store_tags(&effects)[0]
    }

    fn store_tags(effects: &[Effect]) -> Vec<CallTag> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Store(tag, _) => Some(*tag),
                _ => None,
            })
            .collect()
    }

    fn answer() -> Result<Done, StoreError> {
        Ok(Done::Applications(Vec::new()))
    }

    fn key(spec: &str) -> Msg {
        Msg::Key(KeyPress::parse(spec).expect("a key"))
    }

    #[test]
    fn each_screen_shown_tags_its_calls_with_its_own_id() {
        let (mut app, log) = (app(), Log::default());
        let first = open(&mut app, "first", &log);
        app.with_cx(|_, cx| cx.pop());
        let second = open(&mut app, "second", &log);
        assert_ne!(first.screen, second.screen, "a screen shown again is new");
        assert_ne!(first.serial, second.serial);
        // Enter on the probe: its own id again, a new serial.
        let tags = store_tags(&update(&mut app, key("enter")));
        assert_eq!(tags.len(), 1);
        assert_eq!(tags[0].screen, second.screen);
        assert!(app.is_pending(second) && app.is_pending(tags[0]));
    }

    #[test]
    fn a_call_made_after_pushing_a_screen_is_that_screens() {
        let (mut app, log) = (app(), Log::default());
        let probe_log = log.clone();
        let effects = app.with_cx(|_, cx| {
            cx.push(Probe {
                name: "pushed",
                log: probe_log,
            });
            cx.call(StoreCall::Job(5));
        });
        let tags = store_tags(&effects);
        assert_eq!(tags.len(), 2, "the probe's opening call and the one after");
        assert_eq!(tags[0].screen, tags[1].screen);
        update(&mut app, Msg::Done(tags[0], answer()));
        assert_eq!(log.borrow().len(), 1);
        assert_eq!(log.borrow()[0].0, "pushed");
    }

    #[test]
    fn an_answer_for_a_closed_screen_is_ignored() {
        let (mut app, log) = (app(), Log::default());
        let tag = open(&mut app, "closed", &log);
        app.with_cx(|_, cx| cx.pop());
        assert!(!app.is_pending(tag), "closing a screen forgets its calls");
        let now_on_top = open(&mut app, "new", &log);
        let before = (app.announcement().to_string(), app.announcement_serial());
        // Even an error, which any screen would announce.
        update(&mut app, Msg::Done(tag, Err(StoreError::PostingClosed)));
        update(&mut app, Msg::Done(tag, answer()));
        assert!(log.borrow().is_empty(), "{:?}", log.borrow());
        assert_eq!(
            (app.announcement().to_string(), app.announcement_serial()),
            before
        );
        // The screen on top still gets its own.
        update(&mut app, Msg::Done(now_on_top, answer()));
        assert_eq!(log.borrow().len(), 1);
        assert_eq!(log.borrow()[0].0, "new");
    }

    #[test]
    fn an_answer_for_a_lower_screen_waits_for_it_and_never_reaches_the_top_one() {
        let (mut app, log) = (app(), Log::default());
        let lower = open(&mut app, "lower", &log);
        let top = open(&mut app, "top", &log);
        update(&mut app, Msg::Done(lower, answer()));
        assert!(log.borrow().is_empty(), "{:?}", log.borrow());
        assert_eq!(app.view().heading, "top");
        update(&mut app, Msg::Done(top, Err(StoreError::PostingClosed)));
        assert_eq!(log.borrow().len(), 1);
        assert_eq!(log.borrow()[0], ("top", Err(StoreError::PostingClosed)));
        // Back on the lower screen, it gets its answer.
        update(&mut app, key("esc"));
        assert_eq!(app.view().heading, "lower");
        assert_eq!(log.borrow().len(), 2);
        assert_eq!(log.borrow()[1], ("lower", answer()));
    }

    #[test]
    fn a_newer_call_of_the_same_kind_replaces_the_older() {
        let (mut app, log) = (app(), Log::default());
        let _ = open(&mut app, "probe", &log);
        let first = store_tags(&update(&mut app, key("enter")))[0];
        let second = store_tags(&update(&mut app, key("enter")))[0];
        assert!(!app.is_pending(first) && app.is_pending(second));
        update(&mut app, Msg::Done(first, answer()));
        assert!(log.borrow().is_empty());
        update(&mut app, Msg::Done(second, answer()));
        assert_eq!(log.borrow().len(), 1);
    }

    #[test]
    fn a_slow_call_says_working_once_and_the_line_clears_when_it_is_answered() {
        let (mut app, log) = (app(), Log::default());
        let tag = open(&mut app, "probe", &log);
        update(&mut app, Msg::Waiting(tag));
        assert_eq!(app.announcement(), "Working… Press Escape to stop waiting.");
        let serial = app.announcement_serial();
        update(&mut app, Msg::Waiting(tag));
        assert_eq!(app.announcement_serial(), serial, "said once");
        update(&mut app, Msg::Done(tag, answer()));
        assert_eq!(log.borrow().len(), 1);
        assert_eq!(app.announcement(), "");
        // A call answered before it was slow says nothing.
        let quick = store_tags(&update(&mut app, key("enter")))[0];
        update(&mut app, Msg::Done(quick, answer()));
        update(&mut app, Msg::Waiting(quick));
        assert_eq!(app.announcement(), "");
    }

    #[test]
    fn a_slow_call_of_a_lower_screen_says_nothing_on_the_top_one() {
        let (mut app, log) = (app(), Log::default());
        let lower = open(&mut app, "lower", &log);
        let _top = open(&mut app, "top", &log);
        let serial = app.announcement_serial();
        update(&mut app, Msg::Waiting(lower));
        assert_eq!(app.announcement_serial(), serial);
    }

    #[test]
    fn escape_abandons_the_wait_and_the_answer_is_ignored() {
        let (mut app, log) = (app(), Log::default());
        let tag = open(&mut app, "probe", &log);
        update(&mut app, Msg::Waiting(tag));
        update(&mut app, key("esc"));
        assert_eq!(app.view().heading, "probe", "Esc only stopped the wait");
        assert_eq!(
            app.announcement(),
            "Stopped waiting. If the answer still comes, it will be ignored."
        );
        assert!(!app.waiting());
        update(&mut app, Msg::Done(tag, answer()));
        assert!(log.borrow().is_empty());
        // Nothing waits now: Esc goes back.
        update(&mut app, key("esc"));
        assert_ne!(app.view().heading, "probe");
    }

    #[test]
    fn abandoning_a_change_says_it_may_have_reached_the_server() {
        let (mut app, log) = (app(), Log::default());
        let opening = open(&mut app, "probe", &log);
        update(&mut app, Msg::Done(opening, answer()));
        let sent = store_tags(&update(&mut app, key("enter")))[0];
        update(&mut app, Msg::Waiting(sent));
        update(&mut app, key("esc"));
        assert!(
            app.announcement()
                .contains("It may still have reached the server. Sending it again is safe"),
            "{}",
            app.announcement()
        );
        update(&mut app, Msg::Done(sent, answer()));
        assert_eq!(log.borrow().len(), 1, "only the opening answer");
    }

    #[test]
    fn escape_before_the_wait_is_heard_goes_back_and_drops_the_answer() {
        let (mut app, log) = (app(), Log::default());
        let tag = open(&mut app, "probe", &log);
        update(&mut app, key("esc"));
        assert_ne!(app.view().heading, "probe");
        update(&mut app, Msg::Done(tag, answer()));
        assert!(log.borrow().is_empty());
    }

    #[test]
    fn other_keys_work_while_a_call_waits() {
        let (mut app, log) = (app(), Log::default());
        let tag = open(&mut app, "probe", &log);
        update(&mut app, Msg::Waiting(tag));
        update(&mut app, key("f1"));
        assert_ne!(app.view().heading, "probe", "help opened");
        // Esc on help closes help: the wait belongs to the probe.
        update(&mut app, key("esc"));
        assert_eq!(app.view().heading, "probe");
        assert!(app.is_pending(tag));
        update(&mut app, key("ctrl-q"));
        assert!(app.should_quit());
    }

    #[test]
    fn a_kiosk_session_that_ends_forgets_its_calls() {
        let (mut app, log) = (app(), Log::default());
        let tag = open(&mut app, "probe", &log);
        let kiosk = crate::kiosk::Kiosk::new(&crate::kiosk::KioskConfig::default(), app.now, false);
        app.start_kiosk(kiosk);
        assert_eq!(app.pending_calls(), 0);
        update(&mut app, Msg::Done(tag, answer()));
        assert!(log.borrow().is_empty());
    }
}
