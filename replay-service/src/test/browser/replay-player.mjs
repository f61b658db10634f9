// Drives the replay player: ±10 s, keyboard, speed, event-stream seeking and highlighting, skipping
// inactivity, masked and blocked content, trace and Sentry links, "copy link to this moment"
// reopened in a new page, and full screen. Seeks are awaited through the page's seek counter
// (body[data-seeks]); only the playback-speed and highlight samples let wall time pass on purpose.
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

/** Runs action (a click or key press that seeks) and waits until the page has done the seek. */
async function seekBy(page, action) {
  const before = Number(await page.evaluate(() => document.body.dataset.seeks));
  await action();
  await page.waitForFunction((b) => Number(document.body.dataset.seeks) > b, before, { timeout: 10000 });
  return ts(page);
}

async function signIn(page, target) {
  await page.goto(`${base}/login?next=${encodeURIComponent(target)}`);
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

async function ready(page) {
  await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  check(state === 'ready', `player not ready: ${state} ${await page.textContent('#notice')} ${errors.join(' | ')}`);
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
  result.openedPlaying = await page.evaluate(() => document.body.dataset.playing);

  result.afterForward = await seekBy(page, () => page.click('#fwd10'));
  result.afterBack = await seekBy(page, () => page.click('#back10'));

  // keyboard: focus the page body first so keys reach the document
  await page.locator('#session-info').click();
  result.beforeArrow = await ts(page);
  result.afterArrowRight = await seekBy(page, () => page.keyboard.press('ArrowRight'));
  result.afterArrowLeft = await seekBy(page, () => page.keyboard.press('ArrowLeft'));
  await page.keyboard.press('Space');
  result.spacePlays = await page.waitForFunction(() => document.body.dataset.playing === 'true', null, { timeout: 5000 }).then(() => true, () => false);
  await page.keyboard.press('Space');
  result.spacePauses = await page.waitForFunction(() => document.body.dataset.playing === 'false', null, { timeout: 5000 }).then(() => true, () => false);

  // speed: from 9 s (continuous activity until 20 s) at 1× and then at 4×
  const nav = page.locator('#markers li[data-kind="click"]').filter({ hasText: 'click' });
  const clickAt10s = page.locator(`#markers li[data-ts="${start + 10_000}"] button`);
  await seekBy(page, () => clickAt10s.click());
  result.advanceAt1x = await playFor(page, 1000);
  await seekBy(page, () => clickAt10s.click());
  await page.click('#speed button[data-speed="4"]');
  result.speedPressed = Number(await page.getAttribute('#speed button[aria-pressed="true"]', 'data-speed'));
  result.advanceAt4x = await playFor(page, 1000);
  await page.click('#speed button[data-speed="1"]');
  result.clickEntries = await nav.count();

  // a stream click seeks there (paused)
  const consoleEntry = page.locator('#markers li[data-kind="console"]').last();
  result.clickedEntryTs = Number(await consoleEntry.getAttribute('data-ts'));
  result.afterEntryClick = await seekBy(page, () => consoleEntry.locator('button').click());

  // the highlight follows playback
  await seekBy(page, () => clickAt10s.click());
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
  await page.waitForFunction(() => document.body.dataset.playing === 'false', null, { timeout: 5000 });
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
  // masked text (a run of '*') and masked input values are drawn as masked
  result.masked = await replayFrame.evaluate(() => {
    const style = (node) => node && { classes: node.className, background: getComputedStyle(node).backgroundColor,
      decoration: getComputedStyle(node).textDecorationStyle, outline: getComputedStyle(node).outlineStyle, text: node.textContent || node.value };
    return { text: style(document.getElementById('shipping-name')), input: style(document.getElementById('email')),
      heading: style(document.querySelector('h1')) };
  });
  await page.locator('.side').screenshot({ path: path.join(shots, 'ui-event-stream.png') });
  result.networkLabel = await page.locator('#markers li[data-kind="network"]').filter({ hasText: '/api/cart' }).locator('.label').textContent();
  result.errorLabels = await page.$$eval('#markers li[data-kind="error"] .label', (ls) => ls.map((l) => l.textContent));
  result.sentryHref = await page.getAttribute('#markers li[data-kind="backend-error"] a.external', 'href');

  // the frustration and recording-paused markers on the timeline and in the stream
  const thrash = page.locator('#markers li[data-kind="mouse-thrash"]');
  result.thrashEntry = await thrash.count() === 1 ? await thrash.locator('.label').textContent() : null;
  result.pausedEntry = await page.locator('#markers li[data-kind="recording-paused"] .label').textContent().catch(() => null);
  result.tickKinds = await page.$$eval('#timeline button[data-ts]', (bs) => bs.map((b) => b.className));
  await seekBy(page, () => thrash.locator('button').click());
  await page.locator('#stage').screenshot({ path: path.join(shots, 'ui-mouse-thrash.png') });
  await page.locator('.side').screenshot({ path: path.join(shots, 'ui-event-stream-thrash.png') });
  await seekBy(page, () => page.locator('#markers li[data-kind="recording-paused"] button').click());
  await page.screenshot({ path: path.join(shots, 'ui-recording-paused.png') });

  // skip inactivity: from 18 s, playing at 1× crosses the 21 s without input (20 s → 41 s) in a few seconds
  await seekBy(page, () => page.locator('#markers li[data-kind="rage-click"] button').click());
  const skipFrom = await ts(page);
  const skipsBefore = Number(await page.evaluate(() => document.body.dataset.skips || 0));
  const wallStart = Date.now();
  await page.click('#play');
  await page.waitForFunction((target) => Number(document.body.dataset.playerTs) >= target, start + 41_500, { timeout: 40000 });
  result.skipWallMs = Date.now() - wallStart;
  result.skipPlayerMs = (await ts(page)) - skipFrom;
  result.skips = Number(await page.evaluate(() => document.body.dataset.skips || 0)) - skipsBefore;
  await page.click('#play');
  await page.waitForFunction(() => document.body.dataset.playing === 'false', null, { timeout: 5000 });

  // copy link to this moment, then open it in a new page of the same (signed-in) browser
  await seekBy(page, () => page.locator(`#markers li[data-kind="rage-click"] button`).click());
  await seekBy(page, () => page.click('#fwd10'));
  result.linkTs = await seekBy(page, () => page.click('#back10'));
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
    await page.waitForFunction(() => document.body.dataset.fullscreen === 'true', null, { timeout: 3000 });
    result.fullscreenState = await page.evaluate(() => document.body.dataset.fullscreen);
    result.fullscreenPlayerWidth = await page.evaluate(() => document.querySelector('.replayer-wrapper').getBoundingClientRect().width);
    await page.screenshot({ path: path.join(shots, 'ui-fullscreen.png') });
    await page.evaluate(() => document.exitFullscreen());
    await page.waitForFunction(() => document.body.dataset.fullscreen === 'false', null, { timeout: 3000 });
    result.afterFullscreenState = await page.evaluate(() => document.body.dataset.fullscreen);
  }
  result.pageErrors = errors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
