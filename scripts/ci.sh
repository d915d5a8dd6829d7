#!/usr/bin/env bash
# The commands the CI workflow (.github/workflows/pulumi.yml) runs, kept in one script so that
# the project's own tests run exactly them against the emulator (tests/e2e/ci.test.ts).
#
#   scripts/ci.sh preview STACK...  pull request: `pulumi preview --diff` of each stack
#   scripts/ci.sh up STACK          merge: `pulumi up` of one environment's stack
#   scripts/ci.sh drift STACK...    schedule: `pulumi preview --refresh --expect-no-changes` of each
#                                   stack; fails, naming every resource that drifted
#
# Non-interactive. The environment comes from the CI's secret store: PULUMI_BACKEND_URL (e.g.
# s3://acme-pulumi-state/genesys-byoc) and that backend's credentials, PULUMI_CONFIG_PASSPHRASE
# for stacks whose secrets provider is the passphrase, and GENESYS_CLOUD_CLIENT_ID /
# GENESYS_CLOUD_CLIENT_SECRET unless the stack config holds them. POLICY_PACK=<dir> adds
# `--policy-pack <dir>` to preview, up and drift. Secrets stay masked: the CLI prints [secret]
# for secret values and this script never asks for --show-secrets. A Markdown summary is appended
# to $GITHUB_STEP_SUMMARY when that is set.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: scripts/ci.sh preview|drift STACK... | scripts/ci.sh up STACK" >&2
  exit 2
}
[ $# -ge 2 ] || usage
cmd=$1
shift
case $cmd in
  preview | drift) ;;
  up) [ $# -eq 1 ] || usage ;;
  *) usage ;;
esac

bin=$(bash scripts/ensure-pulumi.sh)
export PATH="$bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
if [ -z "${PULUMI_BACKEND_URL:-}" ] && [ -z "${PULUMI_ACCESS_TOKEN:-}" ] && ! pulumi whoami >/dev/null 2>&1; then
  echo "ci.sh: no Pulumi backend: set PULUMI_BACKEND_URL (e.g. s3://bucket/prefix) or PULUMI_ACCESS_TOKEN from the CI secret store" >&2
  exit 2
fi

common=(--non-interactive --color never)
[ -n "${POLICY_PACK:-}" ] && common+=(--policy-pack "$POLICY_PACK")

summary() { [ -n "${GITHUB_STEP_SUMMARY:-}" ] && printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY" || true; }

# The resources a `--diff` plan (non-interactive output) would change, one line each:
#   pulumi-nodejs:dynamic/genesys:Location "location": update of name
# from headers like "~ <type>: (update)", their "[urn=…::<name>]" line and top-level "~ <field>:" lines.
# Refresh steps and the stack itself are left out.
planned_changes() {
  awk '
    function flush() {
      if (type != "" && name != "") print type " \"" name "\": " op (fields != "" ? " of " fields : "")
      type = ""; name = ""; fields = ""
    }
    function indent() { return match($0, /[^ ]/) - 1 }
    { sub(/ 🔒$/, "") }   # the header of a protected resource ends with a lock
    /^ *((\+-|-\+|[-+~]+) +)?[^ ]+: \([a-z-]+\)$/ || /^Resources:/ {
      flush()
      if (match($0, /\((update|replace|create|delete|create-replacement|delete-replaced)\)$/) && $0 !~ /pulumi:pulumi:Stack/) {
        op = substr($0, RSTART + 1, RLENGTH - 2); type = $(NF - 1); sub(/:$/, "", type); ind = indent()
      }
      next
    }
    type != "" && name == "" && /\[urn=/ { name = $0; sub(/.*::/, "", name); sub(/\].*/, "", name); next }
    type != "" && /^ +(\+-|-\+|[-+~]) +[A-Za-z_][A-Za-z0-9_]* *:/ && indent() == ind + 2 {
      f = $2; sub(/:$/, "", f); fields = fields (fields == "" ? "" : ", ") f; next
    }
    END { flush() }
  ' "$1"
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
for stack in "$@"; do
  echo "::group::scripts/ci.sh $cmd $stack"
  rc=0
  case $cmd in
    preview) pulumi preview --diff --stack "$stack" "${common[@]}" 2>&1 | tee "$out" || rc=$? ;;
    up) pulumi up --yes --diff --stack "$stack" "${common[@]}" 2>&1 | tee "$out" || rc=$? ;;
    drift) pulumi preview --refresh --expect-no-changes --diff --stack "$stack" "${common[@]}" 2>&1 | tee "$out" || rc=$? ;;
  esac
  echo "::endgroup::"
  if [ "$cmd" = drift ] && [ $rc -ne 0 ]; then
    drifted=$(planned_changes "$out")
    if [ -n "$drifted" ]; then
      echo "DRIFT in stack $stack: the org no longer matches the stack (changed outside Pulumi, or code/config not deployed yet):" >&2
      sed 's/^/  /' <<<"$drifted" >&2
      echo "Run 'pulumi up --stack $stack' to put it back, or change the code/config to accept it." >&2
      summary "### Drift in stack \`$stack\`" "" '```' "$drifted" '```'
    else
      echo "ci.sh: pulumi $cmd of stack $stack failed (status $rc); see the output above" >&2
      summary "### \`pulumi $cmd\` of stack \`$stack\` failed (status $rc)"
    fi
  elif [ $rc -ne 0 ]; then
    echo "ci.sh: pulumi $cmd of stack $stack failed (status $rc); see the output above" >&2
    summary "### \`pulumi $cmd\` of stack \`$stack\` failed (status $rc)"
  else
    summary "### \`pulumi $cmd\` of stack \`$stack\`" "" '```' "$(cat "$out")" '```'
  fi
  [ $rc -eq 0 ] || status=1
done
exit $status
