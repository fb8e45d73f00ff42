//! Who may register for a massage-therapy course, and why not.
//! The answer is a list of reasons, each with what would fix it,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certificate::sample;
    use crate::domain::{District, Format, Track};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn course(level: Option<MassageLevel>, requires_previous: bool) -> Course {
        let start = today() + chrono::Duration::days(30);
        Course {
            id: 1,
            title: "t".into(),
            track: Track::HealthMassage,
            level,
            provider: "p".into(),
            district: District::Shinan,
            address: String::new(),
            directions: String::new(),
            starts_on: start,
            ends_on: start + chrono::Duration::days(60),
            enroll_by: start - chrono::Duration::days(3),
            hours: 100,
            fee_yuan: 0,
            subsidy: String::new(),
            capacity: 10,
            formats: vec![Format::Braille],
            assessment: String::new(),
            leads_to: String::new(),
            requires_previous_level: requires_previous,
            min_age: Some(16),
            max_age: Some(60),
            min_education: None,
            description: String::new(),
            seats_taken: 0,
            waiting: 0,
            cancelled_on: None,
        }
    }

    fn person(category: DisabilityCategory, born: i32) -> Profile {
        Profile {
            name: "x".into(),
            certificate: sample(
                "370202",
                NaiveDate::from_ymd_opt(born, 6, 1).unwrap(),
                7,
                category,
                2,
            ),
            education: Some(Education::JuniorSecondary),
            ..Profile::default()
        }
    }

    #[test]
    fn eligibility_table() {
        let level5 = course(Some(MassageLevel::Five), false);
        let level4 = course(Some(MassageLevel::Four), true);
        let mut senior = course(None, false);
        senior.min_education = Some(Education::SeniorSecondary);
        let visual = person(DisabilityCategory::Visual, 1990);
        let with_level5 = Profile {
            massage_level: Some(MassageLevel::Five),
            ..visual.clone()
        };
        let with_level3 = Profile {
            massage_level: Some(MassageLevel::Three),
            ..visual.clone()
        };
        let multiple = person(DisabilityCategory::Multiple, 1990);
        let confirmed = Profile {
            visual_component_confirmed: true,
            ..multiple.clone()
        };
        let expired = Profile {
            certificate_valid_until: Some(today() - chrono::Duration::days(1)),
            ..visual.clone()
        };
        let cases: Vec<(&str, &Course, Profile, Vec<Reason>)> = vec![
            ("visual, entry level", &level5, visual.clone(), vec![]),
            (
                "no certificate",
                &level5,
                Profile::default(),
                vec![Reason::NoCertificate],
            ),
            (
                "hearing",
                &level5,
                person(DisabilityCategory::Hearing, 1990),
                vec![Reason::NotVisual {
                    category: DisabilityCategory::Hearing,
                }],
            ),
            (
                "multiple, unconfirmed",
                &level5,
                multiple,
                vec![Reason::VisualComponentUnconfirmed],
            ),
            ("multiple, confirmed", &level5, confirmed, vec![]),
            (
                "expired certificate",
                &level5,
                expired,
                vec![Reason::CertificateExpired {
                    on: today() - chrono::Duration::days(1),
                }],
            ),
            (
                "level 4 without level 5",
                &level4,
                visual.clone(),
                vec![Reason::NeedsLevel {
                    level: MassageLevel::Five,
                }],
            ),
            ("level 4 with level 5", &level4, with_level5, vec![]),
            ("level 4 with a higher level", &level4, with_level3, vec![]),
            (
                "too young",
                &level5,
                person(DisabilityCategory::Visual, 2012),
                vec![Reason::TooYoung { min: 16, age: 14 }],
            ),
            (
                "too old",
                &level5,
                person(DisabilityCategory::Visual, 1950),
                vec![Reason::TooOld { max: 60, age: 76 }],
            ),
            (
                "education below",
                &senior,
                visual.clone(),
                vec![Reason::EducationBelow {
                    min: Education::SeniorSecondary,
                }],
            ),
            (
                "education missing",
                &senior,
                Profile {
                    education: None,
                    ..visual.clone()
                },
                vec![Reason::EducationBelow {
                    min: Education::SeniorSecondary,
                }],
            ),
        ];
        for (name, course, profile, expected) in cases {
            assert_eq!(check(course, &profile, today()), expected, "{name}");
        }
    }

    #[test]
    fn several_reasons_are_all_given() {
        let level4 = course(Some(MassageLevel::Four), true);
        let reasons = check(
            &level4,
            &person(DisabilityCategory::Physical, 2015),
            today(),
        );
        assert_eq!(reasons.len(), 3, "{reasons:?}");
    }
}
