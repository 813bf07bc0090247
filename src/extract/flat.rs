//! Tables flattened into one line of text with no cell separators (web-page text such as
//! `规范性文件898989`, `一、本年新收政府信息公开申请数量200 000121`).
//!
//! Not yet implemented: returns nothing, so such reports list their cells as missing.

use crate::document::Document;
use crate::report::{Diagnostic, Fact};

/// Facts recovered from flattened tables, and the doubts met on the way.
pub fn extract(_doc: &Document) -> (Vec<Fact>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}
