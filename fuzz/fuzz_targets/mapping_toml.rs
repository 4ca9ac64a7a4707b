//! The mapping-file parser (`Mapping::parse`): any text is a mapping or an
//! error naming its line, never a panic.
#![no_main]

use kura_import::{ImportError, Mapping};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Mapping::parse(text, Path::new("fuzz.toml")) {
        Ok(mapping) => {
            assert!(!mapping.entity().is_empty());
        }
        Err(ImportError::Refused(e)) => {
            // The line is in the file: 1 ..= lines + 1.
            let lines = text.bytes().filter(|&b| b == b'\n').count() as u64;
            assert!(e.line >= 1 && e.line <= lines + 1, "{e:?}");
            std::hint::black_box(e.render(true));
        }
        Err(other) => panic!("a mapping text gave {other:?}"),
    }
});
