//! The main menu.

use crate::domain::Actor;
use crate::domain::casework::Recommendation;
use crate::keymap::Command;
use crate::store::StoreError;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::position;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// What the jobseeker's counselor recommended (only when there is
    /// something).
    Recommended,
    /// The caseload (counselors; everyone's for staff).
    Caseload,
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
    /// Import a file (staff and administrators).
    Import,
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
const DESK: [(Entry, &str); 8] = [
    (Entry::Caseload, "caseload.menu"),
    (Entry::Jobs, "home.jobs"),
    (Entry::Training, "home.training"),
    (Entry::Figures, "figures.menu"),
    (Entry::Import, "porter.menu"),
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
    /// The jobseeker's recommendations, and the session they are of.
    recommended: Option<(u64, Vec<Recommendation>)>,
    /// The session they were last asked for in.
    asked: Option<u64>,
}

impl Home {
    /// The recommendations of whoever is at the desk now, if any.
    fn recommendations<'a>(&'a self, cx: &Cx<'_>) -> &'a [Recommendation] {
        match &self.recommended {
            Some((session, list)) if *session == cx.session && cx.is_jobseeker() => list,
            _ => &[],
        }
    }

    /// A jobseeker's recommendations are asked for once a session: at
    /// login (or at the start of a one-person desk), which is when new
    /// ones are told.
    fn ask(&mut self, cx: &mut Cx<'_>) {
        if self.asked == Some(cx.session) || !cx.is_jobseeker() {
            return;
        }
        if let Some(user) = cx.user {
            self.asked = Some(cx.session);
            cx.call(StoreCall::Recommendations(user));
        }
    }
}

/// The menu of whoever is at the desk. A kiosk has no Settings (they would
/// change the kiosk itself) and ends the session instead of quitting; a
/// shared desk logs out instead.
fn entries(cx: &Cx<'_>, recommended: bool) -> Vec<(Entry, &'static str)> {
    let menu: &[(Entry, &str)] = match cx.actor {
        None | Some(Actor::Jobseeker(_)) | Some(Actor::System) => &JOBSEEKER,
        Some(Actor::Employer(_)) => &EMPLOYER,
        Some(Actor::Counselor(_) | Actor::Staff(_) | Actor::Admin(_)) => &DESK,
    };
    let kiosk = cx.kiosk;
    // First: what the counselor sent is what the person came to hear.
    let first = recommended.then_some((Entry::Recommended, "recommended.menu"));
    first
        .into_iter()
        .chain(menu.iter().copied())
        .filter(|(e, _)| !(kiosk && *e == Entry::Settings))
        .filter(|(e, _)| *e != Entry::Import || cx.actor.is_some_and(Actor::sees_everyone))
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
        let recommended = self.recommendations(cx);
        let entries = entries(cx, !recommended.is_empty());
        let total = entries.len().to_string();
        View {
            heading: cx
                .lang
                .format(heading_key(cx.actor), &[("n", &entries.len())]),
            items: entries
                .iter()
                .enumerate()
                .map(|(i, (entry, key))| {
                    let text = if *entry == Entry::Recommended {
                        super::recommend::menu_entry(cx.lang, recommended)
                    } else {
                        cx.lang.get(key).to_string()
                    };
                    Item::new(ItemKind::Row, position(cx.lang, i + 1, &total, &text))
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

    fn opened(&mut self, cx: &mut Cx<'_>) {
        self.ask(cx);
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        self.ask(cx);
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Recommendations(list)) => {
                if let Some(text) = super::recommend::new_sentence(cx.lang, &list) {
                    cx.announce(text);
                }
                self.recommended = Some((cx.session, list));
            }
            Ok(_) => {}
            // The menu works without them: an older server, or a store
            // that keeps no casework, just has no such entry.
            Err(e) => tracing::info!("recommendations not read: {e}"),
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        let recommended = !self.recommendations(cx).is_empty();
        match entries(cx, recommended).get(self.focus).map(|(e, _)| *e) {
            Some(Entry::Recommended) => {
                // Opening the list marks them seen.
                if let Some((_, list)) = self.recommended.as_mut() {
                    for r in list {
                        r.seen = true;
                    }
                }
                cx.push(super::recommend::RecommendedForYou::default());
            }
            // A keypad cannot type a search: a kiosk chooses from lists.
            Some(Entry::Jobs) if cx.kiosk => cx.push(super::kiosk_search::FindJob::default()),
            Some(Entry::Jobs) => cx.push(super::jobs::Jobs::default()),
            Some(Entry::Caseload) => cx.push(super::casework::caseload::Caseload::default()),
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
            Some(Entry::Import) => {
                let screen = super::porter::import_file::ImportScreen::new(cx);
                cx.push(screen);
            }
            None => return false,
        }
        true
    }
}
