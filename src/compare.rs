//! `qingdan compare`: districts × canonical items, from canonical JSON documents.
//!
//! A row per canonical item (table order; every national item, listed or not, then the local
//! items some district lists, then `other` items by name; work measures are left out), a column
//! per district sorted by code (so grouped by province and city). A cell holds the district's services of that
//! item with their amounts (monthly where the period allows, by age band), bounds and source
//! lines, or nothing ("not listed"). A bundle row (困难残疾人生活补贴和重度残疾人护理补贴) also
//! fills its parts' rows, and a split part also fills the bundle's row.
//!
//! Written as CSV (a cell a summary line), JSON (`qingdan-compare/1`) or one self-contained HTML
//! page (no network: inline CSS, script and SVG).

use crate::canonical::view::{Doc, Money, Region, Svc, num};
use crate::canonical::{Item, all_items};
use serde::Serialize;
use std::fmt::Write as _;

/// The matrix.
#[derive(Debug, Serialize)]
pub struct Matrix {
    /// Always `qingdan-compare/1`.
    pub schema: &'static str,
    /// The columns.
    pub districts: Vec<District>,
    /// The rows.
    pub items: Vec<Row>,
}

/// A column.
#[derive(Debug, Serialize)]
pub struct District {
    /// The document's `source.file`.
    pub file: String,
    /// The path the document was read from (not in the JSON: it depends on where it was run).
    #[serde(skip)]
    pub path: String,
    /// The region.
    pub region: Region,
}

/// A row.
#[derive(Debug, Serialize)]
pub struct Row {
    /// The canonical item.
    #[serde(flatten)]
    pub item: Item,
    /// One cell per district, in the order of `districts`.
    pub cells: Vec<Cell>,
}

/// A cell.
#[derive(Debug, Serialize)]
pub struct Cell {
    /// `listed` or `not listed`.
    pub status: &'static str,
    /// The district's services of the item.
    pub services: Vec<CellService>,
}

/// A service in a cell.
#[derive(Debug, Serialize)]
pub struct CellService {
    /// 序号.
    pub seq: u32,
    /// The name as written.
    pub name: String,
    /// The target as written.
    pub target: Option<String>,
    /// Money amounts, monthly where known, with their age bands and lines.
    pub amounts: Vec<Money>,
    /// Per amount, the words it is tied to: 失能 level, 残疾 grade, scope (城市/农村), groups
    /// (低保, 非低保, 特困 …); the row's own 低保/非低保 where its target says so.
    pub labels: Vec<Vec<String>>,
    /// Amounts written as multiples of a standard (低保标准×1.3, 最低工资标准×1/6、1/3、1/2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub multiples: Vec<String>,
    /// First and last source lines.
    pub lines: [u32; 2],
}

fn row_key(i: &Item) -> String {
    if i.code == "other" {
        format!("other:{}", other_name(&i.name))
    } else {
        i.code.clone()
    }
}

/// The name an `other` item is grouped by: without the words for the people (老年人, 老人, 长者)
/// and a trailing 服务, so 老年人意外伤害保险 and 意外伤害保险 share a row.
pub fn other_name(name: &str) -> String {
    let mut n: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    for p in ["困难老年人", "老年人", "老人", "长者"] {
        if let Some(rest) = n.strip_prefix(p)
            && !rest.is_empty()
        {
            n = rest.to_owned();
            break;
        }
    }
    if let Some(rest) = n.strip_suffix("服务")
        && !rest.is_empty()
    {
        n = rest.to_owned();
    }
    n
}

/// Labels per amount of a service (see [`CellService::labels`]).
fn labels(s: &Svc) -> Vec<Vec<String>> {
    let own: Vec<String> = s
        .groups
        .iter()
        .filter_map(|t| match t {
            crate::canonical::GroupTerm::Group(g) if g.code == "minimum-living" => {
                Some(crate::eligible::group_word(if g.negated {
                    "!minimum-living"
                } else {
                    "minimum-living"
                }))
            }
            _ => None,
        })
        .collect();
    crate::eligible::amount_labels(s)
        .into_iter()
        .map(|mut l| {
            for w in &own {
                if !l.contains(w) {
                    l.insert(0, w.clone());
                }
            }
            l
        })
        .collect()
}

/// The row keys a service fills: its item, its parts, and the bundle its item is a part of.
fn keys(s: &Svc, bundles: &[(String, Vec<String>)]) -> Vec<String> {
    let mut k = vec![row_key(&s.item)];
    k.extend(s.items.iter().map(row_key));
    for (bundle, parts) in bundles {
        if parts.contains(&s.item.code) {
            k.push(bundle.clone());
        }
    }
    k.sort();
    k.dedup();
    k
}

/// Builds the matrix of `docs`.
pub fn matrix(docs: &[Doc]) -> Matrix {
    let mut docs: Vec<&Doc> = docs.iter().collect();
    docs.sort_by(|a, b| {
        // By code: provinces, then cities, then districts, in GB/T 2260 order; no code last.
        let k = |d: &Doc| {
            (
                d.region.adcode.is_none(),
                d.region.adcode.clone().unwrap_or_default(),
                d.file.clone(),
            )
        };
        k(a).cmp(&k(b))
    });
    let bundles: Vec<(String, Vec<String>)> = crate::canonical::bundles();
    let items = row_items(&docs, &bundles)
        .into_iter()
        .map(|item| {
            let key = row_key(&item);
            let cells = docs.iter().map(|d| cell(d, &key, &bundles)).collect();
            Row { item, cells }
        })
        .collect();
    Matrix {
        schema: "qingdan-compare/1",
        districts: docs
            .iter()
            .map(|d| District {
                file: d.file.clone(),
                path: d.path.clone(),
                region: d.region.clone(),
            })
            .collect(),
        items,
    }
}

/// The matrix's rows: every national item and every item a document lists, in the table's
/// order, then the `other` services by name.
fn row_items(docs: &[&Doc], bundles: &[(String, Vec<String>)]) -> Vec<Item> {
    let mut rows: Vec<Item> = Vec::new();
    let listed = |key: &str| {
        docs.iter().any(|d| {
            d.services
                .iter()
                .any(|s| keys(s, bundles).iter().any(|k| k == key))
        })
    };
    for i in &all_items() {
        if i.national || listed(&i.code) {
            rows.push(i.clone());
        }
    }
    let mut others: Vec<Item> = Vec::new();
    for d in docs {
        for s in &d.services {
            if s.item.code == "other"
                && !others
                    .iter()
                    .any(|o| other_name(&o.name) == other_name(&s.item.name))
            {
                let mut i = s.item.clone();
                i.name = other_name(&i.name);
                others.push(i);
            }
        }
    }
    others.sort_by(|a, b| a.name.cmp(&b.name));
    rows.extend(others);
    rows
}

/// One district's cell of the row keyed `key`: its services under that item.
fn cell(d: &Doc, key: &str, bundles: &[(String, Vec<String>)]) -> Cell {
    let services: Vec<CellService> = d
        .services
        .iter()
        .filter(|s| keys(s, bundles).iter().any(|k| k == key))
        .map(|s| CellService {
            seq: s.seq,
            name: s.name.clone(),
            target: s.target.clone(),
            amounts: s.money.clone(),
            labels: labels(s),
            multiples: crate::eligible::multiples(s),
            lines: s.lines,
        })
        .collect();
    Cell {
        status: if services.is_empty() {
            "not listed"
        } else {
            "listed"
        },
        services,
    }
}

/// One line per amount: "非低保 80–89: 920元/年 (76.67元/月) L147", "重度: 400元/月 L32".
fn amount_line(m: &Money, labels: &[String]) -> String {
    let mut head: Vec<String> = labels.to_vec();
    if let Some(a) = m.age {
        head.push(a.label());
    }
    let head = if head.is_empty() {
        String::new()
    } else {
        format!("{}: ", head.join(" "))
    };
    format!("{head}{} L{}", m.label(), m.line)
}

/// A cell as one line of text.
pub fn cell_text(c: &Cell) -> String {
    if c.services.is_empty() {
        return "not listed".to_owned();
    }
    c.services
        .iter()
        .map(|s| {
            let mut t = format!("#{} {}", s.seq, s.name);
            let mut parts: Vec<String> = s
                .amounts
                .iter()
                .enumerate()
                .map(|(i, m)| amount_line(m, s.labels.get(i).map_or(&[][..], Vec::as_slice)))
                .collect();
            parts.extend(s.multiples.iter().map(|x| format!("{x} L{}", s.lines[0])));
            if parts.is_empty() {
                let _ = write!(t, " L{}", s.lines[0]);
            } else {
                let _ = write!(t, ": {}", parts.join("; "));
            }
            t
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn district_label(d: &District) -> String {
    let code = d.region.adcode.as_deref().unwrap_or("?");
    format!("{} ({code})", d.region.label())
}

/// The columns' labels: "山西省 阳泉市 矿区 (140303)", followed by the document's file where two
/// columns would read the same (two versions of one district's list), and by the path it was
/// read from where the files are the same too.
fn district_labels(ds: &[District]) -> Vec<String> {
    use std::collections::HashMap;
    let count = |labels: &[String]| {
        let mut n: HashMap<&str, usize> = HashMap::new();
        for l in labels {
            *n.entry(l.as_str()).or_default() += 1;
        }
        labels
            .iter()
            .map(|l| n[l.as_str()] > 1)
            .collect::<Vec<bool>>()
    };
    let base: Vec<String> = ds.iter().map(district_label).collect();
    let same = count(&base);
    let with_file: Vec<String> = base
        .iter()
        .zip(ds)
        .zip(&same)
        .map(|((b, d), &s)| {
            if s {
                format!("{b} {}", d.file)
            } else {
                b.clone()
            }
        })
        .collect();
    let still = count(&with_file);
    with_file
        .into_iter()
        .zip(ds)
        .zip(still)
        .map(|((l, d), s)| if s { format!("{l} ({})", d.path) } else { l })
        .collect()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The matrix as CSV: `item,name,category,national`, then a column per district.
pub fn csv(m: &Matrix) -> String {
    let mut out = String::new();
    let mut head = vec![
        "item".to_owned(),
        "name".to_owned(),
        "category".to_owned(),
        "national".to_owned(),
    ];
    head.extend(district_labels(&m.districts));
    out.push_str(
        &head
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    for r in &m.items {
        let mut f = vec![
            r.item.code.clone(),
            r.item.name.clone(),
            r.item.category.clone().unwrap_or_default(),
            if r.item.national { "yes" } else { "no" }.to_owned(),
        ];
        f.extend(r.cells.iter().map(cell_text));
        out.push_str(&f.iter().map(|x| csv_field(x)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// The matrix as JSON.
pub fn json(m: &Matrix) -> String {
    crate::emit::to_canonical(m)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The largest monthly amount of a cell (for sorting), `-1` when not listed, `0` when listed
/// without a monthly amount.
fn sort_value(c: &Cell) -> f64 {
    if c.services.is_empty() {
        return -1.0;
    }
    c.services
        .iter()
        .flat_map(|s| s.amounts.iter().filter_map(|a| a.monthly))
        .fold(0.0, f64::max)
}

/// Spans of equal keys, in order: `[("山西省", 3), ("山东省", 1)]`.
fn spans(keys: &[String]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for k in keys {
        match out.last_mut() {
            Some((last, n)) if last == k => *n += 1,
            _ => out.push((k.clone(), 1)),
        }
    }
    out
}

const STYLE: &str = r#"
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em} h2{font-size:1.1em;margin:1.5em 0 .5em}
p.note{color:#555;font-size:.9em;margin:.2em 0}
table{border-collapse:collapse;font-size:12px}
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}
thead th{background:#f0f3f7;position:sticky;top:0}
thead tr:nth-child(2) th{top:25px} thead tr:nth-child(3) th{top:50px}
th.sort{cursor:pointer} th.sort:hover{background:#dde6f0}
th.sort[data-dir=asc]::after{content:" ▲"} th.sort[data-dir=desc]::after{content:" ▼"}
td.item{white-space:nowrap;font-weight:600} td.item code{font-weight:400;color:#666;font-size:11px}
td.national{text-align:center}
.badge{display:inline-block;background:#1f6feb;color:#fff;border-radius:3px;padding:0 4px;font-size:11px}
td.cell{min-width:9em;max-width:16em}
td.missing{background:#f6f6f6;color:#999}
td.missing.nat{background:#fde2e1;color:#a40e26;font-weight:600}
td.listed{background:#eef8ee}
.svc{margin-bottom:3px} .svc .n{color:#333} .amt{display:block;color:#0b5d1e;font-variant-numeric:tabular-nums}
.line{color:#888;font-size:10px}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
svg text{font-family:inherit}
"#;

const SCRIPT: &str = r#"
(function(){
  window.addEventListener('error',function(e){document.body.setAttribute('data-error',String(e.message));});
  var table=document.getElementById('matrix');
  var body=table.tBodies[0];
  function key(tr,col,num){var c=tr.children[col];var v=c.getAttribute('data-sort');
    if(num){return parseFloat(v);} return v||c.textContent;}
  function sortBy(th,dir){
    var col=parseInt(th.getAttribute('data-col'),10);var num=th.getAttribute('data-num')==='1';
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){var x=key(a,col,num),y=key(b,col,num);
      var r=num?(x-y):String(x).localeCompare(String(y),'zh');
      if(r===0){r=parseInt(a.getAttribute('data-order'),10)-parseInt(b.getAttribute('data-order'),10);return r;}
      return dir==='desc'?-r:r;});
    rows.forEach(function(r){body.appendChild(r);});
    Array.prototype.forEach.call(table.querySelectorAll('th.sort'),function(h){h.removeAttribute('data-dir');});
    th.setAttribute('data-dir',dir);
  }
  Array.prototype.forEach.call(table.querySelectorAll('th.sort'),function(th){
    th.addEventListener('click',function(){sortBy(th,th.getAttribute('data-dir')==='desc'?'asc':'desc');});});
  var m=/^#sort=(\d+)(-asc)?$/.exec(location.hash);
  if(m){var th=table.querySelector('th.sort[data-col="'+m[1]+'"]');if(th){sortBy(th,m[2]?'asc':'desc');}}
  document.body.setAttribute('data-ready',String(body.rows.length));
})();
"#;

/// The matrix as one self-contained HTML page.
pub fn html(m: &Matrix) -> String {
    let mut h = String::new();
    let n = m.districts.len();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>基本养老服务清单 compared</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>基本养老服务清单: {n} districts × {} canonical items</h1>\n\
         <p class=\"note\">A row per canonical item (<span class=\"badge\">国家</span> = on the national \
         list), a column per district. Amounts are per month where the period allows (年 ÷ 12); \
         ≥ is a minimum, ≤ a maximum; L is the source line. \
         <span style=\"background:#fde2e1;color:#a40e26\">Red</span>: a national item the district \
         does not list. Click a header to sort.</p>\n",
        m.items.len()
    );
    h.push_str(&chart(m));
    h.push_str("<h2>Matrix</h2>\n<table id=\"matrix\">\n<thead>\n");
    matrix_head(m, &mut h);
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    for (order, r) in m.items.iter().enumerate() {
        let _ = write!(
            h,
            "<tr data-order=\"{order}\" data-item=\"{}\"><td class=\"item\" data-sort=\"{order:04}\">{}<br><code>{}</code></td><td class=\"national\" data-sort=\"{}\">{}</td>",
            esc(&row_key(&r.item)),
            esc(&r.item.name),
            esc(&r.item.code),
            if r.item.national { "0" } else { "1" },
            if r.item.national {
                "<span class=\"badge\">国家</span>"
            } else {
                ""
            }
        );
        for (c, d) in r.cells.iter().zip(&m.districts) {
            let district = d.region.adcode.clone().unwrap_or_else(|| d.file.clone());
            if c.services.is_empty() {
                let _ = write!(
                    h,
                    "<td class=\"cell missing{}\" data-district=\"{}\" data-status=\"not listed\" data-sort=\"-1\">not listed</td>",
                    if r.item.national { " nat" } else { "" },
                    esc(&district)
                );
                continue;
            }
            let _ = write!(
                h,
                "<td class=\"cell listed\" data-district=\"{}\" data-status=\"listed\" data-seqs=\"{}\" data-sort=\"{}\">",
                esc(&district),
                c.services
                    .iter()
                    .map(|s| s.seq.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
                num(sort_value(c))
            );
            for s in &c.services {
                service_div(s, &mut h);
            }
            h.push_str("</td>");
        }
        h.push_str("</tr>\n");
    }
    let _ = write!(
        h,
        "</tbody>\n</table>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    h
}

/// The matrix's three header rows: provinces, cities, districts (a district's file where two
/// versions of its list share the label).
fn matrix_head(m: &Matrix, h: &mut String) {
    let prov: Vec<String> = m
        .districts
        .iter()
        .map(|d| d.region.province.clone().unwrap_or_else(|| "?".into()))
        .collect();
    let city: Vec<String> = m
        .districts
        .iter()
        .map(|d| {
            format!(
                "{}/{}",
                d.region.province.as_deref().unwrap_or("?"),
                d.region.city.as_deref().unwrap_or("?")
            )
        })
        .collect();
    h.push_str("<tr><th rowspan=\"3\" class=\"sort\" data-col=\"0\">Item</th><th rowspan=\"3\" class=\"sort\" data-col=\"1\">National</th>");
    for (p, span) in spans(&prov) {
        let _ = write!(h, "<th colspan=\"{span}\">{}</th>", esc(&p));
    }
    h.push_str("</tr>\n<tr>");
    for (c, span) in spans(&city) {
        let name = c.split_once('/').map_or(c.as_str(), |x| x.1);
        let _ = write!(h, "<th colspan=\"{span}\">{}</th>", esc(name));
    }
    h.push_str("</tr>\n<tr>");
    let labels = district_labels(&m.districts);
    for (i, d) in m.districts.iter().enumerate() {
        // Two versions of one district's list: their files tell the columns apart.
        let shared = labels[i] != district_label(d);
        let _ = write!(
            h,
            "<th class=\"sort\" data-col=\"{}\" data-num=\"1\" title=\"{}\">{}<br><span class=\"line\">{}</span>{}</th>",
            i + 2,
            esc(&d.file),
            esc(d.region.county.as_deref().unwrap_or(&d.region.name)),
            esc(d.region.adcode.as_deref().unwrap_or("?")),
            if shared {
                format!("<br><span class=\"line\">{}</span>", esc(&d.file))
            } else {
                String::new()
            }
        );
    }
}

/// One service of a cell: its number, name and line, its amounts with their labels, its
/// multiples.
fn service_div(s: &CellService, h: &mut String) {
    let _ = write!(
        h,
        "<div class=\"svc\"><span class=\"n\">#{} {}</span> <span class=\"line\">L{}</span>",
        s.seq,
        esc(&s.name),
        s.lines[0]
    );
    for (k, a) in s.amounts.iter().enumerate() {
        let mut head: Vec<String> = s.labels.get(k).cloned().unwrap_or_default();
        if let Some(x) = a.age {
            head.push(x.label());
        }
        let head = if head.is_empty() {
            String::new()
        } else {
            format!("{}: ", head.join(" "))
        };
        let _ = write!(
            h,
            "<span class=\"amt\">{}{} <span class=\"line\">L{}</span></span>",
            esc(&head),
            esc(&a.label()),
            a.line
        );
    }
    for x in &s.multiples {
        let _ = write!(h, "<span class=\"amt mult\">{}</span>", esc(x));
    }
    h.push_str("</div>");
}

/// Colours for the districts in the chart.
const COLOURS: &[&str] = &[
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
];

/// A series of the chart: its name and, per band, the value and its label.
type Series = (String, Vec<Option<(f64, String)>>);

/// An amount of the chart: its series, age band, monthly value and bound.
type Banded = (String, crate::canonical::view::Ages, f64, String);

/// Whether band `a` covers band `b`.
fn covers(a: &crate::canonical::view::Ages, b: &crate::canonical::view::Ages) -> bool {
    b.min.is_some_and(|x| a.contains(x))
        && match (a.max, b.max) {
            (None, _) => true,
            (Some(x), Some(y)) => y <= x,
            (Some(_), None) => false,
        }
}

/// Every monthly 高龄津贴 amount with an age band, named by its district (and by what the
/// district's labels tell apart: 低保 / 非低保).
fn banded_amounts(m: &Matrix) -> Vec<Banded> {
    let codes = ["longevity-allowance", "longevity-centenarian"];
    let mut raw: Vec<Banded> = Vec::new();
    let labels = district_labels(&m.districts);
    for (i, label) in labels.iter().enumerate() {
        for r in m
            .items
            .iter()
            .filter(|r| codes.contains(&r.item.code.as_str()))
        {
            for s in &r.cells[i].services {
                for (k, a) in s.amounts.iter().enumerate() {
                    let (Some(age), Some(mo)) = (a.age, a.monthly) else {
                        continue;
                    };
                    let variant = s.labels.get(k).map(|l| l.join(" ")).unwrap_or_default();
                    let name = if variant.is_empty() {
                        label.clone()
                    } else {
                        format!("{label} · {variant}")
                    };
                    raw.push((name, age, mo, a.bound.clone()));
                }
            }
        }
    }
    raw
}

/// The finest bands: cut at every band's start and after every band's end; bands no amount
/// covers (between two lists' bands) are left out.
fn finest_bands(raw: &[Banded]) -> Vec<crate::canonical::view::Ages> {
    let mut cuts: Vec<u32> = Vec::new();
    for (_, a, _, _) in raw {
        cuts.extend(a.min);
        cuts.extend(a.max.map(|x| x + 1));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let open_end = raw.iter().any(|(_, a, _, _)| a.max.is_none());
    let mut bands: Vec<crate::canonical::view::Ages> = cuts
        .windows(2)
        .map(|w| crate::canonical::view::Ages {
            min: Some(w[0]),
            max: Some(w[1] - 1),
        })
        .collect();
    if open_end && let Some(&last) = cuts.last() {
        bands.push(crate::canonical::view::Ages {
            min: Some(last),
            max: None,
        });
    }
    bands.retain(|b| raw.iter().any(|(_, a, _, _)| covers(a, b)));
    bands
}

/// One series per name, its value in each band (the narrowest amount that covers the band).
fn chart_series(raw: &[Banded], bands: &[crate::canonical::view::Ages]) -> Vec<Series> {
    let mut series: Vec<Series> = Vec::new();
    for (name, _, _, _) in raw {
        if series.iter().any(|s| &s.0 == name) {
            continue;
        }
        let vals = bands
            .iter()
            .map(|b| {
                raw.iter()
                    .filter(|(n, a, _, _)| n == name && covers(a, b))
                    // The narrowest band that covers it.
                    .min_by_key(|(_, a, _, _)| {
                        a.max.unwrap_or(u32::MAX).saturating_sub(a.min.unwrap_or(0))
                    })
                    .map(|(_, _, v, bound)| {
                        let b = if bound == "min" { "≥" } else { "" };
                        (*v, format!("{b}{}", num(*v)))
                    })
            })
            .collect();
        series.push((name.clone(), vals));
    }
    series
}

/// Monthly 高龄津贴 (and 百岁补贴) per age band and district, as an inline SVG bar chart. Every
/// service of every district counts: a list that splits 高龄津贴 by 低保 status gives two series
/// (晋城城区 · 低保, 晋城城区 · 非低保). The bands are the finest the lists write (80–89, 90–99,
/// 100+); an amount for a wider band (80–99, 80+) stands in each band it covers.
fn chart(m: &Matrix) -> String {
    let raw = banded_amounts(m);
    let bands = finest_bands(&raw);
    let series = chart_series(&raw, &bands);
    if series.is_empty() {
        return "<h2>高龄津贴 per month</h2>\n<p class=\"note\">No district states a monthly 高龄津贴 by age band.</p>\n".to_owned();
    }
    let max = series
        .iter()
        .flat_map(|s| s.1.iter().flatten().map(|v| v.0))
        .fold(1.0, f64::max);
    let bar = 22.0;
    let gap = 18.0;
    let group = bar * series.len() as f64 + gap;
    let (left, top, plot_h) = (50.0, 20.0, 220.0);
    let width = left + group * bands.len() as f64 + 20.0;
    let legend_y = top + plot_h + 40.0;
    let height = legend_y + 20.0 * series.len() as f64 + 10.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<h2>高龄津贴 per month by age band (元)</h2>\n<svg id=\"chart\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-label=\"monthly longevity allowance per age band\">\n"
    );
    // Axis and grid: four steps.
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let y = top + plot_h - plot_h * f64::from(k) / 4.0;
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" x2=\"{:.0}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e5e5e5\"/><text x=\"{:.0}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
            width - 10.0,
            left - 4.0,
            y + 3.0,
            num(v)
        );
    }
    for (bi, band) in bands.iter().enumerate() {
        let band = band.label();
        let gx = left + gap / 2.0 + group * bi as f64;
        for (si, (name, vals)) in series.iter().enumerate() {
            let Some((v, label)) = vals.get(bi).and_then(Option::as_ref) else {
                continue;
            };
            let h = plot_h * v / max;
            let x = gx + bar * si as f64;
            let y = top + plot_h - h;
            let _ = writeln!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{} {band}: {label}元/月</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\">{}</text>",
                bar - 2.0,
                COLOURS[si % COLOURS.len()],
                esc(name),
                x + (bar - 2.0) / 2.0,
                y - 3.0,
                esc(label)
            );
        }
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}岁</text>",
            gx + bar * series.len() as f64 / 2.0,
            top + plot_h + 16.0,
            esc(&band)
        );
    }
    for (si, (name, _)) in series.iter().enumerate() {
        let y = legend_y + 20.0 * si as f64;
        let _ = writeln!(
            s,
            "<rect x=\"{left}\" y=\"{:.0}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.0}\" y=\"{:.0}\" font-size=\"11\">{}</text>",
            y - 10.0,
            COLOURS[si % COLOURS.len()],
            left + 18.0,
            y,
            esc(name)
        );
    }
    s.push_str("</svg>\n");
    s
}
