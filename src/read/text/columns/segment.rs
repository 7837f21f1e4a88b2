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
    let n = seg.len();
    let m = anchors.len();
    // occ[line][col]: the column has text on the line.
    let occ: Vec<Vec<bool>> = seg
        .iter()
        .map(|l| {
            let mut v = vec![false; ncols];
            for f in l.iter() {
                if f.col < ncols {
                    v[f.col] = true;
                }
            }
            v
        })
        .collect();
    // How far the cells of lines a..b are from being centred in them (or, for a piece of a row
    // that a page break cuts, from filling it from the top).
    let piece = |a: usize, b: usize, top: bool| -> f64 {
        let centre = (a + b - 1) as f64 / 2.0;
        let (mut centred, mut topped) = (0.0, 0.0);
        for c in 0..ncols {
            let mut lo = None;
            let mut hi = 0;
            let mut gap = 0;
            for (l, row) in occ.iter().enumerate().take(b).skip(a) {
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
        // A piece filled from the top starts with the row's number.
        if top && occ[a][seq_col] {
            centred.min(topped)
        } else {
            centred
        }
    };
    let cost = |a: usize, b: usize| -> f64 {
        let mut total = 0.0;
        let mut start = a;
        for l in (a + 1..b).filter(|l| pages[*l]) {
            {
                total += piece(start, l, true);
                start = l;
            }
        }
        total + piece(start, b, pages.get(b).copied().unwrap_or(false))
    };
    // Row k covers lines t[k]..t[k+1]; t[0] = 0, t[m] = n, anchors[k-1] < t[k] <= anchors[k].
    // best[k][j]: least cost of rows before k with row k starting at candidate j.
    let cands: Vec<Vec<usize>> = (0..=m)
        .map(|k| match k {
            0 => vec![0],
            k if k == m => vec![n],
            k => (anchors[k - 1] + 1..=anchors[k]).collect(),
        })
        .collect();
    let mut best: Vec<Vec<(f64, usize)>> = vec![vec![(0.0, 0)]];
    for k in 1..=m {
        let mut layer = Vec::with_capacity(cands[k].len());
        for &b in &cands[k] {
            let mut pick = (f64::INFINITY, 0usize);
            for (j, &a) in cands[k - 1].iter().enumerate() {
                if a >= b {
                    continue;
                }
                let c = best[k - 1][j].0 + cost(a, b);
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
    // Cells: the fragments of each column in each row, top to bottom.
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
    // Merged cells: text off the centre of its row, centred among rows whose cells in that
    // column are otherwise empty.
    let centre = |k1: usize, k2: usize| (bounds[k1] + bounds[k2 + 1] - 1) as f64 / 2.0;
    let mut span = vec![vec![1u32; ncols]; m];
    let mut covered = vec![vec![false; ncols]; m];
    for c in (0..ncols).filter(|c| *c != seq_col) {
        let mid = |ls: &[usize]| (ls[0] + ls[ls.len() - 1]) as f64 / 2.0;
        let off = |cells: &Vec<Vec<Vec<usize>>>, k: usize| {
            !cells[k][c].is_empty() && (mid(&cells[k][c]) - centre(k, k)).abs() > 1.0
        };
        // Text on the first line of its row, over rows empty in its column down to a page
        // break: a merged cell that the break cut, drawn from its top (carry-down fills the
        // rows below).
        let top_aligned = |cells: &Vec<Vec<Vec<usize>>>, k: usize| {
            if cells[k][c].first() != Some(&bounds[k]) {
                return false;
            }
            let mut end = k;
            while end + 1 < m && cells[end + 1][c].is_empty() {
                end += 1;
            }
            (bounds[k] + 1..bounds[end + 1]).any(|l| pages[l])
        };
        let mut k = 0;
        while k < m {
            if !off(&cells, k) || top_aligned(&cells, k) {
                k += 1;
                continue;
            }
            let free = |j: usize| cells[j][c].is_empty() || off(&cells, j);
            let mut pick: Option<(f64, usize, usize)> = None;
            let lo = k.saturating_sub(8);
            for k1 in (lo..=k).rev() {
                if !free(k1) || covered[k1][c] {
                    break;
                }
                for k2 in k..m.min(k + 12) {
                    if !free(k2) {
                        break;
                    }
                    if k1 == k2 {
                        continue;
                    }
                    let ls: Vec<usize> = (k1..=k2).flat_map(|j| cells[j][c].clone()).collect();
                    // One cell's lines: no gap between them.
                    if ls.windows(2).any(|w| w[1] > w[0] + 2) {
                        continue;
                    }
                    let err = (mid(&ls) - centre(k1, k2)).abs();
                    // Rows covered on both sides of the text: it is centred among them.
                    // Equally well centred: the widest (a cell merged over rows that are
                    // otherwise empty in its column covers them all).
                    let better = |p: &(f64, usize, usize)| {
                        err < p.0 - 0.25 || (err < p.0 + 0.25 && k2 - k1 > p.2 - p.1)
                    };
                    if err <= 1.0 && pick.as_ref().is_none_or(better) {
                        pick = Some((err, k1, k2));
                    }
                }
            }
            match pick {
                Some((_, k1, k2)) => {
                    let ls: Vec<usize> = (k1..=k2).flat_map(|j| cells[j][c].clone()).collect();
                    for j in k1..=k2 {
                        cells[j][c].clear();
                        covered[j][c] = j > k1;
                    }
                    cells[k1][c] = ls;
                    span[k1][c] = (k2 - k1 + 1) as u32;
                    k = k2 + 1;
                }
                None => k += 1,
            }
        }
    }
    // A required column (target, name, department) is never empty: text centred on its row
    // with empty rows above and below it is a cell merged over them.
    for c in (0..ncols).filter(|c| required[*c]) {
        let mid = |ls: &[usize]| (ls[0] + ls[ls.len() - 1]) as f64 / 2.0;
        let empty = |cells: &Vec<Vec<Vec<usize>>>, covered: &Vec<Vec<bool>>, j: usize| {
            cells[j][c].is_empty() && !covered[j][c]
        };
        for k in 1..m {
            if cells[k][c].is_empty() || span[k][c] > 1 || !empty(&cells, &covered, k - 1) {
                continue;
            }
            if cells[k][c].first() == Some(&bounds[k]) {
                continue;
            }
            let text = mid(&cells[k][c]);
            let mut pick: Option<(f64, usize, usize)> = None;
            let mut k1 = k;
            while k1 > 0 && k - k1 < 8 && empty(&cells, &covered, k1 - 1) {
                k1 -= 1;
                let mut k2 = k;
                loop {
                    let err = (text - centre(k1, k2)).abs();
                    let better = |p: &(f64, usize, usize)| {
                        err < p.0 - 0.25 || (err < p.0 + 0.25 && k2 - k1 > p.2 - p.1)
                    };
                    if err <= 1.0 && pick.as_ref().is_none_or(better) {
                        pick = Some((err, k1, k2));
                    }
                    if k2 + 1 >= m || k2 - k >= 8 || !empty(&cells, &covered, k2 + 1) {
                        break;
                    }
                    k2 += 1;
                }
            }
            if let Some((_, k1, k2)) = pick {
                let ls = std::mem::take(&mut cells[k][c]);
                for (j, row) in covered.iter_mut().enumerate().take(k2 + 1).skip(k1) {
                    row[c] = j > k1;
                }
                cells[k1][c] = ls;
                span[k1][c] = (k2 - k1 + 1) as u32;
            }
        }
    }
    // In a required column, a fragment that starts well right of the cell's other lines, on a
    // line where the next column is empty, is the next column's: a row laid out on a grid of its
    // own (its cells narrower or wider than the header's).
    let mut moved: Vec<(usize, usize)> = Vec::new(); // (line, column it leaves)
    for k in 0..m {
        for c in (0..ncols.saturating_sub(1)).filter(|c| required[*c] && *c != seq_col) {
            if covered[k][c] || span[k][c] > 1 {
                continue;
            }
            let starts: Vec<(usize, usize)> = cells[k][c]
                .iter()
                .flat_map(|&l| {
                    seg[l]
                        .iter()
                        .filter(|f| f.col == c)
                        .map(move |f| (l, f.start))
                })
                .collect();
            let Some(left) = starts.iter().map(|x| x.1).min() else {
                continue;
            };
            let right: Vec<usize> = starts
                .iter()
                .filter(|(l, st)| *st >= left + 4 && !seg[*l].iter().any(|f| f.col == c + 1))
                .map(|x| x.0)
                .collect();
            if right.is_empty()
                || right.len() == starts.len()
                || cells[k][c + 1].iter().any(|l| right.contains(l))
            {
                continue;
            }
            if !cells[k][c + 1].is_empty() || covered[k][c + 1] {
                continue;
            }
            for &l in &right {
                moved.push((l, c));
                cells[k][c].retain(|x| *x != l);
                cells[k][c + 1].push(l);
            }
            cells[k][c + 1].sort_unstable();
        }
    }
    let col_of = |l: usize, f: &Frag| {
        if moved.contains(&(l, f.col)) {
            f.col + 1
        } else {
            f.col
        }
    };
    let mut out = Vec::with_capacity(m);
    for k in 0..m {
        let mut row = Vec::new();
        for c in 0..ncols {
            if covered[k][c] {
                continue;
            }
            let mut text = String::new();
            for &l in &cells[k][c] {
                for f in seg[l].iter().filter(|f| col_of(l, f) == c) {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(f.text.trim());
                }
            }
            row.push(SourceCell {
                text,
                row_span: span[k][c],
                col_span: 1,
            });
        }
        out.push((row, bounds[k]));
    }
    out
}
