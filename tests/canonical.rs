//! The canonical mapping against the hand-written keys in `tests/canonical/`.

use crate::util;
use std::collections::BTreeSet;

fn key(name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(util::root().join("tests/canonical").join(name))
        .unwrap_or_else(|e| panic!("tests/canonical/{name}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .skip(1)
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn set(codes: &str) -> BTreeSet<String> {
    codes
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Counts and prints agreements; returns (item accuracy, group accuracy).
fn score(
    label: &str,
    rows: &[(String, String, String, BTreeSet<String>)],
    got: &[(String, String, BTreeSet<String>)],
) -> (f64, f64) {
    let (mut items, mut groups) = (0, 0);
    for ((id, item, parts, g), (gi, gp, gg)) in rows.iter().zip(got) {
        if item == gi && parts == gp {
            items += 1;
        } else {
            println!("{label} {id}: item {gi} [{gp}], key {item} [{parts}]");
        }
        if g == gg {
            groups += 1;
        } else {
            println!("{label} {id}: groups {gg:?}, key {g:?}");
        }
    }
    let n = rows.len() as f64;
    let (a, b) = (f64::from(items) / n, f64::from(groups) / n);
    println!(
        "{label}: {} rows, items {items} ({a:.3}), groups {groups} ({b:.3})",
        rows.len()
    );
    (a, b)
}

fn codes(item: &serde_json::Value, items: &serde_json::Value) -> (String, String) {
    let parts: Vec<&str> = items
        .as_array()
        .map(|v| v.iter().filter_map(|i| i["code"].as_str()).collect())
        .unwrap_or_default();
    (
        item["code"].as_str().unwrap_or("").to_owned(),
        parts.join(","),
    )
}

#[test]
fn fixture_rows_map_to_the_key() {
    let docs: Vec<(String, serde_json::Value)> = util::fixtures()
        .iter()
        .map(|f| {
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, util::parse_json(f))
        })
        .collect();
    let mut rows = Vec::new();
    let mut got = Vec::new();
    let key = key("items.tsv");
    let mut seen = 0;
    for r in &key {
        let [file, seq, name, item, parts, groups] = &r[..] else {
            panic!("bad key row {r:?}")
        };
        let (_, doc) = docs
            .iter()
            .find(|(s, _)| s.starts_with(file.as_str()))
            .unwrap_or_else(|| panic!("no fixture {file}"));
        let s = doc["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["seq"].as_u64().map(|n| n.to_string()).as_deref() == Some(seq))
            .unwrap_or_else(|| panic!("{file} has no row {seq}"));
        assert_eq!(s["name"].as_str(), Some(name.as_str()), "{file} {seq}");
        let g: BTreeSet<String> = flat(&s["target"]["groups"]);
        let (gi, gp) = codes(&s["item"], &s["items"]);
        rows.push((
            format!("{file}#{seq}"),
            item.clone(),
            parts.clone(),
            set(groups),
        ));
        got.push((gi, gp, g));
        seen += 1;
    }
    // Fixtures keyed here are covered row by row; the lists of unseen.tsv are keyed there.
    let unseen: BTreeSet<String> = self::key("unseen.tsv")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    let keyed: BTreeSet<&str> = key.iter().map(|r| r[0].as_str()).collect();
    for (stem, _) in &docs {
        assert!(
            keyed.iter().any(|k| stem.starts_with(k)) || unseen.contains(stem),
            "fixture {stem} has no canonical key"
        );
    }
    let total: usize = docs
        .iter()
        .filter(|(stem, _)| keyed.iter().any(|k| stem.starts_with(k)))
        .map(|(_, d)| d["services"].as_array().unwrap().len())
        .sum();
    assert_eq!(seen, total, "the key covers every keyed fixture row");
    let (items, groups) = score("fixtures", &rows, &got);
    assert!(items >= 0.95, "item accuracy {items:.3}");
    assert!(groups >= 0.9, "group accuracy {groups:.3}");
}

/// Group codes of a JSON `target.groups`, negated ones as `!code`.
fn flat(v: &serde_json::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    fn walk(v: &serde_json::Value, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Array(a) => a.iter().for_each(|t| walk(t, out)),
            serde_json::Value::Object(o) => {
                if let Some(c) = o.get("code").and_then(|c| c.as_str()) {
                    let neg = o.get("negated").and_then(|n| n.as_bool()) == Some(true);
                    out.insert(if neg { format!("!{c}") } else { c.to_owned() });
                }
                for k in ["any", "all"] {
                    if let Some(x) = o.get(k) {
                        walk(x, out);
                    }
                }
            }
            _ => {}
        }
    }
    walk(v, &mut out);
    out
}

#[test]
fn unseen_lists_map_to_the_key() {
    let mut rows = Vec::new();
    let mut got = Vec::new();
    for r in key("unseen.tsv") {
        let [
            list,
            seq,
            name,
            target,
            content,
            standard,
            item,
            parts,
            groups,
        ] = &r[..]
        else {
            panic!("bad key row {r:?}")
        };
        let m = qingdan::canonical::match_service(name, target, content, standard, None);
        let parts_got: Vec<&str> = m.items.iter().map(|i| i.code.as_str()).collect();
        let g = qingdan::canonical::for_target(target, content);
        let g: BTreeSet<String> = qingdan::canonical::flat_codes(&g).into_iter().collect();
        rows.push((
            format!("{list}#{seq}"),
            item.clone(),
            parts.clone(),
            set(groups),
        ));
        got.push((m.item.code, parts_got.join(","), g));
    }
    assert!(rows.len() >= 80);
    let (items, groups) = score("unseen", &rows, &got);
    assert!(items >= 0.97, "item accuracy {items:.3}");
    assert!(groups >= 0.9, "group accuracy {groups:.3}");
}
