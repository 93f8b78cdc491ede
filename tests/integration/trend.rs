//! `trend` on the seeds (SPEC §4): every (group, term) row with counts and rates from what
//! `freq --by` counts, a multi-token term counted from the text, the same bytes from a counts
//! file, and the usage errors.

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
    assert_eq!(h, ["group", "term", "count", "per_10k"]);
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
    // no mass testing in February 2020: a zero point, not a missing one
    assert_eq!(rows[0][2..], ["0", "0.0"]);
    assert!(rows[1][2].parse::<u64>().unwrap() > 50);
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
        &["的", "防控", "--by", "newspaper", "--stopwords", "zh"],
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
