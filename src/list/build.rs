//! A [`Row`](super::Row) from each record, built one at a time with the row above carried down.

use super::carry::fill_merged;
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
    span: Span,
}

impl Mapped {
    fn cell(&self, role: Role) -> Option<&(Role, Cell, String)> {
        self.cells.iter().find(|(r, _, _)| *r == role)
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
        let rows = skeletons.into_iter().zip(seqs).zip(targets).enumerate();
        for (i, ((sk, seq), target)) in rows {
            let Some(rec) = records.next() else { break };
            let cells: Vec<(Role, Cell, String)> = columns
                .iter()
                .copied()
                .zip(rec.cells)
                .filter(|(r, _)| *r != Role::Other)
                .map(|(r, c)| {
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
            let mut m = Mapped {
                section: rec.section,
                cells,
                span: rec.span,
            };
            if let Some(a) = &above_cells {
                fill_merged(a, &mut m.cells);
            }
            above_cells = records
                .peek()
                .filter(|r| r.cells.iter().any(|c| c.merged))
                .map(|_| m.cells.clone());
            let row = build_row(
                text,
                m,
                sk.name.into_string(),
                seq,
                target,
                &mut last_name,
                above.as_ref(),
                diags,
            );
            above = Some([
                row.types.clone(),
                row.departments.clone(),
                row.partners.clone(),
            ]);
            if i + 1 == n && matches!(layout, Layout::Tsv | Layout::LineBroken) {
                cut_in_last_row(text, &columns, &row, diags);
            }
            on_row(row)?;
        }
        Ok(())
    }
}

/// One row from its mapped cells, its number and target, and the row above (names, types and
/// departments carried down).
#[allow(clippy::too_many_arguments)]
fn build_row(
    text: &str,
    mut m: Mapped,
    own_name: String,
    seq: u32,
    target: Option<String>,
    last_name: &mut Option<String>,
    above: Option<&[Vec<String>; 3]>,
    diags: &mut Diagnostics,
) -> Row {
    // The normalized texts move into the row.
    let mut field = |role: Role| -> Option<String> {
        m.cells
            .iter_mut()
            .find(|(r, _, _)| *r == role)
            .map(|(_, _, n)| std::mem::take(n))
            .filter(|t| !t.is_empty())
    };
    let (content, standard, funding) = (
        field(Role::Content),
        field(Role::Standard),
        field(Role::Funding),
    );
    let own_name = (!own_name.is_empty()).then_some(own_name);
    let raw = |role: Role| -> std::borrow::Cow<'_, str> {
        m.cell(role)
            .map(|(_, c, _)| c.raw(text))
            .unwrap_or_default()
    };
    let name = own_name.or_else(|| last_name.clone());
    if name.is_none() {
        diags.warn(
            Code::MissingName,
            m.span,
            format!("row {seq} has no 服务项目 name"),
        );
    }
    last_name.clone_from(&name);
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
    Row {
        seq,
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
            .filter_map(|role| m.cell(*role).map(|(r, c, _)| (*r, c.clone())))
            .collect(),
        span: m.span,
    }
}

/// A file cut inside its last row: the text ends without a line break right inside the row.
/// Such a row is reported unless it is provably whole: every column written and its last
/// column (牵头部门 / 配合单位) ending in complete organisation names ("区卫" is not one).
fn cut_in_last_row(text: &str, columns: &[Role], last: &Row, diags: &mut Diagnostics) {
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
    if whole {
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
