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

/// Whether the first character is white space (an empty string counts as white space),
/// deciding most tokens on their first byte: white space outside ASCII starts with byte C2
/// (U+0085, U+00A0), E1 (U+1680), E2 (U+2000–U+205F) or E3 (U+3000).
#[inline]
fn starts_with_whitespace(w: &str) -> bool {
    match w.as_bytes().first() {
        None => true,
        Some(&b) if b < 0x80 => b.is_ascii_whitespace() || b == 0x0B,
        Some(0xC2 | 0xE1 | 0xE2 | 0xE3) => w.chars().next().is_some_and(char::is_whitespace),
        Some(_) => false,
    }
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
            .filter(|w| !starts_with_whitespace(w))
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

/// A term of at most 15 bytes packed with its length into one integer, so that the per-token
/// lookup hashes and compares an integer instead of hashing a string and calling memcmp. Most
/// Chinese words are 1–5 characters (3–15 bytes); longer terms take the string map.
#[inline]
fn pack(term: &str) -> Option<u128> {
    let b = term.as_bytes();
    let n = b.len();
    let r8 = |i: usize| {
        u64::from_le_bytes([
            b[i],
            b[i + 1],
            b[i + 2],
            b[i + 3],
            b[i + 4],
            b[i + 5],
            b[i + 6],
            b[i + 7],
        ])
    };
    let r4 = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    // The bytes little-endian from bit 0, zero-padded, the length in the top byte: built from
    // overlapping loads rather than a copy into a buffer (whose reload would stall).
    let (lo, hi) = match n {
        0..=3 => (
            b.iter().rev().fold(0u64, |acc, &x| acc << 8 | u64::from(x)),
            0,
        ),
        4..=7 => {
            let tail = if n > 4 { r4(n - 4) >> (8 * (8 - n)) } else { 0 };
            (u64::from(r4(0)) | u64::from(tail) << 32, 0)
        }
        8..=15 => (
            r8(0),
            if n > 8 {
                r8(n - 8) >> (8 * (16 - n))
            } else {
                0
            },
        ),
        _ => return None,
    };
    Some(u128::from(lo) | u128::from(hi | (n as u64) << 56) << 64)
}

/// A term as a worker knows it: its provisional id, what segmentation needs to know of it
/// (worked out once per worker), and its id local to the document being segmented. Kept in
/// the lookup tables themselves, so that a token touches one place: with the slots in an array
/// of their own, a term new to a document cost one more cache miss (jieba's dictionary walk
/// leaves little of these tables in the cache).
#[derive(Debug, Clone, Copy)]
struct TermSlot {
    id: u32,
    /// Valid when `doc` is the document being segmented (`WorkerCache::doc`): no table needs
    /// clearing between documents.
    local: u32,
    doc: u32,
    han: u32,
    kind: Kind,
    counted: bool,
    /// Whether `han`, `kind` and `counted` are set.
    known: bool,
}

impl TermSlot {
    fn new(id: u32) -> Self {
        TermSlot {
            id,
            local: 0,
            doc: NO_DOC,
            han: 0,
            kind: Kind::Symbol,
            counted: false,
            known: false,
        }
    }
}

/// No document yet (in `TermSlot::doc`).
const NO_DOC: u32 = 0;

/// No provisional id yet (a character `WorkerCache::single` has not seen).
const NO_ID: u32 = u32::MAX;

/// Each worker's cache of the ids it has been given, with each term's kind: most lookups of
/// a common term then touch no lock, no shared memory and no string comparison. Tagged with
/// the interner's generation, so a new interner (a new pass) starts afresh.
#[derive(Default)]
struct WorkerCache {
    generation: u64,
    /// Terms of one 3-byte character (most Han characters and CJK punctuation, the commonest
    /// tokens of all), by code point: an index, no hashing. A slot whose id is NO_ID is a
    /// character not seen yet. Filled by `reset_for`, so the token loop never checks for it.
    single: Vec<TermSlot>,
    short: FxHashMap<u128, TermSlot>,
    /// Terms too long to pack (rare): index into `long_slots`.
    long: FxHashMap<Box<str>, u32>,
    long_slots: Vec<TermSlot>,
    /// The stamp of the document being segmented (1, 2, …).
    doc: u32,
}

impl WorkerCache {
    fn reset_for(&mut self, interner: &Interner) {
        if self.generation != interner.generation {
            *self = WorkerCache {
                generation: interner.generation,
                single: vec![TermSlot::new(NO_ID); 0x1_0000],
                ..WorkerCache::default()
            };
        }
    }

    /// A stamp for a new document; after 2³² − 1 documents the slots forget theirs.
    fn next_doc(&mut self) -> u32 {
        if self.doc == u32::MAX {
            let forget = |s: &mut TermSlot| s.doc = NO_DOC;
            self.single.iter_mut().for_each(forget);
            self.short.values_mut().for_each(forget);
            self.long_slots.iter_mut().for_each(forget);
            self.doc = NO_DOC;
        }
        self.doc += 1;
        self.doc
    }

    /// The term's slot, with its provisional id (from the interner on first sight). Inlined
    /// into the token loop: as a call, its register saves were a tenth of its instructions.
    #[inline(always)]
    fn slot(&mut self, term: &str, interner: &Interner) -> &mut TermSlot {
        let b = term.as_bytes();
        // Three bytes led by E0–EF are one character U+0800–U+FFFF (the text is valid UTF-8).
        if b.len() == 3 && b[0] >= 0xE0 {
            let cp = (usize::from(b[0] & 0x0F) << 12)
                | (usize::from(b[1] & 0x3F) << 6)
                | usize::from(b[2] & 0x3F);
            if let Some(slot) = self.single.get_mut(cp) {
                if slot.id == NO_ID {
                    slot.id = interner.intern_shared(term);
                }
                return slot;
            }
        }
        match pack(term) {
            Some(key) => self
                .short
                .entry(key)
                .or_insert_with(|| TermSlot::new(interner.intern_shared(term))),
            None => {
                let i = match self.long.get(term) {
                    Some(&i) => i as usize,
                    None => {
                        let i = self.long_slots.len();
                        self.long_slots
                            .push(TermSlot::new(interner.intern_shared(term)));
                        self.long.insert(term.into(), i as u32);
                        i
                    }
                };
                &mut self.long_slots[i]
            }
        }
    }

    /// The term's slot, filled in.
    #[inline(always)]
    fn term(&mut self, term: &str, interner: &Interner, seg: &Segmenter) -> &mut TermSlot {
        let slot = self.slot(term, interner);
        if !slot.known {
            let kind = classify(term);
            slot.kind = kind;
            slot.counted = kind.is_counted() && !seg.is_stopword(term);
            slot.han = term.chars().filter(|&c| is_han(c)).count() as u32;
            slot.known = true;
        }
        slot
    }
}

thread_local! {
    static CACHE: std::cell::RefCell<WorkerCache> = std::cell::RefCell::new(WorkerCache::default());
}

impl Interner {
    pub fn intern(&self, term: &str) -> u32 {
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            cache.reset_for(self);
            cache.slot(term, self).id
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
    /// Where its text is in its document's `text`.
    pub span: Range<u32>,
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
    /// Local id → the term's kind.
    pub kinds: Vec<Kind>,
    /// Local id → occurrences in the document (every local id occurs: at least 1).
    pub counts: Vec<u32>,
    /// Local id → where the term first occurs in `text`: (byte start, byte end).
    first: Vec<(u32, u32)>,
    /// The normalised sentences, one after another (each sentence's `span` says where): one
    /// buffer, not a string per sentence.
    pub text: String,
    /// Han characters after normalisation.
    pub han_chars: u64,
    pub encoding: &'static str,
}

impl Segmented {
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

/// Normalise, structure and segment one issue's text.
pub fn segment_text(
    text: &str,
    encoding: &'static str,
    seg: &Segmenter,
    interner: &Interner,
) -> Segmented {
    let mut titles = Vec::new();
    let mut sentences = Vec::new();
    let mut all = String::with_capacity(text.len());
    for article in articles(normalize(text)) {
        let number = titles.len() as u32 + 1;
        for (i, s) in article.sentences().enumerate() {
            let start = all.len() as u32;
            all.push_str(s);
            sentences.push(Sentence {
                article: number,
                index: i as u32 + 1,
                span: start..all.len() as u32,
                tokens: 0..0,
            });
        }
        titles.push(article.title);
    }
    let mut tokens: Vec<u32> = Vec::with_capacity(text.len() / 4);
    // A page of newspaper text has about one distinct term per 16 bytes: room for most pages'
    // terms without growing.
    let distinct = text.len() / 16;
    let mut terms = Vec::with_capacity(distinct);
    let mut counted = Vec::with_capacity(distinct);
    let mut kinds = Vec::with_capacity(distinct);
    let mut first = Vec::with_capacity(distinct);
    let mut counts: Vec<u32> = Vec::with_capacity(distinct);
    let mut ranges = Vec::with_capacity(sentences.len());
    // Han characters are counted per distinct term, then per occurrence: the tokens cover the
    // sentence but for white space, which is never Han.
    let mut han_chars = 0;
    // Each sentence's tokens are looked up as it is cut, while they and its text are in the
    // cache. (Cutting a whole issue first and then looking up saved nothing: cachegrind counts
    // fewer misses this way, as jieba's walk had evicted the token list by the lookup.)
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let cache = &mut *cache;
        cache.reset_for(interner);
        let doc = cache.next_doc();
        let base = all.as_ptr() as usize;
        for s in &sentences {
            let start = tokens.len() as u32;
            for w in seg.cut(&all[s.span.start as usize..s.span.end as usize]) {
                let slot = cache.term(w, interner, seg);
                if slot.doc != doc {
                    slot.doc = doc;
                    slot.local = terms.len() as u32;
                    // `w` is a slice of `all`: its offset is the pointer difference.
                    let a = (w.as_ptr() as usize - base) as u32;
                    first.push((a, a + w.len() as u32));
                    terms.push(slot.id);
                    counted.push(slot.counted);
                    kinds.push(slot.kind);
                    counts.push(0);
                }
                han_chars += u64::from(slot.han);
                counts[slot.local as usize] += 1;
                tokens.push(slot.local);
            }
            ranges.push(start..tokens.len() as u32);
        }
    });
    for (s, r) in sentences.iter_mut().zip(ranges) {
        s.tokens = r;
    }
    Segmented {
        titles,
        sentences,
        tokens,
        terms,
        counted,
        kinds,
        counts,
        first,
        text: all,
        han_chars,
        encoding,
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
}

impl DocTokens {
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
///
/// Batches are segmented on the rayon pool from a producer thread while this thread consumes
/// the batch before, so that a slow consumer (a Parquet writer) overlaps segmentation instead
/// of leaving the cores idle. At most two batches of results wait at any time.
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
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Vec<Result<T>>)>(1);
    std::thread::scope(|scope| {
        let map = &map;
        scope.spawn(move || {
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
                        let segmented =
                            segment_text(&decoded.text, decoded.encoding, seg, interner);
                        drop(decoded);
                        progress(docs[d].bytes);
                        Ok(map(d, segmented))
                    })
                    .collect();
                let failed = results.iter().any(Result::is_err);
                // The consumer hung up (it failed): stop.
                if tx.send((start, results)).is_err() || failed {
                    return;
                }
                start = end;
            }
        });
        // Receiving ends when the producer is done (or stopped) and drops its sender; a
        // consumer error drops the receiver, which stops the producer at its next batch.
        for (start, results) in rx {
            for (i, r) in results.into_iter().enumerate() {
                consume(start + i, r?)?;
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
        })
        .collect();
    Ok(Tokenized { vocab, docs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_ids_name_their_terms_whatever_the_lookup_path() {
        // One-character terms (the code-point table), short terms (packed keys) and long ones
        // (the string map), each interned twice: the same id each time, one per term, and the
        // vocabulary gives the term back.
        let mut terms: Vec<String> = (0x20u32..0x1_0000)
            .step_by(3)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        terms.extend(
            [
                "abc",
                "é",
                "éa",
                "核酸",
                "核酸检测",
                "疫情防控工作领导小组",
                "COVID-19-2022-11-20",
            ]
            .map(String::from),
        );
        let interner = Interner::default();
        let first: Vec<u32> = terms.iter().map(|t| interner.intern(t)).collect();
        let again: Vec<u32> = terms.iter().map(|t| interner.intern(t)).collect();
        assert_eq!(first, again);
        let distinct: std::collections::HashSet<u32> = first.iter().copied().collect();
        let distinct_terms: std::collections::HashSet<&String> = terms.iter().collect();
        assert_eq!(distinct.len(), distinct_terms.len());
        assert!(distinct.len() > 20_000);
        let seg = Segmenter::new(&SegmenterOptions::default()).unwrap();
        let (vocab, remap) = interner.finish(&seg);
        for (t, id) in terms.iter().zip(first) {
            assert_eq!(vocab.term(remap[id as usize]), t);
        }
    }

    #[test]
    fn document_stamps_wrap_without_mixing_documents() {
        // Local ids are valid by the document's stamp. When the stamps run out they start
        // again at 1, and the slots must forget theirs: else a term last seen in document 1
        // would look already numbered in the new document 1.
        let seg = Segmenter::new(&SegmenterOptions::default()).unwrap();
        let interner = Interner::default();
        let text = "核酸检测，疫情防控。党员先锋冲在前。";
        let other = "社区核酸检测点。";
        let first = segment_text(text, "UTF-8", &seg, &interner);
        segment_text(other, "UTF-8", &seg, &interner);
        CACHE.with(|c| c.borrow_mut().doc = u32::MAX - 1);
        let last = segment_text(other, "UTF-8", &seg, &interner);
        let wrapped = segment_text(text, "UTF-8", &seg, &interner);
        assert_eq!(CACHE.with(|c| c.borrow().doc), 1);
        for s in [&last, &wrapped] {
            let n = s.terms.len() as u32;
            assert!(s.tokens.iter().all(|&t| t < n));
        }
        assert_eq!(wrapped.tokens, first.tokens);
        assert_eq!(wrapped.terms, first.terms);
        assert_eq!(first.tokens.len(), 12);
    }

    #[test]
    fn the_whitespace_check_agrees_with_the_standard_library() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let w = format!("{c}x");
            assert_eq!(
                starts_with_whitespace(&w),
                c.is_whitespace(),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(starts_with_whitespace(""));
    }

    #[test]
    fn pack_is_the_zero_padded_bytes_with_the_length() {
        let reference = |t: &str| {
            let mut buf = [0u8; 16];
            buf[..t.len()].copy_from_slice(t.as_bytes());
            buf[15] = t.len() as u8;
            u128::from_le_bytes(buf)
        };
        let text = "a核酸检测ab12345678901234567疫情防控工作领导小组";
        let mut keys = std::collections::HashSet::new();
        let mut strings = std::collections::HashSet::new();
        for (i, _) in text.char_indices() {
            for (j, _) in text[i..].char_indices().skip(1) {
                let t = &text[i..i + j];
                match pack(t) {
                    Some(k) => {
                        assert_eq!(k, reference(t), "{t}");
                        keys.insert(k);
                        strings.insert(t);
                    }
                    None => assert!(t.len() > 15, "{t}"),
                }
            }
        }
        // Every length from 1 to 15 bytes occurs, and distinct strings get distinct keys.
        assert_eq!(keys.len(), strings.len());
        assert!(strings.len() > 100);
        assert_eq!(pack(""), Some(0));
        assert_eq!(pack("的"), Some(reference("的")));
        assert_eq!(pack("1234567890123456"), None);
    }
}
