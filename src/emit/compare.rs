//! The wide comparison table: one row per report, one column per canonical key, 2019 and
//! 2021 reports side by side. Keys a template lacks are empty. Derived columns, whose names
//! start with `derived.`, make the templates comparable:
//!
//! - `derived.t3.other_all.<col>`: （六）其他处理 as one figure — the 2019 row, or the sum of
//!   the three 2021 sub-rows (blank sub-rows count as 0; empty when none is printed).
//!
//! `by_agency` orders rows by agency and year and adds `delta.<key>`: the change from the
//! same agency's previous report.

use std::collections::HashMap;
use std::io::{self, Write};

use super::{csv_field, number_text};
use crate::normalize::same_agency;
use crate::report::{Report, Template};
use crate::template::{T3_COL_KEYS, all_keys};

/// Every canonical table key of either template, in template order.
pub fn columns() -> Vec<String> {
    let mut cols = all_keys(Template::Y2019, false);
    for k in all_keys(Template::Y2021, true) {
        if !cols.contains(&k) {
            cols.push(k);
        }
    }
    cols
}

pub fn derived_columns() -> Vec<String> {
    T3_COL_KEYS
        .iter()
        .map(|c| format!("derived.t3.other_all.{c}"))
        .collect()
}

/// One report's row: identity and the value of every column (None = empty).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    pub file: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub template: String,
    pub values: Vec<Option<f64>>,
}

pub fn row(report: &Report, cols: &[String]) -> Row {
    let numbers: HashMap<&str, f64> = report
        .facts
        .iter()
        .filter_map(|f| Some((f.key.as_str(), f.value.as_ref()?.as_f64()?)))
        .collect();
    let values = cols
        .iter()
        .map(|c| match c.strip_prefix("derived.t3.other_all.") {
            Some(col) => other_all(&numbers, col),
            None => numbers.get(c.as_str()).copied(),
        })
        .collect();
    Row {
        file: report.source.path_with_sheet(),
        agency: report.meta.agency.clone(),
        year: report.meta.year,
        template: report.meta.template.as_str().to_string(),
        values,
    }
}

fn other_all(numbers: &HashMap<&str, f64>, col: &str) -> Option<f64> {
    if let Some(v) = numbers.get(format!("t3.other.{col}").as_str()) {
        return Some(*v);
    }
    let parts: Vec<Option<f64>> = [
        "other_overdue_correction",
        "other_overdue_fee",
        "other_other",
    ]
    .iter()
    .map(|r| numbers.get(format!("t3.{r}.{col}").as_str()).copied())
    .collect();
    parts
        .iter()
        .any(Option::is_some)
        .then(|| parts.iter().flatten().sum())
}

/// The comparison of `reports`: column names and rows, optionally with year-over-year deltas.
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    pub deltas: Option<Vec<Vec<Option<f64>>>>,
}

pub fn table(reports: &[Report], by_agency: bool) -> Table {
    let mut columns = columns();
    columns.extend(derived_columns());
    let mut rows: Vec<Row> = reports.iter().map(|r| row(r, &columns)).collect();
    if !by_agency {
        return Table {
            columns,
            rows,
            deltas: None,
        };
    }
    // Group by agency (names matched across years), then by year.
    let mut groups: Vec<String> = Vec::new();
    let group_of = |name: &str, groups: &mut Vec<String>| -> usize {
        match groups.iter().position(|g| same_agency(g, name)) {
            Some(i) => i,
            None => {
                groups.push(name.to_string());
                groups.len() - 1
            }
        }
    };
    let mut keyed: Vec<(usize, Option<i32>, Row)> = rows
        .drain(..)
        .map(|r| {
            let g = group_of(r.agency.as_deref().unwrap_or(""), &mut groups);
            (g, r.year, r)
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, a.1, &a.2.file).cmp(&(b.0, b.1, &b.2.file)));
    let mut deltas = Vec::new();
    for i in 0..keyed.len() {
        let prev = (i > 0 && keyed[i - 1].0 == keyed[i].0).then(|| &keyed[i - 1].2);
        deltas.push(
            keyed[i]
                .2
                .values
                .iter()
                .enumerate()
                .map(|(c, v)| Some(v.as_ref()? - prev?.values[c]?))
                .collect(),
        );
    }
    Table {
        columns,
        rows: keyed.into_iter().map(|k| k.2).collect(),
        deltas: Some(deltas),
    }
}

fn cell(v: Option<f64>) -> String {
    v.map(number_text).unwrap_or_default()
}

pub fn write_csv<W: Write>(w: &mut W, t: &Table, bom: bool) -> io::Result<()> {
    if bom {
        w.write_all("\u{FEFF}".as_bytes())?;
    }
    let mut header = vec![
        "file".to_string(),
        "agency".into(),
        "year".into(),
        "template".into(),
    ];
    header.extend(t.columns.iter().cloned());
    if t.deltas.is_some() {
        header.extend(t.columns.iter().map(|c| format!("delta.{c}")));
    }
    writeln!(w, "{}", header.join(","))?;
    for (i, r) in t.rows.iter().enumerate() {
        let mut line = vec![
            csv_field(&r.file),
            csv_field(r.agency.as_deref().unwrap_or("")),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.template.clone(),
        ];
        line.extend(r.values.iter().map(|v| cell(*v)));
        if let Some(d) = &t.deltas {
            line.extend(d[i].iter().map(|v| cell(*v)));
        }
        writeln!(w, "{}", line.join(","))?;
    }
    Ok(())
}

pub fn to_json(t: &Table) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = t
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let values: serde_json::Map<String, serde_json::Value> = t
                .columns
                .iter()
                .zip(&r.values)
                .map(|(c, v)| (c.clone(), serde_json::json!(v)))
                .collect();
            let mut o = serde_json::json!({
                "file": r.file, "agency": r.agency, "year": r.year, "template": r.template,
                "values": values,
            });
            if let Some(d) = &t.deltas {
                let deltas: serde_json::Map<String, serde_json::Value> = t
                    .columns
                    .iter()
                    .zip(&d[i])
                    .map(|(c, v)| (c.clone(), serde_json::json!(v)))
                    .collect();
                o["deltas"] = serde_json::Value::Object(deltas);
            }
            o
        })
        .collect();
    serde_json::json!({
        "columns": t.columns,
        "derived": derived_columns(),
        "rows": rows,
    })
}
