//! Tables flattened into text with no cell separators (`src/extract/flat.rs`), on constructed
//! strings: what is certain is read, what is not is left out with a warning.

use std::collections::HashMap;

use nianbao::document::{Document, Loc};
use nianbao::extract::flat;
use nianbao::report::{Diagnostic, Fact, FactValue};

/// A document of one paragraph per line, as the text reader makes of web-page text.
fn doc(text: &str) -> Document {
    Document::from_lines(text)
}

struct Out {
    facts: HashMap<String, Fact>,
    warnings: Vec<Diagnostic>,
}

impl Out {
    fn int(&self, key: &str) -> Option<i64> {
        match self.facts.get(key)?.value {
            Some(FactValue::Int(i)) => Some(i),
            ref other => panic!("{key}: {other:?}"),
        }
    }
    fn row(&self, row: &str) -> Vec<Option<i64>> {
        [
            "natural",
            "commercial",
            "research",
            "social",
            "legal",
            "other",
            "total",
        ]
        .iter()
        .map(|c| self.int(&format!("t3.{row}.{c}")))
        .collect()
    }
    fn warned(&self, code: &str, needle: &str) -> bool {
        self.warnings
            .iter()
            .any(|w| w.code == code && w.message.contains(needle))
    }
}

fn run(text: &str) -> Out {
    let (facts, warnings, _) = flat::extract(&doc(text));
    let mut map = HashMap::new();
    for f in facts {
        assert!(
            map.insert(f.key.clone(), f).is_none(),
            "a key was emitted twice"
        );
    }
    Out {
        facts: map,
        warnings,
    }
}

fn some(v: &[i64]) -> Vec<Option<i64>> {
    v.iter().map(|x| Some(*x)).collect()
}

const T3_HEAD: &str = "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他";

/// Row labels of the 2021 table 3 as a web page flattens them (group headings included).
const T3_2021: [&str; 25] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
];

const T4_HEAD: &str = "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计";

const AFTER: &str = "五、存在的主要问题及改进情况（一）存在的主要问题：政策解读形式不够丰富。";

/// A 2021 table 3 flattened onto one line; `runs` by row, `0000000` where not given.
fn t3_line(runs: &[(usize, &str)]) -> String {
    let mut s = String::from(T3_HEAD);
    for (i, label) in T3_2021.iter().enumerate() {
        s.push_str(label);
        let run = runs
            .iter()
            .find(|(r, _)| *r == i)
            .map_or("0000000", |(_, v)| *v);
        s.push_str(run);
    }
    s
}

#[test]
fn unambiguous_rows_are_read_with_their_place() {
    // Seven digits for seven cells: every cell is one digit.
    let line = format!(
        "前言。{}{T4_HEAD}000000000000000 {AFTER}",
        t3_line(&[(0, "1000001"), (2, "1000001"), (23, "1000001")])
    );
    let out = run(&line);
    assert_eq!(out.row("new_received"), some(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(out.row("granted"), some(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(out.row("other_other"), some(&[0; 7]));
    assert_eq!(out.row("total"), some(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(out.row("carried_forward"), some(&[0; 7]));
    // 2021 template: （六） has three rows and no row of its own.
    assert!(!out.facts.keys().any(|k| k.starts_with("t3.other.")));
    assert_eq!(out.facts.len(), 25 * 7 + 15);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    // The source points at the cell's digit, 1-based.
    let f = &out.facts["t3.new_received.natural"];
    let at = line.chars().collect::<Vec<_>>();
    let col = match f.source {
        Loc::Line { line: 1, column } => column.unwrap() as usize,
        ref other => panic!("{other:?}"),
    };
    assert_eq!(at[col - 1], '1');
    assert_eq!(f.raw, "1");
    let label = "一、本年新收政府信息公开申请数量";
    let label_at = line.find(label).unwrap() + label.len();
    assert_eq!(line[..label_at].chars().count() + 1, col);
}

#[test]
fn an_ambiguous_row_is_resolved_by_its_row_sum() {
    // `230 000023` has nine digits for seven cells; only 23|0|0|0|0|0|23 adds up (the spaces
    // are &nbsp; padding and do not print every boundary).
    let out = run(&t3_line(&[
        (0, "230 000023"),
        (2, "7000007"),
        (3, "1000001"),
        (12, "7000007"),
        (14, "5000005"),
        (16, "3000003"),
        (23, "23 0 00 0 023"),
    ]));
    assert_eq!(out.row("new_received"), some(&[23, 0, 0, 0, 0, 0, 23]));
    assert_eq!(out.row("total"), some(&[23, 0, 0, 0, 0, 0, 23]));
    assert_eq!(out.facts["t3.new_received.natural"].raw, "23");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn column_totals_choose_between_row_sums() {
    // `270020130` splits as 27|0|0|2|0|1|30 or 2|7|0|0|20|1|30, both adding up; the column
    // totals against （七）总计 and the balance 一+二 = 七+四 keep only the first.
    let out = run(&t3_line(&[
        (0, "640020470"),
        (2, "270020130"),
        (3, "500000 5"),
        (8, "1000001"),
        (10, "6000006"),
        (11, "1000001"),
        (12, "220000325"),
        (22, "1000001"),
        (23, "630020469"),
        (24, "1000001"),
    ]));
    assert_eq!(out.row("new_received"), some(&[64, 0, 0, 2, 0, 4, 70]));
    assert_eq!(out.row("granted"), some(&[27, 0, 0, 2, 0, 1, 30]));
    assert_eq!(out.row("unable_not_held"), some(&[22, 0, 0, 0, 0, 3, 25]));
    assert_eq!(out.row("total"), some(&[63, 0, 0, 2, 0, 4, 69]));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn an_ambiguous_row_stays_out_with_a_warning() {
    // Without （七）总计 no column identity can be computed: `270020130` keeps two splits
    // that both add up. Only the cells they agree on are kept.
    let text = format!(
        "{T3_HEAD}一、本年新收政府信息公开申请数量0000000二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开270020130（二）部分公开（区分处理的，只计这一情形，不计其他情形）0000000{AFTER}"
    );
    let out = run(&text);
    // 2|7|0|0|20|1|30 and 27|0|0|2|0|1|30 share only the last two cells.
    assert_eq!(
        out.row("granted"),
        vec![None, None, None, None, None, Some(1), Some(30)]
    );
    assert!(out.warned("AMBIGUOUS_RUN", "\"270020130\""));
    let w = out
        .warnings
        .iter()
        .find(|w| w.code == "AMBIGUOUS_RUN")
        .unwrap();
    assert!(matches!(
        w.loc,
        Some(Loc::Line {
            line: 1,
            column: Some(_)
        })
    ));
    assert_eq!(out.row("partial"), some(&[0; 7]));
}

#[test]
fn published_errors_are_not_repaired() {
    // 2020-style: the result rows are printed unambiguously and add up to 27, while （七）总计
    // says 21. The printed rows are kept as printed; 总计's own run is cut by its row sum.
    let runs = [
        (0, "200 000121"),
        (2, "6000017"),
        (3, "6000006"),
        (12, "4000004"),
        (14, "3000003"),
        (16, "3000003"),
        (20, "4 0 0 0 0 0 4"),
        (23, "20 0 00 0 121"),
        (24, " 0 0 00 00 0 "),
    ];
    let out = run(&t3_line(&runs));
    assert_eq!(out.row("granted"), some(&[6, 0, 0, 0, 0, 1, 7]));
    assert_eq!(
        out.row("other_overdue_correction"),
        some(&[4, 0, 0, 0, 0, 0, 4])
    );
    assert_eq!(out.row("total"), some(&[20, 0, 0, 0, 0, 1, 21]));
    assert_eq!(out.row("carried_forward"), some(&[0; 7]));
}

#[test]
fn table_4_of_seventeen_digits_is_cut_by_its_group_sums() {
    let out = run(&format!("{T4_HEAD}21317000001324019{AFTER}"));
    let got: Vec<i64> = ["review", "suit_direct", "suit_after_review"]
        .iter()
        .flat_map(|g| {
            ["upheld", "corrected", "other", "pending", "total"]
                .iter()
                .map(move |c| format!("t4.{g}.{c}"))
        })
        .map(|k| out.int(&k).unwrap())
        .collect();
    assert_eq!(
        got,
        [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19],
        "{:?}",
        out.warnings
    );
    assert!(out.warnings.is_empty());
    assert_eq!(out.facts["t4.suit_after_review.upheld"].raw, "13");
}

#[test]
fn table_4_that_its_sums_cannot_decide_is_left_out() {
    // 17 digits: the first two groups are certain (2,0,0,0,2 | 0,0,2,0,2), the third is
    // 1|1|0|10|12, 1|10|1|0|12 or 11|0|1|0|12: only its total is kept.
    let out = run(&format!("{T4_HEAD}20002002021101012{AFTER}"));
    assert!(
        out.warned("AMBIGUOUS_RUN", "\"20002002021101012\""),
        "{:?}",
        out.warnings
    );
    assert_eq!(out.int("t4.review.upheld"), Some(2));
    assert_eq!(out.int("t4.suit_direct.total"), Some(2));
    assert_eq!(out.int("t4.suit_after_review.total"), Some(12));
    for c in ["upheld", "corrected", "other", "pending"] {
        assert!(out.int(&format!("t4.suit_after_review.{c}")).is_none());
    }
}

const T2_2019: &str = "二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件898989第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可3960181其他对外管理服务事项100153第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚2648-18538行政强制126025第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购13575394432.52元";

#[test]
fn table_2_keeps_only_what_is_decidable() {
    let out = run(&format!("{T2_2019}三、收到和处理政府信息公开申请情况"));
    // As many digits as cells.
    assert_eq!(out.int("t2.rules.new_made"), Some(0));
    assert_eq!(out.int("t2.rules.total_published"), Some(0));
    // The sign starts 本年增/减: 35|-15.
    assert_eq!(out.int("t2.fees.prev_items"), Some(35));
    assert_eq!(out.int("t2.fees.change"), Some(-15));
    // `2648-18538`: the first cell ends at the sign; the rest is not decidable.
    assert_eq!(out.int("t2.penalty.prev_items"), Some(2648));
    assert!(!out.facts.contains_key("t2.penalty.change"));
    assert!(!out.facts.contains_key("t2.penalty.decisions"));
    // 898989 could be 89|89|89 or 8|98|989 …: no identity in table 2, so nothing.
    assert!(!out.facts.contains_key("t2.normative.new_made"));
    assert!(out.warned("AMBIGUOUS_RUN", "\"898989\""));
    // 135|75394432.52 or 1357|5394432.52 …: the decimal point fixes only the amount's end.
    assert!(!out.facts.contains_key("t2.procurement.projects"));
    assert!(!out.facts.contains_key("t2.procurement.amount"));
    assert!(out.warned("AMBIGUOUS_RUN", "13575394432.52元"));
}

#[test]
fn table_2_single_cells_and_units() {
    let out = run(
        "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件693665第二十条第（五）项信息内容本年处理决定数量行政许可2293 第二十条第（六）项信息内容 本年处理决定数量行政处罚1282行政强制42第二十条第（八）项信息内容 本年收费金额（单位：万元）行政事业性收费24252.311082三、收到和处理政府信息公开申请情况",
    );
    assert_eq!(out.int("t2.licensing.decisions"), Some(2293));
    assert_eq!(out.int("t2.coercion.decisions"), Some(42));
    match out.facts["t2.fees.amount"].value {
        Some(FactValue::Float(f)) => assert!((f - 24252.311082).abs() < 1e-9),
        ref other => panic!("{other:?}"),
    }
    assert!(!out.facts.contains_key("t2.normative.issued"));

    // A unit after a cell closes it: 14批 | 329.1877(万元).
    let out = run(
        "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费00第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购14批329.1877(万元）三、收到和处理政府信息公开申请情况",
    );
    let p = &out.facts["t2.procurement.projects"];
    assert_eq!(
        (p.value.clone(), p.unit.as_deref()),
        (Some(FactValue::Int(14)), Some("批"))
    );
    let a = &out.facts["t2.procurement.amount"];
    assert_eq!(a.unit.as_deref(), Some("万元"));
    assert_eq!(a.raw, "329.1877(万元）");
}

#[test]
fn rows_on_lines_of_their_own() {
    // The same table re-rendered one row per line, the （六） heading on a line of its own.
    let mut text = format!("{T3_HEAD}\n");
    for (i, label) in T3_2021.iter().enumerate() {
        let label = label.replace("（六）其他处理", "（六）其他处理\n");
        let run = match i {
            0 | 23 => "230 000023",
            2 => "1000001",
            12 => "220000022",
            _ => "0000000",
        };
        text.push_str(&format!("{label}{run}\n"));
    }
    let out = run(&text);
    assert_eq!(out.row("new_received"), some(&[23, 0, 0, 0, 0, 0, 23]));
    assert_eq!(
        out.row("unable_not_held"),
        some(&[22, 0, 0, 0, 0, 0, 22]),
        "{:?}",
        out.warnings
    );
    assert_eq!(out.row("other_other"), some(&[0; 7]));
    assert!(matches!(
        out.facts["t3.granted.total"].source,
        Loc::Line { line: 4, .. }
    ));
}

#[test]
fn blank_cells_make_digit_counts_meaningless() {
    // A row with fewer digits than cells shows the table has blank cells: a seven-digit run
    // may then hide a blank, so only rows whose own sum holds are kept.
    let out = run(&t3_line(&[(2, "1100001"), (3, "21003"), (4, "1000001")]));
    assert!(out.warned("UNSPLIT_RUN", "\"21003\""));
    assert!(out.warned("BLANK_CELLS", "\"1100001\""));
    assert_eq!(out.row("granted"), vec![None; 7]);
    assert_eq!(out.row("denied_secret"), some(&[1, 0, 0, 0, 0, 0, 1]));
}

#[test]
fn documents_without_flattened_tables_give_nothing() {
    // Prose that names rows and columns.
    let prose = "本年度共收到政府信息公开申请21件，其中自然人申请20件，法人或其他组织申请1件。予以公开7件，部分公开6件，不予公开0件。";
    let out = run(prose);
    assert!(out.facts.is_empty() && out.warnings.is_empty());

    // PDF text: one cell per line, column by column.
    let pdf = [
        "三、收到和处理政府信息公开申请情况",
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "商业",
        "企业",
        "总计",
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "21",
        "0",
        "0",
        "4",
        "第二十条第（五）项",
        "信息内容",
        "本年处理决定数量",
        "行政处罚",
        "行政强制",
        "4119",
        "195",
        "结果维持 结果纠正 其他结果 尚未审结 总计",
        "1",
        "0",
        "10",
    ]
    .join("\n");
    let out = run(&pdf);
    assert!(out.facts.is_empty(), "{:?}", out.facts.keys());

    // Row labels in a table header line followed by prose numbers.
    let out = run(&format!(
        "{T3_HEAD}\n一、本年新收政府信息公开申请数量共21件，较上年增加3件。"
    ));
    assert!(out.facts.is_empty(), "{:?}", out.facts.keys());

    // A run wrapped onto the next line is not cut short.
    let out = run(&format!(
        "{T3_HEAD}一、本年新收政府信息公开申请数量0000000二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开2200003\n25（二）部分公开0000000"
    ));
    assert!(!out.facts.contains_key("t3.granted.natural"));
}

#[test]
fn an_undecidable_run_lists_what_its_cells_could_be() {
    let text = "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件77132470第二十条第（五）项信息内容本年处理决定数量行政许可2629";
    let (facts, _, alternatives) = flat::extract(&doc(text));
    assert!(!facts.iter().any(|f| f.key == "t2.normative.in_force"));
    let alt = alternatives
        .iter()
        .find(|a| a.key == "t2.normative.in_force")
        .expect("alternatives for the undecided cell");
    assert!(alt.values.contains(&FactValue::Int(470)));
    assert!(!alt.values.contains(&FactValue::Int(393)));
    assert_eq!(alt.raw, "77132470");
}

#[test]
fn the_audit_finds_a_prose_figure_that_fits_no_reading() {
    let body = "平潭示例区2023年政府信息公开工作年度报告\n一、总体情况\n清理并集中发布现行有效行政规范性文件{N}件。\n二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件77132470第二十条第（五）项信息内容本年处理决定数量行政许可2629\n";
    let audit = |n: &str| {
        let text = body.replace("{N}", n);
        let r = nianbao::extract_bytes("t.txt", text.as_bytes(), &Default::default())
            .unwrap()
            .remove(0);
        r.findings.iter().filter(|f| f.rule == "TEXT-TABLE").count()
    };
    assert_eq!(audit("393"), 1);
    assert_eq!(audit("470"), 0);
}
