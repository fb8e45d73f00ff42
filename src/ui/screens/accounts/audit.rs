//! The audit log on the staff desk, newest first: the search field finds
//! a person by name, the filters line narrows to who did it and to dates,
//! and each entry is one line ("1 of 40: Read the case record, Zhang Wei,
//! by counselor Li Na, 30 Nov 09:12").

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::StoreError;
use crate::store::accounts::{AuditQuery, AuditRow};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent};
use crate::ui::screens::search_list::{ListAction, SearchList, Words};
use crate::ui::screens::{actor_name, desk::role_word};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::me;

const WORDS: Words = Words {
    heading: "audit.heading",
    search: "audit.search_label",
    none: "audit.none_found",
    found: "audit.found",
    found_none: "audit.found_none",
};

/// What was done, in words: a known action from the catalogue, else as
/// stored; a refusal says so.
pub fn action_words(lang: Lang, action: &str) -> String {
    let (base, refused) = match action.split_once(": refused") {
        Some((base, _)) => (base, true),
        None => (action, false),
    };
    // Casework changes are stored as `case:<edit>`; other actions as
    // words or snake_case names.
    let base = base.trim();
    let name = base.strip_prefix("case:").unwrap_or(base);
    let key = format!("audit.action_{}", name.replace([' ', '-', ':'], "_"));
    let words = match lang.catalogue().get(&key) {
        Some(words) => words.clone(),
        None if base.starts_with("case:") => tr!(lang, "audit.action_case_other"),
        None => base.to_string(),
    };
    if refused {
        tr!(lang, "audit.refused", action = words)
    } else {
        words
    }
}

/// One entry as a line: what, about whom, by whom, when.
pub fn audit_line(lang: Lang, row: &AuditRow) -> String {
    let whom = if !row.person_name.is_empty() {
        row.person_name.clone()
    } else if !row.account_login.is_empty() {
        tr!(lang, "audit.account", login = row.account_login)
    } else {
        tr!(lang, "audit.nobody")
    };
    let who = if row.actor_name.is_empty() {
        actor_name(lang, row.actor, None)
    } else {
        tr!(
            lang,
            "audit.who",
            role = role_word(lang, row.actor),
            name = row.actor_name
        )
    };
    let local = row.at.with_timezone(&chrono::Local);
    tr!(
        lang,
        "audit.row",
        what = action_words(lang, &row.action),
        whom = whom,
        who = who,
        date = lang.date(local.date_naive()),
        time = local.format("%H:%M")
    )
}

/// "by Li Na, from 1 Nov, to 30 Nov", or empty.
fn filter_summary(lang: Lang, q: &AuditQuery) -> String {
    let mut parts = Vec::new();
    if !q.actor.is_empty() {
        parts.push(tr!(lang, "audit.filter_by", name = q.actor));
    }
    if let Some(from) = q.from {
        parts.push(tr!(lang, "audit.filter_from", date = lang.date(from)));
    }
    if let Some(to) = q.to {
        parts.push(tr!(lang, "audit.filter_to", date = lang.date(to)));
    }
    parts.join(lang.get("common.list_separator"))
}

#[derive(Debug)]
pub struct AuditLog {
    query: AuditQuery,
    list: SearchList<AuditRow>,
}

impl Default for AuditLog {
    fn default() -> Self {
        AuditLog {
            query: AuditQuery::default(),
            list: SearchList::new(WORDS),
        }
    }
}

impl AuditLog {
    fn load(&mut self, cx: &mut Cx<'_>, page: u32, announce: bool) {
        let (page, page_size) = self.list.page_request(cx, page, self.query.page_size);
        self.query.page = page;
        self.query.page_size = page_size;
        self.query.person = self.list.text.clone();
        self.list.expect(announce);
        cx.call(StoreCall::AuditRows(me(cx), self.query.clone()));
    }
}

impl Screen for AuditLog {
    fn view(&self, cx: &Cx<'_>) -> View {
        let filters = filter_summary(cx.lang, &self.query);
        self.list
            .view(cx.lang, &filters, |row| audit_line(cx.lang, row))
    }

    fn focus(&self) -> usize {
        self.list.focus()
    }

    fn set_focus(&mut self, focus: usize) {
        self.list.set_focus(focus);
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
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
        match self.list.command(command, cx.lang) {
            ListAction::Load { page, announce } => self.load(cx, page, announce),
            ListAction::OpenFilters => cx.push(AuditFilters::new(cx, &self.query)),
            // An entry is read from its line; there is nothing to open.
            ListAction::Open(_) => {}
            ListAction::Announce(text) => cx.announce(text),
            ListAction::Handled => {}
            ListAction::NotMine => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::AuditRows(page)) => {
                if let Some(text) = self.list.loaded(page, cx.lang) {
                    cx.announce(text);
                }
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if let Some(Reply::AuditFilters(q)) = reply {
            self.query.actor = q.actor;
            self.query.from = q.from;
            self.query.to = q.to;
            self.load(cx, 0, true);
        }
    }
}

/// Who did it and between which dates, as a form.
#[derive(Debug)]
struct AuditFilters {
    form: Form,
    confirm: Option<Confirm>,
    leaving: Option<Leave>,
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

impl AuditFilters {
    fn new(cx: &Cx<'_>, q: &AuditQuery) -> Self {
        let lang = cx.lang;
        AuditFilters {
            form: Form::new(vec![
                Form::text(
                    "actor",
                    tr!(lang, "audit.filter_actor"),
                    false,
                    &q.actor,
                    100,
                ),
                Form::text(
                    "from",
                    tr!(lang, "audit.filter_from_label"),
                    false,
                    &date_text(q.from),
                    10,
                ),
                Form::text(
                    "to",
                    tr!(lang, "audit.filter_to_label"),
                    false,
                    &date_text(q.to),
                    10,
                ),
                Form::button("show", tr!(lang, "audit.show")),
                Form::button("clear", tr!(lang, "filters.clear")),
            ]),
            confirm: None,
            leaving: None,
        }
    }

    /// The filters, or each bad date named at its field.
    fn query(&self, lang: Lang) -> Result<AuditQuery, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let mut date = |id: &'static str| {
            let text = self.form.value(id);
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push((id, tr!(lang, "audit.bad_date", value = text)));
                    None
                }
            }
        };
        let (from, to) = (date("from"), date("to"));
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            errors.push(("to", tr!(lang, "audit.dates_reversed")));
        }
        if errors.is_empty() {
            Ok(AuditQuery {
                actor: self.form.value("actor").trim().to_string(),
                from,
                to,
                ..AuditQuery::default()
            })
        } else {
            Err(errors)
        }
    }
}

impl Screen for AuditFilters {
    fn view(&self, cx: &Cx<'_>) -> View {
        if let Some(confirm) = &self.confirm {
            return confirm.view(cx.lang, tr!(cx.lang, "form.leave_heading"));
        }
        self.form
            .view(tr!(cx.lang, "audit.filters_heading"), cx.lang)
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.form.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.form.focus, focus);
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        if self.confirm.is_some() {
            None
        } else {
            self.form.input()
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let changed = self.form.changed();
        if let Some(taken) =
            confirm::guard_unsaved(&mut self.confirm, &mut self.leaving, changed, command, cx)
        {
            return taken;
        }
        match self.form.command(command) {
            FormEvent::Pressed("show") | FormEvent::Entered(_) => match self.query(cx.lang) {
                Ok(q) => cx.pop_with(Reply::AuditFilters(q)),
                Err(errors) => {
                    if let Some((_, first)) = errors.first() {
                        cx.announce(first.clone());
                    }
                    self.form.set_errors(errors);
                }
            },
            FormEvent::Pressed("clear") => cx.pop_with(Reply::AuditFilters(AuditQuery::default())),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_actions_are_said_in_words_in_both_languages() {
        let stored = [
            "case:needs",
            "case:assessment",
            "case:difficulty",
            "case:counselor_fields",
            "case:goal",
            "case:add_step",
            "case:complete_step",
            "case:contact",
            "case:agreement",
            "case:seeking",
            "case:household",
            "case:placement",
            "case:follow_up",
            "case:assign",
            "read_case",
            "read profile",
            "recommend",
            "account_disable",
        ];
        for lang in [Lang::En, Lang::ZhCn] {
            let fallback = tr!(lang, "audit.action_case_other");
            for action in stored {
                let words = action_words(lang, action);
                assert!(
                    !words.contains(':') && !words.contains('_'),
                    "{action}: {words}"
                );
                assert_ne!(words, fallback, "{action}");
            }
            // A casework change not yet named still reads as words.
            assert_eq!(action_words(lang, "case:something_new"), fallback);
        }
        assert_eq!(
            action_words(Lang::En, "read profile: refused (forbidden)"),
            "Read the profile (refused)"
        );
        assert_eq!(action_words(Lang::ZhCn, "case:contact"), "记录一次联系");
    }
}
