//! A counselor's desk for screen tests: the seeded SQLite store for jobs,
//! courses and profiles, and a caseload of 48 people kept in memory for
//! the casework calls, answered by the domain's own rules.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use jobdesk::domain::casework::{
    self, AbilityResult, Assessment, CaseChange, CaseEdit, CaseQuery, CaseRecord, CaseRefusal,
    CaseRow, ChangeFacts, Contract, Difficulty, DueCounts, DueState, FollowUp, HoursWanted,
    Household, Needs, NewPlacement, Placement, PlanStep, RecommendRequest, Recommendation,
    Recommended, Skill, Stamp, StepKind,
};
use jobdesk::domain::{
    Actor, Application, Counselor, Course, DisabilityCategory, District, Employer, Enrollment, Id,
    Job, JobSummary, NewCourse, NewJob, Page, Profile, ServiceLogEntry, WorkKind,
};
use jobdesk::i18n::Lang;
use jobdesk::keymap::Keymap;
use jobdesk::store::{
    ApplicationChange, ApplyRequest, CourseQuery, EnrollmentChange, Entity, JobQuery,
    RegisterRequest, SqliteStore, Store, StoreError, StoreResult,
};
use jobdesk::ui::DeskStart;
use jobdesk::ui::screens::desk::Desk;
use ratatui::backend::TestBackend;

use super::{Harness, today};

/// The counselor of the fake caseload.
pub const COUNSELOR: Id = 1;
/// Another counselor, for staff to assign to.
pub const OTHER: Id = 2;
pub const PEOPLE: usize = 48;

pub struct FakeDesk {
    pub inner: SqliteStore,
    pub lang: Lang,
    pub state: Arc<State>,
}

/// What a test looks at and changes while the interface runs.
#[derive(Default)]
pub struct State {
    pub records: Mutex<Vec<CaseRecord>>,
    /// Every change is refused (Forbidden).
    pub refuse: AtomicBool,
    pub changes: Mutex<Vec<CaseChange>>,
}

fn names(lang: Lang) -> Vec<String> {
    let (surnames, given): (&[&str], &[&str]) = match lang {
        Lang::En => (
            &[
                "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang",
            ],
            &["Fang", "Wei", "Min", "Jing", "Lei", "Qiang"],
        ),
        Lang::ZhCn => (
            &["王", "李", "张", "刘", "陈", "杨", "赵", "黄"],
            &["芳", "伟", "敏", "静", "磊", "强"],
        ),
    };
    let sep = if lang == Lang::En { " " } else { "" };
    given
        .iter()
        .flat_map(|g| surnames.iter().map(move |s| format!("{s}{sep}{g}")))
        .collect()
}

pub fn counselor_name(lang: Lang, id: Id) -> String {
    match (lang, id) {
        (Lang::En, COUNSELOR) => "Li Na".into(),
        (Lang::ZhCn, COUNSELOR) => "李娜".into(),
        (Lang::En, _) => "Zhou Min".into(),
        (Lang::ZhCn, _) => "周敏".into(),
    }
}

pub fn stamped_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 3, 2, 0, 0).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Person `i`'s next step: due soon (every eighth), overdue (3 and 11), or
/// later.
fn due_of(i: usize) -> NaiveDate {
    if i.is_multiple_of(8) {
        d(2026, 12, 2)
    } else if i == 3 || i == 11 {
        d(2026, 11, 20)
    } else {
        d(2027, 1, 15)
    }
}

fn record(lang: Lang, i: usize, name: String) -> CaseRecord {
    let id = (i + 1) as Id;
    let stamp = Stamp {
        by: Actor::Counselor(COUNSELOR),
        by_name: counselor_name(lang, COUNSELOR),
        at: stamped_at(),
    };
    let district = District::ALL[i % District::ALL.len()];
    let profile = Profile {
        id,
        name,
        mobile: format!("1380000{:04}", i),
        certificate: jobdesk::domain::certificate::sample(
            "370202",
            d(1985, 1, 1) + chrono::Duration::days(i as i64 * 40),
            (i as u16) + 10,
            DisabilityCategory::Visual,
            (i % 4) as u8 + 1,
        ),
        district: Some(district),
        braille_reader: i.is_multiple_of(2),
        desired_work: if lang == Lang::En {
            "Health massage".into()
        } else {
            "保健按摩".into()
        },
        counselor_id: Some(if i < 40 { COUNSELOR } else { OTHER }),
        plan: String::new(),
        ..Profile::default()
    };
    let mut r = CaseRecord {
        profile,
        counselor_name: Some(counselor_name(lang, if i < 40 { COUNSELOR } else { OTHER })),
        fields_stamp: None,
        needs: None,
        assessments: Vec::new(),
        difficulty: None,
        goal_stamp: None,
        steps: vec![PlanStep {
            id: id * 100 + 1,
            kind: StepKind::RecommendJobs,
            description: if lang == Lang::En {
                "Recommend three massage posts".into()
            } else {
                "推荐三个按摩岗位".into()
            },
            due_on: due_of(i),
            done_on: None,
            outcome: String::new(),
            stamp: stamp.clone(),
        }],
        log: Vec::new(),
        applications: Vec::new(),
        enrollments: Vec::new(),
        placements: Vec::new(),
        recommendations: Vec::new(),
        household: None,
        agreement: None,
        seeking: i % 5 != 4,
    };
    if i % 7 == 6 {
        r.profile.employed = true;
    }
    if i == 0 {
        // The first person has a bit of everything.
        let en = lang == Lang::En;
        r.profile.plan = if en {
            "A health massage post in Shinan within three months, then the level-four certificate."
                .into()
        } else {
            "三个月内在市南区找到保健按摩岗位，之后考取保健按摩四级证书。".into()
        };
        r.goal_stamp = Some(stamp.clone());
        r.needs = Some((
            Needs {
                desired_work: if en {
                    "Health massage".into()
                } else {
                    "保健按摩".into()
                },
                hours: HoursWanted::FullTime,
                home_based: false,
                places: if en {
                    "Shinan, near metro line 3".into()
                } else {
                    "市南区，地铁3号线附近".into()
                },
                accommodations: if en {
                    "Screen reader at work; a colleague to show the way in the first week.".into()
                } else {
                    "工作中使用读屏软件；第一周需要同事带路。".into()
                },
            },
            stamp.clone(),
        ));
        r.assessments.push((
            Assessment {
                assessed_on: d(2026, 11, 3),
                mobility: Skill::Good,
                computer: Skill::Basic,
                communication: Skill::Good,
                massage: Skill::Good,
                years_worked: 4,
                result: AbilityResult::ReadyWithSupport,
                note: if en {
                    "Strong massage skills.".into()
                } else {
                    "按摩技能扎实。".into()
                },
            },
            stamp.clone(),
        ));
        r.difficulty = Some((
            Difficulty {
                recognised: true,
                basis: if en {
                    "Level-one visual disability.".into()
                } else {
                    "一级视力残疾。".into()
                },
                on: d(2026, 10, 20),
            },
            stamp.clone(),
        ));
        r.steps.insert(
            0,
            PlanStep {
                id: 2,
                kind: StepKind::Interview,
                description: if en {
                    "Online interview with a clinic".into()
                } else {
                    "与诊所线上面试".into()
                },
                due_on: d(2026, 11, 10),
                done_on: Some(d(2026, 11, 10)),
                outcome: if en {
                    "Invited to meet".into()
                } else {
                    "约定见面".into()
                },
                stamp: stamp.clone(),
            },
        );
        r.log.push(ServiceLogEntry {
            id: 1,
            profile_id: id,
            counselor_id: COUNSELOR,
            at: stamped_at(),
            note: if en {
                "Called about the clinic interview.".into()
            } else {
                "电话沟通诊所面试事宜。".into()
            },
            kind: jobdesk::domain::casework::ContactKind::Call,
            on: d(2026, 11, 3),
            by: Actor::Counselor(COUNSELOR),
            by_name: counselor_name(lang, COUNSELOR),
        });
        let job = NewPlacement {
            employer: if en {
                "Qingdao Blind Massage Clinic".into()
            } else {
                "青岛盲人按摩诊所".into()
            },
            job_id: None,
            job_title: if en {
                "Massage therapist".into()
            } else {
                "按摩师".into()
            },
            kind: WorkKind::HealthMassage,
            started_on: d(2026, 10, 1),
            contract: Contract::FixedTerm,
            monthly_pay: 4500,
            home_based: false,
        };
        let mut follow_ups = casework::follow_ups(job.started_on);
        follow_ups[0].done_on = Some(d(2026, 11, 2));
        follow_ups[0].still_working = Some(true);
        r.placements.push(Placement {
            id: 7,
            job,
            follow_ups,
            stamp: stamp.clone(),
        });
        r.household = Some((
            Household {
                members: 3,
                others_in_work: 0,
                zero_employment: true,
            },
            stamp.clone(),
        ));
        r.recommendations.push(Recommendation {
            id: 1,
            profile_id: id,
            target: Recommended::Job(1),
            title: if en {
                "Health massage therapist".into()
            } else {
                "保健按摩师".into()
            },
            note: String::new(),
            stamp: stamp.clone(),
            seen: false,
        });
    }
    r
}

impl FakeDesk {
    pub fn new(inner: SqliteStore, lang: Lang) -> Self {
        let records = names(lang)
            .into_iter()
            .take(PEOPLE)
            .enumerate()
            .map(|(i, name)| record(lang, i, name))
            .collect();
        FakeDesk {
            inner,
            lang,
            state: Arc::new(State {
                records: Mutex::new(records),
                ..State::default()
            }),
        }
    }

    fn row(r: &CaseRecord) -> CaseRow {
        let last_contact = r.log.first().map(|e| e.on);
        let disability = casework::disability_of(&r.profile.certificate, today());
        CaseRow {
            id: r.profile.id,
            name: r.profile.name.clone(),
            district: r.profile.district,
            status: r.status(),
            next_due: r.next_due(),
            last_contact,
            category: disability.map(|(c, _)| c),
            level: disability.map(|(_, l)| l),
            difficulty: r.difficulty.as_ref().is_some_and(|(d, _)| d.recognised),
            counselor_name: r.counselor_name.clone(),
        }
    }
}

fn matches(q: &CaseQuery, r: &CaseRecord, row: &CaseRow) -> bool {
    let text = q.text.trim();
    (q.counselor_id.is_none() || r.profile.counselor_id == q.counselor_id)
        && (text.is_empty()
            || r.profile.name.contains(text)
            || r.profile.mobile.ends_with(text)
            || r.profile.certificate.ends_with(text))
        && (q.statuses.is_empty() || q.statuses.contains(&row.status))
        && (q.districts.is_empty() || row.district.is_some_and(|d| q.districts.contains(&d)))
        && (q.categories.is_empty() || row.category.is_some_and(|c| q.categories.contains(&c)))
        && (q.levels.is_empty() || row.level.is_some_and(|l| q.levels.contains(&l)))
        && (!q.difficulty_only || row.difficulty)
        && (!q.overdue_only
            || row
                .next_due
                .is_some_and(|d| casework::due_state(d, today()) == Some(DueState::Overdue)))
        && q.no_contact_days.is_none_or(|days| {
            row.last_contact
                .is_none_or(|c| (today() - c).num_days() >= i64::from(days))
        })
}

impl Store for FakeDesk {
    fn current_user(&self) -> StoreResult<Option<Actor>> {
        self.inner.current_user()
    }
    // Accounts and the audit log: the seeded store's.
    fn account_rows(
        &self,
        by: Actor,
        query: &jobdesk::store::accounts::AccountQuery,
    ) -> StoreResult<jobdesk::domain::Page<jobdesk::store::accounts::AccountRow>> {
        self.inner.account_rows(by, query)
    }
    fn create_account(
        &self,
        by: Actor,
        new: &jobdesk::store::accounts::NewAccount,
    ) -> StoreResult<jobdesk::store::accounts::AccountRow> {
        self.inner.create_account(by, new)
    }
    fn change_account(
        &self,
        by: Actor,
        change: &jobdesk::store::accounts::AccountChange,
    ) -> StoreResult<jobdesk::store::accounts::AccountRow> {
        self.inner.change_account(by, change)
    }
    fn audit_rows(
        &self,
        by: Actor,
        query: &jobdesk::store::accounts::AuditQuery,
    ) -> StoreResult<jobdesk::domain::Page<jobdesk::store::accounts::AuditRow>> {
        self.inner.audit_rows(by, query)
    }
    // Figures are the figures screen's tests' business: the seeded store's.
    fn figures(
        &self,
        scope: &jobdesk::domain::casework::FigureScope,
        year: i32,
    ) -> StoreResult<jobdesk::domain::casework::Figures> {
        self.inner.figures(scope, year)
    }
    fn ledger(
        &self,
        scope: &jobdesk::domain::casework::FigureScope,
    ) -> StoreResult<Vec<jobdesk::domain::casework::LedgerRow>> {
        self.inner.ledger(scope)
    }
    fn set_target(&self, by: Actor, target: &jobdesk::domain::casework::Target) -> StoreResult<()> {
        self.inner.set_target(by, target)
    }
    fn search_jobs(&self, query: &JobQuery) -> StoreResult<Page<JobSummary>> {
        self.inner.search_jobs(query)
    }
    fn job(&self, id: Id) -> StoreResult<Job> {
        self.inner.job(id)
    }
    fn post_job(&self, by: Actor, job: NewJob) -> StoreResult<Job> {
        self.inner.post_job(by, job)
    }
    fn employers(&self) -> StoreResult<Vec<Employer>> {
        self.inner.employers()
    }
    fn apply(&self, request: &ApplyRequest) -> StoreResult<Application> {
        self.inner.apply(request)
    }
    fn applications(&self, profile_id: Id) -> StoreResult<Vec<Application>> {
        self.inner.applications(profile_id)
    }
    fn application(&self, id: Id) -> StoreResult<Application> {
        self.inner.application(id)
    }
    fn change_application(&self, change: &ApplicationChange) -> StoreResult<Application> {
        self.inner.change_application(change)
    }
    fn search_courses(&self, query: &CourseQuery) -> StoreResult<Page<Course>> {
        self.inner.search_courses(query)
    }
    fn course(&self, id: Id) -> StoreResult<Course> {
        self.inner.course(id)
    }
    fn post_course(&self, by: Actor, course: NewCourse) -> StoreResult<Course> {
        self.inner.post_course(by, course)
    }
    fn register(&self, request: &RegisterRequest) -> StoreResult<Enrollment> {
        self.inner.register(request)
    }
    fn enrollments(&self, profile_id: Id) -> StoreResult<Vec<Enrollment>> {
        self.inner.enrollments(profile_id)
    }
    fn enrollment(&self, id: Id) -> StoreResult<Enrollment> {
        self.inner.enrollment(id)
    }
    fn change_enrollment(&self, change: &EnrollmentChange) -> StoreResult<Enrollment> {
        self.inner.change_enrollment(change)
    }
    fn profile(&self, id: Id) -> StoreResult<Profile> {
        self.inner.profile(id)
    }
    fn save_profile(&self, by: Actor, profile: Profile) -> StoreResult<Profile> {
        self.inner.save_profile(by, profile)
    }
    fn counselor(&self, id: Id) -> StoreResult<Counselor> {
        self.inner.counselor(id)
    }
    fn recommend(&self, request: &RecommendRequest) -> StoreResult<Vec<Recommendation>> {
        self.inner.recommend(request)
    }
    fn recommendations(&self, profile_id: Id) -> StoreResult<Vec<Recommendation>> {
        self.inner.recommendations(profile_id)
    }
    fn mark_recommendations_seen(&self, profile_id: Id) -> StoreResult<()> {
        self.inner.mark_recommendations_seen(profile_id)
    }

    fn case_rows(&self, q: &CaseQuery) -> StoreResult<Page<CaseRow>> {
        let records = self.state.records.lock().unwrap();
        let rows: Vec<CaseRow> = records
            .iter()
            .map(|r| (r, Self::row(r)))
            .filter(|(r, row)| matches(q, r, row))
            .map(|(_, row)| row)
            .collect();
        let size = q.page_size.max(1) as usize;
        Ok(Page {
            total: rows.len() as u64,
            total_capped: false,
            items: rows
                .into_iter()
                .skip(q.page as usize * size)
                .take(size)
                .collect(),
            page: q.page,
            page_size: q.page_size,
        })
    }

    fn due_counts(&self, counselor_id: Id) -> StoreResult<DueCounts> {
        let records = self.state.records.lock().unwrap();
        let mut counts = DueCounts::default();
        for r in records
            .iter()
            .filter(|r| r.profile.counselor_id == Some(counselor_id))
        {
            match r.next_due().and_then(|d| casework::due_state(d, today())) {
                Some(DueState::Due) => counts.due += 1,
                Some(DueState::Overdue) => counts.overdue += 1,
                None => {}
            }
        }
        Ok(counts)
    }

    fn case_record(&self, by: Actor, profile_id: Id) -> StoreResult<CaseRecord> {
        let records = self.state.records.lock().unwrap();
        let r =
            records
                .iter()
                .find(|r| r.profile.id == profile_id)
                .ok_or(StoreError::NotFound {
                    what: Entity::Profile,
                    id: profile_id,
                })?;
        if !casework::may_keep_case(by, r.profile.counselor_id) {
            return Err(StoreError::Forbidden);
        }
        Ok(r.clone())
    }

    fn change_case(&self, c: &CaseChange) -> StoreResult<CaseRecord> {
        if self.state.refuse.load(Ordering::SeqCst) {
            return Err(StoreError::Forbidden);
        }
        let mut records = self.state.records.lock().unwrap();
        let r = records
            .iter_mut()
            .find(|r| r.profile.id == c.profile_id)
            .ok_or(StoreError::NotFound {
                what: Entity::Profile,
                id: c.profile_id,
            })?;
        let edit = casework::change_case(&ChangeFacts {
            by: c.by,
            counselor_id: r.profile.counselor_id,
            edit: &c.edit,
            today: today(),
        })
        .map_err(|e| match e {
            CaseRefusal::NotAllowed => StoreError::Forbidden,
            CaseRefusal::NoAgreement => StoreError::NoAgreement,
            CaseRefusal::Invalid(errors) => StoreError::Invalid { errors },
        })?;
        self.state.changes.lock().unwrap().push(c.clone());
        let by_name = match c.by {
            Actor::Counselor(id) => counselor_name(self.lang, id),
            _ => String::new(),
        };
        let stamp = Stamp {
            by: c.by,
            by_name,
            at: Utc.with_ymd_and_hms(2026, 11, 29, 3, 0, 0).unwrap(),
        };
        match edit {
            CaseEdit::Needs(n) => r.needs = Some((n, stamp)),
            CaseEdit::Assessment(a) => r.assessments.insert(0, (a, stamp)),
            CaseEdit::Difficulty(d) => r.difficulty = Some((d, stamp)),
            CaseEdit::CounselorFields(f) => {
                r.profile.massage_level = f.massage_level;
                r.profile.practice_certificate = f.practice_certificate;
                r.profile.visual_component_confirmed = f.visual_component_confirmed;
                r.fields_stamp = Some(stamp);
            }
            CaseEdit::Goal { goal } => {
                r.profile.plan = goal;
                r.goal_stamp = Some(stamp);
            }
            CaseEdit::AddStep(s) => {
                let id = 10_000 + r.steps.len() as Id;
                r.steps.push(PlanStep {
                    id,
                    kind: s.kind,
                    description: s.description,
                    due_on: s.due_on,
                    done_on: None,
                    outcome: String::new(),
                    stamp,
                });
                r.steps.sort_by_key(|s| s.due_on);
            }
            CaseEdit::CompleteStep {
                step_id,
                done_on,
                outcome,
            } => {
                let step =
                    r.steps
                        .iter_mut()
                        .find(|s| s.id == step_id)
                        .ok_or(StoreError::NotFound {
                            what: Entity::Step,
                            id: step_id,
                        })?;
                step.done_on = Some(done_on);
                step.outcome = outcome;
            }
            CaseEdit::Contact(n) => r.log.insert(
                0,
                ServiceLogEntry {
                    id: 1000 + r.log.len() as Id,
                    profile_id: r.profile.id,
                    counselor_id: COUNSELOR,
                    at: Utc.from_utc_datetime(&n.on.and_hms_opt(3, 0, 0).unwrap()),
                    note: n.note,
                    kind: n.kind,
                    on: n.on,
                    by: c.by,
                    by_name: counselor_name(self.lang, COUNSELOR),
                },
            ),
            CaseEdit::Agreement { agreed } => r.agreement = agreed.then_some(stamp),
            CaseEdit::Seeking { seeking } => r.seeking = seeking,
            CaseEdit::Household(h) => r.household = Some((h, stamp)),
            CaseEdit::Placement(job) => {
                let follow_ups: Vec<FollowUp> = casework::follow_ups(job.started_on);
                r.placements.insert(
                    0,
                    Placement {
                        id: 100 + r.placements.len() as Id,
                        job,
                        follow_ups,
                        stamp,
                    },
                );
            }
            CaseEdit::FollowUp {
                placement_id,
                months,
                done_on,
                still_working,
                note,
            } => {
                let p = r
                    .placements
                    .iter_mut()
                    .find(|p| p.id == placement_id)
                    .ok_or(StoreError::NotFound {
                        what: Entity::Placement,
                        id: placement_id,
                    })?;
                let i =
                    casework::complete_follow_up(&p.follow_ups, months, done_on).map_err(|e| {
                        match e {
                            CaseRefusal::Invalid(errors) => StoreError::Invalid { errors },
                            _ => StoreError::Forbidden,
                        }
                    })?;
                p.follow_ups[i].done_on = Some(done_on);
                p.follow_ups[i].still_working = Some(still_working);
                p.follow_ups[i].note = note;
                if still_working {
                    r.profile.employed = true;
                }
            }
            CaseEdit::Assign { counselor_id } => {
                r.profile.counselor_id = counselor_id;
                r.counselor_name = counselor_id.map(|id| counselor_name(self.lang, id));
            }
        }
        Ok(r.clone())
    }

    fn counselors(&self) -> StoreResult<Vec<Counselor>> {
        Ok([COUNSELOR, OTHER]
            .iter()
            .map(|&id| Counselor {
                id,
                name: counselor_name(self.lang, id),
                center: if self.lang == Lang::En {
                    "Shinan service center".into()
                } else {
                    "市南区残疾人服务中心".into()
                },
                district: District::Shinan,
            })
            .collect())
    }
}

/// A desk with `actor` logged in (a counselor's opens on the caseload),
/// the caseload answered by [`FakeDesk`].
pub fn desk(lang: Lang, width: u16, height: u16, actor: Actor) -> Harness<TestBackend> {
    desk_with_state(lang, width, height, actor).0
}

/// [`desk`], with the fake's state to look at.
pub fn desk_with_state(
    lang: Lang,
    width: u16,
    height: u16,
    actor: Actor,
) -> (Harness<TestBackend>, Arc<State>) {
    let (dir, store, report) = super::seeded(lang, 40);
    let inner = SqliteStore::open_with_clock(&dir.path().join("test.db"), Arc::new(super::clock()))
        .expect("second connection");
    let mut h = Harness::on(
        TestBackend::new(width, height),
        dir,
        store,
        None,
        super::settings(lang),
        Keymap::default_keys(),
    );
    let _ = report;
    let fake = FakeDesk::new(inner, lang);
    let state = fake.state.clone();
    h.over = Some(Box::new(fake));
    h.begin(|app| {
        app.start_desk(
            Desk {
                people: Vec::new(),
                demo_pin: None,
            },
            DeskStart::LoggedIn(actor),
        )
    });
    (h, state)
}
