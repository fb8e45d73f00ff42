//! What's new since a jobseeker's last visit, on screen in both languages
//! (the sentence at login, the menu entry, one row a change, dismissing),
//! saved searches from the job list, the kiosk hearing the same, and who
//! may read and dismiss through the server.

use crate::common::server::TestServer;
use crate::common::{self, Harness};
use jobdesk::domain::{Actor, ApplicationStatus, Id};
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::store::{
    ApplicationChange, ApplyRequest, JobQuery, NewSavedSearch, SqliteStore, Store, StoreError,
    new_request_id,
};
use ratatui::backend::TestBackend;

fn keys(h: &mut Harness<TestBackend>, keys: &[&str]) {
    for k in keys {
        h.key(k);
        h.check_contract();
    }
}

/// A new start of the one-person desk on the same file: a new visit.
fn restart(h: &mut Harness<TestBackend>, lang: Lang, me: Id) {
    let (app, startup) = jobdesk::ui::App::new(
        common::settings(lang),
        Keymap::default_keys(),
        false,
        jobdesk::clock::Clock::now(&h.clock),
        Some(me),
        (100, 24),
    );
    h.app = app;
    h.begin(|_| startup);
    h.check_contract();
}

/// The demo jobseeker's desk, opened once (their first visit), with the
/// seed's recommendations already heard so only what the test does is new.
fn desk(lang: Lang) -> (Harness<TestBackend>, Id, Id) {
    let (dir, store, report) = common::seeded(lang, 40);
    let me = report.me.expect("the demo jobseeker");
    let counselor = report.counselor.expect("the demo counselor");
    store.mark_recommendations_seen(me).expect("seen");
    let h = Harness::on(
        TestBackend::new(100, 24),
        dir,
        store,
        Some(me),
        common::settings(lang),
        Keymap::default_keys(),
    );
    (h, me, counselor)
}

/// The person applies to the first job; their counselor passes on the
/// employer's answers up to an interview invitation.
fn employer_answers(store: &SqliteStore, me: Id, counselor: Id) -> (String, String) {
    let job = store
        .search_jobs(&JobQuery {
            page_size: 1,
            ..JobQuery::default()
        })
        .expect("jobs")
        .items[0]
        .clone();
    let a = store
        .apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: job.id,
            profile_id: me,
            note: String::new(),
            by: Actor::Jobseeker(me),
        })
        .expect("applied");
    for (to, note) in [
        (ApplicationStatus::UnderReview, ""),
        (ApplicationStatus::Referred, ""),
        (ApplicationStatus::InterviewScheduled, "room 3"),
    ] {
        store
            .change_application(&ApplicationChange {
                request_id: new_request_id(),
                application_id: a.id,
                to,
                note: note.into(),
                by: Actor::Counselor(counselor),
            })
            .expect("changed");
    }
    (job.title, job.employer_name)
}

struct Words {
    told: &'static str,
    menu: &'static str,
    heading: &'static str,
    interview: &'static str,
    referred: &'static str,
    dismissed: &'static str,
    dismiss_help: &'static str,
    date: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            told: "What's new: 1 application changed, 1 interview invitation. It is first on your main menu.",
            menu: "What's new, 3",
            heading: "What's new since your last visit, 3",
            interview: "1 of 3: Interview invitation, ",
            referred: "1 of 2: Referred to the employer, ",
            dismissed: "Dismissed. 2 left.",
            dismiss_help: "Delete: Dismiss or delete the focused item",
            date: "29 Nov",
        },
        Lang::ZhCn => Words {
            told: "新动态：1份申请有变化，1个面试邀请。在主菜单第一项。",
            menu: "新动态，3条",
            heading: "您上次来访以来的新动态，3条",
            interview: "第1条，共3条：面试邀请，",
            referred: "第1条，共2条：已推荐给用人单位，",
            dismissed: "已移除。还剩2条。",
            dismiss_help: "移除或删除当前这一条",
            date: "11月29日",
        },
    }
}

fn whats_new_is_told_listed_opened_and_dismissed(lang: Lang) {
    let w = words(lang);
    let (mut h, me, counselor) = desk(lang);
    // Nothing new on the first visit: the menu is as it always was.
    let plain_menu = h.app.view().items.len();
    assert!(!h.screen().contains(w.menu), "{}", h.screen());
    let (title, employer) = employer_answers(&h.store, me, counselor);

    // The next visit: one sentence, and What's new first on the menu.
    restart(&mut h, lang, me);
    assert_eq!(h.app.announcement(), w.told);
    assert_eq!(h.app.view().items.len(), plain_menu + 1);
    let first = common_position(lang, 1, plain_menu + 1, w.menu);
    assert_eq!(h.at_cursor().trim_end(), first);

    // The list: one self-contained row a change, newest first.
    keys(&mut h, &["enter"]);
    assert_eq!(h.app.view().heading, w.heading);
    let row = h.focused_text();
    assert_eq!(
        row,
        format!(
            "{}{title}{sep}{employer}{sep}{}{}",
            w.interview,
            w.date,
            if lang == Lang::En {
                ": room 3"
            } else {
                "：room 3"
            },
            sep = if lang == Lang::En { ", " } else { "，" },
        )
    );
    assert!(row.starts_with(h.at_cursor().trim_end().trim_end_matches('…')));
    keys(&mut h, &["down"]);
    assert!(h.at_cursor().contains(&title), "{}", h.screen());
    keys(&mut h, &["up"]);

    // The help lists the dismiss key; dismissed, the row is gone.
    keys(&mut h, &["f1"]);
    assert!(h.screen().contains(w.dismiss_help), "{}", h.screen());
    keys(&mut h, &["esc", "delete"]);
    assert_eq!(h.app.announcement(), w.dismissed);
    assert!(h.at_cursor().starts_with(w.referred), "{}", h.at_cursor());
    assert!(h.at_cursor().contains(&title));

    // Enter opens the application.
    keys(&mut h, &["enter"]);
    assert!(h.app.view().heading.contains(&title), "{}", h.screen());
    keys(&mut h, &["esc", "esc"]);
    // Back on the menu: two left, the focus still on What's new.
    let two = w.menu.replace('3', "2");
    assert_eq!(
        h.at_cursor().trim_end(),
        common_position(lang, 1, plain_menu + 1, &two)
    );

    // Dismissed ones do not come back, even in the same visit's list.
    let news = h.store.whats_new(me).expect("what's new");
    assert_eq!(news.changes.len(), 2);
    assert!(
        news.changes
            .iter()
            .all(|c| !c.key.ends_with(":3") || !c.key.starts_with("application"))
    );

    // The visit after: nothing new, the menu as it was.
    restart(&mut h, lang, me);
    assert_eq!(h.app.view().items.len(), plain_menu);
    assert!(!h.screen().contains(&two), "{}", h.screen());
    assert!(!h.app.announcement().contains(w.told));
}

/// "1 of 9: text", in the language.
fn common_position(lang: Lang, n: usize, total: usize, text: &str) -> String {
    jobdesk::ui::screens::position(lang, n, &total.to_string(), text)
}

#[test]
fn whats_new_is_told_listed_opened_and_dismissed_in_english() {
    whats_new_is_told_listed_opened_and_dismissed(Lang::En);
}

#[test]
fn whats_new_is_told_listed_opened_and_dismissed_in_chinese() {
    whats_new_is_told_listed_opened_and_dismissed(Lang::ZhCn);
}

struct SearchWords {
    save_heading: &'static str,
    name_field: &'static str,
    saved: &'static str,
    list_row: &'static str,
    deleted: &'static str,
    told: &'static str,
    row: &'static str,
}

fn search_words(lang: Lang) -> SearchWords {
    match lang {
        Lang::En => SearchWords {
            save_heading: "Save this search: words 'massage'",
            name_field: "Name (required): massage",
            saved: "Search saved as 'massage'. What's new will tell the new jobs that match it.",
            list_row: "1 of 1: massage: words 'massage'",
            deleted: "Saved search 'massage' deleted.",
            told: "What's new: 1 new job for your saved searches.",
            row: "1 of 1: 1 new job for 'massage'",
        },
        Lang::ZhCn => SearchWords {
            save_heading: "保存本次搜索：关键词“massage”",
            name_field: "名称（必填）：massage",
            saved: "搜索已保存为“massage”。有符合的新岗位时，新动态会告诉您。",
            list_row: "第1条，共1条：massage：关键词“massage”",
            deleted: "已删除保存的搜索“massage”。",
            told: "新动态：您保存的搜索有1个新岗位。",
            row: "第1条，共1条：“massage”有1个新岗位",
        },
    }
}

fn type_text(h: &mut Harness<TestBackend>, text: &str) {
    for c in text.chars() {
        keys(h, &[&c.to_string()]);
    }
}

fn a_saved_search_tells_new_jobs(lang: Lang) {
    let w = search_words(lang);
    let (mut h, me, _) = desk(lang);
    // The job list (second on the menu), a search, then save it.
    let jobs = h.app.lang.get("home.jobs").to_string();
    while !h.focused_text().contains(&jobs) {
        keys(&mut h, &["down"]);
    }
    keys(&mut h, &["enter"]);
    type_text(&mut h, "massage");
    keys(&mut h, &["enter", "ctrl-s"]);
    assert_eq!(h.app.view().heading, w.save_heading);
    // The caret at the end of the suggested name.
    assert_eq!(h.focused_text(), w.name_field);
    assert_eq!(h.at_cursor().trim_end(), "");
    keys(&mut h, &["enter"]);
    assert_eq!(h.app.announcement(), w.saved);
    // Listed; Enter runs it again, with its words.
    keys(&mut h, &["ctrl-o"]);
    assert_eq!(h.at_cursor().trim_end(), w.list_row);
    keys(&mut h, &["enter"]);
    assert!(h.app.view().heading.contains("massage"), "{}", h.screen());
    keys(&mut h, &["esc"]);
    assert_eq!(h.at_cursor().trim_end(), w.list_row);

    // A matching job is posted; the next visit tells it.
    let mut job = h
        .store
        .job(
            h.store
                .search_jobs(&JobQuery {
                    text: "massage".into(),
                    page_size: 1,
                    ..JobQuery::default()
                })
                .expect("jobs")
                .items[0]
                .id,
        )
        .expect("a job");
    job.title = format!("{} 2", job.title);
    let posted = h
        .store
        .post_job(
            Actor::Admin(1),
            jobdesk::domain::NewJob {
                employer_id: job.employer_id,
                title: job.title.clone(),
                kind: job.kind,
                district: job.district,
                address: job.address.clone(),
                description: job.description.clone(),
                salary_min: job.salary_min,
                salary_max: job.salary_max,
                openings: 1,
                suits_visual: job.suits_visual,
                remote: job.remote,
                requires_practice_certificate: false,
                accommodations: String::new(),
                how_to_apply: String::new(),
                posted_on: common::today(),
                closes_on: common::today() + chrono::Duration::days(30),
            },
        )
        .expect("posted");
    restart(&mut h, lang, me);
    assert!(
        h.app.announcement().starts_with(w.told),
        "{}",
        h.app.announcement()
    );
    keys(&mut h, &["enter"]);
    assert_eq!(h.at_cursor().trim_end(), w.row);
    // It opens the jobs of the search, the new one among them.
    keys(&mut h, &["enter"]);
    assert!(h.screen().contains(&posted.title), "{}", h.screen());

    // Deleted from the list of saved searches.
    keys(&mut h, &["ctrl-o", "delete"]);
    assert_eq!(h.app.announcement(), w.deleted);
    assert!(h.store.saved_searches(me).expect("searches").is_empty());
}

#[test]
fn a_saved_search_tells_new_jobs_in_english() {
    a_saved_search_tells_new_jobs(Lang::En);
}

#[test]
fn a_saved_search_tells_new_jobs_in_chinese() {
    a_saved_search_tells_new_jobs(Lang::ZhCn);
}

/// Through the server a person reads and dismisses only their own; a
/// counselor does not read the person's what's new, nor save searches for
/// them.
#[test]
fn only_the_person_reads_and_dismisses_their_whats_new() {
    let server = TestServer::new(Lang::En, 10);
    let me = server.client_as("me");
    let coach = server.client_as("coach");
    let who = server.me;
    me.begin_visit(who, "v1").expect("visit");
    assert!(me.whats_new(who).is_ok());
    assert_eq!(coach.whats_new(who).unwrap_err(), StoreError::Forbidden);
    assert_eq!(
        coach.begin_visit(who, "v2").unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(
        coach.dismiss_new(who, "recommendation:1").unwrap_err(),
        StoreError::Forbidden
    );
    let search = NewSavedSearch {
        profile_id: who,
        name: "mine".into(),
        query: JobQuery::default(),
    };
    assert_eq!(
        coach.save_search(&search).unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(
        coach.saved_searches(who).unwrap_err(),
        StoreError::Forbidden
    );
    let saved = me.save_search(&search).expect("saved");
    assert_eq!(
        coach.delete_saved_search(who, saved.id).unwrap_err(),
        StoreError::Forbidden
    );
    assert_eq!(me.saved_searches(who).expect("mine").len(), 1);
    // The refused attempts are audited.
    let audit = server.direct().audit_entries(who).expect("audit");
    assert!(
        audit
            .iter()
            .any(|(_, _, what)| what == "read what's new: refused (forbidden)"),
        "{audit:?}"
    );
}

/// What the kiosk says after login when something changed, in a language.
struct KioskWords {
    told: &'static str,
    heading: &'static str,
    row: &'static str,
    dismissed: &'static str,
}

/// The kiosk reads the same after login, heard through `--speech file:`:
/// the sentence, What's new first on the menu, its rows, and the keypad's
/// Del dismissing one.
fn the_kiosk_reads_whats_new_after_login(lang: &str, w: &KioskWords) {
    use crate::common::pty::{self, Pty, said};
    let home = tempfile::tempdir().expect("home");
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
    pty::wait_said(&file, "the welcome", |lines| !lines.is_empty());
    p.wait_for("the welcome", |p| p.cursor_on_focus());
    // A visit before this one, then the employer's answers.
    let db = std::fs::read_dir(home.path())
        .expect("home")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("jobdesk-demo-") && n.ends_with(".db"))
        })
        .expect("the demo database");
    let store = SqliteStore::open(&db).expect("store");
    let Some(Actor::Jobseeker(me)) = store.current_user().expect("user") else {
        panic!("no demo jobseeker");
    };
    store.mark_recommendations_seen(me).expect("seen");
    store.begin_visit(me, "an earlier visit").expect("visit");
    employer_answers(&store, me, 1);

    // Log in with the keypad alone: the mobile number and the PIN.
    let before = said(&file).len();
    for key in ["7", "2", "2", "2", "5", "5"] {
        p.send(key);
    }
    p.send("13800000001");
    p.send("\r");
    p.send("5");
    p.send(jobdesk::app::demo::DEMO_PIN);
    p.send("\r");
    pty::wait_said(&file, "what's new at login", |lines| {
        lines.len() > before && lines.iter().skip(before).any(|l| l.contains(w.told))
    });
    p.wait_for("the cursor on the focused line", |p| p.cursor_on_focus());
    let before = said(&file).len();
    p.send("5");
    pty::wait_said(&file, "the first change", |lines| {
        let new = &lines[before.min(lines.len())..];
        new.iter().any(|l| l.contains(w.heading)) && new.iter().any(|l| l.contains(w.row))
    });
    p.wait_for("the cursor on the focused line", |p| p.cursor_on_focus());
    // The keypad's Del (Num Lock off).
    let before = said(&file).len();
    p.send("\x1b[3~");
    pty::wait_said(&file, "dismissed", |lines| {
        lines[before.min(lines.len())..]
            .iter()
            .any(|l| l.contains(w.dismissed))
    });
    p.send("/");
}

#[test]
fn the_kiosk_reads_whats_new_after_login_en() {
    the_kiosk_reads_whats_new_after_login(
        "en",
        &KioskWords {
            told: "What's new: 1 application changed, 1 interview invitation.",
            heading: "What's new since your last visit, 3",
            row: "1 of 3: Interview invitation, ",
            dismissed: "Dismissed. 2 left.",
        },
    );
}

#[test]
fn the_kiosk_reads_whats_new_after_login_zh() {
    the_kiosk_reads_whats_new_after_login(
        "zh-CN",
        &KioskWords {
            told: "新动态：1份申请有变化，1个面试邀请。",
            heading: "您上次来访以来的新动态，3条",
            row: "第1条，共3条：面试邀请，",
            dismissed: "已移除。还剩2条。",
        },
    );
}
