//! Logging in to a jobdesk server: login name and PIN, one per line, the
//! PIN shown as stars. Wrong PINs say how many tries are left; a locked
//! account says until when.

use crate::domain::Field;
use crate::keymap::Command;
use crate::store::StoreError;
use crate::tr;
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Screen, StoreCall};

#[derive(Debug)]
pub struct Login {
    form: Form,
    /// At a kiosk: asked for on the way to something that acts for the
    /// person (apply, register); once logged in, back there.
    returning: bool,
    /// The login that starts a session (not one asked again when a
    /// session expired): a counselor's caseload opens after it.
    opens_desk: bool,
}

impl Login {
    pub fn new(cx: &Cx<'_>) -> Self {
        let lang = cx.lang;
        Login {
            form: Form::new(vec![
                // A keypad has no letters: at a kiosk people log in with
                // their mobile number, shown as stars.
                if cx.kiosk {
                    Form::masked(Form::text(
                        "login",
                        tr!(lang, "kiosk.mobile_login"),
                        true,
                        "",
                        40,
                    ))
                } else {
                    Form::text("login", tr!(lang, "login.login"), true, "", 40)
                },
                Form::secret(
                    "pin",
                    if cx.kiosk {
                        tr!(lang, "kiosk.pin")
                    } else {
                        tr!(lang, "login.pin")
                    },
                    64,
                ),
                Form::button("submit", tr!(lang, "login.submit")),
                Form::button(
                    "browse",
                    if cx.kiosk {
                        tr!(lang, "kiosk.not_now")
                    } else {
                        tr!(lang, "login.browse")
                    },
                ),
            ]),
            returning: false,
            opens_desk: false,
        }
    }

    /// The login a remote store's session starts with.
    pub fn starting(cx: &Cx<'_>) -> Self {
        Login {
            opens_desk: true,
            ..Login::new(cx)
        }
    }

    /// The PIN of one person of a shared desk, chosen on "who is at the
    /// desk"; its last line goes back there.
    pub fn for_account(cx: &Cx<'_>, login: &str) -> Self {
        let lang = cx.lang;
        let mut form = Form::new(vec![
            Form::text("login", tr!(lang, "login.login"), true, login, 40),
            Form::secret("pin", tr!(lang, "login.pin"), 64),
            Form::button("submit", tr!(lang, "login.submit")),
            Form::button("browse", tr!(lang, "login.back_to_desk")),
        ]);
        form.focus_field("pin");
        Login {
            form,
            returning: false,
            opens_desk: false,
        }
    }

    /// Logging in at a kiosk on the way to something done in the person's
    /// name; afterwards the screen below comes back.
    pub fn returning(cx: &Cx<'_>) -> Self {
        Login {
            returning: true,
            ..Login::new(cx)
        }
    }

    fn submit(&mut self, cx: &mut Cx<'_>) {
        let login = self.form.value("login");
        let secret = self.form.value("pin");
        let lang = cx.lang;
        let mut errors = Vec::new();
        if login.trim().is_empty() {
            errors.push((
                "login",
                super::field_error(
                    lang,
                    &crate::domain::FieldError::new(Field::Login, crate::domain::Problem::Required),
                ),
            ));
        }
        if secret.is_empty() {
            errors.push((
                "pin",
                super::field_error(
                    lang,
                    &crate::domain::FieldError::new(Field::Pin, crate::domain::Problem::Required),
                ),
            ));
        }
        if let Some((_, first)) = errors.first() {
            cx.announce(first.clone());
            self.form.set_errors(errors);
            return;
        }
        self.form.clear_errors();
        cx.call(StoreCall::LogIn { login, secret });
    }
}

impl Screen for Login {
    fn view(&self, cx: &Cx<'_>) -> View {
        let heading = if cx.kiosk {
            tr!(cx.lang, "kiosk.log_in")
        } else {
            tr!(cx.lang, "login.heading")
        };
        self.form.view(heading, cx.lang)
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
            FormEvent::Pressed("submit") | FormEvent::Entered("pin") => self.submit(cx),
            FormEvent::Entered(_) => self.form.focus_field("pin"),
            FormEvent::Pressed("browse") => cx.pop(),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::LoggedIn(actor)) => {
                cx.logged_in(actor);
                cx.pop();
                if self.returning {
                    cx.announce(tr!(cx.lang, "kiosk.logged_in_back"));
                } else {
                    cx.announce(tr!(cx.lang, "login.logged_in"));
                    // At a kiosk, straight on to the main menu.
                    if cx.kiosk {
                        cx.push(super::home::Home::default());
                    } else if self.opens_desk {
                        super::casework::open_desk(cx);
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                // Never keep a wrong PIN on screen.
                if let Some(field) = self.form.get_mut("pin")
                    && let crate::ui::form::Control::Text { input, .. } = &mut field.control
                {
                    input.clear();
                }
                let message = super::error_sentence(cx.lang, &e);
                self.form.set_errors(vec![("pin", message.clone())]);
                cx.announce(message);
            }
        }
    }
}
