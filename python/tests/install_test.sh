#!/usr/bin/env bash
# The documented install command, into a temporary prefix; then Debian's
# python3 imports the installed package (not the build tree) and scores.
#   install_test.sh SOURCE_DIR BUILD_DIR PYTHON
set -euo pipefail
source_dir=$1 build_dir=$2 python=$3
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
"$source_dir/scripts/install-python.sh" --prefix "$prefix" --build-dir "$build_dir" >"$prefix/log" 2>&1 || {
  cat "$prefix/log"; exit 1; }
site=$(find "$prefix" -type d -name dist-packages)
for f in __init__.py __init__.pyi _core*.so dask.py py.typed; do
  compgen -G "$site/baton/$f" >/dev/null || { echo "missing after install: baton/$f"; exit 1; }
done
cd "$prefix"
env -i PATH=/usr/bin:/bin PYTHONPATH="$site" "$python" - "$source_dir" "$site" <<'PY'
import sys
import baton
source_dir, site = sys.argv[1], sys.argv[2]
assert baton.__file__.startswith(site), baton.__file__
program = baton.compile(f"{source_dir}/examples/b2b-saas.baton")
leads = f"{source_dir}/examples/b2b-saas-leads.jsonl"
decisions = list(program.score_jsonl(leads, as_of="2026-11-23"))
assert len(decisions) == sum(1 for line in open(leads) if line.strip()) and all(d.scored for d in decisions)
print(f"imported {baton.__file__}; scored {len(decisions)} leads")
PY
