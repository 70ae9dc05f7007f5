//! DOCX (WordprocessingML) reader.
//!
//! A DOCX file is a zip archive of XML parts. We read `word/document.xml`
//! for the body, `word/styles.xml` to learn which paragraph styles are
//! headings, `word/numbering.xml` to tell numbered from bulleted lists, and
//! `word/footnotes.xml` / `word/endnotes.xml` for notes. The XML is streamed
//! with `quick-xml`, keeping explicit state instead of recursing, so deeply
//! nested documents cannot overflow the stack.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::{collapse_ws, FormatError, Limits, TextOut};

/// WordprocessingML namespace of ordinary (transitional) documents.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The same vocabulary under the ISO "strict" namespace.
const W_STRICT_NS: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
/// Markup compatibility: `mc:Fallback` repeats `mc:Choice` content for old
/// readers, so reading both would duplicate text.
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

const DOCUMENT_PART: &str = "word/document.xml";

/// Extracts the text of a DOCX document as structured plain text (see the
/// [module docs](super)).
///
/// Headings come from paragraph styles (`heading 1`..`heading 9`, `Title`)
/// or outline levels, list items from numbering properties, tables become
/// one line per row, and footnotes/endnotes are appended under `# Notes`
/// with `[n]` markers left in the body where they were referenced.
///
/// Every zip entry is read through a counter capped by
/// [`Limits::max_expanded_bytes`] (the sizes declared in the zip headers are
/// never trusted), so a zip bomb fails fast with [`FormatError::TooLarge`].
pub fn docx_text(bytes: &[u8], limits: &Limits) -> Result<String, FormatError> {
    let mut pkg = Package::open(bytes, limits)?;
    let document = match pkg.read(DOCUMENT_PART)? {
        Some(xml) => xml,
        None => {
            // Rare generators name the main part differently; the package
            // relationships say where it is.
            let target = match pkg.read("_rels/.rels")? {
                Some(rels) => main_part_from_rels(&rels),
                None => None,
            };
            match target {
                Some(t) if t != DOCUMENT_PART => pkg
                    .read(&t)?
                    .ok_or(FormatError::MissingPart(DOCUMENT_PART))?,
                _ => return Err(FormatError::MissingPart(DOCUMENT_PART)),
            }
        }
    };
    // Optional parts: a document without them is still valid, it just has
    // no headings by style, no list formats, or no notes.
    let styles = match pkg.read("word/styles.xml")? {
        Some(xml) => parse_styles(&xml)?,
        None => Styles::default(),
    };
    let numbering = match pkg.read("word/numbering.xml")? {
        Some(xml) => parse_numbering(&xml)?,
        None => Numbering::default(),
    };
    let footnotes = pkg.read("word/footnotes.xml")?;
    let endnotes = pkg.read("word/endnotes.xml")?;

    let too_large = FormatError::TooLarge {
        limit: limits.max_text_bytes as u64,
    };
    let mut ctx = Ctx {
        styles,
        numbering,
        counters: HashMap::new(),
        note_numbers: HashMap::new(),
        next_note: 1,
    };
    let mut out = TextOut::new(limits.max_text_bytes);
    parse_blocks(
        &document,
        DOCUMENT_PART,
        &mut ctx,
        &mut Sink::Body(&mut out),
    )?;
    if out.overflowed() {
        return Err(too_large);
    }

    let mut notes: Vec<(usize, String)> = Vec::new();
    for (part, xml, kind) in [
        ("word/footnotes.xml", &footnotes, NoteKind::Foot),
        ("word/endnotes.xml", &endnotes, NoteKind::End),
    ] {
        if let Some(xml) = xml {
            parse_blocks(xml, part, &mut ctx, &mut Sink::Notes(kind, &mut notes))?;
        }
    }
    if !notes.is_empty() {
        notes.sort_by_key(|(n, _)| *n);
        out.heading(1, "Notes");
        for (_, text) in &notes {
            out.append_rendered(text);
        }
    }
    if out.overflowed() {
        return Err(too_large);
    }
    Ok(out.finish())
}

/// The zip archive plus the budget of bytes still allowed to be expanded.
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    remaining: u64,
    limit: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, FormatError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| FormatError::NotAZip(e.to_string()))?;
        Ok(Package {
            zip,
            remaining: limits.max_expanded_bytes,
            limit: limits.max_expanded_bytes,
        })
    }

    /// Reads one part as text, `None` when the archive has no such entry.
    /// The name is matched exactly first, then case-insensitively (some
    /// tools write `Word/Document.xml`).
    fn read(&mut self, name: &str) -> Result<Option<String>, FormatError> {
        let actual = if self.zip.index_for_name(name).is_some() {
            name.to_string()
        } else {
            match self.zip.file_names().find(|n| n.eq_ignore_ascii_case(name)) {
                Some(n) => n.to_string(),
                None => return Ok(None),
            }
        };
        let entry = match self.zip.by_name(&actual) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(FormatError::NotAZip(format!("cannot open {name}: {e}"))),
        };
        // Read at most one byte more than the budget: that byte proves the
        // entry is too large without ever holding more than the budget. The
        // size declared in the zip headers is ignored on purpose.
        let mut buf = Vec::new();
        entry
            .take(self.remaining.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(|e| FormatError::NotAZip(format!("damaged entry {name}: {e}")))?;
        let len = buf.len() as u64;
        if len > self.remaining {
            return Err(FormatError::TooLarge { limit: self.limit });
        }
        self.remaining -= len;
        Ok(Some(decode_xml_bytes(buf)))
    }
}

/// XML parts are UTF-8 in practice; UTF-16 (with a BOM) is allowed by the
/// XML spec, so decode it too. Invalid sequences become U+FFFD instead of
/// failing the whole document.
fn decode_xml_bytes(buf: Vec<u8>) -> String {
    let utf16 = |bytes: &[u8], be: bool| -> String {
        let units = bytes.chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    match buf.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => match String::from_utf8(buf) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        },
    }
}

fn xml_err(part: &str, e: impl std::fmt::Display) -> FormatError {
    FormatError::Xml(format!("{part}: {e}"))
}

fn new_reader(xml: &str) -> NsReader<&[u8]> {
    let mut reader = NsReader::from_str(xml);
    // `<w:br/>` then arrives as Start + End, so every element is handled by
    // the same two code paths.
    reader.config_mut().expand_empty_elements = true;
    reader
}

/// Which vocabulary an element belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Other,
}

fn ns_of(res: &ResolveResult<'_>) -> Ns {
    match res {
        ResolveResult::Bound(ns) => {
            let ns: &str = ns.as_ref();
            if ns == W_NS || ns == W_STRICT_NS {
                Ns::W
            } else if ns == MC_NS {
                Ns::Mc
            } else {
                Ns::Other
            }
        }
        _ => Ns::Other,
    }
}

/// The value of the attribute with this local name (`w:val` → `val`),
/// entity-decoded.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    for a in e.attributes().flatten() {
        if a.key.local_name().as_ref() == local {
            return Some(
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.clone().into_owned()),
            );
        }
    }
    None
}

/// `w:val="false"` style toggles: absent or anything but false/0/off is on.
fn toggle_on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("false" | "0" | "off"))
}

/// Finds the main document part in `_rels/.rels`.
fn main_part_from_rels(xml: &str) -> Option<String> {
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let ty = attr(&e, "Type").unwrap_or_default();
                if ty.ends_with("/officeDocument") {
                    return attr(&e, "Target").map(|t| t.trim_start_matches('/').to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

// ---------------------------------------------------------------- styles

#[derive(Default, Debug)]
struct StyleInfo {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

/// Paragraph styles by style id.
#[derive(Default, Debug)]
struct Styles {
    by_id: HashMap<String, StyleInfo>,
}

impl Styles {
    /// Follows `w:basedOn` (bounded, as chains may be cyclic in hostile
    /// files) and returns the first answer `f` gives.
    fn lookup<T>(&self, id: &str, f: impl Fn(&StyleInfo) -> Option<T>) -> Option<T> {
        let mut id = id;
        for _ in 0..16 {
            let info = self.by_id.get(id)?;
            if let Some(v) = f(info) {
                return Some(v);
            }
            id = info.based_on.as_deref()?;
        }
        None
    }

    /// Heading level of a style: its name `heading N` or `Title` (built-in
    /// names are English in every Word locale, unlike style ids), else its
    /// outline level.
    fn heading_level(&self, id: &str) -> Option<usize> {
        self.lookup(id, |s| {
            if let Some(name) = &s.name {
                let lower = name.trim().to_ascii_lowercase();
                if lower == "title" {
                    return Some(1);
                }
                if let Some(n) = lower.strip_prefix("heading ") {
                    if let Ok(n @ 1..=9) = n.trim().parse::<usize>() {
                        return Some(n);
                    }
                }
            }
            s.outline.filter(|l| *l < 9).map(|l| usize::from(l) + 1)
        })
    }

    /// Numbering a style applies (list styles such as `List Number`).
    fn numbering(&self, id: &str) -> Option<(String, u8)> {
        self.lookup(id, |s| {
            s.num_id.as_ref().map(|n| (n.clone(), s.ilvl.unwrap_or(0)))
        })
    }
}

fn parse_styles(xml: &str) -> Result<Styles, FormatError> {
    const PART: &str = "word/styles.xml";
    let mut reader = new_reader(xml);
    let mut styles = Styles::default();
    let mut current: Option<(String, StyleInfo)> = None;
    loop {
        let (res, ev) = reader.read_resolved_event().map_err(|e| xml_err(PART, e))?;
        let ns = ns_of(&res);
        match ev {
            Event::Start(e) if ns == Ns::W => match e.local_name().as_ref() {
                "style" => {
                    let is_para = attr(&e, "type").is_none_or(|t| t == "paragraph");
                    current = match (is_para, attr(&e, "styleId")) {
                        (true, Some(id)) => Some((id, StyleInfo::default())),
                        _ => None,
                    };
                }
                local => {
                    if let Some((_, info)) = current.as_mut() {
                        match local {
                            "name" => info.name = attr(&e, "val"),
                            "basedOn" => info.based_on = attr(&e, "val"),
                            "outlineLvl" => {
                                info.outline = attr(&e, "val").and_then(|v| v.parse().ok())
                            }
                            "numId" => info.num_id = attr(&e, "val"),
                            "ilvl" => info.ilvl = attr(&e, "val").and_then(|v| v.parse().ok()),
                            _ => {}
                        }
                    }
                }
            },
            Event::End(e) if ns == Ns::W && e.local_name().as_ref() == "style" => {
                if let Some((id, info)) = current.take() {
                    styles.by_id.insert(id, info);
                }
            }
            Event::Eof => return Ok(styles),
            _ => {}
        }
    }
}

// ------------------------------------------------------------- numbering

#[derive(Default, Debug, Clone)]
struct Level {
    format: Option<String>,
    start: Option<i64>,
}

#[derive(Default, Debug)]
struct NumInstance {
    abstract_id: Option<String>,
    overrides: HashMap<u8, Level>,
}

/// `numbering.xml`: list instances (`w:num`) pointing at list definitions
/// (`w:abstractNum`), each level with a format and a start value.
#[derive(Default, Debug)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    nums: HashMap<String, NumInstance>,
}

impl Numbering {
    /// Format and start value of one level of a list instance; `None` when
    /// unknown (then the item is shown as a bullet).
    fn level(&self, num_id: &str, ilvl: u8) -> Option<Level> {
        let num = self.nums.get(num_id)?;
        let base = num
            .abstract_id
            .as_ref()
            .and_then(|a| self.abstracts.get(a))
            .and_then(|levels| levels.get(&ilvl))
            .cloned()
            .unwrap_or_default();
        let over = num.overrides.get(&ilvl).cloned().unwrap_or_default();
        Some(Level {
            format: over.format.or(base.format),
            start: over.start.or(base.start),
        })
    }
}

fn parse_numbering(xml: &str) -> Result<Numbering, FormatError> {
    const PART: &str = "word/numbering.xml";
    let mut reader = new_reader(xml);
    let mut numbering = Numbering::default();
    let mut abs: Option<(String, HashMap<u8, Level>)> = None;
    let mut num: Option<(String, NumInstance)> = None;
    let mut lvl: Option<(u8, Level)> = None;
    let mut override_lvl: Option<u8> = None;
    loop {
        let (res, ev) = reader.read_resolved_event().map_err(|e| xml_err(PART, e))?;
        let ns = ns_of(&res);
        match ev {
            Event::Start(e) if ns == Ns::W => {
                let val = || attr(&e, "val");
                match e.local_name().as_ref() {
                    "abstractNum" => {
                        abs = attr(&e, "abstractNumId").map(|id| (id, HashMap::new()));
                    }
                    "num" => {
                        num = attr(&e, "numId").map(|id| (id, NumInstance::default()));
                    }
                    "abstractNumId" => {
                        if let Some((_, n)) = num.as_mut() {
                            n.abstract_id = val();
                        }
                    }
                    "lvlOverride" => {
                        override_lvl = attr(&e, "ilvl").and_then(|v| v.parse().ok());
                    }
                    "startOverride" => {
                        if let (Some((_, n)), Some(il)) = (num.as_mut(), override_lvl) {
                            n.overrides.entry(il).or_default().start =
                                val().and_then(|v| v.parse().ok());
                        }
                    }
                    "lvl" => {
                        lvl = attr(&e, "ilvl")
                            .and_then(|v| v.parse().ok())
                            .map(|il| (il, Level::default()));
                    }
                    "numFmt" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.format = val();
                        }
                    }
                    "start" => {
                        if let Some((_, l)) = lvl.as_mut() {
                            l.start = val().and_then(|v| v.parse().ok());
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) if ns == Ns::W => match e.local_name().as_ref() {
                "lvl" => {
                    if let Some((il, l)) = lvl.take() {
                        if let Some((_, n)) = num.as_mut() {
                            // A full level definition inside w:lvlOverride.
                            let o = n.overrides.entry(il).or_default();
                            o.format = l.format.or(o.format.take());
                            o.start = l.start.or(o.start);
                        } else if let Some((_, levels)) = abs.as_mut() {
                            levels.insert(il, l);
                        }
                    }
                }
                "lvlOverride" => override_lvl = None,
                "abstractNum" => {
                    if let Some((id, levels)) = abs.take() {
                        numbering.abstracts.insert(id, levels);
                    }
                }
                "num" => {
                    if let Some((id, n)) = num.take() {
                        numbering.nums.insert(id, n);
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(numbering),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------- body

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum NoteKind {
    Foot,
    End,
}

/// State shared by the body and the notes parts.
struct Ctx {
    styles: Styles,
    numbering: Numbering,
    /// Current counter of each level of each list instance.
    counters: HashMap<String, [Option<i64>; 9]>,
    /// Display number of each note, assigned in order of reference.
    note_numbers: HashMap<(NoteKind, String), usize>,
    next_note: usize,
}

impl Ctx {
    fn note_number(&mut self, kind: NoteKind, id: String) -> usize {
        let next = &mut self.next_note;
        *self.note_numbers.entry((kind, id)).or_insert_with(|| {
            let n = *next;
            *next += 1;
            n
        })
    }

    /// The marker of a list item: `-` for bullets, `N.` for numbered levels
    /// (the running count, honouring the level's start value).
    fn list_marker(&mut self, num_id: &str, ilvl: u8) -> String {
        let ilvl = ilvl.min(8);
        let level = match self.numbering.level(num_id, ilvl) {
            Some(level) => level,
            None => return "-".to_string(),
        };
        let numbered = !matches!(level.format.as_deref(), None | Some("bullet" | "none" | ""));
        let counters = self.counters.entry(num_id.to_string()).or_default();
        let i = usize::from(ilvl);
        let n = match counters[i] {
            Some(n) => n.saturating_add(1),
            None => level.start.unwrap_or(1),
        };
        counters[i] = Some(n);
        for c in counters.iter_mut().skip(i + 1) {
            *c = None;
        }
        if numbered {
            format!("{n}.")
        } else {
            "-".to_string()
        }
    }
}

/// Where finished blocks go.
enum Sink<'a> {
    Body(&'a mut TextOut),
    /// Each note rendered on its own, with its display number.
    Notes(NoteKind, &'a mut Vec<(usize, String)>),
}

#[derive(Default)]
struct Para {
    /// Lines of the paragraph; `w:br` starts a new one.
    lines: Vec<String>,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    /// Run state of the enclosing paragraph, restored when this one ends
    /// (a text box puts whole paragraphs inside a run of another one).
    outer_run_depth: usize,
    outer_hidden: bool,
}

impl Para {
    fn push_text(&mut self, s: &str) {
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        if let Some(last) = self.lines.last_mut() {
            last.push_str(s);
        }
    }

    fn joined(&self) -> String {
        self.lines.join(" ")
    }
}

#[derive(Default)]
struct Table {
    cells: Vec<String>,
    cell: Option<String>,
}

fn append_spaced(dst: &mut String, s: &str) {
    let s = collapse_ws(s);
    if s.is_empty() {
        return;
    }
    if !dst.is_empty() {
        dst.push(' ');
    }
    dst.push_str(&s);
}

/// Elements whose whole subtree is not visible text: deleted or moved-away
/// revisions, field instructions, old formatting kept for change tracking,
/// content-control properties.
fn skipped(local: &str) -> bool {
    matches!(
        local,
        "del"
            | "delText"
            | "moveFrom"
            | "instrText"
            | "delInstrText"
            | "pPrChange"
            | "rPrChange"
            | "sectPrChange"
            | "tblPrChange"
            | "trPrChange"
            | "tcPrChange"
            | "sdtPr"
            | "sdtEndPr"
    )
}

/// Streams one part (`document.xml`, `footnotes.xml` or `endnotes.xml`)
/// into `sink`. Nesting is tracked with counters and explicit stacks only.
fn parse_blocks(
    xml: &str,
    part: &str,
    ctx: &mut Ctx,
    sink: &mut Sink<'_>,
) -> Result<(), FormatError> {
    let mut reader = new_reader(xml);
    let mut skip_depth = 0usize;
    let mut paras: Vec<Para> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut in_ppr = false;
    let mut run_depth = 0usize;
    let mut in_rpr = false;
    let mut run_hidden = false;
    let mut in_t = false;
    // The note being read (notes parts only): its number and its blocks.
    let mut note: Option<(usize, TextOut, bool)> = None;
    let note_limit = usize::MAX;

    loop {
        let (res, ev) = reader.read_resolved_event().map_err(|e| xml_err(part, e))?;
        let ns = ns_of(&res);
        match ev {
            Event::Eof => break,
            Event::Start(_) if skip_depth > 0 => skip_depth += 1,
            Event::End(_) if skip_depth > 0 => skip_depth -= 1,
            Event::Start(e) => {
                if ns == Ns::Mc {
                    if e.local_name().as_ref() == "Fallback" {
                        skip_depth = 1;
                    }
                    continue;
                }
                if ns != Ns::W {
                    continue;
                }
                let local = e.local_name();
                let local: &str = local.as_ref();
                if skipped(local) {
                    skip_depth = 1;
                    continue;
                }
                match local {
                    "footnote" | "endnote" => {
                        if let Sink::Notes(kind, _) = sink {
                            let ty = attr(&e, "type").unwrap_or_default();
                            if !(ty.is_empty() || ty == "normal") {
                                // Separator lines, not notes.
                                skip_depth = 1;
                                continue;
                            }
                            let id = attr(&e, "id").unwrap_or_default();
                            let n = ctx.note_number(*kind, id);
                            note = Some((n, TextOut::new(note_limit), true));
                        }
                    }
                    "p" => {
                        paras.push(Para {
                            outer_run_depth: run_depth,
                            outer_hidden: run_hidden,
                            ..Para::default()
                        });
                        run_depth = 0;
                        run_hidden = false;
                        in_rpr = false;
                        in_t = false;
                    }
                    "pPr" if !paras.is_empty() && run_depth == 0 => in_ppr = true,
                    "pStyle" if in_ppr => {
                        if let Some(p) = paras.last_mut() {
                            p.style = attr(&e, "val");
                        }
                    }
                    "numId" if in_ppr => {
                        if let Some(p) = paras.last_mut() {
                            p.num_id = attr(&e, "val");
                        }
                    }
                    "ilvl" if in_ppr => {
                        if let Some(p) = paras.last_mut() {
                            p.ilvl = attr(&e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "outlineLvl" if in_ppr => {
                        if let Some(p) = paras.last_mut() {
                            p.outline = attr(&e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "r" => {
                        run_depth += 1;
                        run_hidden = false;
                    }
                    "rPr" if run_depth > 0 && !in_ppr => in_rpr = true,
                    "vanish" if in_rpr => run_hidden = toggle_on(&e),
                    "t" if run_depth > 0 && !in_rpr => in_t = true,
                    "tab" | "ptab" if run_depth > 0 && !in_rpr && !run_hidden => {
                        if let Some(p) = paras.last_mut() {
                            p.push_text(" ");
                        }
                    }
                    "br" | "cr" if run_depth > 0 && !in_rpr && !run_hidden => {
                        if let Some(p) = paras.last_mut() {
                            // A page or column break is layout, not a line
                            // break of the text.
                            let page = local == "br"
                                && matches!(attr(&e, "type").as_deref(), Some("page" | "column"));
                            if page {
                                p.push_text(" ");
                            } else {
                                if p.lines.is_empty() {
                                    p.lines.push(String::new());
                                }
                                p.lines.push(String::new());
                            }
                        }
                    }
                    "noBreakHyphen" if run_depth > 0 && !run_hidden => {
                        if let Some(p) = paras.last_mut() {
                            p.push_text("-");
                        }
                    }
                    "footnoteReference" | "endnoteReference" if !run_hidden => {
                        let kind = if local == "footnoteReference" {
                            NoteKind::Foot
                        } else {
                            NoteKind::End
                        };
                        let id = attr(&e, "id").unwrap_or_default();
                        let n = ctx.note_number(kind, id);
                        if let Some(p) = paras.last_mut() {
                            p.push_text(&format!("[{n}]"));
                        }
                    }
                    "tbl" => tables.push(Table::default()),
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.cells.clear();
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell = Some(String::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if ns != Ns::W {
                    continue;
                }
                let local = e.local_name();
                match local.as_ref() {
                    "t" => in_t = false,
                    "rPr" => in_rpr = false,
                    "pPr" => in_ppr = false,
                    "r" => {
                        run_depth = run_depth.saturating_sub(1);
                        run_hidden = false;
                        in_rpr = false;
                        in_t = false;
                    }
                    "p" => {
                        in_ppr = false;
                        if let Some(p) = paras.pop() {
                            run_depth = p.outer_run_depth;
                            run_hidden = p.outer_hidden;
                            in_rpr = false;
                            in_t = false;
                            if collapse_ws(&p.joined()).is_empty() {
                                continue;
                            }
                            // Inside a table cell: the cell collects the text.
                            if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                                append_spaced(cell, &p.joined());
                                continue;
                            }
                            let prefix = match &mut note {
                                Some((n, _, first @ true)) => {
                                    *first = false;
                                    Some(format!("[{n}] "))
                                }
                                _ => None,
                            };
                            let out = match (&mut note, &mut *sink) {
                                (Some((_, out, _)), _) => out,
                                (None, Sink::Body(out)) => &mut **out,
                                (None, Sink::Notes(..)) => continue,
                            };
                            emit_paragraph(p, ctx, out, prefix);
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            if let Some(cell) = t.cell.take() {
                                t.cells.push(cell);
                            }
                        }
                    }
                    "tr" => {
                        let depth = tables.len();
                        if let Some(t) = tables.last_mut() {
                            let cells = std::mem::take(&mut t.cells);
                            if depth > 1 {
                                // A nested table flattens into its parent cell.
                                let row = cells.join(" ");
                                if let Some(cell) = tables[depth - 2].cell.as_mut() {
                                    append_spaced(cell, &row);
                                }
                            } else {
                                let out = match (&mut note, &mut *sink) {
                                    (Some((_, out, _)), _) => out,
                                    (None, Sink::Body(out)) => &mut **out,
                                    (None, Sink::Notes(..)) => continue,
                                };
                                out.table_row(&cells);
                            }
                        }
                    }
                    "tbl" => {
                        tables.pop();
                        if tables.is_empty() {
                            match (&mut note, &mut *sink) {
                                (Some((_, out, _)), _) => out.end_group(),
                                (None, Sink::Body(out)) => out.end_group(),
                                _ => {}
                            }
                        }
                    }
                    "footnote" | "endnote" => {
                        if let (Some((n, out, _)), Sink::Notes(_, notes)) =
                            (note.take(), &mut *sink)
                        {
                            let text = out.finish();
                            if !text.is_empty() {
                                notes.push((n, text));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_t && !run_hidden => {
                if let Some(p) = paras.last_mut() {
                    p.push_text(&t.xml10_content());
                }
            }
            Event::CData(t) if in_t && !run_hidden => {
                if let Some(p) = paras.last_mut() {
                    p.push_text(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_t && !run_hidden => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        quick_xml::escape::resolve_predefined_entity(&r).map(str::to_string)
                    }
                    Err(_) => None,
                };
                if let (Some(text), Some(p)) = (text, paras.last_mut()) {
                    p.push_text(&text);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes one finished paragraph as a heading, a list item or a paragraph.
fn emit_paragraph(p: Para, ctx: &mut Ctx, out: &mut TextOut, prefix: Option<String>) {
    let prefix = prefix.unwrap_or_default();
    let style_level = p.style.as_deref().and_then(|s| ctx.styles.heading_level(s));
    let heading = match p.outline {
        Some(l) if l < 9 => Some(usize::from(l) + 1),
        _ => style_level,
    };
    if let Some(level) = heading {
        out.heading(level, &format!("{prefix}{}", p.joined()));
        return;
    }
    let direct = p.num_id.clone().map(|n| (n, p.ilvl.unwrap_or(0)));
    let num = match direct {
        Some(d) => Some(d),
        None => p.style.as_deref().and_then(|s| ctx.styles.numbering(s)),
    };
    match num {
        // numId 0 explicitly removes numbering inherited from the style.
        Some((num_id, ilvl)) if num_id != "0" => {
            let text = p.joined();
            if collapse_ws(&text).is_empty() {
                return;
            }
            let marker = ctx.list_marker(&num_id, ilvl);
            out.list_item(
                usize::from(ilvl.min(8)),
                &marker,
                &format!("{prefix}{text}"),
            );
        }
        _ => {
            let mut lines = p.lines;
            if !prefix.is_empty() {
                match lines.iter_mut().find(|l| !l.trim().is_empty()) {
                    Some(first) => first.insert_str(0, &prefix),
                    None => return,
                }
            }
            out.paragraph(&lines);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

    /// Builds a DOCX (zip) from (part name, content) pairs with the zip
    /// crate's writer.
    fn make_zip(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn styled(style: &str, text: &str) -> String {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    }

    fn item(num_id: u32, ilvl: u32, text: &str) -> String {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num_id}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    }

    fn cell(inner: &str) -> String {
        format!("<w:tc><w:tcPr><w:tcW w:w=\"100\"/></w:tcPr>{inner}</w:tc>")
    }

    fn styles_xml() -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
  <w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="My Heading"/><w:basedOn w:val="Heading2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop 1"/><w:basedOn w:val="Loop2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop 2"/><w:basedOn w:val="Loop1"/></w:style>
  <w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style>
  <w:style w:type="character" w:styleId="Strong"><w:name w:val="heading 1"/></w:style>
</w:styles>"#
        )
    }

    fn numbering_xml() -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {NS}>
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#8226;"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"#
        )
    }

    fn document_xml() -> String {
        let body = [
            styled("Title", "Board  Meeting"),
            styled("berschrift1", "Attendees"),
            "<w:p><w:r><w:t xml:space=\"preserve\">Present: Alice,</w:t></w:r><w:r><w:tab/><w:t>Bob</w:t><w:br/><w:t>Absent:   Carol</w:t></w:r></w:p>".to_string(),
            item(1, 0, "Alice"),
            item(1, 1, "Bob (remote)"),
            styled("Heading2", "Decisions"),
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr><w:r><w:t>Approve budget</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"1\"/></w:r></w:p>".to_string(),
            item(2, 1, "with conditions"),
            item(2, 0, "Hire staff"),
            styled("MyHeading", "Sub"),
            styled("ListNumber", "Third item"),
            item(3, 0, "Fifth"),
            "<w:p><w:pPr><w:pStyle w:val=\"ListNumber\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>Not a list</w:t></w:r></w:p>".to_string(),
            "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>Outline heading</w:t></w:r></w:p>".to_string(),
            styled("Loop1", "Cyclic style"),
            format!(
                "<w:tbl><w:tblPr><w:tblW w:w=\"0\"/></w:tblPr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
                cell(&p("Item")),
                cell(&p("Owner")),
                cell(&p("Due")),
                cell(&p("Budget")),
                cell(&p("Alice")),
                cell("<w:p/>"),
                cell(&p("Nested")),
                cell(&format!("{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>", p("see:"), cell(&p("x")), cell(&p("y")))),
                cell(&format!("{}{}", p("May 1"), p("2024"))),
            ),
            format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", cell(&p("Second")), cell(&p("table"))),
            "<w:p><w:r><w:t>Kept</w:t></w:r><w:del w:id=\"9\"><w:r><w:delText>deleted</w:delText></w:r></w:del><w:ins w:id=\"10\"><w:r><w:t xml:space=\"preserve\"> inserted</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:rPr><w:vanish w:val=\"false\"/></w:rPr><w:t xml:space=\"preserve\"> shown</w:t></w:r></w:p>".to_string(),
            "<w:p><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>".to_string(),
            "<w:p><w:r><w:t>R&amp;D &#8211; costs&#x2009;&lt;high&gt;</w:t></w:r></w:p>".to_string(),
            "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent><w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>After the box</w:t></w:r></w:p>".to_string(),
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>Budget approved.</w:t></w:r><w:r><w:endnoteReference w:id=\"2\"/></w:r></w:p>".to_string(),
            "<w:p><w:r><w:t>Page</w:t><w:br w:type=\"page\"/><w:t>break</w:t></w:r></w:p>".to_string(),
            "<w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>".to_string(),
            "<w:sectPr><w:pgSz w:w=\"12240\"/></w:sectPr>".to_string(),
        ]
        .concat();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{body}</w:body></w:document>"
        )
    }

    fn footnotes_xml() -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {NS}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/><w:t>cont</w:t></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Subject to   audit.</w:t></w:r></w:p><w:p><w:r><w:t>Second paragraph.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"#
        )
    }

    fn endnotes_xml() -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:endnotes {NS}>
  <w:endnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>
  <w:endnote w:id="2"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>See annex.</w:t></w:r></w:p></w:endnote>
  <w:endnote w:id="3"><w:p><w:r><w:t>Never referenced.</w:t></w:r></w:p></w:endnote>
</w:endnotes>"#
        )
    }

    fn full_docx() -> Vec<u8> {
        make_zip(&[
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", &document_xml()),
            ("word/styles.xml", &styles_xml()),
            ("word/numbering.xml", &numbering_xml()),
            ("word/footnotes.xml", &footnotes_xml()),
            ("word/endnotes.xml", &endnotes_xml()),
        ])
    }

    const EXPECTED: &str = "\
# Board Meeting

# Attendees

Present: Alice, Bob
Absent: Carol

- Alice
  - Bob (remote)

## Decisions

1. Approve budget[1]
  1. with conditions
2. Hire staff

## Sub

3. Third item
5. Fifth

Not a list

### Outline heading

Cyclic style

Item | Owner | Due
Budget | Alice |
Nested | see: x y | May 1 2024

Second | table

Kept inserted shown

Page 7

R&D \u{2013} costs <high>

## Boxed

After the box

Budget approved.[2]

Page break

# Notes

[1] Subject to audit.

Second paragraph.

[2] See annex.

[3] Never referenced.

";

    #[test]
    fn full_document() {
        let text = docx_text(&full_docx(), &Limits::default()).unwrap();
        assert_eq!(text, EXPECTED);
    }

    #[test]
    fn minimal_document_without_optional_parts() {
        let doc = format!(
            "<w:document {NS}><w:body>{}{}{}</w:body></w:document>",
            p("Hello"),
            styled("Heading1", "Not known as heading"),
            item(4, 0, "unknown list")
        );
        let bytes = make_zip(&[("word/document.xml", &doc)]);
        assert_eq!(
            docx_text(&bytes, &Limits::default()).unwrap(),
            "Hello\n\nNot known as heading\n\n- unknown list\n\n"
        );
    }

    #[test]
    fn main_part_found_through_relationships_and_case() {
        let doc = format!(
            "<w:document {NS}><w:body>{}</w:body></w:document>",
            p("Elsewhere")
        );
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let bytes = make_zip(&[("_rels/.rels", rels), ("word/document2.xml", &doc)]);
        assert_eq!(
            docx_text(&bytes, &Limits::default()).unwrap(),
            "Elsewhere\n\n"
        );
        let bytes = make_zip(&[("Word/Document.XML", &doc)]);
        assert_eq!(
            docx_text(&bytes, &Limits::default()).unwrap(),
            "Elsewhere\n\n"
        );
    }

    #[test]
    fn strict_namespace_and_other_prefix() {
        let doc = format!(
            "<x:document xmlns:x=\"{W_STRICT_NS}\"><x:body>{}</x:body></x:document>",
            "<x:p><x:r><x:t>Strict</x:t></x:r></x:p>"
        );
        let bytes = make_zip(&[("word/document.xml", &doc)]);
        assert_eq!(docx_text(&bytes, &Limits::default()).unwrap(), "Strict\n\n");
    }

    #[test]
    fn missing_document_part() {
        let bytes = make_zip(&[("word/styles.xml", &styles_xml())]);
        assert_eq!(
            docx_text(&bytes, &Limits::default()),
            Err(FormatError::MissingPart("word/document.xml"))
        );
    }

    #[test]
    fn truncated_and_random_bytes_are_not_a_zip() {
        let bytes = full_docx();
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 10] {
            match docx_text(&bytes[..cut], &Limits::default()) {
                Err(FormatError::NotAZip(_)) => {}
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let random: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        assert!(matches!(
            docx_text(&random, &Limits::default()),
            Err(FormatError::NotAZip(_))
        ));
        let err = docx_text(b"PK\x03\x04garbage", &Limits::default()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("not a DOCX file (not a zip archive: "),
            "{err}"
        );
    }

    #[test]
    fn malformed_xml() {
        let bytes = make_zip(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]);
        match docx_text(&bytes, &Limits::default()) {
            Err(FormatError::Xml(msg)) => assert!(msg.starts_with("word/document.xml: "), "{msg}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn corrupted_bytes_never_panic() {
        // Stored (uncompressed) so that flipped bytes reach the XML parser too.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("word/document.xml", options).unwrap();
        zip.write_all(document_xml().as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let mut state = 12345u64;
        for _ in 0..300 {
            let mut copy = bytes.clone();
            for _ in 0..4 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let i = (state >> 33) as usize % copy.len();
                copy[i] = (state >> 20) as u8;
            }
            let _ = docx_text(&copy, &Limits::default());
        }
    }

    #[test]
    fn text_limit() {
        let limits = Limits {
            max_text_bytes: 100,
            ..Limits::default()
        };
        assert_eq!(
            docx_text(&full_docx(), &limits),
            Err(FormatError::TooLarge { limit: 100 })
        );
    }

    /// Packs bits least-significant first, as DEFLATE does.
    struct BitWriter {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }

    impl BitWriter {
        fn bits(&mut self, value: u64, count: u32) {
            self.acc |= value << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }

        /// Huffman codes are sent most-significant bit first.
        fn code(&mut self, code: u64, len: u32) {
            let mut rev = 0;
            for i in 0..len {
                rev |= ((code >> i) & 1) << (len - 1 - i);
            }
            self.bits(rev, len);
        }

        fn finish(mut self) -> Vec<u8> {
            if self.n > 0 {
                self.out.push(self.acc as u8);
            }
            self.out
        }
    }

    /// A raw DEFLATE stream of `total` zero bytes: one literal, then
    /// back-references of 258 bytes at distance 1 (13 bits each), so 300 MiB
    /// takes about 2 MB and is built in milliseconds.
    fn deflate_zeros(total: u64) -> Vec<u8> {
        let mut w = BitWriter {
            out: Vec::new(),
            acc: 0,
            n: 0,
        };
        w.bits(1, 1); // BFINAL
        w.bits(1, 2); // fixed Huffman codes
        w.code(0x30, 8); // literal 0
        let rest = total - 1;
        for _ in 0..rest / 258 {
            w.code(0xC5, 8); // length code 285 = 258 bytes
            w.code(0, 5); // distance code 0 = distance 1
        }
        for _ in 0..rest % 258 {
            w.code(0x30, 8);
        }
        w.code(0, 7); // end of block
        w.finish()
    }

    /// A one-entry zip written by hand, with the sizes "declared via
    /// streaming": zero in the local header and a data descriptor after the
    /// data, `declared` in the central directory. The CRC is left at zero:
    /// a reader that stops at its limit never gets to check it.
    fn bomb_zip(name: &str, total: u64, declared: u32) -> Vec<u8> {
        let data = deflate_zeros(total);
        let csize = data.len() as u32;
        let mut z = Vec::new();
        let u16le = |z: &mut Vec<u8>, v: u16| z.extend_from_slice(&v.to_le_bytes());
        let u32le = |z: &mut Vec<u8>, v: u32| z.extend_from_slice(&v.to_le_bytes());
        u32le(&mut z, 0x0403_4b50);
        u16le(&mut z, 20); // version needed
        u16le(&mut z, 0x0008); // sizes in a data descriptor
        u16le(&mut z, 8); // deflate
        u16le(&mut z, 0); // time
        u16le(&mut z, 0x21); // date
        u32le(&mut z, 0); // crc
        u32le(&mut z, 0); // compressed size
        u32le(&mut z, 0); // uncompressed size
        u16le(&mut z, name.len() as u16);
        u16le(&mut z, 0);
        z.extend_from_slice(name.as_bytes());
        z.extend_from_slice(&data);
        u32le(&mut z, 0x0807_4b50);
        u32le(&mut z, 0);
        u32le(&mut z, csize);
        u32le(&mut z, declared);
        let cd_offset = z.len() as u32;
        u32le(&mut z, 0x0201_4b50);
        u16le(&mut z, 20); // version made by
        u16le(&mut z, 20);
        u16le(&mut z, 0x0008);
        u16le(&mut z, 8);
        u16le(&mut z, 0);
        u16le(&mut z, 0x21);
        u32le(&mut z, 0);
        u32le(&mut z, csize);
        u32le(&mut z, declared);
        u16le(&mut z, name.len() as u16);
        u16le(&mut z, 0); // extra
        u16le(&mut z, 0); // comment
        u16le(&mut z, 0); // disk
        u16le(&mut z, 0); // internal attributes
        u32le(&mut z, 0); // external attributes
        u32le(&mut z, 0); // local header offset
        z.extend_from_slice(name.as_bytes());
        let cd_size = z.len() as u32 - cd_offset;
        u32le(&mut z, 0x0605_4b50);
        u16le(&mut z, 0);
        u16le(&mut z, 0);
        u16le(&mut z, 1);
        u16le(&mut z, 1);
        u32le(&mut z, cd_size);
        u32le(&mut z, cd_offset);
        u16le(&mut z, 0);
        z
    }

    #[test]
    fn zip_bomb_is_stopped_at_the_limit() {
        const TOTAL: u64 = 300 * 1024 * 1024;
        let bomb = bomb_zip("word/document.xml", TOTAL, TOTAL as u32);
        assert!(bomb.len() < 3 * 1024 * 1024, "{}", bomb.len());
        // A lower limit keeps the test fast in debug builds; the code path
        // is the one the 256 MiB default takes.
        let limits = Limits {
            max_expanded_bytes: 4 * 1024 * 1024,
            ..Limits::default()
        };
        let err = docx_text(&bomb, &limits).unwrap_err();
        assert_eq!(
            err,
            FormatError::TooLarge {
                limit: 4 * 1024 * 1024
            }
        );
        assert_eq!(
            err.to_string(),
            "expands beyond the 4 MiB limit (zip bomb?)"
        );
    }

    #[test]
    fn zip_bomb_with_a_lying_header_is_stopped() {
        // The central directory claims 1 KiB; the data expands to 64 MiB.
        // Our own cap stops it (zip 9 and later also reject the entry
        // themselves once it passes its declared size: either way nothing
        // close to 64 MiB is ever held).
        let bomb = bomb_zip("word/document.xml", 64 * 1024 * 1024, 1024);
        let limits = Limits {
            max_expanded_bytes: 4 * 1024 * 1024,
            ..Limits::default()
        };
        match docx_text(&bomb, &limits) {
            Err(FormatError::TooLarge { limit }) => assert_eq!(limit, 4 * 1024 * 1024),
            Err(FormatError::NotAZip(msg)) => {
                assert!(msg.contains("damaged entry word/document.xml"), "{msg}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn limit_counts_all_parts_together() {
        let doc = format!("<w:document {NS}><w:body>{}</w:body></w:document>", p("Hi"));
        let bytes = make_zip(&[
            ("word/document.xml", &doc),
            ("word/styles.xml", &styles_xml()),
        ]);
        let limits = Limits {
            max_expanded_bytes: doc.len() as u64 + 10,
            ..Limits::default()
        };
        assert_eq!(
            docx_text(&bytes, &limits),
            Err(FormatError::TooLarge {
                limit: doc.len() as u64 + 10
            })
        );
        let limits = Limits {
            max_expanded_bytes: doc.len() as u64,
            ..Limits::default()
        };
        // Exactly the document fits; styles.xml then crosses the limit.
        assert!(matches!(
            docx_text(&bytes, &limits),
            Err(FormatError::TooLarge { .. })
        ));
        let only_doc = make_zip(&[("word/document.xml", &doc)]);
        assert_eq!(docx_text(&only_doc, &limits).unwrap(), "Hi\n\n");
    }

    #[test]
    fn utf16_part() {
        let doc = format!(
            "<w:document {NS}><w:body>{}</w:body></w:document>",
            p("Grüße")
        );
        let mut bytes = vec![0xFF, 0xFE];
        for u in doc.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_xml_bytes(bytes), doc);
    }
}
