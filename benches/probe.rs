//! A probe for profilers: parses every fixture N times (`cargo bench --bench probe -- N`).
//!
//! `cargo bench --bench probe -- large MB FILE` instead writes one list of about MB megabytes to
//! FILE (the scaling benchmark's document), for timing and measuring the CLI on it:
//! `/usr/bin/time -v target/release/qingdan parse FILE > /dev/null`; `large-line-broken MB
//! FILE` writes the same rows in the line-broken shape (every cell on its own tab-led line).

#[path = "support/large_doc.rs"]
mod large_doc;

/// mimalloc: many short-lived strings per file; measurably faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let shape = args.get(1).map(String::as_str);
    if matches!(shape, Some("large" | "large-line-broken")) {
        let mb: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(20);
        let file = args.get(3).map_or("large.txt", String::as_str);
        let text = if shape == Some("large") {
            large_doc::large_document(mb * 1_000_000)
        } else {
            large_doc::large_line_broken_document(mb * 1_000_000)
        };
        std::fs::write(file, &text).unwrap();
        eprintln!("{file}: {} bytes", text.len());
        return;
    }
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut files: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    files.sort();
    let start = std::time::Instant::now();
    for _ in 0..n {
        for f in &files {
            std::hint::black_box(qingdan::to_canonical(
                &qingdan::parse_bytes("x", f).unwrap(),
            ));
        }
    }
    let bytes: usize = files.iter().map(Vec::len).sum::<usize>() * n;
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{:.1} MB/s ({} bytes in {secs:.3} s)",
        bytes as f64 / secs / 1e6,
        bytes
    );
}
