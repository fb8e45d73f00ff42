//! The layer between ratatui and the terminal, written for console screen
//! readers (docs/architecture.md, "The written stream").
//!
//! Speakup, Fenrir and NVDA's new-text reporting speak the characters a
//! program writes. ratatui's own backends write only the cells that changed
//! and jump over equal ones, so a new screen is heard as glued, clipped
//! words, and the crossterm backend moves the cursor before every wide
//! character. This backend keeps ratatui's layout but writes whole rows:
//! every row that changed is written from its first column to its end, with
//! its spaces, in reading order: the heading rows first, then the row of
//! the cursor (the focused item), then the other rows top to bottom. A row
//! that did not change is not written at all.

use std::io::Write;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// A backend that can be told how many rows the heading takes, so that it
/// writes them first. Backends that do not care (tests) ignore it.
pub trait ReadingOrder: Backend {
    fn set_heading_rows(&mut self, _rows: u16) {}
}

impl ReadingOrder for ratatui::backend::TestBackend {}

/// Where the backend learns the terminal's size.
#[derive(Debug, Clone, Copy)]
pub enum SizeSource {
    /// Ask the terminal (the real one).
    Terminal,
    /// A fixed size (tests and benchmarks).
    Fixed(Size),
}

/// Writes whole rows in reading order; see the module comment.
pub struct RowBackend<W: Write> {
    out: W,
    size_source: SizeSource,
    size: Size,
    /// What the terminal shows now.
    shown: Vec<Vec<Cell>>,
    /// What it is to show after the next flush.
    next: Vec<Vec<Cell>>,
    cursor: Position,
    cursor_visible: bool,
    /// Whether the terminal's cursor is known to be visible.
    shown_cursor_visible: Option<bool>,
    heading_rows: u16,
    /// Where the terminal's cursor was left, if known.
    shown_cursor: Option<Position>,
}

impl<W: Write> RowBackend<W> {
    pub fn new(out: W, size_source: SizeSource) -> std::io::Result<Self> {
        let mut backend = RowBackend {
            out,
            size_source,
            size: Size::new(0, 0),
            shown: Vec::new(),
            next: Vec::new(),
            cursor: Position::ORIGIN,
            cursor_visible: true,
            shown_cursor_visible: None,
            heading_rows: 0,
            shown_cursor: None,
        };
        backend.size = backend.query_size()?;
        backend.reset_model();
        Ok(backend)
    }

    /// The writer (tests read what was written).
    pub fn writer(&self) -> &W {
        &self.out
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Tells a fixed-size backend that the terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size_source = SizeSource::Fixed(Size::new(width, height));
    }

    fn query_size(&self) -> std::io::Result<Size> {
        match self.size_source {
            SizeSource::Fixed(size) => Ok(size),
            SizeSource::Terminal => {
                let (w, h) = ratatui::crossterm::terminal::size()?;
                Ok(Size::new(w, h))
            }
        }
    }

    /// Both models blank at the current size: the terminal was cleared.
    fn reset_model(&mut self) {
        let blank = vec![Cell::default(); usize::from(self.size.width)];
        self.shown = vec![blank.clone(); usize::from(self.size.height)];
        self.next = self.shown.clone();
    }

    /// Rows to write, in reading order: heading, cursor row, the rest.
    fn reading_order(&self) -> Vec<usize> {
        let height = self.next.len();
        let heading = usize::from(self.heading_rows).min(height);
        let cursor_row = usize::from(self.cursor.y);
        let mut order: Vec<usize> = (0..heading).collect();
        if cursor_row >= heading && cursor_row < height {
            order.push(cursor_row);
        }
        order.extend((heading..height).filter(|&y| y != cursor_row));
        order
    }

    /// One row, whole: from column 0 to its last character, then the rest
    /// of the line erased if it was not written to.
    fn write_row(&mut self, y: usize) -> std::io::Result<()> {
        let row = &self.next[y];
        let mut line = String::with_capacity(row.len() + 16);
        line.push_str(&format!("\x1b[{}H", y + 1));
        // The blank cells at the end are erased rather than written.
        let end = row
            .iter()
            .rposition(|c| !is_blank(c))
            .map_or(0, |last| last + 1);
        let mut style: Option<Sgr> = None;
        let mut x = 0;
        while x < end {
            let cell = &row[x];
            let sgr = Sgr::of(cell);
            if style != Some(sgr) {
                sgr.write(&mut line);
                style = Some(sgr);
            }
            let symbol = cell.symbol();
            let width = symbol.width().max(1);
            line.push_str(if symbol.is_empty() { " " } else { symbol });
            x += width;
        }
        if end < row.len() {
            let plain = Sgr::of(&Cell::default());
            if style.is_some_and(|s| s != plain) {
                plain.write(&mut line);
                style = Some(plain);
            }
            line.push_str("\x1b[K");
        }
        if style.is_some_and(|s| s != Sgr::of(&Cell::default())) {
            line.push_str("\x1b[m");
        }
        self.out.write_all(line.as_bytes())
    }
}

/// A cell that erasing leaves as it is: a space in the default style.
fn is_blank(cell: &Cell) -> bool {
    cell.symbol() == " "
        && cell.fg == Color::Reset
        && cell.bg == Color::Reset
        && cell.modifier.is_empty()
}

/// The look of a cell, as one SGR sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sgr {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Sgr {
    fn of(cell: &Cell) -> Sgr {
        Sgr {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }

    /// Writes the sequence that sets this look from scratch (it resets
    /// first, so nothing of the previous look stays).
    fn write(self, out: &mut String) {
        let mut codes: Vec<String> = Vec::new();
        for (flag, code) in [
            (Modifier::BOLD, 1),
            (Modifier::DIM, 2),
            (Modifier::ITALIC, 3),
            (Modifier::UNDERLINED, 4),
            (Modifier::SLOW_BLINK, 5),
            (Modifier::RAPID_BLINK, 6),
            (Modifier::REVERSED, 7),
            (Modifier::HIDDEN, 8),
            (Modifier::CROSSED_OUT, 9),
        ] {
            if self.modifier.contains(flag) {
                codes.push(code.to_string());
            }
        }
        if let Some(c) = colour_code(self.fg, false) {
            codes.push(c);
        }
        if let Some(c) = colour_code(self.bg, true) {
            codes.push(c);
        }
        if codes.is_empty() {
            out.push_str("\x1b[m");
            return;
        }
        out.push_str("\x1b[0;");
        out.push_str(&codes.join(";"));
        out.push('m');
    }
}

fn colour_code(colour: Color, background: bool) -> Option<String> {
    let base = if background { 40 } else { 30 };
    let bright = if background { 100 } else { 90 };
    let code = match colour {
        Color::Reset => return None,
        Color::Black => base,
        Color::Red => base + 1,
        Color::Green => base + 2,
        Color::Yellow => base + 3,
        Color::Blue => base + 4,
        Color::Magenta => base + 5,
        Color::Cyan => base + 6,
        Color::Gray => base + 7,
        Color::DarkGray => bright,
        Color::LightRed => bright + 1,
        Color::LightGreen => bright + 2,
        Color::LightYellow => bright + 3,
        Color::LightBlue => bright + 4,
        Color::LightMagenta => bright + 5,
        Color::LightCyan => bright + 6,
        Color::White => bright + 7,
        Color::Indexed(i) => return Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => return Some(format!("{};2;{r};{g};{b}", base + 8)),
    };
    Some(code.to_string())
}

impl<W: Write> ReadingOrder for RowBackend<W> {
    fn set_heading_rows(&mut self, rows: u16) {
        self.heading_rows = rows;
    }
}

impl<W: Write> Backend for RowBackend<W> {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            if let Some(slot) = self
                .next
                .get_mut(usize::from(y))
                .and_then(|row| row.get_mut(usize::from(x)))
            {
                *slot = cell.clone();
            }
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> std::io::Result<()> {
        self.cursor_visible = false;
        Ok(())
    }

    fn show_cursor(&mut self) -> std::io::Result<()> {
        self.cursor_visible = true;
        Ok(())
    }

    fn get_cursor_position(&mut self) -> std::io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> std::io::Result<()> {
        self.cursor = position.into();
        Ok(())
    }

    fn clear(&mut self) -> std::io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> std::io::Result<()> {
        match clear_type {
            ClearType::All => {
                self.size = self.query_size()?;
                self.reset_model();
                self.shown_cursor = None;
                self.out.write_all(b"\x1b[m\x1b[2J")?;
                self.out.flush()
            }
            // ratatui asks for the others only for inline viewports, which
            // jobdesk does not use: clear everything to stay in step.
            _ => self.clear_region(ClearType::All),
        }
    }

    fn size(&self) -> std::io::Result<Size> {
        self.query_size()
    }

    fn window_size(&mut self) -> std::io::Result<WindowSize> {
        let columns_rows = self.query_size()?;
        Ok(WindowSize {
            columns_rows,
            pixels: Size::new(0, 0),
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        // Hide the cursor while rows are written, so it never shows on the
        // way; it comes back on the focused item.
        let changed: Vec<usize> = self
            .reading_order()
            .into_iter()
            .filter(|&y| self.next[y] != self.shown[y])
            .collect();
        if !changed.is_empty() && self.shown_cursor_visible != Some(false) {
            self.out.write_all(b"\x1b[?25l")?;
            self.shown_cursor_visible = Some(false);
        }
        for &y in &changed {
            self.write_row(y)?;
            self.shown[y] = self.next[y].clone();
        }
        if !changed.is_empty() || self.shown_cursor != Some(self.cursor) {
            write!(
                self.out,
                "\x1b[{};{}H",
                self.cursor.y + 1,
                self.cursor.x + 1
            )?;
        }
        if self.shown_cursor_visible != Some(self.cursor_visible) {
            self.out.write_all(if self.cursor_visible {
                b"\x1b[?25h"
            } else {
                b"\x1b[?25l"
            })?;
            self.shown_cursor_visible = Some(self.cursor_visible);
        }
        self.shown_cursor = Some(self.cursor);
        self.out.flush()
    }
}
