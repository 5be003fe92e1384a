#!/bin/sh
# Runs a command under a Node.js that Hardhat 3 supports (>= 22.13), with the project's
# dependencies installed by that Node's npm.
#
# Where the system Node is new enough it is used as it is. Where it is older (Node 20 on
# our CI machines), Node 22 is installed from the npm registry (package `node`) into
# .tools/ once, and put first on PATH. npm itself must run under that Node, or it skips
# EDR's native package (its engines field asks for Node 22), so dependencies are installed
# here too, again whenever package-lock.json or the Node major changes.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
want_major=22
want_minor=13
node_pkg="node@22.23.3"
tools="$root/.tools/node"

say() { printf '[with-node] %s\n' "$*" >&2; }

supported() {
  # $1: a node binary. True when it is >= 22.13.
  "$1" -e "const [a,b]=process.versions.node.split('.').map(Number);process.exit(a>$want_major||(a===$want_major&&b>=$want_minor)?0:1)" 2>/dev/null
}

# The `node` package puts the binary in place with a preinstall script; where npm runs no install
# scripts (ignore-scripts, or an allowScripts policy), the platform package carries it directly.
node_version=${node_pkg#node@}
platform_pkg="node-$(uname -s | tr 'A-Z' 'a-z')-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
find_tools_node() {
  for candidate in "$tools/node_modules/node/bin/node" "$tools/node_modules/$platform_pkg/bin/node"; do
    if [ -x "$candidate" ] && supported "$candidate"; then
      dirname "$candidate"
      return 0
    fi
  done
  return 1
}

if command -v node >/dev/null 2>&1 && supported "$(command -v node)"; then
  :
elif node_dir=$(find_tools_node); then
  PATH="$node_dir:$PATH"
else
  if ! command -v npm >/dev/null 2>&1; then
    say "no npm on PATH: install Node.js (any version with npm), then run this again"
    exit 1
  fi
  say "Node $(node --version 2>/dev/null || echo '(none)') is older than Hardhat 3 needs (22.13); installing $node_pkg from the npm registry into .tools/ (once)"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$node_pkg" >&2 || true
  if ! node_dir=$(find_tools_node); then
    say "the node package ran no install script; installing $platform_pkg@$node_version instead"
    npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "$platform_pkg@$node_version" >&2
    node_dir=$(find_tools_node) || { say "no Node >= 22.13 runs here; install one by hand (https://nodejs.org)"; exit 1; }
  fi
  PATH="$node_dir:$PATH"
fi
export PATH="$root/node_modules/.bin:$PATH"

# Dependencies, installed by npm running under the supported Node.
stamp="$root/node_modules/.points-install"
want_stamp="$(node -p 'process.versions.node.split(".")[0]') $(cksum < "$root/package-lock.json" 2>/dev/null || echo none)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ]; then
  say "installing dependencies with Node $(node --version)"
  cd "$root"
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error >&2
  else
    npm install --no-audit --no-fund --loglevel=error >&2
    want_stamp="$(node -p 'process.versions.node.split(".")[0]') $(cksum < "$root/package-lock.json")"
  fi
  printf '%s' "$want_stamp" > "$stamp"
fi

cd "$root"
exec "$@"
