//! Segmentation with jieba-rs, token kinds, stopwords, and the parallel pass that turns a
//! corpus into interned token sequences (the compact form of the token table, SPEC §3).
//!
//! Speed matters here (a year of a newspaper is 50–100 MB): one `Jieba` is shared by reference
//! across rayon workers, each article is cut on its own worker into a local vocabulary, and the
//! local ids are mapped to global ids in document order afterwards. Because that merge is
//! sequential and ordered, term ids — and so every table built from them — are the same for
//! any number of threads.

use std::ops::Range;
use std::path::{Path, PathBuf};

use jieba_rs::Jieba;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

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

    fn load(&self) -> Result<FxHashSet<String>> {
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
    pub fn cut<'a>(&self, sentence: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(sentence, self.hmm)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| !w.chars().all(char::is_whitespace))
            .collect()
    }

    pub fn is_stopword(&self, term: &str) -> bool {
        self.stopwords.contains(term)
    }

    /// Whether jieba's dictionary (with the user dictionary) has the word.
    pub fn has_word(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }
}

/// Interned terms. Ids are dense, in order of first appearance in the corpus.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    terms: Vec<Box<str>>,
    kinds: Vec<Kind>,
    counted: Vec<bool>,
    stop: Vec<bool>,
    index: FxHashMap<Box<str>, u32>,
}

impl Vocab {
    fn intern(&mut self, term: &str, seg: &Segmenter) -> u32 {
        if let Some(&id) = self.index.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        let kind = classify(term);
        let stop = seg.is_stopword(term);
        self.terms.push(term.into());
        self.kinds.push(kind);
        self.counted.push(kind.is_counted() && !stop);
        self.stop.push(stop);
        self.index.insert(term.into(), id);
        id
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

    pub fn id(&self, term: &str) -> Option<u32> {
        self.index.get(term).copied()
    }
}

/// A sentence of an issue; its tokens are `DocTokens::tokens[tokens]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 1-based article number within the issue.
    pub article: u32,
    /// 1-based sentence number within the article.
    pub index: u32,
    pub text: String,
    pub tokens: Range<u32>,
}

/// One issue, segmented.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocTokens {
    pub titles: Vec<String>,
    pub sentences: Vec<Sentence>,
    /// Every non-space token, punctuation and stopwords included, as global term ids.
    pub tokens: Vec<u32>,
    /// Han characters after normalisation.
    pub han_chars: u64,
}

impl DocTokens {
    pub fn sentence_tokens(&self, s: &Sentence) -> &[u32] {
        &self.tokens[s.tokens.start as usize..s.tokens.end as usize]
    }
}

/// The segmented corpus, aligned with `Corpus::docs`.
#[derive(Debug, Clone, Default)]
pub struct Tokenized {
    pub vocab: Vocab,
    pub docs: Vec<DocTokens>,
}

struct LocalArticle {
    sentences: Vec<(String, Vec<u32>)>,
    terms: Vec<String>,
}

fn cut_article(seg: &Segmenter, sentences: Vec<String>) -> LocalArticle {
    let mut index: FxHashMap<&str, u32> = FxHashMap::default();
    let mut terms: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(sentences.len());
    for text in &sentences {
        let ids = seg
            .cut(text)
            .into_iter()
            .map(|w| {
                *index.entry(w).or_insert_with(|| {
                    terms.push(w.to_string());
                    (terms.len() - 1) as u32
                })
            })
            .collect::<Vec<u32>>();
        out.push(ids);
    }
    drop(index);
    LocalArticle {
        sentences: sentences.into_iter().zip(out).collect(),
        terms,
    }
}

/// Normalise, structure and segment every issue. `progress` is called with the number of
/// input bytes done, from worker threads.
pub fn tokenize(corpus: &Corpus, seg: &Segmenter, progress: &(dyn Fn(u64) + Sync)) -> Tokenized {
    // Normalise and split into articles and sentences, one issue per task.
    let structured: Vec<Vec<(String, Vec<String>)>> = corpus
        .docs
        .par_iter()
        .map(|doc| {
            articles(normalize(&doc.text))
                .into_iter()
                .map(|a| {
                    let sentences = a.sentences().map(str::to_string).collect();
                    (a.title, sentences)
                })
                .collect()
        })
        .collect();
    // Cut every article in parallel, each into its own local vocabulary.
    let units: Vec<(usize, String, Vec<String>, u64)> = structured
        .into_iter()
        .enumerate()
        .flat_map(|(d, arts)| {
            let total: usize = arts
                .iter()
                .flat_map(|a| &a.1)
                .map(String::len)
                .sum::<usize>()
                .max(1);
            let bytes = corpus.docs[d].bytes;
            arts.into_iter().map(move |(title, s)| {
                let share = s.iter().map(String::len).sum::<usize>() as u64 * bytes / total as u64;
                (d, title, s, share)
            })
        })
        .collect();
    let cut: Vec<(usize, String, LocalArticle)> = units
        .into_par_iter()
        .map(|(d, title, sentences, share)| {
            let local = cut_article(seg, sentences);
            progress(share);
            (d, title, local)
        })
        .collect();
    // Merge in document order so that global ids do not depend on scheduling.
    let mut vocab = Vocab::default();
    let mut docs: Vec<DocTokens> = vec![DocTokens::default(); corpus.docs.len()];
    for (d, title, local) in cut {
        let map: Vec<u32> = local.terms.iter().map(|t| vocab.intern(t, seg)).collect();
        let doc = &mut docs[d];
        doc.titles.push(title);
        let article = doc.titles.len() as u32;
        for (i, (text, ids)) in local.sentences.into_iter().enumerate() {
            let start = doc.tokens.len() as u32;
            doc.tokens.extend(ids.iter().map(|&l| map[l as usize]));
            doc.han_chars += text.chars().filter(|&c| is_han(c)).count() as u64;
            doc.sentences.push(Sentence {
                article,
                index: i as u32 + 1,
                text,
                tokens: start..doc.tokens.len() as u32,
            });
        }
    }
    Tokenized { vocab, docs }
}
