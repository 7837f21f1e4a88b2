//! Converting the inputs: the index and its review counts, the worker threads, one file at a
//! time under a time budget.

use super::*;

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
pub(super) const CHUNK_PER_THREAD: usize = 32;

/// One converted input: its index entry and, when it converted, its output bytes (serialized on
/// the worker thread: canonical JSON, or one line for NDJSON).
pub(super) struct Converted {
    pub(super) entry: IndexEntry,
    pub(super) body: Option<String>,
    pub(super) error: Option<String>,
}

pub(super) fn failed(input: &Input, error: String) -> Converted {
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

pub(super) fn parse_input(input: &Input) -> Result<emit::Output, String> {
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
pub(super) fn convert_one(
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

pub(super) fn convert_now(input: &Input, output: &str, one_line: bool) -> Converted {
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
        for c in done {
            let Some(mut c) = deliver(c, mode, out, &mut kept, &mut report)? else {
                break 'chunks;
            };
            if let Some(e) = c.error.take() {
                on_error(&e);
                report.errors.push(e);
            }
            entries.push(c.entry);
            on_progress(entries.len());
        }
    }
    finish_folder(mode, entries, &previous, &kept, &mut report, &mut on_error)?;
    Ok(report)
}

/// Hands a converted file's output on as `mode` says: written, checked or printed. `None` when
/// the reader of the NDJSON went away (the batch stops quietly).
fn deliver(
    mut c: Converted,
    mode: &Mode,
    out: &mut dyn std::io::Write,
    kept: &mut std::collections::HashSet<String>,
    report: &mut Report,
) -> Result<Option<Converted>, String> {
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
                    return Ok(None);
                }
                Err(e) => return Err(format!("cannot write output: {e}")),
            },
        }
        if c.error.is_none() {
            report.converted += 1;
        }
    }
    Ok(Some(c))
}

/// The index of the batch, and for an output folder: the schema, outputs no input produces
/// any more removed (or named by `--check`), the index last.
fn finish_folder(
    mode: &Mode,
    entries: Vec<IndexEntry>,
    previous: &[String],
    kept: &std::collections::HashSet<String>,
    report: &mut Report,
    on_error: &mut impl FnMut(&str),
) -> Result<(), String> {
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
            report.problems.extend(orphans(dir, kept, previous));
        }
        Mode::Ndjson => {}
    }
    Ok(())
}
