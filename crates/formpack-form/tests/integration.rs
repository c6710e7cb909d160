//! The integration tests of `formpack-form`, in one test binary: each file beside this one is a
//! module, and what several of them share is in `common`, once.

mod docx;
mod hwpx;
mod read_docx;
