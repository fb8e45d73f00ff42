//! Issue 15, point 2: `jobdesk import courses|people` (good and bad files
//! in both header languages, the bad ones changing nothing), `jobdesk
//! export people|roster|applications`, the people round trip, and a large
//! import through the server.

use std::path::Path;
use std::process::Output;

use jobdesk::domain::{Actor, Counselor, District};
use jobdesk::store::import::{ExportQuery, ExportRows};
use jobdesk::store::{CourseQuery, SqliteStore, Store};

use crate::common::run_jobdesk as jobdesk;

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn run(db: &Path, args: &[&str]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend_from_slice(&["--db", db.to_str().unwrap()]);
    jobdesk(&all, "")
}

fn import(db: &Path, what: &str, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", what, file.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(db, &args)
}

/// Course titles of the store, sorted.
fn course_titles(db: &Path) -> Vec<String> {
    let store = SqliteStore::open(db).unwrap();
    let mut titles: Vec<String> = store
        .search_courses(&CourseQuery {
            include_started: true,
            page_size: 100,
            ..CourseQuery::default()
        })
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.title)
        .collect();
    titles.sort();
    titles
}

/// (name, counselor, certificate) of everyone in the store.
fn people(db: &Path) -> Vec<(String, String, String)> {
    let store = SqliteStore::open(db).unwrap();
    match store
        .export_rows(Actor::System, &ExportQuery::People)
        .unwrap()
    {
        ExportRows::People { rows } => rows
            .into_iter()
            .map(|r| (r.profile.name, r.counselor, r.profile.certificate))
            .collect(),
        other => panic!("{other:?}"),
    }
}

/// A store with the counselors people files name.
fn store_with_counselors(dir: &Path, name: &str) -> std::path::PathBuf {
    let db = dir.join(name);
    let store = SqliteStore::open(&db).unwrap();
    for (name, center) in [("Li Na", "Shinan Center"), ("孙磊", "李沧中心")] {
        store
            .add_counselor(&Counselor {
                id: 0,
                name: name.into(),
                center: center.into(),
                district: District::Shinan,
            })
            .unwrap();
    }
    db
}

/// A valid certificate number; `n` makes it unique.
fn certificate(n: u16) -> String {
    jobdesk::domain::certificate::sample(
        "370202",
        chrono::NaiveDate::from_ymd_opt(1988, 3, 1 + u32::from(n)).unwrap(),
        100 + n,
        jobdesk::domain::DisabilityCategory::Visual,
        1,
    )
}

/// The same number with a wrong check character (the 18th), and the
/// right one.
fn bad_check(number: &str) -> (String, char) {
    let right = number.chars().nth(17).unwrap();
    let wrong = if right == '1' { '2' } else { '1' };
    let mut bad: Vec<char> = number.chars().collect();
    bad[17] = wrong;
    (bad.into_iter().collect(), right)
}

const COURSES_EN: &str = "external_id,title,track,level,provider,district,starts_on,ends_on,enroll_by,hours,capacity,formats,requires_previous_level,min_age
C1,Health massage level 5,health_massage,level_5,Qingdao Blind Massage School,Shinan,2099-03-01,2099-04-30,2099-02-20,120,20,braille; audio,no,18
C2,Medical massage exam preparation,Medical massage exam preparation,,Qingdao Rehabilitation College,Licang,2099-05-01,2099-06-30,2099-04-20,200,15,,no,
";

const COURSES_ZH: &str = "\u{feff}外部编号,课程名称,培训类别,等级,培训机构,区市,开课日期,结课日期,报名截止,学时,名额,教材格式,需上一级证书
K1,保健按摩四级,保健按摩,四级（中级）,青岛市盲人按摩学校,市北区,2099-03-01,2099-04-30,2099-02-20,160,12,盲文、音频,是
K2,继续教育：经络,继续教育,,崂山职业培训中心,崂山区,2099-05-01,2099-05-03,2099-04-20,16,30,电子文本,否
";

#[test]
fn courses_import_in_both_header_languages_once_and_bad_files_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let en = dir.path().join("courses.csv");
    std::fs::write(&en, COURSES_EN).unwrap();
    let zh = dir.path().join("课程.csv");
    std::fs::write(&zh, COURSES_ZH).unwrap();

    let o = import(&db, "courses", &en, &["--dry-run", "--lang", "en"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).starts_with("2 courses would be added, 0 updated, 0 unchanged"),
        "{}",
        out(&o)
    );
    assert!(course_titles(&db).is_empty());
    let o = import(&db, "courses", &en, &["--lang", "en"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).starts_with("2 courses added, 0 updated, 0 unchanged"),
        "{}",
        out(&o)
    );
    let o = import(&db, "courses", &zh, &["--lang", "zh-CN"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("已新增课程 2 个"), "{}", out(&o));
    let first = course_titles(&db);
    assert_eq!(first.len(), 4);
    // The Chinese names of values are read as the values.
    let store = SqliteStore::open(&db).unwrap();
    let level4 = store
        .search_courses(&CourseQuery {
            text: "保健按摩四级".into(),
            include_started: true,
            page_size: 5,
            ..CourseQuery::default()
        })
        .unwrap()
        .items
        .remove(0);
    assert_eq!(level4.level, Some(jobdesk::domain::MassageLevel::Four));
    assert_eq!(level4.district, District::Shibei);
    assert!(level4.requires_previous_level);
    assert_eq!(
        level4.formats,
        vec![
            jobdesk::domain::Format::Braille,
            jobdesk::domain::Format::Audio
        ]
    );

    // Again: nothing changes.
    for (file, lang) in [(&en, "en"), (&zh, "en")] {
        let o = import(&db, "courses", file, &["--lang", lang]);
        assert!(
            out(&o).starts_with("0 courses added, 0 updated, 2 unchanged"),
            "{}",
            out(&o)
        );
    }
    assert_eq!(course_titles(&db), first);

    // Bad files: every bad line in the interface language, nothing written.
    let bad_en = dir.path().join("bad.csv");
    std::fs::write(
        &bad_en,
        "external_id,title,track,provider,district,starts_on,ends_on,enroll_by,hours,capacity
C3,Good course,health_massage,School,Shinan,2099-03-01,2099-04-30,2099-02-20,10,5
C4,No seats,health_massage,School,Shinan,2099-03-01,2099-04-30,2099-02-20,10,0
C5,Late,juggling,School,Shinan,2099-03-01,2099-02-01,2099-02-20,10,5
",
    )
    .unwrap();
    let o = import(&db, "courses", &bad_en, &["--lang", "zh-CN"]);
    assert_eq!(o.status.code(), Some(1));
    let said = err(&o);
    for expected in [
        "第 3 行，“capacity”：名额：请输入1到10000之间的数。",
        "第 4 行，“track”：juggling 不是以下之一：health_massage, ",
        "第 4 行，“enroll_by”：",
    ] {
        assert!(said.contains(expected), "missing {expected:?} in:\n{said}");
    }
    assert!(!said.contains("第 2 行"), "{said}");
    assert!(said.contains("未写入任何内容"), "{said}");
    let bad_zh = dir.path().join("坏.csv");
    std::fs::write(
        &bad_zh,
        "外部编号,课程名称,培训类别,培训机构,区市,开课日期,结课日期,报名截止,学时,名额
K3,好课程,保健按摩,学校,市南区,2099-03-01,2099-04-30,2099-02-20,10,5
K4,,保健按摩,学校,火星,2099-03-01,2099-04-30,2099-02-20,十,5
",
    )
    .unwrap();
    let o = import(&db, "courses", &bad_zh, &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    let said = err(&o);
    for expected in [
        "line 3, '课程名称': Title: this is required.",
        "line 3, '区市': District",
        "line 3, '学时': Hours",
        "Nothing was written",
    ] {
        assert!(said.contains(expected), "missing {expected:?} in:\n{said}");
    }
    assert_eq!(course_titles(&db), first, "nothing written");
}

#[test]
fn people_import_checks_certificates_and_counselors_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_counselors(dir.path(), "p.db");
    let en = dir.path().join("people.csv");
    std::fs::write(
        &en,
        format!(
            "external_id,name,mobile,certificate,district,education,braille_reader,formats,consented_on,massage_level,counselor,employed
P1,Wang Fang,13800138000,{},Shinan,Senior secondary school,yes,braille; audio,2026-03-01,level_4,Li Na,no
P2,Chen Jie,,,,,no,,,,,no
",
            certificate(1)
        ),
    )
    .unwrap();
    let zh = dir.path().join("人员.csv");
    std::fs::write(
        &zh,
        format!(
            "\u{feff}外部编号,姓名,手机号码,残疾证号,区市,学历,读盲文,阅读格式,就业指导员,已就业
R1,赵磊,13900139000,{},崂山区,大专,是,电子文本,孙磊,是
",
            certificate(2)
        ),
    )
    .unwrap();

    let o = import(&db, "people", &en, &["--dry-run", "--lang", "en"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).starts_with("2 people would be added"),
        "{}",
        out(&o)
    );
    assert!(people(&db).is_empty());
    let o = import(&db, "people", &en, &["--lang", "en"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).starts_with("2 people added, 0 updated, 0 unchanged"),
        "{}",
        out(&o)
    );
    let o = import(&db, "people", &zh, &["--lang", "zh-CN"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("已新增人员 1 个"), "{}", out(&o));
    let first = people(&db);
    assert_eq!(
        first,
        vec![
            ("Chen Jie".into(), String::new(), String::new()),
            ("Wang Fang".into(), "Li Na".into(), certificate(1)),
            ("赵磊".into(), "孙磊".into(), certificate(2)),
        ]
    );
    // An import never makes anyone the owner of the local file.
    let store = SqliteStore::open(&db).unwrap();
    assert_eq!(store.current_user().unwrap(), None);
    let wang = store.profile(1).unwrap();
    assert!(wang.braille_reader && wang.consent_at.is_some());
    assert_eq!(
        wang.massage_level,
        Some(jobdesk::domain::MassageLevel::Four)
    );
    drop(store);
    for file in [&en, &zh] {
        let o = import(&db, "people", file, &["--lang", "en"]);
        assert!(out(&o).contains(" added, 0 updated, "), "{}", out(&o));
        assert!(out(&o).starts_with("0 people added"), "{}", out(&o));
    }
    assert_eq!(people(&db), first);

    // Bad lines: a wrong check character, an unknown counselor, a number
    // another person holds; nothing written.
    let (wrong, right) = bad_check(&certificate(3));
    let bad_en = dir.path().join("bad.csv");
    std::fs::write(
        &bad_en,
        format!(
            "external_id,name,certificate,counselor
P3,Good Person,{},Li Na
P4,Bad Number,{wrong},
P5,Lost,{},Nobody Known
P6,Copy,{},
",
            certificate(4),
            certificate(5),
            certificate(1)
        ),
    )
    .unwrap();
    let o = import(&db, "people", &bad_en, &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    let said = err(&o);
    let wrong_char = wrong.chars().nth(17).unwrap();
    for expected in [
        format!(
            "line 3, 'certificate': Certificate number: the check character, the 18th, should be {right}, not {wrong_char}."
        ),
        "line 4, 'counselor': no counselor has this name: Nobody Known.".to_string(),
        "line 5, 'certificate': Certificate number: this number is already registered".to_string(),
        "Nothing was written".to_string(),
    ] {
        assert!(said.contains(&expected), "missing {expected:?} in:\n{said}");
    }
    assert!(!said.contains("line 2,"), "{said}");
    let bad_zh = dir.path().join("坏.csv");
    std::fs::write(
        &bad_zh,
        format!(
            "外部编号,姓名,残疾证号,就业指导员,手机号码
R2,钱七,{wrong},没有这人,12345
"
        ),
    )
    .unwrap();
    let o = import(&db, "people", &bad_zh, &["--lang", "zh-CN"]);
    assert_eq!(o.status.code(), Some(1));
    let said = err(&o);
    for expected in [
        format!("第 2 行，“残疾证号”：残疾人证号：第18位校验码应该是{right}，不是{wrong_char}。"),
        "第 2 行，“手机号码”：手机号：".to_string(),
        "未写入任何内容".to_string(),
    ] {
        assert!(said.contains(&expected), "missing {expected:?} in:\n{said}");
    }
    assert_eq!(people(&db), first, "nothing written");
}

/// The first sheet of an XLSX (or a CSV) as its header and rows.
fn cells(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let table = jobdesk::import::read_table(path).unwrap();
    let rows = table.rows.into_iter().map(|(_, r)| r).collect();
    (table.headers, rows)
}

#[test]
fn people_round_trip_export_import_export_gives_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = store_with_counselors(dir.path(), "a.db");
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        format!(
            "external_id,name,mobile,certificate,certificate_valid_until,district,education,braille_reader,formats,desired_work,needs,consented_on,massage_level,practice_certificate,visual_component_confirmed,counselor,employed
P1,Wang Fang,13800138000,{},2030-12-31,Huangdao,Bachelor's degree,yes,braille; audio,\"Massage, reception\",\"Screen reader; quiet room\",2026-03-01,level_3,yes,yes,Li Na,no
P2,赵磊,,,,,,no,,,,,,no,no,孙磊,yes
P3,Chen Jie,13900139000,{},,Licang,,no,electronic,,,,,no,no,,no
",
            certificate(1),
            certificate(2)
        ),
    )
    .unwrap();
    let o = import(&db, "people", &file, &[]);
    assert!(o.status.success(), "{}", err(&o));

    for (ext, lang) in [
        ("csv", "en"),
        ("csv", "zh-CN"),
        ("xlsx", "en"),
        ("xlsx", "zh-CN"),
    ] {
        let first = dir.path().join(format!("first-{lang}.{ext}"));
        let o = run(
            &db,
            &["export", "people", first.to_str().unwrap(), "--lang", lang],
        );
        assert!(o.status.success(), "{}", err(&o));
        assert!(
            out(&o).contains(if lang == "en" { "3 rows" } else { "3" }),
            "{}",
            out(&o)
        );
        let fresh = store_with_counselors(dir.path(), &format!("fresh-{lang}.{ext}.db"));
        let o = import(&fresh, "people", &first, &["--lang", lang]);
        assert!(o.status.success(), "{ext} {lang}: {}", err(&o));
        let again = dir.path().join(format!("again-{lang}.{ext}"));
        let o = run(
            &fresh,
            &["export", "people", again.to_str().unwrap(), "--lang", lang],
        );
        assert!(o.status.success(), "{}", err(&o));
        if ext == "csv" {
            assert_eq!(
                std::fs::read(&first).unwrap(),
                std::fs::read(&again).unwrap(),
                "{lang}"
            );
        }
        let (header, rows) = cells(&first);
        assert_eq!(
            (header.clone(), rows.clone()),
            cells(&again),
            "{ext} {lang}"
        );
        // The columns are exactly the people file's.
        let expected: Vec<String> = jobdesk::import::PEOPLE_COLUMNS
            .iter()
            .map(|c| if lang == "en" { c.key } else { c.zh }.to_string())
            .collect();
        assert_eq!(header, expected);
        assert_eq!(rows.len(), 3);
        let wang = rows.iter().find(|r| r[1] == "Wang Fang").unwrap();
        assert_eq!(wang[3], certificate(1));
        assert_eq!(wang[15], "Li Na");
        // Importing the export into the store it came from changes nothing.
        let o = import(&db, "people", &first, &["--lang", "en"]);
        assert!(
            out(&o).starts_with("0 people added, 0 updated, 3 unchanged"),
            "{ext} {lang}: {}{}",
            out(&o),
            err(&o)
        );
    }
}

#[test]
fn roster_and_applications_exports_by_the_file_name() {
    use jobdesk::store::{ApplyRequest, RegisterRequest, new_request_id};
    let dir = tempfile::tempdir().unwrap();
    let (_keep, store, report) = crate::common::seeded(jobdesk::i18n::Lang::En, 20);
    let db = _keep.path().join("test.db");
    let today = crate::common::today();
    let course = store
        .post_course(
            Actor::System,
            crate::common::course(
                "Roster export",
                1,
                today + chrono::Duration::days(20),
                today + chrono::Duration::days(10),
            ),
        )
        .unwrap();
    let people: Vec<i64> = store
        .case_rows(&crate::common::caseload_query(report.counselor.unwrap()))
        .unwrap()
        .items
        .into_iter()
        .filter(|p| p.category == Some(jobdesk::domain::DisabilityCategory::Visual))
        .map(|p| p.id)
        .take(3)
        .collect();
    for id in &people {
        store
            .register(&RegisterRequest {
                request_id: new_request_id(),
                course_id: course.id,
                profile_id: *id,
                by: Actor::Jobseeker(*id),
            })
            .unwrap();
    }
    let xlsx = dir.path().join("roster.xlsx");
    let o = run(
        &db,
        &[
            "export",
            "roster",
            "--course",
            &course.id.to_string(),
            xlsx.to_str().unwrap(),
            "--lang",
            "zh-CN",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let (header, rows) = cells(&xlsx);
    assert_eq!(header[1], "候补位次");
    let positions: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(positions, vec!["", "1", "2"]);
    assert_eq!(rows[0][0], "已报名");

    let job = store
        .search_jobs(&jobdesk::store::JobQuery {
            page_size: 1,
            ..Default::default()
        })
        .unwrap()
        .items
        .remove(0);
    let job = store.job(job.id).unwrap();
    let applied = store
        .apply(&ApplyRequest {
            request_id: new_request_id(),
            job_id: job.id,
            profile_id: people[0],
            note: "Morning shifts, please.".into(),
            by: Actor::Jobseeker(people[0]),
        })
        .unwrap();
    let csv = dir.path().join("applications.CSV");
    let o = run(
        &db,
        &[
            "export",
            "applications",
            "--employer",
            &job.employer_id.to_string(),
            csv.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let (header, rows) = cells(&csv);
    assert_eq!(header[0], "Reference");
    assert!(
        rows.iter()
            .any(|r| r[0] == applied.reference && r[7] == "Morning shifts, please."),
        "{rows:?}"
    );

    // Without --course, or with a name that is neither .csv nor .xlsx.
    let o = run(&db, &["export", "roster", xlsx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("--course"), "{}", err(&o));
    let o = run(&db, &["export", "people", "people.txt", "--lang", "zh-CN"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("不是 .csv 或 .xlsx 文件"), "{}", err(&o));
}

#[test]
fn a_one_mebibyte_import_goes_through_the_server() {
    use jobdesk::store::import::{ImportBatch, Imported};
    let server = crate::common::server::TestServer::new(jobdesk::i18n::Lang::En, 5);
    let admin = server.client_as("admin");
    let rows: Vec<Imported<jobdesk::domain::Employer>> = (0..5000)
        .map(|n| Imported {
            line: n + 2,
            external_id: format!("BIG-{n}"),
            record: jobdesk::domain::Employer {
                id: 0,
                name: format!("Employer number {n} of a large import"),
                district: District::Chengyang,
                medical_institution: false,
                contact: format!("0532-{n:08} {}", "x".repeat(120)),
            },
        })
        .collect();
    let batch = ImportBatch::Employers(rows);
    let body = serde_json::to_vec(&jobdesk::protocol::ImportRequest {
        batch: batch.clone(),
        dry_run: false,
    })
    .unwrap();
    assert!(body.len() > 1024 * 1024, "{} bytes", body.len());
    assert!(body.len() < jobdesk::server::IMPORT_BODY_LIMIT);
    let before = server.direct().employers().unwrap().len();
    let counts = admin.import(Actor::System, &batch, false).unwrap().unwrap();
    assert_eq!(counts.added, 5000);
    assert_eq!(server.direct().employers().unwrap().len(), before + 5000);
}

#[test]
fn older_command_line_messages_speak_the_interface_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let db = db.to_str().unwrap();
    let o = jobdesk(&["seed", "--db", db, "--jobs", "3", "--lang", "zh-CN"], "");
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("已把 3 个岗位"), "{}", err(&o));
    let o = jobdesk(&["seed", "--lang", "zh-CN"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("seed 需要 --db PATH。"), "{}", err(&o));
    let add = |login: &str, pin: &str, lang: &str| {
        jobdesk(
            &[
                "user", "add", "--db", db, "--role", "staff", "--login", login, "--lang", lang,
            ],
            pin,
        )
    };
    let o = add("wang", "2468\n", "zh-CN");
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("已创建账户 wang"), "{}", err(&o));
    let o = add("li", "1\n", "zh-CN");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("密码须为4到64个字符"), "{}", err(&o));
    let o = add("li", "1\n", "en");
    assert!(
        err(&o).contains("the PIN or password must be 4 to 64"),
        "{}",
        err(&o)
    );
    let o = add("wang", "2468\n", "zh-CN");
    assert_eq!(o.status.code(), Some(1));
    assert!(!err(&o).contains("taken"), "{}", err(&o));
    let o = jobdesk(
        &[
            "target", "set", "training", "2026", "30", "--db", db, "--lang", "zh-CN",
        ],
        "",
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("已设定目标"), "{}", err(&o));
    let o = jobdesk(
        &[
            "--remote",
            "http://127.0.0.1:9",
            "export",
            "people",
            "p.csv",
            "--lang",
            "zh-CN",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("无法连接") || err(&o).contains("连接服务器需要"),
        "{}",
        err(&o)
    );
}
