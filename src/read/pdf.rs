//! PDF files, read directly: objects and streams with lopdf, then our own pass over each
//! page's content stream for the characters with their positions (fonts' ToUnicode maps,
//! predefined CJK CMaps, widths) and the ruling lines ([`page`]); tables from the rulings and
//! prose lines from the rest ([`layout`]); a table continued over pages is one grid.
//!
//! Joining pages: a page whose first block is a table with the columns of the table that ended
//! the page before continues it; its rows that repeat the table's first rows (the repeated
//! header) are dropped; a first row with no number continues the row cut by the page break;
//! a merged cell cut by the page break (its text on one side only) is one cell again.
//!
//! Encrypted PDFs that need a password, PDFs with no text layer (scanned) and PDFs whose fonts
//! cannot be decoded are refused with one line saying what to do; broken files are `Damaged`.

mod font;
mod layout;
mod page;
mod stream;

use super::ReadError;
use crate::diag::{Code, Severity};
use crate::table::{Block, Document, Grid, GridKind, Note, SourceCell};
use layout::{PBlock, PCell, PTable};

/// Pages read at most.
const MAX_PAGES: usize = 5_000;

/// Reads a PDF into the table model.
///
/// # Errors
/// [`ReadError::Unsupported`] for encrypted, scanned or undecodable PDFs,
/// [`ReadError::Damaged`] for broken ones.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    match std::panic::catch_unwind(|| read_inner(bytes)) {
        Ok(r) => r,
        Err(_) => Err(ReadError::damaged(
            "pdf",
            "the PDF library failed on this PDF; repair it (e.g. `qpdf in.pdf out.pdf`) or extract its text with `pdftotext -layout FILE`",
        )),
    }
}

fn encrypted() -> ReadError {
    ReadError::Unsupported {
        what: "an encrypted PDF".into(),
        advice: "it needs a password: decrypt it first (e.g. `qpdf --decrypt --password=PW in.pdf out.pdf`)".into(),
    }
}

/// The PDF's object tree, or why it cannot be had (a password, a cut, a broken file).
fn load(bytes: &[u8]) -> Result<lopdf::Document, ReadError> {
    match lopdf::Document::load_mem(bytes) {
        Ok(d) => Ok(d),
        Err(e) => {
            let msg = e.to_string();
            if msg.to_lowercase().contains("decrypt") || msg.to_lowercase().contains("password") {
                return Err(encrypted());
            }
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            if !tail.windows(5).any(|w| w == b"%%EOF") {
                return Err(ReadError::damaged(
                    "pdf",
                    format!(
                        "not a readable PDF ({msg}): the file is cut short (it ends without %%EOF); get the whole file again"
                    ),
                ));
            }
            Err(ReadError::damaged(
                "pdf",
                format!(
                    "not a readable PDF ({msg}); repair it (e.g. `qpdf in.pdf out.pdf`) or extract its text with `pdftotext -layout FILE`"
                ),
            ))
        }
    }
}

fn read_inner(bytes: &[u8]) -> Result<Document, ReadError> {
    let doc = load(bytes)?;
    // Encrypted with an empty user password (permissions only) reads as usual; one that needs
    // a password leaves nothing readable.
    let locked = doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok();
    let pages = doc.get_pages();
    let cut = Cut::of(bytes, &doc, pages.len());
    if pages.is_empty() {
        if locked {
            return Err(encrypted());
        }
        if let Some(cut) = &cut {
            return Err(ReadError::damaged("pdf", cut.refusal(0)));
        }
        return Err(ReadError::damaged("pdf", "the PDF has no pages"));
    }
    let mut cache = page::FontCache::new();
    let mut ops = 0usize;
    let mut read_pages = Vec::new();
    let (mut glyphs, mut unknown, mut images) = (0usize, 0usize, 0usize);
    for (_, id) in pages.into_iter().take(MAX_PAGES) {
        let p = page::read(&doc, id, &mut cache, &mut ops);
        glyphs += p.glyphs.len();
        unknown += p.unknown;
        images += p.images;
        read_pages.push(p);
    }
    // In a cut file, the pages cut off are what cannot be decoded: the cut says it.
    let damaged = if cut.is_some() {
        Vec::new()
    } else {
        damage_notes(&read_pages)
    };
    if glyphs == 0 || (locked && unknown * 2 > glyphs + unknown) {
        return Err(no_text(locked, cut.as_ref(), &damaged, images));
    }
    if unknown * 2 > glyphs + unknown {
        return Err(ReadError::Unsupported {
            what: "a PDF whose fonts carry no Unicode map".into(),
            advice: "its characters cannot be decoded to text: OCR it (e.g. `ocrmypdf -l chi_sim --force-ocr in.pdf out.pdf`)".into(),
        });
    }
    // Pages at the end that hold no character: their content was cut off with the file.
    let empty_tail = read_pages
        .iter()
        .rev()
        .take_while(|p| p.glyphs.is_empty())
        .count();
    let mut page_blocks: Vec<Vec<PBlock>> = read_pages.iter().map(layout::blocks).collect();
    let open_table = page_blocks
        .iter()
        .rev()
        .find(|b| !b.is_empty())
        .and_then(|b| b.last())
        .is_some_and(|b| matches!(b, PBlock::Table(_)));
    let note = cut
        .as_ref()
        .and_then(|c| c.note(read_pages.len() - empty_tail, open_table));
    let ruled = page_blocks
        .iter()
        .flatten()
        .any(|b| matches!(b, PBlock::Table(_)));
    if !ruled {
        // No table drawn with rulings: the cells come from the text's alignment (stream), as
        // the reader of space-aligned text rebuilds them; else every line is prose.
        if let Some(mut doc) = unruled(&read_pages)? {
            doc.notes.extend(note);
            doc.notes.extend(damaged);
            return Ok(doc);
        }
    }
    drop_running_lines(&mut page_blocks);
    let mut doc = assemble(page_blocks);
    doc.notes.extend(note);
    doc.notes.extend(damaged);
    Ok(doc)
}

/// The table of pages with no rulings, from their text laid out as `pdftotext -layout` would;
/// `None` when no list's header and columns are found in it.
///
/// # Errors
/// A list's header and columns were found and its rows could not be rebuilt for sure: read as
/// prose lines, its cells would run together.
fn unruled(pages: &[page::Page]) -> Result<Option<Document>, ReadError> {
    let text: Vec<String> = pages.iter().map(layout::layout_text).collect();
    super::columns::read_unruled(&text.join("\u{c}")).map_err(|why| ReadError::Unsupported {
        what: format!(
            "a PDF whose table is drawn without rulings, and whose rows could not be rebuilt \
             for sure from the text's alignment ({why})"
        ),
        advice: "save the document as .docx or .xlsx, or make the PDF with the table's borders \
                 drawn"
            .into(),
    })
}

/// Why a PDF whose pages hold no character (or only ones a locked file hides) cannot be read:
/// a password, a cut, a damaged page, a scan or text drawn as shapes.
fn no_text(locked: bool, cut: Option<&Cut>, damaged: &[Note], images: usize) -> ReadError {
    if locked {
        return encrypted();
    }
    if let Some(cut) = &cut {
        // A cut file is not a scan: no OCR advice.
        return ReadError::damaged("pdf", cut.refusal(0));
    }
    if let Some(d) = damaged.first() {
        return ReadError::damaged("pdf", d.message.clone());
    }
    if images > 0 {
        ReadError::Unsupported {
            what: "a scanned PDF (pages are images, no text layer)".into(),
            advice: "run OCR on it first (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`), then read the result".into(),
        }
    } else {
        ReadError::Unsupported {
            what: "a PDF with no text".into(),
            advice: "it holds no characters to read; if it shows text, it is drawn as shapes: OCR it (e.g. `ocrmypdf -l chi_sim --force-ocr in.pdf out.pdf`)".into(),
        }
    }
}

/// A `damaged` warning for each page part of whose content could not be decoded.
fn damage_notes(pages: &[page::Page]) -> Vec<Note> {
    pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.damage.is_empty())
        .map(|(i, p)| Note {
            severity: Severity::Warning,
            code: Code::Damaged,
            message: format!(
                "page {} is damaged ({}): its text is missing or garbled, so rows on it may be lost; get the file again or repair it (e.g. `qpdf in.pdf out.pdf`)",
                i + 1,
                p.damage.join("; ")
            ),
            row: None,
        })
        .collect()
}

/// Signs that the file was cut short (an interrupted download): no `%%EOF` at its end, or
/// fewer pages than the page tree counts.
struct Cut {
    /// The page tree's `/Count`, when its root was read.
    count: Option<usize>,
    /// Pages found in the tree.
    found: usize,
    /// Whether the file ends with `%%EOF` (within its last kilobyte).
    eof: bool,
}

impl Cut {
    /// `None` when nothing says the file was cut.
    fn of(bytes: &[u8], doc: &lopdf::Document, found: usize) -> Option<Cut> {
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        let eof = tail.windows(5).any(|w| w == b"%%EOF");
        let count = page_count(doc);
        let missing = count.is_some_and(|c| c > found);
        (!eof || missing).then_some(Cut { count, found, eof })
    }

    fn what(&self, read: usize) -> String {
        let end = if self.eof {
            ""
        } else {
            "it ends without %%EOF, "
        };
        match self.count {
            Some(c) => format!("the file is cut short ({end}{read} of its {c} pages read)"),
            None => format!("the file is cut short ({end}{read} pages read, its page count lost)"),
        }
    }

    fn refusal(&self, read: usize) -> String {
        format!(
            "{}; nothing of the list is left: get the whole file again",
            self.what(read)
        )
    }

    /// The diagnostic for a cut file whose `read` pages hold text; `open_table`: the last
    /// thing on the last page read is a table.
    fn note(&self, read: usize, open_table: bool) -> Option<Note> {
        let lost = self.count.is_some_and(|c| c > read) || read < self.found;
        let (severity, tail) = if lost {
            (
                Severity::Warning,
                "; the rows on the missing pages are not in the output: get the whole file again",
            )
        } else if self.count.is_some() {
            (
                Severity::Info,
                "; every page the file counts was read, so the list is likely whole",
            )
        } else if open_table {
            (
                Severity::Warning,
                "; the last page read ends inside a table, so rows after it may be missing: get the whole file again",
            )
        } else {
            (
                Severity::Warning,
                "; rows after the last page read may be missing: get the whole file again",
            )
        };
        Some(Note {
            severity,
            code: Code::Truncated,
            message: format!("{}{tail}", self.what(read)),
            row: None,
        })
    }
}

/// The page tree's `/Count`: from the catalog's `/Pages`, else from a `/Pages` node with no
/// parent (a cut file's catalog may be gone with its trailer).
fn page_count(doc: &lopdf::Document) -> Option<usize> {
    let count = |d: &lopdf::Dictionary| {
        d.get(b"Count")
            .ok()
            .and_then(|c| c.as_i64().ok())
            .and_then(|c| usize::try_from(c).ok())
    };
    if let Ok(root) = doc.catalog()
        && let Ok(pages) = doc.get_dict_in_dict(root, b"Pages")
    {
        return count(pages);
    }
    doc.objects.values().find_map(|o| {
        let d = o.as_dict().ok()?;
        let is_root = d.get(b"Type").ok()?.as_name().ok()? == b"Pages" && d.get(b"Parent").is_err();
        if is_root { count(d) } else { None }
    })
}

/// Drops running headers and footers: lines in a page's top or bottom margin whose text (its
/// digits aside) is on at least half the pages, and on two at least.
fn drop_running_lines(pages: &mut [Vec<PBlock>]) {
    let key = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let mut count: std::collections::HashMap<String, usize> = Default::default();
    for blocks in pages.iter() {
        let mut seen = std::collections::HashSet::new();
        for b in blocks {
            if let PBlock::Line(t, true) = b
                && seen.insert(key(t))
            {
                *count.entry(key(t)).or_default() += 1;
            }
        }
    }
    let need = (pages.len() / 2).max(2);
    for blocks in pages.iter_mut() {
        blocks.retain(|b| match b {
            PBlock::Line(t, true) => count.get(&key(t)).copied().unwrap_or(0) < need,
            _ => true,
        });
    }
}

/// A table being built over pages: cells in table rows and columns.
struct Open {
    xs: Vec<f32>,
    nrows: usize,
    ncols: usize,
    cells: Vec<PCell>,
    /// The texts of the first rows (for dropping a repeated header).
    head: Vec<String>,
    /// The rows of the header (above the first numbered row), and each column's header text
    /// top to bottom, whitespace removed: a header repeated on a new page may wrap its words
    /// otherwise (服务类 / 别), so its rows are told by their texts, column by column.
    head_rows: usize,
    header_cols: Vec<String>,
}

/// Text without whitespace.
fn squash(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The rows above the first numbered row of a table (none when no row is numbered).
fn header_rows(t: &PTable) -> usize {
    let num_col = number_column(&t.cells, t.ncols());
    (0..t.nrows().min(5))
        .find(|&r| {
            t.cells
                .iter()
                .any(|c| c.r0 == r && c.c0 <= num_col && num_col <= c.c1 && is_number(&c.text))
        })
        .unwrap_or(0)
}

/// Each column's text in the first `rows` rows, top to bottom, whitespace removed.
fn column_texts(cells: &[PCell], rows: usize, ncols: usize) -> Vec<String> {
    (0..ncols)
        .map(|c| {
            let mut over: Vec<&PCell> = cells
                .iter()
                .filter(|x| x.r0 < rows && x.c0 <= c && c <= x.c1)
                .collect();
            over.sort_by_key(|x| x.r0);
            over.iter().map(|x| squash(&x.text)).collect()
        })
        .collect()
}

/// Whether row `r` of `t` holds header text only: one cell at least, each a piece of its
/// column's header.
fn header_like(t: &PTable, r: usize, header_cols: &[String]) -> bool {
    let cells: Vec<String> = t
        .cells
        .iter()
        .filter(|c| c.r0 == r)
        .map(|c| squash(&c.text))
        .collect();
    let mut written = t
        .cells
        .iter()
        .filter(|c| c.r0 == r && !squash(&c.text).is_empty());
    !cells.iter().all(String::is_empty)
        && written.all(|c| {
            let text = squash(&c.text);
            (c.c0..=c.c1).any(|k| header_cols.get(k).is_some_and(|h| h.contains(&text)))
        })
}

fn row_sig(t: &PTable, r: usize) -> String {
    t.cells
        .iter()
        .filter(|c| c.r0 == r)
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("\t")
}

fn same_columns(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 3.0)
}

/// A row number: a few digits, perhaps with a dot, numbers joined by a dash or a dot within a
/// section (`1-6`, `3.2`), or a Chinese numeral in brackets (`（二）`).
fn is_number(t: &str) -> bool {
    let t = squash(t);
    let t = t.trim_end_matches(['.', '、', '．']);
    // A Chinese numeral in brackets (（二）, (十一)), as lists number rows within a section.
    if let Some(inner) = t
        .strip_prefix(['（', '('])
        .and_then(|x| x.strip_suffix(['）', ')']))
        && (1..=3).contains(&inner.chars().count())
        && inner.chars().all(|c| "一二三四五六七八九十".contains(c))
    {
        return true;
    }
    let parts: Vec<&str> = t.split(['-', '－', '—', '–', '.', '．']).collect();
    !t.is_empty()
        && t.chars().count() <= 8
        && parts.len() <= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
}

/// The column that numbers rows: where most non-empty cells are whole numbers.
fn number_column(cells: &[PCell], ncols: usize) -> usize {
    let mut best = (0usize, 0usize);
    for c in 0..ncols {
        let (mut nums, mut filled) = (0, 0);
        for cell in cells.iter().filter(|x| x.c0 == c && x.c1 == c) {
            let t = cell.text.trim();
            if t.is_empty() {
                continue;
            }
            filled += 1;
            if is_number(t) {
                nums += 1;
            }
        }
        if nums * 2 > filled && nums > best.1 {
            best = (c, nums);
        }
    }
    best.0
}

impl Open {
    fn new(t: PTable) -> Open {
        let head = (0..t.nrows().min(3)).map(|r| row_sig(&t, r)).collect();
        let head_rows = header_rows(&t);
        let header_cols = column_texts(&t.cells, head_rows, t.ncols());
        Open {
            nrows: t.nrows(),
            ncols: t.ncols(),
            xs: t.xs,
            cells: t.cells,
            head,
            head_rows,
            header_cols,
        }
    }

    fn covering(&self, r: usize, c: usize) -> Option<usize> {
        self.cells
            .iter()
            .rposition(|x| x.r0 <= r && r <= x.r1 && x.c0 <= c && c <= x.c1)
    }

    /// Appends the rows of a table that continues this one on a new page.
    fn extend(&mut self, t: PTable) {
        let mut t = t;
        let skip = self.repeated_header(&mut t);
        let off = self.nrows;
        let mut new: Vec<PCell> = t
            .cells
            .into_iter()
            .filter(|c| c.r0 >= skip)
            .map(|mut c| {
                c.r0 = c.r0 - skip + off;
                c.r1 = c.r1 - skip + off;
                c
            })
            .collect();
        let added = t.ys.len().saturating_sub(1).saturating_sub(skip);
        if added > 0 && off > 0 {
            self.join_across_break(&mut new, off);
        }
        self.cells.extend(new);
        self.nrows += added;
    }

    /// How many leading rows of `t` repeat this table's header: rows equal to this table's
    /// first rows, or the header again with its words wrapped otherwise (every header row, each
    /// cell a piece of its column's header; a piece wrapped into the next row is dropped).
    fn repeated_header(&self, t: &mut PTable) -> usize {
        let mut skip = 0;
        while skip < t.nrows() && skip < self.head.len() && row_sig(t, skip) == self.head[skip] {
            skip += 1;
        }
        if skip == 0
            && self.head_rows > 0
            && t.nrows() > self.head_rows
            && (0..self.head_rows).all(|r| header_like(t, r, &self.header_cols))
        {
            skip = self.head_rows;
            self.drop_header_overflow(t, skip);
        }
        skip
    }

    /// The first row of a new page (`new`, starting at row `off`) joined to the last row of
    /// the page before where the page break cut a row (no number in the new row) or a merged
    /// cell (its text on one side of the break only); joined cells leave `new`.
    fn join_across_break(&mut self, new: &mut Vec<PCell>, off: usize) {
        let num_col = number_column(&self.cells, self.ncols);
        let first_has_number = new
            .iter()
            .any(|c| c.r0 == off && c.c0 <= num_col && num_col <= c.c1 && is_number(&c.text));
        let last = off - 1;
        let mut drop = vec![false; new.len()];
        for (i, n) in new.iter().enumerate() {
            if n.r0 != off {
                continue;
            }
            let Some(pi) = self.covering(last, n.c0) else {
                continue;
            };
            let p = &mut self.cells[pi];
            if p.c0 != n.c0 || p.c1 != n.c1 {
                continue;
            }
            let join = if !first_has_number {
                // The row cut by the page break goes on: one row again.
                true
            } else if n.text.trim().is_empty() {
                // A merged cell whose text stayed on the page before.
                p.r1 > p.r0 || n.r1 > n.r0
            } else if p.text.trim().is_empty() {
                // A merged cell whose text went to the new page.
                p.r1 > p.r0 || n.r1 > n.r0
            } else {
                false
            };
            if join {
                if !n.text.trim().is_empty() {
                    if !p.text.trim().is_empty() {
                        p.text.push_str(&n.text);
                    } else {
                        p.text = n.text.clone();
                    }
                }
                p.r1 = n.r1;
                drop[i] = true;
            }
        }
        let mut k = 0;
        new.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }

    /// A header cell that wrapped past its row on the new page leaves its last piece in the
    /// first row under the header (服务类 above, 别 below): a cell of that row whose text is
    /// exactly what the column's header lacks on this page is header, not data.
    fn drop_header_overflow(&self, t: &mut PTable, rows: usize) {
        let here = column_texts(&t.cells, rows, self.ncols);
        for c in t.cells.iter_mut().filter(|c| c.r0 == rows) {
            let text = squash(&c.text);
            let (Some(full), Some(seen)) = (self.header_cols.get(c.c0), here.get(c.c0)) else {
                continue;
            };
            let Some(miss) = full.strip_prefix(seen.as_str()).filter(|m| !m.is_empty()) else {
                continue;
            };
            if text == miss {
                c.text.clear();
            } else if !text.is_empty() {
                c.text = without_overflow(&c.text, miss);
            }
        }
    }

    fn grid(self, n: usize) -> Grid {
        let (nr, nc) = (self.nrows, self.ncols);
        let mut cells = self.cells;
        cells.sort_by_key(|c| (c.r0, c.c0));
        let mut owner = vec![false; nr * nc];
        let mut rows: Vec<Vec<SourceCell>> = vec![Vec::new(); nr];
        let mut at: Vec<Vec<(usize, SourceCell)>> = vec![Vec::new(); nr];
        for c in cells {
            if c.r0 >= nr || c.c0 >= nc || owner[c.r0 * nc + c.c0] {
                continue;
            }
            let r1 = c.r1.min(nr - 1);
            let c1 = c.c1.min(nc - 1);
            // Spans stop where another cell already is.
            let mut cs = 1;
            while c.c0 + cs <= c1 && !owner[c.r0 * nc + c.c0 + cs] {
                cs += 1;
            }
            let mut rs = 1;
            while c.r0 + rs <= r1 && (c.c0..c.c0 + cs).all(|x| !owner[(c.r0 + rs) * nc + x]) {
                rs += 1;
            }
            for r in c.r0..c.r0 + rs {
                for x in c.c0..c.c0 + cs {
                    owner[r * nc + x] = true;
                }
            }
            at[c.r0].push((
                c.c0,
                SourceCell {
                    text: c.text,
                    row_span: rs as u32,
                    col_span: cs as u32,
                },
            ));
        }
        for (r, row) in at.into_iter().enumerate() {
            // Slots no cell covers get an empty cell, so later cells keep their columns.
            let mut cells = row.into_iter().peekable();
            for x in 0..nc {
                if let Some((c0, _)) = cells.peek()
                    && *c0 == x
                {
                    let (_, cell) = cells.next().unwrap_or((x, SourceCell::new("")));
                    rows[r].push(cell);
                    continue;
                }
                if !owner[r * nc + x] {
                    owner[r * nc + x] = true;
                    rows[r].push(SourceCell::new(""));
                }
            }
        }
        Grid::place(format!("table {n}"), GridKind::Table, rows)
    }
}

/// Joins the pages' blocks into one document.
fn assemble(pages: Vec<Vec<PBlock>>) -> Document {
    let mut doc = Document::default();
    let mut open: Option<Open> = None;
    let mut tables = 0usize;
    let mut prose: Vec<String> = Vec::new();
    let flush_prose = |doc: &mut Document, prose: &mut Vec<String>| {
        if !prose.is_empty() {
            doc.blocks.push(Block::Prose(prose.join("\n")));
            prose.clear();
        }
    };
    for blocks in pages {
        let mut first = true;
        for b in blocks {
            match b {
                PBlock::Line(text, _) => {
                    if let Some(o) = open.take() {
                        tables += 1;
                        doc.blocks.push(Block::Table(o.grid(tables)));
                    }
                    prose.push(text);
                }
                PBlock::Table(t) => {
                    let continues = first
                        && prose.is_empty()
                        && open.as_ref().is_some_and(|o| same_columns(&o.xs, &t.xs));
                    if continues {
                        if let Some(o) = open.as_mut() {
                            o.extend(t);
                        }
                    } else {
                        flush_prose(&mut doc, &mut prose);
                        if let Some(o) = open.take() {
                            tables += 1;
                            doc.blocks.push(Block::Table(o.grid(tables)));
                        }
                        open = Some(Open::new(t));
                    }
                }
            }
            first = false;
        }
    }
    if let Some(o) = open.take() {
        tables += 1;
        doc.blocks.push(Block::Table(o.grid(tables)));
    }
    flush_prose(&mut doc, &mut prose);
    doc
}

/// A data cell's text without the piece of a header word that wrapped into it (the cell's first
/// row is the first row under a header repeated on a new page): the piece at the top of the
/// cell, its characters one after another, from the cell's first written character or the one
/// after it (a character of the cell's own first line may sort before it: "照型护服务" less 型).
/// A beginning of the piece counts only where the cell starts with it ("老年每人每月300元" less
/// the 老年 of 老年人, its 人 lost to the rulings). Where the piece is not there, the text is kept.
fn without_overflow(text: &str, miss: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let piece: Vec<char> = miss.chars().collect();
    let written: Vec<usize> = (0..chars.len())
        .filter(|&i| !chars[i].is_whitespace())
        .collect();
    for (k, &at) in written.iter().take(2).enumerate() {
        if chars[at] != piece[0] {
            continue;
        }
        let run = written[k..]
            .iter()
            .zip(&piece)
            .take_while(|(i, p)| chars[**i] == **p)
            .count();
        if run < piece.len() && (k > 0 || run < 2) {
            return text.to_owned();
        }
        let drop = &written[k..k + run];
        let kept: String = (0..chars.len())
            .filter(|i| !drop.contains(i))
            .map(|i| chars[i])
            .collect();
        return kept.trim_start().to_owned();
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_piece_wrapped_into_the_first_row_is_dropped() {
        assert_eq!(without_overflow("照型护服务", "型"), "照护服务");
        assert_eq!(
            without_overflow("老年\n每人每月300元", "老年人"),
            "每人每月300元"
        );
        assert_eq!(without_overflow("人—", "人"), "—");
        // Not the piece: a cell that only shares a first character, or has it further in.
        assert_eq!(without_overflow("老人每月300元", "老年人"), "老人每月300元");
        assert_eq!(without_overflow("居家养老型服务", "型"), "居家养老型服务");
    }

    #[test]
    fn row_numbers_as_lists_write_them() {
        for n in [
            "1",
            "12.",
            "1-6",
            "1-\n6",
            "3.2",
            "（二）",
            "(十一)",
            "（二\n）",
        ] {
            assert!(is_number(n), "{n:?}");
        }
        for t in [
            "",
            "序号",
            "1-",
            "-1",
            "12345",
            "（第二）",
            "二",
            "80周岁",
            "1-2-3-4",
        ] {
            assert!(!is_number(t), "{t:?}");
        }
    }

    #[test]
    fn running_lines_are_dropped() {
        let page = |n: usize| {
            vec![
                PBlock::Line("某区民政局文件".into(), true),
                PBlock::Line(format!("正文第{n}行"), false),
                PBlock::Line(format!("内部资料 {n}"), true),
            ]
        };
        let mut pages = vec![page(1), page(2), page(3)];
        pages[0].insert(0, PBlock::Line("清单标题".into(), true));
        drop_running_lines(&mut pages);
        let texts: Vec<&str> = pages
            .iter()
            .flatten()
            .map(|b| match b {
                PBlock::Line(t, _) => t.as_str(),
                PBlock::Table(_) => "",
            })
            .collect();
        assert_eq!(texts, ["清单标题", "正文第1行", "正文第2行", "正文第3行"]);
    }

    #[test]
    fn numbers() {
        assert!(is_number("12") && is_number("3.") && !is_number("号") && !is_number(""));
    }
}
