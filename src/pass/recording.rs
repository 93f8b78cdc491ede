//! A pass's segmentation, recorded: every piece a pass segments is kept as bytes
//! (`tokenize::record`) in an anonymous temporary file, so that a later pass over the same
//! corpus replays the pieces instead of reading, normalising and segmenting the files again.
//! The report records its one reading pass and replays it for the tracked terms in context and
//! for `phrases`' passes over the characters (ARCHITECTURE.md, "The pass engine").
//!
//! The replay gives the same pieces, in the same order, with the same provisional term ids
//! (keep the pass's `Interner` alive), as the pass that recorded them: an analysis cannot tell
//! a replayed piece from a segmented one. A piece takes about twice its text on disk (the text,
//! then 4 bytes a token); the file is unlinked from the start, so nothing is left behind however
//! the process ends.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use rayon::prelude::*;

use super::Fold;
use crate::error::{Error, Result};
use crate::tokenize::{Segmented, Sentence, record};

/// Bytes of records a replay reads, decodes and maps at a time.
const REPLAY_BATCH: usize = 16 << 20;
/// An issue's records beyond this many bytes go to a file of its own as they are folded (a
/// large file's pieces), so that memory holds a piece, not the issue.
const SPOOL_BYTES: usize = 16 << 20;

fn temp_error(e: std::io::Error) -> Error {
    Error::io(std::env::temp_dir(), e)
}

/// One issue's records, in order: a piece's, or a large file's pieces folded (`Fold`).
#[derive(Debug, Default)]
pub struct Spool {
    buf: Vec<u8>,
    /// Records moved out of memory: the file and the bytes written to it.
    file: Option<(File, u64)>,
    error: Option<std::io::Error>,
}

impl Spool {
    /// One piece's record.
    pub fn of(s: &Segmented) -> Spool {
        let mut buf = Vec::with_capacity(s.text.len() + 4 * s.tokens.len() + 64);
        record::encode(s, &mut buf);
        Spool {
            buf,
            ..Spool::default()
        }
    }

    fn spill(&mut self) {
        if self.error.is_some() || self.buf.is_empty() {
            return;
        }
        let written = (|| -> std::io::Result<()> {
            if self.file.is_none() {
                self.file = Some((tempfile::tempfile()?, 0));
            }
            if let Some((f, len)) = &mut self.file {
                f.write_all(&self.buf)?;
                *len += self.buf.len() as u64;
            }
            Ok(())
        })();
        match written {
            Ok(()) => self.buf.clear(),
            Err(e) => self.error = Some(e),
        }
    }
}

impl Fold for Spool {
    fn fold(&mut self, mut next: Self) {
        if next.file.is_some() {
            // Pieces come one at a time: a piece never spilled on its own.
            next.spill();
            self.error = self.error.take().or(next.error.take());
        }
        self.buf.extend_from_slice(&next.buf);
        if self.buf.len() >= SPOOL_BYTES {
            self.spill();
        }
    }
}

/// Where an issue's records are.
#[derive(Debug)]
enum Place {
    /// In the shared file, at `offset`.
    Shared { offset: u64, len: u64 },
    /// In a file of its own (a large file's pieces).
    Own { file: File, len: u64 },
}

#[derive(Debug)]
struct Issue {
    doc: usize,
    encoding: &'static str,
    /// The input bytes of the issue (for progress).
    bytes: u64,
    place: Place,
}

/// The recording being made, issue by issue in corpus order (`add`); `finish` seals it.
pub struct Recording {
    shared: BufWriter<File>,
    written: u64,
    issues: Vec<Issue>,
}

impl Recording {
    pub fn new() -> Result<Self> {
        Ok(Recording {
            shared: BufWriter::with_capacity(1 << 20, tempfile::tempfile().map_err(temp_error)?),
            written: 0,
            issues: Vec::new(),
        })
    }

    /// Add issue `doc`'s records (its pieces in order), after those of the issue before.
    pub fn add(
        &mut self,
        doc: usize,
        encoding: &'static str,
        bytes: u64,
        mut spool: Spool,
    ) -> Result<()> {
        if spool.file.is_some() {
            // A large file's last records join the rest in its own file.
            spool.spill();
        }
        if let Some(e) = spool.error {
            return Err(temp_error(e));
        }
        let place = match spool.file.take() {
            Some((file, len)) => Place::Own { file, len },
            None => {
                self.shared.write_all(&spool.buf).map_err(temp_error)?;
                let offset = self.written;
                self.written += spool.buf.len() as u64;
                Place::Shared {
                    offset,
                    len: spool.buf.len() as u64,
                }
            }
        };
        self.issues.push(Issue {
            doc,
            encoding,
            bytes,
            place,
        });
        Ok(())
    }

    /// The recording, ready to replay.
    pub fn finish(self) -> Result<Recorded> {
        let shared = self
            .shared
            .into_inner()
            .map_err(|e| temp_error(e.into_error()))?;
        Ok(Recorded {
            shared,
            issues: self.issues,
            reading: std::sync::Mutex::new(()),
        })
    }
}

/// A finished recording: replayed as often as needed, from any thread.
pub struct Recorded {
    shared: File,
    issues: Vec<Issue>,
    /// One replay at a time: a replay moves the files' offsets.
    reading: std::sync::Mutex<()>,
}

/// A batch of records read: (index in `issues`, the record's bytes, whether it ends its issue).
type Batch = Vec<(usize, Vec<u8>, bool)>;

impl Recorded {
    /// The input bytes of every issue recorded.
    pub fn bytes(&self) -> u64 {
        self.issues.iter().map(|i| i.bytes).sum()
    }

    /// Read every record in order, in batches of about `REPLAY_BATCH` bytes, handed to `each`.
    fn batches(&self, mut each: impl FnMut(Batch) -> Result<()>) -> Result<()> {
        let _one = self
            .reading
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut batch: Batch = Vec::new();
        let mut size = 0;
        for (i, issue) in self.issues.iter().enumerate() {
            let (mut file, offset, len) = match &issue.place {
                Place::Shared { offset, len } => (&self.shared, *offset, *len),
                Place::Own { file, len } => (file, 0, *len),
            };
            file.seek(SeekFrom::Start(offset)).map_err(temp_error)?;
            let mut r = BufReader::with_capacity(1 << 20, file.take(len));
            let mut left = len;
            while left > 0 {
                let mut head = [0u8; 8];
                r.read_exact(&mut head).map_err(temp_error)?;
                let body = u64::from_le_bytes(head);
                let total = body
                    .checked_add(8)
                    .filter(|&t| t <= left)
                    .ok_or_else(|| temp_error(std::io::ErrorKind::InvalidData.into()))?;
                let mut rec = vec![0u8; total as usize];
                rec[..8].copy_from_slice(&head);
                r.read_exact(&mut rec[8..]).map_err(temp_error)?;
                left -= total;
                size += rec.len();
                batch.push((i, rec, left == 0));
                if size >= REPLAY_BATCH {
                    each(std::mem::take(&mut batch))?;
                    size = 0;
                }
            }
        }
        if !batch.is_empty() {
            each(batch)?;
        }
        Ok(())
    }

    /// Every recorded piece, in the order recorded: `map(doc, piece)` on all cores, then
    /// `consume(doc, value)` in order, several times for an issue recorded in pieces.
    /// `progress` gets each issue's input bytes once its last piece is consumed.
    pub fn replay<T: Send>(
        &self,
        progress: &(dyn Fn(u64) + Sync),
        map: impl Fn(usize, Segmented) -> T + Sync,
        mut consume: impl FnMut(usize, T) -> Result<()>,
    ) -> Result<()> {
        self.batches(|batch| {
            let values = batch
                .par_iter()
                .map(|(i, rec, _)| {
                    let issue = &self.issues[*i];
                    let s = record::decode(rec, issue.encoding).ok_or_else(damaged)?;
                    Ok(map(issue.doc, s))
                })
                .collect::<Result<Vec<T>>>()?;
            for ((i, _, last), v) in batch.iter().zip(values) {
                let issue = &self.issues[*i];
                consume(issue.doc, v)?;
                if *last {
                    progress(issue.bytes);
                }
            }
            Ok(())
        })
    }

    /// The text and sentences of every recorded piece, handed to `f` on all cores, in no
    /// order (what an analysis of the characters reads: `phrases`). `progress` gets each
    /// issue's input bytes once its last piece is read.
    pub fn replay_texts(
        &self,
        progress: &(dyn Fn(u64) + Sync),
        f: &(dyn Fn(&str, &[Sentence]) + Sync),
    ) -> Result<()> {
        self.batches(|batch| {
            batch.par_iter().try_for_each(|(i, rec, last)| {
                let (text, sentences) = record::decode_text(rec).ok_or_else(damaged)?;
                f(text, &sentences);
                if *last {
                    progress(self.issues[*i].bytes);
                }
                Ok(())
            })
        })
    }
}

fn damaged() -> Error {
    temp_error(std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "a temporary file of the pass changed while it was in use",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::{Interner, Segmenter, SegmenterOptions, segment_text};

    #[test]
    fn a_replay_gives_back_every_piece_in_order() {
        let seg = Segmenter::new(&SegmenterOptions::default()).unwrap();
        let interner = Interner::default();
        let texts = ["核酸检测。第二句。", "", "# 标题\n\n疫情防控，人人有责！"];
        let pieces: Vec<Segmented> = texts
            .iter()
            .map(|t| segment_text(t, "UTF-8", &seg, &interner))
            .collect();
        let mut rec = Recording::new().unwrap();
        // Issue 0 one piece, issue 1 three pieces folded, one of them spilled to its own
        // file, issue 2 one piece.
        rec.add(0, "UTF-8", 10, Spool::of(&pieces[0])).unwrap();
        let mut spool = Spool::of(&pieces[0]);
        spool.spill();
        spool.fold(Spool::of(&pieces[1]));
        spool.fold(Spool::of(&pieces[2]));
        rec.add(1, "gb18030", 20, spool).unwrap();
        rec.add(2, "UTF-8", 30, Spool::of(&pieces[2])).unwrap();
        let done = rec.finish().unwrap();
        assert_eq!(done.bytes(), 60);
        let progress = std::sync::Mutex::new(Vec::new());
        let mut got = Vec::new();
        done.replay(
            &|b| progress.lock().unwrap().push(b),
            |d, s| (d, s),
            |d, (d2, s)| {
                assert_eq!(d, d2);
                got.push((d, s));
                Ok(())
            },
        )
        .unwrap();
        let mut want = vec![
            (0, pieces[0].clone()),
            (1, pieces[0].clone()),
            (1, pieces[1].clone()),
            (1, pieces[2].clone()),
            (2, pieces[2].clone()),
        ];
        for (d, s) in &mut want {
            s.encoding = if *d == 1 { "gb18030" } else { "UTF-8" };
        }
        assert_eq!(got, want);
        assert_eq!(*progress.lock().unwrap(), vec![10, 20, 30]);
        // Texts: every piece once, again and again.
        for _ in 0..2 {
            let texts = std::sync::Mutex::new(Vec::new());
            done.replay_texts(&|_| {}, &|t, s| {
                texts.lock().unwrap().push((t.to_string(), s.len()))
            })
            .unwrap();
            let mut texts = texts.into_inner().unwrap();
            texts.sort();
            let mut want: Vec<(String, usize)> = want
                .iter()
                .map(|(_, s)| (s.text.clone(), s.sentences.len()))
                .collect();
            want.sort();
            assert_eq!(texts, want);
        }
    }
}
