//! Diagnostics: everything the parser had to guess, repair or skip, as data.
//!
//! Stages push into a [`Diagnostics`] sink and keep going (toml's `ErrorSink`); only a file that
//! cannot be used at all becomes an [`crate::Error`].

use crate::span::Span;
use schemars::JsonSchema;
use serde::Serialize;
use std::fmt;

/// How much a diagnostic matters to a reader of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A fact about the input worth knowing; the output is complete.
    Info,
    /// The parser guessed or repaired something; check the named line.
    Warning,
    /// Something could not be read; the output misses it.
    Error,
}

/// What kind of thing happened. Serialized in kebab case (`GarbledCell` → `"garbled-cell"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    /// Bytes that were not valid in the detected encoding were replaced.
    LossyDecoding,
    /// The list has no 基本养老服务清单 title line above its header.
    MissingTitle,
    /// A cell whose text is extraction garbage, or holds text of other cells.
    GarbledCell,
    /// A row with more or fewer cells than the header.
    CellCount,
    /// A row whose 序号 cell was missing or unreadable; the number was inferred.
    MissingNumber,
    /// A row whose cells were shifted against the header and were put back in place.
    ShiftedCells,
    /// A 序号 that breaks the ascending order of the list.
    NumberOrder,
    /// Target text split over several rows by extraction, joined for all of them.
    JoinedTarget,
    /// A row with no 服务对象, neither written nor carried down.
    MissingTarget,
    /// A row with no 服务项目 name, neither written nor carried down.
    MissingName,
    /// A 服务类型 outside 物质帮助 / 照护服务 / 关爱服务.
    UnknownType,
    /// A non-blank line of the list region that ended up in no field.
    UnusedText,
    /// The list ends inside a row: the file was probably cut short.
    Truncated,
    /// The district could not be resolved to one GB/T 2260 code.
    UnresolvedRegion,
    /// Two header columns name one role; the more specific one was kept.
    DuplicateColumn,
    /// Blank target cells above a target that PDF extraction centred in its merged cell.
    CentredTarget,
    /// Another service list follows the one read (two documents in one file).
    SecondList,
    /// A row with fewer fields than the header because a cell spans several columns (text
    /// copied from Word): its fields were aligned by the header's spans and their content.
    MergedCells,
    /// A blank 服务项目 took the name above, and why (a merged cell, a row continuing the one
    /// above).
    CarriedName,
    /// Blank 服务对象 cells took the target above (a merged cell).
    CarriedTarget,
    /// Part of the file could not be decoded (a corrupt compressed stream of a PDF page): the
    /// text in it is missing or garbled.
    Damaged,
    /// A bare number in a 服务标准 cell ("200") read as an amount with the unit its column's
    /// header gives ("补贴标准（元/人·月）"), or a line above the table ("单位：元").
    HeaderUnit,
}

impl Code {
    /// The contract's name of the code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::LossyDecoding => "lossy-decoding",
            Code::MissingTitle => "missing-title",
            Code::GarbledCell => "garbled-cell",
            Code::CellCount => "cell-count",
            Code::MissingNumber => "missing-number",
            Code::ShiftedCells => "shifted-cells",
            Code::NumberOrder => "number-order",
            Code::JoinedTarget => "joined-target",
            Code::MissingTarget => "missing-target",
            Code::MissingName => "missing-name",
            Code::UnknownType => "unknown-type",
            Code::UnusedText => "unused-text",
            Code::Truncated => "truncated",
            Code::UnresolvedRegion => "unresolved-region",
            Code::DuplicateColumn => "duplicate-column",
            Code::CentredTarget => "centred-target",
            Code::SecondList => "second-list",
            Code::MergedCells => "merged-cells",
            Code::CarriedName => "carried-name",
            Code::CarriedTarget => "carried-target",
            Code::Damaged => "damaged",
            Code::HeaderUnit => "header-unit",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One diagnostic, located by a byte span into the decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How much it matters.
    pub severity: Severity,
    /// What happened.
    pub code: Code,
    /// Where, in bytes of the decoded text.
    pub span: Span,
    /// What was expected and what was found.
    pub message: String,
}

/// A sink that stages push diagnostics into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records a diagnostic.
    pub fn push(&mut self, severity: Severity, code: Code, span: Span, message: impl Into<String>) {
        self.items.push(Diagnostic {
            severity,
            code,
            span,
            message: message.into(),
        });
    }

    /// Records a warning.
    pub fn warn(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.push(Severity::Warning, code, span, message);
    }

    /// Records an informational note.
    pub fn info(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.push(Severity::Info, code, span, message);
    }

    /// All diagnostics, sorted by position, then code, then message (a stable order).
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.span.start, a.code, &a.message).cmp(&(b.span.start, b.code, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// The diagnostics recorded so far.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }
}
