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
    let seqs: Vec<u32> = out.services.iter().map(|s| s.seq).collect();
    assert_eq!(seqs, [9998, 9999, 10000, 10001, 10002]);
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
