#!/usr/bin/env bash
# Makes the Pulumi YAML language host (pulumi-language-yaml) available beside the project's Pulumi
# CLI, for Pulumi YAML programs on the provider plugin (and their tests). Lazy: nothing else in
# the project needs it, so `npm ci && npm start` never builds it; the first YAML program does.
#
# - The CLI comes from scripts/ensure-pulumi.sh (a pulumi on PATH, or the project's own build).
# - A pulumi-language-yaml already beside that CLI is used as it is (an installed Pulumi CLI ships
#   one).
# - Otherwise github.com/pulumi/pulumi-yaml is built from the Go module proxy, once: into the
#   project's CLI build's bin directory (.pulumi-cli/bin), or, beside a CLI installed elsewhere,
#   into .pulumi-cli/yaml-bin. A stamp file (.complete-yaml, written last) names the version built.
#
# Version: v1.25.0, the newest the proxy serves. It does not compile against the CLI's pkg/sdk
# v3.248.0 (its plugin-loading calls changed since), so it is built on the pkg/sdk versions its own
# go.mod requires (v3.206.0); a language host talks to the CLI over gRPC only.
#
# Prints the directory holding pulumi-language-yaml as its last line of stdout; progress goes to
# stderr. Environment: PULUMI_YAML_VERSIONS (tried in order).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VERSIONS=${PULUMI_YAML_VERSIONS:-"1.25.0"}
MODULE=github.com/pulumi/pulumi-yaml
CLIPBOARD=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e

say() { echo "[ensure-language-yaml] $*" >&2; }

cli=$(bash "$here/scripts/ensure-pulumi.sh" | tail -n1)
if [ -f "$cli/.complete" ]; then
  bin=$cli                                   # the project's own CLI build
else
  [ -x "$cli/pulumi-language-yaml" ] && { echo "$cli"; exit 0; }   # an installed CLI's own host
  bin=${PULUMI_CLI_ROOT:-$here/.pulumi-cli}/yaml-bin
fi
stamp=$bin/.complete-yaml
if [ -x "$bin/pulumi-language-yaml" ] && [ -f "$stamp" ]; then echo "$bin"; exit 0; fi

command -v go >/dev/null || { say "no Go toolchain to build pulumi-language-yaml: install Go >= 1.26, or a Pulumi CLI (it ships the YAML host)"; exit 1; }
root=${PULUMI_CLI_ROOT:-$here/.pulumi-cli}
mkdir -p "$root/work" "$bin"
exec 9>"$root/.lock-yaml"; flock 9
if [ -x "$bin/pulumi-language-yaml" ] && [ -f "$stamp" ]; then echo "$bin"; exit 0; fi

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
start=$(date +%s)
for V in $VERSIONS; do
  work=$root/work/yaml-$V
  say "building pulumi-language-yaml v$V from Go modules (cold: a few minutes)"
  if ( rm -rf "$work" && mkdir -p "$work" && cd "$work" \
       && go mod init local.invalid/pulumi-yaml-build >/dev/null 2>&1 \
       && go mod edit -go=1.26 -replace github.com/atotto/clipboard=$CLIPBOARD \
       && go get -tool "$MODULE/cmd/pulumi-language-yaml@v$V" && go mod tidy \
       && go build -trimpath -tags osusergo,grpcnotrace \
            -ldflags "-w -s -X $MODULE/pkg/version.Version=v$V" \
            -o "$work/pulumi-language-yaml" "$MODULE/cmd/pulumi-language-yaml" ) >&2; then
    install -m 0755 "$work/pulumi-language-yaml" "$bin/pulumi-language-yaml"
    echo "pulumi-language-yaml v$V" > "$stamp"
    say "built pulumi-language-yaml v$V in $(( $(date +%s) - start ))s into $bin"
    echo "$bin"; exit 0
  fi
  say "could not build pulumi-language-yaml v$V"
done
say "failed to build any of: $VERSIONS"
exit 1
