//! Criterion benchmarks of the pipeline stages, on the seed pages repeated to about 2 MB.
//!
//! cargo bench --bench pipeline
//! cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 2   # a quick run
//! cargo bench --bench pipeline -- segment                                  # one benchmark
//!
//! Throughput is input bytes (UTF-8) per second:
//! - `normalise`: OCR repair, articles and sentence splitting of one document (one thread);
//! - `segment`: `segment_text` = normalise + structure + jieba cut + interning (one thread);
//! - `jieba_cut`: bare jieba-rs, HMM off, every line of the same text (one thread): the baseline;
//! - `jieba_sentences`: bare jieba-rs on the normalised sentences `segment` cuts (diagnostic);
//! - `count`: `frequency_scan` over an in-memory corpus of the seed pages as separate
//!   documents, the whole `freq` pass up to the DataFrame, on all cores (rayon's pool).
//!
//! The dictionary is loaded once, outside the timed loops.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use zhcorpus::analysis::frequency::{FreqOptions, frequency_scan};
use zhcorpus::corpus::normalize::normalize;
use zhcorpus::corpus::structure::articles;
use zhcorpus::corpus::{Corpus, Document};
use zhcorpus::tokenize::{Interner, Segmenter, SegmenterOptions, segment_text};

/// Input size the seed text is repeated to.
const TARGET_BYTES: usize = 2 << 20;

/// The seed pages (`seeds/*.txt`, sorted), as `(file stem, text)`.
fn seed_pages() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("seeds/ entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no .txt files in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (stem, text)
        })
        .collect()
}

/// The seed pages concatenated (separated by a blank line) and repeated to `TARGET_BYTES`.
fn seed_text(pages: &[(String, String)]) -> String {
    let mut text = String::with_capacity(TARGET_BYTES + 128 * 1024);
    while text.len() < TARGET_BYTES {
        for (_, page) in pages {
            text.push_str(page);
            text.push_str("\n\n");
        }
    }
    text
}

/// An in-memory corpus of the seed pages repeated to `TARGET_BYTES`, one document per copy.
fn seed_corpus(pages: &[(String, String)]) -> Corpus {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut docs = Vec::new();
    let mut bytes = 0;
    while bytes < TARGET_BYTES {
        for (stem, page) in pages {
            let id = format!("{:04}_{stem}", docs.len());
            let rel_path = format!("{id}.txt");
            docs.push(Document {
                path: root.join(&rel_path),
                id,
                rel_path,
                text: Some(page.clone()),
                bytes: page.len() as u64,
                meta: vec![],
                skip: vec![],
            });
            bytes += page.len();
        }
    }
    Corpus {
        root,
        name: "seeds-bench".to_string(),
        meta_columns: vec![],
        docs,
        warnings: vec![],
        walk: Default::default(),
    }
}

fn pipeline(c: &mut Criterion) {
    let pages = seed_pages();
    let text = seed_text(&pages);
    let corpus = seed_corpus(&pages);
    let corpus_bytes: u64 = corpus.docs.iter().map(|d| d.bytes).sum();
    let seg = Segmenter::new(&SegmenterOptions::default()).expect("segmenter");
    let jieba = jieba_rs::Jieba::new();

    let mut g = c.benchmark_group("pipeline");
    // An iteration takes tens of milliseconds: equal-sized samples (see `config` for counts).
    g.sampling_mode(SamplingMode::Flat);

    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("normalise", |b| {
        b.iter(|| {
            let paras = normalize(black_box(&text));
            let sentences: usize = articles(paras).iter().map(|a| a.sentences().count()).sum();
            black_box(sentences)
        })
    });

    let interner = Interner::default();
    g.bench_function("segment", |b| {
        b.iter(|| black_box(segment_text(black_box(&text), "UTF-8", &seg, &interner)))
    });

    g.bench_function("jieba_cut", |b| {
        b.iter(|| {
            let tokens: usize = black_box(&text)
                .lines()
                .map(|l| jieba.cut(l, false).len())
                .sum();
            black_box(tokens)
        })
    });

    // Diagnostic: bare jieba-rs on the normalised sentences that `segment` cuts (more, shorter
    // calls than whole lines), so `segment` − `jieba_sentences` is the cost of everything
    // around the cut (normalising, sentence splitting, interning).
    let sentences: Vec<String> = articles(normalize(&text))
        .iter()
        .flat_map(|a| a.sentences().map(str::to_string).collect::<Vec<_>>())
        .collect();
    g.bench_function("jieba_sentences", |b| {
        b.iter(|| {
            let tokens: usize = black_box(&sentences)
                .iter()
                .map(|s| jieba.cut(s, false).len())
                .sum();
            black_box(tokens)
        })
    });

    g.throughput(Throughput::Bytes(corpus_bytes));
    let opts = FreqOptions {
        min_count: 1,
        ..Default::default()
    };
    g.bench_function("count", |b| {
        b.iter(|| {
            black_box(frequency_scan(black_box(&corpus), &seg, &|_| {}, &opts).expect("freq"))
        })
    });

    g.finish();
}

/// Defaults for a full run; `--warm-up-time`, `--measurement-time` and `--sample-size` on the
/// command line override them.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10))
}

criterion_group! {
    name = benches;
    config = config();
    targets = pipeline
}
criterion_main!(benches);
