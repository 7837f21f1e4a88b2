//! `qingdan eligible` against the hand-written profiles in `tests/canonical/eligible.tsv`.

use crate::util;
use qingdan::canonical::view::{self, Doc};
use qingdan::eligible::{CareLevel, Profile, Status, answer, in_region, state};

fn docs() -> Vec<Doc> {
    util::fixtures()
        .iter()
        .map(|f| {
            let json = qingdan::to_canonical(&qingdan::parse_file(f).unwrap());
            view::read(&f.display().to_string(), &json).unwrap()
        })
        .collect()
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// One profile of the key.
struct Case {
    id: String,
    profile: Profile,
    must: Vec<String>,
    must_not: Vec<String>,
    amounts: String,
    total: f64,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(util::root().join("tests/canonical/eligible.tsv")).unwrap();
    let mut out = Vec::new();
    for l in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let c: Vec<&str> = l.split('\t').collect();
        let [
            id,
            region,
            age,
            groups,
            not_groups,
            local,
            care,
            grade,
            must,
            must_not,
            amounts,
            total,
        ] = c[..]
        else {
            panic!("bad row {l:?}")
        };
        let mut p = Profile {
            age: age.parse().ok(),
            region: Some(region.to_owned()),
            local: match local {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            care_level: CareLevel::parse(care),
            disability_grade: grade.parse().ok(),
            ..Profile::default()
        };
        for (words, yes) in [(groups, true), (not_groups, false)] {
            for w in list(words) {
                state(&mut p, &w, yes).unwrap_or_else(|e| panic!("{id}: {e}"));
            }
        }
        out.push(Case {
            id: id.to_owned(),
            profile: p,
            must: list(must),
            must_not: list(must_not),
            amounts: amounts.to_owned(),
            total: total
                .parse()
                .unwrap_or_else(|_| panic!("{id}: total {total:?}")),
        });
    }
    out
}

#[test]
fn profiles_get_what_the_rows_grant() {
    let docs = docs();
    let cases = cases();
    let (mut yes_due, mut yes_got, mut no_due, mut no_got) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    let mut regions = std::collections::BTreeSet::new();
    for c in &cases {
        let p = &c.profile;
        let mine: Vec<&Doc> = docs
            .iter()
            .filter(|d| in_region(d, p.region.as_deref()))
            .collect();
        assert_eq!(mine.len(), 1, "{}: one district", c.id);
        regions.insert(mine[0].file.clone());
        let a = answer(mine[0], p, true);
        let status = |seq: &str| {
            a.services
                .iter()
                .find(|e| e.seq.to_string() == seq)
                .map_or("absent", |e| e.status)
        };
        for s in &c.must {
            yes_due += 1;
            match status(s) {
                "yes" => yes_got += 1,
                other => misses.push(format!("{}: #{s} must be yes, is {other}", c.id)),
            }
        }
        for s in &c.must_not {
            no_due += 1;
            match status(s) {
                "no" => no_got += 1,
                other => misses.push(format!("{}: #{s} must be no, is {other}", c.id)),
            }
        }
        // Without --all, a `no` is not listed.
        let listed = answer(mine[0], p, false);
        assert!(listed.services.iter().all(|e| e.status != "no"), "{}", c.id);
        for spec in c.amounts.split(';').filter(|s| !s.is_empty()) {
            let (seq, values) = spec.split_once('=').unwrap();
            let e = a
                .services
                .iter()
                .find(|e| e.seq.to_string() == seq)
                .unwrap_or_else(|| panic!("{}: #{seq} listed", c.id));
            let mut got: Vec<String> = e
                .amounts
                .iter()
                .map(|m| view::num(m.money.monthly.unwrap_or(f64::NAN)))
                .collect();
            got.sort();
            assert_eq!(got, list(values), "{}: #{seq} monthly amounts", c.id);
        }
        assert!(
            (a.total.monthly - c.total).abs() < 0.005,
            "{}: total per month {} (counted {:?}), expected {}",
            c.id,
            a.total.monthly,
            a.total
                .counted
                .iter()
                .map(|l| (l.seq, l.value))
                .collect::<Vec<_>>(),
            c.total
        );
        // Every yes cites the cells it relied on: each condition has its cell, text and a line.
        for e in a.services.iter().filter(|e| e.status == "yes") {
            for l in e.conditions.leaves() {
                assert!(
                    !l.text.is_empty() && !l.cell.is_empty() && l.line > 0,
                    "{} #{}: {l:?}",
                    c.id,
                    e.seq
                );
            }
        }
    }
    let yes = f64::from(yes_got) / f64::from(yes_due);
    let no = f64::from(no_got) / f64::from(no_due);
    eprintln!(
        "eligible: {} profiles over {} lists; must-yes {yes_got}/{yes_due} ({yes:.3}), must-no {no_got}/{no_due} ({no:.3})",
        cases.len(),
        regions.len()
    );
    for m in &misses {
        eprintln!("  {m}");
    }
    assert!(cases.len() >= 40, "{} profiles", cases.len());
    assert!(regions.len() >= 8, "{} lists", regions.len());
    assert!(yes >= 0.98, "must-yes {yes:.3}: {misses:#?}");
    assert!(no >= 0.98, "must-no {no:.3}: {misses:#?}");
}

#[test]
fn unstated_conditions_are_unknown_not_no() {
    let docs = docs();
    let p = Profile {
        age: Some(82),
        ..Profile::default()
    };
    let d = docs.iter().find(|d| in_region(d, Some("140502"))).unwrap();
    let a = answer(d, &p, false);
    // 17: 80周岁及以上低保老年人 — 低保 not stated: maybe, with the condition unknown.
    let e = a.services.iter().find(|e| e.seq == 17).unwrap();
    assert_eq!(e.status, "maybe");
    assert!(
        e.conditions
            .leaves()
            .iter()
            .any(|c| c.condition == "group minimum-living" && c.status == Status::Unknown)
    );
    // Without an age every age condition is unknown too.
    let a = answer(d, &Profile::default(), false);
    assert!(a.services.iter().all(|e| e.status != "yes"));
    // A region prefix selects a province.
    let n = docs.iter().filter(|d| in_region(d, Some("14"))).count();
    assert_eq!(n, 3);
}

#[test]
fn the_json_keeps_the_tree_and_the_tokens() {
    let docs = docs();
    let d = docs.iter().find(|d| in_region(d, Some("410825"))).unwrap();
    let mut p = Profile {
        age: Some(82),
        ..Profile::default()
    };
    state(&mut p, "低保", true).unwrap();
    state(&mut p, "失能", true).unwrap();
    let a = answer(d, &p, false);
    let json = serde_json::to_value(&a).unwrap();
    let e = json["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["seq"] == 14)
        .unwrap();
    // 护理补贴: 低保对象中…生活不能自理的老年人, 有条件的地方可扩大到…: an OR of two ANDs.
    let root = &e["conditions"];
    assert_eq!(root["status"], "met");
    let any = root["all"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t.get("any").is_some())
        .expect("an any node");
    assert_eq!(any["any"][0]["all"].as_array().unwrap().len(), 2);
    assert_eq!(any["any"][0]["status"], "met");
    assert_eq!(any["any"][1]["status"], "unknown");
    // Leaves say where they were read.
    assert_eq!(any["any"][0]["all"][0]["cell"], "target");
    assert!(json["total"]["monthly"].as_f64().unwrap() > 0.0);
    // Unknown words are refused with the way to the list.
    assert!(
        state(&mut p, "有钱", true)
            .unwrap_err()
            .contains("--list-groups")
    );
}
