//! Exports read back: the CSV with `csv`, the XLSX as the zip of XML
//! parts it is.

use std::io::Read as _;
use std::sync::Arc;

use super::*;
use crate::clock::FixedClock;
use crate::domain::{Actor, Counselor, District, Profile};
use crate::store::SqliteStore;
use crate::store::accounts::{Owner, Role};

/// Two people of counselor 1 (Shinan Center), one of counselor 2 (Licang).
fn store() -> SqliteStore {
    let today = NaiveDate::from_ymd_opt(2025, 11, 15).unwrap();
    let s = SqliteStore::in_memory(Arc::new(FixedClock::on(today))).unwrap();
    for (name, center) in [("Li Na", "Shinan Center"), ("Sun Lei", "Licang Center")] {
        s.add_counselor(&Counselor {
            id: 0,
            name: name.into(),
            center: center.into(),
            district: District::Shinan,
        })
        .unwrap();
    }
    for (name, counselor) in [("Wang Fang", 1), ("Chen Jie", 1), ("Zhao Lei", 2)] {
        s.save_profile(
            Actor::System,
            Profile {
                name: name.into(),
                district: Some(District::Shibei),
                counselor_id: Some(counselor),
                ..Profile::default()
            },
        )
        .unwrap();
    }
    s
}

fn request(what: ExportWhat, format: ExportFormat, path: &Path, lang: Lang) -> ExportRequest {
    ExportRequest {
        what,
        scope: FigureScope::Counselor(1),
        format,
        path: path.to_path_buf(),
        lang,
    }
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// The text of one part of an XLSX file.
fn xlsx_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn figures_go_to_csv_as_figure_and_value_rows_in_both_languages() {
    let s = store();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("figures-out.csv");
    let done = export(
        &s,
        &request(
            ExportWhat::Figures { year: 2025 },
            ExportFormat::Csv,
            &path,
            Lang::En,
        ),
    )
    .unwrap();
    let (header, rows) = read_csv(&path);
    assert_eq!(header, ["Figure", "Value"]);
    assert_eq!(done.rows, rows.len());
    assert_eq!(rows[0], ["Whose figures", "counselor Li Na"]);
    assert!(
        rows.contains(&vec!["Caseload".to_string(), "2".to_string()]),
        "{rows:?}"
    );
    assert!(rows.contains(&vec!["Shibei: caseload".to_string(), "2".to_string()]));

    export(
        &s,
        &request(
            ExportWhat::Figures { year: 2025 },
            ExportFormat::Csv,
            &path,
            Lang::ZhCn,
        ),
    )
    .unwrap();
    let (header, rows) = read_csv(&path);
    assert_eq!(header, ["指标", "数值"]);
    assert_eq!(rows[0], ["统计范围", "辅导员Li Na"]);
    assert!(rows.contains(&vec!["服务对象人数".to_string(), "2".to_string()]));
    assert!(rows.contains(&vec!["市北区：服务对象人数".to_string(), "2".to_string()]));
}

#[test]
fn the_ledger_goes_to_csv_and_xlsx_one_row_per_person() {
    let s = store();
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("ledger.csv");
    let done = export(
        &s,
        &request(ExportWhat::Ledger, ExportFormat::Csv, &csv_path, Lang::En),
    )
    .unwrap();
    assert_eq!(done.rows, 2, "only counselor 1's people");
    let (header, rows) = read_csv(&csv_path);
    assert_eq!(header.len(), 18);
    assert_eq!(header[1], "Name");
    let names: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, ["Chen Jie", "Wang Fang"], "in name order");
    assert_eq!(rows[0][3], "Shibei");
    assert_eq!(rows[0][7], "Li Na");
    assert_eq!(rows[0][6], "looking for work");

    let xlsx = dir.path().join("ledger.xlsx");
    let done = export(
        &s,
        &request(ExportWhat::Ledger, ExportFormat::Xlsx, &xlsx, Lang::ZhCn),
    )
    .unwrap();
    assert_eq!(done.rows, 2);
    let strings = xlsx_part(&xlsx, "xl/sharedStrings.xml");
    for text in [
        "姓名",
        "残疾人证号",
        "Chen Jie",
        "Wang Fang",
        "市北区",
        "求职中",
    ] {
        assert!(strings.contains(text), "{text} not in {strings}");
    }
    assert!(!strings.contains("Zhao Lei"), "not counselor 1's");
    let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<row r=\"3\""),
        "a header and two rows: {sheet}"
    );
    assert!(!sheet.contains("<row r=\"4\""));
}

#[test]
fn figures_go_to_xlsx_with_counts_as_numbers() {
    let s = store();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("figures-out.xlsx");
    export(
        &s,
        &request(
            ExportWhat::Figures { year: 2025 },
            ExportFormat::Xlsx,
            &path,
            Lang::En,
        ),
    )
    .unwrap();
    let strings = xlsx_part(&path, "xl/sharedStrings.xml");
    assert!(strings.contains("Caseload") && strings.contains("Figure"));
    let sheet = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    // The caseload (2) is a number cell, not text.
    assert!(sheet.contains("<v>2</v>"), "{sheet}");
}

#[test]
fn a_write_that_fails_leaves_no_file_and_says_why() {
    let s = store();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no such folder").join("ledger.csv");
    let err = export(
        &s,
        &request(ExportWhat::Ledger, ExportFormat::Csv, &missing, Lang::En),
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Storage { .. }), "{err:?}");
    // Writing over a file replaces it whole and leaves no temporary file.
    let path = dir.path().join("ledger.csv");
    std::fs::write(&path, "old").unwrap();
    export(
        &s,
        &request(ExportWhat::Ledger, ExportFormat::Csv, &path, Lang::En),
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("Wang Fang")
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("ledger.csv")]);
    // A folder is not a file to write.
    let err = write_whole(dir.path(), b"x").unwrap_err();
    assert!(matches!(err, StoreError::Storage { .. }));
}

#[test]
fn an_export_holds_only_what_the_caller_may_see() {
    let s = store();
    s.add_account_owned("li", Role::Counselor, "2468", Owner::Counselor(1))
        .unwrap();
    s.log_in("li", "2468").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.csv");
    let mut city = request(ExportWhat::Ledger, ExportFormat::Csv, &path, Lang::En);
    city.scope = FigureScope::City;
    assert_eq!(export(&s, &city), Err(StoreError::Forbidden));
    assert!(!path.exists());
    let mut other = city.clone();
    other.scope = FigureScope::Counselor(2);
    assert_eq!(export(&s, &other), Err(StoreError::Forbidden));
    let mut center = city;
    center.scope = FigureScope::Center("Shinan Center".into());
    assert_eq!(export(&s, &center).unwrap().rows, 2);
}
