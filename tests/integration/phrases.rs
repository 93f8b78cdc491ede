//! `phrases` on the seeds (SPEC §4, §5): the table's columns and order, the phrases the issue
//! asks for, the user-dictionary round trip through `freq`, thread independence, an empty
//! corpus, and the usage errors.

use crate::util::*;

const HEADER: [&str; 7] = [
    "phrase",
    "count",
    "pmi_min",
    "entropy_left",
    "entropy_right",
    "score",
    "in_dictionary",
];

#[test]
fn seeds_find_the_phrases_of_the_pandemic_pages() {
    let out = run_ok(&["phrases"]);
    let (h, rows) = csv(&out);
    assert_eq!(h, HEADER);
    let rank = |p: &str| rows.iter().position(|r| r[0] == p);
    let row = |p: &str| &rows[rank(p).unwrap_or_else(|| panic!("{p} not found"))];
    // The acceptance: both in the top 50.
    assert!(
        rank("核酸检测").unwrap() < 50,
        "核酸检测 at {:?}",
        rank("核酸检测")
    );
    assert!(
        rank("疫情防控").unwrap() < 50,
        "疫情防控 at {:?}",
        rank("疫情防控")
    );
    // Counted in the text: 核酸检测 38 times, as `freq --user-dict` counts it below.
    assert_eq!(row("核酸检测")[1], "38");
    assert_eq!(row("核酸检测")[6], "false");
    // A name jieba splits (白·翻俊), found with the default settings.
    assert_eq!(row("白翻俊")[1], "10");
    assert_eq!(row("白翻俊")[6], "false");
    assert!(rank("白翻俊").unwrap() < 50);
    // Maximality: 核酸检 lies inside 核酸检测; 核酸 also in 核酸采样, 做核酸…: kept.
    assert!(rank("核酸检").is_none() && rank("酸检测").is_none());
    assert_eq!(row("核酸")[1], "82");
    assert_eq!(row("核酸")[6], "true");
    // Sorted by score descending, ties by phrase; score = pmi_min · min(left, right).
    let num = |r: &Vec<String>, i: usize| r[i].parse::<f64>().unwrap();
    for w in rows.windows(2) {
        let (a, b) = (num(&w[0], 5), num(&w[1], 5));
        assert!(a > b || (a == b && w[0][0] < w[1][0]), "{w:?}");
    }
    for r in &rows {
        let want = num(r, 2) * num(r, 3).min(num(r, 4));
        assert_close(num(r, 5), want, &r[0]);
        assert!(r[1].parse::<u64>().unwrap() >= 5, "{r:?}");
        let chars = r[0].chars().count();
        assert!((2..=4).contains(&chars), "{r:?}");
    }
    // The same bytes on one thread as on two.
    assert_eq!(run_ok(&["--threads", "1", "phrases"]), out);
    assert_eq!(run_ok(&["--threads", "2", "phrases"]), out);
}

#[test]
fn an_emitted_user_dictionary_keeps_the_phrases_whole() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("d.txt");
    let d = dict.to_str().unwrap();
    let table = run_ok(&["phrases", "--top", "50", "--emit-user-dict", d]);
    let (_, rows) = csv(&table);
    assert_eq!(rows.len(), 50);
    let text = std::fs::read_to_string(&dict).unwrap();
    // One `word freq` line per row not in the dictionary, in table order.
    let new: Vec<&str> = rows
        .iter()
        .filter(|r| r[6] == "false")
        .map(|r| r[0].as_str())
        .collect();
    let words: Vec<&str> = text
        .lines()
        .map(|l| {
            let (w, f) = l.split_once(' ').unwrap();
            assert!(f.parse::<u64>().unwrap() >= 1, "{l}");
            w
        })
        .collect();
    assert_eq!(words, new);
    assert!(words.contains(&"核酸检测") && words.contains(&"白翻俊"));
    // Without the dictionary jieba cuts 核酸·检测 and 白·翻俊; with it, both stay whole.
    let count = |out: &str, term: &str| {
        let (h, rows) = csv(out);
        let (t, c) = (col(&h, "term"), col(&h, "count"));
        rows.iter()
            .find(|r| r[t] == term)
            .map(|r| r[c].parse::<u64>().unwrap())
    };
    let plain = run_ok(&["freq"]);
    assert_eq!(count(&plain, "核酸检测"), None);
    assert_eq!(count(&plain, "白翻俊"), None);
    let with = run_ok(&["freq", "--user-dict", d]);
    assert_eq!(count(&with, "核酸检测"), Some(38));
    assert_eq!(count(&with, "白翻俊"), Some(10));
    // Now in the dictionary: the same phrases, marked so, and nothing new to emit for them.
    let again = run_ok(&["phrases", "--top", "50", "--user-dict", d]);
    let (_, rows) = csv(&again);
    let known = |p: &str| rows.iter().find(|r| r[0] == p).map(|r| r[6].clone());
    assert_eq!(known("核酸检测").as_deref(), Some("true"));
    assert_eq!(known("白翻俊").as_deref(), Some("true"));
}

#[test]
fn boundaries_and_an_empty_corpus() {
    // Digits, Latin letters and punctuation split candidates: 核酸 and 检测 are found, never
    // 酸2检 or 核酸检测.
    let dir = corpus(&[(
        "a.txt",
        "核酸2检测。核酸A检测，核酸、检测！核酸 ok 检测；核酸-检测".as_bytes(),
    )]);
    let out = run_ok(&["phrases", dir.path().to_str().unwrap(), "--min-count", "2"]);
    let (h, rows) = csv(&out);
    assert_eq!(h, HEADER);
    let phrases: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(phrases.len(), 2, "{phrases:?}");
    assert!(phrases.contains(&"核酸") && phrases.contains(&"检测"));
    // A corpus with no Han text: the header only, exit 0.
    let empty = corpus(&[("a.txt", b"COVID-19 2022 ..."), ("b.txt", b"")]);
    let out = run_ok(&["phrases", empty.path().to_str().unwrap()]);
    assert_eq!(out.trim_end(), HEADER.join(","));
}

#[test]
fn usage_errors() {
    for args in [
        &["phrases", "--max-len", "1"][..],
        &["phrases", "--max-len", "10"],
        &["phrases", "--min-count", "0"],
        &["phrases", "--maximal-share", "0"],
    ] {
        let out = zh().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    // The user dictionary never replaces an input.
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("user.txt");
    std::fs::write(&user, "核酸检测 5\n").unwrap();
    let u = user.to_str().unwrap();
    let out = zh()
        .args(["phrases", "--user-dict", u, "--emit-user-dict", u])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--user-dict"));
    assert_eq!(std::fs::read_to_string(&user).unwrap(), "核酸检测 5\n");
    let c = corpus(&[("a.txt", "核酸检测。".as_bytes())]);
    let inside = c.path().join("dict.txt");
    let out = zh()
        .args([
            "phrases",
            c.path().to_str().unwrap(),
            "--emit-user-dict",
            inside.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!inside.exists());
}

#[test]
fn chart_of_the_top_phrases() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("p.png");
    let svg = dir.path().join("p.svg");
    run_ok(&[
        "phrases",
        "--top",
        "40",
        "--chart",
        png.to_str().unwrap(),
        "--chart",
        svg.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let svg = std::fs::read_to_string(&svg).unwrap();
    for t in ["核酸检测", "Top phrases", "not in jieba"] {
        assert!(svg.contains(t), "{t} missing from the SVG");
    }
}
