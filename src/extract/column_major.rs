//! Tables from PDF text extraction: one cell per line, printed column by column
//! (pdfminer's default output), labels first and values after.
//!
//! Not yet implemented: returns nothing, so such reports list their cells as missing.

use crate::document::Document;
use crate::report::{Diagnostic, Fact};

/// Facts recovered from column-major table text, and the doubts met on the way.
pub fn extract(_doc: &Document) -> (Vec<Fact>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}
