//! Audit rules: constructed reports for every rule (positive and negative), and the real
//! reports' listed publisher errors.

mod common;

use nianbao::Report;

const T3_ROWS_2021: &[&str] = &[
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
];

/// A consistent 2021 report as markdown: 10 new + 2 carried = 9 answered + 3 carried forward.
/// `edit` rewrites cells before printing: (row index in T3_ROWS_2021, column 0..7, value).
fn report(
    prose: &str,
    edits: &[(usize, usize, i64)],
    t4: [i64; 15],
    year: i32,
    in_force: i64,
) -> String {
    let mut rows: Vec<[i64; 7]> = vec![[0; 7]; T3_ROWS_2021.len()];
    rows[0] = [8, 2, 0, 0, 0, 0, 10];
    rows[1] = [2, 0, 0, 0, 0, 0, 2];
    rows[2] = [5, 1, 0, 0, 0, 0, 6];
    rows[12] = [2, 1, 0, 0, 0, 0, 3];
    rows[23] = [7, 2, 0, 0, 0, 0, 9];
    rows[24] = [3, 0, 0, 0, 0, 0, 3];
    for &(r, c, v) in edits {
        rows[r][c] = v;
    }
    let mut s = format!(
        "示例县统计局{year}年政府信息公开工作年度报告\n\n一、总体情况\n\n{prose}\n\n二、主动公开政府信息情况\n\n"
    );
    s += "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n";
    s += &format!("| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 5 | 1 | {in_force} |\n\n");
    s += "| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 12 |\n| 行政处罚 | 3 |\n| 行政强制 | 0 |\n\n";
    s += "| 信息内容 | 本年收费金额（单位：万元） |\n|---|---|\n| 行政事业性收费 | 1.5 |\n\n";
    s += "三、收到和处理政府信息公开申请情况\n\n| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n";
    for (label, v) in T3_ROWS_2021.iter().zip(&rows) {
        let cells: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        s += &format!("| {label} | {} |\n", cells.join(" | "));
    }
    s += "\n四、政府信息公开行政复议、行政诉讼情况\n\n| 行政复议 | 行政诉讼 |\n|---|---|\n";
    let t4: Vec<String> = t4.iter().map(|x| x.to_string()).collect();
    s += &format!(
        "| {} |\n\n五、存在的主要问题及改进情况\n\n无。\n\n六、其他需要报告的事项\n\n无。\n",
        t4.join(" | ")
    );
    s
}

const T4_OK: [i64; 15] = [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1];

fn extract(text: &str) -> Report {
    nianbao::extract_bytes("case.md", text.as_bytes(), &Default::default())
        .unwrap()
        .remove(0)
}

fn rules(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn a_consistent_report_has_no_findings() {
    let r = extract(&report(
        "全年收到政府信息公开申请10件，上年结转2件，办结9件，结转下年度3件。",
        &[],
        T4_OK,
        2024,
        40,
    ));
    assert_eq!(r.missing, Vec::<String>::new());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn t3_balance_total_and_rowsum() {
    // 新收 printed as 11 in the 总计 column only: row sum and balance break, total still holds.
    let r = extract(&report("", &[(0, 6, 11)], T4_OK, 2024, 40));
    let got = rules(&r);
    assert!(got.contains(&"T3-ROWSUM"), "{got:?}");
    assert!(got.contains(&"T3-BALANCE"), "{got:?}");
    assert!(!got.contains(&"T3-TOTAL"), "{got:?}");
    let f = r.findings.iter().find(|f| f.rule == "T3-BALANCE").unwrap();
    assert!(f.cells.iter().any(|c| c.key == "t3.new_received.total"));
    assert!(
        f.cells
            .iter()
            .all(|c| matches!(c.source, nianbao::document::Loc::Cell { .. }))
    );

    // A result row off by one breaks T3-TOTAL (and its row sum stays right).
    let r = extract(&report("", &[(2, 0, 6), (2, 6, 7)], T4_OK, 2024, 40));
    let got = rules(&r);
    assert!(
        got.contains(&"T3-TOTAL") && !got.contains(&"T3-ROWSUM"),
        "{got:?}"
    );
}

#[test]
fn t4_sum_and_blank_total() {
    let mut t4 = T4_OK;
    t4[4] = 0; // review total 0 beside upheld 1 + pending 1
    let r = extract(&report("", &[], t4, 2024, 40));
    assert!(rules(&r).contains(&"T4-SUM"), "{:?}", rules(&r));
    assert!(!rules(&r).contains(&"BLANK-TOTAL"));
}

#[test]
fn text_table_mismatch_and_qualified_figures() {
    let r = extract(&report(
        "全年收到政府信息公开申请17件。其中被纠正的复议1件。",
        &[],
        T4_OK,
        2024,
        40,
    ));
    let f: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "TEXT-TABLE")
        .collect();
    assert_eq!(f.len(), 1, "{:#?}", r.findings);
    assert!(
        f[0].message.contains("17") && f[0].message.contains("10"),
        "{}",
        f[0].message
    );
    assert!(f[0].cells[0].key.starts_with("text."));
}

#[test]
fn section_order_and_title_year() {
    let text = report(
        "本报告统计期限自2023年1月1日至2023年12月31日。",
        &[],
        T4_OK,
        2024,
        40,
    )
    .replace("二、主动公开政府信息情况", "三，主动公开政府信息情况");
    let r = extract(&text);
    let got = rules(&r);
    assert!(got.contains(&"SECTION-ORDER"), "{got:?}");
    assert!(got.contains(&"TITLE-YEAR"), "{got:?}");
}

#[test]
fn cross_year_carry_and_in_force() {
    let y1 = extract(&report("", &[], T4_OK, 2023, 40));
    // 2024 carries over 2 but 2023 carried forward 3; in force 40 + 5 − 1 = 44, printed 45.
    let y2 = extract(&report("", &[], T4_OK, 2024, 45));
    let across = nianbao::audit::check_across(&[y2.clone(), y1.clone()]);
    let got: Vec<&str> = across.iter().map(|f| f.rule.as_str()).collect();
    assert!(
        got.contains(&"X-CARRY") && got.contains(&"X-INFORCE"),
        "{got:?}"
    );
    let carry = across.iter().find(|f| f.rule == "X-CARRY").unwrap();
    assert!(carry.cells.iter().all(|c| c.report.is_some()));
    // Consistent years: 2024 carried over = 3, in force 44.
    let y2 = extract(&report(
        "",
        &[(1, 0, 3), (1, 6, 3), (0, 0, 7), (0, 6, 9)],
        T4_OK,
        2024,
        44,
    ));
    let across = nianbao::audit::check_across(&[y1, y2]);
    assert!(across.is_empty(), "{across:#?}");
}

#[test]
fn real_reports_publisher_errors() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let mut found = 0;
    let mut not_checkable = Vec::new();
    for entry in std::fs::read_dir(corpus.join("expected")).unwrap() {
        let exp = common::load_json(&entry.unwrap().path());
        let file = exp["file"].as_str().unwrap().to_string();
        let r = &common::extract_file(&corpus.join("real").join(&file))[0];
        let errors = exp["publisher_errors"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let arithmetic = |rule: &str| rule.starts_with("T3-") || rule == "T4-SUM";
        for e in &errors {
            let rule = e["rule"].as_str().unwrap();
            if !(arithmetic(rule) || rule == "TEXT-TABLE") {
                continue;
            }
            // The key named in `where` (t3.total.total, t3.granted.*, …) must have been extracted.
            let prefix = e["where"]
                .as_str()
                .unwrap()
                .split(',')
                .next()
                .unwrap()
                .trim()
                .trim_end_matches('*')
                .to_string();
            if !r.facts.iter().any(|f| f.key.starts_with(&prefix))
                && !r.alternatives.iter().any(|a| a.key.starts_with(&prefix))
            {
                not_checkable.push(format!("{file}: {rule} at {prefix}"));
                continue;
            }
            assert!(
                r.findings
                    .iter()
                    .any(|f| f.rule == rule && f.cells.iter().any(|c| c.key.starts_with(&prefix))),
                "{file}: publisher error {rule} at {prefix} not found; findings {:#?}",
                r.findings
            );
            found += 1;
        }
        if !errors
            .iter()
            .any(|e| arithmetic(e["rule"].as_str().unwrap_or("")))
        {
            let arith: Vec<_> = r.findings.iter().filter(|f| arithmetic(&f.rule)).collect();
            assert!(arith.is_empty(), "{file} is consistent but: {arith:#?}");
        }
    }
    eprintln!(
        "publisher errors found: {found}; not checkable (cells not extracted): {not_checkable:?}"
    );
    assert!(not_checkable.is_empty(), "{not_checkable:?}");
    assert!(found >= 10);
}

#[test]
fn seed_section_number_mismatch_is_reported() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let r = &common::extract_file(&corpus.join("real/2020_erqiqu_scjgj.txt"))[0];
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "SECTION-ORDER")
        .expect("SECTION-ORDER");
    assert!(
        f.message.contains("三，主动公开政府信息情况"),
        "{}",
        f.message
    );
}

#[test]
fn blank_total_blank_cells_missing_section_and_table() {
    // Table 4 as HTML with the review group's 总计 left blank beside 1 + 1.
    let t4 = "<table><tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>\
        <tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>\
        <td colspan=\"5\">未经复议直接起诉</td><td colspan=\"5\">复议后起诉</td></tr>\
        <tr><td>1</td><td>0</td><td>0</td><td>1</td><td></td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>\
        <td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>";
    let html = format!(
        "<html><head><title>示例县某局2024年政府信息公开工作年度报告</title></head><body>\
         <p>一、总体情况</p><p>正文。</p><p>四、政府信息公开行政复议、行政诉讼情况</p>{t4}\
         <p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"
    );
    let r = nianbao::extract_bytes("t.html", html.as_bytes(), &Default::default())
        .unwrap()
        .remove(0);
    let got = rules(&r);
    assert!(
        got.contains(&"BLANK-TOTAL") && !got.contains(&"T4-SUM"),
        "{got:?}"
    );
    assert!(got.contains(&"BLANK-CELLS"), "{got:?}");
    // Table 4 alone: the template is unknown, so sections and tables are not demanded.
    assert!(!got.contains(&"MISSING-SECTION"), "{got:?}");

    // A statutory report without 六 and without table 4.
    let text = report("", &[], T4_OK, 2024, 40);
    let cut = text.find("四、政府信息公开行政复议").unwrap();
    let mut shorter = text[..cut].to_string();
    shorter.push_str("五、存在的主要问题及改进情况\n\n无。\n");
    let r = extract(&shorter);
    let got = rules(&r);
    assert!(got.contains(&"MISSING-SECTION"), "{got:?}");
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "MISSING-SECTION")
        .unwrap();
    assert!(
        f.message.contains("other") && f.message.contains("review_litigation"),
        "{}",
        f.message
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "MISSING-TABLE" && f.message.contains("表四")),
        "{:#?}",
        r.findings
    );
}
