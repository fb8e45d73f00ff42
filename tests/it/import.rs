//! `jobdesk import`: CSV and XLSX files with English or Chinese headers,
//! every bad line reported and nothing written, re-imports harmless.

use std::path::Path;
use std::process::Output;

use jobdesk::store::{JobQuery, SqliteStore, Store};

use crate::common::run_jobdesk as jobdesk;

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn import(db: &Path, what: &str, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        what,
        file.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    jobdesk(&args, "")
}

/// Every job of the store, with its employer, by title.
fn jobs(db: &Path) -> Vec<(String, String, u32, u32)> {
    let store = SqliteStore::open(db).unwrap();
    let page = store
        .search_jobs(&JobQuery {
            include_closed: true,
            page_size: 100,
            ..JobQuery::default()
        })
        .unwrap();
    let mut all: Vec<_> = page
        .items
        .iter()
        .map(|s| {
            let j = store.job(s.id).unwrap();
            (j.title, j.employer_name, j.salary_min, j.salary_max)
        })
        .collect();
    all.sort();
    all
}

const EMPLOYERS_ZH: &str = "\u{feff}外部编号,单位名称,区市,医疗机构,联系方式
E1,青岛市盲人按摩医院,市南区,是,0532-81234567
E2,Harbour Call Center,370211,否,
";

const JOBS_EN: &str =
    "external_id,title,employer,kind,district,salary_min,salary_max,openings,remote,closes_on
J1,Massage therapist,E1,health_massage,Shinan,4000,6000,2,no,2099-12-31
J2,Phone support,Harbour Call Center,customer_service,Huangdao,3500,4500,1,yes,2099-06-30
";

#[test]
fn good_files_in_both_header_languages_import_once_and_update_on_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.db");
    let employers = dir.path().join("employers.csv");
    std::fs::write(&employers, EMPLOYERS_ZH).unwrap();
    let jobs_csv = dir.path().join("jobs.csv");
    std::fs::write(&jobs_csv, JOBS_EN).unwrap();

    let o = import(&db, "employers", &employers, &["--lang", "zh-CN"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("已新增用人单位 2 个"), "{}", out(&o));

    // A dry run checks and counts, and writes nothing.
    let o = import(&db, "jobs", &jobs_csv, &["--dry-run", "--lang", "en"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).starts_with("2 jobs would be added, 0 updated, 0 unchanged"),
        "{}",
        out(&o)
    );
    assert!(jobs(&db).is_empty());

    let o = import(&db, "jobs", &jobs_csv, &["--lang", "en"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).starts_with("2 jobs added, 0 updated, 0 unchanged"),
        "{}",
        out(&o)
    );
    let first = jobs(&db);
    assert_eq!(
        first,
        vec![
            (
                "Massage therapist".into(),
                "青岛市盲人按摩医院".into(),
                4000,
                6000
            ),
            (
                "Phone support".into(),
                "Harbour Call Center".into(),
                3500,
                4500
            ),
        ]
    );

    // The same files again change nothing.
    let o = import(&db, "employers", &employers, &["--lang", "en"]);
    assert!(
        out(&o).starts_with("0 employers added, 0 updated, 2 unchanged"),
        "{}",
        out(&o)
    );
    let o = import(&db, "jobs", &jobs_csv, &["--lang", "en"]);
    assert!(
        out(&o).starts_with("0 jobs added, 0 updated, 2 unchanged"),
        "{}",
        out(&o)
    );
    assert_eq!(jobs(&db), first);

    // A changed row updates its record, and search finds the new title.
    std::fs::write(
        &jobs_csv,
        JOBS_EN
            .replace("Phone support,", "Hotline agent,")
            .replace("3500,4500", "3800,4800"),
    )
    .unwrap();
    let o = import(&db, "jobs", &jobs_csv, &["--lang", "en"]);
    assert!(
        out(&o).starts_with("0 jobs added, 1 updated, 1 unchanged"),
        "{}",
        out(&o)
    );
    let now = jobs(&db);
    assert_eq!(now[0].0, "Hotline agent");
    assert_eq!((now[0].2, now[0].3), (3800, 4800));
    let store = SqliteStore::open(&db).unwrap();
    let found = store
        .search_jobs(&JobQuery {
            text: "hotline".into(),
            page_size: 10,
            ..JobQuery::default()
        })
        .unwrap();
    assert_eq!(found.total, 1);
    let gone = store
        .search_jobs(&JobQuery {
            text: "phone support".into(),
            page_size: 10,
            ..JobQuery::default()
        })
        .unwrap();
    assert_eq!(gone.total, 0);
}

#[test]
fn a_bad_file_reports_every_bad_line_in_the_interface_language_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let employers = dir.path().join("employers.csv");
    std::fs::write(&employers, EMPLOYERS_ZH).unwrap();
    assert!(import(&db, "employers", &employers, &[]).status.success());

    // Chinese headers: line 2 is good, 3 to 5 are not.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "岗位名称,用人单位,工种,区市,最低月薪,最高月薪,截止日期,外部编号
按摩师,E1,保健按摩,市南,4000,6000,2099-12-31,J1
客服,没有这家,customer_service,崂山,3000,4000,2099-12-31,J2
数据标注,E2,data_labelling,火星区,很多,4000,2099-13-01,J3
,E2,data_labelling,崂山,5000,4000,2099-12-31,J1
",
    )
    .unwrap();
    let o = import(&db, "jobs", &bad, &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    let said = err(&o);
    for expected in [
        "line 3, '用人单位': no employer has this name or external id: 没有这家.",
        "line 4, '区市': District: choose one of the ten districts of Qingdao.",
        "line 4, '最低月薪': Salary: type a whole number.",
        "line 4, '截止日期': 2099-13-01 is not a date",
        "line 5, '岗位名称': Title: this is required.",
        "line 5, '外部编号': the external id J1 is on an earlier line too.",
        "Nothing was written",
    ] {
        assert!(said.contains(expected), "missing {expected:?} in:\n{said}");
    }
    assert!(!said.contains("line 2,"), "{said}");
    assert!(jobs(&db).is_empty(), "nothing written");

    // The same in Chinese.
    let o = import(&db, "jobs", &bad, &["--lang", "zh-CN"]);
    assert_eq!(o.status.code(), Some(1));
    let said = err(&o);
    assert!(
        said.contains("第 3 行，“用人单位”：没有名称或外部编号为 没有这家 的用人单位。"),
        "{said}"
    );
    assert!(said.contains("未写入任何内容"), "{said}");

    // English headers, a missing required column.
    let missing = dir.path().join("missing.csv");
    std::fs::write(&missing, "title,employer\nMassage,E1\n").unwrap();
    let o = import(&db, "jobs", &missing, &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("line 1, 'salary_min': this column is missing from the file."),
        "{}",
        err(&o)
    );

    // Over 50 bad lines: the first 50, then how many more.
    let mut many = String::from("title,employer,kind,district,salary_min,salary_max,closes_on\n");
    for _ in 0..60 {
        many.push_str("Massage,E1,health_massage,Shinan,lots,6000,2099-12-31\n");
    }
    let many_csv = dir.path().join("many.csv");
    std::fs::write(&many_csv, many).unwrap();
    let o = import(&db, "jobs", &many_csv, &["--lang", "en"]);
    let said = err(&o);
    assert!(said.contains("line 51, "), "{said}");
    assert!(!said.contains("line 52, "), "{said}");
    assert!(said.contains("and 10 more."), "{said}");
    assert!(jobs(&db).is_empty());
}

#[test]
fn xlsx_files_import_like_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let employers = dir.path().join("employers.csv");
    std::fs::write(&employers, EMPLOYERS_ZH).unwrap();
    assert!(import(&db, "employers", &employers, &[]).status.success());

    let xlsx = dir.path().join("jobs.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "外部编号",
        "岗位名称",
        "用人单位",
        "工种",
        "区市",
        "最低月薪",
        "最高月薪",
        "截止日期",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "X1").unwrap();
    sheet.write_string(1, 1, "医疗按摩师").unwrap();
    sheet.write_string(1, 2, "青岛市盲人按摩医院").unwrap();
    sheet.write_string(1, 3, "medical_massage").unwrap();
    sheet.write_string(1, 4, "市南区").unwrap();
    sheet.write_number(1, 5, 5000.0).unwrap();
    sheet.write_number(1, 6, 7000.0).unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2099, 3, 1).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 7, &date, &format)
        .unwrap();
    // A bad second row.
    sheet.write_string(2, 0, "X2").unwrap();
    sheet.write_string(2, 1, "客服").unwrap();
    sheet.write_string(2, 2, "E2").unwrap();
    sheet.write_string(2, 3, "customer_service").unwrap();
    sheet.write_string(2, 4, "城阳").unwrap();
    sheet.write_number(2, 5, 9000.0).unwrap();
    sheet.write_number(2, 6, 4000.0).unwrap();
    sheet.write_string(2, 7, "2099-03-01").unwrap();
    book.save(&xlsx).unwrap();

    let o = import(&db, "jobs", &xlsx, &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("line 3, '最高月薪': Salary: "),
        "{}",
        err(&o)
    );
    assert!(jobs(&db).is_empty());

    // Without the bad row it imports, and again changes nothing.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "X1").unwrap();
    sheet.write_string(1, 1, "医疗按摩师").unwrap();
    sheet.write_string(1, 2, "青岛市盲人按摩医院").unwrap();
    sheet.write_string(1, 3, "医疗按摩").unwrap();
    sheet.write_string(1, 4, "市南区").unwrap();
    sheet.write_number(1, 5, 5000.0).unwrap();
    sheet.write_number(1, 6, 7000.0).unwrap();
    sheet
        .write_datetime_with_format(1, 7, &date, &format)
        .unwrap();
    book.save(&xlsx).unwrap();
    let o = import(&db, "jobs", &xlsx, &["--lang", "en"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).starts_with("1 job added"), "{}", out(&o));
    let o = import(&db, "jobs", &xlsx, &["--lang", "en"]);
    assert!(
        out(&o).starts_with("0 jobs added, 0 updated, 1 unchanged"),
        "{}",
        out(&o)
    );
    let store = SqliteStore::open(&db).unwrap();
    let page = store
        .search_jobs(&JobQuery {
            include_closed: true,
            page_size: 10,
            ..JobQuery::default()
        })
        .unwrap();
    let job = store.job(page.items[0].id).unwrap();
    assert_eq!(job.closes_on.to_string(), "2099-03-01");
    assert_eq!(job.kind, jobdesk::domain::WorkKind::MedicalMassage);
}

#[test]
fn only_staff_and_administrators_import_with_a_login() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let db_s = db.to_str().unwrap();
    let o = jobdesk(&["init", "--db", db_s, "--login", "admin"], "86420731\n");
    assert!(o.status.success(), "{}", err(&o));
    let o = jobdesk(
        &[
            "user",
            "add",
            "--db",
            db_s,
            "--role",
            "jobseeker",
            "--login",
            "wang",
        ],
        "2468\n",
    );
    assert!(o.status.success(), "{}", err(&o));
    let employers = dir.path().join("employers.csv");
    std::fs::write(&employers, EMPLOYERS_ZH).unwrap();
    let o = jobdesk(
        &[
            "import",
            "employers",
            employers.to_str().unwrap(),
            "--db",
            db_s,
            "--login",
            "wang",
            "--lang",
            "en",
        ],
        "2468\n",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("not allowed"), "{}", err(&o));
    let store = SqliteStore::open(&db).unwrap();
    assert!(store.employers().unwrap().is_empty());
    drop(store);
    let o = jobdesk(
        &[
            "import",
            "employers",
            employers.to_str().unwrap(),
            "--db",
            db_s,
            "--login",
            "admin",
            "--lang",
            "en",
        ],
        "86420731\n",
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).starts_with("2 employers added"), "{}", out(&o));
}

#[test]
fn over_a_server_staff_import_and_others_are_refused() {
    use crate::common::server::{PIN, TestServer};
    use jobdesk::i18n::Lang;
    let server = TestServer::new(Lang::En, 3);
    let url = server.url();
    let employers = server.dir.path().join("employers.csv");
    std::fs::write(&employers, EMPLOYERS_ZH).unwrap();
    let file = employers.to_str().unwrap();
    let before = server.direct().employers().unwrap().len();
    let remote = |login: &str, extra: &[&str]| {
        let mut args = vec![
            "--remote",
            url.as_str(),
            "import",
            "employers",
            file,
            "--login",
            login,
            "--lang",
            "en",
        ];
        args.extend_from_slice(extra);
        jobdesk(&args, &format!("{PIN}\n"))
    };
    for login in ["me", "coach"] {
        let o = remote(login, &[]);
        assert_eq!(o.status.code(), Some(1), "{login}");
        assert!(err(&o).contains("not allowed"), "{login}: {}", err(&o));
    }
    assert_eq!(server.direct().employers().unwrap().len(), before);
    let o = remote("admin", &["--dry-run"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).starts_with("2 employers would be added"),
        "{}",
        out(&o)
    );
    assert_eq!(server.direct().employers().unwrap().len(), before);
    let o = remote("admin", &[]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(server.direct().employers().unwrap().len(), before + 2);
    let o = remote("admin", &[]);
    assert!(
        out(&o).starts_with("0 employers added, 0 updated, 2 unchanged"),
        "{}",
        out(&o)
    );

    // A bad file over the server: its lines, nothing written.
    let jobs_csv = server.dir.path().join("jobs.csv");
    std::fs::write(
        &jobs_csv,
        "external_id,title,employer,kind,district,salary_min,salary_max,closes_on
R1,Phone support,E2,customer_service,Laoshan,3000,4000,2099-12-31
R2,Massage,Nobody Ltd,health_massage,Laoshan,3000,4000,2099-12-31
",
    )
    .unwrap();
    let o = jobdesk(
        &[
            "--remote",
            url.as_str(),
            "import",
            "jobs",
            jobs_csv.to_str().unwrap(),
            "--login",
            "admin",
            "--lang",
            "en",
        ],
        &format!("{PIN}\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o)
            .contains("line 3, 'employer': no employer has this name or external id: Nobody Ltd."),
        "{}",
        err(&o)
    );
    let page = server
        .direct()
        .search_jobs(&JobQuery {
            text: "phone support".into(),
            page_size: 10,
            ..JobQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 0);
}
