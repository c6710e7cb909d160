pub use formpack_doc as doc;
