//! "Import a file" on the staff desk, in both languages: a bad file is
//! checked and each bad line read as its own row, nothing written; a good
//! one is checked, confirmed, then written. The row under the cursor is
//! asserted after each step.

use crate::common::{self, Harness};
use jobdesk::i18n::Lang;
use jobdesk::store::{JobQuery, Store};
use ratatui::backend::TestBackend;

/// The seeded desk of [`common::staff_and_counselor_desk`].
fn desk(lang: Lang, login: &str, pin: &str, width: u16) -> Harness<TestBackend> {
    common::staff_and_counselor_desk(lang, login, pin, width)
}

fn keys(h: &mut Harness<TestBackend>, keys: &[&str]) {
    for k in keys {
        h.key(k);
        h.check_contract();
    }
}

/// Moves down until the focused item contains `text`.
fn down_to(h: &mut Harness<TestBackend>, text: &str) {
    for _ in 0..20 {
        if h.focused_text().contains(text) {
            return;
        }
        keys(h, &["down"]);
    }
    panic!("no {text:?} in:\n{}", h.screen());
}

fn open_import(h: &mut Harness<TestBackend>, lang: Lang) {
    let menu = lang.get("porter.menu");
    assert!(h.screen().contains(menu), "{}", h.screen());
    down_to(h, menu);
    keys(h, &["enter"]);
    assert!(
        h.rows()[0].starts_with(lang.get("porter.heading")),
        "{}",
        h.screen()
    );
}

fn job_count(h: &Harness<TestBackend>) -> u64 {
    h.store
        .search_jobs(&JobQuery {
            include_closed: true,
            page_size: 1,
            ..JobQuery::default()
        })
        .unwrap()
        .total
}

fn import_from_the_desk(lang: Lang) {
    let mut h = desk(lang, "zhou", "9753", 60);
    let employer = h.store.employers().unwrap()[0].name.clone();
    let dir = h.dir();
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "external_id,title,employer,kind,district,salary_min,salary_max,closes_on
D1,Desk import one,{employer},customer_service,Shinan,3000,4000,2099-12-31
D2,Desk import two,{employer},customer_service,Shinan,3000,lots,2099-12-31
D3,Desk import three,Nobody Ltd,customer_service,Shinan,3000,4000,2099-12-31
"
        ),
    )
    .unwrap();
    let good = dir.join("good.csv");
    std::fs::write(
        &good,
        format!(
            "external_id,title,employer,kind,district,salary_min,salary_max,closes_on
D1,Desk import one,{employer},customer_service,Shinan,3000,4000,2099-12-31
D2,Desk import two,{employer},customer_service,Shinan,3000,4500,2099-12-31
"
        ),
    )
    .unwrap();
    let before = job_count(&h);

    open_import(&mut h, lang);
    // The kind (jobs first), then the file.
    assert!(
        h.at_cursor().starts_with(lang.get("porter.kind")),
        "{}",
        h.screen()
    );
    keys(&mut h, &["down"]);
    assert!(
        h.focused_text().starts_with(lang.get("porter.file")),
        "{}",
        h.screen()
    );
    h.type_text(bad.to_str().unwrap());
    keys(&mut h, &["enter"]);
    // The outcome has focus, then every bad line is its own row.
    let (outcome, salary, employer_line) = match lang {
        Lang::En => (
            "The file has 3 problems; nothing can be written.",
            "line 3, 'salary_max': Salary: ",
            "line 4, 'employer': no employer has this name",
        ),
        Lang::ZhCn => (
            "文件有 3 处错误，不能写入。",
            "第 3 行，“salary_max”：",
            "第 4 行，“employer”：",
        ),
    };
    assert!(h.focused_text().starts_with(outcome), "{}", h.screen());
    assert!(
        h.app.announcement().contains(outcome),
        "{}",
        h.app.announcement()
    );
    down_to(&mut h, salary);
    assert!(h.focused_text().starts_with(salary), "{}", h.screen());
    keys(&mut h, &["down"]);
    // A long line is read in parts: the next row is the rest of it or the
    // next bad line, never a wrapped half.
    down_to(&mut h, employer_line);
    assert!(
        h.focused_text().starts_with(employer_line),
        "{}",
        h.focused_text()
    );
    // Nothing to write, and nothing written.
    assert!(
        !h.screen().contains(lang.get("porter.write")),
        "{}",
        h.screen()
    );
    assert_eq!(job_count(&h), before);

    // Again with the good file.
    keys(&mut h, &["esc"]);
    open_import(&mut h, lang);
    keys(&mut h, &["down"]);
    h.type_text(good.to_str().unwrap());
    keys(&mut h, &["enter"]);
    let would = match lang {
        Lang::En => "2 jobs would be added, 0 updated, 0 unchanged",
        Lang::ZhCn => "将新增岗位 2 个，更新 0 个，0 个不变",
    };
    assert!(h.focused_text().starts_with(would), "{}", h.screen());
    assert_eq!(job_count(&h), before, "a check writes nothing");
    down_to(&mut h, lang.get("porter.write"));
    assert!(
        h.at_cursor().starts_with(lang.get("porter.write")),
        "{}",
        h.screen()
    );
    keys(&mut h, &["enter"]);
    // A question first.
    assert!(
        h.rows()[0].starts_with(lang.get("porter.confirm_heading")),
        "{}",
        h.screen()
    );
    keys(&mut h, &["y"]);
    let done = match lang {
        Lang::En => "2 jobs added, 0 updated, 0 unchanged.",
        Lang::ZhCn => "已新增岗位 2 个，更新 0 个，0 个不变。",
    };
    assert!(h.focused_text().starts_with(done), "{}", h.screen());
    assert!(
        h.app.announcement().contains(done),
        "{}",
        h.app.announcement()
    );
    assert_eq!(job_count(&h), before + 2);
}

#[test]
fn staff_import_a_file_from_the_desk_in_english() {
    import_from_the_desk(Lang::En);
}

#[test]
fn staff_import_a_file_from_the_desk_in_chinese() {
    import_from_the_desk(Lang::ZhCn);
}

#[test]
fn a_counselors_desk_has_no_import() {
    let h = desk(Lang::En, "lina", "1357", 80);
    let mut h = h;
    // A counselor's desk opens on the caseload, over the menu.
    keys(&mut h, &["esc"]);
    assert!(
        h.screen().contains(Lang::En.get("figures.menu")),
        "{}",
        h.screen()
    );
    assert!(
        !h.screen().contains(Lang::En.get("porter.menu")),
        "{}",
        h.screen()
    );
}
