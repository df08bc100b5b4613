//! Fault injection for the in-place writer (`mtfix::safe_write`, which `mtfix fix` and `mtfix glossary fmt` use):
//! whatever step fails (writing the temporary file after N bytes, flushing it, renaming it, a full disk), the
//! original file is byte-identical afterwards and no temporary file is left behind.
//!
//! Injected faults go through [`mtfix::safe_write::Steps`]. A really full disk is a 64 KiB tmpfs, mounted when the
//! tests run as root and `mount` works (otherwise those tests say why they skip). The command-line tests check
//! that a write error prints `mtfix: PATH: not fixed: ...`, exits 2, and lets the other files go on.

#![cfg(unix)]

mod common;

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Output, run_mtfix, write};
use mtfix::safe_write::{self, Disk, Steps, WriteError};

const OLD: &str = "Work in the Xiong an new area began.\n";
const NEW: &str = "Work in the Xiong'an New Area began.\n";

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A folder holding `a.txt` with `OLD` (mode 0640).
fn setup() -> (tempfile::TempDir, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.txt");
    fs::write(&path, OLD).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    (dir, path)
}

/// Asserts that `path` still holds `OLD` and that its folder holds nothing else than `names`.
fn untouched(path: &Path, names: &[&str]) {
    assert_eq!(fs::read_to_string(path).expect("read"), OLD);
    let dir = path.parent().expect("folder");
    assert_eq!(listing(dir), names, "no temporary file left");
}

/// Writes `limit` bytes, then fails as a full disk does.
struct FullAfter(usize);

impl Steps for FullAfter {
    fn write(&mut self, file: &mut File, contents: &[u8]) -> io::Result<()> {
        file.write_all(&contents[..self.0.min(contents.len())])?;
        Err(io::Error::from(io::ErrorKind::StorageFull))
    }
}

/// Flushing fails (an I/O error on a failing disk or a network file system).
struct SyncFails;

impl Steps for SyncFails {
    fn sync(&mut self, _: &File) -> io::Result<()> {
        Err(io::Error::other("injected: fsync failed"))
    }
}

/// The rename fails (say, the folder became read-only).
struct RenameFails;

impl Steps for RenameFails {
    fn rename(&mut self, _: &Path, _: &Path) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::PermissionDenied))
    }
}

/// Someone else rewrites the original while the temporary file is being written.
struct EditedMeanwhile<'a>(&'a Path, &'a str);

impl Steps for EditedMeanwhile<'_> {
    fn sync(&mut self, file: &File) -> io::Result<()> {
        fs::write(self.0, self.1)?;
        Disk.sync(file)
    }
}

#[test]
fn a_write_failing_after_n_bytes_leaves_the_original_and_no_temp_file() {
    for n in [0, 1, 10, NEW.len() - 1] {
        let (_dir, path) = setup();
        let err =
            safe_write::replace_with(&path, OLD.as_bytes(), NEW.as_bytes(), &mut FullAfter(n))
                .expect_err("the write fails");
        assert!(matches!(err, WriteError::Write { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "cannot write the temporary file: {}",
                io::Error::from(io::ErrorKind::StorageFull)
            )
        );
        untouched(&path, &["a.txt"]);
    }
}

#[test]
fn a_failing_sync_leaves_the_original_and_no_temp_file() {
    let (_dir, path) = setup();
    let err = safe_write::replace_with(&path, OLD.as_bytes(), NEW.as_bytes(), &mut SyncFails)
        .expect_err("the sync fails");
    assert_eq!(
        err.to_string(),
        "cannot flush the temporary file to disk: injected: fsync failed"
    );
    untouched(&path, &["a.txt"]);
}

#[test]
fn a_failing_rename_leaves_the_original_and_no_temp_file() {
    let (_dir, path) = setup();
    let err = safe_write::replace_with(&path, OLD.as_bytes(), NEW.as_bytes(), &mut RenameFails)
        .expect_err("the rename fails");
    assert!(matches!(err, WriteError::Rename { .. }), "{err:?}");
    untouched(&path, &["a.txt"]);
}

#[test]
fn a_file_edited_meanwhile_keeps_the_newer_content() {
    let (_dir, path) = setup();
    let newer = "Rewritten by hand while mtfix worked.\n";
    let err = safe_write::replace_with(
        &path,
        OLD.as_bytes(),
        NEW.as_bytes(),
        &mut EditedMeanwhile(&path, newer),
    )
    .expect_err("the change is detected");
    assert!(matches!(err, WriteError::Changed), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the file changed on disk since it was read: not overwritten, the newer content is kept (run mtfix again to fix it)"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), newer);
    assert_eq!(listing(path.parent().expect("folder")), ["a.txt"]);

    // Same length, one byte different: still detected (the whole file is compared, not just its size).
    let (_dir, path) = setup();
    let same_length = OLD.replace("began", "BEGAN");
    let err = safe_write::replace_with(
        &path,
        OLD.as_bytes(),
        NEW.as_bytes(),
        &mut EditedMeanwhile(&path, &same_length),
    )
    .expect_err("the change is detected");
    assert!(matches!(err, WriteError::Changed), "{err:?}");
    assert_eq!(fs::read_to_string(&path).expect("read"), same_length);
}

#[test]
fn a_successful_replace_keeps_the_mode_and_leaves_no_temp_file() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = setup();
    let inode_before = {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(&path).expect("stat").ino()
    };
    safe_write::replace(&path, OLD.as_bytes(), NEW.as_bytes()).expect("replaced");
    assert_eq!(fs::read_to_string(&path).expect("read"), NEW);
    let meta = fs::metadata(&path).expect("stat");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    // A new file (the renamed temporary one), not the old one rewritten in place.
    assert_ne!(std::os::unix::fs::MetadataExt::ino(&meta), inode_before);
    assert_eq!(listing(path.parent().expect("folder")), ["a.txt"]);
}

/// Root fixing another user's file gives the new file the old one's owner and group (others cannot give a file
/// away, so their fixed files are theirs, as with any editor).
#[test]
fn a_replace_by_root_keeps_the_owner() {
    use std::os::unix::fs::MetadataExt;
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: needs root, to give the file to another user");
        return;
    }
    let (_dir, path) = setup();
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).expect("chown");
    safe_write::replace(&path, OLD.as_bytes(), NEW.as_bytes()).expect("replaced");
    let meta = fs::metadata(&path).expect("stat");
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(fs::read_to_string(&path).expect("read"), NEW);
}

#[test]
fn a_read_only_file_or_a_folder_is_refused_before_anything_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = setup();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).expect("chmod");
    let err = safe_write::replace(&path, OLD.as_bytes(), NEW.as_bytes()).expect_err("refused");
    assert!(
        matches!(err, WriteError::ReadOnly { mode: 0o444 }),
        "{err:?}"
    );
    untouched(&path, &["a.txt"]);
    let err = safe_write::replace(dir.path(), b"", b"x").expect_err("refused");
    assert!(matches!(err, WriteError::NotAFile), "{err:?}");
}

// ---------------------------------------------------------------------------------------------------------------
// A really full disk

/// A 64 KiB tmpfs, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// Mounts one, or says why it cannot.
    fn mount() -> Result<SmallDisk, String> {
        if !rustix::process::geteuid().is_root() {
            return Err("not running as root, so no tmpfs can be mounted".to_owned());
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount -t tmpfs failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// A 40 KiB text with garbles (numbered lines, which no rule collapses): on a 64 KiB disk there is no room for
/// a second copy of it.
fn forty_kib() -> String {
    let text: String = (0..1000).map(|i| format!("{i:04} {OLD}")).collect();
    assert!(text.len() > 40 * 1000);
    text
}

#[test]
fn a_full_disk_leaves_the_original_and_no_temp_file() {
    let disk = match SmallDisk::mount() {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("skipped: {why} (the injected faults above cover the same path)");
            return;
        }
    };
    let path = disk.path().join("big.txt");
    let old = forty_kib();
    fs::write(&path, &old).expect("write");
    let new = old.replace("Xiong an new area", "Xiong'an New Area");
    let err = safe_write::replace(&path, old.as_bytes(), new.as_bytes()).expect_err("disk full");
    assert!(matches!(err, WriteError::Write { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cannot write the temporary file: No space left on device (os error 28)"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), old);
    assert_eq!(listing(disk.path()), ["big.txt"]);
}

/// On the command line a write error is `mtfix: PATH: not fixed: ...`, exit 2, and the other files go on.
#[test]
fn mtfix_fix_on_a_full_disk_names_the_file_and_goes_on() {
    let disk = match SmallDisk::mount() {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("skipped: {why} (see the next test for a write error without root)");
            return;
        }
    };
    let old = forty_kib();
    write(disk.path(), "big.txt", &old);
    write(disk.path(), "small.txt", OLD);
    // One thread: the small file's temporary file must not compete for space with the big one's.
    let out = run_mtfix(
        disk.path(),
        &["fix", "--threads", "1", "big.txt", "small.txt"],
        b"",
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "mtfix: big.txt: not fixed: cannot write the temporary file: No space left on device (os error 28)\n\
         fixed 1 issue in small.txt\n"
    );
    assert_eq!(
        fs::read_to_string(disk.path().join("big.txt")).expect("read"),
        old
    );
    assert_eq!(
        fs::read_to_string(disk.path().join("small.txt")).expect("read"),
        NEW
    );
    assert_eq!(listing(disk.path()), ["big.txt", "small.txt"]);
}

/// A folder where no temporary file can be created (not writable by the user running mtfix; as root, mtfix is run
/// as `nobody`, since root may write anywhere): `mtfix: PATH: not fixed: ...`, exit 2, the other files go on.
#[test]
fn mtfix_fix_in_a_folder_it_cannot_write_names_the_file_and_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let chmod = |path: &Path, mode| {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
    };
    write(dir.path(), "locked/a.txt", OLD);
    write(dir.path(), "open/b.txt", OLD);
    for file in ["locked/a.txt", "open/b.txt"] {
        chmod(&dir.path().join(file), 0o666);
    }
    chmod(dir.path(), 0o755);
    chmod(&dir.path().join("open"), 0o777);
    let root = rustix::process::geteuid().is_root();
    if root
        && !Command::new(env!("CARGO_BIN_EXE_mtfix"))
            .arg("--version")
            .uid(65534)
            .gid(65534)
            .output()
            .is_ok_and(|out| out.status.success())
    {
        eprintln!(
            "skipped: running as root, and mtfix cannot be run as nobody (the binary is out of its reach)"
        );
        return;
    }
    // As its owner, the folder is locked by its mode; as root, by running mtfix as another user.
    chmod(&dir.path().join("locked"), if root { 0o755 } else { 0o555 });
    let mut command = Command::new(env!("CARGO_BIN_EXE_mtfix"));
    command
        .args([
            "fix",
            "--no-builtin",
            "-g",
            "cn-news",
            "locked/a.txt",
            "open/b.txt",
        ])
        .current_dir(dir.path());
    if root {
        command.uid(65534).gid(65534);
    }
    let out = command.output().expect("mtfix runs");
    let out = Output {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    };
    chmod(&dir.path().join("locked"), 0o755);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "mtfix: locked/a.txt: not fixed: cannot create a temporary file in locked: Permission denied (os error 13)\n\
         fixed 1 issue in open/b.txt\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("locked/a.txt")).expect("read"),
        OLD
    );
    assert_eq!(listing(&dir.path().join("locked")), ["a.txt"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("open/b.txt")).expect("read"),
        NEW
    );
    assert_eq!(listing(&dir.path().join("open")), ["b.txt"]);
}

// ---------------------------------------------------------------------------------------------------------------
// New output files (`glossary import -o FILE`)

#[test]
fn create_writes_a_new_file_with_the_usual_mode_and_no_temp_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("out.toml");
    safe_write::create(&path, NEW.as_bytes()).expect("created");
    assert_eq!(fs::read_to_string(&path).expect("read"), NEW);
    assert_eq!(listing(dir.path()), ["out.toml"]);
    // 0666 less the umask, like any new file (not tempfile's 0600).
    let mask = rustix::process::umask(rustix::fs::Mode::empty());
    rustix::process::umask(mask);
    let mode = fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o666 & !mask.bits());
}

#[test]
fn create_over_an_existing_file_replaces_it_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = setup();
    safe_write::create(&path, NEW.as_bytes()).expect("replaced");
    assert_eq!(fs::read_to_string(&path).expect("read"), NEW);
    let mode = fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(listing(dir.path()), ["a.txt"]);
}

#[test]
fn create_in_a_missing_folder_fails_naming_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-folder");
    let err = safe_write::create(&missing.join("out.toml"), NEW.as_bytes()).expect_err("no folder");
    assert!(matches!(err, WriteError::CreateTemp { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "cannot create a temporary file in {}: No such file or directory (os error 2)",
            missing.display()
        )
    );
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}

#[test]
fn create_on_a_full_disk_leaves_no_file_at_all() {
    let disk = match SmallDisk::mount() {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let big = forty_kib().repeat(2);
    let err =
        safe_write::create(&disk.path().join("out.toml"), big.as_bytes()).expect_err("disk full");
    assert!(matches!(err, WriteError::Write { .. }), "{err:?}");
    assert_eq!(listing(disk.path()), Vec::<String>::new());
}
