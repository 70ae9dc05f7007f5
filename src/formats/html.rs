//! HTML reader.
//!
//! Built on `html5gum`, a WHATWG-compliant *tokenizer*: it decodes entities
//! and handles real-world tag soup exactly like browsers tokenize it, yet
//! builds no tree. We keep our own flat stack of open elements (a `Vec`, no
//! recursion), so input nested 200,000 levels deep costs memory linear in
//! the depth and never overflows the call stack. The few tree-construction
//! rules that matter for text (`<p>` closed by the next block, `<li>` by the
//! next `<li>`, cells by the next cell or row, `<head>` by the first body
//! element) are applied on that stack.

use std::collections::HashMap;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{collapse_ws, TextOut};

/// Extracts the visible text of an HTML document as structured plain text
/// (see the [module docs](super)).
///
/// Dropped: `script`, `style`, `noscript`, `template`, `head`, `svg` and
/// other non-text content (forms controls, media, iframes); boilerplate
/// (`nav`, `aside`, page-level `header`/`footer` and elements with the
/// roles `banner`, `contentinfo`, `navigation`, `complementary`, `search`);
/// hidden elements (`hidden`, `aria-hidden="true"`, inline
/// `display:none`/`visibility:hidden`). A `header`/`footer` inside an
/// `article`, `main` or `section` is kept, since there it carries the
/// article's own title or byline rather than site chrome.
///
/// The caller decodes bytes to `&str` first (charset sniffing belongs with
/// the file reading, not here).
pub fn html_text(html: &str) -> String {
    let mut emitter = DefaultEmitter::default();
    // Switch to raw-text states after <script>, <style>, <title>, … so that
    // `<script>if (a<b) …</script>` is not taken for markup.
    emitter.naively_switch_states(true);
    let mut st = State::new();
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let attrs: Vec<(Vec<u8>, String)> = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.0.clone(),
                            String::from_utf8_lossy(&v.value.0).into_owned(),
                        )
                    })
                    .collect();
                st.start(&tag.name.0, &attrs, tag.self_closing);
            }
            Token::EndTag(tag) => st.end(&tag.name.0),
            Token::String(s) => st.text(&String::from_utf8_lossy(&s.value.0)),
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    st.finish()
}

/// Elements with no end tag: never pushed on the stack.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"basefont"
            | b"bgsound"
            | b"frame"
    )
}

/// Elements that start a new line of output.
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"blockquote"
            | b"body"
            | b"caption"
            | b"center"
            | b"dd"
            | b"details"
            | b"dialog"
            | b"dir"
            | b"div"
            | b"dl"
            | b"dt"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"header"
            | b"hgroup"
            | b"hr"
            | b"html"
            | b"legend"
            | b"li"
            | b"main"
            | b"menu"
            | b"nav"
            | b"ol"
            | b"p"
            | b"pre"
            | b"section"
            | b"summary"
            | b"table"
            | b"tbody"
            | b"td"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"tr"
            | b"ul"
            | b"listing"
            | b"plaintext"
            | b"xmp"
    )
}

/// Elements whose content is never visible text, or is site boilerplate.
fn is_skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"noscript"
            | b"template"
            | b"head"
            | b"title"
            | b"svg"
            | b"nav"
            | b"aside"
            | b"iframe"
            | b"object"
            | b"canvas"
            | b"video"
            | b"audio"
            | b"button"
            | b"select"
            | b"textarea"
            | b"datalist"
            | b"map"
            | b"noembed"
            | b"noframes"
            | b"frameset"
    )
}

/// What may appear in `<head>`; anything else ends it implicitly.
fn is_head_content(name: &[u8]) -> bool {
    matches!(
        name,
        b"meta"
            | b"link"
            | b"title"
            | b"script"
            | b"style"
            | b"base"
            | b"noscript"
            | b"template"
            | b"head"
    )
}

fn attr<'a>(attrs: &'a [(Vec<u8>, String)], name: &[u8]) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Whether an element's own markup hides it or marks it as boilerplate.
fn hidden_by_attrs(name: &[u8], attrs: &[(Vec<u8>, String)], in_sectioning: bool) -> bool {
    if attr(attrs, b"hidden").is_some() {
        return true;
    }
    if attr(attrs, b"aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(role) = attr(attrs, b"role") {
        let role = role.trim().to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "banner" | "contentinfo" | "navigation" | "complementary" | "search"
        ) {
            return true;
        }
    }
    if let Some(style) = attr(attrs, b"style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    match name {
        // Page-level header/footer are site chrome; inside an article or
        // section they are the article's own.
        b"header" | b"footer" => !in_sectioning,
        b"dialog" => attr(attrs, b"open").is_none(),
        _ => false,
    }
}

fn heading_level(name: &[u8]) -> Option<usize> {
    match name {
        [b'h', d @ b'1'..=b'6'] => Some(usize::from(d - b'0')),
        _ => None,
    }
}

/// Structural contexts that decide what a run of text becomes.
#[derive(Debug)]
enum CtxKind {
    List {
        ordered: bool,
        next: i64,
    },
    Item {
        marker: String,
        emitted: bool,
        depth: usize,
    },
    Table,
    Row {
        cells: Vec<String>,
    },
    Cell {
        text: String,
    },
    Heading(usize),
    Pre,
}

/// An open structural context; it ends when its element is popped
/// (elements record whether they own one).
#[derive(Debug)]
struct Ctx {
    kind: CtxKind,
}

/// Ids of the tag names the tree rules look up, interned first.
const HEAD: usize = 0;
const TABLE: usize = 1;
const P: usize = 2;
const DT: usize = 3;
const DD: usize = 4;
const LI: usize = 5;
const UL: usize = 6;
const OL: usize = 7;
const MENU: usize = 8;
const DIR: usize = 9;
const TD: usize = 10;
const TH: usize = 11;
const TR: usize = 12;
const DL: usize = 13;
const BODY: usize = 14;
const HTML: usize = 15;
/// Tag names of the ids above, in order.
const KNOWN: [&[u8]; 16] = [
    b"head", b"table", b"p", b"dt", b"dd", b"li", b"ul", b"ol", b"menu", b"dir", b"td", b"th",
    b"tr", b"dl", b"body", b"html",
];
/// How far down the stack an implied end tag looks for its element.
const IMPLIED_SCAN: usize = 64;

#[derive(Debug)]
struct Elem {
    /// Interned tag name (see [`State::names`]).
    id: usize,
    pre: bool,
    block: bool,
    hidden: bool,
    has_ctx: bool,
    sectioning: bool,
}

struct State {
    stack: Vec<Elem>,
    /// Tag names seen so far, interned to small ids so the per-tag work is
    /// one hash lookup.
    names: HashMap<Vec<u8>, usize>,
    /// Open elements by name id, so an unmatched end tag costs O(1).
    open: Vec<usize>,
    ctxs: Vec<Ctx>,
    hidden_depth: usize,
    sectioning_depth: usize,
    list_depth: usize,
    item_depth: usize,
    cell_depth: usize,
    pre_depth: usize,
    /// Text of the current block; `<br>` starts a new line.
    inline: Vec<String>,
    out: TextOut,
}

impl State {
    fn new() -> Self {
        State {
            stack: Vec::new(),
            names: KNOWN
                .iter()
                .enumerate()
                .map(|(i, n)| (n.to_vec(), i))
                .collect(),
            open: vec![0; KNOWN.len()],
            ctxs: Vec::new(),
            hidden_depth: 0,
            sectioning_depth: 0,
            list_depth: 0,
            item_depth: 0,
            cell_depth: 0,
            pre_depth: 0,
            inline: vec![String::new()],
            // The output is bounded by the input, which the caller already
            // holds in memory.
            out: TextOut::new(usize::MAX),
        }
    }

    fn intern(&mut self, name: &[u8]) -> usize {
        if let Some(id) = self.names.get(name) {
            return *id;
        }
        let id = self.open.len();
        self.names.insert(name.to_vec(), id);
        self.open.push(0);
        id
    }

    fn open_count(&self, id: usize) -> usize {
        self.open.get(id).copied().unwrap_or(0)
    }

    fn is_open(&self, id: usize) -> bool {
        self.open_count(id) > 0
    }

    /// Pops elements until the stack has `len` entries.
    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            self.pop_elem();
        }
    }

    /// The HTML rule "a new `<li>` closes the open `<li>`" and its kin:
    /// looks down the stack (a bounded distance) for one of `targets` and
    /// pops it with everything above it, unless one of `stops` (or the
    /// boundary of a hidden subtree) comes first.
    fn implied_close(&mut self, targets: &[usize], stops: &[usize]) {
        let lowest = self.stack.len().saturating_sub(IMPLIED_SCAN);
        for i in (lowest..self.stack.len()).rev() {
            let e = &self.stack[i];
            if targets.contains(&e.id) {
                self.pop_to(i);
                return;
            }
            if e.hidden || stops.contains(&e.id) {
                return;
            }
        }
    }

    /// Pops elements up to and including the nearest open element `id`.
    fn pop_through(&mut self, id: usize) {
        if !self.is_open(id) {
            return;
        }
        while let Some(e) = self.stack.last() {
            let found = e.id == id;
            self.pop_elem();
            if found {
                break;
            }
        }
    }

    fn start(&mut self, name: &[u8], attrs: &[(Vec<u8>, String)], self_closing: bool) {
        // Implied end tags (a small part of the HTML tree builder).
        if self.is_open(HEAD) && !is_head_content(name) {
            self.pop_through(HEAD);
        }
        if is_block(name) && self.stack.last().is_some_and(|e| e.id == P) {
            self.pop_elem();
        }
        match name {
            b"li" => self.implied_close(&[LI], &[UL, OL, MENU, DIR, TABLE, TD, TH, BODY, HTML]),
            b"dt" | b"dd" => self.implied_close(&[DT, DD], &[DL, TABLE, TD, TH, BODY, HTML]),
            b"td" | b"th" => self.implied_close(&[TD, TH], &[TR, TABLE, BODY, HTML]),
            b"tr" => self.implied_close(&[TR], &[TABLE, BODY, HTML]),
            _ => {}
        }

        let visible = self.hidden_depth == 0;
        if name == b"br" {
            if visible {
                self.line_break();
            }
            return;
        }
        let block = is_block(name);
        if block && visible {
            self.flush();
        }
        if is_void(name) {
            return;
        }
        let hidden = visible
            && (is_skipped(name) || hidden_by_attrs(name, attrs, self.sectioning_depth > 0));
        let sectioning = matches!(name, b"article" | b"main" | b"section");
        let pre = name == b"pre" || name == b"listing";
        let id = self.intern(name);
        let mut elem = Elem {
            id,
            pre,
            block,
            hidden,
            has_ctx: false,
            sectioning,
        };
        if hidden {
            self.hidden_depth += 1;
        }
        if sectioning {
            self.sectioning_depth += 1;
        }
        if pre {
            self.pre_depth += 1;
        }
        if self.hidden_depth == 0 {
            if let Some(kind) = self.new_ctx(name, attrs) {
                match kind {
                    CtxKind::List { .. } => self.list_depth += 1,
                    CtxKind::Item { .. } => self.item_depth += 1,
                    CtxKind::Cell { .. } => self.cell_depth += 1,
                    _ => {}
                }
                self.ctxs.push(Ctx { kind });
                elem.has_ctx = true;
            }
        }
        self.open[id] += 1;
        self.stack.push(elem);
        // `<div/>` is not self-closing in HTML, but it is in XHTML, and
        // authors who write it mean an empty element either way.
        if self_closing {
            self.pop_elem();
        }
    }

    /// The context an element opens, if any. Inside a table cell everything
    /// flattens into the cell; inside a list item, headings and `pre` blocks
    /// flatten into the item.
    fn new_ctx(&mut self, name: &[u8], attrs: &[(Vec<u8>, String)]) -> Option<CtxKind> {
        if self.cell_depth > 0 {
            return None;
        }
        let kind = match name {
            b"ul" | b"ol" | b"menu" | b"dir" => CtxKind::List {
                ordered: name == b"ol",
                next: attr(attrs, b"start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1),
            },
            b"li" => {
                let value: Option<i64> = attr(attrs, b"value").and_then(|s| s.trim().parse().ok());
                let marker = match self.ctxs.last_mut() {
                    Some(Ctx {
                        kind:
                            CtxKind::List {
                                ordered: true,
                                next,
                            },
                        ..
                    }) => {
                        let n = value.unwrap_or(*next);
                        *next = n.saturating_add(1);
                        format!("{n}.")
                    }
                    _ => "-".to_string(),
                };
                CtxKind::Item {
                    marker,
                    emitted: false,
                    depth: self.list_depth.saturating_sub(1),
                }
            }
            b"table" => CtxKind::Table,
            b"tr" => CtxKind::Row { cells: Vec::new() },
            b"td" | b"th" => CtxKind::Cell {
                text: String::new(),
            },
            b"pre" | b"listing" if self.item_depth == 0 => CtxKind::Pre,
            _ => match heading_level(name) {
                Some(level) if self.item_depth == 0 => CtxKind::Heading(level),
                _ => return None,
            },
        };
        Some(kind)
    }

    fn end(&mut self, name: &[u8]) {
        let id = self.names.get(name).copied();
        let Some(id) = id.filter(|id| self.is_open(*id)) else {
            // A stray `</p>` or `</br>` still ends a line, as in browsers.
            if self.hidden_depth == 0 {
                if name == b"br" {
                    self.line_break();
                } else if is_block(name) {
                    self.flush();
                }
            }
            return;
        };
        self.pop_through(id);
    }

    fn pop_elem(&mut self) {
        let Some(elem) = self.stack.pop() else {
            return;
        };
        if let Some(n) = self.open.get_mut(elem.id) {
            *n = n.saturating_sub(1);
        }
        if elem.block && self.hidden_depth == 0 {
            self.flush();
        }
        if elem.has_ctx {
            if let Some(ctx) = self.ctxs.pop() {
                self.close_ctx(ctx.kind);
            }
        }
        if elem.hidden {
            self.hidden_depth = self.hidden_depth.saturating_sub(1);
        }
        if elem.sectioning {
            self.sectioning_depth = self.sectioning_depth.saturating_sub(1);
        }
        if elem.pre {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
    }

    fn close_ctx(&mut self, kind: CtxKind) {
        match kind {
            CtxKind::List { .. } => {
                self.list_depth = self.list_depth.saturating_sub(1);
                if self.list_depth == 0 && self.item_depth == 0 {
                    self.out.end_group();
                }
            }
            CtxKind::Item { .. } => self.item_depth = self.item_depth.saturating_sub(1),
            CtxKind::Cell { text } => {
                self.cell_depth = self.cell_depth.saturating_sub(1);
                match self.ctxs.last_mut() {
                    Some(Ctx {
                        kind: CtxKind::Row { cells },
                        ..
                    }) => cells.push(text),
                    _ => self.out.paragraph(&[text]),
                }
            }
            CtxKind::Row { cells } => self.out.table_row(&cells),
            CtxKind::Table => self.out.end_group(),
            CtxKind::Heading(_) | CtxKind::Pre => {}
        }
    }

    fn line_break(&mut self) {
        self.inline.push(String::new());
    }

    fn text(&mut self, s: &str) {
        // Text straight inside <head> starts the body (the end tags of
        // both are optional).
        if self.stack.last().is_some_and(|e| e.id == HEAD) && !s.trim().is_empty() {
            self.pop_elem();
        }
        if self.hidden_depth > 0 {
            return;
        }
        if self.pre_depth > 0 {
            let mut pieces = s.split('\n');
            if let Some(first) = pieces.next() {
                self.push_inline(first);
            }
            for piece in pieces {
                self.line_break();
                self.push_inline(piece);
            }
        } else {
            self.push_inline(s);
        }
    }

    fn push_inline(&mut self, s: &str) {
        match self.inline.last_mut() {
            Some(line) => line.push_str(s),
            None => self.inline.push(s.to_string()),
        }
    }

    /// Ends the current block of text and hands it to the innermost context.
    fn flush(&mut self) {
        if self.inline.iter().all(|l| l.trim().is_empty()) {
            self.inline.clear();
            self.inline.push(String::new());
            return;
        }
        let lines = std::mem::replace(&mut self.inline, vec![String::new()]);
        let joined = || collapse_ws(&lines.join(" "));
        match self.ctxs.last_mut().map(|c| &mut c.kind) {
            Some(CtxKind::Cell { text }) => {
                let add = joined();
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&add);
            }
            Some(CtxKind::Row { cells }) => cells.push(joined()),
            Some(CtxKind::Item {
                marker,
                emitted,
                depth,
            }) => {
                let marker = if *emitted {
                    String::new()
                } else {
                    marker.clone()
                };
                *emitted = true;
                let depth = *depth;
                self.out.list_item(depth, &marker, &joined());
            }
            Some(CtxKind::Heading(level)) => {
                let level = *level;
                self.out.heading(level, &joined());
            }
            _ => self.out.paragraph(&lines),
        }
    }

    fn finish(mut self) -> String {
        self.pop_to(0);
        self.flush();
        self.out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realistic_page() {
        let html = r##"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Council minutes</title>
  <style>p { color: red; } /* </p> */</style>
  <script>if (a < b && c > d) { document.write("<p>not text</p>"); }</script>
</head>
<body>
  <header role="banner"><a href="/">Site name</a></header>
  <nav><ul><li><a href="/">Home</a></li><li>About</li></ul></nav>
  <main>
    <article>
      <header><h1>Council   meeting &ndash; 3&nbsp;May</h1></header>
      <p>Present: <b>Alice</b>, <i>Bob</i><br>Absent:
         Carol &amp; Dave</p>
      <h2>Agenda</h2>
      <ol start="3">
        <li>Budget &lt;2025&gt;
          <ul><li>capital</li><li>operating</li></ul>
          then vote
        <li value="7">Hiring</li>
      </ol>
      <ul><li><p>Paragraph in item</p></li></ul>
      <table>
        <thead><tr><th>Item<th>Owner<th>Due</tr></thead>
        <tbody>
          <tr><td>Budget</td><td>Alice</td><td></td></tr>
          <tr><td>Plan <p>in two</p> blocks</td><td><ul><li>x</li><li>y</li></ul></td><td><table><tr><td>in</td><td>ner</td></tr></table></td></tr>
        </tbody>
      </table>
      <div hidden>hidden div</div>
      <p aria-hidden="true">aria hidden</p>
      <p style="display: none">display none</p>
      <span>joined</span>
      <span>words</span> and <a href="#">a link</a>, <b>bold</b><i>italic</i>.
      <noscript>Enable JavaScript</noscript>
      <template><p>template</p></template>
      <svg><text>svg text</text><path d="M0"/></svg>
      <aside>Related articles</aside>
      <pre>line one
  line two</pre>
      <blockquote>Quoted <q>words</q></blockquote>
      <dl><dt>Term<dd>Definition</dl>
      <footer>Article footer kept</footer>
    </article>
  </main>
  <footer>Copyright 2024</footer>
  <div role="contentinfo">Contact</div>
</body>
</html>"##;
        let expected = "\
# Council meeting \u{2013} 3 May

Present: Alice, Bob
Absent: Carol & Dave

## Agenda

3. Budget <2025>
  - capital
  - operating
  then vote
7. Hiring

- Paragraph in item

Item | Owner | Due
Budget | Alice |
Plan in two blocks | x y | in ner

joined words and a link, bolditalic.

line one
line two

Quoted words

Term

Definition

Article footer kept

";
        assert_eq!(html_text(html), expected);
    }

    #[test]
    fn implied_end_tags_and_tag_soup() {
        let html = "<p>one<p>two<ul><li>a<li>b</ul><table><tr><td>1<td>2<tr><td>3</table></div></span>tail";
        assert_eq!(
            html_text(html),
            "one\n\ntwo\n\n- a\n- b\n\n1 | 2\n3\n\ntail\n\n"
        );
    }

    #[test]
    fn hidden_paragraph_is_closed_by_the_next_one() {
        assert_eq!(html_text("<p hidden>secret<p>visible"), "visible\n\n");
    }

    #[test]
    fn implied_ends_respect_hidden_subtrees_and_nesting() {
        assert_eq!(
            html_text("<ul><li hidden>secret<li>shown</ul>"),
            "- shown\n\n"
        );
        assert_eq!(
            html_text("<ul><li>Item<nav><ul><li>Home<li>About</ul></nav> end<li>Next</ul>"),
            "- Item\n  end\n- Next\n\n"
        );
        assert_eq!(
            html_text(
                "<table><tr><td>a<td><table><tr><td>x<td>y<tr><td>z</table><td>c<tr><td>d</table>"
            ),
            "a | x y z | c\nd\n\n"
        );
        assert_eq!(
            html_text("<dl><dt>T<div>x</div><dd>D</dl>"),
            "T\n\nx\n\nD\n\n"
        );
    }

    #[test]
    fn head_without_end_tag() {
        let html = "<html><head><title>T</title><meta charset=utf-8><p>Body text";
        assert_eq!(html_text(html), "Body text\n\n");
        let html = "<html><head><title>T</title></head>Bare <b>body</b> text";
        assert_eq!(html_text(html), "Bare body text\n\n");
        let html = "<head><style>p{}</style>Bare text";
        assert_eq!(html_text(html), "Bare text\n\n");
    }

    #[test]
    fn headings_of_all_levels_and_empty_input() {
        assert_eq!(html_text(""), "");
        assert_eq!(html_text("   \n "), "");
        assert_eq!(
            html_text("<h1>A</h1><h3> B </h3><h6>C<br>D</h6>text"),
            "# A\n\n### B\n\n###### C D\n\ntext\n\n"
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            html_text("<p>&lt;a&gt; &quot;q&quot; &#8364;5 &#x41; &eacute; &amp;&amp; &copy</p>"),
            "<a> \"q\" \u{20ac}5 A \u{e9} && \u{a9}\n\n"
        );
    }

    #[test]
    fn xhtml_self_closing() {
        assert_eq!(html_text("<div/>a<p/>b<br/>c"), "a\n\nb\nc\n\n");
    }

    #[test]
    fn deeply_nested_divs_do_not_overflow() {
        let depth = 200_000;
        let mut html = String::with_capacity(depth * 11 + 100);
        for _ in 0..depth {
            html.push_str("<div>");
        }
        html.push_str("deep <b>text</b>");
        for _ in 0..depth {
            html.push_str("</div>");
        }
        html.push_str("<p>after</p>");
        assert_eq!(html_text(&html), "deep text\n\nafter\n\n");
        // Unclosed, and with stray end tags.
        let mut html = "<span>".repeat(depth / 4);
        html.push('x');
        html.push_str(&"</i>".repeat(depth / 4));
        assert_eq!(html_text(&html), "x\n\n");
    }

    #[test]
    fn deeply_nested_lists() {
        let depth = 50_000;
        let html = format!(
            "{}deep{}",
            "<ul><li>".repeat(depth),
            "</li></ul>".repeat(depth)
        );
        let text = html_text(&html);
        assert!(
            text.ends_with("                - deep\n\n"),
            "{}",
            &text[text.len() - 40..]
        );
    }
}
