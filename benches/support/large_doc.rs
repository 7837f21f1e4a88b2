//! One large service list for the scaling benchmarks: the rows of every fixture, parsed and
//! written again as one tab-separated list with running row numbers, repeated until the
//! document reaches the size asked for.

/// A tab-separated 基本养老服务清单 of about `target_bytes` bytes (never less), one document.
pub fn large_document(target_bytes: usize) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut rows: Vec<[String; 6]> = Vec::new();
    for p in &paths {
        let doc = qingdan::parse_bytes("x.txt", &std::fs::read(p).unwrap()).unwrap();
        for s in doc.services {
            let clean = |o: Option<String>| o.unwrap_or_default().replace(['\t', '\n'], " ");
            rows.push([
                clean(s.target.text),
                clean(s.name),
                clean(s.content),
                clean(s.standard),
                s.types.join("、"),
                s.departments.join("、"),
            ]);
        }
    }
    let mut t = String::with_capacity(target_bytes + 4096);
    t.push_str("某某市某某区基本养老服务清单\n\n");
    t.push_str("服务对象\t序号\t服务项目\t服务内容\t服务标准\t服务类型\t牵头部门\n");
    let mut seq = 0usize;
    while t.len() < target_bytes {
        let r = &rows[seq % rows.len()];
        seq += 1;
        t.push_str(&format!(
            "{}\t{seq}\t{}\t{}\t{}\t{}\t{}\n",
            r[0], r[1], r[2], r[3], r[4], r[5]
        ));
    }
    t
}

/// [`large_document`] in the line-broken shape: every cell on its own tab-led line, a blank
/// line after each row (as `pdftotext` gives a table of 001/004's kind).
#[allow(dead_code)]
pub fn large_line_broken_document(target_bytes: usize) -> String {
    let tsv = large_document(target_bytes);
    let mut t = String::with_capacity(tsv.len() + tsv.len() / 8);
    for (i, line) in tsv.lines().enumerate() {
        if i == 0 || line.is_empty() {
            t.push_str(line);
            t.push('\n');
            continue;
        }
        for cell in line.split('\t') {
            t.push('\t');
            t.push_str(cell);
            t.push('\n');
        }
        t.push('\n');
    }
    t
}
