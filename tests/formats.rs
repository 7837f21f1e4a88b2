//! Every rendering in `tests/formats/` (made by `tests/formats/generate.py` with python-docx,
//! openpyxl and LibreOffice: docx, HTML with rowspan/colspan, Excel-style CSV, xlsx with merged
//! regions, Markdown pipe tables) must give its list's answers: the answer key in
//! `tests/gold/<stem>.json` where there is one (lists written for this project and seeds with
//! keys), else the answers of the seed fixture itself.

use crate::gold::{document_misses, service_misses};
use crate::util;
use crate::variants::answers;
use serde_json::Value;
use std::path::PathBuf;

/// The renderings, sorted, with the stem of the list they render (the name up to the first dot).
fn renderings() -> Vec<(String, PathBuf)> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(util::root().join("tests/formats"))
        .expect("tests/formats exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| {
                    ["docx", "html", "csv", "xlsx", "md"].contains(&e.to_string_lossy().as_ref())
                })
                && p.file_name().is_some_and(|n| n != "README.md")
        })
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name.split('.').next().unwrap_or_default().to_owned(), p)
        })
        .collect();
    v.sort();
    v
}

fn parse(path: &std::path::Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let out = qingdan::parse_bytes(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&qingdan::to_canonical(&out)).unwrap()
}

fn key(stem: &str) -> Option<Value> {
    let p = util::root().join("tests/gold").join(format!("{stem}.json"));
    std::fs::read_to_string(p)
        .ok()
        .map(|s| serde_json::from_str(&s).unwrap())
}

#[test]
fn every_rendering_gives_its_answers() {
    let all = renderings();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut formats = std::collections::BTreeMap::<String, Vec<String>>::new();
    for (stem, path) in &all {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let got = parse(path);
        formats
            .entry(stem.clone())
            .or_default()
            .push(got["source"]["format"].as_str().unwrap().to_owned());
        match key(stem) {
            Some(gold) => {
                let (c1, m1) = service_misses(&name, &gold, &got);
                let (c2, m2) = document_misses(&name, &gold, &got);
                checked += c1 + c2;
                failures.extend(m1);
                failures.extend(m2);
            }
            None => {
                let seed = util::root().join("fixtures").join(format!("{stem}.txt"));
                let want = answers(&util::parse_json(&seed));
                let have = answers(&got);
                checked += want.len();
                if want.len() != have.len() {
                    failures.push(format!(
                        "{name}: {} answers, want {}",
                        have.len(),
                        want.len()
                    ));
                }
                for (w, h) in want.iter().zip(&have) {
                    if w != h {
                        failures.push(format!("{name}:\n  want {w}\n  got  {h}"));
                    }
                }
            }
        }
    }
    // Every list in every shape, each read by the reader of its shape.
    for (stem, f) in &formats {
        let mut f = f.clone();
        f.sort();
        f.dedup();
        assert_eq!(
            f,
            ["csv", "docx", "html", "markdown", "xlsx"],
            "{stem}: formats read"
        );
    }
    assert!(formats.len() >= 9, "{} lists rendered", formats.len());
    assert!(checked > 2000, "only {checked} fields checked");
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
