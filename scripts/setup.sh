#!/usr/bin/env bash
# Installs what BrokerGraph needs to build and run on Debian: the SQLite, Graphviz and zlib C libraries,
# Graphviz's layout and render plugins, a font that draws Chinese names, and the sqlite3 shell
# (used by the benchmark), libpq (the PostgreSQL client library) and the PostgreSQL server (for the tests'
# throwaway cluster, scripts/postgres.sh). Safe to run again: it installs only what is missing.
# Usage: scripts/setup.sh [--quiet]
set -euo pipefail

packages=(libsqlite3-dev libgraphviz-dev zlib1g-dev fonts-wqy-zenhei sqlite3 pkg-config libpq-dev postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Graphviz finds its layout and render plugins through a registry written when libgvc6 is installed.
# Without it, layout fails with 'Layout type: "dot" not recognized'.
plugin_dir=$(find /usr/lib -maxdepth 3 -type d -path '*graphviz' 2>/dev/null | head -n 1)
if [[ -n $plugin_dir && ! -s $plugin_dir/config6a ]] && command -v libgvc6-config-update >/dev/null; then
  echo "setup: registering Graphviz plugins in $plugin_dir" >&2
  $sudo libgvc6-config-update -c
fi
