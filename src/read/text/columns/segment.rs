//! The lines between two numbered rows shared out between them, cell by cell.

use super::*;

/// The rows of a run of body lines with numbered lines at `anchors` (indices into `seg`).
pub(super) fn segment_rows(
    seg: &[&[Frag]],
    pages: &[bool],
    anchors: &[usize],
    ncols: usize,
    seq_col: usize,
    required: &[bool],
) -> Vec<(Vec<SourceCell>, usize)> {
    let mut run = Run {
        seg,
        pages,
        occ: occupancy(seg, ncols),
        ncols,
        seq_col,
        top: false,
    };
    // Cells centred in their rows (the 序号 in the middle of a tall row), or cells written from
    // the top of their rows (every cell starts on the 序号's line): whichever splits the lines
    // at less cost, centred on a tie.
    let (centred, centred_cost) = run.bounds(anchors);
    run.top = true;
    let (topped, top_cost) = run.bounds(anchors);
    let top = top_cost + 0.5 < centred_cost;
    let bounds = if top { topped } else { centred };
    let mut split = Split::new(&run.occ, bounds, ncols);
    // Text off the centre of its row is a merged cell only where cells are centred; written
    // from the top, a merged cell's text stands in its first row (carry-down fills the rest).
    if !top {
        for c in (0..ncols).filter(|c| *c != seq_col) {
            split.merge_off_centre(c, pages);
        }
        for c in (0..ncols).filter(|c| required[*c]) {
            split.merge_required(c);
        }
    }
    let moved = split.move_right_runs(seg, required, seq_col);
    split.rows(seg, &moved)
}

/// `occ[line][col]`: the column has text on the line.
fn occupancy(seg: &[&[Frag]], ncols: usize) -> Vec<Vec<bool>> {
    seg.iter()
        .map(|l| {
            let mut v = vec![false; ncols];
            for f in l.iter() {
                if f.col < ncols {
                    v[f.col] = true;
                }
            }
            v
        })
        .collect()
}

/// A run of body lines and where its columns hold text.
struct Run<'a> {
    seg: &'a [&'a [Frag]],
    /// A page starts at the line.
    pages: &'a [bool],
    occ: Vec<Vec<bool>>,
    ncols: usize,
    seq_col: usize,
    /// Cells are written from the top of their rows, not centred in them.
    top: bool,
}

impl Run<'_> {
    /// How far the cells of lines a..b are from being centred in them (or, for a piece of a row
    /// that a page break cuts, from filling it from the top).
    fn piece(&self, a: usize, b: usize, top: bool) -> f64 {
        let centre = (a + b - 1) as f64 / 2.0;
        let (mut centred, mut topped) = (0.0, 0.0);
        for c in 0..self.ncols {
            let mut lo = None;
            let mut hi = 0;
            let mut gap = 0;
            for (l, row) in self.occ.iter().enumerate().take(b).skip(a) {
                if row[c] {
                    if lo.is_some() {
                        gap = gap.max(l - hi);
                    }
                    lo.get_or_insert(l);
                    hi = l;
                }
            }
            if let Some(lo) = lo {
                let err: f64 = ((lo + hi) as f64 / 2.0 - centre).abs();
                // The lines of one cell follow each other (every other line at most, where a
                // neighbour's lines interleave).
                let split = if gap > 2 { 6.0 } else { 0.0 };
                centred += err.min(2.0) + split;
                topped += ((lo - a) as f64).min(2.0) + split;
            }
        }
        if self.top {
            return topped;
        }
        // A piece filled from the top starts with the row's number.
        if top && self.occ[a][self.seq_col] {
            centred.min(topped)
        } else {
            centred
        }
    }

    /// The cost of lines a..b as one row: its pieces between page breaks.
    fn cost(&self, a: usize, b: usize) -> f64 {
        let mut total = 0.0;
        let mut start = a;
        for l in (a + 1..b).filter(|l| self.pages[*l]) {
            total += self.piece(start, l, true);
            start = l;
        }
        total + self.piece(start, b, self.pages.get(b).copied().unwrap_or(false))
    }

    /// The first line of each row, and the run's end: row k covers lines t[k]..t[k+1];
    /// t[0] = 0, t[m] = n, anchors[k-1] < t[k] <= anchors[k], at the least total cost; and
    /// that cost.
    fn bounds(&self, anchors: &[usize]) -> (Vec<usize>, f64) {
        let n = self.seg.len();
        let m = anchors.len();
        let cands: Vec<Vec<usize>> = (0..=m)
            .map(|k| match k {
                0 => vec![0],
                k if k == m => vec![n],
                k => (anchors[k - 1] + 1..=anchors[k]).collect(),
            })
            .collect();
        // best[k][j]: least cost of rows before k with row k starting at candidate j.
        let mut best: Vec<Vec<(f64, usize)>> = vec![vec![(0.0, 0)]];
        for k in 1..=m {
            let mut layer = Vec::with_capacity(cands[k].len());
            for &b in &cands[k] {
                // Written from the top, a row starts on its number's line: a line above it is
                // the row before's (its cells cut by a page break look "from the top" too).
                let above = if self.top && k < m {
                    (anchors[k] - b) as f64
                } else {
                    0.0
                };
                let mut pick = (f64::INFINITY, 0usize);
                for (j, &a) in cands[k - 1].iter().enumerate() {
                    if a >= b {
                        continue;
                    }
                    let c = best[k - 1][j].0 + self.cost(a, b) + above;
                    if c < pick.0 {
                        pick = (c, j);
                    }
                }
                layer.push(pick);
            }
            best.push(layer);
        }
        let mut bounds = vec![n; m + 1];
        let mut j = 0usize;
        for k in (1..=m).rev() {
            bounds[k] = cands[k][j];
            j = best[k][j].1;
        }
        bounds[0] = 0;
        (bounds, best[m][0].0)
    }
}

/// The middle line of a cell's lines.
fn mid(ls: &[usize]) -> f64 {
    (ls[0] + ls[ls.len() - 1]) as f64 / 2.0
}

/// A candidate cell merged over rows k1..=k2 (`.1`, `.2`) whose text is `.0` off their centre.
type Pick = (f64, usize, usize);

/// Better centred, or equally well centred and wider (a cell merged over rows that are
/// otherwise empty in its column covers them all).
fn better(err: f64, k1: usize, k2: usize, p: &Pick) -> bool {
    err < p.0 - 0.25 || (err < p.0 + 0.25 && k2 - k1 > p.2 - p.1)
}

/// The run split into rows: the lines of each column in each row, and the cells merged over
/// several rows.
struct Split {
    /// The first line of each row, and the run's end.
    bounds: Vec<usize>,
    /// `cells[row][col]`: the lines of the cell, top to bottom.
    cells: Vec<Vec<Vec<usize>>>,
    /// `span[row][col]`: rows a cell starting there covers.
    span: Vec<Vec<u32>>,
    /// `covered[row][col]`: inside a cell merged from a row above.
    covered: Vec<Vec<bool>>,
    m: usize,
}

impl Split {
    fn new(occ: &[Vec<bool>], bounds: Vec<usize>, ncols: usize) -> Split {
        let m = bounds.len() - 1;
        let mut cells: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); ncols]; m];
        for k in 0..m {
            for (l, row) in occ.iter().enumerate().take(bounds[k + 1]).skip(bounds[k]) {
                for (c, has) in row.iter().enumerate() {
                    if *has {
                        cells[k][c].push(l);
                    }
                }
            }
        }
        Split {
            bounds,
            cells,
            span: vec![vec![1u32; ncols]; m],
            covered: vec![vec![false; ncols]; m],
            m,
        }
    }

    /// The middle of rows k1..=k2.
    fn centre(&self, k1: usize, k2: usize) -> f64 {
        (self.bounds[k1] + self.bounds[k2 + 1] - 1) as f64 / 2.0
    }

    /// Text in column `c` off the centre of its row.
    fn off(&self, c: usize, k: usize) -> bool {
        !self.cells[k][c].is_empty() && (mid(&self.cells[k][c]) - self.centre(k, k)).abs() > 1.0
    }

    /// Text on the first line of its row, over rows empty in its column down to a page break:
    /// a merged cell that the break cut, drawn from its top (carry-down fills the rows below).
    fn top_aligned(&self, c: usize, k: usize, pages: &[bool]) -> bool {
        if self.cells[k][c].first() != Some(&self.bounds[k]) {
            return false;
        }
        let mut end = k;
        while end + 1 < self.m && self.cells[end + 1][c].is_empty() {
            end += 1;
        }
        (self.bounds[k] + 1..self.bounds[end + 1]).any(|l| pages[l])
    }

    /// Column `c`'s text of rows k1..=k2 made one cell at row k1.
    fn merge(&mut self, c: usize, k1: usize, k2: usize, ls: Vec<usize>) {
        for j in k1..=k2 {
            self.cells[j][c].clear();
            self.covered[j][c] = j > k1;
        }
        self.cells[k1][c] = ls;
        self.span[k1][c] = (k2 - k1 + 1) as u32;
    }

    /// Merged cells: text off the centre of its row, centred among rows whose cells in that
    /// column are otherwise empty.
    fn merge_off_centre(&mut self, c: usize, pages: &[bool]) {
        let m = self.m;
        let mut k = 0;
        while k < m {
            if !self.off(c, k) || self.top_aligned(c, k, pages) {
                k += 1;
                continue;
            }
            match self.off_centre_pick(c, k) {
                Some((_, k1, k2)) => {
                    let ls: Vec<usize> = (k1..=k2).flat_map(|j| self.cells[j][c].clone()).collect();
                    self.merge(c, k1, k2, ls);
                    k = k2 + 1;
                }
                None => k += 1,
            }
        }
    }

    /// The rows around row `k` among which its off-centre text in column `c` is centred.
    fn off_centre_pick(&self, c: usize, k: usize) -> Option<Pick> {
        let free = |j: usize| self.cells[j][c].is_empty() || self.off(c, j);
        let mut pick: Option<Pick> = None;
        let lo = k.saturating_sub(8);
        for k1 in (lo..=k).rev() {
            if !free(k1) || self.covered[k1][c] {
                break;
            }
            for k2 in k..self.m.min(k + 12) {
                if !free(k2) {
                    break;
                }
                if k1 == k2 {
                    continue;
                }
                let ls: Vec<usize> = (k1..=k2).flat_map(|j| self.cells[j][c].clone()).collect();
                // One cell's lines: no gap between them.
                if ls.windows(2).any(|w| w[1] > w[0] + 2) {
                    continue;
                }
                // Rows covered on both sides of the text: it is centred among them.
                let err = (mid(&ls) - self.centre(k1, k2)).abs();
                if err <= 1.0 && pick.as_ref().is_none_or(|p| better(err, k1, k2, p)) {
                    pick = Some((err, k1, k2));
                }
            }
        }
        pick
    }

    /// A required column (target, name, department) is never empty: text centred on its row
    /// with empty rows above and below it is a cell merged over them.
    fn merge_required(&mut self, c: usize) {
        for k in 1..self.m {
            if self.cells[k][c].is_empty()
                || self.span[k][c] > 1
                || !self.empty(c, k - 1)
                || self.cells[k][c].first() == Some(&self.bounds[k])
            {
                continue;
            }
            if let Some((_, k1, k2)) = self.required_pick(c, k) {
                let ls = std::mem::take(&mut self.cells[k][c]);
                self.merge(c, k1, k2, ls);
            }
        }
    }

    /// Column `c` of row `j` holds nothing, not even a merged cell.
    fn empty(&self, c: usize, j: usize) -> bool {
        self.cells[j][c].is_empty() && !self.covered[j][c]
    }

    /// The empty rows around row `k` among which its text in column `c` is centred.
    fn required_pick(&self, c: usize, k: usize) -> Option<Pick> {
        let text = mid(&self.cells[k][c]);
        let mut pick: Option<Pick> = None;
        let mut k1 = k;
        while k1 > 0 && k - k1 < 8 && self.empty(c, k1 - 1) {
            k1 -= 1;
            let mut k2 = k;
            loop {
                let err = (text - self.centre(k1, k2)).abs();
                if err <= 1.0 && pick.as_ref().is_none_or(|p| better(err, k1, k2, p)) {
                    pick = Some((err, k1, k2));
                }
                if k2 + 1 >= self.m || k2 - k >= 8 || !self.empty(c, k2 + 1) {
                    break;
                }
                k2 += 1;
            }
        }
        pick
    }

    /// In a required column, a fragment that starts well right of the cell's other lines, on a
    /// line where the next column is empty, is the next column's: a row laid out on a grid of
    /// its own (its cells narrower or wider than the header's). The (line, column it leaves)
    /// of every fragment moved.
    fn move_right_runs(
        &mut self,
        seg: &[&[Frag]],
        required: &[bool],
        seq_col: usize,
    ) -> Vec<(usize, usize)> {
        let ncols = required.len();
        let mut moved: Vec<(usize, usize)> = Vec::new();
        for k in 0..self.m {
            for c in (0..ncols.saturating_sub(1)).filter(|c| required[*c] && *c != seq_col) {
                if self.covered[k][c] || self.span[k][c] > 1 {
                    continue;
                }
                let right = self.right_lines(seg, k, c);
                if right.is_empty() || !self.cells[k][c + 1].is_empty() || self.covered[k][c + 1] {
                    continue;
                }
                for &l in &right {
                    moved.push((l, c));
                    self.cells[k][c].retain(|x| *x != l);
                    self.cells[k][c + 1].push(l);
                }
                self.cells[k][c + 1].sort_unstable();
            }
        }
        moved
    }

    /// The lines of row `k` whose fragment in column `c` starts well right of the cell's
    /// others, with nothing in column `c + 1` on the line; none when every line does or when
    /// the next column's cell already holds one of them.
    fn right_lines(&self, seg: &[&[Frag]], k: usize, c: usize) -> Vec<usize> {
        let starts: Vec<(usize, usize)> = self.cells[k][c]
            .iter()
            .flat_map(|&l| {
                seg[l]
                    .iter()
                    .filter(|f| f.col == c)
                    .map(move |f| (l, f.start))
            })
            .collect();
        let Some(left) = starts.iter().map(|x| x.1).min() else {
            return Vec::new();
        };
        let right: Vec<usize> = starts
            .iter()
            .filter(|(l, st)| *st >= left + 4 && !seg[*l].iter().any(|f| f.col == c + 1))
            .map(|x| x.0)
            .collect();
        if right.len() == starts.len() || self.cells[k][c + 1].iter().any(|l| right.contains(l)) {
            return Vec::new();
        }
        right
    }

    /// The rows' cells (a merged cell once, at its first row) and each row's first line.
    fn rows(&self, seg: &[&[Frag]], moved: &[(usize, usize)]) -> Vec<(Vec<SourceCell>, usize)> {
        let col_of = |l: usize, f: &Frag| {
            if moved.contains(&(l, f.col)) {
                f.col + 1
            } else {
                f.col
            }
        };
        let ncols = self.span.first().map_or(0, Vec::len);
        let mut out = Vec::with_capacity(self.m);
        for k in 0..self.m {
            let mut row = Vec::new();
            for c in 0..ncols {
                if self.covered[k][c] {
                    continue;
                }
                let mut text = String::new();
                for &l in &self.cells[k][c] {
                    for f in seg[l].iter().filter(|f| col_of(l, f) == c) {
                        if !text.is_empty() {
                            text.push('\n');
                        }
                        text.push_str(f.text.trim());
                    }
                }
                row.push(SourceCell {
                    text,
                    row_span: self.span[k][c],
                    col_span: 1,
                });
            }
            out.push((row, self.bounds[k]));
        }
        out
    }
}
