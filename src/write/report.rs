//! `report.html`: one self-contained page to read a run without a
//! spreadsheet — summary, speakers by organisation and country, a chart of
//! the key themes, then every document with each value linked to the
//! sentence it was read from.
//!
//! The page may be opened offline or from an archive years later, so it
//! loads nothing: inline CSS and SVG, no script, no fonts. Documents are
//! streamed to a temporary body file as they arrive (a run may hold
//! millions); only the aggregates shown above them stay in memory, and
//! [`ReportWriter::finish`] writes head, summary, chart and aggregates
//! before copying the body in. The bytes depend only on the records and
//! their order.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::{self, Write as _};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::{DocumentRecord, Evidence, Field, Speaker, ThemeHit, ThemeScope};
use crate::write::ErrorRow;

/// The file [`ReportWriter::finish`] writes into its folder.
pub const REPORT_FILE: &str = "report.html";
/// Documents streamed so far; removed by [`ReportWriter::finish`].
const BODY_FILE: &str = "report.body.tmp";
/// Rows kept in the organisation and country tables: enough to see who
/// dominates a corpus without turning the summary into a directory.
const TOP: usize = 25;

/// Streams the HTML report of a run into a folder.
pub struct ReportWriter {
    dir: PathBuf,
    body_path: PathBuf,
    body: BufWriter<File>,
    totals: Totals,
    organizations: BTreeMap<String, usize>,
    countries: BTreeMap<String, usize>,
    themes: BTreeMap<String, ThemeCount>,
}

/// Run-wide figures for the summary cards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Totals {
    documents: usize,
    speakers: usize,
    statements: usize,
    errors: usize,
}

/// A theme's label and the number of documents it occurs in.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ThemeCount {
    label: String,
    documents: usize,
}

impl ReportWriter {
    /// Open the temporary body file in `tmp_dir`, where `report.html` will
    /// be written by [`ReportWriter::finish`].
    pub fn create(tmp_dir: &Path) -> Result<ReportWriter, Error> {
        let body_path = tmp_dir.join(BODY_FILE);
        let body = File::create(&body_path)
            .map(BufWriter::new)
            .map_err(|e| Error::io(&body_path, e))?;
        Ok(ReportWriter {
            dir: tmp_dir.to_path_buf(),
            body_path,
            body,
            totals: Totals::default(),
            organizations: BTreeMap::new(),
            countries: BTreeMap::new(),
            themes: BTreeMap::new(),
        })
    }

    /// Count the record into the aggregates and stream its section.
    pub fn document(&mut self, record: &DocumentRecord) -> Result<(), Error> {
        self.totals.documents += 1;
        self.totals.speakers += record.speakers.len();
        self.totals.statements += record.statements.len();
        for s in &record.speakers {
            count(&mut self.organizations, s.organization.as_deref());
            count(&mut self.countries, s.country.as_deref());
        }
        for t in document_themes(record) {
            self.themes
                .entry(t.id.clone())
                .or_insert_with(|| ThemeCount {
                    label: t.label.clone(),
                    documents: 0,
                })
                .documents += 1;
        }
        let html = render(|out| document_html(out, self.totals.documents, record));
        self.body
            .write_all(html.as_bytes())
            .map_err(|e| Error::io(&self.body_path, e))
    }

    /// Write `report.html` (head, summary, chart, aggregates, the streamed
    /// documents, the errors) and remove the temporary body file.
    pub fn finish(self, errors: &[ErrorRow]) -> Result<(), Error> {
        let ReportWriter {
            dir,
            body_path,
            body,
            mut totals,
            organizations,
            countries,
            themes,
        } = self;
        // Flushes the body and closes it before it is read back.
        drop(
            body.into_inner()
                .map_err(|e| Error::io(&body_path, e.into_error()))?,
        );
        totals.errors = errors.len();
        let path = dir.join(REPORT_FILE);
        let io_err = |e| Error::io(&path, e);
        let mut out = File::create(&path).map(BufWriter::new).map_err(io_err)?;
        let top = render(|o| {
            head_html(o, &totals)?;
            summary_html(o, &totals)?;
            chart_html(o, &themes, totals.documents)?;
            aggregates_html(o, &organizations, &countries)?;
            o.write_str("<section id=\"documents\">\n<h2>Documents</h2>\n")
        });
        out.write_all(top.as_bytes()).map_err(io_err)?;
        let mut streamed = File::open(&body_path).map_err(|e| Error::io(&body_path, e))?;
        io::copy(&mut streamed, &mut out).map_err(io_err)?;
        drop(streamed);
        let tail = render(|o| {
            if totals.documents == 0 {
                o.write_str("<p class=\"none\">No documents.</p>\n")?;
            }
            o.write_str("</section>\n")?;
            errors_html(o, errors)?;
            o.write_str("</main>\n</body>\n</html>\n")
        });
        out.write_all(tail.as_bytes()).map_err(io_err)?;
        out.flush().map_err(io_err)?;
        fs::remove_file(&body_path).map_err(|e| Error::io(&body_path, e))
    }
}

/// `s` with the five characters that can end a text run or an attribute
/// value replaced by character references, so no input can become markup.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Writing to a `String` cannot fail; this keeps the renderers' `?` and
/// turns the impossible error into an empty fragment rather than a panic.
fn render(f: impl FnOnce(&mut String) -> fmt::Result) -> String {
    let mut out = String::new();
    match f(&mut out) {
        Ok(()) => out,
        Err(_) => String::new(),
    }
}

fn count(map: &mut BTreeMap<String, usize>, value: Option<&str>) {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return;
    };
    match map.get_mut(value) {
        Some(n) => *n += 1,
        None => {
            map.insert(value.to_string(), 1);
        }
    }
}

/// The document-scope themes, one per id (a rules file could repeat one).
fn document_themes(record: &DocumentRecord) -> Vec<&ThemeHit> {
    let mut seen = BTreeSet::new();
    record
        .themes
        .iter()
        .filter(|t| t.scope == ThemeScope::Document && seen.insert(t.id.as_str()))
        .collect()
}

/// Entries by count, largest first, ties by name, so the page is the same
/// bytes whatever order the documents were counted in.
fn ranked<V>(map: &BTreeMap<String, V>, n: impl Fn(&V) -> usize) -> Vec<(&str, &V)> {
    let mut rows: Vec<(&str, &V)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    rows.sort_by(|a, b| n(b.1).cmp(&n(a.1)).then_with(|| a.0.cmp(b.0)));
    rows
}

const STYLE: &str = r#"
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--accent:#2f6fae;--accent-soft:#e3edf7;--mark:#fff3bf;--bad:#b42318}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:32px 24px 64px}
header.page{margin-bottom:24px}
h1{font-size:28px;margin:0 0 4px;letter-spacing:-.01em}
h2{font-size:20px;margin:40px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:18px;margin:0 0 8px}
h4{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:20px 0 8px}
.sub{color:var(--muted);margin:0}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
a.inferred{border-bottom:1px dotted var(--muted)}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:16px;margin:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px}
.card dt{color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.06em}
.card dd{margin:4px 0 0;font-size:30px;font-weight:650;font-variant-numeric:tabular-nums}
.card.errors dd.some{color:var(--bad)}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:24px;align-items:start}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;overflow-x:auto}
.panel h3{font-size:16px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600}
tbody tr:nth-child(even){background:#fafbfc}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.none{color:var(--muted)}
.note{color:var(--muted);font-size:13px;margin:8px 0 0}
svg.chart{display:block;width:100%;height:auto;font:13px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg.chart .label{fill:var(--ink)}
svg.chart .value{fill:var(--muted);font-variant-numeric:tabular-nums}
svg.chart rect.bar{fill:var(--accent)}
svg.chart rect.bar:hover{fill:#1d4f82}
article.doc{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin:0 0 20px}
article.doc:target{border-color:var(--accent)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0;font-size:14px}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bg);padding:1px 5px;border-radius:4px}
ul.themes{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:8px}
ul.themes li{background:var(--accent-soft);border-radius:999px;padding:3px 12px;font-size:13px}
ul.themes .hits{color:var(--muted);margin-left:6px;font-variant-numeric:tabular-nums}
ol.evidence{margin:0;padding-left:28px;font-size:13px;color:#3e4c59}
ol.evidence li{padding:3px 6px;border-radius:4px;scroll-margin-top:24px}
ol.evidence li:target{background:var(--mark);outline:2px solid #f5c400}
mark{background:var(--mark);color:inherit;padding:0 1px}
table.errors td:nth-child(2){white-space:nowrap}
@media (max-width:760px){.cards{grid-template-columns:repeat(2,1fr)}.grid{grid-template-columns:1fr}}
"#;

fn head_html(o: &mut String, t: &Totals) -> fmt::Result {
    writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        o,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        o,
        "<meta name=\"generator\" content=\"minutes {}\">",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        o,
        "<title>minutes report: {} {}</title>",
        t.documents,
        plural(t.documents, "document", "documents")
    )?;
    writeln!(o, "<style>{STYLE}</style>\n</head>\n<body>\n<main>")?;
    writeln!(
        o,
        "<header class=\"page\"><h1>minutes report</h1><p class=\"sub\">{} {}, {} {}, {} {}; every value links to the sentence it was read from.</p></header>",
        t.documents,
        plural(t.documents, "document", "documents"),
        t.speakers,
        plural(t.speakers, "speaker", "speakers"),
        t.statements,
        plural(t.statements, "statement", "statements"),
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn summary_html(o: &mut String, t: &Totals) -> fmt::Result {
    o.write_str("<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"cards\">\n")?;
    for (key, label, n) in [
        ("documents", "Documents", t.documents),
        ("speakers", "Speakers", t.speakers),
        ("statements", "Statements", t.statements),
        ("errors", "Errors", t.errors),
    ] {
        let some = if key == "errors" && n > 0 {
            " class=\"some\""
        } else {
            ""
        };
        writeln!(
            o,
            "<div class=\"card {key}\"><dt>{label}</dt><dd id=\"sum-{key}\" data-value=\"{n}\"{some}>{n}</dd></div>"
        )?;
    }
    o.write_str("</dl>\n</section>\n")
}

fn aggregates_html(
    o: &mut String,
    organizations: &BTreeMap<String, usize>,
    countries: &BTreeMap<String, usize>,
) -> fmt::Result {
    o.write_str("<section id=\"speakers\">\n<h2>Speakers</h2>\n<div class=\"grid\">\n")?;
    top_table(
        o,
        "by-organization",
        "By organisation",
        "Organisation",
        "organisations",
        organizations,
    )?;
    top_table(
        o,
        "by-country",
        "By country",
        "Country",
        "countries",
        countries,
    )?;
    o.write_str("</div>\n</section>\n")
}

fn top_table(
    o: &mut String,
    id: &str,
    title: &str,
    column: &str,
    noun: &str,
    counts: &BTreeMap<String, usize>,
) -> fmt::Result {
    writeln!(o, "<div class=\"panel\" id=\"{id}\"><h3>{title}</h3>")?;
    if counts.is_empty() {
        writeln!(o, "<p class=\"none\">No {noun} recorded.</p></div>")?;
        return Ok(());
    }
    writeln!(
        o,
        "<table><thead><tr><th>{column}</th><th class=\"n\">Speakers</th></tr></thead><tbody>"
    )?;
    let rows = ranked(counts, |n| *n);
    for (name, n) in rows.iter().take(TOP) {
        writeln!(
            o,
            "<tr><td>{}</td><td class=\"n\">{n}</td></tr>",
            escape(name)
        )?;
    }
    o.write_str("</tbody></table>\n")?;
    if rows.len() > TOP {
        writeln!(
            o,
            "<p class=\"note\">Top {TOP} of {} {noun}.</p>",
            rows.len()
        )?;
    }
    o.write_str("</div>\n")
}

/// Chart geometry, in SVG user units (the chart scales to the page width).
const CHART_WIDTH: usize = 1000;
const LABEL_RIGHT: usize = 390;
const BAR_LEFT: usize = 400;
const BAR_MAX: usize = 540;
const ROW: usize = 28;
const BAR_HEIGHT: usize = 18;
/// Longer labels are cut in the chart (the full label is in the tooltip).
const LABEL_CHARS: usize = 52;

fn chart_html(
    o: &mut String,
    themes: &BTreeMap<String, ThemeCount>,
    documents: usize,
) -> fmt::Result {
    o.write_str("<section id=\"themes\">\n<h2>Key themes</h2>\n")?;
    if themes.is_empty() {
        return o.write_str("<p class=\"none\">No themes found.</p>\n</section>\n");
    }
    let rows = ranked(themes, |t| t.documents);
    let max = rows.first().map_or(1, |(_, t)| t.documents.max(1));
    let height = rows.len() * ROW + 8;
    writeln!(
        o,
        "<div class=\"panel\"><svg class=\"chart\" viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">Documents in which each theme occurs</title>"
    )?;
    for (i, (id, t)) in rows.iter().enumerate() {
        let y = 4 + i * ROW;
        let width = (t.documents * BAR_MAX / max).max(2);
        let label = escape(&t.label);
        writeln!(
            o,
            "<g><text class=\"label\" x=\"{LABEL_RIGHT}\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"bar\" data-theme=\"{}\" data-count=\"{}\" x=\"{BAR_LEFT}\" y=\"{y}\" width=\"{width}\" height=\"{BAR_HEIGHT}\" rx=\"3\"><title>{label} ({}): {} of {documents} {}</title></rect><text class=\"value\" x=\"{}\" y=\"{}\">{}</text></g>",
            y + 14,
            escape(&shorten(&t.label, LABEL_CHARS)),
            escape(id),
            t.documents,
            escape(id),
            t.documents,
            plural(documents, "document", "documents"),
            BAR_LEFT + width + 8,
            y + 14,
            t.documents,
        )?;
    }
    writeln!(
        o,
        "</svg><p class=\"note\">Number of documents in which each theme occurs, of {documents}.</p></div>\n</section>"
    )
}

/// At most `max` characters, the last an ellipsis when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A document's evidence sentences, each listed once, in the order the
/// values citing them appear on the page.
struct EvidenceList<'a> {
    doc: usize,
    index: HashMap<&'a str, usize>,
    /// Each sentence with the values that cite it, to mark them in it.
    items: Vec<(&'a Evidence, Vec<&'a str>)>,
}

impl<'a> EvidenceList<'a> {
    fn new(doc: usize) -> EvidenceList<'a> {
        EvidenceList {
            doc,
            index: HashMap::new(),
            items: Vec::new(),
        }
    }

    /// The anchor of `ev`'s sentence, listing it if new.
    fn anchor(&mut self, ev: &'a Evidence, value: &'a str) -> String {
        let i = match self.index.get(&*ev.sentence) {
            Some(&i) => i,
            None => {
                self.items.push((ev, Vec::new()));
                self.index.insert(&ev.sentence, self.items.len());
                self.items.len()
            }
        };
        if let Some((_, values)) = self.items.get_mut(i - 1) {
            if !values.contains(&value) {
                values.push(value);
            }
        }
        format!("d{}-e{i}", self.doc)
    }

    /// `value` escaped, as a link to its evidence when it has one; a value
    /// with evidence only for its speaker (inferred) is marked as such.
    fn link(&mut self, value: &'a str, ev: Option<(&'a Evidence, bool)>) -> String {
        match ev {
            Some((ev, direct)) => {
                let anchor = self.anchor(ev, value);
                let class = if direct {
                    ""
                } else {
                    " class=\"inferred\" title=\"inferred: links to the sentence that introduces the speaker\""
                };
                format!("<a href=\"#{anchor}\"{class}>{}</a>", escape(value))
            }
            None => escape(value),
        }
    }

    fn html(&self, o: &mut String) -> fmt::Result {
        if self.items.is_empty() {
            return Ok(());
        }
        o.write_str("<h4>Evidence</h4>\n<ol class=\"evidence\">\n")?;
        for (i, (ev, values)) in self.items.iter().enumerate() {
            writeln!(
                o,
                "<li id=\"d{}-e{}\" title=\"bytes {}–{} of the source\">{}</li>",
                self.doc,
                i + 1,
                ev.start,
                ev.end,
                highlight(&ev.sentence, values)
            )?;
        }
        o.write_str("</ol>\n")
    }
}

/// `sentence` escaped, with the first occurrence of each value marked
/// (overlaps keep the earlier, then the longer value).
fn highlight(sentence: &str, values: &[&str]) -> String {
    let mut ranges: Vec<(usize, usize)> = values
        .iter()
        .filter(|v| !v.is_empty())
        .filter_map(|v| sentence.find(*v).map(|at| (at, at + v.len())))
        .collect();
    ranges.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::with_capacity(sentence.len() + 32);
    let mut at = 0;
    for (start, end) in ranges {
        if start < at {
            continue;
        }
        out.push_str(&escape(&sentence[at..start]));
        out.push_str("<mark>");
        out.push_str(&escape(&sentence[start..end]));
        out.push_str("</mark>");
        at = end;
    }
    out.push_str(&escape(&sentence[at..]));
    out
}

/// An empty value: a dash, so empty cells do not read as missing markup.
const NONE: &str = "<span class=\"none\">—</span>";

fn document_html(o: &mut String, n: usize, r: &DocumentRecord) -> fmt::Result {
    let mut ev = EvidenceList::new(n);
    let m = &r.meeting;
    let title = match &m.title {
        Some(f) => ev.link(&f.value, Some((&f.evidence, true))),
        None => format!(
            "<span class=\"none\">Untitled</span> <code>{}</code>",
            escape(&r.source)
        ),
    };
    writeln!(o, "<article class=\"doc\" id=\"d{n}\">\n<h3>{title}</h3>")?;
    let dates: Vec<String> = m
        .dates
        .iter()
        .take(2)
        .map(|f| field_link(&mut ev, f))
        .collect();
    let date = if dates.is_empty() {
        NONE.to_string()
    } else {
        dates.join(" – ")
    };
    let location = m
        .location
        .as_ref()
        .or(m.venue.as_ref())
        .map_or_else(|| NONE.to_string(), |f| field_link(&mut ev, f));
    writeln!(
        o,
        "<dl class=\"meta\"><dt>Date</dt><dd>{date}</dd><dt>Location</dt><dd>{location}</dd><dt>Source</dt><dd><code>{}</code></dd><dt>Kind</dt><dd>{}</dd></dl>",
        escape(&r.source),
        escape(&r.kind)
    )?;
    speakers_html(o, &mut ev, &r.speakers)?;
    themes_html(o, &mut ev, r)?;
    ev.html(o)?;
    o.write_str("</article>\n")
}

fn field_link<'a>(ev: &mut EvidenceList<'a>, f: &'a Field) -> String {
    ev.link(&f.value, Some((&f.evidence, true)))
}

fn speakers_html<'a>(
    o: &mut String,
    ev: &mut EvidenceList<'a>,
    speakers: &'a [Speaker],
) -> fmt::Result {
    writeln!(o, "<h4>Speakers ({})</h4>", speakers.len())?;
    if speakers.is_empty() {
        return o.write_str("<p class=\"none\">No speakers found.</p>\n");
    }
    o.write_str("<table class=\"speakers\"><thead><tr><th>Name</th><th>Honorific</th><th>Title</th><th>Organisation</th><th>Country</th><th>Role</th></tr></thead><tbody>\n")?;
    for s in speakers {
        o.write_str("<tr>")?;
        for (column, (value, fields)) in speaker_cells(s).into_iter().enumerate() {
            let cell = match value {
                Some(v) if !v.is_empty() => ev.link(v, speaker_evidence(s, fields)),
                _ if column == 0 => "<span class=\"none\">(delegation)</span>".to_string(),
                _ => NONE.to_string(),
            };
            write!(o, "<td>{cell}</td>")?;
        }
        o.write_str("</tr>\n")?;
    }
    o.write_str("</tbody></table>\n")
}

/// Each column's value and the evidence fields that support it, best
/// first (the honorific is read with the name; a delegation's country or
/// group has `delegation` evidence).
fn speaker_cells(s: &Speaker) -> [(Option<&str>, &'static [&'static str]); 6] {
    [
        (s.name.as_deref(), &["name"]),
        (s.honorific.as_deref(), &["name"]),
        (s.title.as_deref(), &["title"]),
        (s.organization.as_deref(), &["organization", "delegation"]),
        (s.country.as_deref(), &["country", "delegation"]),
        (s.role.as_deref(), &["role"]),
    ]
}

/// The evidence of the first of `fields` the speaker has (direct), else
/// the speaker's first evidence (the value was inferred, e.g. a role from
/// the session type, and that sentence is where the speaker is introduced).
fn speaker_evidence<'a>(s: &'a Speaker, fields: &[&str]) -> Option<(&'a Evidence, bool)> {
    fields
        .iter()
        .find_map(|f| s.evidence.iter().find(|e| e.field == *f))
        .map(|f| (&f.evidence, true))
        .or_else(|| s.evidence.first().map(|f| (&f.evidence, false)))
}

fn themes_html<'a>(
    o: &mut String,
    ev: &mut EvidenceList<'a>,
    r: &'a DocumentRecord,
) -> fmt::Result {
    let mut themes = document_themes(r);
    themes.sort_by(|a, b| b.hits.cmp(&a.hits).then_with(|| a.id.cmp(&b.id)));
    writeln!(o, "<h4>Key themes ({})</h4>", themes.len())?;
    if themes.is_empty() {
        return o.write_str("<p class=\"none\">No themes found.</p>\n");
    }
    o.write_str("<ul class=\"themes\">\n")?;
    for t in themes {
        let label = ev.link(&t.label, t.evidence.first().map(|e| (e, true)));
        writeln!(
            o,
            "<li data-theme=\"{}\">{label}<span class=\"hits\" title=\"mentions\">{}</span></li>",
            escape(&t.id),
            t.hits
        )?;
    }
    o.write_str("</ul>\n")
}

fn errors_html(o: &mut String, errors: &[ErrorRow]) -> fmt::Result {
    writeln!(
        o,
        "<section id=\"errors\">\n<h2>Errors ({})</h2>",
        errors.len()
    )?;
    if errors.is_empty() {
        return o.write_str("<p class=\"none\">Every input became a document.</p>\n</section>\n");
    }
    let mut rows: Vec<&ErrorRow> = errors.iter().collect();
    rows.sort();
    o.write_str("<div class=\"panel\"><table class=\"errors\"><thead><tr><th>Source</th><th>Kind</th><th>Message</th></tr></thead><tbody>\n")?;
    for e in rows {
        writeln!(
            o,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            escape(&e.source),
            escape(e.kind),
            escape(&e.message)
        )?;
    }
    o.write_str("</tbody></table></div>\n</section>\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meeting;
    use crate::{process_text, Rules};

    /// A private folder for one test, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("minutes-report-{}-{name}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// The report of `records` and `errors`, written through the real
    /// writer.
    fn report(name: &str, records: &[DocumentRecord], errors: &[ErrorRow]) -> String {
        let dir = Scratch::new(name);
        let mut w = ReportWriter::create(&dir.0).unwrap();
        for r in records {
            w.document(r).unwrap();
        }
        w.finish(errors).unwrap();
        let names: Vec<_> = fs::read_dir(&dir.0)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [REPORT_FILE], "only report.html is left behind");
        fs::read_to_string(dir.0.join(REPORT_FILE)).unwrap()
    }

    fn ev(sentence: &str) -> Evidence {
        Evidence {
            start: 0,
            end: sentence.len(),
            sentence: sentence.into(),
        }
    }

    fn theme(id: &str, scope: ThemeScope, hits: usize) -> ThemeHit {
        ThemeHit {
            id: id.to_string(),
            label: format!("Label of {id}"),
            scope,
            hits,
            evidence: vec![ev(&format!("A sentence about {id}."))],
        }
    }

    fn speaker(id: usize, name: &str, org: Option<&str>, country: Option<&str>) -> Speaker {
        let field = |field: &'static str, value: &str| Field {
            field,
            value: value.to_string(),
            rule: "test",
            evidence: ev(&format!("{name} of {} spoke.", org.unwrap_or("nowhere"))),
        };
        Speaker {
            id,
            name: Some(name.to_string()),
            organization: org.map(str::to_string),
            country: country.map(str::to_string),
            role: Some("speaker".to_string()),
            evidence: vec![field("name", name)],
            ..Speaker::default()
        }
    }

    fn record(source: &str, speakers: Vec<Speaker>, themes: Vec<ThemeHit>) -> DocumentRecord {
        DocumentRecord {
            source: source.to_string(),
            kind: "summary".to_string(),
            format: "text".to_string(),
            encoding: "UTF-8".to_string(),
            bytes: 0,
            meeting: Meeting::default(),
            sections: Vec::new(),
            speakers,
            statements: Vec::new(),
            themes,
            attendees: Vec::new(),
        }
    }

    /// Every value of `attr="..."` in `html`, in order.
    fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
        let key = format!(" {attr}=\"");
        html.match_indices(&key)
            .filter_map(|(at, _)| {
                let rest = &html[at + key.len()..];
                rest.find('"').map(|end| &rest[..end])
            })
            .collect()
    }

    /// The `data-theme` of each chart bar, top to bottom, with its count.
    fn bars(html: &str) -> Vec<(String, String)> {
        html.split("<rect class=\"bar\"")
            .skip(1)
            .map(|tag| {
                let tag = &tag[..tag.find('>').unwrap()];
                let get = |a| attr_values(tag, a)[0].to_string();
                (get("data-theme"), get("data-count"))
            })
            .collect()
    }

    #[test]
    fn escape_replaces_the_five_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("Zoë — plain"), "Zoë — plain");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn highlight_marks_values_and_escapes_the_rest() {
        assert_eq!(
            highlight("Ms. <Ana> of R&D spoke.", &["<Ana>", "R&D", "absent"]),
            "Ms. <mark>&lt;Ana&gt;</mark> of <mark>R&amp;D</mark> spoke."
        );
        assert_eq!(
            highlight("Ana Lima spoke.", &["Lima", "Ana Lima"]),
            "<mark>Ana Lima</mark> spoke."
        );
    }

    #[test]
    fn shorten_cuts_on_characters_with_an_ellipsis() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("ééééé", 3), "éé…");
    }

    #[test]
    fn one_bar_per_theme_occurring_at_document_scope() {
        let records = [
            record(
                "a.txt",
                vec![],
                vec![
                    theme("zeta", ThemeScope::Document, 1),
                    theme("alpha", ThemeScope::Document, 9),
                    theme("only-in-a-section", ThemeScope::Section("S".into()), 4),
                ],
            ),
            record(
                "b.txt",
                vec![],
                vec![
                    theme("zeta", ThemeScope::Document, 2),
                    theme("beta", ThemeScope::Document, 1),
                    theme("only-for-a-speaker", ThemeScope::Speaker(1), 1),
                ],
            ),
        ];
        let html = report("bars", &records, &[]);
        assert_eq!(
            bars(&html),
            [("zeta", "2"), ("alpha", "1"), ("beta", "1")].map(|(a, b)| (a.into(), b.into())),
            "one bar per document-scope theme, by documents then id"
        );
    }

    #[test]
    fn every_link_resolves_and_sentences_are_listed_once() {
        let text = "Ms. Ana Lima, Director of Policy at the Ministry of Communications, Brazil, \
                    stressed the need to close the digital divide. She urged investment in \
                    cybersecurity and AI. Mr. Tom Ruiz, CEO of Acme, agreed.\n";
        let a = process_text("a.txt", text, &Rules::default_rules());
        let b = process_text("b.txt", text, &Rules::default_rules());
        let html = report("links", &[a, b], &[]);
        let ids: BTreeSet<&str> = attr_values(&html, "id").into_iter().collect();
        let hrefs = attr_values(&html, "href");
        assert!(hrefs.len() > 6, "values are linked: {hrefs:?}");
        for href in &hrefs {
            let target = href.strip_prefix('#').expect("only in-page links");
            assert!(ids.contains(target), "{href} has no target");
        }
        for doc in ["d1", "d2"] {
            let listed: Vec<&str> = html
                .split(&format!("<li id=\"{doc}-e"))
                .skip(1)
                .map(|li| &li[li.find('>').unwrap() + 1..li.find("</li>").unwrap()])
                .collect();
            let unique: BTreeSet<&str> = listed.iter().copied().collect();
            assert_eq!(listed.len(), unique.len(), "{doc} lists a sentence twice");
            assert!(!listed.is_empty());
        }
        assert!(
            html.contains("<mark>Ana Lima</mark>"),
            "the value is marked"
        );
    }

    #[test]
    fn aggregates_count_speakers_sorted_by_count_then_name() {
        let records = [
            record(
                "a.txt",
                vec![
                    speaker(1, "A", Some("UNDP"), Some("Kenya")),
                    speaker(2, "B", Some("ITU"), None),
                    speaker(3, "C", Some(" "), Some("Japan")),
                ],
                vec![],
            ),
            record(
                "b.txt",
                vec![
                    speaker(1, "D", Some("UNDP"), Some("Japan")),
                    speaker(2, "E", Some("Acme"), Some("Kenya")),
                ],
                vec![],
            ),
        ];
        let html = report("aggregates", &records, &[]);
        let rows = |id: &str| -> Vec<String> {
            let start = html.find(&format!("id=\"{id}\"")).unwrap();
            let panel = &html[start..start + html[start..].find("</div>").unwrap()];
            panel
                .split("<tr><td>")
                .skip(1)
                .map(|r| r[..r.find("</tr>").unwrap()].replace("</td><td class=\"n\">", "="))
                .map(|r| r.replace("</td>", ""))
                .collect()
        };
        assert_eq!(rows("by-organization"), ["UNDP=2", "Acme=1", "ITU=1"]);
        assert_eq!(rows("by-country"), ["Japan=2", "Kenya=2"]);
        assert!(html.contains("id=\"sum-speakers\" data-value=\"5\""));
        assert!(html.contains("id=\"sum-documents\" data-value=\"2\""));
    }

    #[test]
    fn tables_keep_the_top_25() {
        let speakers = (1..=30)
            .map(|i| speaker(i, "X", Some(&format!("Org {i:02}")), None))
            .collect();
        let html = report("top", &[record("a.txt", speakers, vec![])], &[]);
        assert!(html.contains("<td>Org 25</td>"));
        assert!(!html.contains("<td>Org 26</td>"));
        assert!(html.contains("Top 25 of 30 organisations."));
    }

    #[test]
    fn an_empty_run_is_a_valid_page() {
        let html = report("empty", &[], &[]);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.ends_with("</html>\n"));
        assert!(html.contains("<title>minutes report: 0 documents</title>"));
        assert!(html.contains("No themes found."));
        assert!(html.contains("No documents."));
        assert!(bars(&html).is_empty());
        assert!(attr_values(&html, "href").is_empty());
    }

    #[test]
    fn hostile_values_stay_text_and_errors_are_listed() {
        let mut r = record(
            "<img src=x>.txt",
            vec![speaker(
                1,
                "<script>alert(1)</script>",
                Some("\"Q\" & 'R'"),
                None,
            )],
            vec![],
        );
        r.meeting.title = Some(Field {
            field: "title",
            value: "</h3><b>x".to_string(),
            rule: "test",
            evidence: ev("</h3><b>x"),
        });
        let errors = [ErrorRow {
            source: "bad<1>.txt".to_string(),
            kind: "binary",
            message: "file is <binary>".to_string(),
        }];
        let html = report("hostile", &[r], &errors);
        for raw in ["<script", "<img", "<b>", "'R'", "bad<1>"] {
            assert!(!html.contains(raw), "{raw} reached the page unescaped");
        }
        assert!(html.contains("<td><code>bad&lt;1&gt;.txt</code></td><td>binary</td>"));
        assert!(html.contains("id=\"sum-errors\" data-value=\"1\""));
    }

    #[test]
    fn the_same_records_give_the_same_bytes() {
        let text = "Mr. Tom Ruiz, CEO of Acme, Kenya, stressed connectivity and AI.\n";
        let r = process_text("a.txt", text, &Rules::default_rules());
        let one = report("same-1", std::slice::from_ref(&r), &[]);
        let two = report("same-2", &[r], &[]);
        assert_eq!(one, two);
    }
}
