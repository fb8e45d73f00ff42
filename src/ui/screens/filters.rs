//! The job filters as a form: district, kind of work, suits visual
//! impairment, home-based, salary from, posted within.

use crate::domain::{District, Field, WorkKind, validate};
use crate::keymap::Command;
use crate::store::JobQuery;
use crate::tr;
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Reply, Screen};

/// "Posted within" choices, in days (0: any time).
const POSTED_WITHIN: [u32; 6] = [0, 1, 3, 7, 14, 30];

#[derive(Debug)]
pub struct Filters {
    form: Form,
}

impl Filters {
    pub fn new(cx: &Cx<'_>, q: &JobQuery) -> Filters {
        let lang = cx.lang;
        let any = tr!(lang, "filters.any");
        let districts: Vec<String> = std::iter::once(any.clone())
            .chain(District::ALL.iter().map(|d| lang.district(*d).to_string()))
            .collect();
        let kinds: Vec<String> = std::iter::once(any.clone())
            .chain(WorkKind::ALL.iter().map(|k| lang.work_kind(*k).to_string()))
            .collect();
        let posted: Vec<String> = POSTED_WITHIN
            .iter()
            .map(|&d| {
                if d == 0 {
                    tr!(lang, "filters.any_time")
                } else {
                    tr!(lang, "filters.days", days = d)
                }
            })
            .collect();
        let district = q
            .districts
            .first()
            .and_then(|d| District::ALL.iter().position(|x| x == d))
            .map_or(0, |i| i + 1);
        let kind = q
            .kinds
            .first()
            .and_then(|k| WorkKind::ALL.iter().position(|x| x == k))
            .map_or(0, |i| i + 1);
        let within = q
            .posted_within_days
            .and_then(|d| POSTED_WITHIN.iter().position(|x| *x == d))
            .unwrap_or(0);
        Filters {
            form: Form::new(vec![
                Form::choice(
                    "district",
                    lang.field(Field::District).to_string(),
                    districts,
                    district,
                ),
                Form::choice("kind", tr!(lang, "filters.kind"), kinds, kind),
                Form::check("visual", tr!(lang, "filters.suits_visual"), q.suits_visual),
                Form::check("remote", tr!(lang, "filters.remote"), q.remote_only),
                Form::text(
                    "salary",
                    lang.field(Field::SalaryFrom).to_string(),
                    false,
                    &q.salary_from.map(|s| s.to_string()).unwrap_or_default(),
                    7,
                ),
                Form::choice("posted", tr!(lang, "filters.posted_within"), posted, within),
                Form::button("show", tr!(lang, "filters.show")),
                Form::button("clear", tr!(lang, "filters.clear")),
            ]),
        }
    }

    fn query(&self) -> Result<JobQuery, crate::domain::FieldError> {
        let salary = validate::number(Field::SalaryFrom, &self.form.value("salary"), 0, 1_000_000)?;
        let district = self.form.selected("district");
        let kind = self.form.selected("kind");
        let within = POSTED_WITHIN
            .get(self.form.selected("posted"))
            .copied()
            .unwrap_or(0);
        Ok(JobQuery {
            districts: district
                .checked_sub(1)
                .and_then(|i| District::ALL.get(i))
                .copied()
                .into_iter()
                .collect(),
            kinds: kind
                .checked_sub(1)
                .and_then(|i| WorkKind::ALL.get(i))
                .copied()
                .into_iter()
                .collect(),
            suits_visual: self.form.checked("visual"),
            remote_only: self.form.checked("remote"),
            salary_from: salary.map(|s| s as u32),
            posted_within_days: (within > 0).then_some(within),
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
        self.form.view(tr!(cx.lang, "filters.heading"), cx.lang)
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

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        match self.form.command(command) {
            FormEvent::Pressed("show") | FormEvent::Entered(_) => self.show(cx),
            FormEvent::Pressed("clear") => cx.pop_with(Reply::JobFilters(JobQuery::default())),
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }
}
