//! Courses and people files: their columns and how a line becomes a
//! record. The values are checked by the domain's validators
//! (`validate::new_course`, `validate::profile` with the certificate
//! number's check digit); the store checks what needs its data (a
//! counselor named, a certificate number held by another person).
//!
//! Courses file (README, "Import"), one course a line:
//! `external_id` 外部编号, `title` 课程名称 (required), `track` 培训类别
//! (required: health_massage, medical_exam_prep, continuing_education,
//! diploma_plus_skill, or its English or Chinese name), `level` 等级,
//! `provider` 培训机构 (required), `district` 区市 (required), `address`
//! 地址, `directions` 路线说明, `starts_on` 开课日期, `ends_on` 结课日期,
//! `enroll_by` 报名截止 (all three required, 2026-03-01), `hours` 学时
//! (required), `fee_yuan` 费用, `subsidy` 补贴, `capacity` 名额 (required),
//! `formats` 教材格式 (several, separated by ";" or "、"), `assessment`
//! 考核方式, `leads_to` 取得证书, `requires_previous_level` 需上一级证书
//! (yes/no), `min_age` 最低年龄, `max_age` 最高年龄, `min_education` 最低学历,
//! `description` 课程介绍.
//!
//! People file, one person a line: `external_id` 外部编号, `name` 姓名
//! (required), `mobile` 手机号码, `certificate` 残疾证号 (checked with its
//! check digit), `certificate_valid_until` 证件有效期, `district` 区市,
//! `education` 学历, `braille_reader` 读盲文 (yes/no), `formats` 阅读格式,
//! `desired_work` 求职意向, `needs` 需求与便利, `consented_on` 同意共享日期
//! (the day the person agreed to share disability data; empty for not),
//! `massage_level` 保健按摩等级, `practice_certificate` 医疗按摩资格,
//! `visual_component_confirmed` 已确认视力残疾, `counselor` 就业指导员 (by
//! name; unknown names are bad lines), `employed` 已就业.
//! `jobdesk export people` writes exactly these columns.

use chrono::{NaiveDate, TimeZone, Utc};

use super::{Column, Row, col};
use crate::domain::{
    Education, Field, FieldError, Format, MassageLevel, NewCourse, Problem, Profile, Track,
    validate,
};
use crate::i18n::Lang;
use crate::store::import::{ImportPerson, LineProblem};

/// The columns of a courses file.
pub const COURSE_COLUMNS: &[Column] = &[
    col("external_id", "外部编号", false),
    col("title", "课程名称", true),
    col("track", "培训类别", true),
    col("level", "等级", false),
    col("provider", "培训机构", true),
    col("district", "区市", true),
    col("address", "地址", false),
    col("directions", "路线说明", false),
    col("starts_on", "开课日期", true),
    col("ends_on", "结课日期", true),
    col("enroll_by", "报名截止", true),
    col("hours", "学时", true),
    col("fee_yuan", "费用", false),
    col("subsidy", "补贴", false),
    col("capacity", "名额", true),
    col("formats", "教材格式", false),
    col("assessment", "考核方式", false),
    col("leads_to", "取得证书", false),
    col("requires_previous_level", "需上一级证书", false),
    col("min_age", "最低年龄", false),
    col("max_age", "最高年龄", false),
    col("min_education", "最低学历", false),
    col("description", "课程介绍", false),
];

/// The columns of a people file (and of `export people`, in this order).
pub const PEOPLE_COLUMNS: &[Column] = &[
    col("external_id", "外部编号", false),
    col("name", "姓名", true),
    col("mobile", "手机号码", false),
    col("certificate", "残疾证号", false),
    col("certificate_valid_until", "证件有效期", false),
    col("district", "区市", false),
    col("education", "学历", false),
    col("braille_reader", "读盲文", false),
    col("formats", "阅读格式", false),
    col("desired_work", "求职意向", false),
    col("needs", "需求与便利", false),
    col("consented_on", "同意共享日期", false),
    col("massage_level", "保健按摩等级", false),
    col("practice_certificate", "医疗按摩资格", false),
    col("visual_component_confirmed", "已确认视力残疾", false),
    col("counselor", "就业指导员", false),
    col("employed", "已就业", false),
];

/// Separators between several values in one cell.
const LIST_SEPARATORS: &[char] = &[';', '；', '、', ',', '，'];

impl Row<'_> {
    /// One of a closed set: its stored name, or its English or Chinese
    /// name; empty is None.
    fn choice<T: Copy>(
        &mut self,
        key: &str,
        all: &[T],
        code: fn(T) -> &'static str,
        name: fn(Lang, T) -> &'static str,
    ) -> Option<T> {
        let v = self.text(key);
        if v.is_empty() {
            return None;
        }
        let found = all.iter().copied().find(|t| {
            code(*t) == v
                || name(Lang::En, *t).eq_ignore_ascii_case(&v)
                || name(Lang::ZhCn, *t) == v
        });
        if found.is_none() {
            let choices = all.iter().map(|t| code(*t)).collect::<Vec<_>>().join(", ");
            self.fail(key, LineProblem::UnknownValue { value: v, choices });
        }
        found
    }

    fn required_choice<T: Copy>(
        &mut self,
        key: &str,
        all: &[T],
        code: fn(T) -> &'static str,
        name: fn(Lang, T) -> &'static str,
    ) -> Option<T> {
        if self.get(key).is_empty() {
            self.fail(key, LineProblem::Required);
            return None;
        }
        self.choice(key, all, code, name)
    }

    fn formats(&mut self, key: &str) -> Vec<Format> {
        let v = self.text(key);
        let mut found = Vec::new();
        for part in v
            .split(LIST_SEPARATORS)
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match Format::ALL.iter().copied().find(|f| {
                f.as_str() == part
                    || Lang::En.format_name(*f).eq_ignore_ascii_case(part)
                    || Lang::ZhCn.format_name(*f) == part
            }) {
                Some(f) => found.push(f),
                None => {
                    let choices = Format::ALL
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.fail(
                        key,
                        LineProblem::UnknownValue {
                            value: part.to_string(),
                            choices,
                        },
                    );
                }
            }
        }
        found
    }

    fn required_date(&mut self, key: &str) -> Option<NaiveDate> {
        if self.get(key).is_empty() {
            self.fail(
                key,
                LineProblem::Field {
                    error: FieldError::new(Field::Dates, Problem::Required),
                },
            );
            return None;
        }
        self.date(key)
    }

    fn optional_number(&mut self, key: &str, field: Field, min: i64, max: i64) -> Option<u32> {
        let v = self.text(key);
        match validate::number(field, &v, min, max) {
            Ok(n) => n.and_then(|n| u32::try_from(n).ok()),
            Err(error) => {
                self.fail(key, LineProblem::Field { error });
                None
            }
        }
    }

    fn required_number(&mut self, key: &str, field: Field, min: i64, max: i64) -> u32 {
        if self.get(key).is_empty() {
            self.fail(
                key,
                LineProblem::Field {
                    error: FieldError::new(field, Problem::Required),
                },
            );
            return u32::try_from(min).unwrap_or(1);
        }
        // A bad value is reported once, here, not again by the validator.
        self.optional_number(key, field, min, max)
            .unwrap_or_else(|| u32::try_from(min).unwrap_or(1))
    }
}

fn track_name(lang: Lang, t: Track) -> &'static str {
    lang.track(t)
}
fn level_name(lang: Lang, l: MassageLevel) -> &'static str {
    lang.massage_level(l)
}
fn education_name(lang: Lang, e: Education) -> &'static str {
    lang.education(e)
}

/// A course line, or None when a value could not be read (the errors
/// are on the row).
pub(super) fn course(row: &mut Row<'_>, today: NaiveDate) -> Option<NewCourse> {
    let title = row.text("title");
    let track = row.required_choice("track", Track::ALL, Track::as_str, track_name);
    let level = row.choice("level", MassageLevel::ALL, MassageLevel::as_str, level_name);
    let provider = row.text("provider");
    let district = row.district("district");
    let starts_on = row.required_date("starts_on");
    let ends_on = row.required_date("ends_on");
    let enroll_by = row.required_date("enroll_by");
    let hours = row.required_number("hours", Field::Hours, 1, 10_000);
    let fee_yuan = row
        .optional_number("fee_yuan", Field::Fee, 0, 1_000_000)
        .unwrap_or(0);
    let capacity = row.required_number("capacity", Field::Capacity, 1, 10_000);
    let formats = row.formats("formats");
    let requires_previous_level = row.yes_no("requires_previous_level");
    let min_age = row.optional_number("min_age", Field::Age, 14, 100);
    let max_age = row.optional_number("max_age", Field::Age, 14, 100);
    let min_education = row.choice(
        "min_education",
        Education::ALL,
        Education::as_str,
        education_name,
    );
    // Stand-ins for values already reported, so the validator still
    // reports everything else on the line.
    let (starts_on, ends_on, enroll_by) = match (starts_on, ends_on, enroll_by) {
        (Some(s), Some(e), Some(b)) => (s, e, b),
        (s, e, b) => {
            let any = s.or(e).or(b).unwrap_or(today);
            (any, any, any)
        }
    };
    let track = track.unwrap_or(Track::HealthMassage);
    let course = NewCourse {
        title,
        track,
        level,
        provider,
        district,
        address: row.text("address"),
        directions: row.text("directions"),
        starts_on,
        ends_on,
        enroll_by,
        hours,
        fee_yuan,
        subsidy: row.text("subsidy"),
        capacity,
        formats,
        assessment: row.text("assessment"),
        leads_to: row.text("leads_to"),
        requires_previous_level,
        min_age,
        max_age,
        min_education,
        description: row.text("description"),
    };
    match validate::new_course(course) {
        Ok(course) => Some(course),
        Err(found) => {
            row.field_errors(found, |f| match f {
                Field::Title => "title",
                Field::Provider => "provider",
                Field::Address => "address",
                Field::Description => "description",
                Field::Hours => "hours",
                Field::Fee => "fee_yuan",
                Field::Age => "max_age",
                Field::Capacity => "capacity",
                _ => "enroll_by",
            });
            None
        }
    }
}

/// A person line, or None when a value could not be read.
pub(super) fn person(row: &mut Row<'_>, today: NaiveDate) -> Option<ImportPerson> {
    let district = if row.get("district").is_empty() {
        None
    } else {
        Some(row.district("district"))
    };
    let education = row.choice(
        "education",
        Education::ALL,
        Education::as_str,
        education_name,
    );
    let braille_reader = row.yes_no("braille_reader");
    let formats = row.formats("formats");
    let consented = row.date("consented_on");
    let massage_level = row.choice(
        "massage_level",
        MassageLevel::ALL,
        MassageLevel::as_str,
        level_name,
    );
    let practice_certificate = row.yes_no("practice_certificate");
    let visual_component_confirmed = row.yes_no("visual_component_confirmed");
    let certificate_valid_until = row.date("certificate_valid_until");
    let employed = row.yes_no("employed");
    let profile = Profile {
        id: 0,
        name: row.text("name"),
        mobile: row.text("mobile"),
        certificate: row.text("certificate"),
        district,
        education,
        braille_reader,
        formats,
        desired_work: row.text("desired_work"),
        needs: row.text("needs"),
        // Midnight UTC of the day: the export writes the same day back.
        consent_at: consented
            .and_then(|d| d.and_hms_opt(0, 0, 0).map(|t| Utc.from_utc_datetime(&t))),
        massage_level,
        practice_certificate,
        visual_component_confirmed,
        certificate_valid_until,
        counselor_id: None,
        employed,
        plan: String::new(),
    };
    let counselor = row.text("counselor");
    match validate::profile(profile, today) {
        Ok(profile) => Some(ImportPerson { counselor, profile }),
        Err(found) => {
            row.field_errors(found, |f| match f {
                Field::Mobile => "mobile",
                Field::Certificate => "certificate",
                Field::DesiredWork => "desired_work",
                Field::Needs => "needs",
                _ => "name",
            });
            None
        }
    }
}
