//! PDF reader.
//!
//! Built on `lopdf` (pure Rust, maintained, with decompression-bomb limits
//! built into its loader and stream decoders). `lopdf` parses the file and
//! decodes font encodings; the layout work is done here: we interpret the
//! text operators of each page's content stream ourselves to get every
//! piece of text with its position and size, then
//!
//! 1. group pieces into lines (same baseline, in content-stream order, which
//!    is the reading order most producers write);
//! 2. drop running headers/footers: the top-most or bottom-most line of a
//!    page when the same text (digits ignored, so `Page 3 of 9` matches
//!    `Page 4 of 9`) is there on at least half of the pages and on at least
//!    3 pages;
//! 3. on a page set in columns (a vertical white gutter that runs down the
//!    page between columns of running text), read each column top to bottom
//!    before the next, whatever order the content stream draws them in:
//!    some producers write a two-column page one baseline at a time, which
//!    read in stream order interleaves the columns line by line;
//! 4. group lines into paragraphs by vertical gaps, font size changes, list
//!    markers and short sentence-final lines, joining words hyphenated at a
//!    line end (`informa-` + `tion` → `information` when the next line
//!    starts lower-case); larger type becomes `#` headings.

use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{DecompressError, Dictionary, Document, Encoding, LoadOptions, Object, ObjectId};

use super::{collapse_ws, FormatError, Limits, TextOut};

/// Form XObjects may nest; real files use a level or two.
const MAX_FORM_DEPTH: usize = 8;

/// Extracts the text layer of a PDF as structured plain text (see the
/// [module docs](super)).
///
/// Fails with [`FormatError::NoTextLayer`] when no page has any text (a
/// scan needs OCR, which minutes does not do), [`FormatError::TooLarge`]
/// when decompressed streams or output text cross the [`Limits`], and
/// [`FormatError::Pdf`] when the file cannot be parsed.
pub fn pdf_text(bytes: &[u8], limits: &Limits) -> Result<String, FormatError> {
    // Last resort: lopdf returns errors for the malformed files we know of,
    // but a parser for a format this large and this often broken may still
    // hit a panicking path (an index or arithmetic overflow on hostile
    // offsets). One bad file must not abort a batch over thousands of
    // documents, so a panic becomes an error here. This relies on the
    // default `panic = "unwind"`; the panic message still reaches stderr via
    // the process-wide panic hook, which a library must not replace.
    match catch_unwind(AssertUnwindSafe(|| extract(bytes, limits))) {
        Ok(result) => result,
        Err(_) => Err(FormatError::Pdf(
            "the PDF parser failed on this file (internal panic)".to_string(),
        )),
    }
}

fn extract(bytes: &[u8], limits: &Limits) -> Result<String, FormatError> {
    let max = usize::try_from(limits.max_expanded_bytes).unwrap_or(usize::MAX);
    let doc = Document::load_mem_with_options(bytes, LoadOptions::with_max_decompressed_size(max))
        .map_err(|e| map_err(e, limits))?;
    let prepared = prepare_fonts(&doc);
    let mut ex = Extractor {
        doc: &doc,
        prepared: &prepared,
        fonts: HashMap::new(),
        remaining: limits.max_expanded_bytes,
        limits,
        runs: Vec::new(),
        text_bytes: 0,
    };
    let mut pages: Vec<Vec<Line>> = Vec::new();
    for page_id in doc.get_pages().into_values() {
        ex.page(page_id)?;
        let runs = std::mem::take(&mut ex.runs);
        pages.push(build_lines(runs));
    }
    if pages.iter().flatten().all(|l| l.text.trim().is_empty()) {
        return Err(FormatError::NoTextLayer);
    }
    remove_running_lines(&mut pages);
    for page in &mut pages {
        *page = order_columns(std::mem::take(page));
    }
    let mut out = TextOut::new(limits.max_text_bytes);
    assemble(&pages, &mut out);
    if out.overflowed() {
        return Err(FormatError::TooLarge {
            limit: limits.max_text_bytes as u64,
        });
    }
    Ok(out.finish())
}

fn map_err(e: lopdf::Error, limits: &Limits) -> FormatError {
    match e {
        lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => {
            FormatError::TooLarge {
                limit: limits.max_expanded_bytes,
            }
        }
        e => FormatError::Pdf(e.to_string()),
    }
}

// ------------------------------------------------------------------ fonts

/// Copies of the document's font dictionaries prepared for decoding: when a
/// font has a `/ToUnicode` map we drop its `/Encoding`, because lopdf
/// prefers `/Encoding` and cannot decode CID encodings such as
/// `Identity-H`, while the `/ToUnicode` map is exactly what text
/// extraction needs.
fn prepare_fonts(doc: &Document) -> BTreeMap<ObjectId, Dictionary> {
    let mut prepared = BTreeMap::new();
    for (id, obj) in &doc.objects {
        if let Ok(dict) = obj.as_dict() {
            if dict.has_type(b"Font") {
                let mut copy = dict.clone();
                if copy.has(b"ToUnicode") {
                    copy.remove(b"Encoding");
                }
                prepared.insert(*id, copy);
            }
        }
    }
    prepared
}

/// What the interpreter needs from a font: how to turn codes into text and
/// how far each code advances.
struct FontInfo<'p> {
    encoding: Option<Encoding<'p>>,
    /// Type0 (CID) fonts use two-byte codes (true of `Identity-H`, by far
    /// the most common CMap).
    two_byte: bool,
    first_char: u32,
    /// Simple-font widths, in text space units (1/1000 already applied).
    widths: Vec<f64>,
    /// CID-font widths as (first, last, width) ranges.
    cid_widths: Vec<(u32, u32, f64)>,
    default_width: f64,
    /// Width used for code 32 when the font gives none.
    space_width: f64,
}

fn num(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        _ => obj,
    }
}

impl<'p> FontInfo<'p> {
    fn new(
        doc: &'p Document,
        original: &'p Dictionary,
        prepared: &'p Dictionary,
        limit: usize,
    ) -> Result<Self, FormatError> {
        let encoding = match prepared.get_font_encoding_with_limit(doc, limit) {
            Ok(e) => Some(e),
            Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(FormatError::TooLarge {
                    limit: limit as u64,
                })
            }
            Err(_) => None,
        };
        let subtype = original
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let base = original
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let mono = base.windows(7).any(|w| w.eq_ignore_ascii_case(b"courier"));
        // Without metrics, an average glyph is about half an em wide.
        let (avg, space) = if mono { (0.6, 0.6) } else { (0.5, 0.25) };
        let mut info = FontInfo {
            encoding,
            two_byte: subtype == b"Type0",
            first_char: 0,
            widths: Vec::new(),
            cid_widths: Vec::new(),
            default_width: avg,
            space_width: space,
        };
        if info.two_byte {
            info.default_width = 1.0;
            let descendant = original
                .get(b"DescendantFonts")
                .map(|o| deref(doc, o))
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            if let Some(d) = descendant {
                if let Some(dw) = d.get(b"DW").ok().and_then(num) {
                    info.default_width = dw / 1000.0;
                }
                if let Ok(w) = d
                    .get(b"W")
                    .map(|o| deref(doc, o))
                    .and_then(Object::as_array)
                {
                    info.cid_widths = parse_cid_widths(doc, w);
                }
            }
            info.space_width = info.default_width;
        } else {
            info.first_char = original
                .get(b"FirstChar")
                .ok()
                .and_then(num)
                .map_or(0, |f| f.clamp(0.0, 65535.0) as u32);
            if let Ok(w) = original
                .get(b"Widths")
                .map(|o| deref(doc, o))
                .and_then(Object::as_array)
            {
                info.widths = w
                    .iter()
                    .take(65536)
                    .map(|o| num(deref(doc, o)).unwrap_or(0.0) / 1000.0)
                    .collect();
            }
            let missing = original
                .get(b"FontDescriptor")
                .map(|o| deref(doc, o))
                .and_then(Object::as_dict)
                .ok()
                .and_then(|fd| fd.get(b"MissingWidth").ok())
                .and_then(num)
                .filter(|w| *w > 0.0);
            if let Some(m) = missing {
                info.default_width = m / 1000.0;
            }
        }
        Ok(info)
    }

    fn codes<'b>(&self, bytes: &'b [u8]) -> impl Iterator<Item = u32> + 'b {
        let step = if self.two_byte { 2 } else { 1 };
        bytes
            .chunks(step)
            .map(|c| c.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
    }

    fn width(&self, code: u32) -> f64 {
        if self.two_byte {
            for (first, last, w) in &self.cid_widths {
                if (*first..=*last).contains(&code) {
                    return *w;
                }
            }
            return self.default_width;
        }
        match code
            .checked_sub(self.first_char)
            .and_then(|i| self.widths.get(i as usize))
        {
            Some(w) if *w > 0.0 => *w,
            _ if code == 32 => self.space_width,
            _ => self.default_width,
        }
    }

    fn decode(&self, bytes: &[u8]) -> String {
        let decoded = self
            .encoding
            .as_ref()
            .and_then(|e| e.bytes_to_string(bytes).ok());
        let text = match decoded {
            Some(s) => s,
            // Unknown encoding: a one-byte font is most likely ASCII-based.
            None if !self.two_byte => bytes
                .iter()
                .filter(|b| (0x20..0x7f).contains(*b))
                .map(|b| char::from(*b))
                .collect(),
            None => String::new(),
        };
        text.chars()
            .map(|c| if c == '\u{a0}' || c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control() && *c != '\u{fffd}')
            .collect()
    }
}

/// For a font the resources do not define: the text is still there, most
/// likely in an ASCII-compatible encoding.
fn fallback_font<'p>() -> Rc<FontInfo<'p>> {
    Rc::new(FontInfo {
        encoding: None,
        two_byte: false,
        first_char: 0,
        widths: Vec::new(),
        cid_widths: Vec::new(),
        default_width: 0.5,
        space_width: 0.25,
    })
}

/// `/W` array of a CID font: `c [w1 w2 …]` or `c_first c_last w`.
fn parse_cid_widths(doc: &Document, w: &[Object]) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() && out.len() < 65536 {
        let Some(first) = num(deref(doc, &w[i])) else {
            break;
        };
        let first = first.clamp(0.0, f64::from(u32::MAX)) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().take(65536).enumerate() {
                    let code = first.saturating_add(k as u32);
                    out.push((code, code, num(deref(doc, o)).unwrap_or(0.0) / 1000.0));
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(0.0).clamp(0.0, f64::from(u32::MAX)) as u32;
                let width = w.get(i + 2).and_then(|o| num(deref(doc, o))).unwrap_or(0.0);
                out.push((first, last, width / 1000.0));
                i += 3;
            }
            None => break,
        }
    }
    out
}

// ------------------------------------------------------------ interpreter

/// Affine matrix `[a b c d e f]` as in the PDF spec (row vector × matrix).
#[derive(Clone, Copy, Debug)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self × other`: apply `self`, then `other`.
    fn mul(&self, other: &Matrix) -> Matrix {
        let [a1, b1, c1, d1, e1, f1] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a1 * a2 + b1 * c2,
            a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2,
            c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2,
            e1 * b2 + f1 * d2 + f2,
        ])
    }

    fn from_operands(ops: &[Object]) -> Option<Matrix> {
        if ops.len() < 6 {
            return None;
        }
        let mut m = [0.0; 6];
        for (slot, o) in m.iter_mut().zip(ops) {
            *slot = num(o)?;
        }
        m.iter().all(|v| v.is_finite()).then_some(Matrix(m))
    }
}

/// A piece of text as shown on the page.
#[derive(Debug)]
struct Run {
    x: f64,
    y: f64,
    end_x: f64,
    size: f64,
    text: String,
}

/// Graphics state that `q`/`Q` save and restore (the text state is part of
/// it in PDF).
#[derive(Clone)]
struct GState<'p> {
    ctm: Matrix,
    font: Option<Rc<FontInfo<'p>>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

struct Extractor<'p> {
    doc: &'p Document,
    prepared: &'p BTreeMap<ObjectId, Dictionary>,
    fonts: HashMap<ObjectId, Rc<FontInfo<'p>>>,
    /// Decompressed bytes still allowed.
    remaining: u64,
    limits: &'p Limits,
    runs: Vec<Run>,
    text_bytes: usize,
}

impl<'p> Extractor<'p> {
    fn charge(&mut self, n: usize) -> Result<(), FormatError> {
        let n = n as u64;
        if n > self.remaining {
            return Err(FormatError::TooLarge {
                limit: self.limits.max_expanded_bytes,
            });
        }
        self.remaining -= n;
        Ok(())
    }

    fn remaining_usize(&self) -> usize {
        usize::try_from(self.remaining).unwrap_or(usize::MAX)
    }

    fn page(&mut self, page_id: ObjectId) -> Result<(), FormatError> {
        let doc = self.doc;
        let content = doc
            .get_page_content_with_limit(page_id, self.remaining_usize())
            .map_err(|e| map_err(e, self.limits))?;
        self.charge(content.len())?;
        let mut resources: Vec<&'p Dictionary> = Vec::new();
        if let Ok((own, inherited)) = doc.get_page_resources(page_id) {
            resources.extend(own);
            resources.extend(
                inherited
                    .iter()
                    .filter_map(|id| doc.get_dictionary(*id).ok()),
            );
        }
        let gs = GState {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        self.content(&content, &resources, gs, 0)
    }

    /// Looks `name` up in a resource category (`Font`, `XObject`) of the
    /// innermost resource dictionary that has it.
    fn resource(
        &self,
        resources: &[&'p Dictionary],
        category: &[u8],
        name: &[u8],
    ) -> Option<&'p Object> {
        let doc = self.doc;
        resources.iter().find_map(|res| {
            let dict = deref(doc, res.get(category).ok()?).as_dict().ok()?;
            dict.get(name).ok()
        })
    }

    fn font(
        &mut self,
        resources: &[&'p Dictionary],
        name: &[u8],
    ) -> Result<Rc<FontInfo<'p>>, FormatError> {
        let doc = self.doc;
        let limit = self.remaining_usize();
        match self.resource(resources, b"Font", name) {
            Some(Object::Reference(id)) => {
                if let Some(f) = self.fonts.get(id) {
                    return Ok(f.clone());
                }
                let Ok(original) = doc.get_dictionary(*id) else {
                    return Ok(fallback_font());
                };
                let prepared = self.prepared.get(id).unwrap_or(original);
                let info = Rc::new(FontInfo::new(doc, original, prepared, limit)?);
                self.fonts.insert(*id, info.clone());
                Ok(info)
            }
            // A font dictionary written inline (rare): used as is.
            Some(Object::Dictionary(d)) => Ok(Rc::new(FontInfo::new(doc, d, d, limit)?)),
            _ => Ok(fallback_font()),
        }
    }

    /// Interprets one content stream. Recursion happens only into form
    /// XObjects and is bounded by [`MAX_FORM_DEPTH`].
    fn content(
        &mut self,
        data: &[u8],
        resources: &[&'p Dictionary],
        mut gs: GState<'p>,
        depth: usize,
    ) -> Result<(), FormatError> {
        let mut stack: Vec<GState<'p>> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        // A syntax error ends the stream; what came before it is kept.
        for op in Content::decode_iter(data) {
            let Ok(Operation { operator, operands }) = op else {
                break;
            };
            let n = |i: usize| operands.get(i).and_then(num).filter(|v| v.is_finite());
            match operator.as_str() {
                "q" => stack.push(gs.clone()),
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        gs = saved;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(&operands) {
                        gs.ctm = m.mul(&gs.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        gs.font = Some(self.font(resources, name)?);
                    }
                    gs.size = n(1).unwrap_or(gs.size);
                }
                "Tc" => gs.char_spacing = n(0).unwrap_or(0.0),
                "Tw" => gs.word_spacing = n(0).unwrap_or(0.0),
                "Tz" => gs.scale = n(0).unwrap_or(100.0) / 100.0,
                "TL" => gs.leading = n(0).unwrap_or(0.0),
                "Ts" => gs.rise = n(0).unwrap_or(0.0),
                "Td" | "TD" => {
                    let (tx, ty) = (n(0).unwrap_or(0.0), n(1).unwrap_or(0.0));
                    if operator == "TD" {
                        gs.leading = -ty;
                    }
                    tlm = Matrix::translate(tx, ty).mul(&tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(&operands) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).mul(&tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if operator != "Tj" {
                        if operator == "\"" {
                            gs.word_spacing = n(0).unwrap_or(gs.word_spacing);
                            gs.char_spacing = n(1).unwrap_or(gs.char_spacing);
                        }
                        tlm = Matrix::translate(0.0, -gs.leading).mul(&tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(bytes, _)) = operands.last() {
                        self.show(bytes, &gs, &mut tm)?;
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = operands.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => self.show(bytes, &gs, &mut tm)?,
                                other => {
                                    if let Some(adj) = num(other).filter(|v| v.is_finite()) {
                                        let tx = -adj / 1000.0 * gs.size * gs.scale;
                                        tm = Matrix::translate(tx, 0.0).mul(&tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        self.form(resources, name, &gs, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Runs a form XObject (a reusable piece of page content; some
    /// producers put the whole page in one).
    fn form(
        &mut self,
        resources: &[&'p Dictionary],
        name: &[u8],
        gs: &GState<'p>,
        depth: usize,
    ) -> Result<(), FormatError> {
        let doc = self.doc;
        let Some(obj) = self.resource(resources, b"XObject", name) else {
            return Ok(());
        };
        let Ok(stream) = deref(doc, obj).as_stream() else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(()); // an image
        }
        let data = stream
            .get_plain_content_with_limit(self.remaining_usize())
            .map_err(|e| map_err(e, self.limits))?;
        self.charge(data.len())?;
        let matrix = stream
            .dict
            .get(b"Matrix")
            .map(|o| deref(doc, o))
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| Matrix::from_operands(a))
            .unwrap_or(Matrix::IDENTITY);
        let mut inner: Vec<&'p Dictionary> = Vec::with_capacity(resources.len() + 1);
        if let Some(own) = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o).as_dict().ok())
        {
            inner.push(own);
        }
        inner.extend_from_slice(resources);
        let mut gs = gs.clone();
        gs.ctm = matrix.mul(&gs.ctm);
        self.content(&data, &inner, gs, depth + 1)
    }

    /// Shows one string: records it as a run and advances the text matrix.
    fn show(&mut self, bytes: &[u8], gs: &GState<'p>, tm: &mut Matrix) -> Result<(), FormatError> {
        let Some(font) = gs.font.as_ref() else {
            return Ok(());
        };
        let text = font.decode(bytes);
        let mut advance = 0.0;
        for code in font.codes(bytes) {
            let word = if code == 32 && !font.two_byte {
                gs.word_spacing
            } else {
                0.0
            };
            advance += (font.width(code) * gs.size + gs.char_spacing + word) * gs.scale;
        }
        let m = tm.mul(&gs.ctm);
        let origin = Matrix::translate(0.0, gs.rise).mul(&m);
        let size = (gs.size * m.0[2].hypot(m.0[3])).abs();
        *tm = Matrix::translate(advance, 0.0).mul(tm);
        let end = tm.mul(&gs.ctm);
        if text.is_empty() || !origin.0[4].is_finite() || !origin.0[5].is_finite() {
            return Ok(());
        }
        self.text_bytes = self.text_bytes.saturating_add(text.len());
        if self.text_bytes > self.limits.max_text_bytes {
            return Err(FormatError::TooLarge {
                limit: self.limits.max_text_bytes as u64,
            });
        }
        self.runs.push(Run {
            x: origin.0[4],
            y: origin.0[5],
            end_x: end.0[4],
            size: if size.is_finite() && size > 0.0 {
                size
            } else {
                1.0
            },
            text,
        });
        Ok(())
    }
}

// ----------------------------------------------------------------- layout

/// A line of text on a page.
#[derive(Debug, Clone)]
struct Line {
    y: f64,
    x0: f64,
    x1: f64,
    size: f64,
    text: String,
    /// The line cut at wide horizontal gaps: on a page set in columns,
    /// each column's part of a shared baseline is one piece.
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone)]
struct Piece {
    x0: f64,
    x1: f64,
    text: String,
}

/// A horizontal gap wider than this many ems may be a column gutter (word
/// spaces, even in justified text, stay well under it).
const GUTTER_EM: f64 = 1.0;

/// Appends a run's text to a line or piece, with a space where the gap
/// between them shows one that the text lacks.
fn append_spaced(text: &mut String, run: &Run, gap: f64, size: f64) {
    let spaced = text.ends_with(char::is_whitespace) || run.text.starts_with(char::is_whitespace);
    if !spaced && gap > 0.15 * size {
        text.push(' ');
    }
    text.push_str(&run.text);
}

/// Joins runs into lines: a run continues the current line when it sits on
/// the same baseline and does not jump back before the line's start.
fn build_lines(runs: Vec<Run>) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for run in runs {
        let blank = run.text.trim().is_empty();
        if let Some(line) = lines.last_mut() {
            let tol = 0.5 * run.size.min(line.size);
            if (run.y - line.y).abs() <= tol && run.x >= line.x0 - tol {
                let gap = run.x - line.x1;
                let size = run.size.max(line.size);
                append_spaced(&mut line.text, &run, gap, size);
                match line.pieces.last_mut() {
                    Some(piece) if gap <= GUTTER_EM * size => {
                        append_spaced(&mut piece.text, &run, gap, size);
                        piece.x1 = piece.x1.max(run.end_x);
                    }
                    _ => line.pieces.push(Piece {
                        x0: run.x,
                        x1: run.end_x,
                        text: run.text.clone(),
                    }),
                }
                line.x1 = line.x1.max(run.end_x);
                if !blank {
                    line.size = line.size.max(run.size);
                }
                continue;
            }
        }
        if blank {
            continue;
        }
        lines.push(Line {
            y: run.y,
            x0: run.x,
            x1: run.end_x,
            size: run.size,
            pieces: vec![Piece {
                x0: run.x,
                x1: run.end_x,
                text: run.text.clone(),
            }],
            text: run.text,
        });
    }
    for line in &mut lines {
        line.text = collapse_ws(&line.text);
        for piece in &mut line.pieces {
            piece.text = collapse_ws(&piece.text);
        }
        line.pieces.retain(|p| !p.text.is_empty());
    }
    lines.retain(|l| !l.text.is_empty());
    lines
}

// ---------------------------------------------------------------- columns

/// A piece with the baseline and size of its line.
#[derive(Debug, Clone, Copy)]
struct Placed<'a> {
    y: f64,
    size: f64,
    x0: f64,
    x1: f64,
    text: &'a str,
}

/// Layouts with more columns than this are tables or noise, not text.
const MAX_COLUMNS: usize = 4;
/// Running text in a column: pieces this many characters long at the median
/// (a column of names in a table is shorter).
const COLUMN_MEDIAN_CHARS: usize = 20;

/// The page's lines in reading order: unchanged unless the page is set in
/// columns, then column by column within each band between lines that span
/// the gutters (a title over two columns, a full-width table between them).
fn order_columns(lines: Vec<Line>) -> Vec<Line> {
    let placed: Vec<Placed<'_>> = lines
        .iter()
        .flat_map(|l| {
            l.pieces.iter().map(|p| Placed {
                y: l.y,
                size: l.size,
                x0: p.x0,
                x1: p.x1,
                text: &p.text,
            })
        })
        .collect();
    let gutters = find_gutters(&placed);
    if gutters.is_empty() {
        return lines;
    }
    let mut spanning: Vec<Placed<'_>> = Vec::new();
    let mut in_columns: Vec<(usize, Placed<'_>)> = Vec::new();
    for p in &placed {
        match column_of(p, &gutters) {
            Some(c) => in_columns.push((c, *p)),
            None => spanning.push(*p),
        }
    }
    spanning.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    in_columns.sort_by(|a, b| b.1.y.total_cmp(&a.1.y));
    let mut out: Vec<Line> = Vec::new();
    let mut rest = in_columns.into_iter().peekable();
    for s in &spanning {
        let mut band = Vec::new();
        while let Some(next) = rest.next_if(|(_, p)| p.y > s.y - 0.5 * p.size.min(s.size)) {
            band.push(next);
        }
        push_band(band, &mut out);
        push_band(vec![(0, *s)], &mut out);
    }
    push_band(rest.collect(), &mut out);
    out
}

/// Writes one band: column by column, top to bottom, joining the pieces of
/// a column that share a baseline back into one line.
fn push_band(mut band: Vec<(usize, Placed<'_>)>, out: &mut Vec<Line>) {
    band.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.y.total_cmp(&a.1.y))
            .then(a.1.x0.total_cmp(&b.1.x0))
    });
    let mut last_column = None;
    for (column, p) in band {
        let piece = Piece {
            x0: p.x0,
            x1: p.x1,
            text: p.text.to_string(),
        };
        if let Some(line) = out.last_mut().filter(|l| {
            last_column == Some(column) && (l.y - p.y).abs() <= 0.5 * l.size.min(p.size)
        }) {
            line.text.push(' ');
            line.text.push_str(p.text);
            line.x1 = line.x1.max(p.x1);
            line.size = line.size.max(p.size);
            line.pieces.push(piece);
            continue;
        }
        last_column = Some(column);
        out.push(Line {
            y: p.y,
            x0: p.x0,
            x1: p.x1,
            size: p.size,
            text: p.text.to_string(),
            pieces: vec![piece],
        });
    }
}

/// The column a piece lies in, `None` when it spans a gutter.
fn column_of(p: &Placed<'_>, gutters: &[(f64, f64)]) -> Option<usize> {
    if gutters.iter().any(|&(a, b)| p.x0 < a && p.x1 > b) {
        return None;
    }
    let centre = (p.x0 + p.x1) / 2.0;
    Some(
        gutters
            .iter()
            .filter(|&&(a, b)| centre > (a + b) / 2.0)
            .count(),
    )
}

/// The gutters of a page set in columns, left to right; empty for a page
/// of a single column (the common case).
///
/// A gutter is a vertical strip at least [`GUTTER_EM`] wide that at most
/// one piece in ten crosses (the lines that span the columns), with a column
/// of running text on each side: enough pieces, long ones, side by side
/// rather than one above the other. A table whose first column holds short
/// names fails that test and keeps its rows.
fn find_gutters(pieces: &[Placed<'_>]) -> Vec<(f64, f64)> {
    let n = pieces.len();
    if n < 8 {
        return Vec::new();
    }
    let mut sizes: Vec<f64> = pieces.iter().map(|p| p.size).collect();
    sizes.sort_by(f64::total_cmp);
    let size = sizes[n / 2];
    let mut gutters = low_coverage_strips(pieces, n / 10, GUTTER_EM * size);
    // The widest strips are the real gutters; more is not a text layout.
    if gutters.len() > MAX_COLUMNS - 1 {
        gutters.sort_by(|a, b| (b.1 - b.0).total_cmp(&(a.1 - a.0)));
        gutters.truncate(MAX_COLUMNS - 1);
        gutters.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    // Drop gutters next to a column that is not running text, until every
    // column is (or no gutter is left).
    while let Some(bad) = failing_column(pieces, &gutters) {
        let left = bad.checked_sub(1);
        let right = (bad < gutters.len()).then_some(bad);
        let drop = match (left, right) {
            (Some(l), Some(r)) => {
                if gutters[l].1 - gutters[l].0 < gutters[r].1 - gutters[r].0 {
                    l
                } else {
                    r
                }
            }
            (Some(i), None) | (None, Some(i)) => i,
            (None, None) => break,
        };
        gutters.remove(drop);
    }
    gutters
}

/// Maximal strips between pieces that at most `allowed` pieces cross and
/// that are at least `min_width` wide; the margins are not strips.
fn low_coverage_strips(pieces: &[Placed<'_>], allowed: usize, min_width: f64) -> Vec<(f64, f64)> {
    let mut events: Vec<(f64, bool)> = pieces
        .iter()
        .flat_map(|p| [(p.x0, true), (p.x1.max(p.x0), false)])
        .collect();
    // At the same x an end comes before a start, so touching pieces leave
    // no strip and overlapping ones never dip below their true count.
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut strips = Vec::new();
    let mut cover = 0usize;
    let mut open: Option<f64> = None;
    for (x, start) in events {
        if start {
            cover += 1;
            if cover == allowed + 1 {
                if let Some(from) = open.take().filter(|from| x - from >= min_width) {
                    strips.push((from, x));
                }
            }
        } else {
            cover = cover.saturating_sub(1);
            if cover == allowed {
                open = Some(x);
            }
        }
    }
    strips
}

/// The first column (0 = left of the first gutter) that does not hold
/// running text side by side with its neighbour.
fn failing_column(pieces: &[Placed<'_>], gutters: &[(f64, f64)]) -> Option<usize> {
    if gutters.is_empty() {
        return None;
    }
    let min_pieces = 3.max(pieces.len() / 8);
    let mut spans: Vec<(f64, f64)> = Vec::new();
    for c in 0..=gutters.len() {
        let lo = if c == 0 {
            f64::NEG_INFINITY
        } else {
            gutters[c - 1].1
        };
        let hi = gutters.get(c).map_or(f64::INFINITY, |g| g.0);
        let members: Vec<&Placed<'_>> = pieces
            .iter()
            .filter(|p| p.x0 >= lo - 0.5 * p.size && p.x1 <= hi + 0.5 * p.size)
            .collect();
        if members.len() < min_pieces {
            return Some(c);
        }
        let mut chars: Vec<usize> = members.iter().map(|p| p.text.chars().count()).collect();
        chars.sort_unstable();
        if chars[chars.len() / 2] < COLUMN_MEDIAN_CHARS {
            return Some(c);
        }
        let top = members
            .iter()
            .map(|p| p.y)
            .fold(f64::NEG_INFINITY, f64::max);
        let bottom = members.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
        spans.push((bottom, top));
    }
    // Side by side: each column shares at least half its height with the
    // one before it (a block of text under another is not a column).
    for c in 1..spans.len() {
        let (a, b) = (spans[c - 1], spans[c]);
        let shared = a.1.min(b.1) - a.0.max(b.0);
        let shorter = (a.1 - a.0).min(b.1 - b.0);
        if shared < 0.5 * shorter {
            return Some(c);
        }
    }
    None
}

/// Text of a header/footer line with digits normalised, so page numbers and
/// dates don't make every page's line unique.
fn running_key(text: &str) -> String {
    let mut key = String::new();
    let mut in_digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                key.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            key.extend(c.to_lowercase());
        }
    }
    collapse_ws(&key)
}

/// Removes repeating page headers and footers (see the module docs).
///
/// A second pass, limited to the pages where the first one removed a line
/// at that edge, handles two-line headers such as a title over a date. A
/// page's only line is never taken for a header or footer.
fn remove_running_lines(pages: &mut [Vec<Line>]) {
    let needed = 3.max(pages.len().div_ceil(2));
    for top in [true, false] {
        let mut eligible = vec![true; pages.len()];
        for _pass in 0..2 {
            let pick = |lines: &[Line]| -> Option<usize> {
                if lines.len() < 2 {
                    return None;
                }
                let mut best = 0;
                for (i, l) in lines.iter().enumerate() {
                    if (top && l.y > lines[best].y) || (!top && l.y < lines[best].y) {
                        best = i;
                    }
                }
                Some(best)
            };
            let mut counts: HashMap<String, usize> = HashMap::new();
            for (page, ok) in pages.iter().zip(&eligible) {
                if let (true, Some(i)) = (*ok, pick(page)) {
                    *counts.entry(running_key(&page[i].text)).or_default() += 1;
                }
            }
            for (page, ok) in pages.iter_mut().zip(eligible.iter_mut()) {
                let remove = match (*ok, pick(page)) {
                    (true, Some(i))
                        if counts
                            .get(&running_key(&page[i].text))
                            .is_some_and(|c| *c >= needed) =>
                    {
                        Some(i)
                    }
                    _ => None,
                };
                *ok = remove.is_some();
                if let Some(i) = remove {
                    page.remove(i);
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Para,
    Heading(usize),
    Item(String),
}

#[derive(Debug)]
struct Block {
    kind: Kind,
    text: String,
    size: f64,
}

impl Block {
    /// Appends a line, joining a word hyphenated across the line break.
    fn push_line(&mut self, line: &str) {
        let next_lower = line.chars().next().is_some_and(char::is_lowercase);
        if self.text.ends_with('\u{ad}') {
            self.text.pop();
            self.text.push_str(line);
            return;
        }
        if next_lower && (self.text.ends_with('-') || self.text.ends_with('\u{2010}')) {
            let mut chars = self.text.chars().rev();
            chars.next();
            if chars.next().is_some_and(char::is_alphabetic) {
                self.text.pop();
                self.text.push_str(line);
                return;
            }
        }
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(line);
    }
}

/// A leading list marker: bullets become `-`, `3.`/`3)` become `3.`.
fn list_marker(text: &str) -> Option<(String, &str)> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    if matches!(
        first,
        '•' | '◦' | '▪' | '‣' | '●' | '○' | '■' | '□' | '·' | '\u{f0b7}' | '\u{f0a7}'
    ) {
        let rest = rest.trim_start();
        return (!rest.is_empty()).then(|| ("-".to_string(), rest));
    }
    if matches!(first, '-' | '–' | '*') {
        let stripped = rest.strip_prefix(' ')?.trim_start();
        return (!stripped.is_empty()).then(|| ("-".to_string(), stripped));
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let after = &text[digits..];
        let rest = after.strip_prefix(['.', ')'])?;
        let stripped = rest.strip_prefix(' ')?.trim_start();
        if !stripped.is_empty() {
            return Some((format!("{}.", &text[..digits]), stripped));
        }
    }
    None
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', ')', '”', '’'])
        .ends_with(['.', ':', '!', '?', ';'])
}

/// The most common font size, weighted by text length: the body size that
/// headings are measured against.
fn body_size(pages: &[Vec<Line>]) -> f64 {
    let mut weight: HashMap<i64, usize> = HashMap::new();
    for line in pages.iter().flatten() {
        *weight.entry((line.size * 2.0).round() as i64).or_default() += line.text.len();
    }
    weight
        .into_iter()
        .max_by_key(|(size, w)| (*w, -*size))
        .map_or(10.0, |(size, _)| size as f64 / 2.0)
        .max(0.5)
}

fn heading_level(size: f64, body: f64, text: &str) -> Option<usize> {
    let ratio = size / body;
    if ratio < 1.2 || text.chars().count() > 150 {
        return None;
    }
    Some(if ratio >= 1.6 {
        1
    } else if ratio >= 1.35 {
        2
    } else {
        3
    })
}

/// Typical distance between consecutive baselines of body text on a page.
fn line_spacing(lines: &[Line], body: f64) -> f64 {
    let mut gaps: Vec<f64> = lines
        .windows(2)
        .filter(|w| {
            (w[0].size - body).abs() < 0.15 * body && (w[1].size - body).abs() < 0.15 * body
        })
        .map(|w| w[0].y - w[1].y)
        .filter(|dy| *dy > 0.5 * body && *dy <= 3.0 * body)
        .collect();
    if gaps.is_empty() {
        return 1.2 * body;
    }
    gaps.sort_by(f64::total_cmp);
    gaps[(gaps.len() - 1) / 2]
}

/// Groups lines into blocks and writes them.
fn assemble(pages: &[Vec<Line>], out: &mut TextOut) {
    let body = body_size(pages);
    let mut blocks: Vec<Block> = Vec::new();
    for page in pages {
        let spacing = line_spacing(page, body);
        let widest = page
            .iter()
            .filter(|l| (l.size - body).abs() < 0.15 * body)
            .map(|l| l.x1 - l.x0)
            .fold(0.0, f64::max);
        for (i, line) in page.iter().enumerate() {
            let heading = heading_level(line.size, body, &line.text);
            let marker = if heading.is_none() {
                list_marker(&line.text)
            } else {
                None
            };
            let kind = match (&heading, &marker) {
                (Some(level), _) => Kind::Heading(*level),
                (None, Some((m, _))) => Kind::Item(m.clone()),
                (None, None) => Kind::Para,
            };
            let text = marker.as_ref().map_or(line.text.as_str(), |(_, rest)| rest);
            // First line of a page or column: continues a paragraph (or list
            // item) cut by the break when it starts lower-case.
            let carried_over = |b: &Block| {
                matches!(b.kind, Kind::Para | Kind::Item(_))
                    && kind == Kind::Para
                    && line.text.chars().next().is_some_and(char::is_lowercase)
            };
            let continues = match (blocks.last(), i.checked_sub(1).map(|p| &page[p])) {
                (None, _) => false,
                (Some(b), None) => carried_over(b),
                (Some(b), Some(prev)) if line.y - prev.y > 0.5 * line.size.min(prev.size) => {
                    carried_over(b)
                }
                (Some(b), Some(prev)) => {
                    let dy = prev.y - line.y;
                    let tol = 0.5 * line.size.min(prev.size);
                    let same_kind = match (&b.kind, &kind) {
                        (Kind::Heading(a), Kind::Heading(c)) => a == c,
                        (Kind::Para | Kind::Item(_), Kind::Para) => true,
                        _ => false,
                    };
                    let short_end = ends_sentence(&prev.text) && prev.x1 - prev.x0 < 0.75 * widest;
                    same_kind
                        && (dy.abs() <= tol
                            || (dy > 0.0
                                && dy <= 1.3 * spacing.max(line.size)
                                && (line.size - b.size).abs() <= 0.15 * b.size
                                && !short_end))
                }
            };
            match blocks.last_mut() {
                Some(b) if continues => b.push_line(text),
                _ => {
                    let mut b = Block {
                        kind,
                        text: String::new(),
                        size: line.size,
                    };
                    b.push_line(text);
                    blocks.push(b);
                }
            }
        }
    }
    for b in &blocks {
        match &b.kind {
            Kind::Para => out.paragraph(&[&b.text]),
            Kind::Heading(level) => out.heading(*level, &b.text),
            Kind::Item(marker) => out.list_item(0, marker, &b.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// A text line of a test page: position, font size, text.
    fn line(x: f64, y: f64, size: f64, text: &str) -> String {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        format!("BT /F1 {size} Tf {x} {y} Td ({escaped}) Tj ET\n")
    }

    /// Builds a PDF with lopdf's writer: one page per content string, all
    /// sharing a Helvetica font (`/F1`, no embedded metrics) and an image
    /// XObject `/Im1`.
    fn make_pdf(pages: &[String], compress: bool) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let image_id = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => 2,
                "Height" => 2,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            vec![0, 255, 255, 0],
        ));
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
            "XObject" => dictionary! { "Im1" => image_id },
        });
        let mut kids: Vec<Object> = Vec::new();
        for content in pages {
            // Test text is Latin-1 (WinAnsi bytes such as 0x95 for a bullet).
            let bytes: Vec<u8> = content
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect();
            let content_id = doc.add_object(Stream::new(dictionary! {}, bytes));
            let page_id = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
            });
            kids.push(page_id.into());
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        if compress {
            doc.compress();
        }
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    /// Four pages with a running header (page numbers differ), a running
    /// footer, a heading, hyphenation, a paragraph across a page break,
    /// a bulleted and a numbered list and kerned text.
    fn meeting_pages() -> Vec<String> {
        let header = |n: usize| line(72.0, 760.0, 9.0, &format!("Board minutes - Page {n} of 4"));
        let footer = line(260.0, 30.0, 9.0, "Confidential");
        vec![
            [
                header(1),
                line(72.0, 700.0, 20.0, "Board Meeting"),
                line(72.0, 660.0, 11.0, "The board discussed the informa-"),
                line(72.0, 646.0, 11.0, "tion security budget and a known"),
                line(72.0, 632.0, 11.0, "risk of the pre-"),
                line(72.0, 618.0, 11.0, "Budget plan."),
                line(
                    72.0,
                    590.0,
                    11.0,
                    "A second paragraph that runs over the whole width of",
                ),
                line(72.0, 576.0, 11.0, "the page and then continues across the"),
                footer.clone(),
            ]
            .concat(),
            [
                header(2),
                line(72.0, 700.0, 11.0, "page break without a gap."),
                line(72.0, 672.0, 16.0, "Decisions"),
                line(72.0, 644.0, 11.0, "\u{95} Approve the budget"),
                line(72.0, 630.0, 11.0, "\u{95} Hire two staff members for the"),
                line(84.0, 616.0, 11.0, "new office"),
                line(72.0, 602.0, 11.0, "3) Review in May"),
                "BT /F1 11 Tf 72 574 Td [(Ker) 30 (ned) -300 (text) -280 (here.)] TJ ET\n"
                    .to_string(),
                "BT /F1 11 Tf 72 560 Td (Left) Tj 200 0 Td (Right) Tj ET\n".to_string(),
                footer.clone(),
            ]
            .concat(),
            [
                header(3),
                line(72.0, 700.0, 11.0, "Short page."),
                footer.clone(),
            ]
            .concat(),
            [
                header(4),
                "q 100 0 0 100 72 300 cm /Im1 Do Q\n".to_string(),
                line(72.0, 700.0, 11.0, "Last page."),
                line(300.0, 30.0, 9.0, "Confidential"),
            ]
            .concat(),
        ]
    }

    const MEETING_TEXT: &str = "\
# Board Meeting

The board discussed the information security budget and a known risk of the pre- Budget plan.

A second paragraph that runs over the whole width of the page and then continues across the page break without a gap.

## Decisions

- Approve the budget
- Hire two staff members for the new office
3. Review in May

Kerned text here.

Left Right

Short page.

Last page.

";

    #[test]
    fn multi_page_document() {
        let pdf = make_pdf(&meeting_pages(), false);
        assert_eq!(pdf_text(&pdf, &Limits::default()).unwrap(), MEETING_TEXT);
    }

    #[test]
    fn compressed_streams() {
        let pdf = make_pdf(&meeting_pages(), true);
        assert_eq!(pdf_text(&pdf, &Limits::default()).unwrap(), MEETING_TEXT);
    }

    #[test]
    fn headers_kept_with_fewer_than_three_pages() {
        let page = |n: usize| {
            [
                line(72.0, 760.0, 9.0, &format!("Header {n}")),
                line(72.0, 700.0, 11.0, &format!("Body text of page {n}.")),
            ]
            .concat()
        };
        let pdf = make_pdf(&[page(1), page(2)], false);
        assert_eq!(
            pdf_text(&pdf, &Limits::default()).unwrap(),
            "Header 1\n\nBody text of page 1.\n\nHeader 2\n\nBody text of page 2.\n\n"
        );
    }

    #[test]
    fn header_on_less_than_half_of_the_pages_is_kept() {
        let mut pages = Vec::new();
        for n in 0..8 {
            let mut p = String::new();
            if n < 3 {
                p.push_str(&line(72.0, 760.0, 11.0, "Draft"));
            }
            p.push_str(&line(72.0, 700.0, 11.0, &format!("Text {n}.")));
            pages.push(p);
        }
        let text = pdf_text(&make_pdf(&pages, false), &Limits::default()).unwrap();
        assert_eq!(text.matches("Draft").count(), 3, "{text}");
    }

    #[test]
    fn image_only_pdf_has_no_text_layer() {
        let pages = vec!["q 100 0 0 100 72 300 cm /Im1 Do Q\n".to_string(); 2];
        let pdf = make_pdf(&pages, false);
        assert_eq!(
            pdf_text(&pdf, &Limits::default()),
            Err(FormatError::NoTextLayer)
        );
        let empty = make_pdf(&[String::new()], false);
        assert_eq!(
            pdf_text(&empty, &Limits::default()),
            Err(FormatError::NoTextLayer)
        );
    }

    #[test]
    fn garbage_is_a_pdf_error() {
        for bytes in [
            &b""[..],
            b"not a pdf at all",
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
        ] {
            match pdf_text(bytes, &Limits::default()) {
                Err(FormatError::Pdf(msg)) => assert!(!msg.is_empty()),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn truncated_and_corrupted_never_panic() {
        let pdf = make_pdf(&meeting_pages(), true);
        for cut in (0..pdf.len()).step_by(97) {
            let _ = pdf_text(&pdf[..cut], &Limits::default());
        }
        let mut state = 88172645463325252u64;
        for _ in 0..200 {
            let mut copy = pdf.clone();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let i = (state % copy.len() as u64) as usize;
                copy[i] = (state >> 32) as u8;
            }
            let _ = pdf_text(&copy, &Limits::default());
        }
    }

    #[test]
    fn limits_are_enforced() {
        let pdf = make_pdf(&meeting_pages(), false);
        let small = Limits {
            max_expanded_bytes: 100,
            ..Limits::default()
        };
        assert_eq!(
            pdf_text(&pdf, &small),
            Err(FormatError::TooLarge { limit: 100 })
        );
        let small = Limits {
            max_text_bytes: 50,
            ..Limits::default()
        };
        assert_eq!(
            pdf_text(&pdf, &small),
            Err(FormatError::TooLarge { limit: 50 })
        );
    }

    #[test]
    fn form_xobject_and_type0_font_with_to_unicode() {
        // A page whose text sits in a form XObject, shown with a CID font
        // (Identity-H, two-byte codes) that maps codes to Unicode through a
        // /ToUnicode CMap.
        let mut doc = Document::with_version("1.5");
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
/CMapName /Test def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
3 beginbfchar <0001> <0048> <0002> <0069> <0003> <0020> endbfchar\n\
1 beginbfrange <0010> <0011> <00E9> endbfrange\n\
endcmap CMapName currentdict /CMap defineresource pop end end\n";
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
        let descendant = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "Test",
            "DW" => 500,
            "W" => vec![3.into(), vec![Object::Integer(250)].into()],
        });
        let font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "Test",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![descendant.into()],
            "ToUnicode" => to_unicode,
        });
        let form_content = b"BT /C0 12 Tf 0 0 Td <0001000200030010> Tj ET".to_vec();
        let form = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 500.into(), 100.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), 700.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "C0" => font } },
            },
            form_content,
        ));
        let pages_id = doc.new_object_id();
        let content = doc.add_object(Stream::new(dictionary! {}, b"/Fm1 Do".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "Resources" => dictionary! { "XObject" => dictionary! { "Fm1" => form } },
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        assert_eq!(
            pdf_text(&bytes, &Limits::default()).unwrap(),
            "Hi \u{e9}\n\n"
        );
    }

    #[test]
    fn undefined_font_still_yields_ascii_text() {
        let page = "BT /F9 12 Tf 72 700 Td (Unknown font) Tj ET".to_string();
        let pdf = make_pdf(&[page], false);
        assert_eq!(
            pdf_text(&pdf, &Limits::default()).unwrap(),
            "Unknown font\n\n"
        );
    }

    const LEFT_COLUMN: [&str; 8] = [
        "The committee met to review the draft",
        "budget for the coming year and agreed",
        "that the digital inclusion programme",
        "should receive a larger share of the",
        "funds. Members asked the secretariat",
        "to publish the figures in an open and",
        "machine-readable format before the",
        "next meeting of the full committee in",
    ];
    const RIGHT_COLUMN: [&str; 8] = [
        "the spring, together with a summary of",
        "the comments of the public.",
        "The chair thanked the members for the",
        "careful work on the budget and closed",
        "the meeting shortly after noon. The",
        "minutes of the previous meeting were",
        "approved without changes and signed by",
        "the chair on behalf of the committee.",
    ];
    const TWO_COLUMN_TEXT: &str = "\
# Two-column minutes

The committee met to review the draft budget for the coming year and agreed that the digital inclusion programme should receive a larger share of the funds. Members asked the secretariat to publish the figures in an open and machine-readable format before the next meeting of the full committee in the spring, together with a summary of the comments of the public.

The chair thanked the members for the careful work on the budget and closed the meeting shortly after noon. The minutes of the previous meeting were approved without changes and signed by the chair on behalf of the committee.

Adopted by the board on 3 May 2025 after a vote in full session.

";

    /// A page with a title, two columns of running text and a closing line
    /// across both; `order` says in which order the content stream draws
    /// the column lines, `drop` how far below its left neighbour each
    /// right-column line sits.
    fn two_column_page(order: &str, drop: f64) -> String {
        let mut page = line(72.0, 720.0, 20.0, "Two-column minutes");
        let left = |i: usize| line(72.0, 680.0 - 14.0 * i as f64, 11.0, LEFT_COLUMN[i]);
        let right = |i: usize| line(320.0, 680.0 - drop - 14.0 * i as f64, 11.0, RIGHT_COLUMN[i]);
        match order {
            "rows" => {
                for i in 0..8 {
                    page.push_str(&left(i));
                    page.push_str(&right(i));
                }
            }
            _ => {
                for i in 0..8 {
                    page.push_str(&left(i));
                }
                for i in 0..8 {
                    page.push_str(&right(i));
                }
            }
        }
        page.push_str(&line(
            72.0,
            540.0,
            11.0,
            "Adopted by the board on 3 May 2025 after a vote in full session.",
        ));
        page
    }

    #[test]
    fn two_columns_are_read_column_by_column() {
        for (order, drop) in [("rows", 0.0), ("rows", 7.0), ("columns", 0.0)] {
            let pdf = make_pdf(&[two_column_page(order, drop)], false);
            assert_eq!(
                pdf_text(&pdf, &Limits::default()).unwrap(),
                TWO_COLUMN_TEXT,
                "{order}, right column {drop} below"
            );
        }
    }

    #[test]
    fn a_table_of_names_keeps_its_rows() {
        let rows = [
            ("Ms. Ana Lima", "Ministry of Communications, Brazil"),
            ("Mr. Bo Chen", "Asia Data Forum, Singapore office"),
            ("Dr. Sara Klein", "Civic Data Lab, Geneva headquarters"),
            ("Ms. Ines Moreau", "Open Government Partnership office"),
            ("Mr. Kofi Mensah", "Ghana Statistical Service, Accra"),
            ("Dr. Lea Novak", "University of Ljubljana, Slovenia"),
            ("Mr. Raj Patel", "Digital India Corporation, Delhi"),
            ("Ms. Mia Berg", "Nordic Telecom Regulators Forum"),
        ];
        let mut page = String::new();
        for (i, (name, org)) in rows.iter().enumerate() {
            let y = 700.0 - 14.0 * i as f64;
            page.push_str(&line(72.0, y, 11.0, name));
            page.push_str(&line(320.0, y, 11.0, org));
        }
        let text = pdf_text(&make_pdf(&[page], false), &Limits::default()).unwrap();
        assert!(
            text.starts_with(
                "Ms. Ana Lima Ministry of Communications, Brazil Mr. Bo Chen Asia Data Forum"
            ),
            "{text}"
        );
    }

    #[test]
    fn gutters_need_running_text_on_both_sides() {
        let placed = |x0: f64, x1: f64, y: f64, text: &'static str| Placed {
            y,
            size: 10.0,
            x0,
            x1,
            text,
        };
        let long = "a line of running text in a column";
        let mut pieces: Vec<Placed<'_>> = (0..6)
            .flat_map(|i| {
                let y = 700.0 - 12.0 * f64::from(i);
                [placed(72.0, 280.0, y, long), placed(310.0, 520.0, y, long)]
            })
            .collect();
        assert_eq!(find_gutters(&pieces), vec![(280.0, 310.0)]);
        // The same two blocks one above the other are not columns.
        for p in pieces.iter_mut().skip(1).step_by(2) {
            p.y -= 200.0;
        }
        assert!(find_gutters(&pieces).is_empty());
        // Nor is a page of one column with ragged line ends.
        let ragged: Vec<Placed<'_>> = (0..12)
            .map(|i| {
                placed(
                    72.0,
                    400.0 + 10.0 * f64::from(i % 3),
                    700.0 - 12.0 * f64::from(i),
                    long,
                )
            })
            .collect();
        assert!(find_gutters(&ragged).is_empty());
        assert!(low_coverage_strips(&[], 0, 1.0).is_empty());
    }

    #[test]
    fn layout_helpers() {
        assert_eq!(running_key("Page 3 of 12"), "page # of #");
        assert_eq!(running_key("  Minutes  2024-05-01 "), "minutes #-#-#");
        assert_eq!(list_marker("• item"), Some(("-".to_string(), "item")));
        assert_eq!(
            list_marker("12. twelve"),
            Some(("12.".to_string(), "twelve"))
        );
        assert_eq!(list_marker("2024. A year"), None);
        assert_eq!(list_marker("-5 degrees"), None);
        assert_eq!(list_marker("3.5 percent"), None);
        let mut b = Block {
            kind: Kind::Para,
            text: String::new(),
            size: 10.0,
        };
        for l in ["informa-", "tion and co-", "Operation, soft\u{ad}", "ware"] {
            b.push_line(l);
        }
        assert_eq!(b.text, "information and co- Operation, software");
    }
}
