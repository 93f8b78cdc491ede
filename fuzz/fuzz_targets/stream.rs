//! An issue's bytes read a part at a time, as a file above 16 MB is read (`corpus::stream`,
//! `segment_file`), against the same bytes decoded and segmented whole (`decode`,
//! `segment_articles`): the same error, or the same segmented issue, whatever the sizes of
//! the parts read (1–64 bytes) and of the pieces cut (16–271 bytes), and whichever articles
//! are left out.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zhcorpus::corpus::decode::decode;
use zhcorpus::tokenize::{Interner, Segmenter, segment_articles, segment_file_sized};

static SEG: LazyLock<Segmenter> =
    LazyLock::new(|| Segmenter::new(&Default::default()).expect("the built-in segmenter"));
static DIR: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| tempfile::tempdir().expect("a temporary directory"));

fuzz_target!(|data: &[u8]| {
    let path = DIR.path().join("issue.txt");
    std::fs::write(&path, data).expect("the input written");
    let chunk = 1 + data.len() % 64;
    let piece = 16 + usize::from(data.first().copied().unwrap_or(0));
    let skip: Vec<u32> = (1u32..4)
        .filter(|&a| data.len() % (a as usize + 1) == 0)
        .collect();
    let interner = Interner::default();
    let parts = segment_file_sized(&path, &SEG, &interner, &skip, chunk, piece);
    match decode(data) {
        Err(why) => {
            let err = parts.expect_err("the whole refused, the parts read");
            assert_eq!(err.to_string(), format!("{}: {why}", path.display()));
        }
        Ok(decoded) => {
            let whole = segment_articles(&decoded.text, decoded.encoding, &SEG, &interner, &skip);
            assert_eq!(parts.expect("the whole read, the parts refused"), whole);
        }
    }
});
