#!/usr/bin/env bash
# Makes sure what the tests need is there: Debian's Chromium (never a downloaded browser),
# kubectl (its Kustomize renders the manifests for `pnpm deploy:check`), PgBouncer (the tests
# start their own on loopback; the package's service is not used), heif-enc (libheif's encoder
# with x265: the tests make their own iPhone-style HEIC photos), PostgreSQL on
# 127.0.0.1:5432 and Redis on 127.0.0.1:6379. Starts them when installed but
# stopped; installs them from Debian's packages when missing and we are root.
set -uo pipefail
say() { printf '[ensure] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_updated=""
apt_install() {
  command -v apt-get >/dev/null || { say "apt-get not found: install $* by hand"; return 1; }
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq >/dev/null && apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  say "installing Chromium from Debian"
  apt_install chromium || { say "Chromium is missing and could not be installed"; exit 1; }
fi

if ! command -v kubectl >/dev/null; then
  say "installing kubectl from Debian"
  apt_install kubectl || { say "kubectl is missing and could not be installed"; exit 1; }
fi

if ! command -v pgbouncer >/dev/null; then
  say "installing PgBouncer from Debian"
  apt_install pgbouncer || { say "PgBouncer is missing and could not be installed"; exit 1; }
fi

if ! command -v heif-enc >/dev/null; then
  say "installing heif-enc (libheif-examples) from Debian"
  apt_install libheif-examples || { say "heif-enc is missing and could not be installed"; exit 1; }
fi
# Newer Debian ships the HEVC encoder as a plugin of its own.
if ! heif-enc --list-encoders 2>/dev/null | grep -q x265; then
  apt_install libheif-plugin-x265 || { say "heif-enc has no HEVC encoder and libheif-plugin-x265 could not be installed"; exit 1; }
fi

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if ! pg_up; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    say "installing PostgreSQL from Debian"
    apt_install postgresql || { say "PostgreSQL is missing and could not be installed"; exit 1; }
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
      # Tests connect as postgres over loopback without a password, as on the developers' machines.
      as_root sed -i -E 's/^(local|host)(\s+all\s+all\s+.*)\s(peer|scram-sha-256|md5)$/\1\2 trust/; s/^(local\s+all\s+postgres\s+)peer$/\1trust/' "$hba"
    done
  fi
  say "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { say "PostgreSQL did not come up on 127.0.0.1:5432"; exit 1; }
fi

redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
if ! redis_up; then
  command -v redis-server >/dev/null || { say "installing Redis from Debian"; apt_install redis-server || exit 1; }
  say "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
  redis_up || { say "Redis did not come up on 127.0.0.1:6379"; exit 1; }
fi
say "Chromium, kubectl, PgBouncer, heif-enc, PostgreSQL and Redis are ready"
