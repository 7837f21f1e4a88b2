//! The `qingdan` command line: parse, convert, convert --check.

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
        /// Worker threads (default: one per core). Output is the same for any number.
        #[arg(short = 'j', long)]
        threads: Option<usize>,
    },
    /// Print the numeric standards of TEXT (or of each stdin line) as JSON Lines.
    Quantities {
        /// The text; without it, every line of standard input.
        text: Option<String>,
    },
    /// Print the JSON Schema of the canonical document.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse {
            file,
            debug: Some(stage),
        } => debug(&file, stage),
        Command::Parse { file, debug: None } => match parse(&file) {
            Ok(doc) => emit_stdout(&qingdan::to_canonical(&doc)),
            Err(e) => {
                eprintln!("qingdan: {e}");
                ExitCode::from(1)
            }
        },
        Command::Convert {
            inputs,
            output,
            check,
            ndjson,
            threads,
        } => convert(
            inputs,
            &output.unwrap_or_else(|| PathBuf::from("out")),
            check,
            ndjson,
            threads,
        ),
        Command::Quantities { text } => quantities(text),
        Command::Schema => emit_stdout(&qingdan::emit::schema()),
    }
}

/// `-` is standard input, known as `<stdin>` in `source.file` and messages.
fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

fn parse(file: &std::path::Path) -> Result<qingdan::emit::Output, qingdan::Error> {
    if is_stdin(file) {
        let bytes = read_input(file).map_err(|source| qingdan::Error::Io {
            file: qingdan::batch::STDIN.to_owned(),
            source,
        })?;
        qingdan::parse_bytes(qingdan::batch::STDIN, &bytes)
    } else {
        qingdan::parse_file(file)
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

/// Prints one stage of `file` with 1-based source lines, for finding why a row went wrong.
fn debug(file: &std::path::Path, stage: Stage) -> ExitCode {
    use qingdan::grammar::Item;
    use std::fmt::Write as _;
    let bytes = match read_input(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("qingdan: {}: cannot read: {e}", file.display());
            return ExitCode::from(1);
        }
    };
    let name = file.display().to_string();
    let input = match qingdan::read_input(&name, &bytes) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("qingdan: {e}");
            return ExitCode::from(1);
        }
    };
    let text = input.view.text.as_str();
    let index = qingdan::span::LineIndex::new(text);
    let lines = |s: qingdan::span::Span| {
        let [a, b] = index.lines(s);
        if a == b {
            format!("L{a}")
        } else {
            format!("L{a}-{b}")
        }
    };
    // The same pipeline as `parse`: the list, and the items of the layout that found it.
    let mut diags = qingdan::diag::Diagnostics::new();
    let found = qingdan::find_list(&input, &mut diags);
    let items = match &found {
        Some(f) => f.items.clone(),
        None if input.format == qingdan::table::Format::Text => {
            qingdan::grammar::parse(text, qingdan::layout::detect(text))
        }
        None => input.view.items.clone(),
    };
    let layout = found.as_ref().map_or("none", |f| f.list.layout.as_str());
    let mut out = format!(
        "# {} {} {} {}\n",
        file.display(),
        input.format.as_str(),
        input.encoding,
        layout
    );
    match stage {
        Stage::Items => {
            for item in &items {
                let _ = match item {
                    Item::Row { cells, line } => writeln!(
                        out,
                        "{:<9} row  {}",
                        lines(*line),
                        cells
                            .iter()
                            .map(|c| qingdan::normalize::text(&c.raw(text)))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ),
                    Item::Cell(c) => writeln!(
                        out,
                        "{:<9} cell {}",
                        lines(c.span()),
                        qingdan::normalize::text(&c.raw(text))
                    ),
                    Item::Text(s) => writeln!(
                        out,
                        "{:<9} text {}",
                        lines(*s),
                        qingdan::normalize::text(qingdan::span::slice(text, *s))
                    ),
                    Item::Furniture(s) => writeln!(
                        out,
                        "{:<9} page {}",
                        lines(*s),
                        qingdan::span::slice(text, *s).trim()
                    ),
                };
            }
        }
        Stage::Rows | Stage::Quantities => {
            let Some(qingdan::Found { list, .. }) = found else {
                eprintln!("qingdan: {}: no service list found", file.display());
                return ExitCode::from(1);
            };
            let _ = writeln!(out, "# title {:?}", list.title.as_ref().map(|t| &t.0));
            for r in &list.rows {
                let _ = writeln!(
                    out,
                    "{:<9} #{} {} | {} | {} | {}",
                    lines(r.span),
                    r.seq,
                    r.target.as_deref().unwrap_or("∅"),
                    r.name.as_deref().unwrap_or("∅"),
                    r.types.join("、"),
                    r.departments.join("、")
                );
                if matches!(stage, Stage::Quantities) {
                    for field in [&r.content, &r.standard, &r.funding].into_iter().flatten() {
                        for q in qingdan::quantities_of(field) {
                            let _ = writeln!(
                                out,
                                "          {}",
                                serde_json::to_string(&q).unwrap_or_default()
                            );
                        }
                    }
                }
            }
            for d in diags.into_sorted() {
                let _ = writeln!(
                    out,
                    "{:<9} {}[{}] {}",
                    lines(d.span),
                    format!("{:?}", d.severity).to_lowercase(),
                    d.code,
                    d.message
                );
            }
        }
    }
    emit_stdout(&out)
}

/// One `{"text":…, "quantities":[…]}` line per input line.
fn quantities(text: Option<String>) -> ExitCode {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        text: &'a str,
        quantities: Vec<qingdan::emit::Quantity>,
    }
    let line = |t: &str| -> String {
        let mut s = serde_json::to_string(&Line {
            text: t,
            quantities: qingdan::quantities_of(t),
        })
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        s.push('\n');
        s
    };
    match text {
        Some(t) => emit_stdout(&line(&t)),
        None => {
            use std::io::BufRead;
            let stdin = std::io::stdin().lock();
            for l in stdin.split(b'\n') {
                let bytes = match l {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("qingdan: cannot read standard input: {e}");
                        return ExitCode::from(1);
                    }
                };
                let t = String::from_utf8_lossy(&bytes);
                let t = t.strip_suffix('\r').unwrap_or(&t);
                let code = emit_stdout(&line(t));
                if code != ExitCode::SUCCESS {
                    return code;
                }
            }
            ExitCode::SUCCESS
        }
    }
}

fn convert(
    inputs: Vec<PathBuf>,
    output: &std::path::Path,
    check: bool,
    ndjson: bool,
    threads: Option<usize>,
) -> ExitCode {
    use qingdan::batch::Mode;
    use std::io::IsTerminal;
    let inputs = if !inputs.is_empty() {
        inputs
    } else if std::path::Path::new("fixtures").is_dir() {
        vec![PathBuf::from("fixtures")]
    } else {
        eprintln!(
            "qingdan: no INPUT given and no fixtures/ folder here: name the files or folders to convert (qingdan convert INPUT… -o DIR, or --ndjson)"
        );
        return ExitCode::from(2);
    };
    if !ndjson {
        if let Ok(out) = std::fs::canonicalize(output) {
            if inputs
                .iter()
                .any(|i| std::fs::canonicalize(i).is_ok_and(|i| i == out))
            {
                eprintln!(
                    "qingdan: {}: the output folder is also an input folder; choose another with -o",
                    output.display()
                );
                return ExitCode::from(2);
            }
        }
    }
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
                if let Some(n) = note {
                    eprintln!("qingdan: {n}");
                }
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
    // A progress bar only for a person watching a terminal; nothing in pipes and CI logs.
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files {elapsed_precise} eta {eta}",
        ) {
            b.set_style(style);
        }
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = qingdan::batch::run(
        &files,
        &mode,
        threads,
        &mut out,
        |e| bar.suspend(|| eprintln!("qingdan: {e}")),
        |n| bar.set_position(n as u64),
    );
    bar.finish_and_clear();
    if let Err(e) = std::io::Write::flush(&mut out) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("qingdan: cannot write output: {e}");
            return ExitCode::from(1);
        }
    }
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("qingdan: {e}");
            return ExitCode::from(1);
        }
    };
    match &mode {
        Mode::Check(dir) => {
            for p in &report.problems {
                eprintln!("qingdan: {p}");
            }
            if !report.problems.is_empty() {
                eprintln!(
                    "qingdan: {} is not current: run `qingdan convert` and review the diff",
                    dir.display()
                );
                return ExitCode::from(1);
            }
        }
        Mode::Write(dir) => {
            for r in &report.removed {
                eprintln!(
                    "qingdan: {}: removed (no input produces it any more)",
                    dir.join(r).display()
                );
            }
            eprintln!(
                "qingdan: {} converted, {} failed → {}",
                report.converted,
                report.errors.len(),
                dir.display()
            );
        }
        Mode::Ndjson => {}
    }
    if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
