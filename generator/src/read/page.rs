//! One page as blocks: headings, prose, tables, code blocks and annotation comments,
//! in document order, each with the line it starts on and the heading it sits under.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use super::annotation::parse_lenient_json;
use super::front_matter::{split_front_matter, UNCLOSED};
use super::source::{PageFile, PageFolder};
use crate::diag::{DiagKind, Diagnostics, SourceSpan};

/// A page, read.
#[derive(Clone, Debug)]
pub struct Page {
    /// Path relative to the docs folder.
    pub path: String,
    /// The file name without `.md`, lower-cased: what links to this page name.
    pub stem: String,
    /// The folder kind it sits in.
    pub folder: PageFolder,
    /// Front matter keys.
    pub front_matter: BTreeMap<String, String>,
    /// Headings in order; blocks point into this list.
    pub headings: Vec<Heading>,
    /// Everything else, in order.
    pub blocks: Vec<Block>,
}

/// A heading. Tab headings such as `# [HTTP](#tab/http)` are not kept.
#[derive(Clone, Debug)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// Plain text.
    pub text: Inline,
    /// Line it is on.
    pub line: u32,
}

/// Text with the links and code spans it holds.
#[derive(Clone, Debug, Default)]
pub struct Inline {
    /// The text as a reader sees it; code spans keep their backticks.
    pub text: String,
    /// Links, in order.
    pub links: Vec<Link>,
    /// Contents of code spans, in order.
    pub code: Vec<String>,
    /// Whether the text has bold or italic parts.
    pub emphasis: bool,
}

/// A link: where it points and what it says.
#[derive(Clone, Debug)]
pub struct Link {
    /// The destination as written.
    pub dest: String,
    /// The link text.
    pub text: String,
}

/// A block of the page.
#[derive(Clone, Debug)]
pub struct Block {
    /// Line it starts on.
    pub line: u32,
    /// Index into [`Page::headings`] of the nearest heading above it.
    pub heading: Option<usize>,
    /// What it is.
    pub kind: BlockKind,
}

/// The kinds of block the extract stage uses.
#[derive(Clone, Debug)]
pub enum BlockKind {
    /// A paragraph or list item.
    Text(Inline),
    /// A table.
    Table(Table),
    /// A fenced or indented code block.
    Code(CodeBlock),
    /// An annotation comment (`<!-- { ... } -->`) that parsed as JSON.
    Annotation(Annotation),
}

/// A GFM table.
#[derive(Clone, Debug)]
pub struct Table {
    /// Header cells.
    pub header: Vec<Inline>,
    /// Body rows.
    pub rows: Vec<TableRow>,
}

/// A table body row.
#[derive(Clone, Debug)]
pub struct TableRow {
    /// Cells, padded or cut to the header's width as GFM does.
    pub cells: Vec<Inline>,
    /// Line it is on.
    pub line: u32,
}

/// A code block.
#[derive(Clone, Debug)]
pub struct CodeBlock {
    /// The info string, lower-cased and trimmed (`http`, `json`, `msgraph-interactive`, ``).
    pub info: String,
    /// The contents.
    pub text: String,
    /// The line of its first content line.
    pub content_line: u32,
    /// The annotation comment right above it, if any.
    pub annotation: Option<Annotation>,
}

/// An annotation comment's JSON object.
#[derive(Clone, Debug)]
pub struct Annotation {
    /// The parsed object.
    pub value: Value,
    /// Line of the comment.
    pub line: u32,
}

impl Annotation {
    /// The string value of a key, accepting `"true"`-style loose values for strings.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }

    /// A boolean key; `"true"` counts as true.
    pub fn flag(&self, key: &str) -> bool {
        match self.value.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    /// The `blockType` key, lower-cased.
    pub fn block_type(&self) -> String {
        self.str("blockType")
            .unwrap_or_default()
            .to_ascii_lowercase()
    }
}

impl Page {
    /// The first level-1 heading: the page's title.
    pub fn title(&self) -> Option<&Heading> {
        self.headings.iter().find(|h| h.level == 1)
    }

    /// The heading chain above a block, innermost first.
    pub fn heading_chain(&self, block: &Block) -> impl Iterator<Item = &Heading> {
        let mut next = block.heading;
        let mut level = u8::MAX;
        std::iter::from_fn(move || loop {
            let index = next?;
            next = index.checked_sub(1);
            let heading = &self.headings[index];
            if heading.level < level {
                level = heading.level;
                return Some(heading);
            }
        })
    }

    /// The text of the nearest level-2 heading above a block, lower-cased.
    pub fn section_of(&self, block: &Block) -> String {
        self.heading_chain(block)
            .find(|h| h.level <= 2)
            .map(|h| h.text.text.trim().to_lowercase())
            .unwrap_or_default()
    }

    /// Whether any heading above a block (at any level) contains `needle`, lower-cased.
    pub fn under_heading(&self, block: &Block, needle: &str) -> bool {
        self.heading_chain(block)
            .any(|h| h.text.text.to_lowercase().contains(needle))
    }

    /// The text of the nearest heading above a block, whatever its level.
    pub fn nearest_heading(&self, block: &Block) -> Option<&Heading> {
        block.heading.map(|i| &self.headings[i])
    }
}

/// Reads a page's markdown. Never fails: what cannot be read becomes a diagnostic.
pub fn parse_page(file: &PageFile, text: &str, diags: &mut Diagnostics) -> Page {
    let split = split_front_matter(text);
    let (front_matter, body) = (split.keys, split.body);
    if split.unclosed {
        let span = SourceSpan::new(&file.rel_path, 1);
        diags.push(DiagKind::BadFrontMatter, span, UNCLOSED);
    }
    let stem = file_stem(&file.rel_path);
    let mut reader = Reader::new(&file.rel_path, &body, diags);
    reader.run();
    Page {
        path: file.rel_path.clone(),
        stem,
        folder: file.folder,
        front_matter,
        headings: reader.headings,
        blocks: reader.blocks,
    }
}

fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".MD"))
        .unwrap_or(name);
    stem.to_lowercase()
}

/// Walks pulldown-cmark's events and builds blocks.
struct Reader<'a, 'd> {
    path: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
    diags: &'d mut Diagnostics,
    headings: Vec<Heading>,
    blocks: Vec<Block>,
}

/// An inline run being collected.
#[derive(Default)]
struct InlineBuilder {
    inline: Inline,
    link: Option<(String, String)>,
    /// How many elements (links, emphasis, nested blocks) are open.
    depth: usize,
}

impl InlineBuilder {
    fn push_text(&mut self, text: &str) {
        // Pushed piece by piece: most runs have no no-break space, and none needs a copy.
        for (i, piece) in text.split('\u{a0}').enumerate() {
            if i > 0 {
                self.push_piece(" ");
            }
            self.push_piece(piece);
        }
    }

    fn push_piece(&mut self, text: &str) {
        if let Some((_, link_text)) = &mut self.link {
            link_text.push_str(text);
        }
        self.inline.text.push_str(text);
    }

    /// Adds one event of an inline run.
    fn apply(&mut self, event: Event<'_>) {
        match event {
            Event::Text(text) => self.push_text(&text),
            Event::Code(code) => {
                self.push_piece("`");
                self.push_text(&code);
                self.push_piece("`");
                self.inline.code.push(code.trim().to_owned());
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" "),
            Event::InlineHtml(html)
                if html.get(..3).is_some_and(|s| s.eq_ignore_ascii_case("<br")) =>
            {
                self.push_text(" ");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.depth += 1;
                self.link = Some((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link) => {
                self.depth = self.depth.saturating_sub(1);
                if let Some((dest, text)) = self.link.take() {
                    let text = text.trim().to_owned();
                    self.inline.links.push(Link { dest, text });
                }
            }
            Event::Start(Tag::Strong | Tag::Emphasis) => {
                self.depth += 1;
                self.inline.emphasis = true;
            }
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    fn finish(mut self) -> Inline {
        let text = &self.inline.text;
        // Most runs are ASCII with single spaces already: nothing to collapse.
        let odd_byte =
            |b: &u8| matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') || !b.is_ascii();
        let collapsed_already = !text.as_bytes().iter().any(odd_byte)
            && !text.starts_with(' ')
            && !text.ends_with(' ')
            && !text.contains("  ");
        if collapsed_already {
            return self.inline;
        }
        let mut collapsed = String::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !collapsed.is_empty() {
                collapsed.push(' ');
            }
            collapsed.push_str(word);
        }
        self.inline.text = collapsed;
        self.inline
    }
}

impl<'a, 'd> Reader<'a, 'd> {
    fn new(path: &'a str, text: &'a str, diags: &'d mut Diagnostics) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Reader {
            path,
            text,
            line_starts,
            diags,
            headings: Vec::new(),
            blocks: Vec::new(),
        }
    }

    fn line_of(&self, offset: usize) -> u32 {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        index.max(1) as u32
    }

    fn run(&mut self) {
        let parser = Parser::new_ext(self.text, Options::ENABLE_TABLES).into_offset_iter();
        let mut events = parser.peekable();
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let inline = collect_inline(&mut events, |e| matches!(e, TagEnd::Heading(_)));
                    self.push_heading(level as u8, inline, &range);
                }
                Event::Start(Tag::Paragraph) => {
                    let inline = collect_inline(&mut events, |e| matches!(e, TagEnd::Paragraph));
                    self.push_block(range.start, BlockKind::Text(inline));
                }
                Event::Start(Tag::Item) => {
                    // A list item's own text, up to the first nested block; nested
                    // paragraphs, code blocks and tables are read as blocks of their own.
                    let inline = collect_item_text(&mut events);
                    if !inline.text.is_empty() {
                        self.push_block(range.start, BlockKind::Text(inline));
                    }
                }
                Event::Start(Tag::Table(_)) => {
                    let table = self.collect_table(&mut events);
                    self.push_block(range.start, BlockKind::Table(table));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.trim().to_lowercase(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    self.collect_code(&mut events, info, range);
                }
                Event::Start(Tag::HtmlBlock) => {
                    let html = collect_html(&mut events);
                    self.push_comment(&html, range.start);
                }
                Event::InlineHtml(html) | Event::Html(html) => {
                    self.push_comment(&html, range.start);
                }
                _ => {}
            }
        }
    }

    fn push_heading(&mut self, level: u8, text: Inline, range: &Range<usize>) {
        let is_tab = text.links.len() == 1 && text.links[0].dest.starts_with("#tab/");
        if is_tab {
            return;
        }
        let line = self.line_of(range.start);
        self.headings.push(Heading { level, text, line });
    }

    fn push_block(&mut self, offset: usize, kind: BlockKind) {
        let heading = self.headings.len().checked_sub(1);
        let line = self.line_of(offset);
        self.blocks.push(Block {
            line,
            heading,
            kind,
        });
    }

    fn push_comment(&mut self, html: &str, offset: usize) {
        let trimmed = html.trim();
        let Some(inner) = trimmed.strip_prefix("<!--") else {
            return;
        };
        let inner = inner.trim_end().strip_suffix("-->").unwrap_or(inner).trim();
        if !inner.starts_with('{') {
            return;
        }
        let line = self.line_of(offset);
        match parse_lenient_json(inner) {
            Ok(value) if value.is_object() => {
                self.push_block(offset, BlockKind::Annotation(Annotation { value, line }));
            }
            Ok(_) => {}
            Err(err) => {
                // Commented-out markdown and tables also start with `{` rarely; only report
                // comments that look like annotations.
                if inner.contains("blockType") || inner.contains("\"type\"") {
                    let span = SourceSpan::new(self.path, line);
                    let message = format!("the annotation comment is not valid JSON ({err})");
                    self.diags.push(DiagKind::InvalidAnnotation, span, message);
                }
            }
        }
    }

    fn collect_table<'e, I>(&mut self, events: &mut std::iter::Peekable<I>) -> Table
    where
        I: Iterator<Item = (Event<'e>, Range<usize>)>,
    {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        let mut current: Vec<Inline> = Vec::new();
        let mut row_start = 0;
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::TableRow) => {
                    current.clear();
                    row_start = range.start;
                }
                Event::Start(Tag::TableHead) => current.clear(),
                Event::Start(Tag::TableCell) => {
                    current.push(collect_inline(events, |e| matches!(e, TagEnd::TableCell)));
                }
                Event::End(TagEnd::TableHead) => header = std::mem::take(&mut current),
                Event::End(TagEnd::TableRow) => {
                    let line = self.line_of(row_start);
                    self.check_row_width(&range, header.len(), line);
                    rows.push(TableRow {
                        cells: std::mem::take(&mut current),
                        line,
                    });
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Table { header, rows }
    }

    /// GFM pads short rows and drops extra cells silently; the docs' wrapped descriptions
    /// and unescaped pipes cause both, so they are reported.
    fn check_row_width(&mut self, range: &Range<usize>, width: usize, line: u32) {
        let raw = &self.text[range.clone()];
        let raw = raw.lines().next().unwrap_or_default();
        let count = count_raw_cells(raw);
        if count != width && width > 0 {
            let span = SourceSpan::new(self.path, line);
            let message = format!("this table row has {count} cells but its header has {width}");
            self.diags.push(DiagKind::RaggedTableRow, span, message);
        }
    }

    fn collect_code<'e, I>(&mut self, events: &mut I, info: String, range: Range<usize>)
    where
        I: Iterator<Item = (Event<'e>, Range<usize>)>,
    {
        let mut text = String::new();
        for (event, _) in events.by_ref() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let fence_line = self.line_of(range.start);
        let block_text = &self.text[range.clone()];
        let is_fenced = block_text.starts_with("```") || block_text.starts_with("~~~");
        let last_line = block_text
            .trim_end()
            .lines()
            .last()
            .unwrap_or_default()
            .trim();
        let closed = !is_fenced
            || (block_text.trim_end().lines().count() > 1
                && (last_line.starts_with("```") || last_line.starts_with("~~~")));
        if !closed {
            let span = SourceSpan::new(self.path, fence_line);
            let message = "this code fence is never closed; it runs to the end of the page";
            self.diags.push(DiagKind::UnclosedFence, span, message);
        }
        let annotation = match self.blocks.last() {
            Some(Block {
                kind: BlockKind::Annotation(a),
                ..
            }) => Some(a.clone()),
            _ => None,
        };
        let content_line = fence_line + u32::from(is_fenced);
        let code = CodeBlock {
            info,
            text,
            content_line,
            annotation,
        };
        self.push_block(range.start, BlockKind::Code(code));
    }
}

/// Counts the cells of a raw table row, ignoring escaped pipes and pipes in code spans.
fn count_raw_cells(raw: &str) -> usize {
    let trimmed = raw.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner
        .strip_suffix('|')
        .filter(|s| !s.ends_with('\\'))
        .unwrap_or(inner);
    let mut count = 1;
    let mut in_code = false;
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '`' => in_code = !in_code,
            '|' if !escaped && !in_code => count += 1,
            _ => {}
        }
        escaped = false;
    }
    count
}

fn collect_inline<'e, I>(events: &mut I, is_end: impl Fn(&TagEnd) -> bool) -> Inline
where
    I: Iterator<Item = (Event<'e>, Range<usize>)>,
{
    let mut builder = InlineBuilder::default();
    for (event, _) in events.by_ref() {
        match event {
            Event::End(end) if builder.depth == 0 && is_end(&end) => break,
            other => builder.apply(other),
        }
    }
    builder.finish()
}

/// The inline text at the start of a list item, stopping before the first block (or the
/// item's end) so the main loop reads nested blocks.
fn collect_item_text<'e, I>(events: &mut std::iter::Peekable<I>) -> Inline
where
    I: Iterator<Item = (Event<'e>, Range<usize>)>,
{
    let mut builder = InlineBuilder::default();
    loop {
        let is_inline = match events.peek() {
            Some((Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak, _)) => {
                true
            }
            Some((Event::InlineHtml(_), _)) => true,
            Some((Event::Start(Tag::Link { .. } | Tag::Strong | Tag::Emphasis), _)) => true,
            Some((Event::End(TagEnd::Link | TagEnd::Strong | TagEnd::Emphasis), _)) => {
                builder.depth > 0
            }
            _ => false,
        };
        if !is_inline {
            break;
        }
        match events.next() {
            Some((event, _)) => builder.apply(event),
            None => break,
        }
    }
    builder.finish()
}

fn collect_html<'e, I>(events: &mut I) -> String
where
    I: Iterator<Item = (Event<'e>, Range<usize>)>,
{
    let mut html = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::Html(t) | Event::Text(t) => html.push_str(&t),
            Event::End(TagEnd::HtmlBlock) => break,
            _ => {}
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> (Page, Vec<crate::diag::Diagnostic>) {
        let file = PageFile {
            rel_path: "beta/resources/thing.md".into(),
            abs_path: "thing.md".into(),
            folder: PageFolder::Resources,
        };
        let mut diags = Diagnostics::default();
        let page = parse_page(&file, text, &mut diags);
        (page, diags.into_sorted())
    }

    #[test]
    fn tables_keep_links_and_lines() {
        let text = "---\ntitle: x\n---\n# thing resource type\n\n## Properties\n\
            |Property|Type|Description|\n|:--|:--|:--|\n\
            |target|[groupTarget](groupt.md) collection|The `a` target.|\n";
        let (page, diags) = page(text);
        assert!(diags.is_empty());
        assert_eq!(page.title().unwrap().text.text, "thing resource type");
        let block = page
            .blocks
            .iter()
            .find(|b| matches!(b.kind, BlockKind::Table(_)))
            .unwrap();
        let BlockKind::Table(table) = &block.kind else {
            unreachable!()
        };
        assert_eq!(page.section_of(block), "properties");
        assert_eq!(table.rows[0].line, 9);
        assert_eq!(table.rows[0].cells[1].links[0].dest, "groupt.md");
        assert_eq!(table.rows[0].cells[1].text, "groupTarget collection");
        assert_eq!(table.rows[0].cells[2].code, vec!["a"]);
    }

    #[test]
    fn tab_headings_are_skipped_and_annotations_attach() {
        let text =
            "# T\n## Example\n# [HTTP](#tab/http)\n<!-- {\n \"blockType\": \"request\",\n} -->\n\
            ```http\nGET /me\n```\n";
        let (page, diags) = page(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(page.headings.len(), 2);
        let code = page.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Code(c) => Some((b, c)),
            _ => None,
        });
        let (block, code) = code.unwrap();
        assert_eq!(page.section_of(block), "example");
        assert_eq!(code.annotation.as_ref().unwrap().block_type(), "request");
        assert_eq!(code.content_line, 8);
        assert_eq!(code.text, "GET /me\n");
    }

    #[test]
    fn code_blocks_inside_list_items_are_read() {
        let text = "## HTTP request\n\n- For a user:\n\n  ```http\n  GET /users/{id}\n  ```\n";
        let (page, _) = page(text);
        let texts = page
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Text(_)))
            .count();
        let code = page.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Code(c) => Some(c.text.clone()),
            _ => None,
        });
        assert_eq!(texts, 1);
        assert_eq!(code.as_deref(), Some("GET /users/{id}\n"));
    }

    #[test]
    fn ragged_rows_and_unclosed_fences_are_reported() {
        let text = "|a|b|\n|-|-|\n|1|2|3|\n\n```json\n{\n";
        let (_, diags) = page(text);
        let kinds: Vec<_> = diags.iter().map(|d| (d.kind, d.span.line)).collect();
        assert_eq!(
            kinds,
            vec![(DiagKind::RaggedTableRow, 3), (DiagKind::UnclosedFence, 5)]
        );
    }
}
