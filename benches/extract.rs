//! Throughput of `extract_bytes` over the bundled `corpus/`, one bench per reader in
//! `read::FORMATS` (adding a format row adds its bench; formats without a sample are skipped).
//!
//! `cargo bench` prints the time per file; reports/s = 1 / time. Whole-batch figures
//! (10,000 files, peak memory) come from `scripts/bench.sh`.

use std::path::PathBuf;

fn main() {
    divan::main();
}

/// The corpus files whose sniffed format is `format`.
fn samples(format: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if nianbao::read::sniff(&bytes).is_ok_and(|f| f.name == format)
            && nianbao::extract_bytes("bench", &bytes, &Default::default()).is_ok()
        {
            out.push((path.display().to_string(), bytes));
        }
    }
    out
}

#[divan::bench(args = nianbao::read::FORMATS.iter().map(|f| f.name))]
fn extract(bencher: divan::Bencher, format: &str) {
    let files = samples(format);
    if files.is_empty() {
        return;
    }
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .counter(divan::counter::ItemsCount::new(files.len()))
        .bench(|| {
            for (name, b) in &files {
                divan::black_box(nianbao::extract_bytes(name, b, &Default::default()).ok());
            }
        });
}
