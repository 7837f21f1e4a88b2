//! Target groups over the table `src/data/groups.tsv`.

use crate::model::{Group, GroupTerm};
use std::sync::LazyLock;

struct Cue {
    text: Vec<char>,
    code: &'static str,
}

static CODES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    table()
        .map(|(code, name, _)| (code.to_owned(), name.to_owned()))
        .collect()
});

fn table() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    include_str!("../data/groups.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|l| {
            let mut c = l.split('\t');
            Some((c.next()?, c.next()?, c.next()?))
        })
}

/// Every group code with its name, in table order.
pub fn codes() -> &'static [(String, String)] {
    &CODES
}

static CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    let mut v: Vec<Cue> = table()
        .flat_map(|(code, _, cues)| {
            cues.split('|').filter(|c| !c.is_empty()).map(move |c| Cue {
                text: c.chars().collect(),
                code,
            })
        })
        .collect();
    // Longest first, so the first cue that fits at a position is the longest there.
    v.sort_by_key(|c| std::cmp::Reverse(c.text.len()));
    v
});

/// A cue found in a clause.
#[derive(Debug)]
struct Found {
    code: &'static str,
    start: usize,
    end: usize,
    negated: bool,
}

/// Age cues written with 周岁/岁: they qualify the whole clause.
fn is_numeric_age(chars: &[char], f: &Found) -> bool {
    f.code == "age"
        && !chars[f.start..f.end]
            .iter()
            .any(|c| matches!(c, '高' | '百'))
}

fn find(chars: &[char]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let hit = CUES.iter().find(|c| chars[i..].starts_with(&c.text));
        match hit {
            Some(c) => {
                let negated = i > 0 && chars[i - 1] == '非';
                out.push(Found {
                    code: c.code,
                    start: i,
                    end: i + c.text.len(),
                    negated,
                });
                i += c.text.len();
            }
            None => i += 1,
        }
    }
    out
}

fn leaf(code: &str, optional: bool, negated: bool) -> GroupTerm {
    GroupTerm::Group(Group {
        code: code.to_owned(),
        optional,
        negated,
    })
}

/// The term of one clause, or `None` when it names no group.
fn clause(text: &str, optional: bool) -> Option<GroupTerm> {
    let chars: Vec<char> = text.chars().collect();
    let found = find(&chars);
    let mut qualifiers = Vec::new();
    // Runs of OR-joined cues, the runs AND-joined.
    let mut runs: Vec<Vec<GroupTerm>> = Vec::new();
    let mut last_end: Option<usize> = None;
    let mut plain_elderly = false;
    for f in &found {
        if f.code == "all-elderly" {
            plain_elderly = true;
            continue;
        }
        if is_numeric_age(&chars, f) || f.negated {
            qualifiers.push(leaf(f.code, optional, f.negated));
            continue;
        }
        let and = match last_end {
            None => true,
            Some(e) => {
                let between: String = chars[e..f.start].iter().collect();
                // 返贫致贫: two cues of one group side by side are one mention.
                let same = runs
                    .last()
                    .and_then(|r| r.last())
                    .is_some_and(|t| matches!(t, GroupTerm::Group(g) if g.code == f.code));
                if between.is_empty() && same {
                    last_end = Some(f.end);
                    continue;
                }
                let or = between.contains(['、', '和', '及', '或', '与', '，', ',']);
                let and = between.contains(['的', '中']);
                and || !or
            }
        };
        if and || runs.is_empty() {
            runs.push(Vec::new());
        }
        if let Some(r) = runs.last_mut() {
            r.push(leaf(f.code, optional, false));
        }
        last_end = Some(f.end);
    }
    let mut all: Vec<GroupTerm> = qualifiers;
    all.extend(runs.into_iter().map(|r| GroupTerm::Any { any: r }));
    if all.is_empty() {
        return plain_elderly.then(|| leaf("all-elderly", optional, false));
    }
    Some(simplify(GroupTerm::All { all }))
}

/// Flattens nested any/all of the same kind, drops repeated terms, unwraps singletons.
fn simplify(t: GroupTerm) -> GroupTerm {
    fn dedup(v: Vec<GroupTerm>) -> Vec<GroupTerm> {
        let mut out: Vec<GroupTerm> = Vec::new();
        for t in v {
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }
    match t {
        GroupTerm::Any { any } => {
            let mut v = Vec::new();
            for t in any.into_iter().map(simplify) {
                match t {
                    GroupTerm::Any { any } => v.extend(any),
                    other => v.push(other),
                }
            }
            let mut v = dedup(v);
            if v.len() == 1 {
                v.remove(0)
            } else {
                GroupTerm::Any { any: v }
            }
        }
        GroupTerm::All { all } => {
            let mut v = Vec::new();
            for t in all.into_iter().map(simplify) {
                match t {
                    GroupTerm::All { all } => v.extend(all),
                    other => v.push(other),
                }
            }
            let mut v = dedup(v);
            if v.len() == 1 {
                v.remove(0)
            } else {
                GroupTerm::All { all: v }
            }
        }
        g => g,
    }
}

/// Words that open an optional extension of the target (有条件的地方可扩大到…).
const EXTENSION: &[&str] = &["扩大到", "扩大至", "扩展到", "延伸到", "延伸至"];

/// The groups of a target text, as the top-level AND list of `target.groups`.
pub fn parse(text: &str) -> Vec<GroupTerm> {
    let mut alternatives = Vec::new();
    for (n, sentence) in text
        .split(['。', '；', ';'])
        .filter(|s| !s.is_empty())
        .enumerate()
    {
        let mut optional = false;
        for c in sentence.split(['，', ',']).filter(|c| !c.is_empty()) {
            let mut c = c;
            if let Some((at, w)) = EXTENSION.iter().find_map(|w| c.find(w).map(|at| (at, w))) {
                optional = true;
                c = &c[at + w.len()..];
            }
            // A later sentence is a note unless it extends the target.
            if n > 0 && !optional {
                break;
            }
            if let Some(t) = clause(c, optional) {
                alternatives.push(t);
            }
        }
    }
    top(simplify(GroupTerm::Any { any: alternatives }))
}

fn top(t: GroupTerm) -> Vec<GroupTerm> {
    match t {
        GroupTerm::All { all } => all,
        GroupTerm::Any { any } if any.is_empty() => Vec::new(),
        other => vec![other],
    }
}

/// The groups of a service: its target's, plus the content's when the target names only an age
/// and the content is a short phrase naming people (two rows under one merged target cell).
pub fn for_target(target: &str, content: &str) -> Vec<GroupTerm> {
    let mut g = parse(target);
    let only_age = g
        .iter()
        .all(|t| matches!(t, GroupTerm::Group(x) if x.code == "age" || x.code == "all-elderly"));
    let phrase = content.chars().count() <= 30
        && !content.contains(['，', '。', '；', ',', ';'])
        && (content.ends_with("老年人") || content.ends_with("老人"));
    if only_age && phrase {
        let extra = parse(content);
        if extra.iter().any(
            |t| !matches!(t, GroupTerm::Group(x) if x.code == "age" || x.code == "all-elderly"),
        ) {
            g.retain(|t| !matches!(t, GroupTerm::Group(x) if x.code == "all-elderly"));
            for t in extra {
                if !g.contains(&t) {
                    g.push(t);
                }
            }
        }
    }
    g
}

/// Every group code in `terms` (negated ones as `!code`), sorted and without repeats.
pub fn flat_codes(terms: &[GroupTerm]) -> Vec<String> {
    fn walk(t: &GroupTerm, out: &mut Vec<String>) {
        match t {
            GroupTerm::Group(g) => out.push(if g.negated {
                format!("!{}", g.code)
            } else {
                g.code.clone()
            }),
            GroupTerm::Any { any: v } | GroupTerm::All { all: v } => {
                v.iter().for_each(|t| walk(t, out));
            }
        }
    }
    let mut out = Vec::new();
    terms.iter().for_each(|t| walk(t, &mut out));
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        serde_json::to_string(&parse(text))
            .unwrap()
            .replace(",\"optional\":false,\"negated\":false", "")
            .replace("\"code\":", "")
    }

    #[test]
    fn structure() {
        assert_eq!(
            show("纳入最低生活保障范围的老年人"),
            r#"[{"minimum-living"}]"#
        );
        assert_eq!(show("60周岁及以上老年人"), r#"[{"age"}]"#);
        assert_eq!(show("老年人"), r#"[{"all-elderly"}]"#);
        assert_eq!(show(""), "[]");
        assert_eq!(
            show("低保对象中经认定生活不能自理的老年人"),
            r#"[{"minimum-living"},{"disabled-care"}]"#
        );
        assert_eq!(
            show("独居、空巢、失能、部分失能老年人"),
            r#"[{"any":[{"living-alone"},{"empty-nest"},{"disabled-care"}]}]"#
        );
        assert_eq!(
            show("经济困难的失能、孤寡、高龄老年人"),
            r#"[{"low-income"},{"any":[{"disabled-care"},{"living-alone"},{"age"}]}]"#
        );
        assert_eq!(show("生活无着的流浪、乞讨老年人"), r#"[{"vagrant"}]"#);
        assert_eq!(show("低保边缘家庭老年人"), r#"[{"low-income"}]"#);
        assert_eq!(show("老年现役军人家属"), r#"[{"merit"}]"#);
    }

    #[test]
    fn negation_and_options() {
        let g = parse("80周岁及以上非低保老年人");
        assert_eq!(flat_codes(&g), ["!minimum-living", "age"]);
        let g = parse("低保对象中的失能老年人，有条件的地方可扩大到低保边缘家庭中的失能老年人");
        let json = serde_json::to_string(&g).unwrap();
        assert!(json.starts_with(r#"[{"any":[{"all""#), "{json}");
        assert!(
            json.contains(r#"{"code":"low-income","optional":true"#),
            "{json}"
        );
        // A later sentence that does not extend the target is a note.
        let g = parse("特困老年人。对既符合护理补贴条件又符合残疾人补贴条件的，可择高申领");
        assert_eq!(flat_codes(&g), ["destitute"]);
    }

    #[test]
    fn content_names_the_people() {
        let g = for_target("80周岁及以上老年人", "80周岁及以上非低保老年人");
        assert_eq!(flat_codes(&g), ["!minimum-living", "age"]);
        let g = for_target("80周岁及以上老年人", "为80周岁及以上老年人发放高龄津贴");
        assert_eq!(flat_codes(&g), ["age"]);
    }
}
