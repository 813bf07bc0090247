//! Layout: section numbering, missing sections and tables, blank cells, title year.

use super::Ctx;
use crate::report::{Finding, FindingCell, Severity, Template, ValueKind};
use crate::template::SECTIONS;

fn heading_cell(key: &str, raw: &str, source: &crate::document::Loc) -> FindingCell {
    FindingCell {
        key: key.into(),
        value: None,
        raw: raw.into(),
        source: source.clone(),
        report: None,
    }
}

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let r = ctx.report;
    let statutory = matches!(r.meta.template, Template::Y2019 | Template::Y2021);

    for s in &r.sections {
        let Some(def) = SECTIONS.iter().find(|d| d.id == s.id) else {
            continue;
        };
        let printed = s
            .number
            .as_deref()
            .and_then(crate::normalize::chinese_numeral);
        if let Some(n) = printed
            && n != def.place
        {
            out.push(Finding {
                rule: "SECTION-ORDER".into(),
                severity: Severity::Warning,
                message: format!(
                    "章节“{}”印为第{}部分，按格式应为第{}部分",
                    s.heading.trim(),
                    s.number.as_deref().unwrap_or(""),
                    ["一", "二", "三", "四", "五", "六"]
                        .get(def.place as usize - 1)
                        .unwrap_or(&"")
                ),
                cells: vec![heading_cell(
                    &format!("section.{}", s.id),
                    &s.heading,
                    &s.loc,
                )],
                blanks_involved: false,
                extraction_doubt: false,
            });
        }
    }

    if statutory {
        let missing: Vec<&str> = SECTIONS
            .iter()
            .filter(|d| !r.sections.iter().any(|s| s.id == d.id))
            .map(|d| d.id)
            .collect();
        if !missing.is_empty() {
            out.push(Finding {
                rule: "MISSING-SECTION".into(),
                severity: Severity::Warning,
                message: format!("未找到法定章节：{}", missing.join("、")),
                cells: Vec::new(),
                blanks_involved: false,
                extraction_doubt: false,
            });
        }
        for (prefix, name) in [
            ("t2.", "表二（主动公开）"),
            ("t3.", "表三（依申请）"),
            ("t4.", "表四（复议诉讼）"),
        ] {
            if !r.facts.iter().any(|f| f.key.starts_with(prefix)) {
                out.push(Finding {
                    rule: "MISSING-TABLE".into(),
                    severity: Severity::Warning,
                    message: format!("未找到{name}，或其单元格均未能识别"),
                    cells: Vec::new(),
                    blanks_involved: false,
                    extraction_doubt: !r.missing.is_empty(),
                });
            }
        }
    }

    let blanks: Vec<_> = r
        .facts
        .iter()
        .filter(|f| !f.key.starts_with("meta.") && f.kind != ValueKind::Number)
        .collect();
    if !blanks.is_empty() {
        let placeholders = blanks
            .iter()
            .filter(|f| f.kind == ValueKind::Placeholder)
            .count();
        out.push(ctx.finding(
            "BLANK-CELLS",
            Severity::Info,
            format!(
                "{}个应填数字的单元格未填数字（空白{}个，占位符{}个）",
                blanks.len(),
                blanks.len() - placeholders,
                placeholders
            ),
            &blanks,
        ));
    }

    if let (Some(y), Some(p)) = (r.meta.year, r.meta.period_year)
        && y != p
    {
        out.push(Finding {
            rule: "TITLE-YEAR".into(),
            severity: Severity::Warning,
            message: format!("标题年份{y}与统计期限年份{p}不一致"),
            cells: r
                .facts
                .iter()
                .filter(|f| f.key == "meta.year")
                .map(|f| super::cell(f, None))
                .collect(),
            blanks_involved: false,
            extraction_doubt: false,
        });
    }
}
