//! The kiosk's keypad grammar for text fields: a field is entered on
//! purpose, and navigation keys never type into one that is not.

use super::app::{App, Editing};
use super::msg::Effect;
use super::view::{self, View};
use crate::keymap::{Command, Context, KeyPress};
use crate::tr;

impl App {
    /// The field being edited was on a screen that closed.
    pub(super) fn forget_closed_field(&mut self) {
        if self
            .editing
            .as_ref()
            .is_some_and(|e| e.depth > self.stack.len())
        {
            self.editing = None;
        }
    }

    /// Whether the focused line is the kiosk field being edited.
    pub(super) fn is_editing(&self, view: &View) -> bool {
        self.editing
            .as_ref()
            .is_some_and(|e| e.depth == self.stack.len() && e.focus == view.focus)
            && view.context() == Context::Text
    }

    /// The context keys are looked up in. At a kiosk a text field not
    /// entered on purpose is a line like any other: its keys navigate.
    pub(super) fn key_context(&self, view: &View) -> Context {
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
pub(super) fn kiosk_field_key(app: &mut App, key: KeyPress, view: &View) -> Option<Vec<Effect>> {
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
