//! Stage 4: grammar [`Item`]s → the service list's [`Row`]s.
//!
//! 1. **Find the list**: the first header row whose cells name the list's columns (服务对象,
//!    服务项目, 服务内容 …; a 职责分工表 has no 对象 column and is passed over), and the
//!    基本养老服务清单 title above it.
//! 2. **Map columns by name**, never by position. The 服务项目 header covers two data cells, the
//!    number and the name.
//! 3. **Records**: in the tab-separated layout a row is a line; in the line-broken layout a record
//!    is known by its cell count and its numeric 序号 cell. Repeated header rows are skipped.
//! 4. **Repairs**, each reported: a row whose number cell is missing or run together with the
//!    name, a target cell that holds other cells' text, extraction garbage.
//! 5. **Carry-down**: a blank target or name means the one above (merged cell); target text that
//!    extraction split over several rows is joined for every row it covers.
//!
//! Cell text is normalized here (through `normalize`); quantities are left to later stages.

use crate::diag::{Code, Diagnostics};
use crate::grammar::{Cell, Item};
use crate::layout::Layout;
use crate::normalize;
use crate::span::{Span, slice};
use std::rc::Rc;

/// What a column of the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// 服务对象 — who the service is for.
    Target,
    /// 序号 — the row number.
    Seq,
    /// 服务项目 — the service's name.
    Name,
    /// 服务内容 (or 服务内容及标准).
    Content,
    /// 服务标准.
    Standard,
    /// 服务类型 — 物质帮助 / 照护服务 / 关爱服务.
    Types,
    /// 支出责任 — who pays.
    Funding,
    /// 牵头(落实/责任)部门.
    Departments,
    /// 配合单位 / 协同单位 / 参与部门 — a second department column.
    Partners,
    /// A column without a known name; its cells are kept out of every field.
    Other,
}

/// The header lexicon: words seen in published lists' headers and the role each names. A
/// header cell takes the role of the longest word it contains (项目类别 is a category, not a
/// name; 服务内容及标准 is content, not a standard); on equal length the earlier entry wins.
const LEXICON: &[(&str, Role)] = &[
    ("序号", Role::Seq),
    ("编号", Role::Seq),
    ("服务对象", Role::Target),
    ("保障对象", Role::Target),
    ("适用对象", Role::Target),
    ("享受对象", Role::Target),
    ("对象", Role::Target),
    ("服务内容及标准", Role::Content),
    ("服务内容和标准", Role::Content),
    ("内容及标准", Role::Content),
    ("内容和标准", Role::Content),
    ("服务内容", Role::Content),
    ("内容", Role::Content),
    ("项目类别", Role::Types),
    ("服务类型", Role::Types),
    ("服务类别", Role::Types),
    ("类型", Role::Types),
    ("类别", Role::Types),
    ("服务项目", Role::Name),
    ("项目名称", Role::Name),
    ("服务名称", Role::Name),
    ("项目", Role::Name),
    ("事项", Role::Name),
    ("服务标准", Role::Standard),
    ("保障标准", Role::Standard),
    ("补贴标准", Role::Standard),
    ("标准", Role::Standard),
    ("支出责任", Role::Funding),
    ("资金来源", Role::Funding),
    ("资金渠道", Role::Funding),
    ("经费保障", Role::Funding),
    ("经费来源", Role::Funding),
    ("支出", Role::Funding),
    ("资金", Role::Funding),
    ("经费", Role::Funding),
    ("配合单位", Role::Partners),
    ("配合部门", Role::Partners),
    ("协同单位", Role::Partners),
    ("协同部门", Role::Partners),
    ("协办单位", Role::Partners),
    ("参与部门", Role::Partners),
    ("参与单位", Role::Partners),
    ("配合", Role::Partners),
    ("协同", Role::Partners),
    ("牵头部门", Role::Departments),
    ("牵头单位", Role::Departments),
    ("责任部门", Role::Departments),
    ("责任单位", Role::Departments),
    ("实施部门", Role::Departments),
    ("主管部门", Role::Departments),
    ("实施主体", Role::Departments),
    ("部门", Role::Departments),
    ("单位", Role::Departments),
    ("主体", Role::Departments),
    // Columns kept out of every field.
    ("政策依据", Role::Other),
    ("备注", Role::Other),
    ("办理渠道", Role::Other),
    ("办理方式", Role::Other),
    ("办理流程", Role::Other),
    ("联系电话", Role::Other),
    ("咨询电话", Role::Other),
    ("依据", Role::Other),
];

/// Every word of the header lexicon, for tools that check what a header line may hold.
pub fn header_words() -> impl Iterator<Item = &'static str> {
    LEXICON.iter().map(|(w, _)| *w)
}

/// A header cell's text without bracketed notes: "服务标准（元/月）" → "服务标准".
fn header_core(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0i32;
    for c in header.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ if depth <= 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The role a header cell names and how specific the word was (its length in characters);
/// `Some((None, 0))` for an empty cell, `None` when it is no header word.
fn role_score(header: &str) -> Option<(Option<Role>, usize)> {
    if header.is_empty() {
        return Some((None, 0));
    }
    let core = header_core(header);
    if core.chars().count() > 10 {
        return None;
    }
    LEXICON
        .iter()
        .filter(|(w, _)| core.contains(w))
        .map(|(w, r)| (Some(*r), w.chars().count()))
        .reduce(|best, x| if x.1 > best.1 { x } else { best })
}

/// The role a header cell names, from its normalized text; `None` when it is no header word.
fn role_of(header: &str) -> Option<Option<Role>> {
    role_score(header).map(|(r, _)| r)
}

/// The columns a header row names, with 服务项目 expanded to number + name; `None` when the
/// cells are not the header of a service list. Two columns claiming one role: the more
/// specific word keeps it (the first on a tie), the other is kept out of every field, and
/// the conflict is returned for a diagnostic.
#[cfg(test)]
fn header_columns(cells: &[String]) -> Option<Vec<Role>> {
    header_columns_with_conflicts(cells).map(|(c, _)| c)
}

fn header_columns_with_conflicts(cells: &[String]) -> Option<(Vec<Role>, Vec<String>)> {
    header_columns_scoped(cells, &[]).map(|(c, _, conflicts)| (c, conflicts))
}

/// A column's place in a hierarchical header: its sub-column label and its parent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The sub-column label that scopes its cells (城市, 农村, 轻度 …).
    pub scope: Option<Rc<str>>,
    /// The parent's text ("服务标准", "责任单位") when the parent spans several columns.
    pub parent: Option<Rc<str>>,
}

/// [`header_columns_with_conflicts`] for a header whose columns have places in a hierarchy
/// (`places` aligned with `cells`, empty for a one-row header): columns of one role under one
/// parent, each with its own sub-column label, are all kept. Returns the places aligned with
/// the columns.
fn header_columns_scoped(
    cells: &[String],
    places: &[Place],
) -> Option<(Vec<Role>, Vec<Place>, Vec<String>)> {
    let place = |i: usize| places.get(i).cloned().unwrap_or_default();
    let mut roles: Vec<Option<Role>> = Vec::with_capacity(cells.len());
    let mut scores: Vec<usize> = Vec::with_capacity(cells.len());
    let mut unknown = 0;
    for c in cells {
        match role_score(c) {
            Some((r, sc)) => {
                roles.push(r);
                scores.push(sc);
            }
            // A column the list adds under a name we do not know: kept out of every field.
            // Two at most, short.
            None if unknown < 2 && c.chars().count() <= 6 => {
                unknown += 1;
                roles.push(Some(Role::Other));
                scores.push(0);
            }
            None => return None,
        }
    }
    while roles.last() == Some(&None) {
        roles.pop();
    }
    let mut conflicts = Vec::new();
    for i in 0..roles.len() {
        let Some(r) = roles[i] else { continue };
        if r == Role::Other {
            continue;
        }
        for j in 0..i {
            // Sub-columns of one parent (城市 / 农村 under 服务标准) all keep the role.
            let siblings = place(i).scope.is_some()
                && place(j).scope.is_some()
                && place(i).parent == place(j).parent;
            if roles[j] == Some(r) && !siblings {
                let (keep, drop) = if scores[i] > scores[j] {
                    (i, j)
                } else {
                    (j, i)
                };
                conflicts.push(format!(
                    "columns {} and {} both name {r:?}; kept {}",
                    cells[j], cells[i], cells[keep]
                ));
                roles[drop] = Some(Role::Other);
                break;
            }
        }
    }
    let named: Vec<Role> = roles
        .iter()
        .flatten()
        .copied()
        .filter(|r| *r != Role::Other)
        .collect();
    let has = |r: Role| named.contains(&r);
    if !(has(Role::Target)
        && has(Role::Name)
        && (has(Role::Content) || has(Role::Departments) || has(Role::Standard)))
    {
        return None;
    }
    let explicit_seq = has(Role::Seq);
    let mut columns = Vec::with_capacity(roles.len() + 1);
    let mut out_places = Vec::with_capacity(roles.len() + 1);
    let mut i = 0;
    while i < roles.len() {
        match roles[i] {
            Some(Role::Name) if !explicit_seq => {
                columns.push(Role::Seq);
                columns.push(Role::Name);
                out_places.push(Place::default());
                // The empty cell beside 服务项目 is the name column of the merged header.
                if roles.get(i + 1) == Some(&None) {
                    i += 1;
                }
            }
            Some(r) => columns.push(r),
            None => columns.push(Role::Other),
        }
        out_places.push(place(i));
        i += 1;
    }
    Some((columns, out_places, conflicts))
}

/// The list's header as found.
#[derive(Debug, Clone)]
pub struct Header {
    /// The data columns, left to right.
    pub columns: Vec<Role>,
    /// The normalized header cells, to recognise repeated headers.
    pub cells: Vec<String>,
    /// Where the header is.
    pub span: Span,
    /// Columns that named a role another column took, for diagnostics.
    pub conflicts: Vec<String>,
    /// Each column's place under a header of two or three rows (sub-column label, parent);
    /// empty for a one-row header.
    pub places: Vec<Place>,
    /// The header's lower rows as written (normalized), to recognise them repeated.
    pub sub_rows: Vec<Vec<String>>,
}

/// One numbered row of the list, normalized, after repairs and carry-down.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row's running position in the list, 1..N in reading order.
    pub seq: u32,
    /// The printed 序号 as written ("1", "（三）", "3-2"), or the number inferred for a row
    /// that has none.
    pub number: String,
    /// 服务对象 after carry-down and joining; `None` when there is none.
    pub target: Option<String>,
    /// 服务项目 name after carry-down.
    pub name: Option<String>,
    /// 服务内容 (or 服务内容及标准).
    pub content: Option<String>,
    /// 服务标准.
    pub standard: Option<String>,
    /// 支出责任.
    pub funding: Option<String>,
    /// 服务类型, split.
    pub types: Vec<String>,
    /// 牵头部门, split into organisations.
    pub departments: Vec<String>,
    /// 配合单位 (a second department column), split into organisations.
    pub partners: Vec<String>,
    /// The row's 牵头部门 cell was blank and took the names above.
    pub names_carried: bool,
    /// The raw cells of content, standard and funding, in that order, for locating quantities,
    /// each with its sub-column label where its sub-columns are read one by one.
    pub cells: Vec<(Role, Cell, Option<Rc<str>>)>,
    /// From the first to the last source byte of the row.
    pub span: Span,
}

/// The list found in a document.
#[derive(Debug, Clone)]
pub struct List {
    /// The layout whose grammar found it.
    pub layout: Layout,
    /// The 基本养老服务清单 title, normalized, and its line.
    pub title: Option<(String, Span)>,
    /// The numbered rows, in order.
    pub rows: Vec<Row>,
    /// From the title (or header) to the end of the last row.
    pub span: Span,
    /// Lines between the title and the header (a preamble), reported as unused text; the
    /// document's references are read from them too.
    pub preamble: Vec<Span>,
}

/// Where a header sits among the items: `start..end` are item indices.
struct Found {
    start: usize,
    end: usize,
    header: Header,
}

fn norm_cells(text: &str, cells: &[Cell]) -> Vec<String> {
    cells
        .iter()
        .map(|c| normalize::text(&c.raw(text)))
        .collect()
}

/// Finds the first service-list header in `items`.
fn find_header(text: &str, items: &[Item]) -> Option<Found> {
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Row { cells, line } => {
                let normed = norm_cells(text, cells);
                if let Some((columns, conflicts)) = header_columns_with_conflicts(&normed) {
                    let found = Found {
                        start: i,
                        end: i + 1,
                        header: Header {
                            columns,
                            cells: normed,
                            span: *line,
                            conflicts,
                            places: Vec::new(),
                            sub_rows: Vec::new(),
                        },
                    };
                    return Some(with_sub_rows(text, items, found));
                }
                // A header row wrapped over two lines ("…\t服务内" / "容\t服务标准…").
                let names_a_role = normed.iter().any(|c| matches!(role_of(c), Some(Some(_))));
                if names_a_role
                    && cells.len() >= 2
                    && let Some((merged, span)) = join_wrapped_row(cells, *line, items.get(i + 1))
                {
                    let normed = norm_cells(text, &merged);
                    if let Some((columns, conflicts)) = header_columns_with_conflicts(&normed) {
                        let found = Found {
                            start: i,
                            end: i + 2,
                            header: Header {
                                columns,
                                cells: normed,
                                span,
                                conflicts,
                                places: Vec::new(),
                                sub_rows: Vec::new(),
                            },
                        };
                        return Some(with_sub_rows(text, items, found));
                    }
                }
            }
            Item::Cell(_) => {
                // The longest run of header-word cells starting here.
                let mut run: Vec<&Cell> = Vec::new();
                let mut j = i;
                while let Some(Item::Cell(c)) = items.get(j) {
                    let n = normalize::text(&c.raw(text));
                    // An empty cell may stand inside a header (beside 服务项目), not first.
                    if (n.is_empty() && run.is_empty()) || role_of(&n).is_none() {
                        break;
                    }
                    // Two blank cells in a row end the header row: what follows is a second
                    // header row (its blanks stand under the columns it does not divide).
                    if n.is_empty() && run.last().is_some_and(|c| c.is_blank(text)) {
                        break;
                    }
                    run.push(c);
                    j += 1;
                }
                // Trailing empty cells belong to the data that follows.
                while run.len() > 1 && run.last().is_some_and(|c| c.is_blank(text)) {
                    run.pop();
                    j -= 1;
                }
                if run.len() < 3 {
                    continue;
                }
                let cells: Vec<Cell> = run.iter().map(|c| (*c).clone()).collect();
                let normed = norm_cells(text, &cells);
                if let Some((columns, conflicts)) = header_columns_with_conflicts(&normed) {
                    let span = cells[0].span().cover(cells[cells.len() - 1].span());
                    let found = Found {
                        start: i,
                        end: j,
                        header: Header {
                            columns,
                            cells: normed,
                            span,
                            conflicts,
                            places: Vec::new(),
                            sub_rows: Vec::new(),
                        },
                    };
                    return Some(with_sub_rows(text, items, found));
                }
            }
            _ => {}
        }
    }
    None
}

/// A sub-header row of the line-broken layout, where every cell is an item: the run of cells
/// from `at` that are blank or header labels (leading blanks, then labels, then the blanks
/// that end the run or stand before the next row's labels). Returns its normalized cells, its
/// span and the index after it.
fn sub_row_of_cells(
    text: &str,
    items: &[Item],
    at: usize,
    width: usize,
) -> Option<(Vec<String>, Span, usize)> {
    let mut cells: Vec<String> = Vec::new();
    let mut span: Option<Span> = None;
    let mut j = at;
    let mut seen_label = false;
    while let Some(Item::Cell(c)) = items.get(j) {
        let n = normalize::text(&c.raw(text));
        if n.is_empty() {
            // A blank after the labels starts the next row, unless the run ends here.
            if seen_label
                && matches!(items.get(j + 1), Some(Item::Cell(next)) if next.is_blank(text))
                && cells.len() >= width
            {
                break;
            }
        } else if is_header_word(&n) || crate::hierarchy::is_sub_label(&n) {
            if seen_label && cells.last().is_some_and(String::is_empty) {
                break;
            }
            seen_label = true;
        } else {
            break;
        }
        span = Some(span.map_or(c.span(), |s| s.cover(c.span())));
        cells.push(n);
        j += 1;
        if cells.len() > 3 * width.max(1) {
            return None;
        }
    }
    // Blanks at the end of the run that are not followed by the next row's labels stay with
    // this row only up to the header's width.
    while cells.len() > width && cells.last().is_some_and(String::is_empty) {
        cells.pop();
        j -= 1;
    }
    (seen_label && cells.iter().filter(|c| !c.is_empty()).count() >= 2)
        .then(|| (cells, span.unwrap_or_default(), j))
}

fn is_header_word(t: &str) -> bool {
    matches!(role_of(t), Some(Some(_)))
}

/// A header of two or three rows: the rows right below a found header whose cells are all
/// header words or sub-column labels (城市 / 农村 under 服务标准, 牵头单位 / 配合单位 under 责任单位)
/// become part of it. Each column is mapped to a role through its parent (the deepest header
/// word on its path, [`crate::hierarchy::leaves`]) and keeps its sub-column label; rows
/// copied as text, where a merged parent is one field, are aligned first
/// ([`crate::hierarchy::align_text_rows`]). The header is unchanged when no such row follows
/// or the rows cannot be placed.
fn with_sub_rows(text: &str, items: &[Item], found: Found) -> Found {
    use crate::hierarchy;
    let mut rows = vec![found.header.cells.clone()];
    let mut span = found.header.span;
    let mut end = found.end;
    while rows.len() < 3 {
        let (normed, line, next) = match items.get(end) {
            Some(Item::Row { cells, line }) => (norm_cells(text, cells), *line, end + 1),
            Some(Item::Cell(_)) => match sub_row_of_cells(text, items, end, rows[0].len()) {
                Some(x) => x,
                None => break,
            },
            _ => break,
        };
        let above = rows.last().map_or(&[][..], Vec::as_slice);
        if !hierarchy::is_sub_header(above, &normed, is_header_word) {
            break;
        }
        rows.push(normed);
        span = span.cover(line);
        end = next;
    }
    if rows.len() == 1 {
        return found;
    }
    let grid = if hierarchy::is_aligned(&rows, is_header_word) {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        rows.iter()
            .map(|r| {
                let mut r = r.clone();
                r.resize(width, String::new());
                r
            })
            .collect()
    } else {
        match hierarchy::align_text_rows(&rows, is_header_word) {
            Some(g) => g,
            None => return found,
        }
    };
    let leaves = hierarchy::leaves(&grid, is_header_word);
    let labels: Vec<String> = leaves.iter().map(|l| l.label.clone()).collect();
    let places: Vec<Place> = leaves
        .iter()
        .map(|l| Place {
            scope: l.scope.as_deref().map(Rc::from),
            parent: (l.path.len() >= 2)
                .then(|| l.path[..l.path.len() - 1].join("/"))
                .map(|p| Rc::from(p.as_str())),
        })
        .collect();
    let Some((columns, places, conflicts)) = header_columns_scoped(&labels, &places) else {
        return found;
    };
    Found {
        start: found.start,
        end,
        header: Header {
            columns,
            cells: found.header.cells,
            span,
            conflicts,
            places,
            sub_rows: rows[1..].to_vec(),
        },
    }
}

/// A row continued on the next line: the next line's first cell finishes this row's last cell.
fn join_wrapped_row(cells: &[Cell], line: Span, next: Option<&Item>) -> Option<(Vec<Cell>, Span)> {
    let (more, next_span): (Vec<Cell>, Span) = match next? {
        Item::Row { cells, line } => (cells.clone(), *line),
        Item::Text(s) => (
            vec![Cell {
                parts: smallvec::smallvec![*s],
                merged: false,
            }],
            *s,
        ),
        _ => return None,
    };
    let mut merged = cells.to_vec();
    let mut rest = more.into_iter();
    if let (Some(first), Some(last)) = (rest.next(), merged.last_mut()) {
        last.parts.extend(first.parts);
    }
    merged.extend(rest);
    Some((merged, line.cover(next_span)))
}

/// The list title: the nearest line above the header that names a 服务清单, without a leading
/// 附件 label, with the lines around it that belong to it (a county on the line above, an
/// edition such as （2024年版） or （征求意见稿） below: [`crate::document::list_title`]); the
/// span covers them all. The draft marker is left out of the text (the span still holds it).
fn find_title(text: &str, items: &[Item], header_start: usize) -> Option<(String, Span)> {
    let span_of = |item: &Item| match item {
        Item::Text(s) => Some(*s),
        Item::Cell(c) => Some(c.span()),
        Item::Row { line, .. } => Some(*line),
        Item::Furniture(_) => None,
    };
    let lines = |range: &[Item]| -> Vec<(Span, String)> {
        range
            .iter()
            .filter_map(span_of)
            .map(|sp| (sp, normalize::text(slice(text, sp))))
            .filter(|(_, t)| !t.is_empty())
            .collect()
    };
    for (at, item) in items[..header_start].iter().enumerate().rev() {
        let Some(span) = span_of(item) else { continue };
        let t = normalize::text(slice(text, span));
        if t.contains("清单") && t.chars().count() <= 40 {
            let t = strip_attachment_label(&t);
            if !t.is_empty() {
                let above = lines(&items[at.saturating_sub(4)..at]);
                let below = lines(&items[at + 1..header_start]);
                let above_text: Vec<&str> = above.iter().map(|(_, l)| l.as_str()).collect();
                let below_text: Vec<&str> = below.iter().map(|(_, l)| l.as_str()).collect();
                let title = crate::document::list_title(&above_text, t, &below_text);
                let mut whole = span;
                if let Some((first, _)) = above.len().checked_sub(title.above).and_then(|i| above.get(i)) {
                    whole = first.cover(whole);
                }
                if let Some((last, _)) = title.below.checked_sub(1).and_then(|i| below.get(i)) {
                    whole = whole.cover(*last);
                }
                return Some((title.text, whole));
            }
        }
    }
    None
}

/// "附件2：薛城区…清单" → "薛城区…清单"; "**标题**" → "标题".
fn strip_attachment_label(t: &str) -> &str {
    let mut t = t.trim_matches(['*', '#', ' ']);
    if let Some(rest) = t.strip_prefix("附件") {
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
        t = rest.trim_start_matches([':', '：', '、', '.', ' ']);
    }
    t
}

/// Finds the list in `text` with the grammar of `layout`; `None` when there is no header.
pub fn build(text: &str, items: &[Item], layout: Layout, diags: &mut Diagnostics) -> Option<List> {
    let pending = prepare(text, items.to_vec(), layout, diags)?;
    let (layout, title, span, preamble) = (
        pending.layout,
        pending.title.clone(),
        pending.span,
        pending.preamble.clone(),
    );
    let mut rows = Vec::new();
    let built: Result<(), std::convert::Infallible> = pending.rows(text, diags, |r| {
        rows.push(r);
        Ok(())
    });
    let Ok(()) = built;
    Some(List {
        layout,
        title,
        rows,
        span,
        preamble,
    })
}

/// Finds the list in `text` and does everything that looks across its rows (numbers, targets,
/// the document numbers in its cells); the rows themselves are then built one at a time by
/// [`Pending::rows`], so a long list is never held as rows all at once. The items are freed
/// as their cells move into the records.
pub fn prepare(
    text: &str,
    mut items: Vec<Item>,
    layout: Layout,
    diags: &mut Diagnostics,
) -> Option<Pending> {
    let cut = cut_records(text, &mut items, layout, diags)?;
    drop(items);
    Some(pending(text, cut, diags))
}

/// A list's header, title and preamble found and its records cut; rows still to build.
struct Cut {
    layout: Layout,
    found: Found,
    title: Option<(String, Span)>,
    preamble: Vec<Span>,
    records: Vec<Record>,
}

fn cut_records(
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

/// A list whose records are cut and whose cross-row steps are done: what the document's head
/// needs, and the rows still to build ([`Pending::rows`]).
pub struct Pending {
    /// The layout whose grammar found it.
    pub layout: Layout,
    /// The 基本养老服务清单 title, normalized, and its line.
    pub title: Option<(String, Span)>,
    /// From the title (or header) to the end of the last row.
    pub span: Span,
    /// Lines between the title and the header, as in [`List::preamble`].
    pub preamble: Vec<Span>,
    /// The normalized cell texts (服务对象, 服务项目, content, standard, 支出责任) that may
    /// hold a document number (they contain 号), in list order: the document's references.
    pub cell_texts: Vec<String>,
    columns: Vec<Role>,
    /// Each column's sub-column label (城市, 农村 …) under a header of several rows.
    scopes: Vec<Option<Rc<str>>>,
    records: Vec<Record>,
    skeletons: Vec<Skeleton>,
    seqs: Vec<u32>,
    targets: Vec<Option<String>>,
}

fn pending(text: &str, cut: Cut, diags: &mut Diagnostics) -> Pending {
    let Cut {
        layout,
        found,
        title,
        preamble,
        mut records,
    } = cut;
    let groups = header_groups(&found.header);
    let columns = found.header.columns;
    let scopes: Vec<Option<Rc<str>>> = (0..columns.len())
        .map(|i| found.header.places.get(i).and_then(|p| p.scope.clone()))
        .collect();
    let (skeletons, mut numbered) = skeletons(text, &columns, &groups, &mut records, diags);
    // A section row starts its own numbering ("一、物质帮助类" 1–10, "二、照护服务类" 1–8).
    let restarts: Vec<bool> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            i > 0
                && match (&r.section, &records[i - 1].section) {
                    (Some(a), Some(b)) => !Rc::ptr_eq(a, b),
                    (a, b) => a.is_some() != b.is_some(),
                }
        })
        .collect();
    let seqs = infer_numbers(&skeletons, &restarts, diags);
    let target_at = columns.iter().position(|r| *r == Role::Target);
    let targets = targets(text, &records, target_at, &skeletons, &seqs, diags);
    // In list order: each row's target and name, then its other texts.
    let mut cell_texts = Vec::new();
    let mut numbered = numbered.drain(..).peekable();
    for (i, (sk, target)) in skeletons.iter().zip(&targets).enumerate() {
        let own = [target.as_deref(), Some(&*sk.name)];
        cell_texts.extend(
            own.into_iter()
                .flatten()
                .filter(|t| t.contains('号'))
                .map(str::to_owned),
        );
        while let Some((_, t)) = numbered.next_if(|(r, _)| *r == i) {
            cell_texts.push(t);
        }
    }
    let start = title
        .as_ref()
        .map_or(found.header.span.start, |t| t.1.start);
    let end = records
        .iter()
        .map(|r| r.span.end)
        .max()
        .unwrap_or(found.header.span.end);
    Pending {
        layout,
        title,
        span: Span::new(start, end),
        preamble,
        cell_texts,
        columns,
        scopes,
        records,
        skeletons,
        seqs,
        targets,
    }
}

/// A record: the cells of one row before column mapping.
struct Record {
    cells: Vec<Cell>,
    span: Span,
    /// The 服务类型 of the section row above ("一、物质帮助类（9项）"), if any.
    section: Option<Rc<str>>,
}

fn is_repeated_header(normed: &[String], header: &Header) -> bool {
    fn strip(v: &[String]) -> &[String] {
        let n = v.iter().rposition(|s| !s.is_empty()).map_or(0, |i| i + 1);
        &v[..n]
    }
    if strip(normed) == strip(&header.cells)
        || header.sub_rows.iter().any(|r| strip(normed) == strip(r))
    {
        return true;
    }
    // A repeated header damaged by extraction (a cell wrapped onto the next line, a tab lost):
    // known by its cells' words, not its exact shape: every written cell a header word or a
    // piece of one ("服务内" / "容"), two whole words at least.
    // Checked cell by cell, stopping at the first that is no header word: a data row fails at
    // its first cells, so this stays cheap on every row of a long list.
    let mut words = 0;
    for c in normed.iter().filter(|c| !c.is_empty()) {
        if matches!(role_of(c), Some(Some(_))) {
            words += 1;
        } else if !LEXICON.iter().any(|(w, _)| w.contains(c.as_str())) {
            return false;
        }
    }
    words >= 2
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
    let k = columns.len();
    let s = columns.iter().position(|r| *r == Role::Seq);
    let last_role = columns.last().copied();
    let filled = |cells: &[Cell]| -> usize {
        let mut n = cells.len();
        while n > 0 && cells[n - 1].is_blank(text) {
            n -= 1;
        }
        n
    };
    let mut records: Vec<Record> = Vec::new();
    let mut pending_text: Vec<Span> = Vec::new();
    let mut section: Option<Rc<str>> = None;
    // Each row's cells move into its record (a long list is not held twice); the items after
    // the current one are only looked at.
    let rest = &mut items[found.end..];
    records.reserve(rest.len());
    for at in 0..rest.len() {
        let (here, ahead) = rest.split_at_mut(at + 1);
        let ahead: &[Item] = ahead;
        match &mut here[at] {
            Item::Row { cells, line } => {
                let line = &*line;
                let normed = norm_cells(text, cells);
                if is_repeated_header(&normed, &found.header) {
                    // A header at the very end of a file without a line break: cut there.
                    if at_eof(text, *line) {
                        pending_text.push(*line);
                    }
                    continue;
                }
                if normed.iter().all(|c| c.is_empty()) {
                    continue;
                }
                // A section row: one written cell that reads as a section heading.
                let mut written = normed.iter().filter(|c| !c.is_empty());
                if let (Some(only), None) = (written.next(), written.next()) {
                    if let Some(t) = section_type(only, !exact) {
                        section = Some(t.into());
                        continue;
                    }
                    // In a table with its own cells, a row of one written cell without a
                    // number is a note (注：…) or a caption, not a service: a note ends the
                    // list, anything else is reported.
                    let numbered =
                        s.is_some_and(|s| normed.get(s).and_then(|c| seq_value(c)).is_some());
                    if exact && !numbered {
                        if crate::grammar::is_end_marker(only)
                            && !records.is_empty()
                            && !numbering_goes_on(text, ahead, &records, s)
                        {
                            break;
                        }
                        pending_text.push(*line);
                        continue;
                    }
                }
                // A row wrapped over lines: the previous row is short, this line starts no row.
                let starts_row =
                    s.is_some_and(|s| normed.get(s).and_then(|c| seq_value(c)).is_some());
                if let Some(prev) = records.last_mut().filter(|_| !exact) {
                    let have = filled(&prev.cells);
                    if pending_text.is_empty()
                        && have < k
                        && !starts_row
                        && have + cells.len() - 1 <= k
                    {
                        prev.cells.truncate(have.max(1));
                        let mut rest = std::mem::take(cells).into_iter();
                        if let (Some(first), Some(last)) = (rest.next(), prev.cells.last_mut()) {
                            last.parts.extend(first.parts.iter().copied());
                        }
                        prev.cells.extend(rest);
                        prev.span = prev.span.cover(*line);
                        continue;
                    }
                }
                let mut cells = std::mem::take(cells);
                let mut span = *line;
                // Lines just above a row whose first cell is written are that cell, wrapped.
                let first_written = !exact && cells.first().is_some_and(|c| !c.is_blank(text));
                let adjacent = pending_text.last().is_some_and(|sp| {
                    text.get(sp.end..line.start)
                        .is_some_and(|gap| gap.trim().is_empty())
                });
                if first_written
                    && adjacent
                    && let Some(first) = cells.first_mut()
                {
                    let mut parts = std::mem::take(&mut pending_text);
                    span = parts.first().map_or(span, |p| p.cover(span));
                    parts.extend(first.parts.drain(..));
                    first.parts = parts.into();
                }
                for sp in pending_text.drain(..) {
                    unused(text, sp, diags);
                }
                records.push(Record {
                    cells,
                    span,
                    section: section.clone(),
                });
            }
            Item::Text(sp) => {
                let sp = &*sp;
                let raw = slice(text, *sp);
                if let Some(t) = section_type(&normalize::text(raw), true) {
                    section = Some(t.into());
                    continue;
                }
                if crate::grammar::is_end_marker(raw) && !records.is_empty() {
                    // A note inside the list ("注：以上标准按年度动态调整") does not end it when
                    // the numbered rows go on after it.
                    if numbering_goes_on(text, ahead, &records, s) {
                        unused(text, *sp, diags);
                        continue;
                    }
                    // The file cut just after the note (nothing, or one line cut short,
                    // follows it).
                    let after: Vec<Span> = ahead
                        .iter()
                        .filter(|it| !matches!(it, Item::Furniture(_)))
                        .map(item_span)
                        .collect();
                    match after.as_slice() {
                        [] if at_eof(text, *sp) => pending_text.push(*sp),
                        [one] if at_eof(text, *one) => pending_text.extend([*sp, *one]),
                        _ => {}
                    }
                    break;
                }
                if exact {
                    // Prose after the table: the list ends, unless the next row is a repeated
                    // header (a table continued after a note or a page break).
                    let continues = ahead
                        .iter()
                        .find_map(|it| match it {
                            Item::Row { cells, .. } => Some(cells),
                            _ => None,
                        })
                        .is_some_and(|cells| {
                            is_repeated_header(&norm_cells(text, cells), &found.header)
                        });
                    if !records.is_empty() && !continues {
                        break;
                    }
                    pending_text.push(*sp);
                    continue;
                }
                // A wrapped last cell: the row is short, or the line holds only more
                // organisation names for a 牵头部门 column.
                if let Some(prev) = records.last_mut() {
                    let have = filled(&prev.cells);
                    let more_orgs = last_role == Some(Role::Departments)
                        && have == k
                        && normalize::departments(raw)
                            .iter()
                            .all(|d| normalize::is_org_name(d));
                    if pending_text.is_empty() && (have < k || more_orgs) && have > 0 {
                        prev.cells.truncate(have);
                        if let Some(last) = prev.cells.last_mut() {
                            last.parts.push(*sp);
                        }
                        prev.span = prev.span.cover(*sp);
                        continue;
                    }
                }
                pending_text.push(*sp);
            }
            Item::Cell(c) => pending_text.push(c.span()),
            Item::Furniture(_) => {}
        }
    }
    if let Some(last) = records.last() {
        let have = filled(&last.cells);
        if have < k.saturating_sub(1) {
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

fn unused(text: &str, span: Span, diags: &mut Diagnostics) {
    let t = normalize::text(slice(text, span));
    if t.is_empty() {
        return;
    }
    diags.warn(
        Code::UnusedText,
        span,
        format!("text in the list that belongs to no cell: {}", clip(&t)),
    );
}

/// The first 30 characters of `t`, for messages.
pub(crate) fn clip(t: &str) -> String {
    let mut out: String = t.chars().take(30).collect();
    if t.chars().count() > 30 {
        out.push('…');
    }
    out
}

/// The number in a 序号 cell ("12", "12.", "１２", "3-2", "（三）"), if it is one: its value
/// inside its section (2 for "3-2").
fn seq_value(norm: &str) -> Option<u32> {
    number_key(norm).map(|(_, v)| v)
}

/// A printed 序号 as lists write it: "12" → (None, 12); "3-2" → (Some(3), 2), a number under
/// section 3; "（三）" → (None, 3). `None` when the cell holds no number.
fn number_key(norm: &str) -> Option<(Option<u32>, u32)> {
    let t = norm.trim_end_matches(['.', '、', '．', ',', '，']);
    let digits = |x: &str| -> Option<u32> {
        // Up to nine digits: a list may run past 9,999 rows, and a u32 holds nine.
        (!x.is_empty() && x.len() <= 9 && x.chars().all(|c| c.is_ascii_digit()))
            .then(|| x.parse().ok())
            .flatten()
    };
    if let Some(v) = digits(t) {
        return Some((None, v));
    }
    // "3-2", "3—2", "3.2": a number inside section 3.
    if let Some(i) = t.find(['-', '—', '－', '.', '．']) {
        let (major, rest) = t.split_at(i);
        let minor = rest.trim_start_matches(['-', '—', '－', '.', '．']);
        // Short parts without a leading zero: "0512-65228120" is a telephone number.
        let part = |x: &str| {
            (x.len() <= 3 && !x.starts_with('0'))
                .then(|| digits(x))
                .flatten()
        };
        if let (Some(a), Some(b)) = (part(major), part(minor)) {
            return Some((Some(a), b));
        }
    }
    // "（三）", "(12)": a bracketed numeral.
    let inner = t
        .strip_prefix(['（', '('])
        .and_then(|x| x.strip_suffix(['）', ')']))?;
    if let Some(v) = digits(inner) {
        return Some((None, v));
    }
    if inner.is_empty()
        || inner.chars().count() > 3
        || !inner.chars().all(|c| "一二三四五六七八九十".contains(c))
    {
        return None;
    }
    crate::quantities::numeral::parse(inner)
        .filter(|v| v.fract() == 0.0 && *v >= 1.0)
        .map(|v| (None, v as u32))
}

/// The 服务类型 a section row of extracted text names ("一、物质帮助类（9项）" → 物质帮助).
///
/// ```
/// use qingdan::rows::section_heading;
/// assert_eq!(section_heading("一、物质帮助类（9项）").as_deref(), Some("物质帮助"));
/// assert_eq!(section_heading("（一）照护服务").as_deref(), Some("照护服务"));
/// assert_eq!(section_heading("三、保障措施"), None);
/// assert_eq!(section_heading("物质帮助类"), None);
/// ```
pub fn section_heading(norm: &str) -> Option<String> {
    section_type(norm, true)
}

/// The 服务类型 a section row names: "一、物质帮助类（9项）" → 物质帮助, "（一）照护服务" →
/// 照护服务, "关爱服务类" → 关爱服务. A heading needs an enumerator (一、 / （一）), or a
/// trailing 类 when not `strict`, a short name without sentence punctuation, and a type word
/// at its end.
fn section_type(norm: &str, strict: bool) -> Option<String> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let mut t = norm.trim_end_matches([':', '：']);
    let mut enumerated = false;
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let n = rest.chars().take_while(|c| NUMERALS.contains(*c)).count();
        let after: String = rest.chars().skip(n).take(1).collect();
        if n > 0 && (after == "）" || after == ")") {
            let skip: usize = rest.chars().take(n + 1).map(char::len_utf8).sum();
            t = &rest[skip..];
            enumerated = true;
        }
    } else {
        let n = t.chars().take_while(|c| NUMERALS.contains(*c)).count();
        let lead: usize = t.chars().take(n).map(char::len_utf8).sum();
        if n > 0 && t[lead..].starts_with(['、', '.', '．']) {
            t = t[lead..].trim_start_matches(['、', '.', '．']);
            enumerated = true;
        }
    }
    // A count in brackets at the end: （9项）, (共8项).
    if let Some(open) = t.rfind(['（', '(']) {
        let tail = &t[open..];
        if tail.contains('项') && tail.ends_with(['）', ')']) {
            t = &t[..open];
        }
    }
    let t = t.strip_suffix("项目").unwrap_or(t);
    let n = t.chars().count();
    if !(2..=12).contains(&n) || t.contains(['，', '。', '；', ',', ';']) {
        return None;
    }
    // Without an enumerator only a table with its own cells is trusted: in extracted text a
    // lone "物质帮助类" may be a wrapped 服务类型 cell.
    if !(enumerated || (!strict && t.ends_with('类'))) {
        return None;
    }
    let core = t.strip_suffix('类').unwrap_or(t);
    if !["帮助", "服务", "救助", "保障", "优待", "津贴", "补贴"]
        .iter()
        .any(|w| core.ends_with(w))
    {
        return None;
    }
    normalize::types(core).into_iter().next()
}

fn line_broken_records(
    text: &str,
    items: &mut [Item],
    found: &Found,
    diags: &mut Diagnostics,
) -> Vec<Record> {
    let columns = &found.header.columns;
    let k = columns.len();
    let s = columns.iter().position(|r| *r == Role::Seq).unwrap_or(0);
    let hlen = found.header.cells.len();
    // The data cells (as indices into the items: their cells move into the records), without
    // repeated header runs; text items inside the list are unused.
    let mut cells: Vec<usize> = Vec::new();
    let mut stray: Vec<Span> = Vec::new();
    // Section rows, each with the index of the first cell after it.
    let mut sections: Vec<(usize, Rc<str>)> = Vec::new();
    let mut blanks_after_section = 0usize;
    let rest = &mut items[found.end..];
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
    let span_at = |rest: &[Item], j: usize| {
        rest.get(j)
            .and_then(cell_of)
            .map_or_else(Span::default, Cell::span)
    };
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
    let mut records = Vec::with_capacity(seqs.len());
    let Some(&first) = seqs.first() else {
        for &at in &cells {
            unused(text, span_at(rest, at), diags);
        }
        return records;
    };
    for &at in &cells[..first - s] {
        unused(text, span_at(rest, at), diags);
    }
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
    if let Some(&lastp) = seqs.last() {
        let end = (lastp - s + k).min(cells.len());
        if lastp - s + k > cells.len() {
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
        let list_end = records.last().map_or(0, |r| r.span.end);
        for sp in stray.into_iter().filter(|sp| sp.start < list_end) {
            unused(text, sp, diags);
        }
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

/// What the steps that look across rows need of one record: its number as written, its
/// 服务对象 and 服务项目 texts (boxed: a long list holds one per row).
struct Skeleton {
    seq: Option<u32>,
    /// The printed 序号 as written ("3-2", "（三）"), when the cell holds a number; the
    /// section part of a "3-2" number.
    number: Option<(Box<str>, Option<u32>)>,
    span: Span,
    /// The 服务对象 cell's normalized text; `None` without such a cell.
    target: Option<Box<str>>,
    /// The 服务项目 cell's normalized text ("" without one).
    name: Box<str>,
}

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

/// Columns under one parent of a hierarchical header: the first column, how many, the parent.
struct Group {
    start: usize,
    width: usize,
    parent: Rc<str>,
}

/// The parents of a hierarchical header that span two or more columns.
fn header_groups(header: &Header) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (i, place) in header.places.iter().enumerate() {
        let Some(parent) = &place.parent else { continue };
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
            Role::Funding if norm.contains(['%', '％']) || norm.contains("财政") => 1,
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
/// -1 for each whose written sub-columns mix kinds. A dash or 无 agrees with anything.
fn groups_alike(text: &str, cells: &[Cell], groups: &[Group]) -> i32 {
    #[derive(PartialEq)]
    enum Kind {
        Money,
        Rate,
        Text(String),
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
        } else {
            Kind::Text(n)
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
    // The header's units: a parent with its sub-columns, or a column of its own. A merged cell
    // covers whole units: one parent's sub-columns, or a run of units ("服务内容" and both
    // "补贴标准" columns).
    let mut units: Vec<(usize, usize, &str)> = Vec::new();
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
    // Candidates: each a list of merged spans (start, width), left to right.
    let mut candidates: Vec<Vec<(usize, usize)>> = Vec::new();
    for a in 0..units.len() {
        let mut width = 0;
        for u in &units[a..] {
            width += u.1;
            if width - 1 == missing {
                candidates.push(vec![(units[a].0, width)]);
            }
            if width - 1 >= missing {
                break;
            }
        }
    }
    // Two parents each merged across their own sub-columns.
    for (x, gx) in groups.iter().enumerate() {
        for gy in &groups[x + 1..] {
            if gx.width + gy.width - 2 == missing {
                candidates.push(vec![(gx.start, gx.width), (gy.start, gy.width)]);
            }
        }
    }
    let mut best: Option<(i32, Vec<(usize, usize)>, Vec<Cell>)> = None;
    let mut tie = false;
    for chosen in candidates {
        let mut aligned = cells.clone();
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
    let Some((_, chosen, aligned)) = best else {
        return;
    };
    let merged: Vec<String> = chosen
        .iter()
        .map(|&(start, width)| {
            let names: Vec<&str> = units
                .iter()
                .filter(|u| u.0 >= start && u.0 < start + width)
                .map(|u| if u.2.is_empty() { role_name(columns[u.0]) } else { u.2 })
                .collect();
            names.join("+")
        })
        .collect();
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
            merged.join(" and ")
        ),
    );
    *cells = aligned;
}

/// The first pass over the records: trailing blank cells dropped, number cells repaired, cell
/// counts checked; each record's [`Skeleton`], and the content, standard and 支出责任 texts
/// that contain 号 (may hold a document number) with their record's index.
fn skeletons(
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
        let number = s
            .and_then(|s| cells.get(s))
            .map(norm)
            .and_then(|n| {
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
        let rows = skeletons.into_iter().zip(seqs).zip(targets).enumerate();
        for (i, ((sk, seq), target)) in rows {
            let Some(rec) = records.next() else { break };
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
            let mut m = Mapped {
                section: rec.section,
                cells,
                scopes: row_scopes,
                span: rec.span,
            };
            if let Some(a) = &above_cells {
                fill_merged(a, &mut m.cells);
            }
            above_cells = records
                .peek()
                .filter(|r| r.cells.iter().any(|c| c.merged))
                .map(|_| m.cells.clone());
            let number = sk.number.map(|(n, _)| n.into_string());
            let mut row = build_row(
                text,
                m,
                sk.name.into_string(),
                seq,
                target,
                &mut last_name,
                above.as_ref(),
                diags,
            );
            // The running position is the row's identity; the printed number is kept as
            // written (it may restart under each section row).
            row.seq = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if let Some(n) = number {
                row.number = n;
            }
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
    let raw = |role: Role| -> std::borrow::Cow<'_, str> {
        let mut of_role = m.cells.iter().filter(|(r, _, _)| *r == role);
        match (of_role.next(), of_role.next()) {
            (Some((_, c, _)), None) => c.raw(text),
            (None, _) => std::borrow::Cow::Borrowed(""),
            // Sub-columns of one role (责任单位 → 市级 / 县级): every name.
            (Some(first), Some(second)) => std::iter::once(first)
                .chain(std::iter::once(second))
                .chain(of_role)
                .map(|(_, c, _)| c.raw(text))
                .collect::<Vec<_>>()
                .join("\n")
                .into(),
        }
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
        number: seq.to_string(),
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

/// Names longer than any department name that do not end like one are sentences.
fn sentences_out(names: Vec<String>, seq: u32, span: Span, diags: &mut Diagnostics) -> Vec<String> {
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

/// Cells under a merged cell (known where the source records merges) take the text of the
/// cell above, except 服务对象 and 服务项目, whose carry-down and joining rules see the blank.
fn fill_merged(above: &[(Role, Cell, String)], here: &mut [(Role, Cell, String)]) {
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

/// Fills numbers that could not be read: one more than the row above, checked against the row
/// below. Reports every inferred number and every break in the order: a number that does not
/// follow the one above, or skips some, inside a section. Numbering that starts again under a
/// section row (`restarts`) or with the next section of "3-2" numbers is the list's own.
fn infer_numbers(mapped: &[Skeleton], restarts: &[bool], diags: &mut Diagnostics) -> Vec<u32> {
    let mut out = Vec::with_capacity(mapped.len());
    let mut prev: Option<u32> = None;
    let mut prev_major: Option<u32> = None;
    // The next written number after each row, in one backward pass (linear in the rows).
    let mut next_seq: Vec<Option<u32>> = vec![None; mapped.len()];
    let mut seen = None;
    for (i, m) in mapped.iter().enumerate().rev() {
        next_seq[i] = seen;
        if m.seq.is_some() {
            seen = m.seq;
        }
    }
    for (i, m) in mapped.iter().enumerate() {
        let major = m.number.as_ref().and_then(|(_, major)| *major);
        let restart = restarts.get(i).copied().unwrap_or(false)
            || (major.is_some() && major != prev_major);
        if restart {
            prev = None;
        }
        let seq = match m.seq {
            Some(v) => {
                if let Some(p) = prev {
                    if v <= p {
                        diags.warn(
                            Code::NumberOrder,
                            m.span,
                            format!("row number {v} does not follow {p}"),
                        );
                    } else if v > p + 1 {
                        diags.warn(
                            Code::NumberOrder,
                            m.span,
                            format!("row number {v} follows {p}: numbers between are missing"),
                        );
                    }
                }
                v
            }
            None => {
                let guess = prev.map_or(1, |p| p + 1);
                let next = next_seq[i];
                let sure = next.is_none_or(|n| n == guess + 1);
                diags.warn(
                    Code::MissingNumber,
                    m.span,
                    if sure {
                        format!("row has no number; {guess} comes between its neighbours")
                    } else {
                        format!("row has no number; guessed {guess} from the row above")
                    },
                );
                guess
            }
        };
        if major.is_some() {
            prev_major = major;
        }
        prev = Some(seq);
        out.push(seq);
    }
    out
}

/// Person nouns that end a complete 服务对象 ("…老年人", "…人员", "…对象", "…家属").
fn is_complete_target(t: &str) -> bool {
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

/// Extraction garbage: many one-character tokens ("(E 田 出 本 N L").
fn is_garbage(raw: &str) -> bool {
    let toks: Vec<&str> = raw
        .split(normalize::is_space)
        .filter(|t| !t.is_empty())
        .collect();
    let singles = toks.iter().filter(|t| t.chars().count() == 1).count();
    toks.len() >= 4 && singles * 4 >= toks.len() * 3
}

/// A target cell after removing the number+name text of its own or a neighbouring row that
/// extraction merged into it ("3 就医便利服务 60 周岁及以上 4 自愿随子女迁移户口" → "60周岁及以上").
fn strip_foreign_cells(t: &str, neighbours: &[(u32, &str)]) -> Option<String> {
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

/// Targets after repairs, carry-down and joining, one per row.
fn targets(
    text: &str,
    records: &[Record],
    target_at: Option<usize>,
    mapped: &[Skeleton],
    seqs: &[u32],
    diags: &mut Diagnostics,
) -> Vec<Option<String>> {
    // Each row's own target fragment: None for a blank cell, Some("") for garbage.
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
    // Blocks of rows sharing one target; an open block takes the next fragment.
    let mut out: Vec<Option<String>> = vec![None; mapped.len()];
    let mut block: Vec<usize> = Vec::new();
    let mut block_text = String::new();
    let mut open = false;
    let mut joined = false;
    let flush = |block: &mut Vec<usize>,
                 block_text: &str,
                 joined: bool,
                 out: &mut Vec<Option<String>>,
                 diags: &mut Diagnostics| {
        if block.is_empty() {
            return;
        }
        let value = (!block_text.is_empty()).then(|| block_text.to_owned());
        if joined && let (Some(&first), Some(&last)) = (block.first(), block.last()) {
            diags.info(
                Code::JoinedTarget,
                mapped[first].span.cover(mapped[last].span),
                format!(
                    "服务对象 split over rows {}–{} joined: {}",
                    seqs[first],
                    seqs[last],
                    value.as_deref().unwrap_or("")
                ),
            );
        }
        for &r in block.iter() {
            out[r].clone_from(&value);
        }
        block.clear();
    };
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
                    flush(&mut block, &block_text, joined, &mut out, diags);
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
    flush(&mut block, &block_text, joined, &mut out, diags);
    centred_targets(
        text,
        records,
        target_at,
        mapped,
        seqs,
        &frags,
        &start_of,
        &was_joined,
        &mut out,
        diags,
    );
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
#[allow(clippy::too_many_arguments)]
fn centred_targets(
    text: &str,
    records: &[Record],
    target_at: Option<usize>,
    mapped: &[Skeleton],
    seqs: &[u32],
    frags: &[Option<String>],
    start_of: &[Option<usize>],
    was_joined: &[bool],
    out: &mut [Option<String>],
    diags: &mut Diagnostics,
) {
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
        let rows = if first == last {
            format!("row {} has a", seqs[first])
        } else {
            format!("rows {}–{} have a", seqs[first], seqs[last])
        };
        let value = value.as_deref().unwrap_or("");
        let message = if at_top {
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
        };
        diags.info(
            Code::CentredTarget,
            mapped[first].span.cover(mapped[last].span),
            message,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar;

    fn list(text: &str) -> (Option<List>, Vec<(Code, String)>) {
        let layout = crate::layout::detect(text);
        let items = grammar::parse(text, layout);
        let mut d = Diagnostics::new();
        let l = build(text, &items, layout, &mut d);
        (
            l,
            d.into_sorted()
                .into_iter()
                .map(|d| (d.code, d.message))
                .collect(),
        )
    }

    fn rows(text: &str) -> Vec<(u32, Option<String>, Option<String>)> {
        list(text)
            .0
            .expect("a list")
            .rows
            .into_iter()
            .map(|r| (r.number.parse::<u32>().unwrap_or(0), r.target, r.name))
            .collect()
    }

    fn row(seq: u32, target: Option<&str>, name: &str) -> (u32, Option<String>, Option<String>) {
        (seq, target.map(str::to_owned), Some(name.to_owned()))
    }

    /// Whether a diagnostic with `code` mentions `needle`.
    fn reported(d: &[(Code, String)], code: Code, needle: &str) -> bool {
        d.iter().any(|(c, m)| *c == code && m.contains(needle))
    }

    const TSV_HEADER: &str = "对象\t服务项目\t\t服务内容\t牵头部门\n";

    #[test]
    fn printed_numbers() {
        // See: issue 18, item 2.
        assert_eq!(number_key("12"), Some((None, 12)));
        assert_eq!(number_key("12."), Some((None, 12)));
        assert_eq!(number_key("3-2"), Some((Some(3), 2)));
        assert_eq!(number_key("（三）"), Some((None, 3)));
        assert_eq!(number_key("(12)"), Some((None, 12)));
        assert_eq!(number_key("0512-65228120"), None);
        assert_eq!(number_key("一、物质帮助类"), None);
        assert_eq!(number_key("高龄津贴"), None);
    }

    #[test]
    fn header_roles_by_name_not_position() {
        let cols = header_columns(&[
            "服务对象".into(),
            "服务项目".into(),
            "服务内容及标准".into(),
            "牵头责任部门".into(),
        ]);
        assert_eq!(
            cols,
            Some(vec![
                Role::Target,
                Role::Seq,
                Role::Name,
                Role::Content,
                Role::Departments
            ])
        );
        let cols = header_columns(&[
            "对象".into(),
            "服务项目".into(),
            "".into(),
            "服务类型".into(),
            "服务标准".into(),
            "支出责任".into(),
            "牵头部门".into(),
        ]);
        assert_eq!(
            cols,
            Some(vec![
                Role::Target,
                Role::Seq,
                Role::Name,
                Role::Types,
                Role::Standard,
                Role::Funding,
                Role::Departments
            ])
        );
        let cols = header_columns(&[
            "序号".into(),
            "服务对象".into(),
            "服务项目".into(),
            "服务内容".into(),
        ]);
        assert_eq!(
            cols,
            Some(vec![Role::Seq, Role::Target, Role::Name, Role::Content])
        );
    }

    #[test]
    fn extra_columns_are_ignored() {
        let cols = header_columns(&[
            "服务对象".into(),
            "服务项目".into(),
            "".into(),
            "服务内容".into(),
            "政策依据".into(),
            "责任主体".into(),
            "备注".into(),
        ]);
        assert_eq!(
            cols,
            Some(vec![
                Role::Target,
                Role::Seq,
                Role::Name,
                Role::Content,
                Role::Other,
                Role::Departments,
                Role::Other
            ])
        );
        assert_eq!(
            header_columns(&[
                "老年人".into(),
                "1".into(),
                "高龄津贴".into(),
                "每月发放".into()
            ]),
            None
        );
    }

    #[test]
    fn responsibility_table_is_not_a_list() {
        assert_eq!(
            header_columns(&[
                "项目".into(),
                "细化政策".into(),
                "牵头单位".into(),
                "责任单位".into()
            ]),
            None
        );
    }

    #[test]
    fn tsv_carry_down() {
        let t = format!(
            "XX区基本养老服务清单\n{TSV_HEADER}老年人\t1\t高龄津贴\t发放\t区民政局\n\t2\t护理补贴\t发放\t区民政局\n"
        );
        assert_eq!(
            rows(&t),
            [
                row(1, Some("老年人"), "高龄津贴"),
                row(2, Some("老年人"), "护理补贴")
            ]
        );
    }

    #[test]
    fn name_carries_down() {
        let t = format!(
            "{TSV_HEADER}老年人\t1\t高龄津贴\t发放\t区民政局\n\t2\t\t低保老年人\t区民政局\n"
        );
        assert_eq!(rows(&t)[1], row(2, Some("老年人"), "高龄津贴"));
    }

    #[test]
    fn repeated_header_is_skipped() {
        let t = format!(
            "{TSV_HEADER}老年人\t1\t甲\t发放\t区民政局\n\n{TSV_HEADER}\t2\t乙\t发放\t区民政局\n"
        );
        assert_eq!(
            rows(&t),
            [row(1, Some("老年人"), "甲"), row(2, Some("老年人"), "乙")]
        );
    }

    #[test]
    fn split_target_is_joined_for_every_row() {
        let t = format!(
            "{TSV_HEADER}经认定符合\t1\t甲\t发放\t区民政局\n条件的残疾 老年人\t2\t乙\t发放\t区民政局\n特困老年人\t3\t丙\t发放\t区民政局\n"
        );
        assert_eq!(
            rows(&t),
            [
                row(1, Some("经认定符合条件的残疾老年人"), "甲"),
                row(2, Some("经认定符合条件的残疾老年人"), "乙"),
                row(3, Some("特困老年人"), "丙")
            ]
        );
    }

    #[test]
    fn long_incomplete_target_is_not_joined() {
        let t = format!(
            "{TSV_HEADER}经济困难的老年人，有条件的地方可扩大到低保对象中的失能老年人家庭等\t1\t甲\t发放\t区民政局\n经济困难的老年人\t2\t乙\t发放\t区民政局\n"
        );
        assert_eq!(rows(&t)[1], row(2, Some("经济困难的老年人"), "乙"));
    }

    #[test]
    fn merged_cells_in_target_are_removed_and_missing_number_inferred() {
        let t = format!(
            "{TSV_HEADER}3 就医便利服务 60 周岁及以上 4 迁移户口\t3\t就医便利服务\t优先\t区卫健局\n\t迁移户口\t办理\t区公安分局\t\n老年人\t5\t乘车\t免费\t区交运局\n"
        );
        let (l, d) = list(&t);
        let got: Vec<_> = l
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.number.parse::<u32>().unwrap_or(0), r.target, r.name, r.departments))
            .collect();
        let t3 = Some("60周岁及以上老年人".to_owned());
        assert_eq!(
            got,
            [
                (
                    3,
                    t3.clone(),
                    Some("就医便利服务".into()),
                    vec!["区卫健局".to_owned()]
                ),
                (
                    4,
                    t3.clone(),
                    Some("迁移户口".into()),
                    vec!["区公安分局".to_owned()]
                ),
                (5, t3, Some("乘车".into()), vec!["区交运局".to_owned()]),
            ]
        );
        let codes: Vec<Code> = d.iter().map(|(c, _)| *c).collect();
        assert!(codes.contains(&Code::GarbledCell), "{d:?}");
        assert!(codes.contains(&Code::ShiftedCells), "{d:?}");
        assert!(codes.contains(&Code::MissingNumber), "{d:?}");
        assert!(codes.contains(&Code::JoinedTarget), "{d:?}");
    }

    #[test]
    fn number_run_together_with_name() {
        let t = format!("{TSV_HEADER}老年人\t7 高龄津贴\t发放\t区民政局\n");
        assert_eq!(rows(&t), [row(7, Some("老年人"), "高龄津贴")]);
    }

    #[test]
    fn garbage_target_then_fragment() {
        let t = format!(
            "{TSV_HEADER}(E 田 出 本 N L\t1\t甲\t发放\t区民政局\n老年人\t2\t乙\t发放\t区民政局\n"
        );
        let (l, d) = list(&t);
        let r = l.unwrap().rows;
        assert_eq!(r[0].target.as_deref(), Some("老年人"));
        assert_eq!(r[1].target.as_deref(), Some("老年人"));
        assert!(d.iter().any(|(c, _)| *c == Code::GarbledCell));
    }

    #[test]
    fn line_broken_records_by_number() {
        let t = "平城区基本养老服务清单\n\t对象\n\t服务项目\n\t服务内容\n\t牵头部门\n\n\t达到待遇享受\n年龄的老年人\n\t1\n\t职工基本养老\n保险\n\t发放\n\t区人社局\n\n\t\n\t2\n\t城乡居民\n\t发放\n\t区人力资源\n\n社会保障局\n";
        let (l, d) = list(t);
        let l = l.unwrap();
        assert_eq!(
            l.title.as_ref().map(|t| t.0.as_str()),
            Some("平城区基本养老服务清单")
        );
        let got: Vec<_> = l
            .rows
            .iter()
            .map(|r| {
                (
                    r.number.parse::<u32>().unwrap_or(0),
                    r.target.clone(),
                    r.name.clone(),
                    r.departments.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    1,
                    Some("达到待遇享受年龄的老年人".into()),
                    Some("职工基本养老保险".into()),
                    vec!["区人社局".to_owned()]
                ),
                (
                    2,
                    Some("达到待遇享受年龄的老年人".into()),
                    Some("城乡居民".into()),
                    vec!["区人力资源社会保障局".to_owned()]
                ),
            ]
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn line_broken_repeated_header_across_a_page_number() {
        let t = "\t对象\n\t服务项目\n\t服务内容\n\t牵头部门\n\t老年人\n\t1\n\t甲\n\t发放\n\t区民政局\n\t对象\n- 2 -\n\t服务项目\n\t服务内容\n\t牵头部门\n\t\n\t2\n\t乙\n\t发放\n\t区民政局\n";
        let (l, d) = list(t);
        let got: Vec<_> = l
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.number.parse::<u32>().unwrap_or(0), r.target, r.name))
            .collect();
        assert_eq!(
            got,
            [row(1, Some("老年人"), "甲"), row(2, Some("老年人"), "乙")]
        );
        assert!(d.iter().all(|(c, _)| *c == Code::MissingTitle), "{d:?}");
    }

    #[test]
    fn line_broken_truncated() {
        let t = "\t对象\n\t服务项目\n\t服务内容\n\t牵头部门\n\t老年人\n\t1\n\t甲\n\t发放\n\t区民政局\n\t\n\t2\n\t乙\n";
        let (l, d) = list(t);
        assert_eq!(l.unwrap().rows.len(), 2);
        assert!(d.iter().any(|(c, _)| *c == Code::Truncated), "{d:?}");
    }

    #[test]
    fn tsv_row_wrapped_over_lines() {
        let t = format!(
            "甲区基本养老服务清单\n{TSV_HEADER}老年人\t1\t高龄\n津贴\t每人每月12\n0元\t区民政局\n区财政局\n\t2\t乙\t发放\t区民政局\n"
        );
        let (l, d) = list(&t);
        let r = l.unwrap().rows;
        assert_eq!(r.len(), 2, "{d:?}");
        assert_eq!(r[0].name.as_deref(), Some("高龄津贴"));
        assert_eq!(r[0].content.as_deref(), Some("每人每月120元"));
        assert_eq!(r[0].departments, ["区民政局", "区财政局"]);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn tsv_first_cell_wrapped_before_the_row() {
        let t = format!(
            "甲区基本养老服务清单\n{TSV_HEADER}老年人\t1\t甲\t发放\t区民政局\n经认定生活不能自理的\n老年人\t2\t乙\t发放\t区民政局\n"
        );
        let (l, d) = list(&t);
        assert_eq!(
            l.unwrap().rows[1].target.as_deref(),
            Some("经认定生活不能自理的老年人")
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn line_broken_record_without_number_is_split_off() {
        let t = "\t对象\n\t服务项目\n\t服务内容\n\t牵头部门\n\t老年人\n\t1\n\t甲\n\t发放\n\t区民政局\n\t\n\t乙\n\t发放\n\t区公安分局\n\t\n\t\n\t3\n\t丙\n\t发放\n\t区民政局\n";
        let (l, d) = list(t);
        let got: Vec<_> = l
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.number.parse::<u32>().unwrap_or(0), r.name, r.departments))
            .collect();
        assert_eq!(
            got,
            [
                (1, Some("甲".into()), vec!["区民政局".to_owned()]),
                (2, Some("乙".into()), vec!["区公安分局".to_owned()]),
                (3, Some("丙".into()), vec!["区民政局".to_owned()]),
            ]
        );
        assert!(d.iter().any(|(c, _)| *c == Code::MissingNumber), "{d:?}");
    }

    #[test]
    fn tsv_header_wrapped_over_two_lines() {
        let t = "甲区基本养老服务清单\n对象\t服务项目\t\t服务内\n容\t牵头部门\n老年人\t1\t甲\t发放\t区民政局\n";
        let (l, d) = list(t);
        assert_eq!(rows(t), [row(1, Some("老年人"), "甲")]);
        assert_eq!(l.unwrap().rows[0].departments, ["区民政局"]);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn rows_before_the_header_are_reported() {
        let t = format!(
            "甲区基本养老服务清单\n老年人\t0\t零\t发放\t区民政局\n{TSV_HEADER}老年人\t1\t甲\t发放\t区民政局\n"
        );
        let (_, d) = list(&t);
        assert!(reported(&d, Code::UnusedText, "零"), "{d:?}");
    }

    #[test]
    fn tsv_truncated_last_row() {
        let t = format!("{TSV_HEADER}老年人\t1\t甲\t发放\t区民政局\n\t2\t乙");
        let (l, d) = list(&t);
        assert_eq!(l.unwrap().rows.len(), 2);
        assert!(d.iter().any(|(c, _)| *c == Code::Truncated), "{d:?}");
    }

    #[test]
    fn stray_text_is_reported() {
        let t = format!(
            "{TSV_HEADER}老年人\t1\t甲\t发放\t区民政局\n这是一行多余的文字\n\t2\t乙\t发放\t区民政局\n"
        );
        let (_, d) = list(&t);
        assert!(reported(&d, Code::UnusedText, "多余"), "{d:?}");
    }

    #[test]
    fn text_between_title_and_header_is_reported() {
        let t = format!(
            "XX区基本养老服务清单\n说明：以下项目按年度调整\n{TSV_HEADER}老年人\t1\t甲\t发放\t区民政局\n"
        );
        let (_, d) = list(&t);
        assert!(reported(&d, Code::UnusedText, "说明：以下项目按年度调整"), "{d:?}");
        // See: issue 18, item 3. An edition on the line below and the county on the line
        // above belong to the title.
        let t = format!(
            "泗洪县\n基本养老服务清单\n（2024年版）\n{TSV_HEADER}老年人\t1\t甲\t发放\t区民政局\n"
        );
        let (l, d) = list(&t);
        assert_eq!(
            l.and_then(|l| l.title).map(|t| t.0).as_deref(),
            Some("泗洪县基本养老服务清单（2024年版）")
        );
        assert!(!reported(&d, Code::UnusedText, "2024年版"), "{d:?}");
    }

    #[test]
    fn title_strips_attachment_label() {
        assert_eq!(
            strip_attachment_label("附件2：薛城区基本养老服务清单"),
            "薛城区基本养老服务清单"
        );
        assert_eq!(strip_attachment_label("**XX清单**"), "XX清单");
    }
}
