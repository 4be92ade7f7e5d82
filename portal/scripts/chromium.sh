#!/usr/bin/env bash
# The browser the portal's tests drive: Debian's Chromium (no test tool downloads a browser
# here), with DejaVu fonts for Cyrillic and Latvian letters. Installs them when missing
# (as root, as CI runs) and prints the binary's path.
set -euo pipefail
bin=${ICTGOV_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$bin" ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  [ "$(id -u)" = "0" ] || { echo "chromium: $bin is missing: apt-get install chromium fonts-dejavu-core (as root)" >&2; exit 1; }
  t=$(date +%s)
  DEBIAN_FRONTEND=noninteractive apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core >&2
  echo "chromium: installed in $(( $(date +%s) - t )) s" >&2
fi
[ -x "$bin" ] || { echo "chromium: $bin still missing after the install" >&2; exit 1; }
printf '%s\n' "$bin"
