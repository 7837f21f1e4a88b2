//! Batch conversion: many inputs → `<stem>.json` files, `index.json` and `schema.json` in one
//! output folder, and the `--check` comparison against a committed folder.
//!
//! A file that cannot be used is recorded in the index with its reason; the batch goes on.

use crate::emit::{self, to_canonical};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the batch index in an output folder.
pub const INDEX: &str = "index.json";
/// The name of the JSON Schema in an output folder.
pub const SCHEMA_FILE: &str = "schema.json";

/// One input file of a batch: where it is and the name it is known by in the index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// Name relative to the folder it was found in (or the file name of a file given directly),
    /// with `/` separators.
    pub name: String,
    /// The path to read.
    pub path: PathBuf,
}

/// Lists the files of `inputs`: files as given, folders walked (hidden entries skipped), sorted
/// by name.
///
/// # Errors
/// A one-line message for an input that does not exist or a folder that cannot be read.
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, input, &mut out)?;
        } else if input.is_file() {
            let name = input.file_name().map_or_else(
                || input.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            out.push(Input {
                name,
                path: input.clone(),
            });
        } else {
            return Err(format!("{}: no such file or folder", input.display()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Input>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read folder: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(root, &p, out)?;
        } else if p.is_file() {
            let rel = p.strip_prefix(root).unwrap_or(&p);
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push(Input { name, path: p });
        }
    }
    Ok(())
}

/// One line of `index.json`.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    /// The input's name (see [`Input::name`]).
    pub source: String,
    /// The output file in the folder, `null` when the input failed.
    pub output: Option<String>,
    /// `ok` or `error`.
    pub status: &'static str,
    /// Number of services found.
    pub services: usize,
    /// Number of diagnostics of severity warning or error.
    pub warnings: usize,
    /// Why the file failed, `null` when it did not.
    pub error: Option<String>,
}

/// `index.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Index {
    /// Always `qingdan-index/1`.
    pub schema: &'static str,
    /// Files that converted.
    pub ok: usize,
    /// Files that failed.
    pub failed: usize,
    /// One entry per input, sorted by source.
    pub files: Vec<IndexEntry>,
}

/// Everything a batch writes, in memory: file name → bytes, and the failures.
#[derive(Debug, Default)]
pub struct Batch {
    /// Output files by name, including `index.json` and `schema.json`.
    pub files: BTreeMap<String, String>,
    /// One line per input that failed: "FILE: reason".
    pub errors: Vec<String>,
}

/// Converts every input in memory.
pub fn convert(inputs: &[Input]) -> Batch {
    let mut batch = Batch::default();
    let mut entries = Vec::with_capacity(inputs.len());
    for input in inputs {
        let stem = Path::new(&input.name)
            .with_extension("")
            .to_string_lossy()
            .replace('/', "__");
        let out_name = format!("{stem}.json");
        let result = if batch.files.contains_key(&out_name) {
            Err(format!(
                "{}: output name {out_name} is already taken by another input",
                input.path.display()
            ))
        } else {
            crate::parse_file(&input.path).map_err(|e| e.to_string())
        };
        match result {
            Ok(doc) => {
                let warnings = doc
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity >= crate::diag::Severity::Warning)
                    .count();
                entries.push(IndexEntry {
                    source: input.name.clone(),
                    output: Some(out_name.clone()),
                    status: "ok",
                    services: doc.services.len(),
                    warnings,
                    error: None,
                });
                batch.files.insert(out_name, to_canonical(&doc));
            }
            Err(e) => {
                entries.push(IndexEntry {
                    source: input.name.clone(),
                    output: None,
                    status: "error",
                    services: 0,
                    warnings: 0,
                    error: Some(e.clone()),
                });
                batch.errors.push(e);
            }
        }
    }
    let failed = batch.errors.len();
    let index = Index {
        schema: "qingdan-index/1",
        ok: entries.len() - failed,
        failed,
        files: entries,
    };
    batch.files.insert(INDEX.to_owned(), to_canonical(&index));
    batch.files.insert(SCHEMA_FILE.to_owned(), emit::schema());
    batch
}

/// Writes a batch into `dir`, creating it.
///
/// # Errors
/// A one-line message when the folder or a file cannot be written.
pub fn write(batch: &Batch, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    for (name, body) in &batch.files {
        let path = dir.join(name);
        std::fs::write(&path, body)
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    Ok(())
}

/// Compares a batch with the files in `dir`: one line per stale, missing or orphaned `.json`.
pub fn check(batch: &Batch, dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, body) in &batch.files {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(on_disk) if on_disk == *body => {}
            Ok(_) => problems.push(format!(
                "{}: stale (differs from a fresh conversion)",
                path.display()
            )),
            Err(_) => problems.push(format!("{}: missing", path.display())),
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json") && !batch.files.contains_key(n))
            .collect();
        names.sort();
        for n in names {
            problems.push(format!(
                "{}: orphan (no input produces it)",
                dir.join(n).display()
            ));
        }
    }
    problems
}
