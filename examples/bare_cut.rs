//! The baseline for the speed targets: bare jieba-rs, HMM off, cutting every line of every
//! file of a corpus on all cores, with nothing else (no normalisation, no tables, no output).
//! Files are read and decoded first, outside the timed part; the timed part is the dictionary
//! load plus the cut.
//!
//! cargo run --release --example bare_cut -- CORPUS_DIR [--threads N]

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
