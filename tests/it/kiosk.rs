//! Kiosk mode: the idle timer with a controllable clock, blocked keys,
//! masking, the operator code; and end to end with keypad keys only,
//! listening to what is said after each key.

use crate::common;
use crate::common::pty;

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::Harness;
use crate::common::server::{PIN, TestServer};
use chrono::Duration as Span;
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::kiosk::{Kiosk, KioskConfig};
use jobdesk::store::Store;
use jobdesk::ui::{Effect, Msg, update};
use pty::{Pty, said};
use ratatui::backend::TestBackend;

/// Wide enough that every item is one row: these tests move item by item.
/// (How long items are split into rows is tested in tests/screens.rs.)
const KIOSK_COLUMNS: u16 = 250;

/// The seeded jobseeker's mobile number, their kiosk login.
const MOBILE: &str = "13800000001";

fn kiosk_harness(login: bool) -> Harness<TestBackend> {
    kiosk_harness_in(Lang::En, login)
}

fn kiosk_harness_in(lang: Lang, login: bool) -> Harness<TestBackend> {
    let (dir, store, report) = common::seeded(lang, 40);
    store
        .add_account(
            "me",
            jobdesk::store::accounts::Role::Jobseeker,
            PIN,
            report.me,
            None,
        )
        .unwrap();
    let mut h = Harness::on(
        TestBackend::new(KIOSK_COLUMNS, 40),
        dir,
        store,
        report.me,
        common::settings(lang),
        Keymap::built_in("kiosk").unwrap(),
    );
    let config = KioskConfig {
        operator_code: Some(jobdesk::kiosk::hash_code("8080").unwrap()),
        idle_timeout_seconds: Some(60),
    };
    let now = h.app.now;
    let effects = h.app.start_kiosk(Kiosk::new(&config, now, login));
    assert!(effects.is_empty());
    h.send(Msg::Resize(KIOSK_COLUMNS, 40));
    h
}

#[test]
fn the_idle_timeout_warns_can_be_extended_and_then_wipes_everything() {
    let mut h = kiosk_harness(true);
    let start = h.app.now;
    // Browse, and type into the search field.
    h.key("2").key("2").key("2").key("2").key("5");
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
    // A key extends, and does nothing else: 2 does not move the focus.
    let focus = h.app.view().focus;
    h.key("2");
    assert_eq!(h.app.announcement(), "Your session goes on.");
    assert_eq!(h.app.view().focus, focus, "the extending key also acted");
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
    h.send(Msg::Resize(KIOSK_COLUMNS, 40));
    h.check_contract();
    assert!(h.app.view().heading.starts_with("Welcome to jobdesk"));
    assert_eq!(h.app.user, None);
    // Whoever comes next hears the welcome first.
    assert_eq!(
        h.app.announcement(),
        "Welcome to jobdesk. This computer speaks; use the number keys."
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
    // The code field is entered on purpose; inside it digits type.
    h.key("enter").type_text("1234").key("enter");
    assert_eq!(h.app.announcement(), "That is not the operator code.");
    assert!(!h.app.should_quit());
    assert!(!h.screen().contains("1234"));
    // Three wrong codes in a row, and even the right one waits a while.
    for _ in 0..2 {
        h.key("5").type_text("1234").key("enter");
    }
    h.key("5").type_text("8080").key("enter");
    assert_eq!(
        h.app.announcement(),
        "Too many wrong codes. Try again in a few minutes."
    );
    assert!(!h.app.should_quit());
    h.app.now += chrono::Duration::minutes(6);
    h.key("5").type_text("8080");
    assert!(h.at_cursor().is_empty() && h.screen().contains("Operator code (required): ****"));
    h.key("enter");
    assert!(h.app.should_quit());
}

#[test]
fn personal_numbers_are_masked_and_read_back_only_on_request() {
    let mut h = kiosk_harness(false);
    log_in(&mut h);
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
    // Asked for: read back, digit by digit, to the ear only. Fields are
    // lines like any other until entered: 1 goes to the last line.
    h.key("1");
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

/// Logs in from the welcome with the keypad alone: the mobile number and
/// the PIN, each field entered with 5 and finished with Enter.
fn log_in(h: &mut Harness<TestBackend>) {
    let english = h.app.lang == Lang::En;
    h.key("7").key("2").key("2").key("2");
    assert!(
        !english || h.focused_text().starts_with("Log in"),
        "{}",
        h.focused_text()
    );
    h.key("5");
    assert!(!english || h.focused_text().starts_with("Mobile number (required):"));
    h.key("5");
    assert!(
        !english ||
        h.app.announcement().starts_with(
            "Editing Mobile number (required): type digits, Enter finishes, / leaves it unchanged, - deletes a digit."
        ),
        "{}",
        h.app.announcement()
    );
    h.type_text(MOBILE);
    // Help inside the field lists what the keys do there: digits type.
    h.key(".");
    let help = h.screen();
    assert!(!english || help.contains("Enter: Open or choose"), "{help}");
    assert!(!help.contains(": 2: ") && !help.contains(": 5: "), "{help}");
    h.key("0");
    assert!(h.focused_text().contains("***********"), "{}", h.screen());
    h.key("enter");
    assert!(!english || h.focused_text().starts_with("PIN (required):"));
    h.key("5").type_text(PIN).key("enter");
    assert!(!english || h.app.announcement() == "Logged in.");
    assert!(h.app.user.is_some(), "{}", h.screen());
}

/// What the keypad-only run hears, in one language.
struct Heard {
    /// The first row of the welcome screen.
    heading: &'static str,
    welcome: &'static str,
    more: &'static str,
    volume: &'static str,
    log_in: &'static str,
    browse: &'static str,
    menu_first: &'static str,
    kinds: &'static str,
    health_massage: &'static str,
    districts: &'static str,
    laixi: &'static str,
    pingdu: &'static str,
    jiaozhou: &'static str,
    job: &'static str,
    job_detail: &'static str,
    apply: &'static str,
    log_in_first: &'static str,
    editing_mobile: &'static str,
    pin: &'static str,
    editing_pin: &'static str,
    back_at_job: &'static str,
    send: &'static str,
    send_question: &'static str,
    sent: &'static str,
    training: &'static str,
    courses: [&'static str; 3],
    course: &'static str,
    course_detail: &'static str,
    register: &'static str,
    register_question: &'static str,
    registered: &'static str,
    ended: &'static str,
}

const EN: Heard = Heard {
    heading: "Welcome to jobdesk.",
    welcome: "Welcome to jobdesk. This computer speaks; use the number keys. 8 moves up, 2 moves down, 5 chooses, 0 goes back.",
    more: "* says it again, . lists the keys, / ends your session.",
    volume: "+ and - change the volume, 6 and 4 the speed.",
    log_in: "Log in with your mobile number and PIN",
    browse: "Look at jobs and courses without logging in",
    menu_first: "1 of 7: Find a job by kind of work and district",
    kinds: "Find a job, step 1 of 2: choose the kind of work, 11 choices 1 of 11: Any kind of work",
    health_massage: "2 of 11: Health massage",
    districts: "Find a job, step 2 of 2: choose the district, 11 choices 1 of 11: Any district",
    laixi: "11 of 11: Laixi",
    pingdu: "10 of 11: Pingdu",
    jiaozhou: "9 of 11: Jiaozhou",
    job: "1 of 1: Blind health massage therapist, 5,000 to 8,000 yuan",
    job_detail: "Title: Blind health massage therapist",
    apply: "Apply for this job",
    log_in_first: "To do this, log in first with your mobile number and PIN. Afterwards you come back here.",
    editing_mobile: "Editing Mobile number (required): type digits, Enter finishes, / leaves it unchanged, - deletes a digit.",
    pin: "Mobile number (required): done. PIN (required): ",
    editing_pin: "Editing PIN (required): ",
    back_at_job: "Logged in. You are back where you were.",
    send: "Send the application",
    send_question: "Send your application for Blind health massage therapist at Kangtai Blind Massage? Press 5 for yes or 0 for no.",
    sent: "Application sent for Blind health massage therapist.",
    training: "2 of 7: Massage training courses",
    courses: ["1 of 10: ", "2 of 10: ", "3 of 10: "],
    course: "4 of 10: Blind health massage, level 5 (entry)",
    course_detail: "Title: Blind health massage, level 5 (entry)",
    register: "Register for this course",
    register_question: "Register for Blind health massage, level 5 (entry)",
    registered: "You are registered for Blind health massage, level 5 (entry).",
    ended: "Session ended, everything cleared.",
};

const ZH: Heard = Heard {
    heading: "欢迎使用 jobdesk。",
    welcome: "欢迎使用 jobdesk。这台电脑会朗读，请用数字键操作。 8向上，2向下，5选择，0返回。",
    more: "*再说一遍，.列出按键，/结束本次使用。",
    volume: "+和-调节音量，6和4调节语速。",
    log_in: "用手机号和密码登录",
    browse: "不登录，先看看岗位和课程",
    menu_first: "第1条，共7条：按工作类型和区市找工作",
    kinds: "找工作，第1步，共2步：选择工作类型，共11项 第1条，共11条：任何工作类型",
    health_massage: "第2条，共11条：保健按摩",
    districts: "找工作，第2步，共2步：选择区市，共11项 第1条，共11条：任何区市",
    laixi: "第11条，共11条：莱西市",
    pingdu: "第10条，共11条：平度市",
    jiaozhou: "第9条，共11条：胶州市",
    job: "第1条，共1条：盲人保健按摩师，5000至8000元",
    job_detail: "岗位名称：盲人保健按摩师",
    apply: "申请这个岗位",
    log_in_first: "做这件事需要先用手机号和密码登录，登录后回到这里。",
    editing_mobile: "正在填写手机号（必填）：请输入数字，回车键完成，/不修改并离开，-删除一位。",
    pin: "手机号（必填）：填好了。 密码（必填）：",
    editing_pin: "正在填写密码（必填）：",
    back_at_job: "已登录，回到刚才的页面。",
    send: "提交申请",
    send_question: "确定向胶州市康泰盲人按摩所申请盲人保健按摩师吗？ 按5确认，按0返回。",
    sent: "已提交盲人保健按摩师的申请",
    training: "第2条，共7条：按摩培训课程",
    courses: ["第1条，共10条：", "第2条，共10条：", "第3条，共10条："],
    course: "第4条，共10条：盲人保健按摩五级（初级）培训",
    course_detail: "课程名称：盲人保健按摩五级（初级）培训",
    register: "报名这个课程",
    register_question: "确定报名盲人保健按摩五级（初级）培训吗？",
    registered: "您已报名盲人保健按摩五级（初级）培训",
    ended: "本次使用已结束，所有信息已清除。",
};

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

/// Presses a key and waits until the last thing said contains `expected`.
fn press_for(p: &mut Pty, file: &Path, key: &str, expected: &str) {
    let before = said(file).len();
    p.send(key);
    pty::wait_said(file, &format!("{expected:?} after {key:?}"), |lines| {
        lines.len() > before && lines.last().is_some_and(|l| l.contains(expected))
    });
    p.wait_for("the cursor on the focused line", |p| p.cursor_on_focus());
}

/// From the welcome to goodbye with the keypad alone: find a massage job
/// by kind of work and district, log in with mobile and PIN when applying,
/// apply, register for a course, end the session.
fn keypad_only(p: &mut Pty, file: &Path, h: &Heard, pin: &str) {
    p.wait_for("the welcome", |p| p.cursor_on_focus());
    assert!(p.rows()[0].starts_with(h.heading));
    // The welcome is the first thing said, with how to use the keys.
    pty::wait_said(file, "the welcome", |lines| {
        lines.first().is_some_and(|l| l.starts_with(h.welcome))
    });
    press_for(p, file, "2", h.more);
    press_for(p, file, "2", h.volume);
    press_for(p, file, "2", h.log_in);
    press_for(p, file, "2", h.browse);
    press_for(p, file, "5", h.menu_first);
    // The search is two lists: the kind of work, then the district.
    press_for(p, file, "5", h.kinds);
    press_for(p, file, "2", h.health_massage);
    press_for(p, file, "5", h.districts);
    press_for(p, file, "1", h.laixi);
    press_for(p, file, "8", h.pingdu);
    press_for(p, file, "8", h.jiaozhou);
    press_for(p, file, "5", h.job);
    press_for(p, file, "5", h.job_detail);
    press_for(p, file, "1", h.apply);
    // Nobody has logged in: applying asks who is there first.
    press_for(p, file, "5", h.log_in_first);
    press_for(p, file, "5", h.editing_mobile);
    for digit in MOBILE.chars() {
        press(p, file, &digit.to_string(), "*");
    }
    press_for(p, file, "\r", h.pin);
    press_for(p, file, "5", h.editing_pin);
    for digit in pin.chars() {
        press(p, file, &digit.to_string(), "*");
    }
    // Back at the same job.
    press_for(p, file, "\r", h.back_at_job);
    press_for(p, file, "5", h.send);
    press_for(p, file, "5", h.send_question);
    press_for(p, file, "5", h.sent);
    // Register for training: back to the main menu, then the courses.
    p.send("0");
    p.send("0");
    p.send("0");
    press_for(p, file, "0", h.menu_first);
    press_for(p, file, "2", h.training);
    press_for(p, file, "5", h.courses[0]);
    press_for(p, file, "2", h.courses[1]);
    press_for(p, file, "2", h.courses[2]);
    press_for(p, file, "2", h.course);
    press_for(p, file, "5", h.course_detail);
    press_for(p, file, "1", h.register);
    press_for(p, file, "5", h.register_question);
    press_for(p, file, "5", h.registered);
    // End the session: everything cleared, the welcome again.
    press_for(p, file, "/", h.ended);
    p.wait_for("the welcome again", |p| {
        p.rows()[0].starts_with(h.heading) && p.cursor_on_focus()
    });
    // Nothing personal was spoken, and the PIN never shown.
    let all = said(file).join("\n");
    assert!(!all.contains(MOBILE) && !all.contains(pin), "{all}");
    assert!(!p.screen().contains(MOBILE));
    // Ctrl-C does not leave the kiosk.
    p.send("\x03");
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        p.child.try_wait().unwrap().is_none(),
        "the kiosk ended on Ctrl-C"
    );
}

/// The demo kiosk of `home`: its database, and who is its jobseeker.
fn demo_store(home: &Path) -> jobdesk::store::SqliteStore {
    let db = std::fs::read_dir(home)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("jobdesk-demo-") && n.ends_with(".db"))
        })
        .expect("the demo database");
    jobdesk::store::SqliteStore::open(&db).unwrap()
}

fn keypad_only_on_the_demo(lang: &str, h: &Heard) {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("said.txt");
    let speech = format!("file:{}", file.display());
    let mut p = Pty::demo(
        home.path(),
        lang,
        &["--kiosk", "--speech", &speech],
        24,
        200,
        &[],
    );
    keypad_only(&mut p, &file, h, jobdesk::app::demo::DEMO_PIN);
    let store = demo_store(home.path());
    let Some(jobdesk::domain::Actor::Jobseeker(me)) = store.current_user().unwrap() else {
        panic!("no demo jobseeker");
    };
    assert_eq!(store.applications(me).unwrap().len(), 1);
    assert_eq!(store.enrollments(me).unwrap().len(), 1);
}

#[test]
fn keypad_only_from_welcome_to_goodbye_en() {
    keypad_only_on_the_demo("en", &EN);
}

#[test]
fn keypad_only_from_welcome_to_goodbye_zh() {
    keypad_only_on_the_demo("zh-CN", &ZH);
}

#[test]
fn keypad_only_from_welcome_to_goodbye_on_a_server() {
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
        200,
        &[],
    );
    keypad_only(&mut p, &file, &EN, PIN);
    assert_eq!(server.direct().applications(server.me).unwrap().len(), 1);
}

#[test]
fn a_killed_kiosk_starts_again_and_never_shows_the_shell() {
    let home = tempfile::tempdir().unwrap();
    // (A kiosk needs speech to start: here it goes to a file.)
    let speech = format!("file:{}", home.path().join("said.txt").display());
    let mut p = Pty::demo(
        home.path(),
        "en",
        &["--kiosk", "--speech", &speech],
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
    #[allow(unsafe_code)]
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
    // SAFETY: signalling our child and its child.
    #[allow(unsafe_code)]
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

/// Walks every line of the screen on top with the keypad, from the first.
/// Navigation keys never type and are never swallowed: on every line 8 and
/// 2 move the focus and leave the line as it was. Every field is entered
/// on purpose with 5; inside it digits type, - deletes, / leaves it with
/// its old value; entered again, a digit typed and Down finishes it and
/// moves on; back on it, - takes the digit away again. Returns the fields
/// seen.
fn walk(h: &mut Harness<TestBackend>, what: &str) -> usize {
    let heading = h.app.view().heading.clone();
    h.key("7");
    let mut fields = 0;
    let mut i = 0;
    while i < h.app.view().items.len() {
        let view = h.app.view();
        assert_eq!(view.focus, i, "{what}: focus\n{}", h.screen());
        let item = view.items[i].clone();
        if i > 0 {
            h.key("8");
            assert_eq!(h.app.view().focus, i - 1, "{what}: 8 on line {i}");
            h.key("2");
            assert_eq!(h.app.view().focus, i, "{what}: 2 on line {}", i - 1);
            assert_eq!(
                h.app.view().items[i].text,
                item.text,
                "{what}: a navigation key typed"
            );
        }
        h.check_contract();
        if item.kind == jobdesk::ui::view::ItemKind::Field {
            fields += 1;
            h.key("5");
            let label = item.text.split([':', '：']).next().unwrap().trim();
            let said = h.app.announcement().to_string();
            assert!(
                said.contains(label) && said.contains('/') && said.contains('-'),
                "{what}: entering {label:?} said {said:?}"
            );
            h.key("1").key("3");
            let typed = h.focused_text();
            assert_ne!(typed, item.text, "{what}: digits did not type");
            h.key("-");
            assert_eq!(
                h.focused_text().chars().count() + 1,
                typed.chars().count(),
                "{what}: - did not delete"
            );
            h.key("/");
            assert_eq!(h.focused_text(), item.text, "{what}: / changed {label}");
            // Inside, 2 is a digit; the arrow key (Num Lock off) finishes
            // and moves on.
            h.key("5").key("1").key("down");
            let moved = h.app.view();
            if i + 1 < moved.items.len() {
                assert_eq!(moved.focus, i + 1, "{what}: down did not finish {label}");
            }
            assert_ne!(moved.items[i].text, item.text, "{what}: the digit was lost");
            // Back on it: the field keeps its value, not another digit.
            if i + 1 < moved.items.len() {
                h.key("8");
            }
            h.key("5").key("-").key("down");
            h.key("7");
            for _ in 0..i {
                h.key("2");
            }
            assert_eq!(
                h.app.view().items[i].text,
                item.text,
                "{what}: {label} did not get its value back"
            );
        }
        if i + 1 < h.app.view().items.len() {
            h.key("2");
        }
        i += 1;
    }
    assert_eq!(
        h.app.view().heading,
        heading,
        "{what}: the walk left the screen"
    );
    fields
}

/// Opens the line `index` of the screen on top with the keypad.
fn open(h: &mut Harness<TestBackend>, index: usize) {
    h.key("7");
    for _ in 0..index {
        h.key("2");
    }
    h.key("5");
}

fn every_field_of_every_kiosk_screen(lang: Lang) {
    let mut h = kiosk_harness_in(lang, true);
    let mut fields = 0;
    walk(&mut h, "welcome");
    // The login screen, walked and left.
    open(&mut h, 3);
    assert_eq!(walk(&mut h, "login"), 2);
    h.key("0");
    assert!(h.app.view().items.len() == 5, "{}", h.screen());
    log_in(&mut h);
    walk(&mut h, "main menu");
    // Finding a job: two lists, then the jobs, their filters, a job, and
    // applying.
    open(&mut h, 0);
    walk(&mut h, "kinds of work");
    open(&mut h, 0);
    walk(&mut h, "districts");
    open(&mut h, 0);
    fields += walk(&mut h, "jobs");
    // No search field: the filters line comes first.
    open(&mut h, 0);
    fields += walk(&mut h, "job filters");
    h.key("0");
    open(&mut h, 1);
    walk(&mut h, "a job");
    h.key("1").key("5");
    walk(&mut h, "apply");
    assert!(
        !h.screen().contains("Note") && !h.screen().contains("备注"),
        "a kiosk offers a note to type:\n{}",
        h.screen()
    );
    // Training: the courses, their filters, a course. (The operator's
    // Home key goes to the main menu.)
    h.key("ctrl-alt-h");
    assert_eq!(h.app.view().items.len(), 7, "{}", h.screen());
    open(&mut h, 1);
    fields += walk(&mut h, "courses");
    open(&mut h, 0);
    fields += walk(&mut h, "course filters");
    h.key("0");
    open(&mut h, 1);
    walk(&mut h, "a course");
    h.key("ctrl-alt-h");
    for (index, what) in [
        (2, "my applications"),
        (3, "my training"),
        (4, "my profile"),
    ] {
        open(&mut h, index);
        fields += walk(&mut h, what);
        h.key("0");
    }
    // Help and the operator's way out.
    h.key(".");
    walk(&mut h, "help");
    h.key("0");
    h.key("ctrl-alt-q");
    fields += walk(&mut h, "operator");
    // The fields a keypad can fill: the salary to start from, the mobile
    // number, the operator code. No search to type.
    assert_eq!(fields, 3);
    assert!(!h.app.should_quit());
}

#[test]
fn every_field_of_every_kiosk_screen_is_filled_and_left_with_the_keypad_en() {
    every_field_of_every_kiosk_screen(Lang::En);
}

#[test]
fn every_field_of_every_kiosk_screen_is_filled_and_left_with_the_keypad_zh() {
    every_field_of_every_kiosk_screen(Lang::ZhCn);
}

#[test]
fn browsing_is_read_only_and_applying_logs_in_first_then_comes_back() {
    let mut h = kiosk_harness(true);
    // Look without logging in.
    open(&mut h, 4);
    assert!(h.app.view().heading.starts_with("jobdesk, main menu"));
    // My applications asks who is there, and "not now" goes back.
    open(&mut h, 2);
    assert!(h.app.view().heading.starts_with("Log in"), "{}", h.screen());
    assert!(h.app.announcement().starts_with("To do this, log in first"));
    h.key("1").key("5");
    assert!(h.app.view().heading.starts_with("jobdesk, main menu"));
    // A massage job by kind and district: Health massage, any district.
    open(&mut h, 0);
    assert!(h.app.view().heading.starts_with("Find a job, step 1 of 2"));
    open(&mut h, 1);
    assert!(h.app.view().heading.starts_with("Find a job, step 2 of 2"));
    open(&mut h, 0);
    assert!(
        h.app.view().heading.contains("filter: Health massage"),
        "{}",
        h.app.view().heading
    );
    open(&mut h, 1);
    let job = h.app.view().heading.clone();
    assert!(job.starts_with("Job: "), "{job}");
    // Apply: log in first, then back at the same job.
    h.key("1");
    assert!(h.focused_text().ends_with("Apply for this job"));
    h.key("5");
    assert!(h.app.view().heading.starts_with("Log in"));
    assert!(h.app.user.is_none());
    h.key("5").type_text(MOBILE).key("enter");
    h.key("5").type_text(PIN).key("enter");
    assert_eq!(h.app.view().heading, job);
    assert_eq!(
        h.app.announcement(),
        "Logged in. You are back where you were."
    );
    assert!(h.focused_text().ends_with("Apply for this job"));
    h.key("5");
    // No note to type: straight to Send.
    assert!(h.focused_text().starts_with("Send"), "{}", h.screen());
    h.key("5");
    assert!(
        h.focused_text().ends_with("Press 5 for yes or 0 for no."),
        "{}",
        h.focused_text()
    );
    h.key("5");
    assert!(h.app.announcement().starts_with("Application sent for "));
    let me = h.app.user.unwrap();
    let applications = h.store.applications(me).unwrap();
    assert_eq!(applications.len(), 1);
    assert_eq!(applications[0].note, "");
    // The session ends at once with / and the welcome is back.
    h.key("/");
    assert_eq!(h.app.announcement(), "Session ended, everything cleared.");
    assert!(h.app.view().heading.starts_with("Welcome to jobdesk"));
    assert_eq!(h.app.user, None);
    assert!(h.app.take_clear_request());
}

#[test]
fn the_main_menu_ends_the_session_and_a_kiosk_never_quits_from_it() {
    let mut h = kiosk_harness(true);
    log_in(&mut h);
    h.key("1");
    assert_eq!(
        h.focused_text(),
        "7 of 7: End my session and clear everything"
    );
    h.key("5");
    assert!(!h.app.should_quit());
    assert_eq!(h.app.user, None);
    assert!(h.app.view().heading.starts_with("Welcome to jobdesk"));
    assert_eq!(h.app.announcement(), "Session ended, everything cleared.");
    // The welcome names the keys of the keymap in force, the end key too.
    assert!(
        h.app.view().items[1].text == "* says it again, . lists the keys, / ends your session.",
        "{}",
        h.screen()
    );
    // After an idle wipe the welcome is the first thing said.
    log_in(&mut h);
    let now = h.app.now;
    h.send(Msg::Tick(now + Span::seconds(45)));
    assert!(h.said.last().starts_with("Are you still there?"));
    h.send(Msg::Tick(now + Span::seconds(61)));
    assert!(h.app.view().heading.starts_with("Welcome to jobdesk"));
    assert!(
        h.said.last().starts_with(
            "Welcome to jobdesk. This computer speaks; use the number keys. 8 moves up"
        ),
        "{}",
        h.said.last()
    );
}

/// A kiosk asked to use speech that is not there.
fn kiosk_without_speech(home: &Path, lang: &str) -> std::process::Output {
    let log = home.join("k.log");
    std::process::Command::new(env!("CARGO_BIN_EXE_jobdesk"))
        .args([
            "--kiosk", "--demo", "--lang", lang, "--speech", "spd", "--log",
        ])
        .arg(&log)
        .env("JOBDESK_KIOSK_CHILD", "1")
        .env(
            "SPEECHD_ADDRESS",
            format!("unix_socket:{}", home.join("none.sock").display()),
        )
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("TMPDIR", home)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_kiosk_without_speech_does_not_start_and_tells_the_operator() {
    let home = tempfile::tempdir().unwrap();
    let out = kiosk_without_speech(home.path(), "en");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(
            "jobdesk: this kiosk cannot speak, so it did not start: speech-dispatcher at "
        ),
        "{stderr}"
    );
    assert!(stderr.contains("Operator: start speech-dispatcher with espeak-ng"));
    // Nothing else: no demo database path, no welcome to nobody.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(out.stdout.is_empty());
    let out = kiosk_without_speech(home.path(), "zh-CN");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("jobdesk：这台自助机不能朗读，所以没有启动"),
        "{stderr}"
    );
}

#[test]
fn the_supervisor_keeps_trying_a_kiosk_without_speech_with_a_pause() {
    let home = tempfile::tempdir().unwrap();
    let sock = format!("unix_socket:{}", home.path().join("none.sock").display());
    let mut p = Pty::demo(
        home.path(),
        "en",
        &["--kiosk", "--speech", "spd"],
        24,
        200,
        &[
            ("SPEECHD_ADDRESS", &sock),
            ("JOBDESK_KIOSK_RETRY_SECONDS", "1"),
        ],
    );
    p.wait_for("the operator message twice", |p| {
        String::from_utf8_lossy(&p.raw)
            .matches("this kiosk cannot speak")
            .count()
            >= 2
    });
    assert!(
        p.child.try_wait().unwrap().is_none(),
        "the supervisor gave up"
    );
    assert!(!p.screen().contains("Welcome"), "{}", p.screen());
}

/// A speech-dispatcher that answers until asked to speak, then never
/// again (as one does when its audio output is missing).
fn hanging_speech_dispatcher(path: &Path) -> std::thread::JoinHandle<()> {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::os::unix::net::UnixListener::bind(path).unwrap();
    std::thread::spawn(move || {
        let Ok((conn, _)) = listener.accept() else {
            return;
        };
        let mut writer = conn.try_clone().unwrap();
        let mut lines = BufReader::new(conn).lines();
        while let Some(Ok(line)) = lines.next() {
            let reply = if line == "SPEAK" {
                "230 OK RECEIVING DATA\r\n"
            } else if line == "." {
                // Hangs here: holds the connection and never answers.
                for _ in lines.by_ref() {}
                return;
            } else if line.starts_with("SET") || line.starts_with("CANCEL") {
                "200 OK\r\n"
            } else {
                continue;
            };
            if writer.write_all(reply.as_bytes()).is_err() {
                return;
            }
        }
    })
}

#[test]
fn a_speech_dispatcher_that_stops_answering_is_noticed_and_espeak_takes_over() {
    let home = tempfile::tempdir().unwrap();
    let sock = home.path().join("speechd.sock");
    let _spd = hanging_speech_dispatcher(&sock);
    // A stand-in espeak-ng that writes what it is asked to say.
    let bin = home.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let spoken = home.path().join("espeak.txt");
    let script = bin.join("espeak-ng");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n",
            spoken.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let address = format!("unix_socket:{}", sock.display());
    let mut p = Pty::demo(
        home.path(),
        "en",
        &["--kiosk", "--speech", "spd"],
        24,
        200,
        &[("SPEECHD_ADDRESS", &address), ("PATH", &path)],
    );
    p.wait_for("the welcome", |p| {
        p.rows()[0].starts_with("Welcome to jobdesk")
    });
    // Noticed within seconds, said on screen and by espeak-ng.
    p.wait_for("the switch on screen", |p| {
        p.screen()
            .contains("The speech software stopped answering; another one speaks now.")
    });
    pty::wait_said(&spoken, "the switch", |lines| {
        lines.iter().any(|l| {
            l.ends_with("-- The speech software stopped answering; another one speaks now.")
        })
    });
    // And it goes on speaking.
    p.send("2");
    pty::wait_said(&spoken, "the next line", |lines| {
        lines
            .last()
            .is_some_and(|l| l.contains("-- * says it again"))
    });
}

#[test]
fn operator_codes_are_digits_the_keypad_can_type() {
    let code = |input: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jobdesk"))
            .arg("kiosk-code")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{input}").unwrap();
        child.wait_with_output().unwrap()
    };
    // The README's example.
    let out = code("47110815");
    assert!(out.status.success());
    let line = String::from_utf8(out.stdout).unwrap();
    let config: KioskConfig = toml::from_str(&line).unwrap();
    assert!(jobdesk::kiosk::code_matches(
        "47110815",
        &config.operator_code.unwrap()
    ));
    // A code the keypad cannot type is refused.
    let out = code("0000-my-code");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("digits only"));
}

#[test]
fn after_an_idle_wipe_the_welcome_is_the_first_thing_on_screen_and_said() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("said.txt");
    let speech = format!("file:{}", file.display());
    let config = home.path().join("kiosk.toml");
    // The shortest timeout there is: 30 seconds, the warning at 10.
    std::fs::write(&config, "idle_timeout_seconds = 30\n").unwrap();
    let mut p = Pty::demo(
        home.path(),
        "en",
        &[
            "--kiosk",
            "--speech",
            &speech,
            "--kiosk-config",
            config.to_str().unwrap(),
        ],
        24,
        200,
        &[],
    );
    p.wait_for("the welcome", |p| {
        p.rows()[0].starts_with("Welcome to jobdesk") && p.cursor_on_focus()
    });
    press(&mut p, &file, "2", "* says it again");
    // Nothing on the screen but the welcome: no database path.
    assert!(!p.screen().contains("jobdesk-demo-"), "{}", p.screen());
    // Wait for the warning and the wipe (about 30 seconds, checked every
    // 100 ms, for at most 90).
    let started = Instant::now();
    let wiped = |lines: &[String]| {
        lines
            .iter()
            .position(|l| l.starts_with("Are you still there?"))
            .is_some_and(|warned| {
                lines[warned..]
                    .iter()
                    .any(|l| l.starts_with("Welcome to jobdesk. This computer speaks"))
            })
    };
    while !wiped(&said(&file)) {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "{:?}",
            said(&file)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    p.wait_for("the welcome after the wipe", |p| {
        p.rows()[0].starts_with("Welcome to jobdesk") && p.cursor() == (1, 2)
    });
    // The same kiosk, not a restart after an error.
    assert!(p.child.try_wait().unwrap().is_none());
    let screen = p.screen();
    assert!(!screen.contains("cursor position") && !screen.contains("jobdesk-demo-"));
    let raw = String::from_utf8_lossy(&p.raw);
    assert!(!raw.contains("could not be read") && !raw.contains("Demo database"));
    // The last thing said is the welcome.
    assert!(
        said(&file)
            .last()
            .is_some_and(|l| l.starts_with("Welcome to jobdesk. This computer speaks")),
        "{:?}",
        said(&file)
    );
}

#[test]
fn a_guest_is_asked_to_log_in_to_register_and_comes_back_to_the_course() {
    let mut h = kiosk_harness(true);
    open(&mut h, 4);
    // Massage training courses, the first one.
    open(&mut h, 1);
    open(&mut h, 1);
    let course = h.app.view().heading.clone();
    h.key("1");
    assert!(
        h.focused_text()
            .ends_with("Log in to register: with your mobile number and PIN"),
        "{}",
        h.screen()
    );
    h.key("5");
    assert!(h.app.view().heading.starts_with("Log in"));
    h.key("5").type_text(MOBILE).key("enter");
    h.key("5").type_text(PIN).key("enter");
    assert_eq!(h.app.view().heading, course);
    h.key("1");
    assert!(h.focused_text().contains("Register"), "{}", h.screen());
}
