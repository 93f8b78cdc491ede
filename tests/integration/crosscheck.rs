//! An independent Python reimplementation of `freq`, `ngrams`, `issues`, `keyness` and `trend`
//! (`tests/crosscheck/crosscheck.py`) recomputes them from the token table and compares every
//! cell, row order included, with what the binary prints.

use std::process::Command;

use crate::util;

fn crosscheck(extra: &[&str]) {
    let bin = crate::util::bin();
    let workdir = tempfile::tempdir().unwrap();
    let out = Command::new("python3")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("tests/crosscheck/crosscheck.py")
        .arg("--bin")
        .arg(&bin)
        .arg("--corpus")
        .arg(util::seeds())
        .arg("--workdir")
        .arg(workdir.path())
        .args(extra)
        .output()
        .expect("cannot run python3");
    assert!(
        out.status.success(),
        "crosscheck.py {extra:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn python_crosscheck_matches_on_the_seeds() {
    crosscheck(&[]);
}

#[test]
fn python_crosscheck_matches_on_the_seeds_with_stopwords() {
    crosscheck(&["--stopwords", "zh"]);
}
