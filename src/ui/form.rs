//! Forms: one field per line, `Label (required): value` with the caret at
//! the end of the value; an invalid field gets its error on its own line
//! and focus moves to the first invalid one (docs/screen-reader.md rule 7).

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
        /// Shown (and so spoken) in groups of these many characters, the
        /// rest as one last group: "139 1234 5678". Empty: as typed.
        groups: &'static [usize],
    },
    /// One of several options: Enter or Space lists them as rows to pick
    /// from; Left and Right step through them in place.
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
    /// Enter or Space on a choice: the screen lists its options
    /// ([`crate::ui::screens::choose::ChoiceList`]).
    Choose(&'static str),
    Handled,
    NotMine,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub fields: Vec<FormField>,
    /// Item index (error lines count as items).
    pub focus: usize,
    /// The values the form was built with, to tell whether anything changed.
    initial: Vec<Value>,
}

/// What a field holds, to compare with what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Text(String),
    Selected(usize),
    Checked(bool),
    None,
}

impl Form {
    pub fn new(fields: Vec<FormField>) -> Self {
        let mut form = Self {
            fields,
            focus: 0,
            initial: Vec::new(),
        };
        form.initial = form.values();
        form
    }

    fn values(&self) -> Vec<Value> {
        self.fields
            .iter()
            .map(|f| match &f.control {
                Control::Text { input, .. } => Value::Text(input.value().to_string()),
                Control::Choice { selected, .. } => Value::Selected(*selected),
                Control::Check { checked, .. } => Value::Checked(*checked),
                Control::Button { .. } | Control::Note { .. } => Value::None,
            })
            .collect()
    }

    /// Whether any value differs from what the form was built with (Esc
    /// then asks before the changes are lost).
    pub fn changed(&self) -> bool {
        self.values() != self.initial
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
                groups: &[],
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

    /// The same field, shown and spoken in groups (mobile and certificate
    /// numbers, so they are not read as amounts). Spaces typed into it are
    /// dropped: the groups are for the eye and the ear only.
    pub fn grouped(mut field: FormField, sizes: &'static [usize]) -> FormField {
        if let Control::Text { groups, input, .. } = &mut field.control {
            *groups = sizes;
            input.drop_spaces();
        }
        field
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

    /// The label, options and chosen index of a choice, to list them.
    pub fn options_of(&self, id: &str) -> Option<(&str, &[String], usize)> {
        match self.get(id).map(|f| &f.control) {
            Some(Control::Choice {
                label,
                options,
                selected,
            }) => Some((label.as_str(), options.as_slice(), *selected)),
            _ => None,
        }
    }

    /// Takes the option picked from a choice's list: the choice is set and
    /// focused, and reads as [`FormEvent::Changed`]. Other replies are not
    /// the form's.
    pub fn picked(&mut self, reply: &Option<super::Reply>) -> Option<FormEvent> {
        let Some(super::Reply::Chosen { field, index }) = reply else {
            return None;
        };
        let f = self.fields.iter().position(|f| f.id == *field)?;
        let id = self.fields[f].id;
        match &mut self.fields[f].control {
            Control::Choice {
                options, selected, ..
            } if *index < options.len() => *selected = *index,
            _ => return None,
        }
        self.focus = self.item_of(f);
        Some(FormEvent::Changed(id))
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
            (Control::Choice { .. }, Command::Toggle | Command::Activate) => FormEvent::Choose(id),
            (
                Control::Choice {
                    options, selected, ..
                },
                Command::NextOption,
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
            groups,
        } => {
            let prefix = if *required {
                tr!(lang, "form.required_label", label = label)
            } else {
                tr!(lang, "form.label", label = label)
            };
            let (value, caret) = if *masked {
                ("*".repeat(input.value().chars().count()), input.caret())
            } else {
                crate::domain::text::grouped(input.value(), groups, input.caret())
            };
            let caret = prefix.chars().count() + caret;
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
    fn a_choice_is_picked_from_its_list_and_the_form_knows_it_changed() {
        let mut f = Form::new(vec![
            Form::choice("lang", "Language".into(), vec!["a".into(), "b".into()], 0),
            Form::button("done", "Done".into()),
        ]);
        assert!(!f.changed());
        // Enter and Space ask for the list; Right steps in place.
        assert_eq!(f.command(Command::Activate), FormEvent::Choose("lang"));
        assert_eq!(f.command(Command::Toggle), FormEvent::Choose("lang"));
        assert!(!f.changed());
        f.focus = 1;
        let reply = Some(crate::ui::Reply::Chosen {
            field: "lang",
            index: 1,
        });
        assert_eq!(f.picked(&reply), Some(FormEvent::Changed("lang")));
        assert_eq!((f.selected("lang"), f.focus), (1, 0));
        assert!(f.changed());
        assert_eq!(f.command(Command::NextOption), FormEvent::Changed("lang"));
        assert!(!f.changed());
        // Out of range, or another reply: not the form's.
        let bad = Some(crate::ui::Reply::Chosen {
            field: "lang",
            index: 2,
        });
        assert_eq!(f.picked(&bad), None);
        assert_eq!(f.picked(&Some(crate::ui::Reply::ProfileSaved)), None);
    }

    #[test]
    fn grouped_fields_show_groups_and_keep_digits() {
        let mut f = Form::new(vec![Form::grouped(
            Form::text("mobile", "Mobile".into(), false, "139 1234", 11),
            crate::domain::text::MOBILE_GROUPS,
        )]);
        if let Some(input) = f.input() {
            input.insert(" 5678");
        }
        assert_eq!(f.value("mobile"), "13912345678");
        let item = &f.items(Lang::En)[0];
        assert_eq!(item.text, "Mobile: 139 1234 5678");
        assert_eq!(item.caret, Some(item.text.chars().count()));
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
