//! Spreadsheet reader (xlsx, xls, ods). Not yet implemented: see issue 3.

use crate::document::Document;
use crate::error::ReadError;
use crate::read::ReadOptions;

pub fn sniff_xlsx(_bytes: &[u8]) -> bool {
    false
}
pub fn sniff_ods(_bytes: &[u8]) -> bool {
    false
}
pub fn sniff_xls(_bytes: &[u8]) -> bool {
    false
}

/// Whether a zip archive holds an entry named `name` (checked in its central directory).
pub fn zip_has(bytes: &[u8], name: &str) -> bool {
    bytes.windows(name.len()).any(|w| w == name.as_bytes())
}

pub fn read(_bytes: &[u8], _opts: &ReadOptions) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported {
        format: "spreadsheet",
        hint: "spreadsheets are not read yet",
    })
}
