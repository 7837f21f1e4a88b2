//! Fault injection: every list of every format (txt, its line-broken shape, csv, md, html, docx,
//! xlsx, pdf), and every rendering of the shape lists of `tests/shapes/` (tsv, line-broken,
//! csv, md, html, docx, xlsx, pdf), cut at 10 points and damaged by seeded random byte flips. Every damaged copy must
//! give all rows, report the loss (a `truncated` or `damaged` diagnostic, a review other than
//! `ok`) or be refused; anything else is a silent loss.
//!
//! One case is told apart rather than counted as silent: a copy cut right after the line break
//! that ends a whole row (or a whole row that ends the file without one, which the list stage
//! notes as `truncated` info) is, byte for byte, a whole shorter list; nothing in it can show the
//! cut. Such copies are counted as `row-boundary`.

use crate::util;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What became of one damaged copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// The same rows (by `seq`) as the undamaged file.
    Complete,
    /// Fewer or other rows, and a diagnostic or the review says so.
    Reported,
    /// The file was refused with a one-line error.
    Refused,
    /// Cut right after a whole row: a whole shorter list.
    RowBoundary,
    /// Fewer or other rows, and nothing says so.
    Silent,
}

/// The lists of every format, with the format's label.
fn sources() -> Vec<(&'static str, PathBuf)> {
    let root = util::root();
    let mut out: Vec<(&'static str, PathBuf)> =
        util::fixtures().into_iter().map(|f| ("txt", f)).collect();
    let mut listed = |dir: &str, pick: &dyn Fn(&str) -> Option<&'static str>| {
        let mut v: Vec<(&'static str, PathBuf)> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .filter_map(|e| {
                let p = e.unwrap().path();
                let name = p.file_name()?.to_string_lossy().into_owned();
                Some((pick(&name)?, p))
            })
            .collect();
        v.sort();
        out.extend(v);
    };
    listed("tests/variants", &|n| {
        n.ends_with(".relayout.bin").then_some("txt-line-broken")
    });
    listed("tests/formats", &|n| {
        let ext = n.rsplit('.').next()?;
        ["csv", "tsv", "md", "html", "docx", "xlsx"]
            .into_iter()
            .find(|e| *e == ext && n.starts_with(|c: char| c.is_ascii_digit() || c == 'l'))
            .filter(|_| n != "manifest.tsv")
    });
    listed("tests/pdf", &|n| n.ends_with(".pdf").then_some("pdf"));
    // The shape lists (two- and three-row headers, section-local numbers, merged cells) in
    // every rendering a reader meets; the text extracted from their PDFs is the layout
    // reader's and is left out.
    listed("tests/shapes", &|n| {
        if !n.starts_with('s') {
            return None;
        }
        [
            (".lines.txt", "shapes-lines"),
            (".tsv", "shapes-tsv"),
            (".csv", "shapes-csv"),
            (".md", "shapes-md"),
            (".html", "shapes-html"),
            (".docx", "shapes-docx"),
            (".xlsx", "shapes-xlsx"),
            (".pdf", "shapes-pdf"),
        ]
        .into_iter()
        .find_map(|(ext, label)| n.ends_with(ext).then_some(label))
    });
    out
}

/// Whether copies of `format` are PDFs (read by the PDF reader, whose byte-flip losses are
/// counted apart).
fn is_pdf(format: &str) -> bool {
    format.ends_with("pdf")
}

/// A small deterministic generator (xorshift64*): the same copies on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// The damaged copies of `bytes`: cuts at 10 points, then 4 copies with 1, 2, 4 and 8 flipped
/// bytes. Each copy with its label and whether it is a cut.
fn copies(bytes: &[u8], seed: u64) -> Vec<(String, bool, Vec<u8>)> {
    let mut out: Vec<(String, bool, Vec<u8>)> = (1..=10)
        .map(|k| {
            let at = bytes.len() * k / 11;
            (format!("cut at {at}"), true, bytes[..at].to_vec())
        })
        .collect();
    let mut rng = Rng(seed | 1);
    for flips in [1, 2, 4, 8] {
        let mut b = bytes.to_vec();
        let mut at = Vec::new();
        for _ in 0..flips {
            let i = (rng.next() % b.len() as u64) as usize;
            b[i] ^= (rng.next() % 255) as u8 + 1;
            at.push(i);
        }
        out.push((format!("{flips} flipped at {at:?}"), false, b));
    }
    out
}

fn seqs(doc: &qingdan::emit::Output) -> Vec<u32> {
    doc.services.iter().map(|s| s.seq).collect()
}

/// A row's fields as read, to tell a whole row from a cut one.
fn fields(s: &qingdan::emit::Service) -> String {
    format!(
        "{} {:?} {:?} {:?} {:?} {:?} {:?}",
        s.seq, s.target.text, s.name, s.content, s.standard, s.departments, s.funding
    )
}

fn outcome(full: &qingdan::emit::Output, cut: bool, bytes: &[u8], name: &str) -> Outcome {
    let Ok(doc) = qingdan::parse_bytes(name, bytes) else {
        return Outcome::Refused;
    };
    if seqs(&doc) == seqs(full) {
        return Outcome::Complete;
    }
    let reported = doc
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "truncated" || d.code.as_str() == "damaged")
        || doc.review.status != qingdan::review::Status::Ok;
    if reported {
        return Outcome::Reported;
    }
    // A cut right after the line break that ends a whole row: the rows are, field for field,
    // the first rows of the whole file.
    let prefix = doc.services.len() <= full.services.len()
        && doc
            .services
            .iter()
            .zip(&full.services)
            .all(|(a, b)| fields(a) == fields(b));
    if cut && bytes.ends_with(b"\n") && prefix {
        return Outcome::RowBoundary;
    }
    Outcome::Silent
}

/// Copies per format and outcome, and the silent ones described, with their format.
type Counts = (
    BTreeMap<(&'static str, Outcome), usize>,
    Vec<(&'static str, String)>,
);

/// Every copy's outcome, by format; the silent ones described, with their format.
fn run() -> Counts {
    let mut tally = BTreeMap::new();
    let mut silent = Vec::new();
    for (format, path) in sources() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let full = qingdan::parse_bytes(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        for (label, cut, copy) in copies(&bytes, seed) {
            let o = outcome(&full, cut, &copy, &name);
            *tally.entry((format, o)).or_insert(0) += 1;
            if o == Outcome::Silent {
                let got = qingdan::parse_bytes(&name, &copy).map_or(0, |d| d.services.len());
                silent.push((
                    format,
                    format!("{name} {label}: {got} of {} rows", full.services.len()),
                ));
            }
        }
    }
    (tally, silent)
}

fn print(tally: &BTreeMap<(&'static str, Outcome), usize>, silent: &[(&str, String)]) {
    let mut formats: Vec<&str> = tally.keys().map(|(f, _)| *f).collect();
    formats.dedup();
    eprintln!("format           complete reported  refused boundary   silent");
    for f in formats {
        let n = |o| tally.get(&(f, o)).copied().unwrap_or(0);
        eprintln!(
            "{f:<16} {:>8} {:>8} {:>8} {:>8} {:>8}",
            n(Outcome::Complete),
            n(Outcome::Reported),
            n(Outcome::Refused),
            n(Outcome::RowBoundary),
            n(Outcome::Silent)
        );
    }
    for (_, s) in silent {
        eprintln!("silent: {s}");
    }
}

/// Runs the injection once for every test that reads its counts.
fn counts() -> &'static Counts {
    static RUN: std::sync::OnceLock<Counts> = std::sync::OnceLock::new();
    RUN.get_or_init(|| {
        let r = run();
        print(&r.0, &r.1);
        r
    })
}

/// Runs the injection and counts: at least 500 copies, every format present, and no copy that
/// yields no rows at all passing as a document.
#[test]
fn fault_injection_counts() {
    let (tally, silent) = counts();
    let total: usize = tally.values().sum();
    assert!(total >= 500, "{total} damaged copies");
    for f in [
        "txt",
        "txt-line-broken",
        "csv",
        "md",
        "html",
        "docx",
        "xlsx",
        "pdf",
        "shapes-lines",
        "shapes-tsv",
        "shapes-csv",
        "shapes-md",
        "shapes-html",
        "shapes-docx",
        "shapes-xlsx",
        "shapes-pdf",
    ] {
        assert!(
            tally.keys().any(|(g, _)| *g == f),
            "no copy of format {f}: {tally:?}"
        );
    }
    assert!(
        !silent.iter().any(|(_, s)| s.contains(": 0 of ")),
        "a copy with no rows passed as a document: {silent:#?}"
    );
}

/// No silent loss in any format but PDF: every damaged copy of a text, CSV, Markdown, HTML,
/// docx or xlsx file gives all rows, reports the loss or is refused.
#[test]
fn fault_injection_no_silent_loss_but_pdf() {
    let (_, silent) = counts();
    let lost: Vec<&String> = silent
        .iter()
        .filter(|(f, _)| !is_pdf(f))
        .map(|(_, s)| s)
        .collect();
    assert!(lost.is_empty(), "{} silent losses: {lost:#?}", lost.len());
}

/// No silent loss in the PDFs either: a corrupt content stream or page object is `damaged`.
#[test]
fn fault_injection_no_silent_loss_in_pdf() {
    let (_, silent) = counts();
    let lost: Vec<&String> = silent
        .iter()
        .filter(|(f, _)| is_pdf(f))
        .map(|(_, s)| s)
        .collect();
    assert!(lost.is_empty(), "{} silent losses: {lost:#?}", lost.len());
}

/// Services, review status and the severities of `truncated` diagnostics of a parsed file.
fn verdict(
    name: &str,
    text: &str,
) -> (usize, qingdan::review::Status, Vec<qingdan::diag::Severity>) {
    let doc = qingdan::parse_bytes(name, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let truncated = doc
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "truncated")
        .map(|d| d.severity)
        .collect();
    (doc.services.len(), doc.review.status, truncated)
}

const CSV_HEAD: &str = "大同市平城区基本养老服务清单,,,,\r\n对象,服务项目,,服务内容,牵头部门\r\n老年人,1,高龄津贴,每人每月100元,区民政局\r\n";

/// Issue 19 item 6: a CSV cut inside its last row, without a final line break, lost the row's
/// missing cells silently (5 copies of the fault injection).
#[test]
fn csv_cut_inside_the_last_row_is_truncated() {
    use qingdan::diag::Severity::{Info, Warning};
    use qingdan::review::Status;
    // Short of fields.
    let (n, status, t) = verdict("a.csv", &format!("{CSV_HEAD},2,护理补贴,每人"));
    assert_eq!((n, status), (2, Status::Failed), "{t:?}");
    assert_eq!(t, [Warning]);
    // Inside a quoted cell that holds a line break.
    let (n, status, t) = verdict("a.csv", &format!("{CSV_HEAD},2,护理补贴,\"每人每月\n200"));
    assert_eq!((n, status, t), (2, Status::Failed, vec![Warning]));
    // Every field, its last name cut ("区民" is no organisation).
    let (_, status, t) = verdict("a.csv", &format!("{CSV_HEAD},2,护理补贴,发放,区民"));
    assert_eq!((status, t), (Status::Failed, vec![Warning]));
    // Only the final line break missing: whole, and said as a fact, not a cut.
    let (n, status, t) = verdict("a.csv", &format!("{CSV_HEAD},2,护理补贴,发放,区民政局"));
    assert_eq!((n, status, t), (2, Status::Ok, vec![Info]));
    // Cut between the CR and the LF of the last line break: no whole line break either.
    let (n, status, t) = verdict("a.csv", &format!("{CSV_HEAD},2,护理补贴,发放,区民政局\r"));
    assert_eq!((n, status, t), (2, Status::Ok, vec![Info]));
    // With its line break: nothing to say.
    let (n, status, t) = verdict("a.csv", &format!("{CSV_HEAD},2,护理补贴,发放,区民政局\r\n"));
    assert_eq!((n, status, t), (2, Status::Ok, vec![]));
}

const MD_HEAD: &str = "# 大同市平城区基本养老服务清单\n\n| 对象 | 服务项目 | | 服务内容 | 牵头部门 |\n|---|---|---|---|---|\n| 老年人 | 1 | 高龄津贴 | 每人每月100元 | 区民政局 |\n";

/// Issue 19 item 6: a Markdown table cut inside its last row lost the row silently (5 copies
/// of the fault injection), also when the cut leaves only the row's opening pipe.
#[test]
fn markdown_cut_inside_the_last_row_is_truncated() {
    use qingdan::diag::Severity::{Info, Warning};
    use qingdan::review::Status;
    for cut in [
        "| | 2 | 护理补贴 | 每人",
        "| ",
        "| | 2 | 护理补贴 | 发放 | 区民",
    ] {
        let (_, status, t) = verdict("a.md", &format!("{MD_HEAD}{cut}"));
        assert_eq!(status, Status::Failed, "{cut:?}: {t:?}");
        assert!(t.contains(&Warning), "{cut:?}: {t:?}");
    }
    let (n, status, t) = verdict(
        "a.md",
        &format!("{MD_HEAD}| | 2 | 护理补贴 | 发放 | 区民政局 |"),
    );
    assert_eq!((n, status, t), (2, Status::Ok, vec![Info]));
    let (n, status, t) = verdict(
        "a.md",
        &format!("{MD_HEAD}| | 2 | 护理补贴 | 发放 | 区民政局 |\n"),
    );
    assert_eq!((n, status, t), (2, Status::Ok, vec![]));
}

/// Issue 19 ("wrong or misleading signals"): an .xlsx whose second sheet holds only notes
/// (注：… lines, a 备注 paragraph merged across columns) is whole: not `truncated`, the notes no
/// service and no part of the last row. The workbook is made by `tests/xlsx/generate.py`.
#[test]
fn xlsx_with_a_notes_sheet_is_not_truncated() {
    let path = util::root().join("tests/xlsx/notes_sheet.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    let doc = qingdan::parse_bytes("notes_sheet.xlsx", &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        doc.services
            .iter()
            .map(|s| s.name.as_deref().unwrap_or(""))
            .collect::<Vec<_>>(),
        [
            "高龄津贴",
            "护理补贴",
            "城乡居民基本养老保险",
            "老年人能力综合评估",
            "健康管理服务",
            "老年教育"
        ]
    );
    let last = &doc.services[5];
    assert_eq!(last.departments, ["区教育局"]);
    assert_eq!(last.standard.as_deref(), Some("每人每学年不超过200元"));
    assert!(
        doc.diagnostics
            .iter()
            .all(|d| d.code.as_str() != "truncated"),
        "{:?}",
        doc.diagnostics
    );
    assert_eq!(
        doc.review.status,
        qingdan::review::Status::Ok,
        "{:?}",
        doc.review
    );
}
