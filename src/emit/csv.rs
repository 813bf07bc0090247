//! The long facts table: one row per fact, `file,agency,year,template,key,value,unit,raw,kind,source`.
//!
//! UTF-8 without BOM by default (DuckDB and pandas read it with no options); `--bom` adds the
//! byte-order mark Excel needs to show Chinese correctly.

use std::io::{self, Write};

use super::{csv_field, number_text};
use crate::report::{FactValue, Report};

pub const HEADER: &str = "file,agency,year,template,key,value,unit,raw,kind,source";

pub fn write_header<W: Write>(w: &mut W, bom: bool) -> io::Result<()> {
    if bom {
        w.write_all("\u{FEFF}".as_bytes())?;
    }
    writeln!(w, "{HEADER}")
}

/// The table facts of one report (the `meta.*` facts are columns already).
pub fn write_facts<W: Write>(w: &mut W, report: &Report) -> io::Result<()> {
    let file = csv_field(&report.source.path_with_sheet());
    let agency = csv_field(report.meta.agency.as_deref().unwrap_or(""));
    let year = report.meta.year.map(|y| y.to_string()).unwrap_or_default();
    let template = report.meta.template.as_str();
    for f in report.facts.iter().filter(|f| !f.key.starts_with("meta.")) {
        let value = match &f.value {
            Some(FactValue::Int(i)) => i.to_string(),
            Some(FactValue::Float(x)) => number_text(*x),
            Some(FactValue::Text(t)) => csv_field(t),
            None => String::new(),
        };
        let kind = serde_json::to_value(f.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        writeln!(
            w,
            "{file},{agency},{year},{template},{},{value},{},{},{kind},{}",
            f.key,
            csv_field(f.unit.as_deref().unwrap_or("")),
            csv_field(&f.raw),
            csv_field(&f.source.to_string()),
        )?;
    }
    Ok(())
}
