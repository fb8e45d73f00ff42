//! Saved searches: save the job list's search and filters under a name,
//! list them, run one (Enter) or delete one (the dismiss key).

use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{JobQuery, NewSavedSearch, SAVED_SEARCH_NAME_MAX, SavedSearch, StoreError};
use crate::tr;
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Screen, StoreCall};

use super::super::position;

/// "words 'massage', Shinan, health massage", or "all open jobs".
pub fn summary(lang: Lang, q: &JobQuery) -> String {
    let mut parts = Vec::new();
    if !q.text.trim().is_empty() {
        parts.push(tr!(lang, "saved_searches.words", text = q.text.trim()));
    }
    let filters = super::super::jobs::filter_summary(lang, q);
    if !filters.is_empty() {
        parts.push(filters);
    }
    if parts.is_empty() {
        tr!(lang, "saved_searches.all_jobs")
    } else {
        parts.join(lang.get("common.list_separator"))
    }
}

/// A name to start from: the words, else the filters.
fn suggested_name(lang: Lang, q: &JobQuery) -> String {
    let text = q.text.trim();
    let name = if text.is_empty() {
        super::super::jobs::filter_summary(lang, q)
    } else {
        text.to_string()
    };
    name.chars().take(SAVED_SEARCH_NAME_MAX).collect()
}

/// The form that saves the job list's search under a name.
#[derive(Debug)]
pub struct SaveSearch {
    query: JobQuery,
    form: Form,
}

impl SaveSearch {
    pub fn new(cx: &Cx<'_>, query: JobQuery) -> Self {
        let lang = cx.lang;
        let form = Form::new(vec![
            Form::text(
                "name",
                tr!(lang, "saved_searches.name_label"),
                true,
                &suggested_name(lang, &query),
                SAVED_SEARCH_NAME_MAX,
            ),
            Form::button("save", tr!(lang, "saved_searches.save")),
        ]);
        SaveSearch {
            query: JobQuery { page: 0, ..query },
            form,
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        let Some(user) = cx.user.filter(|_| cx.is_jobseeker()) else {
            cx.announce(tr!(cx.lang, "saved_searches.no_person"));
            return;
        };
        self.form.clear_errors();
        cx.call(StoreCall::SaveSearch(NewSavedSearch {
            profile_id: user,
            name: self.form.value("name"),
            query: self.query.clone(),
        }));
    }
}

impl Screen for SaveSearch {
    fn view(&self, cx: &Cx<'_>) -> View {
        self.form.view(
            tr!(
                cx.lang,
                "saved_searches.save_heading",
                summary = summary(cx.lang, &self.query)
            ),
            cx.lang,
        )
    }

    fn focus(&self) -> usize {
        self.form.focus
    }

    fn set_focus(&mut self, focus: usize) {
        self.form.focus = focus;
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        self.form.input()
    }

    fn needs_person(&self) -> bool {
        true
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.form.command(command) {
            FormEvent::Pressed("save") | FormEvent::Entered(_) => self.save(cx),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::SearchSaved(saved)) => {
                cx.announce(tr!(cx.lang, "saved_searches.saved", name = saved.name));
                cx.pop();
            }
            Ok(_) => {}
            Err(StoreError::Invalid { errors }) => {
                let lang = cx.lang;
                let texts: Vec<(&'static str, String)> = errors
                    .iter()
                    .map(|e| ("name", super::super::field_error(lang, e)))
                    .collect();
                if let Some((_, first)) = texts.first() {
                    cx.announce(first.clone());
                }
                self.form.set_errors(texts);
            }
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// The person's saved searches, by name. Enter runs one; the dismiss key
/// deletes it.
#[derive(Debug, Default)]
pub struct SavedSearches {
    list: Option<Vec<SavedSearch>>,
    focus: usize,
}

impl Screen for SavedSearches {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let list = self.list.as_deref().unwrap_or_default();
        let total = list.len().to_string();
        let items = if list.is_empty() {
            vec![Item::new(
                ItemKind::Text,
                if self.list.is_some() {
                    tr!(
                        lang,
                        "saved_searches.none",
                        key = cx.key_for(Command::SaveSearch)
                    )
                } else {
                    tr!(lang, "common.loading")
                },
            )]
        } else {
            list.iter()
                .enumerate()
                .map(|(i, s)| {
                    let text = tr!(
                        lang,
                        "saved_searches.row",
                        name = s.name,
                        summary = summary(lang, &s.query)
                    );
                    Item::new(ItemKind::Row, position(lang, i + 1, &total, &text))
                })
                .collect()
        };
        View {
            heading: tr!(lang, "saved_searches.heading", n = list.len()),
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
        if let Some(user) = cx.user {
            cx.call(StoreCall::SavedSearches(user));
        } else {
            self.list = Some(Vec::new());
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let Some(search) = self.list.as_ref().and_then(|l| l.get(self.focus)).cloned() else {
            return false;
        };
        match command {
            Command::Activate => cx.push(super::super::jobs::Jobs::saved(search.query)),
            Command::Dismiss => {
                if let Some(user) = cx.user {
                    cx.call(StoreCall::DeleteSavedSearch {
                        profile_id: user,
                        search_id: search.id,
                    });
                }
            }
            _ => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::SavedSearches(list)) => {
                self.focus = self.focus.min(list.len().saturating_sub(1));
                self.list = Some(list);
            }
            Ok(Done::SearchDeleted(id)) => {
                if let Some(list) = self.list.as_mut() {
                    if let Some(gone) = list.iter().find(|s| s.id == id) {
                        cx.announce(tr!(cx.lang, "saved_searches.deleted", name = gone.name));
                    }
                    list.retain(|s| s.id != id);
                    self.focus = self.focus.min(list.len().saturating_sub(1));
                }
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}
