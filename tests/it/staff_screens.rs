//! The staff desk on screen, in both languages: employers (list, add with
//! required fields named), a job's staff lines (close, reopen), and a
//! course's roster (waitlist positions, marks, exam pass, cancelling). The
//! screen-reader contract is checked after every key, and the row under
//! the cursor is asserted as the walk goes.

use chrono::Duration;
use jobdesk::domain::staff::COURSE_CANCELLED_NOTE;
use jobdesk::domain::*;
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::store::{RegisterRequest, Store, new_request_id};
use jobdesk::ui::DeskStart;
use jobdesk::ui::screens::desk::Desk;
use ratatui::backend::TestBackend;

use crate::common::{self, Harness, today};

fn keys(h: &mut Harness<TestBackend>, keys: &[&str]) {
    for k in keys {
        h.key(k);
        h.check_contract();
    }
}

fn typed(h: &mut Harness<TestBackend>, text: &str) {
    for c in text.chars() {
        let spec = if c == ' ' {
            "space".to_string()
        } else {
            c.to_string()
        };
        keys(h, &[&spec]);
    }
}

/// Moves down from the top to the first line containing `text`, checking
/// after each key that the row under the cursor is the focused line's start.
fn focus_on(h: &mut Harness<TestBackend>, text: &str) {
    keys(h, &["ctrl-home"]);
    for _ in 0..300 {
        if h.focused_text().contains(text) {
            return;
        }
        let before = h.app.display().view.focus;
        keys(h, &["down"]);
        // A row to open is one line: the cursor is on its start.
        let row = h
            .app
            .view()
            .focused()
            .is_some_and(|i| i.kind == jobdesk::ui::view::ItemKind::Row);
        let at = h.at_cursor();
        let focused = h.focused_text();
        assert!(
            !row || focused.starts_with(at.trim_end_matches('…')),
            "cursor row {at:?} is not the focused line {focused:?}"
        );
        if h.app.display().view.focus == before {
            break;
        }
    }
    panic!("no line with {text:?} on:\n{}", h.screen());
}

/// An administrator at a shared desk on the seeded store.
fn staff_desk(lang: Lang, w: u16, ht: u16) -> Harness<TestBackend> {
    let (dir, store, _) = common::seeded(lang, 40);
    let mut h = Harness::on(
        TestBackend::new(w, ht),
        dir,
        store,
        None,
        common::settings(lang),
        Keymap::default_keys(),
    );
    h.begin(|app| {
        app.start_desk(
            Desk {
                people: Vec::new(),
                demo_pin: None,
            },
            DeskStart::LoggedIn(Actor::Admin(1)),
        )
    });
    h.check_contract();
    h
}

fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    if lang == Lang::En { en } else { zh }
}

#[test]
fn staff_add_an_employer_with_the_required_fields_named() {
    for lang in [Lang::En, Lang::ZhCn] {
        for (w, ht) in [(80, 24), (40, 12)] {
            let mut h = staff_desk(lang, w, ht);
            // The staff entries follow the caseload on the menu.
            assert_eq!(
                h.focused_text(),
                tr(lang, "1 of 12: Caseload", "第1条，共12条：服务对象")
            );
            keys(&mut h, &["down"]);
            assert_eq!(
                h.focused_text(),
                tr(lang, "2 of 12: Employers", "第2条，共12条：用人单位")
            );
            if w == 80 {
                assert_eq!(h.at_cursor(), h.focused_text());
            }
            keys(&mut h, &["down"]);
            assert_eq!(
                h.focused_text(),
                tr(
                    lang,
                    "3 of 12: Courses and rosters",
                    "第3条，共12条：培训课程与名单"
                )
            );
            keys(&mut h, &["up", "enter"]);
            let heading = h.app.view().heading;
            assert!(
                heading.starts_with(tr(lang, "Employers, 20.", "用人单位，共20家。")),
                "{heading}"
            );
            assert_eq!(
                h.focused_text(),
                tr(lang, "Add an employer", "新增用人单位")
            );
            keys(&mut h, &["down"]);
            let first = h.focused_text();
            assert!(
                first.starts_with(tr(lang, "1 of 20: ", "第1条，共20条："))
                    && first.contains("0532-8"),
                "{first}"
            );
            if w == 80 {
                assert_eq!(h.at_cursor(), first);
            }
            keys(&mut h, &["up", "enter"]);
            assert!(
                h.focused_text()
                    .starts_with(tr(lang, "Name (required):", "姓名（必填）：")),
                "{}",
                h.focused_text()
            );
            // Saved empty: each required field is named, focus on the first.
            focus_on(&mut h, tr(lang, "Save the employer", "保存用人单位"));
            keys(&mut h, &["enter"]);
            assert_eq!(
                h.app.announcement(),
                tr(
                    lang,
                    "3 fields need attention. First: Name: this is required.",
                    "有3栏需要修改。第一处：姓名：这一项必须填写。"
                )
            );
            assert!(
                h.focused_text()
                    .starts_with(tr(lang, "Name (required)", "姓名（必填）"))
            );
            typed(&mut h, "Shinan Listening Line");
            // Down past the error line to the contact person.
            focus_on(
                &mut h,
                tr(lang, "Contact person (required)", "联系人（必填）"),
            );
            typed(&mut h, "Wang Li");
            focus_on(&mut h, tr(lang, "Phone (required)", "联系电话（必填）"));
            typed(&mut h, "0532-8899 1234");
            focus_on(
                &mut h,
                tr(lang, "Accessible-workplace notes", "无障碍工作环境说明"),
            );
            typed(&mut h, "Step-free entrance");
            focus_on(&mut h, tr(lang, "Save the employer", "保存用人单位"));
            keys(&mut h, &["enter"]);
            assert_eq!(
                h.app.announcement(),
                tr(
                    lang,
                    "Saved Shinan Listening Line.",
                    "已保存Shinan Listening Line。"
                )
            );
            assert!(
                h.app
                    .view()
                    .heading
                    .starts_with(tr(lang, "Employers, 21.", "用人单位，共21家。")),
                "{}",
                h.app.view().heading
            );
            focus_on(&mut h, "Shinan Listening Line");
            assert!(
                h.focused_text().ends_with(tr(
                    lang,
                    "Shinan Listening Line, Shinan, contact Wang Li, 0532-8899 1234",
                    "Shinan Listening Line，市南区，联系人Wang Li，0532-8899 1234"
                )),
                "{}",
                h.focused_text()
            );
            let saved = h
                .store
                .employer_records(Actor::Admin(1))
                .unwrap()
                .into_iter()
                .find(|e| e.name == "Shinan Listening Line")
                .unwrap();
            assert_eq!(saved.accessibility, "Step-free entrance");
        }
    }
}

#[test]
fn staff_close_and_reopen_a_job_from_its_page() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut h = staff_desk(lang, 80, 24);
        focus_on(&mut h, tr(lang, "Jobs", "找工作"));
        keys(&mut h, &["enter"]);
        // The first job of the list.
        for _ in 0..5 {
            if h.focused_text().contains(tr(lang, " of ", "共")) {
                break;
            }
            keys(&mut h, &["down"]);
        }
        keys(&mut h, &["enter"]);
        let title = h.app.view().heading;
        focus_on(&mut h, tr(lang, "Close this posting", "关闭此岗位"));
        assert_eq!(h.at_cursor(), h.focused_text());
        keys(&mut h, &["enter"]);
        assert!(
            h.focused_text().contains(tr(
                lang,
                "Every open application to it ends",
                "所有未结束的申请"
            )),
            "{}",
            h.focused_text()
        );
        keys(&mut h, &["y"]);
        assert!(
            h.app
                .announcement()
                .starts_with(tr(lang, "Closed ", "已关闭")),
            "{}",
            h.app.announcement()
        );
        assert!(
            h.app.announcement().ends_with(tr(
                lang,
                "Open applications ended: 1.",
                "结束的申请：1份。"
            )),
            "{}",
            h.app.announcement()
        );
        // Back on the page, which now offers to reopen.
        assert_eq!(h.app.view().heading, title);
        focus_on(&mut h, tr(lang, "Reopen this posting", "重新开放此岗位"));
        keys(&mut h, &["enter", "y"]);
        assert!(
            h.app
                .announcement()
                .starts_with(tr(lang, "Reopened ", "已重新开放")),
            "{}",
            h.app.announcement()
        );
        focus_on(&mut h, tr(lang, "Close this posting", "关闭此岗位"));
    }
}

/// A new person with a visual disability, able to register.
fn person(s: &impl Store, n: u16, name: &str) -> Id {
    let profile = Profile {
        name: name.into(),
        mobile: format!("137{:08}", 900 + u32::from(n)),
        certificate: jobdesk::domain::certificate::sample(
            "370212",
            chrono::NaiveDate::from_ymd_opt(1988, 4, 9).unwrap(),
            900 + n,
            DisabilityCategory::Visual,
            1,
        ),
        district: Some(District::Shinan),
        education: Some(Education::SeniorSecondary),
        consent_at: today().and_hms_opt(9, 0, 0).map(|t| t.and_utc()),
        ..Profile::default()
    };
    s.save_profile(Actor::System, profile).unwrap().id
}

#[test]
fn staff_mark_a_roster_and_cancel_the_course() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut h = staff_desk(lang, 80, 24);
        let start = today() + Duration::days(400);
        let course = h
            .store
            .post_course(
                Actor::Admin(1),
                NewCourse {
                    track: Track::HealthMassage,
                    level: Some(MassageLevel::Five),
                    ..common::course("Roster screen course", 1, start, start - Duration::days(1))
                },
            )
            .unwrap();
        let a = person(&h.store, 1, "Ann Roster");
        let b = person(&h.store, 2, "Bo Waiting");
        for p in [a, b] {
            h.store
                .register(&RegisterRequest {
                    request_id: new_request_id(),
                    course_id: course.id,
                    profile_id: p,
                    by: Actor::Jobseeker(p),
                })
                .unwrap();
        }
        focus_on(&mut h, tr(lang, "Courses and rosters", "培训课程与名单"));
        keys(&mut h, &["enter"]);
        focus_on(&mut h, "Roster screen course");
        assert!(
            h.focused_text().ends_with(tr(
                lang,
                "1 of 1 seats taken, 1 waiting",
                "名额已占1/1，候补1人"
            )),
            "{}",
            h.focused_text()
        );
        keys(&mut h, &["enter"]);
        assert_eq!(
            h.app.view().heading,
            tr(
                lang,
                "Roster of Roster screen course: 1 of 1 seats taken, 1 waiting",
                "Roster screen course名单：名额已占1/1，候补1人"
            )
        );
        assert_eq!(h.focused_text(), tr(lang, "Edit this course", "编辑此课程"));
        keys(&mut h, &["down", "down"]);
        assert_eq!(
            h.at_cursor(),
            tr(
                lang,
                "1 of 2: Ann Roster, Registered",
                "第1条，共2条：Ann Roster，已报名"
            )
        );
        keys(&mut h, &["down"]);
        assert_eq!(
            h.at_cursor(),
            tr(
                lang,
                "2 of 2: Bo Waiting, waiting, number 1 in line",
                "第2条，共2条：Bo Waiting，候补第1位"
            )
        );
        // A registered person can only be marked as attending.
        keys(&mut h, &["up", "enter"]);
        assert_eq!(
            h.at_cursor(),
            tr(
                lang,
                "1 of 1: Attended: the course has begun for them",
                "第1条，共1条：已到课：课程已开始"
            )
        );
        keys(&mut h, &["enter"]);
        assert_eq!(
            h.app.announcement(),
            tr(
                lang,
                "Marked Ann Roster: Enrolled.",
                "已登记Ann Roster：已入学。"
            )
        );
        focus_on(&mut h, "Ann Roster");
        assert!(
            h.focused_text()
                .ends_with(tr(lang, "Ann Roster, Enrolled", "Ann Roster，已入学"))
        );
        keys(&mut h, &["enter"]);
        focus_on(
            &mut h,
            tr(lang, "Passed the exam (gives the", "通过考试（取得"),
        );
        assert_eq!(h.at_cursor(), h.focused_text());
        keys(&mut h, &["enter"]);
        focus_on(&mut h, "Ann Roster");
        assert!(
            h.focused_text().ends_with(tr(
                lang,
                "Ann Roster, Completed, exam passed",
                "Ann Roster，已结业，已通过考试"
            )),
            "{}",
            h.focused_text()
        );
        assert_eq!(
            h.store.profile(a).unwrap().massage_level,
            Some(MassageLevel::Five)
        );
        // Cancelling asks first, then tells the one still waiting.
        focus_on(&mut h, tr(lang, "Cancel this course", "取消此课程"));
        keys(&mut h, &["enter"]);
        assert!(h.focused_text().contains(tr(
            lang,
            "Cancel Roster screen course?",
            "取消Roster screen course？"
        )));
        keys(&mut h, &["y"]);
        assert_eq!(
            h.app.announcement(),
            tr(
                lang,
                "Cancelled Roster screen course. Registrations ended: 1.",
                "已取消Roster screen course。结束的报名：1份。"
            )
        );
        keys(&mut h, &["ctrl-home"]);
        assert!(
            h.at_cursor()
                .starts_with(tr(lang, "This course was cancelled on", "此课程已于")),
            "{}",
            h.at_cursor()
        );
        let waiting = h
            .store
            .enrollments(b)
            .unwrap()
            .into_iter()
            .find(|e| e.course_id == course.id)
            .unwrap();
        assert_eq!(waiting.status, EnrollmentStatus::Cancelled);
        assert_eq!(waiting.history.last().unwrap().note, COURSE_CANCELLED_NOTE);
    }
}
