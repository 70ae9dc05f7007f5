//! The record cache of incremental runs and shard merges: `OUT/.minutes/`.
//!
//! Extraction costs about a second per MB, so a re-run over an archive where
//! one file changed should pay for that file and the writing, not for the
//! archive. The dataset files cannot be patched in place (a document's rows
//! sit among everyone else's, and errors.csv is sorted), so every run
//! writes them whole: fresh records for new or changed inputs, records kept
//! here for the rest, in input order, through the same writer — which is
//! why the bytes cannot differ from a full run's.
//!
//! Two JSON Lines files, streamed in output order next to the run's other
//! temporary files and renamed into place when it ends:
//! - `records.jsonl`, one line per input: `{"sentences":[…],"document":{…}}`
//!   (the record as the model serialises it, each evidence sentence as its
//!   number in `sentences`) or `{"error":{"source","kind","message"}}`;
//! - `manifest.jsonl`, a [`Header`] line saying what made the records
//!   (program version and build fingerprint, rules and settings hashes),
//!   then one [`Entry`] per records line: the input's source, the BLAKE3
//!   hash and size of its bytes, and where its line lies and hashes to.
//!
//! A record is reused only when the header matches the run and an entry
//! matches the input's source, size and content hash, and its line still
//! hashes to what the entry says. Anything else (no cache, another program
//! or other rules, a damaged file) means processing the input again: the
//! cache makes runs faster, never different. Only the index of the manifest
//! is held in memory; records are read one at a time by the workers that
//! reuse them.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::model::{
    sentence_json, sentence_table_from_json, with_sentence_table, with_sentences_numbered,
    DocumentRecord, Evidence, Field,
};
use crate::shard::Shard;
use crate::write::ErrorRow;

/// The cache folder inside an output folder.
pub const CACHE_DIR: &str = ".minutes";
const MANIFEST: &str = "manifest.jsonl";
const RECORDS: &str = "records.jsonl";

/// Layout of the cache files; bump when they change shape. Changes to what
/// is extracted need no bump: the build fingerprint covers them.
pub const CACHE_FORMAT: u32 = 2;

/// What became of one input: its record, or its row of errors.csv.
pub type Outcome = Result<DocumentRecord, ErrorRow>;

/// What the records of a cache were made by and with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// [`CACHE_FORMAT`] of the writer.
    pub minutes_cache: u32,
    /// The package version.
    pub version: String,
    /// Fingerprint of the sources, lexicons, locked dependencies and compiler
    /// the program was built from (build.rs).
    pub build: String,
    /// BLAKE3 of the theme rules text.
    pub rules: String,
    /// BLAKE3 of the other settings that shape a record (limits, forced
    /// input format).
    pub settings: String,
    /// CSV cells neutralised (`--raw-csv` not given): no effect on records,
    /// but a merge must write what the shards wrote.
    pub csv_safe: bool,
    pub shard: Shard,
}

impl Header {
    /// The header of a run with `config`.
    pub fn of(config: &Config) -> Header {
        Header {
            minutes_cache: CACHE_FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            build: env!("MINUTES_BUILD").to_string(),
            rules: blake3::hash(config.rules.source_text.as_bytes())
                .to_hex()
                .to_string(),
            settings: settings_hash(config),
            csv_safe: config.csv_safe,
            shard: config.shard,
        }
    }

    /// The first thing that makes records under `self` possibly differ from
    /// records under `other`, named for an error message; `None` when a
    /// record made under one is what the other would make.
    pub fn records_differ(&self, other: &Header) -> Option<&'static str> {
        if self.minutes_cache != other.minutes_cache {
            Some("cache format")
        } else if self.version != other.version {
            Some("minutes version")
        } else if self.build != other.build {
            Some("minutes build")
        } else if self.rules != other.rules {
            Some("theme rules")
        } else if self.settings != other.settings {
            Some("limits or --input-format")
        } else {
            None
        }
    }
}

/// Every setting that changes a record (not how it is written) must be in
/// here, or a cached record could outlive a change of setting.
fn settings_hash(config: &Config) -> String {
    let text = format!(
        "input_format={}\nmax_file_bytes={}\nmax_text_bytes={}\nmax_expanded_bytes={}\nformat_max_text_bytes={}\n",
        config.input_format.map_or("", |f| f.name()),
        config.max_file_bytes,
        config.max_text_bytes,
        config.format_limits.max_expanded_bytes,
        config.format_limits.max_text_bytes,
    );
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// An input's bytes as the cache knows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Content {
    pub hash: [u8; 32],
    pub size: u64,
}

impl Content {
    pub fn of(bytes: &[u8]) -> Content {
        Content {
            hash: *blake3::hash(bytes).as_bytes(),
            size: bytes.len() as u64,
        }
    }
}

/// One line of the manifest after the header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub source: String,
    /// BLAKE3 of the input's bytes (hex); absent for outcomes decided
    /// without reading them (unsupported, unreadable, too large, walk
    /// errors), which are cheap to decide again and never reused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Where the line lies in records.jsonl, and its BLAKE3 (hex).
    pub offset: u64,
    pub len: u64,
    pub check: String,
    /// An error met walking the folders: written after the files, as a run
    /// does, so that a merge can keep that order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub walk: bool,
}

impl Entry {
    /// The input's bytes as recorded, when they were read.
    pub fn content(&self) -> Option<Content> {
        let hash = blake3::Hash::from_hex(self.hash.as_deref()?).ok()?;
        Some(Content {
            hash: *hash.as_bytes(),
            size: self.size?,
        })
    }
}

/// An error's line: `{"error":{…}}`.
#[derive(Serialize, Deserialize)]
struct ErrorLine<T> {
    error: ErrorFields<T>,
}

#[derive(Serialize, Deserialize)]
struct ErrorFields<T> {
    source: T,
    kind: T,
    message: T,
}

/// A document's line read back: the table comes first, so the numbers in
/// the document that follows are read against it.
#[derive(Deserialize)]
struct DocumentLine {
    #[serde(rename = "sentences", deserialize_with = "sentence_table_from_json")]
    _table: (),
    document: Box<DocumentRecord>,
}

/// The records line of an outcome, newline included: for a document,
/// `{"sentences":[…],"document":{…}}`, where every evidence sentence of the
/// document is its number in `sentences` (see [`with_sentences_numbered`]).
pub fn line_of(outcome: &Outcome) -> Result<Vec<u8>, serde_json::Error> {
    let record = match outcome {
        Ok(record) => record,
        Err(row) => {
            let line = ErrorLine {
                error: ErrorFields {
                    source: row.source.as_str(),
                    kind: row.kind,
                    message: row.message.as_str(),
                },
            };
            let mut bytes = serde_json::to_vec(&line)?;
            bytes.push(b'\n');
            return Ok(bytes);
        }
    };
    let (document, table) = with_sentences_numbered(|| serde_json::to_vec(record));
    let document = document?;
    let mut line = Vec::with_capacity(document.len() + 64 * table.len() + 32);
    line.extend_from_slice(b"{\"sentences\":");
    serde_json::to_writer(&mut line, &SentencesJson(&table))?;
    line.extend_from_slice(b",\"document\":");
    line.extend_from_slice(&document);
    line.extend_from_slice(b"}\n");
    Ok(line)
}

/// The sentence table as a JSON array, each escaped as evidence is (once
/// for the dataset's JSON too, inside
/// [`crate::model::with_sentences_escaped_once`]).
struct SentencesJson<'a>(&'a [Arc<str>]);

impl Serialize for SentencesJson<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = ser.serialize_seq(Some(self.0.len()))?;
        for sentence in self.0 {
            seq.serialize_element(&SentenceJson(sentence))?;
        }
        seq.end()
    }
}

/// One sentence written as an evidence sentence is.
struct SentenceJson<'a>(&'a Arc<str>);

impl Serialize for SentenceJson<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        sentence_json(self.0, ser)
    }
}

/// The outcome a records line holds.
pub fn outcome_in(line: &[u8]) -> Result<Outcome, serde_json::Error> {
    if line.starts_with(b"{\"error\":") {
        let line: ErrorLine<String> = serde_json::from_slice(line)?;
        let ErrorFields {
            source,
            kind,
            message,
        } = line.error;
        return Ok(Err(ErrorRow {
            source,
            kind: intern(&kind).ok_or_else(|| serde_json::Error::custom(TOO_MANY_NAMES))?,
            message,
        }));
    }
    let line: DocumentLine = with_sentence_table(|| serde_json::from_slice(line))?;
    Ok(Ok(*line.document))
}

const TOO_MANY_NAMES: &str = "too many distinct field, rule or error names";

/// The `&'static str` of the model (field, rule and error-kind names) for
/// a name read back from a cache. They come from a short fixed set in the
/// code, so each distinct one is leaked once and shared; the cap bounds
/// what a damaged cache can leak (past it, its lines are misses).
fn intern(name: &str) -> Option<&'static str> {
    const CAP: usize = 4096;
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(&known) = names.get(name) {
        return Some(known);
    }
    if names.len() >= CAP {
        return None;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    Some(leaked)
}

#[derive(Deserialize)]
struct FieldLine {
    field: String,
    value: String,
    rule: String,
    #[serde(flatten)]
    evidence: Evidence,
}

/// Here rather than derived in model.rs: the names are `&'static str`
/// there, which a derive cannot read back from a file.
impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        let line = FieldLine::deserialize(d)?;
        let name = |s: &str| intern(s).ok_or_else(|| D::Error::custom(TOO_MANY_NAMES));
        Ok(Field {
            field: name(&line.field)?,
            value: line.value,
            rule: name(&line.rule)?,
            evidence: line.evidence,
        })
    }
}

fn hex(bytes: &[u8; 32]) -> String {
    blake3::Hash::from(*bytes).to_hex().to_string()
}

/// Streams a new cache next to the old one; [`CacheWriter::finish`] renames
/// it into place, and dropping it unfinished removes it.
pub struct CacheWriter {
    dir: PathBuf,
    records_tmp: PathBuf,
    manifest_tmp: PathBuf,
    records: BufWriter<File>,
    manifest: BufWriter<File>,
    offset: u64,
    finished: bool,
}

impl CacheWriter {
    /// Start the cache of output folder `out`.
    pub fn create(out: &Path, header: &Header) -> Result<CacheWriter, Error> {
        let dir = out.join(CACHE_DIR);
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let tmp = |name: &str| dir.join(format!(".tmp-{}-{name}", std::process::id()));
        let (records_tmp, manifest_tmp) = (tmp(RECORDS), tmp(MANIFEST));
        let create = |path: &Path| {
            File::create(path)
                .map(crate::write::buffered)
                .map_err(|e| Error::io(path, e))
        };
        let records = create(&records_tmp)?;
        let mut manifest = create(&manifest_tmp)?;
        serde_json::to_writer(&mut manifest, header)
            .map_err(std::io::Error::other)
            .and_then(|_| manifest.write_all(b"\n"))
            .map_err(|e| Error::io(&manifest_tmp, e))?;
        Ok(CacheWriter {
            dir,
            records_tmp,
            manifest_tmp,
            records,
            manifest,
            offset: 0,
            finished: false,
        })
    }

    /// Append the line of one outcome, with what it is the outcome of.
    pub fn push(
        &mut self,
        source: &str,
        content: Option<Content>,
        walk: bool,
        line: &[u8],
    ) -> Result<(), Error> {
        self.records
            .write_all(line)
            .map_err(|e| Error::io(&self.records_tmp, e))?;
        let entry = Entry {
            source: source.to_string(),
            hash: content.map(|c| hex(&c.hash)),
            size: content.map(|c| c.size),
            offset: self.offset,
            len: line.len() as u64,
            check: blake3::hash(line).to_hex().to_string(),
            walk,
        };
        self.offset += line.len() as u64;
        serde_json::to_writer(&mut self.manifest, &entry)
            .map_err(std::io::Error::other)
            .and_then(|_| self.manifest.write_all(b"\n"))
            .map_err(|e| Error::io(&self.manifest_tmp, e))
    }

    /// Flush and move into place: records first, so that a crash between
    /// the two renames leaves an old manifest whose checks then fail (a
    /// slower run, never a wrong one).
    pub fn finish(mut self) -> Result<(), Error> {
        self.records
            .flush()
            .map_err(|e| Error::io(&self.records_tmp, e))?;
        self.manifest
            .flush()
            .map_err(|e| Error::io(&self.manifest_tmp, e))?;
        for (tmp, name) in [(&self.records_tmp, RECORDS), (&self.manifest_tmp, MANIFEST)] {
            let to = self.dir.join(name);
            fs::rename(tmp, &to).map_err(|e| Error::io(&to, e))?;
        }
        self.finished = true;
        Ok(())
    }
}

impl Drop for CacheWriter {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_file(&self.records_tmp);
            let _ = fs::remove_file(&self.manifest_tmp);
        }
    }
}

/// Where a reusable line lies.
#[derive(Clone, Copy, Debug)]
struct Slot {
    content: Content,
    offset: u64,
    len: u64,
    check: [u8; 32],
}

/// The results of an earlier run that this run may reuse.
#[derive(Debug)]
pub struct Previous {
    records: PathBuf,
    /// By source; a source may have several contents when two input roots
    /// hold the same relative name.
    index: HashMap<String, Vec<Slot>>,
}

impl Previous {
    /// The cache in output folder `out`, if it was made by this program with
    /// the records `header` describes; `None` (a full run) otherwise, or
    /// when it is missing or unreadable.
    pub fn open(out: &Path, header: &Header) -> Option<Previous> {
        let dir = out.join(CACHE_DIR);
        let mut lines = BufReader::new(File::open(dir.join(MANIFEST)).ok()?).lines();
        let theirs: Header = serde_json::from_str(&lines.next()?.ok()?).ok()?;
        if theirs.records_differ(header).is_some() {
            return None;
        }
        let mut index: HashMap<String, Vec<Slot>> = HashMap::new();
        for line in lines {
            let entry: Entry = serde_json::from_str(&line.ok()?).ok()?;
            let (Some(content), Ok(check)) =
                (entry.content(), blake3::Hash::from_hex(&entry.check))
            else {
                continue;
            };
            index.entry(entry.source).or_default().push(Slot {
                content,
                offset: entry.offset,
                len: entry.len,
                check: *check.as_bytes(),
            });
        }
        Some(Previous {
            records: dir.join(RECORDS),
            index,
        })
    }

    /// The kept outcome of `source` with `content`, and its line, when the
    /// cache holds one that is intact.
    pub fn reuse(&self, source: &str, content: &Content) -> Option<(Outcome, Vec<u8>)> {
        let slot = self
            .index
            .get(source)?
            .iter()
            .find(|s| s.content == *content)?;
        let line = self.read_line(slot).ok()?;
        if blake3::hash(&line).as_bytes() != &slot.check {
            return None;
        }
        let outcome = outcome_in(&line).ok()?;
        let kept_source = match &outcome {
            Ok(record) => &record.source,
            Err(row) => &row.source,
        };
        (kept_source == source).then_some((outcome, line))
    }

    fn read_line(&self, slot: &Slot) -> std::io::Result<Vec<u8>> {
        // Opened per read: no handle outlives the run's rename of the file.
        let mut file = File::open(&self.records)?;
        file.seek(SeekFrom::Start(slot.offset))?;
        let len = usize::try_from(slot.len).map_err(std::io::Error::other)?;
        let mut line = vec![0; len];
        file.read_exact(&mut line)?;
        Ok(line)
    }
}

/// One line of a cache, read in order.
#[derive(Debug)]
pub struct Kept {
    pub entry: Entry,
    pub line: Vec<u8>,
    pub outcome: Outcome,
}

/// Reads a whole cache in order, checking every line: for `minutes merge`,
/// where the cache is the only source of the records.
pub struct CacheReader {
    manifest_path: PathBuf,
    records_path: PathBuf,
    header: Header,
    manifest: std::io::Lines<BufReader<File>>,
    records: BufReader<File>,
    offset: u64,
}

impl CacheReader {
    /// The cache of output folder `out`.
    pub fn open(out: &Path) -> Result<CacheReader, Error> {
        let dir = out.join(CACHE_DIR);
        let (manifest_path, records_path) = (dir.join(MANIFEST), dir.join(RECORDS));
        let open = |path: &Path| {
            File::open(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => damaged(
                    path,
                    "no record cache: not an output folder of this minutes".to_string(),
                ),
                _ => Error::io(path, e),
            })
        };
        let mut manifest = BufReader::new(open(&manifest_path)?).lines();
        let records = BufReader::new(open(&records_path)?);
        let first = manifest
            .next()
            .transpose()
            .map_err(|e| Error::io(&manifest_path, e))?
            .unwrap_or_default();
        let header = serde_json::from_str(&first).map_err(|e| {
            damaged(
                &manifest_path,
                format!("not a minutes record cache header: {e}"),
            )
        })?;
        Ok(CacheReader {
            manifest_path,
            records_path,
            header,
            manifest,
            records,
            offset: 0,
        })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    fn read(&mut self, text: std::io::Result<String>) -> Result<Kept, Error> {
        let text = text.map_err(|e| Error::io(&self.manifest_path, e))?;
        let entry: Entry = serde_json::from_str(&text)
            .map_err(|e| damaged(&self.manifest_path, format!("bad entry: {e}")))?;
        if entry.offset != self.offset {
            return Err(damaged(
                &self.manifest_path,
                format!("entry of {} is out of place", entry.source),
            ));
        }
        let len =
            usize::try_from(entry.len).map_err(|e| damaged(&self.manifest_path, e.to_string()))?;
        let mut line = vec![0; len];
        self.records
            .read_exact(&mut line)
            .map_err(|e| Error::io(&self.records_path, e))?;
        self.offset += entry.len;
        if blake3::hash(&line).to_hex().as_str() != entry.check {
            return Err(damaged(
                &self.records_path,
                format!("the line of {} does not match the manifest", entry.source),
            ));
        }
        let outcome = outcome_in(&line).map_err(|e| {
            damaged(
                &self.records_path,
                format!("the line of {}: {e}", entry.source),
            )
        })?;
        Ok(Kept {
            entry,
            line,
            outcome,
        })
    }
}

impl Iterator for CacheReader {
    type Item = Result<Kept, Error>;

    fn next(&mut self) -> Option<Result<Kept, Error>> {
        let text = self.manifest.next()?;
        Some(self.read(text))
    }
}

fn damaged(path: &Path, message: String) -> Error {
    Error::new(path, ErrorKind::Format(message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process_text;
    use crate::rules::Rules;

    fn fixtures() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["tests/data", "input"] {
            let mut entries: Vec<_> = fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
                .collect();
            entries.sort();
            for path in entries {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                texts.push((name, fs::read_to_string(&path).unwrap()));
            }
        }
        texts
    }

    #[test]
    fn every_fixture_record_survives_the_cache_unchanged() {
        let rules = Rules::default_rules();
        let texts = fixtures();
        assert!(texts.len() > 10);
        for (name, text) in texts {
            let record = process_text(&name, &text, &rules);
            let line = line_of(&Ok(record.clone())).unwrap();
            assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
            let back = outcome_in(&line).unwrap().unwrap();
            assert_eq!(back, record, "{name}");
            // And the same line again: the cache is deterministic.
            assert_eq!(line_of(&Ok(back)).unwrap(), line, "{name}");
        }
    }

    #[test]
    fn a_line_holds_each_shared_sentence_once_and_reads_back_shared() {
        let text = "H.E. Mr. Hiroshi Yoshida, Vice Minister of the Ministry of Internal \
                    Affairs and Communications, Japan emphasised that cybersecurity and \
                    artificial intelligence need trust.\n";
        let record = process_text("a.txt", text, &Rules::default_rules());
        let fields: Vec<&Field> = record.speakers.iter().flat_map(|s| &s.evidence).collect();
        assert!(fields.len() >= 4, "{fields:?}");
        let sentence = &fields[0].evidence.sentence;
        let line = line_of(&Ok(record.clone())).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&line).unwrap();
        // The sentence is in the table once, and cited by its number.
        let table = json["sentences"].as_array().unwrap();
        let copies = table
            .iter()
            .filter(|s| s.as_str() == Some(&**sentence))
            .count();
        assert_eq!(copies, 1, "{table:?}");
        let text_of_line = String::from_utf8(line.clone()).unwrap();
        assert_eq!(text_of_line.matches(&**sentence).count(), 1);
        let cited = &json["document"]["speakers"][0]["evidence"][0];
        assert!(cited["sentence"].is_u64(), "{cited}");
        // Read back: the same record, its fields sharing one sentence again.
        let back = outcome_in(&line).unwrap().unwrap();
        assert_eq!(back, record);
        let back_fields: Vec<&Field> = back.speakers.iter().flat_map(|s| &s.evidence).collect();
        assert!(back_fields
            .iter()
            .all(|f| Arc::ptr_eq(&f.evidence.sentence, &back_fields[0].evidence.sentence)));
    }

    #[test]
    fn a_line_whose_numbers_miss_its_table_is_damaged() {
        let text = "Ms. Ana Ruiz, Director of Policy, said the plan was ready.\n";
        let record = process_text("a.txt", text, &Rules::default_rules());
        let line = String::from_utf8(line_of(&Ok(record)).unwrap()).unwrap();
        let (_, document) = line.split_once(",\"document\":").unwrap();
        for damaged in [
            format!("{{\"sentences\":[],\"document\":{document}"),
            format!("{{\"document\":{document}"),
        ] {
            assert!(outcome_in(damaged.as_bytes()).is_err(), "{damaged}");
        }
        // A sentence written out in full is read as itself.
        let evidence: Evidence =
            serde_json::from_str(r#"{"start":0,"end":2,"sentence":"Ms. Ruiz spoke."}"#).unwrap();
        assert_eq!(&*evidence.sentence, "Ms. Ruiz spoke.");
    }

    #[test]
    fn an_error_row_survives_the_cache() {
        let row = ErrorRow {
            source: "a/b.png".into(),
            kind: "unsupported",
            message: "skipped: \"png\"".into(),
        };
        let line = line_of(&Err(row.clone())).unwrap();
        assert_eq!(outcome_in(&line).unwrap(), Err(row));
    }

    #[test]
    fn another_build_or_other_rules_are_different_records() {
        let header = Header::of(&Config::default());
        assert_eq!(header.records_differ(&header.clone()), None);
        let other = Header {
            csv_safe: !header.csv_safe,
            shard: Shard { index: 2, count: 3 },
            ..header.clone()
        };
        assert_eq!(header.records_differ(&other), None);
        for (other, what) in [
            (
                Header {
                    build: "x".into(),
                    ..header.clone()
                },
                "minutes build",
            ),
            (
                Header {
                    rules: "x".into(),
                    ..header.clone()
                },
                "theme rules",
            ),
            (
                Header {
                    settings: "x".into(),
                    ..header.clone()
                },
                "limits or --input-format",
            ),
        ] {
            assert_eq!(header.records_differ(&other), Some(what));
        }
        let config = Config {
            max_text_bytes: 10,
            ..Config::default()
        };
        assert_ne!(Header::of(&config).settings, header.settings);
    }
}
