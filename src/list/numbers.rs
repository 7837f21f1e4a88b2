//! Row numbers: the 序号 a cell holds, and numbers that could not be read inferred.

use super::repair::Skeleton;
use crate::diag::{Code, Diagnostics};

/// The number in a 序号 cell ("12", "12.", "１２", "3-2", "（三）"), if it is one: its value
/// inside its section (2 for "3-2").
pub(super) fn seq_value(norm: &str) -> Option<u32> {
    number_key(norm).map(|(_, v)| v)
}

/// A printed 序号 as lists write it: "12" → (None, 12); "3-2" → (Some(3), 2), a number under
/// section 3; "（三）" → (None, 3). `None` when the cell holds no number.
pub(super) fn number_key(norm: &str) -> Option<(Option<u32>, u32)> {
    let t = norm.trim_end_matches(['.', '、', '．', ',', '，']);
    let digits = |x: &str| -> Option<u32> {
        // Up to nine digits: a list may run past 9,999 rows, and a u32 holds nine.
        (!x.is_empty() && x.len() <= 9 && x.chars().all(|c| c.is_ascii_digit()))
            .then(|| x.parse().ok())
            .flatten()
    };
    if let Some(v) = digits(t) {
        return Some((None, v));
    }
    // "3-2", "3—2", "3.2": a number inside section 3.
    if let Some(i) = t.find(['-', '—', '－', '.', '．']) {
        let (major, rest) = t.split_at(i);
        let minor = rest.trim_start_matches(['-', '—', '－', '.', '．']);
        // Short parts without a leading zero: "0512-65228120" is a telephone number.
        let part = |x: &str| {
            (x.len() <= 3 && !x.starts_with('0'))
                .then(|| digits(x))
                .flatten()
        };
        if let (Some(a), Some(b)) = (part(major), part(minor)) {
            return Some((Some(a), b));
        }
    }
    // "（三）", "(12)": a bracketed numeral.
    let inner = t
        .strip_prefix(['（', '('])
        .and_then(|x| x.strip_suffix(['）', ')']))?;
    if let Some(v) = digits(inner) {
        return Some((None, v));
    }
    if inner.is_empty()
        || inner.chars().count() > 3
        || !inner.chars().all(|c| "一二三四五六七八九十".contains(c))
    {
        return None;
    }
    crate::numeral::parse(inner)
        .filter(|v| v.fract() == 0.0 && *v >= 1.0)
        .map(|v| (None, v as u32))
}

/// Fills numbers that could not be read: one more than the row above, checked against the row
/// below. Reports every inferred number and every break in the order: a number that does not
/// follow the one above, or skips some, inside a section. Numbering that starts again under a
/// section row (`restarts`) or with the next section of "3-2" numbers is the list's own.
pub(super) fn infer_numbers(
    mapped: &[Skeleton],
    restarts: &[bool],
    diags: &mut Diagnostics,
) -> Vec<u32> {
    let mut out = Vec::with_capacity(mapped.len());
    let mut prev: Option<u32> = None;
    let mut prev_major: Option<u32> = None;
    // The next written number after each row, in one backward pass (linear in the rows).
    let mut next_seq: Vec<Option<u32>> = vec![None; mapped.len()];
    let mut seen = None;
    for (i, m) in mapped.iter().enumerate().rev() {
        next_seq[i] = seen;
        if m.seq.is_some() {
            seen = m.seq;
        }
    }
    for (i, m) in mapped.iter().enumerate() {
        let major = m.number.as_ref().and_then(|(_, major)| *major);
        let restart =
            restarts.get(i).copied().unwrap_or(false) || (major.is_some() && major != prev_major);
        if restart {
            prev = None;
        }
        let seq = match m.seq {
            Some(v) => {
                if let Some(p) = prev {
                    if v <= p {
                        diags.warn(
                            Code::NumberOrder,
                            m.span,
                            format!("row number {v} does not follow {p}"),
                        );
                    } else if v > p + 1 {
                        diags.warn(
                            Code::NumberOrder,
                            m.span,
                            format!("row number {v} follows {p}: numbers between are missing"),
                        );
                    }
                }
                v
            }
            None => {
                let guess = prev.map_or(1, |p| p + 1);
                let next = next_seq[i];
                let sure = next.is_none_or(|n| n == guess + 1);
                diags.warn(
                    Code::MissingNumber,
                    m.span,
                    if sure {
                        format!("row has no number; {guess} comes between its neighbours")
                    } else {
                        format!("row has no number; guessed {guess} from the row above")
                    },
                );
                guess
            }
        };
        if major.is_some() {
            prev_major = major;
        }
        prev = Some(seq);
        out.push(seq);
    }
    out
}
