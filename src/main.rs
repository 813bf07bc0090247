//! The `nianbao` command: clap and glue only.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

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
    /// Extract reports: JSON to stdout, or one file per input with -o DIR.
    Extract {
        /// Input files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write DIR/<input name>.json for each input instead of printing.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of the report JSON.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("nianbao: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Schema => {
            let schema = schemars::schema_for!(nianbao::Report);
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(0)
        }
        Command::Extract { inputs, output } => extract(&inputs, output.as_deref()),
    }
}

fn extract(inputs: &[PathBuf], output: Option<&Path>) -> Result<u8> {
    let opts = nianbao::read::ReadOptions::default();
    let mut worst = 0u8;
    if let Some(dir) = output {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let stdout = std::io::stdout();
    for path in inputs {
        let name = path.display().to_string();
        let result = std::fs::read(path)
            .map_err(|e| (2u8, format!("cannot read: {e}")))
            .and_then(|bytes| {
                nianbao::extract_bytes(&name, &bytes, &opts)
                    .map_err(|e| (e.exit_code() as u8, e.to_string()))
            });
        match result {
            Ok(reports) => {
                let json = if reports.len() == 1 {
                    serde_json::to_string_pretty(&reports[0])?
                } else {
                    serde_json::to_string_pretty(&reports)?
                };
                match output {
                    Some(dir) => {
                        let file = path
                            .file_name()
                            .map(|f| f.to_string_lossy().to_string())
                            .unwrap_or_default();
                        let target = dir.join(format!("{file}.json"));
                        std::fs::write(&target, json + "\n")
                            .with_context(|| format!("cannot write {}", target.display()))?;
                    }
                    None => {
                        let mut out = stdout.lock();
                        writeln!(out, "{json}")?;
                    }
                }
            }
            Err((code, msg)) => {
                eprintln!("nianbao: {name}: {msg}");
                worst = worst.max(code);
            }
        }
    }
    Ok(worst)
}
