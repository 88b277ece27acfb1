#!/usr/bin/env bash
# libbaton.so must export the C API and nothing else.
set -euo pipefail
library=$1
symbols=$(nm -D --defined-only "$library" | awk '{print $3}')
count=$(echo "$symbols" | grep -c '^baton_' || true)
others=$(echo "$symbols" | grep -v '^baton_' | grep -v '^$' || true)
if [ -n "$others" ]; then
  echo "exported symbols outside the API:"; echo "$others" | head -20; exit 1
fi
[ "$count" -ge 20 ] || { echo "only $count baton_ symbols exported"; exit 1; }
echo "$count symbols, all baton_*"
