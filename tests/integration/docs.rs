//! The README and the manual in `docs/`: every relative link points at a file that exists, every
//! `#anchor` at a heading of the Markdown file it names (as GitHub makes a heading's anchor), and
//! the README stays at most 300 lines. Plain std: the Markdown is read as GitHub reads links,
//! outside fenced code blocks and code spans.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

const README_MAX_LINES: usize = 300;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `README.md`, `ARCHITECTURE.md` and every Markdown file under `docs/`, in path order.
fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    let mut files = vec![root().join("README.md"), root().join("ARCHITECTURE.md")];
    walk(&root().join("docs"), &mut files);
    files
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The lines outside fenced code blocks (``` or ~~~), numbered from 1.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut fence: Option<(char, usize)> = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start_matches(' ');
        let indent = line.len() - t.len();
        let mark = t.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = mark.map_or(0, |m| t.chars().take_while(|c| *c == m).count());
        match fence {
            Some((m, n)) => {
                // A closing fence: the same character, at least as many, nothing after it.
                if mark == Some(m) && run >= n && t[run..].trim().is_empty() {
                    fence = None;
                }
            }
            None if indent <= 3 && run >= 3 => fence = Some((mark.unwrap(), run)),
            None => out.push((i + 1, line)),
        }
    }
    out
}

/// The line with its code spans blanked out (a span's backticks and text become spaces), so
/// that `[a](b)` inside backticks is not a link. An unmatched run of backticks stays as it is.
fn without_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let n = chars[i..].iter().take_while(|c| **c == '`').count();
        // The next run of exactly n backticks closes the span.
        let mut j = i + n;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let m = chars[j..].iter().take_while(|c| **c == '`').count();
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                out.extend(std::iter::repeat_n(' ', end - i));
                i = end;
            }
            None => {
                out.extend(std::iter::repeat_n('`', n));
                i += n;
            }
        }
    }
    out
}

/// The destinations of the inline links and images on a line (`[text](dest)`,
/// `![alt](dest "title")`, `[text](<dest>)`) and of a reference definition (`[label]: dest`).
fn link_targets(line: &str) -> Vec<String> {
    let line = without_code_spans(line);
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    if let Some(rest) = line.trim_start().strip_prefix('[')
        && let Some(end) = rest.find("]:")
        && !rest[..end].contains('[')
    {
        let dest = rest[end + 2..].split_whitespace().next().unwrap_or("");
        out.push(
            dest.trim_start_matches('<')
                .trim_end_matches('>')
                .to_string(),
        );
        return out;
    }
    let mut open = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => open.push(i),
            ']' if open.pop().is_some() && chars.get(i + 1) == Some(&'(') => {
                // The destination runs to the parenthesis that closes this one.
                let mut depth = 0usize;
                let mut j = i + 1;
                let mut dest = String::new();
                while j < chars.len() {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    if j > i + 1 {
                        dest.push(chars[j]);
                    }
                    j += 1;
                }
                let dest = dest.trim();
                let dest = if let Some(inner) = dest.strip_prefix('<') {
                    inner.split('>').next().unwrap_or("")
                } else {
                    dest.split_whitespace().next().unwrap_or("")
                };
                out.push(dest.to_string());
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A link to another site or protocol (`https:`, `mailto:`, `//host`), which this test leaves
/// alone.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    dest.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

/// `%E6%A0%B8` and the like decoded, as a browser decodes a link before it follows it.
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// GitHub's anchor for a heading's text: the text as it renders (a link's text, not its
/// address), lower-cased; every character dropped but letters (Chinese included), digits,
/// `-`, `_` and spaces; each space a `-`. (GitHub also keeps combining marks; no heading here
/// has one.)
fn github_slug(heading: &str) -> String {
    let mut text = String::new();
    let mut rest = heading;
    // [text](url) and ![alt](url) render as their text.
    while let Some(start) = rest.find('[') {
        text.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find("](") {
            Some(mid) if !after[..mid].contains('[') => match after[mid + 2..].find(')') {
                Some(end) => {
                    text.push_str(&after[..mid]);
                    rest = &after[mid + 2 + end + 1..];
                }
                None => {
                    text.push('[');
                    rest = after;
                }
            },
            _ => {
                text.push('[');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's ATX headings (`#` to `######`), a repeated heading's
/// numbered `-1`, `-2`, … as GitHub numbers them.
fn anchors(text: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    for (_, line) in prose_lines(text) {
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() > 3 {
            continue;
        }
        let level = t.chars().take_while(|c| *c == '#').count();
        if !(1..=6).contains(&level) {
            continue;
        }
        let rest = &t[level..];
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            continue;
        }
        // An optional closing run of #s.
        let mut heading = rest.trim();
        let stripped = heading.trim_end_matches('#');
        if stripped.is_empty() || stripped.ends_with([' ', '\t']) {
            heading = stripped.trim_end();
        }
        let base = github_slug(heading);
        let mut slug = base.clone();
        let mut n = 0;
        while seen.contains(&slug) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        seen.insert(slug);
    }
    seen
}

/// A relative link: where it is, what it says, and the file it names.
struct Link {
    file: PathBuf,
    line: usize,
    dest: String,
    path: PathBuf,
    anchor: Option<String>,
}

impl Link {
    fn at(&self) -> String {
        format!("{}:{}: ({})", shown(&self.file), self.line, self.dest)
    }
}

fn relative_links(file: &Path) -> Vec<Link> {
    let text = read(file);
    let dir = file.parent().unwrap();
    let mut out = Vec::new();
    for (line, content) in prose_lines(&text) {
        for dest in link_targets(content) {
            if is_external(&dest) {
                continue;
            }
            let (path, anchor) = match dest.split_once('#') {
                Some((p, a)) => (p, Some(percent_decoded(a))),
                None => (dest.as_str(), None),
            };
            let path = percent_decoded(path);
            let path = if path.is_empty() {
                file.to_path_buf()
            } else if let Some(from_root) = path.strip_prefix('/') {
                root().join(from_root)
            } else {
                dir.join(path)
            };
            out.push(Link {
                file: file.to_path_buf(),
                line,
                dest: dest.clone(),
                path,
                anchor,
            });
        }
    }
    out
}

fn all_relative_links() -> Vec<Link> {
    markdown_files()
        .iter()
        .flat_map(|f| relative_links(f))
        .collect()
}

#[test]
fn readme_has_at_most_300_lines() {
    let lines = read(&root().join("README.md")).lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines, more than {README_MAX_LINES}: move the detail to a page \
         of docs/"
    );
}

#[test]
fn relative_links_in_readme_and_docs_point_at_files_that_exist() {
    let links = all_relative_links();
    // The README alone has dozens: finding none would mean the parser is broken.
    assert!(
        links.len() > 50,
        "only {} relative links found",
        links.len()
    );
    let broken: Vec<String> = links
        .iter()
        .filter(|l| !l.path.exists())
        .map(|l| format!("{}: no such file {}", l.at(), shown(&l.path)))
        .collect();
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn anchors_in_readme_and_docs_links_match_a_heading_of_the_target() {
    let mut checked = 0;
    let mut broken = Vec::new();
    for l in all_relative_links() {
        let Some(anchor) = &l.anchor else { continue };
        if l.path.is_dir() {
            broken.push(format!(
                "{}: #{anchor} in {}, a directory",
                l.at(),
                shown(&l.path)
            ));
            continue;
        }
        // A missing file is the other test's finding; another kind of file keeps its anchors.
        if !l.path.is_file() || l.path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        checked += 1;
        if !anchors(&read(&l.path)).contains(anchor.as_str()) {
            broken.push(format!(
                "{}: {} has no heading whose anchor is #{anchor}",
                l.at(),
                shown(&l.path)
            ));
        }
    }
    assert!(checked > 20, "only {checked} anchors checked");
    assert!(
        broken.is_empty(),
        "{} broken anchors:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn every_manual_page_is_linked_from_the_manual_index() {
    let index = root().join("docs/README.md");
    let linked: HashSet<PathBuf> = relative_links(&index)
        .into_iter()
        .filter_map(|l| l.path.canonicalize().ok())
        .collect();
    let missing: Vec<String> = markdown_files()
        .into_iter()
        .filter(|f| f.starts_with(root().join("docs")) && *f != index)
        .filter(|f| !linked.contains(&f.canonicalize().unwrap()))
        .map(|f| shown(&f))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/README.md does not link to {}",
        missing.join(", ")
    );
}

#[test]
fn github_slugs_and_links_are_read_as_github_reads_them() {
    // Anchors GitHub gave the headings of the one-page README before it was split.
    assert_eq!(
        github_slug("`reprints [--min-similarity S] [--min-chars N]` — near-duplicate articles"),
        "reprints---min-similarity-s---min-chars-n--near-duplicate-articles"
    );
    assert_eq!(
        github_slug("Traditional characters: `--t2s`"),
        "traditional-characters---t2s"
    );
    assert_eq!(
        github_slug("Normalisation and structure"),
        "normalisation-and-structure"
    );
    assert_eq!(github_slug("`ngrams -n 2..4` — 短语"), "ngrams--n-24--短语");
    assert_eq!(
        github_slug("See [the corpus](corpus.md) now"),
        "see-the-corpus-now"
    );
    let doc = "# A\n\n```sh\n# not a heading\n```\n\n## A\n### A ##\n#NoSpace\n";
    let found = anchors(doc);
    let expected: HashSet<String> = ["a", "a-1", "a-2"].map(String::from).into();
    assert_eq!(found, expected);

    assert_eq!(
        link_targets("see [a](x.md#y), ![b](img.png \"t\") and `[c](code.md)`"),
        ["x.md#y", "img.png"]
    );
    assert_eq!(
        link_targets("[a](<with space.md>) [b](f(1).md)"),
        ["with space.md", "f(1).md"]
    );
    assert_eq!(link_targets("[ref]: docs/x.md \"title\""), ["docs/x.md"]);
    assert_eq!(
        link_targets("[a, b; C1 − a] (Rayson 2000)"),
        Vec::<String>::new()
    );
    assert!(is_external("https://crates.io/crates/polars"));
    assert!(is_external("mailto:someone@example.org"));
    assert!(!is_external("docs/corpus.md#the-corpus"));
    assert_eq!(percent_decoded("%E6%A0%B8%E9%85%B8"), "核酸");
}
