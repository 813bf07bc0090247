//! The neutral document every reader produces and every later stage consumes.
//!
//! A [`Document`] is an ordered list of [`Block`]s: paragraphs of text and table grids.
//! Readers know their format and nothing of reports; the extractor knows reports and
//! nothing of formats. Every piece carries a [`Loc`] so that a fact can say where it came from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ReadError;

/// Where a piece of a document came from. One provenance type for blocks, cells and facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Loc {
    /// A line of a decoded text file (1-based); `column` is a 1-based character offset.
    Line {
        line: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<u32>,
    },
    /// A cell of the document's `table`-th table (0-based), at grid `row`/`col` (0-based).
    /// Tables read from text also give the cell's first `line`.
    Cell {
        table: u32,
        row: u32,
        col: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
    },
    /// A spreadsheet cell, `Sheet1!B7` style.
    Sheet { sheet: String, cell: String },
    /// The `index`-th block of a document whose format has no lines (HTML).
    Block { index: u32 },
}

impl Loc {
    pub fn line(line: usize) -> Loc {
        Loc::Line {
            line: line as u32,
            column: None,
        }
    }
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Loc::Line { line, column: None } => write!(f, "line {line}"),
            Loc::Line {
                line,
                column: Some(c),
            } => write!(f, "line {line}:{c}"),
            Loc::Cell {
                table,
                row,
                col,
                line,
            } => {
                write!(f, "table {table} row {row} col {col}")?;
                if let Some(l) = line {
                    write!(f, " (line {l})")?;
                }
                Ok(())
            }
            Loc::Sheet { sheet, cell } => write!(f, "{sheet}!{cell}"),
            Loc::Block { index } => write!(f, "block {index}"),
        }
    }
}

/// A run of text: a paragraph, a heading, a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub loc: Loc,
}

/// One cell of a [`TableGrid`], stored once at its top-left slot; spans are not copied
/// into the slots they cover, so nothing is counted twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub row_span: u32,
    pub col_span: u32,
    pub text: String,
    pub loc: Loc,
}

impl Cell {
    pub fn end_col(&self) -> u32 {
        self.col + self.col_span
    }
    pub fn covers_row(&self, r: u32) -> bool {
        r >= self.row && r < self.row + self.row_span
    }
}

/// A cell as a reader meets it, before placement on the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub text: String,
    pub row_span: u32,
    pub col_span: u32,
    /// Source line of text tables, if any.
    pub line: Option<u32>,
}

impl RawCell {
    pub fn new(text: impl Into<String>) -> RawCell {
        RawCell {
            text: text.into(),
            row_span: 1,
            col_span: 1,
            line: None,
        }
    }
}

/// Upper bounds that keep hostile inputs (a `colspan="99999999"`) in bounded memory.
pub const MAX_SPAN: u32 = 1000;
pub const MAX_GRID_SLOTS: usize = 2_000_000;

/// How a grid was printed, for what its blanks mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GridOrigin {
    /// HTML or a workbook: an empty cell is a printed blank.
    #[default]
    Markup,
    /// Cell-per-line text: an empty line is a printed blank cell.
    CellLines,
    /// Columns separated by spaces or tabs.
    Columns,
    /// Markdown pipes, often made by converters that pad rows with empty cells: an empty
    /// last cell may be a cell the converter lost.
    Pipes,
}

/// A table as a rectangle of slots, each cell stored once with its spans.
#[derive(Debug, Clone, PartialEq)]
pub struct TableGrid {
    /// 0-based index of this table in its document.
    pub index: u32,
    pub n_rows: u32,
    pub n_cols: u32,
    /// Cells sorted by (row, col).
    pub cells: Vec<Cell>,
    /// Whether grid columns mean something (HTML, spreadsheets) or are just the order of
    /// cells in a line of text (cell-per-line text, markdown pipes).
    pub spans_known: bool,
    pub origin: GridOrigin,
}

impl TableGrid {
    /// Place rows of cells with row/column spans the way an HTML table is laid out: each cell
    /// goes to the first slot of its row not covered by a rowspan from above.
    pub fn from_rows(
        index: u32,
        rows: Vec<Vec<RawCell>>,
        spans_known: bool,
    ) -> Result<TableGrid, ReadError> {
        let mut occupied: Vec<Vec<bool>> = Vec::with_capacity(rows.len());
        let mut cells = Vec::new();
        let mut slots = 0usize;
        let n_rows = rows.len();
        for (r, row) in rows.into_iter().enumerate() {
            while occupied.len() <= r {
                occupied.push(Vec::new());
            }
            let mut c = 0usize;
            for raw in row {
                while occupied[r].get(c).copied().unwrap_or(false) {
                    c += 1;
                }
                let rs = raw.row_span.clamp(1, MAX_SPAN) as usize;
                // A rowspan never reaches past the table's last row.
                let rs = rs.min(n_rows - r).max(1);
                let cs = raw.col_span.clamp(1, MAX_SPAN) as usize;
                slots = slots.saturating_add(rs * cs);
                if slots > MAX_GRID_SLOTS {
                    return Err(ReadError::TooManyCells {
                        requested: slots,
                        max: MAX_GRID_SLOTS,
                    });
                }
                for rr in r..r + rs {
                    while occupied.len() <= rr {
                        occupied.push(Vec::new());
                    }
                    let line = &mut occupied[rr];
                    if line.len() < c + cs {
                        line.resize(c + cs, false);
                    }
                    for slot in &mut line[c..c + cs] {
                        *slot = true;
                    }
                }
                let loc = Loc::Cell {
                    table: index,
                    row: r as u32,
                    col: c as u32,
                    line: raw.line,
                };
                cells.push(Cell {
                    row: r as u32,
                    col: c as u32,
                    row_span: rs as u32,
                    col_span: cs as u32,
                    text: raw.text,
                    loc,
                });
                c += cs;
            }
        }
        let n_cols = occupied.iter().map(|l| l.len()).max().unwrap_or(0) as u32;
        Ok(TableGrid {
            index,
            n_rows: n_rows as u32,
            n_cols,
            cells,
            spans_known,
            origin: GridOrigin::Markup,
        })
    }

    /// Build from cells already placed at absolute positions (spreadsheets), dropping cells
    /// that fall inside another cell's span.
    pub fn from_placed(index: u32, mut cells: Vec<Cell>, spans_known: bool) -> TableGrid {
        cells.sort_by_key(|c| (c.row, c.col));
        let n_rows = cells.iter().map(|c| c.row + c.row_span).max().unwrap_or(0);
        let n_cols = cells.iter().map(|c| c.col + c.col_span).max().unwrap_or(0);
        TableGrid {
            index,
            n_rows,
            n_cols,
            cells,
            spans_known,
            origin: GridOrigin::Markup,
        }
    }

    /// The cells that start in row `r`, left to right.
    pub fn row(&self, r: u32) -> &[Cell] {
        let start = self.cells.partition_point(|c| c.row < r);
        let end = self.cells.partition_point(|c| c.row <= r);
        &self.cells[start..end]
    }

    /// Cells starting in an earlier row whose row span reaches row `r` (merged labels).
    pub fn covering(&self, r: u32) -> impl Iterator<Item = &Cell> {
        self.cells
            .iter()
            .take_while(move |c| c.row < r)
            .filter(move |c| c.covers_row(r))
    }
}

/// One piece of a document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(TableGrid),
}

/// A named stretch of a document's blocks, `blocks[start..end]`: one sheet of a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// What a reader hands to the extractor.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// A title given outside the body (HTML `<title>`, a sheet name).
    pub title: Option<Paragraph>,
    pub blocks: Vec<Block>,
    /// The character encoding the bytes were decoded with, if they were text.
    pub encoding: Option<String>,
    /// Things the reader noticed but could not fix (a declared charset that was wrong, …).
    pub notes: Vec<(String, Loc)>,
    /// Sheets of a workbook, in order; empty for single-flow formats. The extractor decides
    /// whether they hold one report together or one report each.
    pub parts: Vec<Part>,
}

impl Document {
    /// A document of one paragraph per non-empty line, located by line number: the shape
    /// plain text takes when it has no tables (handy for tests and for text from elsewhere).
    pub fn from_lines(text: &str) -> Document {
        Document {
            blocks: text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| {
                    Block::Paragraph(Paragraph {
                        text: l.to_string(),
                        loc: Loc::line(i + 1),
                    })
                })
                .collect(),
            ..Document::default()
        }
    }

    pub fn tables(&self) -> impl Iterator<Item = &TableGrid> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }
    /// The document made of one part's blocks only (tables keep their indices).
    pub fn part(&self, part: &Part) -> Document {
        Document {
            title: self.title.clone(),
            blocks: self.blocks[part.start..part.end.min(self.blocks.len())].to_vec(),
            encoding: self.encoding.clone(),
            notes: self.notes.clone(),
            parts: Vec::new(),
        }
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rc(t: &str, rs: u32, cs: u32) -> RawCell {
        RawCell {
            text: t.into(),
            row_span: rs,
            col_span: cs,
            line: None,
        }
    }

    #[test]
    fn rowspan_and_colspan_are_placed_once() {
        // | A (rowspan 2) | B (colspan 2) |
        // |               | C | D         |
        let g = TableGrid::from_rows(
            0,
            vec![
                vec![rc("A", 2, 1), rc("B", 1, 2)],
                vec![rc("C", 1, 1), rc("D", 1, 1)],
            ],
            true,
        )
        .unwrap();
        assert_eq!(g.n_rows, 2);
        assert_eq!(g.n_cols, 3);
        assert_eq!(g.cells.len(), 4);
        let c = &g.row(1)[0];
        assert_eq!((c.text.as_str(), c.col), ("C", 1));
        assert_eq!(
            g.covering(1).map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["A"]
        );
    }

    #[test]
    fn hostile_spans_are_bounded() {
        let rows = vec![vec![rc("x", 1, u32::MAX)]; 3000];
        assert!(matches!(
            TableGrid::from_rows(0, rows, true),
            Err(ReadError::TooManyCells { .. })
        ));
    }
}
