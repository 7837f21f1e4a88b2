//! Web pages: tokenized with html5gum. Tables that hold no other table are grids (with
//! `rowspan`/`colspan`); everything else — navigation, breadcrumbs, the notice's paragraphs,
//! footers, and the cells of layout tables that wrap the page — is prose, a block element a
//! line. Script, style and head content is skipped.
//!
//! The charset comes from a BOM, else a `<meta charset>` / `http-equiv` label in the first
//! bytes, else the content (strict UTF-8, then GB18030, which covers GB2312/GBK pages).

use super::ReadError;
use crate::diag::{Code, Severity};
use crate::table::{Block, Document, Grid, GridKind, Note, SourceCell};
use encoding_rs::{Encoding, GB18030, UTF_8};
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// True when the bytes start like a web page or hold a `<table` early on.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    has(b"<!doctype html") || has(b"<html") || has(b"<table") || has(b"<body")
}

/// The page's text, its encoding name and whether bytes were replaced.
pub fn decode(bytes: &[u8]) -> Result<(String, String, bool), ReadError> {
    if Encoding::for_bom(bytes).is_none()
        && let Some(enc) = declared_charset(bytes).filter(|e| *e != UTF_8)
    {
        // GBK and GB2312 pages decode as GB18030, their superset.
        let enc = if enc.name() == "GBK" { GB18030 } else { enc };
        let (text, _, lossy) = enc.decode(bytes);
        return Ok((
            text.replace("\r\n", "\n"),
            crate::decode::encoding_name(enc).to_owned(),
            lossy,
        ));
    }
    let d = crate::decode::decode(bytes)?;
    Ok((d.text, d.encoding.to_owned(), d.lossy))
}

/// The encoding a `<meta>` tag names in the first 4 KB.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let label: Vec<u8> = lower[at..]
        .iter()
        .copied()
        .skip_while(|b| *b == b'"' || *b == b'\'')
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        .collect();
    Encoding::for_label(&label)
}

/// One token, reduced to what the table model needs.
#[derive(Debug, Clone)]
enum Tok {
    Open(String, u32, u32),
    Close(String),
    Text(String),
}

fn tokens(html: &str) -> Vec<Tok> {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut out = Vec::new();
    let mut skip: Option<String> = None;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if skip.is_some() {
                    continue;
                }
                if matches!(
                    name.as_str(),
                    "script" | "style" | "head" | "noscript" | "template" | "title"
                ) && !tag.self_closing
                {
                    skip = Some(name);
                    continue;
                }
                let num = |a: &[u8]| -> u32 {
                    tag.attributes
                        .get(a)
                        .and_then(|v| String::from_utf8_lossy(v).trim().parse().ok())
                        .unwrap_or(1)
                        .max(1)
                };
                let (rs, cs) = (num(b"rowspan"), num(b"colspan"));
                out.push(Tok::Open(name, rs, cs));
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if skip.as_deref() == Some(name.as_str()) {
                    skip = None;
                } else if skip.is_none() {
                    out.push(Tok::Close(name));
                }
            }
            Token::String(s) if skip.is_none() => {
                out.push(Tok::Text(String::from_utf8_lossy(&s).into_owned()));
            }
            _ => {}
        }
    }
    out
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "blockquote"
            | "pre"
            | "hr"
            | "dd"
            | "dt"
            | "dl"
            | "center"
            | "form"
            | "caption"
    )
}

/// Appends text with HTML white space collapsed to one space.
fn push_collapsed(out: &mut String, t: &str) {
    for c in t.chars() {
        if c.is_ascii_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

#[derive(Default)]
struct TableState {
    rows: Vec<Vec<SourceCell>>,
    row: Option<Vec<SourceCell>>,
    cell: Option<SourceCell>,
}

impl TableState {
    fn close_cell(&mut self) {
        if let Some(mut c) = self.cell.take() {
            c.text = c.text.trim().to_owned();
            self.row.get_or_insert_with(Vec::new).push(c);
        }
    }
    fn close_row(&mut self) {
        self.close_cell();
        if let Some(r) = self.row.take() {
            self.rows.push(r);
        }
    }
}

impl TableState {
    /// A block element inside a cell starts a new line of the cell's text.
    fn break_line(&mut self) {
        if let Some(c) = self.cell.as_mut()
            && !c.text.is_empty()
            && !c.text.ends_with('\n')
        {
            c.text.push('\n');
        }
    }
}

/// Which `<table>` opens hold another table (layout tables): by a stack over the tokens.
fn layout_tables(toks: &[Tok]) -> Vec<bool> {
    let mut layout_table = vec![false; toks.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Open(n, ..) if n == "table" => {
                for &o in &stack {
                    layout_table[o] = true;
                }
                stack.push(i);
            }
            Tok::Close(n) if n == "table" => {
                stack.pop();
            }
            _ => {}
        }
    }
    layout_table
}

/// A page being read: prose so far, the table open, the blocks done.
#[derive(Default)]
struct Page {
    doc: Document,
    prose: String,
    table: Option<TableState>,
    tables: usize,
    /// Whether the page's end (`</body>` or `</html>`) was seen after the last table opened.
    page_closed: bool,
}

impl Page {
    fn flush(&mut self) {
        for line in self.prose.split('\n') {
            let line = line.trim();
            if !line.is_empty() {
                self.doc.blocks.push(Block::Prose(line.to_owned()));
            }
        }
        self.prose.clear();
    }

    fn push_table(&mut self, rows: Vec<Vec<SourceCell>>) {
        self.tables += 1;
        self.doc.blocks.push(Block::Table(Grid::place(
            format!("table {}", self.tables),
            GridKind::Table,
            rows,
        )));
    }

    /// An opening tag; `data_table`: a `<table>` that holds no other table.
    fn open(&mut self, n: &str, rs: u32, cs: u32, data_table: bool) {
        if n == "table" && data_table {
            self.page_closed = false;
            self.flush();
            self.table = Some(TableState::default());
            return;
        }
        let Some(ts) = self.table.as_mut() else {
            if is_block(n) {
                self.prose.push('\n');
            }
            return;
        };
        match n {
            "tr" => {
                ts.close_row();
                ts.row = Some(Vec::new());
            }
            "td" | "th" => {
                ts.close_cell();
                ts.cell = Some(SourceCell {
                    text: String::new(),
                    row_span: rs,
                    col_span: cs,
                });
            }
            _ if is_block(n) => ts.break_line(),
            _ => {}
        }
    }

    fn close(&mut self, n: &str) {
        if matches!(n, "body" | "html") {
            self.page_closed = true;
        }
        let Some(ts) = self.table.as_mut() else {
            if is_block(n) {
                self.prose.push('\n');
            }
            return;
        };
        match n {
            "table" => {
                ts.close_row();
                let rows = std::mem::take(&mut ts.rows);
                self.table = None;
                self.push_table(rows);
            }
            "td" | "th" => ts.close_cell(),
            "tr" => ts.close_row(),
            _ if is_block(n) => ts.break_line(),
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        match self.table.as_mut() {
            Some(ts) => {
                if let Some(c) = ts.cell.as_mut() {
                    push_collapsed(&mut c.text, s);
                }
            }
            None => push_collapsed(&mut self.prose, s),
        }
    }

    /// The page read: a table still open is kept, and reported cut when the page never ends.
    fn finish(mut self) -> Document {
        if let Some(mut ts) = self.table.take() {
            ts.close_row();
            if !self.page_closed {
                // A table that never closes on a page that never ends: the file was cut.
                self.doc.notes.push(Note {
                    severity: Severity::Warning,
                    code: Code::Truncated,
                    row: None,
                    message: format!(
                        "the page ends inside table {} after {} rows, with no </table> and no </html>: the file was probably cut short and rows after it are missing",
                        self.tables + 1,
                        ts.rows.len()
                    ),
                });
            }
            self.push_table(ts.rows);
        }
        self.flush();
        self.doc
    }
}

/// Reads a page into prose and grids.
pub fn read(html: &str) -> Document {
    let toks = tokens(html);
    let layout_table = layout_tables(&toks);
    let mut page = Page::default();
    for (i, t) in toks.into_iter().enumerate() {
        match t {
            Tok::Open(n, rs, cs) => page.open(&n, rs, cs, !layout_table[i]),
            Tok::Close(n) => page.close(&n),
            Tok::Text(s) => page.text(&s),
        }
    }
    page.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Slot;

    #[test]
    fn page_with_layout_table() {
        let html = r#"<!DOCTYPE html><html><head><title>x</title><script>var a="<td>";</script></head>
<body><div class="nav">首页 &gt; 通知公告</div>
<table><tr><td><p>XX区基本养老服务清单</p>
<table border=1><tr><th>对象</th><th colspan="2">服务项目</th></tr>
<tr><td rowspan=2>老年人</td><td>1</td><td>高龄<br>津贴</td></tr>
<tr><td>2</td><td>补贴</td></tr></table>
</td></tr></table><div class="footer">主办单位</div></body></html>"#;
        let doc = read(html);
        let prose: Vec<&Block> = doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Prose(_)))
            .collect();
        assert_eq!(prose.len(), 3, "{:?}", doc.blocks);
        let g = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(g) => Some(g),
                _ => None,
            })
            .unwrap();
        let o = |s: &str| Slot::Origin(s.to_owned());
        assert_eq!(g.rows[0], vec![o("对象"), o("服务项目"), Slot::Blank]);
        assert_eq!(g.rows[1], vec![o("老年人"), o("1"), o("高龄\n津贴")]);
        assert_eq!(g.rows[2], vec![Slot::Below, o("2"), o("补贴")]);
        assert_eq!(
            doc.blocks[1],
            Block::Prose("XX区基本养老服务清单".into()),
            "{:?}",
            doc.blocks
        );
    }

    #[test]
    fn charset_from_meta() {
        let (bytes, _, _) = GB18030.encode("<html><meta charset=\"gb2312\"><p>清单</p></html>");
        let (text, enc, lossy) = decode(&bytes).unwrap();
        assert!(text.contains("清单"));
        assert_eq!(enc, "GB18030");
        assert!(!lossy);
    }
}
