//! `--shard K/N`: a share of the inputs that any machine computes alike.
//!
//! A large archive is split over N machines (or CI jobs) that each see the
//! whole input tree. Each keeps the sources whose hash falls in its bucket,
//! so the split needs no coordination and no list of files passed around;
//! `minutes merge` then joins the shard outputs. The hash is of the
//! relative `source`, not the path, so machines that check the archive out
//! in different places still agree, and BLAKE3 rather than std's hasher so
//! that they agree whatever Rust they were built with.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::load::{InputFile, WalkError};

/// Share `index` (1-based) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Every input: an unsharded run.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// The shard written `K/N`, or why the text is not one.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("{text:?} is not a shard: expected K/N with 1 <= K <= N");
        let (k, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether `source` belongs to this shard.
    pub fn holds(&self, source: &str) -> bool {
        self.count <= 1 || bucket(source, self.count) == self.index - 1
    }

    /// The files and walk errors of this shard, in their order.
    pub fn select(
        &self,
        files: Vec<InputFile>,
        errors: Vec<WalkError>,
    ) -> (Vec<InputFile>, Vec<WalkError>) {
        if *self == Shard::WHOLE {
            return (files, errors);
        }
        (
            files
                .into_iter()
                .filter(|f| self.holds(&f.source))
                .collect(),
            errors.into_iter().filter(|(s, _)| self.holds(s)).collect(),
        )
    }
}

/// The 0-based bucket of `source` among `count`.
pub fn bucket(source: &str, count: u64) -> u64 {
    let hash = blake3::hash(source.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first) % count.max(1)
}

impl Default for Shard {
    fn default() -> Shard {
        Shard::WHOLE
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        Shard::parse(text)
    }
}

impl Serialize for Shard {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Shard {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shard, D::Error> {
        let text = String::deserialize(d)?;
        Shard::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n_and_refuses_the_rest() {
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        assert_eq!(Shard::parse("1/1"), Ok(Shard::WHOLE));
        for bad in ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3", "-1/2", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(Shard::parse("2/3").unwrap().to_string(), "2/3");
    }

    #[test]
    fn every_source_is_in_exactly_one_shard() {
        let sources: Vec<String> = (0..500)
            .map(|i| format!("dir{}/doc{i}.txt", i % 7))
            .collect();
        for count in 1..=5 {
            let mut sizes = vec![0usize; count as usize];
            for source in &sources {
                let owners: Vec<u64> = (1..=count)
                    .filter(|&index| Shard { index, count }.holds(source))
                    .collect();
                assert_eq!(owners.len(), 1, "{source} in shards {owners:?} of {count}");
                sizes[owners[0] as usize - 1] += 1;
            }
            // A hash, not a range: every shard gets a fair share.
            assert!(
                sizes
                    .iter()
                    .all(|&n| n * count as usize > sources.len() / 2),
                "{sizes:?}"
            );
        }
    }

    #[test]
    fn the_bucket_is_fixed_by_the_source_alone() {
        // Pinned: a change here would split old and new shards differently.
        assert_eq!(bucket("a.txt", 1), 0);
        let pinned: Vec<u64> = ["a.txt", "b/c.md", "2024/x.docx"]
            .iter()
            .map(|s| bucket(s, 1000))
            .collect();
        assert_eq!(pinned, [508, 148, 92]);
    }
}
