//! Kura's readers: they turn files into [`Record`]s for a [`Sink`].
//!
//! Kura takes in what inside-sales teams already have: their CRM's exports.
//! Each reader here parses one kind of file into the shared domain model
//! (`kura_core::model`) and hands the records to a sink; it never touches a
//! database. The binary connects the sink to one store transaction and
//! commits only when the [`ImportReport`] has no row errors (or the user
//! asked to skip bad rows), so an import is all or nothing.
//!
//! | reader | reads |
//! |---|---|
//! | [`import_kura_bundle`] | Kura's own CSV bundle (FORMATS.md); [`BundleWriter`] writes it |
//! | [`import_salesforce`] | Salesforce Data Loader exports and Japanese report exports (Shift_JIS, labels, footers) |
//! | [`import_hubspot`] | HubSpot exports with API property names or UI labels |
//! | [`import_mapped_csv`] | any other CSV, described by a small TOML [`Mapping`] |
//!
//! What every reader does the same way:
//! - **Encodings**: UTF-8 with or without a BOM, else Shift_JIS as Windows
//!   writes it (CP932); see [`decode`]. Files are streamed and decoded field
//!   by field, never loaded whole.
//! - **Errors**: a bad row becomes a [`RowError`] (`file:line: column:
//!   what is wrong, what is accepted`, the line being where the record
//!   starts, header = line 1) and reading goes on, so one run reports every
//!   problem. A file that cannot be read at all (no header, an unknown
//!   column, a record over 10 MB) stops the import with an [`ImportError`].
//! - **Time**: instants are read as written (UTC in CRM API exports) or, with
//!   no offset, as local time in the organisation's zone
//!   ([`ImportOptions::zone`]); dates are local dates.
//! - **Languages**: every message is a Japanese/English [`Text`] pair.
//!
//! The readings of each CRM's fields (which tasks are next actions, what an
//! internal call is, which lead sources are inbound, which header labels
//! are accepted) are documented on each reader: [`import_salesforce`],
//! [`import_hubspot`], [`InboundSources`], [`DispositionMap`]. The
//! mapped-CSV format is documented in `docs/mapping.md`.

mod bundle;
mod columns;
mod crm;
mod disposition;
mod encoding;
mod entity;
pub mod feed;
mod hubspot;
mod lead_source;
mod mapped;
mod report;
mod salesforce;
mod table;
mod text;
mod values;

pub use bundle::{BundleWriter, WriteError, import_kura_bundle, write_kura_bundle};
pub use disposition::DispositionMap;
pub use encoding::{DetectedEncoding, EncodingChoice, decode};
pub use entity::{Entity, Field, FieldError, FieldKind, build_record};
pub use hubspot::{HubspotFiles, import_hubspot};
pub use kura_core::model::Record;
pub use lead_source::InboundSources;
pub use mapped::{Mapping, import_mapped_csv};
pub use report::{
    DEFAULT_MAX_ERRORS, DEFAULT_MAX_RECORD_BYTES, EntityCounts, FileReport, ImportError,
    ImportOptions, ImportReport, RowError, Sink, SinkError, Warning,
};
pub use salesforce::{SalesforceFiles, import_salesforce, normalise_salesforce_id};
pub use text::Text;
