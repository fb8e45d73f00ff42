//! Names of domain values and numbers and dates, as each language says them.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::Lang;
use crate::domain::{
    ApplicationStatus, DisabilityCategory, District, Education, EnrollmentStatus, Field, Format,
    MassageLevel, Track, WorkKind,
};

impl Lang {
    pub fn work_kind(self, kind: WorkKind) -> &'static str {
        self.named("kind", kind.as_str())
    }

    pub fn track(self, track: Track) -> &'static str {
        self.named("track", track.as_str())
    }

    pub fn education(self, e: Education) -> &'static str {
        self.named("education", e.as_str())
    }

    pub fn format_name(self, f: Format) -> &'static str {
        self.named("format", f.as_str())
    }

    pub fn massage_level(self, l: MassageLevel) -> &'static str {
        self.named("level", l.as_str())
    }

    pub fn application_status(self, s: ApplicationStatus) -> &'static str {
        self.named("application_status", s.as_str())
    }

    pub fn enrollment_status(self, s: EnrollmentStatus) -> &'static str {
        self.named("enrollment_status", s.as_str())
    }

    pub fn field(self, f: Field) -> &'static str {
        self.named("field", f.as_str())
    }

    pub fn category(self, c: DisabilityCategory) -> &'static str {
        let key = match c {
            DisabilityCategory::Visual => "visual",
            DisabilityCategory::Hearing => "hearing",
            DisabilityCategory::Speech => "speech",
            DisabilityCategory::Physical => "physical",
            DisabilityCategory::Intellectual => "intellectual",
            DisabilityCategory::Mental => "mental",
            DisabilityCategory::Multiple => "multiple",
        };
        self.named("category", key)
    }

    pub fn district(self, d: District) -> &'static str {
        match self {
            Lang::En => d.name_en(),
            Lang::ZhCn => d.name_zh(),
        }
    }

    pub fn case_status(self, s: crate::domain::casework::CaseStatus) -> &'static str {
        self.named("case_status", s.as_str())
    }

    pub fn contact_kind(self, k: crate::domain::casework::ContactKind) -> &'static str {
        self.named("contact_kind", k.as_str())
    }

    pub fn step_kind(self, k: crate::domain::casework::StepKind) -> &'static str {
        self.named("step_kind", k.as_str())
    }

    pub fn hours_wanted(self, h: crate::domain::casework::HoursWanted) -> &'static str {
        self.named("hours_wanted", h.as_str())
    }

    pub fn skill(self, s: crate::domain::casework::Skill) -> &'static str {
        self.named("skill", s.as_str())
    }

    pub fn ability_result(self, r: crate::domain::casework::AbilityResult) -> &'static str {
        self.named("ability_result", r.as_str())
    }

    pub fn contract(self, c: crate::domain::casework::Contract) -> &'static str {
        self.named("contract", c.as_str())
    }

    /// `section.name` from the catalogue, for a value's stable name.
    fn named(self, section: &str, name: &str) -> &'static str {
        let key = format!("{section}.{name}");
        self.catalogue().get(&key).map_or("?", String::as_str)
    }

    /// A date as it is read aloud: "20 Dec 2026" / "2026年12月20日".
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Lang::En => d.format("%-d %b %Y").to_string(),
            Lang::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        }
    }

    /// A short date without the year when it is this year's.
    pub fn short_date(self, d: NaiveDate, today: NaiveDate) -> String {
        if d.year() != today.year() {
            return self.date(d);
        }
        match self {
            Lang::En => d.format("%-d %b").to_string(),
            Lang::ZhCn => format!("{}月{}日", d.month(), d.day()),
        }
    }

    /// A moment in local time as a date (histories speak in days).
    pub fn day_of(self, t: DateTime<Utc>) -> String {
        self.date(t.with_timezone(&chrono::Local).date_naive())
    }

    /// A monthly salary range: "6,000 to 8,000 yuan" / "6000至8000元",
    /// in words rather than with a dash, which screen readers say as
    /// "minus" or not at all.
    pub fn salary(self, min: u32, max: u32) -> String {
        let (min, max) = (self.amount(min), self.amount(max));
        if min == max {
            self.format("common.salary_one", &[("amount", &min)])
        } else {
            self.format("common.salary_range", &[("min", &min), ("max", &max)])
        }
    }

    /// An amount of money: "6,500" in English; "6500" in Chinese, which
    /// does not group by thousands.
    pub fn amount(self, n: u32) -> String {
        let digits = n.to_string();
        if self == Lang::ZhCn {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    /// The catalogue key for a count of `n`: `key` with `_one` for one
    /// ("1 person", not "1 people"); Chinese keeps one form under both.
    pub fn plural_key(key: &str, n: u64) -> String {
        if n == 1 {
            format!("{key}_one")
        } else {
            key.to_string()
        }
    }

    /// Plural-aware count phrase for English; Chinese has one form.
    pub fn count(self, key_one: &str, key_many: &str, n: u64) -> String {
        let key = if n == 1 { key_one } else { key_many };
        self.format(key, &[("n", &n)])
    }
}
