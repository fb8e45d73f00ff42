//! The figures screen on the counselor's desk: sentences one per line
//! (long ones split into parts, never a table), whose figures and which
//! year as choices, exports that ask for a file and say what they saved.

use chrono::Datelike;

use crate::common::{self, Harness};
use jobdesk::i18n::Lang;
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

/// From the desk's main menu to the figures.
fn open_figures(h: &mut Harness<TestBackend>, lang: Lang) {
    let menu = lang.get("figures.menu");
    // A counselor's desk opens on the caseload, over the menu.
    if !h.screen().contains(menu) {
        keys(h, &["esc"]);
    }
    for _ in 0..10 {
        if h.focused_text().contains(menu) {
            break;
        }
        keys(h, &["down"]);
    }
    assert!(h.focused_text().contains(menu), "{}", h.screen());
    keys(h, &["enter"]);
}

fn counselors_figures_and_ledger_export(lang: Lang) {
    let mut h = desk(lang, "lina", "1357", 80);
    open_figures(&mut h, lang);
    let screen = h.screen();
    let (heading, caseload, households, target) = match lang {
        Lang::En => (
            "Figures of counselor Li Na, ",
            "Caseload: ",
            "Zero-employment households: ",
            " of the 30 set, ",
        ),
        Lang::ZhCn => (
            "辅导员李娜",
            "服务对象：",
            "零就业家庭：",
            "新增就业：目标30人，已完成",
        ),
    };
    assert!(screen.starts_with(heading), "{screen}");
    assert!(screen.contains(caseload), "{screen}");
    // Every line, walked: one row each (the harness checks the contract
    // after every key), sentences rather than cells.
    let lines = h.app.view().items.len();
    assert!(lines > 10, "{screen}");
    let mut heard = Vec::new();
    for _ in 0..lines + 5 {
        keys(&mut h, &["down"]);
        heard.push(h.focused_text());
    }
    assert!(heard.iter().any(|l| l.contains(households)), "{heard:#?}");
    // The demo's new-employment target for the year, read with what is reached.
    assert!(heard.iter().any(|l| l.contains(target)), "{heard:#?}");
    assert!(heard.iter().all(|l| !l.contains('\t') && !l.contains('|')));

    // The counselor may choose their center's figures too.
    keys(&mut h, &["ctrl-home", "enter"]);
    let choices = h.screen();
    assert!(
        choices.contains(match lang {
            Lang::En => "Shinan Disability Employment Service Centre",
            Lang::ZhCn => "市南区残疾人就业服务中心",
        }),
        "{choices}"
    );
    keys(&mut h, &["esc"]);

    // Export the ledger as CSV, to a file typed in.
    keys(&mut h, &["ctrl-end", "up"]);
    assert!(
        h.focused_text()
            .contains(lang.get("figures.export_ledger_csv")),
        "{}",
        h.focused_text()
    );
    keys(&mut h, &["enter"]);
    let path = h.dir().join("ledger.csv");
    keys(&mut h, &["ctrl-u"]);
    h.type_text(path.to_str().unwrap());
    keys(&mut h, &["enter"]);
    let said = h.app.announcement().to_string();
    let saved = match lang {
        Lang::En => "Saved ",
        Lang::ZhCn => "已将",
    };
    assert!(said.starts_with(saved), "{said}");
    assert!(said.contains(path.to_str().unwrap()), "{said}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(lang.get("export.h_name")), "{text}");

    // A folder that does not exist: said, and the form stays.
    keys(&mut h, &["enter"]);
    keys(&mut h, &["ctrl-u"]);
    h.type_text(h.dir().join("nowhere").join("x.csv").to_str().unwrap());
    keys(&mut h, &["enter"]);
    let said = h.app.announcement().to_string();
    assert!(said.contains(lang.get("figures.failed_io")), "{said}");
}

#[test]
fn a_counselor_hears_their_figures_and_exports_the_ledger_in_english() {
    counselors_figures_and_ledger_export(Lang::En);
}

#[test]
fn a_counselor_hears_their_figures_and_exports_the_ledger_in_chinese() {
    counselors_figures_and_ledger_export(Lang::ZhCn);
}

#[test]
fn staff_choose_the_city_and_every_line_fits_at_40_columns() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut h = desk(lang, "zhou", "9753", 40);
        open_figures(&mut h, lang);
        let heading = lang.format(
            "figures.screen_heading",
            &[
                ("scope", &lang.get("figures.scope_city")),
                ("year", &common::today().format("%Y")),
            ],
        );
        assert!(h.screen().starts_with(&heading), "{}", h.screen());
        for _ in 0..60 {
            keys(&mut h, &["down"]);
        }
        // The year is a choice too: last year's figures load.
        keys(&mut h, &["ctrl-home", "down", "right"]);
        let last_year = (common::today().year() - 1).to_string();
        assert!(
            h.screen().lines().next().unwrap().contains(&last_year),
            "{}",
            h.screen()
        );
    }
}
