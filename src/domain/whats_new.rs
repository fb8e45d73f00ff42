//! What's new for a jobseeker since their last visit: the rule that turns
//! the facts a store loads into the list of changes, and their counts.
//!
//! A *visit* starts when the person logs in (or opens a one-person desk).
//! "Since the last visit" is since the start of the visit before this one,
//! counted in the order things were written (not by the clock, which two
//! changes can share): the store tells how many history entries of each
//! application and enrollment, and which jobs, were there then. On the
//! first visit nothing from before it is new, except recommendations,
//! which stay new until the person opens them (as they always have). A
//! change the person dismissed never comes back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::casework::{Recommendation, Recommended};
use super::rules::PROMOTION_NOTE;
use super::{Actor, Application, ApplicationStatus, Enrollment, EnrollmentStatus, Id};

/// Jobs matching one saved search that were posted since the last visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchNews {
    pub search_id: Id,
    pub name: String,
    /// The new jobs' ids, newest first.
    pub job_ids: Vec<Id>,
}

/// Everything the rule needs, loaded by a store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts {
    pub profile_id: Id,
    /// Each application, with how many of its history entries were
    /// written before the last visit started (those are not new).
    pub applications: Vec<(Application, usize)>,
    /// The same for enrollments.
    pub enrollments: Vec<(Enrollment, usize)>,
    pub recommendations: Vec<Recommendation>,
    pub searches: Vec<SearchNews>,
    /// Keys of the changes the person dismissed.
    pub dismissed: Vec<String>,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum What {
    /// Someone else moved one of the person's applications.
    Application {
        application_id: Id,
        job_id: Id,
        status: ApplicationStatus,
        job_title: String,
        employer_name: String,
        /// The history entry's note.
        note: String,
        /// For an interview invitation: when, and where or how to join
        /// (the application's interview as it is now).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        interview: Option<Box<crate::domain::employer_side::Interview>>,
    },
    /// Someone else (or the waitlist) moved one of their enrollments.
    Enrollment {
        enrollment_id: Id,
        course_id: Id,
        status: EnrollmentStatus,
        course_title: String,
        /// A seat was freed and taken from the waitlist for them.
        promoted: bool,
    },
    /// Their counselor recommended a job or course.
    Recommendation {
        recommendation_id: Id,
        target: Recommended,
        title: String,
        by_name: String,
    },
    /// Jobs posted since the last visit that match a saved search.
    NewJobs {
        search_id: Id,
        name: String,
        count: u32,
        /// The newest, which the key is made of.
        newest_job_id: Id,
    },
}

/// One change, with the key it is dismissed by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Stable: `application:ID:N` (the Nth history entry),
    /// `enrollment:ID:N`, `recommendation:ID`, `search:ID:NEWEST_JOB`.
    pub key: String,
    pub at: DateTime<Utc>,
    pub what: What,
}

/// The changes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WhatsNew {
    pub changes: Vec<Change>,
}

/// How many changes of each kind: what is said at login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Applications with a change other than an interview invitation or
    /// an offer.
    pub applications: u64,
    pub interviews: u64,
    pub offers: u64,
    /// Enrollments changed (a seat taken from the waitlist, a course
    /// cancelled, completed...).
    pub courses: u64,
    pub recommendations: u64,
    /// New jobs over all saved searches.
    pub new_jobs: u64,
}

impl Counts {
    pub fn is_empty(&self) -> bool {
        *self == Counts::default()
    }
}

/// The dismissed-up-to job id of a saved search: its dismissed keys are
/// `search:ID:NEWEST`, and jobs up to the newest dismissed stay dismissed.
fn search_dismissed_upto(dismissed: &[String], search_id: Id) -> Option<Id> {
    let prefix = format!("search:{search_id}:");
    dismissed
        .iter()
        .filter_map(|k| k.strip_prefix(&prefix)?.parse::<Id>().ok())
        .max()
}

/// The rule: the changes others made since the last visit, the
/// recommendations not yet opened, and the new jobs of saved searches,
/// less what was dismissed; newest first.
pub fn changes(facts: &Facts, now: DateTime<Utc>) -> WhatsNew {
    let me = Actor::Jobseeker(facts.profile_id);
    let dismissed = |key: &str| facts.dismissed.iter().any(|d| d == key);
    let mut out = Vec::new();
    for (a, known) in &facts.applications {
        for (n, entry) in a.history.iter().enumerate().skip(*known) {
            // What the person did themself is not news to them.
            if entry.by == me {
                continue;
            }
            let key = format!("application:{}:{n}", a.id);
            if dismissed(&key) {
                continue;
            }
            out.push(Change {
                key,
                at: entry.at,
                what: What::Application {
                    application_id: a.id,
                    job_id: a.job_id,
                    status: entry.status,
                    job_title: a.job_title.clone(),
                    employer_name: a.employer_name.clone(),
                    note: entry.note.clone(),
                    interview: (entry.status == ApplicationStatus::InterviewScheduled)
                        .then(|| a.interview.clone())
                        .flatten(),
                },
            });
        }
    }
    for (e, known) in &facts.enrollments {
        for (n, entry) in e.history.iter().enumerate().skip(*known) {
            if entry.by == me {
                continue;
            }
            let key = format!("enrollment:{}:{n}", e.id);
            if dismissed(&key) {
                continue;
            }
            out.push(Change {
                key,
                at: entry.at,
                what: What::Enrollment {
                    enrollment_id: e.id,
                    course_id: e.course_id,
                    status: entry.status,
                    course_title: e.course_title.clone(),
                    promoted: entry.note == PROMOTION_NOTE,
                },
            });
        }
    }
    for r in &facts.recommendations {
        let key = format!("recommendation:{}", r.id);
        if r.seen || r.profile_id != facts.profile_id || dismissed(&key) {
            continue;
        }
        out.push(Change {
            key,
            at: r.stamp.at,
            what: What::Recommendation {
                recommendation_id: r.id,
                target: r.target,
                title: r.title.clone(),
                by_name: r.stamp.by_name.clone(),
            },
        });
    }
    for s in &facts.searches {
        let upto = search_dismissed_upto(&facts.dismissed, s.search_id).unwrap_or(0);
        let fresh: Vec<Id> = s.job_ids.iter().copied().filter(|&j| j > upto).collect();
        let Some(&newest) = fresh.iter().max() else {
            continue;
        };
        out.push(Change {
            key: format!("search:{}:{newest}", s.search_id),
            // Jobs carry a posting day, not a time: they are as new as now.
            at: now,
            what: What::NewJobs {
                search_id: s.search_id,
                name: s.name.clone(),
                count: u32::try_from(fresh.len()).unwrap_or(u32::MAX),
                newest_job_id: newest,
            },
        });
    }
    // Newest first. Two changes can share a time: then the one written
    // later (a later history entry, a higher id) comes first.
    out.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| order(b).cmp(&order(a))));
    WhatsNew { changes: out }
}

/// The order a change was written in, among changes of the same time:
/// its kind, then its record and history entry.
fn order(change: &Change) -> (u8, Id, usize) {
    match &change.what {
        What::Recommendation {
            recommendation_id, ..
        } => (0, *recommendation_id, 0),
        What::Application { application_id, .. } => (1, *application_id, entry_of(&change.key)),
        What::Enrollment { enrollment_id, .. } => (2, *enrollment_id, entry_of(&change.key)),
        What::NewJobs { newest_job_id, .. } => (3, *newest_job_id, 0),
    }
}

/// The history entry number at the end of a key (`application:ID:N`).
fn entry_of(key: &str) -> usize {
    key.rsplit(':')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Counts the changes by kind, for the sentence said at login.
pub fn counts(changes: &[Change]) -> Counts {
    let mut c = Counts::default();
    let mut apps: Vec<Id> = Vec::new();
    let mut courses: Vec<Id> = Vec::new();
    for change in changes {
        match &change.what {
            What::Application {
                status: ApplicationStatus::InterviewScheduled,
                ..
            } => c.interviews += 1,
            What::Application {
                status: ApplicationStatus::Offered,
                ..
            } => c.offers += 1,
            What::Application { application_id, .. } => {
                if !apps.contains(application_id) {
                    apps.push(*application_id);
                }
            }
            What::Enrollment { enrollment_id, .. } => {
                if !courses.contains(enrollment_id) {
                    courses.push(*enrollment_id);
                }
            }
            What::Recommendation { .. } => c.recommendations += 1,
            What::NewJobs { count, .. } => c.new_jobs += u64::from(*count),
        }
    }
    c.applications = apps.len() as u64;
    c.courses = courses.len() as u64;
    c
}

/// Whether a dismissal key is one the rule makes (the server refuses
/// anything else, so the table holds no junk).
pub fn is_valid_key(key: &str) -> bool {
    let mut parts = key.split(':');
    let kind = parts.next().unwrap_or_default();
    let numbers: Vec<&str> = parts.collect();
    let all_numbers = numbers
        .iter()
        .all(|n| !n.is_empty() && n.len() <= 19 && n.bytes().all(|b| b.is_ascii_digit()));
    all_numbers
        && match kind {
            "application" | "enrollment" | "search" => numbers.len() == 2,
            "recommendation" => numbers.len() == 1,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StatusChange;
    use crate::domain::casework::Stamp;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0)
            .single()
            .expect("a time")
    }

    fn entry<S>(status: S, day: u32, by: Actor, note: &str) -> StatusChange<S> {
        StatusChange {
            status,
            at: at(day),
            by,
            note: note.into(),
            named: None,
        }
    }

    fn application(id: Id, history: Vec<StatusChange<ApplicationStatus>>) -> Application {
        Application {
            id,
            reference: format!("JD-{id:05}"),
            job_id: id * 10,
            job_title: "Medical massage therapist".into(),
            employer_name: "Qingdao Central Hospital".into(),
            profile_id: 7,
            status: history
                .last()
                .map_or(ApplicationStatus::Submitted, |e| e.status),
            note: String::new(),
            submitted_at: at(1),
            history,
            interview: None,
        }
    }

    fn facts() -> Facts {
        use ApplicationStatus::*;
        let me = Actor::Jobseeker(7);
        let employer = Actor::Employer(2);
        Facts {
            profile_id: 7,
            applications: vec![
                (
                    application(
                        1,
                        vec![
                            entry(Submitted, 1, me, ""),
                            entry(UnderReview, 5, employer, ""),
                            entry(Referred, 11, employer, ""),
                            entry(InterviewScheduled, 12, employer, "5 Dec, 10:00, room 3"),
                        ],
                    ),
                    2,
                ),
                (
                    application(
                        2,
                        vec![
                            entry(Submitted, 11, me, ""),
                            entry(UnderReview, 13, employer, ""),
                        ],
                    ),
                    0,
                ),
                (
                    application(
                        3,
                        vec![
                            entry(Submitted, 2, me, ""),
                            entry(Withdrawn, 14, me, "found work"),
                        ],
                    ),
                    1,
                ),
            ],
            enrollments: vec![(
                Enrollment {
                    id: 4,
                    course_id: 40,
                    course_title: "Health massage level 4".into(),
                    profile_id: 7,
                    status: EnrollmentStatus::Registered,
                    waitlist_position: None,
                    history: vec![
                        entry(EnrollmentStatus::Waitlisted, 3, me, ""),
                        entry(
                            EnrollmentStatus::Registered,
                            15,
                            Actor::System,
                            PROMOTION_NOTE,
                        ),
                    ],
                },
                1,
            )],
            recommendations: vec![
                Recommendation {
                    id: 5,
                    profile_id: 7,
                    target: Recommended::Job(50),
                    title: "Blind health massage therapist".into(),
                    note: String::new(),
                    stamp: Stamp {
                        by: Actor::Counselor(1),
                        by_name: "Li Na".into(),
                        at: at(2),
                    },
                    seen: false,
                },
                Recommendation {
                    id: 6,
                    profile_id: 7,
                    target: Recommended::Course(60),
                    title: "Seen".into(),
                    note: String::new(),
                    stamp: Stamp {
                        by: Actor::Counselor(1),
                        by_name: "Li Na".into(),
                        at: at(12),
                    },
                    seen: true,
                },
            ],
            searches: vec![
                SearchNews {
                    search_id: 8,
                    name: "massage in Shinan".into(),
                    job_ids: vec![103, 102, 101],
                },
                SearchNews {
                    search_id: 9,
                    name: "nothing new".into(),
                    job_ids: vec![],
                },
            ],
            dismissed: vec![],
        }
    }

    fn keys(news: &WhatsNew) -> Vec<&str> {
        news.changes.iter().map(|c| c.key.as_str()).collect()
    }

    #[test]
    fn changes_by_others_since_the_last_visit_newest_first() {
        let news = changes(&facts(), at(20));
        assert_eq!(
            keys(&news),
            [
                "search:8:103",
                "enrollment:4:1",
                "application:2:1",
                "application:1:3",
                "application:1:2",
                "recommendation:5",
            ]
        );
        let c = counts(&news.changes);
        assert_eq!(
            c,
            Counts {
                applications: 2,
                interviews: 1,
                offers: 0,
                courses: 1,
                recommendations: 1,
                new_jobs: 3,
            }
        );
        assert!(matches!(
            &news.changes[1].what,
            What::Enrollment { promoted: true, .. }
        ));
    }

    #[test]
    fn dismissed_changes_do_not_come_back() {
        let mut f = facts();
        f.dismissed = vec![
            "application:1:3".into(),
            "recommendation:5".into(),
            "search:8:102".into(),
        ];
        let news = changes(&f, at(20));
        assert_eq!(
            keys(&news),
            [
                "search:8:103",
                "enrollment:4:1",
                "application:2:1",
                "application:1:2"
            ]
        );
        // Only the job after the dismissed one is still new.
        assert!(matches!(
            &news.changes[0].what,
            What::NewJobs { count: 1, .. }
        ));
        f.dismissed.push("search:8:103".into());
        assert!(!keys(&changes(&f, at(20))).contains(&"search:8:103"));
    }

    #[test]
    fn nothing_new_when_nothing_happened_since() {
        let mut f = facts();
        for (a, known) in &mut f.applications {
            *known = a.history.len();
        }
        for (e, known) in &mut f.enrollments {
            *known = e.history.len();
        }
        f.recommendations.clear();
        f.searches.clear();
        let news = changes(&f, at(26));
        assert!(news.changes.is_empty());
        assert!(counts(&news.changes).is_empty());
        // Knowing nothing, every change made by others is new (the
        // employer's first look at application 1 too).
        for (_, known) in &mut f.applications {
            *known = 0;
        }
        for (_, known) in &mut f.enrollments {
            *known = 0;
        }
        assert_eq!(changes(&f, at(26)).changes.len(), 5);
    }

    #[test]
    fn dismissal_keys_are_checked() {
        for good in [
            "application:1:3",
            "enrollment:4:0",
            "recommendation:5",
            "search:8:103",
        ] {
            assert!(is_valid_key(good), "{good}");
        }
        for bad in [
            "",
            "application",
            "application:1",
            "application:1:x",
            "recommendation:5:1",
            "search:8:",
            "other:1:2",
            "application:-1:2",
            "application:99999999999999999999:1",
        ] {
            assert!(!is_valid_key(bad), "{bad}");
        }
    }
}
