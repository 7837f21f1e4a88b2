//! Document metadata: the document's title, issuer, number (发文字号), issue date, draft status,
//! the other documents it cites, and the district its list is for.
//!
//! Input is the decoded text and the span of the list (which is not searched for metadata);
//! output is [`Meta`]. Everything is read from the text's own furniture: the head (number and
//! title lines), the signature (落款: issuer and date) and the 印发 line at the end.

use crate::diag::{Code, Diagnostics};
use crate::list::title::title_region;
pub use crate::list::title::{ListTitle, list_title};
use crate::model::Region;
use crate::normalize;
use crate::region::{self, Resolution};
use crate::span::Span;
use regex::Regex;
use std::sync::LazyLock;

/// What the metadata stage found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// The document's own title.
    pub title: Option<String>,
    /// The office that issued it.
    pub issuer: Option<String>,
    /// Its own 发文字号, without inner spaces.
    pub doc_number: Option<String>,
    /// Issue date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// True for a 征求意见稿.
    pub draft: bool,
    /// Other documents' numbers cited in the text, in order of first citation.
    pub references: Vec<String>,
    /// The district the list is for.
    pub region: Option<Region>,
}

/// The year-and-number part of a document number: "〔2024〕23号". The issuing-office code
/// before it is read by hand (a leading `\p{Han}{1,12}` would make the search slow).
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[〔\[［【(（](?P<year>(?:19|20)\d{2})[〕\]］】)）](?P<num>\d{1,4})号")
        .expect("doc number pattern compiles")
});

/// Up to 12 Han characters right before `at`.
fn han_before(line: &str, at: usize) -> &str {
    let before = &line[..at];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_han(*c))
        .take(12)
        .last()
        .map_or(at, |(i, _)| i);
    &before[start..]
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// A full date, Arabic or Chinese numerals.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})月(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日")
        .expect("date pattern compiles")
});

/// Characters before an office code that belong to the sentence, not the code ("…18号和枣政办便函").
const CODE_BREAKS: &[char] = &[
    '号', '和', '及', '与', '据', '照', '了', '即', '在', '见', '按', '依', '对', '为', '将',
];

/// Verbs before an office code ("贯彻落实鲁政办发〔2022〕18号").
const CODE_BREAK_WORDS: &[&str] = &[
    "落实", "贯彻", "执行", "根据", "依据", "参照", "转发", "印发", "精神", "要求", "文件", "通知",
];

/// Words that end a document title.
const TITLE_ENDS: &[&str] = &[
    "通知", "方案", "意见", "清单", "办法", "规定", "决定", "函", "报告", "计划", "细则", "批复",
    "通报", "公告", "规划",
];

/// Normalized text of each line, with its span; blank lines left out. Computed once per document
/// and shared by the metadata and task readers.
pub fn lines(text: &str, list: Span) -> Vec<(Span, String)> {
    crate::grammar::lines(text)
        // The list's own cells are read by `rows`; its references come from them.
        .filter(|(span, _)| span.end <= list.start || span.start >= list.end)
        .map(|(span, l)| (span, normalize::text(l).trim_matches(['*', '#']).to_owned()))
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

/// All document numbers in `line`, without inner spaces, with 〔〕 brackets.
pub fn doc_numbers(line: &str) -> Vec<String> {
    if !line.contains("号") {
        return Vec::new();
    }
    DOC_NUMBER
        .captures_iter(line)
        .filter_map(|c| {
            let mut org = han_before(line, c.get(0)?.start());
            if let Some(i) = org.rfind(CODE_BREAKS) {
                org = &org[i + org[i..].chars().next().map_or(0, char::len_utf8)..];
            }
            for w in CODE_BREAK_WORDS {
                if let Some(i) = org.rfind(w) {
                    org = &org[i + w.len()..];
                }
            }
            (org.chars().count() >= 2).then(|| format!("{org}〔{}〕{}号", &c["year"], &c["num"]))
        })
        .collect()
}

/// A date as `YYYY-MM-DD`, if `s` holds a valid one.
pub fn date_of(s: &str) -> Option<(String, usize, usize)> {
    if !s.contains("日") {
        return None;
    }
    let c = DATE.captures(s)?;
    let num = |x: &str| -> Option<u32> {
        if x.chars().all(|c| c.is_ascii_digit()) {
            return x.parse().ok();
        }
        if x.chars().count() == 4 {
            // 二〇二四: digit by digit.
            let v = crate::quantities::numeral::parse(x)?;
            return Some(v as u32);
        }
        crate::quantities::numeral::parse(x).map(|v| v as u32)
    };
    let (y, m, d) = (num(&c["y"])?, num(&c["m"])?, num(&c["d"])?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let all = c.get(0)?;
    Some((format!("{y:04}-{m:02}-{d:02}"), all.start(), all.end()))
}

/// A line that is nothing but one document number, bracketed or not: "（洪民发〔2024〕15号）".
fn only_doc_number(line: &str) -> Option<String> {
    let bare = line.trim_matches(|c: char| "（）()【】 ".contains(c));
    let nums = doc_numbers(bare);
    (nums.len() == 1 && nums[0].chars().count() + 2 >= bare.chars().count())
        .then(|| nums[0].clone())
}

/// A web page's navigation line: breadcrumbs ("当前位置：首页>通知公告") and menus.
fn is_navigation(line: &str) -> bool {
    line.contains(['>', '|', '›', '»']) || line.starts_with("当前位置") || line.starts_with("首页")
}

/// An issuing office: a short name that ends like an organisation (the one model of
/// organisation names, [`normalize::is_org_name`], that departments are split with), with no
/// document number or sentence in it.
fn ends_with_office(s: &str) -> bool {
    normalize::is_org_name(s)
        && s.chars().count() <= 30
        && !s.contains(['〔', '[', '，', '。', '：', ':', '、'])
}

/// Reads the metadata; `list` is the span of the service list (not searched), `list_title` its
/// title.
pub fn read(
    all: &[(Span, String)],
    list_cells: &[&str],
    list: Span,
    list_title: Option<&str>,
    diags: &mut Diagnostics,
) -> Meta {
    let outside: Vec<&(Span, String)> = all
        .iter()
        .filter(|(s, _)| s.end <= list.start || s.start >= list.end)
        .collect();
    let mut meta = Meta {
        draft: all.iter().any(|(_, l)| l.contains("征求意见稿"))
            || list_title.is_some_and(|t| t.contains("征求意见稿")),
        ..Meta::default()
    };

    let title_end = read_head(all, list, &mut meta);
    notice_number_and_title(all, list, list_title, title_end, &mut meta);
    read_signature(&outside, &mut meta);
    issuer_in_title(&mut meta);
    read_references(all, list_cells, &mut meta);

    meta.region = region_of(
        list_title,
        meta.title.as_deref(),
        meta.issuer.as_deref(),
        list,
        diags,
    );
    meta
}

/// The head: the document number and the title lines before the body. Returns the index of
/// the line after the title, where a web page prints the notice's own number.
fn read_head(all: &[(Span, String)], list: Span, meta: &mut Meta) -> Option<usize> {
    let mut title_lines: Vec<&str> = Vec::new();
    // Where the head's title ends, to look for the number printed under it.
    let mut title_end: Option<usize> = None;
    for (i, (span, l)) in all.iter().enumerate().take(15) {
        if span.start >= list.start && !title_lines.is_empty() {
            break;
        }
        // A web page's navigation ("首页>政务公开>通知公告") is not the title.
        if title_lines.is_empty() && is_navigation(l) {
            continue;
        }
        let nums = doc_numbers(l);
        if !nums.is_empty() && l.chars().count() <= 30 {
            if meta.doc_number.is_none() && title_lines.is_empty() {
                meta.doc_number = nums.into_iter().next();
            }
            continue;
        }
        let bare = l.trim_matches(|c: char| "（）()【】 ".contains(c));
        if bare.starts_with("附件") && bare.chars().count() <= 6
            || bare.contains("征求意见稿") && bare.chars().count() <= 10
            || bare.contains("此件") && bare.chars().count() <= 12
            || date_of(l).is_some() && l.chars().count() <= 14
        {
            if title_lines.is_empty() {
                continue;
            }
            break;
        }
        if l.chars().count() > 40 {
            break;
        }
        title_lines.push(l);
        if TITLE_ENDS.iter().any(|e| l.ends_with(e)) {
            meta.title = Some(title_lines.concat());
            title_end = Some(i + 1);
            break;
        }
        if title_lines.len() >= 4 {
            break;
        }
    }
    title_end
}

/// A web page's notice number and title, and the list's own title where there is no other.
fn notice_number_and_title(
    all: &[(Span, String)],
    list: Span,
    list_title: Option<&str>,
    title_end: Option<usize>,
    meta: &mut Meta,
) {
    // A web page's head holds navigation before the notice: the notice's own number is the
    // first line before the body that is nothing but a document number, and its title the
    // nearest short line above that ends like a title.
    let before_body: Vec<&str> = all
        .iter()
        .take_while(|(s, l)| s.end <= list.start && l.chars().count() <= 60)
        .map(|(_, l)| l.as_str())
        .collect();
    // The notice's own number printed under its title (a web page's layout) is its number.
    if meta.doc_number.is_none()
        && let Some(at) = title_end
    {
        meta.doc_number = all[at..]
            .iter()
            .take(2)
            .take_while(|(s, _)| s.end <= list.start)
            .find_map(|(_, l)| only_doc_number(l));
    }
    if meta.doc_number.is_none() {
        meta.doc_number = before_body.iter().find_map(|l| only_doc_number(l));
    }
    if meta.title.is_none() {
        meta.title = before_body
            .iter()
            .find(|l| {
                // Breadcrumbs ("当前位置：首页>通知公告") and labels are not titles.
                TITLE_ENDS.iter().any(|e| l.ends_with(e))
                    && Some(**l) != list_title
                    && !l.starts_with("附件")
                    && !is_navigation(l)
                    && !l.contains(['：', ':'])
            })
            .map(|l| (*l).to_owned());
    }
    if meta.title.is_none() {
        meta.title = list_title.map(str::to_owned);
    }
}

/// The signature: an office, then a date (on its own line or the same one); else the 印发 line.
fn read_signature(outside: &[&(Span, String)], meta: &mut Meta) {
    let mut printed: Option<(Option<String>, String)> = None;
    for (i, (_, l)) in outside.iter().enumerate() {
        let Some((date, ds, de)) = date_of(l) else {
            continue;
        };
        let before = &l[..ds];
        let after = &l[de..];
        let own_line = after.is_empty() || after == "印发";
        if !own_line || l.chars().count() > 40 {
            continue;
        }
        let office = if !before.is_empty() {
            ends_with_office(before).then(|| before.to_owned())
        } else {
            // The line above, past page numbers that a page break put between them.
            outside[..i]
                .iter()
                .rev()
                .map(|(_, p)| p.as_str())
                .find(|p| !crate::grammar::is_furniture(p))
                .filter(|p| ends_with_office(p))
                .map(str::to_owned)
        };
        if after == "印发" {
            printed.get_or_insert((office, date));
        } else if meta.date.is_none() {
            meta.date = Some(date);
            if meta.issuer.is_none() {
                meta.issuer = office;
            }
        }
    }
    if let Some((office, date)) = printed {
        if meta.date.is_none() {
            meta.date = Some(date);
        }
        if meta.issuer.is_none() {
            meta.issuer = office;
        }
    }
}

/// An issuer named in the title: "XX人民政府办公室关于印发…的通知".
fn issuer_in_title(meta: &mut Meta) {
    if let Some(t) = &meta.title
        && let Some(i) = t.find("关于")
    {
        let office = &t[..i];
        if ends_with_office(office) && meta.issuer.as_deref().is_none_or(|s| s == office) {
            meta.issuer = Some(office.to_owned());
        }
    }
}

/// References: every other document number, in order; a number may wrap over lines.
fn read_references(all: &[(Span, String)], list_cells: &[&str], meta: &mut Meta) {
    let joined: String = all.iter().map(|(_, l)| l.as_str()).collect();
    for text in std::iter::once(joined.as_str()).chain(list_cells.iter().copied()) {
        for n in doc_numbers(text) {
            // The notice's own number, also when the joined lines glue the line above onto
            // it ("泗洪县民政局" + "洪民发〔2024〕15号"), is never a reference.
            let own = meta.doc_number.as_deref().is_some_and(|d| n.ends_with(d));
            if !own && !meta.references.contains(&n) {
                meta.references.push(n);
            }
        }
    }
}

fn region_of(
    list_title: Option<&str>,
    title: Option<&str>,
    issuer: Option<&str>,
    list: Span,
    diags: &mut Diagnostics,
) -> Option<Region> {
    let context: Vec<&str> = [title, issuer].into_iter().flatten().collect();
    let mut candidates: Vec<String> = Vec::new();
    candidates.extend(list_title.and_then(title_region).map(str::to_owned));
    for t in &context {
        candidates.extend(region::find_in(t));
    }
    let mut last: Option<(String, Resolution)> = None;
    for name in candidates {
        let r = region::resolve(&name, &context);
        if let Resolution::Found(d) = r {
            return Some(Region {
                name,
                adcode: Some(d.adcode.to_owned()),
                province: Some(d.province.to_owned()),
                city: (!d.city.is_empty()).then(|| d.city.to_owned()),
                county: (!d.county.is_empty()).then(|| d.county.to_owned()),
            });
        }
        if last.is_none() {
            last = Some((name, r));
        }
    }
    let (name, r) = last?;
    let message = match r {
        Resolution::Ambiguous(ds) => format!(
            "region {name} names {} divisions ({}) and nothing written tells which",
            ds.len(),
            ds.iter()
                .map(|d| format!("{}{} {}", d.city, d.county, d.adcode))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!("region {name} is not in the GB/T 2260 table"),
    };
    diags.warn(
        Code::UnresolvedRegion,
        Span::new(list.start, list.start),
        message,
    );
    Some(Region {
        name,
        adcode: None,
        province: None,
        city: None,
        county: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> Meta {
        let mut d = Diagnostics::new();
        let list = Span::new(text.len(), text.len());
        read(&lines(text, list), &[], list, None, &mut d)
    }

    #[test]
    fn document_numbers() {
        assert_eq!(
            doc_numbers("城政办发〔2024〕23号"),
            ["城政办发〔2024〕23号"]
        );
        assert_eq!(
            doc_numbers("落实鲁政办发〔2022〕18号和枣政办便函〔2023〕1号文件"),
            ["鲁政办发〔2022〕18号", "枣政办便函〔2023〕1号"]
        );
        assert_eq!(doc_numbers("(鲁政发〔2011〕54号)"), ["鲁政发〔2011〕54号"]);
        assert_eq!(doc_numbers("（焦政办[2023]45号）"), ["焦政办〔2023〕45号"]);
        assert!(doc_numbers("GB/T42195－2022").is_empty());
    }

    #[test]
    fn dates() {
        assert_eq!(
            date_of("2024年7月8日").map(|d| d.0),
            Some("2024-07-08".into())
        );
        assert_eq!(
            date_of("二〇二四年七月八日").map(|d| d.0),
            Some("2024-07-08".into())
        );
        assert_eq!(date_of("2023年13月1日"), None);
    }

    #[test]
    fn head_and_signature() {
        let m = meta(
            "\n城政办发〔2024〕23号\n\n**晋城市城区人民政府办公室\n关于印发晋城市城区基本养老服务体系建设\n工作方案的通知**\n\n各单位：\n\n正文依据（晋政办发〔2023〕34号）。\n\n晋城市城区人民政府办公室\n\n2024年7月8日\n",
        );
        assert_eq!(m.doc_number.as_deref(), Some("城政办发〔2024〕23号"));
        assert_eq!(
            m.title.as_deref(),
            Some("晋城市城区人民政府办公室关于印发晋城市城区基本养老服务体系建设工作方案的通知")
        );
        assert_eq!(m.issuer.as_deref(), Some("晋城市城区人民政府办公室"));
        assert_eq!(m.date.as_deref(), Some("2024-07-08"));
        assert_eq!(m.references, ["晋政办发〔2023〕34号"]);
        let r = m.region.unwrap();
        assert_eq!(
            (r.name.as_str(), r.adcode.as_deref()),
            ("晋城市城区", Some("140502"))
        );
    }

    #[test]
    fn signature_on_one_line_and_draft() {
        let m = meta(
            "薛城区人民政府办公室\n\n关于进一步推进基本养老服务体系建设的通知\n\n正文。\n\n薛城区人民政府办公室 2023年4月24日\n",
        );
        assert_eq!(m.issuer.as_deref(), Some("薛城区人民政府办公室"));
        assert_eq!(m.date.as_deref(), Some("2023-04-24"));
        assert!(!m.draft);
        let m = meta(
            "\n温县推进基本养老服务体系建设实施方案\n\n（征求意见稿）\n\n为积极应对人口老龄化，到2025年底前完成。\n",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("温县推进基本养老服务体系建设实施方案")
        );
        assert!(m.draft);
        assert_eq!(m.date, None);
        assert_eq!(m.issuer, None);
    }

    #[test]
    fn web_page_number_under_the_title() {
        // See: issue 18, item 7.
        let m = meta(
            "首页>政务公开>通知公告\n泗洪县民政局关于印发泗洪县基本养老服务清单的通知\n泗洪县民政局\n洪民发〔2024〕15号\n各乡镇人民政府：\n根据宿民发〔2023〕8号文件精神，现印发清单。\n泗洪县民政局\n2024年5月6日\n",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("泗洪县民政局关于印发泗洪县基本养老服务清单的通知")
        );
        assert_eq!(m.doc_number.as_deref(), Some("洪民发〔2024〕15号"));
        assert_eq!(m.references, ["宿民发〔2023〕8号"]);
        assert_eq!(m.issuer.as_deref(), Some("泗洪县民政局"));
        // Printed right under the title, the number is the notice's own.
        let m = meta(
            "当前位置：首页\n湖州市民政局关于印发基本养老服务清单的通知\n（湖民发〔2024〕3号）\n正文依据浙民养〔2023〕52号。\n",
        );
        assert_eq!(m.doc_number.as_deref(), Some("湖民发〔2024〕3号"));
        assert_eq!(m.references, ["浙民养〔2023〕52号"]);
    }

    #[test]
    fn list_titles_over_lines() {
        // See: issue 18, item 3.
        let t = |above: &[&str], line: &str, below: &[&str]| {
            let t = list_title(above, line, below);
            (t.text, t.draft, t.above, t.below)
        };
        assert_eq!(
            t(&["泗洪县"], "基本养老服务清单", &[]),
            ("泗洪县基本养老服务清单".into(), false, 1, 0)
        );
        assert_eq!(
            t(&["宿迁市", "泗洪县"], "基本养老服务清单", &["（2024年版）"]),
            (
                "宿迁市泗洪县基本养老服务清单（2024年版）".into(),
                false,
                2,
                1
            )
        );
        assert_eq!(
            t(&["泗洪县基本养老"], "服务清单", &["（试行）"]),
            ("泗洪县基本养老服务清单（试行）".into(), false, 1, 1)
        );
        assert_eq!(
            t(&[], "杭州市西湖区基本养老服务清单（征求意见稿）", &[]),
            ("杭州市西湖区基本养老服务清单".into(), true, 0, 0)
        );
        assert_eq!(
            t(
                &[],
                "德清县基本养老服务清单",
                &["（征求意见稿）", "说明：本清单动态调整。"]
            ),
            ("德清县基本养老服务清单".into(), true, 0, 1)
        );
        // Not title lines: an office above, prose below, a county above a county's title.
        assert_eq!(
            t(
                &["泗洪县民政局"],
                "基本养老服务清单",
                &["本清单自公布之日起施行。"]
            ),
            ("基本养老服务清单".into(), false, 0, 0)
        );
        assert_eq!(
            t(&["沭阳县"], "泗洪县基本养老服务清单", &[]),
            ("泗洪县基本养老服务清单".into(), false, 0, 0)
        );
        assert_eq!(
            t(&["附件1"], "基本养老服务清单", &[]),
            ("基本养老服务清单".into(), false, 0, 0)
        );
    }

    #[test]
    fn region_names() {
        assert_eq!(
            title_region("阳泉市矿区基本养老服务清单"),
            Some("阳泉市矿区")
        );
        assert_eq!(title_region("XX区2024年基本养老服务清单"), Some("XX区"));
        assert_eq!(title_region("基本养老服务清单"), None);
        assert_eq!(title_region("XX区年基本养老服务清单"), Some("XX区年"));
    }
}
