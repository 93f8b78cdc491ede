//! `keywords` on the seeds (SPEC §4, §5): every number recomputed from what `freq` counts,
//! the same bytes from a counts file and with any number of threads, and one-issue corpora.

use std::collections::HashMap;

use crate::util::*;

const HEADER: [&str; 7] = ["issue", "term", "count", "tf", "idf", "tfidf", "rank"];

/// doc_freq of each term over the issues, from `freq`.
fn doc_freqs() -> HashMap<String, u64> {
    let (h, rows) = csv(&run_ok(&["freq", "seeds"]));
    let (t, d) = (col(&h, "term"), col(&h, "doc_freq"));
    rows.iter()
        .map(|r| (r[t].clone(), r[d].parse().unwrap()))
        .collect()
}

fn f(s: &str) -> f64 {
    s.parse().unwrap()
}

#[test]
fn keywords_of_each_issue() {
    let out = run_ok(&["keywords"]);
    let (h, rows) = csv(&out);
    assert_eq!(h, HEADER);
    let by_issue = freq_by("seeds", "issue");
    let df = doc_freqs();
    // the five issues in corpus order, 10 rows each (every seed issue has more terms)
    let issues: Vec<&String> = by_issue.keys().collect();
    let mut seen: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    seen.dedup();
    assert_eq!(seen, issues);
    assert_eq!(rows.len(), 50);
    for (i, r) in rows.iter().enumerate() {
        let (n, counts) = &by_issue[&r[0]];
        let count: u64 = r[2].parse().unwrap();
        assert_eq!(count, counts[&r[1]], "{r:?}");
        assert_close(f(&r[3]), count as f64 / *n as f64, "tf");
        assert_close(f(&r[4]), (5.0 / df[&r[1]] as f64).ln(), "idf");
        assert_close(f(&r[5]), f(&r[3]) * f(&r[4]), "tfidf");
        // sorted by tfidf, ties by term, competition ranks
        if i % 10 > 0 {
            let p = &rows[i - 1];
            let (a, b) = (f(&p[5]), f(&r[5]));
            assert!(a > b || (a == b && p[1] < r[1]), "{p:?} then {r:?}");
            let rank: u64 = r[6].parse().unwrap();
            let want = if a == b {
                p[6].parse().unwrap()
            } else {
                i as u64 % 10 + 1
            };
            assert_eq!(rank, want, "{r:?}");
        } else {
            assert_eq!(r[6], "1");
        }
    }
    // 武汉 sets the February 2020 issue apart: in no other issue (idf ln 5), tied with 捐赠
    let wuhan = rows
        .iter()
        .find(|r| r[0] == "003_337bf66f5a191e40" && r[1] == "武汉")
        .expect("武汉 among the keywords of the 2020 issue");
    assert_eq!((wuhan[2].as_str(), wuhan[6].as_str()), ("10", "2"));
    assert_eq!(wuhan[4], 5f64.ln().to_string());
    // the same table from a counts file (Parquet and CSV, also by group), and with one or two
    // threads
    let dir = tempfile::tempdir().unwrap();
    let counts = seed_counts(dir.path());
    assert_eq!(same_from_counts("keywords", &counts, &[]), out);
    same_from_counts("keywords", &counts, &["--by", "date", "--top", "0"]);
    assert_eq!(run_ok(&["--threads", "1", "keywords"]), out);
    assert_eq!(run_ok(&["--threads", "2", "keywords"]), out);
}

#[test]
fn every_term_with_top_0_and_terms_everywhere_last() {
    let (_, rows) = csv(&run_ok(&["keywords", "--top", "0"]));
    let by_issue = freq_by("seeds", "issue");
    let terms: usize = by_issue.values().map(|g| g.1.len()).sum();
    assert_eq!(rows.len(), terms);
    // 疫情 is in every issue: idf 0, tfidf 0, in the last rank of its issue
    let yiqing: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == "疫情").collect();
    assert_eq!(yiqing.len(), 5);
    for r in yiqing {
        assert_eq!((r[4].as_str(), r[5].as_str()), ("0.0", "0.0"), "{r:?}");
        let last = rows
            .iter()
            .filter(|x| x[0] == r[0])
            .map(|x| &x[6])
            .max_by_key(|x| x.parse::<u64>().unwrap());
        assert_eq!(Some(&r[6]), last);
    }
    // --min-count drops rows, never changes ranks
    let (_, cut) = csv(&run_ok(&["keywords", "--top", "0", "--min-count", "5"]));
    assert!(!cut.is_empty() && cut.len() < rows.len());
    for r in &cut {
        assert!(r[2].parse::<u64>().unwrap() >= 5);
        assert!(rows.contains(r), "{r:?}");
    }
}

#[test]
fn keywords_by_newspaper() {
    let (h, rows) = csv(&run_ok(&["keywords", "--by", "newspaper", "--top", "3"]));
    assert_eq!(h[0], "group");
    assert_eq!(h[1..], HEADER[1..]);
    let groups: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        groups,
        [
            "吕梁日报",
            "吕梁日报",
            "吕梁日报",
            "朔州日报",
            "朔州日报",
            "朔州日报"
        ]
    );
    let by = freq_by("seeds", "newspaper");
    for r in &rows {
        let (n, counts) = &by[&r[0]];
        assert_eq!(r[2], counts[&r[1]].to_string());
        assert_close(f(&r[3]), counts[&r[1]] as f64 / *n as f64, "tf");
        // two documents; a keyword is in one only: ln 2
        assert_eq!(r[4], 2f64.ln().to_string());
    }
}

#[test]
fn one_issue_warns_that_every_idf_is_0() {
    let dir = corpus(&[("a.txt", "武汉疫情防控，武汉加油。".as_bytes())]);
    let path = dir.path().display().to_string();
    let out = zh().args(["keywords", &path]).output().unwrap();
    assert!(out.status.success());
    let (h, rows) = csv(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(h, HEADER);
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| r[4] == "0.0" && r[6] == "1"),
        "{rows:?}"
    );
    // -q (in zh()) keeps stderr quiet; without it, the warning
    let out = crate::util::zh_plain()
        .args(["keywords", &path])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("every idf is ln(1/1) = 0"), "{err}");
}

#[test]
fn no_counted_tokens_is_an_empty_table_and_a_warning() {
    let dir = corpus(&[("a.txt", "，。！".as_bytes()), ("b.txt", b"")]);
    let path = dir.path().display().to_string();
    let out = crate::util::zh_plain()
        .args(["keywords", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "issue,term,count,tf,idf,tfidf,rank\n"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("warning: no issue has counted tokens"),
        "{err}"
    );
}
