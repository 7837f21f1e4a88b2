//! Stage 4: grammar [`Item`]s → the service list's [`Row`]s, in this order:
//!
//! 1. `header`: find the list: the first header row whose cells name the list's columns
//!    (服务对象, 服务项目, 服务内容 …, mapped by name through the lexicon, never by position; a
//!    职责分工表 has no 对象 column and is passed over) and the 基本养老服务清单 title above it.
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
mod numbers;
mod records;
mod repair;

pub use header::{Header, Role, header_words};
pub use records::section_heading;

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
use repair::{Skeleton, skeletons};

/// One numbered row of the list, normalized, after repairs and carry-down.
#[derive(Debug, Clone)]
pub struct Row {
    /// 序号, as written or inferred.
    pub seq: u32,
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
    /// The raw cells of content, standard and funding, in that order, for locating quantities.
    pub cells: Vec<(Role, Cell)>,
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
    columns: Vec<Role>,
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
    let columns = found.header.columns;
    let (skeletons, mut numbered) = skeletons(text, &columns, &mut records, diags);
    let seqs = infer_numbers(&skeletons, diags);
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
        records,
        skeletons,
        seqs,
        targets,
    }
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
            .map(|r| (r.seq, r.target, r.name))
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
            .map(|r| (r.seq, r.target, r.name, r.departments))
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
                    r.seq,
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
            .map(|r| (r.seq, r.target, r.name))
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
            .map(|r| (r.seq, r.name, r.departments))
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
            "XX区基本养老服务清单\n（2024年版）\n{TSV_HEADER}老年人\t1\t甲\t发放\t区民政局\n"
        );
        let (_, d) = list(&t);
        assert!(reported(&d, Code::UnusedText, "2024年版"), "{d:?}");
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
