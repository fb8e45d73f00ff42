//! Key sequences at random through the whole interface (issue 12): no key,
//! in any order, on any screen, panics, and the screen-reader contract holds
//! after every one of them: every item one row, the focus on a row, and,
//! every hundredth key, the whole check (heading first, one marker, the
//! cursor on the focused row and that row the whole item). Seeded, so a
//! failure is reproducible (the seed and the keys are printed); `FUZZ_KEYS`
//! sets the number of keys (100,000 by default, half in each language).

use crate::common::Harness;
use jobdesk::i18n::Lang;
use jobdesk::keymap::KeyPress;
use jobdesk::ui::Msg;
use ratatui::backend::TestBackend;

/// Keys a person might press, the dangerous ones included.
const KEYS: &[&str] = &[
    "down",
    "down",
    "down",
    "up",
    "up",
    "enter",
    "enter",
    "esc",
    "tab",
    "shift-tab",
    "space",
    "left",
    "right",
    "home",
    "end",
    "pagedown",
    "pageup",
    "ctrl-home",
    "ctrl-end",
    "backspace",
    "delete",
    "ctrl-u",
    "f1",
    "?",
    "/",
    "alt-h",
    "ctrl-l",
    "ctrl-w",
    "ctrl-r",
    "ctrl-f",
    "y",
    "n",
    "a",
    "m",
    "1",
    "3",
    "5",
    "8",
    "0",
    "-",
    ".",
    "按",
    "摩",
    "f7",
    "alt-up",
    "alt-left",
];

fn total_keys() -> usize {
    std::env::var("FUZZ_KEYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

// Two halves of 100,000 keys, one per language, so they run side by side.
#[test]
fn fifty_thousand_random_keys_in_english_never_panic_and_keep_the_contract() {
    random_keys(Lang::En, 0x006a_6f62_6465_736b);
}

#[test]
fn fifty_thousand_random_keys_in_chinese_never_panic_and_keep_the_contract() {
    random_keys(Lang::ZhCn, 0x006a_6f62_6465_736c);
}

fn random_keys(lang: Lang, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let total = total_keys() / 2;
    let sizes = [(80u16, 24u16), (40, 12), (120, 30)];
    let mut pressed = 0;
    let mut sequences = 0;
    while pressed < total {
        // A fresh interface for every thousand keys, in turn at each size;
        // sequences of up to 12 keys from the main menu.
        let (width, height) = sizes[sequences % sizes.len()];
        let mut h = Harness::new(lang, width, height);
        let mut history: Vec<&str> = Vec::new();
        let mut in_this = 0;
        while in_this < 1000 && pressed < total {
            if h.app.should_quit() {
                break;
            }
            let length = rng.usize(1..=12);
            history.clear();
            h.key("alt-h");
            for _ in 0..length {
                if h.app.should_quit() {
                    break;
                }
                let key = KEYS[rng.usize(0..KEYS.len())];
                // Quitting ends the round; the keys that lead there are
                // as welcome as any others.
                history.push(key);
                let press = KeyPress::parse(key).unwrap_or_else(|e| panic!("{key}: {e}"));
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    h.send(Msg::Key(press));
                    if !h.app.should_quit() {
                        // The full check (it draws the frame again) on
                        // every hundredth key; the one-row rule on all.
                        if pressed % 100 == 0 {
                            h.check_contract();
                        } else {
                            one_row_each(&h, width);
                        }
                    }
                }));
                if result.is_err() {
                    panic!("seed {seed:#x}, {lang:?} {width}x{height}: keys {history:?} broke it");
                }
                pressed += 1;
                in_this += 1;
            }
            sequences += 1;
        }
    }
    eprintln!("{pressed} random keys in {sequences} sequences: no panic, the contract held");
}

/// Every item of the drawn view is one row, and the focus is on one.
fn one_row_each(h: &Harness<TestBackend>, width: u16) {
    let display = h.app.display();
    for item in &display.view.items {
        assert!(
            jobdesk::ui::fit::columns(&item.text) <= usize::from(width) - 2,
            "{:?} is wider than a row",
            item.text
        );
    }
    assert!(display.view.items.is_empty() || display.view.focus < display.view.items.len());
}
