#!/usr/bin/env bash
# Builds the Python package `baton` and installs it for Debian's python3.
#   scripts/install-python.sh                    into /usr/local/lib/python3.X/dist-packages
#   scripts/install-python.sh --prefix DIR       into DIR/lib/python3.X/dist-packages (then set PYTHONPATH)
#   scripts/install-python.sh --build-dir DIR    build in DIR (default: build/)
# Offline: Debian packages only (scripts/setup.sh), no pip.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=/usr/local
build=build
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    *) echo "usage: scripts/install-python.sh [--prefix DIR] [--build-dir DIR]" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target baton_python
install=(cmake --install "$build" --component python --prefix "$prefix")
mkdir -p "$prefix" 2>/dev/null || true
if [ "$(id -u)" -ne 0 ] && [ ! -w "$prefix" ]; then
  sudo "${install[@]}"  # /usr/local belongs to root
else
  "${install[@]}"
fi
site="$prefix/$(sed -n 's/^BATON_PYTHON_INSTALL_DIR:STRING=//p' "$build/CMakeCache.txt")"
python=$(sed -n 's/^BATON_PYTHON_EXECUTABLE:FILEPATH=//p' "$build/CMakeCache.txt")
if PYTHONPATH="$site" "$python" -c "import baton" 2>/dev/null; then
  echo "installed: $site/baton (for $python)"
  [ "$prefix" = /usr/local ] || echo "use it with: PYTHONPATH=$site $python"
else
  echo "installed into $site, but $python cannot import it" >&2
  exit 1
fi
