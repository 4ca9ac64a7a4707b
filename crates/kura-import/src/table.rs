//! One CSV file read as a stream of rows: encoding detection, line numbers,
//! unclosed quotes and a size limit per record.
//!
//! The `csv` crate splits records; this module adds what it does not give:
//! - the line where a record starts (1-based, header = line 1), counted from
//!   the bytes themselves, because `csv`'s own line count lags behind on
//!   CRLF files and blank lines;
//! - whether a blank line came before a record (report exports put a footer
//!   after one);
//! - whether the last record ran into the end of the file inside a quoted
//!   field (a truncated file), which `csv` accepts silently;
//! - a limit on the size of one record, so that a stray quote cannot make a
//!   2 GB file one field held in memory.

use crate::encoding::{self, BadField, DetectedEncoding, EncodingChoice, FieldDecoder, Sniffed};
use crate::report::{ImportError, RowError};
use crate::text::Text;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Chain, Cursor, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How many bytes are sniffed to detect the encoding.
const SNIFF_BYTES: usize = 64 * 1024;

/// Bytes `csv` may have read ahead of the record it is parsing.
const READ_AHEAD: u64 = 64 * 1024;

/// Options for opening a table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableOptions {
    pub encoding: EncodingChoice,
    pub delimiter: u8,
    pub max_record_bytes: u64,
}

/// One data row, decoded.
#[derive(Debug, Default)]
pub(crate) struct Row {
    /// The line where the record starts (1-based; the header is line 1).
    pub line: u64,
    text: String,
    bounds: Vec<Range<usize>>,
    /// A blank line came right before this record.
    pub blank_line_before: bool,
    /// The record ran into the end of the file inside a quoted field.
    pub unclosed_quote: bool,
    /// A field that is not valid text in the file's encoding (the row then
    /// holds a lossy copy of the fields, for the error report).
    pub bad_field: Option<BadField>,
}

impl Row {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// A field as written (untrimmed).
    pub fn raw(&self, index: usize) -> Option<&str> {
        self.bounds.get(index).map(|r| &self.text[r.clone()])
    }

    /// A field with surrounding white space removed; `None` when missing or
    /// blank (an empty cell means "unknown").
    pub fn cell(&self, index: usize) -> Option<&str> {
        self.raw(index).map(str::trim).filter(|s| !s.is_empty())
    }

    /// All fields, for an error report.
    pub fn fields(&self) -> Vec<String> {
        self.bounds
            .iter()
            .map(|r| self.text[r.clone()].to_string())
            .collect()
    }
}

/// A CSV file opened for reading.
pub(crate) struct Table {
    path: PathBuf,
    reader: csv::Reader<Tracked<Chain<Cursor<Vec<u8>>, File>>>,
    decoder: FieldDecoder,
    headers: Vec<String>,
    record: csv::ByteRecord,
    row: Row,
    max_record_bytes: u64,
}

impl Table {
    /// Opens a file, detects its encoding and reads the header line.
    pub fn open(path: &Path, opts: TableOptions) -> Result<Table, ImportError> {
        let io_err = |source| ImportError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(io_err)?;
        let mut prefix = Vec::with_capacity(SNIFF_BYTES);
        (&mut file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut prefix)
            .map_err(io_err)?;
        let complete = prefix.len() < SNIFF_BYTES;
        let (encoding, bom) = match encoding::sniff(&prefix, complete, opts.encoding) {
            Sniffed::Encoding { encoding, bom } => (encoding, bom),
            Sniffed::Utf16 => {
                return Err(refuse(
                    path,
                    1,
                    None,
                    Text::new(
                        "UTF-16 のファイルは読めません。UTF-8 か Shift_JIS で保存し直してください",
                        "the file is UTF-16, which is not read: save it as UTF-8 or Shift_JIS",
                    ),
                ));
            }
        };
        prefix.drain(..bom);
        let tracked = Tracked::new(
            Cursor::new(prefix).chain(file),
            opts.delimiter,
            opts.max_record_bytes + READ_AHEAD,
        );
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(opts.delimiter)
            .from_reader(tracked);
        let mut table = Table {
            path: path.to_path_buf(),
            reader,
            decoder: FieldDecoder::new(encoding, opts.encoding == EncodingChoice::Auto),
            headers: Vec::new(),
            record: csv::ByteRecord::new(),
            row: Row::default(),
            max_record_bytes: opts.max_record_bytes,
        };
        if !table.read()? {
            return Err(refuse(
                path,
                1,
                None,
                Text::new(
                    "ファイルが空です。1 行目に見出し行が必要です",
                    "the file is empty: a header line is expected on line 1",
                ),
            ));
        }
        if let Some(bad) = table.row.bad_field {
            return Err(refuse(path, table.row.line, None, bad_encoding_text(bad)));
        }
        table.headers = (0..table.row.len())
            .map(|i| table.row.raw(i).unwrap_or("").trim().to_string())
            .collect();
        Ok(table)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The header line's names, trimmed.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The encoding the file is being read in.
    pub fn encoding(&self) -> DetectedEncoding {
        self.decoder.encoding()
    }

    /// The line where detection switched from UTF-8 to CP932, if it did.
    pub fn switched_to_cp932_at(&self) -> Option<u64> {
        self.decoder.switched_at()
    }

    /// The current row (after [`Table::read`] returned true).
    pub fn row(&self) -> &Row {
        &self.row
    }

    /// The header name of a column, or its 1-based position when the header
    /// line is shorter.
    pub fn column_name(&self, index: usize) -> String {
        self.headers
            .get(index)
            .cloned()
            .unwrap_or_else(|| format!("#{}", index + 1))
    }

    /// Reads the next record into [`Table::row`]; false at the end.
    pub fn read(&mut self) -> Result<bool, ImportError> {
        let more = match self.reader.read_byte_record(&mut self.record) {
            Ok(more) => more,
            Err(e) => return Err(self.read_error(e)),
        };
        if !more {
            return Ok(false);
        }
        let start = self.record.position().map_or(0, |p| p.byte());
        let end = self.reader.position().byte();
        let tracked = self.reader.get_mut();
        tracked.record_start = end;
        let (line, blank_line_before) = tracked.line_at(start);
        let unclosed_quote = tracked.eof && tracked.quote == Quoting::Quoted;
        if end - start > self.max_record_bytes {
            return Err(self.too_long(line));
        }
        let row = &mut self.row;
        row.line = line;
        row.blank_line_before = blank_line_before;
        row.unclosed_quote = unclosed_quote;
        row.bad_field = self
            .decoder
            .decode(&self.record, line, &mut row.text, &mut row.bounds)
            .err();
        if row.bad_field.is_some() {
            row.text.clear();
            row.bounds.clear();
            for field in self.record.iter() {
                let start = row.text.len();
                row.text.push_str(&String::from_utf8_lossy(field));
                row.bounds.push(start..row.text.len());
            }
        }
        Ok(true)
    }

    /// The row error for a field that is not valid text.
    pub fn bad_encoding_error(&self, bad: BadField) -> RowError {
        RowError {
            file: self.path.clone(),
            line: self.row.line,
            column: Some(self.column_name(bad.index)),
            message: bad_encoding_text(bad),
            record: None,
        }
    }

    /// The row error for a record that runs into the end of the file inside
    /// quotes.
    pub fn unclosed_quote_error(&self) -> RowError {
        let last = self.row.len().saturating_sub(1);
        RowError {
            file: self.path.clone(),
            line: self.row.line,
            column: Some(self.column_name(last)),
            message: Text::new(
                "引用符 (\") で始まった値がファイルの終わりまで閉じられていません。ファイルが途中で切れていないか確認してください",
                "a quoted value is never closed before the end of the file: the file may be truncated",
            ),
            record: None,
        }
    }

    fn read_error(&mut self, e: csv::Error) -> ImportError {
        let tracked = self.reader.get_ref();
        if tracked.too_long {
            let start = tracked.record_start;
            let (line, _) = self.reader.get_mut().line_at(start);
            return self.too_long(line);
        }
        let source = match e.into_kind() {
            csv::ErrorKind::Io(source) => source,
            other => io::Error::other(format!("{other:?}")),
        };
        ImportError::Io {
            path: self.path.clone(),
            source,
        }
    }

    fn too_long(&self, line: u64) -> ImportError {
        const MB: u64 = 1024 * 1024;
        let (ja, en) = match self.max_record_bytes {
            n if n % MB == 0 => (format!("{} MB", n / MB), format!("{} MB", n / MB)),
            n => (format!("{n} バイト"), format!("{n} bytes")),
        };
        refuse(
            &self.path,
            line,
            None,
            Text::new(
                format!(
                    "この行から始まるレコードが {ja} を超えています。閉じていない引用符 (\") がないか確認してください"
                ),
                format!(
                    "the record starting on this line is longer than {en}: look for a quote (\") that is never closed"
                ),
            ),
        )
    }
}

fn refuse(path: &Path, line: u64, column: Option<String>, message: Text) -> ImportError {
    ImportError::Refused(Box::new(RowError {
        file: path.to_path_buf(),
        line,
        column,
        message,
        record: None,
    }))
}

fn bad_encoding_text(bad: BadField) -> Text {
    match bad.encoding {
        DetectedEncoding::ShiftJis => Text::new(
            "Shift_JIS (CP932) として読めない文字があります。UTF-8 か Shift_JIS で保存し直してください",
            "the text is not valid Shift_JIS (CP932), nor UTF-8: save the file as UTF-8 or Shift_JIS",
        ),
        DetectedEncoding::Utf8 | DetectedEncoding::Utf8Bom => Text::new(
            "UTF-8 として読めない文字があります (ファイルのそれまでの部分は UTF-8 でした)。ファイル全体を UTF-8 か Shift_JIS で保存し直してください",
            "the text is not valid UTF-8, though the file was UTF-8 until here: save the whole file as UTF-8 or Shift_JIS",
        ),
    }
}

/// Where a byte stands in CSV quoting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// At the start of a field.
    Start,
    /// In an unquoted field.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field (the closing quote, or the
    /// first of a doubled one).
    Closing,
}

/// A maximal run of CR and LF bytes outside quotes: what separates records.
#[derive(Debug, Clone, Copy)]
struct Break {
    start: u64,
    end: u64,
    /// LF bytes in the file up to `end`.
    newlines_through: u64,
    /// LF bytes in this run (two or more: a blank line).
    newlines: u64,
}

/// A reader that watches the bytes it hands to `csv`: line breaks, quoting
/// and the size of the record being read.
struct Tracked<R> {
    inner: R,
    delimiter: u8,
    /// Bytes handed out so far.
    offset: u64,
    /// LF bytes handed out so far.
    newlines: u64,
    quote: Quoting,
    /// The open run of CR/LF: start offset and LF count.
    open_break: Option<(u64, u64)>,
    breaks: VecDeque<Break>,
    /// LF bytes up to the end of the last break dropped from `breaks`.
    base_newlines: u64,
    /// Where the record being read starts.
    record_start: u64,
    /// The most bytes a record may span, read-ahead included.
    limit: u64,
    too_long: bool,
    eof: bool,
}

impl<R> Tracked<R> {
    fn new(inner: R, delimiter: u8, limit: u64) -> Self {
        Self {
            inner,
            delimiter,
            offset: 0,
            newlines: 0,
            quote: Quoting::Start,
            open_break: None,
            breaks: VecDeque::new(),
            base_newlines: 0,
            record_start: 0,
            limit,
            too_long: false,
            eof: false,
        }
    }

    /// The line of the first byte of the record that `csv` reports as
    /// starting at `start` (it may point into the line break before it), and
    /// whether a blank line precedes it.
    fn line_at(&mut self, start: u64) -> (u64, bool) {
        while let Some(front) = self.breaks.front() {
            if front.end >= start {
                break;
            }
            self.base_newlines = front.newlines_through;
            self.breaks.pop_front();
        }
        match self.breaks.front().copied() {
            // The record starts right after this break (`start` is at its
            // end, or inside it when `csv` left part of it unconsumed).
            Some(front) if front.start <= start => {
                self.base_newlines = front.newlines_through;
                self.breaks.pop_front();
                (1 + front.newlines_through, front.newlines >= 2)
            }
            _ => (1 + self.base_newlines, false),
        }
    }

    fn scan(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            let at = self.offset + i as u64;
            if b == b'\n' {
                self.newlines += 1;
            }
            if self.quote == Quoting::Quoted {
                if b == b'"' {
                    self.quote = Quoting::Closing;
                }
                continue;
            }
            if b == b'\n' || b == b'\r' {
                let open = self.open_break.get_or_insert((at, 0));
                if b == b'\n' {
                    open.1 += 1;
                }
                self.quote = Quoting::Start;
                continue;
            }
            if let Some((start, newlines)) = self.open_break.take() {
                self.breaks.push_back(Break {
                    start,
                    end: at,
                    newlines_through: self.newlines,
                    newlines,
                });
            }
            self.quote = match (self.quote, b) {
                (Quoting::Start, b'"') | (Quoting::Closing, b'"') => Quoting::Quoted,
                (_, d) if d == self.delimiter => Quoting::Start,
                _ => Quoting::Unquoted,
            };
        }
        self.offset += bytes.len() as u64;
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.offset.saturating_sub(self.record_start) > self.limit {
            self.too_long = true;
            return Err(io::Error::other("record too long"));
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.eof = true;
        }
        self.scan(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn rows(bytes: &[u8]) -> Vec<(u64, bool, bool, Vec<String>)> {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        let mut table = Table::open(
            file.path(),
            TableOptions {
                encoding: EncodingChoice::Auto,
                delimiter: b',',
                max_record_bytes: 1024,
            },
        )
        .unwrap();
        let mut out = Vec::new();
        while table.read().unwrap() {
            let row = table.row();
            out.push((
                row.line,
                row.blank_line_before,
                row.unclosed_quote,
                row.fields(),
            ));
        }
        out
    }

    #[test]
    fn line_numbers_are_where_records_start_with_lf_or_crlf() {
        // Line 1 header; line 2 a record whose quoted field spans lines 2-3;
        // line 4 the next record.
        for eol in ["\n", "\r\n"] {
            let text = format!("a,b{eol}\"x{eol}y\",1{eol}z,2{eol}");
            let got = rows(text.as_bytes());
            assert_eq!(got[0].0, 2, "{eol:?}");
            assert_eq!(got[1].0, 4, "{eol:?}");
            assert_eq!(got[1].3, vec!["z", "2"]);
        }
    }

    #[test]
    fn a_blank_line_before_a_footer_is_seen_and_skipped_lines_are_counted() {
        let got = rows(b"a,b\r\n1,2\r\n\r\n\"footer\"\r\n");
        assert_eq!((got[0].0, got[0].1), (2, false));
        assert_eq!((got[1].0, got[1].1), (4, true));
    }

    #[test]
    fn a_bom_is_skipped_and_the_header_is_trimmed() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(b"\xEF\xBB\xBF\"id\", name \n1,x\n").unwrap();
        let table = Table::open(
            file.path(),
            TableOptions {
                encoding: EncodingChoice::Auto,
                delimiter: b',',
                max_record_bytes: 1024,
            },
        )
        .unwrap();
        assert_eq!(table.headers(), ["id", "name"]);
        assert_eq!(table.encoding(), DetectedEncoding::Utf8Bom);
    }

    #[test]
    fn a_quote_left_open_at_the_end_of_the_file_is_flagged_on_its_record() {
        let got = rows(b"a,b\n1,\"ok\"\n2,\"never closed\n3,4\n");
        assert_eq!(got.len(), 2);
        assert!(!got[0].2);
        assert_eq!(got[1].0, 3);
        assert!(got[1].2);
        // Quotes doubled inside a closed field do not confuse the tracker.
        let got = rows(b"a,b\n1,\"say \"\"hi\"\"\"\n");
        assert!(!got[0].2);
        assert_eq!(got[0].3[1], "say \"hi\"");
    }

    #[test]
    fn a_record_longer_than_the_limit_is_refused_with_its_line() {
        let mut text = b"a,b\n1,2\n3,\"".to_vec();
        text.extend(std::iter::repeat_n(b'x', 200_000));
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&text).unwrap();
        let mut table = Table::open(
            file.path(),
            TableOptions {
                encoding: EncodingChoice::Auto,
                delimiter: b',',
                max_record_bytes: 1000,
            },
        )
        .unwrap();
        assert!(table.read().unwrap());
        let err = table.read().unwrap_err().to_string();
        assert!(
            err.contains(":3: the record starting on this line is longer"),
            "{err}"
        );
    }
}
