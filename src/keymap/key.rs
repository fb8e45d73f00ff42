//! Keys as keymap files spell them: `ctrl-`, `alt-`, `shift-` and a named
//! key (`enter`, `esc`, `tab`, `pageup`, `f1`...) or one character. Parsed
//! and printed back the same way.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyPress {
    pub key: Key,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

const NAMED: &[(&str, Key)] = &[
    ("enter", Key::Enter),
    ("esc", Key::Esc),
    ("tab", Key::Tab),
    ("backspace", Key::Backspace),
    ("delete", Key::Delete),
    ("insert", Key::Insert),
    ("up", Key::Up),
    ("down", Key::Down),
    ("left", Key::Left),
    ("right", Key::Right),
    ("home", Key::Home),
    ("end", Key::End),
    ("pageup", Key::PageUp),
    ("pagedown", Key::PageDown),
    ("space", Key::Char(' ')),
    ("minus", Key::Char('-')),
];

impl KeyPress {
    pub const fn plain(key: Key) -> Self {
        Self {
            key,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            key: Key::Char(c),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    /// Parses `ctrl-r`, `shift-tab`, `f1`, `down`, `?`, `space`...
    pub fn parse(spec: &str) -> Result<KeyPress, String> {
        let mut press = KeyPress::plain(Key::Esc);
        let mut rest = spec;
        // A lone "-" is the minus key, not an empty modifier list.
        loop {
            let lower = rest.to_ascii_lowercase();
            let (prefix, flag) = if lower.starts_with("ctrl-") && rest.len() > 5 {
                ("ctrl-", &mut press.ctrl)
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                ("alt-", &mut press.alt)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                ("shift-", &mut press.shift)
            } else {
                break;
            };
            *flag = true;
            rest = &rest[prefix.len()..];
        }
        let lower = rest.to_ascii_lowercase();
        press.key = if let Some((_, key)) = NAMED.iter().find(|(n, _)| *n == lower) {
            *key
        } else if let Some(n) = lower
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=24).contains(n))
        {
            Key::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => {
                    if press.ctrl || press.alt {
                        Key::Char(c.to_ascii_lowercase())
                    } else {
                        Key::Char(c)
                    }
                }
                _ => return Err(format!("{spec:?} is not a key")),
            }
        };
        Ok(press.normalized())
    }

    /// One spelling per key: shift on a character is part of the character.
    fn normalized(mut self) -> Self {
        if let Key::Char(_) = self.key
            && !self.ctrl
            && !self.alt
        {
            self.shift = false;
        }
        self
    }

    /// The key as typed from the keyboard, or None for releases and keys
    /// jobdesk does not use.
    pub fn from_event(event: KeyEvent) -> Option<KeyPress> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let m = event.modifiers;
        let mut press = KeyPress {
            key: Key::Esc,
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift: m.contains(KeyModifiers::SHIFT),
        };
        press.key = match event.code {
            KeyCode::Char(c) => {
                if press.ctrl || press.alt {
                    Key::Char(c.to_ascii_lowercase())
                } else {
                    Key::Char(c)
                }
            }
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Tab => Key::Tab,
            KeyCode::BackTab => {
                press.shift = true;
                Key::Tab
            }
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Delete => Key::Delete,
            KeyCode::Insert => Key::Insert,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::F(n) => Key::F(n),
            _ => return None,
        };
        Some(press.normalized())
    }

    /// A character to insert into a text field, if this key types one.
    pub fn typed_char(self) -> Option<char> {
        match self.key {
            Key::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// The name of the key alone, as the file spells it.
    pub fn key_name(self) -> String {
        match self.key {
            Key::Char(' ') => "space".into(),
            Key::Char(c) => c.to_string(),
            Key::F(n) => format!("f{n}"),
            key => NAMED
                .iter()
                .find(|(_, k)| *k == key)
                .map_or_else(|| "?".into(), |(n, _)| (*n).to_string()),
        }
    }
}

impl fmt::Display for KeyPress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        f.write_str(&self.key_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print_round_trip() {
        for spec in [
            "f1",
            "esc",
            "ctrl-r",
            "shift-tab",
            "alt-h",
            "down",
            "pagedown",
            "?",
            "/",
            "j",
            "G",
            "space",
            "5",
            "*",
            "+",
            ".",
            "ctrl-alt-x",
            "f12",
            "-",
        ] {
            let k = KeyPress::parse(spec).unwrap();
            let printed = k.to_string();
            let expected = if spec == "-" { "-" } else { spec };
            assert_eq!(printed, expected, "{spec}");
            assert_eq!(KeyPress::parse(&printed).unwrap(), k);
        }
    }

    #[test]
    fn spellings_are_normalised() {
        assert_eq!(KeyPress::parse("CTRL-R").unwrap(), KeyPress::ctrl('r'));
        assert_eq!(
            KeyPress::parse("shift-a").unwrap(),
            KeyPress::parse("a").unwrap()
        );
        assert_eq!(
            KeyPress::parse("minus").unwrap(),
            KeyPress::plain(Key::Char('-'))
        );
    }

    #[test]
    fn bad_keys_are_refused() {
        for spec in ["", "ctrl-", "f0", "f25", "hello", "ctrl-ab"] {
            assert!(KeyPress::parse(spec).is_err(), "{spec:?}");
        }
    }

    #[test]
    fn events_map_to_keys() {
        let ev = |code, mods| KeyPress::from_event(KeyEvent::new(code, mods));
        assert_eq!(
            ev(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(KeyPress::parse("shift-tab").unwrap())
        );
        assert_eq!(
            ev(KeyCode::Char('A'), KeyModifiers::SHIFT),
            Some(KeyPress::plain(Key::Char('A')))
        );
        assert_eq!(
            ev(KeyCode::Char('r'), KeyModifiers::CONTROL),
            Some(KeyPress::ctrl('r'))
        );
        assert_eq!(ev(KeyCode::CapsLock, KeyModifiers::NONE), None);
    }
}
