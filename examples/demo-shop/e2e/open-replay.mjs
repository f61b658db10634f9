// An engineer clicks the replay link from the Sentry event: sign in, land on the replay at that
// moment, open the Trace panel of the failing checkout from the keyboard, and take screenshots of the
// replay page, of the Trace panel and of the session list filtered by trace ID.
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
  // the checkout request in the event stream: focus its Trace button and press Enter
  const traceButton = page.locator(`#markers li[data-kind="network"][data-trace-id="${process.env.TRACE_ID}"] button.trace-open`).first();
  await traceButton.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.body.dataset.tracePanel), null, { timeout: 15000 });
  result.tracePanel = await page.evaluate(() => ({
    state: document.body.dataset.tracePanel,
    traceId: document.getElementById('trace-panel').dataset.traceId,
    focusInPanel: document.getElementById('trace-panel').contains(document.activeElement),
    rows: [...document.querySelectorAll('#trace-panel .waterfall li')].map((li) => ({
      name: li.querySelector('.name').textContent, service: li.querySelector('.service').textContent,
      failed: li.classList.contains('failed'), threw: li.classList.contains('threw'), indent: li.querySelector('.name').style.paddingLeft,
    })),
    exception: (document.querySelector('#trace-panel .exception-message') || {}).textContent || null,
    stack: (document.querySelector('#trace-panel .stack') || {}).textContent || null,
    request: (document.querySelector('#trace-panel .request') || {}).textContent || null,
    externalHidden: document.getElementById('trace-external').hidden,
  }));
  await page.locator('#trace-panel').scrollIntoViewIfNeeded();
  await page.locator('#trace-panel').screenshot({ path: path.join(dir, 'trace-panel.png') });
  // arrow keys move between spans, Esc closes the panel and gives focus back to the stream
  await page.locator('#trace-panel .waterfall button.row').first().focus();
  await page.keyboard.press('ArrowDown');
  result.tracePanel.arrowMoved = await page.evaluate(() => document.activeElement.closest('li') === document.querySelectorAll('#trace-panel .waterfall li')[1]);
  await page.keyboard.press('Escape');
  result.tracePanel.closedByEscape = await page.evaluate(() => document.getElementById('trace-panel').hidden && document.activeElement.classList.contains('trace-open'));
  const origin = new URL(page.url()).origin;
  await page.goto(`${origin}/sessions?traceId=${process.env.TRACE_ID}`);
  await page.waitForSelector('#results tbody tr', { timeout: 15000 });
  result.listedSessions = await page.$$eval('#results tbody tr', (rows) => rows.map((r) => r.dataset.sessionId));
  await page.screenshot({ path: path.join(dir, 'session-list.png') });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
