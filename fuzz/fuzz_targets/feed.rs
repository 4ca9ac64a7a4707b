//! The RSS/Atom feed reader (`kura_import::feed::read_feed`, feed-rs
//! underneath): any bytes give items or an error, never a panic; titles
//! are never empty.
#![no_main]

use kura_core::time::OrgZone;
use kura_import::feed::read_feed;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static ZONE: OnceLock<OrgZone> = OnceLock::new();
    let zone = ZONE.get_or_init(OrgZone::tokyo);
    match read_feed(data, "fuzz.xml", zone) {
        Ok(items) => {
            for item in items {
                assert!(!item.title.is_empty());
            }
        }
        Err(e) => {
            std::hint::black_box(e.render(true));
        }
    }
});
