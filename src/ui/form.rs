//! Forms: one field per line, `Label (required): value` with the caret at
//! the end of the value; an invalid field gets its error on its own line
//! and focus moves to the first invalid one (contract rule 7).

use super::text_input::TextInput;
use super::view::{Item, ItemKind};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::tr;

/// One line of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    Text {
        label: String,
        required: bool,
        input: TextInput,
        /// Shown as stars (PINs).
        masked: bool,
    },
    /// One of several options, changed with Left and Right.
    Choice {
        label: String,
        options: Vec<String>,
        selected: usize,
    },
    /// Yes or no, changed with Space.
    Check {
        label: String,
        checked: bool,
    },
    Button {
        label: String,
    },
    /// A line to read, such as an explanation or a warning.
    Note {
        text: String,
    },
}

/// A control and the name the screen knows it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub id: &'static str,
    pub control: Control,
    pub error: Option<String>,
}

/// What a key did to a form, for the screen to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    /// A button was pressed.
    Pressed(&'static str),
    /// Enter in a text field.
    Entered(&'static str),
    /// A choice or check changed.
    Changed(&'static str),
    Handled,
    NotMine,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub fields: Vec<FormField>,
    /// Item index (error lines count as items).
    pub focus: usize,
}

impl Form {
    pub fn new(fields: Vec<FormField>) -> Self {
        Self { fields, focus: 0 }
    }

    pub fn text(
        id: &'static str,
        label: String,
        required: bool,
        value: &str,
        max: usize,
    ) -> FormField {
        FormField {
            id,
            control: Control::Text {
                label,
                required,
                input: TextInput::new(value, max),
                masked: false,
            },
            error: None,
        }
    }

    /// A text field whose value is shown as stars.
    pub fn secret(id: &'static str, label: String, max: usize) -> FormField {
        Form::masked(Form::text(id, label, true, "", max))
    }

    /// The same field, its value shown as stars (kiosk privacy).
    pub fn masked(mut field: FormField) -> FormField {
        if let Control::Text { masked, .. } = &mut field.control {
            *masked = true;
        }
        field
    }

    pub fn choice(
        id: &'static str,
        label: String,
        options: Vec<String>,
        selected: usize,
    ) -> FormField {
        FormField {
            id,
            control: Control::Choice {
                label,
                options,
                selected,
            },
            error: None,
        }
    }

    /// A choice of `none` or one of `values` (each said by `name`), showing
    /// `current`. [`Form::chosen`] reads it back.
    pub fn optional_choice<T: Copy + PartialEq>(
        id: &'static str,
        label: String,
        none: String,
        values: &[T],
        name: impl Fn(T) -> String,
        current: Option<T>,
    ) -> FormField {
        let options = std::iter::once(none)
            .chain(values.iter().map(|v| name(*v)))
            .collect();
        let selected = current
            .and_then(|c| values.iter().position(|v| *v == c))
            .map_or(0, |i| i + 1);
        Form::choice(id, label, options, selected)
    }

    pub fn check(id: &'static str, label: String, checked: bool) -> FormField {
        FormField {
            id,
            control: Control::Check { label, checked },
            error: None,
        }
    }

    pub fn button(id: &'static str, label: String) -> FormField {
        FormField {
            id,
            control: Control::Button { label },
            error: None,
        }
    }

    pub fn note(id: &'static str, text: String) -> FormField {
        FormField {
            id,
            control: Control::Note { text },
            error: None,
        }
    }

    /// Item index → field index (None for error lines).
    fn field_at(&self, item: usize) -> Option<usize> {
        let mut i = 0;
        for (f, field) in self.fields.iter().enumerate() {
            if i == item {
                return Some(f);
            }
            i += 1;
            if field.error.is_some() {
                if i == item {
                    return None;
                }
                i += 1;
            }
        }
        None
    }

    /// Field index → item index.
    fn item_of(&self, field: usize) -> usize {
        self.fields[..field.min(self.fields.len())]
            .iter()
            .map(|f| 1 + usize::from(f.error.is_some()))
            .sum()
    }

    pub fn focused_field(&self) -> Option<&FormField> {
        self.field_at(self.focus).map(|f| &self.fields[f])
    }

    pub fn get(&self, id: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut FormField> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    pub fn value(&self, id: &str) -> String {
        match self.get(id).map(|f| &f.control) {
            Some(Control::Text { input, .. }) => input.value().to_string(),
            _ => String::new(),
        }
    }

    pub fn selected(&self, id: &str) -> usize {
        match self.get(id).map(|f| &f.control) {
            Some(Control::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    /// The value of an [`Form::optional_choice`]: None for its first option.
    pub fn chosen<T: Copy>(&self, id: &str, values: &[T]) -> Option<T> {
        self.selected(id)
            .checked_sub(1)
            .and_then(|i| values.get(i))
            .copied()
    }

    pub fn checked(&self, id: &str) -> bool {
        matches!(
            self.get(id).map(|f| &f.control),
            Some(Control::Check { checked: true, .. })
        )
    }

    pub fn focus_field(&mut self, id: &str) {
        if let Some(f) = self.fields.iter().position(|f| f.id == id) {
            self.focus = self.item_of(f);
        }
    }

    pub fn clear_errors(&mut self) {
        let focused = self.field_at(self.focus);
        for f in &mut self.fields {
            f.error = None;
        }
        if let Some(f) = focused {
            self.focus = self.item_of(f);
        }
    }

    /// Puts each error under its field and focuses the first invalid field.
    pub fn set_errors(&mut self, errors: Vec<(&'static str, String)>) {
        for f in &mut self.fields {
            f.error = None;
        }
        let mut first = None;
        for (id, message) in errors {
            if let Some(idx) = self.fields.iter().position(|f| f.id == id) {
                if self.fields[idx].error.is_none() {
                    self.fields[idx].error = Some(message);
                }
                first = Some(first.map_or(idx, |f: usize| f.min(idx)));
            }
        }
        if let Some(f) = first {
            self.focus = self.item_of(f);
        }
    }

    /// The text field under the focus.
    pub fn input(&mut self) -> Option<&mut TextInput> {
        let f = self.field_at(self.focus)?;
        match &mut self.fields[f].control {
            Control::Text { input, .. } => Some(input),
            _ => None,
        }
    }

    /// The form as a whole screen under a heading.
    pub fn view(&self, heading: String, lang: Lang) -> super::view::View {
        super::view::View {
            heading,
            items: self.items(lang),
            focus: self.focus,
        }
    }

    /// The lines of the form.
    pub fn items(&self, lang: Lang) -> Vec<Item> {
        let mut items = Vec::with_capacity(self.fields.len() + 2);
        for field in &self.fields {
            items.push(control_item(lang, &field.control));
            if let Some(error) = &field.error {
                items.push(Item::new(
                    ItemKind::Error,
                    tr!(lang, "form.error_line", error = error),
                ));
            }
        }
        items
    }

    /// Handles activation and option keys on the focused control.
    pub fn command(&mut self, command: Command) -> FormEvent {
        let Some(f) = self.field_at(self.focus) else {
            return FormEvent::NotMine;
        };
        let id = self.fields[f].id;
        match (&mut self.fields[f].control, command) {
            (Control::Button { .. }, Command::Activate) => FormEvent::Pressed(id),
            (Control::Text { .. }, Command::Activate) => FormEvent::Entered(id),
            (
                Control::Check { checked, .. },
                Command::Toggle | Command::Activate | Command::NextOption | Command::PreviousOption,
            ) => {
                *checked = !*checked;
                FormEvent::Changed(id)
            }
            (
                Control::Choice {
                    options, selected, ..
                },
                Command::NextOption | Command::Toggle | Command::Activate,
            ) => {
                *selected = (*selected + 1) % options.len().max(1);
                FormEvent::Changed(id)
            }
            (
                Control::Choice {
                    options, selected, ..
                },
                Command::PreviousOption,
            ) => {
                *selected = (*selected + options.len().max(1) - 1) % options.len().max(1);
                FormEvent::Changed(id)
            }
            _ => FormEvent::NotMine,
        }
    }
}

fn control_item(lang: Lang, control: &Control) -> Item {
    match control {
        Control::Text {
            label,
            required,
            input,
            masked,
        } => {
            let prefix = if *required {
                tr!(lang, "form.required_label", label = label)
            } else {
                tr!(lang, "form.label", label = label)
            };
            let caret = prefix.chars().count() + input.caret();
            let value = if *masked {
                "*".repeat(input.value().chars().count())
            } else {
                input.value().to_string()
            };
            Item {
                caret: Some(caret),
                ..Item::new(ItemKind::Field, format!("{prefix}{value}"))
            }
            .labelled(label.clone(), prefix.chars().count())
        }
        Control::Choice {
            label,
            options,
            selected,
        } => Item {
            options: Some((options.clone(), *selected)),
            ..Item::new(
                ItemKind::Choice,
                tr!(
                    lang,
                    "form.choice",
                    label = label,
                    value = options.get(*selected).map_or("", String::as_str),
                    n = selected + 1,
                    total = options.len()
                ),
            )
        },
        Control::Check { label, checked } => Item {
            // Yes first: the order a yes/no question is asked in.
            options: Some((
                vec![tr!(lang, "common.yes"), tr!(lang, "common.no")],
                usize::from(!*checked),
            )),
            ..Item::new(
                ItemKind::Choice,
                tr!(
                    lang,
                    "form.check",
                    label = label,
                    value = lang.get(if *checked { "common.yes" } else { "common.no" })
                ),
            )
        },
        Control::Button { label } => {
            Item::new(ItemKind::Row, tr!(lang, "form.button", label = label))
        }
        Control::Note { text } => Item::new(ItemKind::Text, text.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(vec![
            Form::text("name", "Name".into(), true, "", 10),
            Form::text("mobile", "Mobile".into(), false, "", 11),
            Form::check("braille", "Reads braille".into(), false),
            Form::button("save", "Save".into()),
        ])
    }

    #[test]
    fn errors_go_under_their_field_and_take_focus() {
        let mut f = form();
        f.focus = 3;
        f.set_errors(vec![("mobile", "too short".into())]);
        assert_eq!(f.focus, 1);
        let items = f.items(Lang::En);
        assert_eq!(items.len(), 5);
        assert_eq!(items[2].kind, ItemKind::Error);
        assert!(items[2].text.contains("too short"));
        // The button moved down one line.
        assert_eq!(f.command(Command::Activate), FormEvent::Entered("mobile"));
        f.focus = 4;
        assert_eq!(f.command(Command::Activate), FormEvent::Pressed("save"));
        f.focus = 2;
        assert_eq!(f.command(Command::Activate), FormEvent::NotMine);
    }

    #[test]
    fn caret_sits_after_the_label_and_value() {
        let mut f = form();
        if let Some(input) = f.input() {
            input.insert("王芳");
        }
        let item = &f.items(Lang::En)[0];
        assert_eq!(item.caret, Some(item.text.chars().count()));
    }
}
