//! Markdown reader.
//!
//! Built on `pulldown-cmark`, a CommonMark pull parser: it yields a flat
//! stream of start/end events and keeps its own state in vectors, so a
//! quote or list nested 100,000 levels deep costs memory linear in the depth
//! and never overflows the call stack. This module keeps only flat stacks
//! and counters on top of that stream (no walk down a stack per event), so
//! the whole conversion stays linear in the input.
//!
//! The markup is turned into the structured plain text of the other readers
//! (see the [module docs](super)) rather than left in the text, so that
//! `**Date:** 9 May` reads as the field it is and `*` or `_` never end up in
//! names, titles or evidence sentences.

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{collapse_ws, html_text, TextOut};

/// Extracts the text of a Markdown document as structured plain text.
///
/// - Emphasis, strong emphasis, strikethrough and code spans keep their
///   text and lose their delimiters; backslash escapes and entities are
///   resolved.
/// - A line that is strong emphasis and nothing else (`**Opening
///   remarks**`, `1. **Welcome**`) is a heading of level 3, as people use
///   it; one that reads `Label: value` stays a line, since there the bold
///   marks a field label rather than a title.
/// - Links keep their text; absolute `http(s)` targets not already shown in
///   the text are listed once each under a closing `## Links` heading, so
///   the document's URLs survive without breaking the sentences they sit
///   in. Images are dropped (their alt text describes a picture, not the
///   meeting).
/// - Block quotes read as the blocks they quote; code blocks and YAML front
///   matter keep their lines; raw HTML blocks go through
///   [`html_text`](super::html_text), inline tags are dropped (`<br>` breaks
///   the line) and comments vanish.
/// - Tables become one line per row with a `|` at both ends, the shape the
///   segmenter reads as a row of separate cells.
/// - Inside a paragraph, line breaks are kept: Markdown authors put one
///   field or one name per line without blank lines between them.
pub fn markdown_text(markdown: &str) -> String {
    let mut st = State::new();
    for event in Parser::new_ext(markdown, options()) {
        st.event(event);
    }
    st.finish()
}

/// CommonMark plus the extensions meeting documents use; footnotes, smart
/// punctuation and task lists stay off (their text reads fine as is, and
/// the normaliser already straightens quotes).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Heading level given to a line that is all strong emphasis; the segmenter
/// gives `**Title**` lines the same level.
const BOLD_HEADING_LEVEL: usize = 3;
/// Longer strong lines are emphasised sentences, not titles.
const BOLD_HEADING_MAX_CHARS: usize = 100;

/// One output line being built, and whether any of its text lies outside
/// strong emphasis.
#[derive(Debug, Default)]
struct Line {
    text: String,
    plain: bool,
}

impl Line {
    /// `**Opening remarks**` alone on its line: a heading in all but name.
    fn is_bold_heading(&self) -> bool {
        let text = collapse_ws(&self.text);
        !self.plain
            && !text.is_empty()
            && text.chars().count() <= BOLD_HEADING_MAX_CHARS
            && !text.contains(": ")
            && !text.ends_with(['.', '!', '?'])
    }
}

#[derive(Debug)]
struct List {
    ordered: bool,
    next: u64,
}

#[derive(Debug)]
struct Item {
    marker: String,
    depth: usize,
    /// The marker line is written; later lines continue the item.
    emitted: bool,
    /// The item opened with a bold heading: what follows in it reads as
    /// that section's paragraphs, not as list continuation lines.
    sectioned: bool,
}

/// A link being read: its target and the text shown for it.
#[derive(Debug)]
struct Link {
    url: String,
    text: String,
}

struct State {
    out: TextOut,
    /// Lines of the block being read (paragraph, heading, cell, code…).
    lines: Vec<Line>,
    lists: Vec<List>,
    items: Vec<Item>,
    heading: Option<usize>,
    /// Cells of the table row being read.
    row: Option<Vec<String>>,
    /// Nesting of strong emphasis and images around the current text.
    strong: usize,
    image: usize,
    link: Option<Link>,
    /// Raw HTML block being collected.
    html: Option<String>,
    urls: Vec<String>,
    seen_urls: HashSet<String>,
}

impl State {
    fn new() -> Self {
        State {
            // The output is bounded by the input, which the caller already
            // holds in memory.
            out: TextOut::new(usize::MAX),
            lines: Vec::new(),
            lists: Vec::new(),
            items: Vec::new(),
            heading: None,
            row: None,
            strong: 0,
            image: 0,
            link: None,
            html: None,
            urls: Vec::new(),
            seen_urls: HashSet::new(),
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(s) | Event::Code(s) | Event::InlineMath(s) | Event::DisplayMath(s) => {
                self.text(&s)
            }
            Event::Html(s) => match self.html.as_mut() {
                Some(buf) => buf.push_str(&s),
                None => self.inline_html(&s),
            },
            Event::InlineHtml(s) => self.inline_html(&s),
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            Event::Rule => {
                self.flush();
                self.out.end_group();
            }
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Strong => self.strong += 1,
            Tag::Image { .. } => self.image += 1,
            Tag::Link { dest_url, .. } => {
                self.link = Some(Link {
                    url: dest_url.into_string(),
                    text: String::new(),
                })
            }
            Tag::Emphasis | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
            Tag::TableCell => {}
            Tag::TableHead | Tag::TableRow => self.row = Some(Vec::new()),
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level as usize);
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html = Some(String::new());
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(List {
                    ordered: first.is_some(),
                    next: first.unwrap_or(1),
                });
            }
            Tag::Item => {
                self.flush();
                self.start_item();
            }
            // Paragraphs, quotes, code blocks, tables, front matter and the
            // rest start a new block: whatever came before is complete.
            _ => self.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Image => self.image = self.image.saturating_sub(1),
            TagEnd::Link => self.end_link(),
            TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::TableCell => {
                let cell = self.take_joined().replace('|', "/");
                if let Some(row) = self.row.as_mut() {
                    row.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(cells) = self.row.take() {
                    self.out.bordered_row(&cells);
                }
            }
            TagEnd::Table => self.out.end_group(),
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::HtmlBlock => self.end_html_block(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.out.end_group();
                }
            }
            TagEnd::Item => {
                self.flush();
                self.items.pop();
            }
            _ => self.flush(),
        }
    }

    fn start_item(&mut self) {
        let marker = match self.lists.last_mut() {
            Some(List {
                ordered: true,
                next,
            }) => {
                let n = *next;
                *next = n.saturating_add(1);
                format!("{n}.")
            }
            _ => "-".to_string(),
        };
        self.items.push(Item {
            marker,
            depth: self.lists.len().saturating_sub(1),
            emitted: false,
            sectioned: false,
        });
    }

    fn end_link(&mut self) {
        let Some(link) = self.link.take() else {
            return;
        };
        let url = link.url.trim();
        let absolute = ["http://", "https://"].iter().any(|scheme| {
            url.get(..scheme.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(scheme))
        });
        if absolute && !link.text.contains(url) && self.seen_urls.insert(url.to_string()) {
            self.urls.push(url.to_string());
        }
    }

    fn end_html_block(&mut self) {
        let Some(html) = self.html.take() else {
            return;
        };
        let rendered = html_text(&html);
        if rendered.trim().is_empty() {
            return;
        }
        if self.items.is_empty() {
            self.out.append_rendered(&rendered);
            return;
        }
        // Inside a list item the HTML's lines continue the item.
        for line in rendered.lines().filter(|l| !l.trim().is_empty()) {
            self.lines.push(Line {
                text: line.to_string(),
                plain: true,
            });
        }
        self.flush();
    }

    /// Inline tags carry no text; a `<br>` still ends the line, as in a
    /// browser. Comments are dropped with the other tags.
    fn inline_html(&mut self, tag: &str) {
        let name: String = tag
            .trim_start_matches('<')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.eq_ignore_ascii_case("br") {
            self.line_break();
        }
    }

    fn text(&mut self, s: &str) {
        if self.image > 0 {
            return;
        }
        if let Some(link) = self.link.as_mut() {
            link.text.push_str(s);
        }
        // Code blocks and front matter arrive as text with line ends.
        let mut pieces = s.split('\n');
        if let Some(first) = pieces.next() {
            self.push_inline(first);
        }
        for piece in pieces {
            self.line_break();
            self.push_inline(piece);
        }
    }

    fn push_inline(&mut self, s: &str) {
        if self.lines.is_empty() {
            self.lines.push(Line::default());
        }
        let strong = self.strong > 0;
        if let Some(line) = self.lines.last_mut() {
            line.text.push_str(s);
            line.plain |= !strong && !s.trim().is_empty();
        }
    }

    fn line_break(&mut self) {
        if self.lines.is_empty() {
            self.lines.push(Line::default());
        }
        self.lines.push(Line::default());
    }

    /// The current lines as one line (a heading or a table cell).
    fn take_joined(&mut self) -> String {
        let lines = std::mem::take(&mut self.lines);
        let joined: Vec<String> = lines.into_iter().map(|l| l.text).collect();
        collapse_ws(&joined.join(" "))
    }

    /// Ends the current block of text and writes it where it belongs: in
    /// the innermost list item, as a heading, or as a paragraph.
    fn flush(&mut self) {
        if self.lines.iter().all(|l| l.text.trim().is_empty()) {
            self.lines.clear();
            return;
        }
        if !self.items.is_empty() {
            let lines = std::mem::take(&mut self.lines);
            self.item_lines(lines);
        } else if let Some(level) = self.heading {
            let text = self.take_joined();
            self.out.heading(level, &text);
        } else {
            let lines = std::mem::take(&mut self.lines);
            self.paragraph(lines);
        }
    }

    /// Lines of a paragraph; a bold-only line among them becomes a heading
    /// between the lines before and after it.
    fn paragraph(&mut self, lines: Vec<Line>) {
        let mut run: Vec<String> = Vec::new();
        for line in lines {
            if line.is_bold_heading() {
                self.out.paragraph(&run);
                run.clear();
                self.out.heading(BOLD_HEADING_LEVEL, &line.text);
            } else {
                run.push(line.text);
            }
        }
        self.out.paragraph(&run);
    }

    fn item_lines(&mut self, lines: Vec<Line>) {
        let Some(item) = self.items.last_mut() else {
            return;
        };
        let mut lines = lines.into_iter().filter(|l| !l.text.trim().is_empty());
        if !item.emitted {
            let Some(first) = lines.next() else {
                return;
            };
            item.emitted = true;
            if first.is_bold_heading() {
                item.sectioned = true;
                self.out.heading(BOLD_HEADING_LEVEL, &first.text);
            } else {
                let (depth, marker) = (item.depth, item.marker.clone());
                self.out.list_item(depth, &marker, &first.text);
            }
        }
        let rest: Vec<Line> = lines.collect();
        let Some(item) = self.items.last() else {
            return;
        };
        if item.sectioned {
            self.paragraph(rest);
            return;
        }
        let depth = item.depth;
        for line in rest {
            self.out.list_item(depth, "", &line.text);
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out.end_group();
        if !self.urls.is_empty() {
            // Level 2, not 1: the title rules read the first level-1
            // heading as the document's title.
            self.out.heading(2, "Links");
            for url in std::mem::take(&mut self.urls) {
                self.out.list_item(0, "-", &url);
            }
        }
        self.out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_is_dropped_and_bold_lines_are_headings() {
        let md = "\
**Date:** 9 October 2024
__Venue:__ Riyadh, *Saudi Arabia*
***Session report***
Text with `code`, ~~old~~ and _mixed **strong** words_.

**Ms. Ana Lima:** We must close the digital divide.

**Speakers:**

**Moderator: Rohan Pillai**
";
        assert_eq!(
            markdown_text(md),
            "\
Date: 9 October 2024
Venue: Riyadh, Saudi Arabia

### Session report

Text with code, old and mixed strong words.

Ms. Ana Lima: We must close the digital divide.

### Speakers:

Moderator: Rohan Pillai

"
        );
    }

    #[test]
    fn headings_atx_and_setext() {
        let md = "# Title *one*\n\nSub\n===\n\nSecond\n---\n\n### Third ###\n";
        assert_eq!(
            markdown_text(md),
            "# Title one\n\n# Sub\n\n## Second\n\n### Third\n\n"
        );
    }

    #[test]
    fn lists_nested_ordered_and_loose() {
        let md = "\
* Ms. Ana Lima, Director
  of Policy
+ Mr. Bo Chen
    - nested one

3. third
4. fourth

   more of fourth

1. **Welcome and introductions**

   The chair welcomed everyone.
";
        assert_eq!(
            markdown_text(md),
            "\
- Ms. Ana Lima, Director
  of Policy

- Mr. Bo Chen
  - nested one

3. third
4. fourth
  more of fourth

### Welcome and introductions

The chair welcomed everyone.

"
        );
    }

    #[test]
    fn tables_keep_cells_apart() {
        let md = "\
| Name | **Organisation** |
|------|------------------|
| Ana Lima | Ministry of *Communications* |
| Bo \\| Chen |  |

After.
";
        assert_eq!(
            markdown_text(md),
            "| Name | Organisation |\n| Ana Lima | Ministry of Communications |\n| Bo / Chen | |\n\nAfter.\n\n"
        );
    }

    #[test]
    fn links_images_quotes_rules_code_and_html() {
        let md = "\
---
title: Board meeting
date: 2024-05-01
---
See the [agenda](https://example.org/agenda) and <https://example.org/x>.
![Panel photo](photo.jpg) Photo above; [local](notes.md).

> **Mr. Bo Chen:** Thank you.
> > Nested quote.

***

```text
line one
  line two
```

Intro <!-- hidden
comment --> after<br>next <b>bold</b>.

<!-- a block comment -->

<div>
<p>In a block <script>var x;</script></p>
</div>
";
        assert_eq!(
            markdown_text(md),
            "\
title: Board meeting
date: 2024-05-01

See the agenda and https://example.org/x.
Photo above; local.

Mr. Bo Chen: Thank you.

Nested quote.

line one
line two

Intro after
next bold.

In a block

## Links

- https://example.org/agenda

"
        );
    }

    #[test]
    fn empty_and_markup_only_input() {
        assert_eq!(markdown_text(""), "");
        assert_eq!(markdown_text("***\n\n---\n<!-- x -->\n![a](b.png)\n"), "");
        assert_eq!(markdown_text(&"*".repeat(1_000_000)), "");
    }

    #[test]
    fn deep_nesting_and_heavy_emphasis_are_linear() {
        let started = std::time::Instant::now();
        let depth = 100_000;
        let quotes = format!("{}Deep quote.\n", "> ".repeat(depth));
        assert_eq!(markdown_text(&quotes), "Deep quote.\n\n");
        let bullets = format!("{}deep item\n", "- ".repeat(depth));
        let text = markdown_text(&bullets);
        assert!(
            text.ends_with("                - deep item\n\n"),
            "{text:?}"
        );
        let ordered = format!("{}x\n", "1. ".repeat(depth));
        assert!(markdown_text(&ordered).ends_with("1. x\n\n"));
        let stars = format!("a{}b", "*".repeat(1_000_000));
        assert_eq!(markdown_text(&stars).len(), 1_000_004);
        let alternating = "**a** _b_ ".repeat(100_000);
        assert!(markdown_text(&alternating).starts_with("a b a b"));
        let open = "**[a](".repeat(100_000);
        assert!(!markdown_text(&open).is_empty());
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
    }
}
