//! The employer side's requests (issue 15 point 4). The rules are in
//! `domain::employer_side`; stores load the facts and write the outcome.

use serde::{Deserialize, Serialize};

use crate::domain::employer_side::Step;
use crate::domain::{Actor, Id};

/// An answer to an application: by its job's employer, or by staff or an
/// administrator for it. The request id makes a retry harmless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployerResponse {
    pub request_id: String,
    pub application_id: Id,
    pub step: Step,
    pub by: Actor,
}
