//! `--t2s`: traditional characters folded into simplified ones before segmentation, with
//! OpenCC's tables (the `ferrous-opencc` crate, Apache-2.0, pure Rust; its dictionaries are
//! compiled into the binary: nothing is read at run time).
//!
//! jieba's dictionary is simplified: 核酸檢測 or 發展 in a Hong Kong or Taiwan paper, or an
//! archive from before 1956, would be cut into other tokens and counted apart from 核酸检测
//! and 发展. The conversion is applied to each paragraph right after normalisation (so that a
//! word broken across an OCR line is converted whole, and every span, sentence and token is
//! computed on the converted text), before sentence splitting and jieba, by every command
//! that reads the texts.
//!
//! OpenCC converts left to right, at each position by the longest entry of its phrase table
//! (`TSPhrases`) and character table (`TSCharacters`) together (the phrase table wins a tie),
//! taking the entry's first candidate; characters in neither table pass through unchanged. `tw2s` and `hk2s` first undo the Taiwan or Hong Kong variant forms
//! (`TWVariantsRev`, `HKVariantsRev` and their phrase tables: 著 → 着, 衞 → 卫, which t2s
//! leaves). The conversion is deterministic.
//! It is not the inverse of simplified → traditional: where one simplified character stands for
//! several traditional ones (后 後, 发 發 髮, 干 乾 幹), s2t has to choose, and t2s may fold the
//! choice back to another simplified form than the original (see docs/corpus.md for the forms met
//! on the seeds).

use std::borrow::Cow;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use super::normalize::{Paragraph, normalize};
use crate::error::{Error, Result};

/// The crate release the binary converts with (checked against Cargo.lock by a test).
pub const OPENCC_CRATE_VERSION: &str = "0.4.0";

/// Which OpenCC configuration `--t2s` uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Conversion {
    /// OpenCC `t2s`: traditional (OpenCC standard forms) → simplified.
    #[default]
    T2s,
    /// OpenCC `tw2s`: Taiwan variant forms → simplified.
    Tw2s,
    /// OpenCC `hk2s`: Hong Kong variant forms → simplified.
    Hk2s,
}

impl Conversion {
    /// OpenCC's name of the configuration: `t2s`, `tw2s`, `hk2s`.
    pub fn name(self) -> &'static str {
        match self {
            Conversion::T2s => "t2s",
            Conversion::Tw2s => "tw2s",
            Conversion::Hk2s => "hk2s",
        }
    }

    /// What the manifest records: `OpenCC t2s (ferrous-opencc 0.4.0)`.
    pub fn describe(self) -> String {
        format!(
            "OpenCC {} (ferrous-opencc {OPENCC_CRATE_VERSION})",
            self.name()
        )
    }

    fn config(self) -> BuiltinConfig {
        match self {
            Conversion::T2s => BuiltinConfig::T2s,
            Conversion::Tw2s => BuiltinConfig::Tw2s,
            Conversion::Hk2s => BuiltinConfig::Hk2s,
        }
    }
}

/// An OpenCC converter, built once (its tables are checked and loaded) and shared by
/// reference across workers (it is `Sync`).
pub struct Converter {
    opencc: OpenCC,
    conversion: Conversion,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter")
            .field("conversion", &self.conversion)
            .finish()
    }
}

impl Converter {
    pub fn new(conversion: Conversion) -> Result<Self> {
        let opencc = OpenCC::from_config(conversion.config()).map_err(|e| {
            Error::usage(format!(
                "--t2s={}: the OpenCC tables did not load: {e}",
                conversion.name()
            ))
        })?;
        Ok(Converter { opencc, conversion })
    }

    pub fn conversion(&self) -> Conversion {
        self.conversion
    }

    /// The text converted; borrowed when nothing changed.
    pub fn convert<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let out = self.opencc.convert(text);
        if out == text {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(out)
        }
    }
}

/// `normalize`, then each paragraph converted when a converter is given: the paragraphs every
/// command that reads texts works on.
pub fn normalize_converted(raw: &str, converter: Option<&Converter>) -> Vec<Paragraph> {
    let mut paras = normalize(raw);
    if let Some(c) = converter {
        for p in &mut paras {
            if let Cow::Owned(s) = c.convert(&p.text) {
                p.text = s;
            }
        }
    }
    paras
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_of_the_issue_become_simplified() {
        let c = Converter::new(Conversion::T2s).unwrap();
        assert_eq!(
            c.convert("核酸檢測、發展、疫情防控"),
            "核酸检测、发展、疫情防控"
        );
        // Already simplified, Latin, digits and punctuation: unchanged, and borrowed.
        let same = "太原市开展核酸检测 PCR 2022年，９５%。";
        assert!(matches!(c.convert(same), Cow::Borrowed(s) if s == same));
    }

    #[test]
    fn phrases_decide_one_to_many_characters() {
        // 乾 is 干 in 乾燥 but stays 乾 in 乾隆 (TSPhrases); 後 → 后, 髮 → 发, 幹 → 干.
        let c = Converter::new(Conversion::T2s).unwrap();
        assert_eq!(c.convert("乾燥"), "干燥");
        assert_eq!(c.convert("乾隆"), "乾隆");
        assert_eq!(c.convert("之後頭髮幹部"), "之后头发干部");
    }

    #[test]
    fn taiwan_and_hong_kong_variants() {
        // Taiwan's 著 (for 着) and Hong Kong's 衞 (for 衛) are left alone by t2s, folded by
        // tw2s and hk2s.
        let conv = |c: Conversion, t: &str| Converter::new(c).unwrap().convert(t).into_owned();
        assert_eq!(conv(Conversion::T2s, "看著保衞"), "看著保衞");
        assert_eq!(conv(Conversion::Tw2s, "看著"), "看着");
        assert_eq!(conv(Conversion::Hk2s, "保衞"), "保卫");
    }

    #[test]
    fn paragraphs_are_converted_after_normalisation() {
        // The OCR break inside 乾\n隆 is joined first (the paragraph is prose and ends
        // mid-sentence), then the word is converted whole: 乾 alone would become 干.
        let c = Converter::new(Conversion::T2s).unwrap();
        assert_eq!(c.convert("乾"), "干");
        let raw = "清朝的皇帝，有康熙和乾\n隆，發展經濟。\n";
        let paras = normalize_converted(raw, Some(&c));
        assert_eq!(paras.len(), 1);
        assert_eq!(paras[0].text, "清朝的皇帝，有康熙和乾隆，发展经济。");
        assert_eq!(
            normalize_converted(raw, None)[0].text,
            "清朝的皇帝，有康熙和乾隆，發展經濟。"
        );
    }

    #[test]
    fn the_recorded_crate_version_is_the_one_built() {
        let lock =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
        let at = lock
            .find("name = \"ferrous-opencc\"\nversion = \"")
            .unwrap();
        let version = lock[at..].split('"').nth(3).unwrap();
        assert_eq!(version, OPENCC_CRATE_VERSION, "update OPENCC_CRATE_VERSION");
    }
}
