//! `minutes merge`: the outputs of `extract --shard K/N` joined into the
//! dataset one run over every input writes.
//!
//! The shards' record caches are the source, not their CSV or JSON: they
//! hold every record whole, checked line by line, and each in input order,
//! so the merge streams them side by side and keeps one record per shard
//! in memory. The records go through the same writer as a run does, in the
//! same order, which is why the bytes are those of an unsharded run. The
//! merged folder gets a cache too, so later runs into it are incremental.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::OutputFormat;
use crate::error::{Error, ErrorKind};
use crate::manifest::{CacheReader, CacheWriter, Header, Kept};
use crate::pipeline::{write_outcome, Summary};
use crate::shard::Shard;
use crate::write::DatasetWriter;

/// Merge the shard output folders `shards` into `out`.
pub fn merge(shards: &[PathBuf], out: &Path, formats: &[OutputFormat]) -> Result<Summary, Error> {
    let started = Instant::now();
    let mut readers = open_shards(shards)?;
    let header = Header {
        shard: Shard::WHOLE,
        ..readers[0].1.header().clone()
    };
    let mut writer = DatasetWriter::create(out, formats, header.csv_safe)?;
    let mut cache = CacheWriter::create(out, &header)?;
    let mut heads = Vec::with_capacity(readers.len());
    for (dir, reader) in &mut readers {
        heads.push(next_of(dir, reader)?);
    }
    let mut summary = Summary::default();
    while let Some(i) = first_head(&heads) {
        let (dir, reader) = &mut readers[i];
        let Some(kept) = std::mem::replace(&mut heads[i], next_of(dir, reader)?) else {
            break;
        };
        if let Some(next) = &heads[i] {
            if key(next) < key(&kept) {
                return Err(invalid(
                    dir,
                    format!(
                        "{} comes after {}: not in input order",
                        kept.entry.source, next.entry.source
                    ),
                ));
            }
        }
        if let Some(j) = (0..heads.len()).find(|&j| j != i && same_key(&heads[j], &kept)) {
            return Err(invalid(
                &readers[j].0,
                format!(
                    "{} is also in {}: the shards overlap",
                    kept.entry.source,
                    readers[i].0.display()
                ),
            ));
        }
        summary.add(&kept.outcome);
        let content = kept.entry.content();
        cache.push(&kept.entry.source, content, kept.entry.walk, &kept.line)?;
        write_outcome(&mut writer, &kept.outcome)?;
    }
    writer.finish()?;
    cache.finish()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The caches of `shards`, once they are known to be the N shards of one
/// run: same program, rules, settings and CSV mode, each K of N once.
fn open_shards(shards: &[PathBuf]) -> Result<Vec<(PathBuf, CacheReader)>, Error> {
    let mut readers: Vec<(PathBuf, CacheReader)> = Vec::with_capacity(shards.len());
    for dir in shards {
        let reader = CacheReader::open(dir)?;
        if let Some((first_dir, first)) = readers.first() {
            check_compatible(dir, reader.header(), first_dir, first.header())?;
        }
        if let Some((other, _)) = readers
            .iter()
            .find(|(_, r)| r.header().shard == reader.header().shard)
        {
            return Err(invalid(
                dir,
                format!(
                    "shard {} is given twice (also {}): the shards overlap",
                    reader.header().shard,
                    other.display()
                ),
            ));
        }
        readers.push((dir.clone(), reader));
    }
    let Some((first_dir, first)) = readers.first() else {
        return Err(invalid(Path::new("."), "no shard to merge".to_string()));
    };
    let count = first.header().shard.count;
    if let Some(index) =
        (1..=count).find(|&index| !readers.iter().any(|(_, r)| r.header().shard.index == index))
    {
        return Err(invalid(
            first_dir,
            format!("shard {index}/{count} is missing: merge needs all {count}"),
        ));
    }
    Ok(readers)
}

fn check_compatible(
    dir: &Path,
    header: &Header,
    first_dir: &Path,
    first: &Header,
) -> Result<(), Error> {
    let problem = if let Some(what) = header.records_differ(first) {
        format!("not made with the same {what} as {}", first_dir.display())
    } else if header.csv_safe != first.csv_safe {
        format!(
            "written with a --raw-csv other than {}'s",
            first_dir.display()
        )
    } else if header.shard.count != first.shard.count {
        format!(
            "shard {} cannot join shard {} of {}",
            header.shard,
            first.shard,
            first_dir.display()
        )
    } else {
        return Ok(());
    };
    Err(invalid(dir, problem))
}

/// The next line of a shard, checked to belong to it.
fn next_of(dir: &Path, reader: &mut CacheReader) -> Result<Option<Kept>, Error> {
    let Some(kept) = reader.next().transpose()? else {
        return Ok(None);
    };
    let shard = reader.header().shard;
    if !shard.holds(&kept.entry.source) {
        return Err(invalid(
            dir,
            format!(
                "{} does not belong to shard {shard}: the shards overlap",
                kept.entry.source
            ),
        ));
    }
    Ok(Some(kept))
}

/// A run writes its files in source order, then the walk errors in source
/// order: the order of the merge.
fn key(kept: &Kept) -> (bool, &str) {
    (kept.entry.walk, &kept.entry.source)
}

fn same_key(head: &Option<Kept>, kept: &Kept) -> bool {
    head.as_ref().is_some_and(|h| key(h) == key(kept))
}

/// The shard whose next line comes first (a linear scan: shards are few).
fn first_head(heads: &[Option<Kept>]) -> Option<usize> {
    heads
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.as_ref().map(|h| (key(h), i)))
        .min()
        .map(|(_, i)| i)
}

fn invalid(dir: &Path, message: String) -> Error {
    Error::new(dir, ErrorKind::Format(message))
}
