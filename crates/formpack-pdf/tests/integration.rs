//! The integration tests of `formpack-pdf`, in one test binary: each file beside this one is a
//! module, and what several of them share is in `common`, once.

mod hanja;
mod render;
