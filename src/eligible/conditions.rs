//! Whether a person meets a row's conditions: groups, ages, care levels and disability
//! grades read from the target and the row's words, as a tree of conditions with evidence.

use super::*;

/// The kinds the lists name for 特殊困难 (独居、空巢、留守、失能、重残、计划生育特殊家庭).
pub(super) const HARDSHIP: &[&str] = &[
    "living-alone",
    "empty-nest",
    "left-behind",
    "disabled-care",
    "disability",
    "family-planning",
    "special-hardship",
];

/// Whether the profile is in a group, with the implication used.
pub(super) fn group_status(code: &str, p: &Profile) -> (Status, Option<String>) {
    if p.groups.iter().any(|x| x == code) {
        return (Status::Met, None);
    }
    if let Some(s) = implied_status(code, p) {
        return s;
    }
    if p.not_groups.iter().any(|x| x == code) {
        return (Status::NotMet, None);
    }
    if let Some(s) = excluded_status(code, p) {
        return s;
    }
    (Status::Unknown, Some("the profile does not say".to_owned()))
}

/// A group the profile is in by what it states: a narrower group (低保 ⇒ 经济困难), a care
/// level (⇒ 失能), a disability grade (⇒ 残疾), one of the 特殊困难 kinds, an age past or below
/// every statutory pension age.
fn implied_status(code: &str, p: &Profile) -> Option<(Status, Option<String>)> {
    let has = |c: &str| p.groups.iter().any(|x| x == c);
    let first =
        |cs: &[&'static str]| -> Option<&'static str> { cs.iter().copied().find(|c| has(c)) };
    let implied = |by: &str, what: &str| Some((Status::Met, Some(format!("{by} ⇒ {what}"))));
    match code {
        "low-income" => {
            if let Some(c) = first(&[
                "minimum-living",
                "destitute",
                "destitute-dispersed",
                "destitute-centralized",
                "low-edge",
            ]) {
                return implied(c, "经济困难");
            }
        }
        "destitute" => {
            if let Some(c) = first(&["destitute-dispersed", "destitute-centralized"]) {
                return implied(c, "特困");
            }
        }
        "disabled-care" => {
            if let Some(l) = p.care_level {
                return implied(&format!("{}失能", l.word()), "失能");
            }
        }
        "disability" => {
            if let Some(g) = p.disability_grade {
                return implied(&format!("残疾 grade {g}"), "残疾");
            }
            if has("disability-severe") {
                return implied("disability-severe", "残疾");
            }
        }
        "special-hardship" => {
            if let Some(c) = first(HARDSHIP) {
                let severe = c != "disability"
                    || p.disability_grade.is_some_and(|g| g <= 2)
                    || has("disability-severe");
                if severe {
                    return implied(c, "特殊困难");
                }
            }
            if p.care_level.is_some() {
                return implied("失能", "特殊困难");
            }
            if p.disability_grade.is_some_and(|g| g <= 2) || has("disability-severe") {
                return implied("重残", "特殊困难");
            }
        }
        "pension-age" => match p.age {
            Some(a) if a >= 60 => {
                return Some((
                    Status::Met,
                    Some(format!("age {a}: past every statutory pension age")),
                ));
            }
            Some(a) if a < 50 => {
                return Some((
                    Status::NotMet,
                    Some(format!("age {a}: below every statutory pension age")),
                ));
            }
            _ => {}
        },
        _ => {}
    }
    None
}

/// A group the profile cannot be in by what it states: 低保, 特困 and 低边 exclude one another;
/// none of them without 经济困难; no 失能 without 特殊困难.
fn excluded_status(code: &str, p: &Profile) -> Option<(Status, Option<String>)> {
    let not = |c: &str| p.not_groups.iter().any(|x| x == c);
    let poor = ["minimum-living", "destitute", "low-edge"];
    if poor.contains(&code) || code.starts_with("destitute-") {
        if not("low-income") {
            return Some((
                Status::NotMet,
                Some("not 经济困难 ⇒ not 低保/特困/低边".into()),
            ));
        }
        let own = if code.starts_with("destitute") {
            "destitute"
        } else {
            code
        };
        let stated = p.groups.iter().find(|g| {
            let g = if g.starts_with("destitute") {
                "destitute"
            } else {
                g.as_str()
            };
            poor.contains(&g) && g != own
        });
        if let Some(g) = stated {
            return Some((
                Status::NotMet,
                Some(format!(
                    "{g} excludes {own} (低保, 特困, 低边 are exclusive)"
                )),
            ));
        }
    }
    if code == "disabled-care" && not("special-hardship") {
        return Some((Status::NotMet, Some("not 特殊困难 ⇒ not 失能".into())));
    }
    None
}

pub(super) fn edge_only(text: &str) -> bool {
    (text.contains("低保边缘") || text.contains("低收入"))
        && !text.contains("困难")
        && !text.contains("返贫")
}

pub(super) fn narrow_only(text: &str) -> bool {
    (text.contains("返贫") || text.contains("致贫") || text.contains("支出型"))
        && !text.contains("经济困难")
        && !text.contains("低收入")
        && !text.contains("低保边缘")
}

pub(super) fn age_status(a: Ages, age: Option<u32>) -> Status {
    match age {
        None => Status::Unknown,
        Some(x) if a.contains(x) => Status::Met,
        Some(_) => Status::NotMet,
    }
}

/// Where a condition was read.
#[derive(Clone, Copy)]
pub(super) struct Src<'a> {
    pub(super) cell: &'static str,
    pub(super) text: &'a str,
    pub(super) line: u32,
}

pub(super) fn leaf(condition: String, status: Status, src: Src, note: Option<String>) -> Tree {
    Tree::Leaf(Condition {
        condition,
        status,
        cell: src.cell,
        text: src.text.to_owned(),
        line: src.line,
        note,
    })
}

pub(super) fn group_leaf(g: &Group, s: &Svc, p: &Profile, src: Src) -> Tree {
    let (mut st, mut note) = match g.code.as_str() {
        // A word (高龄, 百岁) read as an age.
        "age" => match (s.target_age, src.cell) {
            (Some(a), "target") => (age_status(a, p.age), None),
            _ => {
                let min = if src.text.contains("百岁") { 100 } else { 80 };
                (
                    age_status(
                        Ages {
                            min: Some(min),
                            max: None,
                        },
                        p.age,
                    ),
                    Some(format!("高龄/百岁 read as {min} and over")),
                )
            }
        },
        "all-elderly" => (
            age_status(
                Ages {
                    min: Some(60),
                    max: None,
                },
                p.age,
            ),
            Some("老年人: 60 and over".to_owned()),
        ),
        // 低保边缘 / 低收入 written without a wider word (经济困难, 困难) means 低边 itself.
        "low-income" if edge_only(src.text) => {
            let (st, note) = group_status("low-edge", p);
            (
                st,
                Some(
                    note.map_or("低保边缘/低收入: the 低边 group".to_owned(), |n| {
                        format!("低保边缘/低收入: the 低边 group; {n}")
                    }),
                ),
            )
        }
        // 返贫致贫人口 / 支出型困难 without 经济困难: only a person who says 经济困难 is in it.
        "low-income" if narrow_only(src.text) => match group_status("low-income", p) {
            (Status::Met, Some(n)) => (
                Status::Unknown,
                Some(format!(
                    "{n} does not settle 返贫致贫/支出型困难; say 经济困难 for it"
                )),
            ),
            other => other,
        },
        code => group_status(code, p),
    };
    if g.negated {
        st = match st {
            Status::Met => Status::NotMet,
            Status::NotMet => Status::Met,
            Status::Unknown => Status::Unknown,
        };
    }
    if g.optional && st == Status::Met {
        st = Status::Unknown;
        note = Some("an optional extension: only where the locality extends the target".into());
    }
    leaf(
        format!("{}group {}", if g.negated { "not " } else { "" }, g.code),
        st,
        src,
        note,
    )
}

pub(super) fn term_tree(t: &GroupTerm, s: &Svc, p: &Profile, src: Src) -> Tree {
    match t {
        GroupTerm::Group(g) => group_leaf(g, s, p, src),
        GroupTerm::Any { any } => Tree::any(any.iter().map(|t| term_tree(t, s, p, src)).collect()),
        GroupTerm::All { all } => Tree::all(all.iter().map(|t| term_tree(t, s, p, src)).collect()),
    }
}

pub(super) fn is_code(t: &GroupTerm, codes: &[&str]) -> bool {
    matches!(t, GroupTerm::Group(g) if codes.contains(&g.code.as_str()) && !g.negated)
}

/// "A、B、C等特殊困难老年人" parses as `any(A, B, C) AND special-hardship`: read as any of A, B,
/// C or the category itself.
pub(super) fn merge_hardship(terms: &[GroupTerm]) -> Vec<GroupTerm> {
    let sh = terms.iter().position(|t| is_code(t, &["special-hardship"]));
    let list = terms.iter().position(|t| match t {
        GroupTerm::Any { any } => any.iter().all(|x| is_code(x, HARDSHIP)),
        _ => false,
    });
    match (sh, list) {
        (Some(i), Some(j)) => {
            let mut out = Vec::new();
            for (k, t) in terms.iter().enumerate() {
                if k == i {
                    continue;
                }
                if k == j {
                    let GroupTerm::Any { any } = t else { continue };
                    let mut any = any.clone();
                    any.push(terms[i].clone());
                    out.push(GroupTerm::Any { any });
                } else {
                    out.push(t.clone());
                }
            }
            out
        }
        _ => terms.to_vec(),
    }
}

/// Phrases naming the people served: 为/对/向/面向 … 老年人 提供/发放/…
pub(super) static WHO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?:为|对|向|面向|保障)([^，。；;：:为对向]{0,48}?(?:老年人|老人|人员|对象|居民|群体|家庭|户))(?:提供|发放|给予|按|实施|开展|免费|购买|统一|建设|进行|配置|减免|全额|定额|每人|设置|家属|优先|，|,|、|。|$)",
    )
    .expect("the who pattern builds")
});

/// A content that opens with the people: 经评估为重度失能的经济困难老年人，…
pub(super) static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^([^，。；;：:为对向]{2,32}?(?:老年人|老人))(?:，|,|每人|护理补贴|按|可|享受)")
        .expect("the subject pattern builds")
});

pub(super) static AGE_MIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{2,3})\s*周?岁(?:（含）|\(含\))?(?:及以上|以上)").expect("builds")
});
pub(super) static AGE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{2,3})\s*(?:周岁)?\s*[—\-–~至到]\s*(\d{2,3})\s*周?岁").expect("builds")
});

/// Ages written in a phrase.
pub(super) fn phrase_ages(text: &str) -> Vec<Ages> {
    let mut out: Vec<Ages> = AGE_RANGE
        .captures_iter(text)
        .filter_map(|c| {
            Some(Ages {
                min: c[1].parse().ok(),
                max: Some(c[2].parse().ok()?),
            })
        })
        .collect();
    if out.is_empty() {
        out = AGE_MIN
            .captures_iter(text)
            .map(|c| Ages {
                min: c[1].parse().ok(),
                max: None,
            })
            .collect();
    }
    out
}

/// The people phrases of a cell written before its first amount: (phrase, at the cell's start).
pub(super) fn who_phrases<'a>(cell: &'a str, money: &[Money]) -> Vec<(&'a str, bool)> {
    let stop = money
        .iter()
        .filter_map(|m| cell.find(m.text.as_str()))
        .min()
        .unwrap_or(cell.len());
    let mut out = Vec::new();
    if let Some(c) = SUBJECT.captures(cell)
        && let Some(m) = c.get(1)
    {
        out.push((m.as_str(), false));
    }
    for c in WHO.captures_iter(cell) {
        let (Some(whole), Some(m)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if whole.start() >= stop {
            break;
        }
        // 对其中的重病、重残老年人按规定增发: a part of the people, not the row's.
        if m.as_str().starts_with("其中") {
            continue;
        }
        // 为…提供 opening the content (按规定向…, 每年为…): its age is the row's.
        let lead = &cell[..whole.start()];
        let opening = lead.chars().count() <= 4 && !lead.contains(['，', ',', '。']);
        out.push((m.as_str(), opening));
    }
    out
}

/// 失能 levels and 残疾 grades a text names.
pub(super) fn levels(text: &str) -> (Vec<CareLevel>, Vec<u8>) {
    let mut care = Vec::new();
    for (w, l) in [
        ("轻度", CareLevel::Mild),
        ("中度", CareLevel::Moderate),
        ("重度失能", CareLevel::Severe),
        ("完全失能", CareLevel::Severe),
        ("全失能", CareLevel::Severe),
    ] {
        if text.contains(w) && !care.contains(&l) {
            care.push(l);
        }
    }
    // Bare 重度 next to 失能 words (轻度、中度、重度分别…), not 重度残疾.
    if !care.contains(&CareLevel::Severe)
        && text.contains("重度")
        && !text.contains("重度残疾")
        && (!care.is_empty() || text.contains("失能"))
    {
        care.push(CareLevel::Severe);
    }
    care.sort();
    let mut grades = Vec::new();
    if text.contains("一级、二级") || text.contains("一、二级") || text.contains("重度残疾")
    {
        grades.extend([1, 2]);
    }
    if text.contains("三级、四级") || text.contains("三、四级") {
        grades.extend([3, 4]);
    }
    (care, grades)
}

pub(super) fn care_status(levels: &[CareLevel], p: &Profile) -> (Status, Option<String>) {
    let words: Vec<&str> = levels.iter().map(|l| l.word()).collect();
    match p.care_level {
        Some(l) if levels.contains(&l) => (Status::Met, None),
        Some(l) => (
            Status::NotMet,
            Some(format!(
                "{} stated; the row is for {}",
                l.word(),
                words.join("、")
            )),
        ),
        None => match group_status("disabled-care", p) {
            (Status::NotMet, n) => (Status::NotMet, n),
            _ => (
                Status::Unknown,
                Some("the profile states no 失能 level".into()),
            ),
        },
    }
}

pub(super) fn grade_status(grades: &[u8], p: &Profile) -> (Status, Option<String>) {
    let severe = p.groups.iter().any(|g| g == "disability-severe");
    match p.disability_grade {
        Some(g) if grades.contains(&g) => (Status::Met, None),
        Some(g) => (
            Status::NotMet,
            Some(format!(
                "grade {g} stated; the row is for grades {grades:?}"
            )),
        ),
        None if severe && grades.contains(&1) => {
            (Status::Met, Some("重度残疾 ⇒ grade 1 or 2".into()))
        }
        None if severe => (
            Status::NotMet,
            Some("重度残疾 (grade 1 or 2) stated".into()),
        ),
        None => match group_status("disability", p) {
            (Status::NotMet, n) => (Status::NotMet, n),
            _ => (
                Status::Unknown,
                Some("the profile states no 残疾 grade".into()),
            ),
        },
    }
}

/// Level and grade leaves for a who-text.
pub(super) fn level_leaves(text: &str, p: &Profile, src: Src, out: &mut Vec<Tree>) {
    let (care, grades) = levels(text);
    // A text naming every level (轻度、中度、重度) sets none.
    if !care.is_empty() && care.len() < 3 {
        let (st, note) = care_status(&care, p);
        let words: Vec<&str> = care.iter().map(|l| l.word()).collect();
        out.push(leaf(
            format!("care level {}", words.join("/")),
            st,
            src,
            note,
        ));
    }
    if !grades.is_empty() && grades.len() < 4 {
        let (st, note) = grade_status(&grades, p);
        let g: Vec<String> = grades.iter().map(u8::to_string).collect();
        out.push(leaf(
            format!("disability grade {}", g.join("/")),
            st,
            src,
            note,
        ));
    }
}

/// The terms of a phrase's groups that the target does not already carry.
pub(super) fn phrase_tree(phrase: &str, s: &Svc, p: &Profile, src: Src) -> Option<Tree> {
    let mut parts = Vec::new();
    for t in merge_hardship(&crate::canonical::parse_groups(phrase)) {
        if is_code(&t, &["age", "all-elderly"]) || s.groups.contains(&t) {
            continue;
        }
        parts.push(term_tree(&t, s, p, src));
    }
    level_leaves(phrase, p, src, &mut parts);
    (!parts.is_empty()).then(|| Tree::all(parts))
}

/// The conditions of a row gathered so far.
struct Gathered {
    conds: Vec<Tree>,
    /// The row names an age (the target's range, an `age` group, the content's age).
    has_age: bool,
    /// The target and the phrases naming who, for the 老年人 default.
    who_text: String,
}

/// The conditions the phrases of a content (or standard) cell set on who gets the row, as
/// alternatives; an age the content opens with. False when the cell names no one.
fn who_conditions(
    cell: &'static str,
    text: &str,
    s: &Svc,
    p: &Profile,
    line: u32,
    g: &mut Gathered,
) -> bool {
    let phrases = who_phrases(text, &s.money);
    if phrases.is_empty() {
        return false;
    }
    let mut alternatives = Vec::new();
    let mut open = false;
    for (phrase, opening) in &phrases {
        // The evidence is the phrase itself, in its cell.
        let src = Src {
            cell,
            text: phrase,
            line,
        };
        g.who_text.push_str(phrase);
        match phrase_tree(phrase, s, p, src) {
            Some(t) => alternatives.push(t),
            // A phrase naming no further group: the others do not restrict the row.
            None => open = true,
        }
        if *opening
            && cell == "content"
            && let [a] = phrase_ages(phrase)[..]
            && Some(a) != s.target_age
        {
            g.has_age = true;
            g.conds.push(leaf(
                format!("age {}", a.label()),
                age_status(a, p.age),
                src,
                Some(format!("the content names {phrase}")),
            ));
        }
    }
    match alternatives.len() {
        _ if open => {}
        0 => {}
        1 => g.conds.extend(alternatives),
        _ => g.conds.push(Tree::any(alternatives)),
    }
    true
}

/// 户籍 / 居住证 in the target, the content or the standard: a residence condition.
fn residence_leaf(cells: [&str; 3], p: &Profile, line: u32) -> Option<Tree> {
    let residence = cells
        .into_iter()
        .zip(["target", "content", "standard"])
        .find(|(t, _)| t.contains("户籍") || t.contains("居住证"));
    let (text, cell) = residence?;
    let (st, note) = match p.local {
        Some(true) => (Status::Met, None),
        Some(false) => (Status::NotMet, Some("not registered here".into())),
        None => (
            Status::Unknown,
            Some("the profile does not say where the person is registered".into()),
        ),
    };
    Some(leaf("residence".into(), st, Src { cell, text, line }, note))
}

/// 特困 in an institution does not get the dispersed item, and the other way round.
fn placement_leaf(s: &Svc, p: &Profile, line: u32) -> Option<Tree> {
    let form = |c: &str| p.groups.iter().any(|g| g == c);
    let nsrc = Src {
        cell: "name",
        text: &s.name,
        line,
    };
    match s.item.code.as_str() {
        "destitute-dispersed" if form("destitute-centralized") => Some(leaf(
            "destitute dispersed".into(),
            Status::NotMet,
            nsrc,
            Some("集中供养 stated: the person lives in an institution".into()),
        )),
        "destitute-centralized" if form("destitute-dispersed") => Some(leaf(
            "destitute centralized".into(),
            Status::NotMet,
            nsrc,
            Some("分散供养 stated: the person lives at home".into()),
        )),
        _ => None,
    }
}

/// Checks one service.
pub fn check(s: &Svc, p: &Profile) -> Entitlement {
    let target = s.target.clone().unwrap_or_default();
    let line = s.lines[0];
    let tsrc = Src {
        cell: "target",
        text: &target,
        line,
    };
    let mut g = target_conditions(s, p, tsrc);
    // What the content (else the standard) says about who.
    let content = s.content.as_deref().unwrap_or("");
    let standard = s.standard.as_deref().unwrap_or("");
    // The standard only where the content is empty: its phrases are mostly a part's
    // (对于行动不便、失智、失能的人员，提供上门服务).
    let standard_cell = if content.trim().is_empty() {
        standard
    } else {
        ""
    };
    for (cell, text) in [("content", content), ("standard", standard_cell)] {
        if who_conditions(cell, text, s, p, line, &mut g) {
            break;
        }
    }
    let mut conds = g.conds;
    conds.extend(residence_leaf(
        [target.as_str(), content, standard],
        p,
        line,
    ));
    // 老年人: 60 and over where the row writes no other age (pension rows read the age).
    let pension = s.groups.iter().any(|t| is_code(t, &["pension-age"]));
    if !g.has_age && !pension && (g.who_text.contains("老年人") || g.who_text.contains("老人"))
    {
        conds.push(leaf(
            "age 60+".into(),
            age_status(
                Ages {
                    min: Some(60),
                    max: None,
                },
                p.age,
            ),
            tsrc,
            Some("老年人: 60 and over (the row writes no other age)".into()),
        ));
    }
    conds.extend(placement_leaf(s, p, line));
    // Amounts for the profile's band, level and group.
    let (amounts, band) = amounts(s, p);
    if let Some(b) = band {
        conds.push(b);
    }
    if conds.is_empty() {
        // Every answer cites its row: a target that names no condition is met as written.
        conds.push(leaf(
            "target".into(),
            Status::Met,
            tsrc,
            Some("the target names no condition".into()),
        ));
    }
    let root = Tree::all(conds);
    Entitlement {
        seq: s.seq,
        name: s.name.clone(),
        item: s.item.code.clone(),
        item_name: s.item.name.clone(),
        status: match root.status() {
            Status::Met => "yes",
            Status::Unknown => "maybe",
            Status::NotMet => "no",
        },
        amounts,
        conditions: root,
        lines: s.lines,
        category: s.item.category.clone(),
    }
}

/// The conditions the target sets: none written, its age range, its groups, and the levels of
/// its first sentence.
fn target_conditions(s: &Svc, p: &Profile, tsrc: Src) -> Gathered {
    let target = tsrc.text;
    let mut conds: Vec<Tree> = Vec::new();
    if target.is_empty() {
        conds.push(leaf(
            "target".into(),
            Status::Unknown,
            tsrc,
            Some("the list names no target for this row".into()),
        ));
    }
    let mut has_age = false;
    if let Some(a) = s.target_age {
        has_age = true;
        conds.push(leaf(
            format!("age {}", a.label()),
            age_status(a, p.age),
            tsrc,
            None,
        ));
    }
    let groups = merge_hardship(&s.groups);
    for t in &groups {
        // A top-level `age` group is the target's range, checked above.
        if s.target_age.is_some() && is_code(t, &["age"]) {
            continue;
        }
        if is_code(t, &["age", "all-elderly"]) {
            has_age = true;
        }
        conds.push(term_tree(t, s, p, tsrc));
    }
    // Levels of the target's first sentence, before an optional extension (a later sentence
    // is a note: 对既符合…又符合重度残疾人护理补贴条件的…可择高申领).
    let first = target
        .split(['。', '；', ';'])
        .next()
        .unwrap_or("")
        .split("有条件")
        .next()
        .unwrap_or("");
    level_leaves(first, p, tsrc, &mut conds);
    Gathered {
        conds,
        has_age,
        who_text: target.to_owned(),
    }
}

/// The words before each amount in its cell (from the previous amount or the last sentence
/// end), and the amount's position.
pub(super) fn lead_words(s: &Svc) -> Vec<String> {
    let content = s.content.as_deref().unwrap_or("");
    let standard = s.standard.as_deref().unwrap_or("");
    let mut from = [0usize; 2];
    let mut out = Vec::new();
    for m in &s.money {
        let mut lead = String::new();
        for (k, cell) in [content, standard].into_iter().enumerate() {
            let Some(at) = cell.get(from[k]..).and_then(|c| c.find(m.text.as_str())) else {
                continue;
            };
            let at = from[k] + at;
            let sentence = cell[..at].rfind(['。', '；', ';']).map_or(0, |i| {
                i + cell[i..].chars().next().map_or(1, char::len_utf8)
            });
            lead = cell[sentence.max(from[k])..at].to_owned();
            // 特困人员…全额资助，低保对象每人每年…200元: the clause that names the people.
            if let Some(c) = lead.rfind(['，', ',']) {
                let tail = &lead[c..];
                let cue = !levels(tail).0.is_empty()
                    || !crate::canonical::parse_groups(tail).is_empty()
                    || tail.contains("城市")
                    || tail.contains("农村");
                if cue {
                    lead = tail.trim_start_matches(['，', ',']).to_owned();
                }
            }
            // The amount's own words (每人每月分别发放100元) count as lead too.
            lead.push_str(&m.text);
            from[k] = at + m.text.len();
            break;
        }
        out.push(lead);
    }
    // 按轻度、中度、重度分别给予…200元、400元、600元: levels paired with amounts in order.
    let mut i = 0;
    while i < out.len() {
        let (care, _) = levels(&out[i]);
        let n = care.len();
        if n >= 2 && i + n <= out.len() && (1..n).all(|j| levels(&out[i + j]).0.is_empty()) {
            for (j, l) in care.iter().enumerate() {
                let w = format!("{}失能", l.word());
                if j == 0 {
                    // Keep the other words of the first lead (groups), with one level.
                    let mut lead = out[i].clone();
                    for other in &care {
                        lead = lead.replace(other.word(), "");
                    }
                    out[i] = lead + &w;
                } else {
                    out[i + j] = w;
                }
            }
            i += n;
        } else {
            i += 1;
        }
    }
    out
}
