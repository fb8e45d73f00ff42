//! End to end, in a pseudo-terminal, in English and Chinese: find a
//! health-massage course and register; join the waitlist of a full course;
//! another desk cancels a seat and the promotion shows in My training;
//! cancel a registration. The line under the cursor is checked at each step.

use crate::common::pty;

use std::sync::Arc;

use jobdesk::clock::SystemClock;
use jobdesk::domain::{Actor, EnrollmentStatus};
use jobdesk::i18n::Lang;
use jobdesk::store::seed::{SeedOptions, seed};
use jobdesk::store::{EnrollmentChange, SqliteStore, Store, new_request_id};
use pty::{Pty, keys};

/// The words each step looks for, per language.
struct Words {
    lang: &'static str,
    training: &'static str,
    first_course: &'static str,
    level5_query: &'static str,
    level5_title: &'static str,
    title_line: &'static str,
    register: &'static str,
    question: &'static str,
    place_line: &'static str,
    exam_query: &'static str,
    exam_title: &'static str,
    join_waitlist: &'static str,
    waitlisted: &'static str,
    my_training: &'static str,
    registered: &'static str,
    promoted: &'static str,
    cancel: &'static str,
    cancelled_status: &'static str,
    cancelled: &'static str,
}

const EN: Words = Words {
    lang: "en",
    training: "2 of 8: Massage training courses",
    first_course: "1 of 10: ",
    level5_query: "level 5",
    level5_title: "1 of 2: Blind health massage, level 5 (entry)",
    title_line: "1 of 19: Title: ",
    register: "Register for this course",
    question: "Part 1 of 2: Register for Blind health massage, level 5 (entry)",
    place_line: "Your place on this course: Registered.",
    exam_query: "exam",
    exam_title: "1 of 2: Blind medical massage exam preparation, full, nobody waiting yet",
    join_waitlist: "The course is full: join the waitlist as number 1",
    waitlisted: "You are number 1 on the waitlist",
    my_training: "4 of 8: My training",
    registered: "1 of 2: Blind medical massage exam preparation, Registered",
    promoted: "Registered, by jobdesk, note: moved up from the waitlist",
    cancel: "Cancel this registration",
    cancelled_status: "2 of 4: Status: Cancelled",
    cancelled: "Your place on Blind health massage, level 5 (entry) is cancelled.",
};

const ZH: Words = Words {
    lang: "zh-CN",
    training: "第2条，共8条：按摩培训课程",
    first_course: "第1条，共10条：",
    level5_query: "五级",
    level5_title: "第1条，共2条：盲人保健按摩五级（初级）培训",
    title_line: "第1条，共19条：课程名称：",
    register: "报名这个课程",
    question: "确定报名盲人保健按摩五级（初级）培训吗？",
    place_line: "您在这个课程的报名状态：已报名。",
    exam_query: "考试",
    exam_title: "第1条，共2条：盲人医疗按摩人员考试辅导班，已满，暂无人候补",
    join_waitlist: "课程已满：登记候补，排第1位",
    waitlisted: "候补名单中排第1位",
    my_training: "第4条，共8条：我的培训",
    registered: "第1条，共2条：盲人医疗按摩人员考试辅导班，已报名",
    promoted: "已报名，操作人：系统，备注：由候补转为正式报名",
    cancel: "取消这次报名",
    cancelled_status: "第2条，共4条：状态：已取消",
    cancelled: "您在盲人保健按摩五级（初级）培训的报名已取消。",
};

fn flow(w: &Words) {
    let home = tempfile::tempdir().expect("temp dir");
    let db = home.path().join("training.db");
    let lang = Lang::parse(w.lang).expect("lang");
    {
        let store = SqliteStore::open_with_clock(&db, Arc::new(SystemClock)).expect("open");
        let today = jobdesk::clock::Clock::today(&SystemClock);
        seed(
            &store,
            SeedOptions {
                jobs: 10,
                lang,
                today,
                people_and_courses: true,
            },
        )
        .expect("seed");
    }
    let log = home.path().join("jobdesk.log");
    let mut p = Pty::start(
        home.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            w.lang,
            "--log",
            log.to_str().unwrap(),
        ],
        30,
        100,
        &[],
    );
    p.wait_for("the main menu", |p| p.cursor_on_focus());

    // Find a health-massage course and register.
    p.key_until(keys::DOWN, w.training);
    p.key_until(keys::ENTER, w.first_course);
    for c in w.level5_query.chars() {
        p.send(&c.to_string());
    }
    p.wait_for("the query", |p| p.rows()[1].ends_with(w.level5_query));
    p.key_until(keys::ENTER, w.level5_title);
    p.key_until(keys::ENTER, w.title_line);
    // The lines to act on are numbered with the rest ("19 of 19: ").
    p.key_until_line(keys::CTRL_END, w.register);
    p.key_until(keys::ENTER, w.question);
    p.key_until_line("y", w.place_line);

    // The full course: join its waitlist.
    p.key_until(keys::ESC, w.level5_title);
    for c in w.exam_query.chars() {
        p.send(&c.to_string());
    }
    p.wait_for("the query", |p| p.rows()[1].ends_with(w.exam_query));
    p.key_until(keys::ENTER, w.exam_title);
    p.key_until(keys::ENTER, w.title_line);
    p.key_until_line(keys::CTRL_END, w.join_waitlist);
    p.send(keys::ENTER);
    p.wait_for("the waitlist question", |p| {
        p.cursor_on_focus() && p.rows()[0].len() > 3 && p.at_cursor().len() > 10
    });
    p.send("y");
    p.wait_for("the waitlist announcement", |p| {
        p.screen().contains(w.waitlisted)
    });

    // Another desk cancels one of the seats.
    {
        let store = SqliteStore::open_with_clock(&db, Arc::new(SystemClock)).expect("open");
        let conn = rusqlite::Connection::open(&db).expect("open");
        let (enrollment, holder): (i64, i64) = conn
            .query_row(
                "SELECT n.id, n.profile_id FROM enrollments n JOIN courses c ON c.id = n.course_id
                 WHERE c.track = 'medical_exam_prep' AND n.status = 'registered' ORDER BY c.starts_on, n.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("a seat holder");
        store
            .change_enrollment(&EnrollmentChange {
                request_id: new_request_id(),
                enrollment_id: enrollment,
                to: EnrollmentStatus::Cancelled,
                note: String::new(),
                by: Actor::Jobseeker(holder),
            })
            .expect("cancel");
    }

    // My training shows the promotion, with its date and reason.
    p.key_until(keys::ALT_H, "");
    p.key_until(keys::CTRL_HOME, "");
    for _ in 0..3 {
        p.send(keys::DOWN);
    }
    p.wait_for("My training", |p| {
        p.cursor_on_focus() && p.at_cursor().starts_with(w.my_training)
    });
    p.key_until(keys::ENTER, w.registered);
    p.key_until(keys::ENTER, "");
    p.key_until_line(keys::CTRL_END, w.cancel);
    p.key_until(keys::UP, "");
    assert!(p.screen().contains(w.promoted), "{}", p.screen());

    // Cancel the other registration.
    p.key_until(keys::ESC, w.registered);
    p.send(keys::DOWN);
    p.wait_for("the level 5 registration", |p| {
        p.cursor_on_focus() && p.cursor().0 > 1
    });
    p.key_until(keys::ENTER, "");
    p.key_until_line(keys::CTRL_END, w.cancel);
    p.send(keys::ENTER);
    p.wait_for("the question", |p| {
        p.cursor_on_focus() && !pty::without_position(&p.at_cursor()).starts_with(w.cancel)
    });
    p.key_until("y", w.cancelled_status);
    assert_eq!(
        p.rows().last().map(String::as_str),
        Some(w.cancelled),
        "{}",
        p.screen()
    );
    p.send(keys::CTRL_Q);
    assert!(p.child.wait().expect("exit").success());
}

#[test]
fn register_waitlist_promotion_and_cancel_in_english() {
    flow(&EN);
}

#[test]
fn register_waitlist_promotion_and_cancel_in_chinese() {
    flow(&ZH);
}
