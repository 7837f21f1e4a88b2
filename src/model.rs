//! The model: the document as the stages fill it and `emit` writes it (contract `qingdan/1`).
//!
//! The list stage and quantities find the values, `document` the metadata, `canonical` the items
//! and groups; `emit` only writes these types and `canonical` only fills them. Structs, not maps,
//! so keys follow declaration order; the JSON Schema (`out/schema.json`) is generated from them.

use crate::diag::Severity;
use crate::layout::Layout;
use crate::quantities::{AgeRange, Bound, Factor, Period, Yuan};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The contract version written in every document.
pub const SCHEMA: &str = "qingdan/1";

/// One source file as canonical JSON.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(
    title = "qingdan canonical document",
    description = "One 基本养老服务清单 source file, parsed (contract qingdan/1)."
)]
pub struct Output {
    /// Always `qingdan/1`.
    pub schema: String,
    /// The file that was read.
    pub source: Source,
    /// Metadata of the document and its list.
    pub document: Document,
    /// One entry per numbered row of the list, in order.
    pub services: Vec<Service>,
    /// Numbered measures of a work plan and rows of a 职责分工表.
    pub tasks: Vec<Task>,
    /// Everything the parser guessed, repaired or skipped.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a person should look at this document, and where (`src/review.rs`).
    pub review: crate::review::Review,
}

/// The source file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Source {
    /// File name; in a batch, the path relative to the input root (`2023/list.txt`).
    pub file: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE` or `GB18030`.
    pub encoding: String,
    /// The reader that ran: `text`, `docx`, `html`, `csv`, `xlsx`, `markdown`.
    pub format: crate::table::Format,
    /// How the list's table was extracted: `tsv`, `line-broken`, or `table` for formats that
    /// carry their own cells.
    pub layout: Layout,
}

/// Document metadata.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Document {
    /// The district the list is for, with its GB/T 2260 code.
    pub region: Option<Region>,
    /// The document's own title.
    pub title: Option<String>,
    /// The 基本养老服务清单 title above the list.
    pub list_title: Option<String>,
    /// The office that issued the document.
    pub issuer: Option<String>,
    /// 发文字号, without inner spaces ("城政办发〔2024〕23号").
    pub doc_number: Option<String>,
    /// Issue date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// True for a 征求意见稿.
    pub draft: bool,
    /// Document numbers of other documents cited.
    pub references: Vec<String>,
}

/// A district resolved to its GB/T 2260 code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Region {
    /// The name as the document writes it ("阳泉市矿区").
    pub name: String,
    /// Six-digit GB/T 2260 code.
    pub adcode: Option<String>,
    /// 省.
    pub province: Option<String>,
    /// 市.
    pub city: Option<String>,
    /// 区/县.
    pub county: Option<String>,
}

/// One numbered row of the list.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Service {
    /// The row's running position in the list, 1..N in reading order, unique.
    pub seq: u32,
    /// The printed 序号 as written ("1", "（三）", "3-2"); numbering may restart under each
    /// section row. A row without one gets the number inferred for it.
    pub number: String,
    /// 服务对象.
    pub target: Target,
    /// 服务项目 name.
    pub name: Option<String>,
    /// The canonical item (`src/data/items.tsv`); `other` or `measure` with the own name kept.
    pub item: Item,
    /// A bundle row's canonical parts (困难残疾人生活补贴和重度残疾人护理补贴); `[]` otherwise.
    pub items: Vec<Item>,
    /// 服务内容 (or the merged 服务内容及标准).
    pub content: Option<String>,
    /// 服务标准.
    pub standard: Option<String>,
    /// 服务类型, one entry each.
    pub types: Vec<String>,
    /// 牵头部门, one organisation each.
    pub departments: Vec<String>,
    /// 配合单位 / 协同单位 / 参与部门 (a second department column), one organisation each.
    pub partners: Vec<String>,
    /// 支出责任.
    pub funding: Option<String>,
    /// Amounts, multiples and ages found in content, standard and funding.
    pub quantities: Vec<Quantity>,
    /// First and last 1-based source lines of the row (for docx, HTML and xlsx: lines of the
    /// text view that `qingdan parse --debug items` prints).
    pub lines: [u32; 2],
    /// Where the row is in a structured file ("table 2, rows 5–6", "Sheet1!A5:H6"); `null`
    /// for text formats, whose `lines` are the file's own.
    pub locator: Option<String>,
}

/// 服务对象 — who the service is for.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Target {
    /// The target text after carry-down and joining; `null` when the list gives none.
    pub text: Option<String>,
    /// The age range the target text names.
    pub age: Option<AgeRange>,
    /// Canonical groups of the target, all of which hold (AND); a term is a group
    /// `{"code","optional","negated"}`, `{"any":[terms]}` or `{"all":[terms]}`.
    pub groups: Vec<GroupTerm>,
}

/// A numeric standard found in a service's text.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Quantity {
    /// An amount of money.
    Money {
        /// Amount in 元.
        value: Yuan,
        /// Always `元`.
        unit: String,
        /// `day`, `week`, `month`, `quarter`, `half-year`, `year`, or `null` for a one-off amount.
        period: Option<Period>,
        /// What the amount is per where the text says so: `人`, `户`, `床`, `次`, `张`, `餐` …;
        /// else `null`.
        per: Option<String>,
        /// The amount per month where the period allows (a year ÷ 12, half a year ÷ 6, a quarter
        /// ÷ 3, a week × 52/12, a day × 30.4), rounded to 2 decimals; `null` for a one-off amount.
        monthly: Option<Yuan>,
        /// `min`, `max` or `exact`.
        bound: Bound,
        /// The age range the amount is for, when its clause names one.
        age: Option<AgeRange>,
        /// The index in the row's `quantities` of the amount this one is a part of
        /// (（含省级补助50元）, 其中…), else `null`; never added to its whole.
        part_of: Option<usize>,
        /// The sub-column label the amount came from (城市, 农村, 重度 …), else `null`.
        scope: Option<String>,
        /// Normalized source text of the quantity.
        text: String,
        /// 1-based source line.
        line: u32,
    },
    /// A multiple or fraction of a base standard.
    Multiple {
        /// 1.3 for 1.3倍, 0.3333 for 1/3.
        factor: Factor,
        /// The standard multiplied, e.g. 当地最低生活保障标准.
        base: Option<String>,
        /// `min`, `max` or `exact`.
        bound: Bound,
        /// The sub-column label the quantity came from, else `null`.
        scope: Option<String>,
        /// Normalized source text of the quantity.
        text: String,
        /// 1-based source line.
        line: u32,
    },
    /// An age range.
    Age {
        /// Youngest age included.
        min: Option<u32>,
        /// Oldest age included.
        max: Option<u32>,
        /// The sub-column label the quantity came from, else `null`.
        scope: Option<String>,
        /// Normalized source text of the quantity.
        text: String,
        /// 1-based source line.
        line: u32,
    },
    /// A percentage (50 for 50%). Never money.
    Percent {
        /// The number before %.
        value: Number,
        /// `min`, `max` or `exact`.
        bound: Bound,
        /// The sub-column label the quantity came from, else `null`.
        scope: Option<String>,
        /// Normalized source text of the quantity.
        text: String,
        /// 1-based source line.
        line: u32,
    },
}

impl Quantity {
    /// The output form of a found quantity.
    pub fn from_found(kind: crate::quantities::Kind, text: String, line: u32) -> Quantity {
        use crate::quantities::Kind;
        match kind {
            Kind::Money {
                value,
                period,
                per,
                bound,
                age,
            } => Quantity::Money {
                value: Yuan(value),
                unit: "元".to_owned(),
                period,
                per: per.map(str::to_owned),
                monthly: crate::quantities::monthly(value, period).map(Yuan),
                bound,
                age,
                part_of: None,
                scope: None,
                text,
                line,
            },
            Kind::Multiple {
                factor,
                base,
                bound,
            } => Quantity::Multiple {
                factor: Factor(factor),
                base,
                bound,
                scope: None,
                text,
                line,
            },
            Kind::Age(r) => Quantity::Age {
                min: r.min,
                max: r.max,
                scope: None,
                text,
                line,
            },
            Kind::Percent { value, bound } => Quantity::Percent {
                value: Number(value),
                bound,
                scope: None,
                text,
                line,
            },
        }
    }
}

impl Quantity {
    /// Marks an amount as a part of the amount at `whole` in its row's `quantities`.
    pub fn set_part_of(&mut self, whole: Option<usize>) {
        if let Quantity::Money { part_of, .. } = self {
            *part_of = whole;
        }
    }

    /// Sets the sub-column label the quantity came from.
    pub fn set_scope(&mut self, label: Option<&str>) {
        let s = match self {
            Quantity::Money { scope, .. }
            | Quantity::Multiple { scope, .. }
            | Quantity::Age { scope, .. }
            | Quantity::Percent { scope, .. } => scope,
        };
        *s = label.map(str::to_owned);
    }
}

/// A plain number, written without a decimal point when whole.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, JsonSchema)]
#[schemars(transparent)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::quantities::serialize_number(self.0, s)
    }
}

/// A work measure or a row of a 职责分工表.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Task {
    /// Its number.
    pub seq: u32,
    /// The section heading it stands under.
    pub section: Option<String>,
    /// The heading before the first 。 (or the 项目 text without its number).
    pub title: String,
    /// The whole text of the measure.
    pub text: String,
    /// 牵头单位.
    pub lead: Vec<String>,
    /// 责任单位.
    pub units: Vec<String>,
    /// First and last 1-based source lines.
    pub lines: [u32; 2],
}

/// A diagnostic as written in the output.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Diagnostic {
    /// `info`, `warning` or `error`.
    pub severity: Severity,
    /// Kebab-case code, e.g. `garbled-cell`, `unused-text`.
    pub code: crate::diag::Code,
    /// What was expected and what was found.
    pub message: String,
    /// 1-based source line.
    pub line: u32,
}

/// A canonical service item (a row of `src/data/items.tsv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Item {
    /// Stable ASCII slug: `longevity-allowance`, …; `other` for a local item that fits none,
    /// `measure` for a work measure (提高… / 加大… / 引导… / 推进…) rather than a service.
    pub code: String,
    /// The canonical name (高龄津贴); for `other` and `measure` the service's own name.
    pub name: String,
    /// 物质帮助, 照护服务 or 关爱服务; for `other` and `measure` the row's first 服务类型.
    pub category: Option<String>,
    /// True for the items of the national list (国家基本养老服务清单, 2023).
    pub national: bool,
}

impl Default for Item {
    fn default() -> Self {
        Item {
            code: "other".to_owned(),
            name: String::new(),
            category: None,
            national: false,
        }
    }
}

/// One canonical group of people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Group {
    /// `minimum-living`, `disabled-care`, `age`, … (`src/data/groups.tsv`).
    pub code: String,
    /// True where the text makes it an optional extension (有条件的地方可扩大到…).
    pub optional: bool,
    /// True for a negation (非低保).
    pub negated: bool,
}

/// A term of `target.groups`: a group, or any/all of several terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum GroupTerm {
    /// One group.
    Group(Group),
    /// One of these terms holds (、 和 及 或 between groups).
    Any {
        /// The alternatives.
        any: Vec<GroupTerm>,
    },
    /// All of these terms hold (的 / 中的 between groups).
    All {
        /// The conditions.
        all: Vec<GroupTerm>,
    },
}

/// Where [`crate::parse_into`] hands the document: its head (source, document; the schema is
/// [`SCHEMA`]) first, then each service as it is finished.
pub trait Sink {
    /// The document's fields before its services.
    ///
    /// # Errors
    /// The sink's own (a streaming writer's I/O error).
    fn head(&mut self, source: Source, document: Document) -> std::io::Result<()>;
    /// One finished service, in list order.
    ///
    /// # Errors
    /// The sink's own.
    fn service(&mut self, service: Service) -> std::io::Result<()>;
}
