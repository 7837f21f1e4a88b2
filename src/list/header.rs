//! The list's header: the roles its columns name (the header lexicon), where the header
//! and the title stand, and repeated headers inside the list.

use crate::grammar::{Cell, Item};
use crate::lexicon::{LEXICON, Role};
use crate::normalize;
use crate::span::{Span, slice};
use std::rc::Rc;

/// A header cell's text without bracketed notes: "服务标准（元/月）" → "服务标准".
pub(super) fn header_core(header: &str) -> String {
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
    // "单位：元/人·月" in a row above the header is the amounts' unit, not a 责任单位.
    if unit_line(header).is_some() {
        return None;
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

/// The money unit a standard column's header gives its cells, as written in brackets after the
/// column's name: "补贴标准（元/人·月）" → "元/人·月", "标准(元)" → "元", "（单位：元/月）" → "元/月".
/// `cells` are the header's cells, normalized (a cell wrapped over lines is one text). `None`
/// when no 服务标准 header names one, or when two name different ones.
pub fn header_unit<'a>(cells: impl IntoIterator<Item = &'a String>) -> Option<String> {
    let mut units: Vec<String> = Vec::new();
    for piece in cells {
        if role_of(piece) != Some(Some(Role::Standard)) {
            continue;
        }
        let mut rest = piece.as_str();
        while let Some(open) = rest.find(['（', '(']) {
            let inner = &rest[open + rest[open..].chars().next().map_or(1, char::len_utf8)..];
            let Some(close) = inner.find(['）', ')']) else {
                break;
            };
            let written = inner[..close]
                .trim_start_matches("单位")
                .trim_start_matches(['：', ':']);
            if let Some(unit) = money_unit(written)
                && !units.contains(&unit)
            {
                units.push(unit);
            }
            rest = &inner[close..];
        }
    }
    match units.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The money unit a line standing right above the table gives its amounts: "单位：元",
/// "（单位：元/人·月）", "金额单位：元". Read where no 服务标准 header names one (see
/// [`header_unit`]). `text` is the list's text and `header_start` where its header begins; only
/// the two lines just before the header are looked at, and only one that is nothing but the unit.
///
/// ```
/// use qingdan::rows::unit_above;
/// let t = "某区基本养老服务清单\n单位：元/人·月\n序号\t服务项目\n";
/// assert_eq!(unit_above(t, t.find("序号").unwrap()).as_deref(), Some("元/人·月"));
/// let t = "某区基本养老服务清单\n（金额单位：元）\n\n序号\t服务项目\n";
/// assert_eq!(unit_above(t, t.find("序号").unwrap()).as_deref(), Some("元"));
/// let t = "单位：元\n某区基本养老服务清单\n说明\n序号\t服务项目\n";
/// assert_eq!(unit_above(t, t.find("序号").unwrap()), None);
/// let t = "补贴标准单位：元，按月发放\n序号\t服务项目\n";
/// assert_eq!(unit_above(t, t.find("序号").unwrap()), None);
/// ```
pub fn unit_above(text: &str, header_start: usize) -> Option<String> {
    let before = text.get(..header_start)?;
    before
        .lines()
        .rev()
        .map(normalize::text)
        .filter(|l| !l.is_empty())
        .take(2)
        .find_map(|l| unit_line(&l))
}

/// The unit a line that is nothing but a unit statement gives: "单位：元", "（金额单位：元/月）".
pub(crate) fn unit_line(line: &str) -> Option<String> {
    let inner = line
        .strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']))
        .unwrap_or(line);
    money_unit(
        inner
            .strip_prefix("金额")
            .unwrap_or(inner)
            .strip_prefix("单位")?
            .trim_start_matches(['：', ':']),
    )
}

/// A money unit as written after 单位： or in a header's brackets: 元, or 元 per something
/// ("元/人·月"), spaces and brackets left out.
fn money_unit(written: &str) -> Option<String> {
    let unit: String = written
        .chars()
        .filter(|c| !c.is_whitespace() && !"（）()".contains(*c))
        .collect();
    let per = unit.strip_prefix('元')?;
    (per.is_empty() || (per.starts_with('/') && per.chars().count() <= 8)).then_some(unit)
}

/// The role a header cell names, from its normalized text; `None` when it is no header word.
pub(super) fn role_of(header: &str) -> Option<Option<Role>> {
    role_score(header).map(|(r, _)| r)
}

/// The columns a header row names, with 服务项目 expanded to number + name; `None` when the
/// cells are not the header of a service list. Two columns claiming one role: the more
/// specific word keeps it (the first on a tie), the other is kept out of every field, and
/// the conflict is returned for a diagnostic.
#[cfg(test)]
pub(super) fn header_columns(cells: &[String]) -> Option<Vec<Role>> {
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
    let (mut roles, scores) = cell_roles(cells)?;
    let conflicts = resolve_conflicts(cells, places, &mut roles, &scores);
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
    let (columns, out_places) = place_columns(&roles, places, has(Role::Seq));
    Some((columns, out_places, conflicts))
}

/// Each header cell's role (`None` for an empty cell) and how well its words name it, empty
/// cells at the end left out; `None` when a cell names nothing known (a column the list adds
/// under a name we do not know is kept out of every field: two at most, short).
fn cell_roles(cells: &[String]) -> Option<(Vec<Option<Role>>, Vec<usize>)> {
    let mut roles: Vec<Option<Role>> = Vec::with_capacity(cells.len());
    let mut scores: Vec<usize> = Vec::with_capacity(cells.len());
    let mut unknown = 0;
    for c in cells {
        match role_score(c) {
            Some((r, sc)) => {
                roles.push(r);
                scores.push(sc);
            }
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
    Some((roles, scores))
}

/// Two columns naming one role: the better-named keeps it, the other becomes `Other`, and the
/// conflict is reported; sub-columns of one parent (城市 / 农村 under 服务标准) all keep it.
fn resolve_conflicts(
    cells: &[String],
    places: &[Place],
    roles: &mut [Option<Role>],
    scores: &[usize],
) -> Vec<String> {
    let place = |i: usize| places.get(i).cloned().unwrap_or_default();
    let mut conflicts = Vec::new();
    let partners = roles.contains(&Some(Role::Partners));
    for i in 0..roles.len() {
        let Some(r) = roles[i] else { continue };
        if r == Role::Other {
            continue;
        }
        for j in 0..i {
            let same_parent = place(i).parent.is_some() && place(i).parent == place(j).parent;
            // Two department columns under one parent (责任单位 → 主管部门 / 实施主体): the
            // first leads, the second takes part, as 牵头单位 / 配合单位 do.
            if roles[j] == Some(r) && r == Role::Departments && same_parent && !partners {
                roles[i] = Some(Role::Partners);
                break;
            }
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
    conflicts
}

/// The columns with their places: an empty cell is `Other`; without a 序号 column the number
/// goes before 服务项目, whose empty neighbour is the name column of a merged header.
fn place_columns(
    roles: &[Option<Role>],
    places: &[Place],
    explicit_seq: bool,
) -> (Vec<Role>, Vec<Place>) {
    let place = |i: usize| places.get(i).cloned().unwrap_or_default();
    let mut columns = Vec::with_capacity(roles.len() + 1);
    let mut out_places = Vec::with_capacity(roles.len() + 1);
    let mut i = 0;
    while i < roles.len() {
        match roles[i] {
            Some(Role::Name) if !explicit_seq => {
                columns.push(Role::Seq);
                columns.push(Role::Name);
                out_places.push(Place::default());
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
    (columns, out_places)
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

/// Where a header sits among the items: `start..end` are item indices.
pub(super) struct Found {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) header: Header,
}

pub(super) fn norm_cells(text: &str, cells: &[Cell]) -> Vec<String> {
    cells
        .iter()
        .map(|c| normalize::text(&c.raw(text)))
        .collect()
}

/// The header at items `at` with its normalized cells, if they name the list's columns, with
/// any sub-header rows below it.
fn header_at(
    text: &str,
    items: &[Item],
    at: std::ops::Range<usize>,
    normed: Vec<String>,
    span: Span,
) -> Option<Found> {
    let (columns, conflicts) = header_columns_with_conflicts(&normed)?;
    let found = Found {
        start: at.start,
        end: at.end,
        header: Header {
            columns,
            cells: normed,
            span,
            conflicts,
            places: Vec::new(),
            sub_rows: Vec::new(),
        },
    };
    Some(with_sub_rows(text, items, found))
}

/// Finds the first service-list header in `items`.
pub(super) fn find_header(text: &str, items: &[Item]) -> Option<Found> {
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Row { cells, line } => {
                let normed = norm_cells(text, cells);
                let names_a_role = normed.iter().any(|c| matches!(role_of(c), Some(Some(_))));
                if let Some(found) = header_at(text, items, i..i + 1, normed, *line) {
                    return Some(found);
                }
                // A header row wrapped over two lines ("…\t服务内" / "容\t服务标准…").
                if names_a_role
                    && cells.len() >= 2
                    && let Some((merged, span)) = join_wrapped_row(cells, *line, items.get(i + 1))
                {
                    let normed = norm_cells(text, &merged);
                    if let Some(found) = header_at(text, items, i..i + 2, normed, span) {
                        return Some(found);
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
                let span = cells[0].span().cover(cells[cells.len() - 1].span());
                if let Some(found) = header_at(text, items, i..j, normed, span) {
                    return Some(found);
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
    sub_row_to_blank_line(text, items, at, width)
        .or_else(|| sub_row_by_labels(text, items, at, width))
}

/// Whether a blank line stands between the end of `cell` and the start of the next item: in
/// the line-broken layout a blank line after a cell ends its row (a blank line inside a cell
/// is part of the cell's span).
pub(super) fn ends_row(text: &str, cell: &Cell, next: Option<&Item>) -> bool {
    let from = cell.span().end;
    let to = next.map_or(text.len(), crate::grammar::start_of);
    text.get(from..to.max(from))
        .is_some_and(super::records::has_blank_line)
}

/// [`sub_row_of_cells`] where the row ends with a blank line, as line-broken text writes it:
/// every cell up to the first one followed by a blank line, all of them blank or header labels,
/// two labels at least.
fn sub_row_to_blank_line(
    text: &str,
    items: &[Item],
    at: usize,
    width: usize,
) -> Option<(Vec<String>, Span, usize)> {
    let mut cells: Vec<String> = Vec::new();
    let mut span: Option<Span> = None;
    let mut j = at;
    while let Some(Item::Cell(c)) = items.get(j) {
        let n = normalize::text(&c.raw(text));
        if !(n.is_empty() || is_header_word(&n) || crate::list::hierarchy::is_sub_label(&n)) {
            return None;
        }
        span = Some(span.map_or(c.span(), |s| s.cover(c.span())));
        cells.push(n);
        j += 1;
        if cells.len() > 3 * width.max(1) {
            return None;
        }
        if ends_row(text, c, items.get(j)) {
            let labels = cells.iter().filter(|c| !c.is_empty()).count();
            return (labels >= 2).then(|| (cells, span.unwrap_or_default(), j));
        }
    }
    None
}

/// [`sub_row_of_cells`] where no blank line marks the row's end: the run of blank and label
/// cells, cut where the next row's cells begin.
fn sub_row_by_labels(
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
        } else if is_header_word(&n) || crate::list::hierarchy::is_sub_label(&n) {
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
/// word on its path, [`crate::list::hierarchy::leaves`]) and keeps its sub-column label; rows
/// copied as text, where a merged parent is one field, are aligned first
/// ([`crate::list::hierarchy::align_text_rows`]). The header is unchanged when no such row follows
/// or the rows cannot be placed.
fn with_sub_rows(text: &str, items: &[Item], found: Found) -> Found {
    use crate::list::hierarchy;
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
    let grid = if hierarchy::is_aligned(&rows) {
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
/// edition such as （2024年版） or （征求意见稿） below: [`super::title::list_title`]); the
/// span covers them all. The draft marker is left out of the text (the span still holds it).
pub(super) fn find_title(
    text: &str,
    items: &[Item],
    header_start: usize,
) -> Option<(String, Span)> {
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
                let title = super::title::list_title(&above_text, t, &below_text);
                let mut whole = span;
                if let Some((first, _)) = above
                    .len()
                    .checked_sub(title.above)
                    .and_then(|i| above.get(i))
                {
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
pub(super) fn strip_attachment_label(t: &str) -> &str {
    let mut t = t.trim_matches(['*', '#', ' ']);
    if let Some(rest) = t.strip_prefix("附件") {
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
        t = rest.trim_start_matches([':', '：', '、', '.', ' ']);
    }
    t
}

pub(super) fn is_repeated_header(normed: &[String], header: &Header) -> bool {
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
    // A piece of one of the list's own header cells counts too ("牵头落实部" / "门" of
    // 牵头落实部门, a word the lexicon only knows as 牵头部门).
    let mut words = 0;
    for c in normed.iter().filter(|c| !c.is_empty()) {
        if matches!(role_of(c), Some(Some(_))) || header.cells.iter().any(|h| h == c) {
            words += 1;
        } else if !LEXICON.iter().any(|(w, _)| w.contains(c.as_str()))
            && !header.cells.iter().any(|h| h.contains(c.as_str()))
        {
            return false;
        }
    }
    words >= 2
}

/// The rest of a header cell that a repeated header's last written cell breaks off
/// ("牵头落实部" of 牵头落实部门 → "门"): the next line, if it holds only that, is the
/// header's too.
pub(super) fn broken_header_rest(normed: &[String], header: &Header) -> Option<String> {
    let (j, last) = normed.iter().enumerate().rfind(|(_, c)| !c.is_empty())?;
    let whole = header
        .cells
        .get(j)
        .filter(|h| h.starts_with(last.as_str()) && h.len() > last.len())
        .or_else(|| {
            header
                .cells
                .iter()
                .find(|h| h.starts_with(last.as_str()) && h.len() > last.len())
        })?;
    Some(whole[last.len()..].to_owned())
}

#[cfg(test)]
mod tests {
    use super::header_unit;

    #[test]
    fn the_unit_a_standard_header_gives() {
        let unit = |cells: &[&str]| {
            let cells: Vec<String> = cells.iter().map(|c| (*c).to_owned()).collect();
            header_unit(&cells)
        };
        assert_eq!(
            unit(&["序号", "服务项目", "补贴标准（元/人·月）", "牵头单位"]).as_deref(),
            Some("元/人·月")
        );
        assert_eq!(unit(&["序号", "标准(元)"]).as_deref(), Some("元"));
        assert_eq!(unit(&["服务标准（单位：元/月）"]).as_deref(), Some("元/月"));
        assert_eq!(
            unit(&["补贴标准（元/（人·年））"]).as_deref(),
            Some("元/人·年")
        );
        // Not a standard column's, not 元, or two different units: no unit.
        assert_eq!(unit(&["资金来源（元）", "服务项目"]), None);
        assert_eq!(unit(&["补贴标准（万元）"]), None);
        assert_eq!(unit(&["补贴标准（2024年）"]), None);
        assert_eq!(unit(&["城市标准（元/月）", "农村标准（元/年）"]), None);
        assert_eq!(
            unit(&["城市标准（元/月）", "农村标准（元/月）"]).as_deref(),
            Some("元/月")
        );
        assert_eq!(unit(&["序号", "服务项目", "服务标准"]), None);
    }
}
