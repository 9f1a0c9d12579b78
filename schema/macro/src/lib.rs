//! `#[model]`: one description of a Zou table, expanded into every layer.
//!
//! ```ignore
//! /// A unit of work: an entity × a task type.
//! #[model(table = "task", rest = "tasks", rules = rules::TASK)]
//! #[index(name = "task_uc", columns = "name, project_id, task_type_id, entity_id", unique)]
//! #[many(name = "assignees", link = "task_person_link", this = "task_id", other = "person_id", target = "person")]
//! pub struct Task {
//!     #[col(len = 80)]
//!     pub name: String,
//!     #[col(fk = "project", index)]
//!     pub project_id: Option<Uuid>,
//! }
//! ```
//!
//! From this come: the row struct (with `id`, `created_at`, `updated_at`
//! added), its `TableMeta` (columns, keys, indexes, relations, rules), row
//! decoding for both dialects, Zou's REST JSON, the GraphQL object with its
//! relations and their prefetching, a filter input, an order enum, create
//! and update inputs, and the `task`/`tasks` queries and
//! `createTask`/`updateTask`/`deleteTask` mutations.
//!
//! Struct attributes: `#[model(table, rest?, plural?, type_name?, event?,
//! rules?, hooks?, link?, extra?, doc?)]`, `#[index(name, columns, unique?,
//! predicate?)]`, `#[many(name, link, this, other, target)]`,
//! `#[has_many(name, target, column)]`.
//!
//! Field attribute `#[col(...)]`: `len = N` (varchar), `default = "sql"`,
//! `fk = "table"`, `on_delete = "CASCADE"`, `rel = "name"` (relation field
//! name), `index`, `unique` (constraint `<table>_<col>_key`),
//! `unique_index` (`ix_<table>_<col>`), `secret`, `protected`,
//! `choices = "a, b"`, `pk`, `pg_type = "…"`, `no_gql`.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::parse::Parser;
use syn::{
    parse_macro_input, Attribute, Expr, Fields, GenericArgument, Ident, ItemStruct, LitStr,
    PathArguments, Type,
};

#[proc_macro_attribute]
pub fn model(args: TokenStream, input: TokenStream) -> TokenStream {
    let item = parse_macro_input!(input as ItemStruct);
    match expand(args.into(), item) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

// ---------------------------------------------------------------------------
// Parsing

#[derive(Default)]
struct ModelArgs {
    table: String,
    rest: Option<String>,
    plural: Option<String>,
    type_name: Option<String>,
    event: Option<String>,
    rules: Option<Expr>,
    hooks: bool,
    prefetch_extra: bool,
    link: bool,
    extra: Option<syn::Path>,
    pk: Option<Vec<String>>,
    json_extra: Option<syn::Path>,
    gql: Option<String>,
    /// A method of the row giving its REST `type` (entities: their kind).
    zou_type: Option<Ident>,
}

struct IndexArgs {
    name: String,
    columns: Vec<String>,
    unique: bool,
    predicate: Option<String>,
}

struct ManyArgs {
    name: String,
    link: String,
    this: String,
    other: String,
    target: String,
    /// The link table has its own id and timestamps.
    audit: bool,
}

struct HasManyArgs {
    name: String,
    target: String,
    column: String,
    /// Also a REST relation (a list of ids in Zou's JSON).
    rest: bool,
}

struct BelongsToArgs {
    name: String,
    target: String,
    column: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Base {
    Uuid,
    Text,
    Int,
    BigInt,
    Float,
    Bool,
    Timestamp,
    Date,
    Json,
    TextArray,
    JsonArray,
    Bytes,
    BytesArray,
}

struct FieldDesc {
    ident: Ident,
    ty: Type,
    doc: String,
    base: Base,
    nullable: bool,
    len: u32,
    default: Option<String>,
    fk: Option<String>,
    on_delete: Option<String>,
    rel: Option<String>,
    index: bool,
    unique: bool,
    unique_index: bool,
    secret: bool,
    protected: bool,
    choices: Vec<String>,
    pk: bool,
    pg_type: Option<String>,
    no_gql: bool,
    audit: bool,
    json: Option<String>,
}

fn lit(s: &str) -> LitStr {
    LitStr::new(s, Span::call_site())
}

fn doc_of(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for a in attrs {
        if a.path().is_ident("doc") {
            if let syn::Meta::NameValue(nv) = &a.meta {
                if let Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    lines.push(s.value().trim().to_owned());
                }
            }
        }
    }
    lines.join(" ").trim().to_owned()
}

fn parse_model_args(args: TokenStream2) -> syn::Result<ModelArgs> {
    let mut m = ModelArgs::default();
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        match key.as_str() {
            "table" => m.table = meta.value()?.parse::<LitStr>()?.value(),
            "rest" => m.rest = Some(meta.value()?.parse::<LitStr>()?.value()),
            "plural" => m.plural = Some(meta.value()?.parse::<LitStr>()?.value()),
            "type_name" => m.type_name = Some(meta.value()?.parse::<LitStr>()?.value()),
            "event" => m.event = Some(meta.value()?.parse::<LitStr>()?.value()),
            "rules" => m.rules = Some(meta.value()?.parse::<Expr>()?),
            "extra" => m.extra = Some(meta.value()?.parse::<syn::Path>()?),
            "gql" => m.gql = Some(meta.value()?.parse::<LitStr>()?.value()),
            "zou_type" => m.zou_type = Some(meta.value()?.parse::<Ident>()?),
            "json_extra" => m.json_extra = Some(meta.value()?.parse::<syn::Path>()?),
            "pk" => m.pk = Some(split_list(&meta.value()?.parse::<LitStr>()?.value())),
            "hooks" => m.hooks = true,
            "prefetch_extra" => m.prefetch_extra = true,
            "link" => m.link = true,
            _ => return Err(meta.error(format!("unknown model argument `{key}`"))),
        }
        Ok(())
    });
    parser.parse2(args)?;
    if m.table.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "model needs `table = \"...\"`",
        ));
    }
    Ok(m)
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|x| x.trim().to_owned())
        .filter(|x| !x.is_empty())
        .collect()
}

fn parse_index(a: &Attribute) -> syn::Result<IndexArgs> {
    let mut ix = IndexArgs {
        name: String::new(),
        columns: vec![],
        unique: false,
        predicate: None,
    };
    a.parse_nested_meta(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        match key.as_str() {
            "name" => ix.name = meta.value()?.parse::<LitStr>()?.value(),
            "columns" => ix.columns = split_list(&meta.value()?.parse::<LitStr>()?.value()),
            "unique" => ix.unique = true,
            "predicate" => ix.predicate = Some(meta.value()?.parse::<LitStr>()?.value()),
            _ => return Err(meta.error("unknown index argument")),
        }
        Ok(())
    })?;
    Ok(ix)
}

/// `key = "value"` pairs and bare flags of a relation attribute.
fn relation_args(
    a: &Attribute,
    keys: &[&str],
    flags: &[&str],
) -> syn::Result<std::collections::HashMap<String, String>> {
    let mut out = std::collections::HashMap::new();
    a.parse_nested_meta(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        if flags.contains(&key.as_str()) {
            out.insert(key, "true".into());
        } else if keys.contains(&key.as_str()) {
            out.insert(key, meta.value()?.parse::<LitStr>()?.value());
        } else {
            return Err(meta.error(format!("unknown argument `{key}`")));
        }
        Ok(())
    })?;
    Ok(out)
}

fn parse_many(a: &Attribute) -> syn::Result<ManyArgs> {
    let mut v = relation_args(a, &["name", "link", "this", "other", "target"], &["audit"])?;
    let mut take = |k: &str| v.remove(k).unwrap_or_default();
    Ok(ManyArgs {
        name: take("name"),
        link: take("link"),
        this: take("this"),
        other: take("other"),
        target: take("target"),
        audit: take("audit") == "true",
    })
}

fn parse_has_many(a: &Attribute) -> syn::Result<HasManyArgs> {
    let mut v = relation_args(a, &["name", "target", "column"], &["rest"])?;
    let mut take = |k: &str| v.remove(k).unwrap_or_default();
    Ok(HasManyArgs {
        name: take("name"),
        target: take("target"),
        column: take("column"),
        rest: take("rest") == "true",
    })
}

fn parse_belongs_to(a: &Attribute) -> syn::Result<BelongsToArgs> {
    let mut v = relation_args(a, &["name", "target", "column"], &[])?;
    let mut take = |k: &str| v.remove(k).unwrap_or_default();
    Ok(BelongsToArgs {
        name: take("name"),
        target: take("target"),
        column: take("column"),
    })
}

fn last_segment(ty: &Type) -> Option<(&Ident, &PathArguments)> {
    if let Type::Path(p) = ty {
        p.path.segments.last().map(|s| (&s.ident, &s.arguments))
    } else {
        None
    }
}

fn first_generic(args: &PathArguments) -> Option<&Type> {
    if let PathArguments::AngleBracketed(a) = args {
        a.args.iter().find_map(|g| {
            if let GenericArgument::Type(t) = g {
                Some(t)
            } else {
                None
            }
        })
    } else {
        None
    }
}

/// The base kind and nullability of a Rust field type.
fn classify(ty: &Type) -> syn::Result<(Base, bool)> {
    let err = || syn::Error::new_spanned(ty, "unsupported column type");
    let (id, args) = last_segment(ty).ok_or_else(err)?;
    if id == "Option" {
        let inner = first_generic(args).ok_or_else(err)?;
        let (b, _) = classify(inner)?;
        return Ok((b, true));
    }
    let name = id.unraw().to_string();
    let base = match name.as_str() {
        "Uuid" => Base::Uuid,
        "String" => Base::Text,
        "i32" => Base::Int,
        "i64" => Base::BigInt,
        "f64" => Base::Float,
        "bool" => Base::Bool,
        "NaiveDateTime" => Base::Timestamp,
        "NaiveDate" => Base::Date,
        // `tusk_db::Json`: kept as its text until read (`List<Value>` below).
        "Json" => Base::Json,
        "Vec" => Base::Bytes,
        "List" => {
            let inner = first_generic(args).ok_or_else(err)?;
            let (iid, _) = last_segment(inner).ok_or_else(err)?;
            match iid.unraw().to_string().as_str() {
                "String" => Base::TextArray,
                "Value" => Base::JsonArray,
                "Vec" => Base::BytesArray,
                _ => return Err(err()),
            }
        }
        _ => return Err(err()),
    };
    Ok((base, false))
}

fn parse_field(f: &syn::Field) -> syn::Result<FieldDesc> {
    let ident = f
        .ident
        .clone()
        .ok_or_else(|| syn::Error::new_spanned(f, "named fields only"))?;
    let (base, nullable) = classify(&f.ty)?;
    let mut d = FieldDesc {
        ident,
        ty: f.ty.clone(),
        doc: doc_of(&f.attrs),
        base,
        nullable,
        len: 0,
        default: None,
        fk: None,
        on_delete: None,
        rel: None,
        index: false,
        unique: false,
        unique_index: false,
        secret: false,
        protected: false,
        choices: vec![],
        pk: false,
        pg_type: None,
        no_gql: false,
        audit: false,
        json: None,
    };
    for a in &f.attrs {
        if !a.path().is_ident("col") {
            continue;
        }
        a.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            match key.as_str() {
                "len" => d.len = meta.value()?.parse::<syn::LitInt>()?.base10_parse()?,
                "default" => d.default = Some(meta.value()?.parse::<LitStr>()?.value()),
                "fk" => d.fk = Some(meta.value()?.parse::<LitStr>()?.value()),
                "on_delete" => d.on_delete = Some(meta.value()?.parse::<LitStr>()?.value()),
                "rel" => d.rel = Some(meta.value()?.parse::<LitStr>()?.value()),
                "choices" => d.choices = split_list(&meta.value()?.parse::<LitStr>()?.value()),
                "pg_type" => d.pg_type = Some(meta.value()?.parse::<LitStr>()?.value()),
                "json" => d.json = Some(meta.value()?.parse::<LitStr>()?.value()),
                "index" => d.index = true,
                "unique" => d.unique = true,
                "unique_index" => d.unique_index = true,
                "secret" => d.secret = true,
                "protected" => d.protected = true,
                "pk" => d.pk = true,
                "no_gql" => d.no_gql = true,
                _ => return Err(meta.error(format!("unknown col argument `{key}`"))),
            }
            Ok(())
        })?;
    }
    if matches!(base, Base::Bytes | Base::BytesArray) {
        d.no_gql = true;
    }
    Ok(d)
}

// ---------------------------------------------------------------------------
// Naming

fn pascal(s: &str) -> String {
    s.split(['_', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn camel(s: &str) -> String {
    let p = pascal(s);
    let mut c = p.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn pluralize(s: &str) -> String {
    if s.ends_with('y') && !s.ends_with("ay") && !s.ends_with("ey") && !s.ends_with("oy") {
        format!("{}ies", &s[..s.len() - 1])
    } else if s.ends_with('s') || s.ends_with('x') || s.ends_with("sh") || s.ends_with("ch") {
        format!("{s}es")
    } else {
        format!("{s}s")
    }
}

/// Relation field name of a foreign key column.
fn fk_rel_name(f: &FieldDesc) -> String {
    if let Some(r) = &f.rel {
        return r.clone();
    }
    let n = f.ident.unraw().to_string();
    match n.strip_suffix("_id") {
        Some(base) => base.to_owned(),
        None => format!("{}_{}", n, f.fk.as_deref().unwrap_or("row")),
    }
}

fn model_type(table: &str) -> syn::Path {
    let id = format_ident!("{}", pascal(table));
    syn::parse_quote!(crate::models::#id)
}

// ---------------------------------------------------------------------------
// Expansion

fn base_kind(f: &FieldDesc) -> TokenStream2 {
    let len = f.len;
    match f.base {
        Base::Uuid => quote!(::tusk_db::Kind::Uuid),
        Base::Text => quote!(::tusk_db::Kind::Text(#len)),
        Base::Int => quote!(::tusk_db::Kind::Int),
        Base::BigInt => quote!(::tusk_db::Kind::BigInt),
        Base::Float => quote!(::tusk_db::Kind::Float),
        Base::Bool => quote!(::tusk_db::Kind::Bool),
        Base::Timestamp => quote!(::tusk_db::Kind::Timestamp),
        Base::Date => quote!(::tusk_db::Kind::Date),
        Base::Json => quote!(::tusk_db::Kind::Json),
        Base::TextArray => quote!(::tusk_db::Kind::TextArray),
        Base::JsonArray => quote!(::tusk_db::Kind::JsonArray),
        Base::Bytes => quote!(::tusk_db::Kind::Bytes),
        Base::BytesArray => quote!(::tusk_db::Kind::BytesArray),
    }
}

fn variant(b: Base) -> Ident {
    format_ident!(
        "{}",
        match b {
            Base::Uuid => "Uuid",
            Base::Text => "Text",
            Base::Int => "Int",
            Base::BigInt => "BigInt",
            Base::Float => "Float",
            Base::Bool => "Bool",
            Base::Timestamp => "Timestamp",
            Base::Date => "Date",
            Base::Json => "Json",
            Base::TextArray => "TextArray",
            Base::JsonArray => "JsonArray",
            Base::Bytes => "Bytes",
            Base::BytesArray => "BytesArray",
        }
    )
}

/// `SqlValue` of a field (by reference to `self`).
fn to_sql_value(f: &FieldDesc) -> TokenStream2 {
    let id = &f.ident;
    let v = variant(f.base);
    let inner = match f.base {
        Base::TextArray | Base::JsonArray | Base::BytesArray => {
            if f.nullable {
                quote!(self.#id.as_ref().map(|l| l.0.clone()))
            } else {
                quote!(Some(self.#id.0.clone()))
            }
        }
        Base::Json => {
            if f.nullable {
                quote!(self.#id.as_ref().map(::tusk_db::Json::value))
            } else {
                quote!(Some(self.#id.value()))
            }
        }
        _ => {
            if f.nullable {
                quote!(self.#id.clone())
            } else {
                quote!(Some(self.#id.clone()))
            }
        }
    };
    quote!(::tusk_db::SqlValue::#v(#inner))
}

/// Serialize one field into Zou's JSON (datetimes without fractions).
fn ser_field(f: &FieldDesc) -> TokenStream2 {
    let id = &f.ident;
    let key = lit(f.json.as_deref().unwrap_or(&id.unraw().to_string()));
    let out = quote!(::tusk_db::out::Out);
    let put = match (f.base, f.nullable) {
        (Base::Timestamp, false) => quote!(#out::put_datetime(out, #key, &self.#id)),
        (Base::Timestamp, true) => quote!(#out::put_opt_datetime(out, #key, &self.#id)),
        (Base::Date, false) => {
            quote!(#out::put(out, #key, &self.#id.format("%Y-%m-%d").to_string()))
        }
        (Base::Date, true) => quote!(#out::put(
            out,
            #key,
            &self.#id.as_ref().map(|d| d.format("%Y-%m-%d").to_string())
        )),
        (Base::Uuid, false) => quote!(#out::put_id(out, #key, &self.#id)),
        (Base::Uuid, true) => quote!(#out::put_opt_id(out, #key, &self.#id)),
        _ => quote!(#out::put(out, #key, &self.#id)),
    };
    quote! {
        if keep(#key) { #put?; }
    }
}

/// GraphQL output type and expression for a column field.
fn gql_out(f: &FieldDesc) -> (TokenStream2, TokenStream2) {
    let id = &f.ident;
    let n = f.nullable;
    let ag = quote!(::tusk_db::__private::async_graphql);
    match f.base {
        Base::Uuid => {
            if n {
                (
                    quote!(Option<#ag::ID>),
                    quote!(self.#id.map(|u| #ag::ID(u.to_string()))),
                )
            } else {
                (quote!(#ag::ID), quote!(#ag::ID(self.#id.to_string())))
            }
        }
        Base::Text => {
            if n {
                (quote!(Option<&str>), quote!(self.#id.as_deref()))
            } else {
                (quote!(&str), quote!(self.#id.as_str()))
            }
        }
        Base::Json => {
            if n {
                (
                    quote!(Option<#ag::Json<::serde_json::Value>>),
                    quote!(self.#id.as_ref().map(|j| #ag::Json(j.value()))),
                )
            } else {
                (
                    quote!(#ag::Json<::serde_json::Value>),
                    quote!(#ag::Json(self.#id.value())),
                )
            }
        }
        Base::TextArray => {
            if n {
                (
                    quote!(Option<Vec<String>>),
                    quote!(self.#id.as_ref().map(|l| l.0.clone())),
                )
            } else {
                (quote!(Vec<String>), quote!(self.#id.0.clone()))
            }
        }
        Base::JsonArray => {
            let conv = quote!(l.0.iter().cloned().map(#ag::Json).collect::<Vec<_>>());
            if n {
                (
                    quote!(Option<Vec<#ag::Json<::serde_json::Value>>>),
                    quote!(self.#id.as_ref().map(|l| #conv)),
                )
            } else {
                (
                    quote!(Vec<#ag::Json<::serde_json::Value>>),
                    quote!({ let l = &self.#id; #conv }),
                )
            }
        }
        _ => {
            let ty = &f.ty;
            (quote!(#ty), quote!(self.#id.clone()))
        }
    }
}

/// GraphQL input type of a column, and how to turn a value of it into an
/// `SqlValue` (expression over `v`, which is the non-null inner value).
fn gql_in(f: &FieldDesc) -> (TokenStream2, TokenStream2) {
    let ag = quote!(::tusk_db::__private::async_graphql);
    match f.base {
        Base::Uuid => (
            quote!(#ag::ID),
            quote!(::tusk_db::SqlValue::Uuid(Some(
                ::tusk_db::value::parse_uuid(v.as_str())?
            ))),
        ),
        Base::Text => (
            quote!(String),
            quote!(::tusk_db::SqlValue::Text(Some(v.clone()))),
        ),
        Base::Int => (quote!(i32), quote!(::tusk_db::SqlValue::Int(Some(*v)))),
        Base::BigInt => (quote!(i64), quote!(::tusk_db::SqlValue::BigInt(Some(*v)))),
        Base::Float => (quote!(f64), quote!(::tusk_db::SqlValue::Float(Some(*v)))),
        Base::Bool => (quote!(bool), quote!(::tusk_db::SqlValue::Bool(Some(*v)))),
        Base::Timestamp => (
            quote!(::chrono::NaiveDateTime),
            quote!(::tusk_db::SqlValue::Timestamp(Some(*v))),
        ),
        Base::Date => (
            quote!(::chrono::NaiveDate),
            quote!(::tusk_db::SqlValue::Date(Some(*v))),
        ),
        Base::Json => (
            quote!(#ag::Json<::serde_json::Value>),
            quote!(::tusk_db::SqlValue::Json(Some(v.0.clone()))),
        ),
        Base::TextArray => (
            quote!(Vec<String>),
            quote!(::tusk_db::SqlValue::TextArray(Some(v.clone()))),
        ),
        Base::JsonArray => (
            quote!(Vec<#ag::Json<::serde_json::Value>>),
            quote!(::tusk_db::SqlValue::JsonArray(Some(
                v.iter().map(|j| j.0.clone()).collect()
            ))),
        ),
        Base::Bytes | Base::BytesArray => (quote!(String), quote!(unreachable!())),
    }
}

fn filter_type(b: Base) -> Option<TokenStream2> {
    Some(match b {
        Base::Uuid => quote!(::tusk_db::filter::IdFilter),
        Base::Text => quote!(::tusk_db::filter::StringFilter),
        Base::Int => quote!(::tusk_db::filter::IntFilter),
        Base::BigInt => quote!(::tusk_db::filter::BigIntFilter),
        Base::Float => quote!(::tusk_db::filter::FloatFilter),
        Base::Bool => quote!(::tusk_db::filter::BoolFilter),
        Base::Timestamp => quote!(::tusk_db::filter::DateTimeFilter),
        Base::Date => quote!(::tusk_db::filter::DateFilter),
        Base::Json => quote!(Vec<::tusk_db::filter::JsonFilter>),
        _ => return None,
    })
}

fn expand(args: TokenStream2, item: ItemStruct) -> syn::Result<TokenStream2> {
    let m = parse_model_args(args)?;
    let vis = &item.vis;
    let name = &item.ident;
    let name_s = name.to_string();
    let table = &m.table;
    let doc = doc_of(&item.attrs);

    // Struct attributes of ours, then the rest (kept on the struct).
    let mut indexes = Vec::new();
    let mut manys = Vec::new();
    let mut has_manys = Vec::new();
    let mut belongs = Vec::new();
    let mut kept_attrs = Vec::new();
    for a in &item.attrs {
        if a.path().is_ident("index") {
            indexes.push(parse_index(a)?);
        } else if a.path().is_ident("many") {
            manys.push(parse_many(a)?);
        } else if a.path().is_ident("has_many") {
            has_manys.push(parse_has_many(a)?);
        } else if a.path().is_ident("belongs_to") {
            belongs.push(parse_belongs_to(a)?);
        } else {
            kept_attrs.push(a.clone());
        }
    }

    let Fields::Named(named) = &item.fields else {
        return Err(syn::Error::new_spanned(&item, "model needs named fields"));
    };
    let mut fields: Vec<FieldDesc> = named
        .named
        .iter()
        .map(parse_field)
        .collect::<syn::Result<_>>()?;
    let audit = !m.link;
    if audit {
        let mk = |n: &str, ty: Type, base: Base, doc: &str| FieldDesc {
            ident: format_ident!("{}", n),
            ty,
            doc: doc.into(),
            base,
            nullable: false,
            len: 0,
            default: None,
            fk: None,
            on_delete: None,
            rel: None,
            index: false,
            unique: false,
            unique_index: false,
            secret: false,
            protected: false,
            choices: vec![],
            pk: n == "id",
            pg_type: None,
            no_gql: false,
            audit: true,
            json: None,
        };
        fields.insert(
            0,
            mk(
                "id",
                syn::parse_quote!(::uuid::Uuid),
                Base::Uuid,
                "Unique id.",
            ),
        );
        fields.push(mk(
            "created_at",
            syn::parse_quote!(::chrono::NaiveDateTime),
            Base::Timestamp,
            "When the row was created (naive UTC).",
        ));
        fields.push(mk(
            "updated_at",
            syn::parse_quote!(::chrono::NaiveDateTime),
            Base::Timestamp,
            "When the row last changed (naive UTC).",
        ));
    }

    // --- the struct
    let struct_fields = fields.iter().map(|f| {
        let id = &f.ident;
        let ty = &f.ty;
        let d = &f.doc;
        let docattr = if d.is_empty() {
            quote!()
        } else {
            quote!(#[doc = #d])
        };
        quote!(#docattr pub #id: #ty)
    });
    let struct_def = quote! {
        #(#kept_attrs)*
        #[derive(Clone, Debug)]
        #vis struct #name { #(#struct_fields,)* }
    };

    // --- metadata
    let columns = fields.iter().map(|f| {
        let n = lit(&f.ident.unraw().to_string());
        let g = lit(&camel(&f.ident.unraw().to_string()));
        let kind = base_kind(f);
        let nullable = f.nullable;
        let default = match &f.default {
            Some(d) => {
                let d = lit(d);
                quote!(Some(#d))
            }
            None => quote!(None),
        };
        let fk = match &f.fk {
            Some(t) => {
                let t = lit(t);
                let od = match &f.on_delete {
                    Some(o) => {
                        let o = lit(o);
                        quote!(Some(#o))
                    }
                    None => quote!(None),
                };
                quote!(Some(::tusk_db::model::Fk { table: #t, column: "id", on_delete: #od }))
            }
            None => quote!(None),
        };
        let choices = f.choices.iter().map(|c| lit(c));
        let secret = f.secret;
        let protected = f.protected;
        let pg_type = match &f.pg_type {
            Some(t) => {
                let t = lit(t);
                quote!(Some(#t))
            }
            None => quote!(None),
        };
        let json = lit(f.json.as_deref().unwrap_or(&f.ident.unraw().to_string()));
        quote! {
            ::tusk_db::model::Column {
                name: #n, gql: #g, kind: #kind, nullable: #nullable, default: #default,
                fk: #fk, choices: &[#(#choices),*], secret: #secret, pg_type: #pg_type,
                protected: #protected, json: #json,
            }
        }
    });
    let mut all_indexes: Vec<(String, Vec<String>, bool, Option<String>)> = Vec::new();
    for f in &fields {
        let c = f.ident.unraw().to_string();
        if f.unique {
            all_indexes.push((format!("{table}_{c}_key"), vec![c.clone()], true, None));
        }
        if f.unique_index {
            all_indexes.push((format!("ix_{table}_{c}"), vec![c.clone()], true, None));
        }
        if f.index {
            all_indexes.push((format!("ix_{table}_{c}"), vec![c.clone()], false, None));
        }
    }
    for ix in &indexes {
        all_indexes.push((
            ix.name.clone(),
            ix.columns.clone(),
            ix.unique,
            ix.predicate.clone(),
        ));
    }
    let index_tokens = all_indexes.iter().map(|(n, cols, u, p)| {
        let n = lit(n);
        let cols = cols.iter().map(|c| lit(c));
        let p = match p {
            Some(p) => {
                let p = lit(p);
                quote!(Some(#p))
            }
            None => quote!(None),
        };
        quote!(::tusk_db::model::Index { name: #n, columns: &[#(#cols),*], unique: #u, predicate: #p })
    });
    let pk: Vec<LitStr> = match &m.pk {
        Some(v) => v.iter().map(|s| lit(s)).collect(),
        None => vec![lit("id")],
    };
    let many_tokens = manys.iter().map(|mm| {
        let n = lit(&mm.name);
        let g = lit(&camel(&mm.name));
        let (l, t, o, tt) = (lit(&mm.link), lit(&mm.this), lit(&mm.other), lit(&mm.target));
        let audit = mm.audit;
        quote!(::tusk_db::model::ManyToMany { name: #n, gql: #g, link_table: #l, this: #t, other: #o, target_table: #tt, link_audit: #audit })
    });
    let rest_rels = has_manys
        .iter()
        .filter(|h| h.rest)
        .map(|h| {
            let (n, t, c) = (lit(&h.name), lit(&h.target), lit(&h.column));
            quote!(::tusk_db::model::RestRelation::OneToMany { name: #n, table: #t, column: #c })
        })
        .chain(belongs.iter().map(|b| {
            let (n, c) = (lit(&b.name), lit(&b.column));
            let target = model_type(&b.target);
            quote!(::tusk_db::model::RestRelation::ManyToOne {
                name: #n,
                column: #c,
                load: |db, ids| Box::pin(::tusk_db::zou::rows_json::<#target>(db, ids)),
            })
        }))
        .collect::<Vec<_>>();
    let type_name = lit(m.type_name.as_deref().unwrap_or(&name_s));
    let gql_name = lit(m.gql.as_deref().unwrap_or(&name_s));
    let event = lit(m.event.as_deref().unwrap_or(&table.replace('_', "-")));
    let rest = match &m.rest {
        Some(r) => {
            let r = lit(r);
            quote!(Some(#r))
        }
        None => quote!(None),
    };
    let rules = match &m.rules {
        Some(r) => quote!(#r),
        None => quote!(::tusk_db::policy::Rules::ADMIN),
    };
    let table_lit = lit(table);
    let doc_lit = lit(&doc);

    // --- decoding
    let gets = |decode: TokenStream2| -> Vec<TokenStream2> {
        fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let id = &f.ident;
            let ty = &f.ty;
            // Datetimes (hand-parsed on SQLite) and JSON (kept as text)
            // through `tusk_db::Column`; the rest as sqlx decodes them,
            // type-checked.
            let name = quote!(#ty).to_string().replace(' ', "");
            if f.base == Base::Json || matches!(name.as_str(), "NaiveDateTime" | "Option<NaiveDateTime>" | "chrono::NaiveDateTime" | "Option<chrono::NaiveDateTime>") {
                quote!(#id: <#ty as ::tusk_db::Column>::#decode(row, offset + #i)?)
            } else {
                quote!(#id: ::tusk_db::__private::sqlx::Row::try_get::<#ty, _>(row, offset + #i)?)
            }
        })
        .collect()
    };
    let gets_sqlite = gets(quote!(from_sqlite));
    let gets_pg = gets(quote!(from_pg));
    // In place on SQLite (`tusk_db::direct`): every column through `Column`.
    let gets_ref: Vec<TokenStream2> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let id = &f.ident;
            let ty = &f.ty;
            quote!(#id: <#ty as ::tusk_db::Column>::from_sqlite_ref(row, offset + #i)?)
        })
        .collect();

    let id_expr = if audit {
        quote!(self.id)
    } else {
        quote!(::uuid::Uuid::nil())
    };
    let get_arms = fields.iter().map(|f| {
        let n = lit(&f.ident.unraw().to_string());
        let v = to_sql_value(f);
        quote!(#n => Some(#v))
    });

    // --- Zou JSON: model columns first, then id, created_at, updated_at, type.
    let sers_main: Vec<TokenStream2> = fields
        .iter()
        .filter(|f| !f.audit && !f.secret)
        .map(ser_field)
        .collect();
    let sers_audit: Vec<TokenStream2> = fields.iter().filter(|f| f.audit).map(ser_field).collect();
    let json_extra = match &m.json_extra {
        Some(p) => quote!(#p(self, out, keep)?;),
        None => quote!(),
    };

    let zou_type_fn = match &m.zou_type {
        Some(f) => quote!(fn zou_type(&self) -> &str { self.#f() }),
        None => quote!(),
    };
    let hooks_impl = if m.hooks {
        quote!()
    } else {
        quote!(impl ::tusk_db::Hooks for #name {})
    };

    let base = quote! {
        #struct_def

        impl ::tusk_db::Model for #name {
            const META: &'static ::tusk_db::TableMeta = &::tusk_db::TableMeta {
                table: #table_lit,
                type_name: #type_name,
                gql_name: #gql_name,
                event: #event,
                rest: #rest,
                doc: #doc_lit,
                audit: #audit,
                columns: &[#(#columns),*],
                primary_key: &[#(#pk),*],
                indexes: &[#(#index_tokens),*],
                many: &[#(#many_tokens),*],
                rest_relations: &[#(#rest_rels),*],
                rules: #rules,
            };

            fn decode_sqlite_at(row: &::tusk_db::__private::sqlx::sqlite::SqliteRow, offset: usize) -> ::std::result::Result<Self, ::tusk_db::__private::sqlx::Error> {
                Ok(#name { #(#gets_sqlite,)* })
            }

            fn decode_pg_at(row: &::tusk_db::__private::sqlx::postgres::PgRow, offset: usize) -> ::std::result::Result<Self, ::tusk_db::__private::sqlx::Error> {
                Ok(#name { #(#gets_pg,)* })
            }

            fn decode_sqlite_ref_at(row: &::tusk_db::__private::rusqlite::Row<'_>, offset: usize) -> ::tusk_db::__private::rusqlite::Result<Self> {
                Ok(#name { #(#gets_ref,)* })
            }

            fn id(&self) -> ::uuid::Uuid { #id_expr }

            #zou_type_fn

            fn get(&self, column: &str) -> Option<::tusk_db::SqlValue> {
                match column {
                    #(#get_arms,)*
                    _ => None,
                }
            }
        }

        impl ::tusk_db::FromSqlRow for #name {
            fn from_sqlite(row: &::tusk_db::__private::sqlx::sqlite::SqliteRow) -> ::std::result::Result<Self, ::tusk_db::__private::sqlx::Error> {
                <Self as ::tusk_db::Model>::decode_sqlite_at(row, 0)
            }
            fn from_pg(row: &::tusk_db::__private::sqlx::postgres::PgRow) -> ::std::result::Result<Self, ::tusk_db::__private::sqlx::Error> {
                <Self as ::tusk_db::Model>::decode_pg_at(row, 0)
            }
            const IN_PLACE: bool = true;
            fn from_sqlite_ref(row: &::tusk_db::__private::rusqlite::Row<'_>) -> ::tusk_db::__private::rusqlite::Result<Self> {
                <Self as ::tusk_db::Model>::decode_sqlite_ref_at(row, 0)
            }
        }

        impl ::tusk_db::ZouJson for #name {
            fn write_fields<O: ::tusk_db::out::Out>(
                &self,
                out: &mut O,
                keep: &dyn Fn(&str) -> bool,
            ) -> ::std::result::Result<(), O::Error> {
                #(#sers_main)*
                #json_extra
                #(#sers_audit)*
                Ok(())
            }
        }

        impl ::tusk_db::__private::serde::Serialize for #name {
            fn serialize<S: ::tusk_db::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::tusk_db::__private::serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                ::tusk_db::ZouJson::write_fields(self, &mut ::tusk_db::out::MapOut(&mut map), &|_| true)?;
                map.serialize_entry("type", ::tusk_db::Model::zou_type(self))?;
                map.end()
            }
        }

        #hooks_impl
    };

    if m.link {
        return Ok(base);
    }

    // ----------------------------------------------------------------- GraphQL
    let ag = quote!(::tusk_db::__private::async_graphql);
    let gql_fields: Vec<&FieldDesc> = fields.iter().filter(|f| !f.secret && !f.no_gql).collect();

    let col_resolvers = gql_fields.iter().map(|f| {
        let g = lit(&camel(&f.ident.unraw().to_string()));
        let m_ident = format_ident!("__gql_{}", f.ident.unraw());
        let (ty, expr) = gql_out(f);
        let d = if f.doc.is_empty() {
            quote!()
        } else {
            let d = &f.doc;
            quote!(#[doc = #d])
        };
        quote! {
            #d
            #[graphql(name = #g)]
            async fn #m_ident(&self) -> #ty { #expr }
        }
    });

    // Foreign-key relations.
    let fk_fields: Vec<&FieldDesc> = fields
        .iter()
        .filter(|f| f.fk.is_some() && f.base == Base::Uuid && !f.no_gql)
        .collect();
    let fk_resolvers = fk_fields.iter().map(|f| {
        let rel = fk_rel_name(f);
        let g = lit(&camel(&rel));
        let m_ident = format_ident!("__gql_rel_{}", rel);
        let target = model_type(f.fk.as_deref().unwrap_or_default());
        let id = &f.ident;
        let arg = if f.nullable {
            quote!(self.#id)
        } else {
            quote!(Some(self.#id))
        };
        let doc = format!("The row `{}` points to.", f.ident);
        quote! {
            #[doc = #doc]
            #[graphql(name = #g)]
            async fn #m_ident(&self, ctx: &#ag::Context<'_>) -> #ag::Result<Option<#target>> {
                ::tusk_db::loaders::by_id::<#target>(ctx, #arg).await
            }
        }
    });
    let many_resolvers = manys.iter().enumerate().map(|(i, mm)| {
        let g = lit(&camel(&mm.name));
        let m_ident = format_ident!("__gql_many_{}", mm.name);
        let target = model_type(&mm.target);
        let doc = format!("Linked through `{}`.", mm.link);
        quote! {
            #[doc = #doc]
            #[graphql(name = #g)]
            async fn #m_ident(&self, ctx: &#ag::Context<'_>) -> #ag::Result<::std::sync::Arc<Vec<#target>>> {
                let rel = &<Self as ::tusk_db::Model>::META.many[#i];
                ::tusk_db::loaders::linked::<#target>(ctx, rel, self.id).await
            }
        }
    });
    let has_many_resolvers = has_manys.iter().map(|h| {
        let g = lit(&camel(&h.name));
        let m_ident = format_ident!("__gql_has_{}", h.name);
        let target = model_type(&h.target);
        let col = lit(&h.column);
        let doc = format!("Rows of `{}` whose `{}` is this row.", h.target, h.column);
        quote! {
            #[doc = #doc]
            #[graphql(name = #g)]
            async fn #m_ident(&self, ctx: &#ag::Context<'_>) -> #ag::Result<::std::sync::Arc<Vec<#target>>> {
                ::tusk_db::loaders::by_column::<#target>(ctx, #col, self.id).await
            }
        }
    });
    let extra_resolver = match &m.extra {
        Some(p) => quote! {
            #[graphql(flatten)]
            async fn __gql_extra(&self) -> #p<'_> { #p(self) }
        },
        None => quote!(),
    };
    let obj_doc = if doc.is_empty() {
        quote!()
    } else {
        quote!(#[doc = #doc])
    };
    let object = quote! {
        #obj_doc
        #[#ag::Object(name = #gql_name)]
        impl #name {
            #(#col_resolvers)*
            #(#fk_resolvers)*
            #(#many_resolvers)*
            #(#has_many_resolvers)*
            #extra_resolver
        }
    };

    // Prefetch.
    let pf_fk = fk_fields.iter().map(|f| {
        let g = lit(&camel(&fk_rel_name(f)));
        let target = model_type(f.fk.as_deref().unwrap_or_default());
        let id = &f.ident;
        let ids = if f.nullable {
            quote!(rows.iter().filter_map(|r| r.#id))
        } else {
            quote!(rows.iter().map(|r| r.#id))
        };
        quote!(::tusk_db::loaders::prefetch_fk::<#target>(loaders, look.field(#g), #ids).await?;)
    });
    let pf_many = manys.iter().enumerate().map(|(i, mm)| {
        let g = lit(&camel(&mm.name));
        let target = model_type(&mm.target);
        quote!(::tusk_db::loaders::prefetch_linked::<#target>(loaders, look.field(#g), &<Self as ::tusk_db::Model>::META.many[#i], rows.iter().map(|r| r.id)).await?;)
    });
    let pf_has = has_manys.iter().map(|h| {
        let g = lit(&camel(&h.name));
        let target = model_type(&h.target);
        let col = lit(&h.column);
        quote!(::tusk_db::loaders::prefetch_column::<#target>(loaders, look.field(#g), #col, rows.iter().map(|r| r.id)).await?;)
    });
    let prefetch_extra_impl = if m.prefetch_extra {
        quote!()
    } else {
        quote!(impl ::tusk_db::loaders::PrefetchExtra for #name {})
    };
    let prefetch = quote! {
        #prefetch_extra_impl

        impl ::tusk_db::loaders::Prefetch for #name {
            fn prefetch<'a>(
                loaders: &'a ::tusk_db::loaders::Loaders,
                look: &'a #ag::Lookahead<'a>,
                rows: &'a [Self],
            ) -> ::tusk_db::__private::futures::future::BoxFuture<'a, #ag::Result<()>> {
                Box::pin(async move {
                    if rows.is_empty() || !look.exists() { return Ok(()); }
                    let _ = loaders;
                    #(#pf_fk)*
                    #(#pf_many)*
                    #(#pf_has)*
                    <Self as ::tusk_db::loaders::PrefetchExtra>::prefetch_extra(loaders, look, rows).await
                })
            }
        }
    };

    // Filter input.
    let filter_name = format_ident!("{}Filter", name);
    let filter_gql = lit(&format!("{name_s}Filter"));
    let filterable: Vec<&FieldDesc> = fields
        .iter()
        .filter(|f| !f.secret && filter_type(f.base).is_some())
        .collect();
    let filter_fields = filterable.iter().map(|f| {
        let id = &f.ident;
        let t = filter_type(f.base);
        quote!(pub #id: Option<#t>)
    });
    let filter_preds = filterable.iter().map(|f| {
        let id = &f.ident;
        let n = lit(&id.unraw().to_string());
        if f.base == Base::Json {
            quote! {
                if let Some(v) = &self.#id {
                    preds.push(::tusk_db::filter::json_filters(::tusk_db::filter::col(meta, #n), v)?);
                }
            }
        } else {
            quote! {
                if let Some(v) = &self.#id {
                    preds.push(::tusk_db::filter::ColumnFilter::to_pred(v, ::tusk_db::filter::col(meta, #n))?);
                }
            }
        }
    });
    let filter_doc =
        format!("Filter on `{table}` rows: every column, combined with `and`, `or`, `not`.");
    let filter = quote! {
        #[doc = #filter_doc]
        #[derive(#ag::InputObject, Default, Clone, Debug)]
        #[graphql(name = #filter_gql)]
        pub struct #filter_name {
            #(#filter_fields,)*
            pub and: Option<Vec<#filter_name>>,
            pub or: Option<Vec<#filter_name>>,
            pub not: Option<Box<#filter_name>>,
        }

        impl #filter_name {
            pub fn to_pred(&self) -> ::tusk_db::Result<::tusk_db::filter::Pred> {
                let meta = <#name as ::tusk_db::Model>::META;
                let mut preds = Vec::new();
                #(#filter_preds)*
                if let Some(v) = &self.and {
                    preds.push(::tusk_db::filter::Pred::and(v.iter().map(|f| f.to_pred()).collect::<::tusk_db::Result<_>>()?));
                }
                if let Some(v) = &self.or {
                    preds.push(::tusk_db::filter::Pred::Or(v.iter().map(|f| f.to_pred()).collect::<::tusk_db::Result<_>>()?));
                }
                if let Some(v) = &self.not {
                    preds.push(::tusk_db::filter::Pred::Not(Box::new(v.to_pred()?)));
                }
                Ok(::tusk_db::filter::Pred::and(preds))
            }
        }
    };

    // Order.
    let order_enum = format_ident!("{}OrderField", name);
    let order_enum_gql = lit(&format!("{name_s}OrderField"));
    let order_input = format_ident!("{}OrderBy", name);
    let order_input_gql = lit(&format!("{name_s}OrderBy"));
    let orderable: Vec<&FieldDesc> = fields
        .iter()
        .filter(|f| {
            !f.secret
                && !matches!(
                    f.base,
                    Base::Json | Base::TextArray | Base::JsonArray | Base::Bytes | Base::BytesArray
                )
        })
        .collect();
    let order_variants: Vec<Ident> = orderable
        .iter()
        .map(|f| format_ident!("{}", pascal(&f.ident.unraw().to_string())))
        .collect();
    let order_names: Vec<LitStr> = orderable
        .iter()
        .map(|f| lit(&f.ident.unraw().to_string()))
        .collect();
    let order = quote! {
        #[derive(#ag::Enum, Copy, Clone, Eq, PartialEq, Debug)]
        #[graphql(name = #order_enum_gql)]
        pub enum #order_enum { #(#order_variants,)* }

        impl #order_enum {
            pub fn column(self) -> &'static ::tusk_db::model::Column {
                let n = match self { #(Self::#order_variants => #order_names,)* };
                ::tusk_db::filter::col(<#name as ::tusk_db::Model>::META, n)
            }
        }

        #[derive(#ag::InputObject, Clone, Copy, Debug)]
        #[graphql(name = #order_input_gql)]
        pub struct #order_input {
            pub field: #order_enum,
            #[graphql(default)]
            pub direction: ::tusk_db::connection::OrderDirection,
        }
    };

    // Create and update inputs.
    let writable: Vec<&FieldDesc> = fields
        .iter()
        .filter(|f| !f.audit && !f.secret && !f.no_gql)
        .collect();
    let create_name = format_ident!("{}CreateInput", name);
    let create_gql = lit(&format!("{name_s}CreateInput"));
    let update_name = format_ident!("{}UpdateInput", name);
    let update_gql = lit(&format!("{name_s}UpdateInput"));
    let create_fields = writable.iter().map(|f| {
        let id = &f.ident;
        let (t, _) = gql_in(f);
        let required = !f.nullable && f.default.is_none() && f.base != Base::Bool;
        if required {
            quote!(pub #id: #t)
        } else {
            quote!(pub #id: Option<#t>)
        }
    });
    let create_assign = writable.iter().map(|f| {
        let id = &f.ident;
        let n = lit(&id.unraw().to_string());
        let (_, conv) = gql_in(f);
        let required = !f.nullable && f.default.is_none() && f.base != Base::Bool;
        if required {
            quote! { { let v = &self.#id; out.push((::tusk_db::filter::col(meta, #n), #conv)); } }
        } else {
            quote! { if let Some(v) = &self.#id { out.push((::tusk_db::filter::col(meta, #n), #conv)); } }
        }
    });
    let update_fields = writable.iter().map(|f| {
        let id = &f.ident;
        let (t, _) = gql_in(f);
        if f.nullable {
            quote!(#[graphql(default)] pub #id: #ag::MaybeUndefined<#t>)
        } else {
            quote!(pub #id: Option<#t>)
        }
    });
    let update_assign = writable.iter().map(|f| {
        let id = &f.ident;
        let n = lit(&id.unraw().to_string());
        let (_, conv) = gql_in(f);
        let kind = base_kind(f);
        if f.nullable {
            quote! {
                match &self.#id {
                    #ag::MaybeUndefined::Undefined => {}
                    #ag::MaybeUndefined::Null => out.push((::tusk_db::filter::col(meta, #n), ::tusk_db::SqlValue::null(#kind))),
                    #ag::MaybeUndefined::Value(v) => out.push((::tusk_db::filter::col(meta, #n), #conv)),
                }
            }
        } else {
            quote! { if let Some(v) = &self.#id { out.push((::tusk_db::filter::col(meta, #n), #conv)); } }
        }
    });
    let inputs = quote! {
        #[derive(#ag::InputObject, Clone, Debug)]
        #[graphql(name = #create_gql)]
        pub struct #create_name { #(#create_fields,)* }

        impl #create_name {
            pub fn assignments(&self) -> ::tusk_db::Result<::tusk_db::Assignments> {
                let meta = <#name as ::tusk_db::Model>::META;
                let mut out = Vec::new();
                #(#create_assign)*
                Ok(out)
            }
        }

        #[derive(#ag::InputObject, Clone, Debug, Default)]
        #[graphql(name = #update_gql)]
        pub struct #update_name { #(#update_fields,)* }

        impl #update_name {
            pub fn assignments(&self) -> ::tusk_db::Result<::tusk_db::Assignments> {
                let meta = <#name as ::tusk_db::Model>::META;
                let mut out = Vec::new();
                #(#update_assign)*
                Ok(out)
            }
        }
    };

    // Root fields.
    let singular = camel(table);
    let plural_snake = m.plural.clone().unwrap_or_else(|| pluralize(table));
    let plural = camel(&plural_snake);
    let q_struct = format_ident!("{}Query", name);
    let m_struct = format_ident!("{}Mutation", name);
    let one_field = format_ident!("__q_{}", table);
    let list_field = format_ident!("__q_{}_list", table);
    let (one_lit, list_lit) = (lit(&singular), lit(&plural));
    let create_lit = lit(&format!("create{}", pascal(table)));
    let update_lit = lit(&format!("update{}", pascal(table)));
    let delete_lit = lit(&format!("delete{}", pascal(table)));
    let one_doc =
        format!("One `{table}` row by id, or null if it does not exist or is not visible.");
    let list_doc = format!("`{table}` rows the caller may see: filtered, ordered, paged (Relay cursors), optionally only those changed since a time.");
    let roots = quote! {
        #[derive(Default)]
        pub struct #q_struct;

        #[#ag::Object]
        impl #q_struct {
            #[doc = #one_doc]
            #[graphql(name = #one_lit)]
            async fn #one_field(&self, ctx: &#ag::Context<'_>, id: #ag::ID) -> #ag::Result<Option<#name>> {
                let s = ctx.data::<::tusk_db::Session>()?;
                let id = ::tusk_db::value::parse_uuid(id.as_str())?;
                ::tusk_db::connection::resolve_one::<#name>(ctx, s, id).await
            }

            #[doc = #list_doc]
            #[graphql(name = #list_lit, complexity = "(first.or(last).unwrap_or(100).max(1) as usize) * child_complexity")]
            #[allow(clippy::too_many_arguments)]
            async fn #list_field(
                &self,
                ctx: &#ag::Context<'_>,
                filter: Option<#filter_name>,
                order_by: Option<#order_input>,
                updated_since: Option<::chrono::NaiveDateTime>,
                first: Option<i32>,
                after: Option<String>,
                last: Option<i32>,
                before: Option<String>,
            ) -> #ag::Result<::tusk_db::connection::Conn<#name>> {
                let s = ctx.data::<::tusk_db::Session>()?;
                let pred = filter.map(|f| f.to_pred()).transpose()?;
                let order = order_by.map(|o| (o.field.column(), o.direction == ::tusk_db::connection::OrderDirection::Desc));
                let page = ::tusk_db::connection::Page { first, after, last, before, updated_since };
                ::tusk_db::connection::resolve::<#name>(ctx, s, pred, order, page).await
            }
        }

        #[derive(Default)]
        pub struct #m_struct;

        #[#ag::Object]
        impl #m_struct {
            #[graphql(name = #create_lit)]
            async fn __create(&self, ctx: &#ag::Context<'_>, input: #create_name) -> #ag::Result<#name> {
                let s = ctx.data::<::tusk_db::Session>()?;
                Ok(::tusk_db::engine::create::<#name>(s, input.assignments()?).await?)
            }

            #[graphql(name = #update_lit)]
            async fn __update(&self, ctx: &#ag::Context<'_>, id: #ag::ID, input: #update_name) -> #ag::Result<#name> {
                let s = ctx.data::<::tusk_db::Session>()?;
                let id = ::tusk_db::value::parse_uuid(id.as_str())?;
                Ok(::tusk_db::engine::update::<#name>(s, id, input.assignments()?).await?)
            }

            /// Delete the row; returns its id.
            #[graphql(name = #delete_lit)]
            async fn __delete(&self, ctx: &#ag::Context<'_>, id: #ag::ID) -> #ag::Result<#ag::ID> {
                let s = ctx.data::<::tusk_db::Session>()?;
                let uid = ::tusk_db::value::parse_uuid(id.as_str())?;
                ::tusk_db::engine::delete::<#name>(s, uid).await?;
                Ok(id)
            }
        }
    };

    Ok(quote! {
        #base
        /// This table's root query fields (merged into the schema's Query).
        pub type Query = #q_struct;
        /// This table's mutations (merged into the schema's Mutation).
        pub type Mutation = #m_struct;
        #object
        #prefetch
        #filter
        #order
        #inputs
        #roots
    })
}
