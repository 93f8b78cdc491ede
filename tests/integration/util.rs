use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

pub fn zh() -> Command {
    let mut c = Command::cargo_bin("zhcorpus").unwrap();
    c.arg("-q");
    c
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
