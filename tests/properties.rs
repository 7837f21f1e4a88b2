//! Properties over generated input: decoding and parsing never panic and always give valid JSON
//! or a one-line error; normalization is idempotent; every span lies inside the text on char
//! boundaries.

use crate::util;
use proptest::prelude::*;

/// Text made of the pieces these documents are made of.
fn listish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\t",
        "\n",
        "\n\n",
        " ",
        "\u{3000}",
        "\u{a0}",
        "\r\n",
        "\u{000C}",
        "1",
        "12",
        "3.",
        "２０",
        "-",
        "—",
        "至",
        "对象",
        "服务项目",
        "服务内容",
        "服务类型",
        "牵头部门",
        "基本养老服务清单",
        "老年人",
        "60周岁及以上",
        "每人每月",
        "不低于",
        "120元",
        "七十",
        "百岁",
        "1.3倍",
        "1/3",
        "（含60不含65）",
        "区民政局",
        "县人力资源",
        "社会保障局",
        "物质",
        "帮助",
        "〔2023〕",
        "12号",
        "2024年7月8日",
        "责任单位：",
        "1.",
        "一、",
        "（一）",
        "分别",
        "、",
        "，",
        "。",
        "- 3 -",
        "第 3 页",
        "附件",
        "项目",
        "牵头单位",
        "@",
        "\u{FFFD}",
        "𠀀",
    ]);
    prop::collection::vec(pieces, 0..120).prop_map(|v| v.concat())
}

fn check_output(bytes: &[u8]) {
    match qingdan::parse_bytes("p.txt", bytes) {
        Ok(doc) => {
            let s = qingdan::to_canonical(&doc);
            let v: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
            let lines = qingdan::decode::decode(bytes)
                .map(|d| d.text.split('\n').count())
                .unwrap_or(0) as u64;
            for s in v["services"].as_array().unwrap() {
                let (a, b) = (
                    s["lines"][0].as_u64().unwrap(),
                    s["lines"][1].as_u64().unwrap(),
                );
                assert!(1 <= a && a <= b && b <= lines, "lines {a}..{b} of {lines}");
            }
        }
        Err(e) => {
            let m = e.to_string();
            assert!(m.starts_with("p.txt: ") && !m.contains('\n'), "{m}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_parse_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_output(&bytes);
    }

    #[test]
    fn listish_text_parses_or_fails_cleanly(text in listish()) {
        check_output(text.as_bytes());
    }

    #[test]
    fn damaged_fixtures_parse_or_fail_cleanly(
        which in 0usize..5,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..12),
    ) {
        let f = &util::fixtures()[which];
        let mut bytes = std::fs::read(f).unwrap();
        for (at, b, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = b,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, b),
            }
        }
        check_output(&bytes);
    }

    #[test]
    fn fast_normalization_matches_the_reference(text in listish()) {
        prop_assert_eq!(qingdan::normalize::text(&text), qingdan::normalize::text_with_offsets(&text).0);
    }

    #[test]
    fn fast_normalization_matches_on_any_string(text in "\\PC{0,80}") {
        prop_assert_eq!(qingdan::normalize::text(&text), qingdan::normalize::text_with_offsets(&text).0);
    }

    #[test]
    fn normalization_is_idempotent(text in listish()) {
        let once = qingdan::normalize::text(&text);
        prop_assert_eq!(qingdan::normalize::text(&once), once.clone());
        let t = qingdan::normalize::target_text(&once);
        prop_assert_eq!(qingdan::normalize::target_text(&t), t);
    }

    #[test]
    fn quantity_spans_lie_on_char_boundaries(text in listish()) {
        let norm = qingdan::normalize::text(&text);
        for f in qingdan::quantities::find(&norm) {
            prop_assert!(f.start <= f.end && f.end <= norm.len());
            prop_assert!(norm.is_char_boundary(f.start) && norm.is_char_boundary(f.end));
        }
        for a in qingdan::quantities::age::find(&norm) {
            prop_assert!(norm.is_char_boundary(a.start) && norm.is_char_boundary(a.end) && a.end <= norm.len());
        }
    }

    #[test]
    fn grammar_spans_lie_on_char_boundaries(text in listish()) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for layout in [qingdan::Layout::Tsv, qingdan::Layout::LineBroken] {
            for item in qingdan::grammar::parse(&text, layout) {
                let spans: Vec<qingdan::span::Span> = match item {
                    qingdan::grammar::Item::Row { cells, line } => cells.iter().flat_map(|c| c.parts.clone()).chain([line]).collect(),
                    qingdan::grammar::Item::Cell(c) => c.parts.to_vec(),
                    qingdan::grammar::Item::Text(s) | qingdan::grammar::Item::Furniture(s) => vec![s],
                };
                for s in spans {
                    prop_assert!(s.start <= s.end && s.end <= text.len());
                    prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                }
            }
        }
    }

    #[test]
    fn numeral_reader_never_panics(s in "[0-9.,/^e+\\-一二三四五六七八九十百千万亿零两点分之又负多余几半打元角整]{0,16}") {
        let _ = qingdan::quantities::numeral::parse(&s);
        let _ = qingdan::quantities_of(&s);
    }
}
