//! The method: how the text was read, segmented and counted, and every statistic's formula
//! with its source (docs/statistics.md has them at length).

use minijinja::context;

use super::{Report, Section};
use crate::analysis::collocates::{DEFAULT_MIN_COUNT, DEFAULT_WINDOW};
use crate::error::Result;
use crate::report::manifest::JIEBA_VERSION;
use crate::report::page::Page;
use crate::report::{KWIC_LINES, KWIC_WINDOW};

pub struct Method;

impl Section for Method {
    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("method", "Method"))
    }

    fn page(&self, r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let ctx = context! { method => method(r) };
        page.fragment("method.html", include_str!("method.html"), ctx)
            .map(Some)
    }
}

fn method(r: &Report<'_>) -> Vec<String> {
    let mut m = Vec::new();
    if let Some(c) = r.opts.segmenter.t2s {
        m.push(format!("Characters: converted to simplified by {} after OCR repair and before sentences and segmentation (--t2s); every table counts the converted text.", c.describe()));
    }
    if let Some((_, d)) = &r.opts.dedup {
        m.push(format!("Reprints (--dedup): articles of at least {} Han characters compared by the Jaccard index of their sets of 5-character shingles (Broder 1997), candidates found by MinHash with LSH and every pair computed exactly; pairs with similarity ≥ {} joined into groups (connected components), and every group counted once, by its earliest article (date, then issue id, then article number). Every table and chart leaves out the {} other articles; reprints.csv lists the {} pairs.", d.min_chars, d.min_similarity, d.dropped_articles, d.pairs));
    }
    m.extend([
        "Text: decoded (UTF-8, UTF-16 or GB18030, detected), repaired for OCR (spaces between Chinese characters removed, lines broken inside a sentence joined, full-width letters and digits made half-width), split into articles at headings and into sentences at 。！？；….".to_string(),
        format!(
            "Segmentation: jieba-rs {} with its built-in dictionary (SHA-256 in manifest.json), HMM for unknown words {}. Counted tokens are words, Latin words and numbers; punctuation and symbols are never counted.",
            JIEBA_VERSION,
            if r.opts.segmenter.hmm { "on" } else { "off" }
        ),
        "per 10,000 tokens = 10000 · count / N, N = counted tokens (of the corpus, the group or the issue).".to_string(),
        "Keyness: G² = 2 · Σ O · ln(O/E) over the 2×2 table [a, b; C1 − a, C2 − b] (Rayson & Garside 2000), signed; p from χ² with 1 degree of freedom; log ratio = log₂((a/C1)/(b/C2)) (Hardie 2014), a zero count replaced by 0.5.".to_string(),
        "N-grams: O11 = f(xy), E11 = f(x)·f(y)/N over the N n-gram positions; PMI = log₂(O11/E11), t-score = (O11 − E11)/√O11, logDice = 14 + log₂(2·O11/(f(x) + f(y))), G² over the 2×2 table.".to_string(),
        "Keywords: per-issue TF-IDF, tf = count / counted tokens of the issue, idf = ln(D / df) with D issues and df the issues containing the term (no smoothing: a term in every issue scores 0), tfidf = tf · idf.".to_string(),
        "Dispersion over the issues, with part sizes s_i (counted tokens) and term counts v_i: range = issues with v_i > 0; Juilland's D = 1 − (sd(v_i/s_i)/mean(v_i/s_i))/√(k − 1); DP = Σ |v_i/Σv − s_i/Σs| / 2 (Gries 2008); DP_norm = DP/(1 − min s_i/Σs) (Lijffijt & Gries 2012).".to_string(),
        "Phrases: character strings of 2 to 4 Han characters inside a sentence (digits, Latin letters and punctuation are boundaries), seen at least 5 times; p(x) = count(x)/T over the T Han characters; pmi_min = the least log₂(p(s)/(p(l)·p(r))) over the splits s = l·r; entropy_left/right = Shannon entropy (natural log) of the neighbouring characters, each boundary a distinct neighbour (Matrix67 2012); score = pmi_min × min(entropy_left, entropy_right); a string with 90% of its occurrences inside one longer candidate is left out.".to_string(),
        format!("KWIC: {KWIC_LINES} lines per tracked term with {KWIC_WINDOW} tokens either side, a systematic sample spread evenly over its occurrences in corpus order."),
        format!("Collocates: counted tokens within {DEFAULT_WINDOW} of the node on each side, inside its sentence. O11 = co-occurrences, R1 = the node's frequency, C1 = the collocate's, N = counted tokens; E11 = R1 · C1 / N (corpus frequencies, no window correction, as LancsBox); PMI, t-score, logDice and G² as for n-grams; collocates seen at least {DEFAULT_MIN_COUNT} times. The networks place the 20 strongest by logDice: closer = stronger, larger = more frequent together."),
    ]);
    if !r.comparisons.is_empty() {
        m.push("Groups compared: each metadata column with 2 to 8 values shared by several issues (two values: one against the other; more: each against the rest), and the latest year of `date` against the earliest (within one year: the later half of the dates against the earlier).".to_string());
    }
    m
}
