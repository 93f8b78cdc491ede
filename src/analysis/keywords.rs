//! `keywords`: the terms that characterise each issue against the other issues of the same
//! corpus, by TF-IDF (docs/comparing.md, docs/statistics.md). The documents are the issues, or with `--by` the groups of
//! a metadata column (all the issues of a group together make one document).
//!
//! D is the number of documents with counted tokens (word, latin and number tokens that are
//! not stopwords: exactly what `freq` counts); a document has n counted tokens, and a term t
//! occurs `count` times in it and in df(t) of the D documents:
//!
//! - `tf` = count / n, the term's relative frequency in the document
//! - `idf` = ln(D / df(t)), natural log, no smoothing (Spärck Jones 1972)
//! - `tfidf` = tf · idf (Manning, Raghavan & Schütze 2008, §6.2, with tf as relative
//!   frequency so that long and short issues compare)
//! - `rank`: competition rank by tfidf within the document (tied values share the best rank,
//!   as `freq`'s rank by count); rows are sorted by tfidf descending, ties by term in
//!   code-point order. The rank is the place among all the document's terms: `--min-count`
//!   and `--top` only drop rows.
//!
//! A term in every document has idf = ln 1 = 0 and tfidf 0: it is kept (ranked last) unless
//! `--top` cuts it. With D = 1 every idf is 0 (the CLI warns).
//!
//! Why the numbers differ from other tools:
//!
//! - jieba's own keyword extractor (`jieba-rs`'s `TfIdf`, Python `jieba.analyse.extract_tags`)
//!   takes its idf from the `idf.txt` shipped with jieba, learned once from a general corpus;
//!   it ignores the corpus at hand, so a word common in every issue of this paper (疫情 in a
//!   COVID-19 corpus) still scores high there. Here it gets idf = ln(D/D) = 0: these are the
//!   words that set an issue apart from the others of the same corpus.
//! - scikit-learn's `TfidfVectorizer` smooths by default, idf = ln((1 + D)/(1 + df)) + 1, so
//!   that no idf is 0, uses raw counts as tf and then scales each document's vector to unit
//!   length: its values are not comparable with these.
//!
//! Memory: df is known only once every document has been seen, so the streaming pass spills
//! each issue's (term id, count) pairs to a temporary file (`spill.rs`) and keeps only the
//! vocabulary-sized df counts; the file is read back twice (df, then the rows), one document
//! at a time, and rows are handed over in batches.

use polars::prelude::*;
use rustc_hash::FxHashMap;

use super::counts::CountsTable;
use super::spill::Spill;
use super::{Groups, scan_counts};
use crate::columns as col;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::table::frame;
use crate::tokenize::{Segmenter, Vocab};

/// Rows per batch handed to the writer.
const BATCH_ROWS: usize = 1 << 16;

#[derive(Debug, Clone)]
pub struct KeywordsOptions {
    /// The documents are the groups of this metadata column (or `issue`); `None` = the issues,
    /// in corpus order.
    pub by: Option<String>,
    /// Keep the first N rows of each document; 0 keeps them all.
    pub top: usize,
    /// Keep terms seen at least this many times in the document.
    pub min_count: u64,
}

impl Default for KeywordsOptions {
    fn default() -> Self {
        KeywordsOptions {
            by: None,
            top: 10,
            min_count: 1,
        }
    }
}

/// The finished table and the number of documents D it was computed over.
#[derive(Debug, Clone)]
pub struct Keywords {
    pub table: DataFrame,
    pub documents: usize,
}

/// The schema of the table: `issue` (or `group` with `--by`), term, count, tf, idf, tfidf,
/// rank.
pub fn keywords_schema(by: bool) -> Schema {
    let first = if by { col::GROUP } else { col::ISSUE };
    let fields = [
        (first, DataType::String),
        (col::TERM, DataType::String),
        (col::COUNT, DataType::UInt64),
        (col::TF, DataType::Float64),
        (col::IDF, DataType::Float64),
        (col::TFIDF, DataType::Float64),
        (col::RANK, DataType::UInt64),
    ];
    fields
        .into_iter()
        .map(|(n, t)| Field::new(n.into(), t))
        .collect()
}

/// Documents of the issues given by id: one per issue, in the order given.
fn issue_documents(ids: Vec<String>) -> Groups {
    Groups {
        of_doc: (0..ids.len()).collect(),
        labels: ids,
    }
}

/// The documents of a corpus: its issues in corpus order (as `issues` lists them), or the
/// groups of `by` sorted as `Groups` sorts them.
pub fn corpus_documents(corpus: &Corpus, by: Option<&str>) -> Result<Groups> {
    match by {
        Some(_) => Groups::new(corpus, by),
        None => Ok(issue_documents(
            corpus.docs.iter().map(|d| d.id.clone()).collect(),
        )),
    }
}

/// Each issue's counted-term counts, spilled during the pass; the table after it. This is
/// what the report feeds from its own pass.
pub struct KeywordsAccumulator {
    documents: Groups,
    spill: Spill,
}

impl KeywordsAccumulator {
    /// `documents`: from [`corpus_documents`].
    pub fn new(documents: Groups) -> Result<Self> {
        Ok(KeywordsAccumulator {
            documents,
            spill: Spill::new()?,
        })
    }

    /// Add issue `doc`'s counted-term counts (provisional ids of the pass); issues come in
    /// document order, each once.
    pub fn add_doc(&mut self, doc: usize, counts: &[(u32, u64)]) -> Result<()> {
        debug_assert_eq!(doc, self.spill.len(), "issues in order");
        self.spill.push(counts)
    }

    /// The whole table; `remap` turns the ids added into ids of `vocab`.
    pub fn table(self, vocab: &Vocab, remap: &[u32], opts: &KeywordsOptions) -> Result<Keywords> {
        let mut table = DataFrame::empty_with_schema(&keywords_schema(opts.by.is_some()));
        let documents = self.emit(vocab, remap, opts, &mut |df| {
            table.vstack_mut_owned(df)?;
            Ok(())
        })?;
        Ok(Keywords { table, documents })
    }

    /// The table in batches handed to `emit`; returns D.
    pub fn emit(
        self,
        vocab: &Vocab,
        remap: &[u32],
        opts: &KeywordsOptions,
        emit: &mut dyn FnMut(DataFrame) -> Result<()>,
    ) -> Result<usize> {
        let mut spill = self.spill.finish()?;
        let mut read = |issue: usize, out: &mut Vec<(u32, u64)>| {
            let start = out.len();
            spill.read(issue, out)?;
            for p in &mut out[start..] {
                p.0 = remap[p.0 as usize];
            }
            Ok(())
        };
        emit_documents(&self.documents, vocab, opts, &mut read, emit)
    }
}

/// Appends an issue's (term id, count) pairs to the vector.
type ReadIssue<'a> = dyn FnMut(usize, &mut Vec<(u32, u64)>) -> Result<()> + 'a;

/// A document's counts: its issues' pairs added up, sorted by id.
fn document_counts(
    issues: &[usize],
    read: &mut ReadIssue<'_>,
    buf: &mut Vec<(u32, u64)>,
) -> Result<()> {
    buf.clear();
    if let [issue] = issues {
        read(*issue, buf)?;
    } else {
        let mut sum: FxHashMap<u32, u64> = FxHashMap::default();
        for &issue in issues {
            read(issue, buf)?;
            for &(id, c) in buf.iter() {
                *sum.entry(id).or_insert(0) += c;
            }
            buf.clear();
        }
        buf.extend(sum);
    }
    buf.sort_unstable_by_key(|p| p.0);
    Ok(())
}

/// One row of the table, before it becomes columns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeywordRow {
    pub term: u32,
    pub count: u64,
    pub tf: f64,
    pub idf: f64,
    pub tfidf: f64,
    pub rank: u64,
}

/// The rows of one document of `counts` (final ids, sorted, n = Σ count > 0) among D
/// documents, `df` indexed by id: sorted by tfidf descending then term (ids are in term
/// order), ranked, then cut by `min_count` and `top`.
pub fn document_rows(
    counts: &[(u32, u64)],
    df: &[u32],
    d: usize,
    opts: &KeywordsOptions,
) -> Vec<KeywordRow> {
    let n: u64 = counts.iter().map(|p| p.1).sum();
    let mut rows: Vec<KeywordRow> = counts
        .iter()
        .map(|&(term, count)| {
            let tf = count as f64 / n as f64;
            let idf = (d as f64 / f64::from(df[term as usize])).ln();
            KeywordRow {
                term,
                count,
                tf,
                idf,
                tfidf: tf * idf,
                rank: 0,
            }
        })
        .collect();
    let order =
        |a: &KeywordRow, b: &KeywordRow| b.tfidf.total_cmp(&a.tfidf).then(a.term.cmp(&b.term));
    let top = if opts.top == 0 { usize::MAX } else { opts.top };
    // Without a count threshold only the first `top` rows are kept, and a row's rank depends
    // only on the rows before it: select them, then sort just those.
    if opts.min_count <= 1 && top < rows.len() {
        rows.select_nth_unstable_by(top - 1, order);
        rows.truncate(top);
    }
    rows.sort_unstable_by(order);
    // competition ranks ("1224"): a row tied with the one before shares its rank
    for i in 0..rows.len() {
        rows[i].rank = match i {
            0 => 1,
            _ if rows[i].tfidf == rows[i - 1].tfidf => rows[i - 1].rank,
            _ => i as u64 + 1,
        };
    }
    rows.retain(|r| r.count >= opts.min_count);
    rows.truncate(top);
    rows
}

/// Columns of the rows gathered so far, handed over in batches.
struct Batch<'a> {
    first: &'static str,
    vocab: &'a Vocab,
    document: Vec<&'a str>,
    rows: Vec<KeywordRow>,
}

impl<'a> Batch<'a> {
    fn push(&mut self, label: &'a str, rows: &[KeywordRow]) {
        self.document.extend(std::iter::repeat_n(label, rows.len()));
        self.rows.extend_from_slice(rows);
    }

    fn take(&mut self) -> Result<DataFrame> {
        let rows = std::mem::take(&mut self.rows);
        let f = |g: fn(&KeywordRow) -> f64| rows.iter().map(g).collect::<Vec<_>>();
        let u = |g: fn(&KeywordRow) -> u64| rows.iter().map(g).collect::<Vec<_>>();
        frame(vec![
            Column::new(self.first.into(), std::mem::take(&mut self.document)),
            Column::new(
                col::TERM.into(),
                rows.iter()
                    .map(|r| self.vocab.term(r.term))
                    .collect::<Vec<_>>(),
            ),
            Column::new(col::COUNT.into(), u(|r| r.count)),
            Column::new(col::TF.into(), f(|r| r.tf)),
            Column::new(col::IDF.into(), f(|r| r.idf)),
            Column::new(col::TFIDF.into(), f(|r| r.tfidf)),
            Column::new(col::RANK.into(), u(|r| r.rank)),
        ])
    }
}

/// The table of `documents`, whose issues' counts (ids of `vocab`) `read` gives: a first
/// reading for D and df, a second for the rows, one document at a time. Returns D.
fn emit_documents(
    documents: &Groups,
    vocab: &Vocab,
    opts: &KeywordsOptions,
    read: &mut ReadIssue<'_>,
    emit: &mut dyn FnMut(DataFrame) -> Result<()>,
) -> Result<usize> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); documents.labels.len()];
    for (issue, &g) in documents.of_doc.iter().enumerate() {
        members[g].push(issue);
    }
    let mut df = vec![0u32; vocab.len()];
    let mut d = 0;
    let mut buf = Vec::new();
    for issues in &members {
        document_counts(issues, read, &mut buf)?;
        d += usize::from(!buf.is_empty());
        for &(id, _) in &buf {
            df[id as usize] += 1;
        }
    }
    let mut batch = Batch {
        first: if opts.by.is_some() {
            col::GROUP
        } else {
            col::ISSUE
        },
        vocab,
        document: Vec::new(),
        rows: Vec::new(),
    };
    for (issues, label) in members.iter().zip(&documents.labels) {
        document_counts(issues, read, &mut buf)?;
        if buf.is_empty() {
            continue;
        }
        batch.push(label, &document_rows(&buf, &df, d, opts));
        if batch.rows.len() >= BATCH_ROWS {
            emit(batch.take()?)?;
        }
    }
    if !batch.rows.is_empty() {
        emit(batch.take()?)?;
    }
    Ok(d)
}

/// The table in one streaming pass over the corpus (each issue's counts spilled, see the
/// module documentation), handed to `emit` in batches; returns D.
pub fn keywords_scan(
    corpus: &Corpus,
    seg: &Segmenter,
    progress: &(dyn Fn(u64) + Sync),
    opts: &KeywordsOptions,
    emit: &mut dyn FnMut(DataFrame) -> Result<()>,
) -> Result<usize> {
    let mut acc = KeywordsAccumulator::new(corpus_documents(corpus, opts.by.as_deref())?)?;
    let mut failed = Ok(());
    let (vocab, remap) = scan_counts(corpus, seg, progress, |d, counts| {
        if failed.is_ok() {
            failed = acc.add_doc(d, counts);
        }
    })?;
    failed?;
    acc.emit(&vocab, &remap, opts, emit)
}

/// The same table from a counts file (`zhcorpus count` output): its issues in file order, or
/// the groups of `--by`.
pub fn keywords_counts(
    table: &CountsTable,
    path: &std::path::Path,
    opts: &KeywordsOptions,
    emit: &mut dyn FnMut(DataFrame) -> Result<()>,
) -> Result<usize> {
    let documents = match opts.by {
        Some(_) => table.groups(opts.by.as_deref(), path)?,
        None => issue_documents(table.issues.clone()),
    };
    let mut read = |issue: usize, out: &mut Vec<(u32, u64)>| {
        out.extend_from_slice(&table.docs[issue]);
        Ok(())
    };
    emit_documents(&documents, &table.vocab, opts, &mut read, emit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64) {
        assert!((got - want).abs() <= 1e-12, "got {got}, want {want}");
    }

    fn opts(top: usize, min_count: u64) -> KeywordsOptions {
        KeywordsOptions {
            by: None,
            top,
            min_count,
        }
    }

    /// Three documents over the terms 0..4 (ids in term order):
    /// doc a: 0×2, 1×5, 2×3 (n = 10); doc b: 1×4, 3×4 (n = 8); doc c: 1×1, 3×1 (n = 2).
    /// df: 0 → 1, 1 → 3, 2 → 1, 3 → 2.
    fn three() -> (Vec<Vec<(u32, u64)>>, Vec<u32>) {
        (
            vec![
                vec![(0, 2), (1, 5), (2, 3)],
                vec![(1, 4), (3, 4)],
                vec![(1, 1), (3, 1)],
            ],
            vec![1, 3, 1, 2],
        )
    }

    #[test]
    fn hand_worked_tf_idf() {
        let (docs, df) = three();
        let rows = document_rows(&docs[0], &df, 3, &opts(0, 1));
        let got: Vec<(u32, u64, u64)> = rows.iter().map(|r| (r.term, r.count, r.rank)).collect();
        // term 2: tf 3/10 = 0.3, idf ln(3/1) = 1.0986122886681098, tfidf 0.32958368660043291
        // term 0: tf 2/10 = 0.2, idf ln 3, tfidf 0.21972245773362196
        // term 1: in every document, idf ln(3/3) = 0, tfidf 0: last
        assert_eq!(got, [(2, 3, 1), (0, 2, 2), (1, 5, 3)]);
        close(rows[0].tf, 0.3);
        close(rows[0].idf, 3f64.ln());
        close(rows[0].idf, 1.0986122886681098);
        close(rows[0].tfidf, 0.3295836866004329);
        close(rows[1].tf, 0.2);
        close(rows[1].tfidf, 0.21972245773362196);
        assert_eq!((rows[2].idf, rows[2].tfidf), (0.0, 0.0));
        // doc b: term 3 tf 4/8 = 0.5, idf ln(3/2) = 0.4054651081081644, tfidf 0.2027325540540822
        let rows = document_rows(&docs[1], &df, 3, &opts(0, 1));
        assert_eq!((rows[0].term, rows[0].rank), (3, 1));
        close(rows[0].tfidf, 0.2027325540540822);
        assert_eq!((rows[1].term, rows[1].tfidf, rows[1].rank), (1, 0.0, 2));
    }

    #[test]
    fn top_and_min_count_cut_rows_not_ranks() {
        let (docs, df) = three();
        let rows = document_rows(&docs[0], &df, 3, &opts(1, 1));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].term, 2);
        // count ≥ 3 drops term 0 (count 2); term 1 keeps its rank 3
        let rows = document_rows(&docs[0], &df, 3, &opts(0, 3));
        let got: Vec<(u32, u64)> = rows.iter().map(|r| (r.term, r.rank)).collect();
        assert_eq!(got, [(2, 1), (1, 3)]);
    }

    #[test]
    fn ties_share_a_rank_and_go_by_term() {
        // terms 0..3 once each in a document of 4 tokens; every df 1 of D = 2
        let counts = [(0, 1), (1, 1), (2, 1), (3, 1)];
        let rows = document_rows(&counts, &[1, 1, 1, 1], 2, &opts(0, 1));
        let got: Vec<(u32, u64)> = rows.iter().map(|r| (r.term, r.rank)).collect();
        assert_eq!(got, [(0, 1), (1, 1), (2, 1), (3, 1)]);
        // tf 1/4 · ln 2 = 0.17328679513998632
        close(rows[3].tfidf, 0.17328679513998632);
    }

    fn vocab(n: usize) -> Vocab {
        let terms = ["乙", "丙", "丁", "甲", "戊"][..n]
            .iter()
            .map(|&s| s.into());
        Vocab::from_terms(terms.collect(), |_| false).0
    }

    /// The whole table from documents given by (id, count) pairs of `v`.
    fn run(
        documents: Groups,
        docs: &[Vec<(u32, u64)>],
        v: &Vocab,
        o: &KeywordsOptions,
    ) -> Keywords {
        let mut acc = KeywordsAccumulator::new(documents).unwrap();
        for (d, c) in docs.iter().enumerate() {
            acc.add_doc(d, c).unwrap();
        }
        let remap: Vec<u32> = (0..v.len() as u32).collect();
        acc.table(v, &remap, o).unwrap()
    }

    #[test]
    fn one_document_has_every_idf_zero() {
        let v = vocab(2);
        let k = run(
            issue_documents(vec!["a".into(), "empty".into()]),
            &[vec![(0, 1), (1, 3)], vec![]],
            &v,
            &opts(10, 1),
        );
        // the issue without counted tokens is no document: D = 1
        assert_eq!(k.documents, 1);
        let t = &k.table;
        assert_eq!(t.height(), 2);
        let idf = t.column(col::IDF).unwrap().f64().unwrap();
        assert_eq!((idf.get(0), idf.get(1)), (Some(0.0), Some(0.0)));
        let rank = t.column(col::RANK).unwrap().u64().unwrap();
        assert_eq!((rank.get(0), rank.get(1)), (Some(1), Some(1)));
    }

    #[test]
    fn groups_add_their_issues_up() {
        // issues 0 and 2 make group x, issue 1 group y; D = 2
        let v = vocab(3);
        let (a, b, c) = (
            v.id("乙").unwrap(),
            v.id("丙").unwrap(),
            v.id("丁").unwrap(),
        );
        let groups = Groups::from_values(vec!["x".into(), "y".into(), "x".into()]);
        let docs = vec![vec![(a, 1), (b, 1)], vec![(b, 2)], vec![(a, 2), (c, 4)]];
        let o = KeywordsOptions {
            by: Some("g".into()),
            ..opts(0, 1)
        };
        let k = run(groups, &docs, &v, &o);
        assert_eq!(k.documents, 2);
        let names: Vec<&str> = k
            .table
            .get_column_names()
            .iter()
            .map(|c| c.as_str())
            .collect();
        assert_eq!(
            names,
            ["group", "term", "count", "tf", "idf", "tfidf", "rank"]
        );
        let term = k.table.column(col::TERM).unwrap().str().unwrap();
        let count = k.table.column(col::COUNT).unwrap().u64().unwrap();
        let tfidf = k.table.column(col::TFIDF).unwrap().f64().unwrap();
        let got: Vec<(&str, u64)> = (0..k.table.height())
            .map(|i| (term.get(i).unwrap(), count.get(i).unwrap()))
            .collect();
        // x: 乙 3, 丙 1, 丁 4 (n = 8); 丁 4/8 · ln 2, 乙 3/8 · ln 2, 丙 (in y too) 0; y: 丙 0
        assert_eq!(got, [("丁", 4), ("乙", 3), ("丙", 1), ("丙", 2)]);
        close(tfidf.get(0).unwrap(), 0.5 * 2f64.ln());
        close(tfidf.get(1).unwrap(), 0.375 * 2f64.ln());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Up to 6 issues over the terms 0..5, each (term, count) at most once, sorted by id;
        /// and a group (0..3) per issue.
        fn issues() -> impl Strategy<Value = Vec<(Vec<(u32, u64)>, usize)>> {
            let doc = proptest::collection::btree_map(0u32..5, 1u64..6, 0..5)
                .prop_map(|m| m.into_iter().collect::<Vec<_>>());
            proptest::collection::vec((doc, 0usize..3), 1..7)
        }

        proptest! {
            #[test]
            fn the_spilled_pass_agrees_with_the_definition(docs in issues(), by in any::<bool>()) {
                let v = vocab(5);
                let documents = if by {
                    Groups::from_values(docs.iter().map(|d| format!("g{}", d.1)).collect())
                } else {
                    issue_documents((0..docs.len()).map(|i| format!("i{i}")).collect())
                };
                let counts: Vec<Vec<(u32, u64)>> = docs.iter().map(|d| d.0.clone()).collect();
                let o = KeywordsOptions { by: by.then(|| "g".to_string()), ..opts(0, 1) };
                let k = run(documents.clone(), &counts, &v, &o);
                // the same from memory, as a counts file gives it
                let mut read = |i: usize, out: &mut Vec<(u32, u64)>| {
                    out.extend_from_slice(&counts[i]);
                    Ok(())
                };
                let mut direct = DataFrame::empty_with_schema(&keywords_schema(by));
                let d = emit_documents(&documents, &v, &o, &mut read, &mut |df| {
                    direct.vstack_mut_owned(df)?;
                    Ok(())
                }).unwrap();
                prop_assert_eq!(d, k.documents);
                prop_assert!(direct.equals_missing(&k.table));
                // the definition: each document's counts summed over its issues
                let mut per_doc = vec![[0u64; 5]; documents.labels.len()];
                for (i, c) in counts.iter().enumerate() {
                    for &(t, n) in c {
                        per_doc[documents.of_doc[i]][t as usize] += n;
                    }
                }
                let present: Vec<&[u64; 5]> = per_doc.iter().filter(|c| c.iter().any(|&n| n > 0)).collect();
                prop_assert_eq!(d, present.len());
                let df_of = |t: usize| present.iter().filter(|c| c[t] > 0).count() as f64;
                let t = &k.table;
                let label = t.column(if by { col::GROUP } else { col::ISSUE }).unwrap().str().unwrap();
                let term = t.column(col::TERM).unwrap().str().unwrap();
                let count = t.column(col::COUNT).unwrap().u64().unwrap();
                let tfidf = t.column(col::TFIDF).unwrap().f64().unwrap();
                let rows: usize = present.iter().map(|c| c.iter().filter(|&&n| n > 0).count()).sum();
                prop_assert_eq!(t.height(), rows);
                for r in 0..t.height() {
                    let g = documents.labels.iter().position(|l| Some(l.as_str()) == label.get(r)).unwrap();
                    let id = v.id(term.get(r).unwrap()).unwrap() as usize;
                    let c = per_doc[g];
                    prop_assert_eq!(count.get(r), Some(c[id]));
                    let n: u64 = c.iter().sum();
                    let want = c[id] as f64 / n as f64 * (d as f64 / df_of(id)).ln();
                    prop_assert!((tfidf.get(r).unwrap() - want).abs() <= 1e-15);
                }
            }
        }
    }
}
