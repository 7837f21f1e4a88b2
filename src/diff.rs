//! `qingdan diff OLD NEW`: what changed between two versions of a district's list.
//!
//! Services are matched by canonical item and target (the item code, bundle parts, target groups
//! and target age), never by `seq`, which moves when rows are added. Where several services
//! share a key (two 高龄津贴 rows split by 低保 status), equal names and contents pair first, then
//! the rest in order. A matched pair is compared field by field: name, target, content,
//! standard, types, departments, funding and the multiset of money amounts; line numbers and
//! `seq` alone are not changes. Every reported service carries its lines on both sides.

use crate::canonical::flat_codes;
use crate::canonical::view::{Doc, Svc};
use serde::Serialize;
use std::fmt::Write as _;

/// What changed.
#[derive(Debug, Default, Serialize)]
pub struct Diff {
    /// Always `qingdan-diff/1`.
    pub schema: &'static str,
    /// The old file.
    pub old: String,
    /// The new file.
    pub new: String,
    /// Region changes, as `old → new` text.
    pub region: Option<[String; 2]>,
    /// Services only in the new list.
    pub added: Vec<Side>,
    /// Services only in the old list.
    pub removed: Vec<Side>,
    /// Services in both, with differences.
    pub changed: Vec<Change>,
}

impl Diff {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.region.is_none()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

/// A service on one side.
#[derive(Debug, Serialize)]
pub struct Side {
    /// 序号.
    pub seq: u32,
    /// Name.
    pub name: String,
    /// Canonical item code.
    pub item: String,
    /// Target text.
    pub target: Option<String>,
    /// First and last source lines.
    pub lines: [u32; 2],
}

/// A service in both lists that differs.
#[derive(Debug, Serialize)]
pub struct Change {
    /// Canonical item code.
    pub item: String,
    /// The old service.
    pub old: Side,
    /// The new service.
    pub new: Side,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// One field's change.
#[derive(Debug, Serialize)]
pub struct FieldChange {
    /// `name`, `target`, `content`, `standard`, `types`, `departments`, `funding`, `amounts`.
    pub field: &'static str,
    /// Old value (lists joined with 、; amounts as "80–89: 920元/年 L147").
    pub old: String,
    /// New value.
    pub new: String,
    /// For lists: entries only in the old value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// For lists: entries only in the new value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
}

fn side(s: &Svc) -> Side {
    Side {
        seq: s.seq,
        name: s.name.clone(),
        item: s.item.code.clone(),
        target: s.target.clone(),
        lines: s.lines,
    }
}

/// The matching key of a service: item, parts, groups and target age.
fn key(s: &Svc) -> String {
    let parts: Vec<&str> = s.items.iter().map(|i| i.code.as_str()).collect();
    let item = if s.item.code == "other" || s.item.code == "measure" {
        format!("{}:{}", s.item.code, s.name)
    } else {
        s.item.code.clone()
    };
    format!(
        "{item}|{}|{}|{}",
        parts.join(","),
        flat_codes(&s.groups).join(","),
        s.target_age.map(|a| a.label()).unwrap_or_default()
    )
}

fn amounts(s: &Svc) -> Vec<String> {
    let mut v: Vec<String> = s
        .money
        .iter()
        .map(|m| {
            let age = m
                .age
                .map(|a| format!("{}: ", a.label()))
                .unwrap_or_default();
            format!("{age}{}", m.label())
        })
        .collect();
    v.sort();
    v
}

fn list_change(field: &'static str, old: &[String], new: &[String]) -> Option<FieldChange> {
    let mut a: Vec<&String> = old.iter().collect();
    let mut b: Vec<&String> = new.iter().collect();
    a.sort();
    b.sort();
    if a == b {
        return None;
    }
    // Multiset differences.
    let mut removed = Vec::new();
    let mut rest: Vec<&String> = b.clone();
    for x in &a {
        if let Some(i) = rest.iter().position(|y| y == x) {
            rest.remove(i);
        } else {
            removed.push((*x).clone());
        }
    }
    Some(FieldChange {
        field,
        old: old.join("、"),
        new: new.join("、"),
        removed,
        added: rest.into_iter().cloned().collect(),
    })
}

fn compare(o: &Svc, n: &Svc) -> Vec<FieldChange> {
    let mut f = Vec::new();
    let text = |field: &'static str, a: Option<&str>, b: Option<&str>, f: &mut Vec<FieldChange>| {
        if a != b {
            f.push(FieldChange {
                field,
                old: a.unwrap_or("").to_owned(),
                new: b.unwrap_or("").to_owned(),
                removed: Vec::new(),
                added: Vec::new(),
            });
        }
    };
    text("name", Some(&o.name), Some(&n.name), &mut f);
    text("target", o.target.as_deref(), n.target.as_deref(), &mut f);
    text(
        "content",
        o.content.as_deref(),
        n.content.as_deref(),
        &mut f,
    );
    text(
        "standard",
        o.standard.as_deref(),
        n.standard.as_deref(),
        &mut f,
    );
    f.extend(list_change("types", &o.types, &n.types));
    f.extend(list_change("departments", &o.departments, &n.departments));
    text(
        "funding",
        o.funding.as_deref(),
        n.funding.as_deref(),
        &mut f,
    );
    f.extend(list_change("amounts", &amounts(o), &amounts(n)));
    f
}

/// The differences between two documents.
pub fn diff(old: &Doc, new: &Doc) -> Diff {
    let mut d = Diff {
        schema: "qingdan-diff/1",
        old: old.path.clone(),
        new: new.path.clone(),
        ..Diff::default()
    };
    if old.region != new.region {
        d.region = Some([old.region.label(), new.region.label()]);
    }
    let mut unmatched_new: Vec<&Svc> = new.services.iter().collect();
    let mut pairs: Vec<(&Svc, &Svc)> = Vec::new();
    let mut unmatched_old: Vec<&Svc> = Vec::new();
    // Pass 1: same key and same name and content; pass 2: same key, in order.
    let mut rest_old: Vec<&Svc> = Vec::new();
    for o in &old.services {
        let k = key(o);
        if let Some(i) = unmatched_new
            .iter()
            .position(|n| key(n) == k && n.name == o.name && n.content == o.content)
        {
            pairs.push((o, unmatched_new.remove(i)));
        } else {
            rest_old.push(o);
        }
    }
    for o in rest_old {
        let k = key(o);
        if let Some(i) = unmatched_new.iter().position(|n| key(n) == k) {
            pairs.push((o, unmatched_new.remove(i)));
        } else {
            unmatched_old.push(o);
        }
    }
    // Pass 3: an unmatched old and new service of the same item whose target changed.
    let mut still_old = Vec::new();
    for o in unmatched_old {
        if let Some(i) = unmatched_new
            .iter()
            .position(|n| n.item.code == o.item.code && n.name == o.name)
        {
            pairs.push((o, unmatched_new.remove(i)));
        } else {
            still_old.push(o);
        }
    }
    pairs.sort_by_key(|(o, _)| o.seq);
    for (o, n) in pairs {
        let fields = compare(o, n);
        if !fields.is_empty() {
            d.changed.push(Change {
                item: o.item.code.clone(),
                old: side(o),
                new: side(n),
                fields,
            });
        }
    }
    d.removed = still_old.into_iter().map(side).collect();
    d.added = unmatched_new.into_iter().map(side).collect();
    d
}

/// The diff as text, like a review: `- removed`, `+ added`, `~ changed` with fields; nothing at
/// all when the documents are equal (like `diff`).
pub fn text(d: &Diff) -> String {
    let mut out = String::new();
    if d.is_empty() {
        return out;
    }
    let _ = writeln!(out, "--- {}\n+++ {}", d.old, d.new);
    if let Some([a, b]) = &d.region {
        let _ = writeln!(out, "~ region: {a} → {b}");
    }
    let lines = |l: [u32; 2]| {
        if l[0] == l[1] {
            format!("L{}", l[0])
        } else {
            format!("L{}-{}", l[0], l[1])
        }
    };
    for s in &d.removed {
        let _ = writeln!(
            out,
            "- #{} {} [{}] {} (old {})",
            s.seq,
            s.name,
            s.item,
            s.target.as_deref().unwrap_or(""),
            lines(s.lines)
        );
    }
    for s in &d.added {
        let _ = writeln!(
            out,
            "+ #{} {} [{}] {} (new {})",
            s.seq,
            s.name,
            s.item,
            s.target.as_deref().unwrap_or(""),
            lines(s.lines)
        );
    }
    for c in &d.changed {
        let _ = writeln!(
            out,
            "~ #{} → #{} {} [{}] (old {}, new {})",
            c.old.seq,
            c.new.seq,
            c.new.name,
            c.item,
            lines(c.old.lines),
            lines(c.new.lines)
        );
        for f in &c.fields {
            if f.removed.is_empty() && f.added.is_empty() {
                let _ = writeln!(out, "    {}: {} → {}", f.field, f.old, f.new);
            } else {
                let _ = writeln!(
                    out,
                    "    {}: -[{}] +[{}]",
                    f.field,
                    f.removed.join("; "),
                    f.added.join("; ")
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "{} added, {} removed, {} changed",
        d.added.len(),
        d.removed.len(),
        d.changed.len()
    );
    out
}
