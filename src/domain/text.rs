//! Text hygiene: what is typed is normalised before it is stored, and what is
//! stored is made inert before it is drawn or spoken (docs/screen-reader.md rule 12).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Why a piece of typed text was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum TextError {
    #[error("the text is empty")]
    Empty,
    #[error("the text is {found} characters long, the limit is {max}")]
    TooLong { max: usize, found: usize },
    #[error("the text contains a control character at position {position}")]
    ControlCharacter { position: usize },
    #[error("the text stacks too many accent marks at position {position}")]
    StackedMarks { position: usize },
}

/// Accent (combining) marks allowed on one character. Real scripts stack
/// a few; hundreds are an attack on the screen and the screen reader.
pub const MAX_MARKS: usize = 4;

/// Trims, converts to NFC and checks the length (in characters) and that no
/// control character is present. `multiline` lets line feeds through (notes,
/// descriptions); everything else rejects them too.
pub fn normalize(input: &str, max_chars: usize, multiline: bool) -> Result<String, TextError> {
    let text: String = input.trim().nfc().collect();
    if let Some(position) = text
        .chars()
        .position(|c| is_forbidden_input(c) && !(multiline && c == '\n'))
    {
        return Err(TextError::ControlCharacter {
            position: position + 1,
        });
    }
    if let Some(position) = stacked_marks(&text) {
        return Err(TextError::StackedMarks { position });
    }
    let found = text.chars().count();
    if found > max_chars {
        return Err(TextError::TooLong {
            max: max_chars,
            found,
        });
    }
    Ok(text)
}

/// Like [`normalize`], but an empty result is an error.
pub fn required(input: &str, max_chars: usize, multiline: bool) -> Result<String, TextError> {
    let text = normalize(input, max_chars, multiline)?;
    if text.is_empty() {
        Err(TextError::Empty)
    } else {
        Ok(text)
    }
}

fn is_forbidden_input(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Chinese, Japanese and Korean characters: written without spaces between
/// words, so text may be split (for search, for wrapping) between any two.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// Groups of a mobile number as it is shown and said: "139 1234 5678".
pub const MOBILE_GROUPS: &[usize] = &[3, 4, 4];

/// Groups of a disability certificate number: region (6), birth date (8),
/// the rest of the resident ID (4), then category and level, then any
/// reissue mark: "370202 19850312 002X 1 2".
pub const CERTIFICATE_GROUPS: &[usize] = &[6, 8, 4, 1, 1];

/// `value` with a space between groups of `sizes` characters (what is left
/// after the last size is one more group), and where `caret` (in
/// characters into `value`) lands in the result. A caret at a group's start
/// sits on its first character, not on the space before it. Screen readers
/// read a long run of digits as an amount ("thirteen billion..."); in groups
/// they read it as people say it.
pub fn grouped(value: &str, sizes: &[usize], caret: usize) -> (String, usize) {
    let len = value.chars().count();
    let mut breaks = Vec::with_capacity(sizes.len());
    let mut at = 0;
    for size in sizes {
        at += size;
        if at >= len {
            break;
        }
        breaks.push(at);
    }
    let mut out = String::with_capacity(value.len() + breaks.len());
    for (i, c) in value.chars().enumerate() {
        if breaks.contains(&i) {
            out.push(' ');
        }
        out.push(c);
    }
    let caret = caret.min(len) + breaks.iter().filter(|b| **b <= caret).count();
    (out, caret)
}

/// Bidi overrides and isolates, zero-width characters, line and paragraph
/// separators (which terminals draw unpredictably), tag characters, blank
/// fillers and other invisible characters that could make text read
/// differently from how it looks, or look empty when it is not.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}'
        | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// The position (1-based) of the first accent mark beyond `MAX_MARKS` on
/// one character, if any.
fn stacked_marks(text: &str) -> Option<usize> {
    let mut run = 0;
    for (i, c) in text.chars().enumerate() {
        if is_mark(c) {
            run += 1;
            if run > MAX_MARKS {
                return Some(i + 1);
            }
        } else {
            run = 0;
        }
    }
    None
}

/// Makes text from any store safe to put on a terminal: escape sequences
/// (CSI, OSC, DCS and the like) are removed whole, other control characters,
/// bidi controls and zero-width characters are dropped, and line breaks and
/// tabs become single spaces. Borrowed when there was nothing to remove.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() || is_invisible_format(c))
        && stacked_marks(text).is_none()
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut marks = 0;
    while let Some(c) = chars.next() {
        // Marks beyond the limit on one character are dropped.
        if is_mark(c) {
            marks += 1;
            if marks > MAX_MARKS {
                continue;
            }
        } else {
            marks = 0;
        }
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 control introducers (CSI, OSC, DCS, ...) also start sequences.
            '\u{9b}' => skip_until_final(&mut chars),
            '\u{90}' | '\u{9d}' | '\u{9e}' | '\u{9f}' | '\u{98}' => skip_string(&mut chars),
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if c.is_control() || is_invisible_format(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_until_final(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Two-character sequences (ESC c, ESC 7, ...) and intermediates.
        Some(c) if (' '..='/').contains(&c) => {
            // ESC ( B and similar: one more character.
            chars.next();
        }
        _ => {}
    }
}

/// CSI parameters and intermediates run until a final byte in @..~.
fn skip_until_final(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/APC/PM/SOS strings end at BEL, ST (ESC \) or C1 ST.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_groups() {
        let g = |v: &str, sizes, caret| grouped(v, sizes, caret);
        assert_eq!(
            g("13912345678", MOBILE_GROUPS, 11),
            ("139 1234 5678".into(), 13)
        );
        // Partly typed: the groups so far, no trailing space.
        assert_eq!(g("139", MOBILE_GROUPS, 3), ("139".into(), 3));
        assert_eq!(g("1391", MOBILE_GROUPS, 4), ("139 1".into(), 5));
        // A caret at a group's start sits on its first character.
        assert_eq!(g("1391", MOBILE_GROUPS, 3), ("139 1".into(), 4));
        assert_eq!(g("1391", MOBILE_GROUPS, 0), ("139 1".into(), 0));
        assert_eq!(
            g("37020219850312002X12", CERTIFICATE_GROUPS, 20),
            ("370202 19850312 002X 1 2".into(), 24)
        );
        assert_eq!(
            g("37020219850312002X12B2", CERTIFICATE_GROUPS, 22).0,
            "370202 19850312 002X 1 2 B2"
        );
        assert_eq!(g("", MOBILE_GROUPS, 0), (String::new(), 0));
        assert_eq!(g("abc", &[], 1), ("abc".into(), 1));
    }

    #[test]
    fn normalize_trims_and_composes() {
        // "e" + combining acute becomes one character.
        assert_eq!(normalize("  cafe\u{301} ", 10, false).unwrap(), "café");
    }

    #[test]
    fn normalize_rejects_control_and_length() {
        let table: &[(&str, usize, bool, TextError)] = &[
            (
                "a\u{7}b",
                10,
                false,
                TextError::ControlCharacter { position: 2 },
            ),
            (
                "a\nb",
                10,
                false,
                TextError::ControlCharacter { position: 2 },
            ),
            (
                "x\u{1b}[31m",
                20,
                true,
                TextError::ControlCharacter { position: 2 },
            ),
            (
                "ab\u{202E}c",
                10,
                false,
                TextError::ControlCharacter { position: 3 },
            ),
            (
                "按摩按摩按摩",
                5,
                false,
                TextError::TooLong { max: 5, found: 6 },
            ),
        ];
        for (input, max, multiline, expected) in table {
            assert_eq!(
                normalize(input, *max, *multiline).as_ref(),
                Err(expected),
                "{input:?}"
            );
        }
        assert_eq!(normalize("a\nb", 10, true).unwrap(), "a\nb");
        assert_eq!(required("   ", 10, false), Err(TextError::Empty));
    }

    #[test]
    fn inert_strips_sequences_and_invisibles() {
        let table: &[(&str, &str)] = &[
            ("plain 按摩师", "plain 按摩师"),
            ("\u{1b}[2J\u{1b}[1;1Hwiped", "wiped"),
            ("\u{1b}]0;evil title\u{7}job", "job"),
            ("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\", "link"),
            ("a\u{202E}b\u{200B}c", "abc"),
            ("line\r\nbreak\ttab", "line break tab"),
            ("\u{9b}31mred", "red"),
            ("bell\u{7}", "bell"),
            ("\u{1b}Psixel\u{1b}\\after", "after"),
            ("\u{1b}(Bx", "x"),
        ];
        for (input, expected) in table {
            assert_eq!(inert(input), *expected, "{input:?}");
        }
    }
}
