//! The migrated database matches Zou 1.0.97's schema (the machine-readable
//! list in `migrations/reference/`), and the table descriptions match the
//! migrated database. Runs on SQLite, and on Postgres with TEST_DATABASE_URL.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use support::FreshDb;
use tusk_db::Db;

const REF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/reference/");

fn tsv(name: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(format!("{REF}{name}"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// Deliberate differences with Zou: every row has its timestamps.
fn expected_nullable(table: &str, column: &str, zou_nullable: bool) -> bool {
    let _ = table;
    if matches!(column, "created_at" | "updated_at") {
        return false;
    }
    zou_nullable
}

/// The SQLite type Tusk uses for a Postgres type of Zou's schema.
fn sqlite_type(pg: &str) -> String {
    if let Some(n) = pg.strip_prefix("varchar(") {
        return format!("VARCHAR({}", n);
    }
    match pg {
        "uuid" | "bytea" => "BLOB",
        "text" | "jsonb" | "import_source_enum" => "TEXT",
        "int4" => "INTEGER",
        "int8" => "BIGINT",
        "float8" => "REAL",
        "bool" => "BOOLEAN",
        "timestamp" => "DATETIME",
        "date" => "DATE",
        t if t.ends_with("[]") => "TEXT",
        other => panic!("unmapped type {other}"),
    }
    .to_owned()
}

type Columns = BTreeMap<(String, String), (String, bool)>;

async fn db_columns(db: &mut Db, postgres: bool) -> Columns {
    let mut out = BTreeMap::new();
    if postgres {
        let q = db.sql(
            "SELECT c.table_name::text, c.column_name::text, \
             CASE WHEN c.data_type = 'ARRAY' THEN substr(c.udt_name, 2) || '[]' \
                  WHEN c.character_maximum_length IS NOT NULL THEN c.udt_name || '(' || c.character_maximum_length || ')' \
                  ELSE c.udt_name::text END, \
             c.is_nullable = 'YES' \
             FROM information_schema.columns c WHERE c.table_schema = current_schema() \
             AND c.table_name NOT IN ('_sqlx_migrations', 'tusk_kv')",
        );
        for (t, c, ty, n) in db
            .fetch_all::<(String, String, String, bool)>(&q)
            .await
            .unwrap()
        {
            out.insert((t, c), (ty, n));
        }
    } else {
        let q = db.sql(
            "SELECT m.name, p.name, p.type, p.\"notnull\" = 0 FROM sqlite_master m \
             JOIN pragma_table_info(m.name) p WHERE m.type = 'table' \
             AND m.name NOT IN ('_sqlx_migrations', 'tusk_kv', 'sqlite_sequence')",
        );
        for (t, c, ty, n) in db
            .fetch_all::<(String, String, String, bool)>(&q)
            .await
            .unwrap()
        {
            out.insert((t, c), (ty, n));
        }
    }
    out
}

#[tokio::test]
async fn migrated_database_matches_zou_schema() {
    let fresh = FreshDb::new().await;
    let db = Db::connect(&fresh.url, 2).await.unwrap();
    tusk_db::migrate::run(&db).await.unwrap();
    let postgres = db.dialect() == tusk_db::Dialect::Postgres;
    let mut conn = db.clone();
    let actual = db_columns(&mut conn, postgres).await;

    let mut expected: Columns = BTreeMap::new();
    for r in tsv("zou-1.0.97-columns.tsv") {
        let ty = if postgres {
            r[2].clone()
        } else {
            sqlite_type(&r[2])
        };
        let nullable = expected_nullable(&r[0], &r[1], r[3] == "null");
        expected.insert((r[0].clone(), r[1].clone()), (ty, nullable));
    }
    let tables: BTreeSet<&String> = expected.keys().map(|(t, _)| t).collect();
    assert_eq!(
        tables.len(),
        80,
        "Zou 1.0.97 has 80 tables (77 catalogued + 3 newer)"
    );
    let mut problems = Vec::new();
    for (k, v) in &expected {
        match actual.get(k) {
            None => problems.push(format!("missing column {}.{}", k.0, k.1)),
            Some(a) if a != v => {
                problems.push(format!("{}.{}: expected {v:?}, got {a:?}", k.0, k.1))
            }
            _ => {}
        }
    }
    for k in actual.keys() {
        if !expected.contains_key(k) {
            problems.push(format!("unexpected column {}.{}", k.0, k.1));
        }
    }
    assert!(
        problems.is_empty(),
        "schema differs from Zou 1.0.97:\n{}",
        problems.join("\n")
    );

    // Foreign keys.
    let fk_q = if postgres {
        "SELECT tc.table_name::text, kcu.column_name::text, ccu.table_name::text, rc.delete_rule::text \
         FROM information_schema.table_constraints tc \
         JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema \
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
         JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name AND rc.constraint_schema = tc.table_schema \
         WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"
    } else {
        "SELECT m.name, f.\"from\", f.\"table\", f.on_delete FROM sqlite_master m \
         JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'"
    };
    let q = conn.sql(fk_q);
    let actual_fks: BTreeSet<(String, String, String, String)> = conn
        .fetch_all::<(String, String, String, String)>(&q)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let expected_fks: BTreeSet<(String, String, String, String)> =
        tsv("zou-1.0.97-foreign-keys.tsv")
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[4].clone()))
            .collect();
    assert_eq!(actual_fks, expected_fks, "foreign keys differ");

    // Indexes: names, uniqueness and columns (primary keys included):
    // Zou's, and Tusk's own as the descriptions declare them (`tusk_ix_*`,
    // for reads Zou's indexes leave to a sort).
    let tusk_own = tusk_schema::ALL.iter().flat_map(|m| {
        m.indexes
            .iter()
            .filter(|ix| ix.name.starts_with("tusk_ix_"))
            .map(move |ix| {
                let kind = if ix.unique { "unique" } else { "index" };
                (
                    m.table.to_owned(),
                    ix.name.to_owned(),
                    format!("{kind}:{}", ix.columns.join(",")),
                )
            })
    });
    let expected_ix: BTreeSet<(String, String, String)> = tsv("zou-1.0.97-indexes.tsv")
        .into_iter()
        .filter(|r| r[2] != "primary")
        .map(|r| (r[0].clone(), r[1].clone(), format!("{}:{}", r[2], r[3])))
        .chain(tusk_own)
        .collect();
    assert!(
        expected_ix
            .iter()
            .any(|(_, n, _)| n.starts_with("tusk_ix_")),
        "Tusk's own indexes are described"
    );
    let ix_q = if postgres {
        "SELECT t.relname::text, i.relname::text, \
         (CASE WHEN ix.indisunique THEN 'unique' ELSE 'index' END) || ':' || \
         array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord) \
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',') \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() AND NOT ix.indisprimary AND t.relname NOT IN ('_sqlx_migrations', 'tusk_kv')"
    } else {
        "SELECT m.tbl_name, m.name, (CASE WHEN l.\"unique\" THEN 'unique' ELSE 'index' END) || ':' || \
         (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno)) \
         FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name \
         WHERE m.type = 'index' AND m.sql IS NOT NULL AND m.tbl_name NOT IN ('tusk_kv')"
    };
    let q = conn.sql(ix_q);
    let actual_ix: BTreeSet<(String, String, String)> = conn
        .fetch_all::<(String, String, String)>(&q)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let missing: Vec<_> = expected_ix.difference(&actual_ix).collect();
    let extra: Vec<_> = actual_ix.difference(&expected_ix).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "indexes differ\nmissing: {missing:#?}\nextra: {extra:#?}"
    );
    db.close().await;
}

#[tokio::test]
async fn descriptions_match_migrated_database() {
    let fresh = FreshDb::new().await;
    let db = Db::connect(&fresh.url, 2).await.unwrap();
    tusk_db::migrate::run(&db).await.unwrap();
    let postgres = db.dialect() == tusk_db::Dialect::Postgres;
    let mut conn = db.clone();
    let actual = db_columns(&mut conn, postgres).await;
    for meta in tusk_schema::ALL {
        let described: BTreeSet<(String, bool)> = meta
            .columns
            .iter()
            .map(|c| (c.name.to_owned(), c.nullable))
            .collect();
        let in_db: BTreeSet<(String, bool)> = actual
            .iter()
            .filter(|((t, _), _)| t == meta.table)
            .map(|((_, c), (_, n))| (c.clone(), *n))
            .collect();
        assert_eq!(
            described, in_db,
            "table {} differs from its description",
            meta.table
        );
        let ty_db: BTreeMap<&String, &String> = actual
            .iter()
            .filter(|((t, _), _)| t == meta.table)
            .map(|((_, c), (ty, _))| (c, ty))
            .collect();
        for c in meta.columns {
            let ty = tusk_db::ddl::column_type(c, db.dialect());
            let normalized = if postgres {
                ty.replace("integer", "int4")
                    .replace("bigint", "int8")
                    .replace("double precision", "float8")
                    .replace("boolean", "bool")
            } else {
                ty
            };
            assert_eq!(
                ty_db.get(&c.name.to_owned()).map(|s| s.as_str()),
                Some(normalized.as_str()),
                "{}.{} type",
                meta.table,
                c.name
            );
        }
    }
    db.close().await;
}
