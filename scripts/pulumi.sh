#!/usr/bin/env bash
# npm run pulumi -- <args>: the Pulumi CLI this project uses (an installed one on PATH, or the
# project's own build from scripts/ensure-pulumi.sh), run from the project directory with its
# bin directory on PATH, so the language host and the dynamic-provider shim are found. The program
# and the providers run the compiled JavaScript in dist/, so it builds that first (a no-op when
# nothing changed).
#   npm run pulumi -- version
#   npm run pulumi -- stack init prod
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(bash scripts/ensure-pulumi.sh)
npm run build --silent
export PATH="$bin:$PATH"
. scripts/pulumi-env.sh   # PULUMI_PARALLEL unless set
exec pulumi "$@"
