//! `sqlx::migrate!` embeds `migrations/` when this crate compiles, but cargo
//! does not know the folder is an input: without this, a new migration file
//! is missing from the binary until something else changes here.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
