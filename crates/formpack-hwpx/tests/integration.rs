//! The integration tests of `formpack-hwpx`, in one test binary: each file beside this one is a
//! module, and what several of them share is in `common`, once.

mod common;
mod independent;
mod official_form;
mod python_validator;
mod render;
mod sample;
mod structure;
