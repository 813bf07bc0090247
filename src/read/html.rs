//! HTML reader (scraper).
//!
//! - [x] charset from BOM, then `<meta charset>` / `http-equiv`, then detection (GBK pages
//!   without a declaration are common); a declaration the bytes contradict is overridden
//! - [x] tables into grids with rowspan/colspan placed once (no double counting)
//! - [x] cell text split across `<p>`, `<span>`, `<font>`, `<br>` joined
//! - [x] `&nbsp;`, `<o:p>`, comments (Word's conditional comments), scripts, styles and site
//!   chrome (`nav`, `header`, `footer`, breadcrumb/menu blocks) ignored
//! - [x] nested tables: a table whose cells hold tables is layout, read as flow
//! - [x] `<title>` kept as the document title
//! - [ ] positions in the source (html5ever gives none): paragraphs are located by block index

use std::sync::LazyLock;

use ego_tree::NodeRef;
use regex::bytes::Regex as BytesRegex;
use scraper::{ElementRef, Html, Node};

use crate::document::{Block, Document, Loc, Paragraph, RawCell, TableGrid};
use crate::error::ReadError;
use crate::normalize::has_han;
use crate::read::ReadOptions;
use crate::read::decode::decode;

static META_CHARSET: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).unwrap()
});
static XML_ENCODING: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(r#"(?i)<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_:.\-]+)"#).unwrap()
});

const MARKERS: &[&str] = &[
    "<html",
    "<!doctype html",
    "<body",
    "<table",
    "<meta",
    "<div",
    "<p>",
    "<p ",
    "<head",
    "<td",
];

/// HTML if a tag appears near the start (any ASCII-compatible encoding, or UTF-16).
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let ascii: String = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        match decode(head, None) {
            Ok(d) => d.text.to_ascii_lowercase(),
            Err(_) => return false,
        }
    } else {
        head.iter()
            .map(|&b| (b as char).to_ascii_lowercase())
            .collect()
    };
    MARKERS.iter().any(|m| ascii.contains(m))
}

fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(8192)];
    let label = META_CHARSET
        .captures(head)
        .or_else(|| XML_ENCODING.captures(head))?
        .get(1)?
        .as_bytes();
    encoding_rs::Encoding::for_label(label)
}

pub fn read(bytes: &[u8], _opts: &ReadOptions) -> Result<Document, ReadError> {
    let decoded = decode(bytes, declared_charset(bytes))?;
    let mut doc = read_str(&decoded.text)?;
    if !doc.blocks.iter().any(|b| match b {
        Block::Paragraph(p) => has_han(&p.text),
        Block::Table(t) => t.cells.iter().any(|c| has_han(&c.text)),
    }) {
        return Err(ReadError::NoReportText);
    }
    doc.encoding = Some(decoded.name());
    if let Some(note) = decoded.note {
        doc.notes.push((note, Loc::Block { index: 0 }));
    }
    Ok(doc)
}

/// Nesting of container elements beyond which a page is refused: the HTML parser's cost
/// grows with depth × elements, so a hostile page of nested `<div>`s would take hours.
pub const MAX_NESTING: usize = 10_000;

/// The deepest nesting of container elements that are always closed (div, span, font, …),
/// by a linear scan of the tags.
fn nesting(html: &str) -> usize {
    const CONTAINERS: &[&str] = &[
        "div",
        "span",
        "font",
        "section",
        "article",
        "blockquote",
        "ul",
        "ol",
        "b",
        "i",
        "u",
        "strong",
        "em",
        "a",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        i += off + 1;
        let close = bytes.get(i) == Some(&b'/');
        let start = if close { i + 1 } else { i };
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| start + p);
        let name = html[start..end].to_ascii_lowercase();
        if CONTAINERS.contains(&name.as_str()) {
            if close {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                max = max.max(depth);
            }
        }
    }
    max
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// What the reader ignores anyway, cut before parsing in one pass: comments, `<script>` and
/// `<style>` elements, and inline `style` attributes (Word-made pages are mostly those: a
/// quarter of the bytes remain, and the parser's time falls with them).
fn strip_ignored(html: &str) -> String {
    let b = html.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    let starts = |at: usize, s: &[u8]| {
        b.len() >= at + s.len() && b[at..at + s.len()].eq_ignore_ascii_case(s)
    };
    while i < b.len() {
        let Some(off) = memchr_lt(&b[i..]) else {
            out.extend_from_slice(&b[i..]);
            break;
        };
        out.extend_from_slice(&b[i..i + off]);
        i += off;
        if starts(i, b"<!--") {
            i = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let raw_text = [&b"<script"[..], b"<style"]
            .into_iter()
            .find(|t| starts(i, t) && !b.get(i + t.len()).is_some_and(u8::is_ascii_alphanumeric));
        if let Some(t) = raw_text {
            let close: Vec<u8> = [b"</", &t[1..]].concat();
            i = find_ci(b, i + t.len(), &close)
                .and_then(|e| find(b, e, b">").map(|g| g + 1))
                .unwrap_or(b.len());
            continue;
        }
        // `<` not opening a tag is text.
        if !b
            .get(i + 1)
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
        {
            out.push(b'<');
            i += 1;
            continue;
        }
        // A tag: copy it, leaving out `style="…"` attributes.
        let end = tag_end(b, i);
        let mut j = i;
        while j < end {
            let at_attr = j > i
                && b[j - 1].is_ascii_whitespace()
                && starts(j, b"style")
                && matches!(b.get(j + 5), Some(b'=' | b' ' | b'\t' | b'\n' | b'\r'));
            if at_attr {
                let mut k = j + 5;
                while k < end && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                if k < end && b[k] == b'=' {
                    k += 1;
                    while k < end && b[k].is_ascii_whitespace() {
                        k += 1;
                    }
                    if k < end && (b[k] == b'"' || b[k] == b'\'') {
                        let q = b[k];
                        k = b[k + 1..end]
                            .iter()
                            .position(|&c| c == q)
                            .map_or(end, |p| k + 2 + p);
                    } else {
                        while k < end && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                            k += 1;
                        }
                    }
                    j = k;
                    continue;
                }
            }
            out.push(b[j]);
            j += 1;
        }
        i = end;
    }
    // Only ASCII bytes were removed, at ASCII boundaries: the rest is the input's UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The index after the `>` that ends the tag starting at `i` (quotes respected).
fn tag_end(b: &[u8], i: usize) -> usize {
    let mut quote = None;
    for (k, &c) in b.iter().enumerate().skip(i + 1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return k + 1,
            (None, b'<') => return k,
            _ => {}
        }
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// Read already decoded HTML.
pub fn read_str(html: &str) -> Result<Document, ReadError> {
    let html = &strip_ignored(html);
    let depth = nesting(html);
    if depth > MAX_NESTING {
        return Err(ReadError::TooDeep {
            depth,
            max: MAX_NESTING,
        });
    }
    let parsed = Html::parse_document(html);
    let mut w = Walker::default();
    w.walk(*parsed.root_element())?;
    w.flush();
    Ok(Document {
        title: w.title.map(|t| Paragraph {
            text: t,
            loc: Loc::Block { index: 0 },
        }),
        blocks: w.blocks,
        ..Document::default()
    })
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "pre"
            | "center"
            | "address"
            | "figure"
            | "figcaption"
            | "caption"
            | "tr"
            | "td"
            | "th"
            | "body"
            | "html"
            | "form"
            | "fieldset"
            | "hr"
    )
}

fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "svg"
            | "select"
            | "button"
            | "input"
            | "textarea"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "link"
            | "img"
    )
}

/// Site chrome by class or id: menus, breadcrumbs, share bars, footers.
fn is_chrome(el: &scraper::node::Element) -> bool {
    const WORDS: &[&str] = &[
        "nav",
        "menu",
        "breadcrumb",
        "crumb",
        "footer",
        "sidebar",
        "share",
        "toolbar",
        "copyright",
        "position",
        "location",
        "attachment",
        "qrcode",
        "ewm",
        "print",
        "related",
        "relevant",
        "recommend",
    ];
    let hit = |s: &str| {
        s.to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| WORDS.contains(&w))
    };
    el.id().is_some_and(hit) || el.classes().any(hit)
}

fn span_attr(el: &scraper::node::Element, name: &str) -> u32 {
    el.attr(name)
        .map(|v| {
            v.trim()
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .take(6)
                .collect::<String>()
        })
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|&v| v > 0)
        .unwrap_or(1)
}

/// Deepest element nesting read structurally.
const MAX_DEPTH: usize = 256;

#[derive(Default)]
struct Walker {
    depth: usize,
    blocks: Vec<Block>,
    tables: u32,
    cur: String,
    title: Option<String>,
}

/// Append text with HTML whitespace collapsed (NBSP is content and kept).
fn push_text(out: &mut String, t: &str) {
    for c in t.chars() {
        if matches!(c, ' ' | '\n' | '\r' | '\t' | '\x0c') {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

impl Walker {
    fn flush(&mut self) {
        let t = self
            .cur
            .trim_matches(|c: char| crate::normalize::is_space(c));
        if !t.is_empty() {
            let index = self.blocks.len() as u32;
            self.blocks.push(Block::Paragraph(Paragraph {
                text: t.to_string(),
                loc: Loc::Block { index },
            }));
        }
        self.cur.clear();
    }

    fn walk(&mut self, node: NodeRef<'_, Node>) -> Result<(), ReadError> {
        // Hostile nesting (thousands of <div>s) must not exhaust the stack: past a depth no
        // real page reaches, the rest is read as plain text without recursion.
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            for n in node.descendants() {
                if let Node::Text(t) = n.value() {
                    push_text(&mut self.cur, t);
                }
            }
            self.depth -= 1;
            return Ok(());
        }
        let result = self.walk_children(node);
        self.depth -= 1;
        result
    }

    fn walk_children(&mut self, node: NodeRef<'_, Node>) -> Result<(), ReadError> {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => push_text(&mut self.cur, t),
                Node::Element(el) => {
                    let name = el.name();
                    if name == "title" {
                        let t = text_of(child);
                        if !t.is_empty() && self.title.is_none() {
                            self.title = Some(t);
                        }
                    } else if name == "head" {
                        // Only the title matters in <head>.
                        self.walk(child)?;
                        self.cur.clear();
                    } else if is_skipped(name) || is_chrome(el) {
                    } else if name == "br" {
                        self.flush();
                    } else if name == "table" {
                        self.flush();
                        let table = ElementRef::wrap(child).expect("element");
                        if is_layout(table) {
                            self.walk(child)?;
                            self.flush();
                        } else {
                            self.table(table)?;
                        }
                    } else if is_block(name) {
                        self.flush();
                        self.walk(child)?;
                        self.flush();
                    } else {
                        self.walk(child)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn table(&mut self, table: ElementRef<'_>) -> Result<(), ReadError> {
        let mut rows: Vec<Vec<RawCell>> = Vec::new();
        for tr in rows_of(table) {
            let mut row = Vec::new();
            for cell in tr.children().filter_map(ElementRef::wrap) {
                let el = cell.value();
                if !matches!(el.name(), "td" | "th") {
                    continue;
                }
                row.push(RawCell {
                    text: text_of(*cell),
                    row_span: span_attr(el, "rowspan"),
                    col_span: span_attr(el, "colspan"),
                    line: None,
                });
            }
            rows.push(row);
        }
        // Captions read as a paragraph before the grid.
        for cap in table
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "caption")
        {
            self.cur = text_of(*cap);
            self.flush();
        }
        if rows.iter().all(|r| r.is_empty()) {
            return Ok(());
        }
        let grid = TableGrid::from_rows(self.tables, rows, true)?;
        self.tables += 1;
        self.blocks.push(Block::Table(grid));
        Ok(())
    }
}

/// The `<tr>`s of this table (not of tables nested in it), through thead/tbody/tfoot.
fn rows_of(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut out = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => out.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|e| e.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    out
}

/// A table used for page layout: one of its own cells holds another table, or no row has
/// more than one cell (a frame around the article).
fn is_layout(table: ElementRef<'_>) -> bool {
    let rows = rows_of(table);
    let cells = |tr: &ElementRef<'_>| {
        tr.children()
            .filter_map(ElementRef::wrap)
            .filter(|e| matches!(e.value().name(), "td" | "th"))
            .count()
    };
    if !rows.is_empty() && rows.iter().all(|tr| cells(tr) <= 1) {
        return true;
    }
    rows.iter().any(|tr| {
        tr.children().filter_map(ElementRef::wrap).any(|td| {
            td.descendants()
                .skip(1)
                .any(|n| matches!(n.value(), Node::Element(e) if e.name() == "table"))
        })
    })
}

/// The text of an element: inline pieces joined, block boundaries and `<br>` as line breaks.
fn text_of(node: NodeRef<'_, Node>) -> String {
    fn go(node: NodeRef<'_, Node>, out: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            for n in node.descendants() {
                if let Node::Text(t) = n.value() {
                    push_text(out, t);
                }
            }
            return;
        }
        for child in node.children() {
            match child.value() {
                Node::Text(t) => push_text(out, t),
                Node::Element(el) => {
                    let name = el.name();
                    if is_skipped(name) {
                        continue;
                    }
                    if name == "br" {
                        out.push('\n');
                    } else if is_block(name) {
                        if !out.is_empty() && !out.ends_with('\n') {
                            out.push('\n');
                        }
                        go(child, out, depth + 1);
                        if !out.ends_with('\n') {
                            out.push('\n');
                        }
                    } else {
                        go(child, out, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    go(node, &mut out, 0);
    out.trim_matches(|c: char| matches!(c, ' ' | '\n' | '\r' | '\t'))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_nbsp_comments_and_chrome() {
        let html = r#"<html><head><title>测试市2025年报告</title><style>p{}</style></head><body>
        <div class="nav-bar">首页 &gt; 政务公开</div>
        <p>一、总体情况<!--[if !supportLists]-->7、<!--[endif]--></p>
        <table><tr><td rowspan="2">三、本<p>年度办</p>理结果</td><td>（一）予以公开</td><td>&nbsp;5</td></tr>
        <tr><td>（二）部分公开</td><td><span>1</span><span>2</span></td></tr></table>
        <script>var x = "二、主动公开";</script></body></html>"#;
        let doc = read_str(html).unwrap();
        assert_eq!(doc.title.as_ref().unwrap().text, "测试市2025年报告");
        let paras: Vec<&str> = doc.paragraphs().map(|p| p.text.as_str()).collect();
        assert_eq!(paras, ["一、总体情况7、"]);
        let g = doc.tables().next().unwrap();
        assert_eq!(g.cells.len(), 5);
        assert_eq!(g.row(0)[0].text, "三、本\n年度办\n理结果");
        assert_eq!(g.row(1)[0].col, 1);
        assert_eq!(g.row(1)[1].text, "12");
        assert_eq!(g.row(0)[2].text, "\u{a0}5");
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        // Deeper than a 2 MiB worker stack allows if read recursively, within the nesting limit.
        let html = format!(
            "{}一、总体情况{}",
            "<div>".repeat(3_000),
            "</div>".repeat(3_000)
        );
        let doc = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || read_str(&html).unwrap())
            .unwrap()
            .join()
            .unwrap();
        assert!(doc.paragraphs().any(|p| p.text.contains("总体情况")));
        let hostile = format!(
            "{}x{}",
            "<div>".repeat(MAX_NESTING + 1),
            "</div>".repeat(MAX_NESTING + 1)
        );
        assert!(matches!(read_str(&hostile), Err(ReadError::TooDeep { .. })));
    }

    #[test]
    fn ignored_parts_are_cut_before_parsing() {
        let html = r#"<p style="a:b>c" class='x'>一、总体情况<!-- <p>二、主动公开</p> --></p><SCRIPT>var s = "<p>三</p>";</script><style>p{}</style><td styled="1" style = 'x'>5</td>"#;
        assert_eq!(
            strip_ignored(html),
            r#"<p  class='x'>一、总体情况</p><td styled="1" >5</td>"#
        );
        assert_eq!(strip_ignored("规章 < 5 与 style=1"), "规章 < 5 与 style=1");
    }

    #[test]
    fn layout_tables_are_flow() {
        let html = "<table><tr><td><p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>";
        let doc = read_str(html).unwrap();
        assert_eq!(doc.tables().count(), 1);
        assert_eq!(doc.paragraphs().count(), 1);
    }

    #[test]
    fn charset_declaration_is_read() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>二、主动公开政府信息情况</p></body></html>");
        assert_eq!(declared_charset(&gbk), Some(encoding_rs::GBK));
        let doc = read(&gbk, &ReadOptions::default()).unwrap();
        assert_eq!(
            doc.paragraphs().next().unwrap().text,
            "二、主动公开政府信息情况"
        );
    }
}
