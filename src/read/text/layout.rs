//! Stage 2: text → [`Layout`], which decides the grammar that runs. It never reads cells.

use schemars::JsonSchema;
use serde::Serialize;

/// Characters that may indent a line before its first tab: spaces, U+3000, NBSP, form feed.
pub(crate) const INDENT: &[char] = &[' ', '\u{3000}', '\u{A0}', '\u{000C}'];

/// How the table of a document was extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum Layout {
    /// Cells separated by tabs, one row a line.
    #[serde(rename = "tsv")]
    Tsv,
    /// Each cell starts on a line that begins with a tab and may wrap over following lines.
    #[serde(rename = "line-broken")]
    LineBroken,
    /// A format that carries its own cells (docx, HTML, CSV, xlsx, Markdown, PDF).
    #[serde(rename = "table")]
    Table,
    /// Space-aligned columns, as `pdftotext -layout` writes a table.
    #[serde(rename = "columns")]
    Columns,
    /// One cell fragment per line, as `pdftotext` and PyMuPDF write a table.
    #[serde(rename = "cell-lines")]
    CellLines,
}

impl Layout {
    /// The contract's name of the layout.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Tsv => "tsv",
            Layout::LineBroken => "line-broken",
            Layout::Table => "table",
            Layout::Columns => "columns",
            Layout::CellLines => "cell-lines",
        }
    }

    /// The other layout, tried when the detected one finds no list.
    pub fn other(self) -> Layout {
        match self {
            Layout::Tsv => Layout::LineBroken,
            Layout::LineBroken => Layout::Tsv,
            other => other,
        }
    }
}

/// Counts the lines that look like rows (two or more cells on one line) against the lines
/// that look like a single tab-led cell, and picks the layout with more evidence.
///
/// ```
/// use qingdan::layout::{detect, Layout};
/// assert_eq!(detect("对象\t服务项目\t\t服务内容\n老年人\t1\t高龄津贴\t发放\n"), Layout::Tsv);
/// assert_eq!(detect("\t对象\n\t服务项目\n\t老年\n人\n\t1\n"), Layout::LineBroken);
/// ```
pub fn detect(text: &str) -> Layout {
    let mut rows = 0usize;
    let mut cells = 0usize;
    for line in text.lines() {
        let line = line.trim_start_matches(INDENT);
        let tabs = line.matches('\t').count();
        if tabs == 0 {
            continue;
        }
        if line.starts_with('\t') && tabs == 1 {
            cells += 1;
        } else {
            rows += 1;
        }
    }
    if cells > rows {
        Layout::LineBroken
    } else {
        Layout::Tsv
    }
}
