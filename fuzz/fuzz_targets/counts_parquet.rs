//! A counts file in PARQUET: see `counts.rs`.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

#[path = "counts.rs"]
mod counts;

static DIR: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| tempfile::tempdir().expect("a temporary directory"));

fuzz_target!(|data: &[u8]| counts::check(data, &DIR.path().join("counts.parquet")));
