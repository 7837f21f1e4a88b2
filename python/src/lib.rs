//! `qingdan._native`: the Rust side of the Python package `qingdan`.
//!
//! Every function takes plain values from Python, releases the GIL while the crate works
//! (`Python::detach`, PyO3's name for `allow_threads` since 0.26) and hands back JSON text that
//! the package's `__init__.py` turns into Python objects with `json.loads`: the same serializer
//! as the CLI, so a document is exactly what `qingdan parse` prints. The work runs under
//! `catch_unwind`: a panic becomes a `qingdan.Error`, never a crash of the interpreter.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use qingdan::batch;
use qingdan::canonical::view;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

create_exception!(
    qingdan,
    Error,
    PyException,
    "A file or document qingdan cannot use; the message is the CLI's one line."
);
create_exception!(
    qingdan,
    UnreadableError,
    Error,
    "The input cannot be read: missing, empty, not text, or a format that is not read."
);
create_exception!(
    qingdan,
    NoListError,
    Error,
    "The text holds no service list (no header row naming 服务对象 and 服务项目)."
);
create_exception!(
    qingdan,
    DocumentError,
    Error,
    "A JSON input of compare, eligible or diff that is not a qingdan/1 document."
);

/// The Python exception for a parse error, with the CLI's message.
fn parse_error(e: &qingdan::Error) -> PyErr {
    let message = e.to_string();
    match e {
        qingdan::Error::NoList { .. } => NoListError::new_err(message),
        qingdan::Error::Io { .. }
        | qingdan::Error::Decode { .. }
        | qingdan::Error::Unreadable { .. } => UnreadableError::new_err(message),
    }
}

/// The Python exception for a document that `compare`, `eligible` or `diff` cannot read.
fn document_error(message: String) -> PyErr {
    if message.contains("not a qingdan document") {
        DocumentError::new_err(message)
    } else {
        UnreadableError::new_err(message)
    }
}

/// Runs `work` without the GIL; a panic is caught and raised as `qingdan.Error`.
fn run<T: Send>(py: Python<'_>, work: impl FnOnce() -> PyResult<T> + Send) -> PyResult<T> {
    py.detach(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
            .unwrap_or_else(|payload| Err(PanicMessage(payload).into()))
    })
}

/// A caught panic's payload.
struct PanicMessage(Box<dyn std::any::Any + Send>);

impl From<PanicMessage> for PyErr {
    fn from(p: PanicMessage) -> PyErr {
        let what =
            p.0.downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| p.0.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
        Error::new_err(format!(
            "internal error (please report it with the input): {what}"
        ))
    }
}

/// One document as one line of JSON.
fn json_line<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| Error::new_err(format!("cannot serialize: {e}")))
}

/// `qingdan parse PATH`: `source.file` is the file's name (or `name`), errors name the path
/// (or `name`).
#[pyfunction]
#[pyo3(signature = (path, name=None))]
fn parse_path(py: Python<'_>, path: PathBuf, name: Option<String>) -> PyResult<String> {
    run(py, move || {
        let doc = match name {
            None => qingdan::parse_file(&path),
            Some(name) => match std::fs::read(&path) {
                Ok(bytes) => qingdan::parse_owned(&name, bytes),
                Err(source) => Err(qingdan::Error::Io { file: name, source }),
            },
        };
        json_line(&doc.map_err(|e| parse_error(&e))?)
    })
}

/// A file's bytes, known as `name` (its extension breaks ties between text shapes).
#[pyfunction]
fn parse_bytes(py: Python<'_>, data: &[u8], name: String) -> PyResult<String> {
    // Borrowed from the `bytes` object (no element-wise conversion), copied once for Rust.
    let data = data.to_vec();
    run(py, move || {
        let doc = qingdan::parse_owned(&name, data).map_err(|e| parse_error(&e))?;
        json_line(&doc)
    })
}

/// `qingdan quantities TEXT`: the quantities of one text, as a JSON array.
#[pyfunction]
fn quantities(py: Python<'_>, text: String) -> PyResult<String> {
    run(py, move || json_line(&qingdan::quantities_of(&text)))
}

/// `qingdan quantities` over lines: a JSON array with the quantities of each line, in order.
/// As on standard input, one trailing `\n` or `\r\n` of a line is not part of it.
#[pyfunction]
#[pyo3(signature = (lines, jobs=None))]
fn quantities_many(py: Python<'_>, lines: Vec<String>, jobs: Option<usize>) -> PyResult<String> {
    use rayon::prelude::*;
    /// Lines per task: enough to make a task worth scheduling.
    const CHUNK: usize = 64;
    run(py, move || {
        let one = |line: &String, out: &mut Vec<u8>| {
            let t = line.strip_suffix('\n').unwrap_or(line);
            let t = t.strip_suffix('\r').unwrap_or(t);
            if !out.is_empty() {
                out.push(b',');
            }
            // Plain structs: serializing into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *out, &qingdan::quantities_of(t));
        };
        let work = || -> Vec<Vec<u8>> {
            lines
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let mut out = Vec::with_capacity(chunk.len() * 4);
                    for line in chunk {
                        one(line, &mut out);
                    }
                    out
                })
                .collect()
        };
        let chunks = match jobs {
            None => work(),
            Some(n) => pool(Some(n))?.install(work),
        };
        let mut json = Vec::with_capacity(chunks.iter().map(Vec::len).sum::<usize>() + 2);
        json.push(b'[');
        for (i, c) in chunks.iter().filter(|c| !c.is_empty()).enumerate() {
            if i > 0 {
                json.push(b',');
            }
            json.extend_from_slice(c);
        }
        json.push(b']');
        String::from_utf8(json).map_err(|e| Error::new_err(format!("cannot serialize: {e}")))
    })
}

/// A pool of `jobs` threads (default: one per core), as `-j` makes.
fn pool(jobs: Option<usize>) -> PyResult<rayon::ThreadPool> {
    if jobs == Some(0) {
        return Err(PyValueError::new_err("jobs must be at least 1"));
    }
    batch::thread_pool(jobs).map_err(Error::new_err)
}

/// One result of [`Convert`]: the input's name, and its document as JSON or the reason it
/// failed.
type Converted = (String, Result<String, String>);

/// What [`Convert`] hands Python: the input's name and `(json, None)` or `(None, message)`.
type Yielded = (String, Option<String>, Option<String>);

/// A document given from Python: `("path", PATH, None)` (a JSON file, or a folder walked as
/// the CLI walks it) or `("json", LABEL, TEXT)`.
type Given = (String, String, Option<String>);

/// `qingdan convert PATHS --ndjson` as an iterator: inputs are converted a chunk at a time on
/// Rust threads (the GIL released) and handed out in input order.
#[pyclass(module = "qingdan._native")]
struct Convert {
    inputs: VecDeque<batch::Input>,
    pool: rayon::ThreadPool,
    done: VecDeque<Converted>,
}

/// How many inputs are converted at once per thread (as `convert` does).
const CHUNK_PER_THREAD: usize = 32;

#[pymethods]
impl Convert {
    #[new]
    #[pyo3(signature = (paths, jobs=None))]
    fn new(py: Python<'_>, paths: Vec<PathBuf>, jobs: Option<usize>) -> PyResult<Self> {
        let pool = pool(jobs)?;
        let inputs = run(py, move || {
            batch::collect(&paths).map_err(|e| {
                if e.contains("no such") || e.contains("cannot read") {
                    UnreadableError::new_err(e)
                } else {
                    Error::new_err(e)
                }
            })
        })?;
        Ok(Convert {
            inputs: inputs.into(),
            pool,
            done: VecDeque::new(),
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next input's name and `(json, None)` or `(None, message)`.
    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<Yielded>> {
        if slf.done.is_empty() && !slf.inputs.is_empty() {
            let this = &mut *slf;
            let n = (this.pool.current_num_threads() * CHUNK_PER_THREAD)
                .max(1)
                .min(this.inputs.len());
            let chunk: Vec<batch::Input> = this.inputs.drain(..n).collect();
            let pool = &this.pool;
            let converted = run(py, || Ok(convert_chunk(pool, &chunk)))?;
            this.done.extend(converted);
        }
        Ok(slf.done.pop_front().map(|(name, r)| match r {
            Ok(json) => (name, Some(json), None),
            Err(e) => (name, None, Some(e)),
        }))
    }

    /// Inputs not converted yet (the current chunk's results count as converted).
    fn __length_hint__(&self) -> usize {
        self.inputs.len() + self.done.len()
    }
}

fn convert_chunk(pool: &rayon::ThreadPool, chunk: &[batch::Input]) -> Vec<Converted> {
    use rayon::prelude::*;
    pool.install(|| {
        chunk
            .par_iter()
            .map(|input| (input.name.clone(), convert_one(input)))
            .collect()
    })
}

/// One input as `convert --ndjson` writes it: `source.file` is the name relative to the
/// folder given.
fn convert_one(input: &batch::Input) -> Result<String, String> {
    if let Some(p) = &input.problem {
        return Err(p.clone());
    }
    let mut doc = if input.path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| format!("{}: cannot read: {e}", batch::STDIN))?;
        qingdan::parse_owned(batch::STDIN, bytes).map_err(|e| e.to_string())?
    } else {
        qingdan::parse_file(&input.path).map_err(|e| e.to_string())?
    };
    doc.source.file.clone_from(&input.name);
    serde_json::to_string(&doc).map_err(|e| format!("{}: cannot serialize: {e}", input.name))
}

/// Reads the documents given.
fn load(sources: &[Given]) -> PyResult<Vec<view::Doc>> {
    let mut docs = Vec::new();
    for (kind, label, text) in sources {
        match (kind.as_str(), text) {
            ("json", Some(text)) => docs.push(view::read(label, text).map_err(document_error)?),
            _ => {
                // Files and folders as the commands read them (documents, NDJSON, lists).
                let (found, errors) = qingdan::inputs::load(&[Path::new(label).to_path_buf()]);
                if let Some(e) = errors.into_iter().next() {
                    return Err(document_error(e));
                }
                docs.extend(found);
            }
        }
    }
    Ok(docs)
}

/// `qingdan compare --format json|csv|html`: the text the command prints.
#[pyfunction]
fn compare(py: Python<'_>, sources: Vec<Given>, format: String) -> PyResult<String> {
    run(py, move || {
        let docs = load(&sources)?;
        if docs.is_empty() {
            return Err(Error::new_err("no qingdan documents to compare"));
        }
        let m = qingdan::compare::matrix(&docs);
        match format.as_str() {
            "json" => Ok(qingdan::compare::json(&m)),
            "csv" => Ok(qingdan::compare::csv(&m)),
            "html" => Ok(qingdan::compare::html(&m)),
            other => Err(PyValueError::new_err(format!(
                "format must be \"json\", \"csv\" or \"html\", not {other:?}"
            ))),
        }
    })
}

/// `qingdan eligible --format jsonl`: a JSON array of the answers, one per district.
#[pyfunction]
#[pyo3(signature = (sources, age, groups, not_groups, region, all, local=None, care_level=None, disability_grade=None))]
// The command's options, one argument each, as Python passes them.
#[allow(clippy::too_many_arguments)]
fn eligible(
    py: Python<'_>,
    sources: Vec<Given>,
    age: Option<u32>,
    groups: Vec<String>,
    not_groups: Vec<String>,
    region: Option<String>,
    all: bool,
    local: Option<bool>,
    care_level: Option<String>,
    disability_grade: Option<u8>,
) -> PyResult<String> {
    run(py, move || {
        let care_level = match care_level.as_deref() {
            None => None,
            Some(l) => Some(qingdan::eligible::CareLevel::parse(l).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "care_level must be \"mild\", \"moderate\" or \"severe\", not {l:?}"
                ))
            })?),
        };
        if let Some(g) = disability_grade.filter(|g| !(1..=4).contains(g)) {
            return Err(PyValueError::new_err(format!(
                "disability_grade must be 1 to 4, not {g}"
            )));
        }
        let mut profile = qingdan::eligible::Profile {
            age,
            groups: Vec::new(),
            not_groups: Vec::new(),
            region,
            local,
            care_level,
            disability_grade,
        };
        // Codes and words alike, as the command reads them: 低保 states minimum-living, 重度失能
        // a level.
        for (list, yes) in [(groups, true), (not_groups, false)] {
            for w in list {
                qingdan::eligible::state(&mut profile, &w, yes).map_err(PyValueError::new_err)?;
            }
        }
        let docs = load(&sources)?;
        let answers: Vec<_> = docs
            .iter()
            .filter(|d| qingdan::eligible::in_region(d, profile.region.as_deref()))
            .map(|d| qingdan::eligible::answer(d, &profile, all))
            .collect();
        json_line(&answers)
    })
}

/// `qingdan diff OLD NEW --format json|text`: the text the command prints, and whether the
/// documents differ.
#[pyfunction]
fn diff(py: Python<'_>, old: Given, new: Given, format: String) -> PyResult<(String, bool)> {
    run(py, move || {
        let read = |(kind, label, text): &Given| match (kind.as_str(), text) {
            ("json", Some(text)) => view::read(label, text).map_err(document_error),
            _ => qingdan::inputs::load_one(Path::new(label)).map_err(document_error),
        };
        let (a, b) = (read(&old)?, read(&new)?);
        let d = qingdan::diff::diff(&a, &b);
        let text = match format.as_str() {
            "json" => qingdan::to_canonical(&d),
            "text" => qingdan::diff::text(&d),
            other => {
                return Err(PyValueError::new_err(format!(
                    "format must be \"json\" or \"text\", not {other:?}"
                )));
            }
        };
        Ok((text, !d.is_empty()))
    })
}

/// The canonical group codes and their labels (`eligible`'s `groups`).
#[pyfunction]
fn group_codes() -> Vec<(String, String)> {
    qingdan::canonical::group_codes().to_vec()
}

/// The JSON Schema of a document (`qingdan schema`).
#[pyfunction]
fn schema() -> String {
    qingdan::emit::schema()
}

/// Panics inside the guard, for the test that a panic reaches Python as `qingdan.Error`.
#[pyfunction]
fn _panic_inside(py: Python<'_>, message: String) -> PyResult<()> {
    run(py, move || -> PyResult<()> { panic!("{message}") })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<Error>())?;
    m.add("UnreadableError", py.get_type::<UnreadableError>())?;
    m.add("NoListError", py.get_type::<NoListError>())?;
    m.add("DocumentError", py.get_type::<DocumentError>())?;
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Convert>()?;
    m.add_function(wrap_pyfunction!(parse_path, m)?)?;
    m.add_function(wrap_pyfunction!(parse_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(quantities, m)?)?;
    m.add_function(wrap_pyfunction!(quantities_many, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(eligible, m)?)?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    m.add_function(wrap_pyfunction!(group_codes, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_inside, m)?)?;
    Ok(())
}
