-- Tusk's own indexes (named tusk_ix_*, beyond Zou's): a project's entity
-- lists come out in their order (name, then creation) straight from an
-- index, instead of every row being read and sorted before the first is
-- sent. On the big production (docs/benchmarks.md) sorting 10,000 shots
-- took ~25 ms of Postgres's CPU and most of SQLite's first step.
--
-- One type (a project's shots, sequences, episodes; one asset type):
CREATE INDEX "tusk_ix_entity_project_type_name" ON "entity" ("project_id", "entity_type_id", "name", "created_at");
-- Several types (a project's assets, of every asset type): the project's
-- entities in order, the type checked in the index without reading the row.
CREATE INDEX "tusk_ix_entity_project_name" ON "entity" ("project_id", "name", "created_at", "entity_type_id");
