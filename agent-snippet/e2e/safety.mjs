// Safety: a mutation storm pauses recording with a marker instead of freezing the page, and
// recording resumes (marker and new full snapshot) once the page is calm; invalid options and a
// dead service never throw into the page.
import { check, customEvents, pageHtml, runBrowserTest, waitFor } from './lib/harness.mjs';

// bytes of stored incremental events (a resume's full snapshot of the big page is expected)
const incrementalBytes = (events) => JSON.stringify(events.filter((e) => e.type === 3)).length;

runBrowserTest('safety', async ({ service, app, newPage, api, details }) => {
  // a dead service (nothing listens on the endpoint): the page works, the API answers, nothing throws
  app.page('dead-service', pageHtml({ endpoint: 'http://127.0.0.1:9', key: service.key, batchIntervalMs: 500 }, `
    <button id="b" onclick="this.textContent = 'clicked'">b</button><input id="i">`));
  const dead = await newPage();
  await dead.goto(`${app.origin}/page/dead-service`);
  check(await dead.evaluate(() => Replaylink.getSessionId()), 'no session with a dead service');
  await dead.click('#b');
  await dead.fill('#i', 'typed');
  await dead.evaluate(() => { Replaylink.track('t', { a: 1 }); Replaylink.identify('u-1'); });
  await dead.waitForTimeout(1500); // a few failed sends and retries
  check((await dead.evaluate(() => Replaylink.flush())) === false, 'flush with a dead service should resolve false');
  check((await dead.evaluate(() => fetch('/api/while-dead').then((r) => r.status))) === 200, 'app request broken while the service is dead');
  check((await dead.textContent('#b')) === 'clicked' && (await dead.inputValue('#i')) === 'typed', 'the page did not work with a dead service');
  await dead.goto(`${app.origin}/page/dead-service?again=1`); // page exit with unsent batches
  check(await dead.evaluate(() => Replaylink.getSessionId()), 'no session on the next page with a dead service');

  app.page('bad-options', pageHtml({ endpoint: 'not a url' }, '<p id="ok">still fine</p>'));
  const bad = await newPage();
  await bad.goto(`${app.origin}/page/bad-options`);
  check((await bad.evaluate(() => window.__rl)) === false, 'init with bad options should return false');
  check((await bad.evaluate(() => [Replaylink.getSessionId(), Replaylink.getReplayUrl(), Replaylink.track('x'), Replaylink.identify('u')])).every((v) => v == null), 'API calls after a failed init');
  check(await bad.evaluate(() => Replaylink.flush()), 'flush without init');

  app.page('storm', pageHtml({ endpoint: service.url, key: service.key }, `
    <button id="storm" onclick="
      const f = document.createDocumentFragment();
      for (let i = 0; i < 12000; i++) { const d = document.createElement('div'); d.textContent = 'row ' + i; f.appendChild(d); }
      const box = document.getElementById('box');
      for (let i = 0; i < 12000; i++) box.appendChild(f.firstChild);
    ">Storm</button><div id="box"></div>`));
  const page = await newPage();
  await page.goto(`${app.origin}/page/storm`);
  const sessionId = await page.evaluate(() => Replaylink.getSessionId());
  check(sessionId, 'no session ID');
  check(await page.evaluate(() => Replaylink.flush()), 'first flush failed');
  const t0 = Date.now();
  await page.click('#storm');
  const rows = await page.evaluate(() => document.querySelectorAll('#box div').length);
  details.stormMs = Date.now() - t0;
  check(rows === 12000, `page did not finish its work: ${rows}`);
  check(await page.evaluate(() => Replaylink.flush()), 'flush after storm failed');
  check((await page.evaluate(() => fetch('/api/after-storm').then((r) => r.status))) === 200, 'app request broken after the storm');

  const events = await waitFor('recording-paused marker', async () => {
    const r = await api(`/api/v1/sessions/${sessionId}/events`);
    return r && customEvents(r.events, 'recording-paused').length ? r.events : null;
  });
  const paused = customEvents(events, 'recording-paused')[0];
  check(paused.data.payload.reason === 'mutation-storm', `pause reason ${paused.data.payload.reason}`);
  const size = incrementalBytes(events);
  check(size < 200000, `the storm was recorded anyway (${size} bytes of incremental events)`);

  // the page calms down: recording resumes with a marker and a new full snapshot of the page as it is
  const t1 = Date.now();
  await waitFor('recording-resumed marker', async () => {
    await page.evaluate(() => Replaylink.flush());
    const r = await api(`/api/v1/sessions/${sessionId}/events`);
    return r && customEvents(r.events, 'recording-resumed').length;
  }, 25000, 1000);
  details.resumeMs = Date.now() - t1;
  await page.evaluate(() => { document.getElementById('box').firstChild.textContent = 'AFTER-RESUME'; });
  await page.waitForTimeout(200);
  check(await page.evaluate(() => Replaylink.flush()), 'flush after resume failed');
  const after = await waitFor('mutations recorded after the resume', async () => {
    const r = await api(`/api/v1/sessions/${sessionId}/events`);
    return r && JSON.stringify(r.events.filter((e) => e.type === 3)).includes('AFTER-RESUME') ? r.events : null;
  });
  const resumed = customEvents(after, 'recording-resumed');
  check(resumed.length === 1 && resumed[0].data.payload.reason === 'mutation-storm', `resumed markers ${JSON.stringify(resumed)}`);
  const snapshot = after.find((e) => e.type === 2 && e.timestamp >= resumed[0].timestamp);
  check(snapshot && JSON.stringify(snapshot).includes('row 11999'), 'no full snapshot of the calmed-down page after the resume');
  check(incrementalBytes(after) < 200000, 'the storm was recorded incrementally after all');
  const session = await api(`/api/v1/sessions/${sessionId}`);
  check(['recording-paused', 'recording-resumed'].every((k) => session.markers.some((m) => m.kind === k)), 'no paused/resumed markers in the session');

  // the same storm in one mutation record (innerHTML), which a record count alone would not see
  app.page('storm-html', pageHtml({ endpoint: service.url, key: service.key }, `
    <button id="storm" onclick="document.getElementById('box').innerHTML = '<div>row</div>'.repeat(12000)">Storm</button><div id="box"></div>`));
  const page2 = await newPage();
  await page2.goto(`${app.origin}/page/storm-html`);
  const session2 = await page2.evaluate(() => Replaylink.getSessionId());
  check(await page2.evaluate(() => Replaylink.flush()), 'first flush failed (innerHTML storm)');
  await page2.click('#storm');
  check(await page2.evaluate(() => Replaylink.flush()), 'flush after innerHTML storm failed');
  const events2 = await waitFor('recording-paused marker (innerHTML storm)', async () => {
    const r = await api(`/api/v1/sessions/${session2}/events`);
    return r && customEvents(r.events, 'recording-paused').length ? r.events : null;
  });
  check(incrementalBytes(events2) < 200000, 'the innerHTML storm was recorded anyway');

  // the ES module build works the same way from a module script
  app.page('esm', `<!doctype html><html><head><script type="module">
    import * as R from '/sdk/replaylink.esm.js';
    window.__ok = R.init(${JSON.stringify({ endpoint: service.url, key: service.key })});
    window.__sid = R.getSessionId();
    R.track('from-esm', {});
    window.__flushed = R.flush();
  </script></head><body><p>esm</p></body></html>`);
  const esm = await newPage();
  await esm.goto(`${app.origin}/page/esm`);
  await esm.waitForFunction(() => window.__flushed !== undefined);
  const esmSession = await esm.evaluate(() => (window.__ok === true ? window.__sid : null));
  check(esmSession && (await esm.evaluate(() => window.__flushed)), 'ES module build did not start or flush');
  await waitFor('ES module session stored', async () => {
    const r = await api(`/api/v1/sessions/${esmSession}/events`);
    return r && customEvents(r.events, 'track').length;
  });
  return { sessionId, storedBytes: size };
});
