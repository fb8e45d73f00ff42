//! What an import asks a store to write: records with the external id
//! they carry in their file, and the line each came from, so a refusal
//! can name the line. The file reading is in `crate::import`.

use serde::{Deserialize, Serialize};

use crate::domain::{Employer, FieldError, NewCourse, NewJob, Profile};

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
    Courses(Vec<Imported<NewCourse>>),
    People(Vec<Imported<ImportPerson>>),
}

/// A person of a file: their counselor by name (empty for none). The
/// profile's id, plan and account are the store's, never the file's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPerson {
    pub counselor: String,
    pub profile: Profile,
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
    /// No counselor has this name.
    UnknownCounselor {
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
    /// A required value is empty.
    Required,
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

// Exports (issue 15): the records `jobdesk export applications|roster|people`
// writes, read through the store so it can refuse and mask.

/// What an export reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum ExportQuery {
    /// Everyone the caller may see, in the people file's columns.
    People,
    /// The applications to an employer's jobs; the employer by number,
    /// external id or name.
    Applications { employer: String },
    /// A course's registered people and its waitlist in order.
    Roster { course_id: crate::domain::Id },
}

/// A person as the people file has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub external_id: String,
    pub profile: Profile,
    /// The counselor's name, empty for none.
    pub counselor: String,
}

/// One application to an employer's job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub reference: String,
    pub job_title: String,
    pub applicant: String,
    pub mobile: String,
    /// Empty unless the caller may see it (consent, caseload or staff).
    pub certificate: String,
    pub status: crate::domain::ApplicationStatus,
    pub submitted_on: chrono::NaiveDate,
    pub note: String,
}

/// One person on a course's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub status: crate::domain::EnrollmentStatus,
    /// 1 for the first person waiting; None unless waitlisted.
    pub position: Option<u32>,
    pub name: String,
    pub mobile: String,
    /// Empty unless the caller may see it.
    pub certificate: String,
    pub counselor: String,
}

/// What a store answers an [`ExportQuery`] with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum ExportRows {
    People {
        rows: Vec<PersonRow>,
    },
    Applications {
        employer: String,
        rows: Vec<ApplicationRow>,
    },
    Roster {
        course: String,
        rows: Vec<RosterRow>,
    },
}

impl ExportRows {
    pub fn len(&self) -> usize {
        match self {
            ExportRows::People { rows } => rows.len(),
            ExportRows::Applications { rows, .. } => rows.len(),
            ExportRows::Roster { rows, .. } => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
