// An engineer clicks the replay link from the Sentry event: sign in, land on the replay at that
// moment, and take screenshots of the replay page and of the session list filtered by trace ID.
// Env: REPLAY_URL (absolute), TOKEN, TRACE_ID, SCREENSHOT_DIR, CHROMIUM_PATH, SNIPPET_DIR.
import { launchChromium } from './lib.mjs';
import path from 'node:path';

const browser = await launchChromium();
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(process.env.REPLAY_URL);
  result.firstPath = new URL(page.url()).pathname;
  await page.fill('#token', process.env.TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  result.landedOn = new URL(page.url()).pathname + new URL(page.url()).search;
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  result.state = await page.evaluate(() => document.body.dataset.state);
  await page.waitForTimeout(800);
  result.playerTs = Number(await page.getAttribute('#clock', 'data-ts'));
  result.markers = await page.$$eval('#markers li[data-kind]', (items) => items.map((li) => ({ kind: li.dataset.kind, ts: Number(li.dataset.ts), text: li.textContent })));
  const dir = process.env.SCREENSHOT_DIR || '.';
  await page.screenshot({ path: path.join(dir, 'replay-at-error.png') });
  const origin = new URL(page.url()).origin;
  await page.goto(`${origin}/sessions?traceId=${process.env.TRACE_ID}`);
  await page.waitForSelector('#results tbody tr', { timeout: 15000 });
  result.listedSessions = await page.$$eval('#results tbody tr', (rows) => rows.map((r) => r.dataset.sessionId));
  await page.screenshot({ path: path.join(dir, 'session-list.png') });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
