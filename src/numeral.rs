//! The numeral reader: Arabic numbers (decimals, thousands separators, full-width digits, 万/亿
//! multipliers) and Chinese numerals (小写 and 大写, 两, 零, 廿, 点 decimals, 分之 fractions, and
//! the colloquial short forms 九百九 = 990, 一千陆 = 1600, 九万四 = 94000).
//!
//! [`parse`] reads a string that is only a number; [`NUMERAL_CHARS`] tells a scanner which
//! characters can be part of one.

/// Every character that can appear inside a numeral read by [`parse`].
pub const NUMERAL_CHARS: &str = "0123456789０１２３４５６７８９.．,，eEｅＥ^+＋－/／点點零〇○一二两兩倆三四五六七八九十百千万亿兆壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億廿卅卌幺分之又负負多余几幾";

/// The value of a Chinese digit character.
pub fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '兩' | '倆' | '俩' | '贰' | '貳' => 2,
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

/// A full-width form of a printable ASCII character (U+FF01..=U+FF5E), except the full-width
/// comma, which [`arabic`] reads as a thousands separator itself.
fn is_full_width_ascii(c: char) -> bool {
    ('\u{FF01}'..='\u{FF5E}').contains(&c) && c != '，'
}

/// The ASCII twin of a full-width form; any other character unchanged.
fn ascii_twin(c: char) -> char {
    if is_full_width_ascii(c) {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

fn is_arabic_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
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
/// assert_eq!(parse("壹拾壹元壹角"), Some(11.1));
/// assert_eq!(parse("一切"), None);
/// ```
pub fn parse(s: &str) -> Option<f64> {
    read(s).map(exact)
}

/// A value as written: arithmetic on binary floats leaves noise in the 16th or 17th
/// significant digit (50 + 0.6 + 0.03 = 50.629999999999995, 0.1 × 3 = 0.30000000000000004). No
/// amount, factor or rate is written with more than 12 significant digits, so rounding to 12
/// drops the noise and keeps every digit written: `exact(50.629999999999995)` is 50.63, and
/// 3.455 stays 3.455.
///
/// ```
/// use qingdan::quantities::numeral::exact;
/// assert_eq!(exact(0.1 * 3.0), 0.3);
/// assert_eq!(exact(50.0 + 0.6 + 0.03), 50.63);
/// assert_eq!(exact(3.455), 3.455);
/// assert_eq!(exact(1.0 / 3.0), 0.333333333333);
/// ```
pub fn exact(v: f64) -> f64 {
    // Whole numbers carry no noise (and are most numbers).
    if !v.is_finite() || (v.fract() == 0.0 && v.abs() < 1e15) {
        return v;
    }
    format!("{v:.11e}").parse().unwrap_or(v)
}

/// [`parse`] before [`exact`].
fn read(s: &str) -> Option<f64> {
    let s = s.trim();
    // No numeral is this long; the bound also keeps the recursion below shallow.
    if s.is_empty() || s.len() > 160 {
        return None;
    }
    // Full-width forms read as their ASCII twins: ２．２, ３／５, ２.７８９０e－１, ＋, Ｅ.
    if s.contains(is_full_width_ascii) {
        let ascii: String = s.chars().map(ascii_twin).collect();
        return read(&ascii);
    }
    // The common case: plain digits ("60", "1200").
    if s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<u64>().ok().map(|v| v as f64);
    }
    // Spaces inside a numeral ("三千 九百 六十五") mean nothing, except between two Arabic
    // numbers, where they make a mixed fraction ("1 3/5" = 1.6).
    if s.contains(char::is_whitespace) {
        let parts: Vec<&str> = s.split_whitespace().collect();
        if let [whole, frac] = parts.as_slice()
            && whole.chars().all(is_arabic_digit)
            && frac.contains('/')
        {
            return Some(arabic(whole)? + read(frac)?);
        }
        return read(&parts.concat());
    }
    if let Some(v) = colloquial(s) {
        return v;
    }
    // 大写 amounts: 壹拾壹元壹角壹分, 壹佰壹拾壹圆整.
    let s = s.trim_end_matches(['整', '正']);
    if let Some(v) = compound(s) {
        return v;
    }
    let normalized: String = s
        .chars()
        .map(|c| if c == '點' { '点' } else { c })
        .collect();
    let s = normalized.as_str();
    if let Some((a, b)) = s.split_once('/') {
        let (n, d) = (arabic(a)?, arabic(b)?);
        return (d != 0.0).then(|| n / d);
    }
    if let Some(v) = arabic(s) {
        return Some(v);
    }
    chinese(s)
}

/// Colloquial multipliers (半百 = 50, 一打 = 12, a dozen, 40k = 40000) and powers (2^5 = 32,
/// 2.5^-1 = 0.4): `Some` with the reading (itself `None` when unreadable) where `s` is of
/// these forms.
fn colloquial(s: &str) -> Option<Option<f64>> {
    if s == "半百" {
        return Some(Some(50.0));
    }
    if let Some(n) = s.strip_suffix('打') {
        return Some(read(n).map(|v| v * 12.0));
    }
    if let Some(n) = s.strip_suffix(['k', 'K']) {
        return Some(arabic(n).map(|v| v * 1000.0));
    }
    let (b, e) = s.split_once('^')?;
    Some(power(b, e))
}

/// `b` to the power `e` (`e` signed).
fn power(b: &str, e: &str) -> Option<f64> {
    let (b, e) = (arabic(b)?, e.strip_prefix('+').unwrap_or(e));
    let e: f64 = match e.strip_prefix('-') {
        Some(x) => -arabic(x)?,
        None => arabic(e)?,
    };
    let v = b.powf(e);
    v.is_finite().then_some(v)
}

/// Numerals made of other numerals: 大写 amounts with 元/角/分, negatives (负, -), mixed
/// numbers (又), fractions (分之) and approximations (十多万 = 100000, 五百余万 = 5000000, read
/// as their round number): `Some` with the reading (itself `None` when unreadable) where `s`
/// is of these forms.
fn compound(s: &str) -> Option<Option<f64>> {
    if let Some(i) = s.find(['元', '圆']) {
        return Some(amount_in_words(&s[..i], &s[i + '元'.len_utf8()..]));
    }
    if let Some(rest) = s
        .strip_prefix('负')
        .or_else(|| s.strip_prefix('負'))
        .or_else(|| s.strip_prefix('-'))
    {
        return Some(read(rest).map(|v| -v));
    }
    if let Some((whole, frac)) = s.split_once('又') {
        return Some(mixed(whole, frac));
    }
    if let Some((den, num)) = s.split_once("分之") {
        return Some(fraction(den, num));
    }
    if s.contains(['多', '余', '几', '幾']) {
        let round: String = s
            .chars()
            .filter(|c| !matches!(c, '多' | '余' | '几' | '幾'))
            .collect();
        let ends_in_unit = s
            .chars()
            .last()
            .is_some_and(|c| small_unit(c).is_some() || big_unit(c).is_some());
        return Some(if ends_in_unit { read(&round) } else { None });
    }
    None
}

/// 壹拾壹 (元) 壹角壹分: the whole 元 and the 角 and 分 after them, nothing else.
fn amount_in_words(int: &str, rest: &str) -> Option<f64> {
    let mut v = read(int)?;
    let mut rest = rest;
    for (unit, scale) in [('角', 0.1), ('分', 0.01)] {
        if let Some(j) = rest.find(unit) {
            v += digit_value(rest[..j].chars().next()?)? as f64 * scale;
            rest = &rest[j + unit.len_utf8()..];
        }
    }
    rest.is_empty().then_some(v)
}

/// A whole number and a fraction below one (三又二分之一).
fn mixed(whole: &str, frac: &str) -> Option<f64> {
    let (w, f) = (read(whole)?, read(frac)?);
    (f.abs() < 1.0).then_some(w + f)
}

/// 五分之一: the numerator over the denominator.
fn fraction(den: &str, num: &str) -> Option<f64> {
    let (d, n) = (read(den)?, read(num)?);
    (d != 0.0).then(|| n / d)
}

/// An Arabic number: digits with optional thousands separators and one decimal point.
fn arabic(s: &str) -> Option<f64> {
    if let Some((m, e)) = s.split_once(['e', 'E']) {
        let e: i32 = e.strip_prefix('+').unwrap_or(e).parse().ok()?;
        // Through the decimal text, not m × 10^e: "2.789e-1" reads as 0.2789 exactly.
        let v: f64 = format!("{}e{e}", arabic(m)?).parse().ok()?;
        return v.is_finite().then_some(v);
    }
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
    if !seen_digit || clean.ends_with('.') {
        return None;
    }
    if clean.starts_with('.') {
        clean.insert(0, '0');
    }
    if clean.matches('.').count() > 1 {
        return None;
    }
    // Thousands separators only between groups of three digits: "1,000", not "80,100".
    let int_part = s.split(['.', '．']).next().unwrap_or("");
    let groups: Vec<&str> = int_part.split([',', '，']).collect();
    if groups.len() > 1
        && (groups[0].is_empty()
            || groups[0].chars().count() > 3
            || groups[1..].iter().any(|g| g.chars().count() != 3))
    {
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
            .all(|c| (digit_value(*c).is_some() && !is_arabic_digit(*c)) || *c == '点')
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
    let mut r = Units::default();
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
            r.arabic_run(&run)?;
            continue;
        }
        if let Some(d) = digit_value(c) {
            r.digit(d)?;
        } else if matches!(c, '廿' | '卅' | '卌') {
            r.tens(c)?;
        } else if let Some(u) = small_unit(c) {
            r.small(u as f64);
        } else if let Some(u) = big_unit(c) {
            r.big(u, i > 0 && big_unit(chars[i - 1]).is_some());
        } else {
            return None;
        }
        i += 1;
    }
    Some(r.finish())
}

/// The state of [`integer_with_units`] reading left to right.
#[derive(Default)]
struct Units {
    /// Completed sections (above 万).
    total: f64,
    /// The part below the current big unit.
    section: f64,
    /// The pending digit(s).
    number: Option<f64>,
    /// The unit just read, for colloquial 九百九.
    last_unit: f64,
    last_big: f64,
    after_zero: bool,
    prev_was_unit: bool,
}

impl Units {
    /// An Arabic run, taken at face value: 四千230 = 4230, not 四千二.
    fn arabic_run(&mut self, run: &str) -> Option<()> {
        if self.number.is_some() {
            return None;
        }
        self.number = Some(arabic(run)?);
        self.prev_was_unit = true;
        Some(())
    }

    fn digit(&mut self, d: u64) -> Option<()> {
        if d == 0 {
            self.after_zero = true;
            self.prev_was_unit = false;
            if self.number.is_some() {
                return None; // "五零" inside a unit numeral
            }
        } else {
            if self.number.is_some() {
                return None; // two digits in a row need no units: handled elsewhere
            }
            self.number = Some(d as f64);
            self.prev_was_unit = false;
        }
        Some(())
    }

    /// 廿 (20), 卅 (30), 卌 (40).
    fn tens(&mut self, c: char) -> Option<()> {
        let tens = match c {
            '廿' => 20.0,
            '卅' => 30.0,
            _ => 40.0,
        };
        if self.number.is_some() {
            return None;
        }
        self.section += tens;
        self.last_unit = 10.0;
        self.prev_was_unit = true;
        self.after_zero = false;
        Some(())
    }

    /// 十, 百, 千: 十 alone means 一十; 百/千 alone (百岁) likewise.
    fn small(&mut self, u: f64) {
        let n = self.number.take().unwrap_or(1.0);
        self.section += n * u;
        self.last_unit = u;
        self.prev_was_unit = true;
        self.after_zero = false;
    }

    /// 万, 亿, 兆; `after_big` when the character before was one too.
    fn big(&mut self, u: f64, after_big: bool) {
        let n = self.number.take().unwrap_or(0.0);
        let part = self.section + n;
        if after_big && part == 0.0 {
            // 万万 = 10^8, 万亿 = 10^12: the whole so far is multiplied.
            self.total *= u;
        } else if u > self.last_big && self.last_big > 0.0 {
            // 万亿: the whole so far is multiplied.
            self.total = (self.total + part) * u;
        } else if part == 0.0 && self.total == 0.0 {
            self.total = u; // 万 alone
        } else {
            self.total += part * u;
        }
        self.section = 0.0;
        self.last_unit = u;
        self.last_big = u;
        self.prev_was_unit = true;
        self.after_zero = false;
    }

    fn finish(mut self) -> f64 {
        if let Some(n) = self.number {
            if self.prev_was_unit || self.after_zero || self.last_unit < 100.0 {
                self.section += n;
            } else {
                // Colloquial trailing digit: 九百九 = 990, 九万四 = 94000.
                self.section += n * self.last_unit / 10.0;
            }
        }
        self.total + self.section
    }
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
        p("一万万", 1e8);
        p("兩千六", 2600.0);
        p("肆佰陸拾", 460.0);
        p("壹百五十四點零", 154.0);
        p("1万600", 10_600.0);
        p("1千零1", 1001.0);
        p("25万6千", 256_000.0);
        p("十多万", 100_000.0);
        p("一千五百零几万", 15_000_000.0);
        p("500余万", 5_000_000.0);
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
        p("3又一千分之23", 3.023);
        p("一百分之十万零六百五十一", 1006.51);
        p("一万万分之七", 7e-8);
        p(".5", 0.5);
        p("1 3/5", 1.6);
        p("三千 九百 六十五", 3965.0);
        p("壹拾壹元壹角壹分", 11.11);
        p("玖仟陆佰陆拾伍圆壹角捌分", 9665.18);
        p("壹佰壹拾壹圆整", 111.0);
        p("半百", 50.0);
        p("五十打", 600.0);
        p("40k", 40_000.0);
        p("2e5", 200_000.0);
        p("2.7890e-1", 0.2789);
        p("2^-1", 0.5);
    }

    #[test]
    fn full_width_forms() {
        p("２．２", 2.2);
        p("２．２亿", 2.2e8);
        p("21.2E0", 21.2);
        p("２.７８９０e－１", 0.2789);
        p("３／５", 0.6);
        p("４ ６／３", 6.0);
        p("４，５６５", 4565.0);
        p("－５", -5.0);
    }

    #[test]
    fn not_numbers() {
        for s in ["", "元", "一切", "老年人", "十点", "分之"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
