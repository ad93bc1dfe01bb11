// Renders Adaptive Cards with Microsoft's JavaScript renderer in headless Chromium.
//
// Usage: node render_cards.mjs CARDS_JSON OUT_DIR
//   CARDS_JSON holds {"name": card, ...}; each card is rendered on a phone-wide page, its parse
//   and validation events are collected, and a PNG is written to OUT_DIR/<name>.png.
// Prints {"name": {"events": [...], "png": path}, ...} as JSON on stdout.
// The renderer and the browser driver come from tools/ (npm ci --prefix tools).

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { toolsRequire, withChromium } from "../chromium.mjs";

const rendererDir = join(dirname(toolsRequire.resolve("adaptivecards/package.json")), "dist");

// Close to Teams: 5 actions at most (the brief's limit), Teams' colours and spacing.
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif",
  supportsInteractivity: true,
  actions: { maxActions: 5, actionsOrientation: "vertical", buttonSpacing: 8, spacing: "default" },
  containerStyles: {
    default: {
      backgroundColor: "#FFFFFF",
      foregroundColors: {
        default: { default: "#242424", subtle: "#616161" },
        accent: { default: "#5B5FC7", subtle: "#8B8CC7" },
        attention: { default: "#C4314B", subtle: "#C4314B" },
        good: { default: "#237B4B", subtle: "#237B4B" },
        warning: { default: "#835C00", subtle: "#835C00" },
      },
    },
    attention: {
      backgroundColor: "#FCF4F6",
      foregroundColors: { attention: { default: "#C4314B", subtle: "#C4314B" } },
    },
  },
};

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 12px; background: #F5F5F5; }
  .card { width: 360px; background: #FFF; border-radius: 8px; box-shadow: 0 1px 3px #0003; }
  .ac-pushButton { font: 600 14px 'Liberation Sans', sans-serif; padding: 6px 12px;
    border: 1px solid #D1D1D1; border-radius: 4px; background: #FFF; color: #242424; }
  .ac-pushButton.style-positive { background: #5B5FC7; color: #FFF; border-color: #5B5FC7; }
  .ac-input { font: 14px 'Liberation Sans', sans-serif; }
</style></head><body><div id="cards"></div></body></html>`;

function renderInPage([name, card, hostConfig]) {
  const AC = window.AdaptiveCards;
  const events = [];
  const describe = (phase, e) => ({
    phase,
    event: AC.ValidationEvent[e.event] ?? String(e.event),
    message: e.message,
  });
  const context = new AC.SerializationContext();
  const adaptive = new AC.AdaptiveCard();
  adaptive.hostConfig = new AC.HostConfig(hostConfig);
  adaptive.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) events.push(describe("parse", context.getEventAt(i)));
  for (const e of adaptive.validateProperties().validationEvents) {
    events.push(describe("validate", e));
  }
  const holder = document.createElement("div");
  holder.className = "card";
  holder.id = `card-${name}`;
  const element = adaptive.render();
  if (!element) events.push({ phase: "render", event: "NoElement", message: "render() gave null" });
  else holder.appendChild(element);
  document.getElementById("cards").replaceChildren(holder);
  return events;
}

async function main() {
  const [input, outDir] = process.argv.slice(2);
  const cards = JSON.parse(readFileSync(input, "utf-8"));
  const results = {};
  await withChromium("cards", { viewport: { width: 384, height: 640 }, deviceScaleFactor: 2 }, async (browser) => {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    page.on("console", (msg) => msg.type() === "error" && pageErrors.push(msg.text()));
    await page.setContent(PAGE);
    await page.addScriptTag({ path: join(rendererDir, "adaptivecards.min.js") });
    for (const [name, card] of Object.entries(cards)) {
      const events = await page.evaluate(renderInPage, [name, card, HOST_CONFIG]);
      events.push(...pageErrors.splice(0).map((message) => ({ phase: "page", message })));
      const png = join(outDir, `${name}.png`);
      await page.locator(`#card-${name}`).screenshot({ path: png });
      results[name] = { events, png };
    }
  });
  process.stdout.write(JSON.stringify(results));
}

await main();
