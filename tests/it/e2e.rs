//! End to end: the real binary in a pseudo-terminal. Search for a massage
//! job, open it, apply, and find the application in My applications,
//! checking the line under the cursor at every step.

use crate::common::pty;

use pty::{Pty, keys};

fn jobdesk(lang: &str, extra: &[&str]) -> (tempfile::TempDir, Pty) {
    let home = tempfile::tempdir().expect("temp dir");
    let mut p = Pty::demo(home.path(), lang, extra, 24, 80, &[]);
    p.wait_for("the main menu", |p| {
        p.cursor_on_focus() && p.rows()[0].contains("jobdesk")
    });
    (home, p)
}

#[test]
fn search_open_apply_and_find_the_application_in_english() {
    let (_home, mut p) = jobdesk("en", &[]);
    assert!(p.at_cursor().starts_with("1 of 8: Jobs"));
    p.key_until(keys::ENTER, "1 of 40: ");
    assert!(p.rows()[0].starts_with("Jobs, 40 open"));
    // Typing on a job line starts a search.
    p.send("m");
    p.wait_for("the search field", |p| {
        p.at_cursor().is_empty() && p.rows()[usize::from(p.cursor().0)].contains("Search")
    });
    p.send("assage");
    p.wait_for("the typed text", |p| {
        p.rows()[usize::from(p.cursor().0)].ends_with("massage")
    });
    assert_eq!(
        p.cursor().1 as usize,
        "> Search, type and press Enter: massage".len()
    );
    p.key_until(keys::ENTER, "1 of 10: ");
    assert!(p.rows()[0].contains("search: massage"));
    assert!(p.at_cursor().contains("massage"));
    p.key_until(keys::ENTER, "1 of 15: Title: ");
    assert!(p.rows()[0].starts_with("Job: "));
    p.key_until(keys::DOWN, "2 of 15: Employer: ");
    p.key_until(keys::CTRL_END, "15 of 15: Apply for this job");
    p.key_until_field(keys::ENTER, "Note to the employer (optional):");
    p.send("Available now");
    p.wait_for("the note", |p| {
        p.at_cursor().is_empty() && p.rows()[1].ends_with("Available now")
    });
    p.key_until(keys::ENTER, "Part 1 of 2: Send your application for ");
    p.key_until("y", "15 of 15: Apply for this job");
    // The announcement, on the last lines of the screen.
    let bottom: Vec<String> = p
        .rows()
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(|r| r.trim_end().to_string())
        .collect();
    let said = bottom.join(" ");
    assert!(
        said.contains("Your reference number is") && said.contains("JD-"),
        "{said}"
    );
    p.key_until(keys::ALT_H, "1 of 8: Jobs");
    p.key_until(keys::DOWN, "2 of 8: ");
    p.key_until(keys::DOWN, "3 of 8: My applications");
    p.key_until(keys::ENTER, "1 of 1: ");
    assert!(p.screen().contains("Submitted"), "{}", p.screen());
    assert!(p.rows()[0].starts_with("My applications, 1 in all, 1 open"));
    p.key_until(keys::ENTER, "1 of 8: Job: ");
    p.send(keys::CTRL_Q);
    let status = p.child.wait().expect("exit");
    assert!(status.success());
}

#[test]
fn chinese_at_forty_columns() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut p = Pty::demo(home.path(), "zh-CN", &[], 12, 40, &[]);
    p.wait_for("the main menu", |p| p.cursor_on_focus());
    assert!(p.at_cursor().starts_with("第1条，共8条：找工作"));
    p.key_until(keys::ENTER, "第1条，共40条：");
    p.send("医疗");
    p.wait_for("the typed text", |p| p.rows()[1].ends_with("医疗"));
    // Two columns per Chinese character: the caret after 医疗.
    assert_eq!(p.cursor(), (1, 2 + 20 + 4));
    p.key_until(keys::ENTER, "第1条，共");
    assert!(p.at_cursor().contains("医疗按摩"), "{}", p.screen());
    p.send(keys::CTRL_Q);
    assert!(p.child.wait().expect("exit").success());
}

#[test]
fn the_terminal_is_restored_on_quit_and_on_sigterm() {
    let (_home, mut p) = jobdesk("en", &[]);
    assert!(p.parser.screen().alternate_screen());
    p.send(keys::CTRL_Q);
    assert!(p.child.wait().expect("exit").success());
    p.wait_for("the normal screen", |p| {
        !p.parser.screen().alternate_screen()
    });
    assert!(!p.parser.screen().hide_cursor());

    let (_home, mut p) = jobdesk("en", &[]);
    let pid = p.child.process_id().expect("pid") as i32;
    // SAFETY: sending a signal to our own child process.
    #[allow(unsafe_code)]
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
    let status = p.child.wait().expect("exit");
    assert!(!status.success());
    p.wait_for("the normal screen after SIGTERM", |p| {
        !p.parser.screen().alternate_screen()
    });
    assert!(!p.parser.screen().hide_cursor());
}

#[test]
fn no_color_writes_no_colour_sequences() {
    let home = tempfile::tempdir().expect("temp dir");
    let mut p = Pty::demo(
        home.path(),
        "en",
        &["--theme", "high-contrast"],
        24,
        80,
        &[("NO_COLOR", "1")],
    );
    p.wait_for("the main menu", |p| p.cursor_on_focus());
    p.key_until(keys::ENTER, "1 of 40: ");
    p.key_until(keys::DOWN, "2 of 40: ");
    let raw = String::from_utf8_lossy(&p.raw).to_string();
    // 38;… and 48;… set colours; 39 and 49 only reset them.
    for colour in ["[38;", "[48;", "[31m", "[33m", "[37m", "[40m", "[43m"] {
        assert!(!raw.contains(colour), "colour sequence {colour:?} written");
    }
    // Focus is still reverse video.
    let (row, col) = p.cursor();
    assert!(
        p.parser
            .screen()
            .cell(row, col)
            .is_some_and(|c| c.inverse())
    );
    p.send(keys::CTRL_Q);
    let _ = p.child.wait();
}
