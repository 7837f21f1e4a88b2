//! `qingdan eligible`: the services a person with a given profile can get, per district, with
//! the evidence for each condition.
//!
//! A profile is an age, groups the person is known to be in (`--group`), groups they are known
//! not to be in (`--not-group`) and a region. Each service's conditions are checked with three
//! values: `met`, `not met`, `unknown`. A condition the profile does not state is `unknown`, never
//! a no. The conditions of a service:
//!
//! - `age`: the target's age range (`target.age`), against the profile's age;
//! - one per group of `target.groups`, AND/OR as the target says; a group in `--group` is met
//!   (a negated one, 非低保, is not), one in `--not-group` is not met; `all-elderly` is met from
//!   60; a group written as 高龄 (no number) is read as 80 and over, 百岁 as 100 and over; a group
//!   of an optional extension (有条件的地方可扩大到…) is at best `unknown` (it depends on the
//!   locality);
//! - `age band`: when every amount of the service is tied to an age band and none holds the
//!   profile's age, not met unless an age range written in the content or standard holds it
//!   (百岁补贴 for 100+ at 82: not met; 按规定向80周岁及以上老年人发放高龄津贴, 百岁以上每月500元
//!   at 82: met, with no amount);
//! - `target`: a row with no target text is `unknown`.
//!
//! A service is `yes` when every condition is met, `maybe` when none fails and some are
//! unknown, `no` otherwise (shown with `--all` only). Amounts are the service's amounts for the
//! profile's age band (and those without a band), monthly where the period allows. Work measures
//! are not services and are left out.

use crate::canonical::view::{Ages, Doc, Money, Region, Svc};
use crate::canonical::{Group, GroupTerm};
use serde::Serialize;

/// Who is asking.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Profile {
    /// Completed years.
    pub age: Option<u32>,
    /// Groups the person is in.
    pub groups: Vec<String>,
    /// Groups the person is known not to be in.
    pub not_groups: Vec<String>,
    /// A GB/T 2260 code or its prefix (14 a province, 1405 a city, 140502 a district).
    pub region: Option<String>,
}

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    /// The profile meets it.
    #[serde(rename = "met")]
    Met,
    /// The profile does not.
    #[serde(rename = "not met")]
    NotMet,
    /// The profile does not say.
    #[serde(rename = "unknown")]
    Unknown,
}

/// One checked condition with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    /// `age 80+`, `group minimum-living`, `not group minimum-living`, `age band`, `target`.
    pub condition: String,
    /// The result.
    pub status: Status,
    /// The source text it was read from.
    pub text: String,
    /// Its source line.
    pub line: u32,
    /// Why, where the status needs a word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A service the profile may get.
#[derive(Debug, Clone, Serialize)]
pub struct Entitlement {
    /// 序号.
    pub seq: u32,
    /// The name as written.
    pub name: String,
    /// Canonical item code.
    pub item: String,
    /// Canonical item name.
    pub item_name: String,
    /// `yes`, `maybe` or `no`.
    pub status: &'static str,
    /// Amounts for the profile's age band.
    pub amounts: Vec<Money>,
    /// Every condition checked, with evidence.
    pub conditions: Vec<Condition>,
    /// First and last source lines of the row.
    pub lines: [u32; 2],
}

/// One district's answer (a line of JSON Lines).
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The document's `source.file`.
    pub file: String,
    /// The district.
    pub region: Region,
    /// The profile asked about.
    pub profile: Profile,
    /// The services, in list order.
    pub services: Vec<Entitlement>,
}

/// Whether a document is in the profile's region (by code prefix, else by name).
pub fn in_region(doc: &Doc, region: Option<&str>) -> bool {
    let Some(r) = region else {
        return true;
    };
    match &doc.region.adcode {
        Some(code) if r.chars().all(|c| c.is_ascii_digit()) => {
            // 1405 and 140500 both mean the city.
            let r = r.trim_end_matches("00");
            code.starts_with(r)
        }
        _ => doc.region.name.contains(r) || doc.region.label().contains(r),
    }
}

/// The answer for one district; `all` keeps the services that are `no`.
pub fn answer(doc: &Doc, p: &Profile, all: bool) -> Answer {
    let services = doc
        .services
        .iter()
        .filter(|s| s.item.code != "measure")
        .map(|s| check(s, p))
        .filter(|e| all || e.status != "no")
        .collect();
    Answer {
        file: doc.file.clone(),
        region: doc.region.clone(),
        profile: p.clone(),
        services,
    }
}

fn and(a: Status, b: Status) -> Status {
    match (a, b) {
        (Status::NotMet, _) | (_, Status::NotMet) => Status::NotMet,
        (Status::Met, Status::Met) => Status::Met,
        _ => Status::Unknown,
    }
}

fn or(a: Status, b: Status) -> Status {
    match (a, b) {
        (Status::Met, _) | (_, Status::Met) => Status::Met,
        (Status::NotMet, Status::NotMet) => Status::NotMet,
        _ => Status::Unknown,
    }
}

/// Checks one service.
pub fn check(s: &Svc, p: &Profile) -> Entitlement {
    let target = s.target.clone().unwrap_or_default();
    let line = s.lines[0];
    let mut conds = Vec::new();
    let mut overall = Status::Met;
    if s.target.as_deref().is_none_or(str::is_empty) {
        conds.push(Condition {
            condition: "target".into(),
            status: Status::Unknown,
            text: String::new(),
            line,
            note: Some("the list names no target for this row".into()),
        });
        overall = Status::Unknown;
    }
    if let Some(a) = s.target_age {
        let st = age_status(a, p.age);
        overall = and(overall, st);
        conds.push(Condition {
            condition: format!("age {}", a.label()),
            status: st,
            text: target.clone(),
            line,
            note: None,
        });
    }
    for t in &s.groups {
        // A top-level `age` group is the target's range, checked above.
        if s.target_age.is_some() && matches!(t, GroupTerm::Group(g) if g.code == "age") {
            continue;
        }
        let st = term(t, s, p, &target, line, &mut conds);
        overall = and(overall, st);
    }
    // Amounts for the profile's band; a service whose every amount is for other bands.
    let banded = !s.money.is_empty() && s.money.iter().all(|m| m.age.is_some());
    let amounts: Vec<Money> = s
        .money
        .iter()
        .filter(|m| match (m.age, p.age) {
            (Some(b), Some(age)) => b.contains(age),
            _ => true,
        })
        .cloned()
        .collect();
    if let (true, Some(age)) = (banded, p.age) {
        let first = &s.money[0];
        let bands: Vec<String> = s
            .money
            .iter()
            .filter_map(|m| m.age.map(|a| a.label()))
            .collect();
        // No amount for this age: a failure only when no age range of the content or standard
        // holds the age either (按规定向80周岁及以上老年人发放高龄津贴, 百岁以上…500元 grants 82
        // without an amount).
        let named = s.ages.iter().find(|(a, _, _)| a.contains(age));
        let (st, text, line, note) = match (amounts.is_empty(), named) {
            (false, _) => (
                Status::Met,
                first.text.clone(),
                first.line,
                format!("amounts are for {} (age {age})", bands.join(", ")),
            ),
            (true, Some((a, t, l))) => (
                Status::Met,
                t.clone(),
                *l,
                format!(
                    "{} holds age {age}; the list states amounts only for {}",
                    a.label(),
                    bands.join(", ")
                ),
            ),
            (true, None) => (
                Status::NotMet,
                first.text.clone(),
                first.line,
                format!("amounts are for {} (age {age})", bands.join(", ")),
            ),
        };
        overall = and(overall, st);
        conds.push(Condition {
            condition: "age band".into(),
            status: st,
            text,
            line,
            note: Some(note),
        });
    }
    Entitlement {
        seq: s.seq,
        name: s.name.clone(),
        item: s.item.code.clone(),
        item_name: s.item.name.clone(),
        status: match overall {
            Status::Met => "yes",
            Status::Unknown => "maybe",
            Status::NotMet => "no",
        },
        amounts,
        conditions: conds,
        lines: s.lines,
    }
}

fn age_status(a: Ages, age: Option<u32>) -> Status {
    match age {
        None => Status::Unknown,
        Some(x) if a.contains(x) => Status::Met,
        Some(_) => Status::NotMet,
    }
}

fn term(
    t: &GroupTerm,
    s: &Svc,
    p: &Profile,
    target: &str,
    line: u32,
    conds: &mut Vec<Condition>,
) -> Status {
    match t {
        GroupTerm::Group(g) => {
            let (st, note) = leaf(g, s, p, target);
            conds.push(Condition {
                condition: format!("{}group {}", if g.negated { "not " } else { "" }, g.code),
                status: st,
                text: target.to_owned(),
                line,
                note,
            });
            st
        }
        GroupTerm::Any { any } => any
            .iter()
            .map(|t| term(t, s, p, target, line, conds))
            .fold(Status::NotMet, or),
        GroupTerm::All { all } => all
            .iter()
            .map(|t| term(t, s, p, target, line, conds))
            .fold(Status::Met, and),
    }
}

fn leaf(g: &Group, s: &Svc, p: &Profile, target: &str) -> (Status, Option<String>) {
    let (mut st, mut note) = match g.code.as_str() {
        // The target's own range is checked as `age`; a word (高龄, 百岁) is read here.
        "age" => match s.target_age {
            Some(a) => (age_status(a, p.age), None),
            None => {
                let min = if target.contains("百岁") { 100 } else { 80 };
                (
                    age_status(
                        Ages {
                            min: Some(min),
                            max: None,
                        },
                        p.age,
                    ),
                    Some(format!("高龄/百岁 read as {min} and over")),
                )
            }
        },
        "all-elderly" => (
            age_status(
                Ages {
                    min: Some(60),
                    max: None,
                },
                p.age,
            ),
            Some("老年人: 60 and over".to_owned()),
        ),
        code if p.groups.iter().any(|x| x == code) => (Status::Met, None),
        code if p.not_groups.iter().any(|x| x == code) => (Status::NotMet, None),
        _ => (Status::Unknown, Some("the profile does not say".to_owned())),
    };
    if g.negated {
        st = match st {
            Status::Met => Status::NotMet,
            Status::NotMet => Status::Met,
            Status::Unknown => Status::Unknown,
        };
    }
    if g.optional && st == Status::Met {
        st = Status::Unknown;
        note = Some("an optional extension: only where the locality extends the target".into());
    }
    (st, note)
}

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
            let amounts: Vec<String> = e
                .amounts
                .iter()
                .map(|m| {
                    let age = m
                        .age
                        .map(|x| format!("{}: ", x.label()))
                        .unwrap_or_default();
                    format!("{age}{}", m.label())
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
            for c in &e.conditions {
                let mark = match c.status {
                    Status::Met => "✓",
                    Status::NotMet => "✗",
                    Status::Unknown => "?",
                };
                // The JSON keeps the whole text; a terminal gets its first 40 characters.
                let mut text: String = c.text.chars().take(40).collect();
                if c.text.chars().count() > 40 {
                    text.push('…');
                }
                let _ = writeln!(
                    out,
                    "          {mark} {}{} — L{} {text}",
                    c.condition,
                    c.note
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default(),
                    c.line,
                );
            }
        }
    }
    out
}
