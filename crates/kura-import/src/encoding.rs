//! Text encodings of CSV exports: UTF-8 (with or without a byte-order mark)
//! and Shift_JIS as Windows writes it (CP932, Windows-31J).
//!
//! Japanese users often save CSV files as Shift_JIS so that Excel opens them;
//! Salesforce's report export offers it, and a file re-saved by Excel may be
//! either. The rule that reads every export we know: strip a UTF-8 BOM; text
//! that is valid UTF-8 is UTF-8; anything else is CP932
//! (`encoding_rs::SHIFT_JIS` is the WHATWG Shift_JIS, which is CP932).
//!
//! Files are never decoded whole. CSV structure is ASCII (comma, quote,
//! CR, LF) and no byte of a CP932 multi-byte character is below 0x40, so the
//! CSV reader splits the raw bytes into fields correctly in either encoding
//! and each field is decoded on its own.

use encoding_rs::SHIFT_JIS;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The UTF-8 byte-order mark.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DetectedEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (as Excel writes it).
    Utf8Bom,
    /// Shift_JIS as Windows writes it (CP932, Windows-31J).
    ShiftJis,
}

impl DetectedEncoding {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            DetectedEncoding::Utf8 => "UTF-8",
            DetectedEncoding::Utf8Bom => "UTF-8 (BOM)",
            DetectedEncoding::ShiftJis => "Shift_JIS (CP932)",
        }
    }
}

impl fmt::Display for DetectedEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which encoding to read a file in: detected (the default) or forced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EncodingChoice {
    /// Detect: a UTF-8 BOM or valid UTF-8 means UTF-8, anything else CP932.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    /// UTF-8 (a BOM is skipped).
    #[serde(rename = "utf-8", alias = "utf8", alias = "UTF-8")]
    Utf8,
    /// Shift_JIS / CP932 / Windows-31J.
    #[serde(
        rename = "shift_jis",
        alias = "sjis",
        alias = "cp932",
        alias = "windows-31j",
        alias = "Shift_JIS"
    )]
    ShiftJis,
}

/// Decodes a whole buffer by Kura's rule: strip a UTF-8 BOM; valid UTF-8 is
/// UTF-8; anything else is decoded as CP932, malformed sequences becoming
/// U+FFFD.
///
/// The readers do not use this on files (they decode field by field while
/// streaming); it is for small inputs held in memory.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, DetectedEncoding) {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return (String::from_utf8_lossy(rest), DetectedEncoding::Utf8Bom);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), DetectedEncoding::Utf8),
        Err(_) => {
            let (text, _had_errors) = SHIFT_JIS.decode_without_bom_handling(bytes);
            (text, DetectedEncoding::ShiftJis)
        }
    }
}

/// What the first bytes of a file say about its encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// Read in this encoding, skipping `bom` leading bytes.
    Encoding {
        encoding: DetectedEncoding,
        bom: usize,
    },
    /// A UTF-16 byte-order mark: not a format Kura reads.
    Utf16,
}

/// Decides the encoding from the first bytes of a file. `complete` says
/// whether `prefix` is the whole file (otherwise a multi-byte character cut
/// at its end is not an error).
pub(crate) fn sniff(prefix: &[u8], complete: bool, choice: EncodingChoice) -> Sniffed {
    if prefix.starts_with(b"\xFF\xFE") || prefix.starts_with(b"\xFE\xFF") {
        return Sniffed::Utf16;
    }
    let bom = if prefix.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    let utf8 = if bom > 0 {
        DetectedEncoding::Utf8Bom
    } else {
        DetectedEncoding::Utf8
    };
    let encoding = match choice {
        EncodingChoice::Utf8 => utf8,
        EncodingChoice::ShiftJis => DetectedEncoding::ShiftJis,
        EncodingChoice::Auto if bom > 0 => utf8,
        EncodingChoice::Auto => match std::str::from_utf8(prefix) {
            Ok(_) => utf8,
            // Cut in the middle of a character at the end of the sample.
            Err(e) if e.error_len().is_none() && !complete => utf8,
            // UTF-8 text with a broken byte, and not CP932 either: stay
            // with UTF-8 so that only the broken rows are errors, instead
            // of reading the whole file as mojibake.
            Err(e) if !prefix[..e.valid_up_to()].is_ascii() && !is_cp932(prefix, complete) => utf8,
            Err(_) => DetectedEncoding::ShiftJis,
        },
    };
    Sniffed::Encoding { encoding, bom }
}

/// Whether `bytes` is valid CP932 (a character cut at the end of an
/// incomplete sample is allowed).
fn is_cp932(bytes: &[u8], complete: bool) -> bool {
    let mut decoder = SHIFT_JIS.new_decoder_without_bom_handling();
    let mut out = vec![
        0u8;
        decoder
            .max_utf8_buffer_length(bytes.len())
            .unwrap_or(bytes.len() * 3 + 16)
    ];
    let (result, _, _) = decoder.decode_to_utf8_without_replacement(bytes, &mut out, complete);
    matches!(result, encoding_rs::DecoderResult::InputEmpty)
}

/// Decodes the fields of each record of one file, switching from UTF-8 to
/// CP932 when detection allows it (a file whose first part is plain ASCII
/// and whose later rows are CP932).
#[derive(Debug)]
pub(crate) struct FieldDecoder {
    encoding: DetectedEncoding,
    /// Detection was automatic, so a switch to CP932 is allowed.
    auto: bool,
    /// A non-ASCII byte has been decoded as UTF-8: no switch any more.
    seen_non_ascii: bool,
    /// The line at which the decoder switched to CP932, once.
    switched_at: Option<u64>,
}

/// A field that is not valid text in the file's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadField {
    /// Index of the field in the record.
    pub index: usize,
    /// The encoding it was decoded in.
    pub encoding: DetectedEncoding,
}

impl FieldDecoder {
    pub(crate) fn new(encoding: DetectedEncoding, auto: bool) -> Self {
        Self {
            encoding,
            auto,
            seen_non_ascii: false,
            switched_at: None,
        }
    }

    /// The encoding in use (it may change once, from UTF-8 to CP932).
    pub(crate) fn encoding(&self) -> DetectedEncoding {
        self.encoding
    }

    /// The line where the decoder switched to CP932, if it did.
    pub(crate) fn switched_at(&self) -> Option<u64> {
        self.switched_at
    }

    /// Decodes every field of `record` into `text`, with each field's byte
    /// range in `bounds`.
    pub(crate) fn decode(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        text: &mut String,
        bounds: &mut Vec<std::ops::Range<usize>>,
    ) -> Result<(), BadField> {
        text.clear();
        bounds.clear();
        if self.encoding != DetectedEncoding::ShiftJis {
            match self.decode_utf8(record, text, bounds) {
                Ok(()) => return Ok(()),
                Err(bad) if !self.auto || self.seen_non_ascii => return Err(bad),
                Err(_) => {
                    // Everything before was ASCII, which reads the same in
                    // CP932: switch and decode this record again.
                    self.encoding = DetectedEncoding::ShiftJis;
                    self.switched_at = Some(line);
                    text.clear();
                    bounds.clear();
                }
            }
        }
        for (index, field) in record.iter().enumerate() {
            let decoded = SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(field)
                .ok_or(BadField {
                    index,
                    encoding: DetectedEncoding::ShiftJis,
                })?;
            let start = text.len();
            text.push_str(&decoded);
            bounds.push(start..text.len());
        }
        Ok(())
    }

    fn decode_utf8(
        &mut self,
        record: &csv::ByteRecord,
        text: &mut String,
        bounds: &mut Vec<std::ops::Range<usize>>,
    ) -> Result<(), BadField> {
        let bad = |index| BadField {
            index,
            encoding: self.encoding,
        };
        let all = record.as_slice();
        let whole = match std::str::from_utf8(all) {
            Ok(whole) => whole,
            Err(e) => {
                let at = e.valid_up_to();
                let index = (0..record.len())
                    .find(|&i| record.range(i).is_some_and(|r| r.end > at))
                    .unwrap_or(0);
                return Err(bad(index));
            }
        };
        for i in 0..record.len() {
            let range = record.range(i).unwrap_or(0..0);
            // A field boundary inside a character means two fields that are
            // each broken, even though their concatenation is valid.
            if !whole.is_char_boundary(range.start) || !whole.is_char_boundary(range.end) {
                return Err(bad(i));
            }
            bounds.push(range);
        }
        if !all.is_ascii() {
            self.seen_non_ascii = true;
        }
        text.push_str(whole);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_follows_the_rule_bom_then_utf8_then_cp932() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFid"),
            (Cow::Borrowed("id"), DetectedEncoding::Utf8Bom)
        );
        assert_eq!(
            decode("架電".as_bytes()),
            (Cow::Borrowed("架電"), DetectedEncoding::Utf8)
        );
        // 架電 in CP932 is 89 CB 93 64.
        let (text, enc) = decode(b"\x89\xCB\x93\x64");
        assert_eq!((text.as_ref(), enc), ("架電", DetectedEncoding::ShiftJis));
    }

    #[test]
    fn sniffing_tolerates_a_character_cut_at_the_end_of_the_sample() {
        let bytes = "あい".as_bytes();
        let cut = &bytes[..4];
        assert_eq!(
            sniff(cut, false, EncodingChoice::Auto),
            Sniffed::Encoding {
                encoding: DetectedEncoding::Utf8,
                bom: 0
            }
        );
        assert_eq!(
            sniff(cut, true, EncodingChoice::Auto),
            Sniffed::Encoding {
                encoding: DetectedEncoding::ShiftJis,
                bom: 0
            }
        );
        assert_eq!(
            sniff(b"\xFF\xFEi\0d\0", true, EncodingChoice::Auto),
            Sniffed::Utf16
        );
        // UTF-8 Japanese with one Latin-1 byte: neither is valid, the text
        // before the byte is UTF-8, so UTF-8 it is.
        let mut broken = "山田,".as_bytes().to_vec();
        broken.extend(b"caf\xE9\n");
        assert_eq!(
            sniff(&broken, true, EncodingChoice::Auto),
            Sniffed::Encoding {
                encoding: DetectedEncoding::Utf8,
                bom: 0
            }
        );
    }

    #[test]
    fn an_ascii_start_switches_to_cp932_at_the_first_non_utf8_record() {
        let mut dec = FieldDecoder::new(DetectedEncoding::Utf8, true);
        let (mut text, mut bounds) = (String::new(), Vec::new());
        let ascii = csv::ByteRecord::from(vec!["a", "b"]);
        dec.decode(&ascii, 2, &mut text, &mut bounds).unwrap();
        let sjis = csv::ByteRecord::from(vec![&b"x"[..], &b"\x89\xCB\x93\x64"[..]]);
        dec.decode(&sjis, 3, &mut text, &mut bounds).unwrap();
        assert_eq!(&text[bounds[1].clone()], "架電");
        assert_eq!(dec.encoding(), DetectedEncoding::ShiftJis);
        assert_eq!(dec.switched_at(), Some(3));
    }

    #[test]
    fn after_real_utf8_a_broken_field_is_an_error_naming_its_index() {
        let mut dec = FieldDecoder::new(DetectedEncoding::Utf8, true);
        let (mut text, mut bounds) = (String::new(), Vec::new());
        let utf8 = csv::ByteRecord::from(vec!["架電", "b"]);
        dec.decode(&utf8, 2, &mut text, &mut bounds).unwrap();
        let broken = csv::ByteRecord::from(vec![&b"ok"[..], &b"caf\xE9"[..]]);
        assert_eq!(
            dec.decode(&broken, 3, &mut text, &mut bounds),
            Err(BadField {
                index: 1,
                encoding: DetectedEncoding::Utf8
            })
        );
    }

    #[test]
    fn a_character_split_across_two_fields_is_not_accepted() {
        // "あ" is E3 81 82: split after its first byte.
        let mut dec = FieldDecoder::new(DetectedEncoding::Utf8, false);
        let (mut text, mut bounds) = (String::new(), Vec::new());
        let split = csv::ByteRecord::from(vec![&b"\xE3"[..], &b"\x81\x82"[..]]);
        assert!(dec.decode(&split, 2, &mut text, &mut bounds).is_err());
    }
}
