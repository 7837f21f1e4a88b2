//! Batch conversion: many inputs → one `.json` file each (in a tree mirroring the inputs'),
//! `index.json` and `schema.json` in one output folder, and the `--check` comparison against a
//! committed folder.
//!
//! A file that cannot be used (or written) is recorded in the index with its reason; the batch
//! goes on. Writes are atomic (temporary name, then rename; `index.json` last) under a lock file
//! on the output folder.

use crate::emit::{self, to_canonical};
use crate::review::Status;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The name of the batch index in an output folder.
pub const INDEX: &str = "index.json";
/// The name of the JSON Schema in an output folder.
pub const SCHEMA_FILE: &str = "schema.json";

/// The lock file a writing `convert` holds in its output folder (hidden, so never an input).
pub const LOCK: &str = ".qingdan.lock";
/// The name standard input (`-`) is known by in `source.file`, the index and messages.
pub const STDIN: &str = "<stdin>";

/// One input of a batch: where it is and the name it is known by in the index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// The path relative to the input root (the folder given on the command line), or the file
    /// name of a file given directly, with `/` separators; `source.file` of its document. When
    /// two command-line inputs yield the same name, the inputs involved are named with the path
    /// as given (`2023/list.txt`, `2024/list.txt`). [`STDIN`] for standard input.
    pub name: String,
    /// The path to read; `-` is standard input.
    pub path: PathBuf,
    /// Found but not readable as a file (an unreadable folder, a symlink loop, a dangling
    /// symlink): the one-line reason, recorded in the index as an error.
    pub problem: Option<String>,
}

impl Input {
    fn file(name: String, path: PathBuf) -> Self {
        Self {
            name,
            path,
            problem: None,
        }
    }

    fn problem(name: String, path: PathBuf, problem: String) -> Self {
        Self {
            name,
            path,
            problem: Some(problem),
        }
    }
}

/// Lists the files of `inputs`: files as given, folders walked (hidden entries skipped), sorted
/// by name. `-` is standard input.
///
/// # Errors
/// A one-line message for an input that does not exist or a folder given that cannot be read.
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<Input>, String> {
    collect_skipping(inputs, None)
}

/// [`collect`], never descending into `output` (the batch's output folder) nor into any other
/// folder holding a qingdan `index.json`: outputs are never read back as inputs.
///
/// Every entry found in a walk is listed, including those that cannot be read: an unreadable
/// sub-folder, a symlink loop, a dangling symlink, a FIFO or socket each become an [`Input`]
/// with a `problem`. Symlinks are followed; a symlinked folder that leads back to a folder
/// being walked is a loop.
///
/// # Errors
/// As [`collect`].
pub fn collect_skipping(inputs: &[PathBuf], output: Option<&Path>) -> Result<Vec<Input>, String> {
    let skip = output.and_then(|o| std::fs::canonicalize(o).ok());
    // (input, index of the command-line input it came from)
    let mut found: Vec<(Input, usize)> = Vec::new();
    for (root_ix, input) in inputs.iter().enumerate() {
        if input.as_os_str() == "-" {
            found.push((Input::file(STDIN.to_owned(), input.clone()), root_ix));
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                format!("{}: no such file or folder", input.display())
            } else {
                format!("{}: cannot read: {e}", input.display())
            }
        })?;
        if meta.is_dir() {
            let mut walked = Vec::new();
            let mut ancestors: Vec<(PathBuf, PathBuf)> = std::fs::canonicalize(input)
                .into_iter()
                .map(|c| (c, input.clone()))
                .collect();
            walk(input, input, &mut ancestors, skip.as_deref(), &mut walked)?;
            found.extend(walked.into_iter().map(|i| (i, root_ix)));
        } else {
            let name = input.file_name().map_or_else(
                || input.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let item = if meta.is_file() {
                Input::file(name, input.clone())
            } else {
                Input::problem(
                    name,
                    input.clone(),
                    format!("{}: not a regular file", input.display()),
                )
            };
            found.push((item, root_ix));
        }
    }
    qualify_clashing_roots(inputs, &mut found);
    // One file reached through two command-line inputs (`fixtures fixtures/a.txt`) is one input.
    let mut seen = std::collections::HashMap::new();
    let mut out: Vec<Input> = Vec::with_capacity(found.len());
    for (input, root_ix) in found {
        if input.problem.is_none()
            && input.path.as_os_str() != "-"
            && let Ok(c) = std::fs::canonicalize(&input.path)
        {
            match seen.get(&c) {
                Some(&r) if r != root_ix => continue,
                _ => {
                    seen.insert(c, root_ix);
                }
            }
        }
        out.push(input);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// When inputs from two command-line arguments get the same name (`2023/` and `2024/` each
/// holding `list.txt`), every input of the arguments involved is named with the argument's path
/// as given in front (`2023/list.txt`): names stay unique and still say where the file came from.
fn qualify_clashing_roots(roots: &[PathBuf], found: &mut [(Input, usize)]) {
    let mut by_name: std::collections::HashMap<String, std::collections::BTreeSet<usize>> =
        std::collections::HashMap::new();
    for (i, r) in found.iter() {
        by_name.entry(i.name.to_lowercase()).or_default().insert(*r);
    }
    let clashing: std::collections::BTreeSet<usize> = by_name
        .into_values()
        .filter(|rs| rs.len() > 1)
        .flatten()
        .collect();
    for (input, r) in found.iter_mut() {
        if !clashing.contains(r) || input.name == STDIN {
            continue;
        }
        let root = &roots[*r];
        let label = relative_name(root);
        if root.is_dir() {
            if !label.is_empty() {
                input.name = format!("{label}/{}", input.name);
            }
        } else if !label.is_empty() {
            input.name = label;
        }
    }
}

/// The normal components of `path` joined by `/`: no root, `.` or `..`, so the name can never
/// lead out of an output folder.
fn relative_name(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `dir` is a qingdan output folder (its `index.json` is a qingdan index).
fn is_output_folder(dir: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 128];
    let Ok(mut f) = std::fs::File::open(dir.join(INDEX)) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).contains("\"qingdan-index/")
}

fn walk(
    root: &Path,
    dir: &Path,
    ancestors: &mut Vec<(PathBuf, PathBuf)>,
    skip: Option<&Path>,
    out: &mut Vec<Input>,
) -> Result<(), String> {
    let rel = |p: &Path| relative_name(p.strip_prefix(root).unwrap_or(p));
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if dir == root => {
            return Err(format!("{}: cannot read folder: {e}", dir.display()));
        }
        Err(e) => {
            out.push(Input::problem(
                format!("{}/", rel(dir)),
                dir.to_path_buf(),
                format!("{}: cannot read folder: {e}", dir.display()),
            ));
            return Ok(());
        }
    };
    let mut paths = Vec::new();
    for e in entries {
        match e {
            Ok(e) => paths.push(e.path()),
            Err(e) => out.push(Input::problem(
                format!("{}/", rel(dir)),
                dir.to_path_buf(),
                format!("{}: cannot list an entry: {e}", dir.display()),
            )),
        }
    }
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        let name = rel(&p);
        match std::fs::metadata(&p) {
            Err(e) => {
                let link = std::fs::read_link(&p).ok();
                let reason = match link {
                    Some(target) if e.kind() == std::io::ErrorKind::NotFound => format!(
                        "dangling symlink (its target {} does not exist)",
                        target.display()
                    ),
                    Some(_) => format!("symlink cannot be followed: {e}"),
                    None => format!("cannot read: {e}"),
                };
                out.push(Input::problem(
                    name,
                    p.clone(),
                    format!("{}: {reason}", p.display()),
                ));
            }
            Ok(m) if m.is_dir() => {
                let canonical = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
                if skip == Some(canonical.as_path()) || is_output_folder(&p) {
                    continue;
                }
                if let Some((_, a)) = ancestors.iter().find(|(c, _)| *c == canonical) {
                    out.push(Input::problem(
                        format!("{name}/"),
                        p.clone(),
                        format!(
                            "{}: symlink loop (leads back to {}); not followed",
                            p.display(),
                            a.display()
                        ),
                    ));
                    continue;
                }
                ancestors.push((canonical, p.clone()));
                walk(root, &p, ancestors, skip, out)?;
                ancestors.pop();
            }
            Ok(m) if m.is_file() => out.push(Input::file(name, p)),
            Ok(_) => out.push(Input::problem(
                name,
                p.clone(),
                format!(
                    "{}: not a regular file (a FIFO, socket or device)",
                    p.display()
                ),
            )),
        }
    }
    Ok(())
}

/// The output file of each input, relative to the output folder, in a tree that mirrors the
/// inputs': `2023/list.txt` → `2023/list.json`.
///
/// The extension is kept (`list.txt.json`, `list.docx.json`) for every input whose short name
/// would clash: with another input's (same stem in one folder, compared case-insensitively for
/// case-insensitive file systems), with `index.json`/`schema.json`, or with a folder of outputs.
/// Neither of two clashing inputs wins the short name, so which is which does not depend on
/// order. Only names that still clash (two inputs of one name) get `~2`, `~3` … in input order.
pub fn output_names(inputs: &[Input]) -> Vec<String> {
    use std::collections::{HashMap, HashSet};
    let parts: Vec<(String, String, String)> = inputs
        .iter()
        .map(|i| {
            if i.name == STDIN {
                return (String::new(), "stdin".to_owned(), "stdin".to_owned());
            }
            let (dir, file) = match i.name.rsplit_once('/') {
                Some((d, f)) => (format!("{d}/"), f.to_owned()),
                None => (String::new(), i.name.clone()),
            };
            let stem = match file.rsplit_once('.') {
                Some((s, _)) if !s.is_empty() => s.to_owned(),
                _ => file.clone(),
            };
            (dir, stem, file)
        })
        .collect();
    let reserved: HashSet<String> = [INDEX, SCHEMA_FILE]
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    // Folders outputs are written into: no output may be a file of the same name.
    let folders: HashSet<String> = parts
        .iter()
        .flat_map(|(dir, _, _)| {
            let d = dir.trim_end_matches('/');
            d.match_indices('/')
                .map(|(i, _)| d[..i].to_owned())
                .chain((!d.is_empty()).then(|| d.to_owned()))
                .collect::<Vec<_>>()
        })
        .map(|d| d.to_lowercase())
        .collect();
    let name = |(dir, stem, file): &(String, String, String), long: bool| {
        format!("{dir}{}.json", if long { file } else { stem })
    };
    let mut long = vec![false; inputs.len()];
    loop {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in parts.iter().enumerate() {
            by_key
                .entry(name(p, long[i]).to_lowercase())
                .or_default()
                .push(i);
        }
        let mut changed = false;
        for (key, ixs) in by_key {
            let clash = ixs.len() > 1 || reserved.contains(&key) || folders.contains(&key);
            if clash {
                for i in ixs {
                    if !long[i] {
                        long[i] = true;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut taken: HashSet<String> = reserved.into_iter().chain(folders).collect();
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut n = name(p, long[i]);
            let mut k = 2;
            while !taken.insert(n.to_lowercase()) {
                n = format!("{}{}~{k}.json", p.0, if long[i] { &p.2 } else { &p.1 });
                k += 1;
            }
            n
        })
        .collect()
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
    /// The document's review status (`ok`, `check`, `failed`); `null` when the input failed.
    pub review: Option<Status>,
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
    /// Converted documents per review status.
    pub review: ReviewCounts,
    /// One entry per input, sorted by source.
    pub files: Vec<IndexEntry>,
}

/// Documents per review status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReviewCounts {
    /// Nothing to look at.
    pub ok: usize,
    /// Something to look at.
    pub check: usize,
    /// Not usable as it is.
    pub failed: usize,
}

impl ReviewCounts {
    /// Counts one document of `status`.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Ok => self.ok += 1,
            Status::Check => self.check += 1,
            Status::Failed => self.failed += 1,
        }
    }

    /// Documents at `status` or above.
    pub fn at_least(&self, status: Status) -> usize {
        match status {
            Status::Ok => self.ok + self.check + self.failed,
            Status::Check => self.check + self.failed,
            Status::Failed => self.failed,
        }
    }
}

/// What a batch does with each converted document.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Write `<name>.json` files, `schema.json` and, last, `index.json` into the folder, each
    /// to a temporary name first and then renamed; remove the outputs the previous `index.json`
    /// listed that no input produces now. Take [`lock`] first.
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
    /// One line per input that failed, or output that could not be written or removed.
    pub errors: Vec<String>,
    /// `--check` only: one line per stale, missing or orphaned output file.
    pub problems: Vec<String>,
    /// `Write` only: orphaned outputs removed (relative to the output folder).
    pub removed: Vec<String>,
    /// NDJSON only: the reader closed the pipe (`| head`), so the batch stopped early.
    pub closed: bool,
    /// Converted documents per review status.
    pub review: ReviewCounts,
}

/// How many inputs are converted at once: enough to keep every thread busy, few enough that
/// memory is bounded by the largest files, not by the batch.
const CHUNK_PER_THREAD: usize = 32;

/// One converted input: its index entry and, when it converted, its output bytes (serialized on
/// the worker thread: canonical JSON, or one line for NDJSON).
struct Converted {
    entry: IndexEntry,
    body: Option<String>,
    error: Option<String>,
}

fn failed(input: &Input, error: String) -> Converted {
    Converted {
        entry: IndexEntry {
            source: input.name.clone(),
            output: None,
            status: "error",
            review: None,
            services: 0,
            warnings: 0,
            error: Some(error.clone()),
        },
        body: None,
        error: Some(error),
    }
}

fn parse_input(input: &Input) -> Result<emit::Output, String> {
    if input.path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| format!("{STDIN}: cannot read: {e}"))?;
        return crate::parse_owned(STDIN, bytes).map_err(|e| e.to_string());
    }
    let mut doc = crate::parse_file(&input.path).map_err(|e| e.to_string())?;
    // In a batch, `source.file` is the path relative to the input root.
    doc.source.file.clone_from(&input.name);
    Ok(doc)
}

/// [`convert_now`] within `timeout`: the work runs on a thread of its own, and a file not done
/// in time is an error ("not done after N s") while the batch goes on; its thread is abandoned
/// (it ends with the process).
fn convert_one(
    input: &Input,
    output: &str,
    one_line: bool,
    timeout: Option<std::time::Duration>,
) -> Converted {
    use std::sync::mpsc::RecvTimeoutError;
    if let Some(p) = &input.problem {
        return failed(input, p.clone());
    }
    let Some(limit) = timeout else {
        return convert_now(input, output, one_line);
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let (mine, name) = (input.clone(), output.to_owned());
    let started = std::thread::Builder::new()
        .name(format!("qingdan {}", input.name))
        .spawn(move || {
            // The receiver is gone only when the deadline passed: nothing waits for this any more.
            let _ = tx.send(convert_now(&mine, &name, one_line));
        });
    if let Err(e) = started {
        return failed(input, format!("{}: cannot start a thread: {e}", input.name));
    }
    match rx.recv_timeout(limit) {
        Ok(c) => c,
        Err(RecvTimeoutError::Timeout) => failed(
            input,
            format!(
                "{}: not done after {} s; given up (--timeout SECONDS raises the limit)",
                input.name,
                limit.as_secs_f64()
            ),
        ),
        Err(RecvTimeoutError::Disconnected) => failed(
            input,
            format!("{}: internal error: the conversion stopped", input.name),
        ),
    }
}

fn convert_now(input: &Input, output: &str, one_line: bool) -> Converted {
    match parse_input(input) {
        Ok(doc) => {
            let warnings = doc
                .diagnostics
                .iter()
                .filter(|d| d.severity >= crate::diag::Severity::Warning)
                .count();
            Converted {
                entry: IndexEntry {
                    source: input.name.clone(),
                    output: Some(output.to_owned()),
                    status: "ok",
                    review: Some(doc.review.status),
                    services: doc.services.len(),
                    warnings,
                    error: None,
                },
                body: Some(if one_line {
                    let mut s = serde_json::to_string(&doc).unwrap_or_default();
                    s.push('\n');
                    s
                } else {
                    to_canonical(&doc)
                }),
                error: None,
            }
        }
        Err(e) => failed(input, e),
    }
}

/// A pool of `threads` workers (default: one per core).
///
/// # Errors
/// A one-line message when the pool cannot start.
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        builder = builder.num_threads(n);
    }
    builder
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))
}

/// Converts `inputs` in parallel (on `threads` threads, or one per core) and hands each result
/// to `mode` in input order, so the output is the same bytes whatever the thread count. `out`
/// receives NDJSON lines; `on_error` and `on_progress` are called in input order.
///
/// A file that cannot be read, parsed or written is recorded in the index and in
/// [`Report::errors`]; the batch goes on. A closed pipe ends an NDJSON batch quietly
/// ([`Report::closed`]).
///
/// # Errors
/// A one-line message when the thread pool cannot start, the output folder cannot be created,
/// `index.json` or `schema.json` cannot be written, or NDJSON cannot be written.
pub fn run(
    inputs: &[Input],
    mode: &Mode,
    threads: Option<usize>,
    out: &mut dyn std::io::Write,
    on_error: impl FnMut(&str),
    on_progress: impl FnMut(usize),
) -> Result<Report, String> {
    run_with_timeout(inputs, mode, threads, None, out, on_error, on_progress)
}

/// [`run`], each file given at most `timeout` (`convert --timeout`): a file not converted in
/// time is recorded as an error and the batch goes on.
///
/// # Errors
/// As [`run`].
pub fn run_with_timeout(
    inputs: &[Input],
    mode: &Mode,
    threads: Option<usize>,
    timeout: Option<std::time::Duration>,
    out: &mut dyn std::io::Write,
    mut on_error: impl FnMut(&str),
    mut on_progress: impl FnMut(usize),
) -> Result<Report, String> {
    use rayon::prelude::*;
    use std::collections::HashSet;
    let pool = thread_pool(threads)?;
    let chunk = (pool.current_num_threads() * CHUNK_PER_THREAD).max(1);
    let names = output_names(inputs);
    if let Mode::Write(dir) = mode {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    }
    let previous = match mode {
        Mode::Write(dir) | Mode::Check(dir) => previous_outputs(dir),
        Mode::Ndjson => Vec::new(),
    };
    let one_line = matches!(mode, Mode::Ndjson);
    let mut report = Report::default();
    let mut entries = Vec::with_capacity(inputs.len());
    // Outputs on disk that belong to this run: written, or kept because writing them failed.
    let mut kept: HashSet<String> = [INDEX, SCHEMA_FILE].map(str::to_owned).into();
    'chunks: for (group, group_names) in inputs.chunks(chunk).zip(names.chunks(chunk)) {
        let done: Vec<Converted> = pool.install(|| {
            group
                .par_iter()
                .zip(group_names)
                .map(|(i, n)| convert_one(i, n, one_line, timeout))
                .collect()
        });
        for mut c in done {
            if let Some(body) = c.body.take() {
                let name = c.entry.output.clone().unwrap_or_default();
                match mode {
                    Mode::Write(dir) => {
                        kept.insert(name.clone());
                        if let Err(e) = write_atomic(dir, &name, &body) {
                            c = failed_write(c, e);
                        }
                    }
                    Mode::Check(dir) => {
                        kept.insert(name.clone());
                        check_file(dir, &name, &body, &mut report.problems);
                    }
                    Mode::Ndjson => match out.write_all(body.as_bytes()) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                            report.closed = true;
                            break 'chunks;
                        }
                        Err(e) => return Err(format!("cannot write output: {e}")),
                    },
                }
                if c.error.is_none() {
                    report.converted += 1;
                }
            }
            if let Some(e) = c.error.take() {
                on_error(&e);
                report.errors.push(e);
            }
            entries.push(c.entry);
            on_progress(entries.len());
        }
    }
    let failed = entries.iter().filter(|e| e.status != "ok").count();
    for status in entries.iter().filter_map(|e| e.review) {
        report.review.add(status);
    }
    let index = Index {
        schema: "qingdan-index/1",
        ok: entries.len() - failed,
        failed,
        review: report.review,
        files: entries,
    };
    match mode {
        Mode::Write(dir) => {
            write_atomic(dir, SCHEMA_FILE, &emit::schema())?;
            for name in previous.iter().filter(|n| !kept.contains(*n)) {
                match remove_output(dir, name) {
                    Ok(true) => report.removed.push(name.clone()),
                    Ok(false) => {}
                    Err(e) => {
                        on_error(&e);
                        report.errors.push(e);
                    }
                }
            }
            // Last, so the index never names a file that is not there yet.
            write_atomic(dir, INDEX, &to_canonical(&index))?;
        }
        Mode::Check(dir) => {
            check_file(dir, SCHEMA_FILE, &emit::schema(), &mut report.problems);
            check_file(dir, INDEX, &to_canonical(&index), &mut report.problems);
            report.problems.extend(orphans(dir, &kept, &previous));
        }
        Mode::Ndjson => {}
    }
    Ok(report)
}

fn failed_write(c: Converted, error: String) -> Converted {
    Converted {
        entry: IndexEntry {
            output: None,
            status: "error",
            review: None,
            services: 0,
            warnings: 0,
            error: Some(error.clone()),
            ..c.entry
        },
        body: None,
        error: Some(error),
    }
}

/// Writes `body` to `dir/name` through a temporary file in the same folder and a rename, so a
/// reader (or a run killed midway) never sees a half-written file. An existing output that is
/// read-only is left alone: somebody protected it.
///
/// # Errors
/// One line naming the file.
fn write_atomic(dir: &Path, name: &str, body: &str) -> Result<(), String> {
    use std::io::Write;
    let path = dir.join(name);
    let parent = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("{}: cannot create folder: {e}", parent.display()))?;
    if let Ok(m) = std::fs::symlink_metadata(&path) {
        if m.is_dir() {
            return Err(format!(
                "{}: cannot write: a folder has that name",
                path.display()
            ));
        }
        if m.permissions().readonly() {
            return Err(format!(
                "{}: cannot write: the existing output is read-only (left unchanged)",
                path.display()
            ));
        }
    }
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = parent.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(body.as_bytes()))
        .and_then(|()| std::fs::rename(&tmp, &path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: cannot write: {e}", path.display())
    })
}

/// The outputs the folder's current `index.json` lists: the files a previous run owns. Only
/// plain relative `.json` paths count, so a damaged index can never name a file outside.
fn previous_outputs(dir: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(INDEX)) else {
        return Vec::new();
    };
    let Ok(index) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    if !index["schema"]
        .as_str()
        .is_some_and(|s| s.starts_with("qingdan-index/"))
    {
        return Vec::new();
    }
    let mut names: Vec<String> = index["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["output"].as_str())
        .filter(|n| {
            let p = Path::new(n);
            n.ends_with(".json")
                && *n != INDEX
                && *n != SCHEMA_FILE
                && p.components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)))
        })
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Removes an orphaned output and the folders it leaves empty. `Ok(false)` if it was already
/// gone.
fn remove_output(dir: &Path, name: &str) -> Result<bool, String> {
    let path = dir.join(name);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(format!(
                "{}: cannot remove orphaned output: {e}",
                path.display()
            ));
        }
    }
    let mut parent = path.parent();
    while let Some(p) = parent {
        if p == dir || std::fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
    Ok(true)
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

/// `.json` files in `dir` (and its sub-folders; hidden entries skipped) that no input
/// produces. Those the folder's index lists are removed by `qingdan convert`; others were not
/// written by qingdan and are left to the user.
fn orphans(
    dir: &Path,
    produced: &std::collections::HashSet<String>,
    owned: &[String],
) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{prefix}{name}");
            match e.file_type() {
                Ok(t) if t.is_dir() => walk(&e.path(), &format!("{rel}/"), out),
                Ok(_) if name.ends_with(".json") => out.push(rel),
                _ => {}
            }
        }
    }
    let mut names = Vec::new();
    walk(dir, "", &mut names);
    names.sort();
    names
        .into_iter()
        .filter(|n| !produced.contains(n))
        .map(|n| {
            let path = dir.join(&n).display().to_string();
            if owned.contains(&n) {
                format!("{path}: orphan (no input produces it; `qingdan convert` removes it)")
            } else {
                format!(
                    "{path}: orphan (no input produces it, and no qingdan index lists it: remove it by hand)"
                )
            }
        })
        .collect()
}

/// The lock a writing `convert` holds on its output folder ([`LOCK`], holding the pid); the
/// file is removed when the value is dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own lock: after a takeover the file may be another run's.
        if std::fs::read_to_string(&self.path)
            .is_ok_and(|s| s.trim() == std::process::id().to_string())
        {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Takes the lock on output folder `dir` (creating the folder). A lock left by a process that
/// is no longer running is taken over; the second value then says so, for stderr.
///
/// # Errors
/// One line naming the pid that holds the lock, or why the lock file cannot be made.
pub fn lock(dir: &Path) -> Result<(Lock, Option<String>), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    let path = dir.join(LOCK);
    let mut note = None;
    for _ in 0..2 {
        match create_lock(&path) {
            Ok(()) => return Ok((Lock { path }, note)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("{}: cannot create the lock: {e}", path.display())),
        }
        let holder = std::fs::read_to_string(&path).unwrap_or_default();
        let pid = holder.trim().parse::<u32>().ok();
        match pid {
            Some(pid) if !is_running(pid) => {
                let _ = std::fs::remove_file(&path);
                let left = remove_temporaries(dir, pid);
                note = Some(format!(
                    "{}: taking over the lock of pid {pid}, which is no longer running{}",
                    path.display(),
                    if left > 0 {
                        format!(" (removed {left} temporary files it left)")
                    } else {
                        String::new()
                    }
                ));
            }
            Some(pid) => {
                return Err(format!(
                    "{}: another qingdan convert (pid {pid}) is writing into {}; wait for it to end",
                    path.display(),
                    dir.display()
                ));
            }
            None => {
                return Err(format!(
                    "{}: the output folder is locked (no pid in the lock file); remove it if no convert is running",
                    path.display()
                ));
            }
        }
    }
    Err(format!(
        "{}: another qingdan convert took the lock first",
        path.display()
    ))
}

/// Removes the temporary files (`.NAME.PID.tmp`) a killed run `pid` left in `dir` and its
/// sub-folders; returns how many.
fn remove_temporaries(dir: &Path, pid: u32) -> usize {
    let suffix = format!(".{pid}.tmp");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        match e.file_type() {
            Ok(t) if t.is_dir() && !name.starts_with('.') => {
                n += remove_temporaries(&e.path(), pid)
            }
            Ok(t)
                if t.is_file()
                    && name.starts_with('.')
                    && name.ends_with(&suffix)
                    && std::fs::remove_file(e.path()).is_ok() =>
            {
                n += 1;
            }
            _ => {}
        }
    }
    n
}

/// Creates the lock file with our pid in it, atomically: written under a temporary name, then
/// hard-linked to the lock's name (which fails if it exists), so the lock is never seen empty.
fn create_lock(path: &Path) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("lock.{}.tmp", std::process::id()));
    std::fs::write(&tmp, format!("{}\n", std::process::id()))?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            // File systems without hard links: create-new, then write.
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            f.write_all(format!("{}\n", std::process::id()).as_bytes())
        }
        other => other,
    }
}

/// Whether process `pid` is running: `/proc/<pid>` where there is a `/proc`; elsewhere a lock
/// is assumed held.
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if Path::new("/proc/self").exists() {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sources: &[&str]) -> Vec<String> {
        let inputs: Vec<Input> = sources
            .iter()
            .map(|s| Input::file((*s).to_owned(), PathBuf::from(s)))
            .collect();
        output_names(&inputs)
    }

    #[test]
    fn output_names_mirror_and_never_clash() {
        assert_eq!(
            names(&["000_x.txt", "2023/list.txt", "2024/list.txt"]),
            ["000_x.json", "2023/list.json", "2024/list.json"]
        );
        // Same stem in one folder: both keep their extension.
        assert_eq!(
            names(&["list.docx", "list.txt", "other/list.txt"]),
            ["list.docx.json", "list.txt.json", "other/list.json"]
        );
        // Never the index or the schema, whatever the case.
        assert_eq!(
            names(&["index.txt", "Schema.md", "index"]),
            ["index.txt.json", "Schema.md.json", "index~2.json"]
        );
        // Case-insensitive file systems; a file named like an output folder; a chain of clashes.
        assert_eq!(
            names(&["List.txt", "list.txt", "a.txt", "a.json/b.txt"]),
            [
                "List.txt.json",
                "list.txt~2.json",
                "a.txt.json",
                "a.json/b.json"
            ]
        );
        assert_eq!(
            names(&["list.txt", "list.docx", "list.txt.md"]),
            ["list.txt.json", "list.docx.json", "list.txt.md.json"]
        );
        assert_eq!(
            names(&[STDIN, "stdin.txt"]),
            ["stdin.json", "stdin.txt.json"]
        );
        assert_eq!(names(&[".hidden", "noext"]), [".hidden.json", "noext.json"]);
    }

    #[test]
    fn previous_outputs_stay_inside_the_folder() {
        let d = std::env::temp_dir().join(format!("qingdan-prev-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join(INDEX),
            r#"{"schema":"qingdan-index/1","files":[{"output":"a.json"},{"output":"../x.json"},
               {"output":"/etc/x.json"},{"output":"s/b.json"},{"output":"index.json"},
               {"output":"c.txt"},{"output":null}]}"#,
        )
        .unwrap();
        assert_eq!(previous_outputs(&d), ["a.json", "s/b.json"]);
        std::fs::remove_dir_all(&d).unwrap();
    }
}
