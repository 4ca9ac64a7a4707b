//! kura-store (being built)
