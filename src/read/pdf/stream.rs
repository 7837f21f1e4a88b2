//! A stream's bytes decoded, and whether they were whole. lopdf falls back silently when a
//! Flate stream is corrupt (to what inflated before the damage, or to the raw bytes); a page
//! whose content stream lost its end then reads as a page with fewer rows. Here the same
//! decoding also says what could not be decoded, so the reader can report it.

use lopdf::{Dictionary, Object, Stream};
use std::borrow::Cow;
use std::io::Read;

/// The decoded bytes of `stream` (at most `limit`) and, when part of it could not be decoded,
/// why.
pub(super) fn decode(stream: &Stream, limit: usize) -> (Vec<u8>, Option<String>) {
    let damage = damage(stream, limit);
    match stream.decompressed_content_with_limit(limit) {
        Ok(body) => (body, damage),
        Err(e) => {
            let plain = stream.filters().map(|f| f.is_empty()).unwrap_or(true);
            let body = if plain {
                stream.content.clone()
            } else {
                Vec::new()
            };
            (
                body,
                damage.or_else(|| Some(format!("it cannot be decoded ({e})"))),
            )
        }
    }
}

/// Why the Flate (and ASCII85) layers of `stream` do not decode whole, if they do not. Other
/// filters are left to lopdf.
fn damage(stream: &Stream, limit: usize) -> Option<String> {
    let filters = stream.filters().ok()?;
    let mut data: Cow<[u8]> = Cow::Borrowed(&stream.content);
    for filter in filters {
        match filter {
            b"FlateDecode" | b"Fl" => match inflate(&data, limit) {
                Ok(Some(out)) => data = Cow::Owned(out),
                // Over the limit: lopdf refuses it, and that is told as an error of its own.
                Ok(None) => return None,
                Err(e) => return Some(format!("its compressed data is corrupt ({e})")),
            },
            b"ASCII85Decode" | b"A85" => {
                let mut dict = Dictionary::new();
                dict.set("Filter", Object::Name(filter.to_vec()));
                let one = Stream::new(dict, data.into_owned());
                match one.decompressed_content_with_limit(limit) {
                    Ok(out) => data = Cow::Owned(out),
                    Err(e) => return Some(format!("its ASCII85 data is damaged ({e})")),
                }
            }
            _ => return None,
        }
    }
    None
}

/// The whole inflated zlib stream (`None` past `limit`), or the error that stopped it. A wrong
/// checksum is damage too: a changed byte inside the compressed data can still inflate to the
/// end, and only the checksum shows that the text it gives is not the text written.
fn inflate(data: &[u8], limit: usize) -> Result<Option<Vec<u8>>, std::io::Error> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)?;
    Ok((out.len() <= limit).then_some(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn flate(data: &[u8]) -> Stream {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(data).unwrap();
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        Stream::new(dict, z.finish().unwrap())
    }

    #[test]
    fn a_whole_stream_has_no_damage() {
        let text = b"BT /F1 12 Tf (abc) Tj ET\n".repeat(200);
        let (body, damage) = decode(&flate(&text), 1 << 20);
        assert_eq!(body, text);
        assert_eq!(damage, None);
    }

    #[test]
    fn a_corrupt_stream_is_told() {
        let text: Vec<u8> = (0..4000u32)
            .flat_map(|i| format!("BT ({i}) Tj ET\n").into_bytes())
            .collect();
        let mut s = flate(&text);
        let mid = s.content.len() / 2;
        s.content[mid] ^= 0x5a;
        s.content[mid + 1] ^= 0xa5;
        let (body, damage) = decode(&s, 1 << 20);
        assert!(body.len() < text.len() || body != text);
        let damage = damage.expect("the corruption is told");
        assert!(
            damage.starts_with("its compressed data is corrupt"),
            "{damage}"
        );
    }

    #[test]
    fn a_cut_stream_is_told() {
        let text = b"BT (x) Tj ET\n".repeat(5000);
        let mut s = flate(&text);
        s.content.truncate(s.content.len() / 3);
        assert!(decode(&s, 1 << 20).1.is_some());
    }

    #[test]
    fn a_plain_stream_is_whole() {
        let s = Stream::new(Dictionary::new(), b"BT (x) Tj ET".to_vec());
        assert_eq!(decode(&s, 100), (b"BT (x) Tj ET".to_vec(), None));
    }
}
