//! Accounts and the audit log on the staff desk: a staff member adds an
//! account (every missing field named first), disables it after being
//! asked, and reads that in the audit log, newest first; counselors have
//! neither on their menu. Each key checks the screen-reader contract.

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

/// Moves down to the line that contains `text` (at most `limit` moves).
fn down_to(h: &mut Harness<TestBackend>, text: &str, limit: usize) {
    for _ in 0..limit {
        if h.focused_text().contains(text) {
            return;
        }
        keys(h, &["down"]);
    }
    assert!(
        h.focused_text().contains(text),
        "no {text:?} in\n{}",
        h.screen()
    );
}

/// Moves down to the field whose line starts with `label` (error lines
/// name it too, after "Error: ").
fn field(h: &mut Harness<TestBackend>, label: &str) {
    for _ in 0..8 {
        if h.focused_text().starts_with(label) {
            return;
        }
        keys(h, &["down"]);
    }
    panic!("no field {label:?} in\n{}", h.screen());
}

/// The staff desk opens on the caseload; its menu is under it.
fn open_menu_entry(h: &mut Harness<TestBackend>, lang: Lang, key: &str) {
    let entry = lang.get(key);
    if !h.screen().contains(entry) {
        keys(h, &["esc"]);
    }
    down_to(h, entry, 12);
    keys(h, &["enter"]);
}

fn staff_adds_disables_and_reads_it_in_the_audit_log(lang: Lang) {
    let mut h = desk(lang, "zhou", "9753", 80);
    open_menu_entry(&mut h, lang, "accounts.menu");
    let (heading, add, row) = match lang {
        Lang::En => (
            "Accounts, ",
            "Add an account",
            "Li Na, counselor, login lina",
        ),
        Lang::ZhCn => ("账号，共", "新增账号", "李娜，辅导员，登录名lina"),
    };
    assert!(h.rows()[0].starts_with(heading), "{}", h.screen());
    assert!(h.screen().contains(row), "{}", h.screen());
    // Staff have no name of their own: their line is their login.
    let staff = match lang {
        Lang::En => "login zhou, staff",
        Lang::ZhCn => "登录名zhou，工作人员",
    };
    assert!(h.screen().contains(staff), "{}", h.screen());
    keys(&mut h, &["up"]);
    down_to(&mut h, add, 3);
    assert!(h.at_cursor().contains(add), "{}", h.at_cursor());
    keys(&mut h, &["enter"]);

    // Saved empty: the first missing field is named and focused.
    let save = lang.get("accounts.save");
    down_to(&mut h, save, 6);
    keys(&mut h, &["enter"]);
    let login_required = match lang {
        Lang::En => "Login",
        Lang::ZhCn => "登录名",
    };
    let error = h.app.view().items[h.app.view().focus + 1].text.clone();
    assert!(
        h.focused_text().starts_with(login_required),
        "focus: {}\n{}",
        h.focused_text(),
        h.screen()
    );
    assert!(!error.is_empty());
    h.type_text("wangxiu");
    let (pin, name) = match lang {
        Lang::En => ("PIN", "Name"),
        Lang::ZhCn => ("密码", "姓名"),
    };
    field(&mut h, pin);
    h.type_text("8642");
    field(&mut h, name);
    h.type_text(match lang {
        Lang::En => "Wang Xiu",
        Lang::ZhCn => "王秀",
    });
    down_to(&mut h, save, 6);
    keys(&mut h, &["enter"]);
    let (account, said) = match lang {
        Lang::En => (
            "Account: Wang Xiu, jobseeker",
            "Account added: Wang Xiu, login wangxiu.",
        ),
        Lang::ZhCn => ("账号：王秀，求职者", "账号已新增：王秀，登录名wangxiu。"),
    };
    assert!(h.rows()[0].starts_with(account), "{}", h.screen());
    assert!(h.screen().contains(said), "{}", h.screen());
    h.store
        .login("wangxiu", "8642")
        .expect("the new account logs in");

    // Disabling asks first; then it is said and shown.
    let disable = lang.get("accounts.disable");
    down_to(&mut h, disable, 8);
    keys(&mut h, &["enter"]);
    assert!(
        h.at_cursor().contains(
            lang.get("accounts.disable_question")
                .split('{')
                .next()
                .unwrap_or("")
        )
    );
    keys(&mut h, &["y"]);
    let (state, done) = match lang {
        Lang::En => ("State: disabled", "The account of Wang Xiu is disabled."),
        Lang::ZhCn => ("状态：已停用", "王秀的账号已停用。"),
    };
    assert!(h.screen().contains(state), "{}", h.screen());
    assert!(h.screen().contains(done), "{}", h.screen());
    assert!(h.store.login("wangxiu", "8642").is_err());

    // The audit log, newest first: the disabling, then the adding.
    keys(&mut h, &["esc", "esc"]);
    open_menu_entry(&mut h, lang, "audit.menu");
    let (first, second) = match lang {
        Lang::En => (
            "1 of 2: Disabled the account, Wang Xiu, by service center staff zhou, ",
            "2 of 2: Added an account, Wang Xiu, by service center staff zhou, ",
        ),
        Lang::ZhCn => (
            "第1条，共2条：停用账号，王秀，操作人服务中心工作人员zhou，",
            "第2条，共2条：新增账号，王秀，操作人服务中心工作人员zhou，",
        ),
    };
    // Narrowed to the person by typing her name.
    h.type_text(match lang {
        Lang::En => "Wang Xiu",
        Lang::ZhCn => "王秀",
    });
    keys(&mut h, &["enter"]);
    assert!(
        h.at_cursor().starts_with(first) || h.at_cursor().contains(first),
        "{}",
        h.screen()
    );
    keys(&mut h, &["down"]);
    assert!(h.at_cursor().contains(second), "{}", h.screen());
}

#[test]
fn staff_adds_disables_and_reads_it_in_the_audit_log_in_english() {
    staff_adds_disables_and_reads_it_in_the_audit_log(Lang::En);
}

#[test]
fn staff_adds_disables_and_reads_it_in_the_audit_log_in_chinese() {
    staff_adds_disables_and_reads_it_in_the_audit_log(Lang::ZhCn);
}

#[test]
fn a_counselor_has_no_accounts_or_audit_log() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut h = desk(lang, "lina", "1357", 80);
        keys(&mut h, &["esc"]);
        let screen = h.screen();
        assert!(!screen.contains(lang.get("accounts.menu")), "{screen}");
        assert!(!screen.contains(lang.get("audit.menu")), "{screen}");
    }
}
