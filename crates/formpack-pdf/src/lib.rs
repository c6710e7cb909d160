//! pdf backend (to be written).
