//! Spreadsheet reader: xlsx, xlsm, xlsb and xls through calamine; ods from its `content.xml`.
//!
//! - [x] format from the bytes, never the name: a zip holding `xl/workbook.xml` (xlsx, xlsm)
//!   or `xl/workbook.bin` (xlsb), a zip whose `mimetype` is the ODF spreadsheet type (ods), an
//!   OLE file with a `Workbook`/`Book` stream (xls); a `.doc` (OLE without one) is not taken
//! - [x] merged cells become spans, each stored once at its top-left (calamine's merge lists
//!   for xlsx and xls, `table:number-columns-spanned` / `-rows-spanned` for ods)
//! - [x] values: numbers (an integer-valued float prints `26449`, other floats in their
//!   shortest form at Excel's 15 significant digits), numbers stored as text exactly as typed
//!   (`１２`, `251000元`, ` 5 `), formulas' cached values, dates as `YYYY-MM-DD`, booleans,
//!   error codes (`#DIV/0!`); empty cells inside a table are blank cells of the grid
//! - [x] layout: consecutive rows with two or more non-empty cells form one table, and so do
//!   rows that a vertical merge of that table reaches into; a row with a single non-empty
//!   cell is a paragraph (one per line of the cell: titles, headings, prose, captions); an
//!   empty row ends a table; a one-row "table" without a number (`发布日期： | 2024-01-15`)
//!   is one paragraph
//! - [x] one [`Part`] per visible sheet; hidden sheets are skipped with a note
//! - [x] every cell and paragraph is located `Sheet!B7` ([`Loc::Sheet`])
//! - [x] grids are placed by sheet position ([`TableGrid::from_placed`]), re-based so that a
//!   table's top-left cell is row 0, column 0 (its [`Loc`] keeps the sheet address)
//! - [x] xls (BIFF5/8): merged cells, hidden sheets, memory bounded by a pre-scan (below)
//! - [ ] xlsb merged cells: calamine reads none, so xlsb tables have no spans
//! - [ ] password-protected workbooks: refused with calamine's error
//! - [ ] number formats (percent, thousands separators, fixed decimals) are not applied: the
//!   stored value is printed (`0.5`, not `50%`)
//! - [ ] hidden rows and columns are read like visible ones
//!
//! # Hostile input and memory
//!
//! Nothing here panics on purpose, and the calls into calamine run under `catch_unwind`, so a
//! malformed workbook that trips one of its bounds checks is a [`ReadError::Spreadsheet`].
//! Memory is bounded as follows (defaults in brackets):
//!
//! - zip containers are opened with the `zip` crate first and refused when the uncompressed
//!   sizes declared in the central directory add up to more than
//!   [`ReadOptions::max_expanded_bytes`] (256 MiB) or one entry claims more than 1000:1 and
//!   10 MiB. The `zip` crate (9.x) stops every entry at its declared size (`Crc32Reader`
//!   fails with "File is larger than its declared uncompressed size"), so a lying header
//!   cannot make an entry expand further: what calamine decompresses is bounded by that sum.
//! - calamine keeps an xlsx's shared strings in memory (at most the size of that part) and
//!   reserves a `Vec` for the count the part declares (`uniqueCount`), before reading it.
//!   That count is checked here against the part's size (an `<si>` takes at least 4 bytes), so
//!   the reservation is at most 24 bytes per 4 bytes of the part.
//! - sheets of xlsx and xlsb are streamed cell by cell (calamine's cell readers, not
//!   `worksheet_range`, which would allocate the bounding box of the used cells: two cells at
//!   `A1` and `XFD1048576` would ask for 17 billion slots). ods is streamed by this module.
//! - at most [`MAX_SHEET_CELLS`] (1,000,000) non-empty cells per sheet and at most
//!   `max_expanded_bytes` of cell text in the whole workbook ([`ReadError::TooManyCells`],
//!   [`ReadError::ArchiveTooLarge`]); repeated cells and rows of ods count once per copy;
//!   merged areas at most [`MAX_MERGED_ROWS`] rows in total per sheet, each span clamped to
//!   [`MAX_SPAN`]; one table at most [`MAX_GRID_SLOTS`] slots, the whole workbook at most
//!   [`MAX_BOOK_SLOTS`] table slots.
//! - **xls**: calamine parses every sheet of an xls when it opens it: it reserves the cells
//!   each `DIMENSIONS` record declares, allocates the bounding box of each sheet's cells and
//!   formulas (up to 65,536 × 65,536 slots), clones a shared string into every cell that uses
//!   it, and follows the compound file's directory chain without a length limit (a chain that
//!   loops grows a buffer for ever). Each of these aborts the process on a file of a few
//!   kilobytes. So before calamine runs, this module reads the compound file itself (every
//!   chain checked for loops and for its end inside the file) and walks the BIFF records as
//!   calamine will, adding up those reservations over all sheets: at most
//!   [`MAX_BOOK_SLOTS`] slots (of 32–40 bytes) and `max_expanded_bytes` of cell text.
//!
//! So the peak is about the input (≤ `max_bytes`, 64 MiB; an xls stream is copied once more),
//! plus calamine's shared strings (≤ 7 × their part, or the xls SST), plus one sheet's XML
//! buffers, plus calamine's xls sheets (≤ 4 M slots ≈ 160 MiB), plus the document (≤ 4 M cells
//! of ≈ 150 bytes and ≤ 256 MiB of text): ≈ 2.5 GiB at the defaults in the very worst case,
//! against a few MiB for a real report.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufReader, Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{
    Data, DataRef, Dimensions, ExcelDateTime, Reader, Sheet, SheetType, SheetVisible, Xls, Xlsb,
    Xlsx,
};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::document::{
    Block, Cell, Document, Loc, MAX_GRID_SLOTS, MAX_SPAN, Paragraph, Part, TableGrid,
};
use crate::error::ReadError;
use crate::normalize::{has_han, is_space};
use crate::numbers::{CellValue, parse_cell};
use crate::read::ReadOptions;

/// Non-empty cells read from one sheet before it is refused.
pub const MAX_SHEET_CELLS: usize = 1_000_000;
/// Table slots (cells and blanks) in the whole workbook.
pub const MAX_BOOK_SLOTS: usize = 4_000_000;
/// Rows covered by merged areas in one sheet, added up.
pub const MAX_MERGED_ROWS: usize = 2_000_000;
/// An entry expanding more than this many times its compressed size…
const MAX_RATIO: u64 = 1000;
/// …and to more than this is refused.
const RATIO_FLOOR: u64 = 10 * 1024 * 1024;
/// Positions past these are ignored (no real sheet has them; Excel stops at 1,048,576 rows).
const MAX_ROW: u64 = 1 << 24;
const MAX_COL: u64 = 1 << 20;

const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// xlsx, xlsm and xlsb: a zip with the workbook part.
pub fn sniff_xlsx(bytes: &[u8]) -> bool {
    is_zip(bytes) && (zip_has(bytes, "xl/workbook.xml") || zip_has(bytes, "xl/workbook.bin"))
}

/// ods: a zip whose `mimetype` entry names the ODF spreadsheet type.
pub fn sniff_ods(bytes: &[u8]) -> bool {
    if !is_zip(bytes) {
        return false;
    }
    // ODF stores `mimetype` first and uncompressed, so it is readable even from a fragment.
    if let Some(data) = first_stored_entry(bytes, "mimetype") {
        return data.trim_ascii() == ODS_MIME;
    }
    let Ok(mut ar) = ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(f) = ar.by_name("mimetype") else {
        return false;
    };
    let mut head = Vec::new();
    if f.take(256).read_to_end(&mut head).is_err() {
        return false;
    }
    head.trim_ascii() == ODS_MIME
}

/// xls: an OLE compound file with a `Workbook` (BIFF8) or `Book` (BIFF5) stream.
pub fn sniff_xls(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC) && has_workbook_stream(bytes)
}

/// Whether a zip archive holds an entry named `name` (checked in its central directory; in
/// the local headers when the archive is cut short and has none).
pub fn zip_has(bytes: &[u8], name: &str) -> bool {
    match ZipArchive::new(Cursor::new(bytes)) {
        Ok(ar) => ar.index_for_name(name).is_some(),
        Err(_) => local_entries(bytes).any(|(n, _)| n == name.as_bytes()),
    }
}

/// Local file headers of a zip, in order: (name, data of a stored entry or empty).
fn local_entries(bytes: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let u16at = |o: usize| {
        bytes
            .get(o..o + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32at = |o: usize| {
        bytes
            .get(o..o + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    (0..bytes.len().saturating_sub(30))
        .filter(move |&i| bytes[i..].starts_with(b"PK\x03\x04"))
        .filter_map(move |i| {
            let method = u16at(i + 8)?;
            let size = u32at(i + 18)? as usize;
            let name_len = u16at(i + 26)? as usize;
            let extra_len = u16at(i + 28)? as usize;
            let name = bytes.get(i + 30..i + 30 + name_len)?;
            let start = i + 30 + name_len + extra_len;
            let data = if method == 0 {
                bytes.get(start..start.saturating_add(size)).unwrap_or(&[])
            } else {
                &[]
            };
            Some((name, data))
        })
}

fn first_stored_entry<'a>(bytes: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let (n, data) = local_entries(bytes).next()?;
    (n == name.as_bytes() && !data.is_empty()).then_some(data)
}

/// An OLE directory entry (128 bytes, 128-aligned after the 512-byte header) of a stream
/// named `Workbook` or `Book`. A Word file has `WordDocument` instead.
fn has_workbook_stream(bytes: &[u8]) -> bool {
    let name_is = |e: &[u8], want: &str| {
        let n = want.len();
        let units = e[..2 * n]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]));
        units
            .zip(want.bytes())
            .all(|(u, b)| u < 128 && (u as u8).eq_ignore_ascii_case(&b))
    };
    bytes.get(512..).unwrap_or(&[]).chunks_exact(128).any(|e| {
        let len = u16::from_le_bytes([e[64], e[65]]) as usize;
        e[66] == 2 && ((len == 18 && name_is(e, "Workbook")) || (len == 10 && name_is(e, "Book")))
    })
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

fn bad(reason: impl Into<String>) -> ReadError {
    ReadError::Spreadsheet {
        reason: reason.into(),
    }
}

pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<Document, ReadError> {
    let kind = if is_zip(bytes) {
        check_archive(bytes, opts)?;
        if sniff_ods(bytes) {
            Kind::Ods
        } else if zip_has(bytes, "xl/workbook.xml") {
            Kind::Xlsx
        } else if zip_has(bytes, "xl/workbook.bin") {
            Kind::Xlsb
        } else {
            return Err(bad(
                "a zip archive with neither xl/workbook.xml nor an OpenDocument spreadsheet \
                 mimetype: not a workbook",
            ));
        }
    } else if bytes.starts_with(OLE_MAGIC) {
        if !has_workbook_stream(bytes) {
            return Err(bad(
                "an OLE file without a Workbook stream (a Word or PowerPoint file?)",
            ));
        }
        Kind::Xls
    } else {
        return Err(bad(
            "neither a zip archive (xlsx, ods) nor an OLE file (xls): not a workbook",
        ));
    };
    let run = || match kind {
        Kind::Xlsx => read_xlsx(bytes, opts),
        Kind::Xlsb => read_xlsb(bytes, opts),
        Kind::Ods => read_ods(bytes, opts),
        Kind::Xls => read_xls(bytes, opts),
    };
    let doc = match catch_unwind(AssertUnwindSafe(run)) {
        Ok(r) => r?,
        Err(_) => {
            return Err(bad(
                "the workbook is malformed: its parser failed on it (truncated or damaged?)",
            ));
        }
    };
    let han = doc.blocks.iter().any(|b| match b {
        Block::Paragraph(p) => has_han(&p.text),
        Block::Table(t) => t.cells.iter().any(|c| has_han(&c.text)),
    });
    if !han {
        return Err(ReadError::NoReportText);
    }
    Ok(doc)
}

/// Refuse archives whose declared sizes are too large before anything is decompressed.
fn check_archive(bytes: &[u8], opts: &ReadOptions) -> Result<(), ReadError> {
    let ar = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("the zip container is damaged or truncated ({e})")))?;
    let mut total: u64 = 0;
    let mut absurd = None;
    for i in 0..ar.len() {
        let f = ar
            .by_index_data(i)
            .map_err(|e| bad(format!("the zip container is damaged ({e})")))?;
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        total = total.saturating_add(size);
        if absurd.is_none() && size > RATIO_FLOOR && size / packed > MAX_RATIO {
            absurd = Some((size, packed.saturating_mul(MAX_RATIO)));
        }
    }
    if total > opts.max_expanded_bytes {
        return Err(ReadError::ArchiveTooLarge {
            requested: total,
            max: opts.max_expanded_bytes,
        });
    }
    if let Some((requested, max)) = absurd {
        return Err(ReadError::ArchiveTooLarge { requested, max });
    }
    Ok(())
}

/// calamine reserves the `uniqueCount` an xlsx's shared strings declare before reading them:
/// refuse a count the part is too small to hold.
fn check_shared_strings(bytes: &[u8]) -> Result<(), ReadError> {
    let mut ar = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("the zip container is damaged ({e})")))?;
    let names: Vec<String> = ar
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(|n| n.into_owned())
        .collect();
    for name in names {
        let Ok(f) = ar.by_name(&name) else { continue };
        let size = f.size();
        let mut head = Vec::new();
        if f.take(4096).read_to_end(&mut head).is_err() {
            continue;
        }
        let Some(at) = head.windows(12).position(|w| w == b"uniqueCount=") else {
            continue;
        };
        let digits: Vec<u8> = head[at + 12..]
            .iter()
            .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
            .take_while(|b| b.is_ascii_digit())
            .copied()
            .collect();
        let count = std::str::from_utf8(&digits)
            .ok()
            .and_then(|d| d.parse::<u64>().ok());
        if let Some(count) = count
            && count > size / 4 + 16
        {
            return Err(bad(format!(
                "its shared strings declare {count} strings in a part of {size} bytes: the \
                 workbook is corrupt"
            )));
        }
    }
    Ok(())
}

/// A sheet's raw cells: (row, col, text), 0-based sheet positions.
type RawCells = Vec<(u32, u32, String)>;

/// The document being built and what the workbook has used of its limits.
struct Book {
    doc: Document,
    tables: u32,
    slots: usize,
    sheet_cells: usize,
    text: u64,
    max_text: u64,
}

impl Book {
    fn new(opts: &ReadOptions) -> Book {
        Book {
            doc: Document::default(),
            tables: 0,
            slots: 0,
            sheet_cells: 0,
            text: 0,
            max_text: opts.max_expanded_bytes,
        }
    }

    /// Whether to read this sheet; hidden ones get a note.
    fn wanted(&mut self, s: &Sheet) -> bool {
        if s.typ != SheetType::WorkSheet {
            return false;
        }
        if s.visible != SheetVisible::Visible {
            self.hidden(&s.name);
            return false;
        }
        true
    }

    fn hidden(&mut self, name: &str) {
        self.doc.notes.push((
            format!("sheet {name:?} is hidden and was skipped"),
            Loc::Sheet {
                sheet: name.to_string(),
                cell: "A1".into(),
            },
        ));
    }

    /// Count one more cell of `bytes` of text against the limits.
    fn charge(&mut self, bytes: usize) -> Result<(), ReadError> {
        self.sheet_cells += 1;
        if self.sheet_cells > MAX_SHEET_CELLS {
            return Err(ReadError::TooManyCells {
                requested: self.sheet_cells,
                max: MAX_SHEET_CELLS,
            });
        }
        self.text = self.text.saturating_add(bytes as u64);
        if self.text > self.max_text {
            return Err(ReadError::ArchiveTooLarge {
                requested: self.text,
                max: self.max_text,
            });
        }
        Ok(())
    }

    /// Keep a cell read from a sheet if it holds anything.
    fn take(
        &mut self,
        cells: &mut RawCells,
        row: u32,
        col: u32,
        text: String,
    ) -> Result<(), ReadError> {
        if text.chars().all(is_space) {
            return Ok(());
        }
        self.charge(text.len())?;
        cells.push((row, col, text));
        Ok(())
    }

    fn finish(self) -> Document {
        self.doc
    }

    /// Turn one sheet's cells and merged areas into blocks, and record its part.
    fn add_sheet(
        &mut self,
        name: &str,
        mut cells: RawCells,
        merges: &[Dimensions],
    ) -> Result<(), ReadError> {
        let start = self.doc.blocks.len();
        let layout = Layout::new(merges)?;
        cells.sort_by_key(|c| (c.0, c.1));
        cells.dedup_by_key(|c| (c.0, c.1));
        // Cells hidden under another cell's merge are not shown by the spreadsheet either.
        cells.retain(|&(r, c, _)| {
            layout.anchor.contains_key(&(r, c)) || layout.covering(r, c).is_none()
        });
        let mut rows: Vec<(u32, Vec<(u32, String)>)> = Vec::new();
        for (r, c, t) in cells {
            match rows.last_mut() {
                Some((lr, v)) if *lr == r => v.push((c, t)),
                _ => rows.push((r, vec![(c, t)])),
            }
        }
        let mut grid: Option<(u32, u32, u32, Vec<usize>)> = None; // first, last, reach, rows
        for i in 0..rows.len() {
            let r = rows[i].0;
            let multi = rows[i].1.len() >= 2;
            if let Some((_, last, reach, members)) = grid.as_mut() {
                let contiguous = r <= (*last).max(*reach).saturating_add(1);
                if contiguous && (multi || r <= *reach) {
                    *last = r;
                    *reach = (*reach).max(layout.reach(r));
                    members.push(i);
                    continue;
                }
            }
            if let Some(g) = grid.take() {
                self.grid(name, &layout, &rows, g)?;
            }
            if multi {
                grid = Some((r, r, layout.reach(r), vec![i]));
            } else {
                let (c, t) = &rows[i].1[0];
                self.paragraphs(name, r, *c, t);
            }
        }
        if let Some(g) = grid.take() {
            self.grid(name, &layout, &rows, g)?;
        }
        self.doc.parts.push(Part {
            name: name.to_string(),
            start,
            end: self.doc.blocks.len(),
        });
        Ok(())
    }

    fn paragraphs(&mut self, sheet: &str, row: u32, col: u32, text: &str) {
        for line in text.split(['\n', '\r']) {
            let t = line.trim_matches(is_space);
            if !t.is_empty() {
                self.doc.blocks.push(Block::Paragraph(Paragraph {
                    text: t.to_string(),
                    loc: sheet_loc(sheet, row, col),
                }));
            }
        }
    }

    /// One table: rows `first..=last` of the sheet, as a rectangle with blanks filled in.
    fn grid(
        &mut self,
        sheet: &str,
        layout: &Layout,
        rows: &[(u32, Vec<(u32, String)>)],
        (first, last, _, members): (u32, u32, u32, Vec<usize>),
    ) -> Result<(), ReadError> {
        let anchors: Vec<&Span> = layout
            .by_row
            .range(first..=last)
            .flat_map(|(_, v)| v.iter().map(|&i| &layout.spans[i]))
            .collect();
        let c0 = members
            .iter()
            .flat_map(|&i| rows[i].1.iter().map(|c| c.0))
            .chain(anchors.iter().map(|s| s.c0))
            .min()
            .unwrap_or(0);
        let c1 = members
            .iter()
            .flat_map(|&i| rows[i].1.iter().map(|c| c.0))
            .chain(anchors.iter().map(|s| s.c1))
            .max()
            .unwrap_or(0);
        let slots = (last - first + 1) as usize * (c1 - c0 + 1) as usize;
        if slots > MAX_GRID_SLOTS {
            return Err(ReadError::TooManyCells {
                requested: slots,
                max: MAX_GRID_SLOTS,
            });
        }
        self.slots += slots;
        if self.slots > MAX_BOOK_SLOTS {
            return Err(ReadError::TooManyCells {
                requested: self.slots,
                max: MAX_BOOK_SLOTS,
            });
        }
        let texts: HashMap<(u32, u32), &str> = members
            .iter()
            .flat_map(|&i| {
                rows[i]
                    .1
                    .iter()
                    .map(move |(c, t)| ((rows[i].0, *c), t.as_str()))
            })
            .collect();
        let mut cells = Vec::new();
        for r in first..=last {
            for c in c0..=c1 {
                let (row_span, col_span) = match layout.anchor.get(&(r, c)) {
                    Some(&i) => {
                        let s = &layout.spans[i];
                        (s.r1.min(last) - r + 1, s.c1.min(c1) - c + 1)
                    }
                    None if layout.covering(r, c).is_some() => continue,
                    None => (1, 1),
                };
                cells.push(Cell {
                    row: r - first,
                    col: c - c0,
                    row_span,
                    col_span,
                    text: texts.get(&(r, c)).copied().unwrap_or("").to_string(),
                    loc: sheet_loc(sheet, r, c),
                });
            }
        }
        // A lone row of words (`发布日期： | 2024-01-15`) reads as one line of text.
        if first == last
            && !cells
                .iter()
                .any(|c| matches!(parse_cell(&c.text), CellValue::Number { .. }))
        {
            let filled: Vec<&Cell> = cells
                .iter()
                .filter(|c| !c.text.chars().all(is_space))
                .collect();
            if let Some(head) = filled.first() {
                let text = filled
                    .iter()
                    .map(|c| c.text.trim_matches(is_space))
                    .collect::<Vec<_>>()
                    .join(" ");
                self.doc.blocks.push(Block::Paragraph(Paragraph {
                    text,
                    loc: head.loc.clone(),
                }));
            }
            return Ok(());
        }
        self.doc.blocks.push(Block::Table(TableGrid::from_placed(
            self.tables,
            cells,
            true,
        )));
        self.tables += 1;
        Ok(())
    }
}

/// A merged area, inclusive, clamped to [`MAX_SPAN`] rows and columns.
#[derive(Debug, Clone, Copy)]
struct Span {
    r0: u32,
    c0: u32,
    r1: u32,
    c1: u32,
}

/// The merged areas of a sheet, looked up by anchor, by row and by covered slot.
struct Layout {
    spans: Vec<Span>,
    /// Top-left slot → span.
    anchor: HashMap<(u32, u32), usize>,
    /// Anchor row → spans.
    by_row: BTreeMap<u32, Vec<usize>>,
    /// Row → (first col, last col, span) of the spans covering it, sorted.
    cover: HashMap<u32, Vec<(u32, u32, usize)>>,
}

impl Layout {
    fn new(merges: &[Dimensions]) -> Result<Layout, ReadError> {
        let mut spans = Vec::new();
        let mut seen = HashSet::new();
        let mut covered_rows = 0usize;
        for d in merges {
            let ((r0, c0), (r1, c1)) = (d.start, d.end);
            if r1 < r0 || c1 < c0 || !seen.insert((r0, c0)) {
                continue;
            }
            let r1 = r1.min(r0.saturating_add(MAX_SPAN - 1));
            let c1 = c1.min(c0.saturating_add(MAX_SPAN - 1));
            if (r0, c0) == (r1, c1) {
                continue;
            }
            covered_rows += (r1 - r0 + 1) as usize;
            if covered_rows > MAX_MERGED_ROWS {
                return Err(ReadError::TooManyCells {
                    requested: covered_rows,
                    max: MAX_MERGED_ROWS,
                });
            }
            spans.push(Span { r0, c0, r1, c1 });
        }
        let mut anchor = HashMap::new();
        let mut by_row: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        let mut cover: HashMap<u32, Vec<(u32, u32, usize)>> = HashMap::new();
        for (i, s) in spans.iter().enumerate() {
            anchor.insert((s.r0, s.c0), i);
            by_row.entry(s.r0).or_default().push(i);
            for r in s.r0..=s.r1 {
                cover.entry(r).or_default().push((s.c0, s.c1, i));
            }
        }
        for v in cover.values_mut() {
            v.sort_unstable();
        }
        Ok(Layout {
            spans,
            anchor,
            by_row,
            cover,
        })
    }

    /// The span covering slot (r, c), if any (its anchor included).
    fn covering(&self, r: u32, c: u32) -> Option<usize> {
        let v = self.cover.get(&r)?;
        let at = v.partition_point(|x| x.0 <= c);
        let &(c0, c1, i) = v.get(at.checked_sub(1)?)?;
        (c0 <= c && c <= c1).then_some(i)
    }

    /// The last row reached by the spans anchored in row `r` (or `r`).
    fn reach(&self, r: u32) -> u32 {
        self.by_row
            .get(&r)
            .into_iter()
            .flatten()
            .map(|&i| self.spans[i].r1)
            .max()
            .unwrap_or(r)
            .max(r)
    }
}

fn sheet_loc(sheet: &str, row: u32, col: u32) -> Loc {
    Loc::Sheet {
        sheet: sheet.to_string(),
        cell: a1(row, col),
    }
}

/// `(6, 1)` → `B7`.
pub fn a1(row: u32, col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

/// A number as a spreadsheet shows it in a general format: `26449`, `5949.088667`, `0.3`.
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    // Excel keeps 15 significant digits: 0.1 + 0.2 is shown as 0.3.
    let f = if f == 0.0 {
        0.0
    } else {
        format!("{f:.14e}").parse::<f64>().unwrap_or(f)
    };
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    format!("{f}")
}

fn datetime_text(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        return number_text(d.as_f64());
    }
    let (y, m, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if d.as_f64() < 1.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// `2024-01-15T00:00:00` → `2024-01-15`; a time of day other than midnight is kept.
fn iso_text(s: &str) -> String {
    match s.split_once('T') {
        Some((date, time)) => {
            let time = time.split(['.', 'Z', '+']).next().unwrap_or("");
            if time.trim_start_matches(['0', ':']).is_empty() {
                date.to_string()
            } else {
                format!("{date} {time}")
            }
        }
        None => s.to_string(),
    }
}

fn dataref_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        DataRef::DateTime(d) => datetime_text(d),
        DataRef::DateTimeIso(s) => iso_text(s),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn data_text(v: &Data) -> String {
    match v {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(d) => datetime_text(d),
        Data::DateTimeIso(s) => iso_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

fn failed(sheet: &str, e: impl std::fmt::Display) -> ReadError {
    if sheet.is_empty() {
        bad(format!("{e}"))
    } else {
        bad(format!("sheet {sheet:?}: {e}"))
    }
}

fn read_xlsx(bytes: &[u8], opts: &ReadOptions) -> Result<Document, ReadError> {
    check_shared_strings(bytes)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| failed("", e))?;
    let sheets = wb.sheets_metadata().to_vec();
    let mut book = Book::new(opts);
    for s in &sheets {
        if !book.wanted(s) {
            continue;
        }
        book.sheet_cells = 0;
        let merges = wb
            .merge_cells_by_sheet_name(&s.name)
            .map_err(|e| failed(&s.name, e))?;
        let mut cells = Vec::new();
        {
            let mut rd = wb
                .worksheet_cells_reader(&s.name)
                .map_err(|e| failed(&s.name, e))?;
            while let Some(c) = rd.next_cell().map_err(|e| failed(&s.name, e))? {
                let (r, col) = c.get_position();
                book.take(&mut cells, r, col, dataref_text(c.get_value()))?;
            }
        }
        book.add_sheet(&s.name, cells, &merges)?;
    }
    Ok(book.finish())
}

fn read_xlsb(bytes: &[u8], opts: &ReadOptions) -> Result<Document, ReadError> {
    let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| failed("", e))?;
    let sheets = wb.sheets_metadata().to_vec();
    let mut book = Book::new(opts);
    for s in &sheets {
        if !book.wanted(s) {
            continue;
        }
        book.sheet_cells = 0;
        let mut cells = Vec::new();
        {
            let mut rd = wb
                .worksheet_cells_reader(&s.name)
                .map_err(|e| failed(&s.name, e))?;
            while let Some(c) = rd.next_cell().map_err(|e| failed(&s.name, e))? {
                let (r, col) = c.get_position();
                book.take(&mut cells, r, col, dataref_text(c.get_value()))?;
            }
        }
        book.add_sheet(&s.name, cells, &[])?;
    }
    Ok(book.finish())
}

fn read_xls(bytes: &[u8], opts: &ReadOptions) -> Result<Document, ReadError> {
    xls_precheck(bytes, opts)?;
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| failed("", e))?;
    let sheets = wb.sheets_metadata().to_vec();
    let mut book = Book::new(opts);
    for s in &sheets {
        if !book.wanted(s) {
            continue;
        }
        book.sheet_cells = 0;
        let range = wb
            .worksheet_range(&s.name)
            .map_err(|e| failed(&s.name, e))?;
        let merges = wb
            .merge_cells_by_sheet_name(&s.name)
            .map_err(|e| failed(&s.name, e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        for (r, c, v) in range.used_cells() {
            book.take(&mut cells, r0 + r as u32, c0 + c as u32, data_text(v))?;
        }
        book.add_sheet(&s.name, cells, &merges)?;
    }
    Ok(book.finish())
}

// ---------------------------------------------------------------------------------------
// xls: what calamine will allocate, measured before it runs.
// ---------------------------------------------------------------------------------------

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
/// Sheets (BoundSheet records) an xls may declare.
const MAX_XLS_SHEETS: usize = 4096;
/// BIFF records walked over all sheets (a sheet position can be declared many times).
const MAX_XLS_RECORDS: usize = 50_000_000;

fn u16le(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u32le(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// An OLE compound file read the way calamine reads it, with every chain checked for loops.
struct Ole<'a> {
    bytes: &'a [u8],
    size: usize,
    fat: Vec<u32>,
}

impl<'a> Ole<'a> {
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let at = (id as usize).checked_add(1)?.checked_mul(self.size)?;
        self.bytes.get(at..at.checked_add(self.size)?)
    }

    /// The bytes of the chain from `start`, at most `len`. A chain visiting more sectors than
    /// the file has loops: calamine would follow it for ever.
    fn chain(&self, start: u32, len: usize) -> Result<Vec<u8>, String> {
        let limit = self.bytes.len() / self.size + 1;
        let mut out = Vec::new();
        let (mut id, mut steps) = (start, 0);
        while id != ENDOFCHAIN && out.len() < len {
            steps += 1;
            if steps > limit {
                return Err("a sector chain of the OLE container loops".into());
            }
            let s = self
                .sector(id)
                .ok_or("a sector chain points past the end of the file (truncated?)")?;
            out.extend_from_slice(&s[..s.len().min(len - out.len())]);
            id = *self
                .fat
                .get(id as usize)
                .ok_or("a sector chain points outside the allocation table")?;
        }
        Ok(out)
    }
}

/// The workbook stream of an xls, following the compound file's chains.
fn xls_stream(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let shift = u16le(bytes, 0x1E).ok_or("the OLE header is cut short")?;
    let size = match shift {
        9 => 512,
        12 => 4096,
        _ => return Err(format!("the OLE header gives a sector size of 2^{shift}")),
    };
    if bytes.len() < size {
        return Err("the OLE header is cut short".into());
    }
    let mut ole = Ole {
        bytes,
        size,
        fat: Vec::new(),
    };
    let mut difat: Vec<u32> = (0..109)
        .filter_map(|i| u32le(bytes, 0x4C + 4 * i))
        .collect();
    let mut id = u32le(bytes, 0x44).unwrap_or(ENDOFCHAIN);
    let mut steps = 0;
    while id < RESERVED_SECTORS {
        steps += 1;
        if steps > bytes.len() / size + 1 {
            return Err("the OLE allocation table loops".into());
        }
        let s = ole
            .sector(id)
            .ok_or("the OLE allocation table is cut short")?;
        difat.extend(s.chunks_exact(4).map(|c| u32le(c, 0).unwrap_or(0)));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    for id in difat.into_iter().filter(|&id| id < DIFSECT) {
        let s = ole
            .sector(id)
            .ok_or("the OLE allocation table is cut short")?;
        ole.fat
            .extend(s.chunks_exact(4).map(|c| u32le(c, 0).unwrap_or(0)));
        if ole.fat.len() > bytes.len() {
            return Err("the OLE allocation table is larger than the file".into());
        }
    }
    let dirs = ole.chain(u32le(bytes, 0x30).unwrap_or(ENDOFCHAIN), usize::MAX)?;
    let entries: Vec<&[u8]> = dirs.chunks_exact(128).collect();
    let entry_len = |e: &[u8]| -> usize {
        if size == 512 {
            u32le(e, 120).unwrap_or(0) as usize
        } else {
            u32le(e, 120).unwrap_or(0) as usize | ((u32le(e, 124).unwrap_or(0) as usize) << 32)
        }
    };
    let name_is = |e: &[u8], want: &str| {
        let units: Vec<u16> = e[..64]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let name = String::from_utf16_lossy(&units);
        let name = name.split('\0').next().unwrap_or("");
        name.eq_ignore_ascii_case(want)
    };
    let root = entries.first().ok_or("the OLE directory is empty")?;
    let wb = entries
        .iter()
        .find(|e| name_is(e, "Workbook"))
        .or_else(|| entries.iter().find(|e| name_is(e, "Book")))
        .ok_or("the OLE file has no Workbook stream")?;
    let (start, len) = (u32le(wb, 116).unwrap_or(ENDOFCHAIN), entry_len(wb));
    if len > bytes.len() {
        return Err(format!(
            "the Workbook stream claims {len} bytes in a file of {}",
            bytes.len()
        ));
    }
    let n_minifat = u32le(bytes, 0x40).unwrap_or(0) as usize;
    let mini = if n_minifat > 0 {
        let root_len = entry_len(root);
        let stream = ole.chain(u32le(root, 116).unwrap_or(ENDOFCHAIN), root_len)?;
        let minifat = ole.chain(
            u32le(bytes, 0x3C).unwrap_or(ENDOFCHAIN),
            n_minifat.saturating_mul(size),
        )?;
        Some((stream, minifat))
    } else {
        None
    };
    if len >= 4096 {
        return ole.chain(start, len);
    }
    let (stream, minifat) = mini.ok_or("a small Workbook stream without a mini stream")?;
    let minifat: Vec<u32> = minifat
        .chunks_exact(4)
        .map(|c| u32le(c, 0).unwrap_or(0))
        .collect();
    let mut out = Vec::new();
    let mut id = start;
    while id != ENDOFCHAIN && out.len() < len {
        let at = id as usize * 64;
        let s = stream
            .get(at..at + 64)
            .ok_or("a mini sector chain leaves the mini stream")?;
        out.extend_from_slice(&s[..64.min(len - out.len())]);
        id = *minifat
            .get(id as usize)
            .ok_or("a mini sector chain leaves its table")?;
    }
    Ok(out)
}

/// One BIFF record with its CONTINUE records, as calamine groups them.
struct Biff<'a> {
    typ: u16,
    data: &'a [u8],
    cont: std::collections::VecDeque<&'a [u8]>,
}

impl<'a> Biff<'a> {
    fn next_part(&mut self) -> bool {
        match self.cont.pop_front() {
            Some(d) => {
                self.data = d;
                true
            }
            None => false,
        }
    }
    fn skip(&mut self, mut n: usize) -> bool {
        while n > 0 {
            if self.data.is_empty() && !self.next_part() {
                return false;
            }
            let k = n.min(self.data.len());
            self.data = &self.data[k..];
            n -= k;
        }
        true
    }
}

fn biff_records(mut s: &[u8]) -> impl Iterator<Item = Biff<'_>> {
    std::iter::from_fn(move || {
        let typ = u16le(s, 0)?;
        let len = u16le(s, 2)? as usize;
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        let mut cont = std::collections::VecDeque::new();
        while u16le(s, 0) == Some(0x003C) {
            let l = u16le(s, 2)? as usize;
            cont.push_back(s.get(4..4 + l)?);
            s = &s[4 + l..];
        }
        Some(Biff { typ, data, cont })
    })
}

/// Character counts of the shared strings (SST), read as calamine reads them.
fn sst_lengths(mut r: Biff<'_>) -> Vec<u32> {
    let mut out = Vec::new();
    if r.data.len() < 8 {
        return out;
    }
    r.data = &r.data[8..];
    while !r.data.is_empty() || r.next_part() {
        if r.data.is_empty() {
            out.push(0);
            continue;
        }
        let (Some(cch), Some(&flags)) = (u16le(r.data, 0), r.data.get(2)) else {
            break;
        };
        r.data = &r.data[3..];
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            let Some(n) = u16le(r.data, 0) else { break };
            runs = n as usize;
            r.data = &r.data[2..];
        }
        let mut ext = 0usize;
        if flags & 0x4 != 0 {
            let Some(n) = u32le(r.data, 0) else { break };
            ext = n as i32 as usize;
            r.data = &r.data[4..];
        }
        let mut left = cch as usize;
        let mut wide = flags & 0x1 != 0;
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let k = left.min(r.data.len() / width);
            r.data = &r.data[k * width..];
            left -= k;
            if left > 0 {
                if !r.next_part() || r.data.is_empty() {
                    return out;
                }
                wide = r.data[0] & 0x1 != 0;
                r.data = &r.data[1..];
            }
        }
        if !r.skip(runs.saturating_mul(4)) || !r.skip(ext) {
            out.push(cch as u32);
            return out;
        }
        out.push(cch as u32);
    }
    out
}

/// Bound what calamine allocates when it opens an xls: it parses every sheet at once,
/// reserves the cells each `DIMENSIONS` record declares, allocates the bounding box of each
/// sheet's cells and of its formulas, and clones a shared string into every cell using it.
fn xls_precheck(bytes: &[u8], opts: &ReadOptions) -> Result<(), ReadError> {
    let stream = xls_stream(bytes).map_err(|e| bad(format!("{e}: not a readable xls")))?;
    let mut sheets = Vec::new();
    let mut sst = Vec::new();
    for r in biff_records(&stream) {
        match r.typ {
            0x0085 => {
                if let Some(pos) = u32le(r.data, 0) {
                    sheets.push(pos as usize);
                }
                if sheets.len() > MAX_XLS_SHEETS {
                    return Err(bad(format!("more than {MAX_XLS_SHEETS} sheets")));
                }
            }
            0x00FC => sst = sst_lengths(r),
            0x000A => break,
            _ => {}
        }
    }
    // Slots of `Cell<Data>` (40 bytes) or `Data` (32 bytes) calamine will hold at once.
    let mut slots: u64 = 0;
    let mut text: u64 = 0;
    let mut records = 0usize;
    let too_many = |n: u64| ReadError::TooManyCells {
        requested: n as usize,
        max: MAX_BOOK_SLOTS,
    };
    for pos in sheets {
        let Some(sheet) = stream.get(pos..) else {
            continue;
        };
        let mut bbox = [(u32::MAX, 0u32, u32::MAX, 0u32); 2]; // cells, formulas
        let mut count = [0u64; 2];
        let mut see = |k: usize, row: u32, col: u32, n: u64| {
            let b = &mut bbox[k];
            *b = (b.0.min(row), b.1.max(row), b.2.min(col), b.3.max(col));
            count[k] += n;
        };
        let (mut seen_bof, mut depth) = (false, 0usize);
        for r in biff_records(sheet) {
            records += 1;
            if records > MAX_XLS_RECORDS {
                return Err(bad("too many records in the workbook stream"));
            }
            let d = r.data;
            let rc = || Some((u16le(d, 0)? as u32, u16le(d, 2)? as u32));
            if depth > 0 {
                match r.typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match r.typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => {
                    let (rf, rl, mut cf, cl) = match d.len() {
                        10 => (
                            u16le(d, 0).unwrap_or(0) as u32,
                            u16le(d, 2).unwrap_or(0) as u32,
                            u16le(d, 4).unwrap_or(0) as u32,
                            u16le(d, 6).unwrap_or(0) as u32,
                        ),
                        14 | 16 => (
                            u32le(d, 0).unwrap_or(0),
                            u32le(d, 4).unwrap_or(0),
                            u16le(d, 8).unwrap_or(0) as u32,
                            u16le(d, 10).unwrap_or(0) as u32,
                        ),
                        _ => continue,
                    };
                    if cf > 0xFF || cl < cf {
                        cf = 0;
                    }
                    let (er, ec) = if rl >= 1 && cl >= 1 {
                        (rl - 1, cl - 1)
                    } else {
                        (rf, cf)
                    };
                    let rows = er.wrapping_sub(rf).wrapping_add(1) as u64;
                    let cols = ec.wrapping_sub(cf).wrapping_add(1) as u64;
                    slots = slots.saturating_add(rows.saturating_mul(cols));
                }
                0x0203 | 0x0205 | 0x027E => {
                    if let Some((row, col)) = rc() {
                        see(0, row, col, 1);
                    }
                }
                0x0204 | 0x00D6 | 0x0207 => {
                    if let Some((row, col)) = rc() {
                        see(0, row, col, 1);
                    }
                    let cont: usize = r.cont.iter().map(|c| c.len()).sum();
                    text = text.saturating_add(3 * (d.len() + cont) as u64);
                }
                0x00FD => {
                    let isst = u32le(d, 6).map(|i| i as usize);
                    if let (Some((row, col)), Some(n)) = (rc(), isst.and_then(|i| sst.get(i))) {
                        see(0, row, col, 1);
                        text = text.saturating_add(3 * *n as u64);
                    }
                }
                0x00BD => {
                    let last = d.len().checked_sub(2).and_then(|at| u16le(d, at));
                    if let (Some((row, first)), Some(last)) = (rc(), last) {
                        let n = (last as u64).saturating_sub(first as u64) + 1;
                        see(0, row, first, n);
                        see(0, row, last as u32, 0);
                    }
                }
                0x0006 => {
                    if let Some((row, col)) = rc() {
                        see(0, row, col, 1);
                        see(1, row, col, 1);
                    }
                    // A formula's text can name sheets and defined names: room for growth.
                    text = text.saturating_add(64 * d.len() as u64);
                }
                0x000A => break,
                _ => {}
            }
        }
        for k in 0..2 {
            let (r0, r1, c0, c1) = bbox[k];
            if count[k] > 0 {
                let area = (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64;
                slots = slots.saturating_add(area).saturating_add(count[k]);
            }
        }
        if slots > MAX_BOOK_SLOTS as u64 {
            return Err(too_many(slots));
        }
        if text > opts.max_expanded_bytes {
            return Err(ReadError::ArchiveTooLarge {
                requested: text,
                max: opts.max_expanded_bytes,
            });
        }
    }
    if slots > MAX_BOOK_SLOTS as u64 {
        return Err(too_many(slots));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// ods: content.xml, streamed.
// ---------------------------------------------------------------------------------------

type Xml<'a> = quick_xml::Reader<BufReader<zip::read::ZipFile<'a, Cursor<&'a [u8]>>>>;

fn xml_err(e: impl std::fmt::Display) -> ReadError {
    bad(format!("content.xml is not well-formed ({e})"))
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn num_attr(e: &BytesStart<'_>, key: &str) -> Option<u64> {
    attr(e, key).and_then(|v| v.trim().parse::<u64>().ok())
}

/// One cell of an ods row: column, text, column span, row span.
struct OdsCell {
    col: u32,
    text: String,
    cs: u32,
    rs: u32,
}

fn read_ods(bytes: &[u8], opts: &ReadOptions) -> Result<Document, ReadError> {
    let mut ar = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("the zip container is damaged ({e})")))?;
    let entry = ar
        .by_name("content.xml")
        .map_err(|e| bad(format!("no readable content.xml ({e})")))?;
    let mut xml: Xml<'_> = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut book = Book::new(opts);
    let mut hidden_styles: HashSet<String> = HashSet::new();
    let mut style: Option<String> = None;
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    let mut n_tables = 0;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(xml_err)? {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "style:style" => {
                style = attr(&e, "style:name");
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "style:table-properties" => {
                if attr(&e, "table:display").as_deref() == Some("false")
                    && let Some(s) = &style
                {
                    hidden_styles.insert(s.clone());
                }
            }
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                n_tables += 1;
                let name = attr(&e, "table:name").unwrap_or_else(|| format!("Sheet{n_tables}"));
                let hidden =
                    attr(&e, "table:style-name").is_some_and(|s| hidden_styles.contains(&s));
                if hidden {
                    book.hidden(&name);
                    skip.clear();
                    xml.read_to_end_into(e.name(), &mut skip).map_err(xml_err)?;
                    continue;
                }
                book.sheet_cells = 0;
                let (cells, merges) = ods_table(&mut xml, &mut book)?;
                book.add_sheet(&name, cells, &merges)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if n_tables == 0 {
        return Err(bad("content.xml holds no table"));
    }
    Ok(book.finish())
}

fn ods_table(xml: &mut Xml<'_>, book: &mut Book) -> Result<(RawCells, Vec<Dimensions>), ReadError> {
    let mut cells: RawCells = Vec::new();
    let mut merges = Vec::new();
    let mut row: u64 = 0;
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(xml_err)? {
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                let rep = num_attr(&e, "table:number-rows-repeated")
                    .unwrap_or(1)
                    .max(1);
                let found = ods_row(xml, book)?;
                for k in 0..rep {
                    let r = row + k;
                    if found.is_empty() || r >= MAX_ROW {
                        break;
                    }
                    for c in &found {
                        if k > 0 {
                            book.charge(c.text.len())?;
                        }
                        if !c.text.chars().all(is_space) {
                            cells.push((r as u32, c.col, c.text.clone()));
                        }
                        if c.cs > 1 || c.rs > 1 {
                            merges.push(Dimensions::new(
                                (r as u32, c.col),
                                (
                                    (r as u32).saturating_add(c.rs.max(1) - 1),
                                    c.col.saturating_add(c.cs.max(1) - 1),
                                ),
                            ));
                        }
                    }
                }
                row = row.saturating_add(rep);
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                let rep = num_attr(&e, "table:number-rows-repeated")
                    .unwrap_or(1)
                    .max(1);
                row = row.saturating_add(rep);
            }
            // A table inside a table (a drawing's) is not this sheet's.
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                skip.clear();
                xml.read_to_end_into(e.name(), &mut skip).map_err(xml_err)?;
            }
            Event::End(e) if e.name().as_ref() == "table:table" => break,
            Event::Eof => return Err(bad("content.xml ends inside a table (truncated?)")),
            _ => {}
        }
    }
    Ok((cells, merges))
}

fn ods_row(xml: &mut Xml<'_>, book: &mut Book) -> Result<Vec<OdsCell>, ReadError> {
    let mut out = Vec::new();
    let mut col: u64 = 0;
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    loop {
        buf.clear();
        let (e, open) = match xml.read_event_into(&mut buf).map_err(xml_err)? {
            Event::Start(e) => (e.into_owned(), true),
            Event::Empty(e) => (e.into_owned(), false),
            Event::End(e) if e.name().as_ref() == "table:table-row" => break,
            Event::Eof => return Err(bad("content.xml ends inside a row (truncated?)")),
            _ => continue,
        };
        let name = e.name().as_ref().to_string();
        let covered = name == "table:covered-table-cell";
        if name != "table:table-cell" && !covered {
            if open {
                skip.clear();
                xml.read_to_end_into(e.name(), &mut skip).map_err(xml_err)?;
            }
            continue;
        }
        let rep = num_attr(&e, "table:number-columns-repeated")
            .unwrap_or(1)
            .clamp(1, MAX_COL);
        let content = if open {
            cell_text(xml, &name, book)?
        } else {
            String::new()
        };
        if !covered {
            let cs = num_attr(&e, "table:number-columns-spanned")
                .unwrap_or(1)
                .clamp(1, MAX_SPAN as u64) as u32;
            let rs = num_attr(&e, "table:number-rows-spanned")
                .unwrap_or(1)
                .clamp(1, MAX_SPAN as u64) as u32;
            let text = ods_value(&e, content);
            if !text.chars().all(is_space) || cs > 1 || rs > 1 {
                for k in 0..rep {
                    let c = col + k;
                    if c >= MAX_COL {
                        break;
                    }
                    book.charge(text.len())?;
                    out.push(OdsCell {
                        col: c as u32,
                        text: text.clone(),
                        cs,
                        rs,
                    });
                }
            }
        }
        col = col.saturating_add(rep);
    }
    Ok(out)
}

/// The value a cell prints: the stored number of a numeric cell, the date of a date cell,
/// else the cell's text.
fn ods_value(e: &BytesStart<'_>, content: String) -> String {
    match attr(e, "office:value-type").as_deref() {
        Some("float" | "percentage" | "currency") => attr(e, "office:value")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .map(number_text)
            .unwrap_or(content),
        Some("date") => attr(e, "office:date-value")
            .map(|v| iso_text(&v))
            .unwrap_or(content),
        Some("string") if content.is_empty() => attr(e, "office:string-value").unwrap_or(content),
        Some("boolean") if content.is_empty() => match attr(e, "office:boolean-value").as_deref() {
            Some("true") => "TRUE".into(),
            Some("false") => "FALSE".into(),
            _ => content,
        },
        _ => content,
    }
}

/// The text of a cell: its paragraphs joined by line breaks, annotations left out.
fn cell_text(xml: &mut Xml<'_>, end: &str, book: &Book) -> Result<String, ReadError> {
    let budget = book.max_text.saturating_sub(book.text) as usize;
    let mut s = String::new();
    let mut paras = 0usize;
    let mut in_p = 0usize;
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    let spaces = |e: &BytesStart<'_>, s: &mut String| {
        let n = num_attr(e, "text:c").unwrap_or(1).min(10_000) as usize;
        s.extend(std::iter::repeat_n(' ', n));
    };
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(xml_err)? {
            Event::Start(e) => match e.name().as_ref() {
                "text:p" | "text:h" => {
                    if paras > 0 {
                        s.push('\n');
                    }
                    paras += 1;
                    in_p += 1;
                }
                "office:annotation" => {
                    skip.clear();
                    xml.read_to_end_into(e.name(), &mut skip).map_err(xml_err)?;
                }
                "text:s" => spaces(&e, &mut s),
                "text:tab" => s.push('\t'),
                "text:line-break" => s.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "text:p" | "text:h" => {
                    if paras > 0 {
                        s.push('\n');
                    }
                    paras += 1;
                }
                "text:s" => spaces(&e, &mut s),
                "text:tab" => s.push('\t'),
                "text:line-break" => s.push('\n'),
                _ => {}
            },
            Event::End(e) => {
                let n = e.name();
                if n.as_ref() == end {
                    break;
                }
                if matches!(n.as_ref(), "text:p" | "text:h") {
                    in_p = in_p.saturating_sub(1);
                }
            }
            Event::Text(t) if in_p > 0 => {
                // XML whitespace in a paragraph collapses to one space (ODF 6.1.2).
                for c in t.xml10_content().chars() {
                    if matches!(c, ' ' | '\t' | '\n' | '\r') {
                        if !s.ends_with(' ') {
                            s.push(' ');
                        }
                    } else {
                        s.push(c);
                    }
                }
            }
            Event::CData(t) if in_p > 0 => s.push_str(&t),
            Event::GeneralRef(r) if in_p > 0 => {
                let named = match r.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => None,
                };
                if let Some(c) = named.or_else(|| r.resolve_char_ref().ok().flatten()) {
                    s.push(c);
                }
            }
            Event::Eof => return Err(bad("content.xml ends inside a cell (truncated?)")),
            _ => {}
        }
        if s.len() > budget {
            return Err(ReadError::ArchiveTooLarge {
                requested: book.text.saturating_add(s.len() as u64),
                max: book.max_text,
            });
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_a_spreadsheet_shows_them() {
        assert_eq!(number_text(26449.0), "26449");
        assert_eq!(number_text(-29.0), "-29");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(5949.088667), "5949.088667");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(75394432.52), "75394432.52");
    }

    #[test]
    fn addresses_and_iso_dates() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 1), "B7");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 16383), "XFD10");
        assert_eq!(iso_text("2024-01-15T00:00:00"), "2024-01-15");
        assert_eq!(iso_text("2024-01-15"), "2024-01-15");
        assert_eq!(iso_text("2024-01-15T10:30:00"), "2024-01-15 10:30:00");
    }

    #[test]
    fn a_word_file_is_not_an_xls() {
        let mut doc = vec![0u8; 1024];
        doc[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        let entry = &mut doc[512..640];
        for (i, u) in "WordDocument".encode_utf16().enumerate() {
            entry[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        entry[64] = 26;
        entry[66] = 2;
        assert!(!sniff_xls(&doc));
        let entry = &mut doc[640..768];
        for (i, u) in "Workbook".encode_utf16().enumerate() {
            entry[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        entry[64] = 18;
        entry[66] = 2;
        assert!(sniff_xls(&doc));
    }
}
