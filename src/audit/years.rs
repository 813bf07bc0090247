//! Rules across the years of one agency: X-CARRY and X-INFORCE.

use super::{cell, num};
use crate::normalize::same_agency;
use crate::report::{Finding, Report, Severity, Template};
use crate::template::T3_COL_KEYS;

/// Reports grouped by agency (names matched across years), each group sorted by year.
fn by_agency(reports: &[Report]) -> Vec<Vec<&Report>> {
    let mut groups: Vec<Vec<&Report>> = Vec::new();
    for r in reports
        .iter()
        .filter(|r| r.meta.agency.is_some() && r.meta.year.is_some())
    {
        let name = r.meta.agency.as_deref().unwrap_or("");
        match groups
            .iter_mut()
            .find(|g| same_agency(g[0].meta.agency.as_deref().unwrap_or(""), name))
        {
            Some(g) => g.push(r),
            None => groups.push(vec![r]),
        }
    }
    for g in &mut groups {
        g.sort_by_key(|r| r.meta.year);
    }
    groups
}

pub(super) fn check(reports: &[Report]) -> Vec<Finding> {
    let mut out = Vec::new();
    for group in by_agency(reports) {
        for pair in group.windows(2) {
            let (prev, cur) = (pair[0], pair[1]);
            let (Some(py), Some(cy)) = (prev.meta.year, cur.meta.year) else {
                continue;
            };
            if cy != py + 1 {
                continue;
            }
            carry(prev, cur, &mut out);
            if cur.meta.template == Template::Y2021 && prev.meta.template == Template::Y2021 {
                in_force(prev, cur, &mut out);
            }
        }
    }
    out
}

fn path(r: &Report) -> String {
    r.source.path_with_sheet()
}

/// 上年结转 (N) = 结转下年度继续办理 (N−1), per column.
fn carry(prev: &Report, cur: &Report, out: &mut Vec<Finding>) {
    for col in T3_COL_KEYS {
        let (Some(was), Some(now)) = (
            prev.fact(&format!("t3.carried_forward.{col}")),
            cur.fact(&format!("t3.carried_over.{col}")),
        ) else {
            continue;
        };
        let (Some(a), Some(b)) = (
            was.value.as_ref().and_then(|v| v.as_f64()),
            now.value.as_ref().and_then(|v| v.as_f64()),
        ) else {
            continue;
        };
        if (a - b).abs() > 1e-6 {
            out.push(Finding {
                rule: "X-CARRY".into(),
                severity: Severity::Error,
                message: format!(
                    "{}年报告“上年结转”{}列为{}，但{}年报告“结转下年度继续办理”为{}",
                    cur.meta.year.unwrap_or(0),
                    crate::template::display(col),
                    num(b),
                    prev.meta.year.unwrap_or(0),
                    num(a)
                ),
                cells: vec![cell(was, Some(&path(prev))), cell(now, Some(&path(cur)))],
                blanks_involved: false,
                extraction_doubt: false,
            });
        }
    }
}

/// 现行有效 (N) = 现行有效 (N−1) + 本年制发 (N) − 本年废止 (N): a heuristic (amendments and
/// clean-ups break it legitimately), hence a warning.
fn in_force(prev: &Report, cur: &Report, out: &mut Vec<Finding>) {
    for row in ["rules", "normative"] {
        fn get<'a>(r: &'a Report, row: &str, c: &str) -> Option<&'a crate::report::Fact> {
            r.fact(&format!("t2.{row}.{c}"))
                .filter(|f| f.value.is_some())
        }
        let (Some(was), Some(now), Some(iss), Some(rep)) = (
            get(prev, row, "in_force"),
            get(cur, row, "in_force"),
            get(cur, row, "issued"),
            get(cur, row, "repealed"),
        ) else {
            continue;
        };
        let v = |f: &crate::report::Fact| f.value.as_ref().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let expect = v(was) + v(iss) - v(rep);
        if (expect - v(now)).abs() > 1e-6 {
            out.push(Finding {
                rule: "X-INFORCE".into(),
                severity: Severity::Warning,
                message: format!(
                    "{row}：{}年现行有效{}件，而{}年现行有效{}+制发{}−废止{}={}件",
                    cur.meta.year.unwrap_or(0),
                    num(v(now)),
                    prev.meta.year.unwrap_or(0),
                    num(v(was)),
                    num(v(iss)),
                    num(v(rep)),
                    num(expect)
                ),
                cells: vec![
                    cell(was, Some(&path(prev))),
                    cell(now, Some(&path(cur))),
                    cell(iss, Some(&path(cur))),
                    cell(rep, Some(&path(cur))),
                ],
                blanks_involved: false,
                extraction_doubt: false,
            });
        }
    }
}
