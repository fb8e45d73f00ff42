//! A new account: its role first (only the roles who is at the desk may
//! keep), then only the fields that role needs — a jobseeker's or
//! counselor's name, a counselor's center and district, an employer
//! account's employer — then Save. Every problem is named at its field.

use crate::domain::{District, Employer, Field, Role};
use crate::keymap::Command;
use crate::store::StoreError;
use crate::store::accounts::NewAccount;
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent};
use crate::ui::screens::choose::ChoiceList;
use crate::ui::screens::field_error;
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{AccountScreen, me, role_name};

#[derive(Debug)]
pub struct NewAccountForm {
    /// The roles offered, in the order of the choice.
    roles: Vec<Role>,
    employers: Vec<Employer>,
    form: Form,
    confirm: Option<Confirm>,
    leaving: Option<Leave>,
}

impl NewAccountForm {
    pub fn new(cx: &Cx<'_>) -> Self {
        let roles: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(|r| super::account::keeps(cx, *r))
            .collect();
        let mut screen = NewAccountForm {
            roles,
            employers: Vec::new(),
            form: Form::default(),
            confirm: None,
            leaving: None,
        };
        screen.form = screen.build(cx, &NewAccount::default());
        screen
    }

    fn role(&self) -> Option<Role> {
        self.roles.get(self.form.selected("role")).copied()
    }

    /// The form for the role chosen in `values` (the first when none),
    /// keeping what was typed.
    fn build(&self, cx: &Cx<'_>, values: &NewAccount) -> Form {
        let lang = cx.lang;
        let role = values.role.or_else(|| self.roles.first().copied());
        let selected = role
            .and_then(|r| self.roles.iter().position(|x| *x == r))
            .unwrap_or(0);
        let mut fields = vec![
            Form::choice(
                "role",
                lang.field(Field::Role).to_string(),
                self.roles
                    .iter()
                    .map(|r| role_name(lang, *r).to_string())
                    .collect(),
                selected,
            ),
            Form::text(
                "login",
                lang.field(Field::Login).to_string(),
                true,
                &values.login,
                40,
            ),
            Form::masked(Form::text(
                "pin",
                lang.field(Field::Pin).to_string(),
                true,
                &values.secret,
                64,
            )),
        ];
        if matches!(role, Some(Role::Jobseeker | Role::Counselor)) {
            fields.push(Form::text(
                "name",
                lang.field(Field::Name).to_string(),
                true,
                &values.name,
                100,
            ));
        }
        if role == Some(Role::Counselor) {
            fields.push(Form::text(
                "center",
                lang.field(Field::Center).to_string(),
                true,
                &values.center,
                100,
            ));
            fields.push(Form::optional_choice(
                "district",
                lang.field(Field::District).to_string(),
                tr!(lang, "accounts.choose"),
                &District::ALL,
                |d| lang.district(d).to_string(),
                values.district,
            ));
        }
        if role == Some(Role::Employer) {
            let current = values
                .employer_id
                .and_then(|id| self.employers.iter().position(|e| e.id == id))
                .map_or(0, |i| i + 1);
            fields.push(Form::choice(
                "employer",
                lang.field(Field::Employer).to_string(),
                std::iter::once(tr!(lang, "accounts.choose"))
                    .chain(self.employers.iter().map(|e| e.name.clone()))
                    .collect(),
                current,
            ));
        }
        fields.push(Form::button("save", tr!(lang, "accounts.save")));
        Form::new(fields)
    }

    fn values(&self) -> NewAccount {
        let f = &self.form;
        NewAccount {
            login: f.value("login"),
            role: self.role(),
            secret: f.value("pin"),
            name: f.value("name"),
            center: f.value("center"),
            district: f.chosen("district", &District::ALL),
            employer_id: f
                .selected("employer")
                .checked_sub(1)
                .and_then(|i| self.employers.get(i))
                .map(|e| e.id),
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        let new = self.values();
        match new.check() {
            Ok(_) => cx.call(StoreCall::CreateAccount(me(cx), new)),
            Err(errors) => self.show_errors(cx, &errors),
        }
    }

    fn show_errors(&mut self, cx: &mut Cx<'_>, errors: &[crate::domain::FieldError]) {
        let lang = cx.lang;
        let shown: Vec<(&'static str, String)> = errors
            .iter()
            .filter_map(|e| {
                let id = match e.field {
                    Field::Login => "login",
                    Field::Pin => "pin",
                    Field::Name => "name",
                    Field::Center => "center",
                    Field::District => "district",
                    Field::Employer => "employer",
                    Field::Role => "role",
                    _ => return None,
                };
                Some((id, field_error(lang, e)))
            })
            .collect();
        if let Some((_, first)) = shown.first() {
            cx.announce(first.clone());
        }
        self.form.set_errors(shown);
    }
}

impl Screen for NewAccountForm {
    fn view(&self, cx: &Cx<'_>) -> View {
        if let Some(question) = &self.confirm {
            return question.view(cx.lang, tr!(cx.lang, "form.leave_heading"));
        }
        self.form
            .view(tr!(cx.lang, "accounts.new_heading"), cx.lang)
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.form.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.form.focus, focus);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        if self.confirm.is_some() {
            None
        } else {
            self.form.input()
        }
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        cx.call(StoreCall::Employers);
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if let Some(FormEvent::Changed("role")) = self.form.picked(&reply) {
            // Another role needs other fields.
            let values = self.values();
            let focus = self.form.focus;
            self.form = self.build(cx, &values);
            self.form.focus = focus;
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let changed = self.form.changed();
        if let Some(taken) =
            confirm::guard_unsaved(&mut self.confirm, &mut self.leaving, changed, command, cx)
        {
            return taken;
        }
        match self.form.command(command) {
            FormEvent::Choose(id) => ChoiceList::open(&self.form, id, cx),
            FormEvent::Changed("role") => {
                let values = self.values();
                let focus = self.form.focus;
                self.form = self.build(cx, &values);
                self.form.focus = focus;
            }
            FormEvent::Pressed("save") => self.save(cx),
            FormEvent::Entered(_) => self.form.focus += 1,
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Employers(list)) => {
                let values = self.values();
                let focus = self.form.focus;
                self.employers = list;
                self.form = self.build(cx, &values);
                self.form.focus = focus;
            }
            Ok(Done::AccountSaved(row)) => {
                cx.announce(tr!(
                    cx.lang,
                    "accounts.added",
                    name = row.name,
                    login = row.login
                ));
                // The new account opens in place of the form.
                cx.pop();
                cx.push(AccountScreen::new(*row));
            }
            Ok(_) => {}
            Err(StoreError::Invalid { errors }) => self.show_errors(cx, &errors),
            Err(StoreError::LoginTaken) => {
                let text = tr!(cx.lang, "error.login_taken");
                self.form.set_errors(vec![("login", text.clone())]);
                cx.announce(text);
            }
            Err(e) => cx.announce_error(&e),
        }
    }
}
