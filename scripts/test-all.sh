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
npx vitest run --project unit --project integration --project e2e --reporter=default --reporter=json --outputFile=.data/vitest-report.json
status=$?
# Then what the e2e tier's app logged, once that app has stopped.
npx vitest run --project logs --reporter=default --reporter=json --outputFile=.data/vitest-report-logs.json || status=1
node scripts/test-summary.mjs .data/vitest-report.json .data/vitest-report-logs.json || status=1
exit $status
