#!/usr/bin/env bash
# Installs Debian's Chromium (and poppler-utils, used by tests and to look at PDFs) when missing.
# Puppeteer's own Chrome download does not work offline; iotsec finds /usr/bin/chromium instead.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "iotsec setup: please install ${need[*]} (e.g. sudo apt-get install -y ${need[*]}), or set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium" >&2
  exit 1
fi
echo "iotsec setup: installing ${need[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null
apt-get install -y -qq "${need[@]}" </dev/null >/dev/null
