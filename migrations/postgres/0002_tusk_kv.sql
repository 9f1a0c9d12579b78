-- Tusk's own key-value store with expiry (revoked tokens, reset tokens),
-- used when no Redis is configured (KV_HOST unset).
CREATE TABLE "tusk_kv" (
    "key" VARCHAR(255) NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "expires_at" timestamp NOT NULL
);
CREATE INDEX "ix_tusk_kv_expires_at" ON "tusk_kv" ("expires_at");
