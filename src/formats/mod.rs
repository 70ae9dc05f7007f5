//! Format readers: turn Markdown, HTML, DOCX and PDF into *structured plain
//! text*.
//!
//! Every reader produces the same markdown-like shape so that the segmenter
//! downstream can treat all input formats alike instead of learning each
//! format's layout model:
//!
//! - a heading is its own line `# Heading text` (`##` for level 2, …),
//!   followed by a blank line;
//! - a paragraph is one line of text followed by a blank line (a hard line
//!   break inside a paragraph, such as `<br>` or `w:br`, starts a new line of
//!   the same paragraph);
//! - a list item is a line `- item text` or `3. item text`, nested items are
//!   indented by two spaces per level, and a blank line follows the list;
//! - a table row is one line with its cells joined by ` | `, and a blank line
//!   follows the table (Markdown rows also keep a `|` at both ends, as
//!   written);
//! - DOCX footnotes and endnotes follow the body under a `# Notes` line;
//! - whitespace inside a line is collapsed to single spaces and lines carry
//!   no trailing spaces.
//!
//! The readers never panic on hostile input and bound the memory they use
//! (see [`Limits`]).

use std::fmt;
use std::path::Path;

mod docx;
mod html;
mod markdown;
mod pdf;

pub use docx::docx_text;
pub use html::html_text;
pub use markdown::markdown_text;
pub use pdf::pdf_text;

/// Input formats minutes reads.
///
/// Kept as a closed enum (rather than free-form strings) so that every place
/// that dispatches on the format is checked by the compiler when a format is
/// added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InputFormat {
    /// Plain text, read as is.
    Text,
    /// Markdown, converted by [`markdown_text`].
    Markdown,
    /// HTML, converted by [`html_text`].
    Html,
    /// Word 2007+ documents, converted by [`docx_text`].
    Docx,
    /// PDF with a text layer, converted by [`pdf_text`].
    Pdf,
}

impl InputFormat {
    /// Guesses the format from the file extension (case-insensitive), so that
    /// `Minutes.DOCX` and `minutes.docx` behave the same. Returns `None` for an
    /// unknown or missing extension, leaving the fallback to the caller.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "docx" => Some(InputFormat::Docx),
            "pdf" => Some(InputFormat::Pdf),
            _ => None,
        }
    }

    /// Parses a format name as given to an `--input-format` flag. Accepts the
    /// short and long spellings users type (`txt`/`text`, `md`/`markdown`),
    /// case-insensitively.
    pub fn from_name(name: &str) -> Option<InputFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
            "html" => Some(InputFormat::Html),
            "docx" => Some(InputFormat::Docx),
            "pdf" => Some(InputFormat::Pdf),
            _ => None,
        }
    }

    /// The canonical name, the one [`InputFormat::from_name`] accepts and
    /// that reports and error messages show.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
            InputFormat::Html => "html",
            InputFormat::Docx => "docx",
            InputFormat::Pdf => "pdf",
        }
    }
}

/// Limits that keep hostile files from taking unbounded memory or time.
///
/// DOCX and PDF are compressed containers: a file of a few kilobytes can
/// declare (or silently contain) gigabytes of data. The readers count what
/// they actually decompress and stop as soon as a limit is crossed, instead
/// of trusting sizes written in the file.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Total uncompressed bytes read out of a container (the zip parts of a
    /// DOCX, the decompressed streams of a PDF). Default 256 MiB.
    pub max_expanded_bytes: u64,
    /// Bytes of output text. Default 64 MiB.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    /// Generous enough for any real meeting document (a 1,000-page report is
    /// a few MiB of text), small enough that a bomb cannot exhaust memory.
    fn default() -> Self {
        Limits {
            max_expanded_bytes: 256 * 1024 * 1024,
            max_text_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Why a document could not be turned into text.
///
/// Variants carry enough detail for a user-facing message; the `Display`
/// text is lower-case so that it reads well after a file name prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The bytes are not a readable zip archive (a DOCX is a zip); the string
    /// says what the zip reader found wrong.
    NotAZip(String),
    /// A part the format requires is missing from the archive.
    MissingPart(&'static str),
    /// A required XML part is malformed.
    Xml(String),
    /// Reading the document would cross one of the [`Limits`] (bytes).
    TooLarge {
        /// The limit that was crossed, in bytes.
        limit: u64,
    },
    /// The PDF has pages but no extractable text (typically a scan).
    NoTextLayer,
    /// The PDF could not be parsed.
    Pdf(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::NotAZip(msg) => write!(f, "not a DOCX file (not a zip archive: {msg})"),
            FormatError::MissingPart(part) => {
                write!(f, "not a DOCX file (the zip archive has no {part})")
            }
            FormatError::Xml(msg) => write!(f, "malformed XML in the DOCX file: {msg}"),
            FormatError::TooLarge { limit } => {
                write!(
                    f,
                    "expands beyond the {} limit (zip bomb?)",
                    human_bytes(*limit)
                )
            }
            FormatError::NoTextLayer => write!(f, "PDF has no text layer (scanned image?)"),
            FormatError::Pdf(msg) => write!(f, "cannot read the PDF: {msg}"),
        }
    }
}

impl std::error::Error for FormatError {}

/// `268435456` → `"256 MiB"`; exact byte counts when not a round unit, so the
/// message never hides the real limit.
fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    if n >= GIB && n.is_multiple_of(GIB) {
        format!("{} GiB", n / GIB)
    } else if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

/// Collapses every run of whitespace (Unicode, so NBSP too) to one space and
/// trims both ends: the convention's "whitespace collapsed, no trailing
/// spaces".
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Which multi-line group the last written line belongs to; a blank line is
/// written when a group ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    List,
    Table,
}

/// Writer for structured plain text, shared by all readers so that the
/// blank-line rules are implemented once.
///
/// It also enforces [`Limits::max_text_bytes`]: once the output would grow
/// past the limit, writes are dropped and [`TextOut::overflowed`] reports it.
#[derive(Debug)]
pub(crate) struct TextOut {
    buf: String,
    group: Option<Group>,
    limit: usize,
    overflow: bool,
}

impl TextOut {
    pub(crate) fn new(limit: usize) -> Self {
        TextOut {
            buf: String::new(),
            group: None,
            limit,
            overflow: false,
        }
    }

    fn push(&mut self, s: &str) {
        if self.overflow || self.buf.len().saturating_add(s.len()) > self.limit {
            self.overflow = true;
            return;
        }
        self.buf.push_str(s);
    }

    /// Ends a list or table: writes the blank line that follows it. Needed
    /// explicitly so that two adjacent tables (or lists) stay apart.
    pub(crate) fn end_group(&mut self) {
        if self.group.take().is_some() {
            self.push("\n");
        }
    }

    fn enter(&mut self, group: Option<Group>) {
        if self.group != group {
            self.end_group();
        }
        self.group = group;
    }

    /// A paragraph of one or more lines (hard line breaks). Empty lines are
    /// dropped; an all-empty paragraph writes nothing.
    pub(crate) fn paragraph<S: AsRef<str>>(&mut self, lines: &[S]) {
        let lines: Vec<String> = lines
            .iter()
            .map(|l| collapse_ws(l.as_ref()))
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        self.enter(None);
        for line in &lines {
            self.push(line);
            self.push("\n");
        }
        self.push("\n");
    }

    /// A heading; `level` is clamped to 1..=6 like markdown.
    pub(crate) fn heading(&mut self, level: usize, text: &str) {
        let text = collapse_ws(text);
        if text.is_empty() {
            return;
        }
        self.enter(None);
        let level = level.clamp(1, 6);
        let line = format!("{} {text}\n\n", "#".repeat(level));
        self.push(&line);
    }

    /// A list line: `marker` is `-`, `3.` or empty for a continuation line of
    /// the previous item; `depth` 0 is the outermost list.
    pub(crate) fn list_item(&mut self, depth: usize, marker: &str, text: &str) {
        let text = collapse_ws(text);
        if text.is_empty() {
            return;
        }
        self.enter(Some(Group::List));
        let indent = "  ".repeat(depth.min(8) + usize::from(marker.is_empty()));
        let line = if marker.is_empty() {
            format!("{indent}{text}\n")
        } else {
            format!("{indent}{marker} {text}\n")
        };
        self.push(&line);
    }

    /// A table row; rows whose cells are all empty are skipped.
    pub(crate) fn table_row<S: AsRef<str>>(&mut self, cells: &[S]) {
        let cells: Vec<String> = cells.iter().map(|c| collapse_ws(c.as_ref())).collect();
        if cells.iter().all(|c| c.is_empty()) {
            return;
        }
        self.enter(Some(Group::Table));
        let line = cells.join(" | ");
        self.push(line.trim_end());
        self.push("\n");
    }

    /// A table row with a `|` at both ends, the shape Markdown tables are
    /// written in: the segmenter reads such a line as one row of separate
    /// cells, where a bare `a | b` would run on into the next line.
    pub(crate) fn bordered_row<S: AsRef<str>>(&mut self, cells: &[S]) {
        let cells: Vec<String> = cells.iter().map(|c| collapse_ws(c.as_ref())).collect();
        if cells.iter().all(|c| c.is_empty()) {
            return;
        }
        self.enter(Some(Group::Table));
        let line = collapse_ws(&format!("| {} |", cells.join(" | ")));
        self.push(&line);
        self.push("\n");
    }

    /// Appends text already rendered by another `TextOut` (it ends with its
    /// own blank line).
    pub(crate) fn append_rendered(&mut self, text: &str) {
        self.enter(None);
        self.push(text);
    }

    pub(crate) fn overflowed(&self) -> bool {
        self.overflow
    }

    /// Closes any open group and returns the text.
    pub(crate) fn finish(mut self) -> String {
        self.end_group();
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_path_and_name() {
        assert_eq!(
            InputFormat::from_path(Path::new("a/B.DOCX")),
            Some(InputFormat::Docx)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.htm")),
            Some(InputFormat::Html)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.xhtml")),
            Some(InputFormat::Html)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.Md")),
            Some(InputFormat::Markdown)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.markdown")),
            Some(InputFormat::Markdown)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.text")),
            Some(InputFormat::Text)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.txt")),
            Some(InputFormat::Text)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.Pdf")),
            Some(InputFormat::Pdf)
        );
        assert_eq!(InputFormat::from_path(Path::new("x.doc")), None);
        assert_eq!(InputFormat::from_path(Path::new("README")), None);
        for f in [
            InputFormat::Text,
            InputFormat::Markdown,
            InputFormat::Html,
            InputFormat::Docx,
            InputFormat::Pdf,
        ] {
            assert_eq!(InputFormat::from_name(f.name()), Some(f));
        }
        assert_eq!(InputFormat::from_name("txt"), Some(InputFormat::Text));
        assert_eq!(InputFormat::from_name("MD"), Some(InputFormat::Markdown));
        assert_eq!(InputFormat::from_name("htm"), None);
        assert_eq!(InputFormat::from_name("rtf"), None);
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            FormatError::TooLarge {
                limit: 256 * 1024 * 1024
            }
            .to_string(),
            "expands beyond the 256 MiB limit (zip bomb?)"
        );
        assert_eq!(
            FormatError::TooLarge { limit: 1000 }.to_string(),
            "expands beyond the 1000 bytes limit (zip bomb?)"
        );
        assert_eq!(
            FormatError::NoTextLayer.to_string(),
            "PDF has no text layer (scanned image?)"
        );
        assert_eq!(
            FormatError::NotAZip("invalid Zip archive".into()).to_string(),
            "not a DOCX file (not a zip archive: invalid Zip archive)"
        );
        assert_eq!(
            FormatError::MissingPart("word/document.xml").to_string(),
            "not a DOCX file (the zip archive has no word/document.xml)"
        );
        let l = Limits::default();
        assert_eq!(l.max_expanded_bytes, 256 << 20);
        assert_eq!(l.max_text_bytes, 64 << 20);
    }

    #[test]
    fn text_out_groups() {
        let mut o = TextOut::new(1 << 20);
        o.heading(2, " Agenda\t items ");
        o.list_item(0, "-", "one");
        o.list_item(1, "1.", "sub  one ");
        o.list_item(0, "", "more");
        o.table_row(&["a", " b ", ""]);
        o.table_row(&["", ""]);
        o.end_group();
        o.table_row(&["c", "d"]);
        o.paragraph(&["x  y", "  ", "z"]);
        assert_eq!(
            o.finish(),
            "## Agenda items\n\n- one\n  1. sub one\n  more\n\na | b |\n\nc | d\n\nx y\nz\n\n"
        );
        let mut o = TextOut::new(10);
        o.paragraph(&["0123456789"]);
        assert!(o.overflowed());
    }
}
