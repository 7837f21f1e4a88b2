//! The word lists of the quantity finder, in one table: period words, bound words, units and
//! the words that stop a clause. Every pattern in `money`, `multiple` and `age` takes its words
//! from here.

use super::{Bound, Period};

/// Written before an amount: how often it is paid. Of two words ending at the same place the
/// longer wins ("每学年" over "每年"); a per word before it ("每人", "每床") is in [`PER_BEFORE`].
pub const PERIOD_BEFORE: &[(&str, Period)] = &[
    ("每天", Period::Day),
    ("每日", Period::Day),
    ("按天", Period::Day),
    ("按日", Period::Day),
    ("日均", Period::Day),
    ("每周", Period::Week),
    ("每星期", Period::Week),
    ("按周", Period::Week),
    ("人均每月", Period::Month),
    ("月人均", Period::Month),
    ("每个月", Period::Month),
    ("每月", Period::Month),
    ("按月", Period::Month),
    ("月均", Period::Month),
    ("每季度", Period::Quarter),
    ("每个季度", Period::Quarter),
    ("每季", Period::Quarter),
    ("按季度", Period::Quarter),
    ("按季", Period::Quarter),
    ("每半年", Period::HalfYear),
    // Not after 上/下/前/后/近, nor before 内/后/以 (see `is_period_word`).
    ("半年", Period::HalfYear),
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
    // A yearly cap ("年度限额5000元", "年最高补助3000元"); not after a date's number.
    ("年度限额", Period::Year),
    ("年度救助限额", Period::Year),
    ("年度补助限额", Period::Year),
    ("年度报销限额", Period::Year),
    ("年度封顶", Period::Year),
    ("年度最高", Period::Year),
    ("年限额", Period::Year),
    ("年最高", Period::Year),
    // A price per bed and day ("每床日补贴20元"): daily, per 床 (from 每床 in [`PER_BEFORE`]).
    ("每床日", Period::Day),
];

/// Written before an amount: what it is per, with the name the output gives it. 位 and 名 are
/// measure words for people and give 人; 张床 and 床位 give 床.
pub const PER_BEFORE: &[(&str, &str)] = &[
    ("每人次", "人次"),
    ("每人", "人"),
    ("每个人", "人"),
    ("每位", "人"),
    ("每名", "人"),
    ("人均", "人"),
    ("每户", "户"),
    ("户均", "户"),
    ("每床", "床"),
    ("每张床", "床"),
    ("每床位", "床"),
    ("每个床位", "床"),
    ("每张", "张"),
    ("每次", "次"),
    ("每餐", "餐"),
    ("每顿", "餐"),
    ("每例", "例"),
    ("每家", "家"),
    ("每所", "所"),
    ("每课时", "课时"),
    ("每小时", "小时"),
    ("每吨", "吨"),
    ("每度", "度"),
];

/// Units of a service or of goods: an amount per one of them is a price ("每小时30元", "每次50元",
/// "每餐10元"), paid each time, not every period; it never takes a period written before its unit.
pub const UNIT_PRICES: &[&str] = &["小时", "次", "人次", "餐", "课时", "例", "吨", "度"];

/// Words that open a part of the amount before it ("每人每月100元（含省级补助50元）",
/// "每户最高5000元，其中中央资金3000元"); "不含" is not one.
pub const PART_OF: &[&str] = &["其中", "含", "包括", "包含"];

/// What a slash after 元 may introduce ("元/人/月", "元/人•天", "元/床", "元/季度"): a period or
/// a per word. The tokens may follow each other with or without a separator (`·•・./／`).
pub const AFTER_SLASH: &[(&str, Unit)] = &[
    ("学年", Unit::Period(Period::Year)),
    ("半年", Unit::Period(Period::HalfYear)),
    ("年", Unit::Period(Period::Year)),
    ("年度", Unit::Period(Period::Year)),
    ("季度", Unit::Period(Period::Quarter)),
    ("月度", Unit::Period(Period::Month)),
    ("季", Unit::Period(Period::Quarter)),
    ("月", Unit::Period(Period::Month)),
    ("星期", Unit::Period(Period::Week)),
    ("周", Unit::Period(Period::Week)),
    ("天", Unit::Period(Period::Day)),
    ("日", Unit::Period(Period::Day)),
    ("人次", Unit::Per("人次")),
    ("人", Unit::Per("人")),
    ("位", Unit::Per("人")),
    ("名", Unit::Per("人")),
    ("户", Unit::Per("户")),
    ("床位", Unit::Per("床")),
    ("床", Unit::Per("床")),
    ("张", Unit::Per("张")),
    ("次", Unit::Per("次")),
    ("餐", Unit::Per("餐")),
    ("例", Unit::Per("例")),
    ("课时", Unit::Per("课时")),
    ("小时", Unit::Per("小时")),
    ("吨", Unit::Per("吨")),
    ("度", Unit::Per("度")),
];

/// Separators between the tokens after a slash ("元/人•月", "元/人/月").
pub const SLASH_SEPARATORS: &[char] = &['/', '／', '·', '•', '・', '.'];

/// Written right after 元 without a slash ("100元每月").
pub const PERIOD_AFTER: &[(&str, Period)] = &[("每月", Period::Month)];

/// A period or a per word after a slash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// How often.
    Period(Period),
    /// What the amount is per.
    Per(&'static str),
}

/// Words that say an amount is paid once, or as a payout, whatever the amount before it: a clause
/// holding one never takes the previous amount's period ("每人每年15元，最高赔付2万元").
pub const ONE_OFF: &[&str] = &["一次性", "赔付", "赔偿", "理赔"];

/// Words that open a clause continuing the amount before it: that amount's period, per word and
/// age still hold ("每月不低于500元，包括省级200元"). Any other clause with words of its own starts
/// a new subject ("保费每人每年15元，意外身故最高赔付2万元": the 2万元 has no period).
pub const CONTINUES: &[&str] = &[
    "包括", "其中", "含", "另", "再", "外加", "加", "即", "合计", "共计", "总计", "省级", "市级",
    "县级", "区级", "中央", "财政",
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
/// A slash between two amounts lists them too ("分别为每人每月100元/200元/500元").
pub const LIST_JOINERS: &[&str] = &["、", "和", "及", "与", "或", ",", "，", "/", "／"];

/// Range words between two amounts ("60元至100元", "60-100元").
pub const RANGE_JOINERS: &[&str] = &["-", "—", "–", "－", "~", "～", "至", "到"];

/// 分别: the k-th age goes with the k-th amount.
pub const RESPECTIVELY: &str = "分别";
