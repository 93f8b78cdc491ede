//! The `--target`/`--reference` expression of `keyness`: parsed, then applied to four issues
//! with metadata (text, numbers, dates, empty cells).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zhcorpus::analysis::select::Selection;

fuzz_target!(|data: &[u8]| {
    // Command-line arguments reach the parser as UTF-8 (clap refuses anything else).
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    let columns = ["newspaper", "date", "page"].map(String::from);
    let meta = [
        ["吕梁日报", "2022-10-28", "1"],
        ["朔州日报", "2022-11-20", "10"],
        ["", "", "2.0"],
        ["吕梁日报", "2020-02-10", "nan"],
    ]
    .map(|row| row.map(String::from));
    let ids = ["000_797ed97eab3695c8", "001", "b", "c"];
    match Selection::parse("--target", expr) {
        Ok(selection) => {
            assert!(!selection.conditions.is_empty());
            let issues = ids.iter().copied().zip(meta.iter().map(|m| m.as_slice()));
            match selection.select(&columns, issues) {
                Ok(picked) => assert_eq!(picked.len(), ids.len()),
                Err(e) => assert!(e.is_usage() && e.to_string().starts_with("--target `")),
            }
        }
        Err(e) => assert!(
            e.is_usage() && e.to_string().starts_with("--target `"),
            "{e}"
        ),
    }
});
