//! Rendering diagnostics for people and tools: each finding with its page's source line
//! underlined (through codespan-reporting), or as JSON data, plus counts by code.
//!
//! Spans from the pipeline often know only the line; [`locate`] narrows them to the column
//! of the token the message names, so the underline lands on the fault.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::PathBuf;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor, Config};
use serde::Serialize;

use crate::check::counts_by_code;
use crate::diag::{DiagKind, Diagnostic, Severity, SourceSpan};
use crate::emit::is_direction_control;

/// The pages diagnostics point into, loaded on first use from the docs folder.
pub struct Sources {
    root: PathBuf,
    files: SimpleFiles<String, String>,
    ids: HashMap<String, Option<usize>>,
}

impl Sources {
    /// Sources under the docs folder `root`; spans name pages relative to it.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Sources {
            root: root.into(),
            files: SimpleFiles::new(),
            ids: HashMap::new(),
        }
    }

    /// Adds a page's text directly, for pages that are not on disk (tests).
    pub fn insert(&mut self, file: &str, text: &str) {
        let id = self
            .files
            .add(printable(file).into_owned(), printable(text).into_owned());
        self.ids.insert(file.to_owned(), Some(id));
    }

    /// The file id of a page, reading it as the reader does (BOM dropped, invalid UTF-8
    /// replaced); `None` when it cannot be read.
    fn id(&mut self, file: &str) -> Option<usize> {
        if let Some(id) = self.ids.get(file) {
            return *id;
        }
        let id = fs::read(self.root.join(file)).ok().map(|bytes| {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let text = printable(&String::from_utf8_lossy(bytes)).into_owned();
            self.files.add(printable(file).into_owned(), text)
        });
        self.ids.insert(file.to_owned(), id);
        id
    }

    fn text(&mut self, file: &str) -> Option<&str> {
        let id = self.id(file)?;
        self.files.get(id).ok().map(|f| f.source().as_str())
    }
}

/// Narrows each span that knows only its line to the column of the first token the message
/// names in backticks; a link may sit a few lines further down its paragraph.
pub fn locate(diagnostics: &mut [Diagnostic], sources: &mut Sources) {
    for diag in diagnostics.iter_mut().filter(|d| d.span.column <= 1) {
        let Some(text) = sources.text(&diag.span.file) else {
            continue;
        };
        let lines: Vec<&str> = text.lines().collect();
        let start = diag.span.line.saturating_sub(1) as usize;
        if diag.kind == DiagKind::InvalidAnnotation {
            locate_json_error(diag, &lines);
            continue;
        }
        let tokens = backticked(&diag.message);
        let found = lines
            .iter()
            .enumerate()
            .skip(start)
            .take_while(|(i, line)| *i == start || !line.trim().is_empty())
            .take(30)
            .find_map(|(i, line)| {
                // The longest token found is the most telling (a placeholder over the row's
                // label, a type name over a property name).
                let mut found: Vec<(usize, u32)> = tokens
                    .iter()
                    .filter_map(|t| find_word(line, t).map(|col| (t.len(), col)))
                    .collect();
                found.sort_by_key(|&(len, col)| (std::cmp::Reverse(len), col));
                found.first().map(|&(_, col)| (i, col))
            });
        if let Some((index, column)) = found {
            diag.span.line = index as u32 + 1;
            diag.span.column = column;
        }
    }
}

/// An annotation's JSON error says `at line L column C` within the comment, whose JSON
/// starts at the `{` on the comment's first line; this moves the span there.
fn locate_json_error(diag: &mut Diagnostic, lines: &[&str]) {
    let Some((line, column)) = json_error_position(&diag.message) else {
        return;
    };
    let first = diag.span.line.saturating_sub(1) as usize;
    if line <= 1 {
        let brace = lines.get(first).and_then(|l| l.find('{')).unwrap_or(0);
        diag.span.column = (brace as u32 + column).max(1);
    } else if first + (line as usize) <= lines.len() {
        diag.span.line += line - 1;
        diag.span.column = column.max(1);
    }
}

/// `line 4 column 0` in a JSON parser's message.
fn json_error_position(message: &str) -> Option<(u32, u32)> {
    let rest = &message[message.rfind("line ")? + "line ".len()..];
    let (line, rest) = rest.split_once(' ')?;
    let column = rest.strip_prefix("column ")?;
    let column: String = column.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// Renders diagnostics with their source lines underlined.
pub fn render_human(
    diagnostics: &[Diagnostic],
    sources: &mut Sources,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let config = Config::default();
    for diag in diagnostics {
        let report = to_report(diag, sources);
        term::emit_to_write_style(out, &config, &sources.files, &report)
            .map_err(io::Error::other)?;
    }
    Ok(())
}

/// One diagnostic rendered as plain text, for tests and logs.
pub fn render_to_string(diag: &Diagnostic, sources: &mut Sources) -> String {
    let report = to_report(diag, sources);
    let config = Config::default();
    term::emit_into_string(&config, &sources.files, &report).unwrap_or_else(|_| format!("{diag}\n"))
}

fn to_report(diag: &Diagnostic, sources: &mut Sources) -> Report<usize> {
    let level = match diag.severity() {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Note,
    };
    let mut report = Report::new(level)
        .with_code(diag.kind.code())
        .with_message(printable(&diag.message));
    let mut labels = Vec::new();
    let tokens = backticked(&diag.message);
    match label_range(&diag.span, &tokens, sources) {
        Some((id, range)) => labels.push(Label::primary(id, range).with_message(diag.kind.name())),
        None => {
            let note = printable(&format!("at {}", diag.span)).into_owned();
            report = report.with_notes(vec![note]);
        }
    }
    if let Some(related) = &diag.related {
        let text = match diag.kind {
            DiagKind::ConflictingDefinition => "the definition that is kept",
            _ => "related",
        };
        match label_range(related, &[], sources) {
            Some((id, range)) => labels.push(Label::secondary(id, range).with_message(text)),
            None => report
                .notes
                .push(printable(&format!("{text}: {related}")).into_owned()),
        }
    }
    report.with_labels(labels)
}

/// `text` with control characters (but newlines and tabs) and invisible bidirectional
/// controls shown as `?` or U+FFFD, so a page cannot move the cursor, recolour or reorder
/// the terminal. Each replacement has the same length in bytes, so spans still fit.
fn printable(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        // Beside the controls rustc rejects, the invisible left-to-right and right-to-left marks.
        let bidi = is_direction_control(c) || matches!(c, '\u{200e}' | '\u{200f}');
        bidi || (c.is_control() && c != '\n' && c != '\t')
    };
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if !hidden(c) => shown.push(c),
            // A CR before a newline is the line ending, which the renderer handles.
            '\r' => shown.push(' '),
            c if c.len_utf8() == 3 => shown.push('\u{FFFD}'),
            c => shown.extend(std::iter::repeat_n('?', c.len_utf8())),
        }
    }
    Cow::Owned(shown)
}

/// The byte range to underline: from the span's column to the end of the message's token
/// or the source token there, or the whole trimmed line when the span names only the line.
fn label_range(
    span: &SourceSpan,
    tokens: &[&str],
    sources: &mut Sources,
) -> Option<(usize, Range<usize>)> {
    let id = sources.id(&span.file)?;
    let text = sources.text(&span.file)?;
    let mut line_start = 0;
    let mut lines = text.split_inclusive('\n');
    for _ in 1..span.line.max(1) {
        line_start += lines.next().map_or(0, str::len);
    }
    let line = lines
        .next()
        .unwrap_or_default()
        .trim_end_matches(['\n', '\r']);
    let indent = line.len() - line.trim_start().len();
    let column = (span.column.max(1) - 1) as usize;
    let start = match line.char_indices().nth(column) {
        Some((at, _)) if column > 0 => at,
        _ => indent,
    };
    let rest = &line[start..];
    let named = tokens
        .iter()
        .filter(|t| rest.starts_with(**t))
        .map(|t| t.len())
        .max();
    let len = match named {
        Some(len) => len,
        None if column == 0 => rest.trim_end().len(),
        None => token_len(rest),
    };
    Some((id, line_start + start..line_start + start + len))
}

/// The length of the token at the start of `text`: a quoted string, or a run up to the
/// next space or table pipe.
fn token_len(text: &str) -> usize {
    if let Some(rest) = text.strip_prefix('"') {
        return rest.find('"').map_or(text.len(), |end| end + 2);
    }
    text.find(|c: char| c.is_whitespace() || c == '|' || c == ',')
        .unwrap_or(text.len())
        .max(text.chars().next().map_or(0, char::len_utf8))
}

/// The texts between backticks in a message.
fn backticked(message: &str) -> Vec<&str> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// The 1-based character column of `word` in `line`, not inside a longer identifier.
fn find_word(line: &str, word: &str) -> Option<u32> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(found) = line[from..].find(word) {
        let at = from + found;
        let end = at + word.len();
        let before = line[..at].chars().next_back();
        let after = line[end..].chars().next();
        let starts_ident = word.starts_with(is_ident);
        let ends_ident = word.ends_with(is_ident);
        let clear_before = !starts_ident || !before.is_some_and(is_ident);
        let clear_after = !ends_ident || !after.is_some_and(is_ident);
        if clear_before && clear_after {
            return Some(line[..at].chars().count() as u32 + 1);
        }
        from = at + word.len().max(1);
    }
    None
}

/// Counts by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Findings of error severity.
    pub errors: usize,
    /// Findings of warning severity.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
}

impl Totals {
    /// Counts `diagnostics` by severity.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut totals = Totals::default();
        for diag in diagnostics {
            match diag.severity() {
                Severity::Error => totals.errors += 1,
                Severity::Warning => totals.warnings += 1,
                Severity::Note => totals.notes += 1,
            }
        }
        totals
    }
}

/// The counts-by-code table, one line per code in code order, as `check` prints it.
pub fn counts_table(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (kind, count) in counts_by_code(diagnostics) {
        let severity = kind.severity().as_str();
        out.push_str(&format!(
            "  {} {severity:<7} {:<26} {count:>7}\n",
            kind.code(),
            kind.name()
        ));
    }
    out
}

/// One row of the counts in JSON output.
#[derive(Serialize)]
struct CountRow {
    code: &'static str,
    kind: DiagKind,
    severity: Severity,
    count: usize,
}

/// Diagnostics as data: every finding, the counts by code and the totals by severity.
pub fn to_json(diagnostics: &[Diagnostic]) -> serde_json::Value {
    let counts: Vec<CountRow> = counts_by_code(diagnostics)
        .into_iter()
        .map(|(kind, count)| CountRow {
            code: kind.code(),
            kind,
            severity: kind.severity(),
            count,
        })
        .collect();
    serde_json::json!({
        "diagnostics": diagnostics,
        "counts": counts,
        "totals": Totals::of(diagnostics),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Update x\n\n|Permission type|Permissions|\n|:--|:--|\n\
        |Application|**TODO: Determine AppOnly scopes **|\n";

    fn placeholder() -> Diagnostic {
        Diagnostic::new(
            DiagKind::PlaceholderPermission,
            SourceSpan::new("api/x.md", 5),
            "the `Application` permissions are a placeholder: `TODO: Determine AppOnly scopes`",
        )
    }

    #[test]
    fn locates_the_named_token_and_underlines_it() {
        let mut sources = Sources::new("/nonexistent");
        sources.insert("api/x.md", PAGE);
        let mut diags = vec![placeholder()];
        locate(&mut diags, &mut sources);
        assert_eq!((diags[0].span.line, diags[0].span.column), (5, 16));
        let text = render_to_string(&diags[0], &mut sources);
        assert!(
            text.starts_with("warning[GD0205]: the `Application`"),
            "{text}"
        );
        assert!(text.contains("api/x.md:5:16"), "{text}");
        let underline = format!("{} placeholder permission", "^".repeat(30));
        assert!(text.contains(&underline), "{text}");
    }

    #[test]
    fn control_characters_in_a_page_do_not_reach_the_terminal() {
        // An escape sequence and a right-to-left override before the token.
        let page = "# Update x\n\n|Permission type|Permissions|\n|:--|:--|\n\
            |App\u{1b}[31m\u{202e}|**TODO: Determine AppOnly scopes **|\r\n";
        let mut sources = Sources::new("/nonexistent");
        sources.insert("api/x.md", page);
        let mut diags = vec![placeholder()];
        diags[0].message.push_str(" \u{7}");
        locate(&mut diags, &mut sources);
        let text = render_to_string(&diags[0], &mut sources);
        assert!(
            !text.contains(['\u{1b}', '\u{202e}', '\u{7}', '\r']),
            "{text:?}"
        );
        assert!(text.contains("|App?[31m\u{fffd}|**TODO"), "{text}");
        // The underline still starts under the token the message names.
        let source_line = text
            .lines()
            .find(|l| l.contains("|App?"))
            .expect("the line");
        let underline = text
            .lines()
            .find(|l| l.contains("^^^"))
            .expect("an underline");
        let at = |line: &str, needle: &str| line.find(needle).expect("found");
        assert_eq!(
            source_line[..at(source_line, "TODO")].chars().count(),
            underline[..at(underline, "^")].chars().count(),
            "{text}"
        );
    }

    #[test]
    fn pages_that_cannot_be_read_still_render() {
        let mut sources = Sources::new("/nonexistent");
        let text = render_to_string(&placeholder(), &mut sources);
        assert!(text.contains("at api/x.md:5:1"), "{text}");
    }

    #[test]
    fn annotation_errors_point_into_the_comment() {
        let page = "text\n<!-- {\n  \"blockType\": \"resource\"\n  \"x\": 1\n} -->\n";
        let mut sources = Sources::new("/nonexistent");
        sources.insert("r.md", page);
        let message = "the annotation comment is not valid JSON (expected `,` or `}` at line 3 \
                       column 3)";
        let mut diags = vec![Diagnostic::new(
            DiagKind::InvalidAnnotation,
            SourceSpan::new("r.md", 2),
            message,
        )];
        locate(&mut diags, &mut sources);
        assert_eq!((diags[0].span.line, diags[0].span.column), (4, 3));
    }

    #[test]
    fn words_match_whole_identifiers_only() {
        assert_eq!(find_word("identity id", "id"), Some(10));
        assert_eq!(find_word("a ../x.md link", "../x.md"), Some(3));
        assert_eq!(find_word("nothing", "id"), None);
    }

    #[test]
    fn json_carries_counts_and_totals() {
        let json = to_json(&[placeholder()]);
        assert_eq!(json["counts"][0]["code"], "GD0205");
        assert_eq!(json["totals"]["warnings"], 1);
        assert_eq!(json["diagnostics"][0]["line"], 5);
    }
}
