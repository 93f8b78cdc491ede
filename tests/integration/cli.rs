//! The README's promises, on the seeds.

use crate::util::*;

#[test]
fn ngrams_find_nucleic_acid_testing_in_the_top_20() {
    let (h, rows) = csv(&run_ok(&["ngrams", seeds().to_str().unwrap(), "-n", "2"]));
    assert_eq!(
        h,
        [
            "ngram", "tokens", "n", "count", "doc_freq", "pmi", "npmi", "t_score", "log_dice", "g2"
        ]
    );
    let top20: Vec<(&str, &str)> = rows
        .iter()
        .take(20)
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert!(top20.contains(&("核酸检测", "核酸 检测")), "{top20:?}");
    // sorted by count descending, ties by ngram
    let counts: Vec<u64> = rows.iter().map(|r| r[3].parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    for w in rows.windows(2) {
        if w[0][3] == w[1][3] {
            assert!(w[0][0] <= w[1][0], "{:?} before {:?}", w[0], w[1]);
        }
    }
    assert!(counts.iter().all(|&c| c >= 2), "default --min-count is 2");
}

#[test]
fn freq_by_newspaper_gives_one_group_per_paper() {
    let (h, rows) = csv(&run_ok(&[
        "freq",
        "seeds",
        "--by",
        "newspaper",
        "--top",
        "50",
        "--stopwords",
        "zh",
    ]));
    assert_eq!(h, ["group", "term", "count", "rank", "per_10k", "doc_freq"]);
    let mut groups: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    groups.dedup();
    assert_eq!(groups, ["吕梁日报", "朔州日报"]);
    assert_eq!(rows.len(), 100);
    // stopwords are gone
    assert!(!rows.iter().any(|r| r[1] == "的" || r[1] == "和"));
    // 疫情 is among the most frequent terms of both papers
    for g in ["吕梁日报", "朔州日报"] {
        assert!(
            rows.iter()
                .any(|r| r[0] == g && r[1] == "疫情" && r[3].parse::<u64>().unwrap() <= 5)
        );
    }
}

#[test]
fn freq_counts_add_up_to_the_counted_tokens_of_the_token_table() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens.csv");
    run_ok(&["tokens", "seeds", "-o", tokens.to_str().unwrap()]);
    let (h, rows) = csv(&std::fs::read_to_string(&tokens).unwrap());
    assert_eq!(
        h,
        [
            "issue",
            "article",
            "sentence",
            "position",
            "token",
            "kind",
            "newspaper",
            "date",
            "date_basis"
        ]
    );
    let kind = col(&h, "kind");
    let counted = rows
        .iter()
        .filter(|r| ["word", "latin", "number"].contains(&r[kind].as_str()))
        .count() as u64;

    let (fh, freq) = csv(&run_ok(&["freq", "seeds"]));
    let total: u64 = freq
        .iter()
        .map(|r| r[col(&fh, "count")].parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, counted);
    // per_10k = 10000 · count / N on the first row
    let first = &freq[0];
    let count: f64 = first[col(&fh, "count")].parse().unwrap();
    let per: f64 = first[col(&fh, "per_10k")].parse().unwrap();
    assert_eq!(per, 10_000.0 * count / total as f64);
    assert_eq!(first[col(&fh, "rank")], "1");

    // issues' tokens column agrees too
    let (ih, issues) = csv(&run_ok(&["issues", "seeds"]));
    let sum: u64 = issues
        .iter()
        .map(|r| r[col(&ih, "tokens")].parse::<u64>().unwrap())
        .sum();
    assert_eq!(sum, counted);
}

#[test]
fn issues_with_tracked_terms() {
    let (h, rows) = csv(&run_ok(&[
        "issues", "seeds", "--track", "核酸", "--track", "疫情",
    ]));
    assert_eq!(
        h,
        [
            "issue",
            "newspaper",
            "date",
            "date_basis",
            "articles",
            "sentences",
            "chars",
            "tokens",
            "types",
            "ttr",
            "hapax",
            "top_terms",
            "per_10k:核酸",
            "per_10k:疫情"
        ]
    );
    assert_eq!(rows.len(), 5);
    let issue_ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        issue_ids,
        [
            "000_797ed97eab3695c8",
            "001_3ce53eaef2322806",
            "002_a80e5c2d6170cdd6",
            "003_337bf66f5a191e40",
            "004_fb2f2cd5848fbeb5"
        ]
    );
    assert_eq!(rows[3][col(&h, "date")], "2020-02-10");
    // per_10k:核酸 = 10000 · count(核酸 in issue) / tokens(issue), with counts from freq --by issue
    let (fh, freq) = csv(&run_ok(&["freq", "seeds", "--by", "issue"]));
    for r in &rows {
        let tokens: f64 = r[col(&h, "tokens")].parse().unwrap();
        let count = freq
            .iter()
            .find(|f| f[0] == r[0] && f[col(&fh, "term")] == "核酸")
            .map_or(0.0, |f| f[col(&fh, "count")].parse::<f64>().unwrap());
        let expected = 10_000.0 * count / tokens;
        let got: f64 = r[col(&h, "per_10k:核酸")].parse().unwrap();
        assert_eq!(got, expected, "{}", r[0]);
        let types: f64 = r[col(&h, "types")].parse().unwrap();
        assert_eq!(r[col(&h, "ttr")].parse::<f64>().unwrap(), types / tokens);
        assert_eq!(r[col(&h, "top_terms")].split('、').count(), 10);
    }
    // the February 2020 page predates mass nucleic-acid testing
    assert_eq!(rows[3][col(&h, "per_10k:核酸")], "0.0");
}

#[test]
fn a_multi_token_tracked_term_counts_like_its_ngram() {
    let (h, rows) = csv(&run_ok(&["issues", "seeds", "--track", "核酸检测"]));
    let total = ngram_count("seeds", "2", "核酸检测");
    let from_issues: f64 = rows
        .iter()
        .map(|r| {
            let per: f64 = r[col(&h, "per_10k:核酸检测")].parse().unwrap();
            let tokens: f64 = r[col(&h, "tokens")].parse().unwrap();
            per * tokens / 10_000.0
        })
        .sum();
    assert!(
        (from_issues - total as f64).abs() < 1e-9,
        "{from_issues} vs {total}"
    );
}

#[test]
fn report_writes_tables_and_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    run_ok(&["report", "seeds", "-o", out.to_str().unwrap()]);
    for f in ["freq.csv", "ngrams.csv", "issues.csv", "manifest.json"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let (_, ngrams) = csv(&std::fs::read_to_string(out.join("ngrams.csv")).unwrap());
    let ns: std::collections::BTreeSet<&str> = ngrams.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(ns.into_iter().collect::<Vec<_>>(), ["2", "3"]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 5);
    assert_eq!(inputs[0]["file"], "000_797ed97eab3695c8.txt");
    assert_eq!(inputs[0]["bytes"], 7997);
    assert_eq!(inputs[0]["sha256"].as_str().unwrap().len(), 64);
    // The report's issues table (from the token table) equals `issues` (a streaming pass),
    // tracked multi-token terms included.
    let tracked = dir.path().join("t");
    run_ok(&[
        "report",
        "seeds",
        "--track",
        "核酸检测",
        "--track",
        "的",
        "-o",
        tracked.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(tracked.join("issues.csv")).unwrap(),
        run_ok(&["issues", "seeds", "--track", "核酸检测", "--track", "的"])
    );
    // The report's n-grams (from the token table) equal `ngrams` (a streaming pass that
    // keeps no tokens), with the report's defaults and with other sizes, a minimum count of 1
    // and stopwords.
    assert_eq!(
        std::fs::read_to_string(out.join("ngrams.csv")).unwrap(),
        run_ok(&["ngrams", "seeds", "-n", "2..3"])
    );
    let wide = dir.path().join("w");
    let options = [
        "seeds",
        "-n",
        "2..4",
        "--min-count",
        "1",
        "--stopwords",
        "zh",
    ];
    let mut report = vec!["report"];
    report.extend(options);
    report.extend(["-o", wide.to_str().unwrap()]);
    run_ok(&report);
    let mut ngrams = vec!["ngrams"];
    ngrams.extend(options);
    let streamed = run_ok(&ngrams);
    assert!(streamed.lines().count() > 9_000, "{}", streamed.len());
    assert_eq!(
        std::fs::read_to_string(wide.join("ngrams.csv")).unwrap(),
        streamed
    );
    // The same corpus and options give the same bytes.
    let again = dir.path().join("r2");
    run_ok(&["report", "seeds", "-o", again.to_str().unwrap()]);
    for f in ["freq.csv", "ngrams.csv", "issues.csv"] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn output_formats_follow_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let pq = dir.path().join("tokens.parquet");
    let sent = dir.path().join("sentences.csv");
    run_ok(&[
        "tokens",
        "seeds",
        "-o",
        pq.to_str().unwrap(),
        "--sentences",
        sent.to_str().unwrap(),
    ]);
    assert_eq!(&std::fs::read(&pq).unwrap()[..4], b"PAR1");
    let (h, rows) = csv(&std::fs::read_to_string(&sent).unwrap());
    assert_eq!(h, ["issue", "article", "sentence", "text"]);
    assert!(rows.iter().any(|r| r[3] == "“我是党员，让我去。”"));
    let json = dir.path().join("freq.json");
    run_ok(&["freq", "seeds", "--top", "3", "-o", json.to_str().unwrap()]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["rank"], 1);
    assert!(rows[0]["per_10k"].is_f64());
    let bom = run_ok(&["freq", "seeds", "--top", "1", "--bom"]);
    assert!(bom.starts_with('\u{FEFF}'));
}

#[test]
fn stopwords_keep_their_positions() {
    let out = run_ok(&["tokens", "seeds", "--stopwords", "zh"]);
    let (h, rows) = csv(&out);
    let token = col(&h, "token");
    assert!(!rows.iter().any(|r| r[token] == "的"));
    // some sentence has a gap in its positions where a stopword stood
    let pos = col(&h, "position");
    let gap = rows.windows(2).any(|w| {
        w[0][..3] == w[1][..3]
            && w[1][pos].parse::<u32>().unwrap() > w[0][pos].parse::<u32>().unwrap() + 1
    });
    assert!(gap);
}

#[test]
fn one_file_of_a_corpus_takes_its_own_metadata_row_without_warnings_about_the_others() {
    let file = crate::util::seeds().join("000_797ed97eab3695c8.txt");
    let out = crate::util::zh_plain()
        .args(["issues", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("not in the corpus"), "{stderr}");
    let (h, rows) = crate::util::csv(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][crate::util::col(&h, "newspaper")], "吕梁日报");
}
