//! A segmented piece as bytes, and back: what the pass engine's recording (`pass::Recording`)
//! keeps of each piece, so that a later pass replays the segmentation instead of running
//! jieba again (ARCHITECTURE.md, "The pass engine").
//!
//! Layout (little-endian; `n` prefixes are u32 counts):
//!
//! ```text
//! u64   bytes of the rest of the record
//! -- the text part (all that `phrases` reads) --
//! n  text bytes (UTF-8)
//! n  sentences × (article, index, span start, span end, token start, token end)
//! -- the token part --
//! n  titles × (n bytes)
//! u32 dropped, u64 han_chars, u8 has digest, [32 bytes digest]
//! n  tokens (local ids)
//! n  terms × (provisional id, counted u8, kind u8, count u32, first start u32, first end u32)
//! ```
//!
//! The encoding is not recorded (the recording keeps one per issue).

use super::{Kind, Segmented, Sentence};

const KINDS: [Kind; 5] = [
    Kind::Word,
    Kind::Latin,
    Kind::Number,
    Kind::Punct,
    Kind::Symbol,
];

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u32(
        out,
        u32::try_from(n).expect("a piece holds fewer than 2^32 items"),
    );
}

fn put_u32s(out: &mut Vec<u8>, vs: &[u32]) {
    put_len(out, vs.len());
    out.reserve(vs.len() * 4);
    for &v in vs {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Append `s` as one record to `out`.
pub fn encode(s: &Segmented, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&0u64.to_le_bytes());
    put_len(out, s.text.len());
    out.extend_from_slice(s.text.as_bytes());
    put_len(out, s.sentences.len());
    for x in &s.sentences {
        for v in [
            x.article,
            x.index,
            x.span.start,
            x.span.end,
            x.tokens.start,
            x.tokens.end,
        ] {
            put_u32(out, v);
        }
    }
    put_len(out, s.titles.len());
    for t in &s.titles {
        put_len(out, t.len());
        out.extend_from_slice(t.as_bytes());
    }
    put_u32(out, s.dropped);
    out.extend_from_slice(&s.han_chars.to_le_bytes());
    match &s.digest {
        Some(d) => {
            out.push(1);
            out.extend_from_slice(d);
        }
        None => out.push(0),
    }
    put_u32s(out, &s.tokens);
    put_len(out, s.terms.len());
    for l in 0..s.terms.len() {
        put_u32(out, s.terms[l]);
        out.push(u8::from(s.counted[l]));
        out.push(KINDS.iter().position(|&k| k == s.kinds[l]).unwrap_or(4) as u8);
        put_u32(out, s.counts[l]);
        put_u32(out, s.first[l].0);
        put_u32(out, s.first[l].1);
    }
    let len = (out.len() - start - 8) as u64;
    out[start..start + 8].copy_from_slice(&len.to_le_bytes());
}

/// A reader over one record's bytes. A record is written by this process and read back by
/// it: a short or malformed record is a bug (or a temporary file changed under us), reported
/// as `None`.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (a, b) = self.bytes.split_at(n);
        self.bytes = b;
        Some(a)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }

    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.u32()? as usize;
        let b = self.take(n.checked_mul(4)?)?;
        Some(
            b.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// The text part: the text and its sentences.
    fn text_part(&mut self) -> Option<(&'a str, Vec<Sentence>)> {
        let text = self.str()?;
        let n = self.u32()? as usize;
        let mut sentences = Vec::with_capacity(n.min(self.bytes.len() / 24));
        for _ in 0..n {
            let mut v = [0u32; 6];
            for x in &mut v {
                *x = self.u32()?;
            }
            sentences.push(Sentence {
                article: v[0],
                index: v[1],
                span: v[2]..v[3],
                tokens: v[4]..v[5],
            });
        }
        Some((text, sentences))
    }
}

/// The length of the record that begins `bytes` (its 8-byte prefix included), if whole.
pub fn record_len(bytes: &[u8]) -> Option<usize> {
    let n = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?) as usize;
    (bytes.len() >= 8 + n).then_some(8 + n)
}

/// The record that `bytes` holds (as `record_len` measured it), the encoding given.
pub fn decode(bytes: &[u8], encoding: &'static str) -> Option<Segmented> {
    let mut r = Reader {
        bytes: bytes.get(8..)?,
    };
    let (text, sentences) = r.text_part()?;
    let titles = (0..r.u32()?)
        .map(|_| r.str().map(str::to_string))
        .collect::<Option<Vec<_>>>()?;
    let dropped = r.u32()?;
    let han_chars = r.u64()?;
    let digest = match r.u8()? {
        0 => None,
        _ => Some(r.take(32)?.try_into().ok()?),
    };
    let tokens = r.u32s()?;
    let n = r.u32()? as usize;
    let cap = n.min(r.bytes.len() / 18);
    let mut s = Segmented {
        titles,
        sentences,
        tokens,
        terms: Vec::with_capacity(cap),
        counted: Vec::with_capacity(cap),
        kinds: Vec::with_capacity(cap),
        counts: Vec::with_capacity(cap),
        first: Vec::with_capacity(cap),
        text: text.to_string(),
        han_chars,
        encoding,
        dropped,
        digest,
    };
    for _ in 0..n {
        s.terms.push(r.u32()?);
        s.counted.push(r.u8()? != 0);
        s.kinds.push(*KINDS.get(r.u8()? as usize)?);
        s.counts.push(r.u32()?);
        s.first.push((r.u32()?, r.u32()?));
    }
    Some(s)
}

/// The text and sentences of the record that `bytes` holds, without reading its tokens.
pub fn decode_text(bytes: &[u8]) -> Option<(&str, Vec<Sentence>)> {
    Reader {
        bytes: bytes.get(8..)?,
    }
    .text_part()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::{Interner, Segmenter, SegmenterOptions, segment_text};

    #[test]
    fn a_piece_comes_back_as_it_was_recorded() {
        let seg = Segmenter::new(&SegmenterOptions::default()).unwrap();
        let interner = Interner::default();
        let text = "# 标题\n\n核酸检测，COVID-19 在 2022 年。第二句话！\n\n## 第二篇\n\n正文□。";
        let mut s = segment_text(text, "UTF-8", &seg, &interner);
        s.digest = Some([7; 32]);
        assert!(s.tokens.len() > 8 && s.sentences.len() >= 3);
        let mut bytes = vec![1, 2, 3];
        encode(&s, &mut bytes);
        encode(&Segmented::default(), &mut bytes);
        let first = record_len(&bytes[3..]).unwrap();
        assert_eq!(decode(&bytes[3..3 + first], "UTF-8").unwrap(), s);
        let (t, sentences) = decode_text(&bytes[3..3 + first]).unwrap();
        assert_eq!((t, &sentences), (s.text.as_str(), &s.sentences));
        let rest = &bytes[3 + first..];
        assert_eq!(record_len(rest), Some(rest.len()));
        let empty = decode(rest, "").unwrap();
        assert_eq!(empty, Segmented::default());
        // A record cut short is refused, never read past its end.
        assert_eq!(record_len(&bytes[3..3 + first - 1]), None);
        assert!(decode(&bytes[3..3 + first - 5], "UTF-8").is_none());
    }
}
