import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { BROWSER_ARGS, launchChromium, UNUSED_FEATURES } from './chromium';

/** The e2e tests' browser against one launched with Playwright's own flags only. */
let ours: Browser;
let playwrights: Browser;

before(async () => {
  [ours, playwrights] = await Promise.all([launchChromium(), launchChromium(BROWSER_ARGS)]);
});
after(async () => {
  await ours?.close();
  await playwrights?.close();
});

/** The features a running browser has turned off, as chrome://version lists them. */
async function disabledFeatures(browser: Browser): Promise<Set<string>> {
  const page = await browser.newPage();
  try {
    await page.goto('chrome://version/?show-variations-cmd');
    const listed = /--disable-features="([^"]*)"/.exec(await page.locator('body').innerText());
    return new Set(listed?.[1]?.split(',').filter(Boolean) ?? []);
  } finally {
    await page.close();
  }
}

/** The address bar's drop-downs (hidden web pages) beside one open page. */
async function addressBarPages(browser: Browser): Promise<string[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('about:blank');
    const { targetInfos } = (await (await browser.newBrowserCDPSession()).send('Target.getTargets')) as { targetInfos: { url: string }[] };
    return targetInfos.map((t) => t.url).filter((url) => url.startsWith('chrome://omnibox-popup'));
  } finally {
    await context.close();
  }
}

test("the e2e browser keeps every feature Playwright turns off turned off, and the address bar's drop-downs too", { timeout: 60_000 }, async () => {
  const [withOurs, withPlaywrights] = await Promise.all([disabledFeatures(ours), disabledFeatures(playwrights)]);
  assert.ok(withPlaywrights.size > 0, 'chrome://version lists what Playwright turned off');
  const dropped = [...withPlaywrights].filter((f) => !withOurs.has(f));
  assert.deepEqual(dropped, [], 'Playwright turns these off too: add them to PLAYWRIGHT_DISABLED_FEATURES in test/e2e/chromium.ts');
  for (const f of UNUSED_FEATURES) assert.ok(withOurs.has(f), f);
});

test("no address-bar drop-down page runs beside a page (Playwright's flags alone start them)", { timeout: 60_000 }, async () => {
  assert.notDeepEqual(await addressBarPages(playwrights), [], 'this Chromium no longer starts them: UNUSED_FEATURES can go');
  assert.deepEqual(await addressBarPages(ours), []);
});
