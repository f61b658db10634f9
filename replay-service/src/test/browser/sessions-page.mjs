// Signs in, searches the session list by trace ID, and opens the replay from the matching row.
// Env: BASE_URL, TOKEN, SESSION_ID, TRACE_ID.
import { launchChromium, check } from './lib.mjs';
import path from 'node:path';

const { BASE_URL, TOKEN, SESSION_ID, TRACE_ID } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const browser = await launchChromium();
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await page.goto(`${base}/sessions`);
  check(new URL(page.url()).pathname === '/login', 'signed-out visit goes to login');
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(new URL(page.url()).pathname === '/sessions', 'back on the session list');
  await page.waitForSelector('#results tbody tr', { timeout: 15000 });
  result.rowsBefore = await page.locator('#results tbody tr').count();
  await page.fill('#f-trace', TRACE_ID);
  await page.click('#filters button[type=submit]');
  await page.waitForFunction((id) => {
    const rows = [...document.querySelectorAll('#results tbody tr')];
    return rows.length === 1 && rows[0].dataset.sessionId === id;
  }, SESSION_ID, { timeout: 15000 });
  result.rowsAfter = await page.locator('#results tbody tr').count();
  result.query = new URL(page.url()).search;
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR || '.', 'session-list.png') });
  await Promise.all([page.waitForNavigation(), page.click('a.open-replay')]);
  result.replayUrl = new URL(page.url()).pathname + new URL(page.url()).search;
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  result.state = await page.evaluate(() => document.body.dataset.state);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
