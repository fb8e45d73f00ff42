//! One item, one row (docs/screen-reader.md rule 2). A console screen reader reads the row under the cursor, so an
//! item that wraps is half heard. Before a view is drawn, every item is made
//! to fit the width: a line to read that is too long is split into several
//! rows, each a sentence or phrase where possible and each saying whose part
//! it is ("Description, 2 of 3: ..."); a row that opens something is cut at
//! a word (or a Chinese character) with "…", its most important words being
//! first; a field shows its label and the part of its value around the
//! caret. The full text of any item is one key away (`read_item`).

use unicode_width::UnicodeWidthChar;

use super::view::{Item, ItemKind, MARKER_WIDTH, View};
use crate::domain::text::{inert, is_cjk};
use crate::i18n::Lang;
use crate::tr;

/// What a cut line ends with.
pub const ELLIPSIS: &str = "…";

/// A view as rows that each fit the width, and how rows map to items.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fitted {
    /// One item per row; `focus` is a row.
    pub view: View,
    /// The item each row comes from.
    pub item_of: Vec<usize>,
    /// Each item's first row.
    pub first_row: Vec<usize>,
}

impl Fitted {
    /// How many rows an item takes.
    pub fn rows_of(&self, item: usize) -> usize {
        let start = self.first_row.get(item).copied().unwrap_or(0);
        let end = self
            .first_row
            .get(item + 1)
            .copied()
            .unwrap_or(self.item_of.len());
        end.saturating_sub(start).max(1)
    }

    /// The row of an item's part (the last part if there are fewer).
    pub fn row(&self, item: usize, part: usize) -> usize {
        let start = self.first_row.get(item).copied().unwrap_or(0);
        start + part.min(self.rows_of(item) - 1)
    }

    /// The item and part a row shows.
    pub fn locate(&self, row: usize) -> (usize, usize) {
        let item = self.item_of.get(row).copied().unwrap_or(0);
        let start = self.first_row.get(item).copied().unwrap_or(0);
        (item, row.saturating_sub(start))
    }
}

/// Display columns of a text, Chinese characters counting two.
pub fn columns(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Fits a view to `width` columns; `part` is which part of the focused
/// item has focus.
pub fn fit(view: &View, width: u16, lang: Lang, part: usize) -> Fitted {
    let room = usize::from(width.saturating_sub(MARKER_WIDTH)).max(1);
    let mut fitted = Fitted {
        view: View {
            heading: view.heading.clone(),
            items: Vec::with_capacity(view.items.len()),
            focus: 0,
        },
        item_of: Vec::with_capacity(view.items.len()),
        first_row: Vec::with_capacity(view.items.len()),
    };
    for (index, item) in view.items.iter().enumerate() {
        fitted.first_row.push(fitted.view.items.len());
        let rows = match item.kind {
            ItemKind::Field => vec![window(item, room)],
            ItemKind::Text | ItemKind::Error | ItemKind::Answer => split(item, room, lang),
            ItemKind::Row | ItemKind::Choice => vec![Item {
                text: cut(&inert(&item.text), room),
                ..item.clone()
            }],
        };
        fitted
            .item_of
            .extend(std::iter::repeat_n(index, rows.len()));
        fitted.view.items.extend(rows);
    }
    if !view.items.is_empty() {
        let focus = view.focus.min(view.items.len() - 1);
        fitted.view.focus = fitted.row(focus, part);
    }
    fitted
}

/// The text cut to `room` columns at a word or a Chinese character, with
/// "…" where something was left out.
pub fn cut(text: &str, room: usize) -> String {
    if columns(text) <= room {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let keep = fitting(&chars, 0, room.saturating_sub(1).max(1));
    // Back off to the end of a word, unless that loses more than half.
    let end = (keep / 2..=keep)
        .rev()
        .find(|&i| i > 0 && boundary(&chars, i))
        .unwrap_or(keep);
    let kept: String = chars[..end].iter().collect();
    let kept = kept.trim_end_matches([' ', ',', '，', '、', ':', '：', ';', '；']);
    format!("{kept}{ELLIPSIS}")
}

/// Whether a line may end before character `i`: after a space or
/// punctuation, or between Chinese characters.
fn boundary(chars: &[char], i: usize) -> bool {
    let (before, after) = (chars[i - 1], chars.get(i).copied().unwrap_or(' '));
    before == ' '
        || after == ' '
        || is_phrase_end(before)
        || is_sentence_end(before)
        || is_cjk(before)
        || is_cjk(after)
}

/// How many characters from `start` fit in `room` columns (at least one).
fn fitting(chars: &[char], start: usize, room: usize) -> usize {
    let mut used = 0;
    let mut end = start;
    while end < chars.len() {
        let w = chars[end].width().unwrap_or(0);
        if used + w > room && end > start {
            break;
        }
        used += w;
        end += 1;
    }
    end - start
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';')
}

fn is_phrase_end(c: char) -> bool {
    matches!(c, '，' | '、' | ',' | '：' | ':' | '）' | ')')
}

/// Splits text into pieces of at most `room` columns, breaking after a
/// sentence where one ends in the piece's last two thirds, else after a
/// phrase, else at a space, else anywhere (Chinese needs no spaces).
pub fn pieces(text: &str, room: usize) -> Vec<String> {
    pieces_with(text, |_| room)
}

/// [`pieces`], with room that depends on the piece's index.
fn pieces_with(text: &str, room: impl Fn(usize) -> usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
        if start == chars.len() {
            break;
        }
        let mut end = start + fitting(&chars, start, room(out.len()));
        if end < chars.len() {
            let least = start + (end - start) / 3;
            let ends_at = |test: &dyn Fn(usize) -> bool| (least + 1..=end).rev().find(|&i| test(i));
            // A full stop counts only after a word and before a space, so
            // "6.5" and a key named "." stay whole.
            let sentence = |i: usize| {
                let c = chars[i - 1];
                is_sentence_end(c)
                    && (!c.is_ascii()
                        || (i >= 2
                            && chars[i - 2] != ' '
                            && chars.get(i).is_none_or(|n| *n == ' ')))
            };
            let phrase = |i: usize| {
                let c = chars[i - 1];
                is_phrase_end(c) && (!c.is_ascii() || chars.get(i).is_none_or(|n| *n == ' '))
            };
            let space = |i: usize| chars[i - 1] == ' ' || chars.get(i) == Some(&' ');
            let between_cjk = |i: usize| is_cjk(chars[i - 1]) || is_cjk(chars[i]);
            if let Some(i) = ends_at(&sentence)
                .or_else(|| ends_at(&phrase))
                .or_else(|| ends_at(&space))
                .or_else(|| (end < chars.len() && between_cjk(end)).then_some(end))
            {
                end = i;
            }
        }
        let piece: String = chars[start..end].iter().collect();
        out.push(piece.trim_end().to_string());
        start = end;
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// A line to read, as one row or as several parts that each say whose
/// part they are.
fn split(item: &Item, room: usize, lang: Lang) -> Vec<Item> {
    let text = inert(&item.text).into_owned();
    if columns(&text) <= room {
        return vec![Item {
            text,
            ..item.clone()
        }];
    }
    let part_item = |text: String| Item {
        text,
        label: None,
        ..item.clone()
    };
    // "12 of 14: Description: value" -> lead "12 of 14: ", name, value.
    let labelled = item.label.as_ref().and_then(|label| {
        let head: String = item.text.chars().take(label.value_start).collect();
        let at = head.rfind(&label.name)?;
        let value: String = item.text.chars().skip(label.value_start).collect();
        Some((
            inert(&head[..at]).into_owned(),
            inert(&label.name).into_owned(),
            inert(&value).into_owned(),
        ))
    });
    let (lead, name, value) = match &labelled {
        Some((lead, name, value)) => (lead.as_str(), Some(name.as_str()), value.as_str()),
        None => ("", None, text.as_str()),
    };
    // The first part says whose it is in full ("Description, 1 of 3: ");
    // the others too where there is room, else "2/3: " so the value keeps
    // most of the row on a narrow screen.
    // Where even the first part's full prefix would leave the value no
    // room after the lead, it says "Posted, 1/2: " instead.
    let compact_first = name.is_some_and(|name| {
        let full = tr!(lang, "common.part_of", label = name, n = 9, total = 9);
        columns(lead) + columns(&full) + 6 > room
    });
    let prefix = |n: usize, total: usize, short: bool| match name {
        _ if short && n > 1 => tr!(lang, "common.part_short", n = n, total = total),
        Some(name) if short && compact_first => {
            tr!(
                lang,
                "common.part_of_short",
                label = name,
                n = n,
                total = total
            )
        }
        Some(name) => tr!(lang, "common.part_of", label = name, n = n, total = total),
        None => tr!(lang, "common.part", n = n, total = total),
    };
    let short = compact_first || columns(&prefix(99, 99, false)) * 2 > room;
    // With ten parts or more the numbers take more columns: guess the
    // count's digits, and guess again if it was too few.
    let mut most = 9;
    loop {
        // Where the first row has almost no room after its lead and label
        // (40 columns), the value starts on the second part.
        let first_room = room.saturating_sub(columns(lead) + columns(&prefix(1, most, short)));
        let label_alone = first_room < 6;
        let later_room = room
            .saturating_sub(columns(&prefix(most, most, short)))
            .max(2);
        let mut parts = if label_alone {
            vec![String::new()]
        } else {
            Vec::new()
        };
        let skip = parts.len();
        parts.extend(pieces_with(value, |i| {
            if i + skip == 0 {
                first_room.max(2)
            } else {
                later_room
            }
        }));
        if parts.len() <= most || most >= 999 {
            let total = parts.len();
            return parts
                .into_iter()
                .enumerate()
                .map(|(i, piece)| {
                    let lead = if i == 0 { lead } else { "" };
                    let line = format!("{lead}{}{piece}", prefix(i + 1, total, short));
                    part_item(cut(line.trim_end(), room))
                })
                .collect();
        }
        most = most * 10 + 9;
    }
}

/// A field as one row: its label, then as much of the value as fits
/// around the caret, with "…" where some is out of sight.
fn window(item: &Item, room: usize) -> Item {
    if columns(&item.text) <= room {
        return item.clone();
    }
    let chars: Vec<char> = item.text.chars().collect();
    let value_start = item
        .label
        .as_ref()
        .map(|l| l.value_start.min(chars.len()))
        .unwrap_or(0);
    let caret = item
        .caret
        .unwrap_or(chars.len())
        .clamp(value_start, chars.len());
    let mut label: String = chars[..value_start].iter().collect();
    // A label that would leave the value too little room is cut, keeping
    // its ": " ("Certificate number (needed…: …1111" at 40 columns).
    let least_value = 12.min(room / 2);
    if columns(&label) + least_value > room {
        let name = label.trim_end_matches([' ', ':', '：']);
        let separator = label[name.len()..].to_string();
        let name_room = room
            .saturating_sub(least_value + columns(&separator))
            .max(4);
        label = format!("{}{separator}", cut(name, name_room));
    }
    let ellipsis = columns(ELLIPSIS);
    // Keep room for the label, an ellipsis on each side and the caret cell.
    let room_for_value = room
        .saturating_sub(columns(&label) + 2 * ellipsis + 1)
        .max(1);
    let width = |from: usize, to: usize| -> usize {
        chars[from..to].iter().map(|c| c.width().unwrap_or(0)).sum()
    };
    let mut from = caret;
    while from > value_start && width(from - 1, caret) <= room_for_value {
        from -= 1;
    }
    let mut to = caret;
    while to < chars.len() && width(from, to + 1) <= room_for_value {
        to += 1;
    }
    let mut text = label;
    if from > value_start {
        text.push_str(ELLIPSIS);
    }
    let new_caret = text.chars().count() + (caret - from);
    text.extend(&chars[from..to]);
    if to < chars.len() {
        text.push_str(ELLIPSIS);
    }
    Item {
        text,
        caret: Some(new_caret),
        ..item.clone()
    }
}

/// The first row to show so that `focus` is on screen: the rows go by
/// whole pages, so moving within a page changes two rows and moving past
/// its end turns to the next page.
pub fn page_top(old_top: usize, focus: usize, height: usize) -> usize {
    let height = height.max(1);
    if focus >= old_top && focus < old_top + height {
        old_top
    } else {
        focus / height * height
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_item(text: &str) -> Item {
        Item::new(ItemKind::Text, text)
    }

    #[test]
    fn long_lines_split_into_labelled_parts_that_fit() {
        let text = "12 of 14: Description: Record audiobooks at home. Training is given. Pay is by the finished hour, and a microphone is lent.";
        let item = text_item(text).labelled("Description", "12 of 14: Description: ".len());
        let view = View {
            heading: "Job".into(),
            items: vec![item],
            focus: 0,
        };
        for width in [40u16, 60, 80] {
            let fitted = fit(&view, width, Lang::En, 0);
            let rows: Vec<&str> = fitted.view.items.iter().map(|i| i.text.as_str()).collect();
            assert!(rows.len() > 1, "{rows:?}");
            assert!(
                rows[0].starts_with("12 of 14: Description, 1 of "),
                "{rows:?}"
            );
            let second = if width < 60 {
                "2/"
            } else {
                "Description, 2 of "
            };
            assert!(rows[1].starts_with(second), "{rows:?}");
            for row in &rows {
                assert!(columns(row) <= usize::from(width) - 2, "{row:?} at {width}");
            }
            // Nothing is lost: the parts, less their prefixes, are the value.
            let value: Vec<String> = rows
                .iter()
                .map(|r| {
                    let r = r.trim_start_matches("12 of 14: ");
                    // Every prefix ends with its row's first ": ".
                    r.split_once(": ").map_or("", |(_, v)| v).to_string()
                })
                .collect();
            assert_eq!(
                value.join(" "),
                text.trim_start_matches("12 of 14: Description: ")
            );
        }
    }

    #[test]
    fn narrow_rows_keep_every_word_of_a_labelled_value() {
        for (lead, label, value) in [
            ("6 of 15: ", "Salary a month", "5,000 to 8,000 yuan"),
            ("11 of 15: ", "Applications close", "20 Dec 2026"),
        ] {
            let text = format!("{lead}{label}: {value}");
            let item = text_item(&text).labelled(label, lead.len() + label.len() + 2);
            let rows = split(&item, 38, Lang::En);
            let joined: Vec<String> = rows
                .iter()
                .map(|r| r.text.trim_start_matches(lead).to_string())
                .map(|r| {
                    r.split_once(": ")
                        .map_or(String::new(), |(_, v)| v.to_string())
                })
                .filter(|v| !v.is_empty())
                .collect();
            assert_eq!(joined.join(" "), value, "{rows:?}");
            assert!(rows.iter().all(|r| !r.text.contains(ELLIPSIS)), "{rows:?}");
        }
    }

    #[test]
    fn a_chinese_labelled_date_fits_forty_columns_with_its_label() {
        let (lead, label, value) = ("第10条，共15条：", "发布日期", "2026年11月28日");
        let text = format!("{lead}{label}：{value}");
        let start = lead.chars().count() + label.chars().count() + 1;
        let item = text_item(&text).labelled(label, start);
        let rows = split(&item, 38, Lang::ZhCn);
        assert!(
            rows[0].text.starts_with("第10条，共15条：发布日期，1/"),
            "{rows:?}"
        );
        assert!(rows.iter().all(|r| !r.text.contains(ELLIPSIS)), "{rows:?}");
        let joined: String = rows
            .iter()
            .map(|r| r.text.rsplit_once('：').map_or("", |(_, v)| v))
            .collect();
        assert_eq!(joined, value, "{rows:?}");
    }

    #[test]
    fn chinese_splits_after_sentences_and_phrases() {
        let parts = pieces(
            "在家录制有声读物。提供培训，按完成的小时计酬，出借麦克风。",
            20,
        );
        assert_eq!(parts[0], "在家录制有声读物。");
        for p in &parts {
            assert!(columns(p) <= 20, "{p}");
        }
        assert_eq!(
            parts.concat(),
            "在家录制有声读物。提供培训，按完成的小时计酬，出借麦克风。"
        );
    }

    #[test]
    fn a_key_named_full_stop_is_not_the_end_of_a_sentence() {
        let parts = pieces(
            "0 goes back; * says it again, . lists the keys, / says where",
            40,
        );
        assert!(!parts.iter().any(|p| p.ends_with(" .")), "{parts:?}");
    }

    #[test]
    fn rows_are_cut_at_a_word_with_an_ellipsis() {
        let cut_row = cut(
            "3 of 40: Medical massage therapist, 6,000 to 8,000 yuan",
            30,
        );
        assert_eq!(cut_row, "3 of 40: Medical massage…");
        assert!(
            columns(&cut(
                "第3条，共40条：医疗按摩师，6000至8000元，12月20日截止",
                20
            )) <= 20
        );
        assert_eq!(cut("short", 30), "short");
    }

    #[test]
    fn a_long_field_keeps_its_label_and_shows_the_caret() {
        let value = "a".repeat(100);
        let item = Item {
            caret: Some(6 + 100),
            ..Item::new(ItemKind::Field, format!("Note: {value}"))
        }
        .labelled("Note", 6);
        let shown = window(&item, 38);
        assert!(shown.text.starts_with("Note: …"), "{}", shown.text);
        assert!(columns(&shown.text) <= 38);
        assert_eq!(shown.caret, Some(shown.text.chars().count()));
    }

    #[test]
    fn pages_turn_instead_of_scrolling() {
        assert_eq!(page_top(0, 5, 10), 0);
        assert_eq!(page_top(0, 10, 10), 10);
        assert_eq!(page_top(10, 9, 10), 0);
        assert_eq!(page_top(3, 12, 10), 3);
    }

    #[test]
    fn focus_and_parts_map_both_ways() {
        let long = "x ".repeat(60);
        let view = View {
            heading: String::new(),
            items: vec![text_item("one"), text_item(&long), text_item("three")],
            focus: 1,
        };
        let fitted = fit(&view, 40, Lang::En, 1);
        let parts = fitted.rows_of(1);
        assert!(parts >= 2);
        assert_eq!(fitted.view.focus, 2);
        assert_eq!(fitted.locate(2), (1, 1));
        assert_eq!(fitted.row(2, 0), 1 + parts);
    }
}
