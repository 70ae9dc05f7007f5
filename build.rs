//! Fingerprints the sources the program is built from, for the record cache
//! of incremental runs (src/manifest.rs).
//!
//! A cached record may be reused only by a program that would extract the
//! same record. The package version does not change when the extraction
//! rules in `src/`, the lexicons in `data/`, the embedded theme rules, the
//! locked dependency versions or the compiler change, so the cache would
//! silently serve stale results to anyone building from an edited tree.
//! Hashing those files at build time makes every such change invalidate the
//! cache, with no constant to remember to bump.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The inputs of the fingerprint: folders are walked recursively.
const INPUTS: &[&str] = &[
    "src",
    "data",
    "rules",
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut hash = Fnv128::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        let mut files = Vec::new();
        collect(&root.join(input), &mut files);
        files.sort();
        for file in files {
            let rel = file.strip_prefix(&root).unwrap_or(&file);
            hash.write(rel.to_string_lossy().replace('\\', "/").as_bytes());
            hash.write(&[0]);
            // A file that vanished mid-build hashes as empty; the build
            // itself will report it.
            let bytes = fs::read(&file).unwrap_or_default();
            hash.write(&(bytes.len() as u64).to_le_bytes());
            hash.write(&bytes);
        }
    }
    // The compiler's own tables (Unicode properties, sort order) shape the
    // output too.
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    if let Ok(out) = Command::new(rustc).arg("-vV").output() {
        hash.write(&out.stdout);
    }
    println!("cargo:rustc-env=MINUTES_BUILD={:032x}", hash.finish());
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    let Ok(meta) = fs::metadata(path) else {
        return;
    };
    if meta.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        collect(&entry.path(), files);
    }
}

/// FNV-1a, 128 bits: a fingerprint of our own files needs no cryptographic
/// hash, and this one costs no build-dependency.
struct Fnv128(u128);

impl Fnv128 {
    fn new() -> Fnv128 {
        Fnv128(0x6c62272e07bb014262b821756295c58d)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(0x0000000001000000000000000000013B);
        }
    }

    fn finish(&self) -> u128 {
        self.0
    }
}
