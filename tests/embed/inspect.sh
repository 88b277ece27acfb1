#!/usr/bin/env bash
# Runs an inspect example (examples/embed/{c,cpp}/inspect.*) on the b2b
# example and compares its whole output with tests/embed/inspect.expected.
#   inspect.sh BATON INSPECT      (from the source root)
set -euo pipefail
baton=$1
inspect=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$baton" build "$root/examples/b2b-saas.baton" -o "$work/b2b.batonc" >/dev/null
# The fingerprint changes with any change of the compiler's output: not compared.
"$inspect" "$work/b2b.batonc" "$root/examples/b2b-saas-leads.jsonl" 1795392000 L007 |
  sed -E 's/fingerprint [0-9a-f]{32}/fingerprint (any)/' > "$work/out.txt"
diff -u "$root/tests/embed/inspect.expected" "$work/out.txt"
echo "output identical to tests/embed/inspect.expected"
