//! Stage 1: bytes → [`Decoded`] text.
//!
//! Order of trust: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE); else UTF-16 when zero bytes
//! sit in every other position; else strict UTF-8; else whichever of UTF-8 and GB18030 (which
//! covers GBK and GB2312) explains the bytes with fewer decoding errors, UTF-8 on a tie, the bad
//! bytes replaced with U+FFFD and `lossy` set. So one bad byte, or a file cut inside a
//! character, keeps a UTF-8 file UTF-8. Files that start with the signature of a known binary
//! format (zip, PDF, OLE, …) are refused by name. CRLF and lone CR become LF, so later stages
//! see one line ending. Nothing else is changed here: normalization of cell text is
//! `normalize`'s job.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

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
/// [`DecodeError::Empty`] for an empty file, [`DecodeError::Binary`] for bytes that start with
/// a binary format's signature, hold NULs or control characters outside UTF-16, or decode to
/// mostly replacement characters.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(what) = binary_signature(bytes) {
        return Err(DecodeError::Binary {
            reason: format!("it looks like {what}"),
        });
    }
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
    // Strict UTF-8 first (validated once); else the BOM's decoder, or the better of UTF-8 and
    // GB18030.
    let mut tried = None;
    let (encoding, text, lossy) =
        match (encoding == UTF_8).then(|| simdutf8::basic::from_utf8(body)) {
            Some(Ok(t)) => (UTF_8, t.to_owned(), false),
            Some(Err(_)) if !had_bom => {
                let (utf8, utf8_errors) = decode_counting(UTF_8, body);
                let (gb, gb_errors) = decode_counting(GB18030, body);
                tried = Some("UTF-8 or GB18030");
                if gb_errors < utf8_errors {
                    (GB18030, gb, gb_errors > 0)
                } else {
                    (UTF_8, utf8, true)
                }
            }
            _ => {
                let (t, l) = decode_with(encoding, body);
                (encoding, t, l)
            }
        };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    check_text(&text, lossy, tried.unwrap_or(encoding_name(encoding)))?;
    Ok(Decoded {
        text: unify_line_ends(text),
        encoding: encoding_name(encoding),
        had_bom,
        lossy,
    })
}

/// What the first bytes say a file is, for binary formats a text file is often confused with.
/// (Readers for some of them route by the same signatures before decoding.)
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "a zip archive (.docx, .xlsx, .odt …)"),
        (b"PK\x05\x06", "an empty zip archive"),
        (b"%PDF-", "a PDF document"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an OLE compound file (legacy .doc, .xls, .wps)",
        ),
        (b"\x7FELF", "an ELF executable"),
        (b"\x89PNG\r\n\x1A\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Decodes with replacement and counts the damaged places: a run of malformed sequences with
/// nothing valid between them counts once, so a byte dropped inside a UTF-8 character (which
/// leaves two or three stray bytes) weighs as much as one replaced byte.
fn decode_counting(encoding: &'static Encoding, body: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(body.len())
            .unwrap_or(body.len().saturating_mul(3))
            .saturating_add(16),
    );
    let mut errors = 0usize;
    let mut last_error_end = usize::MAX;
    let mut rest = body;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        rest = rest.get(read..).unwrap_or(&[]);
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::Malformed(_, _) => {
                if text.len() != last_error_end {
                    errors += 1;
                }
                text.push('\u{FFFD}');
                last_error_end = text.len();
            }
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(rest.len())
                    .unwrap_or(rest.len().saturating_mul(3))
                    .saturating_add(16);
                text.reserve(more);
            }
        }
    }
    (text, errors)
}

fn decode_with(encoding: &'static Encoding, body: &[u8]) -> (String, bool) {
    let (cow, malformed) = encoding.decode_without_bom_handling(body);
    (cow.into_owned(), malformed)
}

/// UTF-16 without a BOM: Chinese text in UTF-16 has a zero byte in most ASCII positions, which
/// UTF-8 and GB18030 text never has.
/// An odd length is a file cut short: its last byte is decoded as a replacement character.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_zero = bytes
        .iter()
        .take(pairs * 2)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let odd_zero = bytes
        .iter()
        .take(pairs * 2)
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
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
fn check_text(text: &str, lossy: bool, encoding: &str) -> Result<(), DecodeError> {
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
            reason: format!("{replaced} of {chars} characters are not valid {encoding}"),
        });
    }
    Ok(())
}

/// CRLF and lone CR become LF. A text whose lines end in CRLF but whose last line ends in a
/// lone CR was cut between the two: that last line break is not whole, and is dropped (so the
/// readers see a file that ends without one).
fn unify_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let cut_in_crlf = text.ends_with('\r') && text.contains("\r\n");
    let mut out = text.replace("\r\n", "\n").replace('\r', "\n");
    if cut_in_crlf {
        out.pop();
    }
    out
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
        // Cut between the CR and the LF of the last line break.
        assert_eq!(enc(b"a\r\nb\r").1, "a\nb");
        assert_eq!(enc(b"a\rb\r").1, "a\nb\n");
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF \n\t\n"), Err(DecodeError::Empty));
    }

    #[test]
    fn one_bad_byte_keeps_utf8() {
        // See: issue 11 item 2 (one invalid byte made the whole file GB18030).
        let text = format!(
            "基本养老服务清单\n序号\t服务对象\t服务项目\n{}",
            "1\t老年人\t助餐服务\n".repeat(4)
        );
        // A byte inserted between characters, and one inside a character (养 is bytes 9..12).
        for (at, replaced) in [(9, 1), (10, 4)] {
            let mut b = text.as_bytes().to_vec();
            b.insert(at, 0xFF);
            let d = decode(&b).unwrap();
            assert_eq!((d.encoding, d.lossy), ("UTF-8", true), "at {at}");
            assert!(d.text.contains("序号\t服务对象"), "{}", d.text);
            assert_eq!(d.text.matches('\u{FFFD}').count(), replaced, "at {at}");
        }
    }

    #[test]
    fn cut_inside_a_character_keeps_utf8() {
        let full = "基本养老服务清单\n1\t老年人\t助餐服务\n2\t老年人\t助浴".as_bytes();
        let d = decode(&full[..full.len() - 1]).unwrap();
        assert_eq!((d.encoding, d.lossy), ("UTF-8", true));
        assert!(d.text.ends_with("助\u{FFFD}"), "{}", d.text);
    }

    #[test]
    fn gb18030_with_a_bad_byte_stays_gb18030() {
        let (bytes, _, _) = GB18030.encode("基本养老服务清单\n1\t老年人\t助餐服务\n");
        let mut b = bytes.into_owned();
        b.push(0xFF);
        let d = decode(&b).unwrap();
        assert_eq!((d.encoding, d.lossy), ("GB18030", true));
        assert!(d.text.starts_with("基本养老服务清单\n"));
    }

    #[test]
    fn odd_length_utf16_is_utf16_with_a_lossy_last_byte() {
        let mut b = Vec::new();
        for u in "1\t清单\n2\t老年人\n".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        b.push(0x31);
        let d = decode(&b).unwrap();
        assert_eq!((d.encoding, d.lossy), ("UTF-16LE", true));
        assert_eq!(d.text, "1\t清单\n2\t老年人\n\u{FFFD}");
        let mut be = Vec::new();
        for u in "1\t清单\n2\t老年人\n".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        be.pop();
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn binary_formats_are_named() {
        for (bytes, what) in [
            (
                &b"PK\x03\x04\x14\x00\x06\x00word/document.xml"[..],
                "zip archive",
            ),
            (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "PDF"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "OLE"),
        ] {
            let e = decode(bytes).unwrap_err().to_string();
            assert!(
                e.starts_with("not text: it looks like") && e.contains(what),
                "{e}"
            );
        }
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
