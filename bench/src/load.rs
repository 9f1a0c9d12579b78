//! Writing a [`Production`] somewhere: into a Tusk database (SQLite or
//! PostgreSQL, through the db layer with bound values), or as a `psql`
//! script that loads the very same rows into Zou's PostgreSQL database.

use crate::dataset::{Batch, Production, ADMIN_PASSWORD};
use std::io::Write;
use tusk_db::{Db, Dialect, SqlValue};

/// Rows written, per table.
pub type Counts = Vec<(&'static str, usize)>;

/// The most bound values one statement may carry (SQLite's limit is 32,766).
const MAX_PARAMS: usize = 30_000;

/// Fill an empty Tusk database: migrations, then every row of the
/// production in one transaction (so a failure leaves it empty).
/// The administrator's password is hashed with argon2id, as Tusk does.
pub async fn seed(db: &Db, production: &Production) -> anyhow::Result<Counts> {
    tusk_db::migrate::run(db).await.map_err(err)?;
    let mut probe = db.clone();
    let q = db.sql("SELECT COUNT(*) FROM \"project_status\"");
    if probe.fetch_scalar::<i64>(&q).await.map_err(err)? > 0 {
        anyhow::bail!(
            "the database is not empty: seed a fresh one (a new SQLite file, or a new PostgreSQL database)"
        );
    }
    let password = tusk_db::passwords::hash(ADMIN_PASSWORD)
        .await
        .map_err(err)?;
    let mut tx = db.begin().await.map_err(err)?;
    let mut counts = Vec::new();
    for batch in production.tables(&password) {
        insert(&mut tx, &batch).await?;
        counts.push((batch.meta.table, batch.rows.len()));
    }
    tx.commit().await.map_err(err)?;
    if db.dialect() == Dialect::Postgres {
        // What autovacuum would do soon after: plan with real statistics,
        // and mark pages all-visible (index-only scans then skip the heap).
        db.execute_script("VACUUM ANALYZE").await.map_err(err)?;
    }
    Ok(counts)
}

fn err(e: tusk_db::Error) -> anyhow::Error {
    anyhow::anyhow!(e.message())
}

/// Multi-row INSERTs, as many rows per statement as the parameter limit allows.
async fn insert(tx: &mut tusk_db::Tx, batch: &Batch) -> anyhow::Result<()> {
    let meta = batch.meta;
    let per = (MAX_PARAMS / meta.columns.len()).max(1);
    for chunk in batch.rows.chunks(per) {
        let mut q = tx.sql("INSERT INTO ");
        q.ident(meta.table).push(" (");
        for (i, c) in meta.columns.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.ident(c.name);
        }
        q.push(") VALUES ");
        for (i, row) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind_list(row.iter().cloned());
        }
        tx.execute(&q)
            .await
            .map_err(|e| anyhow::anyhow!("{}: {}", meta.table, e.message()))?;
    }
    Ok(())
}

/// Write the production as a `psql` script for Zou's database: it empties
/// every table of Zou's schema (Zou's `init-data` rows included: the
/// production brings its own, with the same names and flags), then loads
/// each table with `COPY`, in one transaction. The administrator's password
/// is hashed with bcrypt at Zou's default cost (12).
///
/// Load it with `psql -v ON_ERROR_STOP=1 -f zou.sql <zou database>`, then
/// empty Zou's Redis cache (db 1) and restart Zou.
pub fn zou_script(out: &mut impl Write, production: &Production) -> anyhow::Result<Counts> {
    let password = bcrypt::hash(ADMIN_PASSWORD, 12)?.into_bytes();
    writeln!(
        out,
        "-- The '{}' production of tusk-bench, for Zou's PostgreSQL schema.",
        production.size.name
    )?;
    writeln!(out, "\\set ON_ERROR_STOP on")?;
    writeln!(out, "BEGIN;")?;
    let all: Vec<String> = tusk_schema::ALL
        .iter()
        .map(|m| format!("\"{}\"", m.table))
        .collect();
    writeln!(out, "TRUNCATE {} CASCADE;", all.join(", "))?;
    let mut counts = Vec::new();
    let mut line = String::new();
    for batch in production.tables(&password) {
        let meta = batch.meta;
        let cols: Vec<String> = meta
            .columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect();
        writeln!(
            out,
            "COPY \"{}\" ({}) FROM stdin;",
            meta.table,
            cols.join(", ")
        )?;
        for row in &batch.rows {
            line.clear();
            for (i, v) in row.iter().enumerate() {
                if i > 0 {
                    line.push('\t');
                }
                copy_value(&mut line, v);
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        writeln!(out, "\\.")?;
        counts.push((meta.table, batch.rows.len()));
    }
    writeln!(out, "COMMIT;")?;
    writeln!(out, "VACUUM ANALYZE;")?;
    Ok(counts)
}

/// One value in `COPY … FROM stdin` text format.
fn copy_value(out: &mut String, v: &SqlValue) {
    use std::fmt::Write as _;
    if v.is_null() {
        out.push_str("\\N");
        return;
    }
    match v {
        SqlValue::Uuid(Some(u)) => {
            let _ = write!(out, "{u}");
        }
        SqlValue::Text(Some(s)) => copy_text(out, s),
        SqlValue::Int(Some(i)) => {
            let _ = write!(out, "{i}");
        }
        SqlValue::BigInt(Some(i)) => {
            let _ = write!(out, "{i}");
        }
        SqlValue::Float(Some(f)) => {
            let _ = write!(out, "{f}");
        }
        SqlValue::Bool(Some(b)) => out.push(if *b { 't' } else { 'f' }),
        SqlValue::Timestamp(Some(t)) => {
            let _ = write!(out, "{}", t.format("%Y-%m-%d %H:%M:%S%.6f"));
        }
        SqlValue::Date(Some(d)) => {
            let _ = write!(out, "{}", d.format("%Y-%m-%d"));
        }
        SqlValue::Json(Some(j)) => copy_text(out, &j.to_string()),
        SqlValue::TextArray(Some(items)) => {
            copy_text(out, &array_literal(items.iter().map(String::as_str)))
        }
        SqlValue::JsonArray(Some(items)) => {
            let texts: Vec<String> = items.iter().map(|j| j.to_string()).collect();
            copy_text(out, &array_literal(texts.iter().map(String::as_str)))
        }
        SqlValue::Bytes(Some(b)) => {
            // bytea's hex input, its backslash escaped for COPY.
            out.push_str("\\\\x");
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
        }
        // Lists of byte strings and id arrays never appear in a dataset.
        _ => out.push_str("\\N"),
    }
}

/// A PostgreSQL array literal: `{"a","b"}`.
fn array_literal<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::from("{");
    for (i, item) in items.enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('"');
        for ch in item.chars() {
            if ch == '"' || ch == '\\' {
                s.push('\\');
            }
            s.push(ch);
        }
        s.push('"');
    }
    s.push('}');
    s
}

/// Text in COPY's format: backslash, tab, newline and carriage return escaped.
fn copy_text(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_escapes() {
        let mut s = String::new();
        copy_value(&mut s, &SqlValue::Text(Some("a\tb\nc\\d".into())));
        assert_eq!(s, "a\\tb\\nc\\\\d");
        s.clear();
        copy_value(&mut s, &SqlValue::Text(None));
        assert_eq!(s, "\\N");
        s.clear();
        copy_value(
            &mut s,
            &SqlValue::TextArray(Some(vec!["user".into(), "a\"b".into()])),
        );
        assert_eq!(s, "{\"user\",\"a\\\\\"b\"}");
        s.clear();
        copy_value(&mut s, &SqlValue::Bytes(Some(vec![0x24, 0xff])));
        assert_eq!(s, "\\\\x24ff");
    }
}
