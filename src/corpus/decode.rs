//! Byte decoding: UTF-8 (with or without BOM), UTF-16 with BOM, and legacy encodings —
//! GB18030/GBK above all — detected by `chardetng`, the detector Firefox uses.

use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// The bytes as UTF-8, if they are. simdutf8 checks Chinese text about ten times as fast as
/// the standard library (whose fast path is for ASCII: it was 3 % of `freq`'s time); the copy
/// that this costs, without `unsafe`, is cheaper still.
fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// memchr's vectorised search: `str::contains` looks a word at a time, 1 % of `freq`.
fn has_nul(text: &str) -> bool {
    memchr::memchr(0, text.as_bytes()).is_some()
}

pub(super) const NUL_MESSAGE: &str =
    "contains NUL bytes: a binary file, or UTF-16 without a byte-order mark";

/// The name a file with this byte-order mark is reported as having.
pub(super) fn bom_name(enc: &'static Encoding) -> &'static str {
    if enc == UTF_8 {
        "UTF-8 (BOM)"
    } else if enc == UTF_16LE {
        "UTF-16LE (BOM)"
    } else if enc == UTF_16BE {
        "UTF-16BE (BOM)"
    } else {
        enc.name()
    }
}

pub(super) fn bad_after_bom(enc: &'static Encoding) -> String {
    format!(
        "starts with a {} byte-order mark but is not valid {} after it",
        enc.name(),
        enc.name()
    )
}

pub(super) fn not_legacy(enc: &'static Encoding) -> String {
    format!(
        "is neither valid UTF-8 nor valid {} (the most likely legacy encoding); convert it to UTF-8",
        enc.name()
    )
}

/// The bytes from the start of a file that chardetng looks at: it runs at ~10 MB/s, and 4 KB
/// (some 1,300 Chinese characters) are plenty to tell GB18030 from Big5 or Shift_JIS; a
/// GB18030 corpus would otherwise spend longer detecting than segmenting.
pub(super) const SAMPLE_BYTES: usize = 4 * 1024;

/// The legacy encoding chardetng finds most likely from the file's first `SAMPLE_BYTES`
/// (`file_len`: the file's length, which says whether the sample is all of it).
pub(super) fn guess_legacy(sample: &[u8], file_len: usize) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == file_len);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    // encoding_rs' GBK decoder already accepts all of GB18030; name it by the superset so the
    // manifest says what was really decoded.
    if enc == GBK { GB18030 } else { enc }
}

/// Decode a whole file. The error string says what is wrong, without the path (the caller adds it).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(bad_after_bom(enc));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: bom_name(enc),
        });
    }
    if let Some(text) = utf8(bytes) {
        if has_nul(text) {
            return Err(NUL_MESSAGE.into());
        }
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        });
    }
    if looks_like_gb(bytes) {
        let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
        if !had_errors && !has_nul(&text) {
            return Ok(Decoded {
                text: text.into_owned(),
                encoding: GB18030.name(),
            });
        }
    }
    let enc = guess_legacy(&bytes[..bytes.len().min(SAMPLE_BYTES)], bytes.len());
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(not_legacy(enc));
    }
    if has_nul(&text) {
        return Err(NUL_MESSAGE.into());
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
    })
}

/// A fast test for the common case of simplified-Chinese GB text: nearly every two-byte
/// sequence lies in the GB2312 area (lead 0xA1–0xF7, trail 0xA1–0xFE) where its hanzi and
/// full-width punctuation live. Big5, Shift_JIS and EUC-KR text puts many trail bytes outside
/// it (Big5: 0x40–0x7E; EUC-KR and Shift_JIS leads beyond the GB2312 hanzi rows are rarer but
/// their text does not fill the area the same way), so anything less clear-cut goes to
/// chardetng.
fn looks_like_gb(bytes: &[u8]) -> bool {
    let mut count = GbCount::default();
    count.feed(bytes);
    count.looks_like_gb()
}

/// `looks_like_gb`'s count, fed a file a part at a time.
#[derive(Debug, Default)]
pub(super) struct GbCount {
    pairs: usize,
    gb2312: usize,
    /// A lead byte whose trail byte is in the next part.
    lead: Option<u8>,
}

impl GbCount {
    pub(super) fn feed(&mut self, bytes: &[u8]) {
        let mut i = 0;
        if let Some(b) = self.lead.take() {
            let Some(&t) = bytes.first() else {
                self.lead = Some(b);
                return;
            };
            self.pair(b, t);
            i = 1;
        }
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                i += 1;
                continue;
            }
            let Some(&t) = bytes.get(i + 1) else {
                self.lead = Some(b);
                return;
            };
            self.pair(b, t);
            i += 2;
        }
    }

    fn pair(&mut self, b: u8, t: u8) {
        self.pairs += 1;
        if (0xA1..=0xF7).contains(&b) && (0xA1..=0xFE).contains(&t) {
            self.gb2312 += 1;
        }
    }

    /// The verdict on all the bytes fed: a lead byte without a trail byte at the end is no GB.
    pub(super) fn looks_like_gb(&self) -> bool {
        self.lead.is_none() && self.pairs >= 32 && self.gb2312 * 100 >= self.pairs * 99
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "核酸检测，党员先锋。";

    #[test]
    fn utf8_plain_and_with_bom() {
        let d = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-8 (BOM)"));
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in SAMPLE.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, SAMPLE);
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE (BOM)");
        assert_eq!(decode(&be).unwrap().text, SAMPLE);
    }

    #[test]
    fn gb18030_is_detected() {
        // A real seed sentence, long enough for the detector to be sure.
        let text = "面对突如其来的疫情，市、区党委、政府作出了科学防控、精准施策的总动员，第一时间把住关键区域。";
        let (bytes, _, _) = GB18030.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.text, text);
    }

    #[test]
    fn big5_is_not_taken_for_gb() {
        let text = "面對突如其來的疫情，市、區黨委、政府作出了科學防控、精準施策的總動員，第一時間把住關鍵區域。";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        assert!(!looks_like_gb(&bytes));
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("Big5", text));
    }

    #[test]
    fn nul_bytes_are_refused() {
        let err = decode(b"abc\0def").unwrap_err();
        assert!(err.contains("NUL"), "{err}");
    }

    #[test]
    fn broken_utf8_after_bom_is_refused() {
        let err = decode(&[0xEF, 0xBB, 0xBF, 0xE6, 0xA0]).unwrap_err();
        assert!(err.contains("byte-order mark"), "{err}");
    }
}
