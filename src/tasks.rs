//! Tasks: the numbered measures of a work plan and the rows of a 职责分工表.
//!
//! - A **measure** starts on a line "N.标题。……" under its section headings (一、 / （一）) and runs
//!   over following lines, blank lines and page breaks included, until the next measure, heading
//!   or table. Its 责任单位 are in parentheses at its end ("（责任单位：A、B按职责分工负责）") or
//!   on a line of their own after it.
//! - A **responsibility row** is a line of a tab-separated table whose header names 项目 and
//!   牵头单位 / 责任单位 (and no 服务对象): section rows ("一、…") set the section; numbered rows
//!   ("9、加强…", or the number in a cell of its own) are tasks.
//!
//! The service list itself is never searched.

use crate::diag::{Code, Diagnostics};
use crate::normalize;
use crate::span::Span;
use regex::Regex;
use std::sync::LazyLock;

/// One task as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its number.
    pub seq: u32,
    /// The section heading it stands under.
    pub section: Option<String>,
    /// The heading before the first 。, or the 项目 text without its number.
    pub title: String,
    /// The whole text (normalized).
    pub text: String,
    /// 牵头单位.
    pub lead: Vec<String>,
    /// 责任单位.
    pub units: Vec<String>,
    /// From its first to its last byte.
    pub span: Span,
}

/// "12.标题。……" → (12, "标题。……"): one or two digits, a point or 、, then no digit.
fn measure_start(line: &str) -> Option<(u32, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let rest = ['.', '．', '、']
        .iter()
        .find_map(|p| line[digits..].strip_prefix(*p))?;
    let next = rest.chars().next()?;
    if next.is_ascii_digit() || next == '.' || next == '．' {
        return None;
    }
    Some((line[..digits].parse().ok()?, rest))
}
static SECTION_1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]{1,3}、").expect("section pattern"));
static SECTION_2: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(][一二三四五六七八九十]{1,3}[）)]").expect("section pattern")
});
static NUMBERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<n>\d{1,3})[、.．,，]?(?P<rest>.*)$").expect("item pattern"));

/// A heading's text up to its first 。.
fn heading(line: &str) -> String {
    line.split('。').next().unwrap_or(line).to_owned()
}

/// Reads every task of `text`; `list` is the span of the service list, which is skipped.
/// `lines` are the normalized non-blank lines of `text` ([`crate::document::lines`]).
pub fn read(
    text: &str,
    lines: &[(Span, String)],
    list: Span,
    diags: &mut Diagnostics,
) -> Vec<Found> {
    let mut out = measures(text, lines, list);
    out.extend(table_rows(text, list, diags));
    out.sort_by_key(|t| t.span.start);
    out
}

/// A measure being collected.
struct Open {
    seq: u32,
    section: Option<String>,
    body: String,
    span: Span,
    closed: bool,
}

fn measures(text: &str, lines: &[(Span, String)], list: Span) -> Vec<Found> {
    let mut found: Vec<Open> = Vec::new();
    let mut section_1: Option<String> = None;
    let mut section_2: Option<String> = None;
    let mut open: Option<Open> = None;
    for (span, norm) in lines {
        let span = *span;
        let raw = crate::span::slice(text, span);
        let inside_list = span.start < list.end && span.end > list.start;
        // A line of a table has a tab between cells; a paragraph that a spreadsheet or CSV
        // keeps in its first column has only trailing tabs.
        let table_line = raw.trim_end_matches(['\t', ' ']).contains('\t');
        if inside_list || table_line || crate::grammar::is_end_marker(raw) {
            found.extend(open.take());
            continue;
        }
        let line = norm.trim_start_matches(['-', '•', '*', '·']);
        if line.is_empty() || crate::grammar::is_furniture(raw) {
            continue;
        }
        if SECTION_1.is_match(line) {
            found.extend(open.take());
            section_1 = Some(heading(line));
            section_2 = None;
        } else if SECTION_2.is_match(line) {
            found.extend(open.take());
            section_2 = Some(heading(line));
        } else if let Some((seq, rest)) = measure_start(line) {
            found.extend(open.take());
            open = Some(Open {
                seq,
                section: section_2.clone().or_else(|| section_1.clone()),
                body: rest.to_owned(),
                span,
                closed: false,
            });
        } else if let Some(o) = open.as_mut() {
            let units_line = line.starts_with("责任单位") || line.starts_with("牵头单位");
            if o.closed && !units_line {
                found.extend(open.take());
                continue;
            }
            o.body.push_str(line);
            o.span = o.span.cover(span);
            if units_line {
                o.closed = true;
            }
        }
    }
    found.extend(open.take());
    // A work plan numbers its measures from 1; other numbered lines are not measures.
    if found.len() < 2 || found[0].seq != 1 {
        return Vec::new();
    }
    found
        .into_iter()
        .map(|o| {
            let title = title_of(&o.body);
            Found {
                seq: o.seq,
                section: o.section,
                title,
                lead: units_after(&o.body, "牵头单位"),
                units: units_after(&o.body, "责任单位"),
                text: o.body,
                span: o.span,
            }
        })
        .collect()
}

/// The heading of a measure: before the first 。 (or before its 责任单位 note).
fn title_of(body: &str) -> String {
    let end = [
        body.find('。'),
        body.find("（责任单位"),
        body.find("(责任单位"),
        body.find("责任单位"),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(body.len());
    body[..end]
        .trim_end_matches(['，', ',', '；', ';', '：', ':'])
        .to_owned()
}

/// The organisations named after `label` ("责任单位："), up to the end of the bracket it opens
/// in, or to the end of the text.
fn units_after(body: &str, label: &str) -> Vec<String> {
    let Some(i) = body.rfind(label) else {
        return Vec::new();
    };
    let in_bracket = body[..i].ends_with(['（', '(']);
    let rest = body[i + label.len()..].trim_start_matches(['：', ':']);
    let mut end = rest.len();
    if in_bracket {
        let mut depth = 0i32;
        for (j, c) in rest.char_indices() {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' if depth == 0 => {
                    end = j;
                    break;
                }
                '）' | ')' => depth -= 1,
                _ => {}
            }
        }
    } else if let Some(j) = rest.find(['。', '；', ';']) {
        end = j;
    }
    normalize::departments(&rest[..end])
}

/// Column roles of a 职责分工表.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Number,
    Item,
    Policy,
    Lead,
    Units,
    Other,
}

fn table_header(cells: &[String]) -> Option<Vec<Col>> {
    if cells.iter().any(|c| c.contains("对象")) {
        return None;
    }
    let has_item = cells
        .iter()
        .any(|c| c == "项目" || c.ends_with("项目") && c.chars().count() <= 6);
    let has_units = cells
        .iter()
        .any(|c| c.contains("牵头单位") || c.contains("责任单位"));
    if !(has_item && has_units) {
        return None;
    }
    let mut seen_item = false;
    let cols = cells
        .iter()
        .map(|c| {
            if c.contains("项目") {
                seen_item = true;
                Col::Item
            } else if c.contains("牵头") {
                Col::Lead
            } else if c.contains("责任") || c.contains("配合") {
                Col::Units
            } else if c.contains("政策")
                || c.contains("措施")
                || c.contains("任务")
                || c.contains("内容")
            {
                Col::Policy
            } else if c.is_empty() && !seen_item {
                Col::Number
            } else {
                Col::Other
            }
        })
        .collect();
    Some(cols)
}

fn table_rows(text: &str, list: Span, diags: &mut Diagnostics) -> Vec<Found> {
    let mut out = Vec::new();
    let mut cols: Option<Vec<Col>> = None;
    let mut section: Option<String> = None;
    for (span, raw) in crate::grammar::lines(text) {
        let inside_list = span.start < list.end && span.end > list.start;
        if inside_list || !raw.contains('\t') {
            if !raw.trim().is_empty() && !crate::grammar::is_furniture(raw) {
                cols = None;
            }
            continue;
        }
        let cells: Vec<String> = raw.split('\t').map(normalize::text).collect();
        if let Some(h) = table_header(&cells) {
            cols = Some(h);
            continue;
        }
        let Some(cs) = cols.as_ref() else { continue };
        let get = |want: Col| -> String {
            cs.iter()
                .zip(&cells)
                .filter(|(c, _)| **c == want)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .concat()
        };
        let raw_of = |want: Col| -> String {
            cs.iter()
                .zip(raw.split('\t'))
                .filter(|(c, _)| **c == want)
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let non_empty: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        let Some(first) = non_empty.first() else {
            continue;
        };
        if SECTION_1.is_match(first) {
            section = Some(section_text(&non_empty));
            continue;
        }
        let number_cell = get(Col::Number);
        let item = get(Col::Item);
        let (seq, title) = if let Some(n) = seq_of(&number_cell) {
            (Some(n), item)
        } else if let Some(c) = NUMBERED_ITEM.captures(&item) {
            (c["n"].parse().ok(), c["rest"].to_owned())
        } else {
            (None, item)
        };
        let Some(seq) = seq.filter(|_| !title.is_empty()) else {
            diags.warn(
                Code::UnusedText,
                span,
                format!(
                    "职责分工表 row without a number: {}",
                    crate::list::clip(&non_empty.iter().map(|s| s.as_str()).collect::<String>())
                ),
            );
            continue;
        };
        let policy = get(Col::Policy);
        out.push(Found {
            seq,
            section: section.clone(),
            text: if policy.is_empty() {
                title.clone()
            } else {
                policy
            },
            title,
            lead: normalize::departments(&raw_of(Col::Lead)),
            units: normalize::departments(&raw_of(Col::Units)),
            span,
        });
    }
    out
}

fn seq_of(cell: &str) -> Option<u32> {
    let t = cell.trim_end_matches(['.', '．', '、', ',', '，']);
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// A section row's text: its cells joined, a cell that repeats the one before left out
/// ("一、强化需求导向,建立" + "一、强化需求导向,建立健全…"), joining marks trimmed.
fn section_text(cells: &[&String]) -> String {
    let mut out = String::new();
    for c in cells {
        let c = c.trim_start_matches(['-', '、', '，', ',']);
        if c.starts_with(out.as_str()) && !out.is_empty() {
            out = c.to_owned();
        } else if !out.contains(c) {
            out.push_str(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// seq, section, title, lead, units.
    type Row = (u32, Option<String>, String, Vec<String>, Vec<String>);

    fn tasks(text: &str) -> Vec<Row> {
        let mut d = Diagnostics::new();
        let list = Span::new(text.len(), text.len());
        read(text, &crate::document::lines(text, list), list, &mut d)
            .into_iter()
            .map(|t| (t.seq, t.section, t.title, t.lead, t.units))
            .collect()
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn measures_with_units_in_brackets_over_a_page_break() {
        let t = "二、工作举措\n\n(一) 落实完善清单\n\n1.制定发布区级清单。正文。（责任单位：区人社局、区法院按职责分工负责）\n\n2.完善制度。正文（责任单位：区民政局、区财政局按\n\n职责分工负责)\n\n（二）建立机制\n\n3.建立识别机制。正文\n\n续行。（责任单位：区民政局按职责分工负责）\n";
        assert_eq!(
            tasks(t),
            [
                (
                    1,
                    Some("(一)落实完善清单".into()),
                    "制定发布区级清单".into(),
                    vec![],
                    s(&["区人社局", "区法院"])
                ),
                (
                    2,
                    Some("(一)落实完善清单".into()),
                    "完善制度".into(),
                    vec![],
                    s(&["区民政局", "区财政局"])
                ),
                (
                    3,
                    Some("（二）建立机制".into()),
                    "建立识别机制".into(),
                    vec![],
                    s(&["区民政局"])
                ),
            ]
        );
    }

    #[test]
    fn units_on_their_own_line() {
        let t = "（一）完善清单\n1.明确对象。正文。\n\n责任单位：县领导小组成员单位，各乡镇人民政府（街道办事处）\n2.制定清单。正文。\n\n责任单位：县民政局、县卫生健康委\n";
        let got = tasks(t);
        assert_eq!(
            got[0].4,
            s(&["县领导小组成员单位", "各乡镇人民政府（街道办事处）"])
        );
        assert_eq!(got[1].2, "制定清单");
        assert_eq!(got[1].4, s(&["县民政局", "县卫生健康委"]));
    }

    #[test]
    fn numbered_lines_not_from_one_are_no_measures() {
        assert!(tasks("正文\n3.某事项。\n").is_empty());
    }

    #[test]
    fn responsibility_table() {
        let t = "项目\t细化政策\t牵头单位\t责任单位\n一、强化需求导向,建立\t一、强化需求导向,建立健全基本养老服务制度\t\t\n1、健全清单制度\t发布清单。\t区民政局\t\t\n2、健全特困供养 制度\t\t区民政局\t区财政局\n二、优化发展布局,完善\t基本养老服务设施\t\t\n\t项目\t细化政策\t牵头单位\t责任单位\n21、\t健全风险防范机制\t\t区委政法委 区民政局 区地方金融 监管局\t\n";
        assert_eq!(
            tasks(t),
            [
                (
                    1,
                    Some("一、强化需求导向,建立健全基本养老服务制度".into()),
                    "健全清单制度".into(),
                    s(&["区民政局"]),
                    vec![]
                ),
                (
                    2,
                    Some("一、强化需求导向,建立健全基本养老服务制度".into()),
                    "健全特困供养制度".into(),
                    s(&["区民政局"]),
                    s(&["区财政局"])
                ),
                (
                    21,
                    Some("二、优化发展布局,完善基本养老服务设施".into()),
                    "健全风险防范机制".into(),
                    s(&["区委政法委", "区民政局", "区地方金融监管局"]),
                    vec![]
                ),
            ]
        );
    }
}
