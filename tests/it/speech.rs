//! Speech through `--speech file:PATH`: what is said after each key, in
//! words for the ear; repeat says the last utterance again; rate and volume
//! keys answer; a missing synthesiser is announced and the program goes on.

use crate::common::pty;

use std::path::Path;

use jobdesk::i18n::Lang;
use pty::{Pty, keys, said};

/// The demo's first job closes 21 days after the day it was seeded (the
/// real date: `--demo` seeds with the system clock), said the way the job
/// list says it: "20 December", "12月20日" (with the year when it is next
/// year's).
fn first_job_closes(lang: Lang) -> String {
    use jobdesk::clock::{Clock, SystemClock};
    let today = SystemClock.today();
    let closes = today + chrono::Duration::days(21);
    jobdesk::speech::for_ear(lang, &lang.short_date(closes, today))
}

/// Waits until the last utterance is `expected`.
fn wait_said(path: &Path, expected: &str) {
    pty::wait_said(path, &format!("{expected:?}"), |lines| {
        lines.last().is_some_and(|l| l == expected)
    });
}

#[test]
fn what_is_said_after_each_key() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("said.txt");
    let spec = format!("file:{}", file.display());
    let mut p = Pty::demo(home.path(), "en", &["--speech", &spec], 24, 80, &[]);
    p.wait_for("the menu", |p| p.cursor_on_focus());
    // Arriving on a screen: its heading, then the focused line.
    wait_said(&file, "jobdesk, main menu, 8 choices 1 of 8: Jobs");
    p.send(keys::DOWN);
    wait_said(&file, "2 of 8: Massage training courses");
    // Repeat: the same utterance again, word for word.
    let before = said(&file).len();
    p.send("\x12");
    pty::wait_said(&file, "the repeat", |lines| lines.len() > before);
    let lines = said(&file);
    assert_eq!(lines[lines.len() - 1], "2 of 8: Massage training courses");
    assert_eq!(lines[lines.len() - 2], lines[lines.len() - 1]);
    // And the screen says it was repeated.
    p.wait_for("the repeat notice", |p| {
        p.screen()
            .contains("Again: 2 of 8: Massage training courses")
    });
    p.send(keys::UP);
    wait_said(&file, "1 of 8: Jobs");
    // Dates and ranges for the ear: "20 December", "5,000 to 8,000 yuan".
    p.send(keys::ENTER);
    // The line is said whole, though its row is cut at 80 columns.
    let closes = first_job_closes(Lang::En);
    wait_said(
        &file,
        &format!(
            "Jobs, 40 open. Page 1 of 3 1 of 40: Blind health massage therapist, 5,000 to 8,000 yuan, closes {closes}, Jiaozhou, Kangtai Blind Massage"
        ),
    );
    // Typing is echoed a character at a time.
    p.send("m");
    wait_said(&file, "Search, type and press Enter: m");
    p.send("a");
    wait_said(&file, "a");
    // Rate and volume keys answer in words.
    p.send("\x1b[1;3C");
    wait_said(&file, "Faster.");
    p.send("\x1b[1;3A");
    wait_said(&file, "Louder.");
    p.send(keys::CTRL_Q);
    assert!(p.child.wait().unwrap().success());
}

#[test]
fn chinese_speech_and_a_missing_synthesiser() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("said.txt");
    let spec = format!("file:{}", file.display());
    let mut p = Pty::demo(home.path(), "zh-CN", &["--speech", &spec], 24, 80, &[]);
    p.wait_for("the menu", |p| p.cursor_on_focus());
    wait_said(&file, "jobdesk 主菜单，共8项 第1条，共8条：找工作");
    p.send(keys::ENTER);
    let closes = first_job_closes(Lang::ZhCn);
    wait_said(
        &file,
        &format!(
            "找工作，共40个在招岗位。第1页，共3页 第1条，共40条：盲人保健按摩师，5000至8000元，{closes}截止，胶州市，胶州市康泰盲人按摩所"
        ),
    );
    p.send(keys::CTRL_Q);
    assert!(p.child.wait().unwrap().success());

    // espeak asked for but not installed: said on screen, and on it goes.
    let mut p = Pty::demo(
        home.path(),
        "en",
        &["--speech", "espeak"],
        24,
        80,
        &[("PATH", "/nonexistent")],
    );
    p.wait_for("the notice", |p| {
        p.screen().contains("No speech software was found")
    });
    p.key_until(keys::ENTER, "1 of 40: ");
    p.send(keys::CTRL_Q);
    assert!(p.child.wait().unwrap().success());
}
