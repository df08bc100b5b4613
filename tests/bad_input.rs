//! The bad-input matrix (issue 7): every way a file given to the `mtfix` binary can be wrong, each with its exact
//! message (naming the path, and the byte offset where there is one), its exit code, and the file left
//! byte-identical (and not rewritten: same inode, same modification time) whenever mtfix refuses it.
//!
//! Most tests use a one-rule glossary (`--no-builtin -g g.toml`), which builds in milliseconds; those about size,
//! timing and signals use the built-in glossaries on the reference article. Some rows depend on who runs the
//! tests: root reads and writes files whatever their permission bits, so when the tests run as root, the
//! permission rows also run mtfix as the unprivileged user `nobody` (uid 65534) to show what a normal user gets.

#![cfg(unix)]

#[macro_use]
mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{Output, run_mtfix, write};
use tempfile::TempDir;

/// One safe term: "Xiong an new area" → "Xiong'an New Area".
const GLOSSARY: &str = xiongan_glossary!();

const GARBLED: &str = "Work in the Xiong an new area began.\n";
const FIXED: &str = "Work in the Xiong'an New Area began.\n";

/// The reference article (real machine-translation output with garbles the built-ins fix).
const ARTICLE: &str = "fixtures/news/beijing-hebei-2018.txt";

/// A temporary folder holding `g.toml`, open to every user (for the runs as `nobody`).
fn workspace() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "g.toml", GLOSSARY);
    set_mode(dir.path(), 0o755);
    dir
}

/// `mtfix --no-builtin -g g.toml ARGS` in `dir`.
fn run_t(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--no-builtin", "-g", "g.toml"];
    all.extend_from_slice(args);
    run_mtfix(dir, &all, b"")
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("stat").permissions().mode() & 0o7777
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// A file's bytes, inode and modification time: equal snapshots mean it was neither changed nor rewritten.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    bytes: Vec<u8>,
    inode: u64,
    modified: SystemTime,
}

fn snapshot(path: &Path) -> Snapshot {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).expect("stat");
    Snapshot {
        bytes: fs::read(path).expect("read"),
        inode: meta.ino(),
        modified: meta.modified().expect("mtime"),
    }
}

/// mtfix's temporary files left anywhere under `dir`.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with(mtfix::safe_write::TEMP_PREFIX)
            }) {
                found.push(path);
            }
        }
    }
    found
}

/// Whether mtfix can be run as the unprivileged user `nobody`: only root can switch users, and `nobody` must be
/// able to reach the binary (not so in a checkout under a private home folder).
fn nobody_can_run_mtfix() -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    if !is_root() {
        return Err("not running as root, so mtfix cannot be run as another user".to_owned());
    }
    match Command::new(env!("CARGO_BIN_EXE_mtfix"))
        .arg("--version")
        .uid(65534)
        .gid(65534)
        .output()
    {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!("mtfix --version as nobody failed: {}", out.status)),
        Err(err) => Err(format!("cannot run mtfix as nobody: {err}")),
    }
}

/// `mtfix --no-builtin -g g.toml ARGS` in `dir`, as the unprivileged user `nobody` (see [`nobody_can_run_mtfix`]).
fn run_t_as_nobody(dir: &Path, args: &[&str]) -> Output {
    use std::os::unix::process::CommandExt;
    let out = Command::new(env!("CARGO_BIN_EXE_mtfix"))
        .args(["--no-builtin", "-g", "g.toml"])
        .args(args)
        .current_dir(dir)
        .uid(65534)
        .gid(65534)
        .stdin(Stdio::null())
        .output()
        .expect("mtfix runs as nobody");
    Output {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// What is in the file

#[test]
fn invalid_utf8_is_refused_naming_the_byte_offset() {
    let dir = workspace();
    let path = dir.path().join("latin1.txt");
    fs::write(&path, b"Xiong an new area in caf\xe9 text\n").expect("write");
    let before = snapshot(&path);
    for command in ["check", "fix"] {
        let out = run_t(dir.path(), &[command, "latin1.txt"]);
        assert_eq!(out.code, 2, "{command}");
        assert_eq!(
            out.stderr,
            "mtfix: latin1.txt: not valid UTF-8: invalid byte at offset 24; file left untouched\n"
        );
    }
    assert_eq!(snapshot(&path), before);
}

#[test]
fn utf16_with_a_byte_order_mark_is_named_with_a_hint_not_called_binary() {
    let dir = workspace();
    let text = GARBLED.encode_utf16();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.clone().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.flat_map(u16::to_be_bytes))
        .collect();
    write(dir.path(), "le.txt", &le);
    write(dir.path(), "be.txt", &be);
    let (le_before, be_before) = (
        snapshot(&dir.path().join("le.txt")),
        snapshot(&dir.path().join("be.txt")),
    );

    let out = run_t(dir.path(), &["fix", "le.txt", "be.txt"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "mtfix: be.txt: UTF-16 (big-endian) text (byte-order mark FE FF): mtfix reads UTF-8 only; convert it first, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8`; file left untouched\n\
         mtfix: le.txt: UTF-16 (little-endian) text (byte-order mark FF FE): mtfix reads UTF-8 only; convert it first, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8`; file left untouched\n"
    );
    assert_eq!(snapshot(&dir.path().join("le.txt")), le_before);
    assert_eq!(snapshot(&dir.path().join("be.txt")), be_before);

    // Found by walking a folder, the same file is skipped with a warning naming the encoding.
    fs::create_dir(dir.path().join("d")).expect("mkdir");
    fs::rename(dir.path().join("le.txt"), dir.path().join("d/le.txt")).expect("mv");
    let out = run_t(dir.path(), &["check", "d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "mtfix: warning: d/le.txt: UTF-16 (little-endian) text (byte-order mark FF FE), not UTF-8; convert it with `iconv -f UTF-16 -t UTF-8`: skipped\n"
    );
}

#[test]
fn a_utf8_byte_order_mark_is_fine_and_kept() {
    let dir = workspace();
    write(dir.path(), "bom.txt", format!("\u{feff}{GARBLED}"));
    let out = run_t(dir.path(), &["fix", "bom.txt"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (0, "fixed 1 issue in bom.txt\n")
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("bom.txt")).expect("read"),
        format!("\u{feff}{FIXED}")
    );
}

#[test]
fn a_binary_file_is_refused_naming_its_first_nul_byte() {
    let dir = workspace();
    // The start of a PNG file.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    write(dir.path(), "image.txt", png);
    let before = snapshot(&dir.path().join("image.txt"));
    let out = run_t(dir.path(), &["fix", "image.txt"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "mtfix: image.txt: binary file (NUL byte at offset 8); file left untouched\n"
    );
    assert_eq!(snapshot(&dir.path().join("image.txt")), before);
}

/// Decision: a NUL byte inside otherwise valid text is an error naming its offset, as for a binary file. No text
/// format mtfix reads allows one, and passing it through would hide a corrupted file.
#[test]
fn a_nul_byte_inside_text_is_refused_naming_its_offset() {
    let dir = workspace();
    write(dir.path(), "nul.txt", format!("{GARBLED}tail\0more text\n"));
    let before = snapshot(&dir.path().join("nul.txt"));
    let out = run_t(dir.path(), &["fix", "nul.txt"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "mtfix: nul.txt: binary file (NUL byte at offset {}); file left untouched\n",
            GARBLED.len() + 4
        )
    );
    assert_eq!(snapshot(&dir.path().join("nul.txt")), before);
}

#[test]
fn an_empty_file_has_no_findings_and_is_not_rewritten() {
    let dir = workspace();
    write(dir.path(), "empty.txt", "");
    let before = snapshot(&dir.path().join("empty.txt"));
    let check = run_t(dir.path(), &["check", "empty.txt"]);
    assert_eq!((check.code, check.stderr.as_str()), (0, ""));
    assert_eq!(check.stdout, "no issues in 1 file\n");
    let fix = run_t(dir.path(), &["fix", "empty.txt"]);
    assert_eq!(
        (fix.code, fix.stdout.as_str(), fix.stderr.as_str()),
        (0, "", "")
    );
    assert_eq!(snapshot(&dir.path().join("empty.txt")), before);
}

#[test]
fn a_whitespace_only_file_has_no_findings_and_is_not_rewritten() {
    let dir = workspace();
    write(dir.path(), "blank.txt", " \t\r\n\n  \u{3000}\n");
    let before = snapshot(&dir.path().join("blank.txt"));
    // The built-in glossaries too: none of their punctuation rules may touch a blank file.
    for args in [&["check", "blank.txt"][..], &["fix", "blank.txt"]] {
        let out = run_mtfix(dir.path(), args, b"");
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{args:?}");
    }
    assert_eq!(snapshot(&dir.path().join("blank.txt")), before);
}

/// A 200 MB document on a single line is fixed in place, correctly and in time linear in its size: it takes at
/// most 3 times what ten 20 MB documents would (quadratic time would take ten times more), and never more than
/// 10 minutes. With the dependencies optimised in test builds (Cargo.toml), this takes about 40 s on 2 cores.
#[test]
fn a_200_mb_single_line_is_fixed_in_linear_time() {
    const MB: usize = 1 << 20;
    let dir = tempfile::tempdir().expect("temp dir");
    // One ~1 MB chunk of ordinary prose (which the scanner must read through) ending in two garbles, repeated
    // without a line break.
    let filler = "The committee said that the economy of the region grew steadily this year, and more work will follow in Hebei. ";
    let chunk = format!(
        "{}Work in Xiong an new area (2018-2020 years) sped up. ",
        filler.repeat(MB / filler.len())
    );
    write(dir.path(), "chunk.txt", &chunk);
    let fixed = run_mtfix(dir.path(), &["fix", "--stdout", "chunk.txt"], b"");
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert_ne!(fixed.stdout, chunk, "the chunk has garbles to fix");

    let time_fix = |name: &str, chunks: usize| {
        let path = dir.path().join(name);
        let mut file = fs::File::create(&path).expect("create");
        for _ in 0..chunks {
            std::io::Write::write_all(&mut file, chunk.as_bytes()).expect("write");
        }
        drop(file);
        let start = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_mtfix"))
            .args(["fix", "-q", name])
            .current_dir(dir.path())
            .spawn()
            .expect("mtfix runs");
        let status = wait_at_most(&mut child, Duration::from_secs(600));
        let elapsed = start.elapsed();
        assert_eq!(status.code(), Some(0), "{name}");
        // The file is the fixed chunk, `chunks` times over (compared a chunk at a time, in bounded memory).
        let mut written = BufReader::new(fs::File::open(&path).expect("open"));
        let mut buf = vec![0; fixed.stdout.len()];
        for i in 0..chunks {
            written.read_exact(&mut buf).expect("as long as expected");
            assert!(buf == fixed.stdout.as_bytes(), "{name}: chunk {i} differs");
        }
        assert_eq!(
            written.read(&mut buf).expect("read"),
            0,
            "{name}: longer than expected"
        );
        fs::remove_file(&path).expect("rm");
        elapsed
    };
    let small = time_fix("20mb.txt", 20);
    let large = time_fix("200mb.txt", 200);
    eprintln!("20 MB line: {small:.1?}; 200 MB line: {large:.1?}");
    assert!(
        large < small * 30,
        "200 MB took {large:?}, more than 30 times the {small:?} of 20 MB: not linear"
    );
}

/// Waits for `child`, killing it (and failing) after `limit`.
fn wait_at_most(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("mtfix did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Where the file is, and who may read or write it

#[test]
fn a_missing_path_is_an_error_and_the_other_files_go_on() {
    let dir = workspace();
    write(dir.path(), "good.txt", GARBLED);
    let out = run_t(dir.path(), &["fix", "missing.txt", "good.txt"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "fixed 1 issue in good.txt\nmtfix: missing.txt: No such file or directory (os error 2)\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("good.txt")).expect("read"),
        FIXED
    );
    assert!(!dir.path().join("missing.txt").exists());
}

#[test]
fn a_folder_given_to_fix_stdout_is_refused() {
    let dir = workspace();
    write(dir.path(), "d/a.txt", GARBLED);
    write(dir.path(), "b.txt", GARBLED);
    let before = snapshot(&dir.path().join("d/a.txt"));
    let message = "mtfix: d: is a folder: `fix --stdout` prints fixed text without file names, so it takes files; fix a folder in place with `mtfix fix DIR`, or preview it with `mtfix fix --diff DIR`\n";

    let out = run_t(dir.path(), &["fix", "--stdout", "d"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert_eq!(out.stderr, message);
    // With a file too, the file is still printed.
    let out = run_t(dir.path(), &["fix", "--stdout", "-q", "d", "b.txt"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, FIXED));
    assert_eq!(out.stderr, message);
    assert_eq!(snapshot(&dir.path().join("d/a.txt")), before);
}

/// Root reads a file whatever its mode; any other user gets "Permission denied". As root, the test checks both:
/// that root reads it, and (running mtfix as `nobody`, where that user can reach the binary) the error a normal
/// user gets.
#[test]
fn a_file_without_read_permission() {
    let dir = workspace();
    write(dir.path(), "secret.txt", GARBLED);
    let path = dir.path().join("secret.txt");
    set_mode(&path, 0o000);
    let before = snapshot(&path);
    let denied = "mtfix: secret.txt: Permission denied (os error 13)\n";
    if is_root() {
        let root = run_t(dir.path(), &["fix", "--stdout", "-q", "secret.txt"]);
        assert_eq!(
            (root.code, root.stdout.as_str()),
            (0, FIXED),
            "{}",
            root.stderr
        );
        match nobody_can_run_mtfix() {
            Ok(()) => {
                let user = run_t_as_nobody(dir.path(), &["fix", "secret.txt"]);
                assert_eq!((user.code, user.stderr.as_str()), (2, denied));
            }
            Err(why) => eprintln!("the check as a normal user is skipped: {why}"),
        }
    } else {
        let user = run_t(dir.path(), &["fix", "secret.txt"]);
        assert_eq!((user.code, user.stderr.as_str()), (2, denied));
    }
    assert_eq!(snapshot(&path), before);
    assert_eq!(mode(&path), 0o000);
}

/// Renaming over a read-only file works in a writable folder, but mtfix refuses to replace a file the user may not
/// write, as editors do. The mode bits are checked explicitly, so this holds for root too.
#[test]
fn a_read_only_file_is_not_replaced() {
    let dir = workspace();
    write(dir.path(), "ro.txt", GARBLED);
    write(dir.path(), "rw.txt", GARBLED);
    let path = dir.path().join("ro.txt");
    set_mode(&path, 0o444);
    let before = snapshot(&path);
    let out = run_t(dir.path(), &["fix", "ro.txt", "rw.txt"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "mtfix: ro.txt: not fixed: the file is read-only (mode 0444): mtfix does not replace a file without write permission; make it writable (chmod u+w) to fix it\n\
         fixed 1 issue in rw.txt\n"
    );
    assert_eq!(snapshot(&path), before);
    assert_eq!(mode(&path), 0o444);
    assert_eq!(
        fs::read_to_string(dir.path().join("rw.txt")).expect("read"),
        FIXED
    );
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new());
}

/// A file the user may not write (another user's, mode 0644) in a folder the user may write: the rename would
/// succeed, mtfix refuses. Needs root to make a file that belongs to another user than the one running mtfix.
#[test]
fn another_users_file_in_a_writable_folder_is_not_replaced() {
    if let Err(why) = nobody_can_run_mtfix() {
        eprintln!("skipped: {why} (needed to run mtfix as a user other than the file's owner)");
        return;
    }
    let dir = workspace();
    write(dir.path(), "theirs.txt", GARBLED);
    set_mode(dir.path(), 0o777);
    let path = dir.path().join("theirs.txt");
    set_mode(&path, 0o644);
    let before = snapshot(&path);
    let out = run_t_as_nobody(dir.path(), &["fix", "theirs.txt"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "mtfix: theirs.txt: not fixed: no permission to write the file (Permission denied (os error 13)): mtfix does not replace a file it may not write\n"
    );
    assert_eq!(snapshot(&path), before);
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new());
}

/// Documented behaviour: a symbolic link named on the command line is followed (the file it points to is fixed,
/// in place, keeping its permissions) and stays a link; a dangling one is an error. Links met while walking a
/// folder are not followed (as ripgrep does), so a link cannot pull files from outside the folder into a run.
#[test]
fn a_symlink_is_followed_and_stays_a_link() {
    use std::os::unix::fs::symlink;
    let dir = workspace();
    write(dir.path(), "real/article.txt", GARBLED);
    set_mode(&dir.path().join("real/article.txt"), 0o640);
    symlink("real/article.txt", dir.path().join("link.txt")).expect("symlink");
    symlink("nowhere.txt", dir.path().join("dangling.txt")).expect("symlink");
    write(dir.path(), "outside.txt", GARBLED);
    write(dir.path(), "walked/own.txt", GARBLED);
    symlink("../outside.txt", dir.path().join("walked/link.txt")).expect("symlink");

    let out = run_t(dir.path(), &["fix", "link.txt", "dangling.txt"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "mtfix: dangling.txt: No such file or directory (os error 2)\nfixed 1 issue in link.txt\n"
    );
    let link = fs::symlink_metadata(dir.path().join("link.txt")).expect("lstat");
    assert!(link.file_type().is_symlink());
    assert_eq!(
        fs::read_link(dir.path().join("link.txt")).expect("readlink"),
        Path::new("real/article.txt")
    );
    let target = dir.path().join("real/article.txt");
    assert_eq!(fs::read_to_string(&target).expect("read"), FIXED);
    assert_eq!(mode(&target), 0o640);
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new());

    let out = run_t(dir.path(), &["fix", "walked"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (0, "fixed 1 issue in walked/own.txt\n")
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("outside.txt")).expect("read"),
        GARBLED
    );
    assert!(
        fs::symlink_metadata(dir.path().join("walked/link.txt"))
            .expect("lstat")
            .is_symlink()
    );
}

/// A file of about `size` bytes: copies of the reference article, on which the built-ins work for a while (about
/// a second per 2 MB in a test build).
#[cfg(target_os = "linux")]
fn article_copies(size: usize) -> String {
    let article = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ARTICLE))
        .expect("reference article");
    article.repeat(size / article.len())
}

/// Starts `mtfix ARGS` in `dir` and returns once it has read `file` whole (the first close of `file` without
/// writing, seen with inotify), while it works on it.
#[cfg(target_os = "linux")]
fn spawn_and_wait_until_read(dir: &Path, args: &[&str], file: &Path) -> Child {
    use rustix::fs::inotify;
    let watch = inotify::init(inotify::CreateFlags::CLOEXEC | inotify::CreateFlags::NONBLOCK)
        .expect("inotify");
    inotify::add_watch(&watch, file, inotify::WatchFlags::CLOSE_NOWRITE).expect("watch");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtfix"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mtfix runs");
    let mut buf = [std::mem::MaybeUninit::uninit(); 1024];
    let mut events = inotify::Reader::new(&watch, &mut buf);
    loop {
        match events.next() {
            Ok(_) => return child,
            Err(rustix::io::Errno::AGAIN) => {
                assert!(
                    child.try_wait().expect("wait").is_none(),
                    "mtfix ended without reading the file"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(err) => panic!("inotify: {err}"),
        }
    }
}

/// A file written by someone else while mtfix works on it is not clobbered: the write is refused and the newer
/// content kept. The test rewrites the file as soon as mtfix has read it; mtfix is then still fixing the 4 MB
/// document (a couple of seconds), and compares the file with what it read right before renaming.
#[cfg(target_os = "linux")]
#[test]
fn a_file_changed_between_read_and_write_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.txt");
    fs::write(&path, article_copies(4 << 20)).expect("write");
    let newer = "Edited by hand in the meantime: Xiong an new area.\n";

    let child = spawn_and_wait_until_read(dir.path(), &["fix", "big.txt"], &path);
    fs::write(&path, newer).expect("rewrite");

    let out = child.wait_with_output().expect("mtfix finishes");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mtfix: big.txt: not fixed: the file changed on disk since it was read: not overwritten, the newer content is kept (run mtfix again to fix it)\n"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), newer);
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new());
}

/// Ctrl-C while a long file is being fixed: the file is finished and written whole, then mtfix exits 130. A second
/// Ctrl-C does not wait: mtfix quits at once (exit 130, no message), leaving the file as it was.
#[cfg(target_os = "linux")]
#[test]
fn sigint_finishes_the_file_in_progress_and_a_second_one_quits_at_once() {
    use rustix::process::{Pid, Signal, kill_process};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.txt");
    let original = article_copies(4 << 20);
    let pid = |child: &Child| Pid::from_raw(i32::try_from(child.id()).expect("pid")).expect("pid");

    fs::write(&path, &original).expect("write");
    let child = spawn_and_wait_until_read(dir.path(), &["fix", "big.txt"], &path);
    kill_process(pid(&child), Signal::INT).expect("kill");
    let out = child.wait_with_output().expect("mtfix ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.starts_with("fixed "), "{stderr}");
    assert!(stderr.ends_with("mtfix: interrupted (SIGINT): stopped early; files not reached are untouched, and no file was half-written\n"), "{stderr}");
    assert_ne!(
        fs::read_to_string(&path).expect("read"),
        original,
        "the file was fixed"
    );
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new());

    fs::write(&path, &original).expect("write");
    let child = spawn_and_wait_until_read(dir.path(), &["fix", "big.txt"], &path);
    kill_process(pid(&child), Signal::INT).expect("kill");
    std::thread::sleep(Duration::from_millis(300));
    let second = Instant::now();
    kill_process(pid(&child), Signal::INT).expect("kill");
    let out = child.wait_with_output().expect("mtfix ends");
    assert_eq!(out.status.code(), Some(130));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "quit without finishing"
    );
    assert!(
        second.elapsed() < Duration::from_secs(1),
        "{:?}",
        second.elapsed()
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), original);
}

// ---------------------------------------------------------------------------------------------------------------
// Where the output goes, and being stopped

/// `mtfix check DIR | head -1`: once the reader is gone, mtfix stops quietly (exit 0, no message, no panic).
#[test]
fn a_broken_pipe_on_stdout_ends_quietly() {
    let dir = workspace();
    for i in 0..1000 {
        write(dir.path(), &format!("d/{i:04}.txt"), GARBLED);
    }
    write(dir.path(), "big.txt", GARBLED.repeat(50_000));
    let head = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mtfix"))
            .args(["--no-builtin", "-g", "g.toml"])
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mtfix runs");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("first line");
        // The reader is dropped: the pipe is closed with megabytes still to come.
        let out = child.wait_with_output().expect("finishes");
        (
            first,
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (first, code, stderr) = head(&["check", "d"]);
    assert!(first.starts_with("error[t/xiongan]"), "{first}");
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (first, code, stderr) = head(&["fix", "--stdout", "big.txt"]);
    assert_eq!(first, FIXED);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert_eq!(
        fs::read_to_string(dir.path().join("big.txt")).expect("read"),
        GARBLED.repeat(50_000),
        "--stdout never writes the file"
    );
}

/// 2,000 copies of the reference article, the expected fixed text, and the folder holding the copies.
fn copies_of_the_article() -> (TempDir, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let original = fs::read_to_string(root.join(ARTICLE)).expect("reference article");
    let fixed = run_mtfix(root, &["fix", "--stdout", "-q", ARTICLE], b"");
    assert!(fixed.code <= 1, "{}", fixed.stderr);
    assert_ne!(fixed.stdout, original);
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..2000 {
        write(dir.path(), &format!("d/{i:04}.txt"), &original);
    }
    (dir, original, fixed.stdout)
}

/// Starts `mtfix fix d`, waits until it has written its first files, and sends it `signal`. Returns its exit
/// status and its whole stderr.
fn signal_mid_run(
    dir: &Path,
    signal: rustix::process::Signal,
) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtfix"))
        .args(["fix", "d"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mtfix runs");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut first = String::new();
    stderr.read_line(&mut first).expect("first line");
    assert!(first.starts_with("fixed "), "{first}");
    let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).expect("pid"))
        .expect("a real pid");
    rustix::process::kill_process(pid, signal).expect("kill");
    // Keep draining stderr, so that mtfix never blocks on it.
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).expect("rest of stderr");
    let status = child.wait().expect("mtfix ends");
    (status, first + &rest)
}

/// Counts the files that are the original and those that are the fixed text, failing on any other content.
fn old_or_new(dir: &Path, original: &str, fixed: &str) -> (usize, usize) {
    let (mut old, mut new) = (0, 0);
    for i in 0..2000 {
        let text = fs::read(dir.join(format!("d/{i:04}.txt"))).expect("every file still exists");
        if text == original.as_bytes() {
            old += 1;
        } else if text == fixed.as_bytes() {
            new += 1;
        } else {
            panic!("d/{i:04}.txt is neither the original nor the fixed text: half-written");
        }
    }
    (old, new)
}

/// Ctrl-C during `fix` of many files: no new file is started, the files being written are finished, mtfix exits
/// 130, and every file is byte for byte the original or the fixed text, with no temporary file left.
#[test]
fn sigint_during_fix_leaves_every_file_old_or_new_and_no_temp_file() {
    let (dir, original, fixed) = copies_of_the_article();
    let (status, stderr) = signal_mid_run(dir.path(), rustix::process::Signal::INT);
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(
        stderr.ends_with(
            "mtfix: interrupted (SIGINT): stopped early; files not reached are untouched, and no file was half-written\n"
        ),
        "{stderr}"
    );
    let (old, new) = old_or_new(dir.path(), &original, &fixed);
    eprintln!("after SIGINT: {old} old, {new} new");
    assert!(old > 0 && new > 0, "stopped mid-run: {old} old, {new} new");
    assert_eq!(
        new,
        stderr.matches("fixed ").count(),
        "every file reported fixed is fixed"
    );
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new());
}

/// `kill -9` during `fix`: mtfix cannot clean up, yet every file is still byte for byte the original or the fixed
/// text (the rename is atomic). A temporary file (`.mtfix-*.tmp`) left beside one is tolerated here, and only
/// here: it is the one trace an uncatchable kill can leave.
#[test]
fn sigkill_during_fix_leaves_every_file_old_or_new() {
    use std::os::unix::process::ExitStatusExt;
    let (dir, original, fixed) = copies_of_the_article();
    let (status, _) = signal_mid_run(dir.path(), rustix::process::Signal::KILL);
    assert_eq!(status.signal(), Some(9));
    let (old, new) = old_or_new(dir.path(), &original, &fixed);
    assert!(old > 0 && new > 0, "killed mid-run: {old} old, {new} new");
    let leftovers = temp_files(dir.path());
    eprintln!(
        "after SIGKILL: {old} old, {new} new, {} temporary file(s) left",
        leftovers.len()
    );
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    assert!(
        leftovers.len() <= threads,
        "at most one per worker thread: {leftovers:?}"
    );
}
