#!/bin/sh
# PgBouncer in front of docvault's PostgreSQL, in transaction pooling mode: many web and worker pods
# share a few server connections. Writes its configuration from the environment, then runs it.
# The same script runs in the image (deploy/pgbouncer/Dockerfile) and in the tests
# (tests/support/pgbouncer.ts), so what is tested is what is deployed.
#
#   DB_HOST, DB_PORT (5432)        the PostgreSQL server
#   DB_USER, DB_PASSWORD           the one role the apps use (clients give the same password)
#   LISTEN_PORT (6432)             where the apps connect (DATABASE_URL=postgresql://user:pw@pgbouncer:6432/db)
#   POOL_SIZE (20)                 server connections per database: the sum over PgBouncer replicas
#                                  must stay under PostgreSQL's max_connections
#   MAX_CLIENT_CONN (2000)         client connections accepted (every pod's DATABASE_POOL_SIZE, summed)
#   PGBOUNCER_RUN_AS               switch to this user first (PgBouncer will not run as root)
#
# What the apps need of it: transaction pooling works with Prisma's pg adapter, which sends unnamed
# statements only (no named prepared statements to lose between transactions) and keeps each
# interactive transaction on one server connection. Session features do not survive it: migrations
# (a session advisory lock) and the queue's PostgreSQL backend (LISTEN) use DATABASE_DIRECT_URL.
set -eu
: "${DB_HOST:?set DB_HOST}" "${DB_USER:?set DB_USER}" "${DB_PASSWORD:?set DB_PASSWORD}"
dir="${PGBOUNCER_CONFIG_DIR:-/tmp/pgbouncer}"
mkdir -p "$dir"
umask 077
# userlist.txt: "user" "password"; PgBouncer checks the client's SCRAM against it and logs in to the
# server with it.
printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" > "$dir/userlist.txt"
cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=$DB_HOST port=${DB_PORT:-5432}

[pgbouncer]
listen_addr = ${LISTEN_ADDR:-0.0.0.0}
listen_port = ${LISTEN_PORT:-6432}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
admin_users = $DB_USER
stats_users = $DB_USER
pool_mode = transaction
default_pool_size = ${POOL_SIZE:-20}
max_client_conn = ${MAX_CLIENT_CONN:-2000}
; node-postgres may send these at connect; PgBouncer refuses unknown startup parameters otherwise.
ignore_startup_parameters = extra_float_digits,options
; A server connection that broke is closed, not handed to the next client.
server_check_query = select 1
server_check_delay = 10
INI
if [ -n "${PGBOUNCER_RUN_AS:-}" ]; then
  chown -R "$PGBOUNCER_RUN_AS" "$dir"
  exec pgbouncer -u "$PGBOUNCER_RUN_AS" "$dir/pgbouncer.ini"
fi
exec pgbouncer "$dir/pgbouncer.ini"
