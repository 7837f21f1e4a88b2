//! The list's header: the roles its columns name (the header lexicon), where the header
//! and the title stand, and repeated headers inside the list.

use crate::grammar::{Cell, Item};
use crate::normalize;
use crate::span::{Span, slice};

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
pub(super) fn header_columns(cells: &[String]) -> Option<Vec<Role>> {
    header_columns_with_conflicts(cells).map(|(c, _)| c)
}

fn header_columns_with_conflicts(cells: &[String]) -> Option<(Vec<Role>, Vec<String>)> {
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
            if roles[j] == Some(r) {
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
    let mut i = 0;
    while i < roles.len() {
        match roles[i] {
            Some(Role::Name) if !explicit_seq => {
                columns.push(Role::Seq);
                columns.push(Role::Name);
                // The empty cell beside 服务项目 is the name column of the merged header.
                if roles.get(i + 1) == Some(&None) {
                    i += 1;
                }
            }
            Some(r) => columns.push(r),
            None => columns.push(Role::Other),
        }
        i += 1;
    }
    Some((columns, conflicts))
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

/// Finds the first service-list header in `items`.
pub(super) fn find_header(text: &str, items: &[Item]) -> Option<Found> {
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Row { cells, line } => {
                let normed = norm_cells(text, cells);
                if let Some((columns, conflicts)) = header_columns_with_conflicts(&normed) {
                    return Some(Found {
                        start: i,
                        end: i + 1,
                        header: Header {
                            columns,
                            cells: normed,
                            span: *line,
                            conflicts,
                        },
                    });
                }
                // A header row wrapped over two lines ("…\t服务内" / "容\t服务标准…").
                let names_a_role = normed.iter().any(|c| matches!(role_of(c), Some(Some(_))));
                if names_a_role
                    && cells.len() >= 2
                    && let Some((merged, span)) = join_wrapped_row(cells, *line, items.get(i + 1))
                {
                    let normed = norm_cells(text, &merged);
                    if let Some((columns, conflicts)) = header_columns_with_conflicts(&normed) {
                        return Some(Found {
                            start: i,
                            end: i + 2,
                            header: Header {
                                columns,
                                cells: normed,
                                span,
                                conflicts,
                            },
                        });
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
                    return Some(Found {
                        start: i,
                        end: j,
                        header: Header {
                            columns,
                            cells: normed,
                            span,
                            conflicts,
                        },
                    });
                }
            }
            _ => {}
        }
    }
    None
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
/// 附件 label.
pub(super) fn find_title(
    text: &str,
    items: &[Item],
    header_start: usize,
) -> Option<(String, Span)> {
    for item in items[..header_start].iter().rev() {
        let span = match item {
            Item::Text(s) => *s,
            Item::Cell(c) => c.span(),
            Item::Row { line, .. } => *line,
            Item::Furniture(_) => continue,
        };
        let t = normalize::text(slice(text, span));
        if t.contains("清单") && t.chars().count() <= 40 {
            let t = strip_attachment_label(&t);
            if !t.is_empty() {
                return Some((t.to_owned(), span));
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
    if strip(normed) == strip(&header.cells) {
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
