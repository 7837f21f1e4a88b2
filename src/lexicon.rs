//! The words of published lists that more than one stage reads: the header lexicon (which
//! column a header cell names) and section headings ("一、物质帮助类（9项）"). The list stage maps
//! columns with them; the reader of space-aligned text (`read::text::columns`) finds a
//! header line and section rows with them, so they stand below both.

use crate::normalize;

/// What a column of the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// 服务对象 — who the service is for.
    Target,
    /// 序号 — the row number.
    Seq,
    /// 服务项目 — the service's name.
    Name,
    /// 服务内容 (or 服务内容及标准).
    Content,
    /// 服务标准.
    Standard,
    /// 服务类型 — 物质帮助 / 照护服务 / 关爱服务.
    Types,
    /// 支出责任 — who pays.
    Funding,
    /// 牵头(落实/责任)部门.
    Departments,
    /// 配合单位 / 协同单位 / 参与部门 — a second department column.
    Partners,
    /// A column without a known name; its cells are kept out of every field.
    Other,
}

/// The header lexicon: words seen in published lists' headers and the role each names. A
/// header cell takes the role of the longest word it contains (项目类别 is a category, not a
/// name; 服务内容及标准 is content, not a standard); on equal length the earlier entry wins.
pub(crate) const LEXICON: &[(&str, Role)] = &[
    ("序号", Role::Seq),
    ("编号", Role::Seq),
    ("服务对象", Role::Target),
    ("保障对象", Role::Target),
    ("适用对象", Role::Target),
    ("享受对象", Role::Target),
    ("对象", Role::Target),
    ("服务内容及标准", Role::Content),
    ("服务内容和标准", Role::Content),
    ("内容及标准", Role::Content),
    ("内容和标准", Role::Content),
    ("服务内容", Role::Content),
    ("内容", Role::Content),
    ("项目类别", Role::Types),
    ("服务类型", Role::Types),
    ("服务类别", Role::Types),
    ("类型", Role::Types),
    ("类别", Role::Types),
    ("服务项目", Role::Name),
    ("项目名称", Role::Name),
    ("服务名称", Role::Name),
    ("项目", Role::Name),
    ("事项", Role::Name),
    ("服务标准", Role::Standard),
    ("保障标准", Role::Standard),
    ("补贴标准", Role::Standard),
    ("标准", Role::Standard),
    ("支出责任", Role::Funding),
    ("资金来源", Role::Funding),
    ("资金渠道", Role::Funding),
    ("经费保障", Role::Funding),
    ("经费来源", Role::Funding),
    ("支出", Role::Funding),
    ("资金", Role::Funding),
    ("经费", Role::Funding),
    ("配合单位", Role::Partners),
    ("配合部门", Role::Partners),
    ("协同单位", Role::Partners),
    ("协同部门", Role::Partners),
    ("协办单位", Role::Partners),
    ("参与部门", Role::Partners),
    ("参与单位", Role::Partners),
    ("配合", Role::Partners),
    ("协同", Role::Partners),
    ("牵头部门", Role::Departments),
    ("牵头单位", Role::Departments),
    ("责任部门", Role::Departments),
    ("责任单位", Role::Departments),
    ("实施部门", Role::Departments),
    ("主管部门", Role::Departments),
    ("实施主体", Role::Departments),
    ("部门", Role::Departments),
    ("单位", Role::Departments),
    ("主体", Role::Departments),
    // Columns kept out of every field.
    ("政策依据", Role::Other),
    ("备注", Role::Other),
    ("办理渠道", Role::Other),
    ("办理方式", Role::Other),
    ("办理流程", Role::Other),
    ("联系电话", Role::Other),
    ("咨询电话", Role::Other),
    ("依据", Role::Other),
];

/// Every word of the header lexicon, for tools that check what a header line may hold.
pub fn header_words() -> impl Iterator<Item = &'static str> {
    LEXICON.iter().map(|(w, _)| *w)
}

/// Families of sub-column labels: labels of one family stand under one parent (城市 / 农村 under
/// 服务标准, 中央 / 省级 / 县级 under 资金来源), so a run of labels copied as text breaks where the
/// family changes.
pub const SUB_LABEL_FAMILIES: &[&[&str]] = &[
    &["城市", "城镇", "城区", "农村", "乡村"],
    &[
        "轻度",
        "中度",
        "重度",
        "失能",
        "半失能",
        "完全失能",
        "部分失能",
    ],
    &[
        "中央", "省级", "市级", "县级", "区级", "乡镇", "省", "市", "县", "区",
    ],
    &["低保", "非低保", "特困", "低边", "低收入", "一般"],
];

/// The family of a sub-column label (its text without spaces and bracketed notes), if it is a
/// known one.
pub fn sub_label_family(core: &str) -> Option<usize> {
    SUB_LABEL_FAMILIES.iter().position(|f| f.contains(&core))
}

/// The 服务类型 a section row of extracted text names ("一、物质帮助类（9项）" → 物质帮助).
///
/// ```
/// use qingdan::rows::section_heading;
/// assert_eq!(section_heading("一、物质帮助类（9项）").as_deref(), Some("物质帮助"));
/// assert_eq!(section_heading("（一）照护服务").as_deref(), Some("照护服务"));
/// assert_eq!(section_heading("三、保障措施"), None);
/// assert_eq!(section_heading("物质帮助类"), None);
/// ```
pub fn section_heading(norm: &str) -> Option<String> {
    section_type(norm, true)
}

/// The 服务类型 a section row names: "一、物质帮助类（9项）" → 物质帮助, "（一）照护服务" →
/// 照护服务, "关爱服务类" → 关爱服务. A heading needs an enumerator (一、 / （一）), or a
/// trailing 类 when not `strict`, a short name without sentence punctuation, and a type word
/// at its end.
pub(crate) fn section_type(norm: &str, strict: bool) -> Option<String> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let mut t = norm.trim_end_matches([':', '：']);
    let mut enumerated = false;
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let n = rest.chars().take_while(|c| NUMERALS.contains(*c)).count();
        let after: String = rest.chars().skip(n).take(1).collect();
        if n > 0 && (after == "）" || after == ")") {
            let skip: usize = rest.chars().take(n + 1).map(char::len_utf8).sum();
            t = &rest[skip..];
            enumerated = true;
        }
    } else {
        let n = t.chars().take_while(|c| NUMERALS.contains(*c)).count();
        let lead: usize = t.chars().take(n).map(char::len_utf8).sum();
        if n > 0 && t[lead..].starts_with(['、', '.', '．']) {
            t = t[lead..].trim_start_matches(['、', '.', '．']);
            enumerated = true;
        }
    }
    // A count in brackets at the end: （9项）, (共8项).
    if let Some(open) = t.rfind(['（', '(']) {
        let tail = &t[open..];
        if tail.contains('项') && tail.ends_with(['）', ')']) {
            t = &t[..open];
        }
    }
    let t = t.strip_suffix("项目").unwrap_or(t);
    let n = t.chars().count();
    if !(2..=12).contains(&n) || t.contains(['，', '。', '；', ',', ';']) {
        return None;
    }
    // Without an enumerator only a table with its own cells is trusted: in extracted text a
    // lone "物质帮助类" may be a wrapped 服务类型 cell.
    if !(enumerated || (!strict && t.ends_with('类'))) {
        return None;
    }
    let core = t.strip_suffix('类').unwrap_or(t);
    if !["帮助", "服务", "救助", "保障", "优待", "津贴", "补贴"]
        .iter()
        .any(|w| core.ends_with(w))
    {
        return None;
    }
    normalize::types(core).into_iter().next()
}
