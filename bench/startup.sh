#!/usr/bin/env bash
# Start-up time of the API (process start → "listening" logged), embedded and PostgreSQL modes.
#   npx tsc -p tsconfig.build.json && bash bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
log="$dir/startup.log"
measure() { # label, env...
  local label=$1; shift
  local start end
  start=$(date +%s%N)
  env "$@" PORT=3977 LOG_LEVEL=log SCHEDULER_ENABLED=false node dist/src/main.js > "$log" 2>&1 &
  local pid=$!
  until grep -q "listening on" "$log"; do
    kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  kill $pid; wait $pid 2>/dev/null || true
  echo "| $label | $(( (end - start) / 1000000 )) |"
}
db="nn_bench_startup_$$"
psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $db"
echo "| mode | ms to listening |"
echo "| --- | --- |"
measure "embedded, first start (creates the database, migrates)" DATA_DIR="$dir"
measure "embedded, restart" DATA_DIR="$dir"
measure "PostgreSQL + Redis, first start (migrates)" DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" REDIS_URL=redis://127.0.0.1:6379 JWT_SECRET=0123456789abcdef0123456789abcdef0123
measure "PostgreSQL + Redis, restart" DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" REDIS_URL=redis://127.0.0.1:6379 JWT_SECRET=0123456789abcdef0123456789abcdef0123
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE $db WITH (FORCE)"
rm -rf "$dir"
