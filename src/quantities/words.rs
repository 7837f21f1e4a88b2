//! The word lists of the quantity finder, in one table: period words, bound words, units and
//! the words that stop a clause. Every pattern in `money`, `multiple` and `age` takes its words
//! from here.

use super::{Bound, Period};

/// Written before an amount: how often it is paid (longest first).
pub const PERIOD_BEFORE: &[(&str, Period)] = &[
    ("每人每月", Period::Month),
    ("每户每月", Period::Month),
    ("人均每月", Period::Month),
    ("月人均", Period::Month),
    ("每个月", Period::Month),
    ("每月", Period::Month),
    ("按月", Period::Month),
    ("月均", Period::Month),
    ("每人每学年", Period::Year),
    ("每人每年", Period::Year),
    ("每户每年", Period::Year),
    ("人均每年", Period::Year),
    ("年人均", Period::Year),
    ("每学年", Period::Year),
    ("每年度", Period::Year),
    ("每年", Period::Year),
    ("按年", Period::Year),
    ("年均", Period::Year),
    // A bare 月/年 before the amount's noun ("月补贴标准为50元"); not after a date's number.
    ("月补贴", Period::Month),
    ("月补助", Period::Month),
    ("月标准", Period::Month),
    ("月发放", Period::Month),
    ("月领取", Period::Month),
    ("年补贴", Period::Year),
    ("年补助", Period::Year),
    ("年标准", Period::Year),
    ("年发放", Period::Year),
    ("年领取", Period::Year),
];

/// Written right after 元: how often, or `None` for a one-off amount ("元/人", "元/户").
pub const PERIOD_AFTER: &[(&str, Option<Period>)] = &[
    ("/人/月", Some(Period::Month)),
    ("/人·月", Some(Period::Month)),
    ("/人.月", Some(Period::Month)),
    ("/月/人", Some(Period::Month)),
    ("/户/月", Some(Period::Month)),
    ("/人月", Some(Period::Month)),
    ("/月", Some(Period::Month)),
    ("每月", Some(Period::Month)),
    ("/人/年", Some(Period::Year)),
    ("/人·年", Some(Period::Year)),
    ("/年/人", Some(Period::Year)),
    ("/户/年", Some(Period::Year)),
    ("/学年", Some(Period::Year)),
    ("/年", Some(Period::Year)),
    ("/人/次", None),
    ("/人次", None),
    ("/人", None),
    ("/户", None),
    ("/次", None),
    ("/床", None),
    ("/张", None),
];

/// Written before an amount or multiple: which side it fixes (longest first).
pub const BOUND_BEFORE: &[(&str, Bound)] = &[
    ("原则上不低于", Bound::Min),
    ("不得低于", Bound::Min),
    ("不应低于", Bound::Min),
    ("不低于", Bound::Min),
    ("不少于", Bound::Min),
    ("不得少于", Bound::Min),
    ("至少", Bound::Min),
    ("最低", Bound::Min),
    ("起步", Bound::Min),
    ("不得超过", Bound::Max),
    ("不超过", Bound::Max),
    ("不高于", Bound::Max),
    ("不多于", Bound::Max),
    ("最高", Bound::Max),
    ("最多", Bound::Max),
    ("上限为", Bound::Max),
    ("上限", Bound::Max),
    ("封顶", Bound::Max),
];

/// Words that contain a bound word but are names, not bounds ("最低生活保障").
pub const NOT_BOUNDS: &[&str] = &["最低生活", "最低工资", "最低保障", "最高人民", "最低收入"];

/// Written right after an amount: which side it fixes.
pub const BOUND_AFTER: &[(&str, Bound)] = &[
    ("及以上", Bound::Min),
    ("以上", Bound::Min),
    ("起", Bound::Min),
    ("及以下", Bound::Max),
    ("以下", Bound::Max),
    ("以内", Bound::Max),
    ("封顶", Bound::Max),
    ("为上限", Bound::Max),
];

/// Units of money in 元: 元, 圆, 块 and a trailing 人民币.
pub const YUAN_UNITS: &str = r"(?:元|圆|块钱|块)";

/// Characters after 元 that make it part of another word (元旦, 多元化, 二元结构, 元素).
pub const NOT_YUAN_AFTER: &[char] = &['旦', '化', '素', '结', '宵', '首', '帅', '件', '气'];

/// Characters that end a sentence: period, age and bound context never cross them.
pub const SENTENCE_END: &[char] = &['。', '；', ';', '！', '？', '\n'];

/// Characters that end a clause: a bound word never reaches across them.
pub const CLAUSE_END: &[char] = &[
    '。', '；', ';', '，', ',', '：', ':', '\n', '（', '(', '）', ')',
];

/// Separators inside a list of amounts that share one context ("50元、200元和500元").
pub const LIST_JOINERS: &[&str] = &["、", "和", "及", "与", "或", ",", "，"];

/// Range words between two amounts ("60元至100元", "60-100元").
pub const RANGE_JOINERS: &[&str] = &["-", "—", "–", "－", "~", "～", "至", "到"];

/// 分别: the k-th age goes with the k-th amount.
pub const RESPECTIVELY: &str = "分别";
