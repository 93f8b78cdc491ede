//! `kwic` on the seeds (SPEC §4): the lines recomputed from the token table (`tokens`), the
//! count equal to `trend`'s, the sort orders, `--top`, formats, threads, and the errors.

use std::collections::BTreeMap;

use crate::util::*;

/// The token table of the seeds as issue → article → its tokens in order (every token,
/// punctuation included, as kwic's window counts them).
fn articles() -> BTreeMap<(String, u32), Vec<(u32, String)>> {
    let (h, rows) = csv(&run_ok(&["tokens", "seeds"]));
    let (i, a, s, t) = (
        col(&h, "issue"),
        col(&h, "article"),
        col(&h, "sentence"),
        col(&h, "token"),
    );
    let mut out: BTreeMap<(String, u32), Vec<(u32, String)>> = BTreeMap::new();
    for r in rows {
        out.entry((r[i].clone(), r[a].parse().unwrap()))
            .or_default()
            .push((r[s].parse().unwrap(), r[t].clone()));
    }
    out
}

/// A line as recomputed: (issue, article, sentence, left tokens, right tokens).
type Expected = (String, u32, u32, Vec<String>, Vec<String>);

/// Every occurrence of the token sequence `parts` in the token table, in corpus order, with
/// `window` tokens either side inside the article.
fn expected(parts: &[&str], window: usize) -> Vec<Expected> {
    let mut out = Vec::new();
    for ((issue, article), tokens) in articles() {
        for p in 0..tokens.len() {
            let end = p + parts.len();
            let sentence = tokens[p].0;
            if end > tokens.len()
                || tokens[p..end].iter().any(|t| t.0 != sentence)
                || !tokens[p..end].iter().zip(parts).all(|(t, w)| t.1 == *w)
            {
                continue;
            }
            let text = |r: std::ops::Range<usize>| tokens[r].iter().map(|t| t.1.clone()).collect();
            out.push((
                issue.clone(),
                article,
                sentence,
                text(p.saturating_sub(window)..p),
                text(end..(end + window).min(tokens.len())),
            ));
        }
    }
    out
}

/// Text without white space: what the tokens of a context concatenate to.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn kwic_lists_every_occurrence_with_its_context() {
    for window in [10, 4] {
        let w = window.to_string();
        let (h, rows) = csv(&run_ok(&["kwic", "核酸检测", "--window", &w]));
        assert_eq!(
            h[..6],
            ["issue", "article", "sentence", "left", "keyword", "right"]
        );
        assert_eq!(h[6..], ["newspaper", "date", "date_basis"]);
        let want = expected(&["核酸", "检测"], window);
        assert_eq!(rows.len(), want.len());
        for (r, (issue, article, sentence, left, right)) in rows.iter().zip(&want) {
            assert_eq!(
                (&r[0], &r[1], &r[2]),
                (issue, &article.to_string(), &sentence.to_string())
            );
            assert_eq!(r[4], "核酸检测");
            assert!(left.len() <= window && right.len() <= window);
            assert_eq!(squeeze(&r[3]), left.concat(), "{r:?}");
            assert_eq!(squeeze(&r[5]), right.concat(), "{r:?}");
        }
        // the issue's metadata follows
        let date = col(&h, "date");
        assert!(rows.iter().all(|r| r[date].starts_with("2022-")));
    }
}

#[test]
fn kwic_counts_what_trend_counts() {
    let (h, rows) = csv(&run_ok(&["trend", "核酸检测", "--by", "issue"]));
    let (g, c) = (col(&h, "group"), col(&h, "count"));
    let (kh, lines) = csv(&run_ok(&["kwic", "核酸检测"]));
    let total: usize = rows.iter().map(|r| r[c].parse::<usize>().unwrap()).sum();
    assert_eq!(lines.len(), total);
    assert_eq!(total, 31);
    // issue by issue
    let issue = col(&kh, "issue");
    for r in &rows {
        let n = lines.iter().filter(|l| l[issue] == r[g]).count();
        assert_eq!(n.to_string(), r[c], "{}", r[g]);
    }
}

#[test]
fn kwic_sorts_by_the_context() {
    let want = expected(&["核酸", "检测"], 10);
    for (by, key) in [("right", 4), ("left", 3)] {
        let out = run_ok(&["kwic", "核酸检测", "--sort", by]);
        let (_, rows) = csv(&out);
        // the expected order: a stable sort of corpus order by R1, R2, ... (L1, L2, ...)
        let mut sorted: Vec<&Expected> = want.iter().collect();
        let tokens = |e: &Expected| -> Vec<String> {
            match key {
                4 => e.4.clone(),
                _ => e.3.iter().rev().cloned().collect(),
            }
        };
        sorted.sort_by_key(|e| tokens(e));
        let got: Vec<(String, String)> = rows
            .iter()
            .map(|r| (squeeze(&r[3]), squeeze(&r[5])))
            .collect();
        let want_rows: Vec<(String, String)> = sorted
            .iter()
            .map(|e| (e.3.concat(), e.4.concat()))
            .collect();
        assert_eq!(got, want_rows, "--sort {by}");
        // sorted, not merely reordered: the first R1 / L1 is the smallest
        let first = tokens(sorted[0]);
        assert!(sorted.iter().all(|e| tokens(e) >= first));
        // --top cuts after sorting
        let top = run_ok(&["kwic", "核酸检测", "--sort", by, "--top", "3"]);
        let (_, top) = csv(&top);
        assert_eq!(top[..], rows[..3]);
    }
    // with --top the sorted pass keeps only the best lines so far: the same first lines
    for by in ["right", "left"] {
        let (_, all) = csv(&run_ok(&["kwic", "疫情", "--sort", by]));
        assert_eq!(all.len(), 291);
        let (_, top) = csv(&run_ok(&["kwic", "疫情", "--sort", by, "--top", "7"]));
        assert_eq!(top[..], all[..7], "--sort {by}");
    }
    // --top in corpus order: the first lines, the pass stopped early
    let (_, all) = csv(&run_ok(&["kwic", "核酸检测"]));
    let (_, top) = csv(&run_ok(&["kwic", "seeds", "核酸检测", "--top", "5"]));
    assert_eq!(top[..], all[..5]);
    let (_, none) = csv(&run_ok(&["kwic", "核酸检测", "--top", "0"]));
    assert!(none.is_empty());
}

#[test]
fn kwic_is_the_same_for_any_number_of_threads() {
    for extra in [&[][..], &["--sort", "left"][..]] {
        let run = |threads: &str| {
            let mut args = vec!["--threads", threads, "kwic", "疫情", "--window", "5"];
            args.extend_from_slice(extra);
            run_ok(&args)
        };
        let one = run("1");
        assert_eq!(one.lines().count(), 292);
        assert_eq!(one, run("2"), "{extra:?}");
    }
}

#[test]
fn kwic_writes_parquet_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let pq = dir.path().join("k.parquet");
    run_ok(&["kwic", "核酸检测", "-o", pq.to_str().unwrap()]);
    let file = std::fs::File::open(&pq).unwrap();
    use polars::prelude::*;
    let df = ParquetReader::new(file).finish().unwrap();
    assert_eq!(df.height(), 31);
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "issue",
            "article",
            "sentence",
            "left",
            "keyword",
            "right",
            "newspaper",
            "date",
            "date_basis"
        ]
    );
    assert_eq!(df.column("article").unwrap().dtype(), &DataType::UInt32);
    let json = dir.path().join("k.json");
    run_ok(&[
        "kwic",
        "核酸检测",
        "--top",
        "2",
        "-o",
        json.to_str().unwrap(),
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["keyword"], "核酸检测");
}

#[test]
fn kwic_of_a_term_not_found_is_a_header() {
    let out = crate::util::zh_plain()
        .args(["kwic", "长颈鹿"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "issue,article,sentence,left,keyword,right,newspaper,date,date_basis\n"
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: 长颈鹿 does not occur\n"
    );
}

#[test]
fn kwic_usage_errors() {
    let err = fails(&["kwic", "，"], 2);
    assert!(
        err.contains("TERM `，`: it is only punctuation or symbols"),
        "{err}"
    );
    fails(&["kwic", "“……”"], 2);
    let err = fails(&["kwic", " "], 2);
    assert!(err.contains("the term is empty"), "{err}");
    let err = fails(&["kwic", "核酸", "检测"], 2);
    assert!(err.contains("kwic takes one TERM"), "{err}");
    let err = fails(&["kwic", "seeds"], 2);
    assert!(err.contains("needs at least one TERM"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let counts = dir.path().join("c.parquet");
    run_ok(&["count", "seeds", "-o", counts.to_str().unwrap()]);
    let err = fails(&["kwic", counts.to_str().unwrap(), "核酸"], 2);
    assert!(err.contains("counts file"), "{err}");
    // no output file is left behind by a usage error
    let out = dir.path().join("k.csv");
    fails(&["kwic", "，", "-o", out.to_str().unwrap()], 2);
    assert!(!out.exists());
}

#[test]
fn kwic_finds_a_phrase_with_punctuation_in_it() {
    // 健康码、行程码 is cut 健康 码 、 行程 码: punctuation is text to kwic (trend refuses it).
    let (_, rows) = csv(&run_ok(&["kwic", "健康码、行程码", "--window", "2"]));
    let want = expected(&["健康", "码", "、", "行程", "码"], 2);
    assert_eq!(want.len(), 1);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0][..6],
        [
            "000_797ed97eab3695c8",
            "1",
            "11",
            "每人每天上报",
            "健康码、行程码",
            "、核酸"
        ]
    );
}
