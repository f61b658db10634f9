// Batches are gzipped in a blob: web worker by default; `compressionWorker: false` never creates
// one, and a Content-Security-Policy that forbids the worker leaves compression to the main thread:
// in every case the batches arrive gzipped and are stored.
import { check, pageHtml, runBrowserTest } from './lib/harness.mjs';

// Counts worker constructions and CSP violations from before the recorder's first send.
const WATCH = `<script>
  window.__workers = 0;
  window.__violations = [];
  const W = window.Worker;
  window.Worker = function (url, opts) { window.__workers++; return new W(url, opts); };
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
</script>`;
const NO_WORKERS = `<meta http-equiv="Content-Security-Policy" content="worker-src 'none'">`;
// enough text for a full snapshot well over the 1 KiB below which batches are sent uncompressed
const BODY = `<main>${'<p>Compression test paragraph with some text to record.</p>'.repeat(60)}</main>`;

runBrowserTest('compression', async ({ service, app, newPage, api }) => {
  const cases = [
    { name: 'worker', options: {}, csp: '', workers: 1, violations: false },
    { name: 'main-thread', options: { compressionWorker: false }, csp: NO_WORKERS, workers: 0, violations: false },
    { name: 'worker-blocked', options: {}, csp: NO_WORKERS, workers: 1, violations: true },
  ];
  const summary = {};
  for (const c of cases) {
    app.page(c.name, pageHtml({ endpoint: `${app.origin}/proxy`, key: service.key, ...c.options }, BODY, WATCH + c.csp));
    const page = await newPage();
    await page.goto(`${app.origin}/page/${c.name}`);
    const sessionId = await page.evaluate(() => Replaylink.getSessionId());
    check(sessionId, `${c.name}: no session`);
    check(await page.evaluate(() => Replaylink.flush()), `${c.name}: flush failed`);
    const posts = app.ingestProxy.log.filter((e) => e.method === 'POST' && e.sessionId === sessionId);
    check(posts.length > 0 && posts.every((e) => e.status === 200), `${c.name}: batches ${JSON.stringify(posts.map((e) => e.status))}`);
    check(posts.some((e) => e.gzip), `${c.name}: no batch was gzipped`);
    const workers = await page.evaluate(() => window.__workers);
    const violations = await page.evaluate(() => window.__violations);
    check(workers === c.workers, `${c.name}: ${workers} worker(s) created, expected ${c.workers}`);
    check(c.violations === violations.length > 0, `${c.name}: CSP violations ${JSON.stringify(violations)}`);
    const events = (await api(`/api/v1/sessions/${sessionId}/events`)).events;
    check(events.some((e) => e.type === 2), `${c.name}: the full snapshot was not stored`);
    summary[c.name] = { batches: posts.length, workers, violations: violations.length };
  }
  return summary;
});
