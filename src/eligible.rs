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

/// The kinds the lists name for 特殊困难 (独居、空巢、留守、失能、重残、计划生育特殊家庭).
const HARDSHIP: &[&str] = &[
    "living-alone",
    "empty-nest",
    "left-behind",
    "disabled-care",
    "disability",
    "family-planning",
    "special-hardship",
];

/// Whether the profile is in a group, with the implication used.
fn group_status(code: &str, p: &Profile) -> (Status, Option<String>) {
    let has = |c: &str| p.groups.iter().any(|x| x == c);
    let not = |c: &str| p.not_groups.iter().any(|x| x == c);
    let first =
        |cs: &[&'static str]| -> Option<&'static str> { cs.iter().copied().find(|c| has(c)) };
    if has(code) {
        return (Status::Met, None);
    }
    let implied = |by: &str, what: &str| (Status::Met, Some(format!("{by} ⇒ {what}")));
    match code {
        "low-income" => {
            if let Some(c) = first(&[
                "minimum-living",
                "destitute",
                "destitute-dispersed",
                "destitute-centralized",
                "low-edge",
            ]) {
                return implied(c, "经济困难");
            }
        }
        "destitute" => {
            if let Some(c) = first(&["destitute-dispersed", "destitute-centralized"]) {
                return implied(c, "特困");
            }
        }
        "disabled-care" => {
            if let Some(l) = p.care_level {
                return implied(&format!("{}失能", l.word()), "失能");
            }
        }
        "disability" => {
            if let Some(g) = p.disability_grade {
                return implied(&format!("残疾 grade {g}"), "残疾");
            }
            if has("disability-severe") {
                return implied("disability-severe", "残疾");
            }
        }
        "special-hardship" => {
            if let Some(c) = first(HARDSHIP) {
                let severe = c != "disability"
                    || p.disability_grade.is_some_and(|g| g <= 2)
                    || has("disability-severe");
                if severe {
                    return implied(c, "特殊困难");
                }
            }
            if p.care_level.is_some() {
                return implied("失能", "特殊困难");
            }
            if p.disability_grade.is_some_and(|g| g <= 2) || has("disability-severe") {
                return implied("重残", "特殊困难");
            }
        }
        "pension-age" => match p.age {
            Some(a) if a >= 60 => {
                return (
                    Status::Met,
                    Some(format!("age {a}: past every statutory pension age")),
                );
            }
            Some(a) if a < 50 => {
                return (
                    Status::NotMet,
                    Some(format!("age {a}: below every statutory pension age")),
                );
            }
            _ => {}
        },
        _ => {}
    }
    if not(code) {
        return (Status::NotMet, None);
    }
    // 低保, 特困 and 低边 exclude one another; none of them without 经济困难.
    let poor = ["minimum-living", "destitute", "low-edge"];
    if poor.contains(&code) || code.starts_with("destitute-") {
        if not("low-income") {
            return (
                Status::NotMet,
                Some("not 经济困难 ⇒ not 低保/特困/低边".into()),
            );
        }
        let own = if code.starts_with("destitute") {
            "destitute"
        } else {
            code
        };
        let stated = p.groups.iter().find(|g| {
            let g = if g.starts_with("destitute") {
                "destitute"
            } else {
                g.as_str()
            };
            poor.contains(&g) && g != own
        });
        if let Some(g) = stated {
            return (
                Status::NotMet,
                Some(format!(
                    "{g} excludes {own} (低保, 特困, 低边 are exclusive)"
                )),
            );
        }
    }
    if code == "disabled-care" && not("special-hardship") {
        return (Status::NotMet, Some("not 特殊困难 ⇒ not 失能".into()));
    }
    (Status::Unknown, Some("the profile does not say".to_owned()))
}

fn edge_only(text: &str) -> bool {
    (text.contains("低保边缘") || text.contains("低收入"))
        && !text.contains("困难")
        && !text.contains("返贫")
}

fn narrow_only(text: &str) -> bool {
    (text.contains("返贫") || text.contains("致贫") || text.contains("支出型"))
        && !text.contains("经济困难")
        && !text.contains("低收入")
        && !text.contains("低保边缘")
}

fn age_status(a: Ages, age: Option<u32>) -> Status {
    match age {
        None => Status::Unknown,
        Some(x) if a.contains(x) => Status::Met,
        Some(_) => Status::NotMet,
    }
}

/// Where a condition was read.
#[derive(Clone, Copy)]
struct Src<'a> {
    cell: &'static str,
    text: &'a str,
    line: u32,
}

fn leaf(condition: String, status: Status, src: Src, note: Option<String>) -> Tree {
    Tree::Leaf(Condition {
        condition,
        status,
        cell: src.cell,
        text: src.text.to_owned(),
        line: src.line,
        note,
    })
}

fn group_leaf(g: &Group, s: &Svc, p: &Profile, src: Src) -> Tree {
    let (mut st, mut note) = match g.code.as_str() {
        // A word (高龄, 百岁) read as an age.
        "age" => match (s.target_age, src.cell) {
            (Some(a), "target") => (age_status(a, p.age), None),
            _ => {
                let min = if src.text.contains("百岁") { 100 } else { 80 };
                (
                    age_status(
                        Ages {
                            min: Some(min),
                            max: None,
                        },
                        p.age,
                    ),
                    Some(format!("高龄/百岁 read as {min} and over")),
                )
            }
        },
        "all-elderly" => (
            age_status(
                Ages {
                    min: Some(60),
                    max: None,
                },
                p.age,
            ),
            Some("老年人: 60 and over".to_owned()),
        ),
        // 低保边缘 / 低收入 written without a wider word (经济困难, 困难) means 低边 itself.
        "low-income" if edge_only(src.text) => {
            let (st, note) = group_status("low-edge", p);
            (
                st,
                Some(
                    note.map_or("低保边缘/低收入: the 低边 group".to_owned(), |n| {
                        format!("低保边缘/低收入: the 低边 group; {n}")
                    }),
                ),
            )
        }
        // 返贫致贫人口 / 支出型困难 without 经济困难: only a person who says 经济困难 is in it.
        "low-income" if narrow_only(src.text) => match group_status("low-income", p) {
            (Status::Met, Some(n)) => (
                Status::Unknown,
                Some(format!(
                    "{n} does not settle 返贫致贫/支出型困难; say 经济困难 for it"
                )),
            ),
            other => other,
        },
        code => group_status(code, p),
    };
    if g.negated {
        st = match st {
            Status::Met => Status::NotMet,
            Status::NotMet => Status::Met,
            Status::Unknown => Status::Unknown,
        };
    }
    if g.optional && st == Status::Met {
        st = Status::Unknown;
        note = Some("an optional extension: only where the locality extends the target".into());
    }
    leaf(
        format!("{}group {}", if g.negated { "not " } else { "" }, g.code),
        st,
        src,
        note,
    )
}

fn term_tree(t: &GroupTerm, s: &Svc, p: &Profile, src: Src) -> Tree {
    match t {
        GroupTerm::Group(g) => group_leaf(g, s, p, src),
        GroupTerm::Any { any } => Tree::any(any.iter().map(|t| term_tree(t, s, p, src)).collect()),
        GroupTerm::All { all } => Tree::all(all.iter().map(|t| term_tree(t, s, p, src)).collect()),
    }
}

fn is_code(t: &GroupTerm, codes: &[&str]) -> bool {
    matches!(t, GroupTerm::Group(g) if codes.contains(&g.code.as_str()) && !g.negated)
}

/// "A、B、C等特殊困难老年人" parses as `any(A, B, C) AND special-hardship`: read as any of A, B,
/// C or the category itself.
fn merge_hardship(terms: &[GroupTerm]) -> Vec<GroupTerm> {
    let sh = terms.iter().position(|t| is_code(t, &["special-hardship"]));
    let list = terms.iter().position(|t| match t {
        GroupTerm::Any { any } => any.iter().all(|x| is_code(x, HARDSHIP)),
        _ => false,
    });
    match (sh, list) {
        (Some(i), Some(j)) => {
            let mut out = Vec::new();
            for (k, t) in terms.iter().enumerate() {
                if k == i {
                    continue;
                }
                if k == j {
                    let GroupTerm::Any { any } = t else { continue };
                    let mut any = any.clone();
                    any.push(terms[i].clone());
                    out.push(GroupTerm::Any { any });
                } else {
                    out.push(t.clone());
                }
            }
            out
        }
        _ => terms.to_vec(),
    }
}

/// Phrases naming the people served: 为/对/向/面向 … 老年人 提供/发放/…
static WHO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?:为|对|向|面向|保障)([^，。；;：:为对向]{0,48}?(?:老年人|老人|人员|对象|居民|群体|家庭|户))(?:提供|发放|给予|按|实施|开展|免费|购买|统一|建设|进行|配置|减免|全额|定额|每人|设置|家属|优先|，|,|、|。|$)",
    )
    .expect("the who pattern builds")
});

/// A content that opens with the people: 经评估为重度失能的经济困难老年人，…
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^([^，。；;：:为对向]{2,32}?(?:老年人|老人))(?:，|,|每人|护理补贴|按|可|享受)")
        .expect("the subject pattern builds")
});

static AGE_MIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{2,3})\s*周?岁(?:（含）|\(含\))?(?:及以上|以上)").expect("builds")
});
static AGE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{2,3})\s*(?:周岁)?\s*[—\-–~至到]\s*(\d{2,3})\s*周?岁").expect("builds")
});

/// Ages written in a phrase.
fn phrase_ages(text: &str) -> Vec<Ages> {
    let mut out: Vec<Ages> = AGE_RANGE
        .captures_iter(text)
        .filter_map(|c| {
            Some(Ages {
                min: c[1].parse().ok(),
                max: Some(c[2].parse().ok()?),
            })
        })
        .collect();
    if out.is_empty() {
        out = AGE_MIN
            .captures_iter(text)
            .map(|c| Ages {
                min: c[1].parse().ok(),
                max: None,
            })
            .collect();
    }
    out
}

/// The people phrases of a cell written before its first amount: (phrase, at the cell's start).
fn who_phrases<'a>(cell: &'a str, money: &[Money]) -> Vec<(&'a str, bool)> {
    let stop = money
        .iter()
        .filter_map(|m| cell.find(m.text.as_str()))
        .min()
        .unwrap_or(cell.len());
    let mut out = Vec::new();
    if let Some(c) = SUBJECT.captures(cell)
        && let Some(m) = c.get(1)
    {
        out.push((m.as_str(), false));
    }
    for c in WHO.captures_iter(cell) {
        let (Some(whole), Some(m)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if whole.start() >= stop {
            break;
        }
        // 对其中的重病、重残老年人按规定增发: a part of the people, not the row's.
        if m.as_str().starts_with("其中") {
            continue;
        }
        // 为…提供 opening the content (按规定向…, 每年为…): its age is the row's.
        let lead = &cell[..whole.start()];
        let opening = lead.chars().count() <= 4 && !lead.contains(['，', ',', '。']);
        out.push((m.as_str(), opening));
    }
    out
}

/// 失能 levels and 残疾 grades a text names.
fn levels(text: &str) -> (Vec<CareLevel>, Vec<u8>) {
    let mut care = Vec::new();
    for (w, l) in [
        ("轻度", CareLevel::Mild),
        ("中度", CareLevel::Moderate),
        ("重度失能", CareLevel::Severe),
        ("完全失能", CareLevel::Severe),
        ("全失能", CareLevel::Severe),
    ] {
        if text.contains(w) && !care.contains(&l) {
            care.push(l);
        }
    }
    // Bare 重度 next to 失能 words (轻度、中度、重度分别…), not 重度残疾.
    if !care.contains(&CareLevel::Severe)
        && text.contains("重度")
        && !text.contains("重度残疾")
        && (!care.is_empty() || text.contains("失能"))
    {
        care.push(CareLevel::Severe);
    }
    care.sort();
    let mut grades = Vec::new();
    if text.contains("一级、二级") || text.contains("一、二级") || text.contains("重度残疾")
    {
        grades.extend([1, 2]);
    }
    if text.contains("三级、四级") || text.contains("三、四级") {
        grades.extend([3, 4]);
    }
    (care, grades)
}

fn care_status(levels: &[CareLevel], p: &Profile) -> (Status, Option<String>) {
    let words: Vec<&str> = levels.iter().map(|l| l.word()).collect();
    match p.care_level {
        Some(l) if levels.contains(&l) => (Status::Met, None),
        Some(l) => (
            Status::NotMet,
            Some(format!(
                "{} stated; the row is for {}",
                l.word(),
                words.join("、")
            )),
        ),
        None => match group_status("disabled-care", p) {
            (Status::NotMet, n) => (Status::NotMet, n),
            _ => (
                Status::Unknown,
                Some("the profile states no 失能 level".into()),
            ),
        },
    }
}

fn grade_status(grades: &[u8], p: &Profile) -> (Status, Option<String>) {
    let severe = p.groups.iter().any(|g| g == "disability-severe");
    match p.disability_grade {
        Some(g) if grades.contains(&g) => (Status::Met, None),
        Some(g) => (
            Status::NotMet,
            Some(format!(
                "grade {g} stated; the row is for grades {grades:?}"
            )),
        ),
        None if severe && grades.contains(&1) => {
            (Status::Met, Some("重度残疾 ⇒ grade 1 or 2".into()))
        }
        None if severe => (
            Status::NotMet,
            Some("重度残疾 (grade 1 or 2) stated".into()),
        ),
        None => match group_status("disability", p) {
            (Status::NotMet, n) => (Status::NotMet, n),
            _ => (
                Status::Unknown,
                Some("the profile states no 残疾 grade".into()),
            ),
        },
    }
}

/// Level and grade leaves for a who-text.
fn level_leaves(text: &str, p: &Profile, src: Src, out: &mut Vec<Tree>) {
    let (care, grades) = levels(text);
    // A text naming every level (轻度、中度、重度) sets none.
    if !care.is_empty() && care.len() < 3 {
        let (st, note) = care_status(&care, p);
        let words: Vec<&str> = care.iter().map(|l| l.word()).collect();
        out.push(leaf(
            format!("care level {}", words.join("/")),
            st,
            src,
            note,
        ));
    }
    if !grades.is_empty() && grades.len() < 4 {
        let (st, note) = grade_status(&grades, p);
        let g: Vec<String> = grades.iter().map(u8::to_string).collect();
        out.push(leaf(
            format!("disability grade {}", g.join("/")),
            st,
            src,
            note,
        ));
    }
}

/// The terms of a phrase's groups that the target does not already carry.
fn phrase_tree(phrase: &str, s: &Svc, p: &Profile, src: Src) -> Option<Tree> {
    let mut parts = Vec::new();
    for t in merge_hardship(&crate::canonical::parse_groups(phrase)) {
        if is_code(&t, &["age", "all-elderly"]) || s.groups.contains(&t) {
            continue;
        }
        parts.push(term_tree(&t, s, p, src));
    }
    level_leaves(phrase, p, src, &mut parts);
    (!parts.is_empty()).then(|| Tree::all(parts))
}

/// Checks one service.
pub fn check(s: &Svc, p: &Profile) -> Entitlement {
    let target = s.target.clone().unwrap_or_default();
    let line = s.lines[0];
    let tsrc = Src {
        cell: "target",
        text: &target,
        line,
    };
    let mut conds: Vec<Tree> = Vec::new();
    if target.is_empty() {
        conds.push(leaf(
            "target".into(),
            Status::Unknown,
            tsrc,
            Some("the list names no target for this row".into()),
        ));
    }
    let mut has_age = false;
    if let Some(a) = s.target_age {
        has_age = true;
        conds.push(leaf(
            format!("age {}", a.label()),
            age_status(a, p.age),
            tsrc,
            None,
        ));
    }
    let groups = merge_hardship(&s.groups);
    for t in &groups {
        // A top-level `age` group is the target's range, checked above.
        if s.target_age.is_some() && is_code(t, &["age"]) {
            continue;
        }
        if is_code(t, &["age", "all-elderly"]) {
            has_age = true;
        }
        conds.push(term_tree(t, s, p, tsrc));
    }
    // Levels of the target's first sentence, before an optional extension (a later sentence
    // is a note: 对既符合…又符合重度残疾人护理补贴条件的…可择高申领).
    let first = target
        .split(['。', '；', ';'])
        .next()
        .unwrap_or("")
        .split("有条件")
        .next()
        .unwrap_or("");
    level_leaves(first, p, tsrc, &mut conds);
    // What the content (else the standard) says about who.
    let content = s.content.as_deref().unwrap_or("");
    let standard = s.standard.as_deref().unwrap_or("");
    let mut who_text = target.clone();
    // The standard only where the content is empty: its phrases are mostly a part's
    // (对于行动不便、失智、失能的人员，提供上门服务).
    let standard_cell = if content.trim().is_empty() {
        standard
    } else {
        ""
    };
    for (cell, text) in [("content", content), ("standard", standard_cell)] {
        let phrases = who_phrases(text, &s.money);
        if phrases.is_empty() {
            continue;
        }
        let mut alternatives = Vec::new();
        let mut open = false;
        for (phrase, opening) in &phrases {
            // The evidence is the phrase itself, in its cell.
            let src = Src {
                cell,
                text: phrase,
                line,
            };
            who_text.push_str(phrase);
            match phrase_tree(phrase, s, p, src) {
                Some(t) => alternatives.push(t),
                // A phrase naming no further group: the others do not restrict the row.
                None => open = true,
            }
            if *opening
                && cell == "content"
                && let [a] = phrase_ages(phrase)[..]
                && Some(a) != s.target_age
            {
                has_age = true;
                conds.push(leaf(
                    format!("age {}", a.label()),
                    age_status(a, p.age),
                    src,
                    Some(format!("the content names {phrase}")),
                ));
            }
        }
        match alternatives.len() {
            _ if open => {}
            0 => {}
            1 => conds.extend(alternatives),
            _ => conds.push(Tree::any(alternatives)),
        }
        break;
    }
    // 户籍 / 居住证 in the who-text or anywhere a phrase of the row names the people.
    let residence = [target.as_str(), content, standard]
        .into_iter()
        .zip(["target", "content", "standard"])
        .find(|(t, _)| t.contains("户籍") || t.contains("居住证"));
    if let Some((text, cell)) = residence {
        let (st, note) = match p.local {
            Some(true) => (Status::Met, None),
            Some(false) => (Status::NotMet, Some("not registered here".into())),
            None => (
                Status::Unknown,
                Some("the profile does not say where the person is registered".into()),
            ),
        };
        conds.push(leaf("residence".into(), st, Src { cell, text, line }, note));
    }
    // 老年人: 60 and over where the row writes no other age (pension rows read the age).
    let pension = s.groups.iter().any(|t| is_code(t, &["pension-age"]));
    if !has_age && !pension && (who_text.contains("老年人") || who_text.contains("老人")) {
        conds.push(leaf(
            "age 60+".into(),
            age_status(
                Ages {
                    min: Some(60),
                    max: None,
                },
                p.age,
            ),
            tsrc,
            Some("老年人: 60 and over (the row writes no other age)".into()),
        ));
    }
    // 特困 in an institution does not get the dispersed item, and the other way round.
    let form = |c: &str| p.groups.iter().any(|g| g == c);
    let nsrc = Src {
        cell: "name",
        text: &s.name,
        line,
    };
    match s.item.code.as_str() {
        "destitute-dispersed" if form("destitute-centralized") => conds.push(leaf(
            "destitute dispersed".into(),
            Status::NotMet,
            nsrc,
            Some("集中供养 stated: the person lives in an institution".into()),
        )),
        "destitute-centralized" if form("destitute-dispersed") => conds.push(leaf(
            "destitute centralized".into(),
            Status::NotMet,
            nsrc,
            Some("分散供养 stated: the person lives at home".into()),
        )),
        _ => {}
    }
    // Amounts for the profile's band, level and group.
    let (amounts, band) = amounts(s, p);
    if let Some(b) = band {
        conds.push(b);
    }
    if conds.is_empty() {
        // Every answer cites its row: a target that names no condition is met as written.
        conds.push(leaf(
            "target".into(),
            Status::Met,
            tsrc,
            Some("the target names no condition".into()),
        ));
    }
    let root = Tree::all(conds);
    Entitlement {
        seq: s.seq,
        name: s.name.clone(),
        item: s.item.code.clone(),
        item_name: s.item.name.clone(),
        status: match root.status() {
            Status::Met => "yes",
            Status::Unknown => "maybe",
            Status::NotMet => "no",
        },
        amounts,
        conditions: root,
        lines: s.lines,
        category: s.item.category.clone(),
    }
}

/// The words before each amount in its cell (from the previous amount or the last sentence
/// end), and the amount's position.
fn lead_words(s: &Svc) -> Vec<String> {
    let content = s.content.as_deref().unwrap_or("");
    let standard = s.standard.as_deref().unwrap_or("");
    let mut from = [0usize; 2];
    let mut out = Vec::new();
    for m in &s.money {
        let mut lead = String::new();
        for (k, cell) in [content, standard].into_iter().enumerate() {
            let Some(at) = cell.get(from[k]..).and_then(|c| c.find(m.text.as_str())) else {
                continue;
            };
            let at = from[k] + at;
            let sentence = cell[..at].rfind(['。', '；', ';']).map_or(0, |i| {
                i + cell[i..].chars().next().map_or(1, char::len_utf8)
            });
            lead = cell[sentence.max(from[k])..at].to_owned();
            // 特困人员…全额资助，低保对象每人每年…200元: the clause that names the people.
            if let Some(c) = lead.rfind(['，', ',']) {
                let tail = &lead[c..];
                let cue = !levels(tail).0.is_empty()
                    || !crate::canonical::parse_groups(tail).is_empty()
                    || tail.contains("城市")
                    || tail.contains("农村");
                if cue {
                    lead = tail.trim_start_matches(['，', ',']).to_owned();
                }
            }
            // The amount's own words (每人每月分别发放100元) count as lead too.
            lead.push_str(&m.text);
            from[k] = at + m.text.len();
            break;
        }
        out.push(lead);
    }
    // 按轻度、中度、重度分别给予…200元、400元、600元: levels paired with amounts in order.
    let mut i = 0;
    while i < out.len() {
        let (care, _) = levels(&out[i]);
        let n = care.len();
        if n >= 2 && i + n <= out.len() && (1..n).all(|j| levels(&out[i + j]).0.is_empty()) {
            for (j, l) in care.iter().enumerate() {
                let w = format!("{}失能", l.word());
                if j == 0 {
                    // Keep the other words of the first lead (groups), with one level.
                    let mut lead = out[i].clone();
                    for other in &care {
                        lead = lead.replace(other.word(), "");
                    }
                    out[i] = lead + &w;
                } else {
                    out[i + j] = w;
                }
            }
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

/// Words that make an amount a fee, a premium or a cap on a payout, not money the person gets.
const FEES: &[&str] = &[
    "保费",
    "学费",
    "服务费",
    "承担",
    "经费",
    "赔付",
    "收费",
    "费用",
];

static ASSESSED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"评估为?(\d)\s*[—\-–~至到]?\s*(\d)?级").expect("builds"));

/// The 失能 levels and 残疾 grades an amount's words tie it to: none where the words name every
/// level (轻度、中度、重度) or every grade, which ties it to nothing.
fn tied_levels(lead: &str) -> (Vec<CareLevel>, Vec<u8>) {
    let (mut care, mut grades) = levels(lead);
    if care.len() >= 3 {
        care.clear();
    }
    if grades.len() >= 4 {
        grades.clear();
    }
    (care, grades)
}

/// The labels of tied levels and grades: 中度, 残疾1、2级.
fn level_labels(care: &[CareLevel], grades: &[u8]) -> Vec<String> {
    let mut labels: Vec<String> = care.iter().map(|l| l.word().to_owned()).collect();
    if !grades.is_empty() {
        let grades: Vec<String> = grades.iter().map(u8::to_string).collect();
        labels.push(format!("残疾{}级", grades.join("、")));
    }
    labels
}

/// An amount's own conditions: (labels, status).
fn amount_terms(lead: &str, m: &Money, s: &Svc, p: &Profile) -> (Vec<String>, Status) {
    let mut labels = Vec::new();
    let mut st = Status::Met;
    // The age band is settled before (amounts for other bands are dropped).
    let (care, grades) = tied_levels(lead);
    labels.extend(level_labels(&care, &grades));
    if !care.is_empty() {
        st = and(st, care_status(&care, p).0);
    }
    if !grades.is_empty() {
        st = and(st, grade_status(&grades, p).0);
    }
    if let Some(c) = ASSESSED.captures(lead) {
        // 身体能力评估为2—3级: an assessment level the profile states only as a 失能 level.
        labels.push(c[0].to_owned());
        let lo: u8 = c[1].parse().unwrap_or(0);
        let hi: u8 = c.get(2).and_then(|x| x.as_str().parse().ok()).unwrap_or(lo);
        let level = p.care_level.map(|l| l as u8 + 1);
        st = and(
            st,
            match level {
                Some(l) if (lo..=hi).contains(&l) => Status::Met,
                Some(_) => Status::NotMet,
                None => Status::Unknown,
            },
        );
    }
    // The row's own required groups (top-level leaves, not alternatives).
    let own: Vec<String> = s
        .groups
        .iter()
        .filter_map(|t| match t {
            GroupTerm::Group(g) if !g.negated => Some(g.code.clone()),
            _ => None,
        })
        .collect();
    let src = Src {
        cell: "content",
        text: lead,
        line: m.line,
    };
    for t in crate::canonical::parse_groups(lead) {
        let codes = crate::canonical::flat_codes(std::slice::from_ref(&t));
        // Words the row's own target already requires do not tell its amounts apart.
        if codes.iter().all(|c| {
            matches!(
                c.as_str(),
                "age" | "all-elderly" | "disability" | "disabled-care"
            ) || own.contains(c)
        }) {
            continue;
        }
        labels.extend(codes);
        st = and(st, term_tree(&t, s, p, src).status());
    }
    for w in ["城市", "农村", "城镇"] {
        if lead.contains(w) && !lead.contains("城乡") {
            labels.push(w.to_owned());
            st = and(st, Status::Unknown);
        }
    }
    if let Some(scope) = &m.scope
        && !labels.contains(scope)
    {
        labels.push(scope.clone());
    }
    labels.dedup();
    (labels, st)
}

/// The amounts for the profile, and the age-band condition when every amount is tied to a band.
fn amounts(s: &Svc, p: &Profile) -> (Vec<Amount>, Option<Tree>) {
    let leads = lead_words(s);
    let mut kept: Vec<Amount> = Vec::new();
    for (m, lead) in s.money.iter().zip(&leads) {
        if let (Some(b), Some(age)) = (m.age, p.age)
            && !b.contains(age)
        {
            continue;
        }
        let (tied_to, applies) = amount_terms(lead, m, s, p);
        if applies == Status::NotMet {
            continue;
        }
        kept.push(Amount {
            money: m.clone(),
            applies,
            tied_to,
            counted: false,
            fee: FEES.iter().any(|w| lead.contains(w)),
        });
    }
    // Counted: the amounts told apart by their own words, else the only one left.
    let monthly = |a: &Amount| a.money.monthly.is_some() && a.money.part_of.is_none() && !a.fee;
    let tied: Vec<usize> = (0..kept.len())
        .filter(|&i| {
            monthly(&kept[i]) && kept[i].applies == Status::Met && !kept[i].tied_to.is_empty()
        })
        .collect();
    let plain: Vec<usize> = (0..kept.len())
        .filter(|&i| {
            monthly(&kept[i]) && kept[i].applies == Status::Met && kept[i].tied_to.is_empty()
        })
        .collect();
    if !tied.is_empty() {
        let mut seen: Vec<Vec<String>> = Vec::new();
        for i in tied {
            if !seen.contains(&kept[i].tied_to) {
                seen.push(kept[i].tied_to.clone());
                kept[i].counted = true;
            }
        }
    } else if let [i] = plain[..] {
        kept[i].counted = true;
    }
    // The age band.
    let banded = !s.money.is_empty() && s.money.iter().all(|m| m.age.is_some());
    let band = match (banded, p.age) {
        (true, Some(age)) => {
            let first = &s.money[0];
            let bands: Vec<String> = s
                .money
                .iter()
                .filter_map(|m| m.age.map(|a| a.label()))
                .collect();
            let any_band = s
                .money
                .iter()
                .any(|m| m.age.is_some_and(|b| b.contains(age)));
            let named = s.ages.iter().find(|(a, _, _)| a.contains(age));
            let src = |text: &str, line: u32| {
                Tree::Leaf(Condition {
                    condition: "age band".into(),
                    status: Status::Met,
                    cell: cell_of(s, text),
                    text: text.to_owned(),
                    line,
                    note: None,
                })
            };
            let mut t = match (any_band, named) {
                (true, _) => src(&first.text, first.line),
                (false, Some((_, text, l))) => src(text, *l),
                (false, None) => src(&first.text, first.line),
            };
            if let Tree::Leaf(c) = &mut t {
                c.note = Some(match (any_band, named) {
                    (true, _) => format!("amounts are for {} (age {age})", bands.join(", ")),
                    (false, Some((a, _, _))) => format!(
                        "{} holds age {age}; the list states amounts only for {}",
                        a.label(),
                        bands.join(", ")
                    ),
                    (false, None) => {
                        c.status = Status::NotMet;
                        format!("amounts are for {} (age {age})", bands.join(", "))
                    }
                });
            }
            Some(t)
        }
        _ => None,
    };
    (kept, band)
}

fn cell_of(s: &Svc, text: &str) -> &'static str {
    if s.content.as_deref().is_some_and(|c| c.contains(text)) {
        "content"
    } else if s.standard.as_deref().is_some_and(|c| c.contains(text)) {
        "standard"
    } else {
        "target"
    }
}

/// A readable table of answers, for a terminal.
pub fn table(answers: &[Answer]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for a in answers {
        let _ = writeln!(
            out,
            "{} ({}) — {}",
            a.region.label(),
            a.region.adcode.as_deref().unwrap_or("?"),
            a.file
        );
        if a.services.is_empty() {
            out.push_str("  (nothing)\n");
        }
        for e in &a.services {
            let amounts: Vec<String> = e
                .amounts
                .iter()
                .map(|x| {
                    let m = &x.money;
                    let tied = if x.tied_to.is_empty() {
                        String::new()
                    } else {
                        format!("{}: ", x.tied_to.join(" "))
                    };
                    let mark = match (x.counted, x.applies) {
                        (true, _) => "",
                        (false, Status::Unknown) => "?",
                        (false, _) => "",
                    };
                    format!("{mark}{tied}{}", m.label())
                })
                .collect();
            let _ = writeln!(
                out,
                "  {:<5} #{:<3} {} [{}]{}",
                e.status,
                e.seq,
                e.name,
                e.item,
                if amounts.is_empty() {
                    String::new()
                } else {
                    format!("  {}", amounts.join("; "))
                }
            );
            tree_lines(&e.conditions, 10, true, &mut out);
        }
        let t = &a.total;
        let _ = writeln!(
            out,
            "  total per month: {}元{}",
            num(t.monthly),
            if t.counted.is_empty() {
                String::new()
            } else {
                format!(
                    " ({})",
                    t.counted
                        .iter()
                        .map(|l| format!("#{} {}", l.seq, l.label))
                        .collect::<Vec<_>>()
                        .join(" + ")
                )
            }
        );
        for (what, lines) in [
            ("one-off", &t.one_off),
            ("services", &t.in_kind),
            ("per use", &t.per_use),
            ("not settled", &t.open),
        ] {
            if !lines.is_empty() {
                let _ = writeln!(
                    out,
                    "  {what}: {}",
                    lines
                        .iter()
                        .map(|l| format!("#{} {}", l.seq, l.label))
                        .collect::<Vec<_>>()
                        .join("; ")
                );
            }
        }
    }
    out
}

fn tree_lines(t: &Tree, indent: usize, root: bool, out: &mut String) {
    use std::fmt::Write as _;
    let mark = |s: Status| match s {
        Status::Met => "✓",
        Status::NotMet => "✗",
        Status::Unknown => "?",
    };
    match t {
        Tree::All { all: v, status } | Tree::Any { any: v, status } => {
            let next = if root {
                indent
            } else {
                let word = if matches!(t, Tree::All { .. }) {
                    "all of"
                } else {
                    "any of"
                };
                let _ = writeln!(out, "{:indent$}{} {word}", "", mark(*status));
                indent + 2
            };
            for c in v {
                tree_lines(c, next, false, out);
            }
        }
        Tree::Leaf(c) => {
            // The JSON keeps the whole text; a terminal gets its first 40 characters.
            let mut text: String = c.text.chars().take(40).collect();
            if c.text.chars().count() > 40 {
                text.push('…');
            }
            let _ = writeln!(
                out,
                "{:indent$}{} {}{} — {} L{} {text}",
                "",
                mark(c.status),
                c.condition,
                c.note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default(),
                c.cell,
                c.line,
            );
        }
    }
}

/// A short Chinese word for a group code (`!minimum-living` → 非低保), for labels.
pub fn group_word(code: &str) -> String {
    let (neg, c) = match code.strip_prefix('!') {
        Some(c) => ("非", c),
        None => ("", code),
    };
    let w = match c {
        "minimum-living" => "低保",
        "destitute" => "特困",
        "low-income" => "经济困难",
        "special-hardship" => "特殊困难",
        "family-planning" => "计生特殊家庭",
        "merit" => "优抚",
        "living-alone" => "独居",
        "empty-nest" => "空巢",
        "left-behind" => "留守",
        "vagrant" => "流浪乞讨",
        "pension-age" => "退休",
        "disabled-care" => "失能",
        "disability" => "残疾",
        other => other,
    };
    format!("{neg}{w}")
}

/// Per money amount of a service, the words it is tied to in its cell, whoever asks: a 失能
/// level (轻度, 中度, 重度), a 残疾 grade, a scope (城市, 农村) and the groups its words name (低保,
/// 特困, 低保边缘 …), plus the document's own `scope`.
pub fn amount_labels(s: &Svc) -> Vec<Vec<String>> {
    lead_words(s)
        .iter()
        .zip(&s.money)
        .map(|(lead, m)| {
            let (care, grades) = tied_levels(lead);
            let mut labels = level_labels(&care, &grades);
            for w in ["城市", "农村", "城镇"] {
                if lead.contains(w) && !lead.contains("城乡") {
                    labels.push(w.to_owned());
                }
            }
            for code in crate::canonical::flat_codes(&crate::canonical::parse_groups(lead)) {
                if matches!(
                    code.trim_start_matches('!'),
                    "age" | "all-elderly" | "disability" | "disabled-care"
                ) {
                    continue;
                }
                let w = if code == "low-income" && edge_only(lead) {
                    "低保边缘".to_owned()
                } else {
                    group_word(&code)
                };
                if !labels.contains(&w) {
                    labels.push(w);
                }
            }
            if let Some(sc) = &m.scope
                && !labels.contains(sc)
            {
                labels.push(sc.clone());
            }
            labels
        })
        .collect()
}

static MULTIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:城乡)?(?:最低生活保障|低保|最低工资|护理补贴)标准)的?((?:\d+(?:\.\d+)?倍|\d+(?:\.\d+)?%|\d+/\d+)(?:、(?:\d+(?:\.\d+)?倍|\d+(?:\.\d+)?%|\d+/\d+))*)",
    )
    .expect("builds")
});

/// Amounts written as a multiple of a standard (低保标准的1.3倍, 最低工资标准的1/3, 低保标准的30%),
/// as "低保标准×1.3", "最低工资标准×1/3", "低保标准×30%".
pub fn multiples(s: &Svc) -> Vec<String> {
    let mut out = Vec::new();
    for cell in [s.content.as_deref(), s.standard.as_deref()]
        .into_iter()
        .flatten()
    {
        for c in MULTIPLE.captures_iter(cell) {
            let base = c[1]
                .trim_start_matches("城乡")
                .replace("最低生活保障", "低保");
            let f = c[2].replace('倍', "");
            let m = format!("{base}×{f}");
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
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
