//! One job as `Label: value` lines, then what the reader can do with it.
//! Medical-massage posts warn an applicant without the practice certificate
//! and point to the exam-preparation course.

use crate::domain::{Actor, Course, Job, Profile, Track};
use crate::keymap::Command;
use crate::store::{CourseQuery, StoreError};
use crate::tr;
use crate::ui::view::{Item, ItemKind, View};
use crate::ui::{Cx, Done, Reply, Screen, StoreCall};

use super::recommend::{ChoosePeople, Purpose};
use super::{numbered, yes_no};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Apply,
    ExamCourse,
    /// Counselors (and staff): to people of their caseload.
    Recommend,
    ApplyFor,
    /// For the person the page was opened for.
    ApplyForPerson,
    /// Staff and administrators: the applications, acting for the employer.
    Applications,
    /// Staff and administrators: edit, close, reopen.
    Staff(super::staff::jobs::JobAction),
}

#[derive(Debug)]
pub struct JobDetail {
    job: Job,
    profile: Option<Profile>,
    exam_course: Option<Course>,
    focus: usize,
    /// Opened for a person of the counselor's caseload (their profile id
    /// and name): the line to act on applies for them.
    person: Option<(crate::domain::Id, String)>,
}

impl JobDetail {
    pub fn new(job: Job) -> Self {
        JobDetail {
            job,
            profile: None,
            exam_course: None,
            focus: 0,
            person: None,
        }
    }

    /// The job as a counselor reads it for a person of their caseload.
    pub fn for_person(self, profile_id: crate::domain::Id, name: String) -> Self {
        JobDetail {
            person: Some((profile_id, name)),
            ..self
        }
    }

    /// Medical massage, and the profile does not show the certificate.
    fn needs_certificate_warning(&self) -> bool {
        self.job.requires_practice_certificate
            && !self
                .profile
                .as_ref()
                .is_some_and(|p| p.practice_certificate)
    }

    fn items(&self, cx: &Cx<'_>) -> (Vec<Item>, Vec<Option<Action>>) {
        let lang = cx.lang;
        let j = &self.job;
        let lines = vec![
            (tr!(lang, "job.title"), j.title.clone()),
            (tr!(lang, "job.employer"), j.employer_name.clone()),
            (tr!(lang, "job.kind"), lang.work_kind(j.kind).to_string()),
            (
                tr!(lang, "job.district"),
                lang.district(j.district).to_string(),
            ),
            (tr!(lang, "job.address"), j.address.clone()),
            (
                tr!(lang, "job.salary"),
                lang.salary(j.salary_min, j.salary_max),
            ),
            (tr!(lang, "job.openings"), j.openings.to_string()),
            (tr!(lang, "job.suits_visual"), yes_no(lang, j.suits_visual)),
            (tr!(lang, "job.remote"), yes_no(lang, j.remote)),
            (tr!(lang, "job.posted"), lang.date(j.posted_on)),
            (tr!(lang, "job.closes"), lang.date(j.closes_on)),
            (tr!(lang, "job.description"), j.description.clone()),
            (tr!(lang, "job.accommodations"), j.accommodations.clone()),
            (tr!(lang, "job.how_to_apply"), j.how_to_apply.clone()),
        ];
        let mut items = numbered(lang, lines);
        let mut actions = vec![None; items.len()];
        if j.requires_practice_certificate {
            let text = if self.needs_certificate_warning() {
                tr!(lang, "job.medical_warning")
            } else {
                tr!(lang, "job.medical_ok")
            };
            items.push(Item::new(ItemKind::Text, text));
            actions.push(None);
            if self.needs_certificate_warning() {
                items.push(Item::new(ItemKind::Text, tr!(lang, "job.medical_route")));
                actions.push(None);
                if let Some(course) = &self.exam_course {
                    items.push(Item::new(
                        ItemKind::Row,
                        tr!(
                            lang,
                            "job.exam_course",
                            title = course.title,
                            date = lang.date(course.starts_on)
                        ),
                    ));
                    actions.push(Some(Action::ExamCourse));
                }
            }
        }
        // Applying is a jobseeker's own act; a counselor recommends the
        // job, or applies for someone who agreed to that.
        if let Some((_, name)) = &self.person {
            items.push(Item::new(
                ItemKind::Row,
                tr!(lang, "on_behalf.apply_for_person", name = name),
            ));
            actions.push(Some(Action::ApplyForPerson));
        } else if cx.is_jobseeker() {
            items.push(Item::new(ItemKind::Row, tr!(lang, "job.apply")));
            actions.push(Some(Action::Apply));
        } else if cx.keeps_cases() {
            items.push(Item::new(ItemKind::Row, tr!(lang, "recommend.job_action")));
            actions.push(Some(Action::Recommend));
            items.push(Item::new(ItemKind::Row, tr!(lang, "on_behalf.job_action")));
            actions.push(Some(Action::ApplyFor));
            if matches!(cx.actor, Some(Actor::Staff(_) | Actor::Admin(_))) {
                items.push(Item::new(
                    ItemKind::Row,
                    tr!(lang, "employer_side.job_action"),
                ));
                actions.push(Some(Action::Applications));
            }
        }
        if super::staff::is_staff(cx.actor) && self.person.is_none() {
            for (item, action) in super::staff::jobs::job_actions(lang, j) {
                items.push(item);
                actions.push(Some(Action::Staff(action)));
            }
        }
        (crate::ui::screens::with_positions(lang, items), actions)
    }
}

impl Screen for JobDetail {
    fn view(&self, cx: &Cx<'_>) -> View {
        View {
            heading: tr!(
                cx.lang,
                "job.heading",
                title = self.job.title,
                employer = self.job.employer_name
            ),
            items: self.items(cx).0,
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
        if self.job.requires_practice_certificate {
            if let Some(user) = cx.user {
                cx.call(StoreCall::Profile(user));
            }
            cx.call(StoreCall::SearchCourses(CourseQuery {
                tracks: vec![Track::MedicalExamPrep],
                page_size: 1,
                ..CourseQuery::default()
            }));
        }
    }

    fn resumed(&mut self, reply: Option<Reply>, cx: &mut Cx<'_>) {
        if reply == Some(Reply::ProfileSaved) {
            self.opened(cx);
        }
        // Staff may have edited, closed or reopened it.
        if super::staff::is_staff(cx.actor) {
            cx.call(StoreCall::Job(self.job.id));
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> bool {
        if command != Command::Activate {
            return false;
        }
        match self.items(cx).1.get(self.focus).copied().flatten() {
            Some(Action::Apply) => cx.push(super::apply::ApplyScreen::new(self.job.clone())),
            Some(Action::Recommend) => {
                cx.push(ChoosePeople::new(Purpose::recommend_job(&self.job)))
            }
            Some(Action::ApplyForPerson) => {
                if let Some((id, name)) = &self.person {
                    cx.push(super::apply::ApplyScreen::for_person(
                        self.job.clone(),
                        *id,
                        name.clone(),
                    ));
                }
            }
            Some(Action::ApplyFor) => cx.push(ChoosePeople::new(Purpose::ApplyFor(Box::new(
                self.job.clone(),
            )))),
            Some(Action::ExamCourse) => {
                if let Some(course) = &self.exam_course {
                    cx.push(super::training::CourseDetail::new(course.clone()));
                }
            }
            Some(Action::Applications) => cx.push(super::employer::JobApplicants::new(
                self.job.id,
                &self.job.title,
                Some(self.job.employer_name.clone()),
            )),
            Some(Action::Staff(action)) => super::staff::jobs::job_action(action, &self.job, cx),
            None => return false,
        }
        true
    }

    fn done(&mut self, result: Result<Done, StoreError>, cx: &mut Cx<'_>) {
        match result {
            Ok(Done::Profile(p)) => self.profile = Some(*p),
            Ok(Done::Courses(page)) => self.exam_course = page.items.into_iter().next(),
            Ok(Done::Job(job)) => self.job = *job,
            Ok(_) => {}
            Err(e) => cx.announce_error(&e),
        }
    }
}
