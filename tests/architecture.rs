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

/// Every `.rs` file under `dir`, with its path relative to the repository and its text.
fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&p).expect("a source file");
            let rel = p
                .strip_prefix(util::root())
                .unwrap_or(&p)
                .display()
                .to_string();
            out.push((rel, text));
        }
    }
}

/// The code of a Rust source with comments, strings and character literals blanked (newlines
/// kept), so that braces count as the compiler sees them.
fn blank_literals(text: &str) -> Vec<char> {
    let cs: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(cs.len());
    let keep = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let next = cs.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < cs.len() && cs[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < cs.len() {
                if cs[i] == '/' && cs.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.extend([' ', ' ']);
                    i += 2;
                } else if cs[i] == '*' && cs.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.extend([' ', ' ']);
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(keep(cs[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !cs[..i]
                .last()
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#.
            let hashes = cs[i + 1..].iter().take_while(|c| **c == '#').count();
            if cs.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let body = i + 2 + hashes;
            let end = (body..cs.len())
                .find(|&j| cs[j..].starts_with(&close))
                .map_or(cs.len(), |j| j + close.len());
            out.extend(cs[i..end].iter().map(|c| keep(*c)));
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < cs.len() && cs[i] != '"' {
                let step = if cs[i] == '\\' { 2 } else { 1 };
                for k in 0..step {
                    if let Some(&x) = cs.get(i + k) {
                        out.push(keep(x));
                    }
                }
                i += step;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{3000}'.
            let end = (i + 3..cs.len().min(i + 12))
                .find(|&j| cs[j] == '\'')
                .map_or(i + 1, |j| j + 1);
            out.extend(cs[i..end].iter().map(|_| ' '));
            i = end;
        } else if c == '\'' && cs.get(i + 2) == Some(&'\'') {
            out.extend([' ', ' ', ' ']);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The functions of a source longer than `limit` lines (from the `fn` line to its closing
/// brace), outside its test module: (name, first line, lines).
fn long_functions(text: &str, limit: usize) -> Vec<(String, usize, usize)> {
    let code = text.split("\n#[cfg(test)]\nmod tests").next().unwrap_or("");
    let cs = blank_literals(code);
    let lines: Vec<String> = cs
        .split(|c| *c == '\n')
        .map(|l| l.iter().collect())
        .collect();
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let mut words = line.split_whitespace().skip_while(|w| {
            w.starts_with("pub") || ["const", "async", "unsafe", "extern"].contains(w)
        });
        if words.next() != Some("fn") {
            continue;
        }
        let name: String = words
            .next()
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut depth = 0usize;
        let mut end = None;
        'scan: for (k, l) in lines.iter().enumerate().skip(n) {
            for c in l.chars() {
                match c {
                    ';' if depth == 0 => break 'scan,
                    '{' => depth += 1,
                    '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = Some(k);
                            break 'scan;
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(end) = end
            && end - n + 1 > limit
        {
            out.push((name, n + 1, end - n + 1));
        }
    }
    out
}

/// A newcomer reads a function whole: none over about 80 lines outside tests (issue 21).
#[test]
fn functions_stay_short() {
    let mut files = Vec::new();
    sources(&util::root().join("src"), &mut files);
    assert!(files.len() >= 40, "{} source files found", files.len());
    let long: Vec<String> = files
        .iter()
        .filter(|(path, _)| !path.ends_with("tests.rs"))
        .flat_map(|(path, text)| {
            long_functions(text, 80)
                .into_iter()
                .map(move |(name, line, n)| format!("{path}:{line} {name} ({n} lines)"))
        })
        .collect();
    assert!(
        long.is_empty(),
        "functions over 80 lines: {}",
        long.join(", ")
    );
}

/// The line counter counts what it should: a function's lines, braces in literals aside.
#[test]
fn the_function_counter_sees_braces_as_the_compiler_does() {
    let body = "    let s = \"{{\"; let c = '{'; let r = r#\"}\"#; // }\n".repeat(5);
    let text = format!(
        "fn short() {{\n{body}}}\n\npub(crate) fn long(x: u8) -> u8 {{\n{}    x\n}}\n",
        "    let _ = 1;\n".repeat(9)
    );
    assert_eq!(
        long_functions(&text, 6),
        vec![("short".to_owned(), 1, 7), ("long".to_owned(), 9, 12)],
        "{text}"
    );
    assert_eq!(long_functions(&text, 10), vec![("long".to_owned(), 9, 12)]);
    assert!(long_functions(&text, 12).is_empty());
}

/// Files a reader can hold in mind: none over about 900 lines (issue 21).
#[test]
fn source_files_stay_under_900_lines() {
    let mut files = Vec::new();
    sources(&util::root().join("src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|(path, text)| (path, text.lines().count()))
        .filter(|(_, n)| *n > 900)
        .map(|(path, n)| format!("{path} ({n} lines)"))
        .collect();
    assert!(
        long.is_empty(),
        "source files over 900 lines: {}",
        long.join(", ")
    );
}
