//! The public model: versioned JSON, and blank ≠ 0 ≠ placeholder.

use nianbao::error::LoadError;
use nianbao::report::{FactValue, Report, ValueKind};

fn sample() -> Report {
    let html = "<html><head><title>示例县某局2021年政府信息公开工作年度报告</title></head><body>\
        <p>三、收到和处理政府信息公开申请情况</p><table>\
        <tr><td>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td>自然人</td><td>商业企业</td>\
        <td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>\
        <tr><td>一、本年新收政府信息公开申请数量</td><td>5</td><td></td><td>0</td><td>—</td><td>/</td><td>无</td><td>5</td></tr>\
        </table></body></html>";
    nianbao::extract_bytes("s.html", html.as_bytes(), &Default::default())
        .unwrap()
        .remove(0)
}

#[test]
fn blank_zero_and_dash_are_three_values() {
    let r = sample();
    let f = |k: &str| r.fact(&format!("t3.new_received.{k}")).unwrap().clone();
    assert_eq!(
        (f("commercial").value, f("commercial").kind),
        (None, ValueKind::Blank)
    );
    assert_eq!(
        (f("research").value, f("research").kind),
        (Some(FactValue::Int(0)), ValueKind::Number)
    );
    assert_eq!(
        (f("social").value, f("social").kind),
        (None, ValueKind::Placeholder)
    );
    assert_eq!(f("social").raw, "—");
    assert_eq!(f("legal").kind, ValueKind::Placeholder);
    assert_eq!(f("other").kind, ValueKind::Placeholder);
}

#[test]
fn report_json_round_trips_and_other_majors_are_refused() {
    let r = sample();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(Report::from_json(&json).unwrap(), r);
    let newer = json.replacen(
        &format!("\"schema_version\":\"{}\"", nianbao::report::SCHEMA_VERSION),
        "\"schema_version\":\"2.0\"",
        1,
    );
    assert!(matches!(
        Report::from_json(&newer),
        Err(LoadError::SchemaVersion { .. })
    ));
    let minor = json.replacen(
        &format!("\"schema_version\":\"{}\"", nianbao::report::SCHEMA_VERSION),
        "\"schema_version\":\"1.7\"",
        1,
    );
    assert!(Report::from_json(&minor).is_ok());
}

/// A cell missing in the middle of an HTML row shifts the cells after it: the row is left out
/// with a warning, never read shifted.
#[test]
fn issue_002_short_html_row_is_not_read_shifted() {
    let html = "<html><body><p>三、收到和处理政府信息公开申请情况</p><table>\
        <tr><td>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td>自然人</td><td>商业企业</td>\
        <td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>\
        <tr><td>一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>\
        <tr><td>（一）予以公开</td><td>4</td><td>1</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>\
        </table></body></html>";
    let r = nianbao::extract_bytes("s.html", html.as_bytes(), &Default::default())
        .unwrap()
        .remove(0);
    assert_eq!(r.number("t3.new_received.total"), Some(6.0));
    assert!(r.fact("t3.granted.other").is_none() && r.fact("t3.granted.total").is_none());
    assert!(r.warnings.iter().any(|w| w.code == "ROW_VALUE_COUNT"));
}
