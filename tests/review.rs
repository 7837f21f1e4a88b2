use crate::util;
use std::path::Path;
use std::process::{Command, Output};

fn qingdan(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("qingdan-review-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A fixture by the start of its name.
fn fixture(prefix: &str) -> std::path::PathBuf {
    util::fixtures()
        .into_iter()
        .find(|f| f.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

/// (code, rows) of each reason.
fn reasons(doc: &serde_json::Value) -> Vec<(String, Vec<u64>)> {
    doc["review"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_owned(),
                r["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap())
                    .collect(),
            )
        })
        .collect()
}

/// A list with only its header and a section row: the header of a page cut right after it.
const HEADER_ONLY: &str =
    "甲区基本养老服务清单\n序号\t服务对象\t服务项目\t服务内容\t牵头部门\n一、物质帮助类\n";

#[test]
fn every_document_has_a_review_after_its_diagnostics() {
    for f in util::fixtures() {
        let text = qingdan::to_canonical(&qingdan::parse_file(&f).unwrap());
        let (d, r) = (
            text.find("\n  \"diagnostics\": "),
            text.find("\n  \"review\": {"),
        );
        assert!(d.is_some() && r.is_some() && d < r, "{f:?}");
        assert!(
            text.ends_with("\n  }\n}\n"),
            "{f:?}: the review is the last field"
        );
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let status = doc["review"]["status"].as_str().unwrap();
        let reasons = reasons(&doc);
        assert_eq!(status == "ok", reasons.is_empty(), "{f:?}: {reasons:?}");
    }
}

#[test]
fn repaired_rows_are_named_in_the_review() {
    // 003: row 3's target cell held the text of row 4, whose number cell was missing.
    let doc = util::parse_json(&fixture("003_"));
    assert_eq!(doc["review"]["status"], "check");
    assert_eq!(
        reasons(&doc),
        vec![
            ("garbled-cell".to_owned(), vec![3, 10]),
            ("missing-number".to_owned(), vec![4]),
            ("shifted-cells".to_owned(), vec![4]),
        ]
    );
    assert!(
        doc["review"]["reasons"][1]["message"]
            .as_str()
            .unwrap()
            .starts_with("line 70: row has no number"),
        "{}",
        doc["review"]
    );
    // A whole list: nothing to look at.
    let doc = util::parse_json(&fixture("002_"));
    assert_eq!(
        doc["review"],
        serde_json::json!({"status": "ok", "reasons": []})
    );
}

#[test]
fn a_header_without_rows_fails() {
    let doc = qingdan::parse_bytes("cut.txt", HEADER_ONLY.as_bytes()).unwrap();
    assert!(doc.services.is_empty());
    assert_eq!(doc.review.status, qingdan::review::Status::Failed);
    assert_eq!(doc.review.reasons[0].code, "no-services");
}

#[test]
fn amounts_that_gave_nothing_are_named() {
    let text = "甲区基本养老服务清单\n序号\t服务对象\t服务项目\t服务内容\t牵头部门\n\
        1\t80周岁及以上老年人\t高龄津贴\t每人每月100元\t区民政局\n\
        2\t80周岁及以上老年人\t护理补贴\t按100,,元标准发放\t区民政局\n";
    let doc = qingdan::parse_bytes("amount.txt", text.as_bytes()).unwrap();
    let r: Vec<(&str, &[u32])> = doc
        .review
        .reasons
        .iter()
        .map(|r| (r.code.as_str(), r.rows.as_slice()))
        .collect();
    assert!(r.contains(&("no-amount", &[2][..])), "{r:?}");
    assert!(
        !r.iter()
            .any(|(c, rows)| *c == "no-amount" && rows.contains(&1))
    );
}

#[test]
fn convert_counts_reviews_and_fails_on_request() {
    let d = temp("counts");
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(fixture("002_"), input.join("a_ok.txt")).unwrap();
    std::fs::copy(fixture("003_"), input.join("b_check.txt")).unwrap();
    let o = qingdan(&["convert", "in", "-o", "out"], &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).lines().last(),
        Some("qingdan: 1 ok, 1 check, 0 failed → out")
    );
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out/index.json")).unwrap()).unwrap();
    assert_eq!(
        index["review"],
        serde_json::json!({"ok": 1, "check": 1, "failed": 0})
    );
    assert_eq!(index["files"][0]["review"], "ok");
    assert_eq!(index["files"][1]["review"], "check");
    let fail_on = |status: &str| {
        qingdan(&["convert", "in", "-o", "out", "--fail-on", status], &d)
            .status
            .code()
    };
    assert_eq!(fail_on("check"), Some(1));
    assert_eq!(fail_on("failed"), Some(0));
    std::fs::write(input.join("c_failed.txt"), HEADER_ONLY).unwrap();
    std::fs::write(input.join("d_empty.txt"), b"").unwrap();
    let o = qingdan(&["convert", "in", "-o", "out", "--fail-on", "failed"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).lines().last(),
        Some("qingdan: 1 ok, 1 check, 2 failed (1 not converted) → out")
    );
    std::fs::remove_file(input.join("d_empty.txt")).unwrap();
    assert_eq!(
        fail_on("failed"),
        Some(1),
        "a failed review fails the batch"
    );
    let o = qingdan(&["convert", "in", "-o", "out"], &d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "without --fail-on a review fails nothing"
    );
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out/index.json")).unwrap()).unwrap();
    assert_eq!(
        index["review"],
        serde_json::json!({"ok": 1, "check": 1, "failed": 1})
    );
    assert_eq!(index["files"][2]["review"], "failed");
    assert_eq!(index["files"][2]["services"], 0);
}

/// Issue 19 item 6: a section row that announces its size and yields fewer rows says so;
/// numbering that restarts under a section row is normal.
#[test]
fn sections_that_announce_more_rows_than_found_are_short() {
    let text = "甲区基本养老服务清单\n序号\t服务对象\t服务项目\t服务内容\t牵头部门\n\
        一、物质帮助类（2项）\n\
        1\t老年人\t高龄津贴\t每人每月100元\t区民政局\n\
        2\t老年人\t护理补贴\t每人每月100元\t区民政局\n\
        二、照护服务类（3项）\n\
        1\t老年人\t助餐服务\t发放\t区民政局\n\
        2\t老年人\t助浴服务\t发放\t区民政局\n";
    let doc = qingdan::parse_bytes("sections.txt", text.as_bytes()).unwrap();
    assert_eq!(doc.services.len(), 4);
    let r: Vec<(&str, &str)> = doc
        .review
        .reasons
        .iter()
        .map(|r| (r.code.as_str(), r.message.as_str()))
        .collect();
    assert!(
        r.contains(&(
            "short-list",
            "the list announces 3 (二、照护服务类（3项）) and 2 row(s) were found"
        )),
        "{r:?}"
    );
    assert!(!r.iter().any(|(c, _)| *c == "numbering"), "{r:?}");
    assert_eq!(doc.review.status, qingdan::review::Status::Check);
    // The whole list announced in its title, most of it missing: failed.
    let cut = text.replace("甲区基本养老服务清单", "甲区基本养老服务清单（共9项）");
    let doc = qingdan::parse_bytes("sections.txt", cut.as_bytes()).unwrap();
    assert_eq!(doc.review.status, qingdan::review::Status::Failed);
}
