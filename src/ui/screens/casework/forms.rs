//! One form for each change to a record (`CaseEdit`): filled from the
//! record, checked with the domain's rules before it is sent, field errors
//! under their fields with focus on the first (docs/screen-reader.md rule
//! 7), and on success the record again with what was saved said.

use chrono::NaiveDate;

use crate::domain::Field;
use crate::domain::casework::{
    AbilityResult, Assessment, CaseChange, CaseEdit, CaseRecord, ContactKind, Contract,
    CounselorFields, Difficulty, HoursWanted, Household, Needs, NewContact, NewPlacement, NewStep,
    Skill, StepKind, check_edit,
};
use crate::domain::{Actor, Counselor, FieldError, Id, MassageLevel, Problem, WorkKind, validate};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::{StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm, Leave};
use crate::ui::form::{Form, FormEvent, FormField};
use crate::ui::screens::choose::ChoiceList;
use crate::ui::screens::field_error;
use crate::ui::text_input::TextInput;
use crate::ui::view::View;
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::{date_field, parse_date};

/// Which change a form makes.
#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    Needs,
    Assessment,
    Difficulty,
    CounselorFields,
    Goal,
    AddStep,
    CompleteStep {
        step_id: Id,
        description: String,
    },
    Contact,
    Agreement,
    Seeking,
    Household,
    Placement,
    FollowUp {
        placement_id: Id,
        months: u8,
        employer: String,
    },
    Assign(Vec<Counselor>),
}

/// Whether a form's date is of something done (not after today) or of
/// something due (within two years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateSense {
    Done,
    Due,
}

impl FormKind {
    fn heading_key(&self) -> &'static str {
        match self {
            FormKind::Needs => "case_form.needs_heading",
            FormKind::Assessment => "case_form.assessment_heading",
            FormKind::Difficulty => "case_form.difficulty_heading",
            FormKind::CounselorFields => "case_form.fields_heading",
            FormKind::Goal => "case_form.goal_heading",
            FormKind::AddStep => "case_form.step_heading",
            FormKind::CompleteStep { .. } => "case_form.complete_heading",
            FormKind::Contact => "case_form.contact_heading",
            FormKind::Agreement => "case_form.agreement_heading",
            FormKind::Seeking => "case_form.seeking_heading",
            FormKind::Household => "case_form.household_heading",
            FormKind::Placement => "case_form.placement_heading",
            FormKind::FollowUp { .. } => "case_form.follow_up_heading",
            FormKind::Assign(_) => "case_form.assign_heading",
        }
    }

    fn date_sense(&self) -> DateSense {
        match self {
            FormKind::AddStep | FormKind::Placement => DateSense::Due,
            _ => DateSense::Done,
        }
    }
}

/// The form id of a domain field, where the form has one.
fn id_of(field: Field) -> &'static str {
    match field {
        Field::DesiredWork => "desired_work",
        Field::Places => "places",
        Field::Needs => "accommodations",
        Field::YearsWorked => "years_worked",
        Field::Note => "note",
        Field::Basis => "basis",
        Field::Plan => "goal",
        Field::Description => "description",
        Field::Outcome => "outcome",
        Field::Members => "members",
        Field::OthersInWork => "others",
        Field::Employer => "employer",
        Field::Title => "title",
        Field::Pay => "pay",
        _ => "date",
    }
}

#[derive(Debug)]
pub struct CaseForm {
    kind: FormKind,
    profile_id: Id,
    name: String,
    form: Form,
    confirm: Option<Confirm>,
    leaving: Option<Leave>,
    request_id: String,
}

fn save_buttons(lang: Lang) -> [FormField; 2] {
    [
        Form::button("save", tr!(lang, "case_form.save")),
        Form::button("cancel", tr!(lang, "case_form.cancel")),
    ]
}

fn date_input(lang: Lang, label_key: &str, value: NaiveDate) -> FormField {
    let label = tr!(lang, "case_form.date_label", label = lang.get(label_key));
    Form::text("date", label, true, &date_field(value), 12)
}

fn skill_choice(
    lang: Lang,
    id: &'static str,
    label_key: &str,
    current: Option<Skill>,
) -> FormField {
    let current = current.unwrap_or(Skill::Basic);
    Form::choice(
        id,
        lang.get(label_key).to_string(),
        Skill::ALL
            .iter()
            .map(|s| lang.skill(*s).to_string())
            .collect(),
        Skill::ALL.iter().position(|s| *s == current).unwrap_or(0),
    )
}

fn enum_choice<T: Copy + PartialEq>(
    id: &'static str,
    label: String,
    all: &[T],
    name: impl Fn(T) -> String,
    current: T,
) -> FormField {
    Form::choice(
        id,
        label,
        all.iter().map(|v| name(*v)).collect(),
        all.iter().position(|v| *v == current).unwrap_or(0),
    )
}

fn fields(kind: &FormKind, r: &CaseRecord, cx: &Cx<'_>) -> Vec<FormField> {
    use validate::limits;
    let lang = cx.lang;
    let today = cx.today;
    let p = &r.profile;
    let label = |key: &str| lang.get(key).to_string();
    let mut f = match kind {
        FormKind::Needs => {
            let n = r.needs.as_ref().map(|(n, _)| n);
            vec![
                Form::text(
                    "desired_work",
                    label("case_form.desired_work"),
                    true,
                    n.map_or(p.desired_work.as_str(), |n| n.desired_work.as_str()),
                    limits::SHORT,
                ),
                enum_choice(
                    "hours",
                    label("case_form.hours"),
                    HoursWanted::ALL,
                    |h| lang.hours_wanted(h).to_string(),
                    n.map_or(HoursWanted::FullTime, |n| n.hours),
                ),
                Form::check(
                    "home_based",
                    label("case_form.home_based"),
                    n.is_some_and(|n| n.home_based),
                ),
                Form::text(
                    "places",
                    label("case_form.places"),
                    false,
                    n.map_or("", |n| n.places.as_str()),
                    limits::SHORT,
                ),
                Form::text(
                    "accommodations",
                    label("case_form.accommodations"),
                    false,
                    n.map_or(p.needs.as_str(), |n| n.accommodations.as_str()),
                    limits::LONG,
                ),
            ]
        }
        FormKind::Assessment => {
            let last = r.assessments.first().map(|(a, _)| a);
            vec![
                date_input(lang, "case_form.assessed_on", today),
                skill_choice(
                    lang,
                    "mobility",
                    "case_form.mobility",
                    last.map(|a| a.mobility),
                ),
                skill_choice(
                    lang,
                    "computer",
                    "case_form.computer",
                    last.map(|a| a.computer),
                ),
                skill_choice(
                    lang,
                    "communication",
                    "case_form.communication",
                    last.map(|a| a.communication),
                ),
                skill_choice(
                    lang,
                    "massage",
                    "case_form.massage",
                    last.map(|a| a.massage),
                ),
                Form::text(
                    "years_worked",
                    label("case_form.years_worked"),
                    false,
                    &last.map_or(String::new(), |a| a.years_worked.to_string()),
                    2,
                ),
                enum_choice(
                    "result",
                    label("case_form.result"),
                    AbilityResult::ALL,
                    |a| lang.ability_result(a).to_string(),
                    last.map_or(AbilityResult::Ready, |a| a.result),
                ),
                Form::text("note", label("case_form.note"), false, "", limits::LONG),
            ]
        }
        FormKind::Difficulty => {
            let d = r.difficulty.as_ref().map(|(d, _)| d);
            vec![
                Form::check(
                    "recognised",
                    label("case_form.recognised"),
                    d.is_none_or(|d| d.recognised),
                ),
                Form::text(
                    "basis",
                    label("case_form.basis"),
                    false,
                    d.map_or("", |d| d.basis.as_str()),
                    limits::LONG,
                ),
                date_input(lang, "case_form.recognised_on", d.map_or(today, |d| d.on)),
            ]
        }
        FormKind::CounselorFields => vec![
            Form::optional_choice(
                "massage_level",
                label("case_form.massage_level"),
                tr!(lang, "record.none"),
                MassageLevel::ALL,
                |l| lang.massage_level(l).to_string(),
                p.massage_level,
            ),
            Form::check(
                "practice",
                label("case_form.practice_certificate"),
                p.practice_certificate,
            ),
            Form::check(
                "visual",
                label("case_form.visual_confirmed"),
                p.visual_component_confirmed,
            ),
        ],
        FormKind::Goal => vec![Form::text(
            "goal",
            label("case_form.goal"),
            true,
            &p.plan,
            limits::LONG,
        )],
        FormKind::AddStep => vec![
            enum_choice(
                "kind",
                label("case_form.step_kind"),
                StepKind::ALL,
                |k| lang.step_kind(k).to_string(),
                StepKind::RecommendJobs,
            ),
            Form::text(
                "description",
                label("case_form.description"),
                true,
                "",
                limits::SHORT,
            ),
            date_input(lang, "case_form.due_on", today),
        ],
        FormKind::CompleteStep { description, .. } => vec![
            Form::note(
                "about",
                tr!(lang, "case_form.complete_about", description = description),
            ),
            date_input(lang, "case_form.done_on", today),
            Form::text(
                "outcome",
                label("case_form.outcome"),
                false,
                "",
                limits::NOTE,
            ),
        ],
        FormKind::Contact => vec![
            enum_choice(
                "kind",
                label("case_form.contact_kind"),
                ContactKind::ALL,
                |k| lang.contact_kind(k).to_string(),
                ContactKind::Call,
            ),
            date_input(lang, "case_form.contact_on", today),
            Form::text(
                "note",
                label("case_form.contact_note"),
                true,
                "",
                limits::LONG,
            ),
        ],
        FormKind::Agreement => vec![
            Form::note(
                "about",
                tr!(lang, "case_form.agreement_about", name = p.name),
            ),
            Form::check("agreed", label("case_form.agreed"), r.agreement.is_some()),
        ],
        FormKind::Seeking => vec![Form::check(
            "seeking",
            tr!(lang, "case_form.seeking", name = p.name),
            // The line that opens this form offers the change.
            !r.seeking,
        )],
        FormKind::Household => {
            let h = r.household.as_ref().map(|(h, _)| h);
            vec![
                Form::text(
                    "members",
                    label("case_form.members"),
                    true,
                    &h.map_or(String::new(), |h| h.members.to_string()),
                    2,
                ),
                Form::text(
                    "others",
                    label("case_form.others_in_work"),
                    false,
                    &h.map_or(String::new(), |h| h.others_in_work.to_string()),
                    2,
                ),
                Form::check(
                    "zero_employment",
                    label("case_form.zero_employment"),
                    h.is_some_and(|h| h.zero_employment),
                ),
            ]
        }
        FormKind::Placement => vec![
            Form::text(
                "employer",
                label("case_form.employer"),
                true,
                "",
                limits::SHORT,
            ),
            Form::text(
                "title",
                label("case_form.job_title"),
                true,
                "",
                limits::TITLE,
            ),
            enum_choice(
                "kind",
                label("case_form.work_kind"),
                WorkKind::ALL,
                |k| lang.work_kind(k).to_string(),
                WorkKind::HealthMassage,
            ),
            date_input(lang, "case_form.started_on", today),
            enum_choice(
                "contract",
                label("case_form.contract"),
                Contract::ALL,
                |c| lang.contract(c).to_string(),
                Contract::Permanent,
            ),
            Form::text("pay", label("case_form.pay"), true, "", 6),
            Form::check("home_based", label("case_form.home_based"), false),
        ],
        FormKind::FollowUp {
            months, employer, ..
        } => vec![
            Form::note(
                "about",
                tr!(
                    lang,
                    "case_form.follow_up_about",
                    months = months,
                    employer = employer
                ),
            ),
            date_input(lang, "case_form.follow_up_on", today),
            Form::check("working", label("case_form.still_working"), true),
            Form::text("note", label("case_form.note"), false, "", limits::NOTE),
        ],
        FormKind::Assign(counselors) => {
            let current = counselors.iter().position(|c| Some(c.id) == p.counselor_id);
            vec![Form::choice(
                "counselor",
                label("case_form.counselor"),
                std::iter::once(tr!(lang, "record.nobody"))
                    .chain(counselors.iter().map(|c| {
                        tr!(
                            lang,
                            "case_form.counselor_option",
                            name = c.name,
                            center = c.center
                        )
                    }))
                    .collect(),
                current.map_or(0, |i| i + 1),
            )]
        }
    };
    f.extend(save_buttons(lang));
    f
}

impl CaseForm {
    pub fn new(kind: FormKind, record: &CaseRecord, cx: &Cx<'_>) -> Self {
        let form = Form::new(fields(&kind, record, cx));
        let mut this = CaseForm {
            kind,
            profile_id: record.profile.id,
            name: record.profile.name.clone(),
            form,
            confirm: None,
            leaving: None,
            request_id: new_request_id(),
        };
        // A note explains the form: focus starts on the first field.
        if matches!(
            this.form.fields.first().map(|f| &f.control),
            Some(crate::ui::form::Control::Note { .. })
        ) {
            this.form.focus = 1;
        }
        this
    }

    /// The date typed, or its error.
    fn date(&self, lang: Lang) -> Result<NaiveDate, (&'static str, String)> {
        let typed = self.form.value("date");
        parse_date(&typed).ok_or_else(|| {
            (
                "date",
                tr!(
                    lang,
                    "case_form.bad_date",
                    field = self.label_of("date"),
                    typed = typed.trim()
                ),
            )
        })
    }

    /// A whole number typed, or its error.
    fn number(
        &self,
        lang: Lang,
        id: &'static str,
        field: Field,
        min: i64,
        max: i64,
        required: bool,
    ) -> Result<u32, (&'static str, String)> {
        let label = self.label_of(id);
        let error = |e: &FieldError| (id, self.message(lang, e, &label));
        match validate::number(field, &self.form.value(id), min, max) {
            Ok(Some(n)) => Ok(u32::try_from(n).unwrap_or(0)),
            Ok(None) if !required => Ok(0),
            Ok(None) => Err(error(&FieldError::new(field, Problem::Required))),
            Err(e) => Err(error(&e)),
        }
    }

    /// The label a field shows, for its error sentence.
    fn label_of(&self, id: &str) -> String {
        match self.form.get(id).map(|f| &f.control) {
            Some(crate::ui::form::Control::Text { label, .. })
            | Some(crate::ui::form::Control::Choice { label, .. })
            | Some(crate::ui::form::Control::Check { label, .. }) => label.clone(),
            _ => String::new(),
        }
    }

    /// An error sentence naming the field as this form labels it.
    fn message(&self, lang: Lang, e: &FieldError, label: &str) -> String {
        if e.field == Field::Dates || e.field == Field::Months {
            let key = match self.kind.date_sense() {
                DateSense::Done if matches!(self.kind, FormKind::FollowUp { .. }) => {
                    "case_form.follow_up_too_early"
                }
                DateSense::Done => "case_form.date_not_future",
                DateSense::Due => "case_form.date_within",
            };
            return tr!(
                lang,
                "problem.field",
                field = label,
                problem = lang.get(key)
            );
        }
        let generic = field_error(lang, e);
        // "Desired work: this is required." with the form's own label.
        let prefix = tr!(
            lang,
            "problem.field",
            field = lang.field(e.field),
            problem = ""
        );
        match generic.strip_prefix(&prefix) {
            Some(problem) => tr!(lang, "problem.field", field = label, problem = problem),
            None => generic,
        }
    }

    /// The edit the form says, or the errors to show.
    fn edit(&self, cx: &Cx<'_>) -> Result<CaseEdit, Vec<(&'static str, String)>> {
        let lang = cx.lang;
        let f = &self.form;
        let mut errors = Vec::new();
        let mut date = || match self.date(lang) {
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                cx.today
            }
        };
        let chosen = |id: &str, i: usize| f.selected(id).min(i);
        let edit = match &self.kind {
            FormKind::Needs => CaseEdit::Needs(Needs {
                desired_work: f.value("desired_work"),
                hours: HoursWanted::ALL[chosen("hours", HoursWanted::ALL.len() - 1)],
                home_based: f.checked("home_based"),
                places: f.value("places"),
                accommodations: f.value("accommodations"),
            }),
            FormKind::Assessment => {
                let assessed_on = date();
                let skill = |id: &str| Skill::ALL[chosen(id, Skill::ALL.len() - 1)];
                let years = self.number(lang, "years_worked", Field::YearsWorked, 0, 60, false);
                CaseEdit::Assessment(Assessment {
                    assessed_on,
                    mobility: skill("mobility"),
                    computer: skill("computer"),
                    communication: skill("communication"),
                    massage: skill("massage"),
                    years_worked: years.unwrap_or_else(|e| {
                        errors.push(e);
                        0
                    }),
                    result: AbilityResult::ALL[chosen("result", AbilityResult::ALL.len() - 1)],
                    note: f.value("note"),
                })
            }
            FormKind::Difficulty => {
                let on = date();
                CaseEdit::Difficulty(Difficulty {
                    recognised: f.checked("recognised"),
                    basis: f.value("basis"),
                    on,
                })
            }
            FormKind::CounselorFields => CaseEdit::CounselorFields(CounselorFields {
                massage_level: f.chosen("massage_level", MassageLevel::ALL),
                practice_certificate: f.checked("practice"),
                visual_component_confirmed: f.checked("visual"),
            }),
            FormKind::Goal => CaseEdit::Goal {
                goal: f.value("goal"),
            },
            FormKind::AddStep => {
                let due_on = date();
                CaseEdit::AddStep(NewStep {
                    kind: StepKind::ALL[chosen("kind", StepKind::ALL.len() - 1)],
                    description: f.value("description"),
                    due_on,
                })
            }
            FormKind::CompleteStep { step_id, .. } => CaseEdit::CompleteStep {
                step_id: *step_id,
                done_on: date(),
                outcome: f.value("outcome"),
            },
            FormKind::Contact => {
                let on = date();
                CaseEdit::Contact(NewContact {
                    kind: ContactKind::ALL[chosen("kind", ContactKind::ALL.len() - 1)],
                    on,
                    note: f.value("note"),
                })
            }
            FormKind::Agreement => CaseEdit::Agreement {
                agreed: f.checked("agreed"),
            },
            FormKind::Seeking => CaseEdit::Seeking {
                seeking: f.checked("seeking"),
            },
            FormKind::Household => {
                let members = self.number(lang, "members", Field::Members, 1, 30, true);
                let others = self.number(lang, "others", Field::OthersInWork, 0, 29, false);
                let mut take = |r: Result<u32, _>| {
                    r.unwrap_or_else(|e| {
                        errors.push(e);
                        0
                    })
                };
                let members = take(members);
                let others_in_work = take(others);
                CaseEdit::Household(Household {
                    members: members.max(1),
                    others_in_work,
                    zero_employment: f.checked("zero_employment"),
                })
            }
            FormKind::Placement => {
                let started_on = date();
                let pay = self.number(
                    lang,
                    "pay",
                    Field::Pay,
                    1,
                    i64::from(crate::domain::casework::MAX_MONTHLY_PAY),
                    true,
                );
                CaseEdit::Placement(NewPlacement {
                    employer: f.value("employer"),
                    job_id: None,
                    job_title: f.value("title"),
                    kind: WorkKind::ALL[chosen("kind", WorkKind::ALL.len() - 1)],
                    started_on,
                    contract: Contract::ALL[chosen("contract", Contract::ALL.len() - 1)],
                    monthly_pay: pay.unwrap_or_else(|e| {
                        errors.push(e);
                        1
                    }),
                    home_based: f.checked("home_based"),
                })
            }
            FormKind::FollowUp {
                placement_id,
                months,
                ..
            } => CaseEdit::FollowUp {
                placement_id: *placement_id,
                months: *months,
                done_on: date(),
                still_working: f.checked("working"),
                note: f.value("note"),
            },
            FormKind::Assign(counselors) => CaseEdit::Assign {
                counselor_id: f
                    .selected("counselor")
                    .checked_sub(1)
                    .and_then(|i| counselors.get(i))
                    .map(|c| c.id),
            },
        };
        // The domain's own checks, so errors are heard before sending.
        let checked = match check_edit(edit, cx.today) {
            Ok(edit) => Some(edit),
            Err(found) => {
                errors.extend(found.iter().map(|e| {
                    let id = id_of(e.field);
                    (id, self.message(lang, e, &self.label_of(id)))
                }));
                None
            }
        };
        match checked {
            Some(edit) if errors.is_empty() => Ok(edit),
            _ => {
                // Errors in form order, the first field's first.
                let order = |id: &str| self.form.fields.iter().position(|f| f.id == id);
                errors.sort_by_key(|(id, _)| order(id));
                errors.dedup_by_key(|(id, _)| *id);
                Err(errors)
            }
        }
    }

    fn show_errors(&mut self, errors: Vec<(&'static str, String)>, cx: &mut Cx<'_>) {
        let first = errors.first().map(|(_, m)| m.clone()).unwrap_or_default();
        let count = errors.len();
        self.form.set_errors(errors);
        cx.announce(if count == 1 {
            first
        } else {
            tr!(cx.lang, "form.problems", n = count, first = first)
        });
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        match self.edit(cx) {
            Ok(edit) => {
                self.form.clear_errors();
                cx.call(StoreCall::ChangeCase(CaseChange {
                    request_id: self.request_id.clone(),
                    profile_id: self.profile_id,
                    by: cx.actor.unwrap_or(Actor::System),
                    edit,
                }));
            }
            Err(errors) => self.show_errors(errors, cx),
        }
    }

    /// What was saved, in a sentence.
    fn saved_sentence(&self, lang: Lang, r: &CaseRecord, cx: &Cx<'_>) -> String {
        let f = &self.form;
        let name = &r.profile.name;
        match &self.kind {
            FormKind::Needs => tr!(lang, "case_form.saved_needs"),
            FormKind::Assessment => tr!(
                lang,
                "case_form.saved_assessment",
                result = r
                    .assessments
                    .first()
                    .map_or("", |(a, _)| lang.ability_result(a.result))
            ),
            FormKind::Difficulty => tr!(
                lang,
                "case_form.saved_difficulty",
                value = crate::ui::screens::yes_no(lang, f.checked("recognised"))
            ),
            FormKind::CounselorFields => tr!(lang, "case_form.saved_fields"),
            FormKind::Goal => tr!(lang, "case_form.saved_goal"),
            FormKind::AddStep => tr!(
                lang,
                "case_form.saved_step",
                description = f.value("description").trim(),
                date = parse_date(&f.value("date"))
                    .map_or_else(String::new, |d| lang.short_date(d, cx.today))
            ),
            FormKind::CompleteStep { description, .. } => {
                tr!(lang, "case_form.saved_complete", description = description)
            }
            FormKind::Contact => tr!(
                lang,
                "case_form.saved_contact",
                kind = lang.contact_kind(
                    ContactKind::ALL[f.selected("kind").min(ContactKind::ALL.len() - 1)]
                )
            ),
            FormKind::Agreement if r.agreement.is_some() => {
                tr!(lang, "case_form.saved_agreed", name = name)
            }
            FormKind::Agreement => tr!(lang, "case_form.saved_not_agreed", name = name),
            FormKind::Seeking if r.seeking => tr!(lang, "case_form.saved_seeking", name = name),
            FormKind::Seeking => tr!(lang, "case_form.saved_not_seeking", name = name),
            FormKind::Household => tr!(lang, "case_form.saved_household"),
            FormKind::Placement => tr!(
                lang,
                "case_form.saved_placement",
                title = f.value("title").trim(),
                employer = f.value("employer").trim()
            ),
            FormKind::FollowUp { months, .. } => tr!(
                lang,
                "case_form.saved_follow_up",
                months = months,
                working = if f.checked("working") {
                    tr!(lang, "record.still_working")
                } else {
                    tr!(lang, "record.not_working")
                }
            ),
            FormKind::Assign(_) => match &r.counselor_name {
                Some(counselor) => tr!(lang, "case_form.saved_assigned", counselor = counselor),
                None => tr!(lang, "case_form.saved_unassigned"),
            },
        }
    }
}

impl Screen for CaseForm {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "form.leave_heading"));
        }
        let what = lang.get(self.kind.heading_key());
        self.form.view(
            tr!(lang, "case_form.heading", what = what, name = self.name),
            lang,
        )
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
            FormEvent::Pressed("cancel") => cx.pop(),
            // Enter in a field goes on to the next line.
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
            Ok(Done::CaseChanged(r)) => {
                let sentence = self.saved_sentence(cx.lang, &r, cx);
                cx.pop_with(Reply::CaseChanged(r));
                cx.announce(sentence);
            }
            Ok(_) => {}
            Err(StoreError::Invalid { errors }) => {
                self.request_id = new_request_id();
                let lang = cx.lang;
                let messages = errors
                    .iter()
                    .map(|e| {
                        let id = id_of(e.field);
                        (id, self.message(lang, e, &self.label_of(id)))
                    })
                    .collect();
                self.show_errors(messages, cx);
            }
            Err(e) => {
                // Refused outright: nothing was done, a new try is new.
                if matches!(e, StoreError::Forbidden | StoreError::NotFound { .. }) {
                    self.request_id = new_request_id();
                }
                cx.announce_error(&e);
            }
        }
    }
}
