//! Texts that PDF extractors made of the lists' PDFs (`tests/pdf/`): `pdftotext -layout` text
//! is rebuilt into the table (layout `columns`); the texts whose cell boundaries are gone
//! (`pdftotext` without `-layout`, PyMuPDF, pdfplumber) are refused in one line naming
//! `pdftotext -layout`, or read right. Prints a figure per file (`--nocapture`): rows found
//! exactly once, and rows whose `name`, `target` and `departments` are right.

use crate::util;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

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
    v.as_array().into_iter().flatten().map(norm).collect()
}

/// (seq, name, target, departments) of every row, from an answer key or an output.
fn rows(v: &Value, output: bool) -> Vec<(u64, String, String, BTreeSet<String>)> {
    v["services"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let target = if output {
                &s["target"]["text"]
            } else {
                &s["target"]
            };
            (
                s["seq"].as_u64().unwrap_or(0),
                norm(&s["name"]),
                norm(target),
                set(&s["departments"]),
            )
        })
        .collect()
}

/// The answers of a list: its key, or for a seed without one, the seed fixture's output.
fn answers(stem: &str) -> Vec<(u64, String, String, BTreeSet<String>)> {
    let key = util::root().join("tests/gold").join(format!("{stem}.json"));
    match std::fs::read_to_string(&key) {
        Ok(s) => rows(&serde_json::from_str(&s).unwrap(), false),
        Err(_) => rows(
            &util::parse_json(&util::root().join("fixtures").join(format!("{stem}.txt"))),
            true,
        ),
    }
}

/// What became of one text.
enum Outcome {
    /// Refused, with the message.
    Refused(String),
    /// Read: rows found exactly once, rows right, rows wanted, layout.
    Read {
        doc_misses: Vec<String>,
        once: usize,
        right: usize,
        want: usize,
        extra: usize,
        layout: String,
    },
}

fn run(stem: &str, path: &std::path::Path) -> Outcome {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let out = match qingdan::parse_bytes(&name, &bytes) {
        Ok(out) => out,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    let got: Value = serde_json::from_str(&qingdan::to_canonical(&out)).unwrap();
    let want = answers(stem);
    let have = rows(&got, true);
    let mut count: BTreeMap<u64, usize> = BTreeMap::new();
    for h in &have {
        *count.entry(h.0).or_default() += 1;
    }
    let mut once = 0;
    let mut right = 0;
    for w in &want {
        if count.get(&w.0) == Some(&1) {
            once += 1;
            if have.iter().any(|h| h == w) {
                right += 1;
            } else if std::env::var_os("QD_SHOW").is_some() {
                let h = have.iter().find(|h| h.0 == w.0);
                println!("  want {w:?}\n  have {h:?}");
            }
        }
    }
    let wanted: BTreeSet<u64> = want.iter().map(|w| w.0).collect();
    // The document's metadata (title, issuer, date, numbers) from the prose around the table.
    let key = util::root().join("tests/gold").join(format!("{stem}.json"));
    let doc_misses = std::fs::read_to_string(&key)
        .map(|k| {
            let gold: Value = serde_json::from_str(&k).unwrap();
            crate::gold::document_misses(&name, &gold, &got).1
        })
        .unwrap_or_default();
    Outcome::Read {
        doc_misses,
        once,
        right,
        want: want.len(),
        extra: have.iter().filter(|h| !wanted.contains(&h.0)).count(),
        layout: got["source"]["layout"].as_str().unwrap_or("?").to_owned(),
    }
}

#[test]
fn extracted_texts_are_rebuilt_or_refused() {
    let dir = util::root().join("tests/pdf");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 80, "the extracted texts");
    let mut failures = Vec::new();
    let mut totals: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let parts: Vec<&str> = name.split('.').collect();
        let (stem, tool) = (parts[0], parts[2]);
        let new_list = stem.starts_with('l');
        match run(stem, path) {
            Outcome::Refused(msg) => {
                println!("{name:60} refused: {msg}");
                let group = if new_list { "new lists" } else { "seeds" };
                let t = totals.entry(format!("{tool} {group}")).or_default();
                t.2 += 1;
                if tool == "pdftotext-layout" && new_list {
                    failures.push(format!("{name}: refused: {msg}"));
                }
                // One line, naming the command that keeps the cells (or, for that command's own
                // text, saying that its rows could not be rebuilt).
                let names = if tool == "pdftotext-layout" {
                    msg.contains("could not be rebuilt")
                } else {
                    msg.contains("pdftotext -layout")
                };
                if new_list && (msg.lines().count() != 1 || !names) {
                    failures.push(format!("{name}: unclear refusal: {msg}"));
                }
            }
            Outcome::Read {
                doc_misses,
                once,
                right,
                want,
                extra,
                layout,
            } => {
                let share = right as f64 / want.max(1) as f64;
                println!(
                    "{name:60} {layout:10} rows once {once:>2}/{want:<2} extra {extra} right {right:>2}/{want:<2} ({:.0}%)",
                    share * 100.0
                );
                let group = if new_list { "new lists" } else { "seeds" };
                let t = totals.entry(format!("{tool} {group}")).or_default();
                t.0 += right;
                t.1 += want;
                if new_list {
                    failures.extend(doc_misses);
                }
                let need = if tool == "pdftotext-layout" {
                    0.95
                } else {
                    0.8
                };
                if new_list
                    && (share < need || (tool == "pdftotext-layout" && (once < want || extra > 0)))
                {
                    failures.push(format!(
                        "{name}: {right}/{want} rows right, {once} once, {extra} extra (need {need})"
                    ));
                }
            }
        }
    }
    for (tool, (right, want, refused)) in &totals {
        println!("{tool:28} {right}/{want} rows right in texts read; {refused} texts refused");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Extracted text damaged anywhere (lines cut, columns shifted, bytes dropped) never panics:
/// it is read, refused or passed to the grammars.
#[test]
fn damaged_extracted_text_never_panics() {
    let dir = util::root().join("tests/pdf");
    for stem in [
        "l01_chengdu_wuhou.portrait",
        "l05_guangzhou_tianhe.landscape",
    ] {
        let text =
            std::fs::read_to_string(dir.join(format!("{stem}.pdftotext-layout.txt"))).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut seed = 7u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..40 {
            let mut out = String::new();
            for (i, l) in lines.iter().enumerate() {
                let r = next() % 10;
                let chars: Vec<char> = l.chars().collect();
                let cut = (next() as usize) % (chars.len() + 1);
                match r {
                    0 => {}
                    1 => out.extend(chars[..cut].iter()),
                    2 => {
                        out.push_str(&" ".repeat(cut % 7));
                        out.push_str(l);
                    }
                    3 => out.extend(chars[cut..].iter()),
                    4 if i % 3 == 0 => out.push('\u{c}'),
                    _ => out.push_str(l),
                }
                if round % 5 != 4 || r != 5 {
                    out.push('\n');
                }
            }
            let mut bytes = out.into_bytes();
            if round % 4 == 3 {
                let n = bytes.len();
                for _ in 0..20 {
                    let at = (next() as usize) % n.max(1);
                    if at < bytes.len() {
                        bytes[at] = (next() % 256) as u8;
                    }
                }
            }
            let _ = qingdan::parse_bytes("x.txt", &bytes);
        }
        // Only the header, only the numbers, and nothing after the header.
        let header = lines.iter().position(|l| l.contains("序")).unwrap_or(0);
        let _ = qingdan::parse_bytes("x.txt", lines[..=header].join("\n").as_bytes());
        let nums: String = (1..40).map(|i| format!("{i}\n")).collect();
        let _ = qingdan::parse_bytes("x.txt", format!("{}\n{nums}", lines[header]).as_bytes());
    }
}

/// (seq, name, target, departments) of the answers of a list in `tests/pdf/made/`.
fn made_answers(path: &std::path::Path) -> Vec<(u64, String, String, BTreeSet<String>)> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let stem: Vec<&str> = name.split('.').take(2).collect();
    let key = path.with_file_name(format!("{}.answers.json", stem.join(".")));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(key).unwrap()).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["seq"].as_u64().unwrap(),
                norm(&s["name"]),
                norm(&s["target"]),
                set(&s["departments"]),
            )
        })
        .collect()
}

/// Lists made with reportlab (`tests/pdf/made/gen.py`: portrait and landscape, multi-page, a
/// 序号 header wrapped 序 / 号, a one-character merged 服务类型 column, a two-row header,
/// 服务对象 last): each PDF, and each one's `pdftotext -layout` text, gives at least 95% of its
/// rows right, or is refused with the way out; never a partial list without a diagnostic.
#[test]
fn made_lists_are_read_or_refused() {
    let dir = util::root().join("tests/pdf/made");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.to_string_lossy().ends_with(".pdf") || p.to_string_lossy().ends_with("-layout.txt")
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 18, "the made PDFs and their texts");
    let mut failures = Vec::new();
    let (mut read, mut refused) = (0, 0);
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let want = made_answers(path);
        let out = match qingdan::parse_bytes(&name, &std::fs::read(path).unwrap()) {
            Ok(out) => out,
            Err(e) => {
                let e = e.to_string();
                println!("{name}: refused: {e}");
                refused += 1;
                // A text may be refused (one line naming why); a PDF is read.
                if name.ends_with(".pdf") {
                    failures.push(format!("{name}: {e}"));
                }
                continue;
            }
        };
        read += 1;
        let got: Value = serde_json::from_str(&qingdan::to_canonical(&out)).unwrap();
        let have = rows(&got, true);
        let right = want
            .iter()
            .filter(|w| have.iter().filter(|h| h.0 == w.0).count() == 1 && have.contains(w))
            .count();
        let share = right as f64 / want.len() as f64;
        println!("{name}: {right}/{} rows right ({share:.2})", want.len());
        if share < 0.95 {
            failures.push(format!("{name}: {right}/{} rows right", want.len()));
        }
    }
    println!("made lists: {read} read, {refused} refused");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
