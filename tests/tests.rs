//! The integration suite, one binary.

/// Shared helpers: fixture paths, running a parse.
mod util;

/// One insta snapshot per fixture, after checking the output's invariants.
mod snapshots;

/// The hand-written answer keys in `tests/gold/`, field by field.
mod gold;

/// Every output validates against the generated JSON Schema.
mod schema;

/// The command line: exit codes, stderr lines, batch behaviour, `--check`.
mod cli;

/// The review verdict: statuses, reasons naming rows, index counts, `convert --fail-on`.
mod review;

/// Other projects' cases for numerals, money and ages (`tests/peer`).
mod peer;

/// Variant fixtures (encodings, spaces, furniture, numerals, other layout) give the seed's answers.
mod variants;

/// Renderings of each list into docx, HTML, CSV, xlsx and Markdown give its answers.
mod formats;

/// Regression cases named after their issues.
mod regression;

/// Properties over generated and damaged input (proptest).
mod properties;

/// Damaged input never panics and always gives valid JSON or a clean error.
mod robustness;

/// Fault injection over every format: no damaged copy loses rows silently.
mod faults;

/// Canonical items and groups against the hand-written keys (`tests/canonical/`).
mod canonical;

/// `eligible` profiles against hand-written expectations.
mod eligible;

/// `diff` on edited copies of a fixture's JSON.
mod diff;

/// `compare`: the matrix against the documents; the HTML page in headless Chromium.
mod compare;

/// PDFs read directly give their lists' rows; damaged ones never panic.
mod pdf;

/// Texts PDF extractors made: `pdftotext -layout` rebuilt, the others rebuilt or refused.
mod extracted;

/// Lists of new shapes (multi-row headers, section numbering, two-line titles) in every rendering,
/// scored against their keys.
mod shapes;

/// The import graph follows the stages without a circle.
mod architecture;

/// `docs/FORMAT.md` names every field and enumerated value of `out/schema.json`.
mod docs;

/// Every `$ qingdan …` example in the README prints what the command prints today.
mod readme;
