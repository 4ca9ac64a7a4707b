//! Integration tests of kura-import: one test binary (`autotests = false`).

mod bad_input;
mod bundle;
mod common;
mod crm_shapes;
mod mapped;
mod samples;
