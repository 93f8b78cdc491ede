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

/// A counts file of 2.5 KB whose footer declares 4 × 10¹² rows (its row group holds 2): `freq`
/// read empty slice after empty slice for ever; now the rows the footer gives are checked
/// against the rows its row groups and pages hold, exit 1 naming the file.
#[test]
fn a_counts_parquet_declaring_more_rows_than_it_holds_is_refused() {
    let file = "tests/fuzz-regressions/counts-parquet-forged-row-count.parquet";
    for command in ["freq", "issues", "keywords"] {
        let out = zh()
            .args([command, file])
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "error: {file}: its footer gives 4000000000000 rows, but its row groups hold 2; \
                 the file is damaged\n"
            )
        );
    }
}

/// File names reach the terminal with their control characters escaped: a name holding ESC,
/// a carriage return and a forged line cannot recolour the terminal or print a line of its
/// own (it printed a green "OK" before).
#[test]
fn control_characters_of_file_names_are_escaped_on_the_terminal() {
    let name = "x\u{1b}[2K\r\u{1b}[32mOK\u{7}\nforged.txt";
    let dir = corpus(&[("a.txt", "核酸检测。".as_bytes()), (name, b"")]);
    let (_, stderr) = freq_said(dir.path(), &[]);
    assert!(
        stderr.contains(r"x\u{1b}[2K\r\u{1b}[32mOK\u{7}\nforged.txt: empty file"),
        "{stderr}"
    );
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// A corpus with many warnings prints the first ten and counts the rest (10⁶ metadata rows
/// printed 10⁶ lines before).
#[test]
fn warnings_beyond_the_first_ten_are_counted_not_printed() {
    let mut meta = String::from("file,paper\na.txt,A\n");
    for i in 0..25 {
        meta.push_str(&format!("missing{i:02}.txt,B\n"));
    }
    let dir = corpus(&[
        ("a.txt", "核酸检测。".as_bytes()),
        ("metadata.csv", meta.as_bytes()),
    ]);
    let (_, stderr) = freq_said(dir.path(), &[]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 11, "{stderr}");
    assert!(
        lines[0].ends_with(
            "line 3 names `missing00.txt`, which is not in the corpus; the row is ignored"
        ),
        "{stderr}"
    );
    assert!(lines[9].contains("missing09.txt"), "{stderr}");
    assert_eq!(
        lines[10],
        "warning: 15 more warnings about the corpus not shown (the first 10 are above)"
    );
}

/// `--threads` is bounded: a million threads was accepted before.
#[test]
fn threads_beyond_four_per_core_are_a_usage_error() {
    let err = fails(&["--threads", "1000000", "freq", "seeds"], 2);
    assert!(err.contains("--threads 1000000: at most"), "{err}");
}

/// The walk ends and reads only the corpus: two links back to the corpus directory (the walk
/// never ended before), a FIFO named `*.txt` (a read blocked for ever), a link to `/dev/zero`
/// (3 GB in 19 s) and a link to a file outside the corpus (its text reached `freq.csv`) are
/// each skipped with a warning naming them; `--follow-links` reads the outside file, never
/// the device.
#[cfg(unix)]
#[test]
fn links_devices_and_pipes_in_the_corpus_are_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "机密钥匙。").unwrap();
    let dir = corpus(&[("a.txt", "核酸检测。".as_bytes())]);
    let root = dir.path();
    symlink(".", root.join("loop1")).unwrap();
    symlink("..", root.join("loop2")).unwrap();
    symlink("/dev/zero", root.join("zero.txt")).unwrap();
    symlink(outside.path().join("secret.txt"), root.join("b.txt")).unwrap();
    let fifo = root.join("pipe.txt");
    let made = StdCommand::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let (freq, stderr) = freq_said(root, &[]);
    assert!(freq.contains("核酸") && !freq.contains("钥匙"), "{freq}");
    for (name, why) in [
        ("loop1", "a link to a directory already read; skipped"),
        (
            "pipe.txt",
            "not a regular file (a pipe, device or socket); skipped",
        ),
        (
            "zero.txt",
            "a link to /dev/zero, outside the corpus; skipped (--follow-links reads it)",
        ),
        (
            "b.txt",
            "outside the corpus; skipped (--follow-links reads it)",
        ),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&format!("{name}: ")) && l.contains(why)),
            "{name}: {why} in\n{stderr}"
        );
    }
    // `..` leads out of the corpus: skipped too, not walked.
    assert!(stderr.contains("loop2: a link to"), "{stderr}");
    // With --follow-links, `..` would walk the directory holding the corpus.
    std::fs::remove_file(root.join("loop2")).unwrap();
    let (freq, stderr) = freq_said(root, &["--follow-links"]);
    assert!(freq.contains("核酸") && freq.contains("钥匙"), "{freq}");
    assert!(stderr.contains("zero.txt: not a regular file"), "{stderr}");
}

/// An output is never read as input, nor replaces one: `freq C -o C/metadata.csv` replaced
/// the metadata, `report C -o C/out` (or `report .` run in the corpus) wrote `.txt` files
/// that the next run read as issues, `merge a.parquet -o a.parquet` replaced its input.
/// Each is now a usage error naming both paths, before any work; and a report directory
/// already inside a corpus (it holds zhcorpus's `manifest.json`) is skipped with a warning.
#[test]
fn outputs_inside_the_corpus_are_refused_and_reports_inside_it_skipped() {
    let meta = "file,paper\na.txt,A\n";
    let dir = corpus(&[
        ("a.txt", "核酸检测。".as_bytes()),
        ("metadata.csv", meta.as_bytes()),
    ]);
    let c = dir.path().to_str().unwrap();
    let inside = |p: &str| dir.path().join(p).to_str().unwrap().to_string();
    for args in [
        vec!["freq", c, "-o", &inside("metadata.csv")],
        vec!["freq", c, "--chart", &inside("sub/../freq.svg")],
        vec!["count", c, "-o", &inside("new/counts.parquet")],
        vec!["tokens", c, "--sentences", &inside("s.csv")],
        vec!["report", c, "-o", &inside("out")],
    ] {
        let err = fails(&args, 2);
        assert!(
            err.contains(&format!(
                "{}: inside the corpus directory {c}, whose files are read as input",
                args[3]
            )),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("metadata.csv")).unwrap(),
        meta
    );
    assert!(!dir.path().join("out").exists() && !dir.path().join("new").exists());
    // `report .` inside the corpus: the default reports/<name> is inside it.
    let out = zh()
        .current_dir(dir.path())
        .args(["report", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("reports").exists());
    // A single file as corpus: neither it nor the metadata beside it.
    let a = inside("a.txt");
    let err = fails(&["freq", &a, "-o", &inside("metadata.csv")], 2);
    assert!(
        err.contains(&format!("that is the metadata of the corpus {a}")),
        "{err}"
    );
    let outside = tempfile::tempdir().unwrap();
    let counts = outside.path().join("c.csv");
    let counts = counts.to_str().unwrap();
    run_ok(&["count", c, "-o", counts]);
    let err = fails(&["merge", counts, "-o", counts], 2);
    assert!(
        err.contains(&format!("that is an input (a counts input {counts})")),
        "{err}"
    );

    // A report an older zhcorpus wrote into the corpus is skipped, named; a directory
    // with another tool's manifest.json is read.
    let report = dir.path().join("old-report");
    std::fs::create_dir(&report).unwrap();
    std::fs::write(report.join("manifest.json"), r#"{"tool": "zhcorpus"}"#).unwrap();
    std::fs::write(report.join("user-dict.txt"), "疫苗接种 5 n\n").unwrap();
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("manifest.json"), r#"{"tool": "other"}"#).unwrap();
    std::fs::write(other.join("b.txt"), "志愿者。").unwrap();
    let (freq, stderr) = freq_said(dir.path(), &[]);
    assert!(!freq.contains("疫苗") && freq.contains("志愿者"), "{freq}");
    assert_eq!(
        stderr,
        format!(
            "warning: {}: a zhcorpus report (it holds manifest.json); skipped\n\
             warning: {}/metadata.csv: no row for `other/b.txt`; its metadata columns are left empty\n",
            report.display(),
            c
        )
    );
}

/// Four issues, 1.txt … 4.txt (核酸 in the first two, 志愿者 in the others), with the metadata
/// `columns` (a header line, then a line for each issue, in order, without the file column).
fn four_issues(columns: &str) -> tempfile::TempDir {
    let mut lines = columns.lines();
    let mut meta = format!("file,{}\n", lines.next().unwrap());
    for (i, line) in lines.enumerate() {
        meta.push_str(&format!("{}.txt,{line}\n", i + 1));
    }
    corpus(&[
        ("1.txt", "核酸检测。".as_bytes()),
        ("2.txt", "核酸检测。".as_bytes()),
        ("3.txt", "志愿者服务。".as_bytes()),
        ("4.txt", "志愿者服务。".as_bytes()),
        ("metadata.csv", meta.as_bytes()),
    ])
}

/// The report's file names are unique and bounded, and its groups exact values: columns
/// `a b` and `a_b` both wrote `keyness-a_b.csv` (one replaced the other under the wrong
/// heading); `a b=A` and `a b==A` both selected `A`, so `=A` was compared with `A` itself;
/// `1` and `1.0` were one group; a tracked term of 84 Han characters stopped the report with
/// "File name too long". Now each comparison has its file (the manifest says which), groups
/// are the exact values, and the page prints no command that would select other issues.
#[test]
fn report_file_names_are_unique_and_bounded_and_its_groups_exact() {
    let dir = four_issues("a b,a_b\n=A,1\n=A,1\nA,1.0\nA,1.0\n");
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("r");
    let long_han = "核".repeat(84);
    let long_latin = "a".repeat(282);
    run_ok(&[
        "report",
        dir.path().to_str().unwrap(),
        "-o",
        o.to_str().unwrap(),
        "--track",
        &long_han,
        "--track",
        &long_latin,
        "--track",
        "核酸",
    ]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(o.join("manifest.json")).unwrap()).unwrap();
    let keyness: Vec<(String, String)> = manifest["keyness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            let s = |f: &str| k[f].as_str().unwrap().to_string();
            (s("file"), s("title"))
        })
        .collect();
    assert_eq!(
        keyness,
        [
            ("keyness-a_b.csv".to_string(), "A vs =A".to_string()),
            ("keyness-a_b-2.csv".to_string(), "1.0 vs 1".to_string()),
        ]
    );
    // `=A` (issues 1 and 2, 核酸) against `A` (志愿者).
    let (h, rows) = csv(&std::fs::read_to_string(o.join("keyness-a_b.csv")).unwrap());
    let row = rows.iter().find(|r| r[col(&h, "term")] == "核酸").unwrap();
    assert_eq!(
        (
            &row[col(&h, "count_target")][..],
            &row[col(&h, "count_reference")][..]
        ),
        ("0", "2")
    );
    let page = std::fs::read_to_string(o.join("index.html")).unwrap();
    assert!(
        !page.contains("<code>zhcorpus keyness "),
        "a command that selects other issues"
    );
    assert_eq!(page.matches("No command is printed").count(), 2);
    for entry in std::fs::read_dir(&o).unwrap() {
        let name = entry.unwrap().file_name();
        assert!(name.len() <= 150, "{name:?}");
    }
}

/// A UTF-8 file with a bad byte was read as windows-1252 (`å`, `æ` for 核酸, exit 0, no
/// word): now UTF-8 with U+FFFD for each malformed sequence and a warning naming the file,
/// the first bad byte's offset and the count (the same whole or read in parts).
#[test]
fn a_few_bad_bytes_leave_utf8_read_as_utf8_with_a_warning() {
    let text = "核酸检测，党员先锋。".repeat(30).into_bytes();
    let mut bytes = text[..60].to_vec();
    bytes.push(0xFF);
    bytes.extend_from_slice(&text[60..]);
    bytes.extend_from_slice(&[0xE6, 0xA0]);
    let dir = corpus(&[("a.txt", &bytes[..]), ("b.txt", "志愿者。".as_bytes())]);
    let (freq, stderr) = freq_said(dir.path(), &[]);
    let (h, rows) = csv(&freq);
    let row = rows.iter().find(|r| r[col(&h, "term")] == "核酸").unwrap();
    assert_eq!(row[col(&h, "count")], "30");
    assert!(!freq.contains('å'), "{freq}");
    assert_eq!(
        stderr,
        format!(
            "warning: {}: not valid UTF-8 at byte 60 (2 malformed sequences replaced by \
             U+FFFD); read as UTF-8, as the rest of it is\n",
            dir.path().join("a.txt").display()
        )
    );
}

/// Characters XML forbids (C0 controls, U+FFFF) in metadata values reached the SVGs as they
/// were, and a standalone SVG holding one is no XML (a browser shows an error): now they are
/// written as U+FFFD, and every SVG of the report parses.
#[test]
fn characters_xml_forbids_never_reach_an_svg() {
    let dir = four_issues("paper\nA\u{1}\u{b}x\nA\u{1}\u{b}x\nB\u{ffff}\nB\u{ffff}\n");
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("r");
    run_ok(&[
        "report",
        dir.path().to_str().unwrap(),
        "-o",
        o.to_str().unwrap(),
    ]);
    let mut svgs = 0;
    for entry in std::fs::read_dir(&o).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let svg = std::fs::read_to_string(&path).unwrap();
            if let Err(e) = roxmltree::Document::parse(&svg) {
                panic!("{}: {e}", path.display());
            }
            svgs += 1;
        }
    }
    assert!(svgs > 5, "{svgs} SVGs");
    let keyness = std::fs::read_to_string(o.join("keyness-paper.svg")).unwrap();
    assert!(
        keyness.contains("A\u{fffd}\u{fffd}"),
        "the value, its controls replaced"
    );
}

/// The report directory is written whole or not at all: a second run left the first run's
/// files beside its own (a keyness file of a column since removed), and a failed run left
/// half a directory. Now the report is written into a new directory beside the output and
/// put in its place when done; a failed run leaves the old report as it was and no
/// temporary directory, and what a killed run left is removed by the next. A directory that
/// holds something other than a report is never replaced.
#[test]
fn the_report_directory_is_replaced_whole_or_not_at_all() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("r");
    let o_arg = o.to_str().unwrap();
    let c = seeds();
    let seeds_arg = c.to_str().unwrap();
    run_ok(&["report", seeds_arg, "-o", o_arg]);
    std::fs::write(o.join("keyness-gone.csv"), "stale").unwrap();
    let killed = out.path().join(".zhcorpus-dir-r-killed");
    std::fs::create_dir(&killed).unwrap();
    run_ok(&["report", seeds_arg, "-o", o_arg]);
    assert!(!o.join("keyness-gone.csv").exists());
    let names = |dir: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names(out.path()), ["r"]);
    // A run that fails in the middle (a binary file) leaves the report as it was.
    let index = std::fs::read(o.join("index.html")).unwrap();
    let bad = corpus(&[("a.txt", "核酸检测。".as_bytes()), ("b.txt", b"\0\0\0")]);
    fails(&["report", bad.path().to_str().unwrap(), "-o", o_arg], 1);
    assert_eq!(std::fs::read(o.join("index.html")).unwrap(), index);
    assert_eq!(names(out.path()), ["r"]);
    // A directory of other files is not replaced.
    let other = out.path().join("thesis");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("thesis.tex"), "x").unwrap();
    let err = fails(&["report", seeds_arg, "-o", other.to_str().unwrap()], 2);
    assert!(
        err.contains("a directory that holds no zhcorpus report"),
        "{err}"
    );
    assert_eq!(names(&other), ["thesis.tex"]);
}
