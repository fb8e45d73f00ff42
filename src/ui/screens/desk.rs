//! "Who is at the desk?": on a desk several people share (a local file
//! with several accounts, the demo), the first screen and the one after
//! logging out. Choosing a person asks their PIN; the demo's people log in
//! at once, their PIN being public.

use crate::domain::Actor;
use crate::keymap::Command;
use crate::store::StoreError;
use crate::store::accounts::AccountSummary;
use crate::tr;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Screen, StoreCall};

use super::position;

/// The people of a shared desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    pub people: Vec<AccountSummary>,
    /// The demo's PIN: choosing a demo person logs them in without asking.
    pub demo_pin: Option<String>,
}

#[derive(Debug)]
pub struct WhoIsHere {
    desk: Desk,
    focus: usize,
}

impl WhoIsHere {
    pub fn new(desk: Desk) -> Self {
        WhoIsHere { desk, focus: 0 }
    }
}

/// A role in words: "counselor", "辅导员".
pub fn role_word(lang: crate::i18n::Lang, actor: Actor) -> &'static str {
    lang.get(match actor {
        Actor::Jobseeker(_) => "role.jobseeker",
        Actor::Counselor(_) => "role.counselor",
        Actor::Staff(_) => "role.staff",
        Actor::Admin(_) => "role.admin",
        Actor::Employer(_) => "role.employer",
        Actor::System => "role.system",
    })
}

/// Logs in as one of the desk's people: at once in the demo, else through
/// the PIN screen.
pub fn choose(desk: &Desk, person: &AccountSummary, cx: &mut Cx<'_>) {
    match &desk.demo_pin {
        Some(pin) => cx.call(StoreCall::LogIn {
            login: person.login.clone(),
            secret: pin.clone(),
        }),
        None => {
            let login = super::login::Login::for_account(cx, &person.login);
            cx.push(login);
        }
    }
}

impl Screen for WhoIsHere {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let total = (self.desk.people.len() + 1).to_string();
        let mut items: Vec<Item> = self
            .desk
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let text = tr!(
                    lang,
                    "desk.person",
                    name = p.name,
                    role = role_word(lang, p.actor)
                );
                Item::new(ItemKind::Row, position(lang, i + 1, &total, &text))
            })
            .collect();
        items.push(Item::new(
            ItemKind::Row,
            position(
                lang,
                self.desk.people.len() + 1,
                &total,
                lang.get("home.quit"),
            ),
        ));
        View {
            heading: lang.format(
                &crate::i18n::Lang::plural_key("desk.heading", self.desk.people.len() as u64),
                &[("n", &self.desk.people.len())],
            ),
            items,
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
            Command::Activate => match self.desk.people.get(self.focus) {
                Some(person) => choose(&self.desk, person, cx),
                None => cx.quit(),
            },
            // Nothing is behind this screen but someone else's menu.
            Command::Back | Command::Home => cx.announce(tr!(cx.lang, "desk.choose_first")),
            _ => return false,
        }
        true
    }

    fn resumed(&mut self, _reply: Option<crate::ui::Reply>, cx: &mut Cx<'_>) {
        // Back from the PIN screen, logged in: on to their menu (the
        // PIN screen opened a counselor's caseload over it).
        if cx.actor.is_some() {
            cx.home();
            super::casework::open_desk(cx);
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::LoggedIn(actor)) => {
                cx.logged_in(actor);
                cx.home();
                cx.announce(tr!(cx.lang, "login.logged_in"));
                super::casework::open_desk(cx);
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}
