//! The mapped-CSV reader: the input is a mapping (TOML), a NUL byte, then
//! the CSV file's bytes; the mapping comes first so that the fuzzer finds
//! timestamp layouts, delimiters, encodings and vocabularies together
//! with data. A selector byte before the mapping picks the options.
#![no_main]

use kura_fuzz::{Discard, check_report, fresh_dir, options, selector, write};
use kura_import::Mapping;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((sel, rest)) = selector(data) else {
        return;
    };
    let Some(nul) = rest.iter().position(|&b| b == 0) else {
        return;
    };
    let (mapping, csv) = (&rest[..nul], &rest[nul + 1..]);
    let Ok(mapping) = std::str::from_utf8(mapping) else {
        return;
    };
    let Ok(mapping) = Mapping::parse(mapping, Path::new("fuzz.toml")) else {
        return;
    };
    let dir = fresh_dir("mapped");
    let file = write(&dir, "data.csv", csv);
    let opts = options(sel);
    let result = kura_import::import_mapped_csv(&mapping, &file, &opts, &mut Discard::default());
    check_report(result);
});
