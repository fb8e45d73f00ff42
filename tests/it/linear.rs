//! Linear mode driven through pipes: whole conversations, line for line,
//! in both languages; and the real binary reading a script on stdin.

use crate::common;
use std::io::Cursor;

use crate::common::{Said, settings};
use jobdesk::clock::Clock;
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::linear::Linear;
use jobdesk::ui::App;
use jobdesk::ui::run::Runtime;

/// Runs a script of typed lines; returns everything printed, and what
/// would have been spoken.
fn transcript(lang: Lang, script: &[&str]) -> (String, Vec<String>) {
    let (_dir, store, report) = common::seeded(lang, 40);
    let clock = common::clock();
    let (mut app, startup) = App::new(
        settings(lang),
        Keymap::default_keys(),
        false,
        clock.now(),
        report.me,
        (80, 24),
    );
    let said = Said::default();
    app.speech_on = true;
    let mut rt = Runtime {
        store: &store,
        clock: &clock,
        speaker: Box::new(said.clone()),
        save_settings: None,
        purge_scrollback: None,
    };
    let input = script.iter().map(|l| format!("{l}\n")).collect::<String>();
    let mut input = Cursor::new(input.into_bytes());
    let mut out = Vec::new();
    Linear::new(&mut input, &mut out)
        .run(&mut app, &mut rt, startup)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\u{1b}'), "an escape sequence was written");
    let spoken = said.0.borrow().clone();
    (text, spoken)
}

fn has_line(text: &str, line: &str) {
    assert!(
        text.lines().any(|l| l == line),
        "no line {line:?} in:\n{text}"
    );
}

#[test]
fn find_apply_and_withdraw_in_english() {
    let script = [
        "1",
        "/massage",
        "3",
        "15",
        "1",
        "Ready on Monday",
        "2",
        "y",
        "0",
        "0",
        "3",
        "1",
        "8",
        "y",
        "q",
    ];
    let (text, said) = transcript(Lang::En, &script);
    has_line(
        &text,
        "jobdesk, linear mode is on: each screen is a numbered list. Type a number and Enter to choose, / and words to search, n or p for the next or previous page, 0 to go back, ? for help, q to quit.",
    );
    has_line(&text, "10 jobs found.");
    has_line(
        &text,
        "3) Blind health massage therapist, 5,000 to 8,000 yuan, closes 20 Dec, Jiaozhou, Kangtai Blind Massage",
    );
    has_line(
        &text,
        "Note to the employer (optional):  Type the new text and Enter, or just Enter to keep it.",
    );
    has_line(
        &text,
        "1) Send your application for Blind health massage therapist at Kangtai Blind Massage? Press Y for yes or N for no.",
    );
    has_line(&text, "Type y for yes or n for no:");
    has_line(
        &text,
        "Application sent for Blind health massage therapist. Your reference number is JD-00007.",
    );
    has_line(
        &text,
        "1) Blind health massage therapist, Submitted, sent 29 Nov 2026, reference JD-00007, Kangtai Blind Massage",
    );
    has_line(&text, "6) Your note: Ready on Monday");
    has_line(&text, "Application JD-00007 withdrawn.");
    has_line(&text, "8) History 2 of 2: 29 Nov 2026, Withdrawn, by you");
    insta::assert_snapshot!("linear_en_apply_withdraw", text);
    // Speech said the same sentences for the ear.
    assert!(
        said.iter()
            .any(|s| s.starts_with("Application sent for Blind health massage therapist.")),
        "{said:?}"
    );
}

#[test]
fn find_apply_and_withdraw_in_chinese() {
    let script = [
        "1",
        "/按摩",
        "3",
        "15",
        "1",
        "下周一可以上岗",
        "2",
        "y",
        "0",
        "0",
        "3",
        "1",
        "8",
        "y",
        "q",
    ];
    let (text, _) = transcript(Lang::ZhCn, &script);
    has_line(
        &text,
        "jobdesk 逐行模式已开启：每个页面是一个编号列表。输入编号后按回车进行选择；输入/和关键词搜索；n下一页，p上一页；0返回；?帮助；q退出。",
    );
    has_line(&text, "找到10个岗位。");
    has_line(&text, "输入y表示是，n表示否：");
    has_line(&text, "已提交盲人保健按摩师的申请，申请编号是JD-00007。");
    has_line(&text, "申请JD-00007已撤回。");
    insta::assert_snapshot!("linear_zh_apply_withdraw", text);
}

#[test]
fn find_register_and_cancel_in_both_languages() {
    let script = [
        "2", "/level 5", "3", "19", "y", "0", "0", "4", "1", "4", "y", "q",
    ];
    let (text, _) = transcript(Lang::En, &script);
    has_line(&text, "2 courses found.");
    has_line(
        &text,
        "18) You can register: your profile meets the requirements.",
    );
    has_line(
        &text,
        "1) Register for Blind health massage, level 5 (entry), starting 20 Dec 2026? Press Y for yes or N for no.",
    );
    has_line(
        &text,
        "You are registered for Blind health massage, level 5 (entry). It starts on 20 Dec 2026.",
    );
    has_line(
        &text,
        "Your place on Blind health massage, level 5 (entry) is cancelled.",
    );
    // One line to choose from: "Type 1", not "Type 1 to 1".
    has_line(&text, "Type 1, or ? for help:");
    assert!(!text.contains("Type 1 to 1,"));
    // The lines' own numbers only: no "3) 1 of 10: ".
    assert!(
        !text
            .lines()
            .any(|l| l.split_once(") ").is_some_and(|(_, rest)| {
                rest.split_once(" of ")
                    .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            })),
        "{text}"
    );
    insta::assert_snapshot!("linear_en_register_cancel", text);

    let script = [
        "2", "/五级", "3", "19", "y", "0", "0", "4", "1", "4", "y", "q",
    ];
    let (text, _) = transcript(Lang::ZhCn, &script);
    has_line(&text, "找到2个课程。");
    has_line(
        &text,
        "您已报名盲人保健按摩五级（初级）培训，2026年12月20日开课。",
    );
    has_line(&text, "您在盲人保健按摩五级（初级）培训的报名已取消。");
    has_line(&text, "请输入1，或输入?查看帮助：");
    assert!(!text.contains("请输入1到1，"));
    assert!(
        !text
            .lines()
            .any(|l| l.split_once(") ").is_some_and(|(_, r)| r.starts_with('第'))),
        "{text}"
    );
    insta::assert_snapshot!("linear_zh_register_cancel", text);
}

#[test]
fn forms_ask_one_field_at_a_time_and_again_when_invalid() {
    // Profile: keep the name, a bad mobile number, then a good one; keep
    // the rest; save.
    // Fifteen questions: name, mobile, then thirteen more.
    let mut script = vec!["5", "", "12345"];
    script.extend(std::iter::repeat_n("", 13));
    // Save: the mobile number is asked again with its error, and the
    // questions after it follow.
    script.extend(["17", "13912345678"]);
    script.extend(std::iter::repeat_n("", 13));
    // The error line stays until the next save, so Save is now 18.
    script.extend(["18", "q"]);
    let (text, _) = transcript(Lang::En, &script);
    has_line(
        &text,
        "Mobile (needed to apply): 138 0000 0001 Type the new text and Enter, or just Enter to keep it.",
    );
    has_line(
        &text,
        "Error: Mobile: a mobile number has 11 digits; this has 5.",
    );
    has_line(
        &text,
        "Mobile (needed to apply): 123 45 Type the new text and Enter, or just Enter to keep it.",
    );
    has_line(&text, "Profile saved. You can apply for jobs.");
    // Typing a new value replaces the old one: no "empty" on the way.
    assert!(!text.contains(": empty"), "{text}");
    // A choice says itself, lists its options by number, and then asks
    // for one: the question comes after what it asks about.
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "District (needed to apply): Shinan, option 2 of 11")
        .expect("the district line");
    assert_eq!(lines[at + 1], "1) not set");
    assert_eq!(lines[at + 3], "3) Shibei");
    assert_eq!(
        lines[at + 12],
        "Type the number of your choice, or just Enter to keep it:"
    );
}

#[test]
fn the_binary_reads_a_script_from_a_pipe() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pipe.db");
    let out = Command::new(env!("CARGO_BIN_EXE_jobdesk"))
        .args(["seed", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobdesk"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "--log",
            dir.path().join("l.log").to_str().unwrap(),
        ])
        .env("JOBDESK_LINEAR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"1\n/massage\n?\nq\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("jobdesk, linear mode is on"), "{text}");
    assert!(text.contains("10 jobs found."));
    assert!(text.contains("n: next page. p: previous page."));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn deliveries_from_the_outbox_are_said_before_the_next_answer() {
    use jobdesk::store::outbox::{Delivered, Delivery, Pending};
    let (_dir, store, report) = common::seeded(Lang::En, 5);
    let clock = common::clock();
    let (mut app, startup) = App::new(
        settings(Lang::En),
        Keymap::default_keys(),
        false,
        clock.now(),
        report.me,
        (80, 24),
    );
    let mut rt = Runtime {
        store: &store,
        clock: &clock,
        speaker: Box::new(Said::default()),
        save_settings: None,
        purge_scrollback: None,
    };
    let profile = jobdesk::store::Store::profile(&store, report.me.unwrap()).unwrap();
    let mut once = Some(Delivery {
        pending: Pending::SaveProfile {
            key: "k".into(),
            profile: profile.clone(),
        },
        result: Ok(Delivered::ProfileSaved(profile)),
    });
    let mut input = Cursor::new(b"q\n".to_vec());
    let mut out = Vec::new();
    Linear::new(&mut input, &mut out)
        .with_delivery(move || once.take().into_iter().collect())
        .run(&mut app, &mut rt, startup)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    has_line(&text, "Sent from this computer: your profile changes.");
}

#[test]
fn hints_name_what_to_type_in_linear_mode() {
    // 0 on the main menu: how to quit is "q" here, not a key of the full
    // screen; the same after Settings changed the keymap.
    let (text, _) = transcript(Lang::En, &["0", "6", "", "", "2", "", "0", "0", "q"]);
    has_line(
        &text,
        "This is the main menu. To quit, press q or choose Quit jobdesk.",
    );
    assert!(!text.contains("Ctrl+Q"), "{text}");
    let (text, _) = transcript(Lang::ZhCn, &["0", "q"]);
    has_line(&text, "这里是主菜单。要退出，请按q，或选择“退出 jobdesk”。");
}
