//! `manifest.json`: how the report was made, so that a reader can check and repeat it: the
//! tool and segmenter versions, SHA-256 of the dictionary, the user dictionary and the
//! stopword list in use, the options, each input file with its SHA-256, size and encoding,
//! every file written with its rows and columns, and timings (the only part that varies
//! between runs).

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::ReportOptions;
use crate::corpus::Corpus;
use crate::corpus::load::METADATA_FILE;
use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::tokenize::Stopwords;

/// The jieba-rs release the binary is built with (checked against Cargo.lock by a test).
pub const JIEBA_VERSION: &str = "0.11.0";
/// SHA-256 of that release's built-in dictionary, `src/data/dict.txt` (349,045 words).
/// jieba-rs keeps the text private, so it is hashed once here; the test that checks
/// `JIEBA_VERSION` says how to recompute it when jieba-rs is upgraded.
pub const JIEBA_DICT_SHA256: &str =
    "139519822fe8ab9e10d9d07e68ea0451045380aedaf54ecc51e2a28c6b42a13f";

#[derive(Debug, Serialize)]
pub struct OutputFile {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
}

impl OutputFile {
    pub fn table(file: &str, df: &polars::prelude::DataFrame) -> Self {
        OutputFile {
            file: file.to_string(),
            rows: Some(df.height()),
            columns: df
                .get_column_names()
                .iter()
                .map(|c| c.to_string())
                .collect(),
        }
    }

    pub fn other(file: &str) -> Self {
        OutputFile {
            file: file.to_string(),
            rows: None,
            columns: Vec::new(),
        }
    }
}

#[derive(Debug, Serialize)]
struct InputFile {
    file: String,
    bytes: u64,
    sha256: String,
    encoding: &'static str,
}

pub struct ManifestInput<'a> {
    pub corpus: &'a Corpus,
    pub opts: &'a ReportOptions,
    pub encodings: &'a [&'static str],
    /// Each input's SHA-256 as the pass took it while reading (`None`: read it again).
    pub digests: &'a [Option<[u8; 32]>],
    pub files: &'a [OutputFile],
    pub counted_tokens: u64,
    /// Distinct counted terms (the rows of `freq.csv`, the page's figure).
    pub types: usize,
    /// What the report compared and tracked, as the commands that reproduce it take it.
    pub analyses: serde_json::Value,
    pub timings: serde_json::Value,
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn file_sha256(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(hex(&Sha256::digest(&bytes)))
}

/// A file the run read besides the texts (metadata, user dictionary, stopword list): its
/// path as given, size and SHA-256.
fn file_entry(path: &std::path::Path) -> Result<serde_json::Value> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(serde_json::json!({
        "file": path.display().to_string(),
        "bytes": bytes.len(),
        "sha256": hex(&Sha256::digest(&bytes)),
    }))
}

pub fn write(m: &ManifestInput<'_>) -> Result<()> {
    let corpus = m.corpus;
    let opts = m.opts;
    let inputs = corpus
        .docs
        .par_iter()
        .zip(m.encodings)
        .zip(m.digests)
        .map(|((doc, &encoding), digest)| {
            let bytes = match &doc.text {
                Some(t) => t.len() as u64,
                None => doc.bytes,
            };
            let sha256 = match digest {
                Some(d) => hex(d),
                None => file_sha256(&doc.path)?,
            };
            Ok(InputFile {
                file: doc.rel_path.clone(),
                bytes,
                sha256,
                encoding,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let stopwords = match &opts.segmenter.stopwords {
        Stopwords::None => serde_json::Value::Null,
        Stopwords::Zh => serde_json::json!({
            "list": "zh (stopwords-iso, from the stop-words crate)",
            "sha256": hex(&Sha256::digest(sorted_lines(&Stopwords::Zh.load()?).as_bytes())),
        }),
        Stopwords::File(p) => file_entry(p)?,
    };
    let user_dict = match &opts.segmenter.user_dict {
        Some(p) => file_entry(p)?,
        None => serde_json::Value::Null,
    };
    // The metadata file decides every group and date: named with its hash, relative to the
    // corpus (as the inputs are).
    let metadata = match corpus.metadata_path() {
        Some(p) => {
            let mut e = file_entry(&p)?;
            e["file"] = serde_json::Value::from(METADATA_FILE);
            e
        }
        None => serde_json::Value::Null,
    };
    let manifest = serde_json::json!({
        "tool": "zhcorpus",
        "version": env!("CARGO_PKG_VERSION"),
        // As a POSIX shell command line: each argument one shell word (output::shell).
        "command": crate::output::shell::join(
            std::iter::once("zhcorpus").chain(opts.command_line.iter().map(String::as_str))
        ),
        "segmenter": {
            "name": "jieba-rs",
            "version": JIEBA_VERSION,
            "dictionary": "jieba-rs built-in dict.txt",
            "dictionary_sha256": JIEBA_DICT_SHA256,
            "hmm": opts.segmenter.hmm,
            "user_dict": user_dict,
        },
        "options": {
            "stopwords": stopwords,
            "conversion": opts.segmenter.t2s.map(|c| c.describe()),
            "ngram_sizes": opts.ngram_sizes,
            "ngram_min_count": opts.ngram_min_count,
            "track": opts.track,
            "bom": opts.write.bom,
            "chart_size": format!("{}x{}", opts.chart_size.width, opts.chart_size.height),
        },
        "corpus": {
            "name": corpus.name,
            "issues": corpus.docs.len(),
            "metadata_columns": corpus.meta_columns,
            "follow_links": corpus.walk.follow_links,
            "metadata": metadata,
            "counted_tokens": m.counted_tokens,
            "types": m.types,
        },
        "inputs": inputs,
        "outputs": m.files,
        "timings_seconds": m.timings,
    });
    // What each analysis compared, tracked or kept: `keyness`, `trend`, `kwic`, ... at the top.
    let mut manifest = manifest;
    if let (Some(all), Some(analyses)) = (manifest.as_object_mut(), m.analyses.as_object()) {
        for (k, v) in analyses {
            all.insert(k.clone(), v.clone());
        }
    }
    let path = opts.out_dir.join("manifest.json");
    let mut json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| Error::input(&path, e.to_string()))?;
    json.push(b'\n');
    write_atomic(&path, &json)
}

/// A word list as sorted lines, so that its hash does not depend on set order.
fn sorted_lines(words: &rustc_hash::FxHashSet<String>) -> String {
    let mut w: Vec<&str> = words.iter().map(String::as_str).collect();
    w.sort_unstable();
    w.iter().map(|x| format!("{x}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_jieba_version_is_the_one_built() {
        let lock =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
        let at = lock.find("name = \"jieba-rs\"\nversion = \"").unwrap();
        let version = lock[at..].split('"').nth(3).unwrap();
        assert_eq!(
            version, JIEBA_VERSION,
            "jieba-rs was upgraded: set JIEBA_VERSION and JIEBA_DICT_SHA256 to \
             `sha256sum ~/.cargo/registry/src/*/jieba-rs-{version}/src/data/dict.txt`"
        );
    }

    #[test]
    fn hex_is_lowercase_two_digits_a_byte() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
