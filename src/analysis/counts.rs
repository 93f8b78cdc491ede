//! Per-issue term counts (SPEC §8): `count` writes them, `merge` adds shards together, and the
//! frequency analyses read them in place of a corpus. Counts are additive, so a corpus larger
//! than one machine is counted in shards (one `count` per shard, anywhere) and merged.
//!
//! The file has one row per issue and counted term: `issue, term, kind, count` + the issue's
//! metadata columns, rows in corpus order (issues by path), terms in code-point order within an
//! issue. Stopwords given to `count` are left out; a counts file made without them can still
//! be filtered later (`freq counts.parquet --stopwords zh`).

use std::path::Path;

use polars::prelude::*;

use super::Groups;
use crate::corpus::Corpus;
use crate::corpus::load::column_values;
use crate::error::{Error, Result};
use crate::output::stream::TableStream;
use crate::output::{Format, WriteOptions, write_atomic_with};
use crate::table::{col, frame, repeated_meta, table_schema};
use crate::tokenize::{Interner, Segmenter, Vocab, classify, scan};

fn schema(meta_names: &[String]) -> Schema {
    table_schema(
        &[
            (col::ISSUE, DataType::String),
            (col::TERM, DataType::String),
            (col::KIND, DataType::String),
            (col::COUNT, DataType::UInt64),
        ],
        meta_names,
    )
}

/// The count rows of one issue as a frame: `terms` sorted, `meta` the issue's values.
fn issue_frame(
    issue: &str,
    terms: &[(&str, u64)],
    meta_names: &[String],
    meta: &[String],
) -> Result<DataFrame> {
    let n = terms.len();
    let mut columns = vec![
        Column::new(col::ISSUE.into(), vec![issue; n]),
        Column::new(
            col::TERM.into(),
            terms.iter().map(|t| t.0).collect::<Vec<_>>(),
        ),
        Column::new(
            col::KIND.into(),
            terms
                .iter()
                .map(|t| classify(t.0).as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            col::COUNT.into(),
            terms.iter().map(|t| t.1).collect::<Vec<_>>(),
        ),
    ];
    columns.extend(repeated_meta(meta_names, meta, n));
    frame(columns)
}

/// `zhcorpus count`: segment the corpus in one streaming pass and write its per-issue term
/// counts to `dest`. Each issue's rows are built on the worker that segmented it; the
/// writer receives them in corpus order, a batch at a time. Returns the number of rows.
pub fn count_to_file(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    dest: &Path,
    opts: WriteOptions,
) -> Result<u64> {
    let format = Format::from_path(dest)?;
    let names = &corpus.meta_columns;
    let table_err = |err| Error::Table {
        path: dest.to_path_buf(),
        err,
    };
    write_atomic_with(dest, |file| {
        let mut stream =
            TableStream::new(file, format, &schema(names), opts.bom).map_err(table_err)?;
        let interner = Interner::default();
        scan(
            corpus,
            seg,
            &interner,
            progress,
            |d, s| {
                let mut terms: Vec<(&str, u64)> = s
                    .local_counts()
                    .into_iter()
                    .map(|(l, c)| (s.term(l), c))
                    .collect();
                terms.sort_unstable();
                let doc = &corpus.docs[d];
                issue_frame(&doc.id, &terms, names, &doc.meta)
            },
            |_, df| stream.push(df?).map_err(table_err),
        )?;
        let empty = issue_frame("", &[], names, &vec![String::new(); names.len()])?;
        stream.finish(empty).map_err(table_err)
    })
}

/// A counts file read back: issues in file order, their metadata, and their term counts
/// with ids of `vocab` (term order).
#[derive(Debug, Clone)]
pub struct CountsTable {
    pub issues: Vec<String>,
    pub meta_columns: Vec<String>,
    /// Per issue, values aligned with `meta_columns`.
    pub meta: Vec<Vec<String>>,
    pub vocab: Vocab,
    /// Per issue, (term id, count) sorted by id.
    pub docs: Vec<Vec<(u32, u64)>>,
}

impl CountsTable {
    /// Issues grouped by a metadata column or `issue`, as `Groups::new` does for a corpus.
    pub fn groups(&self, by: Option<&str>, path: &Path) -> Result<Groups> {
        let Some(column) = by else {
            return Ok(Groups::from_values(vec![String::new(); self.issues.len()]));
        };
        let issues = self.issues.iter().map(String::as_str);
        let values = column_values(
            column,
            path,
            &self.meta_columns,
            issues.zip(self.meta.iter().map(Vec::as_slice)),
        )?;
        Ok(Groups::from_values(values))
    }
}

/// A column as strings, cast if needed (a CSV may have typed it otherwise).
fn string_column(df: &DataFrame, name: &str, path: &Path) -> Result<StringChunked> {
    let column = df.column(name).map_err(|_| {
        Error::input(
            path,
            format!("not a zhcorpus counts file: no `{name}` column"),
        )
    })?;
    let cast = column
        .cast(&DataType::String)
        .map_err(|e| Error::input(path, format!("column `{name}`: {e}")))?;
    cast.str()
        .cloned()
        .map_err(|e| Error::input(path, format!("column `{name}`: {e}")))
}

fn count_column(df: &DataFrame, path: &Path) -> Result<UInt64Chunked> {
    let column = df
        .column(col::COUNT)
        .map_err(|_| Error::input(path, "not a zhcorpus counts file: no `count` column"))?;
    let cast = column
        .cast(&DataType::UInt64)
        .map_err(|e| Error::input(path, format!("column `count`: {e}")))?;
    cast.u64()
        .cloned()
        .map_err(|e| Error::input(path, format!("column `count`: {e}")))
}

/// The columns of a counts file, checked, with its metadata column names.
struct CountsColumns {
    issue: StringChunked,
    term: StringChunked,
    count: UInt64Chunked,
    meta_names: Vec<String>,
    meta: Vec<StringChunked>,
}

impl CountsColumns {
    fn new(df: &DataFrame, path: &Path) -> Result<Self> {
        string_column(df, col::KIND, path)?;
        let meta_names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .filter(|c| ![col::ISSUE, col::TERM, col::KIND, col::COUNT].contains(&c.as_str()))
            .collect();
        Ok(CountsColumns {
            issue: string_column(df, col::ISSUE, path)?,
            term: string_column(df, col::TERM, path)?,
            count: count_column(df, path)?,
            meta: meta_names
                .iter()
                .map(|c| string_column(df, c, path))
                .collect::<Result<_>>()?,
            meta_names,
        })
    }

    fn meta_at(&self, row: usize) -> Vec<String> {
        self.meta
            .iter()
            .map(|c| c.get(row).unwrap_or("").to_string())
            .collect()
    }

    /// (row, issue, term, count) in file order.
    fn rows(&self) -> impl Iterator<Item = (usize, &str, &str, u64)> {
        self.issue
            .iter()
            .zip(self.term.iter())
            .zip(self.count.iter())
            .enumerate()
            .map(|(row, ((i, t), c))| (row, i.unwrap_or(""), t.unwrap_or(""), c.unwrap_or(0)))
    }
}

/// Read a counts file (Parquet or CSV); an issue's rows may be spread over the file and are
/// added up (what `merge` does).
pub fn read_counts(path: &Path, is_stopword: impl Fn(&str) -> bool) -> Result<CountsTable> {
    let df = read_frame(path)?;
    let cols = CountsColumns::new(&df, path)?;
    let mut issue_index: rustc_hash::FxHashMap<&str, usize> = Default::default();
    let mut term_index: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut terms: Vec<Box<str>> = Vec::new();
    let mut issues = Vec::new();
    let mut meta = Vec::new();
    let mut docs: Vec<rustc_hash::FxHashMap<u32, u64>> = Vec::new();
    for (row, issue, term, count) in cols.rows() {
        let d = *issue_index.entry(issue).or_insert_with(|| {
            issues.push(issue.to_string());
            meta.push(cols.meta_at(row));
            docs.push(Default::default());
            issues.len() - 1
        });
        if is_stopword(term) || !classify(term).is_counted() {
            continue;
        }
        let t = *term_index.entry(term).or_insert_with(|| {
            terms.push(term.into());
            terms.len() as u32 - 1
        });
        *docs[d].entry(t).or_insert(0) += count;
    }
    let (vocab, remap) = Vocab::from_terms(terms, |_| false);
    let docs = docs
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, u64)> =
                m.into_iter().map(|(t, c)| (remap[t as usize], c)).collect();
            v.sort_unstable();
            v
        })
        .collect();
    Ok(CountsTable {
        issues,
        meta_columns: cols.meta_names.clone(),
        meta,
        vocab,
        docs,
    })
}

fn read_frame(path: &Path) -> Result<DataFrame> {
    let format = Format::from_path(path)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let err = |e: PolarsError| Error::input(path, e.to_string());
    match format {
        Format::Parquet => ParquetReader::new(file).finish().map_err(err),
        Format::Csv => CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .try_into_reader_with_file_path(Some(path.to_path_buf()))
            .and_then(|r| r.finish())
            .map_err(err),
        Format::Json => Err(Error::usage(format!(
            "{}: counts are read from Parquet or CSV, not JSON",
            path.display()
        ))),
    }
}

/// `zhcorpus merge`: add counts files together. Issues keep their first place across the
/// inputs (so shards of a corpus in order merge into the corpus' order); an issue found in
/// several inputs has its counts summed; terms stay in code-point order within an issue.
pub fn merge(paths: &[&Path]) -> Result<DataFrame> {
    let mut issues: Vec<String> = Vec::new();
    let mut first: Option<(Vec<String>, &Path)> = None;
    let mut meta: Vec<Vec<String>> = Vec::new();
    let mut per_issue: Vec<std::collections::BTreeMap<String, u64>> = Vec::new();
    let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
    for &path in paths {
        let df = read_frame(path)?;
        let cols = CountsColumns::new(&df, path)?;
        match &first {
            None => first = Some((cols.meta_names.clone(), path)),
            Some((names, first_path)) if *names != cols.meta_names => {
                return Err(Error::input(
                    path,
                    format!(
                        "its metadata columns ({}) differ from those of {} ({})",
                        cols.meta_names.join(", "),
                        first_path.display(),
                        names.join(", ")
                    ),
                ));
            }
            Some(_) => {}
        }
        for (row, issue, term, count) in cols.rows() {
            let d = match index.get(issue) {
                Some(&d) => d,
                None => {
                    index.insert(issue.to_string(), issues.len());
                    issues.push(issue.to_string());
                    meta.push(cols.meta_at(row));
                    per_issue.push(Default::default());
                    issues.len() - 1
                }
            };
            *per_issue[d].entry(term.to_string()).or_insert(0) += count;
        }
    }
    let meta_names = first.map(|m| m.0).unwrap_or_default();
    let mut out = issue_frame("", &[], &meta_names, &vec![String::new(); meta_names.len()])?;
    for (d, terms) in per_issue.iter().enumerate() {
        let terms: Vec<(&str, u64)> = terms.iter().map(|(t, &c)| (t.as_str(), c)).collect();
        out.vstack_mut(&issue_frame(&issues[d], &terms, &meta_names, &meta[d])?)?;
    }
    out.rechunk_mut_par();
    Ok(out)
}
