//! Cutting the list into records (the cells of one row), one function per layout, with
//! section rows, notes and text that belongs to no cell set apart.

use super::header::{
    Found, broken_header_rest, find_header, find_title, is_repeated_header, norm_cells,
};
use super::numbers::{number_key, seq_value};
use super::{Role, clip, unused};
use crate::diag::{Code, Diagnostics};
use crate::grammar::{Cell, Item};
use crate::layout::Layout;
use crate::lexicon::section_type;
use crate::normalize;
use crate::span::{Span, slice};
use std::ops::ControlFlow;
use std::rc::Rc;

/// A list's header, title and preamble found and its records cut; rows still to build.
pub(super) struct Cut {
    pub(super) layout: Layout,
    pub(super) found: Found,
    pub(super) title: Option<(String, Span)>,
    pub(super) preamble: Vec<Span>,
    pub(super) records: Vec<Record>,
}

pub(super) fn cut_records(
    text: &str,
    items: &mut [Item],
    layout: Layout,
    diags: &mut Diagnostics,
) -> Option<Cut> {
    let found = find_header(text, items)?;
    let title = find_title(text, items, found.start);
    let mut preamble = Vec::new();
    // Lines between the title and the header are inside the list.
    if let Some((_, tspan)) = &title {
        for item in &items[..found.start] {
            let span = match item {
                Item::Text(s) => *s,
                Item::Row { line, .. } => *line,
                Item::Cell(c) => c.span(),
                Item::Furniture(_) => continue,
            };
            if span.start > tspan.start && span.end > tspan.end {
                unused(text, span, diags);
                preamble.push(span);
            }
        }
    }
    for c in &found.header.conflicts {
        diags.warn(Code::DuplicateColumn, found.header.span, c.clone());
    }
    if title.is_none() {
        diags.warn(
            Code::MissingTitle,
            found.header.span,
            "no 基本养老服务清单 title above the list's header",
        );
    }
    let records = match layout {
        Layout::Tsv => tsv_records(text, items, &found, false, diags),
        Layout::Table | Layout::Columns | Layout::CellLines => {
            tsv_records(text, items, &found, true, diags)
        }
        Layout::LineBroken => line_broken_records(text, items, &found, diags),
    };
    // A second list after this one (two documents in one file): said, not read silently.
    let list_end = records.last().map_or(found.header.span.end, |r| r.span.end);
    let after = items.partition_point(|it| crate::grammar::start_of(it) < list_end);
    if let Some(second) = find_header(text, &items[after..]) {
        let title = find_title(text, &items[after..], second.start)
            .map_or_else(String::new, |(t, _)| format!(" ({t})"));
        diags.warn(
            Code::SecondList,
            second.header.span,
            format!(
                "a second service list{title} starts here; only the first is in this output: split the file to read both"
            ),
        );
    }
    Some(Cut {
        layout,
        found,
        title,
        preamble,
        records,
    })
}

/// A record: the cells of one row before column mapping.
pub(super) struct Record {
    pub(super) cells: Vec<Cell>,
    pub(super) span: Span,
    /// The 服务类型 of the section row above ("一、物质帮助类（9项）"), if any.
    pub(super) section: Option<Rc<str>>,
}

/// Records of a table whose rows are lines. `exact` is for formats that carry their own
/// cells (docx, HTML, xlsx, CSV, Markdown): a row is never wrapped there, so no row is joined
/// with the next, and prose after the table ends the list unless the table goes on under a
/// repeated header.
fn tsv_records(
    text: &str,
    items: &mut [Item],
    found: &Found,
    exact: bool,
    diags: &mut Diagnostics,
) -> Vec<Record> {
    let columns = &found.header.columns;
    let mut cut = LineCut {
        text,
        found,
        exact,
        k: columns.len(),
        s: columns.iter().position(|r| *r == Role::Seq),
        last_role: columns.last().copied(),
        records: Vec::new(),
        pending_text: Vec::new(),
        section: None,
        header_rest: None,
        diags,
    };
    // Each row's cells move into its record (a long list is not held twice); the items after
    // the current one are only looked at.
    let rest = &mut items[found.end..];
    cut.records.reserve(rest.len());
    for at in 0..rest.len() {
        let (here, ahead) = rest.split_at_mut(at + 1);
        let ahead: &[Item] = ahead;
        let flow = match &mut here[at] {
            Item::Row { cells, line } => cut.row(cells, *line, ahead),
            Item::Text(sp) => cut.text_line(*sp, ahead),
            Item::Cell(c) => {
                cut.pending_text.push(c.span());
                ControlFlow::Continue(())
            }
            Item::Furniture(_) => ControlFlow::Continue(()),
        };
        if flow.is_break() {
            break;
        }
    }
    cut.finish()
}

/// The cells of a row up to its last written one.
fn filled(text: &str, cells: &[Cell]) -> usize {
    let mut n = cells.len();
    while n > 0 && cells[n - 1].is_blank(text) {
        n -= 1;
    }
    n
}

/// [`tsv_records`] under way: the records so far and the text that waits for the next row.
struct LineCut<'a, 'd> {
    text: &'a str,
    found: &'a Found,
    exact: bool,
    /// The header's column count.
    k: usize,
    /// The 序号 column.
    s: Option<usize>,
    last_role: Option<Role>,
    records: Vec<Record>,
    /// Lines not yet placed: the wrapped first cell of the next row, or text in no cell.
    pending_text: Vec<Span>,
    /// The 服务类型 of the last section row.
    section: Option<Rc<str>>,
    /// The rest of a header cell that a repeated header broke off, expected on the next line.
    header_rest: Option<String>,
    diags: &'d mut Diagnostics,
}

impl LineCut<'_, '_> {
    /// A row: a repeated header, a section row, a note, the rest of a wrapped row, or a record.
    fn row(&mut self, cells: &mut Vec<Cell>, line: Span, ahead: &[Item]) -> ControlFlow<()> {
        let text = self.text;
        let normed = norm_cells(text, cells);
        let rest = self.header_rest.take();
        let mut written = normed.iter().filter(|c| !c.is_empty());
        if let (Some(rest), Some(only), None) = (rest, written.next(), written.next())
            && *only == rest
        {
            return ControlFlow::Continue(());
        }
        if is_repeated_header(&normed, &self.found.header) {
            // A header at the very end of a file without a line break: cut there.
            if at_eof(text, line) {
                self.pending_text.push(line);
            }
            self.header_rest = broken_header_rest(&normed, &self.found.header);
            return ControlFlow::Continue(());
        }
        if normed.iter().all(|c| c.is_empty()) {
            return ControlFlow::Continue(());
        }
        let starts_row = self
            .s
            .is_some_and(|s| normed.get(s).and_then(|c| seq_value(c)).is_some());
        // A section row: one written cell that reads as a section heading.
        let mut written = normed.iter().filter(|c| !c.is_empty());
        if let (Some(only), None) = (written.next(), written.next()) {
            if let Some(t) = section_type(only, !self.exact) {
                self.section = Some(t.into());
                return ControlFlow::Continue(());
            }
            // In a table with its own cells, a row of one written cell without a number is a
            // note (注：…) or a caption, not a service: a note ends the list, anything else is
            // reported.
            if self.exact && !starts_row {
                if crate::grammar::is_end_marker(only)
                    && !self.records.is_empty()
                    && !numbering_goes_on(text, ahead, &self.records, self.s)
                {
                    return ControlFlow::Break(());
                }
                self.pending_text.push(line);
                return ControlFlow::Continue(());
            }
        }
        // A row wrapped over lines: the previous row is short, this line starts no row.
        if !self.exact && !starts_row && self.join_wrapped_row(cells, line) {
            return ControlFlow::Continue(());
        }
        self.push_row(std::mem::take(cells), line);
        ControlFlow::Continue(())
    }

    /// Joins the cells of a line to the previous row when that row is short and they fit;
    /// false when they do not.
    fn join_wrapped_row(&mut self, cells: &mut Vec<Cell>, line: Span) -> bool {
        let Some(prev) = self.records.last_mut() else {
            return false;
        };
        let have = filled(self.text, &prev.cells);
        if !(self.pending_text.is_empty() && have < self.k && have + cells.len() - 1 <= self.k) {
            return false;
        }
        prev.cells.truncate(have.max(1));
        let mut rest = std::mem::take(cells).into_iter();
        if let (Some(first), Some(last)) = (rest.next(), prev.cells.last_mut()) {
            last.parts.extend(first.parts.iter().copied());
        }
        prev.cells.extend(rest);
        prev.span = prev.span.cover(line);
        true
    }

    /// A row's record. The text waiting above it is its first cell, wrapped, when that cell
    /// is written and the text stands right above; otherwise it is unused.
    fn push_row(&mut self, mut cells: Vec<Cell>, line: Span) {
        let text = self.text;
        let mut span = line;
        // Lines just above a row whose first cell is written are that cell, wrapped.
        let first_written = !self.exact && cells.first().is_some_and(|c| !c.is_blank(text));
        let adjacent = self.pending_text.last().is_some_and(|sp| {
            text.get(sp.end..line.start)
                .is_some_and(|gap| gap.trim().is_empty())
        });
        if first_written
            && adjacent
            && let Some(first) = cells.first_mut()
        {
            let mut parts = std::mem::take(&mut self.pending_text);
            span = parts.first().map_or(span, |p| p.cover(span));
            parts.extend(first.parts.drain(..));
            first.parts = parts.into();
        }
        for sp in self.pending_text.drain(..) {
            unused(text, sp, self.diags);
        }
        self.records.push(Record {
            cells,
            span,
            section: self.section.clone(),
        });
    }

    /// A text line: a section heading, a note, prose after a table with its own cells, a
    /// wrapped last cell, or text that waits for the next row.
    fn text_line(&mut self, sp: Span, ahead: &[Item]) -> ControlFlow<()> {
        let text = self.text;
        let raw = slice(text, sp);
        if self
            .header_rest
            .take()
            .is_some_and(|rest| normalize::text(raw) == rest)
        {
            return ControlFlow::Continue(());
        }
        if let Some(t) = section_type(&normalize::text(raw), true) {
            self.section = Some(t.into());
            return ControlFlow::Continue(());
        }
        if crate::grammar::is_end_marker(raw) && !self.records.is_empty() {
            return self.note(sp, ahead);
        }
        if self.exact {
            // Prose after the table: the list ends, unless the next row is a repeated header
            // (a table continued after a note or a page break).
            let continues = ahead
                .iter()
                .find_map(|it| match it {
                    Item::Row { cells, .. } => Some(cells),
                    _ => None,
                })
                .is_some_and(|cells| {
                    is_repeated_header(&norm_cells(text, cells), &self.found.header)
                });
            if !self.records.is_empty() && !continues {
                return ControlFlow::Break(());
            }
            self.pending_text.push(sp);
            return ControlFlow::Continue(());
        }
        if !self.join_wrapped_cell(raw, sp) {
            self.pending_text.push(sp);
        }
        ControlFlow::Continue(())
    }

    /// A note line after a record: it ends the list unless the numbered rows go on after it.
    fn note(&mut self, sp: Span, ahead: &[Item]) -> ControlFlow<()> {
        let text = self.text;
        // A note inside the list ("注：以上标准按年度动态调整") does not end it when the
        // numbered rows go on after it.
        if numbering_goes_on(text, ahead, &self.records, self.s) {
            unused(text, sp, self.diags);
            return ControlFlow::Continue(());
        }
        // The file cut just after the note (nothing, or one line cut short, follows it).
        let after: Vec<Span> = ahead
            .iter()
            .filter(|it| !matches!(it, Item::Furniture(_)))
            .map(item_span)
            .collect();
        match after.as_slice() {
            [] if at_eof(text, sp) => self.pending_text.push(sp),
            [one] if at_eof(text, *one) => self.pending_text.extend([sp, *one]),
            _ => {}
        }
        ControlFlow::Break(())
    }

    /// A wrapped last cell: the row is short, or the line holds only more organisation names
    /// for a 牵头部门 column. False when the line is no such continuation.
    fn join_wrapped_cell(&mut self, raw: &str, sp: Span) -> bool {
        let Some(prev) = self.records.last_mut() else {
            return false;
        };
        let have = filled(self.text, &prev.cells);
        let more_orgs = self.last_role == Some(Role::Departments)
            && have == self.k
            && normalize::departments(raw)
                .iter()
                .all(|d| normalize::is_org_name(d));
        if !(self.pending_text.is_empty() && (have < self.k || more_orgs) && have > 0) {
            return false;
        }
        prev.cells.truncate(have);
        if let Some(last) = prev.cells.last_mut() {
            last.parts.push(sp);
        }
        prev.span = prev.span.cover(sp);
        true
    }

    /// The records, with the end of the file checked: a last row short of cells, or text after
    /// it that the end of the file cuts off.
    fn finish(self) -> Vec<Record> {
        let LineCut {
            text,
            k,
            records,
            pending_text,
            diags,
            ..
        } = self;
        if let Some(last) = records.last() {
            let have = filled(text, &last.cells);
            // A short last row followed by text after a blank line (a note, a signature) was
            // ended by its writer: cells merged across columns, not a file cut short.
            let tail = text.get(last.span.end..).unwrap_or_default();
            let ended = tail
                .find(|c: char| !normalize::is_space(c))
                .is_some_and(|at| has_blank_line(&tail[..at]));
            if have < k.saturating_sub(1) && !ended {
                diags.warn(
                    Code::Truncated,
                    last.span,
                    format!("the last row has {have} of {k} cells: the file may be cut short"),
                );
            }
        }
        // Text after the last row that the end of the file cuts off mid-line ("关爱服"): the file
        // was cut inside the next row.
        if let (Some(last), Some(tail)) = (records.last(), pending_text.last())
            && at_eof(text, *tail)
        {
            for sp in &pending_text {
                unused(text, *sp, diags);
            }
            diags.warn(
                Code::Truncated,
                *tail,
                format!(
                    "the file ends inside a line after the last row ({}): it may be cut short",
                    clip(&normalize::text(slice(text, last.span)))
                ),
            );
        }
        records
    }
}

fn item_span(item: &Item) -> Span {
    match item {
        Item::Row { line, .. } => *line,
        Item::Cell(c) => c.span(),
        Item::Text(s) | Item::Furniture(s) => *s,
    }
}

/// The span ends the file, which has no line break at its end: a file cut there.
fn at_eof(text: &str, span: Span) -> bool {
    !text.ends_with('\n')
        && text
            .get(span.end..)
            .is_some_and(|t| t.chars().all(normalize::is_space))
}

/// True when a row numbered just after the last record's number follows within the next few
/// items: the list goes on past a note line.
fn numbering_goes_on(text: &str, after: &[Item], records: &[Record], s: Option<usize>) -> bool {
    let Some(s) = s else { return false };
    let last = records.iter().rev().find_map(|r| {
        r.cells
            .get(s)
            .and_then(|c| seq_value(&normalize::text(&c.raw(text))))
    });
    let Some(last) = last else { return false };
    after
        .iter()
        .filter_map(|it| match it {
            Item::Row { cells, .. } => Some(cells),
            _ => None,
        })
        .take(3)
        .any(|cells| {
            cells
                .get(s)
                .and_then(|c| seq_value(&normalize::text(&c.raw(text))))
                .is_some_and(|v| v > last && v <= last + 2)
        })
}

/// Records of the line-broken layout, where every cell stands on its own line: a record is
/// known by its cell count and its numeric 序号 cell.
fn line_broken_records(
    text: &str,
    items: &mut [Item],
    found: &Found,
    diags: &mut Diagnostics,
) -> Vec<Record> {
    let columns = &found.header.columns;
    let k = columns.len();
    let s = columns.iter().position(|r| *r == Role::Seq).unwrap_or(0);
    let rest = &mut items[found.end..];
    let DataCells {
        cells,
        stray,
        sections,
    } = data_cells(text, rest, found);
    let seqs = number_cells(text, rest, &cells, &sections, s, k);
    let span_at = |rest: &[Item], j: usize| {
        rest.get(j)
            .and_then(cell_of)
            .map_or_else(Span::default, Cell::span)
    };
    let Some(&first) = seqs.first() else {
        for &at in &cells {
            unused(text, span_at(rest, at), diags);
        }
        return Vec::new();
    };
    for &at in &cells[..first - s] {
        unused(text, span_at(rest, at), diags);
    }
    let records = records_at(rest, &cells, &seqs, &sections, s, k);
    if let Some(&lastp) = seqs.last() {
        let end = (lastp - s + k).min(cells.len());
        let list_end = records.last().map_or(0, |r| r.span.end);
        // A short last row followed by text after a blank line (a note, a signature) was ended
        // by its writer: cells merged across columns, not a file cut short.
        let ended = rest.iter().any(|it| match it {
            Item::Text(sp) => {
                sp.start >= list_end && has_blank_line(slice(text, Span::new(list_end, sp.start)))
            }
            _ => false,
        });
        if lastp - s + k > cells.len() && !ended {
            let span = records.last().map(|r| r.span).unwrap_or_default();
            diags.warn(
                Code::Truncated,
                span,
                format!(
                    "the last row has {} of {k} cells: the file may be cut short",
                    cells.len() - (lastp - s)
                ),
            );
        }
        for &at in &cells[end..] {
            unused(text, span_at(rest, at), diags);
        }
        // Text lines between the header and the last record are inside the list.
        for sp in stray.into_iter().filter(|sp| sp.start < list_end) {
            unused(text, sp, diags);
        }
    }
    records
}

/// Whether `gap` (the text between two items) holds a blank line.
pub(super) fn has_blank_line(gap: &str) -> bool {
    let mut lines = gap.split('\n');
    lines.next();
    let mut inner: Vec<&str> = lines.collect();
    inner.pop();
    inner.iter().any(|l| l.chars().all(normalize::is_space))
}

/// The data cells of a line-broken list (as indices into the items: their cells move into
/// the records), without repeated header runs; the text items inside the list, which are
/// unused; the section rows, each with the index of the first cell after it.
struct DataCells {
    cells: Vec<usize>,
    stray: Vec<Span>,
    sections: Vec<(usize, Rc<str>)>,
}

/// The [`DataCells`] of the items after a line-broken header.
fn data_cells(text: &str, rest: &[Item], found: &Found) -> DataCells {
    let k = found.header.columns.len();
    let hlen = found.header.cells.len();
    let mut cells: Vec<usize> = Vec::new();
    let mut stray: Vec<Span> = Vec::new();
    let mut sections: Vec<(usize, Rc<str>)> = Vec::new();
    let mut blanks_after_section = 0usize;
    let mut i = 0;
    while i < rest.len() {
        match &rest[i] {
            Item::Cell(first)
                if found
                    .header
                    .cells
                    .first()
                    .is_some_and(|h| *h == normalize::text(&first.raw(text))) =>
            {
                // The next header-many cells; page numbers may stand between them.
                let run: Vec<(usize, &Cell)> = rest[i..]
                    .iter()
                    .enumerate()
                    .filter(|(_, it)| !matches!(it, Item::Furniture(_)))
                    .take(hlen)
                    .map_while(|(j, it)| cell_of(it).map(|c| (j, c)))
                    .collect();
                let run_cells: Vec<Cell> = run.iter().map(|(_, c)| (*c).clone()).collect();
                if run.len() == hlen
                    && is_repeated_header(&norm_cells(text, &run_cells), &found.header)
                {
                    i += run.last().map_or(hlen, |(j, _)| j + 1);
                    // A header of several rows is repeated whole: its lower rows too.
                    for sub in &found.header.sub_rows {
                        let run: Vec<String> = rest[i..]
                            .iter()
                            .filter(|it| !matches!(it, Item::Furniture(_)))
                            .take(sub.len())
                            .map_while(|it| cell_of(it).map(|c| normalize::text(&c.raw(text))))
                            .collect();
                        if run == *sub {
                            let mut taken = 0;
                            while taken < sub.len() && i < rest.len() {
                                if !matches!(rest[i], Item::Furniture(_)) {
                                    taken += 1;
                                }
                                i += 1;
                            }
                        }
                    }
                    continue;
                }
                cells.push(i);
            }
            // The blank cells of a section row's other columns.
            Item::Cell(c) if blanks_after_section > 0 && c.is_blank(text) => {
                blanks_after_section -= 1;
            }
            Item::Cell(c) => {
                blanks_after_section = 0;
                match section_type(&normalize::text(&c.raw(text)), true) {
                    // A section row ("二、照护服务类（8项）"): not a cell of any record.
                    Some(t) => {
                        sections.push((cells.len(), t.into()));
                        blanks_after_section = k.saturating_sub(1);
                    }
                    None => cells.push(i),
                }
            }
            Item::Text(sp) => stray.push(*sp),
            _ => {}
        }
        i += 1;
    }
    DataCells {
        cells,
        stray,
        sections,
    }
}

/// The 序号 cells among the data cells (indices into `cells`), `s` cells into each record of
/// `k` cells; numbering may start again after a section row (`sections`).
fn number_cells(
    text: &str,
    rest: &[Item],
    cells: &[usize],
    sections: &[(usize, Rc<str>)],
    s: usize,
    k: usize,
) -> Vec<usize> {
    // Choose the 序号 cells: prefer the next number at exactly one record's distance.
    let mut majors: Vec<Option<u32>> = Vec::new();
    let cands: Vec<(usize, u32)> = cells
        .iter()
        .enumerate()
        .skip(s)
        .filter_map(|(j, &at)| {
            let c = rest.get(at).and_then(cell_of)?;
            let (major, v) = number_key(&normalize::text(&c.raw(text)))?;
            majors.push(major);
            Some((j, v))
        })
        .collect();
    let major_at = |j: usize| {
        cands
            .binary_search_by_key(&j, |(cj, _)| *cj)
            .ok()
            .and_then(|i| majors[i])
    };
    // Numbering starts again under a section row, or with the next "2-1".
    let restarts_between = |lj: usize, j: usize| {
        sections.iter().any(|(at, _)| *at > lj && *at <= j)
            || major_at(j).is_some_and(|m| Some(m) != major_at(lj))
    };
    let mut seqs: Vec<usize> = Vec::new();
    let mut last: Option<(usize, u32)> = None;
    let mut from = 0;
    loop {
        // Candidates at least two cells on, and (after the first) within eight records: the
        // window keeps the search linear in the number of cells.
        let min_j = last.map_or(0, |(lj, _)| lj + 2);
        while cands.get(from).is_some_and(|(j, _)| *j < min_j) {
            from += 1;
        }
        let window = &cands[from.min(cands.len())..];
        let window = match last {
            Some((lj, _)) => &window[..window.partition_point(|(j, _)| *j <= lj + 8 * k.max(1))],
            None => window,
        };
        let after: Vec<&(usize, u32)> = window.iter().collect();
        let pick = match last {
            None => after.first().copied(),
            Some((lj, lv)) => after
                .iter()
                .find(|(j, v)| *j == lj + k && *v == lv + 1)
                .or_else(|| after.iter().find(|(_, v)| *v == lv + 1))
                .or_else(|| {
                    after
                        .iter()
                        .find(|(j, v)| *v == 1 && restarts_between(lj, *j))
                })
                .or_else(|| after.iter().find(|(j, _)| *j == lj + k))
                // A later number, a record or more away: rows between lost their numbers.
                .or_else(|| after.iter().find(|(j, v)| *v > lv && *j + 1 >= lj + k))
                .copied(),
        };
        match pick {
            Some(&(j, v)) => {
                seqs.push(j);
                last = Some((j, v));
            }
            None => break,
        }
    }
    seqs
}

/// The records that start at the number cells `seqs` (indices into `cells`), each with the
/// section row above it.
fn records_at(
    rest: &mut [Item],
    cells: &[usize],
    seqs: &[usize],
    sections: &[(usize, Rc<str>)],
    s: usize,
    k: usize,
) -> Vec<Record> {
    let mut records = Vec::with_capacity(seqs.len());
    // The section of each record: the last section row before its first cell (records come in
    // order, so one cursor walks the sections once).
    let mut next_section = 0;
    let mut section: Option<Rc<str>> = None;
    let mut section_at = |at: usize| -> Option<Rc<str>> {
        while let Some((_, t)) = sections.get(next_section).filter(|(j, _)| *j <= at) {
            section = Some(t.clone());
            next_section += 1;
        }
        section.clone()
    };
    let mut record = |rest: &mut [Item], at: &[usize], first: usize| -> Record {
        let rec = take_cells(rest, at);
        let span = rec
            .iter()
            .filter(|c| !c.parts.is_empty())
            .map(Cell::span)
            .reduce(Span::cover)
            .unwrap_or_default();
        Record {
            cells: rec,
            span,
            section: section_at(first),
        }
    };
    for (r, &p) in seqs.iter().enumerate() {
        let start = p - s;
        let end = match seqs.get(r + 1) {
            Some(&next) => next - s,
            None => (start + k).min(cells.len()),
        };
        // Room for two records or more: the ones after the first lost their numbers.
        if end - start >= 2 * k - 1 && k > 1 {
            records.push(record(rest, &cells[start..start + k], start));
            let mut at = start + k;
            while at < end {
                let to = if end - at >= 2 * k - 1 { at + k } else { end };
                records.push(record(rest, &cells[at..to], at));
                at = to;
            }
            continue;
        }
        records.push(record(rest, &cells[start..end], start));
    }
    records
}

/// The cell of a cell item.
fn cell_of(item: &Item) -> Option<&Cell> {
    match item {
        Item::Cell(c) => Some(c),
        _ => None,
    }
}

/// Moves the cells of the items at `at` out of them.
fn take_cells(items: &mut [Item], at: &[usize]) -> Vec<Cell> {
    at.iter()
        .map(|&i| match items.get_mut(i) {
            Some(Item::Cell(c)) => std::mem::take(c),
            _ => Cell::default(),
        })
        .collect()
}
