//! Projects the output onto the answer keys in `tests/gold/` (the hand-written keys of the seeds
//! and keys of the lists made for the tests; format in `tests/gold/FORMAT.md`) and fails on any difference in the fields the foundation owns: every
//! numbered row once and in order; target, name, types, departments and target age; money
//! (value, period, bound and age, as a multiset), multiples (factor, bound) and ages. A field a
//! key marks `"hard"` (target text that extraction destroyed) is scored apart, not here.

use crate::util;
use serde_json::Value;
use std::collections::BTreeSet;

fn norm(v: &Value) -> Option<String> {
    v.as_str().map(|s| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap()
                }
                _ => c,
            })
            .collect()
    })
}

fn set(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(norm)
        .collect()
}

fn age(v: &Value) -> Option<(Option<u64>, Option<u64>)> {
    (!v.is_null()).then(|| (v["min"].as_u64(), v["max"].as_u64()))
}

/// Compares the services of `out` with the answer key `gold`; `file` names them in messages.
/// Returns the number of fields checked and the differences (fields a key marks `"hard"` are
/// not differences). A key with `partners` checks them too.
pub fn service_misses(file: &str, gold: &Value, out: &Value) -> (usize, Vec<String>) {
    let mut misses = Vec::new();
    let mut checked = 0;
    let got: Vec<&Value> = out["services"].as_array().unwrap().iter().collect();
    let want_seqs: Vec<u64> = gold["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["seq"].as_u64().unwrap())
        .collect();
    let got_seqs: Vec<u64> = got.iter().map(|s| s["seq"].as_u64().unwrap()).collect();
    if want_seqs != got_seqs {
        misses.push(format!("{file}: rows {got_seqs:?}, want {want_seqs:?}"));
        return (checked, misses);
    }
    for (g, o) in gold["services"].as_array().unwrap().iter().zip(got) {
        let seq = &g["seq"];
        let hard: BTreeSet<&str> = g["hard"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut check = |field: &str, ok: bool, want: String, have: String| {
            checked += 1;
            if !ok && !hard.contains(field) {
                misses.push(format!("{file} #{seq} {field}: want {want}, got {have}"));
            }
        };
        let (w, h) = (norm(&g["target"]), norm(&o["target"]["text"]));
        check("target", w == h, format!("{w:?}"), format!("{h:?}"));
        let (w, h) = (norm(&g["name"]), norm(&o["name"]));
        check("name", w == h, format!("{w:?}"), format!("{h:?}"));
        let (w, h) = (set(&g["types"]), set(&o["types"]));
        check("types", w == h, format!("{w:?}"), format!("{h:?}"));
        let (w, h) = (set(&g["departments"]), set(&o["departments"]));
        check("departments", w == h, format!("{w:?}"), format!("{h:?}"));
        if !g["partners"].is_null() {
            let (w, h) = (set(&g["partners"]), set(&o["partners"]));
            check("partners", w == h, format!("{w:?}"), format!("{h:?}"));
        }
        let (w, h) = (age(&g["target_age"]), age(&o["target"]["age"]));
        check("target_age", w == h, format!("{w:?}"), format!("{h:?}"));
        let qs: Vec<&Value> = o["quantities"].as_array().unwrap().iter().collect();
        let of = |kind: &str| {
            qs.iter()
                .filter(|q| q["kind"] == kind)
                .copied()
                .collect::<Vec<_>>()
        };
        let money_key = |m: &Value| {
            format!(
                "{} {} {} {:?}",
                m["value"].as_f64().unwrap(),
                m["period"],
                m["bound"],
                age(&m["age"])
            )
        };
        let mut w: Vec<String> = g["money"]
            .as_array()
            .unwrap()
            .iter()
            .map(money_key)
            .collect();
        let mut h: Vec<String> = of("money").into_iter().map(money_key).collect();
        w.sort();
        h.sort();
        check("money", w == h, format!("{w:?}"), format!("{h:?}"));
        let mult_key = |m: &Value| format!("{:.4} {}", m["factor"].as_f64().unwrap(), m["bound"]);
        let w: BTreeSet<String> = g["multiples"]
            .as_array()
            .unwrap()
            .iter()
            .map(mult_key)
            .collect();
        let h: BTreeSet<String> = of("multiple").into_iter().map(mult_key).collect();
        check("multiples", w == h, format!("{w:?}"), format!("{h:?}"));
        let w: BTreeSet<_> = g["ages"].as_array().unwrap().iter().map(age).collect();
        let h: BTreeSet<_> = of("age").into_iter().map(age).collect();
        check("ages", w == h, format!("{w:?}"), format!("{h:?}"));
    }
    (checked, misses)
}

/// A key of a list in `tests/shapes/` (a rendering of that name there, no fixture of it): those
/// lists' shapes are scored by `tests/shapes.rs`, not here.
fn of_shapes(file: &str) -> bool {
    !util::root().join("fixtures").join(file).exists()
        && util::root().join("tests/shapes").join(file).exists()
}

#[test]
fn answer_keys() {
    let dir = util::root().join("tests/gold");
    let mut keys: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/gold exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    keys.sort();
    assert!(
        keys.len() >= 3,
        "expected the answer keys, found {}",
        keys.len()
    );
    let mut misses = Vec::new();
    let mut checked = 0;
    for key in keys {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&key).unwrap()).unwrap();
        let file = gold["file"].as_str().unwrap();
        if of_shapes(file) {
            continue;
        }
        let out = util::parse_json(&util::root().join("fixtures").join(file));
        let (c, m) = service_misses(file, &gold, &out);
        checked += c;
        misses.extend(m);
    }
    assert!(checked > 600, "only {checked} fields checked");
    assert!(
        misses.is_empty(),
        "{} of {checked} fields differ from the answer keys:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

/// Compares the document fields and tasks of `out` with the answer key `gold`.
pub fn document_misses(file: &str, gold: &Value, out: &Value) -> (usize, Vec<String>) {
    let mut misses = Vec::new();
    let mut checked = 0;
    let (g, d) = (&gold["document"], &out["document"]);
    let got = |f: &str| -> Value {
        match f {
            "region" => d["region"]["name"].clone(),
            "adcode" => d["region"]["adcode"].clone(),
            _ => d[f].clone(),
        }
    };
    for f in [
        "region",
        "adcode",
        "list_title",
        "issuer",
        "doc_number",
        "date",
        "draft",
    ] {
        checked += 1;
        if g[f] != got(f) {
            misses.push(format!(
                "{file} document.{f}: want {}, got {}",
                g[f],
                got(f)
            ));
        }
    }
    checked += 1;
    if set(&g["references"]) != set(&d["references"]) {
        misses.push(format!(
            "{file} references: want {}, got {}",
            g["references"], d["references"]
        ));
    }
    let want: Vec<&Value> = gold["tasks"].as_array().unwrap().iter().collect();
    let have: Vec<&Value> = out["tasks"].as_array().unwrap().iter().collect();
    checked += 1;
    if want.len() != have.len() {
        misses.push(format!("{file}: {} tasks, want {}", have.len(), want.len()));
    }
    for (w, h) in want.iter().zip(&have) {
        for f in ["seq", "title"] {
            checked += 1;
            if norm(&w[f]).or_else(|| w[f].as_u64().map(|v| v.to_string()))
                != norm(&h[f]).or_else(|| h[f].as_u64().map(|v| v.to_string()))
            {
                misses.push(format!(
                    "{file} task {}: {f} want {}, got {}",
                    w["seq"], w[f], h[f]
                ));
            }
        }
        for f in ["lead", "units"] {
            checked += 1;
            if set(&w[f]) != set(&h[f]) {
                misses.push(format!(
                    "{file} task {}: {f} want {}, got {}",
                    w["seq"], w[f], h[f]
                ));
            }
        }
    }
    (checked, misses)
}

/// Document fields and tasks of the answer keys.
#[test]
fn answer_keys_document_and_tasks() {
    let dir = util::root().join("tests/gold");
    let mut misses = Vec::new();
    let mut checked = 0;
    for key in std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&key).unwrap()).unwrap();
        let file = gold["file"].as_str().unwrap();
        if of_shapes(file) {
            continue;
        }
        let out = util::parse_json(&util::root().join("fixtures").join(file));
        let (c, m) = document_misses(file, &gold, &out);
        checked += c;
        misses.extend(m);
    }
    assert!(checked > 100, "only {checked} fields checked");
    assert!(
        misses.is_empty(),
        "{} of {checked} fields differ from the answer keys:\n{}",
        misses.len(),
        misses.join("\n")
    );
}
