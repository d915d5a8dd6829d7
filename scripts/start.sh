#!/usr/bin/env bash
# npm start: the offline demo. Starts the local Genesys Cloud emulator (state kept in
# .emulator-data/), then runs the real `pulumi` CLI on the dev stack against it, with a local
# file backend in .pulumi-state/. Run it twice: the second run shows no changes.
#
#   npm start                  # pulumi up --yes on the dev stack
#   npm start -- preview --diff
#   npm start -- destroy --yes
#   npm start -- refresh --yes
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(bash scripts/ensure-pulumi.sh)
export PATH="$bin:$PATH"
export PULUMI_BACKEND_URL=${PULUMI_BACKEND_URL:-file://$PWD/.pulumi-state}
export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE-dev-stack-passphrase}   # the dev stack's (demo-only) passphrase
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# The emulator's default client; Pulumi.dev.yaml names the client id and the URL.
export GENESYS_CLOUD_CLIENT_SECRET=${GENESYS_CLOUD_CLIENT_SECRET:-emulator-secret}
PORT=${EMULATOR_PORT:-8787}
mkdir -p .pulumi-state .emulator-data

log=.emulator-data/emulator.log
node -r ts-node/register/transpile-only emulator/main.ts --port "$PORT" --state-file .emulator-data/state.json >"$log" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null || true; wait $emu 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do   # up to 10 s for the emulator to listen
  grep -q "listening on" "$log" 2>/dev/null && break
  kill -0 $emu 2>/dev/null || { cat "$log" >&2; echo "the emulator did not start (is port $PORT free? set EMULATOR_PORT)" >&2; exit 1; }
  sleep 0.1
done
grep -q "listening on" "$log" || { cat "$log" >&2; echo "the emulator did not start in time" >&2; exit 1; }
echo "$(grep 'listening on' "$log")"

pulumi stack select dev 2>/dev/null || pulumi stack init dev
if [ $# -eq 0 ]; then set -- up --yes; fi
pulumi "$@" --stack dev
