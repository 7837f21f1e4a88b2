//! The project's shape: the module import graph follows the stages without a circle.

use crate::util;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages in order (`ARCHITECTURE.md`). A module imports only modules of its own stage or
/// an earlier one. Every top-level module of `src/` is named here.
const STAGES: &[&[&str]] = &[
    // What every stage uses: spans, diagnostics, text normalization, decoding, numerals.
    &["span", "diag", "normalize", "decode", "numeral"],
    // The table model every reader yields, the words of list headers, and the table of
    // divisions (GB/T 2260) a list title is read against.
    &["table", "lexicon", "region"],
    &["read"],
    &["list"],
    &["quantities"],
    // The review verdict: its types (in every document) and its rules, from diagnostics and rows.
    &["review"],
    &["model"],
    &["document", "tasks"],
    &["canonical"],
    &["emit"],
    // The commands: the library's entry points (`lib`), batch, comparisons, the binary.
    &[
        "lib", "batch", "inputs", "compare", "diff", "eligible", "debug", "main",
    ],
];

/// The stage of a top-level module.
fn stage(module: &str) -> usize {
    STAGES
        .iter()
        .position(|s| s.contains(&module))
        .unwrap_or_else(|| panic!("module {module} is in no stage of STAGES"))
}

/// A source file's code without its test module and comments.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The identifiers that follow `prefix::` in `code` (`crate::list::build` → `list`).
fn roots_after<'a>(code: &'a str, prefix: &str) -> Vec<&'a str> {
    let pat = format!("{prefix}::");
    code.match_indices(&pat)
        .filter(|(i, _)| {
            code[..*i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
        .map(|(i, _)| {
            let rest = &code[i + pat.len()..];
            let n = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..n]
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// Every `.rs` file under `dir` with its top-level module (`src/list/records.rs` → `list`).
fn files(dir: &Path, top: Option<&str>, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let module = top.map_or_else(|| name.clone(), str::to_owned);
        if p.is_dir() {
            files(&p, Some(&module), out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&p).expect("a source file");
            out.push((module, code_of(&text)));
        }
    }
}

/// The top-level modules' import graph: `crate::x` paths (and `qingdan::x` in the binary),
/// with the crate root's re-exports (`pub use crate::list as rows;`) followed to their module.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut sources = Vec::new();
    files(&util::root().join("src"), None, &mut sources);
    let modules: BTreeSet<String> = sources.iter().map(|(m, _)| m.clone()).collect();
    let lib = &sources
        .iter()
        .find(|(m, _)| m == "lib")
        .expect("src/lib.rs")
        .1;
    // `pub use crate::a::b as c;` and `pub use crate::a::c;` at the crate root.
    let mut aliases = BTreeMap::new();
    for line in lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub use crate::"))
    {
        let path = line.trim_end_matches(';');
        let (path, name) = match path.split_once(" as ") {
            Some((p, n)) => (p, n),
            None => (path, path.rsplit("::").next().unwrap_or(path)),
        };
        let target = path.split("::").next().unwrap_or(path);
        aliases.insert(name.to_owned(), target.to_owned());
    }
    let resolve = |root: &str| -> String {
        if modules.contains(root) {
            root.to_owned()
        } else {
            // An alias, or an item of the crate root.
            aliases
                .get(root)
                .cloned()
                .unwrap_or_else(|| "lib".to_owned())
        }
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &sources {
        let mut roots = roots_after(code, "crate");
        if module == "main" {
            roots.extend(roots_after(code, "qingdan"));
        }
        let edges = graph.entry(module.clone()).or_default();
        edges.extend(roots.into_iter().map(resolve).filter(|t| t != module));
    }
    graph
}

#[test]
fn imports_follow_the_stages() {
    let graph = import_graph();
    assert!(graph.len() >= 20, "{} modules found", graph.len());
    let against: Vec<String> = graph
        .iter()
        .flat_map(|(m, to)| to.iter().map(move |t| (m, t)))
        .filter(|(m, t)| stage(t) > stage(m))
        .map(|(m, t)| format!("{m} → {t}"))
        .collect();
    assert!(
        against.is_empty(),
        "imports against the stage order: {}",
        against.join(", ")
    );
}

#[test]
fn import_graph_has_no_circle() {
    let graph = import_graph();
    // Depth-first search: a module met again while on the path closes a circle.
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<String> {
        if let Some(at) = path.iter().position(|p| *p == m) {
            return Some(format!("{} → {m}", path[at..].join(" → ")));
        }
        if !done.insert(m) {
            return None;
        }
        path.push(m);
        for t in graph.get(m).into_iter().flatten() {
            if let Some(circle) = visit(t, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(circle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("import circle: {circle}");
        }
    }
}
