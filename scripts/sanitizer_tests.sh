#!/usr/bin/env bash
# What the sanitizer stage of scripts/test.sh runs: every golden case, every
# fuzz smoke run and the unit tests below (with "full", every unit test); not
# the end-to-end tests that need the embedding, Python or service builds.
#   scripts/sanitizer_tests.sh [1|full]           the ctest regex
#   scripts/sanitizer_tests.sh [1|full] --units   the unit test targets, one per line
cd "$(dirname "$0")/.."
# The unit tests of hand-made hostile input (bytecode, records, limits):
# their bugs are the ones the sanitizers exist to catch.
units="reliability_test hostile_input_test corruption_test"
[ "${1:-1}" = full ] && units=$(cd tests/unit && ls *_test.cpp | sed 's/\.cpp$//')
if [ "${2:-}" = --units ]; then
  printf '%s\n' $units
else
  echo "^($(printf '%s\n' $units | paste -sd'|'))/|^case/|^golden/|^fuzz/"
fi
