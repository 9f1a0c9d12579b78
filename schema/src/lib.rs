//! Tusk's data schema: one description per Zou table (`models/`), and the
//! typed layers generated from it: row types, SQL metadata, GraphQL objects,
//! filters, inputs, root queries and mutations, Zou's REST JSON.
//!
//! The exported GraphQL SDL lives next to this crate, in `schema.graphql`.

/// Declares the tables: their modules, the list of all tables (DDL, schema
/// test), the merged root query and mutation objects, and the registry of
/// generic operations by REST collection.
macro_rules! tables {
    (
        models: { $($area:ident($aq:ident, $am:ident): [$($t:ident: $c:ident),* $(,)?]),* $(,)? },
        links: [$($lt:ident: $lc:ident),* $(,)?] $(,)?
    ) => {
        $($(pub mod $t; pub use $t::$c;)*)*
        $(mod $lt; pub use $lt::$lc;)*

        /// Every table.
        pub const ALL: &[&'static tusk_db::TableMeta] = &[
            $($(<$c as tusk_db::Model>::META,)*)*
            $(<$lc as tusk_db::Model>::META,)*
        ];

        /// Root fields of each area's tables.
        pub mod areas {
            $(
                pub mod $area {
                    /// The `x`/`xs` query fields of this area's tables.
                    #[derive(async_graphql::MergedObject, Default)]
                    pub struct $aq($(super::super::$t::Query),*);
                    /// The `createX`/`updateX`/`deleteX` mutations of this area's tables.
                    #[derive(async_graphql::MergedObject, Default)]
                    pub struct $am($(super::super::$t::Mutation),*);
                }
            )*
        }

        /// The query fields of every table.
        #[derive(async_graphql::MergedObject, Default)]
        pub struct ModelQuery($(areas::$area::$aq),*);

        /// The mutations of every table.
        #[derive(async_graphql::MergedObject, Default)]
        pub struct ModelMutation($(areas::$area::$am),*);

        /// Generic operations of a table, by table name.
        pub fn ops(table: &str) -> Option<&'static dyn tusk_db::zou::ModelOps> {
            match table {
                $($(stringify!($t) => Some(&tusk_db::zou::Ops::<$c>::NEW),)*)*
                _ => None,
            }
        }
    };
}

pub mod extra;
pub mod kinds;
pub mod metadata;
pub mod models;
pub mod views;

pub use models::*;
