//! Tables flattened into one line of text with no cell separators (web-page text such as
//! `规范性文件898989`, `一、本年新收政府信息公开申请数量200 000121`).
//!
//! The paragraphs are read as one stream of normalised characters (spaces removed but
//! remembered, a line break between paragraphs) that keeps, for every character, where it was
//! printed. The stream is cut into text and *runs*: digits with the signs, decimal points and
//! units that can stand in a cell. A run belongs to the row label printed right before it, in
//! the same paragraph, inside a table recognised by its header words, and only when what
//! follows it starts a label, a heading or a new line (so prose such as `予以公开7件` is not a
//! row).
//!
//! A run is then split into the row's cells. Only a split that is certain is used:
//!
//! - the only split at all (as many digits as cells, or a sign, decimal point or unit that
//!   forces the boundaries), or the one the spaces print (as many space-separated tokens as
//!   cells);
//! - otherwise, for tables 3 and 4, the only split whose cells satisfy the table's sums: the
//!   row sum (T3-ROWSUM) or the group sums (T4-SUM), then, for rows still ambiguous, the column
//!   identities across rows (T3-TOTAL, T3-BALANCE). Identities only choose between splits of an
//!   ambiguous run; a run printed unambiguously is kept as printed even when it breaks them.
//!
//! When several splits remain, the cells all of them agree on are kept and the others are left
//! out with an `AMBIGUOUS_RUN` warning that quotes the run and its location. Table 2 has no
//! identity, so its ambiguous runs are only ever resolved by agreement.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::document::{Block, Document, Loc, Paragraph};
use crate::normalize::{is_han, is_space, norm};
use crate::numbers::UNITS;
use crate::report::{Alternative, Diagnostic, Fact, FactValue, Severity, Template, ValueKind};
use crate::template::{
    self as tpl, Label, T2_COLS, T2_MARKS_2019, T2_MARKS_2021, T2_ROWS, T3_COL_KEYS,
    T3_GROUP_OTHER, T3_ROWS, T4_COL_KEYS, T4_GROUP_KEYS, match_label,
};

/// Facts recovered from flattened tables, the doubts met on the way, and the possible values
/// of cells left out because their run reads several ways.
pub fn extract(doc: &Document) -> (Vec<Fact>, Vec<Diagnostic>, Vec<Alternative>) {
    let Some(stream) = Stream::build(doc) else {
        return (Vec::new(), Vec::new(), Vec::new());
    };
    let mut p = Parser::new(&stream);
    for (text, run) in stream.pieces() {
        p.feed(text, run);
    }
    p.finish()
}

// ---------------------------------------------------------------- limits

/// Paragraph break in the stream (never produced by `norm`, which removes all spaces).
const BREAK: char = '\n';
/// Most atoms (digits, signs, points) one cell may take.
const MAX_CELL_ATOMS: usize = 18;
/// Search steps allowed for one run's splits.
const MAX_STEPS: usize = 100_000;
/// Most candidate splits kept for one run; more is "too ambiguous".
const MAX_CANDIDATES: usize = 5_000;
/// Most combinations of ambiguous table-3 rows tried against the column identities.
const MAX_COMBOS: usize = 20_000;
/// A label's text after its matched words (`（区分处理的，只计这一情形，不计其他情形）`).
const T3_MAX_TAIL: usize = 24;
/// Text before a label's matched words within its segment (`三、本年度办理结果（四）无法提供1.`).
const T3_MAX_PREFIX: usize = 40;
const T2_MAX_TAIL: usize = 6;
const T2_MAX_PREFIX: usize = 12;
/// Table 2's column words after `信息内容` (`本年新制作数量本年新公开数量对外公开总数量`).
const T2_MAX_HEADER: usize = 40;
/// A segment of text this long (in one paragraph) that is no header ends the table.
const PROSE: usize = 80;

// ---------------------------------------------------------------- words

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// (key, words) of the simple patterns of a label table (no `=`/`&` patterns).
fn simple_patterns(rules: &'static [Label]) -> Vec<(&'static str, Vec<char>)> {
    rules
        .iter()
        .flat_map(|r| {
            r.any
                .iter()
                .filter(|p| !p.starts_with('=') && !p.contains('&'))
                .map(|p| (r.key, chars(p)))
        })
        .collect()
}

/// Row labels of table 3, plus `（六）其他处理` printed as a row of its own.
static T3_PATS: LazyLock<Vec<(&'static str, Vec<char>)>> = LazyLock::new(|| {
    let mut v = simple_patterns(T3_ROWS);
    v.push(("other", chars("其他处理")));
    v
});
static T2_PATS: LazyLock<Vec<(&'static str, Vec<char>)>> =
    LazyLock::new(|| simple_patterns(T2_ROWS));
static T2_COL_PATS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    let mut v: Vec<Vec<char>> = simple_patterns(T2_COLS).into_iter().map(|p| p.1).collect();
    v.push(chars("增/减"));
    v
});
/// Column words of table 3's header.
static T3_HEAD_WORDS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    [
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "公益组织",
        "法律服务机构",
        "总计",
    ]
    .iter()
    .map(|s| chars(s))
    .collect()
});
/// Words a row label, table header or heading may start with: what may follow a run.
static NEXT_WORDS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    [
        "第二十条",
        "信息内容",
        "规章",
        "规范性文件",
        "行政规范性文件",
        "行政许可",
        "其他对外",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
        "事业性收费",
        "政府集中采购",
        "集中采购",
        "申请人情况",
        "行政复议",
        "行政诉讼",
    ]
    .iter()
    .map(|s| chars(s))
    .collect()
});
/// Units written after a number, longest first.
static UNIT_WORDS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    let mut v: Vec<Vec<char>> = UNITS.iter().map(|u| chars(u)).collect();
    v.sort_by_key(|u| std::cmp::Reverse(u.len()));
    v
});
/// A paragraph must hold one of these for the document to be read here at all.
const MARKS: &[&str] = &["信息内容", "自然人", "结果维持"];

fn find_from(h: &[char], p: &[char], from: usize) -> Option<usize> {
    if p.is_empty() || h.len() < p.len() || from > h.len() - p.len() {
        return None;
    }
    (from..=h.len() - p.len()).find(|&i| h[i..i + p.len()] == *p)
}

fn rfind(h: &[char], p: &[char]) -> Option<usize> {
    if p.is_empty() || h.len() < p.len() {
        return None;
    }
    (0..=h.len() - p.len())
        .rev()
        .find(|&i| h[i..i + p.len()] == *p)
}

fn contains(h: &[char], p: &str) -> bool {
    find_from(h, &chars(p), 0).is_some()
}

fn starts_with(h: &[char], p: &[char]) -> bool {
    h.len() >= p.len() && h[..p.len()] == *p
}

/// The label matched last in `h`: (key, start, end).
fn rightmost(
    h: &[char],
    pats: &[(&'static str, Vec<char>)],
) -> Option<(&'static str, usize, usize)> {
    let mut best: Option<(&'static str, usize, usize)> = None;
    for (key, p) in pats {
        if let Some(i) = rfind(h, p)
            && best.is_none_or(|b| i > b.1 || (i == b.1 && i + p.len() > b.2))
        {
            best = Some((key, i, i + p.len()));
        }
    }
    best
}

/// Text that may be a row label we do not know (worth a warning): short, words, no sentence
/// punctuation.
fn looks_like_label(t: &[char], max: usize) -> bool {
    t.len() <= max
        && t.iter().filter(|c| is_han(**c)).count() >= 2
        && !t
            .iter()
            .any(|c| matches!(c, '。' | ',' | ';' | '，' | '；'))
}

fn is_cn_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

// ---------------------------------------------------------------- stream

struct Stream<'a> {
    /// Normalised characters, [`BREAK`] between paragraphs.
    chars: Vec<char>,
    /// The character as printed.
    raw: Vec<char>,
    /// Whether spaces were printed right before the character.
    space_before: Vec<bool>,
    /// (paragraph, 0-based character index in its text).
    origin: Vec<(u32, u32)>,
    paras: Vec<&'a Paragraph>,
}

/// One character of a run: a digit, `-` or `.`, with the unit printed right after it.
#[derive(Debug, Clone)]
struct Atom {
    c: char,
    at: usize,
    space: bool,
    unit: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
struct Run {
    atoms: Vec<Atom>,
    /// Where the text after the run starts.
    end: usize,
}

impl<'a> Stream<'a> {
    fn build(doc: &'a Document) -> Option<Stream<'a>> {
        let marked = doc.paragraphs().any(|p| {
            let n = norm(&p.text);
            MARKS.iter().any(|m| n.contains(m))
        });
        if !marked {
            return None;
        }
        let mut s = Stream {
            chars: Vec::new(),
            raw: Vec::new(),
            space_before: Vec::new(),
            origin: Vec::new(),
            paras: Vec::new(),
        };
        for block in &doc.blocks {
            if !s.chars.is_empty() {
                s.chars.push(BREAK);
                s.raw.push(BREAK);
                s.space_before.push(false);
                s.origin.push((u32::MAX, u32::MAX));
            }
            let Block::Paragraph(p) = block else {
                continue;
            };
            let pi = s.paras.len() as u32;
            s.paras.push(p);
            let n = norm(&p.text);
            // `norm` drops spaces and maps every other character to exactly one; should that
            // ever change, fold character by character so that places stay right.
            let one_to_one = n.chars().count() == p.text.chars().filter(|c| !is_space(*c)).count();
            let mut nc = n.chars();
            let mut space = false;
            for (ri, c) in p.text.chars().enumerate() {
                if is_space(c) {
                    space = true;
                    continue;
                }
                let m = if one_to_one {
                    nc.next()
                } else {
                    let mut b = [0u8; 4];
                    let folded = norm(c.encode_utf8(&mut b));
                    let mut it = folded.chars();
                    it.next().filter(|_| it.next().is_none())
                };
                let Some(m) = m else {
                    space = true;
                    continue;
                };
                s.chars.push(m);
                s.raw.push(c);
                s.space_before.push(space);
                s.origin.push((pi, ri as u32));
                space = false;
            }
        }
        Some(s)
    }

    /// Where the character at `at` was printed.
    fn loc(&self, at: usize) -> Loc {
        let (pi, ri) = self.origin[at];
        let p = self.paras[pi as usize];
        match &p.loc {
            Loc::Line { line, column } => Loc::Line {
                line: *line,
                column: Some(column.unwrap_or(1) + ri),
            },
            other => other.clone(),
        }
    }

    /// The stream cut into (text before, run) pairs.
    fn pieces(&self) -> Vec<((usize, usize), Run)> {
        let n = self.chars.len();
        let mut out = Vec::new();
        let mut text_start = 0;
        let mut i = 0;
        while i < n {
            let c = self.chars[i];
            if c.is_ascii_alphabetic() {
                // `GB2312`, `A3`: not numbers of a table.
                while i < n && self.chars[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                continue;
            }
            let starts = c.is_ascii_digit()
                || (c == '-' && self.chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()));
            if !starts {
                i += 1;
                continue;
            }
            let (run, next) = self.scan_run(i);
            if let Some(run) = run {
                out.push(((text_start, i), run));
                text_start = next;
            }
            i = next.max(i + 1);
        }
        out
    }

    /// The run starting at `i`, and where scanning goes on. A label number printed right after
    /// the run (`00000002.其他法律…`) is left to the text.
    fn scan_run(&self, i: usize) -> (Option<Run>, usize) {
        let c = &self.chars;
        let n = c.len();
        let mut atoms: Vec<Atom> = Vec::new();
        let mut j = i;
        loop {
            while j < n && matches!(c[j], '0'..='9' | '-' | '.') {
                atoms.push(Atom {
                    c: c[j],
                    at: j,
                    space: j > i && self.space_before[j],
                    unit: None,
                });
                j += 1;
            }
            if atoms.last().is_some_and(|a| a.c.is_ascii_digit())
                && let Some(len) = self.unit_at(j)
            {
                if let Some(last) = atoms.last_mut() {
                    last.unit = Some((j, j + len));
                }
                j += len;
                if j < n && c[j].is_ascii_digit() {
                    continue;
                }
            }
            break;
        }
        let scanned = j;
        let mut end = j;
        let len = atoms.len();
        let no_unit = |a: &Atom| a.unit.is_none();
        if len >= 2
            && atoms[len - 1].c == '.'
            && atoms[len - 2].c.is_ascii_digit()
            && no_unit(&atoms[len - 2])
            && j < n
            && is_han(c[j])
        {
            end = atoms[len - 2].at;
            atoms.truncate(len - 2);
        } else if len >= 1
            && atoms[len - 1].c.is_ascii_digit()
            && no_unit(&atoms[len - 1])
            && j + 1 < n
            && c[j] == '、'
            && is_han(c[j + 1])
        {
            end = atoms[len - 1].at;
            atoms.pop();
        }
        while atoms.last().is_some_and(|a| a.c == '.' && a.unit.is_none()) {
            if let Some(a) = atoms.pop() {
                end = a.at;
            }
        }
        if atoms.iter().any(|a| a.c.is_ascii_digit()) {
            (Some(Run { atoms, end }), end)
        } else {
            (None, scanned)
        }
    }

    /// Length of a unit (`元`, `（万元）`) printed at `j`.
    fn unit_at(&self, j: usize) -> Option<usize> {
        let rest = &self.chars[j.min(self.chars.len())..];
        if rest.first() == Some(&'(') {
            for u in UNIT_WORDS.iter() {
                if starts_with(&rest[1..], u) && rest.get(1 + u.len()) == Some(&')') {
                    return Some(u.len() + 2);
                }
            }
        }
        UNIT_WORDS
            .iter()
            .find(|u| starts_with(rest, u))
            .map(|u| u.len())
    }

    /// Whether the text at `e` may follow a row's run: a label, a heading, a new line.
    fn good_end(&self, e: usize) -> bool {
        let c = &self.chars;
        if e >= c.len() {
            return true;
        }
        if c[e] == BREAK {
            // A line that goes on with digits may be the same run wrapped: not a row's end,
            // unless they are the next label's number (`2.其他法律…`).
            return match c.get(e + 1) {
                Some(d) if d.is_ascii_digit() => {
                    matches!(c.get(e + 2), Some('.' | '、'))
                        && c.get(e + 3).is_some_and(|h| is_han(*h))
                }
                Some('-' | '.') => false,
                _ => true,
            };
        }
        match c[e] {
            '(' | '第' => true,
            d if d.is_ascii_digit() => matches!(c.get(e + 1), Some('.' | '、')),
            _ => {
                let mut k = e;
                while k < c.len() && k < e + 3 && is_cn_numeral(c[k]) {
                    k += 1;
                }
                (k > e && c.get(k) == Some(&'、'))
                    || NEXT_WORDS.iter().any(|w| starts_with(&c[e..], w))
            }
        }
    }

    /// The run as printed, spaces shown as one space.
    fn run_text(&self, run: &Run) -> String {
        let mut s = String::new();
        for a in &run.atoms {
            if a.space {
                s.push(' ');
            }
            s.push(self.raw[a.at]);
            if let Some((u0, u1)) = a.unit {
                s.extend(&self.raw[u0..u1]);
            }
        }
        s
    }
}

// ---------------------------------------------------------------- splits

#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Int(i64),
    Float(f64),
    /// `-` standing for "nothing here".
    Dash,
}

/// One cell of a split: atoms `a..b` of the run.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    a: usize,
    b: usize,
    num: Num,
}

impl Piece {
    fn int(&self) -> i64 {
        match self.num {
            Num::Int(i) => i,
            _ => 0,
        }
    }
}

type Split = Vec<Piece>;

/// A test on the cells chosen so far (a prefix of a split).
type Check = dyn Fn(&[Piece]) -> bool;

/// What a column may hold.
#[derive(Debug, Clone, Copy)]
struct Spec {
    /// A sign (`本年增/减`).
    neg: bool,
    /// A decimal point (money).
    dec: bool,
    /// `-` as a placeholder, or a unit.
    loose: bool,
    /// Most atoms the cell may take.
    max: usize,
}

/// A count of table 3 or 4: at most seven digits (9 999 999 applications or cases).
const COUNT: Spec = Spec {
    neg: false,
    dec: false,
    loose: false,
    max: 7,
};

/// The cell made of atoms `a..b`, if they can be one under `spec`.
fn cell(atoms: &[Atom], a: usize, b: usize, spec: Spec) -> Option<Num> {
    if atoms[a..b - 1].iter().any(|x| x.unit.is_some()) {
        return None;
    }
    if atoms[b - 1].unit.is_some() && !spec.loose {
        return None;
    }
    if b - a == 1 && atoms[a].c == '-' {
        return spec.loose.then_some(Num::Dash);
    }
    let mut i = a;
    let neg = atoms[i].c == '-';
    if neg {
        if !spec.neg {
            return None;
        }
        i += 1;
    }
    let mut s = String::with_capacity(b - a);
    if neg {
        s.push('-');
    }
    let (mut int_digits, mut frac_digits, mut dot) = (0usize, 0usize, false);
    let first = i;
    for x in &atoms[i..b] {
        match x.c {
            '0'..='9' if dot => frac_digits += 1,
            '0'..='9' => int_digits += 1,
            '.' if !dot && spec.dec && int_digits > 0 => dot = true,
            _ => return None,
        }
        s.push(x.c);
    }
    if int_digits == 0 || (dot && frac_digits == 0) || int_digits + frac_digits > 15 {
        return None;
    }
    if int_digits > 1 && atoms[first].c == '0' {
        return None;
    }
    if dot {
        s.parse().ok().map(Num::Float)
    } else {
        let v: i64 = s.parse().ok()?;
        if neg && v == 0 {
            return None;
        }
        Some(Num::Int(v))
    }
}

/// Every split of `atoms` into `specs.len()` cells that `check` accepts (it sees each prefix
/// of a split). `None` when there are more than `cap` or the search is too long.
fn splits(atoms: &[Atom], specs: &[Spec], cap: usize, check: &Check) -> Option<Vec<Split>> {
    struct Search<'s> {
        atoms: &'s [Atom],
        specs: &'s [Spec],
        cap: usize,
        check: &'s Check,
        /// `room[k]`: most atoms cells `k..` can take together.
        room: Vec<usize>,
        cur: Split,
        out: Vec<Split>,
        steps: usize,
        overflow: bool,
    }
    impl Search<'_> {
        fn go(&mut self, pos: usize) {
            if self.overflow {
                return;
            }
            self.steps += 1;
            if self.steps > MAX_STEPS {
                self.overflow = true;
                return;
            }
            let n = self.atoms.len();
            let k = self.cur.len();
            if k == self.specs.len() {
                if pos == n {
                    if self.out.len() >= self.cap {
                        self.overflow = true;
                    } else {
                        self.out.push(self.cur.clone());
                    }
                }
                return;
            }
            let left = self.specs.len() - k;
            if n - pos < left || n - pos > self.room[k] {
                return;
            }
            let (lo, hi) = if left == 1 {
                (n, n)
            } else {
                (pos + 1, (n - (left - 1)).min(pos + self.specs[k].max))
            };
            for end in lo..=hi {
                if let Some(num) = cell(self.atoms, pos, end, self.specs[k]) {
                    self.cur.push(Piece {
                        a: pos,
                        b: end,
                        num,
                    });
                    if (self.check)(&self.cur) {
                        self.go(end);
                    }
                    self.cur.pop();
                }
                if self.atoms[end - 1].unit.is_some() {
                    break;
                }
            }
        }
    }
    if atoms.is_empty() {
        return Some(Vec::new());
    }
    let mut room = vec![0; specs.len() + 1];
    for k in (0..specs.len()).rev() {
        room[k] = room[k + 1] + specs[k].max.min(MAX_CELL_ATOMS);
    }
    let mut s = Search {
        atoms,
        specs,
        cap,
        check,
        room,
        cur: Vec::with_capacity(specs.len()),
        out: Vec::new(),
        steps: 0,
        overflow: false,
    };
    s.go(0);
    (!s.overflow).then_some(s.out)
}

/// The split the spaces print, when they print exactly one token per cell.
fn split_by_spaces(atoms: &[Atom], specs: &[Spec]) -> Option<Split> {
    let mut bounds = vec![0];
    for (i, a) in atoms.iter().enumerate().skip(1) {
        if a.space || atoms[i - 1].unit.is_some() {
            bounds.push(i);
        }
    }
    bounds.push(atoms.len());
    if bounds.len() - 1 != specs.len() || specs.len() < 2 {
        return None;
    }
    bounds
        .windows(2)
        .zip(specs)
        .map(|(w, spec)| {
            cell(atoms, w[0], w[1], *spec).map(|num| Piece {
                a: w[0],
                b: w[1],
                num,
            })
        })
        .collect()
}

/// How a run's split was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// The only split there is, or the one its spaces print.
    Printed,
    /// The only split satisfying the table's sums.
    Sums,
}

#[derive(Debug, Clone)]
enum Outcome {
    Fixed(Split, How),
    /// Several splits remain.
    Open(Vec<Split>),
    /// No usable split; the reason was warned about.
    Failed,
}

/// A search for the splits that satisfy a table's sums, at most `cap` of them (`None` when
/// there are more or the search is too long).
type SumSearch<'a> = &'a dyn Fn(usize) -> Option<Vec<Split>>;

/// The split(s) of `run` into `specs`: certain when printed so, else those `sums` finds.
fn decide(
    atoms: &[Atom],
    specs: &[Spec],
    sums: Option<SumSearch>,
) -> Result<Outcome, (&'static str, String)> {
    let any = |_: &[Piece]| true;
    let Some(all) = splits(atoms, specs, 2, &any) else {
        // More than two: fall through to the sums.
        return narrow(atoms, specs, sums);
    };
    match all.len() {
        0 => {
            let digits = atoms.iter().filter(|a| a.c.is_ascii_digit()).count();
            Err((
                "UNSPLIT_RUN",
                if digits < specs.len() {
                    format!("{digits} digits for {} cells (blank cells?)", specs.len())
                } else {
                    format!("no way to cut it into {} cells", specs.len())
                },
            ))
        }
        1 => Ok(Outcome::Fixed(
            all.into_iter().next().unwrap_or_default(),
            How::Printed,
        )),
        _ => narrow(atoms, specs, sums),
    }
}

fn narrow(
    atoms: &[Atom],
    specs: &[Spec],
    sums: Option<SumSearch>,
) -> Result<Outcome, (&'static str, String)> {
    if let Some(s) = split_by_spaces(atoms, specs) {
        return Ok(Outcome::Fixed(s, How::Printed));
    }
    let any = |_: &[Piece]| true;
    let found = match sums {
        Some(search) => search(MAX_CANDIDATES),
        None => splits(atoms, specs, MAX_CANDIDATES, &any),
    };
    let Some(c) = found else {
        return Err(("AMBIGUOUS_RUN", "too many ways to cut it".into()));
    };
    match c.len() {
        0 => Err((
            "UNSPLIT_RUN",
            "no way to cut it satisfies the table's sums".into(),
        )),
        1 if sums.is_some() => Ok(Outcome::Fixed(
            c.into_iter().next().unwrap_or_default(),
            How::Sums,
        )),
        _ => Ok(Outcome::Open(c)),
    }
}

/// The splits of a table-3 run whose 总计 (last cell) is the sum of the six others: for each
/// length of 总计, the six cells before it, none larger than it.
fn t3_search(atoms: &[Atom], cap: usize) -> Option<Vec<Split>> {
    let n = atoms.len();
    let mut out = Vec::new();
    for len in 1..=COUNT.max.min(n.saturating_sub(6)) {
        let Some(total) = cell(atoms, n - len, n, COUNT) else {
            continue;
        };
        let t = match total {
            Num::Int(t) => t,
            _ => continue,
        };
        let six = [Spec { max: len, ..COUNT }; 6];
        let check = move |p: &[Piece]| {
            let sum: i64 = p.iter().map(Piece::int).sum();
            sum <= t && (p.len() < 6 || sum == t)
        };
        for mut s in splits(
            &atoms[..n - len],
            &six,
            cap.saturating_sub(out.len()) + 1,
            &check,
        )? {
            s.push(Piece {
                a: n - len,
                b: n,
                num: total,
            });
            out.push(s);
        }
        if out.len() > cap {
            return None;
        }
    }
    Some(out)
}

/// The cells every split agrees on (same atoms, same number), by column.
fn consensus(cands: &[Split], n: usize) -> Vec<Option<Piece>> {
    (0..n)
        .map(|i| {
            let first = cands.first()?.get(i)?;
            cands
                .iter()
                .all(|c| c.get(i) == Some(first))
                .then(|| first.clone())
        })
        .collect()
}

fn show(split: &Split, atoms: &[Atom], stream: &Stream) -> String {
    split
        .iter()
        .map(|p| {
            atoms[p.a..p.b]
                .iter()
                .map(|a| stream.raw[a.at])
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|")
}

fn t3_rowsum(p: &[Piece]) -> bool {
    p.len() < 7 || p[..6].iter().map(Piece::int).sum::<i64>() == p[6].int()
}

fn t4_sums(p: &[Piece]) -> bool {
    let k = p.len();
    if k == 0 || !k.is_multiple_of(5) {
        return true;
    }
    let g = &p[k - 5..];
    g[..4].iter().map(Piece::int).sum::<i64>() == g[4].int()
}

// ---------------------------------------------------------------- parser

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    None,
    T2,
    T3,
    T4,
}

struct Row {
    key: &'static str,
    run: Run,
    /// Table 2: the columns its block header names.
    header: Vec<&'static str>,
}

struct Parser<'s> {
    s: &'s Stream<'s>,
    region: Region,
    /// Where row labels may start in the current segment (after a header's words).
    cut: usize,
    /// The current segment is table 4's header and ends with its last column word.
    t4_header: bool,
    t2_header: Vec<&'static str>,
    votes_2019: u32,
    votes_2021: u32,
    t2: Vec<Row>,
    t2_closed: bool,
    t3: Vec<Row>,
    t3_closed: bool,
    t3_group6: bool,
    t3_blank_rows: Vec<&'static str>,
    t4: Option<Run>,
    facts: Vec<Fact>,
    warnings: Vec<Diagnostic>,
    alternatives: Vec<Alternative>,
}

/// Place of a table-3 row in the printed order (both templates).
fn t3_order(key: &str) -> usize {
    let mut rows = tpl::t3_rows(true);
    let at = rows.iter().position(|r| *r == "other_overdue_correction");
    if let Some(at) = at {
        rows.insert(at, "other");
    }
    rows.iter().position(|r| *r == key).unwrap_or(usize::MAX)
}

impl<'s> Parser<'s> {
    fn new(s: &'s Stream<'s>) -> Parser<'s> {
        Parser {
            s,
            region: Region::None,
            cut: 0,
            t4_header: false,
            t2_header: Vec::new(),
            votes_2019: 0,
            votes_2021: 0,
            t2: Vec::new(),
            t2_closed: false,
            t3: Vec::new(),
            t3_closed: false,
            t3_group6: false,
            t3_blank_rows: Vec::new(),
            t4: None,
            facts: Vec::new(),
            warnings: Vec::new(),
            alternatives: Vec::new(),
        }
    }

    fn warn(&mut self, code: &str, message: String, at: Option<usize>) {
        let loc = at.map(|a| self.s.loc(a));
        self.warnings.push(Diagnostic {
            code: code.into(),
            severity: Severity::Warning,
            message,
            loc,
        });
    }

    fn feed(&mut self, (t0, t1): (usize, usize), run: Run) {
        let seg = &self.s.chars[t0..t1];
        self.on_text(seg);
        if !self.s.good_end(run.end) {
            return;
        }
        match self.region {
            Region::None => {}
            Region::T2 => self.t2_run(seg, run),
            Region::T3 => self.t3_run(seg, run),
            Region::T4 => {
                if self.t4_header && self.t4.is_none() {
                    self.t4 = Some(run);
                }
                self.region = Region::None;
            }
        }
    }

    /// Headers start tables; a long stretch of prose ends them. Lines are read in order.
    fn on_text(&mut self, seg: &[char]) {
        self.cut = 0;
        self.t4_header = false;
        let mut pos = 0;
        let lines = seg.split(|c| *c == BREAK).count();
        for (i, line) in seg.split(|c| *c == BREAK).enumerate() {
            self.on_line(line, pos, i + 1 == lines);
            pos += line.len() + 1;
        }
    }

    /// One line of a text segment, starting at `pos` in it.
    fn on_line(&mut self, line: &[char], pos: usize, last: bool) {
        // Table 4: its header runs into its only row.
        if contains(line, "维持") && contains(line, "纠正") {
            let end = ["总计", "合计"]
                .iter()
                .filter_map(|w| rfind(line, &chars(w)).map(|i| i + 2))
                .max();
            self.region = Region::T4;
            self.t4_header = last && end.is_some_and(|e| line.len() - e <= 1);
            self.cut = pos + line.len();
            return;
        }
        // Table 3: at least three of its column words on one line.
        let words: Vec<usize> = T3_HEAD_WORDS
            .iter()
            .filter_map(|w| rfind(line, w).map(|i| i + w.len()))
            .collect();
        if words.len() >= 3 {
            self.region = Region::T3;
            self.cut = pos + words.iter().max().copied().unwrap_or(0);
            self.t3_group6 = false;
            return;
        }
        // Table 2: a block header `信息内容 本年制发件数 …`.
        if let Some(h) = rfind(line, &chars("信息内容")) {
            // The column words follow `信息内容` at once (`信息内容本年制发件数…`).
            let cols = &line[h + 4..];
            let first = T2_COL_PATS
                .iter()
                .filter_map(|p| find_from(cols, p, 0))
                .min();
            let ends: Vec<usize> = T2_COL_PATS
                .iter()
                .filter_map(|p| rfind(cols, p).map(|i| i + p.len()))
                .filter(|e| *e <= T2_MAX_HEADER)
                .collect();
            if first.is_some_and(|f| f <= 3)
                && let Some(e) = ends.iter().max()
            {
                let e = h + 4 + e;
                let header: String = line[h..e].iter().collect();
                self.region = Region::T2;
                self.cut = pos + e;
                self.t2_header = tpl::labels_in_order(T2_COLS, &header);
                let block: String = line.iter().collect();
                if T2_MARKS_2019.iter().any(|m| block.contains(m)) {
                    self.votes_2019 += 1;
                }
                if T2_MARKS_2021.iter().any(|m| block.contains(m)) {
                    self.votes_2021 += 1;
                }
                return;
            }
        }
        if line.len() > PROSE {
            self.region = Region::None;
            return;
        }
        if self.region == Region::T3 {
            // In （六）其他处理 from its heading to （七）总计: `3.其他` is a row there.
            let open = rfind(line, &chars("其他处理"));
            let close = ["(七)", "总计"]
                .iter()
                .filter_map(|w| rfind(line, &chars(w)))
                .max();
            match (open, close) {
                (Some(o), Some(c)) => self.t3_group6 = o > c,
                (Some(_), None) => self.t3_group6 = true,
                (None, Some(_)) => self.t3_group6 = false,
                (None, None) => {}
            }
        }
    }

    fn t2_run(&mut self, seg: &[char], run: Run) {
        let part = &seg[self.cut.min(seg.len())..];
        let Some((key, ps, pe)) = rightmost(part, &T2_PATS) else {
            let line = part.split(|c| *c == BREAK).next_back().unwrap_or_default();
            if looks_like_label(line, T2_MAX_PREFIX + T2_MAX_TAIL) {
                let text: String = line.iter().collect();
                let at = run.atoms.first().map(|a| a.at);
                let rt = self.s.run_text(&run);
                self.warn(
                    "UNKNOWN_ROW",
                    format!(
                        "flattened table 2: {text:?} matches no row of the template; its numbers {rt:?} are left out"
                    ),
                    at,
                );
            }
            return;
        };
        let tail = &part[pe..];
        let line_start = part[..ps]
            .iter()
            .rposition(|c| *c == BREAK)
            .map_or(0, |p| p + 1);
        if tail.len() > T2_MAX_TAIL || tail.contains(&BREAK) || ps - line_start > T2_MAX_PREFIX {
            return;
        }
        if self.t2_closed {
            return;
        }
        if self.t2.iter().any(|r| r.key == key) {
            let at = run.atoms.first().map(|a| a.at);
            if self.t2.first().is_some_and(|r| r.key == key) {
                // The table starts again: another report's, or a copy. Only the first is read.
                self.t2_closed = true;
                self.warn(
                    "SECOND_TABLE",
                    "flattened table 2 printed again; only the first is read".into(),
                    at,
                );
            } else {
                self.warn(
                    "DUPLICATE_ROW",
                    format!("flattened table 2: row {key} printed again; the first is kept"),
                    at,
                );
            }
            return;
        }
        let header = self.t2_header.clone();
        self.t2.push(Row { key, run, header });
    }

    fn t3_run(&mut self, seg: &[char], run: Run) {
        if self.t3_closed {
            return;
        }
        let part = &seg[self.cut.min(seg.len())..];
        let line_start = part.iter().rposition(|c| *c == BREAK).map_or(0, |p| p + 1);
        let leaf: String = part[line_start..].iter().collect();
        let at = run.atoms.first().map(|a| a.at);
        let found = if self.t3_group6
            && let Some(k) = match_label(T3_GROUP_OTHER, &leaf)
        {
            Some((k, line_start, part.len()))
        } else {
            rightmost(part, &T3_PATS)
        };
        let Some((key, ps, pe)) = found else {
            if looks_like_label(&part[line_start..], T3_MAX_PREFIX + T3_MAX_TAIL) {
                let rt = self.s.run_text(&run);
                self.warn(
                    "UNKNOWN_ROW",
                    format!(
                        "flattened table 3: {leaf:?} matches no row of the template; its numbers {rt:?} are left out"
                    ),
                    at,
                );
            }
            return;
        };
        let tail = &part[pe..];
        let label_line = part[..ps]
            .iter()
            .rposition(|c| *c == BREAK)
            .map_or(0, |p| p + 1);
        if tail.len() > T3_MAX_TAIL || tail.contains(&BREAK) || ps - label_line > T3_MAX_PREFIX {
            return;
        }
        // Another row label before this one in the same stretch: that row printed no numbers.
        let before = &part[label_line..ps];
        for (k, p) in T3_PATS.iter() {
            if *k != key && *k != "other" && find_from(before, p, 0).is_some() {
                self.t3_blank_rows.push(k);
            }
        }
        if key == "other" {
            self.t3_group6 = true;
        }
        let order = t3_order(key);
        if let Some(last) = self.t3.last()
            && t3_order(last.key) >= order
        {
            if key == "new_received" {
                // The table starts again: another report's, or a copy. Only the first is read.
                self.t3_closed = true;
                self.warn(
                    "SECOND_TABLE",
                    "flattened table 3 printed again; only the first is read".into(),
                    at,
                );
                return;
            }
            let rt = self.s.run_text(&run);
            self.warn(
                "ROW_ORDER",
                format!(
                    "flattened table 3: row {key} ({rt:?}) printed after row {}; left out",
                    last.key
                ),
                at,
            );
            return;
        }
        self.t3.push(Row {
            key,
            run,
            header: Vec::new(),
        });
    }

    fn finish(mut self) -> (Vec<Fact>, Vec<Diagnostic>, Vec<Alternative>) {
        if self.t2.len() >= 2 {
            self.finish_t2();
        }
        if self.t3.len() >= 3 {
            self.finish_t3();
        }
        if let Some(run) = self.t4.take() {
            self.finish_t4(run);
        }
        (self.facts, self.warnings, self.alternatives)
    }

    fn emit(&mut self, key: String, run: &Run, piece: &Piece) {
        let atoms = &run.atoms[piece.a..piece.b];
        let mut raw: String = atoms.iter().map(|a| self.s.raw[a.at]).collect();
        let mut unit = None;
        if let Some((u0, u1)) = atoms.last().and_then(|a| a.unit) {
            raw.extend(&self.s.raw[u0..u1]);
            let u: String = self.s.chars[u0..u1]
                .iter()
                .filter(|c| !matches!(c, '(' | ')'))
                .collect();
            unit = Some(u);
        }
        let (value, kind) = match piece.num {
            Num::Int(i) => (Some(FactValue::Int(i)), ValueKind::Number),
            Num::Float(f) => (Some(FactValue::Float(f)), ValueKind::Number),
            Num::Dash => (None, ValueKind::Placeholder),
        };
        self.facts.push(Fact {
            key,
            value,
            kind,
            raw,
            unit,
            note: None,
            source: self.s.loc(atoms[0].at),
        });
    }

    /// Emit a decided row, or the agreed cells of an open one with a warning.
    fn settle(&mut self, what: &str, keys: &[String], run: &Run, outcome: Outcome) {
        match outcome {
            Outcome::Fixed(split, _) => {
                for (k, p) in keys.iter().zip(&split) {
                    self.emit(k.clone(), run, p);
                }
            }
            Outcome::Open(cands) => {
                let agreed = consensus(&cands, keys.len());
                let kept = agreed.iter().filter(|p| p.is_some()).count();
                let rt = self.s.run_text(run);
                for (i, (k, p)) in keys.iter().zip(&agreed).enumerate() {
                    if let Some(p) = p {
                        self.emit(k.clone(), run, p);
                    } else if cands.len() < MAX_CANDIDATES {
                        // Every reading was enumerated: record what this cell could be.
                        let mut values: Vec<FactValue> = Vec::new();
                        for c in &cands {
                            let v = match c.get(i).map(|p| p.num) {
                                Some(Num::Int(n)) => FactValue::Int(n),
                                Some(Num::Float(f)) => FactValue::Float(f),
                                _ => continue,
                            };
                            if !values.contains(&v) {
                                values.push(v);
                            }
                        }
                        self.alternatives.push(Alternative {
                            key: k.clone(),
                            values,
                            raw: rt.clone(),
                            source: self.s.loc(run.atoms[0].at),
                        });
                    }
                }
                let examples: Vec<String> = cands
                    .iter()
                    .take(3)
                    .map(|c| show(c, &run.atoms, self.s))
                    .collect();
                self.warn(
                    "AMBIGUOUS_RUN",
                    format!(
                        "{what}: {rt:?} can be cut into {} cells in {}{} ways ({}{}); {} of its cells are left out",
                        keys.len(),
                        cands.len(),
                        if cands.len() >= MAX_CANDIDATES { "+" } else { "" },
                        examples.join(", "),
                        if cands.len() > 3 { ", …" } else { "" },
                        keys.len() - kept,
                    ),
                    run.atoms.first().map(|a| a.at),
                );
            }
            Outcome::Failed => {}
        }
    }

    fn finish_t2(&mut self) {
        let template = match self.votes_2019.cmp(&self.votes_2021) {
            std::cmp::Ordering::Greater => Some(Template::Y2019),
            std::cmp::Ordering::Less => Some(Template::Y2021),
            std::cmp::Ordering::Equal => None,
        }
        .or_else(|| {
            self.t2
                .iter()
                .any(|r| matches!(r.key, "other_services" | "procurement"))
                .then_some(Template::Y2019)
        });
        let rows = std::mem::take(&mut self.t2);
        let Some(template) = template else {
            let at = rows[0].run.atoms.first().map(|a| a.at);
            self.warn(
                "FLAT_TEMPLATE",
                "flattened table 2: its header words name neither template; its numbers are left out"
                    .into(),
                at,
            );
            return;
        };
        for row in rows {
            let cols = tpl::t2_columns(template, row.key);
            let at = row.run.atoms.first().map(|a| a.at);
            let rt = self.s.run_text(&row.run);
            if cols.is_empty() {
                self.warn(
                    "UNKNOWN_ROW",
                    format!(
                        "flattened table 2: row {} is not in the {} template; {rt:?} left out",
                        row.key,
                        template.as_str()
                    ),
                    at,
                );
                continue;
            }
            if !row.header.iter().all(|h| cols.contains(h)) {
                self.warn(
                    "HEADER_MISMATCH",
                    format!(
                        "flattened table 2: row {} sits under the columns {:?}, not those of the {} template; {rt:?} left out",
                        row.key,
                        row.header,
                        template.as_str()
                    ),
                    at,
                );
                continue;
            }
            let specs: Vec<Spec> = cols
                .iter()
                .map(|c| Spec {
                    neg: *c == "change",
                    dec: *c == "amount",
                    loose: true,
                    max: MAX_CELL_ATOMS,
                })
                .collect();
            let keys: Vec<String> = cols.iter().map(|c| format!("t2.{}.{c}", row.key)).collect();
            let what = format!("flattened table 2 row {}", row.key);
            match decide(&row.run.atoms, &specs, None) {
                Ok(o) => self.settle(&what, &keys, &row.run, o),
                Err((code, why)) => self.warn(
                    code,
                    format!("{what}: {rt:?}: {why}; its numbers are left out"),
                    at,
                ),
            }
        }
    }

    fn finish_t4(&mut self, run: Run) {
        let keys: Vec<String> = T4_GROUP_KEYS
            .iter()
            .flat_map(|g| T4_COL_KEYS.iter().map(move |c| format!("t4.{g}.{c}")))
            .collect();
        let specs = [COUNT; 15];
        let what = "flattened table 4";
        let sums = |cap: usize| splits(&run.atoms, &specs, cap, &t4_sums);
        match decide(&run.atoms, &specs, Some(&sums)) {
            Ok(o) => self.settle(what, &keys, &run, o),
            Err((code, why)) => {
                let rt = self.s.run_text(&run);
                self.warn(
                    code,
                    format!("{what}: {rt:?}: {why}; its numbers are left out"),
                    run.atoms.first().map(|a| a.at),
                );
            }
        }
    }

    fn finish_t3(&mut self) {
        let mut rows = std::mem::take(&mut self.t3);
        let split_other = rows.iter().any(|r| r.key.starts_with("other_"));
        if split_other && let Some(i) = rows.iter().position(|r| r.key == "other") {
            let r = rows.remove(i);
            let rt = self.s.run_text(&r.run);
            self.warn(
                "ROW_ORDER",
                format!(
                    "flattened table 3: （六）其他处理 prints numbers ({rt:?}) besides its three sub-rows; left out"
                ),
                r.run.atoms.first().map(|a| a.at),
            );
        }
        let specs = [COUNT; 7];
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(rows.len());
        let mut blanks = !self.t3_blank_rows.is_empty();
        for row in &rows {
            let at = row.run.atoms.first().map(|a| a.at);
            let sums = |cap: usize| t3_search(&row.run.atoms, cap);
            match decide(&row.run.atoms, &specs, Some(&sums)) {
                Ok(o) => outcomes.push(o),
                Err((code, why)) => {
                    let digits = row
                        .run
                        .atoms
                        .iter()
                        .filter(|a| a.c.is_ascii_digit())
                        .count();
                    if digits < 7 {
                        blanks = true;
                    }
                    let rt = self.s.run_text(&row.run);
                    self.warn(
                        code,
                        format!(
                            "flattened table 3 row {}: {rt:?}: {why}; its numbers are left out",
                            row.key
                        ),
                        at,
                    );
                    outcomes.push(Outcome::Failed);
                }
            }
        }
        if blanks {
            self.t3_with_blanks(&rows, outcomes);
            return;
        }
        self.t3_columns(&rows, &mut outcomes, split_other);
        for (row, o) in rows.iter().zip(outcomes) {
            let keys: Vec<String> = T3_COL_KEYS
                .iter()
                .map(|c| format!("t3.{}.{c}", row.key))
                .collect();
            let what = format!("flattened table 3 row {}", row.key);
            self.settle(&what, &keys, &row.run, o);
        }
    }

    /// A table that shows blank cells (a row with too few digits, a row with none): a run
    /// cut by its digit count may be wrong, so only rows printed unambiguously whose own sum
    /// holds are kept.
    fn t3_with_blanks(&mut self, rows: &[Row], outcomes: Vec<Outcome>) {
        let blank_rows = self.t3_blank_rows.join(", ");
        for (row, o) in rows.iter().zip(outcomes) {
            let keep = match &o {
                Outcome::Fixed(s, How::Printed) => t3_rowsum(s),
                _ => false,
            };
            if keep {
                let keys: Vec<String> = T3_COL_KEYS
                    .iter()
                    .map(|c| format!("t3.{}.{c}", row.key))
                    .collect();
                self.settle("flattened table 3", &keys, &row.run, o);
            } else if !matches!(o, Outcome::Failed) {
                let rt = self.s.run_text(&row.run);
                self.warn(
                    "BLANK_CELLS",
                    format!(
                        "flattened table 3 row {}: {rt:?} left out: the table has blank cells{}, so its digits cannot be told apart",
                        row.key,
                        if blank_rows.is_empty() {
                            String::new()
                        } else {
                            format!(" (rows without numbers: {blank_rows})")
                        }
                    ),
                    row.run.atoms.first().map(|a| a.at),
                );
            }
        }
    }

    /// Rows still open after their row sum: keep the splits for which the column identities
    /// (T3-TOTAL, T3-BALANCE) hold, when the identities can be computed.
    fn t3_columns(&mut self, rows: &[Row], outcomes: &mut [Outcome], split_other: bool) {
        let open: Vec<usize> = (0..rows.len())
            .filter(|&i| matches!(outcomes[i], Outcome::Open(_)))
            .collect();
        if open.is_empty() {
            return;
        }
        let index: HashMap<&str, usize> = rows
            .iter()
            .enumerate()
            .filter(|(i, _)| !matches!(outcomes[*i], Outcome::Failed))
            .map(|(i, r)| (r.key, i))
            .collect();
        let result_rows: Option<Vec<usize>> = tpl::t3_result_rows(split_other)
            .iter()
            .map(|k| index.get(k).copied())
            .collect();
        let total = index.get("total").copied();
        let totals = match (&result_rows, total) {
            (Some(r), Some(t)) => Some((r.clone(), t)),
            _ => None,
        };
        let balance: Option<[usize; 4]> = (|| {
            Some([
                *index.get("new_received")?,
                *index.get("carried_over")?,
                *index.get("total")?,
                *index.get("carried_forward")?,
            ])
        })();
        let in_totals = |i: usize| {
            totals
                .as_ref()
                .is_some_and(|(r, t)| *t == i || r.contains(&i))
        };
        let in_balance = |i: usize| balance.is_some_and(|b| b.contains(&i));
        let involved: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| in_totals(i) || in_balance(i))
            .collect();
        if involved.is_empty() {
            return;
        }
        let check_totals = involved.iter().any(|&i| in_totals(i));
        let check_balance = involved.iter().any(|&i| in_balance(i));
        let cands: Vec<&Vec<Split>> = involved
            .iter()
            .map(|&i| match &outcomes[i] {
                Outcome::Open(c) => c,
                _ => unreachable!("only open rows are involved"),
            })
            .collect();
        let combos = cands
            .iter()
            .try_fold(1usize, |acc, c| acc.checked_mul(c.len()))
            .filter(|n| *n <= MAX_COMBOS);
        let Some(combos) = combos else {
            return;
        };
        let fixed: Vec<Option<&Split>> = outcomes
            .iter()
            .map(|o| match o {
                Outcome::Fixed(s, _) => Some(s),
                _ => None,
            })
            .collect();
        let mut chosen: Vec<HashSet<usize>> = vec![HashSet::new(); involved.len()];
        let mut pick = vec![0usize; involved.len()];
        let mut any = false;
        for _ in 0..combos {
            let value = |row: usize, col: usize| -> i64 {
                if let Some(j) = involved.iter().position(|&i| i == row) {
                    cands[j][pick[j]][col].int()
                } else {
                    fixed[row].map_or(0, |s| s[col].int())
                }
            };
            let ok = (0..7).all(|c| {
                let t_ok = !check_totals
                    || totals.as_ref().is_none_or(|(r, t)| {
                        r.iter().map(|&i| value(i, c)).sum::<i64>() == value(*t, c)
                    });
                let b_ok = !check_balance
                    || balance.is_none_or(|[n, o, t, f]| {
                        value(n, c) + value(o, c) == value(t, c) + value(f, c)
                    });
                t_ok && b_ok
            });
            if ok {
                any = true;
                for (j, p) in pick.iter().enumerate() {
                    chosen[j].insert(*p);
                }
            }
            // next combination
            for j in 0..pick.len() {
                pick[j] += 1;
                if pick[j] < cands[j].len() {
                    break;
                }
                pick[j] = 0;
            }
        }
        if !any {
            return;
        }
        let narrowed: Vec<Outcome> = involved
            .iter()
            .enumerate()
            .map(|(j, _)| {
                let mut keep: Vec<usize> = chosen[j].iter().copied().collect();
                keep.sort_unstable();
                if keep.len() == 1 {
                    Outcome::Fixed(cands[j][keep[0]].clone(), How::Sums)
                } else {
                    Outcome::Open(keep.iter().map(|&k| cands[j][k].clone()).collect())
                }
            })
            .collect();
        for (i, o) in involved.into_iter().zip(narrowed) {
            outcomes[i] = o;
        }
    }
}
