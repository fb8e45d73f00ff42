//! A counselor's casework: the caseload, the "one person, one plan"
//! ledger (一人一策就业服务台账) of each person in it, recommendations,
//! placements with their retention follow-ups, and the figures against the
//! city's targets. Plain data and the rules over it; the stores load the
//! facts and write the outcomes.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::actor::{Actor, Id};
use super::certificate::{CertificateNumber, DisabilityCategory};
use super::contact::District;
use super::model::{Application, Enrollment, MassageLevel, Profile, ServiceLogEntry, WorkKind};
use super::text;
use super::validate::{Field, FieldError, Problem, limits};
use crate::named_enum;

named_enum! {
    /// Where a person in a caseload stands.
    pub enum CaseStatus {
        Looking => "looking",
        InWork => "in_work",
        /// The person does not want work now (study, care, health).
        NotSeeking => "not_seeking",
    }
}

/// A person's status from what the record holds.
pub fn case_status(employed: bool, seeking: bool) -> CaseStatus {
    if employed {
        CaseStatus::InWork
    } else if seeking {
        CaseStatus::Looking
    } else {
        CaseStatus::NotSeeking
    }
}

named_enum! {
    /// How a counselor was in touch (the service log).
    pub enum ContactKind {
        Call => "call",
        Visit => "visit",
        Message => "message",
        Meeting => "meeting",
    }
}

named_enum! {
    /// What a step of a plan does.
    pub enum StepKind {
        RecommendJobs => "recommend_jobs",
        Training => "training",
        Subsidy => "subsidy",
        Certificate => "certificate",
        Interview => "interview",
        FollowUp => "follow_up",
    }
}

named_enum! {
    /// Working hours a person wants.
    pub enum HoursWanted {
        FullTime => "full_time",
        PartTime => "part_time",
        Flexible => "flexible",
    }
}

named_enum! {
    /// One skill of the vocational ability assessment.
    pub enum Skill {
        None => "none",
        Basic => "basic",
        Good => "good",
    }
}

named_enum! {
    /// The result of a vocational ability assessment.
    pub enum AbilityResult {
        /// Can start work now.
        Ready => "ready",
        /// Can work with accommodations or support.
        ReadyWithSupport => "ready_with_support",
        /// Needs training first.
        NeedsTraining => "needs_training",
        /// Not able to work for now.
        NotNow => "not_now",
    }
}

named_enum! {
    /// The kind of contract of a placement.
    pub enum Contract {
        Permanent => "permanent",
        FixedTerm => "fixed_term",
        PartTime => "part_time",
        SelfEmployed => "self_employed",
        Flexible => "flexible",
    }
}

/// Who made a change, when, and their name as records show it
/// ("by counselor Li Na").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub by: Actor,
    /// The counselor's or person's name; empty for staff without one.
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// The needs registration (就业需求登记). Desired work and accommodations
/// are the profile's `desired_work` and `needs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs {
    pub desired_work: String,
    pub hours: HoursWanted,
    pub home_based: bool,
    /// Where the person can work: districts, or "near the metro".
    pub places: String,
    pub accommodations: String,
}

/// A vocational ability assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub assessed_on: NaiveDate,
    /// Getting about alone (orientation and mobility).
    pub mobility: Skill,
    /// A computer or phone with a screen reader.
    pub computer: Skill,
    pub communication: Skill,
    pub massage: Skill,
    pub years_worked: u32,
    pub result: AbilityResult,
    pub note: String,
}

/// Employment-difficulty recognition (就业困难人员认定).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difficulty {
    pub recognised: bool,
    pub basis: String,
    pub on: NaiveDate,
}

/// A step of a person's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStep {
    pub kind: StepKind,
    pub description: String,
    pub due_on: NaiveDate,
}

/// A step as the record holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    pub id: Id,
    pub kind: StepKind,
    pub description: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub outcome: String,
    pub stamp: Stamp,
}

/// An entry for the service log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContact {
    pub kind: ContactKind,
    pub on: NaiveDate,
    pub note: String,
}

/// A job found: what the placement record keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPlacement {
    pub employer: String,
    /// The posting, when the job came through jobdesk.
    pub job_id: Option<Id>,
    pub job_title: String,
    pub kind: WorkKind,
    pub started_on: NaiveDate,
    pub contract: Contract,
    /// Yuan a month.
    pub monthly_pay: u32,
    pub home_based: bool,
}

/// A retention follow-up, 1, 3 or 6 months after the start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub months: u8,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    /// Whether the person was still in the job; None until done.
    pub still_working: Option<bool>,
    pub note: String,
}

/// A placement as the record holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub id: Id,
    pub job: NewPlacement,
    pub follow_ups: Vec<FollowUp>,
    pub stamp: Stamp,
}

/// The months after a start at which retention is checked.
pub const FOLLOW_UP_MONTHS: [u8; 3] = [1, 3, 6];

/// The follow-up whose confirmation makes a placement count as placed.
pub const PLACED_AFTER_MONTHS: u8 = 3;

/// The follow-ups of a placement starting on `started_on`: 1, 3 and 6
/// months later (the last day of a shorter month when the day is missing).
pub fn follow_ups(started_on: NaiveDate) -> Vec<FollowUp> {
    FOLLOW_UP_MONTHS
        .iter()
        .map(|&months| FollowUp {
            months,
            due_on: started_on
                .checked_add_months(Months::new(u32::from(months)))
                .unwrap_or(started_on),
            done_on: None,
            still_working: None,
            note: String::new(),
        })
        .collect()
}

impl Placement {
    /// A person counts as placed when the 3-month follow-up confirms work.
    pub fn counts_as_placed(&self) -> bool {
        self.follow_ups
            .iter()
            .any(|f| f.months == PLACED_AFTER_MONTHS && f.still_working == Some(true))
    }
}

/// A household, kept so zero-employment households (零就业家庭) can be
/// listed until someone in them works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    /// Members, the disabled person included.
    pub members: u32,
    /// Members in work besides the people jobdesk keeps records of.
    pub others_in_work: u32,
    /// The household was registered as having nobody in work.
    pub zero_employment: bool,
}

/// Whether a zero-employment household has been cleared: someone in it
/// works now.
pub fn household_cleared(household: &Household, anyone_placed: bool) -> bool {
    household.zero_employment && (household.others_in_work > 0 || anyone_placed)
}

/// The fields only a counselor sets on a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounselorFields {
    pub massage_level: Option<MassageLevel>,
    pub practice_certificate: bool,
    pub visual_component_confirmed: bool,
}

/// One change to a person's record. Every one is dated, names who made
/// it, and is audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum CaseEdit {
    Needs(Needs),
    Assessment(Assessment),
    Difficulty(Difficulty),
    CounselorFields(CounselorFields),
    /// The plan's goal.
    Goal {
        goal: String,
    },
    AddStep(NewStep),
    CompleteStep {
        step_id: Id,
        done_on: NaiveDate,
        outcome: String,
    },
    Contact(NewContact),
    /// The person agreed (or no longer agrees) that their counselor may
    /// apply and register for them.
    Agreement {
        agreed: bool,
    },
    /// Whether the person wants work now.
    Seeking {
        seeking: bool,
    },
    Household(Household),
    Placement(NewPlacement),
    FollowUp {
        placement_id: Id,
        months: u8,
        done_on: NaiveDate,
        still_working: bool,
        note: String,
    },
    /// Staff assign a person to a counselor (None: nobody).
    Assign {
        counselor_id: Option<Id>,
    },
}

impl CaseEdit {
    /// A stable name for the audit log.
    pub fn action(&self) -> &'static str {
        match self {
            CaseEdit::Needs(_) => "needs",
            CaseEdit::Assessment(_) => "assessment",
            CaseEdit::Difficulty(_) => "difficulty",
            CaseEdit::CounselorFields(_) => "counselor_fields",
            CaseEdit::Goal { .. } => "goal",
            CaseEdit::AddStep(_) => "add_step",
            CaseEdit::CompleteStep { .. } => "complete_step",
            CaseEdit::Contact(_) => "contact",
            CaseEdit::Agreement { .. } => "agreement",
            CaseEdit::Seeking { .. } => "seeking",
            CaseEdit::Household(_) => "household",
            CaseEdit::Placement(_) => "placement",
            CaseEdit::FollowUp { .. } => "follow_up",
            CaseEdit::Assign { .. } => "assign",
        }
    }
}

/// A change to a person's record; the request id makes a retry harmless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseChange {
    pub request_id: String,
    pub profile_id: Id,
    pub by: Actor,
    pub edit: CaseEdit,
}

/// What a job or course recommendation points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "what", content = "id", rename_all = "snake_case")]
pub enum Recommended {
    Job(Id),
    Course(Id),
}

/// Recommend a job or course to people in one's caseload (点对点推荐).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendRequest {
    pub request_id: String,
    pub by: Actor,
    pub target: Recommended,
    pub profile_ids: Vec<Id>,
    pub note: String,
}

/// A recommendation as the person and the record see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: Id,
    pub profile_id: Id,
    pub target: Recommended,
    /// The job's or course's title.
    pub title: String,
    pub note: String,
    pub stamp: Stamp,
    /// The person has opened their recommendations since.
    pub seen: bool,
}

/// Everything a counselor keeps about one person: the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub profile: Profile,
    pub counselor_name: Option<String>,
    /// Who last set the counselor-only fields.
    pub fields_stamp: Option<Stamp>,
    pub needs: Option<(Needs, Stamp)>,
    /// Newest first.
    pub assessments: Vec<(Assessment, Stamp)>,
    pub difficulty: Option<(Difficulty, Stamp)>,
    /// Who last set the goal (the goal is `profile.plan`).
    pub goal_stamp: Option<Stamp>,
    /// By due date.
    pub steps: Vec<PlanStep>,
    /// Newest first.
    pub log: Vec<ServiceLogEntry>,
    pub applications: Vec<Application>,
    pub enrollments: Vec<Enrollment>,
    /// Newest first.
    pub placements: Vec<Placement>,
    /// Newest first.
    pub recommendations: Vec<Recommendation>,
    pub household: Option<(Household, Stamp)>,
    /// The person agreed that the counselor may act for them.
    pub agreement: Option<Stamp>,
    pub seeking: bool,
}

impl CaseRecord {
    pub fn status(&self) -> CaseStatus {
        case_status(self.profile.employed, self.seeking)
    }

    /// The earliest date something is due.
    pub fn next_due(&self) -> Option<NaiveDate> {
        next_due(
            self.steps.iter().map(|s| (s.due_on, s.done_on.is_some())),
            self.placements
                .iter()
                .flat_map(|p| p.follow_ups.iter())
                .map(|f| (f.due_on, f.done_on.is_some())),
        )
    }
}

/// The earliest due date among steps and follow-ups not done yet.
pub fn next_due(
    steps: impl IntoIterator<Item = (NaiveDate, bool)>,
    follow_ups: impl IntoIterator<Item = (NaiveDate, bool)>,
) -> Option<NaiveDate> {
    steps
        .into_iter()
        .chain(follow_ups)
        .filter(|(_, done)| !done)
        .map(|(due, _)| due)
        .min()
}

/// One row of a caseload: enough for "3 of 48: Wang Fang, Shinan, looking
/// for work, follow-up due 2 Dec".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: Id,
    pub name: String,
    pub district: Option<District>,
    pub status: CaseStatus,
    pub next_due: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    pub category: Option<DisabilityCategory>,
    pub level: Option<u8>,
    pub difficulty: bool,
    /// The person's counselor's name (staff see everyone's caseload);
    /// None when nobody is assigned.
    #[serde(default)]
    pub counselor_name: Option<String>,
}

/// How far ahead a follow-up counts as due in the login reminder.
pub const DUE_WITHIN_DAYS: i64 = 7;

/// Days without contact after which a person shows under "no contact".
pub const NO_CONTACT_DAYS: u32 = 30;

/// A caseload search. Empty filters match everyone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseQuery {
    /// One counselor's caseload; None: everyone (staff only).
    pub counselor_id: Option<Id>,
    /// A name, or a mobile or certificate number (whole or its end).
    pub text: String,
    pub statuses: Vec<CaseStatus>,
    pub categories: Vec<DisabilityCategory>,
    /// Disability levels 1 to 4.
    pub levels: Vec<u8>,
    pub districts: Vec<District>,
    pub difficulty_only: bool,
    /// Only people with something past its due date.
    pub overdue_only: bool,
    /// Only people not contacted for this many days (or never).
    pub no_contact_days: Option<u32>,
    /// Zero-based.
    pub page: u32,
    pub page_size: u32,
}

/// What the counselor hears at login.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueCounts {
    /// Due today or within [`DUE_WITHIN_DAYS`].
    pub due: u64,
    /// Past their due date.
    pub overdue: u64,
}

/// Whether a due date is overdue, due soon, or neither, on `today`.
pub fn due_state(due_on: NaiveDate, today: NaiveDate) -> Option<DueState> {
    if due_on < today {
        Some(DueState::Overdue)
    } else if (due_on - today).num_days() <= DUE_WITHIN_DAYS {
        Some(DueState::Due)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueState {
    Due,
    Overdue,
}

named_enum! {
    /// Sex, from the resident identity number inside the certificate
    /// number (its 17th character: odd for men).
    pub enum Sex {
        Male => "male",
        Female => "female",
    }
}

/// The sex a certificate number records.
pub fn sex_of(certificate: &CertificateNumber) -> Sex {
    let odd = certificate
        .resident_id()
        .chars()
        .nth(16)
        .and_then(|c| c.to_digit(10))
        .is_some_and(|d| d % 2 == 1);
    if odd { Sex::Male } else { Sex::Female }
}

/// Working age: from 16 to the statutory retirement age, 60 for men and
/// 55 for women (the ages the employment figures count).
pub fn working_age_years(sex: Sex) -> (u32, u32) {
    match sex {
        Sex::Male => (16, 60),
        Sex::Female => (16, 55),
    }
}

/// The birth dates of people of working age on `today`, inclusive: a
/// store counts them with a range over an indexed column.
pub fn working_age_births(sex: Sex, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (youngest, oldest) = working_age_years(sex);
    let latest = today
        .checked_sub_months(Months::new(youngest * 12))
        .unwrap_or(today);
    // Still working age the day before the retirement birthday.
    let earliest = today
        .checked_sub_months(Months::new(oldest * 12))
        .and_then(|d| d.succ_opt())
        .unwrap_or(today);
    (earliest, latest)
}

/// Whether someone born on `birth` is of working age on `today`.
pub fn is_working_age(sex: Sex, birth: NaiveDate, today: NaiveDate) -> bool {
    let (earliest, latest) = working_age_births(sex, today);
    birth >= earliest && birth <= latest
}

/// Whose figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", content = "of", rename_all = "snake_case")]
pub enum FigureScope {
    Counselor(Id),
    /// A service center, by its name as counselors' records give it.
    Center(String),
    City,
}

named_enum! {
    /// A yearly target set in the store.
    pub enum TargetKind {
        /// New employment (新增就业): people placed in the year.
        NewEmployment => "new_employment",
        /// Training registrations in the year.
        Training => "training",
    }
}

/// "New employment 2025: 1,200".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub kind: TargetKind,
    pub year: i32,
    pub value: u64,
}

/// The plan's first headline target: at least this share of working-age
/// certificate holders in work ...
pub const EMPLOYMENT_RATE_TARGET_PERCENT: u32 = 60;
/// ... by the end of this year.
pub const EMPLOYMENT_RATE_TARGET_YEAR: i32 = 2025;
/// The second: every zero-employment household cleared.
pub const HOUSEHOLDS_CLEARED_TARGET_PERCENT: u32 = 100;

/// Confirmed against due: "retention at 3 months: 40 of 45".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// Follow-ups due by now.
    pub due: u64,
    /// Of those, done and confirming work.
    pub confirmed: u64,
}

/// Figures for one district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictFigures {
    pub district: District,
    pub caseload: u64,
    pub unemployed_working_age: u64,
    pub placements: u64,
}

/// What a counselor, a center or the city has done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub scope: FigureScope,
    pub year: i32,
    pub as_of: NaiveDate,
    pub caseload: u64,
    /// Certificate holders of working age, and those of them in work.
    pub working_age: u64,
    pub working_age_employed: u64,
    pub unemployed_working_age: u64,
    pub needs_registered: u64,
    pub assessed: u64,
    pub difficulty_recognised: u64,
    /// Placements starting in the year, recorded.
    pub placements_recorded: u64,
    /// Of those, confirmed by the 3-month follow-up (new employment).
    pub placed: u64,
    pub retention_3: Retention,
    pub retention_6: Retention,
    pub training_registrations: u64,
    pub training_completions: u64,
    /// Zero-employment households registered, and those cleared.
    pub zero_employment_households: u64,
    pub households_cleared: u64,
    /// Districts with anyone in the scope, in district order.
    pub by_district: Vec<DistrictFigures>,
    /// Placements in the year per kind of work, most first.
    pub by_kind: Vec<(WorkKind, u64)>,
    /// Targets set for the year, with what has been reached.
    pub targets: Vec<(Target, u64)>,
}

/// A share in whole percent, rounded down; None when there is nothing to
/// divide by.
pub fn percent(part: u64, whole: u64) -> Option<u32> {
    (whole > 0).then(|| ((part.min(whole) * 100) / whole) as u32)
}

impl Figures {
    /// The employment rate of working-age certificate holders.
    pub fn employment_rate(&self) -> Option<u32> {
        percent(self.working_age_employed, self.working_age)
    }

    /// Whether the employment-rate target is met.
    pub fn employment_target_met(&self) -> bool {
        self.employment_rate()
            .is_some_and(|r| r >= EMPLOYMENT_RATE_TARGET_PERCENT)
    }

    /// The share of zero-employment households cleared.
    pub fn households_cleared_rate(&self) -> Option<u32> {
        percent(self.households_cleared, self.zero_employment_households)
    }

    /// What a target counts in these figures.
    pub fn reached(&self, kind: TargetKind) -> u64 {
        match kind {
            TargetKind::NewEmployment => self.placed,
            TargetKind::Training => self.training_registrations,
        }
    }
}

/// One line of the ledger export: what a counselor may see of one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub id: Id,
    pub name: String,
    pub certificate: String,
    pub district: Option<District>,
    pub category: Option<DisabilityCategory>,
    pub level: Option<u8>,
    pub status: CaseStatus,
    pub counselor: String,
    pub needs_registered: bool,
    pub assessment: Option<AbilityResult>,
    pub difficulty: bool,
    pub goal: String,
    pub next_due: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    pub placed_with: String,
    pub placed_on: Option<NaiveDate>,
    pub retained_3: Option<bool>,
    pub retained_6: Option<bool>,
}

/// Why a casework rule refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseRefusal {
    /// The person is not in this counselor's caseload, or the actor may
    /// not do this at all.
    NotAllowed,
    /// Acting for a person needs their recorded agreement.
    NoAgreement,
    Invalid(Vec<FieldError>),
}

/// Whether `actor` may read and change the record of a person whose
/// counselor is `counselor_id`: their own counselor, staff and
/// administrators.
pub fn may_keep_case(actor: Actor, counselor_id: Option<Id>) -> bool {
    match actor {
        Actor::Counselor(id) => counselor_id == Some(id),
        other => other.sees_everyone(),
    }
}

/// Whether `actor` may make this edit: assigning is for staff and
/// administrators; the rest for whoever keeps the case.
pub fn may_edit(actor: Actor, counselor_id: Option<Id>, edit: &CaseEdit) -> bool {
    match edit {
        CaseEdit::Assign { .. } => actor.sees_everyone(),
        _ => may_keep_case(actor, counselor_id),
    }
}

/// Applying or registering for someone else: `by` is the person
/// themself, or their counselor (or staff) with the person's recorded
/// agreement.
pub fn may_act_for(
    by: Actor,
    profile_id: Id,
    counselor_id: Option<Id>,
    agreed: bool,
) -> Result<(), CaseRefusal> {
    match by {
        Actor::Jobseeker(id) if id == profile_id => Ok(()),
        Actor::Jobseeker(_) | Actor::Employer(_) | Actor::System => Err(CaseRefusal::NotAllowed),
        _ if !may_keep_case(by, counselor_id) => Err(CaseRefusal::NotAllowed),
        _ if !agreed => Err(CaseRefusal::NoAgreement),
        _ => Ok(()),
    }
}

/// Recommending: the counselor of every person named (or staff).
pub fn may_recommend(by: Actor, counselors: &[Option<Id>]) -> bool {
    !counselors.is_empty() && counselors.iter().all(|c| may_keep_case(by, *c))
}

/// How far back or ahead a date in a record may be.
const MAX_DAYS_BACK: i64 = 366 * 50;
const MAX_DAYS_AHEAD: i64 = 366 * 2;
/// Pay above this is a typing mistake (yuan a month).
pub const MAX_MONTHLY_PAY: u32 = 200_000;

fn check_text(
    errors: &mut Vec<FieldError>,
    field: Field,
    value: &mut String,
    max: usize,
    required: bool,
) {
    let result = if required {
        text::required(value, max, true)
    } else {
        text::normalize(value, max, true)
    };
    match result {
        Ok(clean) => *value = clean,
        Err(e) => errors.push(FieldError::from_text(field, e)),
    }
}

/// A date of something that has happened: not in the future, not absurdly
/// long ago.
fn check_past(errors: &mut Vec<FieldError>, field: Field, date: NaiveDate, today: NaiveDate) {
    let days = (today - date).num_days();
    if !(0..=MAX_DAYS_BACK).contains(&days) {
        errors.push(FieldError::new(field, Problem::DateOrder));
    }
}

/// A date something is due: not more than two years ahead, not more than
/// a year back (a step entered late).
fn check_due(errors: &mut Vec<FieldError>, field: Field, date: NaiveDate, today: NaiveDate) {
    let days = (date - today).num_days();
    if !(-366..=MAX_DAYS_AHEAD).contains(&days) {
        errors.push(FieldError::new(field, Problem::DateOrder));
    }
}

/// Normalises and checks an edit as typed; the errors name the fields in
/// form order.
pub fn check_edit(mut edit: CaseEdit, today: NaiveDate) -> Result<CaseEdit, Vec<FieldError>> {
    let mut e = Vec::new();
    match &mut edit {
        CaseEdit::Needs(n) => {
            check_text(
                &mut e,
                Field::DesiredWork,
                &mut n.desired_work,
                limits::SHORT,
                true,
            );
            check_text(&mut e, Field::Places, &mut n.places, limits::SHORT, false);
            check_text(
                &mut e,
                Field::Needs,
                &mut n.accommodations,
                limits::LONG,
                false,
            );
        }
        CaseEdit::Assessment(a) => {
            check_past(&mut e, Field::Dates, a.assessed_on, today);
            if a.years_worked > 60 {
                e.push(FieldError::new(
                    Field::YearsWorked,
                    Problem::OutOfRange { min: 0, max: 60 },
                ));
            }
            check_text(&mut e, Field::Note, &mut a.note, limits::LONG, false);
        }
        CaseEdit::Difficulty(d) => {
            check_past(&mut e, Field::Dates, d.on, today);
            check_text(
                &mut e,
                Field::Basis,
                &mut d.basis,
                limits::LONG,
                d.recognised,
            );
        }
        CaseEdit::CounselorFields(_)
        | CaseEdit::Agreement { .. }
        | CaseEdit::Seeking { .. }
        | CaseEdit::Assign { .. } => {}
        CaseEdit::Goal { goal } => {
            check_text(&mut e, Field::Plan, goal, limits::LONG, true);
        }
        CaseEdit::AddStep(s) => {
            check_text(
                &mut e,
                Field::Description,
                &mut s.description,
                limits::SHORT,
                true,
            );
            check_due(&mut e, Field::Dates, s.due_on, today);
        }
        CaseEdit::CompleteStep {
            done_on, outcome, ..
        } => {
            check_past(&mut e, Field::Dates, *done_on, today);
            check_text(&mut e, Field::Outcome, outcome, limits::NOTE, false);
        }
        CaseEdit::Contact(c) => {
            check_past(&mut e, Field::Dates, c.on, today);
            check_text(&mut e, Field::Note, &mut c.note, limits::LONG, true);
        }
        CaseEdit::Household(h) => {
            if h.members == 0 || h.members > 30 {
                e.push(FieldError::new(
                    Field::Members,
                    Problem::OutOfRange { min: 1, max: 30 },
                ));
            }
            if h.others_in_work >= h.members.max(1) {
                e.push(FieldError::new(
                    Field::OthersInWork,
                    Problem::OutOfRange {
                        min: 0,
                        max: i64::from(h.members.saturating_sub(1)),
                    },
                ));
            }
        }
        CaseEdit::Placement(p) => {
            check_text(
                &mut e,
                Field::Employer,
                &mut p.employer,
                limits::SHORT,
                true,
            );
            check_text(&mut e, Field::Title, &mut p.job_title, limits::TITLE, true);
            check_due(&mut e, Field::Dates, p.started_on, today);
            if p.monthly_pay == 0 || p.monthly_pay > MAX_MONTHLY_PAY {
                e.push(FieldError::new(
                    Field::Pay,
                    Problem::OutOfRange {
                        min: 1,
                        max: i64::from(MAX_MONTHLY_PAY),
                    },
                ));
            }
        }
        CaseEdit::FollowUp {
            months,
            done_on,
            note,
            ..
        } => {
            if !FOLLOW_UP_MONTHS.contains(months) {
                e.push(FieldError::new(
                    Field::Months,
                    Problem::OutOfRange { min: 1, max: 6 },
                ));
            }
            check_past(&mut e, Field::Dates, *done_on, today);
            check_text(&mut e, Field::Note, note, limits::NOTE, false);
        }
    }
    if e.is_empty() { Ok(edit) } else { Err(e) }
}

/// Everything a change to a record looks at.
#[derive(Debug, Clone, Copy)]
pub struct ChangeFacts<'a> {
    pub by: Actor,
    /// The person's counselor now.
    pub counselor_id: Option<Id>,
    pub edit: &'a CaseEdit,
    pub today: NaiveDate,
}

/// May this change be made, and in what form: the actor's right to the
/// record, then the fields.
pub fn change_case(f: &ChangeFacts<'_>) -> Result<CaseEdit, CaseRefusal> {
    if !may_edit(f.by, f.counselor_id, f.edit) {
        return Err(CaseRefusal::NotAllowed);
    }
    check_edit(f.edit.clone(), f.today).map_err(CaseRefusal::Invalid)
}

/// The follow-up a `FollowUp` edit completes: it must exist, and the 3-
/// and 6-month checks cannot be done before they are due.
pub fn complete_follow_up(
    follow_ups: &[FollowUp],
    months: u8,
    done_on: NaiveDate,
) -> Result<usize, CaseRefusal> {
    let i = follow_ups
        .iter()
        .position(|f| f.months == months)
        .ok_or_else(|| {
            CaseRefusal::Invalid(vec![FieldError::new(
                Field::Months,
                Problem::OutOfRange { min: 1, max: 6 },
            )])
        })?;
    // A month's grace before the due date: the call is often early.
    let earliest = follow_ups[i]
        .due_on
        .checked_sub_months(Months::new(1))
        .unwrap_or(follow_ups[i].due_on);
    if done_on < earliest {
        return Err(CaseRefusal::Invalid(vec![FieldError::new(
            Field::Dates,
            Problem::DateOrder,
        )]));
    }
    Ok(i)
}

/// The category and level a certificate number gives, for the caseload's
/// filters and the figures.
pub fn disability_of(certificate: &str, today: NaiveDate) -> Option<(DisabilityCategory, u8)> {
    CertificateNumber::parse(certificate, today)
        .ok()
        .map(|n| (n.category(), n.level().get()))
}

/// Whether `actor` may read the figures (and the ledger) of `scope`: a
/// counselor their own and their own center's (`own_center`), staff and
/// administrators any; jobseekers and employers none.
pub fn may_read_figures(actor: Actor, scope: &FigureScope, own_center: Option<&str>) -> bool {
    match (actor, scope) {
        (Actor::Counselor(me), FigureScope::Counselor(id)) => me == *id,
        (Actor::Counselor(_), FigureScope::Center(name)) => {
            own_center.is_some_and(|c| !c.is_empty() && c == name)
        }
        (Actor::Counselor(_), FigureScope::City) => false,
        (other, _) => other.sees_everyone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn follow_ups_fall_one_three_and_six_months_after_the_start() {
        let f = follow_ups(d(2026, 8, 31));
        let due: Vec<_> = f.iter().map(|f| (f.months, f.due_on)).collect();
        assert_eq!(
            due,
            vec![
                (1, d(2026, 9, 30)),
                (3, d(2026, 11, 30)),
                (6, d(2027, 2, 28))
            ]
        );
        assert!(f.iter().all(|f| f.done_on.is_none()));
    }

    fn placement(three: Option<bool>) -> Placement {
        let mut follow_ups = follow_ups(d(2026, 1, 5));
        follow_ups[1].still_working = three;
        follow_ups[1].done_on = three.map(|_| d(2026, 4, 5));
        Placement {
            id: 1,
            job: NewPlacement {
                employer: "Clinic".into(),
                job_id: None,
                job_title: "Massage therapist".into(),
                kind: WorkKind::HealthMassage,
                started_on: d(2026, 1, 5),
                contract: Contract::Permanent,
                monthly_pay: 4000,
                home_based: false,
            },
            follow_ups,
            stamp: Stamp {
                by: Actor::Counselor(1),
                by_name: "Li Na".into(),
                at: DateTime::<Utc>::default(),
            },
        }
    }

    #[test]
    fn placed_only_when_the_three_month_follow_up_confirms_work() {
        assert!(!placement(None).counts_as_placed());
        assert!(!placement(Some(false)).counts_as_placed());
        assert!(placement(Some(true)).counts_as_placed());
    }

    #[test]
    fn next_due_is_the_earliest_thing_not_done() {
        let steps = [(d(2026, 12, 2), false), (d(2026, 11, 1), true)];
        let follow = [(d(2026, 12, 20), false)];
        assert_eq!(next_due(steps, follow), Some(d(2026, 12, 2)));
        assert_eq!(next_due([(d(2026, 1, 1), true)], []), None);
    }

    #[test]
    fn due_and_overdue_on_a_day() {
        let today = d(2026, 11, 29);
        assert_eq!(due_state(d(2026, 11, 28), today), Some(DueState::Overdue));
        assert_eq!(due_state(today, today), Some(DueState::Due));
        assert_eq!(due_state(d(2026, 12, 6), today), Some(DueState::Due));
        assert_eq!(due_state(d(2026, 12, 7), today), None);
    }

    #[test]
    fn a_counselor_keeps_only_their_own_caseload() {
        assert!(may_keep_case(Actor::Counselor(1), Some(1)));
        assert!(!may_keep_case(Actor::Counselor(1), Some(2)));
        assert!(!may_keep_case(Actor::Counselor(1), None));
        assert!(may_keep_case(Actor::Staff(9), Some(2)));
        assert!(!may_keep_case(Actor::Jobseeker(1), Some(1)));
        assert!(!may_keep_case(Actor::Employer(1), Some(1)));
        let assign = CaseEdit::Assign {
            counselor_id: Some(1),
        };
        assert!(!may_edit(Actor::Counselor(1), Some(1), &assign));
        assert!(may_edit(Actor::Staff(3), Some(1), &assign));
    }

    #[test]
    fn acting_for_a_person_needs_their_agreement() {
        assert_eq!(may_act_for(Actor::Jobseeker(5), 5, Some(1), false), Ok(()));
        assert_eq!(
            may_act_for(Actor::Jobseeker(6), 5, Some(1), true),
            Err(CaseRefusal::NotAllowed)
        );
        assert_eq!(
            may_act_for(Actor::Counselor(1), 5, Some(1), false),
            Err(CaseRefusal::NoAgreement)
        );
        assert_eq!(may_act_for(Actor::Counselor(1), 5, Some(1), true), Ok(()));
        assert_eq!(
            may_act_for(Actor::Counselor(2), 5, Some(1), true),
            Err(CaseRefusal::NotAllowed)
        );
        assert_eq!(
            may_act_for(Actor::Employer(1), 5, Some(1), true),
            Err(CaseRefusal::NotAllowed)
        );
    }

    #[test]
    fn recommending_needs_every_person_in_the_caseload() {
        assert!(may_recommend(Actor::Counselor(1), &[Some(1), Some(1)]));
        assert!(!may_recommend(Actor::Counselor(1), &[Some(1), Some(2)]));
        assert!(!may_recommend(Actor::Counselor(1), &[]));
        assert!(may_recommend(Actor::Staff(1), &[Some(2), None]));
    }

    #[test]
    fn working_age_is_sixteen_to_sixty_for_men_and_fifty_five_for_women() {
        let today = d(2026, 11, 29);
        assert!(is_working_age(Sex::Male, d(2010, 11, 29), today));
        assert!(!is_working_age(Sex::Male, d(2010, 11, 30), today));
        assert!(is_working_age(Sex::Male, d(1966, 11, 30), today));
        assert!(!is_working_age(Sex::Male, d(1966, 11, 29), today));
        assert!(is_working_age(Sex::Female, d(1971, 11, 30), today));
        assert!(!is_working_age(Sex::Female, d(1970, 6, 1), today));
    }

    #[test]
    fn sex_comes_from_the_seventeenth_character() {
        let today = d(2026, 11, 29);
        let man = crate::domain::certificate::sample(
            "370202",
            d(1990, 1, 1),
            11,
            DisabilityCategory::Visual,
            1,
        );
        let n = CertificateNumber::parse(&man, today).unwrap();
        assert_eq!(sex_of(&n), Sex::Male);
        let woman = crate::domain::certificate::sample(
            "370202",
            d(1990, 1, 1),
            12,
            DisabilityCategory::Visual,
            1,
        );
        let n = CertificateNumber::parse(&woman, today).unwrap();
        assert_eq!(sex_of(&n), Sex::Female);
        assert_eq!(
            disability_of(&woman, today),
            Some((DisabilityCategory::Visual, 1))
        );
    }

    #[test]
    fn edits_are_checked_field_by_field() {
        let today = d(2026, 11, 29);
        let bad = CaseEdit::Placement(NewPlacement {
            employer: "  ".into(),
            job_id: None,
            job_title: "Therapist".into(),
            kind: WorkKind::HealthMassage,
            started_on: d(2030, 1, 1),
            contract: Contract::Permanent,
            monthly_pay: 0,
            home_based: false,
        });
        let errors = check_edit(bad, today).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::Employer, Field::Dates, Field::Pay]);

        let contact = CaseEdit::Contact(NewContact {
            kind: ContactKind::Call,
            on: today,
            note: "  Called\u{7}  ".into(),
        });
        assert!(check_edit(contact, today).is_err());
        let future = CaseEdit::Contact(NewContact {
            kind: ContactKind::Visit,
            on: d(2026, 11, 30),
            note: "Visited".into(),
        });
        assert!(check_edit(future, today).is_err());
        let fine = CaseEdit::Contact(NewContact {
            kind: ContactKind::Visit,
            on: today,
            note: " Visited at home ".into(),
        });
        match check_edit(fine, today).unwrap() {
            CaseEdit::Contact(c) => assert_eq!(c.note, "Visited at home"),
            other => panic!("{other:?}"),
        }
        let household = CaseEdit::Household(Household {
            members: 2,
            others_in_work: 2,
            zero_employment: false,
        });
        assert!(check_edit(household, today).is_err());
    }

    #[test]
    fn a_change_is_refused_before_its_fields_are_checked() {
        let today = d(2026, 11, 29);
        let edit = CaseEdit::Goal { goal: "".into() };
        let f = ChangeFacts {
            by: Actor::Counselor(2),
            counselor_id: Some(1),
            edit: &edit,
            today,
        };
        assert_eq!(change_case(&f), Err(CaseRefusal::NotAllowed));
        let f = ChangeFacts {
            by: Actor::Counselor(1),
            ..f
        };
        assert!(matches!(change_case(&f), Err(CaseRefusal::Invalid(_))));
    }

    #[test]
    fn follow_ups_are_not_done_long_before_they_are_due() {
        let f = follow_ups(d(2026, 1, 5));
        assert_eq!(complete_follow_up(&f, 3, d(2026, 3, 10)), Ok(1));
        assert!(complete_follow_up(&f, 3, d(2026, 2, 1)).is_err());
        assert!(complete_follow_up(&f, 2, d(2026, 4, 5)).is_err());
    }

    #[test]
    fn rates_and_households() {
        assert_eq!(percent(3, 5), Some(60));
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(7, 5), Some(100));
        let h = Household {
            members: 3,
            others_in_work: 0,
            zero_employment: true,
        };
        assert!(!household_cleared(&h, false));
        assert!(household_cleared(&h, true));
        assert!(!household_cleared(
            &Household {
                zero_employment: false,
                ..h
            },
            true
        ));
    }

    #[test]
    fn statuses() {
        assert_eq!(case_status(true, false), CaseStatus::InWork);
        assert_eq!(case_status(false, true), CaseStatus::Looking);
        assert_eq!(case_status(false, false), CaseStatus::NotSeeking);
    }
}
