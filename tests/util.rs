use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture, sorted by name.
pub fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    assert!(
        v.len() >= 5,
        "expected the five seed fixtures, found {}",
        v.len()
    );
    v
}

/// The canonical document of a fixture as a JSON value.
pub fn parse_json(path: &Path) -> serde_json::Value {
    let doc = qingdan::parse_file(path).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&qingdan::to_canonical(&doc)).expect("canonical output is JSON")
}
