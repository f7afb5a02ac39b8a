#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages if needed, starts it on 127.0.0.1:5432 and prints a connection string for
# a superuser "manyi" that may create the per-test databases. Used by .ci/run; developers may run it too (as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | grep -q "^${version} main"; then
  pg_createcluster "${version}" main >&2
fi
pg_ctlcluster "${version}" main start >&2 || true
for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432"; then break; fi
  sleep 1
done
su postgres -c "psql -q -p 5432 -tc \"SELECT 1 FROM pg_roles WHERE rolname = 'manyi'\"" | grep -q 1 \
  || su postgres -c "psql -q -p 5432 -c \"CREATE ROLE manyi LOGIN SUPERUSER PASSWORD 'manyi'\"" >&2
echo "Host=127.0.0.1;Port=5432;Username=manyi;Password=manyi;Database=postgres"
