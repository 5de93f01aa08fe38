//! Reading table cells: normalised headers, type cells (`[x](x.md) collection`, `String`,
//! `Edm.Int64`, `Collection(x)`) and `Possible values are` lists in descriptions.

use crate::model::Primitive;
use crate::read::Inline;

/// What a type cell names, before resolution across pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeCell {
    /// An Edm primitive, in any of the docs' spellings.
    Primitive(Primitive),
    /// Untyped JSON (`Json`, `Object`, `Untyped JSON object`).
    Json,
    /// A link to a page, with its anchor (`x-values`) and link text.
    Link {
        /// The target file's stem, lower-cased; empty for an in-page anchor.
        stem: String,
        /// The anchor after `#`, lower-cased.
        anchor: Option<String>,
        /// The link text.
        text: String,
    },
    /// A bare type name (`alertFeedback`, `microsoft.graph.callRecords.clientPlatform`).
    Name(String),
    /// The words `Enumeration` or `enum`: the values are in the description.
    EnumWord,
    /// Two or more types (`a or b`); only JSON can hold it.
    Union(String),
    /// An empty cell.
    Empty,
    /// Text that is no type.
    Unreadable(String),
}

/// A type cell, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeCellRef {
    /// What it names.
    pub cell: TypeCell,
    /// Whether it says `collection`.
    pub collection: bool,
}

/// Normalises a header cell: lower case, no emphasis, no `&nbsp;`, no trailing `name`.
pub fn normalize_header(cell: &Inline) -> String {
    let text = cell.text.replace(['*', '`', '_'], "").to_lowercase();
    let text = text.trim().trim_end_matches(':');
    let text = text.strip_suffix(" name").unwrap_or(text);
    text.trim().to_owned()
}

/// Finds the column whose normalised header satisfies `pred`.
pub fn column(headers: &[String], pred: impl Fn(&str) -> bool) -> Option<usize> {
    headers.iter().position(|h| pred(h))
}

/// Reads a type cell.
pub fn parse_type_cell(cell: &Inline) -> TypeCellRef {
    let text = cell.text.replace(['*', '`'], "");
    let lower = text.to_lowercase();
    let collection = lower.contains("collection") || lower.trim_end().ends_with("[]");
    let links: Vec<_> = cell
        .links
        .iter()
        .filter(|l| is_type_link(&l.dest))
        .collect();
    if links.len() > 1 && lower.contains(" or ") {
        return TypeCellRef {
            cell: TypeCell::Union(text.trim().to_owned()),
            collection,
        };
    }
    if let Some(link) = links.first() {
        let (stem, anchor) = split_link(&link.dest);
        let cell = TypeCell::Link {
            stem,
            anchor,
            text: clean_name(&link.text),
        };
        return TypeCellRef { cell, collection };
    }
    TypeCellRef {
        cell: classify_text(&text),
        collection,
    }
}

fn is_type_link(dest: &str) -> bool {
    let lower = dest.to_lowercase();
    let path = lower.split('#').next().unwrap_or_default();
    path.ends_with(".md") || lower.starts_with('#') || lower.contains("/graph/api/resources/")
}

/// Splits a link destination into the target file's stem and its anchor.
pub fn split_link(dest: &str) -> (String, Option<String>) {
    let dest = dest.trim();
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_lowercase())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let name = path.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".MD"))
        .unwrap_or(name);
    (stem.to_lowercase(), anchor)
}

/// Removes emphasis, backticks, brackets and a `(deprecated)`-style suffix from a name.
pub fn clean_name(text: &str) -> String {
    let text = text.replace(['*', '`', '[', ']', '\\'], "");
    let text = match text.find(" (") {
        Some(cut) => &text[..cut],
        None => &text,
    };
    text.trim().to_owned()
}

fn classify_text(text: &str) -> TypeCell {
    let mut core = text.trim().to_owned();
    // ASCII case folding keeps byte offsets, so offsets in `lower` index `core`.
    if core.to_ascii_lowercase().starts_with("collection(") {
        core = core["collection(".len()..].trim_end_matches(')').to_owned();
    }
    let lower = core.to_ascii_lowercase();
    let core = match lower.find(" collection") {
        Some(cut) => core[..cut].to_owned(),
        None if lower == "collection" => String::new(),
        None => core,
    };
    // Qualifiers: `string, maximum size 20`, `String (optional)`, `(Optional) String`.
    let core = core.split(',').next().unwrap_or_default();
    let core = strip_parenthesised(core);
    let core = core
        .trim()
        .trim_matches(['[', ']'])
        .trim_end_matches("[]")
        .trim();
    if core.is_empty() {
        return TypeCell::Empty;
    }
    if let Some(found) = primitive_alias(core) {
        return found;
    }
    let lower = core.to_lowercase();
    if lower == "enumeration" || lower == "enum" {
        return TypeCell::EnumWord;
    }
    if lower.contains(" or ") || core.contains('/') {
        return TypeCell::Union(core.to_owned());
    }
    let is_name = core
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    if is_name && core.starts_with(|c: char| c.is_ascii_alphabetic()) {
        TypeCell::Name(core.to_owned())
    } else {
        TypeCell::Unreadable(core.to_owned())
    }
}

fn strip_parenthesised(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Maps every spelling of a primitive seen in the docs to the Edm type.
pub fn primitive_alias(text: &str) -> Option<TypeCell> {
    let lower = text.trim().to_lowercase();
    let lower = lower.strip_prefix("edm.").unwrap_or(&lower);
    let primitive = match lower {
        "string" | "str" | "url" | "uri" | "text" | "char" => Primitive::String,
        "boolean" | "bool" => Primitive::Boolean,
        "int32" | "int" | "integer" | "int 32" => Primitive::Int32,
        "int64" | "long" | "int 64" => Primitive::Int64,
        "int16" | "short" => Primitive::Int16,
        "byte" => Primitive::Byte,
        "sbyte" => Primitive::SByte,
        "double" | "float" | "real" | "number" | "numeric" => Primitive::Double,
        "single" => Primitive::Single,
        "decimal" => Primitive::Decimal,
        "datetimeoffset" | "datetime" | "timestamp" | "date time" | "datetimeoffest" => {
            Primitive::DateTimeOffset
        }
        "date" => Primitive::Date,
        "timeofday" | "time" => Primitive::TimeOfDay,
        "duration" | "timespan" => Primitive::Duration,
        "guid" | "uuid" => Primitive::Guid,
        "binary" | "base64" | "base64binary" | "byte[]" => Primitive::Binary,
        "stream" => Primitive::Stream,
        "json"
        | "object"
        | "json object"
        | "untyped json object"
        | "untyped"
        | "any"
        | "dynamic"
        | "jsonobject" => return Some(TypeCell::Json),
        _ => return None,
    };
    Some(TypeCell::Primitive(primitive))
}

/// The members of a ``Possible values are: `a`, `b`, `c`.`` list, if the text has one.
/// Only backticked identifiers count; prose lists are too often sentence fragments.
pub fn possible_values(text: &str) -> Vec<String> {
    const PHRASES: [&str; 7] = [
        "possible values are",
        "possible values:",
        "possible values include",
        "allowed values are",
        "supported values are",
        "valid values are",
        "the possible values are",
    ];
    let lower = text.to_lowercase();
    let Some(start) = PHRASES
        .iter()
        .filter_map(|p| lower.find(p).map(|i| i + p.len()))
        .min()
    else {
        return Vec::new();
    };
    let mut values = Vec::new();
    let mut rest = &text[start..];
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ':');
        for joiner in ["and ", "or "] {
            rest = rest.strip_prefix(joiner).unwrap_or(rest);
        }
        let Some(after_tick) = rest.strip_prefix('`') else {
            break;
        };
        let Some(end) = after_tick.find('`') else {
            break;
        };
        let value = after_tick[..end].trim();
        let is_ident = value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !value.is_empty() && is_ident && !values.iter().any(|v| v == value) {
            values.push(value.to_owned());
        }
        rest = &after_tick[end + 1..];
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Link;

    fn cell(text: &str, link: Option<&str>) -> Inline {
        let links = link
            .map(|dest| {
                vec![Link {
                    dest: dest.into(),
                    text: text.split(' ').next().unwrap().into(),
                }]
            })
            .unwrap_or_default();
        Inline {
            text: text.into(),
            links,
            ..Inline::default()
        }
    }

    #[test]
    fn letters_whose_lower_case_is_longer_do_not_shift_offsets() {
        // `İ` lower-cases to two characters; offsets found in a folded copy must still fit.
        for text in [
            "İİİ collection",
            "Collection(İİ)",
            "İ",
            "ΣİΣ collection of x",
        ] {
            let read = parse_type_cell(&cell(text, None));
            assert!(
                read.collection || !text.contains("ollection"),
                "{text}: {read:?}"
            );
        }
        // The cut lands before ` collection`, not inside it.
        let read = parse_type_cell(&cell("İİİ collection", None));
        assert!(!format!("{:?}", read.cell).contains("co"), "{read:?}");
    }

    #[test]
    fn reads_linked_and_primitive_cells() {
        let linked = parse_type_cell(&cell("target collection", Some("../resources/Target.md")));
        assert!(linked.collection);
        let expected = TypeCell::Link {
            stem: "target".into(),
            anchor: None,
            text: "target".into(),
        };
        assert_eq!(linked.cell, expected);
        let prim = parse_type_cell(&cell("Edm.Int64", None));
        assert_eq!(prim.cell, TypeCell::Primitive(Primitive::Int64));
        let coll = parse_type_cell(&cell("Collection(Edm.String)", None));
        assert_eq!(
            (coll.cell, coll.collection),
            (TypeCell::Primitive(Primitive::String), true)
        );
        let qualified = parse_type_cell(&cell("string, maximum size 20", None));
        assert_eq!(qualified.cell, TypeCell::Primitive(Primitive::String));
        let union = parse_type_cell(&cell("string or number", None));
        assert!(matches!(union.cell, TypeCell::Union(_)));
        let anchor = parse_type_cell(&cell("status", Some("#status-values")));
        assert!(matches!(anchor.cell, TypeCell::Link { ref stem, .. } if stem.is_empty()));
    }

    #[test]
    fn reads_possible_values_lists() {
        let text = "The source. Possible values are: `direct`, `policySets` and `other`. See `x`.";
        assert_eq!(possible_values(text), vec!["direct", "policySets", "other"]);
        assert!(possible_values("Possible values are from 4 to 16.").is_empty());
        assert!(possible_values("No list here `a`.").is_empty());
    }
}
