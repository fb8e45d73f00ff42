//! Casework from the job and course pages, in both languages: a counselor
//! recommends to people of the caseload and applies or registers for a
//! person who agreed; the jobseeker hears the recommendations at login and
//! reads them on the main menu; histories name the counselor and the
//! person.

use crate::common::{self, Harness};
use jobdesk::domain::casework::{CaseChange, CaseEdit, RecommendRequest, Recommended};
use jobdesk::domain::{Actor, Id};
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::store::accounts::Accounts;
use jobdesk::store::{JobQuery, Store, new_request_id};
use jobdesk::ui::DeskStart;
use jobdesk::ui::screens::desk::Desk;
use ratatui::backend::TestBackend;

struct Words {
    me: &'static str,
    recommend: &'static str,
    apply_for: &'static str,
    register_someone: &'static str,
    chosen_1: &'static str,
    chosen_2: &'static str,
    recommended_to: &'static str,
    no_agreement: &'static str,
    by_your_counselor: &'static str,
    by_li_na: &'static str,
    already: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            me: "Zhang Wei",
            recommend: "Recommend to people in my caseload",
            apply_for: "Apply for someone in my caseload",
            register_someone: "Register someone in my caseload",
            chosen_1: "1 chosen.",
            chosen_2: "2 chosen.",
            recommended_to: "Recommended to Zhang Wei and ",
            no_agreement: "Nothing was sent: Zhang Wei has not agreed that you act for them.",
            by_your_counselor: "by your counselor Li Na",
            by_li_na: ", recommended by Li Na on 29 Nov: near your home",
            already: ", recommended this job on 29 Nov",
        },
        Lang::ZhCn => Words {
            me: "张伟",
            recommend: "推荐给我服务的人",
            apply_for: "为我服务的人申请",
            register_someone: "为我服务的人报名",
            chosen_1: "已选1人。",
            chosen_2: "已选2人。",
            recommended_to: "已推荐给张伟和",
            no_agreement: "没有发送：张伟还没有同意由您代为办理。",
            by_your_counselor: "操作人：您的就业辅导员李娜",
            by_li_na: "，李娜于11月29日推荐：near your home",
            already: "，已在11月29日推荐过这个岗位",
        },
    }
}

/// The seeded file at the desk of its counselor, Li Na, already logged in.
fn counselors_desk(lang: Lang) -> (Harness<TestBackend>, Id, Id) {
    let (dir, store, report) = common::seeded(lang, 40);
    let counselor = report.counselor.expect("the demo counselor");
    let me = report.me.expect("the demo jobseeker");
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
            DeskStart::LoggedIn(Actor::Counselor(counselor)),
        )
    });
    (h, counselor, me)
}

fn keys(h: &mut Harness<TestBackend>, keys: &[&str]) {
    for k in keys {
        h.key(k);
        h.check_contract();
    }
}

fn type_checked(h: &mut Harness<TestBackend>, text: &str) {
    for c in text.chars() {
        let spec = if c == ' ' {
            "space".to_string()
        } else {
            c.to_string()
        };
        keys(h, &[&spec]);
    }
}

/// Opens the first job of the list and focuses its line `action`.
fn open_first_job_at(h: &mut Harness<TestBackend>, action: &str) {
    // From the counselor's menu (under the caseload the desk opens on).
    keys(h, &["alt-h"]);
    let jobs = h.app.lang.get("home.jobs").to_string();
    focus_line(h, &jobs);
    keys(h, &["enter"]);
    keys(h, &["enter"]);
    assert!(h.app.view().heading.contains([':', '：']), "{}", h.screen());
    focus_line(h, action);
}

/// Moves up from the last line until the focused line holds `text`.
fn focus_line(h: &mut Harness<TestBackend>, text: &str) {
    keys(h, &["ctrl-end"]);
    for _ in 0..40 {
        if h.focused_text().contains(text) {
            return;
        }
        keys(h, &["up"]);
    }
    panic!("no line {text:?} on\n{}", h.screen());
}

fn agree(h: &Harness<TestBackend>, counselor: Id, person: Id, agreed: bool) {
    h.store
        .change_case(&CaseChange {
            request_id: new_request_id(),
            profile_id: person,
            by: Actor::Counselor(counselor),
            edit: CaseEdit::Agreement { agreed },
        })
        .expect("agreement recorded");
}

fn recommend_job_to_two(lang: Lang) {
    let w = words(lang);
    let (mut h, _counselor, me) = counselors_desk(lang);
    open_first_job_at(&mut h, w.recommend);
    let job_heading = h.app.view().heading;
    keys(&mut h, &["enter"]);
    let screen = h.screen();
    assert!(
        screen.contains(if lang == Lang::En {
            "0 chosen"
        } else {
            "已选0人"
        }),
        "{screen}"
    );
    // Typing a name narrows the caseload to it, from the field at the top.
    type_checked(&mut h, w.me);
    assert!(h.focused_text().contains(w.me), "{}", h.focused_text());
    keys(&mut h, &["enter"]);
    assert!(h.at_cursor().contains(w.me), "{}", h.screen());
    assert!(
        h.at_cursor().starts_with(if lang == Lang::En {
            "1 of 1: "
        } else {
            "第1条，共1条："
        }),
        "{}",
        h.at_cursor()
    );
    // Space chooses; the row and the count say so.
    keys(&mut h, &["space"]);
    assert_eq!(h.app.announcement(), w.chosen_1);
    assert!(
        h.at_cursor().contains(if lang == Lang::En {
            ", chosen"
        } else {
            "，已选"
        }),
        "{}",
        h.at_cursor()
    );
    // Esc in the field empties it: everyone again; Enter chooses another.
    keys(&mut h, &["up", "esc"]);
    keys(&mut h, &["down"]);
    if h.focused_text().contains(w.me) {
        keys(&mut h, &["down"]);
    }
    let other = h.focused_text();
    keys(&mut h, &["enter"]);
    assert_eq!(h.app.announcement(), w.chosen_2);
    // An optional note, then the line that sends.
    focus_line(
        &mut h,
        if lang == Lang::En {
            "Note for them"
        } else {
            "给他们的留言"
        },
    );
    type_checked(&mut h, "near your home");
    keys(&mut h, &["down"]);
    assert!(
        h.at_cursor().contains(if lang == Lang::En {
            "Recommend to 2 people"
        } else {
            "推荐给2人"
        }),
        "{}",
        h.screen()
    );
    keys(&mut h, &["enter"]);
    assert!(h.screen().contains(w.me), "{}", h.screen());
    keys(&mut h, &["y"]);
    let said = h.app.announcement().to_string();
    assert!(said.starts_with(w.recommended_to), "{said}");
    assert!(
        other.contains(
            said.trim_start_matches(w.recommended_to)
                .trim_end_matches(['.', '。'])
        ),
        "{said} / {other}"
    );
    assert_eq!(h.app.view().heading, job_heading, "back on the job");
    let made = h.store.recommendations(me).expect("recommendations");
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].note, "near your home");
    assert!(!made[0].seen);

    // Chosen again, the person reads as recommended already.
    focus_line(&mut h, w.recommend);
    keys(&mut h, &["enter"]);
    type_checked(&mut h, w.me);
    keys(&mut h, &["enter"]);
    assert!(h.at_cursor().contains(w.already), "{}", h.at_cursor());
    // Nothing chosen, nothing lost: Esc goes straight back.
    keys(&mut h, &["esc"]);
    assert_eq!(h.app.view().heading, job_heading);
}

#[test]
fn a_counselor_recommends_a_job_to_people_of_the_caseload() {
    recommend_job_to_two(Lang::En);
}

#[test]
fn a_counselor_recommends_a_job_in_chinese() {
    recommend_job_to_two(Lang::ZhCn);
}

fn apply_on_behalf(lang: Lang) {
    let w = words(lang);
    let (mut h, counselor, me) = counselors_desk(lang);
    agree(&h, counselor, me, false);
    open_first_job_at(&mut h, w.apply_for);
    keys(&mut h, &["enter"]);
    type_checked(&mut h, w.me);
    keys(&mut h, &["enter"]);
    // One person: Enter picks them and the application form opens.
    keys(&mut h, &["enter"]);
    let heading = h.app.view().heading;
    assert!(heading.contains(w.me), "{heading}");
    focus_line(
        &mut h,
        if lang == Lang::En {
            "Send the application"
        } else {
            "提交申请"
        },
    );
    keys(&mut h, &["enter", "y"]);
    assert!(
        h.app.announcement().starts_with(w.no_agreement),
        "{}",
        h.app.announcement()
    );
    let before = h.store.applications(me).expect("applications").len();
    // Recorded, it goes through, in the person's name by the counselor.
    agree(&h, counselor, me, true);
    focus_line(
        &mut h,
        if lang == Lang::En {
            "Send the application"
        } else {
            "提交申请"
        },
    );
    keys(&mut h, &["enter", "y"]);
    let said = h.app.announcement().to_string();
    assert!(said.contains(w.me), "{said}");
    let apps = h.store.applications(me).expect("applications");
    assert_eq!(apps.len(), before + 1);
    let app = apps
        .iter()
        .find(|a| {
            a.history
                .iter()
                .any(|e| e.by == Actor::Counselor(counselor))
        })
        .expect("the application made for them");
    assert!(said.contains(&app.reference), "{said}");

    // The person reads its history with their counselor's name.
    as_jobseeker(&mut h, lang, me);
    focus_line(
        &mut h,
        if lang == Lang::En {
            "My applications"
        } else {
            "我的求职申请"
        },
    );
    keys(&mut h, &["enter"]);
    for _ in 0..apps.len() {
        if h.focused_text().contains(&app.reference) {
            break;
        }
        keys(&mut h, &["down"]);
    }
    keys(&mut h, &["enter"]);
    // (A long line is split into parts on screen; the line is whole.)
    assert!(
        h.app
            .view()
            .items
            .iter()
            .any(|i| i.text.contains(w.by_your_counselor)),
        "{}",
        h.screen()
    );
}

/// The same file at a one-person desk of the jobseeker: a new start, as
/// when they open jobdesk.
fn as_jobseeker(h: &mut Harness<TestBackend>, lang: Lang, me: Id) {
    let (app, startup) = jobdesk::ui::App::new(
        common::settings(lang),
        Keymap::default_keys(),
        false,
        jobdesk::clock::Clock::now(&h.clock),
        Some(me),
        (80, 24),
    );
    h.app = app;
    h.begin(|_| startup);
    h.check_contract();
}

#[test]
fn a_counselor_applies_for_a_person_only_with_their_agreement() {
    apply_on_behalf(Lang::En);
}

#[test]
fn a_counselor_applies_for_a_person_in_chinese() {
    apply_on_behalf(Lang::ZhCn);
}

fn register_on_behalf(lang: Lang) {
    let w = words(lang);
    let (mut h, counselor, me) = counselors_desk(lang);
    agree(&h, counselor, me, true);
    keys(&mut h, &["alt-h"]);
    focus_line(
        &mut h,
        if lang == Lang::En {
            "Massage training courses"
        } else {
            "按摩培训课程"
        },
    );
    keys(&mut h, &["enter", "enter"]);
    let course_heading = h.app.view().heading;
    focus_line(&mut h, w.register_someone);
    // The course page offers recommending it too.
    keys(&mut h, &["up"]);
    assert!(h.focused_text().contains(w.recommend), "{}", h.screen());
    keys(&mut h, &["down", "enter"]);
    type_checked(&mut h, w.me);
    keys(&mut h, &["enter", "enter"]);
    let heading = h.app.view().heading;
    assert!(heading.contains(w.me), "{heading}");
    assert_ne!(heading, course_heading);
    // The person's own eligibility, then the line that registers them.
    let screen = h.screen();
    assert!(screen.contains(w.me), "{screen}");
    let before = h.store.enrollments(me).expect("enrollments").len();
    keys(&mut h, &["ctrl-end"]);
    let line = h.focused_text();
    if line.contains(w.me)
        && h.app
            .view()
            .focused()
            .is_some_and(|i| i.kind == jobdesk::ui::view::ItemKind::Row)
    {
        keys(&mut h, &["enter", "y"]);
        let said = h.app.announcement().to_string();
        assert!(said.contains(w.me), "{said}");
        assert_eq!(
            h.store.enrollments(me).expect("enrollments").len(),
            before + 1
        );
    } else {
        // Not eligible for the first course: the reasons are read instead.
        assert!(screen.contains(w.me), "{screen}");
    }
}

#[test]
fn a_counselor_registers_a_person_for_a_course() {
    register_on_behalf(Lang::En);
}

#[test]
fn a_counselor_registers_a_person_in_chinese() {
    register_on_behalf(Lang::ZhCn);
}

fn hears_recommendations(lang: Lang) {
    let w = words(lang);
    let (mut h, counselor, me) = counselors_desk(lang);
    let jobs = h
        .store
        .search_jobs(&JobQuery {
            page_size: 2,
            ..JobQuery::default()
        })
        .expect("jobs");
    let course = h
        .store
        .search_courses(&Default::default())
        .expect("courses")
        .items[0]
        .clone();
    let targets = [
        Recommended::Course(course.id),
        Recommended::Job(jobs.items[1].id),
        Recommended::Job(jobs.items[0].id),
    ];
    for target in targets {
        h.store
            .recommend(&RecommendRequest {
                request_id: new_request_id(),
                by: Actor::Counselor(counselor),
                target,
                profile_ids: vec![me],
                note: "near your home".into(),
            })
            .expect("recommended");
    }
    // The demo's own recommendations, older, are new too.
    let all = h.store.recommendations(me).expect("recommendations");
    let new_jobs = all
        .iter()
        .filter(|r| !r.seen && matches!(r.target, Recommended::Job(_)))
        .count();
    let new_courses = all.iter().filter(|r| !r.seen).count() - new_jobs;
    // Said in the one sentence of what's new (issue 15), which counts
    // them together.
    let told = match lang {
        Lang::En => format!(
            "What's new: {} recommendations from your counselor.",
            new_jobs + new_courses
        ),
        Lang::ZhCn => format!("新动态：就业辅导员给您{}条推荐。", new_jobs + new_courses),
    };
    let total = all.len();
    let menu_new = match lang {
        Lang::En => format!(
            "2 of 10: Recommended for you, {} new",
            new_jobs + new_courses
        ),
        Lang::ZhCn => format!("第2条，共10条：为您推荐，{}条新的", new_jobs + new_courses),
    };
    let menu_none_new = match lang {
        Lang::En => format!("1 of 9: Recommended for you, {total}, none new"),
        Lang::ZhCn => format!("第1条，共9条：为您推荐，共{total}条，没有新的"),
    };
    as_jobseeker(&mut h, lang, me);
    // Said at the start, and first on the menu.
    assert!(
        h.app.announcement().starts_with(&told),
        "{}",
        h.app.announcement()
    );
    assert!(
        h.said.0.borrow().iter().any(|s| s.contains(&told)),
        "{:?}",
        h.said.0.borrow()
    );
    // What's new comes first; the recommendations next.
    keys(&mut h, &["down"]);
    assert_eq!(h.at_cursor(), menu_new);
    // The list: one row each, newest first; opening it marks them seen.
    keys(&mut h, &["enter"]);
    // The row may be cut at the width; the item (and speech) is whole.
    let first = h.focused_text();
    assert!(first.starts_with(h.at_cursor().trim_end_matches('…')));
    assert!(
        first.starts_with(&format!(
            "{}{}",
            if lang == Lang::En {
                format!("1 of {total}: ")
            } else {
                format!("第1条，共{total}条：")
            },
            jobs.items[0].title
        )),
        "{first}"
    );
    assert!(first.ends_with(w.by_li_na), "{first}");
    assert!(h.screen().contains(&course.title), "{}", h.screen());
    assert!(
        h.store
            .recommendations(me)
            .expect("recommendations")
            .iter()
            .all(|r| r.seen)
    );
    // Enter opens the job.
    keys(&mut h, &["enter"]);
    assert!(
        h.app.view().heading.contains(&jobs.items[0].title),
        "{}",
        h.screen()
    );
    keys(&mut h, &["esc", "esc"]);
    assert_eq!(h.at_cursor(), menu_none_new);
    // Heard once: the next start says nothing of them.
    as_jobseeker(&mut h, lang, me);
    assert!(!h.app.announcement().contains(&told));
    assert_eq!(h.at_cursor(), menu_none_new);
}

#[test]
fn the_jobseeker_hears_and_reads_recommendations() {
    hears_recommendations(Lang::En);
}

#[test]
fn the_jobseeker_hears_and_reads_recommendations_in_chinese() {
    hears_recommendations(Lang::ZhCn);
}

/// The caseload answers after the counselor began typing a name (a slow
/// server): the focus stays in the field, so Enter searches instead of
/// choosing whoever the answer put under it.
fn late_caseload_keeps_the_name_field(lang: Lang) {
    let w = words(lang);
    let (mut h, _counselor, _me) = counselors_desk(lang);
    open_first_job_at(&mut h, w.recommend);
    // Enter opens the chooser; its call for the caseload is held back.
    let enter = jobdesk::keymap::KeyPress::parse("enter").expect("enter");
    let held = jobdesk::ui::update(&mut h.app, jobdesk::ui::Msg::Key(enter));
    assert!(
        held.iter()
            .any(|e| matches!(e, jobdesk::ui::Effect::Store(..))),
        "the chooser asks for the caseload"
    );
    type_checked(&mut h, w.me);
    h.begin(|_| held);
    assert!(h.focused_text().contains(w.me), "{}", h.screen());
    keys(&mut h, &["enter"]);
    assert!(h.at_cursor().contains(w.me), "{}", h.screen());
    assert_ne!(h.app.announcement(), w.chosen_1, "{}", h.screen());
    assert!(
        h.screen().contains(if lang == Lang::En {
            "0 chosen"
        } else {
            "已选0人"
        }),
        "{}",
        h.screen()
    );
}

#[test]
fn a_late_caseload_keeps_the_name_being_typed() {
    late_caseload_keeps_the_name_field(Lang::En);
}

#[test]
fn a_late_caseload_keeps_the_name_being_typed_in_chinese() {
    late_caseload_keeps_the_name_field(Lang::ZhCn);
}
