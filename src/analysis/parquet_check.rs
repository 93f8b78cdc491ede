//! Checks a Parquet counts file before polars reads it. polars trusts the sizes a file
//! declares, and where a declared size is wrong it panics (caught by `guard_panics`) or, when
//! it sizes an allocation by it, aborts the process with no panic to catch. Every such case
//! found by fuzzing (`scripts/fuzz counts_parquet`) is checked here first and becomes an error
//! that names the file and says what is wrong.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use polars_parquet::parquet::metadata::FileMetadata;
use polars_parquet::parquet::page::CompressedPage;
use polars_parquet::parquet::read::PageReader;

use crate::error::{Error, Result};

/// Nesting deeper than this is no Parquet footer (the format nests 5 levels; polars stops
/// skipping unknown fields at 64): a forged one would exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Check a Parquet file's footer before polars decodes it. polars' decoder (polars-parquet
/// 0.55, `handwritten_thrift`) reserves room for as many elements as a list's header declares,
/// so a forged header declaring 481 million schema elements made it ask for 80 GB and abort.
/// This walks the footer's Thrift compact encoding the way that decoder does, field by field
/// (it reads a known field by its number whatever type the field's header gives, so here a
/// known field must have the type Parquet gives it), and checks each list against the bytes
/// left: every element takes at least one byte. A footer that passes has each of its lists
/// really there, so polars allocates no more than a small multiple of the footer's size.
pub fn check_footer(file: &mut std::fs::File, path: &Path) -> Result<()> {
    let io = |e| Error::io(path, e);
    let damaged = |why: String| Error::input(path, format!("{why}; the file is damaged"));
    let len = file.metadata().map_err(io)?.len();
    if len < 12 {
        return Err(damaged(format!(
            "{len} bytes are too few for a Parquet file (at least 12)"
        )));
    }
    let mut tail = [0u8; 8];
    file.seek(SeekFrom::Start(len - 8)).map_err(io)?;
    file.read_exact(&mut tail).map_err(io)?;
    if &tail[4..] != b"PAR1" {
        return Err(damaged(
            "it does not end with `PAR1` as a Parquet file does (cut short?)".into(),
        ));
    }
    let footer_len = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    if footer_len + 12 > len {
        return Err(damaged(format!(
            "its footer is {footer_len} bytes long, more than the file ({len} bytes) holds"
        )));
    }
    let mut footer = vec![0u8; footer_len as usize];
    file.seek(SeekFrom::Start(len - 8 - footer_len))
        .map_err(io)?;
    file.read_exact(&mut footer).map_err(io)?;
    Walk::new(&footer)
        .fields(&FILE_METADATA, 0)
        .map_err(|why| damaged(format!("its footer (metadata) {why}")))
}

/// polars trusts the offsets and counts a Parquet file gives: it slices each column chunk out
/// of the file where the footer says (a truncated file panicked there) and sizes a page's
/// buffers by the count of values its header gives (a negative count, read as 2^64 - 1,
/// aborted the process on a failed allocation). Both are checked here first, reading the
/// page headers as polars does but decoding nothing, one column chunk in memory at a time.
///
/// The rows the file declares must be the rows its row groups hold, and a row group's rows
/// the values each of its (flat) columns holds, which its pages hold: a forged row count
/// (4 × 10¹² in a file of 2.5 KB) had the reader ask for slice after empty slice for ever.
pub fn check_parquet(file: &mut std::fs::File, metadata: &FileMetadata, path: &Path) -> Result<()> {
    let io = |e| Error::io(path, e);
    let len = file.metadata().map_err(io)?.len();
    let grouped = metadata
        .row_groups
        .iter()
        .try_fold(0usize, |n, g| n.checked_add(g.num_rows()));
    if grouped != Some(metadata.num_rows) {
        return Err(Error::input(
            path,
            format!(
                "its footer gives {} rows, but its row groups hold {}; the file is damaged",
                metadata.num_rows,
                grouped.map_or("more than can be counted".to_string(), |n| n.to_string())
            ),
        ));
    }
    for (g, group) in metadata.row_groups.iter().enumerate() {
        for chunk in group.parquet_columns() {
            let at = || {
                let column = chunk.descriptor().path_in_schema.join(".");
                format!("row group {}, column `{column}`", g + 1)
            };
            let start = chunk
                .dictionary_page_offset()
                .unwrap_or(chunk.data_page_offset());
            let range = u64::try_from(start)
                .ok()
                .zip(u64::try_from(chunk.compressed_size()).ok())
                .and_then(|(start, size)| Some(start..start.checked_add(size)?))
                .filter(|r| r.end <= len);
            let Some(range) = range else {
                return Err(Error::input(
                    path,
                    format!(
                        "{}: its data lies outside the file ({len} bytes); the file is \
                         truncated or damaged",
                        at()
                    ),
                ));
            };
            let damaged =
                |why: String| Error::input(path, format!("{}: {why}; the file is damaged", at()));
            let values = usize::try_from(chunk.num_values())
                .map_err(|_| damaged(format!("{} values", chunk.num_values())))?;
            // A flat column has a value (or a null) in every row.
            if chunk.descriptor().descriptor.max_rep_level == 0 && values != group.num_rows() {
                return Err(damaged(format!(
                    "{values} values in a row group of {} rows",
                    group.num_rows()
                )));
            }
            let mut data = Vec::new();
            file.seek(SeekFrom::Start(range.start)).map_err(io)?;
            file.by_ref()
                .take(range.end - range.start)
                .read_to_end(&mut data)
                .map_err(io)?;
            // No page, nor anything its header holds (statistics), is larger than its chunk:
            // polars reads with no such limit and would reserve what a forged header says.
            let limit = data.len();
            let data = std::io::Cursor::new(polars_buffer::Buffer::from(data));
            let pages = PageReader::new(data, chunk, Vec::new(), limit);
            let mut seen = 0usize;
            for page in pages {
                if let CompressedPage::Data(page) = page.map_err(|e| damaged(e.to_string()))? {
                    seen = seen.saturating_add(page.num_values());
                    if seen > values {
                        return Err(damaged(format!(
                            "its pages hold more values than the {values} its footer gives"
                        )));
                    }
                }
            }
            if seen < values {
                return Err(damaged(format!(
                    "its pages hold {seen} values, fewer than the {values} its footer gives"
                )));
            }
        }
    }
    Ok(())
}

// Thrift compact protocol types (Apache Thrift, doc/specs/thrift-compact-protocol.md).
const STOP: u8 = 0;
const TRUE: u8 = 1;
const FALSE: u8 = 2;
const BYTE: u8 = 3;
const I16: u8 = 4;
const I32: u8 = 5;
const I64: u8 = 6;
const DOUBLE: u8 = 7;
const BINARY: u8 = 8;
const LIST: u8 = 9;
const STRUCT: u8 = 12;

/// What the decoder reads for a known field or list element.
#[derive(Clone, Copy)]
enum Shape {
    /// A zigzag varint (i16, i32 or i64).
    Int,
    /// One byte (i8).
    Byte,
    /// A length and as many bytes (binary or string).
    Bin,
    /// A boolean, held in the field's type.
    Bool,
    Struct(&'static Fields),
    /// A list of ints, strings or structs.
    List(Element),
}

/// What a list holds.
#[derive(Clone, Copy)]
enum Element {
    Int,
    Bin,
    Struct(&'static Fields),
}

impl From<Element> for Shape {
    fn from(e: Element) -> Shape {
        match e {
            Element::Int => Shape::Int,
            Element::Bin => Shape::Bin,
            Element::Struct(f) => Shape::Struct(f),
        }
    }
}

/// A Thrift compact type's name, for messages.
fn type_name(wire: u8) -> String {
    let name = match wire {
        TRUE | FALSE => "bool",
        BYTE => "byte",
        I16 => "i16",
        I32 => "i32",
        I64 => "i64",
        DOUBLE => "double",
        BINARY => "binary",
        LIST => "list",
        10 => "set",
        11 => "map",
        STRUCT => "struct",
        13 => "uuid",
        other => return format!("{other} (no Thrift type)"),
    };
    name.to_string()
}

impl Shape {
    /// The shape's name, for messages.
    fn name(self) -> &'static str {
        match self {
            Shape::Int => "an integer",
            Shape::Byte => "a byte",
            Shape::Bin => "a string",
            Shape::Bool => "a bool",
            Shape::Struct(_) => "a struct",
            Shape::List(_) => "a list",
        }
    }

    /// Whether a field's or element's type on the wire is read as this shape.
    fn takes(self, wire: u8) -> bool {
        match self {
            Shape::Int => matches!(wire, I16 | I32 | I64),
            Shape::Byte => wire == BYTE,
            Shape::Bin => wire == BINARY,
            Shape::Bool => matches!(wire, TRUE | FALSE),
            Shape::Struct(_) => wire == STRUCT,
            Shape::List(_) => wire == LIST,
        }
    }
}

/// The fields of a Parquet struct that polars reads, by number (parquet.thrift); other
/// fields it skips by the type their header gives.
struct Fields {
    name: &'static str,
    known: fn(i16) -> Option<Shape>,
}

const INT: Shape = Shape::Int;
const BIN: Shape = Shape::Bin;

static FILE_METADATA: Fields = Fields {
    name: "FileMetaData",
    known: |id| match id {
        1 | 3 => Some(INT),
        2 => Some(Shape::List(Element::Struct(&SCHEMA_ELEMENT))),
        4 => Some(Shape::List(Element::Struct(&ROW_GROUP))),
        5 => Some(Shape::List(Element::Struct(&KEY_VALUE))),
        6 => Some(BIN),
        7 => Some(Shape::List(Element::Struct(&UNION_OF_EMPTY))),
        _ => None,
    },
};
static SCHEMA_ELEMENT: Fields = Fields {
    name: "SchemaElement",
    known: |id| match id {
        1..=3 | 5..=9 => Some(INT),
        4 => Some(BIN),
        10 => Some(Shape::Struct(&LOGICAL_TYPE)),
        _ => None,
    },
};
static ROW_GROUP: Fields = Fields {
    name: "RowGroup",
    known: |id| match id {
        1 => Some(Shape::List(Element::Struct(&COLUMN_CHUNK))),
        2 | 3 | 5..=7 => Some(INT),
        4 => Some(Shape::List(Element::Struct(&SORTING_COLUMN))),
        _ => None,
    },
};
static COLUMN_CHUNK: Fields = Fields {
    name: "ColumnChunk",
    known: |id| match id {
        1 => Some(BIN),
        2 | 4..=7 => Some(INT),
        3 => Some(Shape::Struct(&COLUMN_METADATA)),
        _ => None,
    },
};
static COLUMN_METADATA: Fields = Fields {
    name: "ColumnMetaData",
    known: |id| match id {
        1 | 4..=7 | 9..=11 | 14 | 15 => Some(INT),
        2 => Some(Shape::List(Element::Int)),
        3 => Some(Shape::List(Element::Bin)),
        12 => Some(Shape::Struct(&STATISTICS)),
        _ => None,
    },
};
static STATISTICS: Fields = Fields {
    name: "Statistics",
    known: |id| match id {
        1 | 2 | 5 | 6 => Some(BIN),
        3 | 4 => Some(INT),
        7 | 8 => Some(Shape::Bool),
        _ => None,
    },
};
static KEY_VALUE: Fields = Fields {
    name: "KeyValue",
    known: |id| match id {
        1 | 2 => Some(BIN),
        _ => None,
    },
};
static SORTING_COLUMN: Fields = Fields {
    name: "SortingColumn",
    known: |id| match id {
        1 => Some(INT),
        2 | 3 => Some(Shape::Bool),
        _ => None,
    },
};
/// ColumnOrder and TimeUnit: unions of empty structs.
static UNION_OF_EMPTY: Fields = Fields {
    name: "union",
    known: |id| (1..=3).contains(&id).then_some(Shape::Struct(&EMPTY)),
};
static EMPTY: Fields = Fields {
    name: "empty struct",
    known: |_| None,
};
static LOGICAL_TYPE: Fields = Fields {
    name: "LogicalType",
    known: |id| match id {
        1..=4 | 6 | 11..=15 => Some(Shape::Struct(&EMPTY)),
        5 => Some(Shape::Struct(&DECIMAL_TYPE)),
        7 | 8 => Some(Shape::Struct(&TIME_TYPE)),
        10 => Some(Shape::Struct(&INT_TYPE)),
        _ => None,
    },
};
static DECIMAL_TYPE: Fields = Fields {
    name: "DecimalType",
    known: |id| (1..=2).contains(&id).then_some(INT),
};
static TIME_TYPE: Fields = Fields {
    name: "TimeType",
    known: |id| match id {
        1 => Some(Shape::Bool),
        2 => Some(Shape::Struct(&UNION_OF_EMPTY)),
        _ => None,
    },
};
static INT_TYPE: Fields = Fields {
    name: "IntType",
    known: |id| match id {
        1 => Some(Shape::Byte),
        2 => Some(Shape::Bool),
        _ => None,
    },
};

/// A walk over a footer's bytes that decodes nothing and allocates nothing.
struct Walk<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Walked<T = ()> = std::result::Result<T, String>;

impl<'a> Walk<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Walk { bytes, at: 0 }
    }

    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> Walked<u8> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| "ends in the middle of a value".to_string())?;
        self.at += 1;
        Ok(b)
    }

    fn skip(&mut self, n: u64) -> Walked {
        match usize::try_from(n) {
            Ok(n) if n <= self.left() => {
                self.at += n;
                Ok(())
            }
            _ => Err(format!(
                "declares {n} bytes at byte {} where {} are left",
                self.at,
                self.left()
            )),
        }
    }

    /// A ULEB128 varint of at most 64 bits.
    fn varint(&mut self) -> Walked<u64> {
        let start = self.at;
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(format!("has a number longer than 64 bits at byte {start}"))
    }

    /// A struct's fields up to its stop byte: the known ones as `fields` says, the others
    /// skipped by their type. Field numbers are computed as polars does (a delta from the
    /// last, or written in full as a zigzag i16).
    fn fields(&mut self, fields: &Fields, depth: usize) -> Walked {
        if depth > MAX_DEPTH {
            return Err(format!("nests values more than {MAX_DEPTH} deep"));
        }
        let mut last: i16 = 0;
        loop {
            let head = self.byte()?;
            let wire = head & 0x0f;
            if wire == STOP {
                return Ok(());
            }
            let id = match head >> 4 {
                0 => {
                    let v = self.varint()?;
                    ((v >> 1) as i64 ^ -((v & 1) as i64)) as i16
                }
                delta => last
                    .checked_add(i16::from(delta))
                    .ok_or_else(|| format!("numbers a field of {} past 32767", fields.name))?,
            };
            match (fields.known)(id) {
                Some(shape) if !shape.takes(wire) => {
                    return Err(format!(
                        "gives field {id} of {} the type {}, where Parquet has {}",
                        fields.name,
                        type_name(wire),
                        shape.name()
                    ));
                }
                Some(shape) => self.known(shape, depth + 1)?,
                None => self.unknown(wire, depth + 1)?,
            }
            last = id;
        }
    }

    /// A list's header: its element type and (checked against the bytes left, each element
    /// taking at least one byte) its number of elements; a count written in full is read as
    /// polars reads it, as an i32, negative meaning none.
    fn list_header(&mut self) -> Walked<(u8, usize)> {
        let head = self.byte()?;
        let element = head & 0x0f;
        let n = match head >> 4 {
            15 => u64::try_from((self.varint()? as i32).max(0)).unwrap_or(0),
            n => u64::from(n),
        };
        if n > 0 && !(TRUE..=STRUCT).contains(&element) {
            return Err(format!("has a list of unknown type {element}"));
        }
        match usize::try_from(n) {
            Ok(n) if n <= self.left() => Ok((element, n)),
            _ => Err(format!(
                "declares a list of {n} elements at byte {} where {} bytes are left",
                self.at,
                self.left()
            )),
        }
    }

    /// A value polars reads as `shape`.
    fn known(&mut self, shape: Shape, depth: usize) -> Walked {
        match shape {
            Shape::Int => self.varint().map(drop),
            Shape::Byte => self.skip(1),
            Shape::Bin => {
                let n = self.varint()?;
                self.skip(n)
            }
            Shape::Bool => Ok(()),
            Shape::Struct(fields) => self.fields(fields, depth),
            Shape::List(element) => {
                let (wire, n) = self.list_header()?;
                let element = Shape::from(element);
                if n > 0 && !element.takes(wire) {
                    return Err(format!(
                        "has a list of {} where Parquet has a list of {}",
                        type_name(wire),
                        element.name()
                    ));
                }
                (0..n).try_for_each(|_| self.known(element, depth + 1))
            }
        }
    }

    /// A value polars skips by the type its header gives (booleans take no byte, in a
    /// struct or a list alike; sets, maps and UUIDs polars does not skip, and neither does
    /// this).
    fn unknown(&mut self, wire: u8, depth: usize) -> Walked {
        match wire {
            TRUE | FALSE => Ok(()),
            BYTE => self.skip(1),
            I16 | I32 | I64 => self.varint().map(drop),
            DOUBLE => self.skip(8),
            BINARY => {
                let n = self.varint()?;
                self.skip(n)
            }
            STRUCT => self.fields(&EMPTY, depth),
            LIST => {
                let (element, n) = self.list_header()?;
                (0..n).try_for_each(|_| self.unknown(element, depth + 1))
            }
            other => Err(format!(
                "has a value of type {}, which Parquet does not use",
                type_name(other)
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Parquet file whose footer is `footer` (no data: only the footer is read here).
    fn with_footer(dir: &Path, footer: &[u8]) -> std::path::PathBuf {
        let path = dir.join("forged.parquet");
        let mut bytes = b"PAR1".to_vec();
        bytes.extend_from_slice(footer);
        bytes.extend_from_slice(&(footer.len() as u32).to_le_bytes());
        bytes.extend_from_slice(b"PAR1");
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn footer_error(footer: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = with_footer(dir.path(), footer);
        let mut file = std::fs::File::open(&path).unwrap();
        let msg = check_footer(&mut file, &path).unwrap_err().to_string();
        let prefix = format!("{}: ", path.display());
        msg.strip_prefix(&prefix).expect(&msg).to_string()
    }

    /// FileMetaData { 1: version = 1, 2: schema = a list declaring 10^9 structs } and no more
    /// bytes: polars would reserve 10^9 schema elements before reading the first.
    #[test]
    fn a_list_longer_than_the_footer_is_damage() {
        let mut footer = vec![0x15, 0x02, 0x19, 0xfc];
        footer.extend([0x80, 0x94, 0xeb, 0xdc, 0x03]); // 1,000,000,000 as a varint
        footer.extend([0x00; 3]);
        assert_eq!(
            footer_error(&footer),
            "its footer (metadata) declares a list of 1000000000 elements at byte 9 where 3 \
             bytes are left; the file is damaged"
        );
    }

    /// A known field with another type than Parquet's: polars would read the bytes as the
    /// field's Parquet type anyway (here a bool read as a list header).
    #[test]
    fn a_known_field_of_the_wrong_type_is_damage() {
        assert_eq!(
            footer_error(&[0x15, 0x02, 0x12, 0x00]),
            "its footer (metadata) gives field 2 of FileMetaData the type bool, where Parquet \
             has a list; the file is damaged"
        );
        // RowGroup 1: columns, a list of structs given as a list of i32.
        assert_eq!(
            footer_error(&[0x49, 0x1c, 0x19, 0x15, 0x02, 0x00, 0x00]),
            "its footer (metadata) has a list of i32 where Parquet has a list of a struct; the \
             file is damaged"
        );
    }

    /// Unknown fields are skipped by their own type, as polars skips them, nested structs and
    /// lists included; but not deeper than polars goes, and not as types it does not skip.
    #[test]
    fn unknown_fields_are_skipped_by_their_type() {
        // Field 9 (unknown): a struct holding a list of two strings, a double and a bool,
        // then the stop byte; then field 6, created_by = "zh", its number written in full
        // (zigzag 12) since it is below the last; then stop.
        let footer = [
            0x9c, 0x19, 0x28, 0x01, b'a', 0x01, b'b', 0x17, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0x00,
            0x08, 0x0c, 0x02, b'z', b'h', 0x00,
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = with_footer(dir.path(), &footer);
        let mut file = std::fs::File::open(&path).unwrap();
        check_footer(&mut file, &path).unwrap();

        let mut nested = vec![0x9c];
        nested.extend(std::iter::repeat_n(0x1c, 70));
        assert_eq!(
            footer_error(&nested),
            "its footer (metadata) nests values more than 64 deep; the file is damaged"
        );
        assert_eq!(
            footer_error(&[0x9b, 0x01, 0x88, 0x00]),
            "its footer (metadata) has a value of type map, which Parquet does not use; the \
             file is damaged"
        );
        assert_eq!(
            footer_error(&[0x98, 0xff]),
            "its footer (metadata) ends in the middle of a value; the file is damaged"
        );
        assert_eq!(
            footer_error(&[0x98, 0x05, b'a']),
            "its footer (metadata) declares 5 bytes at byte 2 where 1 are left; the file is \
             damaged"
        );
    }

    #[test]
    fn a_file_without_a_footer_is_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.parquet");
        for (bytes, why) in [
            (
                &b"PAR1"[..],
                "4 bytes are too few for a Parquet file (at least 12)".to_string(),
            ),
            (
                &b"PAR1\0\0\0\0PAR1 cut"[..],
                "it does not end with `PAR1` as a Parquet file does (cut short?)".into(),
            ),
            (
                &b"PAR1\0\0\0\0\xff\0\0\0PAR1"[..],
                "its footer is 255 bytes long, more than the file (16 bytes) holds".into(),
            ),
        ] {
            std::fs::write(&path, bytes).unwrap();
            let mut file = std::fs::File::open(&path).unwrap();
            assert_eq!(
                check_footer(&mut file, &path).unwrap_err().to_string(),
                format!("{}: {why}; the file is damaged", path.display())
            );
        }
    }
}
