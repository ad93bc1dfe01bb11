#!/usr/bin/env bash
# Headless card rendering needs Debian's Chromium and the pinned Node tools (tools/package-lock.json).
# Idempotent: each step runs only when its result is missing, so CI can call it on every run.
set -euo pipefail

cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

if [ ! -d tools/node_modules ]; then
    npm ci --prefix tools --no-audit --no-fund
fi
