//! `docs/FORMAT.md` names every field and every enumerated value of the generated schema.

use crate::util;
use std::collections::BTreeSet;

/// Property names anywhere in a JSON Schema, and the `const` values of its enums.
fn schema_words(
    v: &serde_json::Value,
    props: &mut BTreeSet<String>,
    consts: &mut BTreeSet<String>,
) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::Object(p)) = m.get("properties") {
                props.extend(p.keys().cloned());
            }
            if let Some(serde_json::Value::String(c)) = m.get("const") {
                consts.insert(c.clone());
            }
            if let Some(serde_json::Value::Array(e)) = m.get("enum") {
                consts.extend(e.iter().filter_map(|x| x.as_str().map(str::to_owned)));
            }
            for x in m.values() {
                schema_words(x, props, consts);
            }
        }
        serde_json::Value::Array(a) => {
            for x in a {
                schema_words(x, props, consts);
            }
        }
        _ => {}
    }
}

#[test]
fn format_document_covers_the_schema() {
    let read = |p: &str| {
        std::fs::read_to_string(util::root().join(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let schema: serde_json::Value =
        serde_json::from_str(&read("out/schema.json")).expect("out/schema.json is JSON");
    let doc = read("docs/FORMAT.md");
    assert!(
        doc.contains("](../out/schema.json)"),
        "docs/FORMAT.md links out/schema.json"
    );
    let (mut props, mut consts) = (BTreeSet::new(), BTreeSet::new());
    schema_words(&schema, &mut props, &mut consts);
    assert!(props.contains("services") && props.contains("adcode"));
    let missing: Vec<String> = props
        .iter()
        .chain(&consts)
        .filter(|w| !doc.contains(&format!("`{w}`")))
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "docs/FORMAT.md does not name (in backticks): {}",
        missing.join(", ")
    );
}
