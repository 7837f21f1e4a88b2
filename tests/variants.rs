//! The variant fixtures in `tests/variants/` (made by `tests/variants/generate.py`: other
//! encodings, CRLF, full-width digits, odd spaces, page furniture, Chinese numerals, the other
//! layout with wrapped cells) must give the same answers as their seed, and no variant may lose
//! a line of its list.

use crate::util;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn variants_of(stem: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(util::root().join("tests/variants"))
        .expect("tests/variants exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.starts_with(&format!("{stem}.")) && n.ends_with(".bin")
        })
        .collect();
    v.sort();
    v
}

fn doc(bytes: &[u8]) -> Value {
    let out = qingdan::parse_bytes("v.txt", bytes).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&qingdan::to_canonical(&out)).unwrap()
}

fn strs(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_owned))
        .collect()
}

/// The answers: what the answer keys score, without source text, lines or diagnostics.
pub fn answers(d: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let doc = &d["document"];
    out.push(format!(
        "document {} {} {} {} {} {} {} {:?}",
        doc["region"]["name"],
        doc["region"]["adcode"],
        doc["list_title"],
        doc["issuer"],
        doc["doc_number"],
        doc["date"],
        doc["draft"],
        strs(&doc["references"])
    ));
    for s in d["services"].as_array().unwrap() {
        let mut money: Vec<String> = Vec::new();
        let mut others: BTreeSet<String> = BTreeSet::new();
        for q in s["quantities"].as_array().unwrap() {
            match q["kind"].as_str().unwrap() {
                "money" => money.push(format!(
                    "{} {} {} {}",
                    q["value"], q["period"], q["bound"], q["age"]
                )),
                "multiple" => {
                    others.insert(format!("x{} {}", q["factor"], q["bound"]));
                }
                "age" => {
                    others.insert(format!("age {} {}", q["min"], q["max"]));
                }
                _ => {}
            }
        }
        money.sort();
        out.push(format!(
            "#{} {} | {} | {:?} | {:?} | {} | {:?} | {:?}",
            s["seq"],
            s["target"]["text"],
            s["name"],
            strs(&s["types"]),
            strs(&s["departments"]),
            s["target"]["age"],
            money,
            others
        ));
    }
    for t in d["tasks"].as_array().unwrap() {
        out.push(format!(
            "task {} {} {:?} {:?}",
            t["seq"],
            t["title"],
            strs(&t["lead"]),
            strs(&t["units"])
        ));
    }
    out
}

#[test]
fn variants_give_the_seed_answers() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for f in util::fixtures() {
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let want = answers(&doc(&std::fs::read(&f).unwrap()));
        let variants = variants_of(&stem);
        assert!(
            variants.len() >= 9,
            "{stem}: {} variants; run tests/variants/generate.py",
            variants.len()
        );
        for v in variants {
            compared += 1;
            let got = answers(&doc(&std::fs::read(&v).unwrap()));
            let diff: Vec<String> = want
                .iter()
                .zip(&got)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| format!("  want {a}\n  got  {b}"))
                .collect();
            if want.len() != got.len() || !diff.is_empty() {
                failures.push(format!(
                    "{} ({} vs {} answers):\n{}",
                    v.display(),
                    got.len(),
                    want.len(),
                    diff.join("\n")
                ));
            }
        }
    }
    assert!(compared >= 50);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The header words of a list: a line made only of these is header furniture.
const HEADER_WORDS: &[&str] = &[
    "对象",
    "服务对象",
    "服务项目",
    "项目",
    "服务内容",
    "服务标准",
    "服务类型",
    "服务",
    "类型",
    "支出责任",
    "牵头落实部门",
    "牵头部门",
    "牵头责任部门",
    "服务内容及标准",
    "",
];

/// Every non-blank line of the list region is inside a row, the title, a header, page
/// furniture, or named by an `unused-text` diagnostic.
fn no_text_lost(name: &str, bytes: &[u8]) {
    let text = qingdan::decode::decode(bytes).unwrap().text;
    let d = doc(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    let services = d["services"].as_array().unwrap();
    let ranges: Vec<(usize, usize)> = services
        .iter()
        .map(|s| {
            (
                s["lines"][0].as_u64().unwrap() as usize,
                s["lines"][1].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let first = ranges.first().map_or(1, |r| r.0);
    let last = ranges.last().map_or(0, |r| r.1);
    let title = d["document"]["list_title"].as_str().unwrap_or("");
    let title_line = (1..first)
        .rev()
        .find(|&n| !title.is_empty() && qingdan::normalize::text(lines[n - 1]).contains(title))
        .unwrap_or(first);
    let unused: BTreeSet<usize> = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["code"] == "unused-text")
        .map(|x| x["line"].as_u64().unwrap() as usize)
        .collect();
    for n in title_line..=last {
        let line = lines[n - 1];
        if line.trim().is_empty() || n == title_line || qingdan::grammar::is_furniture(line) {
            continue;
        }
        // A header line, or a piece of a header cell wrapped over lines ("服务内" / "容及标准").
        let header = line.split('\t').all(|c| {
            let c = qingdan::normalize::text(c);
            HEADER_WORDS
                .iter()
                .copied()
                .chain(qingdan::rows::header_words())
                .any(|w| w.contains(c.as_str()))
        });
        let in_row = ranges.iter().any(|(a, b)| (*a..=*b).contains(&n));
        // A section row gives its type to the rows under it; its cell may wrap onto this line.
        let section =
            |t: &str| qingdan::rows::section_heading(&qingdan::normalize::text(t)).is_some();
        // Windows of up to three non-blank lines around this one.
        let before: Vec<&str> = lines[..n - 1]
            .iter()
            .rev()
            .filter(|l| !l.trim().is_empty())
            .take(2)
            .copied()
            .collect();
        let after: Vec<&str> = lines[n..]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .take(2)
            .copied()
            .collect();
        let header = header
            || (0..=before.len()).any(|b| {
                (0..=after.len()).any(|a| {
                    b + a <= 2 && {
                        let mut w: String = before[..b].iter().rev().copied().collect();
                        w.push_str(line);
                        w.extend(after[..a].iter().copied());
                        section(&w)
                    }
                })
            });
        assert!(
            header || in_row || unused.contains(&n),
            "{name}:{n}: line of the list in no field, header, furniture or diagnostic: {line:?}"
        );
    }
}

#[test]
fn no_list_line_is_lost() {
    for f in util::fixtures() {
        no_text_lost(&f.display().to_string(), &std::fs::read(&f).unwrap());
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        for v in variants_of(&stem) {
            no_text_lost(&v.display().to_string(), &std::fs::read(&v).unwrap());
        }
    }
}

#[test]
fn stray_line_in_a_list_is_reported() {
    let f: &Path = &util::fixtures()[0];
    let text = std::fs::read_to_string(f).unwrap();
    let with_stray = text.replacen("\n\t2\t", "\n这一行不属于任何单元格\n\t2\t", 1);
    assert_ne!(with_stray, text);
    let d = doc(with_stray.as_bytes());
    assert!(
        d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["code"] == "unused-text"),
        "a stray line must be reported"
    );
    no_text_lost("stray", with_stray.as_bytes());
}
