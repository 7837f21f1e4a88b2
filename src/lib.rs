//! **qingdan** turns the raw text of a Chinese 基本养老服务清单 (basic elderly-care service list),
//! alone or attached to a notice or work plan, into one canonical JSON document.
//!
//! # Stages
//!
//! 1. [`read`]: bytes → an input, the reader chosen by content: docx, HTML, xlsx, CSV and
//!    Markdown readers give a [`table`] model (prose and grids with merged cells), rendered to a
//!    text view with its cells; plain text is [`decode`]d (BOM, UTF-8, GB18030; CRLF → LF).
//! 2. [`layout`]: plain text → tab-separated or line-broken.
//! 3. [`grammar`]: plain text → raw cells with byte spans, page furniture set apart.
//! 4. [`list`]: cells → the list's rows (header roles, records, repairs, carry-down).
//! 5. [`normalize`]: whitespace, full-width forms, types and departments split.
//! 6. [`quantities`]: numerals and age ranges.
//! 7. [`emit`]: the canonical JSON of the contract `qingdan/1`.
//!
//! Problems that do not stop the parse are [`diag`] diagnostics in the output; only a file that
//! cannot be used at all is an [`Error`].
//!
//! ```
//! let text = "XX区基本养老服务清单\n对象\t服务项目\t\t服务内容\t牵头部门\n\
//!             80周岁及以上老年人\t1\t高龄津贴\t每人每月50元\t区民政局\n";
//! let out = qingdan::parse_bytes("x.txt", text.as_bytes()).unwrap();
//! assert_eq!(out.services[0].name.as_deref(), Some("高龄津贴"));
//! assert_eq!(out.services[0].target.age.unwrap().min, Some(80));
//! ```

pub mod batch;
pub mod canonical;
pub mod compare;
pub mod debug;
pub mod decode;
pub mod diag;
pub mod diff;
pub mod document;
pub mod eligible;
pub mod emit;
pub mod inputs;
pub mod lexicon;
pub mod list;
pub mod model;
pub mod normalize;
pub mod numeral;
pub mod quantities;
pub mod read;
pub mod region;
pub mod review;
pub mod span;
pub mod table;
pub mod tasks;

use crate::diag::{Code, Diagnostics};
use crate::model::{Document, Output, Service, Source, Target};
use crate::span::LineIndex;
use sha2::{Digest, Sha256};

pub use crate::decode::DecodeError;
pub use crate::emit::to_canonical;
pub use crate::layout::Layout;
/// The list stage's former path, kept for callers written against it.
#[doc(hidden)]
pub use crate::list as rows;
pub use crate::model::Sink;
/// The text grammar and layout detection at their former paths.
#[doc(hidden)]
pub use crate::read::text as grammar;
#[doc(hidden)]
pub use crate::read::text::layout;

/// Why a file could not be used. Displayed as one line naming the file and the reason.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The bytes are not text.
    #[error("{file}: {source}")]
    Decode {
        /// The file.
        file: String,
        /// Why decoding failed.
        source: DecodeError,
    },
    /// A format that is not read (legacy binary, PDF), or a damaged docx/xlsx.
    #[error("{file}: {source}")]
    Unreadable {
        /// The file.
        file: String,
        /// What the file is and what to do.
        source: read::ReadError,
    },
    /// The text holds no service list header.
    #[error("{file}: no service list found (no header row naming 服务对象 and 服务项目)")]
    NoList {
        /// The file.
        file: String,
    },
}

/// Finds the list in a read file for [`parse_into`]: a structured file's items are taken from
/// its view and freed as the records are cut (the rows are still to be built); plain text is
/// tried in the detected layout, then in the other. A tap is shown the items that held the list.
fn find_pending(
    input: &mut read::Input,
    diags: &mut Diagnostics,
    tap: &mut dyn Tap,
) -> Option<list::Pending> {
    let items = std::mem::take(&mut input.view.items);
    let text = input.view.text.as_str();
    locate(input, items, diags, |items, layout, diags| {
        let shown = tap.wants_items().then(|| items.clone());
        let pending = list::prepare(text, items, layout, diags)?;
        if let Some(items) = shown {
            tap.items(text, Some(layout), &items);
        }
        Some(pending)
    })
}

/// The search behind [`find_pending`]: formats with their own cells give their `items`; plain
/// text is tried in the detected layout, then in the other. `build` finds the list in one
/// layout's items.
fn locate<T>(
    input: &read::Input,
    items: Vec<grammar::Item>,
    diags: &mut Diagnostics,
    mut build: impl FnMut(Vec<grammar::Item>, Layout, &mut Diagnostics) -> Option<T>,
) -> Option<T> {
    let text = input.view.text.as_str();
    if input.format != table::Format::Text || input.layout.is_some() {
        return build(items, input.layout.unwrap_or(Layout::Table), diags);
    }
    let detected = layout::detect(text);
    for layout in [detected, detected.other()] {
        let mut d = Diagnostics::new();
        if let Some(found) = build(grammar::parse(text, layout), layout, &mut d) {
            for x in d.into_sorted() {
                diags.push(x.severity, x.code, x.span, x.message);
            }
            return Some(found);
        }
    }
    None
}

/// Reads bytes into an [`read::Input`], with errors naming `file`.
///
/// # Errors
/// As [`parse_bytes`], but never [`Error::NoList`].
pub fn read_input(file: &str, bytes: &[u8]) -> Result<read::Input, Error> {
    read::read(file, bytes).map_err(|e| match e {
        read::ReadError::Decode(source) => Error::Decode {
            file: file.to_owned(),
            source,
        },
        source => Error::Unreadable {
            file: file.to_owned(),
            source,
        },
    })
}

/// Parses one file's bytes; `file` is the name written into `source.file` and errors (its
/// extension breaks ties between text shapes; the format is chosen by content).
///
/// # Errors
/// [`Error::Decode`] for empty or binary input, [`Error::Unreadable`] for formats that are not
/// read, [`Error::NoList`] when no list header is found.
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Output, Error> {
    parse_tapped(file, bytes, &mut NoTap)
}

/// [`parse_bytes`] with a [`Tap`] on each stage: what `parse --debug` prints is what the one
/// pipeline hands from stage to stage.
///
/// # Errors
/// As [`parse_bytes`].
pub fn parse_tapped(file: &str, bytes: &[u8], tap: &mut dyn Tap) -> Result<Output, Error> {
    let input = read_input(file, bytes)?;
    parse_input(file, input, Identity::of(bytes), tap)
}

/// Taps on the stages of the pipeline, for `parse --debug`. Every method does nothing by
/// default; a parse without a tap ([`NoTap`]) calls them and they cost nothing.
pub trait Tap {
    /// Whether the tap wants the grammar items (they are copied for it).
    fn wants_items(&self) -> bool {
        false
    }
    /// The items the list was found in and the layout that found it; `None` when no list was
    /// found (the view's items, or for plain text the detected layout's).
    fn items(&mut self, _text: &str, _layout: Option<Layout>, _items: &[grammar::Item]) {}
    /// A row as the list stage hands it on (after repairs and carry-down), in the view's text.
    fn row(&mut self, _text: &str, _row: &list::Row) {}
    /// A service as it goes into the document, with its quantities.
    fn service(&mut self, _service: &Service) {}
}

/// No tap: what every parse but `parse --debug` uses.
pub struct NoTap;

impl Tap for NoTap {}

/// [`parse_bytes`] for bytes the caller gives away: they are freed once read, so a large
/// file is not held twice while its rows are built.
///
/// # Errors
/// As [`parse_bytes`].
pub fn parse_owned(file: &str, bytes: Vec<u8>) -> Result<Output, Error> {
    let (input, identity) = read_owned(file, bytes)?;
    parse_input(file, input, identity, &mut NoTap)
}

/// Reads bytes the caller gave away and frees them: the read file and the source's identity.
fn read_owned(file: &str, bytes: Vec<u8>) -> Result<(read::Input, Identity), Error> {
    let input = read_input(file, &bytes)?;
    Ok((input, Identity::of(&bytes)))
}

/// Parses `bytes` and writes the canonical JSON to `out` as it goes: the same bytes as
/// [`to_canonical`] of [`parse_owned`], without the whole document in memory (a service is
/// written and dropped as soon as it is finished; the JSON of a list is several times its
/// source). The inner result is the writer's.
///
/// # Errors
/// As [`parse_bytes`]; nothing has been written when the input is refused.
pub fn write_parsed<W: std::io::Write>(
    file: &str,
    bytes: Vec<u8>,
    out: W,
) -> Result<std::io::Result<()>, Error> {
    let (input, identity) = read_owned(file, bytes)?;
    let mut stream = emit::JsonStream::new(out);
    Ok(
        match parse_into(file, input, identity, &mut stream, &mut NoTap)? {
            Ok((tasks, diagnostics, review)) => stream.finish(&tasks, &diagnostics, &review),
            Err(e) => Err(e),
        },
    )
}

/// The source's identity in the output: its SHA-256 and length.
struct Identity {
    sha256: String,
    bytes: u64,
}

impl Identity {
    fn of(bytes: &[u8]) -> Self {
        Identity {
            sha256: hex(&Sha256::digest(bytes)),
            bytes: bytes.len() as u64,
        }
    }
}

fn parse_input(
    file: &str,
    input: read::Input,
    identity: Identity,
    tap: &mut dyn Tap,
) -> Result<Output, Error> {
    let mut collect = Collect::default();
    let (tasks, diagnostics, review) = parse_into(file, input, identity, &mut collect, tap)?
        .map_err(|e| Error::Io {
            file: file.to_owned(),
            source: e,
        })?;
    // `parse_into` hands the head over before it returns Ok.
    let Some((source, document)) = collect.head else {
        return Err(Error::NoList {
            file: file.to_owned(),
        });
    };
    Ok(Output {
        schema: model::SCHEMA.to_owned(),
        source,
        document,
        services: collect.services,
        tasks,
        diagnostics,
        review,
    })
}

/// Keeps everything: [`parse_bytes`] and friends.
#[derive(Default)]
struct Collect {
    head: Option<(Source, Document)>,
    services: Vec<Service>,
}

impl Sink for Collect {
    fn head(&mut self, source: Source, document: Document) -> std::io::Result<()> {
        self.head = Some((source, document));
        Ok(())
    }
    fn service(&mut self, service: Service) -> std::io::Result<()> {
        self.services.push(service);
        Ok(())
    }
}

/// The tasks, diagnostics and review, which come last in a document.
type Tail = (Vec<model::Task>, Vec<model::Diagnostic>, review::Review);

/// The stages after reading (the source bytes are no longer needed), handing the document to
/// `sink` piece by piece: each service is built, annotated and handed over in turn, so a
/// streaming sink never holds them all. The inner result is the sink's.
fn parse_into(
    file: &str,
    mut input: read::Input,
    identity: Identity,
    sink: &mut dyn Sink,
    tap: &mut dyn Tap,
) -> Result<std::io::Result<Tail>, Error> {
    let mut diags = Diagnostics::new();
    reading_diagnostics(&mut input, &mut diags);
    // The view's items as read, for a tap that shows them when no list is found in them.
    let read_items = (tap.wants_items() && input.format != table::Format::Text)
        .then(|| input.view.items.clone());
    let Some(list) = find_pending(&mut input, &mut diags, tap) else {
        return Err(no_list(file, &input, read_items, tap));
    };
    let text = input.view.text.as_str();
    let view = &input.view;
    let index = LineIndex::new(text);
    let lines = document::lines(text, list.span);
    // The text between the list's title and its header, normalized: read for the document's
    // metadata and for a size the list announces.
    let preamble: Vec<String> = list
        .preamble
        .iter()
        .map(|s| normalize::text(span::slice(text, *s)))
        .collect();
    let (source, document) = head(
        file,
        &input,
        &list,
        identity,
        (&lines, &preamble),
        &mut diags,
    );
    let region_resolved = document.region.as_ref().is_some_and(|r| r.adcode.is_some());
    if let Err(e) = sink.head(source, document) {
        return Ok(Err(e));
    }
    let list_span = list.span;
    let mut reviewer = reviewer(&list, &preamble);
    let mut sections = Sections {
        current: None,
        count: 0,
        prev_end: list.span.start,
    };
    let (unit, mut unit_notes) = (list.header_unit.clone(), Vec::new());
    let streamed = list.rows(text, &mut diags, |r| {
        let section = sections.before(text, r.span);
        let (span, value) = (r.span, r.value);
        tap.row(text, &r);
        let Built {
            mut service,
            amounts_missed,
            unit_notes: notes,
        } = service(text, view, &index, r, unit.as_ref());
        unit_notes.extend(notes);
        canonical::annotate_service(&mut service);
        tap.service(&service);
        reviewer.row(review::RowFacts {
            seq: service.seq,
            number: value,
            section,
            span,
            target: service.target.text.is_some(),
            name: service.name.is_some(),
            amounts_missed,
        });
        sink.service(service)
    });
    if let Err(e) = streamed {
        return Ok(Err(e));
    }
    (unit_notes.into_iter()).for_each(|(at, note)| diags.info(Code::HeaderUnit, at, note));
    let list_end = ListEnd {
        lines: &lines,
        list_span,
        region_resolved,
    };
    Ok(Ok(tail(text, view, &index, list_end, reviewer, diags)))
}

/// The section row above each row (一、物质帮助类（9项）), numbered to tell two apart.
struct Sections {
    current: Option<String>,
    count: usize,
    /// The end of the last row seen: section rows are looked for after it.
    prev_end: usize,
}

impl Sections {
    /// The section of the row at `span`, after the section rows between it and the row before.
    fn before(&mut self, text: &str, span: span::Span) -> Option<String> {
        for heading in text
            .get(self.prev_end..span.start)
            .unwrap_or("")
            .lines()
            .filter_map(section_row)
        {
            self.count += 1;
            self.current = Some(format!("{}. {heading}", self.count));
        }
        self.prev_end = self.prev_end.max(span.end);
        self.current.clone()
    }
}

/// What reading noticed, as diagnostics: bytes replaced in decoding, the reader's notes.
fn reading_diagnostics(input: &mut read::Input, diags: &mut Diagnostics) {
    if input.lossy {
        // Pointed at the first replaced character, so the diagnostic's line is where the damage is.
        let text = &input.view.text;
        let at = text.find(char::REPLACEMENT_CHARACTER);
        let count = text.matches(char::REPLACEMENT_CHARACTER).count();
        diags.warn(
            Code::LossyDecoding,
            at.map_or(span::Span::new(0, 0), |i| {
                span::Span::new(i, i + char::REPLACEMENT_CHARACTER.len_utf8())
            }),
            format!(
                "bytes that are not valid {} were replaced with U+FFFD: {count} characters, the first on this line",
                input.encoding
            ),
        );
    }
    for d in std::mem::take(&mut input.notes) {
        diags.push(d.severity, d.code, d.span, d.message);
    }
}

/// The error for a file in which no list was found: for text set out with spaces, a refusal
/// that names the way out; else [`Error::NoList`]. A tap that wants the items is shown them.
fn no_list(
    file: &str,
    input: &read::Input,
    read_items: Option<Vec<grammar::Item>>,
    tap: &mut dyn Tap,
) -> Error {
    if tap.wants_items() {
        let text = input.view.text.as_str();
        let items = read_items.unwrap_or_else(|| grammar::parse(text, layout::detect(text)));
        tap.items(text, None, &items);
    }
    if input.format == table::Format::Text
        && read::text::columns::looks_space_aligned(&input.view.text)
    {
        // Text an extractor set out with spaces: the way out is the file it came from.
        return Error::Unreadable {
            file: file.to_owned(),
            source: read::ReadError::Unsupported {
                what: "space-aligned text (as `pdftotext -layout` writes a table) whose \
                       columns could not be found under its header"
                    .into(),
                advice: "pass the PDF itself, or save the document as .docx or .xlsx".into(),
            },
        };
    }
    if input.format == table::Format::Text
        && let Some(what) = read::text::columns::looks_fragmented(&input.view.text)
    {
        // A list header an extractor broke up, under numbering the readers do not follow.
        return Error::Unreadable {
            file: file.to_owned(),
            source: read::ReadError::Unsupported {
                what: what.into(),
                advice: "the cell boundaries are lost; extract the PDF's text with \
                         `pdftotext -layout FILE`, which keeps them, or pass the PDF itself"
                    .into(),
            },
        };
    }
    Error::NoList {
        file: file.to_owned(),
    }
}

/// The reviewer of a list, told its title and preamble (where a list announces its size).
fn reviewer(list: &list::Pending, preamble: &[String]) -> review::Reviewer {
    let mut reviewer = review::Reviewer::new();
    reviewer.preamble(&list.preamble);
    for t in list
        .title
        .iter()
        .map(|t| t.0.as_str())
        .chain(preamble.iter().map(String::as_str))
    {
        reviewer.title(t);
    }
    reviewer
}

/// What the tail needs to know of the list: the lines around it, its span, and whether its
/// region resolved.
struct ListEnd<'a> {
    lines: &'a [(span::Span, String)],
    list_span: span::Span,
    region_resolved: bool,
}

/// A line that is nothing but a section row (一、物质帮助类（9项）): its heading.
fn section_row(line: &str) -> Option<String> {
    let mut cells = line
        .split('\t')
        .map(normalize::text)
        .filter(|c| !c.is_empty());
    let (Some(only), None) = (cells.next(), cells.next()) else {
        return None;
    };
    list::section_heading(&only).map(|_| only)
}

/// The first and last source lines of a span of the view's text.
fn source_lines(view: &table::View, index: &LineIndex, span: span::Span) -> [u32; 2] {
    let [a, b] = index.lines(span);
    [view.source_line(a), view.source_line(b)]
}

/// The document's head: its source and its metadata (read from the text around the list, the
/// list's preamble and the cells that may hold document numbers).
fn head(
    file: &str,
    input: &read::Input,
    list: &list::Pending,
    identity: Identity,
    (lines, preamble): (&[(span::Span, String)], &[String]),
    diags: &mut Diagnostics,
) -> (Source, Document) {
    let text = input.view.text.as_str();
    let list_title = list.title.as_ref().map(|t| t.0.clone());
    let list_cells: Vec<&str> = list
        .cell_texts
        .iter()
        .chain(preamble)
        .map(String::as_str)
        .collect();
    let meta = document::read(lines, &list_cells, list.span, list_title.as_deref(), diags);
    let document = Document {
        region: meta.region,
        title: meta.title,
        list_title,
        issuer: meta.issuer,
        doc_number: meta.doc_number,
        date: meta.date,
        // A draft marker on the list title's lines is left out of `list_title`.
        draft: meta.draft
            || list
                .title
                .as_ref()
                .is_some_and(|(_, sp)| span::slice(text, *sp).contains("征求意见稿")),
        references: meta.references,
    };
    let layout = list.layout;
    let source = Source {
        file: file.to_owned(),
        sha256: identity.sha256,
        bytes: identity.bytes,
        encoding: input.encoding.clone(),
        format: input.format,
        layout,
    };
    (source, document)
}

/// A row of the list as a service, with its quantities and its target's age; its canonical
/// item and groups are still to fill. `unit` is the money unit the 服务标准 header gives bare
/// numbers in its cells.
fn service(
    text: &str,
    view: &table::View,
    index: &LineIndex,
    r: list::Row,
    unit: Option<&list::HeaderUnit>,
) -> Built {
    let cells = row_quantities(text, &|at| view.source_line(index.line(at)), &r, unit);
    let age = r
        .target
        .as_deref()
        .and_then(|t| quantities::age::find(t).first().map(|f| f.range));
    let [a, b] = index.lines(r.span);
    let service = Service {
        seq: r.seq,
        number: r.number,
        target: Target {
            text: r.target,
            age,
            groups: Vec::new(),
        },
        name: r.name,
        item: model::Item::default(),
        items: Vec::new(),
        content: r.content,
        standard: r.standard,
        types: r.types,
        departments: r.departments,
        partners: r.partners,
        funding: r.funding,
        quantities: cells.quantities,
        lines: source_lines(view, index, r.span),
        locator: view.locator(a, b),
    };
    Built {
        service,
        amounts_missed: cells.amounts_missed,
        unit_notes: cells.unit_notes,
    }
}

/// A service as built from its row, with what the review and the diagnostics need of it.
struct Built {
    service: Service,
    /// The fields whose cells read like an amount where none was found.
    amounts_missed: Vec<&'static str>,
    /// Bare numbers read with the unit of their column's header: where, and what was read.
    unit_notes: Vec<(span::Span, String)>,
}

/// The quantities of a row's cells, as in [`Built`].
struct RowQuantities {
    quantities: Vec<model::Quantity>,
    amounts_missed: Vec<&'static str>,
    unit_notes: Vec<(span::Span, String)>,
}

/// The quantities of a row's cells in order; a sub-column (城市, 农村 …) is read on its own, a
/// field of one column as the field's normalized text. A 服务标准 cell that is a bare number
/// ("200", "100-200") reads with the unit its header gives (`unit`, noted), and without one is
/// an amount missed.
fn row_quantities(
    text: &str,
    line_of: &dyn Fn(usize) -> u32,
    r: &list::Row,
    unit: Option<&list::HeaderUnit>,
) -> RowQuantities {
    let mut out = RowQuantities {
        quantities: Vec::new(),
        amounts_missed: Vec::new(),
        unit_notes: Vec::new(),
    };
    for (role, cell, scope) in &r.cells {
        let own;
        let norm = if scope.is_some() {
            own = normalize::text(&cell.raw(text));
            Some(own.as_str())
        } else {
            match role {
                list::Role::Content => r.content.as_deref(),
                list::Role::Standard => r.standard.as_deref(),
                _ => r.funding.as_deref(),
            }
        };
        let what = match role {
            list::Role::Content => Some("服务内容"),
            list::Role::Standard => Some("服务标准"),
            _ => None,
        };
        let norm = norm.unwrap_or("");
        let bare = *role == list::Role::Standard && bare_amount(norm);
        let with_unit = unit.filter(|_| bare).map(|u| format!("{norm}{}", u.unit));
        if let (Some(read), Some(u)) = (&with_unit, unit) {
            let from = if u.above {
                "the line above the table gives"
            } else {
                "its column's header gives"
            };
            out.unit_notes.push((
                cell.span(),
                format!(
                    "row {}: the 服务标准 {norm} is read as {read}, with the unit {from}",
                    r.seq
                ),
            ));
        }
        let base = out.quantities.len();
        let mut found = cell_quantities(
            text,
            cell,
            with_unit.as_deref().unwrap_or(norm),
            base,
            line_of,
        );
        let money = found
            .iter()
            .any(|q| matches!(q, model::Quantity::Money { .. }));
        if let Some(what) = what
            && (review::reads_like_amount(norm) || bare)
            && !money
            && !out.amounts_missed.contains(&what)
        {
            out.amounts_missed.push(what);
        }
        for q in &mut found {
            q.set_scope(scope.as_deref());
        }
        out.quantities.extend(found);
    }
    out
}

/// A cell that is a number or a range of two and nothing else ("200", "1.5", "100-200"): an
/// amount whose unit only the column's header can give.
fn bare_amount(t: &str) -> bool {
    let num = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_digit())
            && !s.ends_with('.')
            && s.matches('.').count() <= 1
            && s.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    let t = t.trim();
    num(t)
        || t.split_once(['-', '—', '~', '～', '至'])
            .is_some_and(|(a, b)| num(a) && num(b))
}

/// The tasks, the diagnostics and the review, which close the document.
fn tail(
    text: &str,
    view: &table::View,
    index: &LineIndex,
    list: ListEnd<'_>,
    mut reviewer: review::Reviewer,
    mut diags: Diagnostics,
) -> Tail {
    let before_tasks = diags.as_slice().len();
    let tasks = tasks::read(text, list.lines, list.list_span, &mut diags);
    reviewer.tasks_unused(
        diags.as_slice()[before_tasks..]
            .iter()
            .filter(|d| d.code == Code::UnusedText)
            .map(|d| d.span)
            .collect(),
    );
    let tasks = tasks
        .into_iter()
        .map(|t| model::Task {
            seq: t.seq,
            section: t.section,
            title: t.title,
            text: t.text,
            lead: t.lead,
            units: t.units,
            lines: source_lines(view, index, t.span),
        })
        .collect();
    let sorted = diags.into_sorted();
    let line_of = |d: &diag::Diagnostic| view.source_line(index.line(d.span.start));
    let weighed: Vec<(&diag::Diagnostic, u32)> = sorted.iter().map(|d| (d, line_of(d))).collect();
    let review = reviewer.finish(&weighed, list.region_resolved, &[]);
    let diagnostics = sorted
        .into_iter()
        .map(|d| model::Diagnostic {
            line: line_of(&d),
            severity: d.severity,
            code: d.code,
            message: d.message,
        })
        .collect();
    (tasks, diagnostics, review)
}

/// Reads and parses one file; `source.file` is its file name.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, else as [`parse_bytes`].
pub fn parse_file(path: &std::path::Path) -> Result<Output, Error> {
    let (name, bytes) = read_file(path)?;
    parse_owned(&name, bytes).map_err(|e| with_path(path, e))
}

/// [`write_parsed`] for a file, named as [`parse_file`] names it.
///
/// # Errors
/// As [`parse_file`]; the inner result is the writer's.
pub fn write_file<W: std::io::Write>(
    path: &std::path::Path,
    out: W,
) -> Result<std::io::Result<()>, Error> {
    let (name, bytes) = read_file(path)?;
    write_parsed(&name, bytes, out).map_err(|e| with_path(path, e))
}

/// The file's name (for `source.file`) and its bytes.
fn read_file(path: &std::path::Path) -> Result<(String, Vec<u8>), Error> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        file: path.display().to_string(),
        source,
    })?;
    Ok((name, bytes))
}

/// Errors name the file by the path given, not only its name.
fn with_path(path: &std::path::Path, e: Error) -> Error {
    match e {
        Error::Decode { source, .. } => Error::Decode {
            file: path.display().to_string(),
            source,
        },
        Error::NoList { .. } => Error::NoList {
            file: path.display().to_string(),
        },
        Error::Unreadable { source, .. } => Error::Unreadable {
            file: path.display().to_string(),
            source,
        },
        other => other,
    }
}

/// The quantities of one cell, each with the source line where its text starts; `base` is the
/// number of the row's quantities before this cell's (for `part_of`).
fn cell_quantities(
    text: &str,
    cell: &grammar::Cell,
    norm: &str,
    base: usize,
    line_of: &dyn Fn(usize) -> u32,
) -> Vec<model::Quantity> {
    let found = quantities::find(norm);
    if found.is_empty() {
        return Vec::new();
    }
    let parts = quantities::parts(norm, &found);
    // Only now map normalized offsets back to the source, for the lines.
    let raw = cell.raw(text);
    let (norm, map) = normalize::text_with_offsets(&raw);
    // Raw offset → source offset: the raw text is the cell's parts joined by '\n'.
    let source_offset = |raw_at: usize| -> usize {
        let mut base = 0usize;
        for part in &cell.parts {
            let len = part.end - part.start;
            if raw_at <= base + len {
                return part.start + (raw_at - base);
            }
            base += len + 1;
        }
        cell.span().end
    };
    found
        .into_iter()
        .zip(parts)
        .map(|(f, part_of)| {
            let line = line_of(source_offset(normalize::raw_offset(&map, f.start)));
            // A bare number read with its header's unit ends inside the unit the cell does not hold.
            let qtext = norm
                .get(f.start..f.end.min(norm.len()))
                .unwrap_or("")
                .to_owned();
            let mut q = model::Quantity::from_found(f.kind, qtext, line);
            q.set_part_of(part_of.map(|w| base + w));
            q
        })
        .collect()
}

/// The quantities of one line of text, as `qingdan quantities` prints them (`line` is 1).
pub fn quantities_of(text: &str) -> Vec<model::Quantity> {
    let norm = normalize::text(text);
    let found = quantities::find(&norm);
    let parts = quantities::parts(&norm, &found);
    found
        .into_iter()
        .zip(parts)
        .map(|(f, part_of)| {
            // A bare number read with its header's unit ends inside the unit the cell does not hold.
            let qtext = norm
                .get(f.start..f.end.min(norm.len()))
                .unwrap_or("")
                .to_owned();
            let mut q = model::Quantity::from_found(f.kind, qtext, 1);
            q.set_part_of(part_of);
            q
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
