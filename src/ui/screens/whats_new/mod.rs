//! What's new since the jobseeker's last visit: one row a change, each
//! opening what it is about and each dismissable; and saved searches.

pub mod saved;

use chrono::NaiveDate;

use crate::domain::casework::Recommended;
use crate::domain::whats_new::{Change, Counts, What, WhatsNew, counts};
use crate::domain::{ApplicationStatus, EnrollmentStatus};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::StoreError;
use crate::tr;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Screen, StoreCall};

use super::position;

fn count(lang: Lang, key: &str, n: u64) -> String {
    lang.format(&Lang::plural_key(key, n), &[("n", &n)])
}

/// The sentence said at login: "Since your last visit: 2 applications
/// changed, 1 interview invitation. ..."; None when nothing is new.
pub fn told(lang: Lang, c: &Counts) -> Option<String> {
    let parts: Vec<String> = [
        ("whats_new.applications", c.applications),
        ("whats_new.interviews", c.interviews),
        ("whats_new.offers", c.offers),
        ("whats_new.courses", c.courses),
        ("whats_new.recommendations", c.recommendations),
        ("whats_new.new_jobs", c.new_jobs),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(key, n)| count(lang, key, n))
    .collect();
    if parts.is_empty() {
        return None;
    }
    let what = parts.join(lang.get("common.list_separator"));
    Some(tr!(lang, "whats_new.told", what = what))
}

/// The home menu's entry: "What's new, 3".
pub fn menu_entry(lang: Lang, news: &WhatsNew) -> String {
    tr!(lang, "whats_new.menu", n = news.changes.len())
}

fn application_word(status: ApplicationStatus) -> &'static str {
    use ApplicationStatus::*;
    match status {
        Submitted => "whats_new.submitted",
        UnderReview => "whats_new.under_review",
        Referred => "whats_new.referred",
        InterviewScheduled => "whats_new.interview_scheduled",
        Offered => "whats_new.offered",
        Hired => "whats_new.hired",
        NotSelected => "whats_new.not_selected",
        Withdrawn => "whats_new.withdrawn",
        PostingClosed => "whats_new.posting_closed",
    }
}

fn enrollment_word(status: EnrollmentStatus, promoted: bool) -> &'static str {
    use EnrollmentStatus::*;
    match status {
        Registered if promoted => "whats_new.promoted",
        Registered => "whats_new.registered",
        Waitlisted => "whats_new.waitlisted",
        Enrolled => "whats_new.enrolled",
        Completed => "whats_new.completed",
        Failed => "whats_new.failed",
        Cancelled => "whats_new.cancelled",
        Rejected => "whats_new.rejected",
    }
}

/// One change as a self-contained row, what happened first: "Interview
/// invitation, Medical massage therapist, Qingdao Central Hospital, 5 Dec".
pub fn row_text(lang: Lang, change: &Change, today: NaiveDate) -> String {
    let date = lang.short_date(change.at.with_timezone(&chrono::Local).date_naive(), today);
    match &change.what {
        What::Application {
            status,
            job_title,
            employer_name,
            note,
            interview,
            ..
        } => {
            let mut text = tr!(
                lang,
                "whats_new.application_row",
                what = lang.get(application_word(*status)),
                title = job_title,
                employer = employer_name,
                date = date
            );
            // An invitation says when, and where or how to join; other
            // steps their note, if any.
            if let Some(interview) = interview {
                let when = crate::ui::screens::employer::interview_value(lang, interview);
                let place = format!(
                    "{when}{}{}",
                    lang.get("common.list_separator"),
                    interview.details
                );
                text.push_str(&tr!(lang, "whats_new.row_note", note = place));
            } else if *status == ApplicationStatus::InterviewScheduled && !note.trim().is_empty() {
                text.push_str(&tr!(lang, "whats_new.row_note", note = note));
            }
            text
        }
        What::Enrollment {
            status,
            course_title,
            promoted,
            ..
        } => tr!(
            lang,
            "whats_new.enrollment_row",
            what = lang.get(enrollment_word(*status, *promoted)),
            course = course_title,
            date = date
        ),
        What::Recommendation {
            target,
            title,
            by_name,
            ..
        } => {
            let by = if by_name.trim().is_empty() {
                tr!(lang, "whats_new.your_counselor")
            } else {
                by_name.clone()
            };
            let key = match target {
                Recommended::Job(_) => "whats_new.recommendation_row",
                Recommended::Course(_) => "whats_new.recommendation_course_row",
            };
            lang.format(key, &[("by", &by), ("title", title), ("date", &date)])
        }
        What::NewJobs { name, count, .. } => lang.format(
            &Lang::plural_key("whats_new.new_jobs_row", u64::from(*count)),
            &[("n", count), ("name", name)],
        ),
    }
}

/// The list of changes. Enter opens the application, the course, the
/// recommendations or the jobs of the saved search; the dismiss key
/// removes a change for good.
#[derive(Debug, Default)]
pub struct WhatsNewScreen {
    news: Option<WhatsNew>,
    focus: usize,
    /// What Enter asked the store for, to open when it answers.
    opening: Option<What>,
}

impl WhatsNewScreen {
    /// The list the main menu already has (nothing to load again).
    pub fn new(news: WhatsNew) -> Self {
        WhatsNewScreen {
            news: Some(news),
            ..Self::default()
        }
    }

    fn changes(&self) -> &[Change] {
        self.news.as_ref().map_or(&[], |n| n.changes.as_slice())
    }
}

impl Screen for WhatsNewScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let changes = self.changes();
        let total = changes.len().to_string();
        let items = if changes.is_empty() {
            vec![Item::new(
                ItemKind::Text,
                if self.news.is_some() {
                    tr!(lang, "whats_new.none")
                } else {
                    tr!(lang, "common.loading")
                },
            )]
        } else {
            changes
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let text = row_text(lang, c, cx.today);
                    Item::new(ItemKind::Row, position(lang, i + 1, &total, &text))
                })
                .collect()
        };
        View {
            heading: tr!(lang, "whats_new.heading", n = changes.len()),
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

    fn needs_person(&self) -> bool {
        true
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        if self.news.is_none()
            && let Some(user) = cx.user
        {
            cx.call(StoreCall::WhatsNew {
                profile_id: user,
                visit_id: None,
            });
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let Some(change) = self.changes().get(self.focus).cloned() else {
            return false;
        };
        let Some(user) = cx.user else {
            return false;
        };
        match command {
            Command::Dismiss => {
                cx.call(StoreCall::DismissNew {
                    profile_id: user,
                    key: change.key,
                });
                true
            }
            Command::Activate => {
                match &change.what {
                    What::Application { .. } => cx.call(StoreCall::Applications(user)),
                    What::Enrollment { course_id, .. } => cx.call(StoreCall::Course(*course_id)),
                    What::Recommendation { .. } => {
                        cx.push(super::recommend::RecommendedForYou::default())
                    }
                    What::NewJobs { .. } => cx.call(StoreCall::SavedSearches(user)),
                }
                self.opening = Some(change.what);
                true
            }
            _ => false,
        }
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::WhatsNew(news)) => {
                self.focus = self.focus.min(news.changes.len().saturating_sub(1));
                self.news = Some(news);
            }
            Ok(Done::Dismissed(key)) => {
                if let Some(news) = self.news.as_mut() {
                    news.changes.retain(|c| c.key != key);
                    let left = news.changes.len();
                    self.focus = self.focus.min(left.saturating_sub(1));
                    cx.announce(if left == 0 {
                        tr!(cx.lang, "whats_new.dismissed_last")
                    } else {
                        tr!(cx.lang, "whats_new.dismissed", n = left)
                    });
                }
            }
            Ok(Done::Applications(list)) => {
                if let Some(What::Application { application_id, .. }) = self.opening.take()
                    && let Some(a) = list.into_iter().find(|a| a.id == application_id)
                {
                    cx.push(super::applications::ApplicationDetail::new(a));
                }
            }
            Ok(Done::Course(course)) => {
                self.opening = None;
                cx.push(super::training::CourseDetail::new(*course));
            }
            Ok(Done::SavedSearches(list)) => {
                if let Some(What::NewJobs { search_id, .. }) = self.opening.take()
                    && let Some(s) = list.into_iter().find(|s| s.id == search_id)
                {
                    cx.push(super::jobs::Jobs::with_query(s.query));
                }
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// The counts of a list of changes (what the login sentence says).
pub fn counts_of(news: &WhatsNew) -> Counts {
    counts(&news.changes)
}
