#!/usr/bin/env bash
# The whole test suite: type check, lint, production build, then unit, integration (real Dovecot) and
# end-to-end (built app in Chromium and w3m) tests. Ends with the runner's summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh || exit 1
mkdir -p .data
echo "== type check" && npx tsc --noEmit || exit 1
echo "== lint" && npx eslint . || exit 1
echo "== build" && npm run build || exit 1
echo "== tests"
npx vitest run --reporter=default --reporter=json --outputFile=.data/vitest-report.json
status=$?
node scripts/test-summary.mjs .data/vitest-report.json || status=1
exit $status
