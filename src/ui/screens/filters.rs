//! The job filters as a form: district, kind of work, suits visual
//! impairment, home-based, salary from, posted within.

use crate::domain::{District, Field, WorkKind, validate};
use crate::keymap::Command;
use crate::store::JobQuery;
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent, FormField};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Reply, Screen};

/// "Posted within" choices, in days (besides "any time").
const POSTED_WITHIN: [u32; 5] = [1, 3, 7, 14, 30];

#[derive(Debug)]
pub struct Filters {
    form: Form,
    /// Esc with filters changed but not shown: leave without them?
    confirm: Option<Confirm>,
    /// Where to go if the answer is yes.
    leaving: Option<Leave>,
}

/// A choice of "any time" or a number of days.
pub fn days_choice(
    cx: &Cx<'_>,
    id: &'static str,
    label: String,
    days: &[u32],
    current: Option<u32>,
) -> FormField {
    let lang = cx.lang;
    Form::optional_choice(
        id,
        label,
        tr!(lang, "filters.any_time"),
        days,
        |d| {
            if d == 1 {
                tr!(lang, "filters.day_one")
            } else {
                tr!(lang, "filters.days", days = d)
            }
        },
        current,
    )
}

impl Filters {
    pub fn new(cx: &Cx<'_>, q: &JobQuery) -> Filters {
        let lang = cx.lang;
        let any = || tr!(lang, "filters.any");
        Filters {
            form: Form::new(vec![
                Form::optional_choice(
                    "district",
                    lang.field(Field::District).to_string(),
                    any(),
                    &District::ALL,
                    |d| lang.district(d).to_string(),
                    q.districts.first().copied(),
                ),
                Form::optional_choice(
                    "kind",
                    tr!(lang, "filters.kind"),
                    any(),
                    WorkKind::ALL,
                    |k| lang.work_kind(k).to_string(),
                    q.kinds.first().copied(),
                ),
                Form::check("visual", tr!(lang, "filters.suits_visual"), q.suits_visual),
                Form::check("remote", tr!(lang, "filters.remote"), q.remote_only),
                Form::text(
                    "salary",
                    lang.field(Field::SalaryFrom).to_string(),
                    false,
                    &q.salary_from.map(|s| s.to_string()).unwrap_or_default(),
                    7,
                ),
                days_choice(
                    cx,
                    "posted",
                    tr!(lang, "filters.posted_within"),
                    &POSTED_WITHIN,
                    q.posted_within_days,
                ),
                Form::button("show", tr!(lang, "filters.show")),
                Form::button("clear", tr!(lang, "filters.clear")),
            ]),
            confirm: None,
            leaving: None,
        }
    }

    fn query(&self) -> Result<JobQuery, crate::domain::FieldError> {
        let f = &self.form;
        let salary = validate::number(Field::SalaryFrom, &f.value("salary"), 0, 1_000_000)?;
        Ok(JobQuery {
            districts: f.chosen("district", &District::ALL).into_iter().collect(),
            kinds: f.chosen("kind", WorkKind::ALL).into_iter().collect(),
            suits_visual: f.checked("visual"),
            remote_only: f.checked("remote"),
            salary_from: salary.map(|s| s as u32),
            posted_within_days: f.chosen("posted", &POSTED_WITHIN),
            ..JobQuery::default()
        })
    }

    fn show(&mut self, cx: &mut Cx<'_>) {
        match self.query() {
            Ok(q) => cx.pop_with(Reply::JobFilters(q)),
            Err(e) => {
                let message = super::field_error(cx.lang, &e);
                self.form.set_errors(vec![("salary", message.clone())]);
                cx.announce(message);
            }
        }
    }
}

impl Screen for Filters {
    fn view(&self, cx: &Cx<'_>) -> View {
        if let Some(confirm) = &self.confirm {
            return confirm.view(cx.lang, tr!(cx.lang, "form.leave_heading"));
        }
        self.form.view(tr!(cx.lang, "filters.heading"), cx.lang)
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

    fn resumed(&mut self, reply: Option<Reply>, _cx: &mut Cx<'_>) {
        self.form.picked(&reply);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let changed = self.form.changed();
        if let Some(taken) =
            confirm::guard_unsaved(&mut self.confirm, &mut self.leaving, changed, command, cx)
        {
            return taken;
        }
        match self.form.command(command) {
            FormEvent::Choose(id) => super::choose::ChoiceList::open(&self.form, id, cx),
            FormEvent::Pressed("show") | FormEvent::Entered(_) => self.show(cx),
            FormEvent::Pressed("clear") => cx.pop_with(Reply::JobFilters(JobQuery::default())),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }
}
