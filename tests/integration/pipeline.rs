//! The library pipeline: segmentation fidelity, determinism across threads, and the n-gram
//! measures on a corpus small enough to work by hand.

use std::sync::LazyLock;

use proptest::prelude::*;
use zhcorpus::analysis::ngrams::{NgramOptions, ngram_rows};
use zhcorpus::corpus::{Corpus, Document, load_corpus};
use zhcorpus::pass::tokenize;
use zhcorpus::tokenize::{Segmenter, SegmenterOptions, Tokenized};

use crate::util::seeds;

static SEG: LazyLock<Segmenter> =
    LazyLock::new(|| Segmenter::new(&SegmenterOptions::default()).unwrap());
static SEEDS: LazyLock<Corpus> = LazyLock::new(|| load_corpus(&seeds()).unwrap());

fn tokenize_on(threads: usize, corpus: &Corpus) -> Tokenized {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| tokenize(corpus, &SEG, &|_| {}))
        .unwrap()
}

fn terms(t: &Tokenized) -> Vec<Vec<Vec<String>>> {
    t.docs
        .iter()
        .map(|d| {
            d.sentences
                .iter()
                .map(|s| {
                    d.sentence_tokens(s)
                        .iter()
                        .map(|&id| t.vocab.term(id).to_string())
                        .collect()
                })
                .collect()
        })
        .collect()
}

#[test]
fn each_sentence_is_what_jieba_gives_for_its_text() {
    let jieba = jieba_rs::Jieba::new();
    let t = tokenize_on(2, &SEEDS);
    let mut sentences = 0;
    for d in &t.docs {
        for s in &d.sentences {
            let expected: Vec<&str> = jieba
                .cut(d.sentence_text(s), false)
                .into_iter()
                .map(|tok| tok.word)
                .filter(|w| !w.trim().is_empty())
                .collect();
            let got: Vec<&str> = d
                .sentence_tokens(s)
                .iter()
                .map(|&id| t.vocab.term(id))
                .collect();
            assert_eq!(got, expected, "{}", d.sentence_text(s));
            sentences += 1;
        }
    }
    assert!(sentences > 600, "{sentences}");
}

#[test]
fn parallel_and_sequential_tokenisation_are_identical_on_the_seeds() {
    let one = tokenize_on(1, &SEEDS);
    let two = tokenize_on(2, &SEEDS);
    assert_eq!(one.docs, two.docs);
    let vocab = |t: &Tokenized| {
        (0..t.vocab.len() as u32)
            .map(|i| t.vocab.term(i).to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(vocab(&one), vocab(&two));
}

fn corpus_of(texts: &[String]) -> Corpus {
    Corpus {
        root: "mem".into(),
        name: "mem".into(),
        meta_columns: vec![],
        docs: texts
            .iter()
            .enumerate()
            .map(|(i, text)| Document {
                id: format!("d{i}"),
                rel_path: format!("d{i}.txt"),
                path: format!("d{i}.txt").into(),
                text: Some(text.clone()),
                bytes: text.len() as u64,
                meta: vec![],
                skip: vec![],
            })
            .collect(),
        warnings: vec![],
        walk: Default::default(),
    }
}

/// Documents cut from the seeds at random places, so that tests see real text in new shapes.
fn seed_slices() -> impl Strategy<Value = Vec<String>> {
    let all: Vec<char> = SEEDS
        .docs
        .iter()
        .flat_map(|d| d.read().unwrap().text.chars().collect::<Vec<_>>())
        .collect();
    let n = all.len();
    prop::collection::vec((0..n, 0usize..600), 1..6).prop_map(move |spans| {
        spans
            .into_iter()
            .map(|(start, len)| all[start..(start + len).min(n)].iter().collect())
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn parallel_equals_sequential(texts in seed_slices()) {
        let c = corpus_of(&texts);
        let one = tokenize_on(1, &c);
        let two = tokenize_on(2, &c);
        prop_assert_eq!(terms(&one), terms(&two));
        prop_assert_eq!(one.docs, two.docs);
    }

    #[test]
    fn ngram_counts_never_cross_a_sentence(texts in seed_slices()) {
        let c = corpus_of(&texts);
        let t = tokenize_on(2, &c);
        let opts = NgramOptions { min_count: 1, ..NgramOptions::default() };
        let rows = ngram_rows(&t, 2, &opts);
        // Recount every bigram by brute force, sentence by sentence.
        let mut expected = std::collections::BTreeMap::new();
        for d in &t.docs {
            for s in &d.sentences {
                let toks = d.sentence_tokens(s);
                for w in toks.windows(2) {
                    if w.iter().all(|&id| t.vocab.is_counted(id)) {
                        *expected.entry(format!("{} {}", t.vocab.term(w[0]), t.vocab.term(w[1]))).or_insert(0u64) += 1;
                    }
                }
            }
        }
        let got: std::collections::BTreeMap<String, u64> = rows.iter().map(|r| (r.tokens.clone(), r.count)).collect();
        prop_assert_eq!(got, expected);
    }
}

/// Latin tokens make the segmentation obvious: `a b。a b。a c。c b。` is cut into exactly
/// these letters, so the bigram table can be worked by hand:
/// bigrams ab ×2, ac ×1, cb ×1; N = 4; as first member f(a) = 3, f(c) = 1;
/// as second member f(b) = 3, f(c) = 1.
#[test]
fn bigram_measures_match_hand_worked_values() {
    let c = corpus_of(&["a b。a b。a c。c b。".to_string()]);
    let t = tokenize_on(1, &c);
    let opts = NgramOptions {
        min_count: 1,
        ..NgramOptions::default()
    };
    let rows = ngram_rows(&t, 2, &opts);
    let order: Vec<(&str, u64)> = rows.iter().map(|r| (r.tokens.as_str(), r.count)).collect();
    assert_eq!(order, [("a b", 2), ("a c", 1), ("c b", 1)]);
    let ab = &rows[0].assoc;
    // a b: O11 = 2, f(x) = 3, f(y) = 3, N = 4, E11 = 3·3/4 = 2.25
    // pmi = log2(2/2.25) = log2(8/9)
    close(ab.pmi, (8.0f64 / 9.0).log2());
    // npmi = pmi / −log2(2/4) = pmi / 1
    close(ab.npmi.unwrap(), (8.0f64 / 9.0).log2());
    // t = (2 − 2.25)/√2
    close(ab.t_score, -0.25 / 2f64.sqrt());
    // log_dice = 14 + log2(2·2/(3+3)) = 14 + log2(2/3)
    close(ab.log_dice, 14.0 + (2.0f64 / 3.0).log2());
    // 2×2 table O = [2, 1; 1, 0], rows 3 1, cols 3 1, E = [2.25, 0.75; 0.75, 0.25]
    // g2 = 2·(2 ln(2/2.25) + 1 ln(1/0.75) + 1 ln(1/0.75) + 0) = 0.6795961471815897
    close(
        ab.g2,
        2.0 * (2.0 * (2.0f64 / 2.25).ln() + 2.0 * (1.0f64 / 0.75).ln()),
    );
    close(ab.g2, 0.6795961471815897);
    // a c: O11 = 1, f(a) = 3, f(c as second) = 1, E11 = 0.75, pmi = log2(4/3)
    close(rows[1].assoc.pmi, (4.0f64 / 3.0).log2());
}

/// Trigrams: `a b c。a b c。a b d。e b c。` → abc ×2, abd ×1, ebc ×1, N = 4.
/// For abc the splits are a|bc (f(a…) = 3, f(…bc) = 3: pmi = log2(2·4/9)) and
/// ab|c (f(ab…) = 3, f(…c) = 3: the same), so the first split is reported.
/// For abd: a|bd has f(a…) = 3, f(…bd) = 1, pmi = log2(1·4/3); ab|d has f(ab…) = 3, f(…d) = 1,
/// the same again. For ebc: e|bc f(e…) = 1, f(…bc) = 3 → log2(4/3); eb|c: f(eb…) = 1,
/// f(…c) = 3 → log2(4/3).
#[test]
fn trigram_measures_use_the_weakest_split() {
    let c = corpus_of(&["a b c。a b c。a b d。e b c。".to_string()]);
    let t = tokenize_on(1, &c);
    let opts = NgramOptions {
        min_count: 1,
        sizes: vec![3],
        ..NgramOptions::default()
    };
    let rows = ngram_rows(&t, 3, &opts);
    let order: Vec<(&str, u64)> = rows.iter().map(|r| (r.ngram.as_str(), r.count)).collect();
    assert_eq!(order, [("abc", 2), ("abd", 1), ("ebc", 1)]);
    close(rows[0].assoc.pmi, (8.0f64 / 9.0).log2());
    close(rows[1].assoc.pmi, (4.0f64 / 3.0).log2());

    // A corpus where the two splits differ: x y z ×2, x y w ×1, v y z ×1, x q z ×1.
    // N = 5. xyz: x|yz: f(x…) = 4 (xyz, xyz, xyw, xqz), f(…yz) = 3 → pmi = log2(2·5/12);
    // xy|z: f(xy…) = 3, f(…z) = 4 (xyz ×2, vyz, xqz) → log2(2·5/12) too. Make them differ:
    let c = corpus_of(&["x y z。x y z。x y w。v y z。x q z。x q w。".to_string()]);
    let t = tokenize_on(1, &c);
    let rows = ngram_rows(&t, 3, &opts);
    let xyz = rows.iter().find(|r| r.ngram == "xyz").unwrap();
    // N = 6. x|yz: f(x…) = 5, f(…yz) = 3 → pmi = log2(2·6/15) = log2(0.8)
    //        xy|z: f(xy…) = 3, f(…z) = 4 → pmi = log2(2·6/12) = 0
    // The weakest split is x|yz: pmi = log2(0.8), t = (2 − 2.5)/√2,
    // log_dice = 14 + log2(4/8) = 13.
    close(xyz.assoc.pmi, 0.8f64.log2());
    close(xyz.assoc.t_score, -0.5 / 2f64.sqrt());
    close(xyz.assoc.log_dice, 13.0);
}

fn close(got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
        "got {got}, want {want}"
    );
}

/// Regression: workers cache interned ids per thread; a second pass on the same threads
/// must not reuse the first pass's ids.
#[test]
fn consecutive_passes_on_the_same_threads_do_not_share_ids() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let a = corpus_of(&["核酸检测，党员先锋。疫情防控。".to_string()]);
    let b = corpus_of(&["疫情防控工作。党员先锋。".to_string(), "核酸。".to_string()]);
    let fresh = tokenize_on(2, &b);
    let (_, again) = pool.install(|| {
        let first = tokenize(&a, &SEG, &|_| {}).unwrap();
        let second = tokenize(&b, &SEG, &|_| {}).unwrap();
        (first, second)
    });
    assert_eq!(terms(&again), terms(&fresh));
    assert_eq!(again.docs, fresh.docs);
}
