//! The API's JSON batch bodies (`POST /api/v1/{activities,next-actions,
//! leads,availability}`), at the lowest level a library exposes.
//!
//! The handler (`crates/kura/src/web/api/ingest.rs`) lives in the binary
//! crate, which a fuzz crate cannot link, so this target replays its steps
//! on the library calls it makes: axum's `Json` = `serde_json` into a
//! `Value`; the `{"<entity>": [items]}` shape; each item's members to
//! field indexes (`Entity::field`) with the same JSON-type rules (null =
//! unknown, strings, booleans for boolean fields, numbers for text
//! fields); then `kura_import::build_record`, the bundle reader's own
//! row builder, into `kura_core::model::Record`. Keep the member rules in
//! step with `item_values` in ingest.rs.
#![no_main]

use kura_import::{Entity, FieldKind, build_record};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static ZONE: OnceLock<jiff::tz::TimeZone> = OnceLock::new();
    let zone = ZONE.get_or_init(|| jiff::tz::TimeZone::get("Asia/Tokyo").expect("tzdb is bundled"));
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    for (key, items) in &body {
        let Some(entity) = Entity::from_key(key) else {
            continue;
        };
        let Value::Array(items) = items else {
            continue;
        };
        for item in items {
            let Value::Object(members) = item else {
                continue;
            };
            let mut values = Vec::with_capacity(members.len());
            let mut refused = false;
            for (name, value) in members {
                let Some(field) = entity.field(name) else {
                    refused = true;
                    break;
                };
                let kind = entity.fields()[field].kind;
                let text = match value {
                    Value::Null => continue,
                    Value::String(s) => s.clone(),
                    Value::Bool(b) if kind == FieldKind::Bool => b.to_string(),
                    Value::Number(n) if kind == FieldKind::Text => n.to_string(),
                    _ => {
                        refused = true;
                        break;
                    }
                };
                values.push((field, text));
            }
            if refused {
                continue;
            }
            match build_record(
                entity,
                values.iter().map(|(field, text)| (*field, text.as_str())),
                zone,
            ) {
                Ok(record) => {
                    // A built record has the id the item gave (entities with ids).
                    if let Some(id) = Entity::id_of(&record) {
                        assert!(!id.trim().is_empty(), "{record:?}");
                    }
                }
                Err(e) => {
                    assert!(e.field < entity.fields().len());
                    std::hint::black_box(e.message);
                }
            }
        }
    }
});
