//! A page's characters and rulings turned into blocks: tables from the ruling lines (lattice)
//! and visual lines of prose, top to bottom.
//!
//! Rulings are merged where they touch; rulings that cross form a table. Its columns are the
//! distinct x of its vertical rulings, its rows the distinct y of its horizontal ones; two
//! neighbouring slots with no ruling between them belong to one cell, so a merged cell
//! (vertically centred text and all) becomes one cell with its row and column spans.

use super::page::{Glyph, Page, Rule};

/// Positions closer than this (points) are one.
const SNAP: f32 = 2.0;
/// Rulings per page beyond which the page is read as text only.
const MAX_RULES: usize = 8_000;

/// A cell of a page's table: slot rows `r0..=r1`, slot columns `c0..=c1`.
#[derive(Debug, Clone)]
pub(super) struct PCell {
    pub r0: usize,
    pub r1: usize,
    pub c0: usize,
    pub c1: usize,
    pub text: String,
}

/// A table found on a page.
#[derive(Debug, Clone)]
pub(super) struct PTable {
    /// Column bounds (ncols + 1).
    pub xs: Vec<f32>,
    /// Row bounds (nrows + 1).
    pub ys: Vec<f32>,
    pub cells: Vec<PCell>,
}

impl PTable {
    pub fn nrows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    pub fn ncols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
}

/// A block of a page, top to bottom.
#[derive(Debug, Clone)]
pub(super) enum PBlock {
    /// One visual line of prose, and whether it lies in the page's top or bottom margin (where
    /// running headers and footers are).
    Line(String, bool),
    Table(PTable),
}

/// Merges rulings at one position that touch or overlap.
fn merge(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.retain(|r| r.at.is_finite() && r.a.is_finite() && r.b.is_finite());
    rules.sort_by(|p, q| p.at.total_cmp(&q.at).then(p.a.total_cmp(&q.a)));
    // Cluster by position.
    let mut groups: Vec<Vec<Rule>> = Vec::new();
    for r in rules {
        match groups.last_mut() {
            Some(g) if (r.at - g[0].at).abs() <= SNAP / 2.0 => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    let mut out = Vec::new();
    for mut g in groups {
        let at = g.iter().map(|r| r.at).sum::<f32>() / g.len() as f32;
        g.sort_by(|p, q| p.a.total_cmp(&q.a));
        let mut cur: Option<Rule> = None;
        for r in g {
            match cur.as_mut() {
                Some(c) if r.a <= c.b + SNAP => c.b = c.b.max(r.b),
                _ => {
                    if let Some(c) = cur.take() {
                        out.push(c);
                    }
                    cur = Some(Rule { at, a: r.a, b: r.b });
                }
            }
        }
        out.extend(cur);
    }
    out.retain(|r| r.b - r.a >= 3.0);
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Distinct values, snapped.
fn distinct(mut v: Vec<f32>) -> Vec<f32> {
    v.retain(|x| x.is_finite());
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        match out.last() {
            Some(&l) if x - l <= SNAP => {}
            _ => out.push(x),
        }
    }
    out
}

/// Share of `lo..hi` that `rules` (at one position) cover.
fn coverage(rules: &[Rule], lo: f32, hi: f32) -> f32 {
    let len = hi - lo;
    if len <= 0.0 {
        return 1.0;
    }
    let covered: f32 = rules
        .iter()
        .map(|r| (r.b.min(hi) - r.a.max(lo)).max(0.0))
        .sum();
    covered / len
}

fn slot(bounds: &[f32], v: f32) -> Option<usize> {
    if bounds.len() < 2 || v < bounds[0] || v > bounds[bounds.len() - 1] {
        return None;
    }
    let i = bounds.partition_point(|b| *b <= v);
    Some(i.saturating_sub(1).min(bounds.len() - 2))
}

/// Whether a character is CJK (no spaces between such characters).
pub(super) fn wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Glyphs grouped into visual lines, top to bottom, each left to right.
fn lines(mut glyphs: Vec<&Glyph>) -> Vec<Vec<&Glyph>> {
    glyphs.sort_by(|a, b| a.cy().total_cmp(&b.cy()).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Vec<&Glyph>> = Vec::new();
    let mut line_cy = f32::NAN;
    for g in glyphs {
        match out.last_mut() {
            Some(l) if (g.cy() - line_cy).abs() <= 0.45 * g.size.max(l[0].size) => {
                l.push(g);
            }
            _ => {
                line_cy = g.cy();
                out.push(vec![g]);
            }
        }
    }
    for l in &mut out {
        l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        // The same character drawn twice at one place (fake bold) is one.
        l.dedup_by(|b, a| b.text == a.text && (b.x0 - a.x0).abs() < 0.3 * a.size.max(1.0));
    }
    out
}

/// The text of a visual line, with spaces where the gaps say so.
fn line_text(line: &[&Glyph]) -> String {
    let mut s = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in line {
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            let size = p.size.max(g.size);
            let a = p.text.chars().last().unwrap_or(' ');
            let b = g.text.chars().next().unwrap_or(' ');
            let threshold = if wide(a) && wide(b) {
                1.0
            } else if wide(a) || wide(b) {
                0.6
            } else {
                0.15
            };
            if gap > threshold * size && !s.ends_with(' ') && b != ' ' {
                s.push(' ');
            }
        }
        s.push_str(&g.text);
        prev = Some(g);
    }
    s.trim().to_owned()
}

/// Characters a line may not start with (closing punctuation): the one before them is carried
/// to the next line with them.
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '”'
            | '’'
            | ')'
            | ','
            | '.'
            | ';'
            | ':'
            | '%'
            | '％'
    )
}

/// Characters a line may not end with (opening brackets): they go to the next line.
fn no_line_end(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '【' | '〔' | '“' | '‘' | '(')
}

/// Whether a line that leaves `slack` points free before `right` was wrapped rather than ended:
/// the first unit of the next line, which a line may not break inside, would not have fitted.
/// A unit is one Han character, or a run of Latin letters and digits, with the opening marks
/// before it and the closing marks after it (a closing mark may not start a line, an opening one
/// may not end it).
fn wrapped(slack: f32, size: f32, next: &str) -> bool {
    let chars: Vec<char> = next.chars().collect();
    let w = |c: char| if wide(c) { size } else { 0.6 * size };
    let mut i = 0;
    let mut unit = 0.0;
    while i < chars.len() && no_line_end(chars[i]) {
        unit += w(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i].is_ascii_alphanumeric() {
        while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
            unit += w(chars[i]);
            i += 1;
        }
    } else if i < chars.len() {
        unit += w(chars[i]);
        i += 1;
    }
    while i < chars.len() && no_line_start(chars[i]) {
        unit += w(chars[i]);
        i += 1;
    }
    // Padding of a cell (about 5.7pt in Word/LibreOffice) and a little play.
    slack < 7.0 + unit + 0.3 * size
}

/// Whether a wrap between `a` and `b` was at a space between two Latin words (a run of digits
/// broken because the cell is too narrow, as a phone number is, joins without one).
fn word_gap(a: char, b: char) -> bool {
    a.is_ascii_alphabetic() && b.is_ascii_alphabetic()
}

/// Joins visual lines (text, right end, size) into paragraphs: a line that was wrapped goes
/// on in the next one, one that ended short ends its paragraph (`\n`).
fn join_lines(lines: &[(String, f32, f32)], right: f32) -> String {
    let mut out = String::new();
    for (i, (t, _, _)) in lines.iter().enumerate() {
        if i > 0 {
            let (prev, end, size) = &lines[i - 1];
            let a = prev.chars().last().unwrap_or(' ');
            let b = t.chars().next().unwrap_or(' ');
            if !wrapped(right - end, *size, t) {
                out.push('\n');
            } else if word_gap(a, b) {
                out.push(' ');
            }
        }
        out.push_str(t);
    }
    out
}

/// The text of a cell: its lines joined where the line above was wrapped (it reaches the
/// cell's right edge), kept apart where it ended short (a paragraph's end).
fn cell_text(glyphs: Vec<&Glyph>, right: f32) -> String {
    let ls: Vec<(String, f32, f32)> = lines(glyphs)
        .into_iter()
        .map(|l| {
            let end = l.iter().map(|g| g.x1).fold(f32::MIN, f32::max);
            let size = l.iter().map(|g| g.size).fold(1.0, f32::max);
            (line_text(&l), end, size)
        })
        .filter(|(t, _, _)| !t.is_empty())
        .collect();
    join_lines(&ls, right)
}

fn is_page_number(t: &str) -> bool {
    let t = t.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().count() <= 16
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    '-' | '—'
                        | '–'
                        | ' '
                        | '第'
                        | '页'
                        | '共'
                        | '/'
                        | '·'
                        | 'P'
                        | 'p'
                        | 'a'
                        | 'g'
                        | 'e'
                        | '.'
                )
        })
}

/// The blocks of one page, top to bottom.
pub(super) fn blocks(page: &Page) -> Vec<PBlock> {
    let mut tables: Vec<PTable> = Vec::new();
    let mut used = vec![false; page.glyphs.len()];
    for (h, v) in ruling_groups(page) {
        let h: Vec<&Rule> = h.iter().collect();
        let v: Vec<&Rule> = v.iter().collect();
        if let Some(t) = table_of(&h, &v, page, &mut used) {
            tables.push(t);
        }
    }
    let prose = prose_lines(page, &used);
    let mut out = join_wrapped(&prose, page);
    for t in tables {
        out.push((t.ys[0], PBlock::Table(t)));
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|(_, b)| b).collect()
}

/// The page's rulings in groups that cross one another (one group a table): horizontal and
/// vertical ones.
fn ruling_groups(page: &Page) -> Vec<(Vec<Rule>, Vec<Rule>)> {
    let mut hs = merge(page.horizontal.clone());
    let mut vs = merge(page.vertical.clone());
    if hs.len() + vs.len() > MAX_RULES {
        hs.clear();
        vs.clear();
    }
    // Rulings that cross are one table.
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if v.at >= h.a - SNAP && v.at <= h.b + SNAP && h.at >= v.a - SNAP && h.at <= v.b + SNAP
            {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<&Rule>, Vec<&Rule>)> =
        std::collections::BTreeMap::new();
    for (i, h) in hs.iter().enumerate() {
        groups.entry(find(&mut parent, i)).or_default().0.push(h);
    }
    for (j, v) in vs.iter().enumerate() {
        groups
            .entry(find(&mut parent, hs.len() + j))
            .or_default()
            .1
            .push(v);
    }
    groups
        .into_values()
        .map(|(h, v)| {
            (
                h.into_iter().copied().collect(),
                v.into_iter().copied().collect(),
            )
        })
        .collect()
}

/// The table a group of rulings draws, with the characters inside it (marked `used`); `None`
/// for a frame around prose or a group that draws no grid.
fn table_of(h: &[&Rule], v: &[&Rule], page: &Page, used: &mut [bool]) -> Option<PTable> {
    if h.len() < 2 || v.len() < 2 {
        return None;
    }
    let (xs, ys) = grid_bounds(h, v);
    let (nr, nc) = (ys.len().saturating_sub(1), xs.len().saturating_sub(1));
    if nr == 0 || nc == 0 || nr * nc > 100_000 {
        return None;
    }
    let parent = merged_slots(h, v, &xs, &ys);
    let (mut cells, owner) = cells_of(parent, nr, nc);
    let mut per_cell: Vec<Vec<&Glyph>> = vec![Vec::new(); cells.len()];
    for (gi, g) in page.glyphs.iter().enumerate() {
        if used[gi] {
            continue;
        }
        if let (Some(c), Some(r)) = (slot(&xs, g.cx()), slot(&ys, g.cy())) {
            used[gi] = true;
            per_cell[owner[r * nc + c]].push(g);
        }
    }
    for (cell, gs) in cells.iter_mut().zip(per_cell) {
        cell.text = cell_text(gs, xs[cell.c1 + 1]);
    }
    // A frame around prose (one row or one column) is no table.
    let real = cells.len() >= 2 && nr >= 2 && nc >= 2;
    if !real {
        for (gi, g) in page.glyphs.iter().enumerate() {
            if slot(&xs, g.cx()).is_some() && slot(&ys, g.cy()).is_some() {
                used[gi] = false;
            }
        }
        return None;
    }
    cells.sort_by_key(|c| (c.r0, c.c0));
    Some(PTable { xs, ys, cells })
}

/// The column and row bounds of a grid: every ruling's position, and the outer edges drawn
/// only by the other direction's rulings.
fn grid_bounds(h: &[&Rule], v: &[&Rule]) -> (Vec<f32>, Vec<f32>) {
    let mut xv: Vec<f32> = v.iter().map(|r| r.at).collect();
    let mut yv: Vec<f32> = h.iter().map(|r| r.at).collect();
    let (hl, hr) = h
        .iter()
        .fold((f32::MAX, f32::MIN), |(l, r), x| (l.min(x.a), r.max(x.b)));
    let (vt, vb) = v
        .iter()
        .fold((f32::MAX, f32::MIN), |(t, b), x| (t.min(x.a), b.max(x.b)));
    xv.extend([hl, hr]);
    yv.extend([vt, vb]);
    (distinct(xv), distinct(yv))
}

/// The grid's slots (row-major) as a union-find forest: slots with no ruling between them are
/// one cell.
fn merged_slots(h: &[&Rule], v: &[&Rule], xs: &[f32], ys: &[f32]) -> Vec<usize> {
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    // The rulings at each column and row bound.
    let near = |rules: &[&Rule], at: f32| -> Vec<Rule> {
        rules
            .iter()
            .filter(|r| (r.at - at).abs() <= SNAP)
            .map(|r| **r)
            .collect()
    };
    let at_x: Vec<Vec<Rule>> = xs.iter().map(|x| near(v, *x)).collect();
    let at_y: Vec<Vec<Rule>> = ys.iter().map(|y| near(h, *y)).collect();
    let mut p: Vec<usize> = (0..nr * nc).collect();
    for r in 0..nr {
        for c in 0..nc {
            if c + 1 < nc && coverage(&at_x[c + 1], ys[r], ys[r + 1]) < 0.5 {
                union(&mut p, r * nc + c, r * nc + c + 1);
            }
            if r + 1 < nr && coverage(&at_y[r + 1], xs[c], xs[c + 1]) < 0.5 {
                union(&mut p, r * nc + c, (r + 1) * nc + c);
            }
        }
    }
    p
}

/// The cells of merged slots, and the cell owning each slot; a cell that is not a rectangle is
/// split into its slots.
fn cells_of(mut p: Vec<usize>, nr: usize, nc: usize) -> (Vec<PCell>, Vec<usize>) {
    let mut comp: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for s in 0..nr * nc {
        comp.entry(find(&mut p, s)).or_default().push(s);
    }
    let mut owner = vec![usize::MAX; nr * nc];
    let mut cells: Vec<PCell> = Vec::new();
    for slots in comp.values() {
        let (r0, r1) = slots
            .iter()
            .fold((usize::MAX, 0), |(a, b), s| (a.min(s / nc), b.max(s / nc)));
        let (c0, c1) = slots
            .iter()
            .fold((usize::MAX, 0), |(a, b), s| (a.min(s % nc), b.max(s % nc)));
        if (r1 - r0 + 1) * (c1 - c0 + 1) == slots.len() {
            for &s in slots {
                owner[s] = cells.len();
            }
            cells.push(PCell {
                r0,
                r1,
                c0,
                c1,
                text: String::new(),
            });
        } else {
            for &s in slots {
                owner[s] = cells.len();
                cells.push(PCell {
                    r0: s / nc,
                    r1: s / nc,
                    c0: s % nc,
                    c1: s % nc,
                    text: String::new(),
                });
            }
        }
    }
    (cells, owner)
}

/// A line of prose: text, left, right, baseline, size, whether it is in the page's margin.
type ProseLine = (String, f32, f32, f32, f32, bool);

/// The lines of prose: every character outside the tables; page numbers in the margins left out.
fn prose_lines(page: &Page, used: &[bool]) -> Vec<ProseLine> {
    let rest: Vec<&Glyph> = page
        .glyphs
        .iter()
        .zip(used)
        .filter(|(_, u)| !**u)
        .map(|(g, _)| g)
        .collect();
    let mut prose: Vec<ProseLine> = Vec::new();
    for l in lines(rest) {
        let text = line_text(&l);
        if text.is_empty() {
            continue;
        }
        let y = l.iter().map(|g| g.y).sum::<f32>() / l.len() as f32;
        let margin = page.height * 0.1;
        let edge = y < margin || y > page.height - margin;
        if is_page_number(&text) && edge {
            continue;
        }
        let x0 = l.iter().map(|g| g.x0).fold(f32::MAX, f32::min);
        let x1 = l.iter().map(|g| g.x1).fold(f32::MIN, f32::max);
        let size = l.iter().map(|g| g.size).fold(1.0, f32::max);
        prose.push((text, x0, x1, y, size, edge));
    }
    prose
}

/// A paragraph wrapped over lines is one line again: a line that reaches the right edge of the
/// page's text goes on in the next line when that one starts at the left edge.
fn join_wrapped(prose: &[ProseLine], page: &Page) -> Vec<(f32, PBlock)> {
    let mut out: Vec<(f32, PBlock)> = Vec::new();
    let body = prose.iter().filter(|p| !p.5);
    let left = body.clone().map(|p| p.1).fold(f32::MAX, f32::min);
    let right = page.glyphs.iter().map(|g| g.x1).fold(f32::MIN, f32::max);
    let mut i = 0;
    while i < prose.len() {
        let (mut text, _, mut end, y, _, edge) = prose[i].clone();
        let mut j = i + 1;
        while j < prose.len() && !edge {
            let (t, x0, x1, y1, s1, e1) = &prose[j];
            let (prev_y, prev_size) = (prose[j - 1].3, prose[j - 1].4);
            let last = text.chars().last().unwrap_or(' ');
            let goes_on = !e1
                && (s1 - prev_size).abs() < 1.0
                && y1 - prev_y < 2.0 * prev_size
                && x0 - left < prev_size
                && wrapped(right - end, prev_size, t);
            if !goes_on {
                break;
            }
            let b = t.chars().next().unwrap_or(' ');
            if word_gap(last, b) {
                text.push(' ');
            }
            text.push_str(t);
            end = *x1;
            j += 1;
        }
        out.push((y, PBlock::Line(text, edge)));
        i = j;
    }
    out
}

/// The page as `pdftotext -layout` writes it: each visual line a line, each character at the
/// display column of its x (a Han character two columns wide), a blank line where lines are far
/// apart. For pages whose tables are drawn without rulings (stream), this text goes to the
/// reader of space-aligned columns ([`crate::read::columns`]).
pub(super) fn layout_text(page: &Page) -> String {
    let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    if glyphs.is_empty() {
        return String::new();
    }
    let left = glyphs.iter().map(|g| g.x0).fold(f32::MAX, f32::min);
    let mut out = String::new();
    let mut last_y: Option<(f32, f32)> = None;
    for l in lines(glyphs) {
        let y = l[0].y;
        let size = l.iter().map(|g| g.size).fold(1.0, f32::max);
        if let Some((py, ps)) = last_y
            && y - py > 1.8 * size.max(ps)
        {
            out.push('\n');
        }
        last_y = Some((y, size));
        // A column is half the line's own character size: a table set smaller than the prose
        // of its page keeps its cells apart, and lines of one size share one grid.
        let mut sizes: Vec<f32> = l.iter().map(|g| g.size).collect();
        sizes.sort_by(f32::total_cmp);
        let unit = (sizes[sizes.len() / 2] / 2.0).max(0.5);
        let mut line = String::new();
        let mut width = 0usize;
        let mut prev_x1 = f32::MIN;
        let mut prev_wide: Option<bool> = None;
        for g in &l {
            // A character that touches the one before follows it, whatever rounding its x to
            // a column gives (digits a little wider than half a Han character drift a column
            // apart: "10 0").
            // So does a digit or letter after a Han character, or one before it, set a quarter
            // of an em apart (the space Word and LibreOffice put between Han and Latin text:
            // "补助 4" would cross into the next column).
            let gap = (g.x0 - prev_x1).abs();
            let mixed = prev_wide.is_some_and(|w| w != g.text.chars().next().is_some_and(wide));
            let touching =
                prev_x1 > f32::MIN && (gap < 0.15 * g.size || (mixed && gap < 0.35 * g.size));
            let col = if touching {
                width
            } else {
                ((g.x0 - left) / unit).round().max(0.0) as usize
            };
            if col > width {
                line.extend(std::iter::repeat_n(' ', (col - width).min(1000)));
                width = col;
            } else if !line.is_empty() && g.x0 - prev_x1 > 0.6 * g.size && !line.ends_with(' ') {
                line.push(' ');
                width += 1;
            }
            for c in g.text.chars() {
                line.push(c);
                width += if wide(c) { 2 } else { 1 };
            }
            prev_x1 = g.x1;
            prev_wide = g.text.chars().last().map(wide);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x0: f32, y: f32) -> Glyph {
        let w = if text.chars().all(wide) { 10.0 } else { 5.0 };
        Glyph {
            text: text.into(),
            x0,
            x1: x0 + w,
            y,
            size: 10.0,
        }
    }

    #[test]
    fn layout_text_keeps_columns() {
        let mut page = Page {
            height: 842.0,
            ..Page::default()
        };
        for (i, c) in "序号".chars().enumerate() {
            page.glyphs
                .push(glyph(&c.to_string(), 50.0 + 10.0 * i as f32, 100.0));
        }
        for (i, c) in "服务项目".chars().enumerate() {
            page.glyphs
                .push(glyph(&c.to_string(), 150.0 + 10.0 * i as f32, 100.0));
        }
        page.glyphs.push(glyph("1", 55.0, 115.0));
        for (i, c) in "高龄津贴".chars().enumerate() {
            page.glyphs
                .push(glyph(&c.to_string(), 150.0 + 10.0 * i as f32, 115.0));
        }
        let t = layout_text(&page);
        let lines: Vec<&str> = t.lines().collect();
        // 5pt a display column; a Han character two wide.
        assert_eq!(lines[0], format!("序号{}服务项目", " ".repeat(16)));
        assert_eq!(lines[1], format!(" 1{}高龄津贴", " ".repeat(18)));
    }

    #[test]
    fn touching_digits_stay_one_number() {
        // Digits 5.5pt wide at a 5pt column: rounding their x alone would put "10 0".
        let mut page = Page {
            height: 842.0,
            ..Page::default()
        };
        for (i, c) in "1000".chars().enumerate() {
            let x0 = 100.0 + 5.5 * i as f32;
            page.glyphs.push(Glyph {
                text: c.to_string(),
                x0,
                x1: x0 + 5.5,
                y: 100.0,
                size: 10.0,
            });
        }
        page.glyphs.push(glyph("元", 200.0, 100.0));
        let t = layout_text(&page);
        assert_eq!(
            t.lines().next(),
            Some(format!("1000{}元", " ".repeat(16)).as_str())
        );
    }

    #[test]
    fn wraps_and_paragraph_ends() {
        // A cell 100pt wide: a line ending 8pt short was wrapped if the next character needed
        // more room, ended if it did not.
        assert!(wrapped(8.0, 10.0, "老年人"));
        assert!(!wrapped(30.0, 10.0, "老年人"));
        // An opening bracket may not end a line: it went over with the next character.
        assert!(wrapped(25.0, 10.0, "（乡镇）"));
        let lines = vec![
            ("区民政局".to_owned(), 80.0, 10.0),
            ("区财政局".to_owned(), 80.0, 10.0),
        ];
        assert_eq!(join_lines(&lines, 120.0), "区民政局\n区财政局");
        assert_eq!(join_lines(&lines, 90.0), "区民政局区财政局");
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("- 3 -"));
        assert!(is_page_number("第 2 页 共 5 页"));
        assert!(!is_page_number("2024 年 3 月 15 日"));
        assert!(!is_page_number("附件"));
    }

    #[test]
    fn rulings_merge() {
        let r = merge(vec![
            Rule {
                at: 10.0,
                a: 0.0,
                b: 50.0,
            },
            Rule {
                at: 10.4,
                a: 51.0,
                b: 100.0,
            },
            Rule {
                at: 30.0,
                a: 0.0,
                b: 1.0,
            },
        ]);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].a, r[0].b), (0.0, 100.0));
    }
}
