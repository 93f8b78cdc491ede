use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Write `bytes` to `path` through a temporary file in the same directory and a rename, which
/// is atomic on one file system: readers see the old file or the whole new one, never a part.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |file| {
        file.write_all(bytes).map_err(|e| Error::io(path, e))
    })
}

/// The same for output written piece by piece: `write` fills the temporary file; only when it
/// succeeds is the file renamed into place, otherwise it is removed.
pub fn write_atomic_with<T>(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<T>,
) -> Result<T> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".zhcorpus-").suffix(".tmp");
    // A temporary file is private (0600); an output is an ordinary file others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    let value = write(tmp.as_file_mut())?;
    tmp.as_file_mut()
        .flush()
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(value)
}

/// Write the directory `dir` whole or not at all: `write` fills a new directory beside it
/// (`.zhcorpus-dir-<name>-…`, removed when `write` fails), which then takes `dir`'s place, the
/// old `dir` moved aside and removed, so that no file of an earlier run stays beside the new
/// ones. What a killed run left beside `dir` is removed by the next run into it. The caller
/// decides whether an existing `dir` may be replaced.
pub fn write_dir_atomic<T>(dir: &Path, write: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let io = |p: &Path, e| Error::io(p, e);
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return Err(Error::usage(format!(
            "{}: give the output directory by its name",
            dir.display()
        )));
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    let name = name.to_string_lossy();
    let staging = format!(".zhcorpus-dir-{name}-");
    let aside = format!(".zhcorpus-old-{name}-");
    for entry in std::fs::read_dir(parent).map_err(|e| io(parent, e))? {
        let entry = entry.map_err(|e| io(parent, e))?;
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.starts_with(&staging) || file.starts_with(&aside) {
            std::fs::remove_dir_all(entry.path()).map_err(|e| io(&entry.path(), e))?;
        }
    }
    let tmp = tempfile::Builder::new()
        .prefix(&staging)
        .tempdir_in(parent)
        .map_err(|e| io(parent, e))?;
    // A temporary directory is private (0700); a report is an ordinary directory.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(|e| io(tmp.path(), e))?;
    }
    let value = write(tmp.path())?;
    let staged = tmp.keep();
    if dir.exists() {
        let old = parent.join(format!("{aside}{}", std::process::id()));
        std::fs::rename(dir, &old).map_err(|e| io(dir, e))?;
        if let Err(e) = std::fs::rename(&staged, dir) {
            // Put the old directory back; the new one is left for the next run to remove.
            let _ = std::fs::rename(&old, dir);
            return Err(io(dir, e));
        }
        std::fs::remove_dir_all(&old).map_err(|e| io(&old, e))?;
    } else {
        std::fs::rename(&staged, dir).map_err(|e| io(dir, e))?;
    }
    Ok(value)
}
