//! Kiosk mode for community halls (docs/keypad.md): speech from the start, the numeric
//! keypad, no way out without the operator code, and an idle timeout that
//! warns first, then wipes the session and returns to the welcome.

use std::path::Path;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Default seconds without a key before the session ends.
pub const DEFAULT_IDLE_SECONDS: i64 = 120;
/// The warning comes this long before.
pub const WARNING_SECONDS: i64 = 20;

/// The kiosk's own settings file (`kiosk.toml` in the config folder).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskConfig {
    /// argon2 hash of the operator code (`jobdesk kiosk-code` makes it).
    pub operator_code: Option<String>,
    pub idle_timeout_seconds: Option<i64>,
}

impl KioskConfig {
    pub fn load(path: &Path) -> Result<KioskConfig, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(KioskConfig::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }
}

/// Operator codes are typed on the kiosk's keypad: digits only (there `-`
/// deletes and `/` cancels), long enough not to be guessed in passing.
pub const CODE_DIGITS: std::ops::RangeInclusive<usize> = 6..=32;

/// Whether a code can be an operator code; the reason if not.
pub fn check_code(code: &str) -> Result<(), String> {
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return Err("the operator code is typed on the keypad: use digits only".into());
    }
    if !CODE_DIGITS.contains(&code.len()) {
        return Err(format!(
            "the operator code must have {} to {} digits",
            CODE_DIGITS.start(),
            CODE_DIGITS.end()
        ));
    }
    Ok(())
}

/// Hashes an operator code for the config file.
pub fn hash_code(code: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(code.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether a typed code matches the stored hash.
pub fn code_matches(code: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(code.as_bytes(), &h)
            .is_ok()
    })
}

/// A text field shown as a line to read: a keypad types digits only, so at
/// a kiosk names, notes and certificate numbers are changed at a service
/// desk. Masked values stay masked.
pub fn read_only(
    lang: crate::i18n::Lang,
    field: crate::ui::form::FormField,
) -> crate::ui::form::FormField {
    use crate::ui::form::{Control, Form};
    let crate::ui::form::FormField { id, control, .. } = field;
    let Control::Text {
        label,
        input,
        masked,
        ..
    } = control
    else {
        return crate::ui::form::FormField {
            id,
            control,
            error: None,
        };
    };
    let value = if input.value().is_empty() {
        crate::tr!(lang, "profile.not_set")
    } else if masked {
        "*".repeat(input.value().chars().count())
    } else {
        input.value().to_string()
    };
    Form::note(
        id,
        crate::tr!(lang, "kiosk.read_only", label = label, value = value),
    )
}

/// What the idle timer decides at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    Fine,
    /// Say the warning now, with the seconds left.
    Warn(i64),
    /// End the session now.
    Expire,
}

/// The kiosk's state inside the interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kiosk {
    pub operator_code: Option<String>,
    pub timeout: Duration,
    pub warning: Duration,
    pub last_input: DateTime<Utc>,
    pub warned: bool,
    /// Whether the store has accounts of its own (a remote store). Every
    /// kiosk asks people to log in before acting for them; a local file
    /// uses the accounts in it.
    pub login: bool,
}

impl Kiosk {
    pub fn new(config: &KioskConfig, now: DateTime<Utc>, login: bool) -> Kiosk {
        let seconds = config
            .idle_timeout_seconds
            .unwrap_or(DEFAULT_IDLE_SECONDS)
            // At most a day: a huge value in kiosk.toml made the duration
            // overflow and the kiosk panic at start (found by tests/fuzz.rs).
            .clamp(WARNING_SECONDS + 10, 24 * 3600);
        Kiosk {
            operator_code: config.operator_code.clone(),
            timeout: Duration::seconds(seconds),
            warning: Duration::seconds(WARNING_SECONDS),
            last_input: now,
            warned: false,
            login,
        }
    }

    /// A key was pressed: the clock starts again. True if a warning was
    /// showing (the key extended the session).
    pub fn touch(&mut self, now: DateTime<Utc>) -> bool {
        self.last_input = now;
        std::mem::take(&mut self.warned)
    }

    pub fn check(&mut self, now: DateTime<Utc>) -> Idle {
        let idle = now - self.last_input;
        if idle >= self.timeout {
            Idle::Expire
        } else if idle >= self.timeout - self.warning && !self.warned {
            self.warned = true;
            Idle::Warn((self.timeout - idle).num_seconds().max(1))
        } else {
            Idle::Fine
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_once_then_expires_and_a_key_extends() {
        let start = DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut k = Kiosk::new(&KioskConfig::default(), start, true);
        assert_eq!(k.check(start + Duration::seconds(99)), Idle::Fine);
        assert_eq!(k.check(start + Duration::seconds(100)), Idle::Warn(20));
        assert_eq!(k.check(start + Duration::seconds(101)), Idle::Fine);
        assert!(k.touch(start + Duration::seconds(110)));
        assert_eq!(k.check(start + Duration::seconds(200)), Idle::Fine);
        assert_eq!(k.check(start + Duration::seconds(215)), Idle::Warn(15));
        assert_eq!(k.check(start + Duration::seconds(230)), Idle::Expire);
    }

    #[test]
    fn operator_codes_are_digits_a_keypad_can_type() {
        assert!(check_code("47110815").is_ok());
        assert!(check_code("0000-my-code").is_err());
        assert!(check_code("4711").is_err());
        assert!(check_code("4711 0815").is_err());
    }

    #[test]
    fn operator_codes_are_hashed() {
        let hash = hash_code("4711").unwrap();
        assert!(!hash.contains("4711"));
        assert!(code_matches("4711", &hash));
        assert!(!code_matches("4712", &hash));
        assert!(!code_matches("4711", "not a hash"));
    }
}
