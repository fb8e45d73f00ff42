//! The job list: a search field, the filters, and one self-contained line
//! per job, a page at a time.

use crate::domain::JobSummary;
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{JobQuery, StoreError};
use crate::tr;
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::search_list::{ListAction, SearchList, Words};

pub const PAGE_SIZE: u32 = 20;

const WORDS: Words = Words {
    heading: "jobs.heading",
    search: "jobs.search_label",
    none: "jobs.none_found",
    found: "jobs.found",
    found_none: "jobs.found_none",
};

#[derive(Debug)]
pub struct Jobs {
    query: JobQuery,
    list: SearchList<JobSummary>,
    /// A counselor looking for a job for a person of their caseload (from
    /// the person's record): the job opens with a line to apply for them.
    person: Option<(crate::domain::Id, String)>,
}

impl Jobs {
    /// The job list opened from a person's record.
    pub fn for_person(profile_id: crate::domain::Id, name: String) -> Self {
        Jobs {
            person: Some((profile_id, name)),
            ..Jobs::default()
        }
    }
}

impl Default for Jobs {
    fn default() -> Self {
        Jobs {
            query: JobQuery {
                page_size: PAGE_SIZE,
                ..JobQuery::default()
            },
            list: SearchList::new(WORDS),
            person: None,
        }
    }
}

/// "Shinan, health massage, home-based", or empty.
pub fn filter_summary(lang: Lang, q: &JobQuery) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(q.districts.iter().map(|d| lang.district(*d).to_string()));
    parts.extend(q.kinds.iter().map(|k| lang.work_kind(*k).to_string()));
    if q.suits_visual {
        parts.push(tr!(lang, "filters.suits_visual_short"));
    }
    if q.remote_only {
        parts.push(tr!(lang, "filters.remote_short"));
    }
    if let Some(s) = q.salary_from {
        parts.push(tr!(lang, "filters.salary_short", amount = lang.amount(s)));
    }
    if let Some(d) = q.posted_within_days {
        parts.push(if d == 1 {
            tr!(lang, "filters.posted_today_or_yesterday")
        } else {
            tr!(lang, "filters.posted_short", days = d)
        });
    }
    parts.join(lang.get("common.list_separator"))
}

/// One job as a self-contained line, most important words first: title,
/// salary, closing date, district (and home-based), then the employer, the
/// first to be cut when the row is narrow.
pub fn job_line(lang: Lang, today: chrono::NaiveDate, j: &JobSummary) -> String {
    tr!(
        lang,
        "jobs.row",
        title = j.title,
        employer = j.employer_name,
        district = lang.district(j.district),
        remote = if j.remote {
            lang.get("jobs.row_remote")
        } else {
            ""
        },
        salary = lang.salary(j.salary_min, j.salary_max),
        closes = lang.short_date(j.closes_on, today)
    )
}

impl Jobs {
    /// The list with these filters in force (a kiosk's chosen kind of
    /// work and district).
    pub fn with_query(query: JobQuery) -> Jobs {
        Jobs {
            query: JobQuery {
                page_size: PAGE_SIZE,
                ..query
            },
            ..Jobs::default()
        }
    }

    /// A saved search run again: its words and filters.
    pub fn saved(query: JobQuery) -> Jobs {
        let mut jobs = Jobs::with_query(query);
        jobs.list.set_text(&jobs.query.text.clone());
        jobs
    }

    fn load(&mut self, cx: &mut Cx<'_>, page: u32, announce: bool) {
        let (page, page_size) = self.list.page_request(cx, page, self.query.page_size);
        self.query.page = page;
        self.query.page_size = page_size;
        self.query.text = self.list.text.clone();
        self.list.expect(announce);
        cx.call(StoreCall::SearchJobs(self.query.clone()));
    }
}

impl Screen for Jobs {
    fn view(&self, cx: &Cx<'_>) -> View {
        let filters = filter_summary(cx.lang, &self.query);
        self.list
            .view(cx.lang, &filters, |j| job_line(cx.lang, cx.today, j))
    }

    fn focus(&self) -> usize {
        self.list.focus()
    }

    fn set_focus(&mut self, focus: usize) {
        self.list.set_focus(focus);
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        // A kiosk chooses from lists instead of typing a search.
        self.list.typed_search = !cx.kiosk;
        self.load(cx, 0, false);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        self.list.input()
    }

    fn type_char(&mut self, c: char, _cx: &mut Cx<'_>) -> bool {
        self.list.type_char(c);
        true
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        // Saved searches are a jobseeker's own (not a counselor's looking
        // for someone).
        let saving = cx.is_jobseeker() && self.person.is_none();
        match command {
            Command::SaveSearch if saving => {
                let query = JobQuery {
                    text: self.list.text.clone(),
                    ..self.query.clone()
                };
                let screen = super::whats_new::saved::SaveSearch::new(cx, query);
                cx.push(screen);
                return true;
            }
            Command::SavedSearches if saving => {
                cx.push(super::whats_new::saved::SavedSearches::default());
                return true;
            }
            _ => {}
        }
        match self.list.command(command, cx.lang) {
            ListAction::Load { page, announce } => self.load(cx, page, announce),
            ListAction::OpenFilters => cx.push(super::filters::Filters::new(cx, &self.query)),
            ListAction::Open(i) => {
                if let Some(job) = self.list.page().and_then(|p| p.items.get(i)) {
                    cx.call(StoreCall::Job(job.id));
                }
            }
            ListAction::Announce(text) => cx.announce(text),
            ListAction::Handled => {}
            ListAction::NotMine => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Jobs(page)) => {
                if let Some(text) = self.list.loaded(page, cx.lang) {
                    cx.announce(text);
                }
            }
            Ok(Done::Job(job)) => {
                let mut detail = super::job_detail::JobDetail::new(*job);
                if let Some((id, name)) = &self.person {
                    detail = detail.for_person(*id, name.clone());
                }
                cx.push(detail);
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if let Some(Reply::JobFilters(q)) = reply {
            self.query = JobQuery {
                page_size: self.query.page_size,
                ..q
            };
            self.load(cx, 0, true);
        }
    }
}
