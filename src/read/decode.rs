//! Bytes → text: BOM, then a declared charset (HTML), then UTF-8 validity, then detection
//! (chardetng) among the encodings Chinese reports are actually written in.

use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::ReadError;

/// How the encoding was chosen, for the report's `source.encoding` and for doubts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    Bom,
    Declared,
    Utf8Valid,
    Utf16Pattern,
    Detected,
}

#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub chosen: Chosen,
    /// Malformed sequences replaced by U+FFFD.
    pub replaced: usize,
    /// Set when a declared charset was overridden because the bytes contradict it.
    pub note: Option<String>,
}

impl Decoded {
    /// The encoding's name as users know it (`GBK` for GBK/GB2312 pages).
    pub fn name(&self) -> String {
        self.encoding.name().to_string()
    }
}

/// Guess UTF-16 without a BOM. UTF-8 and GBK text never hold a NUL byte, UTF-16 text almost
/// always does (ASCII, and CJK code points such as U+4E00 一); so bytes with NULs are tried
/// as UTF-16LE and BE and taken when nearly every character decoded is plausible text.
fn utf16_by_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(8192) & !1];
    if head.len() < 4 || !head.contains(&0) {
        return None;
    }
    let plausible = |c: char| {
        c == '\t'
            || c == '\n'
            || c == '\r'
            || (' '..='~').contains(&c)
            || crate::normalize::is_han(c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
            || ('\u{2000}'..='\u{206F}').contains(&c)
            || c == '\u{A0}'
            || c == '\u{B7}'
    };
    let score = |enc: &'static Encoding| {
        let (text, _) = enc.decode_without_bom_handling(head);
        let total = text.chars().count().max(1);
        text.chars().filter(|&c| plausible(c)).count() * 100 / total
    };
    let (le, be) = (score(UTF_16LE), score(UTF_16BE));
    if le >= 90 && le >= be {
        Some(UTF_16LE)
    } else if be >= 90 {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn decode_with(bytes: &[u8], enc: &'static Encoding) -> (String, usize) {
    let (cow, _) = enc.decode_without_bom_handling(bytes);
    let replaced = cow.chars().filter(|&c| c == '\u{FFFD}').count();
    (cow.into_owned(), replaced)
}

/// Reject what is not text: control characters other than the usual whitespace, or a
/// decoding that had to replace a noticeable share of the input.
fn check_text(text: &str, replaced: usize) -> Result<(), ReadError> {
    let total = text.chars().count().max(1);
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
        .count();
    if controls * 100 > total {
        return Err(ReadError::NotText {
            reason: format!("{controls} control characters in {total}"),
        });
    }
    if replaced * 50 > total {
        return Err(ReadError::NotText {
            reason: format!("{replaced} of {total} characters could not be decoded"),
        });
    }
    Ok(())
}

/// Decode `bytes`. `declared` is a charset named by the document itself (HTML `<meta>`).
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let (text, encoding, chosen, replaced, note) =
        if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
            let (t, r) = decode_with(&bytes[bom_len..], enc);
            (t, enc, Chosen::Bom, r, None)
        } else if let Some(enc) = utf16_by_pattern(bytes) {
            let (t, r) = decode_with(bytes, enc);
            (t, enc, Chosen::Utf16Pattern, r, None)
        } else if bytes.contains(&0) {
            return Err(ReadError::NotText {
                reason: "it contains NUL bytes".into(),
            });
        } else {
            let utf8_ok = std::str::from_utf8(bytes).is_ok();
            match declared {
                // GBK pages declared as gb2312 decode with the GB18030 superset.
                Some(enc) if !(utf8_ok && enc != UTF_8) || enc == UTF_8 => {
                    let enc = if enc == GBK { GB18030 } else { enc };
                    let (t, r) = decode_with(bytes, enc);
                    if r > 0 && enc == UTF_8 {
                        let (d, t2, r2) = detect(bytes);
                        let note = format!(
                            "declared charset UTF-8 does not fit the bytes; decoded as {}",
                            d.name()
                        );
                        (t2, d, Chosen::Detected, r2, Some(note))
                    } else {
                        (t, enc, Chosen::Declared, r, None)
                    }
                }
                Some(enc) => {
                    // Declared a legacy charset, but the bytes are valid UTF-8: trust the bytes.
                    let (t, r) = decode_with(bytes, UTF_8);
                    let note = format!(
                        "declared charset {} does not fit the bytes, which are valid UTF-8",
                        enc.name()
                    );
                    (t, UTF_8, Chosen::Utf8Valid, r, Some(note))
                }
                None if utf8_ok => {
                    let (t, r) = decode_with(bytes, UTF_8);
                    (t, UTF_8, Chosen::Utf8Valid, r, None)
                }
                None => {
                    let (d, t, r) = detect(bytes);
                    (t, d, Chosen::Detected, r, None)
                }
            }
        };
    check_text(&text, replaced)?;
    let encoding = if encoding == GB18030 && chosen != Chosen::Declared {
        GBK
    } else {
        encoding
    };
    Ok(Decoded {
        text,
        encoding,
        chosen,
        replaced,
        note,
    })
}

/// Characters frequent in report prose in both simplified and traditional writing. A wrong
/// decoding (Big5 bytes read as GBK or the reverse) yields few of them, since both encodings
/// accept most byte pairs.
const COMMON: &str = "的一是在不了有和人中大上以要时到作地于出就分对成会可主年同工也能下过子产种面而方后多定行学法所民得十三之进着等部度家力里如自二理起小物现实加量都两体制机当使点从业本去性好应开合还因由其些然前外天政四日社义事平形相全表间样与关各重新内数正心明看原又利比或但质气第向道此变条只没结解问意建月公无系情者最立代想已通并提直题程展五果料象员位入常文总次品式活设及管特件长求老基资边流路级少图山统接知较将组见计别角期根论运农指几区强放决西被干做必先回则任取据处理府研务收申请依报告息信况";

/// [`COMMON`] as a bitset over the Basic Multilingual Plane.
static COMMON_SET: std::sync::LazyLock<Box<[u64]>> = std::sync::LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64].into_boxed_slice();
    for c in COMMON.chars() {
        let i = c as usize;
        if i < 0x10000 {
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    bits
});

fn common_score(text: &str) -> usize {
    let bits = &*COMMON_SET;
    let (mut hits, mut total) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        let i = c as usize;
        if i < 0x10000 && bits[i / 64] & (1 << (i % 64)) != 0 {
            hits += 1;
        }
    }
    hits * 1000 / total.max(1)
}

/// Detection among GB18030/GBK and Big5: the decoding with fewer errors, and on a tie the one
/// whose text has more common Chinese characters (chardetng's guess breaks remaining ties).
fn detect(bytes: &[u8]) -> (&'static Encoding, String, usize) {
    let sample = &bytes[..bytes.len().min(256 * 1024)];
    let (g, rg) = decode_with(bytes, GB18030);
    let (b, rb) = decode_with(bytes, BIG5);
    let (sg, sb) = (common_score(&g), common_score(&b));
    let big5 = if rb != rg && (rb == 0 || rg == 0) {
        rb < rg
    } else if sg.abs_diff(sb) > 20 {
        sb > sg
    } else {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(sample, sample.len() == bytes.len());
        det.guess(None, chardetng::Utf8Detection::Deny) == BIG5
    };
    if big5 { (BIG5, b, rb) } else { (GBK, g, rg) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_without_declaration_is_detected() {
        let (bytes, _, _) =
            GBK.encode("二〇二〇年度政府信息公开工作年度报告：主动公开政府信息情况");
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.name(), "GBK");
        assert!(d.text.contains("主动公开"));
    }

    #[test]
    fn big5_is_told_from_gbk() {
        let (bytes, _, _) = BIG5.encode("三、收到和處理政府信息公開申請情況。本年新收政府信息公開申請數量，予以公開，部分公開。");
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.name(), "Big5");
        assert!(d.text.contains("處理政府信息公開"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let s = "一、总体情况\r\n规章\t0\t0\t0\r\n";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le, None).unwrap().text, s);
        let no_bom = &le[2..];
        let d = decode(no_bom, None).unwrap();
        assert_eq!(d.text, s);
        assert_eq!(d.chosen, Chosen::Utf16Pattern);
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0, 1, 2], None),
            Err(ReadError::NotText { .. })
        ));
        assert!(matches!(decode(b"", None), Err(ReadError::Empty)));
    }

    #[test]
    fn wrong_utf8_declaration_falls_back_to_detection() {
        let (bytes, _, _) = GBK.encode("收到和处理政府信息公开申请情况，结转下年度继续办理");
        let d = decode(&bytes, Some(UTF_8)).unwrap();
        assert!(d.text.contains("结转下年度"));
        assert!(d.note.is_some());
    }
}
