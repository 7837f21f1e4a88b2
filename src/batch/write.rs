//! Writing an output folder: atomic writes, stale and orphaned outputs, `--check`, and the
//! lock a writing `convert` holds.

use super::*;

pub(super) fn failed_write(c: Converted, error: String) -> Converted {
    Converted {
        entry: IndexEntry {
            output: None,
            status: "error",
            review: None,
            services: 0,
            warnings: 0,
            error: Some(error.clone()),
            ..c.entry
        },
        body: None,
        error: Some(error),
    }
}

/// Writes `body` to `dir/name` through a temporary file in the same folder and a rename, so a
/// reader (or a run killed midway) never sees a half-written file. An existing output that is
/// read-only is left alone: somebody protected it.
///
/// # Errors
/// One line naming the file.
pub(super) fn write_atomic(dir: &Path, name: &str, body: &str) -> Result<(), String> {
    use std::io::Write;
    let path = dir.join(name);
    let parent = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("{}: cannot create folder: {e}", parent.display()))?;
    if let Ok(m) = std::fs::symlink_metadata(&path) {
        if m.is_dir() {
            return Err(format!(
                "{}: cannot write: a folder has that name",
                path.display()
            ));
        }
        if m.permissions().readonly() {
            return Err(format!(
                "{}: cannot write: the existing output is read-only (left unchanged)",
                path.display()
            ));
        }
    }
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = parent.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(body.as_bytes()))
        .and_then(|()| std::fs::rename(&tmp, &path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: cannot write: {e}", path.display())
    })
}

/// The outputs the folder's current `index.json` lists: the files a previous run owns. Only
/// plain relative `.json` paths count, so a damaged index can never name a file outside.
pub(super) fn previous_outputs(dir: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(INDEX)) else {
        return Vec::new();
    };
    let Ok(index) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    if !index["schema"]
        .as_str()
        .is_some_and(|s| s.starts_with("qingdan-index/"))
    {
        return Vec::new();
    }
    let mut names: Vec<String> = index["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["output"].as_str())
        .filter(|n| {
            let p = Path::new(n);
            n.ends_with(".json")
                && *n != INDEX
                && *n != SCHEMA_FILE
                && p.components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)))
        })
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Removes an orphaned output and the folders it leaves empty. `Ok(false)` if it was already
/// gone.
pub(super) fn remove_output(dir: &Path, name: &str) -> Result<bool, String> {
    let path = dir.join(name);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(format!(
                "{}: cannot remove orphaned output: {e}",
                path.display()
            ));
        }
    }
    let mut parent = path.parent();
    while let Some(p) = parent {
        if p == dir || std::fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
    Ok(true)
}

pub(super) fn check_file(dir: &Path, name: &str, body: &str, problems: &mut Vec<String>) {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(on_disk) if on_disk == body => {}
        Ok(_) => problems.push(format!(
            "{}: stale (differs from a fresh conversion)",
            path.display()
        )),
        Err(_) => problems.push(format!("{}: missing", path.display())),
    }
}

/// `.json` files in `dir` (and its sub-folders; hidden entries skipped) that no input
/// produces. Those the folder's index lists are removed by `qingdan convert`; others were not
/// written by qingdan and are left to the user.
pub(super) fn orphans(
    dir: &Path,
    produced: &std::collections::HashSet<String>,
    owned: &[String],
) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{prefix}{name}");
            match e.file_type() {
                Ok(t) if t.is_dir() => walk(&e.path(), &format!("{rel}/"), out),
                Ok(_) if name.ends_with(".json") => out.push(rel),
                _ => {}
            }
        }
    }
    let mut names = Vec::new();
    walk(dir, "", &mut names);
    names.sort();
    names
        .into_iter()
        .filter(|n| !produced.contains(n))
        .map(|n| {
            let path = dir.join(&n).display().to_string();
            if owned.contains(&n) {
                format!("{path}: orphan (no input produces it; `qingdan convert` removes it)")
            } else {
                format!(
                    "{path}: orphan (no input produces it, and no qingdan index lists it: remove it by hand)"
                )
            }
        })
        .collect()
}

/// The lock a writing `convert` holds on its output folder ([`LOCK`], holding the pid); the
/// file is removed when the value is dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own lock: after a takeover the file may be another run's.
        if std::fs::read_to_string(&self.path)
            .is_ok_and(|s| s.trim() == std::process::id().to_string())
        {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Takes the lock on output folder `dir` (creating the folder). A lock left by a process that
/// is no longer running is taken over; the second value then says so, for stderr.
///
/// # Errors
/// One line naming the pid that holds the lock, or why the lock file cannot be made.
pub fn lock(dir: &Path) -> Result<(Lock, Option<String>), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    let path = dir.join(LOCK);
    let mut note = None;
    for _ in 0..2 {
        match create_lock(&path) {
            Ok(()) => return Ok((Lock { path }, note)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("{}: cannot create the lock: {e}", path.display())),
        }
        let holder = std::fs::read_to_string(&path).unwrap_or_default();
        let pid = holder.trim().parse::<u32>().ok();
        match pid {
            Some(pid) if !is_running(pid) => {
                let _ = std::fs::remove_file(&path);
                let left = remove_temporaries(dir, pid);
                note = Some(format!(
                    "{}: taking over the lock of pid {pid}, which is no longer running{}",
                    path.display(),
                    if left > 0 {
                        format!(" (removed {left} temporary files it left)")
                    } else {
                        String::new()
                    }
                ));
            }
            Some(pid) => {
                return Err(format!(
                    "{}: another qingdan convert (pid {pid}) is writing into {}; wait for it to end",
                    path.display(),
                    dir.display()
                ));
            }
            None => {
                return Err(format!(
                    "{}: the output folder is locked (no pid in the lock file); remove it if no convert is running",
                    path.display()
                ));
            }
        }
    }
    Err(format!(
        "{}: another qingdan convert took the lock first",
        path.display()
    ))
}

/// Removes the temporary files (`.NAME.PID.tmp`) a killed run `pid` left in `dir` and its
/// sub-folders; returns how many.
pub(super) fn remove_temporaries(dir: &Path, pid: u32) -> usize {
    let suffix = format!(".{pid}.tmp");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        match e.file_type() {
            Ok(t) if t.is_dir() && !name.starts_with('.') => {
                n += remove_temporaries(&e.path(), pid)
            }
            Ok(t)
                if t.is_file()
                    && name.starts_with('.')
                    && name.ends_with(&suffix)
                    && std::fs::remove_file(e.path()).is_ok() =>
            {
                n += 1;
            }
            _ => {}
        }
    }
    n
}

/// Creates the lock file with our pid in it, atomically: written under a temporary name, then
/// hard-linked to the lock's name (which fails if it exists), so the lock is never seen empty.
pub(super) fn create_lock(path: &Path) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("lock.{}.tmp", std::process::id()));
    std::fs::write(&tmp, format!("{}\n", std::process::id()))?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            // File systems without hard links: create-new, then write.
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            f.write_all(format!("{}\n", std::process::id()).as_bytes())
        }
        other => other,
    }
}

/// Whether process `pid` is running: `/proc/<pid>` where there is a `/proc`; elsewhere a lock
/// is assumed held.
pub(super) fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if Path::new("/proc/self").exists() {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}
