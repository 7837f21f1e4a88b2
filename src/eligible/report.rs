//! The answer as a table on a terminal, and the words the report uses for groups.

use super::*;

/// A readable table of answers, for a terminal.
pub fn table(answers: &[Answer]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for a in answers {
        let _ = writeln!(
            out,
            "{} ({}) — {}",
            a.region.label(),
            a.region.adcode.as_deref().unwrap_or("?"),
            a.file
        );
        if a.services.is_empty() {
            out.push_str("  (nothing)\n");
        }
        for e in &a.services {
            service_lines(e, &mut out);
        }
        total_lines(&a.total, &mut out);
    }
    out
}

/// A service: its status, 序号, name, item and amounts (`?` before an amount that may not
/// apply), then its conditions as a tree.
fn service_lines(e: &Entitlement, out: &mut String) {
    use std::fmt::Write as _;
    let amounts: Vec<String> = e
        .amounts
        .iter()
        .map(|x| {
            let m = &x.money;
            let tied = if x.tied_to.is_empty() {
                String::new()
            } else {
                format!("{}: ", x.tied_to.join(" "))
            };
            let mark = match (x.counted, x.applies) {
                (true, _) => "",
                (false, Status::Unknown) => "?",
                (false, _) => "",
            };
            format!("{mark}{tied}{}", m.label())
        })
        .collect();
    let _ = writeln!(
        out,
        "  {:<5} #{:<3} {} [{}]{}",
        e.status,
        e.seq,
        e.name,
        e.item,
        if amounts.is_empty() {
            String::new()
        } else {
            format!("  {}", amounts.join("; "))
        }
    );
    tree_lines(&e.conditions, 10, true, out);
}

/// The month's total with the amounts counted, then the other kinds of amount.
fn total_lines(t: &Total, out: &mut String) {
    use std::fmt::Write as _;
    let _ = writeln!(
        out,
        "  total per month: {}元{}",
        num(t.monthly),
        if t.counted.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                t.counted
                    .iter()
                    .map(|l| format!("#{} {}", l.seq, l.label))
                    .collect::<Vec<_>>()
                    .join(" + ")
            )
        }
    );
    for (what, lines) in [
        ("one-off", &t.one_off),
        ("services", &t.in_kind),
        ("per use", &t.per_use),
        ("not settled", &t.open),
    ] {
        if !lines.is_empty() {
            let _ = writeln!(
                out,
                "  {what}: {}",
                lines
                    .iter()
                    .map(|l| format!("#{} {}", l.seq, l.label))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
    }
}

pub(super) fn tree_lines(t: &Tree, indent: usize, root: bool, out: &mut String) {
    use std::fmt::Write as _;
    let mark = |s: Status| match s {
        Status::Met => "✓",
        Status::NotMet => "✗",
        Status::Unknown => "?",
    };
    match t {
        Tree::All { all: v, status } | Tree::Any { any: v, status } => {
            let next = if root {
                indent
            } else {
                let word = if matches!(t, Tree::All { .. }) {
                    "all of"
                } else {
                    "any of"
                };
                let _ = writeln!(out, "{:indent$}{} {word}", "", mark(*status));
                indent + 2
            };
            for c in v {
                tree_lines(c, next, false, out);
            }
        }
        Tree::Leaf(c) => {
            // The JSON keeps the whole text; a terminal gets its first 40 characters.
            let text = crate::normalize::clip(&c.text, 40);
            let _ = writeln!(
                out,
                "{:indent$}{} {}{} — {} L{} {text}",
                "",
                mark(c.status),
                c.condition,
                c.note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default(),
                c.cell,
                c.line,
            );
        }
    }
}

/// A short Chinese word for a group code (`!minimum-living` → 非低保), for labels.
pub fn group_word(code: &str) -> String {
    let (neg, c) = match code.strip_prefix('!') {
        Some(c) => ("非", c),
        None => ("", code),
    };
    let w = match c {
        "minimum-living" => "低保",
        "destitute" => "特困",
        "low-income" => "经济困难",
        "special-hardship" => "特殊困难",
        "family-planning" => "计生特殊家庭",
        "merit" => "优抚",
        "living-alone" => "独居",
        "empty-nest" => "空巢",
        "left-behind" => "留守",
        "vagrant" => "流浪乞讨",
        "pension-age" => "退休",
        "disabled-care" => "失能",
        "disability" => "残疾",
        other => other,
    };
    format!("{neg}{w}")
}
