//! Batch conversion: many inputs → `<stem>.json` files, `index.json` and `schema.json` in one
//! output folder, and the `--check` comparison against a committed folder.
//!
//! A file that cannot be used is recorded in the index with its reason; the batch goes on.

use crate::emit::{self, to_canonical};
use serde::Serialize;
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

/// What a batch does with each converted document.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Write `<stem>.json`, `index.json` and `schema.json` into the folder.
    Write(PathBuf),
    /// Compare with the files in the folder; write nothing.
    Check(PathBuf),
    /// Print each document as one line of JSON (NDJSON) on the given writer, in input order.
    Ndjson,
}

/// What a batch did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files converted.
    pub converted: usize,
    /// One line per input that failed: "FILE: reason".
    pub errors: Vec<String>,
    /// `--check` only: one line per stale, missing or orphaned output file.
    pub problems: Vec<String>,
}

/// How many inputs are converted at once: enough to keep every thread busy, few enough that
/// memory is bounded by the largest files, not by the batch.
const CHUNK_PER_THREAD: usize = 32;

/// One converted input: its index entry and, when it converted, its output name and bytes
/// (serialized on the worker thread: canonical JSON, or one line for NDJSON).
struct Converted {
    entry: IndexEntry,
    output: Option<(String, String)>,
    error: Option<String>,
}

fn output_name(input: &Input) -> String {
    let stem = Path::new(&input.name)
        .with_extension("")
        .to_string_lossy()
        .replace('/', "__");
    format!("{stem}.json")
}

fn convert_one(input: &Input, one_line: bool) -> Converted {
    match crate::parse_file(&input.path) {
        Ok(doc) => {
            let warnings = doc
                .diagnostics
                .iter()
                .filter(|d| d.severity >= crate::diag::Severity::Warning)
                .count();
            let name = output_name(input);
            Converted {
                entry: IndexEntry {
                    source: input.name.clone(),
                    output: Some(name.clone()),
                    status: "ok",
                    services: doc.services.len(),
                    warnings,
                    error: None,
                },
                output: Some((
                    name,
                    if one_line {
                        let mut s = serde_json::to_string(&doc).unwrap_or_default();
                        s.push('\n');
                        s
                    } else {
                        to_canonical(&doc)
                    },
                )),
                error: None,
            }
        }
        Err(e) => Converted {
            entry: IndexEntry {
                source: input.name.clone(),
                output: None,
                status: "error",
                services: 0,
                warnings: 0,
                error: Some(e.to_string()),
            },
            output: None,
            error: Some(e.to_string()),
        },
    }
}

/// Converts `inputs` in parallel (on `threads` threads, or one per core) and hands each result
/// to `mode` in input order, so the output is the same bytes whatever the thread count. `out`
/// receives NDJSON lines; `on_error` and `on_progress` are called in input order.
///
/// # Errors
/// A one-line message when the thread pool cannot start or an output cannot be written.
pub fn run(
    inputs: &[Input],
    mode: &Mode,
    threads: Option<usize>,
    out: &mut dyn std::io::Write,
    mut on_error: impl FnMut(&str),
    mut on_progress: impl FnMut(usize),
) -> Result<Report, String> {
    use rayon::prelude::*;
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        builder = builder.num_threads(n);
    }
    let pool = builder
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))?;
    let chunk = (pool.current_num_threads() * CHUNK_PER_THREAD).max(1);
    if let Mode::Write(dir) = mode {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    }
    let mut report = Report::default();
    let mut entries = Vec::with_capacity(inputs.len());
    let mut taken = std::collections::HashSet::new();
    for group in inputs.chunks(chunk) {
        let one_line = matches!(mode, Mode::Ndjson);
        let done: Vec<Converted> =
            pool.install(|| group.par_iter().map(|i| convert_one(i, one_line)).collect());
        for mut c in done {
            if let Some((name, _)) = &c.output {
                if !taken.insert(name.clone()) {
                    let e = format!(
                        "{}: output name {name} is already taken by another input",
                        c.entry.source
                    );
                    c.entry = IndexEntry {
                        output: None,
                        status: "error",
                        services: 0,
                        warnings: 0,
                        error: Some(e.clone()),
                        ..c.entry
                    };
                    c.output = None;
                    c.error = Some(e);
                }
            }
            if let Some(e) = c.error.take() {
                on_error(&e);
                report.errors.push(e);
            }
            if let Some((name, body)) = c.output.take() {
                report.converted += 1;
                match mode {
                    Mode::Write(dir) => {
                        let path = dir.join(&name);
                        std::fs::write(&path, body)
                            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
                    }
                    Mode::Check(dir) => check_file(dir, &name, &body, &mut report.problems),
                    Mode::Ndjson => out
                        .write_all(body.as_bytes())
                        .map_err(|e| format!("cannot write output: {e}"))?,
                }
            }
            entries.push(c.entry);
            on_progress(entries.len());
        }
    }
    let failed = report.errors.len();
    let index = Index {
        schema: "qingdan-index/1",
        ok: entries.len() - failed,
        failed,
        files: entries,
    };
    let extra = [(INDEX, to_canonical(&index)), (SCHEMA_FILE, emit::schema())];
    match mode {
        Mode::Write(dir) => {
            for (name, body) in &extra {
                let path = dir.join(name);
                std::fs::write(&path, body)
                    .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            }
        }
        Mode::Check(dir) => {
            for (name, body) in &extra {
                check_file(dir, name, body, &mut report.problems);
                taken.insert((*name).to_owned());
            }
            report.problems.extend(orphans(dir, &taken));
        }
        Mode::Ndjson => {}
    }
    Ok(report)
}

fn check_file(dir: &Path, name: &str, body: &str, problems: &mut Vec<String>) {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(on_disk) if on_disk == body => {}
        Ok(_) => problems.push(format!(
            "{}: stale (differs from a fresh conversion)",
            path.display()
        )),
        Err(_) => problems.push(format!("{}: missing", path.display())),
    }
}

/// `.json` files in `dir` that no input produces.
fn orphans(dir: &Path, produced: &std::collections::HashSet<String>) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && !produced.contains(n))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| format!("{}: orphan (no input produces it)", dir.join(n).display()))
        .collect()
}
