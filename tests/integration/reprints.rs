//! `reprints` on a fixture corpus built from seed articles with planted reprints (a verbatim
//! copy, a copy with a new headline and a paragraph cut, a copy with OCR noise, a notice
//! printed twice in one issue) beside unrelated articles on the same topic, which must not
//! match; the seeds themselves (no reprints); the groups for `--dedup`; usage errors.

use zhcorpus::analysis::reprints::{ReprintOptions, jaccard, reprints, shingles};
use zhcorpus::corpus::load_corpus;
use zhcorpus::corpus::normalize::{ParaKind, is_han, normalize};
use zhcorpus::corpus::structure::articles;
use zhcorpus::tokenize::Segmenter;

use crate::util::*;

const HEADER: [&str; 9] = [
    "issue_a",
    "article_a",
    "issue_b",
    "article_b",
    "similarity",
    "chars_a",
    "chars_b",
    "title_a",
    "title_b",
];

/// A seed article: its title and its body paragraphs.
struct Seed {
    title: String,
    body: Vec<String>,
}

fn seed(file: &str, article: usize) -> Seed {
    let text = std::fs::read_to_string(seeds().join(file)).unwrap();
    let a = articles(normalize(&text)).swap_remove(article - 1);
    let body = a
        .paragraphs
        .into_iter()
        .filter(|p| p.kind == ParaKind::Body)
        .map(|p| p.text)
        .collect();
    Seed {
        title: a.title,
        body,
    }
}

/// An article as Markdown: `# title` and its paragraphs.
fn md(title: &str, body: &[String]) -> String {
    format!("# {title}\n\n{}\n\n", body.join("\n\n"))
}

fn han(title: &str, body: &[String]) -> Vec<char> {
    title
        .chars()
        .chain(body.iter().flat_map(|p| p.chars()))
        .filter(|&c| is_han(c))
        .collect()
}

/// OCR noise: every 60th Han character replaced by 口, spaces between the Han characters of
/// the first paragraph (the normaliser removes those).
fn noisy(body: &[String]) -> Vec<String> {
    let mut n = 0;
    let mut out: Vec<String> = body
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| {
                    if is_han(c) {
                        n += 1;
                        if n % 60 == 0 {
                            return '口';
                        }
                    }
                    c
                })
                .collect()
        })
        .collect();
    let spaced: Vec<String> = out[0].chars().map(String::from).collect();
    out[0] = spaced.join(" ");
    out
}

/// The planted corpus. X: a long report; Y, Z: other articles about COVID prevention; W: a
/// short notice. a = X + Y, b = Z + X, c = X with a new headline and a paragraph cut, d = X
/// with OCR noise, e = W printed twice.
struct Planted {
    x: Seed,
    y: Seed,
    z: Seed,
    w: Seed,
    cut: Vec<String>,
    noise: Vec<String>,
}

const NEW_TITLE: &str = "全市上下众志成城打赢疫情防控阻击战";

fn planted() -> Planted {
    let x = seed("003_337bf66f5a191e40.txt", 1);
    assert!(x.body.len() >= 4, "{} paragraphs", x.body.len());
    let mut cut = x.body.clone();
    cut.remove(1);
    let noise = noisy(&x.body);
    Planted {
        y: seed("002_a80e5c2d6170cdd6.txt", 2),
        z: seed("004_fb2f2cd5848fbeb5.txt", 3),
        w: seed("001_3ce53eaef2322806.txt", 5),
        x,
        cut,
        noise,
    }
}

impl Planted {
    /// The files; `deduped`: without the copies `--dedup` leaves out (a's X, c, d, e's
    /// second W: b's X is the earliest, 2020-02-10), c and d then empty.
    fn files(&self, deduped: bool) -> Vec<(&'static str, String)> {
        let (x, y, z, w) = (&self.x, &self.y, &self.z, &self.w);
        let copy = |s: String| if deduped { String::new() } else { s };
        vec![
            ("a.txt", copy(md(&x.title, &x.body)) + &md(&y.title, &y.body)),
            ("b.txt", md(&z.title, &z.body) + &md(&x.title, &x.body)),
            ("c.txt", copy(md(NEW_TITLE, &self.cut))),
            ("d.txt", copy(md(&x.title, &self.noise))),
            ("e.txt", md(&w.title, &w.body) + &copy(md(&w.title, &w.body))),
            (
                "metadata.csv",
                "file,date\na.txt,2020-02-11\nb.txt,2020-02-10\nc.txt,2020-02-12\nd.txt,\ne.txt,2020-02-10\n"
                    .to_string(),
            ),
        ]
    }

    fn corpus(&self, deduped: bool) -> tempfile::TempDir {
        let files = self.files(deduped);
        let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
        corpus(&files)
    }
}

#[test]
fn planted_reprints_are_found_and_nothing_else() {
    let p = planted();
    let (x, w, cut, noise) = (&p.x, &p.w, &p.cut, &p.noise);
    let new_title = NEW_TITLE;
    let dir = p.corpus(false);
    let path = dir.path().to_str().unwrap();
    let out = run_ok(&["reprints", path]);
    let (h, rows) = csv(&out);
    assert_eq!(h, HEADER);

    // The expected similarities, from the Han characters written above.
    let (hx, hcut, hnoise, hw) = (
        han(&x.title, &x.body),
        han(new_title, cut),
        han(&x.title, noise),
        han(&w.title, &w.body),
    );
    let j = |a: &[char], b: &[char]| jaccard(&shingles(a), &shingles(b));
    let (j_cut, j_noise, j_cut_noise) = (j(&hx, &hcut), j(&hx, &hnoise), j(&hcut, &hnoise));
    // One paragraph of the report cut and a new headline: 0.848, still clearly the same text;
    // OCR noise, 1 in 60 characters changed, each breaking 5 shingles: J ≈ 55/65 = 0.846.
    assert!((0.8..0.9).contains(&j_cut), "{j_cut}");
    assert!((0.8..0.9).contains(&j_noise), "{j_noise}");
    let (cx, cc, cn, cw) = (
        hx.len().to_string(),
        hcut.len().to_string(),
        hnoise.len().to_string(),
        hw.len().to_string(),
    );
    let s = |v: f64| v.to_string();
    let (tx, tw) = (x.title.as_str(), w.title.as_str());
    #[rustfmt::skip]
    let mut want: Vec<Vec<String>> = [
        ["a", "1", "b", "2", "1.0", &cx, &cx, tx, tx],
        ["e", "1", "e", "2", "1.0", &cw, &cw, tw, tw],
        ["a", "1", "c", "1", &s(j_cut), &cx, &cc, tx, new_title],
        ["b", "2", "c", "1", &s(j_cut), &cx, &cc, tx, new_title],
        ["a", "1", "d", "1", &s(j_noise), &cx, &cn, tx, tx],
        ["b", "2", "d", "1", &s(j_noise), &cx, &cn, tx, tx],
        ["c", "1", "d", "1", &s(j_cut_noise), &cc, &cn, new_title, tx],
    ]
    .iter()
    .map(|r| r.iter().map(|v| v.to_string()).collect())
    .collect();
    // By similarity descending, ties in corpus order.
    want.sort_by(|p, q| {
        let f = |r: &Vec<String>| r[4].parse::<f64>().unwrap();
        f(q).total_cmp(&f(p)).then(p[..4].cmp(&q[..4]))
    });
    assert_eq!(rows, want);
    // The same bytes on one thread.
    assert_eq!(run_ok(&["--threads", "1", "reprints", path]), out);
    // A stricter threshold keeps the verbatim copies and the cut copy only.
    let (_, strict) = csv(&run_ok(&["reprints", path, "--min-similarity", "0.9"]));
    assert_eq!(strict.len(), 2);
    // The notice (a few hundred characters) is left out below --min-chars.
    let (_, long_only) = csv(&run_ok(&[
        "reprints",
        path,
        "--min-chars",
        &(hw.len() + 1).to_string(),
    ]));
    assert_eq!(long_only.len(), 6);

    // Groups for --dedup: {a1, b2, c1, d1} keeps b2 (2020-02-10, the earliest date), and
    // {e1, e2} keeps e1 (same issue: the first article).
    let c = load_corpus(dir.path()).unwrap();
    let seg = Segmenter::new(&Default::default()).unwrap();
    let r = reprints(&c, &seg, &|_| {}, &ReprintOptions::default()).unwrap();
    let doc = |id: &str| c.docs.iter().position(|d| d.id == id).unwrap() as u32;
    let g = r.groups(&c);
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].keep, (doc("b"), 2));
    assert_eq!(g[0].drop, vec![(doc("a"), 1), (doc("c"), 1), (doc("d"), 1)]);
    assert_eq!(g[1].keep, (doc("e"), 1));
    assert_eq!(g[1].drop, vec![(doc("e"), 2)]);
    let dropped = r.dropped(&c);
    assert_eq!(dropped[doc("a") as usize], vec![1]);
    assert!(dropped[doc("b") as usize].is_empty());
    assert_eq!(dropped[doc("e") as usize], vec![2]);
}

#[test]
fn seeds_have_no_reprints() {
    // The five seed pages share no article: the closest pair of articles has similarity
    // 0.02 (two reports on the same outbreak).
    let (h, rows) = csv(&run_ok(&["reprints"]));
    assert_eq!(h, HEADER);
    assert!(rows.is_empty(), "{rows:?}");
    let (_, low) = csv(&run_ok(&["reprints", "--min-similarity", "0.015"]));
    assert!(!low.is_empty());
    assert!(
        low.iter().all(|r| r[4].parse::<f64>().unwrap() < 0.021),
        "{low:?}"
    );
}

#[test]
fn bad_options_are_usage_errors() {
    for s in ["0", "1.5", "-0.2"] {
        zh().args(["reprints", "--min-similarity", s])
            .assert()
            .code(2);
    }
}

#[test]
fn t2s_finds_a_traditional_reprint() {
    // The seeds plus 002 in traditional characters (OpenCC s2t, made here): with --t2s each
    // of 002's articles meets its converted copy; without, the characters differ.
    let opencc =
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2t).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for e in std::fs::read_dir(seeds()).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".txt") {
            files.push((name, std::fs::read(&path).unwrap()));
        }
    }
    let text = std::fs::read_to_string(seeds().join("002_a80e5c2d6170cdd6.txt")).unwrap();
    files.push(("zz_trad.txt".into(), opencc.convert(&text).into_bytes()));
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let dir = corpus(&refs);
    let path = dir.path().to_str().unwrap();
    let (_, with) = csv(&run_ok(&["reprints", path, "--t2s"]));
    let (_, without) = csv(&run_ok(&["reprints", path]));
    // 002 has 7 articles, all of at least 100 Han characters; converted back they are the
    // same text, in order.
    assert_eq!(with.len(), 7, "{with:?}");
    for (i, r) in with.iter().enumerate() {
        let n = (i + 1).to_string();
        assert_eq!(
            r[..5],
            ["002_a80e5c2d6170cdd6", &n, "zz_trad", &n, "1.0"],
            "{r:?}"
        );
        assert_eq!((&r[5], &r[7]), (&r[6], &r[8]));
    }
    assert!(without.len() < with.len(), "{without:?}");
}

#[test]
fn dedup_counts_each_reprint_once() {
    // --dedup on the planted corpus leaves out a's X, c, d and e's second W: every table
    // equals the same command on the corpus written without those copies.
    let p = planted();
    let (full, reduced) = (p.corpus(false), p.corpus(true));
    let (full, reduced) = (
        full.path().to_str().unwrap(),
        reduced.path().to_str().unwrap(),
    );
    for args in [
        &["freq"][..],
        &["freq", "--by", "date"],
        &["ngrams"],
        &["issues"],
        &[
            "keyness",
            "--target",
            "date>=2020-02-11",
            "--reference",
            "date<2020-02-11",
        ],
        &["trend", "疫情", "防控", "--by", "date"],
        &["keywords"],
        &["dispersion", "疫情"],
        &["collocates", "疫情", "--min-count", "1"],
        &["phrases", "--min-count", "2"],
    ] {
        let with = |corpus: &str, dedup: bool| {
            let mut a = vec![args[0], corpus];
            a.extend(&args[1..]);
            if dedup {
                a.push("--dedup");
            }
            run_ok(&a)
        };
        let deduped = with(full, true);
        assert_eq!(deduped, with(reduced, false), "{args:?}");
        assert_ne!(deduped, with(full, false), "{args:?} changes nothing");
    }
    // count writes a file: the same per-issue counts.
    let out = tempfile::tempdir().unwrap();
    let count = |corpus: &str, dedup: bool, name: &str| {
        let file = out.path().join(name);
        let f = file.to_str().unwrap();
        let mut a = vec!["count", corpus, "-o", f];
        if dedup {
            a.push("--dedup");
        }
        run_ok(&a);
        std::fs::read_to_string(&file).unwrap()
    };
    assert_eq!(
        count(full, true, "full.csv"),
        count(reduced, false, "reduced.csv")
    );
    // The per-issue figures: a keeps Y (1 article), b both, c and d none, e one W.
    let (h, rows) = csv(&run_ok(&["issues", full, "--dedup"]));
    let articles: Vec<&str> = rows
        .iter()
        .map(|r| r[col(&h, "articles")].as_str())
        .collect();
    assert_eq!(articles, ["1", "2", "0", "0", "1"]);
    // Article numbers stay the places in the issue: a's Y is article 2 in the token table.
    let (h, rows) = csv(&run_ok(&["tokens", full, "--dedup"]));
    let (i, a) = (col(&h, "issue"), col(&h, "article"));
    let in_a: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter(|r| r[i] == "a")
        .map(|r| r[a].as_str())
        .collect();
    assert_eq!(in_a, ["2"].into());
    // It says what it left out.
    let out = zh_plain().args(["freq", full, "--dedup"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--dedup: 4 reprinted articles")
            && err.contains("in 4 issues")
            && err.contains(
                "2 groups of near-duplicates (similarity ≥ 0.5, 7 pairs among 8 articles"
            ),
        "{err}"
    );
    // A stricter threshold: the noisy and cut copies (J ≈ 0.85) stay, d and c are counted.
    let (h, rows) = csv(&run_ok(&["issues", full, "--dedup=0.9"]));
    let articles: Vec<&str> = rows
        .iter()
        .map(|r| r[col(&h, "articles")].as_str())
        .collect();
    assert_eq!(articles, ["1", "2", "1", "1", "1"]);
}

#[test]
fn report_dedup_lists_the_reprints_and_counts_them_once() {
    let p = planted();
    let (full, reduced) = (p.corpus(false), p.corpus(true));
    let path = full.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("r");
    run_ok(&["report", path, "--dedup", "-o", dir.to_str().unwrap()]);
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    assert_eq!(read("freq.csv"), run_ok(&["freq", path, "--dedup"]));
    assert_eq!(
        read("freq.csv"),
        run_ok(&["freq", reduced.path().to_str().unwrap()])
    );
    assert_eq!(read("reprints.csv"), run_ok(&["reprints", path]));
    let m: serde_json::Value = serde_json::from_str(&read("manifest.json")).unwrap();
    let d = &m["dedup"]["left_out"];
    assert_eq!(d["dropped_articles"], 4);
    assert_eq!(d["groups"], 2);
    assert_eq!(d["pairs"], 7);
    assert_eq!(m["dedup"]["file"], "reprints.csv");
    let page = read("index.html");
    assert!(page.contains("reprints left out"), "summary row");
    assert!(page.contains("--dedup=0.5"), "commands carry the flag");
    // Without --dedup the report has no reprints.csv and no dedup entry.
    let plain = out.path().join("plain");
    run_ok(&["report", path, "-o", plain.to_str().unwrap()]);
    assert!(!plain.join("reprints.csv").exists());
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(plain.join("manifest.json")).unwrap())
            .unwrap();
    assert!(m["dedup"].is_null());
}

#[test]
fn dedup_usage_errors() {
    let err = fails(&["freq", "--dedup=0"], 2);
    assert!(err.contains("--dedup=0"), "{err}");
    let err = fails(&["reprints", "--dedup"], 2);
    assert!(err.contains("does not apply"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let counts = dir.path().join("c.parquet");
    run_ok(&["count", "-o", counts.to_str().unwrap()]);
    let err = fails(&["freq", counts.to_str().unwrap(), "--dedup"], 2);
    assert!(err.contains("counts file"), "{err}");
}
