//! `--user-dict FILE` (`word [freq] [tag]` lines) and `--stopwords FILE` (a word a line): the
//! bytes as both files of a `Segmenter`, which then cuts the file's own text and a sentence
//! of the seeds. The segmenter is built on a dictionary of twenty of jieba's words (with their
//! frequencies there), since loading jieba's own takes a third of a second.
#![no_main]
use std::path::PathBuf;
use std::sync::LazyLock;

use jieba_rs::Jieba;
use libfuzzer_sys::fuzz_target;
use zhcorpus::Error;
use zhcorpus::tokenize::{Segmenter, SegmenterOptions, Stopwords};

static DIR: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| tempfile::tempdir().expect("a temporary directory"));

const WORDS: &str = "的 318825 uj\n了 883634 ul\n核酸 162 n\n检测 1423 vn\n疫情 204 n\n防控 74 vn\n\
    党员 1873 n\n先锋 1169 n\n市委 1964 n\n作出 8169 v\n科学 13460 n\n总动员 335 n\n面对 5937 v\n\
    突如其来 263 i\n市 40141 n\n委 1495 zg\n开展 6910 v\n本报讯 3 nz\n发展 68664 vn\n经济 48718 n\n";

static BASE: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::empty();
    jieba
        .load_dict(&mut WORDS.as_bytes())
        .expect("the small dictionary");
    jieba
});

fuzz_target!(|data: &[u8]| {
    let path: PathBuf = DIR.path().join("dict.txt");
    std::fs::write(&path, data).unwrap();
    let opts = SegmenterOptions {
        hmm: data.len() % 2 == 1,
        user_dict: Some(path.clone()),
        stopwords: Stopwords::File(path.clone()),
        t2s: None,
    };
    match Segmenter::with_dictionary(BASE.clone(), &opts) {
        Ok(seg) => {
            let text = String::from_utf8_lossy(data);
            for line in text
                .lines()
                .chain(["面对突如其来的疫情，市委作出了科学防控的总动员。"])
            {
                for w in seg.cut(line) {
                    let _ = seg.is_stopword(w);
                }
                if let Some(word) = line.split_whitespace().next() {
                    let _ = seg.has_word(word);
                    let _ = seg.suggest_freq(word);
                }
            }
        }
        Err(Error::Input { path: p, .. } | Error::Io { path: p, .. }) => {
            assert_eq!(p, path, "the error names another file");
        }
        Err(e) => panic!("unexpected kind of error: {e}"),
    }
});
