//! The header of space-aligned text: its lines (whole, split over lines, a row of
//! sub-columns under it) and the column bounds found from it and the body.

use super::*;

/// A header line: two whole header words at least, and nothing that is not a piece of one.
pub(super) fn header_line(line: &str, lex: &Lexicon) -> bool {
    let toks = tokens(line, Metric::Chars);
    toks.iter().filter(|t| lex.is_word(&t.text)).count() >= 2
        && toks.iter().all(|t| {
            lex.is_fragment(&t.text)
                || t.text
                    .split(' ')
                    .all(|w| !w.is_empty() && (lex.is_word(w) || lex.is_fragment(w)))
        })
}

/// A line that may belong to a header split over lines: only pieces of header words.
pub(super) fn header_piece_line(line: &str, lex: &Lexicon) -> bool {
    let toks = tokens(line, Metric::Chars);
    !toks.is_empty()
        && toks.iter().all(|t| {
            t.text
                .split(' ')
                .all(|w| !w.is_empty() && (lex.is_fragment(w) || lex.is_word(w)))
        })
}

/// A line under a header that holds only bracketed notes of its cells, wrapped onto their own
/// line ("（元/人·月）" under 补贴标准, "（按失能等级）"): no list number ("（一）", "(3)").
pub(super) fn note_line(line: &str) -> bool {
    let toks = tokens(line, Metric::Chars);
    !toks.is_empty()
        && toks.iter().all(|t| {
            let w: String = t.text.chars().filter(|c| !is_space(*c)).collect();
            let inner = w
                .strip_prefix(['（', '('])
                .and_then(|r| r.strip_suffix(['）', ')']));
            inner.is_some_and(|i| {
                header_core(&w).is_empty()
                    && i.chars().any(|c| {
                        !c.is_ascii_digit()
                            && crate::numeral::digit_value(c).is_none()
                            && !"十百".contains(c)
                    })
            })
        })
}

/// A row of sub-column labels under a header (城市 / 农村 under 服务标准, 轻度 / 中度 / 重度,
/// 中央 / 省级 / 县级): two runs at least, each a header word or a known sub-column label, one
/// of them a sub-column label. Space-aligned text does not show which parent each stands under.
pub(super) fn sub_label_line(line: &str, lex: &Lexicon) -> bool {
    let sub = |w: &str| crate::lexicon::sub_label_family(&header_core(w)).is_some();
    let toks = tokens(line, Metric::Chars);
    toks.len() >= 2
        && toks.iter().any(|t| sub(&t.text))
        && toks.iter().all(|t| {
            t.text
                .split(' ')
                .all(|w| !w.is_empty() && (lex.is_word(w) || sub(w)))
        })
}

/// A header line that holds sub-column labels among pieces of header words (`号  城市  农村
/// 牵头  配合`): a label of two characters at least (a single 县 or 市 may be a piece of a
/// wrapped header word), and every other run a header word or a piece of one.
pub(super) fn sub_labels_among_pieces(line: &str, lex: &Lexicon) -> bool {
    let label = |w: &str| {
        let core = header_core(w);
        core.chars().count() >= 2 && crate::lexicon::sub_label_family(&core).is_some()
    };
    let toks = tokens(line, Metric::Chars);
    toks.iter().any(|t| t.text.split(' ').any(label))
        && toks.iter().all(|t| {
            t.text
                .split(' ')
                .all(|w| !w.is_empty() && (label(w) || lex.is_word(w) || lex.is_fragment(w)))
        })
}

/// The header bands: (first line, last line) of each header, in order.
pub(super) fn header_bands(lines: &[Line], lex: &Lexicon) -> Vec<(usize, usize)> {
    let mut bands: Vec<(usize, usize)> = Vec::new();
    for i in 0..lines.len() {
        if bands.last().is_some_and(|b| i <= b.1) || !header_line(&lines[i].text, lex) {
            continue;
        }
        let mut a = i;
        while a > 0
            && i - (a - 1) <= 2
            && !lines[a].page
            && bands.last().is_none_or(|b| a - 1 > b.1)
            && header_piece_line(&lines[a - 1].text, lex)
        {
            a -= 1;
        }
        let mut b = i;
        while b + 1 < lines.len()
            && b + 1 - i <= 2
            && !lines[b + 1].page
            && (header_piece_line(&lines[b + 1].text, lex) || note_line(&lines[b + 1].text))
        {
            b += 1;
        }
        bands.push((a, b));
    }
    bands
}

/// The columns found: left bounds and header texts.
pub(super) struct Columns {
    pub(super) lefts: Vec<usize>,
    pub(super) headers: Vec<String>,
    pub(super) seq: usize,
    pub(super) metric: Metric,
    /// Share of body runs that start at a column's left bound.
    pub(super) aligned: f64,
}

impl Columns {
    /// The column a position falls in (a run may start one position early).
    pub(super) fn at(&self, pos: usize) -> usize {
        self.lefts.iter().rposition(|l| *l <= pos + 1).unwrap_or(0)
    }
}

/// Column bounds for `metric`, from the header bands and the body lines.
pub(super) fn find_columns(
    lines: &[Line],
    band: (usize, usize),
    body: &[usize],
    lex: &Lexicon,
    metric: Metric,
) -> Option<Columns> {
    let starts = Starts::of(lines, body, metric)?;
    let mut peaks = starts.peaks((body.len() / 25).max(2));
    // Header runs of the first band, assigned to the peaks by their centre.
    let (a, b) = band;
    // Bracketed notes on lines of their own ("（元/人·月）" under 补贴标准) place no column: they
    // join the header run they stand under.
    let (htoks, notes): (Vec<Vec<Tok>>, Vec<Tok>) = {
        let mut notes = Vec::new();
        let htoks = (a..=b)
            .map(|i| {
                let (n, h): (Vec<Tok>, Vec<Tok>) = tokens(&lines[i].text, metric)
                    .into_iter()
                    .partition(|t| note_line(&t.text));
                notes.extend(n);
                h
            })
            .collect();
        (htoks, notes)
    };
    let numbered_header = htoks
        .iter()
        .flatten()
        .any(|t| t.text.contains('序') || t.text.contains("编号"));
    // The table's left edge is a column's.
    if let Some(left) = starts.hist.iter().position(|n| *n > 0)
        && peaks.iter().all(|p| p.abs_diff(left) > 2)
    {
        peaks.insert(0, left);
    }
    settle_peaks(&mut peaks, &htoks, &starts, numbered_header)?;
    let mut headers = vec![String::new(); peaks.len()];
    for line in &htoks {
        for t in line {
            let c = col_of(&peaks, t.start + t.end);
            // Bracketed notes stay (a unit: 补贴标准（元/人·月）); spaces go.
            headers[c].extend(t.text.chars().filter(|c| !is_space(*c)));
        }
    }
    for n in &notes {
        let overlap = |t: &Tok| n.end.min(t.end).saturating_sub(n.start.max(t.start));
        let under = htoks.iter().flatten().max_by_key(|t| overlap(t));
        let c = under.filter(|t| overlap(t) > 0).map_or_else(
            || col_of(&peaks, n.start + n.end),
            |t| col_of(&peaks, t.start + t.end),
        );
        headers[c].extend(n.text.chars().filter(|c| !is_space(*c)));
    }
    if let Some(first) = peaks.first_mut() {
        *first = 0;
    }
    let words = headers.iter().filter(|h| lex.is_word(h)).count();
    let seq = seq_column(&mut headers, &peaks, &starts)?;
    if headers.len() < 4 || words < 3 || words * 10 < headers.len() * 7 {
        return None;
    }
    let near = |p: usize| peaks.iter().any(|l| l.abs_diff(p) <= 1);
    let mut hits = 0usize;
    for &i in body {
        hits += tokens(&lines[i].text, metric)
            .iter()
            .filter(|t| near(t.start))
            .count();
    }
    Some(Columns {
        lefts: peaks,
        headers,
        seq,
        metric,
        aligned: hits as f64 / starts.total as f64,
    })
}

/// Where the body's runs start: how many at each position, and how many of those are 序号.
struct Starts {
    hist: Vec<usize>,
    nums: Vec<usize>,
    total: usize,
}

impl Starts {
    /// `None` when the body has no runs.
    fn of(lines: &[Line], body: &[usize], metric: Metric) -> Option<Starts> {
        let mut s = Starts {
            hist: Vec::new(),
            nums: Vec::new(),
            total: 0,
        };
        for &i in body {
            for t in tokens(&lines[i].text, metric) {
                if t.start >= 400 {
                    continue;
                }
                if s.hist.len() <= t.start {
                    s.hist.resize(t.start + 1, 0);
                }
                s.hist[t.start] += 1;
                if s.nums.len() <= t.start {
                    s.nums.resize(t.start + 1, 0);
                }
                if seq_number(&t.text).is_some() {
                    s.nums[t.start] += 1;
                }
                s.total += 1;
            }
        }
        (s.total > 0).then_some(s)
    }

    /// The positions where at least `threshold` runs start, the most frequent first, none
    /// within two of a more frequent one; sorted.
    fn peaks(&self, threshold: usize) -> Vec<usize> {
        let hist = &self.hist;
        let mut order: Vec<usize> = (0..hist.len()).filter(|p| hist[*p] >= threshold).collect();
        order.sort_by_key(|p| (std::cmp::Reverse(hist[*p]), *p));
        let mut peaks: Vec<usize> = Vec::new();
        for p in order {
            if peaks.iter().all(|q| q.abs_diff(p) > 2) {
                peaks.push(p);
            }
        }
        peaks.sort_unstable();
        peaks
    }

    /// Runs starting around `p` are numbers (three or more, and eight in ten of them).
    fn num_col(&self, p: usize) -> bool {
        let around = |v: &[usize]| -> usize {
            (p.saturating_sub(1)..=p + 1)
                .map(|q| v.get(q).copied().unwrap_or(0))
                .sum()
        };
        let (n, all) = (around(&self.nums), around(&self.hist));
        n >= 3 && n * 10 >= all * 8
    }
}

/// The column of `peaks` a run whose start plus end is `centre2` falls in.
fn col_of(peaks: &[usize], centre2: usize) -> usize {
    peaks
        .iter()
        .rposition(|l| 2 * *l <= centre2 + 2)
        .unwrap_or(0)
}

/// The peaks made the header's columns, step by step: two header runs of one line in one
/// column are a column the body left too sparse to show (split between them); then peaks a
/// header run straddles go, and peaks no header run falls in (but a column of numbers with no
/// header of its own: the 序号 under a 服务项目 header that covers the number and the name).
/// `None` when no peak is left.
fn settle_peaks(
    peaks: &mut Vec<usize>,
    htoks: &[Vec<Tok>],
    starts: &Starts,
    numbered_header: bool,
) -> Option<()> {
    for _ in 0..64 {
        if peaks.is_empty() {
            return None;
        }
        if let Some(at) = sparse_split(peaks, htoks, &starts.hist) {
            let i = peaks.partition_point(|p| *p < at);
            peaks.insert(i, at);
            continue;
        }
        let mut used = vec![false; peaks.len()];
        let mut straddled: Option<usize> = None;
        for t in htoks.iter().flatten() {
            let c = col_of(peaks, t.start + t.end);
            used[c] = true;
            if let Some(next) = peaks.get(c + 1)
                && t.start + 1 < *next
                && t.end > next + 1
            {
                straddled = Some(c + 1);
            }
        }
        if let Some(s) = straddled {
            peaks.remove(s);
            continue;
        }
        let unused =
            (0..peaks.len()).find(|i| !(used[*i] || !numbered_header && starts.num_col(peaks[*i])));
        match unused {
            Some(0) if peaks.len() > 1 => {
                peaks.remove(0);
            }
            Some(i) if i > 0 => {
                peaks.remove(i);
            }
            _ => break,
        }
    }
    Some(())
}

/// Where to split a column holding two header runs of one line: between them, where body runs
/// start most, else half way.
fn sparse_split(peaks: &[usize], htoks: &[Vec<Tok>], hist: &[usize]) -> Option<usize> {
    for line in htoks {
        for w in line.windows(2) {
            if col_of(peaks, w[0].start + w[0].end) != col_of(peaks, w[1].start + w[1].end) {
                continue;
            }
            // A bound that leaves the first run on its left and the second on its right.
            let ok = |p: &usize| {
                2 * *p > w[0].start + w[0].end + 2 && *p >= w[0].end && *p <= w[1].start
            };
            let at = (w[0].end..=w[1].start)
                .filter(|p| ok(p) && hist.get(*p).is_some_and(|n| *n > 0))
                .max_by_key(|p| (hist[*p], std::cmp::Reverse(*p)))
                .or(Some((w[0].end + w[1].start).div_ceil(2)).filter(ok));
            if at.is_some() {
                return at;
            }
        }
    }
    None
}

/// The number column: the one headed 序号 or 编号, else the column of numbers with no header
/// under the name's header (the header goes on the number, the name's cell beside it stays
/// blank, as the list stage reads a merged 服务项目).
fn seq_column(headers: &mut [String], peaks: &[usize], starts: &Starts) -> Option<usize> {
    if let Some(s) = headers.iter().position(|h| h == "序号" || h == "编号") {
        return Some(s);
    }
    let s = (0..headers.len()).find(|i| headers[*i].is_empty() && starts.num_col(peaks[*i]))?;
    if s + 1 < headers.len() && headers[s + 1].contains("项目") {
        headers.swap(s, s + 1);
    }
    Some(s)
}
