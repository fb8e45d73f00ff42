//! The profile and needs registration (就业需求登记), with explicit consent
//! to share disability data with employers.

use crate::domain::text::{CERTIFICATE_GROUPS, MOBILE_GROUPS, grouped};
use crate::domain::{District, Education, Field, Format, MassageLevel, Profile, validate};
use crate::keymap::Command;
use crate::store::StoreError;
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent};
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::choose::ChoiceList;

/// Form ids of the fields that map to domain fields (for errors).
const FIELD_IDS: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("mobile", Field::Mobile),
    ("certificate", Field::Certificate),
    ("district", Field::District),
    ("education", Field::Education),
    ("braille", Field::BrailleReader),
    ("format_braille", Field::Formats),
    ("desired_work", Field::DesiredWork),
    ("needs", Field::Needs),
    ("consent", Field::Consent),
];

fn id_of(field: Field) -> &'static str {
    FIELD_IDS
        .iter()
        .find(|(_, f)| *f == field)
        .map_or("name", |(id, _)| id)
}

const FORMAT_IDS: [(&str, Format); 4] = [
    ("format_braille", Format::Braille),
    ("format_large_print", Format::LargePrint),
    ("format_audio", Format::Audio),
    ("format_electronic", Format::Electronic),
];

#[derive(Debug, Default)]
pub struct ProfileScreen {
    profile: Profile,
    form: Form,
    loaded: bool,
    /// Where focus goes once the profile is loaded.
    start_at: Option<Field>,
    /// Esc with unsaved changes: leave without saving?
    confirm: Option<Confirm>,
    /// Where to go if the answer is yes.
    leaving: Option<Leave>,
}

impl ProfileScreen {
    /// Opens with focus on a field (e.g. the first one applying needs).
    pub fn focused_on(field: Option<Field>) -> Self {
        ProfileScreen {
            start_at: field,
            ..Self::default()
        }
    }

    fn build(&mut self, cx: &Cx<'_>) {
        let lang = cx.lang;
        let p = &self.profile;
        let needed = |f: Field| tr!(lang, "profile.needed_to_apply", label = lang.field(f));
        let not_set = || tr!(lang, "profile.not_set");
        // At a kiosk, numbers that identify the person are not shown.
        let private = |field| if cx.kiosk { Form::masked(field) } else { field };
        // A keypad types digits only: at a kiosk, text fields other than
        // the mobile number are lines to read, changed at a service desk.
        let typed = |field: crate::ui::form::FormField| {
            if cx.kiosk {
                crate::kiosk::read_only(lang, field)
            } else {
                field
            }
        };
        let mut fields = vec![
            typed(Form::text(
                "name",
                lang.field(Field::Name).to_string(),
                true,
                &p.name,
                validate::limits::NAME,
            )),
            private(Form::grouped(
                Form::text(
                    "mobile",
                    needed(Field::Mobile),
                    false,
                    &p.mobile,
                    validate::limits::MOBILE,
                ),
                MOBILE_GROUPS,
            )),
            typed(private(Form::grouped(
                Form::text(
                    "certificate",
                    needed(Field::Certificate),
                    false,
                    &p.certificate,
                    validate::limits::CERTIFICATE,
                ),
                CERTIFICATE_GROUPS,
            ))),
            Form::optional_choice(
                "district",
                needed(Field::District),
                not_set(),
                &District::ALL,
                |d| lang.district(d).to_string(),
                p.district,
            ),
            Form::optional_choice(
                "education",
                needed(Field::Education),
                not_set(),
                Education::ALL,
                |e| lang.education(e).to_string(),
                p.education,
            ),
            Form::check(
                "braille",
                lang.field(Field::BrailleReader).to_string(),
                p.braille_reader,
            ),
        ];
        for (id, format) in FORMAT_IDS {
            fields.push(Form::check(
                id,
                tr!(lang, "profile.format", format = lang.format_name(format)),
                p.formats.contains(&format),
            ));
        }
        fields.extend([
            typed(Form::text(
                "desired_work",
                lang.field(Field::DesiredWork).to_string(),
                false,
                &p.desired_work,
                validate::limits::SHORT,
            )),
            typed(Form::text(
                "needs",
                lang.field(Field::Needs).to_string(),
                false,
                &p.needs,
                validate::limits::LONG,
            )),
            Form::optional_choice(
                "massage_level",
                tr!(lang, "profile.massage_level"),
                tr!(lang, "profile.no_level"),
                MassageLevel::ALL,
                |l| lang.massage_level(l).to_string(),
                p.massage_level,
            ),
            Form::check(
                "practice",
                tr!(lang, "profile.practice_certificate"),
                p.practice_certificate,
            ),
            Form::note("consent_note", tr!(lang, "profile.consent_explained")),
            Form::check("consent", needed(Field::Consent), p.consent_at.is_some()),
            Form::button("save", tr!(lang, "profile.save")),
            Form::button("cancel", tr!(lang, "profile.cancel")),
        ]);
        if cx.kiosk {
            fields.push(Form::button("read", tr!(lang, "kiosk.read_numbers")));
        }
        self.form = Form::new(fields);
        if let Some(f) = self.start_at.take() {
            self.form.focus_field(id_of(f));
        }
    }

    /// The profile as the form says it.
    fn profile_from_form(&self, cx: &Cx<'_>) -> Profile {
        let f = &self.form;
        // A field shown read-only (at a kiosk) keeps the stored value.
        let text = |id: &str, stored: &str| match f.get(id).map(|x| &x.control) {
            Some(crate::ui::form::Control::Text { .. }) => f.value(id),
            _ => stored.to_string(),
        };
        let p = &self.profile;
        Profile {
            name: text("name", &p.name),
            mobile: text("mobile", &p.mobile),
            certificate: text("certificate", &p.certificate),
            district: f.chosen("district", &District::ALL),
            education: f.chosen("education", Education::ALL),
            braille_reader: f.checked("braille"),
            formats: FORMAT_IDS
                .iter()
                .filter(|(id, _)| f.checked(id))
                .map(|(_, fmt)| *fmt)
                .collect(),
            desired_work: text("desired_work", &p.desired_work),
            needs: text("needs", &p.needs),
            massage_level: f.chosen("massage_level", MassageLevel::ALL),
            practice_certificate: f.checked("practice"),
            consent_at: f
                .checked("consent")
                .then(|| self.profile.consent_at.unwrap_or(cx.now)),
            ..self.profile.clone()
        }
    }

    fn show_errors(&mut self, errors: &[crate::domain::FieldError], cx: &mut Cx<'_>) {
        let lang = cx.lang;
        let messages: Vec<(&'static str, String)> = errors
            .iter()
            .map(|e| (id_of(e.field), super::field_error(lang, e)))
            .collect();
        let first = messages.first().map(|(_, m)| m.clone()).unwrap_or_default();
        let count = messages.len();
        self.form.set_errors(messages);
        cx.announce(if count == 1 {
            first
        } else {
            tr!(lang, "form.problems", n = count, first = first)
        });
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        let profile = self.profile_from_form(cx);
        match validate::profile(profile.clone(), cx.today) {
            Ok(_) => {
                self.form.clear_errors();
                cx.call(StoreCall::SaveProfile(profile));
            }
            Err(errors) => self.show_errors(&errors, cx),
        }
    }
}

/// A number read back to be written down: a digit at a time, a pause
/// between its groups ("1 3 9, 1 2 3 4, 5 6 7 8").
fn digit_groups(value: &str, sizes: &[usize]) -> String {
    grouped(value, sizes, 0)
        .0
        .split(' ')
        .map(|g| g.chars().map(String::from).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Screen for ProfileScreen {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "form.leave_heading"));
        }
        let missing = validate::missing_for_applying(&self.profile).len();
        View {
            heading: if !self.loaded {
                tr!(lang, "profile.heading_loading")
            } else if missing == 0 {
                tr!(lang, "profile.heading_complete")
            } else {
                lang.count(
                    "profile.heading_incomplete_one",
                    "profile.heading_incomplete",
                    missing as u64,
                )
            },
            items: self.form.items(lang),
            focus: self.form.focus,
        }
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.form.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.form.focus, focus);
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        match cx.user {
            Some(user) => cx.call(StoreCall::Profile(user)),
            None => {
                self.loaded = true;
                self.build(cx);
            }
        }
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

    fn needs_person(&self) -> bool {
        true
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
            FormEvent::Pressed("cancel") => cx.pop(),
            FormEvent::Pressed("read") => {
                // Read back only when the person asks, digit by digit, and
                // only to the ear: the screen says that it was read.
                let spoken = tr!(
                    cx.lang,
                    "kiosk.numbers_are",
                    mobile = digit_groups(&self.form.value("mobile"), MOBILE_GROUPS),
                    certificate = digit_groups(&self.profile.certificate, CERTIFICATE_GROUPS)
                );
                cx.announce_privately(tr!(cx.lang, "kiosk.numbers_read"), spoken);
            }
            FormEvent::Entered(_) => {
                let next =
                    (self.form.focus + 1).min(self.form.items(cx.lang).len().saturating_sub(1));
                self.form.focus = next;
            }
            FormEvent::NotMine => return false,
            _ => {}
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Profile(p)) => {
                self.profile = *p;
                self.loaded = true;
                self.build(cx);
            }
            Ok(Done::ProfileSaved(p)) => {
                cx.user = Some(p.id);
                let missing = validate::missing_for_applying(&p);
                self.profile = *p;
                cx.announce(if missing.is_empty() {
                    tr!(cx.lang, "profile.saved")
                } else {
                    // Name what is missing, not only how many.
                    tr!(
                        cx.lang,
                        "profile.saved_incomplete",
                        fields = missing
                            .iter()
                            .map(|f| cx.lang.field(*f))
                            .collect::<Vec<_>>()
                            .join(cx.lang.get("common.list_separator"))
                    )
                });
                cx.pop_with(Reply::ProfileSaved);
            }
            Ok(_) => {}
            Err(StoreError::Invalid { errors }) => self.show_errors(&errors, cx),
            Err(StoreError::Queued) => {
                cx.announce_error(&StoreError::Queued);
                cx.pop();
            }
            Err(e) => cx.announce_error(&e),
        }
    }
}
