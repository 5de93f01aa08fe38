//! Finding the pages: which folders are API versions, which files are pages.
//!
//! A docs folder is either one version (it holds `api/` and/or `resources/`, like a checkout
//! of `api-reference/v1.0`), or a parent of versions (`v1.0/`, `beta/`), or a plain folder
//! of pages, which is then read as one version.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{DiagKind, Diagnostics, SourceSpan};
use crate::Error;

/// Which folder of a version a page sits in; a hint for classifying it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageFolder {
    /// `api/`: one operation per page.
    Api,
    /// `resources/`: type pages.
    Resources,
    /// Anywhere else.
    Other,
}

/// A page file found in a version folder.
#[derive(Clone, Debug)]
pub struct PageFile {
    /// Path relative to the docs folder, `/`-separated; used in diagnostics.
    pub rel_path: String,
    /// Path on disk.
    pub abs_path: PathBuf,
    /// The folder kind it sits in.
    pub folder: PageFolder,
}

/// One API version of a docs folder and its pages, in path order.
#[derive(Clone, Debug)]
pub struct VersionDir {
    /// The version's name, e.g. `v1.0` or `beta`.
    pub name: String,
    /// The version's folder on disk.
    pub dir: PathBuf,
    /// Its pages, sorted by path.
    pub pages: Vec<PageFile>,
}

/// Every version of a docs folder.
#[derive(Clone, Debug)]
pub struct DocsSet {
    /// The docs folder.
    pub root: PathBuf,
    /// Its versions, sorted by name.
    pub versions: Vec<VersionDir>,
}

impl DocsSet {
    /// Every page file of every version.
    pub fn page_files(&self) -> impl Iterator<Item = &PageFile> {
        self.versions.iter().flat_map(|v| v.pages.iter())
    }
}

/// Finds the versions and pages under `root`.
pub fn discover(root: &Path) -> Result<DocsSet, Error> {
    if root.is_file() {
        return Err(Error::DocsNotAFolder(root.to_path_buf()));
    }
    if !root.is_dir() {
        return Err(Error::DocsNotFound(root.to_path_buf()));
    }
    let mut versions = Vec::new();
    if is_version_dir(root) {
        versions.push(read_version(root, root, &version_name(root)));
    } else {
        let mut children: Vec<PathBuf> = list_dirs(root);
        children.sort();
        let mut taken = std::collections::BTreeSet::new();
        for child in children.into_iter().filter(|dir| is_version_dir(dir)) {
            // Beside other versions a folder keeps its own name (`drafts`), and a second
            // spelling of one version (`V1.0` beside `v1.0`) is numbered, so that no two
            // versions share a module.
            let folder = child.file_name().and_then(|n| n.to_str()).unwrap_or("docs");
            let name = if looks_like_version(&child) {
                folder.to_ascii_lowercase()
            } else {
                folder.to_owned()
            };
            let mut unique = name.clone();
            let mut n = 2;
            while !taken.insert(version_key(&unique)) {
                unique = format!("{name}-{n}");
                n += 1;
            }
            versions.push(read_version(root, &child, &unique));
        }
        if versions.is_empty() {
            versions.push(read_version(root, root, &version_name(root)));
        }
    }
    versions.retain(|v| !v.pages.is_empty());
    if versions.is_empty() {
        return Err(Error::NoPages(root.to_path_buf()));
    }
    Ok(DocsSet {
        root: root.to_path_buf(),
        versions,
    })
}

/// Reads a page as text. A byte-order mark is dropped; invalid UTF-8 is replaced and
/// reported.
pub fn read_page_text(file: &PageFile, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match fs::read(&file.abs_path) {
        Ok(bytes) => bytes,
        Err(err) => {
            let span = SourceSpan::new(&file.rel_path, 1);
            diags.push(
                DiagKind::UnreadablePage,
                span,
                format!("the page cannot be read: {err}"),
            );
            return None;
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => Some(text),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u32;
            let span = SourceSpan::new(&file.rel_path, line);
            let message = "the page is not valid UTF-8; invalid bytes were replaced";
            diags.push(DiagKind::InvalidUtf8, span, message);
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

fn is_version_dir(dir: &Path) -> bool {
    dir.join("api").is_dir() || dir.join("resources").is_dir()
}

fn list_dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect()
}

/// A version folder is named after itself when that looks like a version (`v1.0`, `beta`);
/// any other folder is taken to be `v1.0`.
fn version_name(dir: &Path) -> String {
    if looks_like_version(dir) {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        name.to_ascii_lowercase()
    } else {
        "v1.0".to_owned()
    }
}

fn looks_like_version(dir: &Path) -> bool {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    lower == "beta"
        || (lower.starts_with('v') && lower[1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Two version names that would name the same module (`v1.0`, `V1_0`) have one key.
fn version_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn read_version(root: &Path, dir: &Path, name: &str) -> VersionDir {
    let mut pages = Vec::new();
    // Pages linked in from elsewhere are pages too; a link that loops is skipped.
    let walker = WalkDir::new(dir).follow_links(true).sort_by_file_name();
    for entry in walker.into_iter().filter_map(|e| e.ok()) {
        let path = entry.path();
        let is_markdown = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
        if !entry.file_type().is_file() || !is_markdown || is_readme(dir, path) {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path);
        let rel_path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>();
        let folder = folder_of(path.strip_prefix(dir).unwrap_or(path));
        pages.push(PageFile {
            rel_path: rel_path.join("/"),
            abs_path: path.to_path_buf(),
            folder,
        });
    }
    pages.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    VersionDir {
        name: name.to_owned(),
        dir: dir.to_path_buf(),
        pages,
    }
}

fn is_readme(version_dir: &Path, path: &Path) -> bool {
    let top_level = path.parent() == Some(version_dir);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    top_level && name.eq_ignore_ascii_case("readme.md")
}

fn folder_of(rel: &Path) -> PageFolder {
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_lowercase());
    match first.as_deref() {
        Some("api") => PageFolder::Api,
        Some("resources") => PageFolder::Resources,
        _ => PageFolder::Other,
    }
}
