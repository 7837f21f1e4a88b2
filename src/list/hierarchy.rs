//! Headers as a hierarchy: a list's header may span two or three rows, with a parent merged
//! over its sub-columns (服务标准 → 城市 / 农村; 责任单位 → 牵头单位 / 配合单位; 资金来源 → 分担比例 →
//! 中央 / 省级 / 县级).
//!
//! Input is the header rows as normalized cell texts, top row first, a blank where a merged
//! cell or nothing stands; output is one [`Leaf`] per column: the header word that gives its
//! role (the deepest header word on its path: 牵头单位 under 责任单位, 补贴标准 under 服务内容及标准)
//! and the sub-column label that scopes its cells (城市, 轻度, 中央 …), if any.
//!
//! Formats with spans (docx, HTML, xlsx) show a parent over its sub-columns as the parent's
//! text followed by blanks; text copied from Word shows only the written cells, so a sub-header
//! row is placed under its parents by [`align_text_rows`].

use super::header::header_core;
use crate::lexicon::Role;

/// A column of a hierarchical header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    /// The header text that names the column's role: the deepest header word on its path.
    pub label: String,
    /// The sub-column label under a parent that spans several columns (城市, 农村, 轻度 …).
    pub scope: Option<String>,
    /// The labels from the top row down, as written (blank levels left out).
    pub path: Vec<String>,
}

/// The longest text a sub-header cell may have (its core, without a bracketed note).
const MAX_SUB_LABEL: usize = 8;

/// Whether `row` reads as a sub-header row under `header` (cells aligned column by column):
/// at least two written cells, each a header word or a short label without digits, each
/// standing under a written header cell or a blank that a header cell to its left spans.
/// `is_header_word` tells whether a text names a column role.
pub fn is_sub_header(
    header: &[String],
    row: &[String],
    is_header_word: impl Fn(&str) -> bool,
) -> bool {
    let written: Vec<usize> = (0..row.len()).filter(|&i| !row[i].is_empty()).collect();
    if written.len() < 2 {
        return false;
    }
    written.iter().all(|&i| {
        let c = &row[i];
        let label = is_header_word(c) || is_sub_label(c);
        // Under a header cell, or under a blank with a header cell to its left.
        let placed = header.get(i).is_some_and(|h| !h.is_empty())
            || header[..i.min(header.len())].iter().any(|h| !h.is_empty());
        label && placed
    })
}

/// A short label of a sub-column: "城市", "非低保", "补贴标准（按失能等级）", "中央".
pub fn is_sub_label(cell: &str) -> bool {
    let core = header_core(cell);
    let n = core.chars().count();
    (1..=MAX_SUB_LABEL).contains(&n)
        && !core
            .chars()
            .any(|c| c.is_ascii_digit() || "，。；、：:,;".contains(c))
}

/// The columns of a header whose rows are aligned column by column (formats with spans: a
/// parent's text then blanks over its other sub-columns). Row 0 is the top row. A blank takes
/// the label to its left in the same row when the rows below write something in its column and
/// the label to its left stands under the same parent; otherwise it is a cell merged from
/// above (or nothing) and adds no level.
pub fn leaves(rows: &[Vec<String>], is_header_word: impl Fn(&str) -> bool) -> Vec<Leaf> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let cell = |r: usize, c: usize| rows[r].get(c).map_or("", String::as_str);
    // ext[r][c]: the label spanning (r, c), with the column where it is written.
    let mut ext: Vec<Vec<Option<(usize, &str)>>> = vec![vec![None; width]; rows.len()];
    for r in 0..rows.len() {
        for c in 0..width {
            let own = cell(r, c);
            if !own.is_empty() {
                ext[r][c] = Some((c, own));
                continue;
            }
            let below_written = (r + 1..rows.len()).any(|d| !cell(d, c).is_empty());
            if c == 0 || !below_written {
                continue;
            }
            let same_parent = r == 0 || ext[r - 1][c] == ext[r - 1][c - 1];
            if same_parent {
                ext[r][c] = ext[r][c - 1];
            }
        }
    }
    (0..width)
        .map(|c| {
            let path: Vec<String> = (0..rows.len())
                .filter_map(|r| ext[r][c].map(|(_, t)| t.to_owned()))
                .collect();
            // A label spans several columns when another column shares it.
            let spans = |r: usize| {
                ext[r][c].is_some_and(|x| (0..width).any(|o| o != c && ext[r][o] == Some(x)))
            };
            let deepest_word = (0..rows.len())
                .rev()
                .find(|&r| ext[r][c].is_some_and(|(_, t)| is_header_word(t)));
            let label = deepest_word
                .and_then(|r| ext[r][c].map(|(_, t)| t.to_owned()))
                .or_else(|| path.first().cloned())
                .unwrap_or_default();
            // The scope: the deepest label below the role's word that is no header word, under
            // a parent spanning several columns.
            let scope = (0..rows.len())
                .rev()
                .take_while(|&r| Some(r) != deepest_word)
                .find_map(|r| {
                    let (_, t) = ext[r][c]?;
                    let parent_spans = (0..r).any(spans);
                    (!is_header_word(t) && parent_spans && !spans(r)).then(|| t.to_owned())
                });
            Leaf { label, scope, path }
        })
        .collect()
}

/// Whether header rows are aligned column by column, as formats with spans give them: every
/// label of a lower row (城市, 中央, 牵头单位) stands under a parent that spans two or more
/// columns (its text, then blanks), and the parent's first column has a label below it. Text copied from Word writes a merged parent as one field, so its sub-row is
/// longer than the row above and its labels stand under the wrong parents.
pub fn is_aligned(rows: &[Vec<String>]) -> bool {
    rows.windows(2).all(|pair| {
        let (upper, lower) = (&pair[0], &pair[1]);
        let blank = |row: &Vec<String>, c: usize| row.get(c).is_none_or(String::is_empty);
        lower.iter().enumerate().all(|(c, label)| {
            if label.is_empty() {
                return true;
            }
            // The parent: the nearest written cell of the upper row at or left of c.
            let Some(p) = (0..=c).rev().find(|&i| !blank(upper, i)) else {
                return false;
            };
            let width = 1
                + (p + 1..upper.len().max(lower.len()))
                    .take_while(|&i| blank(upper, i) && i < lower.len())
                    .count();
            // A parent over one column (责任单位 over 牵头部门 alone), as a table with spans
            // gives it: the label right under its parent in a sub-row no longer than the row
            // above (text copied from Word makes the sub-row longer).
            let own_column = p == c && width == 1 && lower.len() <= upper.len();
            own_column || (width >= 2 && c < p + width && !blank(lower, p))
        })
    })
}

/// The labels cut into one run per parent, left to right, where the cut fits the roles best:
/// a label naming its parent's role (补贴标准 under 服务标准, 主管部门 or 牵头 under 责任单位,
/// 分担比例 under 资金来源) counts for the cut, one naming another role against it; a label
/// naming no role counts a little against a run whose other labels name the parent's role (it
/// belongs to a parent whose labels name none), and a run that keeps or breaks a family counts
/// too. On a tie, a label naming no role stays with the labels on its left (服务频次 after
/// 补贴标准). `None` when no cut names a role under its parent.
fn runs_by_role<'a>(labels: &[&'a String], parents: &[&str]) -> Option<Vec<Vec<&'a String>>> {
    let (n, k) = (labels.len(), parents.len());
    if k == 0 || n < k || n > 16 || k > 8 {
        return None;
    }
    let fits = |label: Option<Role>, parent: Option<Role>| match (label, parent) {
        (Some(a), Some(b)) => Some(a == b || (a == Role::Partners && b == Role::Departments)),
        _ => None,
    };
    let score = |cuts: &[usize]| -> i32 {
        let mut total = 0;
        for (p, w) in cuts.windows(2).enumerate() {
            let run = &labels[w[0]..w[1]];
            let parent = sub_role(parents[p]);
            let named = run.iter().any(|l| fits(sub_role(l), parent) == Some(true));
            for (j, l) in run.iter().enumerate() {
                total += match fits(sub_role(l), parent) {
                    Some(true) => 2,
                    Some(false) => -2,
                    None if named => -1,
                    None => 0,
                };
                if j > 0 {
                    match (family(run[j - 1]), family(l)) {
                        (Some(a), Some(b)) if a == b => total += 1,
                        (Some(_), Some(_)) => total -= 1,
                        _ => {}
                    }
                }
            }
        }
        total
    };
    // Every cut of n labels into k non-empty runs: k - 1 cut points among n - 1 gaps, in
    // lexicographic order (a later cut leaves longer runs on the left).
    let mut best: Option<(i32, Vec<usize>)> = None;
    let mut cuts: Vec<usize> = (0..k).chain([n]).collect();
    loop {
        let s = score(&cuts);
        if best.as_ref().is_none_or(|(b, _)| s >= *b) {
            best = Some((s, cuts.clone()));
        }
        let mut i = k - 1;
        while i > 0 && cuts[i] == n - (k - i) {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        cuts[i] += 1;
        for j in i + 1..k {
            cuts[j] = cuts[j - 1] + 1;
        }
    }
    let (s, cuts) = best?;
    (s > 0).then(|| {
        cuts.windows(2)
            .map(|w| labels[w[0]..w[1]].to_vec())
            .collect()
    })
}

/// The role a header label names, counting the short sub-column labels of a parent's role:
/// 牵头 / 主办 (the lead), 配合 / 协办 (partners), a share (分担比例) of the funding.
fn sub_role(label: &str) -> Option<Role> {
    let core = header_core(label);
    super::header::role_of(label)
        .flatten()
        .or(match core.as_str() {
            "牵头" | "主办" | "主责" => Some(Role::Departments),
            "协办" | "协同" => Some(Role::Partners),
            c if c.contains("比例") || c.contains("分担") => Some(Role::Funding),
            _ => None,
        })
}

fn family(label: &str) -> Option<usize> {
    let core = header_core(label);
    crate::lexicon::sub_label_family(&core)
}

/// Aligns the rows of a header copied as text, where a cell merged over several columns is one
/// field and a cell merged from above is an empty field (`rows`, top first). Each lower row's
/// leading empty fields stand under the first fields of the row above; its other written
/// fields are shared out among the remaining fields above in runs, one run per parent: header
/// words (牵头单位 / 配合单位) go together, and so do labels of one family (城市 / 农村; 中央 / 省级
/// / 县级). Returns the rows as a grid with spans shown as blanks, as formats with spans give it,
/// or `None` when the fields cannot be shared out that way.
pub fn align_text_rows(
    rows: &[Vec<String>],
    is_header_word: impl Fn(&str) -> bool,
) -> Option<Vec<Vec<String>>> {
    let mut grid: Vec<Vec<String>> = vec![rows.first()?.clone()];
    for sub in &rows[1..] {
        let above = grid.last()?.clone();
        let lead = sub.iter().take_while(|c| c.is_empty()).count();
        let rest: Vec<&String> = sub[lead..].iter().filter(|c| !c.is_empty()).collect();
        if lead >= above.len() || rest.is_empty() {
            return None;
        }
        let mut runs: Vec<Vec<&String>> = Vec::new();
        for c in rest {
            let same = runs.last().is_some_and(|run: &Vec<&String>| {
                let prev = run[run.len() - 1];
                is_header_word(prev) == is_header_word(c)
                    && match (family(prev), family(c)) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    }
            });
            match runs.last_mut() {
                Some(run) if same => run.push(c),
                _ => runs.push(vec![c]),
            }
        }
        // The parents: the written fields above after the lead, left to right.
        let parents: Vec<usize> = (lead..above.len())
            .filter(|&i| !above[i].is_empty())
            .collect();
        // Fewer runs than parents is right where the parents left over are merged down (an
        // empty field under each); with no empty field, every parent has labels under it.
        let merged_down = sub[lead..].iter().any(String::is_empty);
        if runs.len() > parents.len() || (runs.len() < parents.len() && !merged_down) {
            // Labels that are no family and no word of their parent's role (服务频次 beside
            // 补贴标准 under 服务标准; 城乡低保老年人 … 分担比例 牵头 配合 under three parents):
            // share them out by the parents' roles instead, where that fits.
            let labels: Vec<&String> = runs.concat();
            let parent_labels: Vec<&str> = parents.iter().map(|&p| above[p].as_str()).collect();
            match runs_by_role(&labels, &parent_labels) {
                Some(by_role) => runs = by_role,
                None if runs.len() > parents.len() => return None,
                None => {}
            }
        }
        // How many columns each column above spans now.
        let mut widths = vec![1usize; above.len()];
        let mut new_row = vec![String::new(); above.len()];
        for (k, run) in runs.iter().enumerate() {
            widths[parents[k]] = run.len();
            new_row[parents[k]] = run[0].clone();
        }
        // Expand every row so far, and the new one.
        let expand = |row: &[String], subs: Option<&[Vec<&String>]>| -> Vec<String> {
            let mut out = Vec::new();
            for (i, w) in widths.iter().enumerate() {
                out.push(row.get(i).cloned().unwrap_or_default());
                for j in 1..*w {
                    let extra = subs
                        .and_then(|runs| {
                            let k = parents.iter().position(|&p| p == i)?;
                            runs.get(k).map(|run| run[j].clone())
                        })
                        .unwrap_or_default();
                    out.push(extra);
                }
            }
            out
        };
        for row in &mut grid {
            *row = expand(row, None);
        }
        grid.push(expand(&new_row, Some(&runs)));
    }
    Some(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> bool {
        [
            "序号",
            "服务项目",
            "服务对象",
            "服务内容",
            "服务标准",
            "责任单位",
            "牵头单位",
            "配合单位",
            "服务内容及标准",
            "补贴标准",
            "资金来源",
            "服务类别",
        ]
        .iter()
        .any(|w| header_core(t).contains(w))
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| (*s).to_owned()).collect()
    }

    fn flat(leaves: &[Leaf]) -> Vec<(String, Option<String>)> {
        leaves
            .iter()
            .map(|l| (l.label.clone(), l.scope.clone()))
            .collect()
    }

    #[test]
    fn two_rows_with_spans() {
        let top = row(&["序号", "服务项目", "服务标准", "", "责任单位", ""]);
        let sub = row(&["", "", "城市", "农村", "牵头单位", "配合单位"]);
        assert!(is_sub_header(&top, &sub, words));
        let l = leaves(&[top, sub], words);
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            flat(&l),
            [
                ("序号".into(), None),
                ("服务项目".into(), None),
                ("服务标准".into(), s("城市")),
                ("服务标准".into(), s("农村")),
                ("牵头单位".into(), None),
                ("配合单位".into(), None),
            ]
        );
        assert_eq!(l[3].path, ["服务标准", "农村"]);
    }

    #[test]
    fn aligned_or_copied_as_text() {
        let spans = [
            row(&["序号", "服务标准", "", "责任单位", ""]),
            row(&["", "城市", "农村", "牵头单位", "配合单位"]),
        ];
        assert!(is_aligned(&spans));
        let text = [
            row(&["序号", "服务标准", "责任单位"]),
            row(&["", "城市", "农村", "牵头单位", "配合单位"]),
        ];
        assert!(!is_aligned(&text));
        let text = [
            row(&["序号", "补贴标准", "牵头单位", "配合单位", "资金来源"]),
            row(&["", "低保", "非低保", "", "", ""]),
        ];
        assert!(!is_aligned(&text));
        // Header words copied as text: 配合单位 would stand under 服务对象.
        let text = [
            row(&["序号", "服务标准", "责任单位", "服务对象"]),
            row(&["", "", "牵头单位", "配合单位", ""]),
        ];
        assert!(!is_aligned(&text));
        // A parent over a single sub-column, as a PDF table gives it.
        let one = [
            row(&["序号", "服务项目", "服务内容及标准", "", "责任单位"]),
            row(&["", "", "服务内容", "服务标准", "牵头部门"]),
        ];
        assert!(is_aligned(&one));
        // A middle level over its parent's whole span.
        let three = [
            row(&["序号", "资金来源", "", ""]),
            row(&["", "分担比例", "", ""]),
            row(&["", "中央", "省级", "县级"]),
        ];
        assert!(is_aligned(&three));
    }

    #[test]
    fn three_rows() {
        let rows = [
            row(&[
                "序号",
                "服务内容及标准",
                "",
                "",
                "资金来源",
                "",
                "",
                "责任单位",
                "",
            ]),
            row(&[
                "",
                "补贴标准（按失能等级）",
                "",
                "",
                "分担比例",
                "",
                "",
                "牵头单位",
                "配合单位",
            ]),
            row(&["", "轻度", "中度", "重度", "中央", "省级", "县级", "", ""]),
        ];
        let l = leaves(&rows, words);
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            flat(&l),
            [
                ("序号".into(), None),
                ("补贴标准（按失能等级）".into(), s("轻度")),
                ("补贴标准（按失能等级）".into(), s("中度")),
                ("补贴标准（按失能等级）".into(), s("重度")),
                ("资金来源".into(), s("中央")),
                ("资金来源".into(), s("省级")),
                ("资金来源".into(), s("县级")),
                ("牵头单位".into(), None),
                ("配合单位".into(), None),
            ]
        );
    }

    #[test]
    fn not_sub_headers() {
        let top = row(&["序号", "服务项目", "服务标准", "", "责任单位"]);
        // A section row, a data row.
        assert!(!is_sub_header(
            &top,
            &row(&["一、物质帮助类", "", "", "", ""]),
            words
        ));
        assert!(!is_sub_header(
            &top,
            &row(&["1", "高龄津贴", "每人每月100元", "", "县民政局"]),
            words
        ));
    }

    #[test]
    fn text_rows_are_aligned_by_runs() {
        let top = row(&[
            "序号",
            "服务项目",
            "服务对象",
            "服务内容",
            "服务标准",
            "责任单位",
        ]);
        let sub = row(&["", "", "", "", "城市", "农村", "牵头单位", "配合单位"]);
        let g = align_text_rows(&[top, sub.clone()], words).unwrap();
        assert_eq!(
            g[0],
            row(&[
                "序号",
                "服务项目",
                "服务对象",
                "服务内容",
                "服务标准",
                "",
                "责任单位",
                ""
            ])
        );
        assert_eq!(g[1], sub);
        // A parent without sub-columns at the end takes none.
        let top = row(&[
            "序号",
            "服务项目",
            "补贴标准",
            "牵头单位",
            "配合单位",
            "资金来源",
        ]);
        let sub = row(&["", "", "低保", "非低保", "", "", ""]);
        let g = align_text_rows(&[top, sub], words).unwrap();
        assert_eq!(
            g[0],
            row(&[
                "序号",
                "服务项目",
                "补贴标准",
                "",
                "牵头单位",
                "配合单位",
                "资金来源"
            ])
        );
        assert_eq!(g[1], row(&["", "", "低保", "非低保", "", "", ""]));
        // Three rows: the bottom row's families share themselves out under the middle row.
        let g = align_text_rows(
            &[
                row(&["序号", "服务内容及标准", "资金来源", "责任单位"]),
                row(&[
                    "",
                    "补贴标准（按失能等级）",
                    "分担比例",
                    "牵头单位",
                    "配合单位",
                ]),
                row(&["", "轻度", "中度", "重度", "中央", "省级", "县级", "", ""]),
            ],
            words,
        )
        .unwrap();
        assert_eq!(
            g[0],
            row(&[
                "序号",
                "服务内容及标准",
                "",
                "",
                "资金来源",
                "",
                "",
                "责任单位",
                ""
            ])
        );
        assert_eq!(
            g[1],
            row(&[
                "",
                "补贴标准（按失能等级）",
                "",
                "",
                "分担比例",
                "",
                "",
                "牵头单位",
                "配合单位"
            ])
        );
        assert_eq!(
            g[2],
            row(&["", "轻度", "中度", "重度", "中央", "省级", "县级", "", ""])
        );
        // More runs than parents: not a sub-header this reader can place.
        assert!(
            align_text_rows(
                &[
                    row(&["序号", "服务标准"]),
                    row(&["", "城市", "牵头单位", "农村"])
                ],
                words
            )
            .is_none()
        );
    }
}
