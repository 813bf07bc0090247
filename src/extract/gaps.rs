//! Table-3 rows that lost their label (PDF → markdown converters detach labels from their
//! numbers: `| 0 | 0 | 0 | 0 | 0 | 0 | 0 |`, or cut them: `| 行政机关不再处理其政府信息公 | 40 | …`).
//!
//! Such a row is placed only when its position leaves no choice and the table's own sums
//! confirm it: between two labelled rows A and B, the unlabelled rows printed there are
//! assigned in order to the template rows between A and B that are still missing, when their
//! counts are equal. The assignment is kept only if, with it, every column's （七）总计 equals
//! the sum of the result rows and every placed row's 总计 equals its six applicant cells;
//! otherwise nothing is placed. Placed rows carry an `ORDER_INFERRED` warning.

use std::collections::HashSet;

use crate::document::{Cell, Loc};
use crate::numbers::parse_cell;
use crate::report::{Diagnostic, Fact, Severity};
use crate::template::{T3_COL_KEYS, t3_result_rows, t3_rows};

/// A table-3 row as met in the document.
#[derive(Debug, Clone)]
pub enum Row {
    Labelled(&'static str),
    Unlabelled {
        cells: Vec<Cell>,
        label: String,
        loc: Loc,
    },
}

fn number(c: &Cell) -> f64 {
    parse_cell(&c.text).number().unwrap_or(0.0)
}

fn warn(out: &mut Vec<Diagnostic>, code: &str, message: String, loc: &Loc) {
    out.push(Diagnostic {
        code: code.into(),
        severity: Severity::Warning,
        message,
        loc: Some(loc.clone()),
    });
}

/// The facts to add, `(key, cell)`; doubts go to `warnings`.
pub fn fill(
    seq: &[Row],
    split: bool,
    facts: &[Fact],
    warnings: &mut Vec<Diagnostic>,
) -> Vec<(String, Cell)> {
    let unlabelled: Vec<(&Vec<Cell>, &String, &Loc)> = seq
        .iter()
        .filter_map(|r| match r {
            Row::Unlabelled { cells, label, loc } => Some((cells, label, loc)),
            Row::Labelled(_) => None,
        })
        .collect();
    if unlabelled.is_empty() {
        return Vec::new();
    }
    let order = t3_rows(split);
    let found: HashSet<&str> = facts
        .iter()
        .filter_map(|f| f.key.strip_prefix("t3."))
        .filter_map(|k| k.split('.').next())
        .collect();
    let pos = |k: &str| order.iter().position(|r| *r == k);

    // Runs of unlabelled rows between two labelled rows.
    let mut placed: Vec<(&'static str, &Vec<Cell>, &Loc)> = Vec::new();
    let mut prev: Option<&'static str> = None;
    let mut run: Vec<(&Vec<Cell>, &Loc)> = Vec::new();
    for r in seq {
        match r {
            Row::Unlabelled { cells, loc, .. } => run.push((cells, loc)),
            Row::Labelled(next) => {
                if let (Some(a), Some(b)) = (prev.and_then(pos), pos(next))
                    && !run.is_empty()
                    && a < b
                {
                    let missing: Vec<&'static str> = order[a + 1..b]
                        .iter()
                        .copied()
                        .filter(|k| !found.contains(k))
                        .collect();
                    if missing.len() == run.len() {
                        placed.extend(
                            missing
                                .into_iter()
                                .zip(run.iter())
                                .map(|(k, (c, l))| (k, *c, *l)),
                        );
                    }
                }
                run.clear();
                prev = Some(next);
            }
        }
    }
    let give_up = |warnings: &mut Vec<Diagnostic>, why: &str| {
        for (cells, label, loc) in &unlabelled {
            let what = if label.is_empty() {
                "a row of numbers without a label".to_string()
            } else {
                format!("row {label:?} matches no row of the template")
            };
            let _ = cells;
            warn(
                warnings,
                "UNKNOWN_ROW",
                format!("{what}: its numbers are left out ({why})"),
                loc,
            );
        }
    };
    if placed.len() != unlabelled.len() {
        give_up(warnings, "its place between labelled rows is not certain");
        return Vec::new();
    }
    // Every placed row must be a full row of seven values whose 总计 adds up.
    let n = T3_COL_KEYS.len();
    for (_, cells, _) in &placed {
        if cells.len() != n {
            give_up(warnings, "not seven values");
            return Vec::new();
        }
        let sum: f64 = cells[..n - 1].iter().map(number).sum();
        if (sum - number(&cells[n - 1])).abs() > 1e-6 {
            give_up(warnings, "its row does not add up");
            return Vec::new();
        }
    }
    // With the placed rows, every column's （七）总计 must equal the result rows.
    let value = |row: &str, col: usize| -> Option<f64> {
        if let Some((_, cells, _)) = placed.iter().find(|(k, _, _)| *k == row) {
            return Some(number(&cells[col]));
        }
        let key = format!("t3.{row}.{}", T3_COL_KEYS[col]);
        facts
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.as_ref().and_then(|v| v.as_f64()).unwrap_or(0.0))
    };
    for col in 0..n {
        let Some(total) = value("total", col) else {
            give_up(warnings, "table 3 has no 总计 row to check it against");
            return Vec::new();
        };
        let parts: Option<Vec<f64>> = t3_result_rows(split)
            .iter()
            .map(|r| value(r, col))
            .collect();
        match parts {
            Some(p) if (p.iter().sum::<f64>() - total).abs() < 1e-6 => {}
            _ => {
                give_up(warnings, "the table's sums do not confirm a placement");
                return Vec::new();
            }
        }
    }
    let mut out = Vec::new();
    for (key, cells, loc) in placed {
        warn(
            warnings,
            "ORDER_INFERRED",
            format!(
                "table 3 row {key} has no label of its own; placed by its order between labelled rows, confirmed by the table's sums"
            ),
            loc,
        );
        for (col, cell) in T3_COL_KEYS.iter().zip(cells) {
            out.push((format!("t3.{key}.{col}"), cell.clone()));
        }
    }
    out
}
