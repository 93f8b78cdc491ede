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

#[test]
fn planted_reprints_are_found_and_nothing_else() {
    // X: a long report; Y, Z: other articles about COVID prevention; W: a short notice.
    let x = seed("003_337bf66f5a191e40.txt", 1);
    let y = seed("002_a80e5c2d6170cdd6.txt", 2);
    let z = seed("004_fb2f2cd5848fbeb5.txt", 3);
    let w = seed("001_3ce53eaef2322806.txt", 5);
    assert!(x.body.len() >= 4, "{} paragraphs", x.body.len());
    let mut cut = x.body.clone();
    cut.remove(1);
    let new_title = "全市上下众志成城打赢疫情防控阻击战";
    let noise = noisy(&x.body);
    let files = [
        ("a.txt", md(&x.title, &x.body) + &md(&y.title, &y.body)),
        ("b.txt", md(&z.title, &z.body) + &md(&x.title, &x.body)),
        ("c.txt", md(new_title, &cut)),
        ("d.txt", md(&x.title, &noise)),
        ("e.txt", md(&w.title, &w.body) + &md(&w.title, &w.body)),
        (
            "metadata.csv",
            "file,date\na.txt,2020-02-11\nb.txt,2020-02-10\nc.txt,2020-02-12\nd.txt,\ne.txt,2020-02-10\n"
                .to_string(),
        ),
    ];
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let dir = corpus(&files);
    let path = dir.path().to_str().unwrap();
    let out = run_ok(&["reprints", path]);
    let (h, rows) = csv(&out);
    assert_eq!(h, HEADER);

    // The expected similarities, from the Han characters written above.
    let (hx, hcut, hnoise, hw) = (
        han(&x.title, &x.body),
        han(new_title, &cut),
        han(&x.title, &noise),
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
