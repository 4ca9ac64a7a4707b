//! kura-calendar (being built)
