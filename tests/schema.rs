use crate::util;

#[test]
fn outputs_validate_against_the_committed_schema() {
    let committed =
        std::fs::read_to_string(util::root().join("out/schema.json")).expect("out/schema.json");
    assert_eq!(
        committed,
        qingdan::emit::schema(),
        "out/schema.json is stale: run `qingdan convert`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for f in util::fixtures() {
        let doc = util::parse_json(&f);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {}", f.display(), errors.join("; "));
    }
}

#[test]
fn schema_rejects_a_broken_document() {
    let schema: serde_json::Value = serde_json::from_str(&qingdan::emit::schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut doc = util::parse_json(&util::fixtures()[0]);
    doc["services"][0]["seq"] = serde_json::json!("one");
    assert!(!validator.is_valid(&doc));
}
