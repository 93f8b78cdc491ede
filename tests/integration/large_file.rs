//! One issue of several megabytes (an archive that ships a year as one file, with or without
//! line breaks) is cut in pieces on all cores: the counts are those of its parts, and the
//! same for any `--threads`.

use std::collections::HashMap;

use crate::util::*;

/// Two sentences of news, repeated.
const UNIT: &str =
    "全市开展核酸检测工作，居民有序排队接受检测。疫情防控形势总体平稳，各社区志愿者坚守岗位。";

fn counts(out: &str) -> HashMap<String, u64> {
    let (h, rows) = csv(out);
    let (t, c) = (col(&h, "term"), col(&h, "count"));
    rows.iter()
        .map(|r| (r[t].clone(), r[c].parse().unwrap()))
        .collect()
}

#[test]
fn a_large_file_counts_as_its_parts() {
    // 20,000 units (2.6 MB): above the 2 MB from which an issue is cut in pieces.
    let n = 20_000u64;
    for (name, sep) in [("one line", ""), ("a line per unit", "\n")] {
        let big: String = (0..n).map(|_| format!("{UNIT}{sep}")).collect();
        assert!(big.len() > 2 << 20);
        let dir = corpus(&[("big.txt", big.as_bytes()), ("unit.txt", UNIT.as_bytes())]);
        let path = |f: &str| dir.path().join(f).to_str().unwrap().to_string();
        let out = run_ok(&["freq", &path("big.txt")]);
        let (big_counts, unit) = (counts(&out), counts(&run_ok(&["freq", &path("unit.txt")])));
        assert!(unit.len() > 10, "{unit:?}");
        assert_eq!(big_counts.len(), unit.len(), "{name}");
        for (term, c) in &unit {
            assert_eq!(big_counts[term], n * c, "{name}: {term}");
        }
        // The same bytes on one thread, and the same sentences: a sentence per unit's
        // sentence, numbered in order.
        assert_eq!(run_ok(&["--threads", "1", "freq", &path("big.txt")]), out);
        let (h, rows) = csv(&run_ok(&["issues", &path("big.txt")]));
        assert_eq!(rows[0][col(&h, "sentences")], (2 * n).to_string(), "{name}");
    }
}

/// Output with every file read a part at a time and reduced in pieces of about 200 bytes
/// (`ZHCORPUS_STREAM_BYTES=1`, `ZHCORPUS_PIECE_BYTES=200`: the path of files above 16 MB, with
/// a hundred pieces to a seed page) is the output with every file read whole, for each
/// command that segments and for the report, byte for byte.
#[test]
fn files_read_in_parts_give_the_output_of_files_read_whole() {
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    let run = |parts: bool, args: &[&str]| {
        let mut c = zh();
        if parts {
            c.env("ZHCORPUS_STREAM_BYTES", "1")
                .env("ZHCORPUS_PIECE_BYTES", "200");
        }
        let out = c.args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let commands: &[&[&str]] = &[
        &["tokens", seeds],
        &["freq", seeds],
        &["freq", seeds, "--t2s", "--hmm"],
        &["freq", seeds, "--dedup=0.01"],
        &["ngrams", seeds, "-n", "2..3"],
        &["issues", seeds, "--track", "核酸"],
        &["kwic", seeds, "核酸检测"],
        &["kwic", seeds, "疫情", "--sort", "right", "--window", "30"],
        &["collocates", seeds, "核酸"],
        &["dispersion", seeds, "核酸", "疫情"],
        &["keywords", seeds],
        &["trend", seeds, "核酸", "--by", "date"],
        &["keyness", seeds, "--target", "date<2021-01-01"],
        &["phrases", seeds],
        &["reprints", seeds, "--min-similarity", "0.015"],
        &["phrases", seeds, "--dedup=0.01", "--t2s"],
    ];
    for args in commands {
        let whole = run(false, args);
        assert!(whole.len() > 100, "{args:?}");
        assert_eq!(run(true, args), whole, "{args:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let report = |parts: bool, name: &str| {
        let out = dir.path().join(name);
        run(parts, &["report", seeds, "-o", out.to_str().unwrap()]);
        out
    };
    let count = |parts: bool, name: &str| {
        let out = dir.path().join(name);
        run(parts, &["count", seeds, "-o", out.to_str().unwrap()]);
        std::fs::read(out).unwrap()
    };
    assert_eq!(count(true, "parts.csv"), count(false, "whole.csv"), "count");
    // The sentence table beside the token table (both handed on a piece at a time).
    let sentences = |parts: bool, name: &str| {
        let out = dir.path().join(name);
        let tokens = run(
            parts,
            &["tokens", seeds, "--sentences", out.to_str().unwrap()],
        );
        (tokens, std::fs::read(out).unwrap())
    };
    assert_eq!(
        sentences(true, "s-parts.csv"),
        sentences(false, "s-whole.csv"),
        "tokens --sentences"
    );
    // dispersion's barcode chart, from every occurrence's position in its issue.
    let barcode = |parts: bool, name: &str| {
        let out = dir.path().join(name);
        let args = [
            "dispersion",
            seeds,
            "核酸",
            "疫情",
            "--chart",
            out.to_str().unwrap(),
        ];
        let table = run(parts, &args);
        (table, std::fs::read(out).unwrap())
    };
    assert_eq!(
        barcode(true, "parts.svg"),
        barcode(false, "whole.svg"),
        "dispersion --chart"
    );
    let (whole, parts) = (report(false, "whole"), report(true, "parts"));
    let mut files: Vec<_> = std::fs::read_dir(&whole)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    files.sort();
    assert!(files.len() > 10, "{files:?}");
    for f in files {
        // The manifest records the command line (another output directory) and timings.
        if f == "manifest.json" {
            continue;
        }
        assert_eq!(
            std::fs::read(parts.join(&f)).unwrap(),
            std::fs::read(whole.join(&f)).unwrap(),
            "report: {f:?}"
        );
    }
}
