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

mod run;
mod walk;
mod write;

pub use run::*;
pub use walk::*;
pub use write::*;

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
