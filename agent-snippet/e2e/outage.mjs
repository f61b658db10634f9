// Acceptance: with the service unreachable for 30 s (15 s of 503, 15 s of dropped connections) and
// then back, every batch arrives exactly once: contiguous seq numbers and every tick marker once.
import { check, customEvents, pageHtml, runBrowserTest, sleep, waitFor } from './lib/harness.mjs';

const DOWN_MS = Number(process.env.OUTAGE_TEST_MS || 30000);

runBrowserTest('outage', async ({ service, app, newPage, api }) => {
  const config = { endpoint: `${app.origin}/proxy`, key: service.key };
  app.page('outage', pageHtml(config, `
    <h1>Outage</h1><ol id="list"></ol>
    <script>
      let n = 0;
      window.__ticker = setInterval(() => {
        n++;
        const li = document.createElement('li');
        li.textContent = 'tick ' + n;
        document.getElementById('list').appendChild(li);
        Replaylink.track('tick', { n });
      }, 500);
      window.__stop = () => { clearInterval(window.__ticker); return n; };
    </script>`));
  const page = await newPage();
  await page.goto(`${app.origin}/page/outage`);
  const sessionId = await page.evaluate(() => Replaylink.getSessionId());
  check(sessionId, 'no session ID');
  await sleep(6000);
  app.ingestProxy.mode = '503';
  await sleep(DOWN_MS / 2);
  app.ingestProxy.mode = 'reset';
  await sleep(DOWN_MS / 2);
  app.ingestProxy.mode = 'up';
  await sleep(5000);
  const ticks = await page.evaluate(() => window.__stop());
  await waitFor('flush after recovery', () => page.evaluate(() => Replaylink.flush()), 40000, 1000);

  const posts = app.ingestProxy.log.filter((e) => e.method === 'POST' && e.sessionId === sessionId);
  check(posts.some((e) => e.mode === '503') && posts.some((e) => e.mode === 'reset'), `the outage was not exercised: ${JSON.stringify(posts.map((e) => e.mode))}`);
  check(!posts.some((e) => e.unreadable), 'a batch body could not be read');
  const stored = posts.filter((e) => e.status === 200);
  const fresh = stored.filter((e) => e.response && e.response.duplicate === false);
  const seqs = fresh.map((e) => e.seq).sort((a, b) => a - b);
  check(seqs.every((s, i) => s === i), `stored seq numbers have gaps or repeats: ${seqs.join(',')}`);
  check(posts.every((e) => e.seq <= seqs.length - 1), 'a batch was sent that never got stored');
  const windows = new Set(posts.map((e) => e.windowId));
  check(windows.size === 1, `${windows.size} window IDs for one tab`);

  const events = await waitFor('all ticks stored', async () => {
    const r = await api(`/api/v1/sessions/${sessionId}/events`);
    return r && customEvents(r.events, 'track').length >= ticks ? r.events : null;
  }, 20000);
  const seen = customEvents(events, 'track').map((e) => e.data.payload.props.n);
  const missing = [];
  for (let n = 1; n <= ticks; n++) if (!seen.includes(n)) missing.push(n);
  check(!missing.length, `ticks missing after the outage: ${missing.join(',')}`);
  check(seen.length === ticks, `${seen.length - ticks} duplicated ticks`);
  const keys = events.map((e) => JSON.stringify(e));
  check(new Set(keys).size === keys.length, `${keys.length - new Set(keys).size} duplicated events`);

  // past maxQueueBytes during an outage the oldest events are dropped: once sending works again a
  // recording-paused marker (reason events-dropped) reports how many and why, and the recording
  // resumes with a marker and a full snapshot
  app.page('outage-small', pageHtml({ ...config, maxQueueBytes: 20000, batchIntervalMs: 1000 }, `
    <p id="box"></p>
    <script>
      let n = 0;
      window.__ticker = setInterval(() => {
        n++;
        document.getElementById('box').textContent = 'row ' + n + ' ' + 'x'.repeat(5000);
      }, 100);
      window.__stop = () => clearInterval(window.__ticker);
    </script>`));
  await page.close();
  const small = await newPage();
  await small.goto(`${app.origin}/page/outage-small`);
  await small.bringToFront();
  const smallSession = await small.evaluate(() => Replaylink.getSessionId());
  check(await small.evaluate(() => Replaylink.flush()), 'first flush (small queue) failed');
  app.ingestProxy.mode = '503';
  await sleep(8000);
  app.ingestProxy.mode = 'up';
  const dropEvents = await waitFor('drop report after the outage', async () => {
    await small.evaluate(() => Replaylink.flush());
    const r = await api(`/api/v1/sessions/${smallSession}/events`);
    return r && customEvents(r.events, 'recording-resumed').length ? r.events : null;
  }, 30000, 1000).catch(async (e) => {
    const r = await api(`/api/v1/sessions/${smallSession}/events`);
    const tags = r ? r.events.filter((x) => x.type === 5).map((x) => x.data.tag) : null;
    throw new Error(`${e.message}; stored custom events: ${JSON.stringify(tags)}, posts: ${JSON.stringify(app.ingestProxy.log.filter((x) => x.sessionId === smallSession).map((x) => [x.seq, x.status, x.events]))}`);
  });
  await small.evaluate(() => window.__stop());
  const report = customEvents(dropEvents, 'recording-paused').map((e) => e.data.payload);
  check(report.length >= 1 && report.every((p) => p.reason === 'events-dropped'), `drop reports ${JSON.stringify(report)}`);
  const r0 = report[0];
  check(r0.queueFull > 0 && r0.droppedEvents === r0.queueFull + (r0.refused || 0) && r0.from > 0 && r0.to >= r0.from, `drop counts ${JSON.stringify(r0)}`);
  const resumed = customEvents(dropEvents, 'recording-resumed')[0];
  check(resumed.data.payload.reason === 'events-dropped', `resumed marker ${JSON.stringify(resumed.data.payload)}`);
  const next = dropEvents.slice(dropEvents.indexOf(resumed) + 1).filter((e) => e.type !== 5);
  check(next[0] && next[0].type === 4 && next[1].type === 2, `what follows the resume does not start at a full snapshot: ${next.slice(0, 2).map((e) => e.type)}`);

  return { sessionId, ticks, batches: seqs.length, failedAttempts: posts.length - stored.length, gzip: posts.some((e) => e.gzip), dropReport: r0 };
});
