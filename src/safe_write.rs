//! Replacing a file's contents safely: never a half-written file, never a clobbered newer version.
//!
//! [`replace`] writes the new contents to a temporary file in the same folder (named `.mtfix-XXXXXX.tmp`), with
//! the original's permissions (and, where allowed, its owner and group), flushes it to disk, checks that the
//! original still holds exactly the bytes the caller read, and only then renames the temporary file over the
//! original. A rename within one folder is atomic, so a reader (or a crash, or a kill) sees either the old file or
//! the new one, whole. On any error the temporary file is removed and the original is untouched.
//!
//! ```no_run
//! let path = std::path::Path::new("draft.txt");
//! let old = std::fs::read(path)?;
//! let new = String::from_utf8_lossy(&old).replace("Xiong an new area", "Xiong'an New Area");
//! mtfix::safe_write::replace(path, &old, new.as_bytes())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! What is refused, with a [`WriteError`] and nothing written:
//! - a file without write permission ([`WriteError::ReadOnly`], [`WriteError::NotWritable`]). A rename would
//!   succeed over a read-only file in a writable folder, but like an editor, mtfix does not replace a file the
//!   user cannot write. The mode bits are checked explicitly, so this holds for root too (whom the kernel lets
//!   write anything);
//! - a file that changed on disk since it was read ([`WriteError::Changed`]): the newer content is kept. The
//!   check compares the whole file right before the rename; only a write landing in the instant between that
//!   check and the rename (which no tool can close without file locking) can still be lost;
//! - anything but a regular file.
//!
//! A symbolic link is followed: the file it points to is replaced, and the link stays a link. The steps that
//! touch the disk go through [`Steps`], so tests can make each of them fail ([`replace_with`]).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The prefix of the temporary files [`replace`] creates (next to the file it replaces). Only a process killed
/// outright (`SIGKILL`, a power cut) between creating one and renaming it can leave one behind.
pub const TEMP_PREFIX: &str = ".mtfix-";

/// The suffix of the temporary files [`replace`] creates.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Why a file was not replaced. In every case the original file is untouched and no temporary file is left.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The file cannot be examined (it is missing, or its folder cannot be searched).
    #[error("cannot read it: {source}")]
    Stat {
        /// The underlying error.
        source: io::Error,
    },
    /// The path is not a regular file (a folder, a device, a pipe).
    #[error("not a regular file")]
    NotAFile,
    /// The file's permissions allow nobody to write it.
    #[error(
        "the file is read-only (mode {mode:04o}): mtfix does not replace a file without write permission; make it writable (chmod u+w) to fix it"
    )]
    ReadOnly {
        /// The file's permission bits.
        mode: u32,
    },
    /// The current user may not write the file.
    #[error(
        "no permission to write the file ({source}): mtfix does not replace a file it may not write"
    )]
    NotWritable {
        /// The underlying error.
        source: io::Error,
    },
    /// The file's contents differ from what the caller read: someone else wrote it in the meantime.
    #[error(
        "the file changed on disk since it was read: not overwritten, the newer content is kept (run mtfix again to fix it)"
    )]
    Changed,
    /// The file's contents could not be read again to check them.
    #[error("cannot read it again to check it is unchanged: {source}")]
    Recheck {
        /// The underlying error.
        source: io::Error,
    },
    /// No temporary file could be created next to the file.
    #[error("cannot create a temporary file in {}: {source}", .dir.display())]
    CreateTemp {
        /// The folder.
        dir: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The temporary file could not be given the original's permissions.
    #[error("cannot set the permissions of the temporary file: {source}")]
    Permissions {
        /// The underlying error.
        source: io::Error,
    },
    /// Writing the temporary file failed (a full disk, a quota).
    #[error("cannot write the temporary file: {source}")]
    Write {
        /// The underlying error.
        source: io::Error,
    },
    /// Flushing the temporary file to disk failed.
    #[error("cannot flush the temporary file to disk: {source}")]
    Sync {
        /// The underlying error.
        source: io::Error,
    },
    /// Renaming the temporary file over the original failed.
    #[error("cannot rename the temporary file over it: {source}")]
    Rename {
        /// The underlying error.
        source: io::Error,
    },
}

/// The disk operations of [`replace_with`], one method per step, so that a test can make any of them fail. The
/// default methods do the real thing; [`Disk`] uses them all.
pub trait Steps {
    /// Writes all of `contents` to the (new, empty) temporary file.
    ///
    /// # Errors
    /// Any I/O error.
    fn write(&mut self, file: &mut File, contents: &[u8]) -> io::Result<()> {
        file.write_all(contents)
    }

    /// Flushes the temporary file's contents and metadata to disk.
    ///
    /// # Errors
    /// Any I/O error.
    fn sync(&mut self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    /// Renames the temporary file `from` over the original `to`.
    ///
    /// # Errors
    /// Any I/O error.
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
}

/// The real disk operations.
#[derive(Debug, Default, Clone, Copy)]
pub struct Disk;

impl Steps for Disk {}

/// Replaces the contents of the file at `path` with `contents`, atomically, provided it still holds exactly
/// `expected` (the bytes the caller read from it). See the [module documentation](self) for what is checked.
///
/// # Errors
/// A [`WriteError`] saying which step failed; the original file is then untouched and no temporary file remains.
pub fn replace(path: &Path, expected: &[u8], contents: &[u8]) -> Result<(), WriteError> {
    replace_with(path, expected, contents, &mut Disk)
}

/// [`replace`], with the disk operations done by `steps`.
///
/// # Errors
/// As [`replace`].
pub fn replace_with(
    path: &Path,
    expected: &[u8],
    contents: &[u8],
    steps: &mut dyn Steps,
) -> Result<(), WriteError> {
    let stat = |source| WriteError::Stat { source };
    // Follow a symbolic link, so that the file it points to is replaced and the link stays a link.
    let target = if fs::symlink_metadata(path)
        .map_err(stat)?
        .file_type()
        .is_symlink()
    {
        fs::canonicalize(path).map_err(stat)?
    } else {
        path.to_owned()
    };
    let metadata = fs::metadata(&target).map_err(stat)?;
    if !metadata.is_file() {
        return Err(WriteError::NotAFile);
    }
    check_writable(&target, &metadata)?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    // The temporary file is deleted when `tmp` is dropped, on every early return below.
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|err| WriteError::CreateTemp {
            dir: dir.clone(),
            source: without_temp_name(err),
        })?;
    let (mut file, tmp_path) = tmp.into_parts();
    keep_owner(&file, &metadata);
    file.set_permissions(metadata.permissions())
        .map_err(|source| WriteError::Permissions { source })?;
    steps
        .write(&mut file, contents)
        .map_err(|source| WriteError::Write { source })?;
    steps
        .sync(&file)
        .map_err(|source| WriteError::Sync { source })?;
    drop(file);
    if !unchanged(&target, expected).map_err(|source| WriteError::Recheck { source })? {
        return Err(WriteError::Changed);
    }
    steps
        .rename(&tmp_path, &target)
        .map_err(|source| WriteError::Rename { source })?;
    // Renamed: there is no temporary file left to delete.
    let mut tmp_path = tmp_path;
    tmp_path.disable_cleanup(true);
    // Make the rename itself durable; the file is already replaced, so a failure here changes nothing.
    if let Ok(dir) = File::open(&dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Writes `contents` to `path` atomically, whether or not the file exists: a new file appears whole or not at all
/// (a temporary file renamed into place, with the default permissions for a new file); an existing file is
/// replaced as [`replace`] does, checked against what it holds now. For outputs the user names (`-o FILE`), where
/// there is no earlier read to compare with.
///
/// # Errors
/// A [`WriteError`] saying which step failed; the folder then holds what it held before.
pub fn create(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    match fs::read(path) {
        Ok(existing) => return replace(path, &existing, contents),
        Err(err) if err.kind() != io::ErrorKind::NotFound => {
            return Err(WriteError::Stat { source: err });
        }
        Err(_) => {}
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // A new file's usual mode: 0666 less the umask, which the kernel applies at creation (`tempfile` would make
    // it 0600).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(|err| WriteError::CreateTemp {
            dir: dir.clone(),
            source: without_temp_name(err),
        })?;
    tmp.write_all(contents)
        .map_err(|source| WriteError::Write { source })?;
    tmp.as_file()
        .sync_all()
        .map_err(|source| WriteError::Sync { source })?;
    // No clobbering: a file that appeared meanwhile is someone else's.
    tmp.persist_noclobber(path).map_err(|err| {
        if err.error.kind() == io::ErrorKind::AlreadyExists {
            WriteError::Changed
        } else {
            WriteError::Rename { source: err.error }
        }
    })?;
    if let Ok(dir) = File::open(&dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A `tempfile` error without the " at path ..." it appends: the random temporary name it tried never existed,
/// so naming it only confuses. (Should its wording change, the error is shown as it is.)
fn without_temp_name(err: io::Error) -> io::Error {
    let message = err.to_string();
    match message.find(" at path ") {
        Some(end) => io::Error::new(err.kind(), &message[..end]),
        None => err,
    }
}

/// Refuses a file that nobody may write (by its mode bits, which bind root too), or that the current user may
/// not write.
fn check_writable(target: &Path, metadata: &fs::Metadata) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o7777;
        if mode & 0o222 == 0 {
            return Err(WriteError::ReadOnly { mode });
        }
        rustix::fs::accessat(
            rustix::fs::CWD,
            target,
            rustix::fs::Access::WRITE_OK,
            rustix::fs::AtFlags::EACCESS,
        )
        .map_err(|e| WriteError::NotWritable { source: e.into() })
    }
    #[cfg(not(unix))]
    {
        let _ = target;
        if metadata.permissions().readonly() {
            return Err(WriteError::ReadOnly { mode: 0o444 });
        }
        Ok(())
    }
}

/// Gives the temporary file the original's owner and group, where the user may (root may; others may keep a group
/// they belong to). Best effort: a file the user may write but not own becomes the user's, as with any editor.
fn keep_owner(file: &File, original: &fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(now) = file.metadata() else {
            return;
        };
        if (now.uid(), now.gid()) != (original.uid(), original.gid())
            && std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid())).is_err()
        {
            let _ = std::os::unix::fs::fchown(file, None, Some(original.gid()));
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, original);
    }
}

/// Whether the file at `path` still holds exactly `expected`.
fn unchanged(path: &Path, expected: &[u8]) -> io::Result<bool> {
    let mut file = File::open(path)?;
    if file.metadata()?.len() != expected.len() as u64 {
        return Ok(false);
    }
    let mut buf = vec![0; 64 * 1024];
    let mut rest = expected;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(rest.is_empty());
        }
        match rest.strip_prefix(&buf[..n]) {
            Some(after) => rest = after,
            None => return Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unchanged;

    #[test]
    fn unchanged_compares_every_byte() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.txt");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &big).expect("write");
        assert!(unchanged(&path, &big).expect("read"));
        let mut other = big.clone();
        other[150_000] ^= 1;
        assert!(!unchanged(&path, &other).expect("read"));
        assert!(!unchanged(&path, &big[..1000]).expect("read"));
    }
}
