//! The `qingdan` command line: parse, convert, convert --check, compare, eligible, diff.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc: many short-lived strings per file; measurably faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns 基本养老服务清单 text files into canonical JSON.
#[derive(Parser)]
#[command(name = "qingdan", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// A stage `parse --debug` can print.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Stage {
    /// The layout and the grammar's items (rows, cells, text, page furniture).
    Items,
    /// The list's rows after repairs and carry-down.
    Rows,
    /// Each row's quantities.
    Quantities,
}

#[derive(Subcommand)]
enum Command {
    /// Print the canonical JSON of one file.
    Parse {
        /// The source text file; `-` reads standard input.
        file: PathBuf,
        /// Instead of JSON, print one stage with source lines: the grammar's items, the list's
        /// rows, or each row's quantities.
        #[arg(long, value_enum)]
        debug: Option<Stage>,
    },
    /// Convert files and folders to DIR/<path>.json plus DIR/index.json and DIR/schema.json.
    Convert {
        /// Files or folders (walked); `-` reads standard input; default `fixtures`.
        inputs: Vec<PathBuf>,
        /// Output folder; default `out`.
        #[arg(short, long, conflicts_with = "ndjson")]
        output: Option<PathBuf>,
        /// Write nothing; exit 1 naming each output file that is stale, missing or orphaned.
        #[arg(long, conflicts_with = "ndjson")]
        check: bool,
        /// Print every document as one line of JSON on stdout instead of writing files.
        #[arg(long)]
        ndjson: bool,
        /// Worker threads (default: one per core; at most four per core). Output is the same
        /// for any number.
        #[arg(short = 'j', long)]
        threads: Option<usize>,
        /// Exit 1 when any document's review is at or above this status (`check`: anything to
        /// look at; `failed`: anything not usable), as well as when a file fails.
        #[arg(long, value_enum, value_name = "STATUS")]
        fail_on: Option<FailOn>,
        /// Seconds one file may take before it is given up: it is an error in index.json and
        /// the batch goes on. 0: no limit.
        #[arg(long, value_name = "SECONDS", default_value_t = 120)]
        timeout: u64,
    },
    /// Print the numeric standards of TEXT (or of each stdin line) as JSON Lines.
    Quantities {
        /// The text; without it, every line of standard input.
        text: Option<String>,
        /// Threads for standard input (default: one per core; at most four per core); the output
        /// is the same for any number.
        #[arg(short = 'j', long = "threads")]
        threads: Option<usize>,
    },
    /// Print the JSON Schema of the canonical document.
    Schema,
    /// Districts × canonical items from canonical JSON files or the lists themselves (folders
    /// are walked).
    Compare {
        /// Documents (JSON, NDJSON), lists (parsed on the way) or folders; default `out`. `-`
        /// reads standard input.
        inputs: Vec<PathBuf>,
        /// `csv` (default), `json`, or `html` (one self-contained page); `-o x.html` implies html.
        #[arg(long, value_enum)]
        format: Option<CompareFormat>,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The services a person with a profile can get in each district, with evidence.
    Eligible {
        /// Documents (JSON, NDJSON), lists (parsed on the way) or folders; default `out`.
        inputs: Vec<PathBuf>,
        /// Age in completed years (0–150).
        #[arg(long, value_parser = clap::value_parser!(u32).range(0..=MAX_AGE))]
        age: Option<u32>,
        /// Groups the person is in (comma-separated or repeated): codes (minimum-living, …) or
        /// the words people use (低保, 特困, 低边, 失能, 独居, 计生特殊家庭 …); see --list-groups.
        #[arg(long, value_delimiter = ',')]
        group: Vec<String>,
        /// Groups the person is known not to be in.
        #[arg(long, value_delimiter = ',')]
        not_group: Vec<String>,
        /// Registered here (户籍) or holding a 居住证 here: `--local` (yes) or `--local=no`.
        #[arg(
            long,
            num_args = 0..=1,
            require_equals = true,
            default_missing_value = "yes",
            value_parser = ["yes", "no"]
        )]
        local: Option<String>,
        /// 失能 level: mild, moderate, severe (轻度, 中度, 重度).
        #[arg(long, value_parser = ["mild", "moderate", "severe", "轻度", "中度", "重度"])]
        care_level: Option<String>,
        /// 残疾 grade, 1 (most severe) to 4.
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
        disability_grade: Option<u8>,
        /// Print the group codes and the words --group accepts, and exit.
        #[arg(long)]
        list_groups: bool,
        /// GB/T 2260 code or prefix (140502, 1405, 14), or a name.
        #[arg(long)]
        region: Option<String>,
        /// Also list the services the profile cannot get (status `no`).
        #[arg(long)]
        all: bool,
        /// `jsonl` or `table`; default: a table on a terminal, JSON Lines otherwise.
        #[arg(long, value_enum)]
        format: Option<EligibleFormat>,
    },
    /// Services added, removed and changed between two canonical JSON files (matched by item and
    /// target, not seq). Exit 0 equal, 1 different, 2 trouble.
    Diff {
        /// The old document (JSON, one line of NDJSON, or a list parsed on the way; `-` stdin).
        old: PathBuf,
        /// The new document.
        new: PathBuf,
        /// `text` (default) or `json`.
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
    },
}

/// The review status `convert --fail-on` fails at.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    /// Any document to look at (`check` or `failed`).
    Check,
    /// Any document that is not usable as it is.
    Failed,
}

/// The oldest age `eligible --age` takes: anything above is a typing mistake.
const MAX_AGE: i64 = 150;

/// Output of `compare`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum CompareFormat {
    /// One row per item, one column per district.
    Csv,
    /// `qingdan-compare/1`.
    Json,
    /// One self-contained page.
    Html,
}

/// Output of `eligible`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum EligibleFormat {
    /// One JSON object per district and line.
    Jsonl,
    /// Readable text.
    Table,
}

/// Output of `diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// Readable text.
    Text,
    /// `qingdan-diff/1`.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse {
            file,
            debug: Some(stage),
        } => debug(&file, stage),
        Command::Parse { file, debug: None } => parse(&file),
        Command::Convert {
            inputs,
            output,
            check,
            ndjson,
            threads,
            fail_on,
            timeout,
        } => convert(
            inputs,
            output,
            check,
            ndjson,
            capped_threads(threads),
            (timeout > 0).then(|| std::time::Duration::from_secs(timeout)),
            fail_on.map(|f| match f {
                FailOn::Check => qingdan::review::Status::Check,
                FailOn::Failed => qingdan::review::Status::Failed,
            }),
        ),
        Command::Quantities { text, threads } => quantities(text, threads),
        Command::Schema => emit_stdout(&qingdan::emit::schema()),
        Command::Compare {
            inputs,
            format,
            output,
        } => canon::compare(inputs, format, output.as_deref()),
        Command::Eligible {
            inputs,
            age,
            group,
            not_group,
            region,
            all,
            format,
            local,
            care_level,
            disability_grade,
            list_groups,
        } => {
            if list_groups {
                return emit_stdout(&qingdan::eligible::list_groups());
            }
            canon::eligible(
                inputs,
                qingdan::eligible::Profile {
                    age,
                    groups: group,
                    not_groups: not_group,
                    region,
                    local: local.map(|l| l == "yes"),
                    care_level: care_level
                        .as_deref()
                        .and_then(qingdan::eligible::CareLevel::parse),
                    disability_grade,
                },
                all,
                format,
            )
        }
        Command::Diff { old, new, format } => canon::diff(&old, &new, format),
    }
}

/// `compare`, `eligible` and `diff`.
mod canon {
    use super::{CompareFormat, DiffFormat, EligibleFormat, emit_stdout};
    use std::io::IsTerminal;
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    fn inputs_or_out(inputs: Vec<PathBuf>) -> Vec<PathBuf> {
        if inputs.is_empty() {
            vec![PathBuf::from("out")]
        } else {
            inputs
        }
    }

    pub fn compare(
        inputs: Vec<PathBuf>,
        format: Option<CompareFormat>,
        output: Option<&Path>,
    ) -> ExitCode {
        let (docs, errors) = qingdan::inputs::load(&inputs_or_out(inputs));
        for e in &errors {
            eprintln!("qingdan: {e}");
        }
        if docs.is_empty() {
            eprintln!("qingdan: no qingdan documents to compare");
            return ExitCode::from(1);
        }
        let format = format.unwrap_or_else(|| match output.and_then(|o| o.extension()) {
            Some(e) if e == "html" || e == "htm" => CompareFormat::Html,
            Some(e) if e == "json" => CompareFormat::Json,
            _ => CompareFormat::Csv,
        });
        let m = qingdan::compare::matrix(&docs);
        let text = match format {
            CompareFormat::Csv => qingdan::compare::csv(&m),
            CompareFormat::Json => qingdan::compare::json(&m),
            CompareFormat::Html => qingdan::compare::html(&m),
        };
        let code = match output {
            Some(path) => match std::fs::write(path, text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("qingdan: {}: cannot write: {e}", path.display());
                    return ExitCode::from(1);
                }
            },
            None => emit_stdout(&text),
        };
        if errors.is_empty() {
            code
        } else {
            ExitCode::from(1)
        }
    }

    pub fn eligible(
        inputs: Vec<PathBuf>,
        profile: qingdan::eligible::Profile,
        all: bool,
        format: Option<EligibleFormat>,
    ) -> ExitCode {
        // Codes and words alike: 低保 states minimum-living, 重度失能 a level.
        let mut profile = profile;
        let words = (
            std::mem::take(&mut profile.groups),
            std::mem::take(&mut profile.not_groups),
        );
        for (list, yes) in [(words.0, true), (words.1, false)] {
            for w in list {
                if let Err(e) = qingdan::eligible::state(&mut profile, &w, yes) {
                    eprintln!("qingdan: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        let (docs, errors) = qingdan::inputs::load(&inputs_or_out(inputs));
        for e in &errors {
            eprintln!("qingdan: {e}");
        }
        if docs.is_empty() {
            eprintln!("qingdan: no qingdan documents to answer from");
            return ExitCode::from(1);
        }
        let answers: Vec<_> = docs
            .iter()
            .filter(|d| qingdan::eligible::in_region(d, profile.region.as_deref()))
            .map(|d| qingdan::eligible::answer(d, &profile, all))
            .collect();
        if let Some(r) = &profile.region
            && answers.is_empty()
        {
            eprintln!(
                "qingdan: no document is for region {r:?} ({} read); give a GB/T 2260 code or prefix, or a name as the documents write it",
                docs.len()
            );
            return ExitCode::from(1);
        }
        let table = match format {
            Some(EligibleFormat::Table) => true,
            Some(EligibleFormat::Jsonl) => false,
            None => std::io::stdout().is_terminal(),
        };
        let text = if table {
            qingdan::eligible::table(&answers)
        } else {
            answers
                .iter()
                .map(|a| serde_json::to_string(a).unwrap_or_default() + "\n")
                .collect()
        };
        let code = emit_stdout(&text);
        if errors.is_empty() {
            code
        } else {
            ExitCode::from(1)
        }
    }

    pub fn diff(old: &Path, new: &Path, format: DiffFormat) -> ExitCode {
        let (a, b) = match (
            qingdan::inputs::load_one(old),
            qingdan::inputs::load_one(new),
        ) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("qingdan: {e}");
                return ExitCode::from(2);
            }
        };
        let d = qingdan::diff::diff(&a, &b);
        let text = match format {
            DiffFormat::Text => qingdan::diff::text(&d),
            DiffFormat::Json => qingdan::to_canonical(&d),
        };
        let code = emit_stdout(&text);
        if code != ExitCode::SUCCESS {
            return ExitCode::from(2);
        }
        if d.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }
}

/// `-` is standard input, known as `<stdin>` in `source.file` and messages.
fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

/// `qingdan parse FILE`: the document is written as it is parsed (see
/// [`qingdan::write_parsed`]), so a large list is never held whole as JSON or as services.
fn parse(file: &std::path::Path) -> ExitCode {
    let written = if is_stdin(file) {
        match read_input(file) {
            Ok(bytes) => {
                qingdan::write_parsed(qingdan::batch::STDIN, bytes, std::io::stdout().lock())
            }
            Err(source) => Err(qingdan::Error::Io {
                file: qingdan::batch::STDIN.to_owned(),
                source,
            }),
        }
    } else {
        qingdan::write_file(file, std::io::stdout().lock())
    };
    match written {
        Ok(Ok(())) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not a failure of the conversion.
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("qingdan: cannot write output: {e}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("qingdan: {e}");
            ExitCode::from(1)
        }
    }
}

fn read_input(file: &std::path::Path) -> std::io::Result<Vec<u8>> {
    if is_stdin(file) {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(file)
    }
}

fn emit_stdout(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not a failure of the conversion.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qingdan: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

/// Prints one stage of `file` with 1-based source lines, for finding why a row went wrong: the
/// taps of the one pipeline (`qingdan::debug`).
fn debug(file: &std::path::Path, stage: Stage) -> ExitCode {
    let bytes = match read_input(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("qingdan: {}: cannot read: {e}", file.display());
            return ExitCode::from(1);
        }
    };
    let stage = match stage {
        Stage::Items => qingdan::debug::Stage::Items,
        Stage::Rows => qingdan::debug::Stage::Rows,
        Stage::Quantities => qingdan::debug::Stage::Quantities,
    };
    match qingdan::debug::render(&file.display().to_string(), &bytes, stage) {
        Ok(out) => emit_stdout(&out),
        Err(e) => {
            eprintln!("qingdan: {e}");
            ExitCode::from(1)
        }
    }
}

/// One `{"text":…, "quantities":[…]}` line per input line.
fn quantities(text: Option<String>, threads: Option<usize>) -> ExitCode {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        text: &'a str,
        quantities: Vec<qingdan::emit::Quantity>,
    }
    let line = |t: &str, out: &mut Vec<u8>| {
        let quantities = qingdan::quantities_of(t);
        if serde_json::to_writer(
            &mut *out,
            &Line {
                text: t,
                quantities,
            },
        )
        .is_err()
        {
            out.extend_from_slice(b"{\"error\":\"cannot serialize\"}");
        }
        out.push(b'\n');
    };
    let Some(text) = text else {
        return quantities_of_stdin(threads, line);
    };
    let mut out = Vec::new();
    line(&text, &mut out);
    emit_stdout(&String::from_utf8_lossy(&out))
}

/// `quantities` over standard input: lines are read in batches, each batch's lines are done in
/// parallel and written in input order (the output does not depend on the thread count).
fn quantities_of_stdin(
    threads: Option<usize>,
    line: impl Fn(&str, &mut Vec<u8>) + Sync,
) -> ExitCode {
    use rayon::prelude::*;
    use std::io::BufRead;
    /// Lines per batch: large enough to keep the threads busy, small enough to stream.
    const BATCH: usize = 4096;
    let pool = match qingdan::batch::thread_pool(capped_threads(threads)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("qingdan: {e}");
            return ExitCode::from(1);
        }
    };
    let mut stdin = std::io::stdin().lock();
    // One buffered writer for the run: a write (and a flush) per line cost more than the work.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut batch: Vec<Vec<u8>> = Vec::with_capacity(BATCH);
    let mut done = false;
    let written = loop {
        batch.clear();
        while batch.len() < BATCH {
            let mut l = Vec::new();
            match stdin.read_until(b'\n', &mut l) {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(_) => {
                    if l.last() == Some(&b'\n') {
                        l.pop();
                    }
                    batch.push(l);
                }
                Err(e) => {
                    eprintln!("qingdan: cannot read standard input: {e}");
                    return ExitCode::from(1);
                }
            }
        }
        let chunks: Vec<Vec<u8>> = pool.install(|| {
            batch
                .par_chunks(64)
                .map(|lines| {
                    let mut buf = Vec::new();
                    for bytes in lines {
                        // Valid UTF-8 is borrowed as is; only damaged lines are copied.
                        let t = match simdutf8::basic::from_utf8(bytes) {
                            Ok(t) => std::borrow::Cow::Borrowed(t),
                            Err(_) => String::from_utf8_lossy(bytes),
                        };
                        line(t.strip_suffix('\r').unwrap_or(&t), &mut buf);
                    }
                    buf
                })
                .collect()
        });
        if let Err(e) = chunks.iter().try_for_each(|c| out.write_all(c)) {
            break Err(e);
        }
        if done {
            break out.flush();
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is a normal end.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qingdan: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

/// The most worker threads per core: the work is all CPU, so more only costs memory (and tens of
/// thousands of threads abort the process).
const THREADS_PER_CORE: usize = 4;

/// `-j N` capped at [`THREADS_PER_CORE`] per core, with a note on stderr when it is.
fn capped_threads(threads: Option<usize>) -> Option<usize> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let cap = cores * THREADS_PER_CORE;
    match threads {
        Some(n) if n > cap => {
            eprintln!(
                "qingdan: -j {n} is more threads than {cores} cores can use; running {cap} ({THREADS_PER_CORE} per core)"
            );
            Some(cap)
        }
        t => t,
    }
}

/// `args` as one would type them in a POSIX shell: quoted where a character needs it.
fn shell_words(args: &[std::ffi::OsString]) -> String {
    args.iter()
        .map(|a| {
            let a = a.to_string_lossy();
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_alphanumeric() || "-_./=:,+@%".contains(c));
            if plain {
                a.into_owned()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn convert(
    given: Vec<PathBuf>,
    output: Option<PathBuf>,
    check: bool,
    ndjson: bool,
    threads: Option<usize>,
    timeout: Option<std::time::Duration>,
    fail_on: Option<qingdan::review::Status>,
) -> ExitCode {
    use qingdan::batch::Mode;
    let rerun = rerun_command(&given, output.as_deref());
    let output = output.unwrap_or_else(|| PathBuf::from("out"));
    let output = output.as_path();
    let inputs = match convert_inputs(given, output, ndjson) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let files = match qingdan::batch::collect_skipping(&inputs, (!ndjson).then_some(output)) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("qingdan: {e}");
            return ExitCode::from(1);
        }
    };
    // One writer at a time per output folder; released when `_lock` drops.
    let _lock = if !ndjson && !check {
        match qingdan::batch::lock(output) {
            Ok((lock, note)) => {
                note.inspect(|n| eprintln!("qingdan: {n}"));
                Some(lock)
            }
            Err(e) => {
                eprintln!("qingdan: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        None
    };
    let mode = if ndjson {
        Mode::Ndjson
    } else if check {
        Mode::Check(output.to_path_buf())
    } else {
        Mode::Write(output.to_path_buf())
    };
    let bar = progress_bar(files.len());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = qingdan::batch::run_with_timeout(
        &files,
        &mode,
        threads,
        timeout,
        &mut out,
        |e| bar.suspend(|| eprintln!("qingdan: {e}")),
        |n| bar.set_position(n as u64),
    );
    bar.finish_and_clear();
    if let Err(e) = std::io::Write::flush(&mut out)
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("qingdan: cannot write output: {e}");
        return ExitCode::from(1);
    }
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("qingdan: {e}");
            return ExitCode::from(1);
        }
    };
    let stale = tell_report(&report, &mode, &rerun);
    let reviewed = fail_on.is_some_and(|s| report.review.at_least(s) > 0);
    if stale || reviewed || !report.errors.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The inputs of `convert`: those given, else `fixtures/` where it exists; never the output
/// folder itself. The exit code of a usage error otherwise.
fn convert_inputs(
    given: Vec<PathBuf>,
    output: &std::path::Path,
    ndjson: bool,
) -> Result<Vec<PathBuf>, ExitCode> {
    let inputs = if !given.is_empty() {
        given
    } else if std::path::Path::new("fixtures").is_dir() {
        vec![PathBuf::from("fixtures")]
    } else {
        eprintln!(
            "qingdan: no INPUT given and no fixtures/ folder here: name the files or folders to convert (qingdan convert INPUT… -o DIR, or --ndjson)"
        );
        return Err(ExitCode::from(2));
    };
    if !ndjson
        && let Ok(out) = std::fs::canonicalize(output)
        && inputs
            .iter()
            .any(|i| std::fs::canonicalize(i).is_ok_and(|i| i == out))
    {
        eprintln!(
            "qingdan: {}: the output folder is also an input folder; choose another with -o",
            output.display()
        );
        return Err(ExitCode::from(2));
    }
    Ok(inputs)
}

/// The command that brings a checked folder up to date: the same inputs and output.
fn rerun_command(given: &[PathBuf], output: Option<&std::path::Path>) -> String {
    let mut args: Vec<std::ffi::OsString> = vec!["qingdan".into(), "convert".into()];
    args.extend(given.iter().map(|p| p.clone().into_os_string()));
    if let Some(o) = output {
        args.extend(["-o".into(), o.as_os_str().to_owned()]);
    }
    shell_words(&args)
}

/// A progress bar only for a person watching a terminal; nothing in pipes and CI logs.
fn progress_bar(files: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} files {elapsed_precise} eta {eta}",
    ) {
        b.set_style(style);
    }
    b
}

/// What a batch did, on stderr: a checked folder's problems (and the command that brings it up
/// to date), outputs removed, the summary line. Returns whether a checked folder is stale.
fn tell_report(report: &qingdan::batch::Report, mode: &qingdan::batch::Mode, rerun: &str) -> bool {
    use qingdan::batch::Mode;
    let mut stale = false;
    match mode {
        Mode::Check(dir) => {
            for p in &report.problems {
                eprintln!("qingdan: {p}");
            }
            if !report.problems.is_empty() {
                eprintln!(
                    "qingdan: {} is not current: run `{rerun}` and review the diff",
                    dir.display()
                );
                stale = true;
            }
        }
        Mode::Write(dir) => {
            for r in &report.removed {
                eprintln!(
                    "qingdan: {}: removed (no input produces it any more)",
                    dir.join(r).display()
                );
            }
        }
        Mode::Ndjson => {}
    }
    // NDJSON keeps stderr for errors: a pipeline reads the verdicts from the documents.
    match mode {
        Mode::Write(dir) => eprintln!("qingdan: {} → {}", summary(report), dir.display()),
        Mode::Check(_) => eprintln!("qingdan: {}", summary(report)),
        Mode::Ndjson => {}
    }
    stale
}

/// The batch in one line: documents per review status, inputs that gave none counted as
/// failed ("2,812 ok, 31 check, 7 failed (2 not converted)").
fn summary(report: &qingdan::batch::Report) -> String {
    let r = &report.review;
    let refused = report.errors.len();
    let mut line = format!(
        "{} ok, {} check, {} failed",
        thousands(r.ok),
        thousands(r.check),
        thousands(r.failed + refused)
    );
    if refused > 0 {
        line.push_str(&format!(" ({} not converted)", thousands(refused)));
    }
    line
}

/// `2812` → `2,812`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
