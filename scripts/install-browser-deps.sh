#!/usr/bin/env bash
# Headless card rendering needs Debian's Chromium and the pinned Node tools (tools/package-lock.json).
# Idempotent: each step runs only when its result is missing, so CI can call it on every run.
set -euo pipefail

cd "$(dirname "$0")/.."

# The emoji font: the bot's texts use a few (📅, ⚠️, ✅), which Teams shows; without it the
# screenshots showed an empty box where a teacher sees the emoji.
if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        chromium fonts-noto-color-emoji
fi

if [ ! -d tools/node_modules ]; then
    npm ci --prefix tools --no-audit --no-fund
fi
