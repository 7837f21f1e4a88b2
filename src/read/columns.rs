//! Text that a PDF extractor made of a table: space-aligned columns (`pdftotext -layout`) and
//! one cell fragment per line (`pdftotext`, PyMuPDF). Not rebuilt yet: such text goes to the
//! plain-text grammars.

use super::ReadError;
use crate::layout::Layout;
use crate::table::Document;

/// The table model rebuilt from extracted text, with the layout that rebuilt it; `None` when
/// the text is not of these shapes.
///
/// # Errors
/// [`ReadError`] when an extractor destroyed the cell boundaries beyond repair.
pub fn read(_text: &str) -> Result<Option<(Document, Layout)>, ReadError> {
    Ok(None)
}
