//! Stage 3: text → [`Item`]s of raw cells, by the grammar of the [`Layout`].
//!
//! Cells are returned exactly as written: a list of byte spans (one per physical line the cell
//! covers) into the decoded text. Nothing is normalized here; `rows` decides which items form
//! the list, and `normalize` cleans the text.
//!
//! Both grammars recognise *page furniture* (page numbers such as "— 3 —", "-3-", "第 3 页 共 9 页",
//! and form feeds) and keep it out of cells.

pub mod columns;
pub mod layout;
mod line_broken;
pub(crate) use line_broken::is_end_marker;
mod tsv;

use crate::layout::Layout;
use crate::span::Span;

pub(crate) use crate::layout::INDENT;
pub(crate) use crate::table::start_of;
pub use crate::table::{Cell, Item, Parts, is_furniture};

/// Runs the grammar of `layout` over `text`.
pub fn parse(text: &str, layout: Layout) -> Vec<Item> {
    match layout {
        Layout::Tsv => tsv::parse(text),
        Layout::LineBroken => line_broken::parse(text),
        // Formats with their own cells are itemized by their reader.
        Layout::Table | Layout::Columns | Layout::CellLines => tsv::parse(text),
    }
}

/// Every line of `text` with its span (without the newline).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (Span, &str)> {
    let mut offset = 0usize;
    text.split('\n').map(move |line| {
        let span = Span::new(offset, offset + line.len());
        offset += line.len() + 1;
        (span, line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture() {
        for s in [
            "— 3 —",
            "-3-",
            "- 12 -",
            "第 3 页",
            "第3页 共9页",
            "第 3 页，共 9 页",
            "3/9",
            "\u{000C}",
            "－ ３ －",
        ] {
            assert!(is_furniture(s), "{s:?}");
        }
        for s in [
            "3",
            "2024年",
            "第三条",
            "60-65",
            "1/3倍",
            "-",
            "区民政局",
            "—7",
            "-3",
        ] {
            assert!(!is_furniture(s), "{s:?}");
        }
    }
}
