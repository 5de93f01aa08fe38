//! Check stage: lints a docs folder the way a docs team would want, on top of what reading,
//! extracting and resolving already report. Input is an [`Analysis`] (or, in memory, one
//! resolved version and its read pages); output is the sorted list of every finding.
//!
//! The lints read the pages again rather than widening the pipeline's types: broken links,
//! type names written without a link, property tables that contradict the JSON
//! representation, types whose pages disagree on a property's type, `Methods` rows that
//! lead to no operation, and examples whose JSON the documented types do not allow.

mod examples;
mod tables;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::diag::{DiagKind, Diagnostic, Diagnostics, SourceSpan};
use crate::emit::{self, EmitOptions};
use crate::extract::{self, PageFacts};
use crate::model::{ApiVersion, QualifiedName, StructType, GRAPH_NAMESPACE};
use crate::read::{self, BlockKind, Inline, Page, PageFolder};
use crate::Analysis;

/// Every finding about the analysed docs, sorted by page, line and column: the pipeline's
/// own, what emitting would report (names that make no identifier), and the lints'. So
/// `check` reports everything `generate` would, and more.
pub fn check(analysis: &Analysis) -> Vec<Diagnostic> {
    let mut all = analysis.diagnostics.clone();
    let mut emitted = Diagnostics::default();
    let _ = emit::emit_model(&analysis.model, &EmitOptions::default(), &mut emitted);
    all.extend(emitted.into_sorted());
    for dir in &analysis.docs.versions {
        let Some(version) = analysis.model.versions.iter().find(|v| v.name == dir.name) else {
            continue;
        };
        let pages: Vec<Page> = dir
            .pages
            .par_iter()
            .filter_map(|file| {
                // The pipeline has already reported what reading a page found.
                let mut quiet = Diagnostics::default();
                let text = read::read_page_text(file, &mut quiet)?;
                Some(read::parse_page(file, &text, &mut quiet))
            })
            .collect();
        all.extend(lint_pages(version, &pages));
    }
    all.sort();
    all.dedup();
    all
}

/// Lints one version's pages against its resolved model. Pure: nothing is read from disk,
/// so the fuzz target and the property test can call it on pages made in memory.
pub fn lint_pages(version: &ApiVersion, pages: &[Page]) -> Vec<Diagnostic> {
    let mut quiet = Diagnostics::default();
    let facts: Vec<PageFacts> = pages
        .iter()
        .map(|page| extract::extract_page(page, &mut quiet))
        .collect();
    let types = TypeLookup::new(version);
    let mut diags = Diagnostics::default();
    check_links(pages, &mut diags);
    check_methods(pages, &facts, &mut diags);
    tables::check_unlinked_types(&facts, &types, &mut diags);
    tables::check_json_representations(&facts, &mut diags);
    tables::check_property_conflicts(&facts, &mut diags);
    examples::check_examples(pages, version, &types, &mut diags);
    diags.into_sorted()
}

/// Counts findings by kind, in code order, for the summary a run prints.
pub fn counts_by_code(diagnostics: &[Diagnostic]) -> Vec<(DiagKind, usize)> {
    let mut counts: BTreeMap<&'static str, (DiagKind, usize)> = BTreeMap::new();
    for diag in diagnostics {
        counts.entry(diag.kind.code()).or_insert((diag.kind, 0)).1 += 1;
    }
    counts.into_values().collect()
}

/// Finds structs of a version by the many spellings the docs use for a name.
pub(crate) struct TypeLookup<'v> {
    version: &'v ApiVersion,
    by_key: HashMap<String, &'v StructType>,
    by_short: HashMap<String, Vec<&'v StructType>>,
}

impl<'v> TypeLookup<'v> {
    fn new(version: &'v ApiVersion) -> Self {
        let mut by_key = HashMap::new();
        let mut by_short: HashMap<String, Vec<&StructType>> = HashMap::new();
        for s in version.structs.values() {
            by_key.insert(s.name.to_string().to_lowercase(), s);
            by_short
                .entry(s.name.name.to_lowercase())
                .or_default()
                .push(s);
        }
        TypeLookup {
            version,
            by_key,
            by_short,
        }
    }

    /// `#microsoft.graph.user`, `microsoft.graph.user`, `user`: the struct, if one matches.
    pub fn struct_named(&self, text: &str) -> Option<&'v StructType> {
        let text = text.trim().trim_start_matches('#');
        let name = QualifiedName::parse(text, GRAPH_NAMESPACE);
        if let Some(found) = self.by_key.get(&name.to_string().to_lowercase()) {
            return Some(found);
        }
        match self.by_short.get(&name.name.to_lowercase())?.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// The struct a qualified name points at.
    pub fn get(&self, name: &QualifiedName) -> Option<&'v StructType> {
        self.version.structs.get(name)
    }

    /// A struct's own properties and every inherited one, keyed by lower-cased name, and
    /// whether it or a base is an open type. With `derived`, the properties of every type
    /// derived from it count too: a value that does not name its `@odata.type` may be any.
    pub fn properties(
        &self,
        s: &'v StructType,
        derived: bool,
    ) -> (HashMap<String, &'v crate::model::Property>, bool) {
        let mut props = HashMap::new();
        let mut open = false;
        let mut seen = BTreeSet::new();
        let mut current = Some(s);
        while let Some(ty) = current {
            if !seen.insert(&ty.name) {
                break;
            }
            open |= ty.is_open;
            for p in &ty.properties {
                props.entry(p.name.to_lowercase()).or_insert(p);
            }
            current = ty.base.as_ref().and_then(|b| self.get(b));
        }
        let mut stack: Vec<&QualifiedName> = if derived {
            s.derived.iter().collect()
        } else {
            Vec::new()
        };
        while let Some(name) = stack.pop() {
            let Some(ty) = self.get(name).filter(|ty| seen.insert(&ty.name)) else {
                continue;
            };
            open |= ty.is_open;
            for p in &ty.properties {
                props.entry(p.name.to_lowercase()).or_insert(p);
            }
            stack.extend(&ty.derived);
        }
        (props, open)
    }
}

/// Relative links to `.md` pages that do not exist. Only folders that hold pages are
/// judged, so links into parts of the docs that were not checked out stay quiet.
fn check_links(pages: &[Page], diags: &mut Diagnostics) {
    let files: BTreeSet<String> = pages.iter().map(|p| p.path.to_lowercase()).collect();
    let dirs: BTreeSet<&str> = files.iter().map(|f| parent_of(f)).collect();
    for page in pages {
        for (line, inline) in inlines_of(page) {
            for link in &inline.links {
                let Some(target) = link_target(&page.path, &link.dest) else {
                    continue;
                };
                if dirs.contains(parent_of(&target)) && !files.contains(&target) {
                    let message = format!(
                        "the link `{}` points at a page that does not exist",
                        link.dest.trim()
                    );
                    let span = SourceSpan::new(&page.path, line);
                    diags.push(DiagKind::BrokenLink, span, message);
                }
            }
        }
    }
}

/// `Methods` table rows on resource pages link to the operation pages; a row whose page
/// exists but yields no route leaves readers (and the bindings) with a method they cannot
/// call.
fn check_methods(pages: &[Page], facts: &[PageFacts], diags: &mut Diagnostics) {
    let by_path: HashMap<String, &PageFacts> =
        facts.iter().map(|f| (f.path.to_lowercase(), f)).collect();
    for page in pages {
        for block in &page.blocks {
            let BlockKind::Table(table) = &block.kind else {
                continue;
            };
            if !page.section_of(block).contains("method") {
                continue;
            }
            for row in &table.rows {
                let Some(link) = row.cells.first().and_then(|c| c.links.first()) else {
                    continue;
                };
                let Some(target) = link_target(&page.path, &link.dest) else {
                    continue;
                };
                // Overview pages list resource pages in the same kind of table.
                let Some(target_facts) =
                    by_path.get(&target).filter(|f| f.folder == PageFolder::Api)
                else {
                    continue;
                };
                let has_route = target_facts
                    .operation
                    .as_ref()
                    .is_some_and(|op| !op.routes.is_empty());
                if !has_route {
                    let message = format!(
                        "the method `{}` links to {}, where no HTTP request route was found",
                        link.text, target_facts.path
                    );
                    let span = SourceSpan::new(&page.path, row.line);
                    diags.push(DiagKind::MethodWithoutOperation, span, message);
                }
            }
        }
    }
}

/// Every inline run of a page with its line: prose, list items, headings, table cells.
fn inlines_of(page: &Page) -> Vec<(u32, &Inline)> {
    let mut out: Vec<(u32, &Inline)> = page.headings.iter().map(|h| (h.line, &h.text)).collect();
    for block in &page.blocks {
        match &block.kind {
            BlockKind::Text(inline) => out.push((block.line, inline)),
            BlockKind::Table(table) => {
                out.extend(table.header.iter().map(|c| (block.line, c)));
                for row in &table.rows {
                    out.extend(row.cells.iter().map(|c| (row.line, c)));
                }
            }
            BlockKind::Code(_) | BlockKind::Annotation(_) => {}
        }
    }
    out
}

/// Resolves a relative `.md` link against the page's folder, lower-cased, `/`-separated.
/// `None` for links that are absolute, external, in-page or climb out of the docs folder.
fn link_target(page_path: &str, dest: &str) -> Option<String> {
    let dest = dest.trim().replace('\\', "/");
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    let is_page = path.to_lowercase().ends_with(".md");
    if !is_page || path.starts_with('/') || path.contains("://") || path.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = page_path.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/").to_lowercase())
}

fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    use crate::read::PageFile;

    const THING: &str = "# thing resource type\n\n## Methods\n\n|Method|Return type|\n|:--|:--|\n\
        |[List things](../api/thing-list.md)|thing|\n\n## Properties\n\n\
        |Property|Type|Description|\n|:--|:--|:--|\n|id|String|Key.|\n\
        |kind|thingKind|Bare name.|\n|tags|String collection|Tags.|\n|size|Int32|Size.|\n\n\
        ## JSON representation\n\n<!-- { \"blockType\": \"resource\", \
        \"@odata.type\": \"microsoft.graph.thing\" } -->\n```json\n\
        {\"id\": \"String\", \"kind\": \"String\", \"tags\": \"String\"}\n```\n";
    const THING_AGAIN: &str = "# thing resource type\n\n## Properties\n\n\
        |Property|Type|Description|\n|:--|:--|:--|\n|size|Int64|Size, wider.|\n";
    const KIND: &str = "# thingKind enum type\n\n## Members\n\n|Member|Value|\n|:--|:--|\n\
        |small|0|\n|large|1|\n";
    const LIST: &str = "# List things\n\nNo route here.\n\n## Example\n\n\
        <!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n\
        ```http\nHTTP/1.1 200 OK\n\n{\"value\": [{\"id\": \"1\", \"kind\": \"huge\", \
        \"colour\": \"red\", \"size@odata.type\": \"x\"}]}\n```\n";

    fn lint(pages: &[(&str, &str)]) -> Vec<Diagnostic> {
        let mut diags = Diagnostics::default();
        let pages: Vec<Page> = pages
            .iter()
            .map(|(path, text)| {
                let folder = if path.contains("/api/") {
                    PageFolder::Api
                } else {
                    PageFolder::Resources
                };
                let file = PageFile {
                    rel_path: (*path).to_owned(),
                    abs_path: PathBuf::from(path),
                    folder,
                };
                read::parse_page(&file, text, &mut diags)
            })
            .collect();
        let facts: Vec<PageFacts> = pages
            .iter()
            .map(|p| extract::extract_page(p, &mut diags))
            .collect();
        let (version, _) = crate::resolve::resolve_version("v1.0", facts, &mut diags);
        lint_pages(&version, &pages)
    }

    #[test]
    fn lints_tables_examples_and_methods() {
        let diags = lint(&[
            ("v1.0/resources/thing.md", THING),
            ("v1.0/resources/thing-intune.md", THING_AGAIN),
            ("v1.0/resources/thingkind.md", KIND),
            ("v1.0/api/thing-list.md", LIST),
        ]);
        let found = |kind: DiagKind, needle: &str| {
            diags
                .iter()
                .any(|d| d.kind == kind && d.message.contains(needle))
        };
        let all: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        let all = all.join("\n");
        assert!(
            found(DiagKind::UnlinkedType, "`thingKind` of `kind`"),
            "{all}"
        );
        assert!(
            found(
                DiagKind::TableJsonMismatch,
                "`size` of `thing` is in the table"
            ),
            "{all}"
        );
        assert!(
            found(
                DiagKind::TableJsonMismatch,
                "`tags` of `thing` is a collection"
            ),
            "{all}"
        );
        assert!(
            found(
                DiagKind::ConflictingDefinition,
                "`thing.size` is `Int32` on"
            ),
            "{all}"
        );
        assert!(
            found(DiagKind::EnumValueNotMember, "`kind` to `huge`"),
            "{all}"
        );
        assert!(
            found(DiagKind::UnknownExampleProperty, "uses `colour`"),
            "{all}"
        );
        assert!(
            !found(DiagKind::UnknownExampleProperty, "size@odata.type"),
            "{all}"
        );
        assert!(
            found(DiagKind::MethodWithoutOperation, "`List things`"),
            "{all}"
        );
        let conflict = diags
            .iter()
            .find(|d| d.kind == DiagKind::ConflictingDefinition)
            .and_then(|d| d.related.as_ref());
        assert_eq!(
            conflict.map(|s| s.file.as_str()),
            Some("v1.0/resources/thing.md")
        );
    }

    #[test]
    fn keys_that_differ_only_in_case_are_each_found_as_written() {
        let page = "# note resource type\n\n## Properties\n\n\
            |Property|Type|Description|\n|:--|:--|:--|\n|label|String|Shown.|\n\
            |Label|String|Legacy.|\n|title|String|Title.|\n\n## JSON representation\n\n\
            <!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.note\" } -->\n\
            ```json\n{\"label\": \"String\", \"Label\": \"String\", \"Title\": \"String\"}\n```\n";
        let diags = lint(&[("v1.0/resources/note.md", page)]);
        let spelled: Vec<&str> = diags
            .iter()
            .filter(|d| d.kind == DiagKind::TableJsonMismatch)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            spelled,
            ["the property `title` of `note` is spelled `Title` in the JSON representation"]
        );
        // A row repeating an earlier one in another case is a duplicate (GD0104), and is
        // not compared with the JSON again.
        let page = page.replace("\"Label\": \"String\", ", "");
        let diags = lint(&[("v1.0/resources/note.md", &page)]);
        let mismatches = diags
            .iter()
            .filter(|d| d.kind == DiagKind::TableJsonMismatch)
            .count();
        assert_eq!(mismatches, 1, "{diags:#?}");
    }

    #[test]
    fn links_resolve_against_the_page_folder() {
        let page = "v1.0/api/user-get.md";
        let target = link_target(page, "../resources/User.md#props");
        assert_eq!(target.as_deref(), Some("v1.0/resources/user.md"));
        assert_eq!(
            link_target(page, "..\\resources\\x.md").as_deref(),
            Some("v1.0/resources/x.md")
        );
        assert_eq!(link_target(page, "/graph/api/resources/x.md"), None);
        assert_eq!(link_target(page, "https://example.com/x.md"), None);
        assert_eq!(link_target(page, "../../../../x.md"), None);
        assert_eq!(link_target(page, "#section"), None);
    }
}
