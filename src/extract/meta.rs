//! Metadata: agency, report year, publication date.
//!
//! - The title (`<title>`, or an early line such as `2019年上海市人民政府办公厅政府信息公开
//!   工作年度报告`) gives the year and the agency; a title with no agency takes it from the line
//!   above it (the seed prints the agency on its own line).
//! - The agency is then extended by the place names printed before it anywhere in the report
//!   (`二七区市场监督管理局` → `郑州市二七区市场监督管理局` from the signature), using the
//!   list of administrative divisions in `data/places.txt`.
//! - The publication date is a `发布日期：`/`时间：` field or the date line of the signature.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Block, Document, Loc, Paragraph};
use crate::normalize::{fold, norm};

static PLACES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../data/places.txt").lines().collect());

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([\p{Han}()（）]{2,40}?)?\s?((?:19|20)\d\d)\s?年度?\s?([\p{Han}()（）]{0,40}?)\s?(?:政府信息公开|政务信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)?",
    )
    .unwrap()
});

/// `XX局政府信息公开工作年度报告（2020年度）`: the year after the title.
static TITLE_YEAR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([\p{Han}]{2,40}?)\s?(?:政府信息公开|政务信息公开|政务公开|信息公开)(?:工作)?(?:年度)?报告\s?\(\s?((?:19|20)\d\d)\s?年?度?\s?\)",
    )
    .unwrap()
});

static CN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([〇零一二三四五六七八九]{4})(\s?年)").unwrap());

/// `2023年，平潭综合实验区坚持…`: the subject of the overview's first sentence.
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:19|20)\d\d\s?年(?:度|以来)?\s?[,，]\s?([\p{Han}]{2,24}?(?:区|县|市|州|盟|旗|局|委|会|厅|府|办|室|署|院|中心|街道|镇|乡))(?:坚持|深入|认真|全面|紧紧|紧扣|紧密|围绕|持续|扎实|严格|积极|进一步|不断|按照|始终|聚焦|切实|高度|贯彻|以|在)",
    )
    .unwrap()
});

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"统计(?:期限|周期|时限|区间|时间)[^0-9]{0,8}((?:19|20)\d\d)\s?年\s?1\s?月\s?1\s?日")
        .unwrap()
});

static DATE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:发布日期|发布时间|成文日期|印发日期|公开日期|日期|时间)\s?[:：]\s?((?:19|20)\d\d)\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})",
    )
    .unwrap()
});

static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日?$").unwrap());

static CN_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$").unwrap()
});

/// What was found, each with where.
#[derive(Debug, Default)]
pub struct MetaFound {
    pub agency: Option<(String, Loc)>,
    pub year: Option<(i32, Loc)>,
    pub published: Option<(String, Loc)>,
    pub period_year: Option<i32>,
    pub doubts: Vec<(String, Loc)>,
}

/// Site navigation run into the title (`首页政务公开…年报平潭综合实验区`): the agency is what
/// follows the last of these words.
const BREADCRUMB: &[&str] = &["当前位置", "首页", "年报", "年度报告", "栏目"];

fn clean_agency(s: &str) -> String {
    let s = BREADCRUMB
        .iter()
        .filter_map(|w| s.rfind(w).map(|i| i + w.len()))
        .max()
        .map_or(s, |i| &s[i..]);
    let s = s.trim_matches(|c: char| !crate::normalize::is_han(c) && c != ')' && c != '）');
    let s = s.strip_suffix("关于").unwrap_or(s);
    let s = s.strip_prefix("关于").unwrap_or(s);
    s.to_string()
}

/// Paragraphs that may hold the title: the HTML title, then the first few blocks.
fn title_candidates(doc: &Document) -> Vec<&Paragraph> {
    let mut out: Vec<&Paragraph> = doc.title.iter().collect();
    out.extend(doc.blocks.iter().take(12).filter_map(|b| match b {
        Block::Paragraph(p) => Some(p),
        _ => None,
    }));
    out
}

/// The folded start of a paragraph: metadata is printed near the start of its paragraph, and a
/// whole report flattened onto one line must not be folded again for every pattern.
fn fold_head(text: &str) -> String {
    let end = text.char_indices().nth(600).map_or(text.len(), |(i, _)| i);
    let folded = fold(&text[..end]);
    // 二〇二〇年 → 2020年, so that the patterns see one kind of year.
    if !(folded.contains('年') && CN_YEAR.is_match(&folded)) {
        return folded;
    }
    CN_YEAR
        .replace_all(&folded, |c: &regex::Captures<'_>| {
            let digits: String = c[1]
                .chars()
                .map(|ch| {
                    let d = "〇一二三四五六七八九"
                        .chars()
                        .position(|x| x == ch)
                        .unwrap_or(0);
                    char::from(b'0' + d as u8)
                })
                .collect();
            format!("{digits}{}", &c[2])
        })
        .into_owned()
}

fn chinese_digits(s: &str) -> Option<u32> {
    let d = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .or(if c == '零' { Some(0) } else { None })
    };
    if s.chars().count() == 4 && !s.contains('十') {
        return s
            .chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + d(c)? as u32));
    }
    crate::normalize::chinese_numeral(s)
}

fn date(y: &str, m: u32, d: u32) -> Option<String> {
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y}-{m:02}-{d:02}"))
}

pub fn find(doc: &Document) -> MetaFound {
    let mut found = MetaFound::default();
    let candidates = title_candidates(doc);
    let mut prev: Option<&Paragraph> = None;
    for p in &candidates {
        let head: String = fold_head(&p.text).chars().take(200).collect();
        if let Some(m) = TITLE_YEAR_AFTER.captures(&head) {
            found.year = Some((m[2].parse().unwrap_or(0), p.loc.clone()));
            let agency = clean_agency(&m[1]);
            if agency.chars().count() >= 2 {
                found.agency = Some((agency, p.loc.clone()));
            }
            break;
        }
        if let Some(m) = TITLE.captures(&head) {
            let year: i32 = m[2].parse().unwrap_or(0);
            let before = m
                .get(1)
                .map(|g| clean_agency(g.as_str()))
                .unwrap_or_default();
            let after = m
                .get(3)
                .map(|g| clean_agency(g.as_str()))
                .unwrap_or_default();
            let looks_like_title =
                head.contains("报告") || head.contains("年报") || p.text.chars().count() < 40;
            if !looks_like_title {
                prev = Some(p);
                continue;
            }
            found.year = Some((year, p.loc.clone()));
            let agency = if before.chars().count() >= 2 && !before.contains("根据") {
                Some(before.clone())
            } else if after.chars().count() >= 2 {
                Some(after.clone())
            } else {
                prev.map(|q| norm(&q.text))
                    .filter(|t| (2..=30).contains(&t.chars().count()) && !t.ends_with('。'))
                    .map(|t| clean_agency(&t))
            };
            if let Some(a) = agency.filter(|a| a.chars().count() >= 2) {
                let loc = if before.chars().count() >= 2 || after.chars().count() >= 2 {
                    p.loc.clone()
                } else {
                    prev.map_or(p.loc.clone(), |q| q.loc.clone())
                };
                found.agency = Some((a, loc));
            }
            break;
        }
        prev = Some(p);
    }

    let all: Vec<&Paragraph> = doc.paragraphs().collect();
    for p in all.iter().take(40) {
        if let Some(m) = PERIOD.captures(&fold_head(&p.text)) {
            let year: i32 = m[1].parse().unwrap_or(0);
            found.period_year = Some(year);
            if found.year.is_none() {
                found.year = Some((year, p.loc.clone()));
                found.doubts.push((
                    "the year is taken from the statistics period, not a title".into(),
                    p.loc.clone(),
                ));
            }
            break;
        }
    }

    if found.agency.is_none() {
        for p in all.iter().take(40) {
            if let Some(m) = SUBJECT.captures(&fold_head(&p.text)) {
                found.agency = Some((m[1].to_string(), p.loc.clone()));
                found.doubts.push((
                    "no title names the agency; taken from the subject of the overview's first sentence".into(),
                    p.loc.clone(),
                ));
                break;
            }
        }
    }

    if let Some((agency, loc)) = found.agency.take() {
        found.agency = Some((extend_with_places(&agency, &all), loc));
    }

    // Publication date: a labelled field near the top, else the signature's date line.
    for p in all.iter().take(15) {
        if let Some(m) = DATE_FIELD.captures(&fold_head(&p.text))
            && let Some(d) = date(&m[1], m[2].parse().unwrap_or(0), m[3].parse().unwrap_or(0))
        {
            found.published = Some((d, p.loc.clone()));
            break;
        }
    }
    if found.published.is_none() {
        for p in all.iter().rev().take(8) {
            let n = norm(&p.text);
            if let Some(m) = DATE_LINE.captures(&n)
                && let Some(d) = date(&m[1], m[2].parse().unwrap_or(0), m[3].parse().unwrap_or(0))
            {
                found.published = Some((d, p.loc.clone()));
                break;
            }
            if let Some(m) = CN_DATE_LINE.captures(&n)
                && let (Some(y), Some(mo), Some(d)) = (
                    chinese_digits(&m[1]),
                    chinese_digits(&m[2]),
                    chinese_digits(&m[3]),
                )
                && let Some(d) = date(&y.to_string(), mo, d)
            {
                found.published = Some((d, p.loc.clone()));
                break;
            }
        }
    }
    found
}

/// The agency name with the place names printed right before it anywhere in the report.
fn extend_with_places(agency: &str, paragraphs: &[&Paragraph]) -> String {
    let mut best = agency.to_string();
    // The name is usually printed in the same characters everywhere: look in the raw text
    // first and normalise only when that finds nothing.
    let raw_hits = paragraphs.iter().any(|p| p.text.contains(agency));
    for p in paragraphs {
        if raw_hits && !p.text.contains(agency) {
            continue;
        }
        let text = norm(&p.text);
        let mut from = 0;
        while let Some(pos) = text[from..].find(agency) {
            let at = from + pos;
            let mut name = agency.to_string();
            let mut before: &str = &text[..at];
            // Up to three levels: 省 → 市 → 区.
            for _ in 0..3 {
                let chars: Vec<(usize, char)> = before.char_indices().collect();
                let hit = (3..=10).rev().find_map(|k| {
                    let start = chars.len().checked_sub(k)?;
                    let cand = &before[chars[start].0..];
                    PLACES.contains(cand).then_some((chars[start].0, cand))
                });
                match hit {
                    Some((start, place)) if !name.starts_with(place) => {
                        name = format!("{place}{name}");
                        before = &before[..start];
                    }
                    _ => break,
                }
            }
            if name.chars().count() > best.chars().count() {
                best = name;
            }
            from = at + agency.len();
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<Document, ()> {
        Ok(Document::from_lines(text))
    }

    #[test]
    fn seed_style_title_signature_and_date() {
        let doc = read_str("二七区市场监督管理局\n\n2020年度政府信息公开工作报告\n\n一、总体情况\n\n正文。\n\n郑州市二七区市场监督管理局\n\n2021年1月7日\n").unwrap();
        let m = find(&doc);
        assert_eq!(m.agency.unwrap().0, "郑州市二七区市场监督管理局");
        assert_eq!(m.year.unwrap().0, 2020);
        assert_eq!(m.published.unwrap().0, "2021-01-07");
    }

    #[test]
    fn title_with_agency_after_the_year() {
        let doc =
            read_str("2019年上海市人民政府办公厅政府信息公开工作年度报告\n发布日期：2020-01-31\n")
                .unwrap();
        let m = find(&doc);
        assert_eq!(m.agency.unwrap().0, "上海市人民政府办公厅");
        assert_eq!(m.published.unwrap().0, "2020-01-31");
    }

    #[test]
    fn year_after_the_title_and_in_chinese_numerals() {
        let m = find(&read_str("示例县统计局政府信息公开工作年度报告（2020年度）\n正文").unwrap());
        assert_eq!(
            (m.agency.unwrap().0, m.year.unwrap().0),
            ("示例县统计局".to_string(), 2020)
        );
        let m = find(&read_str("示例县统计局二〇二一年政府信息公开工作年度报告\n正文").unwrap());
        assert_eq!(
            (m.agency.unwrap().0, m.year.unwrap().0),
            ("示例县统计局".to_string(), 2021)
        );
    }

    #[test]
    fn flattened_title_and_chinese_date() {
        let doc = read_str("当前位置： 首页 平潭综合实验区2021年度政府信息公开工作年度报告 来源：x 时间：2022-02-08 16:34\n正文\n二〇二二年一月十五日").unwrap();
        let m = find(&doc);
        assert_eq!(m.agency.unwrap().0, "平潭综合实验区");
        assert_eq!(m.year.unwrap().0, 2021);
        assert_eq!(m.published.unwrap().0, "2022-02-08");
        let doc =
            read_str("某局2021年政府信息公开工作年度报告\n正文\n二〇二二年一月十五日").unwrap();
        assert_eq!(find(&doc).published.unwrap().0, "2022-01-15");
    }
}
