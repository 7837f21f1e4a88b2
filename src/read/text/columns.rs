//! Text that a PDF extractor made of a table.
//!
//! * **Space-aligned columns** (`pdftotext -layout`): every physical line holds the fragments of
//!   the cells it crosses, placed at their horizontal positions, and a cell wraps over several
//!   lines. The header (a line of header words, or a header split over up to three lines such as
//!   `序   服务类` / `号    别`) names the columns; the column bounds are the positions where the
//!   body's fragments start most often between the header cells; a row is anchored at the line of
//!   its 序号 (vertically centred in the row), and the lines between two numbers are split where
//!   every cell of both rows is best centred. Text centred among several rows whose own cells in
//!   that column are empty is a merged cell and spans them. Form feeds, page numbers and the
//!   header repeated on every page are dropped; lines before the table and after it are prose.
//!   Positions are counted in characters (what poppler writes) or in display columns (a Han
//!   character two wide, as a terminal or an editor would align it), whichever aligns the
//!   fragments better.
//! * **One fragment per line** (`pdftotext` without `-layout`, PyMuPDF `get_text`) and **words
//!   joined by single spaces** (pdfplumber `extract_text`): the cell boundaries are gone (a line
//!   is a piece of some cell, or of several), so such text is refused with the command that keeps
//!   them, rather than guessed.
//!
//! Any text with tabs, or without a header of the list's column names and a run of 序号, is not
//! of these shapes: it goes on to the plain-text grammars.

use crate::layout::Layout;
use crate::read::ReadError;
use crate::table::{Block, Document, Grid, GridKind, SourceCell};
use std::collections::HashSet;

/// The table model rebuilt from extracted text, with the layout that rebuilt it; `None` when
/// the text is not of these shapes.
///
/// # Errors
/// [`ReadError::Unsupported`] when an extractor destroyed the cell boundaries beyond repair.
pub fn read(text: &str) -> Result<Option<(Document, Layout)>, ReadError> {
    // Tab-separated and line-broken text is the grammars'; an extractor never writes tabs.
    if text.contains('\t') || text.len() > 8 << 20 {
        return Ok(None);
    }
    let lexicon = Lexicon::new();
    let lines = Line::split(text);
    match read_columns(&lines, &lexicon) {
        Ok(Some(doc)) => return Ok(Some((doc, Layout::Columns))),
        Ok(None) => {}
        Err(why) => {
            return Err(ReadError::Unsupported {
                what: format!(
                    "space-aligned text (as `pdftotext -layout` writes a table) whose rows could \
                     not be rebuilt for sure ({why})"
                ),
                advice: "pass the PDF itself, or save the document as .docx or .xlsx".into(),
            });
        }
    }
    if let Some(what) = destroyed(&lines, &lexicon) {
        return Err(ReadError::Unsupported {
            what: what.into(),
            advice: "the cell boundaries are lost; extract the PDF's text with \
                     `pdftotext -layout FILE`, which keeps them, or pass the PDF itself"
                .into(),
        });
    }
    Ok(None)
}

/// Whether `text` holds a table set out with spaces under the list's column names: a line with
/// two whole header words at least, and three or more lines after it whose cells are set apart
/// by runs of spaces. For a refusal that names the way out when no list could be read from it.
pub fn looks_space_aligned(text: &str) -> bool {
    if text.contains('\t') {
        return false;
    }
    let lex = Lexicon::new();
    let lines = Line::split(text);
    let Some(h) = lines.iter().position(|l| {
        tokens(&l.text, Metric::Chars)
            .iter()
            .filter(|t| lex.is_word(&t.text))
            .count()
            >= 2
    }) else {
        return false;
    };
    lines[h + 1..]
        .iter()
        .filter(|l| l.text.trim().contains("   "))
        .count()
        >= 3
}

/// The header words, and everything a header fragment may be.
struct Lexicon {
    words: HashSet<String>,
    all: Vec<String>,
}

impl Lexicon {
    fn new() -> Lexicon {
        let all: Vec<String> = crate::lexicon::header_words().map(str::to_owned).collect();
        Lexicon {
            words: all.iter().cloned().collect(),
            all,
        }
    }

    /// A whole header word ("服务对象", "服务标准（元/月）").
    fn is_word(&self, t: &str) -> bool {
        let core = header_core(t);
        !core.is_empty() && self.words.contains(&core)
    }

    /// A piece of a header word ("序", "项目类", "位"), or a short header word of the
    /// lexicon's beginning ("牵头落实" of 牵头落实部门).
    fn is_fragment(&self, t: &str) -> bool {
        let core = header_core(t);
        if core.is_empty() {
            return false;
        }
        let head: String = core.chars().take(2).collect();
        self.all.iter().any(|w| w.contains(core.as_str()))
            || (core.chars().count() <= 6
                && head.chars().count() == 2
                && self
                    .all
                    .iter()
                    .any(|w| w.chars().count() >= 3 && w.starts_with(head.as_str())))
    }
}

/// A header text without spaces and bracketed notes.
fn header_core(t: &str) -> String {
    let mut out = String::new();
    let mut depth = 0i32;
    for c in t.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            c if c.is_whitespace() || c == '\u{3000}' => {}
            c if depth <= 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A physical line of the text.
struct Line {
    text: String,
    /// A form feed came before or in it: it starts a page.
    page: bool,
}

impl Line {
    fn split(text: &str) -> Vec<Line> {
        text.split('\n')
            .map(|l| {
                let l = l.strip_suffix('\r').unwrap_or(l);
                Line {
                    page: l.contains('\u{c}'),
                    text: l.replace('\u{c}', ""),
                }
            })
            .collect()
    }

    fn blank(&self) -> bool {
        self.text.chars().all(is_space)
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\u{a0}' || c.is_whitespace()
}

/// How positions on a line are counted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Metric {
    /// One per character (poppler's `-layout`).
    Chars,
    /// Display columns: East Asian wide and full-width characters count two.
    Display,
}

/// East Asian wide or full-width (two display columns), by the Unicode East Asian Width
/// property (`unicode-width`).
fn wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// A run of text on one line: its start and end position and its text.
#[derive(Clone, Debug)]
struct Tok {
    start: usize,
    end: usize,
    text: String,
}

/// The runs of a line separated by two spaces or more; single spaces stay inside a run.
fn tokens(line: &str, metric: Metric) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut pos = 0usize;
    let mut cur: Option<Tok> = None;
    let mut spaces = 0usize;
    for c in line.chars() {
        let w = match metric {
            Metric::Display if wide(c) => 2,
            _ => 1,
        };
        if is_space(c) {
            spaces += w;
        } else {
            match cur.as_mut() {
                Some(t) if spaces < 2 => {
                    for _ in 0..spaces {
                        t.text.push(' ');
                    }
                    t.text.push(c);
                    t.end = pos + w;
                }
                _ => {
                    if let Some(t) = cur.take() {
                        out.push(t);
                    }
                    cur = Some(Tok {
                        start: pos,
                        end: pos + w,
                        text: c.to_string(),
                    });
                }
            }
            spaces = 0;
        }
        pos += w;
    }
    out.extend(cur);
    out
}

/// A header line: two whole header words at least, and nothing that is not a piece of one.
fn header_line(line: &str, lex: &Lexicon) -> bool {
    let toks = tokens(line, Metric::Chars);
    toks.iter().filter(|t| lex.is_word(&t.text)).count() >= 2
        && toks.iter().all(|t| {
            lex.is_fragment(&t.text)
                || t.text
                    .split(' ')
                    .all(|w| !w.is_empty() && (lex.is_word(w) || lex.is_fragment(w)))
        })
}

/// A line that may belong to a header split over lines: only pieces of header words.
fn header_piece_line(line: &str, lex: &Lexicon) -> bool {
    let toks = tokens(line, Metric::Chars);
    !toks.is_empty()
        && toks.iter().all(|t| {
            t.text
                .split(' ')
                .all(|w| !w.is_empty() && (lex.is_fragment(w) || lex.is_word(w)))
        })
}

/// A row of sub-column labels under a header (城市 / 农村 under 服务标准, 轻度 / 中度 / 重度,
/// 中央 / 省级 / 县级): two runs at least, each a header word or a known sub-column label, one
/// of them a sub-column label. Space-aligned text does not show which parent each stands under.
fn sub_label_line(line: &str, lex: &Lexicon) -> bool {
    let sub = |w: &str| crate::lexicon::sub_label_family(&header_core(w)).is_some();
    let toks = tokens(line, Metric::Chars);
    toks.len() >= 2
        && toks.iter().any(|t| sub(&t.text))
        && toks.iter().all(|t| {
            t.text
                .split(' ')
                .all(|w| !w.is_empty() && (lex.is_word(w) || sub(w)))
        })
}

/// The header bands: (first line, last line) of each header, in order.
fn header_bands(lines: &[Line], lex: &Lexicon) -> Vec<(usize, usize)> {
    let mut bands: Vec<(usize, usize)> = Vec::new();
    for i in 0..lines.len() {
        if bands.last().is_some_and(|b| i <= b.1) || !header_line(&lines[i].text, lex) {
            continue;
        }
        let mut a = i;
        while a > 0
            && i - (a - 1) <= 2
            && !lines[a].page
            && bands.last().is_none_or(|b| a - 1 > b.1)
            && header_piece_line(&lines[a - 1].text, lex)
        {
            a -= 1;
        }
        let mut b = i;
        while b + 1 < lines.len()
            && b + 1 - i <= 2
            && !lines[b + 1].page
            && header_piece_line(&lines[b + 1].text, lex)
        {
            b += 1;
        }
        bands.push((a, b));
    }
    bands
}

/// The columns found: left bounds and header texts.
struct Columns {
    lefts: Vec<usize>,
    headers: Vec<String>,
    seq: usize,
    metric: Metric,
    /// Share of body runs that start at a column's left bound.
    aligned: f64,
}

impl Columns {
    /// The column a position falls in (a run may start one position early).
    fn at(&self, pos: usize) -> usize {
        self.lefts.iter().rposition(|l| *l <= pos + 1).unwrap_or(0)
    }
}

/// Column bounds for `metric`, from the header bands and the body lines.
fn find_columns(
    lines: &[Line],
    band: (usize, usize),
    body: &[usize],
    lex: &Lexicon,
    metric: Metric,
) -> Option<Columns> {
    let mut hist: Vec<usize> = Vec::new();
    let mut nums: Vec<usize> = Vec::new();
    let mut total = 0usize;
    for &i in body {
        for t in tokens(&lines[i].text, metric) {
            if t.start >= 400 {
                continue;
            }
            if hist.len() <= t.start {
                hist.resize(t.start + 1, 0);
            }
            hist[t.start] += 1;
            if nums.len() <= t.start {
                nums.resize(t.start + 1, 0);
            }
            if seq_number(&t.text).is_some() {
                nums[t.start] += 1;
            }
            total += 1;
        }
    }
    if total == 0 {
        return None;
    }
    let threshold = (body.len() / 25).max(2);
    let mut order: Vec<usize> = (0..hist.len()).filter(|p| hist[*p] >= threshold).collect();
    order.sort_by_key(|p| (std::cmp::Reverse(hist[*p]), *p));
    let mut peaks: Vec<usize> = Vec::new();
    for p in order {
        if peaks.iter().all(|q| q.abs_diff(p) > 2) {
            peaks.push(p);
        }
    }
    peaks.sort_unstable();
    // Header runs of the first band, assigned to the peaks by their centre.
    let (a, b) = band;
    let htoks: Vec<Vec<Tok>> = (a..=b).map(|i| tokens(&lines[i].text, metric)).collect();
    let col_of = |peaks: &[usize], centre2: usize| -> usize {
        peaks
            .iter()
            .rposition(|l| 2 * *l <= centre2 + 2)
            .unwrap_or(0)
    };
    let numbered_header = htoks
        .iter()
        .flatten()
        .find(|t| t.text.contains('序') || t.text.contains("编号"));
    let num_col = |p: usize| {
        let around = |v: &[usize]| -> usize {
            (p.saturating_sub(1)..=p + 1)
                .map(|q| v.get(q).copied().unwrap_or(0))
                .sum()
        };
        let (n, all) = (around(&nums), around(&hist));
        n >= 3 && n * 10 >= all * 8
    };
    // The table's left edge is a column's.
    if let Some(left) = hist.iter().position(|n| *n > 0)
        && peaks.iter().all(|p| p.abs_diff(left) > 2)
    {
        peaks.insert(0, left);
    }
    // Two header runs of one line in one column: a column the body left too sparse to show
    // (split between them, where body runs start most, else half way); then drop peaks that no
    // header run falls in, and peaks a header run straddles.
    for _ in 0..64 {
        if peaks.is_empty() {
            return None;
        }
        let mut split = None;
        'lines: for line in &htoks {
            for w in line.windows(2) {
                if col_of(&peaks, w[0].start + w[0].end) == col_of(&peaks, w[1].start + w[1].end) {
                    // A bound that leaves the first run on its left and the second on its right.
                    let ok = |p: &usize| {
                        2 * *p > w[0].start + w[0].end + 2 && *p >= w[0].end && *p <= w[1].start
                    };
                    let at = (w[0].end..=w[1].start)
                        .filter(|p| ok(p) && hist.get(*p).is_some_and(|n| *n > 0))
                        .max_by_key(|p| (hist[*p], std::cmp::Reverse(*p)))
                        .or(Some((w[0].end + w[1].start).div_ceil(2)).filter(ok));
                    if at.is_some() {
                        split = at;
                        break 'lines;
                    }
                }
            }
        }
        if let Some(at) = split {
            let i = peaks.partition_point(|p| *p < at);
            peaks.insert(i, at);
            continue;
        }
        let mut used = vec![false; peaks.len()];
        let mut straddled: Option<usize> = None;
        for t in htoks.iter().flatten() {
            let c = col_of(&peaks, t.start + t.end);
            used[c] = true;
            if let Some(next) = peaks.get(c + 1)
                && t.start + 1 < *next
                && t.end > next + 1
            {
                straddled = Some(c + 1);
            }
        }
        if let Some(s) = straddled {
            peaks.remove(s);
            continue;
        }
        // A column of numbers with no header of its own: the 序号 under a 服务项目 header
        // that covers the number and the name.
        let unused = (0..peaks.len())
            .find(|i| !(used[*i] || numbered_header.is_none() && num_col(peaks[*i])));
        match unused {
            Some(0) if peaks.len() > 1 => {
                peaks.remove(0);
            }
            Some(i) if i > 0 => {
                peaks.remove(i);
            }
            _ => break,
        }
    }
    let mut headers = vec![String::new(); peaks.len()];
    for line in &htoks {
        for t in line {
            let c = col_of(&peaks, t.start + t.end);
            headers[c].push_str(&header_core(&t.text));
        }
    }
    if let Some(first) = peaks.first_mut() {
        *first = 0;
    }
    let words = headers.iter().filter(|h| lex.is_word(h)).count();
    let seq = match headers.iter().position(|h| h == "序号" || h == "编号") {
        Some(s) => s,
        None => {
            // The number column under the name's header: the header goes on the number, the
            // name's cell beside it stays blank, as the list stage reads a merged 服务项目.
            let s = (0..headers.len()).find(|i| headers[*i].is_empty() && num_col(peaks[*i]))?;
            if s + 1 < headers.len() && headers[s + 1].contains("项目") {
                headers.swap(s, s + 1);
            }
            s
        }
    };
    if headers.len() < 4 || words < 3 || words * 10 < headers.len() * 7 {
        return None;
    }
    let near = |p: usize| peaks.iter().any(|l| l.abs_diff(p) <= 1);
    let mut hits = 0usize;
    for &i in body {
        hits += tokens(&lines[i].text, metric)
            .iter()
            .filter(|t| near(t.start))
            .count();
    }
    Some(Columns {
        lefts: peaks,
        headers,
        seq,
        metric,
        aligned: hits as f64 / total as f64,
    })
}

/// The most lines a row may cover.
const MAX_ROW_LINES: usize = 300;

/// A fragment of a cell: its column and text.
#[derive(Clone, Debug)]
struct Frag {
    col: usize,
    text: String,
    /// Where it starts on its line.
    start: usize,
}

/// The fragments of one line: runs assigned to columns, a run that crosses into the next column
/// at a single space split there.
fn fragments(text: &str, cols: &Columns) -> Vec<Frag> {
    let mut out: Vec<Frag> = Vec::new();
    for t in tokens(text, cols.metric) {
        let mut col = cols.at(t.start);
        let mut pos = t.start;
        let mut cur = String::new();
        let mut cur_start = t.start;
        let mut words = t.text.split(' ').peekable();
        while let Some(w) = words.next() {
            if !cur.is_empty() {
                let next = cols.lefts.get(col + 1).copied();
                if next.is_some_and(|n| pos + 1 >= n) {
                    out.push(Frag {
                        col,
                        text: std::mem::take(&mut cur),
                        start: cur_start,
                    });
                    col = cols.at(pos);
                    cur_start = pos;
                } else {
                    cur.push(' ');
                }
            }
            cur.push_str(w);
            let width: usize = w
                .chars()
                .map(|c| {
                    if cols.metric == Metric::Display && wide(c) {
                        2
                    } else {
                        1
                    }
                })
                .sum();
            pos += width + 1;
            if words.peek().is_none() {
                out.push(Frag {
                    col,
                    text: std::mem::take(&mut cur),
                    start: cur_start,
                });
            }
        }
    }
    // Runs of one column on one line are one piece of the cell.
    let mut merged: Vec<Frag> = Vec::new();
    for f in out {
        match merged.last_mut() {
            Some(last) if last.col == f.col => {
                last.text.push(' ');
                last.text.push_str(&f.text);
            }
            _ => merged.push(f),
        }
    }
    // The number column holds numbers only: other text there is the next column's, drawn
    // into it by a row whose cells are laid out wider.
    for f in merged.iter_mut() {
        if f.col == cols.seq
            && cols.seq + 1 < cols.lefts.len()
            && seq_number(&f.text).is_none()
            && f.text.split(' ').next().and_then(seq_number).is_none()
        {
            f.col = cols.seq + 1;
        }
    }
    let mut again: Vec<Frag> = Vec::new();
    for f in merged {
        match again.last_mut() {
            Some(last) if last.col == f.col => {
                last.text.push(' ');
                last.text.push_str(&f.text);
            }
            _ => again.push(f),
        }
    }
    let mut merged = again;
    // A number run together with text in the number column: the text is the next column's.
    let mut i = 0;
    while i < merged.len() {
        if merged[i].col == cols.seq && cols.seq + 1 < cols.lefts.len() {
            let split = merged[i]
                .text
                .split_once(' ')
                .map(|(n, rest)| (n.to_owned(), rest.trim().to_owned()));
            if let Some((n, rest)) = split
                && seq_number(&n).is_some()
                && !rest.is_empty()
            {
                let start = merged[i].start + n.chars().count() + 1;
                merged[i].text = n;
                merged.insert(
                    i + 1,
                    Frag {
                        col: cols.seq + 1,
                        text: rest,
                        start,
                    },
                );
            }
        }
        i += 1;
    }
    merged
}

/// Numbers written together with nothing between them (`910111213`: 9 to 13): the first and
/// last, when the text is three or more consecutive numbers, or two that make a number of
/// more than three digits.
fn fused_numbers(t: &str) -> Option<(u32, u32)> {
    if t.len() < 4 || t.len() > 60 || !t.bytes().all(|b| b.is_ascii_digit()) || t.starts_with('0') {
        return None;
    }
    // Every first number of one to three digits; the rest must follow it one by one.
    (1..=3.min(t.len() - 1)).find_map(|k| {
        let first: u32 = t[..k].parse().ok()?;
        let mut n = first;
        let mut at = k;
        while at < t.len() {
            n += 1;
            let next = n.to_string();
            if !t[at..].starts_with(next.as_str()) {
                return None;
            }
            at += next.len();
        }
        (n > first).then_some((first, n))
    })
}

/// A 序号: a number of one to three digits.
fn seq_number(t: &str) -> Option<u32> {
    let t = t.trim().trim_end_matches(['.', '．', '、']);
    (!t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// What the body of the table holds, line by line.
enum BodyLine {
    /// The fragments, and whether a page starts at the line.
    Cells(Vec<Frag>, bool),
    Section(String),
}

/// Reads space-aligned columns; `None` when the text is not of that shape.
fn read_columns(lines: &[Line], lex: &Lexicon) -> Result<Option<Document>, String> {
    let bands = header_bands(lines, lex);
    let Some(&(first_a, first_b)) = bands.first() else {
        return Ok(None);
    };
    // A header with a row of sub-columns under it: which parent each sub-column and each
    // amount under it belongs to is not in the text for sure.
    for &(_, b) in &bands {
        if let Some(j) = (b + 1..lines.len()).find(|&j| !lines[j].blank())
            && sub_label_line(&lines[j].text, lex)
        {
            return Err(format!(
                "the header has a row of sub-columns under it on line {} ({}), which the text \
                 does not place under their parents",
                j + 1,
                tokens(&lines[j].text, Metric::Chars)
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" / ")
            ));
        }
    }
    let in_band = |i: usize| bands.iter().any(|&(a, b)| a <= i && i <= b);
    let furniture = |l: &Line| crate::grammar::is_furniture(&l.text);
    // The body: every line after the first header that is no header, page number or blank.
    let body: Vec<usize> = (first_b + 1..lines.len())
        .filter(|&i| !in_band(i) && !lines[i].blank() && !furniture(&lines[i]))
        .collect();
    // Columns per page: poppler places each page's text on its own grid. A page whose header
    // does not give the first page's columns keeps the page's before.
    let mut page_cols: Vec<(usize, Columns)> = Vec::new();
    for (n, &(a, b)) in bands.iter().enumerate() {
        // The page's table lines: up to the next header or the first blank line.
        let until = bands.get(n + 1).map_or(lines.len(), |x| x.0);
        let until = (b + 1..until).find(|&i| lines[i].blank()).unwrap_or(until);
        let page_body: Vec<usize> = body
            .iter()
            .copied()
            .filter(|&i| i > b && i < until)
            .collect();
        // Too few lines to show the columns: the page before's, moved as its header moved.
        if page_body.len() < 6
            && let Some((pb, prev)) = page_cols.last()
        {
            let band_of = |end: usize| bands.iter().find(|x| x.1 == end).copied();
            if let Some((pa, _)) = band_of(*pb) {
                let old: Vec<Tok> = (pa..=*pb)
                    .flat_map(|i| tokens(&lines[i].text, prev.metric))
                    .collect();
                let mut shifts: Vec<i64> = (a..=b)
                    .flat_map(|i| tokens(&lines[i].text, prev.metric))
                    .filter_map(|t| {
                        old.iter()
                            .find(|o| o.text == t.text)
                            .map(|o| t.start as i64 - o.start as i64)
                    })
                    .collect();
                shifts.sort_unstable();
                if let Some(&shift) = shifts.get(shifts.len() / 2) {
                    let lefts: Vec<usize> = prev
                        .lefts
                        .iter()
                        .enumerate()
                        .map(|(k, l)| {
                            if k == 0 {
                                0
                            } else {
                                (*l as i64 + shift).max(0) as usize
                            }
                        })
                        .collect();
                    let moved = Columns {
                        lefts,
                        headers: prev.headers.clone(),
                        seq: prev.seq,
                        metric: prev.metric,
                        aligned: prev.aligned,
                    };
                    page_cols.push((b, moved));
                    continue;
                }
            }
        }
        let mut best: Option<Columns> = None;
        for metric in [Metric::Chars, Metric::Display] {
            if let Some(c) = find_columns(lines, (a, b), &page_body, lex, metric)
                && best.as_ref().is_none_or(|x| c.aligned > x.aligned + 0.1)
            {
                best = Some(c);
            }
        }
        match best {
            Some(c) if page_cols.first().is_none_or(|f| f.1.headers == c.headers) => {
                page_cols.push((b, c));
            }
            _ if page_cols.is_empty() => return Ok(None),
            _ => {}
        }
    }
    let cols_at = |i: usize| -> &Columns {
        let k = page_cols.iter().rposition(|(b, _)| *b < i).unwrap_or(0);
        &page_cols[k].1
    };
    let cols = &page_cols[0].1;
    // Numbered lines, rising; the table ends at the first blank line after the last number.
    let mut parsed: Vec<(usize, Vec<Frag>)> = body
        .iter()
        .map(|&i| (i, fragments(&lines[i].text, cols_at(i))))
        .collect();
    let mut last_seq: Option<u32> = None;
    let mut last_line = None;
    for (i, frags) in &parsed {
        if let Some(n) = numbered(frags, cols)
            && last_seq.is_none_or(|p| n > p)
        {
            last_seq = Some(n);
            last_line = Some(*i);
        }
    }
    let Some(last_line) = last_line else {
        return Err("no 序号 under the header".into());
    };
    // A header cell that is no column name: two columns ran together (a narrow 服务类型 column
    // written one character a line, a header on two rows), so every row's cells would too.
    if let Some(h) = cols
        .headers
        .iter()
        .find(|h| !header_core(h).is_empty() && !lex.is_word(h) && !lex.is_fragment(h))
    {
        return Err(format!(
            "the header cell {h} is no column name: two columns ran together"
        ));
    }
    // Rows the extractor glued: a 序号 cell that is the next numbers written together
    // (`910111213`); rows whose number falls back (numbering restarted, or rows out of
    // order): the rising numbers this reader follows would fold them into the row above.
    let mut rising: Option<u32> = None;
    for (i, frags) in &parsed {
        // The number column's text (moved to the next column when it is no 序号).
        let Some(t) = frags
            .iter()
            .find(|f| cols.at(f.start) == cols.seq)
            .and_then(|f| f.text.split(' ').next())
        else {
            continue;
        };
        if let Some((from, to)) = fused_numbers(t) {
            return Err(format!(
                "the 序号 {t} on line {} is rows {from} to {to} glued together",
                i + 1
            ));
        }
        let Some(n) = seq_number(t) else {
            continue;
        };
        let filled = frags
            .iter()
            .filter(|f| f.col != cols.seq && !f.text.trim().is_empty())
            .count();
        match rising {
            Some(p) if n <= p && filled >= 2 => {
                return Err(format!(
                    "the row numbered {n} on line {} comes after 序号 {p}: the numbering restarts or falls back",
                    i + 1
                ));
            }
            Some(p) if n <= p => {}
            _ => rising = Some(n),
        }
    }
    let end = (last_line..lines.len())
        .find(|&i| lines[i].blank() || (i > last_line && lines[i].page && !in_band(i)))
        .unwrap_or(lines.len());
    parsed.retain(|(i, _)| *i < end);
    // Body lines: cells or section headings; a numbered line is an anchor.
    let mut items: Vec<BodyLine> = Vec::new();
    let mut item_lines: Vec<usize> = Vec::new();
    let mut anchors: Vec<(usize, u32)> = Vec::new();
    let mut prev: Option<u32> = None;
    let mut prev_line = first_b;
    for (i, frags) in parsed {
        let page = (prev_line + 1..=i).any(|j| lines[j].page);
        prev_line = i;
        // A section heading: one run on its line, across the columns.
        let runs = tokens(&lines[i].text, Metric::Chars);
        if let [run] = runs.as_slice() {
            let t: String = run.text.chars().filter(|c| !is_space(*c)).collect();
            if crate::lexicon::section_heading(&t).is_some() {
                items.push(BodyLine::Section(run.text.clone()));
                item_lines.push(i);
                continue;
            }
        }
        if let Some(n) = numbered(&frags, cols)
            && prev.is_none_or(|p| n > p)
        {
            anchors.push((items.len(), n));
            prev = Some(n);
        }
        items.push(BodyLine::Cells(frags, page));
        item_lines.push(i);
    }
    if anchors.len() < 3 {
        return Err("fewer than three numbered rows".into());
    }
    // No row is hundreds of lines tall (and the row split's work grows with the gaps).
    if let Some(w) = anchors.windows(2).find(|w| w[1].0 - w[0].0 > MAX_ROW_LINES) {
        return Err(format!(
            "序号 {} and {} are more than {MAX_ROW_LINES} lines apart",
            w[0].1, w[1].1
        ));
    }
    // Rows whose lines the extractor pulled apart: two numbered lines in a row that hold
    // nothing but their numbers, their cells stacked below them.
    let bare = |at: usize| match &items[at] {
        BodyLine::Cells(f, _) => f
            .iter()
            .all(|x| x.col == cols.seq || x.text.trim().is_empty()),
        BodyLine::Section(_) => false,
    };
    if let Some(w) = anchors
        .windows(2)
        .find(|w| w[1].0 == w[0].0 + 1 && bare(w[0].0) && bare(w[1].0))
    {
        return Err(format!(
            "序号 {} and {} stand alone on their lines with their cells stacked below: the rows' lines were pulled apart",
            w[0].1, w[1].1
        ));
    }
    // Every number once, in order: a number missed is a row merged into its neighbour.
    if let Some(w) = anchors.windows(2).find(|w| w[1].1 != w[0].1 + 1) {
        return Err(format!("序号 {} is followed by {}", w[0].1, w[1].1));
    }
    let ncols = cols.lefts.len();
    // Columns every row fills: 服务对象, 服务项目, the lead department.
    let required: Vec<bool> = cols
        .headers
        .iter()
        .map(|h| {
            h.contains("对象")
                || h.contains("项目")
                || h.contains("事项")
                || h.contains("名称")
                || ((h.contains("部门") || h.contains("单位") || h.contains("主体"))
                    && !["配合", "协同", "参与", "协办"]
                        .iter()
                        .any(|w| h.contains(w)))
        })
        .collect();
    let mut rows: Vec<Vec<SourceCell>> = vec![
        cols.headers
            .iter()
            .map(|h| SourceCell::new(h.clone()))
            .collect(),
    ];
    // The file's 1-based line where each row starts, for `lines` in the output.
    let line_no = |i: usize| Some(u32::try_from(i + 1).unwrap_or(u32::MAX));
    let mut row_lines: Vec<Option<u32>> = vec![line_no(first_a)];
    // Segments between section headings, each split into rows.
    let mut seg_start = 0usize;
    let mut k = 0usize;
    for idx in 0..=items.len() {
        let section = match items.get(idx) {
            Some(BodyLine::Section(s)) => Some(s.clone()),
            Some(BodyLine::Cells(..)) => continue,
            None => None,
        };
        let mut seg_anchors = Vec::new();
        while k < anchors.len() && anchors[k].0 < idx {
            seg_anchors.push(anchors[k].0 - seg_start);
            k += 1;
        }
        let seg: Vec<&[Frag]> = items[seg_start..idx]
            .iter()
            .map(|b| match b {
                BodyLine::Cells(f, _) => f.as_slice(),
                BodyLine::Section(_) => &[],
            })
            .collect();
        let pages: Vec<bool> = items[seg_start..idx]
            .iter()
            .map(|b| matches!(b, BodyLine::Cells(_, true)))
            .collect();
        if seg_anchors.is_empty() {
            // Lines with no number: a piece of the row above, cut by a heading.
            let has_rows = rows.len() > 1;
            if let Some(last) = rows.last_mut().filter(|_| has_rows) {
                for f in seg.iter().flat_map(|l| l.iter()) {
                    if let Some(c) = last.get_mut(f.col) {
                        if !c.text.is_empty() {
                            c.text.push('\n');
                        }
                        c.text.push_str(&f.text);
                    }
                }
            }
        } else {
            for (row, first) in segment_rows(&seg, &pages, &seg_anchors, ncols, cols.seq, &required)
            {
                rows.push(row);
                row_lines.push(line_no(item_lines[seg_start + first]));
            }
        }
        if let Some(s) = section {
            rows.push(vec![SourceCell {
                text: s,
                row_span: 1,
                col_span: ncols as u32,
            }]);
            row_lines.push(line_no(item_lines[idx]));
        }
        seg_start = idx + 1;
    }
    let mut doc = Document::default();
    // Prose: a line that starts at the margin under a line that runs to the right margin
    // continues that line's paragraph (the extractor wrapped it); indented lines start one.
    let prose = |range: std::ops::Range<usize>| -> Vec<Block> {
        let width = |l: &Line| l.text.trim_end().chars().count();
        let full = range.clone().map(|i| width(&lines[i])).max().unwrap_or(0);
        let mut out: Vec<String> = Vec::new();
        let mut open = false;
        for i in range.filter(|&i| !furniture(&lines[i])) {
            let l = &lines[i];
            let text = l.text.trim();
            let at_margin = !l.text.starts_with(is_space);
            match out.last_mut() {
                Some(last) if open && at_margin && !text.is_empty() => {
                    let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                    if ascii(last.chars().last()) && ascii(text.chars().next()) {
                        last.push(' ');
                    }
                    last.push_str(text);
                }
                _ => out.push(text.to_owned()),
            }
            open = !text.is_empty() && width(l) * 10 >= full * 8;
        }
        out.into_iter().map(Block::Prose).collect()
    };
    doc.blocks.extend(prose(0..first_a));
    doc.blocks.push(Block::Table({
        let mut grid = Grid::place("table 1", GridKind::Table, rows);
        row_lines.resize(grid.rows.len(), None);
        grid.source_lines = row_lines;
        grid
    }));
    doc.blocks.extend(prose(end..lines.len()));
    Ok(Some(doc))
}

/// The 序号 of a line whose number column holds a number and nothing else.
fn numbered(frags: &[Frag], cols: &Columns) -> Option<u32> {
    frags
        .iter()
        .find(|f| f.col == cols.seq)
        .and_then(|f| seq_number(&f.text))
}

/// The rows of a run of body lines with numbered lines at `anchors` (indices into `seg`).
fn segment_rows(
    seg: &[&[Frag]],
    pages: &[bool],
    anchors: &[usize],
    ncols: usize,
    seq_col: usize,
    required: &[bool],
) -> Vec<(Vec<SourceCell>, usize)> {
    let n = seg.len();
    let m = anchors.len();
    // occ[line][col]: the column has text on the line.
    let occ: Vec<Vec<bool>> = seg
        .iter()
        .map(|l| {
            let mut v = vec![false; ncols];
            for f in l.iter() {
                if f.col < ncols {
                    v[f.col] = true;
                }
            }
            v
        })
        .collect();
    // How far the cells of lines a..b are from being centred in them (or, for a piece of a row
    // that a page break cuts, from filling it from the top).
    let piece = |a: usize, b: usize, top: bool| -> f64 {
        let centre = (a + b - 1) as f64 / 2.0;
        let (mut centred, mut topped) = (0.0, 0.0);
        for c in 0..ncols {
            let mut lo = None;
            let mut hi = 0;
            let mut gap = 0;
            for (l, row) in occ.iter().enumerate().take(b).skip(a) {
                if row[c] {
                    if lo.is_some() {
                        gap = gap.max(l - hi);
                    }
                    lo.get_or_insert(l);
                    hi = l;
                }
            }
            if let Some(lo) = lo {
                let err: f64 = ((lo + hi) as f64 / 2.0 - centre).abs();
                // The lines of one cell follow each other (every other line at most, where a
                // neighbour's lines interleave).
                let split = if gap > 2 { 6.0 } else { 0.0 };
                centred += err.min(2.0) + split;
                topped += ((lo - a) as f64).min(2.0) + split;
            }
        }
        // A piece filled from the top starts with the row's number.
        if top && occ[a][seq_col] {
            centred.min(topped)
        } else {
            centred
        }
    };
    let cost = |a: usize, b: usize| -> f64 {
        let mut total = 0.0;
        let mut start = a;
        for l in (a + 1..b).filter(|l| pages[*l]) {
            {
                total += piece(start, l, true);
                start = l;
            }
        }
        total + piece(start, b, pages.get(b).copied().unwrap_or(false))
    };
    // Row k covers lines t[k]..t[k+1]; t[0] = 0, t[m] = n, anchors[k-1] < t[k] <= anchors[k].
    // best[k][j]: least cost of rows before k with row k starting at candidate j.
    let cands: Vec<Vec<usize>> = (0..=m)
        .map(|k| match k {
            0 => vec![0],
            k if k == m => vec![n],
            k => (anchors[k - 1] + 1..=anchors[k]).collect(),
        })
        .collect();
    let mut best: Vec<Vec<(f64, usize)>> = vec![vec![(0.0, 0)]];
    for k in 1..=m {
        let mut layer = Vec::with_capacity(cands[k].len());
        for &b in &cands[k] {
            let mut pick = (f64::INFINITY, 0usize);
            for (j, &a) in cands[k - 1].iter().enumerate() {
                if a >= b {
                    continue;
                }
                let c = best[k - 1][j].0 + cost(a, b);
                if c < pick.0 {
                    pick = (c, j);
                }
            }
            layer.push(pick);
        }
        best.push(layer);
    }
    let mut bounds = vec![n; m + 1];
    let mut j = 0usize;
    for k in (1..=m).rev() {
        bounds[k] = cands[k][j];
        j = best[k][j].1;
    }
    bounds[0] = 0;
    // Cells: the fragments of each column in each row, top to bottom.
    let mut cells: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); ncols]; m];
    for k in 0..m {
        for (l, row) in occ.iter().enumerate().take(bounds[k + 1]).skip(bounds[k]) {
            for (c, has) in row.iter().enumerate() {
                if *has {
                    cells[k][c].push(l);
                }
            }
        }
    }
    // Merged cells: text off the centre of its row, centred among rows whose cells in that
    // column are otherwise empty.
    let centre = |k1: usize, k2: usize| (bounds[k1] + bounds[k2 + 1] - 1) as f64 / 2.0;
    let mut span = vec![vec![1u32; ncols]; m];
    let mut covered = vec![vec![false; ncols]; m];
    for c in (0..ncols).filter(|c| *c != seq_col) {
        let mid = |ls: &[usize]| (ls[0] + ls[ls.len() - 1]) as f64 / 2.0;
        let off = |cells: &Vec<Vec<Vec<usize>>>, k: usize| {
            !cells[k][c].is_empty() && (mid(&cells[k][c]) - centre(k, k)).abs() > 1.0
        };
        // Text on the first line of its row, over rows empty in its column down to a page
        // break: a merged cell that the break cut, drawn from its top (carry-down fills the
        // rows below).
        let top_aligned = |cells: &Vec<Vec<Vec<usize>>>, k: usize| {
            if cells[k][c].first() != Some(&bounds[k]) {
                return false;
            }
            let mut end = k;
            while end + 1 < m && cells[end + 1][c].is_empty() {
                end += 1;
            }
            (bounds[k] + 1..bounds[end + 1]).any(|l| pages[l])
        };
        let mut k = 0;
        while k < m {
            if !off(&cells, k) || top_aligned(&cells, k) {
                k += 1;
                continue;
            }
            let free = |j: usize| cells[j][c].is_empty() || off(&cells, j);
            let mut pick: Option<(f64, usize, usize)> = None;
            let lo = k.saturating_sub(8);
            for k1 in (lo..=k).rev() {
                if !free(k1) || covered[k1][c] {
                    break;
                }
                for k2 in k..m.min(k + 12) {
                    if !free(k2) {
                        break;
                    }
                    if k1 == k2 {
                        continue;
                    }
                    let ls: Vec<usize> = (k1..=k2).flat_map(|j| cells[j][c].clone()).collect();
                    // One cell's lines: no gap between them.
                    if ls.windows(2).any(|w| w[1] > w[0] + 2) {
                        continue;
                    }
                    let err = (mid(&ls) - centre(k1, k2)).abs();
                    // Rows covered on both sides of the text: it is centred among them.
                    // Equally well centred: the widest (a cell merged over rows that are
                    // otherwise empty in its column covers them all).
                    let better = |p: &(f64, usize, usize)| {
                        err < p.0 - 0.25 || (err < p.0 + 0.25 && k2 - k1 > p.2 - p.1)
                    };
                    if err <= 1.0 && pick.as_ref().is_none_or(better) {
                        pick = Some((err, k1, k2));
                    }
                }
            }
            match pick {
                Some((_, k1, k2)) => {
                    let ls: Vec<usize> = (k1..=k2).flat_map(|j| cells[j][c].clone()).collect();
                    for j in k1..=k2 {
                        cells[j][c].clear();
                        covered[j][c] = j > k1;
                    }
                    cells[k1][c] = ls;
                    span[k1][c] = (k2 - k1 + 1) as u32;
                    k = k2 + 1;
                }
                None => k += 1,
            }
        }
    }
    // A required column (target, name, department) is never empty: text centred on its row
    // with empty rows above and below it is a cell merged over them.
    for c in (0..ncols).filter(|c| required[*c]) {
        let mid = |ls: &[usize]| (ls[0] + ls[ls.len() - 1]) as f64 / 2.0;
        let empty = |cells: &Vec<Vec<Vec<usize>>>, covered: &Vec<Vec<bool>>, j: usize| {
            cells[j][c].is_empty() && !covered[j][c]
        };
        for k in 1..m {
            if cells[k][c].is_empty() || span[k][c] > 1 || !empty(&cells, &covered, k - 1) {
                continue;
            }
            if cells[k][c].first() == Some(&bounds[k]) {
                continue;
            }
            let text = mid(&cells[k][c]);
            let mut pick: Option<(f64, usize, usize)> = None;
            let mut k1 = k;
            while k1 > 0 && k - k1 < 8 && empty(&cells, &covered, k1 - 1) {
                k1 -= 1;
                let mut k2 = k;
                loop {
                    let err = (text - centre(k1, k2)).abs();
                    let better = |p: &(f64, usize, usize)| {
                        err < p.0 - 0.25 || (err < p.0 + 0.25 && k2 - k1 > p.2 - p.1)
                    };
                    if err <= 1.0 && pick.as_ref().is_none_or(better) {
                        pick = Some((err, k1, k2));
                    }
                    if k2 + 1 >= m || k2 - k >= 8 || !empty(&cells, &covered, k2 + 1) {
                        break;
                    }
                    k2 += 1;
                }
            }
            if let Some((_, k1, k2)) = pick {
                let ls = std::mem::take(&mut cells[k][c]);
                for (j, row) in covered.iter_mut().enumerate().take(k2 + 1).skip(k1) {
                    row[c] = j > k1;
                }
                cells[k1][c] = ls;
                span[k1][c] = (k2 - k1 + 1) as u32;
            }
        }
    }
    // In a required column, a fragment that starts well right of the cell's other lines, on a
    // line where the next column is empty, is the next column's: a row laid out on a grid of its
    // own (its cells narrower or wider than the header's).
    let mut moved: Vec<(usize, usize)> = Vec::new(); // (line, column it leaves)
    for k in 0..m {
        for c in (0..ncols.saturating_sub(1)).filter(|c| required[*c] && *c != seq_col) {
            if covered[k][c] || span[k][c] > 1 {
                continue;
            }
            let starts: Vec<(usize, usize)> = cells[k][c]
                .iter()
                .flat_map(|&l| {
                    seg[l]
                        .iter()
                        .filter(|f| f.col == c)
                        .map(move |f| (l, f.start))
                })
                .collect();
            let Some(left) = starts.iter().map(|x| x.1).min() else {
                continue;
            };
            let right: Vec<usize> = starts
                .iter()
                .filter(|(l, st)| *st >= left + 4 && !seg[*l].iter().any(|f| f.col == c + 1))
                .map(|x| x.0)
                .collect();
            if right.is_empty()
                || right.len() == starts.len()
                || cells[k][c + 1].iter().any(|l| right.contains(l))
            {
                continue;
            }
            if !cells[k][c + 1].is_empty() || covered[k][c + 1] {
                continue;
            }
            for &l in &right {
                moved.push((l, c));
                cells[k][c].retain(|x| *x != l);
                cells[k][c + 1].push(l);
            }
            cells[k][c + 1].sort_unstable();
        }
    }
    let col_of = |l: usize, f: &Frag| {
        if moved.contains(&(l, f.col)) {
            f.col + 1
        } else {
            f.col
        }
    };
    let mut out = Vec::with_capacity(m);
    for k in 0..m {
        let mut row = Vec::new();
        for c in 0..ncols {
            if covered[k][c] {
                continue;
            }
            let mut text = String::new();
            for &l in &cells[k][c] {
                for f in seg[l].iter().filter(|f| col_of(l, f) == c) {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(f.text.trim());
                }
            }
            row.push(SourceCell {
                text,
                row_span: span[k][c],
                col_span: 1,
            });
        }
        out.push((row, bounds[k]));
    }
    out
}

/// Text whose cell boundaries an extractor destroyed: the header's words one a line (PyMuPDF,
/// `pdftotext` without `-layout`) or joined by single spaces (pdfplumber), and the 序号 rising
/// through it. Names the shape.
fn destroyed(lines: &[Line], lex: &Lexicon) -> Option<&'static str> {
    let trimmed: Vec<&str> = lines
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    // Numbers rising through the text (each above the last one counted).
    let rising = |nums: &mut dyn Iterator<Item = u32>| {
        let mut prev = 0u32;
        let mut run = 0usize;
        for n in nums {
            if n > prev && n <= prev + 3 {
                run += 1;
                prev = n;
            }
        }
        run
    };
    // One fragment a line: three header words alone on their lines within a few lines.
    let alone_words: Vec<usize> = trimmed
        .iter()
        .enumerate()
        .filter(|(_, t)| lex.is_word(t))
        .map(|(i, _)| i)
        .collect();
    let header_run = alone_words.windows(3).any(|w| w[2] - w[0] <= 8);
    let alone = rising(&mut trimmed.iter().filter_map(|t| seq_number(t)));
    if header_run && alone >= 3 {
        return Some(
            "text with one cell fragment per line (as `pdftotext` without -layout or PyMuPDF \
             write a table)",
        );
    }
    // Words joined by single spaces: a line of header words, numbers among a line's first words.
    let spaced_header = trimmed.iter().any(|t| {
        let words: Vec<&str> = t.split(' ').collect();
        words.len() >= 3
            && words.iter().all(|w| !w.is_empty())
            && words.iter().filter(|w| lex.is_word(w)).count() >= 3
            && words.iter().all(|w| lex.is_fragment(w) || lex.is_word(w))
    });
    let lead = rising(
        &mut trimmed
            .iter()
            .filter_map(|t| t.split(' ').take(3).find_map(seq_number)),
    );
    if spaced_header && lead >= 3 {
        return Some(
            "text with the words of a table line joined by single spaces (as pdfplumber's \
             extract_text writes a table)",
        );
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn sub_label_rows_are_told_apart_from_rows() {
        let lex = Lexicon::new();
        assert!(sub_label_line(
            "        城市        农村      牵头单位  配合单位",
            &lex
        ));
        assert!(sub_label_line("   轻度   中度   重度", &lex));
        // Header words alone are a header piece, not sub-columns; a row's text is neither.
        assert!(!sub_label_line("   牵头单位  配合单位", &lex));
        assert!(!sub_label_line(
            "1   高龄津贴   80周岁以上   每人每月100元",
            &lex
        ));
        assert!(!sub_label_line("   城市", &lex));
    }

    #[test]
    fn a_two_row_header_in_space_aligned_text_is_refused_with_the_way_out() {
        let text = concat!(
            "                         服务标准\n",
            "序号  服务项目    服务对象        服务内容\n",
            "                                   城市        农村\n",
            "1     高龄津贴    80周岁以上      每月100元   每月80元\n",
            "2     护理补贴    失能老年人      每月200元   每月150元\n",
            "3     助餐服务    60周岁以上      每餐5元     每餐3元\n",
        );
        let e = read(text).expect_err("refused");
        let e = e.to_string();
        assert!(
            e.contains("sub-columns under it on line 3 (城市 / 农村)"),
            "{e}"
        );
        assert!(e.contains("pass the PDF itself"), "{e}");
        assert!(looks_space_aligned(text));
        assert!(!looks_space_aligned("序号\t服务项目\t服务对象\n"));
    }
    use super::*;

    #[test]
    fn runs_and_widths() {
        let t = tokens("序号   服务项目  80 周岁", Metric::Chars);
        assert_eq!(t.len(), 3);
        assert_eq!(t[2].text, "80 周岁");
        assert_eq!(t[1].start, 5);
        let t = tokens("序号   服务项目", Metric::Display);
        assert_eq!(t[1].start, 7);
        assert!(wide('序') && !wide('1'));
    }

    #[test]
    fn rebuilds_wrapped_rows_and_refuses_gaps() {
        let text = [
            "XX区基本养老服务清单",
            "序号   服务项目   服务对象      牵头部门",
            "       高龄       80 周岁以上",
            "1      津贴       老年人        区民政局",
            "       护理       失能",
            "2      补贴       老年人        区民政局",
            "3      助餐       老年人        区民政局",
            "",
        ]
        .join("\n");
        let text = text.as_str();
        let (doc, layout) = read(text).unwrap().unwrap();
        assert_eq!(layout, Layout::Columns);
        let v = doc.render();
        assert!(
            v.text.contains("1\t高龄\n津贴".replace('\n', " ").as_str()),
            "{}",
            v.text
        );
        assert!(v.text.contains("80 周岁以上 老年人"), "{}", v.text);
        let gap = text.replace("2      补贴", "4      补贴");
        assert!(read(&gap).is_err());
        // A row thousands of lines tall is refused at once, not split slowly.
        let tall = text.replace(
            "       护理       失能\n",
            &"       护理       失能\n".repeat(5000),
        );
        assert!(read(&tall).is_err());
    }

    #[test]
    fn tabs_and_prose_are_not_columns() {
        assert_eq!(read("对象\t服务项目\n老年人\t津贴\n").unwrap(), None);
        assert_eq!(read("为老年人提供服务。\n\n第二段。\n").unwrap(), None);
    }
}
