//! Route templates read as navigation steps: `/users/{id}/getX(period='{period}')` is the
//! literal `users`, a key, and a function with one string argument. Request builders follow
//! the steps; the conformance test matches example URLs against their canonical text.

use crate::model::Route;

/// How a caller's value is written into the URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueStyle {
    /// Percent-encoded as part of a segment (`{id}`, `count=5`).
    Bare,
    /// An OData string literal: quoted, quotes doubled, then encoded (`'{period}'`).
    Quoted,
    /// A drive item path whose `/` separators stay (`root:/{item-path}:`).
    ItemPath,
}

/// A piece of a templated segment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Text from the docs, sent as written.
    Literal(String),
    /// A caller's value.
    Value {
        /// The parameter's name, unique within the route.
        param: String,
        /// How it is written.
        style: ValueStyle,
    },
}

/// One step of navigation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// `/users`, `/$ref`, `/microsoft.graph.group`.
    Segment(String),
    /// `/{id}`: a key.
    Key(String),
    /// `:/{path}` or `:/{path}:` after a segment: an item addressed by its path.
    ItemPath {
        /// The parameter.
        param: String,
        /// Whether a `:` closes the path.
        closed: bool,
    },
    /// `/getX(period='{period}')`, `/roleTemplateId={id}`: a segment with values inside.
    Template {
        /// The name before the arguments (`getX`).
        name: String,
        /// The segment's pieces, literal and values.
        pieces: Vec<Piece>,
    },
}

impl Step {
    /// The parameters of the step, in order.
    pub fn params(&self) -> Vec<(&str, ValueStyle)> {
        match self {
            Step::Segment(_) => Vec::new(),
            Step::Key(param) => vec![(param, ValueStyle::Bare)],
            Step::ItemPath { param, .. } => vec![(param, ValueStyle::ItemPath)],
            Step::Template { pieces, .. } => pieces
                .iter()
                .filter_map(|piece| match piece {
                    Piece::Value { param, style } => Some((param.as_str(), *style)),
                    Piece::Literal(_) => None,
                })
                .collect(),
        }
    }

    /// The step's canonical text, with `{param}` where values go (`'{param}'` for quoted).
    pub fn render(&self) -> String {
        match self {
            Step::Segment(text) => format!("/{text}"),
            Step::Key(param) => format!("/{{{param}}}"),
            Step::ItemPath { param, closed } => {
                format!(":/{{{param}}}{}", if *closed { ":" } else { "" })
            }
            Step::Template { pieces, .. } => {
                let mut out = String::from("/");
                for piece in pieces {
                    match piece {
                        Piece::Literal(text) => out.push_str(text),
                        Piece::Value { param, style } => match style {
                            ValueStyle::Quoted => out.push_str(&format!("'{{{param}}}'")),
                            _ => out.push_str(&format!("{{{param}}}")),
                        },
                    }
                }
                out
            }
        }
    }

    /// What identifies the step among its siblings: literals compare without case, and
    /// parameter names do not matter.
    pub fn shape(&self) -> String {
        match self {
            Step::Segment(text) => format!("s:{}", text.to_lowercase()),
            Step::Key(_) => "k".to_owned(),
            Step::ItemPath { closed, .. } => format!("p:{closed}"),
            Step::Template { pieces, .. } => {
                let mut out = String::from("t:");
                for piece in pieces {
                    match piece {
                        Piece::Literal(text) => out.push_str(&text.to_lowercase()),
                        Piece::Value { style, .. } => out.push_str(&format!("{{{style:?}}}")),
                    }
                }
                out
            }
        }
    }
}

/// Reads a route path (as the model normalises it) into steps. Every path gives steps:
/// text that fits no pattern stays a literal segment.
pub fn parse_route(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut names = Vec::new();
    let mut item_path_next = false;
    for raw in split_segments(path) {
        if raw.is_empty() {
            continue;
        }
        if item_path_next {
            item_path_next = false;
            let (inner, closed) = match raw.strip_suffix(':') {
                Some(inner) => (inner, true),
                None => (raw.as_str(), false),
            };
            if let Some(param) = placeholder(inner) {
                let param = unique(&mut names, &param);
                steps.push(Step::ItemPath { param, closed });
                continue;
            }
        }
        let segment = match raw.strip_suffix(':') {
            Some(inner) if !inner.is_empty() && !inner.ends_with(':') => {
                item_path_next = true;
                inner
            }
            _ => raw.as_str(),
        };
        steps.push(parse_segment(segment, &mut names));
    }
    steps
}

/// Splits at `/` outside braces, parentheses and quotes.
fn split_segments(path: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let mut quoted = false;
    for c in path.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '{' => depth += 1,
            ')' | '}' => depth -= 1,
            '/' if depth <= 0 && !quoted => {
                segments.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    segments.push(current);
    segments
}

/// `{name}` or `<name>` → `name`.
fn placeholder(text: &str) -> Option<String> {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .or_else(|| text.strip_prefix('<').and_then(|t| t.strip_suffix('>')))?;
    let valid = !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    valid.then(|| inner.to_owned())
}

/// A parameter name not yet used in the route.
fn unique(names: &mut Vec<String>, name: &str) -> String {
    let mut candidate = name.to_owned();
    let mut n = 2;
    while names
        .iter()
        .any(|taken| taken.eq_ignore_ascii_case(&candidate))
    {
        candidate = format!("{name}{n}");
        n += 1;
    }
    names.push(candidate.clone());
    candidate
}

fn parse_segment(segment: &str, names: &mut Vec<String>) -> Step {
    if let Some(param) = placeholder(segment) {
        return Step::Key(unique(names, &param));
    }
    // Some pages write an example id where the key goes: a GUID is always a key.
    if is_guid(segment) {
        return Step::Key(unique(names, "id"));
    }
    let has_values = segment.contains(['{', '<', '(']) || segment.contains('\'');
    if !has_values {
        return Step::Segment(segment.to_owned());
    }
    if let Some(step) = parse_function(segment, names) {
        return step;
    }
    let pieces = split_placeholders(segment, names);
    let name = segment
        .split(['(', '=', '{', '<', '\''])
        .next()
        .unwrap_or_default()
        .to_owned();
    if pieces.iter().all(|p| matches!(p, Piece::Literal(_))) {
        return Step::Segment(segment.to_owned());
    }
    Step::Template { name, pieces }
}

/// `name(arg=value,...)`: every argument becomes a value, literal example values included
/// (`width=640` takes a width), so that a caller can pass any value.
fn parse_function(segment: &str, names: &mut Vec<String>) -> Option<Step> {
    let open = segment.find('(')?;
    let inner = segment[open + 1..].strip_suffix(')')?;
    let name = &segment[..open];
    if name.is_empty() || name.contains(['{', '<', '\'', '=']) {
        return None;
    }
    let args = split_args(inner);
    if args.iter().all(|a| a.trim().is_empty()) {
        return Some(Step::Segment(segment.to_owned()));
    }
    let mut pieces = vec![Piece::Literal(format!("{name}("))];
    for (i, arg) in args.iter().enumerate() {
        let arg = arg.trim();
        let (key, value) = match arg.split_once('=') {
            Some((key, value)) if !key.contains(['{', '\'']) => (Some(key.trim()), value.trim()),
            _ => (None, arg),
        };
        let mut prefix = String::new();
        if i > 0 {
            prefix.push(',');
        }
        if let Some(key) = key {
            prefix.push_str(key);
            prefix.push('=');
        }
        // An enum literal keeps its type prefix: `microsoft.graph.timeZoneStandard'{x}'`.
        let (type_prefix, value) = match value.find('\'') {
            Some(q) if q > 0 && value.ends_with('\'') => (&value[..q], &value[q..]),
            _ => ("", value),
        };
        prefix.push_str(type_prefix);
        pieces.push(Piece::Literal(prefix));
        let quoted = value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'');
        let bare = if quoted {
            &value[1..value.len() - 1]
        } else {
            value
        };
        let fallback = key.unwrap_or(bare);
        let param = placeholder(bare).unwrap_or_else(|| fallback.to_owned());
        let param = if param.is_empty() || param.contains(['{', '}', ' ', '=']) {
            format!("arg{}", i + 1)
        } else {
            param
        };
        let style = if quoted {
            ValueStyle::Quoted
        } else {
            ValueStyle::Bare
        };
        pieces.push(Piece::Value {
            param: unique(names, &param),
            style,
        });
    }
    pieces.push(Piece::Literal(")".to_owned()));
    Some(Step::Template {
        name: name.to_owned(),
        pieces: merge_literals(pieces),
    })
}

/// Splits function arguments at commas outside quotes and braces.
fn split_args(text: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '\'' => quoted = !quoted,
            '{' | '(' => depth += 1,
            '}' | ')' => depth -= 1,
            ',' if depth <= 0 && !quoted => {
                args.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    args.push(current);
    args
}

/// Splits a segment at its `{name}` and `<name>` placeholders; `'{name}'` is quoted.
fn split_placeholders(segment: &str, names: &mut Vec<String>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = segment;
    while let Some(open) = rest.find(['{', '<']) {
        let close_char = if rest[open..].starts_with('{') {
            '}'
        } else {
            '>'
        };
        let Some(close) = rest[open..].find(close_char).map(|c| open + c) else {
            break;
        };
        let Some(param) = placeholder(&rest[open..=close]) else {
            literal.push_str(&rest[..=close]);
            rest = &rest[close + 1..];
            continue;
        };
        literal.push_str(&rest[..open]);
        let quoted = literal.ends_with('\'') && rest[close + 1..].starts_with('\'');
        if quoted {
            literal.pop();
        }
        pieces.push(Piece::Literal(std::mem::take(&mut literal)));
        let style = if quoted {
            ValueStyle::Quoted
        } else {
            ValueStyle::Bare
        };
        pieces.push(Piece::Value {
            param: unique(names, &param),
            style,
        });
        rest = &rest[close + 1 + usize::from(quoted)..];
    }
    literal.push_str(rest);
    pieces.push(Piece::Literal(literal));
    merge_literals(pieces)
}

/// Joins adjacent literals and drops empty ones.
fn merge_literals(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for piece in pieces {
        match (out.last_mut(), piece) {
            (_, Piece::Literal(text)) if text.is_empty() => {}
            (Some(Piece::Literal(last)), Piece::Literal(text)) => last.push_str(&text),
            (_, piece) => out.push(piece),
        }
    }
    out
}

fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The paths an operation is reachable by: its routes, then the paths the service treats
/// as the same resource: `/me` for `/users/{id}` (and back, also below `/education`),
/// `/drive` for `/me/drive` (and back), a drive's `root` or `root:/{item-path}:` for one
/// of its `items/{id}`, and a user's default `calendar` for one of its `calendars/{id}`. Each entry is `(route index it derives from, path)`;
/// entries past the routes are aliases.
pub fn route_variants(routes: &[Route]) -> Vec<(usize, String)> {
    let mut variants: Vec<(usize, String)> = routes
        .iter()
        .enumerate()
        .map(|(i, route)| (i, route.path.clone()))
        .collect();
    let mut next = 0;
    while next < variants.len() && variants.len() < routes.len() * MAX_VARIANTS {
        let (base, path) = variants[next].clone();
        next += 1;
        for alias in aliases(&path) {
            let method = routes[base].method;
            let listed = variants
                .iter()
                .any(|(b, p)| routes[*b].method == method && p.eq_ignore_ascii_case(&alias));
            if !listed {
                variants.push((base, alias));
            }
        }
    }
    variants
}

/// The most paths one route gets, aliases included.
const MAX_VARIANTS: usize = 8;

/// The other spellings of one path.
fn aliases(path: &str) -> Vec<String> {
    let mut found = Vec::new();
    // Education has its own signed-in user: `/education/me` is `/education/users/{id}`.
    for root in ["", "/education"] {
        let Some(below) = path.strip_prefix(root) else {
            continue;
        };
        if let Some(rest) = below.strip_prefix("/me") {
            if rest.is_empty() || rest.starts_with('/') {
                found.push(format!("{root}/users/{{user-id}}{rest}"));
            }
        }
        if let Some(rest) = strip_key(below, "/users/") {
            found.push(format!("{root}/me{rest}"));
        }
    }
    if let Some(rest) = path.strip_prefix("/me/drive") {
        if rest.is_empty() || rest.starts_with('/') || rest.starts_with(':') {
            found.push(format!("/drive{rest}"));
        }
    }
    if let Some(rest) = path.strip_prefix("/drive") {
        if rest.is_empty() || rest.starts_with('/') || rest.starts_with(':') {
            found.push(format!("/me/drive{rest}"));
        }
    }
    found.extend(replace_key(path, "/drive/items/", "/drive/root"));
    // Any drive item is also addressed by its path below the root.
    // A route that already goes on by a path below its item (`{parent-id}:/{filename}:`)
    // has no such spelling: two paths cannot follow one another.
    if let Some(at) = drive_items_at(path) {
        let rest = strip_key(&path[at..], "/items/").unwrap_or_default();
        if !rest.starts_with(':') {
            let close = if rest.is_empty() { "" } else { ":" };
            found.push(format!("{}/root:/{{item-path}}{close}{rest}", &path[..at]));
        }
    }
    found.extend(replace_key(path, "/calendars/", "/calendar"));
    found
}

/// Where `/items/{key}` of a drive (`/drive`, `/drives/{id}`) starts in `path`.
fn drive_items_at(path: &str) -> Option<usize> {
    let at = path.find("/items/{")?;
    strip_key(&path[at..], "/items/")?;
    let before = &path[..at];
    let of_drive = before.ends_with("/drive")
        || before
            .rsplit_once("/drives/{")
            .is_some_and(|(_, key)| key.ends_with('}') && !key.contains('/'));
    of_drive.then_some(at)
}

/// The rest of `path` after `prefix` and a `{key}` segment, when `path` starts so.
fn strip_key<'p>(path: &'p str, prefix: &str) -> Option<&'p str> {
    let rest = path.strip_prefix(prefix)?.strip_prefix('{')?;
    let rest = &rest[rest.find('}')? + 1..];
    (rest.is_empty() || rest.starts_with('/') || rest.starts_with(':')).then_some(rest)
}

/// `path` with its first `{infix}{key}` replaced by `replacement`.
fn replace_key(path: &str, infix: &str, replacement: &str) -> Option<String> {
    let at = path.find(infix)?;
    let rest = strip_key(&path[at..], infix)?;
    Some(format!("{}{replacement}{rest}", &path[..at]))
}

/// The canonical text of a whole route.
pub fn render_route(steps: &[Step]) -> String {
    let text: String = steps.iter().map(Step::render).collect();
    if text.is_empty() {
        "/".to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(path: &str) -> String {
        render_route(&parse_route(path))
    }

    #[test]
    fn keys_item_paths_and_casts() {
        let steps = parse_route("/users/{id}/memberOf/microsoft.graph.group");
        assert_eq!(steps[1], Step::Key("id".into()));
        assert_eq!(steps[3], Step::Segment("microsoft.graph.group".into()));
        let steps = parse_route("/me/drive/root:/{item-path}:/content");
        assert_eq!(steps[2], Step::Segment("root".into()));
        assert_eq!(
            steps[3],
            Step::ItemPath {
                param: "item-path".into(),
                closed: true
            }
        );
        assert_eq!(
            canonical("/sites/{hostname}:/{path}"),
            "/sites/{hostname}:/{path}"
        );
        assert_eq!(
            canonical("/groups/{id}/members/$ref"),
            "/groups/{id}/members/$ref"
        );
    }

    #[test]
    fn function_arguments_become_values() {
        assert_eq!(
            canonical("/reports/getX(period='{period_value}')"),
            "/reports/getX(period='{period_value}')"
        );
        assert_eq!(
            canonical("/charts/{name}/image(width=640,height=480,fittingMode='fit')"),
            "/charts/{name}/image(width={width},height={height},fittingMode='{fittingMode}')"
        );
        assert_eq!(
            canonical("/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.tz'{f}')"),
            "/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.tz'{f}')"
        );
        assert_eq!(
            canonical("/range(address='<address>')/format"),
            "/range(address='{address}')/format"
        );
        assert_eq!(canonical("/x/generate()"), "/x/generate()");
        let steps = parse_route("/directoryRoles/roleTemplateId={roleTemplateId}/members");
        assert!(matches!(&steps[1], Step::Template { name, .. } if name == "roleTemplateId"));
    }

    #[test]
    fn aliases_of_the_signed_in_user_and_drive() {
        let route = |path: &str| Route {
            method: crate::model::HttpMethod::Get,
            path: path.to_owned(),
            parameters: Vec::new(),
            span: crate::diag::SourceSpan::default(),
        };
        let paths: Vec<String> = route_variants(&[route("/users/{id}/drive/items/{item-id}")])
            .into_iter()
            .map(|(base, path)| {
                assert_eq!(base, 0);
                path
            })
            .collect();
        assert_eq!(paths[0], "/users/{id}/drive/items/{item-id}");
        assert!(paths.contains(&"/me/drive/items/{item-id}".to_owned()));
        assert!(paths.contains(&"/drive/items/{item-id}".to_owned()));
        assert!(paths.contains(&"/me/drive/root".to_owned()));
        assert!(paths.contains(&"/users/{id}/drive/root:/{item-path}".to_owned()));
        let paths = route_variants(&[route("/drives/{d}/items/{item-id}/children")]);
        assert!(paths
            .iter()
            .any(|(_, p)| p == "/drives/{d}/root:/{item-path}:/children"));
        let paths = route_variants(&[route("/me/drive/items/{parent-id}:/{filename}:/content")]);
        assert!(paths
            .iter()
            .any(|(_, p)| p == "/drive/root:/{filename}:/content"));
        assert!(
            paths
                .iter()
                .all(|(_, p)| !p.contains("::") && !p.contains("{item-path}")),
            "{paths:?}"
        );
        let paths = route_variants(&[route("/education/users/{id}/assignments")]);
        assert!(paths.iter().any(|(_, p)| p == "/education/me/assignments"));
        assert!(paths.len() <= MAX_VARIANTS);
    }

    #[test]
    fn repeated_names_are_made_unique() {
        let steps = parse_route("/a/{id}/b/{id}");
        assert_eq!(steps[3], Step::Key("id2".into()));
    }
}
