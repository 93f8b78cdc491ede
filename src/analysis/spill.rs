//! Each issue's counted-term counts spilled to a temporary file during a streaming pass, for
//! the analyses that need a number known only after the pass (the document frequencies of
//! `keywords`, the report's trend terms chosen from the finished tables) without a second
//! segmentation pass and without holding the counts in memory.
//!
//! A record is one issue's (term id, count) pairs, 8 bytes each (two little-endian `u32`);
//! only each record's place in the file is kept in memory (12 bytes per issue). A count that
//! does not fit in a `u32` is an error, never truncated. Records are read back in any order:
//! in document order the reads are sequential.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use crate::error::{Error, Result};

/// Buffer of the file, each way.
const BUFFER: usize = 1 << 20;

fn io(e: std::io::Error) -> Error {
    Error::io(std::env::temp_dir(), e)
}

/// The file being written: one record per `push`.
pub struct Spill {
    file: BufWriter<File>,
    /// Per record: its byte offset and its number of pairs.
    records: Vec<(u64, u32)>,
    end: u64,
}

impl Spill {
    pub fn new() -> Result<Self> {
        let file = tempfile::tempfile().map_err(io)?;
        Ok(Spill {
            file: BufWriter::with_capacity(BUFFER, file),
            records: Vec::new(),
            end: 0,
        })
    }

    /// Append one issue's (id, count) pairs as the next record.
    pub fn push(&mut self, counts: &[(u32, u64)]) -> Result<()> {
        for &(id, c) in counts {
            let c = u32::try_from(c).map_err(|_| {
                Error::input(
                    std::env::temp_dir(),
                    format!("a term occurs {c} times in one issue, more than a spill holds"),
                )
            })?;
            self.file
                .write_all(&id.to_le_bytes())
                .and_then(|()| self.file.write_all(&c.to_le_bytes()))
                .map_err(io)?;
        }
        let n = u32::try_from(counts.len())
            .map_err(|_| Error::input(std::env::temp_dir(), "too many terms in one issue"))?;
        self.records.push((self.end, n));
        self.end += 8 * u64::from(n);
        Ok(())
    }

    /// Records written so far.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Done writing: the file, ready to read back.
    pub fn finish(self) -> Result<SpillReader> {
        let mut file = self.file.into_inner().map_err(|e| io(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        Ok(SpillReader {
            file: BufReader::with_capacity(BUFFER, file),
            records: self.records,
            at: 0,
        })
    }
}

/// The spilled records, read back by record number.
pub struct SpillReader {
    file: BufReader<File>,
    records: Vec<(u64, u32)>,
    /// Where the file is.
    at: u64,
}

impl SpillReader {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Append record `i`'s pairs to `out`, in the order they were pushed.
    pub fn read(&mut self, i: usize, out: &mut Vec<(u32, u64)>) -> Result<()> {
        let (offset, n) = self.records[i];
        if offset != self.at {
            // relative, so that a short jump keeps the buffer
            let delta = offset as i64 - self.at as i64;
            self.file.seek_relative(delta).map_err(io)?;
        }
        let mut pair = [0u8; 8];
        out.reserve(n as usize);
        for _ in 0..n {
            self.file.read_exact(&mut pair).map_err(io)?;
            let id = u32::from_le_bytes([pair[0], pair[1], pair[2], pair[3]]);
            let c = u32::from_le_bytes([pair[4], pair[5], pair[6], pair[7]]);
            out.push((id, u64::from(c)));
        }
        self.at = offset + 8 * u64::from(n);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_in_any_order() {
        let docs: Vec<Vec<(u32, u64)>> = vec![
            vec![(3, 2), (7, 1)],
            vec![],
            vec![(0, 5), (1, 1), (9, 4_000_000_000)],
        ];
        let mut spill = Spill::new().unwrap();
        for d in &docs {
            spill.push(d).unwrap();
        }
        assert_eq!(spill.len(), 3);
        let mut r = spill.finish().unwrap();
        for i in [2, 0, 1, 0, 2, 2] {
            let mut out = Vec::new();
            r.read(i, &mut out).unwrap();
            assert_eq!(out, docs[i], "record {i}");
        }
    }

    #[test]
    fn a_count_too_large_is_an_error() {
        let mut spill = Spill::new().unwrap();
        assert!(spill.push(&[(1, u64::from(u32::MAX) + 1)]).is_err());
    }
}
