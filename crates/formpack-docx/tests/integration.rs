//! The integration tests of `formpack-docx`, in one test binary: each file beside this one is a
//! module, and what several of them share is in `common`, once.

mod common;
mod fonts;
mod official_form;
mod read;
mod render;
mod robust;
mod sample;
