//! Time of the quantity finder against the length of one cell (issue 19): a cell of 0.25, 0.5
//! and 1 MB of repeated clauses must take time in proportion to its length (it was quadratic:
//! 3.5 / 14 / 64 s through `convert`). `cargo bench --bench cell_scaling`; criterion prints the
//! time and MB/s of each size, which stay flat when the finder is linear.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `clause` repeated to about `bytes` bytes.
fn repeated(clause: &str, bytes: usize) -> String {
    clause.repeat(bytes / clause.len())
}

fn cell_scaling(c: &mut Criterion) {
    // Amounts in clauses with no sentence end; amounts with no punctuation at all; percentages
    // of a base standard with no punctuation (each one's clause reaches back to the start);
    // ages with amounts.
    let shapes = [
        ("money-clauses", "每人每月120元，"),
        ("money-unpunctuated", "每人每月不低于120元"),
        ("percent-unpunctuated", "不低于当地低保标准的30%"),
        ("age-money", "80周岁以上老年人每人每年发放不低于120元，"),
    ];
    for (name, clause) in shapes {
        let mut g = c.benchmark_group(format!("cell-scaling/{name}"));
        g.sample_size(10);
        for kb in [250, 500, 1000] {
            let cell = repeated(clause, kb * 1000);
            g.throughput(Throughput::Bytes(cell.len() as u64));
            g.bench_function(format!("{kb}KB"), |b| {
                b.iter(|| black_box(qingdan::quantities::find(black_box(&cell))))
            });
        }
        g.finish();
    }
    // `qingdan quantities` on one line of 20,000 such clauses (normalize, find, output values).
    let line = repeated("每人每月120元，", 20_000 * "每人每月120元，".len());
    let mut g = c.benchmark_group("cell-scaling/quantities-line");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(line.len() as u64));
    g.bench_function("20000-clauses", |b| {
        b.iter(|| black_box(qingdan::quantities_of(black_box(&line))))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(3));
    targets = cell_scaling
}
criterion_main!(benches);
