//! Regression cases, each the smallest input that broke, named after its issue.

use crate::util;

fn fixture(stem: &str) -> String {
    std::fs::read_to_string(util::root().join("fixtures").join(format!("{stem}.txt"))).unwrap()
}

fn codes(out: &qingdan::emit::Output) -> Vec<String> {
    out.diagnostics.iter().map(|d| d.code.to_string()).collect()
}

// See: issue 11, item 1. A note line inside a tab-separated list ended the list there.
#[test]
fn r11_note_line_inside_a_list() {
    let text = fixture("000_e26b50a82a71a634");
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines.insert(9, "注：以上标准按年度动态调整");
    let out = qingdan::parse_bytes("x.txt", lines.join("\n").as_bytes()).unwrap();
    assert_eq!(out.services.len(), 24);
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.code.to_string() == "unused-text" && d.line == 10),
        "{:?}",
        out.diagnostics
    );
}

// See: issue 11, item 3. 002 cut at byte 25001 lost rows without `truncated`.
#[test]
fn r11_cut_inside_a_department_name() {
    let text = fixture("002_53f1ec094fe4d388");
    let out = qingdan::parse_bytes("x.txt", &text.as_bytes()[..25001]).unwrap();
    assert_eq!(out.services.len(), 13);
    assert_eq!(out.services[12].departments, ["区卫"]);
    assert!(codes(&out).contains(&"truncated".to_owned()));
}

// See: issue 11, item 3. Thirty cuts inside lines of every fixture: a cut that drops a row the
// list still shows in part is reported.
#[test]
fn r11_cuts_inside_lines_are_reported() {
    let mut silent = Vec::new();
    for f in util::fixtures() {
        let bytes = std::fs::read(&f).unwrap();
        let full = qingdan::parse_bytes("x.txt", &bytes).unwrap();
        let first = full.services[0].lines[0];
        let last = full.services.last().unwrap().lines[1];
        let text = String::from_utf8(bytes).unwrap();
        // Byte offsets of the list's lines.
        let mut starts = vec![0usize];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let (lo, hi) = (
            starts[first as usize - 1],
            starts.get(last as usize).copied().unwrap_or(text.len()),
        );
        for k in 1..=30 {
            let mut at = lo + (hi - lo) * k / 31;
            while !text.is_char_boundary(at) {
                at += 1;
            }
            if text[..at].ends_with('\n') || text[at..].starts_with('\n') {
                continue;
            }
            let Ok(out) = qingdan::parse_bytes("x.txt", &text.as_bytes()[..at]) else {
                continue;
            };
            let cut_row = out.services.last().is_some_and(|s| {
                let want = full.services.iter().find(|w| w.seq == s.seq);
                want.is_some_and(|w| {
                    w.departments != s.departments
                        || w.content != s.content
                        || w.standard != s.standard
                        || w.funding != s.funding
                })
            });
            if cut_row && !codes(&out).contains(&"truncated".to_owned()) {
                silent.push(format!("{} at {at}", f.display()));
            }
        }
    }
    assert!(
        silent.is_empty(),
        "cut rows without `truncated`:\n{}",
        silent.join("\n")
    );
}

// See: issue 11, item 4. A repeated page header with a cell wrapped onto the next line and a tab
// lost became a fake service.
#[test]
fn r11_damaged_repeated_header() {
    let text = fixture("000_e26b50a82a71a634");
    let header = "对象\t服务项目\t\t服务内容\t服务标准\t服务类型\t牵头落实部门";
    assert!(text.matches(header).count() >= 2);
    let first = text.find(header).unwrap() + header.len();
    let damaged = format!(
        "{}{}",
        &text[..first],
        text[first..].replacen(
            header,
            "对象\t服务项目\t服务内\n容\t服务标准\t服务类型\t牵头落实部门",
            1
        )
    );
    let want = qingdan::parse_bytes("x.txt", text.as_bytes()).unwrap();
    let got = qingdan::parse_bytes("x.txt", damaged.as_bytes()).unwrap();
    let key = |o: &qingdan::emit::Output| -> Vec<(u32, Option<String>, Option<String>)> {
        o.services
            .iter()
            .map(|s| (s.seq, s.target.text.clone(), s.name.clone()))
            .collect()
    };
    assert_eq!(key(&got), key(&want));
}

// See: issue 13, item 7. Row numbers past 9,999 are numbers.
#[test]
fn r13_five_digit_row_numbers() {
    let mut t =
        String::from("XX区基本养老服务清单\n服务对象\t序号\t服务项目\t服务内容\t牵头部门\n");
    for n in 9998..10003 {
        t.push_str(&format!("老年人\t{n}\t项目{n}\t每人每月50元\t区民政局\n"));
    }
    let out = qingdan::parse_bytes("x.txt", t.as_bytes()).unwrap();
    // The printed numbers are kept as written; `seq` is the running position (issue 18).
    let numbers: Vec<&str> = out.services.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(numbers, ["9998", "9999", "10000", "10001", "10002"]);
    let seqs: Vec<u32> = out.services.iter().map(|s| s.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert!(!codes(&out).contains(&"missing-number".to_owned()));
}

// See: issue 13, item 7. A list of 6,000 rows under section rows, written as a tab-separated
// table and in the line-broken shape (every cell on its own tab-led line): rows are built one
// at a time from records whose cells moved out of the grammar items, so both shapes must give
// every row once, in order, with the section above it as its type.
#[test]
fn r13_long_list_with_sections_in_both_text_shapes() {
    const ROWS: u32 = 6_000;
    let sections = ["一、物质帮助类", "二、照护服务类", "三、关爱服务类"];
    let types = ["物质帮助", "照护服务", "关爱服务"];
    let header = ["序号", "服务项目", "服务对象", "服务内容", "牵头部门"];
    let row = |n: u32| {
        [
            n.to_string(),
            format!("服务项目{n}"),
            format!("{}周岁及以上老年人", 60 + n % 20),
            format!("每人每月{}元", 50 + n % 7),
            "区民政局".to_owned(),
        ]
    };
    let mut tsv = format!("XX区基本养老服务清单\n{}\n", header.join("\t"));
    let mut broken = String::from("XX区基本养老服务清单\n\n");
    for h in header {
        broken.push_str(&format!("\t{h}\n"));
    }
    broken.push('\n');
    for n in 1..=ROWS {
        if n % 2_000 == 1 {
            let s = sections[(n / 2_000) as usize];
            tsv.push_str(&format!("{s}\n"));
            broken.push_str(&format!("\t{s}\n"));
        }
        let cells = row(n);
        tsv.push_str(&format!("{}\n", cells.join("\t")));
        for c in &cells {
            broken.push_str(&format!("\t{c}\n"));
        }
        broken.push('\n');
    }
    let key = |o: &qingdan::emit::Output| -> Vec<(u32, String, String, String, Vec<String>)> {
        o.services
            .iter()
            .map(|s| {
                (
                    s.seq,
                    s.name.clone().unwrap_or_default(),
                    s.target.text.clone().unwrap_or_default(),
                    s.content.clone().unwrap_or_default(),
                    s.types.clone(),
                )
            })
            .collect()
    };
    let a = qingdan::parse_bytes("a.txt", tsv.as_bytes()).unwrap();
    let b = qingdan::parse_bytes("b.txt", broken.as_bytes()).unwrap();
    assert_eq!(a.source.layout.as_str(), "tsv");
    assert_eq!(b.source.layout.as_str(), "line-broken");
    let want: Vec<(u32, String, String, String, Vec<String>)> = (1..=ROWS)
        .map(|n| {
            let [_, name, target, content, _] = row(n);
            let t = types[((n - 1) / 2_000) as usize].to_owned();
            (n, name, target, content, vec![t])
        })
        .collect();
    assert_eq!(key(&a), want);
    assert_eq!(key(&b), want);
    assert!(b.services.iter().all(|s| s.departments == ["区民政局"]));
    let last = serde_json::to_value(&b.services[5_999].quantities).unwrap();
    assert_eq!(last[0]["value"], serde_json::json!(50 + 6_000 % 7));
    assert_eq!(last[0]["period"], "month");
}

// See: issue 13, item 6. A blank 服务对象 between two blocks belongs to the lower cell where
// the lower cell shows it was centred: its two source lines stand side by side on one row
// ("经济困难 老年人") with as many blank rows below it as there are above. In 003 that is row 16,
// in the seed and in its line-broken re-layouts (where the cell wraps again); a cell written
// without such a trace, or wrapped only by the extraction, leaves the row to the block above.
#[test]
fn r13_centred_cell_between_two_blocks() {
    let target = |o: &qingdan::emit::Output, seq: u32| {
        o.services
            .iter()
            .find(|s| s.seq == seq)
            .and_then(|s| s.target.text.clone())
    };
    let seed = qingdan::parse_bytes("003.txt", fixture("003_96d89b5e45fd7fea").as_bytes()).unwrap();
    let variants = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/variants");
    let variant = |v: &str| {
        let bytes = std::fs::read(variants.join(format!("003_96d89b5e45fd7fea.{v}.bin"))).unwrap();
        qingdan::parse_bytes("003.txt", &bytes).unwrap()
    };
    for out in [seed, variant("relayout"), variant("relayout-dense")] {
        assert_eq!(target(&out, 15).as_deref(), Some("特困老年人"));
        for seq in [16, 17, 18] {
            assert_eq!(
                target(&out, seq).as_deref(),
                Some("经济困难老年人"),
                "#{seq}"
            );
        }
        assert_eq!(target(&out, 19).as_deref(), Some("特殊困难老年人"));
        let centred: Vec<&str> = out
            .diagnostics
            .iter()
            .filter(|d| d.code.to_string() == "centred-target")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(centred.len(), 2, "{centred:?}");
        assert!(
            centred[1].starts_with("row 16 has a blank 服务对象 directly above 经济困难老年人")
        );
        assert!(centred[1].contains("centred over rows 16–18"));
    }
    // A list that shows centred cells (a 服务对象 split over rows 1–2): the blank row 4 goes to
    // the cell below it when that cell carries the trace, and stays with the block above when
    // it does not; in a list that shows no centred cells it stays too. Each list is read as
    // tab-separated text and in the line-broken shape.
    let head = "XX区基本养老服务清单\n服务对象\t序号\t服务项目\t服务内容\t牵头部门\n";
    let split =
        "60周岁及\t1\t高龄津贴\t每人每月100元\t区民政局\n以上老年人\t2\t体检\t每年一次\t区卫健局\n";
    let whole =
        "60周岁及以上老年人\t1\t高龄津贴\t每人每月100元\t区民政局\n\t2\t体检\t每年一次\t区卫健局\n";
    let rows = |top: &str, lower: &str| {
        format!(
            "{head}{top}特困老年人\t3\t分散供养\t按标准供养\t区民政局\n\t4\t集中供养\t按标准供养\t区民政局\n{lower}\t5\t生活补贴\t每人每月80元\t区民政局\n\t6\t公证服务\t减免公证费\t区司法局\n"
        )
    };
    // The same list in the line-broken shape: every cell on its own tab-led line.
    let line_broken = |tsv: &str| {
        let mut lines = tsv.lines();
        let mut out = format!("{}\n\n", lines.next().unwrap_or(""));
        for l in lines {
            for cell in l.split('\t') {
                out.push_str(&format!("\t{cell}\n"));
            }
            out.push('\n');
        }
        out
    };
    for (top, lower, want) in [
        (split, "经济困难 老年人", "经济困难老年人"),
        (split, "经济困难老年人", "特困老年人"),
        (whole, "经济困难 老年人", "特困老年人"),
    ] {
        let tsv = rows(top, lower);
        for (text, shape) in [(tsv.clone(), "tsv"), (line_broken(&tsv), "line-broken")] {
            let out = qingdan::parse_bytes("x.txt", text.as_bytes()).unwrap();
            assert_eq!(out.source.layout.as_str(), shape);
            check(&out, lower, want);
        }
    }
    fn check(out: &qingdan::emit::Output, lower: &str, want: &str) {
        let target = |seq: u32| {
            out.services
                .iter()
                .find(|s| s.seq == seq)
                .and_then(|s| s.target.text.clone())
        };
        assert_eq!(target(2).as_deref(), Some("60周岁及以上老年人"));
        assert_eq!(target(4).as_deref(), Some(want), "{lower}");
        assert_eq!(target(6).as_deref(), Some("经济困难老年人"), "{lower}");
        let centred = codes(out).contains(&"centred-target".to_owned());
        assert_eq!(centred, want == "经济困难老年人", "{lower}");
    }
}

/// l01 followed by l04 in one file: l01's 24 services and region, and the second list said.
fn assert_first_of_two_lists(out: &qingdan::emit::Output) {
    assert_eq!(out.services.len(), 24);
    assert_eq!(
        out.document
            .region
            .as_ref()
            .and_then(|r| r.adcode.as_deref()),
        Some("510107")
    );
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.code.to_string() == "second-list" && d.message.contains("姑苏区")),
        "{:?}",
        out.diagnostics
    );
}

// See: issue 11, item 1. Two lists in one file: the second is said, and the region is the
// first list's, whose services these are.
#[test]
fn r11_two_lists_in_one_file() {
    let two = format!(
        "{}\n{}",
        fixture("l01_chengdu_wuhou"),
        fixture("l04_suzhou_gusu")
    );
    assert_first_of_two_lists(&qingdan::parse_bytes("x.txt", two.as_bytes()).unwrap());
}

// See: issue 11, item 1. The same for a structured shape: two Markdown lists in one file.
#[test]
fn r11_two_markdown_lists_in_one_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/formats");
    let mut two = std::fs::read(root.join("l01_chengdu_wuhou.md")).unwrap();
    two.extend(std::fs::read(root.join("l04_suzhou_gusu.md")).unwrap());
    assert_first_of_two_lists(&qingdan::parse_bytes("two.md", &two).unwrap());
}

// See: issue 13, item 7. `qingdan parse` streams its document (services written as they are
// built); the bytes must be those of the whole document serialized at once, for every input
// shape: the fixtures and their renderings as Word, web page, spreadsheet, CSV and Markdown.
#[test]
fn r13_streamed_document_is_the_whole_document() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for (dir, ext) in [
        (
            "tests/formats",
            ["csv", "docx", "html", "md", "xlsx"].as_slice(),
        ),
        ("tests/pdf", ["pdf"].as_slice()),
    ] {
        files.extend(
            std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| ext.iter().any(|e| x == *e))),
        );
    }
    files.sort();
    let mut compared = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(whole) = qingdan::parse_bytes(&name, &bytes) else {
            assert!(qingdan::write_parsed(&name, bytes, Vec::new()).is_err());
            continue;
        };
        let mut streamed = Vec::new();
        qingdan::write_parsed(&name, bytes, &mut streamed)
            .unwrap()
            .unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            qingdan::to_canonical(&whole),
            "{}",
            f.display()
        );
        compared += 1;
    }
    assert!(compared >= 60, "only {compared} documents compared");
}

fn format_fixture(name: &str) -> String {
    std::fs::read_to_string(util::root().join("tests/formats").join(name))
        .unwrap()
        .trim_start_matches('\u{feff}')
        .to_owned()
}

fn has(out: &qingdan::emit::Output, code: &str) -> bool {
    codes(out).iter().any(|c| c == code)
}

// See: issue 19, item 6. An HTML page cut between two rows (no </table>, no </html>) gave the
// rows before the cut with no diagnostic; the same page whole, or with a 注 paragraph after
// its table, is not truncated.
#[test]
fn r19_html_cut_between_rows() {
    let html = format_fixture("000_e26b50a82a71a634.html");
    let ends: Vec<usize> = html.match_indices("</tr>").map(|(i, _)| i + 5).collect();
    let out = qingdan::parse_bytes("x.html", &html.as_bytes()[..ends[10]]).unwrap();
    assert_eq!(out.services.len(), 10);
    assert!(has(&out, "truncated"), "{:?}", out.diagnostics);
    let noted = html.replacen("</table>", "</table><p>注：以上标准按年度动态调整</p>", 1);
    for whole in [&html, &noted] {
        let out = qingdan::parse_bytes("x.html", whole.as_bytes()).unwrap();
        assert_eq!(out.services.len(), 24);
        assert!(!has(&out, "truncated"), "{:?}", out.diagnostics);
    }
}

// See: issue 19, item 6. A Markdown table cut inside its last row (every cell there, the last
// one cut: 区卫) dropped nothing visible and said nothing: the row is kept and reported.
#[test]
fn r19_markdown_cut_inside_last_row() {
    let md = format_fixture("000_e26b50a82a71a634.md");
    let md = md.trim_end();
    let cut = &md[..md.len() - "健局 |".len()];
    assert!(cut.ends_with("区卫"), "{}", &cut[cut.len() - 30..]);
    let out = qingdan::parse_bytes("x.md", cut.as_bytes()).unwrap();
    assert_eq!(out.services.len(), 24);
    assert_eq!(out.services[23].departments.last().unwrap(), "区卫");
    assert!(has(&out, "truncated"), "{:?}", out.diagnostics);
    // Whole but without its final line break: not truncated (the review stays ok); an info
    // says the file ends right after a whole row, as for text.
    let whole = qingdan::parse_bytes("x.md", md.as_bytes()).unwrap();
    assert!(
        whole
            .diagnostics
            .iter()
            .all(|d| d.code.as_str() != "truncated" || d.severity == qingdan::diag::Severity::Info),
        "{:?}",
        whole.diagnostics
    );
    assert_eq!(whole.review.status, qingdan::review::Status::Ok);
    let ended = format!("{md}\n");
    let ended = qingdan::parse_bytes("x.md", ended.as_bytes()).unwrap();
    assert!(!has(&ended, "truncated"), "{:?}", ended.diagnostics);
}

// See: issue 19, item 5. One quote opening a 服务项目 cell and never closed swallowed the rest
// of the list into that cell (4 of 24 rows). The rows are read again and the quote reported.
#[test]
fn r19_csv_unclosed_quote() {
    let csv = format_fixture("000_e26b50a82a71a634.csv");
    let want = qingdan::parse_bytes("x.csv", csv.as_bytes()).unwrap();
    // The rows as plain one-line records, then a quote opening the 5th row's 服务项目 cell.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let mut lines: Vec<String> = reader
        .records()
        .map(|r| {
            r.unwrap()
                .iter()
                .map(|c| c.replace(['\n', '"'], "").replace(',', "，"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let header = lines.iter().position(|l| l.contains("服务项目")).unwrap();
    let mut cells: Vec<String> = lines[header + 4].split(',').map(str::to_owned).collect();
    cells[2].insert(0, '"');
    lines[header + 4] = cells.join(",");
    let broken = lines.join("\n") + "\n";
    let out = qingdan::parse_bytes("x.csv", broken.as_bytes()).unwrap();
    let names = |o: &qingdan::emit::Output| -> Vec<Option<String>> {
        o.services.iter().map(|s| s.name.clone()).collect()
    };
    assert_eq!(names(&out), names(&want));
    let note = out
        .diagnostics
        .iter()
        .find(|d| d.code.to_string() == "garbled-cell")
        .expect("the unclosed quote is reported");
    assert_eq!(note.line as usize, header + 5);
}

// See: issue 19, item 1. A reportlab PDF of 80 rows cut at 50 / 70 / 90 % (an interrupted
// download) gave 31 / 31 / 62 rows with exit 0 and no diagnostic. Each cut is reported as
// truncated, or refused naming the cut; never told to run OCR.
#[test]
fn r19_pdf_cut_short() {
    let pdf = std::fs::read(util::root().join("tests/pdf/made/plain80.portrait.pdf")).unwrap();
    let whole = qingdan::parse_bytes("x.pdf", &pdf).unwrap();
    assert_eq!(whole.services.len(), 80);
    assert!(!has(&whole, "truncated"), "{:?}", whole.diagnostics);
    for percent in [10, 30, 50, 70, 90] {
        match qingdan::parse_bytes("x.pdf", &pdf[..pdf.len() * percent / 100]) {
            Ok(out) => {
                assert!(out.services.len() < 80, "{percent}%");
                let note = out
                    .diagnostics
                    .iter()
                    .find(|d| d.code.to_string() == "truncated")
                    .unwrap_or_else(|| panic!("{percent}%: {:?}", out.diagnostics));
                assert!(
                    note.message.contains("of its 3 pages read"),
                    "{}",
                    note.message
                );
            }
            Err(e) => {
                let e = e.to_string();
                assert!(
                    e.contains("cut short") && !e.contains("OCR"),
                    "{percent}%: {e}"
                );
            }
        }
    }
}

// See: issue 19, item 2. `pdftotext -layout` text whose rows 9–13 the extractor glued into one
// line numbered `910111213` is refused with the way out, not read as a partial list.
#[test]
fn r19_layout_text_with_glued_rows() {
    let path = util::root().join("tests/pdf/made/tight30.portrait.pdftotext-layout.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let at = |n: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(&format!("{n} ")))
            .unwrap()
    };
    let (nine, thirteen) = (at("9"), at("13"));
    // The number and the 服务项目 cell give way to the glued numbers, as in the extractor's text.
    let rest: String = lines[nine].chars().skip(9).collect();
    lines[nine] = format!("910111213{rest}");
    lines.drain(nine + 1..=thirteen);
    let err = qingdan::parse_bytes("x.txt", lines.join("\n").as_bytes()).unwrap_err();
    let err = err.to_string();
    assert!(
        err.contains("910111213")
            && err.contains("rows 9 to 13")
            && err.contains("pass the PDF itself"),
        "{err}"
    );
}

/// A copy of a zip archive with one entry's text changed.
fn rezip(bytes: &[u8], name: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        let entry_name = entry.name().to_owned();
        out.start_file(&entry_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        if entry_name == name {
            data = change(std::str::from_utf8(&data).unwrap()).into_bytes();
        }
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

// See: issue 19, wrong signals. A .docx whose table is followed by a 注 paragraph (the last
// text of the document) was reported truncated; a cut .docx was "neither .docx nor .xlsx".
#[test]
fn r19_docx_note_after_table_and_cut_docx() {
    let docx = std::fs::read(util::root().join("tests/formats/000_e26b50a82a71a634.docx")).unwrap();
    let noted = rezip(&docx, "word/document.xml", |x| {
        let at = x.rfind("</w:tbl>").unwrap() + "</w:tbl>".len();
        let body_end = x[at..].find("<w:sectPr").map_or(x.len(), |i| at + i);
        format!(
            "{}<w:p><w:r><w:t>注：以上标准按年度动态调整。</w:t></w:r></w:p>{}",
            &x[..at],
            &x[body_end..]
        )
    });
    let out = qingdan::parse_bytes("x.docx", &noted).unwrap();
    assert_eq!(out.services.len(), 24);
    assert!(!has(&out, "truncated"), "{:?}", out.diagnostics);
    let err = qingdan::parse_bytes("x.docx", &docx[..docx.len() * 2 / 3])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cut short") && !err.contains("neither"),
        "{err}"
    );
}

// See: issue 19, wrong signals. An .xlsx with one blank cell far below the table (" " in row
// 700,000, the sheet's dimension stretched to it) was refused whole as damaged.
#[test]
fn r19_xlsx_stray_cell_far_below() {
    let xlsx = std::fs::read(util::root().join("tests/formats/000_e26b50a82a71a634.xlsx")).unwrap();
    let stray = rezip(&xlsx, "xl/worksheets/sheet1.xml", |x| {
        let x = x.replacen(
            "</sheetData>",
            r#"<row r="700000"><c r="A700000" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row></sheetData>"#,
            1,
        );
        x.replacen(
            "<dimension ref=\"A1:G27\"/>",
            "<dimension ref=\"A1:G700000\"/>",
            1,
        )
    });
    let out = qingdan::parse_bytes("x.xlsx", &stray).unwrap();
    assert_eq!(out.services.len(), 24);
}

// See: issue 19, item 2. `pdftotext -layout` text of a list whose numbers restart under each
// section (1–10, 1–8, 1–6) gave the first 10 rows with exit 0 and no diagnostic: the rows
// after the fall in numbering are not folded away silently; the text is refused with the way out.
// (The list's header has a row of sub-columns, refused on its own; without it, the fall is.)
#[test]
fn r19_layout_text_numbering_falls_back() {
    let path = util::root().join("tests/shapes/s01_suqian_sihong.landscape.pdftotext-layout.txt");
    let err = qingdan::parse_file(&path).unwrap_err().to_string();
    assert!(err.contains("a row of sub-columns under it"), "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    let without: String = text
        .split_inclusive('\n')
        .filter(|l| !l.trim_start().starts_with("城市"))
        .collect();
    assert!(without.len() < text.len());
    let err = qingdan::parse_bytes("x.txt", without.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("comes after 序号 10") && err.contains("pass the PDF itself"),
        "{err}"
    );
}

/// The money of a service as (value, scope, part_of).
fn money(s: &qingdan::emit::Service) -> Vec<(f64, Option<String>, Option<usize>)> {
    s.quantities
        .iter()
        .filter_map(|q| match q {
            qingdan::emit::Quantity::Money {
                value,
                scope,
                part_of,
                ..
            } => Some((value.0, scope.clone(), *part_of)),
            _ => None,
        })
        .collect()
}

// See: issue 18, items 1–3. A web page's table with a two-row header (服务标准 over 城市/农村,
// 责任单位 over 牵头单位/配合单位), numbers restarting under each section row and the title on
// two lines: no header row as a service, every sub-column amount with its scope, 配合单位 as
// partners, seq the running position and the printed number kept.
#[test]
fn r18_two_row_header_in_a_web_page() {
    let html = "<html><body><p>泗洪县</p><p>基本养老服务清单</p><table>\
        <tr><td rowspan=2>序号</td><td rowspan=2>服务项目</td><td rowspan=2>服务对象</td>\
        <td colspan=2>服务标准</td><td colspan=2>责任单位</td></tr>\
        <tr><td>城市</td><td>农村</td><td>牵头单位</td><td>配合单位</td></tr>\
        <tr><td colspan=7>一、物质帮助类</td></tr>\
        <tr><td>1</td><td>高龄津贴</td><td>80周岁及以上老年人</td><td>每人每月100元</td>\
        <td>每人每月50元</td><td>县民政局</td><td>县财政局</td></tr>\
        <tr><td>2</td><td>养老服务补贴</td><td>经济困难老年人</td>\
        <td colspan=2>每人每月100元（含省级补助50元）</td><td>县民政局</td><td>县财政局</td></tr>\
        <tr><td colspan=7>二、照护服务类</td></tr>\
        <tr><td>1</td><td>居家上门服务</td><td>失能老年人</td><td>每小时30元</td>\
        <td>每小时20元</td><td>县民政局</td><td>各乡镇人民政府</td></tr>\
        </table></body></html>";
    let out = qingdan::parse_bytes("x.html", html.as_bytes()).unwrap();
    let doc = &out.document;
    assert_eq!(doc.list_title.as_deref(), Some("泗洪县基本养老服务清单"));
    assert_eq!(
        doc.region.as_ref().and_then(|r| r.adcode.as_deref()),
        Some("321324")
    );
    let rows: Vec<(u32, &str, Option<&str>)> = out
        .services
        .iter()
        .map(|s| (s.seq, s.number.as_str(), s.name.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (1, "1", Some("高龄津贴")),
            (2, "2", Some("养老服务补贴")),
            (3, "1", Some("居家上门服务"))
        ]
    );
    let s = |x: &str| Some(x.to_owned());
    assert_eq!(
        money(&out.services[0]),
        [(100.0, s("城市"), None), (50.0, s("农村"), None)]
    );
    // Merged across 城市 / 农村: read once, without a scope; the 50元 is part of the 100元.
    assert_eq!(
        money(&out.services[1]),
        [(100.0, None, None), (50.0, None, Some(0))]
    );
    assert_eq!(out.services[0].departments, ["县民政局"]);
    assert_eq!(out.services[0].partners, ["县财政局"]);
    assert_eq!(out.services[2].partners, ["各乡镇人民政府"]);
    assert!(
        !codes(&out).contains(&"number-order".to_owned()),
        "{:?}",
        codes(&out)
    );
}

// See: issue 18, items 1 and 4. The same list copied from Word as text: the header's parents
// are one field each, and a row whose standard spans 城市 and 农村 has one field fewer; its
// fields are aligned by the header's spans and their content, and the alignment is reported.
#[test]
fn r18_word_copy_with_merged_cells() {
    let text = "泗洪县\n基本养老服务清单\n\
        序号\t服务项目\t服务对象\t服务标准\t责任单位\n\
        \t\t\t城市\t农村\t牵头单位\t配合单位\n\
        1\t高龄津贴\t80周岁及以上老年人\t每人每月100元\t每人每月50元\t县民政局\t县财政局\n\
        2\t养老服务补贴\t经济困难老年人\t每人每月100元（含省级补助50元）\t县民政局\t县财政局\n\
        3\t助餐服务\t60周岁及以上老年人\t每餐10元\t每餐8元\t县民政局\t县市场监督管理局\n";
    let out = qingdan::parse_bytes("x.txt", text.as_bytes()).unwrap();
    assert_eq!(out.services.len(), 3);
    let s = |x: &str| Some(x.to_owned());
    assert_eq!(
        money(&out.services[0]),
        [(100.0, s("城市"), None), (50.0, s("农村"), None)]
    );
    assert_eq!(
        money(&out.services[1]),
        [(100.0, None, None), (50.0, None, Some(0))]
    );
    assert_eq!(out.services[1].departments, ["县民政局"]);
    assert_eq!(out.services[1].partners, ["县财政局"]);
    assert!(codes(&out).contains(&"merged-cells".to_owned()));
    // A price per meal has no period.
    assert!(out.services[2].quantities.iter().all(|q| matches!(
        q,
        qingdan::emit::Quantity::Money { period: None, per: Some(p), .. } if p == "餐"
    )));
}

// See: issue 18, items 2 and 3. A gap inside a section is still reported; the draft marker
// under the title leaves list_title and sets draft.
#[test]
fn r18_gap_inside_a_section_and_draft_title() {
    let text = "XX区基本养老服务清单\n（征求意见稿）\n\
        对象\t服务项目\t\t服务内容\t牵头部门\n\
        老年人\t1\t甲\t发放\t区民政局\n\
        老年人\t3\t乙\t发放\t区民政局\n";
    let out = qingdan::parse_bytes("x.txt", text.as_bytes()).unwrap();
    assert_eq!(
        out.document.list_title.as_deref(),
        Some("XX区基本养老服务清单")
    );
    assert!(out.document.draft);
    assert!(codes(&out).contains(&"number-order".to_owned()));
    let seqs: Vec<u32> = out.services.iter().map(|s| s.seq).collect();
    assert_eq!(seqs, [1, 2]);
}

// See: issue 18, item 5. Departments in a narrow cell: one organisation a line, a branch on
// the next line finishing the name above.
#[test]
fn r18_departments_in_narrow_cells() {
    let text = "XX区基本养老服务清单\n对象\t服务项目\t\t服务内容\t牵头部门\n\
        老年人\t1\t甲\t发放\t\"湖州市医疗保障局\n德清分局\n各乡镇人民政府（街道办事处）\"\n";
    let out = qingdan::parse_bytes("x.csv", text.replace('\t', ",").as_bytes()).unwrap();
    assert_eq!(
        out.services[0].departments,
        ["湖州市医疗保障局德清分局", "各乡镇人民政府（街道办事处）"]
    );
}

// See: issue 18, item 7. A web page: navigation is no title, the notice's own number printed
// under its title is doc_number, never a reference glued to the issuer on the line above.
#[test]
fn r18_web_page_number_under_the_title() {
    let html = "<html><body><div>首页 &gt; 政务公开 &gt; 通知公告</div>\
        <h1>泗洪县民政局关于印发泗洪县基本养老服务清单的通知</h1>\
        <p>泗洪县民政局</p><p>洪民发〔2024〕15号</p>\
        <p>根据宿民发〔2023〕8号文件精神，现印发清单。</p>\
        <p>泗洪县民政局</p><p>2024年5月6日</p>\
        <p>泗洪县基本养老服务清单</p><table>\
        <tr><td>序号</td><td>服务对象</td><td>服务项目</td><td>服务内容</td><td>责任单位</td></tr>\
        <tr><td>1</td><td>80周岁及以上老年人</td><td>高龄津贴</td><td>每人每月50元</td>\
        <td>县民政局</td></tr></table></body></html>";
    let out = qingdan::parse_bytes("x.html", html.as_bytes()).unwrap();
    let doc = &out.document;
    assert_eq!(
        doc.title.as_deref(),
        Some("泗洪县民政局关于印发泗洪县基本养老服务清单的通知")
    );
    assert_eq!(doc.doc_number.as_deref(), Some("洪民发〔2024〕15号"));
    assert_eq!(doc.references, ["宿民发〔2023〕8号"]);
    assert_eq!(doc.issuer.as_deref(), Some("泗洪县民政局"));
}

// See: issue 19, messages. Bad bytes on line 16 were reported on line 1.
#[test]
fn r19_lossy_decoding_names_the_line_of_the_bad_bytes() {
    let text = fixture("l01_chengdu_wuhou");
    let mut lines: Vec<Vec<u8>> = text.split('\n').map(|l| l.as_bytes().to_vec()).collect();
    lines[15].extend_from_slice(&[0xff, 0xfe]);
    lines[30].push(0xff);
    let out = qingdan::parse_bytes("x.txt", &lines.join(&b'\n')).unwrap();
    let lossy: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.code.to_string() == "lossy-decoding")
        .collect();
    assert_eq!(lossy.len(), 1, "{:?}", out.diagnostics);
    assert_eq!(lossy[0].line, 16);
    assert!(
        lossy[0].message.contains("3 characters"),
        "{}",
        lossy[0].message
    );
    assert_eq!(out.services.len(), 24);
}

// See: issue 19, messages. A 职责分工表 whose number column is headed 序号 had every row reported
// as "a row without a number" and no task read.
#[test]
fn r19_responsibility_table_with_a_number_header() {
    let text = fixture("l01_chengdu_wuhou")
        + "\n附件2\n\n基本养老服务职责分工表\n\n序号\t项目\t政策措施\t牵头单位\t责任单位\n\
           1\t高龄津贴\t按月发放高龄津贴\t区民政局\t区财政局\n\
           2\t老年人意外伤害保险\t统一投保\t区民政局\t各街道办事处\n";
    let out = qingdan::parse_bytes("x.txt", text.as_bytes()).unwrap();
    let unnumbered: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("without a number"))
        .collect();
    assert!(unnumbered.is_empty(), "{unnumbered:?}");
    let tasks: Vec<(u32, &str, &str)> = out
        .tasks
        .iter()
        .map(|t| (t.seq, t.title.as_str(), t.text.as_str()))
        .collect();
    assert_eq!(
        tasks,
        [
            (1, "高龄津贴", "按月发放高龄津贴"),
            (2, "老年人意外伤害保险", "统一投保")
        ]
    );
    assert_eq!(out.tasks[1].units, ["各街道办事处"]);
}

/// The list of `tests/units/generate.py`: a 服务标准 column whose header gives the unit and whose
/// cells are bare numbers, as tab-separated text.
fn header_unit_tsv(standard_header: &str) -> String {
    let rows = [
        ["1", "高龄津贴", "80周岁及以上老年人", "100", "区民政局"],
        ["2", "护理补贴", "经认定的失能老年人", "200", "区民政局"],
        ["3", "养老服务补贴", "经济困难老年人", "80", "区民政局"],
        ["4", "困难老年人慰问", "特困老年人", "50-100", "区民政局"],
        [
            "5",
            "健康管理",
            "65周岁及以上老年人",
            "免费",
            "区卫生健康局",
        ],
        [
            "6",
            "居家养老服务",
            "独居老年人",
            "每人每月不低于120元",
            "区民政局",
        ],
    ];
    let mut t = format!(
        "舟山市定海区\n基本养老服务清单\n序号\t服务项目\t服务对象\t{standard_header}\t牵头单位\n"
    );
    for r in rows {
        t.push_str(&r.join("\t"));
        t.push('\n');
    }
    t
}

/// Each row's money as (value, period, bound, text).
fn money_of(out: &qingdan::emit::Output) -> Vec<Vec<(f64, String, String, String)>> {
    let doc: serde_json::Value = serde_json::from_str(&qingdan::to_canonical(out)).unwrap();
    doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["quantities"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|q| q["kind"] == "money")
                .map(|q| {
                    (
                        q["value"].as_f64().unwrap(),
                        q["period"].as_str().unwrap_or("-").to_owned(),
                        q["bound"].as_str().unwrap().to_owned(),
                        q["text"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .collect()
}

// A 服务标准 column whose header gives the unit ("补贴标准（元/人·月）") held bare numbers that gave no
// amount, with review `ok`: every amount of the list lost without a word.
#[test]
fn r_header_unit_gives_bare_numbers_their_unit() {
    let tsv = header_unit_tsv("补贴标准（元/人·月）");
    let csv = tsv.replace('\t', ",");
    let md: String = tsv
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let row = if i < 2 {
                l.to_owned()
            } else {
                format!("| {} |", l.replace('\t', " | "))
            };
            if i == 2 {
                format!("{row}\n|---|---|---|---|---|\n")
            } else {
                format!("{row}\n")
            }
        })
        .collect();
    let html = format!(
        "<html><body><p>舟山市定海区</p><p>基本养老服务清单</p><table>{}</table></body></html>",
        tsv.lines()
            .skip(2)
            .map(|l| format!("<tr><td>{}</td></tr>", l.replace('\t', "</td><td>")))
            .collect::<String>()
    );
    let mut inputs: Vec<(String, Vec<u8>)> = vec![
        ("list.txt".into(), tsv.clone().into_bytes()),
        ("list.csv".into(), csv.into_bytes()),
        ("list.md".into(), md.into_bytes()),
        ("list.html".into(), html.into_bytes()),
    ];
    // The .docx's table has no borders and writes its cells from the top: its PDF has no
    // rulings (the cells come from the text's alignment) and its `-layout` text puts each row's
    // wrapped lines under its 序号, not around it.
    for file in [
        "header_unit.docx",
        "header_unit.xlsx",
        "header_unit.borderless.pdf",
        "header_unit.borderless.pdftotext-layout.txt",
    ] {
        let path = util::root().join("tests/units").join(file);
        inputs.push((file.to_owned(), std::fs::read(path).unwrap()));
    }
    let month = |v: f64, bound: &str, text: &str| {
        (v, "month".to_owned(), bound.to_owned(), text.to_owned())
    };
    let want = vec![
        vec![month(100.0, "exact", "100")],
        vec![month(200.0, "exact", "200")],
        vec![month(80.0, "exact", "80")],
        vec![month(50.0, "min", "50"), month(100.0, "max", "100")],
        vec![],
        vec![month(120.0, "min", "每人每月不低于120元")],
    ];
    for (name, bytes) in &inputs {
        let out = qingdan::parse_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(money_of(&out), want, "{name}");
        let targets: Vec<Option<&str>> = out
            .services
            .iter()
            .map(|s| s.target.text.as_deref())
            .collect();
        assert_eq!(
            targets,
            [
                Some("80周岁及以上老年人"),
                Some("经认定的失能老年人"),
                Some("经济困难老年人"),
                Some("特困老年人"),
                Some("65周岁及以上老年人"),
                Some("独居老年人")
            ],
            "{name}"
        );
        let names: Vec<Option<&str>> = out.services.iter().map(|s| s.name.as_deref()).collect();
        assert_eq!(names[3], Some("困难老年人慰问"), "{name}");
        let notes: Vec<u32> = out
            .diagnostics
            .iter()
            .filter(|d| d.code.to_string() == "header-unit")
            .map(|d| d.line)
            .collect();
        assert_eq!(notes.len(), 4, "{name}: {:?}", out.diagnostics);
        assert!(
            out.diagnostics[0..]
                .iter()
                .any(|d| d.message.contains("50-100 is read as 50-100元/人·月")),
            "{name}: {:?}",
            out.diagnostics
        );
        assert_eq!(
            out.review.status.to_string(),
            "ok",
            "{name}: {:?}",
            out.review
        );
    }
    // In the text, the notes sit on the rows' lines.
    let out = qingdan::parse_bytes("list.txt", tsv.as_bytes()).unwrap();
    let lines: Vec<u32> = out
        .diagnostics
        .iter()
        .filter(|d| d.code.to_string() == "header-unit")
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, [4, 5, 6, 7]);
}

// The unit on a line of its own above the table ("单位：元/人·月", right-aligned over the last
// column), the 服务标准 header bare: the amounts take it. Before, the bare numbers gave no amount
// and, where the unit stood in a row of the table's grid (a sheet, text copied from one), that
// row was read as the parent row of a two-row header ("单位" as a 责任单位) and the list lost its
// rows.
#[test]
fn r_unit_line_above_the_table_gives_bare_numbers_their_unit() {
    let tsv = header_unit_tsv("补贴标准");
    let with = |unit_line: &str| tsv.replacen("序号", &format!("{unit_line}\n序号"), 1);
    let own_line = with("单位：元/人·月");
    let grid_row = with("\t\t\t\t单位：元/人·月");
    let html = format!(
        "<html><body><p>舟山市定海区</p><p>基本养老服务清单</p><p align=right>（单位：元/人·月）</p><table>{}</table></body></html>",
        tsv.lines()
            .skip(2)
            .map(|l| format!("<tr><td>{}</td></tr>", l.replace('\t', "</td><td>")))
            .collect::<String>()
    );
    let mut inputs: Vec<(String, Vec<u8>)> = vec![
        ("own_line.txt".into(), own_line.clone().into_bytes()),
        ("grid_row.txt".into(), grid_row.clone().into_bytes()),
        (
            "grid_row.csv".into(),
            grid_row.replace('\t', ",").into_bytes(),
        ),
        ("list.html".into(), html.into_bytes()),
    ];
    for file in ["header_unit_above.docx", "header_unit_above.xlsx"] {
        let path = util::root().join("tests/units").join(file);
        inputs.push((file.to_owned(), std::fs::read(path).unwrap()));
    }
    let month = |v: f64, bound: &str, text: &str| {
        (v, "month".to_owned(), bound.to_owned(), text.to_owned())
    };
    for (name, bytes) in &inputs {
        let out = qingdan::parse_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let money = money_of(&out);
        assert_eq!(money.len(), 6, "{name}");
        assert_eq!(money[0], [month(100.0, "exact", "100")], "{name}");
        assert_eq!(
            money[3],
            [month(50.0, "min", "50"), month(100.0, "max", "100")],
            "{name}"
        );
        assert_eq!(money[4], [], "{name}");
        let notes: Vec<&str> = out
            .diagnostics
            .iter()
            .filter(|d| d.code.to_string() == "header-unit")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(notes.len(), 4, "{name}: {:?}", out.diagnostics);
        assert!(
            notes[1].contains(
                "200 is read as 200元/人·月, with the unit the line above the table gives"
            ),
            "{name}: {notes:?}"
        );
        // The unit line is no lost text, and the review has nothing to say.
        assert!(!codes(&out).contains(&"unused-text".to_owned()), "{name}");
        assert_eq!(
            out.review.status.to_string(),
            "ok",
            "{name}: {:?}",
            out.review
        );
        assert_eq!(
            out.document
                .region
                .as_ref()
                .and_then(|r| r.adcode.as_deref()),
            Some("330902"),
            "{name}"
        );
    }
}

// Bare numbers under a header that gives no unit: no amount can be read, and the review says so.
#[test]
fn r_header_unit_missing_is_a_check() {
    let tsv = header_unit_tsv("补贴标准");
    let out = qingdan::parse_bytes("list.txt", tsv.as_bytes()).unwrap();
    assert_eq!(money_of(&out)[0], []);
    assert_eq!(out.review.status.to_string(), "check");
    let reason = out
        .review
        .reasons
        .iter()
        .find(|r| r.code == "no-amount")
        .unwrap_or_else(|| panic!("{:?}", out.review));
    assert_eq!(reason.rows, [1, 2, 3, 4]);
    assert!(!codes(&out).contains(&"header-unit".to_owned()));
}

// A PDF whose two-row header and table are drawn without rulings: its rows cannot be rebuilt for
// sure from the text's alignment; read as prose lines, its cells ran together or no list was
// found. Refused naming why and the way out.
#[test]
fn r_borderless_pdf_with_sub_columns_is_refused_with_the_reason() {
    let path = util::root().join("tests/units/s03_nanping_jianyang.borderless.pdf");
    let e = qingdan::parse_file(&path).unwrap_err().to_string();
    assert!(e.contains("s03_nanping_jianyang.borderless.pdf"), "{e}");
    assert!(e.contains("drawn without rulings"), "{e}");
    assert!(e.contains("低保 / 非低保"), "{e}");
    assert!(e.contains("save the document as .docx or .xlsx"), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
}

/// A header whose sub-column row is wrapped in with the parents' pieces (`城市  农村  牵头  配合`
/// over `单位  单位`, or `号  城市  农村  牵头单  配合单` over `位  位`) is a row of sub-columns
/// too. Before, the `-layout` text gave 24 services with cells of three columns run together and
/// review ok, the borderless PDF gave them as prose lines, and the WPS one "no service list found".
#[test]
fn r_sub_columns_wrapped_into_the_header_are_refused_with_the_reason() {
    let cases = [
        (
            "s04_linyi_yinan.borderless.pdftotext-layout.txt",
            "space-aligned text",
            "城市 / 农村 / 牵头 / 配合",
        ),
        (
            "s04_linyi_yinan.borderless.pdf",
            "drawn without rulings",
            "城市 / 农村 / 牵头 / 配合",
        ),
        (
            "s01_suqian_sihong.wps.borderless.pdf",
            "drawn without rulings",
            "城市 / 农村 / 牵头单 / 配合单",
        ),
    ];
    for (file, what, labels) in cases {
        let path = util::root().join("tests/units").join(file);
        let e = qingdan::parse_file(&path).unwrap_err().to_string();
        assert!(e.contains(file), "{e}");
        assert!(e.contains(what), "{e}");
        assert!(e.contains("a row of sub-columns"), "{e}");
        assert!(e.contains(labels), "{e}");
        assert_eq!(e.lines().count(), 1, "{e}");
    }
}

// Lists whose Word table has no borders (cells written from the top), through LibreOffice: a PDF
// without rulings, read from its text's alignment. Before: the first page's rows were lost when
// the page's prose was set larger than the table (its header then looked like prose), a digit
// set a quarter em after a Han character ("补助 4") crossed into the next column and became a
// department carried down four rows, lines of a row cut by a page break went to the row below,
// and "各街道" / "办事处" or "区司法" / "局" wrapped in a narrow cell became two departments; each
// with review ok. Now every field of each list's answer key is right.
#[test]
fn r_borderless_pdfs_give_their_answer_keys() {
    let dir = util::root().join("tests/pdf");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".borderless.pdf"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "{files:?}");
    let mut checked = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = name.split('.').next().unwrap();
        let gold: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(util::root().join(format!("tests/gold/{stem}.json"))).unwrap(),
        )
        .unwrap();
        let out = qingdan::parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            out.review.status.to_string(),
            "ok",
            "{name}: {:?}",
            out.review
        );
        let got: serde_json::Value = serde_json::from_str(&qingdan::to_canonical(&out)).unwrap();
        let (c1, m1) = crate::gold::service_misses(&name, &gold, &got);
        let (c2, m2) = crate::gold::document_misses(&name, &gold, &got);
        assert!(m1.is_empty() && m2.is_empty(), "{m1:?}\n{m2:?}");
        checked += c1 + c2;
    }
    assert!(checked > 1000, "{checked} fields");
}

// A borderless PDF whose header the alignment reader cannot turn into columns (a 服务项目 header
// merged over the number and name columns) was read as prose lines: "no service list found", or a
// list of cells run together. Refused naming why and the way out.
#[test]
fn r_borderless_pdf_without_columns_is_refused_with_the_reason() {
    let path = util::root().join("tests/units/000_e26b50a82a71a634.borderless.pdf");
    let e = qingdan::parse_file(&path).unwrap_err().to_string();
    assert!(e.contains("000_e26b50a82a71a634.borderless.pdf"), "{e}");
    assert!(e.contains("drawn without rulings"), "{e}");
    assert!(
        e.contains("the columns under the list's header could not be found"),
        "{e}"
    );
    assert!(e.contains("save the document as .docx or .xlsx"), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
}

// Since `seq` became the running position, the review checked the numbering on it (always
// 1..N): a gap in the printed numbers, or a list whose first row is numbered 3, was review ok.
// The review checks the printed numbers' values, and names rows by position.
#[test]
fn r_numbering_gaps_are_checked_on_the_printed_numbers() {
    let list = |numbers: [&str; 3]| {
        let mut t = String::from(
            "宁波市海曙区基本养老服务清单\n序号\t服务项目\t服务对象\t服务标准\t牵头单位\n",
        );
        let rows = [
            ("高龄津贴", "80周岁及以上老年人", "每人每月100元"),
            ("护理补贴", "失能老年人", "每人每月50元"),
            ("老年助餐", "60周岁及以上老年人", "每餐补贴3元"),
        ];
        for (n, (name, target, standard)) in numbers.iter().zip(rows) {
            t.push_str(&format!("{n}\t{name}\t{target}\t{standard}\t区民政局\n"));
        }
        qingdan::parse_bytes("list.txt", t.as_bytes()).unwrap()
    };
    let numbering = |out: &qingdan::emit::Output| {
        out.review
            .reasons
            .iter()
            .find(|r| r.code == "numbering")
            .map(|r| (r.message.clone(), r.rows.clone()))
    };
    let gap = list(["1", "2", "5"]);
    assert_eq!(gap.review.status.to_string(), "check");
    let (msg, rows) = numbering(&gap).unwrap();
    assert!(msg.contains("5 follows 2: 3–4 missing"), "{msg}");
    assert_eq!(rows, [3]);
    let late = list(["3", "4", "5"]);
    let (msg, rows) = numbering(&late).unwrap();
    assert!(msg.contains("the list starts at 3"), "{msg}");
    assert_eq!(rows, [1]);
    let chinese = list(["（一）", "（二）", "（四）"]);
    let (msg, rows) = numbering(&chinese).unwrap();
    assert!(msg.contains("4 follows 2: 3 missing"), "{msg}");
    assert_eq!(rows, [3]);
    let whole = list(["1", "2", "3"]);
    assert_eq!(numbering(&whole), None);
    assert_eq!(whole.review.status.to_string(), "ok", "{:?}", whole.review);
}

// A three-row header copied out of Word as text, its sub-column labels outside the usual words
// (城乡低保老年人 / 特困人员 / 其他老年人 under 服务标准, 分担比例 → 中央 / 省级 / 市级 under 资金来源,
// 牵头 / 配合 under 责任部门), rows with cells merged across the standards or the funding shares,
// and a note after the table. Before: the labels were all put under 服务标准 (13 columns for 12),
// departments and partners swapped, amounts under the wrong sub-column, and the last row (two
// merged cells, the note after it) reported as a file cut short.
#[test]
fn r_three_row_text_header_with_unusual_labels() {
    let text = "瑞金市基本养老服务清单（2024年版）\n\
        序号\t服务类型\t服务项目\t服务对象\t服务标准\t资金来源\t责任部门\n\
        \t\t\t\t城乡低保老年人\t特困人员\t其他老年人\t分担比例\t牵头\t配合\n\
        \t\t\t\t\t\t\t中央\t省级\t市级\t\t\n\
        1\t物质帮助\t高龄津贴\t80周岁及以上老年人\t每人每月150元\t每人每月200元\t每人每月100元\t—\t50%\t50%\t市民政局\t市财政局 各乡（镇）人民政府\n\
        2\t\t城乡居民医保参保资助\t低保老年人\t个人缴费部分每人每年定额资助200元\t个人缴费部分全额资助\t低保边缘家庭老年人个人缴费部分资助50%\t医疗救助资金\t市医保局\t市民政局 市财政局\n\
        3\t关爱服务\t探访关爱\t独居老年人\t每月探访不少于2次\t每周探访不少于1次\t每月探访不少于1次\t市、乡（镇）两级财政\t各乡（镇）人民政府\t市民政局\n\
        4\t\t老年教育\t60周岁及以上老年人\t市老年大学学费每人每学年100元\t个人承担\t市教育科技体育局\t市委老干部局\n\
        \n\
        注：“—”表示不适用。\n";
    // The same table in the line-broken layout: each cell on its own tab-led line, a blank
    // line after each row.
    let mut lines = String::new();
    for l in text.lines() {
        if l.contains('\t') {
            for f in l.split('\t') {
                lines.push_str(&format!("\t{f}\n"));
            }
            lines.push('\n');
        } else {
            lines.push_str(&format!("{l}\n"));
        }
    }
    for (name, input) in [("list.txt", text.to_owned()), ("lines.txt", lines)] {
        let out = qingdan::parse_bytes(name, input.as_bytes()).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&qingdan::to_canonical(&out)).unwrap();
        let s = doc["services"].as_array().unwrap();
        assert_eq!(s.len(), 4, "{name}");
        let depts: Vec<(&str, &str)> = s
            .iter()
            .map(|r| {
                (
                    r["departments"][0].as_str().unwrap_or(""),
                    r["partners"][0].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            depts,
            [
                ("市民政局", "市财政局"),
                ("市医保局", "市民政局"),
                ("各乡（镇）人民政府", "市民政局"),
                ("市教育科技体育局", "市委老干部局")
            ],
            "{name}"
        );
        let money = |i: usize| -> Vec<(f64, Option<String>)> {
            s[i]["quantities"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|q| q["kind"] == "money")
                .map(|q| {
                    (
                        q["value"].as_f64().unwrap(),
                        q["scope"].as_str().map(str::to_owned),
                    )
                })
                .collect()
        };
        let scoped = |v: f64, s: &str| (v, Some(s.to_owned()));
        assert_eq!(
            money(0),
            [
                scoped(150.0, "城乡低保老年人"),
                scoped(200.0, "特困人员"),
                scoped(100.0, "其他老年人")
            ],
            "{name}"
        );
        assert_eq!(money(1), [scoped(200.0, "城乡低保老年人")], "{name}");
        assert_eq!(money(3), [(100.0, None)], "{name}");
        assert_eq!(s[2]["funding"], "市、乡（镇）两级财政", "{name}");
        assert_eq!(
            out.review.status.to_string(),
            "ok",
            "{name}: {:?}",
            out.review
        );
    }
}
