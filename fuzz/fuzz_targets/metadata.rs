//! `metadata.csv`: the bytes as the metadata file of a corpus of three issues, read by
//! `load_corpus` (decoding, the CSV reader, the checks, the join with the files), then every
//! column looked up as `--by`/`--target` do.
#![no_main]
use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zhcorpus::Error;
use zhcorpus::corpus::load_corpus;

static DIR: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let p = dir.path();
    std::fs::create_dir(p.join("sub")).unwrap();
    std::fs::write(p.join("a.txt"), "本报讯 核酸检测。").unwrap();
    std::fs::write(p.join("sub").join("b.txt"), "疫情防控。").unwrap();
    std::fs::write(p.join("c.txt"), "").unwrap();
    dir
});

fuzz_target!(|data: &[u8]| {
    let root = DIR.path();
    let meta: PathBuf = root.join("metadata.csv");
    std::fs::write(&meta, data).unwrap();
    match load_corpus(root) {
        Ok(corpus) => {
            assert_eq!(corpus.docs.len(), 3);
            for column in corpus.meta_columns.iter().chain([&"issue".to_string()]) {
                let values = corpus.doc_values(column).expect("a column the corpus has");
                assert_eq!(values.len(), 3);
            }
        }
        // Every error names the metadata file.
        Err(Error::Input { path, .. } | Error::Io { path, .. }) => {
            assert_eq!(path, meta, "the error names another file");
        }
        Err(e) => panic!("unexpected kind of error: {e}"),
    }
});
