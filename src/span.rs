//! Byte spans into the decoded text and the one place where they become line numbers.
//!
//! Every stage keeps byte offsets; only `emit` asks a [`LineIndex`] for 1-based lines, the way
//! the contract reports them (`line`, `lines: [first, last]`).

use std::ops::{Index, Range};

/// A half-open byte range `start..end` into the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte, inclusive.
    pub start: usize,
    /// Last byte, exclusive.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `end` is clamped to be at least `start`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl Index<Span> for str {
    type Output = str;
    /// Panics like any slice index when the span is outside `self` or not on char boundaries;
    /// use [`slice`] for input-derived spans.
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

/// The text under `span`, or `""` when the span is out of bounds or cuts a character.
pub fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// Start offsets of every line, for turning byte offsets into 1-based line numbers.
///
/// Lines are split on `\n` only: decoding has already turned CRLF and CR into LF.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Records where each line of `text` starts.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The 1-based line that holds byte `offset` (the last line for offsets past the end).
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.len);
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(idx + 1).unwrap_or(u32::MAX)
    }

    /// First and last 1-based lines of a non-empty span (`end` is exclusive).
    pub fn lines(&self, span: Span) -> [u32; 2] {
        let last = if span.end > span.start {
            span.end - 1
        } else {
            span.start
        };
        [self.line(span.start), self.line(last)]
    }

    /// Number of lines (a trailing newline does not open a new line).
    pub fn count(&self) -> usize {
        if self.len > 0 && self.starts.last() == Some(&self.len) {
            self.starts.len() - 1
        } else {
            self.starts.len()
        }
    }

    /// Byte span of the 1-based line `n` without its newline, if it exists.
    pub fn line_span(&self, n: usize) -> Option<Span> {
        if n > self.count() {
            return None;
        }
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self
            .starts
            .get(n)
            .map(|s| s.saturating_sub(1))
            .unwrap_or(self.len);
        Some(Span::new(start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based() {
        let idx = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 1);
        assert_eq!(idx.line(3), 2);
        assert_eq!(idx.line(6), 3);
        assert_eq!(idx.line(7), 4);
        assert_eq!(idx.line(100), 4);
        assert_eq!(idx.count(), 4);
        assert_eq!(idx.lines(Span::new(3, 9)), [2, 4]);
    }

    #[test]
    fn line_spans_exclude_newline() {
        let text = "ab\ncd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.count(), 2);
        assert_eq!(slice(text, idx.line_span(2).unwrap()), "cd");
        assert_eq!(idx.line_span(3), None);
    }

    #[test]
    fn slice_never_panics() {
        assert_eq!(slice("老年人", Span::new(1, 2)), "");
        assert_eq!(slice("老年人", Span::new(0, 30)), "");
        assert_eq!(slice("老年人", Span::new(0, 3)), "老");
    }
}
