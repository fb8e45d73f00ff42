//! The shape the job list and the course list share: a search field, a
//! filters line, then one self-contained line per result, a page at a time.
//! A page of results fills the screen; moving down past its last result
//! turns to the next page, moving up past its first to the previous one
//! (docs/architecture.md, "Pages, not scrolling").

use crate::domain::{Page, validate};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::tr;
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};

use super::{count_text, field_error, position};

/// The words that differ between lists (catalogue keys).
#[derive(Debug)]
pub struct Words {
    /// "Jobs, {count} open".
    pub heading: &'static str,
    /// The search field's label.
    pub search: &'static str,
    /// The line shown when the page is empty.
    pub none: &'static str,
    /// "{count} found." after a search.
    pub found: &'static str,
    /// "None found for {text}." after a search.
    pub found_none: &'static str,
}

/// What a line of the list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Search,
    Filters,
    /// Lines that turn the page, in linear mode only (on screen, moving
    /// past the ends turns it).
    PreviousPage,
    Result(usize),
    Nothing,
    NextPage,
}

/// Lines above the results: the search field and the filters.
const LINES_ABOVE: u16 = 2;
/// Results a page in linear mode, where nothing limits the height.
const LINEAR_PAGE_SIZE: u32 = 20;

/// Which result of a page to focus when it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrive {
    First,
    Last,
    /// Keep the reader's place (a refresh).
    Keep,
}

/// What the owning screen should do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListAction {
    /// Load this page of the query (with the search text now in force).
    Load {
        page: u32,
        announce: bool,
    },
    OpenFilters,
    /// Open the result at this index of the current page.
    Open(usize),
    /// Say this.
    Announce(String),
    Handled,
    NotMine,
}

#[derive(Debug)]
pub struct SearchList<T> {
    words: Words,
    search: TextInput,
    /// The search text in force (what the last search asked for).
    pub text: String,
    page: Option<Page<T>>,
    focus: usize,
    announce_count: bool,
    /// Where the focus goes when the next page arrives.
    arrive: Arrive,
    /// Linear mode: pages are turned by lines of their own.
    page_lines: bool,
    /// Whether there is a search field to type into (not at a kiosk,
    /// whose keypad cannot type words).
    pub typed_search: bool,
}

impl<T> SearchList<T> {
    pub fn new(words: Words) -> Self {
        SearchList {
            words,
            search: TextInput::new("", validate::limits::SEARCH),
            text: String::new(),
            page: None,
            focus: 0,
            announce_count: false,
            arrive: Arrive::First,
            page_lines: false,
            typed_search: true,
        }
    }

    /// The page number and size to ask for: a page fills the screen (in
    /// linear mode, a fixed number). When the size changes (the terminal
    /// was resized), the page is the one that holds the first result of
    /// the page asked for.
    pub fn page_request(&mut self, cx: &crate::ui::Cx<'_>, page: u32, old_size: u32) -> (u32, u32) {
        self.page_lines = cx.settings.linear;
        let size = if cx.settings.linear {
            LINEAR_PAGE_SIZE
        } else {
            u32::from(cx.rows.saturating_sub(LINES_ABOVE).max(1))
        };
        if size == old_size || old_size == 0 {
            return (page, size);
        }
        let first = u64::from(page) * u64::from(old_size);
        (
            u32::try_from(first / u64::from(size)).unwrap_or(u32::MAX),
            size,
        )
    }

    /// Starts with this search text (a saved search run again).
    pub fn set_text(&mut self, text: &str) {
        self.search = TextInput::new(text, validate::limits::SEARCH);
        self.text = text.to_string();
    }

    pub fn page(&self) -> Option<&Page<T>> {
        self.page.as_ref()
    }

    fn has_next(&self) -> bool {
        self.page
            .as_ref()
            .is_some_and(|p| u64::from(p.page + 1) * u64::from(p.page_size) < p.total)
    }

    fn page_number(&self) -> u32 {
        self.page.as_ref().map_or(0, |p| p.page)
    }

    fn lines(&self) -> Vec<Line> {
        let mut lines = if self.typed_search {
            vec![Line::Search, Line::Filters]
        } else {
            vec![Line::Filters]
        };
        match &self.page {
            Some(page) => {
                if self.page_lines && page.page > 0 {
                    lines.push(Line::PreviousPage);
                }
                if page.items.is_empty() {
                    lines.push(Line::Nothing);
                }
                lines.extend((0..page.items.len()).map(Line::Result));
                if self.page_lines && self.has_next() {
                    lines.push(Line::NextPage);
                }
            }
            None => lines.push(Line::Nothing),
        }
        lines
    }

    pub fn focus(&self) -> usize {
        self.focus
    }

    pub fn set_focus(&mut self, focus: usize) {
        self.focus = focus;
    }

    /// The heading and lines, with each result said by `row`.
    pub fn view(&self, lang: Lang, filters: &str, row: impl Fn(&T) -> String) -> View {
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
        // A capped total ("more than 1,000") is never one.
        let exact = self
            .page
            .as_ref()
            .filter(|p| !p.total_capped)
            .map_or(0, |p| p.total);
        let mut heading = lang.format(
            &Lang::plural_key(self.words.heading, exact),
            &[("count", &count)],
        );
        if !self.text.is_empty() {
            heading.push_str(&tr!(lang, "jobs.heading_search", text = self.text));
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
        let offset = self
            .page
            .as_ref()
            .map_or(0, |p| p.page as usize * p.page_size as usize);
        let items = self
            .lines()
            .into_iter()
            .map(|line| match line {
                Line::Search => {
                    let prefix = lang.get(self.words.search);
                    let label = prefix.trim_end_matches([':', '：', ' ']);
                    Item {
                        caret: Some(prefix.chars().count() + self.search.caret()),
                        ..Item::new(ItemKind::Field, format!("{prefix}{}", self.search.value()))
                    }
                    .labelled(label, prefix.chars().count())
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
                        lang.get(self.words.none).to_string()
                    } else {
                        tr!(lang, "common.loading")
                    },
                ),
                Line::Result(i) => {
                    let text = self
                        .page
                        .as_ref()
                        .and_then(|p| p.items.get(i))
                        .map(&row)
                        .unwrap_or_default();
                    Item::new(ItemKind::Row, position(lang, offset + i + 1, &count, &text))
                }
            })
            .collect();
        View {
            heading,
            items,
            focus: self.focus,
        }
    }

    /// The search field, when it has focus.
    pub fn input(&mut self) -> Option<&mut TextInput> {
        (self.lines().get(self.focus) == Some(&Line::Search)).then_some(&mut self.search)
    }

    /// Typing on a result line starts a new search.
    pub fn type_char(&mut self, c: char) {
        if !self.typed_search {
            return;
        }
        self.focus = 0;
        self.search.clear();
        self.search.insert(&c.to_string());
    }

    pub fn command(&mut self, command: Command, lang: Lang) -> ListAction {
        let line = self.lines().get(self.focus).copied();
        let (page, has_next) = (self.page_number(), self.has_next());
        let on_page = self.page.as_ref().map_or(0, |p| p.items.len());
        match (command, line) {
            // Past the last result: the next page, from its first result.
            (Command::Next, Some(Line::Result(i))) if i + 1 == on_page && has_next => {
                self.arrive = Arrive::First;
                ListAction::Load {
                    page: page + 1,
                    announce: false,
                }
            }
            // Before the first result of a later page: the previous page,
            // from its last result.
            (Command::Previous, Some(Line::Result(0))) if page > 0 => {
                self.arrive = Arrive::Last;
                ListAction::Load {
                    page: page - 1,
                    announce: false,
                }
            }
            (Command::Search, _) => {
                self.focus = 0;
                self.search.end();
                ListAction::Handled
            }
            (Command::Activate, Some(Line::Search)) => {
                match validate::search(self.search.value()) {
                    Ok(text) => {
                        self.text = text;
                        self.announce_count = true;
                        ListAction::Load {
                            page: 0,
                            announce: true,
                        }
                    }
                    Err(e) => ListAction::Announce(field_error(lang, &e)),
                }
            }
            // Esc in a search field with text empties it first; the next
            // Esc goes back. A search in force is undone with it.
            (Command::Back, Some(Line::Search)) if !self.search.value().is_empty() => {
                self.search.clear();
                if self.text.is_empty() {
                    ListAction::Announce(tr!(lang, "jobs.search_cleared"))
                } else {
                    self.text.clear();
                    self.announce_count = true;
                    ListAction::Load {
                        page: 0,
                        announce: true,
                    }
                }
            }
            (Command::Activate, Some(Line::Filters)) => ListAction::OpenFilters,
            (Command::Activate, Some(Line::Result(i))) => ListAction::Open(i),
            (Command::NextPage, _) | (Command::Activate, Some(Line::NextPage)) if has_next => {
                self.arrive = Arrive::First;
                ListAction::Load {
                    page: page + 1,
                    announce: false,
                }
            }
            (Command::PreviousPage, _) | (Command::Activate, Some(Line::PreviousPage))
                if page > 0 =>
            {
                self.arrive = Arrive::First;
                ListAction::Load {
                    page: page - 1,
                    announce: false,
                }
            }
            (Command::NextPage, _) => ListAction::Announce(tr!(lang, "jobs.last_page")),
            (Command::PreviousPage, _) => ListAction::Announce(tr!(lang, "jobs.first_page")),
            _ => ListAction::NotMine,
        }
    }

    /// Remembers that the next page to arrive answers a search.
    pub fn expect(&mut self, announce: bool) {
        self.announce_count = announce;
        if announce {
            self.arrive = Arrive::First;
        }
    }

    /// The next page to arrive refreshes this one, in place.
    pub fn expect_refresh(&mut self) {
        self.announce_count = false;
        self.arrive = Arrive::Keep;
    }

    /// A page arrived: focus its first result; returns what to say.
    pub fn loaded(&mut self, page: Page<T>, lang: Lang) -> Option<String> {
        let count = count_text(lang, page.total, page.total_capped);
        let (total, number) = (page.total, page.page + 1);
        let turned = self.page.as_ref().is_some_and(|old| old.page != page.page);
        self.page = Some(page);
        let arrive = std::mem::replace(&mut self.arrive, Arrive::First);
        if arrive == Arrive::Keep {
            self.focus = self.focus.min(self.lines().len() - 1);
            return None;
        }
        let results = self
            .lines()
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l, Line::Result(_)))
            .map(|(i, _)| i)
            .collect::<Vec<_>>();
        let first = results.first().copied().unwrap_or(0);
        // Someone typing a search when the page arrives keeps the field:
        // their Enter is for the search, not for the first result.
        let typing = self.lines().get(self.focus) == Some(&Line::Search)
            && validate::search(self.search.value()).ok().as_ref() != Some(&self.text);
        if !typing {
            self.focus = match arrive {
                Arrive::Last => results.last().copied().unwrap_or(first),
                _ => first,
            };
        }
        if std::mem::take(&mut self.announce_count) {
            Some(if total == 0 && self.text.is_empty() {
                // Nothing searched for: no "found for ." with an empty text.
                lang.get(self.words.none).to_string()
            } else if total == 0 {
                lang.format(self.words.found_none, &[("text", &self.text)])
            } else {
                lang.format(
                    &Lang::plural_key(self.words.found, total),
                    &[("count", &count)],
                )
            })
        } else if turned {
            // Either way, a page turned is said (the heading says it too).
            Some(tr!(lang, "jobs.page_shown", page = number))
        } else {
            None
        }
    }
}
