import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium } from './chromium';

/**
 * What an ops person sees in Temporal UI, in a real browser against the suite's dev server
 * and its UI: a workflow input stored encrypted is readable once they have signed in at
 * /ops/sign-in and the UI's codec settings include credentials; without the sign-in the
 * UI's decode call is refused and the input stays unreadable.
 */
const OPS_TOKEN = randomBytes(24).toString('hex');
const CANARY = `CANARY-${randomBytes(5).toString('hex')}`;

let app: TestApp;
let browser: Browser;
let ui: string;
const contexts: BrowserContext[] = [];

before(async () => {
  ui = process.env.TEST_TEMPORAL_UI_URL ?? '';
  assert.ok(ui, 'TEST_TEMPORAL_UI_URL is not set: run through `npm test -- temporal-ui-codec`');
  [app, browser] = await Promise.all([
    startTestApp({ withWorker: false, env: { OPS_TOKEN, CODEC_CORS_ORIGINS: new URL(ui).origin, TEMPORAL_UI_URL: ui } }),
    launchChromium(),
  ]);
});
after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await app?.stop();
});

/** A browser whose Temporal UI codec settings point at our codec server, with "include cross-origin credentials" on. */
async function opsBrowser(): Promise<BrowserContext> {
  const context = await browser.newContext();
  context.setDefaultTimeout(30_000);
  contexts.push(context);
  await context.addInitScript((endpoint: string) => {
    localStorage.setItem('endpoint', JSON.stringify(endpoint));
    localStorage.setItem('includeCredentials', 'true');
    localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
  }, `${app.baseUrl}/ops/codec`);
  return context;
}

test('Temporal UI shows an encrypted input in clear only to a browser signed in as ops', { timeout: 180_000 }, async () => {
  const workflowId = `codec-ui-${randomBytes(4).toString('hex')}`;
  const handle = await app.client.workflow.start('medicationSchedule', { taskQueue: `nobody-${workflowId}`, workflowId, args: [{ note: CANARY }] });
  const historyPage = `${ui}/namespaces/default/workflows/${encodeURIComponent(workflowId)}/${handle.firstExecutionRunId}/history`;
  try {
    // Without the ops sign-in: the UI asks the codec server, which refuses; the input stays ciphertext.
    const stranger = await (await opsBrowser()).newPage();
    const refused = stranger.waitForResponse((r) => r.url().includes('/ops/codec/decode') && r.request().method() === 'POST');
    await stranger.goto(historyPage);
    assert.equal((await refused).status(), 401);
    assert.ok(!(await stranger.content()).includes(CANARY));

    // Signed in through the form: the cookie rides along with the UI's decode calls.
    const ops = await (await opsBrowser()).newPage();
    await ops.goto(`${app.baseUrl}/ops/sign-in`);
    await ops.getByLabel('Ops token').fill(OPS_TOKEN);
    await ops.getByRole('button', { name: 'Sign in' }).click();
    await Promise.all([ops.waitForURL(`${ui}/**`), ops.getByRole('link', { name: 'Open Temporal UI' }).click()]);
    const decoded = ops.waitForResponse((r) => r.url().includes('/ops/codec/decode') && r.status() === 200);
    await ops.goto(historyPage);
    await decoded;
    await ops.getByText(CANARY).first().waitFor();
  } finally {
    await handle.terminate('test over');
  }
});
