//! The quantity finder's cases: every phrase form of the table at the top of `mod.rs`.

use super::*;

/// A compact line per quantity: "money 120 year min 80..", "age 60..64", "multiple 1.3 min".
fn q(s: &str) -> Vec<String> {
    let age = |a: &Option<AgeRange>| match a {
        None => String::new(),
        Some(r) => format!(
            " {}..{}",
            r.min.map_or(String::new(), |v| v.to_string()),
            r.max.map_or(String::new(), |v| v.to_string())
        ),
    };
    let b = |b: &Bound| format!("{b:?}").to_lowercase();
    find(&crate::normalize::text(s))
        .into_iter()
        .map(|f| match f.kind {
            Kind::Money {
                value,
                period,
                per,
                bound,
                age: a,
            } => format!(
                "money {value} {}{} {}{}",
                period.map_or("once".to_owned(), |p| {
                    serde_json::to_string(&p)
                        .unwrap_or_default()
                        .replace('"', "")
                }),
                per.map_or(String::new(), |p| format!("/{p}")),
                b(&bound),
                age(&a)
            ),
            Kind::Multiple { factor, bound, .. } => format!("multiple {factor} {}", b(&bound)),
            Kind::Age(r) => format!("age{}", age(&Some(r))),
            Kind::Percent { value, bound } => format!("percent {value} {}", b(&bound)),
        })
        .collect()
}

/// One phrase per line; every mismatch is reported, not only the first.
macro_rules! phrases {
    ($($input:expr => [$($want:expr),*];)*) => {{
        let mut bad = Vec::new();
        $(
            let (got, want) = (q($input), Vec::<&str>::from([$($want),*]));
            if got != want {
                bad.push(format!("{}\n  got  {got:?}\n  want {want:?}", $input));
            }
        )*
        assert!(bad.is_empty(), "\n{}", bad.join("\n"));
    }};
}

#[test]
fn money() {
    phrases!(
        "80周岁以上老年人每人每年发放不低于120元高龄津贴" => ["age 80..", "money 120 year/人 min 80.."];
        "80周岁及以上经济困难老年人每人每月不低于75元" => ["age 80..", "money 75 month/人 min 80.."];
        "按普惠制培训补助标准为1000元/人，订单式培训不超过4000元/人" => ["money 1000 once/人 exact", "money 4000 once/人 max"];
        "为80周岁至99周岁老年人发放高龄津贴，每人每月70元。" => ["age 80..99", "money 70 month/人 exact 80..99"];
        "80-89 周岁的非低保老年人每人每年 920 元 90-99 周岁的非低保老年人每人每年 2760 元 100 周岁以上的非低保老年人每人每年 5400 元" => ["age 80..89", "money 920 year/人 exact 80..89", "age 90..99", "money 2760 year/人 exact 90..99", "age 100..", "money 5400 year/人 exact 100.."];
        "当前标准为80-89岁、90-99岁和百岁以上老年人每人每月分别不低于50元、200元和500元。" => ["age 80..89", "age 90..99", "age 100..", "money 50 month/人 min 80..89", "money 200 month/人 min 90..99", "money 500 month/人 min 100.."];
        "对 60—79 周岁、80—89 周岁、90—99 周岁的低保老年人,每人每月分别发放 80 元、100 元、200 元生活补贴,100 周岁及以上老年人按照规定补助。对身体能力评估为 2—3级的低保老年人,每人每月发放 80 元护理补贴。" => ["age 60..79", "age 80..89", "age 90..99", "money 80 month/人 exact 60..79", "money 100 month/人 exact 80..89", "money 200 month/人 exact 90..99", "age 100..", "money 80 month/人 exact"];
        "（收费标准：乐器类每人每年 400 元，其他类专业每人每年 300 元）" => ["money 400 year/人 exact", "money 300 year/人 exact"];
        "困难残疾人生活补贴按照每人每月 82 元 重度残疾人护理补贴按照每人每月 109 元 三、四级精神、智力残疾人护理补贴按照每人每月 54.5 元" => ["money 82 month/人 exact", "money 109 month/人 exact", "money 54.5 month/人 exact"];
        "原则上按照每人每月不低于60元的标准执行" => ["money 60 month/人 min"];
        "初级800元/人、中级1200元/人" => ["money 800 once/人 exact", "money 1200 once/人 exact"];
        "每户补助不超过3000元" => ["money 3000 once/户 max"];
        "一次性发放1000元" => ["money 1000 once exact"];
        "护理补贴每人每月100元（全护理）、60元（半护理）" => ["money 100 month/人 exact", "money 60 month/人 exact"];
        "百岁老人长寿津贴不低于500元/人/月,包括省级200元" => ["age 100..", "money 500 month/人 min 100..", "money 200 month/人 exact 100.."];
        "每人每月补贴二百元" => ["money 200 month/人 exact"];
        "每人每年壹仟贰佰元" => ["money 1200 year/人 exact"];
        "补助标准为每人每月60元至100元" => ["money 60 month/人 min", "money 100 month/人 max"];
        "纳入最低生活保障范围的老年人每人每月100元" => ["money 100 month/人 exact"];
        "每年安排资金50万元" => ["money 500000 year exact"];
        "月补贴标准为50元" => ["money 50 month exact"];
        "2024年补贴标准为600元" => ["money 600 once exact"];
        "补贴标准为200元/人•月" => ["money 200 month/人 exact"];
        "每床每月补助不少于100元/床" => ["money 100 month/床 min"];
    );
}

#[test]
fn periods_and_per() {
    phrases!(
        "每人每天15元" => ["money 15 day/人 exact"];
        "每床每年1.2万元" => ["money 12000 year/床 exact"];
        "补贴标准为30元/人/月" => ["money 30 month/人 exact"];
        "补贴标准为30元/月/人" => ["money 30 month/人 exact"];
        "护理费100元/人/天" => ["money 100 day/人 exact"];
        "护理费100元/人·日" => ["money 100 day/人 exact"];
        "每日补助20元" => ["money 20 day exact"];
        "补贴20元/日" => ["money 20 day exact"];
        "补贴20元/天" => ["money 20 day exact"];
        "每天补贴20元" => ["money 20 day exact"];
        "电价每度0.5元" => ["money 0.5 once/度 exact"];
        "每年度补贴1000元" => ["money 1000 year exact"];
        "每名护理员每月奖励200元" => ["money 200 month/人 exact"];
        "按天计发20元" => ["money 20 day exact"];
        "每周补贴50元" => ["money 50 week exact"];
        "补贴50元/周" => ["money 50 week exact"];
        "每季度发放300元" => ["money 300 quarter exact"];
        "每季发放300元" => ["money 300 quarter exact"];
        "按季发放300元" => ["money 300 quarter exact"];
        "发放300元/季度" => ["money 300 quarter exact"];
        "每半年发放600元" => ["money 600 half-year exact"];
        "半年发放一次600元" => ["money 600 half-year exact"];
        "上半年发放600元" => ["money 600 once exact"];
        "入住半年内补贴1000元" => ["money 1000 once exact"];
        "补贴300元/年度" => ["money 300 year exact"];
        "每餐补助3元" => ["money 3 once/餐 exact"];
        "助餐补贴3元/餐" => ["money 3 once/餐 exact"];
        "每人次补贴50元" => ["money 50 once/人次 exact"];
        "补贴50元/人次" => ["money 50 once/人次 exact"];
        "每张床补贴5000元" => ["money 5000 once/床 exact"];
        "每位老人每月100元" => ["money 100 month/人 exact"];
        "新增床位补助5000元/张" => ["money 5000 once/张 exact"];
        "每户一次性补助3000元" => ["money 3000 once/户 exact"];
        "人均每月补贴200元" => ["money 200 month/人 exact"];
    );
}

#[test]
fn prices_per_unit_and_yearly_caps() {
    // See: issue 18, item 6.
    phrases!(
        "每月为老年人提供上门服务，每小时30元" => ["money 30 once/小时 exact"];
        "每人每年体检一次，每次50元" => ["money 50 once/次 exact"];
        "每月助餐补贴每餐10元" => ["money 10 once/餐 exact"];
        "每月上门服务，收费30元/小时" => ["money 30 once/小时 exact"];
        "每床日补贴20元" => ["money 20 day/床 exact"];
        "年度限额5000元" => ["money 5000 year exact"];
        "年度救助限额每人最高10000元" => ["money 10000 year/人 max"];
        "年最高补助3000元" => ["money 3000 year max"];
        "每年度不超过2000元" => ["money 2000 year max"];
        "2024年最高补助3000元" => ["money 3000 once max"];
        "每人每月100元" => ["money 100 month/人 exact"];
    );
}

#[test]
fn respectively_with_slashes() {
    // See: issue 18, item 6.
    phrases!(
        "80—89周岁/90—99周岁/100周岁及以上老年人分别为每人每月100元/200元/500元" => ["age 80..89", "age 90..99", "age 100..", "money 100 month/人 exact 80..89", "money 200 month/人 exact 90..99", "money 500 month/人 exact 100.."];
        "80-89周岁、90-99周岁、100周岁及以上老年人每人每月分别发放100元、200元、500元" => ["age 80..89", "age 90..99", "age 100..", "money 100 month/人 exact 80..89", "money 200 month/人 exact 90..99", "money 500 month/人 exact 100.."];
    );
}

#[test]
fn parts_of_an_amount() {
    // See: issue 18, item 6.
    let p = |t: &str| {
        let n = crate::normalize::text(t);
        parts(&n, &find(&n))
    };
    assert_eq!(p("每人每月100元（含省级补助50元）"), [None, Some(0)]);
    assert_eq!(p("每户最高5000元，其中中央资金3000元"), [None, Some(0)]);
    assert_eq!(
        p("每户最高5000元，其中中央资金3000元、省级资金1000元"),
        [None, Some(0), Some(0)]
    );
    assert_eq!(
        p("百岁老人长寿津贴不低于500元/人/月,包括省级200元"),
        [None, None, Some(1)]
    );
    // Not parts: a second amount of its own, an exclusion, a larger amount.
    assert_eq!(p("每人每月100元，每人每年200元"), [None, None]);
    assert_eq!(p("每人每月100元（不含护理费50元）"), [None, None]);
    assert_eq!(p("每月50元，其中特困人员100元"), [None, None]);
    assert_eq!(p("每人每月100元。含省级50元"), [None, None]);
    // An amount after the bracket that closed a part is an amount of its own.
    assert_eq!(
        p("每人每月100元（含省级补助50元），上门服务每小时30元"),
        [None, Some(0), None]
    );
    // A list of parts stops where their sum would pass the whole.
    assert_eq!(
        p("每户3000元，其中中央2000元、省级2000元"),
        [None, Some(0), None]
    );
}

#[test]
fn values_as_written() {
    phrases!(
        "水价3.455元/吨" => ["money 3.455 once/吨 exact"];
        "每吨3.455元" => ["money 3.455 once/吨 exact"];
        "五十元六角三分" => ["money 50.63 once exact"];
        "每人每月0.3万元" => ["money 3000 month/人 exact"];
        "按当地低保标准的1.25倍" => ["multiple 1.25 exact"];
        "按当地低保标准的1/3" => ["multiple 0.3333 exact"];
        "按当地低保标准的三分之二" => ["multiple 0.6667 exact"];
    );
}

#[test]
fn a_period_of_an_earlier_subject_does_not_hold() {
    let found = find("每年为照护者提供培训，符合条件的给予职业培训补贴，每人不超过1000元");
    let money: Vec<_> = found
        .iter()
        .filter_map(|f| match f.kind {
            Kind::Money { value, period, .. } => Some((value, period)),
            _ => None,
        })
        .collect();
    assert_eq!(money, [(1000.0, None)]);
    let found = find("为80周岁至99周岁老年人发放高龄津贴，每人每月70元");
    assert!(found.iter().any(|f| matches!(
        f.kind,
        Kind::Money {
            period: Some(Period::Month),
            ..
        }
    )));
}

#[test]
fn a_new_subject_takes_no_period() {
    phrases!(
        // See: issue 13 item 5.
        "保费每人每年15元，意外身故最高赔付2万元" => ["money 15 year/人 exact", "money 20000 once max"];
        "每人每月不低于500元，包括省级200元" => ["money 500 month/人 min", "money 200 month/人 exact"];
        "每人每月不低于500元，最高不超过1000元" => ["money 500 month/人 min", "money 1000 month/人 max"];
        "一级每人每月100元，二级80元" => ["money 100 month/人 exact", "money 80 month/人 exact"];
        "80周岁以上每人每月100元，其中市级承担50元" => ["age 80..", "money 100 month/人 exact 80..", "money 50 month/人 exact 80.."];
        "80周岁以上每人每月100元，住院护理最高补助2000元" => ["age 80..", "money 100 month/人 exact 80..", "money 2000 once max"];
        "每人每年15元，最高赔付2万元" => ["money 15 year/人 exact", "money 20000 once max"];
        "每人每月100元，另一次性补贴500元" => ["money 100 month/人 exact", "money 500 once exact"];
        "老年人意外伤害保险每人每年30元，意外身故最高赔付3万元，意外医疗最高5000元" => ["money 30 year/人 exact", "money 30000 once max", "money 5000 once max"];
        "城乡居民基础养老金每人每月不低于143元，其中中央补助115元" => ["money 143 month/人 min", "money 115 month/人 exact"];
    );
}

#[test]
fn percentages_of_a_base() {
    phrases!(
        "按当地最低生活保障标准的30%发放" => ["percent 30 exact", "multiple 0.3 exact"];
        "低保标准的50%" => ["percent 50 exact", "multiple 0.5 exact"];
        "按不低于当地低保标准的30%给予补助" => ["multiple 0.3 min", "percent 30 min"];
        "特困人员护理补贴按当地低保标准的百分之三十发放" => ["percent 30 exact", "multiple 0.3 exact"];
        "按低保标准12.5%发放" => ["percent 12.5 exact", "multiple 0.125 exact"];
        "照料护理标准分别不低于当地最低工资标准的5%、20%、40%" => ["multiple 0.05 min", "percent 5 min", "percent 20 min", "multiple 0.2 min", "percent 40 min", "multiple 0.4 min"];
        "报销比例70%" => ["percent 70 exact"];
        "报销比例70%、80%" => ["percent 70 exact", "percent 80 exact"];
        "按医疗费用的70%报销" => ["percent 70 exact"];
        "补贴标准提高10%" => ["percent 10 exact"];
    );
    let f = find("特困人员护理补贴按当地低保标准的30%发放");
    assert!(
        f.iter().any(|x| matches!(&x.kind, Kind::Multiple { base: Some(b), factor, .. } if b == "当地低保标准" && *factor == 0.3)),
        "{f:?}"
    );
}

#[test]
fn monthly_amounts() {
    assert_eq!(monthly(1200.0, Some(Period::Year)), Some(100.0));
    assert_eq!(monthly(920.0, Some(Period::Year)), Some(76.67));
    assert_eq!(monthly(1000.0, Some(Period::HalfYear)), Some(166.67));
    assert_eq!(monthly(300.0, Some(Period::Quarter)), Some(100.0));
    assert_eq!(monthly(54.5, Some(Period::Month)), Some(54.5));
    assert_eq!(monthly(50.0, Some(Period::Week)), Some(216.67));
    assert_eq!(monthly(15.0, Some(Period::Day)), Some(456.0));
    assert_eq!(monthly(12000.0, Some(Period::Year)), Some(1000.0));
    assert_eq!(monthly(1.005, Some(Period::Month)), Some(1.01));
    assert_eq!(monthly(1000.0, None), None);
}

#[test]
fn numbers_serialize_as_written() {
    let j = |v: &dyn erased::Ser| v.json();
    assert_eq!(j(&Yuan(70.0)), "70");
    assert_eq!(j(&Yuan(54.5)), "54.5");
    assert_eq!(j(&Yuan(3.455)), "3.455");
    assert_eq!(j(&Yuan(50.0 + 0.6 + 0.03)), "50.63");
    assert_eq!(j(&Yuan(0.1 * 3.0)), "0.3");
    assert_eq!(j(&Factor(1.25)), "1.25");
    assert_eq!(j(&Factor(0.3333)), "0.3333");
    assert_eq!(j(&Period::HalfYear), "\"half-year\"");
    assert_eq!(j(&Period::Day), "\"day\"");
}

/// `serde_json::to_string` behind a trait object, for one assertion per line.
mod erased {
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

#[test]
fn multiples_and_percentages() {
    phrases!(
        "按不低于当地低保标准的1.3倍给予基本生活补助" => ["multiple 1.3 min"];
        "分别按照不低于经济困难失能老年人护理补贴标准的1倍、2倍、3倍给予护理补贴" => ["multiple 1 min", "multiple 2 min", "multiple 3 min"];
        "按当地最低生活保障标准的1/3发放" => ["multiple 0.3333 exact"];
        "分别按照不低于当地最低工资标准的1/3、1/6和当地重度残疾人护理补贴标准执行" => ["multiple 0.3333 min", "multiple 0.1667 min"];
        "并按 50%收取收视维护费" => ["percent 50 exact"];
        "全区80%以上的乡镇敬老院" => ["percent 80 min"];
        "按当地低保标准的1.2倍以上确定" => ["multiple 1.2 min"];
    );
}

#[test]
fn not_quantities() {
    phrases!(
        "按照《山东省人民政府关于印发山东省优待老年人规定的通知》(鲁政发〔2011〕54 号)规定补助" => [];
        "对城乡低保户设置每月 15 千瓦时免费用电基数" => [];
        "每学年 60 课时线下课程" => [];
        "每年免费提供健康管理服务1次" => [];
        "培训养老护理员不少于500人次" => [];
        "到2025年底" => [];
        "为一级、二级重度残疾老年人和三级、四级精神残疾老年人" => [];
        "按5:3:2比例分担" => [];
    );
}

/// The scope index gives what a backward search from each position gives.
#[test]
fn scope_starts_match_a_backward_search() {
    let text = "80周岁以上；每人每月100元，其中市级50元（含）。\n每年1.2万元;最高2万元";
    for ends in [SENTENCE_END, CLAUSE_END] {
        let scopes = Scopes::new(text, ends);
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let backward = text[..at].rfind(ends).map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
            assert_eq!(scopes.start(at), backward, "at {at}");
        }
    }
}

/// A long cell of clauses gives every amount with its own context (issue 19; its time is
/// measured in `benches/cell_scaling.rs`).
#[test]
fn a_long_cell_gives_every_amount() {
    let found = find(&"每人每月120元，".repeat(5000));
    assert_eq!(found.len(), 5000);
    assert!(found.iter().all(|f| matches!(
        f.kind,
        Kind::Money { value, period: Some(Period::Month), per: Some("人"), bound: Bound::Exact, age: None } if value == 120.0
    )));
    let found = find(&"不低于当地低保标准的30%".repeat(1000));
    assert_eq!(found.len(), 2000);
    assert!(found.iter().all(|f| match &f.kind {
        Kind::Percent { value, bound } => *value == 30.0 && *bound == Bound::Min,
        Kind::Multiple { factor, bound, .. } => *factor == 0.3 && *bound == Bound::Min,
        _ => false,
    }));
}

#[test]
fn base_of_a_multiple() {
    let f = find("按不低于当地低保标准的1.3倍给予基本生活补助");
    assert!(matches!(&f[0].kind, Kind::Multiple { base: Some(b), .. } if b == "当地低保标准"));
}
