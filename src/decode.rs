//! Stage 1: bytes → [`Decoded`] text.
//!
//! Order of trust: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE), then strict UTF-8, then
//! GB18030 (which covers GBK and GB2312). CRLF and lone CR become LF, so later stages see one
//! line ending. Nothing else is changed here: normalization of cell text is `normalize`'s job.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// The text of one source file and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with LF line ends and without a BOM.
    pub text: String,
    /// The encoding's name as the contract writes it: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`.
    pub encoding: &'static str,
    /// Whether the file started with a byte-order mark.
    pub had_bom: bool,
    /// Whether malformed sequences were replaced with U+FFFD.
    pub lossy: bool,
}

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The file has no bytes (or only a BOM, or only whitespace).
    #[error("the file is empty")]
    Empty,
    /// The bytes are not text in any supported encoding.
    #[error("not text: {reason}")]
    Binary {
        /// What gave it away.
        reason: String,
    },
}

/// Decodes `bytes`; see the module docs for the order in which encodings are tried.
///
/// # Errors
/// [`DecodeError::Empty`] for an empty file, [`DecodeError::Binary`] for bytes that hold NULs or
/// control characters outside UTF-16, or that decode to mostly replacement characters.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (encoding, had_bom, body): (&'static Encoding, bool, &[u8]) = match Encoding::for_bom(bytes)
    {
        Some((enc, len)) => (enc, true, bytes.get(len..).unwrap_or(&[])),
        None => {
            // Text never holds NUL bytes, UTF-16 of this text always does; and UTF-16 of
            // Han characters is often valid UTF-8 byte by byte, so look for it first.
            let utf16 = if bytes.contains(&0) {
                sniff_utf16(bytes)
            } else {
                None
            };
            match utf16 {
                Some(enc) => (enc, false, bytes),
                None => (UTF_8, false, bytes),
            }
        }
    };
    // Strict UTF-8 first (validated once); else the BOM's decoder, or GB18030.
    let (encoding, text, lossy) = match (encoding == UTF_8).then(|| std::str::from_utf8(body)) {
        Some(Ok(t)) => (UTF_8, t.to_owned(), false),
        Some(Err(_)) if !had_bom => {
            let (t, l) = decode_with(GB18030, body);
            (GB18030, t, l)
        }
        _ => {
            let (t, l) = decode_with(encoding, body);
            (encoding, t, l)
        }
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    check_text(&text, lossy)?;
    Ok(Decoded {
        text: unify_line_ends(&text),
        encoding: encoding_name(encoding),
        had_bom,
        lossy,
    })
}

fn decode_with(encoding: &'static Encoding, body: &[u8]) -> (String, bool) {
    let (cow, malformed) = encoding.decode_without_bom_handling(body);
    (cow.into_owned(), malformed)
}

/// UTF-16 without a BOM: Chinese text in UTF-16 has a zero byte in most ASCII positions, which
/// UTF-8 and GB18030 text never has.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_zero = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    // Newlines and digits alone make up well over a tenth of the units of these documents.
    if odd_zero * 10 >= pairs && even_zero * 50 < pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs && odd_zero * 50 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

pub(crate) fn encoding_name(encoding: &'static Encoding) -> &'static str {
    if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else if encoding == GB18030 {
        "GB18030"
    } else {
        "UTF-8"
    }
}

/// Rejects text that is really binary data: NUL or other C0 controls (except tab, LF, CR, FF),
/// or mostly replacement characters.
fn check_text(text: &str, lossy: bool) -> Result<(), DecodeError> {
    // C0 controls (and DEL) are single bytes; simple counts the compiler can vectorize.
    let bytes = text.as_bytes();
    let controls = bytes
        .iter()
        .map(|&b| {
            usize::from((b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
        })
        .sum::<usize>();
    // Clean text (no control bytes, nothing replaced) needs no further counting.
    if controls == 0 && !lossy {
        return Ok(());
    }
    let chars = bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80))
        .sum::<usize>();
    let replaced = if lossy {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    if text.contains('\0') {
        return Err(DecodeError::Binary {
            reason: "it contains NUL bytes".into(),
        });
    }
    if controls * 100 > chars {
        return Err(DecodeError::Binary {
            reason: format!("{controls} of {chars} characters are control characters"),
        });
    }
    if lossy && replaced * 10 > chars {
        return Err(DecodeError::Binary {
            reason: format!("{replaced} of {chars} characters are not valid UTF-8 or GB18030"),
        });
    }
    Ok(())
}

/// CRLF and lone CR become LF.
fn unify_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(bytes: &[u8]) -> (&'static str, String) {
        let d = decode(bytes).unwrap();
        (d.encoding, d.text)
    }

    #[test]
    fn utf8_plain() {
        assert_eq!(enc("清单\n".as_bytes()), ("UTF-8", "清单\n".into()));
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode(b"\xEF\xBB\xBFab").unwrap();
        assert_eq!(
            (d.encoding, d.had_bom, d.text.as_str()),
            ("UTF-8", true, "ab")
        );
    }

    #[test]
    fn utf16le_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "清单\r\n1".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(enc(&b), ("UTF-16LE", "清单\n1".into()));
    }

    #[test]
    fn utf16be_bom() {
        let mut b = vec![0xFE, 0xFF];
        for u in "清单".encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(enc(&b), ("UTF-16BE", "清单".into()));
    }

    #[test]
    fn utf16le_without_bom() {
        let mut b = Vec::new();
        for u in "1\t清单\n2\t老年人\n".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(enc(&b), ("UTF-16LE", "1\t清单\n2\t老年人\n".into()));
    }

    #[test]
    fn gb18030_fallback() {
        let (bytes, _, _) = GB18030.encode("基本养老服务清单\r\n");
        assert_eq!(enc(&bytes), ("GB18030", "基本养老服务清单\n".into()));
    }

    #[test]
    fn crlf_and_cr() {
        assert_eq!(enc(b"a\r\nb\rc").1, "a\nb\nc");
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF \n\t\n"), Err(DecodeError::Empty));
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(&[0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]),
            Err(DecodeError::Binary { .. })
        ));
        assert!(matches!(
            decode(&[0x01, 0x02, 0x03, 0x04, 0x41, 0x42]),
            Err(DecodeError::Binary { .. })
        ));
    }
}
