#!/usr/bin/env bash
# Makes the real Pulumi CLI and a Node.js language host available to this project.
#
# - Uses a `pulumi` already on PATH when its version is at least PULUMI_MIN_VERSION and a
#   `pulumi-language-nodejs` sits beside it.
# - Otherwise builds the pinned CLI from Go modules into .pulumi-cli/bin (git-ignored), with
#   the official version ldflag, plus the Node.js language host, and installs the
#   dynamic-provider shim from node_modules/@pulumi/pulumi beside them.
# - Idempotent: a complete install is recognised by a stamp file written last, after an
#   atomic rename of the staged bin directory, so a failed or partial build is never
#   mistaken for a good one.
#
# Language host: the current host module (github.com/pulumi/pulumi/sdk/nodejs/cmd/
# pulumi-language-nodejs/v3) is untagged and the module proxy here refuses every version of
# it (403 "This module version is not available", also for the pseudo-version of the release
# commit). The last release that kept the host inside the tagged sdk/v3 module is v3.68.0
# (package github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs), which the proxy
# serves. The engine falls back for the RPCs that host predates (Handshake,
# GetRequiredPackages), and it starts @pulumi/pulumi/cmd/run from the project's node_modules,
# so the program runs on the locked Node SDK. Set PULUMI_HOST_SOURCE=modern to try the
# current host module first (for a proxy that serves it).
#
# Prints the bin directory as its last line of stdout; progress goes to stderr.
# Environment: PULUMI_CLI_VERSIONS (tried in order), PULUMI_MIN_VERSION, PULUMI_CLI_ROOT
# (default <project>/.pulumi-cli), PULUMI_FORCE_BUILD=1 to ignore a pulumi on PATH.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=${PULUMI_CLI_ROOT:-$here/.pulumi-cli}
VERSIONS=${PULUMI_CLI_VERSIONS:-"3.248.0 3.274.1"}
MIN=${PULUMI_MIN_VERSION:-3.248.0}
LEGACY_HOST_SDK=v3.68.0
SHIM_SRC=$here/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs
PKG=github.com/pulumi/pulumi/pkg/v3
SDK=github.com/pulumi/pulumi/sdk/v3
HOST=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
LEGACY_HOST=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
CLIPBOARD=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
TAGS=osusergo,grpcnotrace

say() { echo "[ensure-pulumi] $*" >&2; }
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }
ldflags() { echo "-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$1"; }

install_shim() {
  [ -f "$SHIM_SRC" ] || { say "node_modules/@pulumi/pulumi is missing: run 'npm ci' first"; exit 1; }
  cmp -s "$SHIM_SRC" "$1/pulumi-resource-pulumi-nodejs" 2>/dev/null \
    || install -m 0755 "$SHIM_SRC" "$1/pulumi-resource-pulumi-nodejs"
}

# Wrapper module in $1 for building; fresh go.mod each time so a failed attempt leaves no trace.
new_module() {
  rm -rf "$1"; mkdir -p "$1"; cd "$1"
  go mod init local.invalid/pulumi-build >/dev/null 2>&1
  go mod edit -go=1.26 -replace github.com/atotto/clipboard=$CLIPBOARD
}

# build_cli V STAGE: pulumi CLI v$V into STAGE (runs in its own process: set -e holds).
build_cli() {
  local V=$1 stage=$2
  new_module "$ROOT/work/cli-$V"
  say "  resolving $PKG@v$V (first time: about 1 GB of modules)"
  go get -tool "$PKG/cmd/pulumi@v$V"
  go get "$SDK@v$V"
  go mod tidy
  local got; got=$(go list -m -f '{{.Version}}' "$PKG" "$SDK" | sort -u)
  [ "$got" = "v$V" ] || { say "  pkg/sdk resolved to $got, expected v$V"; return 1; }
  say "  compiling pulumi v$V (cold: several minutes on 2 cores)"
  go build -trimpath -tags $TAGS -ldflags "$(ldflags "$V")" -o "$stage/pulumi" "$PKG/cmd/pulumi"
}

# The host's own code (scripts/pulumi-host/*.go), compiled into the sdk/v3 host's package:
# - runplugin.go: RunPlugin. The sdk/v3 host has only a "not supported" stub, so the CLI could
#   not start a `runtime: nodejs` policy pack; the build drops the stub.
# - options.go: Pulumi.yaml's runtime options, which today's engine sends in the Run request
#   rather than as the flags this host reads; the build makes the host's `typescript` test ask it,
#   so `typescript: false` (ours) no longer loads ts-node in every program run.
# HOST_REV is part of the install stamp (with a checksum of those files), so an install built
# without them, or with another version of them, is rebuilt. Bump the number when the way the host
# is built changes.
HOST_FILES=("$here"/scripts/pulumi-host/*.go)
HOST_REV="host-3 $(cat "${HOST_FILES[@]}" | cksum | cut -d' ' -f1)"

# legacy_host_package DIR: the sdk/v3 host package in DIR/host, its RunPlugin stub replaced by ours.
legacy_host_package() {
  local src; src=$(go list -m -f '{{.Dir}}' "$SDK")/nodejs/cmd/pulumi-language-nodejs
  [ -f "$src/main.go" ] || { say "  $LEGACY_HOST is missing from $SDK@$LEGACY_HOST_SDK"; return 1; }
  mkdir -p "$1/host"
  cp "$src"/*.go "$1/host/"; chmod u+w "$1"/host/*.go; rm -f "$1"/host/*_test.go
  # Drop `func (host *nodeLanguageHost) RunPlugin(...) error { ... }` (from its line to the first "}").
  awk '/^func \(host \*nodeLanguageHost\) RunPlugin\(/ { skip = 1; dropped++ }
       skip && /^}/ { skip = 0; next }
       !skip { print }
       END { if (dropped != 1) exit 1 }' "$src/main.go" > "$1/host/main.go" \
    || { say "  could not find the RunPlugin stub in $src/main.go"; return 1; }
  # `if host.typescript {` (the one place the host decides on ts-node) also asks the Run request.
  [ "$(grep -c '^\s*if host\.typescript {$' "$1/host/main.go")" = 1 ] \
    || { say "  could not find the host's typescript test in $src/main.go"; return 1; }
  sed -i 's/^\(\s*\)if host\.typescript {$/\1if host.typescript \&\& runOptionBool(req, "typescript", true) {/' "$1/host/main.go"
  cp "${HOST_FILES[@]}" "$1/host/"
}

# build_host V STAGE: pulumi-language-nodejs into STAGE.
build_host() {
  local V=$1 stage=$2
  if [ "${PULUMI_HOST_SOURCE:-legacy}" = modern ]; then
    new_module "$ROOT/work/host-$V"
    local hash="" mod
    for mod in "$SDK" "$PKG"; do
      hash=$(go mod download -json "$mod@v$V" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log((j.Origin&&j.Origin.Hash)||"")})')
      [ -n "$hash" ] && break
    done
    if [ -n "$hash" ] && go get -tool "$HOST@$hash" && go get "$SDK@v$V" && go mod tidy; then
      say "  compiling pulumi-language-nodejs at $hash"
      go build -trimpath -tags $TAGS -ldflags "$(ldflags "$V")" -o "$stage/pulumi-language-nodejs" "$HOST"
      return 0
    fi
    say "  the current language host module is not served; using the sdk/v3 host"
  fi
  new_module "$ROOT/work/host-legacy"
  say "  resolving $LEGACY_HOST@$LEGACY_HOST_SDK"
  go get "$SDK@$LEGACY_HOST_SDK"
  legacy_host_package "$ROOT/work/host-legacy"
  go mod tidy
  say "  compiling pulumi-language-nodejs ($LEGACY_HOST_SDK with the project's RunPlugin)"
  go build -trimpath -tags $TAGS -ldflags "$(ldflags "${LEGACY_HOST_SDK#v}")" \
    -o "$stage/pulumi-language-nodejs" ./host
}

if [ "${1:-}" = __build ]; then   # internal: one build attempt, in its own process
  set -euo pipefail
  export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
  build_cli "$2" "$3"
  build_host "$2" "$3"
  [ "$("$3/pulumi" version)" = "v$2" ] || { say "  built pulumi reports '$("$3/pulumi" version)'"; exit 1; }
  exit 0
fi

# 1. A suitable pulumi on PATH (not our own build).
if [ "${PULUMI_FORCE_BUILD:-0}" != 1 ] && existing=$(command -v pulumi 2>/dev/null); then
  bindir=$(dirname "$(readlink -f "$existing")")
  if [ "$bindir" != "$(readlink -f "$ROOT/bin" 2>/dev/null || echo none)" ]; then
    # (no update check: a version probe asks no server and writes no cache in the Pulumi home)
    v=$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null | sed 's/^v//' | tr -d '[:space:]' || true)
    if [ -n "$v" ] && version_ge "$v" "$MIN" && [ -x "$bindir/pulumi-language-nodejs" ]; then
      say "using pulumi $v from PATH ($existing)"
      echo "$bindir"; exit 0
    fi
    say "pulumi on PATH is ${v:-of unknown version} (need >= $MIN with pulumi-language-nodejs beside it); using the project build"
  fi
fi

ready() {
  [ -f "$ROOT/bin/.complete" ] && [ -x "$ROOT/bin/pulumi" ] && [ -x "$ROOT/bin/pulumi-language-nodejs" ] \
    && grep -qF "[$HOST_REV]" "$ROOT/bin/.complete"   # built by this script's current host build
}

# 2. A complete earlier build.
if ready; then
  install_shim "$ROOT/bin"
  say "using $(cat "$ROOT/bin/.complete") from $ROOT/bin"
  echo "$ROOT/bin"; exit 0
fi

# 3. Build from Go modules.
# Go first, before any build: the build pins go.mod to `go 1.26` (go mod edit -go=1.26) under
# GOTOOLCHAIN=local (no toolchain download) and uses `go get -tool`, so it needs Go >= 1.26.
GO_MIN=1.26
skip_hint="or install the Pulumi CLI >= $MIN (https://www.pulumi.com/docs/install/) on PATH: an installed CLI skips this build"
command -v go >/dev/null || { say "no suitable pulumi on PATH and no Go toolchain to build one: install Go >= $GO_MIN (https://go.dev/dl/), $skip_hint"; exit 1; }
go_v=$(go version 2>/dev/null | sed -n 's/^go version go\([0-9][0-9.]*\).*/\1/p')
if [ -z "$go_v" ] || ! version_ge "$go_v" "$GO_MIN"; then
  say "building the Pulumi CLI needs Go >= $GO_MIN, but 'go version' says: $(go version 2>&1 | head -n1). Install Go >= $GO_MIN (https://go.dev/dl/), $skip_hint"
  exit 1
fi
mkdir -p "$ROOT"
exec 9>"$ROOT/.lock"; flock 9           # one build at a time; a second caller waits, then reuses it
if ready; then install_shim "$ROOT/bin"; echo "$ROOT/bin"; exit 0; fi
start=$(date +%s)
# Progress while the (silent) cold build runs: a line on stderr every PULUMI_BUILD_PROGRESS_SECONDS (30).
( trap 'kill $nap 2>/dev/null; exit 0' TERM
  while :; do
    sleep "${PULUMI_BUILD_PROGRESS_SECONDS:-30}" & nap=$!; wait $nap
    say "still building, $(( $(date +%s) - start ))s elapsed (a cold build takes several minutes; an installed Pulumi CLI >= $MIN on PATH skips it)"
  done ) >/dev/null &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
for V in $VERSIONS; do
  stage=$ROOT/stage-$V
  rm -rf "$stage"; mkdir -p "$stage"
  say "building Pulumi CLI v$V and the Node.js language host from Go modules"
  if bash "${BASH_SOURCE[0]}" __build "$V" "$stage"; then
    install_shim "$stage"
    echo "pulumi v$V with pulumi-language-nodejs ($( [ "${PULUMI_HOST_SOURCE:-legacy}" = modern ] && echo "v$V" || echo "sdk $LEGACY_HOST_SDK")) [$HOST_REV]" > "$stage/.complete.tmp"
    rm -rf "$ROOT/bin.old"; [ -d "$ROOT/bin" ] && mv "$ROOT/bin" "$ROOT/bin.old"
    mv "$stage" "$ROOT/bin"; rm -rf "$ROOT/bin.old"
    mv "$ROOT/bin/.complete.tmp" "$ROOT/bin/.complete"   # written last: marks the install good
    say "built pulumi v$V in $(( $(date +%s) - start ))s into $ROOT/bin"
    echo "$ROOT/bin"; exit 0
  fi
  rm -rf "$stage"
  say "could not build v$V; trying the next version"
done
say "failed to build any of: $VERSIONS"
exit 1
