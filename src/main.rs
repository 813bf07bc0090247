//! The `nianbao` command: clap and glue only; the work is in the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use nianbao::batch::{self, BatchOptions};
use nianbao::emit;
use nianbao::read::ReadOptions;

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "政府信息公开工作年度报告 → structured, located, audited data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract reports. One FILE: its JSON on stdout; several: one JSON line each;
    /// with -o DIR: DIR/<name>.json per report plus reports.jsonl, facts.csv, _summary.json.
    Extract {
        /// Files or directories (walked recursively).
        inputs: Vec<PathBuf>,
        /// Output directory.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Read input paths from stdin, one per line; write one JSON line per input.
        #[arg(long)]
        stdin: bool,
        /// Parallel jobs (default: all cores).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Start facts.csv with a UTF-8 BOM (for Excel).
        #[arg(long)]
        bom: bool,
    },
    /// Print the JSON Schema of the report JSON.
    Schema,
    /// Audit reports: published numbers that do not add up, across tables, years and prose.
    Audit {
        /// Report files or directories, or report JSON written by `extract`.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Print JSON instead of the readable report.
        #[arg(long)]
        json: bool,
        /// Exit with code 4 when a finding of this severity (or worse) is found.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
    /// Compare reports side by side: one row per report, one column per canonical key.
    Compare {
        /// Report JSON files, directories of them (e.g. out/), or reports.jsonl.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Order by agency and year and add year-over-year deltas.
        #[arg(long, value_enum)]
        by: Option<By>,
        /// Write compare.csv and compare.json here instead of CSV on stdout.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        #[arg(long)]
        bom: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

#[derive(Clone, Copy, ValueEnum)]
enum By {
    Agency,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("nianbao: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Schema => {
            let schema = schemars::schema_for!(nianbao::Report);
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(0)
        }
        Command::Extract {
            inputs,
            output,
            stdin,
            jobs,
            bom,
        } => {
            if let Some(j) = jobs {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(j.max(1))
                    .build_global()?;
            }
            if stdin {
                return extract_stdin();
            }
            if inputs.is_empty() {
                bail!("no inputs (give files or directories, or --stdin)");
            }
            match output {
                Some(dir) => extract_to_dir(&inputs, &dir, bom),
                None => extract_to_stdout(&inputs),
            }
        }
        Command::Audit {
            inputs,
            json,
            fail_on,
        } => audit(&inputs, json, fail_on),
        Command::Compare {
            inputs,
            by,
            output,
            bom,
        } => compare(&inputs, by.is_some(), output.as_deref(), bom),
    }
}

fn extract_to_stdout(inputs: &[PathBuf]) -> Result<i32> {
    let (files, _) = batch::collect(inputs, None);
    let opts = ReadOptions::default();
    let single = files.len() == 1 && !inputs[0].is_dir();
    let mut worst = 0;
    let mut out = std::io::stdout().lock();
    for input in &files {
        match batch::extract_path(&input.path, &opts) {
            Ok(reports) if single => {
                let json = if reports.len() == 1 {
                    emit::to_json(&reports[0])
                } else {
                    serde_json::to_string_pretty(&reports)?
                };
                writeln!(out, "{json}")?;
            }
            Ok(reports) => {
                for r in &reports {
                    emit::jsonl::write_report(&mut out, r)?;
                }
            }
            Err((msg, code)) => {
                eprintln!("nianbao: {}: {msg}", input.path.display());
                worst = worst.max(code);
            }
        }
    }
    Ok(worst)
}

fn extract_to_dir(inputs: &[PathBuf], dir: &Path, bom: bool) -> Result<i32> {
    let (files, skipped) = batch::collect(inputs, Some(dir));
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {wide_msg}")
            .expect("template"),
    );
    let opts = BatchOptions {
        out_dir: dir.to_path_buf(),
        bom,
        read: ReadOptions::default(),
        chunk: 128,
    };
    let summary = batch::run(&files, skipped, &opts, &|name| {
        bar.inc(1);
        bar.set_message(name.to_string());
    })
    .with_context(|| format!("cannot write to {}", dir.display()))?;
    bar.finish_and_clear();
    for e in &summary.entries {
        if let batch::Outcome::Failed { error, .. } = &e.outcome {
            eprintln!("nianbao: {}: {error}", e.path);
        }
    }
    eprintln!(
        "{} inputs: {} ok ({} reports), {} failed, {} skipped → {}",
        summary.inputs,
        summary.ok,
        summary.reports,
        summary.failed,
        summary.skipped,
        dir.display()
    );
    Ok(summary.exit_code())
}

/// Paths on stdin, one JSON line per input on stdout, in input order.
fn extract_stdin() -> Result<i32> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let worst = batch::stream(
        std::io::stdin().lock(),
        &mut out,
        &ReadOptions::default(),
        &|path, error| eprintln!("nianbao: {path}: {error}"),
    )?;
    out.flush()?;
    Ok(worst)
}

fn compare(inputs: &[PathBuf], by_agency: bool, output: Option<&Path>, bom: bool) -> Result<i32> {
    let reports = batch::load_reports(inputs)?;
    let table = emit::compare::table(&reports, by_agency);
    match output {
        Some(dir) => {
            let mut csv = Vec::new();
            emit::compare::write_csv(&mut csv, &table, bom)?;
            batch::write_atomic(&dir.join("compare.csv"), &csv)?;
            let json = serde_json::to_string_pretty(&emit::compare::to_json(&table))? + "\n";
            batch::write_atomic(&dir.join("compare.json"), json.as_bytes())?;
            eprintln!("{} reports compared → {}", reports.len(), dir.display());
        }
        None => emit::compare::write_csv(&mut std::io::stdout().lock(), &table, bom)?,
    }
    Ok(0)
}

fn audit(inputs: &[PathBuf], json: bool, fail_on: Option<FailOn>) -> Result<i32> {
    let (reports, failures) = batch::audit_inputs(inputs);
    for (path, msg) in &failures {
        eprintln!("nianbao: {path}: {msg}");
    }
    let across = nianbao::audit::check_across(&reports);
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&emit::findings::to_json(&reports, &across))?
        )?;
    } else {
        emit::findings::write_text(&mut out, &reports, &across, std::io::stdout().is_terminal())?;
    }
    let all: Vec<_> = reports
        .iter()
        .flat_map(|r| r.findings.iter())
        .chain(&across)
        .cloned()
        .collect();
    let threshold = fail_on.map(|f| match f {
        FailOn::Error => nianbao::report::Severity::Error,
        FailOn::Warning => nianbao::report::Severity::Warning,
    });
    Ok(match (threshold, nianbao::audit::worst(&all)) {
        (Some(t), Some(w)) if w >= t => 4,
        _ if !failures.is_empty() => 2,
        _ => 0,
    })
}

// Extraction makes many small strings; mimalloc is measurably faster than the system
// allocator on this workload (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
