//! Who is calling, and what they may see and change: a jobseeker their own
//! records, a counselor those of their caseload, an admin everything.
//! Reads and changes of another person's data go to the audit log.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::StorePool;
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

impl FromRequestParts<Arc<StorePool>> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        pool: &Arc<StorePool>,
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

impl FromRequestParts<Arc<StorePool>> for MaybePrincipal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        pool: &Arc<StorePool>,
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

    /// May this caller read and change this person's records? Records
    /// an audit entry when the person is someone else.
    pub fn check_person(&self, store: &SqliteStore, profile_id: Id, action: &str) -> ApiResult<()> {
        let account = &self.0;
        let allowed = match account.role {
            Role::Admin => true,
            Role::Jobseeker => account.profile_id == Some(profile_id),
            Role::Counselor => {
                let profile = store.profile(profile_id)?;
                profile.counselor_id.is_some() && profile.counselor_id == account.counselor_id
            }
        };
        if !allowed {
            return Err(StoreError::Forbidden.into());
        }
        if account.profile_id != Some(profile_id) {
            store.audit(self.actor(), profile_id, action)?;
        }
        Ok(())
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
