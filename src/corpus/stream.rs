//! A large file read a part at a time: decoded, normalised and structured in one pass over
//! parts of about `CHUNK_BYTES`, so that neither its bytes, nor its decoded text, nor its
//! paragraphs are in memory at once (an archive that ships a year as one file). The result is
//! the one `decode`, `normalize_converted` and `articles` give on the whole file:
//! - the encoding is decided as `decode` decides it, in a pass before (the bytes' UTF-8
//!   validity and `looks_like_gb` need all of them), and a legacy candidate is checked in a
//!   pass of its own;
//! - that pass also finds the page's top heading level, which `articles` takes from the whole
//!   page (`structure::top_level`);
//! - lines are handed to the normaliser whole (`normalize::complete_lines`), and it and the
//!   structurer are state machines over lines and paragraphs.
//!
//! A line is held whole, so a file without line ends is in memory at once.

use std::io::Read;
use std::path::Path;

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

use super::convert::Converter;
use super::decode::{
    GbCount, NUL_MESSAGE, SAMPLE_BYTES, bad_after_bom, bom_name, guess_legacy, not_legacy,
};
use super::normalize::{Normalizer, Paragraph, complete_lines, heading_level, lines};
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
}

/// What a decoding pass saw.
struct Pass {
    /// The bytes decoded without error.
    valid: bool,
    nul: bool,
    top: Option<u8>,
}

/// Decode `path` from byte `skip` with `enc`, `chunk` bytes at a time, handing `text` the
/// decoded text in pieces that end at a line end (the last piece: the rest, `true`) and `raw`
/// every byte read. Decoding stops at the first malformed byte (the pass is then not valid),
/// reading does not when `read_all`.
fn decode_pass(
    path: &Path,
    enc: &'static Encoding,
    skip: usize,
    chunk: usize,
    read_all: bool,
    mut raw: impl FnMut(&[u8]),
    mut text: impl FnMut(&str, bool),
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
    loop {
        let n = read_full(&mut file, &mut buf).map_err(io)?;
        let last = n < buf.len();
        let mut bytes = &buf[..n];
        let cut = to_skip.min(bytes.len());
        bytes = &bytes[cut..];
        to_skip -= cut;
        raw(bytes);
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
                match result {
                    DecoderResult::InputEmpty => break,
                    DecoderResult::OutputFull => continue,
                    DecoderResult::Malformed(..) => {
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
                    text(&pending[..end], false);
                    pending.drain(..end);
                }
                scanned = pending.len();
                if last {
                    text(&pending, true);
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

/// The lines of a piece `decode_pass` hands out.
fn piece_lines(text: &str, last: bool) -> Box<dyn Iterator<Item = &str> + '_> {
    if last {
        Box::new(lines(text))
    } else {
        Box::new(complete_lines(text))
    }
}

/// A pass that checks the bytes decode with `enc` and finds the top heading level.
fn check_pass(
    path: &Path,
    enc: &'static Encoding,
    skip: usize,
    chunk: usize,
    read_all: bool,
    raw: impl FnMut(&[u8]),
) -> Result<Pass> {
    let mut nul = false;
    let mut levels: Option<u8> = None;
    let valid = decode_pass(path, enc, skip, chunk, read_all, raw, |text, last| {
        nul |= memchr::memchr(0, text.as_bytes()).is_some();
        for line in piece_lines(text, last) {
            if let Some(l) = heading_level(line) {
                levels = top_level(levels.into_iter().chain([l]));
            }
        }
    })?;
    Ok(Pass {
        valid,
        nul,
        top: levels,
    })
}

/// Decide the file's encoding as `decode` does, and find its top heading level.
pub fn prepare(path: &Path, chunk: usize) -> Result<Prepared> {
    let io = |e| Error::io(path, e);
    let bad = |m: String| Error::input(path, m);
    let len = std::fs::metadata(path).map_err(io)?.len() as usize;
    let mut head = [0u8; 4];
    let n = read_full(&mut std::fs::File::open(path).map_err(io)?, &mut head).map_err(io)?;
    if let Some((enc, bom)) = Encoding::for_bom(&head[..n]) {
        let pass = check_pass(path, enc, bom, chunk, false, |_| {})?;
        if !pass.valid {
            return Err(bad(bad_after_bom(enc)));
        }
        return Ok(Prepared {
            encoding: enc,
            bom,
            name: bom_name(enc),
            top: pass.top,
        });
    }
    let mut gb = GbCount::default();
    let mut sample = Vec::new();
    let pass = check_pass(path, UTF_8, 0, chunk, true, |bytes| {
        gb.feed(bytes);
        let want = SAMPLE_BYTES - sample.len();
        sample.extend_from_slice(&bytes[..want.min(bytes.len())]);
    })?;
    let found = |enc: &'static Encoding, pass: Pass| Prepared {
        encoding: enc,
        bom: 0,
        name: enc.name(),
        top: pass.top,
    };
    if pass.valid {
        if pass.nul {
            return Err(bad(NUL_MESSAGE.into()));
        }
        return Ok(found(UTF_8, pass));
    }
    if gb.looks_like_gb() {
        let pass = check_pass(path, GB18030, 0, chunk, false, |_| {})?;
        if pass.valid && !pass.nul {
            return Ok(found(GB18030, pass));
        }
    }
    let enc = guess_legacy(&sample, len);
    let pass = check_pass(path, enc, 0, chunk, false, |_| {})?;
    if !pass.valid {
        return Err(bad(not_legacy(enc)));
    }
    if pass.nul {
        return Err(bad(NUL_MESSAGE.into()));
    }
    Ok(found(enc, pass))
}

/// The file's articles and paragraphs in order (`structure::Part`), as `articles` of
/// `normalize_converted` of the decoded file gives them, read `chunk` bytes at a time.
pub fn for_each_part(
    path: &Path,
    prepared: &Prepared,
    converter: Option<&Converter>,
    chunk: usize,
    mut f: impl FnMut(Part),
) -> Result<()> {
    let mut normalizer = Normalizer::default();
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
    let valid = decode_pass(
        path,
        prepared.encoding,
        prepared.bom,
        chunk,
        false,
        |_| {},
        |text, last| {
            for line in piece_lines(text, last) {
                normalizer.push_line(line, &mut paras);
            }
            if last {
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
