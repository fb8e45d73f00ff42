//! A choice's options as a list, one row each: a console screen reader
//! reads the row under the cursor after Up or Down, which it cannot do for
//! an option changed in place with Left or Right. Enter picks the focused
//! option; Esc goes back with the value as it was.

use crate::keymap::Command;
use crate::tr;
use crate::ui::form::Form;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Reply, Screen};

use super::position;

#[derive(Debug)]
pub struct ChoiceList {
    field: &'static str,
    label: String,
    options: Vec<String>,
    /// The option in force when the list opened.
    chosen: usize,
    focus: usize,
}

impl ChoiceList {
    /// The options of the form's choice `field`, focused on the one in
    /// force; None if there is no such choice.
    pub fn of(form: &Form, field: &'static str) -> Option<ChoiceList> {
        let (label, options, chosen) = form.options_of(field)?;
        Some(ChoiceList {
            field,
            label: label.to_string(),
            options: options.to_vec(),
            chosen,
            focus: chosen.min(options.len().saturating_sub(1)),
        })
    }

    /// Opens the list over the form (Enter or Space on a choice).
    pub fn open(form: &Form, field: &'static str, cx: &mut Cx<'_>) {
        if let Some(list) = ChoiceList::of(form, field) {
            cx.push(list);
        }
    }
}

impl Screen for ChoiceList {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let total = self.options.len().to_string();
        View {
            heading: tr!(
                lang,
                "choice.heading",
                label = self.label,
                n = self.options.len()
            ),
            items: self
                .options
                .iter()
                .enumerate()
                .map(|(i, option)| {
                    let text = if i == self.chosen {
                        tr!(lang, "choice.current", option = option)
                    } else {
                        option.clone()
                    };
                    Item::new(ItemKind::Row, position(lang, i + 1, &total, &text))
                })
                .collect(),
            focus: self.focus,
        }
    }

    fn focus(&self) -> usize {
        self.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.focus = focus;
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match command {
            Command::Activate | Command::Toggle => {
                cx.pop_with(Reply::Chosen {
                    field: self.field,
                    index: self.focus,
                });
                true
            }
            // Esc goes back as anywhere else; the choice's line, focused
            // again, says the value it kept.
            _ => false,
        }
    }
}
