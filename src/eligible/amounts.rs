//! The amounts a row pays the person: which of its amounts the profile settles, labelled by
//! scope, level, grade, group and age band; fees and caps left out.

use super::*;

/// Words that make an amount a fee, a premium or a cap on a payout, not money the person gets.
pub(super) const FEES: &[&str] = &[
    "保费",
    "学费",
    "服务费",
    "承担",
    "经费",
    "赔付",
    "收费",
    "费用",
];

pub(super) static ASSESSED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"评估为?(\d)\s*[—\-–~至到]?\s*(\d)?级").expect("builds"));

/// The 失能 levels and 残疾 grades an amount's words tie it to: none where the words name every
/// level (轻度、中度、重度) or every grade, which ties it to nothing.
pub(super) fn tied_levels(lead: &str) -> (Vec<CareLevel>, Vec<u8>) {
    let (mut care, mut grades) = levels(lead);
    if care.len() >= 3 {
        care.clear();
    }
    if grades.len() >= 4 {
        grades.clear();
    }
    (care, grades)
}

/// The labels of tied levels and grades: 中度, 残疾1、2级.
pub(super) fn level_labels(care: &[CareLevel], grades: &[u8]) -> Vec<String> {
    let mut labels: Vec<String> = care.iter().map(|l| l.word().to_owned()).collect();
    if !grades.is_empty() {
        let grades: Vec<String> = grades.iter().map(u8::to_string).collect();
        labels.push(format!("残疾{}级", grades.join("、")));
    }
    labels
}

/// An amount's own conditions: (labels, status).
pub(super) fn amount_terms(lead: &str, m: &Money, s: &Svc, p: &Profile) -> (Vec<String>, Status) {
    let mut labels = Vec::new();
    let mut st = Status::Met;
    // The age band is settled before (amounts for other bands are dropped).
    let (care, grades) = tied_levels(lead);
    labels.extend(level_labels(&care, &grades));
    if !care.is_empty() {
        st = and(st, care_status(&care, p).0);
    }
    if !grades.is_empty() {
        st = and(st, grade_status(&grades, p).0);
    }
    if let Some(c) = ASSESSED.captures(lead) {
        // 身体能力评估为2—3级: an assessment level the profile states only as a 失能 level.
        labels.push(c[0].to_owned());
        let lo: u8 = c[1].parse().unwrap_or(0);
        let hi: u8 = c.get(2).and_then(|x| x.as_str().parse().ok()).unwrap_or(lo);
        let level = p.care_level.map(|l| l as u8 + 1);
        st = and(
            st,
            match level {
                Some(l) if (lo..=hi).contains(&l) => Status::Met,
                Some(_) => Status::NotMet,
                None => Status::Unknown,
            },
        );
    }
    // The row's own required groups (top-level leaves, not alternatives).
    let own: Vec<String> = s
        .groups
        .iter()
        .filter_map(|t| match t {
            GroupTerm::Group(g) if !g.negated => Some(g.code.clone()),
            _ => None,
        })
        .collect();
    let src = Src {
        cell: "content",
        text: lead,
        line: m.line,
    };
    for t in crate::canonical::parse_groups(lead) {
        let codes = crate::canonical::flat_codes(std::slice::from_ref(&t));
        // Words the row's own target already requires do not tell its amounts apart.
        if codes.iter().all(|c| {
            matches!(
                c.as_str(),
                "age" | "all-elderly" | "disability" | "disabled-care"
            ) || own.contains(c)
        }) {
            continue;
        }
        labels.extend(codes);
        st = and(st, term_tree(&t, s, p, src).status());
    }
    for w in ["城市", "农村", "城镇"] {
        if lead.contains(w) && !lead.contains("城乡") {
            labels.push(w.to_owned());
            st = and(st, Status::Unknown);
        }
    }
    if let Some(scope) = &m.scope
        && !labels.contains(scope)
    {
        labels.push(scope.clone());
    }
    labels.dedup();
    (labels, st)
}

/// The amounts for the profile, and the age-band condition when every amount is tied to a band.
pub(super) fn amounts(s: &Svc, p: &Profile) -> (Vec<Amount>, Option<Tree>) {
    let leads = lead_words(s);
    let mut kept: Vec<Amount> = Vec::new();
    for (m, lead) in s.money.iter().zip(&leads) {
        if let (Some(b), Some(age)) = (m.age, p.age)
            && !b.contains(age)
        {
            continue;
        }
        let (tied_to, applies) = amount_terms(lead, m, s, p);
        if applies == Status::NotMet {
            continue;
        }
        kept.push(Amount {
            money: m.clone(),
            applies,
            tied_to,
            counted: false,
            fee: FEES.iter().any(|w| lead.contains(w)),
        });
    }
    mark_counted(&mut kept);
    (kept, age_band(s, p))
}

/// Counted: the amounts told apart by their own words, else the only one left.
fn mark_counted(kept: &mut [Amount]) {
    let monthly = |a: &Amount| a.money.monthly.is_some() && a.money.part_of.is_none() && !a.fee;
    let tied: Vec<usize> = (0..kept.len())
        .filter(|&i| {
            monthly(&kept[i]) && kept[i].applies == Status::Met && !kept[i].tied_to.is_empty()
        })
        .collect();
    let plain: Vec<usize> = (0..kept.len())
        .filter(|&i| {
            monthly(&kept[i]) && kept[i].applies == Status::Met && kept[i].tied_to.is_empty()
        })
        .collect();
    if !tied.is_empty() {
        let mut seen: Vec<Vec<String>> = Vec::new();
        for i in tied {
            if !seen.contains(&kept[i].tied_to) {
                seen.push(kept[i].tied_to.clone());
                kept[i].counted = true;
            }
        }
    } else if let [i] = plain[..] {
        kept[i].counted = true;
    }
}

/// The age-band condition when every amount of the row is tied to a band: met when one band
/// holds the profile's age (or another range of the row names it), else not.
fn age_band(s: &Svc, p: &Profile) -> Option<Tree> {
    let banded = !s.money.is_empty() && s.money.iter().all(|m| m.age.is_some());
    match (banded, p.age) {
        (true, Some(age)) => {
            let first = &s.money[0];
            let bands: Vec<String> = s
                .money
                .iter()
                .filter_map(|m| m.age.map(|a| a.label()))
                .collect();
            let any_band = s
                .money
                .iter()
                .any(|m| m.age.is_some_and(|b| b.contains(age)));
            let named = s.ages.iter().find(|(a, _, _)| a.contains(age));
            let src = |text: &str, line: u32| {
                Tree::Leaf(Condition {
                    condition: "age band".into(),
                    status: Status::Met,
                    cell: cell_of(s, text),
                    text: text.to_owned(),
                    line,
                    note: None,
                })
            };
            let mut t = match (any_band, named) {
                (true, _) => src(&first.text, first.line),
                (false, Some((_, text, l))) => src(text, *l),
                (false, None) => src(&first.text, first.line),
            };
            if let Tree::Leaf(c) = &mut t {
                c.note = Some(match (any_band, named) {
                    (true, _) => format!("amounts are for {} (age {age})", bands.join(", ")),
                    (false, Some((a, _, _))) => format!(
                        "{} holds age {age}; the list states amounts only for {}",
                        a.label(),
                        bands.join(", ")
                    ),
                    (false, None) => {
                        c.status = Status::NotMet;
                        format!("amounts are for {} (age {age})", bands.join(", "))
                    }
                });
            }
            Some(t)
        }
        _ => None,
    }
}

pub(super) fn cell_of(s: &Svc, text: &str) -> &'static str {
    if s.content.as_deref().is_some_and(|c| c.contains(text)) {
        "content"
    } else if s.standard.as_deref().is_some_and(|c| c.contains(text)) {
        "standard"
    } else {
        "target"
    }
}

/// Per money amount of a service, the words it is tied to in its cell, whoever asks: a 失能
/// level (轻度, 中度, 重度), a 残疾 grade, a scope (城市, 农村) and the groups its words name (低保,
/// 特困, 低保边缘 …), plus the document's own `scope`.
pub fn amount_labels(s: &Svc) -> Vec<Vec<String>> {
    lead_words(s)
        .iter()
        .zip(&s.money)
        .map(|(lead, m)| {
            let (care, grades) = tied_levels(lead);
            let mut labels = level_labels(&care, &grades);
            for w in ["城市", "农村", "城镇"] {
                if lead.contains(w) && !lead.contains("城乡") {
                    labels.push(w.to_owned());
                }
            }
            for code in crate::canonical::flat_codes(&crate::canonical::parse_groups(lead)) {
                if matches!(
                    code.trim_start_matches('!'),
                    "age" | "all-elderly" | "disability" | "disabled-care"
                ) {
                    continue;
                }
                let w = if code == "low-income" && edge_only(lead) {
                    "低保边缘".to_owned()
                } else {
                    group_word(&code)
                };
                if !labels.contains(&w) {
                    labels.push(w);
                }
            }
            if let Some(sc) = &m.scope
                && !labels.contains(sc)
            {
                labels.push(sc.clone());
            }
            labels
        })
        .collect()
}

pub(super) static MULTIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:城乡)?(?:最低生活保障|低保|最低工资|护理补贴)标准)的?((?:\d+(?:\.\d+)?倍|\d+(?:\.\d+)?%|\d+/\d+)(?:、(?:\d+(?:\.\d+)?倍|\d+(?:\.\d+)?%|\d+/\d+))*)",
    )
    .expect("builds")
});

/// Amounts written as a multiple of a standard (低保标准的1.3倍, 最低工资标准的1/3, 低保标准的30%),
/// as "低保标准×1.3", "最低工资标准×1/3", "低保标准×30%".
pub fn multiples(s: &Svc) -> Vec<String> {
    let mut out = Vec::new();
    for cell in [s.content.as_deref(), s.standard.as_deref()]
        .into_iter()
        .flatten()
    {
        for c in MULTIPLE.captures_iter(cell) {
            let base = c[1]
                .trim_start_matches("城乡")
                .replace("最低生活保障", "低保");
            let f = c[2].replace('倍', "");
            let m = format!("{base}×{f}");
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}
