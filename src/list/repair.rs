//! Repairs of a record's cells, each reported: number cells missing or run together with the
//! name, cells shifted left, target cells holding other cells' text, extraction garbage.

use super::carry::is_complete_target;
use super::header::Header;
use super::numbers::{number_key, seq_value};
use super::records::Record;
use super::{Role, clip, unused};
use crate::diag::{Code, Diagnostics};
use crate::grammar::Cell;
use crate::normalize;
use crate::span::Span;
use std::rc::Rc;

/// What the steps that look across rows need of one record: its number as written, its
/// 服务对象 and 服务项目 texts (boxed: a long list holds one per row).
pub(super) struct Skeleton {
    pub(super) seq: Option<u32>,
    /// The printed 序号 as written ("3-2", "（三）"), when the cell holds a number; the
    /// section part of a "3-2" number.
    pub(super) number: Option<(Box<str>, Option<u32>)>,
    pub(super) span: Span,
    /// The 服务对象 cell's normalized text; `None` without such a cell.
    pub(super) target: Option<Box<str>>,
    /// The 服务项目 cell's normalized text ("" without one).
    pub(super) name: Box<str>,
}

/// Columns under one parent of a hierarchical header: the first column, how many, the parent.
pub(super) struct Group {
    start: usize,
    width: usize,
    parent: Rc<str>,
}

/// The parents of a hierarchical header that span two or more columns.
pub(super) fn header_groups(header: &Header) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (i, place) in header.places.iter().enumerate() {
        let Some(parent) = &place.parent else {
            continue;
        };
        match out.last_mut() {
            Some(g) if g.start + g.width == i && *g.parent == **parent => g.width += 1,
            _ => out.push(Group {
                start: i,
                width: 1,
                parent: parent.clone(),
            }),
        }
    }
    out.retain(|g| g.width >= 2);
    out
}

/// The header word of a role, for messages.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::Target => "服务对象",
        Role::Seq => "序号",
        Role::Name => "服务项目",
        Role::Content => "服务内容",
        Role::Standard => "服务标准",
        Role::Types => "服务类型",
        Role::Funding => "支出责任",
        Role::Departments => "牵头单位",
        Role::Partners => "配合单位",
        Role::Other => "其他",
    }
}

/// How well `cells` fit `columns` by their content: an organisation in a department column
/// and an amount in a standard column fit; an organisation in a standard column or an amount
/// in a department column does not.
/// Words that name a source of funds in a 资金来源 cell.
const SOURCES: &[&str] = &["财政", "资金", "基金", "公益金", "承担", "自筹"];

fn content_fit(text: &str, cells: &[Cell], columns: &[Role]) -> i32 {
    let mut score = 0;
    for (role, cell) in columns.iter().zip(cells) {
        let raw = cell.raw(text);
        let norm = normalize::text(&raw);
        let names = || normalize::departments(&raw);
        let all_orgs = || {
            let n = names();
            !n.is_empty() && n.iter().all(|x| normalize::is_org_name(x))
        };
        let amount = norm.contains(['元', '%', '％']);
        score += match role {
            Role::Departments | Role::Partners if norm.is_empty() => -1,
            Role::Departments | Role::Partners if amount => -3,
            Role::Departments | Role::Partners if all_orgs() => 2,
            Role::Departments | Role::Partners => -2,
            Role::Standard | Role::Content | Role::Funding
                if !norm.is_empty() && norm.chars().count() <= 40 && all_orgs() =>
            {
                -2
            }
            Role::Standard if norm.contains('元') => 1,
            // A share ("50%", "中央50%") or a source of funds ("医疗救助资金"); a long text
            // naming neither is some other column's (a standard that mentions a rate).
            Role::Funding if SOURCES.iter().any(|w| norm.contains(w)) => 1,
            Role::Funding if norm.contains(['%', '％']) && norm.chars().count() <= 12 => 1,
            Role::Funding if norm.chars().count() > 12 => -1,
            Role::Seq if seq_value(&norm).is_some() => 1,
            Role::Name | Role::Target | Role::Content if norm.is_empty() => -1,
            Role::Target if is_complete_target(&norm) => 1,
            _ => 0,
        };
    }
    score
}

/// Sub-columns of one parent hold the same kind of text (amounts under 城市 / 农村, rates under
/// 中央 / 省级 / 县级, "按规定" in each): +1 for each parent whose written sub-columns agree,
/// -1 for each whose written sub-columns mix kinds (text, money, rates, sources of funds). A dash
/// or 无 agrees with anything.
fn groups_alike(text: &str, cells: &[Cell], groups: &[Group]) -> i32 {
    #[derive(PartialEq)]
    enum Kind {
        Money,
        Rate,
        /// A source of funds ("市、乡（镇）两级财政", "福彩公益金", "个人承担").
        Source,
        Text,
    }
    let kind = |c: &Cell| -> Option<Kind> {
        let n = normalize::text(&c.raw(text));
        if n.is_empty() || ["—", "-", "－", "/", "无", "——"].contains(&n.as_str()) {
            return None;
        }
        Some(if n.contains('元') {
            Kind::Money
        } else if n.contains(['%', '％']) {
            Kind::Rate
        } else if SOURCES.iter().any(|w| n.contains(w)) {
            Kind::Source
        } else {
            Kind::Text
        })
    };
    groups
        .iter()
        .map(|g| {
            let kinds: Vec<Kind> = cells
                .iter()
                .skip(g.start)
                .take(g.width)
                .filter_map(kind)
                .collect();
            match kinds.split_first() {
                Some((first, rest)) if !rest.is_empty() => {
                    if rest.iter().all(|k| k == first) {
                        1
                    } else {
                        -1
                    }
                }
                _ => 0,
            }
        })
        .sum()
}

/// A unit of the header: its first column, its width, and its parent's text ("" for a column
/// of its own).
type Unit<'g> = (usize, usize, &'g str);

/// Merged spans (start, width), left to right: one candidate alignment of a short row.
type Merge = Vec<(usize, usize)>;

/// The header's units: a parent with its sub-columns, or a column of its own. A merged cell
/// covers whole units: one parent's sub-columns, or a run of units ("服务内容" and both
/// "补贴标准" columns).
fn header_units<'g>(columns: &[Role], groups: &'g [Group]) -> Vec<Unit<'g>> {
    let mut units: Vec<Unit<'g>> = Vec::new();
    let mut i = 0;
    while i < columns.len() {
        match groups.iter().find(|g| g.start == i) {
            Some(g) => {
                units.push((i, g.width, &g.parent));
                i += g.width;
            }
            None => {
                units.push((i, 1, ""));
                i += 1;
            }
        }
    }
    units
}

/// The ways `missing` columns can be merged away: a run of whole units, or two parents each
/// merged across their own sub-columns.
fn merge_candidates(units: &[Unit], groups: &[Group], missing: usize) -> Vec<Merge> {
    let mut candidates: Vec<Merge> = Vec::new();
    for a in 0..units.len() {
        let mut width = 0;
        for u in &units[a..] {
            width += u.1;
            if width - 1 == missing {
                candidates.push(vec![(units[a].0, width)]);
            }
            if width > missing {
                break;
            }
        }
    }
    for (x, gx) in groups.iter().enumerate() {
        for gy in &groups[x + 1..] {
            if gx.width + gy.width - 2 == missing {
                candidates.push(vec![(gx.start, gx.width), (gy.start, gy.width)]);
            }
        }
    }
    candidates
}

/// The candidate that fits `cells` best by content and by the header's spans, with the cells
/// aligned by it, and whether another candidate fits as well.
fn best_alignment(
    text: &str,
    cells: &[Cell],
    columns: &[Role],
    groups: &[Group],
    candidates: Vec<Merge>,
) -> Option<(Merge, Vec<Cell>, bool)> {
    // The best so far: its score, its merged spans (start, width) and the aligned cells.
    let mut best: Option<(i32, Merge, Vec<Cell>)> = None;
    let mut tie = false;
    for chosen in candidates {
        let mut aligned = cells.to_vec();
        // From the left: the cells before each span are then in their final columns.
        for &(start, width) in &chosen {
            let at = (start + 1).min(aligned.len());
            for _ in 1..width {
                aligned.insert(at, Cell::default());
            }
        }
        // The header's spans come first: a cell merged across one parent's sub-columns is the
        // usual case; a run over several columns must fit clearly better.
        let spans_only = chosen
            .iter()
            .all(|&(start, width)| groups.iter().any(|g| g.start == start && g.width == width));
        let score = content_fit(text, &aligned, columns)
            + groups_alike(text, &aligned, groups)
            + if spans_only { 2 } else { 0 };
        match &best {
            Some((b, _, _)) if score < *b => {}
            Some((b, _, _)) if score == *b => tie = true,
            _ => {
                tie = false;
                best = Some((score, chosen, aligned));
            }
        }
    }
    best.map(|(_, chosen, aligned)| (chosen, aligned, tie))
}

/// The names of the merged spans, for the message: "服务内容+补贴标准".
fn merged_names(units: &[Unit], columns: &[Role], chosen: &Merge) -> Vec<String> {
    chosen
        .iter()
        .map(|&(start, width)| {
            let names: Vec<&str> = units
                .iter()
                .filter(|u| u.0 >= start && u.0 < start + width)
                .map(|u| {
                    if u.2.is_empty() {
                        role_name(columns[u.0])
                    } else {
                        u.2
                    }
                })
                .collect();
            names.join("+")
        })
        .collect()
}

/// A row copied as text from Word with a cell merged across the sub-columns of one parent has
/// fewer fields than the header: its fields are aligned to the columns by the header's spans
/// (the merged field stands in the parent's first column, its other columns blank) and by
/// content ([`content_fit`]): the alignment that fits best is taken and reported. When two
/// fit equally, the row is left as it is and the doubt is reported.
fn align_merged(
    text: &str,
    cells: &mut Vec<Cell>,
    columns: &[Role],
    groups: &[Group],
    span: Span,
    diags: &mut Diagnostics,
) {
    let missing = columns.len() - cells.len();
    let units = header_units(columns, groups);
    let candidates = merge_candidates(&units, groups, missing);
    let Some((chosen, aligned, tie)) = best_alignment(text, cells, columns, groups, candidates)
    else {
        return;
    };
    if tie {
        diags.warn(
            Code::MergedCells,
            span,
            format!(
                "row has {} fields for {} columns and more than one merged cell would fit ({}); left as written",
                cells.len(),
                columns.len(),
                groups.iter().map(|g| &*g.parent).collect::<Vec<_>>().join(", ")
            ),
        );
        return;
    }
    diags.info(
        Code::MergedCells,
        span,
        format!(
            "row has {} fields for {} columns: read as a cell merged across {} (by the header's spans and the cells' content)",
            cells.len(),
            columns.len(),
            merged_names(&units, columns, &chosen).join(" and ")
        ),
    );
    *cells = aligned;
}

/// The first pass over the records: trailing blank cells dropped, number cells repaired, cell
/// counts checked; each record's [`Skeleton`], and the content, standard and 支出责任 texts
/// that contain 号 (may hold a document number) with their record's index.
pub(super) fn skeletons(
    text: &str,
    columns: &[Role],
    groups: &[Group],
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
        if cells.len() < k && !groups.is_empty() {
            align_merged(text, cells, columns, groups, rec.span, diags);
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
        let number = s.and_then(|s| cells.get(s)).map(norm).and_then(|n| {
            let (major, _) = number_key(&n)?;
            let printed = n.trim_end_matches(['.', '、', '．', ',', '，']);
            Some((printed.into(), major))
        });
        out.push(Skeleton {
            seq,
            number,
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
