#!/usr/bin/env bash
# Writes the genesys-byoc plugin's SDKs for Python, Go and .NET from plugin/schema.json into
# OUT_DIR/<language> (`npm run sdks` writes sdk/). The generator (./main.go, Pulumi's own code
# generators) is built from the Go module proxy on first use and kept, by a checksum of its
# sources, in the project's .pulumi-cli/work/ beside the CLI build.
#
# The Go SDK gets a go.mod (module genesys-byoc-pulumi/sdk/go, on the Pulumi Go SDK the generator
# was made with); its users replace the module path with where they keep it (see docs/other-languages.md).
#
# Usage: generate.sh OUT_DIR [python|go|dotnet...]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project=$(cd "$here/../.." && pwd)
out=${1:?usage: generate.sh OUT_DIR [python|go|dotnet...]}
shift
say() { echo "[sdkgen] $*" >&2; }

command -v go >/dev/null || { say "generating the SDKs needs Go >= 1.26 (https://go.dev/dl/)"; exit 1; }
sum=$(cat "$here/main.go" "$here/go.mod" "$here/go.sum" | cksum | cut -d' ' -f1)
work=$project/.pulumi-cli/work/sdkgen-$sum
bin=$work/genesys-byoc-sdkgen
if [ ! -x "$bin" ]; then
  mkdir -p "$work"
  exec 9>"$work.lock"; flock 9
  if [ ! -x "$bin" ]; then
    say "building the SDK generator (first time: a few minutes)"
    start=$(date +%s)
    ( cd "$here" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod \
        go build -trimpath -tags osusergo,grpcnotrace -o "$bin.tmp" . ) >&2
    mv "$bin.tmp" "$bin"
    say "built in $(( $(date +%s) - start ))s"
  fi
fi

mkdir -p "$out"
"$bin" "$project/plugin/schema.json" "$out" "$@" >&2
if [ -d "$out/go" ]; then
  sdk=$(cd "$here" && GOFLAGS=-mod=mod go list -m -f '{{.Version}}' github.com/pulumi/pulumi/sdk/v3)
  printf 'module genesys-byoc-pulumi/sdk/go\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n' "$sdk" > "$out/go/go.mod"
fi
echo "$out"
