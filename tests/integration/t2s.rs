//! `--t2s`: a traditional-character copy of the seeds, made with OpenCC's opposite direction
//! (s2t) at test time, gives the seeds' tables once converted back, but for the documented
//! exception; without the flag it does not.

use std::collections::BTreeMap;
use std::path::Path;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use crate::util::{col, csv, fails, run_ok, seeds};

/// The seeds converted with `config` (s2t, s2tw, s2hk), metadata.csv copied as it is.
fn converted_seeds(config: BuiltinConfig) -> tempfile::TempDir {
    let opencc = OpenCC::from_config(config).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(seeds()).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let out = if path.extension().is_some_and(|x| x == "txt") {
            let t = opencc.convert(&text);
            assert_ne!(t, text, "{}: nothing converted", path.display());
            t
        } else {
            text
        };
        std::fs::write(dir.path().join(path.file_name().unwrap()), out).unwrap();
    }
    dir
}

fn p(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

/// term → count from `freq`.
fn counts(args: &[&str]) -> BTreeMap<String, u64> {
    let (h, rows) = csv(&run_ok(args));
    let (t, c) = (col(&h, "term"), col(&h, "count"));
    rows.iter()
        .map(|r| (r[t].clone(), r[c].parse().unwrap()))
        .collect()
}

/// The terms whose counts differ: (term, count in `a`, count in `b`).
fn differences(a: &BTreeMap<String, u64>, b: &BTreeMap<String, u64>) -> Vec<(String, u64, u64)> {
    let mut terms: Vec<&String> = a.keys().chain(b.keys()).collect();
    terms.sort();
    terms.dedup();
    terms
        .into_iter()
        .map(|t| {
            let n = |m: &BTreeMap<String, u64>| m.get(t).copied().unwrap_or(0);
            (t.clone(), n(a), n(b))
        })
        .filter(|(_, x, y)| x != y)
        .collect()
}

/// The one exception on the seeds: 摺 (摺满手印, 003) is a simplified character too (a variant
/// of 折 in 折叠); s2t keeps it, t2s folds it into 折. Every other row round-trips.
fn the_exception() -> Vec<(String, u64, u64)> {
    vec![("折".into(), 0, 1), ("摺".into(), 1, 0)]
}

#[test]
fn freq_t2s_on_a_traditional_copy_equals_freq_on_the_seeds_but_for_the_exception() {
    let trad = converted_seeds(BuiltinConfig::S2t);
    let seeds = counts(&["freq", p(&seeds())]);
    let back = counts(&["freq", p(trad.path()), "--t2s"]);
    assert_eq!(differences(&seeds, &back), the_exception());
    assert_eq!(seeds.values().sum::<u64>(), 15160);
    assert_eq!(back.values().sum::<u64>(), 15160);
    // Without the flag the copy counts apart: jieba's dictionary is simplified, so 檢測 and
    // 社區 are not words (cut into characters), and 區 and 員 alone rank 2nd and 3rd.
    let raw = counts(&["freq", p(trad.path())]);
    assert_eq!(seeds.get("检测"), Some(&38));
    assert_eq!((raw.get("检测"), raw.get("檢測")), (None, None));
    assert_eq!(seeds.get("社区"), Some(&103));
    assert_eq!((raw.get("社區"), raw.get("社")), (None, Some(&109)));
    assert_eq!((seeds.get("核酸"), raw.get("核酸")), (Some(&82), Some(&77)));
    assert_eq!(raw.get("區"), Some(&342));
    assert!(differences(&seeds, &raw).len() > 1000);
}

#[test]
fn taiwan_and_hong_kong_copies_come_back_with_their_configs() {
    // Taiwan writes 着 as 著, and 彰顯著 (彰显着, "shows", twice in 001 and 003) is matched
    // longest-first as 彰 + 顯著 ("notable"): 彰显着 comes back as 彰显著, which jieba cuts
    // 彰 显著.
    let mut tw = the_exception();
    tw.extend([
        ("彰".into(), 0, 2),
        ("彰显".into(), 4, 2),
        ("显著".into(), 0, 2),
        ("着".into(), 37, 35),
    ]);
    tw.sort();
    for (config, flag, exceptions) in [
        (BuiltinConfig::S2tw, "--t2s=tw2s", tw),
        (BuiltinConfig::S2hk, "--t2s=hk2s", the_exception()),
    ] {
        let copy = converted_seeds(config);
        let seeds = counts(&["freq", p(&seeds())]);
        let back = counts(&["freq", p(copy.path()), flag]);
        assert_eq!(differences(&seeds, &back), exceptions, "{flag}");
    }
}

#[test]
fn the_sentence_table_shows_the_converted_text() {
    let trad = converted_seeds(BuiltinConfig::S2t);
    let dir = tempfile::tempdir().unwrap();
    let sentences = |corpus: &str, extra: &[&str], name: &str| {
        let file = dir.path().join(name);
        let mut args = vec![
            "tokens",
            corpus,
            "-o",
            "-",
            "--sentences",
            file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run_ok(&args);
        std::fs::read_to_string(file).unwrap()
    };
    let seeds = sentences(p(&seeds()), &[], "seeds.csv");
    let back = sentences(p(trad.path()), &["--t2s"], "back.csv");
    let raw = sentences(p(trad.path()), &[], "raw.csv");
    assert!(raw.contains("000_797ed97eab3695c8,1,1,來自抗擊疫情一線的報道\n"));
    assert!(back.contains("000_797ed97eab3695c8,1,1,来自抗击疫情一线的报道\n"));
    // Line for line the same sentences (same articles, numbers, spans), but for 摺 → 折.
    let (s, b): (Vec<&str>, Vec<&str>) = (seeds.lines().collect(), back.lines().collect());
    assert_eq!(s.len(), b.len());
    let differ: Vec<(&str, &str)> = s
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    assert_eq!(differ.len(), 1);
    assert_eq!(differ[0].0.replace('摺', "折"), differ[0].1);
}

#[test]
fn phrases_see_the_converted_text() {
    let trad = converted_seeds(BuiltinConfig::S2t);
    assert_eq!(
        run_ok(&["phrases", p(trad.path()), "--t2s"]),
        run_ok(&["phrases", p(&seeds())])
    );
    assert!(run_ok(&["phrases", p(trad.path()), "--top", "3"]).contains("志願者"));
}

#[test]
fn the_report_records_the_conversion() {
    let trad = converted_seeds(BuiltinConfig::S2t);
    let out = tempfile::tempdir().unwrap();
    run_ok(&["report", p(trad.path()), "--t2s", "-o", p(out.path())]);
    let read = |f: &str| std::fs::read_to_string(out.path().join(f)).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&read("manifest.json")).unwrap();
    assert_eq!(
        manifest["options"]["conversion"],
        "OpenCC t2s (ferrous-opencc 0.4.0)"
    );
    let (h, rows) = csv(&read("freq.csv"));
    let top: Vec<&str> = rows[..3]
        .iter()
        .map(|r| r[col(&h, "term")].as_str())
        .collect();
    assert_eq!(top, ["的", "疫情", "防控"]);
    // The page says so, and the commands it prints reproduce its tables with the flag.
    let page = read("index.html");
    assert!(page.contains("converted to simplified by OpenCC t2s"));
    // (minijinja escapes `/` as `&#x2f;`)
    let path = trad.path().display().to_string().replace('/', "&#x2f;");
    let flags = format!("zhcorpus keywords {path} --t2s=t2s</code>");
    assert!(page.contains(&flags), "{flags} not on the page");
}

#[test]
fn terms_asked_for_in_traditional_are_converted_too() {
    // 核酸檢測 is asked of the converted text as 核酸检测 (the table says so).
    let trad = converted_seeds(BuiltinConfig::S2t);
    let asked = run_ok(&[
        "trend",
        p(trad.path()),
        "--t2s",
        "核酸檢測",
        "--by",
        "newspaper",
    ]);
    assert_eq!(
        asked,
        run_ok(&["trend", p(&seeds()), "核酸检测", "--by", "newspaper"])
    );
    assert!(asked.contains("朔州日报,核酸检测,19,"), "{asked}");
}

#[test]
fn a_value_other_than_the_configs_is_a_usage_error() {
    let err = fails(&["freq", p(&seeds()), "--t2s=s2t"], 2);
    assert!(err.contains("t2s, tw2s, hk2s"), "{err}");
}

#[test]
fn a_counts_file_with_t2s_is_a_usage_error() {
    // A counts file has no text to convert: --t2s belongs to `count`, which reads the texts.
    let trad = converted_seeds(BuiltinConfig::S2t);
    let dir = tempfile::tempdir().unwrap();
    let counts_file = dir.path().join("counts.parquet");
    let file = p(&counts_file);
    run_ok(&["count", p(trad.path()), "--t2s", "-o", file]);
    let err = fails(&["freq", file, "--t2s"], 2);
    assert!(err.contains("give --t2s to `zhcorpus count`"), "{err}");
    let from_counts = counts(&["freq", file]);
    let from_texts = counts(&["freq", p(trad.path()), "--t2s"]);
    assert_eq!(from_counts, from_texts);
}
