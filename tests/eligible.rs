//! `qingdan eligible` against the hand-written cases in `tests/canonical/eligible.tsv`.

use crate::util;
use qingdan::canonical::view::{self, Doc};
use qingdan::eligible::{Profile, Status, answer, in_region};

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
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn profiles_get_what_the_source_grants() {
    let docs = docs();
    let text = std::fs::read_to_string(util::root().join("tests/canonical/eligible.tsv")).unwrap();
    let mut cases = 0;
    for l in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let c: Vec<&str> = l.split('\t').collect();
        let [id, region, age, groups, not_groups, yes, excluded, amounts] = c[..] else {
            panic!("bad row {l:?}")
        };
        let p = Profile {
            age: age.parse().ok(),
            groups: list(groups),
            not_groups: list(not_groups),
            region: Some(region.to_owned()),
        };
        let mine: Vec<&Doc> = docs
            .iter()
            .filter(|d| in_region(d, p.region.as_deref()))
            .collect();
        assert_eq!(mine.len(), 1, "{id}: one district for {region}");
        let a = answer(mine[0], &p, false);
        let got: Vec<String> = a
            .services
            .iter()
            .filter(|e| e.status == "yes")
            .map(|e| e.seq.to_string())
            .collect();
        assert_eq!(got, list(yes), "{id}: services granted for certain");
        for x in list(excluded) {
            assert!(
                !a.services.iter().any(|e| e.seq.to_string() == x),
                "{id}: #{x} should not be listed"
            );
        }
        for spec in amounts.split(';').filter(|s| !s.is_empty()) {
            let (seq, values) = spec.split_once('=').unwrap();
            let e = a
                .services
                .iter()
                .find(|e| e.seq.to_string() == seq)
                .unwrap_or_else(|| panic!("{id}: #{seq} listed"));
            let mut got: Vec<String> = e
                .amounts
                .iter()
                .map(|m| view::num(m.monthly.unwrap_or(f64::NAN)))
                .collect();
            got.sort();
            assert_eq!(got, list(values), "{id}: #{seq} monthly amounts");
        }
        // Every condition carries its evidence: source text and a line inside the row.
        for e in &a.services {
            for c in &e.conditions {
                assert!(
                    c.condition == "target" || !c.text.is_empty(),
                    "{id} #{}: {c:?}",
                    e.seq
                );
                assert!(
                    c.line >= e.lines[0] && c.line <= e.lines[1].max(c.line),
                    "{id}"
                );
                // Inside an OR one branch may stay unknown; none fails outright at top level.
                if e.status == "yes" && c.status == Status::NotMet {
                    assert!(c.condition.starts_with("group"), "{id} #{}: {c:?}", e.seq);
                }
            }
        }
        cases += 1;
    }
    assert!(cases >= 20, "{cases} profiles");
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
            .iter()
            .any(|c| c.condition == "group minimum-living" && c.status == Status::Unknown)
    );
    // Without an age every age condition is unknown too.
    let a = answer(d, &Profile::default(), false);
    assert!(
        a.services
            .iter()
            .all(|e| e.status != "yes" || e.conditions.is_empty())
    );
    // A region prefix selects a province.
    let n = docs.iter().filter(|d| in_region(d, Some("14"))).count();
    assert_eq!(n, 3);
}
