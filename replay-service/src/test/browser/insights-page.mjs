// Signs in, opens the insights page for a period, reads the JavaScript-error rows, follows the top
// error's replay link, and searches the session list by user (sorted by errors) and by URL.
// Env: BASE_URL, TOKEN, FROM, TO (epoch ms), KEY (error group to follow), USER, URL_TEXT.
import { launchChromium, check } from './lib.mjs';
import path from 'node:path';

const { BASE_URL, TOKEN, FROM, TO, KEY, USER, URL_TEXT } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const shots = process.env.SCREENSHOT_DIR || '.';
const browser = await launchChromium();
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${base}/insights?from=${FROM}&to=${TO}`);
  check(new URL(page.url()).pathname === '/login', 'signed-out visit goes to login');
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(new URL(page.url()).pathname === '/insights', 'back on insights, got ' + page.url());
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  check(await page.evaluate(() => document.body.dataset.state) === 'ready', 'insights loaded: ' + await page.textContent('#message'));
  result.panels = await page.locator('section.panel[data-field]').count();
  result.jsRows = await page.$$eval('#js-errors tbody tr[data-key]', (rows) => rows.map((r) => ({
    key: r.dataset.key, sessions: Number(r.dataset.sessions), occurrences: Number(r.dataset.occurrences) })));
  // every panel: what each row shows in its cells, and its daily trend bars
  result.panelRows = await page.$$eval('section.panel[data-field]', (panels) => Object.fromEntries(panels.map((p) => [p.dataset.field,
    [...p.querySelectorAll('tbody tr[data-key]')].map((r) => ({
      key: r.dataset.key, kind: r.dataset.kind, page: r.dataset.page,
      cells: [...r.children].slice(1, 4).map((td) => Number(td.textContent)),
      bars: [...r.querySelectorAll('.spark span[data-day]')].map((b) => ({ day: b.dataset.day, count: Number(b.dataset.count),
        height: b.getBoundingClientRect().height })),
      link: r.querySelector('a.open-replay') ? new URL(r.querySelector('a.open-replay').href).pathname + new URL(r.querySelector('a.open-replay').href).search : null,
    }))])));
  await page.screenshot({ path: path.join(shots, 'ui-insights.png'), fullPage: true });

  const link = page.locator('#js-errors tbody tr[data-key]').filter({ has: page.getByText(KEY, { exact: true }) }).locator('a.open-replay');
  check(await link.count() === 1, 'one row for ' + KEY);
  await Promise.all([page.waitForNavigation(), link.click()]);
  result.replayUrl = new URL(page.url()).pathname + new URL(page.url()).search;
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  check(await page.evaluate(() => document.body.dataset.state) === 'ready', 'replay ready');
  await page.waitForTimeout(500);
  result.playerTs = Number(await page.getAttribute('#clock', 'data-ts'));
  result.errorEntryShown = await page.locator('#markers li[data-kind="error"]').count() > 0;

  await page.goto(`${base}/sessions`);
  await page.waitForSelector('#results tbody tr', { timeout: 15000 });
  await page.fill('#f-user', USER);
  await page.selectOption('#f-sort', 'errors');
  await page.selectOption('#f-range', '7d');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction((user) => {
    const rows = [...document.querySelectorAll('#results tbody tr[data-session-id]')];
    return rows.length > 0 && rows.every((r) => r.children[2].textContent === user);
  }, USER, { timeout: 15000 });
  result.sessionsQuery = new URL(page.url()).search;
  result.userRowsByErrors = await page.$$eval('#results tbody tr[data-session-id]', (rows) => rows.map((r) => r.dataset.sessionId));
  await page.screenshot({ path: path.join(shots, 'ui-sessions.png') });

  await page.fill('#f-user', '');
  await page.selectOption('#f-sort', 'startedAt');
  await page.fill('#f-url', URL_TEXT);
  const before = await page.evaluate(() => document.body.dataset.loaded);
  await page.click('#filters button[type=submit]');
  await page.waitForFunction((b) => document.body.dataset.loaded !== b, before, { timeout: 15000 });
  result.urlRows = await page.$$eval('#results tbody tr[data-session-id]', (rows) => rows.map((r) => r.dataset.sessionId));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
