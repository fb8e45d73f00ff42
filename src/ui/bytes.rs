//! What the written stream is made of: cursor moves, looks (SGR), erasing,
//! other escapes and text. Pure; the byte tests, the UI benchmark and
//! `examples/ui_bytes.rs` use it to say where the bytes of a key go.

use std::fmt;

/// Bytes of a stream (or the sum of several), by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Breakdown {
    /// How many streams were added up.
    pub streams: usize,
    pub total: usize,
    /// Cursor moves (`CSI ... H`, `A` to `D`, `G`) and line breaks.
    pub cursor_moves: usize,
    /// Looks (`CSI ... m`).
    pub sgr: usize,
    /// Erasing (`CSI K`, `CSI 2J`).
    pub erase: usize,
    /// Other escapes (showing or hiding the cursor).
    pub other_escapes: usize,
    /// Text: what a screen reader speaks.
    pub text: usize,
    /// Of the text, spaces.
    pub spaces: usize,
}

impl Breakdown {
    pub fn of(bytes: &[u8]) -> Breakdown {
        let mut b = Breakdown {
            streams: 1,
            total: bytes.len(),
            ..Breakdown::default()
        };
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                0x1b if bytes.get(i + 1) == Some(&b'[') => {
                    let start = i;
                    i += 2;
                    while i < bytes.len() && !(0x40..=0x7e).contains(&bytes[i]) {
                        i += 1;
                    }
                    let last = bytes.get(i).copied();
                    i = (i + 1).min(bytes.len());
                    let len = i - start;
                    match last {
                        Some(b'H' | b'A'..=b'D' | b'G') => b.cursor_moves += len,
                        Some(b'm') => b.sgr += len,
                        Some(b'K' | b'J') => b.erase += len,
                        _ => b.other_escapes += len,
                    }
                }
                0x1b => {
                    b.other_escapes += 1;
                    i += 1;
                }
                b'\r' | b'\n' => {
                    b.cursor_moves += 1;
                    i += 1;
                }
                c => {
                    b.text += 1;
                    if c == b' ' {
                        b.spaces += 1;
                    }
                    i += 1;
                }
            }
        }
        b
    }

    pub fn add(&mut self, other: &Breakdown) {
        self.streams += other.streams;
        self.total += other.total;
        self.cursor_moves += other.cursor_moves;
        self.sgr += other.sgr;
        self.erase += other.erase;
        self.other_escapes += other.other_escapes;
        self.text += other.text;
        self.spaces += other.spaces;
    }

    /// The mean of the streams added up.
    pub fn mean(&self) -> Breakdown {
        let n = self.streams.max(1);
        Breakdown {
            streams: 1,
            total: self.total / n,
            cursor_moves: self.cursor_moves / n,
            sgr: self.sgr / n,
            erase: self.erase / n,
            other_escapes: self.other_escapes / n,
            text: self.text / n,
            spaces: self.spaces / n,
        }
    }

    /// Escape sequences and line breaks: everything that is not text.
    pub fn escapes(&self) -> usize {
        self.total - self.text
    }
}

impl fmt::Display for Breakdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |n: usize| n * 100 / self.total.max(1);
        write!(
            f,
            "{} bytes: text {} ({}%, {} of it spaces), cursor moves {} ({}%), SGR {} ({}%), \
             erase {}, other escapes {}",
            self.total,
            self.text,
            pct(self.text),
            self.spaces,
            self.cursor_moves,
            pct(self.cursor_moves),
            self.sgr,
            pct(self.sgr),
            self.erase,
            self.other_escapes
        )?;
        if self.streams > 1 {
            write!(f, " (over {} streams)", self.streams)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_is_split_into_moves_looks_erasing_and_text() {
        let b = Breakdown::of("\x1b[3H\x1b[0;1mHi 你\x1b[K\r\n\x1b[?25h\x1b[B".as_bytes());
        assert_eq!(b.cursor_moves, 4 + 2 + 3);
        assert_eq!(b.sgr, 6);
        assert_eq!(b.erase, 3);
        assert_eq!(b.other_escapes, 6);
        assert_eq!(b.text, 6);
        assert_eq!(b.spaces, 1);
        assert_eq!(b.total, 30);
        assert_eq!(b.escapes(), 24);
    }
}
