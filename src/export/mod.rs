//! Figures and the ledger written to CSV or XLSX files, with headers in
//! the reader's language. Reads through the [`Store`] trait, so it works
//! on every store and shows only what the store lets the caller see.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::domain::casework::FigureScope;
use crate::i18n::Lang;
use crate::named_enum;
use crate::store::{Store, StoreError, StoreResult};

named_enum! {
    /// The file format of an export.
    pub enum ExportFormat {
        Csv => "csv",
        Xlsx => "xlsx",
    }
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum ExportWhat {
    /// The figures of a year, one row per figure.
    Figures { year: i32 },
    /// The ledger: one row per person.
    Ledger,
}

/// An export to a file (made where the file is written, never sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    pub what: ExportWhat,
    pub scope: FigureScope,
    pub format: ExportFormat,
    pub path: PathBuf,
    /// The language of the headers and values.
    pub lang: Lang,
}

/// A file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exported {
    pub path: PathBuf,
    /// Rows written, the header not counted.
    pub rows: usize,
}

/// Writes the export. SCAFFOLDING until the export is built.
pub fn export(_store: &dyn Store, _request: &ExportRequest) -> StoreResult<Exported> {
    Err(StoreError::Internal {
        detail: "not built yet".into(),
    })
}
