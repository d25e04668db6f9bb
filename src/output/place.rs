//! What the folder is and who else writes it: one build at a time (a lock),
//! whether a rename can replace it (not a mount point), and the one-step
//! swap where the system has it.

use std::fs;
use std::io;
use std::path::Path;

use super::{OutputError, io_err};

/// Opens (creating) the lock file and locks it for this process, waiting
/// for another build that holds it: two builds into one folder would share
/// its staging folder and leave a mix of both.
pub(super) fn lock_exclusive(path: &Path, output: &Path) -> Result<fs::File, OutputError> {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).map_err(io_err(p))?;
    }
    let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(path).map_err(io_err(path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!("Waiting for another acta build into {} to finish…", output.display());
            file.lock().map_err(io_err(path))?;
            Ok(file)
        }
        Err(fs::TryLockError::Error(e)) => Err(OutputError::Io(path.to_path_buf(), e)),
    }
}

/// Whether `dir` is a mount point, which a rename can neither replace nor move.
#[cfg(unix)]
pub(super) fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Some(parent)) = (dir.metadata(), dir.parent()) else { return false };
    if parent.metadata().is_ok_and(|p| p.dev() != meta.dev()) {
        return true;
    }
    // A bind mount of a folder of the same file system keeps its device.
    dir.canonicalize().is_ok_and(|d| listed_as_mount_point(&d))
}

#[cfg(not(unix))]
pub(super) fn is_mount_point(_: &Path) -> bool {
    false
}

/// Whether `/proc/self/mountinfo` names `dir` as a mount point.
#[cfg(unix)]
pub(super) fn listed_as_mount_point(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(info) = fs::read("/proc/self/mountinfo") else { return false };
    let want = dir.as_os_str().as_bytes();
    info.split(|&b| b == b'\n')
        .any(|line| line.split(|&b| b == b' ').nth(4).is_some_and(|field| unescape_mount_field(field) == want))
}

/// Undoes the kernel's octal escapes (`\040` for a space) in a mountinfo field.
#[cfg(unix)]
pub(super) fn unescape_mount_field(field: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        let octal =
            field.get(i + 1..i + 4).filter(|d| field[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal {
            Some(d) => {
                out.push(d.iter().fold(0u8, |n, c| n.wrapping_mul(8).wrapping_add(c - b'0')));
                i += 4;
            }
            None => {
                out.push(field[i]);
                i += 1;
            }
        }
    }
    out
}

/// Swaps two folders in one step; `false` where the system cannot.
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Kernels before 3.15, and file systems without it (some network ones).
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}
