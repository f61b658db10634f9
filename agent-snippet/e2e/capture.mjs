// Capture: uncaught errors, unhandled rejections, console warn/error (size-capped), fetch and XHR
// network events, SPA navigation and track markers; events pending at pagehide still arrive.
import { check, customEvents, pageHtml, runBrowserTest, waitFor } from './lib/harness.mjs';

runBrowserTest('capture', async ({ service, app, newPage, api, allowPageErrors }) => {
  allowPageErrors(/thrown from a timer/, /nobody handles this/);
  // the page's own fetch wrapper, installed before the snippet: the snippet sends through it, so the
  // test sees the options of the requests made while the page goes away
  const wrapFetch = `<script>
    const pageFetch = window.fetch;
    window.fetch = function (url, init) {
      if (String(url).includes('/api/v1/ingest')) {
        const log = JSON.parse(localStorage.getItem('ingest-log') || '[]');
        log.push({ keepalive: !!(init && init.keepalive), hidden: document.visibilityState === 'hidden' });
        localStorage.setItem('ingest-log', JSON.stringify(log));
      }
      return pageFetch.apply(this, arguments);
    };
  </script>`;
  app.page('capture', pageHtml({ endpoint: `${app.origin}/proxy`, key: service.key }, '<p>capture</p><a id="next" href="/page/elsewhere">next</a>')
    .replace('<script src="/sdk/replaylink.js">', `${wrapFetch}<script src="/sdk/replaylink.js">`));
  app.page('elsewhere', '<!doctype html><p>no recorder here</p>');
  const page = await newPage();
  await page.goto(`${app.origin}/page/capture`);
  const sessionId = await page.evaluate(() => Replaylink.getSessionId());
  check(sessionId, 'no session ID');
  await page.evaluate(async () => {
    console.warn('careful', { code: 7 });
    console.error('x'.repeat(5000));
    setTimeout(() => {
      throw new TypeError('thrown from a timer');
    }, 0);
    Promise.reject(new Error('nobody handles this'));
    await new Promise((r) => setTimeout(r, 50));
    await new Promise((resolve) => {
      const x = new XMLHttpRequest();
      x.open('POST', '/api/fail');
      x.onloadend = resolve;
      x.send('{}');
    });
    await fetch('http://127.0.0.1:9/unreachable').catch(() => {});
    history.pushState({}, '', '/page/capture/step-2');
    history.back();
    await new Promise((r) => setTimeout(r, 100));
    Replaylink.track('checkout', { items: 3 });
  });
  check(await page.evaluate(() => Replaylink.flush()), 'flush failed');
  // left unsent on purpose: must go out with keepalive/sendBeacon when the page goes away
  await page.evaluate(() => Replaylink.track('leaving', {}));
  const sentBefore = await page.evaluate(() => JSON.parse(localStorage.getItem('ingest-log') || '[]').length);
  await page.click('#next');
  await page.waitForURL('**/page/elsewhere');
  const exitSends = (await page.evaluate(() => JSON.parse(localStorage.getItem('ingest-log') || '[]'))).slice(sentBefore);
  check(exitSends.length > 0 && exitSends.some((s) => s.keepalive), `no keepalive send while the page went away: ${JSON.stringify(exitSends)}`);

  const events = await waitFor('events incl. the one sent at pagehide', async () => {
    const r = await api(`/api/v1/sessions/${sessionId}/events`);
    return r && customEvents(r.events, 'track').some((e) => e.data.payload.name === 'leaving') ? r.events : null;
  });
  const consoleEvents = customEvents(events, 'console').map((e) => e.data.payload);
  check(consoleEvents.some((c) => c.level === 'warn' && c.message === 'careful {"code":7}'), `console.warn: ${JSON.stringify(consoleEvents)}`);
  const long = consoleEvents.find((c) => c.level === 'error');
  check(long && long.message.length <= 1001, `console.error not size-capped: ${long && long.message.length}`);
  const errors = customEvents(events, 'error').map((e) => e.data.payload);
  check(errors.some((e) => e.type === 'TypeError' && e.message === 'thrown from a timer' && e.stack), `uncaught error: ${JSON.stringify(errors)}`);
  check(errors.some((e) => e.type === 'unhandledrejection' && e.message === 'nobody handles this'), `unhandled rejection: ${JSON.stringify(errors)}`);
  const net = customEvents(events, 'network').map((e) => e.data.payload);
  const xhr = net.find((n) => n.url.endsWith('/api/fail'));
  check(xhr && xhr.method === 'POST' && xhr.status === 500 && xhr.durationMs >= 0 && /^[0-9a-f]{32}$/.test(xhr.traceId), `XHR event: ${JSON.stringify(xhr)}`);
  const down = net.find((n) => n.url.includes(':9/unreachable'));
  check(down && down.status === 0 && !down.traceId, `failed fetch: ${JSON.stringify(down)}`);
  check(!net.some((n) => n.url.includes('/proxy/api/v1/ingest')), 'the recorder recorded its own requests');
  const nav = customEvents(events, 'navigation').map((e) => e.data.payload.url);
  check(nav.length >= 2 && nav[0].endsWith('/page/capture/step-2') && nav[1].endsWith('/page/capture'), `navigation: ${JSON.stringify(nav)}`);
  const track = customEvents(events, 'track').find((e) => e.data.payload.name === 'checkout');
  check(track && track.data.payload.props.items === 3, 'track marker');
  const session = await api(`/api/v1/sessions/${sessionId}`);
  const kinds = new Set(session.markers.map((m) => m.kind));
  for (const k of ['error', 'console', 'network', 'navigation', 'track']) check(kinds.has(k), `no ${k} marker in the session`);
  return { sessionId, markers: session.markers.length };
});
