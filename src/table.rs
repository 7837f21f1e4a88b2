//! The table model between reading and the list stage.
//!
//! Every reader ([`crate::read`]) yields the same thing: a [`Document`] of blocks in reading
//! order, each either prose (paragraphs around the table, for metadata and tasks) or a [`Grid`]
//! of cells with the row and column spans the source knows (docx `w:vMerge`/`w:gridSpan`, HTML
//! `rowspan`/`colspan`, xlsx merged regions). [`Document::render`] turns it into a [`View`]: a
//! plain text with one line per paragraph line and per table row, and the grammar
//! [`Item`]s over that text, so the list stage, metadata and tasks run once for every format.
//!
//! A cell covered by a merged cell that starts in a row above is rendered blank and marked
//! [`Cell::merged`]: the list stage copies the text above where the column's meaning allows.
//! A cell covered from the left (a column span) is simply blank, as a spreadsheet shows it.

use crate::span::{Span, slice};
use schemars::JsonSchema;
use serde::Serialize;

/// The reader that ran (`source.format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (tab-separated or line-broken tables).
    Text,
    /// Word 2007+ (.docx), also as saved by WPS.
    Docx,
    /// A web page.
    Html,
    /// Comma- or tab-separated values as Excel/WPS export them.
    Csv,
    /// Excel 2007+ (.xlsx), or another workbook calamine reads.
    Xlsx,
    /// Markdown with pipe tables.
    Markdown,
    /// A PDF file, read directly.
    Pdf,
}

impl Format {
    /// The contract's name of the format.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Markdown => "markdown",
            Format::Pdf => "pdf",
        }
    }
}

/// One cell as a reader finds it: its text (line breaks inside the cell kept as `\n`) and how
/// many rows and columns it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCell {
    /// The cell's text; `\n` separates its paragraphs or lines.
    pub text: String,
    /// Rows spanned, at least 1.
    pub row_span: u32,
    /// Columns spanned, at least 1.
    pub col_span: u32,
}

impl SourceCell {
    /// A cell spanning one row and one column.
    pub fn new(text: impl Into<String>) -> SourceCell {
        SourceCell {
            text: text.into(),
            row_span: 1,
            col_span: 1,
        }
    }
}

/// How to name a grid's rows in a locator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridKind {
    /// A document table: "table 2, rows 5–6".
    Table,
    /// A worksheet: "Sheet1!A5:H6".
    Sheet,
}

/// A slot of the placed grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The cell whose text the slot holds.
    Origin(String),
    /// Covered by a merged cell that starts in a row above.
    Below,
    /// Covered from the left by a column span, or never filled.
    Blank,
}

/// A table with every merged cell placed: `rows[r][c]`, all rows as wide as the widest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// "table 2" or the sheet's name, for locators.
    pub label: String,
    /// How locators name the rows.
    pub kind: GridKind,
    /// The placed slots.
    pub rows: Vec<Vec<Slot>>,
    /// For each row, the 1-based source line where it starts, when the source is text (CSV).
    pub source_lines: Vec<Option<u32>>,
}

/// Spans larger than this are clipped: no real list merges more cells, and a hostile file
/// must not make the grid grow without bound.
const MAX_SPAN: u32 = 500;

impl Grid {
    /// Places rows of source cells the way HTML tables do: each cell goes to the first free
    /// column of its row, and its spans occupy the slots to the right and below.
    pub fn place(label: impl Into<String>, kind: GridKind, rows: Vec<Vec<SourceCell>>) -> Grid {
        let n = rows.len();
        // occupied[r] = columns taken by spans from rows above (true = from above).
        let mut occupied: Vec<Vec<Option<bool>>> = vec![Vec::new(); n];
        let mut placed: Vec<Vec<Slot>> = vec![Vec::new(); n];
        for (r, row) in rows.into_iter().enumerate() {
            let mut c = 0usize;
            for cell in row {
                while occupied[r].get(c).copied().flatten().is_some() {
                    c += 1;
                }
                let rs = cell.row_span.clamp(1, MAX_SPAN) as usize;
                let cs = cell.col_span.clamp(1, MAX_SPAN) as usize;
                let last_row = (r + rs).min(n);
                for (rr, occ) in occupied.iter_mut().enumerate().take(last_row).skip(r) {
                    if occ.len() < c + cs {
                        occ.resize(c + cs, None);
                    }
                    for (cc, slot) in occ.iter_mut().enumerate().skip(c).take(cs) {
                        *slot = Some(rr > r && cc == c);
                    }
                }
                let row_slots = &mut placed[r];
                if row_slots.len() < c + cs {
                    row_slots.resize(c + cs, Slot::Blank);
                }
                row_slots[c] = Slot::Origin(cell.text);
                c += cs;
            }
        }
        let width = occupied
            .iter()
            .map(Vec::len)
            .chain(placed.iter().map(Vec::len))
            .max()
            .unwrap_or(0);
        for (r, row) in placed.iter_mut().enumerate() {
            row.resize(width, Slot::Blank);
            for (c, slot) in row.iter_mut().enumerate() {
                if *slot == Slot::Blank && occupied[r].get(c).copied().flatten() == Some(true) {
                    *slot = Slot::Below;
                }
            }
        }
        Grid {
            label: label.into(),
            kind,
            source_lines: vec![None; placed.len()],
            rows: placed,
        }
    }
}

/// A block of a document in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (or a line of prose); `\n` separates lines.
    Prose(String),
    /// A table.
    Table(Grid),
}

/// What a reader yields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// The blocks in reading order.
    pub blocks: Vec<Block>,
    /// What the reader noticed about the file as a whole (a table cut short, rows recovered
    /// from a broken quote): diagnostics placed on the last row of the last table.
    pub notes: Vec<Note>,
}

/// A diagnostic a reader makes before there is a view to place it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// How much it matters.
    pub severity: crate::diag::Severity,
    /// What happened (`truncated`, `damaged` …).
    pub code: crate::diag::Code,
    /// What was expected and what was found.
    pub message: String,
    /// The row of the last table the note is about; `None`: its last row.
    pub row: Option<usize>,
}

/// Where a line of the view comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Index of the grid in the document's tables.
    pub grid: usize,
    /// 0-based row of the grid.
    pub row: usize,
}

/// A document as the list stage reads it: text, items over it, and where each line came from.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// One line per paragraph line and per table row; cells of a row separated by tabs.
    pub text: String,
    /// The grammar items over `text`.
    pub items: Vec<Item>,
    /// For each 0-based line of `text`: the grid row it renders, if any.
    pub origins: Vec<Option<Origin>>,
    /// For each 0-based line of `text`: the 1-based source line, when the source is text.
    pub source_lines: Vec<Option<u32>>,
    /// The grids' labels, kinds and widths, for locators.
    pub grids: Vec<(String, GridKind, usize)>,
}

impl View {
    /// A locator for view lines `a..=b` (1-based), when they render grid rows: "table 2, rows
    /// 5–6" or "Sheet1!A5:H6".
    pub fn locator(&self, a: u32, b: u32) -> Option<String> {
        let at = |l: u32| {
            self.origins
                .get((l as usize).checked_sub(1)?)
                .cloned()
                .flatten()
        };
        let first = at(a)?;
        let last = at(b)
            .filter(|o| o.grid == first.grid)
            .unwrap_or(first.clone());
        let (label, kind, width) = self.grids.get(first.grid)?;
        let (r1, r2) = (first.row + 1, last.row + 1);
        Some(match kind {
            GridKind::Sheet => {
                format!("{label}!A{r1}:{}{r2}", column_name(width.saturating_sub(1)))
            }
            GridKind::Table if r1 == r2 => format!("{label}, row {r1}"),
            GridKind::Table => format!("{label}, rows {r1}–{r2}"),
        })
    }

    /// The source line of view line `l` (1-based): itself unless the source is text whose lines
    /// the view does not keep (CSV records over several lines).
    pub fn source_line(&self, l: u32) -> u32 {
        (l as usize)
            .checked_sub(1)
            .and_then(|i| self.source_lines.get(i).copied().flatten())
            .unwrap_or(l)
    }
}

/// "A", "B", …, "Z", "AA" for 0-based column `c`.
pub fn column_name(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Document {
    /// Renders the blocks into a [`View`]: every prose line a line (blank ones kept, so a
    /// reader that keeps one block per source line keeps the source's line numbers), every
    /// grid row a line of tab-separated cells.
    pub fn render(&self) -> View {
        let mut view = View::default();
        let mut text = String::new();
        let mut line_no = 0usize;
        let mut new_line = |text: &mut String, view: &mut View, origin, src| {
            if line_no > 0 {
                text.push('\n');
            }
            line_no += 1;
            view.origins.push(origin);
            view.source_lines.push(src);
        };
        for block in &self.blocks {
            match block {
                Block::Prose(p) => {
                    for line in p.split('\n') {
                        new_line(&mut text, &mut view, None, None);
                        let start = text.len();
                        text.extend(line.chars().map(|c| if c == '\t' { ' ' } else { c }));
                        let span = Span::new(start, text.len());
                        let written = &text[start..];
                        if written.chars().all(crate::normalize::is_space) {
                            continue;
                        }
                        if is_furniture(written) {
                            view.items.push(Item::Furniture(span));
                        } else {
                            view.items.push(Item::Text(span));
                        }
                    }
                }
                Block::Table(grid) => {
                    let g = view.grids.len();
                    let width = grid.rows.first().map_or(0, Vec::len);
                    view.grids.push((grid.label.clone(), grid.kind, width));
                    for (r, row) in grid.rows.iter().enumerate() {
                        let src = grid.source_lines.get(r).copied().flatten();
                        new_line(&mut text, &mut view, Some(Origin { grid: g, row: r }), src);
                        let start = text.len();
                        let mut cells = Vec::with_capacity(row.len());
                        for (c, slot) in row.iter().enumerate() {
                            if c > 0 {
                                text.push('\t');
                            }
                            let mut cell = Cell::default();
                            match slot {
                                Slot::Origin(t) => {
                                    for (i, part) in
                                        t.split('\n').filter(|p| !p.trim().is_empty()).enumerate()
                                    {
                                        if i > 0 {
                                            text.push(' ');
                                        }
                                        let s = text.len();
                                        text.extend(
                                            part.chars().map(|c| {
                                                if c == '\t' || c == '\r' { ' ' } else { c }
                                            }),
                                        );
                                        cell.parts.push(Span::new(s, text.len()));
                                    }
                                }
                                Slot::Below => cell.merged = true,
                                Slot::Blank => {}
                            }
                            cells.push(cell);
                        }
                        let line = Span::new(start, text.len());
                        if cells.iter().any(|c| !c.parts.is_empty()) {
                            view.items.push(Item::Row { cells, line });
                        }
                    }
                }
            }
        }
        view.text = text;
        view
    }
}

/// The spans of a cell's lines. Most cells are one line: that span is kept inline, so a long
/// list does not make one small allocation per cell.
pub type Parts = smallvec::SmallVec<[Span; 1]>;

/// One cell as written: the spans of its lines, first to last, without trailing blank lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// One span per physical line of the cell (blank lines inside a wrapped cell included).
    pub parts: Parts,
    /// The cell lies under a merged cell that starts in a row above (known only where the
    /// source records merges: docx, HTML, xlsx); its text is that cell's.
    pub merged: bool,
}

impl Cell {
    /// The raw text of the cell, lines joined with `\n`.
    pub fn raw<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if let [one] = self.parts.as_slice() {
            return std::borrow::Cow::Borrowed(slice(text, *one));
        }
        let mut out = String::new();
        for (i, p) in self.parts.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(slice(text, *p));
        }
        std::borrow::Cow::Owned(out)
    }

    /// The span from the first to the last part (an empty span at 0 for a cell with no parts).
    pub fn span(&self) -> Span {
        match (self.parts.first(), self.parts.last()) {
            (Some(a), Some(b)) => a.cover(*b),
            _ => Span::default(),
        }
    }

    /// True when the cell holds only white space.
    pub fn is_blank(&self, text: &str) -> bool {
        self.parts
            .iter()
            .all(|p| slice(text, *p).chars().all(crate::normalize::is_space))
    }
}

/// One unit of the document as a grammar sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A row of cells on one line (tab-separated layout). `line` is the span of the whole line.
    Row {
        /// The cells, left to right.
        cells: Vec<Cell>,
        /// The whole line.
        line: Span,
    },
    /// One cell of the line-broken layout, with its continuation lines.
    Cell(Cell),
    /// A non-blank line that belongs to no cell.
    Text(Span),
    /// Page furniture: a page number line or a form feed.
    Furniture(Span),
}

/// Where an item starts in the text.
pub(crate) fn start_of(item: &Item) -> usize {
    match item {
        Item::Row { line, .. } => line.start,
        Item::Cell(c) => c.span().start,
        Item::Text(s) | Item::Furniture(s) => s.start,
    }
}

/// Page furniture: page numbers ("— 3 —", "-3-", "第 3 页", "第3页 共9页", "3/9") and form feeds.
pub fn is_furniture(line: &str) -> bool {
    // Page numbers are short and made of digits, dashes, spaces and 第/页/共.
    if line.len() > 60
        || line
            .chars()
            .any(|c| !(c.is_ascii_digit() || c.is_whitespace() || "-—–－─/／,，第页共\u{FF10}\u{FF11}\u{FF12}\u{FF13}\u{FF14}\u{FF15}\u{FF16}\u{FF17}\u{FF18}\u{FF19}\u{000C}\u{3000}\u{A0}".contains(c)))
    {
        return false;
    }
    let t: String = line
        .chars()
        .filter(|c| !crate::normalize::is_space(*c) && *c != '\u{000C}')
        .map(crate::normalize::ascii_form)
        .collect();
    if t.is_empty() {
        return line.contains('\u{000C}');
    }
    let dashes = ['-', '—', '–', '－', '－', '─'];
    let inner = t.trim_matches(&dashes[..]);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(inner) && t.starts_with(&dashes[..]) && t.ends_with(&dashes[..]) {
        return true;
    }
    if let Some(rest) = t.strip_prefix('第')
        && let Some((n, tail)) = rest.split_once('页')
        && digits(n)
    {
        let tail = tail.trim_start_matches([',', '，', '/']);
        return tail.is_empty()
            || tail
                .strip_prefix('共')
                .and_then(|s| s.strip_suffix('页'))
                .is_some_and(digits);
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b) && a.len() <= 3 && b.len() <= 3;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(t: &str, rs: u32, cs: u32) -> SourceCell {
        SourceCell {
            text: t.into(),
            row_span: rs,
            col_span: cs,
        }
    }

    #[test]
    fn places_spans_like_html() {
        let g = Grid::place(
            "table 1",
            GridKind::Table,
            vec![
                vec![
                    cell("对象", 1, 1),
                    cell("服务项目", 1, 2),
                    cell("部门", 1, 1),
                ],
                vec![
                    cell("老年人", 2, 1),
                    cell("1", 1, 1),
                    cell("津贴", 1, 1),
                    cell("民政局", 2, 1),
                ],
                vec![cell("2", 1, 1), cell("补贴", 1, 1)],
            ],
        );
        use Slot::*;
        let o = |s: &str| Origin(s.to_owned());
        assert_eq!(g.rows[0], vec![o("对象"), o("服务项目"), Blank, o("部门")]);
        assert_eq!(g.rows[1], vec![o("老年人"), o("1"), o("津贴"), o("民政局")]);
        assert_eq!(g.rows[2], vec![Below, o("2"), o("补贴"), Below]);
    }

    #[test]
    fn huge_spans_are_clipped() {
        let g = Grid::place(
            "t",
            GridKind::Table,
            vec![vec![cell("a", u32::MAX, u32::MAX)]],
        );
        assert_eq!(g.rows.len(), 1);
        assert_eq!(g.rows[0].len(), MAX_SPAN as usize);
    }

    #[test]
    fn renders_rows_and_prose() {
        let doc = Document {
            notes: Vec::new(),
            blocks: vec![
                Block::Prose("XX区基本养老服务清单".into()),
                Block::Table(Grid::place(
                    "table 1",
                    GridKind::Table,
                    vec![
                        vec![cell("对象", 1, 1), cell("部门", 1, 1)],
                        vec![cell("老年人", 2, 1), cell("区民政局\n区财政局", 1, 1)],
                        vec![cell("x", 1, 1)],
                    ],
                )),
            ],
        };
        let v = doc.render();
        assert_eq!(
            v.text,
            "XX区基本养老服务清单\n对象\t部门\n老年人\t区民政局 区财政局\n\tx"
        );
        let Item::Row { cells, .. } = &v.items[2] else {
            panic!("row expected")
        };
        assert_eq!(cells[1].raw(&v.text), "区民政局\n区财政局");
        let Item::Row { cells, .. } = &v.items[3] else {
            panic!("row expected")
        };
        assert!(cells[0].merged);
        assert_eq!(v.locator(3, 4).as_deref(), Some("table 1, rows 2–3"));
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(27), "AB");
    }
}
