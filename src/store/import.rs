//! What an import asks a store to write: records with the external id
//! they carry in their file, and the line each came from, so a refusal
//! can name the line. The file reading is in `crate::import`.

use serde::{Deserialize, Serialize};

use crate::domain::{Employer, FieldError, NewJob};

/// One record of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported<T> {
    /// The line of the file (1 is the header).
    pub line: usize,
    pub external_id: String,
    pub record: T,
}

/// A job of a file: its employer by name or external id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportJob {
    pub employer: String,
    pub job: NewJob,
    /// Whether the file gave the posting date (else a new job is posted
    /// today and an updated one keeps its date).
    pub posted_on_given: bool,
}

/// Everything one file asks to write, all or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "rows", rename_all = "snake_case")]
pub enum ImportBatch {
    Employers(Vec<Imported<Employer>>),
    Jobs(Vec<Imported<ImportJob>>),
}

/// What an import wrote (or, on a dry run, would write).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// Why a line cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum LineProblem {
    Field {
        error: FieldError,
    },
    /// No employer has this name or external id.
    UnknownEmployer {
        value: String,
    },
    /// An earlier line has the same external id.
    DuplicateId {
        value: String,
    },
    /// The value is not one of the accepted ones.
    UnknownValue {
        value: String,
        choices: String,
    },
    NotADate {
        value: String,
    },
    NotYesNo {
        value: String,
    },
    /// A required column is not in the file.
    MissingColumn,
}

/// A bad value: on which line, in which column (as the file names it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    pub line: usize,
    pub column: String,
    pub problem: LineProblem,
}

/// The outcome of an import: written (or checked), or refused with every
/// bad line and nothing written.
pub type ImportOutcome = Result<ImportCounts, Vec<LineError>>;
