//! The encoding detector (`kura_import::decode`): UTF-8 with or without a
//! BOM is kept exactly, anything else is read as CP932.
#![no_main]

use kura_import::{DetectedEncoding, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, encoding) = decode(data);
    match encoding {
        DetectedEncoding::Utf8Bom => {
            assert!(data.starts_with(b"\xEF\xBB\xBF"));
            if let Ok(rest) = std::str::from_utf8(&data[3..]) {
                assert_eq!(text, rest);
            }
        }
        DetectedEncoding::Utf8 => {
            assert_eq!(text.as_bytes(), data);
        }
        DetectedEncoding::ShiftJis => {
            assert!(std::str::from_utf8(data).is_err());
            // CP932 is at most 2 bytes a character and every character
            // decodes to at most 3 UTF-8 bytes (U+FFFD for a bad byte).
            assert!(text.len() <= 3 * data.len());
        }
    }
});
