// Headless Debian Chromium through playwright-core from tools/ (npm ci --prefix tools), with the
// flags this machine's closed network needs and a fresh profile that is removed afterwards.
// Shared by the card renderer (tests/cards) and the Playground driver (tests/e2e).

import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const toolsRequire = createRequire(join(resolve(here, "..", "tools"), "package.json"));
const { chromium } = toolsRequire("playwright-core");

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// Runs `use(browser)` in a persistent context on a new profile (playwright refuses a
// --user-data-dir flag, so the profile is its own temporary folder).
export async function withChromium(name, options, use) {
  const profile = mkdtempSync(join(tmpdir(), `${name}-chromium-`));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    ...options,
  });
  try {
    return await use(browser);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
