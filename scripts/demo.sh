#!/usr/bin/env bash
# The demo: a private Dovecot on 127.0.0.1 with a seeded mailbox, and the production build of Feather
# pointed at it. Prints the URL and the demo login; Ctrl-C stops the app and the Dovecot.
#   DEMO_IMAP_PORT (default 1143), PORT (default 3000), DEMO_INBOX (messages in INBOX, default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh --demo

data=.data/demo
imap_port=${DEMO_IMAP_PORT:-1143}
port=${PORT:-3000}

npx tsx scripts/dovecot.ts start --data "$data" --port "$imap_port"
trap 'npx tsx scripts/dovecot.ts stop --data "$data" >/dev/null 2>&1 || true' EXIT
# Seed once; delete .data/demo to start over.
if [ ! -f "$data/seeded" ]; then
  npx tsx scripts/seed.ts --data "$data" --port "$imap_port" --user student --inbox "${DEMO_INBOX:-3000}"
  touch "$data/seeded"
fi

echo "Building Feather…"
npm run build >/dev/null

cat <<MSG

  Feather demo is starting at   http://localhost:${port}/
  Sign in with   Username: student    Password: feather-demo
  (IMAP: private Dovecot on 127.0.0.1:${imap_port}; press Ctrl-C to stop)

MSG
export NODE_ENV=production IMAP_HOST=127.0.0.1 IMAP_PORT="$imap_port" IMAP_SECURE=none PORT="$port"
SESSION_SECRET=$(node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))")
export SESSION_SECRET
node server.mjs
