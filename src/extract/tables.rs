//! Tables 2, 3 and 4 → facts under canonical keys.
//!
//! The document is read row by row, across all its grids, in order: tables are recognised by
//! their captions, headers and row labels (never by position in the document), and a row is
//! assigned by its label. Columns are assigned by header: when a row has as many values as
//! the header has columns, in printed order (this survives values shifted by a merged cell);
//! otherwise, where the grid's columns mean something (HTML, spreadsheets), by the header
//! cell above each value. Anything else is a warning with its location and no fact.

use std::collections::HashMap;

use super::gaps;

use crate::document::{Block, Cell, Document, GridOrigin, Loc, TableGrid};
use crate::normalize::norm;
use crate::numbers::{CellValue, parse_cell};
use crate::report::{Diagnostic, Fact, Severity, Template, ValueKind};
use crate::template::{
    self as tpl, T2_COLS, T2_MARKS_2019, T2_MARKS_2021, T2_ROWS, T3_COL_KEYS, T3_COLS,
    T3_GROUP_OTHER, T3_GROUPS, T3_HEADER_MARKS, T3_ROWS, T4_COL_KEYS, T4_COLS, T4_GROUP_KEYS,
    T4_GROUPS, T4_HEADER_MARKS, match_label,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableId {
    T2,
    T3,
    T4,
}

/// What the table pass found.
#[derive(Debug, Default)]
pub struct TableFacts {
    pub facts: Vec<Fact>,
    pub warnings: Vec<Diagnostic>,
    /// Template of table 2 by its labels.
    pub t2_template: Option<Template>,
    /// Whether table 3 printed （六） as three sub-rows (`Some(true)`) or one (`Some(false)`).
    pub t3_split_other: Option<bool>,
    pub found: [bool; 3],
}

/// A header cell: the key it names and the grid columns it spans.
#[derive(Debug, Clone)]
struct HeaderCol {
    key: String,
    start: u32,
    end: u32,
}

#[derive(Default)]
struct State {
    table: Option<TableId>,
    /// Header of the current table-2 block (`信息内容 | 本年制发件数 | …`).
    t2_cols: Vec<HeaderCol>,
    t2_cols_grid: Option<u32>,
    votes_2019: u32,
    votes_2021: u32,
    t3_header: Vec<HeaderCol>,
    t3_header_grid: Option<u32>,
    t4_groups: Vec<HeaderCol>,
    t4_leaves: Vec<HeaderCol>,
    t4_header_grid: Option<u32>,
    /// The （三）…（六） group the current table-3 row is in.
    group: Option<u8>,
    /// The last table-3 row key placed (a `3.其他` right after the （六）2 row is （六）3).
    last_t3: Option<&'static str>,
    /// Table-3 rows in document order, labelled or not, for [`gaps::fill`].
    t3_seq: Vec<gaps::Row>,
    out: TableFacts,
    seen: HashMap<String, usize>,
}

/// Extract table facts. `heading_at[i]` names the section whose heading block `i` is.
pub fn extract(doc: &Document, heading_at: &[Option<&'static str>]) -> TableFacts {
    let mut st = State::default();
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Paragraph(p) => {
                if let Some(Some(id)) = heading_at.get(i) {
                    st.table = match *id {
                        "proactive" => Some(TableId::T2),
                        "requests" => Some(TableId::T3),
                        "review_litigation" => Some(TableId::T4),
                        _ => None,
                    };
                    st.group = None;
                    st.t2_cols.clear();
                    continue;
                }
                st.paragraph(&p.text);
            }
            Block::Table(grid) => {
                for r in 0..grid.n_rows {
                    st.row(grid, r);
                }
            }
        }
    }
    st.out.t2_template = st.t2_template();
    let seq = std::mem::take(&mut st.t3_seq);
    let split = st.out.t3_split_other.unwrap_or(false);
    for (key, cell) in gaps::fill(&seq, split, &st.out.facts, &mut st.out.warnings) {
        st.emit(key, &cell);
    }
    st.out
}

fn is_number_like(v: &CellValue) -> bool {
    matches!(v, CellValue::Number { .. } | CellValue::Placeholder)
}

/// The group a label opens, from `（三）不予公开` and the like.
fn group_of(label: &str) -> Option<Option<u8>> {
    let rest = label.strip_prefix('(')?;
    let numeral = rest.chars().next()?;
    if rest.chars().nth(1) != Some(')') {
        return None;
    }
    match numeral {
        '三' => Some(Some(3)),
        '四' => Some(Some(4)),
        '五' => Some(Some(5)),
        '六' => Some(Some(6)),
        '一' | '二' | '七' => Some(None),
        _ => None,
    }
}

impl State {
    fn t2_template(&self) -> Option<Template> {
        match self.votes_2019.cmp(&self.votes_2021) {
            std::cmp::Ordering::Greater => Some(Template::Y2019),
            std::cmp::Ordering::Less => Some(Template::Y2021),
            std::cmp::Ordering::Equal => None,
        }
    }

    fn vote(&mut self, text: &str) {
        if T2_MARKS_2019.iter().any(|m| text.contains(m)) {
            self.votes_2019 += 1;
        }
        if T2_MARKS_2021.iter().any(|m| text.contains(m)) {
            self.votes_2021 += 1;
        }
    }

    fn warn(&mut self, code: &str, message: String, loc: &Loc) {
        self.out.warnings.push(Diagnostic {
            code: code.into(),
            severity: Severity::Warning,
            message,
            loc: Some(loc.clone()),
        });
    }

    /// Paragraphs between table rows: captions and header lines of tables printed as text.
    fn paragraph(&mut self, text: &str) {
        if text.chars().count() > 80 {
            return;
        }
        let n = norm(text);
        if n.contains("第二十条") {
            self.table = Some(TableId::T2);
            self.t2_cols.clear();
            self.vote(&n);
        } else if n.starts_with("信息内容") {
            self.table = Some(TableId::T2);
            self.vote(&n);
            self.t2_cols = tpl::labels_in_order(T2_COLS, &n)
                .into_iter()
                .map(|k| HeaderCol {
                    key: k.into(),
                    start: 0,
                    end: 0,
                })
                .collect();
            self.t2_cols_grid = None;
        } else if self.table == Some(TableId::T3)
            && let Some(g) = group_of(&n)
        {
            self.group = g;
        }
    }

    fn row(&mut self, grid: &TableGrid, r: u32) {
        let cells = grid.row(r);
        if cells.is_empty() {
            return;
        }
        let parsed: Vec<CellValue> = cells.iter().map(|c| parse_cell(&c.text)).collect();
        let first_num = parsed.iter().position(is_number_like);
        let label_end = parsed[..first_num.unwrap_or(parsed.len())]
            .iter()
            .rposition(|v| matches!(v, CellValue::Text));
        let value_start = label_end.map_or(0, |t| t + 1);
        let value_end = parsed[value_start..]
            .iter()
            .position(|v| matches!(v, CellValue::Text))
            .map_or(parsed.len(), |p| value_start + p);
        let labels: Vec<String> = cells[..value_start]
            .iter()
            .map(|c| norm(&c.text))
            .filter(|t| !t.is_empty())
            .collect();
        let values: Vec<&Cell> = cells[value_start..value_end].iter().collect();
        let has_number = parsed[value_start..value_end].iter().any(is_number_like);

        // Group labels (（三）不予公开 …) set the context of the rows that follow.
        for l in &labels {
            if let Some(g) = group_of(l) {
                self.group = g;
            }
        }
        let leaf = labels.last().cloned().unwrap_or_default();
        let joined: String = labels.concat();

        if !has_number && self.header(grid, cells, &joined) {
            return;
        }
        if let Some(key) = self.t3_row_key(&leaf, &joined, labels.len()) {
            self.table = Some(TableId::T3);
            self.t3(grid, key, &values, &cells[0].loc);
            return;
        }
        if let Some(key) = match_label(T2_ROWS, &leaf).or_else(|| match_label(T2_ROWS, &joined))
            && self.table != Some(TableId::T4)
        {
            self.table = Some(TableId::T2);
            self.t2(grid, key, &values, &cells[0].loc);
            return;
        }
        if self.table == Some(TableId::T4) || (labels.is_empty() && values.len() == 15) {
            let group = match_label(T4_GROUPS, &leaf);
            // The data row: unlabelled, labelled by its group, or under a short label of its
            // own (`数量`) with all fifteen values.
            if labels.is_empty() || group.is_some() || values.len() >= 15 && labels.len() == 1 {
                self.table = Some(TableId::T4);
                self.t4(grid, group, &values, &cells[0].loc);
                return;
            }
        }
        let cols: Vec<String> = T3_COL_KEYS.iter().map(|s| s.to_string()).collect();
        if has_number
            && self.table == Some(TableId::T3)
            && let Ok(pairs) = map_values(&values, &cols, None)
        {
            // Table 3 rows whose label a converter lost or cut: placed later by their order
            // between labelled rows, if the table's sums confirm it (see `gaps`).
            self.t3_seq.push(gaps::Row::Unlabelled {
                cells: pairs.into_iter().map(|(_, c)| c.clone()).collect(),
                label: labels.join(" "),
                loc: cells[0].loc.clone(),
            });
            return;
        }
        if has_number && matches!(self.table, Some(TableId::T2 | TableId::T3)) {
            let what = if labels.is_empty() {
                "a row of numbers without a label".to_string()
            } else {
                format!("row {:?} matches no row of the template", labels.join(" "))
            };
            let loc = cells[0].loc.clone();
            self.warn(
                "UNKNOWN_ROW",
                format!("{what}: its numbers are left out"),
                &loc,
            );
        }
    }

    /// A row without numbers: caption or header. Returns whether it was one.
    fn header(&mut self, grid: &TableGrid, cells: &[Cell], joined: &str) -> bool {
        if joined.contains("第二十条") {
            self.table = Some(TableId::T2);
            self.t2_cols.clear();
            self.vote(joined);
            return true;
        }
        let texts: Vec<(String, &Cell)> = cells
            .iter()
            .map(|c| (norm(&c.text), c))
            .filter(|(t, _)| !t.is_empty())
            .collect();
        if texts.is_empty() {
            return true;
        }
        if T3_HEADER_MARKS.iter().any(|m| joined.contains(m)) {
            self.table = Some(TableId::T3);
            if self.t3_header_grid != Some(grid.index) {
                self.t3_header.clear();
                self.t3_header_grid = Some(grid.index);
            }
            for (t, c) in &texts {
                if let Some(k) = match_label(T3_COLS, t) {
                    self.t3_header.push(HeaderCol {
                        key: k.into(),
                        start: c.col,
                        end: c.end_col(),
                    });
                }
            }
            return true;
        }
        if T4_HEADER_MARKS.iter().any(|m| joined.contains(m)) {
            self.table = Some(TableId::T4);
            if self.t4_header_grid != Some(grid.index) {
                self.t4_groups.clear();
                self.t4_leaves.clear();
                self.t4_header_grid = Some(grid.index);
            }
            for (t, c) in &texts {
                if let Some(g) = match_label(T4_GROUPS, t) {
                    self.t4_groups.push(HeaderCol {
                        key: g.into(),
                        start: c.col,
                        end: c.end_col(),
                    });
                } else if let Some(leaf) = match_label(T4_COLS, t) {
                    let group = self
                        .t4_groups
                        .iter()
                        .find(|g| g.start <= c.col && c.col < g.end)
                        .map(|g| g.key.clone());
                    if let Some(g) = group {
                        self.t4_leaves.push(HeaderCol {
                            key: format!("{g}.{leaf}"),
                            start: c.col,
                            end: c.end_col(),
                        });
                    }
                }
            }
            return true;
        }
        let t2_hits = texts
            .iter()
            .filter(|(t, _)| match_label(T2_COLS, t).is_some())
            .count();
        if texts[0].0 == "信息内容" || t2_hits >= 1 && match_label(T2_ROWS, &texts[0].0).is_none()
        {
            self.table = Some(TableId::T2);
            self.vote(joined);
            self.t2_cols = texts
                .iter()
                .filter_map(|(t, c)| {
                    match_label(T2_COLS, t).map(|k| HeaderCol {
                        key: k.into(),
                        start: c.col,
                        end: c.end_col(),
                    })
                })
                .collect();
            self.t2_cols_grid = Some(grid.index);
            return true;
        }
        false
    }

    fn t3_row_key(&self, leaf: &str, joined: &str, n_labels: usize) -> Option<&'static str> {
        let in_six = self.group == Some(6)
            || matches!(
                self.last_t3,
                Some("other_overdue_correction" | "other_overdue_fee")
            );
        if in_six && let Some(k) = match_label(T3_GROUP_OTHER, leaf) {
            return Some(k);
        }
        let direct = match_label(T3_ROWS, leaf).or_else(|| {
            (n_labels <= 3)
                .then(|| match_label(T3_ROWS, joined))
                .flatten()
        });
        if direct.is_some() {
            return direct;
        }
        // （六）其他处理 printed as one row (2019, and some 2021-style tables).
        let g6 = T3_GROUPS.iter().find(|(g, _)| *g == 6).map(|(_, w)| *w)?;
        (leaf.contains(g6) && leaf.starts_with("(六)") || leaf == g6).then_some("other")
    }

    fn t3(&mut self, grid: &TableGrid, row: &'static str, values: &[&Cell], loc: &Loc) {
        if matches!(
            row,
            "other_overdue_correction" | "other_overdue_fee" | "other_other"
        ) {
            self.out.t3_split_other = Some(true);
        } else if row == "other" && self.out.t3_split_other.is_none() {
            self.out.t3_split_other = Some(false);
        }
        self.out.found[1] = true;
        self.last_t3 = Some(row);
        self.t3_seq.push(gaps::Row::Labelled(row));
        let header = (self.t3_header_grid == Some(grid.index) && grid.spans_known)
            .then_some(self.t3_header.as_slice());
        let cols: Vec<String> = T3_COL_KEYS.iter().map(|s| s.to_string()).collect();
        let placed = map_values(values, &cols, header);
        self.place(grid, &format!("t3.{row}"), placed, values, loc);
    }

    fn t2(&mut self, grid: &TableGrid, row: &'static str, values: &[&Cell], loc: &Loc) {
        self.out.found[0] = true;
        if matches!(row, "other_services" | "procurement") {
            self.votes_2019 += 1;
        }
        let template = self.t2_template();
        let allowed: &[&str] = template.map_or(&[], |t| tpl::t2_columns(t, row));
        let header_fits = !self.t2_cols.is_empty()
            && (allowed.is_empty()
                || self
                    .t2_cols
                    .iter()
                    .all(|h| allowed.contains(&h.key.as_str())))
            && {
                // Both templates give the row's columns; the header must be one of them.
                [Template::Y2019, Template::Y2021].iter().any(|t| {
                    let cols = tpl::t2_columns(*t, row);
                    self.t2_cols.iter().all(|h| cols.contains(&h.key.as_str()))
                })
            };
        let (cols, header): (Vec<String>, Option<&[HeaderCol]>) = if header_fits {
            let usable = grid.spans_known && self.t2_cols_grid == Some(grid.index);
            (
                self.t2_cols.iter().map(|h| h.key.clone()).collect(),
                usable.then_some(self.t2_cols.as_slice()),
            )
        } else if !allowed.is_empty() {
            if !self.t2_cols.is_empty() {
                self.warn(
                    "HEADER_MISMATCH",
                    format!("table 2 row {row}: the block header does not fit the row; the template's columns are used"),
                    loc,
                );
            }
            (allowed.iter().map(|s| s.to_string()).collect(), None)
        } else {
            self.warn(
                "NO_HEADER",
                format!("table 2 row {row}: no column header and no template to place its numbers"),
                loc,
            );
            return;
        };
        let placed = map_values(values, &cols, header);
        self.place(grid, &format!("t2.{row}"), placed, values, loc);
    }

    fn t4(&mut self, grid: &TableGrid, group: Option<&'static str>, values: &[&Cell], loc: &Loc) {
        self.out.found[2] = true;
        let groups: Vec<&str> = match group {
            Some(g) => vec![g],
            None => T4_GROUP_KEYS.to_vec(),
        };
        let cols: Vec<String> = groups
            .iter()
            .flat_map(|g| T4_COL_KEYS.iter().map(move |c| format!("{g}.{c}")))
            .collect();
        let header =
            (self.t4_header_grid == Some(grid.index) && grid.spans_known && group.is_none())
                .then_some(self.t4_leaves.as_slice());
        let placed = map_values(values, &cols, header);
        self.place(grid, "t4", placed, values, loc);
    }

    /// Put a row's values, as [`map_values`] placed them, under `prefix.<column>` keys, or
    /// say why they could not be placed.
    fn place(
        &mut self,
        grid: &TableGrid,
        prefix: &str,
        placed: Result<Vec<(String, &Cell)>, String>,
        values: &[&Cell],
        loc: &Loc,
    ) {
        match placed {
            Ok(pairs) => {
                let last = pairs.len().saturating_sub(1);
                for (i, (col, cell)) in pairs.into_iter().enumerate() {
                    if i == last && grid.origin == GridOrigin::Pipes && self.lost_cell(cell, values)
                    {
                        continue;
                    }
                    self.emit(format!("{prefix}.{col}"), cell);
                }
            }
            Err(why) => self.warn(
                "ROW_VALUE_COUNT",
                format!("{prefix}: {why}; its numbers are left out"),
                loc,
            ),
        }
    }

    /// A markdown row's empty last cell beside a full row of numbers: converters pad rows and
    /// lose cells, so it is not taken as a printed blank.
    fn lost_cell(&mut self, cell: &Cell, values: &[&Cell]) -> bool {
        let blank = matches!(parse_cell(&cell.text), CellValue::Blank);
        let others_numbers = values
            .iter()
            .filter(|c| c.col != cell.col)
            .all(|c| matches!(parse_cell(&c.text), CellValue::Number { .. }));
        if blank && others_numbers {
            self.warn(
                "LOST_CELL",
                "an empty last cell in a markdown row of numbers may be a cell the conversion lost; it is left out".into(),
                &cell.loc,
            );
            return true;
        }
        false
    }

    fn emit(&mut self, key: String, cell: &Cell) {
        let (value, kind, unit, note) = match parse_cell(&cell.text) {
            CellValue::Number { value, unit, note } => (Some(value), ValueKind::Number, unit, note),
            CellValue::Blank => (None, ValueKind::Blank, None, None),
            CellValue::Placeholder => (None, ValueKind::Placeholder, None, None),
            CellValue::Text => return,
        };
        if let Some(&i) = self.seen.get(&key) {
            if self.out.facts[i].value != value {
                let first = self.out.facts[i].raw.clone();
                self.warn(
                    "DUPLICATE_CELL",
                    format!(
                        "{key} printed again as {:?} (first {:?}); the first is kept",
                        cell.text.trim(),
                        first.trim()
                    ),
                    &cell.loc,
                );
            }
            return;
        }
        if let Some(n) = &note {
            self.out.warnings.push(Diagnostic {
                code: "NOTE_IN_CELL".into(),
                severity: Severity::Info,
                message: format!("{key}: the cell also prints a note ({n}), kept in `note`"),
                loc: Some(cell.loc.clone()),
            });
        }
        self.seen.insert(key.clone(), self.out.facts.len());
        self.out.facts.push(Fact {
            key,
            value,
            kind,
            raw: cell.text.trim().to_string(),
            unit,
            note,
            source: cell.loc.clone(),
        });
    }
}

/// Assign a row's value cells to columns. See the module docs for the order of attempts.
fn map_values<'c>(
    values: &[&'c Cell],
    cols: &[String],
    header: Option<&[HeaderCol]>,
) -> Result<Vec<(String, &'c Cell)>, String> {
    let blank = |c: &Cell| matches!(parse_cell(&c.text), CellValue::Blank);
    // By header, when every value stands under its own header cell and every column is met:
    // this follows the printed header even if the columns come in an unusual order.
    let by_header = header
        .filter(|h| cols.iter().all(|k| h.iter().any(|hc| &hc.key == k)))
        .map(|h| {
            let mut out: Vec<(String, &Cell)> = Vec::new();
            for v in values {
                match h.iter().find(|hc| hc.start <= v.col && v.col < hc.end) {
                    Some(hc) if cols.contains(&hc.key) => {
                        if out.iter().any(|(k, _)| k == &hc.key) {
                            return Err(format!("two values under the header {}", hc.key));
                        }
                        out.push((hc.key.clone(), v));
                    }
                    _ if blank(v) => {}
                    _ => {
                        return Err(format!(
                            "value {:?} is under no header column",
                            v.text.trim()
                        ));
                    }
                }
            }
            Ok(out)
        });
    if let Some(Ok(pairs)) = &by_header
        && pairs.len() == cols.len()
    {
        return Ok(pairs.clone());
    }
    // In printed order, when the row has as many values as the header has columns (values
    // shifted by a merged cell keep their order), after dropping stray empty end cells.
    let mut vs: Vec<&Cell> = values.to_vec();
    while vs.len() > cols.len() && vs.last().is_some_and(|c| blank(c)) {
        vs.pop();
    }
    while vs.len() > cols.len() && vs.first().is_some_and(|c| blank(c)) {
        vs.remove(0);
    }
    if vs.len() == cols.len() {
        return Ok(cols.iter().cloned().zip(vs).collect());
    }
    // A short row under a full header is not placed: a cell missing in the middle of an HTML
    // row shifts every cell after it, so the header above a value no longer says its column.
    match by_header {
        Some(Err(why)) => Err(why),
        _ => Err(format!(
            "{} values for {} columns",
            values.len(),
            cols.len()
        )),
    }
}
