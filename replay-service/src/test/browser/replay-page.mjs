// Opens a replay link in Chromium as a signed-out user, signs in, and reports what the replay page
// shows: the player's position, and where it goes after clicking a marker in the side list.
// Env: BASE_URL, TOKEN, SESSION_ID, MOMENT (epoch ms), MARKER_KIND (optional), EXPECT_STATE (optional).
import { launchChromium, check } from './lib.mjs';
import path from 'node:path';

const { BASE_URL, TOKEN, SESSION_ID, MOMENT, MARKER_KIND, EXPECT_STATE } = process.env;
const browser = await launchChromium();
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${BASE_URL.replace(/\/$/, '')}/replay/${SESSION_ID}?t=${MOMENT}`);
  result.loggedInVia = new URL(page.url()).pathname;
  check(result.loggedInVia === '/login', 'expected the login page first, got ' + page.url());
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(new URL(page.url()).pathname === `/replay/${SESSION_ID}`, 'back on the replay page after login, got ' + page.url());
  check(new URL(page.url()).searchParams.get('t') === MOMENT, 'the moment survives the login');
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  result.state = await page.evaluate(() => document.body.dataset.state);
  result.notice = await page.evaluate(() => document.getElementById('notice').textContent);
  if (EXPECT_STATE) {
    check(result.state === EXPECT_STATE, `state ${result.state}, expected ${EXPECT_STATE}`);
  } else {
    check(result.state === 'ready', `player not ready: ${result.state} ${result.notice} ${errors.join(' | ')}`);
    await page.waitForTimeout(500);
    result.playerTs = Number(await page.getAttribute('#clock', 'data-ts'));
    result.clockText = await page.textContent('#clock');
    result.iframeSandbox = (await page.getAttribute('.replayer-wrapper iframe', 'sandbox')) ?? '';
    result.markerCount = await page.locator('#markers li[data-ts]').count();
    if (MARKER_KIND) {
      const item = page.locator(`#markers li[data-kind="${MARKER_KIND}"]`).first();
      result.markerTs = Number(await item.getAttribute('data-ts'));
      await item.locator('button').click();
      await page.waitForTimeout(700);
      result.afterClickTs = Number(await page.getAttribute('#clock', 'data-ts'));
    }
    await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR || '.', 'replay-page.png') });
  }
  result.pageErrors = errors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
