// Acceptance: same-origin fetch/XHR carry traceparent and baggage with session.id (existing
// baggage entries and traceparent survive), cross-origin requests get no headers unless configured,
// and the service finds the session by the trace ID.
import { check, customEvents, pageHtml, runBrowserTest, waitFor } from './lib/harness.mjs';

const TP = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

runBrowserTest('propagation', async ({ service, app, newPage, api }) => {
  const find = (port, path) => app.requests.filter((r) => r.port === port && r.path === path && r.method !== 'OPTIONS').pop();
  const port = (origin) => Number(new URL(origin).port);
  app.page('default', pageHtml({ endpoint: service.url, key: service.key }, '<p>propagation</p>'));
  const page = await newPage();
  await page.goto(`${app.origin}/page/default`);
  const sessionId = await page.evaluate(() => Replaylink.getSessionId());
  check(sessionId, 'no session ID');
  const appTraceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  await page.evaluate(async ({ cross, appTraceparent }) => {
    await fetch('/api/plain');
    await fetch('/api/with-baggage', { headers: { baggage: 'tenant=acme,plan=gold;p=1' } });
    await fetch(new Request('/api/request-object', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain', traceparent: appTraceparent } }));
    await new Promise((resolve) => {
      const x = new XMLHttpRequest();
      x.open('GET', '/api/xhr');
      x.setRequestHeader('baggage', 'userId=42');
      x.onloadend = resolve;
      x.send();
    });
    await fetch(`${cross}/api/cross`);
  }, { cross: app.crossOrigin, appTraceparent });

  const plain = find(port(app.origin), '/api/plain');
  check(plain, 'backend did not see /api/plain');
  const m = TP.exec(plain.headers.traceparent || '');
  check(m, `same-origin fetch has no valid traceparent: ${plain.headers.traceparent}`);
  check(plain.headers.baggage === `session.id=${sessionId}`, `same-origin baggage is ${plain.headers.baggage}`);
  const traceId = m[1];

  const withBaggage = find(port(app.origin), '/api/with-baggage');
  const entries = (withBaggage.headers.baggage || '').split(',').map((s) => s.trim());
  check(entries.includes('tenant=acme') && entries.includes('plan=gold;p=1') && entries.includes(`session.id=${sessionId}`), `existing baggage not kept: ${withBaggage.headers.baggage}`);

  const req = find(port(app.origin), '/api/request-object');
  check(req.headers.traceparent === appTraceparent, `app traceparent replaced: ${req.headers.traceparent}`);
  check((req.headers.baggage || '').includes(`session.id=${sessionId}`), 'Request object without baggage');

  const xhr = find(port(app.origin), '/api/xhr');
  const xhrBaggage = (xhr.headers.baggage || '').split(',').map((s) => s.trim());
  check(TP.test(xhr.headers.traceparent || '') && xhrBaggage.includes('userId=42') && xhrBaggage.includes(`session.id=${sessionId}`), `XHR headers: ${JSON.stringify(xhr.headers)}`);

  const cross = find(port(app.crossOrigin), '/api/cross');
  check(cross, 'cross-origin request did not arrive (the app request was broken)');
  check(!cross.headers.traceparent && !cross.headers.baggage, `cross-origin request got headers: ${JSON.stringify(cross.headers)}`);
  check(!app.requests.some((r) => r.port === port(app.crossOrigin) && r.method === 'OPTIONS'), 'cross-origin request caused a CORS preflight');

  // configured target: the cross-origin backend allows the headers (CORS) and receives them
  app.page('targets', pageHtml({ endpoint: service.url, key: service.key, tracePropagationTargets: [app.crossOrigin] }, '<p>targets</p>'));
  const page2 = await newPage();
  await page2.goto(`${app.origin}/page/targets`);
  const session2 = await page2.evaluate(() => Replaylink.getSessionId());
  await page2.evaluate((c) => fetch(`${c}/api/cross-configured`).then((r) => r.status), app.crossOrigin);
  const configured = find(port(app.crossOrigin), '/api/cross-configured');
  check(configured && TP.test(configured.headers.traceparent || '') && configured.headers.baggage === `session.id=${session2}`, `configured cross-origin target lacks headers: ${configured && JSON.stringify(configured.headers)}`);

  check(await page.evaluate(() => Replaylink.flush()), 'flush failed');
  const found = await waitFor(`session by trace ID ${traceId}`, async () => {
    const r = await api(`/api/v1/sessions?traceId=${traceId}`);
    return r && r.sessions.find((s) => s.sessionId === sessionId);
  });
  check(found.matches && found.matches.some((x) => x.traceId === traceId), `no match entry for ${traceId}: ${JSON.stringify(found)}`);
  const events = (await api(`/api/v1/sessions/${sessionId}/events`)).events;
  const net = customEvents(events, 'network').find((e) => e.data.payload.traceId === traceId);
  check(net && net.data.payload.status === 200 && net.data.payload.method === 'GET', `network event: ${JSON.stringify(net)}`);
  const crossNet = customEvents(events, 'network').find((e) => e.data.payload.url.endsWith('/api/cross'));
  check(crossNet && !crossNet.data.payload.traceId, 'cross-origin network event should be recorded without a trace ID');
  return { sessionId, traceId };
});
