//! Workbooks (.xlsx, and .xls / .ods, which calamine also reads): each sheet is a grid, with
//! its merged regions as spans. A title row merged across the columns is a row of one cell.

use super::ReadError;
use crate::table::{Block, Document, Grid, GridKind, SourceCell};
use calamine::{Data, Dimensions, Reader, Sheets, open_workbook_auto_from_rs};
use std::io::Cursor;

/// Sheets with more cells than this are refused: no list is that large, and the grid is dense.
const MAX_CELLS: u64 = 4_000_000;

/// Reads every sheet of a workbook.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ReadError::damaged("xlsx", e.to_string()))?;
    let names = book.sheet_names();
    let mut doc = Document::default();
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ReadError::damaged("xlsx", format!("sheet {name}: {e}")))?;
        let merges: Vec<Dimensions> = match &mut book {
            Sheets::Xlsx(x) => x
                .worksheet_merge_cells(&name)
                .and_then(Result::ok)
                .unwrap_or_default(),
            Sheets::Xls(x) => x.worksheet_merge_cells(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        // The rows and columns that hold values (a blank cell far below the table, or a
        // dimension that says more, does not stretch the sheet), and the merged regions.
        let Some((r0, c0)) = range.start() else {
            continue;
        };
        let mut end: Option<(u32, u32)> = None;
        let mut cover = |r: u32, c: u32| {
            end = Some(end.map_or((r, c), |(er, ec)| (er.max(r), ec.max(c))));
        };
        for (r, c, d) in range.used_cells() {
            if !text_of(d).trim().is_empty() {
                cover(r0 + r as u32, c0 + c as u32);
            }
        }
        let Some((r_end, c_end)) = end else {
            continue;
        };
        let (r_end, c_end) = merges
            .iter()
            .filter(|m| m.start.0 <= r_end && m.start.1 <= c_end)
            .fold((r_end, c_end), |(r, c), m| (r.max(m.end.0), c.max(m.end.1)));
        let (r_end, c_end) = (u64::from(r_end), u64::from(c_end));
        if (r_end + 1) * (c_end + 1) > MAX_CELLS {
            return Err(ReadError::damaged(
                "xlsx",
                format!(
                    "sheet {name} holds values over {} × {} cells: no service list is that large",
                    r_end + 1,
                    c_end + 1
                ),
            ));
        }
        let mut rows: Vec<Vec<SourceCell>> = Vec::with_capacity(r_end as usize + 1);
        for r in 0..=r_end as u32 {
            let mut row = Vec::new();
            for c in 0..=c_end as u32 {
                let region = merges.iter().find(|m| m.contains(r, c));
                if region.is_some_and(|m| m.start != (r, c)) {
                    continue;
                }
                let text = range.get_value((r, c)).map(text_of).unwrap_or_default();
                let (rs, cs) = region.map_or((1, 1), |m| {
                    (m.end.0 - m.start.0 + 1, m.end.1 - m.start.1 + 1)
                });
                row.push(SourceCell {
                    text,
                    row_span: rs,
                    col_span: cs,
                });
            }
            rows.push(row);
        }
        doc.blocks
            .push(Block::Table(Grid::place(name, GridKind::Sheet, rows)));
    }
    Ok(doc)
}

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.replace("\r\n", "\n"),
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}
