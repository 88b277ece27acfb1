#!/usr/bin/env bash
# Builds the C and C++ examples (examples/embed/) as a consumer would, with
# no source tree on the include path, and checks what they print:
#   installed_package.sh BUILD_DIR BATON install      `cmake --install` into a
#       temporary prefix; find_package(baton) with CMAKE_PREFIX_PATH, and
#       pkg-config (baton, baton-compiler, baton-cpp) with the lines
#       docs/embedding.md gives
#   installed_package.sh BUILD_DIR BATON build-tree   find_package(baton) with
#       baton_DIR pointing at the build directory (its export())
# score and lead_service must print what `baton score` prints; inspect (C and
# C++) what tests/embed/inspect.expected holds; compile must build a program
# that scores the same.
set -euo pipefail
build_dir=$(cd "$1" && pwd)
baton=$2
mode=${3:-install}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
leads=$root/examples/b2b-saas-leads.jsonl

if [ "$mode" = install ]; then
  cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
  for f in lib/cmake/baton/baton-config.cmake lib/pkgconfig/baton.pc lib/pkgconfig/baton-cpp.pc \
           lib/pkgconfig/baton-compiler.pc include/baton/baton.h include/baton/baton_compiler.h \
           include/baton/load.hpp include/baton/evaluate.hpp include/baton/explain.hpp include/baton/compile.hpp; do
    test -f "$work/prefix/$f" || { echo "not installed: $f"; exit 1; }
  done
  find_baton=(-DCMAKE_PREFIX_PATH="$work/prefix")
else
  test -f "$build_dir/baton-config.cmake" && test -f "$build_dir/batonTargets.cmake"
  find_baton=(-Dbaton_DIR="$build_dir")
fi

# Copies of the examples, so nothing from the source tree can leak in.
for lang in c cpp; do
  cp -r "$root/examples/embed/$lang" "$work/src-$lang"
  cmake -S "$work/src-$lang" -B "$work/build-$lang" "${find_baton[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$work/build-$lang" -j2 >/dev/null
done
c=$work/build-c
cpp=$work/build-cpp

check_inspect() {  # check_inspect NAME INSPECT PROGRAM
  "$2" "$3" "$leads" 1795392000 L007 | sed -E 's/fingerprint [0-9a-f]{32}/fingerprint (any)/' > "$work/inspect.txt"
  diff -u "$root/tests/embed/inspect.expected" "$work/inspect.txt" >&2 || { echo "$1: inspect output differs"; exit 1; }
}

# The C compile example makes the program the others load.
"$c/compile" "$root/examples/b2b-saas.baton" "$work/b2b.batonc" > "$work/compile.txt"
grep -q "^lumenfold-b2b 2026.11.3: 6 stages, 8 routes$" "$work/compile.txt"
check_inspect "C ($mode)" "$c/inspect" "$work/b2b.batonc"
check_inspect "C++ ($mode)" "$cpp/inspect" "$work/b2b.batonc"
compare=(python3 "$root/tests/embed/compare_outputs.py" --baton "$baton" --sla "$root/examples/b2b-saas.baton" --leads "$leads" --)
"${compare[@]}" "$c/score" {program} "$leads" {as_of} >/dev/null
"${compare[@]}" "$cpp/lead_service" {program} "$leads" {as_of} 8 {program} >/dev/null  # the last argument hot-reloads
# Damaged records: rejected one by one, the others still scored, exit code 1.
bad=(python3 "$root/tests/embed/compare_outputs.py" --baton "$baton" --sla "$root/examples/b2b-saas.baton"
     --leads "$root/tests/golden/bad-records.jsonl" --)
"${bad[@]}" "$c/score" {program} "$root/tests/golden/bad-records.jsonl" {as_of} >/dev/null
"${bad[@]}" "$cpp/lead_service" {program} "$root/tests/golden/bad-records.jsonl" {as_of} 4 >/dev/null

if [ "$mode" = install ]; then
  # pkg-config, as docs/embedding.md writes it; the .pc files find their prefix
  # from where they lie, so a moved install works too.
  export PKG_CONFIG_PATH=$work/prefix/lib/pkgconfig
  rpath=-Wl,-rpath,$work/prefix/lib
  cc -Wall -Werror -o "$work/inspect-pc" "$root/examples/embed/c/inspect.c" $(pkg-config --cflags --libs baton) "$rpath"
  cc -Wall -Werror -o "$work/compile-pc" "$root/examples/embed/c/compile.c" $(pkg-config --cflags --libs baton-compiler) "$rpath"
  c++ -Wall -Werror -O1 -o "$work/inspect-cpp-pc" "$root/examples/embed/cpp/inspect.cpp" $(pkg-config --cflags --libs baton-cpp)
  "$work/compile-pc" "$root/examples/b2b-saas.baton" "$work/b2b-pc.batonc" >/dev/null
  # A program that calls the compiler's C API alone: linked --as-needed, it
  # does not name libbaton.so, which libbaton_compiler.so must find itself
  # from a prefix the dynamic linker does not search.
  cat > "$work/check_only.c" <<'C'
#include <stdio.h>
#include <baton/baton_compiler.h>
int main(int argc, char** argv) {
  baton_compilation* c = baton_compile_file(argc > 1 ? argv[1] : "");
  int ok = baton_compilation_ok(c);
  if (!ok) fputs(baton_compilation_diagnostics_text(c), stderr);
  baton_compilation_free(c);
  puts(ok ? "compiles" : "does not compile");
  return ok ? 0 : 1;
}
C
  cc -Wall -Werror -Wl,--as-needed -o "$work/check-only" "$work/check_only.c" $(pkg-config --cflags --libs baton-compiler) "$rpath"
  test "$("$work/check-only" "$root/examples/b2b-saas.baton")" = compiles
  test "$("$work/check-only" "$work" 2>&1)" = "$work: error: cannot read the file: Is a directory
does not compile"
  check_inspect "C (pkg-config)" "$work/inspect-pc" "$work/b2b-pc.batonc"
  check_inspect "C++ (pkg-config baton-cpp)" "$work/inspect-cpp-pc" "$work/b2b-pc.batonc"
fi
echo "examples built against the $mode and checked"
