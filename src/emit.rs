//! Stage 6: the writer of the canonical JSON document (contract `qingdan/1`), whose types are
//! the [`crate::model`]'s.
//!
//! Two-space indent, keys in declaration order, non-ASCII as written, one trailing newline. No timestamps, no absolute paths: the same input gives the same bytes.

use serde::Serialize;
use std::io::Write;

// The model's types at their former paths (`qingdan::emit::Output` …).
#[doc(no_inline)]
pub use crate::model::{
    Diagnostic, Document, Number, Output, Quantity, Region, SCHEMA, Service, Source, Target, Task,
};

/// The canonical bytes of a value: two-space pretty JSON and one trailing newline.
pub fn to_canonical<T: Serialize>(value: &T) -> String {
    // Serializing these plain structs cannot fail (no maps with non-string keys, no I/O).
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Writes a document as [`to_canonical`] would, piece by piece as [`crate::parse_into`] hands
/// it over: the head, then each service (dropped once written), then tasks and diagnostics.
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

    /// The tasks and diagnostics, and the document's end.
    ///
    /// # Errors
    /// The writer's.
    pub fn finish(mut self, tasks: &[Task], diagnostics: &[Diagnostic]) -> std::io::Result<()> {
        self.out
            .write_all(if self.services == 0 { b"]" } else { b"\n  ]" })?;
        self.out.write_all(b",\n  \"tasks\": ")?;
        self.nested(&tasks, 1)?;
        self.out.write_all(b",\n  \"diagnostics\": ")?;
        self.nested(&diagnostics, 1)?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}

impl<W: Write> crate::model::Sink for JsonStream<W> {
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
