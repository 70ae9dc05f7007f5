//! Finding the input files and reading their bytes.
//!
//! Inputs are files and folders; folders are walked recursively without
//! following a symlink into a folder already being walked (a loop would
//! never end). Every file found becomes an [`InputFile`], even one we cannot
//! read: what happens to it is decided later, and always reported.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};

/// One file to process.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// Path relative to the input root it was found under, `/`-separated;
    /// the file name alone when the input was a file. This is the `source`
    /// column and the sort key, so output does not depend on where the
    /// archive sits on disk.
    pub source: String,
    pub path: PathBuf,
}

/// A problem met while walking, with the source it is reported under.
pub type WalkError = (String, Error);

/// Every file under `roots`, sorted by source, and the errors met walking
/// (unreadable folders, symlink loops, dangling links), each with its path
/// relative to its input root so that errors.csv does not depend on where
/// the archive sits.
pub fn list_inputs(roots: &[PathBuf]) -> (Vec<InputFile>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        walk_root(root, &mut files, &mut errors);
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    errors.sort_by(|a, b| a.0.cmp(&b.0));
    (files, errors)
}

fn walk_root(root: &Path, files: &mut Vec<InputFile>, errors: &mut Vec<WalkError>) {
    let meta = match fs::metadata(root) {
        Ok(meta) => meta,
        Err(err) => {
            errors.push((root.to_string_lossy().into_owned(), Error::io(root, err)));
            return;
        }
    };
    let mut fail = |path: &Path, err: Error| errors.push((relative_source(root, path), err));
    if !meta.is_dir() {
        let source = root.file_name().map_or_else(
            || root.to_string_lossy().into_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        files.push(InputFile {
            source,
            path: root.to_path_buf(),
        });
        return;
    }
    let mut seen_dirs = Vec::new();
    if let Ok(canon) = fs::canonicalize(root) {
        seen_dirs.push(canon);
    }
    // An explicit stack: folders 60 (or 6,000) deep must not grow the call stack.
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                fail(&dir, Error::io(&dir, err));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    fail(&dir, Error::io(&dir, err));
                    continue;
                }
            };
            let path = entry.path();
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(err) => {
                    // A dangling symlink or a loop of symlinks to files.
                    fail(&path, Error::io(&path, err));
                    continue;
                }
            };
            if meta.is_dir() {
                match fs::canonicalize(&path) {
                    Ok(canon) if seen_dirs.contains(&canon) || is_ancestor_loop(&canon, &path) => {
                        fail(
                            &path,
                            Error::new(
                                &path,
                                ErrorKind::Io(std::io::Error::other(
                                    "symlink loop: folder already walked",
                                )),
                            ),
                        );
                    }
                    Ok(canon) => {
                        seen_dirs.push(canon);
                        stack.push(path);
                    }
                    Err(err) => fail(&path, Error::io(&path, err)),
                }
            } else {
                files.push(InputFile {
                    source: relative_source(root, &path),
                    path,
                });
            }
        }
    }
}

/// A symlink that points at one of its own ancestors.
fn is_ancestor_loop(canon: &Path, path: &Path) -> bool {
    fs::canonicalize(path.parent().unwrap_or(path)).is_ok_and(|parent| parent.starts_with(canon))
}

fn relative_source(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The file's bytes, refusing files over `limit` before reading them.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if size > limit {
        return Err(Error::new(path, ErrorKind::TooLarge { size, limit }));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while we read it.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(
            path,
            ErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit,
            },
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_source_uses_forward_slashes() {
        let root = Path::new("/in");
        assert_eq!(relative_source(root, Path::new("/in/a/b.txt")), "a/b.txt");
    }

    #[test]
    fn lists_nested_files_sorted() {
        let dir = std::env::temp_dir().join(format!("minutes-load-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("b/c")).unwrap();
        fs::write(dir.join("b/c/z.txt"), "z").unwrap();
        fs::write(dir.join("a.txt"), "a").unwrap();
        let (files, errors) = list_inputs(std::slice::from_ref(&dir));
        let sources: Vec<_> = files.iter().map(|f| f.source.as_str()).collect();
        assert_eq!(sources, ["a.txt", "b/c/z.txt"]);
        assert!(errors.is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn read_bytes_refuses_large_files() {
        let path = std::env::temp_dir().join(format!("minutes-big-{}", std::process::id()));
        fs::write(&path, [b'x'; 100]).unwrap();
        let err = read_bytes(&path, 10).unwrap_err();
        assert_eq!(err.category(), "too_large");
        fs::remove_file(&path).unwrap();
    }
}
