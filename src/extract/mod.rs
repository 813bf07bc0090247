//! Document → [`Report`]: headings to sections, tables to facts, metadata. Format-blind:
//! nothing here knows whether the document was HTML, text or a workbook.

pub mod column_major;
pub mod flat;
mod gaps;
pub mod meta;
pub mod sections;
pub mod tables;

use std::collections::HashSet;

use crate::document::{Document, Loc};
use crate::report::{
    Diagnostic, Fact, FactValue, Meta, Report, SCHEMA_VERSION, Severity, SourceInfo, Template,
    ValueKind,
};
use crate::template::{self, PRE2019_MARKS};

/// Extract the reports of a document: one, or one per part when a workbook holds a report
/// on each of several sheets (each with its own table 3).
pub fn extract_all(doc: &Document, source: SourceInfo) -> Vec<Report> {
    let report_parts: Vec<&crate::document::Part> = doc
        .parts
        .iter()
        .filter(|p| holds_a_report(&doc.part(p)))
        .collect();
    if report_parts.len() < 2 {
        return vec![extract(doc, source)];
    }
    report_parts
        .into_iter()
        .map(|p| {
            let mut src = source.clone();
            src.sheet = Some(p.name.clone());
            extract(&doc.part(p), src)
        })
        .collect()
}

/// A part holds a report of its own when it has table 3's header.
fn holds_a_report(doc: &Document) -> bool {
    let marks = |t: &str| {
        let n = crate::normalize::norm(t);
        template::T3_HEADER_MARKS.iter().any(|m| n.contains(m))
    };
    doc.tables().any(|t| t.cells.iter().any(|c| marks(&c.text)))
        || doc.paragraphs().any(|p| marks(&p.text))
}

/// Extract one report from a document.
pub fn extract(doc: &Document, source: SourceInfo) -> Report {
    let found = sections::find(doc);
    let mut tf = tables::extract(doc, &found.heading_at);
    // Tables the readers could not cut into cells: recovered from the text, for keys the grids
    // did not give.
    let mut alternatives = Vec::new();
    if tf.facts.len() < 100 {
        let (flat_facts, flat_doubts, alts) = flat::extract(doc);
        alternatives = alts;
        for (facts, doubts) in [(flat_facts, flat_doubts), column_major::extract(doc)] {
            let have: HashSet<String> = tf.facts.iter().map(|f| f.key.clone()).collect();
            tf.facts
                .extend(facts.into_iter().filter(|f| !have.contains(&f.key)));
            tf.warnings.extend(doubts);
        }
        if tf.t3_split_other.is_none() {
            if tf.facts.iter().any(|f| f.key.starts_with("t3.other_")) {
                tf.t3_split_other = Some(true);
            } else if tf.facts.iter().any(|f| f.key.starts_with("t3.other.")) {
                tf.t3_split_other = Some(false);
            }
        }
    }
    let mf = meta::find(doc);
    let mut warnings: Vec<Diagnostic> = doc
        .notes
        .iter()
        .map(|(m, loc)| Diagnostic {
            code: "READER_NOTE".into(),
            severity: Severity::Warning,
            message: m.clone(),
            loc: Some(loc.clone()),
        })
        .collect();
    warnings.extend(found.warnings);
    warnings.extend(tf.warnings);
    for (m, loc) in &mf.doubts {
        warnings.push(Diagnostic {
            code: "META_DOUBT".into(),
            severity: Severity::Info,
            message: m.clone(),
            loc: Some(loc.clone()),
        });
    }

    // The template follows table 2 (by its grid, else by its header words in text the reader
    // could not cut into cells); table 3's （六） rows decide only when table 2 says nothing.
    let template = match (
        tf.t2_template.or_else(|| template_from_text(doc)),
        tf.t3_split_other,
    ) {
        (Some(t), _) => t,
        (None, Some(true)) => Template::Y2021,
        (None, Some(false)) => Template::Y2019,
        (None, None) if tf.found.iter().any(|f| *f) => Template::Unknown,
        (None, None) => {
            let pre = doc.paragraphs().any(|p| {
                let n = crate::normalize::norm(&p.text);
                PRE2019_MARKS.iter().any(|m| n.contains(m))
            }) || doc.tables().any(|t| {
                t.cells.iter().any(|c| {
                    let n = crate::normalize::norm(&c.text);
                    PRE2019_MARKS.iter().any(|m| n.contains(m))
                })
            });
            if pre {
                Template::Pre2019
            } else {
                Template::Unknown
            }
        }
    };

    let meta = Meta {
        agency: mf.agency.as_ref().map(|a| a.0.clone()),
        year: mf.year.as_ref().map(|y| y.0),
        template,
        published: mf.published.as_ref().map(|p| p.0.clone()),
        period_year: mf.period_year,
    };
    let first_loc = Loc::Block { index: 0 };
    let meta_fact = |key: &str, value: Option<FactValue>, raw: String, loc: Option<&Loc>| Fact {
        key: key.into(),
        kind: if value.is_some() {
            ValueKind::Text
        } else {
            ValueKind::Blank
        },
        value,
        raw,
        unit: None,
        note: None,
        source: loc.cloned().unwrap_or_else(|| first_loc.clone()),
    };
    let mut facts = vec![
        meta_fact(
            "meta.agency",
            meta.agency.clone().map(FactValue::Text),
            meta.agency.clone().unwrap_or_default(),
            mf.agency.as_ref().map(|a| &a.1),
        ),
        meta_fact(
            "meta.year",
            meta.year.map(|y| FactValue::Int(y as i64)),
            meta.year.map(|y| y.to_string()).unwrap_or_default(),
            mf.year.as_ref().map(|y| &y.1),
        ),
        meta_fact(
            "meta.template",
            Some(FactValue::Text(template.as_str().into())),
            template.as_str().into(),
            None,
        ),
        meta_fact(
            "meta.published",
            meta.published.clone().map(FactValue::Text),
            meta.published.clone().unwrap_or_default(),
            mf.published.as_ref().map(|p| &p.1),
        ),
    ];
    if meta.agency.is_none() {
        warnings.push(doubt(
            "NO_AGENCY",
            "no issuing agency found in a title or heading",
        ));
    }
    if meta.year.is_none() {
        warnings.push(doubt("NO_YEAR", "no report year found"));
    }

    // Keys of the tables that are present, for `missing`.
    let t2_template = tf.t2_template.unwrap_or(template);
    let split = tf.t3_split_other.unwrap_or(template == Template::Y2021);
    let found_keys: HashSet<&str> = tf.facts.iter().map(|f| f.key.as_str()).collect();
    let missing: Vec<String> = if matches!(template, Template::Y2019 | Template::Y2021) {
        template::all_keys(t2_template, split)
            .into_iter()
            .filter(|k| !found_keys.contains(k.as_str()))
            .collect()
    } else {
        Vec::new()
    };
    if !missing.is_empty() {
        warnings.push(doubt(
            "MISSING_CELLS",
            &format!(
                "{} cells of the {} template were not found and are left out (see `missing`)",
                missing.len(),
                template.as_str()
            ),
        ));
    }
    alternatives.retain(|a| !found_keys.contains(a.key.as_str()));
    facts.extend(tf.facts);

    Report {
        schema_version: SCHEMA_VERSION.into(),
        source,
        meta,
        sections: found.sections,
        facts,
        missing,
        findings: Vec::new(),
        warnings,
        alternatives,
    }
}

/// The template by table-2 header words anywhere in the text (flattened or column-major
/// tables that produced no grid).
fn template_from_text(doc: &Document) -> Option<Template> {
    let (mut y2019, mut y2021, mut header) = (0, 0, false);
    for p in doc.paragraphs() {
        let n = crate::normalize::norm(&p.text);
        header |= n.contains("信息内容");
        y2019 += template::T2_HEADERS_2019
            .iter()
            .filter(|m| n.contains(*m))
            .count();
        y2021 += template::T2_HEADERS_2021
            .iter()
            .filter(|m| n.contains(*m))
            .count();
    }
    if !header {
        return None;
    }
    match y2019.cmp(&y2021) {
        std::cmp::Ordering::Greater => Some(Template::Y2019),
        std::cmp::Ordering::Less => Some(Template::Y2021),
        std::cmp::Ordering::Equal => None,
    }
}

fn doubt(code: &str, message: &str) -> Diagnostic {
    Diagnostic {
        code: code.into(),
        severity: Severity::Warning,
        message: message.into(),
        loc: None,
    }
}
