#!/usr/bin/env bash
# npm run demo: installs Dovecot when missing, then scripts/demo.ts starts it with a seeded mailbox and the
# production build of Feather, prints the URL and the login once the app listens, and stops both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh --demo
exec node_modules/.bin/tsx scripts/demo.ts
