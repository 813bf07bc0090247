//! Bulk extraction: many inputs, in parallel, each accounted for.
//!
//! Inputs are files or directories (walked recursively, in sorted order). Every input ends
//! as `ok`, `failed` (with the error) or `skipped` (with the reason), so
//! inputs = ok + failed + skipped. Per-report JSON, `reports.jsonl`, `facts.csv` and
//! `_summary.json` are written atomically (temporary file, then rename); inputs are never
//! touched; running twice gives the same files. Work is done in chunks so that memory stays
//! bounded whatever the number of inputs.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::emit;
use crate::read::ReadOptions;
use crate::report::Report;

/// Files and extensions a directory walk does not treat as reports.
const NOT_REPORTS: &[&str] = &[
    "json", "jsonl", "csv", "py", "rs", "toml", "lock", "sh", "gz", "md5", "sha256", "tmp",
];

/// One input, found on the command line or in a directory.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// Output name relative to the output directory, without `.json`.
    pub out_name: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    Ok {
        reports: usize,
        outputs: Vec<String>,
    },
    Failed {
        error: String,
        exit_code: i32,
    },
    Skipped {
        reason: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub path: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub inputs: usize,
    pub ok: usize,
    pub failed: usize,
    pub skipped: usize,
    pub reports: usize,
    pub entries: Vec<Entry>,
}

impl Summary {
    pub fn exit_code(&self) -> i32 {
        self.entries
            .iter()
            .filter_map(|e| match e.outcome {
                Outcome::Failed { exit_code, .. } => Some(exit_code),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }
}

/// Expand command-line paths into inputs (directories recursively, sorted) and skipped
/// entries. `exclude` (the output directory) is never walked into.
pub fn collect(paths: &[PathBuf], exclude: Option<&Path>) -> (Vec<Input>, Vec<Entry>) {
    let exclude = exclude.and_then(|p| fs::canonicalize(p).ok());
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, p, exclude.as_deref(), &mut inputs, &mut skipped);
        } else {
            let name = p
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_else(|| p.display().to_string());
            inputs.push(Input {
                path: p.clone(),
                out_name: name,
            });
        }
    }
    (inputs, skipped)
}

fn walk(
    root: &Path,
    dir: &Path,
    exclude: Option<&Path>,
    inputs: &mut Vec<Input>,
    skipped: &mut Vec<Entry>,
) {
    if exclude.is_some_and(|ex| fs::canonicalize(dir).is_ok_and(|d| d == ex)) {
        return;
    }
    let mut entries: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            skipped.push(Entry {
                path: dir.display().to_string(),
                outcome: Outcome::Skipped {
                    reason: format!("cannot list directory: {e}"),
                },
            });
            return;
        }
    };
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(root, &p, exclude, inputs, skipped);
            continue;
        }
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.starts_with("README") || NOT_REPORTS.contains(&ext.as_str()) {
            skipped.push(Entry {
                path: p.display().to_string(),
                outcome: Outcome::Skipped {
                    reason: "not a report file (by name)".into(),
                },
            });
            continue;
        }
        let rel = p
            .strip_prefix(root)
            .unwrap_or(&p)
            .to_string_lossy()
            .to_string();
        inputs.push(Input {
            path: p.clone(),
            out_name: rel,
        });
    }
}

/// Read and extract one file, by path.
pub fn extract_path(path: &Path, opts: &ReadOptions) -> Result<Vec<Report>, (String, i32)> {
    let bytes = read_bounded(path, opts.max_bytes).map_err(|e| (e, 2))?;
    crate::extract_bytes(&path.display().to_string(), &bytes, opts)
        .map_err(|e| (e.to_string(), e.exit_code()))
}

fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > max {
        return Err(format!(
            "the file is {} bytes, over the limit of {max} bytes",
            meta.len()
        ));
    }
    fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

/// Write `data` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, data: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = tmp_path(path);
    // No fsync: the rename makes the file appear whole or not at all, which is what a reader
    // of the output directory needs; syncing every one of 10,000 files would dominate.
    File::create(&tmp)?.write_all(data)?;
    fs::rename(&tmp, path)
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// A file written through a temporary name and renamed into place when finished.
pub struct AtomicFile {
    tmp: PathBuf,
    path: PathBuf,
    pub writer: BufWriter<File>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = tmp_path(path);
        Ok(AtomicFile {
            writer: BufWriter::new(File::create(&tmp)?),
            tmp,
            path: path.to_path_buf(),
        })
    }
    pub fn commit(self) -> io::Result<()> {
        self.writer.into_inner().map_err(|e| e.into_error())?;
        fs::rename(&self.tmp, &self.path)
    }
}

/// Options of a batch run to a directory.
pub struct BatchOptions {
    pub out_dir: PathBuf,
    /// Excel-friendly BOM on `facts.csv`.
    pub bom: bool,
    pub read: ReadOptions,
    /// Inputs processed per parallel chunk (bounds memory).
    pub chunk: usize,
}

/// One input, finished: its summary entry and its share of the combined outputs.
struct Done {
    entry: Entry,
    reports: usize,
    jsonl: Vec<u8>,
    csv: Vec<u8>,
}

/// Extract one input, write its report file(s), and render its JSON lines and CSV rows.
fn process(input: &Input, opts: &BatchOptions) -> Done {
    let path = input.path.display().to_string();
    let failed = |error: String, exit_code: i32| Done {
        entry: Entry {
            path: path.clone(),
            outcome: Outcome::Failed { error, exit_code },
        },
        reports: 0,
        jsonl: Vec::new(),
        csv: Vec::new(),
    };
    let reports = match extract_path(&input.path, &opts.read) {
        Ok(reports) => reports,
        Err((error, exit_code)) => return failed(error, exit_code),
    };
    let mut outputs = Vec::new();
    let (mut jsonl, mut csv) = (Vec::new(), Vec::new());
    for r in &reports {
        let name = match &r.source.sheet {
            Some(s) if reports.len() > 1 => format!("{}#{}.json", input.out_name, s),
            _ => format!("{}.json", input.out_name),
        };
        // One serialisation serves both the report's file and its line in reports.jsonl
        // (compact JSON: `jq .` pretty-prints it). Writing to a Vec cannot fail.
        let start = jsonl.len();
        let _ = emit::jsonl::write_report(&mut jsonl, r);
        if let Err(e) = write_atomic(&opts.out_dir.join(&name), &jsonl[start..]) {
            return failed(format!("cannot write {name}: {e}"), 1);
        }
        outputs.push(name);
        let _ = emit::csv::write_facts(&mut csv, r);
    }
    Done {
        entry: Entry {
            path,
            outcome: Outcome::Ok {
                reports: reports.len(),
                outputs,
            },
        },
        reports: reports.len(),
        jsonl,
        csv,
    }
}

/// Run `inputs` into `opts.out_dir`; `progress` is called once per finished input.
pub fn run(
    inputs: &[Input],
    mut entries: Vec<Entry>,
    opts: &BatchOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> io::Result<Summary> {
    fs::create_dir_all(&opts.out_dir)?;
    let mut jsonl = AtomicFile::create(&opts.out_dir.join("reports.jsonl"))?;
    let mut csv = AtomicFile::create(&opts.out_dir.join("facts.csv"))?;
    emit::csv::write_header(&mut csv.writer, opts.bom)?;
    let mut reports_total = 0;
    for chunk in inputs.chunks(opts.chunk.max(1)) {
        // Workers extract and render everything (report file, JSON line, CSV rows); this
        // thread only appends bytes in input order, so it never holds the workers back.
        let results: Vec<Done> = chunk
            .par_iter()
            .map(|input| {
                let done = process(input, opts);
                progress(&input.out_name);
                done
            })
            .collect();
        for done in results {
            jsonl.writer.write_all(&done.jsonl)?;
            csv.writer.write_all(&done.csv)?;
            reports_total += done.reports;
            entries.push(done.entry);
        }
    }
    jsonl.commit()?;
    csv.commit()?;
    let count = |f: fn(&Outcome) -> bool| entries.iter().filter(|e| f(&e.outcome)).count();
    let summary = Summary {
        inputs: entries.len(),
        ok: count(|o| matches!(o, Outcome::Ok { .. })),
        failed: count(|o| matches!(o, Outcome::Failed { .. })),
        skipped: count(|o| matches!(o, Outcome::Skipped { .. })),
        reports: reports_total,
        entries,
    };
    let json = serde_json::to_string_pretty(&summary).map_err(io::Error::other)? + "\n";
    write_atomic(&opts.out_dir.join("_summary.json"), json.as_bytes())?;
    Ok(summary)
}

/// Load report JSON files (a report, an array of reports, or JSON Lines), or directories of
/// them (files whose names start with `_` are skipped).
pub fn load_reports(inputs: &[PathBuf]) -> Result<Vec<Report>, crate::error::LoadError> {
    let mut reports = Vec::new();
    for p in inputs {
        if !p.is_dir() {
            reports.extend(load_report_file(&fs::read_to_string(p)?)?);
            continue;
        }
        let mut files: Vec<PathBuf> = fs::read_dir(p)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| {
                f.extension().is_some_and(|e| e == "json")
                    && !f
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('_'))
            })
            .collect();
        files.sort();
        for f in files {
            let text = fs::read_to_string(&f)?;
            // Other JSON in the folder (compare.json, …) is not a report: skip it.
            let head: String = text.chars().take(200).collect();
            if head.contains("\"schema_version\"") {
                reports.extend(load_report_file(&text)?);
            }
        }
    }
    Ok(reports)
}

fn load_report_file(text: &str) -> Result<Vec<Report>, crate::error::LoadError> {
    let t = text.trim_start();
    if t.starts_with('[') {
        serde_json::from_str::<Vec<serde_json::Value>>(t)?
            .iter()
            .map(|v| Report::from_json(&v.to_string()))
            .collect()
    } else if t.lines().count() > 1
        && t.lines()
            .all(|l| l.trim().is_empty() || l.starts_with("{\"schema_version\""))
    {
        t.lines()
            .filter(|l| !l.trim().is_empty())
            .map(Report::from_json)
            .collect()
    } else {
        Ok(vec![Report::from_json(t)?])
    }
}

/// The reports to audit: report JSON is loaded, any other file extracted. Returns the
/// reports and the inputs that failed, with why.
pub fn audit_inputs(inputs: &[PathBuf]) -> (Vec<Report>, Vec<(String, String)>) {
    let (files, _) = collect(inputs, None);
    let opts = ReadOptions::default();
    let mut reports = Vec::new();
    let mut failures = Vec::new();
    // A directory walk skips JSON as "not a report file"; report JSON in it (an `extract -o`
    // folder) is what an audit of that folder means.
    for dir in inputs.iter().filter(|p| p.is_dir()) {
        match load_reports(std::slice::from_ref(dir)) {
            Ok(rs) => reports.extend(rs),
            Err(e) => failures.push((dir.display().to_string(), e.to_string())),
        }
    }
    for input in files {
        let path = input.path.display().to_string();
        let is_json = input
            .path
            .extension()
            .is_some_and(|e| e == "json" || e == "jsonl");
        let result = if is_json {
            fs::read_to_string(&input.path)
                .map_err(|e| e.to_string())
                .and_then(|t| load_report_file(&t).map_err(|e| e.to_string()))
        } else {
            extract_path(&input.path, &opts).map_err(|(e, _)| e)
        };
        match result {
            Ok(rs) => reports.extend(rs),
            Err(e) => failures.push((path, e)),
        }
    }
    (reports, failures)
}

/// The streaming mode: read file paths, one per line, from `input`; write exactly one JSON line
/// per path to `output`, in input order (a report, an array of reports for a workbook with
/// several, or an error line). `failed` hears each failure. Returns the worst exit code.
pub fn stream<R: io::BufRead, W: Write>(
    input: R,
    output: &mut W,
    opts: &ReadOptions,
    failed: &(dyn Fn(&str, &str) + Sync),
) -> io::Result<i32> {
    let mut worst = 0;
    let mut lines = input.lines();
    loop {
        let chunk: Vec<String> = lines
            .by_ref()
            .take(64)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        if chunk.is_empty() {
            return Ok(worst);
        }
        let results: Vec<(String, i32)> = chunk
            .par_iter()
            .map(|p| match extract_path(Path::new(p), opts) {
                Ok(reports) if reports.len() == 1 => {
                    (serde_json::to_string(&reports[0]).unwrap_or_default(), 0)
                }
                Ok(reports) => (serde_json::to_string(&reports).unwrap_or_default(), 0),
                Err((e, code)) => {
                    failed(p, &e);
                    (emit::jsonl::error_line(p, &e, code), code)
                }
            })
            .collect();
        for (line, code) in results {
            worst = worst.max(code);
            writeln!(output, "{line}")?;
        }
    }
}
