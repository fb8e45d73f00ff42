//! Who is calling, and what they may see and change: the whole access
//! policy of the server, in one place. A jobseeker their own records, a
//! counselor those of their caseload, staff and administrators everyone's;
//! an employer nothing of jobseekers or counselors yet. Handlers ask here
//! before they touch the store. Reads and changes of another person's data
//! go to the audit log.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::Shared;
use super::error::{ApiError, ApiResult};
use crate::domain::casework::CaseQuery;
use crate::domain::{
    Actor, ApplicationStatus, EnrollmentStatus, Field, FieldError, Id, Problem, Profile, validate,
};
use crate::store::accounts::{Account, Role};
use crate::store::{Accounts, AuditLog, ServerStore, Store, StoreError};

/// The logged-in caller.
#[derive(Debug, Clone)]
pub struct Principal(pub Account);

/// A caller who need not be logged in (browsing jobs and courses); a token,
/// if one is sent, must still be valid.
#[derive(Debug, Clone, Copy)]
pub struct MaybePrincipal;

fn bearer(parts: &Parts) -> Option<String> {
    let value = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then(|| token.to_string())
}

impl<S: ServerStore> FromRequestParts<Arc<Shared<S>>> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        pool: &Arc<Shared<S>>,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or_else(ApiError::unauthenticated)?;
        let store = pool.get();
        let account = tokio::task::spawn_blocking(move || store.session(&token))
            .await
            .map_err(|_| {
                ApiError::from(StoreError::Internal {
                    detail: "session lookup".into(),
                })
            })??;
        Ok(Principal(account))
    }
}

impl<S: ServerStore> FromRequestParts<Arc<Shared<S>>> for MaybePrincipal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        pool: &Arc<Shared<S>>,
    ) -> Result<Self, Self::Rejection> {
        if bearer(parts).is_some() {
            Principal::from_request_parts(parts, pool).await?;
        }
        Ok(MaybePrincipal)
    }
}

fn forbidden<T>() -> ApiResult<T> {
    Err(StoreError::Forbidden.into())
}

impl Principal {
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }

    /// Counselors, staff and administrators: those who serve jobseekers.
    pub fn is_staff(&self) -> bool {
        matches!(self.0.role, Role::Counselor | Role::Staff | Role::Admin)
    }

    /// Staff and administrators, who see everyone's records.
    fn sees_everyone(&self) -> bool {
        matches!(self.0.role, Role::Staff | Role::Admin)
    }

    /// May this caller read and change this person's records? A refused
    /// attempt on someone else's records goes to the audit log as refused;
    /// an allowed one is recorded by [`Audit::done`] once its outcome is
    /// known, so a request the store then refuses is not logged as done.
    pub fn check_person<S: Store + AuditLog + ?Sized>(
        &self,
        store: &S,
        profile_id: Id,
        action: &str,
    ) -> ApiResult<Audit> {
        let account = &self.0;
        let allowed = match account.role {
            Role::Admin | Role::Staff => true,
            // The employer side comes with its own routes and rules.
            Role::Employer => false,
            Role::Jobseeker => account.profile_id == Some(profile_id),
            Role::Counselor => match store.profile(profile_id) {
                Ok(profile) => {
                    profile.counselor_id.is_some() && profile.counselor_id == account.counselor_id
                }
                Err(StoreError::NotFound { .. }) => false,
                Err(e) => return Err(e.into()),
            },
        };
        let someone_else = account.profile_id != Some(profile_id);
        if !allowed {
            store.audit(
                self.actor(),
                profile_id,
                &format!("{action}: refused (forbidden)"),
            )?;
            return forbidden();
        }
        Ok(Audit {
            actor: self.actor(),
            profile_id,
            action: someone_else.then(|| action.to_string()),
        })
    }

    /// Counselors, staff and admins only: posting jobs and courses, the
    /// service log.
    pub fn require_staff(&self) -> ApiResult<()> {
        if self.is_staff() { Ok(()) } else { forbidden() }
    }

    /// Everyone who serves or is a jobseeker; not (yet) employers: reading
    /// a counselor's record.
    pub fn require_service_side(&self) -> ApiResult<()> {
        if self.0.role == Role::Employer {
            forbidden()
        } else {
            Ok(())
        }
    }

    /// A counselor's own caseload, or anyone's for staff and admins.
    pub fn check_caseload(&self, counselor_id: Id) -> ApiResult<()> {
        let own = self.0.role == Role::Counselor && self.0.counselor_id == Some(counselor_id);
        if own || self.sees_everyone() {
            Ok(())
        } else {
            forbidden()
        }
    }

    /// The employer side: employers, and staff and administrators acting
    /// for them; the store then checks the job is the employer's own.
    pub fn require_employer_side(&self) -> ApiResult<()> {
        if matches!(self.0.role, Role::Employer | Role::Staff | Role::Admin) {
            Ok(())
        } else {
            forbidden()
        }
    }

    /// A jobseeker can only withdraw; responses come from staff.
    pub fn check_application_change(&self, to: ApplicationStatus) -> Result<(), StoreError> {
        if self.is_staff() || to == ApplicationStatus::Withdrawn {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// A jobseeker can only cancel; results come from staff.
    pub fn check_enrollment_change(&self, to: EnrollmentStatus) -> Result<(), StoreError> {
        if self.is_staff() || to == EnrollmentStatus::Cancelled {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// Shapes a profile about to be saved by this caller, before the
    /// person check: a jobseeker saves only their own (a first one without
    /// what counselors keep); a counselor's new profile joins their
    /// caseload; an employer saves none.
    pub fn shape_new_profile(&self, profile: &mut Profile) -> ApiResult<()> {
        let account = &self.0;
        match account.role {
            Role::Jobseeker => {
                if let Some(own) = account.profile_id {
                    profile.id = own;
                } else if profile.id != 0 {
                    return forbidden();
                } else {
                    // A first profile: what counselors keep is theirs to set.
                    profile.counselor_id = None;
                    profile.employed = false;
                    profile.plan.clear();
                }
            }
            Role::Counselor if profile.id == 0 => profile.counselor_id = account.counselor_id,
            Role::Employer => return forbidden(),
            _ => {}
        }
        Ok(())
    }

    /// Keeps what this caller may not change of a saved profile: the
    /// caseload (only staff and admins move people), and for a jobseeker
    /// the plan and employment.
    pub fn keep_protected(&self, profile: &mut Profile, old: &Profile) {
        if !self.sees_everyone() {
            profile.counselor_id = old.counselor_id;
        }
        if self.0.role == Role::Jobseeker {
            profile.employed = old.employed;
            profile.plan = old.plan.clone();
        }
    }

    /// The account to link to a profile this caller creates: a jobseeker's
    /// first profile becomes theirs.
    pub fn link_on_create(&self) -> Option<Id> {
        (self.0.role == Role::Jobseeker && self.0.profile_id.is_none()).then_some(self.0.id)
    }

    /// What a jobseeker may not do to their own profile: set what decides
    /// course eligibility (massage level, practice certificate, visual
    /// component), or claim a mobile or certificate number another profile
    /// holds (that would capture the other person's keypad login). Others
    /// pass.
    pub fn check_own_profile<S: Accounts + ?Sized>(
        &self,
        store: &S,
        profile: &Profile,
        old: Option<&Profile>,
        today: chrono::NaiveDate,
    ) -> ApiResult<()> {
        if self.0.role != Role::Jobseeker {
            return Ok(());
        }
        let kept = Profile::default();
        let old_or_default = old.unwrap_or(&kept);
        if profile.massage_level != old_or_default.massage_level
            || profile.practice_certificate != old_or_default.practice_certificate
            || profile.visual_component_confirmed != old_or_default.visual_component_confirmed
        {
            return Err(ApiError::from(StoreError::Forbidden).with_message(
                "the massage level, practice certificate and visual component are set by a counselor",
            ));
        }
        // Numbers as they will be stored; only newly typed ones are checked,
        // so a number a counselor put on two profiles blocks no other change.
        let clean = validate::profile(profile.clone(), today).map_err(StoreError::invalid)?;
        let taken: Vec<FieldError> = store
            .numbers_held_elsewhere(&clean)?
            .into_iter()
            .filter(|field| match field {
                Field::Mobile => old.is_none_or(|o| o.mobile != clean.mobile),
                _ => old.is_none_or(|o| o.certificate != clean.certificate),
            })
            .map(|field| FieldError::new(field, Problem::HeldByAnother))
            .collect();
        if taken.is_empty() {
            Ok(())
        } else {
            Err(StoreError::invalid(taken).into())
        }
    }
}

// Casework (the counselor's desk): a counselor works within their own
// caseload, staff and administrators anyone's; jobseekers and employers
// never see casework. The store checks the caseload again and audits every
// read and change of a record; the checks here come first so a refused
// attempt is audited too.
impl Principal {
    /// Counselors, staff and administrators only.
    pub fn require_casework(&self) -> ApiResult<()> {
        self.require_staff()
    }

    /// Scopes a caseload search to what this caller may see: a counselor
    /// their own caseload (naming none means their own; another
    /// counselor's, or everyone, is refused); staff and administrators
    /// anyone's or everyone's.
    pub fn scope_case_query(&self, query: &mut CaseQuery) -> ApiResult<()> {
        match self.0.role {
            Role::Staff | Role::Admin => Ok(()),
            Role::Counselor => match (self.0.counselor_id, query.counselor_id) {
                (Some(own), None) => {
                    query.counselor_id = Some(own);
                    Ok(())
                }
                (Some(own), Some(asked)) if own == asked => Ok(()),
                _ => forbidden(),
            },
            Role::Jobseeker | Role::Employer => forbidden(),
        }
    }

    /// A change made in a name: only the session's own.
    pub fn check_by(&self, by: Actor) -> ApiResult<()> {
        if by == self.actor() {
            Ok(())
        } else {
            Err(ApiError::from(StoreError::Forbidden)
                .with_message("a change can only be made in the name of the one logged in"))
        }
    }

    /// May this caller keep this person's case (read their record, change
    /// it, recommend to them)? A refusal is audited here; an allowed read
    /// or change is audited by the store, with its outcome.
    pub fn check_case<S: Store + AuditLog + ?Sized>(
        &self,
        store: &S,
        profile_id: Id,
        action: &str,
    ) -> ApiResult<()> {
        if !self.is_staff() {
            store.audit(
                self.actor(),
                profile_id,
                &format!("{action}: refused (forbidden)"),
            )?;
            return forbidden();
        }
        self.check_person(store, profile_id, action)?.by_store();
        Ok(())
    }

    /// What only the person themself does (hearing their recommendations
    /// marks them seen). A refused attempt is audited.
    pub fn check_self<S: AuditLog + ?Sized>(
        &self,
        store: &S,
        profile_id: Id,
        action: &str,
    ) -> ApiResult<()> {
        if self.0.role == Role::Jobseeker && self.0.profile_id == Some(profile_id) {
            return Ok(());
        }
        store.audit(
            self.actor(),
            profile_id,
            &format!("{action}: refused (forbidden)"),
        )?;
        forbidden()
    }
}

/// An allowed action on a person's records, to be logged with its outcome
/// when the person is someone else.
#[must_use = "record the outcome with Audit::done"]
pub struct Audit {
    actor: Actor,
    profile_id: Id,
    action: Option<String>,
}

impl Audit {
    /// The store itself audits this action (casework reads and changes).
    pub fn by_store(self) {}

    /// Records the outcome (done, or refused and why) and passes it on.
    pub fn done<T, S: AuditLog + ?Sized>(self, store: &S, result: ApiResult<T>) -> ApiResult<T> {
        if let Some(action) = self.action {
            let entry = match &result {
                Ok(_) => action,
                Err(e) => format!("{action}: refused ({})", e.body.code),
            };
            store.audit(self.actor, self.profile_id, &entry)?;
        }
        result
    }
}

impl Principal {
    /// May this caller read the figures and ledger of `scope`
    /// (`casework::may_read_figures`; a counselor's center from the store)?
    pub fn check_figures<S: Store + ?Sized>(
        &self,
        store: &S,
        scope: &crate::domain::casework::FigureScope,
    ) -> ApiResult<()> {
        let actor = self.actor();
        let own_center = match (self.0.role, self.0.counselor_id) {
            (Role::Counselor, Some(id)) => Some(store.counselor(id)?.center),
            _ => None,
        };
        if crate::domain::casework::may_read_figures(actor, scope, own_center.as_deref()) {
            Ok(())
        } else {
            forbidden()
        }
    }
}

// The staff desk: employers, postings, courses and rosters are kept by
// staff and administrators; counselors and everyone else are refused (a
// counselor may not close or edit a posting, or mark a roster).
impl Principal {
    pub fn require_staff_desk(&self) -> ApiResult<()> {
        if self.sees_everyone() {
            Ok(())
        } else {
            forbidden()
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::sync::Arc;

    use crate::clock::FixedClock;
    use crate::domain::{Actor, Employer, Id};
    use crate::i18n::Lang;
    use crate::server::{StorePool, start};
    use crate::store::accounts::{Owner, Role};
    use crate::store::seed::{self, SeedOptions};
    use crate::store::{RemoteOptions, RemoteStore, SqliteStore, Store, StoreError};

    const PIN: &str = "2468";

    /// A seeded server with a staff account and an employer account.
    fn server() -> (tempfile::TempDir, crate::server::RunningServer, Id, Id) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roles.db");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let clock: Arc<dyn crate::clock::Clock> = Arc::new(FixedClock::on(today));
        let store = SqliteStore::open_with_clock(&path, clock.clone()).unwrap();
        let report = seed::seed(
            &store,
            SeedOptions {
                jobs: 5,
                lang: Lang::En,
                today,
                people_and_courses: true,
            },
        )
        .unwrap();
        let me = report.me.unwrap();
        // Someone outside the demo counselor's caseload.
        let stranger = (1..200)
            .find(|id| store.profile(*id).is_ok_and(|p| p.counselor_id.is_none()))
            .unwrap();
        store
            .add_account_owned("desk", Role::Staff, PIN, Owner::Nobody)
            .unwrap();
        store
            .add_account_owned(
                "hr",
                Role::Employer,
                PIN,
                Owner::NewEmployer(Employer {
                    id: 0,
                    name: "Harbour Clinic".into(),
                    district: crate::domain::District::Shinan,
                    medical_institution: false,
                    contact: String::new(),
                }),
            )
            .unwrap();
        drop(store);
        let pool = Arc::new(StorePool::open(&path, clock, 2).unwrap());
        let running = start(TcpListener::bind("127.0.0.1:0").unwrap(), pool).unwrap();
        (dir, running, me, stranger)
    }

    fn client(running: &crate::server::RunningServer, login: &str) -> (RemoteStore, Actor) {
        let r = RemoteStore::connect(RemoteOptions::new(&running.url())).unwrap();
        let actor = r.log_in(login, PIN).unwrap();
        (r, actor)
    }

    #[test]
    fn staff_reads_and_changes_people_jobs_and_courses_like_an_admin() {
        let (dir, running, _me, stranger) = server();
        let (desk, actor) = client(&running, "desk");
        assert!(matches!(actor, Actor::Staff(_)));
        assert_eq!(desk.current_user().unwrap(), Some(actor));
        let mut profile = desk.profile(stranger).unwrap();
        profile.counselor_id = Some(1);
        assert_eq!(
            desk.save_profile(actor, profile).unwrap().counselor_id,
            Some(1),
            "staff assign a counselor, as an administrator does"
        );
        assert!(desk.applications(stranger).is_ok());
        assert!(desk.enrollments(stranger).is_ok());
        // Caseloads and records over the server: the contract suite.
        let posted = desk.post_job(actor, sample_job()).unwrap();
        assert_eq!(posted.title, "Reception");
        // Reading someone else's profile is in their audit log.
        let direct = SqliteStore::open(&dir.path().join("roles.db")).unwrap();
        let audit = direct.audit_entries(stranger).unwrap();
        assert!(
            audit
                .iter()
                .any(|(_, who, what)| who == &actor.to_code() && what == "read profile"),
            "{audit:?}"
        );
    }

    #[test]
    fn an_employer_gets_nothing_of_jobseekers_or_counselors_yet() {
        let (_dir, running, me, stranger) = server();
        let (hr, actor) = client(&running, "hr");
        assert!(matches!(actor, Actor::Employer(_)));
        // Browsing is open to anyone.
        assert!(hr.job(1).is_ok());
        assert!(hr.employers().is_ok());
        for id in [me, stranger] {
            assert_eq!(hr.profile(id), Err(StoreError::Forbidden));
            assert_eq!(hr.applications(id), Err(StoreError::Forbidden));
            assert_eq!(hr.enrollments(id), Err(StoreError::Forbidden));
            assert_eq!(hr.case_record(actor, id), Err(StoreError::Forbidden));
        }
        let caseload = crate::domain::casework::CaseQuery {
            counselor_id: Some(1),
            ..Default::default()
        };
        assert_eq!(hr.case_rows(&caseload), Err(StoreError::Forbidden));
        assert_eq!(hr.counselor(1), Err(StoreError::Forbidden));
        let new = crate::domain::Profile {
            name: "Someone".into(),
            ..Default::default()
        };
        assert_eq!(hr.save_profile(actor, new), Err(StoreError::Forbidden));
        assert_eq!(
            hr.post_job(actor, sample_job()).map(|_| ()),
            Err(StoreError::Forbidden)
        );
    }

    fn principal(role: Role, counselor_id: Option<Id>) -> super::Principal {
        super::Principal(crate::store::accounts::Account {
            id: 7,
            login: "x".into(),
            role,
            profile_id: (role == Role::Jobseeker).then_some(3),
            counselor_id,
            employer_id: (role == Role::Employer).then_some(2),
        })
    }

    #[test]
    fn a_caseload_search_is_scoped_to_the_session() {
        use crate::domain::casework::CaseQuery;
        let counselor = principal(Role::Counselor, Some(1));
        let mut q = CaseQuery::default();
        counselor.scope_case_query(&mut q).unwrap();
        assert_eq!(q.counselor_id, Some(1), "none named: their own");
        let mut other = CaseQuery {
            counselor_id: Some(2),
            ..Default::default()
        };
        assert!(counselor.scope_case_query(&mut other).is_err());
        for role in [Role::Staff, Role::Admin] {
            let mut everyone = CaseQuery::default();
            principal(role, None)
                .scope_case_query(&mut everyone)
                .unwrap();
            assert_eq!(everyone.counselor_id, None);
        }
        for role in [Role::Jobseeker, Role::Employer] {
            assert!(
                principal(role, None)
                    .scope_case_query(&mut CaseQuery::default())
                    .is_err()
            );
        }
        // A counselor account without a counselor record sees no caseload.
        assert!(
            principal(Role::Counselor, None)
                .scope_case_query(&mut CaseQuery::default())
                .is_err()
        );
    }

    #[test]
    fn changes_are_made_only_in_the_sessions_name() {
        let counselor = principal(Role::Counselor, Some(1));
        assert!(counselor.check_by(Actor::Counselor(1)).is_ok());
        assert!(counselor.check_by(Actor::Counselor(2)).is_err());
        assert!(counselor.check_by(Actor::Admin(7)).is_err());
        assert!(
            principal(Role::Admin, None)
                .check_by(Actor::Admin(7))
                .is_ok()
        );
    }

    fn sample_job() -> crate::domain::NewJob {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        crate::domain::NewJob {
            employer_id: 1,
            title: "Reception".into(),
            kind: crate::domain::WorkKind::CustomerService,
            district: crate::domain::District::Shinan,
            address: "1 Road".into(),
            description: "Answer calls.".into(),
            salary_min: 3000,
            salary_max: 4000,
            openings: 1,
            suits_visual: true,
            remote: false,
            requires_practice_certificate: false,
            accommodations: String::new(),
            how_to_apply: String::new(),
            posted_on: day,
            closes_on: day + chrono::Duration::days(30),
        }
    }
}
