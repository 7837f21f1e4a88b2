//! Amounts of money in 元, as written: the number, its unit, what follows the unit.
//!
//! Context (period, bound, age) is resolved by [`super::find`], which sees the whole text.

use super::numeral;
use super::words::{
    AFTER_SLASH, BOUND_AFTER, NOT_YUAN_AFTER, PERIOD_AFTER, RANGE_JOINERS, SLASH_SEPARATORS, Unit,
};
use super::{Bound, Period};
use regex::Regex;
use std::sync::LazyLock;

/// A run of numeral characters; the reader decides which suffix of it is the amount.
/// An exponent ("e-1", "E0", "^-1", "e－１") is taken whole, so that its minus sign is not read as
/// a range dash.
pub(crate) const AMOUNT: &str = r"(?:[eE^][+\-＋－]?[0-9０-９]|[0-9０-９.．,，负負半打kK+＋ 点點零〇○一二两兩倆俩三四五六七八九十百千万亿兆壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億廿卅分之又多余几幾/／])+";

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    let cn_digit = "[0-9零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖]";
    let range = RANGE_JOINERS.join("|");
    Regex::new(&format!(
        r"(?:(?P<lo>{AMOUNT})(?:元|圆)?(?:{range}))?(?P<num>{AMOUNT})(?P<unit>元|圆|块钱|块|人民币)(?:(?P<jiao>{cn_digit})[角毛])?(?:(?P<fen>{cn_digit})分)?|[¥￥](?P<sym>[0-9０-９]+(?:\.[0-9０-９]+)?)"
    ))
    .expect("money pattern compiles")
});

/// One amount found in a text, before its context is known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Amount {
    /// Value in 元.
    pub value: f64,
    /// Byte range of the amount, unit and suffix included.
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
    /// Start of the number itself (after a range's lower amount).
    pub num_start: usize,
    /// A period written after the unit: `Some(None)` for a one-off "元/人".
    pub period_after: Option<Option<Period>>,
    /// What the amount is per, written after the unit ("元/床" → 床).
    pub per_after: Option<&'static str>,
    /// A bound written after the amount (以上, 以内) or given by a range.
    pub bound_after: Option<Bound>,
}

/// A Chinese numeral made of unit characters only (百, 千, 万) is a word ("每千元"), not an amount.
fn bare_unit(num: &str) -> bool {
    num.chars().count() == 1 && "百千万亿兆佰仟萬億点".contains(num)
}

/// The longest suffix of a numeral run that reads as a number, with its offset in the run
/// ("统一100" → 100 at 6).
fn value_of(run: &str) -> Option<(usize, f64)> {
    // Only the last 48 characters can be an amount: keeps a huge run from costing n² reads.
    let from = run.char_indices().rev().nth(47).map_or(0, |(i, _)| i);
    run.char_indices()
        .skip_while(|(i, _)| *i < from)
        .find_map(|(i, _)| {
            let tail = &run[i..];
            if bare_unit(tail)
                || tail.starts_with([
                    ' ', '.', '．', ',', '，', '/', '／', '分', '之', '又', '多', '余', '几', '幾',
                    '^', '+', '＋', '-', '－', 'e', 'E', 'k', 'K', '打',
                ]) && i > 0
            {
                return None;
            }
            numeral::parse(tail).filter(|v| *v >= 0.0).map(|v| (i, v))
        })
}

/// The units after a slash ("人/月" of "元/人/月"): the period (`None`: none written), the per
/// word, and the bytes read. At most three tokens, each the longest of [`AFTER_SLASH`] that fits.
fn slash_units(s: &str) -> (Option<Period>, Option<&'static str>, usize) {
    let (mut period, mut per, mut read) = (None, None, 0);
    let mut at = 0;
    for _ in 0..3 {
        let token = AFTER_SLASH
            .iter()
            .filter(|(w, _)| s[at..].starts_with(w))
            .max_by_key(|(w, _)| w.len());
        let Some((w, unit)) = token else { break };
        match unit {
            Unit::Period(p) => period = period.or(Some(*p)),
            Unit::Per(p) => per = per.or(Some(*p)),
        }
        at += w.len();
        read = at;
        match s[at..].chars().next() {
            Some(c) if SLASH_SEPARATORS.contains(&c) => at += c.len_utf8(),
            _ => {}
        }
    }
    (period, per, read)
}

/// Every amount in 元 in `text`, left to right. A range "60元至100元" gives two amounts,
/// bounded `min` and `max`.
pub(crate) fn amounts(text: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    if !["元", "圆", "块", "币", "¥", "￥"]
        .iter()
        .any(|u| text.contains(u))
    {
        return out;
    }
    for caps in MONEY.captures_iter(text) {
        let Some(m) = caps.get(0) else { continue };
        if let Some(sym) = caps.name("sym") {
            if let Some(v) = numeral::parse(sym.as_str()) {
                out.push(Amount {
                    value: v,
                    start: m.start(),
                    end: m.end(),
                    num_start: sym.start(),
                    period_after: None,
                    per_after: None,
                    bound_after: None,
                });
            }
            continue;
        }
        let Some(mut amount) = written_amount(text, &caps) else {
            continue;
        };
        if let Some(low) = range_low(text, &caps, &amount) {
            out.push(low);
            amount.bound_after = Some(Bound::Max);
        }
        out.push(amount);
    }
    out
}

/// The amount of a match written as a number and a unit (50元6角, 1.2万元/人/年以上), with the
/// slash units, period and bound written after it; `None` where the match is no amount (块地,
/// a number glued to digits before it).
fn written_amount(text: &str, caps: &regex::Captures) -> Option<Amount> {
    let m = caps.get(0)?;
    let (num, unit) = (caps.name("num")?, caps.name("unit")?);
    let rest = &text[m.end()..];
    if unit.as_str() == "块" && rest.starts_with(['儿', '地', '牌', '区', '状']) {
        return None;
    }
    if matches!(unit.as_str(), "元" | "圆") && rest.starts_with(NOT_YUAN_AFTER) {
        return None;
    }
    // A number glued to digits or a decimal point before it is part of something else.
    if text[..num.start()]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | '．' | '〔' | '['))
    {
        return None;
    }
    let (skip, value) = value_of(num.as_str())?;
    let num_start = num.start() + skip;
    let small = |g: &str| {
        caps.name(g)
            .and_then(|x| numeral::digit_value(x.as_str().chars().next()?))
            .map_or(0.0, |d| d as f64)
    };
    // 50元6角3分: 50 + 0.6 + 0.03 would be 50.629999999999995.
    let value = numeral::exact(value + small("jiao") / 10.0 + small("fen") / 100.0);
    let mut end = m.end();
    // After 元: slash units ("/人/月", "/人•天", "/户", "/学年"), else a word of the table.
    let mut period_after = None;
    let mut per_after = None;
    if let Some(slash) = rest.strip_prefix(['/', '／']) {
        let (period, per, len) = slash_units(slash);
        if len > 0 {
            period_after = Some(period);
            per_after = per;
            end += rest.len() - slash.len() + len;
        }
    } else if let Some((w, p)) = PERIOD_AFTER.iter().find(|(w, _)| rest.starts_with(w)) {
        period_after = Some(Some(*p));
        end += w.len();
    }
    let after = &text[end..];
    let bound_after = BOUND_AFTER
        .iter()
        .find(|(w, _)| after.starts_with(w))
        .map(|(_, b)| *b);
    Some(Amount {
        value,
        start: num_start,
        end,
        num_start,
        period_after,
        per_after,
        bound_after,
    })
}

/// The lower amount of a range ("60元至100元", "1至2万元": the 万 of the upper holds for both),
/// bounded `min`, when it is below the upper `high`.
fn range_low(text: &str, caps: &regex::Captures, high: &Amount) -> Option<Amount> {
    let (lo, num) = (caps.name("lo")?, caps.name("num")?);
    let hi_mult = ["万", "亿", "萬", "億"]
        .iter()
        .find(|u| num.as_str().ends_with(**u) && !lo.as_str().ends_with(**u))
        .map_or(1.0, |u| if *u == "万" || *u == "萬" { 1e4 } else { 1e8 });
    let (lskip, lv) = value_of(lo.as_str())?;
    let lv = numeral::exact(lv * hi_mult);
    if lv >= high.value {
        return None;
    }
    let unit_len = text[lo.end()..]
        .chars()
        .next()
        .filter(|c| matches!(c, '元' | '圆'))
        .map_or(0, char::len_utf8);
    Some(Amount {
        value: lv,
        start: lo.start() + lskip,
        end: lo.end() + unit_len,
        num_start: lo.start() + lskip,
        period_after: high.period_after,
        per_after: high.per_after,
        bound_after: Some(Bound::Min),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(s: &str) -> Vec<(f64, Option<Option<Period>>, Option<Bound>)> {
        amounts(s)
            .into_iter()
            .map(|a| (a.value, a.period_after, a.bound_after))
            .collect()
    }

    #[test]
    fn amounts_as_written() {
        assert_eq!(vals("120元"), [(120.0, None, None)]);
        assert_eq!(vals("54.5元"), [(54.5, None, None)]);
        assert_eq!(vals("1,000元"), [(1000.0, None, None)]);
        assert_eq!(vals("1000元/人"), [(1000.0, Some(None), None)]);
        assert_eq!(
            vals("30元/人/月"),
            [(30.0, Some(Some(Period::Month)), None)]
        );
        assert_eq!(vals("1000万元"), [(1e7, None, None)]);
        assert_eq!(vals("一千元"), [(1000.0, None, None)]);
        assert_eq!(vals("五元三毛"), [(5.3, None, None)]);
        assert_eq!(vals("50元6角三分"), [(50.63, None, None)]);
        assert_eq!(vals("￥300"), [(300.0, None, None)]);
        assert_eq!(vals("500元以上"), [(500.0, None, Some(Bound::Min))]);
        assert_eq!(
            vals("60元至100元"),
            [
                (60.0, None, Some(Bound::Min)),
                (100.0, None, Some(Bound::Max))
            ]
        );
        assert_eq!(
            vals("2-3万元"),
            [
                (20000.0, None, Some(Bound::Min)),
                (30000.0, None, Some(Bound::Max))
            ]
        );
        assert_eq!(vals("统一100元"), [(100.0, None, None)]);
        assert_eq!(vals("1万600元"), [(10600.0, None, None)]);
        assert_eq!(vals("五百余万元"), [(5e6, None, None)]);
        assert_eq!(vals("肆佰陸拾元"), [(460.0, None, None)]);
    }

    #[test]
    fn full_width_and_exponent_amounts() {
        assert_eq!(vals("２．２元"), [(2.2, None, None)]);
        assert_eq!(vals("３／５元"), [(0.6, None, None)]);
        assert_eq!(vals("４，５６５元"), [(4565.0, None, None)]);
        assert_eq!(vals("21.2E0元"), [(21.2, None, None)]);
        assert_eq!(vals("２.７８９０e－１元"), [(0.2789, None, None)]);
        assert_eq!(vals("2^-1元"), [(0.5, None, None)]);
        // A dash that follows no exponent marker is still a range.
        assert_eq!(
            vals("60－100元"),
            [
                (60.0, None, Some(Bound::Min)),
                (100.0, None, Some(Bound::Max))
            ]
        );
    }

    #[test]
    fn not_amounts() {
        for s in [
            "元旦",
            "多元化",
            "每千元",
            "15千瓦时",
            "鲁政发〔2011〕54号",
            "美元",
            "五美元",
            "一块儿",
            "2025年",
        ] {
            assert_eq!(vals(s), [], "{s}");
        }
    }
}
