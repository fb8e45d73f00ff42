//! The staff desk: employers, postings, courses and their rosters, for
//! staff and administrators. Its store calls travel as one
//! [`StoreCall::Staff`](crate::ui::StoreCall) variant so the rest of the
//! interface needs to know nothing of them.

pub mod courses;
pub mod employers;
pub mod jobs;
pub mod roster;

use crate::domain::staff::{
    CourseCancel, CourseCancelled, EmployerRecord, EmployerSave, PostingChange, PostingChanged,
    Roster, RosterMarkRequest,
};
use crate::domain::{
    Actor, Course, Enrollment, Field, FieldError, Id, Job, NewCourse, NewJob, Page,
};
use crate::i18n::Lang;
use crate::store::{CourseQuery, Store, StoreError};
use crate::tr;

/// A store call of the staff desk.
#[derive(Debug, Clone, PartialEq)]
pub enum StaffCall {
    Employers(Actor),
    SaveEmployer(EmployerSave),
    PostJob(Actor, NewJob),
    EditJob(Actor, Id, NewJob),
    ChangePosting(PostingChange),
    Courses(CourseQuery),
    PostCourse(Actor, NewCourse),
    EditCourse(Actor, Id, NewCourse),
    CancelCourse(CourseCancel),
    Roster(Actor, Id),
    Mark(RosterMarkRequest),
}

/// The answer to a [`StaffCall`].
#[derive(Debug, Clone, PartialEq)]
pub enum StaffDone {
    Employers(Vec<EmployerRecord>),
    EmployerSaved(EmployerRecord),
    JobSaved(Box<Job>),
    PostingChanged(Box<PostingChanged>),
    Courses(Page<Course>),
    CourseSaved(Box<Course>),
    CourseCancelled(Box<CourseCancelled>),
    Roster(Box<Roster>),
    Marked(Enrollment),
}

impl StaffCall {
    pub fn kind(&self) -> &'static str {
        match self {
            StaffCall::Employers(_) => "staff_employers",
            StaffCall::SaveEmployer(_) => "staff_save_employer",
            StaffCall::PostJob(..) => "staff_post_job",
            StaffCall::EditJob(..) => "staff_edit_job",
            StaffCall::ChangePosting(_) => "staff_change_posting",
            StaffCall::Courses(_) => "staff_courses",
            StaffCall::PostCourse(..) => "staff_post_course",
            StaffCall::EditCourse(..) => "staff_edit_course",
            StaffCall::CancelCourse(_) => "staff_cancel_course",
            StaffCall::Roster(..) => "staff_roster",
            StaffCall::Mark(_) => "staff_mark",
        }
    }

    /// Whether the call carries a request id, so sending it again is safe.
    pub fn carries_request_id(&self) -> bool {
        matches!(
            self,
            StaffCall::SaveEmployer(_)
                | StaffCall::ChangePosting(_)
                | StaffCall::CancelCourse(_)
                | StaffCall::Mark(_)
        )
    }
}

/// Runs a staff call on a store.
pub fn execute(call: StaffCall, store: &dyn Store) -> Result<StaffDone, StoreError> {
    Ok(match call {
        StaffCall::Employers(by) => StaffDone::Employers(store.employer_records(by)?),
        StaffCall::SaveEmployer(save) => StaffDone::EmployerSaved(store.save_employer(&save)?),
        StaffCall::PostJob(by, job) => StaffDone::JobSaved(Box::new(store.post_job(by, job)?)),
        StaffCall::EditJob(by, id, job) => {
            StaffDone::JobSaved(Box::new(store.edit_job(by, id, job)?))
        }
        StaffCall::ChangePosting(c) => {
            StaffDone::PostingChanged(Box::new(store.change_posting(&c)?))
        }
        StaffCall::Courses(q) => StaffDone::Courses(store.search_courses(&q)?),
        StaffCall::PostCourse(by, c) => StaffDone::CourseSaved(Box::new(store.post_course(by, c)?)),
        StaffCall::EditCourse(by, id, c) => {
            StaffDone::CourseSaved(Box::new(store.edit_course(by, id, c)?))
        }
        StaffCall::CancelCourse(c) => {
            StaffDone::CourseCancelled(Box::new(store.cancel_course(&c)?))
        }
        StaffCall::Roster(by, id) => StaffDone::Roster(Box::new(store.roster(by, id)?)),
        StaffCall::Mark(m) => StaffDone::Marked(store.mark_roster(&m)?),
    })
}

/// Whether the one at the desk keeps the staff desk.
pub fn is_staff(actor: Option<Actor>) -> bool {
    actor.is_some_and(Actor::sees_everyone)
}

/// The form field a domain field is on, in the staff forms.
pub(crate) fn field_id(field: Field) -> &'static str {
    match field {
        Field::Name => "name",
        Field::ContactPerson => "contact_person",
        Field::Phone => "phone",
        Field::Address => "address",
        Field::Accessibility => "accessibility",
        Field::District => "district",
        Field::Title => "title",
        Field::Provider => "provider",
        Field::Salary => "salary_max",
        Field::Openings => "openings",
        Field::Dates => "closes",
        Field::Capacity => "capacity",
        Field::Hours => "hours",
        Field::Fee => "fee",
        Field::Employer => "employer",
        _ => "description",
    }
}

/// "Phone: required" for a field of a staff form, with the form's label.
pub(crate) fn error_line(lang: Lang, error: &FieldError) -> String {
    crate::ui::screens::field_error(lang, error)
}

/// The sentence said when a form has errors: the first, and how many.
pub(crate) fn errors_sentence(lang: Lang, errors: &[(&'static str, String)]) -> String {
    let first = errors.first().map(|(_, m)| m.clone()).unwrap_or_default();
    if errors.len() == 1 {
        first
    } else {
        tr!(lang, "form.problems", n = errors.len(), first = first)
    }
}
