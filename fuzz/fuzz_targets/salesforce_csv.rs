//! The Salesforce reader (Data Loader and Japanese report exports) on one
//! file of an export: the selector's low bits pick the object (tasks,
//! events, leads, contacts, accounts, users), the rest of the input is its
//! bytes. Tasks are required, so another object comes with a tasks file
//! holding a header only.
#![no_main]

use kura_fuzz::{Discard, check_report, fresh_dir, options, selector, write};
use kura_import::SalesforceFiles;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((sel, bytes)) = selector(data) else {
        return;
    };
    let dir = fresh_dir("salesforce");
    let fuzzed = write(&dir, "fuzzed.csv", bytes);
    let mut files = SalesforceFiles::default();
    match sel & 0x0F {
        1 => files.events = Some(fuzzed),
        2 => files.leads = Some(fuzzed),
        3 => files.contacts = Some(fuzzed),
        4 => files.accounts = Some(fuzzed),
        5 => files.users = Some(fuzzed),
        _ => files.tasks = Some(fuzzed),
    }
    let opts = options(sel);
    let result = kura_import::import_salesforce(&files, &opts, &mut Discard::default());
    check_report(result);
});
