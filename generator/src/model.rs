//! The intermediate model: what the docs say, joined across pages and resolved, as plain
//! data. Emitters read only this. `generate --ir FILE` writes it as JSON.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::diag::SourceSpan;

/// Everything the docs folder describes, one entry per API version.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Model {
    /// The versions, sorted by name; never merged.
    pub versions: Vec<ApiVersion>,
}

/// One API version (`v1.0`, `beta`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiVersion {
    /// The version as the service spells it in URLs.
    pub name: String,
    /// Entity and complex types by qualified name.
    pub structs: BTreeMap<QualifiedName, StructType>,
    /// Enum types by qualified name.
    pub enums: BTreeMap<QualifiedName, EnumType>,
    /// Operations, sorted by page.
    pub operations: Vec<Operation>,
}

/// A namespaced type name such as `microsoft.graph.user`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QualifiedName {
    /// `microsoft.graph`, `microsoft.graph.callRecords`, ...
    pub namespace: String,
    /// The type's own name as the docs spell it, e.g. `user`.
    pub name: String,
}

/// The namespace of most Graph types.
pub const GRAPH_NAMESPACE: &str = "microsoft.graph";

impl QualifiedName {
    /// A name in `namespace`.
    pub fn new(namespace: &str, name: &str) -> Self {
        QualifiedName {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        }
    }

    /// Splits `microsoft.graph.callRecords.session` at its last dot; a bare name is put in
    /// `default_namespace`.
    pub fn parse(text: &str, default_namespace: &str) -> Self {
        let text = text.trim().trim_start_matches('#');
        match text.rsplit_once('.') {
            Some((ns, name)) if !ns.is_empty() && !name.is_empty() => Self::new(ns, name),
            _ => Self::new(default_namespace, text.trim_matches('.')),
        }
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

/// Written as its dotted text, so it can key a JSON object in the IR dump.
impl Serialize for QualifiedName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Whether a struct is an entity (has identity, addressable) or a complex value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StructKind {
    /// An entity type.
    Entity,
    /// A complex type.
    Complex,
}

/// An entity or complex type.
#[derive(Clone, Debug, Serialize)]
pub struct StructType {
    /// Its name.
    pub name: QualifiedName,
    /// Entity or complex.
    pub kind: StructKind,
    /// Its base type, if it inherits.
    pub base: Option<QualifiedName>,
    /// Types that name this one as their base, sorted.
    pub derived: Vec<QualifiedName>,
    /// Marked abstract by the docs.
    pub is_abstract: bool,
    /// Open types accept properties the docs do not list.
    pub is_open: bool,
    /// The key property's name, for entities.
    pub key: Option<String>,
    /// Its own properties, in table order; inherited ones are on the base.
    pub properties: Vec<Property>,
    /// The page's description of the type.
    pub description: Option<String>,
    /// Where it is defined (the first page, when several define it).
    pub span: SourceSpan,
}

/// A property or relationship of a struct.
#[derive(Clone, Debug, Serialize)]
pub struct Property {
    /// The JSON name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// A collection of `ty`.
    pub collection: bool,
    /// From a relationships table.
    pub navigation: bool,
    /// Marked read-only in its description.
    pub read_only: bool,
    /// The table's description.
    pub description: Option<String>,
    /// The table row.
    pub span: SourceSpan,
}

/// A resolved type reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "lowercase")]
pub enum TypeRef {
    /// An Edm primitive.
    Primitive(Primitive),
    /// An entity or complex type of the same version.
    Struct(QualifiedName),
    /// An enum type of the same version.
    Enum(QualifiedName),
    /// Any JSON: the docs' type could not be resolved or is untyped JSON.
    Json,
}

/// The Edm primitive types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[allow(missing_docs)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
}

/// An enum type.
#[derive(Clone, Debug, Serialize)]
pub struct EnumType {
    /// Its name.
    pub name: QualifiedName,
    /// Members in table order.
    pub members: Vec<EnumMember>,
    /// Values are sets of members, joined by commas on the wire.
    pub flags: bool,
    /// The description, if any.
    pub description: Option<String>,
    /// Derived from a `Possible values are` list rather than a member table.
    pub from_inline_list: bool,
    /// Where it is defined.
    pub span: SourceSpan,
}

/// An enum member.
#[derive(Clone, Debug, Serialize)]
pub struct EnumMember {
    /// The wire text.
    pub name: String,
    /// The numeric value the table gives, if any.
    pub value: Option<i64>,
    /// The description, if any.
    pub description: Option<String>,
}

/// HTTP methods used by Graph routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[allow(missing_docs)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    /// Reads `GET`, `post`, ...
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_uppercase().as_str() {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "PUT" => Some(HttpMethod::Put),
            "PATCH" => Some(HttpMethod::Patch),
            "DELETE" => Some(HttpMethod::Delete),
            _ => None,
        }
    }

    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// What an operation does, from its title and route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum OperationKind {
    List,
    Get,
    Create,
    Update,
    Delete,
    Action,
    Function,
    Other,
}

/// One operation page.
#[derive(Clone, Debug, Serialize)]
pub struct Operation {
    /// The page's file stem, unique within a version.
    pub id: String,
    /// The page title.
    pub title: String,
    /// The first paragraph.
    pub description: Option<String>,
    /// What it does.
    pub kind: OperationKind,
    /// Every route the page lists, in order.
    pub routes: Vec<Route>,
    /// Query parameters from the page's tables.
    pub query_parameters: Vec<Parameter>,
    /// Request headers from the page's table.
    pub headers: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// The documented response.
    pub response: Response,
    /// Permissions, one entry per table row.
    pub permissions: Vec<Permission>,
    /// Request and response examples, in page order.
    pub examples: Vec<Example>,
    /// The page.
    pub span: SourceSpan,
}

/// A route: method and path template.
#[derive(Clone, Debug, Serialize)]
pub struct Route {
    /// The method.
    pub method: HttpMethod,
    /// The path with `{param}` placeholders, leading `/`, no query or host.
    pub path: String,
    /// Path parameter names, in order, unique within the route.
    pub parameters: Vec<String>,
    /// The route line.
    pub span: SourceSpan,
}

/// A parameter of a query, header, function or action.
#[derive(Clone, Debug, Serialize)]
pub struct Parameter {
    /// The name as the docs spell it.
    pub name: String,
    /// Its type, where the table gives one.
    pub ty: TypeRef,
    /// A collection.
    pub collection: bool,
    /// Marked required.
    pub required: bool,
    /// The table's description.
    pub description: Option<String>,
    /// Listed as a function or path parameter: a function argument inside the URL's
    /// parentheses (`usedRange(valuesOnly=true)`), not a query parameter.
    pub argument: bool,
}

/// A request body.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RequestBody {
    /// A JSON representation of a type.
    Type {
        /// The type.
        ty: TypeRef,
        /// A collection of it.
        collection: bool,
    },
    /// An object whose members are the parameter table's rows (actions).
    Parameters {
        /// The rows.
        parameters: Vec<Parameter>,
    },
}

/// A documented response.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Response {
    /// The success status code, when the page names one.
    pub status: Option<u16>,
    /// The body type, when there is one.
    pub ty: Option<TypeRef>,
    /// The body is a collection of `ty`.
    pub collection: bool,
}

/// One permissions row.
#[derive(Clone, Debug, Serialize)]
pub struct Permission {
    /// `Delegated (work or school account)`, `Application`, ...
    pub kind: String,
    /// Scopes, least privileged first.
    pub scopes: Vec<String>,
}

/// Whether an example shows a request or a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleKind {
    /// An HTTP request.
    Request,
    /// An HTTP response.
    Response,
}

/// A request or response example from an operation page.
#[derive(Clone, Debug, Serialize)]
pub struct Example {
    /// Request or response.
    pub kind: ExampleKind,
    /// The annotation's `name`, linking a response to its request.
    pub name: Option<String>,
    /// The annotation's `@odata.type`, without `Collection(...)`.
    pub odata_type: Option<String>,
    /// The annotation says the body is a collection.
    pub is_collection: bool,
    /// The annotation says the body is truncated.
    pub truncated: bool,
    /// Request: the method.
    pub method: Option<HttpMethod>,
    /// Request: the URL as written.
    pub url: Option<String>,
    /// Response: the URL of the request written before it on the page, whatever that
    /// block's annotation (pages mark `GET /users/$count` requests `ignored`).
    pub asked_url: Option<String>,
    /// Response: the status code.
    pub status: Option<u16>,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// The body text, if any.
    pub body: Option<String>,
    /// The code block's first line.
    pub span: SourceSpan,
}
