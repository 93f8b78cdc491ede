//! The jieba segmenter with its options: HMM, the user dictionary and stopwords.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use jieba_rs::Jieba;
use rustc_hash::FxHashSet;

use crate::corpus::convert::{Conversion, Converter};
use crate::corpus::decode::decode;
use crate::error::{Error, Result};

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

/// The largest frequency a user dictionary may give: jieba adds frequencies up into a machine
/// word (a larger one overflowed it, and `suggest_freq` after it), and its own dictionary's
/// largest is 318,825 (的) in a total of 60 million, so a billion keeps any word whole.
pub const MAX_USER_FREQ: usize = 1_000_000_000;

/// jieba's user-dictionary format, `word [freq] [tag]` per line, read as Python jieba's
/// `load_userdict` does: a word without a frequency gets `suggest_freq`, enough to keep it
/// whole (jieba-rs' own `load_dict` would give it 0, and it would never be chosen). Decoding
/// first makes a BOM, CRLF or a GB18030 file harmless.
fn load_user_dict(jieba: &mut Jieba, path: &Path) -> Result<()> {
    let text = read_text(path)?;
    for (n, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else { continue };
        let bad = |why: &str| {
            Error::input(
                path,
                format!(
                    "line {}: frequency {why} (format: word [freq] [tag])",
                    n + 1
                ),
            )
        };
        let freq = match fields.next() {
            None => None,
            Some(f) => match f.parse::<usize>() {
                Ok(freq) if freq <= MAX_USER_FREQ => Some(freq),
                Ok(_) => return Err(bad(&format!("`{f}` is larger than {MAX_USER_FREQ}"))),
                Err(_) => return Err(bad(&format!("`{f}` is not a whole number"))),
            },
        };
        jieba.add_word(word, freq, fields.next());
    }
    Ok(())
}

/// Segmenter settings: the flags `--hmm`, `--user-dict`, `--stopwords`, `--t2s`.
#[derive(Debug, Clone, Default)]
pub struct SegmenterOptions {
    pub hmm: bool,
    pub user_dict: Option<PathBuf>,
    pub stopwords: Stopwords,
    /// Convert traditional characters to simplified (OpenCC) before segmentation.
    pub t2s: Option<Conversion>,
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

/// One jieba instance with its options (and the `--t2s` converter), shared by all workers.
pub struct Segmenter {
    jieba: Jieba,
    hmm: bool,
    stopwords: FxHashSet<String>,
    converter: Option<Converter>,
}

impl Segmenter {
    pub fn new(opts: &SegmenterOptions) -> Result<Self> {
        Self::with_dictionary(Jieba::new(), opts)
    }

    /// A segmenter on another dictionary than jieba's own (`Jieba::empty()` with a few words:
    /// tests and fuzzing, where loading the full one for every case would dominate).
    pub fn with_dictionary(mut jieba: Jieba, opts: &SegmenterOptions) -> Result<Self> {
        if let Some(path) = &opts.user_dict {
            load_user_dict(&mut jieba, path)?;
        }
        Ok(Segmenter {
            jieba,
            hmm: opts.hmm,
            stopwords: opts.stopwords.load()?,
            converter: opts.t2s.map(Converter::new).transpose()?,
        })
    }

    /// The `--t2s` converter, applied to each paragraph before sentences are split.
    pub fn converter(&self) -> Option<&Converter> {
        self.converter.as_ref()
    }

    /// A term asked for by name (`trend 發展`) as the text reads with `--t2s` (发展); the
    /// term as it is without.
    pub fn query<'a>(&self, term: &'a str) -> Cow<'a, str> {
        match &self.converter {
            Some(c) => c.convert(term),
            None => Cow::Borrowed(term),
        }
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

    /// The frequency that makes jieba keep `word` whole (jieba's `suggest_freq`), for a user
    /// dictionary.
    pub fn suggest_freq(&self, word: &str) -> usize {
        self.jieba.suggest_freq(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A segmenter on an empty dictionary with `dict` as its user dictionary.
    fn with_user_dict(dict: &str) -> Result<Segmenter> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dict.txt");
        std::fs::write(&path, dict).unwrap();
        let opts = SegmenterOptions {
            user_dict: Some(path),
            ..Default::default()
        };
        Segmenter::with_dictionary(Jieba::empty(), &opts)
    }

    /// Found while writing the fuzz harness (`scripts/fuzz userdict`): jieba adds the
    /// frequencies up in a `usize`, so `核酸检测 18446744073709551615` overflowed it (a panic in
    /// a debug build, a wrong total and so a wrong segmentation in a release build).
    #[test]
    fn fuzz_user_dict_frequency_overflow() {
        let err = with_user_dict("核酸检测 18446744073709551615\n核酸检测\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.ends_with(
                "dict.txt: line 1: frequency `18446744073709551615` is larger than 1000000000 \
                 (format: word [freq] [tag])"
            ),
            "{err}"
        );
        let err = with_user_dict("党员\n核酸检测 1e3 n\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.ends_with(
                "line 2: frequency `1e3` is not a whole number (format: word [freq] [tag])"
            ),
            "{err}"
        );
        // The largest frequency allowed works, and keeps the word whole.
        let seg = with_user_dict("核酸检测 1000000000 n\n核酸\n检测 5\n").unwrap();
        assert_eq!(
            seg.cut("做核酸检测").collect::<Vec<_>>(),
            ["做", "核酸检测"]
        );
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
}
