//! Figures and the ledger written to CSV or XLSX files, with headers in
//! the reader's language. Reads through the [`Store`] trait, so it works
//! on every store and shows only what the store lets the caller see.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::casework::{self, AbilityResult, CaseStatus, FigureScope, Figures, LedgerRow};
use crate::i18n::Lang;
use crate::named_enum;
use crate::store::{StorageFault, Store, StoreError, StoreResult};

named_enum! {
    /// The file format of an export.
    pub enum ExportFormat {
        Csv => "csv",
        Xlsx => "xlsx",
    }
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum ExportWhat {
    /// The figures of a year, one row per figure.
    Figures { year: i32 },
    /// The ledger: one row per person.
    Ledger,
}

/// An export to a file (made where the file is written, never sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    pub what: ExportWhat,
    pub scope: FigureScope,
    pub format: ExportFormat,
    pub path: PathBuf,
    /// The language of the headers and values.
    pub lang: Lang,
}

/// A file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exported {
    pub path: PathBuf,
    /// Rows written, the header not counted.
    pub rows: usize,
}

/// One cell: a count stays a number in a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Number(i64),
    Text(String),
}

impl Cell {
    fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    fn count(n: u64) -> Self {
        Cell::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }

    fn as_text(&self) -> String {
        match self {
            Cell::Number(n) => n.to_string(),
            Cell::Text(s) => s.clone(),
        }
    }
}

/// A header row and the rows under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Writes the export: reads through the store (which refuses what the
/// caller may not see), then writes the whole file beside the target and
/// renames it into place, so a full disk never leaves half a file.
pub fn export(store: &dyn Store, request: &ExportRequest) -> StoreResult<Exported> {
    let lang = request.lang;
    let table = match request.what {
        ExportWhat::Figures { year } => {
            let figures = store.figures(&request.scope, year)?;
            let name = scope_name(store, lang, &request.scope);
            figures_table(lang, &figures, &name)
        }
        ExportWhat::Ledger => ledger_table(lang, &store.ledger(&request.scope)?),
    };
    let bytes = match request.format {
        ExportFormat::Csv => csv_bytes(&table)?,
        ExportFormat::Xlsx => xlsx_bytes(&table, sheet_name(lang, &request.what))?,
    };
    write_whole(&request.path, &bytes)?;
    Ok(Exported {
        path: request.path.clone(),
        rows: table.rows.len(),
    })
}

/// "counselor Li Na", a center's name, "the whole city".
pub fn scope_name(store: &dyn Store, lang: Lang, scope: &FigureScope) -> String {
    let name = match scope {
        FigureScope::Counselor(id) => store.counselor(*id).ok().map(|c| c.name),
        _ => None,
    };
    lang.figure_scope(scope, name.as_deref())
}

fn sheet_name(lang: Lang, what: &ExportWhat) -> String {
    match what {
        ExportWhat::Figures { year } => format!("{} {year}", lang.get("export.figure")),
        ExportWhat::Ledger => lang.get("export.h_name").to_string(),
    }
}

/// The figures as (figure, value) rows.
pub fn figures_table(lang: Lang, f: &Figures, scope_name: &str) -> Table {
    let label = |key: &str| lang.get(key).to_string();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut push = |name: String, value: Cell| rows.push(vec![Cell::Text(name), value]);
    push(label("export.scope"), Cell::text(scope_name));
    push(label("export.year"), Cell::Number(i64::from(f.year)));
    push(label("export.as_of"), Cell::text(date_cell(f.as_of)));
    push(label("export.caseload"), Cell::count(f.caseload));
    push(label("export.working_age"), Cell::count(f.working_age));
    push(
        label("export.working_age_employed"),
        Cell::count(f.working_age_employed),
    );
    push(
        label("export.unemployed"),
        Cell::count(f.unemployed_working_age),
    );
    push(
        label("export.rate"),
        f.employment_rate()
            .map_or(Cell::text(""), |r| Cell::Number(i64::from(r))),
    );
    push(
        lang.format(
            "export.rate_target",
            &[("year", &casework::EMPLOYMENT_RATE_TARGET_YEAR)],
        ),
        Cell::Number(i64::from(casework::EMPLOYMENT_RATE_TARGET_PERCENT)),
    );
    push(label("export.needs"), Cell::count(f.needs_registered));
    push(label("export.assessed"), Cell::count(f.assessed));
    push(
        label("export.difficulty"),
        Cell::count(f.difficulty_recognised),
    );
    push(
        label("export.placements"),
        Cell::count(f.placements_recorded),
    );
    push(label("export.placed"), Cell::count(f.placed));
    for (months, r) in [(3, f.retention_3), (6, f.retention_6)] {
        push(
            lang.format("export.retention_due", &[("months", &months)]),
            Cell::count(r.due),
        );
        push(
            lang.format("export.retention_confirmed", &[("months", &months)]),
            Cell::count(r.confirmed),
        );
    }
    push(
        label("export.training_registrations"),
        Cell::count(f.training_registrations),
    );
    push(
        label("export.training_completions"),
        Cell::count(f.training_completions),
    );
    push(
        label("export.households"),
        Cell::count(f.zero_employment_households),
    );
    push(
        label("export.households_cleared"),
        Cell::count(f.households_cleared),
    );
    push(
        label("export.households_target"),
        Cell::Number(i64::from(casework::HOUSEHOLDS_CLEARED_TARGET_PERCENT)),
    );
    for (t, reached) in &f.targets {
        let args: [(&str, &dyn std::fmt::Display); 2] =
            [("target", &lang.target_kind(t.kind)), ("year", &t.year)];
        push(lang.format("export.target", &args), Cell::count(t.value));
        push(lang.format("export.reached", &args), Cell::count(*reached));
    }
    for d in &f.by_district {
        let district = lang.district(d.district);
        let args: [(&str, &dyn std::fmt::Display); 1] = [("district", &district)];
        push(
            lang.format("export.district_caseload", &args),
            Cell::count(d.caseload),
        );
        push(
            lang.format("export.district_unemployed", &args),
            Cell::count(d.unemployed_working_age),
        );
        push(
            lang.format("export.district_placements", &args),
            Cell::count(d.placements),
        );
    }
    for (kind, n) in &f.by_kind {
        push(
            lang.format("export.kind", &[("kind", &lang.work_kind(*kind))]),
            Cell::count(*n),
        );
    }
    Table {
        header: vec![label("export.figure"), label("export.value")],
        rows,
    }
}

/// The ledger: one row per person, values in the reader's language.
pub fn ledger_table(lang: Lang, rows: &[LedgerRow]) -> Table {
    let header = [
        "export.h_id",
        "export.h_name",
        "export.h_certificate",
        "export.h_district",
        "export.h_category",
        "export.h_level",
        "export.h_status",
        "export.h_counselor",
        "export.h_needs",
        "export.h_assessment",
        "export.h_difficulty",
        "export.h_goal",
        "export.h_next_due",
        "export.h_last_contact",
        "export.h_placed_with",
        "export.h_placed_on",
        "export.h_retained_3",
        "export.h_retained_6",
    ]
    .iter()
    .map(|k| lang.get(k).to_string())
    .collect();
    let yes_no = |b: bool| Cell::text(lang.get(if b { "common.yes" } else { "common.no" }));
    let maybe = |b: Option<bool>| b.map_or(Cell::text(""), yes_no);
    let date = |d: Option<NaiveDate>| Cell::text(d.map(date_cell).unwrap_or_default());
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::Number(r.id),
                Cell::text(&r.name),
                Cell::text(&r.certificate),
                Cell::text(r.district.map(|d| lang.district(d)).unwrap_or_default()),
                Cell::text(r.category.map(|c| lang.category(c)).unwrap_or_default()),
                r.level
                    .map_or(Cell::text(""), |l| Cell::Number(i64::from(l))),
                Cell::text(status_name(lang, r.status)),
                Cell::text(&r.counselor),
                yes_no(r.needs_registered),
                Cell::text(
                    r.assessment
                        .map(|a| result_name(lang, a))
                        .unwrap_or_default(),
                ),
                yes_no(r.difficulty),
                Cell::text(&r.goal),
                date(r.next_due),
                date(r.last_contact),
                Cell::text(&r.placed_with),
                date(r.placed_on),
                maybe(r.retained_3),
                maybe(r.retained_6),
            ]
        })
        .collect();
    Table { header, rows }
}

fn status_name(lang: Lang, s: CaseStatus) -> &'static str {
    lang.get(match s {
        CaseStatus::Looking => "export.status_looking",
        CaseStatus::InWork => "export.status_in_work",
        CaseStatus::NotSeeking => "export.status_not_seeking",
    })
}

fn result_name(lang: Lang, r: AbilityResult) -> &'static str {
    lang.get(match r {
        AbilityResult::Ready => "export.result_ready",
        AbilityResult::ReadyWithSupport => "export.result_ready_with_support",
        AbilityResult::NeedsTraining => "export.result_needs_training",
        AbilityResult::NotNow => "export.result_not_now",
    })
}

/// Dates as spreadsheets sort them.
fn date_cell(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn internal(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal {
        detail: format!("{what}: {e}"),
    }
}

/// CSV in UTF-8 with a byte-order mark, so spreadsheet programs read the
/// Chinese right.
pub fn csv_bytes(table: &Table) -> StoreResult<Vec<u8>> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(&table.header)
            .map_err(|e| internal("csv", e))?;
        for row in &table.rows {
            w.write_record(row.iter().map(Cell::as_text))
                .map_err(|e| internal("csv", e))?;
        }
        w.flush().map_err(|e| internal("csv", e))?;
    }
    Ok(out)
}

/// One worksheet, its header bold and frozen, counts as numbers.
pub fn xlsx_bytes(table: &Table, sheet: String) -> StoreResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| internal("xlsx", e);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    // Sheet names are at most 31 characters.
    ws.set_name(sheet.chars().take(31).collect::<String>())
        .map_err(err)?;
    let bold = Format::new().set_bold();
    for (c, h) in table.header.iter().enumerate() {
        let col = u16::try_from(c).map_err(|e| internal("xlsx", e))?;
        ws.write_string_with_format(0, col, h, &bold).map_err(err)?;
        ws.set_column_width(col, (h.chars().count() as f64 * 1.6).clamp(10.0, 60.0))
            .map_err(err)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|e| internal("xlsx", e))?;
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).map_err(|e| internal("xlsx", e))?;
            match cell {
                Cell::Number(n) => ws.write_number(r, col, *n as f64).map(|_| ()),
                Cell::Text(s) if s.is_empty() => Ok(()),
                Cell::Text(s) => ws.write_string(r, col, s).map(|_| ()),
            }
            .map_err(err)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

/// What an I/O error says to the person: the same faults the database
/// reports.
fn io_fault(e: &std::io::Error) -> StoreError {
    use std::io::ErrorKind;
    let fault = match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => StorageFault::Full,
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => StorageFault::ReadOnly,
        _ => StorageFault::Io,
    };
    tracing::warn!("export: {e}");
    StoreError::Storage { fault }
}

/// Writes `bytes` to a temporary file in the target's folder, then
/// renames it over the target: the target is either the old file or the
/// whole new one.
pub fn write_whole(path: &Path, bytes: &[u8]) -> StoreResult<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io_fault(&std::io::Error::from(std::io::ErrorKind::InvalidInput)))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_fault(&e)
    })
}

#[cfg(test)]
mod tests;

// porter (issue 15, point 2): exports of people, an employer's
// applications and a course's roster.

impl ExportFormat {
    /// The format a file's name asks for: `.csv` or `.xlsx`.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }
}

/// Writes the records of `query` that `by` may see (the store decides,
/// and a server decides for its session) to `path`, in `format`.
pub fn export_records(
    store: &dyn Store,
    by: crate::domain::Actor,
    query: &crate::store::import::ExportQuery,
    format: ExportFormat,
    path: &Path,
    lang: Lang,
) -> StoreResult<Exported> {
    use crate::store::import::ExportRows;
    let records = store.export_rows(by, query)?;
    let (table, sheet) = match &records {
        ExportRows::People { rows } => (
            people_table(lang, rows),
            lang.get("porter.sheet_people").to_string(),
        ),
        ExportRows::Applications { employer, rows } => {
            (applications_table(lang, rows), employer.clone())
        }
        ExportRows::Roster { course, rows } => (roster_table(lang, rows), course.clone()),
    };
    let bytes = match format {
        ExportFormat::Csv => csv_bytes(&table)?,
        ExportFormat::Xlsx => xlsx_bytes(&table, sheet)?,
    };
    write_whole(path, &bytes)?;
    Ok(Exported {
        path: path.to_path_buf(),
        rows: table.rows.len(),
    })
}

fn yes_no_text(lang: Lang, b: bool) -> String {
    lang.get(if b { "common.yes" } else { "common.no" })
        .to_string()
}

/// People in exactly the columns of a people file (`import::PEOPLE_COLUMNS`),
/// headed in the reader's language, every value as text as the import
/// reads it back.
pub fn people_table(lang: Lang, rows: &[crate::store::import::PersonRow]) -> Table {
    let header = crate::import::PEOPLE_COLUMNS
        .iter()
        .map(|c| match lang {
            Lang::En => c.key.to_string(),
            Lang::ZhCn => c.zh.to_string(),
        })
        .collect();
    let separator = match lang {
        Lang::En => "; ",
        Lang::ZhCn => "、",
    };
    let rows = rows
        .iter()
        .map(|r| {
            let p = &r.profile;
            let date = |d: Option<NaiveDate>| Cell::text(d.map(date_cell).unwrap_or_default());
            let cells = vec![
                Cell::text(&r.external_id),
                Cell::text(&p.name),
                Cell::text(&p.mobile),
                Cell::text(&p.certificate),
                date(p.certificate_valid_until),
                Cell::text(p.district.map(|d| lang.district(d)).unwrap_or_default()),
                Cell::text(p.education.map(|e| lang.education(e)).unwrap_or_default()),
                Cell::text(yes_no_text(lang, p.braille_reader)),
                Cell::text(
                    p.formats
                        .iter()
                        .map(|f| lang.format_name(*f))
                        .collect::<Vec<_>>()
                        .join(separator),
                ),
                Cell::text(&p.desired_work),
                Cell::text(&p.needs),
                date(p.consent_at.map(|t| t.date_naive())),
                Cell::text(
                    p.massage_level
                        .map(|l| lang.massage_level(l))
                        .unwrap_or_default(),
                ),
                Cell::text(yes_no_text(lang, p.practice_certificate)),
                Cell::text(yes_no_text(lang, p.visual_component_confirmed)),
                Cell::text(&r.counselor),
                Cell::text(yes_no_text(lang, p.employed)),
            ];
            debug_assert_eq!(cells.len(), crate::import::PEOPLE_COLUMNS.len());
            cells
        })
        .collect();
    Table { header, rows }
}

/// The applications to an employer's jobs, oldest first.
pub fn applications_table(lang: Lang, rows: &[crate::store::import::ApplicationRow]) -> Table {
    let header = [
        "porter.h_reference",
        "porter.h_job",
        "porter.h_applicant",
        "porter.h_mobile",
        "export.h_certificate",
        "export.h_status",
        "porter.h_submitted_on",
        "porter.h_note",
    ]
    .iter()
    .map(|k| lang.get(k).to_string())
    .collect();
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.reference),
                Cell::text(&r.job_title),
                Cell::text(&r.applicant),
                Cell::text(&r.mobile),
                Cell::text(&r.certificate),
                Cell::text(lang.application_status(r.status)),
                Cell::text(date_cell(r.submitted_on)),
                Cell::text(&r.note),
            ]
        })
        .collect();
    Table { header, rows }
}

/// A course's roster: those holding a seat, then the waitlist in order.
pub fn roster_table(lang: Lang, rows: &[crate::store::import::RosterRow]) -> Table {
    let header = [
        "export.h_status",
        "porter.h_position",
        "export.h_name",
        "porter.h_mobile",
        "export.h_certificate",
        "export.h_counselor",
    ]
    .iter()
    .map(|k| lang.get(k).to_string())
    .collect();
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(lang.enrollment_status(r.status)),
                r.position
                    .map_or(Cell::text(""), |n| Cell::Number(i64::from(n))),
                Cell::text(&r.name),
                Cell::text(&r.mobile),
                Cell::text(&r.certificate),
                Cell::text(&r.counselor),
            ]
        })
        .collect();
    Table { header, rows }
}
