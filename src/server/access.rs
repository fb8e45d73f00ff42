//! Who is calling, and what they may see and change: a jobseeker their own
//! records, a counselor those of their caseload, an admin everything.
//! Reads and changes of another person's data go to the audit log.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::Shared;
use super::error::{ApiError, ApiResult};
use crate::domain::{Actor, Id};
use crate::store::accounts::{Account, Role};
use crate::store::{SqliteStore, Store, StoreError};

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

impl FromRequestParts<Arc<Shared>> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        pool: &Arc<Shared>,
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

impl FromRequestParts<Arc<Shared>> for MaybePrincipal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        pool: &Arc<Shared>,
    ) -> Result<Self, Self::Rejection> {
        if bearer(parts).is_some() {
            Principal::from_request_parts(parts, pool).await?;
        }
        Ok(MaybePrincipal)
    }
}

impl Principal {
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }

    pub fn is_staff(&self) -> bool {
        matches!(self.0.role, Role::Counselor | Role::Staff | Role::Admin)
    }

    /// May this caller read and change this person's records? A refused
    /// attempt on someone else's records goes to the audit log as refused;
    /// an allowed one is recorded by [`Audit::done`] once its outcome is
    /// known, so a request the store then refuses is not logged as done.
    pub fn check_person(
        &self,
        store: &SqliteStore,
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
            return Err(StoreError::Forbidden.into());
        }
        Ok(Audit {
            actor: self.actor(),
            profile_id,
            action: someone_else.then(|| action.to_string()),
        })
    }

    /// Counselors and admins only.
    pub fn require_staff(&self) -> ApiResult<()> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(StoreError::Forbidden.into())
        }
    }
}

/// An allowed action on a person's records, to be logged with its outcome
/// when the person is someone else.
#[must_use = "record the outcome with Audit::done"]
pub struct Audit {
    actor: crate::domain::Actor,
    profile_id: Id,
    action: Option<String>,
}

impl Audit {
    /// Records the outcome (done, or refused and why) and passes it on.
    pub fn done<T>(self, store: &SqliteStore, result: ApiResult<T>) -> ApiResult<T> {
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
        assert!(desk.caseload(1, "").is_ok());
        assert!(desk.service_log(stranger).is_ok());
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
            assert_eq!(hr.service_log(id), Err(StoreError::Forbidden));
        }
        assert_eq!(hr.caseload(1, ""), Err(StoreError::Forbidden));
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
