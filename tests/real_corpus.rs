//! Accuracy on the real published reports in `../shared/corpus` (skipped when absent).
//! Fails when accuracy drops below what the project has reached.

mod common;

use common::*;

/// The cell-delimited reports: every cell, every metadata item, every section.
const EXACT: &[&str] = &[
    "2020_erqiqu_scjgj.txt",
    "2019_shanghai_shizhengfu_bgt.html",
    "2025_pingtan_zonghe.html",
    "2025_hangzhou_style_city.html",
];

/// Floor of correct cells over the whole real corpus; raise it when accuracy improves.
const MIN_CORRECT_CELLS: usize = 2713;

#[test]
fn real_reports_accuracy() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let mut expected: Vec<_> = std::fs::read_dir(corpus.join("expected"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    expected.sort();
    assert!(!expected.is_empty());
    let (mut cells, mut correct, mut wrong) = (0, 0, 0);
    for path in expected {
        let exp = load_json(&path);
        let file = exp["file"].as_str().unwrap();
        let reports = extract_file(&corpus.join("real").join(file));
        assert_eq!(reports.len(), 1, "{file}");
        let s = score(&reports[0], &exp);
        cells += s.cells;
        correct += s.correct;
        wrong += s.wrong.len();
        if EXACT.contains(&file) {
            assert!(
                s.wrong.is_empty() && s.missing.is_empty(),
                "{file}: wrong {:?} missing {:?}",
                s.wrong,
                s.missing
            );
            assert_eq!(s.meta_ok, s.meta, "{file}: metadata");
            assert_eq!(s.sections_ok, s.sections, "{file}: sections");
        }
        assert!(
            s.wrong.len() * 100 < s.cells.max(1) * 2,
            "{file}: too many wrong cells {:?}",
            s.wrong
        );
    }
    eprintln!("real corpus: {correct}/{cells} cells correct, {wrong} wrong");
    assert!(wrong * 100 < cells, "wrong cells {wrong} of {cells} ≥ 1%");
    assert!(
        correct >= MIN_CORRECT_CELLS,
        "accuracy dropped: {correct} correct cells < {MIN_CORRECT_CELLS}"
    );
}
