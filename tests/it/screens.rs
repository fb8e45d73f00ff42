//! Screens through `TestBackend`: the contract checked after every key of
//! every flow, in both languages, with snapshots of the text.

use crate::common;
use crate::common::{Harness, buffer_rows};
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use ratatui::backend::TestBackend;

/// Presses keys one by one, checking the contract after each.
fn keys(h: &mut Harness<TestBackend>, keys: &[&str]) {
    for k in keys {
        h.key(k);
        h.check_contract();
    }
}

fn typed(h: &mut Harness<TestBackend>, text: &str) {
    for c in text.chars() {
        h.type_text(&c.to_string());
        h.check_contract();
    }
}

fn find_then_apply_then_withdraw(lang: Lang, query: &str, note: &str) {
    let name = format!("{lang:?}");
    let mut h = Harness::new(lang, 80, 24);
    h.check_contract();
    insta::assert_snapshot!(format!("{name}_home"), h.screen());

    keys(&mut h, &["enter"]);
    assert!(h.at_cursor().starts_with(if lang == Lang::En {
        "1 of 40: "
    } else {
        "第1条，共40条："
    }));
    typed(&mut h, query);
    keys(&mut h, &["enter"]);
    insta::assert_snapshot!(format!("{name}_search_results"), h.screen());
    let first = h.at_cursor();
    assert!(
        first.contains(query) || first.to_lowercase().contains(&query.to_lowercase()),
        "{first}"
    );
    assert!(
        h.said
            .last()
            .contains(&first.chars().take(20).collect::<String>())
    );

    keys(&mut h, &["enter"]);
    insta::assert_snapshot!(format!("{name}_job_detail"), h.screen());
    keys(&mut h, &["down", "down", "ctrl-end"]);
    assert_eq!(
        h.at_cursor(),
        if lang == Lang::En {
            "15 of 15: Apply for this job"
        } else {
            "第15条，共15条：申请这个岗位"
        }
    );
    keys(&mut h, &["enter"]);
    typed(&mut h, note);
    // The caret is at the end of what was typed.
    assert!(
        h.at_cursor().is_empty(),
        "caret not at the end: {:?}",
        h.at_cursor()
    );
    keys(&mut h, &["enter"]);
    insta::assert_snapshot!(format!("{name}_confirm_apply"), h.screen());
    keys(&mut h, &["y"]);
    let announcement = h.app.announcement().to_string();
    assert!(announcement.contains("JD-"), "{announcement}");
    // The announcement is on the last line.
    let bottom = h
        .rows()
        .into_iter()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .join("");
    assert!(bottom.contains("JD-"), "{bottom}");
    assert!(h.said.last().starts_with(&announcement));

    // Home, then My applications.
    keys(&mut h, &["alt-h", "down", "down", "enter"]);
    insta::assert_snapshot!(format!("{name}_my_applications"), h.screen());
    keys(&mut h, &["enter"]);
    keys(&mut h, &["ctrl-end", "enter"]);
    keys(&mut h, &["n"]);
    assert!(h.app.view().heading.contains(if lang == Lang::En {
        "Submitted"
    } else {
        "已提交"
    }));
    keys(&mut h, &["enter", "y"]);
    insta::assert_snapshot!(format!("{name}_withdrawn"), h.screen());
    assert!(h.at_cursor().contains(if lang == Lang::En {
        "Status: Withdrawn"
    } else {
        "状态：已撤回"
    }));
    keys(&mut h, &["esc"]);
    assert!(h.focused_text().contains(if lang == Lang::En {
        "Withdrawn"
    } else {
        "已撤回"
    }));
}

#[test]
fn find_apply_and_withdraw_in_english() {
    find_then_apply_then_withdraw(Lang::En, "massage", "I can start on Monday.");
}

#[test]
fn find_apply_and_withdraw_in_chinese() {
    find_then_apply_then_withdraw(Lang::ZhCn, "按摩", "下周一可以上岗。");
}

#[test]
fn the_cursor_lands_on_the_right_cell_in_chinese() {
    let mut h = Harness::new(Lang::ZhCn, 40, 12);
    keys(&mut h, &["enter"]);
    typed(&mut h, "医疗");
    // "> " + 搜索，输入后按回车： (10 wide characters) + 医疗 (2 wide).
    assert_eq!(h.cursor().x, 2 + 20 + 4);
    assert_eq!(h.cursor().y, 1);
}

#[test]
fn small_terminal_and_resize_keep_focus() {
    let mut h = Harness::new(Lang::En, 40, 12);
    keys(
        &mut h,
        &[
            "enter", "down", "down", "down", "down", "down", "down", "down",
        ],
    );
    let focused = h.app.view().focus;
    let text = h.at_cursor();
    h.resize(80, 24);
    h.check_contract();
    assert_eq!(h.app.view().focus, focused);
    assert!(
        text.starts_with(&h.at_cursor()[..10]),
        "{text} / {}",
        h.at_cursor()
    );
    h.resize(40, 12);
    h.check_contract();
    assert_eq!(h.app.view().focus, focused);
}

#[test]
fn profile_errors_name_the_field_and_take_focus() {
    for (lang, expected) in [
        (
            Lang::En,
            "Error: Certificate number: the check character, the 18th, should be 1, not 2.",
        ),
        (Lang::ZhCn, "错误：残疾人证号：第18位校验码应该是1，不是2。"),
    ] {
        let mut h = Harness::new(lang, 100, 30);
        keys(
            &mut h,
            &[
                "down", "down", "down", "down", "enter", "down", "down", "ctrl-u",
            ],
        );
        typed(&mut h, "37020219900307001211");
        // Down to the save button (long lines are read part by part, so
        // the count of rows is not fixed).
        for _ in 0..30 {
            if h.focused_text() == h.app.lang.get("profile.save") {
                break;
            }
            keys(&mut h, &["tab"]);
        }
        keys(&mut h, &["enter"]);
        // Focus went back to the certificate field, the error is below it.
        let rows = h.rows();
        let y = usize::from(h.cursor().y);
        assert!(rows[y].starts_with("> "), "{}", rows.join("\n"));
        assert_eq!(rows[y + 1].trim(), expected, "{}", rows.join("\n"));
        assert!(
            expected.ends_with(h.app.announcement()),
            "{}",
            h.app.announcement()
        );
        // Nothing was saved.
        let me = h.app.user.unwrap();
        use jobdesk::store::Store;
        assert!(h.store.profile(me).unwrap().certificate.ends_with("11"));
    }
}

#[test]
fn applying_is_refused_until_the_profile_is_complete() {
    let mut h = Harness::without_profile(Lang::En);
    keys(&mut h, &["enter", "enter", "ctrl-end", "enter"]);
    // The long sentence is read in parts, each one row.
    assert!(
        h.at_cursor()
            .starts_with("Part 1 of 3: You cannot apply yet. Your profile still needs: Name,"),
        "{}",
        h.screen()
    );
    assert!(h.app.announcement().contains("Consent"));
    // Past the sentence's other two parts to the line that opens the profile.
    keys(&mut h, &["down", "down", "down", "enter"]);
    assert!(h.app.view().heading.starts_with("My profile"));
    typed(&mut h, "Chen Jing");
    for _ in 0..30 {
        if h.focused_text() == "Save the profile" {
            break;
        }
        keys(&mut h, &["tab"]);
    }
    keys(&mut h, &["enter"]);
    // Saved: the new profile became the user, and the apply screen shows
    // what is still missing.
    assert!(h.app.user.is_some());
    assert!(
        h.app.announcement().contains("Profile saved"),
        "{}",
        h.app.announcement()
    );
    assert!(h.focused_text().contains("Mobile"), "{}", h.screen());
}

#[test]
fn help_lists_the_keys_of_the_current_screen_from_the_keymap_in_force() {
    let mut h = Harness::new(Lang::En, 80, 24);
    keys(&mut h, &["enter", "f1"]);
    let screen = h.screen();
    // Listed (with the saved-search and dismiss keys of issue 15 it is
    // on the help's second page at this size).
    assert!(
        h.app
            .view()
            .items
            .iter()
            .any(|i| i.text.contains("Down arrow: Move to the next line")),
        "{screen}"
    );
    assert!(h.app.view().heading.starts_with("Help for: Jobs"));
    keys(&mut h, &["esc"]);
    assert!(h.app.view().heading.starts_with("Jobs"));
    // In a text field, the text keys are listed too.
    keys(&mut h, &["up", "up", "f1"]);
    assert!(
        h.screen()
            .contains("Backspace: Delete the character before the cursor")
    );

    let (dir, store, report) = common::seeded(Lang::ZhCn, 10);
    let vim = Keymap::built_in("vim").unwrap();
    let mut v = Harness::on(
        TestBackend::new(80, 24),
        dir,
        store,
        report.me,
        common::settings(Lang::ZhCn),
        vim,
    );
    keys(&mut v, &["j", "k", "enter", "?"]);
    assert!(v.screen().contains("j：下一行"), "{}", v.screen());
}

#[test]
fn untrusted_text_from_the_store_is_inert() {
    let mut h = Harness::new(Lang::En, 100, 24);
    // Write a hostile title straight into the file, as a broken server or
    // an old import might have.
    {
        let conn = rusqlite_conn(&h);
        conn.execute(
            "UPDATE jobs SET title = ?1 WHERE id = (SELECT MAX(id) FROM jobs)",
            ["\u{1b}[2J\u{1b}]0;pwned\u{7}Evil\u{202e}Job\u{1b}[31m title\u{200b}\r\nnext"],
        )
        .unwrap();
    }
    keys(&mut h, &["enter"]);
    let rows = h.rows();
    let buffer = h.terminal.backend().buffer().clone();
    for row in buffer_rows(&buffer) {
        assert!(
            !row.chars()
                .any(|c| c.is_control() || c == '\u{202e}' || c == '\u{200b}'),
            "{row:?}"
        );
    }
    assert!(
        rows.iter().any(|r| r.contains("EvilJob title next")),
        "{}",
        rows.join("\n")
    );
    assert!(!h.screen().contains("pwned"));
    assert!(!h.said.last().contains('\u{1b}'));
}

fn rusqlite_conn(h: &Harness<TestBackend>) -> rusqlite::Connection {
    let _ = h;
    let path = std::fs::read_dir(h_dir(h))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "db"))
        .unwrap();
    rusqlite::Connection::open(path).unwrap()
}

fn h_dir(h: &Harness<TestBackend>) -> std::path::PathBuf {
    h.dir()
}

#[test]
fn nothing_redraws_without_a_key() {
    let mut h = Harness::new(Lang::En, 80, 24);
    keys(&mut h, &["enter"]);
    let before = h.screen();
    // Drawing again with no event changes nothing.
    h.terminal.draw(|f| h.app.draw(f)).unwrap();
    assert_eq!(before, h.screen());
}

#[test]
fn no_color_leaves_only_reverse_video_and_bold() {
    use jobdesk::ui::theme::Theme;
    use ratatui::style::{Color, Modifier};
    for high_contrast in [false, true] {
        let theme = Theme::pick(high_contrast, true);
        for style in [
            theme.normal,
            theme.heading,
            theme.focus,
            theme.error,
            theme.announcement,
        ] {
            assert!(
                style.fg.is_none_or(|c| c == Color::Reset)
                    && style.bg.is_none_or(|c| c == Color::Reset),
                "{style:?}"
            );
        }
        assert!(theme.focus.add_modifier.contains(Modifier::REVERSED));
    }
}

#[test]
fn unknown_keys_and_list_ends_are_announced() {
    let mut h = Harness::new(Lang::En, 80, 24);
    keys(&mut h, &["up"]);
    assert_eq!(h.app.announcement(), "First line.");
    keys(&mut h, &["f7"]);
    assert_eq!(
        h.app.announcement(),
        "The key F7 does nothing here. Press F1 for the keys of this screen."
    );
    keys(&mut h, &["esc"]);
    assert!(h.app.announcement().contains("main menu"));
    keys(&mut h, &["ctrl-end", "enter"]);
    assert!(h.app.should_quit());
}

#[test]
fn medical_massage_posts_warn_and_link_to_the_exam_course() {
    for (lang, query, warning, course_title) in [
        (
            Lang::En,
            "medical massage",
            "Warning: this medical massage post needs",
            "Title: Blind medical massage exam preparation",
        ),
        (
            Lang::ZhCn,
            "医疗按摩师",
            "提醒：医疗按摩岗位需要",
            "课程名称：盲人医疗按摩人员考试辅导班",
        ),
    ] {
        let mut h = Harness::new(lang, 100, 40);
        keys(&mut h, &["enter"]);
        typed(&mut h, query);
        keys(&mut h, &["enter", "enter"]);
        let screen = h.screen();
        assert!(screen.contains(warning), "{screen}");
        // The line before "Apply" opens the exam preparation course.
        keys(&mut h, &["ctrl-end", "up"]);
        keys(&mut h, &["enter"]);
        assert!(h.screen().contains(course_title), "{}", h.screen());
        // With the certificate in the profile, no warning.
        keys(&mut h, &["esc"]);
        let me = h.app.user.unwrap();
        use jobdesk::store::Store;
        let mut p = h.store.profile(me).unwrap();
        p.practice_certificate = true;
        h.store
            .save_profile(jobdesk::domain::Actor::Jobseeker(me), p)
            .unwrap();
        keys(&mut h, &["esc", "enter"]);
        assert!(!h.screen().contains(warning), "{}", h.screen());
    }
}

/// Moves down `n` times, checking the contract (one row per item included)
/// after every key.
fn walk(h: &mut Harness<TestBackend>, n: usize) {
    for _ in 0..n {
        keys(h, &["down"]);
    }
}

#[test]
fn every_item_is_one_row_on_every_screen_at_40_80_and_120_columns() {
    for lang in [Lang::En, Lang::ZhCn] {
        // The jobseeker's menu, then a counselor's desk (which opens on
        // the caseload: Alt+H goes to its menu).
        for (width, height, counselor) in [
            (40, 12, false),
            (80, 24, false),
            (120, 30, false),
            (40, 12, true),
            (80, 24, true),
            (120, 30, true),
        ] {
            let mut h = if counselor {
                crate::common::desk::desk(
                    lang,
                    width,
                    height,
                    jobdesk::domain::Actor::Counselor(crate::common::desk::COUNSELOR),
                )
            } else {
                Harness::new(lang, width, height)
            };
            h.check_contract();
            keys(&mut h, &["alt-h"]);
            let entries = h.app.view().items.len();
            for entry in 0..entries {
                keys(&mut h, &["alt-h"]);
                for _ in 0..entry {
                    keys(&mut h, &["down"]);
                }
                if h.focused_text().contains(lang.get("home.quit"))
                    || h.focused_text().contains(lang.get("home.log_out"))
                {
                    continue;
                }
                // The screen, the first thing it opens, and their help.
                keys(&mut h, &["enter"]);
                walk(&mut h, 3);
                keys(&mut h, &["enter"]);
                walk(&mut h, 40);
                keys(&mut h, &["f1"]);
                walk(&mut h, 30);
                keys(&mut h, &["esc", "esc", "ctrl-home", "down", "enter"]);
                walk(&mut h, 30);
            }
        }
    }
}

#[test]
fn read_item_says_a_cut_row_in_full() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut h = Harness::new(lang, 40, 12);
        keys(&mut h, &["enter"]);
        let row = h.at_cursor();
        let whole = h.focused_text();
        assert!(row.trim_end().ends_with('…'), "{row}");
        assert_ne!(row.trim_end(), whole);
        keys(&mut h, &["ctrl-l"]);
        assert_eq!(h.app.announcement(), whole);
        assert!(h.said.last().contains(&whole), "{}", h.said.last());
    }
}

/// The job list answers after the person began typing a search (a slow
/// server): the focus stays in the field, so Enter searches instead of
/// opening the first job.
fn late_first_page_keeps_the_search_being_typed(lang: Lang, query: &str) {
    let mut h = Harness::new(lang, 80, 24);
    let enter = jobdesk::keymap::KeyPress::parse("enter").expect("enter");
    let held = jobdesk::ui::update(&mut h.app, jobdesk::ui::Msg::Key(enter));
    assert!(
        held.iter()
            .any(|e| matches!(e, jobdesk::ui::Effect::Store(..))),
        "the job list asks for its first page"
    );
    typed(&mut h, query);
    h.begin(|_| held);
    h.check_contract();
    assert!(h.focused_text().ends_with(query), "{}", h.screen());
    keys(&mut h, &["enter"]);
    let first = h.at_cursor();
    assert!(
        first.contains(query) || first.to_lowercase().contains(&query.to_lowercase()),
        "{}",
        h.screen()
    );
}

#[test]
fn a_late_first_page_keeps_the_search_being_typed() {
    late_first_page_keeps_the_search_being_typed(Lang::En, "massage");
}

#[test]
fn a_late_first_page_keeps_the_search_being_typed_in_chinese() {
    late_first_page_keeps_the_search_being_typed(Lang::ZhCn, "按摩");
}
