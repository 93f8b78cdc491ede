//! `trend` on the seeds (SPEC §4): every (group, term) row with counts and rates from what
//! `freq --by` counts, the Poisson intervals and `--test`, a multi-token term counted from the
//! text, the same bytes from a counts file, and the usage errors.

use crate::util::*;

#[test]
fn trend_by_date_has_every_point() {
    let out = run_ok(&["trend", "核酸", "疫情", "--by", "date"]);
    // the corpus may be given first; `seeds` is the default
    assert_eq!(
        run_ok(&["trend", "seeds", "疫情", "核酸", "疫情", "--by", "date"]),
        out
    );
    let (h, rows) = csv(&out);
    assert_eq!(
        h,
        ["group", "term", "count", "per_10k", "ci_low", "ci_high"]
    );
    let points: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        points,
        [
            ("2020-02-10", "核酸"),
            ("2020-02-10", "疫情"),
            ("2022-10-28", "核酸"),
            ("2022-10-28", "疫情"),
            ("2022-10-31", "核酸"),
            ("2022-10-31", "疫情"),
            ("2022-11-20", "核酸"),
            ("2022-11-20", "疫情"),
        ]
    );
    let by_date = freq_by("seeds", "date");
    for r in &rows {
        let (n, terms) = &by_date[&r[0]];
        let count = terms.get(&r[1]).copied().unwrap_or(0);
        assert_eq!(r[2], count.to_string(), "{r:?}");
        assert_close(
            r[3].parse().unwrap(),
            10_000.0 * count as f64 / *n as f64,
            &format!("{r:?}"),
        );
    }
    // no mass testing in February 2020: a zero point, not a missing one; its interval is
    // [0, −ln 0.025 · 10000/N] (Garwood's upper bound for x = 0 is −ln 0.025)
    assert_eq!(rows[0][2..5], ["0", "0.0", "0.0"]);
    let n_2020 = by_date["2020-02-10"].0 as f64;
    assert_close(
        rows[0][5].parse().unwrap(),
        -(0.025_f64.ln()) * 10_000.0 / n_2020,
        "ci_high of 0",
    );
    assert!(rows[1][2].parse::<u64>().unwrap() > 50);
}

#[test]
fn intervals_and_test_on_the_seeds() {
    let out = run_ok(&["trend", "核酸", "武汉", "--by", "date", "--test"]);
    let (h, rows) = csv(&out);
    assert_eq!(
        h,
        [
            "group", "term", "count", "per_10k", "ci_low", "ci_high", "g2", "df", "p_value"
        ]
    );
    // the first six columns are those without --test
    let plain = run_ok(&["trend", "核酸", "武汉", "--by", "date"]);
    let (_, plain) = csv(&plain);
    for (r, p) in rows.iter().zip(&plain) {
        assert_eq!(r[..6], p[..]);
    }
    let f = |s: &str| s.parse::<f64>().unwrap();
    for r in &rows {
        // the interval holds the rate (strictly above it when the count is 0)
        assert!(f(&r[4]) <= f(&r[3]) && f(&r[3]) < f(&r[5]), "{r:?}");
    }
    // 2022-10-28, 核酸: 11 in N tokens; scipy.stats.chi2.ppf(0.025, 22)/2 = 5.49116036723684,
    // chi2.ppf(0.975, 24)/2 = 19.682038513301954: the interval is those times 10000/N
    let by_date = freq_by("seeds", "date");
    let n = by_date["2022-10-28"].0 as f64;
    let r = &rows[2];
    assert_eq!(
        (r[0].as_str(), r[1].as_str(), r[2].as_str()),
        ("2022-10-28", "核酸", "11")
    );
    assert_close(f(&r[4]), 5.49116036723684 * 10_000.0 / n, "ci_low of 11");
    assert_close(f(&r[5]), 19.682038513301954 * 10_000.0 / n, "ci_high of 11");
    // --test: G² of the 2×4 table [x; N − x] from the counts and freq's N, df = 3, the same
    // on each of a term's rows
    for term in ["核酸", "武汉"] {
        let mine: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == term).collect();
        assert_eq!(mine.len(), 4);
        let cells: Vec<(f64, f64)> = mine
            .iter()
            .map(|r| (f(&r[2]), by_date[&r[0]].0 as f64))
            .collect();
        let x: f64 = cells.iter().map(|c| c.0).sum();
        let t: f64 = cells.iter().map(|c| c.1).sum();
        let ln = |o: f64, e: f64| if o == 0.0 { 0.0 } else { o * (o / e).ln() };
        let g2 = 2.0
            * cells
                .iter()
                .map(|&(o, n)| ln(o, x * n / t) + ln(n - o, (t - x) * n / t))
                .sum::<f64>();
        for r in &mine {
            assert_close(f(&r[6]), g2, term);
            assert_eq!(r[7], "3");
            assert_eq!(r[8..], mine[0][8..]);
        }
    }
    // 武汉 only in February 2020 and 核酸 only in 2022: both far from an even rate
    // (scipy.stats.chi2_contingency on the seeds' table: G² 43.94094907559779 and
    // 30.415572713838287, p 1.5534071107841334e-09 and 1.1284008934334865e-06)
    assert_close(f(&rows[0][6]), 43.94094907559779, "g2 核酸");
    assert!((f(&rows[0][8]) - 1.5534071107841334e-09).abs() < 1e-20);
    assert_close(f(&rows[1][6]), 30.415572713838287, "g2 武汉");
    assert!((f(&rows[1][8]) - 1.1284008934334865e-06).abs() < 1e-17);
}

#[test]
fn one_group_has_nothing_to_compare() {
    // one issue: df = 0 and no p-value; 核酸 twice in 3 counted tokens (核酸 检测 核酸):
    // per_10k = 20000/3, interval [χ²(0.025; 4)/2, χ²(0.975; 6)/2] · 10000/3 (scipy:
    // chi2.ppf(0.025, 4)/2 = 0.24220927854396496, chi2.ppf(0.975, 6)/2 = 7.22468766772396)
    let dir = corpus(&[("a.txt", "核酸检测。核酸。\n".as_bytes())]);
    let path = dir.path().display().to_string();
    let (_, rows) = csv(&run_ok(&[
        "trend", &path, "核酸", "--by", "issue", "--test",
    ]));
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r[2], "2");
    let f = |s: &str| s.parse::<f64>().unwrap();
    assert_close(f(&r[3]), 20_000.0 / 3.0, "per_10k");
    assert_close(f(&r[4]), 0.24220927854396496 * 10_000.0 / 3.0, "ci_low");
    assert_close(f(&r[5]), 7.22468766772396 * 10_000.0 / 3.0, "ci_high");
    assert_eq!(r[6..], ["0.0", "0", ""]);
}

#[test]
fn a_multi_token_term_is_counted_in_the_text() {
    let out = run_ok(&["trend", "seeds", "核酸检测", "--by", "newspaper"]);
    let (_, rows) = csv(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0][0].as_str(), rows[1][0].as_str()),
        ("吕梁日报", "朔州日报")
    );
    let sum: u64 = rows.iter().map(|r| r[2].parse::<u64>().unwrap()).sum();
    assert_eq!(sum, ngram_count("seeds", "2", "核酸检测"));
    // per issue it is what `issues --track` finds
    let (_, per_issue) = csv(&run_ok(&["trend", "核酸检测", "--by", "issue"]));
    let (ih, issues) = csv(&run_ok(&["issues", "--track", "核酸检测"]));
    for (t, i) in per_issue.iter().zip(&issues) {
        assert_eq!(t[0], i[0]);
        assert_eq!(t[3], i[col(&ih, "per_10k:核酸检测")]);
    }
}

#[test]
fn trend_from_counts_equals_trend_from_text() {
    let dir = tempfile::tempdir().unwrap();
    let counts = seed_counts(dir.path());
    let parquet = &counts[0];
    for extra in [
        &["核酸", "疫情", "--by", "date"][..],
        &["核酸", "疫情", "--by", "date", "--test"],
        &[
            "的",
            "防控",
            "--by",
            "newspaper",
            "--stopwords",
            "zh",
            "--test",
        ],
    ] {
        let text = same_from_counts("trend", &counts, extra);
        assert!(text.lines().count() > 4, "{extra:?}");
    }
    // a stopword is never counted: zero points
    let (_, rows) = csv(&run_ok(&[
        "trend",
        parquet,
        "的",
        "--by",
        "newspaper",
        "--stopwords",
        "zh",
    ]));
    assert!(rows.iter().all(|r| r[2] == "0"), "{rows:?}");
    assert_eq!(
        fails(&["trend", parquet, "核酸检测", "--by", "date"], 2),
        "error: TERM `核酸检测`: jieba cuts it into 2 tokens (核酸 检测), and a counts file \
         keeps no token order; give the corpus itself, or ask for its parts\n"
    );
}

#[test]
fn trend_usage_errors() {
    let usage = |args: &[&str]| fails(args, 2);
    assert_eq!(
        usage(&["trend", "seeds", "核酸"]),
        "error: trend needs --by COLUMN, the column whose values are the points of the trend \
         (available: issue, newspaper, date, date_basis)\n"
    );
    let err = usage(&["trend", "核酸", "--by", "editor"]);
    assert!(
        err.starts_with("error: no metadata column `editor`"),
        "{err}"
    );
    assert_eq!(
        usage(&["trend", "，", "--by", "date"]),
        "error: TERM `，`: `，` is punctuation or a symbol, which is never counted (terms are \
         words, Latin words and numbers)\n"
    );
    assert_eq!(
        usage(&["trend", "seeds", "--by", "date"]),
        "error: trend needs at least one TERM after the corpus\n"
    );
    // a mistyped corpus is not taken for a term
    let err = fails(&["trend", "no/such/dir", "核酸", "--by", "date"], 1);
    assert!(
        err.starts_with("error: no/such/dir: no such corpus"),
        "{err}"
    );
}
