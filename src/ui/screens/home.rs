//! The main menu.

use crate::domain::Actor;
use crate::keymap::Command;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Screen};

use super::position;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Jobs,
    Training,
    Applications,
    MyTraining,
    Profile,
    Settings,
    Help,
    Quit,
    /// A kiosk's way to leave: the session ends, nothing stays.
    EndSession,
    /// A shared desk's: the next person says who they are.
    LogOut,
    /// Figures and exports (counselors, staff, administrators).
    Figures,
}

/// A jobseeker's menu (and the one-person desk's, where nobody logs in).
const JOBSEEKER: [(Entry, &str); 8] = [
    (Entry::Jobs, "home.jobs"),
    (Entry::Training, "home.training"),
    (Entry::Applications, "home.applications"),
    (Entry::MyTraining, "home.my_training"),
    (Entry::Profile, "home.profile"),
    (Entry::Settings, "home.settings"),
    (Entry::Help, "home.help"),
    (Entry::Quit, "home.quit"),
];

/// Counselors, staff and administrators: postings and courses, without
/// the jobseeker's own applications, training and profile.
const DESK: [(Entry, &str); 6] = [
    (Entry::Jobs, "home.jobs"),
    (Entry::Training, "home.training"),
    (Entry::Figures, "figures.menu"),
    (Entry::Settings, "home.settings"),
    (Entry::Help, "home.help"),
    (Entry::Quit, "home.quit"),
];

/// An employer reads postings; answering applications comes with the
/// employer side.
const EMPLOYER: [(Entry, &str); 4] = [
    (Entry::Jobs, "home.jobs"),
    (Entry::Settings, "home.settings"),
    (Entry::Help, "home.help"),
    (Entry::Quit, "home.quit"),
];

#[derive(Debug, Default)]
pub struct Home {
    focus: usize,
}

/// The menu of whoever is at the desk. A kiosk has no Settings (they would
/// change the kiosk itself) and ends the session instead of quitting; a
/// shared desk logs out instead.
fn entries(cx: &Cx<'_>) -> Vec<(Entry, &'static str)> {
    let menu: &[(Entry, &str)] = match cx.actor {
        None | Some(Actor::Jobseeker(_)) | Some(Actor::System) => &JOBSEEKER,
        Some(Actor::Employer(_)) => &EMPLOYER,
        Some(Actor::Counselor(_) | Actor::Staff(_) | Actor::Admin(_)) => &DESK,
    };
    let kiosk = cx.kiosk;
    menu.iter()
        .copied()
        .filter(|(e, _)| !(kiosk && *e == Entry::Settings))
        .map(|(e, key)| match e {
            Entry::Quit if kiosk => (Entry::EndSession, "kiosk.end_session"),
            Entry::Quit if cx.shared_desk => (Entry::LogOut, "home.log_out"),
            Entry::Jobs if kiosk => (Entry::Jobs, "kiosk.find_job"),
            _ => (e, key),
        })
        .collect()
}

/// The menu's heading names the desk of a role other than jobseeker.
fn heading_key(actor: Option<Actor>) -> &'static str {
    match actor {
        Some(Actor::Counselor(_)) => "home.heading_counselor",
        Some(Actor::Staff(_)) => "home.heading_staff",
        Some(Actor::Admin(_)) => "home.heading_admin",
        Some(Actor::Employer(_)) => "home.heading_employer",
        _ => "home.heading",
    }
}

impl Screen for Home {
    fn view(&self, cx: &Cx<'_>) -> View {
        let entries = entries(cx);
        let total = entries.len().to_string();
        View {
            heading: cx
                .lang
                .format(heading_key(cx.actor), &[("n", &entries.len())]),
            items: entries
                .iter()
                .enumerate()
                .map(|(i, (_, key))| {
                    Item::new(
                        ItemKind::Row,
                        position(cx.lang, i + 1, &total, cx.lang.get(key)),
                    )
                })
                .collect(),
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
        if command != Command::Activate {
            return false;
        }
        match entries(cx).get(self.focus).map(|(e, _)| *e) {
            // A keypad cannot type a search: a kiosk chooses from lists.
            Some(Entry::Jobs) if cx.kiosk => cx.push(super::kiosk_search::FindJob::default()),
            Some(Entry::Jobs) => cx.push(super::jobs::Jobs::default()),
            Some(Entry::Training) => cx.push(super::training::Courses::default()),
            Some(Entry::Applications) => cx.push(super::applications::MyApplications::default()),
            Some(Entry::MyTraining) => cx.push(super::training::MyTraining::default()),
            Some(Entry::Profile) => cx.push(super::profile::ProfileScreen::default()),
            Some(Entry::Settings) => cx.push(super::settings::SettingsScreen::new(cx)),
            Some(Entry::Help) => {
                let help = super::help::Help::general(cx);
                cx.push(help);
            }
            Some(Entry::Quit) => cx.quit(),
            Some(Entry::EndSession) => cx.end_session(),
            Some(Entry::LogOut) => cx.log_out(),
            Some(Entry::Figures) => {
                let screen = super::figures::FiguresScreen::new(cx);
                cx.push(screen);
            }
            None => return false,
        }
        true
    }
}
