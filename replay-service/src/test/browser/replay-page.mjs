// Opens a replay link in Chromium as a signed-out user, signs in, and reports what the replay page
// shows: the player's position and state, the timeline, and where the player is after clicking a
// timeline marker, a marker in the side list or −10 s. Every step waits for a state the page
// publishes on <body> (state, seeks), never for a fixed time.
// Env: BASE_URL, TOKEN, SESSION_ID, MOMENT (epoch ms), EXPECT_STATE (optional),
//   MARKER_KIND (optional: click the first side-list entry of this kind),
//   TICK_TS, TICK_KIND (optional: click the timeline marker of this kind at this time),
//   STEP_BACK (optional "1": reopen the link and press −10 s),
//   MORE_DATA_FILE + INGEST_KEY + ORIGIN (optional: a batch posted, as from the recorded site, once
//   the page says data is still arriving).
import { launchChromium, check } from './lib.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const { BASE_URL, TOKEN, SESSION_ID, MOMENT, MARKER_KIND, TICK_TS, TICK_KIND, STEP_BACK, EXPECT_STATE, MORE_DATA_FILE, INGEST_KEY, ORIGIN } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const link = `${base}/replay/${SESSION_ID}?t=${MOMENT}`;
const browser = await launchChromium();
const result = {};
const errors = [];

/** Polls fn in the page until it returns a truthy value; survives the page reloading itself. */
async function until(page, fn, arg, what, timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg).catch(() => null);
    if (value) return value;
    if (Date.now() > end) {
      const body = await page.evaluate(() => ({ ...document.body.dataset, url: location.href })).catch((e) => String(e));
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(body)} ${errors.join(' | ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const playerTs = (page) => page.evaluate(() => Number(document.getElementById('clock').dataset.ts));
const seeks = (page) => page.evaluate(() => document.body.dataset.seeks);

/** Clicks, then waits until the page has seeked (same page) or reloaded at the target and is ready. */
async function clickAndSettle(page, locator, what) {
  const before = { seeks: await seeks(page), href: page.url() };
  await locator.click();
  await until(page, (b) => document.body.dataset.state === 'ready'
    && (location.href !== b.href ? document.body.dataset.seeks === '0' : Number(document.body.dataset.seeks) > Number(b.seeks)), before, what);
  return { ts: await playerTs(page), url: page.url() };
}

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(link);
  result.loggedInVia = new URL(page.url()).pathname;
  check(result.loggedInVia === '/login', 'expected the login page first, got ' + page.url());
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(new URL(page.url()).pathname === `/replay/${SESSION_ID}`, 'back on the replay page after login, got ' + page.url());
  check(new URL(page.url()).searchParams.get('t') === MOMENT, 'the moment survives the login');
  await until(page, () => document.body.dataset.state, null, 'a page state');
  result.state = await page.evaluate(() => document.body.dataset.state);
  result.notice = await page.evaluate(() => document.getElementById('notice').textContent);
  if (EXPECT_STATE) {
    check(result.state === EXPECT_STATE, `state ${result.state}, expected ${EXPECT_STATE}`);
  } else {
    check(result.state === 'ready', `player not ready: ${result.state} ${result.notice} ${errors.join(' | ')}`);
  }
  if (MORE_DATA_FILE) {
    // the rest of the recording arrives while the page is open: it reloads by itself and opens the moment
    const batch = JSON.parse(readFileSync(MORE_DATA_FILE, 'utf8'));
    batch.sentAt = Date.now();
    const res = await fetch(`${base}/api/v1/ingest`, { method: 'POST', body: JSON.stringify(batch),
      headers: { 'Content-Type': 'application/json', 'X-Replaylink-Key': INGEST_KEY, Origin: ORIGIN } });
    check(res.ok, 'ingest of the rest: ' + res.status + ' ' + await res.text());
    await until(page, () => document.body.dataset.state === 'ready', null, 'the page to reload with the new data');
    result.state = await page.evaluate(() => document.body.dataset.state);
    result.noticeHidden = await page.evaluate(() => document.getElementById('notice').hidden);
  }
  if (result.state === 'ready') {
    result.playerTs = await playerTs(page);
    result.playing = await page.evaluate(() => document.body.dataset.playing);
    result.startTs = await page.evaluate(() => Number(document.body.dataset.startTs));
    result.clockText = await page.textContent('#clock');
    result.iframeSandbox = (await page.getAttribute('.replayer-wrapper iframe', 'sandbox')) ?? '';
    result.markerCount = await page.locator('#markers li[data-ts]').count();
    result.ticks = await page.$$eval('#timeline button[data-ts]', (bs) => bs.map((b) => ({ ts: Number(b.dataset.ts), kind: b.className })));
    await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR || '.', 'replay-page.png') });
    if (TICK_TS) {
      const tick = await clickAndSettle(page, page.locator(`#timeline button.${TICK_KIND}[data-ts="${TICK_TS}"]`), 'the seek to the timeline marker');
      result.afterTickTs = tick.ts;
      result.afterTickPlaying = await page.evaluate(() => document.body.dataset.playing);
    }
    if (MARKER_KIND) {
      const item = page.locator(`#markers li[data-kind="${MARKER_KIND}"]`).first();
      result.markerTs = Number(await item.getAttribute('data-ts'));
      const after = await clickAndSettle(page, item.locator('button:not(.trace-open)'), 'the seek to the side-list marker');
      result.afterClickTs = after.ts;
      result.afterClickUrl = after.url;
    }
    if (STEP_BACK === '1') {
      await page.goto(link);
      await until(page, () => document.body.dataset.state === 'ready', null, 'the reopened link');
      result.beforeBackTs = await playerTs(page);
      result.beforeBackStartTs = await page.evaluate(() => Number(document.body.dataset.startTs));
      const back = await clickAndSettle(page, page.locator('#back10'), 'the seek 10 s back');
      result.afterBackTs = back.ts;
      result.afterBackUrl = back.url;
      result.afterBackStartTs = await page.evaluate(() => Number(document.body.dataset.startTs));
    }
  }
  result.pageErrors = errors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
