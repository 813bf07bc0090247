//! Headings → the six statutory sections, by their words, whatever their printed number.
//!
//! A heading is a Chinese numeral, optional punctuation (`、`, `，`, `.`), and a title that
//! matches one of [`crate::template::SECTIONS`]. Bracketed numbers (`（一）主动公开…`) are
//! sub-headings, never sections. In text flattened onto one line, headings are found inside
//! the line by their exact canonical titles.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Block, Document, Loc};
use crate::normalize::{fold, norm};
use crate::report::{Diagnostic, Section, Severity};
use crate::template::{INLINE_TITLES, SECTIONS};

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第?([一二三四五六七八九十]{1,3})(?:部分)?([、,.:．]?)(.+?)[。:;]?$").unwrap()
});

static TITLES: LazyLock<Vec<(&'static str, Vec<Regex>)>> = LazyLock::new(|| {
    SECTIONS
        .iter()
        .map(|s| {
            (
                s.id,
                s.titles.iter().map(|t| Regex::new(t).unwrap()).collect(),
            )
        })
        .collect()
});

static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    let titles: Vec<String> = INLINE_TITLES
        .iter()
        .map(|(_, t)| regex::escape(t))
        .collect();
    Regex::new(&format!(
        r"([一二三四五六七])\s?([、,.．]?)\s?({})",
        titles.join("|")
    ))
    .unwrap()
});

/// The section id of a title (heading without its number).
pub fn section_of_title(title: &str) -> Option<&'static str> {
    TITLES
        .iter()
        .find(|(_, res)| res.iter().any(|re| re.is_match(title)))
        .map(|(id, _)| *id)
}

/// A heading found in a paragraph.
#[derive(Debug, Clone)]
pub struct Heading {
    pub id: &'static str,
    pub number: String,
    pub printed: String,
    pub title: String,
}

/// Whether a whole paragraph is a section heading.
pub fn parse_heading(text: &str) -> Option<Heading> {
    if text.len() > 200 {
        return None;
    }
    let n = norm(text);
    if n.chars().count() > 40 {
        return None;
    }
    let m = HEADING.captures(&n)?;
    let title = m.get(3)?.as_str();
    let id = section_of_title(title)?;
    Some(Heading {
        id,
        number: m[1].to_string(),
        printed: text.trim().to_string(),
        title: title.to_string(),
    })
}

/// Where each heading is: block index → heading, and the sections with their text.
pub struct Found {
    pub sections: Vec<Section>,
    /// For each block, the section id of the heading it is (if it is one).
    pub heading_at: Vec<Option<&'static str>>,
    pub warnings: Vec<Diagnostic>,
}

pub fn find(doc: &Document) -> Found {
    let mut f = Found {
        sections: Vec::new(),
        heading_at: vec![None; doc.blocks.len()],
        warnings: Vec::new(),
    };
    for (i, block) in doc.blocks.iter().enumerate() {
        let Block::Paragraph(p) = block else {
            continue;
        };
        if let Some(h) = parse_heading(&p.text) {
            f.heading_at[i] = Some(h.id);
            open(&mut f, h, p.loc.clone(), String::new());
            continue;
        }
        // Headings run into a line with table text or prose (flattened pages).
        // (Every inline title ends in 情况/情況 or 事项/事項: a cheap test before folding.)
        if p.text.chars().count() > 20
            && (p.text.contains('情') || p.text.contains('事'))
            && INLINE.is_match(&fold(&p.text))
        {
            inline(&mut f, &p.text, &p.loc);
        } else {
            append(&mut f, &p.text);
        }
    }
    f
}

fn append(f: &mut Found, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if let Some(s) = f.sections.last_mut() {
        if !s.text.is_empty() {
            s.text.push('\n');
        }
        s.text.push_str(text.trim());
    }
}

/// Start a section, or continue the current one when the heading repeats its id (the seed's
/// `二、政务信息公开总体情况` right after `一、总体情况`).
fn open(f: &mut Found, h: Heading, loc: Loc, text: String) {
    if let Some(prev) = f.sections.iter().position(|s| s.id == h.id) {
        if prev + 1 != f.sections.len() {
            f.warnings.push(Diagnostic {
                code: "DUPLICATE_SECTION".into(),
                severity: Severity::Info,
                message: format!(
                    "heading {:?} repeats section {}; its text is kept under the current section",
                    h.printed, h.id
                ),
                loc: Some(loc),
            });
        }
        append(f, &h.printed);
        append(f, &text);
        return;
    }
    f.sections.push(Section {
        id: h.id.to_string(),
        number: Some(h.number),
        heading: h.printed,
        title: h.title,
        text,
        loc,
    });
}

/// Headings run into a long flattened line.
fn inline(f: &mut Found, raw: &str, loc: &Loc) {
    // Match on folded text, but cut the raw text: `at[i]` is the raw byte offset of the
    // folded text's byte `i` (fold maps each character to one, and runs of spaces to one).
    let (text, at) = fold_mapped(raw);
    let raw_at = |i: usize| at.get(i).copied().unwrap_or(raw.len());
    let mut last = 0;
    for m in INLINE.captures_iter(&text) {
        let whole = m.get(0).expect("match");
        let title = m[3].to_string();
        let Some(id) = INLINE_TITLES
            .iter()
            .find(|(_, t)| *t == title)
            .map(|(id, _)| *id)
        else {
            continue;
        };
        append(f, &raw[raw_at(last)..raw_at(whole.start())]);
        let column = text[..whole.start()].chars().count() as u32 + 1;
        let loc_at = match loc {
            Loc::Line { line, .. } => Loc::Line {
                line: *line,
                column: Some(column),
            },
            other => other.clone(),
        };
        let heading = Heading {
            id,
            number: m[1].to_string(),
            printed: raw[raw_at(whole.start())..raw_at(whole.end())]
                .trim()
                .to_string(),
            title,
        };
        open(f, heading, loc_at, String::new());
        last = whole.end();
    }
    append(f, &raw[raw_at(last)..]);
}

/// [`fold`] with, for each byte of the result, the byte offset in `raw` it came from.
fn fold_mapped(raw: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(raw.len());
    let mut at = Vec::with_capacity(raw.len());
    let mut pending_space: Option<usize> = None;
    for (i, c) in raw.char_indices() {
        if crate::normalize::is_space(c) {
            if !text.is_empty() && pending_space.is_none() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(sp) = pending_space.take() {
            text.push(' ');
            at.push(sp);
        }
        let f = crate::normalize::fold_simplify(c);
        for _ in 0..f.len_utf8() {
            at.push(i);
        }
        text.push(f);
    }
    (text, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_by_words_not_numbers() {
        let h = parse_heading("三，主动公开政府信息情况").unwrap();
        assert_eq!((h.id, h.number.as_str()), ("proactive", "三"));
        assert_eq!(
            parse_heading("五、政府信息公开工作存在的主要问题及改进情况")
                .unwrap()
                .id,
            "problems"
        );
        assert_eq!(
            parse_heading("五、存在问题及改进情况").unwrap().id,
            "problems"
        );
        assert_eq!(
            parse_heading("四、因政府信息公开工作被申请行政复议提起行政诉讼情况")
                .unwrap()
                .id,
            "review_litigation"
        );
        assert_eq!(
            parse_heading("一、2023年政务公开总体情况").unwrap().id,
            "overview"
        );
    }

    #[test]
    fn sub_headings_and_table_labels_are_not_sections() {
        assert!(parse_heading("（一）主动公开政府信息情况").is_none());
        assert!(parse_heading("一、本年新收政府信息公开申请数量").is_none());
        assert!(parse_heading("三、本年度办理结果").is_none());
        assert!(parse_heading("三、主动公开工作情况").is_none());
        assert!(parse_heading("四、政府信息公开申请情况").is_none());
    }

    #[test]
    fn flattened_line_headings() {
        let text = format!(
            "{}一、总体情况 今年……二、主动公开政府信息情况 第二十条第（一）项 规章000 三、收到和处理政府信息公开申请情况（本列数据…）一、本年新收政府信息公开申请数量200 000121 六、其他需要报告的事项 无",
            "某某报告".repeat(30)
        );
        let doc = Document {
            blocks: vec![Block::Paragraph(crate::document::Paragraph {
                text,
                loc: Loc::line(1),
            })],
            ..Document::default()
        };
        let f = find(&doc);
        let ids: Vec<&str> = f.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["overview", "proactive", "requests", "other"]);
        assert!(f.sections[1].text.contains("规章000"));
    }
}
