//! Employers: the list (each a one-line row: name, district, contact person,
//! phone), and the form that adds or edits one, from which a job is posted
//! for it.

use crate::domain::staff::{self, EmployerRecord, EmployerSave};
use crate::domain::{Actor, District, validate};
use crate::keymap::Command;
use crate::store::{StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent};
use crate::ui::screens::choose::ChoiceList;
use crate::ui::screens::position;
use crate::ui::text_input::TextInput;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{StaffCall, StaffDone, errors_sentence, field_id};

/// The employers, by name; "Add an employer" first.
#[derive(Debug, Default)]
pub struct Employers {
    list: Option<Vec<EmployerRecord>>,
    focus: usize,
}

/// An employer's row: its name first, then where and whom to call.
pub fn employer_row(lang: crate::i18n::Lang, e: &EmployerRecord) -> String {
    if e.contact_person.is_empty() {
        return tr!(
            lang,
            "staff_desk.employer_row_no_contact",
            name = e.name,
            district = lang.district(e.district),
            phone = e.phone
        );
    }
    tr!(
        lang,
        "staff_desk.employer_row",
        name = e.name,
        district = lang.district(e.district),
        person = e.contact_person,
        phone = e.phone
    )
}

impl Employers {
    fn load(&mut self, cx: &mut Cx<'_>) {
        let by = cx.actor.unwrap_or(Actor::System);
        cx.call(StoreCall::Staff(StaffCall::Employers(by)));
    }
}

impl Screen for Employers {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        let Some(list) = &self.list else {
            return View {
                heading: tr!(lang, "staff_desk.employers_loading"),
                items: vec![Item::new(ItemKind::Text, tr!(lang, "common.loading"))],
                focus: 0,
            };
        };
        let total = list.len().to_string();
        let mut items = vec![Item::new(
            ItemKind::Row,
            tr!(lang, "staff_desk.add_employer"),
        )];
        items.extend(list.iter().enumerate().map(|(i, e)| {
            Item::new(
                ItemKind::Row,
                position(lang, i + 1, &total, &employer_row(lang, e)),
            )
        }));
        View {
            heading: tr!(lang, "staff_desk.employers_heading", n = list.len()),
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
        self.load(cx);
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        self.load(cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        let Some(list) = &self.list else {
            return false;
        };
        match self.focus {
            0 => cx.push(EmployerForm::new(None, cx)),
            n => match list.get(n - 1) {
                Some(e) => cx.push(EmployerForm::new(Some(e.clone()), cx)),
                None => return false,
            },
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Staff(StaffDone::Employers(list))) => {
                self.focus = self.focus.min(list.len());
                self.list = Some(list);
            }
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}

/// Adds (no record) or edits an employer.
#[derive(Debug)]
pub struct EmployerForm {
    id: crate::domain::Id,
    form: Form,
    request_id: String,
    confirm: Option<Confirm>,
    leaving: Option<Leave>,
}

impl EmployerForm {
    pub fn new(record: Option<EmployerRecord>, cx: &Cx<'_>) -> Self {
        let lang = cx.lang;
        let e = record.clone().unwrap_or(EmployerRecord {
            id: 0,
            name: String::new(),
            district: District::Shinan,
            medical_institution: false,
            contact_person: String::new(),
            phone: String::new(),
            address: String::new(),
            accessibility: String::new(),
        });
        let label = |field| lang.field(field).to_string();
        use crate::domain::Field;
        let mut fields = vec![
            Form::text(
                "name",
                label(Field::Name),
                true,
                &e.name,
                validate::limits::SHORT,
            ),
            Form::text(
                "contact_person",
                label(Field::ContactPerson),
                true,
                &e.contact_person,
                validate::limits::NAME,
            ),
            Form::text(
                "phone",
                label(Field::Phone),
                true,
                &e.phone,
                staff::PHONE_MAX,
            ),
            Form::choice(
                "district",
                label(Field::District),
                District::ALL
                    .iter()
                    .map(|d| lang.district(*d).to_string())
                    .collect(),
                District::ALL
                    .iter()
                    .position(|d| *d == e.district)
                    .unwrap_or(0),
            ),
            Form::check(
                "medical",
                tr!(lang, "staff_desk.medical_institution"),
                e.medical_institution,
            ),
            Form::text(
                "address",
                label(Field::Address),
                false,
                &e.address,
                validate::limits::SHORT,
            ),
            Form::text(
                "accessibility",
                label(Field::Accessibility),
                false,
                &e.accessibility,
                validate::limits::LONG,
            ),
            Form::button("save", tr!(lang, "staff_desk.save_employer")),
        ];
        if record.is_some() {
            fields.push(Form::button("post_job", tr!(lang, "staff_desk.post_job")));
        }
        fields.push(Form::button("cancel", tr!(lang, "staff_desk.cancel")));
        EmployerForm {
            id: e.id,
            form: Form::new(fields),
            request_id: new_request_id(),
            confirm: None,
            leaving: None,
        }
    }

    fn record(&self) -> EmployerRecord {
        let f = &self.form;
        EmployerRecord {
            id: self.id,
            name: f.value("name"),
            district: f
                .chosen("district", &District::ALL)
                .unwrap_or(District::Shinan),
            medical_institution: f.checked("medical"),
            contact_person: f.value("contact_person"),
            phone: f.value("phone"),
            address: f.value("address"),
            accessibility: f.value("accessibility"),
        }
    }

    fn show_errors(&mut self, errors: &[crate::domain::FieldError], cx: &mut Cx<'_>) {
        let lines: Vec<(&'static str, String)> = errors
            .iter()
            .map(|e| (field_id(e.field), super::error_line(cx.lang, e)))
            .collect();
        cx.announce(errors_sentence(cx.lang, &lines));
        self.form.set_errors(lines);
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        // The domain's own checks first, so every error is heard at once.
        match staff::employer(self.record()) {
            Ok(record) => {
                self.form.clear_errors();
                cx.call(StoreCall::Staff(StaffCall::SaveEmployer(EmployerSave {
                    request_id: self.request_id.clone(),
                    record,
                    by: cx.actor.unwrap_or(Actor::System),
                })));
            }
            Err(errors) => self.show_errors(&errors, cx),
        }
    }
}

impl Screen for EmployerForm {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "form.leave_heading"));
        }
        let heading = if self.id == 0 {
            tr!(lang, "staff_desk.add_employer_heading")
        } else {
            tr!(
                lang,
                "staff_desk.edit_employer_heading",
                name = self.form.value("name")
            )
        };
        self.form.view(heading, lang)
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
            FormEvent::Choose(id) => ChoiceList::open(&self.form, id, cx),
            FormEvent::Pressed("save") => self.save(cx),
            FormEvent::Pressed("post_job") => {
                let screen = super::jobs::JobForm::post(self.id, cx);
                cx.push(screen);
            }
            FormEvent::Pressed("cancel") => cx.pop(),
            FormEvent::Entered(_) => {
                let last = self.form.items(cx.lang).len().saturating_sub(1);
                self.form.focus = (self.form.focus + 1).min(last);
            }
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Staff(StaffDone::EmployerSaved(e))) => {
                cx.pop();
                cx.announce(tr!(cx.lang, "staff_desk.employer_saved", name = e.name));
            }
            Ok(_) => {}
            Err(StoreError::Invalid { errors }) => {
                self.request_id = new_request_id();
                self.show_errors(&errors, cx);
            }
            Err(e) => {
                self.request_id = new_request_id();
                cx.announce_error(&e);
            }
        }
    }
}
