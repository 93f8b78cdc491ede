//! `collocates TERM` on the seeds (SPEC §4, §5): the columns, R1 from `trend`, C1 from
//! `freq`, the measures recomputed from the counts, the order, a phrase node, small fixtures
//! for the window rules, the chart, the same bytes for any --threads, and the errors.

use std::collections::HashMap;

use crate::util::*;

const HEADER: [&str; 8] = [
    "collocate",
    "count_with",
    "count_collocate",
    "count_node",
    "pmi",
    "t_score",
    "log_dice",
    "g2",
];

/// `freq` on the seeds: term → count, and N (counted tokens).
fn freq_counts() -> (HashMap<String, u64>, u64) {
    let (h, rows) = csv(&run_ok(&["freq"]));
    let (t, c) = (col(&h, "term"), col(&h, "count"));
    let counts: HashMap<String, u64> = rows
        .iter()
        .map(|r| (r[t].clone(), r[c].parse().unwrap()))
        .collect();
    let n = counts.values().sum();
    (counts, n)
}

/// `trend TERM --by issue` summed over the issues.
fn trend_total(term: &str) -> u64 {
    let (h, rows) = csv(&run_ok(&["trend", term, "--by", "issue"]));
    let c = col(&h, "count");
    rows.iter().map(|r| r[c].parse::<u64>().unwrap()).sum()
}

fn num(r: &[String], h: &[String], name: &str) -> f64 {
    r[col(h, name)].parse().unwrap()
}

#[test]
fn collocates_of_a_node_on_the_seeds() {
    let out = run_ok(&["collocates", "核酸"]);
    assert_eq!(run_ok(&["collocates", "seeds", "核酸"]), out);
    let (h, rows) = csv(&out);
    assert_eq!(h, HEADER);
    assert!(rows.len() > 50, "{} rows", rows.len());
    let (freq, n) = freq_counts();
    let r1 = trend_total("核酸");
    assert_eq!(r1, 82);
    for r in &rows {
        let o11: u64 = r[1].parse().unwrap();
        let c1: u64 = r[2].parse().unwrap();
        assert!(o11 >= 2, "default --min-count 2: {r:?}");
        assert_eq!(r[3], r1.to_string(), "{r:?}");
        assert_eq!(c1, freq[&r[0]], "{r:?}");
        // the measures from the counts (Brezina 2018's table over corpus frequencies)
        let (o, r1, c1, n) = (o11 as f64, r1 as f64, c1 as f64, n as f64);
        let e11 = r1 * c1 / n;
        assert_close(num(r, &h, "pmi"), (o / e11).log2(), "pmi");
        assert_close(num(r, &h, "t_score"), (o - e11) / o.sqrt(), "t_score");
        assert_close(
            num(r, &h, "log_dice"),
            14.0 + (2.0 * o / (r1 + c1)).log2(),
            "log_dice",
        );
        assert!(num(r, &h, "g2") > 0.0);
    }
    // log_dice descending, ties by collocate in code-point order
    for w in rows.windows(2) {
        let (a, b) = (num(&w[0], &h, "log_dice"), num(&w[1], &h, "log_dice"));
        assert!(a > b || (a == b && w[0][0] < w[1][0]), "{w:?}");
    }
    // 核酸 检测 is the strongest pair on the seeds
    assert_eq!(rows[0][..4], ["检测", "31", "38", "82"]);
}

#[test]
fn sort_top_min_count_and_window() {
    let (h, rows) = csv(&run_ok(&[
        "collocates",
        "核酸",
        "--sort",
        "t_score",
        "--top",
        "5",
        "--min-count",
        "4",
    ]));
    assert_eq!(rows.len(), 5);
    for w in rows.windows(2) {
        assert!(num(&w[0], &h, "t_score") >= num(&w[1], &h, "t_score"));
    }
    assert!(rows.iter().all(|r| r[1].parse::<u64>().unwrap() >= 4));
    let (h, rows) = csv(&run_ok(&["collocates", "核酸", "--sort", "count_with"]));
    for w in rows.windows(2) {
        assert!(num(&w[0], &h, "count_with") >= num(&w[1], &h, "count_with"));
    }
    // a wider window finds every pair of a narrower one, and more
    let with = |w: &str| -> HashMap<String, u64> {
        let (_, rows) = csv(&run_ok(&[
            "collocates",
            "核酸",
            "--window",
            w,
            "--min-count",
            "1",
        ]));
        rows.iter()
            .map(|r| (r[0].clone(), r[1].parse().unwrap()))
            .collect()
    };
    let (narrow, wide) = (with("2"), with("8"));
    assert!(wide.len() > narrow.len());
    for (t, c) in &narrow {
        assert!(wide[t] >= *c, "{t}");
    }
}

#[test]
fn a_phrase_node_is_matched_as_its_tokens() {
    let (_, rows) = csv(&run_ok(&["collocates", "核酸检测", "--min-count", "1"]));
    let r1 = ngram_count("seeds", "2", "核酸检测");
    assert_eq!(r1, trend_total("核酸检测"));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r[3] == r1.to_string()));
}

#[test]
fn the_window_counts_tokens_inside_the_sentence() {
    // 核酸 and 检测 with punctuation between (skipped, not counted), then a sentence end
    let dir = corpus(&[("a.txt", "核酸，，，、检测。核酸。阳性。\n".as_bytes())]);
    let c = dir.path().to_str().unwrap();
    let (_, rows) = csv(&run_ok(&[
        "collocates",
        c,
        "核酸",
        "--window",
        "1",
        "--min-count",
        "1",
    ]));
    // N = 4 (核酸 检测 核酸 阳性), R1 = 2, only 检测 is in a window: O11 = 1, C1 = 1
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][..4], ["检测", "1", "1", "2"]);
    // log_dice = 14 + log2(2/3); pmi = log2(1/(2·1/4)) = 1
    assert_close(
        rows[0][6].parse().unwrap(),
        14.0 + (2.0f64 / 3.0).log2(),
        "ld",
    );
    assert_close(rows[0][4].parse().unwrap(), 1.0, "pmi");
}

#[test]
fn not_found_and_errors() {
    let out = run_ok(&["collocates", "不存在的词语"]);
    assert_eq!(out.trim_end(), HEADER.join(","));
    let o = crate::util::zh_plain()
        .args(["collocates", "不存在的词语"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("warning: 不存在的词语 does not occur"));
    let e = fails(&["collocates", "，"], 2);
    assert!(e.contains("punctuation"), "{e}");
    let e = fails(&["collocates", "核酸", "--window", "0"], 2);
    assert!(e.contains("--window must be at least 1"), "{e}");
    let e = fails(&["collocates", "核酸", "疫情"], 2);
    assert!(e.contains("one TERM"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let [parquet, _] = seed_counts(dir.path());
    let e = fails(&["collocates", &parquet, "核酸"], 2);
    assert!(e.contains("needs the corpus text"), "{e}");
}

#[test]
fn chart_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("net.png");
    let svg = dir.path().join("net.svg");
    let (p, s) = (png.to_str().unwrap(), svg.to_str().unwrap());
    let out = run_ok(&[
        "--threads",
        "1",
        "collocates",
        "核酸",
        "--chart",
        p,
        "--chart",
        s,
    ]);
    assert_eq!(run_ok(&["--threads", "2", "collocates", "核酸"]), out);
    let bytes = std::fs::read(&png).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (1600, 1000));
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.starts_with("<svg") || svg.contains("<svg"));
    assert!(svg.contains("检测") && svg.contains("log Dice"));
}

#[test]
fn overlapping_windows_on_the_seeds() {
    // 小狗 occurs 3 times, each within 10 tokens of several 核酸: 5 pairs (O11 > C1); the
    // cell C1 − O11 is taken as 0 and G² stays finite and positive
    let (h, rows) = csv(&run_ok(&[
        "collocates",
        "核酸",
        "--window",
        "10",
        "--min-count",
        "1",
    ]));
    let r = rows.iter().find(|r| r[0] == "小狗").unwrap();
    assert_eq!(r[1..4], ["5", "3", "82"]);
    let g2 = num(r, &h, "g2");
    assert!(g2.is_finite() && g2 > 0.0, "{r:?}");
}

/// `tests/crosscheck/collocates.py`: the tables recomputed from the token table in Python.
fn python_crosscheck(stopwords: Option<&str>) {
    let bin = crate::util::bin();
    let workdir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new("python3");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("tests/crosscheck/collocates.py")
        .arg("--bin")
        .arg(&bin)
        .arg("--corpus")
        .arg(seeds())
        .arg("--workdir")
        .arg(workdir.path());
    if let Some(s) = stopwords {
        let path = workdir.path().join("stop.txt");
        std::fs::write(&path, s).unwrap();
        cmd.arg("--stopwords").arg(path);
    }
    let out = cmd.output().expect("cannot run python3");
    assert!(
        out.status.success(),
        "collocates.py failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn python_crosscheck_of_collocates() {
    python_crosscheck(None);
    python_crosscheck(Some("的\n在\n和\n了\n是\n做\n"));
}
