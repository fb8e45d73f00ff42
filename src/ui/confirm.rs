//! A yes/no question owned by the screen that asks it: the question line,
//! then "Yes, ..." and "No, ...". The yes and no keys of the keymap in
//! force answer from anywhere (Y and N, or 5 and 0 at a kiosk); Back is no.

use super::view::{Item, ItemKind, View};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::tr;

/// Where the question line names its answer keys. Only the app knows the
/// keymap in force; it fills these in (`App::view`).
pub const YES_KEY: &str = "{yes_key}";
pub const NO_KEY: &str = "{no_key}";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub yes: String,
    pub no: String,
    pub focus: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Enter on the question: say how to answer.
    Hint,
    NotMine,
}

impl Confirm {
    pub fn new(question: String, yes: String, no: String) -> Self {
        Self {
            question,
            yes,
            no,
            focus: 0,
        }
    }

    pub fn items(&self, lang: Lang) -> Vec<Item> {
        vec![
            Item::new(
                ItemKind::Answer,
                tr!(
                    lang,
                    "confirm.question",
                    question = self.question,
                    yes_key = YES_KEY,
                    no_key = NO_KEY
                ),
            ),
            Item::new(
                ItemKind::Answer,
                tr!(lang, "confirm.yes", action = self.yes),
            ),
            Item::new(ItemKind::Answer, tr!(lang, "confirm.no", action = self.no)),
        ]
    }

    /// The question as a whole screen.
    pub fn view(&self, lang: Lang, heading: String) -> View {
        View {
            heading,
            items: self.items(lang),
            focus: self.focus,
        }
    }

    pub fn answer(&self, command: Command) -> Answer {
        match (command, self.focus) {
            (Command::Yes, _) | (Command::Activate, 1) => Answer::Yes,
            (Command::No | Command::Back, _) | (Command::Activate, 2) => Answer::No,
            (Command::Activate, _) => Answer::Hint,
            _ => Answer::NotMine,
        }
    }
}

/// The focus of a screen that may be asking a question: the question's
/// while it is asked, else the screen's own.
pub fn focus(confirm: &Option<Confirm>, own: usize) -> usize {
    confirm.as_ref().map_or(own, |c| c.focus)
}

/// Moves the focus of the question while it is asked, else the screen's.
pub fn set_focus(confirm: &mut Option<Confirm>, own: &mut usize, focus: usize) {
    match confirm {
        Some(c) => c.focus = focus,
        None => *own = focus,
    }
}

/// What a key did while a screen may be asking its question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Yes: the question is closed; the screen does what was asked.
    Yes,
    /// Answered no, or a hint was given: nothing more to do.
    Handled,
    /// A key the question does not use (moving between the answers).
    NotMine,
    /// No question is being asked.
    NoQuestion,
}

/// Handles a key for a screen's question: no closes it and says
/// `declined`; yes closes it and leaves the work to the screen.
pub fn handle(
    confirm: &mut Option<Confirm>,
    command: Command,
    cx: &mut super::Cx<'_>,
    declined: impl FnOnce(Lang) -> String,
) -> Outcome {
    let Some(question) = confirm else {
        return Outcome::NoQuestion;
    };
    match question.answer(command) {
        Answer::Yes => {
            *confirm = None;
            Outcome::Yes
        }
        Answer::No => {
            *confirm = None;
            cx.announce(declined(cx.lang));
            Outcome::Handled
        }
        Answer::Hint => {
            let text = tr!(
                cx.lang,
                "confirm.hint",
                yes_key = cx.answer_key(Command::Yes),
                no_key = cx.answer_key(Command::No),
                choose = cx.key_for(Command::Activate)
            );
            cx.announce(text);
            Outcome::Handled
        }
        Answer::NotMine => Outcome::NotMine,
    }
}

/// Where a form with unsaved changes goes once the user agrees to lose
/// them: back (Esc) or to the main menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    Back,
    Home,
}

impl Leave {
    /// The way out a command asks for, if it asks for one.
    pub fn from_command(command: Command) -> Option<Leave> {
        match command {
            Command::Back => Some(Leave::Back),
            Command::Home => Some(Leave::Home),
            _ => None,
        }
    }

    pub fn go(self, cx: &mut super::Cx<'_>) {
        match self {
            Leave::Back => cx.pop(),
            Leave::Home => cx.home(),
        }
    }
}

/// The question Esc asks on a form with changes not yet saved.
pub fn leave_unsaved(lang: Lang) -> Confirm {
    Confirm::new(
        tr!(lang, "form.leave_question"),
        tr!(lang, "form.leave_yes"),
        tr!(lang, "form.leave_no"),
    )
}

/// Guards a form with changes not yet saved: answers the question it
/// asked, or asks it when a command would leave. `Some(taken)` when the
/// command was dealt with here (the screen returns `taken`), `None` to go
/// on with it.
pub fn guard_unsaved(
    confirm: &mut Option<Confirm>,
    leaving: &mut Option<Leave>,
    changed: bool,
    command: Command,
    cx: &mut super::Cx<'_>,
) -> Option<bool> {
    match handle(confirm, command, cx, still_editing) {
        Outcome::Yes => {
            if let Some(leave) = leaving.take() {
                leave.go(cx);
            }
            return Some(true);
        }
        Outcome::Handled => return Some(true),
        Outcome::NotMine => return Some(false),
        Outcome::NoQuestion => {}
    }
    if let Some(leave) = Leave::from_command(command).filter(|_| changed) {
        *leaving = Some(leave);
        *confirm = Some(leave_unsaved(cx.lang));
        return Some(true);
    }
    None
}

/// What no to [`leave_unsaved`] says.
pub fn still_editing(lang: Lang) -> String {
    tr!(lang, "form.still_editing")
}
