#!/usr/bin/env bash
# Installs baton from the build tree into a temporary prefix, builds
# examples/embed/cpp against it with find_package(baton) (no source tree on
# the include path), and checks its decisions equal `baton score`'s.
set -euo pipefail
build_dir=$1
baton=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/lib/cmake/baton/baton-config.cmake"
test -f "$work/prefix/lib/pkgconfig/baton.pc"
test -f "$work/prefix/include/baton/baton.h"
# A copy of the example, so nothing from the source tree can leak in.
cp -r "$root/examples/embed/cpp" "$work/src"
cmake -S "$work/src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" -j2 >/dev/null
python3 "$root/tests/embed/compare_outputs.py" --baton "$baton" --sla "$root/examples/b2b-saas.baton" \
  --leads "$root/examples/b2b-saas-leads.jsonl" -- "$work/build/lead_service" {program} \
  "$root/examples/b2b-saas-leads.jsonl" {as_of} 8 {program}  # the last argument hot-reloads mid-run
