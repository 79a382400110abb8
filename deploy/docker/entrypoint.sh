#!/bin/sh
# The image's roles: web (the PWA and API on $PORT), worker [ocr|mistral|all] (one lane of the
# queue; health and metrics on $WORKER_HEALTH_PORT), migrate (applies pending migrations, then exits).
# exec: the process gets SIGTERM itself, so a worker hands its job back before the pod goes.
set -eu
role="${1:-web}"
case "$role" in
  web)
    # tsx is the web app's production dependency, not the root's (a development one, gone from the
    # image): resolved from the app's folder, as `pnpm start` runs it.
    cd apps/web
    exec node --import tsx src/serve.ts -p "${PORT:-3000}" -H 0.0.0.0
    ;;
  worker)
    export WORKER_MODE="${2:-${WORKER_MODE:-all}}"
    cd apps/worker
    exec node --import tsx src/main.ts
    ;;
  migrate)
    # tsx is the worker's (production) dependency: resolved from its folder.
    cd apps/worker
    exec node --import tsx ../../packages/db/scripts/migrate.ts
    ;;
  *)
    echo "docvault image: unknown role '$role'. Use: web | worker [ocr|mistral|all] | migrate" >&2
    exit 64
    ;;
esac
