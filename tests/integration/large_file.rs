//! One issue of several megabytes (an archive that ships a year as one file, with or without
//! line breaks) is cut in pieces on all cores: the counts are those of its parts, and the
//! same for any `--threads`.

use std::collections::HashMap;

use crate::util::*;

/// Two sentences of news, repeated.
const UNIT: &str =
    "全市开展核酸检测工作，居民有序排队接受检测。疫情防控形势总体平稳，各社区志愿者坚守岗位。";

fn counts(out: &str) -> HashMap<String, u64> {
    let (h, rows) = csv(out);
    let (t, c) = (col(&h, "term"), col(&h, "count"));
    rows.iter()
        .map(|r| (r[t].clone(), r[c].parse().unwrap()))
        .collect()
}

#[test]
fn a_large_file_counts_as_its_parts() {
    // 20,000 units (2.6 MB): above the 2 MB from which an issue is cut in pieces.
    let n = 20_000u64;
    for (name, sep) in [("one line", ""), ("a line per unit", "\n")] {
        let big: String = (0..n).map(|_| format!("{UNIT}{sep}")).collect();
        assert!(big.len() > 2 << 20);
        let dir = corpus(&[("big.txt", big.as_bytes()), ("unit.txt", UNIT.as_bytes())]);
        let path = |f: &str| dir.path().join(f).to_str().unwrap().to_string();
        let out = run_ok(&["freq", &path("big.txt")]);
        let (big_counts, unit) = (counts(&out), counts(&run_ok(&["freq", &path("unit.txt")])));
        assert!(unit.len() > 10, "{unit:?}");
        assert_eq!(big_counts.len(), unit.len(), "{name}");
        for (term, c) in &unit {
            assert_eq!(big_counts[term], n * c, "{name}: {term}");
        }
        // The same bytes on one thread, and the same sentences: a sentence per unit's
        // sentence, numbered in order.
        assert_eq!(run_ok(&["--threads", "1", "freq", &path("big.txt")]), out);
        let (h, rows) = csv(&run_ok(&["issues", &path("big.txt")]));
        assert_eq!(rows[0][col(&h, "sentences")], (2 * n).to_string(), "{name}");
    }
}
