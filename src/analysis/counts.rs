//! Per-issue term counts (docs/scale.md): `count` writes them, `merge` adds shards together, and the
//! frequency analyses read them in place of a corpus. Counts are additive, so a corpus larger
//! than one machine is counted in shards (one `count` per shard, anywhere) and merged.
//!
//! The file has one row per issue and counted term: `issue, term, kind, count` (docs/scale.md), then
//! the issue's `articles, sentences, chars` (the same on every row of the issue: `issues`
//! needs them and they cannot be recovered from term counts), then the issue's metadata
//! columns. Rows are in corpus order (issues by path), terms in code-point order within an
//! issue. An issue without any counted term keeps one row with an empty (null) term and kind
//! and count 0, so that it is not lost. Stopwords given to `count` are left out; a counts
//! file made without them can still be filtered later (`freq counts.parquet --stopwords zh`).

use std::path::Path;

use polars::prelude::*;

use super::Groups;
use super::parquet_check::{check_footer, check_parquet};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::corpus::load::column_values;
use crate::corpus::metadata::date_days;
use crate::error::{Error, Result, guard_panics};
use crate::output::Format;
use crate::output::stream::ROWS_PER_BATCH;
use crate::pass::{Fold, Pass};
use crate::table::{frame, table_schema};
use crate::tokenize::{Interner, Kind, Segmented, Segmenter, Vocab, classify};

/// The columns of a counts file before the metadata.
const FIXED: [&str; 7] = [
    col::ISSUE,
    col::TERM,
    col::KIND,
    col::COUNT,
    col::ARTICLES,
    col::SENTENCES,
    col::CHARS,
];

/// The schema of a counts file: `issue, term, kind, count, articles, sentences, chars` + the
/// issue's metadata columns.
pub fn counts_schema(meta_names: &[String]) -> Schema {
    table_schema(
        &[
            (col::ISSUE, DataType::String),
            (col::TERM, DataType::String),
            (col::KIND, DataType::String),
            (col::COUNT, DataType::UInt64),
            (col::ARTICLES, DataType::UInt64),
            (col::SENTENCES, DataType::UInt64),
            (col::CHARS, DataType::UInt64),
        ],
        meta_names,
    )
}

/// An issue's figures that term counts cannot give: articles, sentences, Han characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IssueSize {
    pub articles: u64,
    pub sentences: u64,
    pub chars: u64,
}

impl IssueSize {
    pub fn of(s: &Segmented) -> Self {
        IssueSize {
            articles: s.articles(),
            sentences: s.sentences.len() as u64,
            chars: s.han_chars,
        }
    }

    /// The sizes of two parts of an issue (`Fold`), added.
    pub fn plus(self, other: IssueSize) -> IssueSize {
        IssueSize {
            articles: self.articles + other.articles,
            sentences: self.sentences + other.sentences,
            chars: self.chars + other.chars,
        }
    }

    /// The sizes added, `None` where a sum overflows (only a file not written by `count` has
    /// such numbers).
    fn checked_add(self, other: IssueSize) -> Option<IssueSize> {
        Some(IssueSize {
            articles: self.articles.checked_add(other.articles)?,
            sentences: self.sentences.checked_add(other.sentences)?,
            chars: self.chars.checked_add(other.chars)?,
        })
    }
}

/// Add `count` to an issue's count of `term`, or the error naming the file when the sum
/// overflows (a file written by `count` never has such counts; a hand-made one can).
fn add_count(sum: &mut u64, count: u64, path: &Path, issue: &str, term: &str) -> Result<()> {
    *sum = sum.checked_add(count).ok_or_else(|| {
        Error::input(
            path,
            format!(
                "issue `{issue}`, term `{term}`: the counts add up to more than {}",
                u64::MAX
            ),
        )
    })?;
    Ok(())
}

/// A term's first 16 bytes as a big-endian integer: ordering these orders UTF-8 strings by
/// code point (as byte order does) for all but terms sharing 16 bytes, so that sorting an
/// issue's terms seldom compares strings.
fn sort_key(term: &str) -> u128 {
    let mut buf = [0u8; 16];
    let n = term.len().min(16);
    buf[..n].copy_from_slice(&term.as_bytes()[..n]);
    u128::from_be_bytes(buf)
}

/// One issue's count rows as its worker leaves them: the terms, sorted, in one buffer.
#[derive(Debug)]
pub struct IssueRows {
    doc: usize,
    size: IssueSize,
    text: String,
    /// End of each term in `text`.
    ends: Vec<u32>,
    kinds: Vec<Kind>,
    counts: Vec<u64>,
}

impl IssueRows {
    pub fn new(doc: usize, s: &Segmented) -> Self {
        let mut terms: Vec<(u128, &str, Kind, u64)> = s
            .local_counts()
            .into_iter()
            .map(|(l, c)| {
                let t = s.term(l);
                (sort_key(t), t, s.kinds[l as usize], c)
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        Self::from_sorted(doc, IssueSize::of(s), terms.iter().map(|t| (t.1, t.2, t.3)))
    }

    /// From terms already in code-point order.
    fn from_sorted<'a>(
        doc: usize,
        size: IssueSize,
        terms: impl ExactSizeIterator<Item = (&'a str, Kind, u64)>,
    ) -> Self {
        let mut rows = IssueRows {
            doc,
            size,
            text: String::new(),
            ends: Vec::with_capacity(terms.len()),
            kinds: Vec::with_capacity(terms.len()),
            counts: Vec::with_capacity(terms.len()),
        };
        for (t, kind, count) in terms {
            rows.text.push_str(t);
            rows.ends.push(rows.text.len() as u32);
            rows.kinds.push(kind);
            rows.counts.push(count);
        }
        rows
    }

    /// The term at `i`.
    fn term(&self, i: usize) -> &str {
        let a = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[a..self.ends[i] as usize]
    }

    /// The issue's articles, sentences and Han characters.
    pub fn size(&self) -> IssueSize {
        self.size
    }

    /// Each counted term and its count, in code-point order.
    pub fn term_counts(&self) -> impl ExactSizeIterator<Item = (&str, u64)> {
        (0..self.ends.len()).map(|i| (self.term(i), self.counts[i]))
    }

    /// Rows in the file: an issue without terms keeps one placeholder row.
    fn rows(&self) -> usize {
        self.ends.len().max(1)
    }

    fn terms(&self) -> impl Iterator<Item = Option<&str>> {
        let placeholder = self.ends.is_empty().then_some(None);
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(a, &b)| Some(&self.text[a as usize..b as usize]))
            .chain(placeholder)
    }
}

/// An issue's rows as they fold over its pieces: the sizes added, the two term lists
/// (each in code-point order) merged, the counts of a term in both added.
impl Fold for IssueRows {
    fn fold(&mut self, next: Self) {
        let size = self.size.plus(next.size);
        let (a, b) = (&*self, &next);
        let (mut i, mut j) = (0, 0);
        let mut merged: Vec<(&str, Kind, u64)> = Vec::with_capacity(a.ends.len() + b.ends.len());
        while i < a.ends.len() || j < b.ends.len() {
            let order = match (i < a.ends.len(), j < b.ends.len()) {
                (true, true) => a.term(i).cmp(b.term(j)),
                (true, false) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    merged.push((a.term(i), a.kinds[i], a.counts[i]));
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    merged.push((b.term(j), b.kinds[j], b.counts[j]));
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    merged.push((a.term(i), a.kinds[i], a.counts[i] + b.counts[j]));
                    i += 1;
                    j += 1;
                }
            }
        }
        *self = IssueRows::from_sorted(self.doc, size, merged.into_iter());
    }
}

/// The rows of several issues as one frame. Columns whose value repeats along an issue's
/// rows (its name, size, metadata) and `kind` are built once per distinct value and spread
/// by a gather, which copies 16-byte string views rather than strings: far cheaper than a
/// small frame per issue stacked together.
fn batch_frame(corpus: &Corpus, issues: &[IssueRows]) -> Result<DataFrame> {
    let docs = &corpus.docs;
    rows_frame(
        issues,
        |d| docs[d].id.as_str(),
        |d| docs[d].meta.as_slice(),
        &corpus.meta_columns,
    )
}

/// `batch_frame` for issues named by `name(doc)` with metadata `meta(doc)`.
fn rows_frame<'a>(
    issues: &[IssueRows],
    name: impl Fn(usize) -> &'a str,
    meta: impl Fn(usize) -> &'a [String],
    meta_names: &[String],
) -> Result<DataFrame> {
    let n: usize = issues.iter().map(IssueRows::rows).sum();
    let mut of_issue: Vec<IdxSize> = Vec::with_capacity(n);
    let mut of_kind: Vec<IdxSize> = Vec::with_capacity(n);
    let mut count: Vec<u64> = Vec::with_capacity(n);
    for (i, r) in issues.iter().enumerate() {
        of_issue.extend(std::iter::repeat_n(i as IdxSize, r.rows()));
        if r.ends.is_empty() {
            of_kind.push(KINDS.len() as IdxSize); // the null slot
            count.push(0);
        } else {
            of_kind.extend(r.kinds.iter().map(|&k| kind_index(k)));
            count.extend_from_slice(&r.counts);
        }
    }
    let of_issue = IdxCa::from_vec("".into(), of_issue);
    let spread_str = |name: &str, values: Vec<&str>| -> Result<Column> {
        Ok(
            StringChunked::from_iter_values(name.into(), values.into_iter())
                .take(&of_issue)?
                .into_column(),
        )
    };
    let spread_u64 = |name: &str, f: fn(&IssueSize) -> u64| -> Result<Column> {
        let v: Vec<u64> = issues.iter().map(|r| f(&r.size)).collect();
        Ok(UInt64Chunked::from_vec(name.into(), v)
            .take(&of_issue)?
            .into_column())
    };
    let kinds = StringChunked::from_iter_options(
        col::KIND.into(),
        KINDS.iter().map(|k| Some(k.as_str())).chain([None]),
    );
    let mut columns = vec![
        spread_str(col::ISSUE, issues.iter().map(|r| name(r.doc)).collect())?,
        StringChunked::from_iter_options(col::TERM.into(), issues.iter().flat_map(|r| r.terms()))
            .into_column(),
        kinds
            .take(&IdxCa::from_vec("".into(), of_kind))?
            .into_column(),
        UInt64Chunked::from_vec(col::COUNT.into(), count).into_column(),
        spread_u64(col::ARTICLES, |s| s.articles)?,
        spread_u64(col::SENTENCES, |s| s.sentences)?,
        spread_u64(col::CHARS, |s| s.chars)?,
    ];
    for (m, column) in meta_names.iter().enumerate() {
        columns.push(spread_str(
            column,
            issues.iter().map(|r| meta(r.doc)[m].as_str()).collect(),
        )?);
    }
    frame(columns)
}

/// The kinds a counted term can have, in a fixed order for `batch_frame`'s gather.
const KINDS: [Kind; 3] = [Kind::Word, Kind::Latin, Kind::Number];

fn kind_index(k: Kind) -> IdxSize {
    KINDS.iter().position(|&x| x == k).unwrap_or(KINDS.len()) as IdxSize
}

/// `zhcorpus count`: segment the corpus in one streaming pass and yield its per-issue term
/// counts, a batch at a time, to `emit` (the command hands them to a writer; the analysis
/// writes nothing). Each issue's terms are counted and sorted on the worker that segmented
/// it; they are gathered in corpus order into batches of about `ROWS_PER_BATCH` rows, each
/// handed on as it fills, and the rest in one last batch (possibly empty), so that a writer
/// given every batch has the whole table. The batches are frames of [`counts_schema`].
/// "Yield" is a sink callback, not an iterator: the pass (`Pass::fold`) pushes issues as workers
/// finish them, and an iterator would need a thread of its own. Returns the number of rows.
pub fn count_batches(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    mut emit: impl FnMut(DataFrame) -> Result<()>,
) -> Result<u64> {
    let interner = Interner::default();
    let mut pending: Vec<IssueRows> = Vec::new();
    let mut pending_rows = 0;
    let mut rows = 0u64;
    Pass::new(corpus, seg, &interner, progress).fold(
        |d, s| IssueRows::new(d, &s),
        |_, rows| rows,
        |_, issue| {
            pending_rows += issue.rows();
            pending.push(issue);
            if pending_rows >= ROWS_PER_BATCH {
                emit(batch_frame(corpus, &pending)?)?;
                rows += pending_rows as u64;
                pending.clear();
                pending_rows = 0;
            }
            Ok(())
        },
    )?;
    let last = if pending.is_empty() {
        DataFrame::empty_with_schema(&counts_schema(&corpus.meta_columns))
    } else {
        batch_frame(corpus, &pending)?
    };
    emit(last)?;
    Ok(rows + pending_rows as u64)
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
    /// Per issue, its size; `None` for a file without those columns (made by zhcorpus 0.1's
    /// first `count`, or by hand).
    pub sizes: Option<Vec<IssueSize>>,
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

/// A column of a counts file, or the error that names the missing column.
fn required<'a>(df: &'a DataFrame, name: &str, path: &Path) -> Result<&'a Column> {
    df.column(name).map_err(|_| {
        Error::input(
            path,
            format!("not a zhcorpus counts file: no `{name}` column"),
        )
    })
}

/// A column as strings, cast if needed (a CSV may have typed it otherwise).
fn string_column(df: &DataFrame, name: &str, path: &Path) -> Result<StringChunked> {
    let column = required(df, name, path)?;
    let cast = column
        .cast(&DataType::String)
        .map_err(|e| Error::input(path, format!("column `{name}`: {e}")))?;
    cast.str()
        .cloned()
        .map_err(|e| Error::input(path, format!("column `{name}`: {e}")))
}

/// `first_row`: the file row of the frame's first row (0-based), for messages.
fn count_column(
    df: &DataFrame,
    name: &str,
    path: &Path,
    first_row: usize,
) -> Result<UInt64Chunked> {
    let column = required(df, name, path)?;
    let cast = column
        .cast(&DataType::UInt64)
        .map_err(|e| Error::input(path, format!("column `{name}`: {e}")))?;
    let values = cast
        .u64()
        .cloned()
        .map_err(|e| Error::input(path, format!("column `{name}`: {e}")))?;
    // A cast that fails on a value gives null: say which row rather than count it as 0.
    if values.null_count() > column.null_count() {
        let row = values.iter().position(|v| v.is_none()).unwrap_or(0);
        return Err(Error::input(
            path,
            format!(
                "column `{name}`, row {}: not a whole number ≥ 0",
                first_row + row + 1
            ),
        ));
    }
    Ok(values)
}

/// The columns of a counts file, checked, with its metadata column names.
struct CountsColumns {
    issue: StringChunked,
    term: StringChunked,
    count: UInt64Chunked,
    /// articles, sentences, chars, when the file has them.
    sizes: Option<[UInt64Chunked; 3]>,
    meta_names: Vec<String>,
    meta: Vec<StringChunked>,
}

impl CountsColumns {
    /// The columns of `df`, rows of the file from `first_row` (0-based) on.
    fn new(df: &DataFrame, path: &Path, first_row: usize) -> Result<Self> {
        string_column(df, col::KIND, path)?;
        let meta_names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .filter(|c| !FIXED.contains(&c.as_str()))
            .collect();
        let sizes = if df.column(col::ARTICLES).is_ok() {
            Some([
                count_column(df, col::ARTICLES, path, first_row)?,
                count_column(df, col::SENTENCES, path, first_row)?,
                count_column(df, col::CHARS, path, first_row)?,
            ])
        } else {
            None
        };
        let meta: Vec<StringChunked> = meta_names
            .iter()
            .map(|c| string_column(df, c, path))
            .collect::<Result<_>>()?;
        // A `date` written as text (a CSV counts file, one written by hand) is held to the rule
        // of metadata.csv, so that it sorts, compares and becomes a Parquet date like the rest.
        if let Some(m) = meta_names.iter().position(|c| c == col::DATE)
            && df
                .column(col::DATE)
                .is_ok_and(|c| c.dtype() != &DataType::Date)
            && let Some((row, v)) = meta[m].iter().enumerate().find_map(|(row, v)| {
                v.filter(|v| !v.is_empty() && date_days(v).is_none())
                    .map(|v| (row, v))
            })
        {
            return Err(Error::input(
                path,
                format!(
                    "column `date`, row {}: `{v}` is not a calendar date in YYYY-MM-DD form",
                    first_row + row + 1
                ),
            ));
        }
        Ok(CountsColumns {
            issue: string_column(df, col::ISSUE, path)?,
            term: string_column(df, col::TERM, path)?,
            count: count_column(df, col::COUNT, path, first_row)?,
            sizes,
            meta,
            meta_names,
        })
    }

    fn meta_at(&self, row: usize) -> Vec<String> {
        self.meta
            .iter()
            .map(|c| c.get(row).unwrap_or("").to_string())
            .collect()
    }

    fn size_at(&self, row: usize) -> Option<IssueSize> {
        let [a, s, c] = self.sizes.as_ref()?;
        Some(IssueSize {
            articles: a.get(row).unwrap_or(0),
            sentences: s.get(row).unwrap_or(0),
            chars: c.get(row).unwrap_or(0),
        })
    }

    /// (row within the slice, issue, term, count) in file order; the term is `None` on an
    /// empty issue's row.
    fn rows(&self) -> impl Iterator<Item = (usize, &str, Option<&str>, u64)> {
        self.issue
            .iter()
            .zip(self.term.iter())
            .zip(self.count.iter())
            .enumerate()
            .map(|(row, ((i, t), c))| {
                (
                    row,
                    i.unwrap_or(""),
                    t.filter(|t| !t.is_empty()),
                    c.unwrap_or(0),
                )
            })
    }
}

/// Strings numbered in the order they are first seen (the keys owned, so that they outlive
/// the slice of the file they were read from).
#[derive(Default)]
struct Numbering {
    index: rustc_hash::FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Numbering {
    /// The string's number, and whether it is new.
    fn number(&mut self, name: &str) -> (u32, bool) {
        if let Some(&n) = self.index.get(name) {
            return (n, false);
        }
        let n = self.names.len() as u32;
        self.index.insert(name.into(), n);
        self.names.push(name.into());
        (n, true)
    }

    /// The strings by number, the index dropped.
    fn into_names(self) -> Vec<Box<str>> {
        self.names
    }
}

/// Rows read at a time from a Parquet counts file: memory holds one slice of the file and
/// the sums, not the whole file (7.3 million rows for 100 MB of text).
const READ_ROWS: usize = 1 << 20;

/// Hand the columns of a counts file to `f` a slice of rows at a time, in file order: slices
/// of `READ_ROWS` rows of a Parquet file, a CSV file whole.
fn for_each_slice(
    path: &Path,
    rows_per_slice: usize,
    mut f: impl FnMut(CountsColumns) -> Result<()>,
) -> Result<()> {
    if Format::from_path(path)? != Format::Parquet {
        return f(CountsColumns::new(&read_frame(path)?, path, 0)?);
    }
    let err = |e: PolarsError| Error::input(path, e.to_string());
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    check_footer(&mut file, path)?;
    let (rows, metadata) = guard_panics(path, "Parquet", || {
        let mut reader = ParquetReader::new(file);
        let rows = reader.num_rows().map_err(err)?;
        Ok((rows, reader.get_metadata().map_err(err)?.clone()))
    })?;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    guard_panics(path, "Parquet", || {
        check_parquet(&mut file, &metadata, path)
    })?;
    let mut start = 0;
    loop {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let df = guard_panics(path, "Parquet", || {
            let mut reader = ParquetReader::new(file);
            reader.set_metadata(metadata.clone());
            reader
                .with_slice(Some((start, rows_per_slice)))
                .finish()
                .map_err(err)
        })?;
        f(CountsColumns::new(&df, path, start)?)?;
        start += rows_per_slice;
        if start >= rows {
            return Ok(());
        }
    }
}

/// Read a counts file (Parquet or CSV); an issue's term counts may be spread over the file
/// and are added up, its metadata and size are those of its first row (`merge` adds sizes).
pub fn read_counts(path: &Path, is_stopword: impl Fn(&str) -> bool) -> Result<CountsTable> {
    read_counts_in_slices(path, is_stopword, READ_ROWS)
}

fn read_counts_in_slices(
    path: &Path,
    is_stopword: impl Fn(&str) -> bool,
    rows_per_slice: usize,
) -> Result<CountsTable> {
    let mut issue_numbers = Numbering::default();
    let mut term_numbers = Numbering::default();
    let mut meta = Vec::new();
    let mut sizes = Vec::new();
    let mut docs: Vec<rustc_hash::FxHashMap<u32, u64>> = Vec::new();
    let mut meta_columns = Vec::new();
    let mut has_sizes = false;
    for_each_slice(path, rows_per_slice, |cols| {
        for (row, issue, term, count) in cols.rows() {
            let (d, new) = issue_numbers.number(issue);
            if new {
                meta.push(cols.meta_at(row));
                sizes.push(cols.size_at(row).unwrap_or_default());
                docs.push(Default::default());
            }
            let Some(term) = term else { continue };
            if is_stopword(term) || !classify(term).is_counted() {
                continue;
            }
            let (t, _) = term_numbers.number(term);
            add_count(
                docs[d as usize].entry(t).or_insert(0),
                count,
                path,
                issue,
                term,
            )?;
        }
        has_sizes = cols.sizes.is_some();
        meta_columns = cols.meta_names;
        Ok(())
    })?;
    let (vocab, remap) = Vocab::from_terms(term_numbers.into_names(), |_| false);
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
        issues: issue_numbers
            .into_names()
            .into_iter()
            .map(String::from)
            .collect(),
        meta_columns,
        meta,
        vocab,
        docs,
        sizes: has_sizes.then_some(sizes),
    })
}

fn read_frame(path: &Path) -> Result<DataFrame> {
    let format = Format::from_path(path)?;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let err = |e: PolarsError| Error::input(path, e.to_string());
    match format {
        Format::Parquet => guard_panics(path, "Parquet", || {
            check_footer(&mut file, path)?;
            ParquetReader::new(file).finish().map_err(err)
        }),
        Format::Csv => guard_panics(path, "CSV", || {
            CsvReadOptions::default()
                .with_has_header(true)
                .with_infer_schema_length(Some(0))
                .try_into_reader_with_file_path(Some(path.to_path_buf()))
                .and_then(|r| r.finish())
                .map_err(err)
        }),
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
    merge_in_slices(paths, READ_ROWS)
}

fn merge_in_slices(paths: &[&Path], rows_per_slice: usize) -> Result<DataFrame> {
    // Inputs are read and folded one at a time, so memory holds one input (and the sums),
    // not all of them. Terms and issues are interned; an issue's counts are kept by term id.
    let mut meta_names: Option<(Vec<String>, &Path)> = None;
    let mut term_numbers = Numbering::default();
    let mut issue_numbers = Numbering::default();
    let mut meta: Vec<Vec<String>> = Vec::new();
    let mut sizes: Vec<IssueSize> = Vec::new();
    let mut per_issue: Vec<rustc_hash::FxHashMap<u32, u64>> = Vec::new();
    for &path in paths {
        // An issue's size is on each of its rows: taken once per input, added across inputs.
        let mut seen_here = rustc_hash::FxHashSet::default();
        for_each_slice(path, rows_per_slice, |cols| {
            match &meta_names {
                None => meta_names = Some((cols.meta_names.clone(), path)),
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
            if cols.sizes.is_none() {
                return Err(Error::input(
                    path,
                    "no `articles`, `sentences`, `chars` columns: made by an older zhcorpus; \
                     count the corpus again",
                ));
            }
            for (row, issue, term, count) in cols.rows() {
                let (d, new) = issue_numbers.number(issue);
                let d = d as usize;
                if new {
                    meta.push(cols.meta_at(row));
                    sizes.push(IssueSize::default());
                    per_issue.push(Default::default());
                }
                if seen_here.insert(d) {
                    let size = cols.size_at(row).unwrap_or_default();
                    sizes[d] = sizes[d].checked_add(size).ok_or_else(|| {
                        Error::input(
                            path,
                            format!(
                                "issue `{issue}`: its articles, sentences or chars add up to \
                                 more than {} across the inputs",
                                u64::MAX
                            ),
                        )
                    })?;
                }
                if let Some(term) = term {
                    let (t, _) = term_numbers.number(term);
                    add_count(per_issue[d].entry(t).or_insert(0), count, path, issue, term)?;
                }
            }
            Ok(())
        })?;
    }
    let terms = term_numbers.into_names();
    let issues = issue_numbers.into_names();
    let rows: Vec<IssueRows> = per_issue
        .into_iter()
        .enumerate()
        .map(|(d, counts)| {
            let mut c: Vec<(u128, &str, u64)> = counts
                .into_iter()
                .map(|(t, n)| {
                    let term: &str = &terms[t as usize];
                    (sort_key(term), term, n)
                })
                .collect();
            c.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
            IssueRows::from_sorted(d, sizes[d], c.iter().map(|x| (x.1, classify(x.1), x.2)))
        })
        .collect();
    let meta_names = meta_names.map(|m| m.0).unwrap_or_default();
    if rows.is_empty() {
        return Ok(DataFrame::empty_with_schema(&counts_schema(&meta_names)));
    }
    rows_frame(&rows, |d| &issues[d], |d| meta[d].as_slice(), &meta_names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load_corpus;
    use crate::output::{WriteOptions, write_stream};
    use crate::tokenize::SegmenterOptions;

    /// `zhcorpus count seeds -o DIR/counts.parquet`, and its number of rows.
    fn seed_counts(dir: &Path) -> (std::path::PathBuf, u64) {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let corpus = load_corpus(&seeds).unwrap();
        let seg = Segmenter::new(&SegmenterOptions::default()).unwrap();
        let dest = dir.join("counts.parquet");
        let schema = counts_schema(&corpus.meta_columns);
        let rows = write_stream(Some(&dest), &schema, WriteOptions::default(), |emit| {
            count_batches(&corpus, &seg, &|_| {}, emit)
        })
        .unwrap();
        assert_eq!(
            rows,
            read_frame(&dest).unwrap().height() as u64,
            "rows returned"
        );
        (dest, rows)
    }

    #[test]
    fn a_counts_file_read_in_slices_is_the_file_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (path, rows) = seed_counts(dir.path());
        // Slices of 61 rows: about a hundred slices, issues and terms spread across them.
        assert!(rows > 50 * 61, "{rows} rows");
        let whole = read_counts_in_slices(&path, |_| false, 1 << 30).unwrap();
        let sliced = read_counts_in_slices(&path, |_| false, 61).unwrap();
        assert_eq!(whole.issues.len(), 5);
        assert_eq!(sliced.issues, whole.issues);
        assert_eq!(sliced.meta_columns, whole.meta_columns);
        assert_eq!(sliced.meta, whole.meta);
        assert_eq!(sliced.docs, whole.docs);
        assert_eq!(sliced.sizes, whole.sizes);
        let terms = |t: &CountsTable| -> Vec<String> {
            (0..t.vocab.len() as u32)
                .map(|i| t.vocab.term(i).to_string())
                .collect()
        };
        assert_eq!(terms(&sliced), terms(&whole));
        let total: u64 = whole.docs.iter().flatten().map(|c| c.1).sum();
        assert_eq!(total, 15160, "the seeds' counted tokens");
    }

    #[test]
    fn merging_in_slices_is_merging_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let (path, rows) = seed_counts(dir.path());
        let paths = [path.as_path(), path.as_path()];
        let whole = merge_in_slices(&paths, 1 << 30).unwrap();
        let sliced = merge_in_slices(&paths, 61).unwrap();
        assert_eq!(whole.height() as u64, rows);
        assert!(sliced.equals_missing(&whole));
        // Each issue's size is taken once per input, so merging a file with itself doubles it.
        let chars = |df: &DataFrame| df.column(col::CHARS).unwrap().u64().unwrap().get(0);
        let once = read_frame(&path).unwrap();
        assert_eq!(chars(&sliced), chars(&once).map(|c| 2 * c));
    }

    /// Found by fuzzing (`scripts/fuzz counts_csv`): two rows of one issue and term whose
    /// counts add up past 2^64 - 1 overflowed the sum (a panic in a debug build, a wrong count
    /// in a release build).
    #[test]
    fn fuzz_counts_csv_sum_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counts.csv");
        std::fs::write(
            &path,
            "issue,term,kind,count,articles,sentences,chars\n\
             a,核酸,word,18446744073709551615,1,1,2\n\
             a,核酸,word,1,1,1,2\n",
        )
        .unwrap();
        let want = format!(
            "{}: issue `a`, term `核酸`: the counts add up to more than 18446744073709551615",
            path.display()
        );
        let err = read_counts(&path, |_| false).unwrap_err();
        assert_eq!(err.to_string(), want);
        assert_eq!(merge(&[&path]).unwrap_err().to_string(), want);
    }

    /// The same for an issue's sizes, which `merge` adds across its inputs.
    #[test]
    fn merged_sizes_that_overflow_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counts.csv");
        std::fs::write(
            &path,
            "issue,term,kind,count,articles,sentences,chars\n\
             a,核酸,word,1,1,1,18446744073709551615\n",
        )
        .unwrap();
        assert_eq!(
            read_counts(&path, |_| false).unwrap().docs,
            vec![vec![(0, 1)]]
        );
        let err = merge(&[&path, &path]).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}: issue `a`: its articles, sentences or chars add up to more than \
                 18446744073709551615 across the inputs",
                path.display()
            )
        );
    }

    /// Found by fuzzing (`scripts/fuzz counts_parquet`): a Parquet file with bytes cut out of
    /// its middle, whose footer points past its end, panicked inside polars; now an error
    /// that names the file and says what is wrong, before polars reads anything.
    #[test]
    fn fuzz_counts_parquet_chunk_outside_file() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz-regressions/counts-parquet-chunk-outside-file.parquet");
        for err in [
            read_counts(&path, |_| false).unwrap_err(),
            merge(&[&path]).unwrap_err(),
        ] {
            let msg = err.to_string();
            assert!(
                msg.starts_with(&format!("{}: row group 1, column `", path.display())),
                "{msg}"
            );
            assert!(
                msg.ends_with(
                    "its data lies outside the file (25458 bytes); the file is truncated or damaged"
                ),
                "{msg}"
            );
        }
    }

    /// Found by fuzzing (`scripts/fuzz counts_parquet`): a page header giving a negative
    /// number of values made polars reserve 2^61 bytes, and the failed allocation aborted the
    /// process (no panic to catch); now the page headers are checked before polars reads.
    #[test]
    fn fuzz_counts_parquet_negative_page_values() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz-regressions/counts-parquet-negative-page-values.parquet");
        let msg = read_counts(&path, |_| false).unwrap_err().to_string();
        assert_eq!(
            msg,
            format!(
                "{}: row group 1, column `issue`: its pages hold more values than the 15 its \
                 footer gives; the file is damaged",
                path.display()
            )
        );
    }

    /// Found by fuzzing (`scripts/fuzz counts_parquet`): a footer whose FileMetaData gives its
    /// schema (field 2) as a bool, which polars read as a list header declaring 481 million
    /// schema elements; it reserved 80 GB for them and the failed allocation aborted the
    /// process. Now the footer is walked first, as polars decodes it (`parquet_check`).
    #[test]
    fn fuzz_counts_parquet_footer_list_length() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz-regressions/counts-parquet-footer-list-length.parquet");
        for err in [
            read_counts(&path, |_| false).unwrap_err(),
            merge(&[&path]).unwrap_err(),
        ] {
            assert_eq!(
                err.to_string(),
                format!(
                    "{}: its footer (metadata) gives field 2 of FileMetaData the type bool, \
                     where Parquet has a list; the file is damaged",
                    path.display()
                )
            );
        }
    }

    /// A counts file cut short (a copy interrupted): an error naming the file, not a panic.
    #[test]
    fn a_truncated_parquet_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = seed_counts(dir.path());
        let bytes = std::fs::read(&path).unwrap();
        for keep in [0, 4, 100, bytes.len() / 2, bytes.len() - 9, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..keep]).unwrap();
            let msg = read_counts(&path, |_| false).unwrap_err().to_string();
            assert!(
                msg.starts_with(&path.display().to_string()),
                "{keep}: {msg}"
            );
        }
    }
}
