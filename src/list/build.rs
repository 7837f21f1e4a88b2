//! A [`Row`](super::Row) from each record, built one at a time with the row above carried down.

use super::carry::fill_merged;
use super::records::Record;
use super::repair::sentences_out;
use super::{Pending, Role, Row};
use crate::diag::{Code, Diagnostics};
use crate::grammar::Cell;
use crate::layout::Layout;
use crate::normalize;
use crate::span::Span;
use std::rc::Rc;

/// A row's cells by role, before carry-down.
struct Mapped {
    section: Option<Rc<str>>,
    /// Each cell with its role and its normalized text: computed for the fields read from it
    /// (content, standard, 支出责任) and for merged cells; "" for the rest, which are read raw
    /// or come from the row's [`Skeleton`].
    cells: Vec<(Role, Cell, String)>,
    /// Each cell's sub-column label, aligned with `cells`.
    scopes: Vec<Option<Rc<str>>>,
    span: Span,
}

impl Mapped {
    /// The scopes of the cells of `role` that are read on their own: the sub-column labels of
    /// a role with sub-columns; `None` for each when only the first is written (a cell merged
    /// across its sub-columns is read once, without a scope).
    fn own_scopes(&self, role: Role, text: &str) -> Vec<Option<Rc<str>>> {
        let of_role: Vec<usize> = (0..self.cells.len())
            .filter(|&i| self.cells[i].0 == role)
            .collect();
        let written: Vec<usize> = of_role
            .iter()
            .copied()
            .filter(|&i| !self.cells[i].1.is_blank(text))
            .collect();
        // Only the first sub-column written: a cell merged across them (or the role's one
        // column); a later one alone is that sub-column's own.
        let merged = written.len() <= 1 && written.first() == of_role.first();
        of_role
            .iter()
            .map(|&i| {
                if merged {
                    None
                } else {
                    self.scopes.get(i).cloned().flatten()
                }
            })
            .collect()
    }

    fn cell(&self, role: Role) -> Option<&(Role, Cell, String)> {
        self.cells.iter().find(|(r, _, _)| *r == role)
    }
}

/// A record's cells under their columns (the columns of no field left out), each with its
/// sub-column label; the cells whose text later steps read are normalized here.
fn map_cells(text: &str, columns: &[Role], scopes: &[Option<Rc<str>>], rec: Record) -> Mapped {
    let mut row_scopes = Vec::with_capacity(columns.len());
    let cells: Vec<(Role, Cell, String)> = columns
        .iter()
        .copied()
        .zip(scopes.iter())
        .zip(rec.cells)
        .filter(|((r, _), _)| *r != Role::Other)
        .map(|((r, scope), c)| {
            row_scopes.push(scope.clone());
            let read = matches!(r, Role::Content | Role::Standard | Role::Funding)
                || (c.merged && !matches!(r, Role::Target | Role::Name));
            let n = if read {
                normalize::text(&c.raw(text))
            } else {
                String::new()
            };
            (r, c, n)
        })
        .collect();
    Mapped {
        section: rec.section,
        cells,
        scopes: row_scopes,
        span: rec.span,
    }
}

impl Pending {
    /// Builds the rows in list order and hands each to `on_row`, holding one row at a time;
    /// stops at the first error `on_row` returns. Diagnostics go to `diags`.
    ///
    /// # Errors
    /// The first error of `on_row`.
    pub fn rows<E>(
        self,
        text: &str,
        diags: &mut Diagnostics,
        mut on_row: impl FnMut(Row) -> Result<(), E>,
    ) -> Result<(), E> {
        let Pending {
            layout,
            columns,
            scopes,
            records,
            skeletons,
            seqs,
            targets,
            ..
        } = self;
        let n = records.len();
        let mut records = records.into_iter().peekable();
        // The row above: its cells (kept only when the row below has merged cells) and the
        // lists carried down into blank cells.
        let mut above_cells: Option<Vec<(Role, Cell, String)>> = None;
        let mut above: Option<[Vec<String>; 3]> = None;
        let mut last_name: Option<String> = None;
        let mut last_target: Option<String> = None;
        let k = columns.len();
        let rows = skeletons.into_iter().zip(seqs).zip(targets).enumerate();
        for (i, ((sk, seq), target)) in rows {
            let Some(rec) = records.next() else { break };
            let short = (rec.cells.len() < k).then_some((rec.cells.len(), k));
            let mut m = map_cells(text, &columns, &scopes, rec);
            if let Some(a) = &above_cells {
                fill_merged(a, &mut m.cells);
            }
            above_cells = records
                .peek()
                .filter(|r| r.cells.iter().any(|c| c.merged))
                .map(|_| m.cells.clone());
            let number = sk.number.map(|(n, _)| n.into_string());
            let above_row = Above {
                name: last_name.take(),
                target: last_target.take(),
                lists: above.take(),
            };
            let mut row = build_row(
                text,
                m,
                sk.name.into_string(),
                (seq, target),
                short,
                &above_row,
                diags,
            );
            // The running position is the row's identity; the printed number is kept as
            // written (it may restart under each section row).
            row.seq = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if let Some(n) = number {
                row.number = n;
            }
            last_name.clone_from(&row.name);
            last_target.clone_from(&row.target);
            above = Some([
                row.types.clone(),
                row.departments.clone(),
                row.partners.clone(),
            ]);
            if i + 1 == n && matches!(layout, Layout::Tsv | Layout::LineBroken | Layout::Table) {
                cut_in_last_row(text, &columns, &row, layout == Layout::Table, diags);
            }
            on_row(row)?;
        }
        Ok(())
    }
}

/// What the row above hands down.
struct Above {
    /// Its 服务项目 name.
    name: Option<String>,
    /// Its 服务对象.
    target: Option<String>,
    /// Its types, departments and partners.
    lists: Option<[Vec<String>; 3]>,
}

/// The numbers before the first 岁 of a target ("80-99周岁…" → 80, 99; "100周岁及以上" → 100,
/// 100): its age band as written.
fn age_band(target: &str) -> Option<(u32, u32)> {
    let head = &target[..target.find('岁')?];
    let mut nums = head
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|d| d.parse::<u32>().ok());
    let first = nums.next()?;
    Some((first, nums.next_back().unwrap_or(first)))
}

/// Why a blank 服务项目 may take the name above (`Ok`), or why not (`Err`): only where a
/// merged cell explains it: the source marks the merge, or the row's other cells continue the
/// row above (its 服务对象 blank too, or the next age band of the target above). A row cut
/// short never takes it.
fn carry_evidence(
    text: &str,
    m: &Mapped,
    target: Option<&str>,
    above_target: Option<&str>,
    short: Option<(usize, usize)>,
) -> Result<&'static str, String> {
    if let Some((have, k)) = short {
        return Err(format!("the row is cut short ({have} of {k} cells)"));
    }
    if m.cell(Role::Name).is_some_and(|(_, c, _)| c.merged) {
        return Ok("the source merges the cell with the one above");
    }
    if m.cell(Role::Target)
        .is_some_and(|(_, c, _)| c.is_blank(text))
    {
        return Ok("its 服务对象 is blank too: the row continues the one above");
    }
    if let (Some((_, last)), Some((first, _))) =
        (above_target.and_then(age_band), target.and_then(age_band))
        && first == last + 1
    {
        return Ok("its 服务对象 is the next age band of the one above");
    }
    Err("no merged cell explains it (the row's 服务对象 is its own)".to_owned())
}

/// One row from its mapped cells, its number and target, and the row above (names, types and
/// departments carried down).
fn build_row(
    text: &str,
    mut m: Mapped,
    own_name: String,
    (seq, target): (u32, Option<String>),
    short: Option<(usize, usize)>,
    above_row: &Above,
    diags: &mut Diagnostics,
) -> Row {
    let above = above_row.lists.as_ref();
    let own_scopes = [Role::Content, Role::Standard, Role::Funding].map(|r| m.own_scopes(r, text));
    // The normalized texts move into the row; sub-columns of one role ("城市：…；农村：…")
    // are joined, each under its label.
    let mut field = |role: Role| -> Option<String> {
        let scopes = match role {
            Role::Content => &own_scopes[0],
            Role::Standard => &own_scopes[1],
            _ => &own_scopes[2],
        };
        let parts: Vec<String> = m
            .cells
            .iter_mut()
            .filter(|(r, _, _)| *r == role)
            .zip(scopes)
            .filter(|((_, _, n), _)| !n.is_empty())
            .map(|((_, _, n), scope)| match scope {
                Some(label) => format!("{label}：{n}"),
                None => std::mem::take(n),
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join("；"))
    };
    let (content, standard, funding) = (
        field(Role::Content),
        field(Role::Standard),
        field(Role::Funding),
    );
    let own_name = (!own_name.is_empty()).then_some(own_name);
    let name = row_name(
        text,
        &m,
        own_name,
        (seq, target.as_deref()),
        short,
        above_row,
        diags,
    );
    let types = row_types(text, &m, seq, above, diags);
    let (departments, partners, names_carried) = row_departments(text, &m, seq, above, diags);
    Row {
        seq,
        number: seq.to_string(),
        value: seq,
        target,
        name,
        content,
        standard,
        funding,
        types,
        departments,
        partners,
        names_carried,
        cells: [Role::Content, Role::Standard, Role::Funding]
            .iter()
            .zip(&own_scopes)
            .flat_map(|(role, scopes)| {
                // Of several sub-columns, the blank ones hold nothing (a cell merged across
                // them is read once, from its first column).
                let several = scopes.len() > 1;
                m.cells
                    .iter()
                    .filter(move |(r, _, _)| r == role)
                    .zip(scopes)
                    .filter(move |((_, c, _), _)| !(several && c.is_blank(text)))
                    .map(|((r, c, _), scope)| (*r, c.clone(), scope.clone()))
            })
            .collect(),
        span: m.span,
    }
}

/// A row's 服务项目: its own, or the name above where a merged cell explains the blank (every
/// carried name reported, every refused carry a warning).
fn row_name(
    text: &str,
    m: &Mapped,
    own_name: Option<String>,
    (seq, target): (u32, Option<&str>),
    short: Option<(usize, usize)>,
    above_row: &Above,
    diags: &mut Diagnostics,
) -> Option<String> {
    match (own_name, &above_row.name) {
        (Some(n), _) => Some(n),
        (None, Some(up)) => {
            match carry_evidence(text, m, target, above_row.target.as_deref(), short) {
                Ok(why) => {
                    diags.info(
                        Code::CarriedName,
                        m.span,
                        format!(
                            "row {seq}: the blank 服务项目 takes {up} from the row above: {why}"
                        ),
                    );
                    Some(up.clone())
                }
                Err(why_not) => {
                    diags.warn(
                    Code::MissingName,
                    m.span,
                    format!(
                        "row {seq} has a blank 服务项目; {up} above is not carried down: {why_not}"
                    ),
                );
                    None
                }
            }
        }
        (None, None) => {
            diags.warn(
                Code::MissingName,
                m.span,
                format!("row {seq} has no 服务项目 name"),
            );
            None
        }
    }
}

/// The raw text of a role's cell; of sub-columns of one role (责任单位 → 市级 / 县级), every
/// one's text, a line each.
fn role_raw<'t>(text: &'t str, m: &Mapped, role: Role) -> std::borrow::Cow<'t, str> {
    let mut of_role = m.cells.iter().filter(|(r, _, _)| *r == role);
    match (of_role.next(), of_role.next()) {
        (Some((_, c, _)), None) => c.raw(text),
        (None, _) => std::borrow::Cow::Borrowed(""),
        (Some(first), Some(second)) => std::iter::once(first)
            .chain(std::iter::once(second))
            .chain(of_role)
            .map(|(_, c, _)| c.raw(text))
            .collect::<Vec<_>>()
            .join("\n")
            .into(),
    }
}

/// A row's 服务类型, split; a type outside the three known ones is reported.
fn row_types(
    text: &str,
    m: &Mapped,
    seq: u32,
    above: Option<&[Vec<String>; 3]>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let raw = |role: Role| role_raw(text, m, role);
    // A category column merged over its rows, or blank under its first cell (CSV): the type
    // above; with no type column, the section row above.
    let mut types = normalize::types(&raw(Role::Types));
    if types.is_empty() {
        types = match (m.cell(Role::Types), above) {
            (Some(_), Some([t, _, _])) => t.clone(),
            (None, _) => m.section.iter().map(|s| s.to_string()).collect(),
            _ => Vec::new(),
        };
    }
    for t in &types {
        if !normalize::KNOWN_TYPES.contains(&t.as_str()) {
            diags.info(
                Code::UnknownType,
                m.span,
                format!("row {seq}: 服务类型 {t} is none of 物质帮助, 照护服务, 关爱服务"),
            );
        }
    }
    types
}

/// A row's 牵头部门 and 配合单位, split into organisations, and whether the 牵头部门 cell was
/// blank and took the names above.
fn row_departments(
    text: &str,
    m: &Mapped,
    seq: u32,
    above: Option<&[Vec<String>; 3]>,
    diags: &mut Diagnostics,
) -> (Vec<String>, Vec<String>, bool) {
    let raw = |role: Role| role_raw(text, m, role);
    // A department cell merged over rows is blank below its first row.
    let carried = |role: Role, own: Vec<String>, from_above: Option<&Vec<String>>| match (
        own.is_empty(),
        m.cell(role),
        from_above,
    ) {
        (true, Some(_), Some(a)) => a.clone(),
        _ => own,
    };
    let names_carried = raw(Role::Departments).trim().is_empty()
        && m.cell(Role::Departments).is_some()
        && above.is_some();
    let departments = carried(
        Role::Departments,
        normalize::departments(&raw(Role::Departments)),
        above.map(|[_, d, _]| d),
    );
    let partners = carried(
        Role::Partners,
        normalize::departments(&raw(Role::Partners)),
        above.map(|[_, _, p]| p),
    );
    // A sentence that a wrapped last cell took in ("本清单由…负责解释。") names no
    // organisation: kept out of the names and reported.
    let (departments, partners) = (
        sentences_out(departments, seq, m.span, diags),
        sentences_out(partners, seq, m.span, diags),
    );
    (departments, partners, names_carried)
}

/// A file cut inside its last row: the text ends without a line break right inside the row.
/// Such a row is reported unless it is provably whole: every column written and its last
/// column (牵头部门 / 配合单位) ending in complete organisation names ("区卫" is not one).
/// Readers of text formats with their own cells (CSV, Markdown) end their view with a line
/// break exactly where the file does; the others always end it with one.
fn cut_in_last_row(text: &str, columns: &[Role], last: &Row, exact: bool, diags: &mut Diagnostics) {
    let at_end = text
        .get(last.span.end..)
        .is_some_and(|t| t.chars().all(normalize::is_space));
    if !at_end || text.ends_with('\n') {
        return;
    }
    if diags.as_slice().iter().any(|d| d.code == Code::Truncated) {
        return;
    }
    let last_col = columns.iter().rev().find(|r| **r != Role::Other);
    let names = match last_col {
        Some(Role::Departments) => Some(&last.departments),
        Some(Role::Partners) => Some(&last.partners),
        _ => None,
    };
    let whole = !last.names_carried
        && names.is_some_and(|n| !n.is_empty() && n.iter().all(|x| normalize::is_org_name(x)));
    // A reader with its own cells (CSV, Markdown) has already reported a record short of
    // fields: one with every field is whole unless a name in it is visibly cut.
    let name_cut = names
        .and_then(|n| n.last())
        .is_some_and(|n| !normalize::is_org_name(n));
    if whole || (exact && !name_cut) {
        // A whole row, but nothing after it, not even a line break: rows after it may have
        // been cut off with the rest of the file.
        diags.info(
            Code::Truncated,
            last.span,
            format!(
                "the file ends right after row {} without a line break: if it was cut short, rows after it are missing",
                last.seq
            ),
        );
    } else {
        let what = names
            .and_then(|n| n.last())
            .filter(|n| !normalize::is_org_name(n))
            .map_or(String::new(), |n| {
                format!(": its last name {n} is cut short")
            });
        diags.warn(
            Code::Truncated,
            last.span,
            format!(
                "the file ends without a line break inside row {}{what}; it may be cut short",
                last.seq
            ),
        );
    }
}
