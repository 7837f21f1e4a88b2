//! Age ranges (周岁 and 岁, closed intervals of completed years).
//!
//! | phrase | range |
//! |---|---|
//! | 60周岁及以上, 60周岁（含）以上, 60岁以上 | 60.. |
//! | 80-89周岁, 80—89周岁, 80周岁至89周岁 | 80..=89 |
//! | 60—65周岁（含60不含65） | 60..=64 |
//! | 年满60周岁不满65周岁 | 60..=64 |
//! | 不满七十周岁, 未满70岁 | ..=69 |
//! | 60周岁以下 | ..=60 |
//! | 年满60周岁 | 60.. |
//! | 百岁以上, 百岁老人 | 100.. |
//! | 60周岁以上不满80周岁 | 60..=79 |
//! | 60周岁以上80周岁以下 | 60..=80 |
//! | 29岁, 十二周岁 (no bound word) | 29..=29 |
//! | 80周岁（不含）以上, 80周岁以上（不含80周岁） | 81.. |
//!
//! Not ages: 2—3级 (no 岁), 2025年, 15年 of contributions.

use super::numeral;
use regex::Regex;
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::LazyLock;

/// A closed range of ages in completed years; `None` is an open side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct AgeRange {
    /// Youngest age included, `null` when there is no lower bound.
    pub min: Option<u32>,
    /// Oldest age included, `null` when there is no upper bound.
    pub max: Option<u32>,
}

/// Why an [`AgeRange`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgeRangeError {
    /// Both sides open: that is no range at all.
    #[error("an age range needs at least one bound")]
    Unbounded,
    /// `min` above `max`.
    #[error("age range {min}..={max} is empty")]
    Empty {
        /// The lower bound given.
        min: u32,
        /// The upper bound given.
        max: u32,
    },
}

impl AgeRange {
    /// A range from `min` to `max`, both inclusive.
    ///
    /// # Errors
    /// [`AgeRangeError::Unbounded`] when both are `None`; [`AgeRangeError::Empty`] when
    /// `min > max`.
    pub fn new(min: Option<u32>, max: Option<u32>) -> Result<AgeRange, AgeRangeError> {
        match (min, max) {
            (None, None) => Err(AgeRangeError::Unbounded),
            (Some(a), Some(b)) if a > b => Err(AgeRangeError::Empty { min: a, max: b }),
            _ => Ok(AgeRange { min, max }),
        }
    }
}

/// One age range found in a text, with its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundAge {
    /// The range.
    pub range: AgeRange,
    /// Where it was written, in bytes of the searched text.
    pub start: usize,
    /// End of the match, exclusive.
    pub end: usize,
}

/// A numeral as the age patterns accept it. Digits are spelled `[0-9０-９]`, not `\d`: Unicode
/// `\d` (the digits of every script) made compiling these patterns, the bulk of a one-line
/// `qingdan quantities` call, take twice as long (5 ms against 2.5 ms, measured), for digits
/// that the numeral reader cannot read anyway.
const NUM: &str = r"(?:[0-9０-９]{1,3}|[零〇一二两三四五六七八九十百]{1,5})";
/// The unit of an age.
const UNIT: &str = r"(?:周岁|岁)";
/// Range dashes and words.
const TO: &str = r"(?:-|—|–|－|~|～|〜|至|到)";

/// "（含90周岁）" after a bound: says the bound includes the number, as 以上 already does.
const INCL: &str = r"(?:[（(]含(?:本数|[0-9０-９]{1,3}(?:周岁|岁)?)?[）)])?";

/// "（不含）", "（不含80周岁）": the bound excludes the number.
const EXCL: &str = r"[（(]不含(?:本数|[0-9０-９]{1,3}(?:周岁|岁)?|[零〇一二两三四五六七八九十百]{1,5}(?:周岁|岁)?)?[）)]";

/// The age patterns; at each position the longest match wins.
static PATTERNS: LazyLock<Vec<(Kind, String)>> = LazyLock::new(|| {
    let pats = [
        // 60周岁以上不满80周岁 → 60..=79
        (
            Kind::FullToUnder,
            format!(
                r"(?P<a>{NUM}){UNIT}{INCL}(?:及|或)?以上{INCL}(?:、|，|,|且|的|但)?(?:不满|未满|不足|低于)(?P<b>{NUM}){UNIT}"
            ),
        ),
        // 60周岁以上80周岁以下 → 60..=80
        (
            Kind::Range,
            format!(
                r"(?P<a>{NUM}){UNIT}{INCL}(?:及|或)?以上{INCL}(?:、|，|,|且|的|但)?(?P<b>{NUM}){UNIT}{INCL}(?:及|或)?以下"
            ),
        ),
        // 年满60周岁不满65周岁 → 60..=64
        (
            Kind::FullToUnder,
            format!(
                r"(?:年满|满)(?P<a>{NUM}){UNIT}(?:、|，|,)?(?:不满|未满|不足)(?P<b>{NUM}){UNIT}"
            ),
        ),
        // 60—65周岁（含60不含65） / 60至65周岁 / 80周岁至89周岁
        (
            Kind::Range,
            format!(
                r"(?P<a>{NUM}){UNIT}?{TO}(?P<b>{NUM}){UNIT}(?:[（(]含(?P<inc>{NUM}){UNIT}?[，,、]?不含(?P<exc>{NUM}){UNIT}?[）)])?"
            ),
        ),
        // 80周岁（不含）以上, 80周岁以上（不含80周岁）: above, the number excluded
        (
            Kind::Above,
            format!(r"(?P<a>{NUM}){UNIT}(?:{EXCL}以上|以上{EXCL})"),
        ),
        // 80周岁（不含）以下: below, the number excluded
        (
            Kind::Below,
            format!(r"(?P<a>{NUM}){UNIT}(?:{EXCL}以下|以下{EXCL})"),
        ),
        // 60周岁及以上, 60周岁（含）以上, 60岁以上
        (
            Kind::AtLeast,
            format!(r"(?P<a>{NUM}){UNIT}{INCL}(?:及|或|和)?以上{INCL}"),
        ),
        // 60周岁及以下
        (
            Kind::AtMost,
            format!(r"(?P<a>{NUM}){UNIT}{INCL}(?:及|或|和)?以下{INCL}"),
        ),
        // 不满七十周岁
        (
            Kind::Under,
            format!(r"(?:不满|未满|不足|低于)(?P<a>{NUM}){UNIT}"),
        ),
        // 年满60周岁
        (Kind::Full, format!(r"(?:年满|满|达到)(?P<a>{NUM}){UNIT}")),
        // 百岁老人
        (
            Kind::Centenarian,
            r"百岁(?:老人|老年人|以上|及以上)".to_owned(),
        ),
        // 七周岁, 29岁: that age exactly.
        (Kind::Exactly, format!(r"(?P<a>{NUM}){UNIT}")),
    ];
    pats.into_iter().collect()
});

/// One alternative of [`COMBINED`]: its kind and its group numbers (k, a, b, inc, exc).
type Alternative = (Kind, [Option<usize>; 5]);

/// All patterns as one regex of alternatives `(?P<k0>…)|(?P<k1>…)|…`, most specific first, so a
/// single leftmost-first pass picks, at each place, the pattern the list prefers. Group names get
/// the alternative's number (`a3`, `b3`).
static COMBINED: LazyLock<(Regex, Vec<Alternative>)> = LazyLock::new(|| {
    let mut alts = Vec::new();
    let mut names = Vec::new();
    for (i, (kind, pat)) in PATTERNS.iter().enumerate() {
        let mut p = pat.clone();
        for g in ["a", "b", "inc", "exc"] {
            p = p.replace(&format!("(?P<{g}>"), &format!("(?P<{g}{i}>"));
        }
        alts.push(format!("(?P<k{i}>{p})"));
        names.push((
            *kind,
            [
                format!("k{i}"),
                format!("a{i}"),
                format!("b{i}"),
                format!("inc{i}"),
                format!("exc{i}"),
            ],
        ));
    }
    let re = Regex::new(&alts.join("|")).expect("age patterns compile");
    // Group numbers, not names, for the search loop (a lookup by name per match was a
    // measurable part of `quantities`).
    let index = |name: &str| re.capture_names().position(|n| n == Some(name));
    let alternatives = names
        .iter()
        .map(|(kind, g)| (*kind, [0, 1, 2, 3, 4].map(|j| index(&g[j]))))
        .collect();
    (re, alternatives)
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Above,
    Below,
    FullToUnder,
    Range,
    AtLeast,
    AtMost,
    Under,
    Full,
    Centenarian,
    Exactly,
}

/// The captured groups of one alternative: a, b, inc, exc.
struct Groups<'t>([Option<&'t str>; 4]);

fn num(caps: &Groups<'_>, name: &str) -> Option<u32> {
    let i = ["a", "b", "inc", "exc"].iter().position(|g| *g == name)?;
    let v = numeral::parse(caps.0[i]?)?;
    (v.fract() == 0.0 && (0.0..=150.0).contains(&v)).then_some(v as u32)
}

fn range_of(kind: Kind, caps: &Groups<'_>) -> Option<AgeRange> {
    let r = match kind {
        Kind::FullToUnder => AgeRange::new(num(caps, "a"), num(caps, "b")?.checked_sub(1)),
        Kind::Range => {
            let (a, b) = (num(caps, "a")?, num(caps, "b")?);
            match (num(caps, "inc"), num(caps, "exc")) {
                (Some(inc), Some(exc)) if exc == b => AgeRange::new(Some(inc), exc.checked_sub(1)),
                (Some(inc), Some(exc)) if inc == b => AgeRange::new(exc.checked_add(1), Some(inc)),
                _ => AgeRange::new(Some(a), Some(b)),
            }
        }
        Kind::AtLeast | Kind::Full => AgeRange::new(num(caps, "a"), None),
        Kind::Above => AgeRange::new(num(caps, "a")?.checked_add(1), None),
        Kind::Below => AgeRange::new(None, num(caps, "a")?.checked_sub(1)),
        Kind::AtMost => AgeRange::new(None, num(caps, "a")),
        Kind::Under => AgeRange::new(None, num(caps, "a")?.checked_sub(1)),
        Kind::Centenarian => AgeRange::new(Some(100), None),
        Kind::Exactly => AgeRange::new(num(caps, "a"), num(caps, "a")),
    };
    r.ok()
}

/// Every age range in `text`, left to right, not overlapping.
///
/// ```
/// use qingdan::quantities::age::{find, AgeRange};
/// let found: Vec<AgeRange> = find("60—65周岁（含60不含65）进入其他景区；65周岁（含）以上免费")
///     .into_iter().map(|f| f.range).collect();
/// assert_eq!(found, [AgeRange::new(Some(60), Some(64)).unwrap(), AgeRange::new(Some(65), None).unwrap()]);
/// ```
pub fn find(text: &str) -> Vec<FoundAge> {
    // Every age pattern ends in 岁: most text has none.
    if !text.contains("岁") {
        return Vec::new();
    }
    let (re, names) = &*COMBINED;
    let mut found: Vec<FoundAge> = Vec::new();
    let mut from = 0;
    while from < text.len() {
        let Some(caps) = re.captures_at(text, from) else {
            break;
        };
        let Some(m) = caps.get(0) else { break };
        let group = |i: Option<usize>| i.and_then(|i| caps.get(i));
        let Some((kind, g)) = names.iter().find(|(_, g)| group(g[0]).is_some()) else {
            break;
        };
        let groups = Groups([1, 2, 3, 4].map(|j| group(g[j]).map(|x| x.as_str())));
        // A number starts where no digit stands before it ("65—60" is not "5—60").
        let before = &text[..m.start()];
        let glued = before.chars().next_back().is_some_and(|c| {
            c.is_ascii_digit() || numeral::digit_value(c).is_some() || "十百".contains(c)
        });
        let duration = *kind == Kind::Exactly
            && ["增加", "增长", "提高", "每", "延长", "减少"]
                .iter()
                .any(|w| before.ends_with(w));
        match range_of(*kind, &groups).filter(|_| !glued && !duration) {
            Some(range) => {
                found.push(FoundAge {
                    range,
                    start: m.start(),
                    end: m.end(),
                });
                from = m.end().max(next_char(text, m.start()));
            }
            // No valid range here (65—60周岁): look again one character on.
            None => from = next_char(text, m.start()),
        }
    }
    found
}

fn next_char(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .map_or(text.len(), |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ages(s: &str) -> Vec<(Option<u32>, Option<u32>)> {
        find(s)
            .into_iter()
            .map(|f| (f.range.min, f.range.max))
            .collect()
    }

    #[test]
    fn one_phrase_per_line() {
        assert_eq!(ages("60周岁及以上老年人"), [(Some(60), None)]);
        assert_eq!(ages("80周岁以上老年人"), [(Some(80), None)]);
        assert_eq!(ages("60周岁（含）以上进入"), [(Some(60), None)]);
        assert_eq!(ages("65岁以上"), [(Some(65), None)]);
        assert_eq!(ages("80-89周岁的非低保老年人"), [(Some(80), Some(89))]);
        assert_eq!(
            ages("对60—79周岁、80—89周岁"),
            [(Some(60), Some(79)), (Some(80), Some(89))]
        );
        assert_eq!(ages("60—65周岁（含60不含65）"), [(Some(60), Some(64))]);
        assert_eq!(ages("为80周岁至99周岁老年人"), [(Some(80), Some(99))]);
        assert_eq!(ages("年满60周岁不满65周岁"), [(Some(60), Some(64))]);
        assert_eq!(ages("不满七十周岁半价"), [(None, Some(69))]);
        assert_eq!(ages("七十周岁以上免购门票"), [(Some(70), None)]);
        assert_eq!(ages("年满60周岁、累计缴费满15年"), [(Some(60), None)]);
        assert_eq!(ages("百岁以上老年人"), [(Some(100), None)]);
        assert_eq!(ages("100周岁及以上"), [(Some(100), None)]);
        assert_eq!(ages("60周岁及以下"), [(None, Some(60))]);
        assert_eq!(ages("90周岁以上（含90周岁）"), [(Some(90), None)]);
        assert_eq!(ages("60周岁以上不满80周岁"), [(Some(60), Some(79))]);
        assert_eq!(ages("60周岁以上80周岁以下"), [(Some(60), Some(80))]);
        assert_eq!(ages("80岁至89岁"), [(Some(80), Some(89))]);
        assert_eq!(ages("八十至八十九周岁"), [(Some(80), Some(89))]);
        assert_eq!(ages("她已经满七周岁了"), [(Some(7), None)]);
        assert_eq!(ages("我只有29岁！"), [(Some(29), Some(29))]);
        assert_eq!(ages("低于60周岁"), [(None, Some(59))]);
        assert_eq!(ages("80周岁（不含）以上"), [(Some(81), None)]);
        assert_eq!(ages("80周岁以上（不含80周岁）"), [(Some(81), None)]);
        assert_eq!(ages("60周岁（不含）以下"), [(None, Some(59))]);
    }

    #[test]
    fn not_ages() {
        assert!(ages("身体能力评估为2—3级的低保老年人").is_empty());
        assert!(ages("到2025年").is_empty());
        assert!(ages("累计满15年").is_empty());
        assert_eq!(ages("65—60周岁"), [(Some(60), Some(60))], "no 5..=60 range");
        assert!(ages("每增加一岁每月再增加10元").is_empty());
    }

    #[test]
    fn constructor_rejects_empty_ranges() {
        assert_eq!(
            AgeRange::new(Some(65), Some(60)),
            Err(AgeRangeError::Empty { min: 65, max: 60 })
        );
        assert_eq!(AgeRange::new(None, None), Err(AgeRangeError::Unbounded));
    }
}
