//! The GraphQL operations REST routes run, each parsed once at startup.

use async_graphql::parser::{parse_query, types::ExecutableDocument};
use std::sync::LazyLock;

/// A pre-parsed operation.
pub struct Op {
    pub document: ExecutableDocument,
    /// The route needs a valid token (checked first, as Zou does).
    pub needs_auth: bool,
}

fn op(text: &str, needs_auth: bool) -> Op {
    Op {
        document: parse_query(text).unwrap_or_else(|e| panic!("bad REST operation {text}: {e}")),
        needs_auth,
    }
}

macro_rules! ops {
    ($($name:ident: $auth:expr, $text:literal;)*) => {
        $(pub static $name: LazyLock<Op> = LazyLock::new(|| op($text, $auth));)*
        /// Parse every operation now (at startup), so none is parsed per request.
        pub fn prepare() {
            $(LazyLock::force(&$name);)*
        }
    };
}

ops! {
    INDEX_PUBLIC: false, "query($route: String!) { _restIndex(route: $route) }";
    INDEX_PRIVATE: true, "query($route: String!) { _restIndex(route: $route) }";
    LOGIN: false, "mutation($body: JSON!) { _restLogin(body: $body) }";
    AUTHENTICATED: true, "query { _restAuthenticated }";
    REFRESH: false, "mutation { _restRefresh }";
    LOGOUT: true, "mutation { _restLogout }";
    CHANGE_PASSWORD: true, "mutation($body: JSON!) { _restChangePassword(body: $body) }";
    EVENTS: true, "query($route: String!, $params: [[String!]!]!) { _restEvents(route: $route, params: $params) }";
    ROUTE_GET: true, "query($path: JSON!, $query: [[String!]!]!) { _restGet(path: $path, query: $query) }";
    ROUTE_SEND: true, "mutation($path: JSON!, $query: [[String!]!]!, $body: JSON) { _restSend(path: $path, query: $query, body: $body) }";
    CRUD_READ: true, "query($table: String!, $id: String, $params: [[String!]!]!) { _restCrudRead(table: $table, id: $id, params: $params) }";
    CRUD_WRITE: true, "mutation($table: String!, $action: String!, $id: String, $body: JSON) { _restCrudWrite(table: $table, action: $action, id: $id, body: $body) }";
}
