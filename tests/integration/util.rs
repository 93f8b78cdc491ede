use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The binary under test: `$ZHCORPUS_BIN` when set (a copy of the build, so that another
/// checkout building into the same target directory cannot swap it mid-run), else cargo's.
pub fn bin() -> PathBuf {
    match std::env::var_os("ZHCORPUS_BIN") {
        Some(bin) => PathBuf::from(bin),
        None => assert_cmd::cargo::cargo_bin("zhcorpus"),
    }
}

/// The binary, without `-q` (to read what it says on stderr).
pub fn zh_plain() -> Command {
    Command::new(bin())
}

/// The binary with `-q`.
pub fn zh() -> Command {
    let mut c = zh_plain();
    c.arg("-q");
    c
}

/// `zhcorpus freq DIR EXTRA…` without `-q` (a minute at most), asserting success: its stdout
/// and stderr.
pub fn freq_said(dir: &Path, extra: &[&str]) -> (String, String) {
    let out = zh_plain()
        .args(["freq", dir.to_str().unwrap()])
        .args(extra)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Run and return stdout, asserting success.
pub fn run_ok(args: &[&str]) -> String {
    let out = zh().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "zhcorpus {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Parse CSV text into a header and rows.
pub fn csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// A corpus directory with the given files (name, bytes).
pub fn corpus(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// `zhcorpus freq CORPUS --by COLUMN` as group → (counted tokens of the group, term → count).
pub fn freq_by(
    corpus: &str,
    by: &str,
) -> std::collections::BTreeMap<String, (u64, std::collections::HashMap<String, u64>)> {
    let (h, rows) = csv(&run_ok(&["freq", corpus, "--by", by]));
    let (g, t, c) = (col(&h, "group"), col(&h, "term"), col(&h, "count"));
    let mut out = std::collections::BTreeMap::new();
    for r in rows {
        let count: u64 = r[c].parse().unwrap();
        let e = out
            .entry(r[g].clone())
            .or_insert_with(|| (0, std::collections::HashMap::new()));
        e.0 += count;
        e.1.insert(r[t].clone(), count);
    }
    out
}

/// Equal to a relative 1e-12 (two ways of summing the same terms).
pub fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
        "{what}: got {got}, want {want}"
    );
}

/// Run, assert the exit code, and return stderr (never a panic).
pub fn fails(args: &[&str], code: i32) -> String {
    let out = zh().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// The count of one n-gram in `zhcorpus ngrams CORPUS -n N --min-count 1`.
pub fn ngram_count(corpus: &str, n: &str, ngram: &str) -> u64 {
    let (h, rows) = csv(&run_ok(&["ngrams", corpus, "-n", n, "--min-count", "1"]));
    rows.iter()
        .find(|r| r[col(&h, "ngram")] == ngram)
        .map(|r| r[col(&h, "count")].parse().unwrap())
        .unwrap_or_else(|| panic!("no n-gram {ngram}"))
}

/// `zhcorpus count seeds` written to `dir` as a Parquet and a CSV counts file.
pub fn seed_counts(dir: &Path) -> [String; 2] {
    ["counts.parquet", "counts.csv"].map(|name| {
        let path = dir.join(name).display().to_string();
        run_ok(&["count", "seeds", "-o", &path]);
        path
    })
}

/// `zhcorpus COMMAND CORPUS EXTRA...` on the seeds and on each counts file: the same bytes.
/// Returns the output from the text.
pub fn same_from_counts(command: &str, counts: &[String], extra: &[&str]) -> String {
    let run = |corpus: &str| {
        let mut args = vec![command, corpus];
        args.extend_from_slice(extra);
        run_ok(&args)
    };
    let text = run("seeds");
    for c in counts {
        assert_eq!(run(c), text, "{command} {c} {extra:?}");
    }
    text
}
