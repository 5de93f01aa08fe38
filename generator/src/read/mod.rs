//! Reading stage: finds the pages of a docs folder and turns each into a [`Page`]: its
//! front matter, headings, tables, code blocks, annotations and prose, each with its line.
//!
//! Nothing here knows what a Graph type or operation is; that is the extract stage's job.

mod annotation;
mod front_matter;
mod page;
mod source;

pub use annotation::parse_lenient_json;
pub use page::{
    parse_page, Annotation, Block, BlockKind, CodeBlock, Heading, Inline, Link, Page, Table,
    TableRow,
};
pub use source::{discover, read_page_text, DocsSet, PageFile, PageFolder, VersionDir};
