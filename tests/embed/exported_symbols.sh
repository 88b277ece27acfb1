#!/usr/bin/env bash
# A shared library of baton's exports its C API and nothing else.
#   exported_symbols.sh LIBRARY [PREFIX]
# PREFIX defaults to baton_ (libbaton.so); for libbaton.so it also checks that
# the runtime library carries no grammar and no compiler.
set -euo pipefail
library=$1
prefix=${2:-baton_}
symbols=$(nm -D --defined-only "$library" | awk '{print $3}')
count=$(echo "$symbols" | grep -c "^$prefix" || true)
others=$(echo "$symbols" | grep -v "^$prefix" | grep -v '^$' || true)
if [ -n "$others" ]; then
  echo "exported symbols outside the API:"; echo "$others" | head -20; exit 1
fi
[ "$count" -ge 10 ] || { echo "only $count $prefix symbols exported"; exit 1; }
if [ "$prefix" = baton_ ]; then
  # All symbols, local ones too: the compiler's entry points, the checker,
  # the grammar (PEGTL) must not be linked into the runtime library.
  compiler=$(nm -C "$library" | grep -E 'baton::(compile|check|parse|format_source)\(|tao::pegtl' || true)
  if [ -n "$compiler" ]; then
    echo "the runtime library contains compiler code:"; echo "$compiler" | head -10; exit 1
  fi
  [ "$(nm "$library" | wc -l)" -gt 100 ] || { echo "no symbol table to check (stripped?)"; exit 1; }
fi
echo "$count symbols, all $prefix*"
