//! The kiosk's welcome, said when someone arrives and after every session:
//! how to use the keypad, how to get help, how to hear things again. And
//! the operator's way out, behind a code.

use crate::keymap::Command;
use crate::tr;
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Screen};

#[derive(Debug, Default)]
pub struct Welcome {
    focus: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    LogIn,
    Browse,
}

impl Welcome {
    fn lines(&self, cx: &Cx<'_>) -> Vec<(Item, Option<Action>)> {
        let lang = cx.lang;
        let key = |c: Command| cx.key_for(c);
        // The first lines say how to move, choose and go back, then how to
        // hear again, get help and end the session: short enough for one
        // row each.
        let mut lines = vec![
            (
                Item::new(
                    ItemKind::Text,
                    tr!(
                        lang,
                        "kiosk.keys_move",
                        up = key(Command::Previous),
                        down = key(Command::Next),
                        choose = key(Command::Activate),
                        back = key(Command::Back)
                    ),
                ),
                None,
            ),
            (
                Item::new(
                    ItemKind::Text,
                    tr!(
                        lang,
                        "kiosk.keys_more",
                        repeat = key(Command::Repeat),
                        help = key(Command::Help),
                        end = key(Command::EndSession)
                    ),
                ),
                None,
            ),
            (
                Item::new(
                    ItemKind::Text,
                    tr!(
                        lang,
                        "kiosk.keys_volume",
                        louder = key(Command::VolumeUp),
                        quieter = key(Command::VolumeDown),
                        faster = key(Command::RateUp),
                        slower = key(Command::RateDown)
                    ),
                ),
                None,
            ),
        ];
        if cx.user.is_none() {
            lines.push((
                Item::new(ItemKind::Row, tr!(lang, "kiosk.log_in")),
                Some(Action::LogIn),
            ));
        }
        lines.push((
            Item::new(ItemKind::Row, tr!(lang, "kiosk.browse")),
            Some(Action::Browse),
        ));
        lines
    }
}

impl Screen for Welcome {
    fn view(&self, cx: &Cx<'_>) -> View {
        View {
            heading: tr!(cx.lang, "kiosk.welcome"),
            items: self.lines(cx).into_iter().map(|(i, _)| i).collect(),
            focus: self.focus,
        }
    }

    fn focus(&self) -> usize {
        self.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.focus = focus;
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match command {
            Command::Activate => match self.lines(cx).get(self.focus).and_then(|(_, a)| *a) {
                Some(Action::LogIn) => {
                    let login = super::login::Login::new(cx);
                    cx.push(login);
                }
                Some(Action::Browse) => cx.push(super::home::Home::default()),
                None => return false,
            },
            // The welcome is the start: there is nothing to go back to.
            Command::Back | Command::Home => cx.announce(tr!(cx.lang, "kiosk.at_start")),
            _ => return false,
        }
        true
    }
}

/// The operator's way out of the kiosk.
#[derive(Debug)]
pub struct OperatorExit {
    form: Form,
    code: Option<String>,
    /// Wrong codes in a row; after three, no more tries for a while.
    wrong: u32,
    blocked_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// Wrong operator codes before the screen stops trying.
const OPERATOR_TRIES: u32 = 3;

impl OperatorExit {
    pub fn new(cx: &Cx<'_>, code: Option<String>) -> Self {
        let lang = cx.lang;
        OperatorExit {
            form: Form::new(vec![
                Form::secret("code", tr!(lang, "kiosk.operator_code"), 64),
                Form::button("leave", tr!(lang, "kiosk.leave")),
            ]),
            code,
            wrong: 0,
            blocked_until: None,
        }
    }
}

impl Screen for OperatorExit {
    fn view(&self, cx: &Cx<'_>) -> View {
        self.form
            .view(tr!(cx.lang, "kiosk.operator_heading"), cx.lang)
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
            FormEvent::Pressed("leave") | FormEvent::Entered("code") => {
                let typed = self.form.value("code");
                if self.blocked_until.is_some_and(|until| cx.now < until) {
                    if let Some(input) = self.form.input() {
                        input.clear();
                    }
                    cx.announce(tr!(cx.lang, "kiosk.code_blocked"));
                    return true;
                }
                let matches = self
                    .code
                    .as_deref()
                    .is_some_and(|hash| crate::kiosk::code_matches(&typed, hash));
                if !matches {
                    self.wrong += 1;
                    if self.wrong >= OPERATOR_TRIES {
                        self.wrong = 0;
                        self.blocked_until = Some(cx.now + chrono::Duration::minutes(5));
                    }
                }
                if matches {
                    cx.quit();
                } else {
                    if let Some(input) = self.form.input() {
                        input.clear();
                    }
                    self.form.focus_field("code");
                    cx.announce(if self.code.is_some() {
                        tr!(cx.lang, "kiosk.wrong_code")
                    } else {
                        tr!(cx.lang, "kiosk.no_code")
                    });
                }
            }
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }
}
