//! Plain text reader.
//!
//! - [x] encodings: BOM, UTF-8, UTF-16 without BOM, GBK/GB18030 and Big5 by detection
//! - [x] CRLF, CR and LF line ends; form feeds and page footers are plain lines
//! - [x] cell-per-line tables copied from Word: each cell on a line starting with a TAB, a
//!   blank line between rows, a cell's text continued on the next line without a TAB
//! - [x] column tables: cells separated by tabs or by runs of two or more spaces
//! - [x] `label 1 2 3` lines (a label then only numbers, single spaces)
//! - [x] markdown pipe tables (`| 规章 | 0 | 0 | 3 |`, `|---|` separators skipped)
//! - [ ] tables flattened into one line with no separators (left to the extractor)
//!
//! Every other non-blank line is a paragraph with its line number.

use crate::document::{Block, Document, GridOrigin, Loc, Paragraph, RawCell, TableGrid};
use crate::error::ReadError;
use crate::normalize::has_han;
use crate::read::ReadOptions;
use crate::read::decode::decode;

/// Anything that decodes as text is text: this is the last format tried.
pub fn sniff(bytes: &[u8]) -> bool {
    let mut head = &bytes[..bytes.len().min(8192)];
    // Do not cut a UTF-8 character in two: the prefix would no longer be UTF-8.
    if let Err(e) = std::str::from_utf8(head)
        && e.error_len().is_none()
    {
        head = &head[..e.valid_up_to()];
    }
    !head.is_empty() && decode(head, None).is_ok()
}

pub fn read(bytes: &[u8], _opts: &ReadOptions) -> Result<Document, ReadError> {
    let decoded = decode(bytes, None)?;
    if !has_han(&decoded.text) {
        return Err(ReadError::NoReportText);
    }
    let mut doc = read_str(&decoded.text)?;
    doc.encoding = Some(decoded.name());
    if decoded.replaced > 0 {
        doc.notes.push((
            format!(
                "{} malformed byte sequences replaced while decoding as {}",
                decoded.replaced,
                decoded.name()
            ),
            Loc::line(1),
        ));
    }
    Ok(doc)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    /// Starts with a TAB: one cell of a cell-per-line table.
    Cell,
    Pipe,
    /// Several cells on one line.
    Columns,
    Text,
}

fn is_blank(line: &str) -> bool {
    line.chars().all(crate::normalize::is_space)
}

/// Whether a field reads as a table value: a number, a number with a unit, or a placeholder.
fn is_value(field: &str) -> bool {
    crate::numbers::parse_cell(field).is_value()
}

/// Split a line into fields at tabs and at runs of two or more spaces (ASCII or U+3000).
fn column_fields(line: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let mut start = None;
    let mut spaces = 0usize;
    let mut last_end = 0usize;
    for (i, c) in line.char_indices() {
        let sep = c == '\t' || c == '\u{3000}';
        if c == ' ' || c == '\u{A0}' || sep {
            spaces += if sep { 2 } else { 1 };
            continue;
        }
        if spaces >= 2 {
            if let Some(s) = start {
                fields.push(line[s..last_end].trim());
            }
            start = Some(i);
        } else if start.is_none() {
            start = Some(i);
        }
        spaces = 0;
        last_end = i + c.len_utf8();
    }
    if let Some(s) = start {
        fields.push(line[s..last_end].trim());
    }
    fields
}

/// Fields of a `label 1 2 3` line: a label without digits, then only values.
fn label_number_fields(line: &str) -> Option<Vec<&str>> {
    let mut parts = line.split_whitespace();
    let label = parts.next()?;
    if !has_han(label) || label.chars().any(|c| c.is_ascii_digit()) || label.chars().count() > 40 {
        return None;
    }
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty()
        || !rest
            .iter()
            .all(|f| is_value(f) && f.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let mut v = vec![label];
    v.extend(rest);
    Some(v)
}

fn classify(line: &str) -> Kind {
    if line.starts_with('\t') {
        return Kind::Cell;
    }
    if is_blank(line) {
        return Kind::Blank;
    }
    let t = line.trim();
    if t.starts_with('|') && t.matches('|').count() >= 2 {
        return Kind::Pipe;
    }
    // A table row is short, with short cells; a whole report flattened onto one line with
    // runs of spaces from &nbsp; is prose, and so is a row whose digits are glued together.
    if t.chars().count() > 200 {
        return Kind::Text;
    }
    let fields = column_fields(t);
    if fields.len() >= 2
        && fields.iter().all(|f| f.chars().count() <= 60 && !glued(f))
        && fields[1..].iter().any(|f| is_value(f))
    {
        return Kind::Columns;
    }
    if label_number_fields(t).is_some_and(|f| !f.iter().any(|x| glued(x))) {
        return Kind::Columns;
    }
    Kind::Text
}

/// Digits that can only be several cells run together: a number is never printed with
/// leading zeros (`000` is 0|0|0 flattened).
fn glued(field: &str) -> bool {
    let f = field.trim();
    f.len() > 1 && f.starts_with('0') && f.bytes().all(|b| b.is_ascii_digit())
}

fn columns_of(line: &str) -> Vec<String> {
    let t = line.trim();
    let fields = column_fields(t);
    if fields.len() >= 2 && fields[1..].iter().any(|f| is_value(f)) {
        return fields.into_iter().map(String::from).collect();
    }
    label_number_fields(t)
        .unwrap_or_default()
        .into_iter()
        .map(String::from)
        .collect()
}

fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
    // `|---|:--:|` separator rows carry no cells.
    if cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
    {
        return None;
    }
    Some(cells)
}

struct Builder {
    blocks: Vec<Block>,
    tables: u32,
}

impl Builder {
    fn paragraph(&mut self, text: &str, line: usize) {
        let text = text.trim_matches(|c: char| crate::normalize::is_space(c));
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph(Paragraph {
                text: text.to_string(),
                loc: Loc::line(line),
            }));
        }
    }

    fn table(&mut self, rows: Vec<Vec<RawCell>>, origin: GridOrigin) -> Result<(), ReadError> {
        let mut grid = TableGrid::from_rows(self.tables, rows, false)?;
        grid.origin = origin;
        self.tables += 1;
        self.blocks.push(Block::Table(grid));
        Ok(())
    }
}

/// Read already decoded text. Line numbers are 1-based.
pub fn read_str(text: &str) -> Result<Document, ReadError> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .flat_map(|l| l.split('\r'))
        .collect();
    let kinds: Vec<Kind> = lines.iter().map(|l| classify(l)).collect();
    let mut b = Builder {
        blocks: Vec::new(),
        tables: 0,
    };
    let mut i = 0;
    while i < lines.len() {
        match kinds[i] {
            Kind::Blank => i += 1,
            Kind::Cell => i = cell_region(&lines, &kinds, i, &mut b)?,
            Kind::Pipe => {
                let mut rows = Vec::new();
                while i < lines.len() && kinds[i] == Kind::Pipe {
                    if let Some(cells) = pipe_cells(lines[i]) {
                        rows.push(line_cells(cells, i + 1));
                    }
                    i += 1;
                }
                if rows.is_empty() {
                    continue;
                }
                b.table(rows, GridOrigin::Pipes)?;
            }
            Kind::Columns => {
                let start = i;
                let mut rows = Vec::new();
                while i < lines.len() && kinds[i] == Kind::Columns {
                    rows.push(line_cells(columns_of(lines[i]), i + 1));
                    i += 1;
                }
                if rows.len() == 1 && rows[0].len() < 2 {
                    b.paragraph(lines[start], start + 1);
                } else {
                    b.table(rows, GridOrigin::Columns)?;
                }
            }
            Kind::Text => {
                b.paragraph(lines[i], i + 1);
                i += 1;
            }
        }
    }
    Ok(Document {
        blocks: b.blocks,
        ..Document::default()
    })
}

fn line_cells(cells: Vec<String>, line: usize) -> Vec<RawCell> {
    cells
        .into_iter()
        .map(|t| RawCell {
            line: Some(line as u32),
            ..RawCell::new(t)
        })
        .collect()
}

/// A region of cell-per-line rows starting at `start`. Returns the index after it. A region
/// with fewer than two rows of two cells is not a table: its lines become paragraphs.
fn cell_region(
    lines: &[&str],
    kinds: &[Kind],
    start: usize,
    b: &mut Builder,
) -> Result<usize, ReadError> {
    let mut rows: Vec<Vec<RawCell>> = Vec::new();
    let mut row: Vec<RawCell> = Vec::new();
    let mut i = start;
    let mut prev_cell = false;
    while i < lines.len() {
        match kinds[i] {
            Kind::Cell => {
                row.push(RawCell {
                    line: Some(i as u32 + 1),
                    ..RawCell::new(lines[i][1..].to_string())
                });
                prev_cell = true;
            }
            Kind::Blank => {
                if !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
                prev_cell = false;
                // The region goes on only if the next non-blank line is a cell.
                let next = (i + 1..lines.len()).find(|&j| kinds[j] != Kind::Blank);
                match next {
                    Some(j) if kinds[j] == Kind::Cell => {}
                    _ => {
                        i += 1;
                        break;
                    }
                }
            }
            _ if prev_cell => {
                // A cell's text broken over two lines (`本年新` / `制作数量`).
                if let Some(last) = row.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(lines[i]);
                }
            }
            _ => break,
        }
        i += 1;
    }
    if !row.is_empty() {
        rows.push(row);
    }
    let wide_rows = rows.iter().filter(|r| r.len() >= 2).count();
    if wide_rows >= 2 {
        b.table(rows, GridOrigin::CellLines)?;
    } else {
        for r in rows {
            for c in r {
                b.paragraph(&c.text, c.line.unwrap_or(0) as usize);
            }
        }
    }
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grids(doc: &Document) -> Vec<&TableGrid> {
        doc.tables().collect()
    }

    #[test]
    fn cell_per_line_rows_and_broken_header_cells() {
        let text = "三、主动公开政府信息情况\n\n\t信息内容\n\t本年新\n制作数量\n\t对外公开总数量\n\n\t规章\n\t\u{3000}0\n\t\u{a0}5\n\n四、收到";
        let doc = read_str(text).unwrap();
        let g = grids(&doc);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].row(0).len(), 3);
        assert_eq!(g[0].row(0)[1].text, "本年新\n制作数量");
        assert_eq!(g[0].row(1)[2].text, "\u{a0}5");
        assert_eq!(doc.paragraphs().count(), 2);
        assert_eq!(
            g[0].row(1)[0].loc,
            Loc::Cell {
                table: 0,
                row: 1,
                col: 0,
                line: Some(8)
            }
        );
    }

    #[test]
    fn columns_pipes_and_label_number_lines() {
        let text = "规章    0    1    2\r\n行政规范性文件\t3\t4\t5\r\n\r\n| 信息内容 | 本年处理决定数量 |\r\n|---|---|\r\n| 行政许可 | 97 |\r\n\r\n行政处罚 12\r\n全年收到申请共计三十件。";
        let doc = read_str(text).unwrap();
        let g = grids(&doc);
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].row(1).len(), 4);
        assert_eq!(g[1].n_rows, 2);
        assert_eq!(g[1].row(1)[1].text, "97");
        assert_eq!(g[2].row(0)[0].text, "行政处罚");
        assert_eq!(doc.paragraphs().count(), 1);
    }

    #[test]
    fn a_utf8_character_cut_by_the_sniffing_prefix() {
        for pad in 0..3 {
            let text = format!("{}{}", " ".repeat(pad), "一、总体情况\n".repeat(1000));
            assert!(sniff(text.as_bytes()), "pad {pad}");
        }
    }

    #[test]
    fn flattened_lines_are_prose() {
        let doc = read_str("规章 000\n规范性文件898989\n").unwrap();
        assert_eq!(doc.tables().count(), 0);
        let long = format!(
            "{}  二、主动公开政府信息情况  规章  0  0  0",
            "正文".repeat(120)
        );
        assert_eq!(read_str(&long).unwrap().tables().count(), 0);
    }

    #[test]
    fn a_lone_indented_line_is_a_paragraph() {
        let doc = read_str("\t本报告由某局编制。\n\n正文").unwrap();
        assert_eq!(doc.tables().count(), 0);
        assert_eq!(doc.paragraphs().count(), 2);
    }
}
