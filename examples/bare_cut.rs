//! The baseline for the speed targets: bare jieba-rs, HMM off, cutting every line of every
//! file of a corpus on all cores, with nothing else (no normalisation, no tables, no output).
//! Files are read and decoded first, outside the timed part; the timed part is the dictionary
//! load plus the cut.
//!
//! `--count` measures instead the least a word count can do with jieba-rs' public API: read
//! and decode the files, cut every line, and count the tokens by string (one hash map per
//! file, merged), all inside the timed part. It is the floor of `zhcorpus freq` without
//! normalisation, structure, token kinds or output.
//!
//! `--compare R` runs, in one process and in R interleaved rounds (so that a machine whose
//! speed drifts slows them alike), on texts read beforehand: the bare cut; the cut plus a count
//! by string (the `--count` floor without reading); and zhcorpus' whole per-issue work
//! (normalise, structure, cut, intern, count). It prints each one's median seconds and its
//! ratio to the bare cut: how far the pipeline's own work is from the least a count can do.
//!
//! cargo run --release --example bare_cut -- CORPUS_DIR [--threads N] [--normalized | --count | --compare R]

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: bare_cut CORPUS_DIR [--threads N]");
        std::process::exit(2);
    };
    if let Some(i) = args.iter().position(|a| a == "--threads")
        && let Some(n) = args.get(i + 1).and_then(|n| n.parse().ok())
    {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    let mut files = Vec::new();
    collect(Path::new(dir), &mut files);
    files.sort();
    if args.iter().any(|a| a == "--count") {
        count(&files);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--compare") {
        let rounds = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(5);
        compare(&files, rounds);
        return;
    }
    let texts: Vec<String> = files
        .par_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| zhcorpus::corpus::decode::decode(&b).ok().map(|d| d.text))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    // --normalized: cut the sentences the pipeline cuts (normalised outside the timed part).
    let texts: Vec<String> = if args.iter().any(|a| a == "--normalized") {
        texts
            .par_iter()
            .map(|t| {
                let mut out = String::new();
                for a in
                    zhcorpus::corpus::structure::articles(zhcorpus::corpus::normalize::normalize(t))
                {
                    for s in a.sentences() {
                        out.push_str(s);
                        out.push('\n');
                    }
                }
                out
            })
            .collect()
    } else {
        texts
    };
    let start = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let load = start.elapsed().as_secs_f64();
    let tokens: usize = texts
        .par_iter()
        .map(|t| t.lines().map(|l| jieba.cut(l, false).len()).sum::<usize>())
        .sum();
    let total = start.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1048576.0;
    println!(
        "bare jieba-rs: {mb:.1} MB, {tokens} tokens, dictionary {load:.2} s, total {total:.2} s, {:.1} MB/s",
        mb / total
    );
}

/// The `--count` floor: read, decode, cut and count by string, all timed.
fn count(files: &[PathBuf]) {
    use rustc_hash::FxHashMap;
    let start = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let (bytes, counts) = files
        .par_iter()
        .map(|p| {
            let raw = std::fs::read(p).unwrap_or_default();
            let text = zhcorpus::corpus::decode::decode(&raw)
                .map(|d| d.text)
                .unwrap_or_default();
            let mut local: FxHashMap<&str, u64> = FxHashMap::default();
            for line in text.lines() {
                for t in jieba.cut(line, false) {
                    *local.entry(t.word).or_default() += 1;
                }
            }
            let owned: Vec<(String, u64)> =
                local.into_iter().map(|(w, n)| (w.to_string(), n)).collect();
            (raw.len(), owned)
        })
        .fold(
            || (0usize, FxHashMap::<String, u64>::default()),
            |(b, mut all), (n, part)| {
                for (w, c) in part {
                    *all.entry(w).or_default() += c;
                }
                (b + n, all)
            },
        )
        .reduce(
            || (0usize, FxHashMap::default()),
            |(b1, mut a), (b2, m)| {
                for (w, c) in m {
                    *a.entry(w).or_default() += c;
                }
                (b1 + b2, a)
            },
        );
    let total = start.elapsed().as_secs_f64();
    let tokens: u64 = counts.values().sum();
    let mb = bytes as f64 / 1048576.0;
    println!(
        "jieba-rs word count: {mb:.1} MB, {tokens} tokens, {} types, total {total:.2} s, {:.1} MB/s",
        counts.len(),
        mb / total
    );
}

/// `--compare`: the bare cut, the cut with a count by string, and zhcorpus' per-issue work,
/// interleaved on texts already in memory.
fn compare(files: &[PathBuf], rounds: usize) {
    use rustc_hash::FxHashMap;
    use zhcorpus::tokenize::{Interner, Segmenter, SegmenterOptions, segment_text};
    let texts: Vec<String> = files
        .par_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| zhcorpus::corpus::decode::decode(&b).ok().map(|d| d.text))
        .collect();
    let jieba = jieba_rs::Jieba::new();
    let seg = match Segmenter::new(&SegmenterOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let bare = || -> u64 {
        texts
            .par_iter()
            .map(|t| {
                t.lines()
                    .map(|l| jieba.cut(l, false).len() as u64)
                    .sum::<u64>()
            })
            .sum()
    };
    let by_string = || -> u64 {
        texts
            .par_iter()
            .map(|t| {
                let mut local: FxHashMap<&str, u64> = FxHashMap::default();
                for line in t.lines() {
                    for w in jieba.cut(line, false) {
                        *local.entry(w.word).or_default() += 1;
                    }
                }
                local.len() as u64
            })
            .sum()
    };
    let pipeline = || -> u64 {
        let interner = Interner::default();
        texts
            .par_iter()
            .map(|t| {
                segment_text(t, "utf-8", &seg, &interner)
                    .local_counts()
                    .len() as u64
            })
            .sum()
    };
    let normalise = || -> u64 {
        use zhcorpus::corpus::{normalize::normalize, structure::articles};
        texts
            .par_iter()
            .map(|t| {
                let mut n = 0u64;
                for a in articles(normalize(t)) {
                    for s in a.sentences() {
                        n += std::hint::black_box(s.to_string()).len() as u64;
                    }
                }
                n
            })
            .sum()
    };
    let names = [
        "bare cut",
        "cut + count by string",
        "zhcorpus per-issue work",
        "normalise only",
    ];
    let jobs: [&(dyn Fn() -> u64 + Sync); 4] = [&bare, &by_string, &pipeline, &normalise];
    let mut secs = vec![Vec::new(); jobs.len()];
    for _ in 0..rounds {
        for (j, job) in jobs.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(job());
            secs[j].push(t.elapsed().as_secs_f64());
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let base = median(&mut secs[0].clone());
    for (name, v) in names.iter().zip(&mut secs) {
        let m = median(v);
        println!("{name:<26} median {m:.3} s  {:.2}x the bare cut", m / base);
    }
}
