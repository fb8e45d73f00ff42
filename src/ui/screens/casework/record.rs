//! A person's record as `Label: value` lines in sections, each section
//! opened by a line that names it; the lines to act on close their
//! section ("Add a plan step", "Record a contact"). Every change shows who
//! made it and when.

use crate::domain::casework::{CaseRecord, PLACED_AFTER_MONTHS, disability_of};
use crate::domain::{Actor, Id};
use crate::i18n::Lang;
use crate::keymap::Command;
use crate::store::StoreError;
use crate::tr;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::forms::{CaseForm, FormKind};
use super::{due_short, due_text, stamp_text};
use crate::ui::screens::{numbered, with_positions, yes_no};

/// What a line of the record does when activated.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Opens a form that makes one change.
    Form(FormKind),
    /// Staff: choose the person's counselor (the list is asked for first).
    Assign,
    /// Find a job and apply for the person (with their agreement).
    ApplyFor,
    /// Find a course and register the person (with their agreement).
    RegisterFor,
    /// Read an application, or a training place, with its history.
    Application(usize),
    Enrollment(usize),
}

#[derive(Debug)]
pub struct Record {
    profile_id: Id,
    /// The name the caseload row gave, for the heading while loading.
    name: String,
    record: Option<CaseRecord>,
    focus: usize,
}

/// The record's lines as they are built: items and what each does.
struct Lines {
    lang: Lang,
    items: Vec<Item>,
    actions: Vec<Option<Action>>,
}

impl Lines {
    fn section(&mut self, key: &str) {
        let name = self.lang.get(key).to_string();
        self.items.push(Item::new(
            ItemKind::Text,
            tr!(self.lang, "record.section", name = name),
        ));
        self.actions.push(None);
    }

    fn pairs(&mut self, lines: Vec<(String, String)>) {
        let n = lines.len();
        self.items.extend(numbered(self.lang, lines));
        self.actions.extend(std::iter::repeat_n(None, n));
    }

    fn pair(&mut self, label: String, value: String) {
        self.pairs(vec![(label, value)]);
    }

    /// A `Label: value` line that opens something (Enter).
    fn opening_pair(&mut self, action: Action, label: String, value: String) {
        self.pair(label, value);
        if let Some(last) = self.actions.last_mut() {
            *last = Some(action);
        }
    }

    fn text(&mut self, text: String) {
        self.items.push(Item::new(ItemKind::Text, text));
        self.actions.push(None);
    }

    fn action(&mut self, text: String, action: Action) {
        self.items.push(Item::new(ItemKind::Row, text));
        self.actions.push(Some(action));
    }
}

impl Record {
    pub fn new(profile_id: Id, name: String) -> Self {
        Record {
            profile_id,
            name,
            record: None,
            focus: 0,
        }
    }

    fn actor(cx: &Cx<'_>) -> Actor {
        cx.actor.unwrap_or(Actor::System)
    }

    fn lines(&self, cx: &Cx<'_>) -> (Vec<Item>, Vec<Option<Action>>) {
        let lang = cx.lang;
        let today = cx.today;
        let mut l = Lines {
            lang,
            items: Vec::new(),
            actions: Vec::new(),
        };
        let Some(r) = &self.record else {
            l.text(tr!(lang, "common.loading"));
            return (l.items, l.actions);
        };
        let p = &r.profile;
        let not_set = || tr!(lang, "record.not_set");
        let or_not_set = |s: &str| {
            if s.trim().is_empty() {
                not_set()
            } else {
                s.to_string()
            }
        };
        let stamp = |s: &crate::domain::casework::Stamp| stamp_text(lang, s, today);

        // Profile, and the fields only a counselor sets.
        l.section("record.profile");
        let disability = disability_of(&p.certificate, today).map_or_else(not_set, |(c, level)| {
            tr!(
                lang,
                "record.category_level",
                category = lang.category(c),
                level = level
            )
        });
        l.pairs(vec![
            (tr!(lang, "record.name"), or_not_set(&p.name)),
            (
                tr!(lang, "record.status"),
                lang.case_status(r.status()).to_string(),
            ),
            (tr!(lang, "record.certificate"), or_not_set(&p.certificate)),
            (tr!(lang, "record.disability"), disability),
            (
                tr!(lang, "record.district"),
                p.district
                    .map_or_else(not_set, |d| lang.district(d).to_string()),
            ),
            (tr!(lang, "record.mobile"), or_not_set(&p.mobile)),
            (
                tr!(lang, "record.education"),
                p.education
                    .map_or_else(not_set, |e| lang.education(e).to_string()),
            ),
            (tr!(lang, "record.braille"), yes_no(lang, p.braille_reader)),
            (
                tr!(lang, "record.formats"),
                if p.formats.is_empty() {
                    not_set()
                } else {
                    p.formats
                        .iter()
                        .map(|f| lang.format_name(*f))
                        .collect::<Vec<_>>()
                        .join(lang.get("common.list_separator"))
                },
            ),
            (
                tr!(lang, "record.consent"),
                p.consent_at.map_or_else(
                    || yes_no(lang, false),
                    |at| tr!(lang, "record.consent_on", date = lang.day_of(at)),
                ),
            ),
            (
                tr!(lang, "record.counselor"),
                r.counselor_name
                    .clone()
                    .unwrap_or_else(|| tr!(lang, "record.nobody")),
            ),
        ]);
        let mut counselor_only = vec![
            (
                tr!(lang, "record.massage_level"),
                p.massage_level.map_or_else(
                    || tr!(lang, "record.none"),
                    |m| lang.massage_level(m).to_string(),
                ),
            ),
            (
                tr!(lang, "record.practice_certificate"),
                yes_no(lang, p.practice_certificate),
            ),
            (
                tr!(lang, "record.visual_confirmed"),
                yes_no(lang, p.visual_component_confirmed),
            ),
        ];
        if let Some(s) = &r.fields_stamp {
            counselor_only.push((tr!(lang, "record.fields_set"), stamp(s)));
        }
        l.pairs(counselor_only);
        l.action(
            tr!(lang, "record.set_fields"),
            Action::Form(FormKind::CounselorFields),
        );
        l.action(
            if r.seeking {
                tr!(lang, "record.not_seeking")
            } else {
                tr!(lang, "record.seeking_again")
            },
            Action::Form(FormKind::Seeking),
        );
        if cx.actor.is_some_and(|a| a.sees_everyone()) {
            l.action(tr!(lang, "record.assign"), Action::Assign);
        }

        // Needs registration (就业需求登记).
        l.section("record.needs");
        match &r.needs {
            Some((n, s)) => {
                l.pairs(vec![
                    (
                        tr!(lang, "record.desired_work"),
                        or_not_set(&n.desired_work),
                    ),
                    (
                        tr!(lang, "record.hours"),
                        lang.hours_wanted(n.hours).to_string(),
                    ),
                    (tr!(lang, "record.home_based"), yes_no(lang, n.home_based)),
                    (tr!(lang, "record.places"), or_not_set(&n.places)),
                    (
                        tr!(lang, "record.accommodations"),
                        or_not_set(&n.accommodations),
                    ),
                    (tr!(lang, "record.registered"), stamp(s)),
                ]);
                l.action(
                    tr!(lang, "record.edit_needs"),
                    Action::Form(FormKind::Needs),
                );
            }
            None => {
                l.text(tr!(lang, "record.needs_none"));
                l.action(
                    tr!(lang, "record.register_needs"),
                    Action::Form(FormKind::Needs),
                );
            }
        }

        // Vocational ability assessments, newest first.
        l.section("record.assessments");
        if r.assessments.is_empty() {
            l.text(tr!(lang, "record.assessments_none"));
        }
        let total = r.assessments.len();
        for (i, (a, s)) in r.assessments.iter().enumerate() {
            l.pair(
                tr!(lang, "record.assessment_n", n = i + 1, total = total),
                tr!(
                    lang,
                    "record.assessment_summary",
                    result = lang.ability_result(a.result),
                    date = lang.date(a.assessed_on),
                    stamp = stamp(s)
                ),
            );
            let mut pairs = vec![
                (
                    tr!(lang, "record.mobility"),
                    lang.skill(a.mobility).to_string(),
                ),
                (
                    tr!(lang, "record.computer"),
                    lang.skill(a.computer).to_string(),
                ),
                (
                    tr!(lang, "record.communication"),
                    lang.skill(a.communication).to_string(),
                ),
                (
                    tr!(lang, "record.massage"),
                    lang.skill(a.massage).to_string(),
                ),
                (tr!(lang, "record.years_worked"), a.years_worked.to_string()),
            ];
            if !a.note.is_empty() {
                pairs.push((tr!(lang, "record.note"), a.note.clone()));
            }
            l.pairs(pairs);
        }
        l.action(
            tr!(lang, "record.add_assessment"),
            Action::Form(FormKind::Assessment),
        );

        // Employment-difficulty recognition (就业困难人员认定).
        l.section("record.difficulty");
        match &r.difficulty {
            Some((d, s)) => {
                let mut pairs = vec![
                    (tr!(lang, "record.recognised"), yes_no(lang, d.recognised)),
                    (tr!(lang, "record.recognised_on"), lang.date(d.on)),
                ];
                if !d.basis.is_empty() {
                    pairs.push((tr!(lang, "record.basis"), d.basis.clone()));
                }
                pairs.push((tr!(lang, "record.recorded"), stamp(s)));
                l.pairs(pairs);
            }
            None => l.text(tr!(lang, "record.difficulty_none")),
        }
        l.action(
            tr!(lang, "record.record_difficulty"),
            Action::Form(FormKind::Difficulty),
        );

        // The plan: a goal and dated steps.
        l.section("record.plan");
        l.pair(tr!(lang, "record.goal"), or_not_set(&p.plan));
        if let Some(s) = &r.goal_stamp {
            l.pair(tr!(lang, "record.goal_set"), stamp(s));
        }
        l.action(tr!(lang, "record.set_goal"), Action::Form(FormKind::Goal));
        let total = r.steps.len();
        for (i, step) in r.steps.iter().enumerate() {
            let mut value = tr!(
                lang,
                "record.step_value",
                kind = lang.step_kind(step.kind),
                description = step.description
            );
            match step.done_on {
                Some(done) => {
                    value.push_str(&tr!(lang, "record.step_done", date = lang.date(done)));
                    if !step.outcome.is_empty() {
                        value.push_str(&tr!(lang, "record.step_outcome", outcome = step.outcome));
                    }
                }
                None => {
                    let due = due_short(lang, step.due_on, today);
                    value.push_str(&tr!(lang, "record.step_due", due = due));
                }
            }
            value.push_str(&tr!(lang, "record.step_stamp", stamp = stamp(&step.stamp)));
            l.pair(tr!(lang, "record.step_n", n = i + 1, total = total), value);
            if step.done_on.is_none() {
                l.action(
                    tr!(
                        lang,
                        "record.mark_done",
                        n = i + 1,
                        description = step.description
                    ),
                    Action::Form(FormKind::CompleteStep {
                        step_id: step.id,
                        description: step.description.clone(),
                    }),
                );
            }
        }
        l.action(
            tr!(lang, "record.add_step"),
            Action::Form(FormKind::AddStep),
        );

        // The service log, newest first.
        l.section("record.log");
        if r.log.is_empty() {
            l.text(tr!(lang, "record.log_none"));
        }
        let total = r.log.len();
        for (i, entry) in r.log.iter().enumerate() {
            l.pair(
                tr!(lang, "record.log_n", n = i + 1, total = total),
                tr!(
                    lang,
                    "record.log_value",
                    date = lang.date(entry.on),
                    kind = lang.contact_kind(entry.kind),
                    note = entry.note,
                    who = if entry.by_name.is_empty() {
                        crate::ui::screens::actor_name(lang, entry.by, None)
                    } else {
                        entry.by_name.clone()
                    }
                ),
            );
        }
        l.action(
            tr!(lang, "record.add_contact"),
            Action::Form(FormKind::Contact),
        );

        // Placements and their 1, 3 and 6-month follow-ups.
        l.section("record.placements");
        if r.placements.is_empty() {
            l.text(tr!(lang, "record.placements_none"));
        }
        let total = r.placements.len();
        for (i, placement) in r.placements.iter().enumerate() {
            let job = &placement.job;
            l.pair(
                tr!(lang, "record.placement_n", n = i + 1, total = total),
                tr!(
                    lang,
                    "record.placement_value",
                    title = job.job_title,
                    employer = job.employer,
                    kind = lang.work_kind(job.kind),
                    date = lang.date(job.started_on),
                    contract = lang.contract(job.contract),
                    pay = lang.amount(job.monthly_pay),
                    home = if job.home_based {
                        tr!(lang, "record.placement_home")
                    } else {
                        String::new()
                    },
                    stamp = stamp(&placement.stamp)
                ),
            );
            if placement.counts_as_placed() {
                l.text(tr!(lang, "record.placed", months = PLACED_AFTER_MONTHS));
            }
            for f in &placement.follow_ups {
                let value = match (f.done_on, f.still_working) {
                    (Some(done), Some(working)) => {
                        let mut v = tr!(
                            lang,
                            "record.follow_up_done",
                            date = lang.date(done),
                            working = if working {
                                tr!(lang, "record.still_working")
                            } else {
                                tr!(lang, "record.not_working")
                            }
                        );
                        if !f.note.is_empty() {
                            v.push_str(&tr!(lang, "record.step_outcome", outcome = f.note));
                        }
                        v
                    }
                    _ => due_short(lang, f.due_on, today),
                };
                l.pair(tr!(lang, "record.follow_up", months = f.months), value);
            }
            // The next follow-up not done can be recorded.
            if let Some(f) = placement.follow_ups.iter().find(|f| f.done_on.is_none()) {
                l.action(
                    tr!(
                        lang,
                        "record.record_follow_up",
                        months = f.months,
                        employer = job.employer
                    ),
                    Action::Form(FormKind::FollowUp {
                        placement_id: placement.id,
                        months: f.months,
                        employer: job.employer.clone(),
                    }),
                );
            }
        }
        l.action(
            tr!(lang, "record.add_placement"),
            Action::Form(FormKind::Placement),
        );

        // Applications (those made on the person's behalf included).
        l.section("record.applications");
        if r.applications.is_empty() {
            l.text(tr!(lang, "record.applications_none"));
        }
        let total = r.applications.len();
        for (i, a) in r.applications.iter().enumerate() {
            l.opening_pair(
                Action::Application(i),
                tr!(lang, "record.application_n", n = i + 1, total = total),
                tr!(
                    lang,
                    "record.application_value",
                    title = a.job_title,
                    employer = a.employer_name,
                    status = lang.application_status(a.status),
                    date = lang.day_of(a.submitted_at),
                    reference = a.reference
                ),
            );
        }
        // On the person's behalf: the store asks for their agreement.
        l.action(tr!(lang, "on_behalf.record_apply"), Action::ApplyFor);

        // Training places.
        l.section("record.training");
        if r.enrollments.is_empty() {
            l.text(tr!(lang, "record.training_none"));
        }
        let total = r.enrollments.len();
        for (i, e) in r.enrollments.iter().enumerate() {
            l.opening_pair(
                Action::Enrollment(i),
                tr!(lang, "record.training_n", n = i + 1, total = total),
                tr!(
                    lang,
                    "record.training_value",
                    title = e.course_title,
                    status = lang.enrollment_status(e.status)
                ),
            );
        }

        l.action(tr!(lang, "on_behalf.record_register"), Action::RegisterFor);

        // Recommendations made to the person.
        l.section("record.recommendations");
        if r.recommendations.is_empty() {
            l.text(tr!(lang, "record.recommendations_none"));
        }
        let total = r.recommendations.len();
        for (i, rec) in r.recommendations.iter().enumerate() {
            l.pair(
                tr!(lang, "record.recommendation_n", n = i + 1, total = total),
                tr!(
                    lang,
                    "record.recommendation_value",
                    title = rec.title,
                    seen = if rec.seen {
                        tr!(lang, "record.seen")
                    } else {
                        tr!(lang, "record.not_seen")
                    },
                    stamp = stamp(&rec.stamp)
                ),
            );
        }

        // Household, and the agreement to act for the person.
        l.section("record.household");
        match &r.household {
            Some((h, s)) => l.pairs(vec![
                (tr!(lang, "record.members"), h.members.to_string()),
                (
                    tr!(lang, "record.others_in_work"),
                    h.others_in_work.to_string(),
                ),
                (
                    tr!(lang, "record.zero_employment"),
                    yes_no(lang, h.zero_employment),
                ),
                (tr!(lang, "record.recorded"), stamp(s)),
            ]),
            None => l.text(tr!(lang, "record.household_none")),
        }
        l.action(
            tr!(lang, "record.edit_household"),
            Action::Form(FormKind::Household),
        );
        l.pair(
            tr!(lang, "record.agreement"),
            match &r.agreement {
                Some(s) => tr!(lang, "record.agreement_yes", stamp = stamp(s)),
                None => tr!(lang, "record.agreement_no"),
            },
        );
        l.action(
            if r.agreement.is_some() {
                tr!(lang, "record.withdraw_agreement")
            } else {
                tr!(lang, "record.record_agreement")
            },
            Action::Form(FormKind::Agreement),
        );
        (with_positions(lang, l.items), l.actions)
    }

    fn heading(&self, cx: &Cx<'_>) -> String {
        let lang = cx.lang;
        match &self.record {
            None => tr!(lang, "record.heading_loading", name = self.name),
            Some(r) => {
                let mut heading = tr!(
                    lang,
                    "record.heading",
                    name = r.profile.name,
                    status = lang.case_status(r.status())
                );
                let due = due_text(lang, r.next_due(), cx.today);
                if !due.is_empty() {
                    heading.push_str(lang.get("common.list_separator"));
                    heading.push_str(&due);
                }
                heading
            }
        }
    }

    fn load(&self, cx: &mut Cx<'_>) {
        cx.call(StoreCall::CaseRecord {
            by: Self::actor(cx),
            profile_id: self.profile_id,
        });
    }

    fn open_form(&self, kind: FormKind, cx: &mut Cx<'_>) {
        if let Some(r) = &self.record {
            let form = CaseForm::new(kind, r, cx);
            cx.push(form);
        }
    }
}

impl Screen for Record {
    fn view(&self, cx: &Cx<'_>) -> View {
        View {
            heading: self.heading(cx),
            items: self.lines(cx).0,
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

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        match self.lines(cx).1.get(self.focus).cloned().flatten() {
            Some(Action::Form(kind)) => self.open_form(kind, cx),
            Some(Action::Assign) => cx.call(StoreCall::Counselors),
            Some(Action::ApplyFor) => {
                cx.push(crate::ui::screens::jobs::Jobs::for_person(
                    self.profile_id,
                    self.name.clone(),
                ));
            }
            Some(Action::RegisterFor) => {
                cx.push(crate::ui::screens::training::Courses::for_person(
                    self.profile_id,
                    self.name.clone(),
                ));
            }
            Some(Action::Application(i)) => {
                if let Some(a) = self.record.as_ref().and_then(|r| r.applications.get(i)) {
                    let detail =
                        crate::ui::screens::applications::ApplicationDetail::new(a.clone())
                            .with_person(&self.name);
                    cx.push(detail);
                }
            }
            Some(Action::Enrollment(i)) => {
                if let Some(e) = self.record.as_ref().and_then(|r| r.enrollments.get(i)) {
                    let detail = crate::ui::screens::training::EnrollmentDetail::new(e.clone())
                        .with_person(&self.name);
                    cx.push(detail);
                }
            }
            None => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::CaseRecord(r)) => {
                self.name = r.profile.name.clone();
                self.record = Some(*r);
            }
            Ok(Done::Counselors(list)) => self.open_form(FormKind::Assign(list), cx),
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        match reply {
            Some(Reply::CaseChanged(r)) => self.record = Some(*r),
            // Back from applying or registering for the person (or from
            // changing an application): read the record again.
            None if self.record.is_some() => self.load(cx),
            _ => {}
        }
    }
}
