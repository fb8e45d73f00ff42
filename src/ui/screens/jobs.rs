//! The job list: a search field, the filters, and one self-contained line
//! per job, a page at a time.

use crate::domain::{JobSummary, Page, validate};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::JobQuery;
use crate::tr;
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{count_text, position};

pub const PAGE_SIZE: u32 = 20;

/// What a line of the list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Search,
    Filters,
    PreviousPage,
    Job(usize),
    Nothing,
    NextPage,
}

#[derive(Debug)]
pub struct Jobs {
    query: JobQuery,
    search: TextInput,
    page: Option<Page<JobSummary>>,
    focus: usize,
    /// Say how many were found when the next page arrives.
    announce_count: bool,
}

impl Default for Jobs {
    fn default() -> Self {
        Jobs {
            query: JobQuery {
                page_size: PAGE_SIZE,
                ..JobQuery::default()
            },
            search: TextInput::new("", validate::limits::SEARCH),
            page: None,
            focus: 0,
            announce_count: false,
        }
    }
}

/// "Shinan, health massage, home-based" or "none".
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
        parts.push(tr!(lang, "filters.salary_short", amount = s));
    }
    if let Some(d) = q.posted_within_days {
        parts.push(tr!(lang, "filters.posted_short", days = d));
    }
    parts.join(lang.get("common.list_separator"))
}

/// One job as a self-contained line, most important words first.
pub fn job_line(lang: Lang, today: chrono::NaiveDate, j: &JobSummary) -> String {
    let mut line = tr!(
        lang,
        "jobs.row",
        title = j.title,
        employer = j.employer_name,
        district = lang.district(j.district),
        salary = lang.salary(j.salary_min, j.salary_max),
        closes = lang.short_date(j.closes_on, today)
    );
    if j.remote {
        line.push_str(lang.get("jobs.row_remote"));
    }
    line
}

impl Jobs {
    fn lines(&self) -> Vec<Line> {
        let mut lines = vec![Line::Search, Line::Filters];
        match &self.page {
            Some(page) => {
                if page.page > 0 {
                    lines.push(Line::PreviousPage);
                }
                if page.items.is_empty() {
                    lines.push(Line::Nothing);
                }
                lines.extend((0..page.items.len()).map(Line::Job));
                if has_next(page) {
                    lines.push(Line::NextPage);
                }
            }
            None => lines.push(Line::Nothing),
        }
        lines
    }

    fn load(&mut self, cx: &mut Cx<'_>, page: u32, announce: bool) {
        self.query.page = page;
        self.announce_count = announce;
        cx.call(StoreCall::SearchJobs(self.query.clone()));
    }

    fn run_search(&mut self, cx: &mut Cx<'_>) {
        match validate::search(self.search.value()) {
            Ok(text) => {
                self.query.text = text;
                self.load(cx, 0, true);
            }
            Err(e) => cx.announce(super::field_error(cx.lang, &e)),
        }
    }

    fn first_job_line(&self) -> usize {
        self.lines()
            .iter()
            .position(|l| matches!(l, Line::Job(_)))
            .unwrap_or(0)
    }
}

fn has_next(page: &Page<JobSummary>) -> bool {
    u64::from(page.page + 1) * u64::from(page.page_size) < page.total
}

impl Screen for Jobs {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let filters = filter_summary(lang, &self.query);
        let (count, page_no, pages) = match &self.page {
            Some(p) => (
                count_text(lang, p.total, p.total_capped),
                p.page + 1,
                if p.total_capped {
                    tr!(lang, "common.more_than", n = p.page_count())
                } else {
                    p.page_count().to_string()
                },
            ),
            None => ("0".into(), 1, "1".into()),
        };
        let mut heading = tr!(lang, "jobs.heading", count = count);
        if !self.query.text.is_empty() {
            heading.push_str(&tr!(lang, "jobs.heading_search", text = self.query.text));
        }
        if !filters.is_empty() {
            heading.push_str(&tr!(lang, "jobs.heading_filter", filters = filters));
        }
        heading.push_str(&tr!(
            lang,
            "jobs.heading_page",
            page = page_no,
            pages = pages
        ));

        let total = self
            .page
            .as_ref()
            .map_or_else(String::new, |p| count_text(lang, p.total, p.total_capped));
        let offset = self
            .page
            .as_ref()
            .map_or(0, |p| p.page as usize * p.page_size as usize);
        let items = self
            .lines()
            .into_iter()
            .map(|line| match line {
                Line::Search => {
                    let prefix = tr!(lang, "jobs.search_label");
                    Item {
                        caret: Some(prefix.chars().count() + self.search.caret()),
                        text: format!("{prefix}{}", self.search.value()),
                        kind: ItemKind::Field,
                    }
                }
                Line::Filters => Item::new(
                    ItemKind::Row,
                    if filters.is_empty() {
                        tr!(lang, "jobs.filters_none")
                    } else {
                        tr!(lang, "jobs.filters", filters = filters)
                    },
                ),
                Line::PreviousPage => Item::new(
                    ItemKind::Row,
                    tr!(lang, "jobs.previous_page", page = page_no - 1),
                ),
                Line::NextPage => Item::new(
                    ItemKind::Row,
                    tr!(lang, "jobs.next_page", page = page_no + 1, pages = pages),
                ),
                Line::Nothing => Item::new(
                    ItemKind::Text,
                    if self.page.is_some() {
                        tr!(lang, "jobs.none_found")
                    } else {
                        tr!(lang, "common.loading")
                    },
                ),
                Line::Job(i) => {
                    let job = &self
                        .page
                        .as_ref()
                        .expect("job lines exist only with a page")
                        .items[i];
                    Item::new(
                        ItemKind::Row,
                        position(lang, offset + i + 1, &total, &job_line(lang, cx.today, job)),
                    )
                }
            })
            .collect();
        View {
            heading,
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

    fn opened(&mut self, cx: &mut Cx<'_>) {
        self.load(cx, 0, false);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        (self.lines().get(self.focus) == Some(&Line::Search)).then_some(&mut self.search)
    }

    fn type_char(&mut self, c: char, _cx: &mut Cx<'_>) -> bool {
        // Typing on a job line starts a new search.
        self.focus = 0;
        self.search.clear();
        self.search.insert(&c.to_string());
        true
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let line = self.lines().get(self.focus).copied();
        let page = self.page.as_ref().map(|p| (p.page, has_next(p)));
        match (command, line) {
            (Command::Search, _) => {
                self.focus = 0;
                self.search.end();
            }
            (Command::Activate, Some(Line::Search)) => self.run_search(cx),
            (Command::Activate, Some(Line::Filters)) => {
                cx.push(super::filters::Filters::new(cx, &self.query))
            }
            (Command::Activate, Some(Line::Job(i))) => {
                if let Some(job) = self.page.as_ref().and_then(|p| p.items.get(i)) {
                    cx.call(StoreCall::Job(job.id));
                }
            }
            (Command::Activate, Some(Line::NextPage)) | (Command::NextPage, _)
                if page.is_some_and(|(_, next)| next) =>
            {
                let n = page.map_or(0, |(p, _)| p) + 1;
                self.load(cx, n, false);
            }
            (Command::Activate, Some(Line::PreviousPage)) | (Command::PreviousPage, _)
                if page.is_some_and(|(p, _)| p > 0) =>
            {
                let n = page.map_or(1, |(p, _)| p) - 1;
                self.load(cx, n, false);
            }
            (Command::NextPage, _) => cx.announce(tr!(cx.lang, "jobs.last_page")),
            (Command::PreviousPage, _) => cx.announce(tr!(cx.lang, "jobs.first_page")),
            _ => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, crate::store::StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Jobs(page)) => {
                let lang = cx.lang;
                let count = count_text(lang, page.total, page.total_capped);
                let (total, number) = (page.total, page.page + 1);
                self.page = Some(page);
                self.focus = self.first_job_line();
                if self.announce_count {
                    cx.announce(if total == 0 {
                        tr!(lang, "jobs.found_none", text = self.query.text)
                    } else {
                        tr!(lang, "jobs.found", count = count)
                    });
                } else if number > 1 || self.query.page > 0 {
                    cx.announce(tr!(lang, "jobs.page_shown", page = number));
                }
            }
            Ok(Done::Job(job)) => cx.push(super::job_detail::JobDetail::new(*job)),
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if let Some(Reply::JobFilters(q)) = reply {
            self.query = JobQuery {
                text: self.query.text.clone(),
                page_size: PAGE_SIZE,
                ..q
            };
            self.load(cx, 0, true);
        }
    }
}
