//! What a listener hears (issue 10, points 5 to 9): choices as rows to
//! move through, numbers in groups, nothing lost without a question, each
//! message once and the right one, in both languages.

use crate::common;
use crate::common::text;

use crate::common::Harness;
use jobdesk::i18n::Lang;
use ratatui::backend::TestBackend;

const BOTH: [Lang; 2] = [Lang::En, Lang::ZhCn];

/// Presses keys one by one, checking the screen-reader contract after each.
fn keys(h: &mut Harness<TestBackend>, keys: &[&str]) {
    for k in keys {
        h.key(k);
        h.check_contract();
    }
}

fn typed(h: &mut Harness<TestBackend>, text: &str) {
    h.type_text(text);
    h.check_contract();
}

/// Moves down until the focused line starts with `start`, after its
/// position if it has one.
fn down_to(h: &mut Harness<TestBackend>, start: &str) {
    for _ in 0..80 {
        if text::without_position(&h.focused_text()).starts_with(start) {
            return;
        }
        keys(h, &["down"]);
    }
    panic!("no line starting {start:?} in:\n{}", h.screen());
}

/// The demo's "me" with a complete profile: My profile, from the menu.
fn my_profile(lang: Lang) -> Harness<TestBackend> {
    let mut h = Harness::new(lang, 80, 24);
    keys(&mut h, &["down", "down", "down", "down", "enter"]);
    assert!(h.app.view().heading.starts_with(if lang == Lang::En {
        "My profile"
    } else {
        "我的资料"
    }));
    h
}

// Point 5: choices are heard.

#[test]
fn enter_on_a_choice_lists_its_options_as_rows() {
    for lang in BOTH {
        let en = lang == Lang::En;
        let mut h = my_profile(lang);
        let district = if en { "District" } else { "所在区市" };
        down_to(&mut h, district);
        let before = h.focused_text();
        keys(&mut h, &["enter"]);
        // A screen of its own: the heading names the field, each option is
        // a row with its position, focus on the option in force.
        let view = h.app.view();
        assert!(view.heading.starts_with(district), "{}", view.heading);
        assert_eq!(view.items.len(), 11);
        let current = if en {
            "2 of 11: Shinan, chosen now"
        } else {
            "第2条，共11条：市南区，当前选择"
        };
        assert_eq!(h.focused_text(), current);
        assert_eq!(h.at_cursor(), current);
        assert!(h.said.last().contains(current), "{}", h.said.last());
        // Down reads the next option, whole.
        keys(&mut h, &["down"]);
        let next = if en {
            "3 of 11: Shibei"
        } else {
            "第3条，共11条：市北区"
        };
        assert_eq!(h.said.last(), next);
        assert_eq!(h.at_cursor(), next);
        // Enter picks it: back on the form, on the choice, which says it.
        keys(&mut h, &["enter"]);
        let picked = if en {
            "District (needed to apply): Shibei, option 3 of 11"
        } else {
            "所在区市（申请岗位需要）：市北区，第3项，共11项"
        };
        assert_eq!(h.focused_text(), picked, "{}", h.screen());
        assert_eq!(h.said.last(), picked);
        // Esc keeps the value it had; Space opens the list too.
        keys(&mut h, &["space"]);
        assert_eq!(h.app.view().items.len(), 11);
        keys(&mut h, &["down", "down", "esc"]);
        assert_eq!(h.focused_text(), picked);
        // Left and Right still step in place.
        keys(&mut h, &["right"]);
        assert!(
            h.focused_text()
                .contains(if en { "Huangdao" } else { "黄岛区" })
        );
        keys(&mut h, &["left"]);
        assert_eq!(h.focused_text(), picked);
        assert_ne!(before, picked);
    }
}

#[test]
fn filters_and_settings_choices_open_as_lists_too() {
    let mut h = Harness::new(Lang::En, 80, 24);
    // Jobs, Filters, the district choice.
    keys(&mut h, &["enter", "up", "enter"]);
    assert!(
        h.focused_text().starts_with("District: any"),
        "{}",
        h.screen()
    );
    keys(&mut h, &["enter", "down", "down", "enter"]);
    assert!(h.focused_text().starts_with("District: Shibei"));
    // The language in Settings: picked from a list, and the announcement
    // says the jobs and courses keep their language (point 9).
    keys(&mut h, &["esc", "y", "alt-h"]);
    down_to(&mut h, "Settings");
    keys(&mut h, &["enter", "enter"]);
    assert_eq!(h.focused_text(), "1 of 2: English, chosen now");
    keys(&mut h, &["down", "enter"]);
    assert_eq!(h.app.lang, Lang::ZhCn);
    assert_eq!(h.focused_text(), "语言：简体中文，第2项，共2项");
    let note = "岗位和课程的内容保持录入时的语言，只有菜单和提示改变。";
    assert_eq!(h.app.announcement(), note);
    // Said once: the note, then the line.
    assert_eq!(
        h.said.last(),
        format!("{note} 语言：简体中文，第2项，共2项")
    );
    // And back.
    keys(&mut h, &["left"]);
    assert_eq!(h.app.lang, Lang::En);
    assert_eq!(
        h.app.announcement(),
        "Jobs and courses stay in the language they were written in; only the menus and messages change."
    );
}

// Point 6: numbers for the ear and the eye.

#[test]
fn mobile_and_certificate_numbers_are_shown_in_groups() {
    for lang in BOTH {
        let mut h = my_profile(lang);
        let screen = h.screen();
        assert!(screen.contains("138 0000 0001"), "{screen}");
        assert!(screen.contains("370202 19900307 0011 1 1"), "{screen}");
        // Typed again, with or without spaces: the same 11 digits, shown in
        // groups as they come, the caret after the last.
        down_to(&mut h, if lang == Lang::En { "Mobile" } else { "手机" });
        keys(&mut h, &["ctrl-u"]);
        typed(&mut h, "1391");
        assert!(
            h.focused_text().ends_with("：139 1") || h.focused_text().ends_with(": 139 1"),
            "{}",
            h.focused_text()
        );
        assert!(h.at_cursor().is_empty(), "{:?}", h.at_cursor());
        typed(&mut h, "234 5678");
        assert!(h.focused_text().ends_with("139 1234 5678"));
        assert!(h.at_cursor().is_empty());
        // Saved as digits.
        down_to(&mut h, if lang == Lang::En { "Save" } else { "保存" });
        keys(&mut h, &["enter"]);
        let me = h.app.user.unwrap();
        let saved = jobdesk::store::Store::profile(&h.store, me).unwrap();
        assert_eq!(saved.mobile, "13912345678");
    }
}

#[test]
fn salary_ranges_are_written_in_words() {
    let mut h = Harness::new(Lang::En, 100, 24);
    keys(&mut h, &["enter"]);
    let screen = h.screen();
    assert!(!screen.contains('–'), "{screen}");
    assert!(
        h.focused_text().contains("5,000 to 8,000 yuan"),
        "{}",
        h.focused_text()
    );
    let mut h = Harness::new(Lang::ZhCn, 100, 24);
    keys(&mut h, &["enter"]);
    assert!(!h.screen().contains('–'));
    assert!(
        h.focused_text().contains("5000至8000元"),
        "{}",
        h.focused_text()
    );
    assert_eq!(Lang::En.salary(3500, 3500), "3,500 yuan");
    assert_eq!(Lang::En.amount(1_000_000), "1,000,000");
    assert_eq!(Lang::En.amount(999), "999");
    assert_eq!(Lang::ZhCn.salary(6500, 8000), "6500至8000元");
}

#[test]
fn references_are_said_as_printed() {
    use jobdesk::speech::for_ear;
    assert_eq!(
        for_ear(Lang::En, "Your reference number is JD-00007."),
        "Your reference number is JD-00007."
    );
    assert_eq!(
        for_ear(Lang::ZhCn, "申请编号是JD-00007。"),
        "申请编号是JD-00007。"
    );
}

// Point 7: nothing lost silently.

#[test]
fn esc_on_a_changed_form_asks_before_leaving() {
    for lang in BOTH {
        let mut h = my_profile(lang);
        // Unchanged: Esc leaves at once.
        keys(&mut h, &["esc"]);
        assert_eq!(h.app.view().items.len(), 8, "{}", h.screen());
        keys(&mut h, &["enter"]);
        typed(&mut h, "x");
        keys(&mut h, &["esc"]);
        let question = lang.get("form.leave_question");
        assert!(h.focused_text().contains(question), "{}", h.screen());
        assert!(h.said.last().contains(question));
        // No (or Esc again) stays, with the change.
        keys(&mut h, &["n"]);
        assert_eq!(h.app.announcement(), lang.get("form.still_editing"));
        assert!(h.focused_text().ends_with('x'), "{}", h.focused_text());
        keys(&mut h, &["esc", "esc"]);
        assert!(h.focused_text().ends_with('x'));
        // Yes leaves without saving.
        keys(&mut h, &["esc", "y"]);
        assert_eq!(h.app.view().items.len(), 8);
        let me = h.app.user.unwrap();
        let saved = jobdesk::store::Store::profile(&h.store, me).unwrap();
        assert!(!saved.name.ends_with('x'));
        // A choice changed counts as a change too.
        keys(&mut h, &["enter"]);
        down_to(
            &mut h,
            if lang == Lang::En {
                "District"
            } else {
                "所在区"
            },
        );
        keys(&mut h, &["right", "esc"]);
        assert!(h.focused_text().contains(question));
        // The main menu key asks as Esc does, and yes goes there.
        keys(&mut h, &["n", "alt-h"]);
        assert!(h.focused_text().contains(question));
        keys(&mut h, &["y"]);
        assert_eq!(h.app.view().items.len(), 8);
        assert!(h.focused_text().ends_with(lang.get("home.profile")));
    }
}

#[test]
fn esc_with_a_note_typed_asks_before_leaving_the_application() {
    let mut h = Harness::new(Lang::En, 80, 24);
    keys(&mut h, &["enter", "enter", "ctrl-end", "enter"]);
    assert!(h.focused_text().starts_with("Note to the employer"));
    typed(&mut h, "Ready on Monday");
    keys(&mut h, &["esc"]);
    assert_eq!(h.app.view().heading, "Leave without saving?");
    keys(&mut h, &["n"]);
    assert!(h.focused_text().ends_with("Ready on Monday"));
    // Sending still asks its own question, and sends.
    keys(&mut h, &["enter"]);
    assert_eq!(h.app.view().heading, "Confirm your application");
    keys(&mut h, &["y"]);
    assert!(
        h.app.announcement().contains("JD-"),
        "{}",
        h.app.announcement()
    );
}

#[test]
fn esc_in_a_search_field_with_text_clears_it_first() {
    for lang in BOTH {
        let mut h = Harness::new(lang, 80, 24);
        keys(&mut h, &["enter", "up"]);
        typed(
            &mut h,
            if lang == Lang::En {
                "massage"
            } else {
                "按摩"
            },
        );
        keys(&mut h, &["esc"]);
        // Still on the jobs list, the field empty.
        assert_eq!(h.focused_text(), lang.get("jobs.search_label"));
        assert_eq!(h.app.announcement(), lang.get("jobs.search_cleared"));
        // A search in force is undone with its text.
        typed(
            &mut h,
            if lang == Lang::En {
                "massage"
            } else {
                "按摩"
            },
        );
        keys(&mut h, &["enter"]);
        assert!(h.app.view().heading.contains(if lang == Lang::En {
            "massage"
        } else {
            "按摩"
        }));
        keys(&mut h, &["up", "up", "esc"]);
        assert!(!h.app.view().heading.contains(if lang == Lang::En {
            "massage"
        } else {
            "按摩"
        }));
        assert!(h.app.view().heading.contains("40"), "{}", h.screen());
        // Empty: Esc goes back.
        keys(&mut h, &["up", "up", "esc"]);
        assert_eq!(h.app.view().items.len(), 8);
    }
}

#[test]
fn a_cleared_field_says_it_is_empty() {
    for lang in BOTH {
        let mut h = Harness::new(lang, 80, 24);
        keys(&mut h, &["enter", "up"]);
        typed(&mut h, "ab");
        keys(&mut h, &["ctrl-u"]);
        let empty = format!(
            "{}{}",
            lang.get("jobs.search_label"),
            if lang == Lang::En { "empty" } else { "空" }
        );
        assert_eq!(h.app.announcement(), empty);
        assert_eq!(h.said.last(), empty);
        // Deleting the last character says the same.
        typed(&mut h, "a");
        assert_eq!(h.said.last(), "a");
        keys(&mut h, &["backspace"]);
        assert_eq!(h.said.last(), empty);
        // Backspace in an empty field: nothing emptied, nothing said twice.
        let count = h.said.0.borrow().len();
        keys(&mut h, &["backspace"]);
        assert_eq!(h.said.0.borrow().len(), count);
    }
}

// Point 8: each message once, and the right one.

#[test]
fn moves_that_go_nowhere_say_so() {
    for lang in BOTH {
        let mut h = Harness::new(lang, 80, 24);
        keys(&mut h, &["ctrl-home"]);
        let first = lang.get("nav.already_first");
        assert_eq!(h.app.announcement(), first);
        assert_eq!(h.said.last(), first);
        keys(&mut h, &["alt-h"]);
        assert_eq!(h.app.announcement(), lang.get("home.already_home"));
        assert_eq!(h.said.last(), lang.get("home.already_home"));
        keys(&mut h, &["ctrl-end", "ctrl-end"]);
        assert_eq!(h.app.announcement(), lang.get("nav.already_last"));
    }
    assert_eq!(
        Lang::En.get("nav.already_first"),
        "Already on the first line."
    );
    assert_eq!(
        Lang::En.get("home.already_home"),
        "Already on the main menu."
    );
}

#[test]
fn the_apply_blocked_message_is_said_once() {
    for lang in BOTH {
        let mut h = Harness::without_profile(lang);
        keys(&mut h, &["enter", "enter", "ctrl-end", "enter"]);
        let blocked = h.focused_text();
        assert!(
            blocked.contains(if lang == Lang::En {
                "You cannot apply yet"
            } else {
                "还不能申请"
            }),
            "{blocked}"
        );
        let said = h.said.last();
        assert_eq!(said.matches(&blocked).count(), 1, "{said}");
    }
}

#[test]
fn saving_an_incomplete_profile_names_what_is_missing() {
    for lang in BOTH {
        let mut h = Harness::without_profile(lang);
        // My profile, a name, Save.
        keys(&mut h, &["down", "down", "down", "down", "enter"]);
        typed(&mut h, "Chen Jing");
        down_to(&mut h, if lang == Lang::En { "Save" } else { "保存" });
        keys(&mut h, &["enter"]);
        let said = h.app.announcement().to_string();
        for field in ["mobile", "certificate", "district", "education", "consent"] {
            let name = lang.get(&format!("field.{field}")).to_string();
            assert!(said.contains(&name), "{name} not in {said}");
        }
        assert!(!said.contains('5'), "{said}");
    }
}

#[test]
fn registering_says_registered_not_already() {
    for lang in BOTH {
        let mut h = Harness::new(lang, 80, 24);
        keys(&mut h, &["down", "enter", "up"]);
        typed(
            &mut h,
            if lang == Lang::En {
                "level 5"
            } else {
                "五级"
            },
        );
        keys(&mut h, &["enter", "enter"]);
        down_to(&mut h, lang.get("course.register"));
        keys(&mut h, &["enter", "y"]);
        let said = h.said.last();
        let already = if lang == Lang::En {
            "already"
        } else {
            "您已在"
        };
        assert!(!said.contains(already), "{said}");
        assert!(
            said.contains(if lang == Lang::En {
                "You are registered"
            } else {
                "您已报名"
            }),
            "{said}"
        );
    }
}

// Point 9: small things.

#[test]
fn one_reason_is_one_reason() {
    // The demo's "me" holds the level 5 certificate: the level 3 course
    // wants level 4 first, one reason.
    for lang in BOTH {
        let mut h = Harness::new(lang, 80, 24);
        keys(&mut h, &["down", "enter", "up"]);
        typed(
            &mut h,
            if lang == Lang::En {
                "level 3"
            } else {
                "三级"
            },
        );
        keys(&mut h, &["enter", "enter"]);
        let text = h
            .app
            .view()
            .items
            .iter()
            .map(|i| i.text.clone())
            .collect::<Vec<_>>()
            .join("\n");
        let one = lang.get("eligibility.not_eligible_one");
        assert!(text.contains(one), "{one:?} not in:\n{text}");
        assert!(!text.contains("1 reasons"));
    }
}

#[test]
fn nothing_found_without_search_text_does_not_quote_an_empty_text() {
    for lang in BOTH {
        let mut h = Harness::new(lang, 80, 24);
        // Filters: salary from 999999, shown.
        keys(&mut h, &["enter", "up", "enter"]);
        down_to(&mut h, lang.get("field.salary_from"));
        typed(&mut h, "999999");
        keys(&mut h, &["enter"]);
        assert_eq!(h.app.announcement(), lang.get("jobs.none_found"));
        // With a search text, the text is quoted.
        keys(&mut h, &["up", "up"]);
        typed(&mut h, "zz");
        keys(&mut h, &["enter"]);
        assert!(
            h.app.announcement().contains("zz"),
            "{}",
            h.app.announcement()
        );
    }
}

#[test]
fn english_rows_name_the_district_once() {
    let (_dir, store, _) = common::seeded(Lang::En, 200);
    let page = jobdesk::store::Store::search_jobs(
        &store,
        &jobdesk::store::JobQuery {
            page_size: 200,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(page.items.len() >= 100);
    for job in &page.items {
        for d in jobdesk::domain::District::ALL {
            let name = Lang::En.district(d);
            assert!(
                !job.employer_name.ends_with(&format!(", {name}")),
                "{} already names {name}",
                job.employer_name
            );
        }
    }
}

#[test]
fn one_job_found_is_one_job() {
    for lang in BOTH {
        let mut h = Harness::new(lang, 80, 24);
        keys(&mut h, &["enter", "up"]);
        // The demo has one job at this hospital.
        typed(
            &mut h,
            if lang == Lang::En {
                "Affiliated"
            } else {
                "青岛大学附属"
            },
        );
        keys(&mut h, &["enter"]);
        assert_eq!(h.app.view().items.len(), 3, "{}", h.screen());
        assert_eq!(h.app.announcement(), lang.get("jobs.found_one"));
    }
    assert_eq!(Lang::En.get("jobs.found_one"), "1 job found.");
    assert_eq!(Lang::En.get("training.found_one"), "1 course found.");
}
