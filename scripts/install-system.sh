#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need, when missing: a real Dovecot, Chromium, w3m (driven in tmux).
set -euo pipefail
need=()
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v w3m >/dev/null 2>&1 || need+=(w3m)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v lynx >/dev/null 2>&1 || need+=(lynx)
[ "${1:-}" = "--demo" ] && need=($(printf '%s\n' "${need[@]}" | grep -x dovecot-imapd || true))
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "Installing ${need[*]} with apt-get…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts the system-wide Dovecot on install; Feather runs its own private instance and needs none.
if [[ " ${need[*]} " == *" dovecot-imapd "* ]] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now dovecot >/dev/null 2>&1 || true
fi
