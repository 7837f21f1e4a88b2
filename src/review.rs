//! The review verdict: whether a person should look at a document, and where.
//!
//! Derived from what the parser saw: the rows as they were handed out (numbering, target,
//! name, amounts) and the diagnostics. Every document gets one [`Review`], written last
//! (after `diagnostics`), so a streaming writer can build it while the rows go out.
//!
//! # Statuses
//!
//! - `failed`: the output misses a large or unknown part of the list. No services at all; a
//!   file cut inside a row (`truncated` warning or error); a list that announces its size and
//!   yields fewer than half of it; more than half of the rows named by a `check` reason about
//!   the row itself; any diagnostic of severity error.
//! - `check`: the output is probably complete but something was guessed, repaired or may be
//!   missing: numbering with a gap, a fall or an inferred number (a restart at 1 under a new
//!   section row is normal); a row without a target or a name (the list stage carries a name
//!   down only where a merged cell explains it, so an unexplained blank name is a missing one);
//!   lossy decoding; shifted, garbled or fused cells; text that went
//!   into no field (not a preamble between the list's title and header, nor the tasks reader's
//!   text around the list); a content or
//!   standard cell that reads like an amount (digits before 元, or a bare number in 服务标准 whose
//!   header gives no unit) from which no amount was read;
//!   an unresolved district; a second list in the file; fewer rows than the list (共28项) or
//!   a section row (二、照护服务类（8项）) announces;
//!   every other diagnostic of severity warning.
//! - `ok`: nothing of the above. Diagnostics of severity info are facts about a complete
//!   output and never make a reason: among them `truncated` info, a file that ends right after
//!   a whole row without a line break, which is what most whole lists at the end of a file
//!   look like too. `missing-title` names no row and changes no field, and `number-order` is
//!   replaced by the section-aware numbering check.

use crate::diag::{Code, Diagnostic, Severity};
use crate::span::Span;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// Whether a person should look at a document. Ordered: `ok` < `check` < `failed`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing to look at.
    #[default]
    Ok,
    /// Probably complete, but something was guessed, repaired or may be missing: look at the
    /// rows named.
    Check,
    /// A large or unknown part of the list is missing: do not use the document as it is.
    Failed,
}

impl Status {
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Check => "check",
            Status::Failed => "failed",
        }
    }

    /// Parses a contract name (`ok`, `check`, `failed`).
    pub fn parse(s: &str) -> Option<Status> {
        [Status::Ok, Status::Check, Status::Failed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The verdict on one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Review {
    /// `ok`, `check` or `failed`: the most severe of the reasons' statuses.
    pub status: Status,
    /// Why, most severe first; `[]` when the status is `ok`.
    pub reasons: Vec<Reason>,
}

/// One reason of a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Reason {
    /// What was seen: a diagnostic code (`truncated`, `shifted-cells`, `unused-text` …) or
    /// one of the review's own: `no-services`, `numbering`, `no-amount`, `short-list`,
    /// `most-rows-damaged`.
    pub code: String,
    /// What was seen and where, in words.
    pub message: String,
    /// The `seq` values of the rows concerned, ascending; `[]` when the reason concerns the
    /// document as a whole or text outside the rows.
    pub rows: Vec<u32>,
    /// Skipped in the output: the reason's own status (the verdict takes the highest).
    #[serde(skip)]
    #[schemars(skip)]
    pub status: Status,
}

/// What the reviewer is told about one row as it goes out.
#[derive(Debug, Clone, Default)]
pub struct RowFacts {
    /// The row's `seq` (its running position, which names it in reasons).
    pub seq: u32,
    /// The value of its printed number within its section, as read or inferred (3 for "（三）",
    /// 2 for "3-2"): what the numbering is checked with.
    pub number: u32,
    /// The section row it stands under, if the list has section rows.
    pub section: Option<String>,
    /// From the first to the last source byte of the row.
    pub span: Span,
    /// It has a 服务对象.
    pub target: bool,
    /// It has a 服务项目 name.
    pub name: bool,
    /// Cells (content, standard) that read like an amount but gave none, by role name.
    pub amounts_missed: Vec<&'static str>,
}

/// The size a list announces (一、物质帮助类（12项）, 共28项) and the rows found for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    /// What the list says, as written ("共28项").
    pub text: String,
    /// The number announced.
    pub size: usize,
    /// The rows found under it.
    pub found: usize,
}

/// Builds a [`Review`] from the rows as they are handed out and, at the end, the diagnostics.
#[derive(Debug, Default)]
pub struct Reviewer {
    /// Each row's span start, end and seq, in list order.
    spans: Vec<(usize, usize, u32)>,
    /// Rows per own-check code.
    own: BTreeMap<&'static str, Vec<u32>>,
    /// Numbering problems: (seq, what).
    numbering: Vec<(u32, String)>,
    /// Amount-like cells that gave no amount: (seq, role).
    amounts: Vec<(u32, &'static str)>,
    prev: Option<(u32, Option<String>)>,
    rows: usize,
    /// Each section row's heading and the rows found under it, in order.
    sections: Vec<(String, usize)>,
    /// Lines between the list's title and its header: unused text there is a preamble.
    preamble: Vec<Span>,
    /// Sizes the list announces for itself (共28项 in its title or preamble).
    announced: Vec<(String, usize)>,
    /// Unused text that the tasks reader reported (measures and 职责分工表 rows around the
    /// list): not text of the list.
    tasks_unused: Vec<Span>,
}

impl Reviewer {
    /// A reviewer that has seen no row.
    pub fn new() -> Reviewer {
        Reviewer::default()
    }

    /// Tells the reviewer the list's preamble (lines between its title and header): unused
    /// text there concerns no row.
    pub fn preamble(&mut self, preamble: &[Span]) {
        self.preamble = preamble.to_vec();
    }

    /// Tells the reviewer the unused text the tasks reader reported (work measures and
    /// 职责分工表 rows around the list): it concerns no row of the list.
    pub fn tasks_unused(&mut self, spans: Vec<Span>) {
        self.tasks_unused = spans;
    }

    /// Reads the size the list announces in its title or preamble, if `text` gives one.
    pub fn title(&mut self, text: &str) {
        if let Some((what, size)) = announced_size(text) {
            self.announced.push((what, size));
        }
    }

    /// Records one row, in list order.
    pub fn row(&mut self, r: RowFacts) {
        self.rows += 1;
        self.spans.push((r.span.start, r.span.end, r.seq));
        if let Some(s) = &r.section {
            match self.sections.last_mut() {
                Some((h, n)) if h == s => *n += 1,
                _ => self.sections.push((s.clone(), 1)),
            }
        }
        if !r.target {
            self.own.entry("missing-target").or_default().push(r.seq);
        }
        if !r.name {
            self.own.entry("missing-name").or_default().push(r.seq);
        }
        for role in &r.amounts_missed {
            self.amounts.push((r.seq, role));
        }
        let n = r.number;
        let problem = match &self.prev {
            None if n != 1 => Some(format!("the list starts at {n}")),
            None => None,
            Some((p, section)) => {
                let new_section = r.section.is_some() && *section != r.section;
                if n == p + 1 || new_section && n == 1 {
                    None
                } else if n == 1 && r.section.is_none() {
                    // No section rows to explain a restart: numbering may be per table
                    // (one table per page or category); not a loss by itself.
                    None
                } else if n > p + 1 {
                    Some(format!("{n} follows {p}: {} missing", gap(*p, n)))
                } else {
                    Some(format!("{n} follows {p}"))
                }
            }
        };
        if let Some(p) = problem {
            self.numbering.push((r.seq, p));
        }
        self.prev = Some((n, r.section));
    }

    /// The seq of the row that holds `at`, if any.
    fn row_at(&self, at: usize) -> Option<u32> {
        let i = self.spans.partition_point(|(s, _, _)| *s <= at);
        let (s, e, seq) = *self.spans.get(i.checked_sub(1)?)?;
        (s <= at && at < e.max(s + 1)).then_some(seq)
    }

    /// The verdict, from the rows seen, the diagnostics (sorted, with the 1-based line of each),
    /// whether the district was resolved, and the sizes the list announces.
    pub fn finish(
        self,
        diagnostics: &[(&Diagnostic, u32)],
        region_resolved: bool,
        announced: &[Announced],
    ) -> Review {
        let own = self.announced_sizes();
        let mut reasons: Vec<Reason> = Vec::new();
        if self.rows == 0 {
            reasons.push(reason(
                "no-services",
                Status::Failed,
                "the list has a header but no service rows under it".to_owned(),
                Vec::new(),
            ));
        }
        reasons.extend(self.diagnostic_reasons(diagnostics));
        self.own_reasons(&mut reasons);
        if !region_resolved && !reasons.iter().any(|r| r.code == "unresolved-region") {
            reasons.push(reason(
                "unresolved-region",
                Status::Check,
                "the district was not resolved to a GB/T 2260 code".to_owned(),
                Vec::new(),
            ));
        }
        reasons.extend(short_lists(announced.iter().chain(&own)));
        reasons.extend(self.most_rows_damaged(&reasons));
        reasons.sort_by(|a, b| b.status.cmp(&a.status).then_with(|| a.code.cmp(&b.code)));
        Review {
            status: reasons.iter().map(|r| r.status).max().unwrap_or_default(),
            reasons,
        }
    }

    /// The sizes the list's title and preamble announce (共28项), and each section row that
    /// announces its own (二、照护服务类（8项）), with the rows found for each.
    fn announced_sizes(&self) -> Vec<Announced> {
        let mut own: Vec<Announced> = self
            .announced
            .iter()
            .map(|(text, size)| Announced {
                text: text.clone(),
                size: *size,
                found: self.rows,
            })
            .collect();
        for (heading, found) in &self.sections {
            let heading = heading
                .split_once(". ")
                .map_or(heading.as_str(), |(_, h)| h);
            if let Some((_, size)) = announced_size(heading) {
                own.push(Announced {
                    text: heading.to_owned(),
                    size,
                    found: *found,
                });
            }
        }
        own
    }

    /// The diagnostics that weigh (unused text of the preamble and of a task table aside),
    /// one reason per code and status, naming its rows.
    fn diagnostic_reasons(&self, diagnostics: &[(&Diagnostic, u32)]) -> Vec<Reason> {
        let mut by_code: BTreeMap<(&'static str, Status), Vec<(&Diagnostic, u32)>> =
            BTreeMap::new();
        for &(d, line) in diagnostics {
            let in_preamble = self
                .preamble
                .iter()
                .any(|p| p.start <= d.span.start && d.span.end <= p.end);
            let of_tasks = self.tasks_unused.contains(&d.span);
            if d.code == Code::UnusedText && (in_preamble || of_tasks) {
                continue;
            }
            if let Some((code, status)) = weigh(d) {
                by_code.entry((code, status)).or_default().push((d, line));
            }
        }
        let mut reasons = Vec::new();
        for ((code, status), ds) in by_code {
            let mut rows: Vec<u32> = ds
                .iter()
                .filter_map(|(d, _)| self.row_at(d.span.start))
                .collect();
            let own = match code {
                "missing-target" | "missing-name" => self.own.get(code).cloned(),
                _ => None,
            };
            rows.extend(own.into_iter().flatten());
            rows.sort_unstable();
            rows.dedup();
            let (first, line) = ds[0];
            let mut message = format!("line {line}: {}", first.message);
            if ds.len() > 1 {
                message.push_str(&format!(" (and {} more like it)", ds.len() - 1));
            }
            reasons.push(reason(code, status, message, rows));
        }
        reasons
    }

    /// The reviewer's own checks: rows without a target or name not already reported by a
    /// diagnostic of the same code, numbering, cells that read like an amount but gave none.
    fn own_reasons(&self, reasons: &mut Vec<Reason>) {
        for (code, rows) in &self.own {
            if reasons.iter().any(|r| r.code == *code) {
                continue;
            }
            let what = if *code == "missing-target" {
                "服务对象"
            } else {
                "服务项目 name"
            };
            reasons.push(reason(
                code,
                Status::Check,
                format!("{} row(s) without a {what}", rows.len()),
                rows.clone(),
            ));
        }
        if !self.numbering.is_empty() {
            let rows = sorted(self.numbering.iter().map(|(s, _)| *s));
            let list: Vec<&str> = self
                .numbering
                .iter()
                .map(|(_, m)| m.as_str())
                .take(5)
                .collect();
            let more = self.numbering.len().saturating_sub(5);
            let mut message = format!(
                "numbering is not complete and in order: {}",
                list.join("; ")
            );
            if more > 0 {
                message.push_str(&format!(" (and {more} more)"));
            }
            reasons.push(reason("numbering", Status::Check, message, rows));
        }
        if !self.amounts.is_empty() {
            let rows = sorted(self.amounts.iter().map(|(s, _)| *s));
            reasons.push(reason(
                "no-amount",
                Status::Check,
                format!(
                    "{} cell(s) read like an amount (digits before 元, or a bare number in 服务标准 with no unit in its header) but gave none: check their quantities",
                    self.amounts.len()
                ),
                rows,
            ));
        }
    }

    /// More than half of the rows named by reasons about the rows themselves.
    fn most_rows_damaged(&self, reasons: &[Reason]) -> Option<Reason> {
        if self.rows == 0 {
            return None;
        }
        let damaged: std::collections::BTreeSet<u32> = reasons
            .iter()
            .filter(|r| ROW_DAMAGE.contains(&r.code.as_str()))
            .flat_map(|r| r.rows.iter().copied())
            .collect();
        (damaged.len() * 2 > self.rows).then(|| {
            reason(
                "most-rows-damaged",
                Status::Failed,
                format!(
                    "{} of {} rows are missing a name or target, or have shifted or garbled cells",
                    damaged.len(),
                    self.rows
                ),
                damaged.into_iter().collect(),
            )
        })
    }
}

/// A `short-list` reason for each announced size the rows found fall short of: `failed` below
/// half of it.
fn short_lists<'a>(announced: impl Iterator<Item = &'a Announced>) -> Vec<Reason> {
    announced
        .filter(|a| a.found < a.size)
        .map(|a| {
            let status = if a.found * 2 < a.size {
                Status::Failed
            } else {
                Status::Check
            };
            reason(
                "short-list",
                status,
                format!(
                    "the list announces {} ({}) and {} row(s) were found",
                    a.size, a.text, a.found
                ),
                Vec::new(),
            )
        })
        .collect()
}

/// Digits before 元 (12元, 1.2万元, 1,000 元).
static AMOUNT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"[0-9][0-9.,]*\s*[万千百]?\s*元").expect("amount pattern compiles")
});

/// Whether a cell's normalized text reads like it holds an amount of money.
pub fn reads_like_amount(norm: &str) -> bool {
    norm.contains('元') && AMOUNT.is_match(norm)
}

/// A size a list announces: 共28项, （12项）, （共12项）, 共二十八项.
static ANNOUNCED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:共\s*(?P<a>[0-9]+|[一二三四五六七八九十百两]+)\s*(?:项|个项目)|[（(]\s*(?P<b>[0-9]+|[一二三四五六七八九十百两]+)\s*项\s*[）)])")
        .expect("announced size pattern compiles")
});

/// The size `text` announces for a list or a section, with the words that say so.
pub fn announced_size(text: &str) -> Option<(String, usize)> {
    if !text.contains('项') {
        return None;
    }
    let c = ANNOUNCED.captures(text)?;
    let n = c.name("a").or_else(|| c.name("b"))?.as_str();
    let size = match n.parse::<usize>() {
        Ok(v) => v,
        Err(_) => crate::numeral::parse(n)? as usize,
    };
    let what = c.get(0)?.as_str().to_owned();
    (size > 0).then_some((what, size))
}

/// Reasons about a row's own cells, for `most-rows-damaged`.
const ROW_DAMAGE: &[&str] = &[
    "missing-target",
    "missing-name",
    "shifted-cells",
    "cell-count",
    "garbled-cell",
];

fn reason(code: &str, status: Status, message: String, rows: Vec<u32>) -> Reason {
    Reason {
        code: code.to_owned(),
        message,
        rows,
        status,
    }
}

fn sorted(it: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut v: Vec<u32> = it.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// "5–7" or "5" for the numbers between `p` and `n`.
fn gap(p: u32, n: u32) -> String {
    if n == p + 2 {
        format!("{}", p + 1)
    } else {
        format!("{}–{}", p + 1, n - 1)
    }
}

/// The reason code and status a diagnostic makes, if any. Info is a fact about a complete
/// output (no reason) except for `truncated`; warning is `check`; error is `failed`.
fn weigh(d: &Diagnostic) -> Option<(&'static str, Status)> {
    let by_severity = match d.severity {
        Severity::Info => None,
        Severity::Warning => Some(Status::Check),
        Severity::Error => Some(Status::Failed),
    };
    let status = match d.code {
        // Rows after a whole last row may have been cut off; inside a row, they were.
        // Inside a row: rows were cut off. Info (the file ends right after a whole row without
        // a line break) describes most whole lists that end a file too: no reason by itself.
        // Part of a page could not be decoded: the rows in it are missing or garbled.
        Code::Truncated | Code::Damaged => match d.severity {
            Severity::Info => None,
            _ => Some(Status::Failed),
        },
        // No row and no field depends on them; the numbering check is section-aware.
        Code::MissingTitle | Code::NumberOrder => None,
        _ => by_severity,
    }?;
    Some((d.code.as_str(), status))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row at position `at` (0-based) whose printed number is `number`.
    fn row(number: u32, section: Option<&str>, at: usize) -> RowFacts {
        RowFacts {
            seq: u32::try_from(at + 1).unwrap(),
            number,
            section: section.map(str::to_owned),
            span: Span::new(at * 10, at * 10 + 9),
            target: true,
            name: true,
            amounts_missed: Vec::new(),
        }
    }

    fn codes(r: &Review) -> Vec<(&str, Status, Vec<u32>)> {
        r.reasons
            .iter()
            .map(|x| (x.code.as_str(), x.status, x.rows.clone()))
            .collect()
    }

    #[test]
    fn numbering_restarts_under_sections_are_normal() {
        let mut r = Reviewer::new();
        for (i, (s, sec)) in [(1, "甲"), (2, "甲"), (1, "乙"), (2, "乙"), (3, "乙")]
            .into_iter()
            .enumerate()
        {
            r.row(row(s, Some(sec), i));
        }
        let v = r.finish(&[], true, &[]);
        assert_eq!(v.status, Status::Ok, "{v:?}");
        assert!(v.reasons.is_empty());
    }

    #[test]
    fn gaps_falls_and_a_restart_within_a_section_are_reasons() {
        let mut r = Reviewer::new();
        for (i, (s, sec)) in [(1, "甲"), (2, "甲"), (4, "甲"), (3, "甲"), (1, "甲")]
            .into_iter()
            .enumerate()
        {
            r.row(row(s, Some(sec), i));
        }
        let v = r.finish(&[], true, &[]);
        assert_eq!(v.status, Status::Check);
        // Reasons name rows by position: the 4th, 3rd and 1st printed sit 3rd, 4th and 5th.
        assert_eq!(codes(&v), vec![("numbering", Status::Check, vec![3, 4, 5])]);
        assert!(
            v.reasons[0].message.contains("4 follows 2: 3 missing"),
            "{v:?}"
        );
    }

    #[test]
    fn diagnostics_name_their_rows_and_weigh_by_severity() {
        let mut r = Reviewer::new();
        for i in 0..4 {
            r.row(row(i + 1, None, i as usize));
        }
        let shifted = Diagnostic {
            severity: Severity::Warning,
            code: Code::ShiftedCells,
            span: Span::new(21, 22),
            message: "moved back".into(),
        };
        let cut = Diagnostic {
            severity: Severity::Warning,
            code: Code::Truncated,
            span: Span::new(30, 39),
            message: "cut".into(),
        };
        let joined = Diagnostic {
            severity: Severity::Info,
            code: Code::JoinedTarget,
            span: Span::new(0, 3),
            message: "joined".into(),
        };
        let v = r.finish(&[(&shifted, 3), (&cut, 4), (&joined, 1)], true, &[]);
        assert_eq!(v.status, Status::Failed);
        assert_eq!(
            codes(&v),
            vec![
                ("truncated", Status::Failed, vec![4]),
                ("shifted-cells", Status::Check, vec![3]),
            ]
        );
        assert_eq!(v.reasons[1].message, "line 3: moved back");
    }

    #[test]
    fn no_rows_and_short_lists_fail() {
        let v = Reviewer::new().finish(&[], true, &[]);
        assert_eq!(codes(&v), vec![("no-services", Status::Failed, vec![])]);
        let mut r = Reviewer::new();
        for i in 0..5 {
            r.row(row(i + 1, None, i as usize));
        }
        let short = |size| Announced {
            text: format!("共{size}项"),
            size,
            found: 5,
        };
        let v = r.finish(&[], false, &[short(5), short(8), short(12)]);
        assert_eq!(
            codes(&v),
            vec![
                ("short-list", Status::Failed, vec![]),
                ("short-list", Status::Check, vec![]),
                ("unresolved-region", Status::Check, vec![]),
            ]
        );
    }

    #[test]
    fn announced_sizes() {
        assert_eq!(
            announced_size("一、物质帮助类（12项）"),
            Some(("（12项）".to_owned(), 12))
        );
        assert_eq!(
            announced_size("XX区基本养老服务清单（共二十八项）"),
            Some(("共二十八项".to_owned(), 28))
        );
        assert_eq!(announced_size("服务项目"), None);
        let mut r = Reviewer::new();
        r.title("甲区基本养老服务清单（共3项）");
        r.row(row(1, None, 0));
        let v = r.finish(&[], true, &[]);
        assert_eq!(codes(&v), vec![("short-list", Status::Failed, vec![])]);
        assert!(
            v.reasons[0]
                .message
                .contains("announces 3 (共3项) and 1 row"),
            "{v:?}"
        );
    }

    #[test]
    fn rows_without_name_or_target_and_most_rows_damaged() {
        let mut r = Reviewer::new();
        for i in 0..4u32 {
            let mut f = row(i + 1, None, i as usize);
            f.name = i == 0;
            f.target = i != 1;
            r.row(f);
        }
        let v = r.finish(&[], true, &[]);
        assert_eq!(
            codes(&v),
            vec![
                ("most-rows-damaged", Status::Failed, vec![2, 3, 4]),
                ("missing-name", Status::Check, vec![2, 3, 4]),
                ("missing-target", Status::Check, vec![2]),
            ]
        );
    }
}
