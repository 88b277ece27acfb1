#!/usr/bin/env bash
# Peak memory and time of `baton check` and `baton build` on large SLAs, each
# on a single line (the worst case for line tables); the figures are in
# docs/limits.md, "Memory while compiling".
#   bench/large_sla.sh [path/to/baton]
set -euo pipefail
baton=${1:-build/cli/baton}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys
out = sys.argv[1]
def write(name, body):
    open(f"{out}/{name}.baton", "w").write('sla "x" version "1" lead { email: string, n: int } ' + body + "\n")
k = 100000
write("rules", "score s { " + " ".join(f'+1 when email == "a{i}"' for i in range(k)) + " } stages { lead otherwise }")
write("lets", " ".join(f"let v{i} = n + {i}" for i in range(k)) + " stages { lead otherwise }")
write("arms", "stages { " + " ".join(f'mql when email == "a{i}"' for i in range(k)) + " lead otherwise }")
write("set", "const s = {" + ",".join(f'"item{i:07d}"' for i in range(k * 2)) + "} stages { mql when email in s lead otherwise }")
PY
printf '%-6s %8s %-6s %10s %8s %6s\n' shape bytes verb "peak RSS" seconds ratio
for shape in rules lets arms set; do
  file=$work/$shape.baton
  bytes=$(stat -c %s "$file")
  for verb in check build; do
    extra=()
    [ "$verb" = build ] && extra=(-o "$work/out.batonc")
    /usr/bin/time -f '%M %e' -o "$work/time" "$baton" "$verb" "$file" "${extra[@]}" >/dev/null 2>&1 || true
    read -r kb seconds < <(tail -1 "$work/time")
    printf '%-6s %8s %-6s %8s MB %8s %5sx\n' "$shape" "$bytes" "$verb" $((kb / 1024)) "$seconds" $((kb * 1024 / bytes))
  done
done
