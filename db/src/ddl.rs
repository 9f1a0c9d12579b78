//! DDL for both dialects, generated from the model descriptions.
//!
//! `tusk dev ddl sqlite|postgres` prints it; the baseline migrations in
//! `migrations/` were produced this way. The schema test checks that the
//! migrated database matches the descriptions, and that both match the
//! machine-readable list of Zou's tables and columns.

use crate::model::{Column, TableMeta};
use crate::pool::Dialect;
use crate::value::Kind;

/// The column type in a dialect.
pub fn column_type(c: &Column, dialect: Dialect) -> String {
    match dialect {
        Dialect::Postgres => {
            if let Some(t) = c.pg_type {
                return t.to_owned();
            }
            match c.kind {
                Kind::Uuid => "uuid".into(),
                Kind::Text(0) => "text".into(),
                Kind::Text(n) => format!("varchar({n})"),
                Kind::Int => "integer".into(),
                Kind::BigInt => "bigint".into(),
                Kind::Float => "double precision".into(),
                Kind::Bool => "boolean".into(),
                Kind::Timestamp => "timestamp".into(),
                Kind::Date => "date".into(),
                Kind::Json => "jsonb".into(),
                Kind::TextArray => "varchar[]".into(),
                Kind::JsonArray => "jsonb[]".into(),
                Kind::Bytes => "bytea".into(),
                Kind::BytesArray => "bytea[]".into(),
            }
        }
        Dialect::Sqlite => match c.kind {
            Kind::Uuid | Kind::Bytes => "BLOB".into(),
            Kind::Text(0) => "TEXT".into(),
            Kind::Text(n) => format!("VARCHAR({n})"),
            Kind::Int => "INTEGER".into(),
            Kind::BigInt => "BIGINT".into(),
            Kind::Float => "REAL".into(),
            Kind::Bool => "BOOLEAN".into(),
            Kind::Timestamp => "DATETIME".into(),
            Kind::Date => "DATE".into(),
            // JSON and arrays are JSON text.
            Kind::Json | Kind::TextArray | Kind::JsonArray | Kind::BytesArray => "TEXT".into(),
        },
    }
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn default_sql(c: &Column, dialect: Dialect) -> Option<String> {
    let d = c.default?;
    Some(match c.kind {
        Kind::TextArray => {
            let items: Vec<&str> = d
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            match dialect {
                Dialect::Postgres => format!("'{{{}}}'", items.join(",")),
                Dialect::Sqlite => format!(
                    "'[{}]'",
                    items
                        .iter()
                        .map(|i| format!("\"{i}\""))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            }
        }
        Kind::Bool if dialect == Dialect::Sqlite => {
            if d == "true" {
                "1".into()
            } else {
                "0".into()
            }
        }
        _ => d.to_owned(),
    })
}

/// `CREATE TABLE` (with inline foreign keys for SQLite) and indexes.
pub fn create_table(meta: &TableMeta, dialect: Dialect) -> String {
    let mut out = format!("CREATE TABLE \"{}\" (\n", meta.table);
    let mut lines = Vec::new();
    for c in meta.columns {
        let mut l = format!("    \"{}\" {}", c.name, column_type(c, dialect));
        if !c.nullable {
            l.push_str(" NOT NULL");
        }
        if let Some(d) = default_sql(c, dialect) {
            l.push_str(" DEFAULT ");
            l.push_str(&d);
        }
        if !c.choices.is_empty() {
            let vals: Vec<String> = c.choices.iter().map(|v| format!("'{v}'")).collect();
            l.push_str(&format!(" CHECK (\"{}\" IN ({}))", c.name, vals.join(", ")));
        }
        if dialect == Dialect::Sqlite {
            if let Some(fk) = &c.fk {
                l.push_str(&format!(" REFERENCES \"{}\" (\"{}\")", fk.table, fk.column));
                if let Some(od) = fk.on_delete {
                    l.push_str(&format!(" ON DELETE {od}"));
                }
            }
        }
        lines.push(l);
    }
    lines.push(format!(
        "    PRIMARY KEY ({})",
        quote_list(meta.primary_key)
    ));
    out.push_str(&lines.join(",\n"));
    out.push_str("\n);\n");
    for ix in meta.indexes {
        out.push_str(&format!(
            "CREATE {}INDEX \"{}\" ON \"{}\" ({}){};\n",
            if ix.unique { "UNIQUE " } else { "" },
            ix.name,
            meta.table,
            quote_list(ix.columns),
            ix.predicate
                .map(|p| format!(" WHERE {p}"))
                .unwrap_or_default()
        ));
    }
    out
}

/// Foreign keys as `ALTER TABLE` statements (Postgres, after all tables).
pub fn foreign_keys(meta: &TableMeta) -> String {
    let mut out = String::new();
    for c in meta.columns {
        if let Some(fk) = &c.fk {
            out.push_str(&format!(
                "ALTER TABLE \"{}\" ADD FOREIGN KEY (\"{}\") REFERENCES \"{}\" (\"{}\"){};\n",
                meta.table,
                c.name,
                fk.table,
                fk.column,
                fk.on_delete
                    .map(|d| format!(" ON DELETE {d}"))
                    .unwrap_or_default()
            ));
        }
    }
    out
}

/// The whole schema for `tables`. `pg_preamble` creates the Postgres types
/// (enums) some columns use.
pub fn schema(tables: &[&TableMeta], dialect: Dialect, pg_preamble: &[&str]) -> String {
    let mut out = String::new();
    if dialect == Dialect::Postgres {
        for t in pg_preamble {
            out.push_str(t);
            out.push_str(";\n");
        }
        out.push('\n');
    }
    for t in tables {
        out.push_str(&format!("-- {}: {}\n", t.table, t.doc));
        out.push_str(&create_table(t, dialect));
        out.push('\n');
    }
    if dialect == Dialect::Postgres {
        for t in tables {
            out.push_str(&foreign_keys(t));
        }
    }
    out
}
