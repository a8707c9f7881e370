#!/usr/bin/env bash
# One command on a fresh machine: dependencies, browser, build, and the sample reports in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-browser.sh
npm ci --no-audit --no-fund
npm run build
node dist/cli/main.js assess samples/*.yaml -o out
echo "iotsec setup: reports are in out/" >&2
