//! `parse --debug`: one stage of the pipeline printed with its lines. It is built from the
//! taps the one pipeline calls ([`crate::Tap`]): the items the list was found in, each row as the
//! list stage hands it on, each service's quantities as they go into the document. There is no
//! second parse to disagree with the first.

use crate::grammar::Item;
use crate::list::Row;
use crate::model::Service;
use crate::span::{LineIndex, Span};
use crate::{Error, Layout, Tap};
use std::fmt::Write as _;

/// A stage `parse --debug` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The layout and the grammar's items (rows, cells, text, page furniture).
    Items,
    /// The list's rows after repairs and carry-down, then the diagnostics.
    Rows,
    /// Each row with the quantities of its service.
    Quantities,
}

/// What the taps saw, printed as they come.
struct Printer {
    stage: Stage,
    index: Option<LineIndex>,
    layout: Option<Layout>,
    out: String,
}

impl Printer {
    /// `L12` or `L12-14`: the lines of a span of the view's text.
    fn lines(&mut self, text: &str, span: Span) -> String {
        let index = self.index.get_or_insert_with(|| LineIndex::new(text));
        let [a, b] = index.lines(span);
        if a == b {
            format!("L{a}")
        } else {
            format!("L{a}-{b}")
        }
    }
}

impl Tap for Printer {
    fn wants_items(&self) -> bool {
        self.stage == Stage::Items
    }

    fn items(&mut self, text: &str, layout: Option<Layout>, items: &[Item]) {
        self.layout = layout;
        for item in items {
            let (span, kind, shown) = match item {
                Item::Row { cells, line } => (
                    *line,
                    "row ",
                    cells
                        .iter()
                        .map(|c| crate::normalize::text(&c.raw(text)))
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
                Item::Cell(c) => (c.span(), "cell", crate::normalize::text(&c.raw(text))),
                Item::Text(s) => (
                    *s,
                    "text",
                    crate::normalize::text(crate::span::slice(text, *s)),
                ),
                Item::Furniture(s) => (*s, "page", crate::span::slice(text, *s).trim().to_owned()),
            };
            let at = self.lines(text, span);
            let _ = writeln!(self.out, "{at:<9} {kind} {shown}");
        }
    }

    fn row(&mut self, text: &str, r: &Row) {
        if self.stage == Stage::Items {
            return;
        }
        let at = self.lines(text, r.span);
        let _ = writeln!(
            self.out,
            "{at:<9} #{} {} | {} | {} | {}",
            r.seq,
            r.target.as_deref().unwrap_or("∅"),
            r.name.as_deref().unwrap_or("∅"),
            r.types.join("、"),
            r.departments.join("、")
        );
    }

    fn service(&mut self, s: &Service) {
        if self.stage != Stage::Quantities {
            return;
        }
        for q in &s.quantities {
            let _ = writeln!(
                self.out,
                "          {}",
                serde_json::to_string(q).unwrap_or_default()
            );
        }
    }
}

/// The text `parse --debug STAGE` prints for `bytes` read as `file`.
///
/// # Errors
/// As [`crate::parse_bytes`]; for [`Stage::Items`], a file whose list is not found still
/// prints its items.
pub fn render(file: &str, bytes: &[u8], stage: Stage) -> Result<String, Error> {
    let input = crate::read_input(file, bytes)?;
    let (format, encoding) = (input.format, input.encoding.clone());
    let mut tap = Printer {
        stage,
        index: None,
        layout: None,
        out: String::new(),
    };
    let parsed = crate::parse_input(file, input, crate::Identity::of(bytes), &mut tap);
    let head = |layout: Option<Layout>| {
        let layout = layout.map_or("none", Layout::as_str);
        format!("# {file} {} {encoding} {layout}\n", format.as_str())
    };
    let doc = match parsed {
        Ok(doc) => doc,
        Err(_) if stage == Stage::Items => return Ok(head(tap.layout) + &tap.out),
        Err(e) => return Err(e),
    };
    let mut out = head(Some(doc.source.layout));
    if stage != Stage::Items {
        let _ = writeln!(out, "# title {:?}", doc.document.list_title);
    }
    out.push_str(&tap.out);
    if stage != Stage::Items {
        for d in &doc.diagnostics {
            let _ = writeln!(
                out,
                "{:<9} {}[{}] {}",
                format!("L{}", d.line),
                format!("{:?}", d.severity).to_lowercase(),
                d.code,
                d.message
            );
        }
    }
    Ok(out)
}
