//! The inputs of `compare`, `eligible` and `diff`: canonical documents (files, NDJSON streams,
//! standard input) and lists, parsed on the way as `convert` would. Every input that yields no
//! document is named, never skipped silently.

use crate::canonical::view::{Doc, read, read_all};
use std::path::{Path, PathBuf};

/// Reads every document named, in order: files, folders (walked as `convert` walks them:
/// every regular file, hidden entries skipped, sorted) and `-` for standard input.
///
/// A `.json`, `.ndjson` or `.jsonl` file (or standard input starting with `{`) holds canonical
/// documents ([`read_all`]); any other file is a list and is parsed on the way, as `convert`
/// would, so the commands work on the lists themselves. The `index.json` and `schema.json`
/// that `convert` writes next to its documents are passed over. Every other input that yields
/// no document (cut off, another `schema`, not a list, unreadable) is returned as a one-line
/// message naming it, next to the documents that could be read.
pub fn load(inputs: &[PathBuf]) -> (Vec<Doc>, Vec<String>) {
    use rayon::prelude::*;
    let mut found: Vec<Result<crate::batch::Input, String>> = Vec::new();
    for input in inputs {
        match crate::batch::collect(std::slice::from_ref(input)) {
            Ok(files) => found.extend(files.into_iter().map(Ok)),
            Err(e) => found.push(Err(e)),
        }
    }
    let read: Vec<Vec<Result<Doc, String>>> = found
        .into_par_iter()
        .map(|f| match f {
            Ok(input) => load_input(&input),
            Err(e) => vec![Err(e)],
        })
        .collect();
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for r in read.into_iter().flatten() {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e),
        }
    }
    (docs, errors)
}

/// The documents of one input (see [`load`]).
fn load_input(input: &crate::batch::Input) -> Vec<Result<Doc, String>> {
    if let Some(p) = &input.problem {
        return vec![Err(p.clone())];
    }
    let stdin = input.path.as_os_str() == "-";
    let label = if stdin {
        "-".to_owned()
    } else {
        input.path.display().to_string()
    };
    let json_name = input.path.extension().is_some_and(|x| {
        ["json", "ndjson", "jsonl"]
            .iter()
            .any(|j| x.eq_ignore_ascii_case(j))
    });
    let parsed = if !stdin && !json_name {
        // A list: parsed as `convert` parses it, named as `convert` names it.
        crate::parse_file(&input.path)
    } else {
        let bytes = if stdin {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b)
                .map(|_| b)
                .map_err(|e| format!("-: cannot read standard input: {e}"))
        } else {
            std::fs::read(&input.path).map_err(|e| format!("{label}: cannot read: {e}"))
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => return vec![Err(e)],
        };
        let json_content = bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{');
        if !(json_name || json_content) {
            crate::parse_owned(crate::batch::STDIN, bytes)
        } else {
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return vec![Err(format!(
                    "{label}: not a qingdan document: not UTF-8 text"
                ))];
            };
            if is_convert_metadata(&input.path, text) {
                return Vec::new();
            }
            return read_all(&label, text);
        }
    };
    match parsed {
        Ok(mut out) => {
            out.source.file.clone_from(&input.name);
            match serde_json::to_string(&out) {
                Ok(json) => vec![read(&label, &json)],
                Err(e) => vec![Err(format!("{label}: cannot serialize: {e}"))],
            }
        }
        Err(e) => vec![Err(e.to_string())],
    }
}

/// The `index.json` and `schema.json` that `convert` writes next to its documents.
fn is_convert_metadata(path: &Path, text: &str) -> bool {
    let mut end = text.len().min(512);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    match path.file_name().and_then(|n| n.to_str()) {
        Some(crate::batch::INDEX) => head.contains("\"qingdan-index/"),
        Some(crate::batch::SCHEMA_FILE) => head.contains("\"$schema\""),
        _ => false,
    }
}

/// Reads exactly one document (for `diff`): a JSON document, a one-line NDJSON file, or a list
/// parsed on the way; `-` is standard input.
///
/// # Errors
/// A one-line message naming the input and the reason.
pub fn load_one(path: &Path) -> Result<Doc, String> {
    let (mut docs, errors) = load(std::slice::from_ref(&path.to_path_buf()));
    if let Some(e) = errors.into_iter().next() {
        return Err(e);
    }
    match docs.len() {
        1 => Ok(docs.remove(0)),
        0 => Err(format!("{}: no qingdan document", path.display())),
        n => Err(format!(
            "{}: holds {n} documents; name one document",
            path.display()
        )),
    }
}
