#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need, when missing: a real Dovecot (with its LMTP and submission
# servers, and the full-text index dovecot-fts-xapian), Postfix (sending), Chromium, w3m (driven in tmux), lynx, nginx (in front of the app under /webmail) and
# systemd's systemd-analyze (checks deploy/feather.service).
set -euo pipefail
need=()
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
[ -x /usr/lib/dovecot/lmtp ] || need+=(dovecot-lmtpd)
[ -x /usr/lib/dovecot/submission ] || need+=(dovecot-submissiond)
[ -e /usr/lib/dovecot/modules/lib21_fts_xapian_plugin.so ] || need+=(dovecot-fts-xapian)
[ -x /usr/sbin/postfix ] || need+=(postfix)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v w3m >/dev/null 2>&1 || need+=(w3m)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v lynx >/dev/null 2>&1 || need+=(lynx)
[ -x /usr/sbin/nginx ] || need+=(nginx)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
[ "${1:-}" = "--demo" ] && need=($(printf '%s\n' "${need[@]}" | grep -x -e dovecot-imapd -e dovecot-lmtpd -e dovecot-submissiond -e dovecot-fts-xapian -e postfix || true))
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "Installing ${need[*]} with apt-get…"
export DEBIAN_FRONTEND=noninteractive
# Postfix without a configuration of its own: no system instance on port 25; the rig runs a private one.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts the system-wide Dovecot and nginx on install; the tests run private instances and need neither.
if command -v systemctl >/dev/null 2>&1; then
  if [[ " ${need[*]} " == *" dovecot-imapd "* ]]; then systemctl disable --now dovecot >/dev/null 2>&1 || true; fi
  if [[ " ${need[*]} " == *" nginx "* ]]; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
fi
