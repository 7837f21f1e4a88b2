//! The body of space-aligned text cut into rows: fragments placed in columns, numbers
//! checked, rows anchored at their 序号.

use super::*;

/// The most lines a row may cover.
pub(super) const MAX_ROW_LINES: usize = 300;

/// A fragment of a cell: its column and text.
#[derive(Clone, Debug)]
pub(super) struct Frag {
    pub(super) col: usize,
    pub(super) text: String,
    /// Where it starts on its line.
    pub(super) start: usize,
}

/// The fragments of one line: runs assigned to columns, a run that crosses into the next column
/// at a single space split there.
pub(super) fn fragments(text: &str, cols: &Columns) -> Vec<Frag> {
    let mut out: Vec<Frag> = Vec::new();
    for t in tokens(text, cols.metric) {
        split_run(&t, cols, &mut out);
    }
    // Runs of one column on one line are one piece of the cell.
    let mut merged = join_same_column(out);
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
    let mut merged = join_same_column(merged);
    split_number_cell(&mut merged, cols);
    merged
}

/// A run cut where it crosses into the next column at a single space.
fn split_run(t: &Tok, cols: &Columns, out: &mut Vec<Frag>) {
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

/// Neighbouring fragments of one column joined by a space.
fn join_same_column(frags: Vec<Frag>) -> Vec<Frag> {
    let mut merged: Vec<Frag> = Vec::new();
    for f in frags {
        match merged.last_mut() {
            Some(last) if last.col == f.col => {
                last.text.push(' ');
                last.text.push_str(&f.text);
            }
            _ => merged.push(f),
        }
    }
    merged
}

/// A number run together with text in the number column: the text is the next column's.
fn split_number_cell(merged: &mut Vec<Frag>, cols: &Columns) {
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
}

/// Numbers written together with nothing between them (`910111213`: 9 to 13): the first and
/// last, when the text is three or more consecutive numbers, or two that make a number of
/// more than three digits.
pub(super) fn fused_numbers(t: &str) -> Option<(u32, u32)> {
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
pub(super) fn seq_number(t: &str) -> Option<u32> {
    let t = t.trim().trim_end_matches(['.', '．', '、']);
    (!t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// What the body of the table holds, line by line.
pub(super) enum BodyLine {
    /// The fragments, and whether a page starts at the line.
    Cells(Vec<Frag>, bool),
    Section(String),
}

/// Reads space-aligned columns, positions counted in one of `metrics`; `None` when the text is
/// not of that shape.
pub(super) fn read_columns(
    lines: &[Line],
    lex: &Lexicon,
    metrics: &[Metric],
) -> Result<Option<Document>, String> {
    let bands = header_bands(lines, lex);
    let Some(&(first_a, first_b)) = bands.first() else {
        return Ok(None);
    };
    refuse_sub_columns(lines, &bands, lex)?;
    let in_band = |i: usize| bands.iter().any(|&(a, b)| a <= i && i <= b);
    // The body: every line after the first header that is no header, page number or blank.
    let body: Vec<usize> = (first_b + 1..lines.len())
        .filter(|&i| !in_band(i) && !lines[i].blank() && !furniture(&lines[i]))
        .collect();
    let Some(page_cols) = page_columns(lines, &bands, &body, (lex, metrics)) else {
        return Ok(None);
    };
    let cols_at = |i: usize| -> &Columns {
        let k = page_cols.iter().rposition(|(b, _)| *b < i).unwrap_or(0);
        &page_cols[k].1
    };
    let cols = &page_cols[0].1;
    let mut parsed: Vec<(usize, Vec<Frag>)> = body
        .iter()
        .map(|&i| (i, fragments(&lines[i].text, cols_at(i))))
        .collect();
    let last_line = check_numbering(&parsed, cols, lex)?;
    // The table ends at the first blank line after the last number.
    let end = (last_line..lines.len())
        .find(|&i| lines[i].blank() || (i > last_line && lines[i].page && !in_band(i)))
        .unwrap_or(lines.len());
    parsed.retain(|(i, _)| *i < end);
    let body = body_lines(lines, parsed, cols, first_b);
    check_anchors(&body, cols)?;
    let (rows, mut row_lines) = table_rows(&body, cols, first_a);
    let mut doc = Document::default();
    doc.blocks.extend(prose(lines, 0..first_a));
    doc.blocks.push(Block::Table({
        let mut grid = Grid::place("table 1", GridKind::Table, rows);
        row_lines.resize(grid.rows.len(), None);
        grid.source_lines = row_lines;
        grid
    }));
    doc.blocks.extend(prose(lines, end..lines.len()));
    Ok(Some(doc))
}

/// A page number or other page furniture.
fn furniture(l: &Line) -> bool {
    crate::grammar::is_furniture(&l.text)
}

/// A header with a row of sub-columns under it is refused: which parent each sub-column and
/// each amount under it belongs to is not in the text for sure. The row may lie inside the
/// header's band (its labels wrapped with the parents' pieces: `号  城市  农村  牵头单` / `位`)
/// or on the lines right after it.
fn refuse_sub_columns(
    lines: &[Line],
    bands: &[(usize, usize)],
    lex: &Lexicon,
) -> Result<(), String> {
    for &(a, b) in bands {
        let after = (b + 1..lines.len())
            .filter(|&j| !lines[j].blank())
            .take(2)
            .take_while(|&j| !lines[j].page);
        for j in (a + 1..=b).chain(after) {
            if !sub_label_line(&lines[j].text, lex) && !sub_labels_among_pieces(&lines[j].text, lex)
            {
                continue;
            }
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
    Ok(())
}

/// Columns per page, each with the last line of the header it follows: poppler places each
/// page's text on its own grid. A page whose header does not give the first page's columns
/// keeps the page's before. `None` when the first page's columns are not found.
fn page_columns(
    lines: &[Line],
    bands: &[(usize, usize)],
    body: &[usize],
    (lex, metrics): (&Lexicon, &[Metric]),
) -> Option<Vec<(usize, Columns)>> {
    let mut page_cols: Vec<(usize, Columns)> = Vec::new();
    for (n, &(a, b)) in bands.iter().enumerate() {
        // The page's table lines: up to the next header or the first blank line after the
        // first row's line (a blank line may stand between the header and the rows).
        let until = bands.get(n + 1).map_or(lines.len(), |x| x.0);
        let first = (b + 1..until).find(|&i| !lines[i].blank()).unwrap_or(until);
        let until = (first..until).find(|&i| lines[i].blank()).unwrap_or(until);
        let page_body: Vec<usize> = body
            .iter()
            .copied()
            .filter(|&i| i > b && i < until)
            .collect();
        // Too few lines to show the columns: the page before's, moved as its header moved.
        if page_body.len() < 6
            && let Some((pb, prev)) = page_cols.last()
            && let Some(moved) = moved_columns(lines, bands, (*pb, prev), (a, b))
        {
            page_cols.push((b, moved));
            continue;
        }
        let mut best: Option<Columns> = None;
        for &metric in metrics {
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
            _ if page_cols.is_empty() => return None,
            _ => {}
        }
    }
    Some(page_cols)
}

/// The columns of the page before (its header ending on line `prev.0`), shifted by how far the
/// header on lines `a..=b` moved from that page's header (the median shift of the runs both
/// headers hold).
fn moved_columns(
    lines: &[Line],
    bands: &[(usize, usize)],
    prev: (usize, &Columns),
    (a, b): (usize, usize),
) -> Option<Columns> {
    let (pb, prev) = prev;
    let (pa, _) = bands.iter().find(|x| x.1 == pb).copied()?;
    let old: Vec<Tok> = (pa..=pb)
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
    let &shift = shifts.get(shifts.len() / 2)?;
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
    Some(Columns {
        lefts,
        headers: prev.headers.clone(),
        seq: prev.seq,
        metric: prev.metric,
        aligned: prev.aligned,
    })
}

/// The checks on the numbering before any row is built; the line of the last rising 序号.
///
/// Refused: no 序号 under the header; a header cell that is no column name (two columns ran
/// together: a narrow 服务类型 column written one character a line, a header on two rows, so
/// every row's cells would too); rows the extractor glued (a 序号 cell that is the next
/// numbers written together, `910111213`); rows whose number falls back (numbering restarted,
/// or rows out of order: the rising numbers this reader follows would fold them into the row
/// above).
fn check_numbering(
    parsed: &[(usize, Vec<Frag>)],
    cols: &Columns,
    lex: &Lexicon,
) -> Result<usize, String> {
    let mut last_seq: Option<u32> = None;
    let mut last_line = None;
    for (i, frags) in parsed {
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
    if let Some(h) = cols
        .headers
        .iter()
        .find(|h| !header_core(h).is_empty() && !lex.is_word(h) && !lex.is_fragment(h))
    {
        return Err(format!(
            "the header cell {h} is no column name: two columns ran together"
        ));
    }
    let mut rising: Option<u32> = None;
    for (i, frags) in parsed {
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
    Ok(last_line)
}

/// The table's body line by line, with the rows' anchors.
pub(super) struct Body {
    pub(super) items: Vec<BodyLine>,
    /// The text line of each item.
    pub(super) item_lines: Vec<usize>,
    /// The item of each rising numbered line and its number.
    pub(super) anchors: Vec<(usize, u32)>,
}

/// Body lines: cells or section headings (one run on its line, across the columns); a line
/// numbered above the number before is an anchor.
fn body_lines(
    lines: &[Line],
    parsed: Vec<(usize, Vec<Frag>)>,
    cols: &Columns,
    first_b: usize,
) -> Body {
    let mut body = Body {
        items: Vec::new(),
        item_lines: Vec::new(),
        anchors: Vec::new(),
    };
    let mut prev: Option<u32> = None;
    let mut prev_line = first_b;
    for (i, frags) in parsed {
        let page = (prev_line + 1..=i).any(|j| lines[j].page);
        prev_line = i;
        let runs = tokens(&lines[i].text, Metric::Chars);
        if let [run] = runs.as_slice() {
            let t: String = run.text.chars().filter(|c| !is_space(*c)).collect();
            if crate::lexicon::section_heading(&t).is_some() {
                body.items.push(BodyLine::Section(run.text.clone()));
                body.item_lines.push(i);
                continue;
            }
        }
        if let Some(n) = numbered(&frags, cols)
            && prev.is_none_or(|p| n > p)
        {
            body.anchors.push((body.items.len(), n));
            prev = Some(n);
        }
        body.items.push(BodyLine::Cells(frags, page));
        body.item_lines.push(i);
    }
    body
}

/// The anchors checked: three or more; no row hundreds of lines tall (and the row split's work
/// grows with the gaps); no two rows whose lines the extractor pulled apart (numbered lines in
/// a row that hold nothing but their numbers, their cells stacked below them); every number
/// once, in order (a number missed is a row merged into its neighbour).
fn check_anchors(body: &Body, cols: &Columns) -> Result<(), String> {
    let anchors = &body.anchors;
    if anchors.len() < 3 {
        return Err("fewer than three numbered rows".into());
    }
    if let Some(w) = anchors.windows(2).find(|w| w[1].0 - w[0].0 > MAX_ROW_LINES) {
        return Err(format!(
            "序号 {} and {} are more than {MAX_ROW_LINES} lines apart",
            w[0].1, w[1].1
        ));
    }
    let bare = |at: usize| match &body.items[at] {
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
    if let Some(w) = anchors.windows(2).find(|w| w[1].1 != w[0].1 + 1) {
        return Err(format!("序号 {} is followed by {}", w[0].1, w[1].1));
    }
    Ok(())
}

/// Columns every row fills: 服务对象, 服务项目, the lead department.
fn required_columns(headers: &[String]) -> Vec<bool> {
    headers
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
        .collect()
}

/// The table's rows (the header first) and the file's 1-based line where each starts: the
/// segments between section headings, each split into rows.
fn table_rows(
    body: &Body,
    cols: &Columns,
    first_a: usize,
) -> (Vec<Vec<SourceCell>>, Vec<Option<u32>>) {
    let Body {
        items,
        item_lines,
        anchors,
    } = body;
    let ncols = cols.lefts.len();
    let required = required_columns(&cols.headers);
    let mut rows: Vec<Vec<SourceCell>> = vec![
        cols.headers
            .iter()
            .map(|h| SourceCell::new(h.clone()))
            .collect(),
    ];
    let line_no = |i: usize| Some(u32::try_from(i + 1).unwrap_or(u32::MAX));
    let mut row_lines: Vec<Option<u32>> = vec![line_no(first_a)];
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
    (rows, row_lines)
}

/// Prose: a line that starts at the margin under a line that runs to the right margin
/// continues that line's paragraph (the extractor wrapped it); indented lines start one.
fn prose(lines: &[Line], range: std::ops::Range<usize>) -> Vec<Block> {
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
}

/// The 序号 of a line whose number column holds a number and nothing else.
pub(super) fn numbered(frags: &[Frag], cols: &Columns) -> Option<u32> {
    frags
        .iter()
        .find(|f| f.col == cols.seq)
        .and_then(|f| seq_number(&f.text))
}
