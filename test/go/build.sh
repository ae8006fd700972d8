#!/usr/bin/env bash
# Builds the reference validator (test/go/jwtcheck) into .cache/jwtcheck/, offline, in GOPATH mode
# from Debian's packages (golang-go, golang-github-nats-io-jwt-dev, golang-github-nats-io-nkeys-dev).
# Rebuilds only when its Go source changed; prints the binary's path.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=".cache/jwtcheck"
bin="$out/jwtcheck"
sum="$(cat test/go/jwtcheck/*.go | sha256sum | cut -d' ' -f1)"
if [ ! -x "$bin" ] || [ "$(cat "$out/source.sha256" 2>/dev/null)" != "$sum" ]; then
  mkdir -p "$out"
  GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$PWD/$out/gocache" GOFLAGS= \
    go build -o "$bin.tmp" ./test/go/jwtcheck
  mv "$bin.tmp" "$bin"
  printf '%s\n' "$sum" > "$out/source.sha256"
fi
echo "$PWD/$bin"
