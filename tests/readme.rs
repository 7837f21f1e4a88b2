//! Every shell example in `README.md` prints what the command prints today.
//!
//! An example is an indented block line `$ COMMAND` (continued by lines ending in `\`), followed
//! by the lines it prints up to the next `$` line or the end of the block. The command runs in
//! `bash` with the built `qingdan` first on `PATH`, in a scratch folder that sees the repository's
//! `out/` and `fixtures/`. The README shortens long output with `…`: the printed text must contain
//! every piece between the `…` marks and the line ends, in order. A `# …` line directly above a
//! `$` line is a comment, not output.

use crate::util;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One `$ …` example: its README line, the command and the text it should print.
#[derive(Debug)]
struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The examples of an indented-block markdown text, in order.
fn examples(readme: &str) -> Vec<Example> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out: Vec<Example> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = lines[i].strip_prefix("    $ ") else {
            i += 1;
            continue;
        };
        let line = i + 1;
        let mut command = first.to_owned();
        while command.ends_with('\\') && i + 1 < lines.len() {
            command.pop();
            i += 1;
            command.push_str(lines[i].trim_start_matches(' '));
        }
        i += 1;
        let mut expected = Vec::new();
        while i < lines.len() && lines[i].starts_with("    ") && !lines[i].starts_with("    $ ") {
            let is_comment = lines[i].starts_with("    # ")
                && lines.get(i + 1).is_some_and(|n| n.starts_with("    $ "));
            if !is_comment {
                expected.push(lines[i][4..].to_owned());
            }
            i += 1;
        }
        out.push(Example {
            line,
            command,
            expected,
        });
    }
    out
}

/// The pieces the output must contain in order: the expected lines cut at every `…`, trimmed.
fn pieces(expected: &[String]) -> Vec<String> {
    expected
        .iter()
        .flat_map(|l| l.split('…'))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The first piece not found (in order) in `printed`, if any.
fn first_missing<'a>(printed: &str, pieces: &'a [String]) -> Option<&'a str> {
    let mut at = 0;
    for p in pieces {
        match printed[at..].find(p.as_str()) {
            Some(k) => at += k + p.len(),
            None => return Some(p),
        }
    }
    None
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A scratch folder holding links to the repository's `out/` and `fixtures/`.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qingdan-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    for name in ["out", "fixtures"] {
        std::os::unix::fs::symlink(util::root().join(name), dir.join(name)).expect("link");
    }
    dir
}

fn run(example: &Example, dir: &Path) -> String {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_qingdan"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("binary folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .args(["-c", &example.command])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .expect("bash runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn readme_examples_print_what_the_commands_print() {
    let readme = std::fs::read_to_string(util::root().join("README.md")).expect("README.md");
    let all = examples(&readme);
    assert!(
        all.len() >= 6,
        "found {} examples in README.md: the example syntax changed",
        all.len()
    );
    let dir = scratch();
    let mut failures = Vec::new();
    let mut ran = 0;
    for ex in &all {
        if ex.command.contains("jq ") && !have("jq") {
            eprintln!("README line {}: skipped, jq is not installed", ex.line);
            continue;
        }
        ran += 1;
        let printed = run(ex, &dir);
        let want = pieces(&ex.expected);
        if want.is_empty() && !printed.trim().is_empty() && !ex.command.contains('>') {
            failures.push(format!(
                "README line {}: `{}` shows no output but printed:\n{printed}",
                ex.line, ex.command
            ));
        } else if let Some(missing) = first_missing(&printed, &want) {
            failures.push(format!(
                "README line {}: `{}` printed no {missing:?} (in order); it printed:\n{printed}",
                ex.line, ex.command
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(ran >= 4, "only {ran} README examples ran");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn pieces_match_in_order_only() {
    let want = pieces(&["a…c".to_owned(), "  d".to_owned()]);
    assert_eq!(want, ["a", "c", "d"]);
    assert_eq!(first_missing("a b c d", &want), None);
    assert_eq!(first_missing("c a d", &want), Some("c"));
    assert_eq!(first_missing("a b c", &want), Some("d"));
}

#[test]
fn examples_are_cut_at_commands_and_comments() {
    let md = "text\n\n    $ one \\\n        two\n    out 1\n    # note\n    $ three\n    out 3\n\nafter\n";
    let ex = examples(md);
    assert_eq!(ex.len(), 2);
    assert_eq!(ex[0].command, "one two");
    assert_eq!(ex[0].expected, ["out 1"]);
    assert_eq!(ex[1].line, 7);
    assert_eq!(ex[1].expected, ["out 3"]);
}
