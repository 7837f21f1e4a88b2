//! Canonical JSON documents read back for `compare`, `eligible` and `diff`.
//!
//! Reading is tolerant: a document written before items and groups existed (no `item`,
//! `target.groups`) gets them from its name, target and content; a money amount without
//! `monthly` gets it from `value` and `period` (month 1, year ÷ 12, half-year ÷ 6, quarter ÷ 3,
//! week × 30.4 ÷ 7, day × 30.4; a one-off amount has none).

use super::{GroupTerm, Item};
use serde::Deserialize;

/// One district's document, as far as the commands need it.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The path it was read from (`-` for standard input).
    pub path: String,
    /// `source.file`.
    pub file: String,
    /// `document.region`.
    pub region: Region,
    /// The services, in order.
    pub services: Vec<Svc>,
}

/// A district.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Region {
    /// As the document writes it.
    pub name: String,
    /// Six-digit code.
    pub adcode: Option<String>,
    /// 省.
    pub province: Option<String>,
    /// 市.
    pub city: Option<String>,
    /// 区/县.
    pub county: Option<String>,
}

impl Region {
    /// "山西省 阳泉市 矿区" (what is known), else the name.
    pub fn label(&self) -> String {
        let parts: Vec<&str> = [&self.province, &self.city, &self.county]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        if parts.is_empty() {
            self.name.clone()
        } else {
            parts.join(" ")
        }
    }
}

/// An age range (both ends included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Ages {
    /// Youngest included.
    pub min: Option<u32>,
    /// Oldest included.
    pub max: Option<u32>,
}

impl Ages {
    /// Whether `age` is in the range.
    pub fn contains(&self, age: u32) -> bool {
        self.min.is_none_or(|m| age >= m) && self.max.is_none_or(|m| age <= m)
    }

    /// "80–89", "80+", "–69".
    pub fn label(&self) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => format!("{a}"),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            (Some(a), None) => format!("{a}+"),
            (None, Some(b)) => format!("–{b}"),
            (None, None) => "any age".to_owned(),
        }
    }
}

/// A money amount.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Money {
    /// In 元, as written.
    #[serde(serialize_with = "whole")]
    pub value: f64,
    /// `month`, `year`, … or `None` for one-off.
    pub period: Option<String>,
    /// Per month where the period allows.
    #[serde(serialize_with = "whole_opt")]
    pub monthly: Option<f64>,
    /// `min`, `max`, `exact`.
    pub bound: String,
    /// The age band the amount is for.
    pub age: Option<Ages>,
    /// Source text.
    pub text: String,
    /// Source line.
    pub line: u32,
    /// The sub-column label it came from (城市, 农村, 轻度, 低保 …), where the document has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Index in the row's quantities of the amount this one is a component of (（含省级补助50元）);
    /// such an amount is never added to its whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<usize>,
    /// The unit it is paid per (人, 户, 餐, 次 …), as the document writes it.
    #[serde(skip)]
    pub per: Option<String>,
}

impl Money {
    /// "≥50元/月", "920元/年 (76.67元/月)", "1000元".
    pub fn label(&self) -> String {
        let b = match self.bound.as_str() {
            "min" => "≥",
            "max" => "≤",
            _ => "",
        };
        let per = |p: &str| match p {
            "month" => "月",
            "year" => "年",
            "day" => "日",
            "week" => "周",
            "quarter" => "季度",
            "half-year" => "半年",
            _ => "次",
        };
        match (&self.period, self.monthly) {
            (Some(p), Some(m)) if p == "month" => format!("{b}{}元/月", num(m)),
            (Some(p), Some(m)) => {
                format!("{b}{}元/{} ({b}{}元/月)", num(self.value), per(p), num(m))
            }
            (Some(p), None) => format!("{b}{}元/{}", num(self.value), per(p)),
            (None, _) => format!("{b}{}元", num(self.value)),
        }
    }
}

/// 70, not 70.0 (as in the canonical documents).
fn whole<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    crate::quantities::serialize_number(*v, s)
}

fn whole_opt<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => crate::quantities::serialize_number(*v, s),
        None => s.serialize_none(),
    }
}

/// A number without a trailing .0, at most two decimals.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        let s = format!("{r:.2}");
        s.trim_end_matches('0').to_owned()
    }
}

/// Per month from a value and a period word; `None` for a one-off amount or an unknown period.
pub fn monthly(value: f64, period: Option<&str>) -> Option<f64> {
    let m = match period? {
        "month" => value,
        "year" => value / 12.0,
        "half-year" => value / 6.0,
        "quarter" => value / 3.0,
        "week" => value * 30.4 / 7.0,
        "day" => value * 30.4,
        _ => return None,
    };
    Some((m * 100.0).round() / 100.0)
}

/// A service, as far as the commands need it.
#[derive(Debug, Clone)]
pub struct Svc {
    /// 序号.
    pub seq: u32,
    /// 服务项目.
    pub name: String,
    /// 服务对象 text.
    pub target: Option<String>,
    /// Age range of the target.
    pub target_age: Option<Ages>,
    /// Canonical groups (AND list).
    pub groups: Vec<GroupTerm>,
    /// Canonical item.
    pub item: Item,
    /// Bundle parts.
    pub items: Vec<Item>,
    /// 服务内容.
    pub content: Option<String>,
    /// 服务标准.
    pub standard: Option<String>,
    /// 服务类型.
    pub types: Vec<String>,
    /// 牵头部门.
    pub departments: Vec<String>,
    /// 支出责任.
    pub funding: Option<String>,
    /// Money amounts.
    pub money: Vec<Money>,
    /// For each money amount, its index in the row's quantities (what `part_of` points at).
    pub money_index: Vec<usize>,
    /// Age ranges named in content and standard.
    pub ages: Vec<(Ages, String, u32)>,
    /// First and last source lines.
    pub lines: [u32; 2],
}

#[derive(Deserialize)]
struct InDoc {
    schema: Option<String>,
    #[serde(default)]
    source: InSource,
    #[serde(default)]
    document: InDocument,
    #[serde(default)]
    services: Vec<InService>,
}

#[derive(Deserialize, Default)]
struct InSource {
    #[serde(default)]
    file: String,
}

#[derive(Deserialize, Default)]
struct InDocument {
    region: Option<InRegion>,
}

#[derive(Deserialize, Default)]
struct InRegion {
    #[serde(default)]
    name: String,
    adcode: Option<String>,
    province: Option<String>,
    city: Option<String>,
    county: Option<String>,
}

#[derive(Deserialize)]
struct InService {
    #[serde(default)]
    seq: u32,
    #[serde(default)]
    target: InTarget,
    name: Option<String>,
    item: Option<Item>,
    items: Option<Vec<Item>>,
    content: Option<String>,
    standard: Option<String>,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    departments: Vec<String>,
    funding: Option<String>,
    #[serde(default)]
    quantities: Vec<serde_json::Value>,
    #[serde(default)]
    lines: [u32; 2],
}

#[derive(Deserialize, Default)]
struct InTarget {
    text: Option<String>,
    age: Option<Ages>,
    groups: Option<Vec<GroupTerm>>,
}

/// Reads one canonical document from JSON text.
///
/// # Errors
/// A message when the text is not JSON, is cut off, or is not a `qingdan/1` document.
pub fn read(path: &str, json: &str) -> Result<Doc, String> {
    let d: InDoc = serde_json::from_str(json).map_err(|e| json_error(path, &e))?;
    doc(path, d)
}

/// One line naming the file and what is wrong with its JSON: a cut-off document (an interrupted
/// copy or download) is told apart from text that is not JSON at all.
fn json_error(path: &str, e: &serde_json::Error) -> String {
    if e.classify() == serde_json::error::Category::Eof {
        format!(
            "{path}: cut off: the JSON ends inside the document (line {}); convert the list again",
            e.line()
        )
    } else {
        format!("{path}: not a qingdan document: {e}")
    }
}

fn doc(path: &str, d: InDoc) -> Result<Doc, String> {
    if d.schema.as_deref() != Some(crate::model::SCHEMA) {
        return Err(format!(
            "{path}: not a qingdan document (schema {:?}, expected \"{}\")",
            d.schema.unwrap_or_default(),
            crate::model::SCHEMA
        ));
    }
    let region = d.document.region.map_or_else(Region::default, |r| Region {
        name: r.name,
        adcode: r.adcode,
        province: r.province,
        city: r.city,
        county: r.county,
    });
    let services = d.services.into_iter().map(service).collect();
    Ok(Doc {
        path: path.to_owned(),
        file: d.source.file,
        region,
        services,
    })
}

/// Every document in JSON text: one document (pretty-printed, as `convert` writes files), or
/// one per line (`convert --ndjson`), or several one after the other. A document of NDJSON that
/// cannot be used is named by its line (`lists.ndjson:3`) and the others are still read.
pub fn read_all(path: &str, json: &str) -> Vec<Result<Doc, String>> {
    let first_line = json.trim_start().lines().next().unwrap_or("");
    let one_per_line = serde_json::from_str::<serde::de::IgnoredAny>(first_line).is_ok()
        && json.trim().lines().nth(1).is_some();
    if one_per_line {
        return json
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| read(&format!("{path}:{}", i + 1), l))
            .collect();
    }
    let mut out = Vec::new();
    for d in serde_json::Deserializer::from_str(json).into_iter::<InDoc>() {
        match d {
            Ok(d) => out.push(doc(path, d)),
            Err(e) => {
                // The rest cannot be told apart from the damage: stop at the first error.
                out.push(Err(json_error(path, &e)));
                break;
            }
        }
    }
    if out.is_empty() {
        out.push(Err(format!("{path}: empty: no qingdan document")));
    }
    out
}

/// A money quantity of a document as the commands use it; `None` for a part of another amount
/// ("（含省级补助50元）" is inside its whole: never a second amount, so no total adds it to its
/// whole) or an amount without a value.
fn money_of(
    q: &serde_json::Value,
    index: usize,
    count: usize,
    text: String,
    line: u32,
) -> Option<Money> {
    if q.get("part_of").is_some_and(|p| !p.is_null()) {
        return None;
    }
    let value = q["value"].as_f64()?;
    let period = q["period"].as_str().map(str::to_owned);
    let monthly = match q.get("monthly") {
        Some(m) if !m.is_null() => m.as_f64(),
        Some(_) => None,
        None => monthly(value, period.as_deref()),
    };
    Some(Money {
        value,
        period,
        monthly,
        bound: q["bound"].as_str().unwrap_or("exact").to_owned(),
        age: serde_json::from_value(q["age"].clone()).ok().flatten(),
        text,
        line,
        per: q["per"].as_str().map(str::to_owned),
        scope: q["scope"].as_str().map(str::to_owned),
        // An index pointing at itself or outside the row is no whole.
        part_of: q["part_of"]
            .as_u64()
            .map(|i| i as usize)
            .filter(|&i| i != index && i < count),
    })
}

fn service(s: InService) -> Svc {
    let name = s.name.unwrap_or_default();
    let target = s.target.text;
    let content = s.content;
    let standard = s.standard;
    let (item, items) = match s.item {
        Some(i) => (i, s.items.unwrap_or_default()),
        None => {
            let m = super::match_service(
                &name,
                target.as_deref().unwrap_or(""),
                content.as_deref().unwrap_or(""),
                standard.as_deref().unwrap_or(""),
                s.types.first().map(String::as_str),
            );
            (m.item, m.items)
        }
    };
    let groups = s.target.groups.unwrap_or_else(|| {
        super::for_target(
            target.as_deref().unwrap_or(""),
            content.as_deref().unwrap_or(""),
        )
    });
    let mut money = Vec::new();
    let mut money_index = Vec::new();
    let mut ages = Vec::new();
    for (index, q) in s.quantities.iter().enumerate() {
        let text = q["text"].as_str().unwrap_or("").to_owned();
        let line = q["line"].as_u64().unwrap_or(0) as u32;
        match q["kind"].as_str() {
            Some("money") => {
                if let Some(m) = money_of(q, index, s.quantities.len(), text, line) {
                    money_index.push(index);
                    money.push(m);
                }
            }
            Some("age") => {
                let a = Ages {
                    min: q["min"].as_u64().map(|v| v as u32),
                    max: q["max"].as_u64().map(|v| v as u32),
                };
                ages.push((a, text, line));
            }
            _ => {}
        }
    }
    Svc {
        seq: s.seq,
        name,
        target,
        target_age: s.target.age,
        groups,
        item,
        items,
        content,
        standard,
        types: s.types,
        departments: s.departments,
        funding: s.funding,
        money,
        money_index,
        ages,
        lines: s.lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_amounts() {
        assert_eq!(monthly(120.0, Some("year")), Some(10.0));
        assert_eq!(monthly(920.0, Some("year")), Some(76.67));
        assert_eq!(monthly(50.0, Some("month")), Some(50.0));
        assert_eq!(monthly(300.0, Some("quarter")), Some(100.0));
        assert_eq!(monthly(10.0, Some("day")), Some(304.0));
        assert_eq!(monthly(1000.0, None), None);
        assert_eq!(num(76.666), "76.67");
        assert_eq!(num(70.0), "70");
        assert_eq!(num(54.5), "54.5");
    }

    #[test]
    fn old_documents_get_items_and_groups() {
        let json = r#"{"schema":"qingdan/1","source":{"file":"x.txt"},"document":{"region":null},
            "services":[{"seq":1,"target":{"text":"80周岁及以上老年人","age":{"min":80,"max":null}},
            "name":"高龄津贴","content":null,"standard":null,"types":[],"departments":[],
            "funding":null,"quantities":[{"kind":"money","value":120,"unit":"元","period":"year",
            "bound":"min","age":null,"text":"每年120元","line":3}],"lines":[3,3]}]}"#;
        let d = read("x.json", json).unwrap();
        assert_eq!(d.services[0].item.code, "longevity-allowance");
        assert_eq!(d.services[0].money[0].monthly, Some(10.0));
        assert!(read("y.json", "{}").is_err());
        assert!(read("z.json", "not json").is_err());
    }

    #[test]
    fn a_part_is_not_a_second_amount() {
        // See: issue 18, item 6.
        let json = r#"{"schema":"qingdan/1","source":{"file":"x.txt"},"document":{"region":null},
            "services":[{"seq":1,"target":{"text":"80周岁及以上老年人","age":null},
            "name":"高龄津贴","content":null,"standard":null,"types":[],"departments":[],
            "funding":null,"quantities":[
            {"kind":"money","value":100,"unit":"元","period":"month","bound":"exact","age":null,
             "part_of":null,"text":"每人每月100元","line":3},
            {"kind":"money","value":50,"unit":"元","period":"month","bound":"exact","age":null,
             "part_of":0,"text":"50元","line":3}],"lines":[3,3]}]}"#;
        let d = read("x.json", json).unwrap();
        let values: Vec<f64> = d.services[0].money.iter().map(|m| m.value).collect();
        assert_eq!(values, [100.0]);
    }
}
