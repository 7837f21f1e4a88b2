//! The PDFs in `tests/pdf/` (LibreOffice renderings of every list, portrait and landscape),
//! read directly: every numbered row exactly once, and `name`, `target` and `departments` right
//! on at least 95% of rows of each PDF, against the list's answer key in `tests/gold/` or, for a
//! seed without one, the answers of the seed fixture itself. `cargo test pdf -- --nocapture`
//! prints the figures of each PDF.

use crate::util;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Rows right per PDF at least.
const THRESHOLD: f64 = 0.95;

fn pdfs() -> Vec<(String, PathBuf)> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(util::root().join("tests/pdf"))
        .expect("tests/pdf exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name.split('.').next().unwrap_or_default().to_owned(), p)
        })
        .collect();
    v.sort();
    v
}

fn norm(v: &Value) -> String {
    v.as_str()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap()
            }
            _ => c,
        })
        .collect()
}

fn set(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(norm)
        .filter(|s| !s.is_empty())
        .collect()
}

/// One row's answers: seq, name, target, departments, and the fields the key marks hard.
struct Row {
    seq: u64,
    name: String,
    target: String,
    departments: BTreeSet<String>,
    hard: BTreeSet<String>,
}

fn rows_of_key(gold: &Value) -> Vec<Row> {
    gold["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Row {
            seq: s["seq"].as_u64().unwrap(),
            name: norm(&s["name"]),
            target: norm(&s["target"]),
            departments: set(&s["departments"]),
            hard: s["hard"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|h| h.as_str().map(str::to_owned))
                .collect(),
        })
        .collect()
}

fn rows_of_output(out: &Value) -> Vec<Row> {
    out["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Row {
            seq: s["seq"].as_u64().unwrap_or(0),
            name: norm(&s["name"]),
            target: norm(&s["target"]["text"]),
            departments: set(&s["departments"]),
            hard: BTreeSet::new(),
        })
        .collect()
}

#[test]
fn every_pdf_gives_its_rows() {
    let all = pdfs();
    assert!(all.len() >= 20, "{} PDFs", all.len());
    let mut failures = Vec::new();
    println!("PDF\trows\tfound once\tright\tshare\tother fields differing");
    for (stem, path) in &all {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let out = match qingdan::parse_bytes(&name, &bytes) {
            Ok(o) => serde_json::from_str::<Value>(&qingdan::to_canonical(&o)).unwrap(),
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        assert_eq!(out["source"]["format"], "pdf", "{name}");
        let key = util::root().join("tests/gold").join(format!("{stem}.json"));
        let want = match std::fs::read_to_string(&key) {
            Ok(s) => rows_of_key(&serde_json::from_str(&s).unwrap()),
            Err(_) => {
                let seed = util::root().join("fixtures").join(format!("{stem}.txt"));
                rows_of_output(&util::parse_json(&seed))
            }
        };
        let got = rows_of_output(&out);
        // The document's metadata and every other field of the key, for information.
        let mut other = Vec::new();
        if let Ok(k) = std::fs::read_to_string(&key) {
            let gold: Value = serde_json::from_str(&k).unwrap();
            other.extend(crate::gold::document_misses(&name, &gold, &out).1);
            other.extend(crate::gold::service_misses(&name, &gold, &out).1);
        }
        for m in &other {
            eprintln!("  (other field) {m}");
        }
        let want_seqs: Vec<u64> = want.iter().map(|r| r.seq).collect();
        let got_seqs: Vec<u64> = got.iter().map(|r| r.seq).collect();
        let once = want_seqs == got_seqs;
        let mut right = 0;
        for w in &want {
            let Some(h) = got.iter().find(|h| h.seq == w.seq) else {
                continue;
            };
            let ok = |field: &str, same: bool| same || w.hard.contains(field);
            let fields = [
                ("name", ok("name", w.name == h.name)),
                ("target", ok("target", w.target == h.target)),
                (
                    "departments",
                    ok("departments", w.departments == h.departments),
                ),
            ];
            if fields.iter().all(|(_, f)| *f) {
                right += 1;
            } else {
                for (f, good) in fields {
                    if !good {
                        let (a, b) = match f {
                            "name" => (w.name.clone(), h.name.clone()),
                            "target" => (w.target.clone(), h.target.clone()),
                            _ => (
                                format!("{:?}", w.departments),
                                format!("{:?}", h.departments),
                            ),
                        };
                        eprintln!("  {name} #{} {f}: want {a}, got {b}", w.seq);
                    }
                }
            }
        }
        let share = right as f64 / want.len().max(1) as f64;
        println!(
            "{name}\t{}\t{}\t{right}\t{:.3}\t{}",
            want.len(),
            if once { "yes" } else { "NO" },
            share,
            other.len()
        );
        if !once {
            failures.push(format!("{name}: rows {got_seqs:?}, want {want_seqs:?}"));
        }
        if share < THRESHOLD {
            failures.push(format!(
                "{name}: {right}/{} rows right ({share:.3} < {THRESHOLD})",
                want.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Cut and flipped PDFs never panic: each gives a document or one clean line.
#[test]
fn damaged_pdfs_never_panic() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (_, path) in pdfs().into_iter().step_by(3) {
        let bytes = std::fs::read(&path).unwrap();
        let mut cases: Vec<Vec<u8>> = (1..8)
            .map(|k| bytes[..bytes.len() * k / 8].to_vec())
            .collect();
        for _ in 0..6 {
            let mut b = bytes.clone();
            for _ in 0..8 {
                let i = (next() as usize) % b.len();
                b[i] = next() as u8;
            }
            cases.push(b);
        }
        for b in cases {
            match qingdan::parse_bytes("cut.pdf", &b) {
                Ok(out) => {
                    let json = qingdan::to_canonical(&out);
                    assert!(serde_json::from_str::<Value>(&json).is_ok());
                }
                Err(e) => {
                    let e = e.to_string();
                    assert!(!e.contains('\n') && e.starts_with("cut.pdf: "), "{e}");
                }
            }
        }
    }
}

/// Encrypted, scanned and text-less PDFs are refused in one line that says which.
#[test]
fn unreadable_pdfs_are_named() {
    let blank = minimal_pdf("", "");
    let e = qingdan::parse_bytes("blank.pdf", &blank)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no text") && !e.contains('\n'), "{e}");
    let scanned = minimal_pdf(
        "q 500 0 0 700 50 50 cm /Im1 Do Q",
        "/XObject << /Im1 5 0 R >>",
    );
    let e = qingdan::parse_bytes("scan.pdf", &scanned)
        .unwrap_err()
        .to_string();
    assert!(e.contains("scanned") && e.contains("OCR"), "{e}");
}

/// A PDF encrypted with a user password (the standard handler, RC4 40-bit, an /U entry no empty
/// password matches) is refused as encrypted, not read as garbage.
#[test]
fn encrypted_pdf_is_named() {
    let mut bytes = minimal_pdf("BT /F1 12 Tf 72 700 Td (x) Tj ET", "");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let zeros = "00".repeat(32);
    let patched = text.replace(
        "/Root 1 0 R >>",
        &format!(
            "/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O <{zeros}> /U <{}> /P -4 >> /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>",
            "11".repeat(32)
        ),
    );
    bytes = patched.into_bytes();
    let e = qingdan::parse_bytes("locked.pdf", &bytes)
        .unwrap_err()
        .to_string();
    assert!(e.contains("encrypted") && !e.contains('\n'), "{e}");
}

/// A one-page PDF with the given content stream and extra resources; object 5 is a 1×1 image.
fn minimal_pdf(content: &str, resources: &str) -> Vec<u8> {
    pdf_of(&[
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << {resources} >> >>"
        ),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len() + 1),
        "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\u{0}\nendstream".to_owned(),
    ])
}

/// A PDF of a catalog (1), a page tree (2) with one page (3) and the objects from 3 on.
fn pdf_of(objects: &[String]) -> Vec<u8> {
    let mut objs = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
    ];
    objs.extend(objects.iter().cloned());
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .bytes(),
    );
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Government PDFs name fonts by predefined CJK CMaps and embed nothing: a table drawn with
/// ruling lines, its text in a `UniGB-UCS2-H` font (UTF-16 codes) and a `GBK-EUC-H` font (GBK
/// codes), reads as the table it shows, with the title above it as prose.
#[test]
fn predefined_cjk_cmaps_and_rulings() {
    let ucs2 = |t: &str| {
        hex(&t
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect::<Vec<u8>>())
    };
    let gbk = |t: &str| hex(&encoding_rs::GBK.encode(t).0);
    let rows = [
        ["序号", "服务项目", "服务对象", "牵头单位"],
        ["1", "高龄津贴", "80周岁及以上老年人", "区民政局"],
        ["2", "老年教育", "60周岁及以上老年人", "区教育局"],
    ];
    let xs = [50.0, 90.0, 200.0, 420.0, 545.0];
    let ys = [760.0, 740.0, 720.0, 700.0];
    let mut c = String::from("0.5 w\n");
    for y in ys {
        c += &format!("{} {y} m {} {y} l S\n", xs[0], xs[4]);
    }
    for x in xs {
        c += &format!("{x} {} m {x} {} l S\n", ys[0], ys[3]);
    }
    c += &format!(
        "BT /F2 16 Tf 200 790 Td <{}> Tj ET\n",
        gbk("某区基本养老服务清单")
    );
    for (r, row) in rows.iter().enumerate() {
        for (k, text) in row.iter().enumerate() {
            // Alternate the two fonts over the cells.
            let (font, code) = if (r + k) % 2 == 0 {
                ("F1", ucs2(text))
            } else {
                ("F2", gbk(text))
            };
            c += &format!(
                "BT /{font} 10 Tf {} {} Td <{code}> Tj ET\n",
                xs[k] + 4.0,
                ys[r + 1] + 6.0
            );
        }
    }
    let cid_font = |enc: &str| {
        format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{enc} /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>] >>"
        )
    };
    // Upright, and drawn on a landscape page turned by /Rotate 90 (as some producers write
    // portrait pages): both read the same.
    let turned = format!("q 0 1 -1 0 842 0 cm\n{c}Q\n");
    for (content, page) in [
        (&c, "/MediaBox [0 0 595 842]"),
        (&turned, "/MediaBox [0 0 842 595] /Rotate 90"),
    ] {
        let bytes = pdf_of(&[
            format!(
                "<< /Type /Page /Parent 2 0 R {page} /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>"
            ),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len() + 1
            ),
            cid_font("UniGB-UCS2-H"),
            cid_font("GBK-EUC-H"),
        ]);
        let input = qingdan::read::read("t.pdf", &bytes).unwrap();
        let lines: Vec<&str> = input.view.text.lines().collect();
        assert_eq!(
            lines[0], "某区基本养老服务清单",
            "{page}: {}",
            input.view.text
        );
        assert_eq!(lines.len(), 4, "{page}: {}", input.view.text);
        for (line, row) in lines[1..].iter().zip(&rows) {
            assert_eq!(*line, row.join("\t"), "{page}");
        }
    }
}

/// The byte range of the data of object `id`'s stream in `pdf` (between `stream` and
/// `endstream`).
fn stream_data(pdf: &[u8], id: u32) -> std::ops::Range<usize> {
    let head = format!("\n{id} 0 obj");
    let at = pdf
        .windows(head.len())
        .position(|w| w == head.as_bytes())
        .unwrap_or_else(|| panic!("object {id} is in the file"));
    let find = |from: usize, what: &[u8]| {
        from + pdf[from..]
            .windows(what.len())
            .position(|w| w == what)
            .unwrap_or_else(|| panic!("{what:?} after object {id}"))
    };
    let start = find(at, b"stream") + b"stream".len();
    let start = start + usize::from(pdf[start] == b'\r') + 1;
    start..find(start, b"endstream")
}

/// The object numbers of the pages' `/Contents`, in file order.
fn content_ids(pdf: &[u8]) -> Vec<u32> {
    let text = String::from_utf8_lossy(pdf);
    let re = regex::Regex::new(r"/Contents\s*(\d+)\s+0\s+R").unwrap();
    re.captures_iter(&text)
        .map(|c| c[1].parse().unwrap())
        .collect()
}

fn parse_pdf(name: &str, bytes: &[u8]) -> qingdan::emit::Output {
    qingdan::parse_bytes(name, bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// Issue 19: a changed byte inside a page's compressed content (an interrupted or corrupted
/// transfer) lost that page's rows with review `ok`: lopdf falls back silently to what inflated
/// before the damage. The damage is a `damaged` warning naming the page, and the review fails.
#[test]
fn a_corrupt_content_stream_is_damaged() {
    let cases = [
        "tests/shapes/s02_xinyang_guangshan.landscape.pdf",
        "tests/shapes/s01_suqian_sihong.reportlab.landscape.pdf",
        "tests/pdf/002_53f1ec094fe4d388.landscape.pdf",
    ];
    for case in cases {
        let bytes = std::fs::read(util::root().join(case)).unwrap();
        let whole = parse_pdf(case, &bytes);
        assert!(
            !whole
                .diagnostics
                .iter()
                .any(|d| d.code.as_str() == "damaged"),
            "{case}: the whole file is not damaged"
        );
        assert_ne!(
            whole.review.status,
            qingdan::review::Status::Failed,
            "{case}"
        );
        let first = content_ids(&bytes)[0];
        let data = stream_data(&bytes, first);
        let mut copy = bytes.clone();
        // Two bytes in the middle of the first page's content stream.
        let mid = (data.start + data.end) / 2;
        copy[mid] ^= 0x55;
        copy[mid + 1] ^= 0xaa;
        let doc = parse_pdf(case, &copy);
        let damaged: Vec<&qingdan::emit::Diagnostic> = doc
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "damaged")
            .collect();
        assert_eq!(damaged.len(), 1, "{case}: {:?}", doc.diagnostics);
        assert_eq!(damaged[0].severity, qingdan::diag::Severity::Warning);
        assert!(
            damaged[0]
                .message
                .starts_with("page 1 is damaged (its content stream ")
                && damaged[0].message.contains("corrupt"),
            "{case}: {}",
            damaged[0].message
        );
        assert_eq!(doc.review.status, qingdan::review::Status::Failed, "{case}");
        assert!(doc.services.len() <= whole.services.len(), "{case}");
    }
}

/// Issue 19: a page object that cannot be parsed (a flipped byte in its `N 0 obj` line) read as
/// an empty last page: the rows on it were gone with review `ok`.
#[test]
fn an_unreadable_page_object_is_damaged() {
    let case = "tests/pdf/001_d3e8401a7d0b656b.landscape.pdf";
    let bytes = std::fs::read(util::root().join(case)).unwrap();
    let whole = parse_pdf(case, &bytes);
    let text = String::from_utf8_lossy(&bytes);
    let kids = regex::Regex::new(r"/Kids\s*\[([^\]]*)\]").unwrap();
    let last: u32 = kids.captures(&text).expect("a page tree")[1]
        .split(" R")
        .filter_map(|k| k.split_whitespace().next()?.parse().ok())
        .last()
        .expect("pages");
    let head = format!("\n{last} 0 obj");
    let at = bytes
        .windows(head.len())
        .position(|w| w == head.as_bytes())
        .unwrap();
    let mut copy = bytes.clone();
    // "N 0 obj" → "N\u{b1}0 obj".
    copy[at + 1 + last.to_string().len()] = 0xb1;
    let doc = parse_pdf(case, &copy);
    assert!(doc.services.len() < whole.services.len());
    let d = doc
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "damaged")
        .unwrap_or_else(|| panic!("{:?}", doc.diagnostics));
    assert!(
        d.message
            .contains(&format!("its page object {last} 0 R cannot be read")),
        "{}",
        d.message
    );
    assert_eq!(doc.review.status, qingdan::review::Status::Failed);
}
