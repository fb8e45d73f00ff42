//! End to end, in a pseudo-terminal, in English and Chinese: a counselor
//! logs in to the demo (`--as counselor`), finds a person of the caseload
//! by typing their name, records an assessment and a plan step, recommends two jobs and
//! applies for a job on the person's behalf; logs out; the jobseeker logs
//! in and hears the recommendation (on screen and through `--speech
//! file:`); the counselor logs in again, records a placement for the
//! person, and the figures count one more. The line under the cursor is
//! checked at each step.

use crate::common::pty::{self, Pty, keys};

struct Words {
    lang: &'static str,
    caseload: &'static str,
    caseload_one: &'static str,
    person: &'static str,
    record: &'static str,
    add_step: &'static str,
    new_step: &'static str,
    needs: &'static str,
    save: &'static str,
    step_field: &'static str,
    step_text: &'static str,
    jobs: &'static str,
    job_list: &'static str,
    first_job: &'static str,
    recommend: &'static str,
    chosen: &'static str,
    chooser: &'static str,
    chosen_mark: &'static str,
    send_one: &'static str,
    recommended: &'static str,
    apply_for: &'static str,
    send_application: &'static str,
    applied: &'static str,
    log_out: &'static str,
    jobseeker: &'static str,
    told: &'static str,
    menu: &'static str,
    counselor: &'static str,
    figures: &'static str,
    figures_heading: &'static str,
    placements: (&'static str, &'static str, &'static str),
    caseload_entry: &'static str,
    add_assessment: &'static str,
    assessed: &'static str,
    add_placement: &'static str,
    placement_heading: &'static str,
    job_field: &'static str,
    pay_field: &'static str,
    placed: &'static str,
}

const EN: Words = Words {
    lang: "en",
    caseload: "Caseload, 45 people",
    caseload_one: "Caseload, 1 person, search: Zhang Wei",
    person: "Zhang Wei",
    record: "Record: Zhang Wei",
    add_step: "Add a plan step",
    new_step: "New plan step: Zhang Wei",
    needs: "Section: Needs registration",
    save: "Save",
    step_field: "What to do (required): ",
    step_text: "Call about massage posts",
    jobs: "Jobs",
    job_list: "Jobs, 40 open",
    first_job: "1 of 40: ",
    recommend: "Recommend to people in my caseload",
    chosen: "1 chosen.",
    chooser: "Recommend ",
    chosen_mark: ", chosen",
    send_one: "Recommend to 1 person",
    recommended: "Recommended to Zhang Wei.",
    apply_for: "Apply for someone in my caseload",
    send_application: "Send the application",
    applied: "Application sent for Zhang Wei",
    log_out: "Log out",
    jobseeker: "Zhang Wei, jobseeker",
    told: "recommendations from your counselor",
    menu: "1 of 10: What's new, ",
    counselor: "Li Na, counselor",
    figures: "Figures and exports",
    figures_heading: "Figures of counselor Li Na, ",
    placements: ("Placements ", ": ", " recorded"),
    caseload_entry: "Caseload",
    add_assessment: "Record an assessment",
    assessed: "Assessment recorded: ",
    add_placement: "Record a placement",
    placement_heading: "Placement: Zhang Wei",
    job_field: "Job (required):",
    pay_field: "Monthly pay in yuan (required):",
    placed: "Placement recorded: ",
};

const ZH: Words = Words {
    lang: "zh-CN",
    caseload: "服务对象",
    caseload_one: "服务对象，共1人，搜索：张伟",
    person: "张伟",
    record: "服务台账：张伟",
    add_step: "添加计划步骤",
    new_step: "新的计划步骤：张伟",
    needs: "栏目：就业需求登记",
    save: "保存",
    step_field: "具体内容（必填）：",
    step_text: "电话推荐按摩岗位",
    jobs: "找工作",
    job_list: "找工作，共40个在招岗位",
    first_job: "第1条，共40条：",
    recommend: "推荐给我服务的人",
    chosen: "已选1人。",
    chooser: "推荐",
    chosen_mark: "，已选",
    send_one: "推荐给1人",
    recommended: "已推荐给张伟。",
    apply_for: "为我服务的人申请",
    send_application: "提交申请",
    applied: "已为张伟申请",
    log_out: "退出登录",
    jobseeker: "张伟，求职者",
    told: "就业辅导员给您",
    menu: "第1条，共10条：新动态，",
    counselor: "李娜，就业辅导员",
    figures: "数据统计和导出",
    figures_heading: "辅导员李娜",
    placements: ("年安置：", "登记", "人次"),
    caseload_entry: "服务对象",
    add_assessment: "新增职业能力评估",
    assessed: "职业能力评估已记录：",
    add_placement: "记录就业安置",
    placement_heading: "就业安置：张伟",
    job_field: "岗位（必填）：",
    pay_field: "月工资（元）（必填）：",
    placed: "就业安置已记录：",
};

/// Presses Down until the focused line holds `text` (each press waits for
/// the focus to move; a screen's last line ends the search with a panic).
fn down_until(p: &mut Pty, text: &str) {
    for _ in 0..150 {
        // The whole row: in a field the cursor stands after the label.
        if p.cursor_on_focus() && p.at_cursor_row().contains(text) {
            return;
        }
        let before = (p.cursor(), p.at_cursor());
        p.send(keys::DOWN);
        p.wait_for(&format!("a move towards {text:?}"), |p| {
            (p.cursor(), p.at_cursor()) != before
        });
    }
    panic!("no line {text:?}:\n{}", p.screen());
}

fn wait_screen(p: &mut Pty, text: &str) {
    p.wait_for(&format!("{text:?} on screen"), |p| {
        p.screen().contains(text)
    });
}

/// Enter on a job in the list; keys sent before its page is drawn would
/// still move the list (the page is read off the interface's thread).
fn open_job(p: &mut Pty, w: &Words) {
    p.send(keys::ENTER);
    p.wait_for("the job's page", |p| {
        !p.screen().starts_with(w.job_list) && p.cursor_on_focus() && p.cursor().1 == 2
    });
}

fn recommend_to_person(p: &mut Pty, w: &Words) {
    down_until(p, w.recommend);
    p.send(keys::ENTER);
    p.wait_for("the chooser", |p| {
        p.screen().starts_with(w.chooser) && p.cursor_on_focus()
    });
    p.send(w.person);
    p.send(keys::ENTER);
    p.wait_for("the person found", |p| {
        p.cursor_on_focus() && p.at_cursor().contains(w.person)
    });
    p.send(" ");
    p.wait_for("the person chosen", |p| {
        p.screen().contains(w.chosen) && p.at_cursor().contains(w.chosen_mark)
    });
    p.key_until_line(keys::CTRL_END, w.send_one);
    p.send(keys::ENTER);
    wait_screen(p, w.person);
    p.send("y");
    wait_screen(p, w.recommended);
}

fn casework_end_to_end(w: &Words) {
    let home = tempfile::tempdir().expect("temp dir");
    let speech = home.path().join("said.txt");
    let speech_arg = format!("file:{}", speech.display());
    let mut p = Pty::demo(
        home.path(),
        w.lang,
        &["--as", "counselor", "--speech", &speech_arg],
        24,
        80,
        &[],
    );
    // The counselor's desk opens on the caseload.
    p.wait_for("the caseload", |p| p.screen().starts_with(w.caseload));
    open_record(&mut p, w);

    // An assessment, from the last one's answers: Save records it.
    down_until(&mut p, w.add_assessment);
    p.send(keys::ENTER);
    p.wait_for("the assessment form", |p| {
        !p.screen().starts_with(w.record) && p.cursor_on_focus()
    });
    down_until(&mut p, w.save);
    p.send(keys::ENTER);
    p.wait_for("the assessment recorded", |p| {
        p.screen().starts_with(w.record) && p.screen().contains(w.assessed)
    });

    // A plan step: Save first says what is missing and focuses it.
    down_until(&mut p, w.add_step);
    p.send(keys::ENTER);
    p.wait_for("the plan-step form", |p| p.screen().starts_with(w.new_step));
    down_until(&mut p, w.save);
    p.send(keys::ENTER);
    p.wait_for("the required field", |p| {
        p.rows()[usize::from(p.cursor().0)]
            .get(2..)
            .is_some_and(|r| r.starts_with(w.step_field.trim_end()))
    });
    p.send(w.step_text);
    // Each typed character redraws the field; moving on before the last
    // one is drawn would count that redraw as a move.
    p.wait_for("the step typed", |p| {
        p.at_cursor_row().contains(w.step_text)
    });
    down_until(&mut p, w.save);
    p.send(keys::ENTER);
    p.wait_for("back on the record", |p| p.screen().starts_with(w.record));

    // Two jobs recommended to the person, from the job pages.
    p.send(keys::ALT_H);
    p.wait_for("the menu", |p| p.screen().contains(w.jobs));
    down_until(&mut p, w.jobs);
    p.key_until(keys::ENTER, w.first_job);
    open_job(&mut p, w);
    recommend_to_person(&mut p, w);
    p.send(keys::ESC);
    p.wait_for("the job list", |p| p.at_cursor().starts_with(w.first_job));
    p.send(keys::DOWN);
    p.wait_for("the second job", |p| {
        !p.at_cursor().starts_with(w.first_job)
    });
    open_job(&mut p, w);
    recommend_to_person(&mut p, w);

    // On the person's behalf (the demo's Zhang Wei agreed).
    down_until(&mut p, w.apply_for);
    p.send(keys::ENTER);
    p.send(w.person);
    p.send(keys::ENTER);
    p.wait_for("the person to apply for", |p| {
        p.cursor_on_focus() && p.at_cursor().contains(w.person)
    });
    p.send(keys::ENTER);
    p.wait_for("the application form", |p| {
        p.screen().contains(w.send_application)
    });
    down_until(&mut p, w.send_application);
    p.send(keys::ENTER);
    p.send("y");
    wait_screen(&mut p, w.applied);

    // Logged out; the jobseeker logs in and hears the recommendations.
    log_out(&mut p, w);
    down_until(&mut p, w.jobseeker);
    p.send(keys::ENTER);
    p.wait_for("the jobseeker's menu", |p| {
        p.at_cursor().starts_with(w.menu)
    });
    assert!(p.screen().contains(w.told), "{}", p.screen());
    pty::wait_said(&speech, "the recommendations", |said| {
        said.iter().any(|s| s.contains(w.told))
    });
    let written = String::from_utf8_lossy(&p.raw).to_string();
    assert!(written.contains(w.told));

    // The counselor again: a placement for the person, and the figures
    // count it.
    log_out(&mut p, w);
    down_until(&mut p, w.counselor);
    p.send(keys::ENTER);
    p.wait_for("the caseload", |p| p.screen().starts_with(w.caseload));
    let before = placements_recorded(&mut p, w);
    p.send(keys::CTRL_HOME);
    p.wait_for("the caseload entry", |p| {
        p.cursor_on_focus() && p.at_cursor().contains(w.caseload_entry)
    });
    p.send(keys::ENTER);
    p.wait_for("the caseload", |p| {
        p.screen().starts_with(w.caseload) && p.cursor_on_focus()
    });
    open_record(&mut p, w);
    down_until(&mut p, w.add_placement);
    p.send(keys::ENTER);
    p.wait_for("the placement form", |p| {
        p.screen().starts_with(w.placement_heading) && p.cursor_on_focus()
    });
    type_field(&mut p, "Qingdao Kangtai Massage");
    down_until(&mut p, w.job_field);
    type_field(&mut p, "Health massage therapist");
    down_until(&mut p, w.pay_field);
    type_field(&mut p, "5000");
    down_until(&mut p, w.save);
    p.send(keys::ENTER);
    p.wait_for("the placement recorded", |p| {
        p.screen().starts_with(w.record) && p.screen().contains(w.placed)
    });
    p.send(keys::ESC);
    p.wait_for("the caseload, found by the name", |p| {
        p.screen().starts_with(w.caseload_one) && p.at_cursor().contains(w.person)
    });
    let after = placements_recorded(&mut p, w);
    assert_eq!(after, before + 1, "{}", p.screen());
}

/// From the caseload: typing the person's name finds them; Enter opens
/// their record.
fn open_record(p: &mut Pty, w: &Words) {
    p.send(w.person);
    p.send(keys::ENTER);
    p.wait_for("the person in the caseload", |p| {
        p.cursor_on_focus() && p.at_cursor().contains(w.person)
    });
    p.send(keys::ENTER);
    // The record's whole first page is drawn once a line near its foot
    // is on screen and the cursor is back on the first line.
    p.wait_for("the record", |p| {
        p.screen().starts_with(w.record) && p.screen().contains(w.needs) && p.cursor() == (1, 2)
    });
}

/// Types into the focused field and waits until all of it is drawn.
fn type_field(p: &mut Pty, text: &str) {
    p.send(text);
    p.wait_for(&format!("{text:?} typed"), |p| {
        p.at_cursor_row().contains(text)
    });
}

/// From the main menu: Log out, and the list of who is at the desk.
fn log_out(p: &mut Pty, w: &Words) {
    p.send(keys::ALT_H);
    p.wait_for("the menu", |p| p.screen().contains(w.log_out));
    p.send(keys::CTRL_END);
    p.wait_for("log out", |p| p.at_cursor().contains(w.log_out));
    p.send(keys::ENTER);
    p.wait_for("who is at the desk", |p| p.screen().contains(w.jobseeker));
}

/// From the caseload: the counselor's figures, and the placements they
/// count this year; leaves the figures for the menu.
fn placements_recorded(p: &mut Pty, w: &Words) -> u32 {
    p.send(keys::ESC);
    p.wait_for("the menu", |p| p.screen().contains(w.figures));
    down_until(p, w.figures);
    p.send(keys::ENTER);
    let (line, before, after) = w.placements;
    p.wait_for("the figures", |p| {
        p.screen().starts_with(w.figures_heading) && p.screen().contains(line)
    });
    let found = p
        .rows()
        .iter()
        .find(|r| r.contains(line))
        .and_then(|r| r.split(before).nth(1))
        .and_then(|r| r.split(after).next())
        .and_then(|n| n.trim().parse().ok());
    let Some(n) = found else {
        panic!("no placements in the figures:\n{}", p.screen());
    };
    p.send(keys::ESC);
    p.wait_for("the menu", |p| {
        p.screen().contains(w.figures) && p.cursor_on_focus()
    });
    n
}

#[test]
fn casework_end_to_end_in_english() {
    casework_end_to_end(&EN);
}

#[test]
fn casework_end_to_end_in_chinese() {
    casework_end_to_end(&ZH);
}
