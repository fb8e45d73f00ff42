//! The screen trait, and the context a screen handler works with.

use chrono::{DateTime, NaiveDate, Utc};

use super::msg::{CallTag, Done, Effect, Reply, Settings, StoreCall};
use super::screens;
use super::text_input::TextInput;
use super::view::View;
use crate::domain::{Actor, Id};
use crate::i18n::Lang;
use crate::keymap::{Command, Context, KeyPress, Keymap};
use crate::store::StoreError;

pub(super) enum Nav {
    /// A screen, with the id it gets.
    Push(u64, Box<dyn Screen>),
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
    /// Who logged in; None on a one-person desk, whose person is `user`.
    pub actor: Option<Actor>,
    /// Several people use this desk (a shared file, the demo, a server):
    /// leaving logs out instead of quitting.
    pub shared_desk: bool,
    pub keymap: &'a Keymap,
    pub settings: Settings,
    /// Kiosk mode: personal numbers are masked.
    pub kiosk: bool,
    /// How many lines fit on a screen page, for lists that load a page of
    /// results at a time.
    pub rows: u16,
    pub(super) effects: Vec<Effect>,
    pub(super) nav: Vec<Nav>,
    pub(super) announcement: Option<String>,
    /// Said instead of the announcement, which stays on screen unspoken.
    pub(super) spoken: Option<String>,
    pub(super) quit: bool,
    /// End the kiosk session now (the menu entry).
    pub(super) end_session: bool,
    /// The id of the screen the handler runs for: its store calls are
    /// tagged with it.
    pub(super) screen: u64,
    /// The serial of the next store call.
    pub(super) call_serial: u64,
    /// The id the next screen pushed gets.
    pub(super) next_screen_id: u64,
    /// Log out of a shared desk: who is at the desk is asked again.
    pub(super) log_out: bool,
    /// Changes whenever someone logs in or out (or a kiosk session ends):
    /// what is said "at login" is said once per session.
    pub session: u64,
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

    /// Someone logged in: their role decides the main menu; a jobseeker's
    /// profile becomes `user`.
    pub fn logged_in(&mut self, actor: Actor) {
        self.actor = Some(actor);
        self.user = match actor {
            Actor::Jobseeker(id) => Some(id),
            _ => None,
        };
    }

    /// Whether the one at the desk acts for themself as a jobseeker (the
    /// one-person desk has no login).
    pub fn is_jobseeker(&self) -> bool {
        matches!(self.actor, None | Some(Actor::Jobseeker(_)))
    }

    /// Whether the one at the desk keeps caseloads (a counselor, or staff
    /// and administrators, who see everyone's): they recommend jobs and
    /// courses, and act for people who agreed.
    pub fn keeps_cases(&self) -> bool {
        matches!(
            self.actor,
            Some(Actor::Counselor(_) | Actor::Staff(_) | Actor::Admin(_))
        )
    }

    /// The caseload to choose people from: one's own; None for staff and
    /// administrators, who see everyone.
    pub fn own_caseload(&self) -> Option<Id> {
        match self.actor {
            Some(Actor::Counselor(id)) => Some(id),
            _ => None,
        }
    }

    /// Logs out of a shared desk.
    pub fn log_out(&mut self) {
        self.log_out = true;
    }

    /// Asks the store; the answer comes back to this screen's
    /// [`Screen::done`], whenever it is on top again.
    pub fn call(&mut self, call: StoreCall) {
        let tag = CallTag {
            screen: self.screen,
            serial: self.call_serial,
        };
        self.call_serial += 1;
        self.effects.push(Effect::Store(tag, Box::new(call)));
    }

    pub fn push(&mut self, screen: impl Screen + 'static) {
        let id = self.next_screen_id;
        self.next_screen_id += 1;
        self.nav.push(Nav::Push(id, Box::new(screen)));
        // Calls made after this, in the same handler, are the new screen's.
        self.screen = id;
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
