//! `jobdesk import`: reads a CSV or XLSX file, checks every value with the
//! domain's validators and builds the batch a store writes all or nothing.
//! Each column has an English and a Chinese header (README, "Import").

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::domain::{District, Employer, Field, FieldError, NewJob, WorkKind, validate};
use crate::i18n::Lang;
use crate::store::import::{
    ImportBatch, ImportCounts, ImportJob, Imported, LineError, LineProblem,
};

mod records;
pub use records::{COURSE_COLUMNS, PEOPLE_COLUMNS};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Jobs,
    Employers,
    Courses,
    People,
}

/// One column: its key (the English header) and its Chinese header.
pub struct Column {
    pub key: &'static str,
    pub zh: &'static str,
    pub required: bool,
}

const fn col(key: &'static str, zh: &'static str, required: bool) -> Column {
    Column { key, zh, required }
}

/// The columns of a jobs file.
pub const JOB_COLUMNS: &[Column] = &[
    col("external_id", "外部编号", false),
    col("title", "岗位名称", true),
    col("employer", "用人单位", true),
    col("kind", "工种", true),
    col("district", "区市", true),
    col("address", "地址", false),
    col("description", "岗位描述", false),
    col("salary_min", "最低月薪", true),
    col("salary_max", "最高月薪", true),
    col("openings", "招聘人数", false),
    col("suits_visual", "适合视障", false),
    col("remote", "远程", false),
    col("requires_practice_certificate", "需医疗按摩资格", false),
    col("accommodations", "无障碍便利", false),
    col("how_to_apply", "申请方式", false),
    col("posted_on", "发布日期", false),
    col("closes_on", "截止日期", true),
];

/// The columns of an employers file.
pub const EMPLOYER_COLUMNS: &[Column] = &[
    col("external_id", "外部编号", false),
    col("name", "单位名称", true),
    col("district", "区市", true),
    col("medical_institution", "医疗机构", false),
    col("contact", "联系方式", false),
];

impl ImportKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Jobs => JOB_COLUMNS,
            ImportKind::Employers => EMPLOYER_COLUMNS,
            ImportKind::Courses => records::COURSE_COLUMNS,
            ImportKind::People => records::PEOPLE_COLUMNS,
        }
    }

    /// "jobs" / "岗位" ("job" for one), for the summary sentence.
    pub fn noun(self, lang: Lang, count: u64) -> String {
        let key = match self {
            ImportKind::Jobs => "intake.noun_jobs",
            ImportKind::Employers => "intake.noun_employers",
            ImportKind::Courses => "porter.noun_courses",
            ImportKind::People => "porter.noun_people",
        };
        lang.get(&Lang::plural_key(key, count)).to_string()
    }

    /// Every kind, in the order the staff desk offers them.
    pub const ALL: [ImportKind; 4] = [
        ImportKind::Jobs,
        ImportKind::Courses,
        ImportKind::Employers,
        ImportKind::People,
    ];

    /// The command-line word: "jobs", "courses", "employers", "people".
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Jobs => "jobs",
            ImportKind::Employers => "employers",
            ImportKind::Courses => "courses",
            ImportKind::People => "people",
        }
    }
}

/// A file's header and data rows, each with its line number.
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Csv(#[from] csv::Error),
    #[error("{0}")]
    Xlsx(String),
    #[error("not CSV or XLSX")]
    UnknownFormat,
    #[error("no header line")]
    Empty,
}

/// Reads a CSV (UTF-8, a BOM allowed) or XLSX file (its first sheet), by
/// its name's ending.
pub fn read_table(path: &Path) -> Result<Table, ReadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" => read_csv(path),
        "xlsx" | "xlsm" | "xls" => read_xlsx(path),
        _ => Err(ReadError::UnknownFormat),
    }
}

fn read_csv(path: &Path) -> Result<Table, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)?;
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(h) => h?
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').trim().to_string())
            .collect(),
        None => return Err(ReadError::Empty),
    };
    let mut rows = Vec::new();
    for record in records {
        let record = record?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((line, cells));
    }
    Ok(Table { headers, rows })
}

fn read_xlsx(path: &Path) -> Result<Table, ReadError> {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut book = open_workbook_auto(path).map_err(|e| ReadError::Xlsx(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(ReadError::Empty)?
        .map_err(|e| ReadError::Xlsx(e.to_string()))?;
    let text = |cell: &Data| -> String {
        match cell {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            // Days since 1899-12-30, the spreadsheet epoch.
            Data::DateTime(d) => NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|epoch| {
                    epoch.checked_add_signed(chrono::Duration::days(d.as_f64().floor() as i64))
                })
                .map_or_else(
                    || d.as_f64().to_string(),
                    |d| d.format("%Y-%m-%d").to_string(),
                ),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
            Data::Error(e) => format!("{e:?}"),
        }
    };
    // The range starts at its first used cell; line numbers are the sheet's.
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows_iter = range.rows().enumerate();
    let headers = match rows_iter.next() {
        Some((_, h)) => h.iter().map(|c| text(c).trim().to_string()).collect(),
        None => return Err(ReadError::Empty),
    };
    let mut rows = Vec::new();
    for (n, row) in rows_iter {
        let cells: Vec<String> = row.iter().map(text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((first_row + n + 1, cells));
    }
    Ok(Table { headers, rows })
}

/// A row's values by column key, with the header the file used.
struct Row<'a> {
    line: usize,
    cells: &'a [String],
    /// Column key → (index in the row, header as written).
    at: &'a HashMap<&'static str, (usize, String)>,
    errors: &'a mut Vec<LineError>,
}

impl Row<'_> {
    fn header(&self, key: &str) -> String {
        self.at
            .get(key)
            .map_or_else(|| key.to_string(), |(_, h)| h.clone())
    }

    fn get(&self, key: &str) -> &str {
        self.at
            .get(key)
            .and_then(|(i, _)| self.cells.get(*i))
            .map_or("", |s| s.trim())
    }

    fn fail(&mut self, key: &str, problem: LineProblem) {
        let column = self.header(key);
        self.errors.push(LineError {
            line: self.line,
            column,
            problem,
        });
    }

    fn text(&self, key: &str) -> String {
        self.get(key).to_string()
    }

    fn required(&mut self, key: &str, field: Field) -> String {
        let v = self.text(key);
        if v.is_empty() {
            self.fail(
                key,
                LineProblem::Field {
                    error: FieldError::new(field, crate::domain::Problem::Required),
                },
            );
        }
        v
    }

    fn number(&mut self, key: &str, field: Field, min: i64, max: i64, default: u32) -> u32 {
        let v = self.text(key);
        match validate::number(field, &v, min, max) {
            Ok(Some(n)) => u32::try_from(n).unwrap_or(default),
            Ok(None) => default,
            Err(error) => {
                self.fail(key, LineProblem::Field { error });
                default
            }
        }
    }

    fn yes_no(&mut self, key: &str) -> bool {
        let v = self.get(key).to_lowercase();
        match v.as_str() {
            "" | "no" | "n" | "false" | "0" | "否" => false,
            "yes" | "y" | "true" | "1" | "是" => true,
            _ => {
                let value = self.text(key);
                self.fail(key, LineProblem::NotYesNo { value });
                false
            }
        }
    }

    fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let v = self.text(key);
        if v.is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&v, "%Y/%m/%d"));
        match parsed {
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(key, LineProblem::NotADate { value: v });
                None
            }
        }
    }

    fn district(&mut self, key: &str) -> District {
        let v = self.text(key);
        match District::parse(&v) {
            Ok(d) => d,
            Err(_) => {
                let problem = if v.is_empty() {
                    crate::domain::Problem::Required
                } else {
                    crate::domain::Problem::UnknownDistrict
                };
                self.fail(
                    key,
                    LineProblem::Field {
                        error: FieldError::new(Field::District, problem),
                    },
                );
                District::Shinan
            }
        }
    }

    fn kind(&mut self, key: &str) -> WorkKind {
        let v = self.text(key);
        let found = WorkKind::ALL.iter().copied().find(|k| {
            k.as_str() == v
                || Lang::En.work_kind(*k).eq_ignore_ascii_case(&v)
                || Lang::ZhCn.work_kind(*k) == v
        });
        match found {
            Some(k) => k,
            None => {
                let choices = WorkKind::ALL
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.fail(key, LineProblem::UnknownValue { value: v, choices });
                WorkKind::Other
            }
        }
    }

    /// The validator's errors, each on the column its field came from.
    fn field_errors(&mut self, errors: Vec<FieldError>, column_of: impl Fn(Field) -> &'static str) {
        for error in errors {
            let key = column_of(error.field);
            self.fail(key, LineProblem::Field { error });
        }
    }
}

/// Checks every line of a table: the batch of good lines and every bad
/// line. The store checks the rest (employers named, ids taken) on the
/// good ones, so one run reports every bad line of the file.
pub fn parse(kind: ImportKind, table: &Table, today: NaiveDate) -> (ImportBatch, Vec<LineError>) {
    let empty = || match kind {
        ImportKind::Employers => ImportBatch::Employers(Vec::new()),
        ImportKind::Jobs => ImportBatch::Jobs(Vec::new()),
        ImportKind::Courses => ImportBatch::Courses(Vec::new()),
        ImportKind::People => ImportBatch::People(Vec::new()),
    };
    let mut errors = Vec::new();
    let mut at: HashMap<&'static str, (usize, String)> = HashMap::new();
    for (i, header) in table.headers.iter().enumerate() {
        let h = header.trim();
        if let Some(c) = kind
            .columns()
            .iter()
            .find(|c| c.key.eq_ignore_ascii_case(h) || c.zh == h)
        {
            at.entry(c.key).or_insert((i, h.to_string()));
        }
    }
    for c in kind.columns() {
        if c.required && !at.contains_key(c.key) {
            errors.push(LineError {
                line: 1,
                column: c.key.to_string(),
                problem: LineProblem::MissingColumn,
            });
        }
    }
    if !errors.is_empty() {
        return (empty(), errors);
    }
    let mut seen = std::collections::HashSet::new();
    let mut employers = Vec::new();
    let mut jobs = Vec::new();
    let mut courses = Vec::new();
    let mut people = Vec::new();
    for (line, cells) in &table.rows {
        let before = errors.len();
        let mut row = Row {
            line: *line,
            cells,
            at: &at,
            errors: &mut errors,
        };
        let external_id = row.text("external_id");
        if !external_id.is_empty() && !seen.insert(external_id.clone()) {
            row.fail(
                "external_id",
                LineProblem::DuplicateId {
                    value: external_id.clone(),
                },
            );
        }
        match kind {
            ImportKind::Courses => {
                if let Some(record) = records::course(&mut row, today)
                    && errors.len() == before
                {
                    courses.push(Imported {
                        line: *line,
                        external_id,
                        record,
                    });
                }
            }
            ImportKind::People => {
                if let Some(record) = records::person(&mut row, today)
                    && errors.len() == before
                {
                    people.push(Imported {
                        line: *line,
                        external_id,
                        record,
                    });
                }
            }
            ImportKind::Employers => {
                let name = row.required("name", Field::Name);
                let district = row.district("district");
                let medical_institution = row.yes_no("medical_institution");
                let contact = match crate::domain::text::normalize(row.get("contact"), 200, false) {
                    Ok(clean) => clean,
                    Err(e) => {
                        row.fail(
                            "contact",
                            LineProblem::Field {
                                error: FieldError::from_text(Field::Employer, e),
                            },
                        );
                        String::new()
                    }
                };
                let name = match crate::domain::text::required(&name, 200, false) {
                    Ok(clean) => clean,
                    Err(e) => {
                        if !name.is_empty() {
                            row.fail(
                                "name",
                                LineProblem::Field {
                                    error: FieldError::from_text(Field::Name, e),
                                },
                            );
                        }
                        name
                    }
                };
                if errors.len() == before {
                    employers.push(Imported {
                        line: *line,
                        external_id,
                        record: Employer {
                            id: 0,
                            name,
                            district,
                            medical_institution,
                            contact,
                        },
                    });
                }
            }
            ImportKind::Jobs => {
                let employer = row.required("employer", Field::Employer);
                let title = row.text("title");
                let kind = row.kind("kind");
                let district = row.district("district");
                let salary_min = row.number("salary_min", Field::Salary, 0, 1_000_000, 0);
                let salary_max = row.number("salary_max", Field::Salary, 0, 1_000_000, 0);
                let openings = row.number("openings", Field::Openings, 1, 1000, 1);
                let suits_visual = row.yes_no("suits_visual");
                let remote = row.yes_no("remote");
                let requires_practice_certificate = row.yes_no("requires_practice_certificate");
                let posted = row.date("posted_on");
                let closes = row.date("closes_on");
                if closes.is_none() && row.get("closes_on").is_empty() {
                    row.fail(
                        "closes_on",
                        LineProblem::Field {
                            error: FieldError::new(Field::Dates, crate::domain::Problem::Required),
                        },
                    );
                }
                let job = NewJob {
                    employer_id: 0,
                    title,
                    kind,
                    district,
                    address: row.text("address"),
                    description: row.text("description"),
                    salary_min,
                    salary_max,
                    openings,
                    suits_visual,
                    remote,
                    requires_practice_certificate,
                    accommodations: row.text("accommodations"),
                    how_to_apply: row.text("how_to_apply"),
                    posted_on: posted.unwrap_or(today),
                    closes_on: closes.unwrap_or(today),
                };
                match validate::new_job(job) {
                    Ok(job) => {
                        if errors.len() == before {
                            jobs.push(Imported {
                                line: *line,
                                external_id,
                                record: ImportJob {
                                    employer,
                                    job,
                                    posted_on_given: posted.is_some(),
                                },
                            });
                        }
                    }
                    Err(found) => row.field_errors(found, |f| match f {
                        Field::Title => "title",
                        Field::Address => "address",
                        Field::Description => "description",
                        Field::Salary => "salary_max",
                        Field::Openings => "openings",
                        _ => "closes_on",
                    }),
                }
            }
        }
    }
    let batch = match kind {
        ImportKind::Employers => ImportBatch::Employers(employers),
        ImportKind::Jobs => ImportBatch::Jobs(jobs),
        ImportKind::Courses => ImportBatch::Courses(courses),
        ImportKind::People => ImportBatch::People(people),
    };
    (batch, errors)
}

/// The file's errors and the store's together, in line order, each once;
/// the store's name their columns by key, said here as the file heads them.
pub fn merge(
    kind: ImportKind,
    table: &Table,
    mut errors: Vec<LineError>,
    more: Vec<LineError>,
) -> Vec<LineError> {
    for mut e in more {
        if let Some(c) = kind.columns().iter().find(|c| c.key == e.column)
            && let Some(h) = table
                .headers
                .iter()
                .find(|h| h.trim().eq_ignore_ascii_case(c.key) || h.trim() == c.zh)
        {
            e.column = h.trim().to_string();
        }
        errors.push(e);
    }
    errors.sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
    errors.dedup();
    errors
}

/// How many bad lines are said before "and N more".
pub const MAX_REPORTED: usize = 50;

/// "line 12, 'salary_max': Salary: use a number from 0 to 1000000."
pub fn line_error_text(lang: Lang, e: &LineError) -> String {
    let problem = match &e.problem {
        LineProblem::Field { error } => crate::ui::screens::field_error(lang, error),
        LineProblem::UnknownEmployer { value } => {
            lang.format("intake.unknown_employer", &[("value", value)])
        }
        LineProblem::UnknownCounselor { value } => {
            lang.format("porter.unknown_counselor", &[("value", value)])
        }
        LineProblem::DuplicateId { value } => {
            lang.format("intake.duplicate_id", &[("value", value)])
        }
        LineProblem::UnknownValue { value, choices } => lang.format(
            "intake.unknown_value",
            &[("value", value), ("choices", choices)],
        ),
        LineProblem::NotADate { value } => lang.format("intake.not_a_date", &[("value", value)]),
        LineProblem::NotYesNo { value } => lang.format("intake.not_yes_no", &[("value", value)]),
        LineProblem::MissingColumn => lang.get("intake.missing_column").to_string(),
        LineProblem::Required => lang.get("problem.required").to_string(),
    };
    lang.format(
        "intake.line",
        &[
            ("line", &e.line),
            ("column", &e.column),
            ("problem", &problem),
        ],
    )
}

/// Every bad line (at most [`MAX_REPORTED`], then "and N more"), then
/// that nothing was written.
pub fn refusal_lines(lang: Lang, errors: &[LineError]) -> Vec<String> {
    let mut lines: Vec<String> = errors
        .iter()
        .take(MAX_REPORTED)
        .map(|e| line_error_text(lang, e))
        .collect();
    if errors.len() > MAX_REPORTED {
        lines.push(lang.format("intake.and_more", &[("n", &(errors.len() - MAX_REPORTED))]));
    }
    lines.push(lang.get("intake.nothing_written").to_string());
    lines
}

/// "12 jobs added, 3 updated, 0 unchanged." (or "would be added").
pub fn summary(lang: Lang, kind: ImportKind, counts: ImportCounts, dry_run: bool) -> String {
    lang.format(
        if dry_run {
            "intake.would"
        } else {
            "intake.done"
        },
        &[
            ("added", &counts.added),
            ("what", &kind.noun(lang, counts.added)),
            ("updated", &counts.updated),
            ("unchanged", &counts.unchanged),
        ],
    )
}

/// What an import of a file came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportReport {
    /// Every line is good: written, or on a dry run checked.
    Good(ImportCounts),
    /// Bad lines (the file's and the store's, in line order); nothing written.
    Refused(Vec<LineError>),
    /// The file cannot be read at all: why.
    Unreadable(String),
}

/// Reads, checks and imports a file through any store, as `by`: every
/// line is checked by the domain's rules here and by the store (which
/// also decides who may import); nothing is written on a dry run or when
/// any line is bad. Used by `jobdesk import` and the staff desk.
pub fn import_file(
    store: &dyn crate::store::Store,
    by: crate::domain::Actor,
    kind: ImportKind,
    path: &Path,
    dry_run: bool,
    today: NaiveDate,
) -> crate::store::StoreResult<ImportReport> {
    match read_table(path) {
        Ok(table) => import_table(store, by, kind, &table, dry_run, today),
        Err(e) => Ok(ImportReport::Unreadable(e.to_string())),
    }
}

/// [`import_file`] on a file already read.
pub fn import_table(
    store: &dyn crate::store::Store,
    by: crate::domain::Actor,
    kind: ImportKind,
    table: &Table,
    dry_run: bool,
    today: NaiveDate,
) -> crate::store::StoreResult<ImportReport> {
    let (batch, bad) = parse(kind, table, today);
    // With bad lines the good ones are still checked, never written.
    Ok(
        match store.import(by, &batch, dry_run || !bad.is_empty())? {
            Ok(_) if !bad.is_empty() => ImportReport::Refused(bad),
            Ok(counts) => ImportReport::Good(counts),
            Err(more) => ImportReport::Refused(merge(kind, table, bad, more)),
        },
    )
}
