//! The `nianbao` binary: outputs, errors and exit codes.

mod common;

use std::process::Command;

fn nianbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

#[test]
fn extract_prints_report_json() {
    let sample = common::manifest().join("corpus/2020_jinshui_tongjiju.txt");
    let out = nianbao().arg("extract").arg(&sample).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], nianbao::report::SCHEMA_VERSION);
    assert_eq!(v["source"]["format"], "text");
    assert_eq!(v["source"]["encoding"], "UTF-8");
    assert_eq!(v["source"]["sha256"].as_str().unwrap().len(), 64);
    let fact = v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "t2.procurement.projects")
        .unwrap();
    assert_eq!(fact["unit"], "批");
    assert_eq!(fact["source"]["kind"], "cell");
    assert!(fact["source"]["line"].as_u64().is_some());
}

#[test]
fn bad_inputs_fail_clearly_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let random = dir.path().join("random.html");
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&random, &bytes).unwrap();
    let image = dir.path().join("scan.txt");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10").unwrap();
    let good = common::manifest().join("corpus/2020_jinshui_tongjiju.txt");
    let outdir = dir.path().join("out");
    let out = nianbao()
        .arg("extract")
        .args([&empty, &random, &image, &good])
        .arg("-o")
        .arg(&outdir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
    assert!(err.contains("random.html"), "{err}");
    assert!(err.contains("scan.txt") && err.contains("image"), "{err}");
    assert!(outdir.join("2020_jinshui_tongjiju.txt.json").exists());
    assert!(!outdir.join("empty.txt.json").exists());
}

#[test]
fn schema_is_generated_from_the_types() {
    let out = nianbao().arg("schema").output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "Report");
    let required = v["required"].as_array().unwrap();
    assert!(required.iter().any(|r| r == "facts"));
    assert!(v.to_string().contains("\"loc\""));
}

#[test]
fn a_report_renamed_xlsx_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("book.xlsx");
    std::fs::copy(
        common::manifest().join("corpus/2020_jinshui_tongjiju.txt"),
        &renamed,
    )
    .unwrap();
    let out = nianbao().arg("extract").arg(&renamed).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("book.xlsx") && err.contains(".xlsx"), "{err}");
}
