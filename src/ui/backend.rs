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
//! that did not change is not written at all, and a row where only the
//! focus marker changed (a move within a page) gets only its marker: after
//! an arrow key a screen reader reads the row under the cursor, which is
//! whole on screen already.

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
    /// The look the terminal writes with now, if known.
    shown_sgr: Option<Sgr>,
    /// Leading cells that hold the focus marker (see the module comment).
    marker_cells: usize,
}

/// What to write of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Whole,
    /// Only these first cells changed (the focus marker).
    Marker(usize),
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
            shown_sgr: None,
            marker_cells: usize::from(crate::ui::view::MARKER_WIDTH),
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

    /// What changed in a row, if anything.
    fn change(&self, y: usize) -> Option<Change> {
        let (next, shown) = (&self.next[y], &self.shown[y]);
        let last_diff = next.iter().zip(shown).rposition(|(a, b)| a != b)?;
        Some(if last_diff < self.marker_cells {
            Change::Marker(self.marker_cells)
        } else {
            Change::Whole
        })
    }

    /// Writes cells `from..to` of a row with the looks they have, the
    /// cursor being at `from` already.
    fn write_cells(&mut self, line: &mut String, y: usize, from: usize, to: usize) {
        let mut x = from;
        while x < to {
            let cell = &self.next[y][x];
            let sgr = Sgr::of(cell);
            if self.shown_sgr != Some(sgr) {
                sgr.write(line);
                self.shown_sgr = Some(sgr);
            }
            let symbol = cell.symbol();
            line.push_str(if symbol.is_empty() { " " } else { symbol });
            x += symbol.width().max(1);
        }
    }

    /// Writes a row: whole, from column 0 to its last character and the
    /// rest of the line erased where something was there before; or only
    /// its marker.
    fn write_row(&mut self, y: usize, change: Change) -> std::io::Result<()> {
        let mut line = String::with_capacity(self.next[y].len() * 2 + 16);
        line.push_str(&format!("\x1b[{}H", y + 1));
        match change {
            Change::Marker(cells) => {
                let cells = cells.min(self.next[y].len());
                self.write_cells(&mut line, y, 0, cells);
            }
            Change::Whole => {
                let (end, tail) = content_end(&self.next[y]);
                self.write_cells(&mut line, y, 0, end);
                // The rest of the line is erased in the look of its blank
                // cells (where the old row had more, or the look is not
                // plain, as in the high-contrast theme).
                let plain = Sgr::of(&Cell::default());
                if end < self.next[y].len()
                    && (content_end(&self.shown[y]).0 > end || tail != plain)
                {
                    if self.shown_sgr != Some(tail) {
                        tail.write(&mut line);
                        self.shown_sgr = Some(tail);
                    }
                    line.push_str("\x1b[K");
                }
            }
        }
        self.out.write_all(line.as_bytes())
    }
}

/// Where a row's content ends: after its last cell that is not a space in
/// the look of the row's last cell; and that look, which erasing the rest
/// of the line paints.
fn content_end(row: &[Cell]) -> (usize, Sgr) {
    let Some(last) = row.last() else {
        return (0, Sgr::of(&Cell::default()));
    };
    let tail = Sgr::of(last);
    let end = row
        .iter()
        .rposition(|c| !(c.symbol() == " " && Sgr::of(c) == tail))
        .map_or(0, |i| i + 1);
    (end, tail)
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
            let Some(row) = self.next.get_mut(usize::from(y)) else {
                continue;
            };
            let x = usize::from(x);
            if let Some(slot) = row.get_mut(x) {
                *slot = cell.clone();
            }
            // ratatui does not send the cells a wide character covers;
            // they are blank in its buffer, so they are blank here too.
            for covered in x + 1..x + cell.symbol().width() {
                if let Some(slot) = row.get_mut(covered) {
                    *slot = Cell::default();
                }
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
                self.shown_sgr = Some(Sgr::of(&Cell::default()));
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
        let changes: Vec<(usize, Change)> = self
            .reading_order()
            .into_iter()
            .filter_map(|y| self.change(y).map(|c| (y, c)))
            .collect();
        for &(y, change) in &changes {
            self.write_row(y, change)?;
            self.shown[y] = self.next[y].clone();
        }
        // Leave the terminal in its plain look, for whatever comes next.
        let plain = Sgr::of(&Cell::default());
        if self.shown_sgr.is_some_and(|s| s != plain) {
            self.out.write_all(b"\x1b[m")?;
            self.shown_sgr = Some(plain);
        }
        if !changes.is_empty() || self.shown_cursor != Some(self.cursor) {
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
