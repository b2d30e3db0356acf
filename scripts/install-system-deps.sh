#!/usr/bin/env bash
# Debian packages Credvault's tests need. Installs only what is missing, so a
# second run costs nothing. Run it as root, or as a user who may use sudo: it
# calls sudo itself only when not root (a root Debian box may have no sudo).
#   libsecret-1-0                 keytar's native module links against it
#   dbus gnome-keyring libsecret-tools   a real Secret Service for keychain tests
#   chromium                      the browser the end-to-end tests drive (Playwright,
#                                 executablePath /usr/bin/chromium; no `npx playwright install`)
set -euo pipefail
packages=(libsecret-1-0 dbus gnome-keyring libsecret-tools chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system packages: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
