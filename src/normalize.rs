//! Normalization of cell text: whitespace, full-width forms, and the splitting of 服务类型 and
//! 牵头部门 cells into single entries.
//!
//! Input is raw cell text exactly as the grammar found it (line breaks, PDF spaces and all);
//! output is what the contract calls normalized text. Splitting works on the raw text, because
//! its line breaks and spaces are the evidence for where one name ends and the next begins.

/// The first `n` user-visible characters of `t` (grapheme clusters: a letter with its combining
/// marks, an emoji sequence, a CRLF stay whole), with `…` when `t` is longer; for messages and
/// terminal tables.
///
/// ```
/// assert_eq!(qingdan::normalize::clip("高龄津贴按月发放", 4), "高龄津贴…");
/// assert_eq!(qingdan::normalize::clip("abc", 4), "abc");
/// ```
pub fn clip(t: &str, n: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let mut graphemes = t.graphemes(true);
    let mut out: String = graphemes.by_ref().take(n).collect();
    if graphemes.next().is_some() {
        out.push('…');
    }
    out
}

/// Normalized text: every whitespace character is dropped except one space between two ASCII
/// letters or digits on the same line (a line break inside a cell is a wrap and joins without a
/// space); full-width digits and Latin letters become ASCII; punctuation is kept.
///
/// ```
/// use qingdan::normalize::text;
/// assert_eq!(text("60 周岁及以上\n老年人"), "60周岁及以上老年人");
/// assert_eq!(text("手机 APP 自助"), "手机APP自助");
/// assert_eq!(text("GB/T  42195"), "GB/T 42195");
/// assert_eq!(text("１２０元"), "120元");
/// ```
pub fn text(raw: &str) -> String {
    /// Bytes that may start a space or a full-width form: ASCII white space and the lead bytes
    /// of U+0085/U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2), U+3000 (E3), U+FEFF/U+FF00– (EF).
    static SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF);
            b += 1;
        }
        t
    };
    let mut out = String::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    // Runs of bytes that cannot start a space or a full-width form are copied whole; only the
    // rest goes through the character loop. Han text is almost all runs.
    let mut i = 0;
    let mut run = 0;
    let mut pending_space = false;
    let mut wrapped = false;
    while i < bytes.len() {
        let b = bytes[i];
        if !SPECIAL[usize::from(b)] {
            if run == i && (pending_space || wrapped) {
                // The character after a space decides whether the space stays.
                let c = raw[i..].chars().next().unwrap_or(' ');
                settle_space(&mut out, c, &mut pending_space, &mut wrapped);
            }
            i += 1;
            continue;
        }
        // Flush the run before this byte.
        out.push_str(&raw[run..i]);
        let c = raw[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if is_space(c) {
            pending_space = !out.is_empty();
            wrapped |= c == '\n';
        } else {
            let c = ascii_form(c);
            settle_space(&mut out, c, &mut pending_space, &mut wrapped);
            out.push(c);
        }
        i += len;
        run = i;
    }
    out.push_str(&raw[run..]);
    out
}

/// The one normalization loop; `mark(out_byte, raw_byte)` is called for every output char.
fn normalize_into(raw: &str, out: &mut String, mut mark: impl FnMut(usize, usize)) {
    let mut pending_space = false;
    let mut wrapped = false;
    for (i, c) in raw.char_indices() {
        if is_space(c) {
            pending_space = !out.is_empty();
            // A line break inside a cell is a wrap: "12\n0" is 120, not "12 0".
            wrapped |= c == '\n';
            continue;
        }
        let c = ascii_form(c);
        if settle_space(out, c, &mut pending_space, &mut wrapped) {
            mark(out.len() - 1, i);
        }
        mark(out.len(), i);
        out.push(c);
    }
}

/// Before a character that is no space: one space stays between two ASCII letters or digits on
/// the same line; a line break (a wrap) drops it. Returns true when a space was written.
fn settle_space(out: &mut String, c: char, pending: &mut bool, wrapped: &mut bool) -> bool {
    let keep = *pending
        && !*wrapped
        && ((c.is_ascii_alphanumeric()
            && out.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric))
            || ends_clause_at_amount(out, c));
    *pending = false;
    *wrapped = false;
    if keep {
        out.push(' ');
    }
    keep
}

/// A space after an amount ("…82 元 重度残疾人…", "109 元 三、四级") separates two clauses in
/// the source: it is kept when the next character starts new words (a digit or a Han
/// character that does not continue the amount, as 以上, 至, 每 do).
fn ends_clause_at_amount(out: &str, c: char) -> bool {
    let mut tail = out.chars().rev();
    let (Some('元'), Some(d)) = (tail.next(), tail.next()) else {
        return false;
    };
    d.is_ascii_digit()
        && (c.is_ascii_digit()
            || (('\u{4E00}'..='\u{9FFF}').contains(&c) && !"以及或每的至到左上下起".contains(c)))
}

/// [`text`], plus for every character of the result the byte offset in `raw` it came from
/// (`(output byte, raw byte)`, ascending), so positions found in normalized text can be traced
/// back to the source.
pub fn text_with_offsets(raw: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len() / 2);
    normalize_into(raw, &mut out, |o, r| map.push((o, r)));
    (out, map)
}

/// The raw byte offset that normalized byte `at` came from, given the map of
/// [`text_with_offsets`].
pub fn raw_offset(map: &[(usize, usize)], at: usize) -> usize {
    match map.binary_search_by_key(&at, |(o, _)| *o) {
        Ok(i) => map[i].1,
        Err(0) => 0,
        Err(i) => map[i - 1].1,
    }
}

/// A 服务对象 with its ages written in Arabic digits ("六十周岁及以上老年人" → "60周岁及以上老年人"),
/// so that the same target reads the same in every list; other text is unchanged.
///
/// ```
/// use qingdan::normalize::target_text;
/// assert_eq!(target_text("六十周岁及以上老年人"), "60周岁及以上老年人");
/// assert_eq!(target_text("八十至八十九周岁老人"), "80至89周岁老人");
/// assert_eq!(target_text("百岁老人"), "百岁老人");
/// ```
pub fn target_text(norm: &str) -> String {
    static AGE_NUMERAL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[零〇一二两三四五六七八九十百]{1,5}(?:(?:-|—|–|~|～|至|到)[零〇一二两三四五六七八九十百]{1,5})?(?:周岁|岁)")
            .expect("age numeral pattern compiles")
    });
    if !norm.contains("岁") {
        return norm.to_owned();
    }
    AGE_NUMERAL
        .replace_all(norm, |c: &regex::Captures<'_>| {
            let m = &c[0];
            let unit = if m.ends_with("周岁") {
                "周岁"
            } else {
                "岁"
            };
            let body = &m[..m.len() - unit.len()];
            if body == "百" {
                return m.to_owned(); // 百岁 is a word, not a numeral
            }
            let mut out = String::new();
            let mut rest = body;
            while !rest.is_empty() {
                let end = rest
                    .char_indices()
                    .find(|(_, ch)| "-—–~～至到".contains(*ch))
                    .map_or(rest.len(), |(i, _)| i);
                let (num, tail) = rest.split_at(end);
                match crate::numeral::parse(num) {
                    Some(v) if v.fract() == 0.0 && v < 200.0 => {
                        out.push_str(&(v as u32).to_string())
                    }
                    _ => out.push_str(num),
                }
                let mut chars = tail.chars();
                if let Some(sep) = chars.next() {
                    out.push(sep);
                }
                rest = chars.as_str();
            }
            out.push_str(unit);
            out
        })
        .into_owned()
}

/// Whitespace as extraction leaves it: Unicode white space (tab, LF, U+3000, NBSP, …), plus
/// zero-width space and a stray BOM.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// Full-width digits and Latin letters to ASCII; everything else unchanged.
pub fn ascii_form(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Separators between entries of a list cell, besides white space.
const LIST_SEPARATORS: &[char] = &['、', '，', ',', '；', ';', '/', '／'];

/// Splits raw cell text into tokens at white space and list separators, keeping any bracketed
/// part whole (a space inside `（…）` does not split).
fn tokens(raw: &str) -> Vec<String> {
    spaced_tokens(raw).into_iter().map(|(t, _)| t).collect()
}

/// [`tokens`], each with whether only white space (a line break, a space) stands between it
/// and the token before, rather than a written separator such as 、.
fn spaced_tokens(raw: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    // Since the last token: only white space so far.
    let mut spaced = true;
    for c in raw.chars() {
        let c = ascii_form(c);
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth -= 1,
            _ => {}
        }
        let sep = is_space(c) || LIST_SEPARATORS.contains(&c);
        if sep && depth <= 0 {
            if !cur.is_empty() {
                out.push((std::mem::take(&mut cur), spaced));
                spaced = true;
            }
            spaced &= is_space(c);
        } else if !is_space(c) {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push((cur, spaced));
    }
    out
}

/// Merges each token that cannot end an entry with the token after it: a name or type wrapped
/// over lines ("县人力资源" + "社会保障局") becomes one again.
fn merge_fragments(tokens: Vec<String>, complete: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for t in tokens {
        match out.last_mut() {
            Some(last) if open => last.push_str(&t),
            _ => out.push(t),
        }
        open = out.last().is_some_and(|l| !complete(l));
    }
    out
}

/// The head words that end a 服务类型.
const TYPE_HEADS: &[&str] = &["帮助", "服务", "救助", "保障", "补贴", "优待", "津贴"];

/// The three 服务类型 of the national guideline; anything else is reported as unknown.
pub const KNOWN_TYPES: &[&str] = &["物质帮助", "照护服务", "关爱服务"];

/// Splits a 服务类型 cell into types: on separators and white space, but "物质\n\n帮助" is one.
///
/// ```
/// use qingdan::normalize::types;
/// assert_eq!(types("关爱服务 物质帮助"), ["关爱服务", "物质帮助"]);
/// assert_eq!(types("物质 \n\n帮助"), ["物质帮助"]);
/// assert_eq!(types("物质帮助类、照护服务类"), ["物质帮助", "照护服务"]);
/// assert_eq!(types("物质帮\n助类"), ["物质帮助"]);
/// ```
pub fn types(raw: &str) -> Vec<String> {
    // 物质帮助类 → 物质帮助: the category word 类 is not part of the type.
    let without_class = |t: String| match t.strip_suffix('类') {
        Some(core) if core.chars().count() >= 2 => core.to_owned(),
        _ => t,
    };
    let toks = tokens(raw).into_iter().map(without_class).collect();
    let complete = |t: &str| {
        let core = t.strip_suffix('类').unwrap_or(t);
        TYPE_HEADS.iter().any(|h| core.ends_with(h))
    };
    // And once more after joining: "物质帮" / "助类" wrapped in a narrow cell.
    let merged = merge_fragments(toks, complete)
        .into_iter()
        .map(without_class)
        .collect();
    dedup(merged)
}

/// Suffixes that end the name of an organisation (longest first where one contains another).
const ORG_SUFFIXES: &[&str] = &[
    // Township-level units named as a group ("各镇街", "各街道（乡镇）").
    "街道",
    "镇街",
    "乡镇",
    "委员会",
    "办公室",
    "办事处",
    "领导小组",
    "成员单位",
    "联合会",
    "指挥部",
    "管委会",
    "供销社",
    "合作社",
    "分局",
    "中心",
    "公司",
    "工会",
    "协会",
    "政府",
    "法院",
    "检察院",
    "医院",
    "学校",
    "大学",
    "学院",
    "银行",
    "支队",
    "大队",
    "中队",
    "单位",
    "局",
    "委",
    "院",
    "联",
    "办",
    "部",
    "厅",
    "处",
    "所",
    "站",
    "队",
    "馆",
    "署",
    "组",
];

/// First characters of a district-level organisation name (区民政局, 县残联, 市…, 省…, 镇…).
const REGION_PREFIXES: &[char] = &['区', '县', '市', '省', '镇', '乡', '州', '旗', '盟'];

/// Trailing phrases that follow a list of units but name none ("按职责分工负责").
const TRAILING_PHRASES: &[&str] = &["按职责分工负责", "按职责分工", "分别负责", "负责", "牵头"];

/// The name with a trailing bracketed part removed: "区住建局（交通局）" → "区住建局".
fn without_trailing_bracket(name: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(stripped) = name.strip_suffix(close)
            && let Some(i) = stripped.rfind(open)
        {
            return &name[..i];
        }
    }
    name
}

/// True when `name` ends like the name of an organisation.
pub fn is_org_name(name: &str) -> bool {
    let core = without_trailing_bracket(name);
    ORG_SUFFIXES.iter().any(|s| core.ends_with(s))
}

/// True for a token that cannot stand alone as a name but only finishes one ("员会", "分局").
/// It ends like a name ("政局") or is the tail of a suffix ("员会"); "各街" starts a name.
fn is_suffix_fragment(token: &str) -> bool {
    // A bare suffix word wrapped onto its own line ("各街道" / "办事处", "各乡镇" / "人民政府"):
    // no name without the words before it. Township groups ("街道", "乡镇") name units themselves.
    let bare = (ORG_SUFFIXES.contains(&token) && !["街道", "镇街", "乡镇"].contains(&token))
        || BRANCH_SUFFIXES.contains(&token)
        || token == "人民政府";
    bare || token.chars().count() <= 2
        && !token.starts_with(REGION_PREFIXES)
        && !token.starts_with('各')
        && (is_org_name(token)
            || ORG_SUFFIXES
                .iter()
                .any(|s| s.len() > token.len() && s.ends_with(token)))
}

/// Suffixes of a branch of another organisation: a branch named by its place alone ("德清分局")
/// cannot stand alone, it finishes the name above it ("湖州市医疗保障局" / "德清分局").
const BRANCH_SUFFIXES: &[&str] = &[
    "分局",
    "分中心",
    "分院",
    "分所",
    "分公司",
    "分行",
    "支行",
    "支队",
    "大队",
    "中队",
    "分会",
];

/// True for a line of a narrow cell that cannot stand alone as an organisation: a bracketed
/// note ("（街道办事处）") or a branch named by its place alone ("德清分局", but not
/// "县公安局交警大队", which names its parent).
pub fn continues_org_name(token: &str) -> bool {
    if token.starts_with(['（', '(']) {
        return true;
    }
    BRANCH_SUFFIXES.iter().any(|b| {
        token.strip_suffix(b).is_some_and(|place| {
            !place.starts_with('各') && !is_org_name(place) && place.chars().count() <= 4
        })
    })
}

/// True when `last` is a bare party or government body ("区委", "县政府") and `next`, on the
/// line below, names one of its offices without a place of its own ("老干部局"): one name,
/// 区委老干部局.
fn is_parent_body(last: &str, next: &str) -> bool {
    last.chars().count() <= 3
        && last.starts_with(REGION_PREFIXES)
        && (last.ends_with('委') || last.ends_with("政府"))
        && !next.starts_with(REGION_PREFIXES)
        && !next.starts_with(['各', '团', '（', '('])
}

/// Splits a 牵头部门 / 责任单位 cell into organisations.
///
/// Splits on 、 and other separators, on spaces and line breaks between names, and where two
/// names are glued ("县退役军人事务局县卫生健康委"); joins a name wrapped over lines
/// ("县人力资源\n\n社会保障局"). In a narrow cell, separate lines that each name an organisation are
/// separate departments ("市民政局\n各乡镇人民政府（街道办事处）"), and a line that cannot stand
/// alone continues the one above ("湖州市医疗保障局\n德清分局", [`continues_org_name`]). The
/// decision uses a model of organisation names (a suffix such as 局, 委, 院, 联, 中心, 办, 部, 分局
/// ends a name; 区/县/市… starts one), not a list of names; the issuer is read with it too.
///
/// ```
/// use qingdan::normalize::departments;
/// assert_eq!(departments("县退役军人事务局县卫生健康委"), ["县退役军人事务局", "县卫生健康委"]);
/// assert_eq!(departments("县人力资源\n\n社会保障局\n\n县税务局"), ["县人力资源社会保障局", "县税务局"]);
/// assert_eq!(departments("区住建局（交通局）"), ["区住建局（交通局）"]);
/// assert_eq!(departments("区民\n政局 各街\n道办事处"), ["区民政局", "各街道办事处"]);
/// assert_eq!(departments("各街道\n办事处"), ["各街道办事处"]);
/// assert_eq!(departments("县卫生健康局各镇人民政府（街道办事处）"), ["县卫生健康局", "各镇人民政府（街道办事处）"]);
/// assert_eq!(departments("县卫生健康局曲靖市医疗保障局陆良分局"), ["县卫生健康局", "曲靖市医疗保障局陆良分局"]);
/// assert_eq!(
///     departments("湖州市医疗保障局\n德清分局各镇人民政府（街道办事处）"),
///     ["湖州市医疗保障局德清分局", "各镇人民政府（街道办事处）"]
/// );
/// assert_eq!(departments("区民政局\n各乡镇\n人民政府"), ["区民政局", "各乡镇人民政府"]);
/// ```
pub fn departments(raw: &str) -> Vec<String> {
    let toks: Vec<(String, bool)> = spaced_tokens(raw)
        .into_iter()
        .filter_map(|(t, spaced)| {
            let t = strip_trailing_phrases(&t);
            (!t.is_empty()).then_some((t, spaced))
        })
        .collect();
    // A complete name followed by a bare suffix fragment ("县卫生健康委" + "员会") also merges,
    // and so does a line that cannot stand alone ("德清分局") after a line break.
    let mut merged: Vec<String> = Vec::new();
    let mut open = false;
    for (mut t, spaced) in toks {
        // A line that starts with a branch named by its place alone and runs on into the next
        // name ("湖州市医疗保障局" / "德清分局各镇人民政府"): the branch finishes the name above.
        if spaced && let Some(last) = merged.last_mut() {
            let mut pieces = Vec::new();
            split_glued(&t, &mut pieces);
            if pieces.len() > 1
                && continues_org_name(&pieces[0])
                && !pieces[0].starts_with(['（', '('])
                && !pieces[0].starts_with(REGION_PREFIXES)
            {
                last.push_str(&pieces[0]);
                t = pieces[1..].concat();
            }
        }
        match merged.last_mut() {
            Some(last)
                if open
                    || is_suffix_fragment(&t)
                    || (spaced && (continues_org_name(&t) || is_parent_body(last, &t))) =>
            {
                last.push_str(&t)
            }
            _ => merged.push(t),
        }
        open = merged.last().is_some_and(|l| !is_org_name(l));
    }
    let mut out = Vec::new();
    for name in merged {
        split_glued(&name, &mut out);
    }
    dedup(out)
}

fn strip_trailing_phrases(token: &str) -> String {
    let mut t = token.trim_end_matches(['。', '.', '等']);
    loop {
        let before = t;
        for p in TRAILING_PHRASES {
            if let Some(s) = t.strip_suffix(p) {
                t = s;
            }
        }
        if before == t {
            break;
        }
    }
    t.to_owned()
}

/// Splits glued names at every place where a complete name (at least three characters, ending
/// in an organisation suffix) is followed by a region prefix that starts another complete name.
fn split_glued(name: &str, out: &mut Vec<String>) {
    // A loop, not recursion: a cell of thousands of glued names must not exhaust the stack.
    let mut rest = name;
    'names: loop {
        let mut depth = 0i32;
        for (chars_seen, (i, c)) in rest.char_indices().enumerate() {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth -= 1,
                _ => {}
            }
            // A name starts with its place (县, 区 …, or a city's name: 曲靖市…) or names a group
            // of units (各镇, 各街道).
            if depth == 0
                && i > 0
                && chars_seen >= 3
                && (REGION_PREFIXES.contains(&c) || c == '各' || starts_with_place(&rest[i..]))
            {
                let (left, right) = rest.split_at(i);
                if is_org_name(left) && right.chars().count() >= 3 && is_org_name(right) {
                    out.push(left.to_owned());
                    rest = right;
                    continue 'names;
                }
            }
        }
        out.push(rest.to_owned());
        return;
    }
}

/// A name that opens with a place of two or three characters and its level: "曲靖市医疗保障局",
/// "黔东南州…"; not "市场…" or "城市…".
fn starts_with_place(t: &str) -> bool {
    let cs: Vec<char> = t.chars().take(5).collect();
    (2..=3).any(|k| {
        cs.get(k).is_some_and(|c| ['市', '州', '盟'].contains(c))
            && cs.get(k + 1).is_some_and(|n| *n != '场')
            && !cs[..k]
                .iter()
                .any(|c| REGION_PREFIXES.contains(c) || *c == '城')
    })
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    items
        .into_iter()
        .filter(|i| seen.insert(i.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn clip_keeps_user_visible_characters_whole() {
        // A letter with its combining accent, a flag (two code points): never cut inside.
        assert_eq!(clip("ae\u{301}b", 2), "ae\u{301}…");
        assert_eq!(clip("区🇨🇳民政局", 2), "区🇨🇳…");
        assert_eq!(clip("区民政局", 4), "区民政局");
        assert_eq!(clip("", 3), "");
    }

    use super::*;

    macro_rules! cases {
        ($f:ident: $($input:expr => [$($want:expr),*];)*) => {
            $( assert_eq!($f($input), Vec::<&str>::from([$($want),*]), "input {:?}", $input); )*
        };
    }

    #[test]
    fn text_rules() {
        assert_eq!(
            text("达到待遇享受\n\n年龄的老年人"),
            "达到待遇享受年龄的老年人"
        );
        // See: issue 11, item 10. A space between two clauses after an amount stays.
        assert_eq!(
            text("每人每年 920 元 90-99 周岁"),
            "每人每年920元 90-99周岁"
        );
        assert_eq!(
            text("每人每月 82 元 重度残疾人护理补贴按照每人每月 109 元 三、四级"),
            "每人每月82元 重度残疾人护理补贴按照每人每月109元 三、四级"
        );
        assert_eq!(text("每人每月 100 元 以上"), "每人每月100元以上");
        assert_eq!(text("100 元\n重度"), "100元重度");
        assert_eq!(text("2 型糖尿病"), "2型糖尿病");
        assert_eq!(text("\u{3000}\u{3000}为老年人\u{a0}服务 "), "为老年人服务");
        assert_eq!(text("ＡＰＰ　１２"), "APP 12");
        assert_eq!(text("每人每月12\n0元"), "每人每月120元");
        assert_eq!(text("GB/T \n 42195"), "GB/T42195");
        assert_eq!(text("（含60不含65）"), "（含60不含65）");
        assert_eq!(text(""), "");
    }

    #[test]
    fn fast_and_slow_paths_agree() {
        let cases = [
            "60 周岁及以上\n老年人",
            "手机 APP 自助",
            "GB/T  42195",
            "１２０元",
            "a\u{3000}b",
            "x\u{A0}1 2",
            "12\n0",
            " 前后 ",
            "\u{FEFF}开头",
            "全角（括号）、顿号。",
            "ｘＹ　ｚ",
            "a \n b",
            "\t\t",
            "",
        ];
        for c in cases {
            let (slow, _) = text_with_offsets(c);
            assert_eq!(text(c), slow, "{c:?}");
        }
    }

    #[test]
    fn text_is_idempotent() {
        for s in ["a b  c", "６０ 周岁", "x\u{200B}y", " 老 年 人 "] {
            assert_eq!(text(&text(s)), text(s));
        }
    }

    #[test]
    fn type_rules() {
        cases!(types:
            "物质帮助" => ["物质帮助"];
            "物质\n\n帮助" => ["物质帮助"];
            "照护 \n\n服务" => ["照护服务"];
            "关爱服务 物质帮助" => ["关爱服务", "物质帮助"];
            "照护服务、关爱服务" => ["照护服务", "关爱服务"];
            "医护服务" => ["医护服务"];
            "" => [];
        );
    }

    #[test]
    fn department_rules() {
        cases!(departments:
            "区人社局" => ["区人社局"];
            "区法院、区司法局" => ["区法院", "区司法局"];
            "区民政局 区财政局 区卫健局" => ["区民政局", "区财政局", "区卫健局"];
            "县人力资源\n\n社会保障局" => ["县人力资源社会保障局"];
            "县文化广电\n\n和旅游局" => ["县文化广电和旅游局"];
            "县民政局\n县残联" => ["县民政局", "县残联"];
            "县民政局\n\n县卫生健康委县残联" => ["县民政局", "县卫生健康委", "县残联"];
            "县退役军人事务局县卫生健康委" => ["县退役军人事务局", "县卫生健康委"];
            "区住建局（交通局）" => ["区住建局（交通局）"];
            "国网晋城供电公司城区供电中心 区民政局" => ["国网晋城供电公司城区供电中心", "区民政局"];
            "区委政法委 区民政局 区地方金融 监管局" => ["区委政法委", "区民政局", "区地方金融监管局"];
            "区民政局 区自然资源局 区住建局 薛城规划中心" => ["区民政局", "区自然资源局", "区住建局", "薛城规划中心"];
            "县卫生健康委\n员会" => ["县卫生健康委员会"];
            "区财政局、区发改局、区民政局按职责分工负责" => ["区财政局", "区发改局", "区民政局"];
            "团县委" => ["团县委"];
            "各乡镇人民政府（街道办事处）" => ["各乡镇人民政府（街道办事处）"];
            "区发展改革和科技局" => ["区发展改革和科技局"];
            "" => [];
        );
    }

    #[test]
    fn departments_in_narrow_cells() {
        // See: issue 18, item 5.
        cases!(departments:
            "市民政局\n各乡镇人民政府（街道办事处）" => ["市民政局", "各乡镇人民政府（街道办事处）"];
            "湖州市医疗保障局\n德清分局" => ["湖州市医疗保障局德清分局"];
            "市医疗保障局\n德清分局\n县民政局" => ["市医疗保障局德清分局", "县民政局"];
            "各乡镇人民政府\n（街道办事处）" => ["各乡镇人民政府（街道办事处）"];
            "县公安局\n县公安局交警大队" => ["县公安局", "县公安局交警大队"];
            "县民\n政局\n县卫生\n健康委" => ["县民政局", "县卫生健康委"];
            // A written separator lists two organisations.
            "市医疗保障局、德清分局" => ["市医疗保障局", "德清分局"];
            "区委\n老干部局" => ["区委老干部局"];
            "区委\n区政府" => ["区委", "区政府"];
        );
        assert!(continues_org_name("德清分局"));
        assert!(continues_org_name("（街道办事处）"));
        assert!(!continues_org_name("县公安局交警大队"));
        assert!(!continues_org_name("县民政局"));
    }
}
