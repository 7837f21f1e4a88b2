//! The numeral reader: Arabic numbers (decimals, thousands separators, full-width digits, 万/亿
//! multipliers) and Chinese numerals (小写 and 大写, 两, 零, 廿, 点 decimals, 分之 fractions, and
//! the colloquial short forms 九百九 = 990, 一千陆 = 1600, 九万四 = 94000).
//!
//! [`parse`] reads a string that is only a number; [`NUMERAL_CHARS`] tells a scanner which
//! characters can be part of one.

/// Every character that can appear inside a numeral read by [`parse`].
pub const NUMERAL_CHARS: &str = "0123456789０１２３４５６７８９.．,，点零〇○一二两三四五六七八九十百千万亿兆壹贰贰叁肆伍陆柒捌玖拾佰仟萬億廿卅卌幺";

/// The value of a Chinese digit character.
pub fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        '0'..='9' => u64::from(c as u8 - b'0'),
        '０'..='９' => u64::from(c as u32 - '０' as u32),
        _ => return None,
    })
}

/// The value of a unit character below 万 (十, 百, 千 and their 大写 forms).
fn small_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// The value of a section unit (万, 亿, 兆).
fn big_unit(c: char) -> Option<f64> {
    Some(match c {
        '万' | '萬' => 1e4,
        '亿' | '億' => 1e8,
        '兆' => 1e12,
        _ => return None,
    })
}

/// Reads a string that is only a number; `None` when it is not one.
///
/// ```
/// use qingdan::quantities::numeral::parse;
/// assert_eq!(parse("一百二十万三"), Some(1_203_000.0));
/// assert_eq!(parse("九百九"), Some(990.0));
/// assert_eq!(parse("三分之一").map(|v| (v * 1e4).round()), Some(3333.0));
/// assert_eq!(parse("10.1万"), Some(101_000.0));
/// assert_eq!(parse("壹拾壹元"), None);
/// ```
pub fn parse(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(rest) = s.strip_prefix('负').or_else(|| s.strip_prefix('-')) {
        return parse(rest).map(|v| -v);
    }
    if let Some((den, num)) = s.split_once("分之") {
        let (d, n) = (parse(den)?, parse(num)?);
        return (d != 0.0).then(|| n / d);
    }
    if let Some((whole, frac)) = s.split_once('又') {
        let (w, f) = (parse(whole)?, parse(frac)?);
        return (f.abs() < 1.0).then_some(w + f);
    }
    if let Some((a, b)) = s.split_once('/') {
        let (n, d) = (arabic(a)?, arabic(b)?);
        return (d != 0.0).then(|| n / d);
    }
    if let Some(v) = arabic(s) {
        return Some(v);
    }
    chinese(s)
}

/// An Arabic number: digits with optional thousands separators and one decimal point.
fn arabic(s: &str) -> Option<f64> {
    let mut clean = String::with_capacity(s.len());
    let mut seen_digit = false;
    for c in s.chars() {
        match c {
            '0'..='9' => {
                clean.push(c);
                seen_digit = true;
            }
            '０'..='９' => {
                clean.push(char::from_u32(c as u32 - 0xFEE0)?);
                seen_digit = true;
            }
            '.' | '．' => clean.push('.'),
            ',' | '，' if seen_digit => {}
            _ => return None,
        }
    }
    if !seen_digit || clean.starts_with('.') || clean.ends_with('.') {
        return None;
    }
    if clean.matches('.').count() > 1 {
        return None;
    }
    clean.parse().ok()
}

/// A Chinese numeral, possibly mixed with Arabic digits ("10.1万", "200亿零四千230").
fn chinese(s: &str) -> Option<f64> {
    let chars: Vec<char> = s.chars().collect();
    // Digit-by-digit numerals without units: 一七二零点一 = 1720.1, 二〇二四 = 2024.
    if chars.len() > 1
        && chars
            .iter()
            .all(|c| digit_value(*c).is_some() || *c == '点')
        && chars.iter().filter(|c| **c == '点').count() <= 1
    {
        return digit_string(&chars);
    }
    let (int_part, frac_part) = match chars.iter().position(|c| *c == '点') {
        Some(p) => (&chars[..p], Some(&chars[p + 1..])),
        None => (&chars[..], None),
    };
    let mut value = integer_with_units(int_part)?;
    if let Some(frac) = frac_part {
        // A fraction followed by a big unit: 一点五万 = 15000.
        let (digits, unit) = match frac.last().and_then(|c| big_unit(*c)) {
            Some(u) => (&frac[..frac.len() - 1], u),
            None => (frac, 1.0),
        };
        if digits.is_empty() {
            return None;
        }
        let mut f = 0.0;
        let mut scale = 0.1;
        for c in digits {
            f += digit_value(*c)? as f64 * scale;
            scale /= 10.0;
        }
        value = (value + f) * unit;
    }
    Some(value)
}

fn digit_string(chars: &[char]) -> Option<f64> {
    let mut text = String::new();
    for c in chars {
        if *c == '点' {
            text.push('.');
        } else {
            let d = digit_value(*c)?;
            text.push(char::from_digit(u32::try_from(d).ok()?, 10)?);
        }
    }
    if text.starts_with('.') || text.ends_with('.') {
        return None;
    }
    text.parse().ok()
}

/// The integer part of a numeral with units (十, 百, 千, 万, 亿, 兆), Arabic runs allowed.
fn integer_with_units(chars: &[char]) -> Option<f64> {
    if chars.is_empty() {
        return None;
    }
    let mut total = 0.0f64; // completed sections (above 万)
    let mut section = 0.0f64; // the part below the current big unit
    let mut number: Option<f64> = None; // the pending digit(s)
    let mut last_unit = 0.0f64; // the unit just read, for colloquial 九百九
    let mut last_big = 0.0f64;
    let mut after_zero = false;
    let mut prev_was_unit = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '.' || c == '．' {
            // An Arabic run, read whole: "230", "10.1".
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ('０'..='９').contains(&chars[i])
                    || matches!(chars[i], '.' | '．' | ','))
            {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            if number.is_some() {
                return None;
            }
            number = Some(arabic(&run)?);
            // An Arabic run is taken at face value: 四千230 = 4230, not 四千二.
            prev_was_unit = true;
            continue;
        }
        if let Some(d) = digit_value(c) {
            if d == 0 {
                after_zero = true;
                prev_was_unit = false;
                if number.is_some() {
                    return None; // "五零" inside a unit numeral
                }
            } else {
                if number.is_some() {
                    return None; // two digits in a row need no units: handled elsewhere
                }
                number = Some(d as f64);
                prev_was_unit = false;
            }
        } else if matches!(c, '廿' | '卅' | '卌') {
            let tens = match c {
                '廿' => 20.0,
                '卅' => 30.0,
                _ => 40.0,
            };
            if number.is_some() {
                return None;
            }
            section += tens;
            last_unit = 10.0;
            prev_was_unit = true;
            after_zero = false;
        } else if let Some(u) = small_unit(c) {
            // 十 alone means 一十; 百/千 alone (百岁) likewise.
            let n = number.take().unwrap_or(1.0);
            section += n * u as f64;
            last_unit = u as f64;
            prev_was_unit = true;
            after_zero = false;
        } else if let Some(u) = big_unit(c) {
            let n = number.take().unwrap_or(0.0);
            let part = section + n;
            if u > last_big && last_big > 0.0 {
                // 万亿: the whole so far is multiplied.
                total = (total + part) * u;
            } else if part == 0.0 && total == 0.0 {
                total = u; // 万 alone
            } else {
                total += part * u;
            }
            section = 0.0;
            last_unit = u;
            last_big = u;
            prev_was_unit = true;
            after_zero = false;
        } else {
            return None;
        }
        i += 1;
    }
    if let Some(n) = number {
        if prev_was_unit || after_zero || last_unit < 100.0 {
            section += n;
        } else {
            // Colloquial trailing digit: 九百九 = 990, 九万四 = 94000.
            section += n * last_unit / 10.0;
        }
    }
    Some(total + section)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[track_caller]
    fn p(s: &str, want: f64) {
        let got = parse(s);
        assert!(
            got.is_some_and(|g| (g - want).abs() < 1e-9 * want.abs().max(1.0)),
            "{s}: got {got:?}, want {want}"
        );
    }

    #[test]
    fn arabic() {
        p("120", 120.0);
        p("54.5", 54.5);
        p("1,000", 1000.0);
        p("１２０", 120.0);
        p("10.1万", 101_000.0);
        assert_eq!(parse("1.2.3"), None);
        assert_eq!(parse("."), None);
    }

    #[test]
    fn chinese_units() {
        p("十", 10.0);
        p("十一", 11.0);
        p("七十", 70.0);
        p("一百", 100.0);
        p("百", 100.0);
        p("一千零十一", 1011.0);
        p("一万零百一十一", 10111.0);
        p("两千六", 2600.0);
        p("一千陆", 1600.0);
        p("九百九", 990.0);
        p("九万四", 94_000.0);
        p("一百二十万三", 1_203_000.0);
        p("二十万亿", 2e13);
        p("廿二", 22.0);
        p("〇", 0.0);
        p("零", 0.0);
        p("壹仟贰佰", 1200.0);
        p("一点五万", 15_000.0);
        p("200亿零四千230", 20_000_004_230.0);
    }

    #[test]
    fn chinese_digits_and_fractions() {
        p("一七二零点一", 1720.1);
        p("二〇二四", 2024.0);
        p("零点五", 0.5);
        p("三分之一", 1.0 / 3.0);
        p("百分之五十", 0.5);
        p("1/3", 1.0 / 3.0);
        p("负五", -5.0);
    }

    #[test]
    fn not_numbers() {
        for s in ["", "元", "一切", "老年人", "十点", "分之"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
