//! Who is at the desk: a file several people share asks, each role gets
//! its own menu, logging out asks again; a one-person desk asks nobody.

use std::process::Command;

use crate::common::pty::{Pty, keys as pty_keys};
use crate::common::{self, Harness};
use jobdesk::domain::Actor;
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::store::Store;
use jobdesk::store::accounts::{Accounts, Role};
use jobdesk::ui::DeskStart;
use jobdesk::ui::screens::desk::Desk;
use ratatui::backend::TestBackend;

/// The seeded file with three accounts: the jobseeker (PIN 2468), their
/// counselor (1357) and a staff member (9753); nobody logged in.
fn shared_desk(lang: Lang, start: DeskStart) -> Harness<TestBackend> {
    let (dir, store, report) = common::seeded(lang, 40);
    store
        .add_account("wang", Role::Jobseeker, "2468", report.me, None)
        .expect("jobseeker account");
    store
        .add_account("lina", Role::Counselor, "1357", None, report.counselor)
        .expect("counselor account");
    store
        .add_account("zhou", Role::Staff, "9753", None, None)
        .expect("staff account");
    let people = store.account_summaries().expect("accounts");
    let mut h = Harness::on(
        TestBackend::new(80, 24),
        dir,
        store,
        None,
        common::settings(lang),
        Keymap::default_keys(),
    );
    h.begin(|app| {
        app.start_desk(
            Desk {
                people,
                demo_pin: None,
            },
            start,
        )
    });
    h
}

fn keys(h: &mut Harness<TestBackend>, keys: &[&str]) {
    for k in keys {
        h.key(k);
        h.check_contract();
    }
}

fn log_in(h: &mut Harness<TestBackend>, pin: &str) {
    h.type_text(pin);
    keys(h, &["enter"]);
}

#[test]
fn a_shared_desk_asks_who_is_there_and_gives_each_role_its_menu() {
    let mut h = shared_desk(Lang::En, DeskStart::Ask(None));
    h.check_contract();
    assert!(h.screen().starts_with("Who is at the desk? 3 people"));
    assert_eq!(h.at_cursor(), "1 of 4: Zhang Wei, jobseeker");
    // Nothing is behind it: neither Esc nor the main-menu key gets past.
    keys(&mut h, &["esc"]);
    assert_eq!(h.app.announcement(), "Choose who you are, or Quit jobdesk.");
    keys(&mut h, &["alt-h"]);
    assert!(h.screen().starts_with("Who is at the desk?"));

    // The counselor: a wrong PIN is refused, the right one opens their desk.
    keys(&mut h, &["down", "enter"]);
    assert!(h.focused_text().contains("PIN"), "{}", h.focused_text());
    log_in(&mut h, "0000");
    assert!(
        h.app.announcement().contains("4 more tries"),
        "{}",
        h.app.announcement()
    );
    log_in(&mut h, "1357");
    // Their desk opens on their caseload, saying what is due; Esc goes to
    // their menu, the caseload first on it.
    assert!(
        h.screen().starts_with("Caseload, 45 people"),
        "{}",
        h.screen()
    );
    assert!(
        h.app.announcement().starts_with("Logged in. ")
            && h.app.announcement().contains("due this week"),
        "{}",
        h.app.announcement()
    );
    keys(&mut h, &["esc"]);
    let screen = h.screen();
    assert!(
        screen.starts_with("jobdesk, counselor's desk, 7 choices"),
        "{screen}"
    );
    assert_eq!(h.at_cursor(), "1 of 7: Caseload");
    for jobseekers_own in ["My applications", "My training", "My profile"] {
        assert!(!screen.contains(jobseekers_own), "{screen}");
    }
    assert!(screen.contains("7 of 7: Log out, for someone else to use jobdesk"));
    assert!(matches!(
        h.store.current_user(),
        Ok(Some(Actor::Counselor(_)))
    ));
    // Postings are read, not applied for in the counselor's own name.
    keys(&mut h, &["down", "enter", "enter"]);
    assert!(h.screen().starts_with("Job: "), "{}", h.screen());
    assert!(!h.screen().contains("Apply for this job"), "{}", h.screen());

    // Logging out asks again, and the next person's menu starts at its top.
    keys(&mut h, &["alt-h", "ctrl-end", "enter"]);
    assert!(h.screen().starts_with("Who is at the desk? 3 people"));
    assert_eq!(h.app.announcement(), "Logged out. Who is at the desk now?");
    assert_eq!(h.app.actor, None);
    assert_eq!(h.app.user, None);

    keys(&mut h, &["down", "down", "enter"]);
    log_in(&mut h, "9753");
    // Staff also keep employers, courses, accounts, the audit log and
    // imports (issue 15): five more entries than a counselor.
    assert!(
        h.screen()
            .starts_with("jobdesk, service center staff desk, 12 choices")
    );
    assert_eq!(h.at_cursor(), "1 of 12: Caseload");
    keys(&mut h, &["ctrl-end", "enter"]);

    // The jobseeker: today's menu of eight, their own profile behind it.
    keys(&mut h, &["enter"]);
    log_in(&mut h, "2468");
    let screen = h.screen();
    assert!(
        screen.starts_with("jobdesk, main menu, 8 choices"),
        "{screen}"
    );
    assert!(screen.contains("8 of 8: Log out, for someone else to use jobdesk"));
    assert_eq!(
        h.app.user,
        h.store.account_summaries().ok().and_then(|people| {
            people.iter().find_map(|p| match p.actor {
                Actor::Jobseeker(id) => Some(id),
                _ => None,
            })
        })
    );
    keys(&mut h, &["down", "down", "down", "down", "enter"]);
    assert!(h.screen().contains("Zhang Wei"), "{}", h.screen());
}

#[test]
fn the_desk_question_and_menus_are_in_chinese_too() {
    let mut h = shared_desk(Lang::ZhCn, DeskStart::Ask(None));
    assert!(
        h.screen().starts_with("谁在使用 jobdesk？共3人"),
        "{}",
        h.screen()
    );
    assert_eq!(h.at_cursor(), "第1条，共4条：张伟，求职者");
    keys(&mut h, &["down", "enter"]);
    log_in(&mut h, "1357");
    assert!(h.screen().starts_with("服务对象，共45人"), "{}", h.screen());
    assert!(
        h.app.announcement().starts_with("已登录。"),
        "{}",
        h.app.announcement()
    );
    keys(&mut h, &["esc"]);
    assert!(
        h.screen().starts_with("jobdesk 就业辅导员工作台，共7项"),
        "{}",
        h.screen()
    );
    assert_eq!(h.at_cursor(), "第1条，共7条：服务对象");
    assert!(h.screen().contains("第7条，共7条：退出登录，换人使用"));
}

/// `--as` on a shared file asks only that person's PIN.
#[test]
fn as_a_login_asks_only_for_the_pin() {
    let mut h = shared_desk(Lang::En, DeskStart::Ask(Some("lina".into())));
    h.check_contract();
    assert!(
        h.screen().contains("Login name (required): lina"),
        "{}",
        h.screen()
    );
    assert!(h.focused_text().contains("PIN"), "{}", h.focused_text());
    log_in(&mut h, "1357");
    assert!(
        h.screen().starts_with("Caseload, 45 people"),
        "{}",
        h.screen()
    );
    keys(&mut h, &["esc"]);
    assert!(
        h.screen()
            .starts_with("jobdesk, counselor's desk, 7 choices"),
        "{}",
        h.screen()
    );
}

/// The demo on the real binary: `--as` names who is at the desk.
#[test]
fn demo_as_counselor_opens_the_counselors_desk() {
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::demo(home.path(), "en", &["--as", "counselor"], 24, 80, &[]);
    // The desk opens on the caseload (the announcement says what is due),
    // over the counselor's menu.
    p.wait_for("the counselor's caseload", |p| {
        p.screen().starts_with("Caseload, 45 people") && p.screen().contains("Logged in. ")
    });
    p.key_until(pty_keys::ESC, "1 of 7: Caseload");
    assert!(
        p.screen()
            .starts_with("jobdesk, counselor's desk, 7 choices")
    );
    p.key_until(pty_keys::DOWN, "2 of 7: Jobs");
    // The job list is written once it has its jobs: never an empty list
    // read out first (calls run on the worker here).
    p.key_until(pty_keys::ENTER, "1 of 40: ");
    let written = String::from_utf8_lossy(&p.raw).to_string();
    assert!(!written.contains("Jobs, 0 open"), "{written}");
    assert!(!written.contains("Loading."), "{written}");
    p.key_until(pty_keys::ESC, "2 of 7: Jobs");
    p.key_until(pty_keys::CTRL_END, "7 of 7: Log out");
    // The demo's four people (an employer since issue 15), then Quit.
    p.key_until(pty_keys::ENTER, "1 of 5: Zhang Wei, jobseeker");
    p.key_until(pty_keys::CTRL_END, "5 of 5: Quit jobdesk");
    p.send(pty_keys::ENTER);
    assert!(p.child.wait().expect("exit").success());
}

fn jobdesk() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jobdesk"));
    cmd.env_remove("JOBDESK_DB").env_remove("JOBDESK_LANG");
    cmd
}

#[test]
fn as_an_unknown_login_is_refused_in_one_sentence() {
    let home = tempfile::tempdir().unwrap();
    let out = jobdesk()
        .env("HOME", home.path())
        .args(["--demo", "--as", "nobody", "--log"])
        .arg(home.path().join("j.log"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("there is no account \"nobody\"")
            && err.contains("demo, counselor, staff, employer"),
        "{err}"
    );
}

/// A file with one jobseeker account is a one-person desk, as before; a
/// second account makes it shared.
#[test]
fn one_account_asks_nobody_and_a_second_one_asks_who_is_there() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    let db = db.to_str().unwrap();
    let run = |args: &[&str], stdin: &str| {
        use std::io::Write;
        let mut child = jobdesk()
            .env("HOME", home.path())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["seed", "--db", db, "--jobs", "5", "--lang", "en"], "");
    run(
        &[
            "user",
            "add",
            "--db",
            db,
            "--role",
            "jobseeker",
            "--login",
            "wang",
            "--profile",
            "1",
        ],
        "2468\n",
    );
    let log = home.path().join("j.log");
    let log = log.to_str().unwrap();
    let desk = || {
        Pty::start(
            home.path(),
            &["--db", db, "--lang", "en", "--log", log],
            24,
            80,
            &[],
        )
    };
    let mut p = desk();
    p.wait_for("the main menu", |p| {
        p.screen().starts_with("jobdesk, main menu, 8 choices")
    });
    p.key_until(pty_keys::CTRL_END, "8 of 8: Quit jobdesk");
    p.send(pty_keys::ENTER);
    assert!(p.child.wait().expect("exit").success());

    run(
        &[
            "user",
            "add",
            "--db",
            db,
            "--role",
            "counselor",
            "--login",
            "lina",
        ],
        "1357\n",
    );
    let mut p = desk();
    p.wait_for("who is at the desk", |p| {
        p.screen().starts_with("Who is at the desk? 2 people")
    });
    p.key_until(pty_keys::DOWN, "2 of 3: lina, counselor");
    p.send(pty_keys::ENTER);
    p.wait_for("the PIN field", |p| {
        p.at_cursor().is_empty() && p.screen().contains("PIN")
    });
    p.send("1357");
    // A counselor with nobody in their caseload yet: an empty caseload,
    // the search field focused; Esc goes to the menu.
    p.send(pty_keys::ENTER);
    p.wait_for("the caseload", |p| {
        p.screen().starts_with("Caseload, 0 people")
    });
    p.key_until(pty_keys::ESC, "1 of 7: Caseload");
    assert!(p.screen().contains("jobdesk, counselor's desk, 7 choices"));
}
