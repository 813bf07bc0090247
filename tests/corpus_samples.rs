//! The project's own sample reports (`corpus/`): every cell, metadata item and section, and
//! golden snapshots of the whole report JSON (`NIANBAO_ACCEPT=1 cargo test` rewrites them).

mod common;

use common::*;

fn samples() -> Vec<(std::path::PathBuf, serde_json::Value)> {
    let dir = manifest().join("tests/expected");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let exp = load_json(&p);
            let file = manifest()
                .join("corpus")
                .join(exp["file"].as_str().unwrap());
            (file, exp)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 6, "corpus samples missing");
    out
}

#[test]
fn samples_extract_exactly() {
    for (file, exp) in samples() {
        let reports = extract_file(&file);
        let s = score(&reports[0], &exp);
        assert!(
            s.wrong.is_empty() && s.missing.is_empty(),
            "{}: wrong {:?} missing {:?}",
            file.display(),
            s.wrong,
            s.missing
        );
        assert_eq!(s.meta_ok, s.meta, "{}: metadata", file.display());
        assert_eq!(s.sections_ok, s.sections, "{}: sections", file.display());
    }
}

#[test]
fn golden_reports() {
    let accept = std::env::var_os("NIANBAO_ACCEPT").is_some();
    for (file, _) in samples() {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let reports = extract_file(&file);
        let json = serde_json::to_string_pretty(&reports).unwrap() + "\n";
        let golden = manifest().join("tests/golden").join(format!("{name}.json"));
        if accept {
            std::fs::write(&golden, &json).unwrap();
            continue;
        }
        assert!(
            golden.exists(),
            "{} has no golden file; create it with NIANBAO_ACCEPT=1 cargo test",
            file.display()
        );
        let want = std::fs::read_to_string(&golden).unwrap();
        assert!(
            want == json,
            "{} differs from its golden file {}; review and rerun with NIANBAO_ACCEPT=1",
            file.display(),
            golden.display()
        );
    }
}
