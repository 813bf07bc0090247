//! Table-3 rows whose label a converter lost: placed by order only when the sums confirm it.

const ROWS: &[(&str, [i64; 7])] = &[
    ("一、本年新收政府信息公开申请数量", [8, 2, 0, 0, 0, 0, 10]),
    ("二、上年结转政府信息公开申请数量", [2, 0, 0, 0, 0, 0, 2]),
    ("（一）予以公开", [5, 1, 0, 0, 0, 0, 6]),
    ("", [1, 0, 0, 0, 0, 0, 1]), // （二）部分公开, label lost
    ("1.属于国家秘密", [0; 7]),
    ("2.其他法律行政法规禁止公开", [0; 7]),
    ("3.危及“三安全一稳定”", [0; 7]),
    ("4.保护第三方合法权益", [0; 7]),
    ("5.属于三类内部事务信息", [0; 7]),
    ("6.属于四类过程性信息", [0; 7]),
    ("7.属于行政执法案卷", [0; 7]),
    ("8.属于行政查询事项", [0; 7]),
    ("1.本机关不掌握相关政府信息", [1, 1, 0, 0, 0, 0, 2]),
    ("2.没有现成信息需要另行制作", [0; 7]),
    ("3.补正后申请内容仍不明确", [0; 7]),
    ("1.信访举报投诉类申请", [0; 7]),
    ("2.重复申请", [0; 7]),
    ("3.要求提供公开出版物", [0; 7]),
    ("4.无正当理由大量反复申请", [0; 7]),
    ("5.要求行政机关确认或重新出具已获取信息", [0; 7]),
    ("（六）其他处理", [0; 7]),
    ("（七）总计", [7, 2, 0, 0, 0, 0, 9]),
    ("四、结转下年度继续办理", [3, 0, 0, 0, 0, 0, 3]),
];

fn markdown(total_natural: i64) -> String {
    let mut s = String::from(
        "三、收到和处理政府信息公开申请情况\n\n| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n",
    );
    for (label, v) in ROWS {
        let mut v = *v;
        if label.contains("（七）") {
            v[0] = total_natural;
            v[6] = total_natural + 2;
        }
        let cells: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        if label.is_empty() {
            s += &format!("| {} |\n", cells.join(" | "));
        } else {
            s += &format!("| {label} | {} |\n", cells.join(" | "));
        }
    }
    s
}

fn extract(text: &str) -> nianbao::Report {
    nianbao::extract_bytes("t.md", text.as_bytes(), &Default::default())
        .unwrap()
        .remove(0)
}

#[test]
fn a_lost_label_is_placed_when_the_sums_confirm_it() {
    let r = extract(&markdown(7));
    assert_eq!(r.number("t3.partial.natural"), Some(1.0));
    assert_eq!(r.number("t3.partial.total"), Some(1.0));
    assert!(r.warnings.iter().any(|w| w.code == "ORDER_INFERRED"));
}

#[test]
fn a_lost_label_stays_out_when_the_sums_disagree() {
    // （七）总计 printed as 8: the table does not add up, so the row is not placed.
    let r = extract(&markdown(8));
    assert_eq!(r.fact("t3.partial.natural"), None);
    assert!(r.missing.iter().any(|k| k == "t3.partial.natural"));
    assert!(r.warnings.iter().any(|w| w.code == "UNKNOWN_ROW"));
}
