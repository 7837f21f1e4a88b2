use crate::util;
use serde_json::Value;
use std::fmt::Write;

/// Invariants every document must hold before a snapshot may bless it.
fn validate(text_lines: usize, doc: &Value) {
    let services = doc["services"].as_array().expect("services");
    let mut last_seq = 0;
    let mut last_line = 0;
    for s in services {
        let seq = s["seq"].as_u64().expect("seq");
        assert!(
            seq > last_seq,
            "seq {seq} after {last_seq}: every numbered row once, in order"
        );
        last_seq = seq;
        let lines = s["lines"].as_array().expect("lines");
        let (a, b) = (lines[0].as_u64().unwrap(), lines[1].as_u64().unwrap());
        assert!(
            1 <= a && a <= b && b as usize <= text_lines,
            "row {seq}: lines {a}..{b} of {text_lines}"
        );
        assert!(
            a > last_line,
            "row {seq} starts at line {a}, before the previous row ended ({last_line})"
        );
        last_line = b;
        let name = s["name"].as_str().unwrap_or("");
        assert!(!name.is_empty(), "row {seq} has a name");
        for d in s["departments"].as_array().unwrap() {
            let d = d.as_str().unwrap();
            assert!(
                !d.is_empty() && !d.contains(char::is_whitespace),
                "row {seq}: department {d:?}"
            );
        }
    }
    for d in doc["diagnostics"].as_array().expect("diagnostics") {
        let line = d["line"].as_u64().unwrap() as usize;
        assert!(
            line >= 1 && line <= text_lines.max(1),
            "diagnostic line {line} of {text_lines}"
        );
    }
}

fn render(canonical: &str, text: &str) -> String {
    let doc: Value = serde_json::from_str(canonical).unwrap();
    let doc = &doc;
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    let src = &doc["source"];
    let _ = writeln!(
        out,
        "## Source\n{} {} {} bytes\n",
        src["layout"].as_str().unwrap(),
        src["encoding"].as_str().unwrap(),
        src["bytes"]
    );
    let _ = writeln!(out, "## Rows");
    for s in doc["services"].as_array().unwrap() {
        let join = |v: &Value| {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect::<Vec<_>>()
                .join("、")
        };
        let _ = writeln!(
            out,
            "{:>3} L{}-{} {} | {} | {} | {}",
            s["seq"],
            s["lines"][0],
            s["lines"][1],
            s["target"]["text"].as_str().unwrap_or("∅"),
            s["name"].as_str().unwrap_or("∅"),
            join(&s["types"]),
            join(&s["departments"]),
        );
    }
    let _ = writeln!(out, "\n## Diagnostics");
    for d in doc["diagnostics"].as_array().unwrap() {
        let line = d["line"].as_u64().unwrap() as usize;
        let src: String = lines
            .get(line - 1)
            .unwrap_or(&"")
            .chars()
            .take(40)
            .collect();
        let _ = writeln!(
            out,
            "{}:{} {}[{}]: {}",
            doc["source"]["file"].as_str().unwrap(),
            line,
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        let _ = writeln!(out, "  {line:>4} | {}", src.replace('\t', "→"));
    }
    let _ = write!(out, "\n## JSON\n{canonical}");
    out
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*.txt", |path| {
        let text = qingdan::decode::decode(&std::fs::read(path).unwrap())
            .unwrap()
            .text;
        let canonical = qingdan::to_canonical(&qingdan::parse_file(path).unwrap());
        validate(
            text.lines().count(),
            &serde_json::from_str(&canonical).unwrap(),
        );
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(render(&canonical, &text));
        });
    });
}

/// Every snapshot file belongs to a fixture (no orphans left after a rename).
#[test]
fn no_orphan_snapshots() {
    let dir = util::root().join("tests/snapshots");
    let fixtures: Vec<String> = util::fixtures()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for e in std::fs::read_dir(dir).expect("tests/snapshots exists") {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".snap") {
            continue;
        }
        assert!(
            fixtures
                .iter()
                .any(|f| name.ends_with(&format!("@{f}.snap"))),
            "snapshot {name} belongs to no fixture"
        );
    }
}

/// The same bytes give the same output, byte for byte.
#[test]
fn deterministic() {
    for f in util::fixtures() {
        let bytes = std::fs::read(&f).unwrap();
        let a = qingdan::to_canonical(&qingdan::parse_bytes("x.txt", &bytes).unwrap());
        let b = qingdan::to_canonical(&qingdan::parse_bytes("x.txt", &bytes).unwrap());
        assert_eq!(a, b);
        assert!(a.ends_with("}\n") && !a.ends_with("\n\n"));
    }
}
