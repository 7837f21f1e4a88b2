use crate::util;
use std::path::Path;
use std::process::{Command, Output};

fn qingdan(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("qingdan-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn parse_prints_the_committed_json() {
    for f in util::fixtures() {
        let o = qingdan(&["parse", f.to_str().unwrap()], &util::root());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let stem = f.file_stem().unwrap().to_string_lossy();
        let committed =
            std::fs::read_to_string(util::root().join(format!("out/{stem}.json"))).unwrap();
        assert_eq!(String::from_utf8(o.stdout).unwrap(), committed, "{stem}");
    }
}

#[test]
fn unusable_files_fail_with_one_line() {
    let d = temp("bad");
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("binary.bin"),
        [0x7f, b'E', b'L', b'F', 0, 0, 0, 1, 2, 3],
    )
    .unwrap();
    std::fs::write(
        d.join("prose.txt"),
        "关于做好养老服务工作的通知\n各单位：请认真贯彻执行。\n",
    )
    .unwrap();
    for (name, reason) in [
        ("empty.txt", "empty"),
        ("binary.bin", "not text"),
        ("prose.txt", "no service list"),
    ] {
        let o = qingdan(&["parse", name], &d);
        assert_eq!(o.status.code(), Some(1), "{name}");
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 1, "{name}: {e}");
        assert!(e.contains(name) && e.contains(reason), "{name}: {e}");
        assert!(o.stdout.is_empty());
    }
    let o = qingdan(&["parse", "missing.txt"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing.txt"));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(
        qingdan(&["frobnicate"], &util::root()).status.code(),
        Some(2)
    );
    assert_eq!(qingdan(&["parse"], &util::root()).status.code(), Some(2));
}

#[test]
fn batch_goes_on_past_bad_files() {
    let d = temp("batch");
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let good = &util::fixtures()[0];
    std::fs::copy(good, input.join("a_good.txt")).unwrap();
    std::fs::write(input.join("b_empty.txt"), b"").unwrap();
    std::fs::copy(&util::fixtures()[1], input.join("c_good.txt")).unwrap();
    let o = qingdan(&["convert", "in", "-o", "result"], &d);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed file makes the exit status 1"
    );
    assert!(
        stderr(&o).contains("b_empty.txt: the file is empty"),
        "{}",
        stderr(&o)
    );
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("result/index.json")).unwrap())
            .unwrap();
    assert_eq!(index["ok"], 2);
    assert_eq!(index["failed"], 1);
    let files = index["files"].as_array().unwrap();
    let sources: Vec<&str> = files
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["a_good.txt", "b_empty.txt", "c_good.txt"]);
    assert_eq!(files[1]["status"], "error");
    assert!(files[1]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(files[0]["services"], 24);
    assert!(d.join("result/a_good.json").is_file() && d.join("result/c_good.json").is_file());
    assert!(!d.join("result/b_empty.json").exists());
    assert!(d.join("result/schema.json").is_file());
}

#[test]
fn check_names_stale_missing_and_orphan_files() {
    let d = temp("check");
    std::fs::create_dir_all(d.join("in")).unwrap();
    std::fs::copy(&util::fixtures()[0], d.join("in/a.txt")).unwrap();
    std::fs::copy(&util::fixtures()[1], d.join("in/b.txt")).unwrap();
    assert_eq!(
        qingdan(&["convert", "in", "-o", "o"], &d).status.code(),
        Some(0)
    );
    assert_eq!(
        qingdan(&["convert", "in", "-o", "o", "--check"], &d)
            .status
            .code(),
        Some(0)
    );
    std::fs::write(d.join("o/a.json"), "{}\n").unwrap();
    std::fs::remove_file(d.join("o/b.json")).unwrap();
    std::fs::write(d.join("o/zzz.json"), "{}\n").unwrap();
    let o = qingdan(&["convert", "in", "-o", "o", "--check"], &d);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("a.json: stale"), "{e}");
    assert!(e.contains("b.json: missing"), "{e}");
    assert!(e.contains("zzz.json: orphan"), "{e}");
    assert_eq!(
        std::fs::read_to_string(d.join("o/a.json")).unwrap(),
        "{}\n",
        "--check writes nothing"
    );
}

#[test]
fn committed_out_is_current() {
    let o = qingdan(&["convert", "--check"], &util::root());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn quantities_of_text_and_of_stdin_lines() {
    let o = qingdan(
        &["quantities", "80周岁以上老年人每人每年发放不低于120元"],
        &util::root(),
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["text"], "80周岁以上老年人每人每年发放不低于120元");
    assert_eq!(v["quantities"][1]["kind"], "money");
    assert_eq!(v["quantities"][1]["value"], 120);
    assert_eq!(v["quantities"][1]["period"], "year");
    assert_eq!(v["quantities"][1]["bound"], "min");
    assert_eq!(v["quantities"][1]["age"]["min"], 80);
    assert_eq!(v["quantities"][1]["text"], "每人每年发放不低于120元");

    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .arg("quantities")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "按不低于当地低保标准的1.3倍\r\n鲁政发〔2011〕54 号\n每人每月 54.5 元\n".as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["quantities"][0]["kind"], "multiple");
    assert_eq!(lines[0]["quantities"][0]["factor"], 1.3);
    assert_eq!(lines[0]["quantities"][0]["base"], "当地低保标准");
    assert_eq!(lines[1]["quantities"], serde_json::json!([]));
    assert_eq!(lines[2]["quantities"][0]["value"], 54.5);
}

#[test]
fn ndjson_prints_one_document_per_line_in_order() {
    let o = qingdan(&["convert", "fixtures", "--ndjson"], &util::root());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), util::fixtures().len());
    for (line, f) in lines.iter().zip(util::fixtures()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(v["source"]["file"], name.as_str());
        let committed: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(util::root().join("out").join(name.replace(".txt", ".json")))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(v, committed, "the NDJSON line is the committed document");
    }
    assert!(
        o.stderr.is_empty(),
        "nothing on stderr when it is not a terminal: {}",
        stderr(&o)
    );
}

#[test]
fn thread_count_does_not_change_the_bytes() {
    let d = temp("threads");
    std::fs::create_dir_all(d.join("in")).unwrap();
    for i in 0..12 {
        for f in util::fixtures() {
            std::fs::copy(
                &f,
                d.join(format!(
                    "in/{i:02}_{}",
                    f.file_name().unwrap().to_string_lossy()
                )),
            )
            .unwrap();
        }
    }
    std::fs::write(d.join("in/zz_empty.txt"), b"").unwrap();
    let one = qingdan(&["convert", "in", "-o", "one", "-j", "1"], &d);
    let two = qingdan(&["convert", "in", "-o", "two", "-j", "2"], &d);
    assert_eq!((one.status.code(), two.status.code()), (Some(1), Some(1)));
    let mut names: Vec<_> = std::fs::read_dir(d.join("one"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 12 * util::fixtures().len() + 2);
    for n in names {
        assert_eq!(
            std::fs::read(d.join("one").join(&n)).unwrap(),
            std::fs::read(d.join("two").join(&n)).unwrap(),
            "{n:?}"
        );
    }
    let nd1 = qingdan(&["convert", "in", "--ndjson", "-j", "1"], &d).stdout;
    let nd2 = qingdan(&["convert", "in", "--ndjson", "-j", "2"], &d).stdout;
    assert_eq!(nd1, nd2);
}

#[test]
fn debug_prints_a_stage_with_lines() {
    let f = util::fixtures()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("003_"))
        .unwrap();
    let o = qingdan(
        &["parse", "--debug", "rows", f.to_str().unwrap()],
        &util::root(),
    );
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("L69       #3 60周岁及以上老年人 | 就医便利服务"),
        "{out}"
    );
    assert!(out.contains("garbled-cell"), "{out}");
    let o = qingdan(
        &["parse", "--debug", "items", f.to_str().unwrap()],
        &util::root(),
    );
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("L64       text 薛城区基本养老服务清单")
    );
}

/// Issue 21: `parse --debug quantities` prints the quantities the document holds, because it
/// taps the one pipeline (it used to find them again from the row's cells, without scopes,
/// components or source lines).
#[test]
fn debug_quantities_are_the_documents() {
    for f in [
        util::root().join("tests/shapes/s01_suqian_sihong.docx"),
        util::fixtures()[2].clone(),
    ] {
        let doc = util::parse_json(&f);
        let want: Vec<serde_json::Value> = doc["services"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["quantities"].as_array().unwrap().clone())
            .collect();
        assert!(want.len() > 10, "{}", f.display());
        let o = qingdan(
            &["parse", "--debug", "quantities", f.to_str().unwrap()],
            &util::root(),
        );
        assert_eq!(o.status.code(), Some(0));
        let out = String::from_utf8(o.stdout).unwrap();
        let got: Vec<serde_json::Value> = out
            .lines()
            .filter(|l| l.starts_with("          {"))
            .map(|l| serde_json::from_str(l.trim()).unwrap())
            .collect();
        assert_eq!(got, want, "{}", f.display());
        let rows = out.lines().filter(|l| l.contains(" #")).count();
        assert_eq!(rows, doc["services"].as_array().unwrap().len());
    }
}

fn index_of(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap()
}

/// `(source, output, status)` of every index entry.
fn entries(index: &serde_json::Value) -> Vec<(String, Option<String>, String)> {
    index["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["source"].as_str().unwrap().to_owned(),
                f["output"].as_str().map(str::to_owned),
                f["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Whether permissions are enforced for this user (not when running as root).
#[cfg(unix)]
fn permissions_enforced(d: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = d.join("probe");
    std::fs::create_dir_all(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = std::fs::read_dir(&probe).is_err();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir(&probe).unwrap();
    enforced
}

/// Output names mirror the input tree; index/schema are never overwritten; two inputs with one
/// stem both keep their extension; `source.file` is the path relative to the input root.
/// See: issue 11 item 5.
#[test]
fn batch_names_mirror_the_input_tree() {
    let d = temp("names");
    let fx = util::fixtures();
    for (from, to) in [
        (0, "in/2023/list.txt"),
        (1, "in/2024/list.txt"),
        (2, "in/index.txt"),
        (3, "in/schema.txt"),
        (4, "in/list.txt"),
        (0, "in/list.docx"),
        (1, "in/plain.txt"),
    ] {
        std::fs::create_dir_all(d.join(to).parent().unwrap()).unwrap();
        std::fs::copy(&fx[from], d.join(to)).unwrap();
    }
    let o = qingdan(&["convert", "in", "-o", "o"], &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = index_of(&d.join("o"));
    assert_eq!(
        index["schema"], "qingdan-index/1",
        "index.json is the index"
    );
    let want = [
        ("2023/list.txt", "2023/list.json"),
        ("2024/list.txt", "2024/list.json"),
        ("index.txt", "index.txt.json"),
        ("list.docx", "list.docx.json"),
        ("list.txt", "list.txt.json"),
        ("plain.txt", "plain.json"),
        ("schema.txt", "schema.txt.json"),
    ];
    assert_eq!(
        entries(&index),
        want.map(|(s, o)| (s.to_owned(), Some(o.to_owned()), "ok".to_owned()))
    );
    for (source, output) in want {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("o").join(output)).unwrap())
                .unwrap();
        assert_eq!(doc["source"]["file"], source, "{output}");
    }
    let schema = std::fs::read_to_string(d.join("o/schema.json")).unwrap();
    assert!(schema.contains("\"$schema\""), "schema.json is the schema");
    // NDJSON: the same relative paths, no "already taken".
    let o = qingdan(&["convert", "in", "--ndjson"], &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files: Vec<String> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["source"]["file"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(files, want.map(|(s, _)| s));
    // Two folders given, each with list.txt: named by the folder as given.
    let o = qingdan(
        &["convert", "in/2023", "in/2024", "in/plain.txt", "-o", "o2"],
        &d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        entries(&index_of(&d.join("o2"))),
        [
            ("in/2023/list.txt", "in/2023/list.json"),
            ("in/2024/list.txt", "in/2024/list.json"),
            ("plain.txt", "plain.json"),
        ]
        .map(|(s, o)| (s.to_owned(), Some(o.to_owned()), "ok".to_owned()))
    );
}

/// A dangling symlink, a symlink loop, a read-only existing output and an unreadable folder are
/// each in the index with their error; the others convert; exit 1 at the end.
/// See: issue 11 item 6.
#[cfg(unix)]
#[test]
fn batch_records_inputs_it_cannot_use() {
    use std::os::unix::fs::PermissionsExt;
    let d = temp("unusable");
    let fx = util::fixtures();
    std::fs::create_dir_all(d.join("in/sub")).unwrap();
    std::fs::copy(&fx[0], d.join("in/a.txt")).unwrap();
    std::fs::copy(&fx[1], d.join("in/b.txt")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", d.join("in/dangling.txt")).unwrap();
    std::os::unix::fs::symlink("..", d.join("in/sub/loop")).unwrap();
    std::os::unix::fs::symlink("self", d.join("in/self")).unwrap();
    std::fs::create_dir_all(d.join("o")).unwrap();
    std::fs::write(d.join("o/b.json"), "kept\n").unwrap();
    std::fs::set_permissions(d.join("o/b.json"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let enforced = permissions_enforced(&d);
    if enforced {
        std::fs::create_dir_all(d.join("in/secret")).unwrap();
        std::fs::copy(&fx[2], d.join("in/secret/c.txt")).unwrap();
        std::fs::set_permissions(d.join("in/secret"), std::fs::Permissions::from_mode(0o000))
            .unwrap();
    } else {
        eprintln!(
            "skipped: the unreadable-folder case (running as root: permissions not enforced)"
        );
    }
    let o = qingdan(&["convert", "in", "-o", "o"], &d);
    if enforced {
        std::fs::set_permissions(d.join("in/secret"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    }
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    let index = index_of(&d.join("o"));
    let got = entries(&index);
    let mut want = vec![
        ("a.txt", Some("a.json"), "ok"),
        ("b.txt", None, "error"),
        ("dangling.txt", None, "error"),
    ];
    if enforced {
        want.push(("secret/", None, "error"));
    }
    want.extend([("self", None, "error"), ("sub/loop/", None, "error")]);
    assert_eq!(
        got,
        want.iter()
            .map(|(s, o, st)| ((*s).to_owned(), o.map(str::to_owned), (*st).to_owned()))
            .collect::<Vec<_>>()
    );
    let error = |source: &str| {
        index["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["source"] == source)
            .unwrap()["error"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(error("b.txt").contains("read-only"), "{}", error("b.txt"));
    assert!(error("dangling.txt").contains("dangling symlink"));
    assert!(error("sub/loop/").contains("symlink loop (leads back to in)"));
    assert!(error("self").contains("symlink"), "{}", error("self"));
    if enforced {
        assert!(error("secret/").contains("cannot read folder"));
    }
    for source in ["b.txt", "dangling.txt", "sub/loop/", "self"] {
        assert!(
            e.lines()
                .any(|l| l == format!("qingdan: {}", error(source))),
            "{source}: {e}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(d.join("o/b.json")).unwrap(),
        "kept\n",
        "a read-only output is left alone"
    );
    assert!(d.join("o/a.json").is_file());
}

/// A second run into a locked folder exits 1 naming the holder; a stale lock is taken over;
/// nothing temporary is left behind. See: issue 11 item 7.
#[test]
fn convert_locks_the_output_folder() {
    let d = temp("lock");
    std::fs::create_dir_all(d.join("in")).unwrap();
    std::fs::copy(&util::fixtures()[0], d.join("in/a.txt")).unwrap();
    std::fs::create_dir_all(d.join("o")).unwrap();
    // A live holder: this test process.
    let me = std::process::id();
    std::fs::write(d.join("o/.qingdan.lock"), format!("{me}\n")).unwrap();
    let o = qingdan(&["convert", "in", "-o", "o"], &d);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains(&format!("pid {me}")), "{e}");
    assert!(!d.join("o/index.json").exists(), "nothing written");
    // A dead holder (no such pid); told apart through /proc only.
    if !Path::new("/proc/self").exists() {
        eprintln!("skipped: the stale-lock case (no /proc to tell a dead pid)");
        return;
    }
    std::fs::write(d.join("o/.qingdan.lock"), "999999999\n").unwrap();
    // What a run killed midway leaves: a temporary file (never a half-written output).
    std::fs::create_dir_all(d.join("o/sub")).unwrap();
    std::fs::write(d.join("o/sub/.a.json.999999999.tmp"), "{\"sch").unwrap();
    let o = qingdan(&["convert", "in", "-o", "o"], &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "taking over the lock of pid 999999999, which is no longer running (removed 1 temporary files it left)"
        ),
        "{}",
        stderr(&o)
    );
    let mut left: Vec<String> = std::fs::read_dir(d.join("o"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["a.json", "index.json", "schema.json", "sub"]);
    assert_eq!(std::fs::read_dir(d.join("o/sub")).unwrap().count(), 0);
}

/// `convert` removes the outputs its previous index listed that no input produces now, so
/// `--check`'s advice works; an output folder inside the input folder is not read back.
/// See: issue 11 item 8.
#[test]
fn convert_removes_its_orphans_and_skips_its_output() {
    let d = temp("orphans");
    std::fs::create_dir_all(d.join("in/sub")).unwrap();
    std::fs::copy(&util::fixtures()[0], d.join("in/a.txt")).unwrap();
    std::fs::copy(&util::fixtures()[1], d.join("in/sub/b.txt")).unwrap();
    let o = qingdan(&["convert", "in", "-o", "in/out"], &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::remove_file(d.join("in/sub/b.txt")).unwrap();
    std::fs::write(d.join("in/out/mine.json"), "{}\n").unwrap();
    let o = qingdan(&["convert", "in", "-o", "in/out", "--check"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("sub/b.json: orphan (no input produces it; `qingdan convert` removes it)"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(&["convert", "in", "-o", "in/out"], &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("sub/b.json: removed"), "{}", stderr(&o));
    assert!(
        !d.join("in/out/sub").exists(),
        "the emptied folder goes too"
    );
    assert!(d.join("in/out/mine.json").is_file(), "not ours: kept");
    assert_eq!(
        entries(&index_of(&d.join("in/out"))),
        [(
            "a.txt".to_owned(),
            Some("a.json".to_owned()),
            "ok".to_owned()
        )],
        "the output folder inside the input is not read back"
    );
    std::fs::remove_file(d.join("in/out/mine.json")).unwrap();
    let o = qingdan(&["convert", "in", "-o", "in/out", "--check"], &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The output folder cannot be the input folder itself.
    let o = qingdan(&["convert", "in", "-o", "in"], &d);
    assert_eq!(o.status.code(), Some(2));
}

/// A closed pipe ends `convert --ndjson` quietly; `-` is standard input; `-o` with `--ndjson`
/// and a missing default input are usage errors. See: issue 11 item 9.
#[test]
fn convert_pipes_stdin_and_usage() {
    use std::io::{BufRead, Write};
    let d = temp("pipe");
    std::fs::create_dir_all(d.join("in")).unwrap();
    for i in 0..40 {
        for f in util::fixtures() {
            let name = format!("in/{i:02}_{}", f.file_name().unwrap().to_string_lossy());
            std::fs::copy(&f, d.join(name)).unwrap();
        }
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["convert", "in", "--ndjson", "-j", "1"])
        .current_dir(&d)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("{\"schema\":\"qingdan/1\""));
    // The reader is gone (as after `| head -1`).
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));

    let bytes = std::fs::read(&util::fixtures()[0]).unwrap();
    for args in [&["parse", "-"][..], &["convert", "-", "--ndjson"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .args(args)
            .current_dir(&d)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&bytes).unwrap();
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["source"]["file"], "<stdin>", "{args:?}");
        assert_eq!(v["services"].as_array().unwrap().len(), 24);
    }

    let o = qingdan(&["convert", "in", "--ndjson", "-o", "x"], &d);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!d.join("x").exists());
    let o = qingdan(&["convert"], &d);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.contains("no INPUT given and no fixtures/ folder here"),
        "{e}"
    );
}

/// `compare` and `eligible` name every input of a folder they cannot use and exit 1: a
/// cut-off document and one of another `schema` are no longer passed over silently.
/// See: issue 19 item 7.
#[test]
fn compare_and_eligible_name_every_unused_document() {
    let d = temp("unused-docs");
    std::fs::create_dir_all(d.join("docs")).unwrap();
    let out = util::root().join("out");
    std::fs::copy(
        out.join("l01_chengdu_wuhou.json"),
        d.join("docs/l01_chengdu_wuhou.json"),
    )
    .unwrap();
    let cut = std::fs::read(out.join("l02_hangzhou_xihu.json")).unwrap();
    std::fs::write(d.join("docs/cut.json"), &cut[..cut.len() / 2]).unwrap();
    let other = std::fs::read_to_string(out.join("l03_changsha_yuelu.json"))
        .unwrap()
        .replacen("\"qingdan/1\"", "\"qingdan/0\"", 1);
    std::fs::write(d.join("docs/other.json"), other).unwrap();
    for args in [
        vec!["compare", "docs"],
        vec!["eligible", "--age", "85", "--format", "jsonl", "docs"],
    ] {
        let o = qingdan(&args, &d);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 2, "{args:?}: {e}");
        assert!(e.contains("docs/cut.json: cut off"), "{args:?}: {e}");
        assert!(
            e.contains("docs/other.json: not a qingdan document (schema \"qingdan/0\""),
            "{args:?}: {e}"
        );
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(
            text.contains("510107"),
            "{args:?}: the usable document is still used"
        );
        assert!(
            !text.contains("330106") && !text.contains("430104"),
            "{args:?}"
        );
    }
}

/// The commands read `convert --ndjson` output (`compare -` stopped at the second line) and
/// the lists themselves, parsed on the way: `compare fixtures` is `compare out`.
/// See: issue 19 item 7.
#[test]
fn compare_eligible_and_diff_read_ndjson_and_lists() {
    let root = util::root();
    let by_json = qingdan(&["compare", "out"], &root);
    assert_eq!(by_json.status.code(), Some(0), "{}", stderr(&by_json));
    let by_list = qingdan(&["compare", "fixtures"], &root);
    assert_eq!(by_list.status.code(), Some(0), "{}", stderr(&by_list));
    assert_eq!(
        String::from_utf8_lossy(&by_list.stdout),
        String::from_utf8_lossy(&by_json.stdout)
    );
    let nd = qingdan(&["convert", "fixtures", "--ndjson"], &root);
    assert_eq!(nd.status.code(), Some(0));
    let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["compare", "-"])
        .current_dir(&root)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &nd.stdout).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&by_json.stdout)
    );
    // eligible over the lists answers as over their documents.
    let args = |input: &str| {
        qingdan(
            &["eligible", "--age", "85", "--format", "jsonl", input],
            &root,
        )
    };
    let (a, b) = (args("out"), args("fixtures"));
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.stdout.iter().filter(|&&c| c == b'\n').count(), 10);
    // diff of a list and its own document: equal.
    let o = qingdan(
        &[
            "diff",
            "fixtures/l01_chengdu_wuhou.txt",
            "out/l01_chengdu_wuhou.json",
        ],
        &root,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Two versions of one district's list get columns told apart by their files.
/// See: issue 19, messages.
#[test]
fn compare_labels_versions_of_one_district_by_file() {
    let d = temp("versions");
    std::fs::create_dir_all(d.join("in/2023")).unwrap();
    std::fs::create_dir_all(d.join("in/2024")).unwrap();
    let list = util::root().join("fixtures/l01_chengdu_wuhou.txt");
    std::fs::copy(&list, d.join("in/2023/wuhou.txt")).unwrap();
    std::fs::copy(&list, d.join("in/2024/wuhou.txt")).unwrap();
    let o = qingdan(&["compare", "in"], &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let head: Vec<&str> = text.lines().next().unwrap().split(',').skip(4).collect();
    assert_eq!(
        head,
        [
            "四川省 成都市 武侯区 (510107) 2023/wuhou.txt",
            "四川省 成都市 武侯区 (510107) 2024/wuhou.txt"
        ]
    );
}

/// `eligible --region` that matches no document fails with a line saying so; an age over 150
/// is refused as a usage error. See: issue 19, messages.
#[test]
fn eligible_refuses_an_empty_region_and_impossible_ages() {
    let root = util::root();
    let o = qingdan(
        &["eligible", "--age", "85", "--region", "999999", "out"],
        &root,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("no document is for region \"999999\""), "{e}");
    let o = qingdan(&["eligible", "--age", "200", "out"], &root);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("200 is not in 0..=150"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(
        &["eligible", "--age", "150", "--region", "51", "out"],
        &root,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// `--check` advises the command that brings the folder up to date, arguments included.
/// See: issue 19, messages.
#[test]
fn check_advises_the_full_command() {
    let d = temp("check-advice");
    std::fs::create_dir_all(d.join("in")).unwrap();
    std::fs::copy(&util::fixtures()[0], d.join("in/a.txt")).unwrap();
    let o = qingdan(&["convert", "in", "-o", "my out", "--check"], &d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("run `qingdan convert in -o 'my out'` and review the diff"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(&["convert", "in", "-o", "my out"], &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = qingdan(&["convert", "in", "-o", "my out", "--check"], &d);
    assert_eq!(o.status.code(), Some(0), "the advice works: {}", stderr(&o));
}

/// `-j` beyond what the machine can use is capped with a note, not an abort (`-j 20000` was
/// rc 134; `quantities -j 100000` started 9,000 threads). See: issue 19, messages.
#[test]
fn thread_counts_are_capped_with_a_note() {
    let d = temp("threads-capped");
    std::fs::create_dir_all(d.join("in")).unwrap();
    std::fs::copy(&util::fixtures()[0], d.join("in/a.txt")).unwrap();
    let one = qingdan(&["convert", "in", "--ndjson", "-j", "1"], &d);
    let many = qingdan(&["convert", "in", "--ndjson", "-j", "20000"], &d);
    assert_eq!(many.status.code(), Some(0), "{}", stderr(&many));
    assert_eq!(many.stdout, one.stdout);
    assert!(
        stderr(&many).contains("-j 20000 is more threads than"),
        "{}",
        stderr(&many)
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["quantities", "-j", "100000"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        "每人每月100元\n".as_bytes(),
    )
    .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("-j 100000 is more threads than"));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["quantities"][0]["monthly"], 100);
}

/// A file not done within `--timeout` is an error in the index and the batch goes on: here
/// standard input that never ends (its writer stays open).
/// See: issue 19, quadratic time.
#[test]
fn timeout_gives_up_a_file_and_the_batch_goes_on() {
    let d = temp("timeout");
    std::fs::create_dir_all(d.join("in")).unwrap();
    std::fs::copy(&util::fixtures()[0], d.join("in/a.txt")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["convert", "-", "in", "-o", "o", "--timeout", "1"])
        .current_dir(&d)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Held open (never written, never closed) until the run has ended.
    let stdin = child.stdin.take();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(1));
    let mut e = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut e).unwrap();
    assert!(e.contains("<stdin>: not done after 1 s"), "{e}");
    assert_eq!(
        entries(&index_of(&d.join("o"))),
        [
            ("<stdin>".to_owned(), None, "error".to_owned()),
            (
                "a.txt".to_owned(),
                Some("a.json".to_owned()),
                "ok".to_owned()
            )
        ]
    );
}
