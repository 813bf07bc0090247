//! One place that turns printed text into matchable text.
//!
//! Raw text is never overwritten: facts keep what was printed. What is folded here:
//! full-width ASCII (`（１２）` → `(12)`), every kind of space including U+3000, NBSP and
//! zero-width characters (removed: labels are broken over lines and padded at random),
//! traditional and variant characters (`規範` → `规范`, table in `data/t2s.tsv`), quote styles.
//! What is kept: list markers such as `①` and `⑴` are not digits and stay as they are
//! (NFKC would turn them into `1` and `(1)`, which is why NFKC is not used here).

use std::sync::LazyLock;

/// Traditional → simplified for the Basic Multilingual Plane, indexed by code point (0 = no
/// mapping): a table lookup, since this runs on every character of every label.
static T2S: LazyLock<Box<[u16]>> = LazyLock::new(|| {
    let mut table = vec![0u16; 0x10000].into_boxed_slice();
    for l in include_str!("../data/t2s.tsv").lines() {
        let mut it = l.split('\t');
        let (Some(t), Some(s)) = (
            it.next().and_then(|t| t.chars().next()),
            it.next().and_then(|s| s.chars().next()),
        ) else {
            continue;
        };
        if let (Ok(t), Ok(s)) = (u16::try_from(t as u32), u16::try_from(s as u32)) {
            table[t as usize] = s;
        }
    }
    table
});

/// The simplified form of `c` (itself when it has none).
fn simplified(c: char) -> char {
    match T2S.get(c as usize).copied() {
        Some(s) if s != 0 => char::from_u32(s as u32).unwrap_or(c),
        _ => c,
    }
}

/// Whether `c` is a space of any kind, a line break or an invisible formatting character.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
}

/// Fold one character's width: full-width ASCII forms to ASCII, ideographic space to space,
/// minus-like signs to `-`, quotes to `"`.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '\u{2212}' | '\u{FE63}' => '-',
        '“' | '”' | '„' | '‟' | '「' | '」' | '『' | '』' | '‘' | '’' | '\'' => '"',
        '\u{3002}' => '。',
        _ => c,
    }
}

/// One character as [`fold`] and [`norm`] give it: width-folded and simplified (spaces are the
/// caller's business).
pub fn fold_simplify(c: char) -> char {
    simplified(fold_char(c))
}

/// Width-folded text with spaces kept (a single ASCII space for any run), for numbers and
/// patterns that care about word boundaries.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if is_space(c) {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        let c = fold_char(c);
        out.push(simplified(c));
    }
    out
}

/// Text for matching labels: width-folded, simplified, with every space and line break
/// removed.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_space(c) {
            continue;
        }
        let c = fold_char(c);
        out.push(simplified(c));
    }
    out
}

/// An agency name reduced for matching across years: normalised, without 管委会-style
/// suffixes that reports print or omit at will.
pub fn agency_key(name: &str) -> String {
    let n = norm(name);
    let n = n
        .strip_suffix("管理委员会")
        .or_else(|| n.strip_suffix("管委会"))
        .unwrap_or(&n);
    n.to_string()
}

/// Whether two printed agency names are the same issuer: equal keys, or one the other with a
/// place prefix (`郑州市二七区…` and `二七区…`).
pub fn same_agency(a: &str, b: &str) -> bool {
    let (a, b) = (agency_key(a), agency_key(b));
    !a.is_empty() && !b.is_empty() && (a == b || a.ends_with(&b) || b.ends_with(&a))
}

/// Whether a string holds at least one CJK ideograph.
pub fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Chinese numeral 一..十九 to its value (section numbers).
pub fn chinese_numeral(s: &str) -> Option<u32> {
    let d = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .map(|p| p as u32)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => d(*a).filter(|&v| v > 0),
        ['十', b] => d(*b).map(|v| 10 + v),
        [a, '十'] => d(*a).map(|v| v * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_spaces_fold() {
        assert_eq!(norm("（一）\u{3000}予以 公开\n"), "(一)予以公开");
        assert_eq!(norm("１２３"), "123");
        assert_eq!(fold("  本年新\n制作数量 "), "本年新 制作数量");
    }

    #[test]
    fn list_markers_are_not_digits() {
        assert_eq!(norm("①⑴"), "①⑴");
    }

    #[test]
    fn traditional_labels_become_simplified() {
        assert_eq!(norm("規範性文件"), "规范性文件");
        assert_eq!(norm("屬於國家秘密"), "属于国家秘密");
        assert_eq!(norm("危及“三安全一穩定”"), "危及\"三安全一稳定\"");
    }

    #[test]
    fn agencies_match_across_years() {
        assert!(same_agency("平潭综合实验区管委会", "平潭综合实验区"));
        assert!(same_agency(
            "郑州市二七区市场监督管理局",
            "二七区市场监督管理局"
        ));
        assert!(!same_agency("上海市人民政府办公厅", "上海市科学技术委员会"));
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral("三"), Some(3));
        assert_eq!(chinese_numeral("十二"), Some(12));
        assert_eq!(chinese_numeral("总"), None);
    }
}
