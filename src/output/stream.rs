//! Tables too large to hold: rows arrive as many small frames (one per issue, built on the
//! worker that segmented it), are gathered into batches of about `ROWS_PER_BATCH` rows or
//! `BYTES_PER_BATCH` bytes (rows of text, such as concordance lines, are large), and each batch
//! is written as it fills — a Parquet row group, or a chunk of CSV. JSON, one array,
//! is gathered whole.

use std::io::Write;

use polars::prelude::*;

/// Rows gathered before a batch is written: bounds memory whatever the corpus size.
pub const ROWS_PER_BATCH: usize = 1 << 18;
/// Estimated bytes gathered before a batch is written, whatever the number of rows.
pub const BYTES_PER_BATCH: usize = 16 << 20;

use super::Format;

enum Sink<W: Write> {
    Parquet(Box<polars::io::parquet::write::BatchedWriter<W>>),
    Csv(polars::io::csv::write::BatchedWriter<W>),
    Json(W, Option<DataFrame>),
}

/// A table written batch by batch to `W`.
pub struct TableStream<W: Write> {
    sink: Sink<W>,
    pending: Option<DataFrame>,
    /// The estimated size of `pending`, added up frame by frame as they come.
    pending_bytes: usize,
    rows: u64,
}

impl<W: Write> TableStream<W> {
    pub fn new(writer: W, format: Format, schema: &Schema, bom: bool) -> PolarsResult<Self> {
        let sink = match format {
            Format::Parquet => Sink::Parquet(Box::new(
                ParquetWriter::new(writer)
                    .with_compression(ParquetCompression::Zstd(None))
                    .batched(&super::parquet::typed_schema(schema))?,
            )),
            Format::Csv => Sink::Csv(CsvWriter::new(writer).include_bom(bom).batched(schema)?),
            Format::Json => Sink::Json(writer, None),
        };
        Ok(TableStream {
            sink,
            pending: None,
            pending_bytes: 0,
            rows: 0,
        })
    }

    /// Add rows; a full batch is written at once.
    pub fn push(&mut self, df: DataFrame) -> PolarsResult<()> {
        self.rows += df.height() as u64;
        self.pending_bytes += df.estimated_size();
        let rows = match self.pending.as_mut() {
            Some(p) => {
                p.vstack_mut_owned(df)?;
                p.height()
            }
            None => {
                let rows = df.height();
                self.pending = Some(df);
                rows
            }
        };
        if (rows >= ROWS_PER_BATCH || self.pending_bytes >= BYTES_PER_BATCH)
            && let Some(mut batch) = self.pending.take()
        {
            self.pending_bytes = 0;
            self.write(&mut batch)?;
        }
        Ok(())
    }

    fn write(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        match &mut self.sink {
            Sink::Parquet(w) => {
                super::parquet::type_dates(df)?;
                df.rechunk_mut_par();
                w.write_batch(df)
            }
            Sink::Csv(w) => w.write_batch(df),
            Sink::Json(_, all) => {
                match all {
                    Some(all) => {
                        all.vstack_mut(df)?;
                    }
                    None => *all = Some(std::mem::take(df)),
                }
                Ok(())
            }
        }
    }

    /// Write what is left (`empty` gives the header of a table with no rows) and close.
    /// Returns the number of rows written.
    pub fn finish(mut self, empty: DataFrame) -> PolarsResult<u64> {
        let mut last = match self.pending.take() {
            Some(pending) => pending,
            None => {
                // Rows given here, not pushed, count too (`count` hands its last batch here).
                self.rows += empty.height() as u64;
                empty
            }
        };
        self.write(&mut last)?;
        match self.sink {
            Sink::Parquet(w) => {
                w.finish()?;
            }
            Sink::Csv(mut w) => w.finish()?,
            Sink::Json(writer, all) => {
                let mut all = all.unwrap_or_default();
                JsonWriter::new(writer)
                    .with_json_format(JsonFormat::Json)
                    .finish(&mut all)?;
            }
        }
        Ok(self.rows)
    }
}

/// Whether a polars error is a closed pipe (`zhcorpus tokens | head`), which is no error.
pub fn is_broken_pipe(err: &PolarsError) -> bool {
    match err {
        PolarsError::IO { error, .. } => error.kind() == std::io::ErrorKind::BrokenPipe,
        PolarsError::Context { error, .. } => is_broken_pipe(error),
        _ => false,
    }
}
