//! The main menu.

use crate::keymap::Command;
use crate::tr;
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
}

const ENTRIES: [(Entry, &str); 8] = [
    (Entry::Jobs, "home.jobs"),
    (Entry::Training, "home.training"),
    (Entry::Applications, "home.applications"),
    (Entry::MyTraining, "home.my_training"),
    (Entry::Profile, "home.profile"),
    (Entry::Settings, "home.settings"),
    (Entry::Help, "home.help"),
    (Entry::Quit, "home.quit"),
];

#[derive(Debug, Default)]
pub struct Home {
    focus: usize,
}

/// The menu; a kiosk has no Settings (they would change the kiosk itself)
/// and ends the session instead of quitting.
fn entries(kiosk: bool) -> Vec<(Entry, &'static str)> {
    ENTRIES
        .iter()
        .copied()
        .filter(|(e, _)| !(kiosk && *e == Entry::Settings))
        .map(|(e, key)| match e {
            Entry::Quit if kiosk => (Entry::EndSession, "kiosk.end_session"),
            Entry::Jobs if kiosk => (Entry::Jobs, "kiosk.find_job"),
            _ => (e, key),
        })
        .collect()
}

impl Screen for Home {
    fn view(&self, cx: &Cx<'_>) -> View {
        let entries = entries(cx.kiosk);
        let total = entries.len().to_string();
        View {
            heading: tr!(cx.lang, "home.heading", n = entries.len()),
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
        match entries(cx.kiosk).get(self.focus).map(|(e, _)| *e) {
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
            None => return false,
        }
        true
    }
}
