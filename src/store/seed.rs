//! Qingdao sample data: employers, jobs across all ten districts, massage
//! training courses (some nearly full), a counselor and sample jobseekers.
//! Deterministic for a given seed, so tests and benchmarks can rely on it.

use chrono::{Duration, NaiveDate};

use super::{Admin, ApplyRequest, RegisterRequest, Store, StoreResult};
use crate::domain::casework::{
    AbilityResult, Assessment, CaseChange, CaseEdit, ContactKind, Contract, Difficulty,
    HoursWanted, Household, Needs, NewContact, NewPlacement, NewStep, RecommendRequest,
    Recommended, Skill, StepKind,
};
use crate::domain::certificate::sample as sample_certificate;
use crate::domain::eligibility;
use crate::domain::{
    Actor, Counselor, DisabilityCategory, District, Education, Employer, Format, Id, MassageLevel,
    NewCourse, NewJob, Profile, Track, WorkKind,
};
use crate::i18n::Lang;

/// How much to write.
#[derive(Debug, Clone, Copy)]
pub struct SeedOptions {
    pub jobs: u32,
    pub lang: Lang,
    pub today: NaiveDate,
    /// Also write courses, people, applications and registrations.
    pub people_and_courses: bool,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub employers: u32,
    pub jobs: u64,
    pub courses: u32,
    pub jobseekers: u32,
    /// The local user's profile (the demo's "me").
    pub me: Option<Id>,
    /// The demo's counselor, whose caseload holds the sample people.
    pub counselor: Option<Id>,
}

/// Text in both languages; the seed picks one.
type Bi = (&'static str, &'static str);

fn pick(lang: Lang, text: Bi) -> String {
    match lang {
        Lang::ZhCn => text.0.to_string(),
        Lang::En => text.1.to_string(),
    }
}

struct EmployerSeed {
    name: Bi,
    district: District,
    medical: bool,
    kinds: &'static [WorkKind],
}

const EMPLOYERS: &[EmployerSeed] = &[
    EmployerSeed {
        name: ("青岛市海慈医院", "Haici Hospital"),
        district: District::Shibei,
        medical: true,
        kinds: &[WorkKind::MedicalMassage],
    },
    EmployerSeed {
        name: (
            "青岛大学附属医院",
            "Affiliated Hospital of Qingdao University",
        ),
        district: District::Shinan,
        medical: true,
        kinds: &[WorkKind::MedicalMassage],
    },
    EmployerSeed {
        name: ("黄岛区中医医院", "Huangdao Hospital of Chinese Medicine"),
        district: District::Huangdao,
        medical: true,
        kinds: &[WorkKind::MedicalMassage],
    },
    EmployerSeed {
        name: ("崂山区中医门诊部", "Laoshan Chinese Medicine Clinic"),
        district: District::Laoshan,
        medical: true,
        kinds: &[WorkKind::MedicalMassage],
    },
    EmployerSeed {
        name: ("即墨区康复医院", "Jimo Rehabilitation Hospital"),
        district: District::Jimo,
        medical: true,
        kinds: &[WorkKind::MedicalMassage],
    },
    EmployerSeed {
        name: (
            "齐鲁手创盲人按摩中心",
            "Qilu Shouchuang Blind Massage Centre",
        ),
        district: District::Shinan,
        medical: false,
        kinds: &[WorkKind::HealthMassage],
    },
    EmployerSeed {
        name: ("李沧区明目盲人保健按摩店", "Mingmu Blind Health Massage"),
        district: District::Licang,
        medical: false,
        kinds: &[WorkKind::HealthMassage],
    },
    EmployerSeed {
        name: ("城阳区春晖按摩养生馆", "Chunhui Massage and Wellness"),
        district: District::Chengyang,
        medical: false,
        kinds: &[WorkKind::HealthMassage],
    },
    EmployerSeed {
        name: ("胶州市康泰盲人按摩所", "Kangtai Blind Massage"),
        district: District::Jiaozhou,
        medical: false,
        kinds: &[WorkKind::HealthMassage],
    },
    EmployerSeed {
        name: ("平度市光明按摩店", "Guangming Massage"),
        district: District::Pingdu,
        medical: false,
        kinds: &[WorkKind::HealthMassage],
    },
    EmployerSeed {
        name: (
            "青岛智标数据科技有限公司",
            "Qingdao Zhibiao Data Technology",
        ),
        district: District::Laoshan,
        medical: false,
        kinds: &[WorkKind::DataLabelling, WorkKind::ContentReview],
    },
    EmployerSeed {
        name: ("海韵有声文化传媒", "Haiyun Audio Media"),
        district: District::Shibei,
        medical: false,
        kinds: &[WorkKind::AudiobookNarration],
    },
    EmployerSeed {
        name: (
            "青岛联通客户服务中心",
            "Qingdao Unicom Customer Service Centre",
        ),
        district: District::Licang,
        medical: false,
        kinds: &[WorkKind::CustomerService],
    },
    EmployerSeed {
        name: ("西海岸云审核服务中心", "West Coast Cloud Review Centre"),
        district: District::Huangdao,
        medical: false,
        kinds: &[WorkKind::ContentReview, WorkKind::DataLabelling],
    },
    EmployerSeed {
        name: (
            "莱西市农产品电商合作社",
            "Laixi Farm Produce E-commerce Cooperative",
        ),
        district: District::Laixi,
        medical: false,
        kinds: &[WorkKind::ECommerce],
    },
    EmployerSeed {
        name: (
            "即墨区助残电商孵化基地",
            "Jimo Disability E-commerce Incubator",
        ),
        district: District::Jimo,
        medical: false,
        kinds: &[WorkKind::ECommerce, WorkKind::CustomerService],
    },
    EmployerSeed {
        name: (
            "市南区社区助残服务站",
            "Shinan Community Disability Service Station",
        ),
        district: District::Shinan,
        medical: false,
        kinds: &[WorkKind::PublicWelfare],
    },
    EmployerSeed {
        name: (
            "平度市残疾人辅助性就业中心",
            "Pingdu Assisted Employment Centre",
        ),
        district: District::Pingdu,
        medical: false,
        kinds: &[WorkKind::Handicraft, WorkKind::PublicWelfare],
    },
    EmployerSeed {
        name: ("琴屿浪花文创工作室", "Qinyu Langhua Creative Studio"),
        district: District::Shibei,
        medical: false,
        kinds: &[WorkKind::Handicraft],
    },
    EmployerSeed {
        name: ("城阳区居家客服外包中心", "Chengyang Home Call Centre"),
        district: District::Chengyang,
        medical: false,
        kinds: &[WorkKind::CustomerService],
    },
];

struct JobTemplate {
    kind: WorkKind,
    title: Bi,
    description: Bi,
    accommodations: Bi,
    salary: (u32, u32),
    remote: bool,
    suits_visual: bool,
}

const TEMPLATES: &[JobTemplate] = &[
    JobTemplate {
        kind: WorkKind::MedicalMassage,
        title: ("医疗按摩师", "Medical massage therapist"),
        description: (
            "在医院康复科或推拿科为患者提供医疗按摩，需持有盲人医疗按摩人员从业资格证或通过考试。",
            "Medical massage for patients in the rehabilitation or tuina department. Needs the blind medical massage practice certificate or an exam pass.",
        ),
        accommodations: (
            "科室提供盲文排班表和读屏电脑，可安排导盲。",
            "Braille rota and a computer with a screen reader; guided orientation on the ward.",
        ),
        salary: (6000, 8000),
        remote: false,
        suits_visual: true,
    },
    JobTemplate {
        kind: WorkKind::HealthMassage,
        title: ("盲人保健按摩师", "Blind health massage therapist"),
        description: (
            "为顾客提供保健按摩服务，持保健按摩职业技能等级证书者优先，提供住宿。",
            "Health massage for customers. A health massage skill certificate is preferred; housing provided.",
        ),
        accommodations: (
            "店内通道无障碍，语音叫号，提供岗前培训。",
            "Step-free shop, spoken queue calls, training before starting.",
        ),
        salary: (4000, 7000),
        remote: false,
        suits_visual: true,
    },
    JobTemplate {
        kind: WorkKind::DataLabelling,
        title: (
            "语音数据标注员（居家）",
            "Speech data labeller (home-based)",
        ),
        description: (
            "听取语音片段并标注文本，使用读屏软件即可完成，按件计酬，平台派单倾斜。",
            "Listen to speech clips and label the text; works fully with a screen reader. Paid per item, with priority dispatch.",
        ),
        accommodations: (
            "标注工具兼容NVDA和争渡读屏，提供免费培训。",
            "The labelling tool works with NVDA and Zhengdu; free training.",
        ),
        salary: (3000, 5000),
        remote: true,
        suits_visual: true,
    },
    JobTemplate {
        kind: WorkKind::AudiobookNarration,
        title: ("有声书演播员", "Audiobook narrator"),
        description: (
            "为有声书平台录制小说和科普读物，居家录音，平台提供录音设备补贴。",
            "Record novels and popular-science books for an audio platform from home; a recording equipment allowance is paid.",
        ),
        accommodations: (
            "剧本提供电子文本，可用读屏或盲文点显器阅读。",
            "Scripts come as electronic text for a screen reader or braille display.",
        ),
        salary: (3500, 9000),
        remote: true,
        suits_visual: true,
    },
    JobTemplate {
        kind: WorkKind::CustomerService,
        title: ("电话客服专员", "Telephone customer service agent"),
        description: (
            "接听客户来电，解答业务咨询，可居家办公，五险一金。",
            "Answer customer calls and questions; home working possible; full social insurance.",
        ),
        accommodations: (
            "客服系统经过读屏适配，提供耳机和键盘快捷键说明。",
            "The call system was tested with screen readers; headset and keyboard shortcut guide provided.",
        ),
        salary: (3500, 5500),
        remote: true,
        suits_visual: true,
    },
    JobTemplate {
        kind: WorkKind::ContentReview,
        title: ("音频内容审核员", "Audio content reviewer"),
        description: (
            "审核平台音频和直播内容是否合规，轮班制，可远程。",
            "Review audio and live-stream content for compliance; shifts; remote possible.",
        ),
        accommodations: (
            "审核后台支持全键盘操作。",
            "The review console works with the keyboard alone.",
        ),
        salary: (4000, 6000),
        remote: true,
        suits_visual: true,
    },
    JobTemplate {
        kind: WorkKind::ECommerce,
        title: ("农产品直播带货主播", "Live-stream seller of farm produce"),
        description: (
            "通过直播和短视频销售本地农产品，提供直播培训和流量扶持。",
            "Sell local farm produce through live streams and short videos; training and promotion support given.",
        ),
        accommodations: (
            "可安排助理协助上架商品。",
            "An assistant can help list products.",
        ),
        salary: (3000, 8000),
        remote: false,
        suits_visual: false,
    },
    JobTemplate {
        kind: WorkKind::PublicWelfare,
        title: (
            "社区助残联络员（公益性岗位）",
            "Community disability liaison (public-welfare post)",
        ),
        description: (
            "走访社区残疾人家庭，登记就业需求，协助办理证件，政府公益性岗位。",
            "Visit disabled residents at home, register their job needs and help with paperwork. A government public-welfare post.",
        ),
        accommodations: (
            "工作时间灵活，就近安排。",
            "Flexible hours, placed close to home.",
        ),
        salary: (2500, 3000),
        remote: false,
        suits_visual: true,
    },
    JobTemplate {
        kind: WorkKind::Handicraft,
        title: ("手工编织工", "Hand weaver"),
        description: (
            "参与琴屿浪花文创项目，制作编织工艺品，计件工资，提供原料。",
            "Make woven crafts for the Qinyu Langhua creative project; piece rates, materials provided.",
        ),
        accommodations: (
            "可居家完成，定期上门收货。",
            "Can be done at home; finished work is collected.",
        ),
        salary: (2000, 3500),
        remote: true,
        suits_visual: true,
    },
];

const DISTRICT_REGION: &[(District, &str)] = &[
    (District::Shinan, "370202"),
    (District::Shibei, "370203"),
    (District::Huangdao, "370211"),
    (District::Laoshan, "370212"),
    (District::Licang, "370213"),
    (District::Chengyang, "370214"),
    (District::Jimo, "370215"),
    (District::Jiaozhou, "370281"),
    (District::Pingdu, "370283"),
    (District::Laixi, "370285"),
];

/// Writes sample data. Jobs go in one transaction, so 100,000 take seconds.
pub fn seed<S: Store + Admin + ?Sized>(store: &S, options: SeedOptions) -> StoreResult<SeedReport> {
    let lang = options.lang;
    let today = options.today;
    let mut report = SeedReport::default();
    let mut employer_ids = Vec::new();
    for e in EMPLOYERS {
        let id = store.add_employer(&Employer {
            id: 0,
            name: pick(lang, e.name),
            district: e.district,
            medical_institution: e.medical,
            contact: format!("0532-8{:07}", 1_000_000 + employer_ids.len() * 7919),
        })?;
        employer_ids.push(id);
    }
    report.employers = employer_ids.len() as u32;

    let mut rng = fastrand::Rng::with_seed(2025);
    let mut jobs = Vec::with_capacity(options.jobs as usize);
    for i in 0..options.jobs as usize {
        let template = &TEMPLATES[i % TEMPLATES.len()];
        // Employers offering this kind, in turn.
        let offering: Vec<usize> = EMPLOYERS
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kinds.contains(&template.kind))
            .map(|(n, _)| n)
            .collect();
        let employer = offering[(i / TEMPLATES.len()) % offering.len()];
        // Remote jobs and public posts spread over every district.
        let district = if template.remote || template.kind == WorkKind::PublicWelfare {
            District::ALL[(i / TEMPLATES.len() + i) % District::ALL.len()]
        } else {
            EMPLOYERS[employer].district
        };
        let (low, high) = template.salary;
        let salary_min = low + 500 * rng.u32(0..=2);
        let salary_max = (high + 500 * rng.u32(0..=2)).max(salary_min);
        let posted_on = today - Duration::days(i64::from(rng.u32(0..60)));
        let closes_on = today + Duration::days(i64::from(rng.u32(5..90)));
        let title = pick(lang, template.title);
        jobs.push(NewJob {
            employer_id: employer_ids[employer],
            title,
            kind: template.kind,
            district,
            address: address(lang, district, i),
            description: pick(lang, template.description),
            salary_min,
            salary_max,
            openings: 1 + rng.u32(0..5),
            suits_visual: template.suits_visual,
            remote: template.remote,
            requires_practice_certificate: template.kind == WorkKind::MedicalMassage,
            accommodations: pick(lang, template.accommodations),
            how_to_apply: pick(
                lang,
                (
                    "在本程序中提交申请，先线上沟通，后线下面试。",
                    "Apply here; we talk online first, then meet in person.",
                ),
            ),
            posted_on,
            closes_on,
        });
    }
    // Ids follow posting dates, as they do when jobs are posted day by day.
    jobs.sort_by_key(|j| j.posted_on);
    report.jobs = store.post_jobs(jobs)?;

    if options.people_and_courses {
        seed_people_and_courses(store, lang, today, &mut report)?;
        // The city's targets for the year, so the figures read against
        // them as a center's would ("New employment 2026: 18 of the 30 set").
        for (kind, value) in DEMO_TARGETS {
            let target = crate::domain::casework::Target {
                kind,
                year: chrono::Datelike::year(&today),
                value,
            };
            store.set_target(crate::domain::Actor::System, &target)?;
        }
    }
    Ok(report)
}

/// The demo's yearly targets: new employment and training registrations.
const DEMO_TARGETS: [(crate::domain::casework::TargetKind, u64); 2] = [
    (crate::domain::casework::TargetKind::NewEmployment, 30),
    (crate::domain::casework::TargetKind::Training, 200),
];

fn address(lang: Lang, district: District, i: usize) -> String {
    let streets: [Bi; 5] = [
        ("香港中路", "Xianggang Middle Road"),
        ("辽宁路", "Liaoning Road"),
        ("长江路", "Changjiang Road"),
        ("重庆路", "Chongqing Road"),
        ("正阳路", "Zhengyang Road"),
    ];
    let street = pick(lang, streets[i % streets.len()]);
    let number = 10 + (i * 37) % 300;
    match lang {
        Lang::ZhCn => format!("{}{street}{number}号", district.name_zh()),
        Lang::En => format!("{number} {street}, {}", district.name_en()),
    }
}

struct CourseSeed {
    title: Bi,
    track: Track,
    level: Option<MassageLevel>,
    provider: Bi,
    district: District,
    starts_in: i64,
    weeks: i64,
    hours: u32,
    capacity: u32,
    formats: &'static [Format],
    requires_previous_level: bool,
    min_education: Option<Education>,
    leads_to: Bi,
    /// Sample jobseekers already registered (fills courses up).
    taken: u32,
}

const COURSES: &[CourseSeed] = &[
    CourseSeed {
        title: (
            "盲人保健按摩五级（初级）培训",
            "Blind health massage, level 5 (entry)",
        ),
        track: Track::HealthMassage,
        level: Some(MassageLevel::Five),
        provider: (
            "青岛市残疾人职业培训基地",
            "Qingdao Disability Vocational Training Base",
        ),
        district: District::Shibei,
        starts_in: 21,
        weeks: 8,
        hours: 240,
        capacity: 30,
        formats: &[Format::Braille, Format::Audio],
        requires_previous_level: false,
        min_education: None,
        leads_to: (
            "保健按摩师五级职业技能等级证书",
            "Health massage skill certificate, level 5",
        ),
        taken: 12,
    },
    CourseSeed {
        title: (
            "盲人保健按摩四级（中级）培训",
            "Blind health massage, level 4 (intermediate)",
        ),
        track: Track::HealthMassage,
        level: Some(MassageLevel::Four),
        provider: (
            "青岛市残疾人职业培训基地",
            "Qingdao Disability Vocational Training Base",
        ),
        district: District::Shibei,
        starts_in: 30,
        weeks: 10,
        hours: 300,
        capacity: 20,
        formats: &[Format::Braille, Format::Audio],
        requires_previous_level: true,
        min_education: None,
        leads_to: (
            "保健按摩师四级职业技能等级证书",
            "Health massage skill certificate, level 4",
        ),
        taken: 18,
    },
    CourseSeed {
        title: (
            "盲人保健按摩三级（高级）培训",
            "Blind health massage, level 3 (advanced)",
        ),
        track: Track::HealthMassage,
        level: Some(MassageLevel::Three),
        provider: (
            "山东特殊教育职业学院青岛教学点",
            "Shandong Special Education Vocational College, Qingdao site",
        ),
        district: District::Licang,
        starts_in: 45,
        weeks: 12,
        hours: 360,
        capacity: 15,
        formats: &[Format::Braille, Format::LargePrint],
        requires_previous_level: true,
        min_education: Some(Education::JuniorSecondary),
        leads_to: (
            "保健按摩师三级职业技能等级证书",
            "Health massage skill certificate, level 3",
        ),
        taken: 4,
    },
    CourseSeed {
        title: (
            "盲人医疗按摩人员考试辅导班",
            "Blind medical massage exam preparation",
        ),
        track: Track::MedicalExamPrep,
        level: None,
        provider: (
            "青岛大学附属医院康复医学科",
            "Rehabilitation Department, Affiliated Hospital of Qingdao University",
        ),
        district: District::Shinan,
        starts_in: 14,
        weeks: 16,
        hours: 320,
        capacity: 2,
        formats: &[Format::Braille, Format::Audio, Format::Electronic],
        requires_previous_level: false,
        min_education: Some(Education::SeniorSecondary),
        leads_to: (
            "盲人医疗按摩人员考试（全国统一考试）",
            "The national blind medical massage examination",
        ),
        taken: 2,
    },
    CourseSeed {
        title: (
            "盲人医疗按摩继续教育（推拿手法提升）",
            "Medical massage continuing education: tuina technique",
        ),
        track: Track::ContinuingEducation,
        level: None,
        provider: ("青岛市海慈医院", "Haici Hospital"),
        district: District::Shibei,
        starts_in: 10,
        weeks: 2,
        hours: 40,
        capacity: 25,
        formats: &[Format::Audio, Format::Electronic],
        requires_previous_level: false,
        min_education: None,
        leads_to: ("继续教育学时证明", "Continuing education hours record"),
        taken: 9,
    },
    CourseSeed {
        title: (
            "保健按摩继续教育（线上音频课）",
            "Health massage continuing education (online audio)",
        ),
        track: Track::ContinuingEducation,
        level: None,
        provider: (
            "齐鲁手创盲人按摩中心",
            "Qilu Shouchuang Blind Massage Centre",
        ),
        district: District::Shinan,
        starts_in: 7,
        weeks: 4,
        hours: 24,
        capacity: 100,
        formats: &[Format::Audio],
        requires_previous_level: false,
        min_education: None,
        leads_to: ("继续教育学时证明", "Continuing education hours record"),
        taken: 37,
    },
    CourseSeed {
        title: (
            "“学历+技能”针灸推拿专业大专班",
            "Diploma plus skill: acupuncture and tuina associate degree",
        ),
        track: Track::DiplomaPlusSkill,
        level: None,
        provider: (
            "山东特殊教育职业学院",
            "Shandong Special Education Vocational College",
        ),
        district: District::Licang,
        starts_in: 60,
        weeks: 104,
        hours: 1800,
        capacity: 40,
        formats: &[Format::Braille, Format::LargePrint, Format::Electronic],
        requires_previous_level: false,
        min_education: Some(Education::SeniorSecondary),
        leads_to: (
            "大专学历和保健按摩四级证书",
            "Associate degree and health massage level 4 certificate",
        ),
        taken: 31,
    },
    CourseSeed {
        title: (
            "盲人保健按摩五级培训（黄岛班）",
            "Blind health massage, level 5 (Huangdao class)",
        ),
        track: Track::HealthMassage,
        level: Some(MassageLevel::Five),
        provider: (
            "黄岛区残疾人就业服务中心",
            "Huangdao Disability Employment Service Centre",
        ),
        district: District::Huangdao,
        starts_in: 28,
        weeks: 8,
        hours: 240,
        capacity: 12,
        formats: &[Format::Braille, Format::Audio],
        requires_previous_level: false,
        min_education: None,
        leads_to: (
            "保健按摩师五级职业技能等级证书",
            "Health massage skill certificate, level 5",
        ),
        taken: 11,
    },
    CourseSeed {
        title: (
            "盲人保健按摩二级（技师）研修班",
            "Blind health massage, level 2 (technician)",
        ),
        track: Track::HealthMassage,
        level: Some(MassageLevel::Two),
        provider: (
            "青岛市残疾人职业培训基地",
            "Qingdao Disability Vocational Training Base",
        ),
        district: District::Shibei,
        starts_in: 50,
        weeks: 12,
        hours: 280,
        capacity: 10,
        formats: &[Format::Braille],
        requires_previous_level: true,
        min_education: None,
        leads_to: (
            "保健按摩师二级职业技能等级证书",
            "Health massage skill certificate, level 2",
        ),
        taken: 3,
    },
    CourseSeed {
        title: (
            "盲人医疗按摩考试辅导（即墨班）",
            "Blind medical massage exam preparation (Jimo class)",
        ),
        track: Track::MedicalExamPrep,
        level: None,
        provider: ("即墨区康复医院", "Jimo Rehabilitation Hospital"),
        district: District::Jimo,
        starts_in: 35,
        weeks: 16,
        hours: 320,
        capacity: 16,
        formats: &[Format::Audio, Format::Electronic],
        requires_previous_level: false,
        min_education: Some(Education::SeniorSecondary),
        leads_to: (
            "盲人医疗按摩人员考试（全国统一考试）",
            "The national blind medical massage examination",
        ),
        taken: 15,
    },
];

const SURNAMES: &[Bi] = &[
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
];
const GIVEN: &[Bi] = &[
    ("芳", "Fang"),
    ("伟", "Wei"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("强", "Qiang"),
    ("磊", "Lei"),
    ("洋", "Yang"),
    ("艳", "Yan"),
    ("军", "Jun"),
];

fn person_name(lang: Lang, n: usize) -> String {
    let surname = SURNAMES[n % SURNAMES.len()];
    let given = GIVEN[(n / SURNAMES.len() + n * 3) % GIVEN.len()];
    match lang {
        Lang::ZhCn => format!("{}{}", surname.0, given.0),
        Lang::En => format!("{} {}", surname.1, given.1),
    }
}

fn seed_people_and_courses<S: Store + Admin + ?Sized>(
    store: &S,
    lang: Lang,
    today: NaiveDate,
    report: &mut SeedReport,
) -> StoreResult<()> {
    let counselor = store.add_counselor(&Counselor {
        id: 0,
        name: pick(lang, ("李娜", "Li Na")),
        center: pick(
            lang,
            (
                "市南区残疾人就业服务中心",
                "Shinan Disability Employment Service Centre",
            ),
        ),
        district: District::Shinan,
    })?;
    // Consent given this morning, so the demo person can apply at once.
    let consent = today.and_hms_opt(9, 0, 0).map(|t| t.and_utc());

    // The demo's own jobseeker: complete, consenting, level 5 certificate.
    let me = store.save_profile(
        Actor::System,
        Profile {
            name: pick(lang, ("张伟", "Zhang Wei")),
            mobile: "13800000001".into(),
            certificate: sample_certificate(
                "370202",
                date(1990, 3, 7),
                1,
                DisabilityCategory::Visual,
                1,
            ),
            district: Some(District::Shinan),
            education: Some(Education::SeniorSecondary),
            braille_reader: true,
            formats: vec![Format::Braille, Format::Audio],
            desired_work: pick(
                lang,
                (
                    "保健按摩或居家客服",
                    "Health massage or home-based customer service",
                ),
            ),
            needs: pick(
                lang,
                (
                    "需要读屏软件，通勤需导盲犬同行。",
                    "Needs a screen reader; travels with a guide dog.",
                ),
            ),
            consent_at: consent,
            massage_level: Some(MassageLevel::Five),
            counselor_id: Some(counselor),
            ..Profile::default()
        },
    )?;
    store.set_current_profile(me.id)?;
    report.me = Some(me.id);
    report.counselor = Some(counselor);

    // Enough other jobseekers to fill the courses as the table says.
    let needed = COURSES.iter().map(|c| c.taken).max().unwrap_or(0) as usize + 2;
    let mut others = Vec::with_capacity(needed);
    for n in 0..needed {
        let (district, region) = DISTRICT_REGION[n % DISTRICT_REGION.len()];
        let category = if n % 9 == 8 {
            DisabilityCategory::Multiple
        } else {
            DisabilityCategory::Visual
        };
        let p = store.save_profile(
            Actor::System,
            Profile {
                name: person_name(lang, n + 1),
                mobile: format!("139{:08}", 10_000_000 + n * 7_919),
                certificate: sample_certificate(
                    region,
                    date(
                        1970 + (n as i32 % 35),
                        1 + (n as u32 % 12),
                        1 + (n as u32 % 28),
                    ),
                    (n % 900) as u16 + 10,
                    category,
                    1 + (n % 2) as u8,
                ),
                district: Some(district),
                education: Some(if n % 3 == 0 {
                    Education::Associate
                } else {
                    Education::SeniorSecondary
                }),
                braille_reader: n % 2 == 0,
                formats: vec![Format::Audio],
                consent_at: consent,
                visual_component_confirmed: true,
                massage_level: Some(if n % 2 == 0 {
                    MassageLevel::Three
                } else {
                    MassageLevel::Four
                }),
                practice_certificate: n % 5 == 0,
                counselor_id: (n < 10).then_some(counselor),
                employed: n % 4 == 0,
                plan: pick(
                    lang,
                    (
                        "每月回访一次，推荐居家就业岗位。",
                        "Call monthly; suggest home-based work.",
                    ),
                ),
                ..Profile::default()
            },
        )?;
        others.push(p.id);
    }
    report.jobseekers = others.len() as u32 + 1;

    // Each demo counselor's caseload, with histories.
    let second = store.add_counselor(&Counselor {
        id: 0,
        name: pick(lang, ("王军", "Wang Jun")),
        center: pick(
            lang,
            (
                "市北区残疾人就业服务中心",
                "Shibei Disability Employment Service Centre",
            ),
        ),
        district: District::Shibei,
    })?;
    let mut rng = fastrand::Rng::with_seed(14);
    let caseloads = Caseloads {
        lang,
        today,
        consent,
    };
    caseloads.demo_person(store, counselor, me.id)?;
    // The sample people already in Li Na's caseload get histories too.
    for (n, &id) in others.iter().enumerate().take(10) {
        caseloads.history(store, &mut rng, counselor, id, n)?;
        // They agreed that she may register and apply for them.
        caseloads.edit(store, counselor, id, CaseEdit::Agreement { agreed: true })?;
    }
    let mut n = 100;
    for (c, size) in [(counselor, 34), (second, 40)] {
        for _ in 0..size {
            let id = caseloads.new_person(store, &mut rng, c, n)?;
            caseloads.history(store, &mut rng, c, id, n)?;
            n += 1;
        }
    }
    report.jobseekers += 74;

    let mut first_course = None;
    for c in COURSES {
        let starts_on = today + Duration::days(c.starts_in);
        let course = store.post_course(
            Actor::System,
            NewCourse {
                title: pick(lang, c.title),
                track: c.track,
                level: c.level,
                provider: pick(lang, c.provider),
                district: c.district,
                address: address(lang, c.district, c.starts_in as usize),
                directions: pick(lang, ("地铁站出口有盲道直达，可预约志愿者接站。", "A tactile path runs from the metro exit; a volunteer can meet you on request.")),
                starts_on,
                ends_on: starts_on + Duration::weeks(c.weeks),
                enroll_by: starts_on - Duration::days(3),
                hours: c.hours,
                fee_yuan: 0,
                subsidy: pick(lang, ("培训免费，取得证书后按规定享受职业技能提升补贴。", "Free; a skills subsidy is paid on certification.")),
                capacity: c.capacity,
                formats: c.formats.to_vec(),
                assessment: pick(lang, ("理论笔试（盲文或语音）和实操考核", "Written test (braille or audio) and a practical assessment")),
                leads_to: pick(lang, c.leads_to),
                requires_previous_level: c.requires_previous_level,
                min_age: Some(16),
                max_age: Some(60),
                min_education: c.min_education,
                description: pick(lang, ("面向视力残疾人的免费培训，结业考核合格颁发证书。", "Free training for people with a visual disability; a certificate on passing.")),
            },
        )?;
        report.courses += 1;
        first_course.get_or_insert(course.id);
        // The first sample people the course's rules admit.
        let mut taken = 0;
        for &profile_id in &others {
            if taken == c.taken {
                break;
            }
            let profile = store.profile(profile_id)?;
            if !eligibility::check(&course, &profile, today).is_empty() {
                continue;
            }
            // Li Na registers the people of her caseload (they agreed);
            // the others register themselves.
            let by = if profile.counselor_id == Some(counselor) {
                Actor::Counselor(counselor)
            } else {
                Actor::Jobseeker(profile_id)
            };
            store.register(&RegisterRequest {
                request_id: super::new_request_id(),
                course_id: course.id,
                profile_id,
                by,
            })?;
            taken += 1;
        }
    }

    // A few applications so counselors' figures and histories have data.
    let page = store.search_jobs(&super::JobQuery {
        page_size: 6,
        ..Default::default()
    })?;
    for (job, &profile_id) in page.items.iter().zip(others.iter()) {
        store.apply(&ApplyRequest {
            request_id: super::new_request_id(),
            job_id: job.id,
            profile_id,
            note: String::new(),
            by: Actor::Counselor(counselor),
        })?;
    }
    // Point-to-point recommendations: jobs for a few people, a course for
    // some. None for the demo person: their menu stays the plain one
    // until a counselor recommends something (then they hear it at login).
    let jobs: Vec<Id> = page.items.iter().map(|j| j.id).collect();
    for (i, &job) in jobs.iter().take(2).enumerate() {
        store.recommend(&RecommendRequest {
            request_id: super::new_request_id(),
            by: Actor::Counselor(counselor),
            target: Recommended::Job(job),
            profile_ids: if i == 0 {
                vec![others[1], others[2]]
            } else {
                vec![others[0]]
            },
            note: pick(
                lang,
                (
                    "这个岗位适合你，可以先线上沟通。",
                    "This one suits you; we can talk online first.",
                ),
            ),
        })?;
    }
    if let Some(course) = first_course {
        store.recommend(&RecommendRequest {
            request_id: super::new_request_id(),
            by: Actor::Counselor(counselor),
            target: Recommended::Course(course),
            profile_ids: others.iter().skip(3).take(3).copied().collect(),
            note: String::new(),
        })?;
    }
    for &profile_id in others.iter().take(3) {
        caseloads.edit(
            store,
            counselor,
            profile_id,
            CaseEdit::Contact(NewContact {
                kind: ContactKind::Call,
                on: today,
                note: pick(
                    lang,
                    (
                        "电话回访，了解求职意向，推荐数据标注岗位。",
                        "Phoned to discuss job wishes; suggested data labelling.",
                    ),
                ),
            }),
        )?;
    }
    Ok(())
}

/// Writes demo caseloads through `change_case`, as counselors would.
struct Caseloads {
    lang: Lang,
    today: NaiveDate,
    consent: Option<chrono::DateTime<chrono::Utc>>,
}

impl Caseloads {
    fn edit<S: Store + ?Sized>(
        &self,
        store: &S,
        counselor: Id,
        profile_id: Id,
        edit: CaseEdit,
    ) -> StoreResult<()> {
        store.change_case(&CaseChange {
            request_id: super::new_request_id(),
            profile_id,
            by: Actor::Counselor(counselor),
            edit,
        })?;
        Ok(())
    }

    /// Several changes to one record by its counselor, in one go.
    fn edits<S: Store + ?Sized>(
        &self,
        store: &S,
        counselor: Id,
        profile_id: Id,
        edits: Vec<CaseEdit>,
    ) -> StoreResult<()> {
        if edits.is_empty() {
            return Ok(());
        }
        let changes: Vec<CaseChange> = edits
            .into_iter()
            .map(|edit| CaseChange {
                request_id: super::new_request_id(),
                profile_id,
                by: Actor::Counselor(counselor),
                edit,
            })
            .collect();
        store.change_cases(&changes)
    }

    fn text(&self, text: Bi) -> String {
        pick(self.lang, text)
    }

    fn new_person<S: Store + ?Sized>(
        &self,
        store: &S,
        rng: &mut fastrand::Rng,
        counselor: Id,
        n: usize,
    ) -> StoreResult<Id> {
        let (district, region) = DISTRICT_REGION[rng.usize(0..DISTRICT_REGION.len())];
        let category = match rng.u32(0..10) {
            0..=6 => DisabilityCategory::Visual,
            7 => DisabilityCategory::Multiple,
            8 => DisabilityCategory::Physical,
            _ => DisabilityCategory::Hearing,
        };
        let p = store.save_profile(
            Actor::System,
            Profile {
                name: person_name(self.lang, n),
                mobile: format!("137{:08}", 20_000_000 + n * 7_919),
                certificate: sample_certificate(
                    region,
                    date(1968 + rng.i32(0..38), rng.u32(1..=12), rng.u32(1..=28)),
                    rng.u16(10..999),
                    category,
                    rng.u8(1..=4),
                ),
                district: Some(district),
                education: Some(if rng.bool() {
                    Education::SeniorSecondary
                } else {
                    Education::JuniorSecondary
                }),
                braille_reader: rng.bool(),
                formats: vec![Format::Audio],
                consent_at: self.consent,
                counselor_id: Some(counselor),
                ..Profile::default()
            },
        )?;
        Ok(p.id)
    }

    /// The demo jobseeker: a record, a plan, and their agreement, so the
    /// counselor can apply for them.
    fn demo_person<S: Store + ?Sized>(&self, store: &S, counselor: Id, me: Id) -> StoreResult<()> {
        let day = |d: i64| self.today + Duration::days(d);
        let edits = [
            CaseEdit::Needs(Needs {
                desired_work: self.text((
                    "保健按摩或居家客服",
                    "Health massage or home-based customer service",
                )),
                hours: HoursWanted::FullTime,
                home_based: true,
                places: self.text(("市南区，地铁沿线", "Shinan, near the metro")),
                accommodations: self.text((
                    "需要读屏软件，通勤需导盲犬同行。",
                    "Needs a screen reader; travels with a guide dog.",
                )),
            }),
            CaseEdit::Assessment(Assessment {
                assessed_on: day(-40),
                mobility: Skill::Good,
                computer: Skill::Good,
                communication: Skill::Good,
                massage: Skill::Basic,
                years_worked: 4,
                result: AbilityResult::Ready,
                note: self.text(("读屏操作熟练。", "Uses a screen reader fluently.")),
            }),
            CaseEdit::Goal {
                goal: self.text((
                    "三个月内找到居家客服或保健按摩工作。",
                    "Home-based customer service or health massage within three months.",
                )),
            },
            CaseEdit::AddStep(NewStep {
                kind: StepKind::RecommendJobs,
                description: self.text(("推荐居家客服岗位", "Suggest home-based service jobs")),
                due_on: day(3),
            }),
            CaseEdit::AddStep(NewStep {
                kind: StepKind::Interview,
                description: self.text(("线上面试练习", "Practise an online interview")),
                due_on: day(12),
            }),
            CaseEdit::Contact(NewContact {
                kind: ContactKind::Meeting,
                on: day(-40),
                note: self.text(("到中心面谈，完成能力评估。", "Met at the centre; assessed.")),
            }),
            CaseEdit::Contact(NewContact {
                kind: ContactKind::Call,
                on: day(-6),
                note: self.text((
                    "电话回访，同意由顾问代为申请。",
                    "Phoned; agreed I may apply for him.",
                )),
            }),
            CaseEdit::Agreement { agreed: true },
        ];
        self.edits(store, counselor, me, edits.into())
    }

    /// A history drawn from `rng`: needs, an assessment, difficulty for
    /// some, a goal and steps (done, due soon, overdue), contacts over the
    /// last months, a household, a placement with its follow-ups.
    fn history<S: Store + ?Sized>(
        &self,
        store: &S,
        rng: &mut fastrand::Rng,
        counselor: Id,
        id: Id,
        n: usize,
    ) -> StoreResult<()> {
        let today = self.today;
        let day = |d: i64| today + Duration::days(d);
        let mut edits = Vec::new();
        if rng.u32(0..10) < 8 {
            edits.push(CaseEdit::Needs(Needs {
                desired_work: self.text(
                    [
                        ("保健按摩", "Health massage"),
                        ("居家客服", "Home-based customer service"),
                        ("数据标注", "Data labelling"),
                    ][n % 3],
                ),
                hours: [
                    HoursWanted::FullTime,
                    HoursWanted::PartTime,
                    HoursWanted::Flexible,
                ][rng.usize(0..3)],
                home_based: rng.bool(),
                places: String::new(),
                accommodations: self.text(("需要读屏软件", "Needs a screen reader")),
            }));
        }
        if rng.u32(0..10) < 6 {
            let skills = [Skill::None, Skill::Basic, Skill::Good];
            edits.push(CaseEdit::Assessment(Assessment {
                assessed_on: day(-rng.i64(5..300)),
                mobility: skills[rng.usize(0..3)],
                computer: skills[rng.usize(0..3)],
                communication: skills[rng.usize(0..3)],
                massage: skills[rng.usize(0..3)],
                years_worked: rng.u32(0..15),
                result: [
                    AbilityResult::Ready,
                    AbilityResult::ReadyWithSupport,
                    AbilityResult::NeedsTraining,
                    AbilityResult::NotNow,
                ][rng.usize(0..4)],
                note: String::new(),
            }));
        }
        if rng.u32(0..4) == 0 {
            edits.push(CaseEdit::Difficulty(Difficulty {
                recognised: true,
                basis: self.text((
                    "持证残疾人，失业一年以上",
                    "Certificate holder, out of work over a year",
                )),
                on: day(-rng.i64(10..400)),
            }));
        }
        if rng.u32(0..10) < 7 {
            edits.push(CaseEdit::Goal {
                goal: self.text((
                    "先参加培训，再推荐岗位。",
                    "Training first, then suitable jobs.",
                )),
            });
        }
        for _ in 0..rng.usize(1..4) {
            edits.push(CaseEdit::AddStep(NewStep {
                kind: [
                    StepKind::RecommendJobs,
                    StepKind::Training,
                    StepKind::Subsidy,
                    StepKind::Certificate,
                    StepKind::Interview,
                ][rng.usize(0..5)],
                description: self.text(("跟进求职进展", "Follow up the job search")),
                due_on: day(rng.i64(-25..40)),
            }));
        }
        for _ in 0..rng.usize(0..4) {
            edits.push(CaseEdit::Contact(NewContact {
                kind: [
                    ContactKind::Call,
                    ContactKind::Visit,
                    ContactKind::Message,
                    ContactKind::Meeting,
                ][rng.usize(0..4)],
                on: day(-rng.i64(0..150)),
                note: self.text(("了解近况，讨论下一步。", "Caught up; agreed next steps.")),
            }));
        }
        if rng.u32(0..10) < 4 {
            let members = rng.u32(2..6);
            let zero = rng.u32(0..10) < 4;
            edits.push(CaseEdit::Household(Household {
                members,
                others_in_work: if zero { 0 } else { rng.u32(1..members) },
                zero_employment: zero,
            }));
        }
        if rng.u32(0..10) < 1 {
            edits.push(CaseEdit::Seeking { seeking: false });
        }
        if rng.bool() {
            edits.push(CaseEdit::Agreement { agreed: true });
        }
        self.edits(store, counselor, id, edits)?;
        // Steps past their date: some done.
        let record = store.case_record(Actor::Counselor(counselor), id)?;
        let mut later = Vec::new();
        for step in record.steps.iter().filter(|s| s.due_on < today) {
            if rng.bool() {
                later.push(CaseEdit::CompleteStep {
                    step_id: step.id,
                    done_on: step.due_on,
                    outcome: self.text(("已完成", "Done")),
                });
            }
        }
        if rng.u32(0..10) < 2 {
            later.push(self.placement(rng, n));
            self.edits(store, counselor, id, later)?;
            self.follow_ups(store, rng, counselor, id)?;
        } else {
            self.edits(store, counselor, id, later)?;
        }
        Ok(())
    }

    /// A placement some months ago.
    fn placement(&self, rng: &mut fastrand::Rng, n: usize) -> CaseEdit {
        let started_on = self.today - Duration::days(rng.i64(20..260));
        let (employer, title, kind) = [
            (
                (
                    "齐鲁手创盲人按摩中心",
                    "Qilu Shouchuang Blind Massage Centre",
                ),
                ("保健按摩师", "Health massage therapist"),
                WorkKind::HealthMassage,
            ),
            (
                (
                    "青岛联通客户服务中心",
                    "Qingdao Unicom Customer Service Centre",
                ),
                ("居家客服代表", "Home-based customer service agent"),
                WorkKind::CustomerService,
            ),
            (
                (
                    "青岛智标数据科技有限公司",
                    "Qingdao Zhibiao Data Technology",
                ),
                ("语音数据标注员", "Audio data labeller"),
                WorkKind::DataLabelling,
            ),
        ][n % 3];
        CaseEdit::Placement(NewPlacement {
            employer: self.text(employer),
            job_id: None,
            job_title: self.text(title),
            kind,
            started_on,
            contract: [Contract::Permanent, Contract::FixedTerm, Contract::PartTime]
                [rng.usize(0..3)],
            monthly_pay: 2800 + 400 * rng.u32(0..6),
            home_based: kind != WorkKind::HealthMassage,
        })
    }

    /// The follow-ups of the person's placement due by now, done (most
    /// confirming work).
    fn follow_ups<S: Store + ?Sized>(
        &self,
        store: &S,
        rng: &mut fastrand::Rng,
        counselor: Id,
        id: Id,
    ) -> StoreResult<()> {
        let record = store.case_record(Actor::Counselor(counselor), id)?;
        let Some(placement) = record.placements.first() else {
            return Ok(());
        };
        let edits = placement
            .follow_ups
            .iter()
            .filter(|f| f.due_on <= self.today)
            .map(|f| CaseEdit::FollowUp {
                placement_id: placement.id,
                months: f.months,
                done_on: f.due_on,
                still_working: rng.u32(0..4) != 0,
                note: String::new(),
            })
            .collect();
        self.edits(store, counselor, id, edits)
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// How [`people`] builds its caseloads.
#[derive(Debug, Clone, Copy)]
pub struct PeopleOptions {
    /// The randomness: the same seed writes the same people.
    pub seed: u64,
    pub lang: Lang,
    /// The store's today (its clock): dates of records fall around it.
    pub today: NaiveDate,
    /// People per counselor, about.
    pub per_counselor: u32,
}

impl PeopleOptions {
    pub fn new(today: NaiveDate) -> Self {
        PeopleOptions {
            seed: 14,
            lang: Lang::En,
            today,
            per_counselor: 45,
        }
    }
}

/// What [`people`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleReport {
    pub counselors: Vec<Id>,
    pub people: Vec<Id>,
}

/// Writes `n` people with realistic records (needs, assessments, plans,
/// contacts, households, placements with follow-ups) in caseloads of new
/// counselors, through the bulk SQLite path: a few large transactions, so
/// 100,000 people take seconds. For benchmarks and load tests.
pub fn people(
    store: &crate::store::SqliteStore,
    n: u32,
    options: PeopleOptions,
) -> StoreResult<PeopleReport> {
    let lang = options.lang;
    let per = options.per_counselor.max(1);
    let counselor_count = n.div_ceil(per).max(1) as usize;
    let counselors: Vec<Counselor> = (0..counselor_count)
        .map(|i| {
            let district = District::ALL[i % District::ALL.len()];
            Counselor {
                id: 0,
                name: format!("{} {}", person_name(lang, i * 7 + 3), i + 1),
                center: match lang {
                    Lang::ZhCn => format!("{}残疾人就业服务中心", district.name_zh()),
                    Lang::En => format!(
                        "{} Disability Employment Service Centre",
                        district.name_en()
                    ),
                },
                district,
            }
        })
        .collect();
    let counselor_ids = store.add_counselors(&counselors)?;
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let mut report = PeopleReport {
        counselors: counselor_ids.clone(),
        people: Vec::with_capacity(n as usize),
    };
    const BATCH: u32 = 20_000;
    let mut done = 0;
    while done < n {
        let count = BATCH.min(n - done);
        let cases: Vec<_> = (done..done + count)
            .map(|i| {
                let c = (i / per) as usize % counselor_ids.len();
                // One in twenty has nobody yet (staff assign them).
                let counselor = (rng.u32(0..20) != 0).then_some(counselor_ids[c]);
                let district = counselors[c].district;
                random_case(
                    &mut rng,
                    lang,
                    options.today,
                    i as usize,
                    district,
                    counselor,
                )
            })
            .collect();
        report.people.extend(store.add_cases(&cases)?);
        done += count;
    }
    Ok(report)
}

fn region_of(district: District) -> &'static str {
    DISTRICT_REGION
        .iter()
        .find(|(d, _)| *d == district)
        .map_or("370202", |(_, r)| r)
}

/// One person with a record whose shape is drawn from `rng`.
fn random_case(
    rng: &mut fastrand::Rng,
    lang: Lang,
    today: NaiveDate,
    n: usize,
    district: District,
    counselor: Option<Id>,
) -> crate::store::sqlite::BulkCase {
    use crate::domain::casework::{
        AbilityResult, Assessment, ContactKind, Contract, Difficulty, HoursWanted, Household,
        Needs, NewContact, NewPlacement, NewStep, Skill, StepKind, follow_ups,
    };
    let days = |d: i64| Duration::days(d);
    let birth = date(1966 + rng.i32(0..42), rng.u32(1..=12), rng.u32(1..=28));
    let category = match rng.u32(0..10) {
        0..=5 => DisabilityCategory::Visual,
        6 => DisabilityCategory::Physical,
        7 => DisabilityCategory::Hearing,
        8 => DisabilityCategory::Multiple,
        _ => DisabilityCategory::Speech,
    };
    let certificate = sample_certificate(
        region_of(district),
        birth,
        rng.u16(0..1000),
        category,
        rng.u8(1..=4),
    );
    let seeking = rng.u32(0..100) < 85;
    let skills = [Skill::None, Skill::Basic, Skill::Good];
    let mut case = crate::store::sqlite::BulkCase {
        profile: Profile {
            name: person_name(lang, n),
            mobile: format!("15{:09}", n),
            certificate,
            district: Some(district),
            education: Some(if n.is_multiple_of(3) {
                Education::Associate
            } else {
                Education::SeniorSecondary
            }),
            braille_reader: rng.bool(),
            formats: vec![Format::Audio],
            desired_work: pick(lang, ("保健按摩", "Health massage")),
            counselor_id: counselor,
            plan: if counselor.is_some() && rng.u32(0..10) < 6 {
                pick(
                    lang,
                    (
                        "先参加培训，再推荐按摩岗位。",
                        "Training first, then massage posts.",
                    ),
                )
            } else {
                String::new()
            },
            ..Profile::default()
        },
        seeking,
        agreed: counselor.is_some() && rng.u32(0..3) == 0,
        ..Default::default()
    };
    if counselor.is_none() {
        return case;
    }
    if rng.u32(0..10) < 7 {
        case.needs = Some(Needs {
            desired_work: case.profile.desired_work.clone(),
            hours: [
                HoursWanted::FullTime,
                HoursWanted::PartTime,
                HoursWanted::Flexible,
            ][rng.usize(0..3)],
            home_based: rng.bool(),
            places: String::new(),
            accommodations: String::new(),
        });
    }
    if rng.u32(0..100) < 55 {
        case.assessment = Some(Assessment {
            assessed_on: today - days(rng.i64(1..400)),
            mobility: skills[rng.usize(0..3)],
            computer: skills[rng.usize(0..3)],
            communication: skills[rng.usize(0..3)],
            massage: skills[rng.usize(0..3)],
            years_worked: rng.u32(0..20),
            result: [
                AbilityResult::Ready,
                AbilityResult::ReadyWithSupport,
                AbilityResult::NeedsTraining,
                AbilityResult::NotNow,
            ][rng.usize(0..4)],
            note: String::new(),
        });
    }
    if rng.u32(0..5) == 0 {
        case.difficulty = Some(Difficulty {
            recognised: rng.u32(0..5) != 0,
            basis: pick(lang, ("持证视力残疾人", "Visual disability certificate")),
            on: today - days(rng.i64(1..700)),
        });
    }
    let kinds = [
        StepKind::RecommendJobs,
        StepKind::Training,
        StepKind::Subsidy,
        StepKind::Interview,
    ];
    for _ in 0..rng.usize(0..4) {
        let due_on = today + days(rng.i64(-40..60));
        let done = (due_on < today && rng.u32(0..3) != 0).then_some(due_on);
        case.steps.push((
            NewStep {
                kind: kinds[rng.usize(0..kinds.len())],
                description: pick(lang, ("推荐岗位", "Suggest jobs")),
                due_on,
            },
            done,
            String::new(),
        ));
    }
    for _ in 0..rng.usize(0..5) {
        case.contacts.push(NewContact {
            kind: [ContactKind::Call, ContactKind::Visit, ContactKind::Message][rng.usize(0..3)],
            on: today - days(rng.i64(0..150)),
            note: pick(lang, ("电话回访", "Phoned")),
        });
    }
    if rng.u32(0..10) < 4 {
        let members = rng.u32(1..6);
        let zero = rng.u32(0..10) < 3;
        case.household = Some(Household {
            members,
            others_in_work: if zero { 0 } else { rng.u32(0..members) },
            zero_employment: zero,
        });
    }
    if rng.u32(0..5) == 0 {
        let started_on = today - days(rng.i64(10..400));
        let mut f = follow_ups(started_on);
        for fu in f.iter_mut().filter(|f| f.due_on <= today) {
            if rng.u32(0..10) < 9 {
                fu.done_on = Some(fu.due_on);
                fu.still_working = Some(rng.u32(0..10) < 8);
            }
        }
        let kind = [
            WorkKind::HealthMassage,
            WorkKind::MedicalMassage,
            WorkKind::CustomerService,
            WorkKind::DataLabelling,
        ][rng.usize(0..4)];
        case.placement = Some((
            NewPlacement {
                employer: pick(
                    lang,
                    (
                        "齐鲁手创盲人按摩中心",
                        "Qilu Shouchuang Blind Massage Centre",
                    ),
                ),
                job_id: None,
                job_title: pick(lang, ("保健按摩师", "Health massage therapist")),
                kind,
                started_on,
                contract: [Contract::Permanent, Contract::FixedTerm, Contract::PartTime]
                    [rng.usize(0..3)],
                monthly_pay: 2500 + 500 * rng.u32(0..8),
                home_based: rng.u32(0..4) == 0,
            },
            f,
        ));
    }
    case
}
