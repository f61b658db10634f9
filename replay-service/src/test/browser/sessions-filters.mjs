// Signs in to the session list and drives its filters and sorts through the form and the column
// headers, reporting the rows (session ID and the cells by column) after each search. Every search
// is awaited through body[data-loaded], which the page sets after each answer.
// Env: BASE_URL, TOKEN, USER_ID (the seeded sessions' user), CUSTOM_FROM, CUSTOM_TO (epoch ms).
import { launchChromium, check } from './lib.mjs';
import path from 'node:path';

const { BASE_URL, TOKEN, USER_ID, CUSTOM_FROM, CUSTOM_TO } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const browser = await launchChromium();
const result = {};
const errors = [];

const rows = (page) => page.$$eval('#results tbody tr[data-session-id]', (trs) => trs.map((tr) => ({
  id: tr.dataset.sessionId,
  ...Object.fromEntries([...tr.querySelectorAll('td[data-col]')].map((td) => [td.dataset.col, td.textContent])),
  frustrationTitle: tr.querySelector('td[data-col="frustration"]').title,
})));
const ids = async (page) => (await rows(page)).map((r) => r.id);

/** Runs action (a submit or a header click) and waits for the list to reload. */
async function searchBy(page, action) {
  const before = await page.evaluate(() => document.body.dataset.loaded);
  await action();
  await page.waitForFunction((b) => document.body.dataset.loaded !== b, before, { timeout: 15000 });
}
const submit = (page) => searchBy(page, () => page.click('#filters button[type=submit]'));

try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/login?next=${encodeURIComponent('/sessions')}`);
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(new URL(page.url()).pathname === '/sessions', 'on the session list, got ' + page.url());
  await page.waitForFunction(() => document.body.dataset.loaded, null, { timeout: 15000 });

  await page.fill('#f-user', USER_ID);
  await submit(page);
  result.byUser = await rows(page);
  result.userQuery = new URL(page.url()).search;
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR || '.', 'ui-sessions-user.png') });

  await page.check('#f-errors');
  await submit(page);
  result.errorsOnly = await ids(page);
  await page.uncheck('#f-errors');

  result.presets = {};
  for (const preset of ['7d', '30d', '60d', '90d']) {
    await page.selectOption('#f-range', preset);
    await submit(page);
    result.presets[preset] = await ids(page);
  }
  await page.selectOption('#f-range', 'custom');
  check(await page.isVisible('#f-from'), 'the custom range fields show');
  const local = (ms) => page.evaluate((t) => new Date(t - new Date(t).getTimezoneOffset() * 60_000).toISOString().slice(0, 16), Number(ms));
  await page.fill('#f-from', await local(CUSTOM_FROM));
  await page.fill('#f-to', await local(CUSTOM_TO));
  await submit(page);
  result.custom = await ids(page);
  result.customQuery = new URL(page.url()).search;
  await page.fill('#f-from', '');
  await page.fill('#f-to', '');
  await page.selectOption('#f-range', '');

  await page.fill('#f-min-pages', '2');
  await submit(page);
  result.minPages = await ids(page);
  await page.fill('#f-min-pages', '');
  await page.selectOption('#f-frustration', 'true');
  await submit(page);
  result.withFrustration = await ids(page);
  await page.selectOption('#f-frustration', '');

  await searchBy(page, () => page.click('#results th button.sort[data-sort="frustration"]'));
  result.byFrustration = await ids(page);
  result.frustrationSortMark = await page.getAttribute('#results th button.sort[data-sort="frustration"]', 'aria-sort');
  await searchBy(page, () => page.click('#results th button.sort[data-sort="frustration"]'));
  result.byFrustrationUp = await ids(page);
  result.frustrationUpMark = await page.getAttribute('#results th button.sort[data-sort="frustration"]', 'aria-sort');
  await searchBy(page, () => page.click('#results th button.sort[data-sort="pages"]'));
  result.byPages = await ids(page);
  result.sortQuery = new URL(page.url()).search;
  result.pageErrors = errors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
