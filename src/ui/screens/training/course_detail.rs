//! One course as `Label: value` lines, its eligibility explained in words
//! before anything is registered, then register or join the waitlist.

use crate::domain::eligibility::{self, Reason};
use crate::domain::{Actor, Course, Enrollment, EnrollmentStatus, Id, Profile};
use crate::keymap::Command;
use crate::store::{RegisterRequest, StoreError, new_request_id};
use crate::tr;
use crate::ui::confirm::{self, Confirm};
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::super::numbered;
use super::super::recommend::{ChoosePeople, Purpose};
use super::{reason_sentence, seats_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Register,
    CompleteProfile,
    MyTraining,
    /// Counselors (and staff): to people of their caseload.
    Recommend,
    RegisterFor,
}

#[derive(Debug)]
pub struct CourseDetail {
    course: Course,
    profile: Option<Profile>,
    enrollment: Option<Enrollment>,
    focus: usize,
    confirm: Option<Confirm>,
    request_id: String,
    /// A counselor registering a person of their caseload (their profile
    /// id and name); None: the jobseeker for themself.
    person: Option<(Id, String)>,
}

impl CourseDetail {
    pub fn new(course: Course) -> Self {
        CourseDetail {
            course,
            profile: None,
            enrollment: None,
            focus: 0,
            confirm: None,
            request_id: new_request_id(),
            person: None,
        }
    }

    /// A counselor registers a person who agreed to that: the course with
    /// the person's eligibility, registered in their name by the
    /// counselor.
    pub fn for_person(course: Course, profile_id: Id, name: String) -> Self {
        CourseDetail {
            person: Some((profile_id, name)),
            ..CourseDetail::new(course)
        }
    }

    /// Whose registration this page is about.
    fn profile_id(&self, cx: &Cx<'_>) -> Option<Id> {
        self.person.as_ref().map(|(id, _)| *id).or(cx.user)
    }

    fn person_name(&self) -> &str {
        self.person.as_ref().map_or("", |(_, n)| n.as_str())
    }

    fn reasons(&self, cx: &Cx<'_>) -> Option<Vec<Reason>> {
        self.profile
            .as_ref()
            .map(|p| eligibility::check(&self.course, p, cx.today))
    }

    fn items(&self, cx: &Cx<'_>) -> (Vec<Item>, Vec<Option<Action>>) {
        let lang = cx.lang;
        let c = &self.course;
        let mut prerequisites = Vec::new();
        if c.requires_previous_level
            && let Some(level) = c.level.and_then(|l| l.previous())
        {
            prerequisites.push(tr!(
                lang,
                "course.needs_level",
                level = lang.massage_level(level)
            ));
        }
        if let Some(e) = c.min_education {
            prerequisites.push(tr!(
                lang,
                "course.needs_education",
                education = lang.education(e)
            ));
        }
        if let (Some(min), Some(max)) = (c.min_age, c.max_age) {
            prerequisites.push(tr!(lang, "course.needs_age", min = min, max = max));
        }
        prerequisites.push(tr!(lang, "course.needs_visual"));
        let track = match c.level {
            Some(level) => tr!(
                lang,
                "course.track_level",
                track = lang.track(c.track),
                level = lang.massage_level(level)
            ),
            None => lang.track(c.track).to_string(),
        };
        let formats: Vec<&str> = c.formats.iter().map(|f| lang.format_name(*f)).collect();
        let fee = if c.fee_yuan == 0 {
            tr!(lang, "course.free")
        } else {
            tr!(lang, "common.salary_one", amount = lang.amount(c.fee_yuan))
        };
        let lines = vec![
            (tr!(lang, "course.title"), c.title.clone()),
            (tr!(lang, "course.seats"), seats_text(lang, c)),
            (tr!(lang, "course.provider"), c.provider.clone()),
            (tr!(lang, "course.track"), track),
            (
                tr!(lang, "course.dates"),
                tr!(
                    lang,
                    "course.date_range",
                    start = lang.date(c.starts_on),
                    end = lang.date(c.ends_on)
                ),
            ),
            (tr!(lang, "course.hours"), c.hours.to_string()),
            (tr!(lang, "course.deadline"), lang.date(c.enroll_by)),
            (tr!(lang, "course.fee"), fee),
            (tr!(lang, "course.subsidy"), c.subsidy.clone()),
            (
                tr!(lang, "course.district"),
                lang.district(c.district).to_string(),
            ),
            (tr!(lang, "course.address"), c.address.clone()),
            (tr!(lang, "course.directions"), c.directions.clone()),
            (
                tr!(lang, "course.formats"),
                formats.join(lang.get("common.list_separator")),
            ),
            (tr!(lang, "course.assessment"), c.assessment.clone()),
            (tr!(lang, "course.leads_to"), c.leads_to.clone()),
            (
                tr!(lang, "course.prerequisites"),
                prerequisites.join(lang.get("common.sentence_separator")),
            ),
            (tr!(lang, "course.description"), c.description.clone()),
        ];
        let mut items = numbered(lang, lines);
        let mut actions = vec![None; items.len()];
        let mut push = |item: Item, action: Option<Action>| {
            items.push(item);
            actions.push(action);
        };
        let name = self.person_name();
        // Registering is a jobseeker's own act, like applying; a counselor
        // recommends the course, or registers someone who agreed to that.
        if self.person.is_some() {
            push(
                Item::new(
                    ItemKind::Text,
                    tr!(lang, "on_behalf.registering", name = name),
                ),
                None,
            );
            self.person_items(cx, &mut push);
        } else if !cx.is_jobseeker() {
            if cx.keeps_cases() {
                push(
                    Item::new(ItemKind::Row, tr!(lang, "recommend.course_action")),
                    Some(Action::Recommend),
                );
                push(
                    Item::new(ItemKind::Row, tr!(lang, "on_behalf.course_action")),
                    Some(Action::RegisterFor),
                );
            }
        } else if let Some(e) = self.enrollment.as_ref().filter(|e| e.status.is_open()) {
            push(
                Item::new(
                    ItemKind::Text,
                    tr!(
                        lang,
                        "course.already",
                        status = super::enrollment_status_text(lang, e)
                    ),
                ),
                None,
            );
            push(
                Item::new(ItemKind::Row, tr!(lang, "course.open_my_training")),
                Some(Action::MyTraining),
            );
        } else {
            match self.reasons(cx) {
                // At a kiosk nobody is known until they log in; the
                // profile screen asks them to, then comes back here.
                None if cx.user.is_none() && cx.kiosk => {
                    push(
                        Item::new(ItemKind::Row, tr!(lang, "kiosk.log_in_to_register")),
                        Some(Action::CompleteProfile),
                    );
                }
                None if cx.user.is_none() => {
                    push(
                        Item::new(ItemKind::Text, tr!(lang, "eligibility.no_profile")),
                        None,
                    );
                    push(
                        Item::new(ItemKind::Row, tr!(lang, "apply.complete_profile")),
                        Some(Action::CompleteProfile),
                    );
                }
                None => push(Item::new(ItemKind::Text, tr!(lang, "common.loading")), None),
                Some(reasons) if reasons.is_empty() => {
                    push(
                        Item::new(ItemKind::Text, tr!(lang, "eligibility.eligible")),
                        None,
                    );
                    let label = if c.seats_left() > 0 {
                        tr!(lang, "course.register")
                    } else {
                        tr!(lang, "course.join_waitlist", n = c.waiting + 1)
                    };
                    push(Item::new(ItemKind::Row, label), Some(Action::Register));
                }
                Some(reasons) => {
                    push(
                        Item::new(
                            ItemKind::Text,
                            lang.count(
                                "eligibility.not_eligible_one",
                                "eligibility.not_eligible",
                                reasons.len() as u64,
                            ),
                        ),
                        None,
                    );
                    for r in &reasons {
                        push(Item::new(ItemKind::Text, reason_sentence(lang, r)), None);
                    }
                    push(
                        Item::new(ItemKind::Row, tr!(lang, "eligibility.update_profile")),
                        Some(Action::CompleteProfile),
                    );
                }
            }
        }
        (crate::ui::screens::with_positions(lang, items), actions)
    }

    /// The registration lines of a person registered by their counselor:
    /// what they hold already, or whether they are eligible and the way to
    /// register them. Their profile is completed in their record, not here.
    fn person_items(&self, cx: &Cx<'_>, push: &mut impl FnMut(Item, Option<Action>)) {
        let lang = cx.lang;
        let c = &self.course;
        let name = self.person_name();
        if let Some(e) = self.enrollment.as_ref().filter(|e| e.status.is_open()) {
            push(
                Item::new(
                    ItemKind::Text,
                    tr!(
                        lang,
                        "on_behalf.already",
                        name = name,
                        status = super::enrollment_status_text(lang, e)
                    ),
                ),
                None,
            );
            return;
        }
        match self.reasons(cx) {
            None => push(Item::new(ItemKind::Text, tr!(lang, "common.loading")), None),
            Some(reasons) if reasons.is_empty() => {
                push(
                    Item::new(ItemKind::Text, tr!(lang, "on_behalf.eligible", name = name)),
                    None,
                );
                let label = if c.seats_left() > 0 {
                    tr!(lang, "on_behalf.register_action", name = name)
                } else {
                    tr!(
                        lang,
                        "on_behalf.waitlist_action",
                        name = name,
                        n = c.waiting + 1
                    )
                };
                push(Item::new(ItemKind::Row, label), Some(Action::Register));
            }
            Some(reasons) => {
                let head = if reasons.len() == 1 {
                    tr!(lang, "on_behalf.not_eligible_one", name = name)
                } else {
                    tr!(
                        lang,
                        "on_behalf.not_eligible",
                        name = name,
                        n = reasons.len()
                    )
                };
                push(Item::new(ItemKind::Text, head), None);
                for r in &reasons {
                    push(Item::new(ItemKind::Text, reason_sentence(lang, r)), None);
                }
            }
        }
    }

    fn reload(&self, cx: &mut Cx<'_>) {
        cx.call(StoreCall::Course(self.course.id));
        if let Some(id) = self.profile_id(cx) {
            cx.call(StoreCall::Profile(id));
            cx.call(StoreCall::Enrollments(id));
        }
    }

    /// Focus the register (or status) line: where the reader wants to be
    /// after the course changed.
    fn focus_action(&mut self, cx: &Cx<'_>) {
        let (_, actions) = self.items(cx);
        if let Some(i) = actions.iter().position(Option::is_some) {
            self.focus = i.saturating_sub(1);
        }
    }
}

impl Screen for CourseDetail {
    fn view(&self, cx: &Cx<'_>) -> View {
        let lang = cx.lang;
        if let Some(confirm) = &self.confirm {
            return confirm.view(lang, tr!(lang, "course.confirm_heading"));
        }
        View {
            heading: match &self.person {
                Some((_, name)) => tr!(
                    lang,
                    "on_behalf.register_heading",
                    name = name,
                    title = self.course.title,
                    seats = seats_text(lang, &self.course)
                ),
                None => tr!(
                    lang,
                    "course.heading",
                    title = self.course.title,
                    seats = seats_text(lang, &self.course)
                ),
            },
            items: self.items(cx).0,
            focus: self.focus,
        }
    }

    fn focus(&self) -> usize {
        confirm::focus(&self.confirm, self.focus)
    }

    fn set_focus(&mut self, focus: usize) {
        confirm::set_focus(&mut self.confirm, &mut self.focus, focus);
    }

    fn opened(&mut self, cx: &mut Cx<'_>) {
        self.reload(cx);
    }

    fn resumed(&mut self, _reply: Option<Reply>, cx: &mut Cx<'_>) {
        self.reload(cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        let lang = cx.lang;
        match confirm::handle(&mut self.confirm, command, cx, |lang| {
            tr!(lang, "course.not_registered")
        }) {
            confirm::Outcome::Yes => {
                if let Some(id) = self.profile_id(cx) {
                    let by = match &self.person {
                        Some(_) => cx.actor.unwrap_or(Actor::System),
                        None => Actor::Jobseeker(id),
                    };
                    cx.call(StoreCall::Register(RegisterRequest {
                        request_id: self.request_id.clone(),
                        course_id: self.course.id,
                        profile_id: id,
                        by,
                    }));
                }
                return true;
            }
            confirm::Outcome::Handled => return true,
            confirm::Outcome::NotMine => return false,
            confirm::Outcome::NoQuestion => {}
        }
        if command != Command::Activate {
            return false;
        }
        match self.items(cx).1.get(self.focus).copied().flatten() {
            Some(Action::Register) => {
                let c = &self.course;
                let name = self.person_name();
                let question = if self.person.is_some() && c.seats_left() > 0 {
                    tr!(
                        lang,
                        "on_behalf.register_question",
                        name = name,
                        title = c.title,
                        date = lang.date(c.starts_on)
                    )
                } else if self.person.is_some() {
                    tr!(
                        lang,
                        "on_behalf.waitlist_question",
                        name = name,
                        title = c.title,
                        n = c.waiting + 1
                    )
                } else if c.seats_left() > 0 {
                    tr!(
                        lang,
                        "course.question",
                        title = c.title,
                        date = lang.date(c.starts_on)
                    )
                } else {
                    tr!(
                        lang,
                        "course.question_waitlist",
                        title = c.title,
                        n = c.waiting + 1
                    )
                };
                self.confirm = Some(Confirm::new(
                    question,
                    tr!(lang, "course.yes"),
                    tr!(lang, "course.no"),
                ));
            }
            Some(Action::CompleteProfile) => {
                cx.push(crate::ui::screens::profile::ProfileScreen::default())
            }
            Some(Action::MyTraining) => cx.push(super::MyTraining::default()),
            Some(Action::Recommend) => {
                cx.push(ChoosePeople::new(Purpose::recommend_course(&self.course)))
            }
            Some(Action::RegisterFor) => cx.push(ChoosePeople::new(Purpose::RegisterFor(
                Box::new(self.course.clone()),
            ))),
            None => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        let lang = cx.lang;
        match result {
            Ok(Done::Course(c)) => self.course = *c,
            Ok(Done::Profile(p)) => self.profile = Some(*p),
            Ok(Done::Enrollments(list)) => {
                self.enrollment = list
                    .into_iter()
                    .find(|e| e.course_id == self.course.id && e.status.is_open());
            }
            Ok(Done::Registered(e)) => {
                let name = self.person_name().to_string();
                cx.announce(match (e.status, e.waitlist_position) {
                    (EnrollmentStatus::Waitlisted, Some(n)) if self.person.is_some() => tr!(
                        lang,
                        "on_behalf.waitlisted",
                        name = name,
                        title = e.course_title,
                        n = n
                    ),
                    _ if self.person.is_some() => tr!(
                        lang,
                        "on_behalf.registered",
                        name = name,
                        title = e.course_title,
                        date = lang.date(self.course.starts_on)
                    ),
                    (EnrollmentStatus::Waitlisted, Some(n)) => {
                        tr!(lang, "course.waitlisted", title = e.course_title, n = n)
                    }
                    _ => tr!(
                        lang,
                        "course.registered",
                        title = e.course_title,
                        date = lang.date(self.course.starts_on)
                    ),
                });
                self.enrollment = Some(e);
                self.request_id = new_request_id();
                cx.call(StoreCall::Course(self.course.id));
                self.focus_action(cx);
            }
            Ok(_) => {}
            Err(StoreError::NoAgreement) => {
                let name = self.person_name();
                cx.announce(tr!(lang, "on_behalf.no_agreement", name = name));
            }
            Err(e) => {
                cx.announce_error(&e);
                self.request_id = new_request_id();
                self.reload(cx);
            }
        }
    }
}
