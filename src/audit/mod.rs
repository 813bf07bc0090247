//! Audit: published numbers that do not add up, across tables, years and prose.
//!
//! Rules are small functions over `&Report` (or `&[Report]` for rules across years); each
//! returns [`Finding`]s naming every cell involved with its location. Rules never modify a
//! report: a publisher error is reported as published. Two things are kept apart:
//! a finding (`report.findings`) says the numbers as printed contradict each other; an
//! extraction doubt (`report.warnings`) says the extractor was unsure of a cell. A finding
//! that involves a doubted cell says so (`extraction_doubt`).
//!
//! | rule | what | severity |
//! |---|---|---|
//! | `T3-BALANCE` | per column: 新收 + 上年结转 = 总计 + 结转下年度 | error |
//! | `T3-TOTAL` | per column: （七）总计 = sum of the result rows | error |
//! | `T3-ROWSUM` | per row: 总计 column = sum of the six applicant columns | error |
//! | `T4-SUM` | per group: 总计 = 维持 + 纠正 + 其他 + 尚未审结 | error |
//! | `BLANK-TOTAL` | a total cell left blank while its parts are not (identity not checked) | warning |
//! | `TEXT-TABLE` | a figure stated in the prose differs from the table cells it names | warning |
//! | `SECTION-ORDER` | a section's printed number differs from its place | warning |
//! | `MISSING-SECTION` / `MISSING-TABLE` | a statutory section or table is absent | warning |
//! | `BLANK-CELLS` | cells left blank where the template expects numbers | info |
//! | `TITLE-YEAR` | the title's year differs from the statistics period | warning |
//! | `X-CARRY` | 上年结转 (year N) ≠ 结转下年度 (year N−1), same agency | error |
//! | `X-INFORCE` | 2021: 现行有效 (N) ≠ 现行有效 (N−1) + 制发 (N) − 废止 (N) | warning |
//!
//! Blanks count as 0 in sums, and a finding says when a blank was involved. An identity is
//! checked only when its total cell is printed, and only over cells the extractor found.

mod arith;
mod layout;
mod prose;
mod years;

use std::collections::{HashMap, HashSet};

use crate::document::Loc;
use crate::report::{Fact, Finding, FindingCell, Report, Severity, ValueKind};

/// Findings on one report alone.
pub fn check(report: &Report) -> Vec<Finding> {
    let ctx = Ctx::new(report);
    let mut out = Vec::new();
    arith::check(&ctx, &mut out);
    layout::check(&ctx, &mut out);
    prose::check(&ctx, &mut out);
    out
}

/// Findings across several reports of the same agencies (X-CARRY, X-INFORCE).
pub fn check_across(reports: &[Report]) -> Vec<Finding> {
    years::check(reports)
}

/// A report with the locations of its extraction doubts, for the rules.
pub(crate) struct Ctx<'r> {
    pub report: &'r Report,
    doubted: HashSet<String>,
    by_key: HashMap<&'r str, &'r Fact>,
}

impl<'r> Ctx<'r> {
    fn new(report: &'r Report) -> Ctx<'r> {
        let doubted = report
            .warnings
            .iter()
            .filter_map(|w| w.loc.as_ref().map(loc_key))
            .collect();
        let by_key = report.facts.iter().map(|f| (f.key.as_str(), f)).collect();
        Ctx {
            report,
            doubted,
            by_key,
        }
    }

    pub fn fact(&self, key: &str) -> Option<&'r Fact> {
        self.by_key.get(key).copied()
    }

    pub fn doubted(&self, f: &Fact) -> bool {
        self.doubted.contains(&loc_key(&f.source))
    }

    /// A finding over `facts`, with `blanks_involved` and `extraction_doubt` filled in.
    pub fn finding(
        &self,
        rule: &str,
        severity: Severity,
        message: String,
        facts: &[&Fact],
    ) -> Finding {
        Finding {
            rule: rule.into(),
            severity,
            message,
            cells: facts.iter().map(|f| cell(f, None)).collect(),
            blanks_involved: facts.iter().any(|f| f.kind != ValueKind::Number),
            extraction_doubt: facts.iter().any(|f| self.doubted(f)),
        }
    }
}

fn loc_key(loc: &Loc) -> String {
    match loc {
        // A row-level doubt is reported at the row's first cell: doubt the whole row.
        Loc::Cell { table, row, .. } => format!("cell:{table}:{row}"),
        other => other.to_string(),
    }
}

pub(crate) fn cell(f: &Fact, report: Option<&str>) -> FindingCell {
    FindingCell {
        key: f.key.clone(),
        value: f.value.clone(),
        raw: f.raw.clone(),
        source: f.source.clone(),
        report: report.map(str::to_string),
    }
}

/// A number as it reads in a message: integers without decimals.
pub(crate) fn num(v: f64) -> String {
    crate::emit::number_text(v)
}

/// The highest severity among findings.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}
