//! `keyness` on the seeds (SPEC §4, §5): the counts add up to what `freq` counts, a row's
//! statistics recomputed here from `freq --by` output, the effect sizes pointing the way g2
//! does, the same bytes from the corpus and from a counts file, and the usage errors of bad
//! selections and of a bad `--alpha`.

use std::collections::HashMap;

use crate::util::*;

const HEADER: [&str; 10] = [
    "term",
    "count_target",
    "count_reference",
    "per_10k_target",
    "per_10k_reference",
    "g2",
    "p_value",
    "log_ratio",
    "pct_diff",
    "lr_conservative",
];

/// G² of [a, b; c1 − a, c2 − b] written out cell by cell (0 · ln 0 = 0), signed by the
/// direction of a/c1 against b/c2.
fn g2(a: f64, b: f64, c1: f64, c2: f64) -> f64 {
    let n = c1 + c2;
    let cells = [
        (a, (a + b) * c1 / n),
        (b, (a + b) * c2 / n),
        (c1 - a, (n - a - b) * c1 / n),
        (c2 - b, (n - a - b) * c2 / n),
    ];
    let sum: f64 = cells
        .iter()
        .map(|&(o, e)| if o == 0.0 { 0.0 } else { o * (o / e).ln() })
        .sum();
    if a / c1 >= b / c2 {
        2.0 * sum
    } else {
        -2.0 * sum
    }
}

/// Check the table against target and reference term counts (term → count) computed apart.
fn check(
    text: &str,
    target: &HashMap<String, u64>,
    reference: &HashMap<String, u64>,
    row_term: &str,
) {
    let (h, rows) = csv(text);
    assert_eq!(h, HEADER);
    let c1: u64 = target.values().sum();
    let c2: u64 = reference.values().sum();
    let sum = |c: usize| {
        rows.iter()
            .map(|r| r[c].parse::<u64>().unwrap())
            .sum::<u64>()
    };
    assert_eq!(sum(1), c1, "sum of count_target = C1");
    assert_eq!(sum(2), c2, "sum of count_reference = C2");
    // every term of either side, once
    let mut terms: Vec<&str> = target
        .keys()
        .chain(reference.keys())
        .map(String::as_str)
        .collect();
    terms.sort_unstable();
    terms.dedup();
    assert_eq!(rows.len(), terms.len());
    // sorted by g2 descending, ties by term
    for w in rows.windows(2) {
        let (x, y): (f64, f64) = (w[0][5].parse().unwrap(), w[1][5].parse().unwrap());
        assert!(
            x > y || (x == y && w[0][0] < w[1][0]),
            "{:?} before {:?}",
            w[0],
            w[1]
        );
    }
    let r = rows.iter().find(|r| r[0] == row_term).unwrap();
    let a = target.get(row_term).copied().unwrap_or(0) as f64;
    let b = reference.get(row_term).copied().unwrap_or(0) as f64;
    let (c1, c2) = (c1 as f64, c2 as f64);
    let f = |i: usize| r[i].parse::<f64>().unwrap();
    assert_eq!(r[1], a.to_string());
    assert_eq!(r[2], b.to_string());
    assert_close(f(3), 10_000.0 * a / c1, "per_10k_target");
    assert_close(f(4), 10_000.0 * b / c2, "per_10k_reference");
    assert_close(f(5), g2(a, b, c1, c2), "g2");
    let (a5, b5) = (
        if a == 0.0 { 0.5 } else { a },
        if b == 0.0 { 0.5 } else { b },
    );
    // the 0.5 substitute stands where it keeps the sign of a/c1 − b/c2, else 0
    let log_ratio = ((a5 / c1) / (b5 / c2)).log2();
    let pct_diff = 100.0 * (a5 / c1 - b5 / c2) / (b5 / c2);
    let direction = (a * c2 - b * c1).signum();
    let stands = a * c2 != b * c1 && log_ratio.signum() == direction;
    let (log_ratio, pct_diff) = if stands {
        (log_ratio, pct_diff)
    } else {
        (0.0, 0.0)
    };
    assert_close(f(7), log_ratio, "log_ratio");
    assert_close(f(8), pct_diff, "pct_diff");
    // lr_conservative where the Clopper–Pearson bound has a closed form: with b = 0,
    // p_lo = 0.025^(1/a) (I_p(a, 1) = p^a) and p_hi = 1; with a = 0, p_lo = 0 and
    // 1 − p_hi = 0.025^(1/b) (I_p(1, b) = 1 − (1 − p)^b)
    let lrc = f(9);
    let f_of = |p: f64, q: f64| (p / q * c2 / c1).log2();
    if b == 0.0 {
        let p = 0.025f64.powf(1.0 / a);
        assert_close(lrc, f_of(p, 1.0 - p).max(0.0), "lr_conservative (b = 0)");
    } else if a == 0.0 {
        let r = 0.025f64.powf(1.0 / b);
        assert_close(lrc, f_of(1.0 - r, r).min(0.0), "lr_conservative (a = 0)");
    }
    let p = f(6);
    assert!(p > 0.0 && p < 1.0, "p_value {p}");
}

fn merged<'a>(groups: impl Iterator<Item = &'a HashMap<String, u64>>) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    for g in groups {
        for (t, c) in g {
            *out.entry(t.clone()).or_insert(0) += c;
        }
    }
    out
}

#[test]
fn keyness_2020_against_2022() {
    let out = run_ok(&["keyness", "seeds", "--target", "date<2021-01-01"]);
    let by_date = freq_by("seeds", "date");
    let target = merged(
        by_date
            .iter()
            .filter(|(d, _)| d.as_str() < "2021")
            .map(|g| &g.1.1),
    );
    let reference = merged(
        by_date
            .iter()
            .filter(|(d, _)| d.as_str() > "2021")
            .map(|g| &g.1.1),
    );
    assert_eq!(target, by_date["2020-02-10"].1);
    // 疫情 is in both; 核酸 is absent from 2020 (log_ratio with 0.5 for a)
    check(&out, &target, &reference, "疫情");
    check(&out, &target, &reference, "核酸");
    let (_, rows) = csv(&out);
    let hesuan = rows.iter().find(|r| r[0] == "核酸").unwrap();
    assert_eq!(hesuan[1], "0");
    assert!(
        hesuan[5].starts_with('-'),
        "核酸 is key in 2022: {hesuan:?}"
    );
    // 消毒液 is only in 2020 (b = 0): a closed-form lr_conservative
    check(&out, &target, &reference, "消毒液");
    // C2 is more than twice C1, so a term seen once in 2022 only would get a positive
    // log ratio from the 0.5 substitute (0.5/C1 > 1/C2): it is 0 instead
    let (c1, c2): (u64, u64) = (target.values().sum(), reference.values().sum());
    assert!(c2 > 2 * c1, "{c1} {c2}");
    let once = rows
        .iter()
        .find(|r| r[1] == "0" && r[2] == "1")
        .expect("a term seen once, in 2022 only");
    check(&out, &target, &reference, &once[0]);
    assert_eq!((once[7].as_str(), once[8].as_str()), ("0.0", "0.0"));
    // every effect size points the way g2 does (or is 0), and the conservative one is
    // never further from 0 than the log ratio
    for r in &rows {
        let v = |i: usize| r[i].parse::<f64>().unwrap();
        let sign = if v(5) == 0.0 { 0.0 } else { v(5).signum() };
        for i in [7, 8, 9] {
            assert!(v(i) == 0.0 || v(i).signum() == sign, "{r:?}");
        }
        assert!(v(9).abs() <= v(7).abs() + 1e-12, "{r:?}");
    }
    // the first row is key in 2020, the last in 2022
    assert!(rows[0][5].parse::<f64>().unwrap() > 0.0);
    assert!(rows.last().unwrap()[5].parse::<f64>().unwrap() < 0.0);
    // --top keeps the first rows; --min-count drops rare terms
    let top = run_ok(&[
        "keyness",
        "seeds",
        "--target",
        "date<2021-01-01",
        "--top",
        "10",
    ]);
    assert_eq!(top.lines().count(), 11);
    assert!(out.starts_with(&top));
    let (_, frequent) = csv(&run_ok(&[
        "keyness",
        "seeds",
        "--target",
        "date<2021-01-01",
        "--min-count",
        "5",
    ]));
    let want = rows
        .iter()
        .filter(|r| r[1].parse::<u64>().unwrap() + r[2].parse::<u64>().unwrap() >= 5)
        .count();
    assert_eq!(frequent.len(), want);
    assert!(want < rows.len());
}

#[test]
fn keyness_between_newspapers_with_an_explicit_reference() {
    let by_paper = freq_by("seeds", "newspaper");
    let out = run_ok(&["keyness", "seeds", "--target", "newspaper=吕梁日报"]);
    check(
        &out,
        &by_paper["吕梁日报"].1,
        &by_paper["朔州日报"].1,
        "疫情",
    );
    check(
        &out,
        &by_paper["吕梁日报"].1,
        &by_paper["朔州日报"].1,
        "社区",
    );
    // the default reference is the other newspaper: giving it changes nothing
    let explicit = run_ok(&[
        "keyness",
        "seeds",
        "--target",
        "newspaper=吕梁日报",
        "--reference",
        "newspaper!=吕梁日报",
    ]);
    assert_eq!(explicit, out);
    // a conjunction, and a reference that leaves issues out: 2022 朔州日报 vs 2022 吕梁日报
    let out = run_ok(&[
        "keyness",
        "seeds",
        "--target",
        "newspaper=朔州日报&date>=2022-11-01",
        "--reference",
        "newspaper=吕梁日报&date>2021-01-01",
    ]);
    let by_issue = freq_by("seeds", "issue");
    let issues = |ids: &[&str]| merged(ids.iter().map(|i| &by_issue[*i].1));
    check(
        &out,
        &issues(&["002_a80e5c2d6170cdd6", "004_fb2f2cd5848fbeb5"]),
        &issues(&["000_797ed97eab3695c8", "001_3ce53eaef2322806"]),
        "核酸",
    );
}

#[test]
fn keyness_from_counts_equals_keyness_from_text() {
    let dir = tempfile::tempdir().unwrap();
    let counts = seed_counts(dir.path());
    for extra in [
        &["--target", "date<2021-01-01"][..],
        &[
            "--target",
            "newspaper=吕梁日报",
            "--stopwords",
            "zh",
            "--top",
            "30",
        ],
        &[
            "--target",
            "issue=002_a80e5c2d6170cdd6",
            "--reference",
            "issue=000_797ed97eab3695c8",
        ],
    ] {
        let text = same_from_counts("keyness", &counts, extra);
        assert!(text.lines().count() > 20, "{extra:?}");
    }
}

fn usage_error(args: &[&str]) -> String {
    fails(args, 2)
}

#[test]
fn bad_selections_are_usage_errors() {
    let err = usage_error(&["keyness", "seeds", "--target", "吕梁日报"]);
    assert!(
        err.starts_with("error: --target `吕梁日报`: expected column=value"),
        "{err}"
    );
    let err = usage_error(&[
        "keyness",
        "seeds",
        "--target",
        "date<2021",
        "--reference",
        "date>",
    ]);
    assert_eq!(err, "error: --reference `date>`: no value after `>`\n");
    let err = usage_error(&["keyness", "seeds", "--target", "editor=张三"]);
    assert_eq!(
        err,
        "error: --target `editor=张三`: no metadata column `editor` \
         (available: issue, newspaper, date, date_basis)\n"
    );
    let err = usage_error(&[
        "keyness",
        "seeds",
        "--target",
        "newspaper=吕梁日报",
        "--reference",
        "date<2021-01-01",
    ]);
    assert_eq!(
        err,
        "error: issue `003_337bf66f5a191e40` is selected by both --target `newspaper=吕梁日报` \
         and --reference `date<2021-01-01`: the target and the reference must not overlap\n"
    );
    let err = usage_error(&["keyness", "seeds", "--target", "date>2030-01-01"]);
    assert_eq!(
        err,
        "error: --target `date>2030-01-01` selects no issue: the target is empty\n"
    );
    let err = usage_error(&["keyness", "seeds", "--target", "date>2000-01-01"]);
    assert_eq!(
        err,
        "error: the reference (every issue not selected by --target `date>2000-01-01`) \
         selects no issue: the reference is empty\n"
    );
    // a missing --target is clap's usage error
    usage_error(&["keyness", "seeds"]);
}

#[test]
fn alpha_sets_the_interval_of_lr_conservative() {
    for bad in ["0", "1", "1.5", "-0.05", "NaN"] {
        let flag = format!("--alpha={bad}");
        let err = usage_error(&["keyness", "seeds", "--target", "date<2021-01-01", &flag]);
        assert!(
            err.starts_with(&format!("error: --alpha {bad}: must be between 0 and 1")),
            "{bad}: {err}"
        );
    }
    let err = usage_error(&[
        "keyness",
        "seeds",
        "--target",
        "date<2021-01-01",
        "--alpha",
        "x",
    ]);
    assert!(err.contains("--alpha"), "{err}");
    // a smaller α widens the interval: every lr_conservative moves towards 0 (or stays),
    // and the other columns do not change
    let default = run_ok(&["keyness", "seeds", "--target", "date<2021-01-01"]);
    let explicit = run_ok(&[
        "keyness",
        "seeds",
        "--target",
        "date<2021-01-01",
        "--alpha",
        "0.05",
    ]);
    assert_eq!(default, explicit);
    let strict = run_ok(&[
        "keyness",
        "seeds",
        "--target",
        "date<2021-01-01",
        "--alpha",
        "0.001",
    ]);
    let ((_, wide), (_, narrow)) = (csv(&strict), csv(&default));
    assert_eq!(wide.len(), narrow.len());
    let mut moved = 0;
    for (w, n) in wide.iter().zip(&narrow) {
        assert_eq!(w[..9], n[..9]);
        let (w9, n9): (f64, f64) = (w[9].parse().unwrap(), n[9].parse().unwrap());
        assert!(
            w9.abs() <= n9.abs() && (w9 == 0.0 || w9.signum() == n9.signum()),
            "{w:?} {n:?}"
        );
        moved += usize::from(w9 != n9);
    }
    assert!(moved > 10, "{moved}");
}

#[test]
fn a_side_of_empty_issues_is_a_usage_error() {
    let dir = corpus(&[
        ("a.txt", "核酸检测，党员先锋。".as_bytes()),
        ("b.txt", "。。。".as_bytes()),
        (
            "metadata.csv",
            "file,paper\na.txt,甲\nb.txt,乙\n".as_bytes(),
        ),
    ]);
    let err = usage_error(&[
        "keyness",
        dir.path().to_str().unwrap(),
        "--target",
        "paper=乙",
    ]);
    assert_eq!(
        err,
        "error: --target `paper=乙` selects issues without a counted token: the target is empty\n"
    );
}
