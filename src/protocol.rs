//! What the server and the remote client say to each other, written once:
//! the route paths, the error body, and the request and answer types that
//! exist only on the wire. Both `server` and `store::remote` use this
//! module; neither imports the other.

use serde::{Deserialize, Serialize};

use crate::domain::Actor;
use crate::store::StoreError;
use crate::store::accounts::Role;

/// The paths of the API. The router mounts them under [`routes::PREFIX`];
/// the client fills in `{id}` with [`routes::path`].
pub mod routes {
    use crate::domain::Id;

    /// Where the API lives on the server.
    pub const PREFIX: &str = "/api/v1";

    pub const HEALTH: &str = "/health";
    pub const LOGIN: &str = "/login";
    pub const ME: &str = "/me";
    pub const JOBS_SEARCH: &str = "/jobs/search";
    pub const JOBS: &str = "/jobs";
    pub const JOB: &str = "/jobs/{id}";
    pub const EMPLOYERS: &str = "/employers";
    pub const APPLICATIONS: &str = "/applications";
    pub const APPLICATION: &str = "/applications/{id}";
    pub const APPLICATION_CHANGES: &str = "/applications/{id}/changes";
    pub const COURSES_SEARCH: &str = "/courses/search";
    pub const COURSES: &str = "/courses";
    pub const COURSE: &str = "/courses/{id}";
    pub const ENROLLMENTS: &str = "/enrollments";
    pub const ENROLLMENT: &str = "/enrollments/{id}";
    pub const ENROLLMENT_CHANGES: &str = "/enrollments/{id}/changes";
    pub const PROFILES: &str = "/profiles";
    pub const PROFILE: &str = "/profiles/{id}";
    pub const PROFILE_APPLICATIONS: &str = "/profiles/{id}/applications";
    pub const PROFILE_ENROLLMENTS: &str = "/profiles/{id}/enrollments";
    pub const COUNSELOR: &str = "/counselors/{id}";

    // Casework (the counselor's desk).
    /// `POST` a `CaseQuery`: one page of a caseload.
    pub const CASELOAD_SEARCH: &str = "/caseload/search";
    /// `GET`: what is due and overdue in a counselor's caseload.
    pub const COUNSELOR_DUE: &str = "/counselors/{id}/due";
    /// `GET`: every counselor.
    pub const COUNSELORS: &str = "/counselors";
    /// `GET`: a person's whole record, read as the session's actor.
    pub const PROFILE_RECORD: &str = "/profiles/{id}/record";
    /// `POST` a `CaseChange` (with an Idempotency-Key).
    pub const PROFILE_RECORD_CHANGES: &str = "/profiles/{id}/record/changes";
    /// `POST` a `RecommendRequest` (with an Idempotency-Key).
    pub const RECOMMENDATIONS: &str = "/recommendations";
    /// `GET`: a person's recommendations.
    pub const PROFILE_RECOMMENDATIONS: &str = "/profiles/{id}/recommendations";
    /// `POST` (empty body): the person has heard their recommendations.
    pub const PROFILE_RECOMMENDATIONS_SEEN: &str = "/profiles/{id}/recommendations/seen";

    // Figures, the ledger and targets.
    pub const FIGURES: &str = "/figures";
    pub const LEDGER: &str = "/ledger";
    pub const TARGETS: &str = "/targets";
    /// `POST`: import a file's records, all or none (staff and admins).
    pub const IMPORT: &str = "/import";
    // Employer side: the job's employer, or staff and admins for it.
    /// `GET`: an employer's jobs with their application counts.
    pub const EMPLOYER_JOBS: &str = "/employers/{id}/jobs";
    /// `GET`: the applicants to a job, with only what each consented to share.
    pub const JOB_APPLICANTS: &str = "/jobs/{id}/applicants";
    /// `GET`: one applicant, by application id.
    pub const APPLICANT: &str = "/applicants/{id}";
    /// `POST`: one step of an answer (viewed, invite, offer, decline).
    pub const APPLICANT_STEPS: &str = "/applicants/{id}/steps";

    // Accounts and the audit log (staff and administrators).
    /// `POST`: a page of accounts ([`crate::store::accounts::AccountQuery`]).
    pub const ACCOUNTS_SEARCH: &str = "/accounts/search";
    /// `POST`: add an account ([`crate::store::accounts::NewAccount`]).
    pub const ACCOUNTS: &str = "/accounts";
    /// `POST`: reset a PIN, unlock, disable or enable an account.
    pub const ACCOUNT_CHANGES: &str = "/accounts/{id}/changes";
    /// `POST`: a page of the audit log ([`crate::store::accounts::AuditQuery`]).
    pub const AUDIT_SEARCH: &str = "/audit/search";
    /// `POST` ([`super::MoveCaseload`]): move a counselor's whole caseload.
    pub const COUNSELOR_CASELOAD_MOVE: &str = "/counselors/{id}/caseload/move";

    // The staff desk (staff and administrators only).
    /// `GET`: every employer with contact and workplace notes; `POST` an
    /// `EmployerSave` to add (id 0) or edit one.
    pub const STAFF_EMPLOYERS: &str = "/staff/employers";
    /// `POST` a `NewJob`: the posting as it is to be.
    pub const JOB_EDIT: &str = "/jobs/{id}/edit";
    /// `POST` a `PostingChange`: close or reopen.
    pub const JOB_POSTING: &str = "/jobs/{id}/posting";
    /// `POST` a `NewCourse`: the course as it is to be.
    pub const COURSE_EDIT: &str = "/courses/{id}/edit";
    /// `POST` a `CourseCancel`.
    pub const COURSE_CANCEL: &str = "/courses/{id}/cancel";
    /// `GET`: the course's roster.
    pub const COURSE_ROSTER: &str = "/courses/{id}/roster";
    /// `POST` a `RosterMarkRequest`.
    pub const ENROLLMENT_MARK: &str = "/enrollments/{id}/mark";

    // What's new and saved searches: a jobseeker's own only.
    /// `POST` a [`super::VisitRequest`]: the person starts a visit.
    pub const PROFILE_VISITS: &str = "/profiles/{id}/visits";
    /// `GET`: what changed since the person's last visit.
    pub const PROFILE_WHATS_NEW: &str = "/profiles/{id}/whats-new";
    /// `POST` a [`super::DismissRequest`]: a change the person dismissed.
    pub const PROFILE_WHATS_NEW_DISMISSED: &str = "/profiles/{id}/whats-new/dismissed";
    /// `GET`: the person's saved searches; `POST` a `NewSavedSearch`.
    pub const PROFILE_SAVED_SEARCHES: &str = "/profiles/{id}/saved-searches";
    /// `POST` a [`super::DeleteSearchRequest`].
    pub const PROFILE_SAVED_SEARCHES_DELETED: &str = "/profiles/{id}/saved-searches/deleted";

    // porter (issue 15, point 2): exports.
    /// `POST`: the records of an export (`ExportQuery` in, `ExportRows` out).
    pub const EXPORT_ROWS: &str = "/export_rows";

    /// A route with its record number filled in: `/jobs/12`.
    pub fn path(route: &str, id: Id) -> String {
        route.replace("{id}", &id.to_string())
    }
}

/// The body of every error response.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable code, e.g. `forbidden`, `no_such_endpoint`.
    pub code: String,
    pub message: String,
    /// The store error, which the client turns back into a `StoreError`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<StoreError>,
}

/// `POST /login`. The answer is a [`crate::store::accounts::Session`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub login: String,
    pub secret: String,
}

/// `GET /me`: who the session acts as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub actor: Actor,
    pub role: Role,
}

/// `POST /profiles/{id}/recommendations/seen`: the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub profile_id: crate::domain::Id,
}

/// `POST /figures`: whose figures, for which year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiguresRequest {
    pub scope: crate::domain::casework::FigureScope,
    pub year: i32,
}

/// `POST /ledger`: whose ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerRequest {
    pub scope: crate::domain::casework::FigureScope,
}

/// `POST /import`: a file's records as the client read and checked them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    pub batch: crate::store::import::ImportBatch,
    /// Check only; write nothing.
    pub dry_run: bool,
}

/// The answer to `POST /import`: what was written (or would be), or every
/// bad line, and then nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportAnswer {
    Written(crate::store::import::ImportCounts),
    Refused(Vec<crate::store::import::LineError>),
}

impl From<crate::store::import::ImportOutcome> for ImportAnswer {
    fn from(outcome: crate::store::import::ImportOutcome) -> Self {
        match outcome {
            Ok(counts) => ImportAnswer::Written(counts),
            Err(errors) => ImportAnswer::Refused(errors),
        }
    }
}

impl From<ImportAnswer> for crate::store::import::ImportOutcome {
    fn from(answer: ImportAnswer) -> Self {
        match answer {
            ImportAnswer::Written(counts) => Ok(counts),
            ImportAnswer::Refused(errors) => Err(errors),
        }
    }
}

/// `POST /counselors/{id}/caseload/move`: to whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveCaseload {
    pub to: crate::domain::Id,
}

// What's new and saved searches.

/// `POST /profiles/{id}/visits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitRequest {
    pub visit_id: String,
}

/// `POST /profiles/{id}/whats-new/dismissed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DismissRequest {
    pub key: String,
}

/// `POST /profiles/{id}/saved-searches/deleted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteSearchRequest {
    pub search_id: crate::domain::Id,
}

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub schema: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_paths_fill_in_the_record_number() {
        assert_eq!(routes::path(routes::JOB, 12), "/jobs/12");
        assert_eq!(routes::path(routes::JOBS, 3), "/jobs");
        assert_eq!(
            routes::path(routes::PROFILE_RECORD_CHANGES, 7),
            "/profiles/7/record/changes"
        );
        assert_eq!(
            routes::path(routes::PROFILE_RECOMMENDATIONS_SEEN, 7),
            "/profiles/7/recommendations/seen"
        );
    }

    #[test]
    fn me_keeps_its_wire_shape() {
        let me = Me {
            actor: Actor::Staff(4),
            role: Role::Staff,
        };
        let json = serde_json::to_string(&me).unwrap();
        assert_eq!(json, r#"{"actor":{"role":"staff","id":4},"role":"staff"}"#);
        assert_eq!(serde_json::from_str::<Me>(&json).unwrap(), me);
    }
}
