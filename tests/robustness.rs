use crate::util;

/// Parses bytes and checks the contract's promise: JSON or a one-line error naming the file.
fn parse_ok_or_clean_error(bytes: &[u8]) {
    match qingdan::parse_bytes("cut.txt", bytes) {
        Ok(doc) => {
            let s = qingdan::to_canonical(&doc);
            let v: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
            assert_eq!(v["schema"], "qingdan/1");
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with("cut.txt: ") && !msg.contains('\n'), "{msg}");
        }
    }
}

/// Every fixture cut after every line: no panic; the rows that are there come out.
#[test]
fn every_fixture_cut_at_every_line() {
    for f in util::fixtures() {
        let bytes = std::fs::read(&f).unwrap();
        let full = qingdan::parse_bytes("x.txt", &bytes)
            .unwrap()
            .services
            .len();
        let mut last_count = 0;
        for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'\n') {
            let cut = &bytes[..=i];
            parse_ok_or_clean_error(cut);
            if let Ok(doc) = qingdan::parse_bytes("cut.txt", cut) {
                last_count = last_count.max(doc.services.len());
            }
        }
        assert!(
            last_count >= full - 1,
            "{}: {last_count} rows before the end, {full} in all",
            f.display()
        );
    }
}

/// Cuts at arbitrary bytes (inside characters, too) and single-byte damage.
#[test]
fn damaged_bytes_never_panic() {
    for f in util::fixtures() {
        let bytes = std::fs::read(&f).unwrap();
        for cut in (0..bytes.len()).step_by(131) {
            parse_ok_or_clean_error(&bytes[..cut]);
        }
        for pos in (0..bytes.len()).step_by(97) {
            for b in [0u8, b'\t', b'\n', 0xFF, b'1'] {
                let mut d = bytes.clone();
                d[pos] = b;
                parse_ok_or_clean_error(&d);
            }
        }
    }
}

/// A file cut inside its last row keeps the rows before and says it was cut.
#[test]
fn truncated_line_broken_file_says_so() {
    let f = util::fixtures()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("001_"))
        .unwrap();
    let text = std::fs::read_to_string(f).unwrap();
    let cut = &text[..text.find("\t24\n").unwrap() + 4];
    let doc = qingdan::parse_bytes("cut.txt", cut.as_bytes()).unwrap();
    assert_eq!(doc.services.len(), 24);
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code.as_str() == "truncated")
    );
}

/// Every crash the fuzzer ever found, kept as a regression input (tests/fuzz/regressions/).
#[test]
fn fuzz_regressions() {
    let dir = util::root().join("tests/fuzz/regressions");
    for e in std::fs::read_dir(dir).expect("tests/fuzz/regressions exists") {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            continue;
        }
        parse_ok_or_clean_error(&std::fs::read(&p).unwrap());
    }
}
