//! Readers: bytes of one format → [`Document`]. One file per format, listed once in
//! [`FORMATS`]; the format is sniffed from the bytes, never taken from the file name.
//!
//! Readers are pure: they get bytes and options, never a path or the environment.

pub mod decode;
pub mod html;
pub mod sheet;
pub mod text;

use crate::document::Document;
use crate::error::ReadError;

/// Limits and switches shared by all readers.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Inputs larger than this are refused before any work.
    pub max_bytes: u64,
    /// Spreadsheets: the most bytes their compressed parts may expand to.
    pub max_expanded_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 64 * 1024 * 1024,
            max_expanded_bytes: 256 * 1024 * 1024,
        }
    }
}

/// A supported input format: its name, how to recognise its bytes, how to read them.
pub struct Format {
    pub name: &'static str,
    pub sniff: fn(&[u8]) -> bool,
    pub read: fn(&[u8], &ReadOptions) -> Result<Document, ReadError>,
}

/// Every format nianbao reads, most specific first; `text` accepts anything left.
pub static FORMATS: &[Format] = &[
    Format {
        name: "xlsx",
        sniff: sheet::sniff_xlsx,
        read: sheet::read,
    },
    Format {
        name: "ods",
        sniff: sheet::sniff_ods,
        read: sheet::read,
    },
    Format {
        name: "xls",
        sniff: sheet::sniff_xls,
        read: sheet::read,
    },
    Format {
        name: "html",
        sniff: html::sniff,
        read: html::read,
    },
    Format {
        name: "text",
        sniff: text::sniff,
        read: text::read,
    },
];

/// Formats we recognise only to refuse them with a useful message.
fn refuse(bytes: &[u8]) -> Option<ReadError> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    let (format, hint) = if starts(b"%PDF") {
        (
            "PDF",
            "convert it to text first, e.g. with pdftotext or pdfminer",
        )
    } else if starts(b"\x89PNG") || starts(b"\xFF\xD8\xFF") || starts(b"GIF8") {
        ("image", "a scanned report needs OCR first")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        ("TIFF image", "a scanned report needs OCR first")
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        ("WebP image", "a scanned report needs OCR first")
    } else if starts(b"{\\rtf") {
        ("RTF", "save it as HTML or text")
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        if sheet::zip_has(bytes, "word/document.xml") {
            ("Word (docx)", "save it as HTML or text")
        } else {
            ("zip archive", "only xlsx and ods workbooks are read")
        }
    } else if starts(b"\xD0\xCF\x11\xE0") {
        ("OLE (doc/ppt)", "save it as HTML, text or xlsx")
    } else {
        return None;
    };
    Some(ReadError::Unsupported { format, hint })
}

/// The format of `bytes`, or why it cannot be read.
pub fn sniff(bytes: &[u8]) -> Result<&'static Format, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    for f in FORMATS {
        if (f.sniff)(bytes) {
            return Ok(f);
        }
        // Known formats we do not read are named before anything falls through to text.
        if f.name == "html"
            && let Some(e) = refuse(bytes)
        {
            return Err(e);
        }
    }
    Err(ReadError::NotText {
        reason: "unrecognised binary data".into(),
    })
}

/// Sniff and read. Returns the format's name with the document.
pub fn read_any(bytes: &[u8], opts: &ReadOptions) -> Result<(&'static str, Document), ReadError> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max: opts.max_bytes,
        });
    }
    let f = sniff(bytes)?;
    let doc = (f.read)(bytes, opts)?;
    Ok((f.name, doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_pdfs_are_refused_by_name() {
        let e = sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").err().unwrap();
        assert!(e.to_string().contains("image"), "{e}");
        let e = sniff(b"%PDF-1.7\n...").err().unwrap();
        assert!(e.to_string().contains("PDF"), "{e}");
        assert!(matches!(sniff(b""), Err(ReadError::Empty)));
    }
}
