//! The pass engine: the parallel pass over a corpus, in batches (ARCHITECTURE.md, "The pass
//! engine"). Every file is read, decoded, normalised and segmented on a worker; a large file
//! is read a part at a time and cut in pieces, whose values are folded (`Fold`) or handed on
//! one by one (`scan_pieces`). A pass can be recorded (`Recording`) and replayed, so that a
//! job of several passes (the report) segments the corpus once. `tokenize` keeps every token
//! (the token table).

use rayon::prelude::*;

mod recording;

pub use recording::{Recorded, Recording, Spool};

use crate::corpus::decode::Decoded;
use crate::corpus::{Corpus, Document};
use crate::error::{Error, Result};
use crate::tokenize::{
    DocTokens, Interner, Pieces, Segmented, Segmenter, Tokenized, segment_articles, segment_file,
    segment_file_pieces,
};

/// Input bytes segmented per batch: the parallel pass reads, segments and hands over one
/// batch at a time, so memory is bounded by the batch, not the corpus.
pub const BATCH_BYTES: u64 = 32 << 20;

/// The parallel pass over a corpus: documents are read, decoded and segmented on all cores,
/// `map` reduces each to what an analysis needs (on the worker), and `consume` receives the
/// results in document order. The first error, in document order, stops the pass.
pub fn scan<T: Send>(
    corpus: &Corpus,
    seg: &Segmenter,
    interner: &Interner,
    progress: &(dyn Fn(u64) + Sync),
    map: impl Fn(usize, Segmented) -> T + Sync,
    consume: impl FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let large = |doc: &Document| segment_file(&doc.path, seg, interner, &doc.skip);
    scan_issues(corpus, progress, BATCH_BYTES, None, consume, |d, doc| {
        Ok(map(d, reduce(doc, seg, interner, || large(doc), |s| s)?))
    })
}

/// A value an analysis computes of one issue that it can compute of the issue's pieces and
/// add up: a large file is reduced a piece at a time (`segment_file_pieces`), the pieces in
/// text order, each a run of whole sentences. `fold` adds the next piece's value, so that the
/// folded value is the value of the whole issue.
pub trait Fold {
    fn fold(&mut self, next: Self);
}

/// `scan` for analyses whose value of an issue folds (`Fold`): a large file is never
/// segmented whole, but `map`ped a piece at a time and the pieces' values folded; `done`
/// then finishes the issue's value on the worker (both on the worker, `consume` in order).
pub fn scan_folded<P: Fold + Send, T: Send>(
    corpus: &Corpus,
    seg: &Segmenter,
    interner: &Interner,
    progress: &(dyn Fn(u64) + Sync),
    map: impl Fn(usize, Segmented) -> P + Sync,
    done: impl Fn(usize, P) -> T + Sync,
    consume: impl FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let (batch, cut) = (BATCH_BYTES, Pieces::Sentences);
    scan_folded_batched(
        corpus, seg, interner, progress, batch, cut, map, done, consume,
    )
}

/// `scan_folded` with another batch size (a smaller one for results much larger than their
/// input), and a large file's pieces cut as `cut` says (`Pieces::Articles` for values whose
/// contexts cross sentences).
#[allow(clippy::too_many_arguments)]
pub fn scan_folded_batched<P: Fold + Send, T: Send>(
    corpus: &Corpus,
    seg: &Segmenter,
    interner: &Interner,
    progress: &(dyn Fn(u64) + Sync),
    batch_bytes: u64,
    cut: Pieces,
    map: impl Fn(usize, Segmented) -> P + Sync,
    done: impl Fn(usize, P) -> T + Sync,
    consume: impl FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    scan_issues(corpus, progress, batch_bytes, None, consume, |d, doc| {
        let map = |s| map(d, s);
        let large = || {
            let mut acc: Option<P> = None;
            let mut fold = |v: P| {
                match &mut acc {
                    Some(a) => a.fold(v),
                    None => acc = Some(v),
                }
                true
            };
            segment_file_pieces(&doc.path, seg, interner, &doc.skip, cut, map, &mut fold)?;
            // A file hands on at least one piece (possibly empty): never `None`.
            acc.ok_or_else(|| Error::input(&doc.path, "no text was read from it"))
        };
        Ok(done(d, reduce(doc, seg, interner, large, map)?))
    })
}

/// `scan_docs` over every issue: `work(index, issue)`.
fn scan_issues<T: Send>(
    corpus: &Corpus,
    progress: &(dyn Fn(u64) + Sync),
    batch_bytes: u64,
    parts: Option<InParts<'_, T>>,
    consume: impl FnMut(usize, T) -> Result<()>,
    work: impl Fn(usize, &Document) -> Result<T> + Sync,
) -> Result<()> {
    let all: Vec<usize> = (0..corpus.docs.len()).collect();
    let work = |d| work(d, &corpus.docs[d]);
    scan_docs(corpus, &all, progress, batch_bytes, work, parts, consume)
}

/// `scan` for values that need no whole issue, one per piece: a large file is reduced a piece
/// at a time (cut as `cut` says) and `consume` receives each piece's value as it is made, in
/// order, several for the same issue (the token table, KWIC lines: memory holds a batch of
/// pieces, not the issue's rows or lines).
#[allow(clippy::too_many_arguments)]
pub fn scan_pieces<T: Send>(
    corpus: &Corpus,
    seg: &Segmenter,
    interner: &Interner,
    progress: &(dyn Fn(u64) + Sync),
    batch_bytes: u64,
    cut: Pieces,
    map: impl Fn(usize, Segmented) -> T + Sync,
    consume: impl FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let parts = |d: usize, emit: &mut dyn FnMut(T) -> bool| {
        let doc = &corpus.docs[d];
        let map = |s| map(d, s);
        segment_file_pieces(&doc.path, seg, interner, &doc.skip, cut, map, emit)
    };
    scan_issues(
        corpus,
        progress,
        batch_bytes,
        Some(&parts),
        consume,
        |d, doc| Ok(map(d, segment_whole(doc, seg, interner)?)),
    )
}

/// One issue segmented: a large file (above `stream_bytes`) by `large`, which reads it a
/// part at a time (`corpus::stream`); any other read whole and its `Segmented` handed to
/// `whole`.
fn reduce<P>(
    doc: &Document,
    seg: &Segmenter,
    interner: &Interner,
    large: impl FnOnce() -> Result<P>,
    whole: impl FnOnce(Segmented) -> P,
) -> Result<P> {
    if doc.is_large() {
        return large();
    }
    Ok(whole(segment_whole(doc, seg, interner)?))
}

/// One issue read whole and segmented, with the SHA-256 of what was read.
fn segment_whole(doc: &Document, seg: &Segmenter, interner: &Interner) -> Result<Segmented> {
    let (decoded, digest) = doc.read_digested()?;
    let mut s = segment_articles(&decoded.text, decoded.encoding, seg, interner, &doc.skip);
    s.digest = Some(digest);
    Ok(s)
}

/// The pass under `scan`, without segmentation: the issues `docs` (indices, ascending) are
/// read and decoded in parallel batches of about `batch_bytes` of input, `map(doc, text)`
/// reduces each on its worker, and `consume(doc, value)` receives the values in order (for
/// analyses of the characters, which need no segmenter: `reprints`). A large file
/// (`Document::is_large`) is not read whole: `large(doc)` reduces it, reading it a part at a
/// time (`corpus::stream`).
///
/// Batches are prepared on the rayon pool from a producer thread while this thread consumes
/// the batch before, so that a slow consumer (a Parquet writer) overlaps the work instead of
/// leaving the cores idle. At most two batches of results wait at any time. The first error,
/// in document order, stops the pass.
pub fn scan_texts<T: Send>(
    corpus: &Corpus,
    docs: &[usize],
    progress: &(dyn Fn(u64) + Sync),
    batch_bytes: u64,
    map: impl Fn(usize, Decoded) -> T + Sync,
    large: impl Fn(usize) -> Result<T> + Sync,
    consume: impl FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let work = |d: usize| match corpus.docs[d].is_large() {
        true => large(d),
        false => Ok(map(d, corpus.docs[d].read()?)),
    };
    scan_docs(corpus, docs, progress, batch_bytes, work, None, consume)
}

/// How `scan_docs` reduces a large file: `(doc, emit)` hands each value to `emit` in
/// order, as it is made; `emit` says whether to go on (the consumer has not stopped).
type InParts<'a, T> = &'a (dyn Fn(usize, &mut dyn FnMut(T) -> bool) -> Result<()> + Sync);

/// The pass under `scan` and `scan_texts`: `work(doc)` on the issues `docs` in parallel
/// batches, `consume` in order; with `parts`, a large file (`Document::is_large`) gives
/// several values instead, handed to `consume` as they are made.
fn scan_docs<T: Send>(
    corpus: &Corpus,
    docs: &[usize],
    progress: &(dyn Fn(u64) + Sync),
    batch_bytes: u64,
    work: impl Fn(usize) -> Result<T> + Sync,
    parts: Option<InParts<'_, T>>,
    mut consume: impl FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let all = &corpus.docs;
    let in_parts = |d: usize| parts.filter(|_| all[d].is_large());
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(usize, Result<T>)>>(1);
    std::thread::scope(|scope| {
        let work = &work;
        scope.spawn(move || {
            let mut start = 0;
            while start < docs.len() {
                if let Some(parts) = in_parts(docs[start]) {
                    let d = docs[start];
                    let mut emit = |t| tx.send(vec![(d, Ok(t))]).is_ok();
                    if let Err(e) = parts(d, &mut emit) {
                        let _ = tx.send(vec![(d, Err(e))]);
                        return;
                    }
                    progress(all[d].bytes);
                    start += 1;
                    continue;
                }
                let mut end = start;
                let mut bytes = 0;
                while end < docs.len()
                    && (end == start || bytes < batch_bytes)
                    && in_parts(docs[end]).is_none()
                {
                    bytes += all[docs[end]].bytes;
                    end += 1;
                }
                let results: Vec<(usize, Result<T>)> = docs[start..end]
                    .par_iter()
                    .map(|&d| {
                        let value = work(d);
                        progress(all[d].bytes);
                        (d, value)
                    })
                    .collect();
                let failed = results.iter().any(|r| r.1.is_err());
                // The consumer hung up (it failed): stop.
                if tx.send(results).is_err() || failed {
                    return;
                }
                start = end;
            }
        });
        // Receiving ends when the producer is done (or stopped) and drops its sender; a
        // consumer error drops the receiver, which stops the producer at its next batch.
        for results in rx {
            for (d, r) in results {
                consume(d, r?)?;
            }
        }
        Ok(())
    })
}

/// Normalise, structure and segment every issue, keeping every token (the token table).
/// `progress` is called with input bytes done, from worker threads.
pub fn tokenize(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Tokenized> {
    let interner = Interner::default();
    let mut segmented = Vec::with_capacity(corpus.docs.len());
    scan(
        corpus,
        seg,
        &interner,
        progress,
        |_, s| s,
        |_, s| {
            segmented.push(s);
            Ok(())
        },
    )?;
    let (vocab, remap) = interner.finish(seg);
    let docs = segmented
        .into_par_iter()
        .map(|s| DocTokens {
            tokens: s
                .tokens
                .iter()
                .map(|&l| remap[s.terms[l as usize] as usize])
                .collect(),
            titles: s.titles,
            sentences: s.sentences,
            text: s.text,
            han_chars: s.han_chars,
            encoding: s.encoding,
            dropped: s.dropped,
        })
        .collect();
    Ok(Tokenized { vocab, docs })
}
