//! An issue's bytes: encoding detection, normalisation, articles, sentences and jieba
//! segmentation (`segment_text`, what every command does to each file), without and with
//! `--t2s` (the conversion chosen by the input's length) and `--hmm`.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zhcorpus::corpus::convert::Conversion;
use zhcorpus::corpus::decode::decode;
use zhcorpus::tokenize::{Interner, Segmenter, SegmenterOptions, Stopwords, segment_text};

fn segmenter(hmm: bool, t2s: Option<Conversion>) -> Segmenter {
    let opts = SegmenterOptions {
        hmm,
        user_dict: None,
        stopwords: Stopwords::Zh,
        t2s,
    };
    Segmenter::new(&opts).expect("the built-in segmenter")
}

static PLAIN: LazyLock<Segmenter> = LazyLock::new(|| segmenter(false, None));
static CONVERTING: LazyLock<[Segmenter; 3]> = LazyLock::new(|| {
    [Conversion::T2s, Conversion::Tw2s, Conversion::Hk2s].map(|c| segmenter(true, Some(c)))
});

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode(data) else { return };
    let converting = &CONVERTING[data.len() % 3];
    for seg in [&*PLAIN, converting] {
        let interner = Interner::default();
        let s = segment_text(&decoded.text, decoded.encoding, seg, &interner);
        // Every span the later passes slice by must be in bounds and on a char boundary.
        for sentence in &s.sentences {
            let _ = s.sentence_text(sentence);
            let _ = s.sentence_tokens(sentence);
        }
        for local in 0..s.terms.len() {
            let _ = s.term(local as u32);
        }
        let (vocab, remap) = interner.finish(seg);
        for &global in &s.terms {
            let _ = vocab.term(remap[global as usize]);
        }
    }
});
