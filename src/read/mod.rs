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
}

/// Zip archives larger than this when unpacked are refused (a zip bomb guard).
const MAX_UNPACKED: u64 = 512 << 20;

/// The text of one entry of a zip archive; `None` when the archive has no such entry.
pub(crate) fn zip_entry(bytes: &[u8], name: &str) -> Result<Option<String>, ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::damaged("zip", e.to_string()))?;
    let Ok(entry) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    entry
        .take(MAX_UNPACKED)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::damaged("zip", format!("{name}: {e}")))?;
    Ok(Some(String::from_utf8_lossy(&out).into_owned()))
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

/// Reads `bytes`; `name` (the file name) only breaks ties between text shapes.
///
/// # Errors
/// [`ReadError`] for empty, undecodable, unsupported or damaged files.
pub fn read(name: &str, bytes: &[u8]) -> Result<Input, ReadError> {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let structured = |format: Format, doc: Document| Input {
        format,
        encoding: "UTF-8".to_owned(),
        lossy: false,
        view: doc.render(),
        layout: None,
    };
    if bytes.starts_with(b"PK\x03\x04") {
        if zip_has(bytes, "word/document.xml") {
            return docx::read(bytes).map(|d| structured(Format::Docx, d));
        }
        if zip_has(bytes, "xl/workbook.xml") || zip_has(bytes, "content.xml") {
            return xlsx::read(bytes).map(|d| structured(Format::Xlsx, d));
        }
        return Err(ReadError::Unsupported {
            what: "a zip archive that is neither .docx nor .xlsx".into(),
            advice: "unpack it, or save the document as .docx / the sheet as .xlsx".into(),
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE2 compound file: a legacy .xls calamine reads, or a .doc/.wps it does not.
        if let Ok(doc) = xlsx::read(bytes) {
            return Ok(structured(Format::Xlsx, doc));
        }
        return Err(ReadError::Unsupported {
            what: "a legacy Word/WPS binary (.doc/.wps, OLE2)".into(),
            advice:
                "convert it to .docx first, e.g. `libreoffice --headless --convert-to docx FILE`"
                    .into(),
        });
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
        return Ok(Input {
            format: Format::Html,
            encoding,
            lossy,
            view: html::read(&text).render(),
            layout: None,
        });
    }
    let decoded = decode::decode(bytes)?;
    let text = decoded.text;
    let text_input = |format: Format, doc: Document| Input {
        format,
        encoding: decoded.encoding.to_owned(),
        lossy: decoded.lossy,
        view: doc.render(),
        layout: None,
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
    })
}
