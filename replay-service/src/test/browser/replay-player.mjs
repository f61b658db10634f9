// Drives the replay player: ±10 s, keyboard, speed, event-stream seeking and highlighting, the
// inactivity timeline, trace links, and "copy link to this moment" reopened in a new page.
// Env: BASE_URL, TOKEN, SESSION_ID, START (epoch ms of the recording's start), TRACE_ID, TRACE_UI.
import { launchChromium, check } from './lib.mjs';
import path from 'node:path';

const { BASE_URL, TOKEN, SESSION_ID, START, TRACE_ID } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const start = Number(START);
const shots = process.env.SCREENSHOT_DIR || '.';
const browser = await launchChromium();
const result = {};
const errors = [];
const ts = (page) => page.evaluate(() => Number(document.getElementById('clock').dataset.ts));
const settle = (page, ms = 350) => page.waitForTimeout(ms);

async function signIn(page, target) {
  await page.goto(`${base}/login?next=${encodeURIComponent(target)}`);
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

async function ready(page) {
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  check(state === 'ready', `player not ready: ${state} ${await page.textContent('#notice')} ${errors.join(' | ')}`);
  await settle(page, 500);
}

async function playFor(page, ms) {
  await page.click('#play');
  await page.waitForFunction(() => document.body.dataset.playing === 'true', null, { timeout: 5000 }).catch(async (e) => {
    result.debug = await page.evaluate(() => ({ ...document.body.dataset, play: document.getElementById('play').textContent }));
    result.pageErrors = errors;
    console.log(JSON.stringify(result));
    throw e;
  });
  const before = await ts(page);
  await page.waitForTimeout(ms);
  const after = await ts(page);
  await page.click('#play');
  await page.waitForFunction(() => document.body.dataset.playing === 'false', null, { timeout: 5000 });
  return after - before;
}

try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e.stack || e).slice(0, 600)));
  await signIn(page, `/replay/${SESSION_ID}?t=${start + 8000}`);
  await ready(page);
  result.openedTs = await ts(page);

  await page.click('#fwd10');
  await settle(page);
  result.afterForward = await ts(page);
  await page.click('#back10');
  await settle(page);
  result.afterBack = await ts(page);

  // keyboard: focus the page body first so keys reach the document
  await page.locator('#session-info').click();
  result.beforeArrow = await ts(page);
  await page.keyboard.press('ArrowRight');
  await settle(page);
  result.afterArrowRight = await ts(page);
  await page.keyboard.press('ArrowLeft');
  await settle(page);
  await page.keyboard.press('Space');
  result.spacePlays = await page.waitForFunction(() => document.body.dataset.playing === 'true', null, { timeout: 5000 }).then(() => true, () => false);
  await page.keyboard.press('Space');
  result.spacePauses = await page.waitForFunction(() => document.body.dataset.playing === 'false', null, { timeout: 5000 }).then(() => true, () => false);

  // speed: from 9 s (continuous activity until 20 s) at 1× and then at 4×
  const nav = page.locator('#markers li[data-kind="click"]').filter({ hasText: 'click' });
  await page.evaluate(() => {});
  await page.locator(`#markers li[data-ts="${start + 10_000}"] button`).click();
  await settle(page);
  result.advanceAt1x = await playFor(page, 1000);
  await page.locator(`#markers li[data-ts="${start + 10_000}"] button`).click();
  await page.click('#speed button[data-speed="4"]');
  result.speedPressed = Number(await page.getAttribute('#speed button[aria-pressed="true"]', 'data-speed'));
  result.advanceAt4x = await playFor(page, 1000);
  await page.click('#speed button[data-speed="1"]');
  result.clickEntries = await nav.count();

  // a stream click seeks there (paused)
  const consoleEntry = page.locator('#markers li[data-kind="console"]').last();
  result.clickedEntryTs = Number(await consoleEntry.getAttribute('data-ts'));
  await consoleEntry.locator('button').click();
  await settle(page);
  result.afterEntryClick = await ts(page);

  // the highlight follows playback
  await page.locator(`#markers li[data-ts="${start + 10_000}"] button`).click();
  await settle(page);
  await page.click('#speed button[data-speed="2"]');
  await page.click('#play');
  result.highlightSamples = [];
  const highlighted = new Set();
  for (let i = 0; i < 5; i++) {
    await page.waitForTimeout(900);
    const sample = await page.evaluate(() => {
      const playerTs = Number(document.body.dataset.playerTs);
      const current = document.querySelector('#markers li.current');
      const items = [...document.querySelectorAll('#markers li[data-ts]')].filter((li) => !li.hidden);
      const expected = items.filter((li) => Number(li.dataset.ts) <= playerTs).pop();
      return { playerTs, currentTs: current ? Number(current.dataset.ts) : null, expectedTs: expected ? Number(expected.dataset.ts) : null,
        currentCount: document.querySelectorAll('#markers li.current').length };
    });
    sample.ok = sample.currentTs === sample.expectedTs && sample.currentCount === 1;
    highlighted.add(sample.currentTs);
    result.highlightSamples.push(sample);
    if (i === 2) await page.screenshot({ path: path.join(shots, 'ui-replay-player.png') });
  }
  await page.click('#play');
  await page.click('#speed button[data-speed="1"]');
  result.distinctHighlighted = highlighted.size;

  result.inactiveSpans = await page.locator('#timeline .inactive').count();
  result.skipInactive = await page.evaluate(() => document.body.dataset.skipInactive);
  result.mouseTail = (await page.locator('.replayer-wrapper canvas.replayer-mouse-tail').count()) > 0;
  result.traceHref = await page.$$eval('#markers li[data-kind="network"] a.trace', (as, id) => as.map((a) => a.href).find((h) => h.endsWith(id)) ?? null,
    TRACE_ID);
  result.backendErrorInStream = (await page.locator('#markers li[data-kind="backend-error"]').count()) === 1;
  result.kinds = [...new Set(await page.$$eval('#markers li[data-kind]', (lis) => lis.map((li) => li.dataset.kind)))];
  result.legend = await page.textContent('#privacy-legend');
  const replayFrame = page.frames().find((f) => f !== page.mainFrame());
  result.blockedBox = await replayFrame.evaluate(() => {
    const box = document.querySelector('div.card-form');
    return box ? { classes: box.className, background: getComputedStyle(box).backgroundImage, width: getComputedStyle(box).width } : null;
  });
  await page.locator('.side').screenshot({ path: path.join(shots, 'ui-event-stream.png') });

  // copy link to this moment, then open it in a new page of the same (signed-in) browser
  await page.locator(`#markers li[data-kind="rage-click"] button`).click();
  await page.click('#fwd10');
  await page.click('#back10');
  await settle(page);
  result.linkTs = await ts(page);
  await page.click('#copy-link');
  await page.waitForFunction(() => document.getElementById('moment-link').value !== '', null, { timeout: 5000 });
  result.link = await page.inputValue('#moment-link');
  result.clipboard = await page.evaluate(() => navigator.clipboard.readText().catch((e) => 'unreadable: ' + e));
  await page.screenshot({ path: path.join(shots, 'ui-copy-link.png') });
  check(result.link === `${base}/replay/${SESSION_ID}?t=${result.linkTs}`, 'moment link ' + result.link);

  const again = await context.newPage();
  again.on('pageerror', (e) => errors.push(String(e)));
  await again.goto(result.link);
  await ready(again);
  result.reopenedTs = await ts(again);
  result.reopenedMomentTs = Number(await again.getAttribute('#timeline .moment', 'data-ts'));

  // full screen holds the player and its controls
  await page.bringToFront();
  await page.click('#fullscreen');
  result.fullscreen = await page.waitForFunction(() => document.fullscreenElement?.id === 'stage', null, { timeout: 3000 }).then(() => true, () => false);
  result.fullscreenState = await page.evaluate(() => document.body.dataset.fullscreen ?? null);
  if (result.fullscreen) {
    await settle(page, 600);
    await page.screenshot({ path: path.join(shots, 'ui-fullscreen.png') });
    await page.evaluate(() => document.exitFullscreen());
  }
  result.pageErrors = errors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
