//! Who has a SQLite database open. Every process that opens the database
//! (the server, `hotline backup`, any other command) holds a shared lock on
//! a file beside it for as long as it has it open; `hotline restore` needs
//! the lock exclusively. So a restore under a running server is refused
//! instead of pulling the files from under it (the server would go on
//! answering 201 into deleted files and issue the lost numbers again), and
//! a server does not start in the middle of a restore.
//!
//! `flock` locks belong to the open file and go with it, so a process that
//! dies, even by kill -9, leaves nothing stale behind.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// A held lock; dropping it lets go.
#[derive(Debug)]
pub struct Held(#[allow(dead_code)] File);

/// The lock file of the database at `database`.
pub fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Taken by every process that opens the database.
pub fn hold_shared(database: &Path) -> anyhow::Result<Held> {
    hold(database, libc::LOCK_SH).map_err(|lock| {
        anyhow::anyhow!(
            "{} is being restored (its lock file {} is held); start again when that is done",
            database.display(),
            lock.display()
        )
    })
}

/// Taken by a restore: no other process may have the database open.
pub fn hold_exclusive(database: &Path) -> anyhow::Result<Held> {
    hold(database, libc::LOCK_EX).map_err(|lock| {
        anyhow::anyhow!(
            "{} is open in a running instance or command (its lock file {} is held): stop every instance first",
            database.display(),
            lock.display()
        )
    })
}

/// Locks without waiting; the error is the lock file's path when another
/// process holds the lock in a conflicting mode.
fn hold(database: &Path, mode: libc::c_int) -> Result<Held, PathBuf> {
    let path = lock_path(database);
    let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).mode(0o600).open(&path);
    let Ok(file) = file else { return Err(path) };
    // SAFETY: flock only reads the descriptor, which `file` keeps open.
    let locked = unsafe { libc::flock(file.as_raw_fd(), mode | libc::LOCK_NB) } == 0;
    if locked {
        Ok(Held(file))
    } else {
        Err(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> PathBuf {
        std::env::temp_dir().join(format!("hotline-lock-{}.db", uuid::Uuid::new_v4()))
    }

    #[test]
    fn instances_share_the_database_and_a_restore_waits_for_all_of_them() {
        let db = database();
        let first = hold_shared(&db).unwrap();
        let second = hold_shared(&db).unwrap();
        let refused = hold_exclusive(&db).unwrap_err().to_string();
        assert!(refused.contains("stop every instance"), "{refused}");
        drop(first);
        assert!(hold_exclusive(&db).is_err(), "one instance still has it open");
        drop(second);
        let restoring = hold_exclusive(&db).unwrap();
        let refused = hold_shared(&db).unwrap_err().to_string();
        assert!(refused.contains("being restored"), "{refused}");
        drop(restoring);
        assert!(hold_shared(&db).is_ok());
        std::fs::remove_file(lock_path(&db)).unwrap();
    }
}
