//! TEXT-TABLE: figures stated in the prose against the table cells they name.
//!
//! Each claim is a pattern over the sections' text (normalised: no spaces, half-width) with
//! one number, and the table rows it names. A row's figure is its 总计 cell, or the sum of its
//! applicant cells when 总计 is blank (as the 2019 上海 report prints it).

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, num};
use crate::report::{Fact, Finding, FindingCell, Severity};
use crate::template::{T3_COL_KEYS, T4_COL_KEYS};

/// (what the prose states, patterns with one number, rows of the table it names).
const CLAIMS: &[(&str, &[&str], &[&str])] = &[
    (
        "予以公开及部分公开",
        &[r"予以公开(?:及|和|与|、)部分公开(?:的|答复)?(?:共)?(\d+)件"],
        &["t3.granted", "t3.partial"],
    ),
    (
        "收到申请",
        &[
            r"(?:收到|新收|受理)[^。；;，,0-9]{0,14}?申请(?:共|总计|合计)?(\d+)件",
            r"(?:收到|受理)(?:各类)?(\d+)件(?:政府信息公开)?申请",
        ],
        &["t3.new_received"],
    ),
    (
        "上年结转",
        &[r"上年度?结转(?:的)?(?:政府信息公开)?(?:申请)?(\d+)件"],
        &["t3.carried_over"],
    ),
    (
        "办结",
        &[r"(?:共|已|及时|依法|依规)办结(?:政府信息公开)?(?:申请)?(\d+)件"],
        &["t3.total"],
    ),
    (
        "予以公开",
        &[r"(?:同意公开|予以公开)(?:答复)?(\d+)件"],
        &["t3.granted"],
    ),
    (
        "部分公开",
        &[r"(?:^|[^及和与、])部分公开(?:答复)?(\d+)件"],
        &["t3.partial"],
    ),
    (
        "不予公开",
        &[r"不予公开(?:答复)?(\d+)件"],
        &[
            "t3.denied_secret",
            "t3.denied_law",
            "t3.denied_safety",
            "t3.denied_third_party",
            "t3.denied_internal",
            "t3.denied_process",
            "t3.denied_enforcement",
            "t3.denied_query",
        ],
    ),
    (
        "无法提供",
        &[r"无法提供(?:的)?(?:答复)?(\d+)件"],
        &[
            "t3.unable_not_held",
            "t3.unable_create",
            "t3.unable_unclear",
        ],
    ),
    (
        "不予处理",
        &[r"不予处理(?:的)?(?:答复)?(\d+)件"],
        &[
            "t3.unprocessed_complaint",
            "t3.unprocessed_repeat",
            "t3.unprocessed_publication",
            "t3.unprocessed_excessive",
            "t3.unprocessed_confirm",
        ],
    ),
    (
        "其他处理",
        &[r"其他处理(?:的)?(\d+)件"],
        &[
            "t3.other",
            "t3.other_overdue_correction",
            "t3.other_overdue_fee",
            "t3.other_other",
        ],
    ),
    (
        "结转下年度",
        &[
            r"(\d+)件(?:申请)?结转(?:至|到)?下一?年",
            r"结转(?:至|到)?(?:下一?年度?|\d{4}年度?)(?:继续办理)?(\d+)件",
            r"转下一?年度(?:办理)?(?:答复)?(?:的)?(?:有)?(\d+)件",
        ],
        &["t3.carried_forward"],
    ),
    (
        "行政复议",
        &[r"行政复议(?:案件)?(?:数为|共)?(\d+)(?:件|起)"],
        &["t4.review"],
    ),
    (
        "行政诉讼",
        &[r"诉讼(?:案件)?(?:数为|共)?(\d+)(?:件|起)"],
        &["t4.suit_direct", "t4.suit_after_review"],
    ),
    (
        "现行有效规范性文件",
        &[r"现行有效(?:的)?(?:行政)?规范性文件(\d+)件"],
        &["t2.normative.in_force"],
    ),
    (
        "制发规范性文件",
        &[r"制发(?:的)?(?:行政)?规范性文件(\d+)件"],
        &["t2.normative.issued|t2.normative.new_made"],
    ),
];

/// A claim with its patterns compiled.
type Claim = (&'static str, Vec<Regex>, &'static [&'static str]);

/// Every claim pattern at once, to find in one pass which claims a section makes at all.
static ANY_CLAIM: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(CLAIMS.iter().flat_map(|(_, pats, _)| pats.iter())).unwrap()
});

static COMPILED: LazyLock<Vec<Claim>> = LazyLock::new(|| {
    CLAIMS
        .iter()
        .map(|(what, pats, rows)| {
            (
                *what,
                pats.iter().map(|p| Regex::new(p).unwrap()).collect(),
                *rows,
            )
        })
        .collect()
});

static ALL_UPHELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"行政复议(\d+)件[^。]{0,20}?诉讼(\d+)件[^。]{0,6}?(?:均获|均被|均予|全部|均)维持")
        .unwrap()
});

/// The figure of a row and the cells it comes from.
fn row_figure<'r>(ctx: &Ctx<'r>, row: &str) -> Option<(f64, Vec<&'r Fact>)> {
    if row.starts_with("t2.") {
        // `a|b`: the key of whichever template the report follows.
        let f = row.split('|').find_map(|k| ctx.fact(k))?;
        return Some((f.value.as_ref()?.as_f64()?, vec![f]));
    }
    let (parts, total_key): (&[&str], String) = if row.starts_with("t4.") {
        (&T4_COL_KEYS[..4], format!("{row}.total"))
    } else {
        (&T3_COL_KEYS[..6], format!("{row}.total"))
    };
    let total = ctx.fact(&total_key)?;
    if let Some(v) = total.value.as_ref().and_then(|v| v.as_f64()) {
        return Some((v, vec![total]));
    }
    let cells: Vec<&Fact> = parts
        .iter()
        .filter_map(|c| ctx.fact(&format!("{row}.{c}")))
        .collect();
    if cells.len() < parts.len() {
        return None;
    }
    let sum = cells
        .iter()
        .filter_map(|f| f.value.as_ref()?.as_f64())
        .sum();
    Some((sum, cells))
}

fn snippet(text: &str, start: usize, end: usize) -> String {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(11)
        .map_or(0, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(4)
        .map_or(text.len(), |(i, _)| end + i);
    text[from..to].to_string()
}

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let mut seen: Vec<(&str, u64)> = Vec::new();
    for section in &ctx.report.sections {
        let text = crate::normalize::norm(&section.text);
        let made = ANY_CLAIM.matches(&text);
        let mut index = 0;
        for (what, patterns, rows) in COMPILED.iter() {
            for re in patterns {
                index += 1;
                if !made.matched(index - 1) {
                    continue;
                }
                for m in re.captures_iter(&text) {
                    let Some(g) = m.get(1) else { continue };
                    if qualified(&text, m.get(0).expect("match").start()) {
                        continue;
                    }
                    let Ok(stated) = g.as_str().parse::<u64>() else {
                        continue;
                    };
                    if seen.contains(&(what, stated)) {
                        continue;
                    }
                    seen.push((what, stated));
                    // Every row the claim names must have been found (of （六）: the one row
                    // or the three sub-rows, whichever the report prints).
                    let rows: Vec<&str> = if rows.contains(&"t3.other") {
                        if ctx.fact("t3.other.total").is_some()
                            || ctx.fact("t3.other.natural").is_some()
                        {
                            vec!["t3.other"]
                        } else {
                            rows.iter().copied().filter(|r| *r != "t3.other").collect()
                        }
                    } else {
                        rows.to_vec()
                    };
                    if let Some(f) = against_alternatives(
                        ctx,
                        what,
                        stated,
                        &rows,
                        &text,
                        m.get(0).expect("match"),
                        section,
                    ) {
                        out.push(f);
                        continue;
                    }
                    let figures: Option<Vec<(f64, Vec<&Fact>)>> =
                        rows.iter().map(|r| row_figure(ctx, r)).collect();
                    let Some(figures) = figures.filter(|f| !f.is_empty()) else {
                        continue;
                    };
                    let table: f64 = figures.iter().map(|f| f.0).sum();
                    if (table - stated as f64).abs() < 1e-6 {
                        continue;
                    }
                    // Reports often count "received" as new plus carried over: not a mismatch.
                    if *what == "收到申请"
                        && let Some((carried, _)) = row_figure(ctx, "t3.carried_over")
                        && (table + carried - stated as f64).abs() < 1e-6
                    {
                        continue;
                    }
                    let whole = m.get(0).expect("match");
                    let quote = snippet(&text, whole.start(), whole.end());
                    let cells: Vec<&Fact> =
                        figures.iter().flat_map(|f| f.1.iter().copied()).collect();
                    let mut finding = ctx.finding(
                        "TEXT-TABLE",
                        Severity::Warning,
                        format!(
                            "正文称{what}{stated}件（“{quote}”），表格相应单元格合计为{}",
                            num(table)
                        ),
                        &cells,
                    );
                    finding.cells.insert(0, prose_cell(&quote, section));
                    out.push(finding);
                }
            }
        }
        for m in ALL_UPHELD.captures_iter(&text) {
            let claims = [(&m[1], "t4.review"), (&m[2], "t4.suit_direct")];
            for (n, group) in claims {
                let groups: &[&str] = if group == "t4.review" {
                    &["t4.review"]
                } else {
                    &["t4.suit_direct", "t4.suit_after_review"]
                };
                let cells: Vec<&Fact> = groups
                    .iter()
                    .flat_map(|g| ["upheld", "total"].map(|c| ctx.fact(&format!("{g}.{c}"))))
                    .flatten()
                    .collect();
                let upheld: f64 = cells
                    .iter()
                    .filter(|f| f.key.ends_with(".upheld"))
                    .filter_map(|f| f.value.as_ref()?.as_f64())
                    .sum();
                let total: f64 = cells
                    .iter()
                    .filter(|f| f.key.ends_with(".total"))
                    .filter_map(|f| f.value.as_ref()?.as_f64())
                    .sum();
                if cells.len() == groups.len() * 2 && (upheld - total).abs() > 1e-6 {
                    let quote = snippet(&text, m.get(0).unwrap().start(), m.get(0).unwrap().end());
                    let mut finding = ctx.finding(
                        "TEXT-TABLE",
                        Severity::Warning,
                        format!(
                            "正文称{n}件均获维持（“{quote}”），表四中结果维持{}件、总计{}件",
                            num(upheld),
                            num(total)
                        ),
                        &cells,
                    );
                    finding.cells.insert(0, prose_cell(&quote, section));
                    out.push(finding);
                }
            }
        }
    }
}

/// A claim about one table-2 cell that was left out because its run reads several ways: a
/// mismatch all the same when no reading gives the stated figure.
fn against_alternatives(
    ctx: &Ctx<'_>,
    what: &str,
    stated: u64,
    rows: &[&str],
    text: &str,
    whole: regex::Match<'_>,
    section: &crate::report::Section,
) -> Option<Finding> {
    let [row] = rows else { return None };
    let keys: Vec<&str> = row.split('|').collect();
    if keys.iter().any(|k| ctx.fact(k).is_some()) {
        return None;
    }
    let alt = ctx
        .report
        .alternatives
        .iter()
        .find(|a| keys.contains(&a.key.as_str()))?;
    let fits = alt
        .values
        .iter()
        .any(|v| v.as_f64().is_some_and(|x| (x - stated as f64).abs() < 1e-6));
    if fits || alt.values.is_empty() {
        return None;
    }
    let quote = snippet(text, whole.start(), whole.end());
    let possible: Vec<String> = alt
        .values
        .iter()
        .filter_map(|v| v.as_f64())
        .map(num)
        .collect();
    Some(Finding {
        rule: "TEXT-TABLE".into(),
        severity: Severity::Warning,
        message: format!(
            "正文称{what}{stated}件（“{quote}”），表格{}印作“{}”，无论如何切分都不是{stated}（可能为{}）",
            alt.key,
            alt.raw,
            possible.join("、")
        ),
        cells: vec![
            prose_cell(&quote, section),
            FindingCell {
                key: alt.key.clone(),
                value: None,
                raw: alt.raw.clone(),
                source: alt.source.clone(),
                report: None,
            },
        ],
        blanks_involved: false,
        // No reading of the run agrees with the prose: the mismatch does not depend on which
        // reading is right.
        extraction_doubt: false,
    })
}

/// Words that make a figure a subset or a change ("被纠正的复议3件", "同比增长5件"), not the
/// figure the table prints.
const QUALIFIERS: &[&str] = &[
    "纠正",
    "纠错",
    "维持",
    "败诉",
    "撤销",
    "同比",
    "较上年",
    "增长",
    "减少",
    "下降",
    "上升",
    "增加",
];

/// Whether the clause before `start` qualifies the figure.
fn qualified(text: &str, start: usize) -> bool {
    let clause_start = text[..start]
        .rfind(['。', '；', ';', '，', ','])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let clause = &text[clause_start..start];
    QUALIFIERS.iter().any(|q| clause.contains(q))
}

fn prose_cell(quote: &str, section: &crate::report::Section) -> FindingCell {
    FindingCell {
        key: format!("text.{}", section.id),
        value: None,
        raw: quote.to_string(),
        source: section.loc.clone(),
        report: None,
    }
}
