//! A large file read a part at a time: decoded, normalised and structured in one pass over
//! parts of about `CHUNK_BYTES`, so that neither its bytes, nor its decoded text, nor its
//! paragraphs are in memory at once (an archive that ships a year as one file). The result is
//! the one `decode`, `normalize_converted` and `articles` give on the whole file:
//! - the encoding is decided as `decode` decides it, in a pass before (the bytes' UTF-8
//!   validity and `looks_like_gb` need all of them), and a legacy candidate is checked in a
//!   pass of its own;
//! - that pass also finds the page's top heading level, which `articles` takes from the whole
//!   page (`structure::top_level`);
//! - lines are handed to the normaliser whole (`normalize::complete_lines`), but for a line
//!   longer than a piece, handed on in parts cut between two Han characters (`line_cut`); the
//!   normaliser and the structurer are state machines over lines and paragraphs, and the
//!   normaliser hands on a long paragraph's finished sentences as they come.
//!
//! A sentence is held whole (and a `#` heading line, which is never cut).

use std::io::Read;
use std::path::Path;

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

use super::convert::Converter;
use super::decode::{
    GbCount, NUL_MESSAGE, SAMPLE_BYTES, Utf8Tally, bad_after_bom, bom_name, guess_legacy,
    not_legacy, note_replaced,
};
use super::normalize::{
    Normalizer, Paragraph, clean_line, complete_lines, heading_level, is_han, lines,
    split_sentences,
};
use super::structure::{Part, Structurer, top_level};
use crate::error::{Error, Result};

/// Files larger than this are read a part at a time: 16 MB, or the bytes the environment
/// variable `ZHCORPUS_STREAM_BYTES` gives (for tests: a small file takes the same path).
pub fn stream_bytes() -> u64 {
    static BYTES: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
        std::env::var("ZHCORPUS_STREAM_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(16 << 20)
    });
    *BYTES
}

/// Bytes read at a time.
pub const CHUNK_BYTES: usize = 1 << 20;

/// What the pass before the reading found: the encoding and the top heading level.
#[derive(Debug, Clone, Copy)]
pub struct Prepared {
    encoding: &'static Encoding,
    /// Bytes of the byte-order mark, skipped.
    bom: usize,
    /// The name the encoding is reported by (`Decoded::encoding`).
    pub name: &'static str,
    top: Option<u8>,
    /// UTF-8 with a few malformed sequences, replaced by U+FFFD (`decode::MULTIBYTE_PER_BAD`).
    lossy: bool,
}

/// What a decoding pass saw.
struct Pass {
    /// The bytes decoded without error.
    valid: bool,
    nul: bool,
    top: Option<u8>,
}

/// How a piece of text that `decode_pass` hands on ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// At a line end: the piece is whole lines (the first may end a line begun in `Part`s).
    Line,
    /// Inside a line longer than the split size, between two Han characters.
    Part,
    /// At the end of the file.
    Last,
}

/// Decode `path` from byte `skip` with `enc`, `chunk` bytes at a time, handing `text` the
/// decoded text in pieces (`End` says how each ends) and `raw` every byte read. A line longer
/// than `split` bytes is handed on in parts (`line_cut`). Decoding stops at the first
/// malformed byte (the pass is then not valid), reading does not when `read_all`; with a
/// `tally` (UTF-8), a malformed sequence is replaced by U+FFFD and counted, and decoding stops
/// only when there are too many (`Utf8Tally::hopeless`).
#[allow(clippy::too_many_arguments)]
fn decode_pass(
    path: &Path,
    enc: &'static Encoding,
    skip: usize,
    chunk: usize,
    split: usize,
    read_all: bool,
    mut tally: Option<&mut Utf8Tally>,
    mut raw: impl FnMut(&[u8]),
    mut text: impl FnMut(&str, End),
) -> Result<bool> {
    let io = |e| Error::io(path, e);
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut buf = vec![0u8; chunk.max(4)];
    let mut pending = String::new();
    // Bytes of `pending` already searched for a line end.
    let mut scanned: usize = 0;
    let mut to_skip = skip;
    let mut valid = true;
    // Whether a line has been handed on in part.
    let mut in_line = false;
    // Bytes handed to the decoder.
    let mut fed: u64 = 0;
    loop {
        let n = read_full(&mut file, &mut buf).map_err(io)?;
        let last = n < buf.len();
        let mut bytes = &buf[..n];
        let cut = to_skip.min(bytes.len());
        bytes = &bytes[cut..];
        to_skip -= cut;
        raw(bytes);
        if let Some(t) = tally.as_deref_mut() {
            t.feed(bytes);
        }
        if valid {
            let mut input = bytes;
            loop {
                let room = decoder
                    .max_utf8_buffer_length_without_replacement(input.len())
                    .unwrap_or(input.len() * 4 + 16);
                pending.reserve(room);
                let (result, read) =
                    decoder.decode_to_string_without_replacement(input, &mut pending, last);
                input = &input[read..];
                fed += read as u64;
                match (result, tally.as_deref_mut()) {
                    (DecoderResult::InputEmpty, _) => break,
                    (DecoderResult::OutputFull, _) => continue,
                    (DecoderResult::Malformed(len, after), Some(t)) => {
                        t.malformed(fed - u64::from(after) - u64::from(len));
                        pending.push('\u{FFFD}');
                        if t.hopeless() {
                            valid = false;
                            break;
                        }
                    }
                    (DecoderResult::Malformed(..), None) => {
                        valid = false;
                        break;
                    }
                }
            }
            if valid {
                // Only the text added can end a line (the text before held no line end but
                // perhaps a final CR, which the text added may complete).
                let from = scanned.saturating_sub(1);
                if let Some(end) = complete_end(&pending, from, last) {
                    text(&pending[..end], End::Line);
                    pending.drain(..end);
                    in_line = false;
                } else if !last
                    && pending.len() > split
                    && let Some(cut) = line_cut(&pending, split, !in_line)
                {
                    text(&pending[..cut], End::Part);
                    pending.drain(..cut);
                    in_line = true;
                }
                scanned = pending.len();
                if last {
                    text(&pending, End::Last);
                }
            }
        }
        if last || !(valid || read_all) {
            return Ok(valid);
        }
    }
}

/// Fill `buf` as far as the file goes: fewer bytes only at its end.
fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Where the text's complete lines end: after its last LF, or after its last CR when a
/// character follows it (a CR at the end may be the first half of a CRLF still to come).
/// Only `text[from..]` is searched.
fn complete_end(text: &str, from: usize, last: bool) -> Option<usize> {
    if last {
        return None;
    }
    let b = text.as_bytes();
    let i = from + memchr::memrchr2(b'\n', b'\r', &b[from..])?;
    if b[i] == b'\r' && i + 1 == b.len() {
        // Only a CR at the very end: the line before it, if any, is complete.
        let j = from + memchr::memrchr2(b'\n', b'\r', &b[from..i])?;
        return Some(j + 1);
    }
    Some(i + 1)
}

/// Where to cut a long line (`text`, which holds no line end) so that the normaliser cleans
/// the parts as it cleans the line: between two Han characters (no white space or mark that
/// rules 1–3 change lies beside the cut), the last such place, but not before `split / 2`. A
/// line's first part must hold more than 37 characters once cleaned and not start with `#`
/// (`Normalizer::push_line_part`); a line that allows no cut is held whole.
fn line_cut(text: &str, split: usize, first: bool) -> Option<usize> {
    let mut after: Option<char> = None;
    let mut cut = None;
    for (i, c) in text.char_indices().rev() {
        if i < split / 2 {
            break;
        }
        if is_han(c) && after.is_some_and(is_han) {
            cut = Some(i + c.len_utf8());
            break;
        }
        after = Some(c);
    }
    let cut = cut?;
    if first {
        // Cleaned as the normaliser cleans it (white space collapsed and trimmed).
        let cleaned = clean_line(&text[..cut]);
        if cleaned.chars().nth(37).is_none() || cleaned.starts_with('#') {
            return None;
        }
    }
    Some(cut)
}

/// The lines of a piece `decode_pass` hands out: a `Part` is part of one line.
fn piece_lines(text: &str, end: End) -> Box<dyn Iterator<Item = &str> + '_> {
    match end {
        End::Last => Box::new(lines(text)),
        End::Line => Box::new(complete_lines(text)),
        End::Part => Box::new(std::iter::once(text)),
    }
}

/// A pass that checks the bytes decode with `enc` and finds the top heading level.
fn check_pass(
    path: &Path,
    enc: &'static Encoding,
    skip: usize,
    sizes: Sizes,
    read_all: bool,
    tally: Option<&mut Utf8Tally>,
    raw: impl FnMut(&[u8]),
) -> Result<Pass> {
    let mut nul = false;
    let mut levels: Option<u8> = None;
    // Whether the next piece goes on with a line begun in parts (not a line's start).
    let mut in_line = false;
    let (chunk, split) = (sizes.chunk, sizes.piece);
    let valid = decode_pass(
        path,
        enc,
        skip,
        chunk,
        split,
        read_all,
        tally,
        raw,
        |text, end| {
            nul |= memchr::memchr(0, text.as_bytes()).is_some();
            for (k, line) in piece_lines(text, end).enumerate() {
                if k == 0 && in_line {
                    continue;
                }
                if let Some(l) = heading_level(line) {
                    levels = top_level(levels.into_iter().chain([l]));
                }
            }
            in_line = end == End::Part;
        },
    )?;
    Ok(Pass {
        valid,
        nul,
        top: levels,
    })
}

/// The sizes a large file is read in (tests make them small).
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Bytes read at a time.
    pub chunk: usize,
    /// Bytes of text cut as one piece (`tokenize::segment`); also the length from which a
    /// line is handed on in parts and a paragraph's finished sentences are handed on.
    pub piece: usize,
}

impl Default for Sizes {
    /// 1 MB read at a time, and pieces of 1 MB, or the bytes the environment variable
    /// `ZHCORPUS_PIECE_BYTES` gives (for tests: a small issue is cut in many pieces).
    fn default() -> Self {
        static PIECE: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
            std::env::var("ZHCORPUS_PIECE_BYTES")
                .ok()
                .and_then(|v| v.parse().ok())
                .filter(|&n| n > 0)
                .unwrap_or(1 << 20)
        });
        Sizes {
            chunk: CHUNK_BYTES,
            piece: *PIECE,
        }
    }
}

/// Decide the file's encoding as `decode` does, and find its top heading level.
pub fn prepare(path: &Path, sizes: Sizes) -> Result<Prepared> {
    let io = |e| Error::io(path, e);
    let bad = |m: String| Error::input(path, m);
    let len = std::fs::metadata(path).map_err(io)?.len() as usize;
    let mut head = [0u8; 4];
    let n = read_full(&mut std::fs::File::open(path).map_err(io)?, &mut head).map_err(io)?;
    if let Some((enc, bom)) = Encoding::for_bom(&head[..n]) {
        let pass = check_pass(path, enc, bom, sizes, false, None, |_| {})?;
        if !pass.valid {
            return Err(bad(bad_after_bom(enc)));
        }
        return Ok(Prepared {
            encoding: enc,
            bom,
            name: bom_name(enc),
            top: pass.top,
            lossy: false,
        });
    }
    let mut gb = GbCount::default();
    let mut sample = Vec::new();
    let mut tally = Utf8Tally::new(len as u64);
    let pass = check_pass(path, UTF_8, 0, sizes, true, Some(&mut tally), |bytes| {
        gb.feed(bytes);
        let want = SAMPLE_BYTES - sample.len();
        sample.extend_from_slice(&bytes[..want.min(bytes.len())]);
    })?;
    let found = |enc: &'static Encoding, pass: Pass| Prepared {
        encoding: enc,
        bom: 0,
        name: enc.name(),
        top: pass.top,
        lossy: false,
    };
    if pass.valid
        && let Some(replaced) = tally.verdict()
    {
        if pass.nul {
            return Err(bad(NUL_MESSAGE.into()));
        }
        if let Some(r) = replaced {
            note_replaced(path, r);
        }
        return Ok(Prepared {
            lossy: replaced.is_some(),
            ..found(UTF_8, pass)
        });
    }
    if gb.looks_like_gb() {
        let pass = check_pass(path, GB18030, 0, sizes, false, None, |_| {})?;
        if pass.valid && !pass.nul {
            return Ok(found(GB18030, pass));
        }
    }
    let enc = guess_legacy(&sample, len);
    let pass = check_pass(path, enc, 0, sizes, false, None, |_| {})?;
    if !pass.valid {
        return Err(bad(not_legacy(enc)));
    }
    if pass.nul {
        return Err(bad(NUL_MESSAGE.into()));
    }
    Ok(found(enc, pass))
}

/// The file's articles and paragraphs in order (`structure::Part`), as `articles` of
/// `normalize_converted` of the decoded file gives them, read `sizes.chunk` bytes at a time.
pub fn for_each_part(
    path: &Path,
    prepared: &Prepared,
    converter: Option<&Converter>,
    sizes: Sizes,
    mut f: impl FnMut(Part),
) -> Result<()> {
    let mut normalizer = Normalizer::splitting(sizes.piece);
    let mut in_line = false;
    let mut structurer = Structurer::new(prepared.top);
    let mut paras: Vec<Paragraph> = Vec::new();
    let mut hand_on = |paras: &mut Vec<Paragraph>, structurer: &mut Structurer| {
        for mut p in paras.drain(..) {
            if let Some(c) = converter
                && let std::borrow::Cow::Owned(s) = c.convert(&p.text)
            {
                p.text = s;
            }
            structurer.push(p, &mut f);
        }
    };
    let mut ended = false;
    let len = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    let mut tally = Utf8Tally::new(len);
    let valid = decode_pass(
        path,
        prepared.encoding,
        prepared.bom,
        sizes.chunk,
        sizes.piece,
        false,
        prepared.lossy.then_some(&mut tally),
        |_| {},
        |text, end| {
            for (k, line) in piece_lines(text, end).enumerate() {
                let first = k > 0 || !in_line;
                normalizer.push_line_part(line, first, &mut paras);
            }
            in_line = end == End::Part;
            if end == End::Last {
                std::mem::take(&mut normalizer).finish(&mut paras);
                ended = true;
            }
            hand_on(&mut paras, &mut structurer);
        },
    )?;
    if !valid || !ended {
        return Err(Error::input(
            path,
            "changed while it was read (it no longer decodes as it did)",
        ));
    }
    structurer.finish(&mut f);
    Ok(())
}

/// The sentences of a large file's articles, but those numbered in `skip` (`--dedup`), in
/// text order, handed to `f` in batches of about `batch` bytes: what an analysis of the
/// characters reads (`phrases`), never the whole file at once.
pub fn for_each_sentences(
    path: &Path,
    converter: Option<&Converter>,
    skip: &[u32],
    sizes: Sizes,
    batch: usize,
    mut f: impl FnMut(&[&str]),
) -> Result<()> {
    let prepared = prepare(path, sizes)?;
    let mut text = String::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut hand_on = |text: &mut String, ends: &mut Vec<usize>| {
        let starts = std::iter::once(0).chain(ends.iter().copied());
        let sentences: Vec<&str> = starts.zip(ends.iter()).map(|(a, &b)| &text[a..b]).collect();
        f(&sentences);
        text.clear();
        ends.clear();
    };
    let (mut article, mut skipping) = (0u32, false);
    for_each_part(path, &prepared, converter, sizes, |part| match part {
        Part::Article(_) => {
            article += 1;
            skipping = skip.binary_search(&article).is_ok();
        }
        Part::Paragraph(p) if !skipping => {
            for s in split_sentences(&p.text) {
                text.push_str(s);
                ends.push(text.len());
            }
            if text.len() >= batch {
                hand_on(&mut text, &mut ends);
            }
        }
        Part::Paragraph(_) => {}
    })?;
    hand_on(&mut text, &mut ends);
    Ok(())
}

/// The articles of a large file in order, each handed to `f` as it ends: its number, its
/// title and the Han characters of its sentences (what `reprints` compares). An article is
/// held whole, the file never.
pub fn for_each_article(
    path: &Path,
    converter: Option<&Converter>,
    sizes: Sizes,
    mut f: impl FnMut(u32, String, Vec<char>),
) -> Result<()> {
    let prepared = prepare(path, sizes)?;
    let mut open: Option<(u32, String, Vec<char>)> = None;
    let mut number = 0u32;
    for_each_part(path, &prepared, converter, sizes, |part| match part {
        Part::Article(title) => {
            if let Some((n, t, han)) = open.take() {
                f(n, t, han);
            }
            number += 1;
            open = Some((number, title, Vec::new()));
        }
        Part::Paragraph(p) => {
            if let Some((_, _, han)) = &mut open {
                han.extend(
                    split_sentences(&p.text)
                        .into_iter()
                        .flat_map(str::chars)
                        .filter(|&c| is_han(c)),
                );
            }
        }
    })?;
    if let Some((n, t, han)) = open {
        f(n, t, han);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::normalize::normalize;
    use crate::corpus::structure::articles;

    /// A file without a line break is not held whole: its one line is read in parts and its
    /// one paragraph handed on a few sentences at a time, and the articles' sentences are
    /// those of the file normalised whole.
    #[test]
    fn a_file_without_line_breaks_is_handed_on_in_parts() {
        let sentence = "全市开展核酸检测工作，居民有序排队接受检测。";
        let text = format!("# 标题\n{}", sentence.repeat(200));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("one-line.txt");
        std::fs::write(&path, &text).unwrap();
        let sizes = Sizes {
            chunk: 64,
            piece: 500,
        };
        let prepared = prepare(&path, sizes).unwrap();
        let mut parts = Vec::new();
        for_each_part(&path, &prepared, None, sizes, |p| parts.push(p)).unwrap();
        let paragraphs: Vec<&Paragraph> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Paragraph(p) => Some(p),
                Part::Article(_) => None,
            })
            .collect();
        // The heading, then the line's 200 sentences (10,600 bytes) in paragraphs of about
        // 500 bytes: none much longer.
        assert!(paragraphs.len() > 15, "{}", paragraphs.len());
        assert!(paragraphs.iter().all(|p| p.text.len() < 1200));
        let sentences = |ps: &[&Paragraph]| -> Vec<String> {
            ps.iter()
                .flat_map(|p| split_sentences(&p.text))
                .map(str::to_string)
                .collect()
        };
        let whole = articles(normalize(&text));
        let whole: Vec<&Paragraph> = whole.iter().flat_map(|a| &a.paragraphs).collect();
        assert_eq!(whole.len(), 2);
        assert_eq!(sentences(&paragraphs), sentences(&whole));
    }
}
