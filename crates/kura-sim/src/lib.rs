//! kura-sim (being built)
