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

/// Other projects' cases for numerals, money and ages (`../shared/peer`).
mod peer;

/// Variant fixtures (encodings, spaces, furniture, numerals, other layout) give the seed's answers.
mod variants;

/// Renderings of each list into docx, HTML, CSV, xlsx and Markdown give its answers.
mod formats;

/// Properties over generated and damaged input (proptest).
mod properties;

/// Damaged input never panics and always gives valid JSON or a clean error.
mod robustness;

/// Texts PDF extractors made: `pdftotext -layout` rebuilt, the others rebuilt or refused.
mod extracted;
