//! A list title written over one to three lines: the region on the line above
//! (泗洪县 / 基本养老服务清单), an edition or draft marker on the line below (（2024年版）,
//! （征求意见稿）); the draft marker is left out of the title and kept as a flag.

use crate::region::{self, Resolution};

/// A list title written over one to three lines, as [`list_title`] assembles it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListTitle {
    /// The title without its draft marker: "泗洪县基本养老服务清单（2024年版）".
    pub text: String,
    /// The title carried a 征求意见稿 marker (on its line or the next).
    pub draft: bool,
    /// How many of the lines above the title's line belong to it.
    pub above: usize,
    /// How many of the lines below it (before the header) belong to it.
    pub below: usize,
}

/// The draft markers a list title may carry; [`ListTitle::draft`] keeps what they say.
const DRAFT_MARKERS: &[&str] = &["（征求意见稿）", "(征求意见稿)", "征求意见稿"];

/// Assembles a list title from the line that names the 清单 and the normalized, non-blank lines
/// around it (`above` nearest last, `below` nearest first, up to the header):
///
/// - a county or city on the line above ("泗洪县" / "基本养老服务清单"), or the first half of a
///   title broken inside its name ("泗洪县基本养老" / "服务清单"), up to two lines;
/// - a bracketed line below ("（2024年版）", "（试行）", "（征求意见稿）"), up to two lines.
///
/// The draft marker is left out of the text and kept in `draft`; a year or 试行 stays.
///
/// ```
/// use qingdan::list::title::list_title;
/// let t = list_title(&["泗洪县"], "基本养老服务清单", &["（征求意见稿）"]);
/// assert_eq!((t.text.as_str(), t.draft, t.above, t.below), ("泗洪县基本养老服务清单", true, 1, 1));
/// ```
pub fn list_title(above: &[&str], line: &str, below: &[&str]) -> ListTitle {
    let mut text = line.to_owned();
    let mut used_above = 0;
    for prev in above.iter().rev().take(2) {
        let short = prev.chars().count() <= 20
            && !prev.contains(['，', '。', '：', ':', '；', '、', '（', '(', '〔'])
            && !prev.starts_with("附件");
        if !short {
            break;
        }
        let joined = format!("{prev}{text}");
        let broken_name =
            joined.contains("养老服务清单") && !text.contains("养老服务清单") && used_above == 0;
        let region_line = is_region_line(prev)
            && match title_region(&text) {
                None => true,
                // A city or province above a title that names its county: "宿迁市" / "泗洪县…".
                Some(r) => prev.ends_with(['市', '省', '州', '盟']) && !r.starts_with(prev),
            };
        if !(broken_name || region_line) {
            break;
        }
        text = joined;
        used_above += 1;
    }
    let mut used_below = 0;
    for next in below.iter().take(2) {
        let bracketed = next.starts_with(['（', '('])
            && next.ends_with(['）', ')'])
            && next.chars().count() <= 14;
        if !(bracketed || *next == "征求意见稿") {
            break;
        }
        text.push_str(next);
        used_below += 1;
    }
    let mut draft = false;
    for m in DRAFT_MARKERS {
        if text.contains(m) {
            draft = true;
            text = text.replace(m, "");
        }
    }
    ListTitle {
        text,
        draft,
        above: used_above,
        below: used_below,
    }
}

/// A line that is nothing but the name of a division: "泗洪县", "宿迁市泗洪县", "湖州市".
fn is_region_line(line: &str) -> bool {
    line.chars().count() >= 2
        && line.ends_with(['省', '市', '县', '区', '旗', '州', '盟'])
        && region::resolve(line, &[]) != Resolution::Unknown
        && (region::find_in(line).is_none_or(|r| r == line)
            || region::table().iter().any(|d| d.name() == line))
}

/// The region name at the head of a list title: "晋城市城区基本养老服务清单" → "晋城市城区".
pub(crate) fn title_region(list_title: &str) -> Option<&str> {
    let cut = ["基本养老服务", "养老服务清单", "清单"]
        .iter()
        .find_map(|w| list_title.find(w))?;
    let mut name = &list_title[..cut];
    // A year before the list name: "XX区2024年基本养老服务清单".
    if let Some(i) = name.rfind("年") {
        let year = &name[..i];
        let digits = year.get(year.len().saturating_sub(4)..).unwrap_or("");
        if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
            name = &name[..i - 4];
        }
    }
    (!name.is_empty()).then_some(name)
}
