//! Carry-down: blank cells that mean the one above, targets split over rows joined, and
//! merged cells that extraction centred among the rows they span.

use super::records::Record;
use super::repair::{Skeleton, is_garbage, strip_foreign_cells};
use super::{Role, clip};
use crate::diag::{Code, Diagnostics};
use crate::grammar::Cell;
use crate::normalize;
use crate::span::slice;

/// Cells under a merged cell (known where the source records merges) take the text of the
/// cell above, except 服务对象 and 服务项目, whose carry-down and joining rules see the blank.
pub(super) fn fill_merged(above: &[(Role, Cell, String)], here: &mut [(Role, Cell, String)]) {
    for (role, cell, norm) in here {
        if !cell.merged || !norm.is_empty() || matches!(role, Role::Target | Role::Name) {
            continue;
        }
        if let Some((_, c, n)) = above.iter().find(|(r, _, _)| r == role) {
            *cell = Cell {
                parts: c.parts.clone(),
                merged: true,
            };
            norm.clone_from(n);
        }
    }
}

/// Person nouns that end a complete 服务对象 ("…老年人", "…人员", "…对象", "…家属").
pub(super) fn is_complete_target(t: &str) -> bool {
    let t = t.trim_end_matches(['。', '；', ';', '，', ',', '、']);
    t.ends_with([
        '人', '员', '象', '属', '户', '口', '体', '庭', '者', '工', '民', '士',
    ])
}

/// Fragments of a target split by extraction are short and hold no sentence punctuation.
const FRAGMENT_MAX_CHARS: usize = 12;

fn is_fragment(t: &str) -> bool {
    t.chars().count() <= FRAGMENT_MAX_CHARS && !t.contains(['。', '；', '，', ';', ','])
}

/// Targets after repairs, carry-down and joining, one per row.
pub(super) fn targets(
    text: &str,
    records: &[Record],
    target_at: Option<usize>,
    mapped: &[Skeleton],
    seqs: &[u32],
    diags: &mut Diagnostics,
) -> Vec<Option<String>> {
    let frags = target_fragments(text, records, target_at, mapped, seqs, diags);
    let Blocks {
        mut out,
        missing,
        start_of,
        was_joined,
    } = blocks(&frags, mapped, seqs, diags);
    let rows = TargetRows {
        text,
        records,
        target_at,
        mapped,
        seqs,
    };
    centred_targets(rows, &frags, (&start_of, &was_joined), &mut out, diags);
    for i in missing {
        if out[i].is_none() {
            diags.warn(
                Code::MissingTarget,
                mapped[i].span,
                format!(
                    "row {} has no 服务对象 and none above to carry down",
                    seqs[i]
                ),
            );
        }
    }
    out
}

/// Where the rows' targets are read: the text, its records, the target column and the rows.
#[derive(Clone, Copy)]
struct TargetRows<'a> {
    text: &'a str,
    records: &'a [Record],
    target_at: Option<usize>,
    mapped: &'a [Skeleton],
    seqs: &'a [u32],
}

/// Each row's own target fragment: `None` for a blank cell, `Some("")` for garbage; a cell
/// that holds the number and name of its own or a neighbouring row keeps the rest. Each repair
/// is reported.
fn target_fragments(
    text: &str,
    records: &[Record],
    target_at: Option<usize>,
    mapped: &[Skeleton],
    seqs: &[u32],
    diags: &mut Diagnostics,
) -> Vec<Option<String>> {
    let mut frags: Vec<Option<String>> = Vec::with_capacity(mapped.len());
    for (i, m) in mapped.iter().enumerate() {
        let (Some(norm), Some(cell)) = (&m.target, target_cell(records, target_at, i)) else {
            frags.push(None);
            continue;
        };
        let span = cell.span();
        let norm = normalize::target_text(norm);
        if norm.is_empty() {
            frags.push(None);
            continue;
        }
        if is_garbage(&cell.raw(text)) {
            diags.warn(
                Code::GarbledCell,
                span,
                format!(
                    "row {}: 服务对象 cell is extraction garbage: {}",
                    seqs[i],
                    clip(&norm)
                ),
            );
            frags.push(Some(String::new()));
            continue;
        }
        let lo = i.saturating_sub(1);
        let hi = (i + 2).min(mapped.len());
        let neighbours: Vec<(u32, &str)> = (lo..hi).map(|j| (seqs[j], &*mapped[j].name)).collect();
        match strip_foreign_cells(&norm, &neighbours) {
            Some(rest) => {
                diags.warn(
                    Code::GarbledCell,
                    span,
                    format!(
                        "row {}: 服务对象 cell holds the number and name of other cells: {}; kept {}",
                        seqs[i],
                        clip(&norm),
                        if rest.is_empty() { "nothing".to_owned() } else { rest.clone() }
                    ),
                );
                frags.push((!rest.is_empty()).then_some(rest));
            }
            None => frags.push(Some(norm)),
        }
    }
    frags
}

/// The rows grouped into blocks that share one target ([`blocks`]).
struct Blocks {
    /// Each row's target.
    out: Vec<Option<String>>,
    /// Rows with a blank target and no block above to take it from.
    missing: Vec<usize>,
    /// For each row, the first row of its block.
    start_of: Vec<Option<usize>>,
    /// For each block start, whether its text was joined from fragments of several rows.
    was_joined: Vec<bool>,
}

/// What [`blocks`] reads of every row: its own target fragment, its skeleton, its seq.
struct BlockRows<'a> {
    frags: &'a [Option<String>],
    mapped: &'a [Skeleton],
    seqs: &'a [u32],
}

impl BlockRows<'_> {
    /// Gives the rows of `block` its text (`block_text`, joined from several rows' fragments
    /// when `joined`), reports the join and the carried rows, and empties the block.
    fn close(
        &self,
        block: &mut Vec<usize>,
        block_text: &str,
        joined: bool,
        out: &mut [Option<String>],
        diags: &mut Diagnostics,
    ) {
        if block.is_empty() {
            return;
        }
        let value = (!block_text.is_empty()).then(|| block_text.to_owned());
        if joined && let (Some(&first), Some(&last)) = (block.first(), block.last()) {
            diags.info(
                Code::JoinedTarget,
                self.mapped[first].span.cover(self.mapped[last].span),
                format!(
                    "服务对象 split over rows {}–{} joined: {}",
                    self.seqs[first],
                    self.seqs[last],
                    value.as_deref().unwrap_or("")
                ),
            );
        }
        for &r in block.iter() {
            out[r].clone_from(&value);
        }
        if let Some(v) = &value {
            self.report_carried(block, v, diags);
        }
        block.clear();
    }

    /// Rows whose own cell was blank took the block's target `value`: said once per block.
    fn report_carried(&self, block: &[usize], value: &str, diags: &mut Diagnostics) {
        let carried: Vec<u32> = block
            .iter()
            .skip(1)
            .filter(|&&r| self.frags[r].is_none())
            .map(|&r| self.seqs[r])
            .collect();
        let (Some(&first), false) = (block.first(), carried.is_empty()) else {
            return;
        };
        let rows: Vec<String> = carried.iter().map(u32::to_string).collect();
        diags.info(
            Code::CarriedTarget,
            self.mapped[first].span,
            format!(
                "服务对象 of row {} ({}) carried down to the blank cell{} of row{} {}",
                self.seqs[first],
                clip(value),
                if rows.len() > 1 { "s" } else { "" },
                if rows.len() > 1 { "s" } else { "" },
                rows.join(", ")
            ),
        );
    }
}

/// Blocks of rows sharing one target: a blank cell joins the block above; an open block (its
/// text an incomplete fragment) takes the next fragment. Each join is reported.
fn blocks(
    frags: &[Option<String>],
    mapped: &[Skeleton],
    seqs: &[u32],
    diags: &mut Diagnostics,
) -> Blocks {
    let rows = BlockRows {
        frags,
        mapped,
        seqs,
    };
    let mut out: Vec<Option<String>> = vec![None; mapped.len()];
    let mut block: Vec<usize> = Vec::new();
    let mut block_text = String::new();
    let mut open = false;
    let mut joined = false;
    let mut missing: Vec<usize> = Vec::new();
    // For each row, the first row of its block; for each block start, whether its text was
    // joined from fragments of several rows.
    let mut start_of: Vec<Option<usize>> = vec![None; mapped.len()];
    let mut was_joined: Vec<bool> = vec![false; mapped.len()];
    for (i, frag) in frags.iter().enumerate() {
        match frag {
            None => {
                if block.is_empty() {
                    missing.push(i);
                } else {
                    start_of[i] = block.first().copied();
                    block.push(i);
                }
            }
            Some(f) => {
                if open && !block.is_empty() && is_fragment(f) && !f.is_empty() {
                    block_text.push_str(f);
                    start_of[i] = block.first().copied();
                    block.push(i);
                    joined = true;
                    if let Some(&b) = block.first() {
                        was_joined[b] = true;
                    }
                } else {
                    rows.close(&mut block, &block_text, joined, &mut out, diags);
                    start_of[i] = Some(i);
                    block.push(i);
                    block_text = f.clone();
                    joined = false;
                }
                open = block_text.is_empty()
                    || (!is_complete_target(&block_text) && is_fragment(&block_text));
            }
        }
    }
    rows.close(&mut block, &block_text, joined, &mut out, diags);
    Blocks {
        out,
        missing,
        start_of,
        was_joined,
    }
}

/// Row `i`'s 服务对象 cell, if it has one.
fn target_cell(records: &[Record], target_at: Option<usize>, i: usize) -> Option<&Cell> {
    target_at.and_then(|t| records.get(i)?.cells.get(t))
}

/// A target cell written over several lines ("经济困难 老年人": a line break PDF extraction
/// turned into a space between two Han characters).
fn is_multi_line(raw: &str) -> bool {
    let cs: Vec<char> = raw.trim().chars().collect();
    cs.windows(3).any(|w| {
        crate::normalize::is_space(w[1])
            && !w[0].is_ascii()
            && !w[2].is_ascii()
            && !crate::normalize::is_space(w[0])
            && !crate::normalize::is_space(w[2])
    })
}

/// A cell's lines, each with the spaces that end its line (a space before a wrap is a trace of
/// the source, which trimmed parts lose).
fn cell_lines(text: &str, cell: &Cell) -> String {
    let mut out = String::new();
    for (i, p) in cell.parts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(slice(text, *p));
        let after = text.get(p.end..).unwrap_or("");
        let spaces = after.len() - after.trim_start_matches(' ').len();
        if after[spaces..].starts_with(['\n', '\r']) {
            out.push_str(&after[..spaces]);
        }
    }
    out
}

/// A cell whose lines of the source cell extraction set side by side: once the cell's own
/// wrapped lines are rejoined, a space stands between two Han characters (003: "经济困难 老年人",
/// two lines of a merged cell written on one row). A wrap of the extracted text itself
/// ("特殊困难老年⏎人") is no such trace.
fn has_inner_line_break(raw: &str) -> bool {
    let joined: String = raw
        .split('\n')
        .map(|l| l.trim_start_matches(['\t', '\u{3000}']))
        .collect();
    let cs: Vec<char> = joined.trim().chars().collect();
    let han = |c: char| !c.is_ascii() && !crate::normalize::is_space(c);
    cs.iter().enumerate().any(|(i, &c)| {
        c == ' ' && i > 0 && han(cs[i - 1]) && {
            let next = cs[i..].iter().find(|&&x| x != ' ');
            next.is_some_and(|&x| han(x))
        }
    })
}

/// PDF extraction writes a merged cell's text vertically centred among the rows it spans, so
/// blank target cells directly above the first fragment belong to it when nothing above them
/// could be carried down (003: rows 1–2 above "60 周岁及以上 / 老年人"), and, between two
/// blocks, as many as the cell has blank rows below it when its source lines stand side by
/// side on its row (003: row 16 above "经济困难 老年人"). Only where the list shows centred
/// cells (a target joined from fragments of several rows); each reassignment is reported with
/// its evidence, with the blank rows above and below the cell.
/// `blocks` holds, for each row, the first row of its block and, for each block start,
/// whether its text was joined (as in [`Blocks`]).
fn centred_targets(
    rows: TargetRows,
    frags: &[Option<String>],
    blocks: (&[Option<usize>], &[bool]),
    out: &mut [Option<String>],
    diags: &mut Diagnostics,
) {
    let TargetRows {
        text,
        records,
        target_at,
        mapped,
        seqs,
    } = rows;
    let (start_of, was_joined) = blocks;
    if !was_joined.iter().any(|j| *j) {
        return;
    }
    let n = mapped.len();
    for j in 0..n {
        if start_of[j] != Some(j) || out[j].is_none() {
            continue;
        }
        let (raw, stacked_lines) = target_cell(records, target_at, j).map_or_else(
            || (String::new(), false),
            |c| {
                (
                    c.raw(text).into_owned(),
                    has_inner_line_break(&cell_lines(text, c)),
                )
            },
        );
        if !(was_joined[j] || stacked_lines || is_multi_line(&raw)) {
            continue;
        }
        // Blank rows directly above, and blank rows at the bottom of this block.
        let above: Vec<usize> = (0..j).rev().take_while(|&i| frags[i].is_none()).collect();
        if above.is_empty() {
            continue;
        }
        let below = (j + 1..n)
            .take_while(|&i| start_of[i] == Some(j))
            .filter(|&i| frags[i].is_none())
            .count();
        // Rows with nothing above to carry down are this cell's. Between two blocks a blank
        // row may as well be the upper cell's: it is this one's only where the cell shows it
        // was centred: its text written over several lines, all on one row (not spread over
        // rows, as a cell of as many rows as lines would be), with blank rows below it. A
        // centred text has as many blank rows above it as below, so that many go to it.
        let at_top = above.iter().all(|&i| out[i].is_none());
        let stacked = !was_joined[j] && stacked_lines && below > 0;
        let take = if at_top {
            above.len()
        } else if stacked {
            above.len().min(below)
        } else {
            0
        };
        if take == 0 {
            continue;
        }
        let above = &above[..take];
        let value = out[j].clone();
        for &i in above {
            out[i].clone_from(&value);
        }
        let (first, last) = (above[above.len() - 1], above[0]);
        let message = centred_message(seqs, above, j, below, at_top, value.as_deref());
        diags.info(
            Code::CentredTarget,
            mapped[first].span.cover(mapped[last].span),
            message,
        );
    }
}

/// The report of blank rows `above` (nearest first) that take `value`, the target of row `j`:
/// a merged cell centred at the top of the list, or between two blocks with `below` blank rows
/// under it.
fn centred_message(
    seqs: &[u32],
    above: &[usize],
    j: usize,
    below: usize,
    at_top: bool,
    value: Option<&str>,
) -> String {
    let (first, last) = (above[above.len() - 1], above[0]);
    let rows = if first == last {
        format!("row {} has a", seqs[first])
    } else {
        format!("rows {}–{} have a", seqs[first], seqs[last])
    };
    let value = value.unwrap_or("");
    if at_top {
        format!(
            "{rows} blank 服务对象 directly above {value}, which extraction centred in its merged cell ({} blank rows above it, {below} below): taken as theirs",
            above.len()
        )
    } else {
        format!(
            "{rows} blank 服务对象 directly above {value}, whose lines stand together on row {} with {below} blank {} below it: a merged cell centred over rows {}–{}, taken as theirs rather than the cell above's",
            seqs[j],
            if below == 1 { "row" } else { "rows" },
            seqs[first],
            seqs[j + below]
        )
    }
}
