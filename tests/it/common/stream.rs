//! What a console screen reader hears: the bytes jobdesk writes, with the
//! escape sequences taken out, row by row as they were written.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use jobdesk::ui::backend::{RowBackend, SizeSource};
use ratatui::Terminal;
use ratatui::layout::Size;

/// What the backend wrote, shared with the test.
#[derive(Clone, Default)]
pub struct Written(pub Rc<RefCell<Vec<u8>>>);

impl std::io::Write for Written {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Written {
    /// Everything written since the last take.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

/// A terminal of `width` x `height` that writes into `out`.
pub fn terminal(width: u16, height: u16, out: &Written) -> Terminal<RowBackend<Written>> {
    let backend =
        RowBackend::new(out.clone(), SizeSource::Fixed(Size::new(width, height))).expect("backend");
    Terminal::new(backend).expect("terminal")
}

/// The text written, one entry per cursor jump or line break: each time
/// the program moves the cursor to a row, a new entry starts. Other escape
/// sequences are removed; what is left is what a screen reader speaks, in
/// order.
pub fn spoken_rows(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut rows = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' || c == '\n' {
            if !current.is_empty() {
                rows.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c != '\u{1b}' {
            current.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                let mut sequence = String::new();
                for c in chars.by_ref() {
                    sequence.push(c);
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
                // A cursor jump to another row starts a new entry.
                if sequence.ends_with('H') && !current.is_empty() {
                    rows.push(std::mem::take(&mut current));
                }
            }
            Some(']') => {
                // Operating system command, up to BEL or ST.
                while let Some(c) = chars.next() {
                    if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    if !current.is_empty() {
        rows.push(current);
    }
    rows
}

/// The screen a terminal shows after these bytes, as rows.
pub fn screen_after(bytes: &[u8], width: u16, height: u16) -> Vec<String> {
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(height).expect("height"),
        std::num::NonZeroU16::new(width).expect("width"),
        0,
    );
    parser.process(bytes);
    parser
        .screen()
        .rows(0, width)
        .map(|r| r.trim_end().to_string())
        .collect()
}
