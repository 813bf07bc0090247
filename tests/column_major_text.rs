//! Tables printed column by column (pdfminer text of PDF reports), on constructed text:
//! the readings the identities confirm are taken, anything doubtful is left out with a warning.

use nianbao::document::Loc;
use nianbao::extract::column_major::{CODE, CODE_REORDERED, CODE_UNCONFIRMED, extract};
use nianbao::read::text::read_str;
use nianbao::report::{Diagnostic, Fact, FactValue, Severity};

const COLS: [&str; 7] = [
    "natural",
    "commercial",
    "research",
    "social",
    "legal",
    "other",
    "total",
];

/// Table 3 of the 2019 layout (single （六） row): key, label, values.
fn t3_rows() -> Vec<(&'static str, &'static str, [i64; 7])> {
    vec![
        (
            "new_received",
            "一、本年新收政府信息公开申请数量",
            [5, 2, 0, 0, 1, 0, 8],
        ),
        (
            "carried_over",
            "二、上年结转政府信息公开申请数量",
            [1, 0, 0, 0, 0, 0, 1],
        ),
        ("granted", "（一）予以公开", [2, 1, 0, 0, 0, 0, 3]),
        (
            "partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            [1, 0, 0, 0, 0, 0, 1],
        ),
        ("denied_secret", "（三）不予公开 1.属于国家秘密", [0; 7]),
        ("denied_law", "2.其他法律行政止公开", [0; 7]),
        ("denied_safety", "3.危及“三安全一稳定”", [0; 7]),
        ("denied_third_party", "4.保护第三方合法权益", [0; 7]),
        ("denied_internal", "5.属于三类内部事务信息", [0; 7]),
        (
            "denied_process",
            "6.属于四类过程性信息",
            [1, 0, 0, 0, 0, 0, 1],
        ),
        ("denied_enforcement", "7.属于行政执法案卷", [0; 7]),
        ("denied_query", "8.属于行政查询事项", [0; 7]),
        (
            "unable_not_held",
            "1.本机关不掌握相关政府信息",
            [1, 1, 0, 0, 1, 0, 3],
        ),
        ("unable_create", "2.没有现成信息需要另行制作", [0; 7]),
        ("unable_unclear", "3.补正后申请内容仍不明确", [0; 7]),
        ("unprocessed_complaint", "1.信访举报投诉类申请", [0; 7]),
        ("unprocessed_repeat", "2.重复申请", [0; 7]),
        ("unprocessed_publication", "3.要求提供公开出版物", [0; 7]),
        ("unprocessed_excessive", "4.无正当理由大量反复申请", [0; 7]),
        (
            "unprocessed_confirm",
            "5.要求行政机关确认或重新出具已获取信息",
            [0; 7],
        ),
        ("other", "（六）其他处理", [0; 7]),
        ("total", "（七）总计", [5, 2, 0, 0, 1, 0, 8]),
        (
            "carried_forward",
            "四、结转下年度继续办理",
            [1, 0, 0, 0, 0, 0, 1],
        ),
    ]
}

/// The 2021 layout: （六） as three sub-rows, the first label broken over three lines.
fn t3_rows_2021() -> Vec<(&'static str, &'static str, [i64; 7])> {
    let mut rows = t3_rows();
    let at = rows.iter().position(|r| r.0 == "other").unwrap();
    rows.splice(
        at..at + 1,
        [
            (
                "other_overdue_correction",
                "1、申请人无正当理由逾期不补\n\n正、行政机关不再处理其政府信\n\n息公开申请\n\n（六）其\n\n他处理",
                [0, 0, 0, 0, 0, 0, 0],
            ),
            (
                "other_overdue_fee",
                "2、申请人逾期未按收费通知要\n\n求缴纳费用、行政机关不再处理\n\n其政府信息公开申请",
                [0; 7],
            ),
            ("other_other", "3、其他", [0; 7]),
        ],
    );
    rows
}

fn cell_lines(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for c in cells {
        out.push_str(&c);
        out.push_str("\n\n");
    }
}

const HEAD: &str = "某县人民政府\n\n2023 年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度，我县依法做好政府信息公开\n\n工作。\n\n";

const T2_COLUMN_MAJOR: &str = "二、主动公开政府信息情况\n\n第二十条第（一）项\n\n信息内容\n\n本年制发件数 本年废止件数 现行有效件数\n\n规章\n\n行政规范性文件\n\n0\n\n0\n\n0\n\n5\n\n0\n\n5\n\n第二十条第（五）项\n\n信息内容\n\n本年处理决定数量\n\n行政许可\n\n550\n\n第二十条第（六）项\n\n- 2 -\n\n\u{c}信息内容\n\n本年处理决定数量\n\n行政处罚\n\n行政强制\n\n4119\n\n195\n\n第二十条第（八）项\n\n信息内容\n\n本年收费金额（单位：万元）\n\n行政事业性收费\n\n7730.28\n\n";

const T3_HEAD: &str = "三、收到和处理政府信息公开申请情况\n\n（本列数据的勾稽关系为：第一项加第二项之和，等\n于第三项加第四项之和）\n\n申请人情况\n\n法人或其他组织\n\n自然人\n\n商业\n企业\n\n科研\n机构\n\n社会\n公益\n组织\n\n法律\n服务\n机构\n\n其他\n\n总计\n\n";

const T4: &str = "四、政府信息公开行政复议、行政诉讼情况\n\n行政复议\n\n行政诉讼\n\n未经复议直接起诉\n\n复议后起诉\n\n结果\n维持\n\n结果\n纠正\n\n其他\n结果\n\n尚未\n审结\n\n总 计\n\n结果\n维持\n\n结果\n纠正\n\n其他\n结果\n\n尚未\n审结\n\n总 计\n\n结果\n维持\n\n结果\n纠正\n\n其他\n结果\n\n尚未\n审结\n\n总 计\n\n10\n\n1\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n5\n\n0\n\n0\n\n0\n\n0\n\n";

const TAIL: &str = "五、存在的主要问题及改进情况\n\n工作仍有差距。\n\n- 5 -\n";

const PLAIN: [usize; 7] = [0, 1, 2, 3, 4, 5, 6];
/// 总计 printed before 其他.
const TOTAL_FIRST: [usize; 7] = [0, 1, 2, 3, 4, 6, 5];

/// Table 3 printed column by column, in parts ending before the rows `breaks` (a page
/// footer between). `orders[k]` gives the printed order of the template columns in part k
/// (the last given order serves for the parts after).
fn t3_text(
    rows: &[(&'static str, &'static str, [i64; 7])],
    breaks: &[usize],
    orders: &[[usize; 7]],
) -> String {
    let mut s = String::from(T3_HEAD);
    let mut start = 0;
    let mut ends: Vec<usize> = breaks.to_vec();
    ends.push(rows.len());
    for (page, end) in ends.into_iter().enumerate() {
        let part = &rows[start..end];
        cell_lines(&mut s, part.iter().map(|r| r.1.to_string()));
        if page == 0 {
            // The vertical caption of 三、本年度办理结果, one character a line.
            s.push_str("三\n、\n本\n年\n度\n办\n理\n结\n果\n\n");
        }
        for &c in &orders[page.min(orders.len() - 1)] {
            cell_lines(&mut s, part.iter().map(|r| r.2[c].to_string()));
        }
        s.push_str(&format!("- {} -\n\n\u{c}", page + 3));
        start = end;
    }
    s
}

fn doc_text(t3: &str) -> String {
    format!("{HEAD}{T2_COLUMN_MAJOR}{t3}{T4}{TAIL}")
}

fn run(text: &str) -> (Vec<Fact>, Vec<Diagnostic>) {
    extract(&read_str(text).unwrap())
}

fn value(facts: &[Fact], key: &str) -> Option<FactValue> {
    facts
        .iter()
        .find(|f| f.key == key)
        .and_then(|f| f.value.clone())
}

fn int(facts: &[Fact], key: &str) -> Option<i64> {
    match value(facts, key) {
        Some(FactValue::Int(i)) => Some(i),
        other => panic!("{key}: {other:?}"),
    }
}

fn assert_t3(facts: &[Fact], rows: &[(&'static str, &'static str, [i64; 7])]) {
    for (key, _, vals) in rows {
        for (c, col) in COLS.iter().enumerate() {
            assert_eq!(
                int(facts, &format!("t3.{key}.{col}")),
                Some(vals[c]),
                "t3.{key}.{col}"
            );
        }
    }
    assert_eq!(
        facts.iter().filter(|f| f.key.starts_with("t3.")).count(),
        rows.len() * 7
    );
}

fn line_of(text: &str, needle_line: &str, nth: usize) -> u32 {
    text.split('\n')
        .enumerate()
        .filter(|(_, l)| l.trim() == needle_line)
        .nth(nth)
        .map(|(i, _)| i as u32 + 1)
        .unwrap()
}

fn warnings<'d>(diags: &'d [Diagnostic], code: &str) -> Vec<&'d Diagnostic> {
    diags.iter().filter(|d| d.code == code).collect()
}

#[test]
fn column_major_table_3_is_read_down_the_columns() {
    let rows = t3_rows();
    let text = doc_text(&t3_text(&rows, &[], &[PLAIN]));
    let (facts, diags) = run(&text);
    assert!(warnings(&diags, CODE).is_empty(), "{diags:?}");
    assert_t3(&facts, &rows);
    // Each fact cites its own line: 自然人 of 一 is the first value after the labels, the
    // 商业企业 cell of 一 the first of the second column (the value 2 appears there first).
    let f = facts
        .iter()
        .find(|f| f.key == "t3.new_received.commercial")
        .unwrap();
    let first_value_line = line_of(&text, "果", 0) + 2;
    assert_eq!(
        facts
            .iter()
            .find(|f| f.key == "t3.new_received.natural")
            .unwrap()
            .source,
        Loc::line(first_value_line as usize)
    );
    assert_eq!(f.source, Loc::line(first_value_line as usize + 2 * 23));
    assert_eq!(f.raw, "2");
}

#[test]
fn the_row_major_reading_of_the_same_lines_is_not_taken() {
    // The same numbers dealt row by row would put 5 2 0 0 1 0 8 into 一 as well, but 1 of
    // 二 into 商业企业 … : only the column-major reading balances, so that is what comes out.
    let rows = t3_rows();
    let text = doc_text(&t3_text(&rows, &[], &[PLAIN]));
    let (facts, _) = run(&text);
    assert_eq!(int(&facts, "t3.carried_over.natural"), Some(1));
    assert_eq!(int(&facts, "t3.carried_over.commercial"), Some(0));
    assert_eq!(int(&facts, "t3.unable_not_held.legal"), Some(1));
}

#[test]
fn tables_2_and_4_come_with_a_confirmed_table_3() {
    let text = doc_text(&t3_text(&t3_rows(), &[], &[PLAIN]));
    let (facts, _) = run(&text);
    // （一） printed 0 0 0 5 0 5: 制发 (0, 0), 废止 (0, 5), 现行有效 (0, 5).
    for (key, v) in [
        ("t2.rules.issued", 0),
        ("t2.normative.issued", 0),
        ("t2.rules.repealed", 0),
        ("t2.normative.repealed", 5),
        ("t2.rules.in_force", 0),
        ("t2.normative.in_force", 5),
        ("t2.licensing.decisions", 550),
        ("t2.penalty.decisions", 4119),
        ("t2.coercion.decisions", 195),
    ] {
        assert_eq!(int(&facts, key), Some(v), "{key}");
    }
    assert_eq!(
        value(&facts, "t2.fees.amount"),
        Some(FactValue::Float(7730.28))
    );
    // Table 4 as published, although 总计 0 ≠ 10 + 1 (a publisher's error, for the audit).
    let t4: Vec<i64> = nianbao::template::t4_keys()
        .iter()
        .map(|k| int(&facts, k).unwrap())
        .collect();
    assert_eq!(t4, [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]);
    // No order of these numbers adds up, so the identities cannot confirm the printed one:
    // each failing group says so at its 总计 cell (the audit then marks its finding).
    let (_, diags) = run(&text);
    let doubts = warnings(&diags, CODE_UNCONFIRMED);
    assert_eq!(doubts.len(), 2, "{diags:?}");
    let review_total = facts.iter().find(|f| f.key == "t4.review.total").unwrap();
    assert_eq!(doubts[0].loc.as_ref(), Some(&review_total.source));
}

#[test]
fn table_4_whose_numbers_would_add_up_in_another_order_is_left_out() {
    // Printed 1 1 2 0 0 | 0 … | 0 …: 总计 0 ≠ 4, but 1 + 1 = 2 would hold with 2 in the 总计
    // column: the printed order is suspect.
    let header_end = T4.find("\n\n10\n\n").unwrap() + 2;
    let mut t4 = T4[..header_end].to_string();
    cell_lines(
        &mut t4,
        [1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].map(|v: i64| v.to_string()),
    );
    let text = format!(
        "{HEAD}{T2_COLUMN_MAJOR}{}{t4}{TAIL}",
        t3_text(&t3_rows(), &[], &[PLAIN])
    );
    let (facts, diags) = run(&text);
    assert!(!facts.iter().any(|f| f.key.starts_with("t4.")));
    assert!(
        warnings(&diags, CODE)
            .iter()
            .any(|d| d.message.contains("table 4") && d.loc.is_some()),
        "{diags:?}"
    );
    assert!(facts.iter().any(|f| f.key.starts_with("t3.")));
}

#[test]
fn a_page_break_splits_table_3_into_two_parts() {
    let rows = t3_rows_2021();
    let text = doc_text(&t3_text(&rows, &[13], &[PLAIN]));
    let (facts, diags) = run(&text);
    assert!(warnings(&diags, CODE).is_empty(), "{diags:?}");
    assert_t3(&facts, &rows);
    assert!(value(&facts, "t3.other.natural").is_none());
}

#[test]
fn a_total_column_printed_before_other_is_placed_when_only_that_balances() {
    // pdfminer sometimes prints 总计 before 其他 (洪泽区 2023/2024); with every applicant
    // column but 自然人 at 0 the order of the others cannot change a number.
    let rows: Vec<_> = t3_rows()
        .into_iter()
        .map(|(k, l, v)| (k, l, [v[0], 0, 0, 0, 0, 0, v[0]]))
        .collect();
    // The first page part is displaced, the second printed in order: the second ties the
    // columns of the first through the per-column identities.
    let text = doc_text(&t3_text(&rows, &[14], &[TOTAL_FIRST, PLAIN]));
    let (facts, diags) = run(&text);
    assert!(warnings(&diags, CODE).is_empty(), "{diags:?}");
    assert_t3(&facts, &rows);
    let notes = warnings(&diags, CODE_REORDERED);
    assert_eq!(notes.len(), 1, "{diags:?}");
    assert!(
        notes
            .iter()
            .all(|d| d.severity == Severity::Info && d.loc.is_none())
    );

    // Both parts displaced: 总计 first and 其他 last, or 法律服务机构 holding the 自然人
    // figures and 总计 printed first, balance alike. Nothing is taken.
    let text = doc_text(&t3_text(&rows, &[14], &[TOTAL_FIRST]));
    let (facts, diags) = run(&text);
    assert!(!facts.iter().any(|f| f.key.starts_with("t3.")));
    assert!(
        warnings(&diags, CODE)
            .iter()
            .any(|d| d.message.contains("table 3")),
        "{diags:?}"
    );
}

#[test]
fn a_displaced_total_column_beside_other_numbers_is_left_out() {
    // 商业企业 holds numbers: where the columns after a displaced 总计 belong is not known.
    let rows = t3_rows();
    let text = doc_text(&t3_text(&rows, &[], &[TOTAL_FIRST]));
    let (facts, diags) = run(&text);
    assert!(!facts.iter().any(|f| f.key.starts_with("t3.")));
    assert!(
        warnings(&diags, CODE)
            .iter()
            .any(|d| d.message.contains("table 3")),
        "{diags:?}"
    );
}

#[test]
fn counts_that_do_not_fit_give_nothing_and_a_warning() {
    let rows = t3_rows();
    let t3 = t3_text(&rows, &[], &[PLAIN]);
    // Drop one value line (a blank cell pdfminer printed nothing for).
    let at = t3.find("\n\n8\n\n").unwrap();
    let t3 = format!("{}{}", &t3[..at], &t3[at + 3..]);
    let text = doc_text(&t3);
    let (facts, diags) = run(&text);
    assert!(!facts.iter().any(|f| f.key.starts_with("t3.")));
    let w = warnings(&diags, CODE);
    assert_eq!(w.len(), 2, "{diags:?}");
    assert!(w.iter().all(|d| d.loc.is_some()));
    assert!(w[1].message.contains("table 3"), "{}", w[1].message);
    // Table 3 confirmed nothing, so table 2's （一）, whose two readings differ, is left out
    // too; its one-column blocks and table 4 stand.
    assert!(w[0].message.contains("table 2"), "{}", w[0].message);
    assert!(value(&facts, "t2.normative.repealed").is_none());
    assert_eq!(int(&facts, "t2.licensing.decisions"), Some(550));
    assert_eq!(int(&facts, "t4.review.upheld"), Some(10));
}

#[test]
fn a_missing_row_label_gives_nothing_and_a_warning() {
    let rows = t3_rows();
    let t3 = t3_text(&rows, &[], &[PLAIN]).replace("2.重复申请\n\n", "");
    let (facts, diags) = run(&doc_text(&t3));
    assert!(!facts.iter().any(|f| f.key.starts_with("t3.")));
    assert!(
        warnings(&diags, CODE)
            .iter()
            .any(|d| d.message.contains("unprocessed_repeat")),
        "{diags:?}"
    );
}

#[test]
fn readings_the_identities_cannot_tell_apart_give_nothing() {
    // All 0 but one cell, which the column-major and the row-major reading place in
    // different cells, each failing two identities: no reading is clearly best.
    let mut rows = t3_rows();
    for r in rows.iter_mut() {
        r.2 = [0; 7];
    }
    rows[2].2 = [1, 0, 0, 0, 0, 0, 0];
    let text = doc_text(&t3_text(&rows, &[], &[PLAIN]));
    let (facts, diags) = run(&text);
    assert!(!facts.iter().any(|f| f.key.starts_with("t3.")));
    assert!(!warnings(&diags, CODE).is_empty());
}

#[test]
fn row_major_cell_per_line_text_gives_nothing() {
    let mut s = String::from(HEAD);
    s.push_str("二、主动公开政府信息情况\n\n第二十条第（一）项\n\n信息内容\n\n本年制发件数\n\n本年废止件数\n\n现行有效件数\n\n");
    cell_lines(
        &mut s,
        ["规章", "0", "0", "0", "行政规范性文件", "0", "5", "5"].map(String::from),
    );
    s.push_str(T3_HEAD);
    for (key, label, vals) in t3_rows() {
        s.push_str(label);
        s.push_str("\n\n");
        // A row left empty (pdfminer prints nothing for blank cells) stacks two labels.
        if key != "denied_law" {
            cell_lines(&mut s, vals.iter().map(|v| v.to_string()));
        }
    }
    s.push_str(T4);
    s.push_str(TAIL);
    let (facts, diags) = run(&s);
    assert!(facts.is_empty(), "{facts:?}");
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn tab_indented_cells_and_prose_give_nothing() {
    let seed = "二、主动公开政府信息情况\n\n\t信息内容\n\t本年制发件数\n\t本年废止件数\n\t现行有效件数\n\n\t规章\n\t0\n\t0\n\t0\n\n\t行政规范性文件\n\t0\n\t5\n\t5\n\n三、收到和处理政府信息公开申请情况\n\n全年共收到申请 8 件。\n";
    let (facts, diags) = run(&format!("{HEAD}{seed}{TAIL}"));
    assert!(facts.is_empty() && diags.is_empty());
    let (facts, diags) = run("一、总体情况 二、主动公开政府信息情况 第二十条第（一）项 规章 0 0 0");
    assert!(facts.is_empty() && diags.is_empty());
}

#[test]
fn whole_reports_use_the_facts() {
    let text = doc_text(&t3_text(&t3_rows_2021(), &[13], &[PLAIN]));
    let reports =
        nianbao::extract_bytes("report.txt", text.as_bytes(), &Default::default()).unwrap();
    let r = &reports[0];
    assert_eq!(r.number("t3.new_received.total"), Some(8.0));
    assert_eq!(r.number("t3.other_overdue_fee.total"), Some(0.0));
    assert_eq!(r.number("t2.normative.in_force"), Some(5.0));
    assert_eq!(r.number("t4.suit_after_review.upheld"), Some(5.0));
    assert!(r.missing.is_empty(), "{:?}", r.missing);
}

#[test]
fn table_2_of_the_2019_template() {
    // Five blocks, 22 values, captions and header words between labels and values.
    let t2 = "二、主动公开政府信息情况\n\n第二十条第（一）项\n\n信息内容\n\n本年新\n制作数量\n\n本年新\n公开数量\n\n对外公开总数量\n\n规章\n\n规范性文件\n\n1\n\n2\n\n3\n\n4\n\n50\n\n60\n\n第二十条第（五）项\n\n信息内容\n\n上一年项目数量\n\n本年增/减\n\n处理决定数量\n\n行政许可\n\n其他对外管理服务事项\n\n7\n\n8\n\n-1\n\n0\n\n90\n\n10\n\n第二十条第（六）项\n\n信息内容\n\n上一年项目数量\n\n本年增/减\n\n处理决定数量\n\n行政处罚\n\n行政强制\n\n11\n\n12\n\n0\n\n2\n\n130\n\n14\n\n第二十条第（八）项\n\n信息内容\n\n上一年项目数量\n\n本年增/减\n\n行政事业性收费\n\n3\n\n0\n\n第二十条第（九）项\n\n信息内容\n\n采购项目数量\n\n采购总金额\n\n政府集中采购\n\n6\n\n251000元\n\n";
    let text = format!("{HEAD}{t2}{}{T4}{TAIL}", t3_text(&t3_rows(), &[], &[PLAIN]));
    let (facts, diags) = run(&text);
    assert!(warnings(&diags, CODE).is_empty(), "{diags:?}");
    for (key, v) in [
        ("t2.rules.new_made", 1),
        ("t2.normative.new_made", 2),
        ("t2.rules.new_published", 3),
        ("t2.normative.new_published", 4),
        ("t2.rules.total_published", 50),
        ("t2.normative.total_published", 60),
        ("t2.licensing.prev_items", 7),
        ("t2.other_services.prev_items", 8),
        ("t2.licensing.change", -1),
        ("t2.other_services.change", 0),
        ("t2.licensing.decisions", 90),
        ("t2.other_services.decisions", 10),
        ("t2.penalty.prev_items", 11),
        ("t2.coercion.prev_items", 12),
        ("t2.penalty.decisions", 130),
        ("t2.coercion.decisions", 14),
        ("t2.fees.prev_items", 3),
        ("t2.fees.change", 0),
        ("t2.procurement.projects", 6),
        ("t2.procurement.amount", 251000),
    ] {
        assert_eq!(int(&facts, key), Some(v), "{key}");
    }
    let amount = facts
        .iter()
        .find(|f| f.key == "t2.procurement.amount")
        .unwrap();
    assert_eq!(
        (amount.unit.as_deref(), amount.raw.as_str()),
        (Some("元"), "251000元")
    );
}
