//! Stage 6: the canonical JSON document (contract `qingdan/1`) and its writer.
//!
//! Structs, not maps, so keys follow declaration order; two-space indent, non-ASCII as written,
//! one trailing newline. No timestamps, no absolute paths: the same input gives the same bytes.

use crate::diag::Severity;
use crate::layout::Layout;
use crate::quantities::{AgeRange, Bound, Factor, Period, Yuan};
use schemars::JsonSchema;
use serde::Serialize;
use std::io::Write;

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
    /// 序号.
    pub seq: u32,
    /// 服务对象.
    pub target: Target,
    /// 服务项目 name.
    pub name: Option<String>,
    /// The canonical item (`../shared/TAXONOMY.md`); `other` or `measure` with the own name kept.
    pub item: crate::canonical::Item,
    /// A bundle row's canonical parts (困难残疾人生活补贴和重度残疾人护理补贴); `[]` otherwise.
    pub items: Vec<crate::canonical::Item>,
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
    pub groups: Vec<crate::canonical::GroupTerm>,
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
                text,
                line,
            },
            Kind::Age(r) => Quantity::Age {
                min: r.min,
                max: r.max,
                text,
                line,
            },
            Kind::Percent { value, bound } => Quantity::Percent {
                value: Number(value),
                bound,
                text,
                line,
            },
        }
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

/// The canonical bytes of a value: two-space pretty JSON and one trailing newline.
pub fn to_canonical<T: Serialize>(value: &T) -> String {
    // Serializing these plain structs cannot fail (no maps with non-string keys, no I/O).
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Writes a document as [`to_canonical`] would, piece by piece as [`crate::parse_into`] hands
/// it over: the head, then each service (dropped once written), then tasks, diagnostics and the review.
/// The bytes are the same as `to_canonical` of the whole [`Output`] (tested).
pub struct JsonStream<W: Write> {
    out: std::io::BufWriter<W>,
    services: usize,
}

impl<W: Write> JsonStream<W> {
    pub fn new(out: W) -> Self {
        JsonStream {
            out: std::io::BufWriter::with_capacity(1 << 16, out),
            services: 0,
        }
    }

    /// `value` pretty-printed as it reads `depth` levels down (two spaces a level). Strings
    /// in JSON hold no raw newline, so indenting every line break is exact.
    fn nested<T: Serialize>(&mut self, value: &T, depth: usize) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(value).map_err(std::io::Error::from)?;
        let pad = "  ".repeat(depth);
        for (i, line) in json.split(|b| *b == b'\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
                self.out.write_all(pad.as_bytes())?;
            }
            self.out.write_all(line)?;
        }
        Ok(())
    }

    /// The tasks, diagnostics and review, and the document's end.
    ///
    /// # Errors
    /// The writer's.
    pub fn finish(
        mut self,
        tasks: &[Task],
        diagnostics: &[Diagnostic],
        review: &crate::review::Review,
    ) -> std::io::Result<()> {
        self.out
            .write_all(if self.services == 0 { b"]" } else { b"\n  ]" })?;
        self.out.write_all(b",\n  \"tasks\": ")?;
        self.nested(&tasks, 1)?;
        self.out.write_all(b",\n  \"diagnostics\": ")?;
        self.nested(&diagnostics, 1)?;
        self.out.write_all(b",\n  \"review\": ")?;
        self.nested(review, 1)?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}

impl<W: Write> crate::Sink for JsonStream<W> {
    fn head(&mut self, source: Source, document: Document) -> std::io::Result<()> {
        self.out.write_all(b"{\n  \"schema\": ")?;
        self.nested(&SCHEMA, 1)?;
        self.out.write_all(b",\n  \"source\": ")?;
        self.nested(&source, 1)?;
        self.out.write_all(b",\n  \"document\": ")?;
        self.nested(&document, 1)?;
        self.out.write_all(b",\n  \"services\": [")
    }

    fn service(&mut self, service: Service) -> std::io::Result<()> {
        self.out.write_all(if self.services == 0 {
            b"\n    "
        } else {
            b",\n    "
        })?;
        self.services += 1;
        self.nested(&service, 2)
    }
}

/// The JSON Schema of [`Output`], generated from the Rust types.
pub fn schema() -> String {
    to_canonical(&schemars::schema_for!(Output))
}

#[cfg(test)]
mod tests {
    /// Field order and values of a money quantity, as the contract writes them.
    #[test]
    fn money_fields_in_contract_order() {
        let q = crate::quantities_of("每人每天15元");
        assert_eq!(
            serde_json::to_string(&q).unwrap_or_default(),
            r#"[{"kind":"money","value":15,"unit":"元","period":"day","per":"人","monthly":456,"bound":"exact","age":null,"text":"每人每天15元","line":1}]"#
        );
        let q = crate::quantities_of("水价3.455元/吨，一次性补贴1000元");
        assert_eq!(
            serde_json::to_string(&q).unwrap_or_default(),
            r#"[{"kind":"money","value":3.455,"unit":"元","period":null,"per":"吨","monthly":null,"bound":"exact","age":null,"text":"3.455元/吨","line":1},{"kind":"money","value":1000,"unit":"元","period":null,"per":null,"monthly":null,"bound":"exact","age":null,"text":"1000元","line":1}]"#
        );
        let q = crate::quantities_of("每床每半年1.2万元");
        assert_eq!(
            serde_json::to_string(&q).unwrap_or_default(),
            r#"[{"kind":"money","value":12000,"unit":"元","period":"half-year","per":"床","monthly":2000,"bound":"exact","age":null,"text":"每床每半年1.2万元","line":1}]"#
        );
    }
}
