//! docx backend (to be written).
