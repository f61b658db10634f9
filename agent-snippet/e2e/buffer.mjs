// Acceptance: in on-error mode nothing is sent before an error (session.id is still propagated);
// after a traced fetch answered 500 the last <= 60 s arrive starting with a full snapshot, the
// replay plays, and recording continues in full.
import { check, customEvents, pageHtml, replay, runBrowserTest, waitFor } from './lib/harness.mjs';

const BUFFERED_FOR_MS = Number(process.env.BUFFER_TEST_MS || 75000);

runBrowserTest('buffer', async ({ service, app, browser, newPage, api, allowPageErrors }) => {
  allowPageErrors(/^buffer trigger /);
  const config = { endpoint: `${app.origin}/proxy`, key: service.key, sessionSampleRate: 0, onErrorSampleRate: 1 };
  app.page('buffer', pageHtml(config, `
    <h1>Buffered page</h1>
    <button id="inc" onclick="document.getElementById('n').textContent = String(Number(document.getElementById('n').textContent) + 1)">Count</button>
    <span id="n">0</span>`));
  const page = await newPage();
  const openedAt = Date.now();
  await page.goto(`${app.origin}/page/buffer`);
  const sessionId = await page.evaluate(() => Replaylink.getSessionId());
  check(sessionId, 'buffering session has no session ID');

  // activity for longer than the 60 s buffer, with a traced request that works
  while (Date.now() - openedAt < BUFFERED_FOR_MS) {
    await page.click('#inc');
    await page.mouse.move(100 + (Date.now() % 300), 200);
    await page.waitForTimeout(2500);
  }
  await page.evaluate(() => fetch('/api/ok').then((r) => r.status));
  const ok = app.requests.filter((r) => r.path === '/api/ok').pop();
  check(ok && ok.headers.baggage === `session.id=${sessionId}`, `session.id not propagated while buffering: ${ok && ok.headers.baggage}`);
  check(!app.ingestProxy.log.some((e) => e.method === 'POST'), `${app.ingestProxy.log.length} ingest requests before any error`);
  check(!(await api(`/api/v1/sessions/${sessionId}`)), 'the service knows the session before any error');

  const errorAt = Date.now();
  const status = await page.evaluate(() => fetch('/api/fail').then((r) => r.status));
  check(status === 500, `test backend answered ${status}`);
  await page.waitForTimeout(500);
  const continuedAt = Date.now();
  await page.click('#inc');
  await page.evaluate(() => Replaylink.track('after-error', { n: 1 }));
  check(await page.evaluate(() => Replaylink.flush()), 'flush failed');

  const events = await waitFor('buffered events', async () => {
    const r = await api(`/api/v1/sessions/${sessionId}/events`);
    return r && customEvents(r.events, 'track').length ? r.events : null;
  });
  check(events[0].type === 4 && events[1].type === 2, `stored recording starts with types ${events[0].type}, ${events[1].type}`);
  const span = errorAt - events[0].timestamp;
  check(span <= 60000 + 1000, `buffer reaches ${span} ms before the error (max 60 s)`);
  if (BUFFERED_FOR_MS > 65000) check(events[0].timestamp > openedAt + 5000, 'the first page snapshot was sent: the buffer was not trimmed');
  const fail = customEvents(events, 'network').find((e) => e.data.payload.url.endsWith('/api/fail'));
  check(fail && fail.data.payload.status === 500 && /^[0-9a-f]{32}$/.test(fail.data.payload.traceId), `no 500 network event: ${JSON.stringify(fail)}`);
  const afterError = events.filter((e) => e.timestamp >= continuedAt - 50 && e.type === 3).length;
  check(afterError > 0, 'nothing recorded after the error (did not continue in full)');

  const text = await replay(app, newPage, events, Math.max(0, errorAt - events[0].timestamp));
  check(text && text.includes('Buffered page'), `replay did not render the page: ${text && text.slice(0, 200)}`);

  // two buffering tabs of one session: an error in one makes the other send its buffer too
  app.page('buffer-tabs', pageHtml({ ...config, batchIntervalMs: 1000 }, '<p>tabs</p><button id="b" onclick="this.textContent += 1">b</button>'));
  const ctx = await browser.newContext();
  const tabA = await ctx.newPage();
  await tabA.goto(`${app.origin}/page/buffer-tabs`);
  const tabB = await ctx.newPage();
  await tabB.goto(`${app.origin}/page/buffer-tabs`);
  const shared = await tabA.evaluate(() => Replaylink.getSessionId());
  check(shared && shared === (await tabB.evaluate(() => Replaylink.getSessionId())), 'buffering tabs do not share the session');
  await tabB.click('#b');
  await tabA.evaluate(() => fetch('/api/fail').then((r) => r.status));
  check(await tabA.evaluate(() => Replaylink.flush()), 'flush in the failing tab failed');
  const perWindow = await waitFor('both tabs sent their buffers', () => {
    const posts = app.ingestProxy.log.filter((e) => e.method === 'POST' && e.sessionId === shared && e.status === 200);
    const windows = new Set(posts.map((e) => e.windowId));
    return windows.size === 2 ? windows : null;
  }, 15000);
  for (const w of perWindow) {
    const first = app.ingestProxy.log.find((e) => e.method === 'POST' && e.windowId === w && e.status === 200);
    check(first.seq === 0 && first.firstTypes.join() === '4,2' && first.response.accepted > 0, `a tab's buffer does not start with a full snapshot: ${JSON.stringify(first)}`);
  }
  // an uncaught error and an unhandled rejection send the buffer just as a failed traced request does
  const triggers = {
    'uncaught-error': "setTimeout(() => { throw new RangeError('buffer trigger ' + window.__mark); }, 0)",
    'unhandled-rejection': "Promise.reject(new Error('buffer trigger ' + window.__mark))",
  };
  const triggered = {};
  for (const [name, code] of Object.entries(triggers)) {
    app.page(`buffer-${name}`, pageHtml({ ...config, batchIntervalMs: 1000 }, `<p>${name}</p><button id="go" onclick="${code}">go</button>`));
    const p = await (await browser.newContext()).newPage();
    await p.goto(`${app.origin}/page/buffer-${name}`);
    const sid = await p.evaluate(() => Replaylink.getSessionId());
    // base 36: a run of 13 digits looks like a card number, which the privacy net masks
    const mark = `${name}-${Date.now().toString(36)}`;
    await p.evaluate((m) => { window.__mark = m; }, mark);
    await p.waitForTimeout(300);
    check(!app.ingestProxy.log.some((e) => e.method === 'POST' && e.sessionId === sid), `${name}: sent before the error`);
    await p.click('#go');
    const stored = await waitFor(`${name}: buffer sent`, async () => {
      await p.evaluate(() => Replaylink.flush());
      const r = await api(`/api/v1/sessions/${sid}/events`);
      return r && customEvents(r.events, 'error').length ? r.events : null;
    });
    check(stored[0].type === 4 && stored[1].type === 2, `${name}: the sent buffer starts with types ${stored[0].type}, ${stored[1].type}`);
    const err = customEvents(stored, 'error')[0].data.payload;
    check(err.message === `buffer trigger ${mark}` && err.type === (name === 'uncaught-error' ? 'RangeError' : 'unhandledrejection'), `${name}: error event ${JSON.stringify(err)}`);
    triggered[name] = stored.length;
  }

  return { sessionId, bufferedMs: span, events: events.length, tabWindows: perWindow.size, triggered };
});
