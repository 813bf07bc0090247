//! The identities printed in or implied by tables 3 and 4.

use super::{Ctx, num};
use crate::report::{Fact, Finding, Severity};
use crate::template::{T3_COL_KEYS, T4_COL_KEYS, T4_GROUP_KEYS, display, t3_result_rows, t3_rows};

const EPS: f64 = 1e-6;

fn value(f: &Fact) -> f64 {
    f.value.as_ref().and_then(|v| v.as_f64()).unwrap_or(0.0)
}

fn printed(f: &Fact) -> bool {
    f.value.is_some()
}

/// Check `total = sum(parts)` when the total is printed; a blank total beside non-zero parts
/// is collected for one BLANK-TOTAL finding instead.
fn sum_rule<'r>(
    ctx: &Ctx<'r>,
    out: &mut Vec<Finding>,
    blank_totals: &mut Vec<&'r Fact>,
    rule: &str,
    what: &str,
    total: &'r Fact,
    parts: &[&'r Fact],
) {
    let sum: f64 = parts.iter().map(|f| value(f)).sum();
    if !printed(total) {
        if parts.iter().any(|f| value(f) != 0.0) {
            blank_totals.push(total);
        }
        return;
    }
    if (value(total) - sum).abs() > EPS {
        let mut cells = vec![total];
        cells.extend(parts.iter().copied());
        let blanks = parts.iter().filter(|f| !printed(f)).count();
        let note = if blanks > 0 {
            format!("（其中{blanks}个空白单元格按0计）")
        } else {
            String::new()
        };
        out.push(ctx.finding(
            rule,
            Severity::Error,
            format!(
                "{what}：{}为{}，但各项之和为{}{note}",
                total.key,
                num(value(total)),
                num(sum)
            ),
            &cells,
        ));
    }
}

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let split = ctx.fact("t3.other_overdue_correction.total").is_some()
        || ctx.fact("t3.other_other.natural").is_some();
    let mut blank_totals: Vec<&Fact> = Vec::new();
    let get = |row: &str, col: &str| ctx.fact(&format!("t3.{row}.{col}"));

    for col in T3_COL_KEYS {
        // T3-BALANCE: 一 + 二 = （七） + 四.
        if let (Some(nr), Some(co), Some(tot), Some(cf)) = (
            get("new_received", col),
            get("carried_over", col),
            get("total", col),
            get("carried_forward", col),
        ) && printed(tot)
        {
            let (l, r) = (value(nr) + value(co), value(tot) + value(cf));
            if (l - r).abs() > EPS {
                out.push(ctx.finding(
                    "T3-BALANCE",
                    Severity::Error,
                    format!(
                        "表三{}列：本年新收{}+上年结转{}={}，但总计{}+结转下年度{}={}",
                        display(col),
                        num(value(nr)),
                        num(value(co)),
                        num(l),
                        num(value(tot)),
                        num(value(cf)),
                        num(r)
                    ),
                    &[nr, co, tot, cf],
                ));
            }
        }
        // T3-TOTAL: （七）总计 = the result rows.
        if let Some(tot) = get("total", col) {
            let rows = t3_result_rows(split);
            let parts: Vec<&Fact> = rows.iter().filter_map(|r| get(r, col)).collect();
            // Only over a complete column: a row the extractor missed is not a zero.
            if parts.len() == rows.len() {
                sum_rule(
                    ctx,
                    out,
                    &mut blank_totals,
                    "T3-TOTAL",
                    &format!("表三{}列办理结果", display(col)),
                    tot,
                    &parts,
                );
            }
        }
    }
    // T3-ROWSUM: every row's 总计 column = the six applicant columns.
    for row in t3_rows(split) {
        let Some(tot) = get(row, "total") else {
            continue;
        };
        let parts: Vec<&Fact> = T3_COL_KEYS[..6]
            .iter()
            .filter_map(|c| get(row, c))
            .collect();
        if parts.len() == 6 {
            sum_rule(
                ctx,
                out,
                &mut blank_totals,
                "T3-ROWSUM",
                &format!("表三“{}”行", display(row)),
                tot,
                &parts,
            );
        }
    }
    // T4-SUM: each group's 总计.
    for g in T4_GROUP_KEYS {
        let Some(tot) = ctx.fact(&format!("t4.{g}.total")) else {
            continue;
        };
        let parts: Vec<&Fact> = T4_COL_KEYS[..4]
            .iter()
            .filter_map(|c| ctx.fact(&format!("t4.{g}.{c}")))
            .collect();
        if parts.len() == 4 {
            sum_rule(
                ctx,
                out,
                &mut blank_totals,
                "T4-SUM",
                &format!("表四{}", display(g)),
                tot,
                &parts,
            );
        }
    }
    if !blank_totals.is_empty() {
        let keys: Vec<&str> = blank_totals.iter().map(|f| f.key.as_str()).collect();
        out.push(ctx.finding(
            "BLANK-TOTAL",
            Severity::Warning,
            format!(
                "{}个合计/总计单元格空白而其组成项不为0，相应等式未核对：{}",
                keys.len(),
                keys.join("、")
            ),
            &blank_totals,
        ));
    }
}
