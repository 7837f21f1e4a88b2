//! Numeric standards in service text: numerals and age ranges.
//!
//! This module holds the numeral reader ([`numeral`]) and the age-range finder ([`age`]), which
//! the foundation uses for `target.age`. Money and multiples (the `quantities` field) build on
//! the same pieces.

pub mod age;
pub mod numeral;

pub use age::AgeRange;

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

/// An amount of money in 元. Serialized as an integer when it is whole (70, not 70.0) and as a
/// decimal otherwise (54.5).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, JsonSchema)]
#[schemars(transparent)]
pub struct Yuan(pub f64);

impl Serialize for Yuan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_number(self.0, s)
    }
}

/// A number as the contract writes it: whole numbers without a decimal point.
pub(crate) fn serialize_number<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(v as i64)
    } else {
        s.serialize_f64(v)
    }
}

/// How often an amount is paid; `null` in the output for a one-off amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// 每月, /月.
    Month,
    /// 每年, /年, 每学年.
    Year,
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
        serialize_number((self.0 * 1e4).round() / 1e4, s)
    }
}
