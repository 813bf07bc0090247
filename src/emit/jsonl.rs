//! JSON Lines: one report per line, for dashboards, DuckDB and streaming pipelines.
//!
//! Each line is a complete report object, the same as `nianbao extract FILE` prints but on
//! one line. A shortened example line (real lines carry every fact):
//!
//! ```text
//! {"schema_version":"1.1","source":{"path":"corpus/2020_jinshui_tongjiju.txt","format":"text","encoding":"UTF-8","sha256":"…","bytes":7012},"meta":{"agency":"郑州市示例区统计局","year":2020,"template":"2019","published":"2021-01-15"},"sections":[{"id":"overview","number":"一","heading":"一、总体情况","title":"总体情况","text":"…","loc":{"kind":"line","line":5}}],"facts":[{"key":"t2.procurement.projects","value":14,"kind":"number","raw":"14批","unit":"批","source":{"kind":"cell","table":0,"row":21,"col":1,"line":101}}],"missing":[],"findings":[],"warnings":[]}
//! ```
//!
//! Load it with `duckdb -c "select meta.agency, meta.year from read_json('out/reports.jsonl')"`
//! or `pandas.read_json('out/reports.jsonl', lines=True)`.
//!
//! With `nianbao extract --stdin`, a file that fails gives a line
//! `{"path": "…", "error": "…", "exit_code": 2}` instead, so every input has exactly one line.

use std::io::{self, Write};

use crate::report::Report;

/// Write one report as one line.
pub fn write_report<W: Write>(w: &mut W, report: &Report) -> io::Result<()> {
    serde_json::to_writer(&mut *w, report)?;
    w.write_all(b"\n")
}

/// The line for an input that could not be read.
pub fn error_line(path: &str, error: &str, exit_code: i32) -> String {
    serde_json::json!({ "path": path, "error": error, "exit_code": exit_code }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_report() {
        let text = "某局2020年政府信息公开工作年度报告\n一、总体情况\n正文\n";
        let r = &crate::extract_bytes("a.txt", text.as_bytes(), &Default::default()).unwrap()[0];
        let mut buf = Vec::new();
        write_report(&mut buf, r).unwrap();
        write_report(&mut buf, r).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert_eq!(s.lines().count(), 2);
        let back = Report::from_json(s.lines().next().unwrap()).unwrap();
        assert_eq!(&back, r);
    }
}
