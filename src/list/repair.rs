//! Repairs of a record's cells, each reported: number cells missing or run together with the
//! name, cells shifted left, target cells holding other cells' text, extraction garbage.

use super::numbers::seq_value;
use super::records::Record;
use super::{Role, clip, unused};
use crate::diag::{Code, Diagnostics};
use crate::grammar::Cell;
use crate::normalize;
use crate::span::Span;

/// What the steps that look across rows need of one record: its number as written, its
/// 服务对象 and 服务项目 texts (boxed: a long list holds one per row).
pub(super) struct Skeleton {
    pub(super) seq: Option<u32>,
    pub(super) span: Span,
    /// The 服务对象 cell's normalized text; `None` without such a cell.
    pub(super) target: Option<Box<str>>,
    /// The 服务项目 cell's normalized text ("" without one).
    pub(super) name: Box<str>,
}

/// The first pass over the records: trailing blank cells dropped, number cells repaired, cell
/// counts checked; each record's [`Skeleton`], and the content, standard and 支出责任 texts
/// that contain 号 (may hold a document number) with their record's index.
pub(super) fn skeletons(
    text: &str,
    columns: &[Role],
    records: &mut [Record],
    diags: &mut Diagnostics,
) -> (Vec<Skeleton>, Vec<(usize, String)>) {
    let k = columns.len();
    let at = |role: Role| columns.iter().position(|r| *r == role);
    let s = at(Role::Seq);
    let (target_at, name_at) = (at(Role::Target), at(Role::Name));
    let numbered_at: Vec<usize> = [Role::Content, Role::Standard, Role::Funding]
        .into_iter()
        .filter_map(at)
        .collect();
    let norm = |c: &Cell| normalize::text(&c.raw(text));
    let mut out = Vec::with_capacity(records.len());
    let mut numbered = Vec::new();
    for (i, rec) in records.iter_mut().enumerate() {
        let cells = &mut rec.cells;
        // Trailing blank cells beyond the header are layout noise.
        while cells.len() > k && cells.last().is_some_and(|c| c.is_blank(text)) {
            cells.pop();
        }
        let mut seq = None;
        if let Some(s) = s {
            seq = cells.get(s).and_then(|c| seq_value(&norm(c)));
            if seq.is_none() {
                repair_seq_cell(text, cells, s, k, rec.span, diags);
                seq = cells.get(s).and_then(|c| seq_value(&norm(c)));
            }
        }
        if cells.len() != k {
            diags.warn(
                Code::CellCount,
                rec.span,
                format!("row has {} cells, header has {k}", cells.len()),
            );
        }
        for extra in cells.iter().skip(k) {
            unused(text, extra.span(), diags);
        }
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i));
        out.push(Skeleton {
            seq,
            span: rec.span,
            target: cell(target_at).map(|c| norm(c).into_boxed_str()),
            name: cell(name_at).map(norm).unwrap_or_default().into_boxed_str(),
        });
        numbered.extend(
            numbered_at
                .iter()
                .filter_map(|&j| cells.get(j))
                .filter(|c| c.raw(text).contains('号'))
                .map(|c| (i, norm(c))),
        );
    }
    (out, numbered)
}

/// A 序号 cell that holds no number: either the number is run together with the name
/// ("3 就医便利服务"), or the number cell is missing and the cells after it moved left.
fn repair_seq_cell(
    text: &str,
    cells: &mut Vec<Cell>,
    s: usize,
    k: usize,
    span: Span,
    diags: &mut Diagnostics,
) {
    let Some(cell) = cells.get(s) else { return };
    let raw = cell.raw(text);
    let short = cells.len() < k;
    let spare = cells.len() == k && cells.last().is_some_and(|c| c.is_blank(text));
    // Run together: "12 高龄津贴" in the number cell, the row one cell short.
    if short && cell.parts.len() == 1 {
        let lead = raw.trim_start();
        let digits: String = lead.chars().take_while(|c| c.is_ascii_digit()).collect();
        let rest = lead[digits.len()..].trim_start_matches([' ', '、', '.', '．', '\u{3000}']);
        if !digits.is_empty() && !rest.is_empty() {
            let part = cell.parts[0];
            let offset = raw.len() - rest.len();
            let num_start = part.start + (raw.len() - lead.len());
            let num = Cell {
                parts: smallvec::smallvec![Span::new(num_start, num_start + digits.len())],
                merged: false,
            };
            let name = Cell {
                parts: smallvec::smallvec![Span::new(part.start + offset, part.end)],
                merged: false,
            };
            cells[s] = num;
            cells.insert(s + 1, name);
            diags.warn(
                Code::ShiftedCells,
                span,
                format!(
                    "number and name run together in one cell: split into {digits} and {}",
                    clip(&normalize::text(rest))
                ),
            );
            return;
        }
    }
    // Missing: the cells moved one place left; put an empty number cell back.
    if (short || spare) && !cell.is_blank(text) {
        if spare {
            cells.pop();
        }
        cells.insert(s, Cell::default());
        diags.warn(
            Code::ShiftedCells,
            span,
            format!(
                "the row has no number cell and its cells were shifted left; moved back right ({} is the name)",
                clip(&normalize::text(&raw))
            ),
        );
    }
}

/// Extraction garbage: many one-character tokens ("(E 田 出 本 N L").
pub(super) fn is_garbage(raw: &str) -> bool {
    let toks: Vec<&str> = raw
        .split(normalize::is_space)
        .filter(|t| !t.is_empty())
        .collect();
    let singles = toks.iter().filter(|t| t.chars().count() == 1).count();
    toks.len() >= 4 && singles * 4 >= toks.len() * 3
}

/// A target cell after removing the number+name text of its own or a neighbouring row that
/// extraction merged into it ("3 就医便利服务 60 周岁及以上 4 自愿随子女迁移户口" → "60周岁及以上").
pub(super) fn strip_foreign_cells(t: &str, neighbours: &[(u32, &str)]) -> Option<String> {
    let mut out = t.to_owned();
    let mut changed = false;
    for (seq, name) in neighbours {
        if name.is_empty() {
            continue;
        }
        let pat = format!("{seq}{name}");
        if out.contains(&pat) {
            out = out.replacen(&pat, "", 1);
            changed = true;
        }
    }
    changed.then_some(out)
}

/// Names longer than any department name that do not end like one are sentences.
pub(super) fn sentences_out(
    names: Vec<String>,
    seq: u32,
    span: Span,
    diags: &mut Diagnostics,
) -> Vec<String> {
    names
        .into_iter()
        .filter(|n| {
            let sentence = n.chars().count() > 14 && !normalize::is_org_name(n);
            if sentence {
                diags.warn(
                    Code::UnusedText,
                    span,
                    format!(
                        "row {seq}: text in a department cell that names no organisation: {}",
                        clip(n)
                    ),
                );
            }
            !sentence
        })
        .collect()
}
