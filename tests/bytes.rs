//! A Down key rewrites only the two lines whose focus changed (contract
//! rule 4), measured on the bytes a real terminal backend writes.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::ui::theme::Theme;
use jobdesk::ui::view::{Item, ItemKind, View, draw};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// What the backend wrote, shared with the test.
#[derive(Clone, Default)]
struct Written(Rc<RefCell<Vec<u8>>>);

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
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

fn vec_terminal(w: u16, h: u16, out: &Written) -> Terminal<CrosstermBackend<Written>> {
    Terminal::with_options(
        CrosstermBackend::new(out.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .expect("terminal")
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

/// The bytes one frame writes after the one before it.
fn frame_bytes(
    terminal: &mut Terminal<CrosstermBackend<Written>>,
    out: &Written,
    view: &View,
) -> Vec<u8> {
    out.take();
    terminal
        .draw(|f| draw(f, view, 0, "", &Theme::default_theme()))
        .expect("draw");
    out.take()
}

#[test]
fn a_down_key_in_a_100_row_list_writes_only_the_two_changed_lines() {
    let out = Written::default();
    let mut terminal = vec_terminal(80, 24, &out);
    frame_bytes(&mut terminal, &out, &hundred_rows(4));
    let bytes = frame_bytes(&mut terminal, &out, &hundred_rows(5));
    let text = String::from_utf8_lossy(&bytes);
    // The two lines whose focus changed are written...
    assert!(
        text.contains("5 of 100") || text.contains("row number 5"),
        "{text:?}"
    );
    assert!(
        text.contains("6 of 100") || text.contains("row number 6"),
        "{text:?}"
    );
    // ...and no other line, nor the heading.
    for other in (1..=22).filter(|n| *n != 5 && *n != 6) {
        assert!(
            !text.contains(&format!("{other} of 100")),
            "row {other} rewritten: {text:?}"
        );
    }
    assert!(!text.contains("Test list"));
    eprintln!("a Down key wrote {} bytes", bytes.len());
    assert!(bytes.len() < 300, "{} bytes: {text:?}", bytes.len());
    // The same frame again writes nothing but the cursor position.
    let again = frame_bytes(&mut terminal, &out, &hundred_rows(5));
    assert!(again.len() < 60, "{:?}", String::from_utf8_lossy(&again));
}

#[test]
fn a_down_key_in_the_job_list_rewrites_two_items_only() {
    let (dir, store, report) = common::seeded(Lang::En, 40);
    let out = Written::default();
    let mut h = common::Harness::on_terminal(
        vec_terminal(100, 30, &out),
        dir,
        store,
        report.me,
        common::settings(Lang::En),
        Keymap::default_keys(),
    );
    h.key("enter");
    h.key("down");
    out.take();
    h.key("down");
    let bytes = out.take();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("2 of 40") && text.contains("3 of 40"),
        "{text:?}"
    );
    for other in [1, 4, 5, 6, 7] {
        assert!(
            !text.contains(&format!("{other} of 40")),
            "row {other} rewritten: {text:?}"
        );
    }
    assert!(!text.contains("Jobs, "), "heading rewritten");
    eprintln!(
        "a Down key in the job list wrote {} bytes: {text:?}",
        bytes.len()
    );
}
