//! Cell text → a number with its unit, a blank, a placeholder, or text.
//!
//! Accepted: full-width digits, thousands separators (`1,234`), signs (`-29`, `−29`, `－29`),
//! decimals, a unit written after the number (`14批`, `251000元`, `329.1877(万元）`), a
//! bracketed note after the number (`55（含自然失效29件）`). A blank cell is `Blank`, a
//! placeholder (`-`, `—`, `/`, `无`) is `Placeholder`: never 0.

use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::fold;
use crate::report::FactValue;

/// Units that may be written after a number in a cell.
pub const UNITS: &[&str] = &[
    "万元", "亿元", "元", "件", "批", "个", "条", "项", "次", "人次", "人", "家", "起", "宗", "份",
    "篇", "户", "场", "%",
];

/// Printed for "nothing here" instead of a number.
pub const PLACEHOLDERS: &[&str] = &[
    "-", "--", "---", "—", "——", "–", "―", "─", "/", "\\", "无", "空", "×", "x", "X", "－", "／",
    "N/A", "n/a",
];

#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Number {
        value: FactValue,
        unit: Option<String>,
        note: Option<String>,
    },
    Blank,
    Placeholder,
    /// Anything else: a label, or a value we will not guess at.
    Text,
}

impl CellValue {
    /// A number, blank or placeholder: something that stands in a value column.
    pub fn is_value(&self) -> bool {
        !matches!(self, CellValue::Text)
    }
    pub fn number(&self) -> Option<f64> {
        match self {
            CellValue::Number { value, .. } => value.as_f64(),
            _ => None,
        }
    }
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([+\-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\(([^()]{1,40})\)|([^\d()]{1,3}))?(?:\(([^()]{1,40})\))?$",
    )
    .unwrap()
});

/// Parse the text of one cell.
pub fn parse_cell(raw: &str) -> CellValue {
    // Fast path: plain ASCII digits, the common case.
    let t = raw.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\n' || c == '\r');
    if !t.is_empty()
        && t.len() <= 18
        && t.bytes().all(|b| b.is_ascii_digit())
        && let Ok(v) = t.parse::<i64>()
    {
        return CellValue::Number {
            value: FactValue::Int(v),
            unit: None,
            note: None,
        };
    }
    let s = fold(raw);
    let s = s.trim();
    if s.is_empty() {
        return CellValue::Blank;
    }
    if PLACEHOLDERS.contains(&s) {
        return CellValue::Placeholder;
    }
    // Several numbers in one cell ("4 0 0") are not one number.
    let compact: String = if s.contains(' ') {
        let parts: Vec<&str> = s.split(' ').collect();
        let numeric_neighbours = parts.windows(2).any(|w| {
            w[0].ends_with(|c: char| c.is_ascii_digit())
                && w[1].starts_with(|c: char| c.is_ascii_digit())
        });
        if numeric_neighbours {
            return CellValue::Text;
        }
        parts.concat()
    } else {
        s.to_string()
    };
    let Some(m) = NUMBER.captures(&compact) else {
        return CellValue::Text;
    };
    let sign = m.get(1).map_or("", |g| g.as_str());
    let int = m.get(2).map_or("", |g| g.as_str()).replace(',', "");
    let frac = m.get(3).map(|g| g.as_str());
    let mut unit = None;
    let mut note = None;
    for tail in [m.get(4), m.get(5), m.get(6)].into_iter().flatten() {
        let t = tail.as_str().trim();
        if UNITS.contains(&t) {
            if unit.is_some() {
                return CellValue::Text;
            }
            unit = Some(t.to_string());
        } else if tail.start() > 0 && compact[..tail.start()].ends_with('(') && note.is_none() {
            note = Some(t.to_string());
        } else {
            return CellValue::Text;
        }
    }
    let value = match frac {
        Some(f) => match format!("{sign}{int}.{f}").parse::<f64>() {
            Ok(v) => FactValue::Float(v),
            Err(_) => return CellValue::Text,
        },
        None => match format!("{sign}{int}").parse::<i64>() {
            Ok(v) => FactValue::Int(v),
            Err(_) => return CellValue::Text,
        },
    };
    CellValue::Number { value, unit, note }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(raw: &str) -> (f64, Option<String>) {
        match parse_cell(raw) {
            CellValue::Number { value, unit, .. } => (value.as_f64().unwrap(), unit),
            other => panic!("{raw:?} → {other:?}"),
        }
    }

    #[test]
    fn plain_signed_and_separated_numbers() {
        assert_eq!(num("\u{3000}\u{3000}0").0, 0.0);
        assert_eq!(num("0\u{a0}").0, 0.0);
        assert_eq!(num("-29").0, -29.0);
        assert_eq!(num("−13").0, -13.0);
        assert_eq!(num("１２３").0, 123.0);
        assert_eq!(num("1,234").0, 1234.0);
        assert_eq!(num("96171.6").0, 96171.6);
    }

    #[test]
    fn units_in_cells() {
        assert_eq!(num("14批"), (14.0, Some("批".into())));
        assert_eq!(num("329.1877(万元）"), (329.1877, Some("万元".into())));
        assert_eq!(num("251000元"), (251000.0, Some("元".into())));
    }

    #[test]
    fn blank_zero_and_dash_are_three_things() {
        assert_eq!(parse_cell(" \u{a0} "), CellValue::Blank);
        assert_eq!(parse_cell("—"), CellValue::Placeholder);
        assert_eq!(parse_cell("无"), CellValue::Placeholder);
        assert!(matches!(parse_cell("0"), CellValue::Number { .. }));
    }

    #[test]
    fn notes_and_non_numbers() {
        match parse_cell("55（含自然失效 29 件）") {
            CellValue::Number { value, note, .. } => {
                assert_eq!(value, FactValue::Int(55));
                assert_eq!(note.as_deref(), Some("含自然失效29件"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_cell("4 0 0 0"), CellValue::Text);
        assert_eq!(parse_cell("规章"), CellValue::Text);
        assert_eq!(parse_cell("1.属于国家秘密"), CellValue::Text);
        assert_eq!(parse_cell("3个月以上"), CellValue::Text);
        assert_eq!(parse_cell("①"), CellValue::Text);
    }
}
