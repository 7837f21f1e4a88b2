//! Numeric standards in service text: money, multiples of a base standard, age ranges and
//! percentages.
//!
//! | phrase | found |
//! |---|---|
//! | 80周岁以上老年人每人每年发放不低于120元 | age 80..; money 120 year min, age 80.. |
//! | 按普惠制培训补助标准为1000元/人 | money 1000 one-off exact |
//! | 订单式培训不超过4000元/人 | money 4000 one-off max |
//! | 80-89 周岁的非低保老年人每人每年 920 元 | age 80..=89; money 920 year exact, age 80..=89 |
//! | 80-89岁、90-99岁和百岁以上老年人每人每月分别不低于50元、200元和500元 | three ages; money 50, 200, 500 month min, k-th age with k-th amount |
//! | 每人每天15元 | money 15 day per 人 exact, monthly 456 |
//! | 每床每年1.2万元 | money 12000 year per 床 exact, monthly 1000 |
//! | 水价3.455元/吨 | money 3.455 (as written) one-off per 吨 |
//! | 保费每人每年15元，意外身故最高赔付2万元 | money 15 year per 人; money 20000 one-off max (a new subject) |
//! | 按不低于当地低保标准的1.3倍给予基本生活补助 | multiple 1.3 min of 当地低保标准 |
//! | 按当地最低生活保障标准的30%发放 | percent 30; multiple 0.3 of 当地最低生活保障标准 |
//! | 按 50%收取收视维护费 | percent 50 |
//!
//! ```
//! use qingdan::quantities::{find, Kind, Bound, Period};
//! let found = find("80周岁以上老年人每人每年发放不低于120元高龄津贴");
//! assert!(matches!(found[1].kind, Kind::Money { value, period: Some(Period::Year), per: Some("人"), bound: Bound::Min, age: Some(_) } if value == 120.0));
//! ```
//!
//! # Grammar
//!
//! - **money**: a numeral (Arabic, with 万/亿, or Chinese, [`numeral`]) followed by 元 (圆, 块,
//!   人民币), optionally 角/分; or ¥N; the value as written ([`numeral::exact`]). After 元: slash
//!   units, a period and/or a per word ("/月", "/人/年", "/人•天", "/床"; "/人" alone is one-off),
//!   then a bound (以上, 以内). Before it, in its sentence: a period word (每天, 每周, 每月,
//!   每季度, 每半年, 每年, 每学年 …) and a per word (每人, 每户, 每床, 每次, 每餐, 人均 …); in its
//!   clause: a bound word (不低于, 不超过, 最高 …). Amounts joined by 、/和 share the context of the
//!   first; a range "60元至100元" is a `min` and a `max`. The age is the last age range of the
//!   sentence before the amount (not before an earlier amount); with 分别 (or as many ages as
//!   amounts) the k-th age goes with the k-th amount. An amount that names no period, per or age
//!   keeps those of the previous amount of its sentence only when its clause continues it
//!   (包括/其中 …, a bound alone, a short label); see `continues`. [`monthly`] converts to a
//!   monthly amount ([`Period::per_month`]).
//! - **multiple**: N倍, and 1/3 or 三分之一 after 的; bound as for money; base: the words
//!   between the bound word (or the last 按/按照) and the number ("当地低保标准"). A percentage
//!   right after a base standard ("标准的30%") is also a multiple (0.3).
//! - **age**: see [`age`].
//! - **percent**: N%, 百分之N.
//!
//! All words come from one table, [`words`].
//!
//! # Not handled
//!
//! Document numbers (〔2023〕12号), years (2025年), counts (1次, 500人次), 课时, kWh, grades
//! (一级, 2—3级) and ratios (5:3:2) are never quantities. Currencies other than 元 are not money.
//! Ages in months, weeks or days are not age ranges.

pub mod age;
mod money;
mod multiple;
pub use crate::numeral;
pub mod words;

pub use age::AgeRange;

use schemars::JsonSchema;
use serde::{Serialize, Serializer};
use words::{
    BOUND_BEFORE, CLAUSE_END, CONTINUES, LIST_JOINERS, NOT_BOUNDS, ONE_OFF, PART_OF, PER_BEFORE,
    PERIOD_BEFORE, RESPECTIVELY, SENTENCE_END, UNIT_PRICES,
};

/// What was found.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// An amount of money.
    Money {
        /// In 元.
        value: f64,
        /// `None` for a one-off amount.
        period: Option<Period>,
        /// What the amount is per where the text says so (人, 户, 床, 次 …).
        per: Option<&'static str>,
        /// Which side the text fixes.
        bound: Bound,
        /// The age range the amount is for.
        age: Option<AgeRange>,
    },
    /// A multiple or fraction of a base standard.
    Multiple {
        /// 1.3 for 1.3倍.
        factor: f64,
        /// The standard it multiplies.
        base: Option<String>,
        /// Which side the text fixes.
        bound: Bound,
    },
    /// An age range.
    Age(AgeRange),
    /// A percentage, as its number (50 for 50%).
    Percent {
        /// The number before %.
        value: f64,
        /// Which side the text fixes.
        bound: Bound,
    },
}

/// One quantity and where it is written, in bytes of the searched text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The quantity.
    pub kind: Kind,
    /// First byte of its text.
    pub start: usize,
    /// End of its text, exclusive.
    pub end: usize,
}

/// Where the sentences (or clauses) of one text start, found in one pass: the start of the scope
/// holding a position is then a binary search. (A backward search from every amount made a long
/// cell without a sentence end quadratic: 1 MB of "每人每月120元，" took a minute.)
struct Scopes(Vec<usize>);

impl Scopes {
    /// The byte after every character of `ends` in `text`.
    fn new(text: &str, ends: &[char]) -> Self {
        Scopes(
            text.char_indices()
                .filter(|(_, c)| ends.contains(c))
                .map(|(i, c)| i + c.len_utf8())
                .collect(),
        )
    }

    /// The byte where the scope holding `at` starts: after the last end character before `at`.
    fn start(&self, at: usize) -> usize {
        match self.0.partition_point(|&e| e <= at) {
            0 => 0,
            k => self.0[k - 1],
        }
    }
}

/// How far back of a percentage its clause is searched for a bound word and a base standard
/// (bytes; 128 Han characters). Real clauses are far shorter; a cell of percentages with no
/// punctuation between them would otherwise be searched back to its start for each one.
const PERCENT_LOOKBACK: usize = 384;

/// The first character boundary of `text` at or after `at`.
fn ceil_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// A period word at `i` of `hay` that is really one: a bare 年/月 word right after a number is a
/// date ("2024年补贴"), and right after 每 or 半 it is the end of a longer word ("每人每年发放",
/// "半年发放"); a bare
/// 半年 is a time, not a period, in 上半年, 前半年, 半年内, 半年后.
fn is_period_word(hay: &str, i: usize, w: &str) -> bool {
    let prev = hay[..i].chars().next_back();
    if w.starts_with(['年', '月']) {
        return !prev.is_some_and(|c| {
            c.is_ascii_digit() || numeral::digit_value(c).is_some() || "十每半".contains(c)
        });
    }
    if w == "半年" {
        let next = hay[i + w.len()..].chars().next();
        return !(prev.is_some_and(|c| "上下前后近每一多".contains(c))
            || next.is_some_and(|c| "内后前以".contains(c)));
    }
    true
}

/// Whether the words between the previous amount of a sentence and this one (`gap`) continue it,
/// so that its period, per word and age still hold: a clause opening with a word of
/// [`CONTINUES`] ("，包括省级"), a bound alone ("，最高不超过"), or a short label (at most four
/// characters besides bound words: "，二级", "（半护理）"). A clause with words of its own starts
/// a new subject ("，意外身故最高赔付"), and so does one that says the amount is paid once
/// ([`ONE_OFF`]: "，最高赔付2万元", "，另一次性补贴500元").
fn continues(gap: &str) -> bool {
    let g = gap.trim_start_matches(|c: char| CLAUSE_END.contains(&c) || c == '、');
    if ONE_OFF.iter().any(|w| g.contains(w)) {
        return false;
    }
    if CONTINUES.iter().any(|w| g.starts_with(w)) {
        return true;
    }
    let mut rest = g.to_owned();
    for (w, _) in BOUND_BEFORE {
        rest = rest.replace(w, "");
    }
    rest.chars().count() <= 4
}

fn any_word(_: &str, _: usize, _: &str) -> bool {
    true
}

/// The last word of `table` in `hay` that `accept` takes, with its start.
fn last_word<T: Copy>(
    hay: &str,
    table: &[(&str, T)],
    not: &[&str],
    accept: fn(&str, usize, &str) -> bool,
) -> Option<(usize, T)> {
    let mut best: Option<(usize, usize, T)> = None;
    // Scopes are short: test each position instead of building a searcher per word, but only
    // the positions whose character can start a word of the table (每, 按, 不, 最 …).
    let mut firsts: Vec<char> = table.iter().filter_map(|(w, _)| w.chars().next()).collect();
    firsts.sort_unstable();
    firsts.dedup();
    for (i, c) in hay.char_indices() {
        if firsts.binary_search(&c).is_err() {
            continue;
        }
        let rest = &hay[i..];
        for (w, v) in table {
            if !rest.starts_with(w) || not.iter().any(|n| rest.starts_with(n)) || !accept(hay, i, w)
            {
                continue;
            }
            // The word that ends last; of two ending together, the longer ("每人每年" over "每年").
            let better = best.is_none_or(|(bi, bl, _)| {
                i + w.len() > bi + bl || (i + w.len() == bi + bl && i < bi)
            });
            if better {
                best = Some((i, w.len(), *v));
            }
        }
    }
    best.map(|(i, _, v)| (i, v))
}

/// An item whose context is resolved together with the items of its list.
struct Item {
    start: usize,
    num_start: usize,
    end: usize,
}

/// Groups items into lists joined only by 、/和/及 (a bracketed note may stand between).
fn runs(text: &str, items: &[Item]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let joined = i > 0 && {
            let prev = &items[i - 1];
            let gap = text.get(prev.end..it.start).unwrap_or("");
            let gap = strip_note(gap);
            gap.is_empty() || LIST_JOINERS.contains(&gap)
        };
        match out.last_mut() {
            Some(run) if joined => run.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

/// "（全护理）、" → "、": a short bracketed note between two amounts.
fn strip_note(gap: &str) -> &str {
    if let Some(rest) = gap.strip_prefix(['（', '('])
        && let Some(i) = rest.find(['）', ')'])
        && rest[..i].chars().count() <= 10
    {
        return &rest[i + rest[i..].chars().next().map_or(1, char::len_utf8)..];
    }
    gap
}

/// The context an amount hands on to the next amount of its sentence.
#[derive(Clone, Copy)]
struct Carried {
    sentence: usize,
    period: Option<Period>,
    per: Option<&'static str>,
    age: Option<AgeRange>,
}

/// Which kinds of quantity a text can hold at all, from its characters (most cells hold none).
struct Kinds {
    age: bool,
    money: bool,
    multiple: bool,
    percent: bool,
}

impl Kinds {
    fn of(text: &str) -> Kinds {
        let mut k = Kinds {
            age: false,
            money: false,
            multiple: false,
            percent: false,
        };
        for c in text.chars() {
            match c {
                '岁' => k.age = true,
                '元' | '圆' | '块' | '币' | '¥' | '￥' => k.money = true,
                '倍' | '/' | '／' => k.multiple = true,
                '之' => {
                    k.multiple = true;
                    k.percent = true;
                }
                '%' | '％' => k.percent = true,
                _ => {}
            }
        }
        k
    }
}

/// Every quantity in `text` (normalized text: no spaces between Han characters and digits),
/// sorted by position.
pub fn find(text: &str) -> Vec<Found> {
    let kinds = Kinds::of(text);
    if !(kinds.age || kinds.money || kinds.multiple || kinds.percent) {
        return Vec::new();
    }
    let ages = if kinds.age {
        age::find(text)
    } else {
        Vec::new()
    };
    let mut out: Vec<Found> = ages
        .iter()
        .map(|a| Found {
            kind: Kind::Age(a.range),
            start: a.start,
            end: a.end,
        })
        .collect();
    let clauses = Scopes::new(text, CLAUSE_END);
    if kinds.money {
        out.extend(money_found(text, &ages, &clauses));
    }
    if kinds.multiple {
        out.extend(multiples_found(text, &clauses));
    }
    if kinds.percent {
        out.extend(percents_found(text, &clauses));
    }
    out.sort_by_key(|f| (f.start, f.end));
    out
}

/// The amounts of money in `text`, each with the period, per word, bound and age of its
/// context.
fn money_found(text: &str, ages: &[age::FoundAge], clauses: &Scopes) -> Vec<Found> {
    let amounts = money::amounts(text);
    let items: Vec<Item> = amounts
        .iter()
        .map(|a| Item {
            start: a.start,
            num_start: a.num_start,
            end: a.end,
        })
        .collect();
    let sentences = Scopes::new(text, SENTENCE_END);
    let mut out = Vec::new();
    let mut prev_end = 0usize;
    // Context of the previous amount of the same sentence: it still holds for an amount that
    // states none when its clause continues the previous one ("每月不低于500元，包括省级200元"),
    // not when a new subject starts ("每人每年15元，意外身故最高赔付2万元").
    let mut carried: Option<Carried> = None;
    for run in runs(text, &items) {
        let first = &amounts[run[0]];
        let scope = Scope {
            sent_key: sentences.start(first.start),
            sentence: sentences.start(first.start).max(prev_end).min(first.start),
            clause: clauses.start(first.start).max(prev_end).min(first.start),
        };
        let ctx = MoneyContext::new(text, first.start, scope, ages, carried, run.len());
        for (k, &i) in run.iter().enumerate() {
            let (found, hand_on) = ctx.amount(&amounts[i], k);
            carried = Some(hand_on);
            out.push(found);
        }
        prev_end = run.last().map_or(prev_end, |&i| amounts[i].end);
    }
    out
}

/// Where the context of a run of amounts is looked for.
#[derive(Clone, Copy)]
struct Scope {
    /// The start of the sentence holding the run's first amount.
    sent_key: usize,
    /// That sentence, after the previous run.
    sentence: usize,
    /// The clause, after the previous run.
    clause: usize,
}

/// The context of one run of amounts joined by 、/和: the words before its first amount.
struct MoneyContext {
    sent_key: usize,
    /// The period word of the sentence (when the clauses after it continue its subject).
    period_word: Option<(usize, Period)>,
    per_word: Option<(usize, &'static str)>,
    bound_word: Option<(usize, Bound)>,
    /// The period and per word that hold: written, or carried from the sentence's amount before.
    period: Option<Period>,
    per: Option<&'static str>,
    /// The age ranges of the sentence before the run (or carried).
    scope_ages: Vec<AgeRange>,
    /// The k-th age goes with the k-th amount.
    pair: bool,
    /// Where the first amount's text starts: at its earliest context word.
    text_start: usize,
}

impl MoneyContext {
    fn new(
        text: &str,
        first: usize,
        s: Scope,
        ages: &[age::FoundAge],
        carried: Option<Carried>,
        run_len: usize,
    ) -> MoneyContext {
        let before_s = &text[s.sentence..first];
        let before_c = &text[s.clause..first];
        // A period word of an earlier clause holds only when the clauses after it continue
        // its subject ("每年为…提供培训，符合条件的给予补贴，每人不超过1000元": the 1000元 is
        // not yearly).
        let period_word =
            last_word(before_s, PERIOD_BEFORE, &[], is_period_word).filter(|(i, _)| {
                let after = &before_s[*i..];
                let mut clauses = after.split(|c: char| CLAUSE_END.contains(&c));
                clauses.next();
                let rest: Vec<&str> = clauses.collect();
                rest.len() < 2 || rest[..rest.len() - 1].iter().all(|c| continues(c))
            });
        let per_word = last_word(before_s, PER_BEFORE, &[], any_word);
        let same_sentence = carried.filter(|c| c.sentence == s.sent_key && continues(before_s));
        let period = period_word
            .map(|(_, p)| p)
            .or(same_sentence.and_then(|c| c.period));
        let per = per_word
            .map(|(_, p)| p)
            .or(same_sentence.and_then(|c| c.per));
        let bound_word = last_word(before_c, BOUND_BEFORE, NOT_BOUNDS, any_word);
        // Ages are sorted and do not overlap: the ones in scope form one slice.
        let lo = ages.partition_point(|a| a.start < s.sentence);
        let hi = ages.partition_point(|a| a.end <= first).max(lo);
        let mut scope_ages: Vec<AgeRange> = ages[lo..hi].iter().map(|a| a.range).collect();
        if scope_ages.is_empty() {
            scope_ages.extend(same_sentence.and_then(|c| c.age));
        }
        let pair = run_len > 1
            && scope_ages.len() == run_len
            && (before_s.contains(RESPECTIVELY) || scope_ages.len() > 1);
        let text_start = [
            period_word.map(|(i, _)| s.sentence + i),
            per_word.map(|(i, _)| s.sentence + i),
            bound_word.map(|(i, _)| s.clause + i),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(first)
        .min(first);
        MoneyContext {
            sent_key: s.sent_key,
            period_word,
            per_word,
            bound_word,
            period,
            per,
            scope_ages,
            pair,
            text_start,
        }
    }

    /// The `k`-th amount of the run in this context, and the context it hands on.
    fn amount(&self, a: &money::Amount, k: usize) -> (Found, Carried) {
        let age = if self.pair {
            self.scope_ages.get(k).copied()
        } else {
            self.scope_ages.last().copied()
        };
        let word_period = self.period_word.map(|(_, p)| p);
        let period = match a.period_after {
            Some(Some(p)) => Some(p),
            // "元/人" is one-off unless a period word says otherwise ("每人每月30元/人").
            Some(None) => word_period,
            None => self.period,
        };
        let per = a.per_after.or(self.per);
        // A price per unit of service ("每月…，每小时30元") is paid per unit, not per period:
        // no period from before its unit, unless one is written after it ("元/次/月").
        let period_after_unit = a.per_after.is_none()
            && matches!((self.period_word, self.per_word), (Some((pi, _)), Some((ui, _))) if pi > ui);
        let period = if per.is_some_and(|p| UNIT_PRICES.contains(&p))
            && !matches!(a.period_after, Some(Some(_)))
            && !period_after_unit
        {
            None
        } else {
            period
        };
        let found = Found {
            kind: Kind::Money {
                value: a.value,
                period,
                per,
                bound: a
                    .bound_after
                    .or(self.bound_word.map(|(_, b)| b))
                    .unwrap_or(Bound::Exact),
                age,
            },
            start: if k == 0 { self.text_start } else { a.start },
            end: a.end,
        };
        let carried = Carried {
            sentence: self.sent_key,
            period,
            per,
            age,
        };
        (found, carried)
    }
}

/// The multiples of a base standard in `text` (1.3倍, 三分之一), with the base and bound of
/// their clause.
fn multiples_found(text: &str, clauses: &Scopes) -> Vec<Found> {
    let raws = multiple::multiples(text);
    let items: Vec<Item> = raws
        .iter()
        .map(|m| Item {
            start: m.start,
            num_start: m.start,
            end: m.end,
        })
        .collect();
    let mut out = Vec::new();
    let mut prev_end = 0usize;
    for run in runs(text, &items) {
        let first = &items[run[0]];
        let clause = clauses
            .start(first.num_start)
            .max(prev_end)
            .min(first.num_start);
        let before = &text[clause..first.num_start];
        let bound_word = last_word(before, BOUND_BEFORE, NOT_BOUNDS, any_word);
        let base = base_of(&before[after_bound_word(before, bound_word)..]);
        let start = bound_word.map_or(first.start, |(i, _)| clause + i);
        for (k, &i) in run.iter().enumerate() {
            let m = &raws[i];
            // A bound after the multiple ("1.2倍以上") is its own.
            let after = words::BOUND_AFTER
                .iter()
                .find(|(w, _)| text[m.end..].starts_with(w))
                .map(|(_, b)| *b);
            out.push(Found {
                kind: Kind::Multiple {
                    factor: m.factor,
                    base: base.clone(),
                    bound: after.or(bound_word.map(|(_, b)| b)).unwrap_or(Bound::Exact),
                },
                start: if k == 0 { start } else { m.start },
                end: m.end,
            });
        }
        prev_end = run.last().map_or(prev_end, |&i| raws[i].end);
    }
    out
}

/// The percentages in `text`; one of a base standard ("按当地最低生活保障标准的30%") is also a
/// multiple of it, and so is the next one of a list ("的5%、20%"); a bare rate ("报销比例70%")
/// is not.
fn percents_found(text: &str, clauses: &Scopes) -> Vec<Found> {
    let mut out = Vec::new();
    // The last percentage read as a multiple: its end and base, for a list ("的5%、20%、40%").
    let mut listed: Option<(usize, String)> = None;
    for p in multiple::percents(text) {
        let clause = clauses
            .start(p.start)
            .max(ceil_char(text, p.start.saturating_sub(PERCENT_LOOKBACK)));
        let after = &text[p.end..];
        let bound = words::BOUND_AFTER
            .iter()
            .find(|(w, _)| after.starts_with(w))
            .map(|(_, b)| *b)
            .or(
                last_word(&text[clause..p.start], BOUND_BEFORE, NOT_BOUNDS, any_word)
                    .map(|(_, b)| b),
            )
            .unwrap_or(Bound::Exact);
        out.push(Found {
            kind: Kind::Percent {
                value: p.factor,
                bound,
            },
            start: p.start,
            end: p.end,
        });
        let before = &text[clause..p.start];
        let names_base = before.ends_with('的') || STANDARDS.iter().any(|w| before.ends_with(w));
        let bound_word = last_word(before, BOUND_BEFORE, NOT_BOUNDS, any_word);
        let (base, start) = if names_base {
            (
                base_of(&before[after_bound_word(before, bound_word)..]),
                bound_word.map_or(p.start, |(i, _)| clause + i),
            )
        } else {
            let in_list = listed.take().filter(|(end, _)| {
                text.get(*end..p.start)
                    .is_some_and(|gap| ["、", "和", "或", "及", "与"].contains(&gap))
            });
            (in_list.map(|(_, base)| base), p.start)
        };
        listed = None;
        if let Some(base) = base {
            out.push(Found {
                kind: Kind::Multiple {
                    factor: numeral::exact(p.factor / 100.0),
                    base: Some(base.clone()),
                    bound,
                },
                start,
                end: p.end,
            });
            listed = Some((p.end, base));
        }
    }
    out
}

/// For each quantity of `found` (the result of [`find`] on `text`), the index in `found` of the
/// amount it is a part of: an amount opened by 含/其中/包括 right after another amount of its
/// sentence ("每人每月100元（含省级补助50元）", "每户最高5000元，其中中央资金3000元"), and the
/// amounts listed after such a part ("其中中央3000元、省级1000元") while the parts stay below
/// their whole. A part is smaller than its whole; anything else is `None`. Totals never add a
/// part to its whole.
///
/// ```
/// use qingdan::quantities::{find, parts};
/// let t = "每户最高5000元，其中中央资金3000元、省级资金1000元";
/// assert_eq!(parts(t, &find(t)), [None, Some(0), Some(0)]);
/// ```
pub fn parts(text: &str, found: &[Found]) -> Vec<Option<usize>> {
    let mut out = vec![None; found.len()];
    // The previous amount: its index, end and the whole it is a part of; the parts' sum so far.
    let mut prev: Option<(usize, usize, Option<usize>)> = None;
    let mut sum = 0.0;
    for (i, f) in found.iter().enumerate() {
        let Kind::Money { value, .. } = f.kind else {
            continue;
        };
        let value_of = |j: usize| match found[j].kind {
            Kind::Money { value, .. } => value,
            _ => 0.0,
        };
        let gap = prev
            .and_then(|(_, end, _)| text.get(end..f.start))
            .unwrap_or("");
        let same_sentence = prev.is_some() && !gap.contains(SENTENCE_END);
        let opened = gap
            .trim_start_matches(|c: char| CLAUSE_END.contains(&c) || "、（(".contains(c))
            .to_owned();
        let part = match prev {
            Some((j, _, whole))
                if same_sentence && PART_OF.iter().any(|w| opened.starts_with(w)) =>
            {
                let w = whole.unwrap_or(j);
                if whole.is_none() {
                    sum = 0.0;
                }
                (value < value_of(w) && sum + value <= value_of(w)).then_some(w)
            }
            // The next of a list of parts: "、省级资金1000元" (listed right after the part, not
            // after a bracket or clause that closed it).
            Some((_, _, Some(w)))
                if same_sentence
                    && gap.starts_with(['、', '和', '及', '与'])
                    && opened.chars().count() <= 8
                    && !opened.contains('每')
                    && sum + value <= value_of(w) =>
            {
                Some(w)
            }
            _ => None,
        };
        if part.is_some() {
            sum += value;
        }
        out[i] = part;
        prev = Some((i, f.end, part));
    }
    out
}

/// Words that name a standard a multiple or percentage can be of.
const STANDARDS: &[&str] = &["标准", "基数", "工资", "收入", "保障", "补贴"];

/// The byte of `before` after its bound word (0 when there is none).
fn after_bound_word<T>(before: &str, bound_word: Option<(usize, T)>) -> usize {
    bound_word.map_or(0, |(i, _)| {
        i + BOUND_BEFORE
            .iter()
            .filter(|(w, _)| before[i..].starts_with(w))
            .map(|(w, _)| w.len())
            .max()
            .unwrap_or(0)
    })
}

/// The base standard of a multiple: the words before the number, after the last 按照/参照/按
/// ("特困人员护理补贴按当地低保标准的" → "当地低保标准"), without 为/是/达到/给予 and 的.
fn base_of(words: &str) -> Option<String> {
    let mut w = ["按照", "参照", "依照", "按"]
        .iter()
        .filter_map(|p| words.rfind(p).map(|i| i + p.len()))
        .max()
        .map_or(words, |i| &words[i..]);
    for p in ["为", "是", "达到", "给予"] {
        if let Some(r) = w.strip_prefix(p) {
            w = r;
        }
    }
    let w = w.trim_end_matches('的');
    let names_a_standard = STANDARDS.iter().any(|k| w.contains(k));
    (names_a_standard && !w.is_empty() && w.chars().count() <= 30).then(|| w.to_owned())
}

/// An amount of money in 元. Serialized as an integer when it is whole (70, not 70.0) and as a
/// decimal otherwise (54.5).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, JsonSchema)]
#[schemars(transparent)]
pub struct Yuan(pub f64);

impl Serialize for Yuan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // As written: 3.455 stays 3.455.
        serialize_number(self.0, s)
    }
}

/// The amount per month of `value` paid every `period`, rounded to 2 decimals (fen); `None`
/// for a one-off amount. The factors are in [`Period::per_month`].
///
/// ```
/// use qingdan::quantities::{monthly, Period};
/// assert_eq!(monthly(1200.0, Some(Period::Year)), Some(100.0));
/// assert_eq!(monthly(15.0, Some(Period::Day)), Some(456.0));
/// assert_eq!(monthly(1000.0, None), None);
/// ```
pub fn monthly(value: f64, period: Option<Period>) -> Option<f64> {
    let (num, den) = period?.per_month();
    let v = numeral::exact(value * num / den);
    // Rounded as written in decimal: 1.005 → 1.01 (in binary 1.005 × 100 is 100.4999…).
    Some(numeral::exact((numeral::exact(v * 100.0)).round() / 100.0))
}

/// A number as the contract writes it: whole numbers without a decimal point, others as
/// written, without float noise ([`numeral::exact`]).
pub(crate) fn serialize_number<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
    let v = numeral::exact(v);
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(v as i64)
    } else {
        s.serialize_f64(v)
    }
}

/// How often an amount is paid; `null` in the output for a one-off amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// 每天, 每日, /天, /日.
    Day,
    /// 每周, /周.
    Week,
    /// 每月, /月.
    Month,
    /// 每季度, 每季, 按季, /季度.
    Quarter,
    /// 每半年, 半年.
    HalfYear,
    /// 每年, /年, 每学年.
    Year,
}

impl Period {
    /// Months-per-period as a fraction `(num, den)`: what an amount is multiplied by and divided
    /// by to give its amount per month. A day is 30.4 per month (365 ÷ 12 = 30.42, as social
    /// assistance in China usually counts it), a week 52 ÷ 12, a quarter 1 ÷ 3, half a year
    /// 1 ÷ 6, a year 1 ÷ 12.
    pub fn per_month(self) -> (f64, f64) {
        match self {
            Period::Day => (30.4, 1.0),
            Period::Week => (52.0, 12.0),
            Period::Month => (1.0, 1.0),
            Period::Quarter => (1.0, 3.0),
            Period::HalfYear => (1.0, 6.0),
            Period::Year => (1.0, 12.0),
        }
    }
}

/// Which side of the amount the text fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Bound {
    /// 不低于, 不少于, 最低, 至少.
    Min,
    /// 不超过, 不高于, 最高, 以内, 上限.
    Max,
    /// The amount itself.
    Exact,
}

/// A multiplication factor as the contract writes it (1.3, 0.3333).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, JsonSchema)]
#[schemars(transparent)]
pub struct Factor(pub f64);

impl Serialize for Factor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // As written (1.25倍 → 1.25); a fraction is already 4 decimals (1/3 → 0.3333).
        serialize_number(self.0, s)
    }
}

#[cfg(test)]
mod tests;
