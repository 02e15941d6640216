#!/usr/bin/env bash
# The whole test suite: type check, lint, production build (and a second one under /webmail), then unit,
# integration (real Dovecot), end-to-end (built app in Chromium and w3m) and sub-path (the /webmail build behind
# nginx) tests. Ends with the runner's summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
# The tiers choose their builds themselves: the root one in .next, the /webmail one below.
unset FEATHER_BASE_PATH FEATHER_DIST_DIR
bash scripts/install-system.sh || exit 1
mkdir -p .data
echo "== type check" && npx tsc --noEmit || exit 1
echo "== lint" && npx eslint . || exit 1
echo "== build" && npm run build || exit 1
# The same app for a sub-path, into its own folder so the build above stays as the other tiers need it; next build
# points next-env.d.ts at its folder, so that is put back afterwards.
cp next-env.d.ts .data/next-env.d.ts.saved
echo "== build under /webmail" && FEATHER_BASE_PATH=/webmail FEATHER_DIST_DIR=.next-webmail npm run build || exit 1
mv .data/next-env.d.ts.saved next-env.d.ts
echo "== tests"
npx vitest run --project unit --project integration --project e2e --project subpath --reporter=default --reporter=json --outputFile=.data/vitest-report.json
status=$?
# Then what the e2e tier's app logged, once that app has stopped.
npx vitest run --project logs --reporter=default --reporter=json --outputFile=.data/vitest-report-logs.json || status=1
node scripts/test-summary.mjs .data/vitest-report.json .data/vitest-report-logs.json || status=1
exit $status
