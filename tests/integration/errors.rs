//! Bad input: a clear message naming the file, a non-zero exit code, never a panic, never a
//! half-written output (SPEC §7).

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};

use crate::util::*;

#[test]
fn missing_corpus_is_a_runtime_error_naming_it() {
    let err = fails(&["freq", "no/such/dir"], 1);
    assert_eq!(
        err,
        "error: no/such/dir: no such corpus directory (give a directory of .txt files)\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let err = fails(&["freq", "seeds", "--by", "editor"], 2);
    assert!(
        err.starts_with("error: no metadata column `editor`"),
        "{err}"
    );
    assert!(
        err.contains("available: issue, newspaper, date, date_basis"),
        "{err}"
    );
    let err = fails(&["freq", "seeds", "-o", "out.xlsx"], 2);
    assert!(err.contains("unknown output format `.xlsx`"), "{err}");
    let err = fails(&["ngrams", "seeds", "-n", "1"], 2);
    assert!(err.contains("-n `1`"), "{err}");
    fails(&["freq", "--no-such-flag"], 2);
}

#[test]
fn bad_metadata_names_file_and_line() {
    let dir = corpus(&[
        ("a.txt", "党员先锋。".as_bytes()),
        ("metadata.csv", b"file,date\na.txt,2022-10-32\n"),
    ]);
    let err = fails(&["freq", dir.path().to_str().unwrap()], 1);
    let meta = dir.path().join("metadata.csv");
    assert_eq!(
        err,
        format!(
            "error: {}: line 2: date `2022-10-32` is not a calendar date in YYYY-MM-DD form\n",
            meta.display()
        )
    );
}

#[test]
fn binary_file_is_refused() {
    let dir = corpus(&[("a.txt", b"\x00\x01\x02abc")]);
    let err = fails(&["freq", dir.path().to_str().unwrap()], 1);
    assert!(err.contains("a.txt: contains NUL bytes"), "{err}");
}

#[test]
fn messy_encodings_line_ends_and_empty_files_are_read() {
    let text = "核酸检测，党员先锋。\r\n疫情防控。\r\n";
    let (gb, _, _) = encoding_rs::GB18030
        .encode("面对突如其来的疫情，市、区党委、政府作出了科学防控、精准施策的总动员。核酸检测。");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let dir = corpus(&[
        ("a_bom.txt", &bom),
        ("b_gb.txt", &gb),
        ("c_utf16.txt", &utf16),
        ("d_empty.txt", b""),
        ("e_cr.txt", "党员先锋，疫\r情防控。".as_bytes()),
    ]);
    let out = zh()
        .args(["freq", dir.path().to_str().unwrap(), "--by", "issue"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (h, rows) = csv(&String::from_utf8(out.stdout).unwrap());
    let count = |issue: &str, term: &str| {
        rows.iter()
            .find(|r| r[0] == issue && r[col(&h, "term")] == term)
            .map(|r| r[col(&h, "count")].clone())
    };
    assert_eq!(count("a_bom", "核酸").as_deref(), Some("1"));
    assert_eq!(count("b_gb", "核酸").as_deref(), Some("1"));
    assert_eq!(count("c_utf16", "党员").as_deref(), Some("1"));
    // a bare CR inside a sentence is a broken line: 疫\r情防控 is joined into 疫情防控
    assert_eq!(count("e_cr", "疫情").as_deref(), Some("1"));
    assert!(!rows.iter().any(|r| r[0] == "d_empty"));
    // warnings only without -q
    let out = StdCommand::new(crate::util::bin())
        .args(["issues", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("d_empty.txt: empty file"), "{err}");
    let (ih, issues) = csv(&String::from_utf8(out.stdout).unwrap());
    let empty = issues.iter().find(|r| r[0] == "d_empty").unwrap();
    assert_eq!(empty[col(&ih, "tokens")], "0");
    assert_eq!(empty[col(&ih, "ttr")], "");
}

#[test]
fn metadata_rows_and_files_that_do_not_match_are_warned_about() {
    let dir = corpus(&[
        ("a.txt", "党员先锋。".as_bytes()),
        ("b.txt", "核酸检测。".as_bytes()),
        (
            "metadata.csv",
            "\u{FEFF}file,newspaper\r\na.txt,甲报\r\nzz.txt,乙报\r\n".as_bytes(),
        ),
    ]);
    let out = StdCommand::new(crate::util::bin())
        .args(["issues", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no row for `b.txt`"), "{err}");
    assert!(
        err.contains("line 3 names `zz.txt`, which is not in the corpus"),
        "{err}"
    );
    let (h, rows) = csv(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(h[1], "newspaper");
    assert_eq!((rows[0][1].as_str(), rows[1][1].as_str()), ("甲报", ""));
}

#[test]
fn a_failed_write_leaves_no_file_and_the_old_one_intact() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("freq.csv");
    std::fs::write(&target, "old").unwrap();
    // a corpus error happens before anything is written
    fails(&["freq", "no/such/dir", "-o", target.to_str().unwrap()], 1);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    // a destination that cannot be created
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let bad = blocker.join("out.csv");
    let err = fails(&["freq", "seeds", "-o", bad.to_str().unwrap()], 1);
    assert!(
        err.starts_with(&format!("error: {}", blocker.display())),
        "{err}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let mut child = StdCommand::new(crate::util::bin())
        .args(["tokens", "seeds"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("issue,article,sentence,position,token,kind"));
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn inputs_are_never_modified() {
    let before: Vec<(String, Vec<u8>)> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), std::fs::read(&p).unwrap())
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    run_ok(&["report", "seeds", "-o", dir.path().to_str().unwrap()]);
    for (p, bytes) in before {
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{p}");
    }
}

/// Found by fuzzing (`scripts/fuzz counts_parquet`): polars panicked on a Parquet file whose
/// footer points past its end; the binary now says what is wrong with which file, exit 1.
#[test]
fn fuzz_counts_parquet_chunk_outside_file() {
    let file = "tests/fuzz-regressions/counts-parquet-chunk-outside-file.parquet";
    for command in ["freq", "issues"] {
        let err = fails(&[command, file], 1);
        assert!(
            err.starts_with(&format!("error: {file}: row group 1, column `")),
            "{err}"
        );
        assert!(err.ends_with("the file is truncated or damaged\n"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}
