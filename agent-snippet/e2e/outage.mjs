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
  return { sessionId, ticks, batches: seqs.length, failedAttempts: posts.length - stored.length, gzip: posts.some((e) => e.gzip) };
});
