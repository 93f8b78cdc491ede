//! The report directory and `--chart` on each command: files that open, tables that equal the
//! commands', links that resolve, glyphs for every character, the same bytes every run.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::{fails, run_ok, zh};

fn report(dir: &Path, extra: &[&str]) {
    let mut args = vec!["report", "seeds", "-o", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_ok(&args);
}

fn read(dir: &Path, f: &str) -> String {
    std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
}

fn png_size(path: &Path) -> (u32, u32) {
    let img = image::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (img.width(), img.height())
}

/// The text of every `<text>` element of an SVG, which must parse as XML.
fn svg_texts(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG: {e}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("|")
}

#[test]
fn the_report_on_the_seeds_has_every_table_chart_and_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    report(out, &[]);
    let manifest: serde_json::Value = serde_json::from_str(&read(out, "manifest.json")).unwrap();
    // Tables equal the commands that the page says reproduce them.
    assert_eq!(read(out, "freq.csv"), run_ok(&["freq", "seeds"]));
    assert_eq!(read(out, "issues.csv"), run_ok(&["issues", "seeds"]));
    assert_eq!(
        read(out, "keyness-newspaper.csv"),
        run_ok(&[
            "keyness",
            "seeds",
            "--target",
            "newspaper=朔州日报",
            "--reference",
            "newspaper=吕梁日报"
        ])
    );
    assert_eq!(
        read(out, "keyness-date.csv"),
        run_ok(&[
            "keyness",
            "seeds",
            "--target",
            "date>=2022-01-01",
            "--reference",
            "date<=2020-12-31"
        ])
    );
    // The trend follows terms chosen from the date comparison: 2022's strongest (核酸 first)
    // alternating with 2020's; the CLI gives the same table for them.
    let terms: Vec<String> = manifest["trend"]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    assert!(terms.contains(&"核酸".to_string()), "{terms:?}");
    assert!(terms.contains(&"网格".to_string()), "{terms:?}");
    assert_eq!(terms.len(), 6, "{terms:?}");
    let mut trend = vec!["trend", "seeds"];
    trend.extend(terms.iter().map(String::as_str));
    trend.extend(["--by", "date"]);
    assert_eq!(read(out, "trend.csv"), run_ok(&trend));
    // The second pass follows the same terms: dispersion over the issues, each term's
    // collocates, and KWIC lines that are lines of `kwic`.
    let mut dispersion = vec!["dispersion", "seeds"];
    dispersion.extend(terms.iter().map(String::as_str));
    assert_eq!(read(out, "dispersion.csv"), run_ok(&dispersion));
    assert_eq!(read(out, "keywords.csv"), run_ok(&["keywords", "seeds"]));
    assert_eq!(
        read(out, "phrases.csv"),
        run_ok(&["phrases", "seeds", "--top", "100"])
    );
    // The new words among them, as a user dictionary that keeps them whole.
    let dict = read(out, "user-dict.txt");
    assert!(dict.lines().any(|l| l.starts_with("核酸检测 ")), "{dict}");
    assert!(dict.lines().any(|l| l.starts_with("白翻俊 ")), "{dict}");
    let (header, kwic_rows) = crate::util::csv(&read(out, "kwic.csv"));
    assert_eq!(
        header[..8],
        [
            "issue",
            "article",
            "sentence",
            "left",
            "keyword",
            "right",
            "newspaper",
            "date"
        ]
    );
    for t in &terms {
        assert_eq!(
            read(out, &format!("collocates-{t}.csv")),
            run_ok(&["collocates", "seeds", t]),
            "collocates of {t}"
        );
        let (_, all) = crate::util::csv(&run_ok(&["kwic", "seeds", t]));
        let sample: Vec<&Vec<String>> = kwic_rows.iter().filter(|r| r[4] == *t).collect();
        // 8 lines per term, or all of them when fewer.
        assert_eq!(sample.len(), 8.min(all.len()), "kwic sample of {t}");
        for r in sample {
            assert!(all.contains(r), "{r:?} is not a line of `kwic seeds {t}`");
        }
    }

    // Every chart in both formats: PNG at the default size, SVG that parses with its
    // Chinese labels as text.
    let charts = [
        "issues",
        "freq-top",
        "freq-cloud",
        "ngrams",
        "phrases",
        "keyness-newspaper",
        "keyness-date",
        "trend",
        "dispersion",
        "network-核酸",
        "network-网格",
    ];
    for c in charts {
        assert_eq!(png_size(&out.join(format!("{c}.png"))), (1600, 1000), "{c}");
        let texts = svg_texts(&read(out, &format!("{c}.svg")));
        assert!(
            texts
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
            "{c}.svg has no Chinese text: {texts}"
        );
    }
    assert!(svg_texts(&read(out, "freq-top.svg")).contains("疫情"));
    assert!(svg_texts(&read(out, "keyness-date.svg")).contains("核酸"));

    // The page: every link resolves to a file written, every chart is inline, and it
    // carries one embedded font.
    let page = read(out, "index.html");
    let hrefs: BTreeSet<&str> = page
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    for h in &hrefs {
        if let Some(anchor) = h.strip_prefix('#') {
            assert!(page.contains(&format!("id=\"{anchor}\"")), "anchor {h}");
        } else {
            assert!(out.join(h).is_file(), "link {h} does not resolve");
        }
    }
    for f in manifest["outputs"].as_array().unwrap() {
        let f = f["file"].as_str().unwrap();
        if f != "index.html" && f != "manifest.json" {
            assert!(hrefs.contains(f), "the page does not link {f}");
        }
    }
    // Every chart inline: those above and a collocation network per tracked term.
    assert_eq!(page.matches("<svg").count(), charts.len() - 2 + terms.len());
    assert_eq!(page.matches("@font-face").count(), 1);
    // Self-contained: nothing is fetched.
    assert!(!page.contains("<script src") && !page.contains("<link"));
    assert!(!page.contains("src=\"http"));
    // Corpus strings are escaped: the page parses as the template made it.
    assert!(page.contains("吕梁日报 (3), 朔州日报 (2)"));
    // The manifest records the segmenter and its dictionary.
    assert_eq!(manifest["segmenter"]["version"], "0.11.0");
    assert_eq!(
        manifest["segmenter"]["dictionary_sha256"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
}

#[test]
fn the_report_is_the_same_bytes_on_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    for (d, threads) in [(&one, "1"), (&two, "2")] {
        let out = zh()
            .args(["--threads", threads, "report", "seeds", "-o"])
            .arg(d)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&one)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() > 20, "{names:?}");
    for n in names.iter().filter(|n| *n != "manifest.json") {
        assert!(
            std::fs::read(one.join(n)).unwrap() == std::fs::read(two.join(n)).unwrap(),
            "{n} differs between 1 and 2 threads"
        );
    }
}

#[test]
fn the_committed_report_is_what_the_first_command_writes() {
    // reports/seeds/ is committed: it must be regenerated whenever output changes.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seeds");
    report(&out, &[]);
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/seeds");
    // Nothing committed that the report no longer writes.
    for e in std::fs::read_dir(&committed).unwrap() {
        let name = e.unwrap().file_name();
        assert!(
            out.join(&name).is_file(),
            "reports/seeds/{} is no longer written: remove it",
            name.to_string_lossy()
        );
    }
    for e in std::fs::read_dir(&out).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name == "manifest.json" {
            continue;
        }
        let want = std::fs::read(committed.join(&name))
            .unwrap_or_else(|_| panic!("reports/seeds/{name} is not committed"));
        assert!(
            std::fs::read(out.join(&name)).unwrap() == want,
            "reports/seeds/{name} is stale: run `cargo run --release -- report` and commit it"
        );
    }
}

#[test]
fn chart_on_each_command_writes_the_format_its_extension_names() {
    let dir = tempfile::tempdir().unwrap();
    let p = |f: &str| dir.path().join(f).display().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec!["freq".into(), "seeds".into()],
        vec![
            "freq".into(),
            "seeds".into(),
            "--chart-kind".into(),
            "cloud".into(),
        ],
        vec![
            "freq".into(),
            "seeds".into(),
            "--by".into(),
            "newspaper".into(),
        ],
        vec!["ngrams".into(), "seeds".into(), "-n".into(), "2..3".into()],
        vec![
            "issues".into(),
            "seeds".into(),
            "--track".into(),
            "核酸".into(),
        ],
        vec![
            "keyness".into(),
            "seeds".into(),
            "--target".into(),
            "date<2021-01-01".into(),
        ],
        vec![
            "trend".into(),
            "核酸".into(),
            "疫情".into(),
            "--by".into(),
            "date".into(),
        ],
    ];
    for (i, args) in cases.iter().enumerate() {
        let png = p(&format!("c{i}.png"));
        let svg = p(&format!("c{i}.svg"));
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        let table = run_ok(&a);
        a.extend(["--chart", &png, "--chart", &svg, "--chart-size", "800x500"]);
        // The table on stdout is unchanged by drawing it.
        assert_eq!(run_ok(&a), table, "{args:?}");
        assert_eq!(png_size(Path::new(&png)), (800, 500), "{args:?}");
        let texts = svg_texts(&std::fs::read_to_string(&svg).unwrap());
        assert!(!texts.is_empty(), "{args:?}");
    }
}

#[test]
fn a_counts_file_is_not_a_corpus_for_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let counts = dir.path().join("counts.parquet");
    run_ok(&["count", "seeds", "-o", counts.to_str().unwrap()]);
    let out = dir.path().join("r");
    let err = fails(
        &[
            "report",
            counts.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        2,
    );
    assert!(
        err.contains("counts.parquet") && err.contains("report needs the corpus itself"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn chart_flags_are_checked_before_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("x.gif");
    let err = fails(&["freq", "seeds", "--chart", bad.to_str().unwrap()], 2);
    assert!(
        err.contains("x.gif") && err.contains(".png or .svg"),
        "{err}"
    );
    let err = fails(
        &["freq", "seeds", "--chart", "x.png", "--chart-size", "100x5"],
        2,
    );
    assert!(err.contains("--chart-size"), "{err}");
    assert!(!dir.path().join("x.gif").exists());
}
