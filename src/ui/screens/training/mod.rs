//! Massage-therapy training: the course list with filters, a course with
//! its eligibility explained, registration and the waitlist, and My
//! training with cancellation.

mod course_detail;
mod courses;
mod my_training;

pub use course_detail::CourseDetail;
pub use courses::{CourseFilters, Courses};
pub use my_training::{EnrollmentDetail, MyTraining};

use crate::domain::eligibility::Reason;
use crate::domain::{Course, Enrollment, EnrollmentStatus};
use crate::i18n::Lang;
use crate::tr;

/// "2 seats left", "1 seat left", "full, 3 waiting".
pub fn seats_text(lang: Lang, course: &Course) -> String {
    match course.seats_left() {
        0 if course.waiting == 0 => tr!(lang, "training.full_none_waiting"),
        0 => tr!(lang, "training.full", n = course.waiting),
        1 => tr!(lang, "training.one_seat"),
        n => tr!(lang, "training.seats", n = n),
    }
}

/// What is wrong and what would fix it, in one or two sentences.
pub fn reason_sentence(lang: Lang, reason: &Reason) -> String {
    match reason {
        Reason::NoCertificate => tr!(lang, "eligibility.no_certificate"),
        Reason::NotVisual { category } => tr!(
            lang,
            "eligibility.not_visual",
            category = lang.category(*category)
        ),
        Reason::VisualComponentUnconfirmed => tr!(lang, "eligibility.visual_unconfirmed"),
        Reason::CertificateExpired { on } => {
            tr!(lang, "eligibility.expired", date = lang.date(*on))
        }
        Reason::NeedsLevel { level } => tr!(
            lang,
            "eligibility.needs_level",
            level = lang.massage_level(*level)
        ),
        Reason::TooYoung { min, age } => tr!(lang, "eligibility.too_young", min = min, age = age),
        Reason::TooOld { max, age } => tr!(lang, "eligibility.too_old", max = max, age = age),
        Reason::EducationBelow { min } => {
            tr!(lang, "eligibility.education", min = lang.education(*min))
        }
    }
}

/// "Registered", or "On the waitlist, number 2".
pub fn enrollment_status_text(lang: Lang, e: &Enrollment) -> String {
    match (e.status, e.waitlist_position) {
        (EnrollmentStatus::Waitlisted, Some(n)) => tr!(lang, "training.waitlisted_at", n = n),
        (status, _) => lang.enrollment_status(status).to_string(),
    }
}
