//! `qingdan diff` on edited copies of a fixture's JSON.

use crate::util;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;

fn base() -> Value {
    let f = util::fixtures()
        .into_iter()
        .find(|f| f.to_string_lossy().contains("002_"))
        .unwrap();
    util::parse_json(&f)
}

fn write(dir: &std::path::Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

fn temp() -> PathBuf {
    let d = std::env::temp_dir().join(format!("qingdan-diff-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .arg("diff")
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn diff(old: &Value, new: &Value) -> qingdan::diff::Diff {
    let a = qingdan::canonical::view::read("old", &old.to_string()).unwrap();
    let b = qingdan::canonical::view::read("new", &new.to_string()).unwrap();
    qingdan::diff::diff(&a, &b)
}

fn service_mut(v: &mut Value, seq: u64) -> &mut Value {
    v["services"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["seq"] == seq)
        .unwrap()
}

#[test]
fn a_file_against_itself_is_empty_and_exits_0() {
    let d = temp();
    let p = write(&d, "same.json", &base());
    let (code, out) = run(&[p.as_os_str(), p.as_os_str()]);
    assert_eq!(code, Some(0));
    assert_eq!(out, "");
    assert!(diff(&base(), &base()).is_empty());
}

#[test]
fn moved_and_renumbered_rows_are_not_changes() {
    let old = base();
    let mut new = base();
    let services = new["services"].as_array_mut().unwrap();
    services.reverse();
    let n = services.len() as u64;
    for (i, s) in services.iter_mut().enumerate() {
        s["seq"] = json!(i as u64 + 1);
        let l = s["lines"][0].as_u64().unwrap() + n;
        s["lines"] = json!([l, l]);
    }
    let d = diff(&old, &new);
    assert!(d.is_empty(), "{}", qingdan::diff::text(&d));
}

#[test]
fn amounts_departments_added_and_removed() {
    let old = base();
    let mut new = base();
    // 17 高龄津贴 (低保): 80–89 1640元/年 → 1700元/年.
    let s = service_mut(&mut new, 17);
    for q in s["quantities"].as_array_mut().unwrap() {
        if q["value"] == 1640 {
            // As a new document writes it: the amount and its monthly value (1700 ÷ 12).
            q["value"] = json!(1700);
            q["monthly"] = json!(141.67);
        }
    }
    // 19 护理补贴: a second department.
    service_mut(&mut new, 19)["departments"]
        .as_array_mut()
        .unwrap()
        .push(json!("区财政局"));
    // 28 社会救助 removed; a 助餐 row added.
    let mut meal = service_mut(&mut new, 23).clone();
    new["services"]
        .as_array_mut()
        .unwrap()
        .retain(|s| s["seq"] != 28);
    meal["seq"] = json!(31);
    meal["name"] = json!("老年助餐服务");
    meal["item"] =
        json!({"code":"meal-assistance","name":"助餐服务","category":"照护服务","national":false});
    meal["lines"] = json!([170, 170]);
    new["services"].as_array_mut().unwrap().push(meal);

    let d = diff(&old, &new);
    assert_eq!(d.removed.len(), 1, "{}", qingdan::diff::text(&d));
    assert_eq!(d.removed[0].seq, 28);
    assert_eq!(d.removed[0].item, "vagrant-relief");
    assert_eq!(d.added.len(), 1);
    assert_eq!(d.added[0].item, "meal-assistance");
    assert_eq!(d.added[0].lines, [170, 170]);
    assert_eq!(d.changed.len(), 2, "{}", qingdan::diff::text(&d));
    let amounts = &d.changed[0];
    assert_eq!((amounts.old.seq, amounts.new.seq), (17, 17));
    assert_eq!(amounts.old.lines, amounts.new.lines);
    assert_eq!(amounts.fields[0].field, "amounts");
    assert_eq!(
        amounts.fields[0].removed,
        ["80–89: 1640元/年 (136.67元/月)"]
    );
    assert_eq!(amounts.fields[0].added, ["80–89: 1700元/年 (141.67元/月)"]);
    let deps = &d.changed[1];
    assert_eq!(deps.item, "care-subsidy");
    assert_eq!(deps.fields[0].field, "departments");
    assert_eq!(deps.fields[0].added, ["区财政局"]);

    // The command line: exit 1, the three kinds in the text, JSON on request.
    let dir = temp();
    let a = write(&dir, "old.json", &old);
    let b = write(&dir, "new.json", &new);
    let (code, out) = run(&[a.as_os_str(), b.as_os_str()]);
    assert_eq!(code, Some(1));
    assert!(out.contains("- #28 社会救助 [vagrant-relief]"), "{out}");
    assert!(
        out.contains("+ #31 老年助餐服务 [meal-assistance]"),
        "{out}"
    );
    assert!(
        out.contains("~ #17 → #17 高龄津贴 [longevity-allowance] (old L148, new L148)"),
        "{out}"
    );
    assert!(out.ends_with("1 added, 1 removed, 2 changed\n"), "{out}");
    let (code, out) = run(&[
        a.as_os_str(),
        b.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(code, Some(1));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "qingdan-diff/1");
}

#[test]
fn a_changed_target_is_a_change_not_a_swap() {
    let old = base();
    let mut new = base();
    service_mut(&mut new, 19)["target"] = json!({"text": "经认定生活不能自理的低保老年人", "age": null,
        "groups": [{"code":"disabled-care","optional":false,"negated":false},
                   {"code":"minimum-living","optional":false,"negated":false}]});
    let d = diff(&old, &new);
    assert!(d.added.is_empty() && d.removed.is_empty());
    assert_eq!(d.changed.len(), 1);
    assert_eq!(d.changed[0].fields[0].field, "target");
}

#[test]
fn trouble_exits_2() {
    let dir = temp();
    let a = write(&dir, "a.json", &base());
    let (code, _) = run(&[a.as_os_str(), dir.join("missing.json").as_os_str()]);
    assert_eq!(code, Some(2));
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"schema\":\"other\"}").unwrap();
    let (code, _) = run(&[a.as_os_str(), bad.as_os_str()]);
    assert_eq!(code, Some(2));
    let (code, _) = run(&[a.as_os_str()]);
    assert_eq!(code, Some(2));
}
