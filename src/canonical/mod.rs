//! Canonical items and target groups: finished services → the same service and the same people
//! named one way across districts.
//!
//! Local lists name one service many ways (老年人能力综合评估 / 老年人综合能力评估; 最低生活保障 /
//! 最低社会保障) and bundle or split items (困难残疾人生活补贴和重度残疾人护理补贴 in one row or two).
//! [`annotate_service`] gives every service an [`Item`] (and, for a bundle row, its parts in `items`) and
//! its target a list of [`GroupTerm`]s. Both tables are data files with their sources and dates:
//! `src/data/items.tsv` and `src/data/groups.tsv` (each file's header says where its codes come from; `docs/FORMAT.md` lists them).
//!
//! # Items
//!
//! The normalized name is searched for every item keyword; the longest keyword wins (so
//! 重度残疾人护理补贴 beats 护理补贴, 百岁补贴 beats 高龄). A keyword written `kw@cue,…` counts only
//! when the name, target or content holds a cue (集中供养 is `merit-centralized` when they name
//! 特殊贡献, 优抚, 烈士 or 军人, else `destitute-centralized`). A name that joins parts with 和/及/与/、,
//! each naming a different item, is a bundle: `items` lists the parts, and `item` is the table's
//! bundle item when the parts are exactly its parts (困难残疾人生活补贴和重度残疾人护理补贴), else the
//! first part. A name that starts with a work verb (提高, 加大, 引导, 推进 …) is a `measure`; a name
//! that names no item falls back to the content, then the standard; nothing at all gives `other`,
//! with the service's own name kept.
//!
//! # Groups
//!
//! `target.groups` is a list whose terms must all hold (AND). A term is a group
//! `{"code","optional","negated"}`, `{"any": [terms]}` (one of them) or `{"all": [terms]}`:
//!
//! - cues are found leftmost-longest (低保边缘 is `low-income`, not `minimum-living`);
//! - between two cues, 的 or 中 (低保对象中经认定生活不能自理的…) or nothing at all (特困失能老年人) is
//!   AND, while 、 和 及 或 与 and ， are OR (独居、空巢、失能老年人);
//! - an age written with 周岁/岁 and a negated cue (非低保) qualify the whole clause (AND);
//! - the clauses of the first sentence are alternatives (OR); a later sentence or clause after
//!   有条件的地方可扩大到 is an optional extension (its groups have `optional: true`); other later
//!   sentences are notes and give no groups;
//! - a target with no group but plain 老年人 is `all-elderly`; one naming only an age gets `age`.
//!   When the target names only an age and the content is a short noun phrase naming the people
//!   ("80周岁及以上非低保老年人", a list that puts two rows under one merged target), the content's
//!   groups are added.

mod groups;
mod items;
pub mod view;

pub use groups::{codes as group_codes, flat_codes, for_target, parse as parse_groups};
pub use items::{Match, all_items, item_of, match_service};
// The model's types that this stage fills, at their former paths (`qingdan::canonical::Item` …).
#[doc(no_inline)]
pub use crate::model::{Group, GroupTerm, Item};

use crate::model::Service;

/// Gives one service its canonical item(s) and its target's groups.
pub fn annotate_service(s: &mut Service) {
    let m = match_service(
        s.name.as_deref().unwrap_or(""),
        s.target.text.as_deref().unwrap_or(""),
        s.content.as_deref().unwrap_or(""),
        s.standard.as_deref().unwrap_or(""),
        s.types.first().map(String::as_str),
    );
    s.item = m.item;
    s.items = m.items;
    s.target.groups = groups::for_target(
        s.target.text.as_deref().unwrap_or(""),
        s.content.as_deref().unwrap_or(""),
    );
}

/// Bundle items with their part codes (`disability-allowances` → living, care).
pub fn bundles() -> Vec<(String, Vec<String>)> {
    items::bundles()
}
