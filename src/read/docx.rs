//! Word 2007+ (.docx, also as WPS saves it): `word/document.xml` read with quick-xml.
//!
//! Paragraphs outside tables are prose; each `w:tbl` is a grid. A cell's paragraphs are its
//! lines. `w:gridSpan` is a column span; `w:vMerge` without `restart` continues the merged cell
//! above in the same grid column, so that cell's row span grows. A table nested in a cell is
//! flattened into the cell's lines.

use super::{ReadError, xml_ref, xml_text, zip_entry};
use crate::table::{Block, Document, Grid, GridKind, SourceCell};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One `w:tc` as read.
struct RawCell {
    text: String,
    span: u32,
    /// `Some(true)` restart, `Some(false)` continue, `None` not merged vertically.
    vmerge: Option<bool>,
}

#[derive(Default)]
struct RawTable {
    rows: Vec<Vec<RawCell>>,
    row: Vec<RawCell>,
    cell: Option<RawCell>,
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// Reads the document part of a .docx archive.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let xml = zip_entry(bytes, "word/document.xml")?
        .ok_or_else(|| ReadError::damaged("docx", "the archive has no word/document.xml"))?;
    parse_xml(&xml)
}

fn parse_xml(xml: &str) -> Result<Document, ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut body = Body::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ReadError::damaged("docx", format!("word/document.xml: {e}")))?;
        match event {
            Event::Start(e) => body.start(&e, false),
            Event::Empty(e) => body.start(&e, true),
            Event::Text(t) if body.in_text => xml_text(&mut body.para, &t),
            Event::GeneralRef(r) if body.in_text => xml_ref(&mut body.para, &r),
            Event::End(e) => body.end(e.local_name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(body.doc)
}

/// The document body being read: the blocks done, the tables open (a table may hold another),
/// the paragraph being read.
#[derive(Default)]
struct Body {
    doc: Document,
    tables: Vec<RawTable>,
    para: String,
    in_text: bool,
}

impl Body {
    fn cell(&mut self) -> Option<&mut RawCell> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut())
    }

    /// An element's start (`empty`: a self-closing one).
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        match e.local_name().as_ref() {
            // Self-closing text, paragraph, table parts hold nothing.
            b"t" | b"p" | b"tbl" | b"tr" | b"tc" if empty => {}
            b"t" => self.in_text = true,
            b"tab" => self.para.push(' '),
            b"br" | b"cr" => self.para.push('\n'),
            b"p" => self.para.clear(),
            b"tbl" => self.tables.push(RawTable::default()),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(RawCell {
                        text: String::new(),
                        span: 1,
                        vmerge: None,
                    });
                }
            }
            b"gridSpan" => {
                if let Some(c) = self.cell() {
                    c.span = attr(e, b"val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                }
            }
            b"vMerge" => {
                if let Some(c) = self.cell() {
                    c.vmerge = Some(attr(e, b"val").as_deref() == Some("restart"));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"t" => self.in_text = false,
            b"p" => {
                let p = std::mem::take(&mut self.para);
                match self.cell() {
                    Some(c) => {
                        if !c.text.is_empty() {
                            c.text.push('\n');
                        }
                        c.text.push_str(&p);
                    }
                    // Outside any cell (or in a table but outside a cell): prose.
                    None => self.doc.blocks.push(Block::Prose(p)),
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(c) = t.cell.take()
                {
                    t.row.push(c);
                }
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            b"tbl" => self.end_table(),
            _ => {}
        }
    }

    /// A table ends: nested, its rows become lines of the enclosing cell; else it is a grid.
    fn end_table(&mut self) {
        let Some(t) = self.tables.pop() else {
            return;
        };
        if let Some(outer) = self.cell() {
            for row in &t.rows {
                let line: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
                if !outer.text.is_empty() {
                    outer.text.push('\n');
                }
                outer.text.push_str(&line.join(" "));
            }
            return;
        }
        let n = self
            .doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count();
        self.doc.blocks.push(Block::Table(grid(n + 1, t.rows)));
    }
}

/// Turns read rows into a placed grid: a continued vertical merge adds a row to the span of
/// the cell above that starts in the same grid column.
fn grid(n: usize, rows: Vec<Vec<RawCell>>) -> Grid {
    // For each row, the cells kept with their grid column.
    let mut kept: Vec<Vec<(usize, SourceCell)>> = Vec::with_capacity(rows.len());
    // For each grid column, the (row, index in kept row) of the last merge origin.
    let mut origin_at: Vec<Option<(usize, usize)>> = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let mut out = Vec::with_capacity(row.len());
        let mut col = 0usize;
        for cell in row {
            let span = cell.span.min(500) as usize;
            if origin_at.len() < col + span {
                origin_at.resize(col + span, None);
            }
            match cell.vmerge {
                Some(false) => {
                    if let Some((or, oi)) = origin_at[col]
                        && let Some((_, c)) = kept.get_mut(or).and_then(|k| k.get_mut(oi))
                    {
                        c.row_span += 1;
                        col += span;
                        continue;
                    }
                    // A continuation with nothing above: keep it as a cell of its own.
                    out.push((col, cell_of(cell.text, span)));
                }
                Some(true) => {
                    origin_at[col] = Some((r, out.len()));
                    out.push((col, cell_of(cell.text, span)));
                }
                None => {
                    origin_at[col] = None;
                    out.push((col, cell_of(cell.text, span)));
                }
            }
            col += span;
        }
        kept.push(out);
    }
    let rows: Vec<Vec<SourceCell>> = kept
        .into_iter()
        .map(|r| r.into_iter().map(|(_, c)| c).collect())
        .collect();
    Grid::place(format!("table {n}"), GridKind::Table, rows)
}

fn cell_of(text: String, span: usize) -> SourceCell {
    SourceCell {
        text,
        row_span: 1,
        col_span: span as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Slot;

    #[test]
    fn merges() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>XX区基本养老服务清单</w:t></w:r></w:p>
<w:tbl>
<w:tr><w:tc><w:p><w:r><w:t>对象</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>服务项目</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>老年</w:t></w:r></w:p><w:p><w:r><w:t>人 &amp; 家属</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>津贴</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>补贴</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl></w:body></w:document>"#;
        let doc = parse_xml(xml).unwrap();
        assert_eq!(doc.blocks[0], Block::Prose("XX区基本养老服务清单".into()));
        let Block::Table(g) = &doc.blocks[1] else {
            panic!("table expected")
        };
        let o = |s: &str| Slot::Origin(s.to_owned());
        assert_eq!(g.rows[0], vec![o("对象"), o("服务项目"), Slot::Blank]);
        assert_eq!(g.rows[1], vec![o("老年\n人 & 家属"), o("1"), o("津贴")]);
        assert_eq!(g.rows[2], vec![Slot::Below, o("2"), o("补贴")]);
    }
}
