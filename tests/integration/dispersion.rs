//! `dispersion` on the seeds (SPEC §4, §5): range and DP recomputed from what `freq --by`
//! counts, the same bytes from a counts file, a term never found, and the usage errors.

use crate::util::*;

/// DP and range of `term` over the groups of `freq --by by` (Gries 2008, in f64).
fn dp_from_freq(by: &str, term: &str) -> (u64, u64, f64) {
    let groups = freq_by("seeds", by);
    let sizes: Vec<f64> = groups.values().map(|g| g.0 as f64).collect();
    let counts: Vec<f64> = groups
        .values()
        .map(|g| g.1.get(term).copied().unwrap_or(0) as f64)
        .collect();
    let (s, v): (f64, f64) = (sizes.iter().sum(), counts.iter().sum());
    let dp = 0.5
        * sizes
            .iter()
            .zip(&counts)
            .map(|(si, vi)| (vi / v - si / s).abs())
            .sum::<f64>();
    let range = counts.iter().filter(|&&c| c > 0.0).count() as u64;
    (v as u64, range, dp)
}

#[test]
fn dispersion_over_issues() {
    let out = run_ok(&["dispersion", "核酸", "疫情", "核酸检测"]);
    // the corpus may be given first; a term given twice is one row
    assert_eq!(
        run_ok(&["dispersion", "seeds", "疫情", "核酸检测", "核酸", "疫情"]),
        out
    );
    let (h, rows) = csv(&out);
    assert_eq!(h, ["term", "count", "range", "juilland_d", "dp", "dp_norm"]);
    let terms: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(terms, ["核酸", "核酸检测", "疫情"]);
    // no mass testing in the February 2020 issue: 核酸 is in 4 of the 5 issues
    assert_eq!(rows[0][2], "4");
    assert_eq!(rows[2][2], "5");
    for r in [&rows[0], &rows[2]] {
        let (count, range, dp) = dp_from_freq("issue", &r[0]);
        assert_eq!(r[1], count.to_string(), "{r:?}");
        assert_eq!(r[2], range.to_string(), "{r:?}");
        let got: f64 = r[4].parse().unwrap();
        assert!((got - dp).abs() < 1e-12, "{r:?}: dp {got}, want {dp}");
        let d: f64 = r[3].parse().unwrap();
        let norm: f64 = r[5].parse().unwrap();
        assert!(d > 0.0 && d < 1.0 && norm > got && norm < 1.0, "{r:?}");
    }
    // 疫情 runs through every issue, 核酸 is concentrated in the 2022 ones
    let dp = |r: &Vec<String>| r[4].parse::<f64>().unwrap();
    assert!(dp(&rows[2]) < dp(&rows[0]));
    // the multi-token term is counted in the text, as `ngrams` counts it
    assert_eq!(
        rows[1][1],
        ngram_count("seeds", "2", "核酸检测").to_string()
    );
}

#[test]
fn dispersion_by_newspaper() {
    let (_, rows) = csv(&run_ok(&[
        "dispersion",
        "核酸",
        "疫情",
        "--by",
        "newspaper",
    ]));
    assert_eq!(rows.len(), 2);
    for r in &rows {
        let (count, range, dp) = dp_from_freq("newspaper", &r[0]);
        assert_eq!(r[1], count.to_string(), "{r:?}");
        assert_eq!((r[2].as_str(), range), ("2", 2), "{r:?}");
        let got: f64 = r[4].parse().unwrap();
        assert!((got - dp).abs() < 1e-12, "{r:?}: dp {got}, want {dp}");
    }
}

#[test]
fn dispersion_from_counts_equals_dispersion_from_text() {
    let dir = tempfile::tempdir().unwrap();
    let counts = seed_counts(dir.path());
    let text = same_from_counts("dispersion", &counts, &["核酸", "疫情"]);
    assert_eq!(text.lines().count(), 3);
    same_from_counts("dispersion", &counts, &["核酸", "防控", "--by", "date"]);
    assert_eq!(
        fails(&["dispersion", &counts[0], "核酸检测"], 2),
        "error: TERM `核酸检测`: jieba cuts it into 2 tokens (核酸 检测), and a counts file \
         keeps no token order; give the corpus itself, or ask for its parts\n"
    );
}

#[test]
fn a_term_never_found_is_a_warning() {
    // without -q (which `zh()` adds)
    let out = assert_cmd::Command::cargo_bin("zhcorpus")
        .unwrap()
        .args(["dispersion", "疫情", "疫苗接种站"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: 疫苗接种站 does not occur\n"
    );
    let (_, rows) = csv(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows[1], ["疫苗接种站", "0", "0", "", "", ""]);
    // -q keeps stderr quiet
    let out = zh().args(["dispersion", "疫苗接种站"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
}

#[test]
fn dispersion_usage_errors() {
    assert_eq!(
        fails(&["dispersion", "seeds"], 2),
        "error: dispersion needs at least one TERM after the corpus\n"
    );
    let err = fails(&["dispersion", "核酸", "--by", "editor"], 2);
    assert!(
        err.starts_with("error: no metadata column `editor`"),
        "{err}"
    );
    assert_eq!(
        fails(&["dispersion", "，"], 2),
        "error: TERM `，`: `，` is punctuation or a symbol, which is never counted (terms are \
         words, Latin words and numbers)\n"
    );
}
