//! The spreadsheet reader (issue 3): workbooks written here with rust_xlsxwriter, ods written
//! by hand, hostile archives, and the same report as HTML and as xlsx giving the same facts.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use nianbao::document::{Block, Document, TableGrid};
use nianbao::read::{ReadOptions, sheet};
use nianbao::report::{FactValue, ValueKind};
use nianbao::{ReadError, Report, extract_bytes};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

// -----------------------------------------------------------------------------------------
// Helpers
// -----------------------------------------------------------------------------------------

fn opts() -> ReadOptions {
    ReadOptions::default()
}

fn one(name: &str, bytes: &[u8]) -> Report {
    let mut reports = extract_bytes(name, bytes, &opts()).unwrap();
    assert_eq!(reports.len(), 1, "one report expected");
    reports.remove(0)
}

fn num(r: &Report, key: &str) -> f64 {
    r.number(key)
        .unwrap_or_else(|| panic!("{key} missing or not a number: {:?}", r.fact(key)))
}

fn section_ids(r: &Report) -> Vec<&str> {
    r.sections.iter().map(|s| s.id.as_str()).collect()
}

/// The table facts of a report, key → value.
fn table_facts(r: &Report) -> BTreeMap<String, Option<FactValue>> {
    r.facts
        .iter()
        .filter(|f| ["t2.", "t3.", "t4."].iter().any(|p| f.key.starts_with(p)))
        .map(|f| (f.key.clone(), f.value.clone()))
        .collect()
}

/// A cell's text as a number when it is a plain ASCII number (else it is written as text).
fn plain_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let ok = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && t.chars().any(|c| c.is_ascii_digit());
    ok.then(|| t.parse().ok()).flatten()
}

/// Write a grid at `row0`: numbers as numbers, text as text, spans as merged ranges.
fn write_grid(ws: &mut Worksheet, t: &TableGrid, row0: u32) {
    let fmt = Format::new();
    for c in &t.cells {
        let (r, col) = (row0 + c.row, c.col as u16);
        if c.row_span > 1 || c.col_span > 1 {
            let (r1, c1) = (r + c.row_span - 1, col + c.col_span as u16 - 1);
            ws.merge_range(r, col, r1, c1, &c.text, &fmt).unwrap();
            if let Some(n) = plain_number(&c.text) {
                ws.write_number_with_format(r, col, n, &fmt).unwrap();
            }
        } else if let Some(n) = plain_number(&c.text) {
            ws.write_number(r, col, n).unwrap();
        } else if !c.text.is_empty() {
            ws.write_string(r, col, &c.text).unwrap();
        }
    }
}

/// Write blocks from `row`: paragraphs down column A, each table between blank rows.
fn write_blocks(ws: &mut Worksheet, blocks: &[Block], mut row: u32) -> u32 {
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                ws.write_string(row, 0, &p.text).unwrap();
                row += 1;
            }
            Block::Table(t) => {
                row += 1;
                write_grid(ws, t, row);
                row += t.n_rows + 1;
            }
        }
    }
    row
}

/// A whole document as one sheet.
fn doc_to_xlsx(doc: &Document) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("报告").unwrap();
    write_blocks(ws, &doc.blocks, 0);
    wb.save_to_buffer().unwrap()
}

/// Write `v` at (r, c): a plain number as a number, anything else as text, "" not at all.
fn put(ws: &mut Worksheet, r: u32, c: u16, v: &str) {
    if v.is_empty() {
        return;
    }
    match plain_number(v) {
        Some(n) => ws.write_number(r, c, n),
        None => ws.write_string(r, c, v),
    }
    .unwrap();
}

/// A merged range holding `v` (a number stays a number).
fn merged(ws: &mut Worksheet, (r0, c0): (u32, u16), (r1, c1): (u32, u16), v: &str) {
    let fmt = Format::new();
    ws.merge_range(r0, c0, r1, c1, v, &fmt).unwrap();
    if let Some(n) = plain_number(v) {
        ws.write_number_with_format(r0, c0, n, &fmt).unwrap();
    }
}

const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
const APPLICANTS: [&str; 5] = [
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
];

/// The label cells of table 3's data rows: (column, row span, column span, text) per row.
fn t3_labels(split_other: bool) -> Vec<Vec<(u16, u32, u16, &'static str)>> {
    let groups: [(&str, &[&str]); 4] = [
        (
            "（三）不予公开",
            &[
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ],
        ),
        (
            "（四）无法提供",
            &[
                "1.本机关不掌握相关政府信息",
                "2.没有现成信息需要另行制作",
                "3.补正后申请内容仍不明确",
            ],
        ),
        (
            "（五）不予处理",
            &[
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            ],
        ),
        (
            "（六）其他处理",
            &[
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "3.其他",
            ],
        ),
    ];
    let mut result: Vec<Vec<(u16, u32, u16, &str)>> = vec![
        vec![(1, 1, 2, "（一）予以公开")],
        vec![(
            1,
            1,
            2,
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        )],
    ];
    for (group, leaves) in groups {
        if group == "（六）其他处理" && !split_other {
            result.push(vec![(1, 1, 2, group)]);
            continue;
        }
        for (i, leaf) in leaves.iter().enumerate() {
            let mut row = Vec::new();
            if i == 0 {
                row.push((1, leaves.len() as u32, 1, group));
            }
            row.push((2, 1, 1, *leaf));
            result.push(row);
        }
    }
    result.push(vec![(1, 1, 2, "（七）总计")]);
    let n = result.len() as u32;
    result[0].insert(0, (0, n, 1, "三、本年度办理结果"));
    let mut rows = vec![
        vec![(0, 1, 3, "一、本年新收政府信息公开申请数量")],
        vec![(0, 1, 3, "二、上年结转政府信息公开申请数量")],
    ];
    rows.extend(result);
    rows.push(vec![(0, 1, 3, "四、结转下年度继续办理")]);
    rows
}

/// Table 3 from `row0`: three merged header rows, then one row of 7 values per label row.
fn write_t3(ws: &mut Worksheet, row0: u32, split_other: bool, values: &[[&str; 7]]) -> u32 {
    merged(ws, (row0, 0), (row0 + 2, 2), T3_NOTE);
    merged(ws, (row0, 3), (row0, 9), "申请人情况");
    merged(ws, (row0 + 1, 3), (row0 + 2, 3), "自然人");
    merged(ws, (row0 + 1, 4), (row0 + 1, 8), "法人或其他组织");
    merged(ws, (row0 + 1, 9), (row0 + 2, 9), "总计");
    for (i, a) in APPLICANTS.iter().enumerate() {
        put(ws, row0 + 2, 4 + i as u16, a);
    }
    let labels = t3_labels(split_other);
    assert_eq!(
        labels.len(),
        values.len(),
        "one row of values per label row"
    );
    let mut r = row0 + 3;
    for (label_row, vals) in labels.iter().zip(values) {
        for &(c, rs, cs, text) in label_row {
            if rs > 1 || cs > 1 {
                merged(ws, (r, c), (r + rs - 1, c + cs - 1), text);
            } else {
                put(ws, r, c, text);
            }
        }
        for (j, v) in vals.iter().enumerate() {
            put(ws, r, 3 + j as u16, v);
        }
        r += 1;
    }
    r
}

/// Table 4 from `row0`: merged header rows, then the 15 values.
fn write_t4(ws: &mut Worksheet, row0: u32, values: &[&str; 15]) -> u32 {
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    merged(ws, (row0, 0), (row0, 4), "行政复议");
    merged(ws, (row0, 5), (row0, 14), "行政诉讼");
    for (i, t) in results.iter().enumerate() {
        merged(ws, (row0 + 1, i as u16), (row0 + 2, i as u16), t);
        put(ws, row0 + 2, 5 + i as u16, t);
        put(ws, row0 + 2, 10 + i as u16, t);
    }
    merged(ws, (row0 + 1, 5), (row0 + 1, 9), "未经复议直接起诉");
    merged(ws, (row0 + 1, 10), (row0 + 1, 14), "复议后起诉");
    for (i, v) in values.iter().enumerate() {
        put(ws, row0 + 3, i as u16, v);
    }
    row0 + 4
}

/// Paragraphs down column A from `row`.
fn write_lines(ws: &mut Worksheet, row: u32, lines: &[&str]) -> u32 {
    for (i, l) in lines.iter().enumerate() {
        put(ws, row + i as u32, 0, l);
    }
    row + lines.len() as u32
}

// -----------------------------------------------------------------------------------------
// The same report as HTML and as xlsx
// -----------------------------------------------------------------------------------------

fn html_and_xlsx_agree(path: &str) {
    let bytes = std::fs::read(path).unwrap();
    let from_html = one(path, &bytes);
    let text = nianbao::read::decode::decode(&bytes, None).unwrap().text;
    let doc = nianbao::read::html::read_str(&text).unwrap();
    let xlsx = doc_to_xlsx(&doc);
    let from_xlsx = one("same.xlsx", &xlsx);
    assert_eq!(from_xlsx.source.format, "xlsx");
    let (h, x) = (table_facts(&from_html), table_facts(&from_xlsx));
    assert!(
        h.len() > 100,
        "{path}: only {} table facts in the HTML",
        h.len()
    );
    let diff: Vec<_> = h
        .iter()
        .filter(|(k, v)| x.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: html {v:?}, xlsx {:?}", x.get(k)))
        .chain(
            x.keys()
                .filter(|k| !h.contains_key(*k))
                .map(|k| format!("{k}: only in xlsx")),
        )
        .collect();
    assert!(diff.is_empty(), "{path}: {}", diff.join("\n"));
    assert_eq!(section_ids(&from_html), section_ids(&from_xlsx), "{path}");
    assert_eq!(from_html.meta.year, from_xlsx.meta.year, "{path}");
    assert_eq!(from_html.meta.template, from_xlsx.meta.template, "{path}");
}

#[test]
fn real_report_as_xlsx_gives_the_html_facts() {
    let path = "/work/shared/corpus/real/2025_hangzhou_style_city.html";
    if !std::path::Path::new(path).exists() {
        eprintln!("skipped: {path} is not here (no /work/shared)");
        return;
    }
    html_and_xlsx_agree(path);
}

#[test]
fn project_html_samples_as_xlsx_give_the_html_facts() {
    for f in [
        "corpus/2019_changle_jiaotongju.gbk.html",
        "corpus/2023_minhou_shichangju.nocharset.html",
    ] {
        html_and_xlsx_agree(f);
    }
}

// -----------------------------------------------------------------------------------------
// (a) 2021 template, one table per sheet
// -----------------------------------------------------------------------------------------

const T3_2021: [[&str; 7]; 25] = [
    ["80", "1", "0", "0", "0", "0", "=SUM"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["22", "0", "0", "0", "0", "0", "22"],
    ["19", "1", "0", "0", "0", "0", "20"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["1", "0", "0", "0", "0", "0", "1"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["1", "0", "0", "0", "0", "0", "1"],
    ["1", "0", "0", "0", "0", "0", "1"],
    ["2", "0", "0", "0", "0", "0", "2"],
    ["31", "0", "0", "0", "0", "0", "31"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["1", "0", "0", "0", "0", "0", "1"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["1", "0", "0", "0", "0", "0", "1"],
    ["0", "0", "0", "0", "0", "0", "0"],
    ["1", "0", "0", "0", "0", "0", "1"],
    ["80", "1", "0", "0", "0", "0", "81"],
    ["0", "0", "0", "0", "0", "0", "0"],
];

fn workbook_2021() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("报告").unwrap();
    put(
        ws,
        0,
        0,
        "示例市市场监督管理局2023年政府信息公开工作年度报告",
    );
    put(ws, 1, 0, "发布日期：");
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 15).unwrap();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 1, &date, &date_fmt)
        .unwrap();
    let r = write_lines(
        ws,
        3,
        &[
            "本报告按照国办公开办函〔2021〕30号文件规定的格式编制。",
            "一、总体情况",
            "2023年，市市场监管局围绕食品安全和特种设备监管推进政务公开。",
            "二、主动公开政府信息情况",
            "本年度制发行政规范性文件77件（见表二）。",
            "三、收到和处理政府信息公开申请情况",
            "全年新收政府信息公开申请81件（见表三）。",
            "四、政府信息公开行政复议、行政诉讼情况",
            "本年度行政复议2件，行政诉讼7件（见表四）。",
            "五、存在的主要问题及改进情况",
            "部分抽检信息公开时间晚于规定时限。",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
        ],
    );
    // The prose of one paragraph merged across the width, as reports often are.
    merged(ws, (r, 0), (r + 1, 5), "示例市市场监督管理局");

    // Table 2: four blocks one under the other, each under its merged caption.
    let ws = wb.add_worksheet();
    ws.set_name("表二").unwrap();
    let mut r = 0;
    for (caption, header, rows) in [
        (
            "第二十条第（一）项",
            vec!["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            vec![
                vec!["规章", "0", "0", "0"],
                vec!["行政规范性文件", "77", "132", "470"],
            ],
        ),
        (
            "第二十条第（五）项",
            vec!["信息内容", "本年处理决定数量"],
            vec![vec!["行政许可", "2629"]],
        ),
        (
            "第二十条第（六）项",
            vec!["信息内容", "本年处理决定数量"],
            vec![vec!["行政处罚", "1330"], vec!["行政强制", "54"]],
        ),
        (
            "第二十条第（八）项",
            vec!["信息内容", "本年收费金额（单位：万元）"],
            vec![vec!["行政事业性收费", "5949.088667"]],
        ),
    ] {
        merged(ws, (r, 0), (r, 3), caption);
        r += 1;
        for line in std::iter::once(&header).chain(rows.iter()) {
            put(ws, r, 0, line[0]);
            if line.len() == 2 {
                merged(ws, (r, 1), (r, 3), line[1]);
            } else {
                for (j, v) in line[1..].iter().enumerate() {
                    put(ws, r, 1 + j as u16, v);
                }
            }
            r += 1;
        }
    }

    let ws = wb.add_worksheet();
    ws.set_name("表三").unwrap();
    write_t3(ws, 0, true, &T3_2021);
    // 一、本年新收 … 总计 as a formula whose cached value is printed.
    let f = rust_xlsxwriter::Formula::new("=SUM(D4:I4)").set_result("81");
    ws.write_formula(3, 9, f).unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("表四").unwrap();
    write_t4(
        ws,
        0,
        &[
            "1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2",
        ],
    );
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_2021_report_with_one_table_per_sheet() {
    let bytes = workbook_2021();
    let doc = sheet::read(&bytes, &opts()).unwrap();
    let parts: Vec<&str> = doc.parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(parts, ["报告", "表二", "表三", "表四"]);
    assert!(doc.title.is_none());
    // Merged header cells are spans of the grid, stored once.
    let t3 = doc
        .tables()
        .find(|t| t.cells.iter().any(|c| c.text == "申请人情况"))
        .unwrap();
    let head = t3.cells.iter().find(|c| c.text == "申请人情况").unwrap();
    assert_eq!(
        (head.row, head.col, head.col_span, head.row_span),
        (0, 3, 7, 1)
    );
    let note = &t3.cells[0];
    assert_eq!((note.row_span, note.col_span), (3, 3));
    assert_eq!(t3.cells.iter().filter(|c| c.text == "自然人").count(), 1);

    // The format comes from the bytes, not the name.
    assert_eq!(one("report.txt", &bytes).source.format, "xlsx");
    let r = one("book.xlsx", &bytes);
    assert_eq!(r.source.format, "xlsx");
    assert_eq!(r.source.sheet, None);
    assert_eq!(r.meta.agency.as_deref(), Some("示例市市场监督管理局"));
    assert_eq!(r.meta.year, Some(2023));
    assert_eq!(r.meta.template.as_str(), "2021");
    assert_eq!(r.meta.published.as_deref(), Some("2024-01-15"));
    assert_eq!(
        section_ids(&r),
        [
            "overview",
            "proactive",
            "requests",
            "review_litigation",
            "problems",
            "other"
        ]
    );
    assert_eq!(num(&r, "t3.granted.natural"), 22.0);
    assert_eq!(
        num(&r, "t3.new_received.total"),
        81.0,
        "formula's cached value"
    );
    assert_eq!(num(&r, "t3.other_other.natural"), 1.0);
    assert_eq!(num(&r, "t2.fees.amount"), 5949.088667);
    assert_eq!(num(&r, "t2.licensing.decisions"), 2629.0);
    assert_eq!(num(&r, "t2.normative.in_force"), 470.0);
    assert_eq!(num(&r, "t4.review.total"), 2.0);
    assert_eq!(num(&r, "t4.suit_direct.upheld"), 4.0);
    assert!(r.missing.is_empty(), "missing: {:?}", r.missing);
    let granted = r.fact("t3.granted.natural").unwrap();
    assert_eq!(granted.raw, "22");
    assert_eq!(granted.source.to_string(), "表三!D6");
}

// -----------------------------------------------------------------------------------------
// (b) 2019 template, the whole report in one sheet; (c) two bureaus; (d) a hidden sheet
// -----------------------------------------------------------------------------------------

fn full_width(n: i64) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
        .collect()
}

/// A table 2 block: caption, header, rows.
type T2Block<'a> = (&'a str, &'a [&'a str], &'a [&'a [&'a str]]);

/// A 2019-template report in one sheet: title, headings and prose in column A, each table
/// below its heading; numbers stored as text (full-width, padded, with a unit), a blank cell,
/// a negative number. `bump` changes table 3's 予以公开/自然人 so that reports differ.
fn write_report_2019(ws: &mut Worksheet, agency: &str, bump: i64) {
    let text = |ws: &mut Worksheet, r: u32, c: u16, v: &str| {
        ws.write_string(r, c, v).unwrap();
    };
    let title = format!("{agency}2019年政府信息公开工作年度报告");
    let mut r = write_lines(
        ws,
        0,
        &[
            &title,
            "本年度报告根据《中华人民共和国政府信息公开条例》编制。",
            "一、总体情况",
            "2019年，本局认真贯彻新修订的条例，政务公开工作平稳推进。",
            "二、主动公开政府信息情况",
            "本年度新制作规范性文件12件。",
        ],
    );
    r += 1;
    let blocks: [T2Block; 5] = [
        (
            "第二十条第（一）项",
            &[
                "信息内容",
                "本年新制作数量",
                "本年新公开数量",
                "对外公开总数量",
            ],
            &[
                &["规章", "0", "0", "0"],
                &["规范性文件", "１２", " 5 ", "40"],
            ],
        ),
        (
            "第二十条第（五）项",
            &["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            &[
                &["行政许可", "396", "-29", "181"],
                &["其他对外管理服务事项", "10", "0", "153"],
            ],
        ),
        (
            "第二十条第（六）项",
            &["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            &[
                &["行政处罚", "2648", "－13", "430"],
                &["行政强制", "126", "0", "25"],
            ],
        ),
        (
            "第二十条第（八）项",
            &["信息内容", "上一年项目数量", "本年增/减"],
            &[&["行政事业性收费", "35", "0"]],
        ),
        (
            "第二十条第（九）项",
            &["信息内容", "采购项目数量", "采购总金额"],
            &[&["政府集中采购", "135", "251000元"]],
        ),
    ];
    for (caption, header, rows) in blocks {
        merged(ws, (r, 0), (r, 3), caption);
        r += 1;
        for line in std::iter::once(header).chain(rows.iter().copied()) {
            for (j, v) in line.iter().enumerate() {
                if *v == "-29" {
                    ws.write_number(r, j as u16, -29.0).unwrap();
                } else {
                    text(ws, r, j as u16, v);
                }
            }
            r += 1;
        }
    }
    r += 1;
    r = write_lines(
        ws,
        r,
        &[
            "三、收到和处理政府信息公开申请情况",
            "全年收到政府信息公开申请31件。",
        ],
    );
    r += 1;
    let granted = full_width(12 + bump);
    let naturals = [
        "30", "2", &granted, "3", "1", "0", "0", "0", "0", "0", "0", "0", "5", "1", "0", "2", "0",
        "0", "0", "0", "1", "25", "7",
    ];
    let values: Vec<[&str; 7]> = naturals
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let commercial = if i == 1 { "" } else { "0" };
            [*n, commercial, "0", "0", "0", "0", *n]
        })
        .collect();
    r = write_t3(ws, r, false, &values);
    r += 1;
    r = write_lines(
        ws,
        r,
        &[
            "四、政府信息公开行政复议、行政诉讼情况",
            "本年度发生行政复议1件，无行政诉讼。",
        ],
    );
    r += 1;
    r = write_t4(
        ws,
        r,
        &[
            "1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "", "", "", "", "",
        ],
    );
    r += 1;
    write_lines(
        ws,
        r,
        &[
            "五、存在的主要问题及改进情况",
            "公开内容的及时性仍有不足。",
            "六、其他需要报告的事项",
            "无。",
            agency,
            "2020年1月20日",
        ],
    );
}

fn one_sheet_2019() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2019年报").unwrap();
    write_report_2019(ws, "示例县交通运输局", 0);
    wb.save_to_buffer().unwrap()
}

#[test]
fn b_a_2019_report_in_one_sheet_with_numbers_stored_as_text() {
    let bytes = one_sheet_2019();
    let r = one("county.xlsx", &bytes);
    assert_eq!(r.meta.agency.as_deref(), Some("示例县交通运输局"));
    assert_eq!(r.meta.year, Some(2019));
    assert_eq!(r.meta.template.as_str(), "2019");
    assert_eq!(r.meta.published.as_deref(), Some("2020-01-20"));
    assert_eq!(
        section_ids(&r),
        [
            "overview",
            "proactive",
            "requests",
            "review_litigation",
            "problems",
            "other"
        ]
    );
    assert_eq!(num(&r, "t2.normative.new_made"), 12.0, "full-width digits");
    assert_eq!(r.fact("t2.normative.new_made").unwrap().raw, "１２");
    assert_eq!(num(&r, "t2.normative.new_published"), 5.0, "padded text");
    assert_eq!(num(&r, "t2.normative.total_published"), 40.0);
    assert_eq!(num(&r, "t2.licensing.change"), -29.0, "a negative number");
    assert_eq!(r.fact("t2.licensing.change").unwrap().raw, "-29");
    assert_eq!(num(&r, "t2.penalty.change"), -13.0, "full-width minus");
    let amount = r.fact("t2.procurement.amount").unwrap();
    assert_eq!(amount.value, Some(FactValue::Int(251000)));
    assert_eq!(amount.unit.as_deref(), Some("元"));
    assert_eq!(num(&r, "t3.granted.natural"), 12.0);
    assert_eq!(
        num(&r, "t3.other.natural"),
        1.0,
        "（六） printed as one row"
    );
    assert_eq!(num(&r, "t3.carried_forward.total"), 7.0);
    let blank = r.fact("t3.carried_over.commercial").unwrap();
    assert_eq!((blank.value.as_ref(), blank.kind), (None, ValueKind::Blank));
    let blank = r.fact("t4.suit_after_review.total").unwrap();
    assert_eq!((blank.value.as_ref(), blank.kind), (None, ValueKind::Blank));
    assert_eq!(num(&r, "t4.review.upheld"), 1.0);
    assert!(r.missing.is_empty(), "missing: {:?}", r.missing);
}

#[test]
fn c_two_bureaus_on_two_sheets_are_two_reports() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("交通运输局").unwrap();
    write_report_2019(ws, "示例县交通运输局", 0);
    let ws = wb.add_worksheet();
    ws.set_name("水利局").unwrap();
    write_report_2019(ws, "示例县水利局", 1);
    let bytes = wb.save_to_buffer().unwrap();
    let reports = extract_bytes("bureaus.xlsx", &bytes, &opts()).unwrap();
    assert_eq!(reports.len(), 2);
    let sheets: Vec<Option<&str>> = reports.iter().map(|r| r.source.sheet.as_deref()).collect();
    assert_eq!(sheets, [Some("交通运输局"), Some("水利局")]);
    assert_eq!(reports[0].meta.agency.as_deref(), Some("示例县交通运输局"));
    assert_eq!(reports[1].meta.agency.as_deref(), Some("示例县水利局"));
    assert_eq!(num(&reports[0], "t3.granted.natural"), 12.0);
    assert_eq!(num(&reports[1], "t3.granted.natural"), 13.0);
    for r in &reports {
        assert_eq!(r.sections.len(), 6);
        assert!(r.missing.is_empty());
    }
}

#[test]
fn d_a_hidden_sheet_is_skipped_with_a_note() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("年报").unwrap();
    write_report_2019(ws, "示例县交通运输局", 0);
    let ws = wb.add_worksheet();
    ws.set_name("草稿").unwrap();
    write_report_2019(ws, "示例县草稿局", 5);
    ws.set_hidden(true);
    let bytes = wb.save_to_buffer().unwrap();
    let doc = sheet::read(&bytes, &opts()).unwrap();
    assert_eq!(doc.parts.len(), 1);
    assert_eq!(doc.notes.len(), 1);
    assert!(doc.notes[0].0.contains("草稿"), "{:?}", doc.notes);
    assert!(doc.paragraphs().all(|p| !p.text.contains("草稿局")));
    let r = one("hidden.xlsx", &bytes);
    assert_eq!(num(&r, "t3.granted.natural"), 12.0);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.code == "READER_NOTE" && w.message.contains("草稿")),
        "{:?}",
        r.warnings
    );
}

// -----------------------------------------------------------------------------------------
// (e) hostile input
// -----------------------------------------------------------------------------------------

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        w.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// `f` fails with a message that names the problem, within a few seconds.
fn refused(what: &str, f: impl FnOnce() -> Result<Document, ReadError>) -> ReadError {
    let t = Instant::now();
    let e = f()
        .err()
        .unwrap_or_else(|| panic!("{what}: read without error"));
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "{what}: took {:?}",
        t.elapsed()
    );
    assert!(!e.to_string().is_empty());
    eprintln!("{what}: {e}");
    e
}

#[test]
fn e_truncated_workbook_is_refused() {
    let bytes = workbook_2021();
    let half = &bytes[..bytes.len() / 2];
    let e = refused("truncated", || sheet::read(half, &opts()));
    assert!(matches!(e, ReadError::Spreadsheet { .. }), "{e}");
    assert!(e.to_string().contains("truncated"), "{e}");
    // Through the front door too, whatever the sniffer makes of it.
    assert!(extract_bytes("half.xlsx", half, &opts()).is_err());
    for cut in [10, 100, 1000, bytes.len() - 10] {
        assert!(sheet::read(&bytes[..cut], &opts()).is_err());
    }
}

#[test]
fn e_zip_bomb_is_refused_before_expanding() {
    use zip::write::SimpleFileOptions;
    // One entry of 300 MiB of zeros, streamed into the compressor: never in memory.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("[Content_Types].xml", SimpleFileOptions::default())
        .unwrap();
    w.write_all(b"<Types/>").unwrap();
    let deflate = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/workbook.xml", deflate).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        w.write_all(&zeros).unwrap();
    }
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());
    assert!(sheet::sniff_xlsx(&bomb));
    let e = refused("zip bomb", || sheet::read(&bomb, &opts()));
    match e {
        ReadError::ArchiveTooLarge { requested, max } => {
            assert!(requested >= 300 << 20, "{requested}");
            assert_eq!(max, 256 << 20);
        }
        other => panic!("{other}"),
    }
    assert_eq!(e.exit_code(), 3);
    // A lower limit refuses a smaller expansion, and an absurd ratio alone is refused too.
    let small = ReadOptions {
        max_expanded_bytes: 1 << 10,
        ..ReadOptions::default()
    };
    assert!(matches!(
        sheet::read(&workbook_2021(), &small),
        Err(ReadError::ArchiveTooLarge { .. })
    ));
    let big = ReadOptions {
        max_expanded_bytes: 1 << 30,
        ..ReadOptions::default()
    };
    assert!(matches!(
        refused("ratio", || sheet::read(&bomb, &big)),
        ReadError::ArchiveTooLarge { .. }
    ));
}

#[test]
fn e_not_a_workbook_is_refused() {
    let text = "这是一个改了扩展名的文本文件。\n一、总体情况\n".as_bytes();
    let e = refused("text as xlsx", || sheet::read(text, &opts()));
    assert!(e.to_string().contains("not a workbook"), "{e}");
    // A zip that is not a workbook, and an OLE file that is not one either.
    let other = zip_of(&[("word/document.xml", b"<w:document/>")]);
    let e = refused("docx as xlsx", || sheet::read(&other, &opts()));
    assert!(e.to_string().contains("not a workbook"), "{e}");
    let mut ole = vec![0u8; 2048];
    ole[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    assert!(!sheet::sniff_xls(&ole));
    refused("doc as xls", || sheet::read(&ole, &opts()));
    let e = nianbao::read::sniff(&ole).err().unwrap();
    assert!(e.to_string().contains("OLE"), "{e}");
}

#[test]
fn e_lying_counts_are_refused() {
    // Shared strings claiming four billion entries: calamine would reserve them up front.
    let sst = br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>"#;
    let bytes = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/sharedStrings.xml", sst),
    ]);
    let e = refused("sst count", || sheet::read(&bytes, &opts()));
    assert!(e.to_string().contains("4000000000"), "{e}");
    // An ods row of one cell repeated ten million times, and a cell of 4e9 spaces.
    let rows = r#"<table:table-row table:number-rows-repeated="10000000"><table:table-cell office:value-type="string"><text:p>报告</text:p></table:table-cell></table:table-row>"#;
    let ods = ods_of(&[("表", rows)]);
    assert!(matches!(
        refused("ods repeat", || sheet::read(&ods, &opts())),
        ReadError::TooManyCells { .. }
    ));
    let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>一<text:s text:c="4000000000"/>二</text:p></table:table-cell></table:table-row>"#;
    let doc = sheet::read(&ods_of(&[("表", rows)]), &opts()).unwrap();
    let p = doc.paragraphs().next().unwrap();
    assert!(p.text.len() < 20_000, "spaces are capped");
}

// -----------------------------------------------------------------------------------------
// ods, written by hand
// -----------------------------------------------------------------------------------------

const ODS_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
<office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>
<office:body><office:spreadsheet>"#;

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;

/// An .ods of tables (name, rows XML); a name starting with `~` is a hidden sheet.
fn ods_of(tables: &[(&str, &str)]) -> Vec<u8> {
    let mut content = String::from(ODS_HEAD);
    for (name, rows) in tables {
        let (name, style) = match name.strip_prefix('~') {
            Some(n) => (n, "ta2"),
            None => (*name, "ta1"),
        };
        content.push_str(&format!(
            r#"<table:table table:name="{name}" table:style-name="{style}"><table:table-column table:number-columns-repeated="16"/>{rows}</table:table>"#
        ));
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One ods cell: a number cell when `v` is a plain number, else text (lines as paragraphs).
fn ods_cell(v: &str, rs: u32, cs: u32) -> String {
    let mut attrs = String::new();
    if cs > 1 {
        attrs.push_str(&format!(r#" table:number-columns-spanned="{cs}""#));
    }
    if rs > 1 {
        attrs.push_str(&format!(r#" table:number-rows-spanned="{rs}""#));
    }
    if v.is_empty() {
        return format!("<table:table-cell{attrs}/>");
    }
    let paras: String = v
        .split('\n')
        .map(|l| format!("<text:p>{}</text:p>", xml_escape(l)))
        .collect();
    match plain_number(v) {
        Some(n) => format!(
            r#"<table:table-cell{attrs} office:value-type="float" office:value="{n}">{paras}</table:table-cell>"#
        ),
        None => format!(
            r#"<table:table-cell{attrs} office:value-type="string">{paras}</table:table-cell>"#
        ),
    }
}

/// Rows XML for cells at sheet positions: (row, col, row span, col span, text).
fn ods_rows(cells: &[(u32, u32, u32, u32, String)]) -> String {
    let n_rows = cells.iter().map(|c| c.0 + c.2).max().unwrap_or(0);
    let mut at: BTreeMap<(u32, u32), (u32, u32, &str)> = BTreeMap::new();
    let mut covered = std::collections::HashSet::new();
    for (r, c, rs, cs, t) in cells {
        at.insert((*r, *c), (*rs, *cs, t.as_str()));
        for rr in *r..r + rs {
            for cc in *c..c + cs {
                if (rr, cc) != (*r, *c) {
                    covered.insert((rr, cc));
                }
            }
        }
    }
    let mut out = String::new();
    for r in 0..n_rows {
        let last = at
            .keys()
            .filter(|k| k.0 == r)
            .map(|k| k.1)
            .chain(covered.iter().filter(|k| k.0 == r).map(|k| k.1))
            .max();
        out.push_str("<table:table-row>");
        match last {
            None => out.push_str("<table:table-cell/>"),
            Some(last) => {
                for c in 0..=last {
                    if let Some((rs, cs, t)) = at.get(&(r, c)) {
                        out.push_str(&ods_cell(t, *rs, *cs));
                    } else if covered.contains(&(r, c)) {
                        out.push_str("<table:covered-table-cell/>");
                    } else {
                        out.push_str("<table:table-cell/>");
                    }
                }
            }
        }
        out.push_str("</table:table-row>");
    }
    out
}

/// A document's blocks as sheet cells, the way `write_blocks` lays them out.
fn doc_cells(blocks: &[Block]) -> Vec<(u32, u32, u32, u32, String)> {
    let mut out = Vec::new();
    let mut row = 0;
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                out.push((row, 0, 1, 1, p.text.clone()));
                row += 1;
            }
            Block::Table(t) => {
                row += 1;
                for c in &t.cells {
                    let text = match plain_number(&c.text) {
                        Some(_) => c.text.trim().to_string(),
                        None => c.text.clone(),
                    };
                    out.push((row + c.row, c.col, c.row_span, c.col_span, text));
                }
                row += t.n_rows + 1;
            }
        }
    }
    out
}

/// A whole document as a one-sheet ods.
fn doc_to_ods(doc: &Document) -> Vec<u8> {
    ods_of(&[("报告", &ods_rows(&doc_cells(&doc.blocks)))])
}

#[test]
fn ods_spans_reach_the_grid() {
    let cells: Vec<(u32, u32, u32, u32, String)> = [
        (0, 0, 1, 4, "示例县水利局2022年政府信息公开工作年度报告"),
        (2, 0, 1, 1, "二、主动公开政府信息情况"),
        (3, 0, 1, 4, "第二十条第（五）项"),
        (4, 0, 1, 1, "信息内容"),
        (4, 1, 1, 3, "本年处理决定数量"),
        (5, 0, 1, 1, "行政许可"),
        (5, 1, 1, 3, "2629"),
        (7, 0, 2, 1, "备注"),
        (7, 1, 1, 1, "第一行"),
        (8, 1, 1, 1, "第二行"),
    ]
    .iter()
    .map(|(r, c, rs, cs, t)| (*r, *c, *rs, *cs, t.to_string()))
    .collect();
    let bytes = ods_of(&[("年报", &ods_rows(&cells)), ("~旧稿", &ods_rows(&cells))]);
    assert!(sheet::sniff_ods(&bytes));
    assert!(!sheet::sniff_xlsx(&bytes));
    let doc = sheet::read(&bytes, &opts()).unwrap();
    assert_eq!(doc.parts.len(), 1);
    assert!(doc.notes[0].0.contains("旧稿"));
    let grid = doc.tables().next().unwrap();
    let value = grid.cells.iter().find(|c| c.text == "2629").unwrap();
    assert_eq!((value.col, value.col_span, value.row_span), (1, 3, 1));
    assert_eq!(value.loc.to_string(), "年报!B6");
    // A vertical merge keeps its rows together in one table.
    let note = doc
        .tables()
        .flat_map(|t| &t.cells)
        .find(|c| c.text == "备注")
        .unwrap();
    assert_eq!(note.row_span, 2);
    let r = one("report.ods", &bytes);
    assert_eq!(r.source.format, "ods");
    assert_eq!(num(&r, "t2.licensing.decisions"), 2629.0);
    assert_eq!(r.meta.year, Some(2022));
}

#[test]
fn project_html_sample_as_ods_gives_the_html_facts() {
    let path = "corpus/2019_changle_jiaotongju.gbk.html";
    let bytes = std::fs::read(path).unwrap();
    let from_html = one(path, &bytes);
    let text = nianbao::read::decode::decode(&bytes, None).unwrap().text;
    let doc = nianbao::read::html::read_str(&text).unwrap();
    let from_ods = one("same.ods", &doc_to_ods(&doc));
    assert_eq!(table_facts(&from_html), table_facts(&from_ods));
    assert_eq!(section_ids(&from_html), section_ids(&from_ods));
}
