#!/usr/bin/env bash
# The big-production benchmark, side by side: Tusk on SQLite, Tusk on
# PostgreSQL and the reference Zou 1.0.97, on this machine, on the same
# generated production. Results go to target/bench/<size>/ (one JSON per
# server, and report.md, the tables of docs/benchmarks.md).
#
#   bench/run.sh [SIZE]        SIZE: big (default), small, tiny or E×S×H
#
# Knobs (environment): SECONDS_PER (10, per scenario and concurrency),
# CONCURRENCY (1,8), MIN_REQUESTS (5), ONLY (a scenario name), SKIP
# (space-separated: tusk-sqlite tusk-postgres zou), NO_BUILD (1: use the
# binaries already in target/release), PG (postgres://postgres@127.0.0.1:5432),
# ZOU_REF (../shared/tools/zou-ref: the scripts that install and run Zou).
#
# Needs: PostgreSQL and Redis on this machine (as CI has them), python3 for
# Zou (installed by $ZOU_REF/setup.sh on first use). Zou's database
# (zoudb) is replaced by the production.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE="${1:-big}"
OUT="target/bench/$SIZE"
PG="${PG:-postgres://postgres@127.0.0.1:5432}"
ZOU_REF="${ZOU_REF:-$(cd .. && pwd)/shared/tools/zou-ref}"
SECONDS_PER="${SECONDS_PER:-10}"
CONCURRENCY="${CONCURRENCY:-1,8}"
MIN_REQUESTS="${MIN_REQUESTS:-5}"
SKIP="${SKIP:-}"
TUSK_PORT=8089
BIN=target/release
log() { echo "[bench] $*" >&2; }
skip() { [[ " $SKIP " == *" $1 "* ]]; }
only_args=()
[ -n "${ONLY:-}" ] && only_args=(--only "$ONLY")

mkdir -p "$OUT"
if [ -z "${NO_BUILD:-}" ]; then
    log "building (release)"
    cargo build --release -p tusk -p tusk-bench
fi

measure() { # label base-url pid [--zou]
    local label=$1 url=$2 pid=$3
    shift 3
    "$BIN/tusk-bench" run --size "$SIZE" --base-url "$url" --label "$label" \
        --concurrency "$CONCURRENCY" --seconds "$SECONDS_PER" --min-requests "$MIN_REQUESTS" \
        --pid "$pid" --out "$OUT/$label.json" "${only_args[@]}" "$@"
}

run_tusk() { # label database-url
    local label=$1 url=$2
    log "$label: serving on 127.0.0.1:$TUSK_PORT"
    TUSK_LOG=warn "$BIN/tusk" --bind "127.0.0.1:$TUSK_PORT" --database-url "$url" \
        --data-dir "$OUT/data-$label" serve &
    local pid=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$TUSK_PORT/" >/dev/null && break
        sleep 0.2
    done
    measure "$label" "http://127.0.0.1:$TUSK_PORT" "$pid" || { kill "$pid"; exit 1; }
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

reports=()
if ! skip tusk-sqlite; then
    log "tusk-sqlite: seeding $OUT/tusk.db"
    rm -rf "$OUT/tusk.db" "$OUT/tusk.db-wal" "$OUT/tusk.db-shm" "$OUT/data-tusk-sqlite"
    "$BIN/tusk-bench" seed --size "$SIZE" --database-url "sqlite:$OUT/tusk.db"
    run_tusk tusk-sqlite "sqlite:$OUT/tusk.db"
    reports+=("$OUT/tusk-sqlite.json")
fi

if ! skip tusk-postgres; then
    log "tusk-postgres: seeding database tusk_bench"
    psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS tusk_bench WITH (FORCE)" -c "CREATE DATABASE tusk_bench"
    "$BIN/tusk-bench" seed --size "$SIZE" --database-url "$PG/tusk_bench"
    rm -rf "$OUT/data-tusk-postgres"
    run_tusk tusk-postgres "$PG/tusk_bench"
    reports+=("$OUT/tusk-postgres.json")
fi

if ! skip zou; then
    . "$ZOU_REF/env.sh"
    [ -x "$ZOU_BIN" ] || "$ZOU_REF/setup.sh"
    log "zou: loading the same production into $DB_DATABASE"
    "$BIN/tusk-bench" zou-sql --size "$SIZE" --out "$OUT/zou.sql"
    "$ZOU_REF/stop.sh" >/dev/null
    "$ZOU_REF/reset-db.sh"
    psql -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U postgres -d "$DB_DATABASE" -f "$OUT/zou.sql"
    # Zou's memo cache (Redis db 1) knew init-data's rows: forget them.
    redis-cli -h "$KV_HOST" -p "$KV_PORT" -n 1 FLUSHDB >/dev/null
    "$ZOU_REF/start.sh"
    measure zou "$ZOU_URL" "$(cat "$ZOU_PID_FILE")" --zou
    "$ZOU_REF/stop.sh"
    reports+=("$OUT/zou.json")
fi

"$BIN/tusk-bench" report "${reports[@]}" | tee "$OUT/report.md"
