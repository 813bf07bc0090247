//! The statutory templates as data: section headings, the rows and columns of tables 2, 3
//! and 4 in both versions, the label variants seen in real reports, and the canonical key
//! each maps to. Adding a template or an alias is an edit here and nowhere else.
//!
//! Labels are matched on normalised text (see [`crate::normalize::norm`]). A pattern is a
//! substring; `a&b` needs both substrings; `=x` needs the whole label to be `x`.

use crate::report::Template;

/// A label → key rule: the key applies when any of `any` matches.
pub struct Label {
    pub key: &'static str,
    pub any: &'static [&'static str],
}

fn pattern_matches(pattern: &str, label: &str) -> bool {
    if let Some(exact) = pattern.strip_prefix('=') {
        return label == exact;
    }
    pattern.split('&').all(|p| label.contains(p))
}

/// The first rule of `rules` matching `label` (normalised).
pub fn match_label(rules: &'static [Label], label: &str) -> Option<&'static str> {
    rules
        .iter()
        .find(|r| r.any.iter().any(|p| pattern_matches(p, label)))
        .map(|r| r.key)
}

/// All rules matching `label`, in the order they occur in the label (for concatenated
/// header lines such as `信息内容本年处理决定数量`).
pub fn labels_in_order(rules: &'static [Label], text: &str) -> Vec<&'static str> {
    let mut hits: Vec<(usize, &'static str)> = Vec::new();
    for r in rules {
        let pos = r
            .any
            .iter()
            .filter(|p| !p.starts_with('=') && !p.contains('&'))
            .filter_map(|p| text.find(*p))
            .min();
        if let Some(pos) = pos {
            hits.push((pos, r.key));
        }
    }
    hits.sort();
    hits.dedup_by_key(|h| h.1);
    hits.into_iter().map(|h| h.1).collect()
}

// ---------------------------------------------------------------- sections

/// One of the six statutory sections. `titles` are regexes over the normalised heading
/// without its number.
pub struct SectionDef {
    pub id: &'static str,
    /// Its place in the template (一 = 1).
    pub place: u32,
    pub titles: &'static [&'static str],
}

pub static SECTIONS: &[SectionDef] = &[
    SectionDef {
        id: "overview",
        place: 1,
        titles: &[r"^.{0,14}总体情况$", r"^概述$", r"^(工作)?概况$"],
    },
    SectionDef {
        id: "proactive",
        place: 2,
        titles: &[r"^主动公开政府信息(的)?(工作)?情况$"],
    },
    SectionDef {
        id: "requests",
        place: 3,
        titles: &[
            r"^收到(和|的|及|与)?处理(政府)?信息公开申请(的)?情况$",
            r"^依申请公开政府信息(的)?情况$",
            r"^政府信息依申请公开(工作)?(的)?情况$",
        ],
    },
    SectionDef {
        id: "review_litigation",
        place: 4,
        titles: &[
            r"^(政府信息公开)?(的)?行政复议(、|和|及|与)?行政诉讼(的)?情况$",
            r"^因政府信息公开(工作|申请)?(被)?(申请)?行政复议(、|和|及|与)?(提起)?行政诉讼(的)?情况$",
            // Misprints such as 行政法复议 keep the two words.
            r"^(政府信息公开|因政府信息公开).{0,8}复议.{0,8}诉讼(的)?情况$",
        ],
    },
    SectionDef {
        id: "problems",
        place: 5,
        titles: &[
            r"^(政府信息公开)?(工作)?存在(的)?(主要)?问题(及|和|与|以及)?改进(情况|措施)$",
            r"^(主要)?问题(及|和|与)改进(情况|措施)$",
        ],
    },
    SectionDef {
        id: "other",
        place: 6,
        titles: &[r"^其他需要报告(的)?事项$", r"^其他事项$"],
    },
];

/// The headings' exact canonical titles, used to find headings run into a flattened line.
pub static INLINE_TITLES: &[(&str, &str)] = &[
    ("overview", "总体情况"),
    ("proactive", "主动公开政府信息情况"),
    ("requests", "收到和处理政府信息公开申请情况"),
    ("review_litigation", "政府信息公开行政复议、行政诉讼情况"),
    ("problems", "存在的主要问题及改进情况"),
    ("problems", "政府信息公开工作存在的主要问题及改进情况"),
    ("other", "其他需要报告的事项"),
    // Reports under the 2007 条例 (pre-2019) name their parts differently.
    ("overview", "概述"),
    ("requests", "政府信息依申请公开工作情况"),
    ("requests", "依申请公开政府信息情况"),
    ("requests", "依申请公开政府信息的情况"),
    (
        "review_litigation",
        "因政府信息公开申请行政复议、提起行政诉讼的情况",
    ),
    ("problems", "主要问题和改进措施"),
    ("problems", "存在的主要问题和改进措施"),
    ("problems", "存在的主要问题及改进措施"),
];

// ---------------------------------------------------------------- table 2

pub static T2_ROWS: &[Label] = &[
    Label {
        key: "other_services",
        any: &["对外管理服务"],
    },
    Label {
        key: "normative",
        any: &["规范性文件"],
    },
    Label {
        key: "rules",
        any: &["规章"],
    },
    Label {
        key: "licensing",
        any: &["行政许可"],
    },
    Label {
        key: "penalty",
        any: &["行政处罚"],
    },
    Label {
        key: "coercion",
        any: &["行政强制"],
    },
    Label {
        key: "fees",
        any: &["事业性收费"],
    },
    Label {
        key: "procurement",
        any: &["集中采购"],
    },
];

pub static T2_COLS: &[Label] = &[
    Label {
        key: "new_made",
        any: &["新制作"],
    },
    Label {
        key: "new_published",
        any: &["新公开"],
    },
    Label {
        key: "total_published",
        any: &["公开总数"],
    },
    Label {
        key: "prev_items",
        any: &["上一年项目", "上年项目"],
    },
    Label {
        key: "change",
        any: &["增&减"],
    },
    Label {
        key: "decisions",
        any: &["处理决定"],
    },
    Label {
        key: "projects",
        any: &["采购项目"],
    },
    Label {
        key: "amount",
        any: &["总金额", "收费金额"],
    },
    Label {
        key: "issued",
        any: &["制发"],
    },
    Label {
        key: "repealed",
        any: &["废止"],
    },
    Label {
        key: "in_force",
        any: &["现行有效"],
    },
];

/// Full table-2 header words, for telling the template from text that was not cut into cells
/// (fragments such as 新公开 also occur in prose).
pub static T2_HEADERS_2019: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "采购项目数量",
    "采购总金额",
];
pub static T2_HEADERS_2021: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
];

/// Table-2 header words only the 2019 template prints.
pub static T2_MARKS_2019: &[&str] = &[
    "新制作",
    "新公开",
    "公开总数",
    "上一年项目",
    "增/减",
    "对外管理服务",
    "第(九)项",
    "集中采购",
];
/// Table-2 header words only the 2021 template prints.
pub static T2_MARKS_2021: &[&str] = &[
    "制发件数",
    "废止件数",
    "现行有效",
    "本年处理决定",
    "收费金额",
];

/// The columns of a table-2 row, in printed order.
pub fn t2_columns(template: Template, row: &str) -> &'static [&'static str] {
    match (template, row) {
        (Template::Y2019, "rules" | "normative") => {
            &["new_made", "new_published", "total_published"]
        }
        (Template::Y2019, "licensing" | "other_services" | "penalty" | "coercion") => {
            &["prev_items", "change", "decisions"]
        }
        (Template::Y2019, "fees") => &["prev_items", "change"],
        (Template::Y2019, "procurement") => &["projects", "amount"],
        (Template::Y2021, "rules" | "normative") => &["issued", "repealed", "in_force"],
        (Template::Y2021, "licensing" | "penalty" | "coercion") => &["decisions"],
        (Template::Y2021, "fees") => &["amount"],
        _ => &[],
    }
}

pub fn t2_rows(template: Template) -> &'static [&'static str] {
    match template {
        Template::Y2019 => &[
            "rules",
            "normative",
            "licensing",
            "other_services",
            "penalty",
            "coercion",
            "fees",
            "procurement",
        ],
        Template::Y2021 => &[
            "rules",
            "normative",
            "licensing",
            "penalty",
            "coercion",
            "fees",
        ],
        _ => &[],
    }
}

// ---------------------------------------------------------------- table 3

/// Leaf rows of table 3. `other_other` (`3.其他`) and `other` (`（六）其他处理`) depend on the
/// group the row sits in, see [`T3_GROUP_OTHER`].
pub static T3_ROWS: &[Label] = &[
    Label {
        key: "new_received",
        any: &["本年新收", "新收&申请"],
    },
    Label {
        key: "carried_forward",
        any: &["结转下年", "下年度继续"],
    },
    Label {
        key: "carried_over",
        any: &["上年结转"],
    },
    Label {
        key: "granted",
        any: &["予以公开"],
    },
    Label {
        key: "partial",
        any: &["部分公开"],
    },
    Label {
        key: "denied_secret",
        any: &["国家秘密"],
    },
    Label {
        key: "denied_law",
        any: &["禁止公开", "其他法律"],
    },
    Label {
        key: "denied_safety",
        any: &["三安全", "危及"],
    },
    Label {
        key: "denied_third_party",
        any: &["第三方"],
    },
    Label {
        key: "denied_internal",
        any: &["内部事务"],
    },
    Label {
        key: "denied_process",
        any: &["过程性"],
    },
    Label {
        key: "denied_enforcement",
        any: &["执法案卷"],
    },
    Label {
        key: "denied_query",
        any: &["行政查询"],
    },
    Label {
        key: "unable_not_held",
        any: &["不掌握"],
    },
    Label {
        key: "unable_create",
        any: &["另行制作", "没有现成"],
    },
    Label {
        key: "unable_unclear",
        any: &["补正后", "仍不明确"],
    },
    Label {
        key: "unprocessed_complaint",
        any: &["信访", "举报投诉"],
    },
    Label {
        key: "unprocessed_repeat",
        any: &["重复申请"],
    },
    Label {
        key: "unprocessed_publication",
        any: &["出版物"],
    },
    Label {
        key: "unprocessed_excessive",
        any: &["大量反复", "大量反覆", "无正当理由大量"],
    },
    Label {
        key: "unprocessed_confirm",
        any: &["重新出具", "确认或"],
    },
    Label {
        key: "other_overdue_correction",
        any: &["逾期不补正", "不补正"],
    },
    Label {
        key: "other_overdue_fee",
        any: &["收费通知", "缴纳费用", "逾期未缴"],
    },
    Label {
        key: "total",
        any: &["总计", "=合计", "(七)合计"],
    },
];

/// Rows of the （六）其他处理 group: `3.其他` is only a row inside it.
pub static T3_GROUP_OTHER: &[Label] = &[Label {
    key: "other_other",
    any: &["=3.其他", "=3、其他", "=其他", "=3其他"],
}];

/// The printed group a label opens: （三）不予公开 … （六）其他处理.
pub static T3_GROUPS: &[(u8, &str)] = &[
    (3, "不予公开"),
    (4, "无法提供"),
    (5, "不予处理"),
    (6, "其他处理"),
];

pub static T3_COLS: &[Label] = &[
    Label {
        key: "natural",
        any: &["自然人"],
    },
    Label {
        key: "commercial",
        any: &["商业企业", "=商业"],
    },
    Label {
        key: "research",
        any: &["科研机构", "科研企业", "=科研"],
    },
    Label {
        key: "social",
        any: &["公益组织", "=社会公益"],
    },
    Label {
        key: "legal",
        any: &["法律服务"],
    },
    Label {
        key: "other",
        any: &["=其他", "=其它"],
    },
    Label {
        key: "total",
        any: &["=总计", "=合计"],
    },
];

/// Words that mark a row as part of table 3's header.
pub static T3_HEADER_MARKS: &[&str] = &[
    "自然人",
    "申请人情况",
    "勾稽关系",
    "法人或其他组织",
    "商业企业",
];

pub const T3_COL_KEYS: &[&str] = &[
    "natural",
    "commercial",
    "research",
    "social",
    "legal",
    "other",
    "total",
];

/// Row keys of table 3 in printed order; `split_other` for the three （六） rows of 2021.
pub fn t3_rows(split_other: bool) -> Vec<&'static str> {
    let mut rows = vec![
        "new_received",
        "carried_over",
        "granted",
        "partial",
        "denied_secret",
        "denied_law",
        "denied_safety",
        "denied_third_party",
        "denied_internal",
        "denied_process",
        "denied_enforcement",
        "denied_query",
        "unable_not_held",
        "unable_create",
        "unable_unclear",
        "unprocessed_complaint",
        "unprocessed_repeat",
        "unprocessed_publication",
        "unprocessed_excessive",
        "unprocessed_confirm",
    ];
    if split_other {
        rows.extend([
            "other_overdue_correction",
            "other_overdue_fee",
            "other_other",
        ]);
    } else {
        rows.push("other");
    }
    rows.extend(["total", "carried_forward"]);
    rows
}

/// The result rows that add up to （七）总计.
pub fn t3_result_rows(split_other: bool) -> Vec<&'static str> {
    t3_rows(split_other)
        .into_iter()
        .filter(|r| {
            !matches!(
                *r,
                "new_received" | "carried_over" | "total" | "carried_forward"
            )
        })
        .collect()
}

// ---------------------------------------------------------------- table 4

pub static T4_GROUPS: &[Label] = &[
    Label {
        key: "suit_after_review",
        any: &["复议后起诉", "复议后"],
    },
    Label {
        key: "suit_direct",
        any: &["未经复议", "直接起诉"],
    },
    Label {
        key: "review",
        any: &["=行政复议", "行政复议&情况", "=复议"],
    },
];

pub static T4_COLS: &[Label] = &[
    Label {
        key: "upheld",
        any: &["维持"],
    },
    Label {
        key: "corrected",
        any: &["纠正"],
    },
    Label {
        key: "other",
        any: &["其他结果", "=其他"],
    },
    Label {
        key: "pending",
        any: &["未审结", "尚未"],
    },
    Label {
        key: "total",
        any: &["总计", "=合计"],
    },
];

pub static T4_HEADER_MARKS: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "结果维持",
    "复议后起诉",
    "直接起诉",
    "尚未审结",
];

pub const T4_GROUP_KEYS: &[&str] = &["review", "suit_direct", "suit_after_review"];
pub const T4_COL_KEYS: &[&str] = &["upheld", "corrected", "other", "pending", "total"];

/// The 15 keys of table 4 in printed order.
pub fn t4_keys() -> Vec<String> {
    T4_GROUP_KEYS
        .iter()
        .flat_map(|g| T4_COL_KEYS.iter().map(move |c| format!("t4.{g}.{c}")))
        .collect()
}

/// How a key part reads in a message: `natural` → 自然人, `granted` → 予以公开.
pub fn display(part: &str) -> &str {
    match part {
        "natural" => "自然人",
        "commercial" => "商业企业",
        "research" => "科研机构",
        "social" => "社会公益组织",
        "legal" => "法律服务机构",
        "other" => "其他",
        "total" => "总计",
        "new_received" => "本年新收",
        "carried_over" => "上年结转",
        "granted" => "予以公开",
        "partial" => "部分公开",
        "denied_secret" => "不予公开·国家秘密",
        "denied_law" => "不予公开·法律行政法规禁止",
        "denied_safety" => "不予公开·三安全一稳定",
        "denied_third_party" => "不予公开·第三方合法权益",
        "denied_internal" => "不予公开·内部事务",
        "denied_process" => "不予公开·过程性信息",
        "denied_enforcement" => "不予公开·行政执法案卷",
        "denied_query" => "不予公开·行政查询事项",
        "unable_not_held" => "无法提供·不掌握",
        "unable_create" => "无法提供·需另行制作",
        "unable_unclear" => "无法提供·补正后仍不明确",
        "unprocessed_complaint" => "不予处理·信访举报投诉",
        "unprocessed_repeat" => "不予处理·重复申请",
        "unprocessed_publication" => "不予处理·公开出版物",
        "unprocessed_excessive" => "不予处理·大量反复申请",
        "unprocessed_confirm" => "不予处理·确认或重新出具",
        "other_overdue_correction" => "其他处理·逾期不补正",
        "other_overdue_fee" => "其他处理·逾期未缴费",
        "other_other" => "其他处理·其他",
        "carried_forward" => "结转下年度",
        "review" => "行政复议",
        "suit_direct" => "行政诉讼（未经复议直接起诉）",
        "suit_after_review" => "行政诉讼（复议后起诉）",
        other => other,
    }
}

/// Every table key a template has (for `missing`).
pub fn all_keys(t2: Template, t3_split_other: bool) -> Vec<String> {
    let mut keys = Vec::new();
    for row in t2_rows(t2) {
        for col in t2_columns(t2, row) {
            keys.push(format!("t2.{row}.{col}"));
        }
    }
    for row in t3_rows(t3_split_other) {
        for col in T3_COL_KEYS {
            keys.push(format!("t3.{row}.{col}"));
        }
    }
    keys.extend(t4_keys());
    keys
}

/// Words of the pre-2019 statistics tables (国办发〔2014〕32号 and local forms).
pub static PRE2019_MARKS: &[&str] = &[
    "统计指标",
    "历年累计",
    "申请办结数",
    "主动公开政府信息数",
    "主动公开信息数",
    "本期实际",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::norm;

    #[test]
    fn label_variants_map_to_keys() {
        let t3 = |s: &str| match_label(T3_ROWS, &norm(s));
        assert_eq!(t3("2.其他法律行政止公开"), Some("denied_law"));
        assert_eq!(t3("四、结转下年度继续办理"), Some("carried_forward"));
        assert_eq!(
            t3("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            Some("partial")
        );
        assert_eq!(
            t3("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            Some("other_overdue_fee")
        );
        assert_eq!(t3("（七）总计"), Some("total"));
        assert_eq!(
            match_label(T2_ROWS, &norm("行政规范性文件")),
            Some("normative")
        );
        assert_eq!(match_label(T2_COLS, &norm("本年增/减")), Some("change"));
        assert_eq!(match_label(T3_COLS, &norm("法人或其他组织")), None);
        assert_eq!(
            match_label(T3_COLS, &norm("社会\n公益\n组织")),
            Some("social")
        );
    }

    #[test]
    fn key_counts_match_the_templates() {
        // templates.md: 2019 has 22 + 161 + 15 cells, 2021 has 10 + 175 + 15.
        assert_eq!(all_keys(Template::Y2019, false).len(), 22 + 161 + 15);
        assert_eq!(all_keys(Template::Y2021, true).len(), 10 + 175 + 15);
    }

    #[test]
    fn header_words_in_order() {
        assert_eq!(
            labels_in_order(T2_COLS, &norm("信息内容本年处理决定数量")),
            ["decisions"]
        );
        assert_eq!(
            labels_in_order(
                T2_COLS,
                &norm("信息内容本年制发件数本年废止件数现行有效件数")
            ),
            ["issued", "repealed", "in_force"]
        );
    }
}
