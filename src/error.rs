//! Typed errors. Limits are variants of their own so callers can tell a hostile input from a
//! broken one. The binary maps each to an exit code (see [`ReadError::exit_code`]).

use thiserror::Error;

/// Why a file could not be turned into a [`crate::document::Document`].
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {max} bytes")]
    TooLarge { size: u64, max: u64 },
    #[error("this is a {format} file, which nianbao does not read ({hint})")]
    Unsupported {
        format: &'static str,
        hint: &'static str,
    },
    #[error(
        "the name says .{ext} but the bytes are {found}: not read, since a mislabelled file is often a damaged one (rename it to read it as {found})"
    )]
    NameMismatch { ext: String, found: &'static str },
    #[error("this is not text: {reason}")]
    NotText { reason: String },
    #[error("no Chinese text found: this does not look like an annual report")]
    NoReportText,
    #[error("elements nest {depth} deep, over the limit of {max}")]
    TooDeep { depth: usize, max: usize },
    #[error("a table would need {requested} cells, over the limit of {max}")]
    TooManyCells { requested: usize, max: usize },
    #[error("the spreadsheet could not be read: {reason}")]
    Spreadsheet { reason: String },
    #[error(
        "the spreadsheet would expand to {requested} bytes, over the limit of {max} (a zip bomb?)"
    )]
    ArchiveTooLarge { requested: u64, max: u64 },
}

impl ReadError {
    /// Exit codes, one table for the whole tool:
    ///
    /// | code | meaning |
    /// |---|---|
    /// | 0 | every input extracted |
    /// | 1 | usage error or a failure outside any one input (cannot write output) |
    /// | 2 | at least one input could not be read (empty, binary, unsupported, corrupt) |
    /// | 3 | at least one input exceeded a limit (size, cells, archive expansion) |
    /// | 4 | `audit --fail-on` threshold reached |
    pub fn exit_code(&self) -> i32 {
        match self {
            ReadError::TooLarge { .. }
            | ReadError::TooDeep { .. }
            | ReadError::TooManyCells { .. }
            | ReadError::ArchiveTooLarge { .. } => 3,
            _ => 2,
        }
    }
}

/// Errors from loading report JSON written by an earlier run (`compare`, `audit` on JSON).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum LoadError {
    #[error("not report JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("report schema version {found} cannot be read by this version (expects {expected}.x)")]
    SchemaVersion { found: String, expected: u32 },
}
