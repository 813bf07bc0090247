//! Writers: report JSON, JSON Lines, the long facts CSV, and the wide comparison table.

pub mod compare;
pub mod csv;
pub mod findings;
pub mod jsonl;

use crate::report::Report;

/// The report as pretty JSON (what `nianbao extract FILE` prints).
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("reports serialise")
}

/// Quote a CSV field when it needs it (RFC 4180).
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A number as CSV/JSON text: integers without a decimal point.
pub(crate) fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
