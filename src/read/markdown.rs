//! Markdown: pipe tables (`| a | b |` under a `|---|---|` line) are grids, `<br>` inside a
//! cell is a line break, every other line is prose. One block per source line, so the view
//! keeps the file's line numbers.

use crate::diag::{Code, Severity};
use crate::table::{Block, Document, Grid, GridKind, Note, SourceCell};

/// A delimiter row: `|---|:--:|` (pipes, dashes, colons, spaces; two columns at least).
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    if !t.contains('-') || !t.contains('|') {
        return false;
    }
    let cells = split_row(t);
    cells.len() >= 2
        && cells.iter().all(|c| {
            let c = c.trim();
            c.len() >= 3 && c.trim_matches(':').chars().all(|ch| ch == '-')
        })
}

fn is_table_row(line: &str) -> bool {
    line.trim_start().starts_with('|') || line.matches('|').count() >= 2
}

/// True when some line is a delimiter row under a pipe row.
pub fn looks_like(text: &str) -> bool {
    let mut prev = "";
    for line in text.lines() {
        if is_delimiter_row(line) && is_table_row(prev) {
            return true;
        }
        prev = line;
    }
    false
}

/// The cells of a pipe row: outer pipes dropped, `\|` kept as a pipe, `<br>` a line break.
fn split_row(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") {
        &t[..t.len() - 1]
    } else {
        t
    };
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    cells.into_iter().map(|c| breaks(c.trim())).collect()
}

/// `<br>`, `<br/>`, `<br />` (any case) → `\n`.
fn breaks(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let close = tail.find('>');
        let tag = close.map(|j| &tail[1..j]);
        match tag {
            Some(tag) if tag.trim_end_matches('/').trim().eq_ignore_ascii_case("br") => {
                out.push('\n');
                rest = &tail[close.unwrap_or(0) + 1..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads Markdown; `None` when it holds no pipe table.
pub fn read(text: &str) -> Option<Document> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut doc = Document::default();
    let mut tables = 0;
    let mut i = 0;
    while i < lines.len() {
        if i + 1 < lines.len() && is_table_row(lines[i]) && is_delimiter_row(lines[i + 1]) {
            let mut rows = vec![split_row(lines[i]), Vec::new()];
            let mut j = i + 2;
            while j < lines.len() && is_table_row(lines[j]) && !lines[j].trim().is_empty() {
                rows.push(split_row(lines[j]));
                j += 1;
            }
            tables += 1;
            // The file ends inside the table's last row: no line break after it, and fewer
            // cells than the header or no closing pipe where the header has one.
            if j == lines.len() && j > i + 2 && !text.ends_with('\n') {
                let last = lines[j - 1].trim_end();
                let header = lines[i].trim_end();
                let have = rows.last().map_or(0, Vec::len);
                let fewer = have < rows[0].len();
                let open = header.ends_with('|') && (!last.ends_with('|') || last.ends_with("\\|"));
                if fewer || open {
                    doc.notes.push(Note {
                        severity: Severity::Warning,
                        code: Code::Truncated,
                        row: None,
                        message: format!(
                            "the file ends inside the last row of table {tables} ({} of {} cells, no line break after it): it was probably cut short; the row is kept as far as it goes",
                            rows.last().map_or(0, Vec::len),
                            rows[0].len()
                        ),
                    });
                }
            }
            let rows = rows
                .into_iter()
                .map(|r| r.into_iter().map(SourceCell::new).collect())
                .collect();
            doc.blocks.push(Block::Table(Grid::place(
                format!("table {tables}"),
                GridKind::Table,
                rows,
            )));
            i = j;
            continue;
        }
        doc.blocks.push(Block::Prose(lines[i].to_owned()));
        i += 1;
    }
    (tables > 0).then_some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_breaks() {
        assert_eq!(
            split_row("| a | b<br>c | d\\|e |"),
            vec!["a", "b\nc", "d|e"]
        );
        assert!(is_delimiter_row("|---|:---:|"));
        assert!(!is_delimiter_row("| a | b |"));
        let doc = read("# 标题\n\n| 对象 | 项目 |\n|---|---|\n| 老年人 | 津贴 |\n\n后记").unwrap();
        let v = doc.render();
        assert_eq!(v.text.lines().count(), 7);
        assert_eq!(v.text.lines().nth(4), Some("老年人\t津贴"));
    }
}
