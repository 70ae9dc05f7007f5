//! `minutes explain`: what each stage found, and which rule found it.
//!
//! A rule author fixing a miss needs to see the sections the segmenter made,
//! each speaker field with the span and rule behind it, the statements and
//! the theme hits with their sentences — in one readable listing.

use std::fmt::Write as _;

use crate::model::{Field, ThemeScope};
use crate::pipeline::process_text;
use crate::rules::Rules;

/// The explanation of one document as text.
pub fn explain(name: &str, text: &str, rules: &Rules) -> String {
    let r = process_text(name, text, rules);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "document {} ({} bytes, looks like: {})",
        r.source, r.bytes, r.kind
    );
    let _ = writeln!(out, "\nmeeting");
    let m = &r.meeting;
    for f in m
        .title
        .iter()
        .chain(&m.dates)
        .chain(&m.venue)
        .chain(&m.location)
        .chain(&m.organizers)
    {
        field_line(&mut out, f);
    }
    let _ = writeln!(out, "\nsections");
    for s in &r.sections {
        let title = if s.title.is_empty() {
            "(before the first heading)"
        } else {
            &s.title
        };
        let _ = writeln!(
            out,
            "  [{}] level {} bytes {}..{}  {}",
            s.index, s.level, s.span.start, s.span.end, title
        );
    }
    let _ = writeln!(out, "\nspeakers");
    for s in &r.speakers {
        let name = s.name.as_deref().unwrap_or("(unnamed delegation)");
        let _ = writeln!(
            out,
            "  #{} {}{}  role={}  mentions={}  section={}",
            s.id,
            s.honorific
                .as_deref()
                .map(|h| format!("{h} "))
                .unwrap_or_default(),
            name,
            s.role.as_deref().unwrap_or("-"),
            s.mentions,
            s.section.as_deref().unwrap_or("-")
        );
        if !s.aliases.is_empty() {
            let _ = writeln!(out, "      aliases: {}", s.aliases.join("; "));
        }
        for f in &s.evidence {
            out.push_str("    ");
            field_line(&mut out, f);
        }
    }
    let _ = writeln!(out, "\nstatements");
    for st in &r.statements {
        let _ = writeln!(
            out,
            "  #{} {} @{}..{}: {}",
            st.speaker,
            st.verb.as_deref().unwrap_or("-"),
            st.evidence.start,
            st.evidence.end,
            st.evidence.sentence
        );
    }
    let _ = writeln!(out, "\nthemes (document)");
    for t in r.themes.iter().filter(|t| t.scope == ThemeScope::Document) {
        let _ = writeln!(out, "  {} ({} hits)", t.id, t.hits);
        for ev in &t.evidence {
            let hit = text.get(ev.start..ev.end).unwrap_or("");
            let _ = writeln!(
                out,
                "      {:?} @{}..{}: {}",
                hit, ev.start, ev.end, ev.sentence
            );
        }
    }
    if !r.attendees.is_empty() {
        let _ = writeln!(out, "\nattendees");
        for a in &r.attendees {
            let _ = writeln!(
                out,
                "  {} [{}] {}",
                a.name,
                a.status,
                a.organization.as_deref().unwrap_or("")
            );
        }
    }
    out
}

fn field_line(out: &mut String, f: &Field) {
    let _ = writeln!(
        out,
        "  {:<12} {:?}  [{}] @{}..{}: {}",
        f.field, f.value, f.rule, f.evidence.start, f.evidence.end, f.evidence.sentence
    );
}
