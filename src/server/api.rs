//! The routes of `/api/v1`. Every handler runs its store work on a blocking
//! thread with a pooled connection, checks the caller's role first, and
//! takes the actor from the session, never from the request body.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OriginalUri, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use sha2::Digest as _;

use super::access::{MaybePrincipal, Principal};
use super::error::{ApiError, ApiResult};
use super::limits::{Limits, LoginGuard};
use super::{BODY_LIMIT, IMPORT_BODY_LIMIT, REQUEST_TIMEOUT, StorePool};
use crate::domain::casework::{CaseChange, CaseQuery, RecommendRequest};
use crate::domain::{Id, NewCourse, NewJob, Profile};
use crate::protocol::{FiguresRequest, LedgerRequest};
use crate::protocol::{Health, LoginRequest, Me, Seen, routes};
use crate::store::traits::Answer;
use crate::store::{
    ApplicationChange, ApplyRequest, Change, CourseQuery, EmployerResponse, EnrollmentChange,
    JobQuery, RegisterRequest, ServerStore, SqliteStore, StoreError,
};

/// What every handler shares: the store handles and the login guard.
pub struct Shared<S = SqliteStore> {
    pub pool: Arc<StorePool<S>>,
    pub logins: LoginGuard,
}

impl<S: ServerStore> Shared<S> {
    pub fn get(&self) -> Arc<S> {
        self.pool.get()
    }
}

type Pool<S> = Arc<Shared<S>>;

/// Path parameters with errors in the API's own JSON shape (`/jobs/abc`).
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_path",
                format!(
                    "{}; record numbers in the path are whole numbers, as in /api/v1/jobs/12",
                    rejection.body_text()
                ),
            )),
        }
    }
}

/// The client's address, as the limits count it; unspecified when the
/// server runs without connection info.
struct ClientIp(IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(ClientIp(super::limits::client_key(ip)))
    }
}

/// A JSON body with a hash of its bytes, for changes made once per
/// idempotency key: the same key with another body is refused.
pub struct Keyed<T> {
    value: T,
    hash: String,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Keyed<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().starts_with("application/json"));
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "wrong_content_type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            let status = rejection.status();
            let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "too_large"
            } else {
                "unreadable_body"
            };
            ApiError::new(status, code, rejection.body_text())
        })?;
        let Json(value) = Json::<T>::from_bytes(&bytes).map_err(json_error)?;
        let hash = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Keyed { value, hash })
    }
}

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
async fn run<S: ServerStore, T: Send + 'static>(
    pool: &Pool<S>,
    work: impl FnOnce(&S) -> ApiResult<T> + Send + 'static,
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

/// How a change is made once: the caller's idempotency key, bound to the
/// method and full path (so a key for one person's record never answers
/// for another's) and to a hash of the body.
struct Once {
    key: Option<String>,
    account: Id,
    hash: String,
}

impl Once {
    fn new(p: &Principal, uri: &OriginalUri, headers: &HeaderMap, hash: String) -> Self {
        let key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(|k| {
                format!(
                    "POST {}|{}",
                    uri.0.path(),
                    k.chars().take(100).collect::<String>()
                )
            });
        Once {
            key,
            account: p.0.id,
            hash,
        }
    }

    /// Makes the change in one transaction with its stored answer, or
    /// answers what the same request got before.
    fn run<S: ServerStore>(self, store: &S, change: Change) -> ApiResult<Response> {
        let json = |status: StatusCode, body: String| {
            (status, [("content-type", "application/json")], body).into_response()
        };
        match store.change_once(self.key.as_deref(), self.account, &self.hash, change)? {
            Answer::Fresh(body) => Ok(json(StatusCode::OK, body)),
            Answer::Replayed(status, body) => Ok(json(
                StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                body,
            )),
            Answer::Mismatch => {
                let mut error = ApiError::from(StoreError::RequestIdReused);
                error.status = StatusCode::UNPROCESSABLE_ENTITY;
                error.body.code = "idempotency_key_reused".into();
                error.body.message =
                    "this idempotency key was used for a different request; send a new key".into();
                Err(error)
            }
        }
    }
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

async fn wrong_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "wrong_method",
        "this endpoint does not take that method; see the API description",
    )
}

/// The API with limits sized to this machine.
pub fn router<S: ServerStore>(pool: Arc<StorePool<S>>) -> Router {
    router_with(pool, &Limits::default())
}

/// The API with the given limits.
pub fn router_with<S: ServerStore>(pool: Arc<StorePool<S>>, limits: &Limits) -> Router {
    let shared = Arc::new(Shared {
        pool,
        logins: LoginGuard::new(limits),
    });
    let api = Router::new()
        .route(routes::HEALTH, get(health::<S>))
        .route(routes::LOGIN, post(login::<S>))
        .route(routes::ME, get(me))
        .route(routes::JOBS_SEARCH, post(search_jobs::<S>))
        .route(routes::JOBS, post(post_job::<S>))
        .route(routes::JOB, get(job::<S>))
        .route(routes::EMPLOYERS, get(employers::<S>))
        .route(routes::APPLICATIONS, post(apply::<S>))
        .route(routes::APPLICATION, get(application::<S>))
        .route(routes::APPLICATION_CHANGES, post(change_application::<S>))
        .route(routes::COURSES_SEARCH, post(search_courses::<S>))
        .route(routes::COURSES, post(post_course::<S>))
        .route(routes::COURSE, get(course::<S>))
        .route(routes::ENROLLMENTS, post(register::<S>))
        .route(routes::ENROLLMENT, get(enrollment::<S>))
        .route(routes::ENROLLMENT_CHANGES, post(change_enrollment::<S>))
        .route(routes::PROFILES, post(save_profile::<S>))
        .route(routes::PROFILE, get(profile::<S>))
        .route(routes::PROFILE_APPLICATIONS, get(applications::<S>))
        .route(routes::PROFILE_ENROLLMENTS, get(enrollments::<S>))
        .route(routes::COUNSELOR, get(counselor::<S>))
        // Casework (the counselor's desk).
        .route(routes::CASELOAD_SEARCH, post(case_rows::<S>))
        .route(routes::COUNSELOR_DUE, get(due_counts::<S>))
        .route(routes::COUNSELORS, get(counselors::<S>))
        .route(routes::PROFILE_RECORD, get(case_record::<S>))
        .route(routes::PROFILE_RECORD_CHANGES, post(change_case::<S>))
        .route(routes::RECOMMENDATIONS, post(recommend::<S>))
        .route(routes::PROFILE_RECOMMENDATIONS, get(recommendations::<S>))
        .route(
            routes::PROFILE_RECOMMENDATIONS_SEEN,
            post(mark_recommendations_seen::<S>),
        )
        // Figures, the ledger and targets.
        .route(routes::FIGURES, post(figures::<S>))
        .route(routes::LEDGER, post(ledger::<S>))
        .route(routes::TARGETS, post(set_target::<S>))
        .route(
            routes::IMPORT,
            post(import::<S>).layer(axum::extract::DefaultBodyLimit::max(IMPORT_BODY_LIMIT)),
        )
        // porter (issue 15, point 2): exports.
        .route(routes::EXPORT_ROWS, post(export_rows::<S>))
        .route(routes::ACCOUNTS_SEARCH, post(account_rows::<S>))
        .route(routes::ACCOUNTS, post(create_account::<S>))
        .route(routes::ACCOUNT_CHANGES, post(change_account::<S>))
        .route(routes::AUDIT_SEARCH, post(audit_rows::<S>))
        .route(routes::COUNSELOR_CASELOAD_MOVE, post(move_caseload::<S>))
        // Employer side.
        .route(routes::EMPLOYER_JOBS, get(employer_jobs::<S>))
        .route(routes::JOB_APPLICANTS, get(job_applicants::<S>))
        .route(routes::APPLICANT, get(applicant::<S>))
        .route(routes::APPLICANT_STEPS, post(respond::<S>))
        // The staff desk.
        .route(
            routes::STAFF_EMPLOYERS,
            get(staff_employers::<S>).post(save_employer::<S>),
        )
        .route(routes::JOB_EDIT, post(edit_job::<S>))
        .route(routes::JOB_POSTING, post(change_posting::<S>))
        .route(routes::COURSE_EDIT, post(edit_course::<S>))
        .route(routes::COURSE_CANCEL, post(cancel_course::<S>))
        .route(routes::COURSE_ROSTER, get(roster::<S>))
        .route(routes::ENROLLMENT_MARK, post(mark_roster::<S>))
        // What's new and saved searches: the person's own only.
        .route(routes::PROFILE_VISITS, post(begin_visit::<S>))
        .route(routes::PROFILE_WHATS_NEW, get(whats_new::<S>))
        .route(routes::PROFILE_WHATS_NEW_DISMISSED, post(dismiss_new::<S>))
        .route(
            routes::PROFILE_SAVED_SEARCHES,
            get(saved_searches::<S>).post(save_search::<S>),
        )
        .route(
            routes::PROFILE_SAVED_SEARCHES_DELETED,
            post(delete_saved_search::<S>),
        );
    Router::new()
        .nest(routes::PREFIX, api)
        .fallback(no_such_endpoint)
        .method_not_allowed_fallback(wrong_method)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn(log_request))
        .with_state(shared)
}

/// Ok only when the database can be read and written: a read-only, full
/// or broken database is 503 with what is wrong.
async fn health<S: ServerStore>(State(pool): State<Pool<S>>) -> ApiResult<Json<Health>> {
    run(&pool, |s| Ok(s.health_check()?)).await.map(|schema| {
        Json(Health {
            status: "ok".into(),
            schema,
        })
    })
}

/// Logs in. The address's login allowance comes first, then a turn at
/// password hashing (bounded, so a flood cannot exhaust memory); neither
/// a refused allowance nor a busy answer counts as a wrong PIN.
async fn login<S: ServerStore>(
    State(shared): State<Pool<S>>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<impl IntoResponse> {
    shared.logins.allow(ip)?;
    let permit = shared.logins.hashing_permit().await?;
    let address = ip.to_string();
    run(&shared, move |s| {
        let session = s.login_from(&req.login, &req.secret, &address);
        drop(permit);
        Ok(Json(session?))
    })
    .await
}

async fn me(principal: Principal) -> Json<Me> {
    Json(Me {
        actor: principal.actor(),
        role: principal.0.role,
    })
}

async fn search_jobs<S: ServerStore>(
    State(pool): State<Pool<S>>,
    _who: MaybePrincipal,
    ApiJson(q): ApiJson<JobQuery>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.search_jobs(&q)?))).await
}

async fn job<S: ServerStore>(
    State(pool): State<Pool<S>>,
    _who: MaybePrincipal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.job(id)?))).await
}

async fn employers<S: ServerStore>(
    State(pool): State<Pool<S>>,
    _who: MaybePrincipal,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.employers()?))).await
}

async fn post_job<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    uri: OriginalUri,
    headers: HeaderMap,
    job: Keyed<NewJob>,
) -> ApiResult<Response> {
    p.require_staff()?;
    let once = Once::new(&p, &uri, &headers, job.hash);
    let job = job.value;
    run(&pool, move |s| once.run(s, Change::PostJob(job))).await
}

async fn apply<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(mut req): ApiJson<ApplyRequest>,
) -> ApiResult<impl IntoResponse> {
    req.by = p.actor();
    run(&pool, move |s| {
        let audit = p.check_person(s, req.profile_id, "apply")?;
        audit.done(s, s.apply(&req).map(Json).map_err(ApiError::from))
    })
    .await
}

async fn application<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        let a = s.application(id)?;
        p.check_person(s, a.profile_id, "read application")?
            .done(s, Ok(Json(a)))
    })
    .await
}

async fn change_application<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(mut change): ApiJson<ApplicationChange>,
) -> ApiResult<impl IntoResponse> {
    change.application_id = id;
    change.by = p.actor();
    run(&pool, move |s| {
        let a = s.application(id)?;
        let audit = p.check_person(s, a.profile_id, "change application")?;
        let result = p
            .check_application_change(change.to)
            .and_then(|()| s.change_application(&change));
        audit.done(s, result.map(Json).map_err(ApiError::from))
    })
    .await
}

async fn applications<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        let audit = p.check_person(s, id, "read applications")?;
        audit.done(s, s.applications(id).map(Json).map_err(ApiError::from))
    })
    .await
}

async fn search_courses<S: ServerStore>(
    State(pool): State<Pool<S>>,
    _who: MaybePrincipal,
    ApiJson(q): ApiJson<CourseQuery>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.search_courses(&q)?))).await
}

async fn course<S: ServerStore>(
    State(pool): State<Pool<S>>,
    _who: MaybePrincipal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| Ok(Json(s.course(id)?))).await
}

async fn post_course<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    uri: OriginalUri,
    headers: HeaderMap,
    course: Keyed<NewCourse>,
) -> ApiResult<Response> {
    p.require_staff()?;
    let once = Once::new(&p, &uri, &headers, course.hash);
    let course = course.value;
    run(&pool, move |s| once.run(s, Change::PostCourse(course))).await
}

async fn register<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(mut req): ApiJson<RegisterRequest>,
) -> ApiResult<impl IntoResponse> {
    req.by = p.actor();
    run(&pool, move |s| {
        let audit = p.check_person(s, req.profile_id, "register")?;
        audit.done(s, s.register(&req).map(Json).map_err(ApiError::from))
    })
    .await
}

async fn enrollment<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        let e = s.enrollment(id)?;
        p.check_person(s, e.profile_id, "read enrollment")?
            .done(s, Ok(Json(e)))
    })
    .await
}

async fn change_enrollment<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(mut change): ApiJson<EnrollmentChange>,
) -> ApiResult<impl IntoResponse> {
    change.enrollment_id = id;
    change.by = p.actor();
    run(&pool, move |s| {
        let e = s.enrollment(id)?;
        let audit = p.check_person(s, e.profile_id, "change enrollment")?;
        let result = p
            .check_enrollment_change(change.to)
            .and_then(|()| s.change_enrollment(&change));
        audit.done(s, result.map(Json).map_err(ApiError::from))
    })
    .await
}

async fn enrollments<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        let audit = p.check_person(s, id, "read enrollments")?;
        audit.done(s, s.enrollments(id).map(Json).map_err(ApiError::from))
    })
    .await
}

async fn profile<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        let audit = p.check_person(s, id, "read profile")?;
        audit.done(s, s.profile(id).map(Json).map_err(ApiError::from))
    })
    .await
}

/// Creates (id 0) or updates a profile. A jobseeker edits only their own,
/// cannot change what counselors keep (caseload, plan, employment) or what
/// decides course eligibility (massage level, practice certificate, visual
/// component), and cannot claim a mobile or certificate number another
/// profile holds (that would capture the other person's keypad login).
async fn save_profile<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Keyed<Profile>,
) -> ApiResult<Response> {
    let once = Once::new(&p, &uri, &headers, body.hash);
    let mut profile = body.value;
    run(&pool, move |s| {
        let today = s.today();
        p.shape_new_profile(&mut profile)?;
        let audit = if profile.id != 0 {
            Some(p.check_person(s, profile.id, "change profile")?)
        } else {
            None
        };
        let old = if profile.id != 0 {
            Some(s.profile(profile.id)?)
        } else {
            None
        };
        if let Some(old) = &old {
            p.keep_protected(&mut profile, old);
        }
        let checked = p.check_own_profile(s, &profile, old.as_ref(), today);
        let link_account = p.link_on_create();
        let result = checked.and_then(|()| {
            once.run(
                s,
                Change::SaveProfile {
                    profile,
                    link_account,
                },
            )
        });
        match audit {
            Some(audit) => audit.done(s, result),
            None => result,
        }
    })
    .await
}

async fn counselor<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    p.require_service_side()?;
    run(&pool, move |s| Ok(Json(s.counselor(id)?))).await
}

// Casework (the counselor's desk). Access is decided in `access`; the
// store checks the caseload again and audits every read and change of a
// record; changes are made once per idempotency key.

async fn case_rows<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(mut q): ApiJson<CaseQuery>,
) -> ApiResult<impl IntoResponse> {
    p.scope_case_query(&mut q)?;
    run(&pool, move |s| Ok(Json(s.case_rows(&q)?))).await
}

async fn due_counts<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    p.check_caseload(id)?;
    run(&pool, move |s| Ok(Json(s.due_counts(id)?))).await
}

async fn counselors<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
) -> ApiResult<impl IntoResponse> {
    p.require_casework()?;
    run(&pool, move |s| Ok(Json(s.counselors()?))).await
}

/// A person's record, read as the session's actor (the store audits it).
async fn case_record<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_case(s, id, "read case record")?;
        Ok(Json(s.case_record(p.actor(), id)?))
    })
    .await
}

fn check_record_path(change: &CaseChange, id: Id) -> ApiResult<()> {
    if change.profile_id == id {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            "the record number in the body is not the one in the path",
        ))
    }
}

/// One change to a person's record, in the session's own name.
async fn change_case<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    uri: OriginalUri,
    headers: HeaderMap,
    Path(id): Path<Id>,
    body: Keyed<CaseChange>,
) -> ApiResult<Response> {
    let once = Once::new(&p, &uri, &headers, body.hash);
    let change = body.value;
    check_record_path(&change, id)?;
    p.check_by(change.by)?;
    run(&pool, move |s| {
        let action = format!("change case record ({})", change.edit.action());
        p.check_case(s, id, &action)?;
        once.run(s, Change::Case(change))
    })
    .await
}

/// Recommends a job or course to people of the caller's caseload, in the
/// session's own name.
async fn recommend<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Keyed<RecommendRequest>,
) -> ApiResult<Response> {
    p.require_casework()?;
    let once = Once::new(&p, &uri, &headers, body.hash);
    let request = body.value;
    p.check_by(request.by)?;
    run(&pool, move |s| {
        for &id in &request.profile_ids {
            p.check_case(s, id, "recommend")?;
        }
        once.run(s, Change::Recommend(request))
    })
    .await
}

/// A person's recommendations: their own, or those of a person of one's
/// caseload.
async fn recommendations<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        let audit = p.check_person(s, id, "read recommendations")?;
        audit.done(s, s.recommendations(id).map(Json).map_err(ApiError::from))
    })
    .await
}

/// The person has heard their recommendations; only they mark them seen.
async fn mark_recommendations_seen<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_self(s, id, "mark recommendations seen")?;
        s.mark_recommendations_seen(id)?;
        Ok(Json(Seen { profile_id: id }))
    })
    .await
}

// Figures, the ledger and targets: a counselor reads their own and their
// center's, staff and administrators any; only they set targets.

async fn figures<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(req): ApiJson<FiguresRequest>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_figures(s, &req.scope)?;
        Ok(Json(s.figures(&req.scope, req.year)?))
    })
    .await
}

async fn ledger<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(req): ApiJson<LedgerRequest>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_figures(s, &req.scope)?;
        Ok(Json(s.ledger(&req.scope)?))
    })
    .await
}

async fn set_target<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(target): ApiJson<crate::domain::casework::Target>,
) -> ApiResult<impl IntoResponse> {
    let by = p.actor();
    if !by.sees_everyone() {
        return Err(StoreError::Forbidden.into());
    }
    run(&pool, move |s| Ok(Json(s.set_target(by, &target)?))).await
}

/// A file's records, all or none: staff and administrators only.
async fn import<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(req): ApiJson<crate::protocol::ImportRequest>,
) -> ApiResult<impl IntoResponse> {
    let by = p.actor();
    if !by.sees_everyone() {
        return Err(StoreError::Forbidden.into());
    }
    run(&pool, move |s| {
        let outcome = s.import(by, &req.batch, req.dry_run)?;
        Ok(Json(crate::protocol::ImportAnswer::from(outcome)))
    })
    .await
}

// Accounts and the audit log: staff and administrators; the store checks
// whose accounts each may keep and audits every change.

async fn account_rows<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(query): ApiJson<crate::store::accounts::AccountQuery>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff()?;
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.account_rows(by, &query)?))).await
}

async fn create_account<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(new): ApiJson<crate::store::accounts::NewAccount>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff()?;
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.create_account(by, &new)?))).await
}

async fn change_account<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(action): ApiJson<crate::store::accounts::AccountAction>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff()?;
    let by = p.actor();
    let change = crate::store::accounts::AccountChange {
        account_id: id,
        action,
    };
    run(&pool, move |s| Ok(Json(s.change_account(by, &change)?))).await
}

async fn audit_rows<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(query): ApiJson<crate::store::accounts::AuditQuery>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff()?;
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.audit_rows(by, &query)?))).await
}

async fn move_caseload<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(from): Path<Id>,
    ApiJson(req): ApiJson<crate::protocol::MoveCaseload>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff()?;
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.move_caseload(by, from, req.to)?))).await
}

// Employer side: the job's employer, or staff and administrators for it.
// The store decides whose job it is (`domain::employer_side::may_answer`)
// and what of an applicant is shown; every applicant read or answered is
// audited under the session's actor.

async fn employer_jobs<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    p.require_employer_side()?;
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.employer_jobs(by, id)?))).await
}

async fn job_applicants<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    p.require_employer_side()?;
    let by = p.actor();
    run(&pool, move |s| {
        let list = s.job_applicants(by, id)?;
        for a in &list {
            s.audit(
                by,
                profile_of(s, a.application_id)?,
                "employer read applicant",
            )?;
        }
        Ok(Json(list))
    })
    .await
}

/// The person an application is of, for the audit.
fn profile_of<S: ServerStore>(s: &S, application_id: Id) -> ApiResult<Id> {
    Ok(s.application(application_id)?.profile_id)
}

async fn applicant<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    p.require_employer_side()?;
    let by = p.actor();
    run(&pool, move |s| {
        let a = s.applicant(by, id)?;
        s.audit(by, profile_of(s, id)?, "employer read applicant")?;
        Ok(Json(a))
    })
    .await
}

async fn respond<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(mut response): ApiJson<EmployerResponse>,
) -> ApiResult<impl IntoResponse> {
    p.require_employer_side()?;
    response.application_id = id;
    response.by = p.actor();
    run(&pool, move |s| {
        let a = s.respond(&response)?;
        let action = format!("employer step ({})", response.step.name());
        s.audit(response.by, profile_of(s, id)?, &action)?;
        Ok(Json(a))
    })
    .await
}

// The staff desk: staff and administrators only, always in the session's
// own name. The store checks the role again; a retried request id is
// answered, not made twice.

async fn staff_employers<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
) -> ApiResult<impl IntoResponse> {
    p.require_staff_desk()?;
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.employer_records(by)?))).await
}

async fn save_employer<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(mut save): ApiJson<crate::domain::staff::EmployerSave>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff_desk()?;
    save.by = p.actor();
    run(&pool, move |s| Ok(Json(s.save_employer(&save)?))).await
}

async fn edit_job<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(job): ApiJson<NewJob>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff_desk()?;
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.edit_job(by, id, job)?))).await
}

async fn change_posting<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(mut change): ApiJson<crate::domain::staff::PostingChange>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff_desk()?;
    change.job_id = id;
    change.by = p.actor();
    run(&pool, move |s| Ok(Json(s.change_posting(&change)?))).await
}

async fn edit_course<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(course): ApiJson<NewCourse>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff_desk()?;
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.edit_course(by, id, course)?))).await
}

async fn cancel_course<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(mut cancel): ApiJson<crate::domain::staff::CourseCancel>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff_desk()?;
    cancel.course_id = id;
    cancel.by = p.actor();
    run(&pool, move |s| Ok(Json(s.cancel_course(&cancel)?))).await
}

async fn roster<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff_desk()?;
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.roster(by, id)?))).await
}

/// A roster mark; an exam pass that changes the person's profile is
/// audited by the store, in the same transaction.
async fn mark_roster<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(mut request): ApiJson<crate::domain::staff::RosterMarkRequest>,
) -> ApiResult<impl IntoResponse> {
    p.require_staff_desk()?;
    request.enrollment_id = id;
    request.by = p.actor();
    run(&pool, move |s| Ok(Json(s.mark_roster(&request)?))).await
}

// What's new and saved searches: only the person themself reads, dismisses
// and keeps them (a counselor sees the history in the record instead).

async fn begin_visit<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(req): ApiJson<crate::protocol::VisitRequest>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_self(s, id, "begin a visit")?;
        s.begin_visit(id, &req.visit_id)?;
        Ok(Json(Seen { profile_id: id }))
    })
    .await
}

async fn whats_new<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_self(s, id, "read what's new")?;
        Ok(Json(s.whats_new(id)?))
    })
    .await
}

async fn dismiss_new<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(req): ApiJson<crate::protocol::DismissRequest>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_self(s, id, "dismiss what's new")?;
        s.dismiss_new(id, &req.key)?;
        Ok(Json(Seen { profile_id: id }))
    })
    .await
}

async fn saved_searches<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_self(s, id, "read saved searches")?;
        Ok(Json(s.saved_searches(id)?))
    })
    .await
}

async fn save_search<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(search): ApiJson<crate::store::NewSavedSearch>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        // The path and the body name the same person.
        p.check_self(s, id, "save a search")?;
        if search.profile_id != id {
            return Err(StoreError::Forbidden.into());
        }
        Ok(Json(s.save_search(&search)?))
    })
    .await
}

async fn delete_saved_search<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    Path(id): Path<Id>,
    ApiJson(req): ApiJson<crate::protocol::DeleteSearchRequest>,
) -> ApiResult<impl IntoResponse> {
    run(&pool, move |s| {
        p.check_self(s, id, "delete a saved search")?;
        s.delete_saved_search(id, req.search_id)?;
        Ok(Json(Seen { profile_id: id }))
    })
    .await
}

// porter (issue 15, point 2): exports.

/// The records of an export: the store decides from the session's actor
/// what it holds (a counselor's caseload, an employer's own applications,
/// everyone for staff), so nothing else leaves the server.
async fn export_rows<S: ServerStore>(
    State(pool): State<Pool<S>>,
    p: Principal,
    ApiJson(query): ApiJson<crate::store::import::ExportQuery>,
) -> ApiResult<impl IntoResponse> {
    let by = p.actor();
    run(&pool, move |s| Ok(Json(s.export_rows(by, &query)?))).await
}
