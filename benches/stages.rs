//! Per-stage and end-to-end throughput on the fixtures (`cargo bench`).
//!
//! Stages: decode, layout + table grammar, rows (list, header, records, carry-down), quantities,
//! metadata and tasks, emit (canonical JSON); then `parse_bytes` end to end. Throughput is in
//! bytes of source text, so criterion prints MB/s for one core.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "support/large_doc.rs"]
mod large_doc;

/// mimalloc: many short-lived strings per file; measurably faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("fixtures/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn stages(c: &mut Criterion) {
    let files = fixtures();
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let texts: Vec<String> = files
        .iter()
        .map(|(_, b)| qingdan::decode::decode(b).unwrap().text)
        .collect();
    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));

    g.bench_function("decode", |b| {
        b.iter(|| {
            for (_, bytes) in &files {
                black_box(qingdan::decode::decode(black_box(bytes)).unwrap());
            }
        })
    });
    g.bench_function("grammar", |b| {
        b.iter(|| {
            for t in &texts {
                let layout = qingdan::layout::detect(t);
                black_box(qingdan::grammar::parse(black_box(t), layout));
            }
        })
    });
    let items: Vec<_> = texts
        .iter()
        .map(|t| {
            let layout = qingdan::layout::detect(t);
            (layout, qingdan::grammar::parse(t, layout))
        })
        .collect();
    g.bench_function("rows", |b| {
        b.iter(|| {
            for (t, (layout, items)) in texts.iter().zip(&items) {
                let mut d = qingdan::diag::Diagnostics::new();
                black_box(qingdan::rows::build(t, items, *layout, &mut d));
            }
        })
    });
    let lists: Vec<_> = texts
        .iter()
        .zip(&items)
        .map(|(t, (layout, items))| {
            qingdan::rows::build(t, items, *layout, &mut qingdan::diag::Diagnostics::new()).unwrap()
        })
        .collect();
    let cells: Vec<String> = lists
        .iter()
        .flat_map(|l| l.rows.iter())
        .flat_map(|r| [r.content.clone(), r.standard.clone(), r.funding.clone()])
        .flatten()
        .collect();
    g.bench_function("quantities", |b| {
        b.iter(|| {
            for c in &cells {
                black_box(qingdan::quantities::find(black_box(c)));
            }
        })
    });
    g.bench_function("metadata+tasks", |b| {
        b.iter(|| {
            for (t, l) in texts.iter().zip(&lists) {
                let mut d = qingdan::diag::Diagnostics::new();
                let lines = qingdan::document::lines(t, l.span);
                black_box(qingdan::document::read(&lines, &[], l.span, None, &mut d));
                black_box(qingdan::tasks::read(t, &lines, l.span, &mut d));
            }
        })
    });
    let docs: Vec<_> = files
        .iter()
        .map(|(n, b)| qingdan::parse_bytes(n, b).unwrap())
        .collect();
    g.bench_function("emit", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(qingdan::to_canonical(black_box(d)));
            }
        })
    });
    g.bench_function("end-to-end", |b| {
        b.iter(|| {
            for (n, bytes) in &files {
                black_box(qingdan::to_canonical(
                    &qingdan::parse_bytes(n, black_box(bytes)).unwrap(),
                ));
            }
        })
    });
    g.finish();
}

/// End to end on a generated corpus: 200 copies of every fixture (about 17.5 MB) in a temporary
/// folder, converted as a batch (read, parse, serialize) on one and on two threads.
fn corpus(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("qingdan-bench-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut bytes = 0u64;
    for i in 0..200 {
        for (name, data) in fixtures() {
            std::fs::write(dir.join(format!("{i:03}_{name}")), &data).unwrap();
            bytes += data.len() as u64;
        }
    }
    let inputs = qingdan::batch::collect(std::slice::from_ref(&dir)).unwrap();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    for threads in [1, 2] {
        g.bench_function(format!("{threads}-thread"), |b| {
            b.iter(|| {
                let report = qingdan::batch::run(
                    &inputs,
                    &qingdan::batch::Mode::Ndjson,
                    Some(threads),
                    &mut std::io::sink(),
                    |_| {},
                    |_| {},
                )
                .unwrap();
                assert_eq!(report.converted, inputs.len());
            })
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

/// One large document (issue 13): a 20 MB list parsed and serialized as one input, beside the
/// same rows cut into files of fixture size, so time per byte of the two can be compared.
fn scaling(c: &mut Criterion) {
    let big = large_document_bytes(20_000_000);
    let mut g = c.benchmark_group("scaling");
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("one-20MB-document", |b| {
        b.iter(|| {
            let doc = qingdan::parse_bytes("big.txt", black_box(&big)).unwrap();
            black_box(qingdan::to_canonical(&doc));
        })
    });
    // The same bytes as many small lists: header + 24 rows each.
    let text = std::str::from_utf8(&big).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.by_ref().take(3).collect();
    let body: Vec<&str> = lines.collect();
    let small: Vec<Vec<u8>> = body
        .chunks(24)
        .map(|c| format!("{}\n{}\n", head.join("\n"), c.join("\n")).into_bytes())
        .collect();
    g.bench_function("same-rows-in-small-files", |b| {
        b.iter(|| {
            for f in &small {
                let doc = qingdan::parse_bytes("small.txt", black_box(f)).unwrap();
                black_box(qingdan::to_canonical(&doc));
            }
        })
    });
    g.finish();

    // `qingdan quantities` over many lines: every non-blank line of the fixtures, as the CLI
    // reads them (normalize, find, build the output quantities).
    let lines: Vec<String> = fixtures()
        .iter()
        .flat_map(|(_, b)| {
            qingdan::decode::decode(b)
                .unwrap()
                .text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut g = c.benchmark_group("quantities-lines");
    g.throughput(Throughput::Bytes(
        lines.iter().map(|l| l.len() as u64 + 1).sum(),
    ));
    g.bench_function("fixture-lines", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(qingdan::quantities_of(black_box(l)));
            }
        })
    });
    g.finish();
}

fn large_document_bytes(n: usize) -> Vec<u8> {
    large_doc::large_document(n).into_bytes()
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(3));
    targets = stages, corpus, scaling
}
criterion_main!(benches);
