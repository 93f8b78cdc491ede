//! Finding, reading and decoding the corpus files, and joining their metadata.

use std::path::{Path, PathBuf};

use super::decode::{Decoded, decode_file};
use super::metadata::{Metadata, normalise_file_key, parse_metadata};
use crate::columns as col;
use crate::error::{Error, Result};

/// One input file = one newspaper issue (or page).
#[derive(Debug, Clone)]
pub struct Document {
    /// The file stem, e.g. `000_797ed97eab3695c8`.
    pub id: String,
    /// Path relative to the corpus directory, `/`-separated.
    pub rel_path: String,
    pub path: PathBuf,
    /// Text given in memory (tests, library users); `None` means read `path` when needed.
    /// Corpus texts are read inside the parallel segmentation pass, not up front, so that
    /// reading and decoding run on all cores and a large corpus is never in memory at once.
    pub text: Option<String>,
    pub bytes: u64,
    /// Values of the corpus' metadata columns, aligned with `Corpus::meta_columns`;
    /// empty strings where the file has no metadata row.
    pub meta: Vec<String>,
    /// Articles every pass leaves out, as sorted 1-based article numbers: the reprints that
    /// `--dedup` drops (`analysis::reprints::Reprints::apply`). Empty: every article is read.
    pub skip: Vec<u32>,
}

#[derive(Debug, Clone)]
pub struct Corpus {
    pub root: PathBuf,
    /// The directory's name (`seeds`), used for the default report directory.
    pub name: String,
    pub meta_columns: Vec<String>,
    /// Sorted by relative path.
    pub docs: Vec<Document>,
    /// Problems worth telling the user that do not stop the run (empty files, files without
    /// a metadata row). The library never prints; the binary shows these unless `--quiet`.
    pub warnings: Vec<String>,
    /// How the corpus directory was walked (`--follow-links`): the commands that reproduce
    /// a report's tables need it too.
    pub walk: WalkOptions,
}

impl Corpus {
    /// The value of `column` for each document: the issue id for `issue`, else a metadata
    /// column.
    pub fn doc_values(&self, column: &str) -> Result<Vec<String>> {
        column_values(
            column,
            &self.root.join("metadata.csv"),
            &self.meta_columns,
            self.docs.iter().map(|d| (d.id.as_str(), d.meta.as_slice())),
        )
    }
}

/// The value of `column` for each issue, given as (id, metadata values aligned with
/// `meta_columns`): the id for `issue`, else that metadata column, or a usage error naming
/// `source` and the columns there are.
pub fn column_values<'a>(
    column: &str,
    source: &Path,
    meta_columns: &[String],
    issues: impl Iterator<Item = (&'a str, &'a [String])>,
) -> Result<Vec<String>> {
    if column == col::ISSUE {
        return Ok(issues.map(|(id, _)| id.to_string()).collect());
    }
    let Some(i) = meta_columns.iter().position(|c| c == column) else {
        return Err(Error::usage(format!(
            "no metadata column `{column}` in {} (available: {})",
            source.display(),
            available_columns(meta_columns)
        )));
    };
    Ok(issues.map(|(_, meta)| meta[i].clone()).collect())
}

/// The columns an issue can be selected or grouped by, for messages: `issue, newspaper, date`.
pub fn available_columns(meta_columns: &[String]) -> String {
    let mut known = vec![col::ISSUE];
    known.extend(meta_columns.iter().map(String::as_str));
    known.join(", ")
}

impl Document {
    /// Whether the issue is a file large enough to read a part at a time
    /// (`corpus::stream`, above `stream_bytes`).
    pub fn is_large(&self) -> bool {
        self.text.is_none() && self.bytes > super::stream::stream_bytes()
    }

    /// The decoded text: from memory, or read and decoded from the file.
    pub fn read(&self) -> Result<Decoded> {
        if let Some(text) = &self.text {
            return Ok(Decoded {
                text: text.clone(),
                encoding: "UTF-8",
            });
        }
        let bytes = read_at_most(&self.path, self.bytes)?;
        decode_file(&self.path, &bytes).map_err(|m| Error::input(&self.path, m))
    }

    /// `read`, with the SHA-256 of the bytes read (of the text, for a text in memory): the
    /// report's manifest records it without reading the file again.
    pub fn read_digested(&self) -> Result<(Decoded, [u8; 32])> {
        use sha2::{Digest, Sha256};
        if let Some(text) = &self.text {
            let decoded = Decoded {
                text: text.clone(),
                encoding: "UTF-8",
            };
            return Ok((decoded, Sha256::digest(text.as_bytes()).into()));
        }
        let bytes = read_at_most(&self.path, self.bytes)?;
        let digest = Sha256::digest(&bytes).into();
        let decoded = decode_file(&self.path, &bytes).map_err(|m| Error::input(&self.path, m))?;
        Ok((decoded, digest))
    }
}

/// How the walk treats symbolic links (docs/errors.md, "Corpora from strangers").
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// Follow links that lead outside the corpus directory (`--follow-links`); by default
    /// they are skipped with a warning, so that a link in a corpus from someone else cannot
    /// bring a file from elsewhere on the machine into the counts and the page.
    pub follow_links: bool,
}

/// The walk of a corpus directory: every `*.txt` that is a regular file, each directory read
/// once (a link back to a directory already read would loop for ever), links that leave the
/// corpus skipped unless `follow_links`; what it skips, it says.
struct Walk<'a> {
    /// The corpus directory, canonical.
    root: PathBuf,
    opts: WalkOptions,
    /// The canonical directories read.
    seen: std::collections::HashSet<PathBuf>,
    warnings: &'a mut Vec<String>,
}

/// Whether the walk reads a file of this name as an issue: a `.txt` extension, in any case.
pub fn is_txt(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// Whether `dir` holds a report zhcorpus wrote: a `manifest.json` whose `tool` is
/// `zhcorpus` (report/manifest.rs). The walk skips such a directory, so that a report written
/// into a corpus (by an older zhcorpus, or moved there) is never read as issues.
pub fn is_report_dir(dir: &Path) -> bool {
    let Ok(bytes) = std::fs::read(dir.join(REPORT_MANIFEST)) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .is_ok_and(|v| v.get("tool").and_then(|t| t.as_str()) == Some("zhcorpus"))
}

/// The report's manifest file, in the report directory.
pub const REPORT_MANIFEST: &str = "manifest.json";

impl Walk<'_> {
    fn dir(&mut self, dir: &Path, canonical: PathBuf, out: &mut Vec<PathBuf>) -> Result<()> {
        if !self.seen.insert(canonical.clone()) {
            self.warnings.push(format!(
                "{}: a link to a directory already read; skipped",
                dir.display()
            ));
            return Ok(());
        }
        if canonical != self.root && is_report_dir(dir) {
            self.warnings.push(format!(
                "{}: a zhcorpus report (it holds {REPORT_MANIFEST}); skipped",
                dir.display()
            ));
            return Ok(());
        }
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let file_type = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if file_type.is_symlink() {
                self.link(&path, out)?;
            } else if file_type.is_dir() {
                let canonical = std::fs::canonicalize(&path).map_err(|e| Error::io(&path, e))?;
                self.dir(&path, canonical, out)?;
            } else if is_txt(&path) {
                self.file(&path, file_type.is_file(), out);
            }
        }
        Ok(())
    }

    fn link(&mut self, path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let Ok(target) = std::fs::canonicalize(path) else {
            if is_txt(path) {
                self.warnings.push(format!(
                    "{}: a link to nothing (its target is missing); skipped",
                    path.display()
                ));
            }
            return Ok(());
        };
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_dir() && !is_txt(path) {
            return Ok(());
        }
        if !self.opts.follow_links && !target.starts_with(&self.root) {
            self.warnings.push(format!(
                "{}: a link to {}, outside the corpus; skipped (--follow-links reads it)",
                path.display(),
                target.display()
            ));
            return Ok(());
        }
        if meta.is_dir() {
            self.dir(path, target, out)
        } else {
            self.file(path, meta.is_file(), out);
            Ok(())
        }
    }

    fn file(&mut self, path: &Path, regular: bool, out: &mut Vec<PathBuf>) {
        if regular {
            out.push(path.to_path_buf());
        } else {
            // A FIFO blocks a read for ever, a device never ends (`/dev/zero`).
            self.warnings.push(format!(
                "{}: not a regular file (a pipe, device or socket); skipped",
                path.display()
            ));
        }
    }
}

/// Refuse an output that would be read as an input or replace one (docs/errors.md, "Corpora
/// from strangers"): a path inside the corpus directory `input` (the walk would read a `.txt`
/// output as an issue, and a table could replace `metadata.csv`), or the input file itself
/// (a single `.txt`, with the `metadata.csv` beside it, a counts file, a dictionary), which
/// `what` names for the message (`the corpus`, `--user-dict`). `flag` names the option that
/// gave `output`. `-` (standard output) is never refused.
pub fn check_output(input: &Path, what: &str, output: &Path, flag: &str) -> Result<()> {
    if output.as_os_str() == "-" {
        return Ok(());
    }
    let Ok(input_abs) = std::fs::canonicalize(input) else {
        return Ok(());
    };
    let out = absolute(output);
    let input = input.display();
    let refuse = |what: String| {
        Err(Error::usage(format!(
            "{flag} {}: {what}; write it elsewhere",
            output.display()
        )))
    };
    if input_abs.is_dir() {
        if out.starts_with(&input_abs) {
            return refuse(format!(
                "inside the corpus directory {input}, whose files are read as input"
            ));
        }
    } else if out == input_abs {
        return refuse(format!("that is an input ({what} {input})"));
    } else if is_txt(&input_abs)
        && input_abs.parent().map(|d| d.join(METADATA_FILE)) == Some(out.clone())
    {
        return refuse(format!("that is the metadata of the corpus {input}"));
    }
    Ok(())
}

/// `path` made absolute through its nearest existing ancestor, canonical (so that `..`, `.`
/// and links are resolved as the file system will when the path is written).
pub fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut base = path.as_path();
    loop {
        if let Ok(c) = std::fs::canonicalize(base) {
            let mut out = c;
            for part in rest.iter().rev() {
                match part {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    p => out.push(p),
                }
            }
            return out;
        }
        match (base.parent(), base.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                base = parent;
            }
            _ => return path,
        }
    }
}

/// The bytes of a file, at most `limit` of them (the size the walk saw: a file that grows
/// while it is read is read as it was).
fn read_at_most(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::with_capacity(limit.min(1 << 30) as usize);
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

fn rel_string(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The metadata file's name, in the corpus directory (beside a single file given as corpus).
pub const METADATA_FILE: &str = "metadata.csv";

impl Corpus {
    /// The metadata file this corpus was loaded with, if it had one.
    pub fn metadata_path(&self) -> Option<PathBuf> {
        let dir = match self.root.is_file() {
            true => self
                .root
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            false => self.root.clone(),
        };
        Some(dir.join(METADATA_FILE)).filter(|p| p.is_file())
    }
}

/// The corpus's name: its directory's (or file's) stem, `seeds`; the report's default
/// directory is `reports/<name>`.
pub fn corpus_name(root: &Path) -> String {
    std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "corpus".to_string())
}

/// Load a corpus directory: every `*.txt` below it (recursively, hidden entries skipped),
/// sorted by relative path, with `metadata.csv` joined. Texts are read later, by the
/// segmentation pass. A single `.txt` file is
/// accepted as a corpus of one issue.
pub fn load_corpus(root: &Path) -> Result<Corpus> {
    load_corpus_with(root, WalkOptions::default())
}

/// `load_corpus` with the walk's options. Only regular files are read (a warning names
/// anything else), each directory once, and links leaving the corpus only with
/// `follow_links`.
pub fn load_corpus_with(root: &Path, walk: WalkOptions) -> Result<Corpus> {
    let meta_dir;
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    if root.is_file() {
        files.push(root.to_path_buf());
        meta_dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
    } else if root.is_dir() {
        let canonical = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        Walk {
            root: canonical.clone(),
            opts: walk,
            seen: Default::default(),
            warnings: &mut warnings,
        }
        .dir(root, canonical, &mut files)?;
        meta_dir = root.to_path_buf();
    } else {
        return Err(Error::input(
            root,
            "no such corpus directory (give a directory of .txt files)",
        ));
    }
    let name = corpus_name(root);
    let metadata_path = meta_dir.join(METADATA_FILE);
    let metadata = if metadata_path.is_file() {
        let bytes = std::fs::read(&metadata_path).map_err(|e| Error::io(&metadata_path, e))?;
        let decoded =
            decode_file(&metadata_path, &bytes).map_err(|m| Error::input(&metadata_path, m))?;
        parse_metadata(&metadata_path, &decoded.text)?
    } else {
        Metadata::default()
    };

    let mut docs: Vec<Document> = Vec::with_capacity(files.len());
    for path in files {
        let rel_path = rel_string(&meta_dir, &path);
        let bytes = std::fs::metadata(&path)
            .map_err(|e| Error::io(&path, e))?
            .len();
        if bytes == 0 {
            warnings.push(format!(
                "{}: empty file (counted as an issue with no text)",
                path.display()
            ));
        }
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        docs.push(Document {
            id,
            rel_path,
            path,
            text: None,
            bytes,
            meta: Vec::new(),
            skip: Vec::new(),
        });
    }
    if docs.is_empty() {
        return Err(Error::input(
            root,
            "no .txt files found in the corpus directory",
        ));
    }
    docs.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    // Issue ids are stems, which can collide across directories.
    let mut ids: Vec<(&str, &Path)> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.path.as_path()))
        .collect();
    ids.sort();
    for pair in ids.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(Error::input(
                pair[1].1,
                format!(
                    "has the same issue id `{}` as {}; issue ids are file stems and must be unique",
                    pair[1].0,
                    pair[0].1.display()
                ),
            ));
        }
    }

    let empty = vec![String::new(); metadata.columns.len()];
    let mut used = std::collections::HashSet::new();
    for doc in &mut docs {
        let key = normalise_file_key(&doc.rel_path);
        match metadata.rows.get(&key) {
            Some((_, values)) => {
                used.insert(key);
                doc.meta = values.clone();
            }
            None => {
                if !metadata.columns.is_empty() {
                    warnings.push(format!(
                        "{}: no row for `{}`; its metadata columns are left empty",
                        metadata_path.display(),
                        doc.rel_path
                    ));
                }
                doc.meta = empty.clone();
            }
        }
    }
    let mut missing: Vec<(&u64, &String)> = metadata
        .rows
        .iter()
        .filter(|(k, _)| !used.contains(*k))
        .map(|(k, (line, _))| (line, k))
        .collect();
    missing.sort();
    // A single file read from a corpus directory uses its row of the directory's
    // metadata.csv: the other rows are the other issues, not mistakes.
    if root.is_file() {
        missing.clear();
    }
    for (line, key) in missing {
        warnings.push(format!(
            "{}: line {line} names `{key}`, which is not in the corpus; the row is ignored",
            metadata_path.display()
        ));
    }

    Ok(Corpus {
        root: root.to_path_buf(),
        name,
        meta_columns: metadata.columns,
        docs,
        warnings,
        walk,
    })
}
