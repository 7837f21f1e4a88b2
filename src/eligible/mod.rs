//! `qingdan eligible`: the services a person with a given profile can get, per district, with
//! the evidence for each condition and what they add up to per month.
//!
//! A profile is what a person says at a service window: an age, the groups they are in
//! (`--group`, codes or the words people use: 低保, 特困, 低边, 失能, 独居, 计生特殊家庭, 优抚 …),
//! groups they are not in (`--not-group`), whether they are registered here (`--local`), a 失能
//! level and a 残疾 grade, and a region. Each condition of a service is `met`, `not-met` or
//! `unknown`; a condition the profile does not state is `unknown`, never a no.
//!
//! # The row's condition
//!
//! A row's condition is the AND of:
//!
//! - its 服务对象 (`target`): the age range, the groups of `target.groups` with their AND/OR
//!   (an optional extension, 有条件的地方可扩大到…, is at best `unknown`), a 失能 level or 残疾
//!   grade the target writes (重度失能, 一级、二级);
//! - what its 服务内容 (`content`) says about who: the phrases that name the people served
//!   (为…老年人提供/发放…, 对…的老年人…, 面向…, and a content that opens with the people,
//!   经评估为重度失能的经济困难老年人，…) before the first amount, OR-joined (a bundle row names
//!   each part's people); an age written in a phrase that opens the content; 服务标准 only when
//!   the content names no people;
//! - residence: 户籍 / 居住证 anywhere in the row's who-text;
//! - 老年人 means 60 and over where the row writes no other age; the pension rows'
//!   达到待遇享受年龄 is read from the age (60 and over: met; under 50: not met);
//! - a 特困 person who lives in an institution (集中供养) does not get the dispersed item and
//!   the other way round;
//! - the age band: when every amount of the service is tied to an age band and none holds the
//!   profile's age, not met unless an age range written in the content or standard holds it.
//!
//! Every leaf names the cell it was read from (`target`, `content`, `standard`, `name`).
//!
//! # Implications
//!
//! 低保, 特困 and 低边 people are 经济困难; 特困 dispersed or centralised is 特困; 低保, 特困 and
//! 低边 exclude one another; a 失能 level implies 失能, a 残疾 grade 残疾 (grades 1–2: 重度残疾);
//! 特殊困难 is met by any of the kinds the lists name for it (独居, 空巢, 留守, 失能, 重残,
//! 计划生育特殊家庭), and "A、B、C等特殊困难老年人" by any of A, B, C or the category itself.
//! Each applied implication is written in the leaf's note.
//!
//! # Amounts and the total
//!
//! Each amount is read with the words before it in its cell (轻度失能每人每月100元, 特困老年人每人
//! 每月300元, 按轻度、中度、重度分别给予…200元、400元、600元): an amount for another level,
//! grade or group is dropped, one whose words the profile does not settle is `unknown`. A row's
//! amounts that hold for the profile are counted when they are told apart by their words (a
//! bundle's parts) or when one is left; alternatives the profile does not settle are listed as
//! open. An amount that is a component of another (`part_of`) is never added. The total is the
//! sum per month of the counted amounts of the `yes` rows; one-off and per-use amounts are listed
//! apart.

use crate::canonical::view::{Ages, Doc, Money, Region, Svc, num};
use crate::canonical::{Group, GroupTerm};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

mod amounts;
mod conditions;
mod report;

pub use amounts::*;
pub use conditions::*;
pub use report::*;

/// A 失能 level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CareLevel {
    /// 轻度.
    Mild,
    /// 中度.
    Moderate,
    /// 重度 (完全失能).
    Severe,
}

impl CareLevel {
    /// `mild`/`轻度`, `moderate`/`中度`, `severe`/`重度`/`完全`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().trim_end_matches("失能") {
            "mild" | "轻度" | "1" => Some(Self::Mild),
            "moderate" | "中度" | "2" => Some(Self::Moderate),
            "severe" | "重度" | "完全" | "全" | "3" => Some(Self::Severe),
            _ => None,
        }
    }

    /// 轻度, 中度, 重度.
    pub fn word(self) -> &'static str {
        match self {
            Self::Mild => "轻度",
            Self::Moderate => "中度",
            Self::Severe => "重度",
        }
    }
}

/// Who is asking.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Profile {
    /// Completed years.
    pub age: Option<u32>,
    /// Groups the person is in (codes).
    pub groups: Vec<String>,
    /// Groups the person is known not to be in (codes).
    pub not_groups: Vec<String>,
    /// A GB/T 2260 code or its prefix (14 a province, 1405 a city, 140502 a district).
    pub region: Option<String>,
    /// Registered here (户籍) or holding a 居住证 here: `true`; not: `false`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<bool>,
    /// 失能 level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub care_level: Option<CareLevel>,
    /// 残疾 grade, 1 (most severe) to 4.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disability_grade: Option<u8>,
}

/// Codes a person can state beyond the group table: 低边, the two forms of 特困, 重度残疾.
pub const PERSON_CODES: &[(&str, &str)] = &[
    ("low-edge", "低保边缘、低收入家庭 (implies low-income)"),
    (
        "destitute-dispersed",
        "特困人员，分散供养 (in their own home; implies destitute)",
    ),
    (
        "destitute-centralized",
        "特困人员，集中供养 (in an institution; implies destitute)",
    ),
    (
        "disability-severe",
        "重度残疾 (grade 1 or 2; implies disability)",
    ),
];

/// The words people use at a service window, with what each states: group codes, `care:LEVEL`,
/// `grade:N`, `local:yes|no`.
pub const WORDS: &[(&str, &[&str])] = &[
    ("低保", &["minimum-living"]),
    ("低保户", &["minimum-living"]),
    ("低保对象", &["minimum-living"]),
    ("最低生活保障", &["minimum-living"]),
    ("特困", &["destitute"]),
    ("特困人员", &["destitute"]),
    ("五保", &["destitute"]),
    ("分散供养", &["destitute-dispersed"]),
    ("分散供养特困", &["destitute-dispersed"]),
    ("集中供养", &["destitute-centralized"]),
    ("集中供养特困", &["destitute-centralized"]),
    ("低边", &["low-edge"]),
    ("低保边缘", &["low-edge"]),
    ("低收入", &["low-edge"]),
    ("经济困难", &["low-income"]),
    ("困难", &["low-income"]),
    ("失能", &["disabled-care"]),
    ("失智", &["disabled-care"]),
    ("半失能", &["disabled-care"]),
    ("部分失能", &["disabled-care"]),
    ("生活不能自理", &["disabled-care"]),
    ("不能自理", &["disabled-care"]),
    ("轻度失能", &["care:mild"]),
    ("中度失能", &["care:moderate"]),
    ("重度失能", &["care:severe"]),
    ("完全失能", &["care:severe"]),
    ("独居", &["living-alone"]),
    ("孤寡", &["living-alone"]),
    ("空巢", &["empty-nest"]),
    ("留守", &["left-behind"]),
    ("计生特殊家庭", &["family-planning"]),
    ("计划生育特殊家庭", &["family-planning"]),
    ("失独", &["family-planning"]),
    ("独生子女死亡", &["family-planning"]),
    ("独生子女伤残", &["family-planning"]),
    ("优抚", &["merit"]),
    ("优抚对象", &["merit"]),
    ("军属", &["merit"]),
    ("烈属", &["merit"]),
    ("烈士遗属", &["merit"]),
    ("退役军人", &["merit"]),
    ("残疾军人", &["merit", "disability"]),
    ("残疾", &["disability"]),
    ("残疾人", &["disability"]),
    ("重度残疾", &["disability-severe"]),
    ("重残", &["disability-severe"]),
    ("一级残疾", &["grade:1"]),
    ("二级残疾", &["grade:2"]),
    ("三级残疾", &["grade:3"]),
    ("四级残疾", &["grade:4"]),
    ("流浪", &["vagrant"]),
    ("流浪乞讨", &["vagrant"]),
    ("特殊困难", &["special-hardship"]),
    ("退休", &["pension-age"]),
    ("本地户籍", &["local:yes"]),
    ("户籍", &["local:yes"]),
    ("居住证", &["local:yes"]),
    ("外地户籍", &["local:no"]),
];

fn known_code(c: &str) -> bool {
    crate::canonical::group_codes().iter().any(|(x, _)| x == c)
        || PERSON_CODES.iter().any(|(x, _)| *x == c)
}

/// Adds what a word or code states to the profile (`yes`: `--group`; else `--not-group`).
///
/// # Errors
/// A message naming the word when it is neither a code nor a known word.
pub fn state(p: &mut Profile, word: &str, yes: bool) -> Result<(), String> {
    let word = word.trim();
    let facts: Vec<String> = if known_code(word) {
        vec![word.to_owned()]
    } else if let Some((_, f)) = WORDS.iter().find(|(w, _)| *w == word) {
        f.iter().map(|s| (*s).to_owned()).collect()
    } else {
        return Err(format!(
            "unknown group {word:?}; `qingdan eligible --list-groups` lists the codes and words"
        ));
    };
    for f in facts {
        if let Some(l) = f.strip_prefix("care:") {
            if yes {
                p.care_level = CareLevel::parse(l);
            } else {
                p.not_groups.push("disabled-care".into());
            }
        } else if let Some(g) = f.strip_prefix("grade:") {
            if yes {
                p.disability_grade = g.parse().ok();
            } else {
                p.not_groups.push("disability".into());
            }
        } else if let Some(l) = f.strip_prefix("local:") {
            p.local = Some((l == "yes") == yes);
        } else if yes {
            if !p.groups.contains(&f) {
                p.groups.push(f);
            }
        } else if !p.not_groups.contains(&f) {
            p.not_groups.push(f);
        }
    }
    Ok(())
}

/// What `--list-groups` prints: the codes, the person-only codes and the words.
pub fn list_groups() -> String {
    use std::fmt::Write as _;
    let mut out = String::from("codes (--group / --not-group):\n");
    for (c, n) in crate::canonical::group_codes() {
        let _ = writeln!(out, "  {c:<22} {n}");
    }
    for (c, n) in PERSON_CODES {
        let _ = writeln!(out, "  {c:<22} {n}");
    }
    out.push_str("words (as said at a service window):\n");
    for (w, f) in WORDS {
        let _ = writeln!(out, "  {w:<10} {}", f.join(", "));
    }
    out.push_str(
        "also: --local (or --local=no), --care-level mild|moderate|severe, --disability-grade 1-4\n",
    );
    out
}

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    /// The profile meets it.
    #[serde(rename = "met")]
    Met,
    /// The profile does not.
    #[serde(rename = "not-met")]
    NotMet,
    /// The profile does not say.
    #[serde(rename = "unknown")]
    Unknown,
}

/// One checked condition with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    /// `age 80+`, `group minimum-living`, `not group minimum-living`, `residence`, `care level`,
    /// `disability grade`, `age band`, `target`.
    pub condition: String,
    /// The result.
    pub status: Status,
    /// The cell it was read from: `target`, `content`, `standard`, `name`.
    pub cell: &'static str,
    /// The source text it was read from.
    pub text: String,
    /// Its source line.
    pub line: u32,
    /// Why, where the status needs a word (an implication applied, an age rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Conditions with their AND/OR structure.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Tree {
    /// Every part holds.
    All {
        /// The parts.
        all: Vec<Tree>,
        /// Their AND.
        status: Status,
    },
    /// One part holds.
    Any {
        /// The alternatives.
        any: Vec<Tree>,
        /// Their OR.
        status: Status,
    },
    /// One condition.
    Leaf(Condition),
}

impl Tree {
    /// The status of the node.
    pub fn status(&self) -> Status {
        match self {
            Tree::All { status, .. } | Tree::Any { status, .. } => *status,
            Tree::Leaf(c) => c.status,
        }
    }

    /// Every condition, in order.
    pub fn leaves(&self) -> Vec<&Condition> {
        let mut out = Vec::new();
        fn walk<'a>(t: &'a Tree, out: &mut Vec<&'a Condition>) {
            match t {
                Tree::All { all: v, .. } | Tree::Any { any: v, .. } => {
                    v.iter().for_each(|t| walk(t, out));
                }
                Tree::Leaf(c) => out.push(c),
            }
        }
        walk(self, &mut out);
        out
    }

    fn all(v: Vec<Tree>) -> Tree {
        let status = v.iter().map(Tree::status).fold(Status::Met, and);
        Tree::All { all: v, status }
    }

    fn any(v: Vec<Tree>) -> Tree {
        let status = v.iter().map(Tree::status).fold(Status::NotMet, or);
        Tree::Any { any: v, status }
    }
}

/// An amount of a service, as it applies to the profile.
#[derive(Debug, Clone, Serialize)]
pub struct Amount {
    /// The amount.
    #[serde(flatten)]
    pub money: Money,
    /// `met` when its own words (level, grade, group, band) hold for the profile, `unknown`
    /// when the profile does not settle them.
    pub applies: Status,
    /// The words it is tied to (`重度`, `minimum-living`, `80–89`, `城市` …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tied_to: Vec<String>,
    /// Added to the total per month (`yes` rows only).
    pub counted: bool,
    /// A fee, premium or payout cap rather than a payment to the person (保费, 学费, 赔付 …).
    #[serde(skip)]
    pub fee: bool,
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
    /// The amounts that may hold for the profile (those for other bands, levels or groups left
    /// out).
    pub amounts: Vec<Amount>,
    /// The conditions, an `all` at the root, with evidence.
    pub conditions: Tree,
    /// First and last source lines of the row.
    pub lines: [u32; 2],
    /// The item's category (物质帮助 …): only 物质帮助 amounts add to the monthly total.
    #[serde(skip)]
    pub category: Option<String>,
}

/// One amount of the total.
#[derive(Debug, Clone, Serialize)]
pub struct TotalLine {
    /// The service's 序号.
    pub seq: u32,
    /// The service's name.
    pub name: String,
    /// 元: per month for the monthly lines, as written for the others.
    #[serde(serialize_with = "whole")]
    pub value: f64,
    /// "≥100元/月", "3000元", "每餐3元".
    pub label: String,
}

fn whole<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    crate::quantities::serialize_number(*v, s)
}

/// What the `yes` services add up to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Total {
    /// 元 per month: the counted amounts of the `yes` rows.
    #[serde(serialize_with = "whole")]
    pub monthly: f64,
    /// The counted amounts.
    pub counted: Vec<TotalLine>,
    /// One-off amounts of `yes` rows (一次性, per bed, per household).
    pub one_off: Vec<TotalLine>,
    /// Amounts per use (per meal, per hour).
    pub per_use: Vec<TotalLine>,
    /// Amounts of `yes` rows the profile does not settle (alternatives, a level not stated).
    pub open: Vec<TotalLine>,
    /// Monthly amounts of services rather than money (照护服务, 关爱服务: a bed's or a visit's
    /// subsidy), listed apart.
    pub in_kind: Vec<TotalLine>,
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
    /// What the `yes` services add up to.
    pub total: Total,
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
    let checked: Vec<Entitlement> = doc
        .services
        .iter()
        .filter(|s| s.item.code != "measure")
        .map(|s| check(s, p))
        .collect();
    let total = total(&checked);
    Answer {
        file: doc.file.clone(),
        region: doc.region.clone(),
        profile: p.clone(),
        services: checked
            .into_iter()
            .filter(|e| all || e.status != "no")
            .collect(),
        total,
    }
}

fn total(services: &[Entitlement]) -> Total {
    let mut t = Total::default();
    for e in services.iter().filter(|e| e.status == "yes") {
        for a in &e.amounts {
            let m = &a.money;
            let line = |value: f64, label: String| TotalLine {
                seq: e.seq,
                name: e.name.clone(),
                value,
                label,
            };
            if m.part_of.is_some() || a.fee {
                continue;
            }
            let money = e
                .category
                .as_deref()
                .is_some_and(|c| c.starts_with("物质帮助"));
            match m.monthly {
                Some(v) if !money => t.in_kind.push(line(v, m.label())),
                Some(v) if a.counted => {
                    t.monthly += v;
                    t.counted.push(line(v, m.label()));
                }
                Some(v) => t.open.push(line(v, m.label())),
                None if per_use(m) => t.per_use.push(line(
                    m.value,
                    format!("每{}{}元", m.per.as_deref().unwrap_or("次"), num(m.value)),
                )),
                None => t.one_off.push(line(m.value, m.label())),
            }
        }
    }
    t.monthly = (t.monthly * 100.0).round() / 100.0;
    t
}

fn per_use(m: &Money) -> bool {
    m.period.is_none() && matches!(m.per.as_deref(), Some("餐" | "次" | "小时" | "课时" | "天"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::view;

    fn doc(target: &str, content: &str, quantities: &str) -> Doc {
        let json = format!(
            r#"{{"schema":"{}","source":{{"file":"x.txt"}},"document":{{"region":null}},
            "services":[{{"seq":1,"target":{{"text":"{target}"}},"name":"护理补贴",
            "content":"{content}","standard":null,"types":["物质帮助"],
            "quantities":{quantities},"lines":[3,3]}}]}}"#,
            crate::emit::SCHEMA
        );
        view::read("x.json", &json).unwrap()
    }

    fn money(value: u32, text: &str, part_of: Option<usize>) -> String {
        format!(
            r#"{{"kind":"money","value":{value},"period":"month","bound":"exact","age":null,
            "text":"{text}","line":3,"part_of":{}}}"#,
            part_of.map_or("null".to_owned(), |i| i.to_string())
        )
    }

    fn profile(age: u32, words: &[&str]) -> Profile {
        let mut p = Profile {
            age: Some(age),
            ..Profile::default()
        };
        for w in words {
            state(&mut p, w, true).unwrap();
        }
        p
    }

    #[test]
    fn a_component_is_never_added_to_its_whole() {
        let q = format!(
            "[{},{}]",
            money(100, "每人每月100元", None),
            money(50, "省级补助50元", Some(0))
        );
        let d = doc("低保老年人", "每人每月100元（含省级补助50元）", &q);
        let a = answer(&d, &profile(70, &["低保"]), false);
        assert_eq!(a.services[0].status, "yes");
        assert_eq!(a.total.monthly, 100.0);
        assert_eq!(a.total.counted.len(), 1);
    }

    #[test]
    fn a_level_picks_its_amount() {
        let q = format!(
            "[{},{},{}]",
            money(100, "每人每月100元", None),
            money(200, "每人每月200元", None),
            money(400, "每人每月400元", None)
        );
        let d = doc(
            "经济困难的失能老年人",
            "轻度失能每人每月100元，中度失能每人每月200元，重度失能每人每月400元",
            &q,
        );
        let a = answer(&d, &profile(70, &["低边", "中度失能"]), false);
        assert_eq!(a.services[0].status, "yes");
        assert_eq!(a.total.monthly, 200.0);
        // Without a level the three amounts stay open and nothing is added.
        let a = answer(&d, &profile(70, &["低边", "失能"]), false);
        assert_eq!(a.services[0].status, "yes");
        assert_eq!(a.total.monthly, 0.0);
        assert_eq!(a.total.open.len(), 3);
        // Not 经济困难: the row is closed.
        let mut p = profile(70, &["重度失能"]);
        state(&mut p, "经济困难", false).unwrap();
        assert_eq!(check(&d.services[0], &p).status, "no");
    }
}
