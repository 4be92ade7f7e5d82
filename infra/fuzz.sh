#!/usr/bin/env bash
# make fuzz: run every fuzz target of the repository for a while each (default 20s).
# The seed corpora also run in `make test`, as part of the ordinary tests.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${1:-20s}"
grep -rl --include='*_test.go' '^func Fuzz' shared infra functions | while read -r f; do
  pkg="./$(dirname "$f")"
  for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    echo "== $pkg $target ($fuzztime)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg"
  done
done
