//! Who may register for a massage-therapy course, and why not (DESIGN.md
//! section 5). The answer is a list of reasons, each with what would fix it,
//! so the interface can explain instead of just refusing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::certificate::{CertificateNumber, DisabilityCategory};
use super::model::{Course, Education, MassageLevel, Profile};

/// One reason a person cannot register yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// No (valid) certificate number in the profile.
    NoCertificate,
    /// Massage training is for people with a visual disability.
    NotVisual {
        category: DisabilityCategory,
    },
    /// A multiple disability whose visual component is not confirmed.
    VisualComponentUnconfirmed,
    /// The disability certificate has expired.
    CertificateExpired {
        on: NaiveDate,
    },
    /// The course needs the previous level's certificate.
    NeedsLevel {
        level: MassageLevel,
    },
    TooYoung {
        min: u32,
        age: u32,
    },
    TooOld {
        max: u32,
        age: u32,
    },
    EducationBelow {
        min: Education,
    },
}

/// Checks a profile against a course on a given day. Empty means eligible.
pub fn check(course: &Course, profile: &Profile, today: NaiveDate) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let certificate = CertificateNumber::parse(&profile.certificate, today).ok();
    match &certificate {
        None => reasons.push(Reason::NoCertificate),
        Some(cert) => match cert.category() {
            DisabilityCategory::Visual => {}
            DisabilityCategory::Multiple if profile.visual_component_confirmed => {}
            DisabilityCategory::Multiple => reasons.push(Reason::VisualComponentUnconfirmed),
            category => reasons.push(Reason::NotVisual { category }),
        },
    }
    if let Some(until) = profile.certificate_valid_until
        && until < today
    {
        reasons.push(Reason::CertificateExpired { on: until });
    }
    if course.requires_previous_level
        && let Some(needed) = course.level.and_then(MassageLevel::previous)
    {
        // A lower number is a higher level: holding level 3 covers level 4.
        let held = profile.massage_level.map(MassageLevel::number);
        if held.is_none_or(|n| n > needed.number()) {
            reasons.push(Reason::NeedsLevel { level: needed });
        }
    }
    if let Some(cert) = &certificate {
        let age = cert.age_on(today);
        if let Some(min) = course.min_age
            && age < min
        {
            reasons.push(Reason::TooYoung { min, age });
        }
        if let Some(max) = course.max_age
            && age > max
        {
            reasons.push(Reason::TooOld { max, age });
        }
    }
    if let Some(min) = course.min_education
        && profile.education.is_none_or(|e| e < min)
    {
        reasons.push(Reason::EducationBelow { min });
    }
    reasons
}
