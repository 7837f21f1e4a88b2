//! Stage 1: bytes → an [`Input`]: the reader is chosen by content (zip signature and the parts
//! inside, `<html`/`<table`, a Markdown pipe table, delimiter sniffing), the extension only
//! breaking ties between text shapes.
//!
//! | signature / content | reader |
//! |---|---|
//! | zip with `word/document.xml` | [`docx`] |
//! | zip with `xl/workbook.xml`, or an OLE2 workbook | [`xlsx`] (calamine: xlsx, xls, ods) |
//! | `<html`, `<!doctype html`, `<table` near the start | [`html`] |
//! | a line of `|---|---|` under a pipe row | [`markdown`] |
//! | `.csv`, or commas (tabs with quoted multi-line cells) in every row | [`csv`] |
//! | no tabs, a header of the list's column words and a run of 序号 in space-aligned columns (`pdftotext -layout`) | [`text::columns`]; other extractors' text of a table is refused |
//! | anything else that decodes | text (tab-separated or line-broken; [`crate::grammar`]) |
//!
//! A legacy Word/WPS binary, an RTF file or a PDF is refused with one line saying what it is
//! and what to convert it to.

pub mod text;
// The reader of space-aligned text at its former path (`read::columns`).
#[doc(hidden)]
pub use text::columns;
pub mod csv;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod xlsx;

use crate::decode::{self, DecodeError};
use crate::table::{Document, Format, View};
use std::io::Read;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Text that could not be decoded.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A format that is recognised but not read.
    #[error("{what}: {advice}")]
    Unsupported {
        /// What the file is.
        what: String,
        /// What to do instead.
        advice: String,
    },
    /// A file of a read format that is broken.
    #[error("damaged {format} file: {reason}")]
    Damaged {
        /// The format.
        format: &'static str,
        /// What is wrong.
        reason: String,
    },
}

impl ReadError {
    pub(crate) fn damaged(format: &'static str, reason: impl Into<String>) -> ReadError {
        ReadError::Damaged {
            format,
            reason: reason.into(),
        }
    }
}

/// A file read: its format, its encoding (for text formats) and its view.
#[derive(Debug, Clone)]
pub struct Input {
    /// The reader that ran.
    pub format: Format,
    /// The text encoding (`UTF-8` for formats that fix it).
    pub encoding: String,
    /// Whether bytes were replaced in decoding.
    pub lossy: bool,
    /// The text and, for formats with their own cells, the items over it. For plain text the
    /// items are empty: the grammar of each layout makes them.
    pub view: View,
    /// The layout that rebuilt the table's cells, for text whose cells a reader rebuilt
    /// (`columns`, `cell-lines`); `None` when the format carries its cells (`table`) or for
    /// plain text, whose grammar decides.
    pub layout: Option<crate::layout::Layout>,
    /// What the reader noticed about the file as a whole, placed in the view.
    pub notes: Vec<crate::diag::Diagnostic>,
}

/// Places a reader's notes on the line of the view that renders the row they name in the last
/// table, else on that table's last row (the end of the text when there is no table).
fn place_notes(notes: &[crate::table::Note], view: &View) -> Vec<crate::diag::Diagnostic> {
    if notes.is_empty() {
        return Vec::new();
    }
    let last_row = view.origins.iter().rposition(Option::is_some);
    let last_grid = last_row.and_then(|l| view.origins[l].as_ref().map(|o| o.grid));
    let line_of = |row: Option<usize>| {
        row.and_then(|r| {
            view.origins.iter().position(|o| {
                o.as_ref()
                    .is_some_and(|o| Some(o.grid) == last_grid && o.row == r)
            })
        })
        .or(last_row)
    };
    let span_of = |line: Option<usize>| match line {
        Some(line) => {
            let start = view
                .text
                .split('\n')
                .take(line)
                .map(|l| l.len() + 1)
                .sum::<usize>()
                .min(view.text.len());
            let end = view.text[start..]
                .find('\n')
                .map_or(view.text.len(), |i| start + i);
            crate::span::Span::new(start, end)
        }
        None => crate::span::Span::new(view.text.len(), view.text.len()),
    };
    notes
        .iter()
        .map(|n| crate::diag::Diagnostic {
            severity: n.severity,
            code: n.code,
            span: span_of(line_of(n.row)),
            message: n.message.clone(),
        })
        .collect()
}

impl Input {
    /// An input of a reader's document: its view and its notes.
    fn of(format: Format, encoding: String, lossy: bool, doc: &Document) -> Input {
        let mut view = doc.render();
        if matches!(
            format,
            Format::Docx | Format::Xlsx | Format::Html | Format::Pdf
        ) && !view.text.is_empty()
        {
            // The reader made whole lines: the view ends with a line break, so a paragraph
            // after the table (注：…) is not taken for a line the end of the file cut.
            view.text.push('\n');
            view.origins.push(None);
            view.source_lines.push(None);
        }
        let notes = place_notes(&doc.notes, &view);
        Input {
            format,
            encoding,
            lossy,
            view,
            layout: None,
            notes,
        }
    }
}

/// Zip entries larger than this when unpacked are refused (a zip bomb guard): no list's
/// document part comes near it.
const MAX_UNPACKED: u64 = 256 << 20;

/// The text of one entry of a zip archive; `None` when the archive has no such entry. An
/// entry that unpacks to more than [`MAX_UNPACKED`] is refused before it is inflated that far
/// (by its declared size, else by counting what comes out).
pub(crate) fn zip_entry(bytes: &[u8], name: &str) -> Result<Option<String>, ReadError> {
    zip_entry_within(bytes, name, MAX_UNPACKED)
}

fn zip_entry_within(bytes: &[u8], name: &str, limit: u64) -> Result<Option<String>, ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(cut_zip)?;
    let Ok(entry) = zip.by_name(name) else {
        return Ok(None);
    };
    let too_large = || {
        ReadError::damaged(
            "zip",
            format!(
                "{name} unpacks to more than {} MB: refused (a zip bomb, or not a service list)",
                limit >> 20
            ),
        )
    };
    if entry.size() > limit {
        return Err(too_large());
    }
    let mut out = Vec::with_capacity(entry.size().min(limit) as usize);
    entry
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::damaged("zip", format!("{name}: {e}")))?;
    if out.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(Some(match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }))
}

/// A zip archive whose directory cannot be read: most often a file cut short.
fn cut_zip(e: zip::result::ZipError) -> ReadError {
    ReadError::damaged(
        "zip",
        format!(
            "the archive is cut short or damaged ({e}): its table of contents at the end cannot be read; get the whole file again, or repair it (e.g. `zip -FF in.docx --out out.docx`)"
        ),
    )
}

fn zip_has(bytes: &[u8], name: &str) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map(|mut z| z.by_name(name).is_ok())
        .unwrap_or(false)
}

/// Appends XML character data as text.
pub(crate) fn xml_text(out: &mut String, t: &quick_xml::events::BytesText<'_>) {
    if let Ok(s) = t.decode() {
        out.push_str(&s);
    }
}

/// Appends an XML entity or character reference as the character it stands for.
pub(crate) fn xml_ref(out: &mut String, r: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
        return;
    }
    let name = r.decode().unwrap_or_default();
    out.push_str(match name.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    });
}

/// A zip (docx, xlsx, ods) or OLE2 (xls; doc and wps refused) file read, or `None` for other
/// bytes.
fn read_binary(bytes: &[u8]) -> Option<Result<(Format, Document), ReadError>> {
    if bytes.starts_with(b"PK\x03\x04") {
        if let Err(e) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
            return Some(Err(cut_zip(e)));
        }
        if zip_has(bytes, "word/document.xml") {
            return Some(docx::read(bytes).map(|d| (Format::Docx, d)));
        }
        if zip_has(bytes, "xl/workbook.xml") || zip_has(bytes, "content.xml") {
            return Some(xlsx::read(bytes).map(|d| (Format::Xlsx, d)));
        }
        return Some(Err(ReadError::Unsupported {
            what: "a zip archive that is neither .docx nor .xlsx".into(),
            advice: "unpack it, or save the document as .docx / the sheet as .xlsx".into(),
        }));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE2 compound file: a legacy .xls calamine reads, or a .doc/.wps it does not.
        if let Ok(doc) = xlsx::read(bytes) {
            return Some(Ok((Format::Xlsx, doc)));
        }
        return Some(Err(ReadError::Unsupported {
            what: "a legacy Word/WPS binary (.doc/.wps, OLE2)".into(),
            advice:
                "convert it to .docx first, e.g. `libreoffice --headless --convert-to docx FILE`"
                    .into(),
        }));
    }
    None
}

/// Reads `bytes`; `name` (the file name) only breaks ties between text shapes.
///
/// # Errors
/// [`ReadError`] for empty, undecodable, unsupported or damaged files.
pub fn read(name: &str, bytes: &[u8]) -> Result<Input, ReadError> {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let structured =
        |format: Format, doc: Document| Input::of(format, "UTF-8".to_owned(), false, &doc);
    if let Some(read) = read_binary(bytes) {
        return read.map(|(format, d)| structured(format, d));
    }
    if bytes.starts_with(b"%PDF")
        || (ext == "pdf" && bytes.windows(5).take(1024).any(|w| w == b"%PDF-"))
    {
        return pdf::read(bytes).map(|d| structured(Format::Pdf, d));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ReadError::Unsupported {
            what: "an RTF file".into(),
            advice: "save it as .docx first, e.g. `libreoffice --headless --convert-to docx FILE`"
                .into(),
        });
    }
    if html::looks_like(bytes) || matches!(ext.as_str(), "html" | "htm" | "shtml") {
        let (text, encoding, lossy) = html::decode(bytes)?;
        return Ok(Input::of(Format::Html, encoding, lossy, &html::read(&text)));
    }
    let decoded = decode::decode(bytes)?;
    let text = decoded.text;
    let text_input = |format: Format, doc: Document| {
        Input::of(format, decoded.encoding.to_owned(), decoded.lossy, &doc)
    };
    if (matches!(ext.as_str(), "md" | "markdown") || markdown::looks_like(&text))
        && let Some(doc) = markdown::read(&text)
    {
        return Ok(text_input(Format::Markdown, doc));
    }
    if let Some(delimiter) = csv::sniff(&text, ext == "csv")
        && let Some(doc) = csv::read(&text, delimiter)
    {
        return Ok(text_input(Format::Csv, doc));
    }
    // Text an extractor made of a PDF: space-aligned columns or one cell fragment per line.
    if let Some((doc, layout)) = text::columns::read(&text)? {
        let mut input = text_input(Format::Text, doc);
        input.layout = Some(layout);
        return Ok(input);
    }
    Ok(Input {
        format: Format::Text,
        encoding: decoded.encoding.to_owned(),
        lossy: decoded.lossy,
        view: View {
            text,
            ..View::default()
        },
        layout: None,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(name: &str, len: usize) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        let chunk = vec![b' '; 1 << 16];
        for _ in 0..len / chunk.len() {
            w.write_all(&chunk).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_bomb_is_refused_by_name() {
        let bytes = zip_of("word/document.xml", 3 << 20);
        let err = zip_entry_within(&bytes, "word/document.xml", 2 << 20).unwrap_err();
        assert_eq!(
            err.to_string(),
            "damaged zip file: word/document.xml unpacks to more than 2 MB: refused (a zip bomb, or not a service list)"
        );
        let ok = zip_entry_within(&bytes, "word/document.xml", 4 << 20).unwrap();
        assert_eq!(ok.map(|s| s.len()), Some(3 << 20));
    }

    #[test]
    fn cut_zip_is_said_to_be_cut() {
        let bytes = zip_of("word/document.xml", 1 << 16);
        let err = read("x.docx", &bytes[..bytes.len() / 2]).unwrap_err();
        assert!(err.to_string().contains("cut short"), "{err}");
    }
}
