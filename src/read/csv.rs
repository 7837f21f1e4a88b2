//! Comma- or tab-separated values as Excel and WPS export them: quoted cells holding line
//! breaks, merged cells blank except the first, a BOM and CRLF (already gone after decoding).
//! The rows become one grid; each row remembers the source line where its record starts.

use crate::table::{Block, Document, Grid, GridKind, SourceCell};

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

/// Reads delimited values; `None` when they do not parse.
pub fn read(text: &str, delimiter: u8) -> Option<Document> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                lines.push(Some(record.position().map_or(0, |p| p.line()) as u32));
                rows.push(record.iter().map(SourceCell::new).collect::<Vec<_>>());
            }
            Ok(false) => break,
            Err(_) => return None,
        }
    }
    if rows.is_empty() {
        return None;
    }
    let mut grid = Grid::place("records", GridKind::Table, rows);
    grid.source_lines = lines;
    Some(Document {
        blocks: vec![Block::Table(grid)],
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
