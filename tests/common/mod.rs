//! Shared helpers for the integration tests: scoring a report against an expected file in the
//! format of `../shared/corpus/expected/*.json`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use nianbao::Report;
use serde_json::Value;

pub fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus`, or None (tests that need it skip with a message).
pub fn shared_corpus() -> Option<PathBuf> {
    let p = manifest().join("../shared/corpus");
    if p.join("expected").is_dir() && p.join("real").is_dir() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: {} is absent; the real-report accuracy test needs the shared corpus",
            p.display()
        );
        None
    }
}

#[derive(Debug, Default)]
pub struct Score {
    pub cells: usize,
    pub correct: usize,
    pub wrong: Vec<(String, Value, Value)>,
    pub missing: Vec<String>,
    pub meta_ok: usize,
    pub meta: usize,
    pub sections_ok: usize,
    pub sections: usize,
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    }
}

pub fn facts_of(r: &Report) -> BTreeMap<String, Value> {
    r.facts
        .iter()
        .map(|f| (f.key.clone(), serde_json::to_value(&f.value).unwrap()))
        .collect()
}

/// Score `report` against an expected JSON document.
pub fn score(report: &Report, expected: &Value) -> Score {
    let got = facts_of(report);
    let mut s = Score::default();
    if let Some(facts) = expected["facts"].as_object() {
        for (k, v) in facts {
            s.cells += 1;
            match got.get(k) {
                None => s.missing.push(k.clone()),
                Some(g) if same(g, v) => s.correct += 1,
                Some(g) => s.wrong.push((k.clone(), v.clone(), g.clone())),
            }
        }
    }
    if let Some(meta) = expected["meta"].as_object() {
        for (k, v) in meta {
            s.meta += 1;
            if got.get(&format!("meta.{k}")).is_some_and(|g| same(g, v)) {
                s.meta_ok += 1;
            }
        }
    }
    if let Some(secs) = expected["sections"].as_array() {
        let ids: Vec<&str> = report.sections.iter().map(|s| s.id.as_str()).collect();
        for sec in secs {
            s.sections += 1;
            if ids.contains(&sec.as_str().unwrap_or("")) {
                s.sections_ok += 1;
            }
        }
    }
    s
}

pub fn extract_file(path: &Path) -> Vec<Report> {
    let bytes = std::fs::read(path).unwrap();
    nianbao::extract_bytes(
        &path.file_name().unwrap().to_string_lossy(),
        &bytes,
        &Default::default(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn load_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}
