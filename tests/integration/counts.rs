//! SPEC §8: counts are additive. Counting two halves of a corpus and merging them equals
//! counting the whole, and the analyses give the same result from counts as from the text.

use std::path::Path;

use crate::util::*;

/// Split the seeds into two shard directories, each with its own metadata rows.
fn halves(dir: &Path) -> (String, String) {
    let meta = std::fs::read_to_string(seeds().join("metadata.csv")).unwrap();
    let mut lines = meta.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let mut names = Vec::new();
    for (shard, range) in [("a", 0..3), ("b", 3..5)] {
        let d = dir.join(shard);
        std::fs::create_dir_all(&d).unwrap();
        let mut m = format!("{header}\n");
        for row in &rows[range] {
            let file = row.split(',').next().unwrap();
            std::fs::copy(seeds().join(file), d.join(file)).unwrap();
            m.push_str(row);
            m.push('\n');
        }
        std::fs::write(d.join("metadata.csv"), m).unwrap();
        names.push(d.display().to_string());
    }
    (names[0].clone(), names[1].clone())
}

#[test]
fn counting_two_halves_and_merging_equals_counting_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = halves(dir.path());
    let p = |name: &str| dir.path().join(name).display().to_string();
    run_ok(&["count", &a, "-o", &p("a.parquet")]);
    run_ok(&["count", &b, "-o", &p("b.parquet")]);
    run_ok(&["count", "seeds", "-o", &p("whole.csv")]);
    run_ok(&[
        "merge",
        &p("a.parquet"),
        &p("b.parquet"),
        "-o",
        &p("merged.csv"),
    ]);
    let whole = std::fs::read_to_string(p("whole.csv")).unwrap();
    assert_eq!(std::fs::read_to_string(p("merged.csv")).unwrap(), whole);
    let (h, rows) = csv(&whole);
    assert_eq!(
        h,
        [
            "issue",
            "term",
            "kind",
            "count",
            "articles",
            "sentences",
            "chars",
            "newspaper",
            "date",
            "date_basis"
        ]
    );
    // the counts add up to the counted tokens that freq reports
    let (fh, freq) = csv(&run_ok(&["freq", "seeds"]));
    let total = |rows: &[Vec<String>], c: usize| {
        rows.iter()
            .map(|r| r[c].parse::<u64>().unwrap())
            .sum::<u64>()
    };
    assert_eq!(total(&rows, 3), total(&freq, col(&fh, "count")));
    // merging a shard with itself doubles every count
    run_ok(&[
        "merge",
        &p("a.parquet"),
        &p("a.parquet"),
        "-o",
        &p("aa.csv"),
    ]);
    run_ok(&["count", &a, "-o", &p("a.csv")]);
    let (_, single) = csv(&std::fs::read_to_string(p("a.csv")).unwrap());
    let (_, double) = csv(&std::fs::read_to_string(p("aa.csv")).unwrap());
    assert_eq!(single.len(), double.len());
    for (s, d) in single.iter().zip(&double) {
        // count, articles, sentences, chars all double
        for c in 3..7 {
            assert_eq!(
                d[c].parse::<u64>().unwrap(),
                2 * s[c].parse::<u64>().unwrap()
            );
        }
    }
}

#[test]
fn issues_from_counts_equals_issues_from_text() {
    let dir = tempfile::tempdir().unwrap();
    let counts = dir.path().join("counts.parquet").display().to_string();
    run_ok(&["count", "seeds", "-o", &counts]);
    for extra in [
        &[][..],
        &["--track", "核酸", "--track", "疫情"],
        &["--stopwords", "zh", "--track", "的"],
    ] {
        let mut from_text = vec!["issues", "seeds"];
        from_text.extend_from_slice(extra);
        let mut from_counts = vec!["issues", counts.as_str()];
        from_counts.extend_from_slice(extra);
        assert_eq!(run_ok(&from_counts), run_ok(&from_text), "{extra:?}");
    }
    // the figures are real: seed 001 (吕梁日报, 2022-10-31) as the text gives them
    let (h, rows) = csv(&run_ok(&["issues", &counts, "--track", "核酸"]));
    assert_eq!(rows.len(), 5);
    let total = |c: &str| {
        rows.iter()
            .map(|r| r[col(&h, c)].parse::<u64>().unwrap())
            .sum::<u64>()
    };
    assert_eq!(total("tokens"), 15160);
    assert!(total("chars") > total("tokens"));
    // a term jieba cuts into several tokens needs the token order, which counts do not keep
    let out = zh()
        .args(["issues", &counts, "--track", "核酸检测"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--track `核酸检测`: jieba cuts it into 2 tokens (核酸 检测)"),
        "{err}"
    );
}

#[test]
fn an_issue_without_counted_terms_keeps_a_row() {
    let dir = corpus(&[
        ("a.txt", "党员先锋，核酸检测。".as_bytes()),
        ("b.txt", "。。。！".as_bytes()),
        ("c.txt", b""),
    ]);
    let out_dir = tempfile::tempdir().unwrap();
    let counts = out_dir.path().join("c.csv").display().to_string();
    run_ok(&["count", dir.path().to_str().unwrap(), "-o", &counts]);
    let (h, rows) = csv(&std::fs::read_to_string(&counts).unwrap());
    let of = |issue: &str| rows.iter().filter(|r| r[0] == issue).collect::<Vec<_>>();
    assert_eq!(of("a").len(), 4);
    for issue in ["b", "c"] {
        let r = of(issue);
        assert_eq!(r.len(), 1, "{issue}");
        assert_eq!(r[0][col(&h, "term")], "");
        assert_eq!(r[0][col(&h, "count")], "0");
    }
    assert_eq!(of("b")[0][col(&h, "sentences")], "1");
    // issues from the counts lists all three, as from the text
    let from_text = run_ok(&["issues", dir.path().to_str().unwrap()]);
    assert_eq!(run_ok(&["issues", &counts]), from_text);
    assert_eq!(csv(&from_text).1.len(), 3);
    // and freq is unaffected by the placeholder rows
    assert_eq!(
        run_ok(&["freq", &counts]),
        run_ok(&["freq", dir.path().to_str().unwrap()])
    );
}

#[test]
fn freq_from_counts_equals_freq_from_text() {
    let dir = tempfile::tempdir().unwrap();
    let counts = dir.path().join("counts.parquet").display().to_string();
    run_ok(&["count", "seeds", "-o", &counts]);
    for extra in [
        &[][..],
        &["--by", "newspaper"],
        &["--by", "issue", "--stopwords", "zh"],
        &["--top", "7", "--by", "date"],
    ] {
        let mut from_text = vec!["freq", "seeds"];
        from_text.extend_from_slice(extra);
        let mut from_counts = vec!["freq", counts.as_str()];
        from_counts.extend_from_slice(extra);
        assert_eq!(run_ok(&from_counts), run_ok(&from_text), "{extra:?}");
    }
}

#[test]
fn merging_shards_with_different_metadata_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = halves(dir.path());
    let plain = corpus(&[("x.txt", "党员先锋，核酸检测。".as_bytes())]);
    let p = |name: &str| dir.path().join(name).display().to_string();
    run_ok(&["count", &a, "-o", &p("a.parquet")]);
    run_ok(&[
        "count",
        plain.path().to_str().unwrap(),
        "-o",
        &p("x.parquet"),
    ]);
    let out = zh()
        .args(["merge", &p("a.parquet"), &p("x.parquet"), "-o", &p("m.csv")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("x.parquet: its metadata columns () differ from those of"),
        "{err}"
    );
    assert!(!Path::new(&p("m.csv")).exists());
}

/// The README's cluster recipe, run locally: shards counted as separate jobs and merged give
/// the same file as counting the whole corpus.
#[test]
fn the_sharded_count_script_reproduces_a_whole_count() {
    let dir = tempfile::tempdir().unwrap();
    let sharded = dir.path().join("sharded.csv");
    let out = std::process::Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/sharded-count"))
        .arg(seeds())
        .arg("3")
        .arg(&sharded)
        .env("ZHCORPUS", crate::util::bin())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let whole = dir.path().join("whole.csv");
    run_ok(&["count", "seeds", "-o", whole.to_str().unwrap()]);
    let sharded = std::fs::read_to_string(&sharded).unwrap();
    assert_eq!(sharded, std::fs::read_to_string(&whole).unwrap());
    assert!(sharded.lines().count() > 6000);
}

#[test]
fn counts_files_with_bad_or_missing_columns_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let bad = write(
        "bad.csv",
        "issue,term,kind,count,articles,sentences,chars\na,核酸,word,2,1,1,x\n",
    );
    let old = write("old.csv", "issue,term,kind,count\na,核酸,word,2\n");
    let fails = |args: &[&str], message: &str| {
        let out = zh().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{err}");
    };
    fails(
        &["issues", &bad],
        "bad.csv: column `chars`, row 1: not a whole number",
    );
    fails(
        &["issues", &old],
        "old.csv: no `articles`, `sentences`, `chars` columns",
    );
    let merged = dir.path().join("m.csv");
    fails(
        &["merge", &old, "-o", merged.to_str().unwrap()],
        "old.csv: no `articles`, `sentences`, `chars` columns",
    );
    assert!(!merged.exists());
    // freq needs only the term counts, so such a file still serves it
    let (_, rows) = csv(&run_ok(&["freq", &old]));
    assert_eq!(rows, [["核酸", "2", "1", "10000.0", "1"]]);
    // a `date` as text is held to metadata.csv's rule, so that it can become a Parquet date
    let bad_date = write(
        "date.csv",
        "issue,term,kind,count,articles,sentences,chars,date\n\
         a,核酸,word,2,1,1,5,2022-10-28\nb,核酸,word,1,1,1,5,\nc,核酸,word,2,1,1,5,2020/02/10\n",
    );
    let merged = dir.path().join("m.parquet");
    for args in [
        &["merge", &bad_date, "-o", merged.to_str().unwrap()][..],
        &["freq", &bad_date],
    ] {
        fails(
            args,
            "date.csv: column `date`, row 3: `2020/02/10` is not a calendar date in YYYY-MM-DD form",
        );
    }
    assert!(!merged.exists());
}

/// In Parquet the metadata column `date` is a date (empty → null), and a counts file reads it
/// back as the text it came from: shards counted, merged, and analysed from the merged file
/// give what the corpus gives, and the merged file as CSV is the whole corpus' count.
#[test]
fn a_date_column_is_a_parquet_date_through_count_merge_and_the_analyses() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).display().to_string();
    // The seeds with the February 2020 page undated, whole and in two shards.
    let meta = std::fs::read_to_string(seeds().join("metadata.csv"))
        .unwrap()
        .replace(",2020-02-10,", ",,");
    let files: Vec<String> = meta
        .lines()
        .skip(1)
        .map(|l| l[..l.find(',').unwrap()].to_string())
        .collect();
    for (name, range) in [("whole", 0..5), ("a", 0..3), ("b", 3..5)] {
        let d = dir.path().join(name);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("metadata.csv"), &meta).unwrap();
        for f in &files[range] {
            std::fs::copy(seeds().join(f), d.join(f)).unwrap();
        }
    }
    run_ok(&["count", &p("a"), "-o", &p("a.parquet")]);
    run_ok(&["count", &p("b"), "-o", &p("b.parquet")]);
    run_ok(&[
        "merge",
        &p("a.parquet"),
        &p("b.parquet"),
        "-o",
        &p("m.parquet"),
    ]);

    let df = ParquetReader::new(std::fs::File::open(p("m.parquet")).unwrap())
        .finish()
        .unwrap();
    let date = df.column("date").unwrap();
    assert_eq!(date.dtype(), &DataType::Date);
    assert_eq!(df.column("newspaper").unwrap().dtype(), &DataType::String);
    // One date per issue, in days since 1970-01-01: 2022-10-28, 10-31, 11-20, none, 11-20.
    let issues = df.column("issue").unwrap().str().unwrap().clone();
    let days = date.date().unwrap().physical().clone();
    let mut per_issue: Vec<(String, Option<i32>)> = issues
        .iter()
        .zip(days.iter())
        .map(|(i, d)| (i.unwrap()[..3].to_string(), d))
        .collect();
    per_issue.dedup();
    let want = [
        ("000", Some(19_293)),
        ("001", Some(19_296)),
        ("002", Some(19_316)),
        ("003", None),
        ("004", Some(19_316)),
    ];
    assert_eq!(per_issue, want.map(|(i, d)| (i.to_string(), d)));

    // Read back as text: the same tables as from the corpus, byte for byte.
    let whole = p("whole");
    for args in [
        &["freq"][..],
        &["freq", "--by", "date"],
        &["issues", "--track", "核酸"],
        &["keyness", "--target", "date>=2022-11-01", "--top", "20"],
        &["trend", "核酸", "疫情", "--by", "date"],
    ] {
        let with = |corpus: &str| {
            let mut a = vec![args[0], corpus];
            a.extend_from_slice(&args[1..]);
            run_ok(&a)
        };
        let from_text = with(&whole);
        assert_eq!(with(&p("m.parquet")), from_text, "{args:?}");
        assert!(from_text.lines().count() > 5, "{args:?}");
    }
    // The undated issue is its own (empty) group, as from the text.
    let (h, rows) = csv(&run_ok(&[
        "freq",
        &p("m.parquet"),
        "--by",
        "date",
        "--top",
        "1",
    ]));
    let groups: Vec<&str> = rows.iter().map(|r| r[col(&h, "group")].as_str()).collect();
    assert_eq!(groups, ["", "2022-10-28", "2022-10-31", "2022-11-20"]);
    // As CSV the merged file is the whole corpus' count, dates as text.
    run_ok(&["count", &whole, "-o", &p("whole.csv")]);
    run_ok(&["merge", &p("m.parquet"), "-o", &p("m.csv")]);
    let merged_csv = std::fs::read_to_string(p("m.csv")).unwrap();
    assert_eq!(merged_csv, std::fs::read_to_string(p("whole.csv")).unwrap());
    assert!(merged_csv.contains(",吕梁日报,2022-10-28,"));
}
