//! The line-broken grammar: every cell starts on a line that begins with a tab; lines that do
//! not begin with a tab, blank ones included, continue the open cell.
//!
//! ```text
//! cell              = cell-line continuation-line*
//! cell-line         = TAB text            ; further tabs on the line start further cells
//! continuation-line = line not starting with TAB, not page furniture, not an end marker
//! ```
//!
//! Before the first cell line, and after an end marker (抄送, 印发, 附件, 注：…), lines are text.
//! Trailing blank lines of a cell are not part of it.

use super::{Cell, Item, is_furniture, lines};
use crate::span::Span;
use nom::{
    IResult, Offset, Parser, bytes::complete::take_till, character::complete::char, multi::many1,
    sequence::preceded,
};

/// The cells that start on a tab-led line: each tab opens one.
fn cell_line(line: &str) -> IResult<&str, Vec<&str>> {
    many1(preceded(char('\t'), take_till(|c| c == '\t'))).parse(line)
}

/// Lines that end a table and are never part of a cell.
/// A line like "1/3" inside an open cell, between a line that ends mid-list ("…的1/6、")
/// and one that goes on ("、1/2确定"), is a fraction the cell wrapped, not a page number.
/// `span` is the line's in `text`; its neighbours are looked up only for such lines.
fn fraction_in_text(text: &str, line: &str, span: Span, open: bool) -> bool {
    if !open || !line.contains(['/', '／']) {
        return false;
    }
    let before = text.get(..span.start).unwrap_or("");
    let prev = before
        .rsplit('\n')
        .skip(1)
        .map(str::trim)
        .find(|l| !l.is_empty());
    let after = text.get(span.end..).unwrap_or("");
    let next = after
        .split('\n')
        .skip(1)
        .map(str::trim)
        .find(|l| !l.is_empty());
    prev.is_some_and(|p| p.ends_with(['、', '，', ',', '的', '和', '及', '或']))
        || next.is_some_and(|n| n.starts_with(['、', '，', ',', '。', '；', '）', ')']))
}

pub(crate) fn is_end_marker(line: &str) -> bool {
    // Cheap test first: markers start with one of these, or end with 印发.
    let first = line
        .trim_start_matches(crate::normalize::is_space)
        .chars()
        .next();
    if !first.is_some_and(|c| "抄主附（(注备说".contains(c))
        && !line
            .trim_end_matches(crate::normalize::is_space)
            .ends_with("印发")
    {
        return false;
    }
    let t: String = line
        .chars()
        .filter(|c| !crate::normalize::is_space(*c))
        .collect();
    [
        "抄送",
        "主送",
        "附件",
        "（此件",
        "(此件",
        "注：",
        "注:",
        "备注：",
        "说明：",
    ]
    .iter()
    .any(|m| t.starts_with(m))
        || (t.ends_with("印发") && t.chars().count() <= 40)
}

/// A line that holds only a date ("2024年6月28日", "二〇二四年六月二十八日"), as a signature
/// block under a table ends.
fn is_date_line(line: &str) -> bool {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日$",
        )
        .expect("a valid pattern")
    });
    let t: String = line
        .chars()
        .filter(|c| !crate::normalize::is_space(*c))
        .collect();
    t.chars().count() <= 16 && DATE.is_match(&t)
}

/// Where the last cell line of `text` starts (0 when there is none): the lines after it are
/// the file's tail, where a paragraph after a blank line may be prose under the table.
fn last_cell_line(text: &str) -> usize {
    lines(text)
        .filter(|(_, l)| l.trim_start_matches(super::INDENT).starts_with('\t'))
        .last()
        .map_or(0, |(sp, _)| sp.start)
}

/// Whether `line`, a paragraph after a blank line and past the last cell line, is prose under
/// the table rather than the last cell wrapped: a paragraph written indented, as the text
/// around the table is (a cell's own lines go on at the line's start: "县人力资源⏎⏎社会保障局"),
/// or a date alone (the end of a signature block).
fn prose_after_table(line: &str) -> bool {
    line.starts_with(super::INDENT) || is_date_line(line)
}

pub(super) fn parse(text: &str) -> Vec<Item> {
    // At most an item per tab and per line: reserved once (pages never written cost nothing),
    // so a long list is not copied over and over as the vector grows.
    let most = text.bytes().filter(|b| matches!(b, b'\t' | b'\n')).count() + 1;
    let mut items = Vec::with_capacity(most);
    // The open cell, with pending blank lines that belong to it only if more text follows.
    let mut open: Option<Cell> = None;
    let mut blanks: Vec<Span> = Vec::new();
    let close = |open: &mut Option<Cell>, items: &mut Vec<Item>| {
        if let Some(c) = open.take() {
            items.push(Item::Cell(c));
        }
    };
    let tail = last_cell_line(text);
    for (span, full) in lines(text) {
        // Past the last cell line, a paragraph after a blank line that reads as prose under
        // the table closes the last cell: it and the rest of the file are text.
        if span.start > tail
            && open.is_some()
            && !blanks.is_empty()
            && !full.trim().is_empty()
            && prose_after_table(full)
        {
            close(&mut open, &mut items);
            blanks.clear();
        }
        // Indentation or a form feed before the tab does not hide a cell line.
        let line = full.trim_start_matches(super::INDENT);
        let span = Span::new(span.start + (full.len() - line.len()), span.end);
        if line.starts_with('\t') {
            close(&mut open, &mut items);
            blanks.clear();
            let parts = cell_line(line).map(|(_, c)| c).unwrap_or_default();
            let n = parts.len();
            for (i, c) in parts.into_iter().enumerate() {
                let start = span.start + line.offset(c);
                let cell = Cell {
                    parts: smallvec::smallvec![Span::new(start, start + c.len())],
                    merged: false,
                };
                if i + 1 == n {
                    open = Some(cell);
                } else {
                    items.push(Item::Cell(cell));
                }
            }
        } else if is_furniture(line) && !fraction_in_text(text, full, span, open.is_some()) {
            items.push(Item::Furniture(span));
        } else if line.trim().is_empty() {
            if open.is_some() {
                blanks.push(span);
            }
        } else if open.is_some() && !is_end_marker(line) {
            if let Some(cell) = open.as_mut() {
                cell.parts.extend(blanks.drain(..));
                cell.parts.push(span);
            }
        } else {
            close(&mut open, &mut items);
            blanks.clear();
            items.push(Item::Text(span));
        }
    }
    close(&mut open, &mut items);
    // Cells are pushed when they close: put every item back in source order (no two items
    // start at the same byte, so an unstable sort gives the one order, without a buffer).
    if !items.is_sorted_by_key(super::start_of) {
        items.sort_unstable_by_key(super::start_of);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<String> {
        parse(text)
            .into_iter()
            .map(|i| match i {
                Item::Cell(c) => c.raw(text).into_owned(),
                Item::Text(s) => format!("TEXT {}", &text[s.start..s.end]),
                Item::Furniture(_) => "FURNITURE".into(),
                Item::Row { .. } => "ROW".into(),
            })
            .collect()
    }

    #[test]
    fn cell_per_tab_line() {
        assert_eq!(cells("\ta\n\tb\n"), ["a", "b"]);
    }

    #[test]
    fn continuation_over_blank_lines() {
        assert_eq!(
            cells("\t县人力资源\n\n社会保障局\n\n\t1"),
            ["县人力资源\n\n社会保障局", "1"]
        );
    }

    #[test]
    fn trailing_blanks_are_not_kept() {
        assert_eq!(cells("\t区民政局\n\n\n"), ["区民政局"]);
    }

    #[test]
    fn fraction_wrapped_in_a_cell_is_not_a_page_number() {
        // "1/3" alone on a line reads like a page number; between a line that ends mid-list
        // and one that goes on, it is the cell's text.
        assert_eq!(
            cells("\t按低保标准的1/6、\n1/3\n、1/2确定\n\t2\n"),
            ["按低保标准的1/6、\n1/3\n、1/2确定", "2"]
        );
        assert_eq!(
            cells("\t按标准发放。\n1/3\n\t2\n"),
            ["按标准发放。", "FURNITURE", "2"]
        );
    }

    #[test]
    fn empty_cell() {
        assert_eq!(cells("\t\n\t2\n"), ["", "2"]);
    }

    #[test]
    fn text_before_first_cell() {
        assert_eq!(cells("标题\n\n\t对象"), ["TEXT 标题", "对象"]);
    }

    #[test]
    fn end_marker_closes_the_cell() {
        assert_eq!(
            cells("\t区民政局\n\n抄送：区委\n区法院"),
            ["区民政局", "TEXT 抄送：区委", "TEXT 区法院"]
        );
    }

    #[test]
    fn signature_under_the_table_is_text() {
        assert_eq!(
            cells("\t团县委\n\t低龄老年人\n\n 金寨县民政局\n\n 2024年6月28日\n"),
            [
                "团县委",
                "低龄老年人",
                "TEXT 金寨县民政局",
                "TEXT 2024年6月28日"
            ]
        );
        // A date alone, not indented.
        assert_eq!(
            cells("\t区民政局\n\n2024年6月28日\n"),
            ["区民政局", "TEXT 2024年6月28日"]
        );
        // Not indented and no date: the last cell wrapped over a blank line.
        assert_eq!(
            cells("\t县人力资源\n\n社会保障局\n"),
            ["县人力资源\n\n社会保障局"]
        );
        // Indented lines before the last cell line are the cells' own.
        assert_eq!(cells("\t甲\n\n 乙\n\t丙"), ["甲\n\n乙", "丙"]);
    }

    #[test]
    fn page_number_is_furniture() {
        assert_eq!(cells("\t物质\n- 3 -\n帮助"), ["物质\n帮助", "FURNITURE"]);
    }

    #[test]
    fn indented_cell_line() {
        assert_eq!(
            cells("\u{3000}\u{3000}\t区民政局\n\u{000C}\t1"),
            ["区民政局", "1"]
        );
    }

    #[test]
    fn several_tabs_on_one_line() {
        assert_eq!(cells("\ta\tb\n续"), ["a", "b\n续"]);
    }
}
