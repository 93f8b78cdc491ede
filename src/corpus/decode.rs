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

/// A UTF-8 file may hold malformed sequences and still be read as UTF-8 (each replaced by
/// U+FFFD, with a warning) when there is at most one for each `MULTIBYTE_PER_BAD` bytes that
/// start a multi-byte character (0xC2–0xF4). A UTF-8 file with a damaged byte has thousands
/// of well-formed characters to each bad one; text in a legacy encoding is not UTF-8 almost
/// wherever it is not ASCII (GB18030: about every other Han character; windows-1252: every
/// accented letter), so it stays far above the bound (docs/corpus.md).
pub const MULTIBYTE_PER_BAD: u64 = 50;

/// Malformed UTF-8 sequences replaced by U+FFFD in a file read as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaced {
    /// The byte offset of the first.
    pub first: u64,
    pub count: u64,
}

/// How well-formed a file's UTF-8 is, fed a part at a time: the bytes that start a
/// multi-byte character, and the malformed sequences.
#[derive(Debug)]
pub(super) struct Utf8Tally {
    /// The file's length.
    len: u64,
    starts: u64,
    bad: Option<Replaced>,
}

impl Utf8Tally {
    /// The tally of a file of `len` bytes.
    pub(super) fn new(len: u64) -> Self {
        Utf8Tally {
            len,
            starts: 0,
            bad: None,
        }
    }

    pub(super) fn feed(&mut self, bytes: &[u8]) {
        self.starts += bytes
            .iter()
            .filter(|&&b| (0xC2..=0xF4).contains(&b))
            .count() as u64;
    }

    /// A malformed sequence at byte `offset`.
    pub(super) fn malformed(&mut self, offset: u64) {
        match &mut self.bad {
            Some(r) => r.count += 1,
            None => {
                self.bad = Some(Replaced {
                    first: offset,
                    count: 1,
                })
            }
        }
    }

    fn bad(&self) -> u64 {
        self.bad.map_or(0, |r| r.count)
    }

    /// Whether the bad sequences already exceed what the file could hold as UTF-8 (each
    /// start is a byte): the decoding may stop.
    pub(super) fn hopeless(&self) -> bool {
        self.bad() > self.len / MULTIBYTE_PER_BAD
    }

    /// The verdict: `Some` (the sequences replaced, if any) when the file is read as UTF-8.
    pub(super) fn verdict(&self) -> Option<Option<Replaced>> {
        (self.bad() * MULTIBYTE_PER_BAD <= self.starts).then_some(self.bad)
    }
}

/// The warning for a file read as UTF-8 with malformed sequences replaced.
pub fn replaced_warning(path: &std::path::Path, r: Replaced) -> String {
    format!(
        "{}: not valid UTF-8 at byte {} ({} malformed sequence{} replaced by U+FFFD); read as \
         UTF-8, as the rest of it is",
        path.display(),
        r.first,
        r.count,
        if r.count == 1 { "" } else { "s" }
    )
}

/// The files read as UTF-8 with malformed sequences replaced, by path: noted where a file
/// is decoded (on the pass's workers, perhaps in several passes) and shown by the binary
/// once the command is done ([`take_replaced`]); the library never prints.
static REPLACED: std::sync::Mutex<std::collections::BTreeMap<std::path::PathBuf, Replaced>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

pub(super) fn note_replaced(path: &std::path::Path, r: Replaced) {
    if let Ok(mut m) = REPLACED.lock() {
        m.insert(path.to_path_buf(), r);
    }
}

/// The warnings about files read with malformed UTF-8 replaced since the last call, in path
/// order.
pub fn take_replaced() -> Vec<String> {
    let Ok(mut m) = REPLACED.lock() else {
        return Vec::new();
    };
    std::mem::take(&mut *m)
        .into_iter()
        .map(|(p, r)| replaced_warning(&p, r))
        .collect()
}

/// The bytes as UTF-8 with each malformed sequence replaced by U+FFFD, when there are few
/// enough of them (`MULTIBYTE_PER_BAD`).
fn lossy_utf8(bytes: &[u8]) -> Option<(String, Replaced)> {
    let mut tally = Utf8Tally::new(bytes.len() as u64);
    tally.feed(bytes);
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                text.push_str(&String::from_utf8_lossy(good));
                text.push('\u{FFFD}');
                tally.malformed((bytes.len() - rest.len() + good.len()) as u64);
                if tally.hopeless() {
                    return None;
                }
                rest = &after[e.error_len().unwrap_or(after.len())..];
            }
        }
    }
    let replaced = tally.verdict()??;
    Some((text, replaced))
}

/// Decode a whole file. The error string says what is wrong, without the path (the caller
/// adds it). A UTF-8 file with a few malformed sequences is read as UTF-8 with them replaced
/// (`replaced`).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    decode_noting(bytes).map(|(d, _)| d)
}

/// `decode`, a warning noted for `path` when malformed UTF-8 was replaced
/// ([`take_replaced`]).
pub fn decode_file(path: &std::path::Path, bytes: &[u8]) -> Result<Decoded, String> {
    let (d, replaced) = decode_noting(bytes)?;
    if let Some(r) = replaced {
        note_replaced(path, r);
    }
    Ok(d)
}

fn decode_noting(bytes: &[u8]) -> Result<(Decoded, Option<Replaced>), String> {
    let d = |text: String, encoding| Decoded { text, encoding };
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(bad_after_bom(enc));
        }
        return Ok((d(text.into_owned(), bom_name(enc)), None));
    }
    if let Some(text) = utf8(bytes) {
        if has_nul(text) {
            return Err(NUL_MESSAGE.into());
        }
        return Ok((d(text.to_owned(), "UTF-8"), None));
    }
    if let Some((text, replaced)) = lossy_utf8(bytes) {
        if has_nul(&text) {
            return Err(NUL_MESSAGE.into());
        }
        return Ok((d(text, "UTF-8"), Some(replaced)));
    }
    if looks_like_gb(bytes) {
        let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
        if !had_errors && !has_nul(&text) {
            return Ok((d(text.into_owned(), GB18030.name()), None));
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
    Ok((d(text.into_owned(), enc.name()), None))
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

    /// One bad byte in UTF-8 text was read as windows-1252 (mojibake, no warning): now
    /// UTF-8 with U+FFFD, its offset and count noted; Latin-1 text stays windows-1252.
    #[test]
    fn a_few_bad_bytes_leave_utf8_utf8() {
        let mut bytes = SAMPLE.repeat(10).into_bytes();
        bytes.insert(6, 0xFF);
        bytes.extend_from_slice(&[0xE6, 0xA0]);
        let (d, r) = decode_noting(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("核酸\u{FFFD}检测"), "{}", d.text);
        assert!(d.text.ends_with("。\u{FFFD}"), "{}", d.text);
        assert_eq!(r, Some(Replaced { first: 6, count: 2 }));
        let d = decode(b"caf\xe9 au lait, cr\xe8me br\xfbl\xe9e").unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str()),
            ("windows-1252", "café au lait, crème brûlée")
        );
        // Too many for UTF-8: GB18030 as before.
        let text = SAMPLE.repeat(10);
        let (gb, _, _) = GB18030.encode(&text);
        assert_eq!(decode(&gb).unwrap().encoding, "gb18030");
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
