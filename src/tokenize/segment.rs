//! One issue segmented: sentences, tokens as document-local ids, and the issue with
//! canonical ids once the pass is done; a large file segmented a piece at a time.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::interner::CACHE;
use super::{Interner, Kind, Segmenter, Vocab};
use crate::corpus::convert::normalize_converted;
use crate::corpus::normalize::split_sentences;
use crate::corpus::stream::{self, Sizes};
use crate::corpus::structure::{Part, parts};

/// A sentence of an issue; its tokens are `tokens[tokens]` of its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 1-based article number within the issue.
    pub article: u32,
    /// 1-based sentence number within the article.
    pub index: u32,
    /// Where its text is in its document's `text`.
    pub span: Range<u32>,
    pub tokens: Range<u32>,
}

/// One issue, segmented, as the parallel pass leaves it: tokens are ids local to the
/// document, `terms` maps them to provisional global ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    pub titles: Vec<String>,
    pub sentences: Vec<Sentence>,
    /// Every non-space token, punctuation and stopwords included, as document-local ids.
    pub tokens: Vec<u32>,
    /// Local id → provisional global id.
    pub terms: Vec<u32>,
    /// Local id → counted (word, latin or number, and not a stopword).
    pub counted: Vec<bool>,
    /// Local id → the term's kind.
    pub kinds: Vec<Kind>,
    /// Local id → occurrences in the document (every local id occurs: at least 1).
    pub counts: Vec<u32>,
    /// Local id → where the term first occurs in `text`: (byte start, byte end).
    pub(super) first: Vec<(u32, u32)>,
    /// The normalised (and with `--t2s` converted) sentences, one after another (each
    /// sentence's `span` says where): one buffer, not a string per sentence.
    pub text: String,
    /// Han characters after normalisation.
    pub han_chars: u64,
    pub encoding: &'static str,
    /// Articles left out (`--dedup`'s reprints): their titles stay in `titles`, so that an
    /// article's number is its place in the issue, but they have no sentences.
    pub dropped: u32,
    /// SHA-256 of the file's bytes (of the text, for a text given in memory) when the issue
    /// was read whole; `None` for a piece of a large file. The report's manifest records it,
    /// so that no input is read again to be hashed.
    pub digest: Option<[u8; 32]>,
}

impl Segmented {
    /// The articles read: every article of the issue but those left out.
    pub fn articles(&self) -> u64 {
        (self.titles.len() - self.dropped as usize) as u64
    }

    /// The text of a local term.
    pub fn term(&self, local: u32) -> &str {
        let (a, b) = self.first[local as usize];
        &self.text[a as usize..b as usize]
    }

    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.text[s.span.start as usize..s.span.end as usize]
    }

    pub fn sentence_tokens(&self, s: &Sentence) -> &[u32] {
        &self.tokens[s.tokens.start as usize..s.tokens.end as usize]
    }

    /// Counts of the counted terms, as (local id, count), in local-id order.
    pub fn local_counts(&self) -> Vec<(u32, u64)> {
        self.counts
            .iter()
            .zip(&self.counted)
            .enumerate()
            .filter(|&(_, (_, &counted))| counted)
            .map(|(l, (&n, _))| (l as u32, u64::from(n)))
            .collect()
    }
}

/// Normalise (and convert with `--t2s`), structure and segment one issue's text.
pub fn segment_text(
    text: &str,
    encoding: &'static str,
    seg: &Segmenter,
    interner: &Interner,
) -> Segmented {
    segment_articles(text, encoding, seg, interner, &[])
}

/// `segment_text` leaving out the articles numbered in `skip` (sorted, 1-based: the
/// reprints `--dedup` drops, `Document::skip`).
pub fn segment_articles(
    text: &str,
    encoding: &'static str,
    seg: &Segmenter,
    interner: &Interner,
    skip: &[u32],
) -> Segmented {
    segment_in_pieces(text, encoding, seg, interner, skip, Sizes::default().piece)
}

/// Pieces of a large file segmented at a time (`segment_file_pieces`): its batch of text.
const BATCH_PIECES: usize = 8;

/// Where a large file's pieces may be cut (`segment_file_pieces`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pieces {
    /// Between any two sentences: for analyses of what lies inside a sentence.
    Sentences,
    /// Only between articles, an article never cut (so held whole, however long): for
    /// analyses whose contexts cross sentences within an article (KWIC).
    Articles,
}

/// `segment_articles` with the piece size given (tests: small pieces give the same result).
fn segment_in_pieces(
    text: &str,
    encoding: &'static str,
    seg: &Segmenter,
    interner: &Interner,
    skip: &[u32],
    piece_bytes: usize,
) -> Segmented {
    let mut layout = Layout::new(skip, text.len());
    parts(normalize_converted(text, seg.converter()), |part| {
        layout.add(part)
    });
    layout.segment(encoding, seg, interner, piece_bytes)
}

/// A large file segmented as `segment_articles` segments its decoded text, but read,
/// decoded, normalised and structured a part at a time (`corpus::stream`): its bytes,
/// decoded text and paragraphs are never in memory at once.
pub fn segment_file(
    path: &std::path::Path,
    seg: &Segmenter,
    interner: &Interner,
    skip: &[u32],
) -> crate::error::Result<Segmented> {
    segment_file_in(path, seg, interner, skip, Sizes::default())
}

/// `segment_file` with the sizes given: bytes read at a time, bytes of text cut as one
/// piece. For the differential fuzzer (`fuzz/fuzz_targets/stream.rs`), which compares it with
/// the file read whole.
#[doc(hidden)]
pub fn segment_file_sized(
    path: &std::path::Path,
    seg: &Segmenter,
    interner: &Interner,
    skip: &[u32],
    chunk: usize,
    piece: usize,
) -> crate::error::Result<Segmented> {
    segment_file_in(path, seg, interner, skip, Sizes { chunk, piece })
}

/// A large file reduced a piece at a time, never segmented whole: it is read as
/// `segment_file` reads it, its sentences gathered into batches of `BATCH_PIECES` pieces of
/// about 1 MB (cut as `cut` says), each piece segmented (a `Segmented` of its sentences,
/// `map`ped) on all cores, and the values handed to `each` in text order as they are made (at
/// least one); `each` returns whether to go on (once it says no, the rest of the file is read
/// but not segmented). A piece holds whole sentences, numbered in the issue
/// (`Sentence::article` and `index`), its own tokens, text and Han characters, and the titles
/// of the articles begun since the piece before (so that `articles()` of the pieces add up).
/// Memory holds a batch, not the file.
#[allow(clippy::too_many_arguments)]
pub fn segment_file_pieces<P: Send>(
    path: &std::path::Path,
    seg: &Segmenter,
    interner: &Interner,
    skip: &[u32],
    cut: Pieces,
    map: impl Fn(Segmented) -> P + Sync,
    each: &mut dyn FnMut(P) -> bool,
) -> crate::error::Result<()> {
    segment_file_pieces_in(path, seg, interner, skip, Sizes::default(), cut, map, each)
}

#[allow(clippy::too_many_arguments)]
fn segment_file_pieces_in<P: Send>(
    path: &std::path::Path,
    seg: &Segmenter,
    interner: &Interner,
    skip: &[u32],
    sizes: Sizes,
    cut: Pieces,
    map: impl Fn(Segmented) -> P + Sync,
    each: &mut dyn FnMut(P) -> bool,
) -> crate::error::Result<()> {
    let piece_bytes = sizes.piece;
    let prepared = stream::prepare(path, sizes)?;
    let mut layout = Layout::new(skip, 0);
    let mut going = true;
    let mut flush = |layout: &mut Layout| {
        let batch = layout.take();
        if !going {
            return;
        }
        let values: Vec<P> = batch
            .pieces(piece_bytes, cut)
            .into_par_iter()
            .map(|piece| map(piece.segment_one(prepared.name, seg, interner)))
            .collect();
        for v in values {
            going = going && each(v);
        }
    };
    let batch = BATCH_PIECES * piece_bytes;
    stream::for_each_part(path, &prepared, seg.converter(), sizes, |part| {
        // With `Pieces::Articles`, a batch ends where an article begins.
        let at_article = matches!(part, Part::Article(_));
        if layout.all.len() >= batch && (cut == Pieces::Sentences || at_article) {
            flush(&mut layout);
        }
        layout.add(part);
    })?;
    flush(&mut layout);
    Ok(())
}

fn segment_file_in(
    path: &std::path::Path,
    seg: &Segmenter,
    interner: &Interner,
    skip: &[u32],
    sizes: Sizes,
) -> crate::error::Result<Segmented> {
    let prepared = stream::prepare(path, sizes)?;
    let mut layout = Layout::new(skip, 0);
    stream::for_each_part(path, &prepared, seg.converter(), sizes, |part| {
        layout.add(part)
    })?;
    Ok(layout.segment(prepared.name, seg, interner, sizes.piece))
}

/// An issue's articles laid out for segmentation: titles, and the sentences of the articles
/// read (their text one after another in `all`).
struct Layout<'a> {
    skip: &'a [u32],
    /// Articles begun (the number of the last).
    begun: u32,
    /// Titles of the articles begun (since the last `take`).
    titles: Vec<String>,
    sentences: Vec<Sentence>,
    all: String,
    dropped: u32,
    /// Whether the article begun last is left out.
    skipping: bool,
    /// Sentences of the article begun last.
    in_article: u32,
}

impl<'a> Layout<'a> {
    fn new(skip: &'a [u32], capacity: usize) -> Self {
        Layout {
            skip,
            begun: 0,
            titles: Vec::new(),
            sentences: Vec::new(),
            all: String::with_capacity(capacity),
            dropped: 0,
            skipping: false,
            in_article: 0,
        }
    }

    fn add(&mut self, part: Part) {
        match part {
            Part::Article(title) => {
                self.begun += 1;
                self.skipping = self.skip.binary_search(&self.begun).is_ok();
                self.dropped += u32::from(self.skipping);
                self.in_article = 0;
                self.titles.push(title);
            }
            Part::Paragraph(_) if self.skipping => {}
            Part::Paragraph(p) => {
                let article = self.begun;
                for s in split_sentences(&p.text) {
                    let start = self.all.len() as u32;
                    self.all.push_str(s);
                    self.in_article += 1;
                    self.sentences.push(Sentence {
                        article,
                        index: self.in_article,
                        span: start..self.all.len() as u32,
                        tokens: 0..0,
                    });
                }
            }
        }
    }

    /// What was laid out since the last `take`, handed on; the article being read goes on.
    fn take(&mut self) -> Layout<'a> {
        Layout {
            skip: self.skip,
            begun: self.begun,
            titles: std::mem::take(&mut self.titles),
            sentences: std::mem::take(&mut self.sentences),
            all: std::mem::take(&mut self.all),
            dropped: std::mem::take(&mut self.dropped),
            skipping: self.skipping,
            in_article: self.in_article,
        }
    }

    /// Runs of sentences of about `piece_bytes` each (`runs`), each with its own text; the
    /// titles (and the count of those left out) go with the first. At least one, possibly
    /// empty.
    fn pieces(self, piece_bytes: usize, cut: Pieces) -> Vec<Layout<'a>> {
        let mut titles = Some((self.titles, self.dropped));
        runs(&self.sentences, piece_bytes, cut)
            .into_iter()
            .map(|run| {
                let (titles, dropped) = titles.take().unwrap_or_default();
                let mut piece = Layout {
                    titles,
                    dropped,
                    ..Layout::new(self.skip, 0)
                };
                for s in &self.sentences[run] {
                    let start = piece.all.len() as u32;
                    piece
                        .all
                        .push_str(&self.all[s.span.start as usize..s.span.end as usize]);
                    piece.sentences.push(Sentence {
                        span: start..piece.all.len() as u32,
                        ..s.clone()
                    });
                }
                piece
            })
            .collect()
    }

    /// Cut the sentences into tokens: on one core, or in runs of about `piece_bytes` on all
    /// cores for a large issue.
    fn segment(
        self,
        encoding: &'static str,
        seg: &Segmenter,
        interner: &Interner,
        piece_bytes: usize,
    ) -> Segmented {
        let Layout {
            titles,
            mut sentences,
            all,
            dropped,
            ..
        } = self;
        let piece = if all.len() <= 2 * piece_bytes {
            cut(&all, &sentences, seg, interner)
        } else {
            // A large issue (an archive that ships a year as one file): its sentences are cut
            // in runs of about `piece_bytes` on all cores, and the runs' tables joined in order.
            let pieces: Vec<Piece> = runs(&sentences, piece_bytes, Pieces::Sentences)
                .into_par_iter()
                .map(|run| cut(&all, &sentences[run], seg, interner))
                .collect();
            Piece::join(pieces)
        };
        for (s, r) in sentences.iter_mut().zip(piece.ranges) {
            s.tokens = r;
        }
        Segmented {
            titles,
            sentences,
            tokens: piece.tokens,
            terms: piece.terms,
            counted: piece.counted,
            kinds: piece.kinds,
            counts: piece.counts,
            first: piece.first,
            text: all,
            han_chars: piece.han_chars,
            encoding,
            dropped,
            digest: None,
        }
    }
}

impl Layout<'_> {
    /// This layout's sentences cut on one core.
    fn segment_one(
        self,
        encoding: &'static str,
        seg: &Segmenter,
        interner: &Interner,
    ) -> Segmented {
        self.segment(encoding, seg, interner, usize::MAX / 4)
    }
}

/// Runs of `sentences` of about `piece_bytes` each, as index ranges: a run ends once it holds
/// that many bytes, but with `Pieces::Articles` not inside an article. At least one (empty
/// when there are no sentences).
fn runs(sentences: &[Sentence], piece_bytes: usize, cut: Pieces) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, s) in sentences.iter().enumerate() {
        let same_article = i > 0 && sentences[i - 1].article == s.article;
        if bytes >= piece_bytes && !(cut == Pieces::Articles && same_article) {
            out.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += s.span.len();
    }
    out.push(start..sentences.len());
    out
}

/// The tokens of a run of sentences of an issue, cut by jieba and looked up, with ids local to
/// the run (in order of first occurrence); `first` and `ranges` point into the issue's text
/// and tokens as if the run were all of it (`Piece::join` shifts the ranges).
#[derive(Debug, Default)]
struct Piece {
    tokens: Vec<u32>,
    terms: Vec<u32>,
    counted: Vec<bool>,
    kinds: Vec<Kind>,
    first: Vec<(u32, u32)>,
    counts: Vec<u32>,
    ranges: Vec<Range<u32>>,
    han_chars: u64,
}

/// Cut `sentences` (spans of `all`).
fn cut(all: &str, sentences: &[Sentence], seg: &Segmenter, interner: &Interner) -> Piece {
    let bytes: usize = sentences.iter().map(|s| s.span.len()).sum();
    // About one token per 4 bytes of Chinese text, and one distinct term per 16 bytes on a
    // page of newspaper text: room for most pages without growing.
    let distinct = bytes / 16;
    let mut p = Piece {
        tokens: Vec::with_capacity(bytes / 4),
        terms: Vec::with_capacity(distinct),
        counted: Vec::with_capacity(distinct),
        kinds: Vec::with_capacity(distinct),
        first: Vec::with_capacity(distinct),
        counts: Vec::with_capacity(distinct),
        ranges: Vec::with_capacity(sentences.len()),
        han_chars: 0,
    };
    // Han characters are counted per distinct term, then per occurrence: the tokens cover the
    // sentence but for white space, which is never Han.
    // Each sentence's tokens are looked up as it is cut, while they and its text are in the
    // cache. (Cutting a whole issue first and then looking up saved nothing: cachegrind counts
    // fewer misses this way, as jieba's walk had evicted the token list by the lookup.)
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let cache = &mut *cache;
        cache.reset_for(interner);
        let doc = cache.next_doc();
        let base = all.as_ptr() as usize;
        for s in sentences {
            let start = p.tokens.len() as u32;
            for w in seg.cut(&all[s.span.start as usize..s.span.end as usize]) {
                let slot = cache.term(w, interner, seg);
                if slot.doc != doc {
                    slot.doc = doc;
                    slot.local = p.terms.len() as u32;
                    // `w` is a slice of `all`: its offset is the pointer difference.
                    let a = (w.as_ptr() as usize - base) as u32;
                    p.first.push((a, a + w.len() as u32));
                    p.terms.push(slot.id);
                    p.counted.push(slot.counted);
                    p.kinds.push(slot.kind);
                    p.counts.push(0);
                }
                p.han_chars += u64::from(slot.han);
                p.counts[slot.local as usize] += 1;
                p.tokens.push(slot.local);
            }
            p.ranges.push(start..p.tokens.len() as u32);
        }
    });
    p
}

impl Piece {
    /// The pieces of one issue, in order, as one: a term's id is its place in the order of
    /// first occurrence over the whole issue, as if it had been cut in one piece.
    fn join(pieces: Vec<Piece>) -> Piece {
        let tokens: usize = pieces.iter().map(|p| p.tokens.len()).sum();
        let mut out = Piece {
            tokens: Vec::with_capacity(tokens),
            ..Piece::default()
        };
        // Provisional global id → id in the issue.
        let mut local: FxHashMap<u32, u32> = FxHashMap::default();
        for p in pieces {
            let shift = out.tokens.len() as u32;
            let ids: Vec<u32> = (0..p.terms.len())
                .map(|l| {
                    *local.entry(p.terms[l]).or_insert_with(|| {
                        out.terms.push(p.terms[l]);
                        out.counted.push(p.counted[l]);
                        out.kinds.push(p.kinds[l]);
                        out.first.push(p.first[l]);
                        out.counts.push(0);
                        out.terms.len() as u32 - 1
                    })
                })
                .collect();
            for (l, &n) in p.counts.iter().enumerate() {
                out.counts[ids[l] as usize] += n;
            }
            out.tokens.extend(p.tokens.iter().map(|&t| ids[t as usize]));
            out.ranges
                .extend(p.ranges.iter().map(|r| r.start + shift..r.end + shift));
            out.han_chars += p.han_chars;
        }
        out
    }
}

/// One issue, segmented, with canonical term ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocTokens {
    pub titles: Vec<String>,
    pub sentences: Vec<Sentence>,
    /// The normalised sentences, one after another (see `Segmented::text`).
    pub text: String,
    /// Every non-space token, punctuation and stopwords included, as global term ids.
    pub tokens: Vec<u32>,
    /// Han characters after normalisation.
    pub han_chars: u64,
    pub encoding: &'static str,
    /// Articles left out (see `Segmented::dropped`).
    pub dropped: u32,
}

impl DocTokens {
    /// The articles read: every article of the issue but those left out.
    pub fn articles(&self) -> u64 {
        (self.titles.len() - self.dropped as usize) as u64
    }

    pub fn sentence_tokens(&self, s: &Sentence) -> &[u32] {
        &self.tokens[s.tokens.start as usize..s.tokens.end as usize]
    }

    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.text[s.span.start as usize..s.span.end as usize]
    }
}

/// The segmented corpus, aligned with `Corpus::docs`: the compact form of the token table.
#[derive(Debug, Clone, Default)]
pub struct Tokenized {
    pub vocab: Vocab,
    pub docs: Vec<DocTokens>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_cut_in_pieces_is_the_issue_cut_whole() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/003_337bf66f5a191e40.txt"
        ))
        .unwrap();
        let seg = Segmenter::new(&Default::default()).unwrap();
        let interner = Interner::default();
        let whole = segment_in_pieces(&text, "UTF-8", &seg, &interner, &[2], usize::MAX / 4);
        // Pieces of about 300 bytes: dozens of them, most sharing terms with the pieces before.
        let pieces = segment_in_pieces(&text, "UTF-8", &seg, &interner, &[2], 300);
        assert!(whole.text.len() > 30 * 300, "{}", whole.text.len());
        assert_eq!(whole.dropped, 1);
        assert_eq!(pieces, whole);
        // Local ids in order of first occurrence: the first token is local id 0, and each new
        // term is the next id.
        let mut next = 0;
        for &t in &whole.tokens {
            assert!(t <= next);
            if t == next {
                next += 1;
            }
        }
        assert_eq!(next as usize, whole.terms.len());
    }

    /// The seeds, one after another: every layout the seeds show, `#` marks at several
    /// levels, and a file that starts with body text.
    fn seeds_text() -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A file read a part at a time (parts as small as 5 bytes: lines, CRLFs and characters
    /// cut anywhere) segments as its bytes decoded whole do, in every encoding `decode`
    /// reads and with every line end.
    #[test]
    fn a_file_read_in_parts_is_the_file_read_whole() {
        use crate::corpus::decode::decode;
        let text = format!("正文在第一个标题前，没有标题。\n{}", seeds_text());
        let big5 =
            "面對突如其來的疫情，市、區黨委、政府作出了科學防控、精準施策的總動員。\n".repeat(40);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let files: Vec<(&str, Vec<u8>)> = vec![
            ("UTF-8", text.clone().into_bytes()),
            ("CRLF", text.replace('\n', "\r\n").into_bytes()),
            ("CR", text.replace('\n', "\r").into_bytes()),
            // Lines longer than a piece: read in parts, cut between Han characters.
            ("one line", text.replace('\n', "").into_bytes()),
            (
                "one line each",
                text.replace('\n', "").replace("。", "。\n").into_bytes(),
            ),
            ("BOM", [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()),
            ("UTF-16LE", utf16),
            ("GB18030", encoding_rs::GB18030.encode(&text).0.into_owned()),
            ("Big5", encoding_rs::BIG5.encode(&big5).0.into_owned()),
        ];
        let dir = tempfile::tempdir().unwrap();
        let plain = Segmenter::new(&Default::default()).unwrap();
        let t2s = Segmenter::new(&crate::tokenize::SegmenterOptions {
            t2s: Some(Default::default()),
            ..Default::default()
        })
        .unwrap();
        for (name, bytes) in &files {
            let path = dir.path().join(format!("{name}.txt"));
            std::fs::write(&path, bytes).unwrap();
            let decoded = decode(bytes).unwrap();
            for seg in [&plain, &t2s] {
                let interner = Interner::default();
                let whole =
                    segment_in_pieces(&decoded.text, decoded.encoding, seg, &interner, &[3], 300);
                assert!(whole.sentences.len() > 20, "{name}");
                for chunk in [5, 64, 4096, 1 << 20] {
                    let parts =
                        segment_file_in(&path, seg, &interner, &[3], Sizes { chunk, piece: 300 })
                            .unwrap();
                    assert_eq!(parts, whole, "{name}, parts of {chunk} bytes");
                }
            }
        }
    }

    /// What `decode` refuses, the stream refuses with the same words.
    #[test]
    fn a_file_read_in_parts_is_refused_as_the_file_read_whole() {
        use crate::corpus::decode::decode;
        let seg = Segmenter::new(&Default::default()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let text = seeds_text();
        let mut broken_gb = encoding_rs::GB18030.encode(&text).0.into_owned();
        broken_gb.extend([0x81, 0x20, 0xFF, 0xFF]);
        for (name, bytes) in [
            ("nul", [text.as_bytes(), b"\0", text.as_bytes()].concat()),
            (
                "bom",
                [&[0xEF, 0xBB, 0xBF][..], text.as_bytes(), &[0xE6, 0xA0]].concat(),
            ),
            ("broken", broken_gb),
        ] {
            let path = dir.path().join(format!("{name}.txt"));
            std::fs::write(&path, &bytes).unwrap();
            let want = format!("{}: {}", path.display(), decode(&bytes).unwrap_err());
            for chunk in [7, 4096] {
                let err = segment_file_in(
                    &path,
                    &seg,
                    &Interner::default(),
                    &[],
                    Sizes { chunk, piece: 300 },
                )
                .unwrap_err();
                assert_eq!(err.to_string(), want, "{name}");
            }
        }
    }

    /// What the folding test compares: the issue's figures, its sentences (numbers and
    /// text), and its counted terms with their counts in order of first occurrence.
    #[derive(Debug, PartialEq)]
    struct Summary {
        articles: u64,
        han: u64,
        sentences: Vec<(u32, u32, String)>,
        counts: Vec<(String, u64)>,
    }

    fn summary(s: &Segmented) -> Summary {
        Summary {
            articles: s.articles(),
            han: s.han_chars,
            sentences: s
                .sentences
                .iter()
                .map(|x| (x.article, x.index, s.sentence_text(x).to_string()))
                .collect(),
            counts: s
                .local_counts()
                .into_iter()
                .map(|(l, c)| (s.term(l).to_string(), c))
                .collect(),
        }
    }

    fn fold_summary(a: &mut Summary, b: Summary) {
        a.articles += b.articles;
        a.han += b.han;
        a.sentences.extend(b.sentences);
        let mut at: FxHashMap<String, usize> = a
            .counts
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (t.clone(), i))
            .collect();
        for (t, c) in b.counts {
            match at.get(&t) {
                Some(&i) => a.counts[i].1 += c,
                None => {
                    at.insert(t.clone(), a.counts.len());
                    a.counts.push((t, c));
                }
            }
        }
    }

    /// A file reduced a piece at a time (pieces of 50 bytes to 1 MB, read in parts of 5 bytes
    /// to 4 KB, cut between sentences or between articles), its pieces' values folded in
    /// order, is the file segmented whole: the same articles (the titles of left-out ones
    /// counted once), sentences, Han characters and counts in the same order; with or without
    /// line breaks.
    #[test]
    fn a_file_folded_piece_by_piece_is_the_file_segmented_whole() {
        let text = format!("正文在第一个标题前，没有标题。\n{}", seeds_text());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issue.txt");
        let seg = Segmenter::new(&Default::default()).unwrap();
        let interner = Interner::default();
        let one_line = text.replace('\n', "");
        for (skip, text) in [
            (&[][..], &text),
            (&[1, 3, 4][..], &text),
            (&[][..], &one_line),
        ] {
            std::fs::write(&path, encoding_rs::GB18030.encode(text).0).unwrap();
            let whole = summary(&segment_in_pieces(
                text, "gb18030", &seg, &interner, skip, 300,
            ));
            assert!(whole.sentences.len() > 100);
            for (chunk, piece) in [(5, 50), (64, 300), (4096, 1 << 20)] {
                for cut in [Pieces::Sentences, Pieces::Articles] {
                    let pieces = std::sync::atomic::AtomicUsize::new(0);
                    let mut folded: Option<Summary> = None;
                    let mut each = |v: Summary| {
                        match &mut folded {
                            Some(a) => fold_summary(a, v),
                            None => folded = Some(v),
                        }
                        true
                    };
                    let map = |s: Segmented| {
                        pieces.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        summary(&s)
                    };
                    let sizes = Sizes { chunk, piece };
                    segment_file_pieces_in(
                        &path, &seg, &interner, skip, sizes, cut, map, &mut each,
                    )
                    .unwrap();
                    let folded = folded.unwrap();
                    let what =
                        format!("skip {skip:?}, parts of {chunk}, pieces of {piece}, {cut:?}");
                    assert_eq!(folded, whole, "{what}");
                    // Cut between sentences, many pieces; between articles in pieces of 50
                    // bytes, a piece per article read (each is longer).
                    let pieces = pieces.into_inner() as u64;
                    match (cut, piece) {
                        (_, 1048576) => {}
                        (Pieces::Sentences, _) => assert!(pieces > 50, "{pieces}: {what}"),
                        (Pieces::Articles, 50) => assert_eq!(pieces, whole.articles, "{what}"),
                        (Pieces::Articles, _) => assert!(pieces <= whole.articles, "{what}"),
                    }
                }
            }
        }
    }

    /// Found by fuzzing (`scripts/fuzz stream`): a Big5 line of 67 spaces and 13 characters
    /// ending in 。, cut in parts of 48 bytes. Its first part held 38 characters counting the
    /// spaces but 3 once cleaned, so it made a paragraph that was no prose, and the parts after
    /// it left it so: a layout heading (the article's title) where the line read whole is a
    /// body paragraph. Now a first part is counted cleaned, and each part updates whether the
    /// paragraph is prose.
    #[test]
    fn fuzz_stream_spaces_before_a_long_line() {
        use crate::corpus::decode::decode;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz-regressions/stream-spaces-before-a-long-line.txt");
        let data = std::fs::read(&path).unwrap();
        let (chunk, piece) = (1 + data.len() % 64, 16 + usize::from(data[0]));
        let seg = Segmenter::new(&Default::default()).unwrap();
        let interner = Interner::default();
        let decoded = decode(&data).unwrap();
        let whole = segment_articles(&decoded.text, decoded.encoding, &seg, &interner, &[]);
        let parts = segment_file_sized(&path, &seg, &interner, &[], chunk, piece).unwrap();
        assert_eq!(parts, whole);
        assert_eq!(whole.titles, [""]);
        assert_eq!(whole.sentences.len(), 1);
    }
}
