//! One page's content stream interpreted: the characters with their positions and the ruling
//! lines (stroked segments and thin filled rectangles), in page space turned top-down (y grows
//! downwards from the top of the page's crop box).

use super::font::Font;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Form XObjects nested deeper than this are not entered.
const MAX_DEPTH: usize = 8;
/// Operations interpreted per document at most (a hostile file must end).
pub(super) const MAX_OPS: usize = 20_000_000;
/// Content bytes decompressed per page at most.
const MAX_CONTENT: usize = 64 << 20;

/// A shown character (or the text of one code).
#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub text: String,
    /// Left and right edges.
    pub x0: f32,
    pub x1: f32,
    /// Baseline, top-down.
    pub y: f32,
    /// Font size on the page.
    pub size: f32,
}

impl Glyph {
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    /// The vertical middle of the glyph's body.
    pub fn cy(&self) -> f32 {
        self.y - 0.35 * self.size
    }
}

/// A horizontal (`y`, `a`..`b` in x) or vertical (`x`, `a`..`b` in y) ruling.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rule {
    pub at: f32,
    pub a: f32,
    pub b: f32,
}

#[derive(Debug, Default)]
pub(super) struct Page {
    /// Height of the page (top-down coordinates run 0..height).
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub horizontal: Vec<Rule>,
    pub vertical: Vec<Rule>,
    /// Images drawn (for telling a scanned page).
    pub images: usize,
    /// Codes no font map decoded.
    pub unknown: usize,
    /// What of the page's content could not be decoded (a corrupt or missing stream).
    pub damage: Vec<String>,
}

type M = [f32; 6];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

#[derive(Clone)]
struct State {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

fn num(o: Option<&Object>) -> f32 {
    o.and_then(|o| o.as_float().ok())
        .filter(|f| f.is_finite())
        .unwrap_or(0.0)
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// Fonts read once per document.
pub(super) type FontCache = HashMap<ObjectId, Rc<Font>>;

struct Pass<'a> {
    doc: &'a Document,
    cache: &'a mut FontCache,
    page: Page,
    /// Page space → top-down output space.
    base: M,
    ops: usize,
    /// Subpaths of the current path in device space.
    path: Vec<Vec<(f32, f32)>>,
}

/// Interprets one page.
/// `ops` counts the operations interpreted so far in the document.
pub(super) fn read(
    doc: &Document,
    page_id: ObjectId,
    cache: &mut FontCache,
    ops: &mut usize,
) -> Page {
    let page_dict = doc.get_dictionary(page_id).ok();
    let boxed = |key: &[u8]| -> Option<[f32; 4]> {
        let mut id = Some(page_id);
        // Boxes are inheritable from the page tree.
        for _ in 0..32 {
            let d = doc.get_dictionary(id?).ok()?;
            if let Ok(a) = d.get(key).map(|o| deref(doc, o)).and_then(Object::as_array)
                && a.len() == 4
            {
                let v: Vec<f32> = a.iter().map(|o| num(Some(deref(doc, o)))).collect();
                return Some([
                    v[0].min(v[2]),
                    v[1].min(v[3]),
                    v[0].max(v[2]),
                    v[1].max(v[3]),
                ]);
            }
            id = d.get(b"Parent").and_then(Object::as_reference).ok();
        }
        None
    };
    let b = boxed(b"CropBox")
        .or_else(|| boxed(b"MediaBox"))
        .unwrap_or([0.0, 0.0, 595.0, 842.0]);
    let rotate = page_dict
        .and_then(|d| d.get(b"Rotate").ok())
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    // Page space → top-down, with the page's rotation applied (clockwise).
    let (base, _width, height) = match rotate {
        90 => ([0.0, 1.0, 1.0, 0.0, -b[1], -b[0]], h, w),
        180 => ([-1.0, 0.0, 0.0, 1.0, b[2], -b[1]], w, h),
        270 => ([0.0, -1.0, -1.0, 0.0, b[3], b[2]], h, w),
        _ => ([1.0, 0.0, 0.0, -1.0, -b[0], b[3]], w, h),
    };
    let mut pass = Pass {
        doc,
        cache,
        page: Page {
            height,
            ..Page::default()
        },
        base,
        ops: *ops,
        path: Vec::new(),
    };
    if page_dict.is_none() {
        pass.page.damage.push(format!(
            "its page object {} {} R cannot be read",
            page_id.0, page_id.1
        ));
    }
    let content = content_of(doc, page_id, &mut pass.page.damage);
    let resources = resources_of(doc, page_id);
    pass.run(&content, &resources, ID, 0);
    *ops = pass.ops;
    pass.page
}

/// The page's content streams decoded and joined; what could not be decoded goes to `damage`.
fn content_of(doc: &Document, page_id: ObjectId, damage: &mut Vec<String>) -> Vec<u8> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            damage.push(format!(
                "its content stream {} {} R cannot be read",
                id.0, id.1
            ));
            continue;
        };
        let (body, broken) =
            super::stream::decode(stream, MAX_CONTENT.saturating_sub(content.len()));
        if let Some(why) = broken {
            damage.push(format!("its content stream {} {} R: {why}", id.0, id.1));
        }
        content.extend_from_slice(&body);
        content.push(b'\n');
    }
    content
}

/// The page's resource dictionaries, nearest first (inherited ones after).
fn resources_of(doc: &Document, page_id: ObjectId) -> Vec<Dictionary> {
    let mut out = Vec::new();
    if let Ok((own, inherited)) = doc.get_page_resources(page_id) {
        if let Some(d) = own {
            out.push(d.clone());
        }
        for id in inherited {
            if let Ok(d) = doc.get_dictionary(id) {
                out.push(d.clone());
            }
        }
    }
    out
}

/// The text matrix and the text line matrix.
struct TextPos {
    tm: M,
    tlm: M,
}

impl TextPos {
    /// Moves to the start of the next line, offset by (`tx`, `ty`) from the current one.
    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }
}

impl Pass<'_> {
    fn lookup(&self, resources: &[Dictionary], kind: &[u8], name: &[u8]) -> Option<Object> {
        let doc = self.doc;
        resources.iter().find_map(|r| {
            let d = match r.get(kind).ok()? {
                Object::Reference(id) => doc.get_dictionary(*id).ok()?,
                Object::Dictionary(d) => d,
                _ => return None,
            };
            d.get(name).ok().cloned()
        })
    }

    fn font(&mut self, resources: &[Dictionary], name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let entry = resources.iter().find_map(|r| {
            let d = match r.get(b"Font").ok()? {
                Object::Reference(id) => doc.get_dictionary(*id).ok()?,
                Object::Dictionary(d) => d,
                _ => return None,
            };
            d.get(name).ok().cloned()
        })?;
        match entry {
            Object::Reference(id) => {
                if let Some(f) = self.cache.get(&id) {
                    return Some(f.clone());
                }
                let dict = doc.get_dictionary(id).ok()?;
                let f = Rc::new(Font::read(doc, dict));
                self.cache.insert(id, f.clone());
                Some(f)
            }
            Object::Dictionary(d) => Some(Rc::new(Font::read(doc, &d))),
            _ => None,
        }
    }

    fn run(&mut self, content: &[u8], resources: &[Dictionary], ctm: M, depth: usize) {
        let mut gs = State {
            ctm,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<State> = Vec::new();
        let mut text = TextPos { tm: ID, tlm: ID };
        self.path.clear();
        for op in Content::decode_iter(content) {
            let Ok(op) = op else {
                self.page
                    .damage
                    .push("its content cannot be parsed to its end".to_owned());
                break;
            };
            self.ops += 1;
            if self.ops > MAX_OPS {
                break;
            }
            let a = &op.operands;
            let n = |i: usize| num(a.get(i));
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "cm" if a.len() == 6 => {
                    gs.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &gs.ctm);
                }
                "Do" => self.draw_xobject(a, resources, &gs.ctm, depth),
                "BI" | "EI" => self.page.images += 1,
                o => {
                    if !self.text_op(o, a, &mut gs, &mut text, resources) {
                        self.path_op(o, a, &gs.ctm);
                    }
                }
            }
        }
    }

    /// A text operator (state, positioning, showing); false for any other operator.
    fn text_op(
        &mut self,
        op: &str,
        a: &[Object],
        gs: &mut State,
        t: &mut TextPos,
        resources: &[Dictionary],
    ) -> bool {
        let n = |i: usize| num(a.get(i));
        match op {
            "BT" => {
                t.tm = ID;
                t.tlm = ID;
            }
            "Tf" => {
                gs.size = n(1);
                gs.font = a
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| self.font(resources, name));
            }
            "Tc" => gs.char_space = n(0),
            "Tw" => gs.word_space = n(0),
            "Tz" => gs.scale = n(0) / 100.0,
            "TL" => gs.leading = n(0),
            "Ts" => gs.rise = n(0),
            "Td" => t.next_line(n(0), n(1)),
            "TD" => {
                gs.leading = -n(1);
                t.next_line(n(0), n(1));
            }
            "Tm" if a.len() == 6 => {
                t.tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                t.tm = t.tlm;
            }
            "T*" => t.next_line(0.0, -gs.leading),
            "Tj" | "'" | "\"" => {
                if op != "Tj" {
                    if op == "\"" {
                        gs.word_space = n(0);
                        gs.char_space = n(1);
                    }
                    t.next_line(0.0, -gs.leading);
                }
                if let Some(Ok(s)) = a.last().map(Object::as_str) {
                    self.show(s, gs, &mut t.tm);
                }
            }
            "TJ" => {
                if let Some(Ok(arr)) = a.first().map(Object::as_array) {
                    for item in arr {
                        match item {
                            Object::String(s, _) => self.show(s, gs, &mut t.tm),
                            o => {
                                let adj = num(Some(o));
                                let tx = -adj / 1000.0 * gs.size * gs.scale;
                                t.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &t.tm);
                            }
                        }
                    }
                }
            }
            _ => return false,
        }
        true
    }

    /// A path operator: building subpaths, stroking and filling them (rulings).
    fn path_op(&mut self, op: &str, a: &[Object], ctm: &M) {
        let n = |i: usize| num(a.get(i));
        match op {
            "m" => {
                let p = apply(ctm, n(0), n(1));
                self.path.push(vec![p]);
            }
            "l" => {
                let p = apply(ctm, n(0), n(1));
                match self.path.last_mut() {
                    Some(sp) => sp.push(p),
                    None => self.path.push(vec![p]),
                }
            }
            "c" | "v" | "y" => {
                // A curve is no ruling: start a new subpath at its end.
                let k = a.len().saturating_sub(2);
                let p = apply(ctm, n(k), n(k + 1));
                self.path.push(vec![p]);
            }
            "h" => self.close_subpath(),
            "re" => {
                let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                self.path
                    .push(pts.iter().map(|&(px, py)| apply(ctm, px, py)).collect());
            }
            "S" | "s" => {
                if op == "s" {
                    self.close_subpath();
                }
                self.stroke();
            }
            "f" | "F" | "f*" => self.fill(),
            "B" | "B*" | "b" | "b*" => {
                self.stroke();
                self.fill();
            }
            "n" => self.path.clear(),
            _ => {}
        }
    }

    fn close_subpath(&mut self) {
        if let Some(sp) = self.path.last_mut()
            && let Some(&first) = sp.first()
        {
            sp.push(first);
        }
    }

    /// `Do`: an image is counted; a form is run with its own matrix and resources.
    fn draw_xobject(&mut self, a: &[Object], resources: &[Dictionary], ctm: &M, depth: usize) {
        let Some(name) = a.first().and_then(|o| o.as_name().ok()) else {
            return;
        };
        let Some(obj) = self.lookup(resources, b"XObject", name) else {
            return;
        };
        let Ok(stream) = deref(self.doc, &obj).as_stream() else {
            return;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => self.page.images += 1,
            Ok(b"Form") if depth < MAX_DEPTH => {
                let m = match stream.dict.get(b"Matrix").and_then(Object::as_array) {
                    Ok(v) if v.len() == 6 => {
                        let f: Vec<f32> = v.iter().map(|o| num(Some(o))).collect();
                        [f[0], f[1], f[2], f[3], f[4], f[5]]
                    }
                    _ => ID,
                };
                let mut res: Vec<Dictionary> = Vec::new();
                if let Ok(r) = stream.dict.get(b"Resources")
                    && let Ok(d) = deref(self.doc, r).as_dict()
                {
                    res.push(d.clone());
                }
                res.extend(resources.iter().cloned());
                let (body, broken) = super::stream::decode(stream, MAX_CONTENT);
                if let Some(why) = broken {
                    self.page.damage.push(format!("a form it draws: {why}"));
                }
                let saved = std::mem::take(&mut self.path);
                self.run(&body, &res, mul(&m, ctm), depth + 1);
                self.path = saved;
            }
            _ => {}
        }
    }

    fn show(&mut self, bytes: &[u8], gs: &State, tm: &mut M) {
        let Some(font) = gs.font.clone() else {
            return;
        };
        for code in font.codes(bytes) {
            let trm = mul(
                &mul(&[gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise], tm),
                &gs.ctm,
            );
            let advance = if font.vertical {
                0.0
            } else {
                (code.width * gs.size
                    + gs.char_space
                    + if code.space { gs.word_space } else { 0.0 })
                    * gs.scale
            };
            let start = apply(&self.base, trm[4], trm[5]);
            let end_m = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
            let end_trm = mul(
                &mul(
                    &[gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise],
                    &end_m,
                ),
                &gs.ctm,
            );
            let end = apply(&self.base, end_trm[4], end_trm[5]);
            if font.vertical {
                let dy = code.width * gs.size + gs.char_space;
                *tm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -dy], tm);
            } else {
                *tm = end_m;
            }
            if !code.known {
                self.page.unknown += 1;
            }
            let size = {
                let (a, b) = (trm[2], trm[3]);
                let s = (a * a + b * b).sqrt();
                if s.is_finite() && s > 0.1 { s } else { 1.0 }
            };
            let text: String = code.text.chars().filter(|c| !c.is_control()).collect();
            if text.is_empty() || self.page.glyphs.len() > 1_000_000 {
                continue;
            }
            let (x0, x1) = if end.0 >= start.0 {
                (start.0, end.0)
            } else {
                (end.0, start.0)
            };
            if !(x0.is_finite() && x1.is_finite() && start.1.is_finite()) {
                continue;
            }
            self.page.glyphs.push(Glyph {
                text,
                x0,
                x1: x1.max(x0 + 0.1),
                y: start.1,
                size,
            });
        }
    }

    fn stroke(&mut self) {
        let path = std::mem::take(&mut self.path);
        for sp in &path {
            for w in sp.windows(2) {
                let (p, q) = (
                    apply(&self.base, w[0].0, w[0].1),
                    apply(&self.base, w[1].0, w[1].1),
                );
                self.segment(p, q);
            }
        }
    }

    fn segment(&mut self, p: (f32, f32), q: (f32, f32)) {
        let (dx, dy) = ((q.0 - p.0).abs(), (q.1 - p.1).abs());
        if !(dx.is_finite() && dy.is_finite()) {
            return;
        }
        if dy < 1.0 && dx > 1.0 {
            self.page.horizontal.push(Rule {
                at: (p.1 + q.1) / 2.0,
                a: p.0.min(q.0),
                b: p.0.max(q.0),
            });
        } else if dx < 1.0 && dy > 1.0 {
            self.page.vertical.push(Rule {
                at: (p.0 + q.0) / 2.0,
                a: p.1.min(q.1),
                b: p.1.max(q.1),
            });
        }
    }

    fn fill(&mut self) {
        let path = std::mem::take(&mut self.path);
        for sp in &path {
            if sp.len() < 3 {
                continue;
            }
            let pts: Vec<(f32, f32)> = sp.iter().map(|p| apply(&self.base, p.0, p.1)).collect();
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for p in &pts {
                x0 = x0.min(p.0);
                x1 = x1.max(p.0);
                y0 = y0.min(p.1);
                y1 = y1.max(p.1);
            }
            let (w, h) = (x1 - x0, y1 - y0);
            // A thin filled rectangle is a ruling; a wide one is shading.
            if h <= 2.5 && w > 2.0 {
                self.page.horizontal.push(Rule {
                    at: (y0 + y1) / 2.0,
                    a: x0,
                    b: x1,
                });
            } else if w <= 2.5 && h > 2.0 {
                self.page.vertical.push(Rule {
                    at: (x0 + x1) / 2.0,
                    a: y0,
                    b: y1,
                });
            }
        }
    }
}
