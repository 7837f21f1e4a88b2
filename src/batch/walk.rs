//! The inputs of a batch: files and folders walked, names relative to the folder given, roots
//! that clash told apart, and the output names mirroring the input tree.

use super::*;

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
    pub(super) fn file(name: String, path: PathBuf) -> Self {
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
pub(super) fn qualify_clashing_roots(roots: &[PathBuf], found: &mut [(Input, usize)]) {
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
pub(super) fn relative_name(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `dir` is a qingdan output folder (its `index.json` is a qingdan index).
pub(super) fn is_output_folder(dir: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 128];
    let Ok(mut f) = std::fs::File::open(dir.join(INDEX)) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).contains("\"qingdan-index/")
}

/// Why an entry of a folder cannot be read: a dangling or broken symlink, or the error.
fn unreadable(p: &Path, e: &std::io::Error) -> String {
    match std::fs::read_link(p).ok() {
        Some(target) if e.kind() == std::io::ErrorKind::NotFound => format!(
            "dangling symlink (its target {} does not exist)",
            target.display()
        ),
        Some(_) => format!("symlink cannot be followed: {e}"),
        None => format!("cannot read: {e}"),
    }
}

pub(super) fn walk(
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
    paths.retain(|p| {
        !p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    });
    for p in paths {
        let name = rel(&p);
        match std::fs::metadata(&p) {
            Err(e) => {
                let reason = format!("{}: {}", p.display(), unreadable(&p, &e));
                out.push(Input::problem(name, p.clone(), reason));
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
