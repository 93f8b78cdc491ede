//! `zhcorpus report`: run the analyses and write a report directory (SPEC §6): every table
//! as CSV and a `manifest.json` that records how it was made (tool version, command line,
//! options, each input file with its SHA-256 and size, row counts, timings). The same corpus
//! and options give the same bytes in every file; only the manifest's timings vary.

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::analysis::frequency::{FreqOptions, frequency};
use crate::analysis::issues::{IssuesOptions, issues};
use crate::analysis::ngrams::{NgramOptions, ngrams};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::output::{Format, WriteOptions, to_bytes, write_atomic};
use crate::tokenize::{Segmenter, SegmenterOptions, Stopwords, Tokenized};

#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub out_dir: PathBuf,
    pub ngram_sizes: Vec<usize>,
    pub ngram_min_count: u64,
    pub track: Vec<String>,
    pub segmenter: SegmenterOptions,
    pub write: WriteOptions,
    /// The arguments after the program name, recorded in the manifest.
    pub command_line: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load_secs: f64,
    pub tokenize_secs: f64,
}

#[derive(Debug, Serialize)]
struct InputFile {
    file: String,
    bytes: u64,
    sha256: String,
    encoding: &'static str,
}

#[derive(Debug, Serialize)]
pub struct OutputFile {
    pub file: String,
    pub rows: usize,
    pub columns: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    version: &'static str,
    command: String,
    options: serde_json::Value,
    corpus: serde_json::Value,
    inputs: Vec<InputFile>,
    outputs: &'a [OutputFile],
    timings_seconds: serde_json::Value,
}

/// What the report wrote, for the caller to summarise.
#[derive(Debug)]
pub struct ReportSummary {
    pub files: Vec<OutputFile>,
    pub counted_tokens: u64,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn write_report(
    corpus: &Corpus,
    t: &Tokenized,
    seg: &Segmenter,
    opts: &ReportOptions,
    timings: Timings,
) -> Result<ReportSummary> {
    let start = Instant::now();
    let mut files = Vec::new();
    let mut counted_tokens = 0;
    let mut tables = [
        (
            "freq.csv",
            frequency(
                corpus,
                t,
                &FreqOptions {
                    min_count: 1,
                    ..FreqOptions::default()
                },
            )?,
        ),
        (
            "ngrams.csv",
            ngrams(
                t,
                &NgramOptions {
                    sizes: opts.ngram_sizes.clone(),
                    min_count: opts.ngram_min_count,
                    ..NgramOptions::default()
                },
            )?,
        ),
        (
            "issues.csv",
            issues(
                corpus,
                t,
                seg,
                &IssuesOptions {
                    track: opts.track.clone(),
                    ..IssuesOptions::default()
                },
            )?,
        ),
    ];
    let analyses_secs = start.elapsed().as_secs_f64();
    for (name, df) in tables.iter_mut() {
        let name: &str = name;
        if name == "freq.csv" {
            counted_tokens = df
                .column(crate::table::col::COUNT)
                .ok()
                .and_then(|c| c.as_materialized_series().sum::<u64>().ok())
                .unwrap_or(0);
        }
        let bytes = to_bytes(df, Format::Csv, opts.write)?;
        write_atomic(&opts.out_dir.join(name), &bytes)?;
        files.push(OutputFile {
            file: name.to_string(),
            rows: df.height(),
            columns: df
                .get_column_names()
                .iter()
                .map(|c| c.to_string())
                .collect(),
        });
    }

    let mut inputs = Vec::with_capacity(corpus.docs.len());
    for (doc, dt) in corpus.docs.iter().zip(&t.docs) {
        let bytes = std::fs::read(&doc.path).map_err(|e| Error::io(&doc.path, e))?;
        inputs.push(InputFile {
            file: doc.rel_path.clone(),
            bytes: bytes.len() as u64,
            sha256: hex(&Sha256::digest(&bytes)),
            encoding: dt.encoding,
        });
    }
    let stopwords = match &opts.segmenter.stopwords {
        Stopwords::None => serde_json::Value::Null,
        Stopwords::Zh => "zh".into(),
        Stopwords::File(p) => p.display().to_string().into(),
    };
    let manifest = Manifest {
        tool: "zhcorpus",
        version: env!("CARGO_PKG_VERSION"),
        command: std::iter::once("zhcorpus".to_string())
            .chain(opts.command_line.iter().cloned())
            .collect::<Vec<_>>()
            .join(" "),
        options: serde_json::json!({
            "hmm": opts.segmenter.hmm,
            "user_dict": opts.segmenter.user_dict.as_ref().map(|p| p.display().to_string()),
            "stopwords": stopwords,
            "ngram_sizes": opts.ngram_sizes,
            "ngram_min_count": opts.ngram_min_count,
            "track": opts.track,
            "bom": opts.write.bom,
        }),
        corpus: serde_json::json!({
            "name": corpus.name,
            "issues": corpus.docs.len(),
            "metadata_columns": corpus.meta_columns,
            "counted_tokens": counted_tokens,
            "types": files.first().map_or(0, |f| f.rows),
        }),
        inputs,
        outputs: &files,
        timings_seconds: serde_json::json!({
            "load": timings.load_secs,
            "segment": timings.tokenize_secs,
            "analyses": analyses_secs,
        }),
    };
    let mut json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::input(opts.out_dir.join("manifest.json"), e.to_string()))?;
    json.push(b'\n');
    write_atomic(&opts.out_dir.join("manifest.json"), &json)?;
    files.push(OutputFile {
        file: "manifest.json".into(),
        rows: 0,
        columns: Vec::new(),
    });
    Ok(ReportSummary {
        files,
        counted_tokens,
    })
}
