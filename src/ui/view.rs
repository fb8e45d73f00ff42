//! What a screen shows, as data, and the one function that draws it under
//! the screen-reader contract (DESIGN.md section 2): one column, a heading
//! line, self-contained item lines, the hardware cursor on the focused item,
//! one fixed announcement line, and no decoration.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

use super::theme::Theme;
use crate::domain::text::{inert, is_cjk};
use crate::keymap::Context;

/// What kind of line an item is; decides its key context and its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A line that opens or does something (list rows, menu entries, buttons).
    Row,
    /// A line to read (`Label: value`).
    Text,
    /// An editable text field.
    Field,
    /// An option or yes/no choice in a form.
    Choice,
    /// An error in words, under the field it belongs to.
    Error,
    /// An answer to a yes/no question.
    Answer,
}

impl ItemKind {
    pub fn context(self) -> Context {
        match self {
            ItemKind::Field => Context::Text,
            ItemKind::Choice => Context::Choice,
            ItemKind::Answer => Context::Confirm,
            ItemKind::Row | ItemKind::Text | ItemKind::Error => Context::List,
        }
    }
}

/// One focusable line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub kind: ItemKind,
    /// For fields: where the caret is, in characters into `text`.
    pub caret: Option<usize>,
    /// For choices: the options and which one is chosen (linear mode asks
    /// for them by number).
    pub options: Option<(Vec<String>, usize)>,
}

impl Item {
    pub fn new(kind: ItemKind, text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            kind,
            caret: None,
            options: None,
        }
    }
}

/// A whole screen: its heading and its lines, and which one has focus.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    pub heading: String,
    pub items: Vec<Item>,
    pub focus: usize,
}

impl View {
    pub fn focused(&self) -> Option<&Item> {
        self.items.get(self.focus)
    }

    pub fn context(&self) -> Context {
        self.focused().map_or(Context::List, |i| i.kind.context())
    }
}

/// The marker in front of the focused line, and the indent of the others.
pub const MARKER: &str = "> ";
pub const INDENT: &str = "  ";
const MARKER_WIDTH: u16 = 2;
/// Heading and announcement wrap onto at most this many rows.
const MAX_EDGE_ROWS: usize = 3;

/// A row of wrapped text: its characters' range in the source and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub text: String,
}

/// Splits text into rows of at most `width` display columns, measuring
/// Chinese characters as two (contract rule 11). Breaks after a space where
/// there is one, so English words stay whole; Chinese breaks anywhere.
/// Never returns no rows.
pub fn wrap(text: &str, width: u16) -> Vec<Row> {
    let width = usize::from(width.max(2));
    let chars: Vec<(char, usize)> = text.chars().map(|c| (c, c.width().unwrap_or(0))).collect();
    let mut rows = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut used = 0;
        let mut end = start;
        while end < chars.len() && (used + chars[end].1 <= width || end == start) {
            used += chars[end].1;
            end += 1;
        }
        // In text written with spaces, break after the last space in the
        // row, if that keeps the row from being nearly empty. Where Chinese
        // meets the cut, it may break anywhere.
        if end < chars.len()
            && !is_cjk(chars[end - 1].0)
            && !is_cjk(chars[end].0)
            && let Some(space) = (start + 1..end).rev().find(|&i| chars[i - 1].0 == ' ')
            && space > start + (end - start) / 3
        {
            end = space;
        }
        rows.push(Row {
            start,
            text: chars[start..end].iter().map(|(c, _)| *c).collect(),
        });
        start = end;
    }
    if rows.is_empty() {
        rows.push(Row {
            start: 0,
            text: String::new(),
        });
    }
    rows
}

fn display_width(s: &str) -> u16 {
    s.chars()
        .map(|c| c.width().unwrap_or(0))
        .sum::<usize>()
        .min(usize::from(u16::MAX)) as u16
}

/// Where items go on screen for a given scroll position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub heading: Vec<Row>,
    pub announcement: Vec<Row>,
    pub body: Rect,
}

impl Layout {
    pub fn new(area: Rect, heading: &str, announcement: &str) -> Layout {
        let mut heading = wrap(heading, area.width);
        heading.truncate(MAX_EDGE_ROWS.min(usize::from(area.height.saturating_sub(2)).max(1)));
        let mut announcement = if announcement.is_empty() {
            Vec::new()
        } else {
            wrap(announcement, area.width)
        };
        announcement.truncate(MAX_EDGE_ROWS);
        let top = heading.len() as u16;
        // The announcement line is always reserved, so the body never jumps.
        let bottom = (announcement.len() as u16).max(1);
        let body = Rect {
            x: area.x,
            y: area.y + top,
            width: area.width,
            height: area.height.saturating_sub(top + bottom).max(1),
        };
        Layout {
            heading,
            announcement,
            body,
        }
    }
}

/// Rows an item takes at this width.
pub fn item_rows(item: &Item, width: u16) -> Vec<Row> {
    wrap(&inert(&item.text), width.saturating_sub(MARKER_WIDTH))
}

/// The first item to show so that `focus` is fully visible, moving the old
/// top as little as possible (a stable screen says less).
pub fn scroll_for(items: &[Item], focus: usize, old_top: usize, width: u16, height: u16) -> usize {
    if items.is_empty() {
        return 0;
    }
    let focus = focus.min(items.len() - 1);
    let mut top = old_top.min(focus);
    let heights: Vec<usize> = items.iter().map(|i| item_rows(i, width).len()).collect();
    let height = usize::from(height.max(1));
    while top < focus && heights[top..=focus].iter().sum::<usize>() > height {
        top += 1;
    }
    top
}

/// Draws a view. Every frame sets the cursor (contract rule 1): on the
/// caret of a focused field, else on the first character of the focused
/// line's text, after the marker.
pub fn draw(
    frame: &mut Frame<'_>,
    view: &View,
    scroll_top: usize,
    announcement: &str,
    theme: &Theme,
) {
    let area = frame.area();
    let layout = Layout::new(area, &inert(&view.heading), &inert(announcement));
    let buf = frame.buffer_mut();
    buf.set_style(area, theme.normal);
    for (i, row) in layout.heading.iter().enumerate() {
        buf.set_string(area.x, area.y + i as u16, &row.text, theme.heading);
    }
    let announce_top = area
        .bottom()
        .saturating_sub(layout.announcement.len() as u16);
    for (i, row) in layout.announcement.iter().enumerate() {
        buf.set_string(
            area.x,
            announce_top + i as u16,
            &row.text,
            theme.announcement,
        );
    }
    let cursor = draw_items(buf, layout.body, view, scroll_top, theme);
    let cursor = cursor.unwrap_or(Position::new(area.x, layout.body.y));
    frame.set_cursor_position(cursor);
}

fn draw_items(
    buf: &mut Buffer,
    body: Rect,
    view: &View,
    top: usize,
    theme: &Theme,
) -> Option<Position> {
    let mut y = body.y;
    let mut cursor = None;
    for (index, item) in view.items.iter().enumerate().skip(top) {
        if y >= body.bottom() {
            break;
        }
        let focused = index == view.focus;
        let style = item_style(item.kind, focused, theme);
        let rows = item_rows(item, body.width);
        for (r, row) in rows.iter().enumerate() {
            if y >= body.bottom() {
                break;
            }
            let lead = if focused && r == 0 { MARKER } else { INDENT };
            let lead_style = if focused { style } else { theme.normal };
            buf.set_string(body.x, y, lead, lead_style);
            buf.set_string(body.x + MARKER_WIDTH, y, &row.text, style);
            if focused && r == 0 && cursor.is_none() {
                cursor = Some(Position::new(body.x + MARKER_WIDTH, y));
            }
            y += 1;
        }
        if focused && let Some(caret) = item.caret {
            cursor = caret_position(&rows, caret, body, y - rows.len() as u16).or(cursor);
        }
    }
    cursor
}

fn caret_position(rows: &[Row], caret: usize, body: Rect, first_y: u16) -> Option<Position> {
    let (r, row) = rows
        .iter()
        .enumerate()
        .rev()
        .find(|(_, row)| row.start <= caret)?;
    let col: String = row.text.chars().take(caret - row.start).collect();
    let x = body.x + MARKER_WIDTH + display_width(&col);
    let y = first_y + r as u16;
    // At the very end of a full row the caret sits on the row's last cell.
    let x = x.min(body.right().saturating_sub(1));
    (y < body.bottom()).then_some(Position::new(x, y))
}

fn item_style(kind: ItemKind, focused: bool, theme: &Theme) -> Style {
    let base = match kind {
        ItemKind::Error => theme.error,
        _ => theme.normal,
    };
    if focused {
        base.patch(theme.focus)
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        let rows = wrap("按摩师abc", 5);
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, vec!["按摩", "师abc"]);
        assert_eq!(rows[1].start, 2);
        assert_eq!(wrap("", 10).len(), 1);
        let words: Vec<String> = wrap("Medical massage therapist", 12)
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(words, vec!["Medical ", "massage ", "therapist"]);
        // A word longer than the row is cut.
        assert_eq!(wrap("abcdefgh", 3).len(), 3);
        // Chinese after a Latin word fills the row instead of breaking at
        // the space.
        let mixed: Vec<String> = wrap("jobdesk 每次在光标处显示一行", 16)
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(mixed, vec!["jobdesk 每次在光", "标处显示一行"]);
    }

    #[test]
    fn scrolls_as_little_as_needed() {
        let items: Vec<Item> = (0..20)
            .map(|i| Item::new(ItemKind::Row, format!("row {i}")))
            .collect();
        assert_eq!(scroll_for(&items, 3, 0, 40, 5), 0);
        assert_eq!(scroll_for(&items, 5, 0, 40, 5), 1);
        assert_eq!(scroll_for(&items, 2, 4, 40, 5), 2);
    }
}
