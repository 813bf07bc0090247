//! Bulk extraction: every input accounted for, outputs identical to single-file output,
//! combined files consistent, re-runs idempotent, inputs untouched, streaming mode in order.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

fn nianbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

/// Run nianbao with `args`, asserting success; its output.
fn run_ok(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let out = nianbao().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn a_batch_accounts_for_every_input() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let samples: Vec<_> = std::fs::read_dir(common::manifest().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("README")
                && p.extension().is_some_and(|e| e != "py")
        })
        .collect();
    let mut n = 0;
    for round in 0..4 {
        let d = input.join(format!("batch{round}"));
        std::fs::create_dir_all(&d).unwrap();
        for s in &samples {
            std::fs::copy(s, d.join(s.file_name().unwrap())).unwrap();
            n += 1;
        }
    }
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("scan.html"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(input.join("notes.py"), b"print(1)").unwrap();
    let before = snapshot(&input);
    let out = tmp.path().join("out");

    let run = || {
        let o = nianbao()
            .arg("extract")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .args(["-j", "2"])
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        snapshot(&out)
    };
    let first = run();
    let summary: serde_json::Value = serde_json::from_slice(&first["_summary.json"]).unwrap();
    assert_eq!(summary["inputs"], n + 3);
    assert_eq!(summary["ok"], n);
    assert_eq!(summary["failed"], 2);
    assert_eq!(summary["skipped"], 1);
    let failed: Vec<&str> = summary["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "failed")
        .map(|e| e["error"].as_str().unwrap())
        .collect();
    assert!(
        failed.iter().any(|e| e.contains("empty")) && failed.iter().any(|e| e.contains("image")),
        "{failed:?}"
    );

    // Per-report JSON equals single-file output.
    let one = &samples[0];
    let single = nianbao()
        .arg("extract")
        .arg(input.join("batch2").join(one.file_name().unwrap()))
        .output()
        .unwrap();
    let name = format!("batch2/{}.json", one.file_name().unwrap().to_string_lossy());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&single.stdout).unwrap(),
        serde_json::from_slice::<serde_json::Value>(&first[&name]).unwrap()
    );

    // reports.jsonl: one line per report; facts.csv: one row per table fact.
    let jsonl = String::from_utf8(first["reports.jsonl"].clone()).unwrap();
    let reports: Vec<nianbao::Report> = jsonl
        .lines()
        .map(|l| nianbao::Report::from_json(l).unwrap())
        .collect();
    assert_eq!(reports.len(), summary["reports"].as_u64().unwrap() as usize);
    let csv = String::from_utf8(first["facts.csv"].clone()).unwrap();
    assert!(csv.starts_with("file,agency,year,template,key,value,unit,raw"));
    let table_facts: usize = reports
        .iter()
        .map(|r| {
            r.facts
                .iter()
                .filter(|f| !f.key.starts_with("meta."))
                .count()
        })
        .sum();
    assert_eq!(csv.lines().count() - 1, table_facts);

    // Idempotent, and the inputs are untouched.
    assert_eq!(run(), first);
    assert_eq!(snapshot(&input), before);
}

#[test]
fn stdin_mode_gives_one_line_per_input_in_order() {
    let corpus = common::manifest().join("corpus");
    let mut paths: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| !p.ends_with(".md") || p.contains("lianjiang"))
        .filter(|p| !p.ends_with("README.md") && !p.ends_with(".py"))
        .collect();
    paths.sort();
    paths.insert(1, "/nonexistent/file.txt".into());
    let mut child = nianbao()
        .args(["extract", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(paths.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), paths.len());
    assert_eq!(lines[1]["path"], "/nonexistent/file.txt");
    assert!(lines[1]["error"].as_str().unwrap().contains("cannot read"));
    assert_eq!(lines[0]["source"]["path"], paths[0].as_str());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn compare_rows_match_the_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_ok(&[
        "extract".as_ref(),
        common::manifest().join("corpus").as_ref(),
        "-o".as_ref(),
        out.as_ref(),
    ]);
    run_ok(&[
        "compare".as_ref(),
        out.as_ref(),
        "-o".as_ref(),
        out.as_ref(),
    ]);
    let cmp: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("compare.json")).unwrap()).unwrap();
    let reports = nianbao::batch::load_reports(std::slice::from_ref(&out)).unwrap();
    let rows = cmp["rows"].as_array().unwrap();
    assert_eq!(rows.len(), reports.len());
    for (row, report) in rows.iter().zip(&reports) {
        assert_eq!(row["file"], report.source.path_with_sheet().as_str());
        for f in report.facts.iter().filter(|f| !f.key.starts_with("meta.")) {
            let want = f.value.as_ref().and_then(|v| v.as_f64());
            assert_eq!(
                row["values"][&f.key].as_f64(),
                want,
                "{} {}",
                report.source.path,
                f.key
            );
        }
    }
    // 2019 reports have the one （六） row, 2021 reports its three sub-rows: the derived column covers both.
    let derived: Vec<Option<f64>> = rows
        .iter()
        .map(|r| r["values"]["derived.t3.other_all.total"].as_f64())
        .collect();
    assert!(derived.iter().all(Option::is_some), "{derived:?}");
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert_eq!(csv.lines().count(), reports.len() + 1);
}

#[test]
fn compare_by_agency_gives_year_over_year_deltas() {
    let tmp = tempfile::tempdir().unwrap();
    let report = |year: i32, name: &str, new: i64| {
        format!(
            "{name}{year}年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n\
             | （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n\
             |---|---|---|---|---|---|---|---|\n\
             | 一、本年新收政府信息公开申请数量 | {new} | 0 | 0 | 0 | 0 | 0 | {new} |\n"
        )
    };
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a2024.md"), report(2024, "示例县统计局", 12)).unwrap();
    std::fs::write(input.join("b2023.md"), report(2023, "某省示例县统计局", 10)).unwrap();
    std::fs::write(input.join("c2024.md"), report(2024, "示例县民政局", 3)).unwrap();
    let out = tmp.path().join("out");
    assert!(
        nianbao()
            .arg("extract")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .status()
            .unwrap()
            .success()
    );
    run_ok(&[
        "compare".as_ref(),
        "--by".as_ref(),
        "agency".as_ref(),
        out.as_ref(),
        "-o".as_ref(),
        out.as_ref(),
    ]);
    let cmp: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("compare.json")).unwrap()).unwrap();
    let rows = cmp["rows"].as_array().unwrap();
    let years: Vec<(String, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["agency"].as_str().unwrap().to_string(),
                r["year"].as_i64().unwrap(),
            )
        })
        .collect();
    // The two 统计局 reports are one agency (with and without the province), in year order.
    assert_eq!(years[0].1 + 1, years[1].1, "{years:?}");
    assert!(years[0].0.ends_with("示例县统计局") && years[1].0.ends_with("示例县统计局"));
    assert_eq!(rows[1]["deltas"]["t3.new_received.total"], 2.0);
    assert!(rows[0]["deltas"]["t3.new_received.total"].is_null());
    assert!(rows[2]["deltas"]["t3.new_received.total"].is_null());
}

#[test]
fn audit_reads_an_extract_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let st = nianbao()
        .arg("extract")
        .arg(common::manifest().join("corpus"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(st.status.success());
    let st = nianbao()
        .args(["audit", "--json", "--fail-on", "error"])
        .arg(&out)
        .output()
        .unwrap();
    // The sample with a deliberate T3-BALANCE error fails the audit.
    assert_eq!(
        st.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&st.stdout).unwrap();
    let reports = v["reports"].as_array().unwrap();
    assert!(reports.len() >= 8);
    let lianjiang = reports
        .iter()
        .find(|r| r["path"].as_str().unwrap().contains("lianjiang"))
        .unwrap();
    assert!(
        lianjiang["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "T3-BALANCE")
    );
}
