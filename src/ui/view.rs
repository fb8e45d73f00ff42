//! What a screen shows, as data, and the one function that draws it under
//! the screen-reader contract (docs/screen-reader.md): one column, a heading
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
    /// The label in front of the value, for `Label: value` lines and
    /// fields: a long value is split (or, in a field, shown around the
    /// caret) behind it, so every row still says what it belongs to.
    pub label: Option<Label>,
}

/// Where a line's value starts, and what its label is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub name: String,
    /// Characters into the text where the value starts.
    pub value_start: usize,
}

impl Item {
    pub fn new(kind: ItemKind, text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            kind,
            caret: None,
            options: None,
            label: None,
        }
    }

    /// The same line with its label marked.
    pub fn labelled(self, name: impl Into<String>, value_start: usize) -> Self {
        Item {
            label: Some(Label {
                name: name.into(),
                value_start,
            }),
            ..self
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
pub const MARKER_WIDTH: u16 = 2;
/// Heading and announcement wrap onto at most this many rows.
const MAX_EDGE_ROWS: usize = 3;
/// Rows kept for the announcement even when it is shorter, so that the
/// body, and with it the page of items, does not change with every
/// message.
pub const ANNOUNCEMENT_ROWS: u16 = 2;

/// A row of wrapped text: its characters' range in the source and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub text: String,
}

/// Splits text into rows of at most `width` display columns, measuring
/// Chinese characters as two (docs/screen-reader.md rule 11). Breaks after a space where
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
        // The announcement lines are always reserved, so the body does not
        // jump (on very small terminals, one line).
        let reserved = if area.height >= 10 {
            ANNOUNCEMENT_ROWS
        } else {
            1
        };
        let bottom = (announcement.len() as u16).max(reserved);
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

/// Draws a view whose items are each one row (see [`super::fit`]). Every
/// frame sets the cursor (docs/screen-reader.md rule 1): on the caret of a focused
/// field, else on the first character of the focused line's text, after
/// the marker.
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
    let mut cursor = None;
    let room = usize::from(body.width.saturating_sub(MARKER_WIDTH));
    for (y, (index, item)) in (body.y..body.bottom()).zip(view.items.iter().enumerate().skip(top)) {
        let focused = index == view.focus;
        let style = item_style(item.kind, focused && theme.focus_whole_row, theme);
        let lead = if focused { MARKER } else { INDENT };
        let lead_style = if focused {
            theme.normal.patch(theme.focus)
        } else {
            theme.normal
        };
        buf.set_string(body.x, y, lead, lead_style);
        // Items come fitted; the cut here only guards the edge.
        buf.set_stringn(body.x + MARKER_WIDTH, y, &item.text, room, style);
        if focused {
            cursor = Some(match item.caret {
                Some(caret) => caret_position(&item.text, caret, body, y),
                None => Position::new(body.x + MARKER_WIDTH, y),
            });
        }
    }
    cursor
}

fn caret_position(text: &str, caret: usize, body: Rect, y: u16) -> Position {
    let before: String = text.chars().take(caret).collect();
    let x = body.x + MARKER_WIDTH + display_width(&before);
    // At the very end of a full row the caret sits on the row's last cell.
    Position::new(x.min(body.right().saturating_sub(1)), y)
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
}
