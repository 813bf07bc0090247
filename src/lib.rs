//! # nianbao — 政府信息公开工作年度报告 into structured, located, audited data
//!
//! Which function when:
//!
//! - [`extract_bytes`]: bytes of one file → one [`Report`] per report in it (a workbook can
//!   hold several). This is what the `nianbao extract` command runs.
//! - [`read::read_any`] then [`extract::extract`]: the two stages apart, when you want the
//!   neutral [`document::Document`] (paragraphs and table grids with their locations).
//! - [`audit::check`] (done by `extract_bytes`) and [`audit::check_across`]: findings on one
//!   report, and across the years of an agency.
//! - [`report::Report::from_json`]: load report JSON written earlier, checking its version.
//!
//! ```
//! let text = "某市某局2020年政府信息公开工作年度报告\n一、总体情况\n正文。\n";
//! let reports = nianbao::extract_bytes("sample.txt", text.as_bytes(), &Default::default()).unwrap();
//! assert_eq!(reports[0].meta.year, Some(2020));
//! assert_eq!(reports[0].sections[0].id, "overview");
//! ```
//!
//! Stages import downward only: `read` → `document` ← `extract` → `report` → `audit`, `emit`.

pub mod audit;
pub mod batch;
pub mod document;
pub mod emit;
pub mod error;
pub mod extract;
pub mod normalize;
pub mod numbers;
pub mod read;
pub mod report;
pub mod template;

use sha2::{Digest, Sha256};

pub use error::ReadError;
pub use report::Report;

/// Read and extract one file's bytes. `path` is only recorded in `source.path`.
pub fn extract_bytes(
    path: &str,
    bytes: &[u8],
    opts: &read::ReadOptions,
) -> Result<Vec<Report>, ReadError> {
    let (format, doc) = read::read_any(bytes, opts)?;
    // The format comes from the bytes; but a name that promises a workbook over bytes that are
    // not one is refused rather than read as something else.
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
        && !matches!(format, "xlsx" | "xls" | "ods")
    {
        return Err(ReadError::NameMismatch { ext, found: format });
    }
    let digest = Sha256::digest(bytes);
    let sha256 = digest
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let source = report::SourceInfo {
        path: path.to_string(),
        format: format.to_string(),
        encoding: doc.encoding.clone(),
        sha256,
        bytes: bytes.len() as u64,
        sheet: None,
    };
    let mut reports = extract::extract_all(&doc, source);
    for r in &mut reports {
        r.findings = audit::check(r);
    }
    Ok(reports)
}
