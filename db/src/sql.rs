//! A tiny SQL builder: text plus bound arguments, rendered for one dialect.
//!
//! Values never enter the SQL text: [`Sql::bind`] appends a placeholder
//! (`?` for SQLite, `$n` for Postgres) and keeps the value aside. Only
//! identifiers from the static model descriptions are written into the text,
//! always quoted.

use crate::pool::Dialect;
use crate::value::SqlValue;

#[derive(Debug, Clone)]
pub struct Sql {
    pub dialect: Dialect,
    pub text: String,
    pub args: Vec<SqlValue>,
}

impl Sql {
    pub fn new(dialect: Dialect) -> Self {
        Sql {
            dialect,
            text: String::with_capacity(128),
            args: Vec::new(),
        }
    }

    pub fn with(dialect: Dialect, text: &str) -> Self {
        let mut s = Sql::new(dialect);
        s.push(text);
        s
    }

    /// Append raw SQL text. Only ever call this with trusted text (static
    /// strings or identifiers from model metadata).
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Append a quoted identifier.
    pub fn ident(&mut self, name: &str) -> &mut Self {
        debug_assert!(!name.contains('"'));
        self.text.push('"');
        self.text.push_str(name);
        self.text.push('"');
        self
    }

    /// Append `"table"."column"`.
    pub fn qualified(&mut self, table: &str, column: &str) -> &mut Self {
        self.ident(table).push(".").ident(column)
    }

    /// Append trusted SQL text in which each `?` stands for the next of
    /// `args`, bound as a parameter.
    pub fn push_bound(
        &mut self,
        template: &str,
        args: impl IntoIterator<Item = SqlValue>,
    ) -> &mut Self {
        let mut parts = template.split('?');
        if let Some(first) = parts.next() {
            self.push(first);
        }
        let mut args = args.into_iter();
        for part in parts {
            if let Some(a) = args.next() {
                self.bind(a);
            }
            self.push(part);
        }
        self
    }

    /// Append a placeholder bound to `v`.
    pub fn bind(&mut self, v: SqlValue) -> &mut Self {
        self.args.push(v);
        match self.dialect {
            Dialect::Sqlite => self.text.push('?'),
            Dialect::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.args.len().to_string());
            }
        }
        self
    }

    /// Append `(?, ?, ?)` for a list of values.
    pub fn bind_list(&mut self, values: impl IntoIterator<Item = SqlValue>) -> &mut Self {
        self.push("(");
        let mut first = true;
        for v in values {
            if !first {
                self.push(", ");
            }
            first = false;
            self.bind(v);
        }
        if first {
            // An empty IN list: no value can match.
            self.push("NULL");
        }
        self.push(")")
    }

    /// Append ` IN (…)` testing membership in `ids`: a plain list for a few
    /// ids, a single array parameter for many (one statement, one parameter,
    /// whatever the batch size).
    pub fn in_uuids(&mut self, ids: &[uuid::Uuid]) -> &mut Self {
        if ids.len() <= 32 {
            self.push(" IN ");
            return self.bind_list(ids.iter().map(|u| SqlValue::Uuid(Some(*u))));
        }
        match self.dialect {
            Dialect::Postgres => {
                self.push(" = ANY(");
                self.bind(SqlValue::UuidArray(ids.to_vec()));
                self.push(")")
            }
            Dialect::Sqlite => {
                self.push(" IN (SELECT unhex(replace(value, '-', '')) FROM json_each(");
                self.bind(SqlValue::UuidArray(ids.to_vec()));
                self.push("))")
            }
        }
    }

    /// Append another fragment (rendered for the same dialect) with its
    /// arguments, renumbering Postgres placeholders.
    pub fn append(&mut self, other: &Sql) -> &mut Self {
        match self.dialect {
            Dialect::Sqlite => {
                self.text.push_str(&other.text);
                self.args.extend(other.args.iter().cloned());
            }
            Dialect::Postgres => {
                let offset = self.args.len();
                let mut chars = other.text.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == '$' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                        let mut n = String::new();
                        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                            n.push(*d);
                            chars.next();
                        }
                        let n: usize = n.parse().unwrap_or(0);
                        self.text.push('$');
                        self.text.push_str(&(n + offset).to_string());
                    } else {
                        self.text.push(c);
                    }
                }
                self.args.extend(other.args.iter().cloned());
            }
        }
        self
    }

    /// Case-insensitive LIKE for this dialect (SQLite's LIKE already is).
    pub fn ilike(&self) -> &'static str {
        match self.dialect {
            Dialect::Sqlite => " LIKE ",
            Dialect::Postgres => " ILIKE ",
        }
    }
}
