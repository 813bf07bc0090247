//! Audit findings for people (grouped by report, colours on a terminal only) and machines.

use std::io::{self, Write};

use crate::report::{Finding, Report, Severity};

fn paint(s: &str, code: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn label(sev: Severity, colour: bool) -> String {
    match sev {
        Severity::Error => paint("error", "1;31", colour),
        Severity::Warning => paint("warning", "33", colour),
        Severity::Info => paint("info", "2", colour),
    }
}

fn write_finding<W: Write>(w: &mut W, f: &Finding, colour: bool) -> io::Result<()> {
    let mut flags = Vec::new();
    if f.blanks_involved {
        flags.push("空白按0计");
    }
    if f.extraction_doubt {
        flags.push("涉及提取存疑的单元格");
    }
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", flags.join("; "))
    };
    writeln!(
        w,
        "  {} {}: {}{}",
        label(f.severity, colour),
        f.rule,
        f.message,
        flags
    )?;
    // Long lists (blank cells) are summarised: the message already counts them.
    for c in f.cells.iter().take(12) {
        let value = c
            .value
            .as_ref()
            .and_then(|v| v.as_f64())
            .map(crate::emit::number_text)
            .unwrap_or_else(|| "空白".into());
        let report = c
            .report
            .as_deref()
            .map(|r| format!(" in {r}"))
            .unwrap_or_default();
        let shown = if c.key.starts_with("text.") || c.key.starts_with("section.") {
            format!("“{}”", c.raw)
        } else {
            format!("{} = {value}", c.key)
        };
        writeln!(
            w,
            "      {shown}  @ {}{report}",
            paint(&c.source.to_string(), "2", colour)
        )?;
    }
    if f.cells.len() > 12 {
        writeln!(w, "      … {} more cells", f.cells.len() - 12)?;
    }
    Ok(())
}

/// The readable audit: one block per report, then the findings across years.
pub fn write_text<W: Write>(
    w: &mut W,
    reports: &[Report],
    across: &[Finding],
    colour: bool,
) -> io::Result<()> {
    for r in reports {
        let who = format!(
            "{} {}",
            r.meta.agency.as_deref().unwrap_or("(agency?)"),
            r.meta
                .year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "(year?)".into())
        );
        writeln!(
            w,
            "{} — {}",
            paint(&r.source.path_with_sheet(), "1", colour),
            who
        )?;
        if r.findings.is_empty() {
            writeln!(w, "  no findings")?;
        }
        for f in &r.findings {
            write_finding(w, f, colour)?;
        }
        writeln!(w)?;
    }
    if !across.is_empty() {
        writeln!(w, "{}", paint("across years", "1", colour))?;
        for f in across {
            write_finding(w, f, colour)?;
        }
    }
    let count = |s: Severity| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .chain(across)
            .filter(|f| f.severity == s)
            .count()
    };
    writeln!(
        w,
        "{} reports: {} errors, {} warnings, {} notes",
        reports.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    )
}

/// The audit as JSON: per report its findings, and the findings across years.
pub fn to_json(reports: &[Report], across: &[Finding]) -> serde_json::Value {
    serde_json::json!({
        "reports": reports.iter().map(|r| serde_json::json!({
            "path": r.source.path_with_sheet(),
            "agency": r.meta.agency,
            "year": r.meta.year,
            "findings": r.findings,
        })).collect::<Vec<_>>(),
        "across": across,
    })
}
