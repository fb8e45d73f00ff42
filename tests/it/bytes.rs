//! What a console screen reader hears (docs/screen-reader.md rule 4): the bytes written
//! to the terminal, escapes removed, read as the screen: the heading, then
//! the focused row, then the other rows, each whole; a move writes the two
//! rows concerned; pages turn instead of scrolling.

use crate::common;
use crate::common::Harness;
use crate::common::stream::{Written, screen_after, spoken_rows, terminal};
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::ui::backend::RowBackend;
use jobdesk::ui::theme::Theme;
use jobdesk::ui::view::{Item, ItemKind, View, draw};

fn harness(
    lang: Lang,
    width: u16,
    height: u16,
    jobs: u32,
) -> (Harness<RowBackend<Written>>, Written) {
    let (dir, store, report) = common::seeded(lang, jobs);
    let out = Written::default();
    let h = Harness::on_terminal(
        terminal(width, height, &out),
        dir,
        store,
        report.me,
        common::settings(lang),
        Keymap::default_keys(),
    );
    (h, out)
}

fn cursor_row(h: &mut Harness<RowBackend<Written>>) -> usize {
    usize::from(h.terminal.get_cursor_position().expect("cursor").y)
}

fn hundred_rows(focus: usize) -> View {
    View {
        heading: "Test list, 100 rows".into(),
        items: (0..100)
            .map(|i| {
                Item::new(
                    ItemKind::Row,
                    format!("{} of 100: row number {} of the list", i + 1, i + 1),
                )
            })
            .collect(),
        focus,
    }
}

#[test]
fn a_move_in_a_drawn_list_writes_only_the_two_markers_or_with_a_row_highlight_the_two_rows() {
    for (theme, expected) in [
        (Theme::default_theme(), vec!["> ", "  "]),
        (
            Theme::high_contrast(),
            vec![
                "> 6 of 100: row number 6 of the list",
                "  5 of 100: row number 5 of the list",
            ],
        ),
    ] {
        let out = Written::default();
        let mut t = terminal(80, 24, &out);
        t.draw(|f| draw(f, &hundred_rows(4), 0, "", &theme))
            .expect("draw");
        let mut all = out.take();
        t.draw(|f| draw(f, &hundred_rows(5), 0, "", &theme))
            .expect("draw");
        let bytes = out.take();
        all.extend_from_slice(&bytes);
        let spoken = spoken_rows(&bytes);
        assert_eq!(spoken, expected, "{:?}", String::from_utf8_lossy(&bytes));
        // The row under the cursor says the item whole.
        let screen = screen_after(&all, 80, 24);
        assert_eq!(screen[6], "> 6 of 100: row number 6 of the list");
        assert_eq!(screen[5], "  5 of 100: row number 5 of the list");
        // The same frame again writes nothing at all.
        t.draw(|f| draw(f, &hundred_rows(5), 0, "", &theme))
            .expect("draw");
        assert!(out.take().is_empty());
    }
}

#[test]
fn opening_the_job_list_reads_heading_then_focused_row_then_the_rest() {
    for lang in [Lang::En, Lang::ZhCn] {
        for (width, height) in [(80, 24), (40, 12), (120, 30)] {
            let (mut h, out) = harness(lang, width, height, 40);
            let mut all = out.take();
            h.key("enter");
            let bytes = out.take();
            all.extend_from_slice(&bytes);
            let screen = screen_after(&all, width, height);
            let spoken = spoken_rows(&bytes);
            let heading = usize::from(h.app.heading_rows());
            let focus = cursor_row(&mut h);
            let context = format!(
                "{lang:?} {width}x{height}: {spoken:#?}\nscreen:\n{}",
                screen.join("\n")
            );
            // The heading first, each row whole.
            for (i, row) in screen.iter().enumerate().take(heading) {
                assert_eq!(spoken[i].trim_end(), row, "{context}");
            }
            // Then the focused row, whole, with its marker.
            assert!(screen[focus].starts_with("> "), "{context}");
            assert_eq!(spoken[heading].trim_end(), screen[focus], "{context}");
            // Then the other rows, top to bottom, each verbatim: every row
            // written is a row of the screen, spaces and all.
            let rest: Vec<&str> = spoken[heading + 1..].iter().map(|r| r.trim_end()).collect();
            let mut expected: Vec<&str> = screen
                .iter()
                .enumerate()
                .filter(|(i, r)| *i >= heading && *i != focus && !r.is_empty())
                .map(|(_, r)| r.as_str())
                .collect();
            let written: Vec<&str> = rest.iter().copied().filter(|r| !r.is_empty()).collect();
            expected.retain(|r| !r.is_empty());
            assert_eq!(written, expected, "{context}");
            if (width, height) == (80, 24) {
                eprintln!("opening the job list ({lang:?}, 80x24) is heard as:");
                for row in &spoken {
                    eprintln!("  {row:?}");
                }
            }
        }
    }
}

#[test]
fn a_down_key_writes_two_markers_and_leaves_the_focused_row_whole_under_the_cursor() {
    for lang in [Lang::En, Lang::ZhCn] {
        let (mut h, out) = harness(lang, 80, 24, 40);
        let mut all = out.take();
        h.key("enter");
        h.key("down");
        all.extend_from_slice(&out.take());
        h.key("down");
        let bytes = out.take();
        all.extend_from_slice(&bytes);
        assert_eq!(spoken_rows(&bytes), vec!["> ", "  "]);
        let screen = screen_after(&all, 80, 24);
        let row = &screen[cursor_row(&mut h)];
        let focused = h.app.display().view.focused().map(|i| i.text.clone());
        assert_eq!(Some(row[2..].trim_end().to_string()), focused);
        assert!(h.app.utterance().contains(if lang == Lang::En {
            "3 of 40"
        } else {
            "第3条"
        }));
        eprintln!(
            "a Down key in the job list ({lang:?}) wrote {} bytes",
            bytes.len()
        );
    }
}

/// Bytes for each of `keys` Down presses in the job list.
fn bytes_per_down(lang: Lang, jobs: u32, keys: usize) -> Vec<usize> {
    let (mut h, out) = harness(lang, 80, 24, jobs);
    h.key("enter");
    h.key("down");
    out.take();
    (0..keys)
        .map(|_| {
            h.key("down");
            out.take().len()
        })
        .collect()
}

#[test]
fn a_hundred_downs_write_under_200_bytes_a_key_with_page_turns() {
    for lang in [Lang::En, Lang::ZhCn] {
        let sizes = bytes_per_down(lang, 1000, 100);
        let total: usize = sizes.iter().sum();
        let mean = total / sizes.len();
        let turns: Vec<usize> = sizes.iter().copied().filter(|b| *b > 300).collect();
        let in_page: Vec<usize> = sizes.iter().copied().filter(|b| *b <= 300).collect();
        let in_page_mean = in_page.iter().sum::<usize>() / in_page.len().max(1);
        eprintln!(
            "{lang:?}: 100 Downs in the job list at 80x24 wrote {total} bytes, {mean} a key; \
             {} page turns ({turns:?} bytes), {in_page_mean} bytes a move within a page",
            turns.len()
        );
        assert!(turns.len() >= 4, "the pages did not turn: {sizes:?}");
        assert!(mean <= 200, "{lang:?}: {mean} bytes a key: {sizes:?}");
    }
}

#[test]
fn nothing_is_written_while_idle() {
    let (mut h, out) = harness(Lang::En, 80, 24, 40);
    h.key("enter");
    out.take();
    // A frame without a change (what a resize to the same size or a tick
    // would cause) writes nothing.
    h.terminal.draw(|f| h.app.draw(f)).expect("draw");
    assert!(out.take().is_empty());
}

/// The rows a fresh full drawing of the app gives (what the terminal must
/// show), wide characters counted once.
fn drawn(h: &Harness<RowBackend<Written>>, width: u16, height: u16) -> Vec<String> {
    let mut fresh = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("terminal");
    fresh.draw(|f| h.app.draw(f)).expect("draw");
    common::buffer_rows(fresh.backend().buffer())
}

#[test]
fn the_terminal_shows_exactly_what_was_drawn_on_every_screen() {
    for lang in [Lang::En, Lang::ZhCn] {
        for (width, height) in [(80, 24), (40, 12)] {
            let (mut h, out) = harness(lang, width, height, 40);
            let mut all = out.take();
            let mut check = |h: &mut Harness<RowBackend<Written>>, key: &str| {
                h.key(key);
                all.extend_from_slice(&out.take());
                let shown = screen_after(&all, width, height);
                let expected = drawn(h, width, height);
                assert_eq!(shown, expected, "{lang:?} {width}x{height} after {key}");
            };
            let entries = h.app.view().items.len();
            for entry in 0..entries.saturating_sub(1) {
                check(&mut h, "alt-h");
                for _ in 0..entry {
                    check(&mut h, "down");
                }
                for key in [
                    "enter", "down", "enter", "down", "down", "pagedown", "esc", "up",
                ] {
                    check(&mut h, key);
                }
            }
        }
    }
}

#[test]
fn page_keys_and_moves_past_the_ends_say_the_page() {
    let (mut h, _out) = harness(Lang::En, 80, 24, 1000);
    h.key("enter");
    h.key("pagedown");
    assert_eq!(h.app.announcement(), "Page 2.");
    assert!(h.app.view().heading.contains("Page 2 of"));
    h.key("pageup");
    assert_eq!(h.app.announcement(), "Page 1.");
    // Down past the last result of the page turns to the next page, on
    // its first result; Up past that goes back to the last one.
    h.key("ctrl-end");
    let last = h.app.utterance();
    h.key("down");
    assert_eq!(h.app.announcement(), "Page 2.");
    // 19 results fill a page at 80x24 (heading 1 row, message 2, search
    // and filters 2).
    assert!(
        h.app.utterance().starts_with("20 of 1000"),
        "{}",
        h.app.utterance()
    );
    h.key("up");
    assert_eq!(h.app.announcement(), "Page 1.");
    assert_eq!(h.app.utterance(), last);
    // Ctrl+Home on the first line says so.
    h.key("ctrl-home");
    h.key("ctrl-home");
    assert_eq!(h.app.announcement(), "Already on the first line.");
}

/// What 100 Down keys from the top of the job list write, key by key, with
/// whether the key turned a page (the heading says another page).
fn downs_with_turns(lang: Lang, width: u16, height: u16, jobs: u32) -> Vec<(usize, bool)> {
    let (mut h, out) = harness(lang, width, height, jobs);
    let mut all = out.take();
    h.key("enter");
    let opened = out.take();
    all.extend_from_slice(&opened);
    let mut before = screen_after(&all, width, height);
    let mut keys = Vec::new();
    for key in 0..100 {
        let heading = h.app.view().heading.clone();
        h.key("down");
        let bytes = out.take();
        all.extend_from_slice(&bytes);
        let turned = h.app.view().heading != heading;
        let context = format!(
            "{lang:?} {width}x{height}, Down {}: {:?}",
            key + 1,
            String::from_utf8_lossy(&bytes)
        );
        // The terminal shows what was drawn, the cursor where it was put.
        let mut parser = vt100::Parser::new(
            std::num::NonZeroU16::new(height).expect("height"),
            std::num::NonZeroU16::new(width).expect("width"),
            0,
        );
        parser.process(&all);
        let shown: Vec<String> = parser
            .screen()
            .rows(0, width)
            .map(|r| r.trim_end().to_string())
            .collect();
        assert_eq!(shown, drawn(&h, width, height), "{context}");
        let cursor = h.terminal.get_cursor_position().expect("cursor");
        assert_eq!(
            parser.screen().cursor_position(),
            (cursor.y, cursor.x),
            "{context}"
        );
        let spoken = spoken_rows(&bytes);
        let focus = cursor_row(&mut h);
        if turned || bytes.len() > 100 {
            // A page turn (or a redrawn list): the heading rows that
            // changed, then the focused row, each whole, before the rest.
            let heading_rows = usize::from(h.app.heading_rows());
            let mut first: Vec<&str> = (0..heading_rows)
                .filter(|&y| shown[y] != before[y] && !shown[y].is_empty())
                .map(|y| shown[y].as_str())
                .collect();
            first.push(shown[focus].as_str());
            let heard: Vec<&str> = spoken
                .iter()
                .take(first.len())
                .map(|r| r.trim_end())
                .collect();
            assert_eq!(heard, first, "{context}");
        } else {
            assert_eq!(spoken, vec!["> ", "  "], "{context}");
        }
        before = shown;
        keys.push((bytes.len(), turned));
    }
    keys
}

#[test]
fn a_hundred_downs_with_page_turns_write_at_most_200_bytes_a_key_in_both_languages_and_sizes() {
    for lang in [Lang::En, Lang::ZhCn] {
        for (width, height) in [(80, 24), (40, 12)] {
            let keys = downs_with_turns(lang, width, height, 3000);
            let mean = |turned: bool| {
                let of: Vec<usize> = keys.iter().filter(|k| k.1 == turned).map(|k| k.0).collect();
                (of.iter().sum::<usize>() / of.len().max(1), of.len())
            };
            let ((in_page, _), (turn, turns)) = (mean(false), mean(true));
            let overall = keys.iter().map(|k| k.0).sum::<usize>() / keys.len();
            eprintln!(
                "{lang:?} {width}x{height}: {overall} bytes a Down key over 100 keys; \
                 {in_page} a move within a page, {turn} a page turn ({turns} turns)"
            );
            assert!(
                turns >= 4,
                "{lang:?} {width}x{height}: the pages did not turn"
            );
            assert!(
                overall <= 200,
                "{lang:?} {width}x{height}: {overall} bytes a key: {keys:?}"
            );
            // A move within a page: the two markers and two jumps.
            assert!(in_page <= 30, "{lang:?} {width}x{height}: {in_page}");
        }
    }
}
