#!/usr/bin/env bash
# One-time setup of the peers (run by hand, not by CI): Debian packages and
# the npm packages pinned in bench/peers/js/package.json (+ package-lock.json).
#
#   bench/peers/setup.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sudo_() { if [ "$(id -u)" -ne 0 ]; then sudo "$@"; else "$@"; fi; }

# luajit + lua-cjson: the Lua peer (lua-cjson installs cjson.so into the Lua
# 5.1 cpath, which LuaJIT reads); python3-xxhash: XXH3 for one_of() in the
# Python peer; time: GNU time for CPU times; libsimdjson-dev, libxxhash-dev:
# the C++ ceiling (already installed for baton itself by scripts/setup.sh).
sudo_ apt-get update
sudo_ apt-get install -y --no-install-recommends \
  luajit lua-cjson python3-xxhash time g++ cmake pkg-config libsimdjson-dev libxxhash-dev
# Node.js (>= 18) with npm for the JavaScript peers: Debian's nodejs and npm
# packages, unless a node with npm is already installed (e.g. NodeSource's,
# whose nodejs package includes npm and conflicts with Debian's npm).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  sudo_ apt-get install -y --no-install-recommends nodejs npm
fi

luajit -e 'print("luajit + cjson: " .. require("cjson").encode({1}))'
# Debian's python3 (the one python3-xxhash installs into; a pyenv or venv python3 on PATH may not see it)
/usr/bin/python3 -c 'import xxhash; print("python3-xxhash:", xxhash.VERSION)'

cd "$here/js"
# `npm ci` installs exactly the lock file; npm 11 refuses it when a registry
# (or mirror) lacks some platform's optional build of zen-engine, which the
# lock then cannot list. `npm install` keeps the lock's versions (package.json
# pins every direct dependency exactly) and skips what it cannot fetch.
npm ci --no-audit --no-fund || npm install --no-audit --no-fund
node -e 'require("json-rules-engine"); require("@gorules/zen-engine"); require("hash-wasm"); console.log("node peers: ok")'
