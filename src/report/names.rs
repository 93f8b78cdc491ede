//! The report's file names made from the data (metadata columns and values, tracked terms):
//! safe characters only, bounded in length, unique by construction (docs/errors.md,
//! "Corpora from strangers").

/// Most bytes of a name's part made from data: with a prefix (`collocates-`), a `-N` suffix
/// and an extension, a file name stays far below the 255 bytes file systems allow.
const MAX_STEM_BYTES: usize = 120;

/// Data as part of a file name: letters and digits (Han characters included) kept, anything
/// else `_`, cut at a character boundary to at most `MAX_STEM_BYTES` (120) bytes:
/// `collocates-核酸检测.csv`.
pub fn file_stem(data: &str) -> String {
    let mut out = String::new();
    for c in data.chars() {
        let c = if c.is_alphanumeric() { c } else { '_' };
        if out.len() + c.len_utf8() > MAX_STEM_BYTES {
            break;
        }
        out.push(c);
    }
    out
}

/// `bases` made unique, in order: a name already taken (compared without case, as
/// case-insensitive file systems do) gets `-2`, `-3`, … (the first free), so that no file of
/// the report replaces another.
pub fn unique(bases: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::new();
    for base in bases {
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.to_lowercase()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_makes_safe_bounded_file_names() {
        assert_eq!(file_stem("核酸检测"), "核酸检测");
        assert_eq!(file_stem("COVID-19"), "COVID_19");
        assert_eq!(file_stem("a/b c"), "a_b_c");
        // 84 Han characters (252 bytes) and 282 Latin letters made names too long to write.
        assert_eq!(file_stem(&"核".repeat(84)), "核".repeat(40));
        assert_eq!(file_stem(&"a".repeat(282)).len(), MAX_STEM_BYTES);
    }

    #[test]
    fn names_are_unique_in_order_and_without_case() {
        let names = |b: &[&str]| unique(b.iter().map(|s| s.to_string()));
        assert_eq!(
            names(&["a_b", "a_b", "A_B", "a_b-2", "x"]),
            ["a_b", "a_b-2", "A_B-3", "a_b-2-2", "x"]
        );
    }
}
