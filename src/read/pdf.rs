//! PDF files. Not read yet: a PDF is refused with the command that extracts a readable text.

use super::ReadError;
use crate::table::Document;

/// Reads a PDF into the table model.
///
/// # Errors
/// Always, for now: [`ReadError::Unsupported`] naming `pdftotext -layout`.
pub fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported {
        what: "a PDF file".into(),
        advice: "extract its text first with `pdftotext -layout FILE`".into(),
    })
}
