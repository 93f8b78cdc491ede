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
    let out = crate::util::zh_plain()
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

/// Width and height of a PNG.
fn png_size(path: &std::path::Path) -> (u32, u32) {
    let img = image::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (img.width(), img.height())
}

/// The text of every `<text>` element of an SVG, which must parse as XML.
fn svg_texts(path: &std::path::Path) -> String {
    let svg = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("SVG: {e}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("|")
}

#[test]
fn the_barcode_of_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let (png, svg) = (dir.path().join("x.png"), dir.path().join("x.svg"));
    let (p, s) = (png.display().to_string(), svg.display().to_string());
    let args = [
        "dispersion",
        "核酸",
        "疫情",
        "武汉",
        "--chart",
        &p,
        "--chart",
        &s,
    ];
    let out = run_ok(&[&args[..], &["--chart-size", "1200x800"]].concat());
    // the table is the one without --chart
    assert_eq!(out, run_ok(&["dispersion", "核酸", "疫情", "武汉"]));
    assert_eq!(png_size(&png), (1200, 800));
    let texts = svg_texts(&svg);
    // a row per issue, a panel per term headed by its count, range and DP
    for t in [
        "003_337bf66f5a191e40",
        "吕梁日报 · 2020-02-10",
        "武汉",
        "n = 10 · range 1/5 · DP 0.78",
        "position within the issue (% of its counted tokens)",
    ] {
        assert!(texts.contains(t), "{t} not in {texts}");
    }
    // seven terms cannot be drawn; a counts file has no positions
    let seven = [
        "dispersion",
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "g",
        "--chart",
        &p,
    ];
    assert!(fails(&seven, 2).contains("at most 6 terms"));
    let counts = seed_counts(dir.path());
    let err = fails(&["dispersion", &counts[0], "核酸", "--chart", &p], 2);
    assert!(err.contains("keeps no token order"), "{err}");
}

#[test]
fn the_barcode_of_many_issues_is_one_strip_per_term() {
    // 60 small issues, one every 6 days from 5 January 2020; 武汉 only until March
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut meta = String::from("file,newspaper,date\n");
    for i in 0..60u32 {
        let month = 1 + i / 5;
        let text = if month <= 3 {
            "武汉疫情，核酸检测。"
        } else {
            "疫情防控，核酸检测。"
        };
        files.push((format!("{i:03}.txt"), text.as_bytes().to_vec()));
        meta.push_str(&format!(
            "{i:03}.txt,某日报,2020-{month:02}-{:02}\n",
            1 + i % 5
        ));
    }
    files.push(("metadata.csv".into(), meta.into_bytes()));
    let f: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let dir = corpus(&f);
    let c = dir.path().display().to_string();
    // Charts go outside the corpus (an output inside it is refused).
    let charts = tempfile::tempdir().unwrap();
    let svg = charts.path().join("m.svg").display().to_string();
    let png = charts.path().join("m.png");
    let p = png.display().to_string();
    let (_, rows) = csv(&run_ok(&[
        "dispersion",
        &c,
        "武汉",
        "核酸",
        "--chart",
        &svg,
        "--chart",
        &p,
    ]));
    assert_eq!(rows[1][..3], ["武汉", "15", "15"]);
    assert_eq!(png_size(&png), (1600, 1000));
    let texts = svg_texts(std::path::Path::new(&svg));
    // no row per issue: the terms label the strips, the months the axis
    assert!(!texts.contains("000"), "{texts}");
    for t in [
        "武汉",
        "n = 15 · range 15/60",
        "2020-01",
        "issue date",
        "60 issues",
    ] {
        assert!(texts.contains(t), "{t} not in {texts}");
    }
}
