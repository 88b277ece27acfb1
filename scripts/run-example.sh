#!/usr/bin/env bash
# Builds baton and scores the example leads with the example B2B SLA.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null  # as scripts/test.sh, so the two share build/
cmake --build build -j"$(nproc)" --target baton
./build/cli/baton score examples/b2b-saas.baton examples/b2b-saas-leads.jsonl --as-of 2026-11-23T00:00:00Z
echo "baton is $PWD/build/cli/baton; to run the README's \$ baton lines: export PATH=\"$PWD/build/cli:\$PATH\"" >&2
