//! Tables from PDF text extraction: one cell per line, printed column by column
//! (pdfminer's default output), labels first and values after.
//!
//! A table printed this way loses its grid: what is left is a run of row labels, then the
//! values of the first value column top to bottom, then those of the next column, and so on,
//! interrupted by page footers (`- 3 -`), captions and header words. Which value belongs to
//! which cell is then a matter of counting, and counting is only trusted where it is checked.
//! Nothing here guesses: a table whose numbers do not fit is left out with a warning
//! (code [`CODE`]), and the report lists its cells as missing.
//!
//! # When this module speaks at all
//! Only for documents that show the column-major signature: in table 3 at least two row labels
//! stacked before more values than one row holds, or in table 2 the first two row labels
//! printed before the first value and more than a row's values (3) before the next label. Row-major text (each label followed by its own values, as in the
//! cell-per-line seed), flattened one-line text and HTML never show it: for them the function
//! returns nothing, and no warning. Documents with fewer than [`MIN_VALUES`] lines holding a
//! bare number are dismissed before any other work.
//!
//! # Table 3
//! The region runs from the heading 三、收到和处理… (or the first header words of table 3) to
//! the heading 四、… (or the first header words of table 4). In it, row labels are matched with
//! [`match_label`] on [`T3_ROWS`] (labels broken over lines are joined: a line that does not
//! start with a row number `一、` `（一）` `1.` `1、` continues the label before it); header words
//! (`自然人`, `总计`, `其他` …) and group labels (`（三）不予公开`) are not rows. `（六）其他处理` is
//! the single row `other` unless the three 2021 sub-rows are printed, then it is a group label.
//!
//! The labels and values cut the region into *parts*: a run of labels and the run of values
//! after it (a page break splits table 3 into two such parts). The rows of the parts, each part
//! in template order, must be exactly the template's rows (with the one or three （六） rows
//! as printed), and each part must hold exactly rows × 7 values. Each part with two or more
//! rows has two readings, column-major and row-major; every combination of readings is scored
//! on the table's identities (per row: 总计 = the six applicant columns; per column:
//! （七）总计 = the result rows, and 一 + 二 = （七） + 四; a blank or placeholder counts as 0 and
//! an identity whose total side is blank is not checked). Combinations giving the same numbers
//! are one candidate (column-major preferred for the lines cited). A candidate is accepted when
//! it is the only one, or when it satisfies at least [`MIN_MARGIN`] more identities than every
//! other; in both cases it may fail at most [`MAX_FAILS`] identities (a published total can be
//! wrong; many failures mean the reading is not the table's).
//!
//! pdfminer does not always print the value columns left to right: in 洪泽区 2023/2024 the
//! 总计 column of the first page part comes before the (all-zero) 其他 column. Only when no
//! reading in the template's column order is accepted, the readings are tried again with the
//! 总计 column at any printed position of each part (the applicant columns keep their order
//! around it), by the same rule; such a reading is taken only if, in every part where 总计 is
//! displaced, all applicant columns but 自然人 are 0 or blank, so that where they stand changes
//! no number (an Info diagnostic [`CODE_REORDERED`] says so). Which printed column is 自然人 is
//! never tested by the identities (the six applicant columns are interchangeable in them): the
//! first printed applicant column is taken to be 自然人, as pdfminer prints the leftmost column
//! first. Anything else: no facts, a warning.
//!
//! # Table 2
//! Between the first `第二十条…` caption and table 3: the row labels, in printed order, must be
//! exactly the rows of one template (2021: 规章 行政规范性文件 行政许可 行政处罚 行政强制
//! 行政事业性收费; 2019 adds 其他对外管理服务事项 and 政府集中采购), and the header words must
//! name that template. The values, in order, must number exactly the template's cells; they are
//! dealt to the blocks （一）（五）（六）（八）(（九）) in order (captions and header words may
//! stand between a block's labels and its values), each value after its block's last label.
//! Counts (件数, 处理决定数量 …) must be whole and not negative. A block with several rows and
//! several columns (（一）, and （五）（六） of 2019) is read column-major only when table 3 of the
//! same document was confirmed column-major by its identities (table 2 has none of its own), or
//! when both readings give the same numbers, and only when its values stand on consecutive
//! lines (header words among them mean its columns were not printed one after the other);
//! otherwise the block is left out with a warning.
//!
//! # Table 4
//! Its one row of 15 values (复议, 直接起诉, 复议后起诉 × 维持 纠正 其他 尚未审结 总计) reads the
//! same in either order, once the header words show the 15-column layout (a leaf word such as
//! 维持 or 总计 printed at least three times; a table with one row per group would print it
//! once). Exactly 15 values must stand in the region. pdfminer does not always print them left
//! to right (other settings than the defaults scramble them), and the identities (per group:
//! 总计 = 维持 + 纠正 + 其他 + 尚未审结) are the only check: when a group fails in printed order
//! while the same 15 numbers could be arranged so that all three groups add up, the order is
//! suspect and the table is left out with a warning. When no arrangement adds up (洪泽区 2023:
//! 维持 10, 纠正 1, 总计 0), the failure is the publisher's whatever the order: the values come
//! out as published (a finding for the audit), each failing group with a warning
//! ([`CODE_UNCONFIRMED`], at its 总计 cell) that the order stands unconfirmed.
//!
//! Facts cite the line of their own value (`Loc::Line`) and keep its text as `raw`.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Block, Document, Loc};
use crate::extract::sections::parse_heading;
use crate::normalize::norm;
use crate::numbers::{CellValue, parse_cell};
use crate::report::{Diagnostic, Fact, Severity, Template, ValueKind};
use crate::template::{
    T2_MARKS_2019, T2_MARKS_2021, T2_ROWS, T3_COL_KEYS, T3_COLS, T3_ROWS, T4_COL_KEYS,
    T4_GROUP_KEYS, match_label, t2_columns, t3_rows,
};

/// Code of the warning for a table printed column by column whose numbers could not be
/// placed with certainty.
pub const CODE: &str = "COLUMN_TEXT_UNPLACED";
/// Code of the warning on table-4 numbers kept in printed order although the identities
/// could not confirm that order (the numbers do not add up in any order).
pub const CODE_UNCONFIRMED: &str = "COLUMN_TEXT_UNCONFIRMED";
/// Code of the note on a table-3 part whose 总计 column is printed out of place.
pub const CODE_REORDERED: &str = "COLUMN_TEXT_REORDERED";
/// Documents with fewer lines that hold only a number are not looked at.
pub const MIN_VALUES: usize = 10;
/// Identities the accepted table-3 reading may fail.
pub const MAX_FAILS: usize = 2;
/// How many more identities the accepted table-3 reading must satisfy than any other.
pub const MIN_MARGIN: usize = 2;
/// Lines longer than this are prose, never labels.
const MAX_LABEL_CHARS: usize = 60;
/// Parts (page pieces) of table 3; more means the layout is not understood.
const MAX_PARTS: usize = 3;

/// Starts of a row label: `一、` `（一）` `1.` `1、` `（1）`.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]{1,2}[、.]|\([一二三四五六七八九十]{1,2}\)|\d{1,2}[.、]|\(\d{1,2}\))",
    )
    .unwrap()
});

/// Page footers and page numbers: `- 3 -`, `— 3 —`, `第3页`, `3/12`.
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-—–－‐]\s*\d{1,4}\s*[-—–－‐]|第\s*\d{1,4}\s*页.*|\d{1,4}\s*/\s*\d{1,4})$")
        .unwrap()
});

/// A figure inside words: digits that are not a row number (`1.`, `1、`, `(1)`).
static FIGURE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d(?:[^\d.、)]|$)").unwrap());

/// `3.其他` inside the （六） group (2021).
static OTHER_OTHER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:3[.、]?|\(3\))其[他它]$").unwrap());

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A line that is one number (or placeholder): a cell.
    Value,
    /// Several numbers on one line: cells run together, order unknown.
    Numbers,
    /// A page footer.
    Footer,
    /// Short text: a label, caption, header word or a line of prose.
    Text,
    /// Prose (long, or a sentence).
    Prose,
    /// A grid the reader built: not column-major text.
    Table,
}

struct Item<'d> {
    kind: Kind,
    text: &'d str,
    /// Normalised text of `Text` items, empty otherwise.
    norm: String,
    loc: Option<&'d Loc>,
    cell: Option<CellValue>,
    /// The section whose heading this line is.
    heading: Option<&'static str>,
}

impl Item<'_> {
    fn number(&self) -> Option<f64> {
        self.cell.as_ref().and_then(CellValue::number)
    }
}

fn item(block: &Block) -> Item<'_> {
    let p = match block {
        Block::Paragraph(p) => p,
        Block::Table(_) => {
            return Item {
                kind: Kind::Table,
                text: "",
                norm: String::new(),
                loc: None,
                cell: None,
                heading: None,
            };
        }
    };
    let text = p.text.trim();
    let mut it = Item {
        kind: Kind::Prose,
        text,
        norm: String::new(),
        loc: Some(&p.loc),
        cell: None,
        heading: None,
    };
    if text.chars().count() > MAX_LABEL_CHARS {
        return it;
    }
    match parse_cell(text) {
        c @ (CellValue::Number { .. } | CellValue::Placeholder) => {
            it.kind = Kind::Value;
            it.cell = Some(c);
            return it;
        }
        CellValue::Blank => return it,
        CellValue::Text => {}
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() >= 2
        && words
            .iter()
            .all(|w| w.chars().any(|c| c.is_ascii_digit()) && parse_cell(w).is_value())
    {
        it.kind = Kind::Numbers;
        return it;
    }
    if FOOTER.is_match(text) {
        it.kind = Kind::Footer;
        return it;
    }
    it.heading = parse_heading(text).map(|h| h.id);
    let n = norm(text);
    // A sentence, or figures inside the words (not row numbers such as `1.`): prose.
    if n.contains('。') || FIGURE.is_match(&n) {
        return it;
    }
    it.kind = Kind::Text;
    it.norm = n;
    it
}

/// What one table's reader found.
#[derive(Default)]
struct TableOut {
    facts: Vec<Fact>,
    warnings: Vec<Diagnostic>,
    /// The table shows labels stacked before their values.
    signature: bool,
    /// Table 3: the identities chose the column-major reading over a different one.
    col_major_confirmed: bool,
}

impl TableOut {
    fn warn(mut self, message: String, loc: Option<&Loc>) -> TableOut {
        self.facts.clear();
        self.warnings.push(Diagnostic {
            code: CODE.into(),
            severity: Severity::Warning,
            message,
            loc: loc.cloned(),
        });
        self
    }
}

fn fact(key: String, it: &Item) -> Fact {
    let (value, kind, unit, note) = match &it.cell {
        Some(CellValue::Number { value, unit, note }) => (
            Some(value.clone()),
            ValueKind::Number,
            unit.clone(),
            note.clone(),
        ),
        _ => (None, ValueKind::Placeholder, None, None),
    };
    Fact {
        key,
        value,
        kind,
        raw: it.text.to_string(),
        unit,
        note,
        source: it.loc.cloned().unwrap_or(Loc::Block { index: 0 }),
    }
}

/// Facts recovered from column-major table text, and the doubts met on the way.
pub fn extract(doc: &Document) -> (Vec<Fact>, Vec<Diagnostic>) {
    let bare_values = doc
        .paragraphs()
        .filter(|p| p.text.len() <= 24 && parse_cell(&p.text).is_value())
        .take(MIN_VALUES)
        .count();
    if bare_values < MIN_VALUES {
        return (Vec::new(), Vec::new());
    }
    let items: Vec<Item> = doc.blocks.iter().map(item).collect();
    let r = regions(&items);

    let t3 = r.t3.clone().map(|range| table3(&items, range));
    let confirmed = t3.as_ref().is_some_and(|t| t.col_major_confirmed);
    let t2 = r.t2.clone().map(|range| table2(&items, range, confirmed));
    let signature =
        t3.as_ref().is_some_and(|t| t.signature) || t2.as_ref().is_some_and(|t| t.signature);
    if !signature {
        return (Vec::new(), Vec::new());
    }
    let t4 = r.t4.clone().map(|range| table4(&items, range));

    let (mut facts, mut warnings) = (Vec::new(), Vec::new());
    for t in [t2, t3, t4].into_iter().flatten() {
        facts.extend(t.facts);
        warnings.extend(t.warnings);
    }
    (facts, warnings)
}

struct Regions {
    t2: Option<Range<usize>>,
    t3: Option<Range<usize>>,
    t4: Option<Range<usize>>,
}

/// Where tables 2, 3 and 4 stand: by section headings, else by their captions and header words.
fn regions(items: &[Item]) -> Regions {
    let heading = |id: &str, from: usize| {
        items[from.min(items.len())..]
            .iter()
            .position(|it| it.heading == Some(id))
            .map(|p| p + from)
    };
    let text_at = |from: usize, f: &dyn Fn(&str) -> bool| {
        items[from.min(items.len())..]
            .iter()
            .position(|it| it.kind == Kind::Text && f(&it.norm))
            .map(|p| p + from)
    };
    let proactive = heading("proactive", 0);
    let start3 = heading("requests", proactive.unwrap_or(0)).or_else(|| {
        text_at(proactive.unwrap_or(0), &|n| {
            n.contains("勾稽关系") || n.contains("申请人情况") || n == "自然人"
        })
    });
    let start4 = start3.and_then(|s| {
        heading("review_litigation", s).or_else(|| {
            text_at(s, &|n| {
                n == "行政复议" || n.contains("复议后起诉") || n.contains("未经复议")
            })
        })
    });
    let next_heading = |from: usize| {
        items[from + 1..]
            .iter()
            .position(|it| it.heading.is_some())
            .map_or(items.len(), |p| p + from + 1)
    };
    // Table 2 starts at its first caption, after the heading 二 when there is one.
    let t2 = {
        let from = proactive.unwrap_or(0);
        let end = start3.unwrap_or_else(|| proactive.map_or(items.len(), next_heading));
        text_at(from, &|n| n.starts_with("第二十条"))
            .filter(|&s| s < end)
            .map(|s| s..end)
    };
    let t3 = start3.map(|s| s..start4.unwrap_or_else(|| next_heading(s)));
    let t4 = start4.map(|s| s..next_heading(s));
    Regions { t2, t3, t4 }
}

// ---------------------------------------------------------------- table 3

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Row(&'static str),
    /// `（六）其他处理`: one row, or the group of the three 2021 rows.
    Group6,
    Header,
    Unknown,
}

const T3_HEADER_WORDS: &[&str] = &["申请人情况", "法人或其他组织", "法人或者其他组织"];

fn t3_label(n: &str) -> Label {
    if n.is_empty() {
        return Label::Unknown;
    }
    if match_label(T3_COLS, n).is_some() || T3_HEADER_WORDS.contains(&n) {
        return Label::Header;
    }
    if let Some(k) = match_label(T3_ROWS, n) {
        return Label::Row(k);
    }
    if OTHER_OTHER.is_match(n) {
        return Label::Row("other_other");
    }
    if n.contains("其他处理") && (n.starts_with("(六)") || n.starts_with("六、") || n == "其他处理")
    {
        return Label::Group6;
    }
    Label::Unknown
}

enum Tok {
    /// A label: its first line's item and its resolved meaning.
    Label(usize, Label),
    Value(usize),
    /// Cells run together or a grid: the order of the numbers is unknown.
    Unclear(usize),
}

/// One run of row labels and the run of values after it.
struct Part {
    rows: Vec<(&'static str, usize)>,
    values: Vec<usize>,
}

fn t3_tokens(items: &[Item], range: Range<usize>) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    // The label being read: (first line's own meaning, the joined text) while it may go on.
    let mut open: Option<(Label, String)> = None;
    let close = |toks: &mut Vec<Tok>, open: &mut Option<(Label, String)>| {
        if let Some((own, joined)) = open.take()
            && let Some(Tok::Label(_, l)) = toks.last_mut()
            && !matches!(own, Label::Row(_) | Label::Group6)
        {
            *l = match t3_label(&joined) {
                found @ (Label::Row(_) | Label::Group6) => found,
                _ => own,
            };
        }
    };
    for i in range {
        let it = &items[i];
        match it.kind {
            Kind::Value => {
                close(&mut toks, &mut open);
                toks.push(Tok::Value(i));
            }
            Kind::Numbers | Kind::Table => {
                close(&mut toks, &mut open);
                toks.push(Tok::Unclear(i));
            }
            Kind::Footer | Kind::Prose => close(&mut toks, &mut open),
            Kind::Text => {
                let own = t3_label(&it.norm);
                if let Some((first, joined)) = open.as_mut()
                    && !MARKER.is_match(&it.norm)
                    && (own == Label::Unknown || own == *first)
                {
                    joined.push_str(&it.norm);
                    continue;
                }
                close(&mut toks, &mut open);
                toks.push(Tok::Label(i, own));
                open = Some((own, it.norm.clone()));
            }
        }
    }
    close(&mut toks, &mut open);
    toks
}

fn table3(items: &[Item], range: Range<usize>) -> TableOut {
    let out = TableOut::default();
    let region_loc = items.get(range.start).and_then(|it| it.loc);
    let toks = t3_tokens(items, range);
    let split = toks.iter().any(|t| {
        matches!(
            t,
            Tok::Label(
                _,
                Label::Row("other_overdue_correction" | "other_overdue_fee" | "other_other")
            )
        )
    });
    let mut parts: Vec<Part> = Vec::new();
    let mut orphan: Option<usize> = None;
    let mut unclear: Option<usize> = None;
    for t in &toks {
        let (row, at) = match *t {
            Tok::Label(i, Label::Row(k)) => (k, i),
            Tok::Label(i, Label::Group6) if !split => ("other", i),
            Tok::Label(..) => continue,
            Tok::Value(i) => {
                match parts.last_mut() {
                    Some(p) => p.values.push(i),
                    None => {
                        orphan.get_or_insert(i);
                    }
                }
                continue;
            }
            Tok::Unclear(i) => {
                unclear.get_or_insert(i);
                continue;
            }
        };
        if parts.last().is_none_or(|p| !p.values.is_empty()) {
            parts.push(Part {
                rows: Vec::new(),
                values: Vec::new(),
            });
        }
        parts.last_mut().expect("pushed").rows.push((row, at));
    }
    let mut out = TableOut {
        // Several labels, then more values than one row holds (row-major text with an empty
        // row also stacks two labels, but then only one row's values follow).
        signature: parts
            .iter()
            .any(|p| p.rows.len() >= 2 && p.values.len() > T3_COL_KEYS.len()),
        ..out
    };
    if !out.signature {
        return out;
    }
    let loc_of = |i: usize| items[i].loc;
    if let Some(i) = unclear {
        return out.warn(
            "table 3: numbers run together on one line or a grid inside the table; the order of its cells is unknown and its numbers are left out".into(),
            loc_of(i),
        );
    }
    if let Some(i) = orphan {
        return out.warn(
            "table 3: numbers stand before any row label; its numbers are left out".into(),
            loc_of(i),
        );
    }

    // The rows of the parts, each in template order, must be the template's rows.
    let template = t3_rows(split);
    let pos = |k: &str| template.iter().position(|t| *t == k);
    let mut seen: Vec<&str> = Vec::new();
    for p in &mut parts {
        for &(k, i) in &p.rows {
            if seen.contains(&k) {
                return out.warn(
                    format!("table 3: row {k} is labelled twice; its numbers are left out"),
                    loc_of(i),
                );
            }
            if pos(k).is_none() {
                return out.warn(
                    format!("table 3: row {k} does not belong with the other rows printed; its numbers are left out"),
                    loc_of(i),
                );
            }
            seen.push(k);
        }
        p.rows.sort_by_key(|(k, _)| pos(k));
    }
    let printed: Vec<&str> = parts
        .iter()
        .flat_map(|p| p.rows.iter().map(|(k, _)| *k))
        .collect();
    if printed != template {
        let absent: Vec<&str> = template
            .iter()
            .filter(|k| !printed.contains(k))
            .copied()
            .collect();
        let why = if absent.is_empty() {
            "its rows do not follow the template's order across page parts".to_string()
        } else {
            format!("no label found for row(s) {}", absent.join(", "))
        };
        return out.warn(
            format!("table 3 printed column by column: {why}; its numbers are left out"),
            region_loc,
        );
    }
    let cols = T3_COL_KEYS.len();
    for p in &parts {
        let want = p.rows.len() * cols;
        if p.values.len() != want {
            return out.warn(
                format!(
                    "table 3 printed column by column: {} values after the labels of rows {}…{}, not {} ({} rows × {}); its numbers are left out",
                    p.values.len(),
                    p.rows[0].0,
                    p.rows[p.rows.len() - 1].0,
                    want,
                    p.rows.len(),
                    cols
                ),
                loc_of(p.values.first().map_or(p.rows[0].1, |v| *v)),
            );
        }
    }

    if parts.len() > MAX_PARTS {
        return out.warn(
            format!(
                "table 3 printed column by column falls into {} parts; its numbers are left out",
                parts.len()
            ),
            region_loc,
        );
    }
    let chosen = choose_reading(items, &parts, template.len()).or_else(|why| {
        // Some printings put the 总计 column before the last applicant column: tried only when
        // the plain order gives no reading, see `Reading::total_at`.
        choose_reading_displaced(items, &parts, template.len())
            .map_err(|why2| format!("{why}; with the 总计 column elsewhere, {why2}"))
    });
    let (best, confirmed) = match chosen {
        Ok(c) => c,
        Err(why) => {
            return out.warn(
                format!("table 3 printed column by column: {why}; its numbers are left out"),
                region_loc,
            );
        }
    };
    out.col_major_confirmed = confirmed;
    for (k, part) in parts.iter().enumerate() {
        let o = best.options[k];
        if o.total_at != cols - 1 {
            let first_total = part.values[o.index(0, cols - 1, part.rows.len())];
            out.warnings.push(Diagnostic {
                code: CODE_REORDERED.into(),
                severity: Severity::Info,
                // No loc: a located diagnostic marks its cell as doubted, and this reading
                // was confirmed.
                message: format!(
                    "table 3 rows {}…{}: the 总计 column is printed as value column {} of {} (from {}); read so because only that order satisfies the table's identities, and the applicant columns other than 自然人 are all 0 there",
                    part.rows[0].0,
                    part.rows[part.rows.len() - 1].0,
                    o.total_at + 1,
                    cols,
                    loc_of(first_total).map_or_else(String::new, |l| l.to_string()),
                ),
                loc: None,
            });
        }
    }
    for (r, row) in template.iter().enumerate() {
        for (c, col) in T3_COL_KEYS.iter().enumerate() {
            let it = &items[best.grid[r * cols + c]];
            out.facts.push(fact(format!("t3.{row}.{col}"), it));
        }
    }
    out
}

/// How one part of table 3 is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reading {
    /// Values run along the rows instead of down the columns.
    row_major: bool,
    /// Printed position (0-based, among the 7 value columns) of the 总计 column; the applicant
    /// columns keep their order in the other positions. 6 in the template's order.
    total_at: usize,
}

impl Reading {
    /// Index into the part's values of row `r`, template column `c`, for a part of `rows` rows.
    fn index(self, r: usize, c: usize, rows: usize) -> usize {
        let cols = T3_COL_KEYS.len();
        let printed = if c == cols - 1 {
            self.total_at
        } else if c < self.total_at {
            c
        } else {
            c + 1
        };
        if self.row_major {
            r * cols + printed
        } else {
            printed * rows + r
        }
    }
}

struct Candidate {
    options: Vec<Reading>,
    /// Item index of each cell, template rows × columns.
    grid: Vec<usize>,
    numbers: Vec<Option<f64>>,
    holds: usize,
    fails: usize,
}

/// Score every combination of per-part readings drawn from `choices(part)`, merge those giving
/// the same numbers (the first enumerated is kept), and pick the winner by the rule in the
/// module docs. Returns the winner and whether the identities confirmed the column-major
/// reading against a different row-major one.
fn pick(
    items: &[Item],
    parts: &[Part],
    n_rows: usize,
    choices: &dyn Fn(&Part) -> Vec<Reading>,
) -> Result<(Candidate, bool), String> {
    let cols = T3_COL_KEYS.len();
    let per_part: Vec<Vec<Reading>> = parts.iter().map(choices).collect();
    // Every combination, plainest first (fewest row-major parts, then the 总计 column nearest
    // its place), so that of readings giving the same numbers the plainest is kept.
    let mut combos: Vec<Vec<Reading>> = vec![Vec::new()];
    for options in &per_part {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                options.iter().map(move |o| {
                    let mut c = c.clone();
                    c.push(*o);
                    c
                })
            })
            .collect();
    }
    let cost = |c: &Vec<Reading>| {
        (
            c.iter().filter(|o| o.row_major).count(),
            c.iter().map(|o| cols - 1 - o.total_at).sum::<usize>(),
        )
    };
    combos.sort_by_key(cost);
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut seen: HashSet<Vec<u64>> = HashSet::new();
    for options in combos {
        let mut grid = Vec::with_capacity(n_rows * cols);
        for (k, p) in parts.iter().enumerate() {
            for r in 0..p.rows.len() {
                for c in 0..cols {
                    grid.push(p.values[options[k].index(r, c, p.rows.len())]);
                }
            }
        }
        let numbers: Vec<Option<f64>> = grid.iter().map(|&i| items[i].number()).collect();
        let key: Vec<u64> = numbers
            .iter()
            .map(|x| x.map_or(u64::MAX, |x| (x + 0.0).to_bits()))
            .collect();
        if seen.insert(key) {
            let (holds, fails) = t3_identities(&numbers, n_rows, cols);
            candidates.push(Candidate {
                options,
                grid,
                numbers,
                holds,
                fails,
            });
        }
    }
    // Stable: among equal scores the earlier enumerated (more plain) reading comes first.
    candidates.sort_by_key(|c| std::cmp::Reverse(c.holds));
    let best = &candidates[0];
    if let Some(second) = candidates.get(1)
        && best.holds < second.holds + MIN_MARGIN
    {
        return Err(format!(
            "no reading is clearly best ({} and {} identities hold)",
            best.holds, second.holds
        ));
    }
    if best.fails > MAX_FAILS {
        return Err(format!(
            "the best reading still fails {} of {} identities",
            best.fails,
            best.fails + best.holds
        ));
    }
    let confirmed = best.options.iter().all(|o| !o.row_major)
        && candidates[1..]
            .iter()
            .any(|c| c.options.iter().any(|o| o.row_major));
    let best = candidates.swap_remove(0);
    Ok((best, confirmed))
}

/// Column-major or row-major per part, columns in the template's order.
fn choose_reading(
    items: &[Item],
    parts: &[Part],
    n_rows: usize,
) -> Result<(Candidate, bool), String> {
    let last = T3_COL_KEYS.len() - 1;
    pick(items, parts, n_rows, &|p| {
        let mut v = vec![Reading {
            row_major: false,
            total_at: last,
        }];
        if p.rows.len() >= 2 {
            v.push(Reading {
                row_major: true,
                total_at: last,
            });
        }
        v
    })
}

/// As [`choose_reading`], with the 总计 column at any printed position. Accepted only when the
/// winner's displaced parts print 0 (or nothing) in every applicant column but 自然人, so that
/// where the other applicant columns stand changes no number.
fn choose_reading_displaced(
    items: &[Item],
    parts: &[Part],
    n_rows: usize,
) -> Result<(Candidate, bool), String> {
    let cols = T3_COL_KEYS.len();
    let (best, confirmed) = pick(items, parts, n_rows, &|p| {
        let mut v = Vec::new();
        for row_major in [false, true] {
            if row_major && p.rows.len() < 2 {
                continue;
            }
            for total_at in (0..cols).rev() {
                v.push(Reading {
                    row_major,
                    total_at,
                });
            }
        }
        v
    })?;
    let mut row0 = 0;
    for (k, p) in parts.iter().enumerate() {
        let rows = row0..row0 + p.rows.len();
        row0 += p.rows.len();
        if best.options[k].total_at == cols - 1 {
            continue;
        }
        let quiet = rows
            .flat_map(|r| (1..cols - 1).map(move |c| (r, c)))
            .all(|(r, c)| best.numbers[r * cols + c].is_none_or(|x| x == 0.0));
        if !quiet {
            return Err(
                "the 总计 column is displaced where other applicant columns hold numbers".into(),
            );
        }
    }
    Ok((best, confirmed))
}

fn same_numbers(a: &[Option<f64>], b: &[Option<f64>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        })
}

/// (holding, failing) identities of table 3 laid out as `rows` × `cols` (template order,
/// total column last). Blank components count as 0; a blank total is not checked.
fn t3_identities(g: &[Option<f64>], rows: usize, cols: usize) -> (usize, usize) {
    let at = |r: usize, c: usize| g[r * cols + c];
    let val = |r: usize, c: usize| at(r, c).unwrap_or(0.0);
    let eq = |a: f64, b: f64| (a - b).abs() < 1e-6;
    let (mut holds, mut fails) = (0, 0);
    let mut check = |total: Option<f64>, sum: f64| {
        if let Some(t) = total {
            if eq(t, sum) {
                holds += 1;
            } else {
                fails += 1;
            }
        }
    };
    let (total_row, forward_row) = (rows - 2, rows - 1);
    for r in 0..rows {
        check(at(r, cols - 1), (0..cols - 1).map(|c| val(r, c)).sum());
    }
    for c in 0..cols {
        check(at(total_row, c), (2..total_row).map(|r| val(r, c)).sum());
        let lhs = val(0, c) + val(1, c);
        let rhs = val(total_row, c) + val(forward_row, c);
        check(Some(lhs), rhs);
    }
    (holds, fails)
}

// ---------------------------------------------------------------- table 2

/// The blocks of table 2 by template, rows in printed order.
fn t2_blocks(t: Template) -> &'static [&'static [&'static str]] {
    match t {
        Template::Y2019 => &[
            &["rules", "normative"],
            &["licensing", "other_services"],
            &["penalty", "coercion"],
            &["fees"],
            &["procurement"],
        ],
        Template::Y2021 => &[
            &["rules", "normative"],
            &["licensing"],
            &["penalty", "coercion"],
            &["fees"],
        ],
        _ => &[],
    }
}

fn table2(items: &[Item], range: Range<usize>, t3_col_major: bool) -> TableOut {
    let mut out = TableOut::default();
    let region_loc = items.get(range.start).and_then(|it| it.loc);
    let mut labels: Vec<(&'static str, usize)> = Vec::new();
    let mut values: Vec<usize> = Vec::new();
    let mut unclear: Option<usize> = None;
    let (mut votes_2019, mut votes_2021) = (0usize, 0usize);
    for i in range {
        let it = &items[i];
        match it.kind {
            Kind::Value => values.push(i),
            Kind::Numbers | Kind::Table => {
                unclear.get_or_insert(i);
            }
            Kind::Text => {
                let n = &it.norm;
                votes_2019 += T2_MARKS_2019.iter().filter(|m| n.contains(*m)).count();
                votes_2021 += T2_MARKS_2021.iter().filter(|m| n.contains(*m)).count();
                if n.chars().count() <= 16
                    && let Some(k) = match_label(T2_ROWS, n)
                {
                    labels.push((k, i));
                }
            }
            _ => {}
        }
    }
    // Two labels before the first value, and after it more values than a row holds before
    // the next label.
    out.signature = labels.len() >= 2
        && values.first().is_some_and(|&first| {
            let next_label = labels.iter().map(|l| l.1).find(|&l| l > first);
            let run = values
                .iter()
                .take_while(|&&v| next_label.is_none_or(|l| v < l))
                .count();
            labels[1].1 < first && run > 3
        });
    if !out.signature {
        return out;
    }
    let loc_of = |i: usize| items[i].loc;
    if let Some(i) = unclear {
        return out.warn(
            "table 2: numbers run together on one line or a grid inside the table; its numbers are left out".into(),
            loc_of(i),
        );
    }
    let template = match votes_2019.cmp(&votes_2021) {
        std::cmp::Ordering::Greater => Template::Y2019,
        std::cmp::Ordering::Less => Template::Y2021,
        std::cmp::Ordering::Equal => {
            return out.warn(
                "table 2 printed column by column: its header words name no template; its numbers are left out".into(),
                region_loc,
            );
        }
    };
    let blocks = t2_blocks(template);
    let rows: Vec<&str> = blocks.iter().flat_map(|b| b.iter().copied()).collect();
    let printed: Vec<&str> = labels.iter().map(|(k, _)| *k).collect();
    if printed != rows {
        return out.warn(
            format!(
                "table 2 printed column by column: rows {} printed, the {} template has {}; its numbers are left out",
                printed.join(" "),
                template.as_str(),
                rows.join(" ")
            ),
            region_loc,
        );
    }
    let cells: usize = blocks
        .iter()
        .map(|b| b.len() * t2_columns(template, b[0]).len())
        .sum();
    if values.len() != cells {
        return out.warn(
            format!(
                "table 2 printed column by column: {} values for the {} cells of the {} template; its numbers are left out",
                values.len(),
                cells,
                template.as_str()
            ),
            values.first().and_then(|&i| loc_of(i)).or(region_loc),
        );
    }
    let mut next = 0;
    let mut label_at = labels.iter();
    for block in blocks {
        let cols = t2_columns(template, block[0]);
        let last_label = label_at
            .by_ref()
            .take(block.len())
            .map(|(_, i)| *i)
            .max()
            .unwrap_or(0);
        let vals = &values[next..next + block.len() * cols.len()];
        next += vals.len();
        if vals[0] < last_label {
            return out.warn(
                format!(
                    "table 2 printed column by column: a value of block {} stands before its row labels; its numbers are left out",
                    block.join("/")
                ),
                loc_of(vals[0]),
            );
        }
        for (k, &v) in vals.iter().enumerate() {
            let col = cols[k / block.len()];
            let n = items[v].number();
            let whole = n.is_none_or(|x| x.fract() == 0.0);
            let fits = match col {
                "amount" => n.is_none_or(|x| x >= 0.0),
                "change" => whole,
                _ => whole && n.is_none_or(|x| x >= 0.0),
            };
            if !fits {
                return out.warn(
                    format!(
                        "table 2 printed column by column: {:?} cannot be a value of column {col}; its numbers are left out",
                        items[v].text
                    ),
                    loc_of(v),
                );
            }
        }
    }
    // All checks passed: deal the values.
    let mut next = 0;
    let mut block_facts = Vec::new();
    for block in blocks {
        let cols = t2_columns(template, block[0]);
        let r = block.len();
        let vals = &values[next..next + r * cols.len()];
        next += vals.len();
        let col_major: Vec<Option<f64>> = vals.iter().map(|&v| items[v].number()).collect();
        let row_major: Vec<Option<f64>> = (0..vals.len())
            .map(|k| items[vals[(k % r) * cols.len() + k / r]].number())
            .collect();
        // Header words or captions among a grid block's values: its columns were not printed
        // one after the other (seen with other pdfminer settings: `1 8 本年废止件数 现行有效件数
        // 11 0 66 26`).
        if r >= 2 && cols.len() >= 2 && vals[vals.len() - 1] - vals[0] + 1 != vals.len() {
            out.warnings.push(Diagnostic {
                code: CODE.into(),
                severity: Severity::Warning,
                message: format!(
                    "table 2 block {}: other lines stand among its values, so the order of its columns is not known; its numbers are left out",
                    block.join("/")
                ),
                loc: loc_of(vals[0]).cloned(),
            });
            continue;
        }
        if r >= 2 && cols.len() >= 2 && !t3_col_major && !same_numbers(&col_major, &row_major) {
            out.warnings.push(Diagnostic {
                code: CODE.into(),
                severity: Severity::Warning,
                message: format!(
                    "table 2 block {}: printed column by column, but whether its values run down the columns or along the rows is not confirmed (table 3 did not confirm the column order); its numbers are left out",
                    block.join("/")
                ),
                loc: loc_of(vals[0]).cloned(),
            });
            continue;
        }
        for (k, &v) in vals.iter().enumerate() {
            let (row, col) = (block[k % r], cols[k / r]);
            block_facts.push(fact(format!("t2.{row}.{col}"), &items[v]));
        }
    }
    out.facts = block_facts;
    out
}

// ---------------------------------------------------------------- table 4

fn table4(items: &[Item], range: Range<usize>) -> TableOut {
    let out = TableOut::default();
    let region_loc = items.get(range.start).and_then(|it| it.loc);
    let mut values: Vec<usize> = Vec::new();
    let mut unclear: Option<usize> = None;
    let mut leaf_words = [0usize; 4];
    for i in range {
        let it = &items[i];
        match it.kind {
            Kind::Value => values.push(i),
            Kind::Numbers | Kind::Table => {
                unclear.get_or_insert(i);
            }
            Kind::Text => {
                for (w, count) in ["维持", "纠正", "审结", "总计"].iter().zip(&mut leaf_words)
                {
                    *count += it.norm.matches(w).count();
                }
            }
            _ => {}
        }
    }
    let wide = leaf_words.iter().any(|&c| c >= 3);
    if values.is_empty() && !wide {
        return out;
    }
    let loc_of = |i: usize| items[i].loc;
    if let Some(i) = unclear {
        return out.warn(
            "table 4: numbers run together on one line or a grid inside the table; its numbers are left out".into(),
            loc_of(i),
        );
    }
    if !wide {
        return out.warn(
            "table 4 printed column by column: its header words do not show the one-row, 15-column layout; its numbers are left out".into(),
            region_loc,
        );
    }
    let n = T4_GROUP_KEYS.len() * T4_COL_KEYS.len();
    if values.len() != n {
        return out.warn(
            format!(
                "table 4 printed column by column: {} values, not {n}; its numbers are left out",
                values.len()
            ),
            values.first().and_then(|&i| loc_of(i)).or(region_loc),
        );
    }
    if let Some(&bad) = values.iter().find(|&&v| {
        items[v]
            .number()
            .is_some_and(|x| x < 0.0 || x.fract() != 0.0)
    }) {
        return out.warn(
            format!(
                "table 4 printed column by column: {:?} is not a count; its numbers are left out",
                items[bad].text
            ),
            loc_of(bad),
        );
    }
    let numbers: Vec<f64> = values
        .iter()
        .map(|&v| items[v].number().unwrap_or(0.0))
        .collect();
    let holds = numbers
        .chunks(T4_COL_KEYS.len())
        .filter(|g| group_balances(g))
        .count();
    if holds < T4_GROUP_KEYS.len() && balanced_arrangement(&numbers) {
        return out.warn(
            format!(
                "table 4 printed column by column: in printed order {} of its 3 groups fail 总计 = the sum of the others, but the same numbers arranged otherwise balance, so the order may not be the table's; its numbers are left out",
                T4_GROUP_KEYS.len() - holds
            ),
            loc_of(values[0]),
        );
    }
    let mut out = out;
    // The numbers do not add up in any order: a publisher's error, kept as published; but
    // then nothing confirms the printed order either, and the failing groups say so.
    for (g, group) in T4_GROUP_KEYS.iter().zip(numbers.chunks(T4_COL_KEYS.len())) {
        if !group_balances(group) {
            let total_at = values[T4_GROUP_KEYS.iter().position(|k| k == g).unwrap_or(0)
                * T4_COL_KEYS.len()
                + T4_COL_KEYS.len()
                - 1];
            out.warnings.push(Diagnostic {
                code: CODE_UNCONFIRMED.into(),
                severity: Severity::Warning,
                message: format!(
                    "table 4 group {g}: 总计 is not the sum of the results as printed, and no arrangement of the table's numbers adds up, so the printed order is taken as the table's without confirmation"
                ),
                loc: loc_of(total_at).cloned(),
            });
        }
    }
    let keys = T4_GROUP_KEYS
        .iter()
        .flat_map(|g| T4_COL_KEYS.iter().map(move |c| format!("t4.{g}.{c}")));
    for (key, &v) in keys.zip(&values) {
        out.facts.push(fact(key, &items[v]));
    }
    out
}

/// Whether a table-4 group (four results, then 总计) adds up.
fn group_balances(g: &[f64]) -> bool {
    let (total, parts) = g.split_last().expect("five values");
    (parts.iter().sum::<f64>() - total).abs() < 1e-6
}

/// Whether the 15 values can be dealt into three groups of five that each add up (in a group
/// that adds up the 总计 is its largest value and half its sum).
fn balanced_arrangement(values: &[f64]) -> bool {
    fn deal(rest: &[f64], groups: &mut [Vec<f64>; 3]) -> bool {
        let Some((&v, rest)) = rest.split_first() else {
            return groups.iter().all(|g| {
                let max = g.iter().copied().fold(f64::MIN, f64::max);
                (g.iter().sum::<f64>() - 2.0 * max).abs() < 1e-6
            });
        };
        for k in 0..groups.len() {
            // Empty groups are interchangeable: try only the first.
            if groups[k].len() == 5
                || (groups[k].is_empty() && groups[..k].iter().any(Vec::is_empty))
            {
                continue;
            }
            groups[k].push(v);
            let ok = deal(rest, groups);
            groups[k].pop();
            if ok {
                return true;
            }
        }
        false
    }
    let total: f64 = values.iter().sum();
    let max = values.iter().copied().fold(0.0, f64::max);
    // Each group's sum is twice its 总计, and the largest value is some group's 总计.
    if values.len() != 15 || 2.0 * max > total + 1e-6 {
        return false;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    deal(&sorted, &mut [Vec::new(), Vec::new(), Vec::new()])
}
