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
        matches!(self.0.role, Role::Counselor | Role::Admin)
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
            Role::Admin => true,
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
