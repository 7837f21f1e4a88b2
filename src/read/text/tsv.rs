//! The tab-separated grammar: a line with a tab is a row; its cells are split on tabs.
//!
//! ```text
//! row       = cell ( TAB cell )+      ; a line holding at least one tab
//! cell      = ( any char but TAB, LF )*
//! text-line = non-blank line without a tab
//! ```

use super::{Cell, Item, is_furniture, lines};
use crate::span::Span;
use nom::{
    IResult, Offset, Parser, bytes::complete::take_till, character::complete::char,
    multi::separated_list1,
};

/// The cells of one line, as slices of it.
fn row_cells(line: &str) -> IResult<&str, Vec<&str>> {
    separated_list1(char('\t'), take_till(|c| c == '\t')).parse(line)
}

pub(super) fn parse(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    for (span, line) in lines(text) {
        if line.contains('\t') {
            let cells = match row_cells(line) {
                Ok((_, cells)) => cells
                    .into_iter()
                    .map(|c| {
                        let start = span.start + line.offset(c);
                        Cell {
                            parts: smallvec::smallvec![Span::new(start, start + c.len())],
                            merged: false,
                        }
                    })
                    .collect(),
                Err(_) => Vec::new(),
            };
            items.push(Item::Row { cells, line: span });
        } else if is_furniture(line) {
            items.push(Item::Furniture(span));
        } else if !line.trim().is_empty() {
            items.push(Item::Text(span));
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<String>> {
        parse(text)
            .into_iter()
            .filter_map(|i| match i {
                Item::Row { cells, .. } => {
                    Some(cells.iter().map(|c| c.raw(text).into_owned()).collect())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn row_per_line() {
        assert_eq!(cells("a\tb\n\tc\t\n"), [vec!["a", "b"], vec!["", "c", ""]]);
    }

    #[test]
    fn text_and_furniture_lines() {
        let items = parse("标题\n\n- 2 -\na\tb");
        assert!(matches!(items[0], Item::Text(_)));
        assert!(matches!(items[1], Item::Furniture(_)));
        assert!(matches!(items[2], Item::Row { .. }));
        assert_eq!(items.len(), 3);
    }
}
