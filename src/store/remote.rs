//! The remote store: the same `Store` over HTTP/JSON to `jobdesk serve`.
//! When the server cannot be reached, applications, registrations and
//! profile changes wait in the local outbox and are delivered later.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::outbox::{Delivered, Delivery, Outbox, Pending};
use super::*;
use crate::protocol::{ErrorBody, LoginRequest, Me, Seen, routes};
use crate::protocol::{FiguresRequest, LedgerRequest};

/// How to reach a server.
#[derive(Debug, Clone)]
pub struct RemoteOptions {
    /// e.g. `https://jobs.example.org` or `http://127.0.0.1:8787`.
    pub url: String,
    /// Allow plain HTTP to a host that is not loopback.
    pub insecure: bool,
    /// Trust this CA certificate (PEM) besides the usual roots.
    pub ca_cert: Option<PathBuf>,
    /// Keep unsent changes here; None: fail instead of queueing.
    pub outbox: Option<PathBuf>,
    pub timeout: Duration,
}

impl RemoteOptions {
    pub fn new(url: &str) -> Self {
        RemoteOptions {
            url: url.to_string(),
            insecure: false,
            ca_cert: None,
            outbox: None,
            timeout: Duration::from_secs(10),
        }
    }
}

pub struct RemoteStore {
    base: String,
    agent: ureq::Agent,
    token: Mutex<Option<String>>,
    actor: Mutex<Option<Actor>>,
    outbox: Option<Outbox>,
}

/// Loopback hosts, where plain HTTP does not leave the machine.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The scheme and host of a server URL, parsed as the HTTP client will
/// parse it. A URL with a user name or password in it is refused: in
/// `http://localhost:x@192.0.2.1` the host is 192.0.2.1, not localhost.
pub fn server_host(url: &str) -> StoreResult<(String, String)> {
    let bad = |why: &str| StoreError::Unavailable {
        detail: format!("{url} is not a server address like https://host:port ({why})"),
    };
    let uri: ureq::http::Uri = url.parse().map_err(|_| bad("it cannot be read"))?;
    let scheme = uri.scheme_str().ok_or_else(|| bad("no scheme"))?;
    let authority = uri.authority().ok_or_else(|| bad("no host"))?;
    if authority.as_str().contains('@') {
        return Err(bad("a user name or password in the address is not allowed"));
    }
    if uri.query().is_some() {
        return Err(bad("a query is not allowed"));
    }
    let host = authority.host();
    if host.is_empty() {
        return Err(bad("no host"));
    }
    Ok((scheme.to_ascii_lowercase(), host.to_string()))
}

enum Method {
    Get,
    Post,
}

impl RemoteStore {
    pub fn connect(options: RemoteOptions) -> StoreResult<RemoteStore> {
        let url = options.url.trim_end_matches('/');
        let (scheme, host) = server_host(url)?;
        match scheme.as_str() {
            "https" => {}
            "http" if is_loopback(&host) || options.insecure => {}
            "http" => {
                return Err(StoreError::Unavailable {
                    detail: format!("plain HTTP to {host} is not allowed; use https or --insecure"),
                });
            }
            other => {
                return Err(StoreError::Unavailable {
                    detail: format!("unknown scheme {other}; use https"),
                });
            }
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(options.timeout));
        // With --ca-cert: our own TLS connector, which also accepts the
        // self-signed CA:TRUE certificate `openssl req -x509` makes.
        let agent = match &options.ca_cert {
            Some(ca) => {
                let bad = |why: String| StoreError::Unavailable {
                    detail: format!("cannot use the CA certificate file {}: {why}", ca.display()),
                };
                let pem = std::fs::read(ca).map_err(|e| bad(e.to_string()))?;
                let tls = super::tls::PinnedTls {
                    config: super::tls::pinned_config(&pem).map_err(bad)?,
                };
                use ureq::unversioned::transport::Connector as _;
                let connector =
                    ().chain(ureq::unversioned::transport::TcpConnector::default())
                        .chain(tls);
                ureq::Agent::with_parts(
                    config.build(),
                    connector,
                    ureq::unversioned::resolver::DefaultResolver::default(),
                )
            }
            None => config.build().into(),
        };
        let outbox = options.outbox.as_deref().map(Outbox::open).transpose()?;
        Ok(RemoteStore {
            base: format!("{url}{}", routes::PREFIX),
            agent,
            token: Mutex::new(None),
            actor: Mutex::new(None),
            outbox,
        })
    }

    fn token(&self) -> Option<String> {
        self.token.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(dyn erased::Json + '_)>,
        key: Option<&str>,
    ) -> StoreResult<T> {
        let url = format!("{}{path}", self.base);
        let unavailable = |e: ureq::Error| match super::tls::tls_problem(&e) {
            Some(problem) => StoreError::Tls { problem },
            None => StoreError::Unavailable {
                detail: e.to_string(),
            },
        };
        let mut response = match method {
            Method::Get => {
                let mut req = self.agent.get(&url);
                if let Some(t) = self.token() {
                    req = req.header("Authorization", &format!("Bearer {t}"));
                }
                req.call().map_err(unavailable)?
            }
            Method::Post => {
                let mut req = self
                    .agent
                    .post(&url)
                    .header("Content-Type", "application/json");
                if let Some(t) = self.token() {
                    req = req.header("Authorization", &format!("Bearer {t}"));
                }
                if let Some(k) = key {
                    req = req.header("Idempotency-Key", k);
                }
                let text = body.map_or(Ok("{}".to_string()), |b| b.to_json())?;
                req.send(text).map_err(unavailable)?
            }
        };
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().map_err(unavailable)?;
        if (200..300).contains(&status) {
            return serde_json::from_str(&text).map_err(|e| StoreError::Internal {
                detail: format!("unexpected answer from the server: {e}"),
            });
        }
        let body: Option<ErrorBody> = serde_json::from_str(&text).ok();
        Err(match body {
            Some(ErrorBody { error: Some(e), .. }) => e,
            Some(b) if b.code == "unauthenticated" => StoreError::SessionExpired,
            Some(b) => StoreError::Internal {
                detail: format!("{status} {}: {}", b.code, b.message),
            },
            None => StoreError::Unavailable {
                detail: format!("the server answered {status}"),
            },
        })
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> StoreResult<T> {
        self.request(Method::Get, path, None, None)
    }

    fn post<T: DeserializeOwned, B: Serialize>(
        &self,
        path: &str,
        body: &B,
        key: Option<&str>,
    ) -> StoreResult<T> {
        self.request(Method::Post, path, Some(&erased::Wrap(body)), key)
    }

    /// Whose session this is, as the outbox records owners.
    fn owner(&self) -> Option<String> {
        (*self.actor.lock().unwrap_or_else(|e| e.into_inner())).map(Actor::to_code)
    }

    /// Sends a change now, or keeps it in the outbox when the server cannot
    /// be reached (and there is an outbox and a session). A change never
    /// overtakes the same person's changes already waiting.
    fn send_or_queue(&self, pending: Pending) -> StoreResult<Delivered> {
        let queue = self.outbox.as_ref().zip(self.owner());
        if let Some((outbox, owner)) = &queue
            && outbox.len(owner) > 0
        {
            outbox.push(owner, &pending)?;
            return Err(StoreError::Queued);
        }
        match self.send(&pending) {
            Err(StoreError::Unavailable { detail }) => match queue {
                Some((outbox, owner)) => {
                    tracing::info!(
                        "server unreachable ({detail}); keeping the change in the outbox"
                    );
                    outbox.push(&owner, &pending)?;
                    Err(StoreError::Queued)
                }
                None => Err(StoreError::Unavailable { detail }),
            },
            other => other,
        }
    }

    fn send(&self, pending: &Pending) -> StoreResult<Delivered> {
        Ok(match pending {
            Pending::Apply(r) => {
                Delivered::Applied(self.post(routes::APPLICATIONS, r, Some(&r.request_id))?)
            }
            Pending::ChangeApplication(c) => Delivered::ApplicationChanged(self.post(
                &routes::path(routes::APPLICATION_CHANGES, c.application_id),
                c,
                Some(&c.request_id),
            )?),
            Pending::Register(r) => {
                Delivered::Registered(self.post(routes::ENROLLMENTS, r, Some(&r.request_id))?)
            }
            Pending::ChangeEnrollment(c) => Delivered::EnrollmentChanged(self.post(
                &routes::path(routes::ENROLLMENT_CHANGES, c.enrollment_id),
                c,
                Some(&c.request_id),
            )?),
            Pending::SaveProfile { key, profile } => {
                Delivered::ProfileSaved(self.post(routes::PROFILES, profile, Some(key))?)
            }
        })
    }

    /// Changes waiting in the outbox.
    pub fn pending(&self) -> usize {
        match (&self.outbox, self.owner()) {
            (Some(outbox), Some(owner)) => outbox.len(&owner),
            _ => 0,
        }
    }

    /// Sends what the outbox holds, oldest first, and says how each went.
    /// Stops at the first one the server cannot be reached for (or that
    /// needs a new login); the rest stay for next time.
    pub fn deliver_outbox(&self) -> Vec<Delivery> {
        let (Some(outbox), Some(owner)) = (&self.outbox, self.owner()) else {
            return Vec::new();
        };
        let pending = match outbox.pending(&owner) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!("cannot read the outbox: {e}");
                return Vec::new();
            }
        };
        let mut delivered = Vec::new();
        for (id, item) in pending {
            let result = self.send(&item);
            // Only an answer removes it: a success or a refusal. Not being
            // reached, a lapsed session or a server fault keep it for later.
            if matches!(
                result,
                Err(StoreError::Unavailable { .. }
                    | StoreError::SessionExpired
                    | StoreError::Busy { .. }
                    | StoreError::TooManyAttempts { .. }
                    | StoreError::Tls { .. }
                    | StoreError::Internal { .. })
            ) {
                break;
            }
            if let Err(e) = outbox.remove(id) {
                tracing::error!("cannot remove delivered outbox entry {id}: {e}");
                break;
            }
            delivered.push(Delivery {
                pending: item,
                result,
            });
        }
        delivered
    }

    /// Whether the server answers its health check.
    pub fn reachable(&self) -> bool {
        self.get::<serde_json::Value>(routes::HEALTH).is_ok()
    }
}

/// Serialising a body behind `&dyn` (serde's traits are not object safe).
mod erased {
    use super::{StoreError, StoreResult};

    pub trait Json {
        fn to_json(&self) -> StoreResult<String>;
    }

    pub struct Wrap<'a, T>(pub &'a T);

    impl<T: serde::Serialize> Json for Wrap<'_, T> {
        fn to_json(&self) -> StoreResult<String> {
            serde_json::to_string(self.0).map_err(|e| StoreError::Internal {
                detail: e.to_string(),
            })
        }
    }
}

impl Store for RemoteStore {
    fn current_user(&self) -> StoreResult<Option<Actor>> {
        if let Some(actor) = *self.actor.lock().unwrap_or_else(|e| e.into_inner()) {
            return Ok(Some(actor));
        }
        if self.token().is_none() {
            return Ok(None);
        }
        let me: Me = self.get(routes::ME)?;
        Ok(Some(me.actor))
    }

    fn needs_login(&self) -> bool {
        self.token().is_none()
    }

    fn log_in(&self, login: &str, secret: &str) -> StoreResult<Actor> {
        let request = LoginRequest {
            login: login.to_string(),
            secret: secret.to_string(),
        };
        let session: accounts::Session = self.post(routes::LOGIN, &request, None)?;
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) = Some(session.token);
        *self.actor.lock().unwrap_or_else(|e| e.into_inner()) = Some(session.actor);
        Ok(session.actor)
    }

    fn log_out(&self) {
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.actor.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn search_jobs(&self, query: &JobQuery) -> StoreResult<Page<JobSummary>> {
        self.post(routes::JOBS_SEARCH, query, None)
    }

    fn job(&self, id: Id) -> StoreResult<Job> {
        self.get(&routes::path(routes::JOB, id))
    }

    fn post_job(&self, _by: Actor, job: NewJob) -> StoreResult<Job> {
        self.post(routes::JOBS, &job, Some(&new_request_id()))
    }

    fn employers(&self) -> StoreResult<Vec<Employer>> {
        self.get(routes::EMPLOYERS)
    }

    fn apply(&self, request: &ApplyRequest) -> StoreResult<Application> {
        match self.send_or_queue(Pending::Apply(request.clone()))? {
            Delivered::Applied(a) => Ok(a),
            _ => Err(StoreError::Internal {
                detail: "unexpected answer".into(),
            }),
        }
    }

    fn applications(&self, profile_id: Id) -> StoreResult<Vec<Application>> {
        self.get(&routes::path(routes::PROFILE_APPLICATIONS, profile_id))
    }

    fn application(&self, id: Id) -> StoreResult<Application> {
        self.get(&routes::path(routes::APPLICATION, id))
    }

    fn change_application(&self, change: &ApplicationChange) -> StoreResult<Application> {
        match self.send_or_queue(Pending::ChangeApplication(change.clone()))? {
            Delivered::ApplicationChanged(a) => Ok(a),
            _ => Err(StoreError::Internal {
                detail: "unexpected answer".into(),
            }),
        }
    }

    fn search_courses(&self, query: &CourseQuery) -> StoreResult<Page<Course>> {
        self.post(routes::COURSES_SEARCH, query, None)
    }

    fn course(&self, id: Id) -> StoreResult<Course> {
        self.get(&routes::path(routes::COURSE, id))
    }

    fn post_course(&self, _by: Actor, course: NewCourse) -> StoreResult<Course> {
        self.post(routes::COURSES, &course, Some(&new_request_id()))
    }

    fn register(&self, request: &RegisterRequest) -> StoreResult<Enrollment> {
        match self.send_or_queue(Pending::Register(request.clone()))? {
            Delivered::Registered(e) => Ok(e),
            _ => Err(StoreError::Internal {
                detail: "unexpected answer".into(),
            }),
        }
    }

    fn enrollments(&self, profile_id: Id) -> StoreResult<Vec<Enrollment>> {
        self.get(&routes::path(routes::PROFILE_ENROLLMENTS, profile_id))
    }

    fn enrollment(&self, id: Id) -> StoreResult<Enrollment> {
        self.get(&routes::path(routes::ENROLLMENT, id))
    }

    fn change_enrollment(&self, change: &EnrollmentChange) -> StoreResult<Enrollment> {
        match self.send_or_queue(Pending::ChangeEnrollment(change.clone()))? {
            Delivered::EnrollmentChanged(e) => Ok(e),
            _ => Err(StoreError::Internal {
                detail: "unexpected answer".into(),
            }),
        }
    }

    fn profile(&self, id: Id) -> StoreResult<Profile> {
        self.get(&routes::path(routes::PROFILE, id))
    }

    fn save_profile(&self, _by: Actor, profile: Profile) -> StoreResult<Profile> {
        let pending = Pending::SaveProfile {
            key: new_request_id(),
            profile,
        };
        match self.send_or_queue(pending)? {
            Delivered::ProfileSaved(p) => {
                // A first profile makes this session that jobseeker.
                let mut actor = self.actor.lock().unwrap_or_else(|e| e.into_inner());
                if matches!(*actor, Some(Actor::System) | None) {
                    *actor = Some(Actor::Jobseeker(p.id));
                }
                Ok(p)
            }
            _ => Err(StoreError::Internal {
                detail: "unexpected answer".into(),
            }),
        }
    }

    fn counselor(&self, id: Id) -> StoreResult<Counselor> {
        self.get(&routes::path(routes::COUNSELOR, id))
    }

    // Casework (the counselor's desk). The server scopes each call to the
    // session; changes carry their request id as the idempotency key, so a
    // retry is answered, not made twice.

    fn case_rows(&self, query: &CaseQuery) -> StoreResult<Page<CaseRow>> {
        self.post(routes::CASELOAD_SEARCH, query, None)
    }

    fn due_counts(&self, counselor_id: Id) -> StoreResult<DueCounts> {
        self.get(&routes::path(routes::COUNSELOR_DUE, counselor_id))
    }

    /// Read as the session's actor, whoever `_by` names.
    fn case_record(&self, _by: Actor, profile_id: Id) -> StoreResult<CaseRecord> {
        self.get(&routes::path(routes::PROFILE_RECORD, profile_id))
    }

    fn change_case(&self, change: &CaseChange) -> StoreResult<CaseRecord> {
        self.post(
            &routes::path(routes::PROFILE_RECORD_CHANGES, change.profile_id),
            change,
            Some(&change.request_id),
        )
    }

    fn recommend(&self, request: &RecommendRequest) -> StoreResult<Vec<Recommendation>> {
        self.post(routes::RECOMMENDATIONS, request, Some(&request.request_id))
    }

    fn recommendations(&self, profile_id: Id) -> StoreResult<Vec<Recommendation>> {
        self.get(&routes::path(routes::PROFILE_RECOMMENDATIONS, profile_id))
    }

    fn mark_recommendations_seen(&self, profile_id: Id) -> StoreResult<()> {
        let _: Seen = self.post(
            &routes::path(routes::PROFILE_RECOMMENDATIONS_SEEN, profile_id),
            &serde_json::json!({}),
            None,
        )?;
        Ok(())
    }

    fn counselors(&self) -> StoreResult<Vec<Counselor>> {
        self.get(routes::COUNSELORS)
    }

    // Figures, the ledger and targets.
    fn figures(&self, scope: &FigureScope, year: i32) -> StoreResult<Figures> {
        let request = FiguresRequest {
            scope: scope.clone(),
            year,
        };
        self.post(routes::FIGURES, &request, None)
    }

    fn ledger(&self, scope: &FigureScope) -> StoreResult<Vec<LedgerRow>> {
        let request = LedgerRequest {
            scope: scope.clone(),
        };
        self.post(routes::LEDGER, &request, None)
    }

    /// Setting a target twice sets the same value: no outbox, no key.
    fn set_target(&self, _by: Actor, target: &Target) -> StoreResult<()> {
        self.post(routes::TARGETS, target, None)
    }

    fn import(
        &self,
        _by: Actor,
        batch: &super::import::ImportBatch,
        dry_run: bool,
    ) -> StoreResult<super::import::ImportOutcome> {
        let request = crate::protocol::ImportRequest {
            batch: batch.clone(),
            dry_run,
        };
        let answer: crate::protocol::ImportAnswer = self.post(routes::IMPORT, &request, None)?;
        Ok(answer.into())
    }

    // Accounts and the audit log: the server checks the session's rights.
    fn account_rows(
        &self,
        _by: Actor,
        query: &accounts::AccountQuery,
    ) -> StoreResult<Page<accounts::AccountRow>> {
        self.post(routes::ACCOUNTS_SEARCH, query, None)
    }

    fn create_account(
        &self,
        _by: Actor,
        new: &accounts::NewAccount,
    ) -> StoreResult<accounts::AccountRow> {
        self.post(routes::ACCOUNTS, new, None)
    }

    fn change_account(
        &self,
        _by: Actor,
        change: &accounts::AccountChange,
    ) -> StoreResult<accounts::AccountRow> {
        self.post(
            &routes::path(routes::ACCOUNT_CHANGES, change.account_id),
            &change.action,
            None,
        )
    }

    fn audit_rows(
        &self,
        _by: Actor,
        query: &accounts::AuditQuery,
    ) -> StoreResult<Page<accounts::AuditRow>> {
        self.post(routes::AUDIT_SEARCH, query, None)
    }

    fn move_caseload(&self, _by: Actor, from: Id, to: Id) -> StoreResult<u64> {
        self.post(
            &routes::path(routes::COUNSELOR_CASELOAD_MOVE, from),
            &crate::protocol::MoveCaseload { to },
            None,
        )
    }

    // Employer side.
    fn employer_jobs(
        &self,
        _by: Actor,
        employer_id: Id,
    ) -> StoreResult<Vec<crate::domain::employer_side::EmployerJob>> {
        self.get(&routes::path(routes::EMPLOYER_JOBS, employer_id))
    }

    fn job_applicants(
        &self,
        _by: Actor,
        job_id: Id,
    ) -> StoreResult<Vec<crate::domain::employer_side::Applicant>> {
        self.get(&routes::path(routes::JOB_APPLICANTS, job_id))
    }

    fn applicant(
        &self,
        _by: Actor,
        application_id: Id,
    ) -> StoreResult<crate::domain::employer_side::Applicant> {
        self.get(&routes::path(routes::APPLICANT, application_id))
    }

    fn respond(
        &self,
        response: &super::EmployerResponse,
    ) -> StoreResult<crate::domain::employer_side::Applicant> {
        self.post(
            &routes::path(routes::APPLICANT_STEPS, response.application_id),
            response,
            Some(&response.request_id),
        )
    }

    // The staff desk. Changes carry their request id as the idempotency
    // key; edits are harmless to repeat.
    /// Read as the session's actor, whoever `_by` names.
    fn employer_records(
        &self,
        _by: Actor,
    ) -> StoreResult<Vec<crate::domain::staff::EmployerRecord>> {
        self.get(routes::STAFF_EMPLOYERS)
    }

    fn save_employer(
        &self,
        save: &crate::domain::staff::EmployerSave,
    ) -> StoreResult<crate::domain::staff::EmployerRecord> {
        self.post(routes::STAFF_EMPLOYERS, save, Some(&save.request_id))
    }

    fn edit_job(&self, _by: Actor, id: Id, job: NewJob) -> StoreResult<Job> {
        self.post(&routes::path(routes::JOB_EDIT, id), &job, None)
    }

    fn change_posting(
        &self,
        change: &crate::domain::staff::PostingChange,
    ) -> StoreResult<crate::domain::staff::PostingChanged> {
        self.post(
            &routes::path(routes::JOB_POSTING, change.job_id),
            change,
            Some(&change.request_id),
        )
    }

    fn edit_course(&self, _by: Actor, id: Id, course: NewCourse) -> StoreResult<Course> {
        self.post(&routes::path(routes::COURSE_EDIT, id), &course, None)
    }

    fn cancel_course(
        &self,
        cancel: &crate::domain::staff::CourseCancel,
    ) -> StoreResult<crate::domain::staff::CourseCancelled> {
        self.post(
            &routes::path(routes::COURSE_CANCEL, cancel.course_id),
            cancel,
            Some(&cancel.request_id),
        )
    }

    /// Read as the session's actor, whoever `_by` names.
    fn roster(&self, _by: Actor, course_id: Id) -> StoreResult<crate::domain::staff::Roster> {
        self.get(&routes::path(routes::COURSE_ROSTER, course_id))
    }

    fn mark_roster(
        &self,
        request: &crate::domain::staff::RosterMarkRequest,
    ) -> StoreResult<Enrollment> {
        self.post(
            &routes::path(routes::ENROLLMENT_MARK, request.enrollment_id),
            request,
            Some(&request.request_id),
        )
    }

    // What's new and saved searches. Each is harmless to send again (the
    // same visit id, key or name), so none needs an idempotency key.
    fn begin_visit(&self, profile_id: Id, visit_id: &str) -> StoreResult<()> {
        let request = crate::protocol::VisitRequest {
            visit_id: visit_id.to_string(),
        };
        let _: Seen = self.post(
            &routes::path(routes::PROFILE_VISITS, profile_id),
            &request,
            None,
        )?;
        Ok(())
    }

    fn whats_new(&self, profile_id: Id) -> StoreResult<crate::domain::whats_new::WhatsNew> {
        self.get(&routes::path(routes::PROFILE_WHATS_NEW, profile_id))
    }

    fn dismiss_new(&self, profile_id: Id, key: &str) -> StoreResult<()> {
        let request = crate::protocol::DismissRequest {
            key: key.to_string(),
        };
        let _: Seen = self.post(
            &routes::path(routes::PROFILE_WHATS_NEW_DISMISSED, profile_id),
            &request,
            None,
        )?;
        Ok(())
    }

    fn save_search(&self, search: &super::NewSavedSearch) -> StoreResult<super::SavedSearch> {
        self.post(
            &routes::path(routes::PROFILE_SAVED_SEARCHES, search.profile_id),
            search,
            None,
        )
    }

    fn saved_searches(&self, profile_id: Id) -> StoreResult<Vec<super::SavedSearch>> {
        self.get(&routes::path(routes::PROFILE_SAVED_SEARCHES, profile_id))
    }

    fn delete_saved_search(&self, profile_id: Id, search_id: Id) -> StoreResult<()> {
        let _: Seen = self.post(
            &routes::path(routes::PROFILE_SAVED_SEARCHES_DELETED, profile_id),
            &crate::protocol::DeleteSearchRequest { search_id },
            None,
        )?;
        Ok(())
    }

    // porter (issue 15, point 2): exports. The server decides what the
    // session may see; `by` is the session's.
    fn export_rows(
        &self,
        _by: Actor,
        query: &super::import::ExportQuery,
    ) -> StoreResult<super::import::ExportRows> {
        self.post(routes::EXPORT_ROWS, query, None)
    }
}
