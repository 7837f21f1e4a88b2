//! Other projects' test cases (`tests/peer/`, data only, MIT-licensed, sources, commits and
//! copyright notices in `tests/peer/README.md`): cn2an and
//! Recognizers-Text Chinese numbers through the numeral reader; their 元 currency and age cases
//! through the quantity finder; every plain number written as money ("每人每月<numeral>元").
//!
//! Cases we do not support are listed with a one-line reason in `tests/peer_unsupported.tsv`;
//! the test fails when a listed case starts passing (remove it) or an unlisted one fails.

use crate::util;
use qingdan::emit::Quantity;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn peer_dir() -> PathBuf {
    util::root().join("tests/peer")
}

fn jsonl(dir: &std::path::Path, name: &str) -> Vec<Value> {
    std::fs::read_to_string(dir.join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn money_values(text: &str) -> Vec<(f64, Option<String>)> {
    qingdan::quantities_of(text)
        .into_iter()
        .filter_map(|q| match q {
            Quantity::Money { value, period, .. } => {
                Some((value.0, period.map(|p| format!("{p:?}").to_lowercase())))
            }
            _ => None,
        })
        .collect()
}

/// One suite's outcome: case → failure detail (None when it passed).
#[derive(Default)]
struct Suite {
    results: BTreeMap<String, Option<String>>,
}

impl Suite {
    fn add(&mut self, input: &str, ok: bool, detail: impl FnOnce() -> String) {
        self.results
            .entry(input.to_owned())
            .or_insert_with(|| (!ok).then(detail));
    }
    fn passed(&self) -> usize {
        self.results.values().filter(|v| v.is_none()).count()
    }
}

fn plain_numbers(dir: &std::path::Path) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for c in jsonl(dir, "cn2an/cases.jsonl") {
        if let (Some(i), Some(v)) = (c["input"].as_str(), c["expected"].as_f64()) {
            out.push((format!("cn2an {i}"), v));
        }
    }
    for c in jsonl(dir, "recognizers-zh/number.jsonl") {
        let input: Vec<char> = c["input"].as_str().unwrap_or("").chars().collect();
        for e in c["expected"].as_array().into_iter().flatten() {
            let (Some(v), Some(start), Some(end)) =
                (e["value"].as_f64(), e["start"].as_u64(), e["end"].as_u64())
            else {
                continue;
            };
            // The span as written in the input (full-width digits, ．, ／ and －), not the
            // spec's normalized `text`.
            let Some(t) = input.get(start as usize..=end as usize) else {
                continue;
            };
            let t: String = t.iter().collect();
            if e["type"] == "number" && (0.0..1e8).contains(&v) && e.get("ignore_value").is_none() {
                out.push((format!("number {t}"), v));
            }
        }
    }
    out
}

fn unsupported() -> BTreeMap<(String, String), String> {
    let text = std::fs::read_to_string(util::root().join("tests/peer_unsupported.tsv"))
        .unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            Some((
                (f.next()?.to_owned(), f.next()?.to_owned()),
                f.next()?.to_owned(),
            ))
        })
        .collect()
}

#[test]
fn peer_suites() {
    let dir = peer_dir();
    let mut suites: BTreeMap<&str, Suite> = BTreeMap::new();

    // Numerals, read whole.
    for (case, want) in plain_numbers(&dir) {
        let input = case.split_once(' ').map_or("", |(_, i)| i);
        let got = qingdan::quantities::numeral::parse(input);
        let name = if case.starts_with("cn2an") {
            "numeral/cn2an"
        } else {
            "numeral/recognizers"
        };
        suites
            .entry(name)
            .or_default()
            .add(input, got.is_some_and(|g| close(g, want)), || {
                format!("got {got:?}, want {want}")
            });
        // The same numeral written as money: amounts are plain non-negative numbers below 10^8.
        if !(0.0..1e8).contains(&want) {
            continue;
        }
        let phrase = format!("每人每月{input}元");
        let m = money_values(&phrase);
        let ok = m.len() == 1 && close(m[0].0, want) && m[0].1.as_deref() == Some("month");
        suites
            .entry("money/plain-numerals")
            .or_default()
            .add(input, ok, || format!("got {m:?}, want [{want} month]"));
    }

    // 元 currency cases: the amounts in yuan, and nothing where there is none.
    for c in jsonl(&dir, "recognizers-zh/currency.jsonl") {
        let input = c["input"].as_str().unwrap_or("");
        let mut want: Vec<f64> = c["expected"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["unit"] == "Chinese yuan")
            .filter_map(|e| e["value"].as_f64())
            .collect();
        let mut got: Vec<f64> = money_values(input).into_iter().map(|(v, _)| v).collect();
        want.sort_by(f64::total_cmp);
        got.sort_by(f64::total_cmp);
        let ok = want.len() == got.len() && want.iter().zip(&got).all(|(a, b)| close(*b, *a));
        suites
            .entry("money/currency")
            .or_default()
            .add(input, ok, || format!("got {got:?}, want {want:?}"));
    }

    // Age cases: years become ranges starting at the age; months, weeks and days are no ages.
    for c in jsonl(&dir, "recognizers-zh/age.jsonl") {
        let input = c["input"].as_str().unwrap_or("");
        let want: Vec<u64> = c["expected"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["unit"] == "Year")
            .filter_map(|e| e["value"].as_u64())
            .collect();
        let got: Vec<u64> = qingdan::quantities_of(input)
            .into_iter()
            .filter_map(|q| match q {
                Quantity::Age { min, .. } => min.map(u64::from),
                _ => None,
            })
            .collect();
        suites
            .entry("age")
            .or_default()
            .add(input, want == got, || format!("got {got:?}, want {want:?}"));
    }

    let known = unsupported();
    let mut problems = Vec::new();
    eprintln!("peer suites (tests/peer):");
    for (name, suite) in &suites {
        let n = suite.results.len();
        eprintln!(
            "  {name:<22} {:>4}/{n:<4} {:.1}%",
            suite.passed(),
            100.0 * suite.passed() as f64 / n as f64
        );
        for (input, fail) in &suite.results {
            let key = (name.to_string(), input.clone());
            match (fail, known.get(&key)) {
                (Some(detail), None) => problems.push(format!("{name}\t{input}\t{detail}")),
                (None, Some(_)) => problems.push(format!(
                    "{name}\t{input}\tpasses now: remove it from peer_unsupported.tsv"
                )),
                _ => {}
            }
        }
    }
    for ((suite, input), reason) in &known {
        if !suites
            .get(suite.as_str())
            .is_some_and(|s| s.results.contains_key(input))
        {
            problems.push(format!(
                "{suite}\t{input}\tlisted as unsupported but is no case: {reason}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "peer cases out of line with tests/peer_unsupported.tsv:\n{}",
        problems.join("\n")
    );
}
