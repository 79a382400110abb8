#!/usr/bin/env bash
# The image's application, staged: the workspace installed and built, then pruned to production
# dependencies, with what only building and testing need removed. The Dockerfile's build stage runs
# it in place (bundle.sh /app /app); `pnpm deploy:bundle` (tests/bundle/run.ts) runs it into a
# temporary directory and starts what it made outside any container, so both use these same steps.
#
# Usage: bundle.sh [--reuse-build] <src> <dest>
#   <src> = <dest>: the files are already there (Docker's COPY has left out what .dockerignore names).
#   Otherwise <dest> (new or empty) gets a copy of <src> without what .dockerignore names, as the
#   build context would hold it.
#   --reuse-build (the test's way, to spare CI a second build): instead of installing everything and
#   building, take <src>'s build outputs (.next without its cache, dist), which must be current; only
#   the production install runs, offline, from the pnpm store the workspace install filled.
# bash for pipefail: a copy that fails half way must fail the bundle.
set -euo pipefail

reuse=false
if [ "${1:-}" = "--reuse-build" ]; then
  reuse=true
  shift
fi
if [ "$#" -ne 2 ]; then
  echo "usage: bundle.sh [--reuse-build] <src> <dest>" >&2
  exit 64
fi
src=$(cd "$1" && pwd)
mkdir -p "$2"
dest=$(cd "$2" && pwd)

# One .dockerignore line as an anchored ERE for find: `**/` any folders (none too), `*` and `?`
# within one path segment, as Docker matches them. Exceptions (`!`) are not supported: refused.
ignore_regex() {
  printf '%s' "$1" | sed -e 's#^\./##' -e 's#^/##' -e 's#/$##' \
    -e 's#[.+^$(){}|\\]#\\&#g' \
    -e 's#\*\*/#\x01#g' -e 's#/\*\*$#\x02#' -e 's#\*\*#\x03#g' \
    -e 's#\*#[^/]*#g' -e 's#?#[^/]#g' \
    -e 's#\x01#(.*/)?#g' -e 's#\x02#(/.*)?#' -e 's#\x03#.*#g'
}

if [ "$src" != "$dest" ]; then
  if [ -n "$(ls -A "$dest")" ]; then
    echo "bundle.sh: $dest is not empty" >&2
    exit 1
  fi
  set --
  if [ -f "$src/.dockerignore" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      line=$(printf '%s' "$line" | sed -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//')
      case "$line" in
        "" | "#"*) continue ;;
        "!"*)
          echo "bundle.sh: .dockerignore exception '$line' is not supported here; extend ignore_regex" >&2
          exit 1
          ;;
      esac
      [ "$#" -gt 0 ] && set -- "$@" -o
      set -- "$@" -regex "\./$(ignore_regex "$line")"
    done <"$src/.dockerignore"
  fi
  [ "$#" -eq 0 ] && set -- -false
  # Directories too (--no-recursion), so empty ones come along; links stay links.
  (cd "$src" && find . -regextype posix-extended -mindepth 1 \( "$@" \) -prune -o -print0 | tar --null --no-recursion -T - -cf -) | tar -xf - -C "$dest"
fi

cd "$dest"
if [ "$reuse" = true ]; then
  if [ ! -f "$src/apps/web/.next/BUILD_ID" ]; then
    echo "bundle.sh --reuse-build: $src/apps/web has no production build; run pnpm build first" >&2
    exit 1
  fi
  (cd "$src" && find apps packages -mindepth 2 -maxdepth 2 \( -name .next -o -name dist \) -type d -print0 |
    tar --null --exclude='*/.next/cache' -T - -cf -) | tar -xf -
  pnpm install --frozen-lockfile --prod --offline --config.confirmModulesPurge=false
else
  pnpm install --frozen-lockfile
  pnpm exec turbo run build --filter=@docvault/web... --filter=@docvault/worker...
  # Then the development dependencies go (type checkers, linters, test runners, browsers' drivers).
  pnpm install --frozen-lockfile --prod --config.confirmModulesPurge=false
fi
rm -rf apps/*/.next/cache tests reports .turbo
