#!/usr/bin/env bash
# npm run demo: installs Dovecot and Postfix when missing, then scripts/demo.ts starts them (a seeded mailbox) and the
# production build of Feather, prints the URL and the login once the app listens, and stops all on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh --demo
exec node_modules/.bin/tsx scripts/demo.ts
