//! The pass engine: the parallel pass over a corpus, in batches (ARCHITECTURE.md, "The pass
//! engine"). Every file is read, decoded, normalised and segmented on a worker; a large file
//! is read a part at a time and cut in pieces, whose values are folded (`Pass::fold`) or
//! handed on one by one (`Pass::pieces`). A pass can be recorded (`Recording`) and replayed,
//! so that a job of several passes (the report) segments the corpus once. `tokenize` keeps
//! every token (the token table). `scan_texts` reads without segmenting (`reprints`).

use rayon::prelude::*;

mod recording;

pub use recording::{Recorded, Recording, Spool};

use crate::corpus::decode::Decoded;
use crate::corpus::{Corpus, Document};
use crate::error::{Error, Result};
use crate::tokenize::{
    DocTokens, Interner, Pieces, Segmented, Segmenter, Sentence, Tokenized, segment_articles,
    segment_file_pieces,
};

/// Input bytes segmented per batch: the parallel pass reads, segments and hands over one
/// batch at a time, so memory is bounded by the batch, not the corpus.
pub const BATCH_BYTES: u64 = 32 << 20;

/// What a consumer says after each value: go on, or stop the pass (a command that has what it
/// needs: `kwic --top`). Stopping is not an error. A consumer that returns `()` goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Go,
    Stop,
}

impl From<()> for Flow {
    fn from((): ()) -> Self {
        Flow::Go
    }
}

/// A value an analysis computes of one issue that it can compute of the pieces and
/// add up: a large file is reduced a piece at a time (`segment_file_pieces`), the pieces in
/// text order, each a run of whole sentences. `fold` adds the next piece's value, so that the
/// folded value is the value of the whole issue.
pub trait Fold {
    fn fold(&mut self, next: Self);
}

/// The one pass engine over a corpus (ARCHITECTURE.md, "The pass engine"): files are read,
/// decoded, normalised and segmented on all cores in batches of about `batch_bytes` of input,
/// a small file as one piece, a file above 16 MB as pieces of about 1 MB cut as `cut` says;
/// `map` reduces each piece to what an analysis needs on the worker that segmented it, and the
/// consumer receives the values in corpus order, while the pool segments the next batch. The
/// first error, in corpus order, stops the pass; so does a consumer's `Flow::Stop`.
///
/// An analysis takes one value per issue (`fold`: the pieces' values folded, then finished
/// on the worker) or one per piece (`pieces`: the token table, concordance lines).
#[derive(Clone, Copy)]
pub struct Pass<'a> {
    corpus: &'a Corpus,
    seg: &'a Segmenter,
    interner: &'a Interner,
    progress: &'a (dyn Fn(u64) + Sync),
    batch_bytes: u64,
    cut: Pieces,
}

impl<'a> Pass<'a> {
    /// A pass over `corpus` whose term ids come from `interner`; `progress` is called with
    /// input bytes done, from worker threads.
    pub fn new(
        corpus: &'a Corpus,
        seg: &'a Segmenter,
        interner: &'a Interner,
        progress: &'a (dyn Fn(u64) + Sync),
    ) -> Self {
        Pass {
            corpus,
            seg,
            interner,
            progress,
            batch_bytes: BATCH_BYTES,
            cut: Pieces::Sentences,
        }
    }

    /// Another batch size (a smaller one for values much larger than their input).
    pub fn batch_bytes(self, batch_bytes: u64) -> Self {
        Pass {
            batch_bytes,
            ..self
        }
    }

    /// Where a large file's pieces may be cut (`Pieces::Articles` for values whose contexts
    /// cross sentences).
    pub fn cut(self, cut: Pieces) -> Self {
        Pass { cut, ..self }
    }

    /// One value per issue: `map` on each piece, the pieces' values folded in order (`Fold`),
    /// `done` finishing the value (both on the worker), `consume` in corpus order.
    pub fn fold<P: Fold + Send, T: Send, F: Into<Flow>>(
        &self,
        map: impl Fn(usize, Segmented) -> P + Sync,
        done: impl Fn(usize, P) -> T + Sync,
        consume: impl FnMut(usize, T) -> Result<F>,
    ) -> Result<()> {
        let (seg, interner, cut) = (self.seg, self.interner, self.cut);
        self.drive(None, consume, |d, doc| {
            let map = |s| map(d, s);
            if !doc.is_large() {
                return Ok(done(d, map(segment_whole(doc, seg, interner)?)));
            }
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
            let acc = acc.ok_or_else(|| Error::input(&doc.path, "no text was read from it"))?;
            Ok(done(d, acc))
        })
    }

    /// One value per piece: `consume` receives each piece's value in order as it is made,
    /// several for a large file (memory holds a batch of pieces, not the values).
    pub fn pieces<T: Send, F: Into<Flow>>(
        &self,
        map: impl Fn(usize, Segmented) -> T + Sync,
        consume: impl FnMut(usize, T) -> Result<F>,
    ) -> Result<()> {
        let (seg, interner, cut) = (self.seg, self.interner, self.cut);
        let parts = |d: usize, emit: &mut dyn FnMut(T) -> bool| {
            let doc = &self.corpus.docs[d];
            let map = |s| map(d, s);
            segment_file_pieces(&doc.path, seg, interner, &doc.skip, cut, map, emit)
        };
        self.drive(Some(&parts), consume, |d, doc| {
            Ok(map(d, segment_whole(doc, seg, interner)?))
        })
    }

    /// `scan_docs` over every issue: `work(index, issue)`.
    fn drive<T: Send, F: Into<Flow>>(
        &self,
        parts: Option<InParts<'_, T>>,
        mut consume: impl FnMut(usize, T) -> Result<F>,
        work: impl Fn(usize, &Document) -> Result<T> + Sync,
    ) -> Result<()> {
        let corpus = self.corpus;
        let all: Vec<usize> = (0..corpus.docs.len()).collect();
        let work = |d| work(d, &corpus.docs[d]);
        let consume = |d, t| Ok(consume(d, t)?.into());
        scan_docs(
            corpus,
            &all,
            self.progress,
            self.batch_bytes,
            work,
            parts,
            consume,
        )
    }
}

/// One issue read whole and segmented, with the SHA-256 of what was read.
fn segment_whole(doc: &Document, seg: &Segmenter, interner: &Interner) -> Result<Segmented> {
    let (decoded, digest) = doc.read_digested()?;
    let mut s = segment_articles(&decoded.text, decoded.encoding, seg, interner, &doc.skip);
    s.digest = Some(digest);
    Ok(s)
}

/// A pass without segmentation (`Pass` reads and segments): the issues `docs` (indices, ascending) are
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
    let mut consume = consume;
    let consume = |d, t| consume(d, t).map(|()| Flow::Go);
    scan_docs(corpus, docs, progress, batch_bytes, work, None, consume)
}

/// How `scan_docs` reduces a large file: `(doc, emit)` hands each value to `emit` in
/// order, as it is made; `emit` says whether to go on (the consumer has not stopped).
type InParts<'a, T> = &'a (dyn Fn(usize, &mut dyn FnMut(T) -> bool) -> Result<()> + Sync);

/// The pass under `Pass` and `scan_texts`: `work(doc)` on the issues `docs` in parallel
/// batches, `consume` in order until it says stop; with `parts`, a large file
/// (`Document::is_large`) gives several values instead, handed to `consume` as they are made.
fn scan_docs<T: Send>(
    corpus: &Corpus,
    docs: &[usize],
    progress: &(dyn Fn(u64) + Sync),
    batch_bytes: u64,
    work: impl Fn(usize) -> Result<T> + Sync,
    parts: Option<InParts<'_, T>>,
    mut consume: impl FnMut(usize, T) -> Result<Flow>,
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
        // consumer's error or stop drops the receiver, which stops the producer at its next
        // batch (or a large file at its next piece).
        for results in rx {
            for (d, r) in results {
                if consume(d, r?)? == Flow::Stop {
                    return Ok(());
                }
            }
        }
        Ok(())
    })
}

/// Normalise, structure and segment every issue, keeping every token (the token table): the
/// pieces of a `Pass` (the path every command runs), a large file's pieces joined in order.
/// `progress` is called with input bytes done, from worker threads.
pub fn tokenize(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Tokenized> {
    let interner = Interner::default();
    let mut pieces: Vec<Vec<Segmented>> = (0..corpus.docs.len()).map(|_| Vec::new()).collect();
    Pass::new(corpus, seg, &interner, progress).pieces(
        |_, s| s,
        |d, s| {
            pieces[d].push(s);
            Ok(())
        },
    )?;
    let (vocab, remap) = interner.finish(seg);
    let docs = pieces
        .into_par_iter()
        .map(|pieces| {
            let mut doc = DocTokens::default();
            for s in pieces {
                let (text_at, token_at) = (doc.text.len() as u32, doc.tokens.len() as u32);
                doc.tokens.extend(
                    s.tokens
                        .iter()
                        .map(|&l| remap[s.terms[l as usize] as usize]),
                );
                doc.sentences
                    .extend(s.sentences.into_iter().map(|x| Sentence {
                        span: x.span.start + text_at..x.span.end + text_at,
                        tokens: x.tokens.start + token_at..x.tokens.end + token_at,
                        ..x
                    }));
                doc.titles.extend(s.titles);
                doc.text.push_str(&s.text);
                doc.han_chars += s.han_chars;
                doc.dropped += s.dropped;
                if doc.encoding.is_empty() {
                    doc.encoding = s.encoding;
                }
            }
            doc
        })
        .collect();
    Ok(Tokenized { vocab, docs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::SegmenterOptions;

    fn corpus(texts: &[&str]) -> Corpus {
        Corpus {
            root: "c".into(),
            name: "c".into(),
            meta_columns: Vec::new(),
            docs: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Document {
                    id: format!("{i}"),
                    rel_path: format!("{i}.txt"),
                    path: format!("{i}.txt").into(),
                    text: Some(t.to_string()),
                    bytes: t.len() as u64,
                    meta: Vec::new(),
                    skip: Vec::new(),
                })
                .collect(),
            warnings: Vec::new(),
            walk: Default::default(),
        }
    }

    #[test]
    fn a_consumer_stops_the_pass_without_an_error() {
        let seg = Segmenter::new(&SegmenterOptions::default()).unwrap();
        let c = corpus(&["核酸检测。", "疫情防控。", "党员先锋。"]);
        let interner = Interner::default();
        // Batches of one issue each: the stop is seen before the last batch is made.
        let pass = Pass::new(&c, &seg, &interner, &|_| {}).batch_bytes(1);
        let mut seen = Vec::new();
        pass.pieces(
            |d, s| (d, s.tokens.len()),
            |d, (d2, n)| {
                assert_eq!(d, d2);
                seen.push((d, n));
                Ok(if d == 1 { Flow::Stop } else { Flow::Go })
            },
        )
        .unwrap();
        assert_eq!(seen, [(0, 3), (1, 3)]);
        // Folded: one value per issue, in order, finished on the worker.
        let mut folded = Vec::new();
        pass.fold(
            |_, s| Tokens(s.tokens.len()),
            |d, t| (d, t.0 * 10),
            |d, v| {
                assert_eq!(d, v.0);
                folded.push(v.1);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(folded, [30, 30, 30]);
    }

    struct Tokens(usize);

    impl Fold for Tokens {
        fn fold(&mut self, next: Self) {
            self.0 += next.0;
        }
    }
}
