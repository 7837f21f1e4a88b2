//! `qingdan compare` over the fixtures: the matrix agrees with the per-district documents, and
//! the HTML page works in headless Chromium (where `/usr/bin/chromium` exists).

use crate::util;
use qingdan::canonical::view::{self, Doc};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn docs() -> Vec<Doc> {
    util::fixtures()
        .iter()
        .map(|f| {
            let json = qingdan::to_canonical(&qingdan::parse_file(f).unwrap());
            view::read(&f.display().to_string(), &json).unwrap()
        })
        .collect()
}

/// (row key, adcode) → the seqs the per-district documents put there.
fn expected(docs: &[Doc]) -> BTreeSet<(String, String, u32)> {
    let bundles = qingdan::canonical::bundles();
    let mut out = BTreeSet::new();
    for d in docs {
        let code = d.region.adcode.clone().unwrap();
        for s in &d.services {
            if s.item.code == "measure" {
                continue;
            }
            let key = |i: &qingdan::canonical::Item| {
                if i.code == "other" {
                    format!("other:{}", qingdan::compare::other_name(&i.name))
                } else {
                    i.code.clone()
                }
            };
            out.insert((key(&s.item), code.clone(), s.seq));
            for p in &s.items {
                out.insert((key(p), code.clone(), s.seq));
            }
            for (b, parts) in &bundles {
                if parts.contains(&s.item.code) {
                    out.insert((b.clone(), code.clone(), s.seq));
                }
            }
        }
    }
    out
}

#[test]
fn matrix_cells_agree_with_the_documents() {
    let docs = docs();
    let m = qingdan::compare::matrix(&docs);
    let codes: Vec<String> = m
        .districts
        .iter()
        .map(|d| d.region.adcode.clone().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "140213", "140303", "140502", "320508", "330106", "370403", "410825", "430104",
            "440106", "510107"
        ]
    );
    let mut got = BTreeSet::new();
    for r in &m.items {
        let key = if r.item.code == "other" {
            format!("other:{}", r.item.name)
        } else {
            r.item.code.clone()
        };
        for (c, code) in r.cells.iter().zip(&codes) {
            assert_eq!(c.status == "not listed", c.services.is_empty());
            for s in &c.services {
                got.insert((key.clone(), code.clone(), s.seq));
            }
        }
    }
    assert_eq!(got, expected(&docs));
    // Every national item has a row, listed or not.
    for i in qingdan::canonical::all_items()
        .iter()
        .filter(|i| i.national)
    {
        assert!(m.items.iter().any(|r| r.item.code == i.code), "{}", i.code);
    }
    // Spot checks written from the source: 平城区 高龄津贴 80–99 70元/月 (line 90); 晋城城区
    // has no 养老服务补贴 row; 薛城区 splits the disability bundle into #23 and #24.
    let row = |code: &str| m.items.iter().find(|r| r.item.code == code).unwrap();
    let at = |adcode: &str| {
        m.districts
            .iter()
            .position(|d| d.region.adcode.as_deref() == Some(adcode))
            .unwrap()
    };
    let c = &row("longevity-allowance").cells[0];
    assert_eq!(c.services[0].amounts[0].monthly, Some(70.0));
    assert_eq!(c.services[0].amounts[0].line, 90);
    assert_eq!(
        row("service-subsidy").cells[at("140502")].status,
        "not listed"
    );
    let seqs: Vec<u32> = row("disability-allowances").cells[at("370403")]
        .services
        .iter()
        .map(|s| s.seq)
        .collect();
    assert_eq!(seqs, [23, 24]);
    let csv = qingdan::compare::csv(&m);
    assert_eq!(csv.lines().count(), m.items.len() + 1);
    assert!(csv.starts_with("item,name,category,national,山西省 大同市 平城区 (140213),"));
    let json: serde_json::Value = serde_json::from_str(&qingdan::compare::json(&m)).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), m.items.len());
}

#[test]
fn compare_command_walks_folders() {
    let o = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["compare", "out", "--format", "json"])
        .current_dir(util::root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["districts"].as_array().unwrap().len(),
        util::fixtures().len()
    );
}

/// The attribute values of every `<td … data-district=…>` in a dumped DOM, as
/// (item row, district, status, seqs).
fn cells(dom: &str) -> BTreeSet<(String, String, String, String)> {
    let attr = |tag: &str, name: &str| -> String {
        let pat = format!("{name}=\"");
        tag.find(&pat)
            .map(|i| {
                let rest = &tag[i + pat.len()..];
                rest[..rest.find('"').unwrap_or(0)].to_owned()
            })
            .unwrap_or_default()
    };
    let mut out = BTreeSet::new();
    for row in dom.split("<tr ").skip(1) {
        let head = &row[..row.find('>').unwrap_or(0)];
        let item = attr(head, "data-item");
        if item.is_empty() {
            continue;
        }
        for td in row.split("<td ").skip(1) {
            let tag = &td[..td.find('>').unwrap_or(0)];
            let district = attr(tag, "data-district");
            if district.is_empty() {
                continue;
            }
            out.insert((
                item.clone(),
                district,
                attr(tag, "data-status"),
                attr(tag, "data-seqs"),
            ));
        }
    }
    out
}

#[test]
fn html_page_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        println!("skipped: /usr/bin/chromium is not installed (apt-get install chromium)");
        return;
    }
    let docs = docs();
    let m = qingdan::compare::matrix(&docs);
    let page = util::root().join("target/compare.html");
    std::fs::write(&page, qingdan::compare::html(&m)).unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    let url = format!("file://{}", page.display());
    let profile = std::env::temp_dir().join(format!("qingdan-chromium-{}", std::process::id()));
    let run = |extra: &[&str], url: &str| {
        Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(url)
            .output()
            .expect("chromium runs")
    };
    // Sorted by the 晋城城区 column (index 4: after item and national), largest first.
    let o = run(&["--dump-dom"], &format!("{url}#sort=4"));
    let dom = String::from_utf8_lossy(&o.stdout);
    let log = String::from_utf8_lossy(&o.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    assert!(!dom.contains("data-error="), "a script error");
    assert!(
        dom.contains(&format!("data-ready=\"{}\"", m.items.len())),
        "the script ran over every row"
    );
    // The matrix has the right cells.
    let mut want = BTreeSet::new();
    for r in &m.items {
        let key = if r.item.code == "other" {
            format!("other:{}", r.item.name)
        } else {
            r.item.code.clone()
        };
        for (c, d) in r.cells.iter().zip(&m.districts) {
            let seqs: Vec<String> = c.services.iter().map(|s| s.seq.to_string()).collect();
            want.insert((
                key.clone(),
                d.region.adcode.clone().unwrap(),
                c.status.to_owned(),
                seqs.join(","),
            ));
        }
    }
    assert_eq!(cells(&dom), want);
    // Missing national items are marked; the chart is there.
    assert!(dom.contains("cell missing nat"));
    assert!(dom.contains("<svg id=\"chart\""));
    // After the sort the first row is the item with the largest monthly amount in 晋城城区:
    // 高龄津贴 (100+: 5400元/年 = 450元/月).
    let first = dom.split("<tr data-order=").nth(1).unwrap_or("");
    assert!(
        first.contains("data-item=\"longevity-allowance\""),
        "{}",
        &first[..first.len().min(200)]
    );
    // A screenshot for review.
    let shot = util::root().join("target/compare.png");
    let _ = std::fs::remove_file(&shot);
    let o = run(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1600,1400",
        ],
        &url,
    );
    assert!(shot.exists(), "{}", String::from_utf8_lossy(&o.stderr));
    println!("screenshot: {}", shot.display());
    let _ = std::fs::remove_dir_all(&profile);
}

/// Damaged documents never make the three commands panic: each is read or refused with a message.
#[test]
fn damaged_documents_do_not_panic() {
    let f = &util::fixtures()[2];
    let good: serde_json::Value = util::parse_json(f);
    let n = good["services"].as_array().unwrap().len();
    let junk = [
        serde_json::json!(null),
        serde_json::json!(-1),
        serde_json::json!("x"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!(1e300),
    ];
    let fields = [
        "seq",
        "name",
        "target",
        "item",
        "items",
        "content",
        "types",
        "departments",
        "quantities",
        "lines",
    ];
    let mut read = 0;
    for i in (0..n).step_by(3) {
        for field in fields {
            for j in &junk {
                let mut d = good.clone();
                d["services"][i][field] = j.clone();
                if let Some(q) = d["services"][i]["quantities"].as_array_mut() {
                    for q in q.iter_mut() {
                        q["value"] = j.clone();
                        q["age"] = j.clone();
                    }
                }
                let Ok(doc) = view::read("x", &d.to_string()) else {
                    continue;
                };
                read += 1;
                let docs = vec![doc.clone(), doc.clone()];
                let m = qingdan::compare::matrix(&docs);
                let _ = qingdan::compare::html(&m);
                let _ = qingdan::compare::csv(&m);
                let p = qingdan::eligible::Profile {
                    age: Some(82),
                    groups: vec!["minimum-living".into()],
                    ..Default::default()
                };
                let _ = qingdan::eligible::table(&[qingdan::eligible::answer(&doc, &p, true)]);
                let base = view::read("y", &good.to_string()).unwrap();
                let _ = qingdan::diff::text(&qingdan::diff::diff(&base, &doc));
            }
        }
    }
    assert!(read > 50, "{read} damaged documents were readable");
    for text in [
        "",
        "{",
        "[]",
        "{\"schema\":\"qingdan/1\",\"services\":[{}]}",
    ] {
        let _ = view::read("z", text);
    }
}

#[test]
fn eligible_command_writes_json_lines() {
    let o = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args([
            "eligible",
            "--age",
            "82",
            "--group",
            "minimum-living",
            "--region",
            "14",
            "out",
        ])
        .current_dir(util::root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "three districts of 山西省");
    for l in &lines {
        assert_eq!(l["profile"]["age"], 82);
        assert!(l["region"]["adcode"].as_str().unwrap().starts_with("14"));
    }
    let o = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["eligible", "--group", "nobody", "out"])
        .current_dir(util::root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
