//! Fonts: how a shown string splits into character codes, the Unicode text of each code and
//! its advance width.
//!
//! A code's text comes from the font's `ToUnicode` CMap when it has one (subset fonts, as
//! LibreOffice and Word embed them); else from a predefined CJK CMap (`UniGB-UCS2-H`,
//! `UniGB-UTF16-H`: the code is UTF-16; `GBK-EUC-H`, `GB-EUC-H`, `GBKp-EUC-H`, `GBK2K-H`:
//! the code is GBK); else, for simple fonts, from the font's encoding (WinAnsi, MacRoman,
//! Standard, `Differences`). A code none of these decodes has no text.

use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;

/// Ranges longer than this in a CMap are clipped (a hostile file must not fill memory).
const MAX_RANGE: u32 = 1 << 16;
/// Mappings kept from one CMap at most.
const MAX_MAPPINGS: usize = 1 << 20;

/// How codes of a predefined CMap turn into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Predefined {
    /// Not predefined, or one whose codes say nothing about the text (`Identity-H`).
    None,
    /// The code is UTF-16BE (`UniGB-UCS2-H`, `UniGB-UTF16-H`, `UniCNS-UCS2-H`, …).
    Utf16,
    /// The code is GBK (`GBK-EUC-H`, `GB-EUC-H`, `GBKp-EUC-H`, `GBK2K-H`, `GBpc-EUC-H`).
    Gbk,
}

/// A font as the text pass needs it.
#[derive(Debug, Clone)]
pub(super) struct Font {
    /// A composite (Type0) font: codes of one or two bytes per the CMap, widths by CID.
    composite: bool,
    /// Code space ranges: (bytes, low, high), from the encoding CMap or the ToUnicode CMap.
    codespace: Vec<(u8, Vec<u8>, Vec<u8>)>,
    predefined: Predefined,
    /// Whether the code is the CID (`Identity-H`/`-V`, or no CMap named).
    identity: bool,
    /// ToUnicode mappings keyed by (bytes, code).
    to_unicode: HashMap<(u8, u32), String>,
    /// For simple fonts without ToUnicode: the text of each byte by the font's encoding.
    simple: Vec<Option<String>>,
    /// Widths in glyph space (1/1000 em): simple fonts by code, composite fonts by CID.
    widths: HashMap<u32, f32>,
    /// Width of a code with no width.
    default_width: f32,
    /// Vertical writing (`-V` CMaps): glyphs advance downwards.
    pub vertical: bool,
}

/// One code of a shown string.
pub(super) struct Code {
    /// Its text; empty when the font cannot say.
    pub text: String,
    /// Advance in text space units (em) before font size.
    pub width: f32,
    /// A single-byte code 32 (word spacing applies).
    pub space: bool,
    /// Whether the font could decode it.
    pub known: bool,
}

fn number(o: &Object) -> Option<f32> {
    o.as_float().ok().filter(|f| f.is_finite())
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn stream_bytes(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    let s = deref(doc, o).as_stream().ok()?;
    s.decompressed_content_with_limit(16 << 20)
        .ok()
        .or_else(|| {
            if s.filters().map(|f| f.is_empty()).unwrap_or(true) {
                Some(s.content.clone())
            } else {
                None
            }
        })
}

impl Font {
    /// Reads a font dictionary.
    pub(super) fn read(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let composite = subtype == b"Type0";
        let mut font = Font {
            composite,
            codespace: Vec::new(),
            predefined: Predefined::None,
            identity: composite,
            to_unicode: HashMap::new(),
            simple: Vec::new(),
            widths: HashMap::new(),
            default_width: if composite { 1000.0 } else { 500.0 },
            vertical: false,
        };
        if let Some(bytes) = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| stream_bytes(doc, o))
        {
            let cmap = CMap::parse(&bytes);
            font.to_unicode = cmap.map;
            font.codespace = cmap.codespace;
        }
        if composite {
            font.read_composite(doc, dict);
        } else {
            font.read_simple(doc, dict);
        }
        font
    }

    fn read_composite(&mut self, doc: &Document, dict: &Dictionary) {
        self.read_cmap(doc, dict);
        let descendant = dict
            .get(b"DescendantFonts")
            .map(|o| deref(doc, o))
            .ok()
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let Some(cid) = descendant else {
            return;
        };
        if let Some(dw) = cid.get(b"DW").ok().and_then(number) {
            self.default_width = dw;
        }
        if let Ok(w) = cid
            .get(b"W")
            .map(|o| deref(doc, o))
            .and_then(Object::as_array)
        {
            self.read_cid_widths(doc, w);
        }
    }

    /// A composite font's encoding: a predefined CMap by name (Identity, UCS-2/UTF-16, GB), or
    /// an embedded one, whose code space is read; two-byte codes where none is given.
    fn read_cmap(&mut self, doc: &Document, dict: &Dictionary) {
        match dict.get(b"Encoding").map(|o| deref(doc, o)) {
            Ok(Object::Name(name)) => {
                let name = String::from_utf8_lossy(name);
                self.vertical = name.ends_with("-V");
                self.identity = name.starts_with("Identity");
                if name.starts_with("Uni") && (name.contains("UCS2") || name.contains("UTF16")) {
                    self.predefined = Predefined::Utf16;
                    self.codespace = vec![(2, vec![0, 0], vec![0xFF, 0xFF])];
                } else if name.starts_with("GB") {
                    self.predefined = Predefined::Gbk;
                    self.codespace = vec![
                        (1, vec![0x00], vec![0x80]),
                        (2, vec![0x81, 0x40], vec![0xFE, 0xFE]),
                    ];
                } else if self.codespace.is_empty() {
                    self.codespace = vec![(2, vec![0, 0], vec![0xFF, 0xFF])];
                }
            }
            Ok(o @ Object::Stream(_)) => {
                self.identity = false;
                if let Some(bytes) = stream_bytes(doc, o) {
                    let cmap = CMap::parse(&bytes);
                    if !cmap.codespace.is_empty() {
                        self.codespace = cmap.codespace;
                    }
                }
            }
            _ => {}
        }
        if self.codespace.is_empty() {
            self.codespace = vec![(2, vec![0, 0], vec![0xFF, 0xFF])];
        }
    }

    /// The `W` array of a CID font: `c [w1 w2 …]` (widths from c on) and `c1 c2 w` (one width
    /// for a range), bounded.
    fn read_cid_widths(&mut self, doc: &Document, w: &[Object]) {
        let mut i = 0;
        while i < w.len() && self.widths.len() < MAX_MAPPINGS {
            let Some(first) = number(deref(doc, &w[i])) else {
                break;
            };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).map(|o| deref(doc, o)) {
                Some(Object::Array(ws)) => {
                    for (k, o) in ws.iter().enumerate().take(MAX_RANGE as usize) {
                        if let Some(v) = number(deref(doc, o)) {
                            self.widths.insert(first.saturating_add(k as u32), v);
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let last = number(o).unwrap_or(0.0).max(0.0) as u32;
                    let v = w.get(i + 2).map(|o| deref(doc, o)).and_then(number);
                    if let Some(v) = v {
                        for c in first..=last.min(first.saturating_add(MAX_RANGE)) {
                            self.widths.insert(c, v);
                        }
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }

    fn read_simple(&mut self, doc: &Document, dict: &Dictionary) {
        self.codespace = vec![(1, vec![0], vec![0xFF])];
        let first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(number)
            .unwrap_or(0.0)
            .max(0.0) as u32;
        if let Ok(ws) = dict
            .get(b"Widths")
            .map(|o| deref(doc, o))
            .and_then(Object::as_array)
        {
            for (k, o) in ws.iter().enumerate().take(256) {
                if let Some(v) = number(deref(doc, o)) {
                    self.widths.insert(first.saturating_add(k as u32), v);
                }
            }
        }
        if let Some(mw) = dict
            .get(b"FontDescriptor")
            .map(|o| deref(doc, o))
            .ok()
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(number)
            .filter(|w| *w > 0.0)
        {
            self.default_width = mw;
        }
        if self.to_unicode.is_empty()
            && let Ok(enc) = dict.get_font_encoding(doc)
        {
            self.simple = (0u8..=255)
                .map(|b| {
                    enc.bytes_to_string(&[b])
                        .ok()
                        .filter(|s| !s.is_empty() && !s.contains('\u{FFFD}'))
                })
                .collect();
        }
    }

    /// Splits a shown string into codes.
    pub(super) fn codes(&self, bytes: &[u8]) -> Vec<Code> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let n = self.code_len(&bytes[i..]);
            let raw = &bytes[i..i + n];
            i += n;
            let code = raw.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
            let (text, known) = self.text_of(raw, code);
            let width = self.width_of(raw, code, &text) / 1000.0;
            out.push(Code {
                text,
                width,
                space: n == 1 && code == 32,
                known,
            });
        }
        out
    }

    fn code_len(&self, rest: &[u8]) -> usize {
        for n in 1..=4usize {
            if n > rest.len() {
                break;
            }
            let fits = self.codespace.iter().any(|(len, lo, hi)| {
                usize::from(*len) == n
                    && lo.len() == n
                    && hi.len() == n
                    && rest[..n]
                        .iter()
                        .zip(lo.iter().zip(hi))
                        .all(|(b, (l, h))| l <= b && b <= h)
            });
            if fits {
                return n;
            }
        }
        // No range fits: the shortest length the font uses, or what is left.
        let shortest = self
            .codespace
            .iter()
            .map(|(len, _, _)| usize::from(*len))
            .min()
            .unwrap_or(1)
            .max(1);
        shortest.min(rest.len())
    }

    fn text_of(&self, raw: &[u8], code: u32) -> (String, bool) {
        if let Some(t) = self.to_unicode.get(&(raw.len() as u8, code)) {
            return (t.clone(), true);
        }
        match self.predefined {
            Predefined::Utf16 => {
                let units: Vec<u16> = raw
                    .chunks(2)
                    .map(|c| c.iter().fold(0u16, |a, b| (a << 8) | u16::from(*b)))
                    .collect();
                let s: String = char::decode_utf16(units).filter_map(Result::ok).collect();
                let ok = !s.is_empty();
                return (s, ok);
            }
            Predefined::Gbk => {
                let (s, _, bad) = encoding_rs::GBK.decode(raw);
                if !bad {
                    return (s.into_owned(), true);
                }
                return (String::new(), false);
            }
            Predefined::None => {}
        }
        if !self.composite {
            if let Some(Some(s)) = self.simple.get(code as usize) {
                return (s.clone(), true);
            }
            // No encoding read: printable ASCII stands for itself.
            if self.simple.is_empty() && (0x20..0x7F).contains(&code) {
                return (char::from(code as u8).to_string(), true);
            }
        }
        (String::new(), false)
    }

    fn width_of(&self, raw: &[u8], code: u32, text: &str) -> f32 {
        let cid = if self.composite && !self.identity {
            // A predefined CMap's CIDs are unknown here: half width for ASCII, else default.
            if text.is_ascii() && !text.is_empty() || raw.len() == 1 {
                return self.default_width.min(500.0);
            }
            return self.default_width;
        } else {
            code
        };
        self.widths
            .get(&cid)
            .copied()
            .filter(|w| *w >= 0.0)
            .unwrap_or(self.default_width)
    }
}

/// What a CMap stream says: its code space and its code → text mappings.
struct CMap {
    codespace: Vec<(u8, Vec<u8>, Vec<u8>)>,
    map: HashMap<(u8, u32), String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Name(Vec<u8>),
    Word(Vec<u8>),
    Open,
    Close,
}

fn tokens(b: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'%' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if b.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if b.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let (bytes, next) = hex_string(b, i + 1);
                out.push(Tok::Hex(bytes));
                i = next;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            // A literal string: skipped (CMaps name things with them).
            b'(' => i = skip_literal(b, i),
            b'/' => {
                let s = i + 1;
                i += 1;
                while i < b.len() && !is_delim(b[i]) {
                    i += 1;
                }
                out.push(Tok::Name(b[s..i].to_vec()));
            }
            _ if c.is_ascii_whitespace() || c == 0 => i += 1,
            _ => {
                let s = i;
                while i < b.len() && !is_delim(b[i]) {
                    i += 1;
                }
                if i == s {
                    i += 1;
                } else {
                    out.push(Tok::Word(b[s..i].to_vec()));
                }
            }
        }
    }
    out
}

/// The bytes of a hex string whose digits start at `i` (after `<`), and the position after its
/// `>`; an odd last digit is followed by 0.
fn hex_string(b: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let mut digits = Vec::new();
    while i < b.len() && b[i] != b'>' {
        if b[i].is_ascii_hexdigit() {
            digits.push(b[i]);
        }
        i += 1;
    }
    i += 1;
    if digits.len() % 2 == 1 {
        digits.push(b'0');
    }
    let bytes = digits
        .chunks(2)
        .map(|p| {
            let h = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
            (h(p[0]) << 4) | h(p[1])
        })
        .collect();
    (bytes, i)
}

/// The position after the literal string opening at `i`, nested parentheses and escapes
/// included.
fn skip_literal(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    i += 1;
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

fn is_delim(c: u8) -> bool {
    c.is_ascii_whitespace()
        || c == 0
        || matches!(c, b'<' | b'>' | b'[' | b']' | b'(' | b')' | b'/' | b'%')
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| c.iter().fold(0u16, |a, b| (a << 8) | u16::from(*b)))
        .collect();
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

/// The keyword `w`.
fn word(t: &Tok, w: &[u8]) -> bool {
    matches!(t, Tok::Word(x) if x == w)
}

/// `dst` with its last code unit (two bytes, else one) increased by `k`.
fn counted_up(dst: &[u8], k: u32) -> Vec<u8> {
    let mut d = dst.to_vec();
    let len = d.len();
    if len >= 2 {
        let last = u16::from_be_bytes([d[len - 2], d[len - 1]]);
        let v = last.wrapping_add(k as u16).to_be_bytes();
        d[len - 2] = v[0];
        d[len - 1] = v[1];
    } else if len == 1 {
        d[0] = d[0].wrapping_add(k as u8);
    }
    d
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |a, b| (a << 8) | u32::from(*b))
}

impl CMap {
    fn parse(bytes: &[u8]) -> CMap {
        let toks = tokens(bytes);
        let mut cmap = CMap {
            codespace: Vec::new(),
            map: HashMap::new(),
        };
        let mut i = 0;
        while i < toks.len() {
            i = if word(&toks[i], b"begincodespacerange") {
                cmap.codespace_ranges(&toks, i + 1)
            } else if word(&toks[i], b"beginbfchar") {
                cmap.bfchars(&toks, i + 1)
            } else if word(&toks[i], b"beginbfrange") {
                cmap.bfranges(&toks, i + 1)
            } else {
                i + 1
            };
        }
        cmap
    }

    /// The pairs `<lo> <hi>` of a codespacerange block from `i`; where the block ends.
    fn codespace_ranges(&mut self, toks: &[Tok], mut i: usize) -> usize {
        while i + 1 < toks.len() && !word(&toks[i], b"endcodespacerange") {
            if let (Tok::Hex(lo), Tok::Hex(hi)) = (&toks[i], &toks[i + 1]) {
                if !lo.is_empty() && lo.len() <= 4 && lo.len() == hi.len() {
                    self.codespace
                        .push((lo.len() as u8, lo.clone(), hi.clone()));
                }
                i += 2;
            } else {
                i += 1;
            }
        }
        i
    }

    /// The pairs `<code> <text>` (or `/glyphname`) of a bfchar block from `i`; where it ends.
    fn bfchars(&mut self, toks: &[Tok], mut i: usize) -> usize {
        while i + 1 < toks.len() && !word(&toks[i], b"endbfchar") {
            if let Tok::Hex(src) = &toks[i] {
                let dst = match &toks[i + 1] {
                    Tok::Hex(d) => Some(utf16(d)),
                    Tok::Name(n) => glyph_name(n),
                    _ => None,
                };
                if let Some(d) = dst {
                    self.insert(src.len(), code_of(src), d);
                }
                i += 2;
            } else {
                i += 1;
            }
        }
        i
    }

    /// The entries `<lo> <hi> <text>` (the text's last code unit counting up) and
    /// `<lo> <hi> [<text> …]` of a bfrange block from `i`, bounded; where the block ends.
    fn bfranges(&mut self, toks: &[Tok], mut i: usize) -> usize {
        while i + 2 < toks.len() && !word(&toks[i], b"endbfrange") {
            let (Tok::Hex(lo), Tok::Hex(hi)) = (&toks[i], &toks[i + 1]) else {
                i += 1;
                continue;
            };
            let (lo_c, hi_c) = (code_of(lo), code_of(hi));
            let n = lo.len();
            let count = hi_c.saturating_sub(lo_c).min(MAX_RANGE);
            match &toks[i + 2] {
                Tok::Hex(dst) => {
                    for k in 0..=count {
                        self.insert(n, lo_c + k, utf16(&counted_up(dst, k)));
                    }
                    i += 3;
                }
                Tok::Open => {
                    let mut j = i + 3;
                    let mut k = 0u32;
                    while j < toks.len() && toks[j] != Tok::Close {
                        if let Tok::Hex(d) = &toks[j] {
                            if k <= count {
                                self.insert(n, lo_c + k, utf16(d));
                            }
                            k += 1;
                        }
                        j += 1;
                    }
                    i = j + 1;
                }
                _ => i += 3,
            }
        }
        i
    }

    fn insert(&mut self, len: usize, code: u32, text: String) {
        if self.map.len() < MAX_MAPPINGS && (1..=4).contains(&len) {
            // Strip NULs and private-use padding some producers write.
            let t: String = text.chars().filter(|c| *c != '\0').collect();
            self.map.insert((len as u8, code), t);
        }
    }
}

/// The text of a glyph name in a CMap (`/space`, `/uni4E00`).
fn glyph_name(n: &[u8]) -> Option<String> {
    let n = std::str::from_utf8(n).ok()?;
    if n == "space" {
        return Some(" ".into());
    }
    let hex = n.strip_prefix("uni").or_else(|| n.strip_prefix('u'))?;
    let v = u32::from_str_radix(hex.get(..4)?, 16).ok()?;
    char::from_u32(v).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bfchar_and_bfrange() {
        let src = b"1 begincodespacerange <00> <FF> endcodespacerange
            2 beginbfchar <01> <4E00> <02> <D840DC00> endbfchar
            2 beginbfrange <10> <12> <0041> <20> <21> [<0031> <0032>] endbfrange";
        let c = CMap::parse(src);
        assert_eq!(c.codespace.len(), 1);
        assert_eq!(c.map[&(1, 1)], "一");
        assert_eq!(c.map[&(1, 2)], "\u{20000}");
        assert_eq!(c.map[&(1, 0x12)], "C");
        assert_eq!(c.map[&(1, 0x21)], "2");
    }

    #[test]
    fn tolerates_garbage() {
        let c = CMap::parse(b"beginbfrange <00> <FFFFFFFF> <0000> [ <01 endbfrange (x");
        assert!(c.map.len() <= MAX_RANGE as usize + 1);
        let _ = tokens(b"<<<>>>[[(\\");
    }
}
