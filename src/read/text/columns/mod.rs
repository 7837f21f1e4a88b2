//! Text that a PDF extractor made of a table.
//!
//! * **Space-aligned columns** (`pdftotext -layout`): every physical line holds the fragments of
//!   the cells it crosses, placed at their horizontal positions, and a cell wraps over several
//!   lines. The header (a line of header words, or a header split over up to three lines such as
//!   `序   服务类` / `号    别`) names the columns; the column bounds are the positions where the
//!   body's fragments start most often between the header cells; a row is anchored at the line of
//!   its 序号 (vertically centred in the row), and the lines between two numbers are split where
//!   every cell of both rows is best centred, or where every cell starts on its row's first line
//!   when that fits better (cells written from the top). Text centred among several rows whose
//!   own cells in that column are empty is a merged cell and spans them. Form feeds, page numbers and the
//!   header repeated on every page are dropped; lines before the table and after it are prose.
//!   Positions are counted in characters (what poppler writes) or in display columns (a Han
//!   character two wide, as a terminal or an editor would align it), whichever aligns the
//!   fragments better.
//! * **One fragment per line** (`pdftotext` without `-layout`, PyMuPDF `get_text`) and **words
//!   joined by single spaces** (pdfplumber `extract_text`): the cell boundaries are gone (a line
//!   is a piece of some cell, or of several), so such text is refused with the command that keeps
//!   them, rather than guessed.
//!
//! Any text with tabs, or without a header of the list's column names and a run of 序号, is not
//! of these shapes: it goes on to the plain-text grammars.

use crate::layout::Layout;
use crate::read::ReadError;
use crate::table::{Block, Document, Grid, GridKind, SourceCell};
use std::collections::HashSet;

mod header;
mod rows;
mod segment;

use header::*;
use rows::*;
use segment::*;

/// The table model rebuilt from extracted text, with the layout that rebuilt it; `None` when
/// the text is not of these shapes.
///
/// # Errors
/// [`ReadError::Unsupported`] when an extractor destroyed the cell boundaries beyond repair.
pub fn read(text: &str) -> Result<Option<(Document, Layout)>, ReadError> {
    // Tab-separated and line-broken text is the grammars'; an extractor never writes tabs.
    if text.contains('\t') || text.len() > 8 << 20 {
        return Ok(None);
    }
    let lexicon = Lexicon::new();
    let lines = Line::split(text);
    match read_columns(&lines, &lexicon, &[Metric::Chars, Metric::Display]) {
        Ok(Some(doc)) => return Ok(Some((doc, Layout::Columns))),
        Ok(None) => {}
        Err(why) => {
            return Err(ReadError::Unsupported {
                what: format!(
                    "space-aligned text (as `pdftotext -layout` writes a table) whose rows could \
                     not be rebuilt for sure ({why})"
                ),
                advice: "pass the PDF itself, or save the document as .docx or .xlsx".into(),
            });
        }
    }
    if let Some(what) = destroyed(&lines, &lexicon) {
        return Err(ReadError::Unsupported {
            what: what.into(),
            advice: "the cell boundaries are lost; extract the PDF's text with \
                     `pdftotext -layout FILE`, which keeps them, or pass the PDF itself"
                .into(),
        });
    }
    Ok(None)
}

/// The table of a PDF page set drawn without rulings, from its text laid out as `pdftotext
/// -layout` would (see [`read`]); `None` when the text is not of that shape.
///
/// # Errors
/// Why the rows could not be rebuilt for sure, when a header and columns were found, or why
/// the columns could not be, when a list's header stands over space-aligned lines.
pub fn read_unruled(text: &str) -> Result<Option<Document>, String> {
    if text.len() > 8 << 20 {
        return Ok(None);
    }
    // The PDF reader lays its text out in display columns (a Han character two wide).
    match read_columns(&Line::split(text), &Lexicon::new(), &[Metric::Display])? {
        // A list's header over cells set apart by spaces, and no columns under it: read as
        // prose lines, its cells would run together.
        None if looks_space_aligned(text) => {
            Err("the columns under the list's header could not be found".into())
        }
        doc => Ok(doc),
    }
}

/// Whether `text` holds a table set out with spaces under the list's column names: a line with
/// two whole header words at least, and three or more lines after it whose cells are set apart
/// by runs of spaces. For a refusal that names the way out when no list could be read from it.
pub fn looks_space_aligned(text: &str) -> bool {
    if text.contains('\t') {
        return false;
    }
    let lex = Lexicon::new();
    let lines = Line::split(text);
    let Some(h) = lines.iter().position(|l| {
        tokens(&l.text, Metric::Chars)
            .iter()
            .filter(|t| lex.is_word(&t.text))
            .count()
            >= 2
    }) else {
        return false;
    };
    lines[h + 1..]
        .iter()
        .filter(|l| l.text.trim().contains("   "))
        .count()
        >= 3
}

/// The header words, and everything a header fragment may be.
struct Lexicon {
    words: HashSet<String>,
    all: Vec<String>,
}

impl Lexicon {
    fn new() -> Lexicon {
        let all: Vec<String> = crate::lexicon::header_words().map(str::to_owned).collect();
        Lexicon {
            words: all.iter().cloned().collect(),
            all,
        }
    }

    /// A whole header word ("服务对象", "服务标准（元/月）").
    fn is_word(&self, t: &str) -> bool {
        let core = header_core(t);
        !core.is_empty() && self.words.contains(&core)
    }

    /// A piece of a header word ("序", "项目类", "位"), or a short header word of the
    /// lexicon's beginning ("牵头落实" of 牵头落实部门).
    fn is_fragment(&self, t: &str) -> bool {
        let core = header_core(t);
        if core.is_empty() {
            return false;
        }
        let head: String = core.chars().take(2).collect();
        self.all.iter().any(|w| w.contains(core.as_str()))
            || (core.chars().count() <= 6
                && head.chars().count() == 2
                && self
                    .all
                    .iter()
                    .any(|w| w.chars().count() >= 3 && w.starts_with(head.as_str())))
    }
}

/// A header text without spaces and bracketed notes.
fn header_core(t: &str) -> String {
    let mut out = String::new();
    let mut depth = 0i32;
    for c in t.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            c if c.is_whitespace() || c == '\u{3000}' => {}
            c if depth <= 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A physical line of the text.
struct Line {
    text: String,
    /// A form feed came before or in it: it starts a page.
    page: bool,
}

impl Line {
    fn split(text: &str) -> Vec<Line> {
        text.split('\n')
            .map(|l| {
                let l = l.strip_suffix('\r').unwrap_or(l);
                Line {
                    page: l.contains('\u{c}'),
                    text: l.replace('\u{c}', ""),
                }
            })
            .collect()
    }

    fn blank(&self) -> bool {
        self.text.chars().all(is_space)
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\u{a0}' || c.is_whitespace()
}

/// How positions on a line are counted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Metric {
    /// One per character (poppler's `-layout`).
    Chars,
    /// Display columns: East Asian wide and full-width characters count two.
    Display,
}

/// East Asian wide or full-width (two display columns), by the Unicode East Asian Width
/// property (`unicode-width`).
fn wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// A run of text on one line: its start and end position and its text.
#[derive(Clone, Debug)]
struct Tok {
    start: usize,
    end: usize,
    text: String,
}

/// The runs of a line separated by two spaces or more; single spaces stay inside a run.
fn tokens(line: &str, metric: Metric) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut pos = 0usize;
    let mut cur: Option<Tok> = None;
    let mut spaces = 0usize;
    for c in line.chars() {
        let w = match metric {
            Metric::Display if wide(c) => 2,
            _ => 1,
        };
        if is_space(c) {
            spaces += w;
        } else {
            match cur.as_mut() {
                Some(t) if spaces < 2 => {
                    for _ in 0..spaces {
                        t.text.push(' ');
                    }
                    t.text.push(c);
                    t.end = pos + w;
                }
                _ => {
                    if let Some(t) = cur.take() {
                        out.push(t);
                    }
                    cur = Some(Tok {
                        start: pos,
                        end: pos + w,
                        text: c.to_string(),
                    });
                }
            }
            spaces = 0;
        }
        pos += w;
    }
    out.extend(cur);
    out
}

/// The shapes of text whose cell boundaries an extractor destroyed.
const ONE_PER_LINE: &str = "text with one cell fragment per line (as `pdftotext` without -layout or PyMuPDF write a table)";
const SINGLE_SPACED: &str = "text with the words of a table line joined by single spaces (as \
                             pdfplumber's extract_text writes a table)";

/// The header's words one a line: three alone on their lines within a few lines.
fn header_one_per_line(trimmed: &[&str], lex: &Lexicon) -> bool {
    let alone_words: Vec<usize> = trimmed
        .iter()
        .enumerate()
        .filter(|(_, t)| lex.is_word(t))
        .map(|(i, _)| i)
        .collect();
    alone_words.windows(3).any(|w| w[2] - w[0] <= 8)
}

/// A line of header words joined by single spaces (and sub-column labels, 城市 / 农村, where
/// `sub_labels`).
fn header_single_spaced(trimmed: &[&str], lex: &Lexicon, sub_labels: bool) -> bool {
    let header_piece = |w: &str| {
        lex.is_fragment(w)
            || lex.is_word(w)
            || (sub_labels && crate::lexicon::sub_label_family(w).is_some())
    };
    trimmed.iter().any(|t| {
        let words: Vec<&str> = t.split(' ').collect();
        words.len() >= 3
            && words.iter().all(|w| !w.is_empty())
            && words.iter().filter(|w| lex.is_word(w)).count() >= 3
            && words.iter().all(|w| header_piece(w))
    })
}

/// Numbers rising through a text (each above the last one counted, by three at most).
fn rising(nums: &mut dyn Iterator<Item = u32>) -> usize {
    let mut prev = 0u32;
    let mut run = 0usize;
    for n in nums {
        if n > prev && n <= prev + 3 {
            run += 1;
            prev = n;
        }
    }
    run
}

/// The non-blank lines of a text, trimmed.
fn trimmed_lines(lines: &[Line]) -> Vec<&str> {
    lines
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether a text in which no list was found has a list header an extractor broke up (its
/// words one a line, or joined by single spaces), whatever its numbering (1-1, （一）, 一):
/// names the shape, for a refusal that names the way out instead of "no list".
pub fn looks_fragmented(text: &str) -> Option<&'static str> {
    if text.contains('\t') || text.len() > 8 << 20 {
        return None;
    }
    let lex = Lexicon::new();
    let lines = Line::split(text);
    let trimmed = trimmed_lines(&lines);
    // Two header words alone on their lines close together, and 序号 alone on theirs.
    let pair = || {
        let alone: Vec<usize> = (0..trimmed.len())
            .filter(|&i| lex.is_word(trimmed[i]))
            .collect();
        alone.windows(2).any(|w| w[1] - w[0] <= 4)
            && rising(&mut trimmed.iter().filter_map(|t| seq_number(t))) >= 3
    };
    if header_one_per_line(&trimmed, &lex) || pair() {
        Some(ONE_PER_LINE)
    } else if header_single_spaced(&trimmed, &lex, true) {
        Some(SINGLE_SPACED)
    } else {
        None
    }
}

/// Text whose cell boundaries an extractor destroyed: the header's words one a line (PyMuPDF,
/// `pdftotext` without `-layout`) or joined by single spaces (pdfplumber), and the 序号 rising
/// through it. Names the shape.
fn destroyed(lines: &[Line], lex: &Lexicon) -> Option<&'static str> {
    let trimmed = trimmed_lines(lines);
    // One fragment a line: header words alone on their lines, numbers alone on theirs.
    let alone = rising(&mut trimmed.iter().filter_map(|t| seq_number(t)));
    if header_one_per_line(&trimmed, lex) && alone >= 3 {
        return Some(ONE_PER_LINE);
    }
    // Words joined by single spaces: a line of header words, numbers among a line's first words.
    let lead = rising(
        &mut trimmed
            .iter()
            .filter_map(|t| t.split(' ').take(3).find_map(seq_number)),
    );
    if header_single_spaced(&trimmed, lex, false) && lead >= 3 {
        return Some(SINGLE_SPACED);
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn sub_label_rows_are_told_apart_from_rows() {
        let lex = Lexicon::new();
        assert!(sub_label_line(
            "        城市        农村      牵头单位  配合单位",
            &lex
        ));
        assert!(sub_label_line("   轻度   中度   重度", &lex));
        // Header words alone are a header piece, not sub-columns; a row's text is neither.
        assert!(!sub_label_line("   牵头单位  配合单位", &lex));
        assert!(!sub_label_line(
            "1   高龄津贴   80周岁以上   每人每月100元",
            &lex
        ));
        assert!(!sub_label_line("   城市", &lex));
    }

    #[test]
    fn a_two_row_header_in_space_aligned_text_is_refused_with_the_way_out() {
        let text = concat!(
            "                         服务标准\n",
            "序号  服务项目    服务对象        服务内容\n",
            "                                   城市        农村\n",
            "1     高龄津贴    80周岁以上      每月100元   每月80元\n",
            "2     护理补贴    失能老年人      每月200元   每月150元\n",
            "3     助餐服务    60周岁以上      每餐5元     每餐3元\n",
        );
        let e = read(text).expect_err("refused");
        let e = e.to_string();
        assert!(
            e.contains("sub-columns under it on line 3 (城市 / 农村)"),
            "{e}"
        );
        assert!(e.contains("pass the PDF itself"), "{e}");
        assert!(looks_space_aligned(text));
        assert!(!looks_space_aligned("序号\t服务项目\t服务对象\n"));
    }
    use super::*;

    #[test]
    fn runs_and_widths() {
        let t = tokens("序号   服务项目  80 周岁", Metric::Chars);
        assert_eq!(t.len(), 3);
        assert_eq!(t[2].text, "80 周岁");
        assert_eq!(t[1].start, 5);
        let t = tokens("序号   服务项目", Metric::Display);
        assert_eq!(t[1].start, 7);
        assert!(wide('序') && !wide('1'));
    }

    #[test]
    fn rebuilds_wrapped_rows_and_refuses_gaps() {
        let text = [
            "XX区基本养老服务清单",
            "序号   服务项目   服务对象      牵头部门",
            "       高龄       80 周岁以上",
            "1      津贴       老年人        区民政局",
            "       护理       失能",
            "2      补贴       老年人        区民政局",
            "3      助餐       老年人        区民政局",
            "",
        ]
        .join("\n");
        let text = text.as_str();
        let (doc, layout) = read(text).unwrap().unwrap();
        assert_eq!(layout, Layout::Columns);
        let v = doc.render();
        assert!(
            v.text.contains("1\t高龄\n津贴".replace('\n', " ").as_str()),
            "{}",
            v.text
        );
        assert!(v.text.contains("80 周岁以上 老年人"), "{}", v.text);
        let gap = text.replace("2      补贴", "4      补贴");
        assert!(read(&gap).is_err());
        // A row thousands of lines tall is refused at once, not split slowly.
        let tall = text.replace(
            "       护理       失能\n",
            &"       护理       失能\n".repeat(5000),
        );
        assert!(read(&tall).is_err());
    }

    #[test]
    fn tabs_and_prose_are_not_columns() {
        assert_eq!(read("对象\t服务项目\n老年人\t津贴\n").unwrap(), None);
        assert_eq!(read("为老年人提供服务。\n\n第二段。\n").unwrap(), None);
    }

    #[test]
    fn rows_written_from_the_top_keep_their_wrapped_lines() {
        // Cells written from the top of their rows (a table without borders from Word): each
        // row's wrapped lines stand under its 序号, and a header cell's unit wraps onto a line
        // of its own.
        let text = [
            "XX区基本养老服务清单",
            "",
            "序号   服务项目   服务对象       补贴标准     牵头单位",
            "                               （元/人·月）",
            "",
            "1      高龄津贴   80 周岁及以上  100          区民政局",
            "                  老年人",
            "",
            "2      护理补贴   经认定的失能   200          区民政局",
            "                  老年人",
            "",
            "3      助餐服务   经济困难老年   80           区民政局",
            "                  人",
            "",
        ]
        .join("\n");
        let (doc, _) = read(&text).unwrap().unwrap();
        let v = doc.render();
        for row in [
            "补贴标准（元/人·月）",
            "1\t高龄津贴\t80 周岁及以上 老年人\t100",
            "2\t护理补贴\t经认定的失能 老年人\t200",
            "3\t助餐服务\t经济困难老年 人\t80",
        ] {
            assert!(v.text.contains(row), "{row}:\n{}", v.text);
        }
    }

    #[test]
    fn a_broken_up_header_is_named_whatever_the_numbering() {
        // One fragment a line, numbered 1-1, 1-2 (no plain 序号 rising).
        let one = "光山县基本养老服务清单\n序号\n服务类\n别\n服务项目\n服务对象\n服务内容及标准\n\
                   1-1\n物质帮\n助\n高龄津贴\n80 周岁及以上老\n年人\n1-2\n";
        assert_eq!(looks_fragmented(one), Some(ONE_PER_LINE));
        // Two header words alone, and 序号 alone rising on their lines.
        let pair = "平城区基本养老服务清单\n对象\n\n服务项目\n1\n2\n达到待遇享受年\n3\n";
        assert_eq!(looks_fragmented(pair), Some(ONE_PER_LINE));
        // Words joined by single spaces, sub-column labels among them.
        let spaced =
            "泗洪县\n序\n号 服务项目 服务对象 服务内容 城市 农村 牵头单 配合单\n一、物质帮助类\n";
        assert_eq!(looks_fragmented(spaced), Some(SINGLE_SPACED));
        // Prose naming the words in sentences, a tab-separated table: not broken up.
        assert_eq!(
            looks_fragmented("各地要明确服务对象、服务项目和服务内容。\n做好服务。\n"),
            None
        );
        assert_eq!(
            looks_fragmented("序号\t服务项目\t服务对象\t服务内容\n1\ta\tb\tc\n"),
            None
        );
        // A word alone twice far apart, numbers rising: no header.
        assert_eq!(
            looks_fragmented("服务项目\n一\n二\n三\n四\n五\n服务对象\n1\n2\n3\n"),
            None
        );
    }
}
