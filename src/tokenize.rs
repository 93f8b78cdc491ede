//! Segmentation with jieba-rs, token kinds, stopwords, and the parallel pass that turns a
//! corpus into interned token sequences (the compact form of the token table, SPEC §3).
//!
//! Speed matters here (a year of a newspaper is 50–100 MB): one `Jieba` is shared by reference
//! across rayon workers, each article is cut on its own worker into a local vocabulary, and the
//! local ids are mapped to global ids in document order afterwards. Because that merge is
//! sequential and ordered, term ids — and so every table built from them — are the same for
//! any number of threads.

use std::hash::BuildHasher;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use jieba_rs::Jieba;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::corpus::normalize::{is_han, normalize};
use crate::corpus::structure::articles;
use crate::corpus::{Corpus, decode::decode};
use crate::error::{Error, Result};

/// What a token is (SPEC §2). Analyses count `Word`, `Latin` and `Number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Contains a Han character.
    Word,
    /// Contains a letter (and no Han character): `COVID-19`, `PCR`.
    Latin,
    /// Digits, possibly with `.,%+-`: `2022`, `3.5`, `95%`.
    Number,
    /// Only punctuation characters (Unicode P* categories as far as Chinese text uses them).
    Punct,
    /// Anything else: `□`, `+`, `√`, emoji.
    Symbol,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Word => "word",
            Kind::Latin => "latin",
            Kind::Number => "number",
            Kind::Punct => "punct",
            Kind::Symbol => "symbol",
        }
    }

    pub fn is_counted(self) -> bool {
        matches!(self, Kind::Word | Kind::Latin | Kind::Number)
    }
}

fn is_punct_char(c: char) -> bool {
    // ASCII punctuation minus the ASCII symbols ($+<=>^`|~ are Sc/Sm/Sk in Unicode).
    (c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c))
        || matches!(c,
            '\u{2010}'..='\u{2027}'   // dashes, quotes, bullets, ellipsis
            | '\u{2030}'..='\u{205E}' // per mille, primes, other general punctuation
            | '\u{3001}'..='\u{3003}' // 、。〃
            | '\u{3008}'..='\u{3011}' // 〈〉《》「」『』【】
            | '\u{3014}'..='\u{301F}' // 〔〕〖〗〘〙〚〛〜〝〞〟
            | '\u{3030}' | '\u{303D}' | '\u{30FB}'
            | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE4F}' | '\u{FE50}'..='\u{FE6B}'
            | '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}')
        || (matches!(c, '\u{FF01}'..='\u{FF65}')
            && !c.is_alphanumeric()
            && !matches!(
                c,
                '＄' | '＋' | '＜' | '＝' | '＞' | '＾' | '｀' | '｜' | '～'
            ))
}

/// Classify a token by its characters.
pub fn classify(token: &str) -> Kind {
    if token.chars().any(is_han) {
        Kind::Word
    } else if token.chars().any(char::is_alphabetic) {
        Kind::Latin
    } else if token.chars().any(char::is_numeric)
        && token
            .chars()
            .all(|c| c.is_numeric() || matches!(c, '.' | ',' | '%' | '+' | '-' | '‰'))
    {
        Kind::Number
    } else if token.chars().all(is_punct_char) {
        Kind::Punct
    } else {
        Kind::Symbol
    }
}

/// Where stopwords come from (`--stopwords zh|FILE`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Stopwords {
    #[default]
    None,
    /// The Chinese list of stopwords-iso, as shipped by the `stop-words` crate.
    Zh,
    File(PathBuf),
}

impl Stopwords {
    /// `zh` names the built-in list; anything else is a file path.
    pub fn parse(arg: &str) -> Self {
        match arg {
            "zh" => Stopwords::Zh,
            "" | "none" => Stopwords::None,
            path => Stopwords::File(PathBuf::from(path)),
        }
    }

    pub fn load(&self) -> Result<FxHashSet<String>> {
        match self {
            Stopwords::None => Ok(FxHashSet::default()),
            Stopwords::Zh => Ok(stop_words::lookup("zh")
                .ok_or_else(|| {
                    Error::usage("--stopwords zh: the built-in Chinese list is missing")
                })?
                .iter()
                .map(|w| w.to_string())
                .collect()),
            Stopwords::File(path) => {
                let text = read_text(path)?;
                Ok(text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect())
            }
        }
    }
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    decode(&bytes)
        .map(|d| d.text)
        .map_err(|m| Error::input(path, m))
}

/// jieba's user-dictionary format, `word [freq] [tag]` per line, read as Python jieba's
/// `load_userdict` does: a word without a frequency gets `suggest_freq`, enough to keep it
/// whole (jieba-rs' own `load_dict` would give it 0, and it would never be chosen). Decoding
/// first makes a BOM, CRLF or a GB18030 file harmless.
fn load_user_dict(jieba: &mut Jieba, path: &Path) -> Result<()> {
    let text = read_text(path)?;
    for (n, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq = match fields.next() {
            None => None,
            Some(f) => Some(f.parse::<usize>().map_err(|_| {
                Error::input(
                    path,
                    format!("line {}: frequency `{f}` is not a whole number (format: word [freq] [tag])", n + 1),
                )
            })?),
        };
        jieba.add_word(word, freq, fields.next());
    }
    Ok(())
}

/// Segmenter settings: the flags `--hmm`, `--user-dict`, `--stopwords`.
#[derive(Debug, Clone, Default)]
pub struct SegmenterOptions {
    pub hmm: bool,
    pub user_dict: Option<PathBuf>,
    pub stopwords: Stopwords,
}

/// One jieba instance with its options, shared by all workers.
pub struct Segmenter {
    jieba: Jieba,
    hmm: bool,
    stopwords: FxHashSet<String>,
}

impl Segmenter {
    pub fn new(opts: &SegmenterOptions) -> Result<Self> {
        let mut jieba = Jieba::new();
        if let Some(path) = &opts.user_dict {
            load_user_dict(&mut jieba, path)?;
        }
        Ok(Segmenter {
            jieba,
            hmm: opts.hmm,
            stopwords: opts.stopwords.load()?,
        })
    }

    /// The tokens of one sentence, white space dropped (jieba returns spaces as tokens).
    pub fn cut<'a>(&self, sentence: &'a str) -> impl Iterator<Item = &'a str> {
        self.jieba
            .cut(sentence, self.hmm)
            .into_iter()
            .map(|t| t.word)
            // jieba never puts white space and other characters in one token, so the first
            // character tells.
            .filter(|w| !w.chars().next().is_none_or(char::is_whitespace))
    }

    pub fn is_stopword(&self, term: &str) -> bool {
        self.stopwords.contains(term)
    }

    /// Whether jieba's dictionary (with the user dictionary) has the word.
    pub fn has_word(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }
}

/// The canonical vocabulary: every distinct token, ids in code-point order of the terms, so
/// that ordering ids orders terms and every id-based table is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    terms: Vec<Box<str>>,
    kinds: Vec<Kind>,
    counted: Vec<bool>,
    stop: Vec<bool>,
}

impl Vocab {
    /// Build from distinct terms (in any order); returns the vocabulary and, for each input
    /// position, the term's id.
    pub fn from_terms(
        terms: Vec<Box<str>>,
        is_stopword: impl Fn(&str) -> bool,
    ) -> (Vocab, Vec<u32>) {
        let mut order: Vec<u32> = (0..terms.len() as u32).collect();
        order.par_sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
        let mut remap = vec![0u32; terms.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        let mut slots: Vec<Option<Box<str>>> = terms.into_iter().map(Some).collect();
        let sorted: Vec<Box<str>> = order
            .iter()
            .map(|&old| slots[old as usize].take().unwrap_or_default())
            .collect();
        let kinds: Vec<Kind> = sorted.par_iter().map(|t| classify(t)).collect();
        let stop: Vec<bool> = sorted.iter().map(|t| is_stopword(t)).collect();
        let counted = kinds
            .iter()
            .zip(&stop)
            .map(|(k, &s)| k.is_counted() && !s)
            .collect();
        (
            Vocab {
                terms: sorted,
                kinds,
                counted,
                stop,
            },
            remap,
        )
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    pub fn kind(&self, id: u32) -> Kind {
        self.kinds[id as usize]
    }

    /// Counted by the analyses: a word, latin or number token that is not a stopword.
    pub fn is_counted(&self, id: u32) -> bool {
        self.counted[id as usize]
    }

    pub fn is_stopword(&self, id: u32) -> bool {
        self.stop[id as usize]
    }

    /// The id of a term (binary search: ids are in term order).
    pub fn id(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.as_ref().cmp(term))
            .ok()
            .map(|i| i as u32)
    }
}

const SHARDS: usize = 64;

/// A concurrent interner for the parallel pass: workers get provisional ids (first come,
/// first served, so they depend on scheduling); `finish` renumbers them in term order.
/// Sharded by hash, so two workers rarely wait for the same lock.
pub struct Interner {
    shards: Vec<Mutex<FxHashMap<Box<str>, u32>>>,
    next: AtomicU32,
    /// Unique per interner in this process: tags the workers' caches.
    generation: u64,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

impl Default for Interner {
    fn default() -> Self {
        Interner {
            shards: (0..SHARDS)
                .map(|_| Mutex::new(FxHashMap::default()))
                .collect(),
            next: AtomicU32::new(0),
            generation: GENERATION.fetch_add(1, Ordering::Relaxed),
        }
    }
}

thread_local! {
    /// Each worker's cache of the ids it has already been given: most lookups of a common
    /// term then touch no lock and no shared memory. Tagged with the interner's generation,
    /// so a new interner (a new pass) starts a fresh cache.
    static CACHE: std::cell::RefCell<(u64, FxHashMap<Box<str>, u32>)> =
        std::cell::RefCell::new((0, FxHashMap::default()));
}

impl Interner {
    pub fn intern(&self, term: &str) -> u32 {
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 != self.generation {
                *cache = (self.generation, FxHashMap::default());
            }
            if let Some(&id) = cache.1.get(term) {
                return id;
            }
            let id = self.intern_shared(term);
            cache.1.insert(term.into(), id);
            id
        })
    }

    fn intern_shared(&self, term: &str) -> u32 {
        let shard = (FxBuildHasher.hash_one(term) >> 57) as usize % SHARDS;
        // A poisoned lock means another worker panicked; its map is still consistent.
        let mut map = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = map.get(term) {
            return id;
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        map.insert(term.into(), id);
        id
    }

    /// The canonical vocabulary and the map provisional id → canonical id.
    pub fn finish(self, seg: &Segmenter) -> (Vocab, Vec<u32>) {
        let n = self.next.load(Ordering::Relaxed) as usize;
        let mut terms: Vec<Box<str>> = vec![Box::from(""); n];
        for shard in self.shards {
            for (term, id) in shard.into_inner().unwrap_or_else(|e| e.into_inner()) {
                terms[id as usize] = term;
            }
        }
        Vocab::from_terms(terms, |t| seg.is_stopword(t))
    }
}

/// A sentence of an issue; its tokens are `tokens[tokens]` of its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 1-based article number within the issue.
    pub article: u32,
    /// 1-based sentence number within the article.
    pub index: u32,
    pub text: String,
    pub tokens: Range<u32>,
}

/// One issue, segmented, as the parallel pass leaves it: tokens are ids local to the
/// document, `terms` maps them to provisional global ids.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub titles: Vec<String>,
    pub sentences: Vec<Sentence>,
    /// Every non-space token, punctuation and stopwords included, as document-local ids.
    pub tokens: Vec<u32>,
    /// Local id → provisional global id.
    pub terms: Vec<u32>,
    /// Local id → counted (word, latin or number, and not a stopword).
    pub counted: Vec<bool>,
    /// Local id → where the term first occurs: (sentence, byte start, byte end).
    first: Vec<(u32, u32, u32)>,
    /// Han characters after normalisation.
    pub han_chars: u64,
    pub encoding: &'static str,
}

impl Segmented {
    /// The text of a local term.
    pub fn term(&self, local: u32) -> &str {
        let (s, a, b) = self.first[local as usize];
        &self.sentences[s as usize].text[a as usize..b as usize]
    }

    /// Counts of the counted terms, as (local id, count), in local-id order.
    pub fn local_counts(&self) -> Vec<(u32, u64)> {
        let mut c = vec![0u64; self.terms.len()];
        for &t in &self.tokens {
            c[t as usize] += 1;
        }
        c.into_iter()
            .enumerate()
            .filter(|&(l, n)| n > 0 && self.counted[l])
            .map(|(l, n)| (l as u32, n))
            .collect()
    }
}

/// Normalise, structure and segment one issue's text.
pub fn segment_text(
    text: &str,
    encoding: &'static str,
    seg: &Segmenter,
    interner: &Interner,
) -> Segmented {
    let mut titles = Vec::new();
    let mut sentences = Vec::new();
    for article in articles(normalize(text)) {
        let number = titles.len() as u32 + 1;
        for (i, s) in article.sentences().enumerate() {
            sentences.push(Sentence {
                article: number,
                index: i as u32 + 1,
                text: s.to_string(),
                tokens: 0..0,
            });
        }
        titles.push(article.title);
    }
    let mut tokens: Vec<u32> = Vec::with_capacity(text.len() / 4);
    let mut terms = Vec::new();
    let mut counted = Vec::new();
    let mut first = Vec::new();
    let mut ranges = Vec::with_capacity(sentences.len());
    // Han characters are counted per distinct term, then per occurrence: the tokens cover the
    // sentence but for white space, which is never Han.
    let mut han: Vec<u32> = Vec::new();
    let mut han_chars = 0;
    // Keys borrow the sentence texts, which stay put until the map is dropped. Sized for a
    // typical page (a type per ~12 bytes of text) so that it rarely grows.
    let mut local: FxHashMap<&str, u32> =
        FxHashMap::with_capacity_and_hasher(text.len() / 12, Default::default());
    for (si, s) in sentences.iter().enumerate() {
        let start = tokens.len() as u32;
        let base = s.text.as_ptr() as usize;
        for w in seg.cut(&s.text) {
            let id = *local.entry(w).or_insert_with(|| {
                // `w` is a slice of `s.text`: its offset is the pointer difference.
                let a = (w.as_ptr() as usize - base) as u32;
                first.push((si as u32, a, a + w.len() as u32));
                terms.push(interner.intern(w));
                counted.push(classify(w).is_counted() && !seg.is_stopword(w));
                han.push(w.chars().filter(|&c| is_han(c)).count() as u32);
                terms.len() as u32 - 1
            });
            han_chars += u64::from(han[id as usize]);
            tokens.push(id);
        }
        ranges.push(start..tokens.len() as u32);
    }
    drop(local);
    for (s, r) in sentences.iter_mut().zip(ranges) {
        s.tokens = r;
    }
    Segmented {
        titles,
        sentences,
        tokens,
        terms,
        counted,
        first,
        han_chars,
        encoding,
    }
}

/// One issue, segmented, with canonical term ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocTokens {
    pub titles: Vec<String>,
    pub sentences: Vec<Sentence>,
    /// Every non-space token, punctuation and stopwords included, as global term ids.
    pub tokens: Vec<u32>,
    /// Han characters after normalisation.
    pub han_chars: u64,
    pub encoding: &'static str,
}

impl DocTokens {
    pub fn sentence_tokens(&self, s: &Sentence) -> &[u32] {
        &self.tokens[s.tokens.start as usize..s.tokens.end as usize]
    }
}

/// The segmented corpus, aligned with `Corpus::docs`: the compact form of the token table.
#[derive(Debug, Clone, Default)]
pub struct Tokenized {
    pub vocab: Vocab,
    pub docs: Vec<DocTokens>,
}

/// Input bytes segmented per batch: the parallel pass reads, segments and hands over one
/// batch at a time, so memory is bounded by the batch, not the corpus.
const BATCH_BYTES: u64 = 32 << 20;

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
    scan_batched(corpus, seg, interner, progress, BATCH_BYTES, map, consume)
}

/// `scan` with another batch size: a smaller one for results much larger than their input
/// (a row per token).
pub fn scan_batched<T: Send>(
    corpus: &Corpus,
    seg: &Segmenter,
    interner: &Interner,
    progress: &(dyn Fn(u64) + Sync),
    batch_bytes: u64,
    map: impl Fn(usize, Segmented) -> T + Sync,
    mut consume: impl FnMut(usize, T) -> Result<()>,
) -> Result<()> {
    let docs = &corpus.docs;
    let mut start = 0;
    while start < docs.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < docs.len() && (end == start || bytes < batch_bytes) {
            bytes += docs[end].bytes;
            end += 1;
        }
        let results: Vec<Result<T>> = (start..end)
            .into_par_iter()
            .map(|d| {
                let decoded = docs[d].read()?;
                let segmented = segment_text(&decoded.text, decoded.encoding, seg, interner);
                drop(decoded);
                progress(docs[d].bytes);
                Ok(map(d, segmented))
            })
            .collect();
        for (i, r) in results.into_iter().enumerate() {
            consume(start + i, r?)?;
        }
        start = end;
    }
    Ok(())
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
            han_chars: s.han_chars,
            encoding: s.encoding,
        })
        .collect();
    Ok(Tokenized { vocab, docs })
}
