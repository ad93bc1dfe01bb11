// Plays the user in Microsoft 365 Agents Playground's web UI, in headless Chromium.
//
// Usage: node playground_driver.mjs PLAYGROUND_URL
// Reads one JSON command per line on stdin and answers each with one JSON line on stdout:
//   {"op": "say", "text": T, "expect": E}      type T in the compose box and press Enter
//   {"op": "click", "button": B, "expect": E}  click the newest suggested action titled B
//   {"op": "card", "button": B, "expect": E}   click the action titled B on the newest card
//   {"op": "press", "card": C, "button": B, "expect": E}  click B on the newest card showing C,
//                                               then wait until a card (in place) shows E
//   {"op": "fill", "fields": {LABEL: VALUE}}    type into the newest card's inputs, by label
//   {"op": "cards"}                             every card's text and buttons, as rendered
//   {"op": "wait", "expect": E}                wait for a bot message nobody asked for
//   {"op": "screenshot", "path": P}            the visible page as a PNG
//   {"op": "buttons"}                          the newest suggested actions as rendered:
//                                              [{title, clipped}] (clipped: text cut off)
// After an action the driver waits until a bot message that arrived since then contains E, and
// answers {"ok": true, "messages": [texts of those new bot messages]}; on failure
// {"ok": false, "error": ..., "messages": [the last bot messages]} (and, with
// PLAYGROUND_FAILURE_PNG set, a screenshot of the page there). Opening the page waits for
// the bot's welcome (the Playground installs the app on load), so the bot is known to answer.
// The browser driver comes from tools/ (npm ci --prefix tools).

import { createInterface } from "node:readline";

import { withChromium } from "../chromium.mjs";

const TIMEOUT_MS = Number(process.env.PLAYGROUND_STEP_TIMEOUT_MS || 20000);
const FAILURE_PNG = process.env.PLAYGROUND_FAILURE_PNG; // where to save the page when a step fails

// What the Playground 0.2.28 renders: bot messages are Fluent AI "OutputCard"s, the compose box
// is a Lexical editor, Adaptive Cards are Microsoft's renderer (.ac-adaptiveCard).
const BOT_MESSAGE = ".fai-OutputCard";
const COMPOSE = '[data-lexical-editor="true"][role="textbox"]';
const CARD = ".ac-adaptiveCard";

function botMessages() {
  return [...document.querySelectorAll(".fai-OutputCard")].map((m) => m.innerText.trim());
}

// Suggested actions are plain buttons below the newest message: not in a card, not in the
// chat list on the left. The newest match is marked so Playwright clicks it like a person.
function markSuggestedAction(name) {
  const matches = [...document.querySelectorAll("button")].filter(
    (b) =>
      b.textContent.trim() === name && !b.closest(".ac-adaptiveCard") && !b.closest('[role="tree"]'),
  );
  document.querySelectorAll("[data-e2e-target]").forEach((b) => b.removeAttribute("data-e2e-target"));
  if (matches.length === 0) return false;
  matches[matches.length - 1].setAttribute("data-e2e-target", "1");
  return true;
}

// The suggested actions under the newest bot message, and whether each title is cut off (the
// Playground shrinks them into one row and ends a long title with an ellipsis).
function suggestedActions() {
  const buttons = [...document.querySelectorAll("button")].filter(
    (b) =>
      !b.closest(".ac-adaptiveCard") &&
      !b.closest('[role="tree"]') &&
      !b.closest(".fai-OutputCard") &&
      b.textContent.trim() !== "" &&
      [...b.parentElement.children].every((child) => child.tagName === "BUTTON"),
  );
  const last = buttons.length ? buttons[buttons.length - 1].parentElement : null;
  return buttons
    .filter((b) => b.parentElement === last)
    .map((b) => {
      // The title is a no-wrap span; the button hides what does not fit inside its padding.
      const label = (b.querySelector("span") || b).getBoundingClientRect();
      const style = getComputedStyle(b);
      const box = b.getBoundingClientRect();
      const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
      const right = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
      return { title: b.textContent.trim(), clipped: label.left < left - 1 || label.right > right + 1 };
    });
}

class Driver {
  constructor(page) {
    this.page = page;
    this.seen = 0; // bot messages already accounted for
  }

  async messages() {
    return this.page.evaluate(botMessages);
  }

  // Resolves with the bot messages after `from` once one of them contains `expect`.
  async waitFor(from, expect) {
    await this.page.waitForFunction(
      ([selector, start, text]) => {
        // Compared with white space collapsed: the UI wraps and trims lines its own way.
        const flat = (s) => s.replace(/\s+/g, " ").trim();
        return [...document.querySelectorAll(selector)]
          .slice(start)
          .some((m) => flat(m.innerText).includes(flat(text)));
      },
      [BOT_MESSAGE, from, expect],
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    const all = await this.messages();
    this.seen = all.length;
    return all.slice(from);
  }

  async open(url) {
    await this.page.goto(url);
    await this.page.locator(COMPOSE).waitFor({ timeout: TIMEOUT_MS });
    await this.page.locator(BOT_MESSAGE).first().waitFor({ timeout: TIMEOUT_MS });
    this.seen = (await this.messages()).length;
  }

  async act(command) {
    const before = (await this.messages()).length;
    if (command.op === "say") {
      await this.page.locator(COMPOSE).click();
      await this.page.keyboard.insertText(command.text);
      await this.page.keyboard.press("Enter");
    } else if (command.op === "click") {
      await this.page.waitForFunction(markSuggestedAction, command.button, { timeout: TIMEOUT_MS });
      await this.page.locator('[data-e2e-target="1"]').click();
    } else if (command.op === "card") {
      const card = this.page.locator(CARD).last();
      await card.getByRole("button", { name: command.button, exact: true }).click();
    } else if (command.op === "press") {
      const card = this.page.locator(CARD).filter({ hasText: command.card }).last();
      await card.getByRole("button", { name: command.button, exact: true }).click();
      await this.page.waitForFunction(
        ([selector, text]) =>
          [...document.querySelectorAll(selector)].some((c) => c.innerText.includes(text)),
        [CARD, command.expect],
        { timeout: TIMEOUT_MS, polling: 100 },
      );
      return [];
    } else if (command.op === "fill") {
      const card = this.page.locator(CARD).last();
      for (const [label, value] of Object.entries(command.fields)) {
        await card.getByLabel(label, { exact: false }).first().fill(value);
      }
      return [];
    } else if (command.op === "cards") {
      return this.page.evaluate((selector) =>
        [...document.querySelectorAll(selector)].map((card) =>
          JSON.stringify({
            text: card.innerText.trim(),
            buttons: [...card.querySelectorAll("button")].map((b) => b.textContent.trim()),
          }),
        ),
      CARD);
    } else if (command.op === "wait") {
      return this.waitFor(this.seen, command.expect);
    } else if (command.op === "buttons") {
      return this.page.evaluate(suggestedActions);
    } else if (command.op === "screenshot") {
      await this.page.screenshot({ path: command.path });
      return [];
    } else {
      throw new Error(`unknown op ${command.op}`);
    }
    return this.waitFor(before, command.expect);
  }
}

async function main() {
  const [url] = process.argv.slice(2);
  const answer = (value) => process.stdout.write(JSON.stringify(value) + "\n");
  await withChromium("playground", { viewport: { width: 1280, height: 1200 } }, async (browser) => {
    const driver = new Driver(await browser.newPage());
    await driver.open(url);
    answer({ ok: true, messages: await driver.messages() });
    for await (const line of createInterface({ input: process.stdin })) {
      if (!line.trim()) continue;
      try {
        answer({ ok: true, messages: await driver.act(JSON.parse(line)) });
      } catch (error) {
        const last = (await driver.messages().catch(() => [])).slice(-3);
        let message = String(error.message || error);
        if (FAILURE_PNG) {
          await driver.page.screenshot({ path: FAILURE_PNG }).catch(() => {});
          message += `\n(the page at that moment: ${FAILURE_PNG})`;
        }
        answer({ ok: false, error: message, messages: last });
      }
    }
  });
}

await main();
