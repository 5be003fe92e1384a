#!/bin/sh
# The ledger tests start a real PostgreSQL server of their own (initdb and pg_ctl in a temporary
# folder). Installs Debian's postgresql where it is missing and we may (root); otherwise says what
# to do. POINTS_PG_BIN points the tests at other server binaries.
set -eu
if [ -n "${POINTS_PG_BIN:-}" ] && [ -x "$POINTS_PG_BIN/pg_ctl" ]; then exit 0; fi
for bin in /usr/lib/postgresql/*/bin; do
  if [ -x "$bin/pg_ctl" ]; then exit 0; fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[ensure-postgres] installing Debian's postgresql for the ledger tests" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  # The tests run their own server in a temporary folder; the packaged cluster is not needed.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    for c in $(pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}'); do pg_ctlcluster ${c%/*} ${c#*/} stop >/dev/null 2>&1 || true; done
  fi
  exit 0
fi
echo "[ensure-postgres] the ledger tests need PostgreSQL's server binaries: install them (sudo apt-get install postgresql) or set POINTS_PG_BIN" >&2
exit 1
