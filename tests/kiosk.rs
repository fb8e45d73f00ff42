//! Kiosk mode: the idle timer with a controllable clock, blocked keys,
//! masking, the operator code; and end to end with keypad keys only,
//! listening to what is said after each key.

mod common;
#[path = "common/pty.rs"]
mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Duration as Span;
use common::Harness;
use common::server::{PIN, TestServer};
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::kiosk::{Kiosk, KioskConfig};
use jobdesk::store::Store;
use jobdesk::ui::{Effect, Msg, update};
use pty::{Pty, said};
use ratatui::backend::TestBackend;

fn kiosk_harness(login: bool) -> Harness<TestBackend> {
    let (dir, store, report) = common::seeded(Lang::En, 40);
    let mut h = Harness::on(
        TestBackend::new(80, 24),
        dir,
        store,
        report.me,
        common::settings(Lang::En),
        Keymap::built_in("kiosk").unwrap(),
    );
    let config = KioskConfig {
        operator_code: Some(jobdesk::kiosk::hash_code("8080").unwrap()),
        idle_timeout_seconds: Some(60),
    };
    let now = h.app.now;
    let effects = h.app.start_kiosk(Kiosk::new(&config, now, login));
    assert!(effects.is_empty());
    h.send(Msg::Resize(80, 24));
    h
}

#[test]
fn the_idle_timeout_warns_can_be_extended_and_then_wipes_everything() {
    let mut h = kiosk_harness(true);
    let start = h.app.now;
    // Browse, and type into the search field.
    h.key("2").key("2").key("2").key("5");
    h.check_contract();
    assert!(h.app.view().heading.starts_with("jobdesk, main menu"));
    h.key("5").key("4");
    // (Keypad 4 is "slower"; speech is off here, so it says so.)
    assert!(
        h.app.announcement().contains("Speech is off"),
        "{}\n{}",
        h.app.announcement(),
        h.screen()
    );
    // 40 seconds of nothing: the warning, spoken and written.
    h.send(Msg::Tick(start + Span::seconds(40)));
    assert_eq!(
        h.app.announcement(),
        "Are you still there? For your privacy, this session ends in 20 seconds. Press any key to continue."
    );
    // A key extends.
    h.key("2");
    assert_eq!(h.app.announcement(), "Your session goes on.");
    h.send(Msg::Tick(start + Span::seconds(60)));
    assert!(
        !h.app.announcement().starts_with("Are you still there"),
        "the timer did not restart"
    );
    // Then nothing until the end: the session is wiped.
    h.send(Msg::Tick(start + Span::seconds(80)));
    assert!(h.app.announcement().starts_with("Are you still there"));
    let effects = update(&mut h.app, Msg::Tick(start + Span::seconds(100)));
    assert!(effects.contains(&Effect::LogOut));
    assert!(effects.contains(&Effect::Speech(jobdesk::speech::SpeechControl::Reset)));
    assert!(h.app.take_clear_request());
    h.send(Msg::Resize(80, 24));
    h.check_contract();
    assert!(h.app.view().heading.starts_with("Welcome to jobdesk"));
    assert_eq!(h.app.user, None);
    assert_eq!(
        h.app.announcement(),
        "The session ended and everything was cleared. Welcome."
    );
    // Nothing personal on screen.
    assert!(!h.screen().contains("Zhang Wei"));
}

#[test]
fn blocked_keys_do_nothing_and_leaving_needs_the_operator_code() {
    let mut h = kiosk_harness(false);
    let before = h.screen();
    for key in ["ctrl-c", "ctrl-z", "ctrl-\\"] {
        h.key(key);
        assert_eq!(h.screen(), before, "{key} changed something");
        assert!(!h.app.should_quit());
    }
    // Back on the welcome goes nowhere.
    h.key("0");
    assert!(h.app.view().heading.starts_with("Welcome"));
    // Quit asks for the operator code.
    h.key("ctrl-alt-q");
    assert!(h.app.view().heading.starts_with("Leave the kiosk"));
    h.type_text("1234").key("enter");
    assert_eq!(h.app.announcement(), "That is not the operator code.");
    assert!(!h.app.should_quit());
    assert!(!h.screen().contains("1234"));
    // Three wrong codes in a row, and even the right one waits a while.
    for _ in 0..2 {
        h.type_text("1234").key("enter");
    }
    h.type_text("8080").key("enter");
    assert_eq!(
        h.app.announcement(),
        "Too many wrong codes. Try again in a few minutes."
    );
    assert!(!h.app.should_quit());
    h.app.now += chrono::Duration::minutes(6);
    h.type_text("8080");
    assert!(h.at_cursor().is_empty() && h.screen().contains("Operator code (required): ****"));
    h.key("enter");
    assert!(h.app.should_quit());
}

#[test]
fn personal_numbers_are_masked_and_read_back_only_on_request() {
    let mut h = kiosk_harness(false);
    h.key("1").key("5");
    // My profile is the fifth entry of the main menu.
    for _ in 0..4 {
        h.key("2");
    }
    h.key("5");
    let screen = h.screen();
    assert!(
        screen.contains("Mobile (needed to apply): ***********"),
        "{screen}"
    );
    assert!(!screen.contains("13800000001") && !screen.contains("370202199003070011"));
    assert!(h.said.0.borrow().iter().all(|s| !s.contains("13800000001")));
    // Asked for: read back, digit by digit in its groups, to the ear only.
    // (In a text field the digits type; the arrow keys of the keypad move
    // on.)
    for _ in 0..30 {
        h.key("down");
    }
    h.key("5");
    assert!(
        h.said
            .last()
            .starts_with("Mobile: 1 3 8, 0 0 0 0, 0 0 0 1."),
        "{}",
        h.said.last()
    );
    assert_eq!(h.app.announcement(), "Your numbers were read aloud.");
    assert!(!h.screen().contains("1 3 8"));
}

/// Presses a key and waits until the last thing said starts with `expected`.
fn press(p: &mut Pty, file: &Path, key: &str, expected: &str) {
    let before = said(file).len();
    p.send(key);
    pty::wait_said(file, &format!("{expected:?} after {key:?}"), |lines| {
        // On a new screen the heading is said before the focused line.
        lines.len() > before && lines.last().is_some_and(|l| l.contains(expected))
    });
    // The screen agrees: the cursor is on the focused line.
    p.wait_for("the cursor on the focused line", |p| p.cursor_on_focus());
}

#[test]
fn find_a_job_apply_and_register_with_the_keypad_alone() {
    let server = TestServer::new(Lang::En, 40);
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("said.txt");
    let speech = format!("file:{}", file.display());
    let log = home.path().join("k.log");
    let mut p = Pty::start(
        home.path(),
        &[
            "--kiosk",
            "--remote",
            &server.url(),
            "--lang",
            "en",
            "--speech",
            &speech,
            "--log",
            log.to_str().unwrap(),
        ],
        24,
        100,
        &[],
    );
    p.wait_for("the welcome", |p| {
        p.rows()[0].starts_with("Welcome to jobdesk") && p.cursor_on_focus()
    });
    // The welcome says how to use the keypad.
    assert!(
        p.rows()[1].starts_with("> Part 1 of 2: 8 moves up, 2 moves down, 5 chooses, 0 goes back;")
    );
    // On arrival the welcome is said, with how to use the keys.
    let started = Instant::now();
    while !said(&file).first().is_some_and(|l| {
        l.starts_with("Welcome to jobdesk. This computer speaks; use the number keys. 8 moves up")
    }) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{:?}",
            said(&file)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(said(&file)[0].contains(". lists the keys, / says where you are."));
    // The keys line is read in two parts, one row each.
    press(&mut p, &file, "2", "Part 2 of 2: ");
    press(
        &mut p,
        &file,
        "2",
        "+ and - change the volume, 6 and 4 the speed.",
    );
    press(&mut p, &file, "2", "Log in with your mobile number and PIN");
    press(&mut p, &file, "5", "Login name (required):");
    for digit in "13800000001".chars() {
        press(&mut p, &file, &digit.to_string(), "*");
    }
    p.wait_for("the masked login", |p| {
        p.screen().contains("Login name (required): ***********")
    });
    press(&mut p, &file, "\r", "PIN or password (required):");
    for digit in PIN.chars() {
        press(&mut p, &file, &digit.to_string(), "*");
    }
    press(
        &mut p,
        &file,
        "\r",
        "Logged in. jobdesk, main menu, 7 choices 1 of 7: Jobs",
    );
    // Find a job and apply.
    press(&mut p, &file, "5", "1 of 40: ");
    press(&mut p, &file, "5", "1 of 15: Title: ");
    press(&mut p, &file, "1", "Apply for this job");
    press(&mut p, &file, "5", "Note to the employer (optional):");
    press(
        &mut p,
        &file,
        "\r",
        "Part 1 of 2: Send your application for ",
    );
    press(&mut p, &file, "5", "Application sent for ");
    // Register for training.
    press(&mut p, &file, "0", "1 of 40: ");
    press(&mut p, &file, "0", "1 of 7: Jobs");
    press(&mut p, &file, "2", "2 of 7: Massage training courses");
    press(&mut p, &file, "5", "1 of 10: ");
    press(&mut p, &file, "2", "2 of 10: ");
    press(&mut p, &file, "2", "3 of 10: ");
    press(
        &mut p,
        &file,
        "2",
        "4 of 10: Blind health massage, level 5 (entry)",
    );
    press(
        &mut p,
        &file,
        "5",
        "1 of 19: Title: Blind health massage, level 5 (entry)",
    );
    press(&mut p, &file, "1", "Register for this course");
    press(
        &mut p,
        &file,
        "5",
        "Register for Blind health massage, level 5 (entry)",
    );
    press(
        &mut p,
        &file,
        "5",
        "You are registered for Blind health massage, level 5 (entry).",
    );
    // Nothing personal was spoken, and the PIN never shown.
    let all = said(&file).join("\n");
    assert!(!all.contains("13800000001") && !all.contains(PIN));
    p.wait_for("the registration", |p| {
        p.screen().contains("You are registered")
    });
    assert!(!p.screen().contains("13800000001"));
    // Ctrl-C does not leave the kiosk.
    p.send("\x03");
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        p.child.try_wait().unwrap().is_none(),
        "the kiosk ended on Ctrl-C"
    );
    assert_eq!(server.direct().applications(server.me).unwrap().len(), 1);
}

#[test]
fn a_killed_kiosk_starts_again_and_never_shows_the_shell() {
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::demo(
        home.path(),
        "en",
        &["--kiosk", "--speech", "off"],
        24,
        80,
        &[],
    );
    p.wait_for("the welcome", |p| {
        p.rows()[0].starts_with("Welcome to jobdesk")
    });
    let supervisor = p.child.process_id().unwrap();
    let children =
        std::fs::read_to_string(format!("/proc/{supervisor}/task/{supervisor}/children")).unwrap();
    let kiosk: i32 = children
        .split_whitespace()
        .next()
        .expect("the kiosk process")
        .parse()
        .unwrap();
    // Move away from the welcome, then kill the kiosk outright.
    p.send("2");
    // (The first line is read in two parts, on rows 1 and 2.)
    p.wait_for("the second row", |p| p.cursor().0 == 2);
    // SAFETY: signalling a child of our child.
    unsafe {
        libc::kill(kiosk, libc::SIGKILL);
    }
    // It comes back on its own, at the welcome.
    p.wait_for("the welcome again", |p| {
        p.rows()[0].starts_with("Welcome to jobdesk") && p.cursor().0 == 1 && p.cursor_on_focus()
    });
    assert!(p.child.try_wait().unwrap().is_none());
    // The service manager's SIGTERM ends it for good.
    let now =
        std::fs::read_to_string(format!("/proc/{supervisor}/task/{supervisor}/children")).unwrap();
    let kiosk: i32 = now.split_whitespace().next().unwrap().parse().unwrap();
    unsafe {
        libc::kill(supervisor as i32, libc::SIGTERM);
        libc::kill(kiosk, libc::SIGTERM);
    }
    let started = Instant::now();
    while p.child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the supervisor did not stop"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_choice_is_picked_from_its_list_with_the_keypad() {
    let mut h = kiosk_harness(false);
    h.key("1").key("5");
    for _ in 0..4 {
        h.key("2");
    }
    h.key("5");
    // Name, mobile, certificate, then the district (arrows move on from
    // the text fields, where the digits type).
    h.key("down").key("down").key("down");
    assert!(h.focused_text().starts_with("District"), "{}", h.screen());
    h.key("5");
    assert_eq!(h.focused_text(), "2 of 11: Shinan, chosen now");
    h.key("2");
    assert_eq!(h.said.last(), "3 of 11: Shibei");
    h.key("5");
    assert_eq!(
        h.focused_text(),
        "District (needed to apply): Shibei, option 3 of 11"
    );
    // 0 in the list keeps the value.
    h.key("5").key("2").key("0");
    assert_eq!(
        h.focused_text(),
        "District (needed to apply): Shibei, option 3 of 11"
    );
}
