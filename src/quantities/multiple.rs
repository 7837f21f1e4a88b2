//! Multiples (N倍) and fractions (1/3, 三分之一) of a base standard, and percentages.

use super::numeral;
use regex::Regex;
use std::sync::LazyLock;

static MULTIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<num>[0-9０-９]+(?:\.[0-9０-９]+)?|[零〇一二两三四五六七八九十点]+)倍|(?P<a>[0-9０-９]{1,2})[/／](?P<b>[0-9０-９]{1,2})|(?P<den>[一二三四五六七八九十]+)分之(?P<nom>[一二三四五六七八九十]+)")
        .expect("multiple pattern compiles")
});

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<num>[0-9０-９]+(?:\.[0-9０-９]+)?)[%％]|百分之(?P<cn>[零〇一二两三四五六七八九十百点]+|[0-9０-９]+(?:\.[0-9０-９]+)?)")
        .expect("percent pattern compiles")
});

/// A fraction's factor as the contract writes it: 4 decimals (1/3 → 0.3333, 1/4 → 0.25).
fn four_decimals(v: f64) -> f64 {
    numeral::exact((v * 1e4).round() / 1e4)
}

/// A multiple or fraction found, before its context is known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawMultiple {
    pub factor: f64,
    pub start: usize,
    pub end: usize,
}

/// Every N倍, and every fraction written after 的 ("标准的1/3", "标准的三分之一").
pub(crate) fn multiples(text: &str) -> Vec<RawMultiple> {
    let mut out: Vec<RawMultiple> = Vec::new();
    if !["倍", "/", "／", "之"].iter().any(|u| text.contains(u)) {
        return out;
    }
    for caps in MULTIPLE.captures_iter(text) {
        let Some(m) = caps.get(0) else { continue };
        let before = &text[..m.start()];
        // A fraction stands after 的, or in a list after another one ("的1/3、1/6").
        let after_de = before.ends_with('的')
            || out.last().is_some_and(|p| {
                text.get(p.end..m.start())
                    .is_some_and(|gap| ["、", "和", "或", "及"].contains(&gap))
            });
        let after = &text[m.end()..];
        let glued = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || ".．/／百".contains(c));
        if glued {
            continue;
        }
        let factor = if let Some(n) = caps.name("num") {
            if before.ends_with('加') || after.starts_with('增') {
                continue; // 加倍, 倍增: no factor
            }
            numeral::parse(n.as_str())
        } else if let (Some(a), Some(b)) = (caps.name("a"), caps.name("b")) {
            if !after_de
                || after.starts_with(['/', '／', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
            {
                continue;
            }
            let (a, b) = (numeral::parse(a.as_str()), numeral::parse(b.as_str()));
            match (a, b) {
                (Some(a), Some(b)) if b > 0.0 && a < b => Some(four_decimals(a / b)),
                _ => None,
            }
        } else if let (Some(d), Some(n)) = (caps.name("den"), caps.name("nom")) {
            if !after_de {
                continue;
            }
            match (numeral::parse(d.as_str()), numeral::parse(n.as_str())) {
                (Some(d), Some(n)) if d > 0.0 && n < d => Some(four_decimals(n / d)),
                _ => None,
            }
        } else {
            None
        };
        if let Some(factor) = factor.filter(|f| *f > 0.0) {
            out.push(RawMultiple {
                factor,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    out
}

/// Every percentage ("50%", "百分之五十"), as its number (50).
pub(crate) fn percents(text: &str) -> Vec<RawMultiple> {
    if !["%", "％", "之"].iter().any(|u| text.contains(u)) {
        return Vec::new();
    }
    PERCENT
        .captures_iter(text)
        .filter_map(|caps| {
            let m = caps.get(0)?;
            let v = caps
                .name("num")
                .or_else(|| caps.name("cn"))
                .and_then(|n| numeral::parse(n.as_str()))?;
            Some(RawMultiple {
                factor: v,
                start: m.start(),
                end: m.end(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Vec<f64> {
        multiples(s)
            .into_iter()
            .map(|m| (m.factor * 1e4).round() / 1e4)
            .collect()
    }

    #[test]
    fn multiples_and_fractions() {
        assert_eq!(f("当地低保标准的1.3倍"), [1.3]);
        assert_eq!(f("标准的1倍、2倍、3倍"), [1.0, 2.0, 3.0]);
        assert_eq!(f("标准的一点五倍"), [1.5]);
        assert_eq!(f("低保标准的1/3"), [0.3333]);
        assert_eq!(f("低保标准的三分之一"), [0.3333]);
        assert_eq!(f("低保标准的1/6"), [0.1667]);
        assert_eq!(f("低保标准的１／３"), [0.3333]);
        assert_eq!(f("低保标准的1/4"), [0.25]);
        assert_eq!(f("最低工资标准的1/3、1/6和当地"), [0.3333, 0.1667]);
        assert_eq!(f("2023/1/3"), Vec::<f64>::new());
        assert_eq!(f("加倍努力"), Vec::<f64>::new());
        assert_eq!(f("百分之五十"), Vec::<f64>::new());
    }

    #[test]
    fn percentages() {
        let p: Vec<f64> = percents("按 50%收取；百分之八十")
            .into_iter()
            .map(|m| m.factor)
            .collect();
        assert_eq!(p, [50.0, 80.0]);
    }
}
