//! Comma- or tab-separated values as Excel and WPS export them: quoted cells holding line
//! breaks, merged cells blank except the first, a BOM and CRLF (already gone after decoding).
//! The rows become one grid; each row remembers the source line where its record starts.

use crate::diag::{Code, Severity};
use crate::table::{Block, Document, Grid, GridKind, Note, SourceCell};

/// The delimiter when `text` is delimited values: `,` for a `.csv` file or for text whose
/// rows hold a steady number of commas; a tab only when quoted cells span lines (plain
/// tab-separated text is the text reader's, with its wrap repairs).
pub fn sniff(text: &str, is_csv: bool) -> Option<u8> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(200)
        .collect();
    if lines.is_empty() {
        return None;
    }
    let commas = |l: &str| l.bytes().filter(|b| *b == b',').count();
    let tabs = |l: &str| l.bytes().filter(|b| *b == b'\t').count();
    if is_csv {
        let c: usize = lines.iter().map(|l| commas(l)).sum();
        let t: usize = lines.iter().map(|l| tabs(l)).sum();
        return Some(if t > c { b'\t' } else { b',' });
    }
    // Excel's "Unicode text" export: tabs, and a quoted cell that holds a line break.
    let quoted_break = text
        .split('\n')
        .any(|l| (l.starts_with('"') || l.contains("\t\"")) && odd_quotes(l));
    if quoted_break && lines.iter().filter(|l| tabs(l) >= 3).count() * 2 >= lines.len() / 2 {
        return Some(b'\t');
    }
    // Comma-separated: most lines with the same number (≥ 3) of commas.
    let mut counts: Vec<usize> = lines
        .iter()
        .map(|l| commas(l))
        .filter(|n| *n >= 3)
        .collect();
    counts.sort_unstable();
    // How many lines share the most common count.
    let freq = counts
        .chunk_by(|a, b| a == b)
        .map(<[usize]>::len)
        .max()
        .unwrap_or(0);
    let no_tabs = lines.iter().all(|l| tabs(l) == 0);
    (no_tabs && freq * 2 >= lines.len() && freq >= 2).then_some(b',')
}

fn odd_quotes(l: &str) -> bool {
    l.bytes().filter(|b| *b == b'"').count() % 2 == 1
}

/// Records as parsed: each row's cells, its 1-based source line and its byte offset.
struct Records {
    rows: Vec<Vec<SourceCell>>,
    lines: Vec<Option<u32>>,
    starts: Vec<usize>,
}

fn parse(text: &str, delimiter: u8) -> Option<Records> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Records {
        rows: Vec::new(),
        lines: Vec::new(),
        starts: Vec::new(),
    };
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let pos = record.position();
                out.lines.push(Some(pos.map_or(0, |p| p.line()) as u32));
                out.starts.push(pos.map_or(0, |p| p.byte()) as usize);
                out.rows
                    .push(record.iter().map(SourceCell::new).collect::<Vec<_>>());
            }
            Ok(false) => break,
            Err(_) => return None,
        }
    }
    Some(out)
}

/// A quoted cell that swallowed rows: (row, cell, lines of it shaped like rows). A line of a
/// cell is shaped like a row when it holds as many delimiters as a row of the list, less one.
fn swallowing_cell(records: &Records, delimiter: u8) -> Option<(usize, usize, usize)> {
    let width = records.rows.iter().map(Vec::len).max().unwrap_or(0);
    let need = width.saturating_sub(2).max(2);
    records.rows.iter().enumerate().find_map(|(r, row)| {
        row.iter().enumerate().find_map(|(c, cell)| {
            let shaped = cell
                .text
                .split('\n')
                .skip(1)
                .filter(|l| l.bytes().filter(|b| *b == delimiter).count() >= need)
                .count();
            (shaped > 0).then_some((r, c, shaped))
        })
    })
}

/// The byte offset of the opening quote of cell `cell` of the record that starts at `start`.
fn opening_quote(text: &str, start: usize, cell: usize, delimiter: u8) -> Option<usize> {
    let b = text.as_bytes();
    let mut at = start;
    for _ in 0..cell {
        if b.get(at) == Some(&b'"') {
            at += 1;
            loop {
                match b.get(at) {
                    Some(b'"') if b.get(at + 1) == Some(&b'"') => at += 2,
                    Some(b'"') => {
                        at += 1;
                        break;
                    }
                    Some(_) => at += 1,
                    None => return None,
                }
            }
        }
        while b.get(at).is_some_and(|x| *x != delimiter && *x != b'\n') {
            at += 1;
        }
        if b.get(at) != Some(&delimiter) {
            return None;
        }
        at += 1;
    }
    (b.get(at) == Some(&b'"')).then_some(at)
}

/// Reads delimited values; `None` when they do not parse.
///
/// A quote that opens a cell and is never closed swallows the rest of the list into that cell;
/// when a cell holds lines shaped like rows, its opening quote is read as a plain character
/// and the rows are read again, with a `garbled-cell` note naming the line.
pub fn read(text: &str, delimiter: u8) -> Option<Document> {
    let mut text = std::borrow::Cow::Borrowed(text);
    let mut notes = Vec::new();
    let mut records = parse(&text, delimiter)?;
    // Each repair removes one quote; a few at most in any real file.
    for _ in 0..16 {
        let Some((r, c, shaped)) = swallowing_cell(&records, delimiter) else {
            break;
        };
        let Some(at) = opening_quote(&text, records.starts[r], c, delimiter) else {
            break;
        };
        let line = records.lines[r].unwrap_or(0);
        let mut fixed = text.into_owned();
        fixed.remove(at);
        let again = parse(&fixed, delimiter)?;
        text = std::borrow::Cow::Owned(fixed);
        records = again;
        let row = records.lines.iter().position(|l| *l == Some(line));
        notes.push(Note {
            severity: Severity::Warning,
            code: Code::GarbledCell,
            message: format!(
                "a quote opening a cell on line {line} is never closed: the cell swallowed {shaped} lines shaped like rows; the quote was read as text and the rows read again"
            ),
            row,
        });
    }
    if records.rows.is_empty() {
        return None;
    }
    // The file ends inside a quoted cell, or without a line break after its last record.
    let open_quote = text.bytes().filter(|b| *b == b'"').count() % 2 == 1;
    let clean_end = text.ends_with('\n') && !open_quote;
    if !clean_end && let Some(note) = cut_in_last_record(&records.rows, open_quote) {
        notes.push(note);
    }
    let mut grid = Grid::place("records", GridKind::Table, records.rows);
    grid.source_lines = records.lines;
    let mut blocks = vec![Block::Table(grid)];
    // A line break after the last record: the view ends with one too, so the list stage
    // can tell a file that ends right after a whole row, without one, from a whole file.
    if clean_end {
        blocks.push(Block::Prose(String::new()));
    }
    Some(Document { blocks, notes })
}

/// The last record of a file that ends without a line break after it (or inside a quoted
/// cell), when it is visibly cut: the quote left open, or fewer fields than the records of a
/// file that keeps its rows' width (as Excel and WPS export a sheet). A record with every
/// field is left to the list stage, which knows its columns.
fn cut_in_last_record(rows: &[Vec<SourceCell>], open_quote: bool) -> Option<Note> {
    let (last, above) = rows.split_last()?;
    let width = above.iter().map(Vec::len).max().unwrap_or(0);
    let wide = above.iter().filter(|r| r.len() == width).count();
    let steady = wide * 2 >= above.len() && width >= 2;
    let short = steady && last.len() < width;
    if !(open_quote || short) {
        return None;
    }
    let what = if open_quote {
        "inside a quoted cell".to_owned()
    } else {
        format!("with {} of {width} fields", last.len())
    };
    Some(Note {
        severity: Severity::Warning,
        code: Code::Truncated,
        message: format!(
            "the file ends inside its last record ({what}, no line break after it): it was probably cut short; the record is kept as far as it goes"
        ),
        row: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Slot;

    #[test]
    fn sniffs() {
        assert_eq!(sniff("a,b,c,d\n1,2,3,4\n", false), Some(b','));
        assert_eq!(sniff("a\tb\tc\td\n", false), None);
        assert_eq!(sniff("a\tb\tc\td\n1\t\"x\ny\"\t3\t4\n", false), Some(b'\t'));
        assert_eq!(sniff("为老年人，提供服务，每月，发放。\n", false), None);
        assert_eq!(sniff("a,b\n", true), Some(b','));
    }

    #[test]
    fn quoted_breaks_and_lines() {
        let doc = read("对象,服务项目\n老年人,\"高龄\n津贴\"\n,补贴\n", b',').unwrap();
        let Block::Table(g) = &doc.blocks[0] else {
            panic!("table expected")
        };
        assert_eq!(g.rows[1][1], Slot::Origin("高龄\n津贴".into()));
        assert_eq!(g.source_lines, vec![Some(1), Some(2), Some(4)]);
    }
}
