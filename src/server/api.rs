//! The routes of `/api/v1`. Every handler runs its store work on a blocking
//! thread with a pooled connection, checks the caller's role first, and
//! takes the actor from the session, never from the request body.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::access::{MaybePrincipal, Principal};
use super::error::{ApiError, ApiResult};
use super::{BODY_LIMIT, REQUEST_TIMEOUT, StorePool};
use crate::domain::{ApplicationStatus, EnrollmentStatus, Id, NewCourse, NewJob, Profile};
use crate::store::accounts::{Claim, Role};
use crate::store::{
    ApplicationChange, ApplyRequest, CourseQuery, EnrollmentChange, JobQuery, RegisterRequest,
    SqliteStore, Store, StoreError,
};

type Pool = Arc<StorePool>;

/// JSON bodies with errors in the API's own shape: malformed JSON is 400,
/// unknown fields or wrong types 422, too large 413.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> ApiError {
    let status = rejection.status();
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "wrong_content_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_body",
        _ => "malformed_json",
    };
    ApiError::new(status, code, rejection.body_text())
}

/// Runs store work on a blocking thread with a pooled connection.
async fn run<T: Send + 'static>(
    pool: &Pool,
    work: impl FnOnce(&SqliteStore) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let store = pool.get();
    tokio::task::spawn_blocking(move || work(&store))
        .await
        .map_err(|_| {
            ApiError::from(StoreError::Internal {
                detail: "worker failed".into(),
            })
        })?
}

/// Answers a change once per idempotency key: a retry gets the first
/// answer again instead of a second change.
async fn once<T: Serialize + Send + 'static>(
    pool: &Pool,
    principal: &Principal,
    route: &'static str,
    headers: &HeaderMap,
    work: impl FnOnce(&SqliteStore) -> ApiResult<T> + Send + 'static,
) -> ApiResult<Response> {
    // The key is good for one route: the same key elsewhere is another
    // change.
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|s| format!("{route}|{}", s.chars().take(100).collect::<String>()));
    let account = principal.0.id;
    let json = |status: StatusCode, body: String| {
        (status, [("content-type", "application/json")], body).into_response()
    };
    run(pool, move |store| {
        if let Some(key) = &key {
            match store.claim_key(key, account)? {
                Claim::Mine => {}
                Claim::Answered(status, body) => {
                    return Ok(json(
                        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                        body,
                    ));
                }
                Claim::InProgress => {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        "in_progress",
                        "the same change is being made; try again",
                    ));
                }
            }
        }
        let value = match work(store) {
            Ok(v) => v,
            Err(e) => {
                if let Some(key) = &key {
                    store.release_key(key, account)?;
                }
                return Err(e);
            }
        };
        let body = serde_json::to_string(&value).map_err(|e| StoreError::Internal {
            detail: e.to_string(),
        })?;
        if let Some(key) = &key {
            store.answer_key(key, account, 200, &body)?;
        }
        Ok(json(StatusCode::OK, body))
    })
    .await
}

/// One log line per request: method, path, status, time. Bodies (PINs,
/// certificate numbers) and query strings are never logged.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    tracing::info!(
        target: "jobdesk::requests",
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

async fn no_such_endpoint() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_such_endpoint",
        "there is no such endpoint",
    )
}

pub fn router(pool: Pool) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/login", post(login))
        .route("/me", get(me))
        .route("/jobs/search", post(search_jobs))
        .route("/jobs", post(post_job))
        .route("/jobs/{id}", get(job))
        .route("/employers", get(employers))
        .route("/applications", post(apply))
        .route("/applications/{id}", get(application))
        .route("/applications/{id}/changes", post(change_application))
        .route("/courses/search", post(search_courses))
        .route("/courses", post(post_course))
        .route("/courses/{id}", get(course))
        .route("/enrollments", post(register))
        .route("/enrollments/{id}", get(enrollment))
        .route("/enrollments/{id}/changes", post(change_enrollment))
        .route("/profiles", post(save_profile))
        .route("/profiles/{id}", get(profile))
        .route("/profiles/{id}/applications", get(applications))
        .route("/profiles/{id}/enrollments", get(enrollments))
        .route(
            "/profiles/{id}/service-log",
            get(service_log).post(add_service_log),
        )
        .route("/counselors/{id}", get(counselor))
        .route("/counselors/{id}/caseload", get(caseload));
    Router::new()
        .nest("/api/v1", api)
        .fallback(no_such_endpoint)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn(log_request))
        .with_state(pool)
}

async fn health(State(pool): State<Pool>) -> ApiResult<Json<serde_json::Value>> {
    run(&pool, |s| Ok(s.schema_version()?))
        .await
        .map(|v| Json(serde_json::json!({ "status": "ok", "schema": v })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginRequest {
    login: String,
    secret: String,
}

async fn login(
    State(pool): State<Pool>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.login(&req.login, &req.secret)?))).await
}

#[derive(Serialize, Deserialize)]
pub struct Me {
    pub actor: crate::domain::Actor,
    pub role: Role,
}

async fn me(principal: Principal) -> Json<Me> {
    Json(Me {
        actor: principal.actor(),
        role: principal.0.role,
    })
}

async fn search_jobs(
    State(pool): State<Pool>,
    _who: MaybePrincipal,
    ApiJson(q): ApiJson<JobQuery>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.search_jobs(&q)?))).await
}

async fn job(
    State(pool): State<Pool>,
    _who: MaybePrincipal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.job(id)?))).await
}

async fn employers(State(pool): State<Pool>, _who: MaybePrincipal) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.employers()?))).await
}

async fn post_job(
    State(pool): State<Pool>,
    p: Principal,
    headers: HeaderMap,
    ApiJson(job): ApiJson<NewJob>,
) -> ApiResult<Response> {
    p.require_staff()?;
    let actor = p.actor();
    once(&pool, &p, "POST /jobs", &headers, move |s| {
        Ok(s.post_job(actor, job)?)
    })
    .await
}

async fn apply(
    State(pool): State<Pool>,
    p: Principal,
    ApiJson(mut req): ApiJson<ApplyRequest>,
) -> ApiResult<impl IntoResponse> {
    req.by = p.actor();
    run(&pool, move |s| {
        p.check_person(s, req.profile_id, "apply")?;
        Ok(Json(s.apply(&req)?))
    })
    .await
}

async fn application(
    State(pool): State<Pool>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        let a = s.application(id)?;
        p.check_person(s, a.profile_id, "read application")?;
        Ok(Json(a))
    })
    .await
}

async fn change_application(
    State(pool): State<Pool>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(mut change): ApiJson<ApplicationChange>,
) -> ApiResult<impl IntoResponse> {
    change.application_id = id;
    change.by = p.actor();
    run(&pool, move |s| {
        let a = s.application(id)?;
        p.check_person(s, a.profile_id, "change application")?;
        // A jobseeker can only withdraw; responses come from staff.
        if !p.is_staff() && change.to != ApplicationStatus::Withdrawn {
            return Err(StoreError::Forbidden.into());
        }
        Ok(Json(s.change_application(&change)?))
    })
    .await
}

async fn applications(
    State(pool): State<Pool>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_person(s, id, "read applications")?;
        Ok(Json(s.applications(id)?))
    })
    .await
}

async fn search_courses(
    State(pool): State<Pool>,
    _who: MaybePrincipal,
    ApiJson(q): ApiJson<CourseQuery>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.search_courses(&q)?))).await
}

async fn course(
    State(pool): State<Pool>,
    _who: MaybePrincipal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.course(id)?))).await
}

async fn post_course(
    State(pool): State<Pool>,
    p: Principal,
    headers: HeaderMap,
    ApiJson(course): ApiJson<NewCourse>,
) -> ApiResult<Response> {
    p.require_staff()?;
    let actor = p.actor();
    once(&pool, &p, "POST /courses", &headers, move |s| {
        Ok(s.post_course(actor, course)?)
    })
    .await
}

async fn register(
    State(pool): State<Pool>,
    p: Principal,
    ApiJson(mut req): ApiJson<RegisterRequest>,
) -> ApiResult<impl IntoResponse> {
    req.by = p.actor();
    run(&pool, move |s| {
        p.check_person(s, req.profile_id, "register")?;
        Ok(Json(s.register(&req)?))
    })
    .await
}

async fn enrollment(
    State(pool): State<Pool>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        let e = s.enrollment(id)?;
        p.check_person(s, e.profile_id, "read enrollment")?;
        Ok(Json(e))
    })
    .await
}

async fn change_enrollment(
    State(pool): State<Pool>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(mut change): ApiJson<EnrollmentChange>,
) -> ApiResult<impl IntoResponse> {
    change.enrollment_id = id;
    change.by = p.actor();
    run(&pool, move |s| {
        let e = s.enrollment(id)?;
        p.check_person(s, e.profile_id, "change enrollment")?;
        if !p.is_staff() && change.to != EnrollmentStatus::Cancelled {
            return Err(StoreError::Forbidden.into());
        }
        Ok(Json(s.change_enrollment(&change)?))
    })
    .await
}

async fn enrollments(
    State(pool): State<Pool>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_person(s, id, "read enrollments")?;
        Ok(Json(s.enrollments(id)?))
    })
    .await
}

async fn profile(
    State(pool): State<Pool>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_person(s, id, "read profile")?;
        Ok(Json(s.profile(id)?))
    })
    .await
}

/// Creates (id 0) or updates a profile. A jobseeker edits only their own
/// and cannot change what counselors keep (caseload, plan, employment).
async fn save_profile(
    State(pool): State<Pool>,
    p: Principal,
    headers: HeaderMap,
    ApiJson(mut profile): ApiJson<Profile>,
) -> ApiResult<Response> {
    let caller = p.clone();
    once(&pool, &p, "POST /profiles", &headers, move |s| {
        let account = &caller.0;
        match account.role {
            Role::Jobseeker => {
                if let Some(own) = account.profile_id {
                    profile.id = own;
                } else if profile.id != 0 {
                    return Err(StoreError::Forbidden.into());
                } else {
                    // A first profile: what counselors keep is theirs to set.
                    profile.counselor_id = None;
                    profile.employed = false;
                    profile.plan.clear();
                }
            }
            Role::Counselor if profile.id == 0 => profile.counselor_id = account.counselor_id,
            _ => {}
        }
        if profile.id != 0 {
            caller.check_person(s, profile.id, "change profile")?;
            let old = s.profile(profile.id)?;
            if account.role != Role::Admin {
                profile.counselor_id = old.counselor_id;
            }
            if account.role == Role::Jobseeker {
                profile.employed = old.employed;
                profile.plan = old.plan;
            }
        }
        let saved = s.save_profile(caller.actor(), profile)?;
        if account.role == Role::Jobseeker && account.profile_id.is_none() {
            s.link_profile(account.id, saved.id)?;
        }
        Ok(saved)
    })
    .await
}

async fn service_log(
    State(pool): State<Pool>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff()?;
    run(&pool, move |s| {
        p.check_person(s, id, "read service log")?;
        Ok(Json(s.service_log(id)?))
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteBody {
    note: String,
}

async fn add_service_log(
    State(pool): State<Pool>,
    p: Principal,
    headers: HeaderMap,
    Path(id): Path<Id>,
    ApiJson(body): ApiJson<NoteBody>,
) -> ApiResult<Response> {
    p.require_staff()?;
    let caller = p.clone();
    once(
        &pool,
        &p,
        "POST /profiles/{id}/service-log",
        &headers,
        move |s| {
            caller.check_person(s, id, "add service log entry")?;
            Ok(s.add_service_log(caller.actor(), id, &body.note)?)
        },
    )
    .await
}

async fn counselor(
    State(pool): State<Pool>,
    _p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.counselor(id)?))).await
}

#[derive(Deserialize)]
struct CaseloadQuery {
    #[serde(default)]
    text: String,
}

async fn caseload(
    State(pool): State<Pool>,
    p: Principal,
    Path(id): Path<Id>,
    Query(q): Query<CaseloadQuery>,
) -> ApiResult<impl IntoResponse> {
    let own =
        p.0.role == Role::Admin || (p.0.role == Role::Counselor && p.0.counselor_id == Some(id));
    if !own {
        return Err(StoreError::Forbidden.into());
    }
    run(&pool, move |s| Ok(Json(s.caseload(id, &q.text)?))).await
}
