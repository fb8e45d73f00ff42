//! Accounts on the staff desk: a search field, then one line per account
//! ("3 of 12: Li Na, counselor, login counselor, locked until 10:15"), a
//! page at a time as the other lists. The line where other lists keep
//! their filters adds an account. An account opens as `Label: value` lines
//! with what can be done to it; the audit log is in [`audit`].

mod account;
pub mod audit;
mod new_account;

use crate::domain::Actor;
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::StoreError;
use crate::store::accounts::{AccountQuery, AccountRow};
use crate::tr;
use crate::ui::screens::search_list::{ListAction, SearchList, Words};
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

pub use account::AccountScreen;
pub use new_account::NewAccountForm;

const WORDS: Words = Words {
    heading: "accounts.heading",
    search: "accounts.search_label",
    none: "accounts.none_found",
    found: "accounts.found",
    found_none: "accounts.found_none",
};

/// The line of the list that adds an account (the filters line of
/// [`SearchList`]).
const ADD_LINE: usize = 1;

/// The role in words: "counselor", "辅导员".
pub fn role_name(lang: Lang, role: crate::domain::Role) -> &'static str {
    use crate::domain::Role;
    lang.get(match role {
        Role::Jobseeker => "accounts.role_jobseeker",
        Role::Counselor => "accounts.role_counselor",
        Role::Staff => "accounts.role_staff",
        Role::Employer => "accounts.role_employer",
        Role::Admin => "accounts.role_admin",
    })
}

/// "locked until 10:15" / "disabled", or empty for an account in use.
pub fn state_words(lang: Lang, row: &AccountRow) -> String {
    let mut parts = Vec::new();
    if row.disabled {
        parts.push(tr!(lang, "accounts.disabled"));
    }
    if let Some(until) = row.locked_until {
        parts.push(tr!(
            lang,
            "accounts.locked_until",
            time = until.with_timezone(&chrono::Local).format("%H:%M")
        ));
    }
    parts.join(lang.get("common.list_separator"))
}

/// One account as a line: name, role, login, then its state.
pub fn account_line(lang: Lang, row: &AccountRow) -> String {
    // An account without a name of its own (staff) is its login.
    let mut line = if row.name == row.login {
        tr!(
            lang,
            "accounts.row_login",
            role = role_name(lang, row.role),
            login = row.login
        )
    } else {
        tr!(
            lang,
            "accounts.row",
            name = row.name,
            role = role_name(lang, row.role),
            login = row.login
        )
    };
    let state = state_words(lang, row);
    if !state.is_empty() {
        line.push_str(lang.get("common.list_separator"));
        line.push_str(&state);
    }
    line
}

/// Who is at the desk, for calls made in their name.
fn me(cx: &Cx<'_>) -> Actor {
    cx.actor.unwrap_or(Actor::System)
}

#[derive(Debug)]
pub struct Accounts {
    query: AccountQuery,
    list: SearchList<AccountRow>,
}

impl Default for Accounts {
    fn default() -> Self {
        Accounts {
            query: AccountQuery::default(),
            list: SearchList::new(WORDS),
        }
    }
}

impl Accounts {
    fn load(&mut self, cx: &mut Cx<'_>, page: u32, announce: bool) {
        let (page, page_size) = self.list.page_request(cx, page, self.query.page_size);
        self.query.page = page;
        self.query.page_size = page_size;
        self.query.text = self.list.text.clone();
        self.list.expect(announce);
        cx.call(StoreCall::AccountRows(me(cx), self.query.clone()));
    }

    fn refresh(&mut self, cx: &mut Cx<'_>) {
        if self.list.page().is_some() {
            self.list.expect_refresh();
            let (page, size) = self
                .list
                .page_request(cx, self.query.page, self.query.page_size);
            self.query.page = page;
            self.query.page_size = size;
            cx.call(StoreCall::AccountRows(me(cx), self.query.clone()));
        }
    }
}

impl Screen for Accounts {
    fn view(&self, cx: &Cx<'_>) -> View {
        let mut view = self
            .list
            .view(cx.lang, "", |row| account_line(cx.lang, row));
        if let Some(line) = view.items.get_mut(ADD_LINE) {
            *line = Item::new(ItemKind::Row, tr!(cx.lang, "accounts.add"));
        }
        view
    }

    fn focus(&self) -> usize {
        self.list.focus()
    }

    fn set_focus(&mut self, focus: usize) {
        self.list.set_focus(focus);
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        self.load(cx, 0, false);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        self.list.input()
    }

    fn type_char(&mut self, c: char, _cx: &mut Cx<'_>) -> bool {
        self.list.type_char(c);
        true
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.list.command(command, cx.lang) {
            ListAction::Load { page, announce } => self.load(cx, page, announce),
            ListAction::OpenFilters => {
                let form = NewAccountForm::new(cx);
                cx.push(form);
            }
            ListAction::Open(i) => {
                if let Some(row) = self.list.page().and_then(|p| p.items.get(i)) {
                    cx.push(AccountScreen::new(row.clone()));
                }
            }
            ListAction::Announce(text) => cx.announce(text),
            ListAction::Handled => {}
            ListAction::NotMine => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::AccountRows(page)) => {
                if let Some(text) = self.list.loaded(page, cx.lang) {
                    cx.announce(text);
                }
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        // Back from an account or a new one: its line may have changed.
        self.refresh(cx);
    }
}
