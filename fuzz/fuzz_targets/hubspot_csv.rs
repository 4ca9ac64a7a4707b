//! The HubSpot reader (API-property and UI exports) on one file: the
//! selector's low bits pick the object (calls, emails, meetings, tasks,
//! contacts, owners), the rest of the input is its bytes.
#![no_main]

use kura_fuzz::{Discard, check_report, fresh_dir, options, selector, write};
use kura_import::HubspotFiles;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((sel, bytes)) = selector(data) else {
        return;
    };
    let dir = fresh_dir("hubspot");
    let path = Some(write(&dir, "fuzzed.csv", bytes));
    let mut files = HubspotFiles::default();
    match sel & 0x0F {
        1 => files.emails = path,
        2 => files.meetings = path,
        3 => files.tasks = path,
        4 => files.contacts = path,
        5 => files.owners = path,
        _ => files.calls = path,
    }
    let opts = options(sel);
    let result = kura_import::import_hubspot(&files, &opts, &mut Discard::default());
    check_report(result);
});
