//! Field-by-field validation of what people type. Each failure names the
//! field and the problem, so the interface can say both and move focus there.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::certificate::{CertificateError, CertificateNumber};
use super::contact::{MobileError, MobileNumber};
use super::model::{NewCourse, NewJob, Profile};
use super::text::{self, TextError};
use crate::named_enum;

/// Length limits, in characters.
pub mod limits {
    pub const NAME: usize = 40;
    pub const SHORT: usize = 100;
    pub const TITLE: usize = 80;
    pub const LONG: usize = 2000;
    pub const NOTE: usize = 500;
    pub const SEARCH: usize = 60;
    pub const CERTIFICATE: usize = 24;
    pub const MOBILE: usize = 20;
}

named_enum! {
    /// A field of a form or record, named in errors.
    pub enum Field {
        Name => "name",
        Mobile => "mobile",
        Certificate => "certificate",
        District => "district",
        Education => "education",
        BrailleReader => "braille_reader",
        Formats => "formats",
        DesiredWork => "desired_work",
        Needs => "needs",
        Plan => "plan",
        Consent => "consent",
        Note => "note",
        Search => "search",
        SalaryFrom => "salary_from",
        PostedWithin => "posted_within",
        Title => "title",
        Description => "description",
        Address => "address",
        Employer => "employer",
        Salary => "salary",
        Dates => "dates",
        Capacity => "capacity",
        Provider => "provider",
        Pin => "pin",
        Login => "login",
        Openings => "openings",
        Hours => "hours",
        Fee => "fee",
        Age => "age",
        Places => "places",
        YearsWorked => "years_worked",
        Basis => "basis",
        Outcome => "outcome",
        Members => "members",
        OthersInWork => "others_in_work",
        Pay => "pay",
        Months => "months",
        Counselor => "counselor",
        Role => "role",
        Center => "center",
        ContactPerson => "contact_person",
        Phone => "phone",
        Accessibility => "accessibility",
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
        found: usize,
    },
    ControlCharacter {
        position: usize,
    },
    Certificate {
        error: CertificateError,
    },
    Mobile {
        error: MobileError,
    },
    UnknownDistrict,
    NotANumber,
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// Start, end and deadline are in the wrong order.
    DateOrder,
    /// Another person's profile already holds this number.
    HeldByAnother,
    /// Too many accent marks stacked on one character.
    StackedMarks {
        position: usize,
    },
}

/// One invalid field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field}: {problem:?}")]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }

    pub fn from_text(field: Field, error: TextError) -> Self {
        let problem = match error {
            TextError::Empty => Problem::Required,
            TextError::TooLong { max, found } => Problem::TooLong { max, found },
            TextError::ControlCharacter { position } => Problem::ControlCharacter { position },
            TextError::StackedMarks { position } => Problem::StackedMarks { position },
        };
        Self { field, problem }
    }
}

/// Collects field errors in order, so the first one is where focus goes.
#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn text(&mut self, field: Field, value: &mut String, max: usize, multiline: bool) {
        match text::normalize(value, max, multiline) {
            Ok(clean) => *value = clean,
            Err(e) => self.errors.push(FieldError::from_text(field, e)),
        }
    }

    fn required_text(&mut self, field: Field, value: &mut String, max: usize, multiline: bool) {
        match text::required(value, max, multiline) {
            Ok(clean) => *value = clean,
            Err(e) => self.errors.push(FieldError::from_text(field, e)),
        }
    }

    fn push(&mut self, field: Field, problem: Problem) {
        self.errors.push(FieldError::new(field, problem));
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}

/// Normalises and checks a profile as typed. Only the name is required to
/// save a profile; applying needs more (see [`missing_for_applying`]).
/// Certificate and mobile are stored in canonical form.
pub fn profile(mut p: Profile, today: NaiveDate) -> Result<Profile, Vec<FieldError>> {
    let mut c = Checker::default();
    c.required_text(Field::Name, &mut p.name, limits::NAME, false);
    c.text(Field::Mobile, &mut p.mobile, limits::MOBILE, false);
    if !p.mobile.is_empty() {
        match MobileNumber::parse(&p.mobile) {
            Ok(m) => p.mobile = m.as_str().to_string(),
            Err(error) => c.push(Field::Mobile, Problem::Mobile { error }),
        }
    }
    c.text(
        Field::Certificate,
        &mut p.certificate,
        limits::CERTIFICATE,
        false,
    );
    if !p.certificate.is_empty() {
        match CertificateNumber::parse(&p.certificate, today) {
            Ok(n) => p.certificate = n.as_str().to_string(),
            Err(error) => c.push(Field::Certificate, Problem::Certificate { error }),
        }
    }
    c.text(
        Field::DesiredWork,
        &mut p.desired_work,
        limits::SHORT,
        false,
    );
    c.text(Field::Needs, &mut p.needs, limits::LONG, true);
    c.text(Field::Plan, &mut p.plan, limits::LONG, true);
    p.formats.sort();
    p.formats.dedup();
    c.finish(p)
}

/// The fields a profile still needs before its owner can apply for a job,
/// in form order. Consent to share disability data is one of them.
pub fn missing_for_applying(p: &Profile) -> Vec<Field> {
    let mut missing = Vec::new();
    if p.name.trim().is_empty() {
        missing.push(Field::Name);
    }
    if p.mobile.is_empty() {
        missing.push(Field::Mobile);
    }
    if p.certificate.is_empty() {
        missing.push(Field::Certificate);
    }
    if p.district.is_none() {
        missing.push(Field::District);
    }
    if p.education.is_none() {
        missing.push(Field::Education);
    }
    if p.consent_at.is_none() {
        missing.push(Field::Consent);
    }
    missing
}

/// The note that goes with an application (optional, limited).
pub fn note(input: &str) -> Result<String, FieldError> {
    text::normalize(input, limits::NOTE, true).map_err(|e| FieldError::from_text(Field::Note, e))
}

/// A search query as typed in the job or course list.
pub fn search(input: &str) -> Result<String, FieldError> {
    text::normalize(input, limits::SEARCH, false)
        .map_err(|e| FieldError::from_text(Field::Search, e))
}

/// Parses a whole number typed into a field, within bounds.
pub fn number(field: Field, input: &str, min: i64, max: i64) -> Result<Option<i64>, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let n: i64 = trimmed
        .parse()
        .map_err(|_| FieldError::new(field, Problem::NotANumber))?;
    if n < min || n > max {
        return Err(FieldError::new(field, Problem::OutOfRange { min, max }));
    }
    Ok(Some(n))
}

fn check_salary(c: &mut Checker, min: u32, max: u32) {
    if min > max || max > 1_000_000 {
        c.push(
            Field::Salary,
            Problem::OutOfRange {
                min: i64::from(min),
                max: 1_000_000,
            },
        );
    }
}

/// Dates a posting or course may carry: anything outside is a typing
/// mistake or an attack (a job "posted" in 9999 sorts first for ever).
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

fn check_dates(c: &mut Checker, dates: &[NaiveDate]) {
    use chrono::Datelike;
    if dates
        .iter()
        .any(|d| !(FIRST_YEAR..=LAST_YEAR).contains(&d.year()))
    {
        c.push(
            Field::Dates,
            Problem::OutOfRange {
                min: i64::from(FIRST_YEAR),
                max: i64::from(LAST_YEAR),
            },
        );
    }
}

fn check_range(c: &mut Checker, field: Field, value: u32, min: u32, max: u32) {
    if !(min..=max).contains(&value) {
        c.push(
            field,
            Problem::OutOfRange {
                min: i64::from(min),
                max: i64::from(max),
            },
        );
    }
}

/// Most openings one posting may have.
pub const MAX_OPENINGS: u32 = 1000;

/// Normalises and checks a new job posting.
pub fn new_job(mut j: NewJob) -> Result<NewJob, Vec<FieldError>> {
    let mut c = Checker::default();
    c.required_text(Field::Title, &mut j.title, limits::TITLE, false);
    c.text(Field::Address, &mut j.address, limits::SHORT, false);
    c.text(Field::Description, &mut j.description, limits::LONG, true);
    c.text(
        Field::Description,
        &mut j.accommodations,
        limits::LONG,
        true,
    );
    c.text(Field::Description, &mut j.how_to_apply, limits::LONG, true);
    check_salary(&mut c, j.salary_min, j.salary_max);
    check_range(&mut c, Field::Openings, j.openings, 1, MAX_OPENINGS);
    if j.closes_on < j.posted_on {
        c.push(Field::Dates, Problem::DateOrder);
    }
    check_dates(&mut c, &[j.posted_on, j.closes_on]);
    c.finish(j)
}

/// Normalises and checks a new course: deadline no later than the start,
/// start no later than the end, at least one seat.
pub fn new_course(mut k: NewCourse) -> Result<NewCourse, Vec<FieldError>> {
    let mut c = Checker::default();
    c.required_text(Field::Title, &mut k.title, limits::TITLE, false);
    c.required_text(Field::Provider, &mut k.provider, limits::SHORT, false);
    c.text(Field::Address, &mut k.address, limits::SHORT, false);
    for text in [
        &mut k.directions,
        &mut k.subsidy,
        &mut k.assessment,
        &mut k.leads_to,
        &mut k.description,
    ] {
        c.text(Field::Description, text, limits::LONG, true);
    }
    if k.enroll_by > k.starts_on || k.starts_on > k.ends_on {
        c.push(Field::Dates, Problem::DateOrder);
    }
    check_dates(&mut c, &[k.enroll_by, k.starts_on, k.ends_on]);
    check_range(&mut c, Field::Hours, k.hours, 1, 10_000);
    check_range(&mut c, Field::Fee, k.fee_yuan, 0, 1_000_000);
    for age in [k.min_age, k.max_age].into_iter().flatten() {
        check_range(&mut c, Field::Age, age, 14, 100);
    }
    if let (Some(min), Some(max)) = (k.min_age, k.max_age)
        && min > max
    {
        c.push(
            Field::Age,
            Problem::OutOfRange {
                min: i64::from(min),
                max: 100,
            },
        );
    }
    if k.capacity == 0 || k.capacity > 10_000 {
        c.push(
            Field::Capacity,
            Problem::OutOfRange {
                min: 1,
                max: 10_000,
            },
        );
    }
    k.formats.sort();
    k.formats.dedup();
    c.finish(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    #[test]
    fn profile_table() {
        let base = Profile {
            name: "  王芳 ".into(),
            ..Profile::default()
        };
        let ok = profile(base.clone(), today()).unwrap();
        assert_eq!(ok.name, "王芳");

        let cases: Vec<(Profile, Field)> = vec![
            (
                Profile {
                    name: "".into(),
                    ..base.clone()
                },
                Field::Name,
            ),
            (
                Profile {
                    name: "x".repeat(41),
                    ..base.clone()
                },
                Field::Name,
            ),
            (
                Profile {
                    name: "a\u{1b}[2J".into(),
                    ..base.clone()
                },
                Field::Name,
            ),
            (
                Profile {
                    mobile: "1234".into(),
                    ..base.clone()
                },
                Field::Mobile,
            ),
            (
                Profile {
                    certificate: "37020219800101123".into(),
                    ..base.clone()
                },
                Field::Certificate,
            ),
            (
                Profile {
                    needs: "y".repeat(2001),
                    ..base.clone()
                },
                Field::Needs,
            ),
        ];
        for (input, field) in cases {
            let errors = profile(input.clone(), today()).unwrap_err();
            assert_eq!(errors[0].field, field, "{input:?}");
        }
    }

    #[test]
    fn canonical_forms_are_stored() {
        let p = Profile {
            name: "李明".into(),
            mobile: "138 1234 5678".into(),
            certificate: "11010519491231002x11".into(),
            ..Profile::default()
        };
        let p = profile(p, today()).unwrap();
        assert_eq!(p.mobile, "13812345678");
        assert_eq!(p.certificate, "11010519491231002X11");
    }

    #[test]
    fn applying_needs_a_complete_profile_and_consent() {
        let p = Profile {
            name: "李明".into(),
            ..Profile::default()
        };
        assert_eq!(
            missing_for_applying(&p),
            vec![
                Field::Mobile,
                Field::Certificate,
                Field::District,
                Field::Education,
                Field::Consent
            ]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            number(Field::SalaryFrom, " 3000 ", 0, 100_000),
            Ok(Some(3000))
        );
        assert_eq!(number(Field::SalaryFrom, "", 0, 100_000), Ok(None));
        assert_eq!(
            number(Field::SalaryFrom, "3k", 0, 100_000)
                .unwrap_err()
                .problem,
            Problem::NotANumber
        );
        assert_eq!(
            number(Field::PostedWithin, "400", 1, 365)
                .unwrap_err()
                .problem,
            Problem::OutOfRange { min: 1, max: 365 }
        );
    }
}
