//! The xls path: BIFF8 workbooks in an OLE container, written here byte by byte (no Rust
//! crate writes xls), valid and hostile.

use std::time::{Duration, Instant};

use nianbao::ReadError;
use nianbao::document::Document;
use nianbao::read::{ReadOptions, sheet};

fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut v = typ.to_le_bytes().to_vec();
    v.extend((data.len() as u16).to_le_bytes());
    v.extend(data);
    v
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = vec![0x00, 0x06];
    d.extend(dt.to_le_bytes());
    d.extend([0u8; 12]);
    rec(0x0809, &d)
}

fn eof() -> Vec<u8> {
    rec(0x000A, &[])
}

fn boundsheet(pos: u32, hidden: bool, name: &str) -> Vec<u8> {
    let mut d = pos.to_le_bytes().to_vec();
    d.extend([hidden as u8, 0, name.encode_utf16().count() as u8, 1]);
    d.extend(utf16(name));
    rec(0x0085, &d)
}

fn sst(strings: &[String]) -> Vec<u8> {
    let mut d = (strings.len() as u32).to_le_bytes().to_vec();
    d.extend((strings.len() as u32).to_le_bytes());
    for s in strings {
        let ascii = s.is_ascii();
        d.extend((s.encode_utf16().count() as u16).to_le_bytes());
        d.push(if ascii { 0 } else { 1 });
        d.extend(if ascii {
            s.as_bytes().to_vec()
        } else {
            utf16(s)
        });
    }
    rec(0x00FC, &d)
}

fn label(r: u16, c: u16, isst: u32) -> Vec<u8> {
    let mut d = r.to_le_bytes().to_vec();
    d.extend(c.to_le_bytes());
    d.extend([0, 0]);
    d.extend(isst.to_le_bytes());
    rec(0x00FD, &d)
}

fn number(r: u16, c: u16, v: f64) -> Vec<u8> {
    let mut d = r.to_le_bytes().to_vec();
    d.extend(c.to_le_bytes());
    d.extend([0, 0]);
    d.extend(v.to_le_bytes());
    rec(0x0203, &d)
}

fn dimensions(r0: u32, r1: u32, c0: u16, c1: u16) -> Vec<u8> {
    let mut d = r0.to_le_bytes().to_vec();
    d.extend(r1.to_le_bytes());
    d.extend(c0.to_le_bytes());
    d.extend(c1.to_le_bytes());
    d.extend([0, 0]);
    rec(0x0200, &d)
}

/// Merged areas, inclusive: (first row, last row, first col, last col).
fn merges(areas: &[(u16, u16, u16, u16)]) -> Vec<u8> {
    let mut d = (areas.len() as u16).to_le_bytes().to_vec();
    for (a, b, c, e) in areas {
        for x in [a, b, c, e] {
            d.extend(x.to_le_bytes());
        }
    }
    rec(0x00E5, &d)
}

struct Sheet {
    name: &'static str,
    hidden: bool,
    body: Vec<Vec<u8>>,
}

/// The Workbook stream: globals (BoundSheets, SST), then each sheet's substream.
fn workbook(strings: &[String], sheets: &[Sheet]) -> Vec<u8> {
    let globals = |positions: &[u32]| {
        let mut g = bof(0x0005);
        g.extend(rec(0x0042, &1200u16.to_le_bytes()));
        for (s, p) in sheets.iter().zip(positions) {
            g.extend(boundsheet(*p, s.hidden, s.name));
        }
        g.extend(sst(strings));
        g.extend(eof());
        g
    };
    let mut pos = globals(&vec![0; sheets.len()]).len() as u32;
    let mut positions = Vec::new();
    let mut bodies = Vec::new();
    for s in sheets {
        positions.push(pos);
        let mut b = bof(0x0010);
        for r in &s.body {
            b.extend(r);
        }
        b.extend(eof());
        pos += b.len() as u32;
        bodies.push(b);
    }
    let mut stream = globals(&positions);
    for b in bodies {
        stream.extend(b);
    }
    stream
}

const FREESECT: u32 = 0xFFFF_FFFF;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FATSECT: u32 = 0xFFFF_FFFD;

/// An OLE compound file (512-byte sectors) holding one `Workbook` stream. `loop_dir` makes
/// the directory's chain point back to itself.
fn ole(stream: &[u8], loop_dir: bool) -> Vec<u8> {
    let mut stream = stream.to_vec();
    if stream.len() < 4096 {
        stream.resize(4096, 0); // no mini stream
    }
    let n_stream = stream.len().div_ceil(512);
    let mut n_fat = 1;
    while n_fat * 128 < n_fat + 1 + n_stream {
        n_fat += 1;
    }
    assert!(n_fat <= 109);
    let dir = n_fat as u32;
    let mut fat = vec![FREESECT; n_fat * 128];
    for f in fat.iter_mut().take(n_fat) {
        *f = FATSECT;
    }
    fat[dir as usize] = if loop_dir { dir } else { ENDOFCHAIN };
    for i in 0..n_stream {
        let id = n_fat + 1 + i;
        fat[id] = if i + 1 == n_stream {
            ENDOFCHAIN
        } else {
            id as u32 + 1
        };
    }
    let mut h = vec![0u8; 512];
    h[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    h[0x18..0x1A].copy_from_slice(&0x3Eu16.to_le_bytes());
    h[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    h[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    h[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    h[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    h[0x2C..0x30].copy_from_slice(&(n_fat as u32).to_le_bytes());
    h[0x30..0x34].copy_from_slice(&dir.to_le_bytes());
    h[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
    h[0x3C..0x40].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    h[0x44..0x48].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    for i in 0..109 {
        let v = if i < n_fat { i as u32 } else { FREESECT };
        h[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    let entry = |name: &str, typ: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let n = utf16(name);
        e[..n.len()].copy_from_slice(&n);
        e[64..66].copy_from_slice(&((n.len() + 2) as u16).to_le_bytes());
        e[66] = typ;
        e[67] = 1;
        e[68..72].copy_from_slice(&FREESECT.to_le_bytes());
        e[72..76].copy_from_slice(&FREESECT.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut out = h;
    for f in fat {
        out.extend(f.to_le_bytes());
    }
    out.extend(entry("Root Entry", 5, 1, ENDOFCHAIN, 0));
    out.extend(entry(
        "Workbook",
        2,
        FREESECT,
        n_fat as u32 + 1,
        stream.len() as u32,
    ));
    out.extend(vec![0u8; 256]);
    out.extend(&stream);
    out.resize(512 + (n_fat + 1 + n_stream) * 512, 0);
    out
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn an_xls_report_reads_with_spans_and_hidden_sheets() {
    let s = strings(&[
        "示例县水利局2020年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "第二十条第（五）项",
        "信息内容",
        "本年处理决定数量",
        "行政许可",
        "草稿",
    ]);
    let report = Sheet {
        name: "年报",
        hidden: false,
        body: vec![
            dimensions(0, 6, 0, 4),
            label(0, 0, 0),
            label(2, 0, 1),
            label(3, 0, 2),
            label(4, 0, 3),
            label(4, 1, 4),
            label(5, 0, 5),
            number(5, 1, 2629.0),
            merges(&[(3, 3, 0, 3), (4, 4, 1, 3), (5, 5, 1, 3)]),
        ],
    };
    let draft = Sheet {
        name: "草稿",
        hidden: true,
        body: vec![label(0, 0, 6)],
    };
    let bytes = ole(&workbook(&s, &[report, draft]), false);
    assert!(sheet::sniff_xls(&bytes));
    let doc = sheet::read(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(doc.parts.len(), 1);
    assert!(doc.notes[0].0.contains("草稿"));
    let grid = doc.tables().next().unwrap();
    let value = grid.cells.iter().find(|c| c.text == "2629").unwrap();
    assert_eq!(
        (value.col_span, value.loc.to_string().as_str()),
        (3, "年报!B6")
    );
    let reports = nianbao::extract_bytes("report.xls", &bytes, &ReadOptions::default()).unwrap();
    let r = &reports[0];
    assert_eq!(r.source.format, "xls");
    assert_eq!(r.meta.agency.as_deref(), Some("示例县水利局"));
    assert_eq!(r.number("t2.licensing.decisions"), Some(2629.0));
}

fn refused(what: &str, bytes: &[u8], opts: &ReadOptions) -> ReadError {
    let t = Instant::now();
    let e = sheet::read(bytes, opts)
        .err()
        .unwrap_or_else(|| panic!("{what}: read"));
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "{what}: {:?}",
        t.elapsed()
    );
    eprintln!("{what}: {e}");
    e
}

fn one_sheet(body: Vec<Vec<u8>>, strings: &[String]) -> Vec<u8> {
    let s = Sheet {
        name: "表",
        hidden: false,
        body,
    };
    ole(&workbook(strings, &[s]), false)
}

#[test]
fn hostile_xls_is_refused_before_calamine_allocates() {
    let s = strings(&["报告"]);
    let opts = ReadOptions::default();
    // A DIMENSIONS record declaring 4 billion rows: calamine would reserve them.
    let bytes = one_sheet(vec![dimensions(0, u32::MAX, 0, 256), label(0, 0, 0)], &s);
    let e = refused("dimensions", &bytes, &opts);
    assert!(matches!(e, ReadError::TooManyCells { .. }), "{e}");
    // Rows first > last: calamine's row count wraps around.
    let bytes = one_sheet(vec![dimensions(10, 3, 0, 4), label(0, 0, 0)], &s);
    assert!(matches!(
        refused("wrapped dimensions", &bytes, &opts),
        ReadError::TooManyCells { .. }
    ));
    // Two cells 65,535 rows and columns apart: calamine allocates the box between them.
    let bytes = one_sheet(vec![label(0, 0, 0), number(65535, 65535, 1.0)], &s);
    assert!(matches!(
        refused("bounding box", &bytes, &opts),
        ReadError::TooManyCells { .. }
    ));
    // One long shared string used by thousands of cells: calamine clones it into each.
    let long = vec!["长".repeat(4000)];
    let body: Vec<Vec<u8>> = (0..3000).map(|i| label(i, 0, 0)).collect();
    let bytes = one_sheet(body, &long);
    let small = ReadOptions {
        max_expanded_bytes: 16 << 20,
        ..ReadOptions::default()
    };
    assert!(matches!(
        refused("shared strings", &bytes, &small),
        ReadError::ArchiveTooLarge { .. }
    ));
    // The directory's sector chain points back to itself: calamine would read it for ever.
    let bytes = ole(&workbook(&s, &[]), true);
    let e = refused("looping chain", &bytes, &opts);
    assert!(e.to_string().contains("loops"), "{e}");
    // Cut short anywhere.
    let good = one_sheet(vec![label(0, 0, 0)], &s);
    for cut in [8, 100, 511, 600, 1100, good.len() - 600] {
        let _: Result<Document, _> = sheet::read(&good[..cut], &opts);
    }
}
