//! Stage 4: grammar [`Item`]s → the service list's [`Row`]s, in this order:
//!
//! 1. `header`: find the list: the first header row whose cells name the list's columns
//!    (服务对象, 服务项目, 服务内容 …, mapped by name through the lexicon, never by position; a
//!    职责分工表 has no 对象 column and is passed over) and the 基本养老服务清单 title above it;
//!    `hierarchy` reads a header of two or three rows (a parent merged over its sub-columns) into
//!    leaf columns, each with its role and its sub-column label.
//! 2. `records`: cut the rows, one function per layout: in a table whose rows are lines a row
//!    is a line; in the line-broken layout a record is known by its cell count and its numeric
//!    序号 cell. Repeated headers and section rows are set apart.
//! 3. `repair`: number cells missing or run together with the name, cells shifted left,
//!    target cells holding other cells' text, extraction garbage; each repair is reported.
//! 4. `numbers`: numbers that could not be read are inferred from their neighbours.
//! 5. `carry`: carry-down (a blank target means the one above, a merged cell takes the text
//!    above), targets split over rows joined, centred merged cells given to the rows they span.
//! 6. `build`: a [`Row`] from each record, one at a time ([`Pending::rows`]).
//!
//! Cell text is normalized here (through `normalize`); quantities are left to later stages.

mod build;
mod carry;
mod header;
pub mod hierarchy;
mod numbers;
mod records;
mod repair;
pub mod title;

pub use crate::lexicon::{Role, header_words, section_heading};
pub use header::{Header, header_unit, unit_above};

use crate::diag::{Code, Diagnostics};
use crate::grammar::{Cell, Item};
use crate::layout::Layout;
use crate::normalize;
use crate::span::{Span, slice};
use carry::targets;
#[cfg(test)]
use header::{header_columns, strip_attachment_label};
use numbers::infer_numbers;
use records::{Cut, Record, cut_records};
use repair::{Skeleton, header_groups, skeletons};
use std::rc::Rc;

/// One numbered row of the list, normalized, after repairs and carry-down.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row's running position in the list, 1..N in reading order.
    pub seq: u32,
    /// The printed 序号 as written ("1", "（三）", "3-2"), or the number inferred for a row
    /// that has none.
    pub number: String,
    /// The value of the number within its section, as read or inferred (3 for "（三）", 2 for
    /// "3-2"): what the review checks the numbering with.
    pub value: u32,
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
    /// The money unit the 服务标准 column's header gives bare numbers in its cells
    /// ("补贴标准（元/人·月）", see [`header_unit`]), or a line above the table ("单位：元", see
    /// [`unit_above`]).
    pub header_unit: Option<HeaderUnit>,
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
        header_unit: header_unit(
            found
                .header
                .cells
                .iter()
                .chain(found.header.sub_rows.iter().flatten()),
        )
        .map(|unit| HeaderUnit { unit, above: false })
        .or_else(|| {
            unit_above(text, found.header.span.start).map(|unit| HeaderUnit { unit, above: true })
        }),
        columns,
        scopes,
        records,
        skeletons,
        seqs,
        targets,
    }
}

/// The money unit of a list's bare amounts, and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderUnit {
    /// "元", "元/人·月".
    pub unit: String,
    /// Given by a line above the table ("单位：元"), not by the 服务标准 header.
    pub above: bool,
}

fn unused(text: &str, span: Span, diags: &mut Diagnostics) {
    let t = normalize::text(slice(text, span));
    // A unit statement ("单位：元") is no lost text: the amounts take it (see `unit_above`).
    if t.is_empty() || header::unit_line(&t).is_some() {
        return;
    }
    diags.warn(
        Code::UnusedText,
        span,
        format!("text in the list that belongs to no cell: {}", clip(&t)),
    );
}

/// The first 30 user-visible characters of `t`, for messages.
pub(crate) fn clip(t: &str) -> String {
    crate::normalize::clip(t, 30)
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
        use super::numbers::number_key;
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

    /// Issue 19 item 3: a header printed again on a new page, broken inside 牵头落实部门, is
    /// no service (it became one with target 对象 and department 牵头落实部).
    #[test]
    fn damaged_repeated_header_is_no_service() {
        let header = "对象\t服务项目\t\t服务内容\t牵头落实部门\n";
        let t = format!(
            "{header}老年人\t1\t甲\t发放\t区民政局\n\n对象\t服务项目\t\t服务内容\t牵头落实部\n门\n\t2\t乙\t发放\t区民政局\n"
        );
        let (l, d) = list(&t);
        let rows = l.unwrap().rows;
        assert_eq!(
            rows.iter()
                .map(|r| (
                    r.seq,
                    r.target.clone(),
                    r.name.clone(),
                    r.departments.clone()
                ))
                .collect::<Vec<_>>(),
            vec![
                (
                    1,
                    Some("老年人".into()),
                    Some("甲".into()),
                    vec!["区民政局".to_owned()]
                ),
                (
                    2,
                    Some("老年人".into()),
                    Some("乙".into()),
                    vec!["区民政局".to_owned()]
                ),
            ],
            "{d:?}"
        );
        assert!(
            d.iter()
                .all(|(c, _)| matches!(c, Code::MissingTitle | Code::CarriedTarget)),
            "{d:?}"
        );
    }

    /// Issue 19 item 4: a blank 服务项目 takes the name above only where a merged cell
    /// explains it, and every carry is reported.
    #[test]
    fn blank_name_is_carried_only_where_a_merge_explains_it() {
        // A row of its own (its own target, no merge marked): not 高龄津贴.
        let t = format!(
            "{TSV_HEADER}80周岁及以上老年人\t1\t高龄津贴\t发放\t区民政局\n经济困难的失能老年人\t2\t\t每人每月100元护理补贴\t区民政局\n"
        );
        let (l, d) = list(&t);
        let rows = l.unwrap().rows;
        assert_eq!(rows[1].name, None);
        assert!(
            reported(&d, Code::MissingName, "高龄津贴 above is not carried down"),
            "{d:?}"
        );
        // The next age band of the target above: the name cell was merged over both rows.
        let t = format!(
            "{TSV_HEADER}80-89周岁老年人\t1\t高龄津贴\t每人每月100元\t区民政局\n90周岁及以上老年人\t2\t\t每人每月200元\t区民政局\n"
        );
        let (l, d) = list(&t);
        assert_eq!(l.unwrap().rows[1].name.as_deref(), Some("高龄津贴"));
        assert!(reported(&d, Code::CarriedName, "next age band"), "{d:?}");
        // A blank target too: the row continues the one above; both carries are reported.
        let t = format!("{TSV_HEADER}老年人\t1\t高龄津贴\t发放\t区民政局\n\t2\t\t发放\t区民政局\n");
        let (l, d) = list(&t);
        assert_eq!(l.unwrap().rows[1].name.as_deref(), Some("高龄津贴"));
        assert!(reported(&d, Code::CarriedName, "blank too"), "{d:?}");
        assert!(reported(&d, Code::CarriedTarget, "row 1 (老年人)"), "{d:?}");
        // A row cut to two cells mid-list: reported as such, not given the name above.
        let t = format!(
            "{TSV_HEADER}老年人\t1\t甲\t发放\t区民政局\n\t2\n老年人\t3\t丙\t发放\t区民政局\n"
        );
        let (l, d) = list(&t);
        let rows = l.unwrap().rows;
        assert_eq!(rows.len(), 3, "{d:?}");
        assert_eq!(rows[1].name, None);
        assert!(
            reported(&d, Code::MissingName, "cut short (2 of 5 cells)"),
            "{d:?}"
        );
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
            .map(|r| {
                (
                    r.number.parse::<u32>().unwrap_or(0),
                    r.target,
                    r.name,
                    r.departments,
                )
            })
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
        assert_eq!(
            d,
            [(
                Code::CarriedTarget,
                "服务对象 of row 1 (达到待遇享受年龄的老年人) carried down to the blank cell of row 2"
                    .to_owned()
            )]
        );
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
        assert!(
            d.iter()
                .all(|(c, _)| matches!(c, Code::MissingTitle | Code::CarriedTarget)),
            "{d:?}"
        );
        assert!(reported(&d, Code::CarriedTarget, "row 1 (老年人)"), "{d:?}");
    }

    /// A line-broken header of two rows: the parent 责任部门 over 牵头部门 / 配合部门, the second
    /// row written as tab-led lines, most of them empty, up to the blank line that ends it; a
    /// signature under the table is no part of the last cell.
    #[test]
    fn line_broken_two_row_header() {
        let t = "甲县基本养老服务清单\n\t序号\n\t服务项目\n\t服务内容\n\t责任部门\n\t服务对象\n\n\t\n\t\n\t\n\t牵头部门\n\t配合部门\n\t\n\n\t1\n\t高龄津贴\n\t按月发放\n\t县民政局\n\t县财政局\n\t80周岁及以上老年人\n\n\t2\n\t护理补贴\n\t按月发放\n\t县民政局\n\t县卫生健康委\n\t失能老年人\n\n 甲县民政局\n\n 2024年6月28日\n";
        let (l, d) = list(t);
        let got: Vec<_> = l
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.name, r.target, r.departments, r.partners))
            .collect();
        let s = |x: &str| Some(x.to_owned());
        let v = |x: &str| vec![x.to_owned()];
        assert_eq!(
            got,
            [
                (
                    s("高龄津贴"),
                    s("80周岁及以上老年人"),
                    v("县民政局"),
                    v("县财政局")
                ),
                (
                    s("护理补贴"),
                    s("失能老年人"),
                    v("县民政局"),
                    v("县卫生健康委")
                ),
            ]
        );
        assert!(d.is_empty(), "{d:?}");
    }

    /// A last row shorter than the header because cells are merged across columns, with a note
    /// under the table, is complete; the same row at the end of a file cut there is not.
    #[test]
    fn line_broken_short_last_row_before_a_note_is_not_truncated() {
        let head = "\t序号\n\t服务项目\n\t服务对象\n\t服务内容\n\t服务标准\n\t牵头部门\n\n\t1\n\t甲\n\t老年人\n\t发放\n\t每人每月100元\n\t区民政局\n\n\t2\n\t乙\n\t老年人\n\t按规定发放\n\t区民政局\n";
        let (l, d) = list(&format!("{head}\n 注：本清单由区民政局负责解释。\n"));
        assert_eq!(l.unwrap().rows.len(), 2);
        assert!(!d.iter().any(|(c, _)| *c == Code::Truncated), "{d:?}");
        let (l, d) = list(head.trim_end());
        assert_eq!(l.unwrap().rows.len(), 2);
        assert!(d.iter().any(|(c, _)| *c == Code::Truncated), "{d:?}");
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
        assert_eq!(
            d,
            [(
                Code::CarriedTarget,
                "服务对象 of row 1 (老年人) carried down to the blank cell of row 2".to_owned()
            )]
        );
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
        assert!(
            reported(&d, Code::UnusedText, "说明：以下项目按年度调整"),
            "{d:?}"
        );
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
