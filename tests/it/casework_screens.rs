//! The counselor's desk on screen: the caseload, a person's record and
//! the forms that change it, in both languages, at 80x24 and 40x12, the
//! screen-reader contract checked after every key. The casework calls are
//! answered by `common::desk::FakeDesk` (48 people, the first with a bit
//! of everything) so every line can be asserted; the walk at the end runs
//! on the seeded SQLite store as well.

use std::sync::atomic::Ordering;

use chrono::NaiveDate;
use jobdesk::domain::Actor;
use jobdesk::domain::casework::CaseEdit;
use jobdesk::i18n::Lang;
use ratatui::backend::TestBackend;

use crate::common::Harness;
use crate::common::desk::{COUNSELOR, desk, desk_with_state};

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

/// Moves to the first line (from the top) whose whole text contains
/// `text`; fails if there is none.
fn focus_on(h: &mut Harness<TestBackend>, text: &str) {
    keys(h, &["ctrl-home"]);
    for _ in 0..200 {
        if h.focused_text().contains(text) {
            return;
        }
        let before = h.app.display().view.focus;
        keys(h, &["down"]);
        if h.app.display().view.focus == before {
            break;
        }
    }
    panic!("no line with {text:?} on:\n{}", h.screen());
}

/// Every line of the screen, read by moving down from the top.
fn read_all(h: &mut Harness<TestBackend>) -> Vec<String> {
    keys(h, &["ctrl-home"]);
    let mut lines = vec![h.at_cursor()];
    for _ in 0..300 {
        let before = h.app.display().view.focus;
        keys(h, &["down"]);
        if h.app.display().view.focus == before {
            break;
        }
        lines.push(h.at_cursor());
    }
    lines
}

fn clear_and_type(h: &mut Harness<TestBackend>, text: &str) {
    keys(h, &["ctrl-u"]);
    typed(h, text);
}

fn counselor(lang: Lang, w: u16, ht: u16) -> Harness<TestBackend> {
    desk(lang, w, ht, Actor::Counselor(COUNSELOR))
}

#[test]
fn a_counselor_logs_in_to_the_caseload_and_hears_what_is_due() {
    for (lang, heading, due, first, overdue, menu) in [
        (
            Lang::En,
            "Caseload, 40 people. Page 1 of ",
            "Logged in. 5 follow-ups due this week, 2 overdue.",
            "1 of 40: Wang Fang, Shinan, looking for work, follow-up due 2 Dec",
            "4 of 40: Liu Fang, Laoshan, looking for work, overdue since 20 Nov",
            "1 of 7: Caseload",
        ),
        (
            Lang::ZhCn,
            "服务对象，共40人。第1页，共",
            "已登录。本周有5项回访到期，2项已逾期。",
            "第1条，共40条：王芳，市南区，正在求职，12月2日回访",
            "第4条，共40条：刘芳，崂山区，正在求职，自11月20日起逾期",
            "第1条，共7条：服务对象",
        ),
    ] {
        for (w, ht) in [(80, 24), (40, 12)] {
            let mut h = counselor(lang, w, ht);
            h.check_contract();
            assert!(h.app.view().heading.starts_with(heading), "{}", h.screen());
            assert_eq!(h.app.announcement(), due);
            // The whole row is the item; at 40 columns it is cut on screen
            // and read whole.
            assert_eq!(h.focused_text(), first);
            keys(&mut h, &["down", "down", "down"]);
            assert_eq!(h.focused_text(), overdue);
            if w == 80 {
                assert_eq!(h.at_cursor(), overdue);
            }
            // Escape goes to the counselor's menu, the caseload first on it.
            keys(&mut h, &["esc"]);
            assert_eq!(h.at_cursor(), menu);
            keys(&mut h, &["enter"]);
            assert!(h.app.view().heading.starts_with(heading));
        }
    }
}

#[test]
fn the_caseload_turns_pages_that_fill_the_screen() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut h = counselor(lang, 40, 12);
        let on_page = h
            .app
            .display()
            .view
            .items
            .iter()
            .filter(|i| i.kind == jobdesk::ui::view::ItemKind::Row)
            .count()
            - 1;
        for _ in 0..on_page - 1 {
            keys(&mut h, &["down"]);
        }
        let last = h.focused_text();
        keys(&mut h, &["down"]);
        let next = h.focused_text();
        assert_ne!(last, next);
        let n = on_page + 1;
        let want = if lang == Lang::En {
            format!("{n} of 40: ")
        } else {
            format!("第{n}条，共40条：")
        };
        assert!(next.starts_with(&want), "{next} after {last}");
        assert!(h.app.view().heading.contains(if lang == Lang::En {
            "Page 2 of"
        } else {
            "第2页"
        }));
        keys(&mut h, &["up"]);
        assert_eq!(h.focused_text(), last);
    }
}

#[test]
fn the_caseload_is_searched_by_name_mobile_or_certificate_and_filtered() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut h = counselor(lang, 80, 24);
        let (name, found_five, found_one) = match lang {
            Lang::En => ("Wang", "5 people found.", "1 person found."),
            Lang::ZhCn => ("王", "找到5人。", "找到1人。"),
        };
        // Typing on a row starts a search.
        typed(&mut h, name);
        keys(&mut h, &["enter"]);
        assert_eq!(h.app.announcement(), found_five);
        assert!(h.focused_text().contains(name), "{}", h.focused_text());
        // The end of a mobile number.
        keys(&mut h, &["ctrl-f", "ctrl-u"]);
        typed(&mut h, "0003");
        keys(&mut h, &["enter"]);
        assert_eq!(h.app.announcement(), found_one);
        assert!(
            h.focused_text().contains(if lang == Lang::En {
                "Liu Fang"
            } else {
                "刘芳"
            }),
            "{}",
            h.focused_text()
        );
        // Esc on the search field empties it, and the whole caseload is back.
        keys(&mut h, &["ctrl-f", "esc"]);
        assert!(
            h.app.view().heading.contains("40"),
            "{}",
            h.app.view().heading
        );

        // Filters: only people with something overdue.
        let filters = if lang == Lang::En {
            "Filters: none"
        } else {
            "筛选条件：无"
        };
        focus_on(&mut h, filters);
        keys(&mut h, &["enter"]);
        let overdue = if lang == Lang::En {
            "Only people with a follow-up overdue"
        } else {
            "只看有逾期回访的人"
        };
        focus_on(&mut h, overdue);
        keys(&mut h, &["space"]);
        assert!(h.focused_text().contains(lang.get("common.yes")));
        let show = if lang == Lang::En {
            "Show the caseload"
        } else {
            "显示服务对象"
        };
        focus_on(&mut h, show);
        keys(&mut h, &["enter"]);
        let heading = h.app.view().heading;
        assert!(
            heading.contains(if lang == Lang::En {
                "filter: overdue"
            } else {
                "筛选：已逾期"
            }),
            "{heading}"
        );
        assert_eq!(
            h.app.announcement(),
            if lang == Lang::En {
                "2 people found."
            } else {
                "找到2人。"
            }
        );
    }
}

#[test]
fn staff_see_everyone_with_each_persons_counselor() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut h = desk(lang, 80, 24, Actor::Staff(9));
        // Staff start on their menu; the caseload is its first line.
        keys(&mut h, &["enter"]);
        let heading = h.app.view().heading;
        let (everyone, first, other) = match lang {
            Lang::En => (
                "Everyone's caseload: Caseload, 48 people",
                "1 of 48: Wang Fang, Shinan, looking for work, follow-up due 2 Dec, counselor Li Na",
                "counselor Zhou Min",
            ),
            Lang::ZhCn => (
                "全部服务对象：服务对象，共48人",
                "第1条，共48条：王芳，市南区，正在求职，12月2日回访，辅导员李娜",
                "辅导员周敏",
            ),
        };
        assert!(heading.starts_with(everyone), "{heading}");
        assert_eq!(h.focused_text(), first);
        keys(&mut h, &["end"]);
        for _ in 0..3 {
            keys(&mut h, &["pagedown"]);
        }
        keys(&mut h, &["end"]);
        assert!(h.focused_text().ends_with(other), "{}", h.focused_text());
    }
}

#[test]
fn a_record_reads_in_sections_with_who_changed_what_and_when() {
    for lang in [Lang::En, Lang::ZhCn] {
        for (w, ht) in [(80, 24), (40, 12)] {
            let mut h = counselor(lang, w, ht);
            keys(&mut h, &["enter"]);
            let heading = h.app.view().heading;
            assert_eq!(
                heading,
                match lang {
                    Lang::En => "Record: Wang Fang, looking for work, follow-up due 2 Dec",
                    Lang::ZhCn => "服务台账：王芳，正在求职，12月2日回访",
                }
            );
            let mut items = Vec::new();
            let view = h.app.view();
            for i in 0..view.items.len() {
                items.push(view.items[i].text.clone());
            }
            let _ = read_all(&mut h);
            let has = |text: &str| items.iter().any(|i| i.contains(text));
            let sections: &[&str] = match lang {
                Lang::En => &[
                    "Section: Profile",
                    "Section: Needs registration",
                    "Section: Vocational ability assessment",
                    "Section: Employment difficulty",
                    "Section: Plan",
                    "Section: Service log",
                    "Section: Placements",
                    "Section: Applications",
                    "Section: Training",
                    "Section: Recommendations",
                    "Section: Household",
                ],
                Lang::ZhCn => &[
                    "栏目：基本信息",
                    "栏目：就业需求登记",
                    "栏目：职业能力评估",
                    "栏目：就业困难人员认定",
                    "栏目：一人一策服务计划",
                    "栏目：服务记录",
                    "栏目：就业安置",
                    "栏目：求职申请",
                    "栏目：培训",
                    "栏目：岗位推荐",
                    "栏目：家庭情况",
                ],
            };
            let mut at = 0;
            for s in sections {
                let i = items
                    .iter()
                    .position(|t| t.contains(s))
                    .unwrap_or_else(|| panic!("no {s}"));
                assert!(i >= at, "{s} out of order");
                at = i;
            }
            let lines: &[&str] = match lang {
                Lang::En => &[
                    "1 of 74: Section: Profile",
                    "Category and level: visual, level 1",
                    "Health massage level (counselor only): none",
                    "Registered: by Li Na on 3 Nov",
                    "Assessment 1 of 1: ready with accommodations or support, assessed 3 Nov 2026, by Li Na on 3 Nov",
                    "Recognised with employment difficulty: yes",
                    "Step 2 of 2: Recommend jobs: Recommend three massage posts, due 2 Dec, added by Li Na on 3 Nov",
                    "Mark step 2 done: Recommend three massage posts",
                    "Contact 1 of 1: 3 Nov 2026, phone call, by Li Na: Called about the clinic interview.",
                    "1-month follow-up: done 2 Nov 2026, still working",
                    "3-month follow-up: due 1 Jan 2027",
                    "Record the 3-month follow-up at Qingdao Blind Massage Clinic",
                    "Registered as a zero-employment household: yes",
                    "Agreement to act for them: not given",
                    "74 of 74: Record agreement to act for them",
                ],
                Lang::ZhCn => &[
                    "第1条，共74条：栏目：基本信息",
                    "残疾类别和等级：视力，1级",
                    "登记人：李娜，11月3日",
                    "评估1/1：在合理便利或支持下可就业，评估日期2026年11月3日，评估人李娜，11月3日",
                    "步骤2/2：推荐岗位：推荐三个按摩岗位，12月2日到期，添加人李娜，11月3日",
                    "3个月回访：2027年1月1日到期",
                    "记录青岛盲人按摩诊所的3个月回访",
                    "第74条，共74条：记录本人同意代为办理",
                ],
            };
            for line in lines {
                assert!(has(line), "no {line:?} in {items:#?}");
            }
        }
    }
}

/// Opens a person's record (the first row of the caseload) and the form
/// behind the action line containing `action`.
fn open_form(h: &mut Harness<TestBackend>, action: &str) {
    if !h.app.view().heading.starts_with("Record") && !h.app.view().heading.starts_with("服务台账")
    {
        keys(h, &["enter"]);
    }
    focus_on(h, action);
    keys(h, &["enter"]);
}

fn press(h: &mut Harness<TestBackend>, button: &str) {
    focus_on(h, button);
    keys(h, &["enter"]);
}

#[test]
fn a_plan_step_is_checked_field_by_field_and_saved() {
    for lang in [Lang::En, Lang::ZhCn] {
        for (w, ht) in [(80, 24), (40, 12)] {
            let (mut h, state) = desk_with_state(lang, w, ht, Actor::Counselor(COUNSELOR));
            let en = lang == Lang::En;
            open_form(
                &mut h,
                if en {
                    "Add a plan step"
                } else {
                    "添加计划步骤"
                },
            );
            assert!(
                h.app.view().heading.starts_with(if en {
                    "New plan step: Wang Fang"
                } else {
                    "新的计划步骤：王芳"
                }),
                "{}",
                h.app.view().heading
            );
            let save = if en { "Save" } else { "保存" };
            // Nothing to do: the error is said, focus on the field.
            press(&mut h, save);
            let required = if en {
                "What to do: this is required."
            } else {
                "具体内容：这一项必须填写。"
            };
            assert_eq!(h.app.announcement(), required);
            assert!(
                h.focused_text().starts_with(if en {
                    "What to do (required): "
                } else {
                    "具体内容（必填）："
                }),
                "{}",
                h.focused_text()
            );
            typed(
                &mut h,
                if en {
                    "Call the clinic"
                } else {
                    "联系诊所"
                },
            );
            // A date not written as year-month-day.
            focus_on(
                &mut h,
                if en {
                    "Due on, year-month-day"
                } else {
                    "计划完成日期，年-月-日"
                },
            );
            clear_and_type(&mut h, "5 Dec");
            press(&mut h, save);
            assert_eq!(
                h.app.announcement(),
                if en {
                    "Due on, year-month-day: write the date as year-month-day, such as 2026-12-05, not 5 Dec."
                } else {
                    "计划完成日期，年-月-日：请按年-月-日填写，例如2026-12-05，不能写“5 Dec”。"
                }
            );
            assert!(h.focused_text().contains("5 Dec"), "{}", h.focused_text());
            // Three years ahead is out of range.
            clear_and_type(&mut h, "2029-12-05");
            press(&mut h, save);
            assert!(
                h.app
                    .announcement()
                    .contains(if en { "two years ahead" } else { "两年后" }),
                "{}",
                h.app.announcement()
            );
            focus_on(&mut h, "2029-12-05");
            clear_and_type(&mut h, "2026/12/05");
            press(&mut h, save);
            assert_eq!(
                h.app.announcement(),
                if en {
                    "Plan step added: Call the clinic, due 5 Dec."
                } else {
                    "已添加计划步骤：联系诊所，12月5日前完成。"
                }
            );
            // Back on the record, which shows the step.
            assert!(h.app.view().heading.starts_with(if en {
                "Record: "
            } else {
                "服务台账："
            }));
            let record: Vec<String> = h.app.view().items.iter().map(|i| i.text.clone()).collect();
            assert!(
                record.iter().any(|l| l.contains(if en {
                    "Call the clinic"
                } else {
                    "联系诊所"
                })),
                "{record:#?}"
            );
            let changes = state.changes.lock().unwrap();
            match &changes.last().expect("a change").edit {
                CaseEdit::AddStep(s) => {
                    assert_eq!(s.due_on, NaiveDate::from_ymd_opt(2026, 12, 5).unwrap())
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(changes.last().unwrap().by, Actor::Counselor(COUNSELOR));
        }
    }
}

#[test]
fn every_form_validates_and_saves() {
    for lang in [Lang::En, Lang::ZhCn] {
        let en = lang == Lang::En;
        let (mut h, state) = desk_with_state(lang, 80, 24, Actor::Counselor(COUNSELOR));
        let save = if en { "Save" } else { "保存" };
        let t = |e: &'static str, z: &'static str| if en { e } else { z };

        // A contact: a date after today is refused, then saved.
        open_form(&mut h, t("Record a contact", "记录一次联系"));
        focus_on(&mut h, t("On, year-month-day", "日期，年-月-日"));
        clear_and_type(&mut h, "2026-12-30");
        focus_on(&mut h, t("What was said or done", "服务内容"));
        typed(&mut h, t("Visited at home", "上门走访"));
        press(&mut h, save);
        assert_eq!(
            h.app.announcement(),
            t(
                "On, year-month-day: the date cannot be after today.",
                "日期，年-月-日：日期不能晚于今天。"
            )
        );
        clear_and_type(&mut h, "2026-11-28");
        press(&mut h, save);
        assert_eq!(
            h.app.announcement(),
            t(
                "Contact recorded: phone call.",
                "服务记录已保存：电话联系。"
            )
        );
        assert!(h.app.view().items.iter().any(|i| i.text.contains(t(
            "28 Nov 2026, phone call, by Li Na: Visited at home",
            "2026年11月28日，电话联系，记录人李娜：上门走访"
        ))));

        // An assessment: years worked out of range.
        open_form(&mut h, t("Record an assessment", "新增职业能力评估"));
        focus_on(&mut h, t("Years worked", "工作年限"));
        clear_and_type(&mut h, "99");
        press(&mut h, save);
        assert_eq!(
            h.app.announcement(),
            t(
                "Years worked: use a number from 0 to 60.",
                "工作年限：请输入0到60之间的数。"
            )
        );
        clear_and_type(&mut h, "5");
        press(&mut h, save);
        assert_eq!(
            h.app.announcement(),
            t(
                "Assessment recorded: ready with accommodations or support.",
                "职业能力评估已记录：在合理便利或支持下可就业。"
            )
        );

        // A household: two fields wrong at once.
        open_form(&mut h, t("Record the household", "填写家庭情况"));
        focus_on(&mut h, t("Household members", "家庭人口"));
        clear_and_type(&mut h, "0");
        focus_on(&mut h, t("Others in work", "其他就业人数"));
        clear_and_type(&mut h, "x");
        press(&mut h, save);
        let said = h.app.announcement().to_string();
        assert!(said.contains('2'), "{said}");
        assert!(
            h.focused_text()
                .starts_with(t("Household members", "家庭人口")),
            "{}",
            h.focused_text()
        );
        clear_and_type(&mut h, "3");
        focus_on(&mut h, t("Others in work", "其他就业人数"));
        clear_and_type(&mut h, "1");
        press(&mut h, save);
        assert_eq!(
            h.app.announcement(),
            t("Household saved.", "家庭情况已保存。")
        );

        // A placement: employer and pay missing.
        open_form(&mut h, t("Record a placement", "记录就业安置"));
        focus_on(&mut h, t("Job (required)", "岗位（必填）"));
        typed(&mut h, t("Receptionist", "前台接待"));
        press(&mut h, save);
        assert!(
            h.focused_text()
                .starts_with(t("Employer (required)", "用人单位（必填）")),
            "{}",
            h.focused_text()
        );
        typed(&mut h, t("Haier", "海尔"));
        focus_on(&mut h, t("Monthly pay in yuan", "月工资（元）"));
        typed(&mut h, "3800");
        press(&mut h, save);
        assert_eq!(
            h.app.announcement(),
            t(
                "Placement recorded: Receptionist at Haier. Follow-ups are due at 1, 3 and 6 months.",
                "就业安置已记录：海尔，前台接待。将在1个月、3个月、6个月时回访。"
            )
        );

        // The 3-month follow-up is not due for a month yet: the store says
        // so and the error goes to the date.
        open_form(
            &mut h,
            t(
                "Record the 3-month follow-up at Qingdao",
                "记录青岛盲人按摩诊所的3个月回访",
            ),
        );
        press(&mut h, save);
        assert_eq!(
            h.app.announcement(),
            t(
                "Done on, year-month-day: this follow-up cannot be recorded more than a month before it is due.",
                "回访日期，年-月-日：回访不能早于到期日一个月以上记录。"
            )
        );
        assert!(
            h.focused_text().starts_with(t("Done on", "回访日期")),
            "{}",
            h.focused_text()
        );
        keys(&mut h, &["esc"]);
        // Leaving asks (nothing changed): back on the record.
        if h.app.view().heading.starts_with(t("Leave", "离开")) {
            keys(&mut h, &["y"]);
        }

        // Marking a step done, the goal, needs, difficulty, counselor-only
        // fields, agreement, seeking.
        for (action, fill, said) in [
            (
                t("Mark step 2 done", "第2步标记完成"),
                Some((t("Outcome", "结果"), t("Two posts sent", "已推荐两个岗位"))),
                t(
                    "Step marked done: Recommend three massage posts.",
                    "步骤已标记完成：推荐三个按摩岗位。",
                ),
            ),
            (
                t("Set the goal", "制定服务目标"),
                Some((
                    t("Goal (required)", "服务目标（必填）"),
                    t(" Soon.", "尽快。"),
                )),
                t("Goal saved.", "服务目标已保存。"),
            ),
            (
                t("Edit needs registration", "修改就业需求登记"),
                None,
                t("Needs registration saved.", "就业需求登记已保存。"),
            ),
            (
                t(
                    "Record employment-difficulty recognition",
                    "记录就业困难人员认定",
                ),
                None,
                t(
                    "Employment-difficulty recognition recorded: yes.",
                    "就业困难人员认定已记录：是。",
                ),
            ),
            (
                t("Set counselor-only fields", "填写辅导员核实项"),
                None,
                t("Counselor-only fields saved.", "辅导员核实项已保存。"),
            ),
            (
                t("Record agreement to act for them", "记录本人同意代为办理"),
                Some((t("They agree", "本人同意"), " ")),
                t(
                    "Agreement recorded: you may apply and register for Wang Fang.",
                    "已记录同意：您可以代王芳申请岗位和报名培训。",
                ),
            ),
            (
                t("Mark as not seeking work now", "登记为暂无就业意愿"),
                None,
                t(
                    "Wang Fang is not seeking work now.",
                    "王芳已登记为暂无就业意愿。",
                ),
            ),
        ] {
            open_form(&mut h, action);
            if let Some((field, text)) = fill {
                focus_on(&mut h, field);
                if text == " " {
                    keys(&mut h, &["space"]);
                } else {
                    typed(&mut h, text);
                }
            }
            press(&mut h, save);
            assert_eq!(h.app.announcement(), said, "after {action}");
        }
        let record: Vec<String> = h.app.view().items.iter().map(|i| i.text.clone()).collect();
        for line in [
            t(
                "Counselor-only fields set: by Li Na on 29 Nov",
                "核实人：李娜，11月29日",
            ),
            t(
                "Agreement to act for them: yes, recorded by Li Na on 29 Nov",
                "同意由辅导员代为办理：同意，记录人李娜，11月29日",
            ),
            t("Mark as seeking work again", "登记为重新求职"),
            t(
                "done 29 Nov 2026, outcome: Two posts sent",
                "2026年11月29日完成，结果：已推荐两个岗位",
            ),
        ] {
            assert!(
                record.iter().any(|l| l.contains(line)),
                "no {line:?} in {record:#?}"
            );
        }

        // Refused by the store: said in words, the form stays.
        state.refuse.store(true, Ordering::SeqCst);
        open_form(&mut h, t("Set the goal", "制定服务目标"));
        press(&mut h, save);
        assert_eq!(
            h.app.announcement(),
            jobdesk::ui::screens::error_sentence(lang, &jobdesk::store::StoreError::Forbidden)
        );
        assert!(
            h.app
                .view()
                .heading
                .starts_with(t("The plan's goal", "一人一策服务目标"))
        );
    }
}

#[test]
fn staff_assign_a_person_to_a_counselor() {
    for lang in [Lang::En, Lang::ZhCn] {
        let en = lang == Lang::En;
        let mut h = desk(lang, 80, 24, Actor::Staff(9));
        keys(&mut h, &["enter", "enter"]);
        focus_on(
            &mut h,
            if en {
                "Assign to a counselor"
            } else {
                "分配辅导员"
            },
        );
        keys(&mut h, &["enter"]);
        assert!(
            h.focused_text().contains(if en { "Li Na" } else { "李娜" }),
            "{}",
            h.focused_text()
        );
        keys(&mut h, &["right"]);
        press(&mut h, if en { "Save" } else { "保存" });
        assert_eq!(
            h.app.announcement(),
            if en {
                "Assigned to Zhou Min."
            } else {
                "已分配给周敏。"
            }
        );
        assert!(h.app.view().items.iter().any(|i| i.text.contains(if en {
            "Counselor: Zhou Min"
        } else {
            "辅导员：周敏"
        })));
    }
}

/// Every line of every casework screen fits its row and keeps the
/// contract, at 40, 80 and 120 columns: the caseload, its filters, the
/// record, and every form the record opens (with its errors).
#[test]
fn every_casework_screen_keeps_the_contract_at_every_width() {
    for lang in [Lang::En, Lang::ZhCn] {
        for (w, ht) in [(40, 12), (80, 24), (120, 30)] {
            let mut h = counselor(lang, w, ht);
            read_all(&mut h);
            keys(&mut h, &["ctrl-home", "down", "enter"]);
            read_all(&mut h);
            keys(&mut h, &["esc"]);
            if h.app.view().items.len() < 5 {
                keys(&mut h, &["y"]);
            }
            keys(&mut h, &["ctrl-home", "down", "down", "enter"]);
            let record = h.app.view();
            let actions: Vec<usize> = record
                .items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.kind == jobdesk::ui::view::ItemKind::Row)
                .map(|(n, _)| n)
                .collect();
            assert!(actions.len() >= 12, "{}", actions.len());
            for n in actions {
                h.app.focus_line(n);
                keys(&mut h, &["enter"]);
                read_all(&mut h);
                // Save as it is: errors (if any) are drawn under fields.
                let save = if lang == Lang::En { "Save" } else { "保存" };
                if h.app.view().items.iter().any(|i| i.text.contains(save)) {
                    press(&mut h, save);
                    read_all(&mut h);
                }
                keys(&mut h, &["f1"]);
                read_all(&mut h);
                keys(&mut h, &["esc"]);
                // Back to the record, past a question about leaving.
                for _ in 0..3 {
                    let heading = h.app.view().heading;
                    if heading.starts_with("Record") || heading.starts_with("服务台账") {
                        break;
                    }
                    keys(&mut h, &["esc"]);
                    if h.app.view().items.len() == 3 {
                        keys(&mut h, &["y"]);
                    }
                }
            }
        }
    }
}
