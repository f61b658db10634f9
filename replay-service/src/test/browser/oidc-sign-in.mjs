// Signs in through the OIDC provider's login page, lands on the session list, opens a replay, and
// finds that view in the Audit page. Env: BASE_URL, SESSION_ID, USER_NAME, GROUPS (JSON array).
import { launchChromium, check } from './lib.mjs';
import path from 'node:path';

const { BASE_URL, SESSION_ID, USER_NAME, GROUPS } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const browser = await launchChromium();
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await page.goto(`${base}/sessions`);
  check(new URL(page.url()).pathname === '/login', 'signed-out visit goes to the sign-in page, not ' + page.url());
  await Promise.all([page.waitForNavigation(), page.click('#sso')]);
  result.providerPage = new URL(page.url()).origin !== new URL(base).origin;
  await page.fill('input[name=username]', USER_NAME);
  await page.fill('textarea[name=claims]', JSON.stringify({ preferred_username: USER_NAME, groups: JSON.parse(GROUPS) }));
  await Promise.all([page.waitForURL((u) => u.pathname === '/sessions', { timeout: 30000 }), page.click('input[type=submit]')]);
  result.landed = new URL(page.url()).pathname;
  await page.waitForFunction(() => document.getElementById('whoami').textContent.length > 0, null, { timeout: 15000 });
  result.whoami = await page.textContent('#whoami');
  await page.waitForSelector(`#results tbody tr[data-session-id="${SESSION_ID}"]`, { timeout: 15000 });
  await Promise.all([page.waitForNavigation(), page.click(`#results tbody tr[data-session-id="${SESSION_ID}"] a.open-replay`)]);
  result.replayPath = new URL(page.url()).pathname;
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  result.replayState = await page.evaluate(() => document.body.dataset.state);
  result.auditLinkVisible = await page.isVisible('#audit-link');
  await Promise.all([page.waitForNavigation(), page.click('#audit-link')]);
  await page.waitForSelector('#audit-entries tbody tr.audit-entry', { timeout: 15000 });
  result.audit = await page.$$eval('#audit-entries tbody tr.audit-entry', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR || '.', 'audit-page.png') });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
