//! Kura's bundle reader on one file of a bundle: the selector's low bits
//! pick the file (reps, accounts, leads, activities, next actions,
//! availability), the rest of the input is its bytes.
#![no_main]

use kura_fuzz::{Discard, check_report, fresh_dir, options, selector, write};
use libfuzzer_sys::fuzz_target;

const FILES: [&str; 6] = [
    "reps.csv",
    "accounts.csv",
    "leads.csv",
    "activities.csv",
    "next_actions.csv",
    "availability.csv",
];

fuzz_target!(|data: &[u8]| {
    let Some((sel, bytes)) = selector(data) else {
        return;
    };
    let dir = fresh_dir("bundle");
    write(&dir, FILES[usize::from(sel & 0x0F) % FILES.len()], bytes);
    let opts = options(sel);
    let mut sink = Discard::default();
    let result = kura_import::import_kura_bundle(&dir, &opts, &mut sink);
    if let Ok(report) = &result {
        let produced = report.records().total();
        // Without skip_bad_rows, nothing reaches the sink after a bad row.
        assert!(sink.records <= produced);
        if report.is_clean() {
            assert_eq!(sink.records, produced);
        }
    }
    check_report(result);
});
