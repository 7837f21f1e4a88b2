//! Row numbers: the 序号 a cell holds, and numbers that could not be read inferred.

use super::repair::Skeleton;
use crate::diag::{Code, Diagnostics};

/// The number in a 序号 cell ("12", "12.", "１２"), if it is one.
pub(super) fn seq_value(norm: &str) -> Option<u32> {
    let t = norm.trim_end_matches(['.', '、', '．', ',', '，']);
    // Up to nine digits: a list may run past 9,999 rows, and a u32 holds nine.
    if t.is_empty() || t.len() > 9 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Fills numbers that could not be read: one more than the row above, checked against the row
/// below. Reports every inferred number and every break in the ascending order.
pub(super) fn infer_numbers(mapped: &[Skeleton], diags: &mut Diagnostics) -> Vec<u32> {
    let mut out = Vec::with_capacity(mapped.len());
    let mut prev: Option<u32> = None;
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
        let seq = match m.seq {
            Some(v) => {
                if prev.is_some_and(|p| v <= p) {
                    diags.warn(
                        Code::NumberOrder,
                        m.span,
                        format!("row number {v} does not follow {}", prev.unwrap_or(0)),
                    );
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
        prev = Some(seq);
        out.push(seq);
    }
    out
}
