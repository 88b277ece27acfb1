#!/usr/bin/env bash
# The ctest regex of the sanitizer stage (scripts/test.sh): every unit test,
# every golden case and every fuzz smoke run; not the end-to-end tests that
# need the embedding, Python or service builds.
cd "$(dirname "$0")/.."
units=$(cd tests/unit && ls *_test.cpp | sed 's/\.cpp$//' | paste -sd'|')
echo "^(${units})/|^case/|^golden/|^fuzz/"
