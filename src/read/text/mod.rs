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
use crate::span::{Span, slice};

/// The spans of a cell's lines. Most cells are one line: that span is kept inline, so a long
/// list does not make one small allocation per cell.
pub type Parts = smallvec::SmallVec<[Span; 1]>;

/// One cell as written: the spans of its lines, first to last, without trailing blank lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// One span per physical line of the cell (blank lines inside a wrapped cell included).
    pub parts: Parts,
    /// The cell lies under a merged cell that starts in a row above (known only where the
    /// source records merges: docx, HTML, xlsx); its text is that cell's.
    pub merged: bool,
}

impl Cell {
    /// The raw text of the cell, lines joined with `\n`.
    pub fn raw<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if let [one] = self.parts.as_slice() {
            return std::borrow::Cow::Borrowed(slice(text, *one));
        }
        let mut out = String::new();
        for (i, p) in self.parts.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(slice(text, *p));
        }
        std::borrow::Cow::Owned(out)
    }

    /// The span from the first to the last part (an empty span at 0 for a cell with no parts).
    pub fn span(&self) -> Span {
        match (self.parts.first(), self.parts.last()) {
            (Some(a), Some(b)) => a.cover(*b),
            _ => Span::default(),
        }
    }

    /// True when the cell holds only white space.
    pub fn is_blank(&self, text: &str) -> bool {
        self.parts
            .iter()
            .all(|p| slice(text, *p).chars().all(crate::normalize::is_space))
    }
}

/// One unit of the document as a grammar sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A row of cells on one line (tab-separated layout). `line` is the span of the whole line.
    Row {
        /// The cells, left to right.
        cells: Vec<Cell>,
        /// The whole line.
        line: Span,
    },
    /// One cell of the line-broken layout, with its continuation lines.
    Cell(Cell),
    /// A non-blank line that belongs to no cell.
    Text(Span),
    /// Page furniture: a page number line or a form feed.
    Furniture(Span),
}

pub(crate) use crate::layout::INDENT;

/// Where an item starts in the text.
pub(crate) fn start_of(item: &Item) -> usize {
    match item {
        Item::Row { line, .. } => line.start,
        Item::Cell(c) => c.span().start,
        Item::Text(s) | Item::Furniture(s) => s.start,
    }
}

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

/// Page furniture: page numbers ("— 3 —", "-3-", "第 3 页", "第3页 共9页", "3/9") and form feeds.
pub fn is_furniture(line: &str) -> bool {
    // Page numbers are short and made of digits, dashes, spaces and 第/页/共.
    if line.len() > 60
        || line
            .chars()
            .any(|c| !(c.is_ascii_digit() || c.is_whitespace() || "-—–－─/／,，第页共\u{FF10}\u{FF11}\u{FF12}\u{FF13}\u{FF14}\u{FF15}\u{FF16}\u{FF17}\u{FF18}\u{FF19}\u{000C}\u{3000}\u{A0}".contains(c)))
    {
        return false;
    }
    let t: String = line
        .chars()
        .filter(|c| !crate::normalize::is_space(*c) && *c != '\u{000C}')
        .map(crate::normalize::ascii_form)
        .collect();
    if t.is_empty() {
        return line.contains('\u{000C}');
    }
    let dashes = ['-', '—', '–', '－', '－', '─'];
    let inner = t.trim_matches(&dashes[..]);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(inner) && t.starts_with(&dashes[..]) && t.ends_with(&dashes[..]) {
        return true;
    }
    if let Some(rest) = t.strip_prefix('第')
        && let Some((n, tail)) = rest.split_once('页')
        && digits(n)
    {
        let tail = tail.trim_start_matches([',', '，', '/']);
        return tail.is_empty()
            || tail
                .strip_prefix('共')
                .and_then(|s| s.strip_suffix('页'))
                .is_some_and(digits);
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b) && a.len() <= 3 && b.len() <= 3;
    }
    false
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
