//! The Chinese second-generation disability certificate number (第二代残疾人证号).
//!
//! A certificate number is the holder's 18-character resident ID number
//! followed by one category digit and one level digit, optionally followed by
//! a reissue suffix (`B` for the first reissue, `B2`, `B3`, … `B99` for later
//! ones):
//!
//! ```text
//! 11010519491231002X 1 1 B2
//! └── resident ID ──┘ │ │ └ reissue suffix (optional)
//!                     │ └── level (1..=4, 1 most severe)
//!                     └──── category (1..=7)
//! ```
//!
//! [`CertificateNumber::parse`] validates all of it and stores the canonical
//! upper-case form. This module does no I/O; the "today" used to reject
//! future birth dates is passed in by the caller.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Weights of the ISO 7064 MOD 11-2 check over the first 17 ID digits.
const CHECK_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check characters indexed by `sum mod 11`.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Province-level codes allowed in the first two ID digits.
const PROVINCE_CODES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

/// Length of the resident ID number part.
const ID_LEN: usize = 18;
/// Length of a certificate number without reissue suffix.
const BASE_LEN: usize = 20;
/// Earliest accepted birth year.
const MIN_BIRTH_YEAR: i32 = 1900;

/// The kind of disability recorded in the certificate (character 19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DisabilityCategory {
    /// 视力残疾 — digit 1.
    Visual,
    /// 听力残疾 — digit 2.
    Hearing,
    /// 言语残疾 — digit 3.
    Speech,
    /// 肢体残疾 — digit 4.
    Physical,
    /// 智力残疾 — digit 5.
    Intellectual,
    /// 精神残疾 — digit 6.
    Mental,
    /// 多重残疾 — digit 7.
    Multiple,
}

impl DisabilityCategory {
    /// All categories in digit order (1..=7).
    pub const ALL: [Self; 7] = [
        Self::Visual,
        Self::Hearing,
        Self::Speech,
        Self::Physical,
        Self::Intellectual,
        Self::Mental,
        Self::Multiple,
    ];

    /// The category for a certificate digit `1..=7`, `None` otherwise.
    pub fn from_digit(d: u8) -> Option<Self> {
        match d {
            1..=7 => Some(Self::ALL[usize::from(d - 1)]),
            _ => None,
        }
    }

    /// The certificate digit (`1..=7`) of this category.
    pub fn digit(self) -> u8 {
        match self {
            Self::Visual => 1,
            Self::Hearing => 2,
            Self::Speech => 3,
            Self::Physical => 4,
            Self::Intellectual => 5,
            Self::Mental => 6,
            Self::Multiple => 7,
        }
    }
}

/// The disability level recorded in the certificate (character 20):
/// `1..=4`, where 1 is the most severe.
///
/// Serialized as the bare number; deserializing rejects numbers outside
/// `1..=4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DisabilityLevel(u8);

impl DisabilityLevel {
    /// The level `n`, or `None` unless `1 <= n <= 4`.
    pub fn new(n: u8) -> Option<Self> {
        (1..=4).contains(&n).then_some(Self(n))
    }

    /// The level number, `1..=4`.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl<'de> Deserialize<'de> for DisabilityLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let n = u8::deserialize(deserializer)?;
        Self::new(n).ok_or_else(|| {
            serde::de::Error::custom(format!("disability level {n} is not between 1 and 4"))
        })
    }
}

/// A validated disability certificate number.
///
/// Serialized as its canonical string. Deserializing re-runs all checks
/// except "birth date not in the future" (there is no "today" at that
/// point; the number was checked against one when it was first parsed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertificateNumber {
    canonical: String,
    birth_date: NaiveDate,
    category: DisabilityCategory,
    level: DisabilityLevel,
    reissue: Option<u8>,
}

/// Why a string is not a valid certificate number. Each variant names the
/// part that is wrong; see [`CertificateNumber::parse`] for the order in
/// which the parts are checked (only the first failure is reported).
///
/// Serialized with a snake_case `kind` tag, e.g.
/// `{"kind":"length","found":19}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CertificateError {
    /// The input is empty or only whitespace.
    #[error("The certificate number is empty.")]
    Empty,
    /// The input has fewer than 20 characters (counted as characters, not bytes).
    #[error("The certificate number has {found} characters but needs at least 20.")]
    Length {
        /// Number of characters found after trimming.
        found: usize,
    },
    /// A character in the resident ID part is not allowed: positions 1-17
    /// must be digits, position 18 a digit or `X`.
    #[error("Character {position} of the certificate number, '{found}', is not allowed there.")]
    InvalidCharacter {
        /// 1-based position of the offending character.
        position: usize,
        /// The offending character as typed.
        found: char,
    },
    /// The first two digits are not a known province code.
    #[error(
        "The region code {code} at the start of the certificate number is not a known province."
    )]
    Region {
        /// The two digits found.
        code: String,
    },
    /// Characters 7-14 are not a real calendar date between 1900 and today.
    #[error(
        "The birth date {date} in the certificate number is not a real date between 1900 and today."
    )]
    BirthDate {
        /// The eight digits found (YYYYMMDD).
        date: String,
    },
    /// Character 18 does not match the check computed from the first 17 digits.
    #[error("The check character of the resident ID should be '{expected}' but is '{found}'.")]
    CheckCharacter {
        /// The correct check character.
        expected: char,
        /// The check character found (upper-cased).
        found: char,
    },
    /// Character 19 is not a category digit `1..=7`.
    #[error("The disability category '{found}' (character 19) is not between 1 and 7.")]
    Category {
        /// The character found.
        found: char,
    },
    /// Character 20 is not a level digit `1..=4`.
    #[error("The disability level '{found}' (character 20) is not between 1 and 4.")]
    Level {
        /// The character found.
        found: char,
    },
    /// Something after character 20 that is not `B` or `B2`..`B99`.
    #[error(
        "The text '{suffix}' after the disability level is not a valid reissue suffix (B, B2, B3, …)."
    )]
    ReissueSuffix {
        /// Everything after character 20, as typed.
        suffix: String,
    },
}

impl CertificateNumber {
    /// Parses and validates a certificate number.
    ///
    /// The input is trimmed of surrounding whitespace; lower-case `x` (check
    /// character) and `b` (reissue suffix) are accepted and stored
    /// upper-case. `today` is the latest allowed birth date.
    ///
    /// # Errors
    ///
    /// Checks run in this order and the first failure is returned:
    ///
    /// 1. [`Empty`](CertificateError::Empty) — nothing left after trimming;
    /// 2. [`Length`](CertificateError::Length) — fewer than 20 characters
    ///    (anything longer goes on; extra characters are judged by step 9);
    /// 3. [`InvalidCharacter`](CertificateError::InvalidCharacter) — the
    ///    first offending character among positions 1-18;
    /// 4. [`Region`](CertificateError::Region) — positions 1-2;
    /// 5. [`BirthDate`](CertificateError::BirthDate) — positions 7-14;
    /// 6. [`CheckCharacter`](CertificateError::CheckCharacter) — position 18;
    /// 7. [`Category`](CertificateError::Category) — position 19;
    /// 8. [`Level`](CertificateError::Level) — position 20;
    /// 9. [`ReissueSuffix`](CertificateError::ReissueSuffix) — positions 21
    ///    onward, if any.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, CertificateError> {
        Self::parse_inner(input, Some(today))
    }

    /// [`parse`](Self::parse), with `today = None` skipping the
    /// "not in the future" part of the birth date check.
    fn parse_inner(input: &str, today: Option<NaiveDate>) -> Result<Self, CertificateError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(CertificateError::Empty);
        }
        let chars: Vec<char> = trimmed.chars().collect();
        if chars.len() < BASE_LEN {
            return Err(CertificateError::Length { found: chars.len() });
        }

        // Resident ID characters.
        for (i, &c) in chars[..ID_LEN].iter().enumerate() {
            let ok = c.is_ascii_digit() || (i == ID_LEN - 1 && matches!(c, 'X' | 'x'));
            if !ok {
                return Err(CertificateError::InvalidCharacter {
                    position: i + 1,
                    found: c,
                });
            }
        }
        // From here on the first 18 characters are ASCII, so byte slicing is safe.
        let id: String = chars[..ID_LEN]
            .iter()
            .map(|c| c.to_ascii_uppercase())
            .collect();

        let region = &id[0..2];
        if !PROVINCE_CODES.contains(&region) {
            return Err(CertificateError::Region {
                code: region.to_owned(),
            });
        }

        let birth_date =
            parse_birth_date(&id[6..14], today).ok_or_else(|| CertificateError::BirthDate {
                date: id[6..14].to_owned(),
            })?;

        let expected = check_character(&id[..17]).expect("17 ASCII digits were checked above");
        let found = char::from(id.as_bytes()[17]);
        if expected != found {
            return Err(CertificateError::CheckCharacter { expected, found });
        }

        let category_char = chars[18];
        let category = digit_value(category_char)
            .and_then(DisabilityCategory::from_digit)
            .ok_or(CertificateError::Category {
                found: category_char,
            })?;

        let level_char = chars[19];
        let level = digit_value(level_char)
            .and_then(DisabilityLevel::new)
            .ok_or(CertificateError::Level { found: level_char })?;

        let reissue = if chars.len() > BASE_LEN {
            let suffix: String = chars[BASE_LEN..].iter().collect();
            Some(parse_reissue(&suffix).ok_or(CertificateError::ReissueSuffix { suffix })?)
        } else {
            None
        };

        let mut canonical = id;
        canonical.push(category_char);
        canonical.push(level_char);
        match reissue {
            None => {}
            Some(1) => canonical.push('B'),
            Some(n) => {
                canonical.push('B');
                canonical.push_str(&n.to_string());
            }
        }

        Ok(Self {
            canonical,
            birth_date,
            category,
            level,
            reissue,
        })
    }

    /// The canonical upper-case form, e.g. `"11010519491231002X11B2"`.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// The 18-character resident ID number part.
    pub fn resident_id(&self) -> &str {
        &self.canonical[..ID_LEN]
    }

    /// The holder's birth date (from resident ID characters 7-14).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// The disability category (character 19).
    pub fn category(&self) -> DisabilityCategory {
        self.category
    }

    /// The disability level (character 20).
    pub fn level(&self) -> DisabilityLevel {
        self.level
    }

    /// The reissue count: `None` for an original certificate, `Some(1)` for
    /// suffix `B`, `Some(n)` for suffix `Bn` (`2..=99`).
    pub fn reissue(&self) -> Option<u8> {
        self.reissue
    }

    /// The holder's age in full years on `date` (0 if `date` is before the
    /// birth date). Someone born on 29 February has their birthday on
    /// 1 March in common years.
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        let birth = self.birth_date;
        if date <= birth {
            return 0;
        }
        // `date > birth`, so the year difference is >= 0.
        let mut years = u32::try_from(date.year() - birth.year()).unwrap_or(0);
        if (date.month(), date.day()) < (birth.month(), birth.day()) {
            years = years.saturating_sub(1);
        }
        years
    }

    /// A form safe to show on a kiosk screen: the first 3 and last 4
    /// characters kept, every other character replaced by `*` (same length),
    /// e.g. `"110***************11B2"` for `"11010519491231002X11B2"`.
    pub fn masked(&self) -> String {
        mask(&self.canonical, 3, 4)
    }
}

impl fmt::Display for CertificateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl Serialize for CertificateNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical)
    }
}

impl<'de> Deserialize<'de> for CertificateNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse_inner(&s, None).map_err(serde::de::Error::custom)
    }
}

/// The ISO 7064 MOD 11-2 check character for the first 17 digits of a
/// resident ID number, or `None` unless `first17` is exactly 17 ASCII digits.
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip(CHECK_WEIGHTS)
        .map(|(&b, w)| u32::from(b - b'0') * w)
        .sum();
    // `sum % 11` is at most 10, a valid index.
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// Builds a valid certificate number string for demo data: `region6` (six
/// digits, the first two a province code), the birth date, a three-digit
/// sequence number, the computed check character, the category digit and
/// the level digit.
///
/// # Panics
///
/// If `region6` is not six ASCII digits, `seq3 > 999`, `level` is not
/// `1..=4`, or `birth` is not representable as a four-digit year. (The
/// province code and the birth date range are not checked; parse the result
/// if that matters.)
pub fn sample(
    region6: &str,
    birth: NaiveDate,
    seq3: u16,
    category: DisabilityCategory,
    level: u8,
) -> String {
    assert!(
        region6.len() == 6 && region6.bytes().all(|b| b.is_ascii_digit()),
        "region6 must be six ASCII digits, got {region6:?}"
    );
    assert!(seq3 <= 999, "seq3 must be at most 999, got {seq3}");
    assert!(
        DisabilityLevel::new(level).is_some(),
        "level must be 1..=4, got {level}"
    );
    assert!(
        (0..=9999).contains(&birth.year()),
        "birth year must have four digits, got {}",
        birth.year()
    );
    let first17 = format!("{region6}{}{seq3:03}", birth.format("%Y%m%d"));
    let check = check_character(&first17).expect("17 ASCII digits by construction");
    format!("{first17}{check}{}{level}", category.digit())
}

/// The value of an ASCII digit character.
fn digit_value(c: char) -> Option<u8> {
    c.to_digit(10).and_then(|d| u8::try_from(d).ok())
}

/// Parses `YYYYMMDD` (known to be ASCII digits) into a real date with year
/// >= 1900 and, if `today` is given, not after `today`.
fn parse_birth_date(yyyymmdd: &str, today: Option<NaiveDate>) -> Option<NaiveDate> {
    let year: i32 = yyyymmdd[0..4].parse().ok()?;
    let month: u32 = yyyymmdd[4..6].parse().ok()?;
    let day: u32 = yyyymmdd[6..8].parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let in_range = year >= MIN_BIRTH_YEAR && today.is_none_or(|t| date <= t);
    in_range.then_some(date)
}

/// Parses a reissue suffix (case-insensitive): `B` → 1, `B2`..`B99` → n.
/// Leading zeros (`B02`) are rejected so that the canonical form is unique.
fn parse_reissue(suffix: &str) -> Option<u8> {
    let rest = suffix
        .strip_prefix('B')
        .or_else(|| suffix.strip_prefix('b'))?;
    if rest.is_empty() {
        return Some(1);
    }
    let plain_number =
        rest.len() <= 2 && rest.bytes().all(|b| b.is_ascii_digit()) && !rest.starts_with('0');
    if !plain_number {
        return None;
    }
    let n: u8 = rest.parse().ok()?;
    (2..=99).contains(&n).then_some(n)
}

/// Keeps the first `head` and last `tail` characters of `s` and replaces the
/// others with `*`.
fn mask(s: &str, head: usize, tail: usize) -> String {
    let len = s.chars().count();
    s.chars()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= len { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed "today" of all tests.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// `first17` plus its correct check character.
    fn id(first17: &str) -> String {
        format!("{first17}{}", check_character(first17).unwrap())
    }

    /// `first17` plus a check character that is certainly wrong.
    fn id_wrong_check(first17: &str) -> (String, char) {
        let right = check_character(first17).unwrap();
        let wrong = if right == '0' { '1' } else { '0' };
        (format!("{first17}{wrong}"), wrong)
    }

    // Published sample resident ID (check X, computed by hand:
    // 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167, 167 mod 11 = 2 → 'X').
    const SAMPLE_ID: &str = "11010519491231002X";
    // Qingdao Shinan, born 1990-03-07, sequence 001. Weighted sum 231,
    // 231 mod 11 = 0 → '1'.
    const QINGDAO_ID: &str = "370202199003070011";
    // Qingdao Laoshan, born 2000-02-29 (leap day), sequence 123. Weighted
    // sum 219, 219 mod 11 = 10 → '2'.
    const LEAP_ID: &str = "370212200002291232";

    #[test]
    fn check_character_known_values() {
        let cases = [
            ("11010519491231002", Some('X')),
            ("37020219900307001", Some('1')),
            ("37021220000229123", Some('2')),
            ("81000019000101000", Some('X')),
            ("1101051949123100", None),   // 16 digits
            ("110105194912310021", None), // 18 digits
            ("1101051949123100A", None),  // letter
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(check_character(input), want, "input {input:?}");
        }
    }

    /// (input, canonical, category, level, reissue, birth date)
    type ValidRow = (
        String,
        &'static str,
        DisabilityCategory,
        u8,
        Option<u8>,
        NaiveDate,
    );

    #[test]
    fn valid_numbers() {
        let cases: Vec<ValidRow> = vec![
            (
                "11010519491231002X11".into(),
                "11010519491231002X11",
                DisabilityCategory::Visual,
                1,
                None,
                date(1949, 12, 31),
            ),
            (
                "11010519491231002x11".into(),
                "11010519491231002X11",
                DisabilityCategory::Visual,
                1,
                None,
                date(1949, 12, 31),
            ),
            (
                "  11010519491231002X11B \n".into(),
                "11010519491231002X11B",
                DisabilityCategory::Visual,
                1,
                Some(1),
                date(1949, 12, 31),
            ),
            (
                "11010519491231002x11b2".into(),
                "11010519491231002X11B2",
                DisabilityCategory::Visual,
                1,
                Some(2),
                date(1949, 12, 31),
            ),
            (
                "11010519491231002X73B99".into(),
                "11010519491231002X73B99",
                DisabilityCategory::Multiple,
                3,
                Some(99),
                date(1949, 12, 31),
            ),
            (
                format!("{QINGDAO_ID}24"),
                "37020219900307001124",
                DisabilityCategory::Hearing,
                4,
                None,
                date(1990, 3, 7),
            ),
            (
                format!("{LEAP_ID}52B10"),
                "37021220000229123252B10",
                DisabilityCategory::Intellectual,
                2,
                Some(10),
                date(2000, 2, 29),
            ),
            (
                // Born today is still allowed.
                format!("{}61", id("37020320261129001")),
                "37020320261129001961",
                DisabilityCategory::Mental,
                1,
                None,
                date(2026, 11, 29),
            ),
            (
                // Earliest allowed year.
                format!("{}41", id("81000019000101000")),
                "81000019000101000X41",
                DisabilityCategory::Physical,
                1,
                None,
                date(1900, 1, 1),
            ),
        ];
        for (input, canonical, category, level, reissue, birth) in cases {
            let n = CertificateNumber::parse(&input, today())
                .unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
            assert_eq!(n.as_str(), canonical, "input {input:?}");
            assert_eq!(n.to_string(), canonical, "input {input:?}");
            assert_eq!(n.resident_id(), &canonical[..18], "input {input:?}");
            assert_eq!(n.category(), category, "input {input:?}");
            assert_eq!(n.level().get(), level, "input {input:?}");
            assert_eq!(n.reissue(), reissue, "input {input:?}");
            assert_eq!(n.birth_date(), birth, "input {input:?}");
        }
    }

    #[test]
    fn errors() {
        let (qingdao_wrong, qingdao_wrong_char) = id_wrong_check("37020219900307001");
        let (leap_wrong, leap_wrong_char) = id_wrong_check("37021220000229123");
        let cases: Vec<(String, CertificateError)> = vec![
            ("".into(), CertificateError::Empty),
            ("   \t ".into(), CertificateError::Empty),
            (
                "11010519491231002X1".into(),
                CertificateError::Length { found: 19 },
            ),
            (
                // Characters, not bytes: 19 characters, more bytes.
                "11010519491231002残1".into(),
                CertificateError::Length { found: 19 },
            ),
            (
                "1101051949A231002X11".into(),
                CertificateError::InvalidCharacter {
                    position: 11,
                    found: 'A',
                },
            ),
            (
                "1101051949123100X211".into(),
                CertificateError::InvalidCharacter {
                    position: 17,
                    found: 'X',
                },
            ),
            (
                "11010519491231002Y11".into(),
                CertificateError::InvalidCharacter {
                    position: 18,
                    found: 'Y',
                },
            ),
            (
                "11010519491231002残11".into(),
                CertificateError::InvalidCharacter {
                    position: 18,
                    found: '残',
                },
            ),
            (
                format!("{}11", id("99010519491231002")),
                CertificateError::Region { code: "99".into() },
            ),
            (
                format!("{}11", id("10010519491231002")),
                CertificateError::Region { code: "10".into() },
            ),
            (
                format!("{}11", id("37020219900230001")),
                CertificateError::BirthDate {
                    date: "19900230".into(),
                },
            ),
            (
                format!("{}11", id("37020219901301001")),
                CertificateError::BirthDate {
                    date: "19901301".into(),
                },
            ),
            (
                // One day after the fixed "today".
                format!("{}11", id("37020220261130001")),
                CertificateError::BirthDate {
                    date: "20261130".into(),
                },
            ),
            (
                format!("{}11", id("37020218500101001")),
                CertificateError::BirthDate {
                    date: "18500101".into(),
                },
            ),
            (
                "11010519491231002111".into(),
                CertificateError::CheckCharacter {
                    expected: 'X',
                    found: '1',
                },
            ),
            (
                format!("{qingdao_wrong}11"),
                CertificateError::CheckCharacter {
                    expected: '1',
                    found: qingdao_wrong_char,
                },
            ),
            (
                format!("{leap_wrong}11"),
                CertificateError::CheckCharacter {
                    expected: '2',
                    found: leap_wrong_char,
                },
            ),
            (
                // Lower-case x is reported upper-case.
                "37020219900307001x11".into(),
                CertificateError::CheckCharacter {
                    expected: '1',
                    found: 'X',
                },
            ),
            (
                format!("{SAMPLE_ID}01"),
                CertificateError::Category { found: '0' },
            ),
            (
                format!("{SAMPLE_ID}81"),
                CertificateError::Category { found: '8' },
            ),
            (
                format!("{SAMPLE_ID}A1"),
                CertificateError::Category { found: 'A' },
            ),
            (
                format!("{SAMPLE_ID}10"),
                CertificateError::Level { found: '0' },
            ),
            (
                format!("{SAMPLE_ID}15"),
                CertificateError::Level { found: '5' },
            ),
            (
                format!("{SAMPLE_ID}11B1"),
                CertificateError::ReissueSuffix {
                    suffix: "B1".into(),
                },
            ),
            (
                format!("{SAMPLE_ID}11C"),
                CertificateError::ReissueSuffix { suffix: "C".into() },
            ),
            (
                format!("{SAMPLE_ID}11B0"),
                CertificateError::ReissueSuffix {
                    suffix: "B0".into(),
                },
            ),
            (
                format!("{SAMPLE_ID}11BB"),
                CertificateError::ReissueSuffix {
                    suffix: "BB".into(),
                },
            ),
            (
                format!("{SAMPLE_ID}11b02"),
                CertificateError::ReissueSuffix {
                    suffix: "b02".into(),
                },
            ),
            (
                format!("{SAMPLE_ID}11B100"),
                CertificateError::ReissueSuffix {
                    suffix: "B100".into(),
                },
            ),
            (
                format!("{SAMPLE_ID}11 B"),
                CertificateError::ReissueSuffix {
                    suffix: " B".into(),
                },
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                CertificateNumber::parse(&input, today()),
                Err(want),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn category_digits_round_trip() {
        for (i, c) in DisabilityCategory::ALL.into_iter().enumerate() {
            let d = u8::try_from(i + 1).unwrap();
            assert_eq!(c.digit(), d);
            assert_eq!(DisabilityCategory::from_digit(d), Some(c));
        }
        assert_eq!(DisabilityCategory::from_digit(0), None);
        assert_eq!(DisabilityCategory::from_digit(8), None);
    }

    #[test]
    fn level_range() {
        let cases = [
            (0, None),
            (1, Some(1)),
            (4, Some(4)),
            (5, None),
            (255, None),
        ];
        for (n, want) in cases {
            assert_eq!(
                DisabilityLevel::new(n).map(DisabilityLevel::get),
                want,
                "n {n}"
            );
        }
    }

    #[test]
    fn age_on() {
        let sample = CertificateNumber::parse("11010519491231002X11", today()).unwrap();
        let leap = CertificateNumber::parse(&format!("{LEAP_ID}11"), today()).unwrap();
        let cases = [
            (&sample, date(1949, 12, 31), 0),
            (&sample, date(1950, 12, 30), 0),
            (&sample, date(1950, 12, 31), 1),
            (&sample, date(2026, 11, 29), 76),
            (&sample, date(2026, 12, 31), 77),
            (&sample, date(1900, 1, 1), 0),
            (&leap, date(2001, 2, 28), 0),
            (&leap, date(2001, 3, 1), 1),
            (&leap, date(2004, 2, 29), 4),
            (&leap, date(2026, 11, 29), 26),
        ];
        for (n, on, want) in cases {
            assert_eq!(n.age_on(on), want, "{n} on {on}");
        }
    }

    #[test]
    fn masked_keeps_first_three_and_last_four() {
        let cases = [
            ("11010519491231002X11", "110*************2X11"),
            ("11010519491231002x11b2", "110***************11B2"),
        ];
        for (input, want) in cases {
            let n = CertificateNumber::parse(input, today()).unwrap();
            let masked = n.masked();
            assert_eq!(masked, want);
            assert_eq!(masked.chars().count(), n.as_str().chars().count());
        }
    }

    #[test]
    fn sample_builds_valid_numbers() {
        for (i, category) in DisabilityCategory::ALL.into_iter().enumerate() {
            let level = u8::try_from(i % 4 + 1).unwrap();
            let birth = date(1960 + i32::try_from(i).unwrap() * 7, 2, 28);
            let seq = u16::try_from(i * 111).unwrap();
            let s = sample("370202", birth, seq, category, level);
            let n = CertificateNumber::parse(&s, today())
                .unwrap_or_else(|e| panic!("sample {s:?} should parse: {e}"));
            assert_eq!(n.as_str(), s);
            assert_eq!(&s[..6], "370202");
            assert_eq!(n.birth_date(), birth);
            assert_eq!(&s[14..17], format!("{seq:03}"));
            assert_eq!(n.category(), category);
            assert_eq!(n.level().get(), level);
            assert_eq!(n.reissue(), None);
        }
        assert_eq!(
            sample(
                "110105",
                date(1949, 12, 31),
                2,
                DisabilityCategory::Visual,
                1
            ),
            "11010519491231002X11"
        );
    }

    #[test]
    fn serde_round_trip() {
        let n = CertificateNumber::parse("11010519491231002x11b2", today()).unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"11010519491231002X11B2\"");
        assert_eq!(serde_json::from_str::<CertificateNumber>(&json).unwrap(), n);
        // Invalid strings are rejected on the way in.
        assert!(serde_json::from_str::<CertificateNumber>("\"11010519491231002111\"").is_err());

        let level = DisabilityLevel::new(3).unwrap();
        assert_eq!(serde_json::to_string(&level).unwrap(), "3");
        assert_eq!(serde_json::from_str::<DisabilityLevel>("3").unwrap(), level);
        assert!(serde_json::from_str::<DisabilityLevel>("0").is_err());
        assert!(serde_json::from_str::<DisabilityLevel>("5").is_err());

        let error = CertificateError::CheckCharacter {
            expected: 'X',
            found: '1',
        };
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"check_character","expected":"X","found":"1"}"#
        );
        assert_eq!(
            serde_json::from_str::<CertificateError>(&json).unwrap(),
            error
        );
        let json = serde_json::to_string(&CertificateError::Empty).unwrap();
        assert_eq!(json, r#"{"kind":"empty"}"#);

        let json = serde_json::to_string(&DisabilityCategory::Mental).unwrap();
        assert_eq!(
            serde_json::from_str::<DisabilityCategory>(&json).unwrap(),
            DisabilityCategory::Mental
        );
    }

    #[test]
    fn error_messages_are_one_sentence() {
        let errors = [
            CertificateError::Empty,
            CertificateError::Length { found: 3 },
            CertificateError::InvalidCharacter {
                position: 4,
                found: 'A',
            },
            CertificateError::Region { code: "99".into() },
            CertificateError::BirthDate {
                date: "19900230".into(),
            },
            CertificateError::CheckCharacter {
                expected: 'X',
                found: '1',
            },
            CertificateError::Category { found: '8' },
            CertificateError::Level { found: '5' },
            CertificateError::ReissueSuffix {
                suffix: "B1".into(),
            },
        ];
        for e in errors {
            let text = e.to_string();
            assert!(text.ends_with('.'), "{text}");
            assert_eq!(text.matches(". ").count(), 0, "{text}");
        }
    }
}
