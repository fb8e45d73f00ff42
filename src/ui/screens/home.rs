//! The main menu.

use crate::domain::Actor;
use crate::domain::casework::Recommendation;
use crate::domain::whats_new::{WhatsNew, counts};
use crate::keymap::Command;
use crate::store::StoreError;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::position;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// What changed since the jobseeker's last visit (only when there is
    /// something).
    WhatsNew,
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
    /// Accounts (staff and administrators).
    Accounts,
    /// The audit log (staff and administrators).
    AuditLog,
    /// An employer's jobs and the applications to them.
    EmployerJobs,
    /// The staff desk (staff and administrators): employers, and courses
    /// with their rosters.
    Employers,
    StaffCourses,
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

/// Counselors: the caseload, postings and courses, without the
/// jobseeker's own applications, training and profile.
const DESK: [(Entry, &str); 7] = [
    (Entry::Caseload, "caseload.menu"),
    (Entry::Jobs, "home.jobs"),
    (Entry::Training, "home.training"),
    (Entry::Figures, "figures.menu"),
    (Entry::Settings, "home.settings"),
    (Entry::Help, "home.help"),
    (Entry::Quit, "home.quit"),
];

/// Staff and administrators: the desk, with employers, courses and their
/// rosters, accounts, the audit log and imports.
const STAFF: [(Entry, &str); 12] = [
    (Entry::Caseload, "caseload.menu"),
    (Entry::Employers, "staff_desk.menu_employers"),
    (Entry::StaffCourses, "staff_desk.menu_courses"),
    (Entry::Jobs, "home.jobs"),
    (Entry::Training, "home.training"),
    (Entry::Figures, "figures.menu"),
    (Entry::Accounts, "accounts.menu"),
    (Entry::AuditLog, "audit.menu"),
    (Entry::Import, "porter.menu"),
    (Entry::Settings, "home.settings"),
    (Entry::Help, "home.help"),
    (Entry::Quit, "home.quit"),
];

/// An employer: its own jobs and their applications first, then postings.
const EMPLOYER: [(Entry, &str); 5] = [
    (Entry::EmployerJobs, "employer_side.my_jobs"),
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
    /// What's new since the jobseeker's last visit, and the session.
    news: Option<(u64, WhatsNew)>,
    /// A list was opened that may change what's new (dismissed, seen):
    /// it is asked again when the menu is back.
    stale: bool,
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
        if !cx.is_jobseeker() {
            return;
        }
        let Some(user) = cx.user else {
            return;
        };
        if self.asked != Some(cx.session) {
            self.asked = Some(cx.session);
            self.stale = false;
            cx.call(StoreCall::Recommendations(user));
            // A new session is a new visit: what's new counts from the
            // one before.
            cx.call(StoreCall::WhatsNew {
                profile_id: user,
                visit_id: Some(crate::store::new_request_id()),
            });
        } else if std::mem::take(&mut self.stale) {
            cx.call(StoreCall::Recommendations(user));
            cx.call(StoreCall::WhatsNew {
                profile_id: user,
                visit_id: None,
            });
        }
    }

    fn menu(&self, cx: &Cx<'_>) -> Vec<(Entry, &'static str)> {
        entries(
            cx,
            self.news(cx).is_some(),
            !self.recommendations(cx).is_empty(),
        )
    }

    fn focused_entry(&self, cx: &Cx<'_>) -> Option<Entry> {
        self.menu(cx).get(self.focus).map(|(e, _)| *e)
    }

    /// When an entry comes or goes above the focus, the focus stays on
    /// the entry it was on (a list that moves under the reader would make
    /// Enter open something else).
    fn keep_focus_on(&mut self, entry: Option<Entry>, cx: &Cx<'_>) {
        let menu = self.menu(cx);
        match entry.and_then(|e| menu.iter().position(|(m, _)| *m == e)) {
            Some(i) => self.focus = i,
            None => self.focus = self.focus.min(menu.len().saturating_sub(1)),
        }
    }

    /// What's new for whoever is at the desk now (None when nothing is).
    fn news<'a>(&'a self, cx: &Cx<'_>) -> Option<&'a WhatsNew> {
        match &self.news {
            Some((session, news))
                if *session == cx.session && cx.is_jobseeker() && !news.changes.is_empty() =>
            {
                Some(news)
            }
            _ => None,
        }
    }
}

/// The menu of whoever is at the desk. A kiosk has no Settings (they would
/// change the kiosk itself) and ends the session instead of quitting; a
/// shared desk logs out instead.
fn entries(cx: &Cx<'_>, news: bool, recommended: bool) -> Vec<(Entry, &'static str)> {
    let menu: &[(Entry, &str)] = match cx.actor {
        None | Some(Actor::Jobseeker(_)) | Some(Actor::System) => &JOBSEEKER,
        Some(Actor::Employer(_)) => &EMPLOYER,
        Some(Actor::Counselor(_)) => &DESK,
        Some(Actor::Staff(_) | Actor::Admin(_)) => &STAFF,
    };
    let kiosk = cx.kiosk;
    // First: what the counselor sent is what the person came to hear.
    let news = news.then_some((Entry::WhatsNew, "whats_new.menu"));
    let first = recommended.then_some((Entry::Recommended, "recommended.menu"));
    news.into_iter()
        .chain(first)
        .chain(menu.iter().copied())
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
        let recommended = self.recommendations(cx);
        let news = self.news(cx);
        let entries = entries(cx, news.is_some(), !recommended.is_empty());
        let total = entries.len().to_string();
        View {
            heading: cx
                .lang
                .format(heading_key(cx.actor), &[("n", &entries.len())]),
            items: entries
                .iter()
                .enumerate()
                .map(|(i, (entry, key))| {
                    let text = match (entry, news) {
                        (Entry::Recommended, _) => {
                            super::recommend::menu_entry(cx.lang, recommended)
                        }
                        (Entry::WhatsNew, Some(news)) => {
                            super::whats_new::menu_entry(cx.lang, news)
                        }
                        _ => cx.lang.get(key).to_string(),
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
            // Said with what's new, in one sentence.
            Ok(Done::Recommendations(list)) => {
                let again = self
                    .recommended
                    .as_ref()
                    .is_some_and(|(session, _)| *session == cx.session);
                let before = self.focused_entry(cx);
                self.recommended = Some((cx.session, list));
                if again {
                    self.keep_focus_on(before, cx);
                }
            }
            Ok(Done::WhatsNew(news)) => {
                let first = self
                    .news
                    .as_ref()
                    .is_none_or(|(session, _)| *session != cx.session);
                if first && let Some(text) = super::whats_new::told(cx.lang, &counts(&news.changes))
                {
                    cx.announce(text);
                }
                let before = self.focused_entry(cx);
                self.news = Some((cx.session, news));
                // At login the menu is read from its top.
                if !first {
                    self.keep_focus_on(before, cx);
                }
            }
            Ok(_) => {}
            // The menu works without them: an older server, or a store
            // that keeps no casework, just has no such entry. Without
            // what's new, new recommendations are still told.
            Err(e) => {
                tracing::info!("recommendations or what's new not read: {e}");
                let told_news = self.news.as_ref().is_some_and(|(s, _)| *s == cx.session);
                if !told_news
                    && let Some(text) =
                        super::recommend::new_sentence(cx.lang, self.recommendations(cx))
                {
                    cx.announce(text);
                }
            }
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        let recommended = !self.recommendations(cx).is_empty();
        let news = self.news(cx).cloned();
        match entries(cx, news.is_some(), recommended)
            .get(self.focus)
            .map(|(e, _)| *e)
        {
            Some(Entry::WhatsNew) => {
                if let Some(news) = news {
                    self.stale = true;
                    cx.push(super::whats_new::WhatsNewScreen::new(news));
                }
            }
            Some(Entry::Recommended) => {
                self.stale = true;
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
            Some(Entry::Accounts) => cx.push(super::accounts::Accounts::default()),
            Some(Entry::AuditLog) => cx.push(super::accounts::audit::AuditLog::default()),
            Some(Entry::Employers) => cx.push(super::staff::employers::Employers::default()),
            Some(Entry::StaffCourses) => cx.push(super::staff::courses::StaffCourses::default()),
            Some(Entry::Figures) => {
                let screen = super::figures::FiguresScreen::new(cx);
                cx.push(screen);
            }
            Some(Entry::EmployerJobs) => cx.push(super::employer::MyJobs::default()),
            Some(Entry::Import) => {
                let screen = super::porter::import_file::ImportScreen::new(cx);
                cx.push(screen);
            }
            None => return false,
        }
        true
    }
}
