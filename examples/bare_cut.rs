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
//! `--compare R` runs jobs in one process, in R interleaved rounds, so that a machine whose
//! speed drifts (this one: ±30 % between runs) slows them alike, and prints each one's median
//! and fastest seconds and its median's ratio to the bare cut's:
//!  1. the bare cut (dictionary load + cut of every line);
//!  2. the cut plus a count by string (the `--count` floor, files already read);
//!  3. zhcorpus' per-issue work: normalise, structure, cut, intern, count (`segment_text`);
//!  4. normalisation and structure alone;
//!  5. normalisation, structure and the cut (the floor for any pipeline that normalises);
//!  6. `zhcorpus freq CORPUS -o F.csv`, the whole command (it reads the files itself);
//!  7. `zhcorpus count CORPUS -o F.parquet`, the whole command;
//!  8. writing the counts table of 7, made beforehand, as `count` does: the Parquet writer's
//!     share of 7.
//!
//! Jobs 1–5 work on texts read and decoded beforehand. `--only 1,6` runs only those jobs (for
//! a profiler, or a quicker A/B).
//!
//! cargo run --release --example bare_cut -- CORPUS_DIR [--threads N]
//!     [--normalized | --count | --compare R [--only K,L,…]]

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
        // --only K,L,...: run only those jobs (1-based), for a profiler or a quicker A/B.
        let only: Option<Vec<usize>> = args
            .iter()
            .position(|a| a == "--only")
            .and_then(|i| args.get(i + 1))
            .map(|k| k.split(',').filter_map(|n| n.parse().ok()).collect());
        compare(dir, &files, rounds, only);
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

/// `--compare`: the bare cut, the cut with a count by string, zhcorpus' per-issue work, its
/// normalisation, and the `freq` and `count` commands whole, interleaved. Each job loads the
/// dictionary inside its time, as the bare cut's `total` does; the library jobs work on texts
/// already in memory, the two commands read the files (from the page cache) themselves.
fn compare(dir: &str, files: &[PathBuf], rounds: usize, only: Option<Vec<usize>>) {
    use rustc_hash::FxHashMap;
    use zhcorpus::corpus::{normalize::normalize, structure::articles};
    use zhcorpus::tokenize::{Interner, Segmenter, SegmenterOptions, segment_text};
    let texts: Vec<String> = files
        .par_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| zhcorpus::corpus::decode::decode(&b).ok().map(|d| d.text))
        .collect();
    let segmenter = || match Segmenter::new(&SegmenterOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let bare = || -> u64 {
        let jieba = jieba_rs::Jieba::new();
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
        let jieba = jieba_rs::Jieba::new();
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
        let seg = segmenter();
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
    // Normalise and structure every text as the pipeline does, handing each sentence (copied,
    // as the pipeline keeps it) to `per_sentence`.
    let sentences = |per_sentence: &(dyn Fn(&str) -> u64 + Sync)| -> u64 {
        texts
            .par_iter()
            .map(|t| {
                let mut n = 0u64;
                for a in articles(normalize(t)) {
                    for s in a.sentences() {
                        n += per_sentence(&std::hint::black_box(s.to_string()));
                    }
                }
                n
            })
            .sum()
    };
    let normalise = || sentences(&|s| s.len() as u64);
    let normalise_cut = || {
        let jieba = jieba_rs::Jieba::new();
        sentences(&|s| jieba.cut(s, false).len() as u64)
    };
    let out = std::env::temp_dir().join(format!("bare_cut_compare_{}", std::process::id()));
    let command = |name: &str, file: &str| {
        let dest = out.with_extension(file);
        let args = ["zhcorpus", "-q", name, dir, "-o"];
        let args = args.iter().map(std::ffi::OsString::from);
        let run = zhcorpus::cli::run_from(args.chain([dest.clone().into_os_string()]));
        let _ = std::fs::remove_file(&dest);
        if let Err(e) = run {
            eprintln!("zhcorpus {name}: {e:#}");
            std::process::exit(1);
        }
        0
    };
    let freq = || command("freq", "csv");
    let count = || command("count", "parquet");
    // The counts table, made once (untimed): the last job writes it again as `count` does, in
    // row groups of ROWS_PER_BATCH rows, to show what the Parquet writer alone costs.
    let table = if only.as_ref().is_none_or(|k| k.contains(&8)) {
        use polars::prelude::*;
        let made = out.with_extension("table.parquet");
        let args = ["zhcorpus", "-q", "count", dir, "-o"].map(std::ffi::OsString::from);
        let read = zhcorpus::cli::run_from(args.into_iter().chain([made.clone().into()]))
            .and_then(|()| Ok(std::fs::File::open(&made)?))
            .and_then(|f| Ok(ParquetReader::new(f).finish()?));
        let _ = std::fs::remove_file(&made);
        match read {
            Ok(df) => df,
            Err(e) => {
                eprintln!("counts table: {e:#}");
                std::process::exit(1);
            }
        }
    } else {
        polars::prelude::DataFrame::empty()
    };
    let write_table = || -> u64 {
        use polars::prelude::*;
        use zhcorpus::output::{
            Format,
            stream::{ROWS_PER_BATCH, TableStream},
        };
        let dest = out.with_extension("write.parquet");
        let written = (|| -> PolarsResult<u64> {
            let file = std::io::BufWriter::new(std::fs::File::create(&dest)?);
            let mut stream = TableStream::new(file, Format::Parquet, table.schema(), false)?;
            let mut offset = 0;
            while offset < table.height() {
                stream.push(table.slice(offset as i64, ROWS_PER_BATCH))?;
                offset += ROWS_PER_BATCH;
            }
            stream.finish(table.clear())
        })();
        let _ = std::fs::remove_file(&dest);
        written.unwrap_or(0)
    };
    let names = [
        "bare cut",
        "cut + count by string",
        "zhcorpus per-issue work",
        "normalise only",
        "normalise + cut",
        "zhcorpus freq (command)",
        "zhcorpus count (command)",
        "counts table: write only",
    ];
    let jobs: [&(dyn Fn() -> u64 + Sync); 8] = [
        &bare,
        &by_string,
        &pipeline,
        &normalise,
        &normalise_cut,
        &freq,
        &count,
        &write_table,
    ];
    let mut secs = vec![Vec::new(); jobs.len()];
    for _ in 0..rounds {
        for (j, job) in jobs.iter().enumerate() {
            if only.as_ref().is_some_and(|k| !k.contains(&(j + 1))) {
                secs[j].push(0.0);
                continue;
            }
            let t = Instant::now();
            std::hint::black_box(job());
            secs[j].push(t.elapsed().as_secs_f64());
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let base = median(&mut secs[0].clone()).max(f64::MIN_POSITIVE);
    for (name, v) in names.iter().zip(&mut secs) {
        let m = median(v);
        println!(
            "{name:<26} median {m:.3} s  {:.2}x the bare cut  (fastest {:.3} s)",
            m / base,
            v[0]
        );
    }
}
