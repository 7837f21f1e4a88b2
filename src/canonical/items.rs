//! Item matching over the table `src/data/items.tsv`.

use crate::model::Item;
use std::sync::LazyLock;

/// One row of the item table.
#[derive(Debug)]
struct Row {
    code: String,
    name: String,
    category: String,
    national: bool,
    parts: Vec<String>,
    keywords: Vec<Keyword>,
}

#[derive(Debug)]
struct Keyword {
    text: String,
    /// Counts only when one of these is in the name, target or content.
    requires: Vec<String>,
    /// Counts only when none of these is.
    excludes: Vec<String>,
}

static TABLE: LazyLock<Vec<Row>> = LazyLock::new(|| parse_table(include_str!("../data/items.tsv")));

fn parse_table(src: &str) -> Vec<Row> {
    src.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // the column names
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let [code, name, category, national, parts, keywords] = c[..] else {
                return None;
            };
            Some(Row {
                code: code.to_owned(),
                name: name.to_owned(),
                category: category.to_owned(),
                national: national == "1",
                parts: parts
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect(),
                keywords: keywords
                    .split('|')
                    .filter(|k| !k.is_empty())
                    .map(|k| {
                        let list = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
                        if let Some((t, cues)) = k.split_once('@') {
                            Keyword {
                                text: t.to_owned(),
                                requires: list(cues),
                                excludes: Vec::new(),
                            }
                        } else if let Some((t, cues)) = k.split_once('!') {
                            Keyword {
                                text: t.to_owned(),
                                requires: Vec::new(),
                                excludes: list(cues),
                            }
                        } else {
                            Keyword {
                                text: k.to_owned(),
                                requires: Vec::new(),
                                excludes: Vec::new(),
                            }
                        }
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The canonical item of a code from the table, if the code is there.
pub fn item_of(code: &str) -> Option<Item> {
    TABLE.iter().find(|r| r.code == code).map(row_item)
}

/// Bundle items with their part codes.
pub fn bundles() -> Vec<(String, Vec<String>)> {
    TABLE
        .iter()
        .filter(|r| !r.parts.is_empty())
        .map(|r| (r.code.clone(), r.parts.clone()))
        .collect()
}

/// Every item of the table, in table order.
pub fn all_items() -> Vec<Item> {
    TABLE.iter().map(row_item).collect()
}

fn row_item(r: &Row) -> Item {
    Item {
        code: r.code.clone(),
        name: r.name.clone(),
        category: Some(r.category.clone()),
        national: r.national,
    }
}

/// What a service maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The item (a bundle's bundle item or first part).
    pub item: Item,
    /// A bundle row's parts; empty otherwise.
    pub items: Vec<Item>,
}

/// Verbs that open a work measure rather than a service name.
const MEASURE_VERBS: &[&str] = &[
    "提高", "提升", "加大", "引导", "推进", "推动", "加快", "完善", "健全", "加强", "鼓励", "促进",
    "强化", "深化", "扩大",
];

/// Maps one service to its canonical item(s). `category` is the row's first 服务类型, kept for
/// `other` and `measure`.
pub fn match_service(
    name: &str,
    target: &str,
    content: &str,
    standard: &str,
    category: Option<&str>,
) -> Match {
    let context = [name, target, content];
    let own = |code: &str| Item {
        code: code.to_owned(),
        name: name.to_owned(),
        category: category.map(str::to_owned),
        national: false,
    };
    if MEASURE_VERBS.iter().any(|v| name.starts_with(v)) {
        return Match {
            item: own("measure"),
            items: Vec::new(),
        };
    }
    if let Some(m) = bundle(name, &context) {
        return m;
    }
    for (text, in_name) in [(name, true), (content, false), (standard, false)] {
        if let Some(r) = best(text, &context, in_name) {
            let code = refine(&r.code, name, target, content);
            return Match {
                item: item_of(code).unwrap_or_else(|| row_item(r)),
                items: Vec::new(),
            };
        }
    }
    Match {
        item: own("other"),
        items: Vec::new(),
    }
}

/// What the name alone does not settle: a 高龄津贴 for 100 and over is the centenarian item
/// (长寿保健金 under another name); a 特困 row whose name says neither 分散 nor 集中 is the
/// form its content describes.
fn refine<'a>(code: &'a str, name: &str, target: &str, content: &str) -> &'a str {
    match code {
        "longevity-allowance" if centenarian(target) => "longevity-centenarian",
        "destitute-dispersed" | "destitute-centralized"
            if !["分散", "集中", "在家"].iter().any(|w| name.contains(w)) =>
        {
            let central = content.contains("集中供养");
            let home = ["分散", "在家", "居家"].iter().any(|w| content.contains(w));
            match (central, home) {
                (true, false) => "destitute-centralized",
                _ => "destitute-dispersed",
            }
        }
        _ => code,
    }
}

/// A target for 100 and over only (百岁老人, 100周岁及以上老年人).
fn centenarian(target: &str) -> bool {
    if target.contains("百岁") {
        return true;
    }
    let mut ages = target
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse::<u32>().ok())
        .filter(|&n| (50..=120).contains(&n));
    ages.next().is_some_and(|first| first >= 100)
}

/// Words after a keyword that make it name people, not a service (低保老年人, 特困人员): in
/// content, "为特困、低保老年人全额代缴保费" is not a 低保 service.
const PEOPLE: &[&str] = &["老年人", "老人", "对象", "家庭", "人员", "户", "边缘"];

/// The row whose keyword in `text` wins. In a name, the keyword that ends last wins (the head of
/// a Chinese noun phrase is at its end: 基本医疗保险参保资助 is a 资助, 分散供养特困老年人家庭
/// 适老化改造 an 改造), then the longest; in content, the longest, and only where it names a
/// service rather than people. A conditional keyword goes before a plain one; then table order.
fn best<'a>(text: &str, context: &[&str], in_name: bool) -> Option<&'a Row> {
    // Every keyword of the table in one automaton: one pass over the text finds them all (a
    // substring search per keyword made this the slowest stage of a parse).
    let (automaton, owners) = &*KEYWORDS;
    // Per keyword, where it counts: in a name its last occurrence, in content its first
    // occurrence that is not followed by a word for people.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for m in automaton.find_overlapping_iter(text) {
        let (pid, at) = (m.pattern().as_usize(), m.start());
        if !in_name && PEOPLE.iter().any(|p| text[m.end()..].starts_with(p)) {
            continue;
        }
        match hits.iter_mut().find(|(p, _)| *p == pid) {
            Some(h) if in_name => h.1 = h.1.max(at),
            Some(_) => {}
            None => hits.push((pid, at)),
        }
    }
    // Table order, as the ranking's last tie-breaker.
    hits.sort_unstable();
    let mut found: Option<((usize, usize, bool), &Row)> = None;
    for (pid, at) in hits {
        let (ri, ki) = owners[pid];
        let (r, k) = (&TABLE[ri], &TABLE[ri].keywords[ki]);
        let end = if in_name {
            text[..at].chars().count()
        } else {
            0
        };
        let holds = |cues: &[String]| cues.iter().any(|c| context.iter().any(|t| t.contains(c)));
        if !k.requires.is_empty() && !holds(&k.requires) {
            continue;
        }
        if !k.excludes.is_empty() && holds(&k.excludes) {
            continue;
        }
        let len = k.text.chars().count();
        let rank = (end + len, len, !k.requires.is_empty());
        if found.as_ref().is_none_or(|(best, _)| rank > *best) {
            found = Some((rank, r));
        }
    }
    found.map(|(_, r)| r)
}

/// The automaton over every non-empty keyword, and for each pattern its (row, keyword) in
/// [`TABLE`]; patterns are numbered in table order.
static KEYWORDS: LazyLock<(aho_corasick::AhoCorasick, Vec<(usize, usize)>)> = LazyLock::new(|| {
    let mut owners = Vec::new();
    let mut patterns = Vec::new();
    for (ri, r) in TABLE.iter().enumerate() {
        for (ki, k) in r.keywords.iter().enumerate() {
            if !k.text.is_empty() {
                owners.push((ri, ki));
                patterns.push(k.text.as_str());
            }
        }
    }
    let automaton = aho_corasick::AhoCorasick::new(patterns).expect("the keyword table builds");
    (automaton, owners)
});

/// A name joining two or more parts (和, 及, 与, 、), each naming a different item.
fn bundle(name: &str, context: &[&str]) -> Option<Match> {
    let parts: Vec<&str> = name
        .split(['和', '及', '与', '、'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let mut rows: Vec<&Row> = Vec::new();
    for p in &parts {
        let r = best(p, context, true)?;
        if rows.iter().any(|x| x.code == r.code) {
            return None;
        }
        rows.push(r);
    }
    let items: Vec<Item> = rows.iter().map(|r| row_item(r)).collect();
    let whole = TABLE.iter().find(|b| {
        !b.parts.is_empty()
            && b.parts.len() == rows.len()
            && rows.iter().all(|r| b.parts.contains(&r.code))
    });
    Some(Match {
        item: whole.map_or_else(|| items[0].clone(), row_item),
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str, target: &str, content: &str) -> String {
        match_service(name, target, content, "", None).item.code
    }

    #[test]
    fn table_parses() {
        assert!(TABLE.len() >= 40);
        // The 16 national items; the two parts of the disability bundle are national through it.
        let part = |c: &str| TABLE.iter().any(|b| b.parts.iter().any(|p| p == c));
        let national = TABLE.iter().filter(|r| r.national && !part(&r.code));
        assert_eq!(national.count(), 16);
        for r in TABLE.iter() {
            assert!(!r.keywords.is_empty(), "{}", r.code);
            for p in &r.parts {
                assert!(item_of(p).is_some(), "{} part {p}", r.code);
            }
        }
    }

    #[test]
    fn longest_first_and_tie_breakers() {
        assert_eq!(code("重度残疾人护理补贴", "", ""), "disability-care");
        assert_eq!(code("护理补贴", "", ""), "care-subsidy");
        assert_eq!(code("百岁老人补贴", "", ""), "longevity-centenarian");
        assert_eq!(code("集中供养", "特困老年人", ""), "destitute-centralized");
        assert_eq!(
            code("集中供养", "优抚对象中的老年人", ""),
            "merit-centralized"
        );
        assert_eq!(
            code("社会救助", "生活无着的流浪老年人", ""),
            "vagrant-relief"
        );
        assert_eq!(code("社会救助", "老年人", ""), "other");
        assert_eq!(code("推进医养结合", "", ""), "measure");
        assert_eq!(
            code("暖心服务", "", "为老年人提供助餐服务"),
            "meal-assistance"
        );
        assert_eq!(code("意外伤害保险", "", ""), "other");
    }

    #[test]
    fn what_the_lists_separate() {
        // 长寿保健金 and a 高龄津贴 for 100 and over: the centenarian item.
        assert_eq!(code("长寿保健金", "", ""), "longevity-centenarian");
        assert_eq!(
            code("高龄津贴", "100周岁及以上户籍老年人", "按月发放长寿保健金"),
            "longevity-centenarian"
        );
        assert_eq!(
            code("高龄津贴", "80-99周岁户籍老年人", ""),
            "longevity-allowance"
        );
        // 特困 rows by their content when the name does not say.
        assert_eq!(
            code(
                "特困人员救助供养",
                "特困人员",
                "对集中供养的特困人员提供照料"
            ),
            "destitute-centralized"
        );
        assert_eq!(
            code("特困人员基本生活费", "特困人员", "按月发放基本生活费"),
            "destitute-dispersed"
        );
        assert_eq!(code("特困人员照料护理补贴", "", ""), "destitute-care");
        assert_eq!(code("护理补贴", "经济困难的失能老年人", ""), "care-subsidy");
        assert_eq!(
            code("优抚对象抚恤补助", "", "提供优先就医服务"),
            "merit-allowance"
        );
        assert_eq!(
            code("公办养老机构托养", "低保对象中的失能老年人", ""),
            "institutional-care"
        );
    }

    #[test]
    fn bundles() {
        let m = match_service("困难残疾人生活补贴和重度残疾人护理补贴", "", "", "", None);
        assert_eq!(m.item.code, "disability-allowances");
        let parts: Vec<_> = m.items.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(parts, ["disability-living", "disability-care"]);
        let m = match_service("高龄津贴和百岁老人补贴", "", "", "", None);
        assert_eq!(m.item.code, "longevity-allowance");
        assert_eq!(m.items.len(), 2);
        let m = match_service("法律援助和司法救助", "", "", "", None);
        assert_eq!(m.item.code, "legal-aid");
        assert!(m.items.is_empty());
    }
}
