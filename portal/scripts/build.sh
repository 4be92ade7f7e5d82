#!/usr/bin/env bash
# make portal: install the portal's npm packages exactly as the lock file says (only when
# the lock changed since the last install), then build it into functions/portal/site/app,
# which the Portal function embeds. Node and npm come from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  [ "$(id -u)" = "0" ] || { echo "portal: node and npm are missing: install them (Debian: nodejs npm)" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm >&2
fi

# npm ci wipes node_modules and installs the lock's versions; a stamp of the lock skips it
# when nothing changed (npm ci takes ~10 s, a build ~3 s).
stamp=node_modules/.ictgov-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  t=$(date +%s)
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" >"$stamp"
  echo "portal: npm ci in $(( $(date +%s) - t )) s" >&2
fi
npm run --silent build
