//! Fuzzes the parse entry point: any bytes must give a document that serializes to valid JSON,
//! or a one-line error naming the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match qingdan::parse_bytes("fuzz.txt", data) {
        Ok(doc) => {
            let s = qingdan::to_canonical(&doc);
            assert!(s.ends_with('\n'));
            let _ = qingdan::quantities_of(&s);
        }
        Err(e) => {
            let m = e.to_string();
            assert!(m.starts_with("fuzz.txt: ") && !m.contains('\n'));
        }
    }
});
