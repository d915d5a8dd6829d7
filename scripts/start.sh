#!/usr/bin/env bash
# npm start: the offline demo. Starts this run's own local Genesys Cloud emulator (state kept in
# .emulator-data/), then runs the real `pulumi` CLI on the dev stack against it, with a local
# file backend in .pulumi-state/. Run it twice: the second run shows no changes.
#
#   npm start                  # pulumi up --yes on the dev stack
#   npm start -- preview --diff
#   npm start -- destroy --yes
#   npm start -- refresh --yes
#
# The emulator listens on a free port (or EMULATOR_PORT), and the dev stack follows it:
# Pulumi.dev.yaml pins no API URL, so the program and the providers take GENESYS_CLOUD_API_URL,
# which this script sets to the URL the emulator reports once it is listening. Nothing here
# can reach another emulator or program that happens to listen on 8787.
#
# The emulator catches up slowly after deletes, as Genesys Cloud does (its default delete lags:
# a location stays in use 5 s after its site's delete, a trunk 10 s after it left a route, a
# site 3 s after its trunk's delete), so a destroy shows the waits it would have on a real org.
# EMULATOR_DELETE_LAG_MS=N sets all three (0: strongly consistent, the quickest runs).
#
# Environment: EMULATOR_PORT (default: a free port), EMULATOR_DATA_DIR (default .emulator-data),
# EMULATOR_DELETE_LAG_MS (default: the emulator's lags, above),
# PULUMI_BACKEND_URL (default file://<project>/.pulumi-state), PULUMI_CONFIG_PASSPHRASE.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(bash scripts/ensure-pulumi.sh)
npm run build --silent   # the program, the providers and the emulator run from dist/
export PATH="$bin:$PATH"
if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
  mkdir -p .pulumi-state
  export PULUMI_BACKEND_URL="file://$PWD/.pulumi-state"
fi
export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE-dev-stack-passphrase}   # the dev stack's (demo-only) passphrase
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
. scripts/pulumi-env.sh   # PULUMI_PARALLEL unless set
data=${EMULATOR_DATA_DIR:-$PWD/.emulator-data}
mkdir -p "$data"

# This run's emulator writes its URL to a ready file in a fresh directory once it listens, so a
# previous run's output can never be mistaken for readiness.
run=$(mktemp -d)
ready=$run/ready.json
log=$data/emulator.log
lag=()
if [ -n "${EMULATOR_DELETE_LAG_MS:-}" ]; then lag=(--delete-lag-ms "$EMULATOR_DELETE_LAG_MS"); fi
node dist/emulator/main.js --port "${EMULATOR_PORT:-0}" ${lag[@]+"${lag[@]}"} \
  --state-file "$data/state.json" --ready-file "$ready" >"$log" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null || true; wait $emu 2>/dev/null || true; rm -rf "$run"' EXIT
limit=$((SECONDS + ${EMULATOR_START_TIMEOUT:-120}))
until [ -s "$ready" ]; do
  if ! kill -0 $emu 2>/dev/null; then
    wait $emu && rc=0 || rc=$?
    cat "$log" >&2
    echo "npm start: the emulator exited (status $rc) before listening; its output is above." >&2
    [ -n "${EMULATOR_PORT:-}" ] && echo "npm start: unset EMULATOR_PORT to let it pick a free port." >&2
    exit 1
  fi
  if [ $SECONDS -ge $limit ]; then
    cat "$log" >&2
    echo "npm start: the emulator (pid $emu) did not report listening within ${EMULATOR_START_TIMEOUT:-120} s" >&2
    exit 1
  fi
  sleep 0.1
done
url=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).url' "$ready")
echo "Genesys Cloud emulator listening on $url (this run's own; state in ${data#"$PWD/"}/state.json)"

# The dev stack's target and credentials: this emulator, whatever the shell exported.
export GENESYS_CLOUD_API_URL=$url
unset GENESYS_CLOUD_REGION
export GENESYS_CLOUD_CLIENT_SECRET=emulator-secret   # the emulator's default client (Pulumi.dev.yaml names its id)

pulumi stack select dev 2>/dev/null || pulumi stack init dev
if [ $# -eq 0 ]; then set -- up --yes; fi
pulumi "$@" --stack dev
