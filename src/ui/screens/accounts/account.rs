//! One account: `Label: value` lines, then what can be done to it — reset
//! the PIN, unlock, disable or enable, and for a counselor, move their
//! caseload to another counselor. Disabling and moving ask first.

use crate::domain::{Actor, Counselor, Id, Role};
use crate::keymap::Command;
use crate::store::StoreError;
use crate::store::accounts::{AccountAction, AccountChange, AccountRow, check_secret};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Outcome};
use crate::ui::form::{Form, FormEvent};
use crate::ui::screens::{field_error, numbered};
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{me, role_name, state_words};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    ResetPin,
    Unlock,
    Disable,
    Enable,
    MoveCaseload,
}

#[derive(Debug)]
pub struct AccountScreen {
    row: AccountRow,
    focus: usize,
    confirm: Option<Confirm>,
}

impl AccountScreen {
    pub fn new(row: AccountRow) -> Self {
        AccountScreen {
            row,
            focus: 0,
            confirm: None,
        }
    }

    fn actions(&self, cx: &Cx<'_>) -> Vec<Action> {
        let mut actions = vec![Action::ResetPin];
        if self.row.locked_until.is_some() {
            actions.push(Action::Unlock);
        }
        // Nobody disables the account they are using.
        if cx.actor != Some(self.row.actor) {
            actions.push(if self.row.disabled {
                Action::Enable
            } else {
                Action::Disable
            });
        }
        if let Actor::Counselor(_) = self.row.actor {
            actions.push(Action::MoveCaseload);
        }
        actions
    }

    fn items(&self, cx: &Cx<'_>) -> (Vec<Item>, Vec<Option<Action>>) {
        let lang = cx.lang;
        let r = &self.row;
        let state = state_words(lang, r);
        let lines = vec![
            (tr!(lang, "accounts.name"), r.name.clone()),
            (tr!(lang, "accounts.login"), r.login.clone()),
            (
                lang.field(crate::domain::Field::Role).to_string(),
                role_name(lang, r.role).to_string(),
            ),
            (
                tr!(lang, "accounts.state"),
                if state.is_empty() {
                    tr!(lang, "accounts.in_use")
                } else {
                    state
                },
            ),
        ];
        let mut items = numbered(lang, lines);
        let mut targets = vec![None; items.len()];
        for action in self.actions(cx) {
            let key = match action {
                Action::ResetPin => "accounts.reset_pin",
                Action::Unlock => "accounts.unlock",
                Action::Disable => "accounts.disable",
                Action::Enable => "accounts.enable",
                Action::MoveCaseload => "accounts.move_caseload",
            };
            items.push(Item::new(ItemKind::Row, lang.get(key).to_string()));
            targets.push(Some(action));
        }
        (items, targets)
    }

    fn change(&self, action: AccountAction, cx: &mut Cx<'_>) {
        cx.call(StoreCall::ChangeAccount(
            me(cx),
            AccountChange {
                account_id: self.row.id,
                action,
            },
        ));
    }
}

impl Screen for AccountScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let heading = tr!(
            cx.lang,
            "accounts.account_heading",
            name = self.row.name,
            role = role_name(cx.lang, self.row.role)
        );
        if let Some(question) = &self.confirm {
            return question.view(cx.lang, heading);
        }
        View {
            heading,
            items: self.items(cx).0,
            focus: self.focus,
        }
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.focus, focus);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            tr!(lang, "accounts.not_disabled")
        }) {
            Outcome::Yes => {
                self.change(AccountAction::Disable, cx);
                return true;
            }
            Outcome::Handled => return true,
            Outcome::NotMine => return false,
            Outcome::NoQuestion => {}
        }
        if command != Command::Activate {
            return false;
        }
        let (_, targets) = self.items(cx);
        match targets.get(self.focus).copied().flatten() {
            Some(Action::ResetPin) => cx.push(ResetPin::new(cx, &self.row)),
            Some(Action::Unlock) => self.change(AccountAction::Unlock, cx),
            Some(Action::Enable) => self.change(AccountAction::Enable, cx),
            Some(Action::Disable) => {
                self.confirm = Some(Confirm::new(
                    tr!(cx.lang, "accounts.disable_question", name = self.row.name),
                    tr!(cx.lang, "accounts.disable_yes"),
                    tr!(cx.lang, "accounts.disable_no"),
                ));
            }
            Some(Action::MoveCaseload) => {
                if let Actor::Counselor(from) = self.row.actor {
                    cx.push(MoveCaseload::new(from, self.row.name.clone()));
                }
            }
            None => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::AccountSaved(row)) => {
                let was = std::mem::replace(&mut self.row, *row);
                let key = if self.row.disabled && !was.disabled {
                    "accounts.disabled_done"
                } else if !self.row.disabled && was.disabled {
                    "accounts.enabled_done"
                } else {
                    "accounts.unlocked_done"
                };
                cx.announce(cx.lang.format(key, &[("name", &self.row.name)]));
                let last = self.items(cx).0.len().saturating_sub(1);
                self.focus = self.focus.min(last);
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if let Some(Reply::AccountSaved(row)) = reply {
            self.row = *row;
            cx.announce(tr!(
                cx.lang,
                "accounts.pin_reset_done",
                name = self.row.name
            ));
        }
    }
}

/// A new PIN for an account, typed twice.
#[derive(Debug)]
struct ResetPin {
    account_id: Id,
    name: String,
    form: Form,
}

impl ResetPin {
    fn new(cx: &Cx<'_>, row: &AccountRow) -> Self {
        let lang = cx.lang;
        ResetPin {
            account_id: row.id,
            name: row.name.clone(),
            form: Form::new(vec![
                Form::secret("pin", tr!(lang, "accounts.new_pin"), 64),
                Form::secret("again", tr!(lang, "accounts.new_pin_again"), 64),
                Form::button("save", tr!(lang, "accounts.reset_pin_save")),
            ]),
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        self.form.clear_errors();
        let (pin, again) = (self.form.value("pin"), self.form.value("again"));
        if let Err(e) = check_secret(&pin) {
            self.form
                .set_errors(vec![("pin", field_error(cx.lang, &e))]);
        } else if pin != again {
            self.form
                .set_errors(vec![("again", tr!(cx.lang, "accounts.pins_differ"))]);
        } else {
            cx.call(StoreCall::ChangeAccount(
                me(cx),
                AccountChange {
                    account_id: self.account_id,
                    action: AccountAction::ResetPin { secret: pin },
                },
            ));
            return;
        }
        if let Some(e) = self.form.fields.iter().find_map(|f| f.error.clone()) {
            cx.announce(e);
        }
    }
}

impl Screen for ResetPin {
    fn view(&self, cx: &Cx<'_>) -> View {
        self.form.view(
            tr!(cx.lang, "accounts.reset_pin_heading", name = self.name),
            cx.lang,
        )
    }

    fn focus(&self) -> usize {
        self.form.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.form.focus = focus;
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        self.form.input()
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.form.command(command) {
            FormEvent::Pressed("save") | FormEvent::Entered("again") => self.save(cx),
            FormEvent::Entered(_) => {
                self.form.focus += 1;
            }
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::AccountSaved(row)) => cx.pop_with(Reply::AccountSaved(row)),
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// Moves a counselor's whole caseload to another counselor, after asking.
#[derive(Debug)]
struct MoveCaseload {
    from: Id,
    name: String,
    /// The other counselors, once they have come.
    counselors: Vec<Counselor>,
    form: Form,
    confirm: Option<Confirm>,
}

impl MoveCaseload {
    fn new(from: Id, name: String) -> Self {
        MoveCaseload {
            from,
            name,
            counselors: Vec::new(),
            form: Form::default(),
            confirm: None,
        }
    }

    fn chosen(&self) -> Option<&Counselor> {
        self.counselors.get(self.form.selected("to"))
    }
}

impl Screen for MoveCaseload {
    fn view(&self, cx: &Cx<'_>) -> View {
        let heading = tr!(cx.lang, "accounts.move_heading", name = self.name);
        if let Some(question) = &self.confirm {
            return question.view(cx.lang, heading);
        }
        if self.form.fields.is_empty() {
            return View {
                heading,
                items: vec![Item::new(ItemKind::Text, tr!(cx.lang, "common.loading"))],
                focus: 0,
            };
        }
        self.form.view(heading, cx.lang)
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.form.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.form.focus, focus);
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        cx.call(StoreCall::Counselors);
    }

    fn resumed(&mut self, reply: Option<Reply>, _cx: &mut Cx<'_>) {
        self.form.picked(&reply);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            tr!(lang, "accounts.not_moved")
        }) {
            Outcome::Yes => {
                if let Some(to) = self.chosen() {
                    cx.call(StoreCall::MoveCaseload {
                        by: me(cx),
                        from: self.from,
                        to: to.id,
                    });
                }
                return true;
            }
            Outcome::Handled => return true,
            Outcome::NotMine => return false,
            Outcome::NoQuestion => {}
        }
        match self.form.command(command) {
            FormEvent::Choose(id) => {
                crate::ui::screens::choose::ChoiceList::open(&self.form, id, cx)
            }
            FormEvent::Pressed("move") => {
                if let Some(to) = self.chosen() {
                    self.confirm = Some(Confirm::new(
                        tr!(
                            cx.lang,
                            "accounts.move_question",
                            from = self.name,
                            to = to.name
                        ),
                        tr!(cx.lang, "accounts.move_yes"),
                        tr!(cx.lang, "accounts.move_no"),
                    ));
                }
            }
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Counselors(list)) => {
                self.counselors = list.into_iter().filter(|c| c.id != self.from).collect();
                if self.counselors.is_empty() {
                    cx.announce(tr!(cx.lang, "accounts.no_other_counselor"));
                    return;
                }
                let lang = cx.lang;
                let options = self
                    .counselors
                    .iter()
                    .map(|c| {
                        tr!(
                            lang,
                            "accounts.counselor_option",
                            name = c.name,
                            center = c.center
                        )
                    })
                    .collect();
                self.form = Form::new(vec![
                    Form::choice("to", tr!(lang, "accounts.move_to"), options, 0),
                    Form::button("move", tr!(lang, "accounts.move_button")),
                ]);
            }
            Ok(Done::CaseloadMoved(n)) => {
                let to = self.chosen().map(|c| c.name.clone()).unwrap_or_default();
                let text = cx.lang.format(
                    &crate::i18n::Lang::plural_key("accounts.moved", n),
                    &[("n", &n), ("to", &to)],
                );
                cx.announce(text);
                cx.pop();
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// Whether a role's accounts may be kept by who is at the desk.
pub fn keeps(cx: &Cx<'_>, role: Role) -> bool {
    cx.actor.is_some_and(|a| a.may_keep_accounts_of(role))
}
