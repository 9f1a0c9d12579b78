//! The CSV exports of the breakdown: `projects.csv` and a project's
//! `casting.csv`, in Zou's format (`;` separator, `\r\n` line ends, quotes
//! only where a field needs them). Each export is one statement for its
//! rows (plus the permission and project lookups), whatever their number.

use crate::breakdown::casting::{not_canceled, sql_row, temporal_sql_list};
use tusk_db::{Result, Session, SqlValue};
use uuid::Uuid;

/// One CSV line: fields joined by `;`, quoted when they hold `;`, a quote
/// or a line break (Python's `csv` minimal quoting), ended by `\r\n`.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        let f = f.as_ref();
        if f.contains([';', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
    out
}

/// A file-name slug as Zou's `slugify` makes it: lower case, runs of
/// anything but letters and digits become one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Which rows `casting.csv` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastingCsv {
    /// Asset-in-asset casting (Zou's default; the Episode column says `MP`).
    Assets,
    /// Shot casting, of one episode when given.
    Shots(Option<Uuid>),
    /// Shot casting of the shots outside any episode (`episode_id=main`).
    MainPackShots,
    /// Episode casting (`episode_id=all`), without the Episode column.
    Episodes,
}

impl CastingCsv {
    /// From the query of the route: `episode_id` (an id, `main` or `all`)
    /// and `is_shot_casting`.
    pub fn from_query(episode_id: Option<&str>, shot_casting: bool) -> CastingCsv {
        match episode_id {
            Some("all") => CastingCsv::Episodes,
            _ if !shot_casting => CastingCsv::Assets,
            Some("main") => CastingCsv::MainPackShots,
            Some(e) => CastingCsv::Shots(Some(
                tusk_db::value::parse_hyphenated(e).unwrap_or(Uuid::nil()),
            )),
            None => CastingCsv::Shots(None),
        }
    }
}

sql_row! {
    struct CsvRow {
        episode: Option<String>,
        parent: Option<String>,
        name: String,
        asset_type: String,
        asset: String,
        nb: Option<i32>,
        label: Option<String>,
    }
}

/// `GET /export/csv/projects/{p}/casting.csv`: the file name and bytes
/// (team members but vendors; 404 for an unknown project).
pub async fn casting_csv(
    s: &Session,
    project: Uuid,
    what: CastingCsv,
) -> Result<(String, Vec<u8>)> {
    crate::guard::member(s, project).await?;
    crate::guard::no_vendor(s, Some(project))?;
    let p = crate::guard::project(s, project).await?;
    let tvshow = p.production_type.as_deref() == Some("tvshow");
    let with_episode = tvshow && what != CastingCsv::Episodes;
    let mut db = s.db();
    // `i` casts `a`; `it`/`at` are their types.
    let mut q = db.sql("SELECT ");
    match what {
        CastingCsv::Assets => q.push("'MP', it.\"name\", i.\"name\""),
        CastingCsv::Episodes => q.push("NULL, 'Episode', i.\"name\""),
        CastingCsv::Shots(_) | CastingCsv::MainPackShots => {
            q.push("ep.\"name\", sq.\"name\", i.\"name\"")
        }
    };
    q.push(", at.\"name\", a.\"name\", l.\"nb_occurences\", l.\"label\" FROM \"entity_link\" l JOIN \"entity\" a ON a.\"id\" = l.\"entity_out_id\" JOIN \"entity_type\" at ON at.\"id\" = a.\"entity_type_id\" JOIN \"entity\" i ON i.\"id\" = l.\"entity_in_id\" JOIN \"entity_type\" it ON it.\"id\" = i.\"entity_type_id\"");
    if matches!(what, CastingCsv::Shots(_) | CastingCsv::MainPackShots) {
        q.push(" JOIN \"entity\" sq ON sq.\"id\" = i.\"parent_id\" LEFT JOIN \"entity\" ep ON ep.\"id\" = sq.\"parent_id\"");
    }
    q.push(" WHERE i.\"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" AND ")
        .push(&not_canceled("a"));
    match what {
        CastingCsv::Assets => {
            q.push(" AND it.\"name\" NOT IN ")
                .push(&temporal_sql_list());
            q.push(" ORDER BY it.\"name\", i.\"name\", at.\"name\", a.\"name\"");
        }
        CastingCsv::Episodes => {
            q.push(" AND it.\"name\" = 'Episode' ORDER BY i.\"name\", at.\"name\", a.\"name\"");
        }
        CastingCsv::Shots(episode) => {
            q.push(" AND it.\"name\" = 'Shot'");
            if let Some(e) = episode {
                q.push(" AND ep.\"id\" = ").bind(SqlValue::Uuid(Some(e)));
            }
            q.push(" ORDER BY ep.\"name\" ASC NULLS FIRST, sq.\"name\", i.\"name\", at.\"name\", a.\"name\"");
        }
        CastingCsv::MainPackShots => {
            q.push(" AND it.\"name\" = 'Shot' AND ep.\"id\" IS NULL ORDER BY sq.\"name\", i.\"name\", at.\"name\", a.\"name\"");
        }
    }
    let rows: Vec<CsvRow> = db.fetch_all(&q).await?;
    let mut header = vec![
        "Parent",
        "Name",
        "Asset Type",
        "Asset",
        "Occurences",
        "Label",
    ];
    if with_episode {
        header.insert(0, "Episode");
    }
    let mut out = csv_line(&header);
    for r in rows {
        let mut fields = vec![
            r.parent.unwrap_or_default(),
            r.name,
            r.asset_type,
            r.asset,
            r.nb.map(|n| n.to_string()).unwrap_or_default(),
            r.label.unwrap_or_default(),
        ];
        if with_episode {
            fields.insert(0, r.episode.unwrap_or_default());
        }
        out.push_str(&csv_line(&fields));
    }
    Ok((
        format!("kitsu_{}_casting.csv", slug(&p.name)),
        out.into_bytes(),
    ))
}

/// `GET /export/csv/projects.csv`: every project with its status name, by
/// name (managers and admins), streamed from the database.
pub async fn projects_csv(s: &Session) -> Result<tusk_db::zou::Body> {
    use futures::StreamExt;
    crate::guard::manager_global(s)?;
    let q = s.db.sql("SELECT p.\"name\", st.\"name\" FROM \"project\" p LEFT JOIN \"project_status\" st ON st.\"id\" = p.\"project_status_id\" ORDER BY p.\"name\", p.\"id\"");
    let chunks = s.db.fetch_chunks::<(String, Option<String>)>(q, 512);
    let head =
        futures::stream::once(async { Ok(bytes::Bytes::from(csv_line(&["Name", "Status"]))) });
    let rows = chunks.map(|chunk| -> Result<bytes::Bytes> {
        let mut buf = String::new();
        for (name, status) in chunk? {
            buf.push_str(&csv_line(&[name, status.unwrap_or_default()]));
        }
        Ok(bytes::Bytes::from(buf))
    });
    Ok(tusk_db::zou::Body::Stream(head.chain(rows).boxed()))
}

/// REST handlers.
pub mod rest {
    use super::CastingCsv;
    use crate::rest::RestReply;
    use crate::route::{Ctx, Req};
    use tusk_db::zou::Body;
    use tusk_db::Result;

    pub async fn casting_csv(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let project = r.id("project_id")?;
        let what = CastingCsv::from_query(r.arg("episode_id"), r.flag("is_shot_casting"));
        let (name, bytes) = super::casting_csv(c.s, project, what).await?;
        Ok(RestReply::file("text/csv", Body::Full(bytes)).header(
            "content-disposition",
            format!("attachment; filename={name}"),
        ))
    }

    pub async fn projects_csv(c: Ctx<'_>, _r: Req) -> Result<RestReply> {
        let body = super::projects_csv(c.s).await?;
        Ok(RestReply::file("text/csv; charset=utf-8", body).header(
            "content-disposition",
            "attachment; filename=kitsu_export.csv",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_line(&["a", "", "b c"]), "a;;b c\r\n");
        assert_eq!(
            csv_line(&["x;y", "say \"hi\""]),
            "\"x;y\";\"say \"\"hi\"\"\"\r\n"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("TuskTV"), "tusktv");
        assert_eq!(slug("My  Big Show!"), "my-big-show");
        assert_eq!(slug("--A_b--"), "a-b");
    }

    #[test]
    fn query_modes() {
        assert_eq!(CastingCsv::from_query(None, false), CastingCsv::Assets);
        assert_eq!(
            CastingCsv::from_query(Some("main"), false),
            CastingCsv::Assets
        );
        assert_eq!(
            CastingCsv::from_query(Some("all"), true),
            CastingCsv::Episodes
        );
        assert_eq!(CastingCsv::from_query(None, true), CastingCsv::Shots(None));
        assert_eq!(
            CastingCsv::from_query(Some("main"), true),
            CastingCsv::MainPackShots
        );
    }
}
