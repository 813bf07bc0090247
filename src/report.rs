//! The report model: the public JSON. `nianbao schema` prints its JSON Schema.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::Loc;
use crate::error::LoadError;

/// Major.minor of the output. A reader of this JSON accepts any minor of its major.
pub const SCHEMA_VERSION: &str = "1.1";
pub const SCHEMA_MAJOR: u32 = 1;

/// One extracted report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub schema_version: String,
    pub source: SourceInfo,
    pub meta: Meta,
    pub sections: Vec<Section>,
    /// Every recognised number under its canonical key (`t3.granted.natural`), plus the
    /// `meta.*` keys.
    pub facts: Vec<Fact>,
    /// Keys the report's template has but whose cell was not found (not guessed).
    #[serde(default)]
    pub missing: Vec<String>,
    /// Audit findings on this report alone (publisher errors, layout problems).
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Extraction doubts: things the extractor could not place with confidence.
    #[serde(default)]
    pub warnings: Vec<Diagnostic>,
    /// Cells left out because their printed text reads several ways (digits run together):
    /// every value the cell could have. Not facts; the audit uses them to tell when a figure in
    /// the prose fits no reading of the table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
}

/// The possible values of a cell that was left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Alternative {
    pub key: String,
    pub values: Vec<FactValue>,
    /// The printed run the cell is part of.
    pub raw: String,
    pub source: Loc,
}

impl Report {
    /// Load report JSON written by this tool, refusing another major schema version.
    pub fn from_json(s: &str) -> Result<Report, LoadError> {
        #[derive(Deserialize)]
        struct Probe {
            schema_version: String,
        }
        let probe: Probe = serde_json::from_str(s)?;
        let major = probe.schema_version.split('.').next().unwrap_or("");
        if major.parse::<u32>().ok() != Some(SCHEMA_MAJOR) {
            return Err(LoadError::SchemaVersion {
                found: probe.schema_version,
                expected: SCHEMA_MAJOR,
            });
        }
        Ok(serde_json::from_str(s)?)
    }

    pub fn fact(&self, key: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.key == key)
    }

    /// The number under `key`, if the cell was found and holds a number.
    pub fn number(&self, key: &str) -> Option<f64> {
        self.fact(key)
            .and_then(|f| f.value.as_ref())
            .and_then(FactValue::as_f64)
    }
}

/// Where the report came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceInfo {
    pub path: String,
    /// `text`, `html`, `xlsx`, `xls`, `ods`, …
    pub format: String,
    /// Character encoding of text formats (`UTF-8`, `GBK`, `UTF-16LE`, `Big5`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    pub sha256: String,
    pub bytes: u64,
    /// The sheet, when a workbook holds one report per sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

impl SourceInfo {
    /// `path`, or `path#sheet` for one report of a workbook.
    pub fn path_with_sheet(&self) -> String {
        match &self.sheet {
            Some(s) => format!("{}#{}", self.path, s),
            None => self.path.clone(),
        }
    }
}

/// Which statutory format the tables follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Template {
    /// 国办公开办函〔2019〕60号
    #[serde(rename = "2019")]
    Y2019,
    /// 国办公开办函〔2021〕30号
    #[serde(rename = "2021")]
    Y2021,
    #[serde(rename = "pre2019")]
    Pre2019,
    #[serde(rename = "unknown")]
    Unknown,
}

impl Template {
    pub fn as_str(self) -> &'static str {
        match self {
            Template::Y2019 => "2019",
            Template::Y2021 => "2021",
            Template::Pre2019 => "pre2019",
            Template::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Meta {
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub template: Template,
    /// `YYYY-MM-DD` as printed, or null.
    pub published: Option<String>,
    /// The year of the statistics period printed in the text (`统计期限自2020年1月1日…`), which
    /// the audit compares with the title's year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_year: Option<i32>,
}

/// One of the six statutory sections, found by its heading's words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// `overview`, `proactive`, `requests`, `review_litigation`, `problems`, `other`.
    pub id: String,
    /// The numeral as printed (`三`), which may differ from the section's place.
    pub number: Option<String>,
    /// The heading as printed (`三，主动公开政府信息情况`).
    pub heading: String,
    /// The heading without its number.
    pub title: String,
    pub text: String,
    pub loc: Loc,
}

/// A fact's value: a number as published, or text for metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum FactValue {
    Int(i64),
    Float(f64),
    Text(String),
}

impl FactValue {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            FactValue::Int(i) => Some(*i as f64),
            FactValue::Float(f) => Some(*f),
            FactValue::Text(_) => None,
        }
    }
}

/// What the cell held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A number (`value` holds it).
    Number,
    /// An empty cell: `value` is null, not 0.
    Blank,
    /// A placeholder such as `-`, `—`, `/`, `无`: `value` is null.
    Placeholder,
    /// Metadata text.
    Text,
}

/// One number (or metadata item) under its canonical key, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fact {
    pub key: String,
    pub value: Option<FactValue>,
    pub kind: ValueKind,
    /// The cell's text as printed.
    pub raw: String,
    /// A unit written in the cell (`元`, `万元`, `批`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A note printed in the cell beside the number (`含自然失效29件`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub source: Loc,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// An extraction doubt: the extractor could not place something with confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// Stable code, e.g. `ROW_VALUE_COUNT`, `UNKNOWN_ROW`.
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub loc: Option<Loc>,
}

/// A cell an audit finding is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FindingCell {
    pub key: String,
    pub value: Option<FactValue>,
    pub raw: String,
    pub source: Loc,
    /// Which report (path) the cell is in, for findings across years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
}

/// A published figure that contradicts another (or a layout problem): the audit's output.
/// Never a correction: the numbers stay as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// `T3-BALANCE`, `T3-TOTAL`, `T3-ROWSUM`, `T4-SUM`, `X-CARRY`, `X-INFORCE`, `TEXT-TABLE`,
    /// `SECTION-ORDER`, `BLANK-TOTAL`, …
    pub rule: String,
    pub severity: Severity,
    /// The finding in Chinese, citing the figures.
    pub message: String,
    pub cells: Vec<FindingCell>,
    /// Whether a blank cell (counted as 0) entered the arithmetic.
    #[serde(default)]
    pub blanks_involved: bool,
    /// Whether a cell involved carries an extraction doubt (then the finding may be ours).
    #[serde(default)]
    pub extraction_doubt: bool,
}
