//! A single-line text value with a caret, edited character by character.

use crate::domain::text::inert;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// In characters.
    caret: usize,
    /// The most characters it takes.
    max: usize,
    /// Spaces typed or pasted are dropped (numbers shown in groups).
    no_spaces: bool,
}

impl TextInput {
    pub fn new(value: &str, max: usize) -> Self {
        let value: String = value.chars().take(max).collect();
        let caret = value.chars().count();
        Self {
            value,
            caret,
            max,
            no_spaces: false,
        }
    }

    /// From now on, spaces typed or pasted are dropped: "139 1234 5678"
    /// is kept as the 11 digits.
    pub fn drop_spaces(&mut self) {
        self.no_spaces = true;
        let caret: String = self.value.chars().take(self.caret).collect();
        self.caret = caret.chars().filter(|c| !c.is_whitespace()).count();
        self.value.retain(|c| !c.is_whitespace());
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn caret(&self) -> usize {
        self.caret
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Inserts typed or pasted text at the caret; control characters and
    /// escape sequences are dropped. False when the field is full.
    pub fn insert(&mut self, text: &str) -> bool {
        let mut clean = inert(text).into_owned();
        if self.no_spaces {
            clean.retain(|c| !c.is_whitespace());
        }
        let room = self.max.saturating_sub(self.value.chars().count());
        let take: String = clean.chars().take(room).collect();
        let added = take.chars().count();
        let at = self.byte_at(self.caret);
        self.value.insert_str(at, &take);
        self.caret += added;
        added == clean.chars().count()
    }

    pub fn delete_back(&mut self) -> bool {
        if self.caret == 0 {
            return false;
        }
        self.caret -= 1;
        let at = self.byte_at(self.caret);
        self.value.remove(at);
        true
    }

    pub fn delete_forward(&mut self) -> bool {
        if self.caret >= self.value.chars().count() {
            return false;
        }
        let at = self.byte_at(self.caret);
        self.value.remove(at);
        true
    }

    pub fn left(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.caret = (self.caret + 1).min(self.value.chars().count());
    }

    pub fn start(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.value.chars().count();
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.caret = 0;
    }

    pub fn set(&mut self, value: &str) {
        let no_spaces = self.no_spaces;
        *self = TextInput::new(value, self.max);
        if no_spaces {
            self.drop_spaces();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_character_not_byte() {
        let mut t = TextInput::new("按摩", 10);
        t.left();
        t.insert("推");
        assert_eq!(t.value(), "按推摩");
        assert_eq!(t.caret(), 2);
        assert!(t.delete_back());
        assert!(t.delete_forward());
        assert_eq!(t.value(), "按");
    }

    #[test]
    fn refuses_overflow_and_control_characters() {
        let mut t = TextInput::new("", 3);
        assert!(t.insert("a\u{1b}[31mb"));
        assert_eq!(t.value(), "ab");
        assert!(!t.insert("cd"));
        assert_eq!(t.value(), "abc");
    }
}
